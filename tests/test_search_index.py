"""What the build sends to Pagefind: only the part of a page it indexes, for the same index."""

from __future__ import annotations

import gzip
import itertools
import time
from pathlib import Path

from conftest import REPO
from offer import build as build_module, search_index, settings, stable_index
from offer.search_index import SearchIndexer, SearchProcess, searchable_part


def searchable_pages(site: Path) -> list[tuple[str, str]]:
    pages = []
    for path in sorted(site.rglob("*.html")):
        html = path.read_text(encoding="utf-8")
        if "data-pagefind-body" in html:
            pages.append((path.relative_to(site).as_posix(), html))
    return pages


def test_the_searchable_part_keeps_the_head_and_the_indexed_body_only(real_site):
    html = (real_site / "case-studies" / "stories-of-place" / "index.html").read_text(encoding="utf-8")
    part = searchable_part(html)
    assert part.startswith(html[: html.index("</head>")])  # language, title, meta and filter tags
    body = html[html.index("<div data-pagefind-body>"): html.rindex("</article>")]
    assert body in part and part.endswith(body + "</body></html>")
    assert 'class="md-header' not in part and 'class="md-footer' not in part and "md-nav" not in part
    assert len(part) < len(html) / 2


def test_a_page_without_an_indexed_body_is_sent_whole():
    html = "<!doctype html><html lang=en><head><title>x</title></head><body><p>text</p></body></html>"
    assert searchable_part(html) == html


def index(pages: list[tuple[str, str]], out: Path, indexer_type=SearchIndexer) -> dict[str, bytes]:
    """Pagefind's bundle for pages: each file's bytes, decompressed."""
    indexer = indexer_type()
    for path, html in pages:
        indexer.add(html, path)
    indexer.finish(out)
    return {p.relative_to(out).as_posix(): gzip.decompress(p.read_bytes()) for p in out.rglob("*")
            if p.is_file() and p.suffix.startswith(".pf_")}


def test_the_search_process_writes_the_same_bundle_as_indexing_in_this_process(real_site, tmp_path):
    """The build indexes in a child process (SearchProcess), so its threads never hold up MkDocs' thread."""
    pages = searchable_pages(real_site)
    here = index(pages, tmp_path / "here")
    child = index(pages, tmp_path / "child", SearchProcess)
    assert len(child) > len(pages) and child == here
    assert sorted(p.name for p in (tmp_path / "child").iterdir()) == sorted(p.name for p in (tmp_path / "here").iterdir())


def test_the_search_process_writes_the_bundle_while_the_build_goes_on(real_site, tmp_path):
    """Asked for the bundle after the last searchable page, the child writes it before the build's end asks again."""
    indexer = SearchProcess()
    for path, html in searchable_pages(real_site):
        indexer.add(html, path)
    indexer.start_writing(tmp_path)
    deadline = time.monotonic() + 60
    while not (tmp_path / "pagefind-entry.json").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    written = (tmp_path / "pagefind-entry.json").exists()
    indexer.finish(tmp_path)
    assert written, "the request to write sat unsent until the build's end"


def test_the_search_process_says_what_went_wrong_in_one_line(real_site, tmp_path):
    blocked = tmp_path / "pagefind"
    blocked.write_text("a file where the bundle's folder should be")
    indexer = SearchProcess()
    for path, html in searchable_pages(real_site)[:3]:
        indexer.add(html, path)
    indexer.start_writing(blocked)
    try:
        indexer.add("<p>late</p>", "late/index.html")
        raise AssertionError("a page added after the bundle was asked for must not be lost silently")
    except search_index.SearchIndexError as exc:
        assert "late/index.html" in str(exc)
    try:
        indexer.finish(blocked)
        raise AssertionError("a bundle that could not be written must stop the build")
    except search_index.SearchIndexError as exc:
        assert str(blocked) in str(exc) and "\n" not in str(exc) and "Traceback" not in str(exc)


def test_a_search_process_that_dies_stops_the_build_with_one_line(tmp_path, monkeypatch):
    monkeypatch.setattr(search_index.sys, "executable", "/bin/false")  # a child that exits at once, saying nothing
    indexer = SearchProcess()
    time.sleep(0.5)  # it has exited before the first page is sent
    try:
        indexer.add("<p>text</p>", "page/index.html")
        indexer.finish(tmp_path)
        raise AssertionError("a search process that died must stop the build")
    except search_index.SearchIndexError as exc:
        assert str(exc) == "the search process stopped: exit code 1"


def test_a_search_process_that_dies_before_the_last_page_stops_the_build_with_one_line(tmp_path, monkeypatch):
    """The request to write the bundle goes out as MkDocs writes the last searchable page (Build.written)."""
    site = build_module.Build.load(REPO, REPO / "docs", settings.read({}))
    page = build_module.PageRef("about.md", "about/index.html", REPO / "docs" / "about.md")
    site.last_searchable = page.src_uri
    monkeypatch.setattr(search_index.sys, "executable", "/bin/false")
    site.indexer = SearchProcess()
    time.sleep(0.5)  # it has exited before the page is written
    try:
        site.written(page, "<!doctype html><html lang=en><head><title>About</title></head><body></body></html>", False, tmp_path)
        raise AssertionError("a search process that died must stop the build")
    except build_module.BuildStopped as exc:
        assert str(exc) == "Pagefind could not index the site: the search process stopped: exit code 1"


def test_pagefind_builds_the_same_index_from_the_searchable_part_as_from_whole_pages(real_site, tmp_path, monkeypatch):
    pages = searchable_pages(real_site)
    assert len(pages) > 20
    parts = index(pages, tmp_path / "parts")
    monkeypatch.setattr(search_index, "searchable_part", lambda html: html)
    whole = index(pages, tmp_path / "whole")
    # Fragments (each result's text, title, address and details) and word index chunks are named by their content
    named = [name for name in whole if name.startswith(("fragment/", "index/"))]
    assert len(named) > len(pages)
    assert {name: whole[name] for name in named} == {name: parts[name] for name in named if name in parts}
    # filters and page metadata number the pages in the order Pagefind took them in, so compare their size only
    rest = sorted(len(data) for name, data in whole.items() if name not in named)
    assert rest == sorted(len(data) for name, data in parts.items() if not name.startswith(("fragment/", "index/")))


def test_the_index_is_written_while_the_build_goes_on_and_a_late_page_is_an_error(real_site, tmp_path):
    pages = searchable_pages(real_site)
    indexer = SearchIndexer()
    for path, html in pages[:-1]:
        indexer.add(html, path)
    indexer.start_writing(tmp_path)  # the build carries on with its listings meanwhile
    try:
        indexer.add(pages[-1][1], pages[-1][0])
        raise AssertionError("a page added after the index was asked for must not be lost silently")
    except search_index.SearchIndexError as exc:
        assert pages[-1][0] in str(exc)
    indexer.finish(tmp_path)
    assert (tmp_path / "pagefind-entry.json").is_file() and any((tmp_path / "fragment").iterdir())


def words(bundle: dict[str, bytes]) -> dict[str, list]:
    """Each indexed word with the pages (by their fragment, not their number: that follows the order of adding) it is on."""
    meta = next(data for name, data in bundle.items() if name.endswith(".pf_meta"))
    pages = [fragment for fragment, _ in stable_index._decode(meta, len(stable_index.SIGNATURE))[0][1]]
    found = {}
    for name, data in bundle.items():
        if name.endswith(".pf_index"):
            for word, postings, *_ in stable_index._decode(data, len(stable_index.SIGNATURE))[0][0]:
                numbers = itertools.accumulate(delta for delta, *_ in postings)  # page numbers are stored as steps
                found[word] = sorted([pages[n], *rest] for n, (_, *rest) in zip(numbers, postings))
    return found


def test_pages_indexed_as_the_build_reads_them_give_the_index_the_written_pages_give(real_site, tmp_path):
    """Generated pages go to Pagefind before MkDocs writes them (search_index.searchable_document): same index."""
    built = {p.relative_to(real_site / "pagefind").as_posix(): gzip.decompress(p.read_bytes())
             for p in (real_site / "pagefind").rglob("*") if p.is_file() and p.suffix.startswith(".pf_")}
    written = index(searchable_pages(real_site), tmp_path / "written")
    fragments = sorted(name for name in written if name.startswith("fragment/"))  # each result's text, title, filters: named by content
    assert len(fragments) > 20 and fragments == sorted(name for name in built if name.startswith("fragment/"))
    assert len(words(written)) > 500 and words(written) == words(built)
    # filters number pages in the order Pagefind took them in: compare their size
    filters = sorted(len(data) for name, data in written.items() if name.startswith("filter/"))
    assert filters == sorted(len(data) for name, data in built.items() if name.startswith("filter/"))


def test_no_result_shows_the_pilcrow_beside_a_heading(real_site):
    """The "¶" links beside headings are left out by Pagefind's own setting (search_index.NOT_INDEXED), not by editing pages."""
    fragments = [gzip.decompress(p.read_bytes()).decode("utf-8", "replace") for p in (real_site / "pagefind" / "fragment").iterdir()]
    assert len(fragments) > 20
    assert [f[:80] for f in fragments if "¶" in f] == []
    assert 'class="headerlink" href=' in (real_site / "about" / "index.html").read_text(encoding="utf-8")

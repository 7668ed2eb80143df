"""What the build sends to Pagefind: only the part of a page it indexes, for the same index."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from offer import search_index
from offer.search_index import SearchIndexer, searchable_part


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


def index(pages: list[tuple[str, str]], out: Path) -> dict[str, bytes]:
    """Pagefind's bundle for pages: each file's bytes, decompressed."""
    indexer = SearchIndexer()
    for path, html in pages:
        indexer.add(html, path)
    indexer.finish(out)
    return {p.relative_to(out).as_posix(): gzip.decompress(p.read_bytes()) for p in out.rglob("*")
            if p.is_file() and p.suffix.startswith(".pf_")}


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


def test_the_build_writes_every_searchable_page_before_the_listings(real_site):
    """So hooks start the index once the last searchable page is in (sitemap.xml follows MkDocs' order of pages)."""
    addresses = re.findall(r"<loc>https?://[^/<]+/([^<]*)</loc>", (real_site / "sitemap.xml").read_text(encoding="utf-8"))
    searchable = {path.removesuffix("index.html") for path, _ in searchable_pages(real_site)}
    generated = [a for a in addresses if a.startswith(("case-studies/", "themes/", "localities/", "principles/"))]
    kinds = ["searchable" if a in searchable else "listing" for a in generated]
    assert "listing" in kinds and kinds == sorted(kinds, reverse=True)

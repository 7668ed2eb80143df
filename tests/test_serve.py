"""`mkdocs serve` as `make serve` runs it: directory URLs, and live reload of an edited story."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
import urllib.request

import pytest

import preview_screenshots
from conftest import SCREENSHOTS, add_story, axe_violations, build_env, story_text


@pytest.fixture
def served(site):
    add_story(site, "a-story", story_text(title="The first headline", status="draft"))
    port = preview_screenshots.free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dirty", "--no-strict", "--livereload", "--dev-addr", f"127.0.0.1:{port}", "-f", str(site.root / "mkdocs.yml")],
        cwd=site.root, env=build_env("preview"), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.3)
    yield site, url
    server.terminate()
    server.wait(timeout=20)


def test_serve_shows_drafts_at_directory_urls(served):
    _, url = served
    html = urllib.request.urlopen(url + "case-studies/a-story/", timeout=10).read().decode()
    assert "The first headline" in html and "offer-banner--draft" in html
    assert 'name="robots" content="noindex' in html


def test_an_edited_story_reloads_in_the_open_browser(served, browser):
    site, url = served
    page = browser.new_page()
    page.goto(url + "case-studies/a-story/")
    assert page.locator("h1").first.inner_text() == "The first headline"
    add_story(site, "a-story", story_text(title="The edited headline", status="draft"))
    page.wait_for_function("document.querySelector('h1')?.textContent === 'The edited headline'", timeout=30_000)
    page.close()


def test_the_page_of_a_storys_problems_is_valid_html(served, tmp_path, nu_errors):
    site, url = served
    add_story(site, "a-story", story_text(title="A headline: with a colon", status="draft"))
    deadline, html = time.monotonic() + 30, ""
    while "problem to fix" not in html and time.monotonic() < deadline:
        time.sleep(0.5)
        html = urllib.request.urlopen(url + "case-studies/a-story/", timeout=10).read().decode()
    assert "This story has 1 problem to fix" in html
    (tmp_path / "problems.html").write_text(html, encoding="utf-8")
    assert nu_errors([tmp_path / "problems.html"]) == []


def test_a_story_with_problems_shows_them_in_the_open_browser_until_it_is_fixed(served, browser):
    site, url = served
    page = browser.new_page()
    page.goto(url + "case-studies/a-story/")
    add_story(site, "a-story", story_text(title="A headline: with a colon", status="draft"))
    page.wait_for_function("document.querySelector('h1')?.textContent === 'This story has 1 problem to fix'", timeout=30_000)
    assert "Line 2, front matter: a value contains a colon followed by a space" in page.locator(".offer-problems").inner_text()
    assert axe_violations(page) == []
    page.screenshot(path=str(SCREENSHOTS / "serve-story-problems.png"), full_page=True)
    add_story(site, "a-story", story_text(themes='["<img src=x onerror=alert(1)>"]', status="draft"))  # quoted back in the message
    page.wait_for_function("document.querySelector('.offer-problems')?.textContent.includes('onerror')", timeout=30_000)
    assert page.locator(".offer-problems img").count() == 0  # shown as text, never run
    add_story(site, "a-story", story_text(title="The fixed headline", status="draft"))
    page.wait_for_function("document.querySelector('h1')?.textContent === 'The fixed headline'", timeout=30_000)
    page.close()


# ---------------------------------------------------------------------------
# `mkdocs serve --dirty` rebuilds only what a story change touches, and the result is a full build's
# ---------------------------------------------------------------------------

# MkDocs' own build, as `mkdocs serve --dirty` calls it, in one process so the hooks remember
# the build before; then a clean build of the same content. Prints whether an unrelated story's
# page and picture kept their mtimes between the two serve builds (left alone, not written again).
_SERVE_THEN_BUILD = """
import os, sys
from pathlib import Path
from mkdocs.commands.build import build
from mkdocs.config import load_config

root, edit_to = Path(sys.argv[1]), sys.argv[2]
config = lambda site: load_config(str(root / "mkdocs.yml"), site_dir=str(root / site), strict=False, site_url="http://127.0.0.1:8000/")
first = config("served")
first.plugins.on_startup(command="serve", dirty=True)
build(first, dirty=True, serve_url="http://127.0.0.1:8000/")
untouched = [root / "served" / "case-studies" / "untouched" / name for name in ("index.html", "card.png")]
untouched.append(root / "served" / "case-studies" / "images" / "garden.jpg")
before = [path.stat().st_ctime_ns for path in untouched]  # ctime: a share card put back by a new link keeps its mtime
story = root / "case_studies" / "edited.md"
story.write_text(story.read_text().replace("title: Volunteers deliver food in Aberfeldy", "title: " + edit_to))
os.utime(story, ns=(max(before) + 10**9, max(before) + 10**9))  # later than the first build, whatever the clock's grain
build(config("served"), dirty=True, serve_url="http://127.0.0.1:8000/")
print(before == [path.stat().st_ctime_ns for path in untouched])
clean = config("clean")
clean.plugins.on_startup(command="build", dirty=False)
build(clean)
"""


def test_a_dirty_rebuild_after_a_story_edit_matches_a_clean_build(site):
    from PIL import Image

    add_story(site, "edited")  # shares every term with the others, so it is in their related stories
    add_story(site, "untouched", story_text(title="A story about something else", date="2019-03-01", image="{src: images/garden.jpg, alt: A garden}",
                                            themes="[economy]", localities="[perth-city]", principles="[partnership-collaboration]"))
    (site.content_dir / "images").mkdir()
    Image.new("RGB", (8, 8), "green").save(site.content_dir / "images" / "garden.jpg")
    for n in range(3):
        add_story(site, f"neighbour-{n}", story_text(title=f"Neighbour number {n}", date=f"2020-0{n + 2}-01"))
    result = subprocess.run([sys.executable, "-c", _SERVE_THEN_BUILD, str(site.root), "A renamed headline"],
                            cwd=site.root, env=build_env("preview", {"OFFER_SEARCH": "off"}), capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "True"  # the unrelated story's page, share card and picture were not written again
    served, clean = site.root / "served", site.root / "clean"
    files = sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())  # pages, feeds, open data, sitemap
    assert sorted(p.relative_to(served) for p in served.rglob("*") if p.is_file()) == files
    without_policy = lambda path: re.sub(rb'<meta http-equiv="Content-Security-Policy" [^>]*>', b"", path.read_bytes())
    # serve leaves the site's policy out; the story editor (admin/) keeps its own, which stops the live reload mid-edit
    differing = [str(p) for p in files if without_policy(served / p) != without_policy(clean / p)]
    assert differing == []
    assert "A renamed headline" in (served / "index.html").read_text()  # the home page's recent stories follow
    assert "A renamed headline" in (served / "case-studies" / "neighbour-0" / "index.html").read_text()  # and related stories


# ---------------------------------------------------------------------------
# Between saves, `mkdocs serve` reuses what has not changed, and sees a save at once
# ---------------------------------------------------------------------------

def _resave(path, pattern: str, replacement: str) -> None:
    """Change the first match of `pattern` in the file, and make its time later than the last load's."""
    text, mtime = path.read_text(encoding="utf-8"), path.stat().st_mtime_ns
    changed = re.sub(pattern, replacement, text, count=1, flags=re.MULTILINE)
    assert changed != text, pattern
    path.write_text(changed, encoding="utf-8")
    os.utime(path, ns=(mtime + 10**9, mtime + 10**9))  # whatever the clock's grain


def test_pages_made_with_a_memo_are_the_pages_made_afresh_after_every_kind_of_edit(tmp_path):
    """Stories near each other in a term's list share related stories, so one edit reaches many pages."""
    import corpus
    from offer import render
    from offer.memo import PageMemo
    from offer.content import Project, load_content
    from offer.memo import FileMemo as Memo

    corpus.write_corpus(tmp_path, 200, seed=3)
    project = Project.at(tmp_path, tmp_path / "docs")
    folder = tmp_path / "case_studies"
    stories = sorted(folder.glob("*.md"))
    content_memo, page_memo = Memo(), PageMemo()

    def pages_both_ways() -> dict:
        remembered = render.all_pages(load_content(project, memo=content_memo).library("preview"), memo=page_memo)
        fresh = render.all_pages(load_content(project).library("preview"))
        assert [p.src_uri for p in remembered] == [p.src_uri for p in fresh]
        assert [p.src_uri for p, q in zip(remembered, fresh) if p != q] == []
        return {p.src_uri: p for p in remembered}

    first = pages_both_ways()
    story_pages = [uri for uri, page in first.items() if page.meta.get("offer_story")]
    again = pages_both_ways()
    assert all(again[uri] is first[uri] for uri in story_pages)  # nothing changed: no story page made again
    _resave(stories[5], "^title: ", "title: A new headline for ")  # its cards, and its neighbours' related stories
    after = pages_both_ways()
    assert sum(after[uri] is first[uri] for uri in story_pages) > len(story_pages) / 2  # most are not made again
    no_economy = next(p for p in stories[12:] if "- economy\n" not in p.read_text(encoding="utf-8"))
    for path, pattern, replacement in [
        (stories[6], "^date: .*$", "date: 2018-01-01"),  # moves to the end of every list it is in
        (no_economy, "^themes:\n", "themes:\n- economy\n"),  # joins another term's list
        (stories[7], "^status: published", "status: withdrawn"),  # leaves the edition
        (stories[8], "^status: published", "status: draft"),
        (stories[9], "^featured: false", "featured: true"),
        (folder / "taxonomy.yml", "label: Economy$", "label: The economy"),  # every page starts afresh
    ]:
        _resave(path, pattern, replacement)
        pages_both_ways()
    stories[10].unlink()  # a story removed, and one added
    (folder / "a-new-story.md").write_text(stories[11].read_text(encoding="utf-8"), encoding="utf-8")
    pages_both_ways()


def test_templates_are_compiled_once_while_serving_and_again_when_changed():
    import jinja2

    from compiled_templates import CompiledTemplates

    sources, cache = {"page.html": "First {{ n }}"}, CompiledTemplates()

    def render(compile_allowed: bool = True) -> str:
        env = jinja2.Environment(loader=jinja2.DictLoader(sources), bytecode_cache=cache)  # a new one each build
        if not compile_allowed:
            env.compile = lambda *args, **kwargs: pytest.fail("compiled again")
        return env.get_template("page.html").render(n=1)

    assert render() == "First 1"
    assert render(compile_allowed=False) == "First 1"
    sources["page.html"] = "Second {{ n }}"
    assert render() == "Second 1"

"""Real `mkdocs build --strict` runs on small fixture sites and on the real content."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from html.parser import HTMLParser
from urllib.parse import unquote, urlsplit

import pytest

from conftest import REPO, VALID_STORY, add_edition_corpus, add_story, build, build_command, build_env, built_page, check, site_text, story_text
from offer import old_site, settings
from offer.build import Build


# --- editions ------------------------------------------------------------------

def test_public_edition_leaves_out_drafts_staff_and_withdrawn_stories(site):
    add_edition_corpus(site)
    build(site, "public")
    text = site_text(site)
    for secret in ["Zanzibar", "Quillfeather", "secret-draft", "Marmalade", "Wobblecrank", "staff-only-story", "Hollowbrook", "Pennywhistle"]:
        # (gone-story's own address keeps a "withdrawn" notice, so only its text is checked)
        assert secret not in text, secret
    assert "Volunteers deliver food in Aberfeldy" in built_page(site, "case-studies/open-story")


def test_a_withdrawn_story_address_shows_a_notice_not_a_404(site):
    add_edition_corpus(site)
    build(site, "public")
    notice = built_page(site, "case-studies/gone-story")
    assert "This story has been withdrawn" in notice
    assert "Hollowbrook" not in notice and "Pennywhistle" not in notice
    assert 'name="robots" content="noindex' in notice
    sitemap = (site.root / "site" / "sitemap.xml").read_text()
    assert "case-studies/open-story/" in sitemap and "gone-story" not in sitemap


def test_preview_edition_shows_drafts_with_a_banner(site):
    add_edition_corpus(site)
    build(site, "preview")
    draft = built_page(site, "case-studies/secret-draft")
    assert "Quillfeather draft body text" in draft
    assert 'class="offer-banner offer-banner--draft"' in draft
    assert "secret-draft" in built_page(site, "themes/equalities-empowerment-fairness")
    assert "Pennywhistle" not in site_text(site)


def test_staff_edition_adds_staff_stories_but_not_drafts(site):
    add_edition_corpus(site)
    build(site, "staff")
    assert "Wobblecrank staff body text" in built_page(site, "case-studies/staff-only-story")
    assert "Quillfeather" not in site_text(site)


def test_an_unknown_edition_stops_the_build(site):
    result = build(site, "everything", fails=True)
    assert "OFFER_EDITION is 'everything'; use one of: public, staff, preview, pull-request" in result.stderr


# --- generated pages -------------------------------------------------------------

def test_term_pages_list_their_stories_newest_first(site):
    add_story(site, "older", story_text(title="The older story", date="2020-01-01"))
    add_story(site, "newer", story_text(title="The newer story", date="2021-01-01"))
    add_story(site, "other-theme", story_text(title="An economy story", themes="[economy]"))
    build(site)
    html = built_page(site, "themes/equalities-empowerment-fairness")
    assert html.index("The newer story") < html.index("The older story")
    assert "An economy story" not in html
    assert '<p class="offer-count" data-pagefind-ignore>2 stories' in html
    assert "Making sure everyone can take part" in html  # the term's description from the taxonomy


def test_group_pages_list_every_term_with_its_count_even_when_empty(site):
    add_story(site, "one")
    build(site)
    html = built_page(site, "themes")
    for label in ["Equalities, empowerment and fairness", "Economy", "Education and learning", "Environment", "Enabling (working smarter)"]:
        assert label in html
    assert re.search(r"Economy</a> <span class=\"offer-term__count\">0 stories", html)


def test_area_wide_stories_are_not_copied_onto_the_area_pages(site):
    add_story(site, "everywhere", story_text(title="An area-wide story", localities="[perth-and-kinross-wide]"))
    build(site)
    assert "An area-wide story" in built_page(site, "localities/perth-and-kinross-wide")
    for area in ["perth-city", "highland-perthshire", "eastern-perthshire", "strathearn-strathallan", "kinross-shire-almond-earn"]:
        assert "An area-wide story" not in built_page(site, f"localities/{area}")


def test_locality_pages_name_their_towns_and_villages(site):
    build(site)
    assert "Pitlochry" in built_page(site, "localities/highland-perthshire")


def test_long_listings_are_paginated(site):
    for n in range(55):
        add_story(site, f"story-{n:02d}", story_text(title=f"Numbered story {n:02d}", date=f"2020-01-{n % 28 + 1:02d}"))
    build(site)
    first, second = built_page(site, "themes/equalities-empowerment-fairness"), built_page(site, "themes/equalities-empowerment-fairness/page/2")
    assert first.count('class="offer-card"') == 50 and second.count('class="offer-card"') == 5
    assert 'rel="next" href="page/2/"' in first
    assert 'rel="prev" href="../../"' in second
    assert built_page(site, "case-studies/page/2").count('class="offer-card"') == 5


def test_story_page_has_a_metadata_panel_linking_its_terms(site):
    add_story(site, "a-story", story_text(priorities="[reducing-poverty]"))
    build(site)
    html = built_page(site, "case-studies/a-story")
    assert '<a href="../../localities/highland-perthshire/">Highland Perthshire</a>' in html
    assert '<a href="../../priorities/reducing-poverty/">Reducing poverty</a>' in html
    assert '<time datetime="2020-06-01">1 June 2020</time>' in html


def test_a_new_term_in_the_taxonomy_gets_its_page_without_code_changes(site):
    taxonomy = site.content_dir / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace(
        "  localities:\n",
        "      - slug: culture-heritage\n        label: Culture and heritage\n"
        "        description: Museums, libraries and the arts.\n\n  localities:\n", 1))
    add_story(site, "a-story", story_text(themes="[culture-heritage]"))
    build(site)
    assert "Museums, libraries and the arts." in built_page(site, "themes/culture-heritage")
    assert "Volunteers deliver food" in built_page(site, "themes/culture-heritage")


def test_front_matter_text_is_escaped_everywhere(site):
    add_story(site, "hostile", story_text(title='"Evil <script>alert(1)</script> story"',
                                          summary='"A summary with <img src=x onerror=alert(1)> in it, long enough."'))
    build(site)
    for path in (site.root / "site").rglob("*.html"):
        html = path.read_text()
        assert "<script>alert(1)" not in html and "<img src=x" not in html, path
    assert "&lt;script&gt;alert(1)" in built_page(site, "case-studies/hostile")


# --- problems stop the build --------------------------------------------------------

def test_bad_content_stops_the_build_with_the_checks_messages(site):
    add_story(site, "broken", story_text(date="2025-13-01", localities="[Pitlochry]"))
    result = build(site, fails=True)
    assert "case_studies/broken.md:4: date: 2025-13-01 is not a real date" in result.stderr
    assert 'case_studies/broken.md:7: localities: "Pitlochry" is not a locality' in result.stderr
    assert "2 problems in the content" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_warning_does_not_fail_a_strict_build(site):
    add_story(site, "old-consent", VALID_STORY.replace(
        "consent:\n  basis: published-papers\n",
        "consent:\n  basis: register\n  reference: CR-2019-0001\n  scope: public\n  review_by: 2020-01-01\n"))
    result = build(site)
    assert "consent.review_by: warning: consent was due for review" in result.stderr


def test_the_home_page_markers_are_filled(site):
    add_story(site, "a-story")
    build(site)
    assert 'href="case-studies/a-story/"' in built_page(site, "")


# --- cost stays linear ---------------------------------------------------------------

def test_story_pages_do_not_grow_with_the_library(site):
    add_story(site, "watched")
    for n in range(5):
        add_story(site, f"filler-{n:02d}", story_text(title=f"Filler story {n:02d}"))
    build(site)
    small = len(built_page(site, "case-studies/watched"))
    for n in range(5, 60):
        add_story(site, f"filler-{n:02d}", story_text(title=f"Filler story {n:02d}"))
    build(site)
    html = built_page(site, "case-studies/watched")
    assert len(html) == small  # fillers' titles are all the same length, so only growth would show
    assert html.count('class="offer-card"') == 3  # related stories are capped, never a list of the library


# --- the real content ------------------------------------------------------------------

class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links: list[str] = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value:
                self.links.append(value)


def test_the_last_site_is_moved_aside_at_once_and_deleted_by_another_process(tmp_path):
    site = tmp_path / "site"
    (site / "case-studies" / "a-story").mkdir(parents=True)
    (site / "case-studies" / "a-story" / "index.html").write_text("last build")
    (site / "404.html").write_text("last build")
    (site / ".git").mkdir()  # a deploy's: MkDocs' own clean keeps hidden entries, and so do we
    deleting = old_site.clear_in_background(site)
    assert sorted(p.name for p in site.iterdir() if not p.name.startswith(old_site.PREFIX)) == [".git"]  # nothing left for MkDocs
    assert deleting.wait() == 0
    assert [p.name for p in site.iterdir()] == [".git"]
    assert old_site.clear_in_background(tmp_path / "never-built") is None


def add_empty_files(folder, count: int) -> None:
    """`count` empty files in folders of 100 under `folder`: an old site that takes a while to delete."""
    for number in range(count):
        if number % 100 == 0:
            (folder / str(number // 100)).mkdir(parents=True)
        (folder / str(number // 100) / str(number % 100)).touch()


@pytest.mark.parametrize("ending", ["finish", "stop"])
def test_a_build_ends_only_once_the_last_site_is_deleted(tmp_path, ending):
    """The deleting process needs longer for 10,000 files than `finish` takes, and longer to start than `stop`:
    had the build not waited for it, some of the old site would still be there."""
    site_dir = tmp_path / "site"
    add_empty_files(site_dir / "old", 100 * 100)
    one_build = Build.load(REPO, REPO / "docs", settings.read({}))
    one_build.clear_old_site(site_dir)
    if ending == "finish":
        one_build.finish(site_dir, "Library", "https://example.org/", "", REPO / "node_modules")
    else:
        one_build.stop()
    assert not list(site_dir.glob(old_site.PREFIX + "*"))


def test_ctrl_c_during_a_build_stops_the_build_but_not_the_old_sites_deletion(site):
    last = site.root / "site"
    add_empty_files(last / "old", 100 * 300)  # enough that the deletion is still going when Ctrl-C comes
    with subprocess.Popen(build_command(site.root), cwd=site.root, env=build_env(), stderr=subprocess.PIPE, text=True, start_new_session=True) as running:
        said = ""
        for line in running.stderr:
            said += line
            if "Cleaning site directory" in line:  # just after on_pre_build has started the deletion
                break
        os.killpg(running.pid, signal.SIGINT)  # what Ctrl-C in a terminal does: the signal goes to the whole group
        said += running.stderr.read()
    assert running.returncode != 0 and "KeyboardInterrupt" not in said, said
    deadline = time.monotonic() + 30
    while list(last.glob(old_site.PREFIX + "*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not list(last.glob(old_site.PREFIX + "*")), "a half-deleted old site was left in the site folder"


def test_a_build_leaves_nothing_of_the_last_site_but_its_hidden_files(site):
    build(site)
    last = site.root / "site"
    (last / "case-studies" / "a-deleted-story").mkdir()
    (last / "case-studies" / "a-deleted-story" / "index.html").write_text("last build")
    (last / ".git").mkdir()
    (last / ".git" / "HEAD").write_text("a deploy's")
    (last / f"{old_site.PREFIX}stopped").mkdir()  # what a build stopped half-way through clearing leaves
    (last / f"{old_site.PREFIX}stopped" / "index.html").write_text("older build")
    build(site)
    assert not (last / "case-studies" / "a-deleted-story").exists()
    assert (last / "case-studies" / "index.html").is_file()
    assert sorted(p.name for p in last.iterdir() if p.name.startswith(".")) == [".git"]
    assert (last / ".git" / "HEAD").read_text() == "a deploy's"


def test_the_real_content_builds_strictly(real_site):
    assert (real_site / "case-studies" / "index.html").is_file()
    assert list((real_site / "case-studies").glob("*/index.html"))


def test_every_internal_link_in_the_real_site_resolves(real_site):
    broken = []
    for html_file in real_site.rglob("*.html"):
        parser = _Links()
        parser.feed(html_file.read_text(encoding="utf-8"))
        for link in parser.links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or link.startswith(("#", "mailto:")):
                continue
            base = real_site if parts.path.startswith("/") else html_file.parent  # 404.html links from the root
            target = (base / unquote(parts.path).lstrip("/")).resolve()
            if target.is_dir():
                target = target / "index.html"
            if not target.exists():
                broken.append(f"{html_file.relative_to(real_site)} -> {link}")
    assert broken == []


def test_no_page_requests_google_fonts(real_site):
    for html_file in real_site.rglob("*.html"):
        assert "fonts.googleapis.com" not in html_file.read_text(encoding="utf-8")


# --- pictures and private content ---------------------------------------------------

def test_published_pictures_carry_no_location_or_camera_metadata(site):
    from PIL import Image

    (site.content_dir / "images").mkdir()
    exif = Image.Exif()
    exif[0x010F] = "SecretCamMaker"
    exif[0x8825] = {1: "N", 2: (56.0, 42.0, 1.0), 3: "W", 4: (3.0, 43.0, 2.0)}
    Image.new("RGB", (60, 40), "green").save(site.content_dir / "images" / "garden.jpg", exif=exif.tobytes())
    assert b"SecretCamMaker" in (site.content_dir / "images" / "garden.jpg").read_bytes()
    add_story(site, "a-story", VALID_STORY.replace("consent:", "image:\n  src: images/garden.jpg\n  alt: A green garden\nconsent:"))
    build(site)
    published = (site.root / "site" / "case-studies" / "images" / "garden.jpg").read_bytes()
    assert b"SecretCamMaker" not in published and b"Exif" not in published
    assert Image.open(site.root / "site" / "case-studies" / "images" / "garden.jpg").size == (60, 40)
    assert '<img src="../images/garden.jpg" alt="A green garden">' in built_page(site, "case-studies/a-story")


def test_staff_stories_can_live_in_a_second_content_folder(site, tmp_path, monkeypatch):
    private = tmp_path / "private-stories"
    private.mkdir()
    (private / "private-story.md").write_text(story_text(title="Kept outside the public repository", audience="staff"))
    monkeypatch.setenv("OFFER_EXTRA_CONTENT", str(private))
    build(site, "staff")
    assert "Kept outside the public repository" in built_page(site, "case-studies/private-story")
    build(site, "public")
    assert "Kept outside" not in site_text(site)


# --- renamed stories and edit links -------------------------------------------------------

def test_a_renamed_story_keeps_its_old_address_working(site):
    add_story(site, "new-name", story_text(old_slugs="[old-name]"))
    build(site)
    old = built_page(site, "case-studies/old-name")
    assert '<meta http-equiv="refresh" content="0; url=../new-name/">' in old
    assert '<a href="../new-name/">Volunteers deliver food in Aberfeldy</a>' in old
    assert "old-name" not in (site.root / "site" / "sitemap.xml").read_text()


def test_an_old_address_cannot_belong_to_two_stories(site):
    add_story(site, "first", story_text(old_slugs="[shared]"))
    add_story(site, "second", story_text(old_slugs="[first]"))
    result = build(site, fails=True)
    assert 'case_studies/second.md:1: old_slugs: "first" is the address of case_studies/first.md' in result.stderr


def test_edit_links_open_the_real_source_file(site, monkeypatch):
    monkeypatch.setenv("OFFER_EDIT_URL", "https://github.com/example/offer-library/edit/main/")
    add_story(site, "a-story")
    build(site)
    assert 'href="https://github.com/example/offer-library/edit/main/case_studies/a-story.md"' in built_page(site, "case-studies/a-story")
    assert 'href="https://github.com/example/offer-library/edit/main/docs/index.md"' in built_page(site, "")
    assert 'rel="edit"' not in built_page(site, "themes/economy")  # generated listings have no source to edit
    assert "api.github.com" not in built_page(site, "")


# --- feeds, schemas, search metadata, share tags --------------------------------------------

def test_feeds_list_the_newest_stories_with_escaped_text(site):
    import xml.etree.ElementTree as ET

    add_story(site, "older", story_text(title="The older story", date="2020-01-01"))
    add_story(site, "newer", story_text(title="Fish & <chips> story", date="2021-01-01"))
    build(site)
    atom = "{http://www.w3.org/2005/Atom}"
    for path in ["case-studies/feed.xml", "themes/equalities-empowerment-fairness/feed.xml", "localities/highland-perthshire/feed.xml"]:
        feed = ET.parse(site.root / "site" / path).getroot()
        titles = [e.find(atom + "title").text for e in feed.findall(atom + "entry")]
        assert titles == ["Fish & <chips> story", "The older story"], path
        assert feed.find(atom + "updated").text == "2021-01-01T00:00:00Z"
    assert ET.parse(site.root / "site" / "themes/economy/feed.xml").getroot().findall(atom + "entry") == []
    html = built_page(site, "themes/equalities-empowerment-fairness")
    assert '<link rel="alternate feed" type="application/atom+xml" href="feed.xml"' in html
    assert '<a href="feed.xml">Follow new stories (Atom feed)</a>' in html


def test_the_json_schemas_are_published_with_the_site(site):
    import json

    from offer.json_schema import story_schema

    build(site)
    published = json.loads((site.root / "site" / "schema" / "story.schema.json").read_text())
    assert published == story_schema(check(site).taxonomy)


def test_story_pages_carry_share_and_search_metadata(site):
    add_story(site, "a-story", story_text(priorities="[reducing-poverty]"))
    add_story(site, "neighbour", story_text(title="A neighbouring story"))
    build(site)
    html = built_page(site, "case-studies/a-story")
    assert '<meta property="og:title" content="Volunteers deliver food in Aberfeldy">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:url" content="http://127.0.0.1:8000/case-studies/a-story/">' in html
    assert '<link rel="canonical" href="http://127.0.0.1:8000/case-studies/a-story/">' in html
    assert '<meta property="offer:localities" data-pagefind-filter="localities[content]" content="highland-perthshire">' in html
    assert '<meta property="offer:type" data-pagefind-filter="type[content]" content="story">' in html
    assert '<meta property="offer:sort-date" data-pagefind-sort="date[content]" content="2020-06-01">' in html
    assert "<div data-pagefind-body>" in html
    assert "Related stories" in html and "A neighbouring story" in html
    assert "About this story" in html
    listing = built_page(site, "case-studies")
    assert "data-pagefind-body" not in listing  # listings stay out of search, so stories are found once
    assert (site.root / "site" / "pagefind" / "pagefind.js").is_file()


def test_the_404_page_offers_search_and_the_library(site):
    build(site)
    html = (site.root / "site" / "404.html").read_text()
    assert 'href="/case-studies/"' in html and 'href="/search/"' in html

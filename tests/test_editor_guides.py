"""The guides to the story editor (docs/contribute.md and CONTRIBUTING.md) say what is true.

The editor comes first, its address works in a real build, its pictures are there with alt
text and stay small, and the token the guides tell people to make has the permissions the
pinned editor's own sign-in box asks for.
"""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from conftest import REPO

PICTURE_LIMIT = 100_000  # bytes: a guide's picture loads quickly on a phone
GUIDES = {"docs/contribute.md": ("## Add a story with the story editor", "## Or: use GitHub's web editor"),
          "CONTRIBUTING.md": ("## Adding a story with the story editor", "## Adding a story in GitHub's web editor")}
TOKEN_PERMISSIONS = ("Contents: Read and write", "Pull requests: Read and write")
SIGN_IN_LOCALE = REPO / "node_modules" / "@sveltia" / "cms" / "locales" / "en-GB.json"


class _Links(HTMLParser):
    """Every link's href and every picture's src and alt, from a built page."""

    def __init__(self):
        super().__init__()
        self.hrefs: list[str] = []
        self.pictures: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "img":
            self.pictures.append((attrs.get("src", ""), attrs.get("alt")))


PREFIX = "/offer-library/"  # GitHub Pages serves a project's site below its name: a link must not climb out of it


def built_file(site: Path, page_url: str, link: str) -> Path:
    """The file a relative link on a built page leads to (a folder's index.html), with the site served below PREFIX."""
    target = urljoin(PREFIX + page_url.lstrip("/"), link).split("#")[0]
    assert target.startswith(PREFIX), f"{link} leaves the site"
    target = target.removeprefix(PREFIX)
    path = site / target
    return path / "index.html" if target.endswith("/") or path.is_dir() else path


@pytest.mark.parametrize("guide", GUIDES)
def test_each_guide_describes_the_editor_before_the_web_editor(guide):
    text = (REPO / guide).read_text(encoding="utf-8")
    editor, web_editor = GUIDES[guide]
    assert editor in text and web_editor in text, guide
    assert text.index(editor) < text.index(web_editor), f"{guide}: the editor comes first"


def test_the_contribute_page_links_to_the_editor_and_shows_its_pictures_in_a_real_build(real_site):
    page = real_site / "contribute" / "index.html"
    links = _Links()
    links.feed(page.read_text(encoding="utf-8"))
    editor_links = [href for href in links.hrefs if href.rstrip("/").endswith("admin")]
    assert editor_links, "the contribute page links to the editor"
    for href in editor_links:  # a plain HTML link, which MkDocs does not check
        assert built_file(real_site, "/contribute/", href) == real_site / "admin" / "index.html"
        assert (real_site / "admin" / "index.html").is_file(), "the build writes the editor's page"
    pictures = [(src, alt) for src, alt in links.pictures if "assets/editor/" in src]
    assert len(pictures) >= 3, "sign-in, the story list and a story's form"
    for src, alt in pictures:
        path = built_file(real_site, "/contribute/", src)
        assert path.is_file(), src
        assert path.stat().st_size < PICTURE_LIMIT, f"{src}: {path.stat().st_size} bytes"
        assert alt and len(alt) > 20, f"{src}: alt text says what the picture shows"


def test_contributing_shows_the_same_pictures_with_alt_text():
    text = (REPO / "CONTRIBUTING.md").read_text(encoding="utf-8")
    pictures = re.findall(r"!\[([^\]]*)\]\(([^)]+)\)", text)
    assert len(pictures) >= 3
    for alt, link in pictures:
        assert len(alt) > 20, f"{link}: alt text says what the picture shows"
        path = REPO / link
        assert path.is_file() and path.stat().st_size < PICTURE_LIMIT, link


@pytest.mark.parametrize("guide", GUIDES)
def test_the_token_the_guides_describe_has_what_the_pinned_editor_asks_for(guide):
    sign_in = json.loads(SIGN_IN_LOCALE.read_text(encoding="utf-8"))
    asked = sign_in["sign_in_using_access_token_description"] + " " + sign_in["sign_in_using_access_token_workflow_note"]
    # The editor's own words; if an upgrade asks for more, the guides' list must change with it.
    assert "read/write access to the repository content" in asked and "read/write access to pull requests" in asked, asked
    text = re.sub(r"\*\*|\s+", lambda m: "" if m.group() == "**" else " ", (REPO / guide).read_text(encoding="utf-8"))
    for permission in TOKEN_PERMISSIONS:
        assert permission in text, f"{guide} names {permission}"
    assert "Only select repositories" in text, f"{guide}: the token is for this repository only"

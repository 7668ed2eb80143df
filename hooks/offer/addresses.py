"""Addresses: where each generated page, picture and feed lives, and relative links between them.

Every URL the core writes is made here, so a page type's address is decided once.
"""

from __future__ import annotations

import posixpath

from .taxonomy import Group

LIBRARY = "case-studies"
LIBRARY_FEED = f"{LIBRARY}/feed.xml"
COVERAGE = "coverage/index.md"  # the "At a glance" page
SEARCH = "search.md"
CONTRIBUTE = "contribute/"  # a hand-written page (docs/contribute.md) that generated pages link to


def page_url(src_uri: str) -> str:
    """The site-relative URL MkDocs gives a page (directory URLs), e.g. "themes/economy/"."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"


def href(from_uri: str, to_url: str) -> str:
    """A relative link from the page at `from_uri` to a site-relative URL (as posixpath.relpath, faster)."""
    here = page_url(from_uri).split("/")[:-1]
    there = [part for part in to_url.split("/") if part]
    common = len(posixpath.commonprefix([here, there]))
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if to_url.endswith("/") or to_url == "" else rel


def story_uri(slug: str) -> str:
    return f"{LIBRARY}/{slug}.md"


def picture_uri(content_path: str) -> str:
    """Where a picture from a content folder is published, e.g. "case-studies/images/garden.jpg"."""
    return f"{LIBRARY}/{content_path}"


def term_uri(group: Group, slug: str, page: int = 1) -> str:
    return f"{group.path}/{slug}.md" if page == 1 else f"{group.path}/{slug}/page/{page}.md"


def group_uri(group: Group) -> str:
    """A paged group's overview page, e.g. "themes/index.md"."""
    return f"{group.path}/index.md"


def library_uri(page: int = 1) -> str:
    return f"{LIBRARY}/index.md" if page == 1 else f"{LIBRARY}/page/{page}.md"


def feed_uri(group: Group, slug: str) -> str:
    return f"{group.path}/{slug}/feed.xml"

"""The build stays linear: structural facts, not timings, so a quadratic change fails every time.

Two real builds of synthetic libraries (scripts/corpus.py) at 20 and 80 stories.
A build turns quadratic when every page carries something that grows with the
library (a navigation listing every story, an unpaginated list, related stories
without a cap): then a story page grows, or some page lists every story.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import corpus
from conftest import build

SMALL, LARGE = 20, 80
_STORY_LINK = re.compile(r'href="(?:\.\./)*(?:case-studies/)?([a-z0-9-]+)/"')


@pytest.fixture(scope="module")
def sites(tmp_path_factory) -> dict[int, Path]:
    built = {}
    for size in (SMALL, LARGE):
        root = tmp_path_factory.mktemp(f"corpus{size}")
        corpus.write_corpus(root, size, seed=7)
        build(root, env={"OFFER_SEARCH": "off"})
        built[size] = root / "site"
    return built


def story_slugs(site: Path) -> set[str]:
    return {p.parent.name for p in (site / "case-studies").glob("*/index.html") if p.parent.name != "page"}


def test_the_same_story_page_does_not_grow_with_the_library(sites):
    shared = sorted(story_slugs(sites[SMALL]) & story_slugs(sites[LARGE]))
    assert len(shared) >= SMALL * 0.8  # the larger corpus starts with the smaller one's stories
    for slug in shared[:5]:
        small = (sites[SMALL] / "case-studies" / slug / "index.html").read_text(encoding="utf-8")
        large = (sites[LARGE] / "case-studies" / slug / "index.html").read_text(encoding="utf-8")
        # related stories may change (their titles differ in length), but never their number, nor anything else
        assert len(large) <= len(small) * 1.05 + 500, slug
        assert large.count("<a ") <= small.count("<a ") + 3, slug
        assert large.count('class="offer-card"') <= 3


def test_no_page_lists_every_story(sites):
    site = sites[LARGE]
    stories = story_slugs(site)
    assert len(stories) > 60
    for page in site.rglob("*.html"):
        linked = set(_STORY_LINK.findall(page.read_text(encoding="utf-8"))) & stories
        assert len(linked) <= 50, f"{page.relative_to(site)} links to {len(linked)} of {len(stories)} stories"


def test_the_site_grows_in_proportion_to_the_library(sites):
    def html_bytes(site: Path) -> int:
        return sum(p.stat().st_size for p in site.rglob("*.html"))

    growth = html_bytes(sites[LARGE]) / html_bytes(sites[SMALL])
    assert growth <= (LARGE / SMALL) * 1.1, f"4 times the stories made {growth:.1f} times the HTML"

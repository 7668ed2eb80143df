"""The real library shows its evidence: where in each paper a story's facts are, what its date
means, and that merged stories' old addresses still work and nothing links to them any more."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from conftest import REPO
from offer.content import Project, load_content
from offer.story_pages import DATE_NOTES

# The stories merged into others when the starter library was checked against the papers (issue 17)
MERGED = {
    "stories-of-place": ["story-of-place-perth-city", "story-of-place-highland-perthshire", "story-of-place-eastern-perthshire",
                         "story-of-place-strathearn-strathallan", "story-of-place-kinross-shire-almond-earn"],
    "communities-in-the-pandemic": ["neighbours-and-new-groups-in-lockdown", "volunteers-help-vulnerable-people",
                                    "keeping-children-learning-at-home", "looking-after-homes-and-greenspace"],
    "staff-think-yes-in-lockdown": ["going-digital-to-stay-in-touch"],
    "partners-agree-five-priorities": ["food-share-network", "digital-hubs-in-libraries", "minority-ethnic-communities-and-work"],
    "building-the-offer-framework": ["explaining-the-offer-in-plain-english", "young-carers-equalities-and-climate"],
}


@pytest.fixture(scope="module")
def content():
    loaded = load_content(Project.at(REPO), today=dt.date.today())
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded


def published(content):
    return [s for s in content.stories if s.status == "published"]


def test_every_published_story_says_where_in_each_paper_its_facts_are(content):
    missing = [f"{s.display}: {source.title}" for s in published(content) for source in s.sources if not source.section]
    assert published(content) and missing == []


def test_every_published_story_says_what_its_date_is(content):
    """The trap this library fell into: a story dated the day of its paper, as if it happened then.
    Such a date says it is the report's; a date that starts a period has the period in the text."""
    for story in published(content):
        if story.date in {source.date for source in story.sources}:
            assert story.date_is == "reported", f"{story.display}: dated the day of a paper; set date_is: reported or the real date"
        if story.date_is == "started":
            assert re.search(r"\b(from|between|since)\b", story.summary + story.body, re.I), f"{story.display} gives no period"


def test_merged_stories_keep_their_addresses(content):
    by_slug = {s.slug: s for s in content.stories}
    for target, old in MERGED.items():
        assert set(old) <= set(by_slug[target].old_slugs), target
        assert not set(old) & set(by_slug), f"{target}: an old story file is still there"


def test_old_addresses_lead_to_the_stories_they_went_into(real_site):
    for target, old in MERGED.items():
        for slug in old:
            html = (real_site / "case-studies" / slug / "index.html").read_text(encoding="utf-8")
            assert "This story has moved" in html and f"../{target}/" in html, slug


def test_nothing_links_to_an_old_address(content):
    old = {slug for s in content.stories for slug in s.old_slugs}
    pages = [*REPO.joinpath("docs").rglob("*.md"), *REPO.joinpath("case_studies").glob("*.md")]
    links = [(p.name, m) for p in pages for m in re.findall(r"case-studies/([a-z0-9-]+)\.md|\]\(([a-z0-9-]+)\.md\)", p.read_text())]
    assert [(page, slug) for page, found in links for slug in found if slug in old] == []


def test_a_story_page_shows_where_and_what_its_date_is(real_site):
    html = (real_site / "case-studies" / "stories-of-place" / "index.html").read_text(encoding="utf-8")
    about = html.split('id="offer-about-heading"', 1)[1]
    assert DATE_NOTES["reported"] in about
    assert "Where: 2.1 Context, 2.2 Implementation" in about
    started = (real_site / "case-studies" / "learning-from-other-councils" / "index.html").read_text(encoding="utf-8")
    assert DATE_NOTES["started"] in started and "Between February and April 2016" in started


def test_the_librarys_own_advice_and_outside_facts_say_so(content):
    """Toolkit advice reads as the library's suggestion; locality names, from outside the papers, say where they come from."""
    for page in sorted((REPO / "docs" / "toolkit").glob("*.md")):
        assert "the library's own suggested practice" in " ".join(page.read_text(encoding="utf-8").split()), page.name
    places = [t for g in content.taxonomy.groups.values() for t in g.terms if t.places]
    assert places
    for term in places:
        assert "from public knowledge" in term.description, term.slug
    about = " ".join((REPO / "docs" / "about.md").read_text(encoding="utf-8").split())
    assert "calls these partnerships Local Community Planning Partnerships" in about


@pytest.mark.parametrize("heading", ["## What happened", "## What difference it made", "## What others can learn"])
def test_every_published_story_says_what_happened_what_it_changed_and_what_to_learn(content, heading):
    for story in published(content):
        assert re.search(rf"^{heading}\s*$", story.body, re.M), f"{story.display} has no '{heading}'"
        if heading.endswith("learn"):
            assert "our suggestions, not findings" in story.body.split(heading, 1)[1], story.display

"""The library: immutable stories, the taxonomy, and indexes derived from them."""

from __future__ import annotations

import datetime as dt
import functools
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import NamedTuple

from .taxonomy import Taxonomy


@dataclass(frozen=True)
class Source:
    title: str
    date: dt.date
    reference: str = ""
    url: str = ""
    section: str = ""  # where in the document the facts are: a section, paragraph or slide


@dataclass(frozen=True)
class Reported:
    """An outcome a story's source reports as having happened, and where."""
    outcome: str
    source: str  # the title of one of the story's sources
    section: str


@dataclass(frozen=True)
class Consent:
    basis: str  # "register" or "published-papers"
    reference: str = ""
    scope: str = ""
    review_by: dt.date | None = None


@dataclass(frozen=True)
class Image:
    src: str  # as written, relative to the story file
    alt: str
    path: Path  # the file on disk
    content_path: str  # relative to the content folder, e.g. "images/garden.jpg"


@dataclass(frozen=True)
class Story:
    slug: str
    path: Path
    display: str
    title: str
    summary: str
    date: dt.date
    status: str
    audience: str
    sources: tuple[Source, ...]
    consent: Consent
    body: str
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)  # group key -> slugs, taxonomy order
    partners: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    reported: tuple[Reported, ...] = ()
    featured: bool = False
    image: Image | None = None
    contact: str = ""
    public_details: tuple[str, ...] = ()
    old_slugs: tuple[str, ...] = ()  # earlier addresses, which now redirect here
    date_is: str = "happened"  # or "started" (a period the text gives) or "reported" (the report's date)
    to_fill_in: tuple[str, ...] = ()  # "field (line N): message" for the template's example text still in a draft

    def terms_in(self, group_key: str) -> tuple[str, ...]:
        """The story's slugs in a taxonomy group (none if it names none)."""
        return self.terms.get(group_key, ())

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def is_staff_only(self) -> bool:
        return self.audience == "staff"


class StoryAddress(NamedTuple):
    """What `make check` keeps of a valid story: its addresses, to find any that clash."""

    slug: str
    display: str
    old_slugs: tuple[str, ...]
    sentences: frozenset[int] = frozenset()  # its fingerprint, to find near-duplicates (none when withdrawn)


@dataclass(frozen=True)
class ToolkitPage:
    path: Path
    display: str
    title: str
    summary: str
    review_by: dt.date
    owner: str = ""  # empty: the library's own team (taxonomy.team)
    terms: dict[str, tuple[str, ...]] = field(default_factory=dict, hash=False)  # group key -> slugs


# ---------------------------------------------------------------------------
# Editions: which stories a build contains
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Edition:
    name: str
    statuses: frozenset[str]
    audiences: frozenset[str]
    indexable: bool  # may search engines index it?
    extra_content: bool = True  # does it read the private story folder (OFFER_EXTRA_CONTENT)?
    banner: str = ""  # a notice at the top of every page
    problem_pages: bool = False  # does a story that cannot be loaded get a page of its problems, as under `make serve`?

    def shows(self, story: Story) -> bool:
        return story.status in self.statuses and story.audience in self.audiences


EDITIONS = {
    "public": Edition("public", frozenset({"published"}), frozenset({"public"}), indexable=True),
    "staff": Edition("staff", frozenset({"published"}), frozenset({"public", "staff"}), indexable=False),
    # what authors see while writing: everything that is not withdrawn
    "preview": Edition("preview", frozenset({"published", "draft"}), frozenset({"public", "staff"}), indexable=False),
    # a pull request's preview, published at its own address: drafts, but nothing staff-only, ever
    "pull-request": Edition("pull-request", frozenset({"published", "draft"}), frozenset({"public"}), indexable=False,
                            extra_content=False, problem_pages=True,  # screenshots of a refused story show what to fix
                            banner="This is a preview of a change that is not published yet. It is not the Offer library's public site."),
}


def newest_first(stories) -> tuple[Story, ...]:
    return tuple(sorted(stories, key=lambda s: (-s.date.toordinal(), s.title.lower(), s.slug)))


@dataclass(frozen=True)
class Library:
    taxonomy: Taxonomy
    edition: Edition
    stories: tuple[Story, ...]  # those the edition shows, newest first
    withdrawn: tuple[str, ...] = ()  # slugs whose address shows a "withdrawn" notice
    by_term: dict = field(default_factory=dict)  # (group key, slug) -> stories, newest first
    card_text: dict = field(default_factory=dict, compare=False, repr=False)  # slug -> its card's text (cards.py), made once

    @classmethod
    def build(cls, taxonomy: Taxonomy, edition: Edition, stories) -> Library:
        shown = newest_first(s for s in stories if edition.shows(s))
        withdrawn = tuple(sorted(s.slug for s in stories if s.status == "withdrawn"))
        index: dict = defaultdict(list)
        for story in shown:  # one pass: each story joins the list of each of its terms
            for group in taxonomy.paged_groups():
                for slug in story.terms_in(group.key):
                    index[(group.key, slug)].append(story)
        by_term = {key: tuple(value) for key, value in index.items()}
        return cls(taxonomy, edition, shown, withdrawn, by_term)

    def stories_for(self, group_key: str, slug: str) -> tuple[Story, ...]:
        return self.by_term.get((group_key, slug), ())

    def featured(self) -> tuple[Story, ...]:
        return tuple(s for s in self.stories if s.featured)

    def nearby(self, story: Story, window: int = 40) -> tuple[tuple[Story, ...], ...]:
        """The stories within `window` places of `story` in each of its terms' lists: all that related() looks at.

        Each term's list is newest first, so this keeps the cost per story fixed
        however large the library grows.
        """
        lists = []
        for group in self.taxonomy.paged_groups():
            for slug in story.terms_in(group.key):
                neighbours = self.by_term.get((group.key, slug), ())
                at = self._positions[(group.key, slug)].get(story.slug, 0)
                lists.append(neighbours[max(0, at - window): at + window + 1])
        return tuple(lists)

    def related(self, story: Story, count: int = 3) -> tuple[Story, ...]:
        """Stories nearby (see nearby) sharing most terms with `story`, nearest in date first."""
        shared: Counter = Counter()
        found: dict[str, Story] = {}
        for stories in self.nearby(story):
            nearby = {other.slug: other for other in stories}
            shared.update(nearby.keys())  # Counter.update counts in C: this loop is the build's hottest
            found.update(nearby)
        shared.pop(story.slug, None)
        by_score: dict[int, list[str]] = defaultdict(list)
        for other, score in shared.items():
            by_score[score].append(other)
        ranked: list[str] = []
        for score in sorted(by_score, reverse=True):  # only the best-scoring few need ordering by date
            ranked += sorted(by_score[score], key=lambda o: (abs((found[o].date - story.date).days), found[o].title.lower()))
            if len(ranked) >= count:
                break
        return tuple(found[o] for o in ranked[:count])

    @functools.cached_property
    def _positions(self) -> dict:
        """(group key, slug) -> {story slug: place in that term's list}."""
        return defaultdict(dict, {key: {s.slug: i for i, s in enumerate(stories)} for key, stories in self.by_term.items()})

"""Story cards: the one markup of a story in any list (listings, related stories, the home page),
and the same markup as an empty <template> that card.js fills with search results."""

from __future__ import annotations

import datetime as dt
from html import escape

from .addresses import href, page_url, picture_uri, story_uri
from .memo import PageMemo
from .model import Library, Story
from .pieces import time_tag


CARD = (  # card.js fills the same elements, by these classes, in the template below
    '<li class="offer-card"><{heading} class="offer-card__title"><a href="{href}">{title}</a>{badge}</{heading}>'
    '<p class="offer-card__meta">{time} · {terms}</p>'
    '<p class="offer-card__summary">{summary}</p>{image}</li>'
)
PLACEHOLDER_DATE = dt.date(2000, 1, 1)
IMAGE = '<img class="offer-card__image" src="{src}" alt="{alt}" loading="lazy">'
# The names of the meta Pagefind gives back with a search result, by what the result's card shows: search_index.head_tags
# writes the title, story_pages.story_search a story's others, listings a term's summary. card.js reads the names
# from the page (library_page.script_data), so each is written only here.
META = {"title": "title", "summary": "summary", "date": "date", "date_iso": "date_iso", "places": "places",
        "image": "image", "image_alt": "image_alt"}


def story_card(story: Story, library: Library, from_uri: str, heading: str = "h2") -> str:
    text = library.card_text.get(story.slug) or library.card_text.setdefault(story.slug, _card_text(story, library))
    return CARD.format(heading=heading, href=href(from_uri, page_url(story_uri(story.slug))), image=_card_image(story, from_uri), **text)


def _card_text(story: Story, library: Library) -> dict[str, str]:
    """What a story's card says, the same on every page that lists it (a story is on many)."""
    badge = ' <span class="offer-badge">Draft</span>' if story.is_draft else ""
    return {"title": escape(story.title), "badge": badge, "time": time_tag(story.date),
            "terms": escape(card_terms(story, library)), "summary": escape(story.summary)}


def card_template() -> str:
    """A card for card.js to copy and fill with a search result: the markup is written once, above.

    Its placeholder values are valid HTML (an empty src or datetime is not); card.js replaces them all."""
    empty = CARD.format(heading="h2", href=".", title="", badge="", time=time_tag(PLACEHOLDER_DATE), terms="", summary="",
                        image=IMAGE.format(src="data:,", alt=""))
    return f"<template data-offer-card>{empty}</template>"


def card_terms(story: Story, library: Library) -> str:
    """Its badge (badge: true), e.g. "Case study", then the labels of its terms in the group its card shows
    (card: true), e.g. its places: the card's line after the date, for search results too."""
    group = library.taxonomy.card_group()
    labels = ", ".join(group.term(s).label for s in story.terms_in(group.key)) if group else ""
    return " · ".join(filter(None, (story_badge(story, library), labels)))


def story_badge(story: Story, library: Library) -> str:
    """The label of the story's term in the badge group (badge: true), e.g. "Case study"; empty without one."""
    group = library.taxonomy.badge_group()
    return ", ".join(group.term(s).label for s in story.terms_in(group.key)) if group else ""


def _card_image(story: Story, from_uri: str) -> str:
    if not story.image:
        return ""
    src = href(from_uri, picture_uri(story.image.content_path))
    return IMAGE.format(src=escape(src), alt=escape(story.image.alt))


def story_list(stories, library: Library, from_uri: str, heading: str = "h2", memo: PageMemo | None = None) -> str:
    if memo is not None:  # remembered by page and stories (the cards depend on nothing else but the taxonomy)
        return memo.piece(("list", from_uri, heading), tuple(stories), lambda: story_list(stories, library, from_uri, heading))
    if not stories:
        return '<p class="offer-empty">No stories yet.</p>'
    cards = "\n".join(story_card(s, library, from_uri, heading) for s in stories)
    return f'<ol class="offer-cards" role="list" data-pagefind-ignore>\n{cards}\n</ol>'

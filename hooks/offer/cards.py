"""Story cards: the one markup of a story in any list (listings, related stories, the home page)."""

from __future__ import annotations

from html import escape

from .addresses import href, page_url, picture_uri, story_uri
from .memo import PageMemo
from .model import Library, Story
from .pieces import time_tag


def story_card(story: Story, library: Library, from_uri: str, heading: str = "h2") -> str:
    places = escape(card_terms(story, library))
    badge = ' <span class="offer-badge">Draft</span>' if story.is_draft else ""
    return (
        f'<li class="offer-card"><{heading} class="offer-card__title">'
        f'<a href="{href(from_uri, page_url(story_uri(story.slug)))}">{escape(story.title)}</a>{badge}</{heading}>'
        f'<p class="offer-card__meta">{time_tag(story.date)} · {places}</p>'
        f'<p class="offer-card__summary">{escape(story.summary)}</p>{_card_image(story, from_uri)}</li>'
    )


def card_terms(story: Story, library: Library) -> str:
    """The labels of the story's terms in the group its card shows (card: true), e.g. its places."""
    group = library.taxonomy.card_group()
    return ", ".join(group.term(s).label for s in story.terms_in(group.key)) if group else ""


def _card_image(story: Story, from_uri: str) -> str:
    if not story.image:
        return ""
    src = href(from_uri, picture_uri(story.image.content_path))
    return f'<img class="offer-card__image" src="{escape(src)}" alt="{escape(story.image.alt)}" loading="lazy">'


def story_list(stories, library: Library, from_uri: str, heading: str = "h2", memo: PageMemo | None = None) -> str:
    if memo is not None:  # remembered by page and stories (the cards depend on nothing else but the taxonomy)
        return memo.piece(("list", from_uri, heading), tuple(stories), lambda: story_list(stories, library, from_uri, heading))
    if not stories:
        return '<p class="offer-empty">No stories yet.</p>'
    cards = "\n".join(story_card(s, library, from_uri, heading) for s in stories)
    return f'<ol class="offer-cards" role="list" data-pagefind-ignore>\n{cards}\n</ol>'

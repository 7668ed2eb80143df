"""Atom feeds: the whole library's, and each term's of the groups that have feeds."""

from __future__ import annotations

import datetime as dt
from xml.sax.saxutils import escape as xml_escape

from .addresses import LIBRARY, LIBRARY_FEED, feed_uri, page_url, story_uri, term_uri
from .model import Library

FEED_SIZE = 50


def all_feeds(library: Library, site_url: str) -> list[tuple[str, str]]:
    """(path, Atom XML) for every feed of an edition."""
    feeds = [(LIBRARY_FEED, atom_feed("New stories", LIBRARY + "/", LIBRARY_FEED, library.stories, site_url))]
    for group in library.taxonomy.feed_groups():
        for term in group.terms:
            stories = library.stories_for(group.key, term.slug)
            feeds.append((feed_uri(group, term.slug),
                          atom_feed(f"New stories: {term.label}", page_url(term_uri(group, term.slug)), feed_uri(group, term.slug), stories, site_url)))
    return feeds


def atom_feed(title: str, page: str, path: str, stories, site_url: str) -> str:
    """An Atom feed of the newest stories; dates come from the stories, so a build is repeatable."""
    base = site_url.rstrip("/") + "/"
    newest = stories[:FEED_SIZE]
    updated = (newest[0].date if newest else dt.date(2020, 1, 1)).isoformat() + "T00:00:00Z"
    entries = "".join(
        "<entry>"
        f"<title>{xml_escape(s.title)}</title>"
        f'<link href="{xml_escape(base + page_url(story_uri(s.slug)))}"/>'
        f"<id>{xml_escape(base + page_url(story_uri(s.slug)))}</id>"
        f"<updated>{s.date.isoformat()}T00:00:00Z</updated>"
        f"<summary>{xml_escape(s.summary)}</summary>"
        "</entry>\n"
        for s in newest
    )
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">\n'
        f"<title>{xml_escape(title)} – Perth &amp; Kinross Offer library</title>\n"
        f'<link href="{xml_escape(base + page)}"/>\n<link rel="self" href="{xml_escape(base + path)}"/>\n'
        f"<id>{xml_escape(base + path)}</id>\n<updated>{updated}</updated>\n"
        "<author><name>Perth &amp; Kinross Council</name></author>\n"
        f"{entries}</feed>\n"
    )

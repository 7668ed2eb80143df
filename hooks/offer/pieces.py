"""Small pieces every generated page is made of: the page itself, its metadata, dates, counts.

Every string from front matter is escaped where it is written, because MkDocs'
templates do not escape anything.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from html import escape


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where MkDocs should think the file is, e.g. "themes/economy.md"
    meta: dict  # the page's metadata, as front matter would give it (text already escaped)
    before: str = ""  # HTML before the rendered Markdown
    markdown: str = ""  # Markdown to render: a story's body; listings have none
    after: str = ""  # HTML after the rendered Markdown

    def html(self, rendered_markdown: str) -> str:
        """The page's content, given its Markdown rendered as HTML."""
        return self.before + rendered_markdown + self.after


def page_meta(title: str, description: str, *, search: dict | None = None, hidden: bool = False,
              redirect: str = "", **extra) -> dict:
    """Metadata for a generated page. Title and description are escaped: Material prints them raw.

    `search` is what Pagefind indexes (overrides/main.html writes it as meta tags and marks the
    page body); pages without it, such as listings, stay out of search so each story is found once.
    """
    meta = {"title": escape(title), "description": escape(description), **extra}
    if search:
        meta["offer_search"] = search
    if redirect:  # overrides/main.html turns this into a refresh to the new address
        meta["redirect"] = escape(redirect)
    if hidden:  # out of the sitemap and search engines too
        meta["sitemap"] = False
        meta["robots"] = "noindex"
    return meta


@functools.lru_cache(maxsize=4096)  # many stories share a date, and strftime is slow
def long_date(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


@functools.lru_cache(maxsize=4096)
def time_tag(date: dt.date) -> str:
    return f'<time datetime="{date.isoformat()}">{long_date(date)}</time>'


def story_count(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def markdown_html(body: str) -> str:
    """Wrap HTML so Markdown passes it through untouched (for HTML inside hand-written Markdown)."""
    return f'<div class="offer-generated" markdown="0">\n{body}</div>\n'


def html_block(body: str) -> str:
    """Wrap HTML that goes straight into a page, around its rendered Markdown."""
    return f'<div class="offer-generated">\n{body}</div>\n'

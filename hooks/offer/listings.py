"""Listing pages: each term's pages of stories, each group's overview, and pagination.

Listings are HTML, not Markdown (a long Markdown list is slow to render), and
stay out of search so each story is found once, at its own page.
"""

from __future__ import annotations

from html import escape

from .addresses import LIBRARY, feed_uri, group_uri, href, page_url, term_uri
from .cards import META, story_list
from .memo import PageMemo
from .model import Library
from .pieces import GeneratedPage, html_block, page_meta, story_count
from .taxonomy import Group, Term

PAGE_SIZE = 50  # stories per listing page


def pagination(uri_for_page, page: int, pages: int) -> str:
    if pages <= 1:
        return ""
    here = uri_for_page(page)
    newer = f'<a rel="prev" href="{href(here, page_url(uri_for_page(page - 1)))}">Newer stories</a>' if page > 1 else ""
    older = f'<a rel="next" href="{href(here, page_url(uri_for_page(page + 1)))}">Older stories</a>' if page < pages else ""
    return f'<nav class="offer-pagination" aria-label="Pages of stories" data-pagefind-ignore>{newer}<span>Page {page} of {pages}</span>{older}</nav>'


def paginate(stories, uri_for_page, title: str, description: str, intro: str, library: Library,
              first_page_extra: str = "", search: dict | None = None, memo: PageMemo | None = None, **meta) -> list[GeneratedPage]:
    """Listing pages of PAGE_SIZE stories each, the first at uri_for_page(1)."""
    pages = max(1, -(-len(stories) // PAGE_SIZE))
    result = []
    for page in range(1, pages + 1):
        uri = uri_for_page(page)
        chunk = stories[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        heading = escape(title) + (f" (page {page} of {pages})" if page > 1 else "")
        listing = f'{story_list(chunk, library, uri, memo=memo)}\n{pagination(uri_for_page, page, pages)}'
        if page == 1 and first_page_extra:
            listing = first_page_extra + f'\n<div class="offer-static" data-offer-static>\n{listing}\n</div>'
        body = f"<h1>{heading}</h1>\n{intro}\n{listing}\n"
        extra = meta if page == 1 else {}
        front = page_meta(title + (f" (page {page})" if page > 1 else ""), description, search=search if page == 1 else None, **extra)
        result.append(GeneratedPage(uri, front, html_block(body)))
    return result


def term_pages(group: Group, term: Term, library: Library, memo: PageMemo | None = None) -> list[GeneratedPage]:
    stories = library.stories_for(group.key, term.slug)
    uri = term_uri(group, term.slug)
    intro = (
        f'<p class="offer-kicker"><a href="{href(uri, group.path + "/")}">{escape(group.label)}</a></p>'
        f"<p>{escape(term.description)}</p>"
    )
    if term.places:
        intro += f'<p class="offer-places"><strong>Places in this area:</strong> {escape(", ".join(term.places))}.</p>'
    intro += f'<p class="offer-count" data-pagefind-ignore>{story_count(len(stories))}'
    feed = feed_uri(group, term.slug) if group.feeds else None
    if feed:
        intro += f' · <a href="{href(uri, feed)}">Follow new stories (Atom feed)</a>'
    if group.filter:
        intro += f' · <a href="{href(uri, LIBRARY + "/")}?{group.key}={term.slug}">Filter these stories</a>'
    intro += "</p>"
    search = {"filters": {"type": [group.singular.lower()]}, "meta": {META["summary"]: term.description}}
    meta = {"feed": {"url": href(uri, feed), "title": f"New stories: {term.label}"}} if feed else {}
    return paginate(stories, lambda page: term_uri(group, term.slug, page), term.label, term.description, intro, library,
                     search=search, memo=memo, **meta)


def group_page(group: Group, library: Library) -> GeneratedPage:
    uri = group_uri(group)
    rows = []
    for term in group.terms:
        count = len(library.stories_for(group.key, term.slug))
        link = f'<a href="{href(uri, page_url(term_uri(group, term.slug)))}">{escape(term.label)}</a>'
        rows.append(f'<li class="offer-term"><h2 class="offer-term__title">{link} <span class="offer-term__count">{story_count(count)}</span></h2><p>{escape(term.description)}</p></li>')
    body = f"<h1>{escape(group.label)}</h1>\n<p>{escape(group.description)}</p>\n<ul class=\"offer-terms\" role=\"list\">\n" + "\n".join(rows) + "\n</ul>\n"
    return GeneratedPage(uri, page_meta(group.label, group.description), html_block(body))

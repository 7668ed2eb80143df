"""The library page with its filter form (library.js brings it to life), and the search page (search.js)."""

from __future__ import annotations

from html import escape

from .addresses import COVERAGE, LIBRARY, LIBRARY_FEED, SEARCH, href, library_uri, page_url
from .cards import card_template
from .listings import paginate
from .memo import PageMemo
from .model import Library
from .pieces import GeneratedPage, html_block, page_meta, story_count


def library_pages(library: Library, memo: PageMemo | None = None) -> list[GeneratedPage]:
    uri = library_uri()
    ways_in = " · ".join(f'<a href="{href(uri, g.path + "/")}">{escape(g.label)}</a>' for g in library.taxonomy.paged_groups())
    intro = (
        "<p>Stories of the Perth &amp; Kinross Offer in action.</p>"
        f'<p class="offer-ways-in">Browse by: {ways_in} · <a href="{href(uri, page_url(COVERAGE))}">The library at a glance</a>'
        f' · <a href="{href(uri, page_url(SEARCH))}">Search the site</a>'
        f' · <a href="{href(uri, LIBRARY_FEED)}">Follow new stories (Atom feed)</a></p>'
    )
    return paginate(library.stories, library_uri, "Case studies", "Stories of the Perth & Kinross Offer in action.", intro, library,
                     first_page_extra=filter_form(library), memo=memo, offer_script="library.js",
                     feed={"url": href(uri, LIBRARY_FEED), "title": "New stories"})


def filter_form(library: Library) -> str:
    """The library's filters, shown from the first paint so the page never shifts when library.js starts.

    Without JavaScript assets/noscript.css hides them (and the status), and the list below works alone.
    """
    groups, total = [], len(library.stories)
    for group in library.taxonomy.filter_groups():
        options = "".join(
            f'<li><input type="checkbox" id="f-{group.key}-{t.slug}" name="{group.key}" value="{t.slug}">'
            f'<label for="f-{group.key}-{t.slug}">{escape(t.label)} <span class="offer-option-count" data-count-for="{group.key}:{t.slug}">'
            f"({len(library.stories_for(group.key, t.slug))})</span></label></li>"
            for t in group.terms
        )
        groups.append(f'<details class="offer-filter-group"><summary>{escape(group.label)}</summary>'
                      f'<fieldset><legend class="offer-visually-hidden">{escape(group.label)}</legend><ul role="list">{options}</ul></fieldset></details>')
    return (
        f'<form class="offer-filters" data-offer-filters data-offer-total="{total}" role="search" aria-label="Find stories">'
        '<p><label for="offer-q">Words to look for</label> <input type="search" id="offer-q" name="q" autocomplete="off"></p>'
        + "".join(groups) +
        '<p><label for="offer-sort">Sort by</label> <select id="offer-sort" name="sort">'
        '<option value="newest">Newest first</option><option value="oldest">Oldest first</option><option value="title">Title A to Z</option>'
        '</select> <button type="button" class="md-button" data-offer-clear>Clear all</button></p></form>\n'
        f'<p class="offer-status" role="status" aria-live="polite" data-offer-status>{story_count(total)} {"matches" if total == 1 else "match"}</p>\n'
        '<ol class="offer-cards" role="list" data-offer-results hidden></ol>\n' + card_template() + "\n"
        '<p><button type="button" class="md-button" data-offer-more hidden>Show more stories</button></p>'
    )


def search_page() -> GeneratedPage:
    """The search page: a form that search.js brings to life, with Pagefind's search API."""
    body = (
        "<h1>Search</h1>\n"
        '<p>Search the case studies and the staff toolkit. Try a place, such as Pitlochry, or a word such as volunteers.</p>\n'
        '<form class="offer-filters" data-offer-search role="search" aria-label="Search the site" hidden>'
        '<p><label for="offer-search-q">Words to look for</label> '
        '<input type="search" id="offer-search-q" name="q" autocomplete="off"> '
        '<button type="submit" class="md-button">Search</button></p></form>\n'
        '<p class="offer-status" role="status" aria-live="polite" data-offer-search-status></p>\n'
        '<ol class="offer-cards" role="list" data-offer-search-results></ol>\n' + card_template() + "\n"
        '<p><button type="button" class="md-button" data-offer-search-more hidden>Show more results</button></p>\n'
        f'<p class="offer-nojs" data-offer-nojs>Search needs JavaScript. You can also browse <a href="{href(SEARCH, LIBRARY + "/")}">all case studies</a>.</p>\n'
    )
    return GeneratedPage(SEARCH, page_meta("Search", "Search the Offer library's stories and staff toolkit.",
                                            offer_script="search.js"), html_block(body))

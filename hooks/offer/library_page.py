"""The library page with its filter form (library.js brings it to life), and the search page (search.js)."""

from __future__ import annotations

import json
from html import escape

from .addresses import COVERAGE, LIBRARY, LIBRARY_FEED, SEARCH, href, library_uri, page_url
from .cards import META, card_template
from .listings import paginate
from .memo import PageMemo
from .model import Library
from .pieces import GeneratedPage, html_block, page_meta
from .story_pages import STORY_TYPE

# What the library page says and offers, written here once: the server writes the page with it, and hands it to
# library.js and card.js as JSON (script_data). {n} is a number of stories.
STATUS = {"none": "No stories match. Try removing a filter.", "one": "1 story matches", "many": "{n} stories match"}
COUNT = "({n})"  # beside each filter option: how many stories ticking it gives
# The sort menu: its value in the address -> (its label, Pagefind's sort by story_pages.SORT_KEYS).
# The first is the default, and the order of the server's own list (newest first, model.newest_first).
SORTS = {"newest": ("Newest first", {"date": "desc"}), "oldest": ("Oldest first", {"date": "asc"}),
         "title": ("Title A to Z", {"title": "asc"})}
SCRIPT_DATA = "offer-script-data"  # the id of the page's JSON for its scripts (site.js reads it)


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
    groups, total, counts = [], len(library.stories), {}
    for group in library.taxonomy.filter_groups():
        counts[group.key] = {t.slug: len(library.stories_for(group.key, t.slug)) for t in group.terms}
        options = "".join(
            f'<li><input type="checkbox" id="f-{group.key}-{t.slug}" name="{group.key}" value="{t.slug}">'
            f'<label for="f-{group.key}-{t.slug}">{escape(t.label)} <span class="offer-option-count">'
            f"{escape(COUNT.format(n=counts[group.key][t.slug]))}</span></label></li>"
            for t in group.terms
        )
        groups.append(f'<details class="offer-filter-group"><summary>{escape(group.label)}</summary>'
                      f'<fieldset><legend class="offer-visually-hidden">{escape(group.label)}</legend><ul role="list">{options}</ul></fieldset></details>')
    return (
        f'<form class="offer-filters" data-offer-filters data-offer-total="{total}" role="search" aria-label="Find stories">'
        '<p><label for="offer-q">Words to look for</label> <input type="search" id="offer-q" name="q" autocomplete="off"></p>'
        + "".join(groups) +
        '<p><label for="offer-sort">Sort by</label> <select id="offer-sort" name="sort">'
        + "".join(f'<option value="{escape(value)}">{escape(label)}</option>' for value, (label, _) in SORTS.items()) +
        '</select> <button type="button" class="md-button" data-offer-clear>Clear all</button></p></form>\n'
        f'<p class="offer-status" role="status" aria-live="polite" data-offer-status>{escape(status(total))}</p>\n'
        '<ol class="offer-cards" role="list" data-offer-results hidden></ol>\n' + card_template() + "\n"
        '<p><button type="button" class="md-button" data-offer-more hidden>Show more stories</button></p>\n'
        + script_data(status=STATUS, count=COUNT, sorts={value: sort for value, (_, sort) in SORTS.items()},
                      default_sort=next(iter(SORTS)), filters=STORY_TYPE, counts=counts)
    )


def status(n: int) -> str:
    """The status with nothing chosen: the whole library (library.js says the same when a reader clears the filters)."""
    return STATUS["one"] if n == 1 else STATUS["many"].format(n=n)


def script_data(**data) -> str:
    """What the page's scripts know from the build, as a JSON block (data, which the policy lets be; csp.py).

    Every page with cards for card.js to fill carries it: the names of the search meta they show are in it."""
    text = json.dumps({"meta": META} | data, separators=(",", ":")).replace("<", "\\u003c")  # never ends the element
    return f'<script type="application/json" id="{SCRIPT_DATA}">{text}</script>'


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
        '<ol class="offer-cards" role="list" data-offer-search-results></ol>\n' + card_template() + "\n" + script_data() + "\n"
        '<p><button type="button" class="md-button" data-offer-search-more hidden>Show more results</button></p>\n'
        f'<p class="offer-nojs" data-offer-nojs>Search needs JavaScript. You can also browse <a href="{href(SEARCH, LIBRARY + "/")}">all case studies</a>.</p>\n'
    )
    return GeneratedPage(SEARCH, page_meta("Search", "Search the Offer library's stories and staff toolkit.",
                                            offer_script="search.js"), html_block(body))

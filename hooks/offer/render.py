"""Page text for the generated pages: story pages, term pages, overviews, the library.

Each page is its metadata, HTML we write (listings, story details) and, for a
story, its Markdown body. Only the body goes through Markdown: the HTML is put
around the rendered body afterwards, because Python-Markdown's raw-HTML parsing
and a YAML round trip of the metadata cost more than the rest of a page. Every
string from front matter is escaped here, because MkDocs' templates do not
escape anything.
"""

from __future__ import annotations

import datetime as dt
import functools
import posixpath
import re
from dataclasses import dataclass
from html import escape
from xml.sax.saxutils import escape as xml_escape

from .model import Library, Story, ToolkitPage
from .taxonomy import Group, Term

PAGE_SIZE = 50  # stories per listing page
LIBRARY = "case-studies"


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


class PageMemo:
    """Pieces of what a build generates, kept from one build to the next in one process (`mkdocs serve`).

    A piece is made again only when what it is made from differs from last
    time. The comparison (==) is quick because a story that has not changed is
    the same object from build to build (content.Memo keeps it), and a new
    taxonomy starts afresh, as every piece depends on it.
    """

    def __init__(self):
        self._taxonomy = None
        self._pieces: dict = {}  # key -> (inputs, piece)

    def start(self, library: Library) -> None:
        if library.taxonomy != self._taxonomy:
            self._taxonomy, self._pieces = library.taxonomy, {}

    def piece(self, key: tuple, inputs: tuple, make):
        """make(), or what it made last time for this key if `inputs` are equal to last time's."""
        kept = self._pieces.get(key)
        if kept is None or kept[0] != inputs:
            kept = self._pieces[key] = (inputs, make())
        return kept[1]


# ---------------------------------------------------------------------------
# Addresses
# ---------------------------------------------------------------------------

def page_url(src_uri: str) -> str:
    """The site-relative URL MkDocs gives a page (directory URLs), e.g. "themes/economy/"."""
    stem = src_uri.removesuffix(".md")
    if stem == "index":
        return ""
    return stem.removesuffix("/index") + "/" if stem.endswith("/index") else stem + "/"


def href(from_uri: str, to_url: str) -> str:
    """A relative link from the page at `from_uri` to a site-relative URL (as posixpath.relpath, faster)."""
    here = page_url(from_uri).split("/")[:-1]
    there = [part for part in to_url.split("/") if part]
    common = len(posixpath.commonprefix([here, there]))
    rel = "/".join([".."] * (len(here) - common) + there[common:]) or "."
    return rel + "/" if to_url.endswith("/") or to_url == "" else rel


def story_uri(slug: str) -> str:
    return f"{LIBRARY}/{slug}.md"


def picture_uri(content_path: str) -> str:
    """Where a picture from a content folder is published, e.g. "case-studies/images/garden.jpg"."""
    return f"{LIBRARY}/{content_path}"


def term_uri(group: Group, slug: str, page: int = 1) -> str:
    return f"{group.path}/{slug}.md" if page == 1 else f"{group.path}/{slug}/page/{page}.md"


def library_uri(page: int = 1) -> str:
    return f"{LIBRARY}/index.md" if page == 1 else f"{LIBRARY}/page/{page}.md"


# ---------------------------------------------------------------------------
# Small pieces
# ---------------------------------------------------------------------------

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


def escaped_meta(meta: dict) -> dict:
    """The text fields of hand-written front matter, escaped for MkDocs' templates."""
    return {key: escape(meta[key]) for key in ("title", "description") if isinstance(meta.get(key), str)}


@functools.lru_cache(maxsize=4096)  # many stories share a date, and strftime is slow
def long_date(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


@functools.lru_cache(maxsize=4096)
def _time(date: dt.date) -> str:
    return f'<time datetime="{date.isoformat()}">{long_date(date)}</time>'


def _term_links(library: Library, group: Group, slugs, from_uri: str) -> str:
    links = [f'<a href="{href(from_uri, page_url(term_uri(group, s)))}">{escape(group.term(s).label)}</a>' for s in slugs]
    return ", ".join(links)


def story_card(story: Story, library: Library, from_uri: str, heading: str = "h2") -> str:
    localities = library.taxonomy.groups["localities"]
    places = ", ".join(escape(localities.term(s).label) for s in story.localities)
    badge = ' <span class="offer-badge">Draft</span>' if story.is_draft else ""
    return (
        f'<li class="offer-card"><{heading} class="offer-card__title">'
        f'<a href="{href(from_uri, page_url(story_uri(story.slug)))}">{escape(story.title)}</a>{badge}</{heading}>'
        f'<p class="offer-card__meta">{_time(story.date)} · {places}</p>'
        f'<p class="offer-card__summary">{escape(story.summary)}</p>{_card_image(story, from_uri)}</li>'
    )


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


def story_count(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def _pagination(uri_for_page, page: int, pages: int) -> str:
    if pages <= 1:
        return ""
    here = uri_for_page(page)
    newer = f'<a rel="prev" href="{href(here, page_url(uri_for_page(page - 1)))}">Newer stories</a>' if page > 1 else ""
    older = f'<a rel="next" href="{href(here, page_url(uri_for_page(page + 1)))}">Older stories</a>' if page < pages else ""
    return f'<nav class="offer-pagination" aria-label="Pages of stories" data-pagefind-ignore>{newer}<span>Page {page} of {pages}</span>{older}</nav>'


def _paginate(stories, uri_for_page, title: str, description: str, intro: str, library: Library,
              first_page_extra: str = "", search: dict | None = None, memo: PageMemo | None = None, **meta) -> list[GeneratedPage]:
    """Listing pages of PAGE_SIZE stories each, the first at uri_for_page(1)."""
    pages = max(1, -(-len(stories) // PAGE_SIZE))
    result = []
    for page in range(1, pages + 1):
        uri = uri_for_page(page)
        chunk = stories[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        heading = escape(title) + (f" (page {page} of {pages})" if page > 1 else "")
        listing = f'{story_list(chunk, library, uri, memo=memo)}\n{_pagination(uri_for_page, page, pages)}'
        if page == 1 and first_page_extra:
            listing = first_page_extra + f'\n<div class="offer-static" data-offer-static>\n{listing}\n</div>'
        body = f"<h1>{heading}</h1>\n{intro}\n{listing}\n"
        extra = meta if page == 1 else {}
        front = page_meta(title + (f" (page {page})" if page > 1 else ""), description, search=search if page == 1 else None, **extra)
        result.append(GeneratedPage(uri, front, html_block(body)))
    return result


def _html(body: str) -> str:
    """Wrap HTML so Markdown passes it through untouched (for HTML inside hand-written Markdown)."""
    return f'<div class="offer-generated" markdown="0">\n{body}</div>\n'


def html_block(body: str) -> str:
    """Wrap HTML that goes straight into a page, around its rendered Markdown."""
    return f'<div class="offer-generated">\n{body}</div>\n'


# ---------------------------------------------------------------------------
# Story pages
# ---------------------------------------------------------------------------

def story_page(story: Story, library: Library, memo: PageMemo | None = None) -> GeneratedPage:
    if memo is None:
        return _story_page(story, library.related(story), library)
    # a story's page depends on the story and its related stories, and these only on the stories nearby
    related = memo.piece(("related", story.slug), (story, library.nearby(story)), lambda: library.related(story))
    return memo.piece(("story", story.slug), (story, related), lambda: _story_page(story, related, library))


def _story_page(story: Story, related: tuple[Story, ...], library: Library) -> GeneratedPage:
    uri = story_uri(story.slug)
    parts = [_banner(story), f"<h1>{escape(story.title)}</h1>", f'<p class="offer-lead">{escape(story.summary)}</p>']
    if story.image:
        src = href(uri, picture_uri(story.image.content_path))
        parts.append(f'<figure class="offer-figure"><img src="{escape(src)}" alt="{escape(story.image.alt)}"></figure>')
    parts.append(_metadata_panel(story, library, uri))
    head = html_block("\n".join(p for p in parts if p) + "\n")
    tail = html_block(_outcomes(story) + _about(story) + _related(related, library, uri))
    front = page_meta(story.title, story.summary, search=story_search(story, library), offer_story=True)
    return GeneratedPage(uri, front, head, story.body.strip() + "\n", tail)


def story_search(story: Story, library: Library) -> dict:
    """What Pagefind knows of a story: filters by term slug, sort keys, and card text."""
    groups = library.taxonomy.paged_groups()
    localities = library.taxonomy.groups["localities"]
    return {
        "filters": {"type": ["story"]} | {g.key: list(story.terms(g.field)) for g in groups if story.terms(g.field)},
        "sort": {"date": story.date.isoformat(), "title": story.title.lower()},
        "meta": {"summary": story.summary, "date": long_date(story.date),
                 "places": ", ".join(localities.term(s).label for s in story.localities)}
                | ({"image": picture_uri(story.image.content_path), "image_alt": story.image.alt} if story.image else {}),
    }


def _banner(story: Story) -> str:
    if story.is_draft:
        return ('<div class="offer-banner offer-banner--draft" role="note"><strong>Draft.</strong> This story is not published. Only the preview edition shows it.'
                f"{_to_fill_in(story)}</div>")
    if story.is_staff_only:
        return '<div class="offer-banner offer-banner--staff" role="note"><strong>Staff only.</strong> This story is not on the public site.</div>'
    return ""


def _to_fill_in(story: Story) -> str:
    """The template's example text the check found in a draft: what is left before it can be published."""
    if not story.to_fill_in:
        return ""
    items = "".join(f"<li>{escape(item)}</li>" for item in story.to_fill_in)
    return f'<p class="offer-banner__todo">Still to fill in from the template before it can be published:</p><ul>{items}</ul>'


def _metadata_panel(story: Story, library: Library, uri: str) -> str:
    rows = [("Date", _time(story.date) + DATE_NOTES[story.date_is])]
    for group in library.taxonomy.paged_groups():
        slugs = story.terms(group.field)
        if slugs:
            label = group.singular if len(slugs) == 1 else group.label
            rows.append((label, _term_links(library, group, slugs, uri)))
    if story.partners:
        rows.append(("Partners", ", ".join(escape(p) for p in story.partners)))
    items = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        '<aside class="offer-meta" aria-labelledby="offer-meta-heading" data-pagefind-ignore>'
        '<h2 id="offer-meta-heading" class="offer-meta__heading">Story details</h2>'
        f'<dl class="offer-meta__list">{items}</dl></aside>'
    )


def _outcomes(story: Story) -> str:
    if not story.outcomes:
        return ""
    items = "".join(f"<li>{escape(o)}</li>" for o in story.outcomes)
    return f'<section class="offer-outcomes" aria-labelledby="offer-outcomes-heading"><h2 id="offer-outcomes-heading">What changed</h2><ul>{items}</ul></section>\n'


# What the date on a story page means, after the date itself (schema.DATE_MEANINGS)
DATE_NOTES = {
    "happened": "",
    "started": " (when it began; the story gives the whole period)",
    "reported": " (the date of the report; the papers do not say exactly when it happened)",
}


def _about(story: Story) -> str:
    """Where the story comes from and who to ask about it."""
    sources = []
    for source in story.sources:
        title = escape(source.title)
        if source.url:
            title = f'<a href="{escape(source.url)}">{title}</a>'
        reference = f", {escape(source.reference)}" if source.reference else ""
        section = f'. <span class="offer-about__section">Where: {escape(source.section)}</span>' if source.section else ""
        sources.append(f"<li>{title}{reference}, {_time(source.date)}{section}</li>")
    rows = [("When", _time(story.date) + DATE_NOTES[story.date_is]), ("Sources", f'<ul>{"".join(sources)}</ul>')]
    if story.contact:
        rows.append(("Contact", escape(story.contact)))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        '<section class="offer-about" aria-labelledby="offer-about-heading" data-pagefind-ignore>'
        f'<h2 id="offer-about-heading">About this story</h2><dl class="offer-meta__list">{items}</dl></section>\n'
    )


def _related(related: tuple[Story, ...], library: Library, uri: str) -> str:
    if not related:
        return ""
    return (
        '<section class="offer-related" aria-labelledby="offer-related-heading" data-pagefind-ignore>'
        f'<h2 id="offer-related-heading">Related stories</h2>{story_list(related, library, uri, "h3")}</section>\n'
    )


# ---------------------------------------------------------------------------
# Term pages, overviews and the library
# ---------------------------------------------------------------------------

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
    feed = feed_uri(group, term.slug) if group.key in FEED_GROUPS else None
    if feed:
        intro += f' · <a href="{href(uri, feed)}">Follow new stories (Atom feed)</a>'
        intro += f' · <a href="{href(uri, LIBRARY + "/")}?{group.key}={term.slug}">Filter these stories</a>'
    intro += "</p>"
    search = {"filters": {"type": [group.singular.lower()]}, "meta": {"summary": term.description}}
    meta = {"feed": {"url": href(uri, feed), "title": f"New stories: {term.label}"}} if feed else {}
    return _paginate(stories, lambda page: term_uri(group, term.slug, page), term.label, term.description, intro, library,
                     search=search, memo=memo, **meta)


def group_page(group: Group, library: Library) -> GeneratedPage:
    uri = f"{group.path}/index.md"
    rows = []
    for term in group.terms:
        count = len(library.stories_for(group.key, term.slug))
        link = f'<a href="{href(uri, page_url(term_uri(group, term.slug)))}">{escape(term.label)}</a>'
        rows.append(f'<li class="offer-term"><h2 class="offer-term__title">{link} <span class="offer-term__count">{story_count(count)}</span></h2><p>{escape(term.description)}</p></li>')
    body = f"<h1>{escape(group.label)}</h1>\n<p>{escape(group.description)}</p>\n<ul class=\"offer-terms\" role=\"list\">\n" + "\n".join(rows) + "\n</ul>\n"
    return GeneratedPage(uri, page_meta(group.label, group.description), html_block(body))


def library_pages(library: Library, memo: PageMemo | None = None) -> list[GeneratedPage]:
    uri = library_uri()
    ways_in = " · ".join(f'<a href="{href(uri, g.path + "/")}">{escape(g.label)}</a>' for g in library.taxonomy.paged_groups())
    intro = (
        "<p>Stories of the Perth &amp; Kinross Offer in action.</p>"
        f'<p class="offer-ways-in">Browse by: {ways_in} · <a href="{href(uri, "coverage/")}">The library at a glance</a>'
        f' · <a href="{href(uri, "search/")}">Search the site</a>'
        f' · <a href="{href(uri, LIBRARY_FEED)}">Follow new stories (Atom feed)</a></p>'
    )
    return _paginate(library.stories, library_uri, "Case studies", "Stories of the Perth & Kinross Offer in action.", intro, library,
                     first_page_extra=filter_form(library), memo=memo, offer_script="library.js",
                     feed={"url": href(uri, LIBRARY_FEED), "title": "New stories"})


def filter_form(library: Library) -> str:
    """The library's filters, shown from the first paint so the page never shifts when library.js starts.

    Without JavaScript assets/noscript.css hides them (and the status), and the list below works alone.
    """
    groups, total = [], len(library.stories)
    for group in library.taxonomy.paged_groups():
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
        '<ol class="offer-cards" role="list" data-offer-results hidden></ol>\n'
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
        '<ol class="offer-cards" role="list" data-offer-search-results></ol>\n'
        '<p><button type="button" class="md-button" data-offer-search-more hidden>Show more results</button></p>\n'
        '<p class="offer-nojs" data-offer-nojs>Search needs JavaScript. You can also browse <a href="../case-studies/">all case studies</a>.</p>\n'
    )
    return GeneratedPage("search.md", page_meta("Search", "Search the Offer library's stories and staff toolkit.",
                                            offer_script="search.js"), html_block(body))


def withdrawn_page(slug: str, library: Library) -> GeneratedPage:
    uri = story_uri(slug)
    body = (
        "<h1>This story has been withdrawn</h1>\n"
        f'<p>The story that was here is no longer published. <a href="{href(uri, LIBRARY + "/")}">Browse the case studies</a> to find others.</p>\n'
    )
    return GeneratedPage(uri, page_meta("Story withdrawn", "This story is no longer published.", hidden=True), html_block(body))


def problem_page(slug: str, problems) -> GeneratedPage:
    """Under `make serve`, what a story that cannot be loaded shows at its address: its problems.

    The preview reloads with this page, so a writer sees what to fix where they are looking;
    a build still stops with the same messages.
    """
    uri = story_uri(slug)
    count = f"{len(problems)} problem{'s' * (len(problems) != 1)}"
    items = "\n".join(
        f"<li>Line {p.line}, <code>{escape(p.field)}</code>: {'warning: ' if not p.is_error else ''}{escape(p.message)}</li>"
        for p in problems
    )
    body = (
        f"<h1>This story has {count} to fix</h1>\n"
        f"<p>The preview cannot show <code>{escape(problems[0].path)}</code> until {'it is' if len(problems) == 1 else 'they are'} fixed. "
        "Save the file and this page reloads; <code>make check</code> lists the same problems.</p>\n"
        f'<ul class="offer-problems">\n{items}\n</ul>\n'
    )
    return GeneratedPage(uri, page_meta("Problems to fix", f"This story has {count} to fix.", hidden=True), html_block(body))


def redirect_page(old_slug: str, story: Story) -> GeneratedPage:
    """A renamed story's old address, sending readers on to the new one."""
    uri = story_uri(old_slug)
    target = href(uri, page_url(story_uri(story.slug)))
    body = f'<h1>This story has moved</h1>\n<p>It is now at <a href="{escape(target)}">{escape(story.title)}</a>.</p>\n'
    return GeneratedPage(uri, page_meta("Story moved", story.summary, hidden=True, redirect=target), html_block(body))


def all_pages(library: Library, memo: PageMemo | None = None) -> list[GeneratedPage]:
    """Every generated page of an edition; with a memo, pieces made for an earlier build are reused."""
    if memo is not None:
        memo.start(library)
    pages = [story_page(s, library, memo) for s in library.stories]
    pages += [redirect_page(old, s) for s in library.stories for old in s.old_slugs]
    pages += [withdrawn_page(slug, library) for slug in library.withdrawn]
    for group in library.taxonomy.paged_groups():
        pages.append(group_page(group, library))
        for term in group.terms:
            pages += term_pages(group, term, library, memo)
    from .coverage import coverage_page  # imported here: coverage builds on this module's helpers
    return pages + library_pages(library, memo) + [search_page(), coverage_page(library)]


# ---------------------------------------------------------------------------
# Atom feeds: the whole library, and each theme and locality
# ---------------------------------------------------------------------------

FEED_GROUPS = ("themes", "localities")
FEED_SIZE = 50
LIBRARY_FEED = f"{LIBRARY}/feed.xml"


def feed_uri(group: Group, slug: str) -> str:
    return f"{group.path}/{slug}/feed.xml"


def all_feeds(library: Library, site_url: str) -> list[tuple[str, str]]:
    """(path, Atom XML) for every feed of an edition."""
    feeds = [(LIBRARY_FEED, atom_feed("New stories", LIBRARY + "/", LIBRARY_FEED, library.stories, site_url))]
    for key in FEED_GROUPS:
        group = library.taxonomy.groups[key]
        for term in group.terms:
            stories = library.stories_for(key, term.slug)
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


def toolkit_footer(page: ToolkitPage) -> str:
    return _html(f'<p class="offer-owner">Page owner: {escape(page.owner)}. Next review: {_time(page.review_by)}.</p>\n')


# ---------------------------------------------------------------------------
# Markers in hand-written pages, e.g. <!-- offer:recent 5 --> on the home page
# ---------------------------------------------------------------------------

_MARKER = re.compile(r"<!--\s*offer:(\w+)(?:\s+([\w-]+))?\s*-->")


def has_markers(markdown: str) -> bool:
    return _MARKER.search(markdown) is not None


def expand_markers(markdown: str, src_uri: str, library: Library) -> str:
    def replace(match: re.Match) -> str:
        name, arg = match.group(1), match.group(2)
        if name == "recent":
            return _html(story_list(library.stories[: int(arg or 5)], library, src_uri, "h3"))
        if name == "featured":
            return _html(story_list(library.featured(), library, src_uri, "h3"))
        if name == "terms" and arg in library.taxonomy.groups:
            return _html(_term_summary(library.taxonomy.groups[arg], library, src_uri))
        if name == "count":
            return str(len(library.stories))
        return match.group(0)

    return _MARKER.sub(replace, markdown)


def _term_summary(group: Group, library: Library, src_uri: str) -> str:
    items = "".join(
        f'<li><a href="{href(src_uri, page_url(term_uri(group, t.slug)))}">{escape(t.label)}</a> '
        f'<span class="offer-term__count">({len(library.stories_for(group.key, t.slug))})</span></li>'
        for t in group.terms
    )
    return f'<ul class="offer-term-summary">{items}</ul>\n'

"""Page text for the generated pages: story pages, term pages, overviews, the library.

Each page is Markdown with front matter, its listings written as HTML (several
times faster than Markdown for long lists). Every string from front matter is
escaped here, because MkDocs' templates do not escape anything.
"""

from __future__ import annotations

import datetime as dt
import posixpath
import re
from dataclasses import dataclass
from html import escape

import yaml

from .model import Library, Story, ToolkitPage
from .taxonomy import Group, Term

PAGE_SIZE = 50  # stories per listing page
LIBRARY = "case-studies"


@dataclass(frozen=True)
class GeneratedPage:
    src_uri: str  # where MkDocs should think the file is, e.g. "themes/economy.md"
    markdown: str


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
    """A relative link from the page at `from_uri` to a site-relative URL."""
    rel = posixpath.relpath("/" + to_url, "/" + page_url(from_uri))
    return rel + "/" if to_url.endswith("/") or to_url == "" else rel


def story_uri(slug: str) -> str:
    return f"{LIBRARY}/{slug}.md"


def term_uri(group: Group, slug: str, page: int = 1) -> str:
    return f"{group.path}/{slug}.md" if page == 1 else f"{group.path}/{slug}/page/{page}.md"


def library_uri(page: int = 1) -> str:
    return f"{LIBRARY}/index.md" if page == 1 else f"{LIBRARY}/page/{page}.md"


# ---------------------------------------------------------------------------
# Small pieces
# ---------------------------------------------------------------------------

def _front_matter(title: str, description: str, listing: bool = False, hidden: bool = False, redirect: str = "") -> str:
    meta = {"title": escape(title), "description": escape(description)}
    if redirect:  # overrides/main.html turns this into a refresh to the new address
        meta["redirect"] = escape(redirect)
    if listing or hidden:  # keeps listings out of search, so each story is found once
        meta["search"] = {"exclude": True}
    if hidden:  # out of the sitemap and search engines too
        meta["sitemap"] = False
        meta["robots"] = "noindex"
    return "---\n" + yaml.safe_dump(meta, allow_unicode=True, sort_keys=False) + "---\n\n"


def escaped_meta(meta: dict) -> dict:
    """The text fields of hand-written front matter, escaped for MkDocs' templates."""
    return {key: escape(meta[key]) for key in ("title", "description") if isinstance(meta.get(key), str)}


def long_date(date: dt.date) -> str:
    return f"{date.day} {date:%B %Y}"


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
        f'<p class="offer-card__summary">{escape(story.summary)}</p></li>'
    )


def story_list(stories, library: Library, from_uri: str, heading: str = "h2") -> str:
    if not stories:
        return '<p class="offer-empty">No stories yet.</p>'
    cards = "\n".join(story_card(s, library, from_uri, heading) for s in stories)
    return f'<ol class="offer-cards" role="list">\n{cards}\n</ol>'


def _count(n: int) -> str:
    return f"{n} {'story' if n == 1 else 'stories'}"


def _pagination(uri_for_page, page: int, pages: int) -> str:
    if pages <= 1:
        return ""
    here = uri_for_page(page)
    newer = f'<a rel="prev" href="{href(here, page_url(uri_for_page(page - 1)))}">Newer stories</a>' if page > 1 else ""
    older = f'<a rel="next" href="{href(here, page_url(uri_for_page(page + 1)))}">Older stories</a>' if page < pages else ""
    return f'<nav class="offer-pagination" aria-label="Pages of stories">{newer}<span>Page {page} of {pages}</span>{older}</nav>'


def _paginate(stories, uri_for_page, title: str, description: str, intro: str, library: Library) -> list[GeneratedPage]:
    """Listing pages of PAGE_SIZE stories each, the first at uri_for_page(1)."""
    pages = max(1, -(-len(stories) // PAGE_SIZE))
    result = []
    for page in range(1, pages + 1):
        uri = uri_for_page(page)
        chunk = stories[(page - 1) * PAGE_SIZE: page * PAGE_SIZE]
        heading = escape(title) + (f" (page {page} of {pages})" if page > 1 else "")
        body = (
            f'<h1>{heading}</h1>\n{intro}\n'
            f'{story_list(chunk, library, uri)}\n{_pagination(uri_for_page, page, pages)}\n'
        )
        result.append(GeneratedPage(uri, _front_matter(title + (f" (page {page})" if page > 1 else ""), description, listing=True) + _html(body)))
    return result


def _html(body: str) -> str:
    """Wrap HTML so Markdown passes it through untouched."""
    return f'<div class="offer-generated" markdown="0">\n{body}</div>\n'


# ---------------------------------------------------------------------------
# Pages
# ---------------------------------------------------------------------------

def story_page(story: Story, library: Library) -> GeneratedPage:
    uri = story_uri(story.slug)
    parts = [_banner(story), f"<h1>{escape(story.title)}</h1>", f'<p class="offer-lead">{escape(story.summary)}</p>']
    if story.image:
        src = href(uri, f"{LIBRARY}/{story.image.content_path}")
        parts.append(f'<figure class="offer-figure"><img src="{escape(src)}" alt="{escape(story.image.alt)}"></figure>')
    parts.append(_metadata_panel(story, library, uri))
    head = _html("\n".join(p for p in parts if p) + "\n")
    tail = _html(_outcomes(story) + _sources(story)) if story.outcomes or story.sources else ""
    return GeneratedPage(uri, _front_matter(story.title, story.summary) + head + "\n" + story.body.strip() + "\n\n" + tail)


def _banner(story: Story) -> str:
    if story.is_draft:
        return '<div class="offer-banner offer-banner--draft" role="note"><strong>Draft.</strong> This story is not published. Only the preview edition shows it.</div>'
    if story.is_staff_only:
        return '<div class="offer-banner offer-banner--staff" role="note"><strong>Staff only.</strong> This story is not on the public site.</div>'
    return ""


def _metadata_panel(story: Story, library: Library, uri: str) -> str:
    rows = [("Date", _time(story.date))]
    for group in library.taxonomy.paged_groups():
        slugs = story.terms(group.field)
        if slugs:
            label = group.singular if len(slugs) == 1 else group.label
            rows.append((label, _term_links(library, group, slugs, uri)))
    if story.partners:
        rows.append(("Partners", ", ".join(escape(p) for p in story.partners)))
    if story.contact:
        rows.append(("Contact", escape(story.contact)))
    items = "".join(f"<dt>{escape(label)}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        '<aside class="offer-meta" aria-labelledby="offer-meta-heading">'
        '<h2 id="offer-meta-heading" class="offer-meta__heading">Story details</h2>'
        f'<dl class="offer-meta__list">{items}</dl></aside>'
    )


def _outcomes(story: Story) -> str:
    if not story.outcomes:
        return ""
    items = "".join(f"<li>{escape(o)}</li>" for o in story.outcomes)
    return f'<section class="offer-outcomes" aria-labelledby="offer-outcomes-heading"><h2 id="offer-outcomes-heading">What changed</h2><ul>{items}</ul></section>\n'


def _sources(story: Story) -> str:
    items = []
    for source in story.sources:
        title = escape(source.title)
        if source.url:
            title = f'<a href="{escape(source.url)}">{title}</a>'
        reference = f", {escape(source.reference)}" if source.reference else ""
        items.append(f"<li>{title}{reference}, {_time(source.date)}</li>")
    return f'<section class="offer-sources" aria-labelledby="offer-sources-heading"><h2 id="offer-sources-heading">Sources</h2><ul>{"".join(items)}</ul></section>\n'


def term_pages(group: Group, term: Term, library: Library) -> list[GeneratedPage]:
    stories = library.stories_for(group.key, term.slug)
    intro = (
        f'<p class="offer-kicker"><a href="{href(term_uri(group, term.slug), group.path + "/")}">{escape(group.label)}</a></p>'
        f"<p>{escape(term.description)}</p>"
    )
    if term.places:
        intro += f'<p class="offer-places"><strong>Places in this area:</strong> {escape(", ".join(term.places))}.</p>'
    intro += f'<p class="offer-count">{_count(len(stories))}</p>'
    return _paginate(stories, lambda page: term_uri(group, term.slug, page), term.label, term.description, intro, library)


def group_page(group: Group, library: Library) -> GeneratedPage:
    uri = f"{group.path}/index.md"
    rows = []
    for term in group.terms:
        count = len(library.stories_for(group.key, term.slug))
        link = f'<a href="{href(uri, page_url(term_uri(group, term.slug)))}">{escape(term.label)}</a>'
        rows.append(f'<li class="offer-term"><h2 class="offer-term__title">{link} <span class="offer-term__count">{_count(count)}</span></h2><p>{escape(term.description)}</p></li>')
    body = f"<h1>{escape(group.label)}</h1>\n<p>{escape(group.description)}</p>\n<ul class=\"offer-terms\" role=\"list\">\n" + "\n".join(rows) + "\n</ul>\n"
    return GeneratedPage(uri, _front_matter(group.label, group.description, listing=True) + _html(body))


def library_pages(library: Library) -> list[GeneratedPage]:
    ways_in = " · ".join(f'<a href="{href(library_uri(), g.path + "/")}">{escape(g.label)}</a>' for g in library.taxonomy.paged_groups())
    intro = f'<p>Stories of the Perth &amp; Kinross Offer in action, newest first.</p><p class="offer-ways-in">Browse by: {ways_in}</p><p class="offer-count">{_count(len(library.stories))}</p>'
    return _paginate(library.stories, library_uri, "Case studies", "Stories of the Perth & Kinross Offer in action.", intro, library)


def withdrawn_page(slug: str, library: Library) -> GeneratedPage:
    uri = story_uri(slug)
    body = (
        "<h1>This story has been withdrawn</h1>\n"
        f'<p>The story that was here is no longer published. <a href="{href(uri, LIBRARY + "/")}">Browse the case studies</a> to find others.</p>\n'
    )
    return GeneratedPage(uri, _front_matter("Story withdrawn", "This story is no longer published.", hidden=True) + _html(body))


def redirect_page(old_slug: str, story: Story) -> GeneratedPage:
    """A renamed story's old address, sending readers on to the new one."""
    uri = story_uri(old_slug)
    target = href(uri, page_url(story_uri(story.slug)))
    body = f'<h1>This story has moved</h1>\n<p>It is now at <a href="{escape(target)}">{escape(story.title)}</a>.</p>\n'
    return GeneratedPage(uri, _front_matter("Story moved", story.summary, hidden=True, redirect=target) + _html(body))


def all_pages(library: Library) -> list[GeneratedPage]:
    """Every generated page of an edition."""
    pages = [story_page(s, library) for s in library.stories]
    pages += [redirect_page(old, s) for s in library.stories for old in s.old_slugs]
    pages += [withdrawn_page(slug, library) for slug in library.withdrawn]
    for group in library.taxonomy.paged_groups():
        pages.append(group_page(group, library))
        for term in group.terms:
            pages += term_pages(group, term, library)
    return pages + library_pages(library)


def toolkit_footer(page: ToolkitPage) -> str:
    return _html(f'<p class="offer-owner">Page owner: {escape(page.owner)}. Next review: {_time(page.review_by)}.</p>\n')


# ---------------------------------------------------------------------------
# Markers in hand-written pages, e.g. <!-- offer:recent 5 --> on the home page
# ---------------------------------------------------------------------------

_MARKER = re.compile(r"<!--\s*offer:(\w+)(?:\s+([\w-]+))?\s*-->")


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

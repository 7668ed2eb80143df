"""A story's page (banner, details panel, body, what changed, sources, related stories),
and the pages at addresses a story has left: moved (old_slugs) and withdrawn.

Only the story's body goes through Markdown: the HTML is put around the rendered
body afterwards, because Python-Markdown's raw-HTML parsing and a YAML round trip
of the metadata cost more than the rest of a page.
"""

from __future__ import annotations

from html import escape

from .addresses import LIBRARY, href, page_url, picture_uri, story_uri, term_uri
from .cards import META, card_terms, story_list
from .memo import PageMemo
from .model import Library, Story
from .pieces import GeneratedPage, html_block, long_date, page_meta, time_tag
from .taxonomy import Group


def story_page(story: Story, library: Library, memo: PageMemo | None = None) -> GeneratedPage:
    if memo is None:
        return _story_page(story, library.related(story), library)
    # a story's page depends on the story and its related stories, and these only on the stories nearby
    related = memo.piece(("related", story.slug), (story, library.nearby(story)), lambda: library.related(story))
    return memo.piece(("story", story.slug), (story, related), lambda: _story_page(story, related, library))


def _story_page(story: Story, related: tuple[Story, ...], library: Library) -> GeneratedPage:
    uri = story_uri(story.slug)
    parts = [_banner(story, library), _badge(story, library), f"<h1>{escape(story.title)}</h1>",
             f'<p class="offer-lead">{escape(story.summary)}</p>']
    if story.image:
        src = href(uri, picture_uri(story.image.content_path))
        parts.append(f'<figure class="offer-figure"><img src="{escape(src)}" alt="{escape(story.image.alt)}"></figure>')
    parts.append(_metadata_panel(story, library, uri))
    head = html_block("\n".join(p for p in parts if p) + "\n")
    tail = html_block(_outcomes(story) + _reported(story) + _about(story, library) + _related(related, library, uri))
    front = page_meta(story.title, story.summary, search=story_search(story, library), offer_story=True)
    return GeneratedPage(uri, front, head, story.body.strip() + "\n", tail)


STORY_TYPE = {"type": "story"}  # a story page's filter that sets it apart from other pages: the library searches only these
# Pagefind's sort keys for a story, each with its value; the library's sort menu orders by them (library_page.SORTS)
SORT_KEYS = {"date": lambda story: story.date.isoformat(), "title": lambda story: story.title.lower()}


def story_search(story: Story, library: Library) -> dict:
    """What Pagefind knows of a story: filters by term slug, sort keys, and card text (META: its names for card.js)."""
    groups = library.taxonomy.filter_groups()
    image = {META["image"]: picture_uri(story.image.content_path), META["image_alt"]: story.image.alt} if story.image else {}
    return {
        "filters": {k: [v] for k, v in STORY_TYPE.items()} | {g.key: list(story.terms_in(g.key)) for g in groups if story.terms_in(g.key)},
        "sort": {key: value(story) for key, value in SORT_KEYS.items()},
        "meta": {META["summary"]: story.summary, META["date"]: long_date(story.date), META["date_iso"]: story.date.isoformat(),
                 META["places"]: card_terms(story, library)} | image,
    }


def _banner(story: Story, library: Library) -> str:
    if story.is_draft:
        return ('<div class="offer-banner offer-banner--draft" role="note"><strong>Draft.</strong> This story is not published. Only the preview edition shows it.'
                f"{_to_fill_in(story)}{_team_unset(library)}</div>")
    if story.is_staff_only:
        return '<div class="offer-banner offer-banner--staff" role="note"><strong>Staff only.</strong> This story is not on the public site.</div>'
    return ""


def _team_unset(library: Library) -> str:
    """While site: team holds its default, the preview says so (the public site just shows the default words)."""
    if library.taxonomy.team_is_set:
        return ""
    return (f'<p class="offer-banner__todo">The library\'s own team is not set yet: pages name "{escape(library.taxonomy.team)}". '
            "Set site: team in case_studies/taxonomy.yml.</p>")


def _badge(story: Story, library: Library) -> str:
    """The story's type (the badge group's term, e.g. Case study) and what that means, above its title."""
    group = library.taxonomy.badge_group()
    terms = [group.term(s) for s in story.terms_in(group.key)] if group else []
    return "".join(f'<p class="offer-type offer-type--{t.slug}"><strong>{escape(t.label)}.</strong> {escape(t.description)}</p>' for t in terms)


def _to_fill_in(story: Story) -> str:
    """The template's example text the check found in a draft: what is left before it can be published."""
    if not story.to_fill_in:
        return ""
    items = "".join(f"<li>{escape(item)}</li>" for item in story.to_fill_in)
    return f'<p class="offer-banner__todo">Still to fill in from the template before it can be published:</p><ul>{items}</ul>'


def _metadata_panel(story: Story, library: Library, uri: str) -> str:
    rows = [("Date", time_tag(story.date) + DATE_NOTES[story.date_is])]
    for group in library.taxonomy.paged_groups():
        slugs = story.terms_in(group.key)
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


def _term_links(library: Library, group: Group, slugs, from_uri: str) -> str:
    links = [f'<a href="{href(from_uri, page_url(term_uri(group, s)))}">{escape(group.term(s).label)}</a>' for s in slugs]
    return ", ".join(links)


def _outcomes(story: Story) -> str:
    if not story.outcomes:
        return ""
    items = "".join(f"<li>{escape(o)}</li>" for o in story.outcomes)
    return f'<section class="offer-outcomes" aria-labelledby="offer-outcomes-heading"><h2 id="offer-outcomes-heading">What changed</h2><ul>{items}</ul></section>\n'


def _reported(story: Story) -> str:
    if not story.reported:
        return ""
    items = "".join(f'<li>{escape(r.outcome)} <span class="offer-about__section">({escape(r.source)}, {escape(r.section)})</span></li>'
                    for r in story.reported)
    return ('<section class="offer-outcomes" aria-labelledby="offer-reported-heading">'
            f'<h2 id="offer-reported-heading">What the sources report happened</h2><ul>{items}</ul></section>\n')


# What the date on a story page means, after the date itself (schema.DATE_MEANINGS)
DATE_NOTES = {
    "happened": "",
    "started": " (when it began; the story gives the whole period)",
    "reported": " (the date of the report; the papers do not say exactly when it happened)",
}


def _about(story: Story, library: Library) -> str:
    """Where the story comes from and who to ask about it."""
    sources = []
    for source in story.sources:
        title = escape(source.title)
        if source.url:
            title = f'<a href="{escape(source.url)}">{title}</a>'
        reference = f", {escape(source.reference)}" if source.reference else ""
        section = f'. <span class="offer-about__section">Where: {escape(source.section)}</span>' if source.section else ""
        sources.append(f"<li>{title}{reference}, {time_tag(source.date)}{section}</li>")
    rows = [("When", time_tag(story.date) + DATE_NOTES[story.date_is]), ("Sources", f'<ul>{"".join(sources)}</ul>')]
    contact = story.contact or library.taxonomy.team
    rows.append(("Contact", escape(contact[:1].upper() + contact[1:])))
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


def redirect_page(old_slug: str, story: Story) -> GeneratedPage:
    """A renamed story's old address, sending readers on to the new one."""
    uri = story_uri(old_slug)
    target = href(uri, page_url(story_uri(story.slug)))
    body = f'<h1>This story has moved</h1>\n<p>It is now at <a href="{escape(target)}">{escape(story.title)}</a>.</p>\n'
    return GeneratedPage(uri, page_meta("Story moved", story.summary, hidden=True, redirect=target), html_block(body))


def withdrawn_page(slug: str, library: Library) -> GeneratedPage:
    uri = story_uri(slug)
    body = (
        "<h1>This story has been withdrawn</h1>\n"
        f'<p>The story that was here is no longer published. <a href="{href(uri, LIBRARY + "/")}">Browse the case studies</a> to find others.</p>\n'
    )
    return GeneratedPage(uri, page_meta("Story withdrawn", "This story is no longer published.", hidden=True), html_block(body))

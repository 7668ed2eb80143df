"""What the core adds to hand-written pages: escaped front matter, markers, toolkit footers."""

from __future__ import annotations

import re
from pathlib import Path
from html import escape

from .addresses import href, page_url, term_uri
from .cards import story_list
from .model import Library, ToolkitPage
from .pieces import markdown_html, time_tag
from .problems import Problem
from .taxonomy import Group


def escaped_meta(meta: dict) -> dict:
    """The text fields of hand-written front matter, escaped for MkDocs' templates."""
    return {key: escape(meta[key]) for key in ("title", "description") if isinstance(meta.get(key), str)}


def search_meta(src_uri: str) -> dict | None:
    """What Pagefind knows of a hand-written page: its type ("toolkit" or "page"); the home page is not searched."""
    if src_uri == "index.md":
        return None
    return {"filters": {"type": ["toolkit" if src_uri.startswith("toolkit/") else "page"]}}


def edit_url(base: str | None, source: Path | None, root: Path) -> str | None:
    """Where to edit a page's real source (stories live in case_studies/, not docs/); None for
    generated listings and for files kept outside this repository."""
    if not base or source is None or root not in source.resolve().parents:
        return None
    return base.rstrip("/") + "/" + source.resolve().relative_to(root).as_posix()


def toolkit_footer(page: ToolkitPage) -> str:
    """Who keeps the page up to date: its owner, or the library's own team (the team marker, expanded with the page's)."""
    owner = escape(page.owner) if page.owner else TEAM_MARKER
    return markdown_html(f'<p class="offer-owner">Page owner: {owner}. Next review: {time_tag(page.review_by)}.</p>\n')


TEAM_MARKER = "<!-- offer:team -->"  # the library's own team, as set in the taxonomy file (site: team)


_MARKER = re.compile(r"<!--\s*offer:(\w+)(?:\s+([\w-]+))?\s*-->")


def has_markers(markdown: str) -> bool:
    return _MARKER.search(markdown) is not None


class MarkerError(Exception):
    """A marker that names a group the taxonomy no longer has (or never had)."""

    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


def expand_markers(markdown: str, src_uri: str, library: Library, first_line: int = 1) -> str:
    """The page's Markdown with each marker replaced; MarkerError for `offer:terms` of a group with no pages."""
    def replace(match: re.Match) -> str:
        name, arg = match.group(1), match.group(2)
        paged = {g.key for g in library.taxonomy.paged_groups()}
        if name == "terms" and arg not in paged:
            line = markdown.count("\n", 0, match.start()) + first_line
            raise MarkerError(Problem(f"docs/{src_uri}", line, "offer:terms",
                                      f'no group "{arg}" with pages in the taxonomy; use one of: {", ".join(sorted(paged))}, or remove the marker'))
        if name == "recent":
            return markdown_html(story_list(library.stories[: int(arg or 5)], library, src_uri, "h3"))
        if name == "featured":
            return markdown_html(story_list(library.featured(), library, src_uri, "h3"))
        if name == "terms":
            return markdown_html(_term_summary(library.taxonomy.groups[arg], library, src_uri))
        if name == "count":
            return str(len(library.stories))
        if name == "team":
            return escape(library.taxonomy.team)
        return match.group(0)

    return _MARKER.sub(replace, markdown)


def _term_summary(group: Group, library: Library, src_uri: str) -> str:
    items = "".join(
        f'<li><a href="{href(src_uri, page_url(term_uri(group, t.slug)))}">{escape(t.label)}</a> '
        f'<span class="offer-term__count">({len(library.stories_for(group.key, t.slug))})</span></li>'
        for t in group.terms
    )
    return f'<ul class="offer-term-summary">{items}</ul>\n'

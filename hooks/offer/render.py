"""Every generated page of an edition, from the modules that each make one kind of page.

addresses.py says where pages live, pieces.py what they are made of, cards.py
how a story looks in a list; story_pages.py, listings.py, library_page.py,
coverage.py and problem_pages.py make the pages; feeds.py the Atom feeds.
"""

from __future__ import annotations

from .coverage import coverage_page
from .library_page import library_pages, search_page
from .listings import group_page, term_pages
from .memo import PageMemo
from .model import Library
from .pieces import GeneratedPage
from .story_pages import redirect_page, story_page, withdrawn_page


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
    return pages + library_pages(library, memo) + [search_page(), coverage_page(library)]

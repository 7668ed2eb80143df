"""Under `make serve`: a page of problems at the address of each story that cannot be loaded."""

from __future__ import annotations

from html import escape
from pathlib import Path

from .addresses import story_uri
from .pieces import GeneratedPage, html_block, page_meta
from .slugs import problem as slug_problem


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


def problem_pages(broken: dict, taken: set[str]) -> list[GeneratedPage]:
    """A page of problems for each broken story file (display path -> problems) whose file name
    can be an address and whose address no other page has."""
    files = {Path(display): problems for display, problems in broken.items()}
    return [problem_page(file.stem, problems) for file, problems in files.items()
            if not slug_problem(file) and story_uri(file.stem) not in taken]

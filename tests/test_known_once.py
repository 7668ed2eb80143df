"""What Python and JavaScript both need is written once, in Python (#23, item 4).

The library page's sentences, the count beside each filter option, the sort menu and its default, the
stories-only filter and the names of the search meta a card shows are constants in hooks/offer/
(library_page.py, story_pages.py, cards.py). The server writes the first view with them, and the page hands
them to library.js and card.js as a JSON block. Here: no script writes one itself, and the pages carry them.
In real chromium (tests/test_library_page.py): the sentences for 0, 1 and many, and, with the constants
changed before a build, the server and the scripts both following.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO
from offer import cards, library_page, story_pages

SCRIPTS = sorted((REPO / "docs" / "assets").glob("*.js"))
_COMMENT = re.compile(r"(?m)(?:^|\s)//.*$")


def code_of(script: Path) -> str:
    """A script without its comments, which may describe what the build sends."""
    return _COMMENT.sub("", script.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------
# No twin in the scripts, and the Python side agrees with itself
# ---------------------------------------------------------------------------

def twins_in(scripts: list[Path]) -> list[str]:
    """Each script that writes itself something the build hands it: script name and what."""
    sentences = [part.strip() for text in library_page.STATUS.values() for part in text.split("{n}") if len(part.strip()) > 3]
    meta = "|".join(map(re.escape, cards.META.values()))
    # compared with, given to, or a key of a sort order (the value alone is also a card's role, "title")
    sort_value = r"""[=!]==?\s*["'`]{0}["'`]|["'`]{0}["'`]\s*[=!]==?|\.value\s*=\s*["'`]{0}["'`]|(?:^|[{{,])\s*["'`]?{0}["'`]?\s*:\s*\{{"""
    twins = {
        "a status sentence": lambda code: any(s in code for s in sentences),
        "a sort value": lambda code: any(re.search(sort_value.format(re.escape(v)), code, re.M) for v in library_page.SORTS),
        "the stories-only filter": lambda code: any(re.search(rf"""\b{re.escape(k)}\s*:\s*["'`]{re.escape(v)}["'`]""", code)
                                                    for k, v in story_pages.STORY_TYPE.items()),
        "a search meta name read directly": lambda code: re.search(rf"\bmeta\??\.(?:{meta})\b", code),
        "the old group:slug count attribute": lambda code: "countFor" in code or "count-for" in code,
    }
    return [f"{script.name}: {what}" for script in scripts for what, has in twins.items() if has(code_of(script))]


def test_the_scripts_write_none_of_what_the_build_hands_them():
    assert twins_in(SCRIPTS) == []


@pytest.mark.parametrize("planted, what", [
    ('status.textContent = n === 1 ? "1 story matches" : `${n} stories match`;', "a status sentence"),
    ('const filters = { type: "story" };', "the stories-only filter"),
    ('if (state.sort !== "newest") params.set("sort", state.sort);', "a sort value"),
    ('const SORTS = {\n  newest: { date: "desc" },\n  title: { title: "asc" },\n};', "a sort value"),
    ("link.textContent = meta.title || data.url;", "a search meta name read directly"),
])
def test_the_guard_sees_a_planted_twin(planted, what, tmp_path):
    """The test above fails on each kind of twin it looks for (each line was in the scripts before #23)."""
    (tmp_path / "planted.js").write_text(f"// {what}\n{planted}\n", encoding="utf-8")
    assert twins_in([tmp_path / "planted.js"]) == [f"planted.js: {what}"]


def test_the_sort_menu_orders_by_sort_keys_the_stories_carry():
    keys = {key for _, sort in library_page.SORTS.values() for key in sort}
    assert keys <= set(story_pages.SORT_KEYS)
    assert next(iter(library_page.SORTS.values()))[1] == {"date": "desc"}  # the default is the server's own order: newest first


def test_the_pages_carry_what_python_knows(real_site):
    """The JSON each page with cards carries is the constants themselves, and it never runs (no hash in the policy)."""
    def block(page: str) -> dict:
        html = (real_site / page).read_text(encoding="utf-8")
        found = re.findall(rf'<script type="application/json" id="{library_page.SCRIPT_DATA}">(.*?)</script>', html)
        assert len(found) == 1, page
        return json.loads(found[0])

    library, search = block("case-studies/index.html"), block("search/index.html")
    assert search == {"meta": cards.META}
    assert library["meta"] == cards.META and library["status"] == library_page.STATUS and library["count"] == library_page.COUNT
    assert library["sorts"] == {value: sort for value, (_, sort) in library_page.SORTS.items()}
    assert library["default_sort"] == "newest" and library["filters"] == story_pages.STORY_TYPE

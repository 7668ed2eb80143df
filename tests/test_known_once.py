"""What Python and JavaScript both need is written once, in Python (#23, item 4).

The library page's sentences, the count beside each filter option, the sort menu and its default, the
stories-only filter and the names of the search meta a card shows are constants in hooks/offer/
(library_page.py, story_pages.py, cards.py). The server writes the first view with them, and the page hands
them to library.js and card.js as a JSON block. These tests change the constants and see both sides follow
in real chromium; a script that wrote any of them itself would not follow.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from conftest import REPO, SITE_CONFIG, add_story, build, serve_folder, story_text
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


# ---------------------------------------------------------------------------
# The real library in chromium: the sentences for 0, 1 and many, and the server's words back after a search
# ---------------------------------------------------------------------------

def status(page):
    return page.locator("[data-offer-status]")


def settle(page):
    expect(status(page)).not_to_have_text("")
    expect(page.locator("[data-offer-results]")).not_to_have_attribute("aria-busy", "true")


def counts(page) -> list[str]:
    return page.locator(".offer-option-count").all_text_contents()


def tick(page, theme: str, on: bool = True):
    box = page.locator(f'input[name="themes"][value="{theme}"]')
    box.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    box.set_checked(on)


def test_the_library_says_what_python_says_for_none_one_and_many(browser, base_url):
    STATUS, page = library_page.STATUS, browser.new_page()
    page.goto(base_url + "case-studies/")
    total = int(page.locator("[data-offer-filters]").get_attribute("data-offer-total"))
    enabling = page.evaluate(f"JSON.parse(document.getElementById('{library_page.SCRIPT_DATA}').textContent).counts.themes.enabling")
    server_status, server_counts = status(page).inner_text(), counts(page)
    assert server_status == STATUS["many"].format(n=total) and total > 1 and enabling > 1
    for query, expected in [("?q=zzzqqx", STATUS["none"]), ("?q=podcasts", STATUS["one"]),  # a word in one story only
                            ("?themes=enabling", STATUS["many"].format(n=enabling))]:
        page.goto(base_url + "case-studies/" + query)
        expect(status(page)).to_have_text(expected)
        settle(page)
    page.get_by_role("button", name="Clear all").click()  # nothing chosen: library.js writes the server's words again
    expect(status(page)).to_have_text(server_status)
    assert counts(page) == server_counts
    page.close()


# ---------------------------------------------------------------------------
# Change the constants, build, and see both sides follow
# ---------------------------------------------------------------------------

# Loaded before the library's own hooks: the one source changed, as a maintainer would change it
RENAMED = """\
import sys
sys.path.insert(0, {hooks!r})
from offer import cards, library_page, story_pages

cards.META.update(summary="abstract", date="day", date_iso="iso_day", places="where", image="picture", image_alt="picture_alt")
library_page.STATUS.update(none="Nothing fits: take a box off.", one="One tale fits", many="{{n}} tales fit")
library_page.COUNT = "[{{n}}]"
story_pages.SORT_KEYS = {{"when": story_pages.SORT_KEYS["date"], "name": story_pages.SORT_KEYS["title"]}}
library_page.SORTS = {{"latest": ("Latest first", {{"when": "desc"}}), "earliest": ("Earliest first", {{"when": "asc"}}),
                      "a-z": ("Name A to Z", {{"name": "asc"}})}}
story_pages.STORY_TYPE["type"] = "tale"
"""

SAME_CARD = """(cards) => cards.map(card => {
    const copy = card.cloneNode(true);
    copy.querySelectorAll("[href]").forEach(a => a.setAttribute("href", new URL(a.href).pathname));
    copy.querySelectorAll("[src]").forEach(img => img.setAttribute("src", new URL(img.src).pathname));
    return copy.outerHTML;
})"""


def test_both_sides_follow_the_constants_when_they_change(site, browser):
    from PIL import Image

    (site.root / "renamed.py").write_text(RENAMED.format(hooks=str(REPO / "hooks")), encoding="utf-8")
    config = SITE_CONFIG.format(repo=REPO).replace("hooks:\n", f"hooks:\n  - {site.root / 'renamed.py'}\n")
    (site.root / "mkdocs.yml").write_text(config, encoding="utf-8")
    (site.content_dir / "images").mkdir()
    Image.new("RGB", (80, 40), "green").save(site.content_dir / "images" / "garden.jpg")
    add_story(site, "oldest-economy", story_text(title="An economy story from 2019", date="2019-05-01", themes="[economy]"))
    add_story(site, "newer-economy", story_text(title="Another economy story", date="2021-05-01", themes="[economy]").replace(
        "consent:", "image:\n  src: images/garden.jpg\n  alt: Raised beds in a garden\nconsent:"))
    add_story(site, "environment", story_text(title="Bees in a garden", date="2020-05-01", themes="[environment]"))
    result = build(site)
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    with serve_folder(site.root / "site") as url:
        page.goto(url + "case-studies/")
        expect(status(page)).to_have_text("3 tales fit")  # the server's words
        server_counts, server_cards = counts(page), page.locator("[data-offer-static] .offer-card").evaluate_all(SAME_CARD)
        assert "[2]" in server_counts and page.locator("#offer-sort option").all_inner_texts() == ["Latest first", "Earliest first", "Name A to Z"]

        tick(page, "economy")  # library.js's words, from the page
        expect(status(page)).to_have_text("2 tales fit")
        settle(page)
        assert "[0]" in counts(page) and "[1]" in counts(page)  # themes counted as if none were ticked: environment 1, others 0
        page.select_option("#offer-sort", "earliest")
        settle(page)
        assert page.url.endswith("sort=earliest")
        assert page.locator("[data-offer-results] .offer-card__title a").all_inner_texts() == ["An economy story from 2019", "Another economy story"]
        filled = page.locator("[data-offer-results] .offer-card").evaluate_all(SAME_CARD)
        assert filled == [card for card in server_cards if "economy" in card][::-1]  # summary, date, places, picture: the server's cards

        tick(page, "economy", False)
        tick(page, "environment")
        expect(status(page)).to_have_text("One tale fits")
        page.locator("#offer-q").fill("zzzqqx")
        expect(status(page)).to_have_text("Nothing fits: take a box off.")
        page.get_by_role("button", name="Clear all").click()  # the default sort leaves the address
        expect(status(page)).to_have_text("3 tales fit")
        assert counts(page) == server_counts and "sort=" not in page.url
    page.close()

"""The library page's filters (docs/assets/library.js) in real headless Chromium.

Runs against the real built site, Pagefind index included. Expected results
come from the built story pages' own Pagefind meta tags, and from the term
pages, never from the script under test. Waits are on the status text and the
results' aria-busy, never fixed sleeps.
"""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from playwright.sync_api import expect

from conftest import REPO, SCREENSHOTS, SITE_CONFIG, VALID_STORY, add_story, axe_violations, build, expect_status, serve_folder, settled, status_for, story_text
from offer import library_page
from offer.library_page import COUNT, STATUS

LIBRARY = "case-studies/"
FIRST_PAGE = 20  # cards library.js shows before "Show more stories"
KEYWORD = ("podcasts", "staff-think-yes-in-lockdown")  # a word only in that story's body

_META = re.compile(r'<meta property="offer:[\w-]+" data-pagefind-(filter|sort)="(\w+)\[content\]" content="([^"]*)">')


@pytest.fixture(scope="module")
def stories(real_site: Path) -> dict[str, dict]:
    """Every published story, by URL path: its filters and date, read from its built page."""
    found = {}
    for path in sorted((real_site / "case-studies").glob("*/index.html")):
        filters, sort = {}, {}
        for kind, name, value in _META.findall(path.read_text(encoding="utf-8")):
            if kind == "filter":
                filters.setdefault(name, set()).add(value)
            else:
                sort[name] = value
        if filters.get("type") == {"story"}:
            found[f"/case-studies/{path.parent.name}/"] = {"filters": filters, "date": sort["date"]}
    assert len(found) >= 5  # enough stories to filter: the starter library has 8 (issue 17 merged its copies)
    return found


def matching(stories, **selected) -> set[str]:
    """Stories matching OR within each group, AND across groups."""
    return {url for url, s in stories.items()
            if all(s["filters"].get(group, set()) & set(values) for group, values in selected.items())}


def option_count(page, group: str, slug: str):
    """The count beside a filter option, in its box's label."""
    return page.locator(f'label[for="f-{group}-{slug}"] .offer-option-count')


def open_library(page, base_url, query=""):
    page.goto(base_url + LIBRARY + query)
    settled(page)
    expect(page.locator("[data-offer-filters]")).to_be_visible()


def shown(page) -> list[str]:
    """The stories on show: search results, or the server's list when nothing is chosen."""
    return page.locator("[data-offer-results]:visible .offer-card__title a, [data-offer-static]:visible .offer-card__title a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)")


def tick(page, group: str, slug: str):
    box = page.locator(f'input[name="{group}"][value="{slug}"]')
    box.locator("xpath=ancestor::details").evaluate("d => d.open = true")
    box.check()


def query(page) -> dict:
    return parse_qs(urlsplit(page.url).query)


def test_first_view_shows_the_newest_stories_without_searching(page, base_url, stories):
    open_library(page, base_url)
    expect_status(page, len(stories))
    expect(page.locator("[data-offer-static]")).to_be_visible()  # nothing chosen: the server's list is the answer
    expect(page.locator("[data-offer-results]")).to_be_hidden()
    assert len(shown(page)) == min(len(stories), 50)
    dates = page.locator("[data-offer-static] time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates == sorted(dates, reverse=True)
    assert dates[0] == max(s["date"] for s in stories.values())
    expect(option_count(page, "themes", "environment")).to_have_text(COUNT.format(n=len(matching(stories, themes=["environment"]))))


def test_filtered_cards_look_like_the_servers(page, base_url, stories):
    open_library(page, base_url, "?sort=oldest")
    expect_status(page, len(stories))
    expect(page.locator("[data-offer-static]")).to_be_hidden()
    assert len(shown(page)) == min(len(stories), FIRST_PAGE)
    card = page.locator("[data-offer-results] .offer-card").first
    expect(card.locator(".offer-card__meta time")).to_have_attribute("datetime", re.compile(r"^\d{4}-\d\d-\d\d$"))
    expect(card.locator(".offer-card__summary")).not_to_be_empty()
    if len(stories) <= FIRST_PAGE:
        expect(page.locator("[data-offer-more]")).to_be_hidden()


SAME_CARD = """(cards) => cards.map(card => {
    const copy = card.cloneNode(true);
    copy.querySelectorAll("[href]").forEach(a => a.setAttribute("href", new URL(a.href).pathname));
    copy.querySelectorAll("[src]").forEach(img => img.setAttribute("src", new URL(img.src).pathname));
    return copy.outerHTML;
})"""


def test_a_filtered_card_is_the_servers_card_exactly(page, base_url, stories):
    """card.js fills the template the build writes from the same markup as the server's cards (hooks/offer/cards.py)."""
    open_library(page, base_url)
    server = page.locator("[data-offer-static] .offer-card").evaluate_all(SAME_CARD)
    open_library(page, base_url, "?sort=title")
    filled = page.locator("[data-offer-results] .offer-card").evaluate_all(SAME_CARD)
    by_link = {re.search(r'href="([^"]+)"', card).group(1): card for card in server}
    assert len(filled) == min(len(stories), FIRST_PAGE) > 0 and all(card == by_link[re.search(r'href="([^"]+)"', card).group(1)] for card in filled)


def test_a_theme_shows_only_its_stories_as_the_term_page_does(page, base_url, stories):
    page.goto(base_url + "themes/environment/")
    listed = set(page.locator(".offer-cards .offer-card__title a").evaluate_all(
        "links => links.map(a => new URL(a.href).pathname)"))
    expected = matching(stories, themes=["environment"])
    assert listed == expected and expected

    open_library(page, base_url)
    tick(page, "themes", "environment")
    expect_status(page, len(expected))
    assert set(shown(page)) == expected
    assert query(page) == {"themes": ["environment"]}


def test_or_within_a_group_widens_and_and_across_groups_narrows(page, base_url, stories):
    open_library(page, base_url)
    tick(page, "themes", "economy")
    one = matching(stories, themes=["economy"])
    expect_status(page, len(one))

    tick(page, "themes", "environment")
    either = matching(stories, themes=["economy", "environment"])
    expect_status(page, len(either))
    assert set(shown(page)) == either and len(either) > len(one)

    tick(page, "principles", "kindness")
    both = matching(stories, themes=["economy", "environment"], principles=["kindness"])
    expect_status(page, len(both))
    assert set(shown(page)) == both and len(both) < len(either)
    assert query(page) == {"themes": ["economy", "environment"], "principles": ["kindness"]}


def test_clear_all_restores_every_story_and_focuses_the_keyword_box(page, base_url, stories):
    open_library(page, base_url, "?themes=economy&sort=oldest&q=food")
    expect(page.locator("#offer-q")).to_have_value("food")
    page.get_by_role("button", name="Clear all").click()
    expect_status(page, len(stories))
    expect(page.locator("#offer-q")).to_be_focused()
    expect(page.locator("#offer-q")).to_have_value("")
    expect(page.locator("#offer-sort")).to_have_value("newest")
    assert page.locator("input[type=checkbox]:checked").count() == 0
    assert urlsplit(page.url).query == ""


def test_url_state_survives_reload_and_the_back_button(page, base_url, stories):
    open_library(page, base_url)
    tick(page, "themes", "equalities-empowerment-fairness")
    themed = matching(stories, themes=["equalities-empowerment-fairness"])
    expect_status(page, len(themed))
    page.select_option("#offer-sort", "oldest")
    settled(page)
    assert query(page) == {"themes": ["equalities-empowerment-fairness"], "sort": ["oldest"]}
    oldest_first = shown(page)

    page.reload()
    settled(page)
    expect(page.locator("#f-themes-equalities-empowerment-fairness")).to_be_checked()
    expect(page.locator("#offer-sort")).to_have_value("oldest")
    expect(page.locator("#f-themes-equalities-empowerment-fairness").locator("xpath=ancestor::details")).to_have_attribute("open", "")
    expect_status(page, len(themed))
    assert shown(page) == oldest_first

    page.go_back()  # before the sort
    expect(page.locator("#offer-sort")).to_have_value("newest")
    settled(page)
    expect(page.locator("#f-themes-equalities-empowerment-fairness")).to_be_checked()
    assert shown(page) != oldest_first and set(shown(page)) == set(oldest_first)

    page.go_back()  # before the theme
    expect(page.locator("#f-themes-equalities-empowerment-fairness")).not_to_be_checked()
    expect_status(page, len(stories))


def test_a_term_pages_filter_link_arrives_with_its_box_ticked(page, base_url, stories):
    page.goto(base_url + "themes/economy/")
    page.get_by_role("link", name="Filter these stories").click()
    settled(page)
    assert urlsplit(page.url).path.endswith("/" + LIBRARY)
    expect(page.locator("#f-themes-economy")).to_be_checked()
    expect(page.locator("#f-themes-economy").locator("xpath=ancestor::details")).to_have_attribute("open", "")
    expected = matching(stories, themes=["economy"])
    expect_status(page, len(expected))
    assert set(shown(page)) == expected


def test_keyword_search_finds_a_story_by_a_word_in_its_body(page, base_url, stories):
    word, slug = KEYWORD
    open_library(page, base_url)
    page.locator("#offer-q").press_sequentially(word)
    expect(page.locator("[data-offer-status]")).not_to_have_text(status_for(len(stories)))
    settled(page)
    assert f"/case-studies/{slug}/" in shown(page)
    assert len(shown(page)) < len(stories)
    assert query(page) == {"q": [word]}


def test_option_counts_say_what_ticking_gives(page, base_url, stories):
    open_library(page, base_url, "?themes=equalities-empowerment-fairness")
    expect_status(page, len(matching(stories, themes=["equalities-empowerment-fairness"])))

    def count(group, slug):
        return int(option_count(page, group, slug).text_content().strip("()"))

    # groups without a selection: the stories the current result would keep
    for box in page.locator('input[name="principles"], input[name="localities"]').all():
        group, slug = box.get_attribute("name"), box.get_attribute("value")
        assert count(group, slug) == len(matching(stories, themes=["equalities-empowerment-fairness"], **{group: [slug]})), slug
    # the selected group: its own filter lifted, so each option counts alone
    for box in page.locator('input[name="themes"]').all():
        slug = box.get_attribute("value")
        assert count("themes", slug) == len(matching(stories, themes=[slug])), slug

    # and ticking gives what the count said, including an option that gives 0
    zero = [b.get_attribute("value") for b in page.locator('input[name="localities"]').all() if count("localities", b.get_attribute("value")) == 0]
    for slug in ["kindness", "partnership-collaboration"]:
        said = count("principles", slug)
        tick(page, "principles", slug)
        expect_status(page, said)
        page.locator(f'input[name="principles"][value="{slug}"]').uncheck()
        settled(page)
    if zero:
        expect(page.locator(f'input[name="localities"][value="{zero[0]}"]')).to_be_enabled()
        tick(page, "localities", zero[0])
        expect_status(page, 0)
        expect(page.locator("[data-offer-results]")).to_be_hidden()


def test_sort_oldest_puts_the_oldest_first(page, base_url, stories):
    open_library(page, base_url)
    page.select_option("#offer-sort", "oldest")
    settled(page)
    dates = page.locator("[data-offer-results] time").evaluate_all("ts => ts.map(t => t.dateTime)")
    assert dates[0] == min(s["date"] for s in stories.values())
    assert dates == sorted(dates)
    page.select_option("#offer-sort", "title")
    settled(page)
    titles = page.locator("[data-offer-results] .offer-card__title a").all_inner_texts()
    assert [t.lower() for t in titles] == sorted(t.lower() for t in titles)


def test_without_javascript_the_static_list_and_pagination_work(browser, base_url, stories):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + LIBRARY)
    expect(page.locator("[data-offer-filters]")).to_be_hidden()
    expect(page.locator("[data-offer-results]")).to_be_hidden()
    expect(page.locator("[data-offer-more]")).to_be_hidden()
    static = page.locator("[data-offer-static]")
    expect(static).to_be_visible()
    links = static.locator(".offer-card__title a").evaluate_all("links => links.map(a => new URL(a.href).pathname)")
    assert len(links) == min(len(stories), 50)
    assert set(links) <= set(stories)
    pagination = static.locator("nav.offer-pagination")
    if len(stories) > 50:
        expect(pagination.get_by_role("link", name="Older stories")).to_be_visible()
    else:
        expect(pagination).to_have_count(0)  # one page: nothing to paginate
    context.close()


def test_keyboard_only_ticks_a_box_and_sees_focus(page, base_url, stories):
    open_library(page, base_url)
    page.locator("#offer-q").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Enter")  # opens Themes
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement;
        return {type: el.type, name: el.name, value: el.value, outline: getComputedStyle(el).outlineStyle};
    }""")
    assert focused["type"] == "checkbox" and focused["name"] == "themes"
    assert focused["outline"] != "none"
    page.keyboard.press("Space")
    expect(page.locator(f'input[value="{focused["value"]}"]')).to_be_checked()
    expect_status(page, len(matching(stories, themes=[focused["value"]])))
    assert page.evaluate("document.activeElement.value") == focused["value"]  # focus stays put


def test_no_accessibility_violations_with_filters_open_and_applied(page, base_url):
    open_library(page, base_url, "?themes=economy&themes=environment")
    page.locator("details.offer-filter-group").evaluate_all("ds => ds.forEach(d => d.open = true)")
    assert axe_violations(page) == []


def test_checkboxes_are_big_enough_to_tap(page, base_url):
    open_library(page, base_url)
    page.locator("details.offer-filter-group").evaluate_all("ds => ds.forEach(d => d.open = true)")
    sizes = page.locator("[data-offer-filters] input[type=checkbox]").evaluate_all(
        "bs => bs.map(b => { const r = b.getBoundingClientRect(); return [r.width, r.height]; })")
    assert sizes and all(w >= 24 and h >= 24 for w, h in sizes)


@pytest.mark.parametrize("label, width, height", [("phone", 320, 640), ("desktop", 1280, 900)])
def test_filtered_page_reflows_and_is_photographed(browser, base_url, label, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    open_library(page, base_url, "?themes=equalities-empowerment-fairness&localities=perth-and-kinross-wide&q=community")
    page.locator("details.offer-filter-group").first.evaluate("d => d.open = true")
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"library-filtered-{label}.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert scroll_width <= width, f"the library scrolls sideways at {width}px ({scroll_width}px wide)"


# Counts rewrites of the live region (its text replaced or edited; the parser only adds) from before the page's scripts run
WATCH_STATUS = """
window.offerStatusChanges = 0;
new MutationObserver((records) => {
  window.offerStatusChanges += records.filter((r) => (r.type === "characterData" || r.removedNodes.length)
    && (r.target.closest ? r.target : r.target.parentElement)?.closest("[data-offer-status]")).length;
}).observe(document, {subtree: true, childList: true, characterData: true});
"""


def test_an_untouched_library_page_fetches_nothing_from_pagefind_until_the_reader_filters(page, base_url, stories):
    """The server's list and counts are the first view: no search, no request to Pagefind, and the live region is left
    as the server wrote it (rewriting it with the same words could make a screen reader say it again)."""
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(WATCH_STATUS)
    open_library(page, base_url)
    expect_status(page, len(stories))
    page.wait_for_load_state("networkidle")
    assert [url for url in requested if "/pagefind/" in url] == []
    assert all(urlsplit(url).netloc == urlsplit(base_url).netloc for url in requested)
    assert page.evaluate("window.offerStatusChanges") == 0
    expect(option_count(page, "themes", "economy")).to_have_text(COUNT.format(n=len(matching(stories, themes=["economy"]))))

    tick(page, "themes", "economy")  # the first filter loads Pagefind, then searches
    expect_status(page, len(matching(stories, themes=["economy"])))
    assert set(shown(page)) == matching(stories, themes=["economy"])
    assert any(urlsplit(url).path == "/pagefind/pagefind.js" for url in requested)
    page.locator('input[name="themes"][value="economy"]').uncheck()  # back to nothing chosen: the server's counts
    expect_status(page, len(stories))
    expect(option_count(page, "themes", "economy")).to_have_text(COUNT.format(n=len(matching(stories, themes=["economy"]))))


def test_typing_a_word_loads_pagefind_and_searches(page, base_url, stories):
    word, slug = KEYWORD
    requested: list[str] = []
    page.on("request", lambda request: requested.append(urlsplit(request.url).path))
    open_library(page, base_url)
    page.locator("#offer-q").press_sequentially(word)
    expect(page.locator("[data-offer-status]")).not_to_have_text(status_for(len(stories)))
    settled(page)
    assert f"/case-studies/{slug}/" in shown(page)


def test_without_the_search_index_the_filters_give_way_to_the_plain_list(browser, real_site, tmp_path, stories):
    import shutil

    shutil.copytree(real_site, tmp_path / "site", ignore=shutil.ignore_patterns("pagefind"))
    page = browser.new_page()
    with serve_folder(tmp_path / "site") as url:
        open_library(page, url)
        tick(page, "themes", "economy")
        expect(page.locator("[data-offer-filters]")).to_be_hidden()
        expect(page.locator("[data-offer-static]")).to_be_visible()
        expect(page.locator("[data-offer-results]")).to_be_hidden()
    page.close()


# ---------------------------------------------------------------------------
# A fixture library bigger than one page of results: "Show more stories"
# ---------------------------------------------------------------------------

def test_show_more_loads_the_next_twenty_and_moves_focus(site, browser):
    total = 45
    for i in range(total):
        add_story(site, f"story-{i:02d}", story_text(title=f"Fixture story number {i:02d}",
                                                      date=f"2020-{1 + i // 28:02d}-{1 + i % 28:02d}"))
    result = build(site)
    assert result.returncode == 0, result.stderr
    page = browser.new_page()
    fragments = []
    page.on("requestfinished", lambda request: request.url.endswith(".pf_fragment") and fragments.append(request.url))
    with serve_folder(site.root / "site") as url:
        open_library(page, url, "?sort=oldest")
        expect_status(page, total)
        assert len(shown(page)) == FIRST_PAGE
        assert len(fragments) == FIRST_PAGE  # data only for the cards shown
        more = page.get_by_role("button", name="Show more stories")
        more.click()
        expect(page.locator("[data-offer-results] .offer-card")).to_have_count(2 * FIRST_PAGE)
        expect(page.locator("[data-offer-results] .offer-card").nth(FIRST_PAGE).locator("a")).to_be_focused()
        more.click()
        expect(page.locator("[data-offer-results] .offer-card")).to_have_count(total)
        expect(more).to_be_hidden()
        assert len(shown(page)) == len(set(shown(page))) == total
    page.close()


def test_works_when_the_site_is_served_under_a_sub_path(real_site, browser, tmp_path, stories):
    """As on GitHub Pages (https://owner.github.io/repo/): result links keep the /repo/ prefix."""
    import shutil

    shutil.copytree(real_site, tmp_path / "repo")
    page = browser.new_page()
    with serve_folder(tmp_path) as url:
        open_library(page, url + "repo/", "?themes=economy")
        expected = matching(stories, themes=["economy"])
        expect_status(page, len(expected))
        assert set(shown(page)) == {"/repo" + url for url in expected}
        assert urlsplit(page.url).path == "/repo/case-studies/"
    page.close()


def test_cards_show_a_storys_picture_with_its_alt_text(site, browser):
    from PIL import Image

    (site.content_dir / "images").mkdir()
    Image.new("RGB", (80, 40), "blue").save(site.content_dir / "images" / "garden.jpg")
    add_story(site, "pictured", VALID_STORY.replace("consent:", "image:\n  src: images/garden.jpg\n  alt: Raised beds in a garden\nconsent:"))
    assert build(site).returncode == 0
    page = browser.new_page()
    with serve_folder(site.root / "site") as url:
        for query, where in [("", "[data-offer-static]"), ("?sort=oldest", "[data-offer-results]")]:
            open_library(page, url, query)
            image = page.locator(f"{where} .offer-card__image")
            expect(image).to_have_attribute("alt", "Raised beds in a garden")
            page.wait_for_function(f"() => document.querySelector('{where} .offer-card__image').naturalWidth === 80")
    page.close()


# ---------------------------------------------------------------------------
# Knowledge once (#23): the sentences, counts, sorts and meta names are Python's, and the scripts follow them
# ---------------------------------------------------------------------------

def counts(page) -> list[str]:
    return page.locator(".offer-option-count").all_text_contents()


def test_the_library_says_what_python_says_for_none_one_and_many(page, base_url):
    """The sentences are library_page.STATUS for 0, 1 and many; after Clear all library.js writes the server's words and counts."""
    page.goto(base_url + "case-studies/")
    total = int(page.locator("[data-offer-filters]").get_attribute("data-offer-total"))
    enabling = page.evaluate(f"JSON.parse(document.getElementById('{library_page.SCRIPT_DATA}').textContent).counts.themes.enabling")
    server_status, server_counts = page.locator("[data-offer-status]").inner_text(), counts(page)
    assert server_status == STATUS["many"].format(n=total) and total > 1 and enabling > 1
    for query, expected in [("?q=zzzqqx", STATUS["none"]), ("?q=podcasts", STATUS["one"]),  # a word in one story only
                            ("?themes=enabling", STATUS["many"].format(n=enabling))]:
        page.goto(base_url + "case-studies/" + query)
        expect(page.locator("[data-offer-status]")).to_have_text(expected)
        settled(page)
    page.get_by_role("button", name="Clear all").click()  # nothing chosen: library.js writes the server's words again
    expect(page.locator("[data-offer-status]")).to_have_text(server_status)
    assert counts(page) == server_counts


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


def test_both_sides_follow_the_constants_when_they_change(site, browser):
    """A script that wrote any of these itself, or a Python page that did not use the constant, would not follow."""
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
        expect(page.locator("[data-offer-status]")).to_have_text("3 tales fit")  # the server's words
        server_counts, server_cards = counts(page), page.locator("[data-offer-static] .offer-card").evaluate_all(SAME_CARD)
        assert "[2]" in server_counts and page.locator("#offer-sort option").all_inner_texts() == ["Latest first", "Earliest first", "Name A to Z"]

        tick(page, "themes", "economy")  # library.js's words, from the page
        expect(page.locator("[data-offer-status]")).to_have_text("2 tales fit")
        settled(page)
        assert "[0]" in counts(page) and "[1]" in counts(page)  # themes counted as if none were ticked: environment 1, others 0
        page.select_option("#offer-sort", "earliest")
        settled(page)
        assert page.url.endswith("sort=earliest")
        assert page.locator("[data-offer-results] .offer-card__title a").all_inner_texts() == ["An economy story from 2019", "Another economy story"]
        filled = page.locator("[data-offer-results] .offer-card").evaluate_all(SAME_CARD)
        assert filled == [card for card in server_cards if "economy" in card][::-1]  # summary, date, places, picture: the server's cards

        page.locator('input[name="themes"][value="economy"]').uncheck()
        tick(page, "themes", "environment")
        expect(page.locator("[data-offer-status]")).to_have_text("One tale fits")
        page.locator("#offer-q").fill("zzzqqx")
        expect(page.locator("[data-offer-status]")).to_have_text("Nothing fits: take a box off.")
        page.get_by_role("button", name="Clear all").click()  # the default sort leaves the address
        expect(page.locator("[data-offer-status]")).to_have_text("3 tales fit")
        assert counts(page) == server_counts and "sort=" not in page.url
    page.close()

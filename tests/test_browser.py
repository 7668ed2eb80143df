"""The built site in real headless Chromium: accessibility, reflow, keyboard, privacy.

Playwright drives Debian's chromium (never a downloaded browser); axe-core
checks each page against WCAG 2.2 AA. Screenshots go to tests/screenshots/.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

from conftest import SCREENSHOTS, axe_violations

def key_pages(real_site: Path) -> dict[str, str]:
    """A page of each kind the site has, by a short name."""
    story = sorted(p.parent.name for p in (real_site / "case-studies").glob("*/index.html") if p.parent.name != "page")[0]
    toolkit = sorted(p.parent.name for p in (real_site / "toolkit").glob("*/index.html"))
    pages = {
        "home": "", "library": "case-studies/", "story": f"case-studies/{story}/",
        "themes": "themes/", "theme": "themes/environment/", "locality": "localities/highland-perthshire/",
        "principle": "principles/kindness/", "about": "about/", "toolkit": "toolkit/",
        "coverage": "coverage/", "open-data": "open-data/",
    }
    if toolkit:
        pages["toolkit-page"] = f"toolkit/{toolkit[0]}/"
    return pages


@pytest.fixture(scope="module")
def pages(real_site):
    return key_pages(real_site)


PAGE_NAMES = ["home", "library", "story", "themes", "theme", "locality", "principle", "about", "toolkit", "toolkit-page",
              "coverage", "open-data"]


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_no_accessibility_violations(browser, base_url, pages, name):
    page = browser.new_page()
    page.goto(base_url + pages[name])
    violations = axe_violations(page)
    page.close()
    assert violations == []


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_pages_reflow_at_320_css_pixels_and_are_photographed(browser, base_url, pages, name):
    SCREENSHOTS.mkdir(exist_ok=True)
    for label, width, height in [("phone", 320, 640), ("desktop", 1280, 900)]:
        page = browser.new_page(viewport={"width": width, "height": height})
        page.goto(base_url + pages[name])
        page.screenshot(path=str(SCREENSHOTS / f"{name}-{label}.png"), full_page=True)
        scroll_width = page.evaluate("document.documentElement.scrollWidth")
        page.close()
        assert scroll_width <= width, f"{name} scrolls sideways at {width}px ({scroll_width}px wide)"


def test_keyboard_users_can_skip_to_content_with_visible_focus(browser, base_url, pages):
    page = browser.new_page()
    page.goto(base_url + pages["story"])
    page.keyboard.press("Tab")
    focused = page.evaluate("""() => {
        const el = document.activeElement, style = getComputedStyle(el);
        return {text: el.textContent.trim(), outline: style.outlineStyle};
    }""")
    assert focused["text"] == "Skip to content"
    page.keyboard.press("Enter")
    for _ in range(3):
        page.keyboard.press("Tab")
    style = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    page.close()
    assert style != "none"


def test_pages_make_no_third_party_requests(browser, base_url, pages):
    hosts = set()
    page = browser.new_page()
    page.on("request", lambda request: hosts.add(urlsplit(request.url).netloc))
    for name in PAGE_NAMES:
        page.goto(base_url + pages[name])
        page.wait_for_load_state("networkidle")
    page.close()
    assert hosts == {urlsplit(base_url).netloc}


# --- search (Pagefind) ------------------------------------------------------------------------

def wait_for_results(page) -> None:
    page.wait_for_function("() => document.querySelector('[data-offer-search-status]').textContent !== ''", timeout=15_000)
    page.wait_for_function("() => !document.querySelector('[data-offer-search-results]').hasAttribute('aria-busy')")


def search_titles(browser, base_url, query: str) -> list[str]:
    """Every result's title, with "Show more results" pressed until all are shown."""
    page = browser.new_page()
    page.goto(base_url + "search/?q=" + query)
    wait_for_results(page)
    more = page.get_by_role("button", name="Show more results")
    while more.is_visible():
        count = page.locator("[data-offer-search-results] li").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('[data-offer-search-results] li').length > {count}")
    titles = page.locator("[data-offer-search-results] h2").all_inner_texts()
    page.close()
    return titles


def test_search_finds_a_locality_by_one_of_its_towns(browser, base_url):
    assert "Highland Perthshire" in search_titles(browser, base_url, "Pitlochry")
    assert "Strathearn and Strathallan" in search_titles(browser, base_url, "Crieff")


def test_search_finds_a_story_by_a_word_in_its_text_once(browser, base_url, real_site):
    titles = search_titles(browser, base_url, "Pink Elephant")
    story = [t for t in titles if "plain English" in t]
    assert len(story) == 1, titles  # listings are not indexed, so the story is not found twice


def test_search_results_show_the_story_summary(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "search/?q=neighbourliness")
    wait_for_results(page)
    summaries = page.locator("[data-offer-search-results] .offer-card__summary").all_inner_texts()
    lines = page.locator("[data-offer-search-results] .offer-card__meta").all_inner_texts()
    violations = axe_violations(page)
    page.screenshot(path=str(SCREENSHOTS / "search-desktop.png"), full_page=True)
    page.close()
    assert any("Since March 2020 the council has gathered examples" in s for s in summaries), summaries
    assert any("· Case study · Perth and Kinross-wide" in line for line in lines), lines  # the story's label, as on its card
    assert violations == []


def test_typing_searches_keeps_the_query_in_the_address_and_loads_no_filters(browser, base_url):
    page = browser.new_page()
    requests = []
    page.on("request", lambda request: requests.append(urlsplit(request.url).path))
    page.goto(base_url + "search/")
    expect(page.get_by_label("Words to look for")).to_be_focused()
    page.keyboard.type("Crieff")
    wait_for_results(page)
    expect(page.locator("[data-offer-search-status]")).to_contain_text("for “Crieff”")
    assert urlsplit(page.url).query == "q=Crieff"
    first = page.locator("[data-offer-search-results] a").first
    assert first.get_attribute("href").startswith("/")
    page.close()
    assert not [r for r in requests if "/pagefind/filter/" in r or "pagefind-ui" in r], requests


def test_a_search_with_no_results_says_so(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "search/?q=zzxqv")
    wait_for_results(page)
    expect(page.locator("[data-offer-search-status]")).to_have_text("Nothing found for “zzxqv”. Try another word, or a place name.")
    expect(page.locator("[data-offer-search-results] li")).to_have_count(0)
    page.close()

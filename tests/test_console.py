"""One page of every kind opens in the browser with nothing in the console: no error, no failed request.

A Content-Security-Policy report fails it too (conftest.CheckedBrowser, as for every browser test).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import PAGE_KINDS, serve_folder

PAGES = {kind: address for kind, address in PAGE_KINDS.items() if kind != "old address"}  # which moves on: its own test
REDIRECT = (PAGE_KINDS["old address"], PAGE_KINDS["story"])


@pytest.fixture(scope="module")
def public_url(every_edition: dict[str, Path]):
    with serve_folder(every_edition["public"]) as url:
        yield url


def problems_while(browser, open_page, moves_on: bool = False) -> list[str]:
    """Console errors and failed requests (status 400 or more, or no answer) while `open_page(page)` runs.

    `moves_on`: the page goes to another address by itself, which cancels the first page's requests still under way.
    """
    page = browser.new_page()
    problems: list[str] = []
    cancelled = "net::ERR_ABORTED" if moves_on else None
    page.on("console", lambda m: problems.append(f"console {m.type}: {m.text}") if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(f"uncaught: {e}"))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} ({r.failure})") if r.failure != cancelled else None)
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    open_page(page)
    page.wait_for_load_state("networkidle")  # Material's own fetches come after the page has loaded
    page.close()
    return problems


@pytest.mark.parametrize("kind", PAGES)
def test_a_page_of_every_kind_opens_with_a_clean_console(browser, public_url, kind):
    assert problems_while(browser, lambda page: page.goto(public_url + PAGES[kind])) == []


def test_search_with_a_query_shows_results_with_a_clean_console(browser, public_url):
    def search(page):
        page.goto(public_url + PAGES["search"] + "?q=Pitlochry")
        page.wait_for_selector("[data-offer-search-results] li", timeout=15_000)

    assert problems_while(browser, search) == []


def test_an_old_address_redirects_with_a_clean_console(browser, public_url):
    old, new = REDIRECT

    def follow(page):
        page.goto(public_url + old)
        page.wait_for_url(public_url + new)

    assert problems_while(browser, follow, moves_on=True) == []

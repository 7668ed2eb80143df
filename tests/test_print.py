"""Printing: a story or a toolkit page prints on A4 with its text and details, and none of the site's chrome.

Real pages of the real site, printed to PDF by Debian's chromium and read back
with pypdf; print-emulated screenshots go to tests/screenshots/print-*.png.
"""

from __future__ import annotations

import io
import re

import pypdf
import pytest

from conftest import SCREENSHOTS

STORY = "case-studies/partners-agree-five-priorities/"
TOOLKIT = "toolkit/place-standard/"
WITH_OUTSIDE_LINKS = "accessibility/"  # no story or toolkit page links outside the site yet
A4_POINTS = (595.28, 841.89)  # 210 x 297 mm
A4_WIDTH_PX = 794  # 210 mm at 96 CSS pixels to the inch
CHROME = ["Skip to content", "Table of contents", "Back to top", "Contribute a story", "Kinds of story",
          "Twenty-minute neighbourhoods", "Supporting volunteering", "Search", "Related stories", "Edit this page"]
CHROME_SELECTORS = [".md-header", ".md-sidebar--primary", ".md-sidebar--secondary", ".md-footer", ".md-skip", ".md-top"]


def printed(browser, url: str, **pdf_options) -> tuple[str, list[tuple[float, float]]]:
    """A page printed to PDF (A4 unless told): its text, with runs of white space as one space, and its page sizes."""
    page = browser.new_page()
    page.goto(url)
    reader = pypdf.PdfReader(io.BytesIO(page.pdf(**({"format": "A4"} | pdf_options))))
    page.close()
    text = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    return text, [(float(p.mediabox.width), float(p.mediabox.height)) for p in reader.pages]


def is_a4(size: tuple[float, float]) -> bool:
    """Within a point: Chromium rounds paper sizes to whole CSS pixels."""
    return all(abs(got - want) <= 1 for got, want in zip(size, A4_POINTS))


def squeezed(text: str) -> str:
    """Text without spaces, so an address broken across lines still matches."""
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize("path, wanted", [
    (STORY, ["Partners propose five priorities from the issues COVID-19 raised", "List what exists first",
             "Story details", "Theme", "Locality", "Principle", "Kind of story", "Type of story", "Partners",
             "What changed", "About this story", "Sources", "Revising the Local Outcomes Improvement Plan"]),
    (TOOLKIT, ["Using the Place Standard", "The council papers do not describe the tool's questions", "Step by step",
               "Page owner: the team that looks after this library"]),
])
def test_a_page_prints_on_a4_with_its_text_and_details_and_no_site_chrome(browser, base_url, path, wanted):
    text, sizes = printed(browser, base_url + path)
    assert sizes and all(map(is_a4, sizes)), sizes
    missing = [w for w in wanted if w not in text]
    assert missing == []
    assert [c for c in CHROME if c in text] == []
    assert squeezed(f"Read this page online at http://127.0.0.1:8000/{path}") in squeezed(text)  # from site_url
    assert "../" not in text  # links inside the library print as plain text


def test_the_print_styles_ask_for_a4_paper(browser, base_url):
    """Printed from a browser set to US Letter, the page's own @page rule still chooses A4."""
    _, sizes = printed(browser, base_url + STORY, format="Letter", prefer_css_page_size=True)
    assert all(map(is_a4, sizes)), sizes


def test_outside_links_print_their_address(browser, base_url):
    text, _ = printed(browser, base_url + WITH_OUTSIDE_LINKS)
    assert squeezed("AbilityNet (https://mcmw.abilitynet.org.uk/)") in squeezed(text)
    assert squeezed("(https://www.equalityadvisoryservice.com/)") in squeezed(text)


@pytest.mark.parametrize("name, path", [("story", STORY), ("toolkit", TOOLKIT)])
def test_print_view_hides_the_chrome_and_is_photographed(browser, base_url, name, path):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": A4_WIDTH_PX, "height": 1123})
    page.goto(base_url + path)
    page.emulate_media(media="print")
    for selector in CHROME_SELECTORS:
        assert not page.locator(selector).first.is_visible(), selector
    assert page.locator("h1").first.is_visible()
    assert page.locator(".offer-print-address").is_visible()
    page.screenshot(path=str(SCREENSHOTS / f"print-{name}.png"), full_page=True)
    page.close()


def test_the_print_styles_change_nothing_on_screen(browser, base_url):
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(base_url + STORY)
    assert page.locator('link[href$="assets/print.css"]').get_attribute("media") == "print"
    assert not page.locator(".offer-print-address").is_visible()
    assert page.locator(".md-header").is_visible()
    with_print_styles = page.screenshot(full_page=True)
    page.locator('link[href$="assets/print.css"]').evaluate("link => link.remove()")
    assert page.screenshot(full_page=True) == with_print_styles
    page.close()


# Each shaded cell of the "at a glance" grid as printed: its background, and its number's colour
PRINTED_CELLS = """() => [...document.querySelectorAll('.offer-grid td[class*="offer-shade-"]')].map(td => {
    const number = td.querySelector('a') || td;
    return [td.className, getComputedStyle(td).backgroundColor, getComputedStyle(td).backgroundImage,
            getComputedStyle(number).color, getComputedStyle(td).printColorAdjust];
})"""


def _luminance(rgb: str) -> float:
    channels = [int(c) / 255 for c in re.findall(r"\d+", rgb)[:3]]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_the_coverage_grid_prints_its_shading_with_readable_numbers(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "coverage/")
    page.emulate_media(media="print")
    cells = page.evaluate(PRINTED_CELLS)
    page.close()
    assert cells
    for css, background, hatching, colour, adjust in cells:
        assert adjust == "exact", css  # printed even when the browser leaves out backgrounds
        if "offer-shade-0" in css:
            assert "repeating-linear-gradient" in hatching, css
            continue
        assert background != "rgba(0, 0, 0, 0)", css
        light, dark = sorted([_luminance(background), _luminance(colour)], reverse=True)
        assert (light + 0.05) / (dark + 0.05) >= 4.5, (css, background, colour)

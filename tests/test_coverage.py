"""The library at a glance (/coverage/): counts, drawing, the built page and the page in a browser.

Expected numbers come from the stories' own term fields, counted here in a
different way from hooks/offer/coverage.py, or by hand for the fixture. Waits
in the browser are on the library page's status text, never fixed sleeps.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from conftest import REPO, SCREENSHOTS, add_story, axe_violations, build, check, expect_status, story_text
from offer import coverage
from offer.content import Project
from offer.model import EDITIONS, Library

PAGE = "coverage/"


# ---------------------------------------------------------------------------
# Counting, on a fixture library counted by hand
# ---------------------------------------------------------------------------

@pytest.fixture
def fixture_content(project):
    add_story(project, "a", story_text(themes="[economy]", localities="[perth-city]", kind="community-led", date="2020-06-01"))
    add_story(project, "b", story_text(themes="[economy, environment]", localities="[perth-city, highland-perthshire]",
                                       kind="partners-together", date="2021-03-01"))
    add_story(project, "c", story_text(themes="[environment]", localities="[perth-and-kinross-wide]",
                                       kind="staff-with-communities", date="2018-01-01"))
    add_story(project, "staff-only", story_text(themes="[economy]", localities="[eastern-perthshire]", audience="staff"))
    add_story(project, "draft", story_text(themes="[education-learning]", localities="[strathearn-strathallan]", status="draft"))
    content = check(project)
    assert content.ok, content.problems
    return content


def test_counts_by_hand_in_the_public_edition(fixture_content):
    cov = coverage.count(fixture_content.library("public"))
    assert cov.total == 3
    assert cov.counts["localities"] == {"perth-city": 2, "highland-perthshire": 1, "eastern-perthshire": 0, "strathearn-strathallan": 0,
                              "kinross-shire-almond-earn": 0, "perth-and-kinross-wide": 1}
    filled = {pair: n for pair, n in cov.pairs.items() if n}
    assert filled == {("economy", "perth-city"): 2, ("economy", "highland-perthshire"): 1, ("environment", "perth-city"): 1,
                      ("environment", "highland-perthshire"): 1, ("environment", "perth-and-kinross-wide"): 1}
    groups = fixture_content.taxonomy.groups
    pairs = len(groups["themes"].terms) * len(groups["localities"].terms)
    assert len(cov.pairs) == pairs and len(cov.gaps) == pairs - 5
    assert ("education-learning", "strathearn-strathallan") in cov.gaps  # the draft's pair
    assert cov.years == {2018: 1, 2019: 0, 2020: 1, 2021: 1}  # an empty year is shown, as a gap
    assert cov.counts["kinds"] == {"staff-with-communities": 1, "community-led": 1, "think-yes-decisions": 0, "partners-together": 1}


def test_staff_only_and_draft_stories_count_only_in_their_editions(fixture_content):
    public, staff, preview = (coverage.count(fixture_content.library(e)) for e in ("public", "staff", "preview"))
    assert public.counts["localities"]["eastern-perthshire"] == 0 and staff.counts["localities"]["eastern-perthshire"] == 1
    assert public.pairs[("economy", "eastern-perthshire")] == 0 and staff.pairs[("economy", "eastern-perthshire")] == 1
    assert staff.pairs[("education-learning", "strathearn-strathallan")] == 0
    assert preview.pairs[("education-learning", "strathearn-strathallan")] == 1
    assert (public.total, staff.total, preview.total) == (3, 4, 5)


def test_staff_and_preview_pages_say_what_they_count_that_the_public_site_does_not(fixture_content):
    pages = {e: coverage.coverage_page(fixture_content.library(e)).before for e in ("public", "staff", "preview")}
    assert "The library holds 3 stories." in pages["public"] and "edition" not in pages["public"]
    assert "The library holds 4 stories." in pages["staff"]
    assert "This is the staff edition:</strong> it counts staff-only stories too, which the public site leaves out." in pages["staff"]
    assert "The library holds 5 stories." in pages["preview"]
    assert ("This is the preview edition:</strong> it counts draft stories and staff-only stories too, "
            "which the public site leaves out.") in pages["preview"]


def test_summaries_say_what_the_pictures_show(fixture_content):
    library = fixture_content.library("public")
    cov = coverage.count(library)
    assert coverage.where_summary(library, cov) == (
        "Perth and Kinross-wide, shown apart, has 1 story; of the 5 localities, Perth City has the most (2), "
        "and 3 have none yet: Eastern Perthshire; Strathearn and Strathallan; and Kinross-shire, Almond and Earn.")
    assert coverage.grid_summary(library, cov) == (
        "Of the 30 pairs of theme and locality, 5 have at least one story and 25 have none yet (hatched); "
        "the fullest is Economy for Perth City, with 2 stories.")
    assert coverage.years_summary(cov) == (
        "The stories date from 2018 to 2021; 2018, 2020 and 2021 have the most, with 1 story each, and 1 year has none.")
    assert coverage.bars_summary(library.taxonomy.groups["kinds"], cov) == (
        "Of the 4 kinds of story, Staff working with communities, Community-led action and Partners working together "
        "have the most (1 each), and Think Yes decisions has none yet.")


SMALL_LIBRARIES = {  # stories (as story_text changes) -> the summaries, in page order
    "none": ([], [
        "Perth and Kinross-wide, shown apart, has no stories; of the 5 localities, none has a story yet.",
        "Of the 30 pairs of theme and locality, none has a story yet.",
        "There are no stories yet.",
        "Of the 4 kinds of story, none has a story yet."]),
    "one": ([{"themes": "[economy]", "localities": "[perth-city]"}], [
        "Perth and Kinross-wide, shown apart, has no stories; of the 5 localities, Perth City has the most (1), and 4 have "
        "none yet: Highland Perthshire; Eastern Perthshire; Strathearn and Strathallan; and Kinross-shire, Almond and Earn.",
        "Of the 30 pairs of theme and locality, 1 has at least one story and 29 have none yet (hatched); "
        "the fullest is Economy for Perth City, with 1 story.",
        "The only story is from 2020.",
        "Of the 4 kinds of story, Community-led action has the most (1), and 3 have none yet: "
        "Staff working with communities, Think Yes decisions and Partners working together."]),
    "two in one year, one area-wide": ([{"localities": "[perth-and-kinross-wide]"}, {"date": "2020-09-01"}], [
        "Perth and Kinross-wide, shown apart, has 1 story; of the 5 localities, Highland Perthshire has the most (1), "
        "and 4 have none yet: Perth City; Eastern Perthshire; Strathearn and Strathallan; and Kinross-shire, Almond and Earn.",
        "Of the 30 pairs of theme and locality, 2 have at least one story and 28 have none yet (hatched); "
        "2 pairs share the most, with 1 story each.",
        "Both stories are from 2020.",
        "Of the 4 kinds of story, Community-led action has the most (2), and 3 have none yet: "
        "Staff working with communities, Think Yes decisions and Partners working together."]),
}


@pytest.mark.parametrize("name", SMALL_LIBRARIES)
def test_summaries_read_as_plain_english_for_small_libraries(project, name):
    """No "1 have", "0 stories" or "the fewest (0)", and no year named twice."""
    stories, expected = SMALL_LIBRARIES[name]
    for i, changes in enumerate(stories):
        add_story(project, f"story-{i}", story_text(**changes))
    library = check(project).library("public")
    cov = coverage.count(library)
    summaries = [coverage.where_summary(library, cov), coverage.grid_summary(library, cov),
                 coverage.years_summary(cov), coverage.bars_summary(library.taxonomy.groups["kinds"], cov)]
    assert summaries == expected


def test_an_empty_library_still_gives_a_page(project):
    library = check(project).library("public")
    page = coverage.coverage_page(library).before
    assert "The library holds 0 stories." in page and "There are no stories yet." in page
    assert "case-studies/?" not in page  # nothing to link to but contributing


def test_each_count_gets_the_shade_its_legend_says(fixture_content):
    for most in range(1, 40):
        ranges = coverage.shade_ranges(most)
        covered = [n for _, low, high in ranges for n in range(low, high + 1)]
        assert covered == list(range(1, most + 1))  # every count in exactly one range, in order
        for shade, low, high in ranges:
            assert {coverage.shade(n, most) for n in range(low, high + 1)} == {shade}
    assert coverage.shade(0, 5) == 0 and coverage.shade(5, 5) == coverage.SHADES


# ---------------------------------------------------------------------------
# Counting the real content, against the stories' own fields
# ---------------------------------------------------------------------------

@pytest.fixture(scope="module")
def real_library() -> Library:
    content = check(Project.at(REPO))
    assert content.ok
    return content.library("public")


def expected_counts(library: Library) -> dict:
    """The same numbers as coverage.count, counted story by story from each story's own fields."""
    themes = [t.slug for t in library.taxonomy.groups["themes"].terms]
    places = [t.slug for t in library.taxonomy.groups["localities"].terms]
    stories = library.stories
    return {
        "localities": {p: sum(p in s.terms["localities"] for s in stories) for p in places},
        "pairs": {(t, p): sum(t in s.terms["themes"] and p in s.terms["localities"] for s in stories) for t in themes for p in places},
        "kinds": {k.slug: sum(s.terms["kinds"] == (k.slug,) for s in stories) for k in library.taxonomy.groups["kinds"].terms},
        "years": {y: sum(s.date.year == y for s in stories)
                  for y in range(min(s.date.year for s in stories), max(s.date.year for s in stories) + 1)},
    }


def test_real_counts_match_the_stories(real_library):
    cov = coverage.count(real_library)
    expected = expected_counts(real_library)
    assert cov.total == len(real_library.stories) > 0
    assert (cov.counts["localities"], cov.pairs, cov.counts["kinds"], cov.years) == (expected["localities"], expected["pairs"], expected["kinds"], expected["years"])
    assert cov.gaps == [pair for pair, n in expected["pairs"].items() if n == 0]


# ---------------------------------------------------------------------------
# Escaping, the map layout check, and a page of fixed size
# ---------------------------------------------------------------------------

HOSTILE_THEME = "<script>alert('theme')</script> Economy"
HOSTILE_PLACE = 'Perth "City" <img src=x onerror=alert(1)>'


def make_hostile(project: Project) -> None:
    path = project.content_dir / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("label: Economy\n", f'label: "{HOSTILE_THEME}"\n', 1)
    text = text.replace("label: Perth City\n", "label: 'Perth \"City\" <img src=x onerror=alert(1)>'\n", 1)
    path.write_text(text, encoding="utf-8")


def test_hostile_labels_are_escaped(project):
    make_hostile(project)
    add_story(project, "a", story_text(themes="[economy]", localities="[perth-city]"))
    library = check(project).library("public")
    assert library.taxonomy.groups["localities"].term("perth-city").label == HOSTILE_PLACE
    page = coverage.coverage_page(library)
    html = page.before + page.after
    assert "<script" not in html and "<img" not in html
    assert "&lt;script&gt;alert(&#x27;theme&#x27;)&lt;/script&gt; Economy" in html
    assert 'aria-label="Perth &quot;City&quot; &lt;img src=x onerror=alert(1)&gt;: 1 story"' in html


def test_hostile_labels_are_escaped_in_a_real_build(site):
    make_hostile(site)
    add_story(site, "a", story_text(themes="[economy]", localities="[perth-city]"))
    build(site)
    html = (site.root / "site" / "coverage" / "index.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(&#x27;theme&#x27;)&lt;/script&gt; Economy" in html
    assert "<script>alert(" not in html and "<img src=x" not in html


BAD_TILES = [
    ("tile: {x: 2, y: 2, width: 1, height: 1}  # the centre", "tile: {x: 2, y: 2, width: 0, height: 1}",
     "groups.localities.terms.0.tile: tile must be whole squares within a 12 by 12 map"),
    ("tile: {x: 2, y: 2, width: 1, height: 1}  # the centre", "tile: {x: 11, y: 2, width: 2, height: 1}",
     "groups.localities.terms.0.tile: tile must be whole squares within a 12 by 12 map"),
    ("tile: {x: 2, y: 2, width: 1, height: 1}  # the centre", "tile: [2, 2, 1, 1]",
     "groups.localities.terms.0.tile: tile must be whole squares"),
    ("tile: {x: 2, y: 2, width: 1, height: 1}  # the centre", "tile: {x: 1, y: 1, width: 1, height: 1}",
     "groups.localities.terms.1.tile: Highland Perthshire's tile overlaps Perth City's; tiles must not share squares"),
    ("        tile: {x: 2, y: 2, width: 1, height: 1}  # the centre\n", "",
     "groups.localities.terms.0.tile: Perth City needs a tile on the map like the others"),
    ("        wide: true\n", "        wide: true\n        tile: {x: 5, y: 5, width: 1, height: 1}\n",
     "groups.localities.terms.5.tile: Perth and Kinross-wide covers the whole area and is shown apart from the map; remove its tile"),
]


@pytest.mark.parametrize("old, new, message", BAD_TILES)
def test_a_bad_map_layout_gives_one_clear_line(project, old, new, message):
    path = project.content_dir / "taxonomy.yml"
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    problems = [str(p) for p in check(project).problems]
    assert len(problems) == 1, problems
    assert re.fullmatch(r"case_studies/taxonomy\.yml:\d+: .+", problems[0]) and "\n" not in problems[0]
    assert message in problems[0]


def test_the_real_map_covers_every_locality_but_the_area_wide_one(taxonomy):
    localities = taxonomy.groups["localities"]
    assert [t.slug for t in localities.terms if not t.tile] == ["perth-and-kinross-wide"]


def test_without_tiles_the_page_has_no_map_but_all_its_numbers(project):
    path = project.content_dir / "taxonomy.yml"
    path.write_text(re.sub(r"(?m)^ +tile: .*\n", "", path.read_text(encoding="utf-8")), encoding="utf-8")
    add_story(project, "a", story_text(localities="[perth-city]"))
    library = check(project).library("public")
    page = coverage.coverage_page(library).before
    assert "<svg class=\"offer-map__svg\"" not in page and "<figure" not in page
    assert page.count('<ul class="offer-legend"') == 1  # the grid's: no legend for a map that is not there
    assert "<caption>Stories by locality</caption>" in page and 'href="../case-studies/?themes=equalities-empowerment-fairness&amp;localities=perth-city"' in page


def many_stories(library: Library, count: int, years: range) -> Library:
    """`count` copies of the library's stories, spread over `years`, as the real model builds them."""
    first = library.stories
    stories = [dataclasses.replace(first[i % len(first)], slug=f"story-{i}", date=dt.date(years[i % len(years)], 5, 1))
               for i in range(count)]
    return Library.build(library.taxonomy, EDITIONS["public"], stories)


def test_the_page_stays_the_same_size_however_many_stories(real_library):
    years = range(2016, 2022)
    small = coverage.coverage_page(many_stories(real_library, 30, years)).before
    large = coverage.coverage_page(many_stories(real_library, 3000, years)).before
    assert small.count("<") == large.count("<")  # the same elements: only the numbers in them change
    assert len(large) - len(small) < 500  # wider numbers only
    longer = coverage.coverage_page(many_stories(real_library, 3000, range(2012, 2022))).before
    assert longer.count("<tr>") - large.count("<tr>") == 4  # one row for each extra year
    assert len(large) < 40_000


# ---------------------------------------------------------------------------
# The palette: computed WCAG contrast ratios from the style sheet
# ---------------------------------------------------------------------------

CSS = (REPO / "docs" / "assets" / "offer.css").read_text(encoding="utf-8")


def colour(name: str) -> str:
    return re.search(rf"--{name}:\s*(#[0-9a-fA-F]{{6}})", CSS).group(1)


def contrast(one: str, two: str) -> float:
    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
        r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * r + 0.7152 * g + 0.0722 * b
    light, dark = sorted([luminance(one), luminance(two)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("shade", range(1, coverage.SHADES + 1))
def test_text_on_every_shade_passes_aa(shade):
    assert contrast(colour(f"offer-shade-{shade}"), colour(f"offer-shade-{shade}-text")) >= 4.5


def test_text_on_the_hatching_and_the_graphics_pass_aa():
    for ground in ("#ffffff", colour("offer-hatch")):  # both stripes of "none yet"
        assert contrast(ground, colour("offer-shade-0-text")) >= 4.5
    assert contrast("#ffffff", colour("offer-edge")) >= 3  # tile and swatch edges on the page
    assert contrast("#ffffff", colour("md-primary-fg-color")) >= 3  # the bars
    assert contrast("#ffbf47", "#0b0c0c") >= 3  # the focus ring's yellow on its black edge


def test_every_shade_is_styled_for_the_map_the_grid_and_the_legend():
    for shade in range(1, coverage.SHADES + 1):
        assert f".offer-shade-{shade} .offer-map__tile {{ fill: var(--offer-shade-{shade}); }}" in CSS
        assert f".md-typeset td.offer-shade-{shade} {{ background: var(--offer-shade-{shade}); color: var(--offer-shade-{shade}-text); }}" in CSS


# ---------------------------------------------------------------------------
# The built page: its numbers, its links, and where it appears
# ---------------------------------------------------------------------------

def test_the_built_page_is_linked_and_kept_out_of_search(real_site):
    html = (real_site / "coverage" / "index.html").read_text(encoding="utf-8")
    assert "data-pagefind-body" not in html  # a listing: stories are found once, on their own pages
    assert '<a href="../coverage/">The library at a glance</a>' in (real_site / "case-studies" / "index.html").read_text(encoding="utf-8")
    assert 'href="../coverage/"' in (real_site / "about" / "index.html").read_text(encoding="utf-8")  # in the nav
    assert len(html.encode()) < 60_000


def table(page, caption: str) -> list[list[str]]:
    """The text of each cell as people see it (without the words only screen readers get)."""
    rows = page.locator("table", has=page.locator("caption", has_text=re.compile(f"^{caption}$")))
    return rows.locator("tr").evaluate_all("""trs => trs.map(tr => [...tr.cells].map(cell => {
        const copy = cell.cloneNode(true);
        copy.querySelectorAll('.offer-visually-hidden').forEach(hidden => hidden.remove());
        return copy.textContent.trim();
    }))""")


def test_the_tables_show_the_models_numbers(page, base_url, real_library):
    expected = expected_counts(real_library)
    taxonomy = real_library.taxonomy
    page.goto(base_url + PAGE)
    places = table(page, "Stories by locality")
    assert places[1:] == [[t.label, str(expected["localities"][t.slug])] for t in taxonomy.groups["localities"].terms]
    grid = table(page, "Stories by theme and locality")
    localities = taxonomy.groups["localities"].terms
    assert grid[0] == ["Theme"] + [t.label for t in localities]
    for row, theme in zip(grid[1:], taxonomy.groups["themes"].terms, strict=True):
        assert row == [theme.label] + [str(expected["pairs"][(theme.slug, p.slug)]) for p in localities]
    assert table(page, "Stories by year")[1:] == [[str(y), str(n)] for y, n in expected["years"].items()]
    assert table(page, "Stories by kind of story")[1:] == [[k.label, str(expected["kinds"][k.slug])] for k in taxonomy.groups["kinds"].terms]


# Each link to the library with the number of stories it says it leads to: in a map area's name,
# in a grid cell's text, or in the bar beside a kind of story
SHOWN_NUMBERS = """links => links.map(a => {
    const count = a.classList.contains('offer-map__area') ? a.getAttribute('aria-label').match(/(\\d+) stor/)[1]
        : a.closest('td') ? a.firstChild.textContent
        : a.closest('tr').querySelector('.offer-bar__count').textContent;
    return [new URL(a.getAttribute('href'), location.href).href, Number(count)];  // an SVG link's href is not a string
})"""


def test_every_link_names_real_terms_and_the_library_shows_that_many(page, base_url, real_library):
    page.goto(base_url + PAGE)
    links = page.locator(".offer-generated a[href*='case-studies/?']").evaluate_all(SHOWN_NUMBERS)
    assert len(links) >= 5  # enough links to check: the starter library has 8 stories, all Perth and Kinross-wide
    groups = real_library.taxonomy.groups
    for url, shown in links:
        query = parse_qs(urlsplit(url).query)
        assert urlsplit(url).path == "/case-studies/"
        assert query and all(len(values) == 1 and groups[key].term(values[0]) for key, values in query.items()), url
        n = sum(all(query[key][0] in s.terms_in(key) for key in query) for s in real_library.stories)
        assert shown == n > 0, url
        page.goto(url)
        expect_status(page, n)


def test_the_page_claims_only_links_it_has_and_names_no_place_the_taxonomy_does_not(fixture_content):
    page = coverage.coverage_page(fixture_content.library("public")).before
    assert "Every number links" not in page  # the locality and year tables' numbers are not links
    caption = re.search(r"<figcaption>(.*?)</figcaption>", page).group(1).lower()
    localities = fixture_content.taxonomy.groups["localities"].terms
    assert [word for t in localities for word in (t.label, *t.aliases) if word.lower() in caption] == []


def test_areas_with_no_stories_invite_a_contribution(fixture_content):
    page = coverage.coverage_page(fixture_content.library("public")).before
    assert '<a href="../contribute/" class="offer-map__area offer-shade-0" aria-label="Eastern Perthshire: no stories yet. Contribute a story">' in page
    assert 'href="../case-studies/?localities=perth-city"' in page
    assert 'href="../case-studies/?themes=economy&amp;localities=perth-city"' in page


# ---------------------------------------------------------------------------
# In the browser: accessibility, reflow, keyboard, screenshots
# ---------------------------------------------------------------------------

def test_no_accessibility_violations(page, base_url):
    page.goto(base_url + PAGE)
    assert axe_violations(page) == []


@pytest.mark.parametrize("label, width, height", [("desktop", 1280, 900), ("phone-320", 320, 640), ("phone-390", 390, 844)])
def test_page_reflows_and_is_photographed(browser, base_url, label, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(base_url + PAGE)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"coverage-{label}.png"), full_page=True)
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    grid_fits = page.locator(".offer-grid").evaluate("g => g.getBoundingClientRect().right <= document.documentElement.clientWidth")
    page.close()
    assert scroll_width <= width, f"the page scrolls sideways at {width}px ({scroll_width}px wide)"
    assert grid_fits


FOCUS_STYLE = """() => {
    const el = document.activeElement;
    const ring = el.querySelector('.offer-map__ring');
    const style = getComputedStyle(el);
    return {
        label: el.getAttribute('aria-label') || el.textContent.trim(),
        href: el.getAttribute('href'),
        area: el.classList.contains('offer-map__area'),
        grid: !!el.closest('.offer-grid') && el.tagName === 'A',
        outline: style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) >= 2,
        ring: ring ? getComputedStyle(ring).stroke !== 'none' && parseFloat(getComputedStyle(ring).strokeWidth) >= 3 : false,
    };
}"""


def test_keyboard_reaches_every_area_and_grid_link_with_visible_focus(page, base_url):
    page.goto(base_url + PAGE)
    areas = page.locator(".offer-map__area").count()
    grid_links = page.locator(".offer-grid a").count()
    reached = []
    for _ in range(300):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUS_STYLE)
        if focused["area"] or focused["grid"]:
            reached.append(focused)
        if len(reached) == areas + grid_links:
            break
    assert len({f["label"] for f in reached if f["area"]}) == areas > 0
    assert len({f["href"] for f in reached if f["grid"]}) == grid_links > 0
    assert all(f["ring"] for f in reached if f["area"]), "a map area has no visible focus ring"
    assert all(f["outline"] for f in reached if f["grid"]), "a grid link has no visible focus outline"
    assert all(f["label"] for f in reached)  # every link has a name


# Each map area's text lines that stick out of its tile, in SVG units (a pixel's slack for rounding)
TEXT_OUTSIDE_TILES = """() => [...document.querySelectorAll('.offer-map__area')].flatMap(area => {
    const tile = area.querySelector('.offer-map__tile').getBBox();
    return [...area.querySelectorAll('text')].map(text => text.getBBox()).filter(box =>
        box.x < tile.x - 1 || box.y < tile.y - 1 || box.x + box.width > tile.x + tile.width + 1
        || box.y + box.height > tile.y + tile.height + 1
    ).map(box => area.getAttribute('aria-label'));
})"""


@pytest.mark.parametrize("n", [0, 1, 12345])
def test_map_text_stays_inside_its_tile_whatever_the_count(page, base_url, real_library, n):
    """Drawn with the site's own fonts and styles: a narrow tile (Perth City) must hold "none yet" and big numbers."""
    cov = coverage.count(real_library)
    cov = dataclasses.replace(cov, counts=cov.counts | {"localities": dict.fromkeys(cov.counts["localities"], n)})
    page.goto(base_url + PAGE)
    page.locator(".offer-map__svg").evaluate("(svg, html) => { svg.outerHTML = html; }", coverage.map_svg(real_library, cov))
    assert page.evaluate(TEXT_OUTSIDE_TILES) == []

"""The library at a glance: how many stories there are by place, theme, year and kind.

One generated page, /coverage/. Each taxonomy group says how it is shown
(`glance:` in taxonomy.yml): a schematic map (inline SVG drawn here from the
terms' tiles), the rows or the columns of a grid, or bars; the years always
get bars. Today: a map of the localities, a theme by locality grid, and bars
by kind of story. Every picture comes with a table of the
same numbers and a sentence saying what it shows. The page only counts, it
never lists stories, so it stays the same small size however large the
library grows.
"""

from __future__ import annotations

import math
import textwrap
from collections import Counter
from dataclasses import dataclass
from html import escape

from .addresses import CONTRIBUTE, COVERAGE, LIBRARY, href
from .model import EDITIONS, Library
from .pieces import GeneratedPage, html_block, page_meta, story_count
from .taxonomy import Group, Term

URI = COVERAGE
TITLE = "The library at a glance"
DESCRIPTION = "Where the library's stories are, what they cover, and where the gaps are."
SHADES = 4  # levels of shading for counts above nought: CSS classes offer-shade-1 to offer-shade-4


# ---------------------------------------------------------------------------
# Counting
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Coverage:
    total: int
    counts: dict[str, dict[str, int]]  # group key -> {term slug -> stories}, for each group on the page, taxonomy order
    pairs: dict[tuple[str, str], int]  # (row slug, column slug) -> stories, every pair of the grid
    years: dict[int, int]  # every year from the oldest story's to the newest's, empty years too

    @property
    def gaps(self) -> list[tuple[str, str]]:
        """(theme, locality) pairs with no story yet."""
        return [pair for pair, n in self.pairs.items() if n == 0]


def shown_as(library: Library, part: str) -> Group | None:
    """The group shown as the map, the grid's rows or its columns (the taxonomy allows one each), if any."""
    return next(iter(library.taxonomy.glance(part)), None)


def count(library: Library) -> Coverage:
    """Count the edition's stories. A story with two localities counts once in each."""
    counts = {}
    for group in library.taxonomy.story_groups():
        if group.glance:
            found = Counter(slug for s in library.stories for slug in s.terms_in(group.key))
            counts[group.key] = {t.slug: found[t.slug] for t in group.terms}
    rows, columns = shown_as(library, "rows"), shown_as(library, "columns")
    pairs = Counter()
    if rows and columns:
        pairs = Counter((r, c) for s in library.stories for r in s.terms_in(rows.key) for c in s.terms_in(columns.key))
    years = Counter(s.date.year for s in library.stories)
    span = range(min(years), max(years) + 1) if years else range(0)
    return Coverage(
        total=len(library.stories),
        counts=counts,
        pairs={(r.slug, c.slug): pairs[(r.slug, c.slug)] for r in rows.terms for c in columns.terms} if rows and columns else {},
        years={year: years[year] for year in span},
    )


def shade(n: int, most: int) -> int:
    """How dark to shade a count: 0 for none, else 1 to SHADES in proportion to the largest count."""
    return 0 if n == 0 else math.ceil(SHADES * n / most)


def shade_ranges(most: int) -> list[tuple[int, int, int]]:
    """(shade, lowest count, highest count) for each shade that some count from 1 to `most` gets."""
    ranges = [(k, (k - 1) * most // SHADES + 1, k * most // SHADES) for k in range(1, SHADES + 1)]
    return [r for r in ranges if r[1] <= r[2]]


# ---------------------------------------------------------------------------
# Sentences that say what each picture shows
# ---------------------------------------------------------------------------

def _and(names: list[str]) -> str:
    """Names as a list in a sentence; semicolons between them when a name holds a comma or "and"."""
    if len(names) == 1:
        return names[0]
    if any("," in name or " and " in name for name in names):
        return "; ".join(names[:-1]) + "; and " + names[-1]
    return ", ".join(names[:-1]) + " and " + names[-1]


def _has(n: int) -> str:
    return "has" if n == 1 else "have"


def _stories(n: int) -> str:
    return story_count(n) if n else "no stories"


def _most_and_fewest(counted: list[tuple[str, int]]) -> str:
    """E.g. "Perth City has the most (4) and Eastern Perthshire the fewest (1)", naming any with none yet."""
    most, fewest = max(n for _, n in counted), min(n for _, n in counted)
    if most == 0:
        return "none has a story yet"
    if most == fewest:
        return f"each has {story_count(most)}" if len(counted) > 1 else f"{counted[0][0]} has {story_count(most)}"
    top = [name for name, n in counted if n == most]
    bottom = [name for name, n in counted if n == fewest]
    sentence = f"{_and(top)} {_has(len(top))} the most ({most}{' each' if len(top) > 1 else ''})"
    if fewest:
        return sentence + f" and {_and(bottom)} the fewest ({fewest})"
    if len(bottom) == 1:
        return sentence + f", and {bottom[0]} has none yet"
    return sentence + f", and {len(bottom)} have none yet: {_and(bottom)}"


def where_summary(library: Library, cov: Coverage) -> str:
    group = shown_as(library, "map")
    counts = cov.counts[group.key]
    places = [(t.label, counts[t.slug]) for t in group.terms if not t.wide]
    # the area-wide ones first: the list of localities may hold semicolons of its own
    apart = "".join(f"{t.label}, shown apart, has {_stories(counts[t.slug])}; " for t in group.terms if t.wide)
    sentence = apart + f"of the {len(places)} {group.label.lower()}, {_most_and_fewest(places)}."
    return sentence[0].upper() + sentence[1:]


def grid_summary(library: Library, cov: Coverage) -> str:
    pairs, gaps = len(cov.pairs), len(cov.gaps)
    filled = pairs - gaps
    of = f"pairs of {shown_as(library, 'rows').singular.lower()} and {shown_as(library, 'columns').singular.lower()}"
    if not filled:
        return f"Of the {pairs} {of}, none has a story yet."
    if not gaps:
        sentence = f"Each of the {pairs} {of} has at least one story"
    else:
        sentence = (f"Of the {pairs} {of}, {filled} {_has(filled)} at least one story "
                    f"and {gaps} {_has(gaps)} none yet (hatched)")
    most = max(cov.pairs.values())
    fullest = [pair for pair, n in cov.pairs.items() if n == most]
    if len(fullest) > 1:
        return sentence + f"; {len(fullest)} pairs share the most, with {story_count(most)} each."
    theme, place = _labels(library, fullest[0])
    return sentence + f"; the fullest is {theme} for {place}, with {story_count(most)}."


def years_summary(cov: Coverage) -> str:
    if not cov.years:
        return "There are no stories yet."
    first, last = min(cov.years), max(cov.years)
    if first == last:
        stories = {1: "The only story is", 2: "Both stories are"}.get(cov.total, f"All {cov.total} stories are")
        return f"{stories} from {first}."
    most = max(cov.years.values())
    busiest = [str(year) for year, n in cov.years.items() if n == most]
    sentence = (f"The stories date from {first} to {last}; {_and(busiest)} {_has(len(busiest))} the most, "
                f"with {story_count(most)}{' each' if len(busiest) > 1 else ''}")
    empty = sum(n == 0 for n in cov.years.values())
    if empty:
        sentence += f", and {empty} {'year has' if empty == 1 else 'years have'} none"
    return sentence + "."


def bars_summary(group: Group, cov: Coverage) -> str:
    counts = cov.counts[group.key]
    return f"Of the {len(group.terms)} {group.label.lower()}, {_most_and_fewest([(t.label, counts[t.slug]) for t in group.terms])}."


def _labels(library: Library, pair: tuple[str, str]) -> tuple[str, str]:
    return shown_as(library, "rows").term(pair[0]).label, shown_as(library, "columns").term(pair[1]).label


# ---------------------------------------------------------------------------
# Links: the library filtered to a term or a pair (library.js reads the query string)
# ---------------------------------------------------------------------------

def filtered(**terms: str) -> str:
    """The library page with filters, e.g. filtered(themes="economy") -> "case-studies/?themes=economy"."""
    return href(URI, LIBRARY + "/") + "?" + "&".join(f"{key}={slug}" for key, slug in terms.items())


# ---------------------------------------------------------------------------
# The map: a tile per locality, laid out by the taxonomy file, area-wide terms in a band below
# ---------------------------------------------------------------------------

SQUARE_WIDTH, SQUARE_HEIGHT = 130, 100  # one map square, in SVG units
INSET = 5  # white space round each tile, so neighbouring tiles stay apart
FONT, LINE = 22, 25  # text size and line height, in SVG units
BAND_GAP, BAND_HEIGHT = 30, 80  # the area-wide band: its distance below the map, and its height


def map_svg(library: Library, cov: Coverage) -> str:
    """The map, or nothing if the taxonomy gives the localities no tiles."""
    group = shown_as(library, "map")
    if not group or not group.mapped_terms:
        return ""
    counts = cov.counts[group.key]
    wide = [t for t in group.terms if t.wide]
    width = max(t.tile.x + t.tile.width for t in group.mapped_terms) * SQUARE_WIDTH
    height = max(t.tile.y + t.tile.height for t in group.mapped_terms) * SQUARE_HEIGHT
    most = max(counts.values(), default=0)
    areas = [_area(group, t, counts[t.slug], most, _tile_box(t)) for t in group.mapped_terms]
    for i, term in enumerate(wide):  # apart from the map: they are about everywhere at once
        top = height + BAND_GAP + i * (BAND_HEIGHT + 2 * INSET)
        areas.append(_area(group, term, counts[term.slug], most, (INSET, top, width - 2 * INSET, BAND_HEIGHT)))
    full_height = height + (BAND_GAP + len(wide) * (BAND_HEIGHT + 2 * INSET) if wide else 0)
    return (
        f'<svg class="offer-map__svg" viewBox="0 0 {width} {full_height}" '
        f'aria-label="Schematic map of the {len(group.mapped_terms)} {escape(group.label.lower())}: each area links to its stories">'
        '<defs><pattern id="offer-hatch" width="14" height="14" patternUnits="userSpaceOnUse" patternTransform="rotate(45)">'
        '<rect class="offer-hatch__ground" width="14" height="14"/><rect class="offer-hatch__line" width="7" height="14"/></pattern></defs>'
        + "".join(areas) + "</svg>"
    )


def _tile_box(term: Term) -> tuple[int, int, int, int]:
    tile = term.tile
    return (tile.x * SQUARE_WIDTH + INSET, tile.y * SQUARE_HEIGHT + INSET,
            tile.width * SQUARE_WIDTH - 2 * INSET, tile.height * SQUARE_HEIGHT - 2 * INSET)


def _area(group: Group, term: Term, n: int, most: int, box: tuple[int, int, int, int]) -> str:
    """One linked area: a shaded tile with the locality's name and count; none yet links to contributing."""
    x, y, w, h = box
    if n:
        link, name = filtered(**{group.key: term.slug}), f"{term.label}: {story_count(n)}"
    else:
        link, name = href(URI, CONTRIBUTE), f"{term.label}: no stories yet. Contribute a story"
    fits = int((w - 12) / (FONT * 0.55))  # characters a line of the tile holds, roughly
    lines = [*textwrap.wrap(term.label, width=max(4, fits), break_long_words=False), _tile_count(n, fits)]
    return (
        f'<a href="{escape(link)}" class="offer-map__area offer-shade-{shade(n, most)}" aria-label="{escape(name)}">'
        f'<rect class="offer-map__tile" x="{x}" y="{y}" width="{w}" height="{h}" rx="4"{"" if n else _HATCHED}/>'
        f'<rect class="offer-map__ring" x="{x + 6}" y="{y + 6}" width="{w - 12}" height="{h - 12}" rx="2"/>'
        f"{_centred_lines(lines, x + w / 2, y + h / 2)}</a>"
    )


def _tile_count(n: int, fits: int) -> str:
    """The count as a tile shows it: "3 stories", or "3" alone where that is too wide, or "None yet"."""
    if not n:
        return "None yet"
    return story_count(n) if len(story_count(n)) <= fits else str(n)


_HATCHED = ' fill="url(#offer-hatch)"'  # an attribute, not CSS: url() in a style sheet would resolve against the sheet


def _centred_lines(lines: list[str], middle_x: float, middle_y: float) -> str:
    """Lines of text centred on a point; the last one (the count) in bold."""
    first = middle_y - len(lines) * LINE / 2 + FONT * 0.8  # baseline of the first line
    texts = []
    for i, line in enumerate(lines):
        bold = ' class="offer-map__count"' if i == len(lines) - 1 else ""
        texts.append(f'<text{bold} x="{middle_x:g}" y="{first + i * LINE:g}" text-anchor="middle">{escape(line)}</text>')
    return "".join(texts)


# ---------------------------------------------------------------------------
# Tables: the text equivalent of each picture, and the grid itself
# ---------------------------------------------------------------------------

def legend(most: int, label: str) -> str:
    """What each shade means, with the hatching for none: shading is never the only way a number is shown."""
    keys = [(0, "none yet")] + [(k, str(lo) if lo == hi else f"{lo} to {hi}") for k, lo, hi in shade_ranges(most)]
    items = "".join(f'<li><span class="offer-swatch offer-shade-{k}" aria-hidden="true"></span> {text}</li>' for k, text in keys)
    return f'<p class="offer-legend__label">{escape(label)}</p><ul class="offer-legend" role="list">{items}</ul>'


def _table(caption: str, headings: tuple[str, str], rows: list[tuple[str, str]], css_class: str) -> str:
    """A two-column table: a row heading and a cell of HTML for each row."""
    body = "".join(f'<tr><th scope="row">{head}</th><td>{cell}</td></tr>' for head, cell in rows)
    return (
        f'<table class="offer-counts {css_class}"><caption>{escape(caption)}</caption>'
        f'<thead><tr><th scope="col">{escape(headings[0])}</th><th scope="col">{escape(headings[1])}</th></tr></thead>'
        f"<tbody>{body}</tbody></table>"
    )


def map_table(group: Group, cov: Coverage) -> str:
    rows = [(escape(t.label), str(cov.counts[group.key][t.slug])) for t in group.terms]
    return _table(f"Stories by {group.singular.lower()}", (group.singular, "Stories"), rows, "offer-counts--places")


def grid(library: Library, cov: Coverage) -> str:
    """The grid: a row per term of the rows group, a column per term of the columns group, each cell shaded and linked."""
    rows, columns = shown_as(library, "rows"), shown_as(library, "columns")
    most = max(cov.pairs.values(), default=0)
    head = "".join(f'<th scope="col"{_wide_class(t)}>{escape(t.label)}</th>' for t in columns.terms)
    lines = []
    for row in rows.terms:
        cells = "".join(_grid_cell(rows, row, columns, column, cov.pairs[(row.slug, column.slug)], most) for column in columns.terms)
        lines.append(f'<tr><th scope="row">{escape(row.label)}</th>{cells}</tr>')
    row_name, column_name = escape(rows.singular), escape(columns.singular.lower())
    return (
        f'<p class="offer-grid__hint" aria-hidden="true">Scroll the table sideways to see every {column_name}.</p>'
        '<div class="offer-grid" role="region" aria-labelledby="offer-grid-caption" tabindex="0">'
        f'<table class="offer-grid__table"><caption id="offer-grid-caption">Stories by {row_name.lower()} and {column_name}</caption>'
        f'<thead><tr><th scope="col">{row_name}</th>{head}</tr></thead><tbody>{"".join(lines)}</tbody></table></div>'
    )


def _wide_class(term: Term) -> str:
    return ' class="offer-grid__wide"' if term.wide else ""


def _grid_cell(rows: Group, row: Term, columns: Group, column: Term, n: int, most: int) -> str:
    classes = f"offer-shade-{shade(n, most)}" + (" offer-grid__wide" if column.wide else "")
    if not n:
        return f'<td class="{classes}">0</td>'
    link = escape(filtered(**{rows.key: row.slug, columns.key: column.slug}))
    hidden = f'<span class="offer-visually-hidden"> {"story" if n == 1 else "stories"}: {escape(row.label)}, {escape(column.label)}</span>'
    return f'<td class="{classes}"><a href="{link}">{n}{hidden}</a></td>'


def _bar(n: int, most: int) -> str:
    """A bar as long as `n` is of `most`, beside the number it shows (so hidden from screen readers)."""
    length = 100 * n / most if most else 0
    return (f'<span class="offer-bar__count">{n}</span><svg class="offer-bar" viewBox="0 0 100 10" preserveAspectRatio="none" '
            f'aria-hidden="true" focusable="false"><rect width="{length:.1f}" height="10"/></svg>')


def years_table(cov: Coverage) -> str:
    most = max(cov.years.values(), default=0)
    rows = [(str(year), _bar(n, most)) for year, n in cov.years.items()]
    return _table("Stories by year", ("Year", "Stories"), rows, "offer-counts--bars")


def bars_table(group: Group, cov: Coverage) -> str:
    counts = cov.counts[group.key]
    most = max(counts.values(), default=0)
    rows = []
    for term in group.terms:
        n = counts[term.slug]
        name = f'<a href="{escape(filtered(**{group.key: term.slug}))}">{escape(term.label)}</a>' if n else escape(term.label)
        rows.append((name, _bar(n, most)))
    return _table(f"Stories by {group.singular.lower()}", (group.singular, "Stories"), rows, "offer-counts--bars")


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------

def _section(key: str, heading: str, summary: str, content: str) -> str:
    return (f'<section class="offer-glance" aria-labelledby="offer-{key}"><h2 id="offer-{key}">{escape(heading)}</h2>'
            f'<p class="offer-glance__summary">{escape(summary)}</p>{content}</section>\n')


def edition_note(library: Library) -> str:
    """For a staff or preview build: which stories it counts that the public site leaves out."""
    edition, public = library.edition, EDITIONS["public"]
    extra = [f"{status} stories" for status in sorted(edition.statuses - public.statuses)]
    extra += [f"{audience}-only stories" for audience in sorted(edition.audiences - public.audiences)]
    if not extra:
        return ""
    return (f'<p class="offer-glance__edition"><strong>This is the {escape(edition.name)} edition:</strong> '
            f"it counts {escape(_and(extra))} too, which the public site leaves out.</p>\n")


def map_figure(library: Library, cov: Coverage) -> str:
    """The map with its legend and caption, or nothing if the taxonomy gives the localities no tiles."""
    drawing = map_svg(library, cov)
    if not drawing:
        return ""
    return (legend(max(cov.counts[shown_as(library, "map").key].values(), default=0), "Darker areas have more stories:")
            + f'<figure class="offer-map">{drawing}<figcaption>Not to scale: each area sits roughly where it is on a map, '
            "with north at the top.</figcaption></figure>")


def coverage_page(library: Library) -> GeneratedPage:
    cov = count(library)
    contribute = href(URI, CONTRIBUTE)
    where, rows, columns = shown_as(library, "map"), shown_as(library, "rows"), shown_as(library, "columns")
    bars = library.taxonomy.glance("bars")
    by = [g.singular.lower() for g in (where, rows) if g] + ["year"] + [g.singular.lower() for g in bars]
    links = (["the map's areas"] if where else []) + (["the grid's numbers"] if rows and columns else []) + [f"the {g.label.lower()}" for g in bars]
    either = _and([g.singular.lower() for g in (where or columns, rows) if g]).replace(" and ", " or ")
    intro = (
        f"<h1>{escape(TITLE)}</h1>\n"
        f"<p>The library holds {story_count(cov.total)}. These pictures count them by {escape(_and(by))}, "
        f"so you can see where the stories are and what is missing. A story about more than one {escape(either)} "
        f"counts under each. {escape(_and(links), quote=False).capitalize()} link to the stories they count. "
        f'<a href="{contribute}">Contribute a story</a> to fill a gap.</p>\n{edition_note(library)}'
    )
    sections = []
    if where:
        sections.append(_section("where", "Where the stories are", where_summary(library, cov), map_figure(library, cov) + map_table(where, cov)))
    if rows and columns:
        sections.append(_section("what", "What they cover", grid_summary(library, cov),
                                 legend(max(cov.pairs.values(), default=0), "Darker cells have more stories:") + grid(library, cov)))
    sections.append(_section("when", "When they happened", years_summary(cov), years_table(cov)))
    sections += [_section(g.key, g.label, bars_summary(g, cov), bars_table(g, cov)) for g in bars]
    return GeneratedPage(URI, page_meta(TITLE, DESCRIPTION), html_block(intro + "".join(sections)))

"""The public library's metadata as open data: a JSON file, a CSV file and a JSON Schema.

One list of columns drives the rows, the CSV header and the schema, so they
cannot drift apart; docs/open-data.md describes each column and a test checks
it names them all. The rows only ever come from a public edition's library:
the hooks pass `content.library("public")` whatever edition they build, so a
staff or preview build never puts drafts or staff-only stories in the files.
Output is sorted by slug and carries no build time, so the same content gives
the same bytes.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
from dataclasses import dataclass
from typing import Callable

from . import json_schema, schema
from .addresses import page_url, story_uri
from .model import Library, Story
from .slugs import SLUG
from .taxonomy import Group

EDITION = "public"  # open data always comes from this edition, whichever edition a build makes
JSON_FILE = "data/stories.json"
CSV_FILE = "data/stories.csv"
SCHEMA_FILE = "schema/open-data.schema.json"
PAGE = "open-data/"  # docs/open-data.md, where people read what the files hold
LIST_SEPARATOR = "; "  # joins a list into one CSV cell
# A cell starting with one of these is a formula to a spreadsheet (OWASP "CSV injection"): it
# gets a leading apostrophe. A cell already starting with an apostrophe gets one too, so
# unguard() can undo the guard exactly, and a spreadsheet still shows the text as written.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True)
class Column:
    name: str
    about: str  # what it holds, in a few words: the schema's description
    value: Callable[[Story], object]  # a text, or a tuple of texts when `many`
    item_schema: dict  # the JSON Schema of one value (of each item when `many`)
    many: bool = False
    min_items: int = 1  # lists only: 0 when a story may have none, so an empty CSV cell is an empty list


# ---------------------------------------------------------------------------
# The columns
# ---------------------------------------------------------------------------

def columns(library: Library, site_url: str) -> tuple[Column, ...]:
    """Every column, in order: the story's own fields, its terms (slugs and labels), partners and sources."""
    taxonomy = library.taxonomy
    base = site_url.rstrip("/") + "/"

    def field_schema(kind) -> dict:  # as json_schema.py writes the story field, one value at a time
        kind = dataclasses.replace(kind, many=False) if isinstance(kind, schema.Terms) else kind
        return json_schema.to_json_schema(kind, taxonomy)

    def story_field(name: str) -> dict:
        return field_schema(schema.STORY_FIELDS[name].type)

    result = [
        Column("slug", "the story's file name, and the last part of its address", lambda s: s.slug,
               {"type": "string", "pattern": f"^{SLUG.pattern}$"}),
        Column("url", "the story's web address", lambda s: base + page_url(story_uri(s.slug)),
               {"type": "string", "format": "uri", "pattern": "^https?://"}),
        Column("title", "the story's headline", lambda s: s.title, story_field("title")),
        Column("summary", "one or two sentences about the story", lambda s: s.summary, story_field("summary")),
        Column("date", "when it happened, YYYY-MM-DD (see date_is)", lambda s: s.date.isoformat(), story_field("date")),
        Column("date_is", "what the date is: happened, started (the start of a period) or reported (the report's date)",
               lambda s: s.date_is, story_field("date_is")),
    ]
    for group in taxonomy.story_groups():  # the terms of each group declared with open_data, as slugs and as labels
        if group.open_data:
            result += _term_columns(group, field_schema(schema.term_field(group).type))
    result += [
        Column("partners", "organisations involved", lambda s: s.partners, field_schema(schema.STORY_FIELDS["partners"].type.item), many=True, min_items=0),
        Column("source_titles", "the documents the story's facts come from", lambda s: tuple(x.title for x in s.sources),
               field_schema(schema.SOURCE.fields["title"].type), many=True),
        Column("source_dates", "each document's date, YYYY-MM-DD, in the same order", lambda s: tuple(x.date.isoformat() for x in s.sources),
               field_schema(schema.SOURCE.fields["date"].type), many=True),
        Column("source_sections", "where in each document the facts are (a section, paragraph or slide), in the same order; empty when not given",
               lambda s: tuple(x.section for x in s.sources), {"anyOf": [{"const": ""}, field_schema(schema.SOURCE.fields["section"].type)]}, many=True),
        Column("source_urls", "each document's web address, in the same order; empty when it is not online",
               lambda s: tuple(x.url for x in s.sources), {"anyOf": [{"const": ""}, field_schema(schema.Url())]}, many=True),
    ]
    return tuple(result)


def _term_columns(group: Group, slug_schema: dict) -> list[Column]:
    """Two columns for a taxonomy group, named after its field: its slugs, and the labels people see, in the same order."""
    name, kind = group.field, schema.term_field(group).type

    def slugs(story: Story) -> tuple[str, ...]:
        return story.terms_in(group.key)

    def labels(story: Story) -> tuple[str, ...]:
        return tuple(group.term(slug).label for slug in story.terms_in(group.key))

    label_schema = {"type": "string", "enum": [t.label for t in group.terms]}
    if not kind.many:  # one term: a text, not a list
        return [Column(name, f"its {group.singular.lower()}, as a slug", lambda s: slugs(s)[0], slug_schema),
                Column(f"{name}_label", f"its {group.singular.lower()}, as its name", lambda s: labels(s)[0], label_schema)]
    return [Column(name, f"its {group.label.lower()}, as slugs", slugs, slug_schema, many=True, min_items=kind.min_items),
            Column(f"{name}_labels", f"its {group.label.lower()}, as their names, in the same order", labels, label_schema, many=True, min_items=kind.min_items)]


# ---------------------------------------------------------------------------
# Rows, files and schema
# ---------------------------------------------------------------------------

def rows(library: Library, site_url: str) -> list[dict]:
    """One row per story of a public edition's library, sorted by slug; lists stay lists."""
    if library.edition.name != EDITION:
        raise ValueError(f"open data comes from the public edition only, not {library.edition.name!r}")
    cols = columns(library, site_url)
    return [{c.name: list(c.value(s)) if c.many else c.value(s) for c in cols}
            for s in sorted(library.stories, key=lambda s: s.slug)]


def json_text(library: Library, site_url: str, licence: str = "") -> str:
    """The JSON file: where it is described, its licence (null until one is set) and the rows."""
    return _json_text(rows(library, site_url), site_url, licence)


def _json_text(table: list[dict], site_url: str, licence: str) -> str:
    # one story a line: readable, a story's change is a one-line diff, and much quicker than indent=
    head = {"about": site_url.rstrip("/") + "/" + PAGE, "licence": licence or None}
    stories = ",\n".join(json.dumps(row, ensure_ascii=False) for row in table)
    return json.dumps(head, ensure_ascii=False)[:-1] + f', "stories": [\n{stories}\n]}}\n'


def csv_text(library: Library, site_url: str) -> str:
    """The CSV file: a header row, RFC 4180 quoting, lists joined with "; ", formulas defused."""
    return _csv_text(rows(library, site_url), columns(library, site_url))


def _csv_text(table: list[dict], cols: tuple[Column, ...]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")  # RFC 4180 line ends
    writer.writerow(c.name for c in cols)
    for row in table:
        writer.writerow(guard(LIST_SEPARATOR.join(row[c.name]) if c.many else row[c.name]) for c in cols)
    return out.getvalue()


def guard(cell: str) -> str:
    """Defuse a cell a spreadsheet would run as a formula, with a leading apostrophe."""
    return "'" + cell if cell.startswith(FORMULA_STARTS) else cell


def unguard(cell: str) -> str:
    """The text guard() was given."""
    return cell[1:] if cell.startswith("'") else cell


def schema_document(library: Library) -> dict:
    """The JSON Schema of the JSON file; a CSV row matches a story's schema once lists are split."""
    cols = columns(library, "")
    story = {
        "type": "object",
        "properties": {c.name: {"description": c.about} | _value_schema(c) for c in cols},
        "required": [c.name for c in cols],
        "additionalProperties": False,
    }
    return {
        "$schema": json_schema.DIALECT, "$id": SCHEMA_FILE.rpartition("/")[2],
        "title": "Offer library open data",
        "description": f"{JSON_FILE}: the published public stories' metadata. {CSV_FILE} has the same columns, "
                       f'one row per story, lists joined with "{LIST_SEPARATOR}".',
        "type": "object",
        "properties": {"about": {"type": "string"}, "licence": {"type": ["string", "null"]},
                       "stories": {"type": "array", "items": story}},
        "required": ["about", "licence", "stories"],
        "additionalProperties": False,
    }


def _value_schema(column: Column) -> dict:
    if not column.many:
        return column.item_schema
    return {"type": "array", "items": column.item_schema, "minItems": column.min_items}


def library_of(content) -> Library:
    """The library open data is made from: the public edition's, so no draft or staff-only story leaks into it."""
    return content.library(EDITION)


def files(library: Library, site_url: str, licence: str = "") -> list[tuple[str, str]]:
    """(path, text) for each open data file: the JSON, the CSV and the schema."""
    table = rows(library, site_url)  # made once for both files
    return [
        (JSON_FILE, _json_text(table, site_url, licence)),
        (CSV_FILE, _csv_text(table, columns(library, site_url))),
        (SCHEMA_FILE, json.dumps(schema_document(library), indent=2, ensure_ascii=False) + "\n"),
    ]

"""Open data: the public stories' metadata as JSON and CSV, with a JSON Schema and a page describing them.

Real MkDocs builds of fixture sites and of the real content. The CSV is read
back the way the open data page tells people to: split lists on "; " (an empty
cell is no entries where the schema allows none) and drop a leading apostrophe.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest

from conftest import REPO, SCREENSHOTS, TODAY, add_story, axe_violations, build, check, story_text
from offer import open_data
from offer.content import Project, load_content
from offer.model import EDITIONS, Library

DATA_FILES = (open_data.JSON_FILE, open_data.CSV_FILE, open_data.SCHEMA_FILE)
PUBLIC_SLUGS = ["hostile-story", "open-story"]

HOSTILE = {
    "title": '=HYPERLINK("https://evil.example/", "Click me"), <script>alert(1)</script>',
    "summary": '-1+2 "quoted", with commas, a semicolon; <b>tags</b> & an ampersand, all kept as written.',
    "partners": ['@SUM(1+1)', 'Friends of the "Park", Ltd', "+44 Trust <i>"],
}


def add_stories_in_every_state(project) -> None:
    """Two published public stories (one hostile), and a draft, a staff-only and a withdrawn one."""
    add_story(project, "open-story")
    add_story(project, "hostile-story", story_text(
        title=json.dumps(HOSTILE["title"]), summary=json.dumps(HOSTILE["summary"]), partners=json.dumps(HOSTILE["partners"]),
        priorities="[reducing-poverty, digital-participation]"))
    add_story(project, "secret-draft", story_text(title="Zanzibar draft headline", status="draft"))
    add_story(project, "staff-only-story", story_text(title="Marmalade staff headline", audience="staff"))
    add_story(project, "gone-story", story_text(title="Hollowbrook withdrawn headline", status="withdrawn"))


def data_files(site_dir: Path) -> dict[str, bytes]:
    return {name: (site_dir / name).read_bytes() for name in DATA_FILES}


def built_data(project, edition: str = "public") -> dict[str, bytes]:
    build(project, edition)
    return data_files(project.root / "site")


def parse(files: dict[str, bytes]) -> tuple[dict, list[dict], dict]:
    """The JSON document, the CSV rows read back into the JSON shape, and the schema."""
    document = json.loads(files[open_data.JSON_FILE])
    schema = json.loads(files[open_data.SCHEMA_FILE])
    return document, csv_as_json(files[open_data.CSV_FILE].decode("utf-8"), schema), schema


def story_properties(schema: dict) -> dict:
    return schema["properties"]["stories"]["items"]["properties"]


def csv_as_json(text: str, schema: dict) -> list[dict]:
    """Read the CSV back as the open data page describes: undo the formula guard, split the lists."""
    properties = story_properties(schema)
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline="")):
        story = {}
        for name, cell in row.items():
            cell = cell[1:] if cell.startswith("'") else cell
            if properties[name].get("type") == "array":
                story[name] = [] if cell == "" and properties[name]["minItems"] == 0 else cell.split("; ")
            else:
                story[name] = cell
        rows.append(story)
    return rows


def validator(schema: dict) -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())


# --- what is in the files -------------------------------------------------------

def test_every_edition_publishes_the_same_files_with_only_published_public_stories(site, monkeypatch):
    monkeypatch.setenv("OFFER_SEARCH", "off")
    add_stories_in_every_state(site)
    by_edition = {edition: built_data(site, edition) for edition in ("public", "staff", "preview")}
    assert by_edition["staff"] == by_edition["public"]  # byte for byte: sorted, and no build time
    assert by_edition["preview"] == by_edition["public"]
    document, csv_rows, _ = parse(by_edition["public"])
    assert [s["slug"] for s in document["stories"]] == PUBLIC_SLUGS
    assert [s["slug"] for s in csv_rows] == PUBLIC_SLUGS
    everything = b"".join(by_edition["public"].values()).decode("utf-8")
    for secret in ["Zanzibar", "secret-draft", "Marmalade", "staff-only-story", "Hollowbrook", "gone-story"]:
        assert secret not in everything, secret


def test_json_and_csv_match_the_schema_and_agree_row_for_row(site, monkeypatch):
    monkeypatch.setenv("OFFER_SEARCH", "off")
    add_stories_in_every_state(site)
    document, csv_rows, schema = parse(built_data(site))
    validator(schema).validate(document)
    validator(schema).validate(document | {"stories": csv_rows})
    assert csv_rows == document["stories"]
    hostile = document["stories"][0]
    assert hostile["title"] == HOSTILE["title"] and hostile["summary"] == HOSTILE["summary"]
    assert hostile["partners"] == HOSTILE["partners"]
    assert hostile["priorities"] == ["reducing-poverty", "digital-participation"]
    assert hostile["priorities_labels"] == ["Reducing poverty", "Digital participation"]
    assert hostile["url"] == "http://127.0.0.1:8000/case-studies/hostile-story/"
    assert document["stories"][1]["partners"] == [] and document["stories"][1]["priorities"] == []
    assert document["licence"] is None


def test_the_csv_is_utf8_rfc4180_and_defuses_formulas(site, monkeypatch):
    monkeypatch.setenv("OFFER_SEARCH", "off")
    add_stories_in_every_state(site)
    raw = built_data(site)[open_data.CSV_FILE]
    assert not raw.startswith(b"\xef\xbb\xbf")  # UTF-8, no byte-order mark
    header, *lines = raw.decode("utf-8").split("\r\n")
    assert header.startswith("slug,url,title,summary,date,")
    cells = next(csv.DictReader(io.StringIO(raw.decode("utf-8"), newline="")))
    assert cells["title"] == "'" + HOSTILE["title"]  # a formula to a spreadsheet, so guarded
    assert cells["summary"] == "'" + HOSTILE["summary"]
    assert cells["partners"] == "'" + "; ".join(HOSTILE["partners"])  # the cell starts with "@"
    assert cells["slug"] == "hostile-story" and cells["date"] == "2020-06-01"  # ordinary cells are left alone
    assert '"\'=HYPERLINK(""https://evil.example/"", ""Click me""), <script>alert(1)</script>"' in raw.decode("utf-8")


@pytest.mark.parametrize("cell", ["=1+1", "+44 1738 475000", "-2", "@SUM(A1)", "\tTabbed", "\rReturn", "'Quoted"])
def test_a_cell_a_spreadsheet_would_run_gets_an_apostrophe_and_reads_back_exactly(cell):
    assert open_data.guard(cell) == "'" + cell
    assert open_data.unguard(open_data.guard(cell)) == cell


@pytest.mark.parametrize("cell", ["Perth", "2020-06-01", "", "a=b", "Don't"])
def test_ordinary_cells_are_left_alone(cell):
    assert open_data.guard(cell) == cell


def test_text_no_front_matter_allows_still_round_trips(project):
    """Newlines, carriage returns, tabs and quotes, straight through the core's writers."""
    add_story(project, "open-story")
    content = check(project)
    story = dataclasses.replace(content.stories[0], title='\tLine one\r\nline "two", three', summary="\r-Summary\nwith; lines, and \"quotes\"",
                                partners=("=A1", "Plain, with comma", "Line\nbreak"))
    library = Library.build(content.taxonomy, EDITIONS["public"], [story])
    document = json.loads(open_data.json_text(library, "https://example.org/"))
    schema = open_data.schema_document(library)
    rows = csv_as_json(open_data.csv_text(library, "https://example.org/"), schema)
    assert rows == document["stories"]
    assert rows[0]["title"] == story.title and rows[0]["summary"] == story.summary
    assert rows[0]["partners"] == list(story.partners)


def test_only_a_public_library_makes_open_data(project):
    add_story(project, "open-story")
    staff = check(project).library("staff")
    with pytest.raises(ValueError, match="public edition only"):
        open_data.rows(staff, "https://example.org/")


def test_a_licence_set_in_mkdocs_yml_is_in_the_json_and_on_the_page(site, monkeypatch):
    monkeypatch.setenv("OFFER_SEARCH", "off")
    add_story(site, "open-story")
    shutil.copy(REPO / "docs" / "open-data.md", site.docs_dir)
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + 'extra:\n  offer_data_licence: "Open Government Licence v3.0"\n')
    document = json.loads(built_data(site)[open_data.JSON_FILE])
    assert document["licence"] == "Open Government Licence v3.0"
    page = (site.root / "site" / "open-data" / "index.html").read_text(encoding="utf-8")
    assert "published under this licence: Open Government Licence v3.0" in page


# --- the real site ----------------------------------------------------------------

def test_the_real_sites_data_is_its_published_public_stories(real_site):
    document, csv_rows, schema = parse(data_files(real_site))
    validator(schema).validate(document)
    validator(schema).validate(document | {"stories": csv_rows})
    stories = load_content(Project.at(REPO), today=TODAY).library("public").stories
    expected = sorted(stories, key=lambda s: s.slug)
    assert [(s["slug"], s["title"], s["summary"], s["date"]) for s in document["stories"]] == \
           [(s.slug, s.title, s.summary, s.date.isoformat()) for s in expected]
    for row in document["stories"]:
        assert row["url"].endswith(f"/case-studies/{row['slug']}/")
        assert (real_site / "case-studies" / row["slug"] / "index.html").is_file()
    for row, json_row in zip(csv_rows, document["stories"], strict=True):  # a list item holding "; " would split apart
        assert row == json_row, row["slug"]


def test_each_story_is_one_line_of_the_json_so_changes_compare_line_by_line(real_site):
    text = (real_site / open_data.JSON_FILE).read_text(encoding="utf-8")
    lines = text.splitlines()
    stories = json.loads(text)["stories"]
    assert len(stories) > 5 and len(lines) == len(stories) + 2  # an opening line, a line a story, the closing line
    assert [json.loads(line.rstrip(",")) for line in lines[1:-1]] == stories


class _Links(HTMLParser):
    def __init__(self, html: str):
        super().__init__()
        self.hrefs: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        if tag == "a" and dict(attrs).get("href"):
            self.hrefs.append(dict(attrs)["href"])


def test_the_open_data_page_links_to_the_files_that_exist(real_site):
    page_dir = real_site / "open-data"
    hrefs = [h for h in _Links((page_dir / "index.html").read_text(encoding="utf-8")).hrefs if h.startswith("../")]
    for name in DATA_FILES:
        assert f"../{name}" in hrefs, name  # the page's plain HTML links, which MkDocs does not check
        assert (page_dir / ".." / name).resolve().is_file(), name


def test_the_open_data_page_describes_every_column_and_no_other(real_site):
    text = (REPO / "docs" / "open-data.md").read_text(encoding="utf-8")
    columns_section = text.split("## The columns", 1)[1].split("\n## ", 1)[0]
    documented = re.findall(r"^\| `([a-z_]+)` \|", columns_section, re.M)
    schema = json.loads((real_site / open_data.SCHEMA_FILE).read_text(encoding="utf-8"))
    assert documented == list(story_properties(schema))  # every column, in the files' order
    for name in DATA_FILES:
        assert f"`{name}`" in text, name
    assert f"`{open_data.LIST_SEPARATOR.strip()} `" in text  # how lists are joined
    for start in ("=", "+", "-", "@"):
        assert f"`{start}`" in text  # the formula guard
    page = (real_site / "open-data" / "index.html").read_text(encoding="utf-8")
    assert "not yet published a licence" in page  # none is set in mkdocs.yml yet


@pytest.mark.parametrize("width, height", [(1280, 900), (390, 844), (320, 640)])
def test_the_open_data_page_passes_axe_and_reflows(browser, base_url, width, height):
    page = browser.new_page(viewport={"width": width, "height": height})
    page.goto(base_url + open_data.PAGE)
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"open-data-{width}.png"), full_page=True)
    violations, scroll_width = axe_violations(page), page.evaluate("document.documentElement.scrollWidth")
    page.close()
    assert violations == []
    assert scroll_width <= width, f"the page scrolls sideways at {width}px ({scroll_width}px wide)"

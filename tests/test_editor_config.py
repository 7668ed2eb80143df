"""The story editor's configuration (admin/config.yml) follows the schema, the taxonomy and the template.

It is generated (editor_config.py), so these tests compare it with what it is
made from: every field and term is there, required as the schema says, in the
template's order with `make new`'s defaults and never its example text; its
patterns accept and refuse what the check does, with the check's words, as
Sveltia CMS runs them (in Node); and the file passes Sveltia's own JSON Schema.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, TODAY, TOPICS, add_topics, build, story_text
from offer import cli, editor_config, placeholders, schema, slugs, validate
from offer.content import Project
from offer.loader import load_document
from offer.taxonomy import load_taxonomy

SVELTIA_SCHEMA = REPO / "node_modules" / "@sveltia" / "cms" / "schema" / "sveltia-cms.json"
CHECK = str(Path(sys.executable).parent / "check-jsonschema")
SITE = editor_config.Site("Offer library", "https://example.org/", "case_studies", "example/offer-library", "main")


def config_for(project: Project) -> dict:
    taxonomy = load_taxonomy(project.content_dir / "taxonomy.yml")
    return editor_config.editor_config(taxonomy, editor_config.load_template(project.content_dir, project.display), SITE)


@pytest.fixture(scope="module")
def real() -> dict:
    """The configuration of this repository's own taxonomy and template."""
    return config_for(Project.at(REPO))


def fields_of(config: dict) -> dict[str, dict]:
    return {f["name"]: f for f in config["collections"][0]["fields"]}


def walk(fields: list[dict], prefix: tuple = ()):
    """(path, field) for every field and subfield, a consent shape's fields under its type's name."""
    for field in fields:
        path = prefix + (field["name"],)
        yield path, field
        yield from walk(field.get("fields", []), path)
        for shape in field.get("types", []):
            yield from walk(shape.get("fields", []), path + (shape["name"],))
        if "field" in field:
            yield from walk([field["field"]], path)


# ---------------------------------------------------------------------------
# Every field and every term
# ---------------------------------------------------------------------------

def test_every_schema_field_appears_with_a_label_and_a_hint(real, taxonomy):
    fields = fields_of(real)
    assert set(fields) == set(schema.story_fields(taxonomy)) | {"body"} and list(fields)[-1] == "body"
    assert [f["name"] for f in fields["sources"]["fields"]] == list(schema.SOURCE.fields)
    assert [f["name"] for f in fields["image"]["fields"]] == list(schema.IMAGE.fields)
    shapes = {t["name"]: [f["name"] for f in t.get("fields", [])] for t in fields["consent"]["types"]}
    assert fields["consent"]["typeKey"] == schema.CONSENT_SHAPES.key
    assert shapes == {word: list(schema.CONSENT_SHAPES.fields) if has else [] for word, has in schema.CONSENT_SHAPES.has_them.items()}
    for path, field in walk(real["collections"][0]["fields"]):
        if path[-1] != "item":  # a list's one subfield shares the list's label and hint
            assert field["label"].strip() and field["hint"].strip(), path


def test_each_group_is_a_select_of_its_terms_labels_shown_slugs_stored(real, taxonomy):
    fields = fields_of(real)
    for group in taxonomy.story_groups():
        select = fields[group.field]
        assert select["widget"] == "select"
        assert select["options"] == [{"label": t.label, "value": t.slug} for t in group.terms], group.key
        assert select["multiple"] is group.many and select["required"] is group.required
        assert select["dropdown_threshold"] >= min(len(group.terms), editor_config.CHOICES_SHOWN)  # native controls, not a drop-down


def test_status_audience_date_is_and_consent_scope_offer_the_schemas_words(real):
    fields = fields_of(real)
    assert fields["status"]["options"] == list(schema.STATUSES)
    assert fields["audience"]["options"] == list(schema.AUDIENCES)
    assert fields["date_is"]["options"] == list(schema.DATE_MEANINGS)
    register = next(t for t in fields["consent"]["types"] if t["name"] == "register")
    assert next(f for f in register["fields"] if f["name"] == "scope")["options"] == list(schema.AUDIENCES)


def test_the_picture_is_an_image_field_with_its_text_alternative(real):
    image = {f["name"]: f for f in fields_of(real)["image"]["fields"]}
    assert image["src"]["widget"] == "image" and image["alt"]["widget"] == "string"
    assert set(image["src"]["accept"].split(",")) == set(editor_config.pictures.SUFFIXES)
    assert real["collections"][0]["media_folder"] == editor_config.pictures.FOLDER


def test_required_and_optional_match_the_schema(real, taxonomy):
    specs = {("",) + (name,): spec for name, spec in schema.story_fields(taxonomy).items()}
    for record in ("sources", "image"):
        kind = schema.story_fields(taxonomy)[record].type
        specs |= {("", record, n): s for n, s in (kind.record if isinstance(kind, schema.RecordList) else kind).fields.items()}
    checked = 0
    for path, field in walk(real["collections"][0]["fields"], ("",)):
        if path in specs:
            assert field["required"] is specs[path].required, path
            checked += 1
    assert checked == len(specs)
    register = next(t for t in fields_of(real)["consent"]["types"] if t["name"] == "register")
    assert all(f["required"] for f in register["fields"])  # with basis register, every register field


# ---------------------------------------------------------------------------
# New stories: make new's order and defaults, the template's examples only as hints
# ---------------------------------------------------------------------------

@pytest.fixture
def with_template(project) -> Project:
    shutil.copy(REPO / "case_studies" / placeholders.TEMPLATE_FILE, project.content_dir)
    return project


def test_a_new_story_has_make_news_field_order_even_with_a_group_the_template_lacks(with_template):
    add_topics(with_template)
    path, _ = cli.new_story(with_template, "Community garden in Aberfeldy", TODAY)
    written = list(load_document(path, "new.md").data)
    assert "topics" in written
    order = [name for name in fields_of(config_for(with_template)) if name in written]
    assert order == written


def test_a_new_story_starts_with_make_news_values_but_never_the_templates_examples(with_template):
    path, _ = cli.new_story(with_template, "Community garden in Aberfeldy", TODAY)
    made = load_document(path, "new.md").data
    fields = fields_of(config_for(with_template))
    examples = {e.field for e in placeholders.read_template(with_template.content_dir, str).examples if not e.record}
    assert examples and "sources" in made
    for name, value in made.items():
        if name in examples or name == "title":
            assert "default" not in fields[name], name
        elif name == "date":
            assert fields[name]["default"] == "{{now}}"  # today, as make new
        elif name != "sources":
            assert fields[name]["default"] == value, name


def test_the_templates_example_text_is_a_hint_and_never_a_default(real):
    examples = placeholders.read_template(REPO / "case_studies", str)
    assert len(examples.examples) >= 5
    defaults = json.dumps([f.get("default") for _, f in walk(real["collections"][0]["fields"])], default=str)
    by_path = dict(walk(real["collections"][0]["fields"]))
    for example in examples.examples:
        assert json.dumps(example.value, default=str) not in defaults or example.field == "date", example
        field = by_path[(example.record, example.field) if example.record else (example.field,)]
        assert field["hint"].lower().startswith(example.fill_in.lower()), example
    body = fields_of(real)["body"]
    for prompt, _ in examples.prompts:
        assert prompt not in body["default"] and prompt in body["hint"]
    assert body["default"].startswith("## ")  # the template's headings are kept


# ---------------------------------------------------------------------------
# The form refuses what the check refuses, in the check's words, as Sveltia runs it
# ---------------------------------------------------------------------------

SVELTIA_TEST = r"""
const cases = JSON.parse(require("fs").readFileSync(0, "utf8"));
// Sveltia CMS 0.221 (dist/sveltia-cms.mjs) reads a pattern as /source/flags with the slashes optional,
// drops the g and y flags, ignores a pattern that does not compile, and tests the trimmed value.
const parse = (text) => {
  const { pattern, flags } = text.match(/^\/?(?<pattern>.+?)(?:\/(?<flags>[dgimsuy]*))?$/)?.groups ?? {};
  try { return new RegExp(pattern, flags?.replace(/[gy]/g, "")); } catch { return null; }
};
console.log(JSON.stringify(cases.map(([pattern, value]) => { const re = parse(pattern); return re ? re.test(value.trim()) : "invalid"; })));
"""


def sveltia_accepts(cases: list[tuple[str, str]]) -> list:
    result = subprocess.run(["node", "-e", SVELTIA_TEST], input=json.dumps(cases), capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


SAMPLES = {  # field path in the form -> values the check accepts and refuses
    ("title",): ["Food", "Food bank", "  Food  "],
    ("summary",): ["Too short.", "x" * 29, "x" * 30, "  " + "x" * 29 + "  ", "Neighbours delivered food to people shielding at home."],
    ("sources", "section"): ["2.2 Stories of Place", "2.2; 3.1", "Item 4"],
    ("sources", "url"): ["https://example.org/paper", "ftp://example.org/paper", "javascript:alert(1)", 'https://example.org/"x'],
    ("consent", "register", "reference"): ["CR-2024-0153", "cr-2024-0153", "CR-2024-", "CR-2024-0153 x"],
    ("image", "alt"): ["Dog", "A dog on a lead"],
    ("old_slugs", "item"): ["garden-project", "Garden Project", "garden--project", "index", "index-2", "co_op", "_hidden"],
}


def schema_type(path: tuple, taxonomy):
    """The validator's field type for a path of the form."""
    kind = schema.story_fields(taxonomy)[path[0]].type
    for name in [p for p in path[1:] if p not in schema.CONSENT_SHAPES.has_them]:
        record = kind.record if isinstance(kind, schema.RecordList) else kind
        kind = record.item if isinstance(record, schema.TextList) else record.fields[name].type
    return kind.item if isinstance(kind, schema.TextList) else kind


def check_says(kind, value: str, taxonomy) -> str | None:
    """The check's message for a value, or None when it accepts it."""
    said = []
    kind.check(value, schema.Context(taxonomy, lambda path, message: said.append(message)), ())
    return said[0] if said else None


def test_each_pattern_accepts_and_refuses_what_the_check_does_with_its_words(real, taxonomy):
    by_path = dict(walk(real["collections"][0]["fields"]))
    with_patterns = {path for path, field in by_path.items() if "pattern" in field} - {("body",)}
    assert with_patterns == set(SAMPLES)  # a new pattern needs samples here
    cases = [(path, value) for path, values in SAMPLES.items() for value in values]
    accepted = sveltia_accepts([(by_path[path]["pattern"][0], value) for path, value in cases])
    refused = 0
    for (path, value), form_accepts in zip(cases, accepted):
        said = check_says(schema_type(path, taxonomy), value, taxonomy)
        assert form_accepts == (said is None), (path, value, said)
        if said:
            refused += 1
            wording = re.sub(r' \(\d+ characters\)', "", said.split('" ', 1)[1] if said.startswith('"') else said)
            assert wording in by_path[path]["pattern"][1], (path, said)
    assert refused >= len(SAMPLES)


def test_file_names_follow_the_slug_rule_and_its_limits(real):
    slug = real["collections"][0]["slug"]
    names = ["community-garden-aberfeldy", "index", "page", "a" * slugs.MAX_LENGTH, "a" * (slugs.MAX_LENGTH + 1),
             "My Story", "my--story", "-story", "story2", "co_op", "~50", "_hidden", "café"]
    accepted = sveltia_accepts([(slug["pattern"][0], n) for n in names])
    assert accepted == [slugs.problem(Path(f"{n}.md")) is None for n in names]
    assert slugs.ADVICE in slug["pattern"][1]
    assert real["slug"] == slugs.EDITOR_OPTIONS and slug["editable"] == ["create"]


def test_a_body_of_headings_only_is_refused_with_the_checks_words(real):
    body = fields_of(real)["body"]
    assert sveltia_accepts([(body["pattern"][0], v) for v in (body["default"], "## What happened\n\nWe met.", "   ")]) == [False, True, False]
    assert validate.NO_BODY in body["pattern"][1].lower()


def test_the_story_list_leaves_out_the_template_and_only_the_template(real, with_template):
    rule = real["collections"][0]["filter"]
    titles = [load_document(p, p.name).data["title"] for p in sorted((REPO / "case_studies").glob("[!_]*.md"))]
    template = load_document(REPO / "case_studies" / placeholders.TEMPLATE_FILE, "template").data["title"]
    odd = "What (really) happened? A $5 [trial] in Perth/Kinross, 1+1 = 2 ^_^ {yes} | no."
    assert rule["field"] == "title" and len(titles) > 5
    assert sveltia_accepts([(rule["pattern"], t) for t in [template, *titles, odd]]) == [False] + [True] * (len(titles) + 1)
    (with_template.content_dir / placeholders.TEMPLATE_FILE).write_text(
        (REPO / "case_studies" / placeholders.TEMPLATE_FILE).read_text().replace(f"title: {template}", f"title: {odd}"))
    rule = config_for(with_template)["collections"][0]["filter"]
    assert sveltia_accepts([(rule["pattern"], odd), (rule["pattern"], template)]) == [False, True]


# ---------------------------------------------------------------------------
# The file the build writes
# ---------------------------------------------------------------------------

def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK, "--no-cache", *args], capture_output=True, text=True, timeout=120)


def test_the_built_config_passes_sveltias_own_json_schema(real_site):
    config = real_site / editor_config.CONFIG_FILE
    result = check_jsonschema("--schemafile", str(SVELTIA_SCHEMA), str(config))
    assert result.returncode == 0, result.stdout + result.stderr
    loaded = yaml.safe_load(config.read_text())
    assert loaded["backend"]["name"] == "github" and loaded["publish_mode"] == "editorial_workflow"
    assert loaded["collections"][0]["publish"] is False  # merged on GitHub after the pull request's checks


def test_sveltias_json_schema_refuses_an_option_sveltia_does_not_have(real, tmp_path):
    """The schema check can fail: a select with a made-up option is refused."""
    fields_of(real)["themes"]["allow_other"] = True
    bad = tmp_path / "config.json"
    bad.write_text(json.dumps(real, default=str))
    result = check_jsonschema("--schemafile", str(SVELTIA_SCHEMA), str(bad))
    assert result.returncode == 1, result.stdout + result.stderr


def test_a_term_and_a_group_added_to_taxonomy_yml_appear_in_the_built_editor_with_no_code_change(site, monkeypatch):
    monkeypatch.setenv("OFFER_EDIT_URL", "https://github.com/example/offer-library/edit/trunk/")
    path = site.content_dir / "taxonomy.yml"
    text = path.read_text()
    at = text.index("      - slug: economy\n")
    path.write_text(text[:at] + "      - slug: tourism\n        label: Tourism and visitors\n        description: Visitors.\n" + text[at:])
    add_topics(site, TOPICS.replace("    glance: bars\n", "    glance: bars\n    many: false\n    required: false\n"))
    build(site)
    config = yaml.safe_load((site.root / "site" / editor_config.CONFIG_FILE).read_text())
    fields = fields_of(config)
    assert {"label": "Tourism and visitors", "value": "tourism"} in fields["themes"]["options"]
    topics = fields["topics"]
    assert topics["options"] == [{"label": "Allotments", "value": "allotments"}, {"label": "Libraries", "value": "libraries"}]
    assert (topics["label"], topics["multiple"], topics["required"]) == ("Topic", False, False)
    assert config["backend"] == {"name": "github", "repo": "example/offer-library", "branch": "trunk", "auth_methods": ["token"],
                                 "preview_context": "Story preview"}


def test_every_edition_has_the_editor_config(every_edition):
    texts = {edition: (site / editor_config.CONFIG_FILE).read_text() for edition, site in every_edition.items()}
    assert len(set(texts.values())) == 1 and "name: stories" in texts["public"]


def test_the_repository_comes_from_the_edit_link_and_a_local_build_names_its_folder():
    assert editor_config.github_repository("https://github.com/pkc/offer/edit/main/") == ("pkc/offer", "main")
    assert editor_config.github_repository("") is None
    assert editor_config.github_repository("https://gitlab.com/pkc/offer/-/edit/main/") is None


def test_the_contact_field_names_the_team_set_for_the_library(with_template, real):
    """The form says whom a story names when it has no contact: the taxonomy's site: team (issue 26)."""
    assert "only if it is not the Offer team." in fields_of(config_for(with_template))["contact"]["hint"]  # the fixture's setting
    assert "only if it is not the team that looks after this library." in fields_of(real)["contact"]["hint"]  # the default
    assert "default" not in fields_of(real)["contact"]  # make new and the form leave it out: the page names the team

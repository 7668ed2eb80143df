"""The published JSON Schema agrees with the validator on every rule a schema can express.

A corpus of good and bad front matter goes to both: the validator sees it as a
story file, the schema sees the same front matter as the strict YAML loader
reads it. Rules a schema cannot express are listed apart, so the difference is
tested rather than hidden.
"""

from __future__ import annotations

import dataclasses
import json
import re

import jsonschema
import pytest

from conftest import FIXTURE_TAXONOMY, REPO, VALID_STORY, add_story, check
from offer import safe_yaml, schema
from offer.json_schema import schema_files, story_schema, to_json_schema, toolkit_schema
from offer.taxonomy import Term, load_taxonomy

BODY = "Neighbours set up a rota to deliver food.\n"


# --- building front matter ----------------------------------------------------

def front_matter(text: str) -> str:
    """The YAML between a file's two --- lines."""
    return re.match(r"---\n(.*?\n)---\n", text, re.S).group(1)


def _value(value: str) -> str:
    """A field's value as written after `name:`; a block value starts with a newline."""
    return "" if value == "" else value if value.startswith("\n") else " " + value


def story_with(body: str = BODY, **fields: str | None) -> str:
    """VALID_STORY with whole top-level fields replaced or added (None drops a field, "" leaves it empty)."""
    blocks: dict[str, str] = {}
    for line in front_matter(VALID_STORY).splitlines():
        if line[:1].isspace():
            blocks[name] += "\n" + line
        else:
            name = line.split(":")[0]
            blocks[name] = line
    for name, value in fields.items():
        if value is None:
            blocks.pop(name, None)
        else:
            blocks[name] = name + ":" + _value(value)
    return "---\n" + "\n".join(blocks.values()) + "\n---\n\n" + body


def block(indent: str = "  ", **fields: str | None) -> str:
    """An indented block of fields, for a value such as consent or image."""
    return "".join(f"\n{indent}{name}:{_value(value)}" for name, value in fields.items() if value is not None)


def register(**changes: str | None) -> str:
    """A consent block with basis register, with fields changed or dropped."""
    return block(**{"basis": "register", "reference": "CR-2024-0153", "scope": "public", "review_by": "2027-01-01"} | changes)


def source(**changes: str | None) -> str:
    """One entry of sources, with fields changed, added or dropped."""
    fields = {"title": "The Perth and Kinross Offer Update", "date": "2020-12-11"} | changes
    first, *rest = [f"{name}:{_value(value)}" for name, value in fields.items() if value is not None]
    return "\n  - " + first + "".join(f"\n    {line}" for line in rest)


def reported(**changes: str | None) -> str:
    """One entry of reported: an outcome, the title of one of the story's sources, and the section."""
    fields = {"outcome": "Forty households had food each week", "source": "The Perth and Kinross Offer Update", "section": "Slide 4"} | changes
    first, *rest = [f"{name}:{_value(value)}" for name, value in fields.items() if value is not None]
    return "\n  - " + first + "".join(f"\n    {line}" for line in rest)


def image(**changes: str | None) -> str:
    return block(**{"src": "images/garden.png", "alt": "Volunteers planting vegetables"} | changes)


def listing(items) -> str:
    return "[" + ", ".join(items) + "]"


# --- the two judges -----------------------------------------------------------

def validator_accepts(project, text: str, slug: str = "a-story") -> tuple[bool, list[str]]:
    """Whether the validator has no error problems with the story (a picture is there for image cases)."""
    picture = project.content_dir / "images" / "garden.png"
    if not picture.exists():
        from PIL import Image

        picture.parent.mkdir()
        Image.new("RGB", (8, 8)).save(picture)
    add_story(project, slug, text)
    problems = check(project).problems
    return not any(p.is_error for p in problems), [str(p) for p in problems]


@pytest.fixture(scope="module")
def story_validator(taxonomy):
    return jsonschema.Draft202012Validator(story_schema(taxonomy))


def schema_accepts(validator, text: str) -> tuple[bool, list[str]]:
    """Whether the JSON Schema accepts the story's front matter, read as the strict loader reads it."""
    data = safe_yaml.parse(front_matter(text)).data
    errors = [f"{'.'.join(map(str, e.absolute_path)) or 'front matter'}: {e.message}" for e in validator.iter_errors(data)]
    return not errors, errors


# --- the corpus: (what it shows, story text, whether both accept it) -----------

STORY_FIELDS = schema.story_fields(load_taxonomy(FIXTURE_TAXONOMY))  # as in the fixture projects below
REQUIRED = [name for name, spec in STORY_FIELDS.items() if spec.required]

WRONG_TYPES = {  # one value of the wrong type for every story field
    "title": "2024",
    "summary": "[Neighbours in Aberfeldy organised food deliveries, for people who were shielding]",
    "date": "20200601",
    "date_is": "[reported]",
    "kind": "[community-led]",
    "type": "[case-study]",
    "themes": "5",
    "localities": block(highland="perthshire"),
    "principles": "true",
    "priorities": "3",
    "status": "true",
    "audience": "1",
    "sources": "The Perth and Kinross Offer Update",
    "consent": "published-papers",
    "partners": block(name="Live Active Leisure"),
    "outcomes": "12",
    "featured": "'true'",
    "image": "images/garden.png",
    "contact": "[Communities Team]",
    "reported": "A garden opened",
    "public_details": "5",
    "old_slugs": "42",
}

ACCEPTED = [
    ("the valid story", VALID_STORY),
    ("one theme without brackets", story_with(themes="economy")),
    ("every optional field filled", story_with(
        priorities="[reducing-poverty, employability]", partners="[Live Active Leisure, Perth College UHI]",
        outcomes="[Forty households had food each week]", type="case-study", reported=reported(), featured="true", image=image(),
        contact="Communities Team", public_details="[Communities Team]")),
    ("optional fields left empty", story_with(priorities="[]", partners="", outcomes="[]", contact="", featured="")),
    ("one partner without brackets", story_with(partners="Live Active Leisure")),
    ("register consent with all its fields", story_with(consent=register())),
    ("a staff story with staff consent", story_with(audience="staff", consent=register(scope="staff"))),
    ("a consent reference with spaces around it", story_with(consent=register(reference="' CR-2024-0153 '"))),
    ("a source with a reference and a web address", story_with(sources=source(reference="24/123", url="https://www.pkc.gov.uk/offer"))),
    ("a source that says where in the paper", story_with(sources=source(section='"2.2 Stories of Place"'))),
    ("a date that is the report's", story_with(date_is="reported")),
    ("twenty sources", story_with(sources=source() * 20)),
    ("a title of exactly 120 characters", story_with(title="T" * 120)),
    ("a summary of exactly 300 characters", story_with(summary="s" * 300)),
    ("a summary folded over two lines", story_with(summary=">\n  Neighbours in Aberfeldy organised food deliveries\n  for people who were shielding.")),
    ("a date at the end of the years covered", story_with(date="2099-12-31")),
    ("earlier file names", story_with(old_slugs="[food-deliveries-aberfeldy, food-2020]")),
    ("a reported outcome with its source and section", story_with(reported=reported())),
    ("no reported outcomes", story_with(reported="[]")),
]

REJECTED = [
    *[(f"missing {name}", story_with(**{name: None})) for name in REQUIRED],
    *[(f"required {name} left empty", story_with(**{name: ""})) for name in REQUIRED[:3]],
    *[(f"{name} of the wrong type", story_with(**{name: value})) for name, value in WRONG_TYPES.items()],
    ("an unknown field", story_with(tags="[food]")),
    ("an unknown field in consent", story_with(consent=block(basis="published-papers", notes="none"))),
    ("an unknown field in a source", story_with(sources=source(author="Council"))),
    ("an unknown field in image", story_with(image=image(caption="Garden"))),
    ("a title that is too short", story_with(title="Food")),
    ("a title that is too long", story_with(title="T" * 121)),
    ("a summary that is too short", story_with(summary="Neighbours delivered food.")),
    ("a summary that is too long", story_with(summary="s" * 301)),
    ("a title on two lines", story_with(title='"Volunteers deliver\\nfood in Aberfeldy"')),
    ("a summary block of two lines", story_with(summary="|\n  Neighbours in Aberfeldy organised food deliveries\n  for people who were shielding.")),
    ("a date written day first", story_with(date="01/06/2020")),
    ("a date without leading zeros", story_with(date="2020-6-1")),
    ("a date with month 13", story_with(date="2020-13-01")),
    ("a date with day 32", story_with(date="2020-01-32")),
    ("a date before the years covered", story_with(date="1989-12-31")),
    ("a date with a time", story_with(date="2020-06-01T10:00")),
    ("an unknown kind", story_with(kind="community")),
    ("an unknown theme", story_with(themes="[economics]")),
    ("an unknown locality on its own", story_with(localities="aberfeldy")),
    ("a theme listed twice", story_with(themes="[economy, economy]")),
    ("no themes", story_with(themes="[]")),
    ("a status we do not use", story_with(status="live")),
    ("an audience we do not use", story_with(audience="everyone")),
    ("an audience with a capital", story_with(audience="Public")),
    ("a javascript: link", story_with(sources=source(url="javascript:alert(1)"))),
    ("a link without http", story_with(sources=source(url="www.pkc.gov.uk"))),
    ("a source without a date", story_with(sources=source(date=None))),
    ("a source without a title", story_with(sources=source(title=None))),
    ("a source with a bad date", story_with(sources=source(date="December 2020"))),
    ("a source section on two lines", story_with(sources=source(section='"2.2\\nStories of Place"'))),
    ("a date meaning we do not use", story_with(date_is="roughly")),
    ("a source section with a semicolon, which the open data's CSV would split", story_with(sources=source(section='"2.1; 2.2"'))),
    ("no sources", story_with(sources="[]")),
    ("twenty-one sources", story_with(sources=source() * 21)),
    ("register consent without a reference", story_with(consent=register(reference=None))),
    ("register consent without a scope", story_with(consent=register(scope=None))),
    ("register consent without a review date", story_with(consent=register(review_by=None))),
    ("a name as the consent reference", story_with(consent=register(reference="Jane Smith"))),
    ("a consent scope we do not use", story_with(consent=register(scope="everyone"))),
    ("published-papers consent with a reference", story_with(consent=block(basis="published-papers", reference="CR-2024-0153"))),
    ("published-papers consent with an empty scope", story_with(consent=block(basis="published-papers", scope=""))),
    ("a consent basis we do not use", story_with(consent=block(basis="verbal"))),
    ("consent without a basis", story_with(consent=block(scope="public"))),
    ("a public story with staff-only consent", story_with(consent=register(scope="staff"))),
    ("featured: yes", story_with(featured="yes")),
    ("featured: no", story_with(featured="no")),
    ("an image without alt text", story_with(image=image(alt=None))),
    ("an image without a file", story_with(image=image(src=None))),
    ("alt text that is too short", story_with(image=image(alt="Dog"))),
    ("thirty-one partners", story_with(partners=listing(f"Partner {i}" for i in range(31)))),
    ("an outcome that is too long", story_with(outcomes=listing(["o" * 201]))),
    ("an earlier file name that is not a web address", story_with(old_slugs="[Food Deliveries]")),
    ("an earlier file name with .md", story_with(old_slugs="food-deliveries.md")),
    ("eleven public details", story_with(public_details=listing(f"Office {i}" for i in range(11)))),
    ("a reported outcome without the section that reports it", story_with(reported=reported(section=None))),
    ("a reported outcome without its source", story_with(reported=reported(source=None))),
]

CORPUS = [(name, text, True) for name, text in ACCEPTED] + [(name, text, False) for name, text in REJECTED]


def test_the_corpus_is_large_and_covers_every_field():
    assert len(CORPUS) >= 30
    assert set(WRONG_TYPES) == set(STORY_FIELDS)
    assert len({name for name, _, _ in CORPUS}) == len(CORPUS), "each case has its own name"


@pytest.mark.parametrize("text, accepted", [c[1:] for c in CORPUS], ids=[c[0] for c in CORPUS])
def test_validator_and_schema_agree(project, story_validator, text, accepted):
    by_validator, problems = validator_accepts(project, text)
    by_schema, errors = schema_accepts(story_validator, text)
    assert (by_validator, by_schema) == (accepted, accepted), f"validator: {problems}\nschema: {errors}"


# --- rules a schema cannot express ---------------------------------------------
# The validator checks these and the schema cannot: they need the calendar, the
# files on disk, the story's text below the front matter, its file name or the
# other stories (an old_slugs entry that is another story's address). Each
# case is refused by the validator and accepted by the schema, on purpose.
# (A tool that asserts "format": "date" also catches the impossible date.)

VALIDATOR_ONLY_RULES = [
    ("a date that is not on the calendar", "a-story", story_with(date="2025-02-30")),
    ("a consent review date that is not on the calendar", "a-story", story_with(consent=register(review_by="2027-02-29"))),
    ("the picture file must exist", "a-story", story_with(image=image(src="images/missing.png"))),
    ("the picture must be beside the story", "a-story", story_with(image=image(src="../../secret.png"))),
    ("the picture must be a type we publish", "a-story", story_with(image=image(src="images/page.html"))),
    ("no personal email address in a field", "a-story", story_with(contact="jane.smith@gmail.com")),
    ("no phone number in the summary", "a-story", story_with(summary="Neighbours organised food deliveries; call Jane on 07700 900123 to help.")),
    ("no personal data in the story's text", "a-story", story_with(body="Email jane.smith@gmail.com to help.\n")),
    ("the story needs text below the front matter", "a-story", story_with(body="")),
    ("the file name must make a web address", "My Story", VALID_STORY),
    ("the file name must not be one of the library's own", "index", VALID_STORY),
    ("a reported outcome names one of the story's own sources", "a-story", story_with(reported=reported(source="Another paper"))),
]


@pytest.mark.parametrize("slug, text", [c[1:] for c in VALIDATOR_ONLY_RULES], ids=[c[0] for c in VALIDATOR_ONLY_RULES])
def test_rules_only_the_validator_checks(project, story_validator, slug, text):
    by_validator, problems = validator_accepts(project, text, slug)
    by_schema, errors = schema_accepts(story_validator, text)
    assert not by_validator, "the validator should refuse this"
    assert by_schema, f"the schema should accept this, or the case belongs in CORPUS: {errors}"


# The validator strips spaces around a value before checking its length or
# looking up a slug; JSON Schema sees the raw value. Only quoted values can
# carry such spaces. (what it shows, text, validator accepts, schema accepts)
SURROUNDING_SPACES = [
    ("spaces do not count towards a title's length", story_with(title="'    Food    '"), False, True),
    ("spaces count towards a title's limit in the schema", story_with(title="'" + "T" * 118 + "    '"), True, False),
    ("a kind with spaces around it", story_with(kind="' community-led '"), True, False),
]


@pytest.mark.parametrize("text, by_validator, by_schema", [c[1:] for c in SURROUNDING_SPACES], ids=[c[0] for c in SURROUNDING_SPACES])
def test_surrounding_spaces_are_the_one_known_difference(project, story_validator, text, by_validator, by_schema):
    assert validator_accepts(project, text)[0] == by_validator
    assert schema_accepts(story_validator, text)[0] == by_schema


def test_register_consent_with_an_empty_reference_is_an_error(project, story_validator):
    text = story_with(consent=register(reference=""))
    assert not schema_accepts(story_validator, text)[0]
    assert not validator_accepts(project, text)[0]


# --- the schema itself ------------------------------------------------------------

def test_the_schemas_are_valid_draft_2020_12(taxonomy):
    for document in (story_schema(taxonomy), toolkit_schema(taxonomy)):
        jsonschema.Draft202012Validator.check_schema(document)
        assert document["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert document["title"] and document["description"]
    assert story_schema(taxonomy)["$id"] == "story.schema.json"


def test_the_schema_is_built_from_the_validators_fields(taxonomy):
    for document, fields in ((story_schema(taxonomy), schema.story_fields(taxonomy)), (toolkit_schema(taxonomy), schema.toolkit_fields(taxonomy))):
        assert list(document["properties"]) == list(fields)
        assert document["required"] == [name for name, spec in fields.items() if spec.required]
        assert document["additionalProperties"] is False
        assert all(document["properties"][name]["description"] == spec.help for name, spec in fields.items())


def test_a_field_type_without_a_json_schema_is_an_error(taxonomy):
    with pytest.raises(TypeError, match="no JSON Schema for field type object"):
        to_json_schema(object(), taxonomy)


def test_the_template_matches_the_schema(story_validator):
    text = (REPO / "case_studies" / "_template.md").read_text(encoding="utf-8")
    assert schema_accepts(story_validator, text) == (True, [])


def test_every_story_in_the_library_matches_the_schema(story_validator):
    stories = sorted(p for p in (REPO / "case_studies").glob("*.md") if not p.name.startswith("_"))
    assert stories
    for path in stories:
        assert schema_accepts(story_validator, path.read_text(encoding="utf-8")) == (True, []), path.name


def test_every_toolkit_page_matches_its_schema(taxonomy):
    validator = jsonschema.Draft202012Validator(toolkit_schema(taxonomy))
    pages = sorted(p for p in (REPO / "docs" / "toolkit").glob("*.md") if p.name != "index.md")
    assert pages
    for path in pages:
        data = safe_yaml.parse(front_matter(path.read_text(encoding="utf-8"))).data
        assert [e.message for e in validator.iter_errors(data)] == [], path.name
    assert list(validator.iter_errors({"title": "A page", "summary": "Too short"}))


def test_the_schema_follows_the_taxonomy(taxonomy):
    themes = taxonomy.groups["themes"]
    housing = Term("themes", "housing", "Housing", "Homes people can afford.")
    grown = dataclasses.replace(taxonomy, groups=taxonomy.groups | {themes.key: dataclasses.replace(themes, terms=themes.terms + (housing,))})
    story = safe_yaml.parse(front_matter(story_with(themes="[economy, housing]"))).data

    def theme_slugs(document):
        return document["properties"]["themes"]["anyOf"][0]["enum"]

    assert theme_slugs(story_schema(grown)) == [*themes.slugs, "housing"]
    assert "housing" not in theme_slugs(story_schema(taxonomy))  # the original taxonomy is untouched
    assert jsonschema.Draft202012Validator(story_schema(grown)).is_valid(story)
    assert not jsonschema.Draft202012Validator(story_schema(taxonomy)).is_valid(story)


def test_the_schema_files_are_json_named_by_their_id(taxonomy):
    files = schema_files(taxonomy)
    assert sorted(files) == ["story.schema.json", "toolkit.schema.json"]
    assert json.loads(files["story.schema.json"]) == story_schema(taxonomy)

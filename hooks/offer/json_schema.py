"""JSON Schemas for story and toolkit front matter, built from schema.py.

The schemas are generated from the validator's own field types (never kept
by hand), so editors and tools can check and complete front matter as it is
typed. They describe the values the strict YAML loader (safe_yaml.py)
produces: dates, `yes` and `no` stay text, numbers are int or float.

What they cannot say, and the validator still checks, is listed in
tests/test_json_schema.py: real calendar dates, pictures on disk, personal
data, file names and the story's text; and the rules about evidence (each
reported outcome names one of the story's sources; a story whose term
needs_reported, a case study, lists one; only such a story is featured), which
validate.py checks against the taxonomy. One more difference: the validator
strips surrounding whitespace before checking a text's length or a slug,
while JSON Schema checks the raw value (patterns allow the whitespace).
"""

from __future__ import annotations

import functools
import json

from . import schema

DIALECT = "https://json-schema.org/draft/2020-12/schema"
_PADDED = r"^\s*(?:{})\s*$"  # the validator strips whitespace before matching a pattern
_SINGLE_LINE = r"^\s*[^\n]*\s*$"

NOTE = ("Generated from the Offer library's validator; run the check (make check) for the final word. "
        "Lengths count surrounding spaces here but not in the check.")


def story_schema(taxonomy) -> dict:
    """Create the JSON Schema for a story's front matter."""
    document = _document("story.schema.json", "Offer library story",
                         "The front matter of a case study in case_studies/.", schema.story_fields(taxonomy), taxonomy)
    document["properties"]["consent"].update(_shapes_rule(schema.CONSENT_SHAPES))
    document.update(_excludes_rule(schema.STAFF_CONSENT))
    return document


def toolkit_schema(taxonomy) -> dict:
    """Create the JSON Schema for a toolkit page's front matter."""
    return _document("toolkit.schema.json", "Offer library toolkit page",
                     "The front matter of a page in docs/toolkit/.", schema.toolkit_fields(taxonomy), taxonomy)


def schema_files(taxonomy) -> dict[str, str]:
    """Create the published schema files: file name to JSON text."""
    return {s["$id"]: json.dumps(s, indent=2, ensure_ascii=False) + "\n"
            for s in (story_schema(taxonomy), toolkit_schema(taxonomy))}


def _document(id_: str, title: str, description: str, fields: dict, taxonomy) -> dict:
    """Create a whole schema document for a set of top-level fields."""
    head = {"$schema": DIALECT, "$id": id_, "title": title, "description": description, "$comment": NOTE}
    return head | to_json_schema(schema.Record(fields), taxonomy)


def _field(spec: schema.Field, taxonomy) -> dict:
    """Create a property's schema; an optional field may also be empty (null), as the validator skips it."""
    value = to_json_schema(spec.type, taxonomy)
    if not spec.required:
        choices = value["anyOf"] if set(value) == {"anyOf"} else [value]
        value = {"anyOf": [{"type": "null"}, *choices]}
    return ({"description": spec.help} if spec.help else {}) | value


@functools.singledispatch
def to_json_schema(kind, taxonomy) -> dict:
    """Create the JSON Schema for one field type of schema.py."""
    raise TypeError(f"no JSON Schema for field type {type(kind).__name__}; add one to json_schema.py")


@to_json_schema.register
def _text(kind: schema.Text, taxonomy) -> dict:
    """Create a string schema: raw length limits, and the pattern and single-line rule around spaces."""
    patterns = [_PADDED.format(kind.pattern)] if kind.pattern else []
    patterns += [_SINGLE_LINE] if kind.single_line else []
    result = {"type": "string", "minLength": kind.min_length, "maxLength": kind.max_length}
    if len(patterns) == 1:
        result["pattern"] = patterns[0]
    elif patterns:
        result["allOf"] = [{"pattern": p} for p in patterns]
    return result


@to_json_schema.register
def _date(kind: schema.Date, taxonomy) -> dict:
    """Create a YYYY-MM-DD string schema for the years the library covers."""
    return {"type": "string", "format": "date", "pattern": _PADDED.format(schema.Date.PATTERN)}


@to_json_schema.register
def _choice(kind: schema.Choice, taxonomy) -> dict:
    """Create an enum of the allowed words."""
    return {"enum": list(kind.options)}


@to_json_schema.register
def _flag(kind: schema.Flag, taxonomy) -> dict:
    """Create a true/false schema."""
    return {"type": "boolean"}


@to_json_schema.register
def _url(kind: schema.Url, taxonomy) -> dict:
    """Create an http(s) web address schema."""
    return {"type": "string", "pattern": _PADDED.format(schema.Url.PATTERN)}


@to_json_schema.register
def _terms(kind: schema.Terms, taxonomy) -> dict:
    """Create an enum of a taxonomy group's slugs: one slug, or a list of different ones when many."""
    one = {"type": "string", "enum": taxonomy.groups[kind.group].slugs}
    if not kind.many:
        return one
    many = {"type": "array", "items": one, "minItems": kind.min_items, "uniqueItems": True}
    return {"anyOf": [one, many]}


@to_json_schema.register
def _text_list(kind: schema.TextList, taxonomy) -> dict:
    """Create a schema for one text or a list of them."""
    one = to_json_schema(kind.item, taxonomy)
    return {"anyOf": [one, {"type": "array", "items": one, "maxItems": kind.max_items}]}


@to_json_schema.register
def _record(kind: schema.Record, taxonomy) -> dict:
    """Create an object schema with exactly the record's fields."""
    return {
        "type": "object",
        "properties": {name: _field(spec, taxonomy) for name, spec in kind.fields.items()},
        "required": [name for name, spec in kind.fields.items() if spec.required],
        "additionalProperties": False,
    }


@to_json_schema.register
def _record_list(kind: schema.RecordList, taxonomy) -> dict:
    """Create an array-of-records schema."""
    return {"type": "array", "items": to_json_schema(kind.record, taxonomy),
            "minItems": kind.min_items, "maxItems": kind.max_items}


def _shapes_rule(rule: schema.Shapes) -> dict:
    """Create a Shapes rule: for each value of its key, every one of its fields (not empty), or none of them."""
    def when(word):
        return {"properties": {rule.key: {"const": word}}, "required": [rule.key]}

    def then(has_them: bool) -> dict:
        if has_them:
            return {"required": list(rule.fields), "properties": {n: {"not": {"type": "null"}} for n in rule.fields}}
        return {"properties": {n: False for n in rule.fields}}

    result: dict = {}
    for word, has_them in reversed(rule.has_them.items()):  # nested if/then/else, the first value outermost
        result = {"if": when(word), "then": then(has_them)} | ({"else": result} if result else {})
    return result


def _excludes_rule(rule: schema.Excludes) -> dict:
    """Create an Excludes rule: when one field has a value, a field elsewhere cannot have another."""
    inner: dict = {"not": {"const": rule.value}}
    for name in reversed(rule.path):
        inner = {"properties": {name: inner}}
    return {"if": {"properties": {rule.when: {"const": rule.is_}}, "required": [rule.when]}, "then": inner}

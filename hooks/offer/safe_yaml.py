"""Strict YAML for front matter: plain values only, every value's line kept.

PyYAML parses the text into events (the C parser when available); we build
the values from them ourselves, which is faster than composing nodes, so that:

- aliases (`*a`) are refused, so alias bombs cannot expand (an anchor alone is
  harmless: no value is ever copied from it);
- duplicate keys are refused instead of the last one silently winning;
- YAML 1.1 traps do not apply: `no`, `on`, `yes` stay text, and dates stay
  text for the schema to check (an impossible date gets a clear message);
- tags such as `!!python/object` are refused;
- nesting is bounded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

try:  # the C parser is several times faster; both give the same events
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _Parser

MAX_DEPTH = 8

_TAG = "tag:yaml.org,2002:"
_UNTAGGED = (None, "!")
_SCALAR_TAGS = {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")}
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_NULLS = {"", "~", "null", "Null", "NULL"}
_NUMBER_START = set("0123456789+-.")

# PyYAML's wording for common slips, in plain English.
_PLAIN_ENGLISH = [
    ("mapping values are not allowed", "a value contains a colon followed by a space; put the whole value in quotes"),
    ("could not find expected ':'", "a line is missing the colon between field and value (write `field: value`)"),
    ("found undefined alias", "anchors and aliases (& and *) are not allowed; write the value out in full"),
    ("found unexpected end of stream", "a quote or bracket is opened but never closed"),
    ("expected <block end>, but found", "the indentation is uneven; line up fields at the same level with the same number of spaces"),
    ("found unknown escape character", "a backslash in double quotes starts an unknown escape; use single quotes instead"),
    ("expected a comment or a line break", "there is extra text after a closing quote"),
]


class YamlError(Exception):
    """Front matter that cannot be read, at a line of the file."""

    def __init__(self, line: int, message: str):
        super().__init__(message)
        self.line = line
        self.message = message


@dataclass(frozen=True)
class Parsed:
    data: object
    lines: dict  # path tuple, e.g. ("sources", 0, "title") -> line in the file


def parse(text: str, first_line: int = 1) -> Parsed:
    """Parse one YAML document into plain dicts, lists, str, int, float, bool and None.

    `first_line` is the file line the YAML text starts on, so that every line
    reported (in errors and in `lines`) is a line of the file.
    """
    if _flow_depth(text) > MAX_DEPTH * 4:  # refuse [[[[... before parsing it
        raise YamlError(first_line, f"the front matter is nested more than {MAX_DEPTH} levels deep")
    parser = _Parser(text)
    try:
        return _Builder(parser, first_line).document()
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        lines = text.split("\n")  # the mark may sit just past the last line, when the text has no final newline
        raise YamlError(first_line + line, _explain(exc, lines[line] if line < len(lines) else "")) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"the front matter is not valid YAML ({exc})") from None
    finally:
        parser.dispose()


def _flow_depth(text: str) -> int:
    """The deepest run of [ and { brackets, counted roughly (quotes ignored)."""
    if text.count("[") + text.count("{") <= MAX_DEPTH * 4:  # cannot be deeper than that: skip the loop
        return 0
    depth = deepest = 0
    for char in text:
        if char in "[{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "]}":
            depth = max(depth - 1, 0)
    return deepest


def _explain(exc: yaml.MarkedYAMLError, line_text: str) -> str:
    text = str(exc)
    if "tab character" in text or ("cannot start any token" in text and "\t" in line_text):
        return "a tab character is used for indenting; YAML needs spaces instead of tabs"
    for needle, plain in _PLAIN_ENGLISH:
        if needle in text:
            return plain
    return f"the front matter is not valid YAML ({exc.problem or exc.context})"


class _Builder:
    """Values from the parser's events, one value at a time, recording each one's line.

    Each value's first event is fetched by its caller: one call to the parser
    per event, which is most of the cost of reading a large library.
    """

    def __init__(self, parser, first_line: int):
        self.next_event = parser.get_event
        self.first_line = first_line
        self.lines: dict = {}

    def document(self) -> Parsed:
        self.next_event()  # the stream starts
        event = self.next_event()
        if type(event) is yaml.StreamEndEvent:
            return Parsed(None, {})
        data = self.value(self.next_event(), ())  # after the document start
        self.next_event()  # the document ends
        event = self.next_event()
        if type(event) is not yaml.StreamEndEvent:
            raise YamlError(self.first_line + event.start_mark.line, "the front matter holds a second YAML document; keep one block of fields")
        return Parsed(data, self.lines)

    def value(self, event, path: tuple):
        line = self.first_line + event.start_mark.line
        kind = type(event)
        if kind is yaml.AliasEvent:  # an anchor alone is harmless: values are never copied from it
            raise YamlError(line, "anchors and aliases (& and *) are not allowed; write the value out in full")
        if len(path) > MAX_DEPTH:
            raise YamlError(line, f"the front matter is nested more than {MAX_DEPTH} levels deep")
        self.lines.setdefault(path, line)
        if kind is yaml.ScalarEvent:
            return _scalar(event, line)
        if kind is yaml.SequenceStartEvent:
            _require_tag(event, "seq", line)
            return self.sequence(path)
        _require_tag(event, "map", line)
        return self.mapping(path)

    def sequence(self, path: tuple) -> list:
        items: list = []
        event = self.next_event()
        while type(event) is not yaml.SequenceEndEvent:
            items.append(self.value(event, path + (len(items),)))
            event = self.next_event()
        return items

    def mapping(self, path: tuple) -> dict:
        result: dict = {}
        key_event = self.next_event()
        while type(key_event) is not yaml.MappingEndEvent:
            line = self.first_line + key_event.start_mark.line
            if type(key_event) is not yaml.ScalarEvent:
                raise YamlError(line, "a field name must be plain text")
            key = key_event.value
            child = path + (key,)
            if key in result:
                raise YamlError(line, f'"{key}" appears twice (first on line {self.lines[child]}); keep one')
            self.lines[child] = line
            result[key] = self.value(self.next_event(), child)
            key_event = self.next_event()
        return result


def _require_tag(event, kind: str, line: int) -> None:
    if event.tag not in _UNTAGGED and event.tag != _TAG + kind:
        raise YamlError(line, f"YAML tags such as {event.tag} are not allowed")


def _scalar(event, line: int):
    if event.tag not in _UNTAGGED and event.tag not in _SCALAR_TAGS:
        raise YamlError(line, f"YAML tags such as {event.tag} are not allowed")
    text = event.value
    if event.style or event.tag in (_TAG + "str", "!"):  # quoted, block (| >), !!str or !: always text
        return text
    if text in _NULLS:
        return None
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if text[:1] not in _NUMBER_START:  # most values are words: skip the number patterns
        return text
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text

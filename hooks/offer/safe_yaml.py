"""Strict YAML for front matter: plain values only, every value's line kept.

PyYAML composes the text into nodes (the C parser when available); we then
build the values ourselves so that:

- anchors and aliases (`&a`, `*a`) are refused, so alias bombs cannot expand;
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

try:  # the C loader is several times faster; both compose the same nodes
    from yaml import CSafeLoader as _BaseLoader
except ImportError:  # pragma: no cover - depends on how PyYAML was built
    from yaml import SafeLoader as _BaseLoader

MAX_DEPTH = 8

_TAG = "tag:yaml.org,2002:"
_PLAIN = "offer:plain"  # an untagged, unquoted scalar: _scalar works out what it is
_SCALAR_TAGS = {_PLAIN} | {_TAG + t for t in ("str", "int", "float", "bool", "null", "timestamp", "value")}


class _Loader(_BaseLoader):
    def resolve(self, kind, value, implicit):
        """Tags for untagged nodes, without PyYAML's YAML 1.1 guessing (a regular expression per value)."""
        if kind is yaml.ScalarNode:
            return _PLAIN if implicit[0] else _TAG + "str"
        return _TAG + ("seq" if kind is yaml.SequenceNode else "map")
_INT = re.compile(r"[-+]?(0|[1-9][0-9]*)")
_FLOAT = re.compile(r"[-+]?([0-9]+\.[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?")
_NULLS = {"", "~", "null", "Null", "NULL"}

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
    builder = _Builder(first_line)
    if _flow_depth(text) > MAX_DEPTH * 4:  # the C composer recurses and can crash on [[[[...
        raise YamlError(first_line, f"the front matter is nested more than {MAX_DEPTH} levels deep")
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line if mark else 0
        raise YamlError(first_line + line, _explain(exc, text.split("\n")[line])) from None
    except yaml.YAMLError as exc:
        raise YamlError(first_line, f"the front matter is not valid YAML ({exc})") from None
    if node is None:
        return Parsed(None, {})
    return Parsed(builder.build(node, ()), builder.lines)


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
    def __init__(self, first_line: int):
        self.first_line = first_line
        self.lines: dict = {}
        self.seen: set = set()

    def line(self, node) -> int:
        return self.first_line + node.start_mark.line

    def build(self, node, path: tuple, used_at: int | None = None):
        """Build the value of `node`; `used_at` is the line of the key or item that holds it."""
        if id(node) in self.seen:  # an alias: the composer hands back the anchored node again
            raise YamlError(used_at or self.line(node), "anchors and aliases (& and *) are not allowed; write the value out in full")
        self.seen.add(id(node))
        if len(path) > MAX_DEPTH:
            raise YamlError(self.line(node), f"the front matter is nested more than {MAX_DEPTH} levels deep")
        self.lines.setdefault(path, self.line(node))
        if isinstance(node, yaml.ScalarNode):
            return _scalar(node, self.line(node))
        if isinstance(node, yaml.SequenceNode):
            self.require_tag(node, "seq")
            return [self.build(item, path + (i,), self.line(node)) for i, item in enumerate(node.value)]
        self.require_tag(node, "map")
        return self.mapping(node, path)

    def mapping(self, node, path: tuple) -> dict:
        result: dict = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise YamlError(self.line(key_node), "a field name must be plain text")
            key = str(key_node.value)
            if key in result:
                first = self.lines[path + (key,)]
                raise YamlError(self.line(key_node), f'"{key}" appears twice (first on line {first}); keep one')
            self.lines[path + (key,)] = self.line(key_node)
            result[key] = self.build(value_node, path + (key,), self.line(key_node))
        return result

    def require_tag(self, node, kind: str) -> None:
        if node.tag != _TAG + kind:
            raise YamlError(self.line(node), f"YAML tags such as {node.tag} are not allowed")


def _scalar(node, line: int):
    if node.tag not in _SCALAR_TAGS:
        raise YamlError(line, f"YAML tags such as {node.tag} are not allowed")
    text = node.value
    if node.style or node.tag == _TAG + "str":  # quoted, block (| >) or !!str: always text
        return text
    if text in _NULLS:
        return None
    if text.lower() in ("true", "false"):
        return text.lower() == "true"
    if _INT.fullmatch(text):
        return int(text)
    if _FLOAT.fullmatch(text):
        return float(text)
    return text

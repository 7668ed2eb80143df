"""Read a Markdown file with YAML front matter, safely, keeping line numbers."""

from __future__ import annotations

import itertools
import os
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

from frontmatter.default_handlers import YAMLHandler

from . import safe_yaml
from .problems import Problem, unreadable

MAX_BYTES = 200_000  # a long story is about 10 KB; anything near this is a mistake
BOUNDARY = YAMLHandler.FM_BOUNDARY  # a line of three or more dashes


@dataclass(frozen=True)
class Document:
    path: Path
    display: str  # the path as shown in messages, relative to the project
    data: dict
    lines: dict  # field path tuple -> line in the file
    body: str
    body_line: int  # the file line the body starts on

    def line_of(self, path: tuple) -> int:
        """The line of a field, or of the nearest field above it that has one."""
        for n in range(len(path), -1, -1):
            if path[:n] in self.lines:
                return self.lines[path[:n]]
        return 1


class LoadError(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem


class Read(NamedTuple):
    """A file's bytes, up to MAX_BYTES + 1 (enough to tell it is too long), and its size."""

    raw: bytes
    size: int


def read_file(path: Path) -> Read:
    """The file's bytes as loading reads them; OSError if it cannot be read."""
    with open(path, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        return Read(handle.read(min(size, MAX_BYTES) + 1), size)  # never more than the limit; a buffer the file's size is quicker


def read_text(path: Path, display: str, read: Read | None = None) -> str:
    """The file's text (from `read` if it was read already), as UTF-8 with Unix line endings; a byte-order mark is dropped."""
    def fail(line: int, message: str):
        raise LoadError(Problem(display, line, "file", message))

    try:
        raw, size = read or read_file(path)
    except OSError as error:
        fail(1, unreadable(error))
    if len(raw) > MAX_BYTES:
        fail(1, f"the file is {size // 1000:,} KB; the limit is {MAX_BYTES // 1000} KB. Move large content, such as pictures, into separate files")
    if b"\0" in raw:
        fail(raw[: raw.index(b"\0")].count(b"\n") + 1, "this is not a text file (it contains binary data); save the story as plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        fail(raw[: exc.start].count(b"\n") + 1, "the text is not UTF-8; save the file with UTF-8 encoding")
    return text.replace("\r\n", "\n").replace("\r", "\n")


def load_document(path: Path, display: str, read: Read | None = None) -> Document:
    """Read one file (or take what `read` holds of it) into front matter and body; raise LoadError with a clear problem."""
    text = read_text(path, display, read)

    def fail(line: int, message: str, field: str = "front matter"):
        raise LoadError(Problem(display, line, field, message))

    if not text.strip():
        fail(1, "the file is empty; start from the story template", "file")
    boundaries = list(itertools.islice(BOUNDARY.finditer(text), 2))  # the body may have more: only these two matter
    if not boundaries or boundaries[0].start() != 0:
        fail(1, "the file must start with front matter: a line of three dashes (---), the fields, then another line of three dashes")
    if len(boundaries) < 2:
        fail(1, "the front matter is not closed; add a line of three dashes (---) after the last field")
    opening, closing = boundaries[0], boundaries[1]
    yaml_text = text[opening.end():closing.start()]
    first_line = text[: opening.end()].count("\n") + 1
    try:
        parsed = safe_yaml.parse(yaml_text, first_line)
    except safe_yaml.YamlError as exc:
        fail(exc.line, exc.message)
    if not isinstance(parsed.data, dict):
        fail(parsed.lines.get((), first_line), "the front matter must be a list of fields, one per line, written `field: value`")
    return Document(
        path=path,
        display=display,
        data=parsed.data,
        lines=parsed.lines,
        body=text[closing.end():],
        body_line=text[: closing.end()].count("\n") + 1,
    )

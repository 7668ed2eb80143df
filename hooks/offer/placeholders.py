"""The story template's example text, which must never go live.

The template (`case_studies/_template.md`) is the one place the example text
is written: `make new` copies it, and the check reads it to know what a writer
has not yet replaced. The schema says which fields hold example text
(`Field.fill_in`, which is also what to write there); every other value in the
template, such as a theme or a locality, is a real choice.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .loader import Document, load_document

TEMPLATE_FILE = "_template.md"


@dataclass(frozen=True)
class Example:
    record: str  # "" for the front matter itself, or the list of records the field is in, e.g. "sources"
    field: str
    value: object  # as the loader reads it from the template
    fill_in: str  # what to write there instead
    alone: bool  # False for dates: one counts only beside another example in the same record


@dataclass(frozen=True)
class Placeholders:
    examples: tuple[Example, ...]
    prompts: tuple[tuple[str, re.Pattern], ...]  # the body's prompt paragraphs: (text, a pattern allowing any line breaks)

    def find(self, doc: Document) -> list[tuple[tuple, str]]:
        """(field path, message) for each example value still in the front matter."""
        found = []
        for record, prefix, values in _records(doc.data):
            hits = {e.field: e for e in self.examples if e.record == record and _same(values.get(e.field), e.value)}
            if any(e.alone for e in hits.values()):  # a date on its own may be a real date that matches
                found += [(prefix + (e.field,), f"still has the template's example {_quote(e.value)}; {e.fill_in}") for e in hits.values()]
        return found

    def find_prompts(self, doc: Document) -> list[tuple[int, str]]:
        """(line, message) for each of the template's prompt paragraphs still in the body."""
        found = []
        for text, pattern in self.prompts:
            if match := pattern.search(doc.body):
                line = doc.body_line + doc.body.count("\n", 0, match.start())
                found.append((line, f'still has the template\'s prompt "{_opening(text)}"; replace it with the story in your own words'))
        return found


def _records(data: dict):
    """(record name, field path prefix, values) for the front matter and each entry of its lists of records."""
    yield "", (), data
    for name, spec in schema.STORY_FIELDS.items():
        if isinstance(spec.type, schema.RecordList) and isinstance(data.get(name), list):
            for i, entry in enumerate(data[name]):
                if isinstance(entry, dict):
                    yield name, (name, i), entry


def _same(value, example) -> bool:
    return value == example or (isinstance(value, str) and isinstance(example, str) and value.strip() == example.strip())


def _quote(value) -> str:
    return "text" if len(str(value)) > 30 else f'"{value}"'


def _opening(text: str, words: int = 8) -> str:
    parts = text.split()
    return " ".join(parts[:words]) + ("..." if len(parts) > words else "")


def read_template(content_dir: Path, display) -> Placeholders | None:
    """The template's example values and prompts; None when the project has no template."""
    path = content_dir / TEMPLATE_FILE
    if not path.is_file():
        return None
    doc = load_document(path, display(path))  # a LoadError is reported like any file's
    return Placeholders(tuple(_examples(doc.data)), tuple(_prompts(doc.body)))


def _examples(data: dict):
    for name, spec in schema.STORY_FIELDS.items():
        value = data.get(name)
        if spec.fill_in and value is not None:
            yield Example("", name, value, spec.fill_in, not isinstance(spec.type, schema.Date))
        if isinstance(spec.type, schema.RecordList) and isinstance(value, list):
            for entry in value:
                for field, inner in spec.type.record.fields.items():
                    if inner.fill_in and isinstance(entry, dict) and entry.get(field) is not None:
                        yield Example(name, field, entry[field], inner.fill_in, not isinstance(inner.type, schema.Date))


def _prompts(body: str):
    """Paragraphs of the template's body that are not headings: prompts for the writer."""
    for paragraph in _paragraphs(body):
        if not _is_heading(paragraph):
            words = paragraph.split()
            yield " ".join(words), re.compile(r"\s+".join(map(re.escape, words)))


def outline(body: str) -> tuple[str, list[str]]:
    """The template's body as a form starts it: (its headings, kept; its prompts, each as one line, for hints)."""
    paragraphs = list(_paragraphs(body))
    headings = "\n\n".join(p.strip() for p in paragraphs if _is_heading(p))
    return headings + "\n" if headings else "", [" ".join(p.split()) for p in paragraphs if not _is_heading(p)]


def _paragraphs(body: str):
    return (p for p in re.split(r"\n\s*\n", body) if p.strip())


def _is_heading(paragraph: str) -> bool:
    return paragraph.lstrip().startswith("#")

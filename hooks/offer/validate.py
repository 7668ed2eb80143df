"""Check a loaded document against its schema and turn it into a model object.

Every problem is collected, never just the first, so one run of the check
lists everything a writer has to fix.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import os
from pathlib import Path

from . import pictures, schema, slugs
from .loader import Document
from .model import Consent, Image, Reported, Source, Story, ToolkitPage
from .placeholders import Placeholders
from .privacy import find_personal_data
from .problems import ERROR, WARNING, Problem
from .taxonomy import Taxonomy

NO_BODY = "the story has no text below the front matter; write the story there"


class Reporter:
    """Collects problems for one document, with the line of each field."""

    def __init__(self, doc: Document):
        self.doc = doc
        self.problems: list[Problem] = []

    def __call__(self, path: tuple, message: str, severity: str = ERROR) -> None:
        field = ".".join(str(p) for p in path if not isinstance(p, int)) or "front matter"
        self.problems.append(Problem(self.doc.display, self.doc.line_of(path), field, message, severity))

    def warn(self, path: tuple, message: str) -> None:
        self(path, message, WARNING)


def validate_story(doc: Document, taxonomy: Taxonomy, allowed: dict[str, schema.Field], content_root: Path, today: dt.date,
                   placeholders: Placeholders | None = None, listed_pictures: frozenset[Path] = frozenset()) -> tuple[Story | None, list[Problem]]:
    """`allowed`: schema.story_fields(taxonomy), worked out once for all the stories. `listed_pictures`: the folder's
    pictures as its listing found them (not the disk as it is now: a result depends only on that listing)."""
    report = Reporter(doc)
    fields = schema.check_fields(allowed, doc.data, schema.Context(taxonomy, report))
    to_fill_in = _placeholders(doc, fields.get("status"), placeholders, report) if placeholders else ()
    if problem := slugs.problem(doc.path):
        report.problems.append(Problem(doc.display, 1, "file name", problem))
    if not doc.body.strip():
        report.problems.append(Problem(doc.display, doc.body_line, "body", NO_BODY))
    _personal_data(doc, fields, taxonomy, report)
    terms = _terms(fields, taxonomy)
    _what_it_reports(fields, terms, taxonomy, report)
    consent = _consent(fields.get("consent"), fields.get("audience"), report, today)
    image = _image(fields.get("image"), doc, content_root, listed_pictures, report)
    if consent is None and not any(p.is_error for p in report.problems):  # never drop a story silently
        report(("consent",), "could not be read; start again from the consent lines in the story template")
    if any(p.is_error for p in report.problems):
        return None, report.problems
    plain = {k: v for k, v in fields.items() if k not in ("sources", "consent", "image", "reported")}  # named as in Story
    story = Story(
        slug=doc.path.stem, path=doc.path, display=doc.display, body=doc.body,
        sources=tuple(Source(**s) for s in fields["sources"]), consent=consent, image=image,
        reported=tuple(Reported(**r) for r in fields.get("reported", ())),
        to_fill_in=to_fill_in, terms=terms, **plain,
    )
    return story, report.problems


def _terms(fields: dict, taxonomy: Taxonomy) -> dict[str, tuple[str, ...]]:
    """Take the term fields out of `fields`: group key -> slugs, always a tuple; a group's default term where none is named."""
    terms = {}
    for group in taxonomy.story_groups():
        value = fields.pop(group.field, None) or (group.default_term.slug if group.default_term else None)
        if value:
            terms[group.key] = (value,) if isinstance(value, str) else value
    return terms


def _placeholders(doc: Document, status: str | None, placeholders: Placeholders, report: Reporter) -> tuple[str, ...]:
    """The template's example text still in a story: errors once it is published, warnings while a draft."""
    severity = ERROR if status == "published" else WARNING
    start = len(report.problems)
    for path, message in placeholders.find(doc):
        report(path, message, severity)
    for line, message in placeholders.find_prompts(doc):
        report.problems.append(Problem(doc.display, line, "body", message, severity))
    return tuple(f"{p.field} (line {p.line}): {p.message}" for p in report.problems[start:])


def _what_it_reports(fields: dict, terms: dict[str, tuple[str, ...]], taxonomy: Taxonomy, report: Reporter) -> None:
    """A story whose term needs_reported (a case study) lists an outcome its sources report, and only such a
    story is featured: changing one word cannot meet this, as each outcome names a source and a section."""
    titles = [s["title"] for s in fields.get("sources", ()) if "title" in s]  # a record's missing field is already reported
    for i, reported in enumerate(fields.get("reported", ())):
        if titles and "source" in reported and reported["source"] not in titles:
            report(("reported", i, "source"), f'"{reported["source"]}" is not the title of one of this story\'s sources; use one of: {"; ".join(titles)}')
    named = [(g, g.term(s)) for g in taxonomy.story_groups() for s in terms.get(g.key, ())]  # a group's default term counts
    needing = [(g, t) for g, t in named if t and t.needs_reported]
    for group, term in needing:
        if not fields.get("reported"):
            other = f"set {group.field}: {group.default_term.slug}" if group.default_term not in (None, term) else "choose another"
            report((group.field,), f"a story marked {term.label.lower()} must list at least one outcome its sources report as "
                                   f"having happened, under reported: with the outcome, the source's title and the section; add one, or {other}")
    wanted = [t.label.lower() for g in taxonomy.story_groups() for t in g.terms if t.needs_reported]
    if fields.get("featured") and wanted and not needing:
        report(("featured",), f"only a {' or '.join(wanted)} can be featured on the home page, as it has something to learn; set featured: false")


PERSONAL_DATA_FIELDS = ("title", "summary", "partners", "outcomes", "contact")


def _personal_data(doc: Document, fields: dict, taxonomy: Taxonomy, report: Reporter) -> None:
    """Flag likely personal data in the story's text and its text fields."""
    allowed = fields.get("public_details", ())

    def scan(text: str, where):
        for found in find_personal_data(text, taxonomy.council_domains, allowed):
            line, field = where(found.offset)
            report.problems.append(Problem(
                doc.display, line, field,
                f'"{found.text}" {found.advice}. Remove it, or if it is public (an organisation\'s, not a person\'s), add it to public_details',
            ))

    scan(doc.body, lambda offset: (doc.body_line + doc.body.count("\n", 0, offset), "body"))
    # The fields are scanned as one text, a blank line between values, which nothing found can span.
    paths, values = [], []
    for name in PERSONAL_DATA_FIELDS:
        value = fields.get(name)
        for i, text in enumerate((value,) if isinstance(value, str) else value or ()):
            paths.append((name,) if isinstance(value, str) else (name, i))
            values.append(text)
    for i, reported in enumerate(fields.get("reported", ())):
        if "outcome" in reported:
            paths.append(("reported", i, "outcome"))
            values.append(reported["outcome"])
    starts = list(itertools.accumulate((len(v) + 2 for v in values[:-1]), initial=0))

    def field_at(offset: int) -> tuple[int, str]:
        path = paths[bisect.bisect_right(starts, offset) - 1]
        return doc.line_of(path), path[0]

    scan("\n\n".join(values), field_at)


def _consent(value: dict | None, audience: str | None, report: Reporter, today: dt.date) -> Consent | None:
    if value is None or "basis" not in value:
        return None
    shapes = schema.CONSENT_SHAPES
    if not shapes.has_them[value[shapes.key]]:
        for name in shapes.fields:
            if name in report.doc.data.get("consent", {}):
                report(("consent", name), f"remove {name}: a story drawn only from published papers has no consent record")
        return Consent(value[shapes.key])
    written = report.doc.data["consent"]
    missing = [n for n in shapes.fields if n not in value]
    for name in missing:
        if written.get(name) is None:  # absent or empty; a present but wrong value is already reported
            report(("consent", name), f"is missing; with basis register, add the {name.replace('_', ' ')} from the library's record of consent")
    if missing:
        return None
    rule = schema.STAFF_CONSENT
    if audience == rule.is_ and value[rule.path[-1]] == rule.value:
        report(rule.path, rule.message)
    if value["review_by"] < today:
        report.warn(("consent", "review_by"), f"consent was due for review on {value['review_by']:%d %B %Y}; check it against the library's record of consent")
    return Consent(value[shapes.key], value["reference"], value["scope"], value["review_by"])


def _image(value: dict | None, doc: Document, content_root: Path, listed: frozenset[Path], report: Reporter) -> Image | None:
    if value is None or "src" not in value:
        return None
    path = Path(os.path.normpath(doc.path.parent / value["src"]))  # no link followed: a content folder holds none
    if content_root not in path.parents:
        report(("image", "src"), f'"{value["src"]}" is outside the story\'s folder; put the picture next to the story')
    elif not pictures.is_picture(path):
        report(("image", "src"), f'"{value["src"]}" is not a picture type we publish; use {", ".join(pictures.SUFFIXES)}')
    elif path not in listed:
        report(("image", "src"), f'"{value["src"]}" was not found; check the file name and that the picture is uploaded')
    else:  # whether the file itself can be published is checked with every picture
        return Image(value["src"], value.get("alt", ""), path, path.relative_to(content_root).as_posix())
    return None


def validate_toolkit(doc: Document, taxonomy: Taxonomy, today: dt.date) -> tuple[ToolkitPage | None, list[Problem]]:
    report = Reporter(doc)
    fields = schema.check_fields(schema.toolkit_fields(taxonomy), doc.data, schema.Context(taxonomy, report))
    if "review_by" in fields and fields["review_by"] < today:
        report.warn(("review_by",), f"this page was due for review on {fields['review_by']:%d %B %Y}; check it and set a new date")
    if any(p.is_error for p in report.problems):
        return None, report.problems
    terms = _terms(fields, taxonomy)
    page = ToolkitPage(path=doc.path, display=doc.display, terms=terms, **{k: v for k, v in fields.items() if k != "hide"})
    return page, report.problems

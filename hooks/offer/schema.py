"""What a story's and a toolkit page's front matter may hold.

Each field type checks one value and returns it cleaned, or reports what is
wrong in plain English. The schemas at the bottom are data built from these
types; the validator walks them and the story template describes them.
"""

from __future__ import annotations

import datetime as dt
import re
import difflib
from dataclasses import dataclass
from typing import Callable

from .slugs import ADDRESS, MAX_LENGTH
from .taxonomy import Group, Taxonomy

INVALID = object()  # a value that failed its check


@dataclass
class Context:
    """What a field check needs: the taxonomy and a way to report a problem."""

    taxonomy: object
    report: Callable[[tuple, str], None]


def _describe(value) -> str:
    if isinstance(value, bool):
        return f"{str(value).lower()} (yes/no)"
    if isinstance(value, (int, float)):
        return f"the number {value}"
    if value is None:
        return "nothing"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a set of fields"
    return f'"{value}"'


# ---------------------------------------------------------------------------
# Field types
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Text:
    max_length: int
    min_length: int = 1
    pattern: str | None = None
    pattern_hint: str = ""
    single_line: bool = True

    def check(self, value, ctx: Context, path: tuple):
        if not isinstance(value, str):
            hint = ' put it in quotes, e.g. "2024"' if isinstance(value, (int, float, bool)) else ""
            ctx.report(path, f"expected text but found {_describe(value)};{hint or ' write it as plain text'}".rstrip(";"))
            return INVALID
        text = value.strip()
        if len(text) < self.min_length:
            ctx.report(path, self.too_short(len(text)))
            return INVALID
        if len(text) > self.max_length:
            ctx.report(path, f"is too long ({len(text)} characters); the limit is {self.max_length}")
            return INVALID
        if self.single_line and "\n" in text:
            ctx.report(path, "must be a single line")
            return INVALID
        if self.pattern and not re.fullmatch(self.pattern, text):
            ctx.report(path, self.wrong_form(f'"{text}"'))
            return INVALID
        return text

    def too_short(self, found: int | None = None) -> str:
        """The message for a text under min_length; without `found`, as a form shows it before anything is counted."""
        if found is None:
            return f"is too short; write at least {self.min_length} characters"
        return f"is too short ({found} characters); write at least {self.min_length}"

    def wrong_form(self, subject: str) -> str:
        return f"{subject} is not in the right form; {self.pattern_hint}"


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


@dataclass(frozen=True)
class Date:
    FIRST_YEAR, LAST_YEAR = 1990, 2099
    # the same dates as one pattern, for JSON Schema (a test checks it against FIRST_YEAR and LAST_YEAR)
    PATTERN = r"(?:199\d|20\d\d)-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"

    def check(self, value, ctx: Context, path: tuple):
        text = str(value).strip() if isinstance(value, (str, int)) else None
        match = _ISO_DATE.fullmatch(text or "")
        if not match:
            ctx.report(path, f"{_describe(value)} is not a date; write dates as YYYY-MM-DD, e.g. 2024-05-01")
            return INVALID
        year, month, day = map(int, match.groups())
        if not 1 <= month <= 12:
            ctx.report(path, f"{text} is not a real date: there is no month {month}; write YYYY-MM-DD")
            return INVALID
        try:
            date = dt.date(year, month, day)
        except ValueError:
            ctx.report(path, f"{text} is not a real date: month {month} of {year} has no day {day}")
            return INVALID
        if not self.FIRST_YEAR <= year <= self.LAST_YEAR:
            ctx.report(path, f"{text} is outside the years this library covers ({self.FIRST_YEAR} to {self.LAST_YEAR}); check the year")
            return INVALID
        return date


@dataclass(frozen=True)
class Choice:
    options: tuple[str, ...]

    def check(self, value, ctx: Context, path: tuple):
        if value in self.options:
            return value
        allowed = ", ".join(self.options)
        ctx.report(path, f"{_describe(value)} is not allowed; use one of: {allowed}")
        return INVALID


@dataclass(frozen=True)
class Flag:
    def check(self, value, ctx: Context, path: tuple):
        if isinstance(value, bool):
            return value
        ctx.report(path, f"{_describe(value)} is not allowed; write true or false")
        return INVALID


@dataclass(frozen=True)
class Url:
    # the validator's and the JSON Schemas'; no escapes that ECMA-262's unicode mode refuses (such as \")
    PATTERN = r"""https?://[^\s<>"']+"""

    def check(self, value, ctx: Context, path: tuple):
        if isinstance(value, str) and re.fullmatch(self.PATTERN, value.strip()):
            return value.strip()
        ctx.report(path, self.wrong(_describe(value)))
        return INVALID

    @staticmethod
    def wrong(subject: str) -> str:
        return f"{subject} is not a web address; it must start with https:// or http://"


@dataclass(frozen=True)
class Terms:
    """Slugs from one taxonomy group (by its key): one (many=False) or a list."""

    group: str
    many: bool = True
    min_items: int = 1

    def check(self, value, ctx: Context, path: tuple):
        group = ctx.taxonomy.groups[self.group]
        if not self.many:
            return self.one(value, group, ctx, path)
        items = value if isinstance(value, list) else [value]  # one slug on its own is fine
        if len(items) < self.min_items:
            ctx.report(path, f"needs at least {self.min_items}; use one or more of: {', '.join(group.slugs)}")
            return INVALID
        slugs = [self.one(item, group, ctx, path + (i,) if isinstance(value, list) else path) for i, item in enumerate(items)]
        if INVALID in slugs:
            return INVALID
        for i, slug in enumerate(slugs):
            if slug in slugs[:i]:
                ctx.report(path + (i,), f'"{slug}" is listed twice; list each {group.singular.lower()} once')
                return INVALID
        return tuple(slugs)

    def one(self, value, group, ctx: Context, path: tuple):
        if isinstance(value, str) and group.term(value.strip()):
            return value.strip()
        message = f"{_describe(value)} is not a {group.singular.lower()}; use one of: {', '.join(group.slugs)}"
        guess = group.suggest(value) if isinstance(value, str) else None
        if guess:
            term, reason = guess
            message += f'. Did you mean "{term.slug}"' + (f" ({reason})?" if reason else "?")
        ctx.report(path, message)
        return INVALID


@dataclass(frozen=True)
class TextList:
    item: Text
    max_items: int

    def check(self, value, ctx: Context, path: tuple):
        items = value if isinstance(value, list) else [value]
        if len(items) > self.max_items:
            ctx.report(path, f"has {len(items)} entries; the limit is {self.max_items}")
            return INVALID
        checked = [self.item.check(v, ctx, path + (i,) if isinstance(value, list) else path) for i, v in enumerate(items)]
        return INVALID if INVALID in checked else tuple(checked)


@dataclass(frozen=True)
class Field:
    type: object
    required: bool = False
    help: str = ""  # what goes here, in a few words: used in the story template
    label: str = ""  # its name in the editor's form, where the field's own name reads badly (editor_config.py)
    fill_in: str = ""  # set when the template's value here is example text: what to write instead (see placeholders.py)


@dataclass(frozen=True)
class Record:
    fields: dict[str, Field]

    def check(self, value, ctx: Context, path: tuple):
        if not isinstance(value, dict):
            names = ", ".join(self.fields)
            ctx.report(path, f"{_describe(value)} is not allowed; it needs fields below it, indented: {names}")
            return INVALID
        return check_fields(self.fields, value, ctx, path)


@dataclass(frozen=True)
class RecordList:
    record: Record
    min_items: int = 1
    max_items: int = 20

    def check(self, value, ctx: Context, path: tuple):
        if not isinstance(value, list) or len(value) < self.min_items:
            ctx.report(path, f"must be a list of entries, each starting with '- ' and with fields: {', '.join(self.record.fields)}")
            return INVALID
        if len(value) > self.max_items:
            ctx.report(path, f"has {len(value)} entries; the limit is {self.max_items}")
            return INVALID
        checked = [self.record.check(v, ctx, path + (i,)) for i, v in enumerate(value)]
        return INVALID if INVALID in checked else tuple(checked)


def check_fields(fields: dict[str, Field], data: dict, ctx: Context, path: tuple = ()) -> dict:
    """Check each field; report unknown and missing ones. Returns what passed."""
    result = {}
    for name in data:
        if name not in fields:
            close = difflib.get_close_matches(str(name), list(fields), n=1, cutoff=0.7)
            hint = f'. Did you mean "{close[0]}"?' if close else f"; fields allowed here: {', '.join(fields)}"
            ctx.report(path + (name,), f'"{name}" is not a field we know{hint}')
    for name, spec in fields.items():
        if data.get(name) is None:
            if spec.required:
                ctx.report(path + (name,), f"is missing; add it ({spec.help})" if spec.help else "is missing; add it")
            continue
        checked = spec.type.check(data[name], ctx, path + (name,))
        if checked is not INVALID:
            result[name] = checked
    return result


# ---------------------------------------------------------------------------
# The schemas
# ---------------------------------------------------------------------------

OWN_TEAM = "the library's own team"  # in a help text: the editor's form names the team set in the taxonomy (site: team)
STATUSES = ("draft", "published", "withdrawn")
AUDIENCES = ("public", "staff")
REGISTER_FIELDS = ("reference", "scope", "review_by")


@dataclass(frozen=True)
class Shapes:
    """A cross-field rule: a record's `key` field chooses which of the other `fields` it has: all (True) or none (False)."""
    key: str
    fields: tuple[str, ...]
    has_them: dict[str, bool]  # value of `key` -> whether the record then has every one of `fields`, or none


@dataclass(frozen=True)
class Excludes:
    """A cross-field rule: when the field `when` is `is_`, the field at `path` cannot be `value`."""
    when: str
    is_: str
    path: tuple[str, ...]
    value: str
    message: str


# Declared once: validate.py enforces these, json_schema.py writes them as if/then.
CONSENT_SHAPES = Shapes("basis", REGISTER_FIELDS, {"register": True, "published-papers": False})
STAFF_CONSENT = Excludes("audience", "public", ("consent", "scope"), "staff",
                         "consent covers staff only, but the story's audience is public; set audience: staff or get public consent")
CONSENT_BASES = tuple(CONSENT_SHAPES.has_them)
DATE_MEANINGS = ("happened", "started", "reported")  # what a story's date is: see the story template

SOURCE = Record({
    "title": Field(Text(200), required=True, help="the document's title",
                   fill_in="write the title of the report, paper or record the facts come from"),
    "date": Field(Date(), required=True, help="the document's date, YYYY-MM-DD",
                  fill_in="write the date of that document, YYYY-MM-DD"),
    "reference": Field(Text(60), help="its report or reference number, if it has one",
                       fill_in="write its report or reference number, or leave it out if it has none"),
    "section": Field(Text(200, pattern=r"[^;]+", pattern_hint="separate its parts with commas or 'and', not semicolons (the open data joins lists with them)"),
                     help="where in the document the facts are: a section, paragraph or slide, e.g. 2.2 Stories of Place",
                     fill_in="write where in the document the facts are (a section, paragraph or slide), or leave it out"),
    "url": Field(Url(), help="a web address for it, if it is online", label="Web address"),
})

CONSENT = Record({
    "basis": Field(Choice(CONSENT_BASES), required=True,
                   help="register (people gave consent, kept in this library's own record of consent) or published-papers"),
    "reference": Field(Text(20, pattern=r"[A-Z]{2,5}-\d{4}-\d{1,6}", pattern_hint="use the reference of the consent in the library's record of consent, e.g. CR-2024-0153"),
                       help="with basis register: the reference of the consent in the library's record of consent, e.g. CR-2024-0153"),
    "scope": Field(Choice(AUDIENCES), help="with basis register: public or staff, as the person agreed"),
    "review_by": Field(Date(), help="with basis register: when consent must be checked again, YYYY-MM-DD", label="Review consent by"),
})

REPORTED = Record({
    "outcome": Field(Text(200), required=True, help="what happened, as the source reports it"),
    "source": Field(Text(200), required=True, help="the title of the source that reports it, as it is under sources"),
    "section": Field(Text(200), required=True, help="where in that source it is reported: a section, paragraph or slide"),
})

IMAGE = Record({
    "src": Field(Text(200), required=True, help="the picture's file, next to the story, e.g. images/garden.jpg", label="Picture"),
    "alt": Field(Text(250, min_length=5), required=True, help="what the picture shows, for people who cannot see it", label="Text alternative"),
})

STORY_FIELDS = {  # a story's own fields; its term fields come from the taxonomy (story_fields)
    "title": Field(Text(120, min_length=5), required=True, help="a short headline",
                   fill_in="write a short headline, up to 120 characters"),
    "summary": Field(Text(300, min_length=30), required=True, help="one or two sentences for cards and search results, up to 300 characters",
                     fill_in="write one or two sentences for cards and search results: what happened and why it matters"),
    "date": Field(Date(), required=True, help="when it happened (or began), YYYY-MM-DD; if the papers do not say, the report's date"),
    "date_is": Field(Choice(DATE_MEANINGS), help="what the date is: happened (the default), started (the start of a period the text gives) or reported (the report's date)",
                     label="What the date is"),
    "status": Field(Choice(STATUSES), required=True, help="draft, published or withdrawn"),
    "audience": Field(Choice(AUDIENCES), required=True, help="public or staff"),
    "sources": Field(RecordList(SOURCE), required=True, help="where the facts come from"),
    "consent": Field(CONSENT, required=True, help="the consent for this story"),
    "partners": Field(TextList(Text(120), max_items=30), help="organisations involved (no private individuals)"),
    "outcomes": Field(TextList(Text(200), max_items=10), help="short facts about what changed"),
    "reported": Field(RecordList(REPORTED, min_items=0, max_items=10),
                      help="outcomes the sources report as having happened, each with its source and section; a case study needs one",
                      label="Outcomes the sources report"),
    "featured": Field(Flag(), help="true to show it on the home page", label="Featured on the home page"),
    "image": Field(IMAGE, help="an optional picture with its description"),
    "contact": Field(Text(120), help=f"the team to contact about this story, only if it is not {OWN_TEAM}"),
    "old_slugs": Field(TextList(Text(MAX_LENGTH, pattern=ADDRESS.pattern, pattern_hint="write an earlier file name without .md, e.g. garden-project (not index or page)"), max_items=10),
                       help="earlier file names of this story, so links to them still work", label="Earlier file names"),
    "public_details": Field(TextList(Text(120), max_items=10),
                            help="public contact details the personal data check should allow, e.g. an organisation's phone number",
                            label="Public contact details"),
}

TOOLKIT_FIELDS = {  # a toolkit page's own fields; groups with toolkit: true add theirs (toolkit_fields)
    "title": Field(Text(120, min_length=5), required=True, help="the page's title"),
    "summary": Field(Text(300, min_length=30), required=True, help="one or two sentences about the page"),
    "owner": Field(Text(120), help=f"the team that keeps this page up to date, only if it is not {OWN_TEAM}"),
    "review_by": Field(Date(), required=True, help="when the page must be checked again, YYYY-MM-DD"),
    "hide": Field(TextList(Text(20), max_items=4), help="parts of the page layout to hide, e.g. [toc]"),
}


OWN_FIELDS = frozenset(STORY_FIELDS) | frozenset(TOOLKIT_FIELDS)  # a taxonomy group's field cannot be one of these
TERMS_AFTER = "date_is"  # in a story's front matter, its term fields follow this field


def term_field(group: Group) -> Field:
    """A story's field for a taxonomy group, as the group declares it."""
    kind = Terms(group.key, many=group.many, min_items=1 if group.required else 0)
    return Field(kind, required=group.required, help=group.help)


def story_fields(taxonomy: Taxonomy) -> dict[str, Field]:
    """Every field a story may have: its own, with a field for each taxonomy group that has one."""
    return _with(STORY_FIELDS, TERMS_AFTER, {g.field: term_field(g) for g in taxonomy.story_groups()})


def toolkit_fields(taxonomy: Taxonomy) -> dict[str, Field]:
    """Every field a toolkit page may have: its own, and the groups declared with toolkit: true (optional)."""
    terms = {g.field: Field(Terms(g.key, min_items=0), help=f"{g.label.lower()} it relates to, if any")
             for g in taxonomy.story_groups() if g.toolkit}
    return _with(TOOLKIT_FIELDS, "review_by", terms)


def _with(own: dict[str, Field], after: str, terms: dict[str, Field]) -> dict[str, Field]:
    """`own` fields with the term fields inserted after the field `after`."""
    fields: dict[str, Field] = {}
    for name, spec in own.items():
        fields[name] = spec
        if name == after:
            fields |= terms
    return fields

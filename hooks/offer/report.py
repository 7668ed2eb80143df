"""What in the library needs attention, grouped by what to do: `make report`.

Each section is a function from the report's inputs to its items, listed in
SECTIONS with its heading and what to do. A new kind of finding is one more
function and one more line in SECTIONS; the text, the JSON form and the weekly
issue all follow.
"""

from __future__ import annotations

import datetime as dt
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import near_duplicates
from .content import Content, Project, TAXONOMY_FILE
from .model import EDITIONS, Library
from .pieces import long_date

REVIEW_WITHIN = dt.timedelta(days=60)  # a review date this close counts as due
DRAFT_UNTOUCHED = dt.timedelta(days=90)  # a draft unchanged for longer than this is listed


@dataclass(frozen=True)
class Item:
    file: str  # as shown in messages, relative to the project
    text: str  # plain English, after the file name
    date: dt.date | None = None  # the date the item is about, if any (for sorting and the JSON form)


@dataclass(frozen=True)
class Inputs:
    """What every section may look at."""

    project: Project
    content: Content
    today: dt.date
    last_changed: Callable[[Path], tuple[dt.date, str]]  # file -> (date, where that date comes from)


@dataclass(frozen=True)
class Section:
    key: str  # stable, for the JSON form
    title: str
    what_to_do: str
    find: Callable[[Inputs], list[Item]]


@dataclass(frozen=True)
class Found:
    section: Section
    items: tuple[Item, ...]


@dataclass(frozen=True)
class Report:
    today: dt.date
    found: tuple[Found, ...] = field(default_factory=tuple)  # sections with at least one item

    @property
    def count(self) -> int:
        return sum(len(f.items) for f in self.found)


# ---------------------------------------------------------------------------
# The sections
# ---------------------------------------------------------------------------

def consent_due(inputs: Inputs) -> list[Item]:
    """Stories whose consent must be checked again: review date passed or within REVIEW_WITHIN."""
    items = []
    for story in inputs.content.stories:
        review_by = story.consent.review_by
        if story.status != "withdrawn" and review_by and review_by <= inputs.today + REVIEW_WITHIN:
            items.append(Item(story.display, f"consent review {_due(review_by, inputs.today)} (reference {story.consent.reference})", review_by))
    return items


def drafts_untouched(inputs: Inputs) -> list[Item]:
    """Drafts whose file has not changed for over DRAFT_UNTOUCHED (never judged by the story's own date)."""
    items = []
    for story in inputs.content.stories:
        if story.is_draft:
            changed, where = inputs.last_changed(story.path)
            if inputs.today - changed > DRAFT_UNTOUCHED:
                items.append(Item(story.display, f"last changed on {long_date(changed)}, {_days(inputs.today - changed)} ago ({where})", changed))
    return items


def toolkit_due(inputs: Inputs) -> list[Item]:
    """Toolkit pages whose review date has passed or falls within REVIEW_WITHIN."""
    return [
        Item(page.display, f"review {_due(page.review_by, inputs.today)} (owner: {page.owner or inputs.content.taxonomy.team})", page.review_by)
        for page in inputs.content.toolkit if page.review_by <= inputs.today + REVIEW_WITHIN
    ]


def empty_terms(inputs: Inputs) -> list[Item]:
    """Terms with a page on the public site but no published public story."""
    taxonomy = inputs.content.taxonomy
    if taxonomy is None:  # it could not be read: the rejected files say why
        return []
    public = inputs.content.library("public")
    drafts = Library.build(taxonomy, EDITIONS["preview"], [s for s in inputs.content.stories if s.is_draft])
    display = inputs.project.display(inputs.project.content_dir / TAXONOMY_FILE)
    items = []
    for group in taxonomy.paged_groups():
        for term in group.terms:
            if not public.stories_for(group.key, term.slug):
                waiting = len(drafts.stories_for(group.key, term.slug))
                note = f" ({waiting} draft{'s' * (waiting != 1)} in progress)" if waiting else ""
                items.append(Item(display, f'{group.singular.lower()} "{term.label}" ({term.slug}) has no published stories{note}'))
    return items


def look_like_copies(inputs: Inputs) -> list[Item]:
    """Pairs of stories sharing most of their sentences (the check warns about each file)."""
    return [
        Item(pair.first, f"shares {pair.shared} of {pair.of} sentences with `{pair.second}`")
        for pair in near_duplicates.in_stories(inputs.content.stories)
    ]


def content_problems(inputs: Inputs) -> list[Item]:
    """Files the check rejects: the report cannot see inside them until they are fixed."""
    first: dict[str, Item] = {}
    for problem in inputs.content.problems:
        if problem.is_error and problem.path not in first:
            first[problem.path] = Item(problem.path, f"line {problem.line}: {problem.field}: {problem.message}")
    return list(first.values())


SECTIONS = (
    Section("consent-review", "Consent to check",
            "Check each story's consent against the library's record of consent, then set a new consent `review_by` date, or withdraw the story.",
            consent_due),
    Section("stale-drafts", f"Drafts not touched for over {DRAFT_UNTOUCHED.days} days",
            "Finish and publish each draft, or delete it if it is no longer wanted.",
            drafts_untouched),
    Section("toolkit-review", "Toolkit pages due for review",
            "Ask each page's owner to check it is still right, then set a new `review_by` date.",
            toolkit_due),
    Section("empty-terms", "Terms with no stories",
            "Look for a story to write for each of these, or ask whether the term is still needed.",
            empty_terms),
    Section("near-duplicates", "Stories that look like copies",
            "Read each pair: if one is a copy, merge them (add the other's file name to `old_slugs`) or rewrite one in its own words.",
            look_like_copies),
    Section("problems", "Files the check rejects",
            "Run `make check` and fix these: until then they are left out of the site and of this report.",
            content_problems),
)


def make_report(inputs: Inputs, sections=SECTIONS) -> Report:
    found = []
    for section in sections:
        items = sorted(section.find(inputs), key=lambda i: (i.date or dt.date.max, i.file))  # stable: terms keep taxonomy order
        if items:
            found.append(Found(section, tuple(items)))
    return Report(inputs.today, tuple(found))


# ---------------------------------------------------------------------------
# When a file last changed: git history, or the file's time where there is none
# ---------------------------------------------------------------------------

class LastChanged:
    """When each file last changed: its newest commit, or its modification time where git has
    no history of it or it has changes not yet committed. Reads each repository's history once."""

    def __init__(self):
        self._tops: dict[Path, Path | None] = {}  # folder -> the top of its git repository, if any
        self._histories: dict[Path, tuple[dict[Path, dt.date], set[Path]]] = {}  # top -> (commit dates, changed files)

    def __call__(self, path: Path) -> tuple[dt.date, str]:
        path = path.resolve()
        top = self._top(path.parent)
        dates, changed = self._history(top) if top else ({}, set())
        if path in dates and path not in changed:
            return dates[path], "git history"
        reason = "changed since its last commit" if path in changed else "no git history"
        return _day(path.stat().st_mtime), f"file time: {reason}"

    def _top(self, folder: Path) -> Path | None:
        if folder not in self._tops:
            top = _git(folder, "rev-parse", "--show-toplevel")
            self._tops[folder] = Path(top.strip()).resolve() if top else None
        return self._tops[folder]

    def _history(self, top: Path) -> tuple[dict[Path, dt.date], set[Path]]:
        if top not in self._histories:
            dates: dict[Path, dt.date] = {}
            for entry in (_git(top, "log", "--format=%x00%ct", "--name-only") or "").split("\0")[1:]:
                stamp, *names = entry.strip().splitlines()
                for name in names:
                    dates.setdefault((top / name).resolve(), _day(int(stamp)))  # newest first: keep the first
            status = _git(top, "status", "--porcelain", "--untracked-files=all") or ""
            changed = {(top / line[3:].split(" -> ")[-1].strip('"')).resolve() for line in status.splitlines() if line[:2] != "??"}
            self._histories[top] = (dates, changed)
        return self._histories[top]


def _git(folder: Path, *args: str) -> str | None:
    try:
        result = subprocess.run(["git", "-c", "core.quotePath=false", "-C", str(folder), *args], capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.SubprocessError):
        return None
    return result.stdout if result.returncode == 0 else None


def _day(timestamp: float) -> dt.date:
    return dt.datetime.fromtimestamp(timestamp, dt.timezone.utc).date()


# ---------------------------------------------------------------------------
# The report as text and JSON
# ---------------------------------------------------------------------------

def as_text(report: Report) -> str:
    """Markdown that reads as plain English in a terminal, an issue and a job summary."""
    lines = [f"# Offer library report, {long_date(report.today)}", ""]
    if not report.count:
        return "\n".join(lines + ["Nothing needs attention.", ""])
    lines += [f"{report.count} thing{'s' * (report.count != 1)} need{'s' * (report.count == 1)} attention.", ""]
    for found in report.found:
        lines += [f"## {found.section.title} ({len(found.items)})", "", found.section.what_to_do, ""]
        lines += [f"- `{item.file}`: {item.text.rstrip('.')}." for item in found.items] + [""]
    return "\n".join(lines)


def as_json(report: Report) -> str:
    return json.dumps({
        "today": report.today.isoformat(),
        "needs_attention": bool(report.count),
        "count": report.count,
        "sections": [
            {"key": f.section.key, "title": f.section.title, "what_to_do": f.section.what_to_do,
             "items": [{"file": i.file, "text": i.text, "date": i.date.isoformat() if i.date else None} for i in f.items]}
            for f in report.found
        ],
        "markdown": as_text(report),  # the text form too, so one run gives a tool both
    }, indent=2, ensure_ascii=False) + "\n"


def _due(date: dt.date, today: dt.date) -> str:
    if date < today:
        return f"was due on {long_date(date)}, {_days(today - date)} ago"
    if date == today:
        return "is due today"
    return f"is due on {long_date(date)}, in {_days(date - today)}"


def _days(delta: dt.timedelta) -> str:
    return f"{delta.days} day{'s' * (delta.days != 1)}"


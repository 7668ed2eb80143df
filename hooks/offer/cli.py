"""Command line: `python scripts/offer.py check|new`, on the same core as the build."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from .content import Project, build_date, check_content
from .problems import Problem

TEMPLATE = "_template.md"


# ---------------------------------------------------------------------------
# check: every problem, one line each; annotations and a summary on GitHub
# ---------------------------------------------------------------------------

def check(project: Project) -> int:
    """Print every problem as `path:line: field: message`; exit 1 if any is an error."""
    result = check_content(project, jobs=os.cpu_count() or 1)
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in result.problems:
        print(github_annotation(problem) if on_github else problem)
    if on_github and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(summary_table(result.problems))
    errors = sum(p.is_error for p in result.problems)
    if errors:
        print(f"{errors} problem{'s' * (errors != 1)} to fix.", file=sys.stderr)
        return 1
    print(f"All content is valid: {result.stories} stories, {result.toolkit_pages} toolkit pages.", file=sys.stderr)
    return 0


def github_annotation(problem: Problem) -> str:
    """A workflow command GitHub shows on the changed line of the pull request."""
    def escape(text: str, property_value: bool = False) -> str:
        text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return text.replace(":", "%3A").replace(",", "%2C") if property_value else text

    level = "error" if problem.is_error else "warning"
    return f"::{level} file={escape(problem.path, True)},line={problem.line},title={escape(problem.field, True)}::{escape(problem.message)}"


def summary_table(problems) -> str:
    """All problems as a Markdown table: GitHub shows only a few annotations per step."""
    if not problems:
        return "### Content check\n\nAll content is valid.\n"
    def cell(text) -> str:
        return str(text).replace("|", "\\|").replace("\n", " ")

    rows = "\n".join(
        f"| {'Error' if p.is_error else 'Warning'} | `{cell(p.path)}` | {p.line} | {cell(p.field)} | {cell(p.message)} |" for p in problems
    )
    return f"### Content check: {len(problems)} to look at\n\n| | File | Line | Field | Problem |\n|---|---|---|---|---|\n{rows}\n"


# ---------------------------------------------------------------------------
# new: start a story from the template
# ---------------------------------------------------------------------------

def slug_for(title: str) -> str:
    """A file name from a title: lower case, hyphens, at most 60 characters, whole words."""
    words = re.sub(r"[^a-z0-9]+", " ", title.lower().replace("&", " and ")).split()
    slug = ""
    for word in words:
        if len(slug) + len(word) + 1 > 60:
            break
        slug = f"{slug}-{word}" if slug else word
    return slug


def new_story(project: Project, title: str, today: dt.date) -> tuple[Path | None, str]:
    """Write a draft story from the template; return its path, or None and why not."""
    title = " ".join(title.split())
    slug = slug_for(title)
    if len(title) < 5 or not slug:
        return None, "give the story a title of at least five characters, e.g. make new TITLE=\"Community garden in Aberfeldy\""
    path = project.content_dir / f"{slug}.md"
    if path.exists():
        return None, f"{project.display(path)} already exists; choose a different title or edit that story"
    template = (project.content_dir / TEMPLATE).read_text(encoding="utf-8")
    text = template.split("\n\n", 1)[1]  # drop the "copy this file" notes at the top
    text = re.sub(r"(?m)^title: .*$", lambda _: f"title: {json.dumps(title, ensure_ascii=False)}", text, count=1)
    text = re.sub(r"(?m)^date: .*$", f"date: {today.isoformat()}", text, count=1)
    path.write_text("---\n" + text, encoding="utf-8")
    return path, f"Wrote {project.display(path)} (a draft). Fill in its fields, then run `make check`."


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="offer", description="Tools for the Perth & Kinross Offer library.")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="the project folder (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check every story and toolkit page")
    new = commands.add_parser("new", help="start a new story from the template")
    new.add_argument("title", nargs="?", default="", help="the story's headline")
    args = parser.parse_args(argv)
    project = Project.at(args.root)
    try:
        today = build_date()
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 1
    if args.command == "check":
        return check(project)
    title = args.title or (input("Story title: ") if sys.stdin.isatty() else "")
    path, message = new_story(project, title, today)
    print(message, file=sys.stdout if path else sys.stderr)
    return 0 if path else 1

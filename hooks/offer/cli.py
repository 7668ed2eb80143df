"""Command line: `python scripts/library.py check|new|report|bulletin`, on the same core as the build."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import sys
from pathlib import Path

from . import placeholders, settings, slugs
from .check_cache import CACHE_FILE, CheckCache
from .content import TAXONOMY_FILE, Project, check_content, load_content
from .problems import Problem
from .taxonomy import TaxonomyError, load_taxonomy



# ---------------------------------------------------------------------------
# check: every problem, one line each; annotations and a summary on GitHub
# ---------------------------------------------------------------------------

def check(project: Project, today: dt.date, files: list[Path] = (), jobs: int = 1) -> int:
    """Print every problem as `path:line: field: message`; exit 1 if any is an error.

    With `files` (as a pre-commit hook passes them), only their problems are shown, and those
    of files that are neither stories nor toolkit pages (pictures, the taxonomy); the whole
    library is still read, so a clash with another story's address is found. Naming a file
    that is not a page (the taxonomy, the template) shows every problem: it affects them all."""
    result = check_content(project, today, jobs, team_warning=not files, cache=CheckCache(project.root / CACHE_FILE))
    problems = _only(project, result.problems, files) if files else result.problems
    on_github = os.environ.get("GITHUB_ACTIONS") == "true"
    for problem in problems:
        print(github_annotation(problem) if on_github else problem)
    if on_github and os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(summary_table(problems))
    errors = sum(p.is_error for p in problems)
    if errors:
        print(f"{errors} problem{'s' * (errors != 1)} to fix.", file=sys.stderr)
        return 1
    if files:
        print(f"{len(files)} file{'s' * (len(files) != 1)} checked: no problems to fix.", file=sys.stderr)
    else:
        print(f"All content is valid: {result.stories} stories, {result.toolkit_pages} toolkit pages.", file=sys.stderr)
    return 0


def _only(project: Project, problems, files: list[Path]) -> list[Problem]:
    named = {project.display(Path(f).resolve()) for f in files}
    pages = {project.display(p) for folder in project.content_dirs if folder.is_dir() for p in project.content_files(folder)[0]}
    pages |= {project.display(p) for p in project.toolkit_files()}
    if not named <= pages:
        return list(problems)
    return [p for p in problems if p.path in named or p.path not in pages]


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

def new_story(project: Project, title: str, today: dt.date) -> tuple[Path | None, str]:
    """Write a draft story from the template; return its path, or None and why not."""
    title = " ".join(title.split())
    slug = slugs.slug_for(title)
    path = project.content_dir / f"{slug}.md"
    if len(title) < 5 or not slug:
        return None, "give the story a title of at least five characters, e.g. make new TITLE=\"Community garden in Aberfeldy\""
    if problem := slugs.problem(path):  # the form would make the same name from this title
        return None, problem.split(";")[0] + "; choose a different title"
    if path.exists():
        return None, f"{project.display(path)} already exists; choose a different title or edit that story"
    template = (project.content_dir / placeholders.TEMPLATE_FILE).read_text(encoding="utf-8")
    text = template.split("\n\n", 1)[1]  # drop the "copy this file" notes at the top
    text = re.sub(r"(?m)^title: .*$", lambda _: f"title: {json.dumps(title, ensure_ascii=False)}", text, count=1)
    text = re.sub(r"(?m)^date: .*$", f"date: {today.isoformat()}", text, count=1)
    path.write_text("---\n" + _with_every_group(text, project), encoding="utf-8")
    return path, f"Wrote {project.display(path)} (a draft). Fill in its fields, then run `make check`: it lists what is left to replace from the template."


def _with_every_group(text: str, project: Project) -> str:
    """The template's text, with a line for each taxonomy group it does not name yet (before status:),
    so a new story follows the taxonomy even before the template is updated."""
    try:
        taxonomy = load_taxonomy(project.content_dir / TAXONOMY_FILE)
    except TaxonomyError:  # `make check` explains it
        return text
    missing = [g for g in taxonomy.story_groups() if not re.search(rf"(?m)^{g.field}:", text)]
    lines = "".join(f"# {g.help[0].upper() + g.help[1:]}: {', '.join(g.slugs)}\n{g.field}: {'[]' if g.many else ''}\n\n"
                    for g in missing)
    return re.sub(r"(?m)^(?=status:)", lambda _: lines, text, count=1) if lines else text


def report(project: Project, today: dt.date, form: str, jobs: int = 1) -> int:
    """Print what needs attention; always exit 0 (the JSON form says whether anything does)."""
    from . import report as reports  # imported by the commands that use them, so `make check` starts sooner
    content = load_content(project, today, jobs=jobs)
    found = reports.make_report(reports.Inputs(project, content, today, reports.LastChanged()))
    sys.stdout.write(reports.as_json(found) if form == "json" else reports.as_text(found))
    return 0


# ---------------------------------------------------------------------------
# bulletin: the stories published since a date, ready to email
# ---------------------------------------------------------------------------

def bulletin(project: Project, since: dt.date, edition: str, site_url: str | None, out: Path, today: dt.date) -> int:
    """Write the bulletin's three files, or say in one line why there is nothing to write."""
    from . import bulletin as bulletins  # Pillow (its pictures) and the email package: only this command needs them
    if not site_url:
        print("set SITE_URL to the public site's address so the bulletin can link to it, e.g. SITE_URL=https://example.org/offer/", file=sys.stderr)
        return 1
    try:
        dates = bulletins.publication_dates(project.root, project.content_dir)
    except bulletins.NoHistory as exc:
        print(exc, file=sys.stderr)
        return 1
    found = bulletins.entries(load_content(project, today).library(edition), dates, since, site_url)
    if not found:
        print(f"No stories published since {since.isoformat()} in the {edition} edition: nothing written.")
        return 0
    files = bulletins.write(found, since, edition, out)
    print(f"Wrote {len(found)} {'story' if len(found) == 1 else 'stories'} published since {since.isoformat()} ({edition} edition): "
          + ", ".join(project.display(f) for f in files))
    return 0


def _date(text: str) -> str:
    try:
        dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f'"{text}" is not a date; write YYYY-MM-DD, e.g. 2026-01-15') from None
    return text


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="offer", description="Tools for the Perth & Kinross Offer library.")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="the project folder (default: this repository)")
    # --root may also come after the command; SUPPRESS keeps it from hiding one given before
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--root", type=Path, default=argparse.SUPPRESS, help=argparse.SUPPRESS)
    commands = parser.add_subparsers(dest="command", required=True)
    checker = commands.add_parser("check", parents=[common], help="check every story and toolkit page, or only the files named")
    checker.add_argument("files", nargs="*", type=Path, help="only report problems in these files (the whole library is still read, to find clashes)")
    new = commands.add_parser("new", parents=[common], help="start a new story from the template")
    new.add_argument("title", nargs="?", default="", help="the story's headline")
    reporter = commands.add_parser("report", parents=[common], help="list what needs attention: consent and toolkit reviews, old drafts, empty terms")
    reporter.add_argument("--today", type=_date, help="the date to report for, YYYY-MM-DD (default: SOURCE_DATE_EPOCH, else today)")
    reporter.add_argument("--format", choices=("text", "json"), default="text", help="text (Markdown, the default) or json")
    bulletin_parser = commands.add_parser("bulletin", parents=[common], help="write an email of the stories published since a date")
    bulletin_parser.add_argument("--since", type=_date, required=True, help="the first day to include, YYYY-MM-DD")
    bulletin_parser.add_argument("--staff", action="store_true", help="the staff edition, with staff-only stories (default: public)")
    bulletin_parser.add_argument("--out", type=Path, default=Path("bulletin"), help="the folder to write to (default: bulletin/)")
    args = parser.parse_args(argv)
    try:
        setting = settings.read()
    except settings.SettingError as exc:
        print(exc, file=sys.stderr)
        return 1
    project = Project.at(args.root, extra_content=setting.extra_content)
    if args.command == "check":
        return check(project, setting.today, args.files, setting.jobs)
    if args.command == "bulletin":
        out = args.out if args.out.is_absolute() else args.root / args.out
        return bulletin(project, dt.date.fromisoformat(args.since), "staff" if args.staff else "public", setting.site_url, out, setting.today)
    if args.command == "report":
        today = dt.date.fromisoformat(args.today) if args.today else setting.today
        return report(project, today, args.format, setting.jobs)
    title = args.title or (input("Story title: ") if sys.stdin.isatty() else "")
    path, message = new_story(project, title, setting.today)
    print(message, file=sys.stdout if path else sys.stderr)
    return 0 if path else 1

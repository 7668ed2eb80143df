"""Command line: `python scripts/offer.py check` and friends, on the same core as the build."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .content import Project, load_content


def check(project: Project) -> int:
    """Print every problem as `path:line: field: message`; exit 1 if any is an error."""
    content = load_content(project)
    for problem in content.problems:
        print(problem)
    errors = sum(p.is_error for p in content.problems)
    stories = len(content.stories)
    if errors:
        print(f"{errors} problem{'s' * (errors != 1)} to fix.", file=sys.stderr)
        return 1
    print(f"All content is valid: {stories} stories, {len(content.toolkit)} toolkit pages.", file=sys.stderr)
    return 0


def main(argv: list[str] | None = None, root: Path | None = None) -> int:
    parser = argparse.ArgumentParser(prog="offer", description="Tools for the Perth & Kinross Offer library.")
    parser.add_argument("--root", type=Path, default=root or Path.cwd(), help="the project folder (default: this repository)")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("check", help="check every story and toolkit page")
    args = parser.parse_args(argv)
    project = Project.at(args.root)
    if args.command == "check":
        return check(project)
    return 2

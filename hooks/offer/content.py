"""Load every story and toolkit page of a project: load, then validate, then model."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .loader import LoadError, load_document
from .model import EDITIONS, Library, Story, ToolkitPage
from .problems import Problem
from .taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from .validate import validate_story, validate_toolkit

TAXONOMY_FILE = "taxonomy.yml"


@dataclass(frozen=True)
class Project:
    """Where the content lives. `root` is what paths in messages are relative to."""

    root: Path
    content_dir: Path  # case_studies/
    docs_dir: Path  # docs/

    @classmethod
    def at(cls, root: Path, content_dir: str = "case_studies", docs_dir: str = "docs") -> Project:
        root = root.resolve()
        return cls(root, root / content_dir, root / docs_dir)

    def display(self, path: Path) -> str:
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def story_files(self) -> list[Path]:
        """Story files: Markdown in the content folder, except names starting with _ (templates)."""
        return sorted(
            p for p in self.content_dir.rglob("*.md")
            if not any(part.startswith(("_", ".")) for part in p.relative_to(self.content_dir).parts)
            and p.name.lower() != "readme.md"
        )

    def toolkit_files(self) -> list[Path]:
        """Toolkit pages (the toolkit's own index page is not one)."""
        return sorted(p for p in (self.docs_dir / "toolkit").rglob("*.md") if p.name != "index.md")


@dataclass(frozen=True)
class Content:
    taxonomy: Taxonomy | None
    stories: tuple[Story, ...]  # every valid story, in any status
    toolkit: tuple[ToolkitPage, ...]
    problems: tuple[Problem, ...]

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def library(self, edition: str) -> Library:
        return Library.build(self.taxonomy, EDITIONS[edition], self.stories)


def load_content(project: Project, today: dt.date | None = None) -> Content:
    today = today or dt.date.today()
    taxonomy_path = project.content_dir / TAXONOMY_FILE
    try:
        taxonomy = load_taxonomy(taxonomy_path, project.display(taxonomy_path))
    except TaxonomyError as exc:
        return Content(None, (), (), tuple(exc.problems))
    if missing := _missing_groups(taxonomy, project.display(taxonomy_path)):
        return Content(None, (), (), tuple(missing))
    problems: list[Problem] = []
    stories = _load_all(project, project.story_files(), lambda d: validate_story(d, taxonomy, project.content_dir, today), problems)
    toolkit = _load_all(project, project.toolkit_files(), lambda d: validate_toolkit(d, taxonomy, today), problems)
    problems += _duplicate_slugs(stories)
    return Content(taxonomy, tuple(stories), tuple(toolkit), tuple(sorted(problems)))


def _missing_groups(taxonomy: Taxonomy, display: str) -> list[Problem]:
    have = {g.field for g in taxonomy.groups.values()}
    return [
        Problem(display, 1, "groups", f'no group has "field: {name}"; stories need one, so add the group back')
        for name in sorted(schema.term_fields() - have)
    ]


def _load_all(project: Project, paths: list[Path], validate, problems: list[Problem]) -> list:
    loaded = []
    for path in paths:
        try:
            item, found = validate(load_document(path, project.display(path)))
        except LoadError as exc:
            item, found = None, [exc.problem]
        problems += found
        if item is not None:
            loaded.append(item)
    return loaded


def _duplicate_slugs(stories: list[Story]) -> list[Problem]:
    first: dict[str, Story] = {}
    problems = []
    for story in stories:
        if story.slug in first:
            other = first[story.slug].display
            problems.append(Problem(story.display, 1, "file name", f'another story, {other}, has the same file name "{story.slug}"; rename one of them'))
        else:
            first[story.slug] = story
    return problems

"""Load every story and toolkit page of a project: load, then validate, then model."""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import itertools
import multiprocessing
import os
from pathlib import Path
from typing import Callable

from . import near_duplicates, pictures, placeholders, schema, settings
from .check_cache import CheckCache
from .loader import LoadError, Read, load_document
from .memo import FileMemo
from .model import EDITIONS, Library, Story, StoryAddress, ToolkitPage
from .problems import WARNING, Problem
from .taxonomy import Taxonomy, TaxonomyError, load_taxonomy
from .validate import validate_story, validate_toolkit

TAXONOMY_FILE = "taxonomy.yml"
LINK = ("is a symbolic link; put the file or folder itself here instead. What a link points to can be outside "
        "the project, and the library reads and publishes only what is inside it")


@dataclasses.dataclass(frozen=True)
class Project:
    """Where the content lives. `root` is what paths in messages are relative to."""

    root: Path
    content_dir: Path  # case_studies/, with the taxonomy
    docs_dir: Path  # docs/
    extra_content_dirs: tuple[Path, ...] = ()  # more story folders, e.g. a private checkout of staff-only stories

    @classmethod
    def at(cls, root: Path, docs_dir: Path | None = None, extra_content: Path | None = None) -> Project:
        """The project at `root`, with its extra story folder if there is one (settings.extra_content)."""
        root = root.resolve()
        return cls(root, root / "case_studies", docs_dir or root / "docs", (extra_content,) if extra_content else ())

    @property
    def content_dirs(self) -> tuple[Path, ...]:
        return (self.content_dir, *self.extra_content_dirs)

    def display(self, path: Path) -> str:
        text, root = str(path), str(self.root) + os.sep
        if text.startswith(root) and ".." not in path.parts:  # the usual case, without asking the file system
            return text[len(root):].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def content_files(self, folder: Path) -> tuple[list[Path], list[Path], list[Path]]:
        """(stories, pictures, links) in a content folder, sorted. Stories are Markdown files, except
        README.md and names starting with _ (templates) or . at any level; pictures are anywhere.
        Links are the symbolic links among them and among the folders: never read or published (see LINK)."""
        stories, found, links = [], [], []
        for parent, dirs, names in os.walk(folder):  # one walk, strings not Paths: libraries can be large
            hidden = any(part.startswith(("_", ".")) for part in os.path.relpath(parent, folder).split(os.sep) if part != ".")
            links += [path for path in (os.path.join(parent, d) for d in dirs) if os.path.islink(path)]  # os.walk does not enter them
            for name in names:
                path = os.path.join(parent, name)
                if name.endswith(".md") and not hidden and not name.startswith(("_", ".")) and name.lower() != "readme.md":
                    (links if os.path.islink(path) else stories).append(path)
                elif os.path.splitext(name)[1].lower() in pictures.SUFFIXES:
                    (links if os.path.islink(path) else found).append(path)
        return [Path(p) for p in sorted(stories)], [Path(p) for p in sorted(found)], [Path(p) for p in sorted(links)]

    def links(self) -> list[Path]:
        """Symbolic links where content is read, but for those inside story folders (content_files finds those):
        in the docs folder, and the story folder, taxonomy and template themselves (see LINK)."""
        found = [p for p in (self.content_dir, self.content_dir / TAXONOMY_FILE, self.content_dir / placeholders.TEMPLATE_FILE) if p.is_symlink()]
        for parent, dirs, names in os.walk(self.docs_dir):  # MkDocs would follow them
            found += [Path(parent, name) for name in dirs + names if os.path.islink(os.path.join(parent, name))]
        return sorted(found)

    def toolkit_files(self) -> list[Path]:
        """Toolkit pages (the toolkit's own index page is not one, nor is a link: see links)."""
        return sorted(p for p in (self.docs_dir / "toolkit").rglob("*.md") if p.name != "index.md" and not p.is_symlink())


@dataclasses.dataclass(frozen=True)
class Picture:
    path: Path
    content_path: str  # relative to its content folder: published at case-studies/<content_path>


@dataclasses.dataclass(frozen=True)
class Content:
    taxonomy: Taxonomy | None
    stories: tuple[Story, ...]  # every valid story, in any status
    toolkit: tuple[ToolkitPage, ...]
    problems: tuple[Problem, ...]
    pictures: tuple[Picture, ...] = ()
    story_files: frozenset[str] = frozenset()  # every story file found, as shown in messages

    @property
    def ok(self) -> bool:
        return not any(p.is_error for p in self.problems)

    def broken_stories(self) -> dict[str, list[Problem]] | None:
        """The problems of each story file that could not be loaded, by file; None when an error
        lies elsewhere (the taxonomy, a toolkit page, a picture, or a story that did load)."""
        loaded = {s.display for s in self.stories}
        errors = [p for p in self.problems if p.is_error]
        if any(p.path not in self.story_files or p.path in loaded for p in errors):
            return None
        broken: dict[str, list[Problem]] = {p.path: [] for p in errors}
        for problem in self.problems:  # with their warnings
            if problem.path in broken:
                broken[problem.path].append(problem)
        return broken

    def library(self, edition: str) -> Library:
        return Library.build(self.taxonomy, EDITIONS[edition], self.stories)


@dataclasses.dataclass(frozen=True)
class CheckResult:
    """What `make check` reports: every problem, and how much valid content there is."""

    problems: tuple[Problem, ...]
    stories: int
    toolkit_pages: int


def check_content(project: Project, today: dt.date | None = None, jobs: int = 1, team_warning: bool = True,
                  cache: CheckCache | None = None) -> CheckResult:
    """Load and validate everything, keeping only the problems and the counts (with `team_warning`, a
    warning for each site setting still to make: for the whole library's check, not a commit's).

    Stories come back from the processes reading them as their addresses and
    sentence fingerprints only, which keeps the hand-back between processes
    small; the fingerprints find near-duplicate stories (a warning each).
    With `cache`, a file's result is kept there and reused while nothing it depends on changes (check_cache.py).
    """
    content = load_content(project, today, jobs, cache, keep=_address)
    if cache is not None:
        cache.save()
    pairs = near_duplicates.find((s.display, s.sentences) for s in content.stories)
    to_make = _settings_to_make(project, content.taxonomy) if team_warning else ()
    problems = tuple(sorted(content.problems + tuple(near_duplicates.warnings(pairs)) + to_make))
    return CheckResult(problems, len(content.stories), len(content.toolkit))


def _address(story: Story) -> StoryAddress:
    sentences = frozenset() if story.status == "withdrawn" else near_duplicates.fingerprint(story.body)
    return StoryAddress(story.slug, story.display, story.old_slugs, sentences)


def load_content(project: Project, today: dt.date | None = None, jobs: int = 1, memo: FileMemo | CheckCache | None = None,
                 keep: Callable[[Story], object] | None = None) -> Content:
    """Load, validate and model everything.

    `jobs` > 1 reads large libraries in that many forked processes (the command line's: the build reads in one).
    `memo` reuses an earlier load's results for files that have not changed (`make serve`'s, or the check's cache).
    `keep`, if given, is what of each valid story to keep (see check_content).
    """
    today = today or dt.date.today()
    taxonomy_path = project.content_dir / TAXONOMY_FILE
    sources = (taxonomy_path, project.content_dir / placeholders.TEMPLATE_FILE)
    read_from = _digests(*sources)  # before they are read: see the end
    try:
        taxonomy = load_taxonomy(taxonomy_path, project.display(taxonomy_path), reserved=schema.OWN_FIELDS)
    except TaxonomyError as exc:
        return Content(None, (), (), tuple(exc.problems))
    problems = [Problem(project.display(path), 1, "file", LINK) for path in project.links()]
    template = _template(project, problems)
    missing = [d for d in project.extra_content_dirs if not d.is_dir()]
    problems += [Problem(str(d), 1, settings.EXTRA_CONTENT, "this folder does not exist; check the setting") for d in missing]
    stories, found, story_files = [], [], []
    allowed = schema.story_fields(taxonomy)  # once for every story of every folder
    for folder in project.content_dirs:
        story_paths, picture_paths, links = project.content_files(folder) if folder.is_dir() else ([], [], [])
        story_files += map(project.display, story_paths)
        problems += [Problem(project.display(path), 1, "file", LINK) for path in links]
        validate = functools.partial(validate_story, taxonomy=taxonomy, allowed=allowed, content_root=folder, today=today,
                                     placeholders=template, listed_pictures=frozenset(picture_paths))
        load_many = functools.partial(_load_many, functools.partial(_load_one, project, validate, keep), jobs)
        if memo is None:
            results = load_many(story_paths)
        else:  # a story's result depends on its file and on these, all that validate is given
            results = memo.results((read_from, today, folder, tuple(picture_paths)), story_paths, load_many)
        stories += _valid(results, problems)
        found += _pictures(project, folder, picture_paths, problems)
    load_page = functools.partial(_load_one, project, functools.partial(validate_toolkit, taxonomy=taxonomy, today=today), None)
    toolkit = _valid(_load_many(load_page, 1, project.toolkit_files()), problems)
    problems += _duplicate_slugs(stories)
    if memo is not None and _digests(*sources) != read_from:
        memo.forget()  # the taxonomy or template changed while stories were checked against it: keep nothing of this load
    return Content(taxonomy, tuple(stories), tuple(toolkit), tuple(sorted(problems)), tuple(found), frozenset(story_files))


def _settings_to_make(project: Project, taxonomy: Taxonomy | None) -> tuple[Problem, ...]:
    """A warning while site: team still holds its default (never an error: the site builds with it)."""
    if taxonomy is None or taxonomy.team_is_set:
        return ()
    path = project.content_dir / TAXONOMY_FILE
    return (Problem(project.display(path), taxonomy.team_line, "site.team",
                    f'still says "{taxonomy.team}", which every page shows as the contact; set it to the team that owns '
                    "the library and the toolkit, as a sentence would name it, e.g. the Offer team", WARNING),)


def _template(project: Project, problems: list[Problem]) -> placeholders.Placeholders | None:
    """The story template's example text, for the check; a broken template is a problem like any file's."""
    try:
        return placeholders.read_template(project.content_dir, project.display)
    except LoadError as exc:
        problems.append(exc.problem)
        return None


def _pictures(project: Project, folder: Path, paths: list[Path], problems: list[Problem]) -> list[Picture]:
    """The pictures of a content folder; those that cannot be published are problems."""
    found = []
    for path in paths:
        if problem := pictures.picture_problem(path):
            problems.append(Problem(project.display(path), 1, "picture", problem))
        else:
            found.append(Picture(path, path.relative_to(folder).as_posix()))
    return found


PARALLEL_FROM = 500  # files; below this, starting processes costs more than it saves


def _digests(*paths: Path) -> tuple[bytes | None, ...]:
    """Each file's bytes, digested; None for a file that cannot be read."""
    def digest(path: Path) -> bytes | None:
        try:
            return hashlib.blake2b(path.read_bytes()).digest()
        except OSError:
            return None

    return tuple(map(digest, paths))


def _load_many(load, jobs: int, paths: list[Path], reads: list[Read | None] | None = None) -> list[tuple]:
    """load(path, read) for each path, `read` being the file's bytes when they were read already (check_cache.py)."""
    items = list(zip(paths, reads or [None] * len(paths)))
    if jobs > 1 and len(items) >= PARALLEL_FROM and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            return pool.starmap(load, items, chunksize=-(-len(items) // (jobs * 4)))
    return list(itertools.starmap(load, items))


def _valid(results: list[tuple], problems: list[Problem]) -> list:
    """What loaded, with every problem added to `problems`."""
    loaded = []
    for item, found in results:
        problems += found
        if item is not None:
            loaded.append(item)
    return loaded


def _load_one(project: Project, validate, keep, path: Path, read: Read | None = None) -> tuple:
    try:
        item, problems = validate(load_document(path, project.display(path), read))
    except LoadError as exc:
        return None, [exc.problem]
    return (item if keep is None or item is None else keep(item)), problems


def _duplicate_slugs(stories: list[Story | StoryAddress]) -> list[Problem]:
    """Each address is one story's: current file names and old ones alike."""
    first: dict[str, Story | StoryAddress] = {}
    problems = []
    for story in stories:
        if story.slug in first:
            other = first[story.slug].display
            problems.append(Problem(story.display, 1, "file name", f'another story, {other}, has the same file name "{story.slug}"; rename one of them'))
        else:
            first[story.slug] = story
    claimed: dict[str, Story | StoryAddress] = {}
    for story in stories:
        for old in story.old_slugs:
            owner = first.get(old) or claimed.get(old)
            if owner is not None and owner is not story:
                problems.append(Problem(story.display, 1, "old_slugs", f'"{old}" is the address of {owner.display}; an old address can only lead to one story'))
            claimed.setdefault(old, story)
    return problems

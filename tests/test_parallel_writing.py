"""A large build writes its generated pages in several processes: the site is the one a single process writes.

Real builds of a synthetic library (scripts/corpus.py) large enough for the
hooks to deal pages out to forked copies of the build (offer_hooks.PAGES_PER_PROCESS
a process). OFFER_BUILD_JOBS sets how many, so these tests run the same on any machine.
"""

from __future__ import annotations

import filecmp
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from test_reproducible import EPOCH, every_file

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import corpus  # noqa: E402

STORIES = 300  # with their listing pages, over 300 generated pages: enough for three processes


@pytest.fixture(scope="module")
def library(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("parallel")
    corpus.write_corpus(root, STORIES, seed=3)
    return root


@pytest.fixture(scope="module")
def copys_page(library) -> str:
    """A page the copy reads and writes in a build of two processes: the second generated page, the second newest
    story's (render.all_pages); build_shares._deal gives this process a part of the pages that starts later."""
    from offer.content import Project, load_content

    return f"case-studies/{load_content(Project.at(library)).library('public').stories[1].slug}.md"


def build(root: Path, jobs: str, site: str, overrides: Path | None = None) -> subprocess.CompletedProcess:
    config = root / "mkdocs.yml"
    if overrides:  # the same project with another theme folder
        config = root / "mkdocs-overrides.yml"
        config.write_text((root / "mkdocs.yml").read_text(encoding="utf-8").replace(str(REPO / "overrides"), str(overrides)), encoding="utf-8")
    env = os.environ | {"OFFER_EDITION": "public", "OFFER_BUILD_JOBS": jobs, "SOURCE_DATE_EPOCH": EPOCH, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config), "--site-dir", str(root / site)],
                          cwd=root, env=env, capture_output=True, text=True, timeout=300)


def overrides_with(tmp_path: Path, old: str, new: str) -> Path:
    """The project's theme folder, with `old` replaced by `new` in main.html."""
    folder = tmp_path / "overrides"
    shutil.copytree(REPO / "overrides", folder)
    main = folder / "main.html"
    text = main.read_text(encoding="utf-8")
    assert old in text
    main.write_text(text.replace(old, new, 1), encoding="utf-8")
    return folder


@pytest.mark.parametrize("processes", [2, 3, 8])
def test_pages_are_dealt_out_once_each_in_order_and_spread_evenly(processes):
    from build_shares import KEEP, _deal

    pages = [f"page-{n}.md" for n in range(1000)]
    shares = _deal(pages, processes - 1, KEEP / processes)
    kept = [page for page in pages if not any(page in share for share in shares)]
    assert sorted(sum(shares, []) + kept) == sorted(pages) and all(share == sorted(share, key=pages.index) for share in shares)
    assert abs(len(kept) - 1000 * KEEP / processes) <= 1
    assert max(len(share) for share in shares) - min(len(share) for share in shares) <= 1
    # this process's pages are spread through the list, so the copies' come back to it all along
    gaps = [pages.index(b) - pages.index(a) for a, b in zip(kept, kept[1:])]
    assert max(gaps) <= processes / KEEP + 1


def test_pages_written_by_three_processes_are_the_pages_one_process_writes_search_index_included(library):
    alone, together = build(library, "1", "site-1"), build(library, "3", "site-3")
    assert alone.returncode == 0, alone.stderr
    assert together.returncode == 0, together.stderr
    assert "Reading and writing the pages in 3 processes" in together.stderr and "processes" not in alone.stderr
    first, second = every_file(library / "site-1"), every_file(library / "site-3")
    assert len(first) > STORIES and any(name.startswith("pagefind/") for name in first)
    assert sorted(first) == sorted(second), "the builds wrote different files"
    assert [name for name in first if not filecmp.cmp(first[name], second[name], shallow=False)] == []


def test_an_error_on_a_page_another_process_writes_stops_the_build_with_its_message(library, copys_page, tmp_path):
    block = "{% block extrahead %}"
    overrides = overrides_with(tmp_path, block, block + f'{{% if page and page.file.src_uri == "{copys_page}" %}}{{{{ page.no_such_thing.call() }}}}{{% endif %}}')
    result = build(library, "2", "site-error", overrides)
    assert result.returncode == 1
    assert f"Error building page '{copys_page}'" in result.stderr  # MkDocs' own message, from the copy
    assert "UndefinedError" in result.stderr and "Aborted with a BuildError" in result.stdout + result.stderr  # the build stops on it, strict or not
    assert "Traceback" not in result.stderr


def test_what_another_process_logs_is_shown_once(library, copys_page, tmp_path):
    # MkDocs skips a page whose template writes nothing, with a notice: the copy's page extends an empty template
    overrides = overrides_with(tmp_path, '{% extends "base.html" %}', f'{{% extends "empty.html" if page and page.file.src_uri == "{copys_page}" else "base.html" %}}')
    (overrides / "empty.html").write_text("", encoding="utf-8")
    result = build(library, "2", "site-quiet", overrides)
    assert result.returncode == 0, result.stderr
    assert result.stderr.count(f"Page skipped: '{copys_page}'") == 1
    assert not (library / "site-quiet" / copys_page.removesuffix(".md") / "index.html").exists()
    assert (library / "site-quiet" / "case-studies" / "index.html").is_file()


def test_what_copies_log_is_what_one_process_logs_once_each_and_fails_a_strict_build(library, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(library, root, ignore=shutil.ignore_patterns("site*"))
    for story in (root / "case_studies").glob("*.md"):  # a broken link and a missing anchor in every story: two warnings each
        story.write_text(story.read_text(encoding="utf-8") + "\nSee [a story](no-such-story.md) and [a heading](../toolkit/think-yes.md#no-such-heading).\n",
                         encoding="utf-8")
    alone, together = build(root, "1", "site-1"), build(root, "2", "site-2")
    assert "Reading and writing the pages in 2 processes" in together.stderr

    def about_links(result) -> list[str]:
        return sorted(re.findall(r"Doc file '[^']+' contains a link .*", result.stderr))

    broken = [line for line in about_links(alone) if "no-such-story.md" in line]
    assert len(broken) > STORIES // 2 and len(about_links(alone)) == 2 * len(broken)
    assert about_links(together) == about_links(alone)
    assert alone.returncode == together.returncode == 1
    assert f"Aborted with {len(about_links(alone))} warnings in strict mode" in together.stdout + together.stderr


DYING_EXTENSION = """
import multiprocessing, os
from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

class Die(Preprocessor):
    def run(self, lines):
        if multiprocessing.parent_process() is not None and any("DIE HERE" in line for line in lines):
            os._exit(3)  # as if the system had killed a copy of the build for want of memory
        return lines

class DyingExtension(Extension):
    def extendMarkdown(self, md):
        md.preprocessors.register(Die(md), "die", 100)

def makeExtension(**kwargs):
    return DyingExtension(**kwargs)
"""


def test_a_copy_that_dies_stops_the_build_with_a_clear_line_not_a_wait(library, tmp_path):
    root = tmp_path / "library"
    shutil.copytree(library, root, ignore=shutil.ignore_patterns("site*"))
    (tmp_path / "dying_extension.py").write_text(DYING_EXTENSION, encoding="utf-8")
    config = root / "mkdocs.yml"
    config.write_text(config.read_text(encoding="utf-8").replace("markdown_extensions:\n", "markdown_extensions:\n  - dying_extension\n", 1), encoding="utf-8")
    for story in (root / "case_studies").glob("*.md"):
        story.write_text(story.read_text(encoding="utf-8") + "\nDIE HERE\n", encoding="utf-8")
    env = os.environ | {"OFFER_EDITION": "public", "OFFER_BUILD_JOBS": "2", "NO_MKDOCS_2_WARNING": "1",
                        "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path), os.environ.get("PYTHONPATH")]))}
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(config)],
                            cwd=root, env=env, capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "a copy of the build stopped unexpectedly (exit code 3); OFFER_BUILD_JOBS=1 builds in one process" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("setting", ["two", "0", "²"])
def test_a_malformed_number_of_processes_is_one_clear_line(library, setting):
    result = build(library, setting, "site-bad")
    assert result.returncode == 1
    assert f"OFFER_BUILD_JOBS is {setting!r}; use a whole number of processes, e.g. 1" in result.stderr
    assert "Traceback" not in result.stderr

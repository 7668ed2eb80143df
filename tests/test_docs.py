"""The maintainer's documents at the top of the repository: a short README, links that lead
somewhere, each fact written once, and the policies CHECKS.md gives as the code writes them.
"""

from __future__ import annotations

import itertools
import re
from pathlib import Path

from conftest import REPO
from offer import csp, editor_page

README_LIMIT = 12 * 1024  # bytes: the two commands and the map stay easy to find
DOCUMENTS = sorted(REPO.glob("*.md"))  # README.md, ARCHITECTURE.md, CONTRIBUTING.md and the files the README links to
LINK = re.compile(r"\]\(([^)\s]+)\)")  # [text](target) and ![alt](target)
FENCE = re.compile(r"^```.*?^```", re.M | re.S)
SHORTEST_REPEAT = 60  # characters: a sentence this long, written twice, is a fact with two homes


def _prose(path: Path) -> str:
    return FENCE.sub("", path.read_text(encoding="utf-8"))


def _anchors(path: Path) -> set[str]:
    """The anchors GitHub gives a Markdown file's headings: lower case, punctuation dropped, spaces as hyphens."""
    headings = re.findall(r"^#+\s+(.+?)\s*$", _prose(path), re.M)
    return {re.sub(r"[^\w\- ]", "", h.lower()).replace(" ", "-") for h in headings}


def _broken_links(path: Path) -> list[str]:
    broken = []
    for target in LINK.findall(_prose(path)):
        if re.match(r"[a-z]+:", target):  # https:, mailto:
            continue
        file, _, anchor = target.partition("#")
        linked = (path.parent / file).resolve() if file else path
        if not linked.exists():
            broken.append(f"{path.name}: {target}: no such file")
        elif anchor and linked.suffix == ".md" and anchor not in _anchors(linked):
            broken.append(f"{path.name}: {target}: no such heading")
    return broken


def test_the_readme_is_short_and_starts_with_the_two_commands():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert len(readme.encode("utf-8")) <= README_LIMIT
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    assert "\nmake serve " in quick_start and "\nmake test " in quick_start


def test_the_readme_leads_to_every_document_beside_it():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert [p.name for p in DOCUMENTS if p.name != "README.md" and f"]({p.name})" not in readme] == []


def test_every_relative_link_in_the_documents_leads_to_a_file_and_heading_that_exist():
    assert {"README.md", "ARCHITECTURE.md", "CONTRIBUTING.md"} <= {p.name for p in DOCUMENTS}
    assert [problem for path in DOCUMENTS for problem in _broken_links(path)] == []


def test_no_sentence_is_written_in_two_documents():
    def sentences(path: Path) -> set[str]:
        text = re.sub(r"\s+", " ", _prose(path))
        return {s.strip() for s in re.split(r"(?<=[.;:!?])\s+|\|", text) if len(s.strip()) >= SHORTEST_REPEAT}

    found = {path.name: sentences(path) for path in DOCUMENTS}
    assert [(a, b, s) for a, b in itertools.combinations(found, 2) for s in found[a] & found[b]] == []


def test_checks_md_gives_the_policies_the_code_writes():
    text = (REPO / "CHECKS.md").read_text(encoding="utf-8")
    site = csp.policy("", wasm=True).replace("'wasm-unsafe-eval'", "'wasm-unsafe-eval' 'sha256-…'")
    assert f"Content-Security-Policy: {site}; frame-ancestors 'none'\n" in text  # plus what a meta tag cannot carry
    assert f"Content-Security-Policy: {editor_page.policy()}\n" in text

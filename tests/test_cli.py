"""The command line a writer runs: `python scripts/offer.py check` (what `make check` calls)."""

from __future__ import annotations

import subprocess
import sys

from conftest import REPO, add_story, story_text


def run_check(project) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, str(REPO / "scripts" / "offer.py"), "--root", str(project.root), "check"],
        capture_output=True, text=True, timeout=60,
    )


def test_clean_content_exits_0(project):
    add_story(project, "a-story")
    result = run_check(project)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "All content is valid: 1 stories, 0 toolkit pages." in result.stderr


def test_five_mistakes_give_five_lines_and_exit_1(project):
    text = story_text(date="2025-13-01", localities="[Pitlochry]", status="live", themes="[enviroment]", audience="everyone")
    add_story(project, "five-mistakes", text)
    result = run_check(project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert [line.split(":")[0:3] for line in lines] == [
        ["case_studies/five-mistakes.md", "4", " date"],
        ["case_studies/five-mistakes.md", "6", " themes"],
        ["case_studies/five-mistakes.md", "7", " localities"],
        ["case_studies/five-mistakes.md", "9", " status"],
        ["case_studies/five-mistakes.md", "10", " audience"],
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert "5 problems to fix." in result.stderr


def test_a_broken_taxonomy_is_reported_not_a_traceback(project):
    (project.content_dir / "taxonomy.yml").write_text("groups:\n  themes:\n    label: Themes\n    terms:\n      - slug: Bad Slug\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "case_studies/taxonomy.yml:5: groups.themes.terms.0.slug: slug \"Bad Slug\" must be lower-case letters, digits and hyphens" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_real_content_is_clean():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "offer.py"), "check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def test_a_taxonomy_missing_a_group_is_reported_not_a_traceback(project):
    taxonomy = project.content_dir / "taxonomy.yml"
    text = taxonomy.read_text()
    taxonomy.write_text(text.replace("    field: kind\n", ""))
    result = run_check(project)
    assert result.returncode == 1
    assert result.stdout == 'case_studies/taxonomy.yml:1: groups: no group has "field: kind"; stories need one, so add the group back\n'

"""GitHub housekeeping: the pull request template, CODEOWNERS, the pre-commit hook, CONTRIBUTING.md."""

from __future__ import annotations

import fnmatch
import os
import re
import shlex
import shutil
import subprocess

import pytest
import yaml

from conftest import REPO, VALID_STORY, story_text


UNTRACKED = {".git", ".venv", "node_modules", "site", "previews", "screenshots", "__pycache__", ".pytest_cache"}


def tracked_files() -> list[str]:
    """The repository's files, without asking git (in CI the checkout may belong to another user)."""
    found = []
    for parent, dirs, names in os.walk(REPO):
        dirs[:] = [d for d in dirs if d not in UNTRACKED]
        found += [os.path.relpath(os.path.join(parent, n), REPO).replace(os.sep, "/") for n in names]
    return sorted(found)


# --- pull request template ----------------------------------------------------------------

def test_the_pull_request_template_has_the_checklist():
    text = (REPO / ".github" / "pull_request_template.md").read_text()
    boxes = re.findall(r"^- \[ \] \*\*(.+?)\*\*", text, flags=re.M)
    assert boxes == ["Consent recorded.", "Alt text written.", "Review date set.", "Sources named.", "Preview looked at."]


# --- CODEOWNERS ---------------------------------------------------------------------------

def codeowners() -> list[tuple[str, list[str]]]:
    rules = []
    for line in (REPO / ".github" / "CODEOWNERS").read_text().splitlines():
        if line.strip() and not line.startswith("#"):
            pattern, *owners = line.split()
            rules.append((pattern, owners))
    return rules


def matches(pattern: str, path: str) -> bool:
    """GitHub's CODEOWNERS patterns, as far as this file uses them: *, /folder/ and /folder/*.md."""
    if pattern == "*":
        return True
    anchored = pattern.lstrip("/")
    if anchored.endswith("/"):
        return path.startswith(anchored)
    return fnmatch.fnmatchcase(path, anchored) and path.count("/") == anchored.count("/")


def owners_of(path: str) -> list[str]:
    found: list[str] = []
    for pattern, owners in codeowners():
        if matches(pattern, path):
            found = owners  # the last match wins
    return found


def test_every_codeowners_pattern_matches_a_file_and_names_a_team():
    files = tracked_files()
    for pattern, owners in codeowners():
        assert any(matches(pattern, f) for f in files), f"{pattern} matches no file in the repository"
        assert owners and all(re.fullmatch(r"@[\w-]+/[\w-]+", o) for o in owners), owners


def test_content_goes_to_the_communications_lead_and_code_to_maintainers():
    comms, code = "@your-organisation/communications-lead", "@your-organisation/offer-maintainers"
    assert owners_of("case_studies/partners-agree-five-priorities.md") == [comms]
    assert owners_of("docs/contribute.md") == [comms]
    assert owners_of("docs/toolkit/think-yes.md") == [comms]
    for path in ("hooks/offer/cli.py", "tests/test_cli.py", ".github/workflows/pull-request.yml", "mkdocs.yml", "docs/assets/offer.css"):
        assert owners_of(path) == [code], path
    assert code in owners_of("case_studies/taxonomy.yml")


# --- pre-commit -----------------------------------------------------------------------------

@pytest.fixture
def checkout(tmp_path):
    """A copy of the project's code with its own content, as pre-commit would run in a clone."""
    for name in ("scripts", "hooks", ".venv"):
        os.symlink(REPO / name, tmp_path / name)
    shutil.copy(REPO / "requirements.txt", tmp_path)
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "docs" / "toolkit").mkdir(parents=True)
    for name in ("taxonomy.yml", "_template.md"):
        shutil.copy(REPO / "case_studies" / name, tmp_path / "case_studies")
    (tmp_path / "case_studies" / "good.md").write_text(VALID_STORY)
    (tmp_path / "case_studies" / "bad-but-unchanged.md").write_text(story_text(status="live"))
    return tmp_path


def the_hook() -> dict:
    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text())
    [repo] = config["repos"]
    assert repo["repo"] == "local"  # nothing is fetched
    [hook] = repo["hooks"]
    assert hook["language"] == "system"
    return hook


def run_hook(checkout, *files: str) -> subprocess.CompletedProcess:
    """What pre-commit does: pick the changed files its patterns match, and append them to the entry."""
    hook = the_hook()
    chosen = [f for f in files if re.search(hook["files"], f) and not re.search(hook["exclude"], f)]
    assert chosen, files
    return subprocess.run(shlex.split(hook["entry"]) + chosen, cwd=checkout, capture_output=True, text=True, timeout=120)


def test_the_hook_passes_a_good_changed_story(checkout):
    result = run_hook(checkout, "case_studies/good.md")
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""  # the unchanged bad story is not this commit's business
    assert "1 file checked: no problems to fix." in result.stderr


def test_the_hook_fails_a_bad_changed_story(checkout):
    (checkout / "case_studies" / "bad.md").write_text(story_text(localities="[Pitlochry]"))
    result = run_hook(checkout, "case_studies/good.md", "case_studies/bad.md")
    assert result.returncode == 1
    assert result.stdout.startswith('case_studies/bad.md:7: localities: "Pitlochry" is not a locality')
    assert "bad-but-unchanged" not in result.stdout


def test_the_hook_still_sees_a_clash_with_an_unchanged_story(checkout):
    (checkout / "case_studies" / "renamed.md").write_text(story_text(old_slugs="[good]"))
    result = run_hook(checkout, "case_studies/renamed.md")
    assert result.returncode == 1
    assert 'case_studies/renamed.md:1: old_slugs: "good" is the address of case_studies/good.md' in result.stdout


def test_the_hook_fails_the_template_left_in_a_published_story(checkout):
    text = (REPO / "case_studies" / "_template.md").read_text().replace("status: draft", "status: published")
    (checkout / "case_studies" / "copied.md").write_text(text)
    result = run_hook(checkout, "case_studies/copied.md")
    assert result.returncode == 1 and "still has the template's example" in result.stdout


def test_changing_the_taxonomy_checks_every_story(checkout):
    result = run_hook(checkout, "case_studies/taxonomy.yml")
    assert result.returncode == 1
    assert "case_studies/bad-but-unchanged.md:9: status" in result.stdout


def test_the_hook_leaves_out_files_that_are_not_pages():
    hook = the_hook()
    picked = [f for f in tracked_files() if re.search(hook["files"], f) and not re.search(hook["exclude"], f)]
    assert "case_studies/partners-agree-five-priorities.md" in picked and "docs/toolkit/think-yes.md" in picked
    assert "docs/toolkit/index.md" not in picked and "docs/contribute.md" not in picked


# --- CONTRIBUTING.md ----------------------------------------------------------------------

def test_contributing_stands_alone_and_links_to_the_site_page():
    text = (REPO / "CONTRIBUTING.md").read_text()
    for step in ("make new", "_template.md", "make check", "status: published", "pull request", "consent", "review_by"):
        assert step in text, step
    assert "docs/contribute.md" in text  # the full guide
    assert "Require review from Code Owners" in text and "CODEOWNERS" in text  # how maintainers set it up

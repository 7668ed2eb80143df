"""The weekly workflow's script, scripts/report-issue.sh, with a stand-in `gh` on the PATH:
it opens the report issue, edits it on later runs, and closes it when nothing is left."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap

import pytest
import yaml

from conftest import REPO, TODAY, add_story, story_text

FAKE_GH = textwrap.dedent("""\
    #!{python}
    # A stand-in for the GitHub CLI: records each call, with the body file's text, and
    # answers `gh issue list` with FAKE_GH_OPEN (what the real one prints through --jq).
    import json, os, sys
    args = sys.argv[1:]
    call = {{"args": args}}
    if "--body-file" in args:
        call["body"] = open(args[args.index("--body-file") + 1], encoding="utf-8").read()
    with open(os.environ["FAKE_GH_LOG"], "a", encoding="utf-8") as log:
        log.write(json.dumps(call) + "\\n")
    if args[:2] == ["issue", "list"]:
        sys.stdout.write(os.environ.get("FAKE_GH_OPEN", ""))
    """)


@pytest.fixture
def gh(tmp_path):
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "gh").write_text(FAKE_GH.format(python=sys.executable))
    (folder / "gh").chmod(0o755)
    return folder


def run_script(project, gh, open_issue: str = "") -> tuple[subprocess.CompletedProcess, list[dict], str]:
    log, summary = project.root / "gh.log", project.root / "summary.md"
    env = os.environ | {"PATH": f"{gh}:{os.environ['PATH']}", "FAKE_GH_LOG": str(log), "FAKE_GH_OPEN": open_issue,
                        "GITHUB_STEP_SUMMARY": str(summary), "PYTHON": sys.executable}
    result = subprocess.run(["sh", str(REPO / "scripts" / "report-issue.sh"), "--root", str(project.root), "--today", str(TODAY)],
                            capture_output=True, text=True, timeout=120, env=env)
    assert result.returncode == 0, result.stderr
    calls = [json.loads(line) for line in log.read_text().splitlines()] if log.exists() else []
    return result, calls, summary.read_text() if summary.exists() else ""


@pytest.fixture
def needs_attention(project):
    add_story(project, "a-story", story_text().replace("  basis: published-papers",
              "  basis: register\n  reference: CR-2024-0153\n  scope: public\n  review_by: 2025-12-01"))
    return project


@pytest.fixture
def all_well(project):
    """A taxonomy of one term per group, and one published story using them all: nothing to report."""
    path = project.content_dir / "taxonomy.yml"
    data = yaml.safe_load(path.read_text())
    for group in data["groups"].values():
        group["terms"] = group["terms"][:1]
    path.write_text(yaml.safe_dump(data, sort_keys=False))
    chosen = {g["field"]: g["terms"][0]["slug"] for g in data["groups"].values() if g.get("field")}
    add_story(project, "a-story", story_text(kind=chosen["kind"], themes=f"[{chosen['themes']}]", localities=f"[{chosen['localities']}]",
                                             principles=f"[{chosen['principles']}]", priorities=f"[{chosen['priorities']}]"))
    return project


def test_it_opens_an_issue_when_something_needs_attention(needs_attention, gh):
    result, calls, summary = run_script(needs_attention, gh)
    assert [c["args"][:2] for c in calls] == [["issue", "list"], ["label", "create"], ["issue", "create"]]
    assert calls[0]["args"] == ["issue", "list", "--label", "library-report", "--state", "open", "--json", "number", "--jq", ".[0].number // empty"]
    create = calls[2]["args"]
    assert create[create.index("--title") + 1] == "Library report: what needs attention"
    assert create[create.index("--label") + 1] == "library-report"
    body = calls[2]["body"]
    assert body.startswith("# Offer library report, 15 January 2026\n")
    assert "`case_studies/a-story.md`: consent review was due on 1 December 2025" in body
    assert "It closes itself when nothing is left." in body
    assert summary.startswith("# Offer library report, 15 January 2026\n") and "case_studies/a-story.md" in summary
    assert "Opened an issue" in result.stdout


def test_it_edits_the_open_issue_on_later_runs(needs_attention, gh):
    result, calls, summary = run_script(needs_attention, gh, open_issue="42\n")
    assert [c["args"][:3] for c in calls] == [["issue", "list", "--label"], ["issue", "edit", "42"]]
    assert "`case_studies/a-story.md`: consent review was due" in calls[1]["body"]
    assert "Updated issue #42" in result.stdout
    assert "case_studies/a-story.md" in summary


def test_it_closes_the_issue_when_nothing_is_left(all_well, gh):
    result, calls, summary = run_script(all_well, gh, open_issue="42\n")
    assert [c["args"][:3] for c in calls] == [["issue", "list", "--label"], ["issue", "close", "42"]]
    assert "Nothing needs attention any more" in calls[1]["args"][calls[1]["args"].index("--comment") + 1]
    assert "Nothing needs attention." in summary


def test_with_nothing_to_report_and_no_issue_it_does_nothing(all_well, gh):
    result, calls, _ = run_script(all_well, gh)
    assert [c["args"][:2] for c in calls] == [["issue", "list"]]
    assert "no report issue is open" in result.stdout


def test_the_workflow_runs_the_script_weekly_with_its_own_token_only():
    workflow = yaml.safe_load((REPO / ".github" / "workflows" / "report.yml").read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert "schedule" in triggers and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "issues": "write"}
    job = workflow["jobs"]["report"]
    assert str(job["container"]).startswith("debian:")
    uses = [step["uses"] for step in job["steps"] if "uses" in step]
    assert [u.split("@")[0] for u in uses] == ["actions/checkout"]  # no third-party action (pinned: tests/test_platform.py)
    checkout = next(step for step in job["steps"] if "uses" in step)
    assert checkout["with"]["fetch-depth"] == 0  # whole history: a draft's age is real
    run = "\n".join(step.get("run", "") for step in job["steps"])
    assert "sh scripts/report-issue.sh" in run and " gh" in run  # installs Debian's gh
    env = next(step["env"] for step in job["steps"] if "report-issue.sh" in step.get("run", ""))
    assert env["GH_TOKEN"] == "${{ github.token }}"

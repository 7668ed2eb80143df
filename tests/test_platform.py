"""The platform (PLATFORM.md): the fallback builds the real site, updates arrive, the pins hold.

- The fallback, ProperDocs, builds the real site strict in its own environment (`make fallback`,
  from requirements-fallback.txt), page for page as the main build does, and stops on a broken link.
- `make setup` installs the very file Dependabot updates, with every file's hash checked.
- dependabot.yml passes its published schema; every action is pinned to a full commit.
- The full test suite runs on Debian bookworm and trixie.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import REPO, build, build_env

FALLBACK = REPO / ".venv-fallback" / "bin" / "properdocs"
EPOCH = "1796000000"  # one build date for both builds, so their pages can be compared byte for byte
# The one line the fallback writes differently on every page: its name in the generator tag.
GENERATOR = re.compile(rb'<meta name="generator" content="([^"]*)">')
WORKFLOWS = REPO / ".github" / "workflows"
PIN = re.compile(r"^(?P<action>[\w.-]+/[\w./-]+)@(?P<sha>[0-9a-f]{40})  # (?P<tag>v\d+\.\d+\.\d+)$")


# --- the fallback builds the real site ------------------------------------------------------------

def copy_of_the_site(root: Path) -> Path:
    """The real content and settings in a folder of its own; the hooks and theme overrides are the repository's."""
    for name in ("docs", "case_studies"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    for name in ("hooks", "overrides"):
        (root / name).symlink_to(REPO / name)
    return root


def fallback_build(root: Path, out: Path) -> subprocess.CompletedProcess:
    """`properdocs build --strict` from .venv-fallback/, as `make build SITE_BUILDER=fallback` runs it."""
    assert FALLBACK.is_file(), "ProperDocs is missing: `make test` sets up .venv-fallback first (make fallback)"
    return subprocess.run([str(FALLBACK), "build", "--strict", "--site-dir", str(out)], cwd=root,
                          env=build_env(env={"SOURCE_DATE_EPOCH": EPOCH}), capture_output=True, text=True, timeout=600)


def files_of(site: Path) -> dict[str, bytes]:
    return {str(p.relative_to(site)): p.read_bytes() for p in sorted(site.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def both_builds(tmp_path_factory) -> tuple[dict[str, bytes], dict[str, bytes]]:
    root = copy_of_the_site(tmp_path_factory.mktemp("platform"))
    build(root, env={"SOURCE_DATE_EPOCH": EPOCH}, site_dir=root / "site-main")
    fallback = fallback_build(root, root / "site-fallback")
    assert fallback.returncode == 0, fallback.stderr
    assert "WARNING" not in fallback.stderr, fallback.stderr
    return files_of(root / "site-main"), files_of(root / "site-fallback")


def test_the_fallback_is_properdocs_from_its_own_lock_file():
    installed = REPO / ".venv-fallback" / ".installed"  # bootstrap.sh keeps a copy of the lock file it installed
    assert installed.read_bytes() == (REPO / "requirements-fallback.txt").read_bytes()
    version = subprocess.run([str(FALLBACK), "--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.startswith("properdocs, version 1.6."), version.stdout


def test_the_fallback_builds_every_page_the_main_build_does(both_builds):
    main, fallback = both_builds
    assert sorted(fallback) == sorted(main)
    assert len([name for name in main if name.endswith(".html")]) > 50  # the generated pages too, not only the hand-written ones


def test_the_only_difference_is_the_generator_tag(both_builds):
    main, fallback = both_builds
    differ = [name for name in main if main[name] != fallback[name]]
    assert differ, "the builds are identical: is the fallback really ProperDocs?"
    for name in differ:
        assert name.endswith(".html"), name
        assert GENERATOR.sub(b"", main[name]) == GENERATOR.sub(b"", fallback[name]), f"{name} differs beyond the generator tag"
        assert GENERATOR.search(main[name])[1].startswith(b"mkdocs-1.6")
        assert GENERATOR.search(fallback[name])[1].startswith(b"mkdocs-ProperDocs 1.6")


def test_the_fallback_stops_on_a_broken_link_in_a_story(tmp_path):
    root = copy_of_the_site(tmp_path)
    story = sorted((root / "case_studies").glob("[!_]*.md"))[0]
    story.write_text(story.read_text(encoding="utf-8") + "\nSee [a story](no-such-story.md).\n", encoding="utf-8")
    result = fallback_build(root, root / "site")
    assert result.returncode == 1, "the fallback's strict build passed a broken link"
    assert "no-such-story.md" in result.stderr and "Aborted with 1 warnings in strict mode" in result.stdout + result.stderr


def test_the_fallback_stops_on_a_broken_link_in_a_large_library(tmp_path):
    """250 stories: large enough that a build which splits its pages between processes would do so here.
    ProperDocs' strict mode once missed warnings logged in such a split (issue "Simpler and sturdier")."""
    root = tmp_path / "library"
    subprocess.run([sys.executable, str(REPO / "scripts" / "corpus.py"), "--stories", "250", "--seed", "3", "--out", str(root)],
                   check=True, capture_output=True, timeout=300)
    story = sorted((root / "case_studies").glob("[!_]*.md"))[-1]
    story.write_text(story.read_text(encoding="utf-8") + "\nSee [a story](no-such-story.md).\n", encoding="utf-8")
    result = fallback_build(root, root / "site")
    assert result.returncode == 1, "the fallback's strict build passed a broken link in a large library"
    assert "no-such-story.md" in result.stderr


def test_switching_to_the_fallback_is_one_setting():
    def build_command(*overrides: str) -> str:
        result = subprocess.run(["make", "-n", "build", *overrides], cwd=REPO, capture_output=True, text=True, timeout=60)
        assert result.returncode == 0, result.stderr
        return result.stdout

    assert ".venv/bin/mkdocs build --strict" in build_command()
    switched = build_command("SITE_BUILDER=fallback")
    assert "bootstrap.sh requirements-fallback.txt .venv-fallback" in switched
    assert ".venv-fallback/bin/properdocs build --strict" in switched and "mkdocs build" not in switched


@pytest.mark.parametrize("target", ["build", "serve", "test", "bench", "lighthouse"])
def test_every_target_that_builds_the_site_installs_the_story_editor_first(target):
    """The build copies the story editor from node_modules: on a fresh clone, `make bench` once stopped there."""
    result = subprocess.run(["make", "-n", "-W", "package-lock.json", target], cwd=REPO, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "scripts/npm-ci.sh" in result.stdout, f"make {target} builds the site without installing the story editor"


def test_make_keeps_compiled_python_in_the_virtual_environment_even_where_the_machine_says_not_to():
    """Without compiled Python kept, every build compiled the hooks again (50 ms a build); kept beside the
    sources, `make serve` would see a change in the folders it watches."""
    probe = 'probe: ; @python3 -c "import sys; print(sys.dont_write_bytecode, sys.pycache_prefix)"'
    result = subprocess.run(["make", "-s", "--eval", probe, "probe"], cwd=REPO, capture_output=True, text=True, timeout=60,
                            env=os.environ | {"PYTHONDONTWRITEBYTECODE": "1"})  # as on machines that set it for everyone
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", str(REPO / ".venv" / "pycache")]


# --- the lock files are the files Dependabot updates -----------------------------------------------

def dependabot() -> dict:
    return yaml.safe_load((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8"))


def locked(lock: Path) -> dict[str, list[str]]:
    """Each pinned name==version in a pip-compile output file, with its hashes."""
    pins: dict[str, list[str]] = {}
    for block in re.split(r"\n(?=\S)", lock.read_text(encoding="utf-8")):
        if match := re.match(r"([A-Za-z0-9._-]+==[^\s\\]+)", block):
            pins[match[1]] = re.findall(r"--hash=sha256:([0-9a-f]{64})", block)
    return pins


@pytest.mark.parametrize("venv, lock", [(".venv", "requirements.txt"), (".venv-fallback", "requirements-fallback.txt")])
def test_setup_installs_the_file_dependabot_updates(venv, lock):
    [pip] = [u for u in dependabot()["updates"] if u["package-ecosystem"] == "pip"]
    assert pip["directory"] == "/" and re.fullmatch(r"requirements[\w.-]*\.txt", lock)  # the names Dependabot's pip reads
    assert (REPO / venv / ".installed").read_bytes() == (REPO / lock).read_bytes(), f"{venv} was not installed from {lock}"
    source = lock.removesuffix(".txt") + ".in"
    text = (REPO / lock).read_text(encoding="utf-8")
    # Dependabot recompiles a file it recognises as pip-compile's, with the command in its header
    assert "# This file is autogenerated by pip-compile" in text
    command = re.search(r"^#\s+(pip-compile .*)$", text, re.M)[1].split()
    assert "--generate-hashes" in command and f"--output-file={lock}" in command and command[-1] == source
    assert (REPO / source).is_file()
    pins = locked(REPO / lock)
    assert len(pins) > 20 and all(pins.values()), [pin for pin, hashes in pins.items() if not hashes]
    assert not list(REPO.glob("requirements*.lock")), "a second lock file that Dependabot would never update"


def canonical(pin: str) -> str:
    return re.sub(r"[-_.]+", "-", pin.lower())


def test_setup_installs_exactly_the_locked_versions():
    freeze = subprocess.run([str(REPO / ".venv" / "bin" / "python"), "-m", "pip", "freeze"],  # leaves out pip and setuptools
                            capture_output=True, text=True, timeout=60, check=True).stdout
    assert {canonical(line) for line in freeze.split()} == {canonical(pin) for pin in locked(REPO / "requirements.txt")}


def test_setup_refuses_a_file_whose_hash_does_not_match(tmp_path):
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "bootstrap.sh", tmp_path / "scripts")
    [pin] = [p for p in locked(REPO / "requirements.txt") if p.startswith("mergedeep==")]
    (tmp_path / "requirements.txt").write_text(f"{pin} --hash=sha256:{'0' * 64}\n", encoding="utf-8")
    result = subprocess.run(["sh", "scripts/bootstrap.sh"], cwd=tmp_path, capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "DO NOT MATCH THE HASHES" in result.stderr
    assert not (tmp_path / ".venv" / ".installed").exists()


# --- Dependabot and the action pins ------------------------------------------------------------------

def check_dependabot(path: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(REPO / ".venv" / "bin" / "check-jsonschema"), "--builtin-schema", "vendor.dependabot", str(path)],
                          capture_output=True, text=True, timeout=120)


def test_dependabot_config_passes_its_published_schema(tmp_path):
    result = check_dependabot(REPO / ".github" / "dependabot.yml")
    assert result.returncode == 0, result.stdout + result.stderr
    broken = tmp_path / "dependabot.yml"
    broken.write_text((REPO / ".github" / "dependabot.yml").read_text(encoding="utf-8").replace("interval: weekly", "interval: fortnightly", 1))
    assert check_dependabot(broken).returncode == 1


def test_dependabot_updates_each_ecosystem_weekly_minor_and_patch_together_security_apart():
    updates = {u["package-ecosystem"]: u for u in dependabot()["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for update in updates.values():
        assert update["schedule"]["interval"] == "weekly"
        [group] = update["groups"].values()
        assert sorted(group["update-types"]) == ["minor", "patch"]
        assert group["applies-to"] == "version-updates"  # security updates stay out of the group: one pull request each


def uses_lines() -> list[tuple[str, str]]:
    found = []
    for workflow in sorted(WORKFLOWS.glob("*.yml")):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if match := re.match(r"\s*(?:- )?uses:\s*(.+)$", line):
                found.append((workflow.name, match[1].strip()))
    return found


def test_every_action_is_pinned_to_a_full_commit_with_its_version():
    uses = uses_lines()
    assert len(uses) >= 6
    unpinned = [f"{name}: {value}" for name, value in uses if not PIN.match(value)]
    assert not unpinned, "pin each action to its release's full commit SHA, with `  # vX.Y.Z` after it"


def test_the_pins_are_listed_in_the_platform_note():
    note = (REPO / "PLATFORM.md").read_text(encoding="utf-8")
    for _, value in uses_lines():
        pin = PIN.match(value)
        assert re.search(rf"{re.escape(pin['action'])}\s*\|\s*{re.escape(pin['tag'])}\s*\|\s*`{pin['sha']}`", note), value


def test_the_pin_check_finds_a_tag():
    assert not PIN.match("actions/checkout@v4")
    assert not PIN.match("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1")  # no version comment
    assert PIN.match("actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1  # v7.0.1")


# --- Debian ------------------------------------------------------------------------------------------

def test_the_full_suite_runs_on_bookworm_and_trixie():
    workflow = yaml.safe_load((WORKFLOWS / "pull-request.yml").read_text(encoding="utf-8"))
    [job] = [j for j in workflow["jobs"].values() if any("make test" in step.get("run", "") for step in j["steps"])]
    assert job["strategy"]["matrix"]["debian"] == ["bookworm", "trixie"]
    assert job["container"]["image"] == "debian:${{ matrix.debian }}"

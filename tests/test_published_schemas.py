"""The published JSON Schemas are valid as editors and JavaScript validators read them.

`check-jsonschema` reads `pattern`s as ECMA-262 regular expressions with the
unicode flag (as editors do), where Python's `re` accepts more: an escape such
as `\\"` in a character class makes the whole schema invalid there. It checks
every schema the site publishes against its metaschema, then validates the
open data, every story and the template, and every toolkit page with them.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from conftest import REPO, VALID_STORY
from offer import safe_yaml

CHECK = str(Path(sys.executable).parent / "check-jsonschema")


def check_jsonschema(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([CHECK, "--no-cache", *args], capture_output=True, text=True, timeout=120)


def front_matter_files(paths: list[Path], folder: Path) -> list[str]:
    """Each file's front matter as the strict loader reads it, written as JSON for the checker."""
    written = []
    for path in paths:
        text = path.read_text(encoding="utf-8")
        data = safe_yaml.parse(re.match(r"---\n(.*?\n)---\n", text, re.S).group(1)).data
        out = folder / f"{path.parent.name}-{path.stem}.json"
        out.write_text(json.dumps(data, default=str), encoding="utf-8")
        written.append(str(out))
    return written


def test_every_published_schema_passes_its_metaschema_with_ecma_262_patterns(real_site: Path):
    schemas = sorted(str(p) for p in (real_site / "schema").glob("*.json"))
    assert len(schemas) == 3
    result = check_jsonschema("--check-metaschema", *schemas)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_open_data_matches_its_published_schema(real_site: Path):
    result = check_jsonschema("--schemafile", str(real_site / "schema" / "open-data.schema.json"), str(real_site / "data" / "stories.json"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_story_and_the_template_match_the_published_story_schema(real_site: Path, tmp_path: Path):
    stories = sorted((REPO / "case_studies").glob("*.md"))
    assert len(stories) > 5
    result = check_jsonschema("--schemafile", str(real_site / "schema" / "story.schema.json"), *front_matter_files(stories, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_toolkit_page_matches_the_published_toolkit_schema(real_site: Path, tmp_path: Path):
    pages = sorted(p for p in (REPO / "docs" / "toolkit").glob("*.md") if p.name != "index.md")
    assert pages
    result = check_jsonschema("--schemafile", str(real_site / "schema" / "toolkit.schema.json"), *front_matter_files(pages, tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_bad_story_fails_the_published_schema(real_site: Path, tmp_path: Path):
    """The checker does reject what the schema forbids: a web address without https://."""
    bad = tmp_path / "bad.json"
    (tmp_path / "valid.md").write_text(VALID_STORY, encoding="utf-8")
    story = json.loads(Path(front_matter_files([tmp_path / "valid.md"], tmp_path)[0]).read_text())
    story["sources"] = [{"title": "A paper", "date": "2020-01-01", "url": "ftp://example.org/paper"}]
    bad.write_text(json.dumps(story), encoding="utf-8")
    result = check_jsonschema("--schemafile", str(real_site / "schema" / "story.schema.json"), str(bad))
    assert result.returncode == 1 and "sources" in result.stdout, result.stdout + result.stderr

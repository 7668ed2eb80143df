"""Same input, same output: two builds of one commit are byte-identical, search index included."""

from __future__ import annotations

import datetime as dt
import filecmp
import os
import shutil
import subprocess
import sys
from pathlib import Path

from conftest import EPOCH, add_story, build, serve_folder, story_text

TERMS = [  # enough themes, places, principles and priorities that Pagefind has several filters with several values
    ("enabling", "perth-city", "kindness", "employability"),
    ("environment", "highland-perthshire", "bold-vision", "reducing-poverty"),
    ("education-learning", "eastern-perthshire", "think-yes", "digital-participation"),
    ("enabling", "kinross-shire-almond-earn", "partnership-collaboration", "physical-mental-wellbeing"),
    ("equalities-empowerment-fairness", "strathearn-strathallan", "kindness", "skills-learning-development"),
]


def every_file(folder: Path) -> dict[str, Path]:
    return {p.relative_to(folder).as_posix(): p for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_with_the_same_source_date_are_byte_identical(site, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    for n, (theme, place, principle, priority) in enumerate(TERMS):
        add_story(site, f"story-{n}", story_text(
            title=f"Story number {n}", date=f"202{n}-03-0{n + 1}", themes=f"[{theme}, economy]" if theme != "economy" else "[economy]",
            localities=f"[{place}]", principles=f"[{principle}]", priorities=f"[{priority}]"))
    builds = []
    for run in (1, 2):
        build(site)
        builds.append(site.root / f"site-{run}")
        shutil.move(site.root / "site", builds[-1])
    first, second = every_file(builds[0]), every_file(builds[1])
    assert any(name.startswith("pagefind/filter/") for name in first), "the fixture must have a search index with filters"
    assert sorted(first) == sorted(second), "the two builds wrote different files"
    differ = [name for name in first if not filecmp.cmp(first[name], second[name], shallow=False)]
    assert differ == []


def test_search_still_filters_after_the_index_is_put_in_order(site, monkeypatch, browser):
    """The sorted, renamed filter files are the ones Pagefind's script loads and reads."""
    add_story(site, "in-perth", story_text(title="A Perth story", localities="[perth-city]"))
    add_story(site, "in-kinross", story_text(title="A Kinross story", localities="[kinross-shire-almond-earn]"))
    build(site)
    with serve_folder(site.root / "site") as url:
        page = browser.new_page()
        page.goto(url + "case-studies/")  # a page whose policy lets Pagefind run
        found = page.evaluate("""async () => {
            const pagefind = await import('/pagefind/pagefind.js');
            const filters = await pagefind.filters();
            const search = await pagefind.search(null, {filters: {localities: ['perth-city']}});
            return [filters.localities, search.results.length];
        }""")
        page.close()
    assert found == [{"kinross-shire-almond-earn": 1, "perth-city": 1}, 1]


def test_a_malformed_source_date_epoch_is_one_clear_line(project):
    env = os.environ | {"SOURCE_DATE_EPOCH": "yesterday"}
    result = subprocess.run([sys.executable, str(Path(__file__).parent.parent / "scripts" / "library.py"), "--root", str(project.root), "check"],
                            env=env, capture_output=True, text=True)
    assert result.returncode == 1
    assert "SOURCE_DATE_EPOCH is 'yesterday'; use a whole number of seconds" in result.stderr
    assert "Traceback" not in result.stderr

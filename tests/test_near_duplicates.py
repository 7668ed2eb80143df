"""Near-duplicate stories: `make check` warns when two stories share most of their sentences."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys

import corpus
from conftest import REPO, TODAY, VALID_STORY, add_story
from offer import near_duplicates
from offer.content import Project, check_content

BODY = """
## What happened

In 2020 a community group in Aberfeldy set up a weekly food delivery round.
Volunteers collected shopping from the village shop and took it to people's doors.
The group kept a list of who needed help and phoned each household once a week.

## What difference it made

Older people who were shielding did not have to leave their homes for food.
The village shop kept its trade, and the volunteers got to know their neighbours.

## What others can learn

We suggest starting with a short list of people and a simple weekly routine.
"""

OTHER_BODY = """
## What happened

The Perth City partnership held three listening events in a library and a school hall.
Staff from the council and a housing association asked people what they wanted changed.
Most people asked for safer paths and more places for young people to meet.

## What difference it made

The partnership agreed two priorities and put a path repair on its action plan.
A youth club now meets in the school hall on Friday evenings.
"""


def story(body: str, **changes: str) -> str:
    text = VALID_STORY.split("---\n\n", 1)[0] + "---\n" + body
    for field, value in changes.items():
        text = text.replace(f"{field}: published", f"{field}: {value}")
    return text


def warnings_of(project: Project) -> list[str]:
    return [str(p) for p in check_content(project, today=TODAY).problems if p.field == "body"]


def run_check(root) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(root), "check"],
                          capture_output=True, text=True, timeout=120)


def test_a_story_and_its_copy_warn_once_each_naming_the_other(project):
    add_story(project, "food-round", story(BODY))
    add_story(project, "food-round-copy", story(BODY))
    add_story(project, "listening-events", story(OTHER_BODY))
    assert warnings_of(project) == [
        "case_studies/food-round-copy.md:1: body: warning: shares most of its sentences with case_studies/food-round.md "
        "(6 of 6 sentences); if one is a copy, merge them (add the other's file name to old_slugs) or rewrite one in its own words",
        "case_studies/food-round.md:1: body: warning: shares most of its sentences with case_studies/food-round-copy.md "
        "(6 of 6 sentences); if one is a copy, merge them (add the other's file name to old_slugs) or rewrite one in its own words",
    ]


def test_a_lightly_edited_copy_still_warns_and_names_every_copy_in_one_warning(project):
    edited = BODY.replace("Aberfeldy", "Pitlochry").replace("We suggest", "Try").replace("\n", "  \n")  # rewrapped too
    add_story(project, "food-round", story(BODY))
    add_story(project, "food-round-pitlochry", story(edited))
    add_story(project, "food-round-again", story(BODY))
    found = warnings_of(project)
    assert len(found) == 3  # one per file
    first = next(w for w in found if w.startswith("case_studies/food-round.md"))
    assert "food-round-again.md (6 of 6 sentences)" in first and "food-round-pitlochry.md (4 of 6 sentences)" in first


def test_different_stories_and_withdrawn_copies_give_no_warning(project):
    add_story(project, "food-round", story(BODY))
    add_story(project, "listening-events", story(OTHER_BODY))
    add_story(project, "food-round-old", story(BODY, status="withdrawn"))
    fresh = ("The group later joined a wider network of food projects across the area. It now shares a van with two "
             "other villages on Tuesdays. A local church lends its hall for sorting the deliveries each week. "
             "The council's community team helped the group write its first funding bid.")
    half = BODY.split("## What difference")[0] + fresh  # shares 3 of the other story's 6 sentences: not most
    add_story(project, "half-and-half", story(half))
    assert warnings_of(project) == []


def test_a_warning_never_stops_the_check(project):
    add_story(project, "food-round", story(BODY))
    add_story(project, "food-round-copy", story(BODY))
    result = run_check(project.root)
    assert result.returncode == 0
    assert result.stdout.count("warning: shares most of its sentences") == 2


def test_the_real_library_has_no_near_duplicates():
    problems = check_content(Project.at(REPO), today=dt.date.today()).problems
    assert [str(p) for p in problems if "shares most of its sentences" in p.message] == []


def test_the_bench_corpus_gives_no_false_warnings_and_a_parallel_check_finds_a_copy(tmp_path):
    """600 generated stories (read by several processes): no warnings, until one story is copied."""
    corpus.write_corpus(tmp_path, 600, seed=3)
    result = run_check(tmp_path)
    assert result.returncode == 0 and "warning" not in result.stdout, result.stdout
    first = sorted((tmp_path / "case_studies").glob("*.md"))[0]
    (tmp_path / "case_studies" / "a-copy.md").write_text(first.read_text(encoding="utf-8"), encoding="utf-8")
    lines = run_check(tmp_path).stdout.splitlines()
    assert [line.split(":")[0] for line in lines] == ["case_studies/a-copy.md", f"case_studies/{first.name}"]


def test_the_index_is_asked_only_about_shared_sentences():
    """5,000 stories with nothing in common, and one pair: found without comparing every pair."""
    prints = [(f"s{n}", frozenset(range(n * 40, n * 40 + 30))) for n in range(5000)]
    prints.append(("copy", prints[7][1] | {10**9}))
    assert near_duplicates.find(prints) == [near_duplicates.Pair("copy", "s7", 30, 30)]

"""`make report`: what needs attention, grouped by what to do, for a fixed "today"."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys

import pytest

from conftest import FOOD_ROUND_BODY, LISTENING_BODY, REPO, TODAY, add_story, commit, git, story_text, story_with_body

TOOLKIT_PAGE = "---\ntitle: Planning an event\nsummary: How to plan and run a community event that everyone can take part in.\nowner: Communities Team\nreview_by: {review_by}\n---\n\n# Planning an event\n\nText.\n"


def consent(review_by: str) -> str:
    register = f"  basis: register\n  reference: CR-2024-0153\n  scope: public\n  review_by: {review_by}"
    return story_text().replace("  basis: published-papers", register)


@pytest.fixture
def library(project):
    """Today is 15 January 2026 (conftest.TODAY)."""
    git(project.root, "init", "-q")
    commit(project, "consent-overdue", consent("2025-12-01"), "2025-11-01")
    commit(project, "consent-soon", consent("2026-02-20"), "2025-11-01")
    commit(project, "consent-later", consent("2026-06-01"), "2025-11-01")
    commit(project, "old-draft", story_text(status="draft"), "2025-09-01")
    # an old story date but a recent commit: the date field never decides a draft's age
    commit(project, "recent-draft", story_text(status="draft", date="2019-01-01"), "2026-01-10")
    # a draft committed long ago but edited since: its file time counts
    commit(project, "edited-draft", story_text(status="draft"), "2025-06-01")
    (project.content_dir / "edited-draft.md").write_text(story_text(status="draft", title="Volunteers deliver more food"))
    untracked = add_story(project, "untracked-draft", story_text(status="draft"))
    stamp = dt.datetime(2025, 8, 1, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(untracked, (stamp, stamp))
    (project.docs_dir / "toolkit" / "due.md").write_text(TOOLKIT_PAGE.format(review_by="2026-02-01"))
    (project.docs_dir / "toolkit" / "fine.md").write_text(TOOLKIT_PAGE.format(review_by="2027-02-01"))
    return project


def run_report(project, *args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "report", "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=120, env=env)


def section(text: str, title: str) -> str:
    start = text.index(f"## {title}")
    end = text.find("\n## ", start + 1)
    return text[start: end if end != -1 else None]


def test_make_report_lists_overdue_consent_and_old_drafts_by_file_name(library):
    result = subprocess.run(["make", "-s", "-C", str(REPO), "report", f"REPORT_ARGS=--root {library.root} --today {TODAY}"],
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    text = result.stdout
    assert text.startswith("# Offer library report, 15 January 2026\n")
    consent_part = section(text, "Consent to check (2)")
    assert "- `case_studies/consent-overdue.md`: consent review was due on 1 December 2025, 45 days ago (reference CR-2024-0153)." in consent_part
    assert "- `case_studies/consent-soon.md`: consent review is due on 20 February 2026, in 36 days" in consent_part
    assert "consent-later" not in text
    drafts = section(text, "Drafts not touched for over 90 days (2)")
    assert "- `case_studies/old-draft.md`: last changed on 1 September 2025, 136 days ago (git history)." in drafts
    assert "- `case_studies/untracked-draft.md`: last changed on 1 August 2025, 167 days ago (file time: no git history)." in drafts
    assert "recent-draft" not in text  # its story date is 2019, but it was committed five days ago
    assert "edited-draft" not in text  # committed long ago, but changed on disk today
    toolkit = section(text, "Toolkit pages due for review (1)")
    assert "- `docs/toolkit/due.md`: review is due on 1 February 2026, in 17 days (owner: Communities Team)." in toolkit
    terms = section(text, "Terms with no stories")
    assert 'theme "Economy" (economy) has no published stories.' in terms
    assert "equalities-empowerment-fairness" not in terms  # the published stories' theme
    assert 'locality "Highland Perthshire" (highland-perthshire)' not in terms
    assert "Files the check rejects" not in text


def test_each_section_says_what_to_do_in_plain_english(library):
    text = run_report(library, "--today", str(TODAY)).stdout
    assert "Check each story's consent against the library's record of consent" in section(text, "Consent to check")
    assert "Finish and publish each draft, or delete it" in section(text, "Drafts not touched")
    assert "Ask each page's owner to check it" in section(text, "Toolkit pages due")


def test_today_comes_from_source_date_epoch(library):
    epoch = int(dt.datetime(2025, 11, 1, tzinfo=dt.timezone.utc).timestamp())
    result = run_report(library, env=os.environ | {"SOURCE_DATE_EPOCH": str(epoch)})
    assert result.stdout.startswith("# Offer library report, 1 November 2025\n")
    assert "old-draft" not in result.stdout  # two months old then
    assert "consent-overdue.md`: consent review is due on 1 December 2025, in 30 days" in result.stdout


def test_the_json_form_has_the_same_findings(library):
    result = run_report(library, "--today", str(TODAY), "--format", "json")
    data = json.loads(result.stdout)
    assert data["today"] == "2026-01-15" and data["needs_attention"] is True
    by_key = {s["key"]: s for s in data["sections"]}
    assert [i["file"] for i in by_key["consent-review"]["items"]] == ["case_studies/consent-overdue.md", "case_studies/consent-soon.md"]
    assert by_key["consent-review"]["items"][0]["date"] == "2025-12-01"
    assert [i["file"] for i in by_key["stale-drafts"]["items"]] == ["case_studies/untracked-draft.md", "case_studies/old-draft.md"]
    assert data["count"] == sum(len(s["items"]) for s in data["sections"])
    assert data["markdown"] == run_report(library, "--today", str(TODAY)).stdout  # one run gives scripts/report-issue.sh both


def test_a_file_the_check_rejects_is_listed_not_hidden(library):
    add_story(library, "broken", story_text(status="live"))
    text = run_report(library, "--today", str(TODAY)).stdout
    assert "- `case_studies/broken.md`: line 9: status: \"live\" is not allowed" in section(text, "Files the check rejects (1)")


def test_a_broken_taxonomy_is_reported_not_a_traceback(project):
    (project.content_dir / "taxonomy.yml").write_text("groups: [")
    result = run_report(project, "--today", str(TODAY))
    assert result.returncode == 0 and "Traceback" not in result.stderr
    assert "- `case_studies/taxonomy.yml`: line 2: taxonomy: the front matter is not valid YAML" in section(result.stdout, "Files the check rejects (1)")
    # (a YAML error at the very end of a file with no final newline was a traceback in the check too)
    checked = subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(project.root), "check"],
                             capture_output=True, text=True, timeout=60)
    assert checked.returncode == 1 and "Traceback" not in checked.stderr


def test_without_git_a_draft_s_age_is_its_file_time(project):
    path = add_story(project, "lonely-draft", story_text(status="draft"))
    stamp = dt.datetime(2025, 1, 1, 12, tzinfo=dt.timezone.utc).timestamp()
    os.utime(path, (stamp, stamp))
    text = run_report(project, "--today", str(TODAY)).stdout
    assert "`case_studies/lonely-draft.md`: last changed on 1 January 2025, 379 days ago (file time: no git history)." in text


def test_a_new_section_is_one_function(library):
    """How issue 17's near-duplicate warning (or anything else) joins the report."""
    sys.path.insert(0, str(REPO / "hooks"))
    from offer import report
    from offer.content import load_content

    extra = report.Section("example", "An extra check", "Do something about it.",
                           lambda inputs: [report.Item(s.display, "found") for s in inputs.content.stories if s.slug == "old-draft"])
    inputs = report.Inputs(library, load_content(library, TODAY), TODAY, report.LastChanged())
    text = report.as_text(report.make_report(inputs, report.SECTIONS + (extra,)))
    assert "## An extra check (1)\n\nDo something about it.\n\n- `case_studies/old-draft.md`: found.\n" in text


def test_a_bad_date_is_one_line_not_a_traceback(project):
    result = run_report(project, "--today", "2026-02-30")
    assert result.returncode == 2
    assert 'argument --today: "2026-02-30" is not a date; write YYYY-MM-DD' in result.stderr
    assert "Traceback" not in result.stderr


def test_near_duplicate_stories_are_listed_with_both_files(project):
    add_story(project, "food-round", story_with_body(FOOD_ROUND_BODY))
    add_story(project, "food-round-copy", story_with_body(FOOD_ROUND_BODY))
    add_story(project, "listening-events", story_with_body(LISTENING_BODY))
    text = run_report(project, "--today", str(TODAY)).stdout
    copies = section(text, "Stories that look like copies (1)")
    assert "- `case_studies/food-round-copy.md`: shares 6 of 6 sentences with `case_studies/food-round.md`" in copies
    assert "listening-events" not in text.split("## Terms with no stories")[0]
    data = json.loads(run_report(project, "--today", str(TODAY), "--format", "json").stdout)
    found = {s["key"]: s for s in data["sections"]}
    assert [i["file"] for i in found["near-duplicates"]["items"]] == ["case_studies/food-round-copy.md"]

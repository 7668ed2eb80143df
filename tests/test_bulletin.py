"""`make bulletin`: the stories published since a date, from a fixed git history, as HTML, text and an .eml draft."""

from __future__ import annotations

import email
import email.policy
import os
import re
import shutil
import subprocess
import sys

import lxml.html
import pytest

from conftest import REPO, SCREENSHOTS, axe_violations, commit, git, story_text

SITE_URL = "https://offer.example.org/library/"


def run_bulletin(root, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "bulletin", "--root", str(root), *args],
                          capture_output=True, text=True, timeout=120, env=os.environ | {"SITE_URL": SITE_URL})


@pytest.fixture
def history(project):
    """Stories whose status became published on known days, one of them by a merge, one moved, one staff-only."""
    git(project.root, "init", "-q", "-b", "main")
    commit(project, "old-story", story_text(title="Old story from the summer"), "2026-09-01")
    commit(project, "moved-story", story_text(title="Story that moved address"), "2026-10-01")
    git(project.root, "mv", "case_studies/moved-story.md", "case_studies/moved-story-new.md")
    git(project.root, "commit", "-q", "-m", "move", date="2026-11-02")
    commit(project, "draft-then-published", story_text(title="Lunch club in Crieff", status="draft"), "2026-10-25")
    commit(project, "draft-then-published", story_text(title="Lunch club in Crieff"), "2026-11-05")
    commit(project, "still-a-draft", story_text(title="Still a draft", status="draft"), "2026-11-06")
    commit(project, "staff-story", story_text(title="Staff only story", audience="staff"), "2026-11-12")
    git(project.root, "checkout", "-q", "-b", "branch")  # written on a branch in October, merged in November
    commit(project, "merged-story", story_text(title="Garden in Aberfeldy"), "2026-10-20")
    git(project.root, "checkout", "-q", "main")
    git(project.root, "merge", "-q", "--no-ff", "-m", "merge", "branch", date="2026-11-10")
    return project


def titles(html: str) -> list[str]:
    return [a.text_content() for a in lxml.html.fromstring(html).xpath("//h2/a")]


def test_the_bulletin_lists_exactly_the_stories_published_since_the_date_newest_first(history):
    result = run_bulletin(history.root, "--since", "2026-11-01", "--out", "out")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("\n") == 1 and "(public edition)" in result.stdout
    html = (history.root / "out" / "bulletin-2026-11-01-public.html").read_text(encoding="utf-8")
    assert titles(html) == ["Garden in Aberfeldy", "Lunch club in Crieff"]
    links = lxml.html.fromstring(html).xpath("//h2/a/@href")
    assert links == [SITE_URL + "case-studies/merged-story/", SITE_URL + "case-studies/draft-then-published/"]
    assert "Published 10 November 2026 · Highland Perthshire · Theme: Equalities, empowerment and fairness" in html

    staff = run_bulletin(history.root, "--since", "2026-11-01", "--out", "out", "--staff")
    assert "(staff edition)" in staff.stdout
    staff_html = (history.root / "out" / "bulletin-2026-11-01-staff.html").read_text(encoding="utf-8")
    assert titles(staff_html) == ["Staff only story", "Garden in Aberfeldy", "Lunch club in Crieff"]
    assert "council staff only" in staff_html


def test_a_moved_story_keeps_the_day_it_was_first_published(history):
    run_bulletin(history.root, "--since", "2026-09-15", "--out", "out")
    html = (history.root / "out" / "bulletin-2026-09-15-public.html").read_text(encoding="utf-8")
    assert titles(html) == ["Garden in Aberfeldy", "Lunch club in Crieff", "Story that moved address"]
    assert "Published 1 October 2026" in html


def test_the_text_and_the_eml_carry_the_same_stories(history):
    run_bulletin(history.root, "--since", "2026-11-01", "--out", "out")
    text = (history.root / "out" / "bulletin-2026-11-01-public.txt").read_text(encoding="utf-8")
    message = email.message_from_bytes((history.root / "out" / "bulletin-2026-11-01-public.eml").read_bytes(), policy=email.policy.default)
    assert message["X-Unsent"] == "1" and "since 1 November 2026" in message["Subject"]
    assert message.get_content_type() == "multipart/alternative"
    plain, rich = message.get_body(("plain",)).get_content(), message.get_body(("html",)).get_content()
    assert plain.replace("\r\n", "\n") == text  # an email's lines end in CRLF
    assert titles(rich) == ["Garden in Aberfeldy", "Lunch club in Crieff"]
    assert [line for line in text.splitlines() if line.startswith(SITE_URL)] == [
        SITE_URL + "case-studies/merged-story/", SITE_URL + "case-studies/draft-then-published/"]


def test_with_no_new_stories_it_says_so_and_writes_nothing(history):
    result = run_bulletin(history.root, "--since", "2026-12-01", "--out", "out")
    assert result.returncode == 0 and result.stdout.strip() == "No stories published since 2026-12-01 in the public edition: nothing written."
    assert not (history.root / "out").exists()


def test_without_git_history_it_stops_with_one_line(history, tmp_path_factory):
    copy = tmp_path_factory.mktemp("elsewhere") / "copy"  # outside the history's repository
    shutil.copytree(history.root, copy, ignore=shutil.ignore_patterns(".git"))
    result = run_bulletin(copy, "--since", "2026-11-01", "--out", "out")
    assert result.returncode == 1 and result.stderr.count("\n") == 1 and "no git history" in result.stderr, result.stderr
    assert not (copy / "out").exists()


def test_make_bulletin_passes_the_date_and_the_edition(history):
    result = subprocess.run(["make", "-s", "-C", str(REPO), "bulletin", "SINCE=2026-11-03", "STAFF=1", f"BULLETIN_ARGS=--root {history.root} --out out"],
                            capture_output=True, text=True, timeout=120, env=os.environ | {"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("Wrote 3 stories published since 2026-11-03 (staff edition)"), result.stdout
    html = (history.root / "out" / "bulletin-2026-11-03-staff.html").read_text(encoding="utf-8")
    assert titles(html) == ["Staff only story", "Garden in Aberfeldy", "Lunch club in Crieff"]


@pytest.fixture
def bulletin_document(history, tmp_path):
    """The HTML fragment inside a minimal document, as a mail program would put it."""
    run_bulletin(history.root, "--since", "2026-11-01", "--out", "out")
    fragment = (history.root / "out" / "bulletin-2026-11-01-public.html").read_text(encoding="utf-8")
    page = tmp_path / "bulletin.html"
    page.write_text(f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>Bulletin</title></head><body style="margin:0">{fragment}</body></html>\n',
                    encoding="utf-8")
    return page


def test_the_bulletin_html_is_valid_and_inline_styled(bulletin_document, nu_errors):
    html = bulletin_document.read_text(encoding="utf-8")
    assert nu_errors([bulletin_document]) == []
    body = html.split("<body", 1)[1]
    assert not re.search(r"<(style|link|script)\b|\bclass=", body)  # mail programs drop style sheets: every style is inline
    assert "max-width:600px" in body


@pytest.mark.parametrize("width", [600, 320])
def test_the_bulletin_reads_in_one_column_at_600_and_320_pixels(bulletin_document, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(bulletin_document.as_uri())
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing wider than the window
    boxes = page.eval_on_selector_all("h2", "els => els.map(e => e.getBoundingClientRect().left)")
    assert len(set(boxes)) == 1  # one column: every story starts at the same place
    assert axe_violations(page) == []
    SCREENSHOTS.mkdir(exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"bulletin-{width}.png", full_page=True)
    page.close()

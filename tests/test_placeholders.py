"""The story template's example text never goes live: the check knows it, from the template itself."""

from __future__ import annotations

import shutil
import subprocess
import sys

from conftest import REPO, SCREENSHOTS, add_story, build, check, story_text

TEMPLATE = REPO / "case_studies" / "_template.md"


def with_template(project):
    shutil.copy(TEMPLATE, project.content_dir)
    return project


def run(project, *args, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL, env=env)


def new_story(project, title="Men's shed opens in Aberfeldy"):
    result = run(project, "new", title)
    assert result.returncode == 0, result.stderr
    return project.content_dir / "men-s-shed-opens-in-aberfeldy.md"


def publish(path):
    path.write_text(path.read_text().replace("status: draft", "status: published"))


def placeholder_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if "template" in line]


def test_a_new_story_published_unchanged_fails_with_a_line_per_field(project):
    path = new_story(with_template(project))
    publish(path)
    result = run(project, "check")
    assert result.returncode == 1, result.stdout
    fields = [line.split(": ", 2)[1] for line in placeholder_lines(result.stdout)]
    assert fields[:5] == ["summary", "sources.title", "sources.date", "sources.reference", "sources.section"]
    assert fields[5:] == ["body"] * 4  # the four prompt paragraphs
    out = result.stdout
    assert "case_studies/men-s-shed-opens-in-aberfeldy.md:6: summary: still has the template's example text" in out
    assert "write one or two sentences for cards and search results" in out
    assert 'sources.reference: still has the template\'s example "24/123"' in out
    assert "Say who was involved" in out and "warning" not in out
    assert "Traceback" not in result.stderr


def test_a_verbatim_copy_of_the_template_published_fails(project):
    with_template(project)
    text = TEMPLATE.read_text().replace("status: draft", "status: published")
    add_story(project, "copied", text)
    result = run(project, "check")
    assert result.returncode == 1
    fields = [line.split(": ", 2)[1] for line in placeholder_lines(result.stdout)]
    assert fields[:2] == ["title", "summary"] and fields.count("body") == 4


def test_a_draft_gets_the_same_lines_as_warnings(project):
    path = new_story(with_template(project))
    result = run(project, "check")
    assert result.returncode == 0, result.stdout
    publish(path)
    published = placeholder_lines(run(project, "check").stdout)
    drafted = placeholder_lines(result.stdout)
    assert len(drafted) == len(published) == 9
    assert drafted == [line.replace(": ", ": warning: ", 2).replace(": warning: ", ": ", 1) for line in published]


def test_real_choices_that_match_the_template_are_not_placeholders(project):
    """contact: Communities Team, a theme, the example date on a real source: choices, not leftovers."""
    with_template(project)
    text = story_text(contact="Communities Team", themes="[equalities-empowerment-fairness]",
                      kind="staff-with-communities", localities="[perth-and-kinross-wide]", date="2024-05-01")
    text = text.replace("date: 2020-12-11", "date: 2024-05-01")
    add_story(project, "real", text)
    content = check(project)
    assert content.problems == ()


def test_a_writer_who_fills_in_only_some_fields_is_told_the_rest(project):
    path = new_story(with_template(project))
    text = path.read_text().replace("Title of the report or paper", "Perth and Kinross Offer Update")
    path.write_text(text.replace("status: draft", "status: published"))
    lines = placeholder_lines(run(project, "check").stdout)
    fields = [line.split(": ", 2)[1] for line in lines]
    assert "sources.title" not in fields
    assert "sources.date" in fields and "sources.reference" in fields  # still the example pair


def test_the_pull_request_check_shows_them_as_annotations_and_in_the_summary(project, tmp_path):
    path = new_story(with_template(project))
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "PATH": "/usr/bin:/bin"}
    result = run(project, "check", env=env)
    assert result.returncode == 0
    assert "::warning file=case_studies/men-s-shed-opens-in-aberfeldy.md,line=6,title=summary::still has the template" in result.stdout
    assert "| Warning | `case_studies/men-s-shed-opens-in-aberfeldy.md` | 6 | summary | still has the template" in summary.read_text()
    publish(path)
    result = run(project, "check", env=env)
    assert result.returncode == 1
    assert "::error file=case_studies/men-s-shed-opens-in-aberfeldy.md,line=6,title=summary::still has the template" in result.stdout


def test_a_project_without_a_template_checks_as_before(project):
    add_story(project, "a-story")
    assert check(project).problems == ()


def test_the_preview_banner_lists_what_is_left_to_fill_in(site, take_screenshots):
    new_story(with_template(site))
    add_story(site, "finished", story_text(status="draft"))
    build(site, "preview")
    page = (site.root / "site" / "case-studies" / "men-s-shed-opens-in-aberfeldy" / "index.html").read_text()
    banner = page[page.index('class="offer-banner offer-banner--draft"'):]
    banner = banner[: banner.index("</div>")]
    assert "Still to fill in from the template before it can be published:" in banner
    assert banner.count("<li>") == 9
    assert "<li>summary (line 6): still has the template&#x27;s example text; write one or two sentences" in banner
    assert "<li>sources.reference (line 46): still has the template&#x27;s example &quot;24/123&quot;" in banner
    finished = (site.root / "site" / "case-studies" / "finished" / "index.html").read_text()
    assert 'offer-banner--draft' in finished and "Still to fill in" not in finished
    # what a writer sees in the preview pictures of the pull request
    shots = take_screenshots(site, "case_studies/men-s-shed-opens-in-aberfeldy.md")
    assert shots.returncode == 0, shots.stderr
    SCREENSHOTS.mkdir(exist_ok=True)
    shutil.copy(site.root / "previews" / "men-s-shed-opens-in-aberfeldy-phone.png", SCREENSHOTS / "placeholders-banner-phone.png")

"""scripts/preview_screenshots.py on a real preview build: the screenshots a pull request shows."""

from __future__ import annotations

import pytest

from conftest import add_story, build, png_size, story_text


@pytest.fixture
def preview_site(site):
    add_story(site, "draft-story", story_text(title="A draft to preview", status="draft"))
    add_story(site, "gone-story", story_text(title="A withdrawn story", status="withdrawn"))
    build(site, "preview")
    return site


def test_a_draft_story_is_photographed_at_desktop_and_phone_sizes(preview_site, take_screenshots):
    result = take_screenshots(preview_site, "case_studies/draft-story.md")
    assert result.returncode == 0, result.stderr
    out = preview_site.root / "previews"
    assert png_size(out / "draft-story-desktop.png")[0] == 1280
    assert png_size(out / "draft-story-phone.png")[0] == 390
    assert png_size(out / "draft-story-phone.png")[1] >= 844  # full page, at least one screen tall
    assert len(result.stdout.splitlines()) == 2
    summary = (out / "summary.md").read_text()
    assert "draft-story-desktop.png" in summary and "draft-story-phone.png" in summary
    assert "case_studies/draft-story.md" in summary


def test_a_story_missing_from_the_site_exits_1_but_the_others_are_taken(preview_site, take_screenshots):
    result = take_screenshots(preview_site, "case_studies/not-built.md", "case_studies/draft-story.md")
    assert result.returncode == 1
    assert "case_studies/not-built.md: no page at /case-studies/not-built/ in site" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1
    assert (preview_site.root / "previews" / "draft-story-desktop.png").is_file()
    assert "not-built.md" in (preview_site.root / "previews" / "summary.md").read_text()


def test_a_withdrawn_story_shows_its_notice_and_says_so(preview_site, take_screenshots):
    result = take_screenshots(preview_site, "case_studies/gone-story.md")
    assert result.returncode == 0, result.stderr
    assert "(withdrawn notice)" in result.stdout
    assert "(withdrawn notice)" in (preview_site.root / "previews" / "summary.md").read_text()


def test_no_stories_changed_writes_a_short_summary(preview_site, take_screenshots):
    result = take_screenshots(preview_site)
    assert result.returncode == 0, result.stderr
    assert "No story files changed." in (preview_site.root / "previews" / "summary.md").read_text()

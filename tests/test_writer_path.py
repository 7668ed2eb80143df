"""A writer's whole path, as the contribute guide tells it: start a story (with `make new`'s
command, or a copy of the template), see what to fill in, fill it in, pass the check, publish,
build the site for real, and get the preview pictures of the new story."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pytest

from conftest import REPO, SCREENSHOTS, build, png_size

OFFER = REPO / "scripts" / "library.py"
SLUG = "men-s-shed-opens-in-aberfeldy"

STORY_TEXT = """
A men's shed opened in Aberfeldy in March, in a former workshop lent by a
local builder.

## What happened

Older men from the town and nearby villages meet there three mornings a week
to mend furniture, sharpen tools and share their skills.

## What difference it made

Members say they feel less alone. In its first month the shed repaired
forty chairs and tables for the community hall.

## What others can learn

Ask what people want to do before looking for a building.
"""

FILLED_IN = {  # what a writer changes, from the template's text to their own
    "title: Replace this with the story's headline": "title: Men's shed opens in Aberfeldy",
    "summary: Replace this with a one or two sentence summary of what happened and why it matters.":
        "summary: A men's shed opened in Aberfeldy, giving older men a place to meet, share skills and repair things for the community.",
    "Title of the report or paper": "Highland Perthshire Local Action Partnership minutes",
    "    date: 2024-05-01": "    date: 2025-04-10",
    "    reference: 24/123": "    reference: HPLAP 2025/04",
    '    section: "2.2 Stories of Place"': '    section: "Item 4, new groups in the area"',
    "localities: [perth-and-kinross-wide]": "localities: [highland-perthshire]",
}


def offer(project, *args) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(OFFER), "--root", str(project.root), *args],
                          capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)


def start(project, how: str):
    shutil.copy(REPO / "case_studies" / "_template.md", project.content_dir)
    path = project.content_dir / f"{SLUG}.md"
    if how == "make new":
        result = offer(project, "new", "Men's shed opens in Aberfeldy")
        assert result.returncode == 0 and "Fill in its fields, then run `make check`" in result.stdout, result.stderr
    else:  # the contribute guide's web-editor steps: copy the template's text into a new file
        path.write_text((REPO / "case_studies" / "_template.md").read_text())
    return path


def fill_in(path):
    text = path.read_text()
    for example, own in FILLED_IN.items():
        if example.startswith("title:") and example not in text:
            continue  # make new has written the title already
        assert text.count(example) == 1, example
        text = text.replace(example, own)
    front, _ = text.rsplit("\n---\n", 1)
    path.write_text(front + "\n---\n" + STORY_TEXT)


@pytest.mark.parametrize("how", ["make new", "copy of the template"])
def test_from_a_new_story_to_its_published_page_and_preview_pictures(site, how, take_screenshots):
    path = start(site, how)
    display = f"case_studies/{SLUG}.md"

    # The check lists what is left to fill in, as warnings while the story is a draft.
    listed = offer(site, "check")
    assert listed.returncode == 0, listed.stdout
    fields = [line.split(": ")[1] for line in listed.stdout.splitlines()]
    expected = ["summary", "sources.title", "sources.date", "sources.reference", "sources.section", "body", "body", "body", "body"]
    assert fields == (["title"] if how != "make new" else []) + expected
    assert all(line.startswith(display) and ": warning: still has the template's" in line for line in listed.stdout.splitlines())

    # Published too early, the same lines stop it.
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    early = offer(site, "check")
    assert early.returncode == 1 and len(early.stdout.splitlines()) == len(fields)
    path.write_text(path.read_text().replace("status: published", "status: draft"))

    # Filled in, the check passes with nothing to say.
    fill_in(path)
    filled = offer(site, "check")
    assert filled.returncode == 0 and filled.stdout == "", filled.stdout

    # Published, it still passes, and the real build makes its page.
    path.write_text(path.read_text().replace("status: draft", "status: published"))
    assert offer(site, "check").returncode == 0
    build(site, "public")
    page = (site.root / "site" / "case-studies" / SLUG / "index.html").read_text()
    assert "Men&#x27;s shed opens in Aberfeldy" in page or "Men's shed opens in Aberfeldy" in page
    assert "forty chairs and tables" in page and "offer-banner" not in page

    # The pull request's preview pictures of the new story.
    shots = take_screenshots(site, display)
    assert shots.returncode == 0, shots.stderr
    for size, width in (("desktop", 1280), ("phone", 390)):
        picture = site.root / "previews" / f"{SLUG}-{size}.png"
        assert png_size(picture)[0] == width
        SCREENSHOTS.mkdir(exist_ok=True)
        shutil.copy(picture, SCREENSHOTS / f"writer-path-{how.split()[0]}-{size}.png")
    assert display in (site.root / "previews" / "summary.md").read_text()

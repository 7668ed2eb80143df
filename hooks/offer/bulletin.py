"""The staff bulletin: the stories published since a date, as an email-ready HTML fragment, plain text and an .eml draft.

A story's publication date is the date of the commit in which its `status` first
became `published`, read from git history as it reached the main line (merges
count on the day they were merged). Without git history there is no honest date,
so the bulletin stops instead of guessing from file times.
"""

from __future__ import annotations

import datetime as dt
import email.policy
import re
import subprocess
from dataclasses import dataclass
from email.message import EmailMessage
from html import escape
from pathlib import Path

from .addresses import page_url, story_uri
from .model import Library, Story
from .pieces import long_date
from .share_cards import story_card

HEADING = "New stories in the Offer library"
EDITION_NOTE = {"public": "Public edition: stories anyone can read.",
                "staff": "Staff edition: includes stories for council staff only. Do not send it outside the council."}
PUBLISHED = re.compile(r"""^\+status:\s*["']?published["']?\s*(#.*)?$""")


class NoHistory(Exception):
    """The project has no git history to read publication dates from (its message is one line)."""


@dataclass(frozen=True)
class Entry:
    story: Story
    published: dt.date
    url: str
    kicker: str  # e.g. "Theme: Economy"
    place: str


def publication_dates(root: Path, folder: Path) -> dict[Path, dt.date]:
    """The date each story file in `folder` first had `status: published`, from the commits on the main line."""
    def git(*args: str) -> str:
        result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True)
        if result.returncode:
            raise NoHistory(f"{root} has no git history, so the bulletin cannot tell when each story was published; run it in a clone of the repository")
        return result.stdout

    top = Path(git("rev-parse", "--show-toplevel").strip())
    log = git("log", "--first-parent", "--diff-merges=first-parent", "--reverse", "-M", "-p", "-U0", "--no-color",
              "--format=@@commit %cs", "--", str(folder.resolve().relative_to(top.resolve())))
    dates: dict[str, dt.date] = {}
    day = file = renamed_from = None
    for line in log.splitlines():
        if line.startswith("@@commit "):
            day = dt.date.fromisoformat(line.split()[1])
        elif line.startswith("diff --git "):
            file = line.rsplit(" b/", 1)[1]
        elif line.startswith("rename from "):
            renamed_from = line.removeprefix("rename from ")
        elif line.startswith("rename to ") and renamed_from in dates:  # a moved file keeps its date
            dates[line.removeprefix("rename to ")] = dates.pop(renamed_from)
        elif PUBLISHED.match(line) and file not in dates:
            dates[file] = day
    return {top / name: day for name, day in dates.items()}


def entries(library: Library, dates: dict[Path, dt.date], since: dt.date, site_url: str) -> list[Entry]:
    """The edition's stories published on or after `since`, newest first."""
    found = []
    for story in library.stories:
        published = dates.get(story.path.resolve())
        if published and published >= since:
            card = story_card(story, library)
            found.append(Entry(story, published, site_url.rstrip("/") + "/" + page_url(story_uri(story.slug)), card.kicker, card.place))
    return sorted(found, key=lambda e: (-e.published.toordinal(), e.story.title.lower()))


def _intro(count: int, since: dt.date) -> str:
    return f"{count} {'story' if count == 1 else 'stories'} published since {long_date(since)}."


def as_html(found: list[Entry], since: dt.date, edition: str) -> str:
    """An HTML fragment for pasting into an email: inline styles only, one column at most 600 pixels wide."""
    items = "".join(
        '<div style="border-top:1px solid #b1b4b6;padding:16px 0;">'
        f'<h2 style="font-size:20px;line-height:1.3;margin:0 0 6px;"><a href="{escape(e.url)}" style="color:#1d4f91;text-decoration:underline;">{escape(e.story.title)}</a></h2>'
        f'<p style="margin:0 0 6px;">{escape(e.story.summary)}</p>'
        f'<p style="margin:0;font-size:14px;color:#4b5257;">{escape(" · ".join(_details(e)))}</p></div>'
        for e in found)
    return ('<div style="max-width:600px;margin:0 auto;padding:0 12px;font-family:Arial,Helvetica,sans-serif;font-size:16px;line-height:1.5;color:#1b1b1b;overflow-wrap:break-word;">'
            f'<h1 style="font-size:24px;line-height:1.25;margin:0 0 8px;">{HEADING}</h1>'
            f'<p style="margin:0 0 4px;">{escape(_intro(len(found), since))}</p>'
            f'<p style="margin:0 0 16px;font-size:14px;color:#4b5257;">{escape(EDITION_NOTE[edition])}</p>'
            f"{items}</div>\n")


def _details(entry: Entry) -> list[str]:
    return [f"Published {long_date(entry.published)}", *(part for part in (entry.place, entry.kicker) if part)]


def as_text(found: list[Entry], since: dt.date, edition: str) -> str:
    parts = [HEADING, "", _intro(len(found), since), EDITION_NOTE[edition]]
    for e in found:
        parts += ["", e.story.title, e.story.summary, " · ".join(_details(e)), e.url]
    return "\n".join(parts) + "\n"


def as_email(found: list[Entry], since: dt.date, edition: str) -> bytes:
    """A draft email (X-Unsent: 1, which mail programs open ready to address and send) with both parts."""
    message = EmailMessage(policy=email.policy.SMTP)
    message["Subject"] = f"{HEADING} since {long_date(since)}"
    message["X-Unsent"] = "1"
    message.set_content(as_text(found, since, edition))
    document = f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{HEADING}</title></head><body>{as_html(found, since, edition)}</body></html>'
    message.add_alternative(document, subtype="html")
    return message.as_bytes()


def write(found: list[Entry], since: dt.date, edition: str, out: Path) -> list[Path]:
    """The three files, named by date and edition, in `out`."""
    out.mkdir(parents=True, exist_ok=True)
    stem = out / f"bulletin-{since.isoformat()}-{edition}"
    files = {".html": as_html(found, since, edition).encode(), ".txt": as_text(found, since, edition).encode(), ".eml": as_email(found, since, edition)}
    for suffix, data in files.items():
        stem.with_suffix(suffix).write_bytes(data)
    return [stem.with_suffix(suffix) for suffix in files]

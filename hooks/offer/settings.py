"""The settings a build or a command reads from its environment, read once, in one place.

The README's Settings table says what each setting does and its default.
The build (hooks/offer_hooks.py) and the command line (cli.py) both call `read`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
from collections.abc import Mapping
from pathlib import Path

from .model import EDITIONS

EXTRA_CONTENT = "OFFER_EXTRA_CONTENT"
JOBS = "OFFER_BUILD_JOBS"


class SettingError(ValueError):
    """A setting with a value that cannot be used; its message is one line saying what to write instead."""


@dataclasses.dataclass(frozen=True)
class Settings:
    edition: str = "public"
    search: bool = True
    site_url: str | None = None  # None: not set, so the build uses mkdocs.yml's local address
    edit_url: str = ""
    extra_content: Path | None = None
    today: dt.date = dataclasses.field(default_factory=dt.date.today)
    jobs: int = 1


def read(environ: Mapping[str, str] = os.environ) -> Settings:
    """Every setting, checked; SettingError names the first that cannot be used."""
    def setting(name: str) -> str:
        return environ.get(name, "").strip()

    extra = setting(EXTRA_CONTENT)
    return Settings(
        edition=_edition(setting("OFFER_EDITION") or "public"),
        search=setting("OFFER_SEARCH") != "off",
        site_url=setting("SITE_URL") or None,
        edit_url=setting("OFFER_EDIT_URL"),
        extra_content=Path(extra).resolve() if extra else None,
        today=_today(setting("SOURCE_DATE_EPOCH")),
        jobs=_jobs(setting(JOBS)),
    )


def _edition(name: str) -> str:
    if name not in EDITIONS:
        raise SettingError(f"OFFER_EDITION is {name!r}; use one of: {', '.join(EDITIONS)}")
    return name


def _today(epoch: str) -> dt.date:
    if not epoch:
        return dt.date.today()
    if not epoch.isdigit():
        raise SettingError(f"SOURCE_DATE_EPOCH is {epoch!r}; use a whole number of seconds since 1970, e.g. $(git log -1 --format=%ct)")
    return dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc).date()


def _jobs(setting: str) -> int:
    if not setting:
        return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1
    if not (setting.isascii() and setting.isdigit()) or int(setting) < 1:
        raise SettingError(f"{JOBS} is {setting!r}; use a whole number of processes, e.g. 1")
    return int(setting)

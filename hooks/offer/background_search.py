"""Under `make serve`: Pagefind indexes the site after each build, in the background, so a save
shows at once and search catches up a few seconds later."""

from __future__ import annotations

import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Callable

from .search_index import NOT_INDEXED


class BackgroundSearch:
    def __init__(self, report: Callable[[str], None]):
        self._options = [f"--exclude-selectors={selector}" for selector in NOT_INDEXED]
        self._report = report  # told why, when search could not be updated
        self._wanted = threading.Event()
        self._site_dir: Path | None = None
        self._thread: threading.Thread | None = None

    def index(self, site_dir: Path) -> None:
        """Index `site_dir` soon; saves during a run are picked up by one more run after it."""
        self._site_dir = site_dir
        self._wanted.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while self._wanted.wait():
            self._wanted.clear()
            command = [sys.executable, "-m", "pagefind", "--site", str(self._site_dir), "--silent", *self._options]
            nice = ["nice", "-n", "10"] if shutil.which("nice") else []  # the next save's build comes first
            result = subprocess.run(nice + command, capture_output=True, text=True)
            if result.returncode != 0:
                self._report(f"Search was not updated: {result.stderr.strip() or result.stdout.strip()}")

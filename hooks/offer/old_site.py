"""Clear the last build out of the site folder without making the new build wait.

Before it builds, MkDocs deletes the last site file by file: with a large
library's pages, cards and search files, half a second or more the build waits
for. Moving them into one hidden folder takes a rename each (there are only a
few dozen at the top), and another process deletes that folder while the pages
are built. MkDocs' own clean then finds nothing to delete; like it, we leave
hidden entries (such as a deploy's .git) where they are.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
from pathlib import Path

PREFIX = ".offer-old-site-"  # hidden, so MkDocs' clean passes over it


def clear_in_background(site_dir: Path) -> subprocess.Popen | None:
    """Move the last build's files aside and start deleting them; the process to wait for, or None if there was nothing."""
    if not site_dir.is_dir():
        return None
    try:
        old = tempfile.mkdtemp(prefix=PREFIX, dir=site_dir)
        for name in os.listdir(site_dir):
            if not name.startswith("."):
                os.rename(site_dir / name, os.path.join(old, name))
    except OSError:  # MkDocs deletes whatever is left, as it always has
        pass
    folders = [str(p) for p in site_dir.glob(PREFIX + "*")]  # this one, and any a stopped build left
    if not folders:
        return None
    delete = "import shutil, sys\nfor folder in sys.argv[1:]: shutil.rmtree(folder, ignore_errors=True)"
    # its own session: Ctrl-C stops the build, not the deletion, so no half-deleted old site is left behind
    return subprocess.Popen([sys.executable, "-c", delete, *folders], stdin=subprocess.DEVNULL, start_new_session=True)

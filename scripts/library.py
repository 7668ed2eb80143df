"""The Offer library's command-line tools. Run `python scripts/library.py --help`."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "hooks"))  # the core lives beside the MkDocs hooks

from offer.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(root=ROOT))

"""What `make serve` keeps from one build to the next, in one process: all of it in one ServeMemo.

The contract:
- `files` (FileMemo): what loading each story file gave (a Story, or its
  problems), kept while the file's modification time and size are unchanged.
  Everything is dropped when the context changes: the taxonomy file, the story
  template, the date, the folder or its set of pictures, on which a story's
  result depends. (`make check` keeps its results on disk with the same
  `results` and `forget`, but by each file's bytes: check_cache.py.)
- `pages` (PageMemo): pieces of generated pages (a story's page, its related
  stories, a list of cards) and the open data files, each kept with the inputs
  it was made from and made again when they are not equal (==). Equality is
  quick because an unchanged story is the same object from build to build
  (`files` keeps it). Everything is dropped when the taxonomy changes.
- `cards`: which share card (path -> key, share_cards.py) each address of the
  served site holds, so a rebuild puts only changed cards in place; a card
  whose file has gone from the site is put back.
- Nothing else is kept: a plain `mkdocs build` passes no memo and makes
  everything afresh, and the results are the same either way (tests/test_serve.py).
"""

from __future__ import annotations

from pathlib import Path

from .model import Library


class ServeMemo:
    """Everything kept between `make serve` builds (see the module's contract)."""

    def __init__(self):
        self.files = FileMemo()
        self.pages = PageMemo()
        self.cards: dict[str, str] = {}


class FileMemo:
    """What an earlier load made of each file, reused while the file is unchanged (see ServeMemo)."""

    def __init__(self):
        self._context: tuple = ()
        self._results: dict[Path, tuple] = {}  # path -> ((mtime, size), result)

    def results(self, context: tuple, paths: list[Path], load_many) -> list:
        """Each path's result, calling load_many(paths) (one result each) only for files changed since last time."""
        if context != self._context:
            self._context, self._results = context, {}
        stamps = [_stamp(path) for path in paths]
        changed = [path for path, stamp in zip(paths, stamps) if stamp is None or self._results.get(path, (None,))[0] != stamp]
        made = dict(zip(changed, load_many(changed)))
        self._results = {path: (stamp, made[path] if path in made else self._results[path][1]) for path, stamp in zip(paths, stamps)}
        return [result for _, result in self._results.values()]

    def forget(self) -> None:
        """Keep nothing of the last load (what it was made from changed while it ran)."""
        self._context, self._results = (), {}


def _stamp(path: Path) -> tuple | None:
    """When the file was last written, and its size; None if it has gone since the folder was listed (let loading say so)."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


class PageMemo:
    """Pieces of what a build generates, made again only when their inputs differ (see ServeMemo)."""

    def __init__(self):
        self._taxonomy = None
        self._pieces: dict = {}  # key -> (inputs, piece)

    def start(self, library: Library) -> None:
        if library.taxonomy != self._taxonomy:
            self._taxonomy, self._pieces = library.taxonomy, {}

    def piece(self, key: tuple, inputs: tuple, make):
        """make(), or what it made last time for this key if `inputs` are equal to last time's."""
        kept = self._pieces.get(key)
        if kept is None or kept[0] != inputs:
            kept = self._pieces[key] = (inputs, make())
        return kept[1]

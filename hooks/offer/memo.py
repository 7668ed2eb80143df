"""What `make serve` keeps from one build to the next in one process."""

from __future__ import annotations

from .model import Library


class PageMemo:
    """Pieces of what a build generates, kept from one build to the next in one process (`mkdocs serve`).

    A piece is made again only when what it is made from differs from last
    time. The comparison (==) is quick because a story that has not changed is
    the same object from build to build (content.Memo keeps it), and a new
    taxonomy starts afresh, as every piece depends on it.
    """

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

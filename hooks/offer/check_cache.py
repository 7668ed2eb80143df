"""What `make check` keeps of each story file between runs, in `.cache/check.json`.

A file's result is reused only when everything it was made from is unchanged.
Each of these goes into the file's key (a digest), so any change is a new key:
- the file's path and its bytes;
- the taxonomy and the story template, the date, the folder and its pictures
  (the context `load_content` gives, as `make serve`'s FileMemo also gets it);
- the core's own files, and the Python, PyYAML and python-frontmatter
  boundary they ran with.

The cache holds plain JSON, never code. One that cannot be read is ignored and
written afresh; each run keeps only the keys of its own files. Deleting it
loses nothing: the next check reads every file again.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
import sys
from pathlib import Path
from typing import NamedTuple

import yaml

from .loader import BOUNDARY, MAX_BYTES
from .memo import file_stamp
from .problems import Problem

CACHE_FILE = Path(".cache") / "check.json"  # under the project folder; .gitignore leaves .cache/ out


class StoryAddress(NamedTuple):
    """What a check keeps of a valid story: its addresses, to find any that clash."""

    slug: str
    display: str
    old_slugs: tuple[str, ...]
    sentences: frozenset[int] = frozenset()  # its fingerprint, to find near-duplicates (none when withdrawn)


class CheckCache:
    """Results of earlier checks by key; `results` has the same contract as memo.FileMemo's."""

    def __init__(self, path: Path):
        self.path = path
        self._kept = _read(path)
        self._used: dict[str, list] = {}

    def results(self, context: tuple, paths: list[Path], load_many) -> list:
        """Each path's (StoryAddress or None, problems), calling load_many(paths) only for files not kept."""
        seeded = hashlib.blake2b(repr((context, _code_digest())).encode(), digest_size=16)
        keys = [_key(seeded, path) for path in paths]
        missing = [path for path, (key, _) in zip(paths, keys) if key not in self._kept]
        made = dict(zip(missing, load_many(missing)))
        results = []
        for path, (key, stamp) in zip(paths, keys):
            result = made[path] if path in made else _decode(self._kept[key])
            if key and (path not in made or file_stamp(path) == stamp):  # not if written again while it was being loaded
                self._used[key] = self._kept.get(key) or _encode(result)
            results.append(result)
        return results

    def save(self) -> None:
        """Write this run's results, unless they are what the file already holds."""
        if self._used.keys() == self._kept.keys():
            return
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            partial = self.path.with_name(f".{self.path.name}.{os.getpid()}")
            partial.write_text(json.dumps(self._used, separators=(",", ":")), encoding="utf-8")
            os.replace(partial, self.path)  # whole or not at all, even with two checks at once
        except OSError:  # a read-only checkout still gets its check, only without the cache
            pass


def _read(path: Path) -> dict:
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _key(seeded, path: Path) -> tuple[str | None, tuple | None]:
    """A digest of everything the file's result depends on, and the file's memo.file_stamp when it was read;
    (None, None) if the file cannot be read (let loading say why)."""
    try:
        with open(path, "rb", buffering=0) as handle:
            stat = os.fstat(handle.fileno())
            text = handle.read(min(stat.st_size, MAX_BYTES) + 1)  # as much as loading reads; the size tells longer files apart
    except OSError:
        return None, None
    digest = seeded.copy()
    digest.update(b"%s\0%d\0%s" % (os.fsencode(path), stat.st_size, text))
    return digest.hexdigest(), (stat.st_mtime_ns, stat.st_size)


@functools.cache
def _code_digest() -> str:
    """The core's own files, and the Python, PyYAML and front matter boundary (python-frontmatter's) it runs with:
    results made by other code are not reused."""
    digest = hashlib.blake2b(f"{sys.version} {yaml.__version__} {yaml.__with_libyaml__} {BOUNDARY.pattern}".encode())
    for path in sorted(Path(__file__).parent.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _encode(result: tuple) -> list:
    address, problems = result
    kept = address and [address.slug, address.display, list(address.old_slugs), list(address.sentences)]
    return [kept, [dataclasses.astuple(problem) for problem in problems]]


def _decode(entry: list) -> tuple:
    kept, problems = entry
    address = kept and StoryAddress(kept[0], kept[1], tuple(kept[2]), frozenset(kept[3]))
    return address, [Problem(*problem) for problem in problems]

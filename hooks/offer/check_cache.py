"""What `make check` keeps of each story file between runs, in `.cache/check.json`.

A story's result is given again only when everything it was made from is the
same. All of it goes into the story's key, a digest, so any change is a new key:
- the file's path and its bytes (the story is then loaded from those very bytes);
- the context `load_content` gives: the taxonomy and the story template (their
  bytes), the date, the folder, and the pictures the folder's listing found;
- this package's own files, and the Python, PyYAML and python-frontmatter
  boundary it runs with;
- a random secret kept outside the checkout, in the user's cache folder
  (`~/.cache/offer-library/check-secret`, or under `$XDG_CACHE_HOME`): a
  cache made on another machine, or committed by a pull request for CI to
  find, never matches.

So a check after editing stories loads only those stories; after adding a
picture, changing the taxonomy or the template, on a new day, or with new code,
it loads every story again. If the taxonomy or the template changes while a
check runs, that check keeps nothing (`forget`).

The cache holds plain JSON, never code. A cache that cannot be read, or an
entry not of the shape this module writes, is passed over; each run keeps only
the keys of its own files. Deleting it loses nothing: the next check loads
every file.
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import hashlib
import json
import os
import sys
from pathlib import Path

import yaml

from .loader import BOUNDARY, Read, read_file
from .model import StoryAddress
from .problems import ERROR, WARNING, Problem

CACHE_FILE = Path(".cache") / "check.json"  # under the project folder; .gitignore leaves .cache/ out
SECRET_FILE = Path("offer-library") / "check-secret"  # under the user's cache folder


class CheckCache:
    """Results of earlier checks by key; `results` and `forget` as memo.FileMemo's."""

    def __init__(self, path: Path):
        self.path = path
        self._kept = _kept_in(path)
        self._used: dict[str, list] | None = {}  # None: keep nothing of this run

    def results(self, context: tuple, paths: list[Path], load_many) -> list:
        """Each path's (StoryAddress or None, problems): kept ones decoded, the rest from load_many(paths, reads)."""
        seeded = hashlib.blake2b(repr((context, _code_digest())).encode(), key=_secret(), digest_size=16)
        reads = [_read(path) for path in paths]
        keys = [None if read is None else _key(seeded, path, read) for path, read in zip(paths, reads)]
        recalled = {key: _decode(self._kept[key]) for key in keys if key in self._kept}
        missing = [i for i, key in enumerate(keys) if recalled.get(key) is None]  # not kept, or not of our shape
        made = dict(zip(missing, load_many([paths[i] for i in missing], [reads[i] for i in missing])))
        if self._used is not None:
            self._used |= {key: _encode(made[i]) if i in made else self._kept[key] for i, key in enumerate(keys) if key}
        return [made[i] if i in made else recalled[key] for i, key in enumerate(keys)]

    def forget(self) -> None:
        """Keep nothing of this run (what its results were made from changed while it ran)."""
        self._used = None

    def save(self) -> None:
        """Write this run's results, unless they are what the file holds already."""
        if self._used is None or self._used == self._kept:
            return
        with contextlib.suppress(OSError):  # a read-only checkout still gets its check, only without the cache
            _write_whole(self.path, json.dumps(self._used, separators=(",", ":")).encode())


def _kept_in(path: Path) -> dict:
    try:
        kept = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError, RecursionError):
        return {}
    return kept if isinstance(kept, dict) else {}


def _read(path: Path) -> Read | None:
    try:
        return read_file(path)
    except OSError:  # loading it will say why
        return None


def _key(seeded, path: Path, read: Read) -> str:
    """A digest of everything the file's result depends on."""
    digest = seeded.copy()
    digest.update(b"%s\0%d\0%s" % (os.fsencode(path), read.size, read.raw))
    return digest.hexdigest()


@functools.cache
def _secret() -> bytes:
    """This machine's secret for the keys (see the module's docstring), made by the first check."""
    try:
        path = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / SECRET_FILE
    except RuntimeError:  # no home folder: a secret for this run alone, so nothing kept matches
        return os.urandom(32)
    with contextlib.suppress(OSError):
        if secret := path.read_bytes()[:64]:  # blake2b takes a key of up to 64 bytes
            return secret
    secret = os.urandom(32)
    with contextlib.suppress(OSError):  # two first checks at once: the last one's stays, the other's keys match nothing later
        _write_whole(path, secret)
    return secret


def _write_whole(path: Path, data: bytes) -> None:
    """Write the file whole or not at all, even with two checks at once; OSError if it cannot be written."""
    partial = path.with_name(f".{path.name}.{os.getpid()}")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise


@functools.cache
def _code_digest() -> str:
    """This package's files, and the Python, PyYAML and front matter boundary it runs with."""
    digest = hashlib.blake2b(f"{sys.version} {yaml.__version__} {yaml.__with_libyaml__} {BOUNDARY.pattern}".encode())
    for path in sorted(Path(__file__).parent.iterdir()):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def _encode(result: tuple) -> list:
    address, problems = result
    fields = None if address is None else [address.slug, address.display, list(address.old_slugs), sorted(address.sentences)]
    return [fields, [list(dataclasses.astuple(problem)) for problem in problems]]


def _decode(entry) -> tuple | None:
    """The result an entry holds; None unless the entry is exactly as _encode writes one (then the file is loaded again)."""
    try:
        fields, problems = entry
        result = (None if fields is None else StoryAddress(fields[0], fields[1], tuple(fields[2]), frozenset(fields[3])),
                  [Problem(*problem) for problem in problems])
    except (TypeError, ValueError, IndexError, KeyError):
        return None
    return result if _encode(result) == entry and _typed(result) else None


def _typed(result: tuple) -> bool:
    address, problems = result
    texts = [] if address is None else [address.slug, address.display, *address.old_slugs]
    texts += [text for p in problems for text in (p.path, p.field, p.message)]
    numbers = ([] if address is None else list(address.sentences)) + [p.line for p in problems]
    return (all(type(text) is str for text in texts) and all(type(number) is int for number in numbers)
            and all(p.severity in (ERROR, WARNING) for p in problems))

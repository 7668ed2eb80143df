"""Make Pagefind's search bundle the same bytes for the same pages.

Pagefind writes its filters and sort keys from hash maps, so the order of the
filters and sorts in `pagefind.<lang>_<hash>.pf_meta` and of the values in each
`filter/*.pf_filter` changes from run to run, and with it the files' names (a hash of their
content) and `pagefind-entry.json`. This sorts both and names the files as
Pagefind does (from the SHA-1 of the CBOR after the signature), so two builds of
the same site are byte-identical and search reads the same filters.
"""

from __future__ import annotations

import gzip
import hashlib
import json

SIGNATURE = b"pagefind_dcd"  # what Pagefind puts before the CBOR in each compressed file
FILTERS, SORTS = 3, 4  # the metadata's fields: version, pages, index chunks, filters, sorts, ...


def canonical(files: dict[str, bytes]) -> dict[str, bytes]:
    """The bundle (path in the bundle -> bytes) with its filters and sort keys in order, and files named to match."""
    files = dict(files)
    entry = json.loads(files["pagefind-entry.json"])
    for language in entry["languages"].values():
        meta_name = f"pagefind.{language['hash']}.pf_meta"
        meta = _read(files, meta_name)
        meta[FILTERS] = sorted([name, _sort_filter(files, name_hash)] for name, name_hash in meta[FILTERS])
        meta[SORTS] = sorted(meta[SORTS], key=lambda sort: sort[0])  # by name; each keeps its order of pages
        language["hash"] = _rewrite(files, meta_name, meta, "pagefind.{}.pf_meta", digits=10)
    files["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode()
    return files


def _sort_filter(files: dict[str, bytes], name: str) -> str:
    """Sort one filter file's values (each with its page numbers, ascending); returns its new name."""
    path = f"filter/{name}.pf_filter"
    filter_name, values = _read(files, path)
    return _rewrite(files, path, [filter_name, sorted([value, sorted(pages)] for value, pages in values)], "filter/{}.pf_filter", digits=7)


def _read(files: dict[str, bytes], path: str):
    data = gzip.decompress(files[path])
    if not data.startswith(SIGNATURE):
        raise ValueError(f"{path} is not a Pagefind file this version knows")
    value, end = _decode(data, len(SIGNATURE))
    if end != len(data):
        raise ValueError(f"{path} has data after its content")
    return value


def _rewrite(files: dict[str, bytes], old: str, value, pattern: str, digits: int) -> str:
    """Put `value` under Pagefind's name for it (language, then hash of the content) in place of `old`."""
    body = _encode(value)
    digest = "".join(f"{byte:x}" for byte in hashlib.sha1(body).digest())  # Pagefind's hex: no leading zero per byte
    name = old.split("/")[-1].split(".")[-2].rpartition("_")[0] + "_" + digest[:digits]
    del files[old]
    files[pattern.format(name)] = gzip.compress(SIGNATURE + body, compresslevel=9, mtime=0)
    return name


# ---------------------------------------------------------------------------
# The part of CBOR (RFC 8949) Pagefind writes: integers, text, byte strings, arrays, maps
# ---------------------------------------------------------------------------

def _decode(data: bytes, at: int):
    major, size, at = data[at] >> 5, data[at] & 31, at + 1
    if size >= 24:
        width = 1 << (size - 24)
        size, at = int.from_bytes(data[at:at + width], "big"), at + width
    if major in (0, 1):
        return (size if major == 0 else -1 - size), at
    if major in (2, 3):
        chunk = data[at:at + size]
        return (chunk.decode() if major == 3 else bytes(chunk)), at + size
    if major in (4, 5):
        items = []
        for _ in range(size * (major - 3)):  # a map has a key and a value per entry
            item, at = _decode(data, at)
            items.append(item)
        return (items if major == 4 else dict(zip(items[::2], items[1::2]))), at
    raise ValueError(f"CBOR type {major} is not one Pagefind writes")


def _encode(value) -> bytes:
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, str):
        raw = value.encode()
        return _head(3, len(raw)) + raw
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(_encode, value))
    if isinstance(value, dict):
        return _head(5, len(value)) + b"".join(_encode(k) + _encode(v) for k, v in value.items())
    raise TypeError(f"cannot write {type(value).__name__} as CBOR")


def _head(major: int, size: int) -> bytes:
    """A CBOR item's first bytes, in the shortest form (as Pagefind's encoder writes them)."""
    if size < 24:
        return bytes([major << 5 | size])
    width = next(w for w in (1, 2, 4, 8) if size < 1 << (8 * w))
    return bytes([major << 5 | (24 + width.bit_length() - 1)]) + size.to_bytes(width, "big")

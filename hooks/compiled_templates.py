"""Under `make serve`: Jinja templates compiled once rather than at every save.

Each MkDocs build makes a new Jinja environment, which would compile every
template again; this cache outlives it. Jinja compiles a template again if its
source changed, and a full rebuild starts afresh (`clear`).
"""

from __future__ import annotations

import jinja2


class CompiledTemplates(jinja2.BytecodeCache):
    def __init__(self):
        self._code: dict[str, tuple] = {}  # key -> (checksum of the source, code)

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        checksum, code = self._code.get(bucket.key, (None, None))
        if checksum == bucket.checksum:
            bucket.code = code

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self._code[bucket.key] = (bucket.checksum, bucket.code)

    def clear(self) -> None:
        self._code.clear()

"""Pagefind's indexing service, fed each page as the build reads or writes it.

Running `pagefind --site` after the build reads every page again while the
build's own core sits idle. Pagefind's service mode (the protocol its Node and
Python wrappers speak: base64-encoded JSON messages, each ended by a comma)
lets it index pages on the other core while MkDocs is still rendering, and
then hand over the same bundle the command line would write (a thread
writes it while MkDocs writes the last pages). The wrapper in the
`pagefind` package waits a tenth of a second per reply, so this speaks the
protocol directly: one thread writes requests, one reads replies.

The build talks to all this through SearchProcess, which runs it in a child
process: in MkDocs' own process those threads (encoding each page, decoding
the bundle, writing its 1,100 files at 1,000 stories) took the interpreter's
lock from MkDocs' thread, which then waited 0.4 to 0.9 s at 1,000 stories (PERFORMANCE.md).
"""

from __future__ import annotations

import base64
import json
import os
import queue
import subprocess
import sys
import tempfile
import threading
from html import escape
from pathlib import Path

from pagefind.service import get_executable

from .cards import META
from .stable_index import canonical

TIMEOUT = 600  # seconds to wait for the index to be written


class SearchIndexError(Exception):
    pass


BODY = "<div data-pagefind-body>"
NOT_INDEXED = (".headerlink",)  # Pagefind leaves these out: the "¶" beside each heading


def head_tags(title: str, search: dict) -> str:
    """The meta tags Pagefind reads a page's title, filters, sort keys and result details from.

    `search` is a page's `offer_search` metadata (pieces.page_meta). overrides/main.html prints these
    in the page's head; a meta tag needs a property to be valid HTML. `title` comes escaped, as Material prints it.
    """
    def tag(name: str, kind: str, key: str, value: str) -> str:
        return f'<meta property="offer:{escape(name)}" data-pagefind-{kind}="{escape(key)}[content]" content="{escape(value)}">'

    tags = [f'<meta property="offer:{META["title"]}" data-pagefind-meta="{META["title"]}[content]" content="{title}">']
    tags += [tag(name, "filter", name, value) for name, values in (search.get("filters") or {}).items() for value in values]
    tags += [tag(f"sort-{name}", "sort", name, value) for name, value in (search.get("sort") or {}).items()]
    tags += [tag(name, "meta", name, value) for name, value in (search.get("meta") or {}).items()]
    return "\n  ".join(tags)


def searchable_document(language: str, tags: str, content: str) -> str:
    """What Pagefind needs of a page whose content is all ours, made before MkDocs writes the page.

    Generated pages write their own h1, so Material adds none; the rest of the written page Pagefind
    skips (tests/test_search_index.py shows the index comes out the same as from the written pages).
    """
    return f'<html lang="{escape(language)}"><head>{tags}</head><body>{BODY}{content}</div></body></html>'


def searchable_part(html: str) -> str:
    """The page less what Pagefind skips: its head (language, meta and filter tags) and the data-pagefind-body element.

    Header, navigation and footer are more than half of a story page; Pagefind reads past them, and
    sending them costs both processes time (the index comes out the same: tests/test_build.py).
    The body element is the article's whole content (overrides/main.html), so it ends where the article does.
    """
    body, start, end = html.find("<body"), html.find(BODY), html.rfind("</article>")
    if not 0 <= body < start < end:
        return html
    return f"{html[:html.index('>', body) + 1]}{html[start:end]}</body></html>"


class SearchIndexer:
    def __init__(self):
        binary = get_executable()
        if binary is None:
            raise SearchIndexError("Pagefind's program is missing; run make setup (it installs pagefind[extended])")
        self._log = tempfile.TemporaryFile()  # Pagefind's own complaints, for the error message
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self._log)
        self._outbox: queue.Queue = queue.Queue()
        self._awaited: set[int] = set()  # messages whose replies someone waits for
        self._replies: dict[int, dict] = {}
        self._replied = threading.Condition()
        self._errors: list[str] = []
        self._next_id = 0
        self._writer: threading.Thread | None = None
        self._failure: SearchIndexError | None = None
        threading.Thread(target=self._write, daemon=True).start()
        threading.Thread(target=self._read, daemon=True).start()
        self._index = self._wait(self._send({"type": "NewIndex", "config": {"exclude_selectors": list(NOT_INDEXED)}}, reply_wanted=True))["index_id"]

    def add(self, html: str, path: str) -> None:
        """Index a page (as written, or as searchable_document makes it); `path` is where it is written in the site,
        e.g. "themes/economy/index.html"."""
        if self._writer is not None:  # never a page silently left out of search
            raise SearchIndexError(f"{path} reached the search index after it was written")
        self._send({"type": "AddFile", "index_id": self._index, "file_path": path, "url": None, "file_contents": searchable_part(html)})

    def start_writing(self, folder: Path) -> None:
        """Ask for the search bundle now and write it into `folder` in the background; `finish` waits for it.

        Called once the last searchable page is added, so Pagefind builds the index on the other core
        while MkDocs still writes pages (otherwise the slowest step of a large build comes after them).
        """
        message_id = self._send({"type": "GetFiles", "index_id": self._index}, reply_wanted=True)
        self._writer = threading.Thread(target=self._write_bundle, args=(message_id, folder), daemon=True)
        self._writer.start()

    def finish(self, folder: Path) -> None:
        """Write the search bundle (index, filters, fragments, scripts) into `folder`, or wait for `start_writing`
        to; then the service has stopped. Raises SearchIndexError if the bundle could not be written."""
        if self._writer is None:
            self.start_writing(folder)
        self._writer.join()
        if self._failure:
            raise self._failure

    def _write_bundle(self, message_id: int, folder: Path) -> None:
        """Pagefind hands the files over rather than writing them itself: it replies to GetFiles before
        its last writes reach the disk, and exits without finishing them, so a file could be left empty."""
        try:
            try:
                reply = self._wait(message_id)
                if self._errors:
                    raise SearchIndexError(self._errors[0])
            finally:
                self.close()
            try:
                files = canonical({f["path"]: base64.b64decode(f["content"]) for f in reply["files"]})  # Pagefind's filters come in any order
            except (ValueError, KeyError, OSError, EOFError) as exc:
                raise SearchIndexError(f"the index could not be put in order ({exc}); is this the Pagefind version requirements.txt pins?") from None
            for path, content in files.items():
                (folder / path).parent.mkdir(parents=True, exist_ok=True)
                (folder / path).write_bytes(content)
        except (SearchIndexError, OSError) as exc:
            self._failure = exc if isinstance(exc, SearchIndexError) else SearchIndexError(str(exc))

    def close(self) -> None:
        """Stop the service; the files it holds were handed over (GetFiles), so nothing is lost if it is slow to exit."""
        self._outbox.put(None)
        try:
            self._process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self._process.kill()
        self._log.close()

    # --- the protocol ----------------------------------------------------------------------

    def _send(self, payload: dict, reply_wanted: bool = False) -> int:
        self._next_id += 1
        if reply_wanted:
            self._awaited.add(self._next_id)
        self._outbox.put({"message_id": self._next_id, "payload": payload})
        return self._next_id

    def _wait(self, message_id: int) -> dict:
        with self._replied:
            if not self._replied.wait_for(lambda: message_id in self._replies or self._process.poll() is not None, TIMEOUT):
                raise SearchIndexError(f"Pagefind did not answer within {TIMEOUT} seconds")
        if message_id not in self._replies:
            raise SearchIndexError(f"Pagefind stopped: {self._stderr() or 'no message'}")
        reply = self._replies.pop(message_id)
        if reply.get("type") == "Error":
            raise SearchIndexError(reply.get("message", "unknown error"))
        return reply

    def _write(self) -> None:
        try:
            while (message := self._outbox.get()) is not None:
                self._process.stdin.write(base64.b64encode(json.dumps(message).encode()) + b",")
                if self._outbox.empty():
                    self._process.stdin.flush()
            self._process.stdin.close()
        except (BrokenPipeError, OSError):  # the service stopped; _wait reports it
            pass

    def _read(self) -> None:
        pending: list[bytes] = []  # the start of a message not yet ended by a comma (the files come as one long message)
        while chunk := self._process.stdout.read1(1 << 16):
            *ended, rest = chunk.split(b",")
            for piece in ended:
                self._receive(json.loads(base64.b64decode(b"".join(pending) + piece)))
                pending = []
            pending.append(rest)
        with self._replied:
            self._replied.notify_all()

    def _receive(self, reply: dict) -> None:
        payload = reply.get("payload", {})
        if payload.get("type") == "Error":
            self._errors.append(payload.get("message", "unknown error"))
        with self._replied:
            if reply.get("message_id") in self._awaited:
                self._replies[reply["message_id"]] = payload
            self._replied.notify_all()

    def _stderr(self) -> str:
        self._log.seek(0)
        return self._log.read().decode(errors="replace").strip()[-2000:]


class SearchProcess:
    """A SearchIndexer in a child process (`python -m offer.search_index`). Each request is a line, the action
    and the byte length of each field, then the fields: "add" (html, path) for each page, then "write" (folder).
    The child answers once, after writing the bundle, with JSON: null or what went wrong. (Lengths rather than
    JSON: encoding a page as JSON costs MkDocs' thread four times as long.)"""

    def __init__(self):
        if get_executable() is None:  # said now, not after the pages
            raise SearchIndexError("Pagefind's program is missing; run make setup (it installs pagefind[extended])")
        core_parent = str(Path(__file__).resolve().parent.parent)  # where `offer` can be imported from
        path = os.pathsep.join(filter(None, [core_parent, os.environ.get("PYTHONPATH")]))
        self._log = tempfile.TemporaryFile()  # a crash's own words, for the error message
        self._process = subprocess.Popen([sys.executable, "-m", __name__], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=self._log, env=os.environ | {"PYTHONPATH": path})
        self._written = False

    def add(self, html: str, path: str) -> None:
        if self._written:  # never a page silently left out of search
            raise SearchIndexError(f"{path} reached the search index after it was written")
        self._request("add", html, path)

    def start_writing(self, folder: Path) -> None:
        """The last page is in: the child asks Pagefind for the bundle and writes it into `folder` while the build goes on."""
        self._written = True
        self._request("write", str(folder))

    def finish(self, folder: Path) -> None:
        """Wait for the bundle to be written into `folder`; raises SearchIndexError if it could not be."""
        if not self._written:
            self.start_writing(folder)
        try:
            self._process.stdin.close()
        except OSError:  # the child stopped; its answer says why
            pass
        failure = self._answer()
        self._log.close()
        if failure:
            raise SearchIndexError(failure)

    def close(self) -> None:
        """After a failed build: stop the child (and with it Pagefind, whose input closes)."""
        self._process.kill()
        self._process.wait()
        self._log.close()

    def _request(self, action: str, *fields: str) -> None:
        data = [field.encode() for field in fields]
        try:
            self._process.stdin.write(" ".join([action, *(str(len(d)) for d in data)]).encode() + b"\n" + b"".join(data))
            self._process.stdin.flush()  # a short request, such as "write", is not held back until the build ends
        except OSError:  # the child stopped early; its answer says why
            raise SearchIndexError(self._answer() or "the search process stopped") from None

    def _answer(self) -> str | None:
        answer = self._process.stdout.read()
        self._process.wait()
        try:
            return json.loads(answer)
        except ValueError:
            self._log.seek(0)
            said = self._log.read().decode(errors="replace").strip().splitlines()
            return f"the search process stopped: {said[-1] if said else f'exit code {self._process.returncode}'}"


def serve(requests, answer) -> None:
    """The child's side of SearchProcess: index the pages, write the bundle, answer."""
    failure = None
    try:
        indexer, folder = SearchIndexer(), None
        while header := requests.readline():
            action, *sizes = header.decode().split()
            args = [requests.read(int(size)).decode() for size in sizes]
            if action == "add":
                indexer.add(*args)
            else:
                folder = Path(args[0])
                indexer.start_writing(folder)
        if folder is None:
            raise SearchIndexError("the build stopped before the last page")
        indexer.finish(folder)
    except SearchIndexError as exc:
        failure = str(exc)
    answer.write(json.dumps(failure).encode())


if __name__ == "__main__":
    serve(sys.stdin.buffer, sys.stdout.buffer)

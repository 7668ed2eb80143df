"""Shares of a large `mkdocs build`: forked copies of the build each read and write some of its pages.

MkDocs reads every page, then writes every page, in one process. Once the
hand-written pages are read, the hooks deal the generated pages out to forked
copies of the build (`Shares.start`). Each copy reads its pages and writes them
with MkDocs' own code (`_populate_page`, `_build_page`), so a page comes out as
it would in one process. Meanwhile this process keeps the first share, and for
the pages handed over it reads and writes nothing: their Markdown is empty and
their template (`ELSEWHERE`) writes nothing, which MkDocs leaves unwritten.

What this process still needs of a handed-over page comes back from its copy,
in the pages' order (`receive`): what the hooks asked the copy to keep (the
page's search document), and its anchors, so MkDocs checks links to and from
it as usual. What a copy logs comes back at the end (`finish`) and is logged
here, so it shows once and `--strict` counts its warnings.

A copy renders the navigation with the generated pages it did not read as
MkDocs made them before reading: their titles are mkdocs.yml's `nav:` titles.
tests/test_parallel_writing.py checks that the project's pages come out the
same as from one process.

This module knows MkDocs, not the library: the hooks say what a copy keeps.
"""

from __future__ import annotations

import logging
import multiprocessing
import threading
from typing import Callable, NamedTuple

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import BuildError, PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

ELSEWHERE = "offer-written-elsewhere.html"  # the template of a handed-over page in this process: empty
KEEP = 0.9  # of an even share, the part this process keeps: it also feeds Pagefind and writes the hand-written pages
WAIT = 600  # seconds to wait for a copy's next page before calling it stuck
ONE_PROCESS = "OFFER_BUILD_JOBS=1 builds in one process"  # the way round, named in every message about a copy

log = logging.getLogger("mkdocs.plugins.offer")


class Shares:
    def __init__(self, copies: list[_Copy]):
        self._copies = copies
        self._handed_over = {uri: copy for copy in copies for uri in copy.share}
        self._quiet = _NotSkipped(self._handed_over)
        # first: MkDocs' own filter there drops a message seen before, so it must not see these, or the copy's own would go
        logging.getLogger("mkdocs.commands.build").filters.insert(0, self._quiet)

    @classmethod
    def start(cls, processes: int, config: MkDocsConfig, files: Files, nav, pages: list[File],
              keep: Callable[[], Callable[[], object]]) -> Shares | None:
        """Deal `pages` (in order, none read yet) out between this process and `processes - 1` forked copies
        (`_deal`); None if this process should do it all. `keep`, called in each copy, gives a function that
        says what to send back of the page just read."""
        page_code = _mkdocs_page_code()
        if processes < 2 or page_code is None or threading.active_count() > 1 or "fork" not in multiprocessing.get_all_start_methods():
            return None  # forking while other threads run can leave a copy stuck on a lock one of them held
        shares = _deal([f.src_uri for f in pages], processes - 1, KEEP / processes)
        copies: list[_Copy] = []
        try:
            for share in shares:
                copies.append(_Copy.start(share, page_code, config, files, nav, keep))
        except BaseException:
            for copy in copies:
                copy.stop()
            raise
        return cls(copies)

    @property
    def processes(self) -> int:
        return len(self._copies) + 1

    def handed_over(self, page: Page) -> bool:
        return page.file.src_uri in self._handed_over

    @staticmethod
    def prepare(env: jinja2.Environment) -> None:
        """Give this process's templates the empty one that handed-over pages use."""
        env.loader = jinja2.ChoiceLoader([jinja2.DictLoader({ELSEWHERE: ""}), env.loader])

    def receive(self, page: Page, files: Files):
        """What the copy kept of `page`, a handed-over page, which this process reaches in the same order
        as the copy reads them; the page's anchors are set here, for MkDocs' check of links to anchors."""
        message = self._handed_over[page.file.src_uri].next_message()
        if isinstance(message, _Ended):  # the copy stopped before this page
            self.stop()
            _log(message.records)
            raise PluginError(message.error or f"a copy of the build stopped before reading {page.file.src_uri}; {ONE_PROCESS}")
        src_uri, kept, anchors, links = message
        if src_uri != page.file.src_uri:
            raise PluginError(f"a copy of the build read {src_uri} when {page.file.src_uri} was expected; {ONE_PROCESS}")
        page.present_anchor_ids = anchors
        page.links_to_anchors = {files.get_file_from_path(uri): targets for uri, targets in links.items()} if links else None
        return kept

    def finish(self) -> None:
        """Wait for every copy to write its pages; log what they logged; stop the build if one failed."""
        try:
            endings = [copy.ending() for copy in self._copies]
        finally:
            self.stop()
        for ending in endings:
            _log(ending.records)
        for ending in endings:
            if ending.error:
                raise PluginError(ending.error)

    def stop(self) -> None:
        for copy in self._copies:
            copy.stop()
        logging.getLogger("mkdocs.commands.build").removeFilter(self._quiet)


def _mkdocs_page_code():
    """MkDocs' own functions that read and write a page, or None if this MkDocs has none by those names."""
    try:
        from mkdocs.commands.build import _build_page, _populate_page
    except ImportError:
        log.debug("This MkDocs has no _populate_page or _build_page: the build reads and writes every page itself")
        return None
    return _populate_page, _build_page


def _log(records: list[tuple[str, int, str]]) -> None:
    for name, level, message in records:
        logging.getLogger(name).log(level, message)


def _deal(pages: list[str], copies: int, kept: float) -> list[list[str]]:
    """Deal pages out like cards, this process keeping the part `kept` of them, spread evenly: it meets the
    copies' pages all along, so it can index them in order as they come rather than all at the end."""
    shares: list[list[str]] = [[] for _ in range(copies)]
    dealt = 0
    for n, page in enumerate(pages):
        if int((n + 1) * kept) == int(n * kept):  # not one of this process's
            shares[dealt % copies].append(page)
            dealt += 1
    return shares


class _Ended(NamedTuple):
    """A copy's last message: what it logged, and why it stopped early, if it did."""

    records: list[tuple[str, int, str]]
    error: str | None


class _Copy:
    """One forked copy of the build, and the pipe it sends its pages down.

    This process holds only the pipe's reading end, so if the copy dies, even
    halfway through sending a page, reading ends (EOFError) rather than waits.
    """

    def __init__(self, process, reader, share: list[str]):
        self.process, self.reader, self.share = process, reader, share
        self._ended: _Ended | None = None

    @classmethod
    def start(cls, share: list[str], page_code, config: MkDocsConfig, files: Files, nav, keep) -> _Copy:
        context = multiprocessing.get_context("fork")
        reader, writer = context.Pipe(duplex=False)
        process = context.Process(target=_read_and_write, args=(share, writer, page_code, config, files, nav, keep), daemon=True)
        process.start()
        writer.close()
        return cls(process, reader, share)

    def next_message(self):
        if self._ended:
            return self._ended
        try:
            if self.reader.poll(WAIT):
                message = self.reader.recv()
            else:
                message = _Ended([], f"a copy of the build sent nothing for {WAIT} seconds; {ONE_PROCESS}")
        except EOFError:
            self.process.join()
            message = _Ended([], f"a copy of the build stopped unexpectedly (exit code {self.process.exitcode}); {ONE_PROCESS}")
        if isinstance(message, _Ended):
            self._ended = message
        return message

    def ending(self) -> _Ended:
        while not isinstance(message := self.next_message(), _Ended):
            pass  # pages not asked for: this process stopped early
        return message

    def stop(self) -> None:
        if self.process.is_alive():
            self.process.terminate()
        self.process.join()
        self.reader.close()


class _NotSkipped(logging.Filter):
    """Drops MkDocs' "Page skipped" notice for the pages a copy writes."""

    def __init__(self, handed_over):
        super().__init__()
        self._notices = {f"Page skipped: '{uri}'. Generated empty output." for uri in handed_over}

    def filter(self, record: logging.LogRecord) -> bool:
        return record.getMessage() not in self._notices


class _KeptLogs(logging.Handler):
    """In a copy: what is logged, kept to send back rather than shown."""

    def __init__(self):
        super().__init__()
        self.records: list[tuple[str, int, str]] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append((record.name, record.levelno, record.getMessage()))


def _read_and_write(share: list[str], writer, page_code, config: MkDocsConfig, files: Files, nav, keep) -> None:
    """In a copy: read the share's pages, sending what the hooks keep of each; then write them, as MkDocs' build does."""
    populate_page, build_page = page_code
    logs = _KeptLogs()
    logger = logging.getLogger("mkdocs")
    logger.handlers, logger.propagate = [logs], False
    error = None
    try:
        kept = keep()
        pages = []
        for uri in share:
            file = files.get_file_from_path(uri)
            page = file.page or Page(None, file, config)  # as MkDocs makes a page that is not in the navigation
            populate_page(page, config, files)
            links = {to.src_uri: targets for to, targets in page.links_to_anchors.items()} if page.links_to_anchors else None
            writer.send((uri, kept(), page.present_anchor_ids, links))
            pages.append(page)
        env = config.plugins.on_env(config.theme.get_env(), config=config, files=files)
        doc_files = files.documentation_pages(inclusion=InclusionLevel.is_included)
        for page in pages:
            build_page(page, config, doc_files, nav, env, excluded=page.file.inclusion.is_excluded())
    except Exception as exc:  # noqa: BLE001 - sent back; MkDocs has logged which page it was
        error = str(exc) if isinstance(exc, BuildError) else f"{type(exc).__name__}: {exc}"
    writer.send(_Ended(logs.records, error))
    writer.close()

"""MkDocs hooks: a thin adapter between MkDocs' build events and the `offer` core.

Load and validate all content once per build, add the generated pages, and
stop the build with the check's own messages when anything is wrong. Generated
pages go to Pagefind as MkDocs reads them, hand-written ones as it writes them,
so Pagefind indexes while MkDocs works. A large build deals its generated pages
out to copies of itself, which read and write them on the other cores
(build_shares.py).

Under `mkdocs serve --dirty` (make serve), a save in a story folder rebuilds
only the pages whose generated content changed, and the hand-written pages
that list stories; any other change rebuilds everything. What did not change
(stories, generated pages, open data, compiled templates) is not made again.
"""

from __future__ import annotations

import functools
import html
import logging
import os
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path

import jinja2
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from build_shares import ELSEWHERE, Shares
from offer import csp, editor_page, feeds, hand_written, json_schema, open_data, pictures, render, sanitize, search_index, valid_html
from offer.addresses import picture_uri, story_uri
from offer.content import Content, Project, build_date, load_content, processes
from offer.editor_config import CONFIG_FILE as EDITOR_CONFIG, Site, config_yaml, github_repository, load_template
from offer.memo import ServeMemo
from offer.pieces import GeneratedPage
from offer.problem_pages import problem_pages
from offer.model import EDITIONS, Library
from offer.search_index import SearchIndexer, SearchIndexError

log = logging.getLogger("mkdocs.plugins.offer")
LOCAL_URL = "http://127.0.0.1:8000/"  # mkdocs.yml's site_url when SITE_URL is not set
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"  # npm ci's, beside package-lock.json


class _Build:
    """What one build knows. Replaced in on_config: `mkdocs serve` imports this module once."""

    def __init__(self, project: Project, content: Content, library: Library, broken: dict | None = None, jobs: int = 1):
        self.project = project
        self.content = content
        self.library = library
        self.broken = broken or {}  # under `mkdocs serve`: story file -> its problems, for stories that cannot be loaded
        self.toolkit_pages = {str(p.path.resolve()): p for p in content.toolkit}
        self.stories_by_uri = {story_uri(s.slug): s for s in library.stories}
        self.generated: dict[str, GeneratedPage] = {}  # src_uri -> page, filled in on_files
        self.pictures: dict[str, bytes] = {}  # src_uri -> picture as published, filled in on_files
        self.started = time.time()
        self.indexer: SearchIndexer | None = None  # fed generated pages in on_page_content, hand-written ones in on_post_page
        self.last_searchable: str | None = None  # src_uri of the last hand-written page for search: after it, the bundle is made
        self.jobs = jobs  # how many processes the build may use (OFFER_BUILD_JOBS)
        self.nav = None  # MkDocs' navigation, for copies of the build (on_nav)
        self.reading_generated = False  # MkDocs has reached the generated pages (on_pre_page)
        self.shares: Shares | None = None  # in a large build, the copies reading and writing shares of the generated pages


_build: _Build | None = None
_previous: _Build | None = None  # the build before, under `mkdocs serve`
_serving = False  # `mkdocs serve`: search is indexed in the background, after each build
_serving_dirty = False  # `mkdocs serve --dirty`: rebuild only what a story change touches
_memo = ServeMemo()  # under `mkdocs serve`: unchanged stories, and the pages and open data made from them


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _serving_dirty
    _serving, _serving_dirty = command == "serve", command == "serve" and dirty


# ---------------------------------------------------------------------------
# Configuration: choose the edition, load and check all content
# ---------------------------------------------------------------------------

def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build, _previous
    edition = os.environ.get("OFFER_EDITION", "public")
    if edition not in EDITIONS:
        raise PluginError(f"OFFER_EDITION is {edition!r}; use one of: {', '.join(EDITIONS)}")
    if not config.use_directory_urls:
        raise PluginError("the Offer library needs use_directory_urls: true in mkdocs.yml")
    project = Project.at(Path(config.config_file_path).parent, Path(config.docs_dir))
    try:  # a malformed SOURCE_DATE_EPOCH or OFFER_BUILD_JOBS stops the build with one line, not a traceback
        today, jobs = build_date(), processes()
    except ValueError as exc:
        raise PluginError(str(exc)) from None
    if _serving:  # other threads are running (forking is unsafe), and unchanged stories are remembered
        content = load_content(project, today, memo=_memo.files)
    else:  # a build: large libraries are read in one process per core while this is the only thread
        content = load_content(project, today, jobs=jobs if threading.active_count() == 1 else 1)
    for problem in content.problems:
        (log.info if not problem.is_error else log.error)(str(problem))
    broken = content.broken_stories() if _serving else None  # a preview shows these at their addresses
    if not content.ok and broken is None:
        count = sum(p.is_error for p in content.problems)
        raise PluginError(f"{count} problem{'s' * (count != 1)} in the content (listed above); fix them and build again")
    _previous, _build = _build, _Build(project, content, content.library(edition), broken, jobs)
    config.watch.extend(str(d) for d in project.content_dirs)
    if edition == "public" and not _serving and config.site_url == LOCAL_URL:
        log.info(f"SITE_URL is not set, so feeds, open data and share links point at {LOCAL_URL}; publishing sets it")
    config.extra["offer_edition"] = edition
    config.extra["offer_indexable"] = EDITIONS[edition].indexable
    return config


# ---------------------------------------------------------------------------
# Files: add the generated pages and the stories' pictures
# ---------------------------------------------------------------------------

def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    incremental = _serving_dirty and _only_content_changed(config)
    pages = render.all_pages(_build.library, memo=_memo.pages if _serving else None)  # metadata and HTML are added in on_page_markdown and on_page_content
    for page in pages + problem_pages(_build.broken, {page.src_uri for page in pages}):
        file = _add(files, _GeneratedFile.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        file.changed = not incremental or _previous.generated.get(page.src_uri) != page
        _build.generated[page.src_uri] = page
    for picture in _build.content.pictures:  # re-saved without EXIF, GPS or camera details
        uri, published = picture_uri(picture.content_path), pictures.published_bytes(picture.path)
        file = _add(files, _GeneratedFile.generated(config, uri, content=published, inclusion=InclusionLevel.NOT_IN_NAV))
        file.changed = not incremental or _previous.pictures.get(uri) != published
        _build.pictures[uri] = published
    if incremental:  # hand-written pages that list stories (markers) follow the stories
        for file in files.documentation_pages():
            if not file.generated_by and hand_written.has_markers(file.content_string) and os.path.isfile(file.abs_dest_path):
                os.utime(file.abs_dest_path, ns=(0, 0))  # older than its source: by MkDocs' own rule, built again
    else:  # settings or templates may have changed
        _compiled_templates.clear()
    return files


class _GeneratedFile(File):
    """A generated file that knows whether its content differs from the previous build's."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


def _only_content_changed(config: MkDocsConfig) -> bool:
    """Whether everything but the story folders is as it was when the previous build started."""
    if _previous is None:
        return False
    folders = [Path(config.docs_dir), *(Path(d).resolve() for d in config.watch if Path(d).resolve() not in _build.project.content_dirs)]
    paths = [Path(config.config_file_path), *(p for folder in folders if folder.is_dir() for p in folder.rglob("*"))]
    return all(p.stat().st_mtime < _previous.started for p in paths if p.is_file())


def _add(files: Files, file: File) -> File:
    if files.get_file_from_path(file.src_uri):
        raise PluginError(f"docs/{file.src_uri} clashes with a page the library generates; rename or remove it")
    files.append(file)
    return file


# ---------------------------------------------------------------------------
# Templates: render what is the same on many pages once
# ---------------------------------------------------------------------------

def on_env(env, *, config: MkDocsConfig, files: Files):
    """`offer_once(*key)` in a template: `{% call offer_once(...) %}...{% endcall %}` renders its body once per key."""
    rendered: dict[tuple, str] = {}  # new each build, so `mkdocs serve` never shows an old sidebar

    def offer_once(*key, caller):
        if key not in rendered:
            rendered[key] = caller()
        return rendered[key]

    env.globals["offer_once"] = offer_once
    # generated pages are indexed as they are read; once MkDocs has written the last hand-written one that goes into search, the index can be made
    searchable = [f.src_uri for f in files.documentation_pages() if f.page and f.page.meta.get("offer_search") and not f.generated_by]
    _build.last_searchable = searchable[-1] if searchable else None
    if _serving:
        env.bytecode_cache = _compiled_templates
    if _build.shares:
        _build.shares.prepare(env)
    return env


class _CompiledTemplates(jinja2.BytecodeCache):
    """Under `mkdocs serve`, templates compiled once rather than at every save (each build has a new Jinja environment).

    Jinja compiles a template again if its source changed; a full rebuild starts afresh.
    """

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


_compiled_templates = _CompiledTemplates()


# ---------------------------------------------------------------------------
# Pages: escaping, edit links, search metadata, markers, toolkit footers, sanitising
# ---------------------------------------------------------------------------

def on_nav(nav, *, config: MkDocsConfig, files: Files):
    _build.nav = nav  # for copies of the build (_start_generated)
    return nav


def on_pre_page(page: Page, *, config: MkDocsConfig, files: Files) -> Page:
    if page.file.generated_by and not _build.reading_generated:  # generated pages come after the hand-written ones (on_files)
        _start_generated(config, files)
    return page


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    generated = _generated(page)
    if generated:
        page.meta.update(generated.meta)
    if _handed_over(page):  # a copy of the build reads and writes it
        page.meta["template"] = ELSEWHERE
        return ""
    if not page.file.generated_by:  # hand-written: escape its front matter text (generated pages come escaped)
        page.meta.update(hand_written.escaped_meta(page.meta))
    page.edit_url = _edit_url(page, config)
    if not page.file.generated_by and (search := hand_written.search_meta(page.file.src_uri)):
        page.meta["offer_search"] = search
    toolkit_page = _build.toolkit_pages.get(page.file.abs_src_path)
    if toolkit_page:
        page.meta["description"] = html.escape(toolkit_page.summary)
        markdown += "\n\n" + hand_written.toolkit_footer(toolkit_page)
    try:
        return hand_written.expand_markers(markdown, page.file.src_uri, _build.library, _first_line(page, markdown))
    except hand_written.MarkerError as exc:  # a page names a group the taxonomy no longer has
        raise PluginError(str(exc.problem)) from None


def _first_line(page: Page, markdown: str) -> int:
    """The line of the page's file where `markdown` (the text below its front matter) starts."""
    source = "" if page.file.generated_by else page.file.content_string
    return source.count("\n", 0, max(0, source.find(markdown[:200]))) + 1


def _edit_url(page: Page, config: MkDocsConfig) -> str | None:
    """Where to edit a page's real source: stories live in case_studies/, not docs/."""
    story = _build.stories_by_uri.get(page.file.src_uri) if page.file.generated_by else None
    source = story.path if story else (None if page.file.generated_by else Path(page.file.abs_src_path))
    return hand_written.edit_url(config.extra.get("offer_edit_url"), source, _build.project.root)


def _generated(page: Page) -> GeneratedPage | None:
    return _build.generated.get(page.file.src_uri) if page.file.generated_by else None


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    """Sanitise all Markdown people wrote, then add the HTML we generate from escaped data around it."""
    if _handed_over(page):  # read by a copy of the build: index what it sends back, in order
        for document, path in _build.shares.receive(page, files):
            _index(document, path)
        return html
    generated = _generated(page)
    if generated is None or generated.markdown:
        html = sanitize.clean(html)
    if generated:
        html = generated.html(html)
    html = html.replace('class="headerlink"', 'class="headerlink" data-pagefind-ignore')  # keep "¶" out of search results
    if search := page.meta.get("offer_search"):
        page.meta["offer_search_tags"] = search_index.head_tags(page.title, search)
        if generated and _build.indexer:  # all ours, so indexed now: Pagefind works while MkDocs reads the other pages
            _index(search_index.searchable_document(config.theme["language"], page.meta["offer_search_tags"], html), page.file.dest_uri)
    return html


# ---------------------------------------------------------------------------
# After the build: feeds, the JSON Schemas for editors, open data, and the Pagefind search index
# ---------------------------------------------------------------------------

def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    if _handed_over(page):  # written by a copy of the build
        return output
    output = _finished(output, wasm=bool(page.meta.get("offer_script")))  # only the library's and search's scripts run Pagefind
    if _build.indexer and "data-pagefind-body" in output and not _generated(page):  # listings are left out of search
        _index(output, page.file.dest_uri)
    if _build.indexer and page.file.src_uri == _build.last_searchable:
        _build.indexer.start_writing(Path(config.site_dir) / "pagefind")
    return output


def _handed_over(page: Page) -> bool:
    return bool(_build.shares and _build.shares.handed_over(page))


def _index(html: str, path: str) -> None:
    try:
        _build.indexer.add(html, path)
    except SearchIndexError as exc:
        raise PluginError(f"Pagefind could not index the site: {exc}") from None


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _finished(output_content) if template_name.endswith(".html") else output_content  # 404.html


def _finished(html: str, wasm: bool = False) -> str:
    """A page as readers get it: valid HTML, with its Content-Security-Policy (not under `mkdocs serve`, whose live reload is an inline script)."""
    html = valid_html.fix(html)
    return html if _serving else csp.with_policy(html, wasm)


def on_post_build(*, config: MkDocsConfig) -> None:
    if _build.shares:
        _build.shares.finish()
    site_dir = Path(config.site_dir)
    site_url = config.site_url or LOCAL_URL
    outputs = feeds.all_feeds(_build.library, site_url)
    outputs += [(f"schema/{name}", text) for name, text in json_schema.schema_files(_build.content.taxonomy).items()]
    outputs.append((EDITOR_CONFIG, _editor_config(config, site_url)))
    public, licence = open_data.library_of(_build.content), config.extra.get("offer_data_licence", "")
    make_data = functools.partial(open_data.files, public, site_url, licence)
    # under `mkdocs serve`, made again only when a public story changed (not when a draft is saved)
    outputs += _memo.pages.piece(("open data",), (public.stories, site_url, licence), make_data) if _serving else make_data()
    for path, text in outputs:
        (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
        (site_dir / path).write_text(text, encoding="utf-8", newline="")  # newline="": the CSV keeps its CRLF line ends
    try:  # the story editor, admin/: after the pages, so it is in no listing, sitemap or search index
        editor_page.write(site_dir, NODE_MODULES, config.site_name, _build.content.taxonomy, _build.project.content_dir)
    except editor_page.EditorMissing as exc:
        raise PluginError(str(exc)) from None
    if _build.indexer:
        try:
            _build.indexer.finish(site_dir / "pagefind")
        except SearchIndexError as exc:
            raise PluginError(f"Pagefind could not index the site: {exc}") from None
    elif _serving and _search_wanted():
        _background_search.index(site_dir)


def _editor_config(config: MkDocsConfig, site_url: str) -> str:
    """The story editor's configuration; its GitHub repository and branch are those of the "Edit this page" links."""
    project = _build.project
    repo, branch = github_repository(config.extra.get("offer_edit_url")) or (f"local/{project.root.name}", None)
    site = Site(config.site_name, site_url, project.display(project.content_dir), repo, branch)
    return config_yaml(_build.content.taxonomy, load_template(project.content_dir, project.display), site)


def on_build_error(*, error: Exception) -> None:
    global _build
    if _build and _build.shares:
        _build.shares.stop()
    if _build and _build.indexer:
        _build.indexer.close()
    _build = None  # the site folder may be half written: the next `mkdocs serve` build rebuilds everything


def _search_wanted() -> bool:
    return os.environ.get("OFFER_SEARCH", "on") != "off"


def _start_indexer() -> SearchIndexer:
    try:
        return SearchIndexer()
    except (SearchIndexError, OSError) as exc:
        raise PluginError(f"Pagefind could not start: {exc}") from None


class _BackgroundSearch:
    """Under `mkdocs serve`: index the site after each build without holding up the reload."""

    def __init__(self):
        self._wanted = threading.Event()
        self._site_dir: Path | None = None
        self._thread: threading.Thread | None = None

    def index(self, site_dir: Path) -> None:
        self._site_dir = site_dir
        self._wanted.set()
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while self._wanted.wait():
            self._wanted.clear()  # saves during a run are picked up by one more run after it
            command = [sys.executable, "-m", "pagefind", "--site", str(self._site_dir), "--silent"]
            nice = ["nice", "-n", "10"] if shutil.which("nice") else []  # the next save's build comes first
            result = subprocess.run(nice + command, capture_output=True, text=True)
            if result.returncode != 0:  # info, not warning: a warning would fail the next strict build
                log.info(f"Search was not updated: {result.stderr.strip() or result.stdout.strip()}")


_background_search = _BackgroundSearch()


# ---------------------------------------------------------------------------
# Shares: a large build hands shares of its generated pages to copies of itself
# ---------------------------------------------------------------------------

PAGES_PER_PROCESS = 100  # generated pages; with fewer each, starting a copy of the build costs more than it saves


def _start_generated(config: MkDocsConfig, files: Files) -> None:
    """At the first generated page (the hand-written ones are read; every build has the library's, search's and
    coverage's): deal the generated pages out to copies of the build, when there are enough; then start
    Pagefind, whose threads must not run while the build forks."""
    _build.reading_generated = True
    if _serving:
        return
    generated = [f for f in files.documentation_pages() if f.generated_by]
    _build.shares = Shares.start(min(_build.jobs, len(generated) // PAGES_PER_PROCESS), config, files, _build.nav, generated, keep=_as_a_copy)
    if _build.shares:
        log.info(f"Reading and writing the pages in {_build.shares.processes} processes")
    if _search_wanted():
        _build.indexer = _start_indexer()


def _as_a_copy():
    """In a copy of the build: it shares nothing out, and keeps each page's search document to send back
    (the build indexes them in the pages' order, so the index is the one a single process makes)."""
    _build.shares = None
    _build.indexer = documents = _Documents() if _search_wanted() else None
    return documents.take if documents else list


class _Documents:
    """In a copy of the build: the search documents of the page being read."""

    def __init__(self):
        self._kept: list[tuple[str, str]] = []

    def add(self, html: str, path: str) -> None:
        self._kept.append((html, path))

    def take(self) -> list[tuple[str, str]]:
        kept, self._kept = self._kept, []
        return kept

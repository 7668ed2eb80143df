"""MkDocs hooks: a thin adapter between MkDocs' build events and the `offer` core.

Each hook hands its event to the build (offer/build.py, plain Python) and turns
the core's problems into a clean build error. The one thing only MkDocs can
know is which files changed: under `mkdocs serve --dirty` (make serve), a save
in a story folder rebuilds only the pages whose generated content changed and
the hand-written pages that list stories; any other change rebuilds everything.
"""

from __future__ import annotations

import logging
import os
from pathlib import Path

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel
from mkdocs.structure.pages import Page

from compiled_templates import CompiledTemplates
from offer import hand_written, settings
from offer.background_search import BackgroundSearch
from offer.build import Build, BuildStopped, PageRef
from offer.memo import ServeMemo

log = logging.getLogger("mkdocs.plugins.offer")  # MkDocs and ProperDocs both count this logger's warnings in --strict
NODE_MODULES = Path(__file__).resolve().parent.parent / "node_modules"  # npm ci's, beside package-lock.json


class _Serving:
    """What `mkdocs serve` keeps from one build to the next (this module is imported once)."""

    def __init__(self, dirty: bool):
        self.dirty = dirty  # --dirty: rebuild only what a story change touches
        self.memo = ServeMemo()  # unchanged stories, and the pages and open data made from them
        self.templates = CompiledTemplates()
        self.search = BackgroundSearch(log.info)  # info: a warning would fail the next strict build
        self.previous: Build | None = None


_serving: _Serving | None = None
_build: Build | None = None
_cleans = False  # whether MkDocs empties the site folder before each build (not with --dirty)


def _stopping(action, *args):
    """Run a core call; its BuildStopped or SettingError stops the build with its one line."""
    try:
        return action(*args)
    except (BuildStopped, settings.SettingError) as exc:
        raise PluginError(str(exc)) from None


def on_startup(*, command: str, dirty: bool) -> None:
    global _serving, _cleans
    _serving = _Serving(dirty) if command == "serve" else None
    _cleans = not dirty


# ---------------------------------------------------------------------------
# Configuration: read the settings, load and check all content
# ---------------------------------------------------------------------------

def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _build
    if not config.use_directory_urls:
        raise PluginError("the Offer library needs use_directory_urls: true in mkdocs.yml")
    setting = _stopping(settings.read)
    build = _stopping(Build.load, Path(config.config_file_path).parent, Path(config.docs_dir), setting, _serving and _serving.memo)
    for problem in build.content.problems:
        (log.error if problem.is_error else log.info)(str(problem))
    _stopping(build.check)
    if _serving:
        _serving.previous = _build
    _build = build
    config.watch.extend(str(d) for d in _build.project.content_dirs)
    if setting.site_url:
        config.site_url = setting.site_url
    elif setting.edition == "public" and not _serving:
        log.info(f"SITE_URL is not set, so feeds, open data and share links point at {config.site_url}; publishing sets it")
    config.extra["offer_edition"] = setting.edition
    config.extra["offer_indexable"] = _build.edition.indexable
    config.extra["offer_banner"] = _build.edition.banner
    return config


def on_pre_build(*, config: MkDocsConfig) -> None:
    if _cleans:  # MkDocs' clean, just after this, then finds nothing left to delete
        _build.clear_old_site(Path(config.site_dir))


# ---------------------------------------------------------------------------
# Files: add the generated pages and the stories' pictures
# ---------------------------------------------------------------------------

def on_files(files: Files, *, config: MkDocsConfig) -> Files:
    previous = _serving.previous if _serving and _serving.dirty and _only_content_changed(config) else None
    for page in _build.pages():  # metadata and HTML are added in on_page_markdown and on_page_content
        file = _add(files, _GeneratedFile.generated(config, page.src_uri, content=page.markdown, inclusion=InclusionLevel.NOT_IN_NAV))
        file.changed = previous is None or previous.generated.get(page.src_uri) != page
    for uri, published in _build.pictures():
        file = _add(files, _GeneratedFile.generated(config, uri, content=published, inclusion=InclusionLevel.NOT_IN_NAV))
        file.changed = previous is None or previous.published_pictures.get(uri) != published
    if previous:  # hand-written pages that list stories (markers) follow the stories
        for file in files.documentation_pages():
            if not file.generated_by and hand_written.has_markers(file.content_string) and os.path.isfile(file.abs_dest_path):
                os.utime(file.abs_dest_path, ns=(0, 0))  # older than its source: by MkDocs' own rule, built again
    elif _serving:  # settings or templates may have changed
        _serving.templates.clear()
    _stopping(_build.start_search)
    return files


class _GeneratedFile(File):
    """A generated file that knows whether its content differs from the previous build's."""

    changed = True

    def is_modified(self) -> bool:
        return self.changed or not os.path.isfile(self.abs_dest_path)


def _only_content_changed(config: MkDocsConfig) -> bool:
    """Whether everything but the story folders is as it was when the previous build started."""
    previous = _serving.previous
    if previous is None:
        return False
    folders = [Path(config.docs_dir), *(Path(d).resolve() for d in config.watch if Path(d).resolve() not in _build.project.content_dirs)]
    paths = [Path(config.config_file_path), *(p for folder in folders if folder.is_dir() for p in folder.rglob("*"))]
    return all(p.stat().st_mtime < previous.started for p in paths if p.is_file())


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
    if _serving:
        env.bytecode_cache = _serving.templates
    _build.searchable([f.src_uri for f in files.documentation_pages() if f.page and f.page.meta.get("offer_search") and not f.generated_by])
    return env


# ---------------------------------------------------------------------------
# Pages: each handed to the build as MkDocs reads, renders and writes it
# ---------------------------------------------------------------------------

def _ref(page: Page) -> PageRef:
    return PageRef(page.file.src_uri, page.file.dest_uri, None if page.file.generated_by else Path(page.file.abs_src_path))


def on_page_markdown(markdown: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    file_text = "" if page.file.generated_by else page.file.content_string
    markdown, page.edit_url = _stopping(_build.page_markdown, _ref(page), page.meta, markdown, file_text)
    return markdown


def on_page_content(html: str, *, page: Page, config: MkDocsConfig, files: Files) -> str:
    return _stopping(_build.page_html, _ref(page), page.title, page.meta, html, config.theme["language"])


def on_post_page(output: str, *, page: Page, config: MkDocsConfig) -> str:
    return _stopping(_build.written, _ref(page), output, bool(page.meta.get("offer_script")), Path(config.site_dir))


def on_post_template(output_content: str, *, template_name: str, config: MkDocsConfig) -> str:
    return _build.finished(output_content) if template_name.endswith(".html") else output_content  # 404.html


# ---------------------------------------------------------------------------
# After the pages: feeds, schemas, open data, the story editor and the search index
# ---------------------------------------------------------------------------

def on_post_build(*, config: MkDocsConfig) -> None:
    site_dir = Path(config.site_dir)
    _stopping(_build.finish, site_dir, config.site_name, config.site_url, config.extra.get("offer_data_licence", ""), NODE_MODULES)
    if _serving and _build.settings.search:
        _serving.search.index(site_dir)


def on_shutdown() -> None:
    if _build:  # after Ctrl-C, `mkdocs serve` deletes its site folder next: nothing of ours may still be writing to it
        _build.stop()


def on_build_error(*, error: Exception) -> None:
    global _build
    if _build:
        _build.stop()
    _build = None  # the site folder may be half written: the next `mkdocs serve` build rebuilds everything

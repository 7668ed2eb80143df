"""One build of the site, in the order MkDocs asks for its parts; plain Python, no MkDocs.

hooks/offer_hooks.py calls, for each MkDocs event:
- on_config: `Build.load` (load, validate, model), then `check` (`BuildStopped` when content has errors);
- on_files: `pages` and `pictures`, the files to add;
- on_page_markdown: `page_markdown`, on_page_content: `page_html`, on_post_page: `written`;
- on_post_build: `finish` (feeds, schemas, open data, share cards, the story editor, the search bundle).

Generated pages go to Pagefind as they are read (their content is all ours),
hand-written ones as they are written, so Pagefind indexes while MkDocs works.
"""

from __future__ import annotations

import dataclasses
import functools
import html
import subprocess
import time
from pathlib import Path
from typing import NamedTuple

from . import csp, editor_page, feeds, hand_written, json_schema, old_site, open_data, pictures, render, sanitize, search_index, share_cards, valid_html
from .addresses import picture_uri, story_uri
from .content import Content, Project, load_content
from .editor_config import CONFIG_FILE as EDITOR_CONFIG, Site, config_yaml, github_repository, load_template
from .memo import ServeMemo
from .model import EDITIONS, Edition, Library
from .pieces import GeneratedPage
from .problem_pages import problem_pages
from .problems import Problem
from .settings import Settings


class PageRef(NamedTuple):
    """Which page an event is about."""

    src_uri: str  # e.g. "toolkit/think-yes.md"
    dest_uri: str  # where it is written, e.g. "toolkit/think-yes/index.html"
    source: Path | None  # the hand-written page's file; None for a page the library generates


class BuildStopped(Exception):
    """Why the build cannot go on, in one line (the problems themselves are logged first)."""


@dataclasses.dataclass
class Build:
    settings: Settings
    project: Project
    content: Content
    library: Library
    broken: dict[str, list[Problem]]  # under `make serve`: story files that cannot be loaded, with their problems
    memo: ServeMemo | None = None  # under `make serve`: what the builds before made
    generated: dict[str, GeneratedPage] = dataclasses.field(default_factory=dict)  # src_uri -> page, in `pages`
    indexer: search_index.SearchProcess | None = None
    last_searchable: str | None = None  # the last hand-written page for search: once it is written, the bundle is made
    started: float = dataclasses.field(default_factory=time.time)
    published_pictures: dict[str, bytes] = dataclasses.field(default_factory=dict)  # address -> bytes, in `pictures`
    share_cards: dict[str, share_cards.ShareCard] = dataclasses.field(default_factory=dict)  # src_uri -> its page's card
    clearing: subprocess.Popen | None = None  # the process deleting the last build's site

    @classmethod
    def load(cls, root: Path, docs_dir: Path, settings: Settings, memo: ServeMemo | None = None) -> Build:
        """Load, validate and model all content; with a memo (`make serve`), reuse what is unchanged."""
        edition = EDITIONS[settings.edition]
        project = Project.at(root, docs_dir, settings.extra_content if edition.extra_content else None)
        # in this process: forking a process that holds MkDocs costs more than it saves (PERFORMANCE.md),
        # and under `make serve` what other processes read would not be remembered
        content = load_content(project, settings.today, 1, memo.files if memo else None)
        broken = (content.broken_stories() if memo or edition.problem_pages else None) or {}
        return cls(settings, project, content, content.library(settings.edition), broken, memo)

    def check(self) -> None:
        """BuildStopped if the content has errors, unless they are all in stories a preview can show as problem pages."""
        if not self.content.ok and not self.broken:
            count = sum(p.is_error for p in self.content.problems)
            raise BuildStopped(f"{count} problem{'s' * (count != 1)} in the content (listed above); fix them and build again")

    @functools.cached_property
    def _toolkit_pages(self) -> dict:
        return {str(p.path.resolve()): p for p in self.content.toolkit}

    @functools.cached_property
    def _stories_by_uri(self) -> dict:
        return {story_uri(s.slug): s for s in self.library.stories}

    @property
    def edition(self) -> Edition:
        return EDITIONS[self.settings.edition]

    def clear_old_site(self, site_dir: Path) -> None:
        """Before a clean build: the last site is deleted by another process while this one builds."""
        self.clearing = old_site.clear_in_background(site_dir)

    # --- files -------------------------------------------------------------------------

    def pages(self) -> list[GeneratedPage]:
        """Every generated page, and under `make serve` a page at each broken story's address."""
        pages = render.all_pages(self.library, memo=self.memo.pages if self.memo else None)
        pages += problem_pages(self.broken, {page.src_uri for page in pages})
        self.generated = {page.src_uri: page for page in pages}
        self.share_cards = share_cards.library_cards(self.library)
        return pages

    def pictures(self) -> list[tuple[str, bytes]]:
        """(address, bytes) of every picture, re-saved without EXIF, GPS or camera details."""
        self.published_pictures = {picture_uri(p.content_path): pictures.published_bytes(p.path) for p in self.content.pictures}
        return list(self.published_pictures.items())

    def start_search(self) -> None:
        """Start Pagefind before MkDocs reads the pages (not under `make serve`, which indexes after each build)."""
        if self.settings.search and self.memo is None and self.indexer is None:
            self.indexer = _stopping_on_error(search_index.SearchProcess)

    def searchable(self, hand_written_pages: list[str]) -> None:
        """The hand-written pages that go into search, in the order MkDocs writes them (known once it has read them)."""
        self.last_searchable = hand_written_pages[-1] if hand_written_pages else None

    # --- pages -------------------------------------------------------------------------

    def page_markdown(self, page: PageRef, meta: dict, markdown: str, file_text: str) -> tuple[str, str | None]:
        """A page's Markdown as MkDocs should render it, and its edit address; fills in `meta`.
        `file_text` is the whole file, front matter included."""
        if page.src_uri == "index.md":  # the home page's card shows its title
            self.share_cards[page.src_uri] = share_cards.home_card(str(meta.get("title", "")), self.library)
        if card := self.share_cards.get(page.src_uri):
            meta["offer_card"] = card.meta()
        if page.source is None:
            meta.update(self.generated[page.src_uri].meta)
            story = self._stories_by_uri.get(page.src_uri)
            return markdown, hand_written.edit_url(self.settings.edit_url, story and story.path, self.project.root)
        meta.update(hand_written.escaped_meta(meta))  # hand-written front matter is escaped here; generated pages come escaped
        if search := hand_written.search_meta(page.src_uri):
            meta["offer_search"] = search
        if toolkit_page := self._toolkit_pages.get(str(page.source.resolve())):
            meta["description"] = html.escape(toolkit_page.summary)
            markdown += "\n\n" + hand_written.toolkit_footer(toolkit_page)
        first_line = file_text.count("\n", 0, max(0, file_text.find(markdown[:200]))) + 1
        try:
            markdown = hand_written.expand_markers(markdown, page.src_uri, self.library, first_line)
        except hand_written.MarkerError as exc:  # a page names a group the taxonomy no longer has
            raise BuildStopped(str(exc.problem)) from None
        return markdown, hand_written.edit_url(self.settings.edit_url, page.source, self.project.root)

    def page_html(self, page: PageRef, title: str, meta: dict, rendered: str, language: str) -> str:
        """A page's content: the Markdown people wrote, sanitised, inside the HTML we generate from escaped data."""
        generated = self.generated[page.src_uri] if page.source is None else None
        content = sanitize.clean(rendered) if generated is None or generated.markdown else rendered
        content = generated.html(content) if generated else content
        if search := meta.get("offer_search"):
            meta["offer_search_tags"] = search_index.head_tags(title, search)
            if generated and self.indexer:  # all ours, so indexed now: Pagefind works while MkDocs reads the other pages
                document = search_index.searchable_document(language, meta["offer_search_tags"], content)
                _stopping_on_error(self.indexer.add, document, page.dest_uri)
        return content

    def written(self, page: PageRef, output: str, runs_search: bool, site_dir: Path) -> str:
        """A page as readers get it: valid HTML with its Content-Security-Policy (none under `make serve`,
        whose live reload is an inline script). Hand-written pages go to search here; listings never do."""
        output = self.finished(output, wasm=runs_search)  # only the library's and search's scripts run Pagefind
        if self.indexer and page.source and "data-pagefind-body" in output:
            _stopping_on_error(self.indexer.add, output, page.dest_uri)
        if self.indexer and page.src_uri == self.last_searchable:
            _stopping_on_error(self.indexer.start_writing, site_dir / "pagefind")
        return output

    def finished(self, output: str, wasm: bool = False) -> str:
        output = valid_html.fix(output)
        return output if self.memo else csp.with_policy(output, wasm)

    # --- after the pages ---------------------------------------------------------------

    def finish(self, site_dir: Path, site_name: str, site_url: str, data_licence: str, node_modules: Path) -> None:
        """Write the files that are not pages, then wait for the search bundle."""
        self._cleared()
        for path, text in self._files(site_name, site_url, data_licence):
            (site_dir / path).parent.mkdir(parents=True, exist_ok=True)
            (site_dir / path).write_text(text, encoding="utf-8", newline="")  # newline="": the CSV keeps its CRLF line ends
        try:
            share_cards.publish(self.share_cards.values(), site_dir, self.project.root / share_cards.CACHE, self.memo and self.memo.cards)
        except ModuleNotFoundError as exc:  # the cards' font comes from a package
            raise BuildStopped(f"the share cards' font is missing ({exc.name}); run make setup") from None
        try:  # the story editor, admin/: after the pages, so it is in no listing, sitemap or search index
            editor_page.write(site_dir, node_modules, site_name, self.content.taxonomy, self.project.content_dir)
        except editor_page.EditorMissing as exc:
            raise BuildStopped(str(exc)) from None
        if self.indexer:
            _stopping_on_error(self.indexer.finish, site_dir / "pagefind")

    def _files(self, site_name: str, site_url: str, licence: str) -> list[tuple[str, str]]:
        """Feeds, JSON Schemas, the editor's configuration and the open data, as (path in the site, text)."""
        files = feeds.all_feeds(self.library, site_url)
        files += [(f"schema/{name}", text) for name, text in json_schema.schema_files(self.content.taxonomy).items()]
        repo, branch = github_repository(self.settings.edit_url) or (f"local/{self.project.root.name}", None)
        site = Site(site_name, site_url, self.project.display(self.project.content_dir), repo, branch)
        files.append((EDITOR_CONFIG, config_yaml(self.content.taxonomy, load_template(self.project.content_dir, self.project.display), site)))
        public = open_data.library_of(self.content)
        make_data = functools.partial(open_data.files, public, site_url, licence)
        if self.memo:  # made again only when a public story changed (not when a draft is saved)
            return files + self.memo.pages.piece(("open data",), (public.stories, site_url, licence), make_data)
        return files + make_data()

    def stop(self) -> None:
        """After a failed build, or when MkDocs shuts down: stop Pagefind, and wait for the last site's deletion."""
        self._cleared()
        if self.indexer:
            self.indexer.close()

    def _cleared(self) -> None:
        """Wait until the last build's site is gone (by now it almost always is), so none of it outlives the build."""
        if self.clearing:
            self.clearing.wait()


def _stopping_on_error(action, *args):
    try:
        return action(*args)
    except (search_index.SearchIndexError, OSError) as exc:
        raise BuildStopped(f"Pagefind could not index the site: {exc}") from None

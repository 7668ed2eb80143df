"""Shared fixtures: valid story text, small fixture projects, and real MkDocs builds."""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "scripts"))  # preview_screenshots

import preview_screenshots  # noqa: E402  (the local server and chromium launch the tests share)
from offer.content import Project, load_content  # noqa: E402
from offer.taxonomy import load_taxonomy  # noqa: E402

FIXTURE_TAXONOMY = REPO / "tests" / "fixtures" / "taxonomy.yml"
TODAY = dt.date(2026, 1, 15)  # tests pass a fixed "today" so they do not change with the calendar

VALID_STORY = textwrap.dedent("""\
    ---
    title: Volunteers deliver food in Aberfeldy
    summary: Neighbours in Aberfeldy organised food deliveries for people who were shielding during lockdown.
    date: 2020-06-01
    kind: community-led
    themes: [equalities-empowerment-fairness]
    localities: [highland-perthshire]
    principles: [kindness]
    status: published
    audience: public
    sources:
      - title: The Perth and Kinross Offer Update
        date: 2020-12-11
    consent:
      basis: published-papers
    ---

    Neighbours set up a rota to deliver food.
    """)


def story_text(**changes: str) -> str:
    """VALID_STORY with `field: value` lines replaced or added (value None drops the line)."""
    lines = VALID_STORY.splitlines()
    for field, value in changes.items():
        index = next((i for i, line in enumerate(lines) if line.startswith(field + ":")), None)
        if index is None:  # a new field goes just before status
            lines.insert(lines.index("status: published"), f"{field}: {value}")
        elif value is None:
            del lines[index]
        else:
            lines[index] = f"{field}: {value}"
    return "\n".join(lines) + "\n"


@pytest.fixture(scope="session")
def taxonomy():
    return load_taxonomy(REPO / "case_studies" / "taxonomy.yml")


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """An empty project with no stories and a copy of the taxonomy as it was when the tests were written.

    Not the real one: an editor adding a term there (as the README invites) must not change what tests count.
    """
    (tmp_path / "case_studies").mkdir()
    (tmp_path / "docs" / "toolkit").mkdir(parents=True)
    shutil.copy(FIXTURE_TAXONOMY, tmp_path / "case_studies" / "taxonomy.yml")
    return Project.at(tmp_path)


def add_story(project: Project, slug: str, text: str = VALID_STORY) -> Path:
    path = project.content_dir / f"{slug}.md"
    path.write_text(text, encoding="utf-8")
    return path


def check(project: Project):
    return load_content(project, today=TODAY)


# ---------------------------------------------------------------------------
# Real builds of small fixture sites
# ---------------------------------------------------------------------------

SITE_CONFIG = """\
INHERIT: {repo}/mkdocs.yml
site_name: Fixture library
docs_dir: docs
site_dir: site
hooks:
  - {repo}/hooks/offer_hooks.py
theme:
  name: material
  custom_dir: {repo}/overrides
watch: []
nav:
  - Home: index.md
  - Case studies: case-studies/index.md
"""


@pytest.fixture
def site(project: Project) -> Project:
    """A fixture project that MkDocs can build: the real hooks, theme and settings, tiny docs."""
    (project.root / "mkdocs.yml").write_text(SITE_CONFIG.format(repo=REPO))
    shutil.copytree(REPO / "docs" / "assets", project.docs_dir / "assets")
    (project.docs_dir / "index.md").write_text("---\ntitle: Home\ndescription: Fixture home.\n---\n\n# Home\n\n<!-- offer:recent 3 -->\n")
    return project


def build(project: Project, edition: str = "public", env: dict | None = None) -> subprocess.CompletedProcess:
    """Run the real `mkdocs build --strict` on a project."""
    env = os.environ | {"OFFER_EDITION": edition, "NO_MKDOCS_2_WARNING": "1"} | (env or {})
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(project.root / "mkdocs.yml")],
        cwd=project.root, env=env, capture_output=True, text=True, timeout=300,
    )


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real content, built once per test run as the public edition."""
    out = tmp_path_factory.mktemp("real") / "site"
    env = os.environ | {"OFFER_EDITION": "public", "NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=600,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return out


EXTRA_STORIES = {  # one story of each kind the real content lacks, so every kind of page is built
    "a-draft-story": {"title": "A draft story", "status": "draft"},
    "a-staff-story": {"title": "A staff-only story", "audience": "staff"},
    "a-withdrawn-story": {"title": "A withdrawn story", "status": "withdrawn"},
    "a-renamed-story": {"title": "A renamed story", "old_slugs": "[an-earlier-name]"},
}


# One page of each kind in the public edition that every_edition builds: kind -> its address
PAGE_KINDS = {
    "home": "", "library": "case-studies/", "story": "case-studies/a-renamed-story/",
    "term page": "themes/economy/", "locality page": "localities/highland-perthshire/", "term index": "themes/",
    "toolkit page": "toolkit/think-yes/", "search": "search/", "coverage": "coverage/", "open data": "open-data/",
    "not found": "404.html", "withdrawn story": "case-studies/a-withdrawn-story/", "old address": "case-studies/an-earlier-name/",
}


@pytest.fixture(scope="session")
def every_edition(tmp_path_factory) -> dict[str, Path]:
    """The real content plus a draft, a staff-only, a withdrawn and a renamed story, built in every edition."""
    root = tmp_path_factory.mktemp("editions")
    for name in ("docs", "case_studies"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    for name in ("hooks", "overrides"):
        (root / name).symlink_to(REPO / name)
    for slug, fields in EXTRA_STORIES.items():
        (root / "case_studies" / f"{slug}.md").write_text(story_text(**fields), encoding="utf-8")
    sites = {}
    for edition in ("public", "preview", "staff"):
        sites[edition] = root / f"site-{edition}"
        env = os.environ | {"OFFER_EDITION": edition, "NO_MKDOCS_2_WARNING": "1"}
        result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(sites[edition])],
                                cwd=root, env=env, capture_output=True, text=True, timeout=600)
        assert result.returncode == 0, result.stderr
    return sites


def site_text(project: Project) -> str:
    """Every text file of the built site, joined, for leak checks."""
    parts = []
    for path in sorted((project.root / "site").rglob("*")):
        if path.is_file() and path.suffix in {".html", ".xml", ".json", ".js", ".txt", ".csv"}:
            parts.append(path.read_text(encoding="utf-8", errors="replace"))
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# The built site in real headless Chromium (Debian's chromium, never a downloaded browser)
# ---------------------------------------------------------------------------

SCREENSHOTS = Path(__file__).parent / "screenshots"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


@contextlib.contextmanager
def serve_folder(folder: Path):
    """Serve a built site over HTTP on a free local port, as the preview screenshots do; yields its base URL."""
    server = preview_screenshots.serve(folder)
    try:
        yield f"http://127.0.0.1:{server.server_port}/"
    finally:
        server.shutdown()


@pytest.fixture(scope="session")
def base_url(real_site: Path):
    with serve_folder(real_site) as url:
        yield url


CSP_VIOLATIONS: list[str] = []  # every Content-Security-Policy report in any page the current test opened

# Runs in every page before its own scripts: a blocked script, style, picture or fetch is reported to the test
CSP_LISTENER = """document.addEventListener("securitypolicyviolation", (e) => window.offerCspViolation(
    `${location.pathname}: ${e.effectiveDirective} blocked ${e.blockedURI || "inline code"} (${e.sourceFile}:${e.lineNumber})`), true);"""


def _record_csp_violation(text: str) -> None:
    CSP_VIOLATIONS.append(text)


class CheckedBrowser:
    """The browser, with every page and context it opens reporting CSP violations into CSP_VIOLATIONS."""

    def __init__(self, browser):
        self._browser = browser

    def new_page(self, **options):
        return self._listen(self._browser.new_page(**options))

    def new_context(self, **options):
        return self._listen(self._browser.new_context(**options))

    @staticmethod
    def _listen(target):  # a Page or a BrowserContext: both have these two methods
        target.expose_function("offerCspViolation", _record_csp_violation)
        target.add_init_script(CSP_LISTENER)
        return target

    def __getattr__(self, name):
        return getattr(self._browser, name)


@pytest.fixture(autouse=True)
def no_csp_violations():
    """Every test that opens a page fails if the page's Content-Security-Policy blocked anything."""
    CSP_VIOLATIONS.clear()
    yield
    assert CSP_VIOLATIONS == [], "Content-Security-Policy violations:\n" + "\n".join(CSP_VIOLATIONS)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium")
    assert chromium, "Debian's chromium is missing: `make test` installs it (scripts/ensure-chromium.sh)"
    with sync_playwright() as playwright:
        browser = preview_screenshots.launch(playwright)
        yield CheckedBrowser(browser)
        browser.close()


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 AA violations on the page as it is now, one line each."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']}: {v['help']} ({len(v['nodes'])}x, e.g. {v['nodes'][0]['target']})" for v in results.response["violations"]]

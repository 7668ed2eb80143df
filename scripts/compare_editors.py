"""Decap CMS and Sveltia CMS side by side on this site, in headless Debian chromium.

    .venv/bin/python scripts/compare_editors.py                # builds the site, fetches Decap, prints the table
    .venv/bin/python scripts/compare_editors.py --site site --shots tests/screenshots

A benchmark, not a test (not part of `make test`). For each editor it copies the
built public site, adds an admin/ page holding the editor and the same story
collection config, serves the copy on 127.0.0.1 gzipped (as GitHub Pages does),
and opens the three screens the communications team uses: sign-in, the story
list and a story's form. Both use a backend that writes real files and needs no
network:

- Decap CMS 3.16.3 with its `local_backend`: decap-server 3.11.3 in git mode on a
  temporary git repository holding a copy of case_studies/ (npm-installed into a
  temporary folder at run time: they are not project dependencies);
- Sveltia CMS 0.221.1 (node_modules/@sveltia/cms, from package-lock.json) in its
  local-repository mode, with the browser's folder picker stubbed to return an
  origin-private folder filled with the same files.

Every request to a host other than the site or the local backend is refused and
counted, so "works offline" means all three screens opened with nothing else
reachable. Per editor it prints axe-core's WCAG 2.2 AA violations on each screen,
what the browser downloaded from the site (bytes on the wire, gzipped where the
server compresses, and decompressed), and the refused third-party requests. Then
it changes one story's summary and saves: where the change went (Decap: a cms/
branch, taken through draft, in review and ready; Sveltia: the file itself) and
how many lines of the file the editor rewrote.

If the built site has the admin/ page this project's build writes, a third
column measures Sveltia as the site ships it (its own page, policy, fonts and
generated configuration). The sign-in screen is measured with the GitHub
backend alone (admin/github.html), as writers see it on the published site.
"""

from __future__ import annotations

import argparse
import contextlib
import difflib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import yaml

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "hooks"))
sys.path.insert(0, str(REPO / "scripts"))

import preview_screenshots  # noqa: E402  (Debian's chromium, launched as the tests launch it)
from offer.taxonomy import load_taxonomy  # noqa: E402

DECAP = {"decap-cms": "3.16.3", "decap-server": "3.11.3"}
SVELTIA = REPO / "node_modules" / "@sveltia" / "cms"
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]  # as tests/conftest.py
VIEWPORT = {"width": 1280, "height": 900}
SCREENS = ("sign-in", "story list", "story form")
TOKEN_BUTTON, TOKEN_BOX = "Sign In Using Access Token", "access-token box"  # Sveltia's only: Decap has no token sign-in
STORY = "building-the-offer-framework"  # the story whose form is opened
TIMEOUT_MS = 60_000


# ---------------------------------------------------------------------------
# The same story collection for both editors
# ---------------------------------------------------------------------------

def select(group) -> dict:
    """A select over one taxonomy group: labels shown, slugs stored."""
    return {"name": group.field, "label": group.label, "widget": "select", "multiple": group.many, "required": group.required,
            "options": [{"label": term.label, "value": term.slug} for term in group.terms]}


def story_collection() -> dict:
    """A minimal story collection over case_studies/: the main fields, and the taxonomy's selects."""
    taxonomy = load_taxonomy(REPO / "case_studies" / "taxonomy.yml")
    selects = [select(group) for group in taxonomy.groups.values() if group.field]
    text = {"widget": "string"}
    return {
        "name": "stories", "label": "Stories", "label_singular": "Story", "folder": "case_studies",
        "create": True, "extension": "md", "format": "frontmatter", "slug": "{{slug}}",
        "fields": [
            {"name": "title", "label": "Title", **text},
            {"name": "summary", "label": "Summary", "widget": "text"},
            {"name": "date", "label": "Date", "widget": "datetime", "format": "YYYY-MM-DD", "time_format": False},
            *selects,
            {"name": "status", "label": "Status", "widget": "select", "options": ["draft", "published", "withdrawn"]},
            {"name": "audience", "label": "Audience", "widget": "select", "options": ["public", "staff"]},
            {"name": "sources", "label": "Sources", "widget": "list", "fields": [
                {"name": "title", "label": "Title", **text}, {"name": "date", "label": "Date", **text},
                {"name": "reference", "label": "Reference", "required": False, **text},
                {"name": "section", "label": "Section", "required": False, **text}]},
            {"name": "consent", "label": "Consent", "widget": "object", "fields": [
                {"name": "basis", "label": "Basis", "widget": "select", "options": ["register", "published-papers"]}]},
            {"name": "body", "label": "Story", "widget": "markdown"},
        ],
    }


def editor_config(local_backend: str | None) -> dict:
    """The same minimal config for both editors (the generated one uses Sveltia's own options, which Decap refuses)."""
    config = {"backend": {"name": "github", "repo": "example/offer-library", "branch": "main"},
              "publish_mode": "editorial_workflow", "media_folder": "case_studies/images", "public_folder": "images",
              "collections": [story_collection()]}
    if local_backend:
        config["local_backend"] = {"url": local_backend}
    return config


# ---------------------------------------------------------------------------
# The editors' files, and the admin page that loads them
# ---------------------------------------------------------------------------

ADMIN_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>Story editor</title>
{head}</head>
<body>
<script src="{script}"></script>
</body>
</html>
"""


def install_decap(folder: Path) -> Path:
    """decap-cms and decap-server at their pinned versions, npm-installed into a scratch folder."""
    (folder / "package.json").write_text('{"private": true}\n')
    packages = [f"{name}@{version}" for name, version in DECAP.items()]
    subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--ignore-scripts", "--save-exact", *packages],
                   cwd=folder, check=True, capture_output=True)
    return folder / "node_modules"


def copy_without_maps(source: Path, target: Path) -> None:
    shutil.copytree(source, target, ignore=shutil.ignore_patterns("*.map", "*.LICENSE.txt"), dirs_exist_ok=True)


GITHUB_CONFIG = '<link href="github.yml" type="text/yaml" rel="cms-config-url">\n'


def write_pages(admin: Path, script: str, config: dict) -> None:
    """index.html with the config (local backend), github.html with the GitHub backend only: the sign-in writers see."""
    (admin / "index.html").write_text(ADMIN_PAGE.format(head="", script=script))
    (admin / "github.html").write_text(ADMIN_PAGE.format(head=GITHUB_CONFIG, script=script))
    (admin / "config.yml").write_text(yaml.safe_dump(config, sort_keys=False))
    github = {key: value for key, value in config.items() if key != "local_backend"}
    (admin / "github.yml").write_text(yaml.safe_dump(github, sort_keys=False))


def add_decap(site: Path, modules: Path, backend_url: str) -> None:
    admin = site / "admin"
    config = editor_config(backend_url)
    shutil.rmtree(admin, ignore_errors=True)
    admin.mkdir()
    dist = modules / "decap-cms" / "dist"
    for path in dist.iterdir():  # decap-cms.js, its chunks and WebAssembly (cms*.js is the same build under another name)
        if path.name.endswith(("decap-cms.js", ".wasm")):
            shutil.copy(path, admin)
    write_pages(admin, "decap-cms.js", config)


def add_sveltia(site: Path) -> None:
    admin = site / "admin"
    config = editor_config(None)
    shutil.rmtree(admin, ignore_errors=True)
    copy_without_maps(SVELTIA / "dist", admin)
    write_pages(admin, "sveltia-cms.js", config)


# ---------------------------------------------------------------------------
# Local backends: a git repository for decap-server, a stubbed folder picker for Sveltia
# ---------------------------------------------------------------------------

def content_repo(folder: Path) -> Path:
    """A git repository holding a copy of case_studies/, as decap-server's git mode needs."""
    shutil.copytree(REPO / "case_studies", folder / "case_studies")
    git = ["git", "-c", "user.name=Editor", "-c", "user.email=editor@example.org"]
    subprocess.run(["git", "init", "-q", "-b", "main"], cwd=folder, check=True)
    subprocess.run(["git", "add", "."], cwd=folder, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "stories"], cwd=folder, check=True)
    return folder


@contextlib.contextmanager
def decap_server(modules: Path, repo: Path):
    """decap-server on a free loopback port, in git mode (editorial workflow branches in the local repository)."""
    port = preview_screenshots.free_port()
    env = os.environ | {"PORT": str(port), "BIND_HOST": "127.0.0.1", "GIT_REPO_DIRECTORY": str(repo), "MODE": "git"}
    process = subprocess.Popen(["node", str(modules / "decap-server" / "dist" / "index.js")], env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        for _ in range(100):
            with contextlib.suppress(OSError), socket.create_connection(("127.0.0.1", port), timeout=0.2):
                break
            time.sleep(0.1)
        yield f"http://127.0.0.1:{port}/api/v1"
    finally:
        process.terminate()
        process.wait(timeout=10)


def folder_picker_stub(files: dict[str, str]) -> str:
    """Runs before the page's scripts: showDirectoryPicker() returns an origin-private folder holding `files` and a .git folder."""
    return """(() => {
  const files = %s;
  window.showDirectoryPicker = async () => {
    const root = await navigator.storage.getDirectory();
    await root.getDirectoryHandle(".git", {create: true});
    for (const [path, text] of Object.entries(files)) {
      const parts = path.split("/");
      let folder = root;
      for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part, {create: true});
      const writable = await (await folder.getFileHandle(parts.at(-1), {create: true})).createWritable();
      await writable.write(text);
      await writable.close();
    }
    return root;
  };
})();""" % json.dumps(files)


def repo_files() -> dict[str, str]:
    return {f"case_studies/{path.name}": path.read_text(encoding="utf-8")
            for path in sorted((REPO / "case_studies").iterdir()) if path.suffix in {".md", ".yml"}}


# ---------------------------------------------------------------------------
# One editor in the browser
# ---------------------------------------------------------------------------

@dataclass
class Result:
    name: str
    axe: dict[str, list[str]] = field(default_factory=dict)
    wire: int = 0  # bytes as sent (gzipped where compressed)
    raw: int = 0  # bytes decompressed
    files: int = 0
    sizes: dict[str, int] = field(default_factory=dict)  # path: bytes as sent
    third_party: list[str] = field(default_factory=list)
    reached: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    saved: str = "not tried"  # what saving a one-field change did, offline
    diff: list[str] = field(default_factory=list)  # the saved file against the original, changed lines only


def axe_lines(page) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    return [f"{v['id']} ({v['impact']}, {len(v['nodes'])}x): {v['help']}" for v in results.response["violations"]]


def open_context(browser, site_origin: str, local: set[str], result: Result):
    """A 1280 px context that refuses and counts third-party requests and adds up what the site sends."""
    context = browser.new_context(viewport=VIEWPORT)

    def route(route):
        url = urlsplit(route.request.url)
        origin = f"{url.scheme}://{url.netloc}"
        if origin in local or url.scheme in {"data", "blob"}:
            route.continue_()
        else:
            result.third_party.append(route.request.url)
            route.abort()

    def finished(request):
        if not request.url.startswith(site_origin):
            return
        response = request.response()
        if response is None:
            return
        body = response.body()
        result.files += 1
        result.raw += len(body)
        wire = int(response.headers.get("content-length", len(body)))
        result.wire += wire
        result.sizes[urlsplit(request.url).path] = result.sizes.get(urlsplit(request.url).path, 0) + wire

    context.route("**/*", route)
    context.on("requestfinished", finished)
    return context


def screen(page, result: Result, name: str, shots: Path | None, prefix: str) -> None:
    """axe and a screenshot of the screen now shown."""
    page.wait_for_timeout(1500)  # let the editor finish its transitions
    result.reached.append(name)
    result.axe[name] = axe_lines(page)
    if shots:
        page.screenshot(path=str(shots / f"{prefix}-{name.replace(' ', '-')}.png"))


def sign_in_screen(browser, base: str, local: set[str], result: Result, button: str, shots: Path | None, prefix: str,
                   page: str = "admin/github.html") -> None:
    """The sign-in a writer sees on the published site (GitHub backend, no local one): axe and a screenshot.

    Its own context, so its downloads are not counted twice; its third-party requests are counted once, here.
    """
    context = open_context(browser, "(not counted)", local, result)
    tab = context.new_page()
    try:
        tab.goto(base + page, wait_until="networkidle")
        tab.get_by_role("button", name=button).wait_for(timeout=TIMEOUT_MS)
        screen(tab, result, "sign-in", shots, prefix)
        if button == TOKEN_BUTTON:  # the box the team signs in with
            tab.get_by_role("button", name=button).click()
            tab.get_by_role("textbox").first.wait_for(timeout=TIMEOUT_MS)
            screen(tab, result, TOKEN_BOX, shots, prefix)
            result.reached.remove(TOKEN_BOX)  # an extra screen: "works offline" counts the three both have
    except Exception as error:  # a screen that never came: reported in the table, the run goes on
        result.errors.append(f"sign-in: {type(error).__name__}: {str(error).splitlines()[0]}")
    context.close()


def run_decap(browser, base: str, backend: str, repo: Path, shots: Path | None) -> Result:
    result = Result("Decap CMS 3.16.3")
    origin, backend_origin = base.rstrip("/"), backend.rsplit("/api", 1)[0]
    sign_in_screen(browser, base, {origin}, result, "Login with GitHub", shots, "decap")
    context = open_context(browser, origin, {origin, backend_origin}, result)
    page = context.new_page()
    try:
        page.goto(base + "admin/", wait_until="networkidle")
        page.get_by_role("button", name="Login").click(timeout=TIMEOUT_MS)  # the local backend's sign-in
        page.get_by_text("Building the Offer framework", exact=False).first.wait_for(timeout=TIMEOUT_MS)
        screen(page, result, "story list", shots, "decap")
        page.goto(base + f"admin/#/collections/stories/entries/{STORY}")
        page.get_by_role("textbox", name="Title", exact=True).wait_for(timeout=TIMEOUT_MS)
        screen(page, result, "story form", shots, "decap")
        result.saved = save_in_decap(page, repo, result)
    except Exception as error:
        result.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    context.close()
    return result


EDIT = " Edited in the comparison."


def edit_summary(page) -> None:
    summary = page.get_by_role("textbox", name="Summary", exact=True)
    summary.click()
    summary.press("Control+End")
    summary.type(EDIT)


def changed_lines(saved: str) -> list[str]:
    """The lines a save changed in the story, as a unified diff without its context."""
    original = (REPO / "case_studies" / f"{STORY}.md").read_text(encoding="utf-8").splitlines()
    diff = difflib.unified_diff(original, saved.splitlines(), lineterm="", n=0)
    return [line for line in diff if line[:1] in "+-" and not line.startswith(("+++", "---"))]


def save_in_decap(page, repo: Path, result: Result) -> str:
    """Change the summary, save, move it through the workflow's states, and say where the change went."""
    edit_summary(page)
    page.get_by_role("button", name="Save", exact=True).click()
    states = []
    for state in ("Draft", "In review", "Ready"):
        if state != "Draft":
            page.get_by_text("Status:", exact=False).first.click()
            page.get_by_role("menuitem", name=state).click()
        page.get_by_text(f"Status: {state}", exact=True).wait_for(timeout=TIMEOUT_MS)
        states.append(state.lower())
    branches = subprocess.run(["git", "branch", "--list", "cms/*"], cwd=repo, capture_output=True, text=True).stdout.split()
    if branches:
        result.diff = changed_lines(subprocess.run(["git", "show", f"{branches[-1]}:case_studies/{STORY}.md"], cwd=repo,
                                                   capture_output=True, text=True, check=True).stdout)
    on_main = EDIT in (repo / "case_studies" / f"{STORY}.md").read_text(encoding="utf-8")
    if branches and not on_main:
        return f"editorial workflow: new branch {branches[-1]}, main untouched; states {' → '.join(states)}"
    return "written to main" if on_main else "nothing written"


SAVED_FILE = """async (path) => {
  let folder = await navigator.storage.getDirectory();
  const parts = path.split("/");
  for (const part of parts.slice(0, -1)) folder = await folder.getDirectoryHandle(part);
  return await (await (await folder.getFileHandle(parts.at(-1))).getFile()).text();
}"""


def save_in_sveltia(page, result: Result) -> str:
    """Change the summary, save, and say whether the file itself changed (the local folder has no branches)."""
    edit_summary(page)
    page.get_by_role("button", name="Save", exact=True).click()
    page.wait_for_timeout(3000)
    text = page.evaluate(SAVED_FILE, f"case_studies/{STORY}.md")
    result.diff = changed_lines(text)
    return "written straight to the file (no branch, no workflow)" if EDIT in text else "nothing written"


def run_sveltia(browser, base: str, shots: Path | None, shipped: bool = False) -> Result:
    """Sveltia on its own page (as Decap), or on the admin page this site's build writes (its policy, fonts, styles)."""
    result = Result("Sveltia CMS 0.221.1, as this site ships it" if shipped else "Sveltia CMS 0.221.1")
    origin, prefix = base.rstrip("/"), "shipped" if shipped else "sveltia"
    sign_in_screen(browser, base, {origin}, result, TOKEN_BUTTON, shots, prefix,
                   page="admin/" if shipped else "admin/github.html")
    context = open_context(browser, origin, {origin}, result)
    context.add_init_script(folder_picker_stub(repo_files()))
    page = context.new_page()
    try:
        page.goto(base + "admin/", wait_until="networkidle")
        page.get_by_role("button", name="Work with Local Repository").click(timeout=TIMEOUT_MS)
        page.get_by_text("Building the Offer framework", exact=False).first.wait_for(timeout=TIMEOUT_MS)
        screen(page, result, "story list", shots, prefix)
        page.get_by_text("Building the Offer framework", exact=False).first.click()
        page.get_by_role("textbox", name="Title", exact=True).wait_for(timeout=TIMEOUT_MS)
        screen(page, result, "story form", shots, prefix)
        result.saved = save_in_sveltia(page, result)
    except Exception as error:
        result.errors.append(f"{type(error).__name__}: {str(error).splitlines()[0]}")
    context.close()
    return result


# ---------------------------------------------------------------------------
# The table
# ---------------------------------------------------------------------------

def kb(size: int) -> str:
    return f"{size / 1000:,.0f} KB"


def axe_cell(result: Result, screen_name: str, missing: str) -> str:
    """How many axe rules a screen broke, and which."""
    if screen_name not in result.axe:
        return missing
    found = result.axe[screen_name]
    return f"{len(found)} ({'; '.join(v.split(' (')[0] for v in found)})" if found else "0"


def table(results: list[Result]) -> str:
    rows = [("", *[r.name for r in results])]
    for name in SCREENS:
        rows.append((f"axe violations, {name}", *[axe_cell(r, name, "not reached") for r in results]))
    rows.append((f"axe violations, {TOKEN_BOX} (sign-in)", *[axe_cell(r, TOKEN_BOX, "no such screen") for r in results]))
    rows.append(("downloaded from the site, gzipped as served", *[kb(r.wire) for r in results]))
    rows.append(("downloaded, decompressed", *[kb(r.raw) for r in results]))
    rows.append(("files downloaded", *[str(r.files) for r in results]))
    rows.append(("third-party requests (refused)", *[str(len(r.third_party)) for r in results]))
    rows.append(("saving a changed summary, offline", *[r.saved for r in results]))
    rows.append(("lines changed in the file by that one-field edit (removed + added)",
                 *[f"{sum(l[0] == '-' for l in r.diff)} + {sum(l[0] == '+' for l in r.diff)}" for r in results]))
    rows.append(("works offline (all three screens, nothing else reachable)",
                 *["yes" if len(r.reached) == len(SCREENS) else f"no: {'; '.join(r.errors)}" for r in results]))
    lines = ["| " + " | ".join(row) + " |" for row in rows]
    lines.insert(1, "|---" * len(rows[0]) + "|")
    return "\n".join(lines)


def details(results: list[Result]) -> str:
    lines = []
    for r in results:
        lines.append(f"\n{r.name}:")
        largest = sorted(r.sizes.items(), key=lambda item: -item[1])[:5]
        lines.append("  largest files (as sent): " + ", ".join(f"{path} {kb(size)}" for path, size in largest))
        for name, violations in r.axe.items():
            lines += [f"  axe, {name}: {v}" for v in violations]
        lines += [f"  diff: {line}" for line in r.diff]
        lines += [f"  refused: {url}" for url in sorted(set(r.third_party))]
        lines += [f"  error: {e}" for e in r.errors]
    return "\n".join(lines)


def registry() -> str:
    """Releases and people, from the npm registry (maintainers only where the registry gives them)."""
    lines = []
    year_ago = time.strftime("%Y-%m-%d", time.gmtime(time.time() - 365 * 86400))
    for name in ("decap-cms", "@sveltia/cms"):
        data = json.loads(subprocess.run(["npm", "view", name, "--json", "time", "maintainers", "author", "version"],
                                         capture_output=True, text=True, check=True).stdout)
        times = {k: v for k, v in data["time"].items() if k not in {"created", "modified"}}
        recent = sorted(v[:10] for v in times.values() if v >= year_ago)
        people = data.get("maintainers") or data.get("author") or "not given by the registry"
        lines.append(f"{name}: latest {data['version']} ({data['time'].get(data['version'], '?')[:10]}), "
                     f"{len(times)} versions listed, {len(recent)} of them in the last 12 months "
                     f"(latest {', '.join(recent[-3:])}); maintainers: {people}")
    return "\n".join(lines)


def build_site(out: Path) -> Path:
    env = os.environ | {"OFFER_EDITION": "public", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(out)],
                   cwd=REPO, env=env, check=True, capture_output=True)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the public edition)")
    parser.add_argument("--decap", type=Path, help="a folder where decap-cms and decap-server are already npm-installed")
    parser.add_argument("--shots", type=Path, help="save a 1280 px screenshot of each screen here")
    parser.add_argument("--no-registry", action="store_true", help="skip the npm registry look-up")
    args = parser.parse_args(argv)
    if not (SVELTIA / "dist" / "sveltia-cms.js").is_file():
        sys.exit("compare_editors: node_modules/@sveltia/cms is missing: run `npm ci` (as `make test` does)")
    if args.shots:
        args.shots.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="editors-") as tmp:
        tmp = Path(tmp)
        site = args.site or build_site(tmp / "site")
        modules = (args.decap / "node_modules") if args.decap else install_decap(tmp)
        for name in ("decap", "sveltia", "shipped"):
            shutil.copytree(site, tmp / f"site-{name}", symlinks=True)
        repo = content_repo(tmp / "repo")
        with sync_playwright() as playwright, decap_server(modules, repo) as backend:
            browser = preview_screenshots.launch(playwright)
            add_decap(tmp / "site-decap", modules, backend)
            add_sveltia(tmp / "site-sveltia")
            results = []
            runs = [("decap", lambda base: run_decap(browser, base, backend, repo, args.shots)),
                    ("sveltia", lambda base: run_sveltia(browser, base, args.shots))]
            if (site / "admin" / "index.html").is_file():  # the build writes the editor's page (issue 18)
                runs.append(("shipped", lambda base: run_sveltia(browser, base, args.shots, shipped=True)))
            for name, run in runs:
                server = preview_screenshots.serve(tmp / f"site-{name}", compress=True)
                try:
                    results.append(run(f"http://127.0.0.1:{server.server_port}/"))
                finally:
                    server.shutdown()
            browser.close()
    print(table(results))
    print(details(results))
    if not args.no_registry:
        print("\n" + registry())
    return 0 if all(len(r.reached) == len(SCREENS) for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())

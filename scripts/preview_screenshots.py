"""Photograph changed stories in a built site, for reviewers of a pull request.

    python scripts/preview_screenshots.py --site site --out previews case_studies/a.md case_studies/b.md

Serves the built site on 127.0.0.1 (a free port), opens each story's page,
/case-studies/<file name>/, in Debian's chromium at desktop and phone sizes, and
saves a full-page screenshot of each. Writes <out>/summary.md listing them.
Exit 1 if a story has no page in the site (the others are still taken).
The browser may only load from the local server: nothing goes to the network.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import shutil
import socket
import sys
import threading
from pathlib import Path
from urllib.parse import urlsplit


SIZES = {"desktop": (1280, 900), "phone": (390, 844)}  # name: (width, height) in CSS pixels
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WITHDRAWN_NOTICE = "This story has been withdrawn"


# ---------------------------------------------------------------------------
# The site, served on loopback only
# ---------------------------------------------------------------------------

class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


COMPRESSIBLE = {".html", ".css", ".js", ".json", ".xml", ".svg", ".txt", ".csv"}


class _GzipHandler(_QuietHandler):
    """Static files; text gzipped when the browser asks for it, as GitHub Pages does."""

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.suffix not in COMPRESSIBLE or not path.is_file() or "gzip" not in self.headers.get("Accept-Encoding", ""):
            return super().send_head()  # also redirects a folder without its slash
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        return _Body(body)


class _Body:
    """What send_head returns: something copyfile can read from and close."""

    def __init__(self, data: bytes):
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self):
        pass


def serve(site: Path, compress: bool = False) -> http.server.ThreadingHTTPServer:
    """A server for the site on 127.0.0.1, on a free port, in a background thread; `compress`: gzipped as GitHub Pages serves it."""
    handler = functools.partial(_GzipHandler if compress else _QuietHandler, directory=str(site))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def free_port() -> int:
    """A loopback port nothing is listening on, for a server started elsewhere (mkdocs serve, decap-server)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def story_url(story: Path) -> str:
    """A story file's address in the site: its file name is its slug."""
    return f"case-studies/{story.stem}/"


def page_file(site: Path, story: Path) -> Path:
    return site / story_url(story) / "index.html"


def note(site: Path, story: Path) -> str:
    """What to tell a reviewer about a page that is not the story itself."""
    return " (withdrawn notice)" if WITHDRAWN_NOTICE in page_file(site, story).read_text(encoding="utf-8") else ""


# ---------------------------------------------------------------------------
# Screenshots
# ---------------------------------------------------------------------------

def launch(playwright):
    """Debian's chromium, never a browser Playwright downloads."""
    chromium = shutil.which("chromium")
    if not chromium:
        sys.exit("preview_screenshots: Debian's chromium is missing; install it with `apt-get install chromium`")
    return playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)


def local_only(origin: str):
    """A route handler that lets through requests to the local server and blocks the rest."""
    def route(route):
        url = urlsplit(route.request.url)
        if f"{url.scheme}://{url.netloc}" == origin:
            route.continue_()
        else:
            route.abort()
    return route


def photograph(browser, base: str, url: str, path: Path, size: tuple[int, int]) -> None:
    """One full-page screenshot of a page at a viewport size."""
    width, height = size
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", local_only(base.rstrip("/")))
    page = context.new_page()
    page.goto(base + url, wait_until="networkidle")
    page.screenshot(path=str(path), full_page=True)
    context.close()


# ---------------------------------------------------------------------------
# Summary
# ---------------------------------------------------------------------------

def summary(taken: list[tuple[Path, list[str], str]], missing: list[Path]) -> str:
    """Markdown listing every screenshot, and every story with no page."""
    lines = ["### Story previews", ""]
    if taken:
        sizes = " | ".join(f"{name.capitalize()} ({width} px)" for name, (width, _) in SIZES.items())
        lines += [f"| Story | Address | {sizes} |", "|---|---|" + "---|" * len(SIZES)]
        for story, files, extra in taken:
            lines.append(f"| `{story}`{extra} | `/{story_url(story)}` | " + " | ".join(f"`{f}`" for f in files) + " |")
    elif not missing:
        lines.append("No story files changed.")
    lines += [f"\n**No page for `{story}`** at `/{story_url(story)}`: the preview site does not have it." for story in missing]
    return "\n".join(lines) + "\n"


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Screenshot story pages of a built site at desktop and phone sizes.")
    parser.add_argument("--site", type=Path, default=Path("site"), help="the built site folder (default: site)")
    parser.add_argument("--out", type=Path, default=Path("previews"), help="where screenshots go (default: previews)")
    parser.add_argument("stories", nargs="*", type=Path, help="story files, such as case_studies/my-story.md")
    args = parser.parse_args(argv)
    if not args.site.is_dir():
        print(f"preview_screenshots: no built site at {args.site}; build it first (OFFER_EDITION=preview make build)", file=sys.stderr)
        return 1
    args.out.mkdir(parents=True, exist_ok=True)
    present = [s for s in args.stories if page_file(args.site, s).is_file()]
    missing = [s for s in args.stories if s not in present]
    for story in missing:
        print(f"{story}: no page at /{story_url(story)} in {args.site}; is the file name right, and did the build include it?", file=sys.stderr)
    taken = take_all(args.site, args.out, present) if present else []
    (args.out / "summary.md").write_text(summary(taken, missing), encoding="utf-8")
    return 1 if missing else 0


def take_all(site: Path, out: Path, stories: list[Path]) -> list[tuple[Path, list[str], str]]:
    """Screenshot every story at every size; print one line per screenshot."""
    server = serve(site)
    base = f"http://127.0.0.1:{server.server_port}/"
    taken = []
    from playwright.sync_api import sync_playwright  # here, so the story check can import this module without Playwright
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for story in stories:
                files, extra = [], note(site, story)
                for name, size in SIZES.items():
                    path = out / f"{story.stem}-{name}.png"
                    photograph(browser, base, story_url(story), path, size)
                    print(f"{path}: {story} at {size[0]}x{size[1]}{extra}")
                    files.append(path.name)
                taken.append((story, files, extra))
            browser.close()
    finally:
        server.shutdown()
    return taken


if __name__ == "__main__":
    sys.exit(main())

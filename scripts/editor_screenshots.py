"""The contribute guide's pictures of the story editor, taken from a real build in Debian's chromium.

    .venv/bin/python scripts/editor_screenshots.py [--site site] [--out docs/assets/editor]

Serves the built site (with the admin/ page the build writes) on loopback and takes,
at 1280 px wide: the sign-in screen's access-token box as it shows on the
published site (served over HTTPS with a throwaway certificate, made with openssl,
at a name other than localhost, so the editor hides its local-folder button, as it
does there), the story list and a new story's form (on
127.0.0.1, with the folder picker stubbed to hold this repository's stories, as
scripts/compare_editors.py does), and the checks' comment on a pull request
(scripts/pull_request.py's text, rendered from Markdown to HTML much as GitHub
shows it, with screenshots of a real story: pass a site built with
OFFER_EDITION=pull-request for them to carry the preview's banner). Writes each as WebP, small enough for the page
(under 100 KB), and the full PNGs to tests/screenshots/. Look at them before committing.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import ssl
import subprocess
import sys
import tempfile
from pathlib import Path

from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))

import compare_editors  # noqa: E402  (the folder picker stub and the repository's stories)
import preview_screenshots  # noqa: E402
import pull_request  # noqa: E402

VIEWPORT = {"width": 1280, "height": 800}
HOST = "offer-library.test"  # any name but localhost: the editor then shows what the published site shows
LIMIT = 100_000  # bytes per picture
SHOTS = REPO / "tests" / "screenshots"


def webp(png: bytes, target: Path) -> int:
    """The picture as WebP, at the best quality that stays under LIMIT; its size."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    for quality in (80, 70, 60, 50, 40):
        data = io.BytesIO()
        image.save(data, "WEBP", quality=quality, method=6)
        if data.tell() < LIMIT:
            target.write_bytes(data.getvalue())
            return data.tell()
    raise SystemExit(f"editor_screenshots: {target.name} is over {LIMIT} bytes even at quality 40")


BOX_AROUND = """(input) => {  // the smallest box around the token field that is narrower than the screen: the dialog's panel
  let box = input;
  while (box.parentElement && box.getBoundingClientRect().width < 560) box = box.parentElement;
  const r = box.getBoundingClientRect();
  return {x: r.x - 16, y: r.y - 16, width: r.width + 32, height: r.height + 32};
}"""


def save(page, name: str, out: Path, clip=None) -> None:
    """A screenshot of the page (or a part of it), as PNG for looking at and WebP for the guide."""
    png = page.screenshot(clip=clip)
    (SHOTS / f"editor-guide-{name}.png").write_bytes(png)
    print(f"{out / (name + '.webp')}: {webp(png, out / (name + '.webp')):,} bytes")


def https_server(site: Path, folder: Path):
    """The site over HTTPS (a throwaway self-signed certificate): the editor wants HTTPS anywhere but localhost."""
    key, cert = folder / "key.pem", folder / "cert.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={HOST}",
                    "-keyout", str(key), "-out", str(cert)], check=True, capture_output=True)
    server = preview_screenshots.serve(site, compress=True)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    return server


def sign_in(playwright, port: int, out: Path) -> None:
    """The sign-in screen with the access-token box open, as on the published site."""
    origin = f"https://{HOST}:{port}"
    browser = playwright.chromium.launch(executable_path=shutil.which("chromium"), args=[
        *preview_screenshots.CHROMIUM_ARGS, f"--host-resolver-rules=MAP {HOST} 127.0.0.1", "--ignore-certificate-errors"])
    page = browser.new_page(viewport=VIEWPORT, ignore_https_errors=True)
    page.route("**/*", preview_screenshots.local_only(origin))
    page.goto(f"{origin}/admin/", wait_until="networkidle")
    page.get_by_role("button", name="Sign In Using Access Token").click()
    page.get_by_role("textbox").first.wait_for()
    page.wait_for_timeout(800)
    box = page.get_by_role("textbox").first.evaluate(BOX_AROUND)
    save(page, "sign-in", out, clip=box)  # the box alone: the rest of the screen is greyed out
    browser.close()


def list_and_form(playwright, port: int, out: Path) -> None:
    """The story list and a new story's form, with this repository's stories in a stubbed local folder."""
    origin = f"http://127.0.0.1:{port}"
    browser = preview_screenshots.launch(playwright)
    context = browser.new_context(viewport=VIEWPORT)
    context.route("**/*", preview_screenshots.local_only(origin))
    context.add_init_script(compare_editors.folder_picker_stub(compare_editors.repo_files()))
    page = context.new_page()
    page.goto(f"{origin}/admin/", wait_until="networkidle")
    page.get_by_role("button", name="Work with Local Repository").click()
    page.get_by_text("Building the Offer framework", exact=False).first.wait_for()
    page.wait_for_timeout(800)
    save(page, "story-list", out)
    page.get_by_role("button", name="New", exact=False).first.click()
    page.get_by_role("textbox", name="Title", exact=True).wait_for()
    page.wait_for_timeout(800)
    save(page, "story-form", out)
    browser.close()


COMMENT_STORY = "communities-in-the-pandemic"
COMMENT_CHECK = (f"case_studies/{COMMENT_STORY}.md:6: summary: warning: still has the template's example text; "
                 "write one or two sentences for cards and search results: what happened and why it matters\n")
COMMENT_PAGE = """<!doctype html><html lang="en"><meta charset="utf-8"><title>Comment</title><style>
body {{ font: 14px/1.5 "Segoe UI", "Noto Sans", Helvetica, Arial, sans-serif; color: #1f2328; margin: 16px; }}
.box {{ border: 1px solid #d1d9e0; border-radius: 6px; max-width: 760px; }}
.head {{ background: #f6f8fa; border-bottom: 1px solid #d1d9e0; padding: 8px 16px; color: #59636e; }}
.body {{ padding: 8px 16px 16px; }} h3 {{ font-size: 1.25em; margin: 8px 0; }} a {{ color: #0969da; }}
table {{ border-collapse: collapse; }} th, td {{ border: 1px solid #d1d9e0; padding: 6px 10px; vertical-align: top; }}
th {{ background: #f6f8fa; }} code {{ background: #eff1f3; padding: 1px 4px; border-radius: 4px; font-size: 85%; }}
img {{ vertical-align: top; border: 1px solid #d1d9e0; }}
</style><div class="box"><div class="head"><b>github-actions</b> bot commented</div><div class="body">{html}</div></div></html>"""


def pull_request_comment(playwright, shots: Path, out: Path, tmp: Path) -> None:
    """The checks' comment for one changed story, with a warning, its preview address and its screenshots (in `shots`)."""
    import markdown

    address = "https://your-organisation.github.io/offer-library/pr-preview/pr-42/"
    pictures = sorted(p.name for p in shots.glob("*.png"))
    text = pull_request.comment_text(COMMENT_CHECK, True, [f"case_studies/{COMMENT_STORY}.md"], address, pictures)
    html = markdown.markdown(text, extensions=["tables"]).replace(f"{address}screenshots/", shots.as_uri() + "/")
    (tmp / "comment.html").write_text(COMMENT_PAGE.format(html=html), encoding="utf-8")
    browser = preview_screenshots.launch(playwright)
    page = browser.new_page(viewport={"width": 800, "height": 900})
    page.goto((tmp / "comment.html").as_uri())
    box = page.locator(".box").bounding_box()
    save(page, "pull-request-comment", out, clip={"x": 0, "y": 0, "width": box["x"] + box["width"] + 16, "height": 900})
    browser.close()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="an already built site (default: build the public edition)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "assets" / "editor")
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    SHOTS.mkdir(exist_ok=True)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix="editor-shots-") as tmp:
        site = args.site or compare_editors.build_site(Path(tmp) / "site")
        if not (site / "admin" / "index.html").is_file():
            sys.exit(f"editor_screenshots: {site} has no admin/ page; build with node_modules installed (npm ci)")
        shots = Path(tmp) / "comment-shots"  # the story's screenshots for the comment, before the browser below starts
        shots.mkdir()
        preview_screenshots.take_all(site, shots, [Path(f"case_studies/{COMMENT_STORY}.md")])
        server, secure = preview_screenshots.serve(site, compress=True), https_server(site, Path(tmp))
        try:
            with sync_playwright() as playwright:
                sign_in(playwright, secure.server_port, args.out)
                list_and_form(playwright, server.server_port, args.out)
                pull_request_comment(playwright, shots, args.out, Path(tmp))
        finally:
            server.shutdown()
            secure.shutdown()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())

"""The contribute guide's pictures of the story editor, taken from a real build in Debian's chromium.

    .venv/bin/python scripts/editor_screenshots.py [--site site] [--out docs/assets/editor]

Serves the built site (with the admin/ page the build writes) on loopback and takes,
at 1280 px wide: the sign-in screen's access-token box as it shows on the
published site (served over HTTPS with a throwaway certificate, made with openssl,
at a name other than localhost, so the editor hides its local-folder button, as it
does there), the story list and a new story's form (on
127.0.0.1, with the folder picker stubbed to hold this repository's stories, as
scripts/compare_editors.py does). Writes each as WebP, small enough for the page
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
        server, secure = preview_screenshots.serve(site, compress=True), https_server(site, Path(tmp))
        try:
            with sync_playwright() as playwright:
                sign_in(playwright, secure.server_port, args.out)
                list_and_form(playwright, server.server_port, args.out)
        finally:
            server.shutdown()
            secure.shutdown()
    return 0


if __name__ == "__main__":
    os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
    sys.exit(main())

"""`mkdocs serve` as `make serve` runs it: directory URLs, and live reload of an edited story."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from conftest import add_story, story_text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(site):
    add_story(site, "a-story", story_text(title="The first headline", status="draft"))
    port = free_port()
    env = os.environ | {"OFFER_EDITION": "preview", "NO_MKDOCS_2_WARNING": "1"}
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}", "-f", str(site.root / "mkdocs.yml")],
        cwd=site.root, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    url = f"http://127.0.0.1:{port}/"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            break
        except OSError:
            assert server.poll() is None, server.stderr.read()
            time.sleep(0.3)
    yield site, url
    server.terminate()
    server.wait(timeout=20)


def test_serve_shows_drafts_at_directory_urls(served):
    _, url = served
    html = urllib.request.urlopen(url + "case-studies/a-story/", timeout=10).read().decode()
    assert "The first headline" in html and "offer-banner--draft" in html
    assert 'name="robots" content="noindex' in html


def test_an_edited_story_reloads_in_the_open_browser(served, browser):
    site, url = served
    page = browser.new_page()
    page.goto(url + "case-studies/a-story/")
    assert page.locator("h1").first.inner_text() == "The first headline"
    add_story(site, "a-story", story_text(title="The edited headline", status="draft"))
    page.wait_for_function("document.querySelector('h1').textContent === 'The edited headline'", timeout=30_000)
    page.close()

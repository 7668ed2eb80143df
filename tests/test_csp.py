"""Content-Security-Policy: every page carries one, it lets the site's own code run, and it blocks anything else.

Every browser test also fails on any `securitypolicyviolation` (conftest.CheckedBrowser).
"""

from __future__ import annotations

import re
from pathlib import Path

import conftest
from offer import csp

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def test_every_built_page_has_a_policy_before_its_first_script_with_a_hash_for_each_inline_script(real_site: Path):
    pages = sorted(real_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        if path.parent.name == "admin":  # the story editor has a policy of its own (tests/test_editor.py)
            continue
        html = path.read_text(encoding="utf-8")
        meta = META.search(html)
        assert meta, f"{path.relative_to(real_site)} has no Content-Security-Policy"
        assert "<script" not in html[:meta.start()], f"{path.relative_to(real_site)}: a script comes before the policy"
        policy = meta.group(1)
        assert "http" not in policy and "'unsafe-inline'" not in policy and "'unsafe-eval'" not in policy
        for source in csp.inline_script_hashes(html):
            assert source in policy, f"{path.relative_to(real_site)}: an inline script is not in the policy"
        assert not re.search(r"<[^>]+\sstyle=", html), f"{path.relative_to(real_site)}: a style attribute, which the policy blocks"


def test_hashes_are_per_page_and_skip_data_blocks():
    page = ('<html><head><meta charset="utf-8"><script>var base="../.."</script>'
            '<script id="__config" type="application/json">{"base": "../.."}</script>'
            '<script src="a.js"></script><script type="module">go()</script></head></html>')
    other = page.replace('"../.."</script>', '".."</script>')
    assert len(csp.inline_script_hashes(page)) == 2  # the JSON block never runs; the file is 'self'
    assert csp.inline_script_hashes(page)[0] != csp.inline_script_hashes(other)[0]
    assert csp.inline_script_hashes(page.replace("<script>var", "<SCRIPT>var")) == csp.inline_script_hashes(page)[1:]  # not ours: blocked
    out = csp.with_policy(page)
    assert out.index("Content-Security-Policy") < out.index("<script") and out.startswith('<html><head><meta charset="utf-8"><meta http-equiv')


def test_an_aligned_table_column_is_aligned_without_a_style_attribute(site, browser):
    from conftest import add_story, build, serve_folder, story_text

    add_story(site, "a-table", story_text().rstrip() + "\n\n| Place | Count |\n|:--|--:|\n| Crieff | 12 |\n")
    build(site)
    with serve_folder(site.root / "site") as url:
        page = browser.new_page()
        page.goto(url + "case-studies/a-table/")
        align = page.locator("td", has_text="12").evaluate("td => getComputedStyle(td).textAlign")
        page.close()
    assert align == "right"


def test_the_policy_blocks_a_script_the_site_did_not_write_and_the_test_hears_of_it(browser, base_url):
    page = browser.new_page()
    page.goto(base_url + "case-studies/")
    page.evaluate("""() => { const s = document.createElement("script"); s.textContent = "window.injected = true";
                             document.head.append(s); }""")
    page.wait_for_function("() => document.readyState === 'complete'")
    page.wait_for_timeout(200)  # the report comes back through the test's listener
    ran = page.evaluate("() => window.injected === true")
    page.close()
    heard = list(conftest.CSP_VIOLATIONS)
    conftest.CSP_VIOLATIONS.clear()  # expected here; any other test fails on one
    assert not ran
    assert len(heard) == 1 and "script-src" in heard[0], heard

"""The Content-Security-Policy every page carries, as a meta tag (GitHub Pages cannot send headers).

Only the site's own scripts, styles, pictures, fonts and fetches; no third
party. Inline scripts run only if their SHA-256 is in the policy: Material
writes a few, and one of them holds the page's relative base path, so the
hashes are worked out per page, from the HTML as written.
`'wasm-unsafe-eval'` lets Pagefind start its WebAssembly, on the pages that search.
The story editor's page, admin/, is not one of these: it carries its own,
wider policy (editor_page.POLICY, measured in chromium; CHECKS.md gives both).
"""

from __future__ import annotations

import base64
import hashlib
import re

# frame-ancestors, report-uri and sandbox are ignored in a meta tag; CHECKS.md gives the header with them
POLICY = (
    "default-src 'self'",
    "script-src 'self'{wasm}{hashes}",
    "style-src 'self'",
    "img-src 'self' data:",  # Material's icons are data: SVGs in its stylesheet
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]*)""", re.I)
_RUNNABLE = {"", "text/javascript", "module"}  # any other type is a data block (e.g. JSON), which never runs
_HEAD = re.compile(r"<head\b[^>]*>\s*(?:<meta\s+charset=[^>]*>)?", re.I)  # the policy goes first, after the charset


def inline_script_hashes(html: str) -> list[str]:
    """The CSP source for each distinct inline script in `html` that a browser would run, in order of appearance."""
    hashes = []
    for attributes, body in _scripts(html):
        kind = _TYPE.search(attributes)
        if re.search(r"\bsrc\s*=", attributes, re.I) or (kind and kind.group(1).lower() not in _RUNNABLE):
            continue
        digest = "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode() + "'"
        if digest not in hashes:
            hashes.append(digest)
    return hashes


def _scripts(html: str):
    """(attributes, body) of each script element, found with str.find: a case-blind regular expression
    searching the whole page cost more than the rest of the policy. Material and our templates write
    the tags in lower case; a script written otherwise gets no hash, so the policy blocks it."""
    at = html.find("<script")
    while at >= 0:
        opened, closing = html.find(">", at), html.find("</script", at)
        if opened < 0 or closing < 0:
            return
        if not html[at + 7].isalnum():  # "<script", not "<scripts"
            yield html[at + 7:opened], html[opened + 1:closing]
        at = html.find("<script", max(closing, at + 1))


def policy(html: str, wasm: bool = False) -> str:
    hashes = "".join(" " + h for h in inline_script_hashes(html))
    return "; ".join(POLICY).format(wasm=" 'wasm-unsafe-eval'" if wasm else "", hashes=hashes)


def with_policy(html: str, wasm: bool = False) -> str:
    """The page with its policy as the first tag in <head>, before any script; unchanged if it has no <head>.

    `wasm`: the page runs Pagefind, whose WebAssembly needs 'wasm-unsafe-eval'; other pages do without it.
    """
    head = _HEAD.search(html)
    if head is None:
        return html
    tag = f'<meta http-equiv="Content-Security-Policy" content="{policy(html, wasm)}">'
    return html[:head.end()] + tag + html[head.end():]

"""Hostile input never runs in a reader's browser, and the public edition leaks nothing."""

from __future__ import annotations

import gzip
import re
from html.parser import HTMLParser

import pytest

from conftest import VALID_STORY, add_edition_corpus, add_story, build, built_page, check, story_text

HOSTILE_BODY = """
Ordinary text stays.

## A heading with a permalink

<script>alert("script")</script>
<img src="x.png" onerror="alert('onerror')" alt="an image">
<a href="javascript:alert('js')">a javascript link</a>
<a href="JaVaScRiPt:alert('mixed case')">mixed case</a>
<a href="data:text/html,<script>alert(1)</script>">a data link</a>
<iframe src="https://example.com/frame"></iframe>
<form action="https://example.com/steal"><input name="password"></form>
<p style="display:none">hidden text</p>
<p hidden>text hidden by an attribute</p>
<div onclick="alert('click')" onmouseover="alert('over')">events</div>
<svg onload="alert('svg')"><circle r="4"/></svg>
<object data="x.swf"></object><embed src="x.swf">
<meta http-equiv="refresh" content="0;url=https://example.com">

| Left | Right |
|:-----|------:|
| a    | b     |

!!! note "An admonition"
    Still here.

[A safe link](https://www.pkc.gov.uk/) and [an email](mailto:communities@pkc.gov.uk).
"""


@pytest.fixture
def hostile_site(site):
    text = story_text(
        title="'Hostile <script>alert(\"title\")</script> story'",
        summary="'A summary that tries \"><img src=x onerror=alert(1)> to break out of attributes.'",
        partners="['<b onmouseover=alert(1)>Partner</b>']",
    ).replace("Neighbours set up a rota to deliver food.\n", HOSTILE_BODY)
    add_story(site, "hostile", text)
    build(site)
    return site


class _Elements(HTMLParser):
    """Every element and attribute of a piece of HTML, as a browser's parser sees them."""

    def __init__(self, html: str):
        super().__init__()
        self.found: list[tuple[str, dict]] = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def test_nothing_a_story_says_can_run_script(hostile_site):
    html = built_page(hostile_site, "case-studies/hostile")
    article = html[html.index("<article"):html.index("</article>")]
    elements = _Elements(article).found
    tags = {tag for tag, _ in elements}
    assert not tags & {"script", "iframe", "form", "input", "svg", "object", "embed", "meta", "style"}
    for tag, attrs in elements:
        assert not [a for a in attrs if a.startswith("on")], (tag, attrs)
        for name in ("href", "src"):
            assert not re.match(r"\s*(javascript|data|vbscript):", attrs.get(name) or "", re.I), (tag, attrs)
        assert "display" not in (attrs.get("style") or ""), (tag, attrs)
        assert "hidden" not in attrs, (tag, attrs)
    assert "hidden text" in article  # the text stays; only the style that hid it goes


def test_safe_markdown_survives_sanitising(hostile_site):
    html = built_page(hostile_site, "case-studies/hostile")
    assert "Ordinary text stays." in html
    assert '<a href="https://www.pkc.gov.uk/">A safe link</a>' in html
    assert '<a href="mailto:communities@pkc.gov.uk">an email</a>' in html
    assert '<td data-align="right">b</td>' in html  # aligned by offer.css: the Content-Security-Policy refuses style attributes
    assert 'class="admonition note"' in html and "Still here." in html
    assert '<a class="headerlink" href="#a-heading-with-a-permalink" title="Permanent link">' in html
    assert 'class="offer-meta"' in html  # our own panel, put around the sanitised body


def test_front_matter_text_is_escaped_in_titles_meta_and_cards(hostile_site):
    story = built_page(hostile_site, "case-studies/hostile")
    assert "<title>Hostile &lt;script&gt;" in story
    assert 'content="A summary that tries &#34;&gt;&lt;img' in story or 'content="A summary that tries &quot;&gt;&lt;img' in story
    assert "&lt;b onmouseover=alert(1)&gt;Partner&lt;/b&gt;" in story
    card_page = built_page(hostile_site, "themes/equalities-empowerment-fairness")
    assert "Hostile &lt;script&gt;" in card_page and "<script>alert" not in card_page


# --- every field with the wrong type gives one clear line ---------------------------

WRONG_VALUES = {"list": "[a, b]", "mapping": "{a: 1}", "number": "42", "boolean": "true", "nothing": "~"}
FIELDS = ["title", "summary", "date", "kind", "themes", "localities", "principles", "status", "audience", "sources", "consent"]


def with_field(field: str, value: str) -> str:
    """VALID_STORY with one field's whole value (nested lines too) replaced."""
    return re.sub(rf"^{field}:.*\n(?:  .*\n)*", f"{field}: {value}\n", VALID_STORY, flags=re.M)


@pytest.mark.parametrize("field", FIELDS)
@pytest.mark.parametrize("wrong", WRONG_VALUES)
def test_wrong_types_in_every_field_give_a_clear_line(project, field, wrong):
    add_story(project, "typed", with_field(field, WRONG_VALUES[wrong]))
    problems = check(project).problems
    assert problems, f"{field}: {wrong} was accepted"
    for problem in problems:
        assert problem.path == "case_studies/typed.md" and problem.line >= 1
        assert problem.field.split(".")[0] == field, problem
        assert "Traceback" not in problem.message


# --- the public edition leaks nothing ---------------------------------------------------

def every_output_text(site_dir) -> dict[str, str]:
    """Every output file as text, compressed files decompressed."""
    texts = {}
    for path in site_dir.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            if path.suffix == ".gz":
                data = gzip.decompress(data)
            texts[str(path.relative_to(site_dir))] = data.decode("utf-8", errors="replace")
    return texts


def test_public_edition_leaks_no_draft_staff_or_withdrawn_text_in_any_file(site):
    add_edition_corpus(site)
    build(site, "public")
    texts = every_output_text(site.root / "site")
    assert any(name.endswith(".gz") for name in texts)  # the sitemap is checked decompressed
    secrets = ["Zanzibar", "Quillfeather", "secret-draft", "Marmalade", "Wobblecrank", "staff-only-story", "Hollowbrook", "Pennywhistle"]
    leaks = [(name, s) for name, text in texts.items() for s in secrets if s in text]
    assert leaks == []
    # a withdrawn story keeps its address for a "withdrawn" notice; no other file names it
    naming = [name for name, text in texts.items() if "gone-story" in text]
    assert naming == ["case-studies/gone-story/index.html"]

"""The story editor's preview gives the story page's own markup (#23, item 4).

The story page's markup is written twice: in Python (hooks/offer/story_pages.py) for the site, and in the
editor's preview (hooks/offer/editor.js, which Sveltia CMS runs with React). The terms' labels and links and
what a date means come to the preview from the build. Here Node runs the preview as the build writes it
(admin/editor.js) on each real story and on one with every optional part, and its markup must be Python's
for the same story. `h` is given as a function that writes HTML, as React's createElement would build it;
Sveltia's own entry is an Immutable map, so the real `immutable` package from node_modules makes it.

The preview leaves out two things, which need more than the story: related stories (a library of one story
has none) and the template's text still to fill in (none in these stories). The story's body is Markdown,
which Sveltia renders with its own code: both sides get the same stand-in for it.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from html.parser import HTMLParser

import pytest
import yaml

from conftest import REPO, add_story, check, story_text
from offer import editor_page
from offer.content import Project, load_content
from offer.model import EDITIONS, Library
from offer.story_pages import story_page

BODY = "<p>The story's text.</p>"

# React's createElement, writing HTML instead (props as React names them: className, dateTime; key and ref are React's own)
RUN = """
const { fromJS } = require(%(immutable)s);
const NAMES = { className: "class", htmlFor: "for", dateTime: "datetime" };
const VOID = new Set(["img", "br", "hr", "input"]);
const text = (value) => String(value).replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
globalThis.h = (type, props, ...children) => {
  const attributes = Object.entries(props ?? {}).filter(([name, value]) => !["key", "ref"].includes(name) && value != null && value !== false)
    .map(([name, value]) => ` ${NAMES[name] ?? name}="${text(value)}"`).join("");
  const inner = children.flat(Infinity).filter((child) => child != null && child !== false && child !== "")
    .map((child) => (typeof child === "object" ? child.html : text(child))).join("");
  return { html: VOID.has(type) ? `<${type}${attributes}>` : `<${type}${attributes}>${inner}</${type}>` };
};
globalThis.MutationObserver = class { observe() {} };
globalThis.document = { head: {}, querySelectorAll: () => [], documentElement: {} };
let preview = null;
globalThis.CMS = { registerCustomFormat() {}, registerPreviewStyle() {}, registerPreviewTemplate: (name, template) => { preview = template; } };
%(script)s
const stories = %(stories)s;
const body = { html: %(body)s };
process.stdout.write(JSON.stringify(stories.map((story) =>
  preview({ entry: fromJS({ data: story }), widgetFor: (name) => (name === "body" ? body : null), getAsset: (src) => `blob:${src}` }).html)));
"""


def previews(taxonomy, stories: list[dict]) -> list[str]:
    """The preview's markup for each story (its front matter, as Sveltia holds it: dates as text)."""
    node = shutil.which("node")
    assert node, "Node is missing: `make test` installs it (scripts/ensure-command.sh node nodejs npm)"
    script = editor_page.setup_script([], [], editor_page.preview_details(taxonomy), ["date"])
    run = RUN % {"immutable": json.dumps(str(REPO / "node_modules" / "immutable")), "script": script,
                 "stories": json.dumps(stories, default=str), "body": json.dumps(BODY)}
    result = subprocess.run([node, "-e", run], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


class _Shape(HTMLParser):
    """Markup as a list of tags (attributes sorted, a bare attribute as an empty one) and text (spaces collapsed).

    A picture's src is left out: the site's is a link to the published picture, the preview's the editor's own copy."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        kept = sorted((name, "" if value is None else value) for name, value in attrs if not (tag == "img" and name == "src"))
        self.parts.append(f"<{tag}{''.join(f' {n}={v!r}' for n, v in kept)}>")

    def handle_endtag(self, tag):
        self.parts.append(f"</{tag}>")

    def handle_data(self, data):
        if data.strip():
            self.parts.append(" ".join(data.split()) if data.strip() == data else data.replace("\n", " "))


def shape(html: str) -> list[str]:
    parser = _Shape()
    parser.feed(html)
    return parser.parts


def in_article(html: str) -> str:
    """What the preview puts where Material puts a page's content: inside its <article>."""
    start = html.index(">", html.index("<article")) + 1
    return html[start:html.rindex("</article>")]


def page_of(story, taxonomy) -> str:
    """Python's story page for the story alone (so no related stories), in the edition that shows every story."""
    return story_page(story, Library.build(taxonomy, EDITIONS["preview"], [story])).html(BODY)


def front_matter(path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("\n---", 1)[0].removeprefix("---\n"))


def assert_same(python: list[str], preview: list[str], name: str) -> None:
    assert "\n".join(preview) == "\n".join(python), name


def test_the_preview_gives_each_real_storys_page_markup():
    content = load_content(Project.at(REPO), dt.date(2026, 1, 15))
    stories = [s for s in content.stories if not s.to_fill_in]
    assert len(stories) >= 8
    found = previews(content.taxonomy, [front_matter(s.path) for s in stories])
    for story, preview in zip(stories, found):
        assert_same(shape(page_of(story, content.taxonomy)), shape(in_article(preview)), story.slug)


RICH = story_text(
    title="A pictured staff story", date="2021-03-04", date_is="started", audience="staff", kind="community-led",
    themes="[economy, equalities-empowerment-fairness]", partners="[Perth & Kinross Council, \"A <b>bold</b> group\"]",
    outcomes="\n  - Fifty people came\n  - It's still going", contact="Communities Team",
).replace("sources:\n  - title: The Perth and Kinross Offer Update\n    date: 2020-12-11\n",
          "sources:\n  - title: The Perth and Kinross Offer Update\n    date: 2020-12-11\n    reference: \"Report 20/123\"\n"
          "    section: \"2.2 Stories & places\"\n    url: https://www.pkc.gov.uk/offer\n  - title: A second paper\n    date: 2021-01-02\n"
          ).replace("consent:", "image:\n  src: images/garden.jpg\n  alt: Raised beds in a garden\nconsent:")


@pytest.mark.parametrize("text, parts", [
    (RICH, ["offer-banner--staff", "<figure", "offer-outcomes", "<a href='https://www.pkc.gov.uk/offer'>", "Contact", "Partners", "(when it began"]),
    (RICH.replace("status: published", "status: draft"), ["offer-banner--draft"]),
    (story_text(priorities="[]"), ["Kind of story"]),
], ids=["every optional part", "a draft", "an empty list"])
def test_the_preview_gives_the_page_markup_of_a_story_with_every_part(project, text, parts):
    from PIL import Image

    (project.content_dir / "images").mkdir()
    Image.new("RGB", (80, 40), "blue").save(project.content_dir / "images" / "garden.jpg")
    path = add_story(project, "pictured", text)
    content = check(project)
    assert content.ok, [str(p) for p in content.problems]
    story = content.stories[0]
    [preview] = previews(content.taxonomy, [front_matter(path)])
    python = shape(page_of(story, content.taxonomy))
    assert all(any(part in piece for piece in python) for part in parts)  # the parts this story is here to show
    assert_same(python, shape(in_article(preview)), story.slug)


def test_a_difference_in_either_is_seen(project):
    """A planted difference, one word in the preview's markup, fails the comparison."""
    path = add_story(project, "plain", story_text())
    content = check(project)
    [preview] = previews(content.taxonomy, [front_matter(path)])
    planted = in_article(preview).replace("Story details", "Details", 1)
    with pytest.raises(AssertionError):
        assert_same(shape(page_of(content.stories[0], content.taxonomy)), shape(planted), "plain")

"""The story editor's page, admin/: Sveltia CMS, served from the site itself.

The build copies the editor's script from node_modules (installed at set-up by
`npm ci` from package-lock.json, which pins its version and integrity hash), so
nothing loads from a CDN. The page is for the communications team only: no
search, no sitemap, no navigation, `noindex`, and its own Content-Security-Policy,
wider than the site's (see POLICY) but still naming every place it may reach.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from . import schema
from .addresses import href, page_url, story_uri, term_uri
from .csp import inline_script_hashes
from .placeholders import TEMPLATE_FILE
from .story_pages import DATE_NOTES
from .taxonomy import Taxonomy

FOLDER = "admin"
PACKAGE = Path("@sveltia") / "cms"
SCRIPT = "dist/sveltia-cms.js"
# Copied as they are: the chunk the script imports for preview templates (it would fall back to unpkg.com without it)
CHUNKS = ("dist/chunks/react-dom.js",)
# The fonts the script's stylesheet names on the jsdelivr CDN -> the same files from npm (package.json pins them)
FONT_CDN = "https://cdn.jsdelivr.net/fontsource/fonts/"
FONTS = {
    "source-sans-3:vf@5.3.0/latin-wght-normal.woff2": "@fontsource-variable/source-sans-3/files/source-sans-3-latin-wght-normal.woff2",
    "noto-mono@5.3.0/latin-400-normal.woff2": "@fontsource/noto-mono/files/noto-mono-latin-400-normal.woff2",
    "material-symbols-outlined:vf@5.3.7/latin-wght-normal.woff2":
        "@fontsource-variable/material-symbols-outlined/files/material-symbols-outlined-latin-wght-normal.woff2",
}
_CDN_FONT = re.compile(re.escape(FONT_CDN) + r"([^)\s'\"`]+)")
# Where the script fetches its words in the reader's language (unpkg.com/@sveltia/cms@VERSION/locales): admin/locales/
_CDN_LOCALES = re.compile(r"`\$\{\w+\}@\$\{\w+\}/locales`")
LOCALES = "locales"
# The modules the script imports from unpkg.com when a feature needs them -> admin/modules/NAME/PATH, from npm
# (installed with it, as its dependencies): immutable for the story preview (editor.js), exifr for pictures'
# details, turndown for pasting formatted text. Others (maps, SVG and HEIC pictures) are features the stories do not use.
MODULES = {"immutable": "dist/immutable.es.js", "exifr": "dist/lite.esm.mjs", "turndown": "lib/turndown.browser.es.js"}
_UNPKG = "`https://unpkg.com/${"
_CDN_MODULES = re.compile(r"(\w+)=(\w+)=>\{let (\w+)=`https://unpkg\.com/\$\{\2\}`,(\w+)=\w+\[\2\]\?\.replace\(/\^\\D/,``\);"
                          r"return \4\?`\$\{\3\}@\$\{\4\}`:\3\}")

# The site's policy (hooks/offer/csp.py) and what the editor needs beyond it, measured in chromium with the site's
# policy as a start (tests/test_editor.py fails on any violation but the two third-party requests named there):
POLICY = (
    "default-src 'self'",
    "script-src 'self'",  # no inline script: the page has none, and editor.js is a file
    "style-src 'self' 'unsafe-inline'",  # Svelte adds its components' <style> elements and style attributes at run time
    "img-src 'self' data: blob:",  # data: its icons; blob: pictures read through GitHub's API (not reached offline)
    "font-src 'self'",  # its fonts, served from admin/fonts/
    "connect-src 'self' data: https://api.github.com",  # GitHub's API for the backend; data: it fetches its own logo
    "frame-src blob:",  # the preview: a document Sveltia writes into a blob: URL and shows in a frame
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
)


class EditorMissing(Exception):
    """The editor's script is not in node_modules: the set-up has not run."""


@dataclass(frozen=True)
class EditorFiles:
    """Where the editor comes from (node_modules) and goes (the built site)."""

    node_modules: Path
    site_dir: Path

    def copy(self) -> None:
        """Copy the editor's script, chunk and fonts into admin/; raise EditorMissing with one line when set-up has not run."""
        sources = [PACKAGE / SCRIPT, *(PACKAGE / name for name in CHUNKS), *map(Path, FONTS.values()),
                   *(Path(name) / path for name, path in MODULES.items())]
        missing = next((self.node_modules / s for s in sources if not (self.node_modules / s).is_file()), None)
        if missing:
            raise EditorMissing(f"{missing} is missing: the story editor comes from npm; "
                                "run `make build` (or `npm ci --ignore-scripts`) to install it")
        admin = self.site_dir / FOLDER
        for name in CHUNKS:
            (admin / "chunks").mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.node_modules / PACKAGE / name, admin / "chunks" / Path(name).name)
        (admin / "fonts").mkdir(parents=True, exist_ok=True)
        for source in FONTS.values():
            shutil.copyfile(self.node_modules / source, admin / "fonts" / Path(source).name)
        shutil.copytree(self.node_modules / PACKAGE / LOCALES, admin / LOCALES, dirs_exist_ok=True)
        for name, path in MODULES.items():
            (admin / "modules" / name / path).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(self.node_modules / name / path, admin / "modules" / name / path)
        script = (self.node_modules / PACKAGE / SCRIPT).read_text(encoding="utf-8")
        (admin / Path(SCRIPT).name).write_text(served_locally(script), encoding="utf-8")


def served_locally(script: str) -> str:
    """The editor's script with its CDN fonts, words and modules pointing at admin/ (relative URLs: the page is in admin/).

    Raises EditorMissing when a new version of the editor names them differently, rather than reach the CDN.
    """
    def local(match: re.Match) -> str:
        if match.group(1) not in FONTS:
            raise EditorMissing(f"the story editor's script loads {match.group(0)}, a font the build does not serve; "
                                "add it to FONTS in hooks/offer/editor_page.py and its package to package.json")
        return "fonts/" + Path(FONTS[match.group(1)]).name
    script, found = _CDN_LOCALES.subn(f"`{LOCALES}`", _CDN_FONT.sub(local, script))
    # only near the address: a pattern that starts with a name is tried at every place in the 2 MB script (0.1 s a build)
    at = script.find(_UNPKG) if script.count(_UNPKG) == 1 else -1
    start, end = (max(0, at - 200), at + 400) if at >= 0 else (0, 0)
    near, modules = _CDN_MODULES.subn(lambda m: f"{m[1]}={m[2]}=>`./modules/${{{m[2]}}}`", script[start:end])  # relative to the script
    script = script[:start] + near + script[end:]
    if (found, modules) != (1, 1):
        raise EditorMissing(f"the story editor's script names its words' address {found} times and its modules' "
                            f"{modules} times, not once as hooks/offer/editor_page.py expects; "
                            "check where this version of Sveltia loads them from")
    return script


def policy() -> str:
    return "; ".join(POLICY)


SETUP = Path(__file__).with_name("editor.js")  # how story files are written, in the library's own style


_QUOTED_LINE = re.compile(r"""^[ \t]*(?:-[ \t]+)?([a-z_]+):[ \t]*["']""", re.M)


def quoted_fields(template: str) -> list[str]:
    """The fields the story template writes in quotes (its front matter): the editor quotes them too."""
    front = template.split("\n---", 1)[0]
    return sorted(set(_QUOTED_LINE.findall(front)))


def date_fields(fields: dict) -> list[str]:
    """The names of the date fields among `fields` (schema.py's), and in the records below them."""
    found = set()
    for name, field in fields.items():
        kind = getattr(field.type, "record", field.type)  # a list of records, or a record
        if isinstance(field.type, schema.Date):
            found.add(name)
        elif isinstance(kind, schema.Record):
            found.update(date_fields(kind.fields))
    return sorted(found)


def setup_script(stylesheets: list[str], quoted: list[str], story_page: dict, dates: list[str] = ()) -> str:
    """admin/editor.js: what the build knows, editor.js, then the site's own stylesheets for the preview (relative to admin/).

    `quoted`: fields the template quotes; `story_page`: preview_details, what a story page shows from the taxonomy;
    `dates`: the date fields, whose YYYY-MM-DD values are written bare (any other text like it is quoted).
    """
    calls = "".join(f"CMS.registerPreviewStyle({json.dumps(sheet)});\n" for sheet in stylesheets)
    return (f"const QUOTED = new Set({json.dumps(quoted)});  // quoted in the story template\n"
            f"const DATES = new Set({json.dumps(list(dates))});  // date fields\n"
            f"const PAGE = {json.dumps(story_page)};  // what a story page shows from the taxonomy (preview_details)\n"
            f"const DATE_NOTES = {json.dumps(DATE_NOTES)};  // what a story's date is, after it\n"
            + SETUP.read_text(encoding="utf-8") + "\n// The preview looks like the site: its own stylesheets.\n" + calls)


def preview_details(taxonomy: Taxonomy) -> dict:
    """What a story page shows from the taxonomy, for the preview:
    - details: for each group listed under Story details, (field, label, label for one term,
      {slug: (term's label, its link from a story's page)}, the slug a story naming none has), in the page's order;
    - badge: the badge group's (field, default slug, {slug: (label, description)}), or None;
    - team, team_set: the contact when a story names none, and whether the library has set it."""
    def link(group, slug: str) -> str:
        return href(story_uri("any"), page_url(term_uri(group, slug)))  # every story's page is as deep
    badge = taxonomy.badge_group()
    return {
        "details": [(g.field, g.label, g.singular, {t.slug: (t.label, link(g, t.slug)) for t in g.terms},
                     g.default_term and g.default_term.slug) for g in taxonomy.paged_groups() if g.field],
        "badge": badge and (badge.field, badge.default_term and badge.default_term.slug, {t.slug: (t.label, t.description) for t in badge.terms}),
        "team": taxonomy.team,
        "team_set": taxonomy.team_is_set,
    }


def page(site_name: str) -> str:
    """admin/index.html. Sveltia reads config.yml beside it (its default); editor.js runs after the editor's script."""
    title = html.escape(f"Story editor: {site_name}")
    text = f"""<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{policy()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, nofollow">
<title>{title}</title>
<script src="sveltia-cms.js"></script>
<script src="editor.js"></script>
</head>
<body>
<noscript><p>The story editor needs JavaScript. You can also edit stories on GitHub: see the contribute page.</p></noscript>
</body>
</html>
"""
    assert not inline_script_hashes(text)  # the policy allows no inline script
    return text


def stylesheets(site_dir: Path) -> list[str]:
    """The site's stylesheets as a page links them (Material's, then the library's), relative to admin/."""
    material = sorted(p.relative_to(site_dir).as_posix() for p in (site_dir / "assets" / "stylesheets").glob("main.*.min.css"))
    return [f"../{uri}" for uri in [*material, "assets/offer.css"] if (site_dir / uri).is_file()]


def write(site_dir: Path, node_modules: Path, site_name: str, taxonomy: Taxonomy, content_dir: Path) -> None:
    """Write admin/: the editor's scripts, its page and its set-up (the configuration, config.yml, is written apart).

    The story template in `content_dir`, if there is one, says which fields the editor quotes.
    """
    template_path = content_dir / TEMPLATE_FILE
    template = template_path.read_text(encoding="utf-8") if template_path.is_file() else ""
    EditorFiles(node_modules, site_dir).copy()
    (site_dir / FOLDER / "index.html").write_text(page(site_name), encoding="utf-8")
    script = setup_script(stylesheets(site_dir), quoted_fields(template), preview_details(taxonomy), date_fields(schema.story_fields(taxonomy)))
    (site_dir / FOLDER / "editor.js").write_text(script, encoding="utf-8")

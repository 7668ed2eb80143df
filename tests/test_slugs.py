"""The one slug rule (#23, item 3): `make new` names a story's file as the editor's form does.

The form's file name is made by Sveltia CMS's own code. Its npm package ships
that code's sources in its source map; `sveltia_slugs` runs them in Node with
the options the editor's configuration passes, so the comparison is with the
code the form runs, at the version installed. tests/test_editor.py makes
stories in the real form too.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import unicodedata
from pathlib import Path

import pytest
import yaml

from conftest import REPO, add_story, check, story_text
from offer import editor_config, slugs
from offer.loader import load_document
from offer.taxonomy import load_taxonomy

SOURCE_MAP = REPO / "node_modules" / "@sveltia" / "cms" / "dist" / "sveltia-cms.js.map"
SOURCES = {  # Sveltia's slug code in its source map (the path ends so) -> the module written here
    "src/lib/services/common/slug/index.js": "slug.mjs",
    "src/lib/services/common/slug/constants.js": "constants.mjs",
    "src/lib/services/utils/cache.js": "cache.mjs",
    "@sveltia/utils/dist/string.js": "string.mjs",
    "@sindresorhus/transliterate/index.js": "transliterate.mjs",
    "@sindresorhus/transliterate/replacements.js": "replacements.mjs",
    "@sindresorhus/transliterate/locale-replacements.js": "locale-replacements.mjs",
}
IMPORTS = {  # the bundler's names for those modules -> the files written here
    "'$lib/services/common/slug/constants'": "'./constants.mjs'", "'$lib/services/utils/cache'": "'./cache.mjs'",
    "'@sveltia/utils/string'": "'./string.mjs'", "'@sindresorhus/transliterate'": "'./transliterate.mjs'",
    "'./replacements.js'": "'./replacements.mjs'", "'./locale-replacements.js'": "'./locale-replacements.mjs'",
    "'@sveltia/utils/crypto'": "'./crypto.mjs'", "'$lib/services/config'": "'./config.mjs'",
}
# What Sveltia's fillTemplate (services/common/template) does with a "{{title}}" slug template: slugify the
# value whole, then cut the name at `maxlength` and drop a hyphen left at the end
FILL = """import { readFileSync } from 'node:fs';
import { slugify } from './slug.mjs';
import { truncate } from './string.mjs';
import { cmsConfig } from './config.mjs';
const { config, titles } = JSON.parse(readFileSync(0, 'utf8'));
cmsConfig.current = config;
const { maxlength } = config.slug;
const fill = (title) => {
  const slug = slugify(title, { maxLength: Infinity, fallback: false }).trim();
  return typeof maxlength === 'number' ? truncate(slug, maxlength, { ellipsis: '' }).replace(/-$/, '') : slug;
};
process.stdout.write(JSON.stringify(titles.map(fill)));
"""


def sveltia_slugs(titles: list[str], tmp_path: Path) -> list[str]:
    """The file names Sveltia's own code makes from these titles, with the editor's configuration."""
    config = editor_config.editor_config(load_taxonomy(REPO / "case_studies" / "taxonomy.yml"), None,
                                         editor_config.Site("Library", "https://example.org/", "case_studies", "o/r"))
    sources = json.loads(SOURCE_MAP.read_text(encoding="utf-8"))
    for ending, name in SOURCES.items():
        found = [text for path, text in zip(sources["sources"], sources["sourcesContent"]) if path.endswith(ending)]
        assert len(found) == 1, f"Sveltia's source map has no single {ending}: has its slug code moved?"
        for old, new in IMPORTS.items():
            found[0] = found[0].replace(old, new)
        (tmp_path / name).write_text(found[0], encoding="utf-8")
    (tmp_path / "crypto.mjs").write_text("export const generateUUID = () => 'random';\n")
    (tmp_path / "config.mjs").write_text("export const cmsConfig = { current: undefined };\n")
    (tmp_path / "fill.mjs").write_text(FILL)
    node = shutil.which("node")
    assert node, "Node is missing: `make test` installs it (scripts/ensure-command.sh node nodejs npm)"
    done = subprocess.run([node, str(tmp_path / "fill.mjs")], input=json.dumps({"config": {"slug": config["slug"]}, "titles": titles}),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


# ---------------------------------------------------------------------------
# The rule
# ---------------------------------------------------------------------------

@pytest.mark.parametrize("title, slug", [
    ("Café opens in Blair Atholl — Ōban's “best” ÉCOLE", "cafe-opens-in-blair-atholl-oban-s-best-ecole"),
    ("Fèis Rois comes to Àird", "feis-rois-comes-to-aird"),
    ("Ōban and Crìonlarach", "oban-and-crionlarach"),
    ("Naïve café façade in Comrie", "naive-cafe-facade-in-comrie"),
    ("Łódź, Øresund, Straße, Müller, Æsir", "lodz-oresund-strasse-mueller-aesir"),  # spelled out as Sveltia does
    ("Ce\u0301ilidh in Pitlochry", "ceilidh-in-pitlochry"),  # an accent typed as its own mark
])
def test_accents_fold_to_their_letters(title, slug):
    assert slugs.slug_for(title) == slug


@pytest.mark.parametrize("title, slug", [
    ("Perth & Kinross Council", "perth-kinross-council"),  # & is no word, as in the form
    ("Co_op and snake_case", "co_op-and-snake_case"),  # _ and ~ are kept, as in the form
    ("About ~50 volunteers", "about-~50-volunteers"),
    ("“Quoted” and ‘single’ — dashes – and - hyphens", "quoted-and-single-dashes-and-hyphens"),
    ("Men's Shed: what next? (2024/25)", "men-s-shed-what-next-2024-25"),
    ("1.2 and 4.1, 50% off, £5 or €5!", "1-2-and-4-1-50-off-5-or-e5"),
    ("  --Leading and trailing--  ", "leading-and-trailing"),
    ("caret^and`grave", "caretandgrave"),  # marks Sveltia drops without a break
])
def test_punctuation_and_signs(title, slug):
    assert slugs.slug_for(title) == slug


def test_a_long_title_is_cut_where_the_limit_falls_without_a_hyphen_at_the_end():
    words = "Participatory budgeting gives communities in Highland Perthshire a say in spending one percent of the budget"
    cut = slugs.slug_for(words)
    assert len(cut) == slugs.MAX_LENGTH and cut.endswith("-in-spendi")  # within a word, as the form cuts
    assert slugs.slug_for("a" * 79 + " b") == "a" * 79  # the cut leaves a hyphen: dropped
    assert slugs.slug_for("Ä" * 50) == "ae" * 40  # counted after spelling out


def test_every_slug_the_library_has_today_stays_as_it_is():
    names = [p.stem for p in (REPO / "case_studies").glob("[!_]*.md")]
    old = [s for p in (REPO / "case_studies").glob("[!_]*.md") for s in load_document(p, p.name).data.get("old_slugs", [])]
    taxonomy = load_taxonomy(REPO / "case_studies" / "taxonomy.yml")
    terms = [t.slug for g in taxonomy.groups.values() for t in g.terms] + [g.path for g in taxonomy.groups.values() if g.path]
    assert len(names) > 5 and len(old) > 5 and len(terms) > 20
    for slug in names + old + terms:
        assert slugs.slug_for(slug) == slug and slugs.SLUG.fullmatch(slug), slug
        assert slugs.problem(Path(f"{slug}.md")) is None, slug


def test_file_names_the_check_accepts_are_the_names_the_rule_makes():
    accepted = ["garden", "co_op", "~50-volunteers", "a-_-b", "a" * slugs.MAX_LENGTH]
    refused = ["index", "page", "_hidden", "Garden", "garden--party", "-garden", "garden-", "café", "a" * (slugs.MAX_LENGTH + 1)]
    assert [n for n in accepted if slugs.problem(Path(f"{n}.md"))] == []
    assert [n for n in refused if not slugs.problem(Path(f"{n}.md"))] == []
    assert all(slugs.slug_for(n) == n for n in accepted)
    said = slugs.problem(Path("Café & Bar.md"))
    assert said == '"Café & Bar.md" cannot be a web address; use lower-case letters, digits and hyphens, e.g. cafe-bar.md'


@pytest.mark.parametrize("old", ["index", "page"])
def test_an_old_address_cannot_be_one_of_the_librarys_own_pages(project, old):
    """Before: `make check` passed old_slugs: [index], and the build stopped, blaming a file nobody has."""
    add_story(project, "a-story", story_text(old_slugs=f"[earlier-name, {old}, index-2]"))
    problems = [str(p) for p in check(project).problems]
    assert problems == [f'case_studies/a-story.md:9: old_slugs: "{old}" is not in the right form; '
                        "write an earlier file name without .md, e.g. garden-project (not index or page)"]


# ---------------------------------------------------------------------------
# The same as Sveltia's own code, with the options the editor's configuration passes
# ---------------------------------------------------------------------------

AWKWARD = [
    "Café opens in Blair Atholl — Ōban's “best” ÉCOLE", "Fèis Àird & Co_op ~50", "Perth & Kinross-wide", "it's “quoted” ‘too’",
    "A–Z — and ‒ figure ― bar − minus ⁓ swung", "Tab\there, new\nline, no\u00a0break, thin\u2009space", "£2m for 50% more @home #1!",
    "Straße Müller Øre Łódź Æble Œuvre Þing Ðað Ħal ĳs ı", "naïve façade señor Ångström Crème brûlée", "a\u0301 e\u0308 i\u0300",
    "x^y`z ´ ¨ ¯ · ¸ ʼ ˆ ˜", "Mixed CASE Title", "[brackets] {braces} (parens) <angles> | pipes / slashes \\ back",
    "...dots... and ---dashes---", "__under__ ~~tilde~~", "€5 ¥5 ¢5 ₹5 ₿1", "Emoji 🎉 and ✓ ticks",
    "Participatory budgeting gives communities in Highland Perthshire a say over one percent of the budget",
    "a" * 79 + " b", "a" * 80 + "b", "Ä" * 50, "x" * 120,
]
ACROSS = [(0x1, 0x370), (0x1E00, 0x1F00), (0x2000, 0x20D0)]  # Latin letters, their marks, punctuation, currency


def test_the_rule_makes_the_names_sveltias_own_code_makes(tmp_path):
    titles = AWKWARD + [f"x{chr(c)}y {chr(c)}" for start, end in ACROSS for c in range(start, end)]
    made = sveltia_slugs(titles, tmp_path)
    differ = [(t, s, slugs.slug_for(t)) for t, s in zip(titles, made) if slugs.slug_for(t) != s]
    assert differ == [], "\n".join(f"{t!r} ({unicodedata.name(t[1], '?')}): Sveltia {s!r}, rule {r!r}" for t, s, r in differ[:20])
    assert made[0] == "cafe-opens-in-blair-atholl-oban-s-best-ecole"


def test_the_editor_is_given_the_rules_options():
    config = yaml.safe_load(editor_config.config_yaml(load_taxonomy(REPO / "case_studies" / "taxonomy.yml"), None,
                                                      editor_config.Site("Library", "https://example.org/", "case_studies", "o/r")))
    assert config["slug"] == {"encoding": "ascii", "clean_accents": True, "maxlength": slugs.MAX_LENGTH}
    assert config["collections"][0]["slug"]["template"] == "{{title}}"  # what sveltia_slugs fills


# ---------------------------------------------------------------------------
# make new
# ---------------------------------------------------------------------------

def make_new(project, title: str) -> subprocess.CompletedProcess:
    shutil.copy(REPO / "case_studies" / "_template.md", project.content_dir)
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(project.root), "new", title],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_make_new_names_an_accented_title_as_the_form_does(project):
    title = "Café opens in Blair Atholl — Ōban's “best” ÉCOLE"
    result = make_new(project, title)
    assert result.returncode == 0, result.stderr
    assert [p.name for p in project.content_dir.glob("[!_]*.md")] == ["cafe-opens-in-blair-atholl-oban-s-best-ecole.md"]


@pytest.mark.parametrize("title, said", [
    ("Index", '"index" is kept for the library\'s own pages; choose a different title'),
    ("_Hidden story", '"_hidden-story.md" cannot be a web address; choose a different title'),
    ("!!! ??? !!!", "give the story a title of at least five characters"),
])
def test_make_new_refuses_a_title_whose_name_cannot_be_an_address(project, title, said):
    result = make_new(project, title)
    assert result.returncode == 1 and said in result.stderr and "Traceback" not in result.stderr
    assert list(project.content_dir.glob("[!_]*.md")) == []


def test_the_writers_guide_gives_the_rules_limit():
    guide = (REPO / "docs" / "contribute.md").read_text(encoding="utf-8")
    assert f"stops at {slugs.MAX_LENGTH} characters" in " ".join(guide.split())

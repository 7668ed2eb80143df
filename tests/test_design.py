"""Tests that guard the design: groups are data, the core is plain Python without import cycles.

A group declared only in case_studies/taxonomy.yml gets everything a group gets;
removing or renaming one needs no code; each malformed declaration gets its
one-line message; the core never imports MkDocs and its modules import each
other in one direction only.
"""

from __future__ import annotations

import ast
import csv
import io
import json
import re

import pytest

from conftest import FIXTURE_TAXONOMY, REPO, TOPICS, add_story, add_topics, build, check, story_text
from offer import feeds, json_schema, open_data, render, slugs
from offer.taxonomy import TaxonomyError, load_taxonomy

CORE = REPO / "hooks" / "offer"

# ---------------------------------------------------------------------------
# A group declared only in YAML
# ---------------------------------------------------------------------------

def test_a_group_declared_only_in_the_taxonomy_gets_pages_feed_filter_coverage_schema_and_open_data(site):
    add_topics(site)
    add_story(site, "garden", story_text(topics="[allotments]"))
    build(site)
    out = site.root / "site"
    assert "Allotments" in (out / "topics" / "index.html").read_text()
    term_page = (out / "topics" / "allotments" / "index.html").read_text()
    assert "garden/" in term_page and "1 story" in term_page
    assert "<entry>" in (out / "topics" / "allotments" / "feed.xml").read_text()
    assert (out / "topics" / "libraries" / "feed.xml").is_file()  # a term no story uses yet still has its feed
    library = (out / "case-studies" / "index.html").read_text()
    assert 'name="topics" value="allotments"' in library and 'name="topics" value="libraries"' in library
    glance = (out / "coverage" / "index.html").read_text()
    assert 'id="offer-topics"' in glance and "Stories by topic" in glance and "?topics=allotments" in glance
    story_schema = json.loads((out / "schema" / "story.schema.json").read_text())
    assert story_schema["properties"]["topics"]["anyOf"][1]["items"]["enum"] == ["allotments", "libraries"]
    assert "topics" in story_schema["required"]
    header = next(csv.reader(io.StringIO((out / "data" / "stories.csv").read_text())))
    assert {"topics", "topics_labels"} <= set(header)
    row = json.loads((out / "data" / "stories.json").read_text())["stories"][0]
    assert (row["topics"], row["topics_labels"]) == (["allotments"], ["Allotments"])


def test_a_new_group_no_story_uses_yet_is_checked_and_built_without_a_traceback(project):
    add_topics(project, TOPICS.replace("    glance: bars\n", "    glance: bars\n    required: false\n"))
    add_story(project, "garden")
    content = check(project)
    assert content.ok, content.problems
    library = content.library("public")
    pages = {p.src_uri for p in render.all_pages(library)}
    assert {"topics/index.md", "topics/allotments.md", "topics/libraries.md"} <= pages
    assert "topics/allotments/feed.xml" in dict(feeds.all_feeds(library, "https://example.org/"))
    assert open_data.rows(library, "https://example.org/")[0]["topics"] == []


def test_a_story_using_a_new_group_is_checked_against_its_terms(project):
    add_topics(project)
    add_story(project, "garden", story_text(topics="[allotment]"))
    problems = [p.message for p in check(project).problems]
    assert problems == ['"allotment" is not a topic; use one of: allotments, libraries. Did you mean "allotments"?']


def test_a_renamed_group_needs_no_code(project):
    path = project.content_dir / "taxonomy.yml"
    path.write_text(path.read_text().replace("\n  kinds:\n", "\n  story-kinds:\n").replace("path: kinds\n", "path: story-kinds\n"))
    add_story(project, "garden")
    library = check(project).library("public")
    pages = {p.src_uri: p for p in render.all_pages(library)}
    assert "story-kinds/community-led.md" in pages and "kinds/community-led.md" not in pages
    assert 'id="offer-story-kinds"' in pages["coverage/index.md"].before
    assert library.stories[0].terms["story-kinds"] == ("community-led",)


# ---------------------------------------------------------------------------
# Removing a group
# ---------------------------------------------------------------------------

def without_priorities(project) -> None:
    path = project.content_dir / "taxonomy.yml"
    text = path.read_text()
    start, end = text.index("\n  priorities:\n"), text.index("\n  values:\n")
    path.write_text(text[:start] + text[end:])


def test_removing_a_group_and_its_lines_works(project):
    without_priorities(project)
    add_story(project, "garden")
    content = check(project)
    assert content.ok, content.problems
    library = content.library("public")
    assert not any(p.src_uri.startswith("priorities/") for p in render.all_pages(library))
    assert "priorities" not in json_schema.story_schema(content.taxonomy)["properties"]
    assert "priorities" not in open_data.rows(library, "https://example.org/")[0]


def test_a_story_still_naming_a_removed_group_gets_a_clear_message(project):
    without_priorities(project)
    add_story(project, "garden", story_text(priorities="[reducing-poverty]"))
    problems = [str(p) for p in check(project).problems]
    assert len(problems) == 1 and problems[0].startswith('case_studies/garden.md:')
    assert ': priorities: "priorities" is not a field we know' in problems[0]


def test_a_page_naming_a_removed_group_stops_the_build_with_one_line(site):
    without_priorities(site)
    add_story(site, "garden")
    (site.docs_dir / "index.md").write_text("---\ntitle: Home\n---\n\n# Home\n\n<!-- offer:terms priorities -->\n")
    result = build(site, fails=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert ('docs/index.md:7: offer:terms: no group "priorities" with pages in the taxonomy; use one of: '
            "kinds, localities, principles, themes, or remove the marker") in result.stderr


# ---------------------------------------------------------------------------
# Malformed declarations: one line each, with what is allowed
# ---------------------------------------------------------------------------

MALFORMED = [
    ("    many: yes\n", "groups.topics.many: many must be true or false; found 'yes'"),
    ("    required: 1\n", "groups.topics.required: required must be true or false; found 1"),
    ("    glance: pie\n", "groups.topics.glance: glance must be one or more of: map, rows, columns, bars (e.g. glance: [map, columns]); found 'pie'"),
    ("    feed: true\n", 'groups.topics.feed: "feed" is not something a group can declare; did you mean "feeds"?'),
    ("    colour: red\n", 'groups.topics.colour: "colour" is not something a group can declare; a group may have:'),
    ("    card: true\n", "groups.topics.card: only one group can be shown on cards; localities already is"),
    ("    glance: [map]\n", "groups.topics.glance: only one group can be the map; localities already is"),
]


@pytest.mark.parametrize("line, message", MALFORMED, ids=[m[0].strip() for m in MALFORMED])
def test_each_malformed_declaration_gets_its_one_line_message(project, line, message):
    add_topics(project, TOPICS.replace("    glance: bars\n", line))
    problems = [str(p) for p in check(project).problems]
    assert len(problems) == 1, problems
    assert re.fullmatch(r"case_studies/taxonomy\.yml:\d+: .*", problems[0])
    assert message in problems[0]


@pytest.mark.parametrize("change, message", [
    (("    field: topics\n", ""), "groups.topics.path: path needs a field: add field: topics"),
    (("    path: topics\n", ""), "groups.topics.feeds: feeds: true needs term pages; add path: topics, or set feeds: false"),
    (("field: topics", "field: Topics!"), "groups.topics.field: field must be lower-case letters, digits and underscores"),
    (("field: topics", "field: title"), 'groups.topics.field: "title" is already a field every story has for something else'),
    (("field: topics", "field: themes"), 'groups.topics.field: field "themes" is also used by group themes'),
])
def test_declarations_that_do_not_fit_together_are_named(tmp_path, change, message):
    path = tmp_path / "taxonomy.yml"
    path.write_text(FIXTURE_TAXONOMY.read_text().replace("\n  values:", TOPICS.replace(*change) + "\n  values:"))
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path, "taxonomy.yml", reserved=frozenset({"title"}))
    assert any(message in str(p) for p in error.value.problems), error.value.problems


def test_todays_taxonomy_declares_what_the_site_has_always_done():
    taxonomy = load_taxonomy(FIXTURE_TAXONOMY)  # the taxonomy as it was when the groups became data
    groups = taxonomy.groups
    assert [g.key for g in taxonomy.feed_groups()] == ["themes", "localities"]
    assert taxonomy.card_group().key == "localities"
    assert (groups["kinds"].many, groups["priorities"].required) == (False, False)
    assert [g.key for g in taxonomy.glance("bars")] == ["kinds"]
    assert groups["values"].field is None and groups["values"] not in taxonomy.paged_groups()


# ---------------------------------------------------------------------------
# The core: no MkDocs, no import cycles, no name shared with a script
# ---------------------------------------------------------------------------

def core_imports() -> dict[str, set[str]]:
    """Each core module -> what it imports: core modules by name, anything else as "ext:NAME"."""
    graph = {}
    for path in CORE.glob("*.py"):
        found = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.level:
                found |= {node.module} if node.module else {a.name for a in node.names}
            elif isinstance(node, ast.ImportFrom):
                found.add("ext:" + node.module.split(".")[0])
            elif isinstance(node, ast.Import):
                found |= {"ext:" + a.name.split(".")[0] for a in node.names}
        graph[path.stem] = {name.split(".")[0] for name in found}
    return graph


def test_no_core_module_imports_mkdocs_or_jinja():
    assert {m: i for m, i in core_imports().items() if i & {"ext:mkdocs", "ext:jinja2", "ext:material"}} == {}


def find_cycles(graph: dict[str, set[str]]) -> list[tuple[str, ...]]:
    """Every import cycle found by walking from each module: ("a", "b", "a") for a -> b -> a."""
    def cycle_from(module: str, path: tuple[str, ...]) -> tuple[str, ...] | None:
        if module in path:
            return path[path.index(module):] + (module,)
        for imported in sorted(graph.get(module, ())):
            if found := cycle_from(imported, path + (module,)):
                return found
        return None

    return [c for m in graph if (c := cycle_from(m, ()))]


def test_the_cores_imports_have_no_cycle():
    graph = {m: {i for i in imports if not i.startswith("ext:")} for m, imports in core_imports().items()}
    assert "coverage" in graph["render"]  # the graph really was read
    assert find_cycles(graph) == []


def test_the_cycle_check_finds_a_cycle():
    """render imported coverage, and coverage imported render back, before the split."""
    assert find_cycles({"render": {"coverage", "model"}, "coverage": {"render"}, "model": set()})[0] == ("render", "coverage", "render")


def test_no_script_shares_a_name_with_a_core_package():
    packages = {p.name for p in (REPO / "hooks").iterdir() if (p / "__init__.py").is_file()}
    modules = {p.stem for p in (REPO / "hooks").glob("*.py")}
    scripts = {p.stem for p in (REPO / "scripts").glob("*.py")}
    assert packages and scripts & (packages | modules) == set()


# ---------------------------------------------------------------------------
# Hand-written descriptions of the fields follow the taxonomy
# ---------------------------------------------------------------------------

def test_the_contribute_pages_field_table_names_real_fields_in_order_and_every_term_field(taxonomy):
    from offer import schema

    text = (REPO / "docs" / "contribute.md").read_text()
    listed = re.findall(r"^\| `([a-z_]+)` \|", text[text.index("| Field | What to write |"):], re.M)
    fields = list(schema.story_fields(taxonomy))
    assert listed == [name for name in fields if name in listed], "the table's fields, in the schema's order"
    assert {g.field for g in taxonomy.story_groups()} | {n for n, f in schema.story_fields(taxonomy).items() if f.required} <= set(listed)


def test_the_template_make_new_copies_has_each_term_field_with_all_its_slugs(taxonomy):
    text = (REPO / "case_studies" / "_template.md").read_text()
    for group in taxonomy.story_groups():
        match = re.search(rf"((?:^#.*\n)+)^{group.field}:", text, re.M)
        assert match, f"the template has no {group.field}: line"
        named = re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+|[a-z0-9]+", match.group(1).split(":", 1)[1])
        assert [s for s in named if group.term(s)] == group.slugs, group.key


# ---------------------------------------------------------------------------
# Knowledge in one place
# ---------------------------------------------------------------------------

def test_the_date_pattern_json_schema_uses_covers_exactly_the_validators_years():
    from offer import schema

    accepted = {year for year in range(1000, 3000) if re.fullmatch(schema.Date.PATTERN, f"{year}-05-01")}
    assert accepted == set(range(schema.Date.FIRST_YEAR, schema.Date.LAST_YEAR + 1))


def test_the_cross_field_rules_are_declared_once_and_the_json_schema_is_made_from_them(taxonomy):
    from offer import schema

    document = json_schema.story_schema(taxonomy)
    consent = document["properties"]["consent"]
    assert consent["if"]["properties"]["basis"]["const"] == "register"
    assert consent["then"]["required"] == list(schema.CONSENT_SHAPES.fields)
    assert consent["else"]["then"]["properties"] == dict.fromkeys(schema.CONSENT_SHAPES.fields, False)
    assert document["then"] == {"properties": {"consent": {"properties": {"scope": {"not": {"const": "staff"}}}}}}
    source = (CORE / "validate.py").read_text() + (CORE / "json_schema.py").read_text()
    assert '("reference", "scope", "review_by")' not in source and '== "staff"' not in source  # the rules live in schema.py only


def test_the_slug_rule_is_written_once():
    rules = [re.escape(slugs.SLUG.pattern), re.escape("[a-z0-9]+(?:-[a-z0-9]+)*"), r"\[\^a-z0-9\]\+.{0,9}, \"-\""]
    places = [p.name for p in CORE.glob("*.py") if any(re.search(rule, p.read_text()) for rule in rules)]
    assert places == ["slugs.py"]


def test_a_nav_entry_or_link_to_a_removed_groups_pages_stops_the_build_with_a_clear_message(site):
    without_priorities(site)
    add_story(site, "garden")
    config = site.root / "mkdocs.yml"
    config.write_text(config.read_text() + "  - Priorities: priorities/index.md\n")
    (site.docs_dir / "about.md").write_text("---\ntitle: About\n---\n\n# About\n\nBrowse stories [by priority](priorities/index.md).\n")
    result = build(site, fails=True)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "A reference to 'priorities/index.md' is included in the 'nav' configuration, which is not found" in result.stderr
    assert "Doc file 'about.md' contains a link 'priorities/index.md', but the target is not found" in result.stderr



def test_make_new_writes_a_line_for_a_group_the_template_does_not_name_yet(project):
    import shutil
    import subprocess
    import sys

    add_topics(project)
    shutil.copy(REPO / "case_studies" / "_template.md", project.content_dir)
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(project.root), "new", "Allotments in Crieff"],
                            capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)
    assert result.returncode == 0, result.stderr
    text = (project.content_dir / "allotments-in-crieff.md").read_text()
    assert "# One or more topics: allotments, libraries\ntopics: []\n\nstatus: draft" in text
    assert text.count("\nthemes:") == 1  # groups the template names are left as written


def test_architecture_md_names_every_core_module():
    text = (REPO / "ARCHITECTURE.md").read_text()
    assert [p.name for p in sorted(CORE.glob("*.py")) if p.stem != "__init__" and f"`{p.name}`" not in text] == []


# ---------------------------------------------------------------------------
# The adapter leans on MkDocs' public interface only (ProperDocs, its fork, keeps that)
# ---------------------------------------------------------------------------

HOOK_FILES = sorted((REPO / "hooks").rglob("*.py"))


def _private_attributes_used(tree: ast.AST) -> set[str]:
    return {node.attr for node in ast.walk(tree) if isinstance(node, ast.Attribute)
            and node.attr.startswith("_") and not node.attr.startswith("__")}


def _names_defined(tree: ast.AST) -> set[str]:
    names = {node.name for node in ast.walk(tree) if isinstance(node, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))}
    names |= {target.attr for node in ast.walk(tree) if isinstance(node, (ast.Assign, ast.AnnAssign))
              for target in (node.targets if isinstance(node, ast.Assign) else [node.target]) if isinstance(target, ast.Attribute)}
    return names


def test_nothing_in_hooks_uses_a_private_name_of_another_project():
    """Every `x._name` in hooks/ is a name our own code defines; nothing private is imported."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in HOOK_FILES}
    ours = set().union(*map(_names_defined, trees.values()))
    foreign = {f"{path.relative_to(REPO)}: {name}" for path, tree in trees.items() for name in _private_attributes_used(tree) - ours}
    imported = {f"{path.relative_to(REPO)}: {alias.name}" for path, tree in trees.items() for node in ast.walk(tree)
                if isinstance(node, ast.ImportFrom) for alias in node.names if alias.name.startswith("_")}
    assert foreign | imported == set()
    assert not _private_attributes_used(ast.parse("build._populate_page(page)")) <= ours  # the check can fail


def test_the_hooks_log_only_as_a_plugin_and_never_reach_into_mkdocs_build():
    """MkDocs and ProperDocs count warnings of `mkdocs.plugins.*` loggers in --strict; others can be missed."""
    text = "\n".join(path.read_text(encoding="utf-8") for path in HOOK_FILES)
    assert re.findall(r"getLogger\(([^)]*)\)", text) == ['"mkdocs.plugins.offer"']
    assert re.findall(r"\._?(?:populate|build)_page|mkdocs\.commands\.build", text) == []

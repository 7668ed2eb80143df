"""Properties that hold for any input (Hypothesis), not only the examples written down elsewhere.

- any bytes saved as a story file give a valid story or a list of problems, never an exception;
- so does any mapping of YAML-typed values as front matter;
- every problem names its file and a line inside it;
- sanitising twice gives the same HTML as sanitising once.

Example counts are kept modest (the "offer" profile) so `make test` stays quick;
set HYPOTHESIS_PROFILE=thorough to look harder.
"""

from __future__ import annotations

import os
import string

import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import FIXTURE_TAXONOMY, REPO, TODAY, VALID_STORY
from offer import sanitize, schema
from offer.content import Project, load_content
from offer.taxonomy import load_taxonomy

settings.register_profile("offer", max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("thorough", max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "offer"))

STORY_FILE = "a-story.md"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Project:
    """One project for every example (Hypothesis runs many examples per test); the story file is rewritten each time."""
    root = tmp_path_factory.mktemp("properties")
    (root / "case_studies").mkdir()
    (root / "docs" / "toolkit").mkdir(parents=True)
    (root / "case_studies" / "taxonomy.yml").write_bytes(FIXTURE_TAXONOMY.read_bytes())  # as the field strategies below
    return Project.at(root)


def load_story_file(project: Project, raw: bytes):
    """Save `raw` as the project's only story and check everything, as `make check` does."""
    (project.content_dir / STORY_FILE).write_bytes(raw)
    return load_content(project, today=TODAY)


def assert_story_or_problems(content) -> None:
    """A valid story and no errors, or no story and at least one error."""
    errors = [p for p in content.problems if p.is_error]
    assert (len(content.stories) == 1 and not errors) or (not content.stories and errors), content.problems


def assert_problems_name_file_and_line(content, raw: bytes) -> None:
    lines = raw.count(b"\n") + raw.count(b"\r") + 1  # the most lines any reading of the bytes can have
    for problem in content.problems:
        assert problem.path == f"case_studies/{STORY_FILE}", problem
        assert 1 <= problem.line <= lines, f"line {problem.line} of a {lines}-line file: {problem}"
        assert str(problem).startswith(f"case_studies/{STORY_FILE}:{problem.line}: "), problem


# ---------------------------------------------------------------------------
# Any bytes
# ---------------------------------------------------------------------------

VALID = VALID_STORY.encode()


@st.composite
def damaged_story(draw) -> bytes:
    """The valid story with a stretch replaced by other bytes: most of it still parses, so the damage goes deep."""
    start = draw(st.integers(0, len(VALID)))
    end = draw(st.integers(start, min(len(VALID), start + 40)))
    patch = draw(st.one_of(st.binary(max_size=20), st.text(max_size=20).map(str.encode),
                           st.sampled_from([b"\n", b"---\n", b": ", b"- ", b"&a *a", b"!!python/object ", b"\xef\xbb\xbf", b"\r\n", b"[", b"{"])))
    return VALID[:start] + patch + VALID[end:]


any_bytes = st.one_of(st.binary(max_size=400), damaged_story())


@given(raw=any_bytes)
def test_any_bytes_as_a_story_file_give_a_story_or_problems_never_an_exception(project, raw):
    assert_story_or_problems(load_story_file(project, raw))


# ---------------------------------------------------------------------------
# Any mapping of YAML-typed values as front matter
# ---------------------------------------------------------------------------

class _NoAliases(yaml.SafeDumper):
    def ignore_aliases(self, data):  # the loader refuses aliases; a repeated value is written out again
        return True


yaml_scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.dates(), st.text(max_size=60),
                         st.sampled_from(["yes", "no", "2020-06-01", "perth-city", "economy", "public", "draft", "https://example.org"]))
yaml_values = st.recursive(yaml_scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                                 st.dictionaries(st.text(string.ascii_lowercase + "_", max_size=12), inner, max_size=4)),
                           max_leaves=12)
field_names = st.one_of(st.sampled_from(sorted(schema.story_fields(load_taxonomy(FIXTURE_TAXONOMY)))), st.text(max_size=15))
VALID_FIELDS = yaml.safe_load(VALID_STORY.split("---")[1])


@st.composite
def yaml_front_matter(draw) -> bytes:
    """A story file whose front matter is any mapping of YAML values, often over the valid story's fields (the checks go deeper)."""
    fields = draw(st.dictionaries(field_names, yaml_values, max_size=8))
    data = {**VALID_FIELDS, **fields} if draw(st.booleans()) else fields
    front = yaml.dump(data, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\nThe story's text.\n".encode()


@given(raw=yaml_front_matter())
def test_any_yaml_front_matter_gives_a_story_or_problems_never_an_exception(project, raw):
    assert_story_or_problems(load_story_file(project, raw))


# ---------------------------------------------------------------------------
# Every problem says where it is
# ---------------------------------------------------------------------------

@given(raw=st.one_of(any_bytes, yaml_front_matter()))
def test_every_problem_names_its_file_and_a_line_inside_it(project, raw):
    assert_problems_name_file_and_line(load_story_file(project, raw), raw)


# ---------------------------------------------------------------------------
# Sanitising is idempotent
# ---------------------------------------------------------------------------

TAGS = ["a", "p", "script", "img", "table", "td", "th", "span", "div", "iframe", "style", "svg", "details", "form", "b", "time"]
ATTRS = ["href", "src", "onerror", "onclick", "style", "class", "id", "title", "alt", "rel", "colspan", "datetime", "hidden"]
VALUES = st.one_of(st.text(max_size=20), st.sampled_from(["javascript:alert(1)", "https://example.org", "../a/", "text-align: center",
                                                          "display:none", "mailto:a@b.c", "data:text/html,x", "x\" onload=\"y"]))


@st.composite
def html_fragments(draw) -> str:
    """Markup built from allowed and refused tags and attributes, text with &, < and >, comments and broken tags."""
    parts = []
    for _ in range(draw(st.integers(1, 8))):
        tag, attrs = draw(st.sampled_from(TAGS)), draw(st.lists(st.tuples(st.sampled_from(ATTRS), VALUES), max_size=3))
        attributes = "".join(f' {name}="{value}"' for name, value in attrs)
        inner = draw(st.one_of(st.text(max_size=15), st.sampled_from(["&amp;", "&lt;b&gt;", "<!-- c -->", "<", "&", "<b", "&#x3c;"])))
        parts.append(draw(st.sampled_from([f"<{tag}{attributes}>{inner}</{tag}>", f"<{tag}{attributes}>{inner}", inner])))
    return "".join(parts)


@given(html=st.one_of(html_fragments(), st.text(max_size=200)))
@example(html="<a><table><a></a>")  # found by the thorough profile: the parser nests the links, and the output reads back otherwise
def test_sanitising_twice_gives_what_sanitising_once_gives(html):
    once = sanitize.clean(html)
    assert sanitize.clean(once) == once

"""Small pure parts of the core: links between pages, the taxonomy, the model."""

from __future__ import annotations

import pytest

from conftest import REPO, add_story, check, story_text
from offer.addresses import href, page_url
from offer.taxonomy import TaxonomyError, load_taxonomy


@pytest.mark.parametrize("src_uri, url", [
    ("index.md", ""), ("about.md", "about/"), ("themes/index.md", "themes/"),
    ("themes/economy.md", "themes/economy/"), ("themes/economy/page/2.md", "themes/economy/page/2/"),
])
def test_page_urls_follow_mkdocs_directory_urls(src_uri, url):
    assert page_url(src_uri) == url


@pytest.mark.parametrize("src_uri, target, expected", [
    ("case-studies/a.md", "themes/economy/", "../../themes/economy/"),
    ("index.md", "case-studies/a/", "case-studies/a/"),
    ("case-studies/a.md", "", "../../"),
    ("case-studies/a.md", "case-studies/images/x.jpg", "../images/x.jpg"),
    ("themes/economy/page/2.md", "themes/economy/", "../../"),
])
def test_relative_links(src_uri, target, expected):
    assert href(src_uri, target) == expected


def test_relative_links_agree_with_posixpath_relpath():
    """href is a faster relpath: every page kind to every kind of target gives the same link."""
    import itertools
    import posixpath

    pages = ["index.md", "about.md", "case-studies/index.md", "case-studies/a-story.md", "case-studies/page/2.md",
             "themes/index.md", "themes/economy.md", "themes/economy/page/3.md", "toolkit/think-yes.md", "search.md"]
    targets = ["", "case-studies/", "case-studies/a-story/", "case-studies/feed.xml", "case-studies/images/a.jpg",
               "themes/", "themes/economy/", "themes/economy/page/2/", "toolkit/think-yes/", "assets/offer.css"]
    for page, target in itertools.product(pages, targets):
        expected = posixpath.relpath("/" + target, "/" + page_url(page))
        assert href(page, target) == (expected + "/" if target.endswith("/") or target == "" else expected), (page, target)


def test_the_personal_data_scan_finds_what_a_whole_text_scan_finds():
    """Only paragraphs with a digit are scanned for numbers: random texts of digits, capitals,
    spaces and blank lines give the same findings as running each pattern over the whole text."""
    import random

    from offer import privacy

    def whole_text(text):
        found = [(m.start(), m.group(0).strip(), advice) for pattern, advice in privacy._NEEDS_A_DIGIT for m in pattern.finditer(text)]
        return sorted(found)

    pieces = ["0", "7", "1", "44", "+", " ", "-", "\n", "\n\n", "\n\n\n", "AB", "PH", "5", "C", "word", "(0)", "07700 900123", "PH1 5PH", "AB 12 34 56 C"]
    rng = random.Random(7)
    flagged = 0
    for _ in range(20_000):
        text = "".join(rng.choice(pieces) for _ in range(rng.randint(1, 14)))
        found = [(f.offset, f.text, f.advice) for f in privacy.find_personal_data(text, ())]
        assert found == whole_text(text), repr(text)
        flagged += bool(found)
    assert flagged > 2_000  # the texts really do hold numbers to find

def test_the_real_taxonomy_has_the_offers_vocabulary(taxonomy):
    # no term counts here: an editor adding a term (as the README invites) must not break a test
    assert {"themes", "localities", "principles", "kinds", "priorities", "values"} <= set(taxonomy.groups)
    assert all(group.terms for group in taxonomy.groups.values())
    assert taxonomy.aim == "Working together so everyone in Perth and Kinross can live life well"
    assert [t.slug for t in taxonomy.groups["localities"].terms if t.wide] == ["perth-and-kinross-wide"]
    assert all(t.places for t in taxonomy.groups["localities"].terms if not t.wide)
    assert all(t.description for g in taxonomy.groups.values() for t in g.terms)


def test_a_label_can_repeat_across_groups(taxonomy):
    # "Enabling" is both a theme and a principle; each field suggests from its own group
    assert taxonomy.groups["themes"].suggest("Enabling")[0].slug == "enabling"
    assert taxonomy.groups["principles"].suggest("Enabling")[0].slug == "think-yes"


def test_every_place_belongs_to_one_locality(taxonomy):
    places = [p.lower() for t in taxonomy.groups["localities"].terms for p in t.places]
    assert len(places) == len(set(places))


def test_taxonomy_problems_are_all_listed(tmp_path):
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "aim: x\ngroups:\n  themes:\n    label: Themes\n    singular: Theme\n    description: d\n    terms:\n"
        "      - slug: one\n        label: One\n        description: d\n"
        "      - slug: one\n        label: Again\n        description: d\n"
        "      - slug: Two\n        label: Two\n"
    )
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path, "taxonomy.yml")
    assert [str(p) for p in error.value.problems] == [
        'taxonomy.yml:14: groups.themes.terms.2.slug: slug "Two" must be lower-case letters, digits and hyphens',
        "taxonomy.yml:14: groups.themes.terms.2.description: needs a description (text)",
        'taxonomy.yml:11: groups.themes.terms.1.slug: slug "one" is used twice in themes; slugs must be unique within a group',
    ]



def test_a_default_term_in_a_required_group_is_refused(tmp_path):
    """A required group's field is refused when missing before a default could fill it in: the default would never apply."""
    path = tmp_path / "taxonomy.yml"
    path.write_text(
        "aim: x\ngroups:\n  themes:\n    label: Themes\n    singular: Theme\n    description: d\n    field: themes\n    terms:\n"
        "      - slug: one\n        label: One\n        description: d\n        default: true\n"
    )
    with pytest.raises(TaxonomyError) as error:
        load_taxonomy(path, "taxonomy.yml")
    assert [str(p) for p in error.value.problems] == [
        "taxonomy.yml:12: groups.themes.terms.0.default: themes is required, so every story names its own and a default is never used; "
        "remove default: true, or add required: false to the group"]
    path.write_text(path.read_text().replace("    field: themes\n", "    field: themes\n    required: false\n"))
    assert load_taxonomy(path, "taxonomy.yml").groups["themes"].default_term.slug == "one"

def test_library_indexes_each_term_newest_first(project):
    add_story(project, "old", story_text(date="2019-01-01", themes="[economy, environment]"))
    add_story(project, "new", story_text(date="2022-01-01", themes="[economy]"))
    library = check(project).library("public")
    assert [s.slug for s in library.stories_for("themes", "economy")] == ["new", "old"]
    assert [s.slug for s in library.stories_for("themes", "environment")] == ["old"]
    assert library.stories_for("themes", "education-learning") == ()


def test_the_real_taxonomy_file_is_what_the_build_reads():
    assert load_taxonomy(REPO / "case_studies" / "taxonomy.yml").groups["themes"].path == "themes"


def test_a_memo_reuses_unchanged_stories_and_notices_edits_and_new_pictures(project):
    """Under `mkdocs serve` unchanged stories are not read again; what changes is still seen."""
    import os

    from PIL import Image

    from conftest import TODAY, VALID_STORY
    from offer.content import load_content
    from offer.memo import FileMemo as Memo

    memo = Memo()
    first = add_story(project, "first")
    pictured = add_story(project, "pictured", VALID_STORY.replace("consent:", "image:\n  src: garden.jpg\n  alt: A garden\nconsent:"))
    content = load_content(project, today=TODAY, memo=memo)
    assert [p.field for p in content.problems] == ["image.src"]  # the picture is not there yet
    kept = next(s for s in load_content(project, today=TODAY, memo=memo).stories if s.slug == "first")
    assert kept is next(s for s in content.stories if s.slug == "first")  # the same object: not read again

    first.write_text(story_text(title="A new headline"))
    os.utime(first, ns=(first.stat().st_mtime_ns + 10**9,) * 2)  # later, whatever the clock's grain
    Image.new("RGB", (8, 8), "green").save(pictured.parent / "garden.jpg")
    content = load_content(project, today=TODAY, memo=memo)
    assert content.problems == ()
    assert {s.slug: s.title for s in content.stories}["first"] == "A new headline"


def test_only_stories_that_cannot_be_loaded_count_as_broken(project):
    """A preview shows these stories' problems at their addresses; any other error stops it as a build stops."""
    add_story(project, "fine")
    add_story(project, "broken", story_text(date="2025-13-01", themes="[enviroment]"))
    broken = check(project).broken_stories()
    assert list(broken) == ["case_studies/broken.md"] and [p.field for p in broken["case_studies/broken.md"]] == ["date", "themes"]
    (project.content_dir / "2020").mkdir()
    add_story(project, "2020/fine")  # loads, but its address clashes with another story's
    assert check(project).broken_stories() is None
    (project.content_dir / "2020" / "fine.md").unlink()
    (project.docs_dir / "toolkit" / "page.md").write_text("---\ntitle: x\n---\nText\n")  # a toolkit page, not a story
    assert check(project).broken_stories() is None

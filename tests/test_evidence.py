"""The real library shows its evidence: where in each paper a story's facts are, what its date
means, and that merged stories' old addresses still work and nothing links to them any more."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import sys

import pytest

from conftest import REPO
from offer.content import Project, load_content
from offer.story_pages import DATE_NOTES

# The stories merged into others when the starter library was checked against the papers (issue 17)
MERGED = {
    "stories-of-place": ["story-of-place-perth-city", "story-of-place-highland-perthshire", "story-of-place-eastern-perthshire",
                         "story-of-place-strathearn-strathallan", "story-of-place-kinross-shire-almond-earn"],
    "communities-in-the-pandemic": ["neighbours-and-new-groups-in-lockdown", "volunteers-help-vulnerable-people",
                                    "keeping-children-learning-at-home", "looking-after-homes-and-greenspace"],
    "staff-think-yes-in-lockdown": ["going-digital-to-stay-in-touch"],
    "partners-agree-five-priorities": ["food-share-network", "digital-hubs-in-libraries", "minority-ethnic-communities-and-work"],
    "building-the-offer-framework": ["explaining-the-offer-in-plain-english", "young-carers-equalities-and-climate"],
}


@pytest.fixture(scope="module")
def content():
    loaded = load_content(Project.at(REPO), today=dt.date.today())
    assert loaded.ok, [str(p) for p in loaded.problems]
    return loaded


def published(content):
    return [s for s in content.stories if s.status == "published"]


def test_every_published_story_says_where_in_each_paper_its_facts_are(content):
    missing = [f"{s.display}: {source.title}" for s in published(content) for source in s.sources if not source.section]
    assert published(content) and missing == []


def test_every_published_story_says_what_its_date_is(content):
    """The trap this library fell into: a story dated the day of its paper, as if it happened then.
    Such a date says it is the report's; a date that starts a period has the period in the text."""
    for story in published(content):
        if story.date in {source.date for source in story.sources}:
            assert story.date_is == "reported", f"{story.display}: dated the day of a paper; set date_is: reported or the real date"
        if story.date_is == "started":
            assert re.search(r"\b(from|between|since)\b", story.summary + story.body, re.I), f"{story.display} gives no period"


def test_merged_stories_keep_their_addresses(content):
    by_slug = {s.slug: s for s in content.stories}
    for target, old in MERGED.items():
        assert set(old) <= set(by_slug[target].old_slugs), target
        assert not set(old) & set(by_slug), f"{target}: an old story file is still there"


def test_old_addresses_lead_to_the_stories_they_went_into(real_site):
    for target, old in MERGED.items():
        for slug in old:
            html = (real_site / "case-studies" / slug / "index.html").read_text(encoding="utf-8")
            assert "This story has moved" in html and f"../{target}/" in html, slug


def test_nothing_links_to_an_old_address(content):
    old = {slug for s in content.stories for slug in s.old_slugs}
    pages = [*REPO.joinpath("docs").rglob("*.md"), *REPO.joinpath("case_studies").glob("*.md")]
    links = [(p.name, m) for p in pages for m in re.findall(r"case-studies/([a-z0-9-]+)\.md|\]\(([a-z0-9-]+)\.md\)", p.read_text())]
    assert [(page, slug) for page, found in links for slug in found if slug in old] == []


def test_a_story_page_shows_where_and_what_its_date_is(real_site):
    html = (real_site / "case-studies" / "stories-of-place" / "index.html").read_text(encoding="utf-8")
    about = html.split('id="offer-about-heading"', 1)[1]
    assert DATE_NOTES["reported"] in about
    assert "Where: 2.1 Context, 2.2 Implementation" in about
    started = (real_site / "case-studies" / "learning-from-other-councils" / "index.html").read_text(encoding="utf-8")
    assert DATE_NOTES["started"] in started and "Between February and April 2016" in started


def test_the_librarys_own_advice_and_outside_facts_say_so(content):
    """Toolkit advice reads as the library's suggestion; locality names, from outside the papers, say where they come from."""
    for page in sorted((REPO / "docs" / "toolkit").glob("*.md")):
        assert "the library's own suggested practice" in " ".join(page.read_text(encoding="utf-8").split()), page.name
    places = [t for g in content.taxonomy.groups.values() for t in g.terms if t.places]
    assert places
    for term in places:
        assert "from public knowledge" in term.description, term.slug
    about = " ".join((REPO / "docs" / "about.md").read_text(encoding="utf-8").split())
    assert "calls these partnerships Local Community Planning Partnerships" in about


@pytest.mark.parametrize("heading", ["## What happened", "## What difference it made", "## What others can learn"])
def test_every_published_story_says_what_happened_what_it_changed_and_what_to_learn(content, heading):
    for story in published(content):
        assert re.search(rf"^{heading}\s*$", story.body, re.M), f"{story.display} has no '{heading}'"
        if heading.endswith("learn"):
            assert "our suggestions, not findings" in story.body.split(heading, 1)[1], story.display


# --- honest labels (issue 26): a case study shows what happened; anything else is background ---------

def type_of(story) -> str:
    return story.terms_in("types")[0]


def test_every_published_story_is_a_case_study_with_its_evidence_or_background(content):
    stories = published(content)
    assert {type_of(s) for s in stories} == {"case-study", "background"}
    for story in stories:
        titles = {source.title for source in story.sources}
        if type_of(story) == "case-study":
            assert story.reported, story.display
            assert all(r.source in titles and r.section for r in story.reported), story.display
        assert not story.featured or type_of(story) == "case-study", story.display


def library_copy(tmp_path):
    """The real stories and taxonomy in a project of their own, to plant a story in."""
    shutil.copytree(REPO / "case_studies", tmp_path / "case_studies")
    (tmp_path / "docs" / "toolkit").mkdir(parents=True)
    return tmp_path


def check_lines(root) -> tuple[int, list[str]]:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(root), "check"],
                            capture_output=True, text=True, timeout=120, stdin=subprocess.DEVNULL)
    return result.returncode, result.stdout.splitlines()


PLANTED = [  # (what the planted story does, one background story's text changed, the line the check gives)
    ("a background story relabelled with one word", [("type: background", "type: case-study")],
     "type: a story marked case study must list at least one outcome its sources report as having happened"),
    ("a background story featured", [("type: background", "type: background\nfeatured: true")],
     "featured: only a case study can be featured on the home page"),
    ("a reported outcome from a source the story does not list",
     [("type: background", "type: case-study\nreported:\n  - outcome: Priorities agreed\n    source: A paper it does not list\n    section: \"4.1\"")],
     'reported.source: "A paper it does not list" is not the title of one of this story\'s sources'),
]


@pytest.mark.parametrize("changes, line", [p[1:] for p in PLANTED], ids=[p[0] for p in PLANTED])
def test_a_planted_story_that_breaks_the_rule_fails_the_check(tmp_path, changes, line):
    root = library_copy(tmp_path)
    assert check_lines(root)[0] == 0  # the real library keeps the rule
    text = (root / "case_studies" / "partners-agree-five-priorities.md").read_text()
    for old, new in changes:
        assert old in text
        text = text.replace(old, new, 1)
    text = text.replace("old_slugs:", "# old_slugs:")
    (root / "case_studies" / "planted.md").write_text(text)
    field = line.split(":")[0].split(".")[-1]
    at = next(n for n, written in enumerate(text.splitlines(), 1) if written.lstrip(" -").startswith(field + ":"))
    code, lines = check_lines(root)
    assert code == 1
    assert [x for x in lines if x.startswith(f"case_studies/planted.md:{at}: {line}")], lines



def test_a_story_that_takes_a_default_term_needing_reported_outcomes_is_held_to_it(tmp_path):
    """A story naming no type gets the group's default; if that default needs reported outcomes, so does the story."""
    root = library_copy(tmp_path)
    taxonomy = root / "case_studies" / "taxonomy.yml"
    text = taxonomy.read_text()
    assert text.count("        default: true\n") == 1 and "        needs_reported: true\n" in text
    text = text.replace("        default: true\n", "").replace("        needs_reported: true\n", "        needs_reported: true\n        default: true\n")
    taxonomy.write_text(text)
    story = root / "case_studies" / "partners-agree-five-priorities.md"
    story.write_text(story.read_text().replace("type: background\n", "", 1))
    code, lines = check_lines(root)
    assert code == 1
    assert [x for x in lines if x.startswith("case_studies/partners-agree-five-priorities.md:")
            and "type: a story marked case study must list at least one outcome" in x and x.endswith("add one, or choose another")], lines

def test_the_label_is_on_every_card_and_story_page_and_the_home_page_features_only_case_studies(real_site, content):
    for story in published(content):
        page = (real_site / "case-studies" / story.slug / "index.html").read_text()
        label = "Case study" if type_of(story) == "case-study" else "Background"
        assert f'<p class="offer-type offer-type--{type_of(story)}"><strong>{label}.</strong>' in page
    home = (real_site / "index.html").read_text()
    featured = home.split('id="case-studies-to-learn-from"')[1].split("<h2")[0]
    labels = re.findall(r'offer-card__meta"><time[^>]*>[^<]*</time> · ([^·<]+) ·', featured)
    assert labels and {label.strip() for label in labels} == {"Case study"}


# --- the library's own team is one setting (issue 26) ---------------------------------------------

def test_no_page_names_a_team_the_papers_do_not_name():
    found = subprocess.run(["git", "grep", "-il", "communities team", "--", "docs", "case_studies", "overrides", "hooks"],
                           cwd=REPO, capture_output=True, text=True).stdout.split()
    assert len(found) <= 1, found


def test_the_team_setting_is_warned_about_once_until_set_and_then_named_everywhere(tmp_path):
    root = library_copy(tmp_path)
    code, lines = check_lines(root)
    assert code == 0 and [x for x in lines if "site.team: warning:" in x] == [x for x in lines if "warning" in x]
    assert len([x for x in lines if "site.team: warning:" in x]) == 1
    taxonomy = root / "case_studies" / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace("team: the team that looks after this library", "team: the Offer team"))
    code, lines = check_lines(root)
    assert code == 0 and not [x for x in lines if "site.team" in x]


def test_while_the_team_is_not_set_the_preview_says_so_and_the_strict_public_build_still_passes(site):
    from conftest import add_story, build, story_text

    taxonomy = site.content_dir / "taxonomy.yml"
    taxonomy.write_text(re.sub(r"(?m)^site:\n  team: .*\n", "", taxonomy.read_text()))
    add_story(site, "a-draft", story_text(status="draft"))
    add_story(site, "a-story")
    assert build(site, "preview").returncode == 0
    draft = (site.root / "site" / "case-studies" / "a-draft" / "index.html").read_text()
    assert "own team is not set yet" in draft
    public = build(site, "public")
    assert public.returncode == 0 and "WARNING" not in public.stderr, public.stderr
    page = (site.root / "site" / "case-studies" / "a-story" / "index.html").read_text()
    assert "<dt>Contact</dt><dd>The team that looks after this library</dd>" in page

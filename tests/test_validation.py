"""Each validation rule: a failing example, a passing one, and the message a writer sees."""

from __future__ import annotations

import pytest

from conftest import VALID_STORY, add_story, check, story_text


def problems_of(project, text: str, slug: str = "a-story") -> list[str]:
    add_story(project, slug, text)
    return [str(p) for p in check(project).problems]


def test_the_valid_story_passes(project):
    add_story(project, "a-story")
    content = check(project)
    assert content.problems == ()
    assert [s.slug for s in content.stories] == ["a-story"]


# --- front matter that cannot be read ----------------------------------------

@pytest.mark.parametrize("text, expected", [
    ("", "case_studies/a-story.md:1: file: the file is empty; start from the story template"),
    ("Just some text.\n", "case_studies/a-story.md:1: front matter: the file must start with front matter"),
    ("---\ntitle: x\n", "case_studies/a-story.md:1: front matter: the front matter is not closed"),
    ("---\ntitle: a: b\n---\nBody\n", "case_studies/a-story.md:2: front matter: a value contains a colon followed by a space; put the whole value in quotes"),
    ("---\ntitle: x\n\tsummary: y\n---\nBody\n", "case_studies/a-story.md:3: front matter: a tab character is used for indenting"),
    ("---\ntitle: x\ntitle: y\n---\nBody\n", 'case_studies/a-story.md:3: front matter: "title" appears twice (first on line 2); keep one'),
    ("---\na: &x [1]\nb: *x\n---\nBody\n", "case_studies/a-story.md:3: front matter: anchors and aliases (& and *) are not allowed"),
    ("---\ntitle: !!python/object:os.system x\n---\nBody\n", "case_studies/a-story.md:2: front matter: YAML tags such as"),
    ("---\n- a\n- b\n---\nBody\n", "case_studies/a-story.md:2: front matter: the front matter must be a list of fields"),
])
def test_unreadable_front_matter_is_one_clear_line(project, text, expected):
    problems = problems_of(project, text)
    assert len(problems) == 1
    assert problems[0].startswith(expected)


def test_broken_front_matter_is_never_published_as_body_text(project):
    add_story(project, "a-story", "---\ntitle: a: b\n---\nBody\n")
    content = check(project)
    assert not content.ok and content.stories == ()


def test_an_alias_bomb_is_refused_quickly(project):
    bomb = "---\na: &a [x, x]\n" + "".join(f"{c}: &{c} [*{p}, *{p}, *{p}]\n" for p, c in zip("abcdefgh", "bcdefghi")) + "---\nBody\n"
    problems = problems_of(project, bomb)
    assert "anchors and aliases" in problems[0]


def test_deep_nesting_is_refused_without_crashing(project):
    problems = problems_of(project, "---\ntitle: " + "[" * 50_000 + "]" * 50_000 + "\n---\nBody\n")
    assert "nested more than" in problems[0]


def test_a_huge_file_is_refused_without_reading_it_all(project):
    problems = problems_of(project, VALID_STORY + "x" * 10_000_000)
    assert problems == ["case_studies/a-story.md:1: file: the file is 10,000 KB; the limit is 200 KB. Move large content, such as pictures, into separate files"]


def test_binary_and_non_utf8_files_are_refused(project):
    (project.content_dir / "binary.md").write_bytes(b"---\ntitle: x\n\0\0\0")
    (project.content_dir / "latin.md").write_bytes(VALID_STORY.replace("Neighbours set", "Caf\xe9 set").encode("latin-1"))
    problems = [str(p) for p in check(project).problems]
    assert problems == [
        "case_studies/binary.md:3: file: this is not a text file (it contains binary data); save the story as plain text",
        "case_studies/latin.md:18: file: the text is not UTF-8; save the file with UTF-8 encoding",
    ]


def test_windows_line_endings_and_byte_order_mark_are_fine(project):
    (project.content_dir / "windows.md").write_bytes(b"\xef\xbb\xbf" + VALID_STORY.replace("\n", "\r\n").encode())
    content = check(project)
    assert content.problems == ()
    assert content.stories[0].title == "Volunteers deliver food in Aberfeldy"


def test_a_story_needs_a_body(project):
    problems = problems_of(project, VALID_STORY.split("\nNeighbours set")[0])
    assert problems == ["case_studies/a-story.md:17: body: the story has no text below the front matter; write the story there"]


# --- fields --------------------------------------------------------------------

@pytest.mark.parametrize("changes, expected", [
    ({"title": None}, "case_studies/a-story.md:2: title: is missing; add it (a short headline)"),
    ({"date": "2025-13-01"}, "case_studies/a-story.md:4: date: 2025-13-01 is not a real date: there is no month 13; write YYYY-MM-DD"),
    ({"date": "2025-02-30"}, "case_studies/a-story.md:4: date: 2025-02-30 is not a real date: month 2 of 2025 has no day 30"),
    ({"date": "1 May 2024"}, 'case_studies/a-story.md:4: date: "1 May 2024" is not a date; write dates as YYYY-MM-DD, e.g. 2024-05-01'),
    ({"status": "live"}, 'case_studies/a-story.md:9: status: "live" is not allowed; use one of: draft, published, withdrawn'),
    ({"audience": "no"}, 'case_studies/a-story.md:10: audience: "no" is not allowed; use one of: public, staff'),
    ({"title": "1984"}, 'case_studies/a-story.md:2: title: expected text but found the number 1984; put it in quotes, e.g. "2024"'),
    ({"summary": "Too short."}, "case_studies/a-story.md:3: summary: is too short (10 characters); write at least 30"),
    ({"kind": "[community-led, think-yes-decisions]"}, "case_studies/a-story.md:5: kind: a list is not a kind of story"),
])
def test_field_rules(project, changes, expected):
    problems = problems_of(project, story_text(**changes))
    assert len(problems) == 1, problems
    assert problems[0].startswith(expected)


def test_unknown_field_suggests_the_close_one(project):
    text = VALID_STORY.replace("title:", "titel:")
    problems = problems_of(project, text)
    assert 'case_studies/a-story.md:2: titel: "titel" is not a field we know. Did you mean "title"?' in problems
    assert "case_studies/a-story.md:2: title: is missing; add it (a short headline)" in problems


def test_a_town_suggests_its_locality(project):
    problems = problems_of(project, story_text(localities="[Pitlochry]"))
    assert problems == [
        'case_studies/a-story.md:7: localities: "Pitlochry" is not a locality; use one of: perth-city, highland-perthshire, '
        "eastern-perthshire, strathearn-strathallan, kinross-shire-almond-earn, perth-and-kinross-wide. "
        'Did you mean "highland-perthshire" (Pitlochry is in Highland Perthshire)?'
    ]


def test_a_close_spelling_is_suggested(project):
    problems = problems_of(project, story_text(themes="[enviroment]"))
    assert problems[0].endswith('Did you mean "environment"?')


def test_suggestions_come_from_the_fields_own_group(project):
    # "enabling" is a theme slug and a principle alias: in principles it must suggest the principle
    problems = problems_of(project, story_text(principles="[enabling]"))
    assert problems[0].endswith('Did you mean "think-yes"?')
    assert problems_of(project, story_text(themes="[enabling]")) == []


def test_one_slug_without_brackets_is_accepted(project):
    add_story(project, "a-story", story_text(themes="economy"))
    assert check(project).stories[0].terms["themes"] == ("economy",)


def test_a_term_listed_twice_is_an_error(project):
    problems = problems_of(project, story_text(themes="[economy, economy]"))
    assert problems == ['case_studies/a-story.md:6: themes: "economy" is listed twice; list each theme once']


def test_yes_is_not_true(project):
    add_story(project, "a-story", VALID_STORY.replace("status: published", "status: published\nfeatured: yes"))
    assert [str(p) for p in check(project).problems] == [
        'case_studies/a-story.md:10: featured: "yes" is not allowed; write true or false'
    ]


def test_five_mistakes_give_five_lines(project):
    text = story_text(date="2025-13-01", localities="[Pitlochry]", status="live", themes="[enviroment]")
    problems = problems_of(project, text.replace("title: Volunteers", "titel: Volunteers"))
    fields = [p.split(": ")[1] for p in problems]
    assert len(problems) == 6  # five mistakes, and the misspelt title also leaves title missing
    assert sorted(fields) == sorted(["title", "titel", "date", "themes", "localities", "status"])


# --- sources and consent -----------------------------------------------------------

def test_sources_need_a_title_and_date(project):
    text = VALID_STORY.replace("  - title: The Perth and Kinross Offer Update\n    date: 2020-12-11\n", "  - title: The Perth and Kinross Offer Update\n")
    assert problems_of(project, text) == [
        "case_studies/a-story.md:12: sources.date: is missing; add it (the document's date, YYYY-MM-DD)"
    ]


def test_a_source_link_must_be_a_web_address(project):
    text = VALID_STORY.replace("    date: 2020-12-11\n", "    date: 2020-12-11\n    url: javascript:alert(1)\n")
    assert problems_of(project, text) == [
        'case_studies/a-story.md:14: sources.url: "javascript:alert(1)" is not a web address; it must start with https:// or http://'
    ]


REGISTER = "consent:\n  basis: register\n  reference: CR-2024-0153\n  scope: {scope}\n  review_by: {review}\n"


def with_consent(scope="public", review="2027-01-01", audience="public") -> str:
    text = VALID_STORY.replace("consent:\n  basis: published-papers\n", REGISTER.format(scope=scope, review=review))
    return text.replace("audience: public", f"audience: {audience}")


def test_register_consent_passes(project):
    assert problems_of(project, with_consent()) == []


def test_register_consent_needs_its_reference_scope_and_date(project):
    text = VALID_STORY.replace("basis: published-papers", "basis: register")
    problems = problems_of(project, text)
    assert [p.split(": ")[1] for p in problems] == ["consent.reference", "consent.review_by", "consent.scope"]


def test_a_name_is_not_a_consent_reference(project):
    problems = problems_of(project, with_consent().replace("CR-2024-0153", "Jane Smith"))
    assert problems == ['case_studies/a-story.md:16: consent.reference: "Jane Smith" is not in the right form; use the reference of the consent in the library\'s record of consent, e.g. CR-2024-0153']


def test_public_story_with_staff_consent_is_an_error(project):
    problems = problems_of(project, with_consent(scope="staff"))
    assert problems[0].startswith("case_studies/a-story.md:17: consent.scope: consent covers staff only, but the story's audience is public")
    assert problems_of(project, with_consent(scope="staff", audience="staff")) == []


def test_passed_consent_review_is_a_warning_not_an_error(project):
    add_story(project, "a-story", with_consent(review="2025-06-01"))
    content = check(project)
    assert content.ok and len(content.stories) == 1
    assert [str(p) for p in content.problems] == [
        "case_studies/a-story.md:18: consent.review_by: warning: consent was due for review on 01 June 2025; check it against the library's record of consent"
    ]


def test_published_papers_consent_has_no_register_fields(project):
    text = VALID_STORY.replace("basis: published-papers", "basis: published-papers\n  reference: CR-2024-0153")
    assert problems_of(project, text) == [
        "case_studies/a-story.md:16: consent.reference: remove reference: a story drawn only from published papers has no consent record"
    ]


# --- files, images and slugs -------------------------------------------------------

def image_story(src: str, alt: str | None = "Volunteers packing food parcels") -> str:
    image = f"image:\n  src: {src}\n" + (f"  alt: {alt}\n" if alt else "")
    return VALID_STORY.replace("consent:", image + "consent:")


def save_picture(path):
    from PIL import Image

    path.parent.mkdir(exist_ok=True)
    Image.new("RGB", (8, 8)).save(path)


def test_an_image_beside_the_story_passes(project):
    save_picture(project.content_dir / "images" / "food.jpg")
    add_story(project, "a-story", image_story("images/food.jpg"))
    content = check(project)
    assert content.problems == ()
    assert content.stories[0].image.content_path == "images/food.jpg"


@pytest.mark.parametrize("src, alt, expected", [
    ("images/missing.jpg", "A picture", '15: image.src: "images/missing.jpg" was not found'),
    ("../../secret.jpg", "A picture", '15: image.src: "../../secret.jpg" is outside the story\'s folder'),
    ("images/page.html", "A picture", '15: image.src: "images/page.html" is not a picture type we publish'),
    ("images/food.jpg", None, "14: image.alt: is missing; add it (what the picture shows, for people who cannot see it)"),
])
def test_image_rules(project, src, alt, expected):
    save_picture(project.content_dir / "images" / "food.jpg")
    (project.content_dir / "images" / "page.html").write_text("<script></script>")
    problems = problems_of(project, image_story(src, alt))
    assert len(problems) == 1 and problems[0].startswith("case_studies/a-story.md:" + expected), problems


@pytest.mark.parametrize("name, expected", [
    ("My Story.md", '"My Story.md" cannot be a web address; use lower-case letters, digits and hyphens, e.g. my-story.md'),
    ("page.md", '"page" is kept for the library\'s own pages; rename the file'),
])
def test_file_names_must_make_good_addresses(project, name, expected):
    (project.content_dir / name).write_text(VALID_STORY)
    assert [str(p) for p in check(project).problems] == [f"case_studies/{name}:1: file name: {expected}"]


def test_duplicate_slugs_in_subfolders_are_an_error(project):
    (project.content_dir / "2020").mkdir()
    add_story(project, "a-story")
    (project.content_dir / "2020" / "a-story.md").write_text(VALID_STORY)
    assert [str(p) for p in check(project).problems] == [
        'case_studies/a-story.md:1: file name: another story, case_studies/2020/a-story.md, has the same file name "a-story"; rename one of them'
    ]


def test_the_template_is_not_loaded_but_is_itself_valid(project, taxonomy):
    from conftest import REPO

    template = (REPO / "case_studies" / "_template.md").read_text()
    (project.content_dir / "_template.md").write_text(template)
    assert check(project).stories == ()
    add_story(project, "from-template", template)
    content = check(project)
    assert content.ok and content.stories[0].status == "draft"
    # a draft copy is valid, but the check lists the template's example text left in it (tests/test_placeholders.py)
    assert content.problems and all(p.severity == "warning" and "the template's" in p.message for p in content.problems)


def test_every_problem_in_every_file_is_reported_in_one_run(project):
    add_story(project, "one", story_text(status="live"))
    add_story(project, "two", story_text(date="2025-13-01", audience="everyone"))
    add_story(project, "three")
    content = check(project)
    assert [p.path for p in content.problems] == ["case_studies/one.md", "case_studies/two.md", "case_studies/two.md"]
    assert [s.slug for s in content.stories] == ["three"]


# --- toolkit pages -----------------------------------------------------------------

TOOLKIT = """---
title: Planning an event
summary: How to plan and run a community event that everyone can take part in.
owner: Communities Team
review_by: 2027-06-30
---

# Planning an event
"""


def test_toolkit_pages_have_their_own_schema(project):
    (project.docs_dir / "toolkit" / "events.md").write_text(TOOLKIT)
    (project.docs_dir / "toolkit" / "bad.md").write_text(TOOLKIT.replace("owner: Communities Team\n", "").replace("2027-06-30", "2025-01-01"))
    problems = [str(p) for p in check(project).problems]
    assert problems == [  # without an owner, the page's owner is the library's own team (site: team)
        "docs/toolkit/bad.md:4: review_by: warning: this page was due for review on 01 January 2025; check it and set a new date",
    ]


# --- personal data -----------------------------------------------------------------

def test_personal_data_in_the_text_is_flagged_with_its_line(project):
    body = ("Neighbours set up a rota.\n\nContact jane.doe@example.com or call 07700 900123.\n"
            "Her NI number AB 12 34 56 C was on the form. She lives at PH1 5PH.\n")
    problems = problems_of(project, VALID_STORY.replace("Neighbours set up a rota to deliver food.\n", body))
    assert problems == [
        'case_studies/a-story.md:20: body: "07700 900123" looks like a phone number. '
        "Remove it, or if it is public (an organisation's, not a person's), add it to public_details",
        'case_studies/a-story.md:20: body: "jane.doe@example.com" looks like a personal email address. '
        "Remove it, or if it is public (an organisation's, not a person's), add it to public_details",
        'case_studies/a-story.md:21: body: "AB 12 34 56 C" looks like a National Insurance number. '
        "Remove it, or if it is public (an organisation's, not a person's), add it to public_details",
        'case_studies/a-story.md:21: body: "PH1 5PH" looks like a full postcode, which can point to someone\'s home; '
        "give the town, or only the first half. Remove it, or if it is public (an organisation's, not a person's), add it to public_details",
    ]


def test_council_addresses_and_listed_public_details_are_allowed(project):
    body = "Email communities@pkc.gov.uk or call the council on 01738 475000.\n"
    text = VALID_STORY.replace("Neighbours set up a rota to deliver food.\n", body)
    assert [p for p in problems_of(project, text) if "01738" in p] != []
    allowed = text.replace("status: published", 'public_details: ["01738 475000"]\nstatus: published')
    assert problems_of(project, allowed) == []


def test_personal_data_in_front_matter_fields_is_flagged(project):
    problems = problems_of(project, story_text(partners='[Friends of the Park, "call 07700 900123"]'))
    assert len(problems) == 1 and problems[0].startswith('case_studies/a-story.md:9: partners: "07700 900123" looks like a phone number')


def test_personal_data_in_a_list_is_flagged_at_its_own_item(project):
    text = story_text(
        title="Call 07700 900123 for help",
        partners="\n  - Friends of the Park\n  - jo@example.com wrote in\n  - Tay Trust",
        outcomes="\n  - 40 families helped\n  - Letters went to PH2 7AB",
    )
    assert [p.split(" looks")[0] for p in problems_of(project, text)] == [
        'case_studies/a-story.md:2: title: "07700 900123"',
        'case_studies/a-story.md:11: partners: "jo@example.com"',
        'case_studies/a-story.md:15: outcomes: "PH2 7AB"',
    ]


# --- pictures ------------------------------------------------------------------------

def test_every_picture_in_the_content_folder_is_checked(project):
    from PIL import Image

    (project.content_dir / "images").mkdir()
    Image.new("RGB", (10, 10)).save(project.content_dir / "images" / "good.jpg")
    Image.new("RGB", (10, 10)).save(project.content_dir / "images" / "wrong.png", "JPEG")
    (project.content_dir / "images" / "fake.webp").write_text("<svg onload=alert(1)>")
    content = check(project)
    assert [str(p) for p in content.problems] == [
        "case_studies/images/fake.webp:1: picture: the file is not a picture we can read; save it again as JPEG, PNG or WebP",
        "case_studies/images/wrong.png:1: picture: the file is a JPEG picture but its name ends .png; rename it or save it as PNG",
    ]
    assert [p.content_path for p in content.pictures] == ["images/good.jpg"]


def test_an_oversized_picture_is_refused(project):
    from PIL import Image

    Image.new("L", (8000, 6000)).save(project.content_dir / "huge.png")
    assert [str(p) for p in check(project).problems] == [
        "case_studies/huge.png:1: picture: the picture is 8000 x 6000 pixels; make it smaller (at most 40 million pixels)"
    ]

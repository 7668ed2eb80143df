"""The command line a writer runs: `python scripts/library.py check` (what `make check` calls)."""

from __future__ import annotations

import datetime
import json
import os
import shutil
import subprocess
import sys

from conftest import REPO, VALID_STORY, add_story, check, story_text


def run_check(project, script=REPO / "scripts" / "library.py", **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(script), "--root", str(project.root), "check"],
                          capture_output=True, text=True, timeout=60, env=os.environ | env)


def check_while(project, cache_file, meanwhile):
    """The check's problems, with its cache in `cache_file` and `meanwhile()` done once the folder is listed and
    before its stories are loaded: as a writer's save while the check runs."""
    from conftest import TODAY
    from offer.check_cache import CheckCache
    from offer.content import check_content

    class Meanwhile(CheckCache):
        def results(self, context, paths, load_many):
            meanwhile()
            return super().results(context, paths, load_many)

    return check_content(project, TODAY, cache=Meanwhile(cache_file)).problems


def test_clean_content_exits_0(project):
    add_story(project, "a-story")
    result = run_check(project)
    assert result.returncode == 0
    assert result.stdout == ""
    assert "All content is valid: 1 stories, 0 toolkit pages." in result.stderr


def test_the_check_loads_no_picture_email_or_page_making_library(project):
    """`make check` runs on every commit: what only the build, `make report` or `make bulletin` uses stays unloaded."""
    add_story(project, "a-story")
    script = ("import sys; from pathlib import Path; from offer import cli; cli.main(['check'], root=Path(sys.argv[1]));"
              "print(sorted({m.split('.')[0] for m in sys.modules} & {'PIL', 'email', 'nh3', 'markdown', 'jinja2', 'mkdocs'}))")
    result = subprocess.run([sys.executable, "-c", script, str(project.root)], cwd=REPO / "hooks", capture_output=True, text=True, timeout=60)
    assert result.stdout == "[]\n", result.stderr


def test_five_mistakes_give_five_lines_and_exit_1(project):
    text = story_text(date="2025-13-01", localities="[Pitlochry]", status="live", themes="[enviroment]", audience="everyone")
    add_story(project, "five-mistakes", text)
    result = run_check(project)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert len(lines) == 5
    assert [line.split(":")[0:3] for line in lines] == [
        ["case_studies/five-mistakes.md", "4", " date"],
        ["case_studies/five-mistakes.md", "6", " themes"],
        ["case_studies/five-mistakes.md", "7", " localities"],
        ["case_studies/five-mistakes.md", "9", " status"],
        ["case_studies/five-mistakes.md", "10", " audience"],
    ]
    assert "Traceback" not in result.stdout + result.stderr
    assert "5 problems to fix." in result.stderr


def test_a_large_library_is_checked_in_parallel_with_the_same_messages(project):
    """From 500 stories the check shares the files among processes, which hand back only addresses:
    clashing addresses must still be found, as the one-process check finds them."""
    from offer.content import PARALLEL_FROM

    for n in range(PARALLEL_FROM):
        add_story(project, f"story-{n:03}")
    add_story(project, "story-001", story_text(old_slugs="[story-002]"))
    (project.content_dir / "2020").mkdir()
    (project.content_dir / "2020" / "story-003.md").write_text(story_text())
    result = run_check(project)
    assert result.returncode == 1
    assert result.stdout.splitlines() == [str(p) for p in check(project).problems] == [
        'case_studies/story-001.md:1: old_slugs: "story-002" is the address of case_studies/story-002.md; an old address can only lead to one story',
        'case_studies/story-003.md:1: file name: another story, case_studies/2020/story-003.md, has the same file name "story-003"; rename one of them',
    ]


# --- the cache: a second check reuses the first's results, and only while they still hold --------

def test_a_check_reuses_earlier_results_only_while_nothing_they_come_from_has_changed(project):
    """`make check` keeps each story's result in .cache/check.json. After each kind of change, the check must
    say what a check without the cache says; and what it says must change, or the step would prove nothing."""
    from PIL import Image

    from offer.check_cache import CACHE_FILE

    cache = project.root / CACHE_FILE
    story = add_story(project, "a-story")
    add_story(project, "pictured", story_text(title="A garden in Crieff").replace("consent:", "image:\n  src: garden.jpg\n  alt: A garden\nconsent:"))
    add_story(project, "registered", story_text(title="A register of consent").replace(
        "consent:\n  basis: published-papers\n", "consent:\n  basis: register\n  reference: CR-2024-0001\n  scope: public\n  review_by: 2026-06-01\n"))
    said = []

    def check_both_ways(**env: str) -> str:
        kept = run_check(project, **env)
        saved = cache.read_bytes()
        cache.unlink()
        fresh = run_check(project, **env)
        cache.write_bytes(saved)  # the next step starts from what the cached check kept
        assert (kept.returncode, kept.stdout) == (fresh.returncode, fresh.stdout) and "Traceback" not in kept.stderr
        assert not said or kept.stdout != said[-1]
        said.append(kept.stdout)
        return kept.stdout

    assert "image.src" in check_both_ways(SOURCE_DATE_EPOCH="1767225600")  # 1 January 2026; the picture is missing
    Image.new("RGB", (8, 8), "green").save(project.content_dir / "garden.jpg")
    assert "image.src" not in check_both_ways(SOURCE_DATE_EPOCH="1767225600")
    stat = story.stat()
    story.write_text(VALID_STORY.replace("status: published", "status: publishex"))  # the same size, and then the same time
    os.utime(story, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert '"publishex" is not allowed' in check_both_ways(SOURCE_DATE_EPOCH="1767225600")
    taxonomy = project.content_dir / "taxonomy.yml"
    taxonomy.write_text(taxonomy.read_text().replace("slug: highland-perthshire", "slug: highland-perth"))
    assert '"highland-perthshire" is not a locality' in check_both_ways(SOURCE_DATE_EPOCH="1767225600")
    (project.content_dir / "_template.md").write_text("---\ntitle: A garden in Crieff\n---\n\nWrite the story here.\n")
    assert "still has the template's example" in check_both_ways(SOURCE_DATE_EPOCH="1767225600")
    assert "consent was due for review" in check_both_ways(SOURCE_DATE_EPOCH="1788220800")  # 1 September 2026
    (project.content_dir / "pictured.md").unlink()
    check_both_ways(SOURCE_DATE_EPOCH="1788220800")
    assert len(json.loads(cache.read_text())) == 2  # only the stories there are now


def test_results_made_by_other_code_are_not_reused(project, tmp_path):
    """A new version of the core may say something else about the same story: the cache must not hide it."""
    copy = tmp_path / "copy"
    shutil.copytree(REPO / "hooks" / "offer", copy / "hooks" / "offer", ignore=shutil.ignore_patterns("__pycache__"))
    (copy / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "library.py", copy / "scripts")
    add_story(project, "live", story_text(status="live"))
    assert '"live" is not allowed; use one of' in run_check(project, copy / "scripts" / "library.py").stdout
    schema = copy / "hooks" / "offer" / "schema.py"
    schema.write_text(schema.read_text().replace("is not allowed; use one of", "cannot be used; choose one of"))
    assert '"live" cannot be used; choose one of' in run_check(project, copy / "scripts" / "library.py").stdout


def test_a_story_is_checked_from_the_very_bytes_its_key_was_made_from(project, tmp_path):
    """Were the story read again to be checked, a save between the two reads would keep the saved text's result under
    the first text's key, and undoing the save would bring that result back."""
    from conftest import TODAY
    from offer.check_cache import CheckCache
    from offer.content import check_content

    story = add_story(project, "a-story")

    class SavedWhileLoading(CheckCache):
        def results(self, context, paths, load_many):
            def saved_then_loaded(*args):
                story.write_text(story_text(status="live"))  # the writer saves the story while the check runs
                return load_many(*args)
            return super().results(context, paths, saved_then_loaded)

    assert check_content(project, TODAY, cache=SavedWhileLoading(tmp_path / "check.json")).problems == ()  # as first read
    story.write_text(VALID_STORY)  # the save undone: the result kept is the right one
    assert check_content(project, TODAY, cache=CheckCache(tmp_path / "check.json")).problems == ()


def test_a_check_during_which_the_taxonomy_changes_keeps_nothing(project, tmp_path):
    """Its results may have been made against either version of the taxonomy: none is kept under one of them."""
    add_story(project, "a-story")
    taxonomy = project.content_dir / "taxonomy.yml"
    check_while(project, tmp_path / "check.json",
                lambda: taxonomy.write_text(taxonomy.read_text().replace("slug: highland-perthshire", "slug: highland-perth")))
    assert not (tmp_path / "check.json").exists()

def test_a_picture_added_while_the_check_runs_counts_only_from_the_next_check(project, tmp_path):
    """A story's result depends on the pictures the folder's listing found, which are in its key: not on the disk
    as it is a moment later, or a story found valid then would be kept as valid under a listing without its picture."""
    from PIL import Image

    add_story(project, "pictured", story_text().replace("consent:", "image:\n  src: garden.jpg\n  alt: A garden\nconsent:"))
    picture = project.content_dir / "garden.jpg"
    first = check_while(project, tmp_path / "check.json", lambda: Image.new("RGB", (8, 8), "green").save(picture))
    assert [p.field for p in first] == ["image.src"]  # not in the listing this check made
    assert check_while(project, tmp_path / "check.json", lambda: None) == ()

def test_symbolic_links_among_the_stories_are_refused_not_followed_or_passed_over(project, tmp_path):
    """A link can point outside the folder; before, a linked picture or story was published from wherever the link
    led, and a linked folder's stories were left out without a word."""
    from PIL import Image

    from conftest import TODAY
    from offer.content import check_content, load_content

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    Image.new("RGB", (8, 8), "green").save(elsewhere / "garden.jpg")
    (elsewhere / "another-story.md").write_text(story_text(title="Another story"))
    add_story(project, "pictured", story_text().replace("consent:", "image:\n  src: garden.jpg\n  alt: A garden\nconsent:"))
    (project.content_dir / "garden.jpg").symlink_to(elsewhere / "garden.jpg")
    (project.content_dir / "more").symlink_to(elsewhere, target_is_directory=True)
    (project.content_dir / "linked-story.md").symlink_to(elsewhere / "another-story.md")
    (project.content_dir / "real").mkdir()
    Image.new("RGB", (8, 8), "green").save(project.content_dir / "real" / "pond.jpg")
    (project.root / "way-round").symlink_to(project.content_dir / "real", target_is_directory=True)  # outside the folder
    add_story(project, "way-round", story_text(title="A way round").replace("consent:", "image:\n  src: ../way-round/pond.jpg\n  alt: A pond\nconsent:"))
    problems = [(p.path, p.field, p.message.split(";")[0]) for p in check_content(project, TODAY).problems]
    assert problems == [
        ("case_studies/garden.jpg", "file", "is a symbolic link"),
        ("case_studies/linked-story.md", "file", "is a symbolic link"),
        ("case_studies/more", "file", "is a symbolic link"),
        ("case_studies/pictured.md", "image.src", '"garden.jpg" was not found'),  # the link is not a picture of the folder
        ("case_studies/way-round.md", "image.src", '"../way-round/pond.jpg" is outside the story\'s folder'),  # whatever it leads to
    ]
    assert [p.content_path for p in load_content(project, TODAY).pictures] == ["real/pond.jpg"]


def test_symbolic_links_in_the_docs_folder_or_for_the_taxonomy_are_refused_and_stop_the_build(site, tmp_path):
    """MkDocs follows links, so a pull request could publish any file the building machine can read."""
    from conftest import build
    from offer.content import load_content

    secret = tmp_path / "secret.txt"
    secret.write_text("The building machine's own file")
    (site.docs_dir / "assets" / "notes.txt").symlink_to(secret)
    (site.docs_dir / "toolkit" / "leak.md").symlink_to(secret)
    taxonomy = site.content_dir / "taxonomy.yml"
    taxonomy.rename(tmp_path / "taxonomy.yml")
    taxonomy.symlink_to(tmp_path / "taxonomy.yml")
    add_story(site, "a-story")
    links = [(p.path, p.message.split(";")[0]) for p in load_content(site).problems]
    assert links == [("case_studies/taxonomy.yml", "is a symbolic link"), ("docs/assets/notes.txt", "is a symbolic link"),
                     ("docs/toolkit/leak.md", "is a symbolic link")]
    build(site, fails=True)
    assert not any("building machine" in p.read_text(errors="replace") for p in (site.root / "site").rglob("*") if p.is_file())


def test_a_story_gone_between_listing_and_loading_is_a_problem_not_a_traceback(project, tmp_path):
    story = add_story(project, "gone")
    problems = check_while(project, tmp_path / "check.json", story.unlink)
    assert [(p.path, p.field, p.message.split(" (")[0]) for p in problems] == [("case_studies/gone.md", "file", "could not be read")]

def test_a_cache_made_on_another_machine_is_not_trusted(project, tmp_path):
    """As a cache a pull request commits for CI to find: every other part of a key can be worked out beforehand."""
    from offer.check_cache import CACHE_FILE

    add_story(project, "live", story_text(status="live"))
    elsewhere = {"XDG_CACHE_HOME": str(tmp_path / "another-machine")}
    expected = run_check(project, **elsewhere).stdout
    cache = project.root / CACHE_FILE
    (key,) = json.loads(cache.read_text())
    cache.write_text(json.dumps({key: [["live", "case_studies/live.md", [], []], []]}))  # "no problems"
    assert run_check(project, **elsewhere).stdout == ""  # the machine that made it trusts its own cache
    cache.write_text(json.dumps({key: [["live", "case_studies/live.md", [], []], []]}))
    assert run_check(project, XDG_CACHE_HOME=str(tmp_path / "this-machine")).stdout == expected


def test_a_picture_gone_between_listing_and_checking_is_a_problem_not_a_traceback(project, tmp_path):
    from PIL import Image

    add_story(project, "a-story")
    picture = project.content_dir / "garden.jpg"
    Image.new("RGB", (8, 8), "green").save(picture)
    problems = check_while(project, tmp_path / "check.json", picture.unlink)
    assert [(p.path, p.field, p.message.split(" (")[0]) for p in problems] == [("case_studies/garden.jpg", "picture", "could not be read")]

def test_a_damaged_entry_in_the_cache_is_loaded_afresh(project):
    """An entry can only be damaged by hand, but a check must still say what it would say without it."""
    from offer.check_cache import CACHE_FILE

    add_story(project, "live", story_text(status="live"))
    expected = run_check(project).stdout
    cache = project.root / CACHE_FILE
    (key,) = json.loads(cache.read_text())
    for damaged in (None, [None, [[1, 2]]], "text", [["live"], []], [0, []], [{}, []], [None, {"abcde": 1}], ["abcd", []],
                    [None, [["case_studies/live.md", "9", "status", "made up", "error"]]]):
        cache.write_text(json.dumps({key: damaged}))
        result = run_check(project)
        assert (result.returncode, result.stdout) == (1, expected) and "Traceback" not in result.stderr
        assert json.loads(cache.read_text())[key] != damaged  # written again as it should be


def test_a_cache_that_cannot_be_read_or_written_is_passed_over(project):
    """A damaged cache, or a folder where none can be written, costs only time: the check says the same."""
    from offer.check_cache import CACHE_FILE

    add_story(project, "live", story_text(status="live"))
    expected = run_check(project).stdout
    cache = project.root / CACHE_FILE
    for damaged in ("not JSON", "[1, 2]", ""):
        cache.write_text(damaged)
        result = run_check(project)
        assert (result.returncode, result.stdout) == (1, expected) and "Traceback" not in result.stderr
        assert json.loads(cache.read_text())  # written afresh
    shutil.rmtree(cache.parent)
    cache.parent.write_text("a file where the cache folder would be")
    result = run_check(project)
    assert (result.returncode, result.stdout) == (1, expected) and "Traceback" not in result.stderr


def test_a_broken_taxonomy_is_reported_not_a_traceback(project):
    (project.content_dir / "taxonomy.yml").write_text("groups:\n  themes:\n    label: Themes\n    terms:\n      - slug: Bad Slug\n")
    result = run_check(project)
    assert result.returncode == 1
    assert "case_studies/taxonomy.yml:5: groups.themes.terms.0.slug: slug \"Bad Slug\" must be lower-case letters, digits and hyphens" in result.stdout
    assert "Traceback" not in result.stderr


def test_the_real_content_is_clean():
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "check"], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stdout


def test_a_group_with_pages_but_no_field_is_reported_not_a_traceback(project):
    taxonomy = project.content_dir / "taxonomy.yml"
    text = taxonomy.read_text()
    taxonomy.write_text(text.replace("    field: kind\n", ""))
    result = run_check(project)
    assert result.returncode == 1
    assert result.stdout == (
        "case_studies/taxonomy.yml:190: groups.kinds.path: path needs a field: add field: kinds (the story field that names these terms), or remove path\n"
        "case_studies/taxonomy.yml:192: groups.kinds.glance: glance needs a field: add field: kinds (the story field that names these terms), or remove glance\n")


# --- on GitHub: annotations on the changed lines, and every problem in the job summary --------

def test_on_github_problems_become_annotations_and_a_summary(project, tmp_path):
    add_story(project, "broken", story_text(status="live", localities="[Pitlochry]"))
    summary = tmp_path / "summary.md"
    env = {"GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(summary), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(project.root), "check"],
                            capture_output=True, text=True, timeout=60, env=env)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("::error file=case_studies/broken.md,line=7,title=localities::\"Pitlochry\" is not a locality")
    assert lines[1] == '::error file=case_studies/broken.md,line=9,title=status::"live" is not allowed; use one of: draft, published, withdrawn'
    table = summary.read_text()
    assert "| Error | `case_studies/broken.md` | 9 | status | \"live\" is not allowed; use one of: draft, published, withdrawn |" in table


def test_annotation_text_is_escaped_for_workflow_commands():
    from offer.cli import github_annotation
    from offer.problems import Problem

    line = github_annotation(Problem("a,b:c.md", 3, "x", "50% done\nnext line"))
    assert line == "::error file=a%2Cb%3Ac.md,line=3,title=x::50%25 done%0Anext line"


# --- make new -----------------------------------------------------------------------------------

def run_new(project, *args) -> subprocess.CompletedProcess:
    shutil.copy(REPO / "case_studies" / "_template.md", project.content_dir)
    return subprocess.run([sys.executable, str(REPO / "scripts" / "library.py"), "--root", str(project.root), "new", *args],
                          capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL)


def test_new_writes_a_valid_draft_named_after_its_title(project):
    result = run_new(project, "Community garden in Aberfeldy & Kenmore: year one")
    assert result.returncode == 0, result.stderr
    path = project.content_dir / "community-garden-in-aberfeldy-kenmore-year-one.md"  # & is no word, as in the form
    text = path.read_text()
    assert 'title: "Community garden in Aberfeldy & Kenmore: year one"' in text
    assert f"date: {datetime.date.today().isoformat()}" in text
    assert "status: draft" in text and "STORY TEMPLATE" not in text
    content = check(project)
    assert content.ok and content.stories[0].is_draft


def test_new_refuses_to_overwrite_and_needs_a_title(project):
    assert run_new(project, "A story about a garden").returncode == 0
    again = run_new(project, "A story about a garden")
    assert again.returncode == 1 and "already exists" in again.stderr
    empty = run_new(project)
    assert empty.returncode == 1 and "give the story a title" in empty.stderr


def test_a_malformed_number_of_processes_is_one_clear_line(project, monkeypatch):
    add_story(project, "a-story")
    monkeypatch.setenv("OFFER_BUILD_JOBS", "many")
    result = run_check(project)
    assert result.returncode == 1
    assert result.stderr.strip() == "OFFER_BUILD_JOBS is 'many'; use a whole number of processes, e.g. 1"

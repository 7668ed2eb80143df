"""A pull request's loop (scripts/pull_request.py, run by .github/workflows/pull-request.yml), with a stand-in
`gh` on the PATH and a local bare git repository as GitHub: the live preview on the gh-pages branch, the one
comment edited on each run, the commit status the story editor links to, and their removal on close."""

from __future__ import annotations

import ast
import json
import os
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml
from PIL import Image

from conftest import FIXTURE_TAXONOMY, REPO, SITE_CONFIG, Project, build, check, story_text

SCRIPT = REPO / "scripts" / "pull_request.py"
MARKER = "<!-- offer-pull-request-comment -->"
PR = 7
PREVIEW = f"https://council.github.io/offer/pr-preview/pr-{PR}/"
STAFF_TITLE = "Staff secret rota in Crieff"
PRIVATE_TITLE = "Private folder story in Comrie"

FAKE_GH = textwrap.dedent("""\
    #!{python}
    # A stand-in for the GitHub CLI's `gh api`: a pull request's comments and the commit statuses, kept in FAKE_GH_STATE.
    import json, os, re, sys
    args = sys.argv[1:]
    state_file = os.environ["FAKE_GH_STATE"]
    state = json.load(open(state_file)) if os.path.exists(state_file) else {{"comments": [], "statuses": [], "calls": []}}
    state["calls"].append(args)
    method = args[args.index("--method") + 1] if "--method" in args else "GET"
    path = next(a for a in args[1:] if a.startswith("repos/"))
    fields = dict(args[i + 1].split("=", 1) for i, a in enumerate(args) if a in ("-f", "-F"))
    if fields.get("body", "").startswith("@"):
        fields["body"] = open(fields["body"][1:], encoding="utf-8").read()
    if method == "GET" and path.endswith("/comments"):
        wanted = re.search(r'contains\\("(.*?)"\\)', args[args.index("--jq") + 1]).group(1)
        print("\\n".join(str(c["id"]) for c in state["comments"] if wanted in c["body"]))
    elif method == "POST" and path.endswith("/comments"):
        state["comments"].append({{"id": 1000 + len(state["comments"]), "body": fields["body"]}})
    elif method == "PATCH":
        comment = next(c for c in state["comments"] if str(c["id"]) == path.rsplit("/", 1)[1])
        comment["body"] = fields["body"]
    elif method == "POST" and "/statuses/" in path:
        state["statuses"].append(fields | {{"sha": path.rsplit("/", 1)[1]}})
    else:
        sys.exit("fake gh: unexpected call " + " ".join(args))
    json.dump(state, open(state_file, "w"))
    """)


# ---------------------------------------------------------------------------
# GitHub, here: a bare repository with a published site, and a stand-in gh
# ---------------------------------------------------------------------------

def git(cwd: Path, *args: str) -> str:
    env = os.environ | {"GIT_AUTHOR_NAME": "Test", "GIT_AUTHOR_EMAIL": "test@example.org",
                        "GIT_COMMITTER_NAME": "Test", "GIT_COMMITTER_EMAIL": "test@example.org"}
    return subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True, env=env).stdout


@pytest.fixture
def github(tmp_path) -> dict:
    """A bare `origin` whose gh-pages branch holds the public site and another pull request's preview; a checkout of main."""
    origin, seed, checkout = tmp_path / "origin.git", tmp_path / "seed", tmp_path / "checkout"
    git(tmp_path, "init", "-q", "--bare", "-b", "main", str(origin))
    git(tmp_path, "init", "-q", "-b", "main", str(seed))
    (seed / "README.md").write_text("The project.\n")
    git(seed, "add", ".")
    git(seed, "commit", "-q", "-m", "Start")
    git(seed, "push", "-q", str(origin), "main")
    git(seed, "checkout", "-q", "--orphan", "gh-pages")
    git(seed, "rm", "-rq", "--cached", ".")
    (seed / "index.html").write_text("<title>The public site</title>\n")
    (seed / "case-studies").mkdir()
    (seed / "case-studies" / "index.html").write_text("<title>Stories</title>\n")
    (seed / "pr-preview" / "pr-3").mkdir(parents=True)
    (seed / "pr-preview" / "pr-3" / "index.html").write_text("<title>Pull request 3</title>\n")
    git(seed, "add", "index.html", "case-studies", "pr-preview")
    git(seed, "commit", "-q", "-m", "Pages")
    git(seed, "push", "-q", str(origin), "gh-pages")
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "gh").write_text(FAKE_GH.format(python=sys.executable))
    (bin_dir / "gh").chmod(0o755)
    return {"origin": origin, "checkout": checkout, "bin": bin_dir, "state": tmp_path / "gh.json", "summary": tmp_path / "summary.md"}


def run(github: dict, *args: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PATH": f"{github['bin']}:{os.environ['PATH']}", "FAKE_GH_STATE": str(github["state"]),
                        "GH_REPO": "council/offer", "GITHUB_STEP_SUMMARY": str(github["summary"])}
    result = subprocess.run([sys.executable, str(SCRIPT), *args], cwd=github["checkout"], capture_output=True, text=True, env=env, timeout=120)
    assert result.returncode == 0, result.stderr
    return result


def gh_state(github: dict) -> dict:
    return json.loads(github["state"].read_text()) if github["state"].exists() else {"comments": [], "statuses": [], "calls": []}


def pages(github: dict) -> dict[str, str]:
    """Every file on the gh-pages branch of origin, with its blob id."""
    listing = git(github["origin"], "ls-tree", "-r", "gh-pages").splitlines()
    return {line.split("\t")[1]: line.split()[2] for line in listing}


def page_text(github: dict, path: str) -> str:
    return git(github["origin"], "show", f"gh-pages:{path}")


def root_files(files: dict[str, str]) -> dict[str, str]:
    return {path: blob for path, blob in files.items() if not path.startswith("pr-preview/")}


# ---------------------------------------------------------------------------
# A preview built as the workflow builds it: a published, a draft and a staff-only story, and a private folder
# ---------------------------------------------------------------------------

def fixture_site(root: Path) -> None:
    (root / "case_studies").mkdir()
    (root / "docs").mkdir()
    shutil.copy(FIXTURE_TAXONOMY, root / "case_studies" / "taxonomy.yml")
    (root / "mkdocs.yml").write_text(SITE_CONFIG.format(repo=REPO))
    shutil.copytree(REPO / "docs" / "assets", root / "docs" / "assets")
    (root / "docs" / "index.md").write_text("---\ntitle: Home\ndescription: Fixture home.\n---\n\n# Home\n\n<!-- offer:recent 3 -->\n")


@pytest.fixture(scope="module")
def preview(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("preview")
    fixture_site(root)
    stories = {"a-published-story": story_text(title="Men's shed opens in Aberfeldy"),
               "a-draft-story": story_text(title="Lunch club starts in Pitlochry", status="draft"),
               "a-staff-story": story_text(title=STAFF_TITLE, audience="staff")}
    for slug, text in stories.items():
        (root / "case_studies" / f"{slug}.md").write_text(text, encoding="utf-8")
    private = root / "private"
    private.mkdir()
    (private / "a-private-story.md").write_text(story_text(title=PRIVATE_TITLE), encoding="utf-8")
    build(root, "pull-request", env={"OFFER_EXTRA_CONTENT": str(private), "SITE_URL": PREVIEW})
    pictures = root / "screenshots"
    pictures.mkdir()
    for slug in ("a-published-story", "a-draft-story"):
        for size in ("desktop", "phone"):
            Image.new("RGB", (8, 8), "white").save(pictures / f"{slug}-{size}.png")
    changed = root / "stories.txt"
    changed.write_text("case_studies/a-published-story.md\ncase_studies/a-draft-story.md\n")
    check_output = root / "check.txt"
    check_output.write_text("case_studies/a-draft-story.md:6: summary: warning: still has the template's example text; write one or two sentences\n")
    return {"site": root / "site", "pictures": pictures, "stories": changed, "check": check_output}


def publish_and_comment(github: dict, preview: dict) -> None:
    """The workflow's steps for a pull request from this repository whose check passed."""
    run(github, "publish", "--pr", str(PR), "--site", str(preview["site"]), "--pictures", str(preview["pictures"]))
    run(github, "comment", "--pr", str(PR), "--check", str(preview["check"]), "--ok", "--stories", str(preview["stories"]),
        "--preview", PREVIEW, "--pictures", str(preview["pictures"]))
    run(github, "status", "--sha", "abc1234def", "--state", "success", "--preview", PREVIEW,
        "--editor-config", str(preview["site"] / "admin" / "config.yml"))


# ---------------------------------------------------------------------------
# The edition
# ---------------------------------------------------------------------------

def test_the_pull_request_edition_holds_drafts_and_never_a_staff_story(tmp_path):
    project = Project.at(tmp_path)
    (tmp_path / "case_studies").mkdir()
    shutil.copy(FIXTURE_TAXONOMY, tmp_path / "case_studies" / "taxonomy.yml")
    for slug, fields in {"published": {}, "draft": {"status": "draft"}, "staff": {"audience": "staff"},
                         "staff-draft": {"audience": "staff", "status": "draft"}}.items():
        (tmp_path / "case_studies" / f"{slug}.md").write_text(story_text(**fields))
    assert sorted(s.slug for s in check(project).library("pull-request").stories) == ["draft", "published"]


def test_no_staff_or_private_story_reaches_the_published_preview(github, preview):
    publish_and_comment(github, preview)
    files = [path for path in pages(github) if path.startswith(f"pr-preview/pr-{PR}/")]
    assert f"pr-preview/pr-{PR}/case-studies/a-draft-story/index.html" in files
    assert not [path for path in files if "staff-story" in path or "private-story" in path]
    text = "\n".join(page_text(github, path) for path in files if path.endswith((".html", ".xml", ".json", ".js", ".txt", ".csv")))
    assert "Lunch club starts in Pitlochry" in text  # the draft is there
    for secret in (STAFF_TITLE, "a-staff-story", PRIVATE_TITLE, "a-private-story"):
        assert secret not in text
    assert STAFF_TITLE not in json.dumps(gh_state(github))  # nor in the comment


def test_every_preview_page_asks_not_to_be_indexed_and_says_it_is_a_preview(preview):
    pages_html = list(preview["site"].rglob("*.html"))
    assert len(pages_html) > 5
    for page in pages_html:
        html = page.read_text(encoding="utf-8")
        if "http-equiv=\"refresh\"" in html:
            continue
        assert '<meta name="robots" content="noindex, nofollow">' in html, page
        if page.parent.name != "admin":  # the story editor's page is its own
            assert "This is a preview of a change that is not published yet." in html, page
    assert "<url>" not in (preview["site"] / "sitemap.xml").read_text()  # out of the sitemap


def test_a_story_the_check_refuses_gets_a_page_of_its_problems_to_photograph(tmp_path):
    fixture_site(tmp_path)
    (tmp_path / "case_studies" / "refused.md").write_text(story_text(title="Call Jo on 07700 900123", status="draft"))
    (tmp_path / "case_studies" / "fine.md").write_text(story_text())
    build(tmp_path, "pull-request", fails=True)  # never publishable
    build(tmp_path, "pull-request", strict=False)  # what the preview job photographs, and never publishes
    page = (tmp_path / "site" / "case-studies" / "refused" / "index.html").read_text()
    assert "title" in page and "phone number" in page.lower()
    assert (tmp_path / "site" / "case-studies" / "fine" / "index.html").is_file()


# ---------------------------------------------------------------------------
# The preview, the comment and the status
# ---------------------------------------------------------------------------

def test_a_first_run_publishes_the_preview_comments_once_and_sets_the_editors_status(github, preview):
    before = pages(github)
    publish_and_comment(github, preview)
    after = pages(github)
    assert root_files(after) == root_files(before)  # the public site is untouched
    assert after["pr-preview/pr-3/index.html"] == before["pr-preview/pr-3/index.html"]  # and so are other previews
    assert f"pr-preview/pr-{PR}/index.html" in after and f"pr-preview/pr-{PR}/screenshots/a-draft-story-phone.png" in after
    assert git(github["origin"], "rev-list", "--count", "gh-pages").strip() == "1"  # one commit, force-pushed

    state = gh_state(github)
    assert len(state["comments"]) == 1
    body = state["comments"][0]["body"]
    assert body.startswith(MARKER + "\n### This change can be published")
    assert f"**Preview:** [{PREVIEW}]({PREVIEW})" in body
    assert "| `case_studies/a-draft-story.md` | 6 | `summary` | Warning: still has the template's example text" in body
    assert "- `case_studies/a-published-story.md`: [its page in the preview]" in body
    picture = f"{PREVIEW}screenshots/a-draft-story-phone.png"
    assert f'<a href="{picture}"><img src="{picture}" alt="a-draft-story on a phone" width="240"></a>' in body
    assert github["summary"].read_text() == body  # the same text in the job summary

    config = yaml.safe_load((preview["site"] / "admin" / "config.yml").read_text())
    assert config["backend"]["preview_context"] == "Story preview"
    assert state["statuses"] == [{"state": "success", "context": "Story preview",
                                  "description": "Preview ready: open it to see the story", "target_url": PREVIEW, "sha": "abc1234def"}]



def test_a_story_shows_only_its_own_screenshots_when_another_slug_starts_with_its_own():
    from pull_request import comment_text

    pictures = ["garden-desktop.png", "garden-phone.png", "garden-aberfeldy-desktop.png", "garden-aberfeldy-phone.png"]
    body = comment_text("", True, ["case_studies/garden.md", "case_studies/garden-aberfeldy.md"], PREVIEW, pictures)
    garden = body.split("`case_studies/garden.md`")[1].split("`case_studies/garden-aberfeldy.md`")[0]
    assert garden.count("<img") == 2 and "aberfeldy" not in garden


def test_a_problem_with_a_file_name_holding_a_space_is_in_the_comment():
    """The web editor lets a writer name a file "my garden.md": the comment must list that problem, not drop it."""
    from pull_request import problems

    line = 'case_studies/my garden.md:1: file name: "my garden.md" cannot be a web address; use lower-case letters'
    assert [(p["file"], p["line"], p["field"]) for p in problems(line)] == [("case_studies/my garden.md", "1", "file name")]

def test_a_second_run_edits_the_comment_and_replaces_the_preview(github, preview, tmp_path):
    publish_and_comment(github, preview)
    state = gh_state(github)
    state["comments"].insert(0, {"id": 5, "body": "A reviewer's own comment."})
    github["state"].write_text(json.dumps(state))
    smaller = tmp_path / "smaller-site"
    shutil.copytree(preview["site"], smaller)
    shutil.rmtree(smaller / "case-studies" / "a-draft-story")  # a story the second push no longer has
    run(github, "publish", "--pr", str(PR), "--site", str(smaller))
    run(github, "comment", "--pr", str(PR), "--check", "/dev/null", "--ok", "--stories", str(preview["stories"]), "--preview", PREVIEW)
    state = gh_state(github)
    assert [c["id"] for c in state["comments"]] == [5, 1000]  # edited, not added
    assert "The check found no problems." in state["comments"][1]["body"] and state["comments"][0]["body"] == "A reviewer's own comment."
    assert ["api", "--method", "PATCH", "repos/council/offer/issues/comments/1000"] == state["calls"][-1][:4]
    files = pages(github)
    assert f"pr-preview/pr-{PR}/case-studies/a-published-story/index.html" in files
    assert not [path for path in files if path.startswith(f"pr-preview/pr-{PR}/case-studies/a-draft-story/")]
    assert git(github["origin"], "rev-list", "--count", "gh-pages").strip() == "1"


def test_a_closed_pull_request_loses_its_preview_and_the_root_stays(github, preview):
    before = pages(github)
    publish_and_comment(github, preview)
    run(github, "remove", "--pr", str(PR))
    run(github, "comment", "--pr", str(PR), "--closed")
    assert pages(github) == before  # the site and the other preview as they were
    comments = gh_state(github)["comments"]
    assert len(comments) == 1 and "its preview has been taken down" in comments[0]["body"]


def test_a_pull_request_from_a_fork_gets_the_summary_only(github, preview):
    before = pages(github)
    run(github, "comment", "--pr", str(PR), "--check", str(preview["check"]), "--ok", "--stories", str(preview["stories"]),
        "--download", "https://github.com/council/offer/actions/runs/1", "--summary-only")
    assert gh_state(github)["calls"] == [] and pages(github) == before
    summary = github["summary"].read_text()
    assert "### This change can be published" in summary and "(a fork), so it has no live preview" in summary
    assert "[Download them](https://github.com/council/offer/actions/runs/1)" in summary


def test_a_story_the_check_refuses_gets_words_and_a_download_never_an_address(github, preview, tmp_path):
    publish_and_comment(github, preview)  # an earlier push that passed
    refused = tmp_path / "check.txt"
    refused.write_text("case_studies/a-draft-story.md:14: body: has a phone number (07700 900123); take it out, or list it under public_details if it is public\n"
                       "case_studies/a-draft-story.md:6: summary: warning: still has the template's example text\n1 problem to fix.\n")
    run(github, "remove", "--pr", str(PR))
    run(github, "comment", "--pr", str(PR), "--check", str(refused), "--stories", str(preview["stories"]),
        "--download", "https://github.com/council/offer/actions/runs/2")
    run(github, "status", "--sha", "abc1234def", "--state", "failure", "--editor-config", str(preview["site"] / "admin" / "config.yml"))
    assert not [path for path in pages(github) if path.startswith(f"pr-preview/pr-{PR}/")]
    state = gh_state(github)
    body = state["comments"][0]["body"]
    assert len(state["comments"]) == 1 and body.startswith(MARKER + "\n### This change cannot be published yet")
    assert "The check found 1 problem to fix." in body
    assert "| `case_studies/a-draft-story.md` | 14 | `body` | has a phone number" in body
    assert "github.io" not in body and "pr-preview" not in body
    assert "The [screenshots](https://github.com/council/offer/actions/runs/2) can be downloaded" in body
    assert state["statuses"][-1]["state"] == "failure" and "target_url" not in state["statuses"][-1]


def test_publishing_the_site_keeps_every_preview(github, tmp_path):
    site = tmp_path / "site"
    (site / "case-studies").mkdir(parents=True)
    (site / "index.html").write_text("<title>The public site, rebuilt</title>\n")
    run(github, "publish", "--site", str(site))
    files = pages(github)
    assert set(files) == {".nojekyll", "index.html", "pr-preview/pr-3/index.html"}  # the old story list is gone; the preview stays
    assert "rebuilt" in page_text(github, "index.html")
    assert git(github["origin"], "rev-list", "--count", "gh-pages").strip() == "1"


@pytest.mark.parametrize("files, needed", [
    (["case_studies/mens-shed.md"], False),
    (["case_studies/mens-shed.md", "case_studies/pictures/shed.jpg"], False),
    (["case_studies/_template.md"], True),
    (["case_studies/notes/README.md"], True),
    (["case_studies/taxonomy.yml"], True),
    (["case_studies/mens-shed.md", "docs/contribute.md"], True),
    (["hooks/offer/model.py"], True),
    (["requirements.txt"], True),
    ([".github/workflows/publish.yml"], True),
    ([], True),
])
def test_only_stories_and_pictures_skip_the_test_suite(files, needed):
    result = subprocess.run([sys.executable, str(SCRIPT), "needs-tests", "--", *files], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == str(needed).lower()


# ---------------------------------------------------------------------------
# The workflows around them
# ---------------------------------------------------------------------------

def workflow(name: str) -> dict:
    return yaml.safe_load((REPO / ".github" / "workflows" / name).read_text())


def job_text(job: dict) -> str:
    return "\n".join(step.get("run", "") + str(step.get("uses", "")) for step in job["steps"])


def test_a_story_pull_request_gets_its_check_from_a_job_with_no_browser_java_or_test_suite():
    jobs = workflow("pull-request.yml")["jobs"]
    commands = [line.strip() for step in jobs["check"]["steps"] for line in step.get("run", "").splitlines()]
    assert commands == ["apt-get update -qq",  # the basics, then what the check needs, and nothing else
                        "DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends python3 python3-venv git make ca-certificates >/dev/null",
                        "make setup-check", "make check",
                        "env -u GITHUB_ACTIONS -u GITHUB_STEP_SUMMARY make check-tests"]
    assert "needs" not in jobs["check"] and "needs" not in jobs["preview"] and "needs" not in jobs["tests"]
    assert "jre" not in job_text(jobs["preview"]) and "make test" not in job_text(jobs["preview"])
    assert "OFFER_EDITION" in str(jobs["preview"]) and "pull-request" in str(jobs["preview"])
    tests = jobs["tests"]["steps"]  # the suite runs only when needs-tests says so; a skipped step still reports success
    assert [s.get("if") for s in tests if "make test" in s.get("run", "")] == ["steps.changes.outputs.full == 'true'"]


def test_publishing_and_previews_never_queue_behind_one_another_where_github_would_drop_one():
    """GitHub keeps one waiting job a concurrency group and cancels it when another queues: a preview queued behind
    a publication would cancel a waiting publication. Each writer of gh-pages pushes with a lease instead."""
    pull_request, publish = workflow("pull-request.yml"), workflow("publish.yml")
    assert publish["concurrency"] == {"group": "publish", "cancel-in-progress": False}
    for name in ("publish-preview", "remove-preview"):
        assert "concurrency" not in pull_request["jobs"][name]
    assert pull_request["concurrency"]["group"] == "pull-request-${{ github.event.pull_request.number }}"
    assert "pull_request.py publish --site site" in job_text(publish["jobs"]["build"])
    assert "--force-with-lease=" in SCRIPT.read_text()


def test_the_story_checks_tests_exist_and_need_no_built_site_or_browser():
    makefile = (REPO / "Makefile").read_text().replace("\\\n", " ")
    tests = re.search(r"^CHECK_TESTS := (.*)$", makefile, re.MULTILINE)[1].split()
    assert len(tests) >= 5
    for node in tests:
        path, name = node.split("::")
        tree = ast.parse((REPO / path).read_text())
        [function] = [f for f in tree.body if isinstance(f, ast.FunctionDef) and f.name == name]
        fixtures = {a.arg for a in function.args.args}
        assert not fixtures & {"real_site", "every_edition", "browser", "site", "base_url"}, node


def test_the_check_set_up_is_part_of_the_lock_with_the_same_versions():
    def pins(path: Path) -> dict[str, str]:
        text = path.read_text().replace("\\\n", " ")  # requirements.txt: each pin with its hashes on one line
        return {re.sub(r"[-_.]+", "-", line.split("==")[0].lower()): line.split("==", 1)[1]
                for line in text.splitlines() if "==" in line and not line.startswith("#")}
    check_pins, lock_pins = pins(REPO / "requirements-check.txt"), pins(REPO / "requirements.txt")
    assert {"pyyaml", "python-frontmatter", "nh3", "pillow", "pytest", "jsonschema"} <= set(check_pins)
    for name, pin in check_pins.items():
        assert lock_pins.get(name, "").split()[:1] == pin.split()[:1], f"{name}: requirements-check.txt has {pin.split()[0]}, requirements.txt {lock_pins.get(name)}"
    hashes = lambda pin: sorted(h for h in pin.split() if h.startswith("--hash="))
    assert all(hashes(pin) and hashes(pin) == hashes(lock_pins[name]) for name, pin in check_pins.items())  # pip checks every file
    assert not {"mkdocs", "mkdocs-material", "pagefind", "hypothesis"} & set(check_pins)  # no build, no test tools beyond pytest


def test_no_file_tells_a_writer_to_unzip_a_site_and_serve_it():
    found = subprocess.run(["git", "grep", "-n", "-E", r"python3? -m http\.server|Download the preview site|127\.0\.0\.1:8000 to browse",
                            "--", ".", ":!tests/test_pull_request.py"],
                           cwd=REPO, capture_output=True, text=True)
    assert found.stdout == ""


def test_the_editor_guide_shows_where_the_preview_link_is():
    guide = (REPO / "docs" / "contribute.md").read_text()
    locale = json.loads((REPO / "node_modules" / "@sveltia" / "cms" / "locales" / "en-GB.json").read_text(encoding="utf-8"))
    assert f"**{locale['deploy_preview']['view']}**" in guide and f"**{locale['deploy_preview']['view']}**" in (REPO / "CONTRIBUTING.md").read_text()
    assert re.search(r"!\[[^\]]*comment[^\]]*\]\(assets/editor/pull-request-comment\.webp\)", guide)
    assert (REPO / "docs" / "assets" / "editor" / "pull-request-comment.webp").stat().st_size < 100_000
    assert "Story preview" in guide  # the status the editor links to


@pytest.mark.parametrize("installed", ["requirements.txt", "requirements-check.txt"])
def test_the_story_checks_set_up_is_satisfied_by_itself_or_the_whole_lock(tmp_path, installed):
    """make setup-check does nothing when .venv holds the check's packages or the whole lock (its stamp is that file)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "bootstrap.sh", tmp_path / "scripts")
    for name in ("requirements.txt", "requirements-check.txt"):
        shutil.copy(REPO / name, tmp_path)
    (tmp_path / ".venv").mkdir()
    shutil.copy(REPO / installed, tmp_path / ".venv" / ".installed")
    result = subprocess.run(["sh", "scripts/bootstrap.sh", "requirements-check.txt"], cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0 and result.stdout == "", result.stdout + result.stderr
    assert (tmp_path / ".venv" / ".installed").read_text() == (REPO / installed).read_text()
    assert sorted(p.name for p in (tmp_path / ".venv").iterdir()) == [".installed"]  # nothing installed again


def test_the_story_checks_set_up_brings_an_out_of_date_whole_set_up_up_to_date_rather_than_shrinking_it(tmp_path):
    """After a lock change, make check first must not swap a whole .venv for the check's few packages (make build would swap back)."""
    (tmp_path / "scripts").mkdir()
    shutil.copy(REPO / "scripts" / "bootstrap.sh", tmp_path / "scripts")
    for name in ("requirements.txt", "requirements-check.txt"):
        shutil.copy(REPO / name, tmp_path)
    (tmp_path / ".venv" / "bin").mkdir(parents=True)
    (tmp_path / ".venv" / "bin" / "mkdocs").write_text("#!/bin/sh\n")
    (tmp_path / ".venv" / "bin" / "mkdocs").chmod(0o755)
    (tmp_path / ".venv" / ".installed").write_text("an older lock\n")
    fake = tmp_path / "fake-bin"  # a python3 that makes a venv whose pip only notes the lock it was given
    fake.mkdir()
    (fake / "python3").write_text(textwrap.dedent("""\
        #!/bin/sh
        case "$*" in
          "-c "*) exit 0 ;;
          "-m venv "*) mkdir -p "$3/bin"; printf '#!/bin/sh\\necho "$@" > "%s/pip-args"\\n' "$PWD" > "$3/bin/python"; chmod +x "$3/bin/python" ;;
        esac
        """))
    (fake / "python3").chmod(0o755)
    result = subprocess.run(["sh", "scripts/bootstrap.sh", "requirements-check.txt"], cwd=tmp_path, capture_output=True, text=True,
                            timeout=60, env=os.environ | {"PATH": f"{fake}:{os.environ['PATH']}"})
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "pip-args").read_text().split()[-1] == "requirements.txt"
    assert (tmp_path / ".venv" / ".installed").read_text() == (REPO / "requirements.txt").read_text()

"""What a pull request's workflow (.github/workflows/pull-request.yml) tells the writer, and where.

    python scripts/pull_request.py needs-tests FILE...          prints true unless every file is a story or a picture
    python scripts/pull_request.py comment --pr N --check check.txt [--ok] [--preview URL] ...
    python scripts/pull_request.py publish --pr N --site site    the preview at pr-preview/pr-N/ on the Pages branch
    python scripts/pull_request.py publish --site site           the public site at the branch's root
    python scripts/pull_request.py remove --pr N                 takes a closed pull request's preview away
    python scripts/pull_request.py status --sha SHA --state success --preview URL

The comment is one per pull request, found again by a hidden marker and edited on each run;
the job summary gets the same text. The Pages branch holds one commit, force-pushed with a
lease: publishing the site keeps every preview, and a preview never touches the site.
`comment` and `status` call the GitHub CLI (gh) with GH_TOKEN and GH_REPO set.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import tempfile
from pathlib import Path

MARKER = "<!-- offer-pull-request-comment -->"
PREVIEWS = "pr-preview"  # the folder of previews on the Pages branch
SIZES = {"desktop": "computer", "phone": "phone"}  # screenshot names (preview_screenshots.SIZES) in plain words
THUMBNAIL = 240  # CSS pixels wide in the comment; each picture links to itself at full size
PICTURES = (".jpg", ".jpeg", ".png", ".webp")
BOT = {"GIT_AUTHOR_NAME": "github-actions[bot]", "GIT_AUTHOR_EMAIL": "41898282+github-actions[bot]@users.noreply.github.com"}
PROBLEM = re.compile(r"^(?P<file>[^:]+):(?P<line>\d+): (?P<field>[^:]+): (?:(?P<level>warning): )?(?P<message>.*)$")


# ---------------------------------------------------------------------------
# Which tests a pull request needs
# ---------------------------------------------------------------------------

def is_story_or_picture(path: str) -> bool:
    """A story (case_studies/*.md, not the template) or a picture beside the stories: the full suite can skip these."""
    if not path.startswith("case_studies/"):
        return False
    folder, _, name = path.rpartition("/")
    return path.lower().endswith(PICTURES) or (folder == "case_studies" and name.endswith(".md") and name != "_template.md")


def needs_tests(files: list[str]) -> bool:
    return not files or not all(is_story_or_picture(f) for f in files)


# ---------------------------------------------------------------------------
# The comment
# ---------------------------------------------------------------------------

def problems(check_output: str) -> list[dict]:
    """Each `path:line: field: message` line of the check, as the check wrote it."""
    return [m.groupdict() for m in map(PROBLEM.match, check_output.splitlines()) if m]


def comment_text(check_output: str, ok: bool, stories: list[str], preview: str = "", pictures: list[str] = (),
                 download: str = "", closed: bool = False, fork: bool = False) -> str:
    """The comment in plain English: can it be published, each problem, the preview, the stories changed."""
    found = problems(check_output)
    errors = [p for p in found if not p["level"]]
    lines = [MARKER]
    if closed:
        return "\n".join(lines + ["### Preview removed", "", "This pull request is closed, so its preview has been taken down."]) + "\n"
    if not ok:
        lines += ["### This change cannot be published yet",
                  "", f"The check found {len(errors) or 'a'} problem{'s' * (len(errors) != 1)} to fix. "
                  "Fix each one and save again: the check runs by itself.", ""]
    elif found:
        lines += ["### This change can be published", "", "The check found no errors. Please look at the warnings below.", ""]
    else:
        lines += ["### This change can be published", "", "The check found no problems.", ""]
    if found:
        lines += ["| File | Line | Field | What to do |", "|---|---|---|---|"]
        lines += [f"| `{p['file']}` | {p['line']} | `{p['field']}` | {'Warning: ' if p['level'] else ''}{_cell(p['message'])} |"
                  for p in found]
        lines.append("")
    if preview:
        lines += [f"**Preview:** [{preview}]({preview})", "",
                  "It holds published and draft stories, never a staff-only one. It is updated on each save and removed when the pull request closes.", ""]
    elif not ok:
        lines += ["There is no preview while the check finds errors."
                  + (f" The [screenshots]({download}) can be downloaded from the run's page." if download else ""), ""]
    elif fork:
        lines += ["This pull request comes from a copy of the repository (a fork), so it has no live preview. "
                  "Its screenshots are on the run's page." + (f" [Download them]({download})." if download else ""), ""]
    lines += _stories(stories, preview, pictures)
    return "\n".join(lines).rstrip() + "\n"


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _stories(stories: list[str], preview: str, pictures: list[str]) -> list[str]:
    """Each changed story, with its page and its screenshots (each a link to the picture) when there is a preview."""
    if not stories:
        return ["No story files changed."]
    lines = ["**Stories changed:**", ""]
    for story in stories:
        slug = Path(story).stem
        lines.append(f"- `{story}`" + (f": [its page in the preview]({preview}case-studies/{slug}/)" if preview else ""))
        for size, words in SIZES.items():  # by exact name: story "garden" does not take "garden-aberfeldy"'s pictures
            if preview and (name := f"{slug}-{size}.png") in pictures:
                picture = f"{preview}screenshots/{name}"
                lines.append(f'  <a href="{picture}"><img src="{picture}" alt="{slug} on a {words}" width="{THUMBNAIL}"></a>')
    return lines


def gh(*args: str) -> str:
    return subprocess.run(["gh", *args], check=True, capture_output=True, text=True).stdout


def post_comment(repo: str, pr: int, body: str) -> str:
    """Edit the pull request's comment (the one with the marker), or add it the first time."""
    found = gh("api", f"repos/{repo}/issues/{pr}/comments", "--paginate",
               "--jq", f'.[] | select(.body | contains("{MARKER}")) | .id').split()
    with tempfile.NamedTemporaryFile("w", suffix=".md", encoding="utf-8", delete=False) as file:
        file.write(body)
    try:
        if found:
            gh("api", "--method", "PATCH", f"repos/{repo}/issues/comments/{found[0]}", "-F", f"body=@{file.name}")
            return f"Edited comment {found[0]} on pull request #{pr}."
        gh("api", "--method", "POST", f"repos/{repo}/issues/{pr}/comments", "-F", f"body=@{file.name}")
        return f"Added a comment to pull request #{pr}."
    finally:
        os.unlink(file.name)


# ---------------------------------------------------------------------------
# The Pages branch: one commit, the site at its root, previews under pr-preview/
# ---------------------------------------------------------------------------

def git(repo: Path, *args: str, env: dict | None = None, ok: tuple[int, ...] = (0,), stdin: str | None = None) -> str:
    result = subprocess.run(["git", "-C", str(repo), *args], capture_output=True, text=True, env=os.environ | BOT | (env or {}),
                            input=stdin)
    if result.returncode not in ok:
        raise SystemExit(f"git {' '.join(args)}: {result.stderr.strip()}")
    return result.stdout.strip()


def folder_tree(repo: Path, folder: Path, index: Path) -> str:
    """The tree object of a folder's files, written into the repository without touching its work tree."""
    env = {"GIT_INDEX_FILE": str(index)}
    git(repo, f"--work-tree={folder.resolve()}", "add", "--all", "--force", ".", env=env)
    return git(repo, "write-tree", env=env)


def update_branch(repo: Path, remote: str, branch: str, change, message: str, attempts: int = 3) -> str:
    """Fetch the branch, let `change(index_env, old)` edit a scratch index, push one new commit with a lease."""
    for _ in range(attempts):
        fetched = subprocess.run(["git", "-C", str(repo), "fetch", "--quiet", "--depth", "1", remote, f"refs/heads/{branch}"],
                                 capture_output=True, text=True)
        old = git(repo, "rev-parse", "FETCH_HEAD") if fetched.returncode == 0 else ""
        with tempfile.TemporaryDirectory() as scratch:
            env = {"GIT_INDEX_FILE": str(Path(scratch) / "index")}
            git(repo, "read-tree", *([old] if old else ["--empty"]), env=env)
            if not change(env, Path(scratch), old):
                return f"Nothing to change on {branch}."
            tree = git(repo, "write-tree", env=env)
        if old and tree == git(repo, "rev-parse", f"{old}^{{tree}}"):
            return f"{branch} already holds this."
        commit = git(repo, "commit-tree", tree, "-m", message, env={"GIT_COMMITTER_NAME": BOT["GIT_AUTHOR_NAME"],
                                                                     "GIT_COMMITTER_EMAIL": BOT["GIT_AUTHOR_EMAIL"]})
        pushed = subprocess.run(["git", "-C", str(repo), "push", "--quiet", f"--force-with-lease=refs/heads/{branch}:{old}",
                                 remote, f"{commit}:refs/heads/{branch}"], capture_output=True, text=True)
        if pushed.returncode == 0:
            return f"Pushed {message!r} to {branch}."
        print(f"The push to {branch} was refused (someone else pushed first?); trying again: {pushed.stderr.strip()}", file=sys.stderr)
    raise SystemExit(f"Could not push to {branch} after {attempts} attempts.")


def publish_preview(repo: Path, remote: str, branch: str, pr: int, site: Path, pictures: Path | None) -> str:
    prefix = f"{PREVIEWS}/pr-{pr}/"

    def change(env, scratch, old):
        git(repo, "rm", "-r", "--cached", "--force", "--quiet", "--ignore-unmatch", prefix.rstrip("/"), env=env)
        git(repo, "read-tree", f"--prefix={prefix}", folder_tree(repo, site, scratch / "site-index"), env=env)
        if pictures and any(pictures.glob("*.png")):
            git(repo, "read-tree", f"--prefix={prefix}screenshots/", folder_tree(repo, pictures, scratch / "pictures-index"), env=env)
        return True
    return update_branch(repo, remote, branch, change, f"Preview of pull request #{pr}")


def publish_site(repo: Path, remote: str, branch: str, site: Path) -> str:
    def change(env, scratch, old):
        previews = git(repo, "rev-parse", "--verify", "--quiet", f"{old}:{PREVIEWS}", ok=(0, 1)) if old else ""
        git(repo, "read-tree", folder_tree(repo, site, scratch / "site-index"), env=env)
        git(repo, "rm", "-r", "--cached", "--force", "--quiet", "--ignore-unmatch", PREVIEWS, env=env)  # never the site's own
        if previews:
            git(repo, "read-tree", f"--prefix={PREVIEWS}/", previews, env=env)
        empty = git(repo, "hash-object", "-w", "--stdin", stdin="")  # an empty file; never the terminal's input
        git(repo, "update-index", "--add", "--cacheinfo", f"100644,{empty},.nojekyll", env=env)  # files as they are, no Jekyll
        return True
    return update_branch(repo, remote, branch, change, "Publish the public site")


def remove_preview(repo: Path, remote: str, branch: str, pr: int) -> str:
    folder = f"{PREVIEWS}/pr-{pr}"

    def change(env, scratch, old):
        if not old or not git(repo, "ls-tree", "--name-only", old, folder):
            return False
        git(repo, "rm", "-r", "--cached", "--force", "--quiet", folder, env=env)
        return True
    return update_branch(repo, remote, branch, change, f"Remove the preview of pull request #{pr}")


# ---------------------------------------------------------------------------
# The commit status the story editor links to
# ---------------------------------------------------------------------------

STATUS_TEXT = {"success": "Preview ready: open it to see the story", "failure": "No preview: the check found errors",
               "pending": "Building the preview"}


def preview_context(editor_config: Path) -> str:
    """The status context the story editor looks for, as the build wrote it in the editor's configuration (admin/config.yml)."""
    found = re.search(r"^\s+preview_context: *['\"]?(.+?)['\"]?\s*$", editor_config.read_text(encoding="utf-8"), re.MULTILINE)
    if not found:
        raise SystemExit(f"{editor_config}: no preview_context; the story editor would not find the preview")
    return found[1]


def set_status(repo: str, sha: str, state: str, preview: str, context: str) -> str:
    fields = ["-f", f"state={state}", "-f", f"context={context}", "-f", f"description={STATUS_TEXT[state]}"]
    gh("api", "--method", "POST", f"repos/{repo}/statuses/{sha}", *fields, *(["-f", f"target_url={preview}"] if preview else []))
    return f"Set the status {context!r} on {sha[:7]}: {state}."


# ---------------------------------------------------------------------------
# Command line
# ---------------------------------------------------------------------------

def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("needs-tests").add_argument("files", nargs="*")

    comment = commands.add_parser("comment")
    comment.add_argument("--pr", type=int, required=True)
    comment.add_argument("--check", type=Path, help="the check's output")
    comment.add_argument("--ok", action="store_true", help="the check found no errors")
    comment.add_argument("--stories", type=Path, help="a file listing the changed stories, one a line")
    comment.add_argument("--preview", default="", help="the live preview's address")
    comment.add_argument("--pictures", type=Path, help="the folder of screenshots published with the preview")
    comment.add_argument("--download", default="", help="where the screenshots can be downloaded")
    comment.add_argument("--closed", action="store_true")
    comment.add_argument("--summary-only", action="store_true", help="a fork's pull request: the job summary only")

    for name in ("publish", "remove"):
        sub = commands.add_parser(name)
        sub.add_argument("--pr", type=int, required=name == "remove")
        sub.add_argument("--repo", type=Path, default=Path("."), help="the checked-out repository (its remote is written to)")
        sub.add_argument("--remote", default="origin")
        sub.add_argument("--branch", default="gh-pages")
        if name == "publish":
            sub.add_argument("--site", type=Path, required=True)
            sub.add_argument("--pictures", type=Path)

    status = commands.add_parser("status")
    status.add_argument("--sha", required=True)
    status.add_argument("--state", choices=sorted(STATUS_TEXT), required=True)
    status.add_argument("--preview", default="")
    status.add_argument("--editor-config", type=Path, required=True, help="the built site's admin/config.yml")

    args = parser.parse_args(argv)
    if args.command == "needs-tests":
        print("true" if needs_tests(args.files) else "false")
    elif args.command == "comment":
        print(comment_command(args))
    elif args.command == "publish":
        print(publish_preview(args.repo, args.remote, args.branch, args.pr, args.site, args.pictures) if args.pr
              else publish_site(args.repo, args.remote, args.branch, args.site))
    elif args.command == "remove":
        print(remove_preview(args.repo, args.remote, args.branch, args.pr))
    else:
        print(set_status(os.environ["GH_REPO"], args.sha, args.state, args.preview, preview_context(args.editor_config)))
    return 0


def comment_command(args) -> str:
    read = lambda path: path.read_text(encoding="utf-8") if path and path.is_file() else ""  # noqa: E731
    stories = read(args.stories).split()
    pictures = sorted(p.name for p in args.pictures.glob("*.png")) if args.pictures and args.pictures.is_dir() else []
    body = comment_text(read(args.check), args.ok, stories, args.preview, pictures, args.download, args.closed, args.summary_only)
    if os.environ.get("GITHUB_STEP_SUMMARY"):
        with open(os.environ["GITHUB_STEP_SUMMARY"], "a", encoding="utf-8") as summary:
            summary.write(body)
    if args.summary_only:
        return "A pull request from a fork: the job summary only."
    return post_comment(os.environ["GH_REPO"], args.pr, body)


if __name__ == "__main__":
    sys.exit(main())

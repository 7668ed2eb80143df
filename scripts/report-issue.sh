#!/bin/sh
# Keep one GitHub issue up to date with the library report (.github/workflows/report.yml runs this weekly).
#   sh scripts/report-issue.sh [report options, e.g. --today 2026-01-15]
# It opens the issue when something needs attention, edits it on later runs, and closes it
# when nothing is left. The issue is the open one with the label below. The job summary
# gets the same text. Needs the GitHub CLI (gh), with GH_TOKEN and GH_REPO set.
set -eu
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-.venv/bin/python}"
LABEL="${REPORT_LABEL:-library-report}"
TITLE="Library report: what needs attention"
# one "today" for the whole run, even if it crosses midnight
SOURCE_DATE_EPOCH="${SOURCE_DATE_EPOCH:-$(date +%s)}"
export SOURCE_DATE_EPOCH

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
"$PYTHON" scripts/library.py report "$@" --format json > "$work/report.json"
count=$("$PYTHON" -c '
import json, sys
report = json.load(open(sys.argv[1], encoding="utf-8"))
open(sys.argv[2], "w", encoding="utf-8").write(report["markdown"])
print(report["count"])' "$work/report.json" "$work/report.md")

if [ -n "${GITHUB_STEP_SUMMARY:-}" ]; then
    cat "$work/report.md" >> "$GITHUB_STEP_SUMMARY"
fi
{
    cat "$work/report.md"
    echo
    echo "---"
    echo "This issue is kept up to date by the weekly report (\`.github/workflows/report.yml\`, or \`make report\` on your own machine). It closes itself when nothing is left."
    if [ -n "${GITHUB_RUN_ID:-}" ]; then
        echo "Last run: ${GITHUB_SERVER_URL:-https://github.com}/${GITHUB_REPOSITORY:-}/actions/runs/$GITHUB_RUN_ID"
    fi
} > "$work/body.md"

number=$(gh issue list --label "$LABEL" --state open --json number --jq '.[0].number // empty')
if [ "$count" -gt 0 ]; then
    if [ -n "$number" ]; then
        gh issue edit "$number" --body-file "$work/body.md"
        echo "Updated issue #$number: $count thing(s) need attention."
    else
        gh label create "$LABEL" --force --color FBCA04 --description "The weekly library report: what needs attention"
        gh issue create --title "$TITLE" --label "$LABEL" --body-file "$work/body.md"
        echo "Opened an issue: $count thing(s) need attention."
    fi
elif [ -n "$number" ]; then
    gh issue close "$number" --comment "Nothing needs attention any more: $(head -n 1 "$work/report.md" | sed 's/^# //') found nothing."
    echo "Closed issue #$number: nothing needs attention."
else
    echo "Nothing needs attention, and no report issue is open."
fi

#!/bin/sh
# Re-resolve the dependency ranges in pyproject.toml and write requirements.lock.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
python3 - > "$tmp/ranges.txt" <<'PY'
import tomllib
project = tomllib.load(open("pyproject.toml", "rb"))["project"]
for requirement in project["dependencies"] + sum(project["optional-dependencies"].values(), []):
    print(requirement)
PY
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check -r "$tmp/ranges.txt"
{
    echo "# Exact versions for every set-up (make setup installs these). Regenerate with scripts/lock.sh."
    "$tmp/venv/bin/pip" freeze
} > requirements.lock
rm -rf "$tmp"
echo "Wrote requirements.lock"

#!/bin/sh
# Re-resolve the dependency ranges in pyproject.toml and write requirements.lock.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check ".[test]"
{
    echo "# Exact versions for every set-up (make setup installs these). Regenerate with scripts/lock.sh."
    "$tmp/venv/bin/pip" freeze --exclude offer-library
} > requirements.lock
rm -rf "$tmp"
echo "Wrote requirements.lock"

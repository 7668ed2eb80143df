#!/bin/sh
# Compile each requirements*.in into its requirements*.txt: exact versions with every file's hash,
# as Dependabot does when it updates them. Existing pins are kept unless the ranges rule them out;
# pass --upgrade to move everything to the newest versions the ranges allow.
#   sh scripts/lock.sh [--upgrade]
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
"$tmp/venv/bin/pip" install --quiet --disable-pip-version-check "pip-tools==7.6.2"
for source in requirements.in requirements-fallback.in; do
    # Only the package index: no local folders or mirrors of this machine written into the file.
    env -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null "$tmp/venv/bin/pip-compile" --quiet "$@" \
        --generate-hashes --allow-unsafe --strip-extras --no-emit-index-url --no-emit-find-links \
        --output-file "${source%.in}.txt" "$source"
    echo "Wrote ${source%.in}.txt"
done

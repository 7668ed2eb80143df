#!/bin/sh
# Set up a virtual environment from a lock file. Safe to run again: it only reinstalls when
# the lock file has changed. Where the lock file has hashes (requirements.txt and
# requirements-fallback.txt), pip checks every file it installs against them.
#   sh scripts/bootstrap.sh                                          .venv: everything (requirements.txt)
#   sh scripts/bootstrap.sh requirements-check.txt                   .venv: what the story check needs; a full set-up has it (or is renewed whole)
#   sh scripts/bootstrap.sh requirements-fallback.txt .venv-fallback   the fallback platform (PLATFORM.md)
set -eu
cd "$(dirname "$0")/.."
LOCK="${1:-requirements.txt}"
VENV="${2:-.venv}"
STAMP="$VENV/.installed"

installed() { [ -f "$STAMP" ] && cmp -s "$1" "$STAMP"; }
if installed "$LOCK" || installed requirements.txt; then  # the whole lock holds everything a smaller set-up needs
    exit 0
fi
if [ "$LOCK" = requirements-check.txt ] && [ -x "$VENV/bin/mkdocs" ]; then
    LOCK=requirements.txt  # an out-of-date whole set-up: bring it up to date, not down to the check's (the next build would redo it)
fi

# Debian's python3 comes without venv/ensurepip until python3-venv is installed.
if ! python3 -c "import ensurepip, venv" 2>/dev/null; then
    if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
        echo "Installing python3-venv (Debian's Python has no venv module without it)..."
        apt-get update -qq
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
    else
        echo "Python's venv module is missing. Install it, then run this again:" >&2
        echo "    sudo apt-get install python3-venv" >&2
        exit 1
    fi
fi

rm -rf "$VENV"
python3 -m venv "$VENV"
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$LOCK"
cp "$LOCK" "$STAMP"
echo "Set up $VENV with $LOCK."

#!/bin/sh
# Set up .venv with the locked dependencies. Safe to run again: it only
# reinstalls when the lock file has changed.
#   sh scripts/bootstrap.sh                        everything (requirements.lock)
#   sh scripts/bootstrap.sh requirements-check.txt what the story check needs; a full set-up already has it
set -eu
cd "$(dirname "$0")/.."
VENV=.venv
STAMP="$VENV/.installed"
LOCK="${1:-requirements.lock}"

installed() { [ -f "$STAMP" ] && cmp -s "$1" "$STAMP"; }
if installed "$LOCK" || installed requirements.lock; then  # the whole lock holds everything a smaller set-up needs
    exit 0
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
echo "Set up .venv with $LOCK."

#!/bin/sh
# Set up a virtual environment from a lock file: exact versions, every file checked against
# its hash. Safe to run again: it only reinstalls when the lock file has changed.
#   sh scripts/bootstrap.sh                                         .venv from requirements.txt (make setup)
#   sh scripts/bootstrap.sh .venv-fallback requirements-fallback.txt   the fallback platform (PLATFORM.md)
set -eu
cd "$(dirname "$0")/.."
VENV=${1:-.venv}
LOCK=${2:-requirements.txt}
STAMP="$VENV/.installed"

if [ -f "$STAMP" ] && cmp -s "$LOCK" "$STAMP"; then
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
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --require-hashes -r "$LOCK"
cp "$LOCK" "$STAMP"
echo "Set up $VENV with the locked dependencies ($LOCK)."

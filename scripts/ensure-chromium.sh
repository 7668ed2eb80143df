#!/bin/sh
# The browser tests drive Debian's chromium with Playwright (never a downloaded browser).
set -eu
command -v chromium >/dev/null && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's chromium for the browser tests..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
else
    echo "The browser tests need chromium. Install it, then run this again:" >&2
    echo "    sudo apt-get install chromium" >&2
    exit 1
fi

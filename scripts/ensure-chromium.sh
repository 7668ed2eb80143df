#!/bin/sh
# The browser tests drive Debian's chromium with Playwright (never a downloaded browser).
set -eu
exec sh "$(dirname "$0")/ensure-command.sh" chromium chromium

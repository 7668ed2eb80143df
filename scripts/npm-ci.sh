#!/bin/sh
# Install the Node tools and the story editor exactly as package-lock.json pins them (npm ci).
# Debian's own npm is 9.2. On trixie it cannot read package-lock.json's "overrides" (its shared
# semver module stops at lighthouse's "latest" ranges, and npm ci says there is no lock file),
# so an npm older than 10 is replaced, for this project only, by npm NPM_VERSION from the npm
# registry, in .npm-tool/.
set -eu
cd "$(dirname "$0")/.."
NPM_VERSION=10.9.4
sh scripts/ensure-command.sh node nodejs npm
sh scripts/ensure-command.sh npm npm
npm=npm
if [ "$(npm --version | cut -d. -f1)" -lt 10 ]; then
    npm="$PWD/.npm-tool/node_modules/.bin/npm"
    if [ "$("$npm" --version 2>/dev/null)" != "$NPM_VERSION" ]; then
        echo "Debian's npm $(npm --version) cannot read this lock file: installing npm $NPM_VERSION in .npm-tool/ for this project..."
        # From an empty folder, so the project's own package.json and overrides play no part
        (cd "$(mktemp -d)" && npm install --quiet --no-audit --no-fund --prefix "$OLDPWD/.npm-tool" "npm@$NPM_VERSION")
    fi
fi
"$npm" ci --ignore-scripts --no-audit --no-fund

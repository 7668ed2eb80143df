#!/bin/sh
# Install a Debian package when a command the tests or tools need is missing.
#   sh scripts/ensure-command.sh COMMAND PACKAGE [PACKAGE...]
# Never downloads anything but Debian's packages; as a non-root user it says what to run.
set -eu
command="$1"; shift
command -v "$command" >/dev/null && exit 0
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null; then
    echo "Installing Debian's $* (for $command)..."
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
else
    echo "This needs $command. Install it, then run this again:" >&2
    echo "    sudo apt-get install $*" >&2
    exit 1
fi

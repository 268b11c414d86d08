#!/bin/sh
# install-deps.sh - installs the Debian 12 packages grille needs to build,
# test and benchmark.  Run as root (or through sudo).
set -eu
PACKAGES="build-essential autoconf automake libtool pkg-config
libpcre2-dev libicu-dev libxml2-dev libutf8proc-dev libsqlite3-dev libzip-dev check libxml2-utils python3 sqlite3
chromium fonts-dejavu-core"
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -z "$missing" ]; then
    echo "install-deps: all packages present"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: run as root to install:$missing" >&2
        exit 2
    fi
else
    SUDO=
fi
echo "install-deps: installing$missing"
$SUDO apt-get update -qq
# shellcheck disable=SC2086
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing

#!/bin/sh
# install-deps.sh - installs the Debian 12 packages grille needs to build,
# test and benchmark, and that the QualCoder interoperability test needs.
# Run as root (or through sudo).
set -eu
PACKAGES="build-essential autoconf automake libtool pkg-config gettext autopoint
libpcre2-dev libicu-dev libxml2-dev libutf8proc-dev libsqlite3-dev libzip-dev libxlsxwriter-dev check libxml2-utils python3 sqlite3
chromium fonts-dejavu-core man-db
python3-pyqt6 python3-pyqt6.qtsvg python3-pyqt6.qtmultimedia python3-pil python3-fitz python3-qtawesome
python3-openpyxl python3-pandas python3-odf python3-charset-normalizer python3-diff-match-patch python3-emoji
python3-matplotlib python3-networkx python3-pdfminer python3-ply python3-vlc python3-requests python3-markdown-it
python3-httpx python3-pydantic python3-ebooklib python3-pylatexenc python3-biopython python3-plotly python3-wordcloud"
# The python3-* packages are those QualCoder's REFI-QDA code needs, run
# headless by tests/interop-qualcoder.sh with ../shared/interop (its README
# lists them); without that folder the test skips and they go unused.
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

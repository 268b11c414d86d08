#!/bin/sh
# install-deps.sh - installs the Debian 12 packages grille needs to build,
# test and benchmark, and that the QualCoder interoperability test needs,
# and generates the fr_FR.UTF-8 locale (LANG=fr_FR.UTF-8 grille ... then
# speaks French).  Run as root (or through sudo); run again, it does only
# what is missing.
set -eu
PACKAGES="locales build-essential autoconf automake libtool pkg-config gettext autopoint
libpcre2-dev libicu-dev libxml2-dev libutf8proc-dev libsqlite3-dev libzip-dev libxlsxwriter-dev check libxml2-utils python3 sqlite3
chromium fonts-dejavu-core man-db munge slurm-wlm
python3-pyqt6 python3-pyqt6.qtsvg python3-pyqt6.qtmultimedia python3-pil python3-fitz python3-qtawesome
python3-openpyxl python3-pandas python3-odf python3-charset-normalizer python3-diff-match-patch python3-emoji
python3-matplotlib python3-networkx python3-pdfminer python3-ply python3-vlc python3-requests python3-markdown-it
python3-httpx python3-pydantic python3-ebooklib python3-pylatexenc python3-biopython python3-plotly python3-wordcloud"
# munge and slurm-wlm (slurmctld, slurmd and slurm-client) are for
# tests/slurm.sh, which starts a one-node cluster of its own
# (configuration, key, ports) and stops it; the packages' own services
# need a /etc/slurm/slurm.conf that is not written here, and stay down.
# The python3-* packages are those QualCoder's REFI-QDA code needs, run
# headless by tests/interop-qualcoder.sh with ../shared/interop (its README
# lists them); without that folder the test skips and they go unused.
missing=""
for p in $PACKAGES; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
# the French locale: grille's messages follow LANG, which needs the
# locale generated (a fresh Debian has only C and C.UTF-8)
has_fr() { locale -a 2>/dev/null | grep -qi '^fr_FR\.utf-\?8$'; }
if [ -z "$missing" ] && has_fr; then
    echo "install-deps: all packages present, fr_FR.UTF-8 generated"
    exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO=sudo; else
        echo "install-deps: run as root to install:$missing${missing:+ and}$(has_fr || echo ' the fr_FR.UTF-8 locale')" >&2
        exit 2
    fi
else
    SUDO=
fi
if [ -n "$missing" ]; then
    echo "install-deps: installing$missing"
    $SUDO apt-get update -qq
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
if ! has_fr; then
    echo "install-deps: generating the fr_FR.UTF-8 locale"
    # uncomment its line in /etc/locale.gen (or add it), then generate
    # the locales listed there
    if grep -q '^[#[:space:]]*fr_FR\.UTF-8 UTF-8' /etc/locale.gen 2>/dev/null; then
        $SUDO sed -i 's/^[#[:space:]]*\(fr_FR\.UTF-8 UTF-8\)/\1/' /etc/locale.gen
    else
        echo 'fr_FR.UTF-8 UTF-8' | $SUDO tee -a /etc/locale.gen >/dev/null
    fi
    $SUDO locale-gen >/dev/null
    has_fr || { echo "install-deps: fr_FR.UTF-8 still missing after locale-gen" >&2; exit 1; }
fi

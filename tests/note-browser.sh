#!/bin/sh
# note-browser.sh - renders the HTML of `grille note` in headless Chromium
# and checks what a browser makes of it: the heat map has one
# <rect class="cell"> per theme and document, the cells hold the counts of
# `grille matrix`, labels and verbatims are there, and a screenshot can be
# taken.  Skips (exit 77) when Chromium is not installed, unless CI is set.
#
# NOTE_SCREENSHOT=FILE keeps the screenshot of the sample corpora's note
# (1400x1000), e.g. to refresh doc/note-example.png.
#
# Usage: top_builddir=/path/to/build sh tests/note-browser.sh
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
G="$top_builddir/grille"
MIN="$top_srcdir/tests/data/codebooks/minimal.xml"
pass=0
fail=0

browser=
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$b; break; fi
done
if [ -z "$browser" ]; then
    if [ -z "${CI:-}" ]; then
        echo "note-browser: chromium is not installed (apt-get install chromium): skipped"
        exit 77
    fi
    echo "note-browser: chromium is not installed, and CI is set: scripts/install-deps.sh installs it"
    echo "note-browser: 0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
check() { # description, then a command that must succeed
    what=$1
    shift
    if "$@"; then ok; else ko "$what"; fi
}

# One browser per call, its own profile, nothing fetched from the network.
browse() {
    profile=$(mktemp -d "$work/profile.XXXXXX")
    timeout 120 "$browser" --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
        --disable-background-networking --disable-component-update --disable-sync \
        --user-data-dir="$profile" "$@" 2>>"$work/browser.log"
}

# How many times a fixed string occurs in a file.
count() { grep -o -F -- "$1" "$2" | wc -l | tr -d ' '; }

# --- the test transcripts, with the minimal codebook: 6 themes x 2 documents
if (cd "$top_srcdir" && "$G" note -c "$MIN" -o "$work/min.html" tests/data/transcripts); then ok; else
    ko "grille note -o min.html"
fi
browse --dump-dom "file://$work/min.html" >"$work/min.dom"
check "minimal: the browser rendered the page" grep -q '</html>' "$work/min.dom"
n=$(count '<rect class="cell"' "$work/min.dom")
check "minimal: 12 cells, got $n" [ "$n" -eq 12 ]
check "minimal: ARS cell of ec-test" \
    grep -q -F '<rect class="cell" data-theme="ars" data-document="ec-test" data-count="1"' "$work/min.dom"
check "minimal: empty cell" \
    grep -q -F '<rect class="cell" data-theme="reseau" data-document="ec-test" data-count="0"' "$work/min.dom"
n=$(count '<text class="count"' "$work/min.dom")
check "minimal: 8 counts printed, got $n" [ "$n" -eq 8 ]
check "minimal: row label" grep -q -F '>Comité de pilotage</text>' "$work/min.dom"
check "minimal: group label" grep -q -F '<text class="group"' "$work/min.dom"
check "minimal: verbatim and attribution" \
    grep -q -F '— Entretien de test, Coordinatrice <span class="where">(ei-test, line 12; 3 rules, 4 matches)' \
    "$work/min.dom"
# self-contained: nothing to fetch, no script
check "minimal: no script" sh -c "! grep -q -i '<script' '$work/min.html'"
check "minimal: no external resource" sh -c "! grep -q -E 'src=|<link|url\\(|https:' '$work/min.html'"

# --- the sample corpora with the default codebook
if (cd "$top_srcdir" && "$G" note -o "$work/corpora.html" corpora) &&
    (cd "$top_srcdir" && "$G" matrix -f tsv corpora >"$work/matrix.tsv"); then ok; else
    ko "grille note / grille matrix on corpora"
fi
browse --dump-dom "file://$work/corpora.html" >"$work/corpora.dom"
themes=$(($(wc -l <"$work/matrix.tsv") - 3))
docs=$(($(head -1 "$work/matrix.tsv" | awk -F'\t' '{print NF}') - 3))
n=$(count '<rect class="cell"' "$work/corpora.dom")
check "corpora: $themes themes x $docs documents cells, got $n" [ "$n" -eq $((themes * docs)) ]
check "corpora: at least 40 themes and 10 documents" sh -c "[ $themes -ge 40 ] && [ $docs -ge 10 ]"
# every cell of the rendered map holds grille matrix's count
grep -o '<rect class="cell" data-theme="[^"]*" data-document="[^"]*" data-count="[0-9]*"' "$work/corpora.dom" |
    sed 's/.*data-theme="\([^"]*\)" data-document="\([^"]*\)" data-count="\([0-9]*\)"/\1\t\2\t\3/' \
        >"$work/cells.tsv"
awk -F'\t' 'NR == FNR { cell[$1 "\t" $2] = $3; next }
    FNR == 1 { for (i = 3; i < NF; i++) doc[i] = $i; next }
    $1 ~ /^\(/ { next }
    { for (i = 3; i < NF; i++) { k = $1 "\t" doc[i]; checked++
        if (!(k in cell)) { print "no cell for " k; bad++ }
        else if (cell[k] != $i) { print "cell " k ": " cell[k] ", matrix " $i; bad++ } } }
    END { if (checked == 0) bad++; exit bad > 0 }' "$work/cells.tsv" "$work/matrix.tsv" >"$work/cells.diff"
check "corpora: cells equal grille matrix's counts ($(head -3 "$work/cells.diff" | tr '\n' ' '))" \
    [ ! -s "$work/cells.diff" ]
check "corpora: top-level row label" grep -q -F '>Pilotage et portage politique</text>' "$work/corpora.dom"
check "corpora: sub-theme row label" grep -q -F '>Élus référents et portage politique</text>' "$work/corpora.dom"
check "corpora: column label" grep -q -F '>ei-03-asv-qpv</text>' "$work/corpora.dom"
check "corpora: groups" grep -q -F '<text class="group"' "$work/corpora.dom"
check "corpora: EI attribution with the role" grep -q -F ', C, coordinateur <span class="where">' "$work/corpora.dom"
n=$(count '<section class="theme"' "$work/corpora.dom")
check "corpora: one section per theme, got $n" [ "$n" -eq "$themes" ]

# --- a screenshot
browse --screenshot="$work/note.png" --window-size=1400,1000 "file://$work/corpora.html" >/dev/null
check "screenshot written" [ -s "$work/note.png" ]
check "screenshot is a PNG" sh -c "head -c 8 '$work/note.png' | od -An -c | grep -q 'P   N   G'"
size=$(wc -c <"$work/note.png" 2>/dev/null || echo 0)
check "screenshot is not blank ($size bytes)" [ "$size" -gt 20000 ]
if [ -n "${NOTE_SCREENSHOT:-}" ] && [ -s "$work/note.png" ]; then cp "$work/note.png" "$NOTE_SCREENSHOT"; fi

if [ "$fail" -ne 0 ] && [ -s "$work/browser.log" ]; then
    echo "--- browser messages"
    tail -20 "$work/browser.log"
fi
echo "note-browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# review-browser.sh - the page of `grille review` in headless Chromium,
# driven over the DevTools protocol (tests/cdp.py, Python's standard
# library only): keys accept, reject and add themes, the page keeps the
# decisions when reopened, exports a gold that grille eval reads with the
# counts the keys imply, two coders' exports compare, and a page of about
# 5,000 units opens in under 2 s (the figure is printed).  Skips (exit 77)
# when Chromium is not installed, unless CI is set.
#
# Usage: top_builddir=/path/to/build sh tests/review-browser.sh
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
G="$top_builddir/grille"
S="$top_srcdir"

browser=
for b in chromium chromium-browser google-chrome; do
    if command -v "$b" >/dev/null 2>&1; then browser=$(command -v "$b"); break; fi
done
if [ -z "$browser" ] || ! command -v python3 >/dev/null 2>&1; then
    if [ -z "${CI:-}" ]; then
        echo "review-browser: chromium or python3 is not installed (apt-get install chromium python3): skipped"
        exit 77
    fi
    echo "review-browser: chromium or python3 is not installed, and CI is set: scripts/install-deps.sh installs them"
    echo "review-browser: 0 passed, 1 failed"
    exit 1
fi

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM

# About 5,000 units of coded speech: the eight illustrative interviews,
# seven times over, in folders of their own (56 documents).
for i in 1 2 3 4 5 6 7; do
    mkdir -p "$work/big/lot$i"
    cp "$S"/corpora/illustratifs/*.txt "$work/big/lot$i/"
done

(cd "$S" && timeout 600 python3 "$S/tests/review_browser.py" "$browser" "$G" \
    "$S/tests/data/codebooks/minimal.xml" "$S/tests/data/transcripts" "$work" "$work/big") >"$work/out" 2>&1
rc=$?
grep -v '^ok ' "$work/out"
pass=$(grep -c '^ok ' "$work/out")
fail=$(grep -c '^FAIL ' "$work/out")
if [ "$rc" -ne 0 ] && [ "$fail" -eq 0 ]; then fail=1; fi
if [ "$fail" -ne 0 ] && [ -s "$work/browser.log" ]; then
    echo "--- browser messages"
    tail -20 "$work/browser.log"
fi
echo "review-browser: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

#!/bin/sh
# man-fr.sh - the French manual page keeps up with the English one: the
# same example commands, byte for byte, and every option the English page
# documents.  A page translated once and then forgotten fails here.
#
# Usage: top_srcdir=/path/to/source sh tests/man-fr.sh
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
EN="$top_srcdir/doc/grille.1"
FR="$top_srcdir/doc/fr/grille.1"
work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
fail=0

# the example commands
grep -E '^\$ (grille|sqlite3) ' "$EN" | sort -u >"$work/en.ex"
grep -E '^\$ (grille|sqlite3) ' "$FR" | sort -u >"$work/fr.ex"
n=$(wc -l <"$work/en.ex")
if [ "$n" -lt 5 ]; then echo "man-fr: only $n examples in $EN"; fail=1; fi
missing=$(comm -23 "$work/en.ex" "$work/fr.ex")
if [ -n "$missing" ]; then
    echo "man-fr: examples of the English page missing from the French one:"
    echo "$missing"
    fail=1
fi

# the long options (roff writes -- as \-\-)
opts() { grep -o '\\-\\-[a-z][a-z\\-]*[a-z]' "$1" | sed 's/\\//g' | sort -u; }
opts "$EN" >"$work/en.opt"
opts "$FR" >"$work/fr.opt"
missing=$(comm -23 "$work/en.opt" "$work/fr.opt")
if [ -n "$missing" ]; then
    echo "man-fr: options of the English page missing from the French one:"
    echo "$missing"
    fail=1
fi

# the page renders without a warning, where groff is installed
if command -v groff >/dev/null 2>&1; then
    warnings=$(groff -k -man -Tutf8 -ww "$FR" 2>&1 >/dev/null)
    if [ -n "$warnings" ]; then echo "man-fr: groff warns:"; echo "$warnings"; fail=1; fi
fi
[ "$fail" = 0 ] && echo "man-fr: $n examples and $(wc -l <"$work/en.opt") options in both pages"
exit "$fail"

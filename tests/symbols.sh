#!/bin/sh
# symbols.sh - the shared library exports exactly what grille.h declares:
# no internal helper leaks (a program could come to depend on it), and
# nothing declared is missing.  The declared list is read here from the
# preprocessed header (the compiler removes the comments), independently
# of the build's own list (build-aux/public-symbols.sh).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
so=$(ls "$top_builddir"/lib/.libs/libgrille.so.[0-9]* 2>/dev/null | head -1)
if [ -z "$so" ]; then echo "symbols: no shared library built (--disable-shared?): skipped"; exit 77; fi
command -v nm >/dev/null 2>&1 || { echo "symbols: no nm: skipped"; exit 77; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
${CC:-cc} -E -P -I"$top_srcdir/lib" "$top_srcdir/lib/grille.h" |
    grep -o 'grille_[a-z0-9_]*[[:space:]]*(' | sed 's/[[:space:]]*($//' | sort -u >"$work/declared"
nm -D --defined-only "$so" | awk '$2 == "T" || $2 == "D" || $2 == "B" || $2 == "R" { print $3 }' |
    grep -v '^_' | sort -u >"$work/exported"
if cmp -s "$work/declared" "$work/exported"; then
    echo "symbols: $(wc -l <"$work/declared") functions, exported exactly as declared"
    exit 0
fi
echo "FAIL: exported but not declared in grille.h:"; comm -13 "$work/declared" "$work/exported"
echo "FAIL: declared in grille.h but not exported:"; comm -23 "$work/declared" "$work/exported"
exit 1

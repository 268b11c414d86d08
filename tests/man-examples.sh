#!/bin/sh
# man-examples.sh - runs every example command of the manual page.
#
# Each line of doc/grille.1 that starts with "$ grille " is an example:
# its roff escapes are undone (\- is -, \e is \, \(aq is ', ...), "grille"
# is replaced by "$top_builddir/grille", and the command is run with sh
# from "$top_srcdir".  An example fails when it exits with a non-zero
# status.  The test fails when an example fails or when the page holds
# fewer than 5 examples.
#
# Usage: top_builddir=/path/to/build sh tests/man-examples.sh
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
MAN="$top_srcdir/doc/grille.1"
G="$top_builddir/grille"
MIN_EXAMPLES=5

work=$(mktemp -d) || exit 1
trap 'rm -rf "$work"' EXIT
trap 'exit 1' HUP INT TERM
# Examples that write files write them to $TMPDIR: keep them here.
TMPDIR="$work/tmp"
export TMPDIR
mkdir "$TMPDIR" || exit 1

if [ ! -r "$MAN" ]; then
    echo "man-examples: cannot read $MAN"
    echo "man-examples: 0 passed, 1 failed"
    exit 1
fi
if [ ! -x "$G" ]; then
    echo "man-examples: no grille program at $G (set top_builddir)"
    echo "man-examples: 0 passed, 1 failed"
    exit 1
fi

# The example lines, one per line, as a reader types them.  \e is first
# turned into a byte that cannot occur in the page, so that "\e-" gives
# "\-" and not "-".
esc=$(printf '\001')
grep '^\$ grille ' "$MAN" | sed \
    -e 's/^\$ //' \
    -e "s/\\\\e/$esc/g" \
    -e 's/\\-/-/g' \
    -e "s/\\\\(aq/'/g" \
    -e 's/\\(dq/"/g' \
    -e 's/\\(ga/`/g' \
    -e 's/\\(ti/~/g' \
    -e 's/\\(ha/^/g' \
    -e 's/\\(rs/\\/g' \
    -e 's/\\(at/@/g' \
    -e 's/\\(lB/[/g' \
    -e 's/\\(rB/]/g' \
    -e 's/\\&//g' \
    -e 's/\\ / /g' \
    -e 's/\\~/ /g' \
    -e "s/$esc/\\\\/g" >"$work/examples"

pass=0
fail=0
while IFS= read -r example; do
    # "grille ARGS" runs as "$G" ARGS; the shell reads ARGS as typed
    args=${example#grille}
    ( cd "$top_srcdir" && eval "\"\$G\"$args" ) </dev/null >"$work/stdout" 2>"$work/stderr"
    status=$?
    # a build without a part (configure --without-sqlite, --without-refi):
    # its examples are refused as tests/optional.sh checks, and those
    # reading what they would have written cannot run
    needs=$(printf '%s\n' "$example" | grep -o 'TMPDIR:-/tmp}/[^" ]*' | while read -r f; do
        grep -qF "$f" "$work/not-built" 2>/dev/null && echo "$f"; done)
    if [ "$status" -eq 2 ] && { grep -q "grille was built without .* (configure --without-" "$work/stderr" ||
        [ -n "$needs" ]; }; then
        printf '%s\n' "$example" >>"$work/not-built"
        echo "SKIP (not built in): $example"
    elif [ "$status" -eq 0 ]; then
        pass=$((pass + 1))
        echo "PASS: $example"
    else
        fail=$((fail + 1))
        echo "FAIL (exit $status): $example"
        sed -e 's/^/    /' "$work/stderr" | head -20
    fi
done <"$work/examples"

total=$((pass + fail))
if [ "$total" -lt "$MIN_EXAMPLES" ]; then
    echo "FAIL: only $total examples in doc/grille.1 (at least $MIN_EXAMPLES expected)"
    fail=$((fail + 1))
fi
echo "man-examples: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

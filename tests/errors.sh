#!/bin/sh
# errors.sh - golden tests of error messages (file:line:column) and exit
# codes, and that a failed run leaves no output file behind.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
G="$top_builddir/grille"
D="$top_srcdir/tests/data"
GOLD="$D/golden"
MIN="$D/codebooks/minimal.xml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

golden() {
    name=$1
    shift
    ( cd "$top_srcdir" && "$@" ) >"$work/stdout" 2>"$work/stderr"
    status=$?
    {
        cat "$work/stdout"
        if [ -s "$work/stderr" ]; then echo "--- stderr"; cat "$work/stderr"; fi
        echo "--- exit $status"
    } | sed -e "s|$top_srcdir/||g" -e "s|$work/||g" >"$work/$name.out"
    [ "${GOLDEN_UPDATE:-0}" = 1 ] && cp "$work/$name.out" "$GOLD/$name.out"
    if diff -u "$GOLD/$name.out" "$work/$name.out" >"$work/diff"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: $name"; head -40 "$work/diff"
    fi
}

B="tests/data/codebooks"
for f in bad-malformed bad-schema bad-duplicate-id bad-regex bad-empty-theme bad-entity bad-settings bad-long-regex \
    bad-deep bad-near-65 bad-ampersand bad-no-label bad-distance; do
    golden "error-$f" "$G" check "$B/$f.xml"
done
# a warning is printed, and the codebook is valid: exit 0
golden warn-parentheses "$G" check "$B/warn-parentheses.xml"
golden error-check-missing "$G" check tests/data/codebooks/nonexistent.xml
golden error-supplement-folder "$G" check "$B/bad-supplement-folder.xml"
# hostile sizes: an endless input ends in a clear error, not in exhausted memory
[ -c /dev/zero ] && golden error-dev-zero "$G" code -c "$MIN" /dev/zero
golden error-max-size-value "$G" code -c "$MIN" --max-size lots tests/data/transcripts
golden error-latin1 "$G" code -c "$MIN" tests/data/bad-transcripts/latin1.txt
golden error-unclosed-header "$G" code -c "$MIN" tests/data/bad-transcripts/unclosed-header.txt
golden error-no-transcript "$G" code -c "$MIN" tests/data/codebooks
golden error-bad-codebook-for-code "$G" code -c "$B/bad-regex.xml" tests/data/transcripts
golden error-catastrophic-regex "$G" code -c "$B/catastrophic.xml" tests/data/bad-transcripts/aaaa.txt
golden error-usage "$G" code
golden error-unknown-command "$G" frobnicate
golden error-bad-format "$G" matrix -c "$MIN" -f jsonl tests/data/transcripts
# an empty transcript is not an error: it has no units
golden empty-transcript "$G" matrix -c "$MIN" tests/data/bad-transcripts/empty.txt

# a failed run leaves no output file, and does not touch an existing one
echo "old" >"$work/out.tsv"
( cd "$top_srcdir" && "$G" code -c "$MIN" -o "$work/out.tsv" tests/data/bad-transcripts/latin1.txt ) 2>/dev/null
if [ "$(cat "$work/out.tsv")" = old ] && [ "$(ls "$work" | grep -c tmp)" = 0 ]; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL: a failed run changed or left an output file"
fi
( cd "$top_srcdir" && "$G" code -c "$MIN" -o "$work/new.tsv" tests/data/bad-transcripts/latin1.txt ) 2>/dev/null
if [ ! -e "$work/new.tsv" ]; then pass=$((pass + 1)); else fail=$((fail + 1)); echo "FAIL: partial output"; fi

echo "errors: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

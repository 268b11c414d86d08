#!/bin/sh
# scale.sh - hostile sizes end in bounded time: a codebook of 100,000
# themes, a transcript of 100,000 distinct speakers.  Each run had to be
# near-linear: the bounds below are generous (10x what a sanitizer build
# takes here) and catch a quadratic path, which took minutes.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
MIN="$top_srcdir/tests/data/codebooks/minimal.xml"

awk 'BEGIN {
    print "<?xml version=\"1.0\"?>"
    print "<codebook xmlns=\"urn:grille:codebook:1\" id=\"big\"><title>big</title>"
    for (i = 0; i < 100000; i++) printf "<theme id=\"t%d\" label=\"T%d\"><word>mot%d</word></theme>\n", i, i, i
    print "</codebook>" }' >"$work/big.xml"
timeout 120 "$G" check "$work/big.xml" >"$work/out" 2>&1
[ $? = 0 ] && grep -q "100000 themes" "$work/out" && ok || ko "grille check of 100,000 themes (a quadratic path?)"

awk 'BEGIN { for (i = 0; i < 100000; i++) printf "Participant %d : Je parle du CLS.\n", i }' >"$work/many.txt"
timeout 120 "$G" speakers -f tsv "$work/many.txt" >"$work/sp.tsv" 2>/dev/null
[ $? = 0 ] && [ "$(wc -l <"$work/sp.tsv")" = 100001 ] && ok || ko "grille speakers of 100,000 speakers (a quadratic path?)"
timeout 120 "$G" code -c "$MIN" "$work/many.txt" >/dev/null 2>&1 && ok || ko "grille code of 100,000 speakers"

# --max-size: a file over the limit is an error that says how to proceed
awk 'BEGIN { printf "E : Question ?\nR : "; for (i = 0; i < 300000; i++) printf "mot "; print "" }' >"$work/long.txt"
"$G" code -c "$MIN" --max-size 1 "$work/long.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "larger than 1 MiB.*--max-size" "$work/err" && ok || ko "--max-size 1 on a 1.2 MB transcript"
"$G" code -c "$MIN" --max-size 2 "$work/long.txt" >/dev/null 2>&1 && ok || ko "--max-size 2 on a 1.2 MB transcript"

echo "scale: $pass passed, $fail failed"
[ "$fail" = 0 ]

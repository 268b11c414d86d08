#!/bin/sh
# scale.sh - hostile sizes end in bounded time: a codebook of 100,000
# themes, a transcript of 100,000 distinct speakers.  Each run must be
# near-linear.  The 120 s bounds stop a run that hangs; what catches a
# quadratic path is the growth: the same run on a quarter of the input,
# whose CPU time (not the clock's, which a loaded machine stretches) the
# full run may exceed 8 times, where linear is 4 and quadratic 16.  A
# quadratic path in grille speakers took 30 s on 100,000 speakers, under
# the bound of an idle machine, and 32 times its time on 25,000.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
MIN="$top_srcdir/tests/data/codebooks/minimal.xml"

# The CPU seconds (user + sys) of a command, its output dropped: the
# second line of the shell's times, its children's (in the C locale:
# bash writes a decimal comma in French).
cpu() { (timeout 120 "$@" >/dev/null 2>&1; LC_ALL=C; export LC_ALL; times) | awk 'function sec(x, a) { split(x, a, "m"); sub("s", "", a[2]); return a[1] * 60 + a[2] }
    NR == 2 { print sec($1) + sec($2) }'; }
# Whether the run on 4 times the input took at most 8 times as long
# (small: 20 ms at least, the clock's grain).
linear() { awk -v small="$1" -v big="$2" 'BEGIN { exit !(big <= 8 * (small > 0.02 ? small : 0.02)) }'; }
# grows WHAT SMALL_FILE BIG_FILE ARGS...: grille ARGS FILE, on both
grows() {
    what=$1 small_file=$2 big_file=$3
    shift 3
    small=$(cpu "$G" "$@" "$small_file") big=$(cpu "$G" "$@" "$big_file")
    linear "$small" "$big" && ok || ko "$what: ${big} s on 100,000, ${small} s on 25,000, more than 8 times (a quadratic path?)"
}

themes() {
    awk -v n="$1" 'BEGIN {
    print "<?xml version=\"1.0\"?>"
    print "<codebook xmlns=\"urn:grille:codebook:1\" id=\"big\"><title>big</title>"
    for (i = 0; i < n; i++) printf "<theme id=\"t%d\" label=\"T%d\"><word>mot%d</word></theme>\n", i, i, i
    print "</codebook>" }'
}
themes 100000 >"$work/big.xml"
themes 25000 >"$work/big25.xml"
timeout 120 "$G" check "$work/big.xml" >"$work/out" 2>&1
[ $? = 0 ] && grep -q "100000 themes" "$work/out" && ok || ko "grille check of 100,000 themes (a quadratic path?)"
grows "grille check of themes" "$work/big25.xml" "$work/big.xml" check

speakers() { awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++) printf "Participant %d : Je parle du CLS.\n", i }'; }
speakers 100000 >"$work/many.txt"
speakers 25000 >"$work/many25.txt"
timeout 120 "$G" speakers -f tsv "$work/many.txt" >"$work/sp.tsv" 2>/dev/null
[ $? = 0 ] && [ "$(wc -l <"$work/sp.tsv")" = 100001 ] && ok || ko "grille speakers of 100,000 speakers (a quadratic path?)"
grows "grille speakers" "$work/many25.txt" "$work/many.txt" speakers -f tsv
timeout 120 "$G" code -c "$MIN" "$work/many.txt" >/dev/null 2>&1 && ok || ko "grille code of 100,000 speakers"
grows "grille code of speakers" "$work/many25.txt" "$work/many.txt" code -c "$MIN"

# --max-size: a file over the limit is an error that says how to proceed
awk 'BEGIN { printf "E : Question ?\nR : "; for (i = 0; i < 300000; i++) printf "mot "; print "" }' >"$work/long.txt"
"$G" code -c "$MIN" --max-size 1 "$work/long.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "larger than 1 MiB.*--max-size" "$work/err" && ok || ko "--max-size 1 on a 1.2 MB transcript"
"$G" code -c "$MIN" --max-size 2 "$work/long.txt" >/dev/null 2>&1 && ok || ko "--max-size 2 on a 1.2 MB transcript"

echo "scale: $pass passed, $fail failed"
[ "$fail" = 0 ]

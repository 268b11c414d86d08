#!/bin/sh
# scaling.sh - how `grille code` scales from one thread to N (issue 12
# asks 1.9x on 2 cores), against what the machine itself gives two
# programs at once.
#
# Each round runs, one after the other:
#   j1    grille code -j1 on the corpus;
#   jN    grille code -jN on the same corpus;
#   pair  N copies of grille code -j1 at once, each on 1/N of the files
#         (every N-th file, links in a temporary directory): the control.
# and the table gives medians over the rounds: the wall time, the CPU
# time (user + system), and the speed-ups j1/jN and j1/pair.  On a
# shared virtual machine the cores slow down when all are busy (the
# host's other guests, the clock); j1/pair shows how much, so jN is read
# against it: jN/pair near 1 means grille's threads lose nothing of
# their own.
#
# The corpus: PEERS_WORK/corpus-100mb as bench/peers.sh makes it, or the
# directory given.
# Usage: bench/scaling.sh [CORPUS_DIR [BUILD_DIR [ROUNDS [JOBS]]]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
corpus=${1:-${PEERS_WORK:-/tmp/grille-peers}/corpus-100mb}
build=${2:-$top/build}
rounds=${3:-7}
jobs=${4:-$(nproc)}
[ -d "$corpus" ] || { echo "scaling: no corpus at $corpus (run bench/peers.sh once, or give a directory)" >&2; exit 2; }
[ -x "$build/grille" ] || { echo "scaling: no grille in $build (sh scripts/build.sh)" >&2; exit 2; }
command -v /usr/bin/time >/dev/null || { echo "scaling: GNU time is needed (apt install time)" >&2; exit 2; }
cb=$top/codebooks/dts-fr.xml
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# the control's shares: every jobs-th file, by name
k=0
for f in "$corpus"/*; do
    [ -f "$f" ] || continue
    mkdir -p "$work/part$((k % jobs))"
    ln -s "$f" "$work/part$((k % jobs))/"
    k=$((k + 1))
done
timed() { # timed LOG COMMAND...: appends "wall cpu"
    log=$1
    shift
    /usr/bin/time -f "%e %U %S" -o "$work/t" "$@" 2>/dev/null
    awk '{print $1, $2 + $3}' "$work/t" >>"$log"
}
"$build/grille" code -j1 -c "$cb" -o "$work/warm.tsv" "$corpus" 2>/dev/null # the page cache
for r in $(seq "$rounds"); do
    timed "$work/j1" "$build/grille" code -j1 -c "$cb" -o "$work/j1.tsv" "$corpus"
    timed "$work/jn" "$build/grille" code -j"$jobs" -c "$cb" -o "$work/jn.tsv" "$corpus"
    start=$(date +%s.%N)
    : >"$work/pair.cpu"
    for p in $(seq 0 $((jobs - 1))); do
        (timed "$work/pair.cpu" "$build/grille" code -j1 -c "$cb" -o "$work/pair$p.tsv" "$work/part$p") &
    done
    wait
    end=$(date +%s.%N)
    # bc prints .98 for 0.98: two decimals, as GNU time's
    echo "$(echo "$end - $start" | bc | awk '{printf "%.2f", $1}') $(awk '{s += $2} END {print s}' "$work/pair.cpu")" >>"$work/pair"
done
cmp -s "$work/j1.tsv" "$work/jn.tsv" || { echo "scaling: -j1 and -j$jobs wrote different segments" >&2; exit 1; }
median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }
col() { awk -v c="$2" '{print $c}' "$work/$1" | median; }
w1=$(col j1 1) wn=$(col jn 1) wp=$(col pair 1)
echo "corpus: $corpus ($(du -shL "$corpus" | cut -f1)), $rounds rounds, medians"
printf "%-6s %8s %8s\n" run wall_s cpu_s
printf "%-6s %8s %8s\n" j1 "$w1" "$(col j1 2)"
printf "%-6s %8s %8s\n" "j$jobs" "$wn" "$(col jn 2)"
printf "%-6s %8s %8s\n" pair "$wp" "$(col pair 2)"
echo "speed-up of -j$jobs: $(echo "scale=2; $w1 / $wn" | bc)x; of $jobs programs at once: $(echo "scale=2; $w1 / $wp" | bc)x; -j$jobs against them: $(echo "scale=2; $wp / $wn" | bc)"

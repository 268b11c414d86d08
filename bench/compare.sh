#!/bin/sh
# compare.sh - two builds of grille on the same corpus and codebooks, in
# interleaved rounds: the CPU time (user + sys) of `grille code -j1` each
# round, the median of each build, and their ratio; and whether the two
# wrote the same segments, byte for byte.  How the speed figures of NEWS
# were measured: the machines are shared, so a ratio measured in one run
# holds better than either time.
#
# Usage: sh bench/compare.sh [-n ROUNDS] OLD_BUILD NEW_BUILD CORPUS CODEBOOK...
#   OLD_BUILD, NEW_BUILD: build directories (scripts/build.sh DIR), e.g. an
#   older commit built beside this one:
#     git worktree add /tmp/grille-old COMMIT
#     (cd /tmp/grille-old && sh scripts/build.sh build)
#     sh bench/compare.sh /tmp/grille-old/build build /tmp/grille-peers/corpus-100mb codebooks/dts-fr.xml
#   CORPUS: a folder or a file grille code reads (bench/peers.sh makes
#   /tmp/grille-peers/corpus-100mb).  ROUNDS: 7 unless said.
set -eu
rounds=7
if [ "${1:-}" = -n ]; then
    rounds=$2
    shift 2
fi
[ $# -ge 4 ] || {
    echo "usage: sh bench/compare.sh [-n ROUNDS] OLD_BUILD NEW_BUILD CORPUS CODEBOOK..." >&2
    exit 2
}
old=$1 new=$2 corpus=$3
shift 3
for b in "$old" "$new"; do
    [ -x "$b/.libs/grille" ] || {
        echo "compare: no grille built in $b (scripts/build.sh $b)" >&2
        exit 2
    }
done
[ -e "$corpus" ] || {
    echo "compare: no corpus at $corpus" >&2
    exit 2
}
[ -x /usr/bin/time ] || {
    echo "compare: GNU time is needed (apt-get install time)" >&2
    exit 2
}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# The CPU seconds of one run of build $1 with codebook $2, its segments in $3.
cpu() {
    LD_LIBRARY_PATH="$1/lib/.libs" /usr/bin/time -f "%U %S" -o "$work/time" \
        "$1/.libs/grille" code -j1 -c "$2" -o "$3" "$corpus" 2>"$work/err" || {
        echo "compare: $1 failed on $corpus with $2:" >&2
        cat "$work/err" >&2
        exit 1
    }
    awk '{printf "%.2f\n", $1 + $2}' "$work/time"
}

median() { sort -n | awk '{v[NR] = $1} END {print v[int((NR + 1) / 2)]}'; }

bytes=$(find "$corpus" -type f -exec cat {} + | wc -c)
echo "corpus: $corpus, $bytes bytes; $rounds rounds; load $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?')"
echo "| codebook | old s | new s | new/old | old MB/s | new MB/s | same segments |"
echo "|---|---:|---:|---:|---:|---:|---|"
for cb in "$@"; do
    : >"$work/old.times"
    : >"$work/new.times"
    i=0
    while [ "$i" -lt "$rounds" ]; do
        cpu "$old" "$cb" "$work/old.tsv" >>"$work/old.times"
        cpu "$new" "$cb" "$work/new.tsv" >>"$work/new.times"
        i=$((i + 1))
    done
    a=$(median <"$work/old.times")
    b=$(median <"$work/new.times")
    same=no
    cmp -s "$work/old.tsv" "$work/new.tsv" && same=yes
    awk -v cb="$(basename "$cb")" -v a="$a" -v b="$b" -v n="$bytes" -v same="$same" 'BEGIN {
        ratio = a > 0 ? b / a : 0
        old = a > 0 ? n / 1e6 / a : 0
        new = b > 0 ? n / 1e6 / b : 0
        printf "| %s | %.2f | %.2f | %.3f | %.1f | %.1f | %s |\n", cb, a, b, ratio, old, new, same }'
done

#!/bin/sh
# run.sh - benchmarks grille on the 25 Assemblée nationale sittings of
# ../shared/corpora (~6 MB of real French, converted to transcripts with
# corpora/assemblee/convert.sh).  Figures are reported as MB/s and as
# ratios to baselines measured in the same run (these machines are
# shared and noisy): a byte scan in bench_code, and `cat` of the files.
# Usage: bench/run.sh [BUILD_DIR [REPEAT]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
repeat=${2:-5}
src=${GRILLE_AN_DIR:-$top/../shared/corpora/an-mariage-pour-tous-2013/txt}
[ -d "$src" ] || { echo "bench: no Assemblée nationale texts at $src" >&2; exit 2; }
make -C "$build" bench/bench_code grille >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$src"/*.txt; do
    sh "$top/corpora/assemblee/convert.sh" "$f" >"$work/$(basename "$f")"
done
bytes=$(cat "$work"/*.txt | wc -c)
echo "corpus: $(ls "$work" | wc -l) sittings, $bytes bytes"
echo "== library, one thread (bench_code, $repeat passes)"
"$build/bench/bench_code" "$top/codebooks/dts-fr.xml" "$repeat" "$work"/*.txt
echo "== command line, end to end (read, code, write TSV)"
now() { date +%s.%N; }
t0=$(now); for i in $(seq "$repeat"); do cat "$work"/*.txt >/dev/null; done; t1=$(now)
base=$(echo "$t1 - $t0" | bc)
for j in 1 $(nproc); do
    t0=$(now)
    for i in $(seq "$repeat"); do "$build/grille" code -j "$j" -c "$top/codebooks/dts-fr.xml" -o "$work/out.tsv" "$work"; done
    t1=$(now)
    t=$(echo "$t1 - $t0" | bc)
    echo "grille code -j $j: $(echo "scale=1; $bytes * $repeat / $t / 1000000" | bc) MB/s, $(echo "scale=1; $t / $base" | bc)x the time of cat"
done

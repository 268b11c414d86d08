#!/bin/sh
# memory.sh - peak memory of `grille code`, `kwic`, `matrix`, `cooc`,
# `note`, `review`, `search`, `speakers`, `text` and `export` to SQLite, Iramuteq,
# REFI-QDA and xlsx on a corpus and on ten times that corpus (copies of
# the Assemblée nationale transcript of corpora/assemblee): `code` and
# `kwic` stream the documents through the coder and write each as it is
# done, `matrix`, `cooc` and `note` count each as it is done (the note
# keeps, besides, the verbatims it may still quote), and `review`,
# `search`, `speakers`, `text` and `export` write each to the page, the table, the
# texts, the database or the corpus, so their peaks must not grow with
# the corpus (but for a few counts a document: the matrix's column, the
# note's heat map column).
# Needs GNU time (/usr/bin/time, Debian package "time").
# Usage: bench/memory.sh [BUILD_DIR [COPIES]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
copies=${2:-100}
[ -x /usr/bin/time ] || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 2; }
make -C "$build" grille >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
src="$top/corpora/assemblee/an-2013-01-19.txt"
mkdir "$work/x1" "$work/x10"
i=0
while [ "$i" -lt "$copies" ]; do cp "$src" "$work/x1/a$i.txt"; i=$((i + 1)); done
i=0
while [ "$i" -lt $((copies * 10)) ]; do cp "$src" "$work/x10/a$i.txt"; i=$((i + 1)); done
for cmd in code kwic matrix cooc note review search speakers text; do
    out=$work/out.tsv
    [ "$cmd" = note ] && out=$work/out.md
    [ "$cmd" = review ] && out=$work/out.html
    [ "$cmd" = text ] && out=$work/texts
    query=
    [ "$cmd" = search ] && query=santé
    for c in x1 x10; do
        mb=$(du -sm "$work/$c" | cut -f1)
        "$build/libtool" --mode=execute /usr/bin/time -f "%M" -o "$work/rss" \
            "$build/grille" "$cmd" -j "$(nproc)" -o "$out" $query "$work/$c" 2>/dev/null
        echo "grille $cmd, $mb MB corpus: peak $(( $(cat "$work/rss") / 1024 )) MiB"
    done
done
for fmt in sqlite iramuteq qdpx xlsx; do
    for c in x1 x10; do
        mb=$(du -sm "$work/$c" | cut -f1)
        "$build/libtool" --mode=execute /usr/bin/time -f "%M" -o "$work/rss" \
            "$build/grille" export -f "$fmt" -j "$(nproc)" -o "$work/out.$fmt" "$work/$c" 2>/dev/null
        echo "grille export -f $fmt, $mb MB corpus: peak $(( $(cat "$work/rss") / 1024 )) MiB"
        rm -f "$work/out.$fmt"
    done
done

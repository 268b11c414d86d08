#!/bin/sh
# read.sh - what reading a Word file costs against reading the same text
# as .txt (the formats issue asks for at most 2x).  Three interviews of
# the usual sizes are made from the sample corpora and converted by
# LibreOffice as a researcher would save them; bench_read loads each file
# in turn, round after round, and prints medians and ratios measured in
# the same run; then what libzip and libxml2 alone cost on each .docx.
# Needs soffice (Debian: libreoffice-writer-nogui).
# Usage: bench/read.sh [BUILD_DIR [ROUNDS]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
rounds=${2:-31}
command -v soffice >/dev/null 2>&1 || { echo "bench/read.sh: soffice is not installed" >&2; exit 2; }
make -C "$build" bench/bench_read bench/docx_floor >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# 9.6 KB: an illustrative interview; 50 KB and 144 KB: a sitting of the
# Assemblée nationale (an hour of speech is 50-80 KB of text)
cp "$top/corpora/illustratifs/ei-01-cls-petr-rural.txt" "$work/small.txt"
an=$top/../shared/corpora/an-mariage-pour-tous-2013/txt/20130119.txt
if [ -f "$an" ]; then
    sh "$top/corpora/assemblee/convert.sh" "$an" >"$work/large.txt"
    awk '{ n += length($0) + 1; print } n > 50000 { exit }' "$work/large.txt" >"$work/medium.txt"
fi
(cd "$work" && HOME="$work" soffice --headless --infilter="Text (encoded):UTF8,LF,,," \
    --convert-to docx:"MS Word 2007 XML" ./*.txt --outdir "$work" >/dev/null 2>&1)
for size in small medium large; do
    [ -f "$work/$size.docx" ] || continue
    "$build/libtool" --mode=execute "$build/bench/bench_read" "$rounds" "$work/$size.txt" "$work/$size.docx"
done
# the least libzip and libxml2 alone cost on the same .docx, before any
# text is extracted (bench/docx_floor.c)
for size in small medium large; do
    [ -f "$work/$size.docx" ] || continue
    echo "floor of $size.docx:"
    "$build/libtool" --mode=execute "$build/bench/docx_floor" "$rounds" "$work/$size.txt" "$work/$size.docx"
done

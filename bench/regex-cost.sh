#!/bin/sh
# regex-cost.sh - what each regex of a codebook costs, in instructions
# (callgrind: repeatable, unlike time on a shared machine): the run of
# `grille code -j1` on a transcript with the codebook as it is, against
# the same codebook with that one regex made one that never runs (its
# required word, "zzqxj", occurs nowhere).  Prints the regexes that cost
# the most first, with their share of the whole run.  The issue 12
# profile names regexes as a fifth of the instructions: this says which.
# Needs valgrind and python3.
# Usage: bench/regex-cost.sh [CODEBOOK [TRANSCRIPT [BUILD_DIR]]]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cb=${1:-$top/codebooks/dts-fr.xml}
text=${2:-$top/corpora/assemblee/an-2013-01-19.txt}
build=${3:-$top/build}
command -v valgrind >/dev/null 2>&1 || { echo "bench: needs valgrind" >&2; exit 2; }
make -C "$build" grille >/dev/null
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# every variant is an edited file: the base is one too (a comment added),
# so that each loads the codebook the same way
python3 - "$cb" "$work" <<'PY'
import re, sys
s = open(sys.argv[1], encoding='utf-8').read()
out = sys.argv[2]
open(out + '/base.xml', 'w', encoding='utf-8').write(s.replace('</codebook>', '<!-- base --></codebook>'))
regs = list(re.finditer(r'<regex([^>]*)>([^<]*)</regex>', s))
with open(out + '/list.tsv', 'w', encoding='utf-8') as f:
    for i, m in enumerate(regs):
        t = s[:m.start(2)] + r'\bzzqxj\b' + s[m.end(2):]
        open('%s/cb%03d.xml' % (out, i), 'w', encoding='utf-8').write(t)
        f.write('%03d\t%s\n' % (i, m.group(2)))
PY
instr() {
    "$build/libtool" --mode=execute valgrind --tool=callgrind --callgrind-out-file=/dev/null \
        "$build/grille" code -j1 -c "$1" -o /dev/null "$text" 2>&1 | awk '/Collected/ { print $4 }'
}
base=$(instr "$work/base.xml")
echo "grille code -j1 on $(basename "$text"), $(wc -c <"$text") bytes: $base instructions"
while IFS="$(printf '\t')" read -r i rx; do
    v=$(instr "$work/cb$i.xml")
    printf '%s\t%s\n' "$((base - v))" "$rx"
done <"$work/list.tsv" | sort -rn | awk -F'\t' -v base="$base" \
    '{ printf "%6.2f%%  %10d  %s\n", 100 * $1 / base, $1, $2 }' | head -"${REGEX_COST_TOP:-20}"

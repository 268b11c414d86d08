#!/bin/sh
# agreement.sh - two coders' golds compared with `grille eval --gold A
# --gold B`: kappa and alpha per theme and pooled, worked out by hand
# below on the ten units of the test transcripts; units a table of units
# has no row for are not judged; one file holding both coders, split
# with --coder.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
S="$top_srcdir"
MIN="$S/tests/data/codebooks/minimal.xml"
T="$S/tests/data/transcripts"
# row THEME FILE: the eval row of THEME in a TSV table, from column gold on
row() { awk -F'\t' -v t="$1" '$1 == t { print $3, $4, $5, $6, $7, $8, $12, $13 }' "$2"; }
expect() { # description, got, expected
    if [ "$2" = "$3" ]; then ok; else ko "$1: got '$2', expected '$3'"; fi
}

# The ten units of coded speech (5 of ec-test, 5 of ei-test) with their
# texts, and two coders' marks keyed by document:unit.
"$G" gold template -c "$MIN" -f tsv "$T" >"$work/template.tsv" || ko "gold template"
n=$(($(wc -l <"$work/template.tsv") - 1))
expect "units of coded speech" "$n" 10
# tests/data/gold/coder-ana.tsv and coder-ben.tsv: two coders' tables of
# these units, with the theme columns reseau, elus and ars:
# reseau: A codes ei-test 2 and 5, B ei-test 2        tp 1 fp 0 fn 1 tn 8
# elus:   both code ei-test 3                         tp 1 fp 0 fn 0 tn 9
# ars:    A codes ec-test 3 and ei-test 3, B also ec-test 5   tp 2 fp 1 fn 0 tn 7
cp "$S/tests/data/gold/coder-ana.tsv" "$work/a.tsv"
cp "$S/tests/data/gold/coder-ben.tsv" "$work/b.tsv"
marked() { awk -F'\t' -v c="$2" 'NR == 1 { for (i = 1; i <= NF; i++) col[$i] = i; next }
    $col[c] != "" { printf "%s%s:%s", n++ ? " " : "", $1, $2 }' "$1"; }
expect "coder A's marks" "$(marked "$work/a.tsv" reseau)/$(marked "$work/a.tsv" elus)/$(marked "$work/a.tsv" ars)" \
    "ei-test:2 ei-test:5/ei-test:3/ec-test:3 ei-test:3"
expect "coder B's marks" "$(marked "$work/b.tsv" reseau)/$(marked "$work/b.tsv" elus)/$(marked "$work/b.tsv" ars)" \
    "ei-test:2/ei-test:3/ec-test:3 ec-test:5 ei-test:3"

"$G" eval -c "$MIN" --gold "$work/a.tsv" --gold "$work/b.tsv" --bootstrap 0 -f tsv "$T" >"$work/ab.tsv" 2>"$work/err"
expect "eval --gold A --gold B exit status ($(cat "$work/err"))" $? 0
# reseau: po = 9/10, pe = .2*.1 + .8*.9 = .74, kappa = .16/.26 = .615;
# alpha = 1 - (20-1)*1/(n0 17 * n1 3) = 1 - 19/51 = .627
expect "reseau" "$(row reseau "$work/ab.tsv")" "2 1 1 0 1 8 0.615 0.627"
# elus: perfect agreement
expect "elus" "$(row elus "$work/ab.tsv")" "1 1 1 0 0 9 1.000 1.000"
# ars: po = .9, pe = .2*.3 + .8*.7 = .62, kappa = .28/.38 = .737;
# alpha = 1 - 19*1/(15*5) = .747
expect "ars" "$(row ars "$work/ab.tsv")" "2 3 2 1 0 7 0.737 0.747"
# pooled, 30 decisions: po = 28/30, pe = (5*5 + 25*25)/900, kappa = .760;
# alpha = 1 - 59*2/(50*10) = .764
expect "pooled" "$(row '(all themes)' "$work/ab.tsv")" "5 5 4 1 1 24 0.760 0.764"
expect "themes judged" "$(($(wc -l <"$work/ab.tsv") - 1))" 4
# the Markdown report names both coders
"$G" eval -c "$MIN" --gold "$work/a.tsv" --gold "$work/b.tsv" --bootstrap 0 "$T" >"$work/ab.md" 2>&1
grep -q -F "First coder (column gold): $work/a.tsv; second coder (column grille): $work/b.tsv" "$work/ab.md" &&
    ok || ko "Markdown names the coders: $(head -3 "$work/ab.md")"
grep -q -F "## Coded by the second coder only" "$work/ab.md" && grep -q -F "ec-test, C1, line 5: Les arsenaux" \
    "$work/ab.md" && ok || ko "Markdown lists what only the second coder coded"
# swapped, the counts of fp and fn swap and kappa stays
expect "swapped" "$("$G" eval -c "$MIN" --gold "$work/b.tsv" --gold "$work/a.tsv" --bootstrap 0 -f tsv "$T" |
    row reseau /dev/stdin)" "1 2 1 1 0 8 0.615 0.627"

# A unit without a row is not judged: B without ec-test's "Moi." leaves 9
# units; reseau po = 8/9, pe = (2*1 + 7*8)/81, kappa = 14/23 = .609;
# alpha = 1 - (18-1)*1/(n0 15 * n1 3) = 1 - 17/45 = .622
grep -v -F 'Moi.' "$work/b.tsv" >"$work/b9.tsv"
"$G" eval -c "$MIN" --gold "$work/a.tsv" --gold "$work/b9.tsv" --bootstrap 0 -f tsv "$T" >"$work/ab9.tsv" 2>&1
expect "reseau, 9 units" "$(row reseau "$work/ab9.tsv")" "2 1 1 0 1 7 0.609 0.622"
# and against grille: B9 has no row for that unit, so 9 units are compared
"$G" eval -c "$MIN" --gold "$work/b9.tsv" --bootstrap 0 -f tsv "$T" >"$work/g9.tsv" 2>&1
expect "grille against a table with a row left out: units compared" \
    "$(awk -F'\t' '$1 == "elus" { print $5 + $6 + $7 + $8 }' "$work/g9.tsv")" 9

# One file, two coders: --coder once per --gold
{ printf 'document\tunit\ttext\treseau\telus\tars\tcoder\n'
  tail -n +2 "$work/a.tsv" | sed 's/$/\tana/'
  tail -n +2 "$work/b.tsv" | sed 's/$/\tben/'; } >"$work/both.tsv"
"$G" eval -c "$MIN" --gold "$work/both.tsv" --gold "$work/both.tsv" --coder ana --coder ben --bootstrap 0 -f tsv \
    "$T" >"$work/both.out" 2>&1
expect "one file, --coder ana --coder ben" "$(row ars "$work/both.out")" "2 3 2 1 0 7 0.737 0.747"
"$G" eval -c "$MIN" --gold "$work/both.tsv" --gold "$work/both.tsv" --coder ana --bootstrap 0 -f tsv \
    "$T" >"$work/same.out" 2>&1
expect "one --coder applies to both golds" "$(row ars "$work/same.out")" "2 2 2 0 0 8 1.000 1.000"

# Usage errors
"$G" eval -c "$MIN" --gold "$work/a.tsv" --gold "$work/b.tsv" --gold "$work/a.tsv" "$T" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "not more" "$work/err" && ok || ko "three golds: $(cat "$work/err")"
"$G" eval -c "$MIN" --gold "$work/a.tsv" --coder x --coder y "$T" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "two --coder for one --gold" "$work/err" && ok || ko "two coders, one gold: $(cat "$work/err")"
# golds with no document in common
grep -v 'ei-test' "$work/a.tsv" >"$work/a-ec.tsv"
grep -v 'ec-test' "$work/b.tsv" >"$work/b-ei.tsv"
"$G" eval -c "$MIN" --gold "$work/a-ec.tsv" --gold "$work/b-ei.tsv" "$T" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "no document in common" "$work/err" && ok || ko "no document in common: $(cat "$work/err")"

echo "agreement: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

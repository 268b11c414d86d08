#!/bin/sh
# search.sh - grille search finds what a rule of the codebook would: words
# and globs, phrases, lemmas and regexes, folded as the codebook folds,
# in the speech the codebook codes (or every speaker's with -a); counts
# per document and speaker; a query that cannot be a rule is an error
# pointing into the query.  The expected counts are those of the little
# transcript below, counted by hand.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
CB="$top_srcdir/codebooks/dts-fr.xml"

mkdir "$work/c"
printf -- '---\ninterviewers: E\n---\nE : Et le réseau ?\nR : Le réseau, les réseaux et le RÉSEAU. Puis la mise en réseau.\nR2 : Mon réseau.\n' \
    >"$work/c/a.txt"
# "matches" of the (all) row, with -f tsv --counts
total() { "$G" search -c "$CB" -f tsv --counts "$@" "$work/c" 2>/dev/null | awk -F'\t' '$1 == "(all)" { print $4 }'; }
[ "$(total réseau)" = 4 ] && ok || ko "word: réseau, RÉSEAU (folded), mise en réseau, mon réseau: 4, got $(total réseau)"
[ "$(total 'réseau*')" = 5 ] && ok || ko "glob réseau*: 5 with réseaux, got $(total 'réseau*')"
[ "$(total -a réseau)" = 5 ] && ok || ko "-a: the interviewer's too: 5, got $(total -a réseau)"
[ "$(total 'le réseau')" = 2 ] && ok || ko "phrase 'le réseau': 2, got $(total 'le réseau')"
[ "$(total --lemma réseau)" = 5 ] && ok || ko "lemma réseau: every form, 5, got $(total --lemma réseau)"
[ "$(total --regex 'r[ée]seaux\b')" = 1 ] && ok || ko "regex: 1, got $(total --regex 'r[ée]seaux\b')"
# per speaker: R has 3 units with réseau (two sentences, plus...), R2 one
"$G" search -c "$CB" -f tsv --counts réseau "$work/c" >"$work/counts.tsv" 2>/dev/null
grep -q "$(printf '^a\tR\t2\t3$')" "$work/counts.tsv" && grep -q "$(printf '^a\tR2\t1\t1$')" "$work/counts.tsv" && ok ||
    { ko "counts per speaker"; cat "$work/counts.tsv"; }
# the concordance marks the match, in Markdown by default
"$G" search -c "$CB" 'mise en réseau' "$work/c" 2>/dev/null | grep -q '| \*\*mise en réseau\*\* |' && ok ||
    ko "Markdown concordance"
# a regex that does not compile: its column in the query (14, just past the
# 13 characters, where the parenthesis is missing)
"$G" search -c "$CB" --regex 'co(-?)constr(' "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q '^grille: query:1:14: regex does not compile' "$work/err" && ok || { ko "bad regex"; cat "$work/err"; }
"$G" search -c "$CB" --lemma 'deux mots' "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q 'query' "$work/err" && ok || { ko "lemma of two words"; cat "$work/err"; }
# & and < in a query are text, not XML
printf -- 'R : Santé & <social>.\n' >"$work/c/b.txt"
[ "$("$G" search -c "$CB" -f tsv --counts --regex '& <social>' "$work/c/b.txt" 2>/dev/null | awk -F'\t' '$1 == "(all)" { print $4 }')" = 1 ] &&
    ok || ko "a query with & and <"

echo "search: $pass passed, $fail failed"
[ "$fail" = 0 ]

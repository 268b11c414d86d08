#!/bin/sh
# i18n.sh - the language of grille's outputs (issue 10): machine formats
# are the same in every locale ('.' decimals, English column names), a
# report follows --lang over the locale, and the messages follow the
# locale.  LANGUAGE=fr with C.UTF-8 asks gettext for French without a
# generated fr_FR locale.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
G="$top_builddir/grille"
T="$top_srcdir/tests/data/transcripts"
MIN="$top_srcdir/tests/data/codebooks/minimal.xml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
fail=0
no() { echo "FAIL: $*"; fail=$((fail + 1)); }
fr() { env LC_ALL=C.UTF-8 LANGUAGE=fr "$@"; }

# TSV and CSV with shares: byte for byte the same under a French locale
for f in tsv csv; do
    "$G" matrix -c "$MIN" -m share -f $f "$T" >"$work/en.$f" 2>/dev/null
    fr "$G" matrix -c "$MIN" -m share -f $f "$T" >"$work/fr.$f" 2>/dev/null
    cmp -s "$work/en.$f" "$work/fr.$f" || no "matrix -f $f differs under LANGUAGE=fr"
    grep -q '[0-9]\.[0-9]' "$work/fr.$f" || no "matrix -f $f under LANGUAGE=fr has no '.' decimal"
done
# eval and diff: their TSV and CSV keep English column names and '.'
GOLD="$top_srcdir/tests/data/gold/test-gold.tsv"
for f in tsv csv; do
    "$G" eval -c "$MIN" --gold "$GOLD" -f $f "$T" >"$work/eval-en.$f" 2>/dev/null
    fr "$G" eval -c "$MIN" --gold "$GOLD" -f $f --lang fr "$T" >"$work/eval-fr.$f" 2>/dev/null
    cmp -s "$work/eval-en.$f" "$work/eval-fr.$f" || no "eval -f $f --lang fr differs from English"
    "$G" diff -f $f "$MIN" "$top_srcdir/tests/data/codebooks/minimal-v2.xml" "$T" >"$work/diff-en.$f" 2>/dev/null
    fr "$G" diff -f $f --lang fr "$MIN" "$top_srcdir/tests/data/codebooks/minimal-v2.xml" "$T" >"$work/diff-fr.$f" 2>/dev/null
    cmp -s "$work/diff-en.$f" "$work/diff-fr.$f" || no "diff -f $f --lang fr differs from English"
done
grep -q '^theme.*precision' "$work/eval-fr.tsv" || no "eval TSV header is not English"
# the report: --lang en under a French locale is the English note
"$G" note -c "$MIN" "$T" >"$work/en.md" 2>/dev/null
fr "$G" note -c "$MIN" --lang en "$T" >"$work/en-fr.md" 2>/dev/null
cmp -s "$work/en.md" "$work/en-fr.md" || no "note --lang en under LANGUAGE=fr is not the English note"
# --lang fr in the C locale is the French note the locale gives
fr "$G" note -c "$MIN" "$T" >"$work/fr.md" 2>/dev/null
"$G" note -c "$MIN" --lang fr "$T" >"$work/fr-c.md" 2>/dev/null
cmp -s "$work/fr.md" "$work/fr-c.md" || no "note --lang fr differs from the note of LANGUAGE=fr"
grep -q '^# Notes de synthèse' "$work/fr.md" || no "French note without its French title"
# French numbers: a decimal comma and a non-breaking space before %
nbsp=$(printf '\302\240')
grep -q "(10,0${nbsp}% des unités" "$work/fr.md" || no "French note without 10,0 %"
grep -q '(10.0% of the units' "$work/en.md" || no "English note without 10.0%"
# messages: French under LANGUAGE=fr, English otherwise
fr "$G" note --lang xx "$T" 2>"$work/err" >/dev/null
[ $? -eq 2 ] || no "--lang xx does not exit 2"
grep -q 'attend fr ou en' "$work/err" || no "the --lang error is not in French under LANGUAGE=fr"
"$G" note --lang xx "$T" 2>"$work/err" >/dev/null
grep -q 'takes fr or en' "$work/err" || no "the --lang error is not in English by default"
if [ $fail -eq 0 ]; then echo "i18n: ok"; fi
exit $((fail > 0))

#!/bin/sh
# locale-fr.sh - grille under a real French locale, as a researcher runs
# it after scripts/install-deps.sh: LANG=fr_FR.UTF-8, no LANGUAGE.  The
# messages, a command's --help and a note are French, and an English
# locale still gives English.  Skipped (77) when the machine has no
# fr_FR.UTF-8 (tests/i18n.sh covers French without it, through LANGUAGE);
# LOCPATH may point to a locale made with localedef.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
if [ "$(LC_ALL=fr_FR.UTF-8 locale charmap 2>/dev/null)" != UTF-8 ]; then
    echo "locale-fr: no fr_FR.UTF-8 locale (scripts/install-deps.sh generates it): skipped"
    exit 77
fi
T="$top_srcdir/tests/data/transcripts"
MIN="$top_srcdir/tests/data/codebooks/minimal.xml"
nb=$(printf '\302\240') # French puts a no-break space before : and inside « »
fr() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=fr_FR.UTF-8 "$@"; }
en() { env -u LANGUAGE -u LC_ALL -u LC_MESSAGES LANG=C.UTF-8 "$@"; }

# an error message
fr "$G" note --lang xx "$T" >/dev/null 2>"$work/err"
[ $? -eq 2 ] || ko "note --lang xx does not exit 2 under LANG=fr_FR.UTF-8"
grep -q "^grille note$nb: --lang attend fr ou en, pas «${nb}xx$nb»\$" "$work/err" && ok ||
    ko "the --lang error is not French under LANG=fr_FR.UTF-8: $(cat "$work/err")"
en "$G" note --lang xx "$T" >/dev/null 2>"$work/err"
grep -q "takes fr or en, not 'xx'" "$work/err" && ok || ko "the --lang error is not English under LANG=C.UTF-8"
# a command's --help
fr "$G" code --help >"$work/help" 2>&1 || ko "code --help fails under LANG=fr_FR.UTF-8"
grep -q "^Usage$nb: grille code \\[OPTIONS\\] CHEMIN\\.\\.\\.\$" "$work/help" && ok || ko "code --help has no French usage line"
grep -q 'affiche cette aide' "$work/help" && ok || ko "code --help does not describe -h in French"
# a note: French title and numbers, and the machine formats unchanged
fr "$G" note -c "$MIN" "$T" >"$work/fr.md" 2>/dev/null || ko "note fails under LANG=fr_FR.UTF-8"
grep -q '^# Notes de synthèse' "$work/fr.md" && ok || ko "the note under LANG=fr_FR.UTF-8 has no French title"
grep -q "(10,0$nb% des unités" "$work/fr.md" && ok || ko "the note under LANG=fr_FR.UTF-8 has no 10,0 %"
fr "$G" matrix -c "$MIN" -m share -f tsv "$T" >"$work/fr.tsv" 2>/dev/null
en "$G" matrix -c "$MIN" -m share -f tsv "$T" >"$work/en.tsv" 2>/dev/null
cmp -s "$work/fr.tsv" "$work/en.tsv" && ok || ko "matrix TSV differs under LANG=fr_FR.UTF-8 (it must keep '.' decimals)"
echo "locale-fr: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

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

# --- every kind of output, in both languages -----------------------------
nb=$(printf '\302\240') # French: a no-break space before : ; ? and inside « »
# error messages (usage, format, input): French under LANGUAGE=fr, English
# otherwise
err_case() { # ENGLISH FRENCH ARGS...: both messages, each in its language
    en_re=$1 fr_re=$2
    shift 2
    "$G" "$@" >/dev/null 2>"$work/err-en"
    fr "$G" "$@" >/dev/null 2>"$work/err-fr"
    grep -q -- "$en_re" "$work/err-en" || no "grille $*: no '$en_re' in English: $(head -1 "$work/err-en")"
    grep -q -- "$fr_re" "$work/err-fr" || no "grille $*: no '$fr_re' under LANGUAGE=fr: $(head -1 "$work/err-fr")"
}
err_case "no gold given" "grille eval$nb: aucune référence indiquée" eval "$T"
err_case "no codebook given" "grille check$nb: aucune grille de codage indiquée" check
err_case "grille does not write .pdf files" "grille n'écrit pas de fichiers .pdf" code -o "$work/x.pdf" "$T"
err_case "unknown format 'foo' (tsv, csv, jsonl or xlsx)" "format inconnu «${nb}foo$nb» (tsv, csv, jsonl ou xlsx)" \
    code -f foo "$T"
err_case "takes a number of verbatims" "attend un nombre de verbatims" note --quotes 500 "$T"
err_case "unknown command 'frobnicate'" "commande inconnue «${nb}frobnicate$nb»" frobnicate
# a plural: one row of the gold matches nothing (ngettext, not a pasted 's')
printf 'document\tstart\tend\ttheme\tcoder\nnosuch\t0\t5\treseau\tA\n' >"$work/gold1.tsv"
err_case "1 row of the gold matches nothing: correct it" "1 ligne de la référence ne correspond à rien" \
    eval -c "$MIN" --gold "$work/gold1.tsv" "$T"
# a number in a message: the messages' decimal separator
"$G" check --corpus "$T" --broad 1 "$MIN" >"$work/broad-en" 2>/dev/null
fr "$G" check --corpus "$T" --broad 1 "$MIN" >"$work/broad-fr" 2>/dev/null
grep -q 'fires on [0-9]*\.[0-9]% of the units' "$work/broad-en" || no "check --broad: no 'fires on N.N%' in English"
grep -q "se déclenche sur [0-9]*,[0-9]$nb% des unités" "$work/broad-fr" ||
    no "check --broad under LANGUAGE=fr: no 'se déclenche sur N,N %'"
# --help: every command's, whole (one msgid per block: a block left in
# English would show here), and the top level
for cmd in code matrix cooc kwic search note check text speakers tokens gold review eval suggest diff lemma export \
    import merge; do
    "$G" $cmd --help >"$work/help-en" 2>&1
    fr "$G" $cmd --help >"$work/help-fr" 2>&1
    grep -q "^Usage: grille $cmd" "$work/help-en" || no "$cmd --help: no English usage line"
    grep -q "^Usage$nb: grille $cmd" "$work/help-fr" || no "$cmd --help: no French usage line under LANGUAGE=fr"
    for w in ' the ' ' of ' ' and ' 'default:'; do
        ! grep -q -- "$w" "$work/help-fr" || no "$cmd --help under LANGUAGE=fr still has English ('$w'): $(grep -m1 -- "$w" "$work/help-fr")"
    done
done
fr "$G" --help | grep -q "^Commandes$nb:" || no "grille --help is not French under LANGUAGE=fr"
fr "$G" code --help | grep -q '^  -h, --help               affiche cette aide$' || no "code --help: -h not in French"
# suggest: the Markdown report in the language asked, its TSV the same in both
S="$top_srcdir/tests/data/gold/test-gold.tsv"
"$G" suggest -c "$MIN" --gold "$S" --lang en "$T" >"$work/sg-en.md" 2>/dev/null
"$G" suggest -c "$MIN" --gold "$S" --lang fr "$T" >"$work/sg-fr.md" 2>/dev/null
fr "$G" suggest -c "$MIN" --gold "$S" "$T" >"$work/sg-default.md" 2>/dev/null
grep -q '^# Rules suggested from the gold' "$work/sg-en.md" || no "suggest --lang en: no English title"
grep -q '^Now: F1 0\.[0-9]' "$work/sg-en.md" || no "suggest --lang en: no 'F1 0.'"
grep -q '^# Règles suggérées à partir de la référence' "$work/sg-fr.md" || no "suggest --lang fr: no French title"
grep -q "^Actuellement$nb: F1 0,[0-9]" "$work/sg-fr.md" || no "suggest --lang fr: no decimal comma in 'F1 0,...'"
cmp -s "$work/sg-fr.md" "$work/sg-default.md" || no "suggest under LANGUAGE=fr is not the --lang fr report"
"$G" suggest -c "$MIN" --gold "$S" -f tsv --lang en "$T" >"$work/sg-en.tsv" 2>/dev/null
"$G" suggest -c "$MIN" --gold "$S" -f tsv --lang fr "$T" >"$work/sg-fr.tsv" 2>/dev/null
cmp -s "$work/sg-en.tsv" "$work/sg-fr.tsv" || no "suggest -f tsv differs between --lang en and fr"
# the codebook document (export -f md|html)
"$G" export -f md --lang en -c "$MIN" "$T" >"$work/doc-en.md" 2>/dev/null
"$G" export -f md --lang fr -c "$MIN" "$T" >"$work/doc-fr.md" 2>/dev/null
fr "$G" export -f html -c "$MIN" "$T" >"$work/doc-fr.html" 2>/dev/null
grep -q '^- the words that start with «' "$work/doc-en.md" || no "export -f md --lang en: rules not in English"
grep -q '^Examples:$' "$work/doc-en.md" || no "export -f md --lang en: no 'Examples:'"
grep -q '^- les mots qui commencent par «' "$work/doc-fr.md" || no "export -f md --lang fr: rules not in French"
grep -q "^Exemples$nb:\$" "$work/doc-fr.md" || no "export -f md --lang fr: no 'Exemples :'"
grep -q ', ligne [0-9]' "$work/doc-fr.md" || no "export -f md --lang fr: verbatims without 'ligne'"
grep -q "Unité de codage$nb: la phrase" "$work/doc-fr.html" || no "export -f html under LANGUAGE=fr: settings not in French"
# the review page: its static words, and the table review.js reads
"$G" review --lang en -c "$MIN" -o "$work/review-en.html" "$T" 2>/dev/null
"$G" review --lang fr -c "$MIN" -o "$work/review-fr.html" "$T" 2>/dev/null
grep -q '>Export the gold (e)</button>' "$work/review-en.html" || no "review --lang en: no English export button"
grep -q '"tr":{}' "$work/review-en.html" || no "review --lang en: a translation table in an English page"
grep -q '>Exporter la référence (e)</button>' "$work/review-fr.html" || no "review --lang fr: no French export button"
grep -q '<h2>Touches</h2>' "$work/review-fr.html" || no "review --lang fr: keys not in French"
grep -q '"Reviewed ":"Relues "' "$work/review-fr.html" || no "review --lang fr: progress words not in the page's table"
# the library's messages (lib/): in the program's language too, each kind
# with its file:line:column -- a codebook error (XML, then a value), a
# transcript that cannot be read, a reading note, gold errors
D="$top_srcdir/tests/data"
err_case "bad-malformed.xml:5:18: </theme> does not close <word> (opened on line 5)" \
    "bad-malformed.xml:5:18: </theme> ne ferme pas <word> (ouvert à la ligne 5)" check "$D/codebooks/bad-malformed.xml"
err_case "bad-distance.xml:5:11: distance must be a whole number from 1 to 1000, not 'quatre'" \
    "bad-distance.xml:5:11: distance doit être un nombre entier de 1 à 1000, pas «${nb}quatre$nb»" \
    check "$D/codebooks/bad-distance.xml"
err_case "latin1.txt:2:21: invalid UTF-8 (byte 0xE9), although the file has UTF-8 accents elsewhere" \
    "latin1.txt:2:21: UTF-8 invalide (octet 0xE9), alors que le fichier a des accents en UTF-8 ailleurs" \
    text "$D/bad-transcripts/latin1.txt"
err_case "warning: .*tracked.docx: tracked changes read as accepted: 2 insertion(s) kept, 4 deletion(s) left out" \
    "attention$nb: .*tracked.docx: modifications suivies lues comme acceptées$nb: 2 insertion(s) gardée(s)" \
    text "$D/fuzz-seeds/docx/tracked.docx"
printf 'document\tstart\tend\ttheme\n' >"$work/nocoder.tsv"
err_case "nocoder.tsv:1:1: the header line must name the columns .*; 'coder' is missing" \
    "nocoder.tsv:1:1: la ligne d'en-tête doit nommer les colonnes .*$nb; «${nb}coder$nb» manque" \
    eval -c "$MIN" --gold "$work/nocoder.tsv" "$T"
# a gold without its columns: the table reader's complaint, recognised in
# either language, becomes the gold's
err_case "minimal.xml:1:1: not a gold: the first row must name the columns" \
    "minimal.xml:1:1: ce n'est pas une référence$nb: la première ligne doit nommer les colonnes" \
    eval -c "$MIN" --gold "$MIN" "$T"

# the catalogue is whole: no message left untranslated or fuzzy
if command -v msgfmt >/dev/null 2>&1; then
    stats=$(msgfmt --statistics -o /dev/null "$top_srcdir/po/fr.po" 2>&1)
    case $stats in *untranslated* | *fuzzy*) no "po/fr.po is not whole: $stats" ;; esac
fi
# no message of the program bypasses gettext: a literal with words straight
# in fprintf(stderr, ...) or fputs(..., stderr)
left=$(grep -n 'fprintf(stderr, "[^"]*[A-Za-z]\{2,\}\|fputs("[^"]*[A-Za-z]\{3,\}[^"]*", stderr)' \
    "$top_srcdir"/bin/*.c)
[ -z "$left" ] || no "messages not wrapped in _(): $left"
# nor of the library: every function that formats a message (a printf-like
# declaration in lib/) is an xgettext keyword of po/Makevars, but the
# byte buffers' and GUIDs' (not messages) and the va_list ones (their
# callers' formats are)
for f in $(awk '/^[a-z]/ { decl = "" } { decl = decl $0 }
        /[;{]/ { if (decl ~ /GRILLE_PRINTF\([0-9]/ && match(decl, /[a-z_]+\(/)) print substr(decl, RSTART, RLENGTH - 1); decl = "" }' \
        "$top_srcdir"/lib/*.c "$top_srcdir"/lib/*.h | sort -u); do
    case $f in gbuf_printf | refi_guidf | grille_vfail | im_vfail) continue ;; esac
    grep -q -- "--keyword=$f:[0-9]" "$top_srcdir/po/Makevars" || no "lib: $f() formats messages but is no xgettext keyword in po/Makevars"
done
# and every message xgettext finds in the sources (po/Makevars' options)
# has its French in po/fr.po: a message added without make update-po shows
if command -v xgettext >/dev/null 2>&1 && command -v msgcmp >/dev/null 2>&1; then
    opts=$(sed -n '/^XGETTEXT_OPTIONS/,/[^\\]$/p' "$top_srcdir/po/Makevars" | sed 's/^XGETTEXT_OPTIONS *= *//; s/\\$//' | tr '\n\t' '  ')
    (cd "$top_srcdir" && xgettext $opts -o "$work/all.pot" --files-from=po/POTFILES.in) 2>"$work/xgettext.err" ||
        no "xgettext fails: $(head -3 "$work/xgettext.err")"
    msgcmp "$top_srcdir/po/fr.po" "$work/all.pot" 2>"$work/msgcmp.err" ||
        no "po/fr.po lacks messages of the sources (make -C po update-po, then translate): $(head -4 "$work/msgcmp.err")"
fi

if [ $fail -eq 0 ]; then echo "i18n: ok"; fi
exit $((fail > 0))

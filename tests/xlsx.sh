#!/bin/sh
# xlsx.sh - the spreadsheet outputs: .xlsx workbooks read back without
# grille (tests/xlsx_check.py, with Python's zipfile and ElementTree),
# CSV for French Excel (--excel), and the output extensions a command does
# not write, refused with exit 2 and nothing written.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
D="$top_srcdir/tests/data"
MIN="$D/codebooks/minimal.xml"
T="$D/transcripts"
GOLD="$D/gold/test-gold.tsv"
CB="$top_srcdir/codebooks/dts-fr.xml"

# 1. workbooks, each command, then read back by xlsx_check.py
"$G" code -c "$MIN" -o "$work/segments.xlsx" "$T" 2>/dev/null || ko "code -o .xlsx"
"$G" code -c "$MIN" "$T" 2>/dev/null | tail -n +2 | wc -l | tr -d ' ' >"$work/segments.count"
"$G" matrix -c "$MIN" -o "$work/matrix.xlsx" "$T" 2>/dev/null || ko "matrix -o .xlsx"
"$G" matrix -c "$MIN" -m share -f xlsx -o "$work/share.xlsx" "$T" 2>/dev/null || ko "matrix -f xlsx"
"$G" cooc -c "$MIN" --jaccard -o "$work/cooc.xlsx" "$T" 2>/dev/null || ko "cooc -o .xlsx"
"$G" eval -c "$MIN" --gold "$GOLD" -o "$work/eval.xlsx" "$T" 2>/dev/null || ko "eval -o .xlsx"
"$G" diff -o "$work/diff.xlsx" "$MIN" "$D/codebooks/minimal-v2.xml" "$T" 2>/dev/null || ko "diff -o .xlsx"
"$G" export -c "$CB" -o "$work/export.xlsx" "$top_srcdir/corpora/illustratifs" 2>/dev/null || ko "export -o .xlsx"
"$G" code -c "$CB" "$top_srcdir/corpora/illustratifs" 2>/dev/null | tail -n +2 | wc -l | tr -d ' ' >"$work/export.count"
if command -v python3 >/dev/null 2>&1; then
    out=$(python3 "$top_srcdir/tests/xlsx_check.py" "$work")
    echo "$out" | grep -v '^xlsx: '
    p=$(echo "$out" | sed -n 's/^xlsx: \([0-9]*\) passed, \([0-9]*\) failed$/\1/p')
    f=$(echo "$out" | sed -n 's/^xlsx: \([0-9]*\) passed, \([0-9]*\) failed$/\2/p')
    if [ -n "$p" ]; then pass=$((pass + p)); fail=$((fail + f)); else ko "xlsx_check.py did not run"; fi
else
    echo "xlsx: no python3: workbooks not read back"
fi
# the same input, the same bytes (a fixed date, as the .qdpx)
"$G" code -c "$MIN" -o "$work/again.xlsx" "$T" 2>/dev/null
cmp -s "$work/segments.xlsx" "$work/again.xlsx" && ok || ko "two runs write different workbooks"

# 2. a workbook needs a regular file
"$G" code -c "$MIN" -f xlsx "$T" >"$work/stdout" 2>"$work/err"
[ $? = 2 ] && [ ! -s "$work/stdout" ] && grep -q "give -o FILE.xlsx" "$work/err" && ok || ko "xlsx to stdout"
"$G" matrix -c "$MIN" -f xlsx -o /dev/null "$T" 2>"$work/err"
[ $? = 2 ] && grep -q "not a regular file" "$work/err" && ok || ko "xlsx to /dev/null"
mkfifo "$work/fifo"
"$G" matrix -c "$MIN" -f xlsx -o "$work/fifo" "$T" 2>"$work/err"
[ $? = 2 ] && grep -q "not a regular file" "$work/err" && ok || ko "xlsx to a FIFO"
"$G" export -c "$MIN" -f xlsx "$T" 2>"$work/err"
[ $? = 2 ] && grep -q "FILE.xlsx" "$work/err" && ok || ko "export -f xlsx without -o"
# -f and the extension must agree
"$G" code -c "$MIN" -f tsv -o "$work/x.xlsx" "$T" 2>"$work/err"
[ $? = 2 ] && [ ! -e "$work/x.xlsx" ] && grep -q "names a .xlsx file" "$work/err" && ok || ko "-f tsv -o x.xlsx"
# upper case extensions are the same formats
"$G" matrix -c "$MIN" -o "$work/UPPER.XLSX" "$T" 2>/dev/null && unzip -l "$work/UPPER.XLSX" 2>/dev/null | grep -q xl/workbook.xml && ok ||
    ko "-o UPPER.XLSX"
ls "$work" | grep -q grille-tmp && ko "a temporary file was left" || ok

# 3. --excel: BOM, ';', decimal comma, formulas still neutralised
"$G" eval -c "$MIN" --gold "$GOLD" --excel -o "$work/eval.csv" "$T" 2>/dev/null
head -c 3 "$work/eval.csv" | od -An -tx1 | tr -d ' \n' | grep -qx efbbbf && ok || ko "--excel: no BOM"
sed -n 1p "$work/eval.csv" | grep -q '^.*theme;label;gold;grille;tp;fp;fn;tn;precision;' && ok || ko "--excel: not ';'"
grep -q '^ars;ARS;1;2;1;1;0;8;0,500;1,000;0,667;' "$work/eval.csv" && ok || ko "--excel: no decimal comma in ars's row"
grep -q '^regex;Co-construction;0;1;0;1;0;9;0,000;NA;' "$work/eval.csv" && ok || ko "--excel: NA"
"$G" matrix -c "$MIN" -m share --excel "$T" 2>/dev/null | grep -q '^ars;ARS;[0-9]*,[0-9];' && ok ||
    ko "matrix --excel to stdout: no decimal comma"
# a field holding ';' is quoted, a field that looks like a formula gets its apostrophe
mkdir "$work/c"
printf -- '---\ntype: EI\ninterviewers: E\n---\nE : Question ?\nR : -le réseau ; les élus, toujours.\n' >"$work/c/ei.txt"
"$G" code -c "$MIN" --excel "$work/c" 2>/dev/null | grep -q ";\"'-le réseau ; les élus, toujours.\"" && ok ||
    ko "--excel: a text with ';' not quoted, or its '-' not neutralised"
"$G" code -c "$MIN" "$work/c" 2>/dev/null | grep -q "	'-le réseau ; les élus, toujours." && ok || ko "TSV: '-' not neutralised"
# --excel is for CSV only
"$G" matrix -c "$MIN" --excel -o "$work/m.tsv" "$T" 2>"$work/err"
[ $? = 2 ] && [ ! -e "$work/m.tsv" ] && grep -q "excel is for CSV" "$work/err" && ok || ko "--excel -o .tsv"
"$G" note -c "$MIN" --excel "$T" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "does not write" "$work/err" && ok || ko "note --excel"
# a unit table saved by --excel reads back as a gold
"$G" gold template -c "$MIN" --excel -o "$work/template.csv" "$T" 2>/dev/null
head -c 3 "$work/template.csv" | od -An -tx1 | tr -d ' \n' | grep -qx efbbbf && ok || ko "gold template --excel: no BOM"
sed -e '2s/;;*\r$/;1;\r/' "$work/template.csv" >"$work/gold.csv"
# (the first unit marked with the first theme, reseau: the gold has one reseau unit)
"$G" eval -c "$MIN" --gold "$work/gold.csv" --partial -f tsv "$T" 2>"$work/err" | grep -q '^reseau	Réseau	1	' && ok ||
    { ko "a --excel template filled in does not read back as a gold"; cat "$work/err"; }

# 4. an extension the command does not write: exit 2, nothing written
refused() { # NAME EXT COMMAND... (-o FILE.EXT is added)
    name=$1 ext=$2
    shift 2
    rm -f "$work/out.$ext"
    "$@" -o "$work/out.$ext" >"$work/stdout" 2>"$work/err"
    st=$?
    if [ $st = 2 ] && [ ! -e "$work/out.$ext" ] && grep -q "\.$ext" "$work/err"; then ok; else
        ko "$name -o out.$ext: exit $st, $(head -c 300 "$work/err")"
    fi
}
for ext in docx pdf; do
    refused code "$ext" "$G" code -c "$MIN" "$T"
    refused matrix "$ext" "$G" matrix -c "$MIN" "$T"
    refused cooc "$ext" "$G" cooc -c "$MIN" "$T"
    refused kwic "$ext" "$G" kwic -c "$MIN" "$T"
    refused note "$ext" "$G" note -c "$MIN" "$T"
    refused speakers "$ext" "$G" speakers "$T"
    refused eval "$ext" "$G" eval -c "$MIN" --gold "$GOLD" "$T"
    refused diff "$ext" "$G" diff "$MIN" "$D/codebooks/minimal-v2.xml" "$T"
    refused "gold template" "$ext" "$G" gold template -c "$MIN" "$T"
    refused suggest "$ext" "$G" suggest -c "$MIN" --gold "$GOLD" "$T"
    refused "suggest --xml" "$ext" "$G" suggest --xml -c "$MIN" --gold "$GOLD" "$T"
    refused export "$ext" "$G" export -c "$MIN" "$T"
    built_with refi && refused "import qdc" "$ext" "$G" import qdc "$D/refi/atlas-0-4.qdc"
    # check writes its statistics with --stats FILE, not -o
    rm -f "$work/stats.$ext"
    "$G" check --corpus "$T" --stats "$work/stats.$ext" "$MIN" >/dev/null 2>"$work/err"
    [ $? = 2 ] && [ ! -e "$work/stats.$ext" ] && grep -q "\.$ext" "$work/err" && ok || ko "check --stats stats.$ext"
done
# formats of other commands are not this one's either
refused "code (md)" md "$G" code -c "$MIN" "$T"
refused "matrix (jsonl)" jsonl "$G" matrix -c "$MIN" "$T"
refused "note (csv)" csv "$G" note -c "$MIN" "$T"
built_with refi && refused "import qdpx (csv)" csv "$G" import qdpx "$D/refi/ambiguous.qdpx"
refused "kwic (txt)" txt "$G" kwic -c "$MIN" "$T"
# a file without an extension takes the default
"$G" code -c "$MIN" -o "$work/plain" "$T" 2>/dev/null && head -1 "$work/plain" | grep -q '^document	speaker' && ok ||
    ko "-o FILE without an extension is not the default TSV"

echo "xlsx: $pass passed, $fail failed"
[ "$fail" = 0 ]

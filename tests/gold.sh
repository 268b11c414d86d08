#!/bin/sh
# gold.sh - hand coding a researcher can do: grille gold template writes
# a table of units, a spreadsheet fills it (comma, semicolon or tab, UTF-8
# or Windows-1252, with a BOM or not), eval and check read it back; a
# changed transcript, a row naming no document or unit, a cell that is
# not a mark and a column that is not a theme are errors that say so.
# The expected figures are computed here from the files, not copied from
# grille's output.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
S="$top_srcdir"
CB="$S/codebooks/dts-fr.xml"
command -v python3 >/dev/null 2>&1 || { echo "python3 is needed"; exit 77; }

mkdir "$work/c"
cp "$S/corpora/illustratifs/ei-01-cls-petr-rural.txt" "$S/corpora/illustratifs/ec-01-coordinations-departement.txt" "$work/c/"
# a unit that a spreadsheet would take for a formula
printf -- '---\ntype: EI\ninterviewers: E\n---\nE : Et les élus ?\nR : = Les élus portent le CLS. Le COPIL se réunit deux fois par an.\n' >"$work/c/ei-formule.txt"

# 1. the template: every row is a respondent's unit, its text found at its line
"$G" gold template -c "$CB" -o "$work/t.csv" "$work/c" 2>"$work/err"
[ $? = 0 ] && ok || { ko "gold template exit status"; cat "$work/err"; }
python3 - "$work/t.csv" "$work/c" <<'PY' >"$work/check" 2>&1 && ok || { ko "template rows"; cat "$work/check"; }
import csv, sys, os
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8", newline="")))
head = rows[0]
assert head == ["document", "unit", "line", "speaker", "text", "missions", "echelles", "pilotage", "ists",
                "participation", "positionnement", "articulation", "comment"], head
interviewers = {"Animatrice", "Enquêtrice", "E"}
for r in rows[1:]:
    assert len(r) == len(head), r
    doc, unit, line, speaker, text = r[:5]
    assert speaker not in interviewers, r
    assert all(c == "" for c in r[5:]), r
    if text.startswith("'="): text = text[1:]
    lines = open(os.path.join(sys.argv[2], doc + ".txt"), encoding="utf-8").read().split("\n")
    assert text in lines[int(line) - 1], (text, lines[int(line) - 1])
texts = [r[4] for r in rows[1:]]
assert "'= Les élus portent le CLS." in texts, texts[-3:]
assert "Le COPIL se réunit deux fois par an." in texts
assert texts[-1] == "Le COPIL se réunit deux fois par an.", texts[-1]
# units are numbered in their document, in order
by_doc = {}
for r in rows[1:]: by_doc.setdefault(r[0], []).append(int(r[1]))
assert all(v == sorted(v) and len(set(v)) == len(v) for v in by_doc.values())
PY

# 2. filled: units that name the ARS get pilotage, those about habitants
# participation; saved by "French Excel" (semicolons, Windows-1252), by
# LibreOffice (tabs, UTF-8 with a BOM) and as the template's CSV
python3 - "$work" <<'PY' || ko "filling the template"
import csv, sys
w = sys.argv[1]
rows = list(csv.reader(open(w + "/t.csv", encoding="utf-8", newline="")))
h = rows[0]
n_pil = n_part = 0
for r in rows[1:]:
    if "ARS" in r[4]: r[h.index("pilotage")] = "x"; n_pil += 1
    if "habitants" in r[4]: r[h.index("participation")] = "1"; n_part += 1
    if "COPIL" in r[4]: r[h.index("pilotage")] = "X"; n_pil += 1
open(w + "/expected", "w").write("%d %d\n" % (n_pil, n_part))
csv.writer(open(w + "/g.csv", "w", encoding="utf-8", newline="")).writerows(rows)
csv.writer(open(w + "/g-excel.csv", "w", encoding="cp1252", newline=""), delimiter=";").writerows(rows)
csv.writer(open(w + "/g-lo.tsv", "w", encoding="utf-8-sig", newline=""), delimiter="\t").writerows(rows)
PY
"$G" eval -c "$CB" --gold "$work/g.csv" -f tsv "$work/c" >"$work/e.tsv" 2>"$work/err"
[ $? = 0 ] && ok || { ko "eval of a filled template"; cat "$work/err"; }
# the gold column holds as many units as were marked; only the themes
# with a column are judged (7 and the pooled row)
read -r n_pil n_part <"$work/expected"
[ "$(awk -F'\t' '$1 == "pilotage" { print $3 }' "$work/e.tsv")" = "$n_pil" ] && ok || ko "pilotage gold count $n_pil"
[ "$(awk -F'\t' '$1 == "participation" { print $3 }' "$work/e.tsv")" = "$n_part" ] && ok || ko "participation gold count"
[ "$(wc -l <"$work/e.tsv")" = 9 ] && ok || ko "only the top-level themes are judged: $(wc -l <"$work/e.tsv") lines"
for f in g-excel.csv g-lo.tsv; do
    "$G" eval -c "$CB" --gold "$work/$f" -f tsv "$work/c" >"$work/e2.tsv" 2>/dev/null
    cmp -s "$work/e.tsv" "$work/e2.tsv" && ok || ko "$f reads as the template's CSV"
done
# check --stats reads it too
"$G" check --corpus "$work/c" --gold "$work/g-excel.csv" --stats "$work/st.tsv" "$CB" >/dev/null 2>"$work/err"
[ $? = 0 ] && ok || { ko "check --stats with a unit table"; cat "$work/err"; }

# 3. the transcript changed since the template: which units moved
python3 - "$work" <<'PY'
import csv, sys
w = sys.argv[1]
rows = list(csv.reader(open(w + "/g.csv", encoding="utf-8", newline="")))
rows[3][4], rows[4][4] = rows[4][4], rows[3][4]
csv.writer(open(w + "/moved.csv", "w", encoding="utf-8", newline="")).writerows(rows)
rows = list(csv.reader(open(w + "/g.csv", encoding="utf-8", newline="")))
rows[2][0] = "ei-99-absent"; rows[5][1] = "99999"
csv.writer(open(w + "/miss.csv", "w", encoding="utf-8", newline="")).writerows(rows)
rows = list(csv.reader(open(w + "/g.csv", encoding="utf-8", newline="")))
rows[6][rows[0].index("ists")] = "peut-être"
csv.writer(open(w + "/cell.csv", "w", encoding="utf-8", newline="")).writerows(rows)
rows = list(csv.reader(open(w + "/g.csv", encoding="utf-8", newline="")))
rows[0][rows[0].index("ists")] = "inegalites"
csv.writer(open(w + "/col.csv", "w", encoding="utf-8", newline="")).writerows(rows)
PY
"$G" eval -c "$CB" --gold "$work/moved.csv" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "has changed since the gold was made: 2 units" "$work/err" && grep -q "(now unit" "$work/err" &&
    grep -q "gold line 4" "$work/err" && ok || { ko "moved units"; cat "$work/err"; }

# 4. rows that match nothing: errors with their line, warnings with --partial
"$G" eval -c "$CB" --gold "$work/miss.csv" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "miss.csv:3: the document 'ei-99-absent' (1 row from this line) is not among" "$work/err" &&
    grep -q "miss.csv:6: .* has no unit 99999" "$work/err" && grep -q "2 rows of the gold match nothing" "$work/err" &&
    ok || { ko "rows that match nothing"; cat "$work/err"; }
"$G" eval -c "$CB" --partial --gold "$work/miss.csv" "$work/c" >/dev/null 2>"$work/err"
[ $? = 0 ] && grep -q "miss.csv:3: warning:" "$work/err" && ok || { ko "--partial"; cat "$work/err"; }
# the span gold of the corpus on one of its documents: the other seven are named
"$G" eval -c "$CB" --gold "$S/corpora/gold/illustratifs.tsv" "$work/c/ei-01-cls-petr-rural.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(grep -c 'is not among the transcripts' "$work/err")" = 7 ] && ok || { ko "span gold, one document"; cat "$work/err"; }

# 5. a cell that is not a mark, a column that is not a theme, not a gold
"$G" eval -c "$CB" --gold "$work/cell.csv" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "cell.csv:7: the cell of column 'ists' holds 'peut-être'" "$work/err" && ok ||
    { ko "bad cell"; cat "$work/err"; }
"$G" eval -c "$CB" --gold "$work/col.csv" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "the column 'inegalites' is not a theme" "$work/err" && ok || { ko "bad column"; cat "$work/err"; }
printf 'document,quote,theme\nei-01,bla,ists\n' >"$work/not.csv"
"$G" eval -c "$CB" --gold "$work/not.csv" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "not a gold: the first row must name" "$work/err" && ok || { ko "not a gold"; cat "$work/err"; }

# 6. --leaves: one column per theme without sub-themes
"$G" gold template -c "$CB" --leaves -f tsv "$work/c" >"$work/leaves.tsv" 2>/dev/null
python3 - "$work/leaves.tsv" "$CB" <<'PY' && ok || ko "--leaves columns"
import sys, xml.etree.ElementTree as ET
ns = "{urn:grille:codebook:1}"
leaves = [t.get("id") for t in ET.parse(sys.argv[2]).iter(ns + "theme") if t.find(ns + "theme") is None]
head = open(sys.argv[1], encoding="utf-8").readline().rstrip("\n").split("\t")
assert head[5:-1] == leaves, (head, leaves)
PY

# 7. a REFI-QDA project as the gold: grille's own coding agrees with itself
if built_with refi; then
    "$G" export -c "$CB" -o "$work/p.qdpx" "$work/c" 2>/dev/null
    "$G" eval -c "$CB" --gold "$work/p.qdpx" -f tsv "$work/c" >"$work/q.tsv" 2>"$work/err"
    [ $? = 0 ] && awk -F'\t' 'NR > 1 && $3 > 0 && $11 != "1.000" { bad = 1 } END { exit bad }' "$work/q.tsv" && ok ||
        { ko "a .qdpx as the gold"; cat "$work/err"; head -3 "$work/q.tsv"; }
fi

# 8. a gold whose positions do not count the transcript's byte order mark
# (REFI-QDA tools, grille import qdpx): its quote says so, and the span
# is moved by one.  "O" of "Oui." is code points 12-13 without the mark,
# 13-14 with it: unmoved, it would fall on the interviewer's line end and
# match no unit.
mkdir "$work/bom"
printf '\357\273\277E : Q ?\nR : Oui.\n' >"$work/bom/b.txt"
printf 'document\tstart\tend\ttheme\tcoder\tquote\nb\t12\t13\tpilotage\tqc\tO\n' >"$work/bom/g.tsv"
"$G" eval -c "$CB" --gold "$work/bom/g.tsv" -f tsv "$work/bom/b.txt" >"$work/bom/e.tsv" 2>"$work/err"
[ $? = 0 ] && [ "$(awk -F'\t' '$1 == "pilotage" { print $3 }' "$work/bom/e.tsv")" = 1 ] && ok ||
    { ko "a span counted without the byte order mark"; cat "$work/err"; }
# without a quote, positions are grille's own (the mark counted): no match
printf 'document\tstart\tend\ttheme\tcoder\nb\t12\t13\tpilotage\tqc\n' >"$work/bom/g2.tsv"
"$G" eval -c "$CB" --gold "$work/bom/g2.tsv" "$work/bom/b.txt" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "overlaps no unit" "$work/err" && ok || { ko "a span without quote is not moved"; cat "$work/err"; }

# 9. the committed golds are what their decisions give: each TSV rebuilt
# by locate.py (which finds every quote in its transcript) is the same file
for g in illustratifs:gold-a illustratifs-b:gold-b illustratifs-c:gold-c; do
    name=${g%%:*} coder=${g#*:}
    python3 "$S/corpora/gold/locate.py" "$S/corpora/gold/$name.codes" "$work/$name.tsv" "$coder" 2>"$work/err" &&
        cmp -s "$work/$name.tsv" "$S/corpora/gold/$name.tsv" && ok || { ko "$name.tsv is not what $name.codes gives"; cat "$work/err"; }
done

echo "gold: $pass passed, $fail failed"
[ "$fail" = 0 ]

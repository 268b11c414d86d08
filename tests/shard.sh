#!/bin/sh
# shard.sh - grille code|matrix --shard K/N and grille merge (issue 12):
# the parts of any number of shards, merged, are byte for byte what one
# run over the whole corpus writes, for every format of code and matrix
# and the options that change how a matrix counts; a merge refuses parts
# that are not of one run (tests/data/golden/merge-*.out pin the
# messages).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
C="$top_srcdir/corpora"

# same NAME N EXT COMMAND OPTIONS...: the single run to NAME.EXT, the N
# shards, their merge to NAME.merged.EXT (merge given -o only)
same() {
    name=$1 n=$2 ext=$3 cmd=$4
    shift 4
    if ! "$G" "$cmd" "$@" -o "$work/$name.$ext" "$C" 2>"$work/err"; then
        ko "$name: the single run failed"; cat "$work/err"; return
    fi
    parts= k=1
    while [ "$k" -le "$n" ]; do
        "$G" "$cmd" --shard "$k/$n" "$@" -o "$work/$name.part-$k" "$C" 2>"$work/err" ||
            { ko "$name: shard $k/$n failed"; cat "$work/err"; return; }
        parts="$parts $work/$name.part-$k"
        k=$((k + 1))
    done
    # shellcheck disable=SC2086
    if ! "$G" merge -o "$work/$name.merged.$ext" $parts 2>"$work/err"; then
        ko "$name: merge failed"; cat "$work/err"; return
    fi
    if cmp -s "$work/$name.$ext" "$work/$name.merged.$ext"; then ok; else ko "$name: merged output differs"; fi
}

same code-tsv 4 tsv code
same code-csv 4 csv code -f csv
same code-jsonl 3 jsonl code -f jsonl -j 1
same code-excel 4 csv code -f csv --excel
same code-one-shard 1 tsv code
same code-more-shards-than-documents 40 tsv code
same code-interviewers 2 tsv code --interviewers none
same matrix-csv 4 csv matrix
same matrix-md 4 md matrix -f md
same matrix-tsv-leaves-per1000 4 tsv matrix -f tsv --leaves -m per1000
same matrix-by-type 4 csv matrix --by type
same matrix-by-speaker-share 3 csv matrix --by speaker -m share
same matrix-by-role 4 csv matrix --by role
same matrix-presence-transposed 4 csv matrix -m presence -t --by type
same matrix-primary 2 csv matrix -m primary
same matrix-md-fr 4 md matrix -f md --lang fr -m share
same matrix-excel 4 csv matrix --excel
same matrix-more-shards-than-documents 40 csv matrix --by dispositif
same matrix-xlsx 4 xlsx matrix -f xlsx

# note and export: a part holds each document and its coding
# (grille_coding_save()), which the merge loads and hands to the writer
# the single run feeds; 1, 2 and 4 shards of each
for n in 1 2 4; do
    same "note-md-$n" "$n" md note
    same "note-html-$n" "$n" html note -f html
    same "export-iramuteq-$n" "$n" txt export -f iramuteq
    same "export-xlsx-$n" "$n" xlsx export -f xlsx
    same "export-md-$n" "$n" md export -f md
    same "export-html-$n" "$n" html export -f html --lang fr
    # SQLite: the database's bytes, not only its dump (the same rows
    # inserted in the same order make the same file)
    built_with sqlite && same "export-sqlite-$n" "$n" sqlite export -f sqlite
    built_with refi && same "export-qdpx-$n" "$n" qdpx export -f qdpx
done
same note-options 3 md note --by dispositif -q 5 --context 1 --min-words 4 --lang en
built_with refi && same export-qdpx-options 3 qdpx export -f qdpx --name "Projet é" --user enquêtrice \
    --date 2024-05-02T10:00:00Z

# the deal: every document in exactly one shard, the largest first onto
# the least loaded; each shard's part names its documents by corpus index
for k in 1 2 3 4; do
    "$G" code --shard "$k/4" -o "$work/deal-$k" "$C" 2>/dev/null || ko "deal: shard $k"
    grep -a '^doc ' "$work/deal-$k" | cut -d' ' -f2 >>"$work/dealt"
done
n=$(sort -n "$work/dealt" | uniq | wc -l)
total=$(sed -n 's/^corpus \([0-9]*\) .*/\1/p' "$work/deal-1")
[ "$n" -eq "$total" ] && [ "$(wc -l <"$work/dealt")" -eq "$total" ] && ok || ko "deal: $n of $total documents dealt once"

# a shard with no document writes a part all the same (an empty shard
# must not fail the job array)
"$G" code --shard 40/40 -o "$work/empty" "$C" 2>/dev/null && grep -q '^end 0$' "$work/empty" && ok || ko "empty shard"

# errors: exit 2, nothing written
"$G" merge -o "$work/none.tsv" "$work/code-tsv.part-1" "$work/code-tsv.part-2" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$work/none.tsv" ] && ok || ko "a missing part is refused"
"$G" merge -o "$work/none.tsv" "$work/code-tsv.part-1" "$work/code-tsv.part-1" "$work/code-tsv.part-3" \
    "$work/code-tsv.part-4" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$work/none.tsv" ] && ok || ko "a part given twice is refused"
head -c 2000 "$work/code-tsv.part-2" >"$work/truncated"
"$G" merge -o "$work/none.tsv" "$work/code-tsv.part-1" "$work/truncated" "$work/code-tsv.part-3" \
    "$work/code-tsv.part-4" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$work/none.tsv" ] && ok || ko "a truncated part is refused"
"$G" merge -o "$work/none.tsv" "$work/code-tsv.part-1" "$work/code-csv.part-2" "$work/code-tsv.part-3" \
    "$work/code-tsv.part-4" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$work/none.tsv" ] && ok || ko "parts of other formats are refused"
"$G" merge -o "$work/none.tsv" "$work/code-tsv.part-1" "$work/matrix-csv.part-2" "$work/code-tsv.part-3" \
    "$work/code-tsv.part-4" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$work/none.tsv" ] && ok || ko "parts of two commands are refused"
"$G" merge -o "$work/none.md" "$work/note-md-2.part-1" "$work/export-xlsx-2.part-2" 2>"$work/err"
[ $? -eq 2 ] && [ ! -e "$work/none.md" ] && grep -q 'is a part of grille export' "$work/err" && ok ||
    ko "a note part with an export part is refused"
"$G" export --shard 1/2 -f qdc -o "$work/none-part" 2>/dev/null
[ $? -eq 2 ] && [ ! -e "$work/none-part" ] && ok || ko "export --shard -f qdc is refused"
# a damaged coding in a part (its magic line changed, same length)
sed 's/^grille-coding 1$/grille-coding 9/' "$work/note-md-2.part-2" >"$work/damaged"
"$G" merge -o "$work/none.md" "$work/note-md-2.part-1" "$work/damaged" 2>"$work/err"
[ $? -eq 2 ] && [ ! -e "$work/none.md" ] && grep -q 'not a coding saved' "$work/err" && ok ||
    ko "a damaged coding in a part is refused"
# a file name that is not UTF-8 (Linux allows any bytes) goes through a
# part as the single run takes it
mkdir "$work/latin1"
cp "$C/illustratifs/ei-02-clsm-ville-centre.txt" "$work/latin1/$(printf 'caf\351').txt"
cp "$C/illustratifs/ei-03-asv-qpv.txt" "$work/latin1/"
"$G" note -o "$work/latin1.md" "$work/latin1" 2>/dev/null &&
    "$G" note --shard 1/2 -o "$work/latin1.part-1" "$work/latin1" 2>/dev/null &&
    "$G" note --shard 2/2 -o "$work/latin1.part-2" "$work/latin1" 2>/dev/null &&
    "$G" merge -o "$work/latin1.merged.md" "$work/latin1.part-1" "$work/latin1.part-2" 2>"$work/err" &&
    cmp -s "$work/latin1.md" "$work/latin1.merged.md" && ok || { ko "a file name that is not UTF-8"; cat "$work/err"; }

# the parts of an export hold codings: merged into another export, the
# single run's bytes of that one
"$G" merge -o "$work/iramuteq-as.xlsx" "$work"/export-iramuteq-4.part-* 2>/dev/null &&
    cmp -s "$work/iramuteq-as.xlsx" "$work/export-xlsx-4.xlsx" && ok || ko "export parts merged into another format"
"$G" merge -o "$work/iramuteq-as.md" "$work"/export-iramuteq-4.part-* 2>/dev/null &&
    cmp -s "$work/iramuteq-as.md" "$work/export-md-4.md" && ok || ko "export parts merged into the codebook's document"
# a document that changed between two shards' runs: another corpus
cp -r "$C/illustratifs" "$work/corpus"
"$G" code --shard 1/2 -o "$work/c-1" "$work/corpus" 2>/dev/null
for f in "$work"/corpus/*.txt; do echo "R : une ligne de plus." >>"$f"; done
"$G" code --shard 2/2 -o "$work/c-2" "$work/corpus" 2>/dev/null
"$G" merge "$work/c-1" "$work/c-2" >/dev/null 2>"$work/err"
[ $? -eq 2 ] && grep -q 'another corpus' "$work/err" && ok || ko "parts of two corpora are refused"
# --excel is for CSV: refused when merging a note's or an export's parts
"$G" merge --excel -o "$work/excel.md" "$work"/note-md-2.part-* 2>"$work/err"
[ $? -eq 2 ] && [ ! -e "$work/excel.md" ] && grep -q '^grille merge: --excel' "$work/err" && ok ||
    ko "merge --excel of note parts is refused"
"$G" merge --excel -o "$work/excel.xlsx" "$work"/export-xlsx-2.part-* 2>"$work/err"
[ $? -eq 2 ] && [ ! -e "$work/excel.xlsx" ] && grep -q '^grille merge: --excel' "$work/err" && ok ||
    ko "merge --excel of export parts is refused"
# merge speaks as itself about an export's format
"$G" merge -f nope -o "$work/nope.xlsx" "$work"/export-xlsx-2.part-* 2>"$work/err"
[ $? -eq 2 ] && [ ! -e "$work/nope.xlsx" ] && grep -q "^grille merge: unknown format 'nope'" "$work/err" && ok ||
    ko "merge names itself for an unknown export format"
# a bad --date is refused by the shard that is given it, not by the merge
if built_with refi; then
    "$G" export --shard 1/2 -f qdpx --date 2024-13-45 -o "$work/baddate" "$C" 2>"$work/err"
    [ $? -eq 2 ] && [ ! -e "$work/baddate" ] && grep -q "'2024-13-45' is not a date" "$work/err" && ok ||
        ko "export --shard refuses a bad --date"
fi
# the output of a merge is never one of its parts
cp "$work/code-tsv.part-1" "$work/p1"
"$G" merge -o "$work/p1" "$work/p1" "$work/code-tsv.part-2" "$work/code-tsv.part-3" "$work/code-tsv.part-4" 2>/dev/null
[ $? -eq 2 ] && cmp -s "$work/p1" "$work/code-tsv.part-1" && ok || ko "merge -o one of its parts"

echo "shard: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

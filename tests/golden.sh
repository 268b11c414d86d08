#!/bin/sh
# golden.sh - golden-file tests of every grille command.  Each case runs
# a command and compares its stdout, stderr and exit status with
# tests/data/golden/NAME.out.  GOLDEN_UPDATE=1 rewrites the files (read
# every change before committing it).
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/testlib.sh"
D="$top_srcdir/tests/data"
GOLD="$D/golden"
CORPORA="$top_srcdir/corpora"
CB="$top_srcdir/codebooks/dts-fr.xml"
MIN="$D/codebooks/minimal.xml"

# Paths in messages are made relative to the source tree.
relative() { sed -e "s|$top_srcdir/||g" -e "s|$work/||g"; }

golden() {
    name=$1
    shift
    ( cd "$top_srcdir" && "$@" ) >"$work/stdout" 2>"$work/stderr"
    status=$?
    {
        cat "$work/stdout"
        if [ -s "$work/stderr" ]; then echo "--- stderr"; cat "$work/stderr"; fi
        echo "--- exit $status"
    } | relative >"$work/$name.out"
    if [ "${GOLDEN_UPDATE:-0}" = 1 ]; then
        cp "$work/$name.out" "$GOLD/$name.out"
    fi
    if diff -u "$GOLD/$name.out" "$work/$name.out" >"$work/diff"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: $name"
        head -40 "$work/diff"
    fi
}

T="tests/data/transcripts"
# the small test transcripts, with the minimal codebook
golden code-tsv "$G" code -c "$MIN" $T
golden code-csv "$G" code -c "$MIN" -f csv $T
golden code-jsonl "$G" code -c "$MIN" -f jsonl $T
golden code-paragraph-all "$G" code -c "$D/codebooks/paragraph-all.xml" $T
golden code-interviewers-option "$G" code -c "$MIN" --interviewers C2 $T/ec-test.txt
golden matrix-csv "$G" matrix -c "$MIN" $T
golden matrix-by-type-md "$G" matrix -c "$MIN" --by type -f md $T
golden matrix-tsv "$G" matrix -c "$MIN" -f tsv $T
golden matrix-share-md "$G" matrix -c "$MIN" -m share -f md $T
golden matrix-per1000-leaves "$G" matrix -c tests/data/codebooks/lemmas.xml -m per1000 --leaves -f tsv $T
golden matrix-presence-transposed "$G" matrix -c "$MIN" -m presence -t $T
golden cooc-md "$G" cooc -c "$MIN" -f md $T
golden cooc-jaccard-window "$G" cooc -c "$MIN" --jaccard -w 2 $T
golden kwic-md "$G" kwic -c "$MIN" -n 4 -f md $T
golden kwic-theme-tsv "$G" kwic -c "$MIN" --theme proj $T
golden export-iramuteq "$G" export -f iramuteq -c "$MIN" $T
# the optional parts (configure --without-...): tests/optional.sh checks
# a build without them
built_with refi && golden export-qdc "$G" export -f qdc -c "$MIN"
built_with sqlite && golden export-sqlite sh -c "'$G' export -c '$MIN' -o '$work/run.sqlite' $T && sqlite3 '$work/run.sqlite' \
    'SELECT s.document, s.unit_index, s.theme, h.rule, h.text FROM segments s JOIN hits h ON h.segment = s.id ORDER BY 1, 2, 3, 4' \
    'SELECT key, value, count(*) FROM variables GROUP BY 1, 2 ORDER BY 1, 2'"
built_with refi && golden import-qdpx sh -c "'$G' export -c '$MIN' -o '$work/run.qdpx' $T && '$G' import qdpx -c '$MIN' '$work/run.qdpx'"
golden help-export "$G" export --help
golden help-import "$G" import --help
golden note-md "$G" note -c "$MIN" $T
golden help-note "$G" note --help
# French (issue 10): the messages follow the locale (LANGUAGE=fr, which
# gettext honours with C.UTF-8: no fr_FR locale needs generating), the
# report --lang, defaulting to the messages' language
golden note-md-fr env LC_ALL=C.UTF-8 LANGUAGE=fr "$G" note -c "$MIN" $T
golden note-html-lang-fr "$G" note -c "$MIN" --lang fr -f html $T
golden usage-fr env LC_ALL=C.UTF-8 LANGUAGE=fr "$G" --help
golden note-lang-unknown env LC_ALL=C.UTF-8 LANGUAGE=fr "$G" note -c "$MIN" --lang de $T
golden matrix-share-md-fr "$G" matrix -c "$MIN" -m share -f md --lang fr $T
golden eval-md-fr "$G" eval -c "$MIN" --gold tests/data/gold/test-gold.tsv --lang fr $T
golden diff-inserted-rule-fr env LC_ALL=C.UTF-8 LANGUAGE=fr "$G" diff "$MIN" tests/data/codebooks/minimal-inserted.xml $T
golden help-cooc "$G" cooc --help
golden help-kwic "$G" kwic --help
golden tokens-ei "$G" tokens -c "$MIN" $T/ei-test.txt
golden tokens-ec "$G" tokens $T/ec-test.txt
golden check-minimal "$G" check "$MIN"
# the researcher's own files: speakers, extracted text, focus groups
FM="tests/data/formats"
golden speakers-conventions "$G" speakers -f tsv $FM/focus-group.txt $FM/initials.txt $FM/questions-only.docx
golden text-docx "$G" text $FM/ei-01.docx
golden text-vtt-header "$G" text --header --variables $FM/variables.csv $FM/ei-01.vtt
golden matrix-by-speaker "$G" matrix -c "$MIN" --by speaker -f md $FM/focus-group.txt
golden help-speakers "$G" speakers --help
golden help-text "$G" text --help
golden help "$G" --help
golden help-gold "$G" gold --help
golden help-suggest "$G" suggest --help
golden help-search "$G" search --help
golden help-review "$G" review --help
golden help-code "$G" code --help
golden help-matrix "$G" matrix --help
golden help-check "$G" check --help
golden help-tokens "$G" tokens --help
golden help-eval "$G" eval --help
golden help-diff "$G" diff --help
golden eval-md "$G" eval -c "$MIN" --gold tests/data/gold/test-gold.tsv $T
golden eval-tsv "$G" eval -c "$MIN" --gold tests/data/gold/test-gold.tsv -f tsv $T
golden eval-errors-csv "$G" eval -c "$MIN" --gold tests/data/gold/test-gold.tsv -f csv --errors $T
golden check-corpus "$G" check --corpus $T --gold tests/data/gold/test-gold.tsv --broad 15 --stats - "$MIN"
golden diff-minimal-tsv "$G" diff -f tsv "$MIN" tests/data/codebooks/minimal-v2.xml $T
# a rule inserted first in a theme: the only rule added, the others keep their ids
golden diff-inserted-rule "$G" diff "$MIN" tests/data/codebooks/minimal-inserted.xml $T
golden diff-units-differ "$G" diff "$MIN" tests/data/codebooks/paragraph-all.xml $T
# the sample corpora with the default codebook
# (whole-corpus outputs as summaries, so that a change shows what it
# changed without a thousand lines to read; focused cases are in
# tests/cases/ and the small goldens above)
# summary NAME FILTER COMMAND...: the command's output through a filter,
# with the command's own exit status
summary() {
    name=$1 filter=$2
    shift 2
    golden "$name" sh -c 'out=$("$@"); s=$?; printf "%s\n" "$out" | '"$filter"'; exit $s' sh "$@"
}
summary corpora-diff-draft "sed '/^## Rules added/q'" "$G" diff --max-lost 5 tests/data/codebooks/dts-fr-draft.xml codebooks/dts-fr.xml corpora
summary corpora-check-corpus "grep -v ': warning: rule '" "$G" check --corpus corpora codebooks/dts-fr.xml
golden corpora-lemmas "$G" code -c tests/data/codebooks/lemmas.xml corpora/illustratifs
golden corpora-matrix-share-leaves "$G" matrix -m share --leaves --by type -f md corpora
golden corpora-cooc "$G" cooc -f tsv corpora/illustratifs
golden corpora-kwic-elus "$G" kwic -t pilotage.elus -n 6 -f md corpora/illustratifs
golden lemma "$G" lemma coordinatrice élu·es ARS commune Parlez-moi xyzzy
golden help-lemma "$G" lemma --help
golden corpora-eval "$G" eval -f tsv --gold corpora/gold/illustratifs.tsv corpora/illustratifs
# hand coding: the table to fill, and rules learned from the gold
golden gold-template "$G" gold template -c "$MIN" $T
golden export-doc-md "$G" export -f md -c "$MIN" $T
golden corpora-search "$G" search -n 4 --lemma 'élu' corpora/illustratifs
golden corpora-suggest "$G" suggest -t pilotage -n 5 --gold corpora/gold/illustratifs.tsv corpora/illustratifs
golden corpora-check "$G" check codebooks/dts-fr.xml
# Loading the default codebook as shipped skips its schema pass (it is
# the library's own text): this copy, one newline longer, is validated
# for real, and must be ok without a single diagnostic.
{ cat "$top_srcdir/codebooks/dts-fr.xml"; echo; } >"$work/dts-copy.xml"
if ! "$G" check "$work/dts-copy.xml" >"$work/dts-copy.out" 2>&1 ||
    [ "$(cat "$work/dts-copy.out")" != "$work/dts-copy.xml: ok: $(sed -n 's/^[^:]*: ok: //p' "$work/dts-copy.out")" ]; then
    fail=$((fail + 1)); echo "FAIL: the default codebook does not validate against the schema"; cat "$work/dts-copy.out"
else
    pass=$((pass + 1))
fi
golden corpora-matrix "$G" matrix -c codebooks/dts-fr.xml corpora
golden corpora-matrix-by-type "$G" matrix -c codebooks/dts-fr.xml --by type -f md corpora
# segments per document and theme
summary corpora-code "tail -n +2 | cut -f1,12 | sort | uniq -c" "$G" code -c codebooks/dts-fr.xml corpora
golden corpora-tokens-ei-02 "$G" tokens corpora/illustratifs/ei-02-clsm-ville-centre.txt

# --shard K/N and merge (issue 12): 3 shards of 2 transcripts (one
# empty) merged; what merge refuses (tests/shard.sh compares the bytes
# with single runs over corpora/)
golden help-merge "$G" merge --help
for k in 1 2 3; do
    ( cd "$top_srcdir" && "$G" code -c "$MIN" --shard $k/3 -o "$work/part-$k" $T ) 2>/dev/null
    ( cd "$top_srcdir" && "$G" matrix -c "$MIN" --by type -f md --shard $k/3 -o "$work/mpart-$k" $T ) 2>/dev/null
done
( cd "$top_srcdir" && "$G" code -c "$MIN" -f csv --shard 2/3 -o "$work/part-csv-2" $T ) 2>/dev/null
( cd "$top_srcdir" && "$G" code -c "$MIN" --interviewers E --shard 2/3 -o "$work/part-opt-2" $T ) 2>/dev/null
( cd "$top_srcdir" && "$G" code -c "$MIN" --shard 2/2 -o "$work/part-of-2" $T ) 2>/dev/null
golden merge-code "$G" merge "$work/part-1" "$work/part-2" "$work/part-3"
golden merge-matrix-by-type-md "$G" merge -c "$MIN" "$work/mpart-3" "$work/mpart-1" "$work/mpart-2"
golden merge-missing "$G" merge "$work/part-1" "$work/part-3"
golden merge-twice "$G" merge "$work/part-1" "$work/part-2" "$work/part-2"
golden merge-other-n "$G" merge "$work/part-1" "$work/part-of-2" "$work/part-3"
golden merge-other-options "$G" merge "$work/part-1" "$work/part-opt-2" "$work/part-3"
golden merge-other-format "$G" merge "$work/part-1" "$work/part-csv-2" "$work/part-3"
golden merge-other-output-format "$G" merge -o "$work/seg.csv" "$work/part-1" "$work/part-2" "$work/part-3"
golden merge-other-command "$G" merge "$work/part-1" "$work/mpart-2" "$work/part-3"
golden merge-other-codebook "$G" merge "$work/mpart-1" "$work/mpart-2" "$work/mpart-3"
golden merge-not-a-part "$G" merge "$MIN"
golden merge-no-part "$G" merge
golden shard-bad "$G" code --shard 4/3 $T
for k in 1 2 3; do
    ( cd "$top_srcdir" && "$G" note -c "$MIN" --shard $k/3 -o "$work/npart-$k" $T ) 2>/dev/null
    ( cd "$top_srcdir" && "$G" export -c "$MIN" -f iramuteq --shard $k/3 -o "$work/epart-$k" $T ) 2>/dev/null
done
golden merge-note-md "$G" merge -c "$MIN" "$work/npart-1" "$work/npart-2" "$work/npart-3"
golden merge-export-iramuteq "$G" merge -c "$MIN" "$work/epart-1" "$work/epart-2" "$work/epart-3"
golden merge-note-export "$G" merge -c "$MIN" "$work/npart-1" "$work/epart-2" "$work/npart-3"
golden merge-export-qdc "$G" merge -c "$MIN" -o "$work/codebook.qdc" "$work/epart-1" "$work/epart-2" "$work/epart-3"
golden shard-export-qdc "$G" export --shard 1/3 -f qdc $T
golden shard-xlsx "$G" code --shard 1/3 -f xlsx $T
golden shard-output-tsv "$G" code --shard 1/3 -o "$work/segments.tsv" $T
golden shard-output-xlsx "$G" matrix --shard 2/3 -o "$work/matrix.XLSX" $T

# written with -o: same bytes as stdout, and atomically
( cd "$top_srcdir" && "$G" code -c "$MIN" -o "$work/seg.csv" $T ) 2>"$work/err"
if ( cd "$top_srcdir" && "$G" code -c "$MIN" -f csv $T ) | cmp -s - "$work/seg.csv"; then
    pass=$((pass + 1))
else
    fail=$((fail + 1)); echo "FAIL: -o seg.csv differs from stdout"
fi

# every offset finds its quote again, checked outside grille
if command -v python3 >/dev/null 2>&1; then
    ( cd "$top_srcdir" && "$G" code -c codebooks/dts-fr.xml -f jsonl corpora ) >"$work/corpora.jsonl"
    if python3 "$top_srcdir/tests/verify_offsets.py" "$work/corpora.jsonl" "$CORPORA" >"$work/verify"; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1)); echo "FAIL: offsets"; cat "$work/verify"
    fi
fi

echo "golden: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

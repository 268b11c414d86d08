#!/bin/sh
# outputs.sh - outputs never destroy anything: an output that is an input
# is refused before reading; devices and FIFOs are written in place, not
# replaced; links are followed and kept; permissions are kept; folders
# are refused; temporary files go away on signals and after a kill -9;
# the corpus walk reads each file once through links.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
D="$top_srcdir/tests/data"
MIN="$D/codebooks/minimal.xml"
sum() { cksum <"$1"; }

mkdir "$work/c"
cp "$D/transcripts/"*.txt "$work/c/"
cp "$MIN" "$work/cb.xml"
T="$work/c/ei-test.txt"

# 1. an output that is an input: refused, exit 2, the input untouched
before=$(sum "$T")
"$G" code -c "$MIN" -f tsv -o "$T" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(sum "$T")" = "$before" ] && grep -q "is also an input" "$work/err" && ok ||
    ko "-o naming a transcript of the corpus"
# the last of many -o is the one written: a fifth naming a transcript
# is refused too (found by the coverage work: it destroyed it, exit 0)
"$G" code -c "$MIN" -f tsv -o "$work/a.tsv" -o "$work/b.tsv" -o "$work/c.tsv" -o "$work/d.tsv" -o "$T" "$work/c" \
    >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(sum "$T")" = "$before" ] && ok || ko "a fifth -o naming a transcript"
ln -s "$T" "$work/link.txt"
"$G" matrix -c "$MIN" -f csv -o "$work/link.txt" "$work/c" >/dev/null 2>&1
[ $? = 2 ] && [ "$(sum "$T")" = "$before" ] && ok || ko "-o naming a link to a transcript"
before=$(sum "$work/cb.xml")
"$G" code -c "$work/cb.xml" -o "$work/cb.xml" "$work/c" >/dev/null 2>&1
[ $? = 2 ] && [ "$(sum "$work/cb.xml")" = "$before" ] && ok || ko "-o naming the codebook"
"$G" code -c "$MIN" -f tsv "$work/c" >/dev/null 2>&1
printf 'document\tstart\tend\ttheme\tcoder\nei-test\t0\t5\tars\tA\n' >"$work/gold.tsv"
before=$(sum "$work/gold.tsv")
"$G" eval -c "$MIN" --gold "$work/gold.tsv" -o "$work/gold.tsv" "$work/c" >/dev/null 2>&1
[ $? = 2 ] && [ "$(sum "$work/gold.tsv")" = "$before" ] && ok || ko "-o naming the gold"
if built_with refi; then
    "$G" export -c "$MIN" -o "$work/p.qdpx" "$work/c" 2>/dev/null
    before=$(sum "$work/p.qdpx")
    "$G" import qdpx -c "$MIN" -o "$work/p.qdpx" "$work/p.qdpx" >/dev/null 2>&1
    [ $? = 2 ] && [ "$(sum "$work/p.qdpx")" = "$before" ] && ok || ko "-o naming the .qdpx imported"
fi

# 2. devices and FIFOs are written in place
if [ -c /dev/full ]; then
    "$G" code -c "$MIN" -o /dev/full "$work/c" >/dev/null 2>"$work/err"
    rc=$?
    [ -c /dev/full ] && ok || ko "/dev/full is no longer a device"
    [ $rc = 1 ] && grep -Eq "write error|cannot write the segments" "$work/err" && ok || ko "writing to /dev/full is not a write error (exit $rc)"
fi
if [ -c /dev/null ]; then
    "$G" code -c "$MIN" -o /dev/null "$work/c" 2>/dev/null && [ -c /dev/null ] && ok || ko "-o /dev/null"
fi
mkfifo "$work/fifo"
cat "$work/fifo" >"$work/from-fifo" &
reader=$!
"$G" code -c "$MIN" -o "$work/fifo" "$work/c" 2>/dev/null
rc=$?
wait $reader
[ $rc = 0 ] && [ -p "$work/fifo" ] && grep -q "^document" "$work/from-fifo" && ok || ko "-o FIFO"

# 3. links are followed and kept; permissions kept; folders refused
echo old >"$work/target.tsv"
chmod 600 "$work/target.tsv"
ln -s target.tsv "$work/out-link.tsv"
"$G" code -c "$MIN" -o "$work/out-link.tsv" "$work/c" 2>/dev/null
[ -L "$work/out-link.tsv" ] && grep -q "^document" "$work/target.tsv" && ok || ko "the output link was replaced"
[ "$(stat -c %a "$work/target.tsv")" = 600 ] && ok || ko "a 0600 output lost its mode ($(stat -c %a "$work/target.tsv"))"
# an SQLite database too (SQLite creates its file itself: the temporary
# one made with the mode must be kept, not removed and made anew)
if built_with sqlite; then
    echo x >"$work/target.sqlite"
    chmod 600 "$work/target.sqlite"
    "$G" export -c "$MIN" -f sqlite -o "$work/target.sqlite" "$work/c" 2>/dev/null
    [ "$(stat -c %a "$work/target.sqlite")" = 600 ] && [ "$(head -c 15 "$work/target.sqlite")" = "SQLite format 3" ] &&
        ok || ko "a 0600 database lost its mode ($(stat -c %a "$work/target.sqlite"))"
    ls "$work" | grep -q 'journal' && ko "a database journal left beside the output" || ok
fi
ln -s new-target.tsv "$work/dangling.tsv"
"$G" code -c "$MIN" -o "$work/dangling.tsv" "$work/c" 2>/dev/null
[ -L "$work/dangling.tsv" ] && grep -q "^document" "$work/new-target.tsv" && ok ||
    ko "a link to a file not yet written was replaced"
mkdir "$work/dir"
"$G" code -c "$MIN" -o "$work/dir" "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "is a folder" "$work/err" && ok || ko "-o folder"
"$G" code -c "$MIN" -o '' "$work/c" >/dev/null 2>"$work/err"
[ $? = 2 ] && grep -q "needs a file name" "$work/err" && ok || ko "-o ''"

# a write that fails half-way (file size limit: EFBIG) keeps the old file
echo old >"$work/small.tsv"
( ulimit -f 1; trap '' XFSZ; exec "$G" code -c "$MIN" -o "$work/small.tsv" "$work/c" ) >/dev/null 2>"$work/err"
rc=$?
[ $rc = 1 ] && [ "$(cat "$work/small.tsv")" = old ] && grep -Eq "write error|cannot write the segments" "$work/err" && ok ||
    ko "a failed write changed the output (exit $rc)"
ls "$work"/small.tsv.grille-tmp-* >/dev/null 2>&1 && ko "a failed write left its temporary file" || ok
# a folder where nothing can be written (not for root, who writes anywhere)
if [ "$(id -u)" != 0 ]; then
    mkdir "$work/ro"
    chmod 555 "$work/ro"
    "$G" code -c "$MIN" -o "$work/ro/out.tsv" "$work/c" >/dev/null 2>"$work/err"
    [ $? = 2 ] && grep -q "cannot write" "$work/err" && ok || ko "-o in a read-only folder"
    chmod 755 "$work/ro"
fi

# 4. temporary files: removed on signals, and after a kill -9 by the next run
for sig in TERM INT HUP; do
    rm -f "$work/sig.tsv"
    # a background job of a script ignores SIGINT unless told otherwise,
    # and a suite started under nohup ignores SIGHUP (grille rightly keeps
    # a signal its caller ignores, tests/atomic.sh checks it): the three
    # get their default handling back.  The pause is long so that the
    # signal comes before it ends even on a loaded machine; the signal
    # ends it at once.
    GRILLE_TEST_OUTPUT_PAUSE=60 env --default-signal=INT,HUP,TERM "$G" code -c "$MIN" -o "$work/sig.tsv" "$work/c" 2>/dev/null &
    pid=$!
    i=0
    while [ $i -lt 600 ] && ! ls "$work"/sig.tsv.grille-tmp-* >/dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
    ls "$work"/sig.tsv.grille-tmp-* >/dev/null 2>&1 && ok || ko "no temporary file to watch ($sig)"
    kill -s $sig $pid
    wait $pid 2>/dev/null
    ls "$work"/sig.tsv.grille-tmp-* >/dev/null 2>&1 && ko "SIG$sig left a temporary file" || ok
    [ -e "$work/sig.tsv" ] && ko "SIG$sig left a partial output" || ok
done
echo stale >"$work/k.tsv.grille-tmp-999999999-AbCdEf"
"$G" code -c "$MIN" -o "$work/k.tsv" "$work/c" 2>/dev/null
[ -e "$work/k.tsv.grille-tmp-999999999-AbCdEf" ] && ko "a stale temporary file was not removed" || ok
echo stale >"$work/c/x.txt.grille-tmp-1-AbCdEf"
"$G" code -c "$MIN" "$work/c" 2>"$work/err" | grep -q "x.txt.grille-tmp" && ko "a temporary file was read as a transcript" || ok

# an output written into the corpus is not read back as a transcript
mkdir "$work/again"
cp "$T" "$work/again/"
before=$("$G" code -c "$MIN" "$work/again" 2>/dev/null | wc -l)
"$G" code -c "$MIN" -o "$work/again/seg.txt" -f tsv "$work/again" 2>/dev/null
"$G" matrix -c "$MIN" -o "$work/again/mat.md" "$work/again" 2>/dev/null
"$G" note -c "$MIN" -o "$work/again/notes.md" "$work/again" 2>/dev/null
"$G" kwic -c "$MIN" -f tsv -o "$work/again/kwic.txt" "$work/again" 2>/dev/null
after=$("$G" code -c "$MIN" "$work/again" 2>"$work/err" | wc -l)
[ "$before" = "$after" ] && ok || ko "outputs in the corpus were read back ($before -> $after lines)"
[ "$(grep -c "seg.txt\|mat.md\|notes.md\|kwic.txt" "$work/err")" -ge 1 ] && grep -q "a grille output" "$work/err" && ok ||
    ko "outputs in the corpus skipped without a word"

# 5. the corpus walk reads each file once through links, and ends
mkdir "$work/loop"
cp "$T" "$work/loop/"
ln -s . "$work/loop/a"
ln -s . "$work/loop/b"
ln -s ei-test.txt "$work/loop/same.txt"
n=$(timeout 20 "$G" code -c "$MIN" "$work/loop" 2>"$work/err" | tail -n +2 | wc -l)
one=$("$G" code -c "$MIN" "$T" 2>/dev/null | tail -n +2 | wc -l)
[ "$n" = "$one" ] && ok || ko "links in a corpus: $n segments instead of $one"
grep -q "a link to a .* already read" "$work/err" && ok || ko "links skipped without a word"

# the file itself, not a link to it that sorts first, gives the id
mkdir "$work/ids"
cp "$T" "$work/ids/real.txt"
ln -s real.txt "$work/ids/a-link.txt"
"$G" code -c "$MIN" "$work/ids" 2>/dev/null | tail -n +2 | cut -f1 | sort -u | grep -qx real && ok ||
    ko "a link that sorts first took the document id"

# grille code writes documents as they are coded (a few kept in memory,
# not the corpus): the order is the corpus order whatever the threads,
# and a document that fails in the middle leaves no output file, while
# every failing document is still named
mkdir "$work/many"
i=0
while [ "$i" -lt 40 ]; do cp "$T" "$work/many/d$(printf %02d "$i").txt"; i=$((i + 1)); done
"$G" code -j1 -c "$MIN" -o "$work/one.tsv" "$work/many" 2>/dev/null &&
    "$G" code -j2 -c "$MIN" -o "$work/two.tsv" "$work/many" 2>/dev/null &&
    cmp -s "$work/one.tsv" "$work/two.tsv" && [ "$(cut -f1 "$work/two.tsv" | uniq | wc -l)" = 41 ] && ok ||
    ko "-j2 wrote the documents out of order"
"$G" kwic -j1 -c "$MIN" -o "$work/one-kwic.tsv" "$work/many" 2>/dev/null &&
    "$G" kwic -j2 -c "$MIN" -o "$work/two-kwic.tsv" "$work/many" 2>/dev/null &&
    cmp -s "$work/one-kwic.tsv" "$work/two-kwic.tsv" && [ "$(wc -l <"$work/two-kwic.tsv")" -gt 40 ] && ok ||
    ko "kwic -j2 wrote the documents out of order"
# the review page, written a document at a time: in order whatever the
# threads, each document once
"$G" review -j1 -c "$MIN" -o "$work/one.html" "$work/many" 2>/dev/null &&
    "$G" review -j2 -c "$MIN" -o "$work/two.html" "$work/many" 2>/dev/null &&
    cmp -s "$work/one.html" "$work/two.html" && [ "$(grep -o '\["d[0-9][0-9]",' "$work/two.html" | uniq | wc -l)" = 40 ] &&
    grep -q '^"fp":"[0-9a-f]\{16\}"}</script>$' "$work/two.html" && ok ||
    ko "review -j2 wrote the documents out of order"
"$G" speakers -j1 -f tsv -o "$work/one-sp.tsv" "$work/many" 2>/dev/null &&
    "$G" speakers -j2 -f tsv -o "$work/two-sp.tsv" "$work/many" 2>/dev/null &&
    cmp -s "$work/one-sp.tsv" "$work/two-sp.tsv" && [ "$(cut -f1 "$work/two-sp.tsv" | uniq | wc -l)" = 41 ] && ok ||
    ko "speakers -j2 wrote the documents out of order"
"$G" text -j1 "$work/many" >"$work/one.txt" 2>/dev/null && "$G" text -j2 "$work/many" >"$work/two.txt" 2>/dev/null &&
    cmp -s "$work/one.txt" "$work/two.txt" && [ "$(grep -c '^==> d[0-9][0-9] <==$' "$work/two.txt")" = 40 ] && ok ||
    ko "text -j2 wrote the documents out of order"
"$G" search -j1 -c "$MIN" -f tsv -o "$work/one-s.tsv" réseau "$work/many" 2>/dev/null &&
    "$G" search -j2 -c "$MIN" -o "$work/two-s.md" réseau "$work/many" 2>/dev/null &&
    "$G" search -j2 -c "$MIN" -f tsv -o "$work/two-s.tsv" réseau "$work/many" 2>/dev/null &&
    cmp -s "$work/one-s.tsv" "$work/two-s.tsv" && [ "$(cut -f1 "$work/two-s.tsv" | uniq | wc -l)" = 41 ] &&
    [ "$(grep -c '^| d[0-9][0-9] | ' "$work/two-s.md")" -ge 40 ] && grep -q '^| (all) | ' "$work/two-s.md" && ok ||
    ko "search -j2 wrote the documents out of order"
"$G" gold template -j1 -c "$MIN" -o "$work/one-g.tsv" "$work/many" 2>/dev/null &&
    "$G" gold template -j2 -c "$MIN" -o "$work/two-g.tsv" "$work/many" 2>/dev/null &&
    cmp -s "$work/one-g.tsv" "$work/two-g.tsv" && [ "$(cut -f1 "$work/two-g.tsv" | uniq | wc -l)" = 41 ] && ok ||
    ko "gold template -j2 wrote the documents out of order"
# on a terminal, a run that writes its lines there as the documents come
# shows no progress line among them; with -o it shows one on stderr
# (script(1) gives the run a terminal)
if command -v script >/dev/null 2>&1; then
    script -qc "'$G' search -j1 -c '$MIN' réseau '$work/many'" /dev/null >"$work/tty.out" 2>&1
    grep -aq "| d39 |" "$work/tty.out" && ! grep -aq "documents, " "$work/tty.out" && ok ||
        ko "search on a terminal: a progress line among its lines"
    script -qc "'$G' search -j1 -c '$MIN' -o '$work/tty.md' réseau '$work/many'" /dev/null >"$work/tty.out" 2>&1
    grep -aq "40/40 documents, " "$work/tty.out" && ok || ko "search -o FILE on a terminal: no progress line"
fi
cp "$D/bad-transcripts/latin1.txt" "$work/many/d10-bad.txt"
cp "$D/bad-transcripts/unclosed-header.txt" "$work/many/d30-bad.txt"
echo old >"$work/keep-g.tsv"
"$G" gold template -j2 -c "$MIN" -o "$work/keep-g.tsv" "$work/many" 2>"$work/err"
[ $? = 2 ] && [ "$(cat "$work/keep-g.tsv")" = old ] && grep -q "d10-bad.txt" "$work/err" && ok ||
    ko "gold template: a failing document in the middle of a streamed run"
echo old >"$work/keep-s.md"
"$G" search -j2 -c "$MIN" -o "$work/keep-s.md" réseau "$work/many" 2>"$work/err"
[ $? = 2 ] && [ "$(cat "$work/keep-s.md")" = old ] && grep -q "d10-bad.txt" "$work/err" && ok ||
    ko "search: a failing document in the middle of a streamed run"
# text, read a document at a time: those before the failing one are out
"$G" text -j2 "$work/many" >"$work/part.txt" 2>"$work/err"
[ $? = 2 ] && [ "$(grep -c '^==> d[0-9][0-9] <==$' "$work/part.txt")" = 10 ] && grep -q "d10-bad.txt" "$work/err" &&
    ok || ko "text: a failing document in the middle of a streamed run"
echo old >"$work/keep-sp.tsv"
"$G" speakers -j2 -f tsv -o "$work/keep-sp.tsv" "$work/many" 2>"$work/err"
[ $? = 2 ] && [ "$(cat "$work/keep-sp.tsv")" = old ] && grep -q "d10-bad.txt" "$work/err" && ok ||
    ko "speakers: a failing document in the middle of a streamed run"
echo old >"$work/keep.html"
"$G" review -j2 -c "$MIN" -o "$work/keep.html" "$work/many" 2>"$work/err"
[ $? = 2 ] && [ "$(cat "$work/keep.html")" = old ] && grep -q "d10-bad.txt" "$work/err" && ok ||
    ko "review: a failing document in the middle of a streamed run"
"$G" review -j2 -c "$MIN" "$work/many" >"$work/stdout.html" 2>/dev/null
[ $? = 2 ] && ok || ko "review to standard output: a failing document in the middle"
"$G" code -j2 -c "$MIN" -o "$work/partial.tsv" "$work/many" 2>"$work/err"
[ $? = 2 ] && [ ! -e "$work/partial.tsv" ] && grep -q "d10-bad.txt" "$work/err" && grep -q "d30-bad.txt" "$work/err" &&
    ok || ko "a failing document in the middle of a streamed run"
ls "$work" | grep -q 'partial.tsv.*tmp' && ko "a temporary file left behind" || ok
echo old >"$work/keep-kwic.tsv"
"$G" kwic -j2 -c "$MIN" -o "$work/keep-kwic.tsv" "$work/many" 2>"$work/err"
[ $? = 2 ] && [ "$(cat "$work/keep-kwic.tsv")" = old ] && grep -q "d30-bad.txt" "$work/err" && ok ||
    ko "kwic: a failing document in the middle of a streamed run"
ls -a "$work" | grep -q 'keep-kwic.*tmp' && ko "kwic left a temporary file behind" || ok
# the exports written a document at a time: the same failing run leaves
# an earlier file as it was, and no temporary file
for fmt in sqlite iramuteq qdpx; do
    case $fmt in sqlite) built_with sqlite || continue ;; qdpx) built_with refi || continue ;; esac
    echo old >"$work/keep.$fmt"
    "$G" export -j2 -f "$fmt" -c "$MIN" -o "$work/keep.$fmt" "$work/many" 2>"$work/err"
    [ $? = 2 ] && [ "$(cat "$work/keep.$fmt")" = old ] && grep -q "d10-bad.txt" "$work/err" && ok ||
        ko "export -f $fmt: a failing document in the middle of a streamed run"
done
ls -a "$work" | grep -q 'keep\..*tmp' && ko "an export left a temporary file behind" || ok

echo "outputs: $pass passed, $fail failed"
[ "$fail" = 0 ]

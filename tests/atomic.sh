#!/bin/sh
# atomic.sh - outputs when things go wrong (bin/atomic.c): a disk that
# fills up at flush, close or fsync, a rename that fails, a read-only
# folder, no file descriptor left, a folder that cannot be listed leave
# the old output as it was and no temporary file behind, with the exit
# code and message the manual gives.  The failures come from
# tests/fault.c, preloaded (root writes in read-only folders, and a full
# disk needs a file system of its own).  Also: standard output on a full
# device, links to devices, sockets, outputs named without a folder, the
# stale temporaries a later run must keep, and a signal the caller
# ignores.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
D="$top_srcdir/tests/data"
MIN="$D/codebooks/minimal.xml"
SHIM="$top_builddir/tests/.libs/libfault.so"
no_temps() { ! ls "$work"/*.grille-tmp-* >/dev/null 2>&1; }

mkdir "$work/c"
cp "$D/transcripts/ei-test.txt" "$work/c/"
C="$work/c"

# grille with FAULT=spec, its stderr in $work/err; an ASan build must be
# told that a preloaded library comes before its runtime
faulty() {
    spec=$1
    shift
    GRILLE_FAULT=$spec LD_PRELOAD="$SHIM" ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}verify_asan_link_order=0" \
        "$G" "$@" >/dev/null 2>"$work/err"
}

if [ -f "$SHIM" ]; then
    # a disk that fills up, or fails, when the output is flushed, synced or
    # closed: exit 1, the old file as it was, no temporary file left
    for spec in fflush=ENOSPC fclose=ENOSPC fsync=EIO fflush=EDQUOT; do
        echo old >"$work/out.tsv"
        faulty $spec code -c "$MIN" -o "$work/out.tsv" "$C"
        rc=$?
        [ $rc = 1 ] && [ "$(cat "$work/out.tsv")" = old ] && ok || ko "$spec: exit $rc, or the old output changed"
        # a flush that fails in the writer: the writer's message (what could
        # not be written, and why); else the generic one
        grep -Eq "out.tsv: (write error \(disk full\?\)|cannot write the segments: [^;]+); the file was not changed" \
            "$work/err" && ok ||
            ko "$spec: message: $(cat "$work/err")"
        no_temps && ok || ko "$spec left a temporary file"
    done
    # a new file that cannot be completed is not created at all
    rm -f "$work/new.tsv"
    faulty fclose=ENOSPC code -c "$MIN" -o "$work/new.tsv" "$C"
    [ $? = 1 ] && [ ! -e "$work/new.tsv" ] && no_temps && ok || ko "a failed new output exists"
    # file systems without fsync (EINVAL) are not an error
    faulty fsync=EINVAL code -c "$MIN" -o "$work/nosync.tsv" "$C"
    [ $? = 0 ] && grep -q "^document" "$work/nosync.tsv" && ok || ko "fsync EINVAL: $(cat "$work/err")"

    # a rename that fails (another file system, say): the reason, the old
    # file kept
    echo old >"$work/out.tsv"
    faulty rename=EXDEV code -c "$MIN" -o "$work/out.tsv" "$C"
    [ $? = 1 ] && [ "$(cat "$work/out.tsv")" = old ] && no_temps && ok || ko "a failed rename changed something"
    grep -q "out.tsv: Invalid cross-device link" "$work/err" && ok || ko "rename: message: $(cat "$work/err")"

    # a read-only folder or file system: exit 2 (the user's to fix), before
    # anything is coded
    faulty mkstemp=EROFS code -c "$MIN" -o "$work/ro.tsv" "$C"
    [ $? = 2 ] && [ ! -e "$work/ro.tsv" ] && grep -q "ro.tsv: cannot write: Read-only file system" "$work/err" && ok ||
        ko "read-only folder: $(cat "$work/err")"
    faulty mkstemp=EACCES matrix -c "$MIN" -o "$work/ro.csv" "$C"
    [ $? = 2 ] && grep -q "cannot write: Permission denied" "$work/err" && ok || ko "folder not writable: $(cat "$work/err")"
    # no stream for the temporary file: an internal error, the file removed
    faulty fdopen=EMFILE code -c "$MIN" -o "$work/fd.tsv" "$C"
    [ $? = 1 ] && [ ! -e "$work/fd.tsv" ] && no_temps && grep -q "fd.tsv: Too many open files" "$work/err" && ok ||
        ko "fdopen: $(cat "$work/err")"

    # a file at the root of the file system (its folder is "/")
    faulty mkstemp=EROFS code -c "$MIN" -o "/grille-atomic-$$.tsv" "$C"
    [ $? = 2 ] && [ ! -e "/grille-atomic-$$.tsv" ] && grep -q "^grille: /grille-atomic-$$.tsv: cannot write" "$work/err" &&
        ok || ko "-o /FILE: $(cat "$work/err")"

    # permissions and owner that cannot be set: the output is still written
    # (a file in a folder of another owner keeps the writer's)
    echo old >"$work/own.tsv"
    faulty fchown=EPERM,fchmod=EPERM code -c "$MIN" -o "$work/own.tsv" "$C"
    [ $? = 0 ] && grep -q "^document" "$work/own.tsv" && no_temps && ok || ko "fchown/fchmod: $(cat "$work/err")"
    # a folder that cannot be listed: stale temporaries stay, the output is
    # written
    echo stale >"$work/ls.tsv.grille-tmp-999999999-AbCdEf"
    faulty opendir=EACCES code -c "$MIN" -o "$work/ls.tsv" "$C/ei-test.txt"
    [ $? = 0 ] && grep -q "^document" "$work/ls.tsv" && [ -e "$work/ls.tsv.grille-tmp-999999999-AbCdEf" ] && ok ||
        ko "opendir: $(cat "$work/err")"
    rm -f "$work/ls.tsv.grille-tmp-999999999-AbCdEf"

    # SQLite writes by path into the temporary file: the same guarantees
    if built_with sqlite; then
        "$G" export -c "$MIN" -o "$work/db.sqlite" "$C" 2>/dev/null
        before=$(cksum <"$work/db.sqlite")
        faulty rename=EIO export -c "$MIN" -o "$work/db.sqlite" "$C"
        [ $? = 1 ] && [ "$(cksum <"$work/db.sqlite")" = "$before" ] && no_temps && ok || ko "sqlite, failed rename"
    fi
else
    echo "atomic: no $SHIM (shared libraries disabled?): fault injection skipped"
fi

# standard output on a full device: exit 1 and a message, for every
# command that writes there
if [ -c /dev/full ]; then
    for cmd in code matrix text tokens check; do
        case $cmd in
        check) args="$MIN" ;;
        text) args="$C" ;;
        tokens) args="-c $MIN $C/ei-test.txt" ;;
        *) args="-c $MIN $C" ;;
        esac
        # shellcheck disable=SC2086
        "$G" $cmd $args >/dev/full 2>"$work/err"
        rc=$?
        [ $rc = 1 ] && grep -Eq "error writing to standard output|standard output: cannot write" "$work/err" && ok ||
            ko "$cmd >/dev/full: exit $rc, $(cat "$work/err")"
    done
    # a link to a device: written through, the link and the device kept
    ln -s /dev/full "$work/full-link.tsv"
    "$G" code -c "$MIN" -o "$work/full-link.tsv" "$C" >/dev/null 2>"$work/err"
    [ $? = 1 ] && [ -L "$work/full-link.tsv" ] && [ -c /dev/full ] && grep -Eq "write error \(disk full\?\)$|cannot write the segments: No space left on device$" "$work/err" &&
        ok || ko "a link to /dev/full: $(cat "$work/err")"
fi
if [ -c /dev/null ]; then
    ln -s /dev/null "$work/null-link.tsv"
    "$G" code -c "$MIN" -o "$work/null-link.tsv" "$C" 2>/dev/null && [ -L "$work/null-link.tsv" ] && [ -c /dev/null ] &&
        ok || ko "a link to /dev/null"
    # SQLite needs a file: a device is refused, not replaced
    if built_with sqlite; then
        "$G" export -c "$MIN" -o /dev/null -f sqlite "$C" 2>"$work/err"
        [ $? = 2 ] && [ -c /dev/null ] && grep -q "not a regular file" "$work/err" && ok || ko "sqlite to /dev/null"
    fi
fi
# a socket cannot be opened for writing: exit 2 with the reason, the
# socket left alone
if command -v python3 >/dev/null 2>&1 &&
    python3 -c "import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])" "$work/sock" 2>/dev/null; then
    "$G" code -c "$MIN" -o "$work/sock" "$C" >/dev/null 2>"$work/err"
    [ $? = 2 ] && [ -S "$work/sock" ] && grep -q "sock: cannot write: No such device or address" "$work/err" && ok ||
        ko "-o socket: $(cat "$work/err")"
fi

# the output given last is the one written, and it is protected however
# many came before it
before=$(cksum <"$C/ei-test.txt")
"$G" code -c "$MIN" -f tsv -o "$work/o1" -o "$work/o2" -o "$work/o3" -o "$work/o4" -o "$C/ei-test.txt" "$C" >/dev/null 2>"$work/err"
[ $? = 2 ] && [ "$(cksum <"$C/ei-test.txt")" = "$before" ] && grep -q "is also an input" "$work/err" && ok ||
    ko "a fifth -o naming the transcript destroyed it"
# an input that does not exist: nothing written
"$G" code -c "$MIN" -o "$work/none.tsv" "$work/missing.txt" >/dev/null 2>&1
[ $? = 2 ] && [ ! -e "$work/none.tsv" ] && no_temps && ok || ko "a missing input left an output"

# outputs named without a folder, and links without one
mkdir "$work/here" "$work/here/sub"
(cd "$work/here" && "$G" code -c "$MIN" -o plain.tsv "$C" 2>/dev/null) && grep -q "^document" "$work/here/plain.tsv" &&
    ok || ko "-o a name in the current folder"
ln -s sub/new.tsv "$work/here/rel-link.tsv"
(cd "$work/here" && "$G" code -c "$MIN" -o rel-link.tsv "$C" 2>/dev/null)
[ -L "$work/here/rel-link.tsv" ] && grep -q "^document" "$work/here/sub/new.tsv" && ok ||
    ko "a dangling link named without a folder"
ln -s "$work/here/abs-new.tsv" "$work/abs-link.tsv"
"$G" code -c "$MIN" -o "$work/abs-link.tsv" "$C" 2>/dev/null
[ -L "$work/abs-link.tsv" ] && grep -q "^document" "$work/here/abs-new.tsv" && ok || ko "a dangling absolute link"

# stale temporaries: only those of processes gone are removed; a running
# process's (this shell's), and names grille did not make, are kept
for name in "k.tsv.grille-tmp-$$-AbCdEf" k.tsv.grille-tmp-0-AbCdEf k.tsv.grille-tmp-12x k.tsv.grille-tmp-; do
    echo keep >"$work/$name"
done
echo gone >"$work/k.tsv.grille-tmp-999999998-AbCdEf"
"$G" code -c "$MIN" -o "$work/k.tsv" "$C" 2>/dev/null
kept=$(ls "$work"/k.tsv.grille-tmp-* 2>/dev/null | wc -l)
[ "$kept" = 4 ] && [ ! -e "$work/k.tsv.grille-tmp-999999998-AbCdEf" ] && ok ||
    ko "stale temporaries: $kept kept, $(ls "$work" | grep -c grille-tmp) left"
rm -f "$work"/k.tsv.grille-tmp-*

# a signal the caller ignores (nohup) stays ignored: the run completes
rm -f "$work/hup.tsv"
(
    trap '' HUP
    GRILLE_TEST_OUTPUT_PAUSE=2 exec "$G" code -c "$MIN" -o "$work/hup.tsv" "$C" 2>/dev/null
) &
pid=$!
i=0
while [ $i -lt 50 ] && ! ls "$work"/hup.tsv.grille-tmp-* >/dev/null 2>&1; do sleep 0.1; i=$((i + 1)); done
kill -s HUP $pid 2>/dev/null
wait $pid
rc=$?
[ $rc = 0 ] && grep -q "^document" "$work/hup.tsv" && no_temps && ok || ko "an ignored SIGHUP stopped the run (exit $rc)"

echo "atomic: $pass passed, $fail failed"
[ "$fail" = 0 ]

#!/bin/sh
# optional.sh - the parts configure may leave out (--without-sqlite,
# --without-refi): grille --version lists them; in a build without one,
# every way to ask for it fails up front with exit 2 and the reason (the
# configure option), writes nothing, and never falls back to another
# format; grille.pc asks for the libraries of the parts built in only.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
D="$top_srcdir/tests/data"
MIN="$D/codebooks/minimal.xml"
T="$D/transcripts"

"$G" --version | sed -n 2p | grep -Eq '^features: [+-]sqlite [+-]refi$' && ok || ko "--version: $("$G" --version)"

refused() { # FEATURE OPTION NAME COMMAND...: exit 2, the reason, nothing written
    feature=$1 option=$2 name=$3
    shift 3
    before=$(ls "$work" | wc -l)
    "$@" >"$work/.out" 2>"$work/.err"
    st=$?
    if [ $st = 2 ] && [ ! -s "$work/.out" ] && [ "$(ls "$work" | wc -l)" = "$before" ] &&
        grep -q "grille was built without $feature support (configure $option)$" "$work/.err"; then ok
    else ko "$name: exit $st, $(head -c 300 "$work/.err")"; fi
}

if built_with sqlite; then
    grep -q '^Requires.private:.* sqlite3' "$top_builddir/grille.pc" && ok || ko "grille.pc without sqlite3"
else
    grep -q 'sqlite3' "$top_builddir/grille.pc" && ko "grille.pc asks for sqlite3" || ok
    S="SQLite --without-sqlite"
    refused $S "-o x.sqlite" "$G" export -c "$MIN" -o "$work/x.sqlite" "$T"
    refused $S "-o x.db" "$G" export -c "$MIN" -o "$work/x.db" "$T"
    refused $S "-f sqlite" "$G" export -c "$MIN" -f sqlite -o "$work/x" "$T"
fi
if built_with refi; then
    "$G" export -f qdc -c "$MIN" | grep -q '<CodeBook' && ok || ko "export -f qdc"
else
    R="REFI-QDA --without-refi"
    refused $R "export -f qdc" "$G" export -f qdc -c "$MIN"
    refused $R "export -o x.qdc" "$G" export -o "$work/x.qdc" -c "$MIN"
    refused $R "export -f qdpx" "$G" export -f qdpx -o - -c "$MIN" "$T"
    refused $R "export -o x.qdpx" "$G" export -o "$work/x.qdpx" -c "$MIN" "$T"
    refused $R "import qdpx" "$G" import qdpx "$D/refi/ambiguous.qdpx"
    refused $R "import qdc" "$G" import qdc -o "$work/cb.xml" "$D/refi/atlas-0-4.qdc"
    refused $R "eval --gold x.qdpx" "$G" eval -c "$MIN" --gold "$D/refi/ambiguous.qdpx" "$T"
    refused $R "suggest --gold x.qdpx" "$G" suggest -c "$MIN" --gold "$D/refi/ambiguous.qdpx" "$T"
fi
echo "optional: $pass passed, $fail failed"
[ "$fail" = 0 ]

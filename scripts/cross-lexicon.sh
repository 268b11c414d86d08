#!/bin/sh
# cross-lexicon.sh [DIR] - the lexicon of a cross-compiled build: with
# --build and --host naming different machines, configure says it is
# cross-compiling, data/lexcompile is compiled by CC_FOR_BUILD and linked
# with no grille library, and the file it writes is the very file of the
# normal build in build/ (the format is little-endian everywhere).  Only
# the lexicon is built.  Skipped where the host's compiler and
# pkg-config (HOST-gcc, HOST-pkg-config) are not installed.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-build-cross}
cd "$top"
build=$(sh build-aux/config.guess)
host=$(cc -dumpmachine)
if [ "$build" = "$host" ] || ! command -v "$host-gcc" >/dev/null 2>&1 || ! command -v "$host-pkg-config" >/dev/null 2>&1; then
    echo "cross-lexicon: no $host-gcc or $host-pkg-config beside $build: skipped"
    exit 0
fi
[ -f build/data/lexique-fr.grl ] || { echo "cross-lexicon: build the normal tree first (build/)"; exit 1; }
rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
"$top/configure" --build="$build" --host="$host" CC_FOR_BUILD=cc >configure.out 2>&1 || { cat configure.out; exit 1; }
grep -q "whether we are cross compiling... yes" configure.out || { echo "cross-lexicon: not a cross build"; exit 1; }
make V=1 data/lexique-fr.grl >make.out 2>&1 || { cat make.out; exit 1; }
grep -q "mkdir -p data && cc -I" make.out || { echo "cross-lexicon: data/lexcompile not compiled by CC_FOR_BUILD"; cat make.out; exit 1; }
if [ -e lib/.libs ] || ldd data/lexcompile 2>/dev/null | grep -q grille; then
    echo "cross-lexicon: data/lexcompile needed the host's library"
    exit 1
fi
cmp data/lexique-fr.grl "$top/build/data/lexique-fr.grl" || { echo "cross-lexicon: not the same lexicon"; exit 1; }
echo "cross-lexicon: ok"

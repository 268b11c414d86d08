#!/bin/sh
# run.sh - the main job: install what is needed, build, code the sample
# corpora with the default codebook and write the outputs to out/.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
sh scripts/build.sh build
# installed in /usr/local, so that 'grille' and 'man grille' work from any
# folder (sudo make -C build uninstall removes it)
# ldconfig: /usr/local/lib is searched through the loader's cache, and
# make install does not refresh it (without it, "grille" cannot find
# libgrille.so.0)
if [ "$(id -u)" = 0 ]; then
    { make -C build install && ldconfig; } >build/install.out 2>&1 || { cat build/install.out; exit 1; }
elif command -v sudo >/dev/null 2>&1; then
    { sudo make -C build install && sudo ldconfig; } >build/install.out 2>&1 || { cat build/install.out; exit 1; }
else echo "run.sh: not root and no sudo: grille is not installed; use build/grille"; fi
# the installed command must run from anywhere, as a user will run it
if command -v grille >/dev/null 2>&1 && ! (cd / && grille --version >/dev/null 2>&1); then
    echo "run.sh: the installed grille does not run:" >&2
    (cd / && grille --version) >&2 || true
    exit 1
fi
g=build/grille
mkdir -p out
$g check codebooks/dts-fr.xml
# the first run shows its warnings (what grille skipped, what to check);
# the others, which would repeat them, keep theirs in out/warnings.log
$g code -c codebooks/dts-fr.xml -o out/segments.tsv corpora
: >out/warnings.log
quiet() { "$@" 2>>out/warnings.log || { cat out/warnings.log >&2; exit 1; }; }
quiet $g code -c codebooks/dts-fr.xml -o out/segments.csv corpora
quiet $g code -c codebooks/dts-fr.xml -o out/segments.jsonl corpora
quiet $g matrix -c codebooks/dts-fr.xml -o out/matrix.csv corpora
quiet $g matrix -c codebooks/dts-fr.xml -o out/matrix.md corpora
quiet $g matrix -c codebooks/dts-fr.xml --by type -o out/matrix-by-type.csv corpora
quiet $g eval -c codebooks/dts-fr.xml --gold corpora/gold/illustratifs.tsv -o out/agreement.md corpora/illustratifs
quiet $g note -c codebooks/dts-fr.xml -o out/notes.html corpora
quiet $g export -c codebooks/dts-fr.xml -o out/grille.qdpx corpora
quiet $g export -c codebooks/dts-fr.xml -o out/grille.sqlite corpora
quiet $g export -c codebooks/dts-fr.xml -o out/grille.xlsx corpora
echo
echo "grille coded $(ls -R corpora | grep -c '\.txt$') transcripts of corpora/ with codebooks/dts-fr.xml."
echo "Outputs:"
for f in segments.tsv segments.csv segments.jsonl matrix.csv matrix.md matrix-by-type.csv agreement.md \
    notes.html grille.qdpx grille.sqlite grille.xlsx; do
    printf '  %s/out/%s\n' "$top" "$f"
done
if command -v grille >/dev/null 2>&1; then
    echo "The command: $(command -v grille) (see 'grille --help' and 'man grille'; 'sudo make -C build uninstall' removes it)."
else
    echo "The command: $top/build/grille (see 'build/grille --help' and 'man doc/grille.1')."
fi

#!/bin/sh
# build-lexicon.sh -- regenerate data/lexique-fr.tsv.gz from Debian's
# hunspell-fr-comprehensive (Dicollecte, MPL-2.0).
#
# Usage: sh data/gen/build-lexicon.sh [FILE.deb]
#
#   Without an argument the package is fetched with `apt-get download`
#   (nothing is installed over the system's hunspell-fr variant).  Needs a
#   C compiler, pkg-config and libhunspell-dev; run as root, the script
#   installs the last two with apt-get when they are missing.
#
#   LEXIQUE_TAGS=1 adds a fourth column, tags: the raw Dicollecte po:
#   values of each analysis (comma-separated; analyses that give the same
#   form, lemma and pos joined by |).  The committed table has three
#   columns: the tags make it 2.8 MB gzipped instead of 1.7 MB.
#
# Steps: extract fr.dic/fr.aff from the .deb; list every candidate form
# with expand.c (Hunspell's `unmunch` cannot be used: it predates FLAG
# long and garbles this dictionary); analyze every form with libhunspell
# (analyze.c), which also drops any form Hunspell rejects; sort, gzip -9 -n.
# Prints the counts at the end, and checks that data/supplement-fr.tsv
# only lists forms the table lacks.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data=$(dirname "$here")
cc=${CC:-cc}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/lexique.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 1' HUP INT PIPE TERM

say() { printf '%s\n' "build-lexicon: $*" >&2; }

# --- tools ---------------------------------------------------------------
if ! pkg-config --exists hunspell 2>/dev/null; then
    if [ "$(id -u)" -ne 0 ]; then
        say "libhunspell-dev and pkg-config are needed: apt-get install libhunspell-dev pkg-config"
        exit 1
    fi
    say "installing libhunspell-dev pkg-config"
    DEBIAN_FRONTEND=noninteractive apt-get install -y libhunspell-dev pkg-config >/dev/null ||
        { apt-get update >/dev/null &&
          DEBIAN_FRONTEND=noninteractive apt-get install -y libhunspell-dev pkg-config >/dev/null; }
fi

# --- 1. the dictionary ---------------------------------------------------
if [ $# -ge 1 ]; then
    deb=$1
else
    # apt-get download writes into the current directory
    (cd "$tmp" && apt-get download hunspell-fr-comprehensive >/dev/null 2>&1) ||
        { apt-get update >/dev/null && (cd "$tmp" && apt-get download hunspell-fr-comprehensive >/dev/null 2>&1); }
    deb=$(ls "$tmp"/hunspell-fr-comprehensive_*.deb)
fi
version=$(dpkg-deb -f "$deb" Version)
say "package hunspell-fr-comprehensive $version"
x=$tmp/x
dpkg-deb -x "$deb" "$x"

# resolve a symlink inside the extracted tree (absolute targets are
# relative to the package root)
resolve() {
    f=$1
    n=0
    while [ -L "$f" ]; do
        t=$(readlink "$f")
        case $t in
        /*) f=$x$t ;;
        *) f=$(dirname "$f")/$t ;;
        esac
        n=$((n + 1))
        [ $n -lt 20 ] || { say "symlink loop at $1"; exit 1; }
    done
    printf '%s\n' "$f"
}
dic=$(resolve "$x/usr/share/hunspell/fr_FR.dic")
aff=$(resolve "$x/usr/share/hunspell/fr_FR.aff")
if [ ! -f "$dic" ] || [ ! -f "$aff" ]; then
    say "no fr_FR.dic/fr_FR.aff in $deb"
    exit 1
fi
grep -q '^SET UTF-8' "$aff" || { say "$aff is not SET UTF-8"; exit 1; }
say "dictionary $(basename "$dic") $(basename "$aff"): $(head -n 1 "$dic") roots"

# --- 2. every form -------------------------------------------------------
"$cc" -std=c11 -O2 -o "$tmp/expand" "$here/expand.c"
# shellcheck disable=SC2046 # pkg-config prints several words
"$cc" -std=c11 -O2 -o "$tmp/analyze" "$here/analyze.c" $(pkg-config --cflags --libs hunspell)
"$tmp/expand" "$dic" "$aff" | LC_ALL=C sort -u > "$tmp/forms"

# --- 3. analyses ---------------------------------------------------------
"$tmp/analyze" "$aff" "$dic" < "$tmp/forms" | LC_ALL=C sort -u > "$tmp/rows"

# --- 4. the table --------------------------------------------------------
out=$data/lexique-fr.tsv.gz
if [ "${LEXIQUE_TAGS:-0}" = 1 ]; then
    {
        printf 'form\tlemma\tpos\ttags\n'
        LC_ALL=C awk -F'\t' 'BEGIN { OFS = "\t" }
            { k = $1 FS $2 FS $3
              if (k == pk) t = t "|" $4
              else { if (NR > 1) print pk, t; pk = k; t = $4 } }
            END { if (NR) print pk, t }' "$tmp/rows"
    } > "$tmp/table"
else
    {
        printf 'form\tlemma\tpos\n'
        cut -f1-3 "$tmp/rows" | LC_ALL=C sort -u
    } > "$tmp/table"
fi
gzip -9 -n < "$tmp/table" > "$tmp/table.gz"
mv "$tmp/table.gz" "$out"

# --- counts --------------------------------------------------------------
tail -n +2 "$tmp/table" | cut -f1-3 > "$tmp/triples"
triples=$(wc -l < "$tmp/triples")
forms=$(cut -f1 "$tmp/triples" | LC_ALL=C sort -u | wc -l)
lemmas=$(cut -f2 "$tmp/triples" | LC_ALL=C sort -u | wc -l)
# ambiguous: more than one (lemma, pos) row; polylemmatic: more than one lemma
amb=$(cut -f1 "$tmp/triples" | LC_ALL=C uniq -d | wc -l)
poly=$(cut -f1,2 "$tmp/triples" | LC_ALL=C sort -u | cut -f1 | LC_ALL=C uniq -d | wc -l)
size=$(wc -c < "$out")
printf 'package       hunspell-fr-comprehensive %s\n' "$version"
printf 'table         %s (%s bytes)\n' "$out" "$size"
printf 'forms         %s\n' "$forms"
printf 'lemmas        %s\n' "$lemmas"
printf 'triples       %s\n' "$triples"
awk -v a="$amb" -v p="$poly" -v f="$forms" 'BEGIN {
    printf "ambiguous     %d forms with more than one (lemma, pos) row (%.1f%%)\n", a, 100 * a / f
    printf "polylemmatic  %d forms with more than one lemma (%.1f%%)\n", p, 100 * p / f }'
cut -f3 "$tmp/triples" | LC_ALL=C sort | LC_ALL=C uniq -c | LC_ALL=C sort -rn |
    awk '{ printf "  pos %-7s %d\n", $2, $1 }'

# --- the supplement must only add what the table lacks -------------------
sup=$data/supplement-fr.tsv
if [ -f "$sup" ]; then
    tail -n +2 "$sup" | cut -f1 | LC_ALL=C sort -u > "$tmp/supforms"
    cut -f1 "$tmp/triples" | LC_ALL=C sort -u > "$tmp/allforms"
    dup=$(LC_ALL=C comm -12 "$tmp/supforms" "$tmp/allforms" | wc -l)
    printf 'supplement    %s rows, %s forms, %s already in the table\n' \
        "$(tail -n +2 "$sup" | wc -l)" "$(wc -l < "$tmp/supforms")" "$dup"
    if [ "$dup" -ne 0 ]; then
        LC_ALL=C comm -12 "$tmp/supforms" "$tmp/allforms" | sed 's/^/  already in the table: /'
    fi
fi

#!/bin/sh
# lemma.sh - lemma accuracy on the gold lemmas of Universal Dependencies
# French (GSD: written, ParisStories: spoken), and lexicon speed.  The
# ranking of candidates was tuned on GSD dev and ParisStories train only;
# the figures to report are those of the test files.
# Usage: bench/lemma.sh [BUILD_DIR]
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
build=${1:-$top/build}
ud=${GRILLE_UD_DIR:-$top/../shared/corpora}
make -C "$build" bench/lemma_accuracy bench/bench_code data/lexique-fr.grl >/dev/null
acc="$build/bench/lemma_accuracy"
lex="$build/data/lexique-fr.grl"
echo "== tuning files (dev, train)"
"$acc" "$lex" "$ud/ud-french-gsd/fr_gsd-ud-dev.conllu" "$ud/ud-french-parisstories/fr_parisstories-ud-train.conllu"
echo "== test files"
"$acc" "$lex" "$ud/ud-french-gsd/fr_gsd-ud-test.conllu" "$ud/ud-french-parisstories/fr_parisstories-ud-test.conllu" \
    --speed "$top/data/lexique-fr.tsv.gz"
echo "== coding with lemmatisation on (dts-fr.xml has a lemma rule) and off (the same rule as a word)"
an=${GRILLE_AN_DIR:-$top/../shared/corpora/an-mariage-pour-tous-2013/txt}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
for f in "$an"/*.txt; do sh "$top/corpora/assemblee/convert.sh" "$f" >"$work/$(basename "$f")"; done
sed 's|<lemma pos="verbe">fédérer</lemma>|<word>fédérer</word>|' "$top/codebooks/dts-fr.xml" >"$work/no-lemma.xml"
for cb in "$top/codebooks/dts-fr.xml" "$work/no-lemma.xml"; do
    echo "-- $(basename "$cb")"
    GRILLE_LEXICON="$lex" "$build/bench/bench_code" "$cb" 3 "$work"/*.txt | tail -2
done

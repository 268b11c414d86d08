#!/bin/sh
# validity.sh [CODEBOOK] - agreement of a codebook with the two golds of
# corpora/gold (gold-a on illustratifs/, gold-b on illustratifs-b/), on
# the dev and the test documents of corpora/gold/split.tsv, at the level
# of the top-level themes: Cohen's kappa per theme, then the pooled
# precision, recall and F1.  Tune a codebook on dev; report test.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
G=${GRILLE:-$top/build/grille}
CB=${1:-$top/codebooks/dts-fr.xml}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$top/corpora"
{ cat gold/illustratifs.tsv; tail -n +2 gold/illustratifs-b.tsv; } >"$work/gold.tsv"
for part in dev test; do
    files=$(awk -F'\t' -v p="$part" '$2 == p { print $1 ".txt" }' gold/split.tsv)
    # shellcheck disable=SC2086
    "$G" eval -c "$CB" --top-level --partial --bootstrap 0 -f tsv --gold "$work/gold.tsv" $files \
        >"$work/$part.tsv" 2>/dev/null
done
# kappa per top-level theme, dev beside test (rows in codebook order)
awk -F'\t' 'FNR == 1 { part++; next }
    $1 != "(all themes)" { if (part == 1) { order[++n] = $1; dev[$1] = $12 } else test[$1] = $12 }
    END { printf "%-16s %8s %8s\n", "kappa", "dev", "test"
          for (i = 1; i <= n; i++) printf "%-16s %8s %8s\n", order[i], dev[order[i]], test[order[i]] }' \
    "$work/dev.tsv" "$work/test.tsv"
for part in dev test; do
    awk -F'\t' -v p="$part" '$1 == "(all themes)" { printf "pooled %-5s precision %s recall %s F1 %s kappa %s\n", p, $9, $10, $11, $12 }' "$work/$part.tsv"
done
# agreement between coders: gold-c (a third coder, corpora/gold/README-c.md)
# against the first coders on its four test documents, then grille against
# each of them on the same documents
docs=$(awk -F'\t' 'NR > 1 { print $1 ".txt" }' gold/illustratifs-c.tsv | sort -u)
# shellcheck disable=SC2086
"$G" eval -c "$CB" --top-level --partial --bootstrap 0 -f tsv --gold "$work/gold.tsv" --gold gold/illustratifs-c.tsv \
    $docs >"$work/people.tsv" 2>/dev/null
# shellcheck disable=SC2086
"$G" eval -c "$CB" --top-level --partial --bootstrap 0 -f tsv --gold "$work/gold.tsv" $docs >"$work/ab.tsv" 2>/dev/null
# shellcheck disable=SC2086
"$G" eval -c "$CB" --top-level --partial --bootstrap 0 -f tsv --gold gold/illustratifs-c.tsv $docs \
    >"$work/c.tsv" 2>/dev/null
awk -F'\t' 'FNR == 1 { part++; next }
    { k[part, $1] = $12; if (part == 1) order[++n] = $1 }
    END { printf "\n%-16s %12s %12s %12s\n", "kappa (4 docs)", "coders", "grille-ab", "grille-c"
          for (i = 1; i <= n; i++) printf "%-16s %12s %12s %12s\n", order[i], k[1, order[i]], k[2, order[i]], k[3, order[i]] }' \
    "$work/people.tsv" "$work/ab.tsv" "$work/c.tsv"

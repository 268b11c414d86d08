#!/bin/sh
# fuzz.sh - replays the fuzz targets on the test inputs and on mutations
# of them (see fuzz/README.md).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
D="$top_srcdir/tests/data"
GRILLE_FUZZ_LEXICON="$top_builddir/data/lexique-fr.grl" "$top_builddir/fuzz/replay_transcript" -n 300 "$D"/transcripts/*.txt "$D"/bad-transcripts/*
"$top_builddir/fuzz/replay_codebook" -n 150 "$D"/codebooks/*.xml
echo "fuzz: 2 passed, 0 failed"

#!/bin/sh
# sentence.sh - the byte-level sentence splitter against ICU's sentence
# break iterator on every corpus and text fixture (tests/sentence_diff):
# not one boundary may differ.
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
D="$top_srcdir/tests/data"
"$top_builddir/tests/sentence_diff" -q "$top_srcdir"/corpora/*/*.txt "$D"/transcripts/* "$D"/bad-transcripts/* \
    "$D"/formats/* "$D"/fuzz-seeds/sentence/*

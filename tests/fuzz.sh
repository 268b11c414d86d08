#!/bin/sh
# fuzz.sh - replays the fuzz targets on the test inputs and on mutations
# of them (see fuzz/README.md).
set -eu
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
D="$top_srcdir/tests/data"
GRILLE_FUZZ_LEXICON="$top_builddir/data/lexique-fr.grl" "$top_builddir/fuzz/replay_transcript" -n 300 "$D"/transcripts/*.txt "$D"/bad-transcripts/*
"$top_builddir/fuzz/replay_codebook" -n 150 "$D"/codebooks/*.xml
# what long libFuzzer runs found beyond the test files (fuzz/README.md):
# already mutated inputs, so fewer mutations each (coding is slow)
GRILLE_FUZZ_LEXICON="$top_builddir/data/lexique-fr.grl" "$top_builddir/fuzz/replay_transcript" -n 5 "$D"/fuzz-seeds/transcript/*
"$top_builddir/fuzz/replay_codebook" -n 50 "$D"/fuzz-seeds/codebook/*
# the timed readers: small seeds, and the ei-01 fixtures in those formats
"$top_builddir/fuzz/replay_vtt" -n 400 "$D"/fuzz-seeds/vtt/* "$D"/formats/*.vtt
"$top_builddir/fuzz/replay_srt" -n 400 "$D"/fuzz-seeds/srt/* "$D"/formats/*.srt
"$top_builddir/fuzz/replay_json" -n 400 "$D"/fuzz-seeds/json/* "$D"/formats/*.json
# compiled lexicons and lexicon supplements
"$top_builddir/fuzz/replay_lexicon" -n 300 "$D"/fuzz-seeds/lexicon/*
# gold files and variables/speakers tables
"$top_builddir/fuzz/replay_tables" -n 400 "$D"/fuzz-seeds/tables/* "$D"/formats/variables.csv
# the document readers: archives as they come, XML parts wrapped in a
# stored archive (so mutations reach the XML, not the CRC), HTML pages
"$top_builddir/fuzz/replay_docx" -n 200 "$D"/fuzz-seeds/docx/* "$D"/formats/*.docx "$D"/formats/*.odt
"$top_builddir/fuzz/replay_xml_parts" -n 300 "$D"/fuzz-seeds/xml/*
"$top_builddir/fuzz/replay_html" -n 300 "$D"/fuzz-seeds/html/* "$D"/formats/*.html
# the byte-level sentence splitter against ICU (lib/sentence_fast.c)
"$top_builddir/fuzz/replay_sentence" -n 400 "$D"/fuzz-seeds/sentence/* "$D"/transcripts/*.txt
# saved codings, what grille merge reads from the parts of note and export
"$top_builddir/fuzz/replay_coding" -n 2000 "$D"/fuzz-seeds/coding/*
# the REFI-QDA import: codebooks, projects with their source texts after
# a NUL, and a .qdpx as grille exports it
# (not built by configure --without-refi)
if "$top_builddir/grille" --version | grep -q ' +refi'; then
    "$top_builddir/fuzz/replay_refi" -n 300 "$D"/fuzz-seeds/refi/*
    echo "fuzz: 11 passed, 0 failed"
else
    echo "fuzz: 10 passed, 0 failed (no REFI-QDA in this build)"
fi

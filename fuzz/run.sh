#!/bin/sh
# fuzz/run.sh - fuzz one target for real: builds the library with
# libFuzzer's coverage instrumentation (clang, ASan, UBSan) in
# build-fuzz/, links the target, and runs it on a working corpus seeded
# from tests/data/fuzz-seeds/<seeds>/, until RUNS executions or SECONDS.
# Prints libFuzzer's own count of executions at the end.
#
# Usage: sh fuzz/run.sh TARGET [RUNS [SECONDS]]
#   TARGET: transcript codebook vtt srt json docx xml_parts html refi tables lexicon sentence
# FUZZ_TIMEOUT: seconds one input may take (10; more if the run may be
# paused).  Needs clang and libclang-rt-14-dev (Debian).  Nice 19: the machine
# stays usable.  Inputs worth keeping: see fuzz/README.md (-merge=1).
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
target=${1:?usage: sh fuzz/run.sh TARGET [RUNS [SECONDS]]}
runs=${2:-10000000}
seconds=${3:-0}
case $target in
    xml_parts) seeds=xml; dict=docs.dict ;;
    docx) seeds=docx; dict=docs.dict ;;
    html) seeds=html; dict=html.dict ;;
    refi) seeds=refi; dict=refi.dict ;;
    transcript|codebook|coding|vtt|srt|json|tables|lexicon|sentence) seeds=$target; dict= ;;
    *) echo "fuzz/run.sh: no target '$target'" >&2; exit 2 ;;
esac
[ -f "$top/fuzz/fuzz_$target.c" ] || { echo "fuzz/run.sh: no fuzz/fuzz_$target.c" >&2; exit 2; }

b="$top/build-fuzz"
flags='-g -O1 -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined -fno-omit-frame-pointer'
mkdir -p "$b"
if [ ! -f "$b/Makefile" ]; then
    (cd "$b" && "$top/configure" --enable-static --disable-shared CC=clang CFLAGS="$flags" >configure.out)
fi
make -C "$b" -j"$(nproc)" lib/libgrille-core.la data/lexique-fr.grl >/dev/null
# shellcheck disable=SC2046 # pkg-config's flags are words
clang -g -O1 -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I"$top/lib" \
    $(pkg-config --cflags libxml-2.0) "$top/fuzz/fuzz_$target.c" "$b/lib/.libs/libgrille-core.a" \
    $(pkg-config --libs libpcre2-8 icu-uc icu-i18n libxml-2.0 libutf8proc libzip sqlite3 xlsxwriter) -lm \
    -o "$b/fuzz-$target"

corpus="$b/corpus-$target"
mkdir -p "$corpus"
cp -n "$top/tests/data/fuzz-seeds/$seeds"/* "$corpus"/ 2>/dev/null || true
set -- -max_len=4096 -timeout="${FUZZ_TIMEOUT:-10}" -runs="$runs" -print_final_stats=1
# xml_parts is XML text, not an archive: 4 KB inputs, 3x the executions
case $target in docx|refi) set -- "$@" -max_len=16384 ;; esac
[ "$seconds" -gt 0 ] && set -- "$@" -max_total_time="$seconds"
[ -n "$dict" ] && set -- "$@" -dict="$top/fuzz/$dict"
cd "$b"
# nice 19 counts only within this session's autogroup (Linux): a run
# started with setsid or from another terminal would otherwise get as much
# CPU as all the other sessions together
[ -w /proc/self/autogroup ] && echo 19 >/proc/self/autogroup 2>/dev/null || true
# TZ: libzip dates every archive entry with mktime(), which stats
# /etc/localtime at each call when TZ is unset (as bin/grille does)
TZ=${TZ:-:/etc/localtime} GRILLE_FUZZ_LEXICON="$b/data/lexique-fr.grl" nice -n 19 "./fuzz-$target" "$@" "$corpus" 2>"fuzz-$target.log" || {
    tail -40 "fuzz-$target.log"
    exit 1
}
grep -E 'stat::number_of_executed_units|stat::average_exec_per_sec|stat::peak_rss_mb' "fuzz-$target.log"

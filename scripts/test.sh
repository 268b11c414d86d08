#!/bin/sh
# test.sh - the whole test suite: unit and golden tests, the same in a
# build without the optional parts (configure --without-sqlite
# --without-refi), under AddressSanitizer + UndefinedBehaviorSanitizer,
# and make distcheck.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
jobs=$(nproc)

echo "== build and test"
sh scripts/build.sh build
make -C build -j"$jobs" check || { cat build/test-suite.log; exit 1; }

# what a packager may leave out: the tests of those parts skip, and
# tests/optional.sh checks that the CLI refuses them with the reason
echo "== without SQLite and REFI-QDA"
sh scripts/build.sh build-without --without-sqlite --without-refi
make -C build-without -j"$jobs" check || { cat build-without/test-suite.log; exit 1; }

echo "== without Check (configure --without-tests)"
sh scripts/without-check.sh build-without-check

echo "== the lexicon of a cross-compiled build"
sh scripts/cross-lexicon.sh build-cross

echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
sh scripts/build.sh build-sanitize --enable-sanitizers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    make -C build-sanitize -j"$jobs" check || { cat build-sanitize/test-suite.log; exit 1; }

echo "== distcheck"
make -C build -j"$jobs" distcheck >build/distcheck.out 2>&1 || { tail -50 build/distcheck.out; exit 1; }
echo "distcheck: ok"
# one closing line for the whole run: test programs of the three builds,
# the build without Check, the cross-built lexicon, and distcheck
count() { sed -n "s/^# $1: *//p" "$2"; }
logs="build/test-suite.log build-without/test-suite.log build-sanitize/test-suite.log"
passed=3 # distcheck, the build without Check, the cross-built lexicon
failed=0
for log in $logs; do
    passed=$((passed + $(count PASS "$log")))
    failed=$((failed + $(count FAIL "$log")))
done
echo "scripts/test.sh: $passed passed, $failed failed"

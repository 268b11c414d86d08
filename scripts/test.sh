#!/bin/sh
# test.sh - the whole test suite: unit and golden tests, the same under
# AddressSanitizer + UndefinedBehaviorSanitizer, and make distcheck.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
jobs=$(nproc)

echo "== build and test"
sh scripts/build.sh build
make -C build -j"$jobs" check || { cat build/test-suite.log; exit 1; }

echo "== AddressSanitizer + UndefinedBehaviorSanitizer"
sh scripts/build.sh build-sanitize --enable-sanitizers
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    make -C build-sanitize -j"$jobs" check || { cat build-sanitize/test-suite.log; exit 1; }

echo "== distcheck"
make -C build -j"$jobs" distcheck >build/distcheck.out 2>&1 || { tail -50 build/distcheck.out; exit 1; }
echo "distcheck: ok"
# one closing line for the whole run: test programs of both builds, and distcheck
count() { sed -n "s/^# $1: *//p" "$2"; }
passed=$(( $(count PASS build/test-suite.log) + $(count PASS build-sanitize/test-suite.log) + 1 ))
failed=$(( $(count FAIL build/test-suite.log) + $(count FAIL build-sanitize/test-suite.log) ))
echo "scripts/test.sh: $passed passed, $failed failed"

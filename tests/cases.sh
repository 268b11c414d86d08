#!/bin/sh
# cases.sh - runs the cases written as data in tests/cases/*.txt.
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
export top_builddir
exec "$top_builddir/tests/run_cases" "$top_srcdir"/tests/cases/*.txt

#!/bin/sh
# coverage.sh [DIR] - builds grille with coverage counters in DIR (default
# build-gcov), runs the test suite, and prints line and branch coverage
# per file of lib/ and bin/, for each of them and overall (gcov, from
# GCC).  --enable-gcov adds -fprofile-update=atomic: the coder's threads
# update the counters too.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
dir=${1:-build-gcov}
sh "$top/scripts/build.sh" "$dir" --enable-gcov >/dev/null
cd "$top/$dir"
find . -name '*.gcda' -delete
make -j"$(nproc)" check >/dev/null 2>&1 || { echo "coverage: the test suite failed (see $dir/test-suite.log)" >&2; exit 1; }
# one gcov run per object directory; -b for branches, -n: no .gcov files
report() {
    find "$1" -name '*.gcda' | while read -r f; do
        gcov -b -n -o "$(dirname "$f")" "$f" 2>/dev/null
    done | awk -v top="$top/" '
        function pct(field) { sub(/^[^:]*:/, "", field); sub(/%$/, "", field); return field + 0 }
        /^File / { file = $2; gsub(/\047/, "", file); sub(top, "", file); next }
        /^Lines executed:/ { l = pct($2) * $4 / 100; if (!(file in ln) || l > lc[file]) { ln[file] = $4; lc[file] = l }; next }
        /^Taken at least once:/ { b = pct($4) * $6 / 100; if (!(file in bn) || b > bc[file]) { bn[file] = $6; bc[file] = b }; next }
        END {
            for (f in ln) if (f ~ /^(lib|bin)\/.*\.c$/ && f !~ /schema\.c$/) {
                tl += ln[f]; tc += lc[f]; tbn += bn[f]; tbc += bc[f]
                d = substr(f, 1, 3); dl[d] += ln[f]; dc[d] += lc[f]; dbn[d] += bn[f]; dbc[d] += bc[f]
                printf "%-28s lines %6.1f%% of %5d   branches %6.1f%% of %5d\n", f, 100 * lc[f] / ln[f], ln[f],
                       bn[f] ? 100 * bc[f] / bn[f] : 100, bn[f]
            }
            # the library alone (what NEWS states), the command, and both
            for (d in dl)
                printf "%-28s lines %6.1f%% of %5d   branches %6.1f%% of %5d\n", "TOTAL " d "/", 100 * dc[d] / dl[d], dl[d],
                       100 * dbc[d] / dbn[d], dbn[d]
            printf "%-28s lines %6.1f%% of %5d   branches %6.1f%% of %5d\n", "TOTAL", 100 * tc / tl, tl, 100 * tbc / tbn, tbn
        }' | sort
}
report .

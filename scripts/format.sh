#!/bin/sh
# format.sh [--check] - formats grille's C sources with clang-format and
# the top-level .clang-format (written for clang-format 14, Debian 12's;
# another version may format a few constructs differently).
#   sh scripts/format.sh            rewrites the files in place
#   sh scripts/format.sh --check    changes nothing; lists the files that
#                                   are not formatted and exits 1 if any
# CLANG_FORMAT=clang-format-14 chooses the program.  Formatted: the
# hand-written sources of lib/, bin/, tests/, fuzz/, bench/ and
# data/lexcompile.c.  Never: the files generated at build time
# (lib/schema.c, lib/default_codebook.c...), data/gen/ (the offline
# lexicon generators, in their own style), test data.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
check=0
case "${1:-}" in
    --check) check=1 ;;
    "") ;;
    *) echo "usage: sh scripts/format.sh [--check]" >&2; exit 2 ;;
esac
cf=${CLANG_FORMAT:-clang-format}
if ! command -v "$cf" >/dev/null 2>&1; then
    echo "format.sh: $cf not found (Debian: apt-get install clang-format)" >&2
    exit 2
fi
case "$("$cf" --version)" in
    *" version 14."*) ;;
    *) echo "format.sh: warning: .clang-format is written for clang-format 14; this is $("$cf" --version)" >&2 ;;
esac
# the files kept in git (a build never adds any); from a tarball, the
# same globs less the generated files
patterns='lib/*.c lib/*.h bin/*.c bin/*.h tests/*.c tests/*.h fuzz/*.c fuzz/*.h bench/*.c data/*.c'
generated=' lib/schema.c lib/default_codebook.c lib/sqlite_schema.c lib/review_js.c lib/review_css.c lib/catalog_fr.c '
if git rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    # shellcheck disable=SC2086
    files=$(git ls-files -- $patterns)
else
    files=
    for f in $patterns; do
        [ -f "$f" ] || continue
        case "$generated" in *" $f "*) continue ;; esac
        files="$files $f"
    done
fi
if [ "$check" -eq 0 ]; then
    # shellcheck disable=SC2086
    "$cf" -i --style=file $files
    exit 0
fi
bad=0
for f in $files; do
    if ! "$cf" --style=file --dry-run --Werror "$f" >/dev/null 2>&1; then
        echo "$f: not formatted (sh scripts/format.sh rewrites it)"
        bad=1
    fi
done
exit $bad

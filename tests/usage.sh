#!/bin/sh
# usage.sh - the usage errors of every command, from a table
# (tests/data/usage/cases.txt): the exit code, the first line of the
# message, and no output file written.  A case's arguments may start
# with NAME=value words: its environment.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
. "$top_srcdir/tests/testlib.sh"
D="$top_srcdir/tests/data"
MIN="$D/codebooks/minimal.xml"
T="$D/transcripts"
GOLD="$D/gold/test-gold.tsv"
W=$work
QDPX="$W/p.qdpx"
if built_with refi; then
    "$G" export -c "$MIN" -o "$QDPX" "$T" 2>/dev/null || { echo "usage: cannot export $QDPX"; exit 1; }
fi
echo text >"$W/file.txt"
printf 'document\tstart\tend\ttheme\tcoder\nautre\t0\t5\treseau\tA\n' >"$W/other-gold.tsv"
while IFS='|' read -r code message args; do
    case $code in '#'* | '') continue ;; esac
    code=$(echo $code)
    message=$(echo "$message" | sed -e 's/^ //' -e 's/ $//')
    # the table's variables, expanded as the shell would
    # a case of an optional part in a build without it: tests/optional.sh
    case $args in *qdpx* | *qdc* | *QDPX*) built_with refi || continue ;; esac
    case $args in *sqlite*) built_with sqlite || continue ;; esac
    args=$(eval "echo $args")
    message=$(eval "echo \"$message\"")
    before=$(ls "$W" | wc -l)
    # leading NAME=value words set the environment
    # shellcheck disable=SC2086
    set -- $args
    envs=
    while [ $# -gt 0 ] && case $1 in *=*) true ;; *) false ;; esac; do envs="$envs $1"; shift; done
    # shellcheck disable=SC2086
    env $envs "$G" "$@" >/dev/null 2>"$W/.err"
    rc=$?
    first=$(head -1 "$W/.err")
    if [ "$rc" = "$code" ] && [ "$first" = "$message" ] && [ "$(ls "$W" | wc -l)" = "$before" ]; then
        pass=$((pass + 1))
    else
        fail=$((fail + 1))
        echo "FAIL: grille $args"
        echo "  expected exit $code: $message"
        echo "  got exit $rc: $first"
    fi
done <"$D/usage/cases.txt"
echo "usage: $pass passed, $fail failed"
[ "$fail" = 0 ] && [ "$pass" -gt 0 ]

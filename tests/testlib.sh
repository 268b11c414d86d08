# testlib.sh - what the shell tests share, sourced after they set
# top_srcdir: the build's grille ($G), a scratch folder ($work) removed
# at exit, and the counters behind ok and ko.
: "${top_builddir:=$top_srcdir}"
G="$top_builddir/grille"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0
ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }
# built_with FEATURE: whether this grille has an optional part (sqlite,
# refi), as the second line of grille --version lists it ("+sqlite");
# configure --without-FEATURE leaves it out.
built_with() { "$G" --version | grep -q -- " +$1\( \|\$\)"; }
# needs FEATURE TEST: skips the whole test (77) in a build without it.
needs() {
    built_with "$1" && return 0
    echo "$2: grille built without $1: skipped"
    exit 77
}

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

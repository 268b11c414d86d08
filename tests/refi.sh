#!/bin/sh
# refi.sh - what grille export writes, checked from outside: the .qdc and
# the project.qde of a .qdpx against the official REFI-QDA schemas
# (codebooks/refi-qda) with xmllint, the sources and the selections'
# code-point offsets with Python, identical bytes from two runs, the round
# trip through grille import and grille eval, and the errors of a damaged
# archive.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
: "${top_builddir:=$top_srcdir}"
G="$top_builddir/grille"
S="$top_srcdir"
XSD="$S/codebooks/refi-qda"
MIN="$S/tests/data/codebooks/minimal.xml"
DTS="$S/codebooks/dts-fr.xml"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); }
ko() { fail=$((fail + 1)); echo "FAIL: $*"; }

# One entry of a ZIP to stdout: unzip when there is one, else Python.
zip_cat() {
    if command -v unzip >/dev/null 2>&1; then
        unzip -p "$1" "$2"
    else
        python3 -c 'import sys, zipfile; sys.stdout.buffer.write(zipfile.ZipFile(sys.argv[1]).read(sys.argv[2]))' "$1" "$2"
    fi
}

valid() { # FILE SCHEMA
    if xmllint --noout --schema "$XSD/$2" "$1" >"$work/xmllint.out" 2>&1; then ok
    else ko "$1 does not validate against $2"; head -20 "$work/xmllint.out"; fi
}

# --- codebooks (.qdc) ------------------------------------------------
for cb in "$MIN" "$DTS"; do
    name=$(basename "$cb" .xml)
    if "$G" export --format qdc -c "$cb" -o "$work/$name.qdc"; then ok; else ko "export qdc $name"; continue; fi
    valid "$work/$name.qdc" Codebook.xsd
done
# dts-fr's top-level themes only group sub-themes: folders, not codable
if grep -q 'name="Inégalités sociales et territoriales de santé" isCodable="false"' "$work/dts-fr.qdc"; then ok
else ko "a grouping theme is not exported as a folder (isCodable=false)"; fi
# qdc to stdout is the same file
if "$G" export -f qdc -c "$MIN" | cmp -s - "$work/minimal.qdc"; then ok; else ko "qdc on stdout differs"; fi

# --- projects (.qdpx) ------------------------------------------------
export_qdpx() { # NAME CODEBOOK PATH... (run from the source tree: ids are relative)
    n=$1 c=$2
    shift 2
    ( cd "$S" && "$G" export -f qdpx -c "$c" -o "$work/$n.qdpx" "$@" )
}
if export_qdpx tests "$MIN" tests/data/transcripts; then ok; else ko "export qdpx tests"; fi
if export_qdpx corpora "$DTS" corpora/illustratifs; then ok; else ko "export qdpx corpora"; fi
if export_qdpx dated "$MIN" tests/data/transcripts --date 2024-05-02T10:00:00+02:00 --user Camille --name "Projet test"
then ok; else ko "export qdpx with --date"; fi
for n in tests corpora dated; do
    zip_cat "$work/$n.qdpx" project.qde >"$work/$n.qde" || ko "$n.qdpx has no project.qde"
    valid "$work/$n.qde" Project.xsd
done
if grep -q 'creationDateTime="2024-05-02T10:00:00+02:00"' "$work/dated.qde" &&
   ! grep -q creationDateTime "$work/tests.qde"; then ok
else ko "creationDateTime only when --date is given"; fi

# two runs, the same bytes
if export_qdpx again "$DTS" corpora/illustratifs && cmp -s "$work/corpora.qdpx" "$work/again.qdpx"; then ok
else ko "two exports of the same coding differ"; fi

# sources are the transcripts' exact bytes; every selection's offsets
# (code points, end exclusive) cut out the text its name shows; GUIDs
# are 8-4-4-4-12 lower-case hex
for n in tests:tests/data/transcripts corpora:corpora/illustratifs; do
    dir=${n#*:} n=${n%%:*}
    if python3 - "$work/$n.qdpx" "$S/$dir" >"$work/py.out" 2>&1 <<'EOF'
import os, re, sys, zipfile
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
P = '{urn:QDA-XML:project:1.0}'
root = ET.fromstring(z.read('project.qde'))
guid = re.compile(r'^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$')
for el in root.iter():
    for a in ('guid', 'targetGUID', 'creatingUser', 'creatingUserGUID'):
        if a in el.attrib and not guid.match(el.attrib[a]):
            sys.exit('bad GUID %s' % el.attrib[a])
sel = 0
for ts in root.iter(P + 'TextSource'):
    path = ts.get('plainTextPath')
    assert path == 'internal://%s.txt' % ts.get('guid'), path
    data = z.read('sources/%s.txt' % ts.get('guid'))
    name = ts.get('name')
    assert open(os.path.join(sys.argv[2], name + '.txt'), 'rb').read() == data, 'source %s differs' % name
    text = data.decode('utf-8')
    for s in ts.findall(P + 'PlainTextSelection'):
        a, b = int(s.get('startPosition')), int(s.get('endPosition'))
        assert 0 <= a < b <= len(text), (a, b)
        quote, shown = ' '.join(text[a:b].split()), s.get('name')
        assert quote == shown or (shown.endswith('\u2026') and quote.startswith(shown[:-1])), (quote, shown)
        sel += 1
assert sel > 0
print(sel, 'selections')
EOF
    then ok; else ko "$n.qdpx: sources or offsets"; cat "$work/py.out"; fi
done

# --- back in: gold and skeleton ------------------------------------------
# the gold grille import makes from its own export is its coding: same
# documents, offsets and theme ids as grille code
( cd "$S" && "$G" code -c "$MIN" tests/data/transcripts ) | cut -f1,10,11,12 | tail -n +2 >"$work/code.txt"
if "$G" import qdpx "$work/tests.qdpx" -c "$MIN" -o "$work/gold.tsv" &&
   cut -f1-4 "$work/gold.tsv" | tail -n +2 | diff -u "$work/code.txt" - >"$work/diff"; then ok
else ko "import qdpx: the gold differs from the coding"; head -20 "$work/diff"; fi
if ( cd "$S" && "$G" eval -c "$MIN" --gold "$work/gold.tsv" tests/data/transcripts ) |
   grep -q '^| (all themes) .* | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 |$'; then ok
else ko "eval against the imported gold is not perfect agreement"; fi

# a skeleton follows grille's schema; check refuses it for its empty themes
if "$G" import qdc "$work/dts-fr.qdc" -o "$work/skeleton.xml" &&
   xmllint --noout --relaxng "$S/codebooks/grille-codebook.rng" "$work/skeleton.xml" 2>/dev/null; then ok
else ko "import qdc: the skeleton does not follow grille-codebook.rng"; fi
"$G" check "$work/skeleton.xml" >"$work/check.out" 2>&1
if [ $? -eq 2 ] && grep -q "has no rules" "$work/check.out"; then ok
else ko "grille check should refuse a skeleton without rules"; fi

# --- errors -------------------------------------------------------------
# a damaged archive: exit 2, the file named, no output left behind
head -c 1000 "$work/tests.qdpx" >"$work/cut.qdpx"
"$G" import qdpx "$work/cut.qdpx" -c "$MIN" -o "$work/cut.tsv" 2>"$work/err"
if [ $? -eq 2 ] && grep -q "cut.qdpx: not a valid ZIP archive" "$work/err" && [ ! -e "$work/cut.tsv" ]; then ok
else ko "a damaged .qdpx"; cat "$work/err"; fi
# malformed XML: file and line
printf '<?xml version="1.0"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0">\n<Codes>\n<Code>\n</Codes>\n' >"$work/bad.qdc"
"$G" import qdc "$work/bad.qdc" 2>"$work/err" >/dev/null
if [ $? -eq 2 ] && grep -q "bad.qdc:5:" "$work/err"; then ok; else ko "malformed .qdc"; cat "$work/err"; fi
# a malformed --date leaves an existing file alone
echo old >"$work/keep.qdpx"
( cd "$S" && "$G" export -f qdpx -c "$MIN" -o "$work/keep.qdpx" --date 2024-05-02 tests/data/transcripts ) 2>/dev/null
if [ $? -eq 2 ] && [ "$(cat "$work/keep.qdpx")" = old ] && [ "$(ls "$work" | grep -c tmp)" = 0 ]; then ok
else ko "a bad --date changed the output"; fi

echo "refi: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

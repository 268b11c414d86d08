#!/bin/sh
# refi.sh - what grille export writes, checked from outside: the .qdc and
# the project.qde of a .qdpx against the official REFI-QDA schemas
# (codebooks/refi-qda) with xmllint, the sources and the selections'
# code-point offsets with Python, identical bytes from two runs, the round
# trip through grille import and grille eval, and the errors of a damaged
# archive.
set -u
: "${top_srcdir:=$(cd "$(dirname "$0")/.." && pwd)}"
. "$top_srcdir/tests/testlib.sh"
needs refi refi
S="$top_srcdir"
XSD="$S/codebooks/refi-qda"
MIN="$S/tests/data/codebooks/minimal.xml"
DTS="$S/codebooks/dts-fr.xml"


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

# sources as tools store them: QualCoder copies a source to a file of its
# name (a '/' failed) and reads variables inside sources only; a leading
# BOM is not counted (QualCoder and NVivo do not count theirs)
mkdir -p "$work/c/a" "$work/c/b"
cp "$S/tests/data/transcripts/ei-test.txt" "$work/c/a/x.txt"
cp "$S/tests/data/transcripts/ec-test.txt" "$work/c/b/x.txt"
{ printf '\357\273\277'; cat "$S/tests/data/transcripts/ei-test.txt"; } >"$work/c/b/bom.txt"
if "$G" export -f qdpx -c "$MIN" -o "$work/names.qdpx" "$work/c" &&
   python3 - "$work/names.qdpx" "$work/c" >"$work/py.out" 2>&1 <<'EOF'
import sys, zipfile
import xml.etree.ElementTree as ET
z = zipfile.ZipFile(sys.argv[1])
P = '{urn:QDA-XML:project:1.0}'
root = ET.fromstring(z.read('project.qde'))
var = {v.get('guid'): v.get('name') for v in root.iter(P + 'Variable')}
assert list(var.values()).count('grille:document') == 1, var
def values(el):
    return {var[vv.find(P + 'VariableRef').get('targetGUID')]: vv.find(P + 'TextValue').text
            for vv in el.findall(P + 'VariableValue')}
names = {}
for ts in root.iter(P + 'TextSource'):
    vals = names[ts.get('name')] = values(ts)
    # the variables in the source are those of its case
    case = [c for c in root.iter(P + 'Case') if c.find(P + 'SourceRef').get('targetGUID') == ts.get('guid')][0]
    assert vals == values(case), (vals, values(case))
    data = z.read('sources/%s.txt' % ts.get('guid'))
    orig = open('%s/%s.txt' % (sys.argv[2], vals['grille:document']), 'rb').read()
    assert data == (orig[3:] if orig.startswith(b'\xef\xbb\xbf') else orig), ts.get('name')
    text = data.decode('utf-8')
    sel = ts.findall(P + 'PlainTextSelection')
    assert sel
    for s in sel:
        a, b = int(s.get('startPosition')), int(s.get('endPosition'))
        quote, shown = ' '.join(text[a:b].split()), s.get('name')
        assert quote == shown or (shown.endswith('\u2026') and quote.startswith(shown[:-1])), (quote, shown)
# two documents named x: their folders tell them apart; bom is alone
assert sorted(names) == ['a_x', 'b_x', 'bom'], sorted(names)
assert names['a_x']['grille:document'] == 'a/x' and names['bom']['grille:document'] == 'b/bom', names
# the same coding, one position earlier without the BOM
pos = lambda n: [(s.get('startPosition'), s.get('endPosition')) for t in root.iter(P + 'TextSource')
                 if t.get('name') == n for s in t.findall(P + 'PlainTextSelection')]
assert pos('bom') == pos('a_x'), (pos('bom'), pos('a_x'))
EOF
then ok; else ko "source names, variables in sources, BOM"; cat "$work/py.out"; fi

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
# an encoding that does not convert: one message, libxml2 prints none of its own
printf '<?xml version="1.0" encoding="ISO-2022-JP"?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0"><Codes>\377\377\377\377</Codes></CodeBook>\n' >"$work/enc.qdc"
"$G" import qdc "$work/enc.qdc" 2>"$work/err" >/dev/null
if [ $? -eq 2 ] && [ "$(wc -l <"$work/err")" = 1 ] && grep -q "enc.qdc:2:" "$work/err"; then ok
else ko "a .qdc in an encoding that fails"; cat "$work/err"; fi
# a malformed --date leaves an existing file alone
echo old >"$work/keep.qdpx"
( cd "$S" && "$G" export -f qdpx -c "$MIN" -o "$work/keep.qdpx" --date 2024-05-02 tests/data/transcripts ) 2>/dev/null
if [ $? -eq 2 ] && [ "$(cat "$work/keep.qdpx")" = old ] && [ "$(ls "$work" | grep -c tmp)" = 0 ]; then ok
else ko "a bad --date changed the output"; fi

# --- damaged projects: refused with file:line and why, nothing written ----
# project.qde and sources/x.txt into a .qdpx (Python's zipfile)
qdpx_of() { # OUT QDE TEXT
    python3 -c 'import sys, zipfile
z = zipfile.ZipFile(sys.argv[1], "w")
z.writestr("project.qde", open(sys.argv[2], "rb").read())
z.writestr("sources/x.txt", open(sys.argv[3], "rb").read())' "$@"
}
damaged() { # NAME EXPECTED-STDERR SOURCES (the lines of project.qde's <Sources>, from line 5)
    {
        printf '<?xml version="1.0"?>\n<Project xmlns="urn:QDA-XML:project:1.0" name="p">\n'
        printf '<CodeBook><Codes><Code guid="bbbbbbbb-0000-4000-8000-000000000001" name="a" isCodable="true"/></Codes></CodeBook>\n'
        printf '<Sources>\n%s\n</Sources>\n</Project>\n' "$3"
    } >"$work/$1.qde"
    qdpx_of "$work/$1.qdpx" "$work/$1.qde" "$work/text.txt"
    "$G" import qdpx "$work/$1.qdpx" -o "$work/$1.tsv" 2>"$work/err"
    if [ $? -eq 2 ] && [ "$(cat "$work/err")" = "grille: $work/$1.qdpx:$2" ] && [ ! -e "$work/$1.tsv" ]; then ok
    else ko "damaged project $1"; cat "$work/err"; fi
}
printf 'le r\303\251seau' >"$work/text.txt" # 9 code points
SEL='<PlainTextSelection guid="dddddddd-0000-4000-8000-000000000001" startPosition="%s" endPosition="%s"><Coding guid="eeeeeeee-0000-4000-8000-000000000001"><CodeRef targetGUID="%s"/></Coding></PlainTextSelection>\n'
TS='<TextSource guid="cccccccc-0000-4000-8000-00000000000%s" name="%s" plainTextPath="internal://%s">\n'
damaged guid "project.qde:7: two <TextSource> have the GUID cccccccc-0000-4000-8000-000000000001 (lines 5 and 7)" \
    "$(printf "$TS" 1 d x.txt; printf '</TextSource>\n'; printf "$TS" 1 e x.txt; printf '</TextSource>\n')"
damaged name "project.qde:7: <TextSource> 'd.docx' (line 5) and 'd' (line 7) both give the document 'd': the gold could not tell their codings apart" \
    "$(printf "$TS" 1 d.docx x.txt; printf '</TextSource>\n'; printf "$TS" 2 d x.txt; printf '</TextSource>\n')"
damaged past "project.qde:6: endPosition 10 is past the end of the source 'd' (9 code points)" \
    "$(printf "$TS" 1 d x.txt; printf "$SEL" 5 10 bbbbbbbb-0000-4000-8000-000000000001; printf '</TextSource>\n')"
damaged backwards "project.qde:6: endPosition 3 is before startPosition 5" \
    "$(printf "$TS" 1 d x.txt; printf "$SEL" 5 3 bbbbbbbb-0000-4000-8000-000000000001; printf '</TextSource>\n')"
damaged no-text "project.qde:5: the text of <TextSource> 'd' (internal://y.txt) is not in the archive: no sources/y.txt" \
    "$(printf "$TS" 1 d y.txt; printf "$SEL" 1 3 bbbbbbbb-0000-4000-8000-000000000001; printf '</TextSource>\n')"
damaged no-code "project.qde:6: <CodeRef> names the code ffffffff-0000-4000-8000-000000000001, which the codebook lacks" \
    "$(printf "$TS" 1 d x.txt; printf "$SEL" 1 3 ffffffff-0000-4000-8000-000000000001; printf '</TextSource>\n')"

# --- files other tools write (tests/data/refi, made by make-fixtures.py) --
R="$S/tests/data/refi"
# NVivo: UTF-16 positions, BOM not counted, emoji before the selections
# (the code points below are counted by hand in make-fixtures.py's TEXT)
printf 'document\tstart\tend\ttheme\tcoder\tquote\n' >"$work/nvivo.want"
printf 'entretien 1\t%s\t%s\t%s\tCamille\t%s\n' 11 17 reseau réseau 22 26 elus élus 58 64 reseau réseau 76 80 elus élus \
    >>"$work/nvivo.want"
if "$G" import qdpx "$R/nvivo-utf16.qdpx" -c "$MIN" -o "$work/nvivo.tsv" --report 2>"$work/report" &&
   diff -u "$work/nvivo.want" "$work/nvivo.tsv" >"$work/diff" &&
   grep -qx 'positions: UTF-16 code units (NVivo counts UTF-16 code units); a leading byte order mark is not counted' "$work/report" &&
   grep -qx '  Réseau -> reseau (by label path)' "$work/report" &&
   grep -qx '  entretien 1: 4 selections, 4 on word boundaries; its byte order mark taken off' "$work/report"
then ok; else ko "NVivo's UTF-16 positions"; cat "$work/diff" "$work/report"; fi
# read as code points, they cut words: the report shows it
"$G" import qdpx "$R/nvivo-utf16.qdpx" -c "$MIN" -o "$work/cp.tsv" --positions code-points --report 2>"$work/report"
if grep -qx '  entretien 1: 4 selections, 0 on word boundaries; its byte order mark taken off' "$work/report" &&
   ! grep -q 'réseau$' "$work/cp.tsv"; then ok; else ko "--positions code-points"; cat "$work/report"; fi
# ATLAS.ti's codebook namespace 0:4
if "$G" import qdc "$R/atlas-0-4.qdc" -o "$work/atlas.xml" &&
   grep -q '<theme id="reseau" label="Réseau" color="#1F77B4">' "$work/atlas.xml" &&
   grep -q '<theme id="elus" label="Élus"/>' "$work/atlas.xml"; then ok
else ko "ATLAS.ti's urn:QDA-XML:codebook:0:4"; cat "$work/atlas.xml"; fi
# an ATLAS.ti project without a codebook: its documents and variables
if "$G" import qdpx "$R/atlas-no-codebook.qdpx" -o "$work/atlas.tsv" --report 2>"$work/report" &&
   [ "$(cat "$work/atlas.tsv")" = "$(printf 'document\tstart\tend\ttheme\tcoder\tquote')" ] &&
   grep -qx '  EI-01: 0 selections, 0 on word boundaries; variables: type=EI, territoire=rural' "$work/report" &&
   grep -qx '  EI-02: 0 selections, 0 on word boundaries; variables: type=EI, territoire=urbain' "$work/report"
then ok; else ko "a project without a codebook"; cat "$work/report"; fi
# two codes Commune with new GUIDs: each to its theme by label path
printf 'document\tstart\tend\ttheme\tcoder\tquote\nei-07\t3\t10\tniveaux.com\tunknown\tcommune\nei-07\t33\t39\tparties.mairie\tunknown\tmairie\n' \
    >"$work/dup.want"
if "$G" import qdpx "$R/dup-names.qdpx" -c "$R/communes.xml" -o "$work/dup.tsv" 2>"$work/err" &&
   diff -u "$work/dup.want" "$work/dup.tsv" && [ ! -s "$work/err" ]; then ok
else ko "duplicate code names mapped by label path"; cat "$work/err"; fi
# flattened, Commune fits two themes: refused, with the line and both
"$G" import qdpx "$R/ambiguous.qdpx" -c "$R/communes.xml" -o "$work/amb.tsv" 2>"$work/err"
if [ $? -eq 2 ] && [ ! -e "$work/amb.tsv" ] && [ "$(cat "$work/err")" = "grille: $R/ambiguous.qdpx:project.qde:4: the code 'Commune' fits several themes of the codebook by its label ('niveaux.com', 'parties.mairie'): rename it in the QDA software, or the themes in the codebook, so that it fits one" ]
then ok; else ko "an ambiguous code"; cat "$work/err"; fi
# a code that fits no theme: kept under its own id, with a warning
"$G" import qdpx "$R/dup-names.qdpx" -c "$MIN" -o "$work/new.tsv" 2>"$work/err"
if [ $? -eq 0 ] && grep -q "dup-names.qdpx:project.qde:5: the code 'Commune' is no theme of the codebook 'minimal'" "$work/err" &&
   cut -f4 "$work/new.tsv" | grep -qx echelles.commune; then ok; else ko "an unmapped code"; cat "$work/err"; fi

# --- hostile sizes end in bounded time ---------------------------------------
# bench/refi-gen.py writes them; the bounds are generous: the quadratic
# paths took minutes (reversed selections: 230 s; 50,000 users and codes
# of one name: 190 s), the fixed import takes about a second
gen() { python3 "$S/bench/refi-gen.py" "$@"; }
if gen "$work/rev.qdpx" --text-mb 8 --selections 40000 --order reverse &&
   timeout 60 "$G" import qdpx "$work/rev.qdpx" -o "$work/rev.tsv" && [ "$(wc -l <"$work/rev.tsv")" = 40001 ] &&
   [ "$(tail -1 "$work/rev.tsv")" = "$(printf 'doc-0\t0\t40\ttheme-0\tu0\tLe réseau des acteurs, c’est le cœur du ')" ]
then ok; else ko "import of 40,000 selections listed backwards over 8 MB (a quadratic path?)"; fi
if gen "$work/many.qdpx" --text-mb 1 --selections 50000 --users 50000 --codes 50000 --same-name --order forward &&
   timeout 60 "$G" import qdpx "$work/many.qdpx" -o "$work/many.tsv" && [ "$(wc -l <"$work/many.tsv")" = 50001 ] &&
   tail -1 "$work/many.tsv" | cut -f4,5 | grep -qx "$(printf 'theme-50000\tu49999')"
then ok; else ko "import of 50,000 users and 50,000 codes of one name (a quadratic path?)"; fi

# --texts: a project's documents as a corpus.  grille's own export comes
# back as the same files, and eval of the imported gold on them agrees
# completely; a project without a codebook (ATLAS.ti) gives its texts,
# byte for byte, and the variables of its sources and of its Cases.
mkdir "$work/texts-in"
cp "$S/corpora/illustratifs/ei-01-cls-petr-rural.txt" "$S/corpora/illustratifs/ec-01-coordinations-departement.txt" \
    "$work/texts-in/"
"$G" export -c "$DTS" -o "$work/texts.qdpx" "$work/texts-in" 2>/dev/null
if "$G" import qdpx "$work/texts.qdpx" -c "$DTS" --texts "$work/texts-out" -o "$work/texts-gold.tsv" 2>/dev/null &&
   cmp -s "$work/texts-in/ei-01-cls-petr-rural.txt" "$work/texts-out/ei-01-cls-petr-rural.txt" &&
   cmp -s "$work/texts-in/ec-01-coordinations-departement.txt" "$work/texts-out/ec-01-coordinations-departement.txt" &&
   grep -q '^ei-01-cls-petr-rural,Entretien individuel 1' "$work/texts-out/variables.csv" &&
   "$G" eval -c "$DTS" --gold "$work/texts-gold.tsv" -f tsv "$work/texts-out" 2>/dev/null |
   awk -F'\t' '$1 == "(all themes)" && $3 > 0 && $11 == "1.000" { found = 1 } END { exit !found }'
then ok; else ko "import --texts of grille's own export, then eval"; fi
if "$G" import qdpx "$S/tests/data/refi/atlas-no-codebook.qdpx" --texts "$work/atlas" -o "$work/atlas.tsv" 2>/dev/null &&
   [ "$(cat "$work/atlas/EI-01.txt")" = "$(printf 'Élue : le réseau.\r')" ] &&
   [ "$(cat "$work/atlas/variables.csv")" = "$(printf 'document,type,territoire\r\nEI-01,EI,rural\r\nEI-02,EI,urbain\r')" ]
then ok; else ko "import --texts of a project without a codebook"; fi
# a document name that would leave the folder is not written
python3 - "$S/tests/data/refi/atlas-no-codebook.qdpx" "$work/evil.qdpx" <<'PY'
import sys, zipfile
src, dst = zipfile.ZipFile(sys.argv[1]), zipfile.ZipFile(sys.argv[2], "w")
for i in src.infolist():
    data = src.read(i)
    if i.filename == "project.qde":
        data = data.replace(b'name="EI-01.txt"', b'name="../../evil.txt"')
    dst.writestr(i, data)
dst.close()
PY
"$G" import qdpx "$work/evil.qdpx" --texts "$work/evil" -o "$work/evil.tsv" 2>"$work/evil.err"
if [ ! -e "$work/evil.txt" ] && [ ! -e "$work/../evil.txt" ] && grep -q "not a name a file can have" "$work/evil.err" &&
   [ -f "$work/evil/EI-02.txt" ]
then ok; else ko "import --texts refuses a name outside its folder"; cat "$work/evil.err"; fi

echo "refi: $pass passed, $fail failed"
[ "$fail" -eq 0 ]

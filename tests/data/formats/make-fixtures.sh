#!/usr/bin/env bash
# make-fixtures.sh - regenerates the reader fixtures of tests/data/formats/.
#
# Inputs (never modified here):
#   ../../../corpora/illustratifs/ei-01-cls-petr-rural.txt  the equality source
#   realistic.fodt, questions-only.fodt                    hand-written ODF
#   initials.txt, focus-group.txt                          hand-written UTF-8
# Needs: bash, iconv (glibc), python3 (standard library only), and
# LibreOffice Writer (`apt-get install -y --no-install-recommends
# libreoffice-writer-nogui`).  Run from anywhere; rerunning it rewrites the
# same files (the .docx/.odt bytes differ between runs only by the dates
# LibreOffice stamps in the ZIP entries and document properties).
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
src="$here/../../../corpora/illustratifs/ei-01-cls-petr-rural.txt"
cd "$here"
[ -f "$src" ] || { echo "make-fixtures: $src not found" >&2; exit 1; }
for tool in iconv python3 soffice; do
    command -v "$tool" >/dev/null || { echo "make-fixtures: $tool is needed" >&2; exit 1; }
done

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# ---------------------------------------------------------------------------
# 1. Plain-text encodings, made by iconv (glibc) from the UTF-8 source.
#    No //TRANSLIT: a character that Windows-1252 lacks must stop the script,
#    so python3 first names any such character.
python3 - "$src" <<'EOF'
import sys, unicodedata
text = open(sys.argv[1], encoding="utf-8").read()
bad = sorted({c for c in text if not c.encode("cp1252", "ignore")})
for c in bad:
    print("make-fixtures: U+%04X %s is not in Windows-1252" % (ord(c), unicodedata.name(c, "?")),
          file=sys.stderr)
sys.exit(1 if bad else 0)
EOF
# Word / Notepad "Unicode": UTF-16LE with a BOM (FF FE), CRLF line ends.
{ printf '\377\376'; sed 's/$/\r/' "$src" | iconv -f UTF-8 -t UTF-16LE; } > ei-01-utf16le.txt
# "Unicode big endian": UTF-16BE with a BOM (FE FF), CRLF line ends.
{ printf '\376\377'; sed 's/$/\r/' "$src" | iconv -f UTF-8 -t UTF-16BE; } > ei-01-utf16be.txt
# Notepad "ANSI" on a French Windows: Windows-1252, CRLF, no BOM.
sed 's/$/\r/' "$src" | iconv -f UTF-8 -t CP1252 > ei-01-cp1252.txt

# ---------------------------------------------------------------------------
# 2. Timed formats and the variables table, written by make-fixtures.py:
#    ei-01.vtt, ei-01.srt, ei-01-whisperx.json, ei-01-noscribe.html,
#    ei-01-noscribe.vtt, variables.csv.  WhisperX and noScribe need audio and
#    models, so the script reproduces their writers' output (sources in
#    README.md) and reads every file back against the .txt turns.
python3 make-fixtures.py "$src" .

# ---------------------------------------------------------------------------
# 3. Word and OpenDocument files, converted by LibreOffice Writer headless
#    with a throw-away profile (no thumbnail in the .odt: smaller files).
mkdir -p "$tmp/profile/user" "$tmp/in"
cat > "$tmp/profile/user/registrymodifications.xcu" <<'EOF'
<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Save/Document"><prop oor:name="GenerateThumbnail" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
EOF
lo() { soffice -env:UserInstallation="file://$tmp/profile" --headless "$@" >"$tmp/soffice.log" 2>&1 \
        || { cat "$tmp/soffice.log" >&2; exit 1; }; }
# ei-01.docx, ei-01.odt: soffice imports the .txt (UTF-8, one paragraph a
# line, French) and saves it as Word 2007-365 and as ODF text.
cp "$src" "$tmp/in/ei-01.txt"
lo --infilter="Text (encoded):UTF8,LF,,fr-FR," --convert-to 'docx:MS Word 2007 XML' --outdir . "$tmp/in/ei-01.txt"
lo --infilter="Text (encoded):UTF8,LF,,fr-FR," --convert-to odt --outdir . "$tmp/in/ei-01.txt"
# realistic.docx, realistic.odt: soffice opens the hand-written flat ODF
# (tracked changes, comment, footnote, header and footer) and saves it.
lo --convert-to 'docx:MS Word 2007 XML' --outdir . realistic.fodt
lo --convert-to odt --outdir . realistic.fodt
# questions-only.docx: the same from questions-only.fodt.
lo --convert-to 'docx:MS Word 2007 XML' --outdir . questions-only.fodt

# ---------------------------------------------------------------------------
# 4. Checks: every file opens, the encodings round-trip, the converted
#    documents hold one paragraph per source line and what soffice kept.
python3 - "$src" <<'EOF'
import re, sys, zipfile, json
import xml.dom.minidom
src = sys.argv[1]
want = open(src, encoding="utf-8").read()

def same(name, raw, enc, bom):
    assert raw.startswith(bom), name + ": BOM"
    text = raw[len(bom):].decode(enc)
    assert "\n" not in text.replace("\r\n", ""), name + ": not CRLF"
    assert text.replace("\r\n", "\n") == want, name + ": differs from the source"
same("ei-01-utf16le.txt", open("ei-01-utf16le.txt", "rb").read(), "utf-16-le", b"\xff\xfe")
same("ei-01-utf16be.txt", open("ei-01-utf16be.txt", "rb").read(), "utf-16-be", b"\xfe\xff")
same("ei-01-cp1252.txt", open("ei-01-cp1252.txt", "rb").read(), "cp1252", b"")
for name in ("initials.txt", "focus-group.txt"):
    open(name, encoding="utf-8").read()
json.load(open("ei-01-whisperx.json", encoding="utf-8"))

def parts(name):
    z = zipfile.ZipFile(name)
    assert z.testzip() is None, name
    out = {}
    for n in z.namelist():
        if n.endswith((".xml", ".rels")):
            data = z.read(n)
            xml.dom.minidom.parseString(data)  # well-formed
            out[n] = data.decode("utf-8")
    return out

def docx_paras(doc):
    body = doc.split("<w:body>", 1)[1]
    out = []
    for p in re.findall(r"<w:p[ >].*?</w:p>|<w:p/>", body, re.S):
        out.append("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)))
    return [x.replace("&apos;", "'").replace("&amp;", "&").replace("&quot;", '"') for x in out]

def odt_paras(content):
    body = content.split("<office:text", 1)[1]
    out = re.findall(r"<text:p[^>]*?(?:/>|>(.*?)</text:p>)", body, re.S)
    return [re.sub(r"<[^>]+>", "", x).replace("&apos;", "'").replace("&amp;", "&") for x in out]

lines = want.rstrip("\n").split("\n")
d = parts("ei-01.docx")
assert docx_paras(d["word/document.xml"]) == lines, "ei-01.docx: paragraphs differ from the lines"
o = parts("ei-01.odt")
assert odt_paras(o["content.xml"]) == lines, "ei-01.odt: paragraphs differ from the lines"
print("  ei-01.docx, ei-01.odt: %d paragraphs, one per line of the .txt" % len(lines))

r = parts("realistic.docx")
doc = r["word/document.xml"]
for tag in ("<w:ins ", "<w:del ", "<w:delText", "<w:commentReference", "<w:commentRangeStart",
            "<w:footnoteReference", "<w:tab/>", "<w:br/>", "<w:softHyphen/>", "<w:noBreakHyphen/>"):
    assert tag in doc, "realistic.docx: no " + tag
for part in ("word/comments.xml", "word/footnotes.xml", "docProps/core.xml"):
    assert part in r, "realistic.docx: no " + part
assert any(n.startswith("word/header") for n in r) and any(n.startswith("word/footer") for n in r)
core = r["docProps/core.xml"]
for s in ("Entretien avec une coordinatrice CLSM", "Camille Besson", "2025-03-14T17:42:00"):
    assert s in core, "realistic.docx core.xml: no " + s
r = parts("realistic.odt")
for tag in ("<text:tracked-changes", "<text:insertion", "<text:deletion", "<office:annotation",
            "<text:note ", "<text:line-break/>", "<text:tab/>"):
    assert tag in r["content.xml"], "realistic.odt: no " + tag
assert "<style:header>" in r["styles.xml"] and "<style:footer>" in r["styles.xml"]
for s in ("Entretien avec une coordinatrice CLSM", "Camille Besson", "2025-03-14T17:42:00"):
    assert s in r["meta.xml"], "realistic.odt meta.xml: no " + s
q = parts("questions-only.docx")
paras = [p for p in docx_paras(q["word/document.xml"]) if p]
assert sum(p.startswith("Enquêtrice :") for p in paras) == 6 and len(paras) == 15, paras
print("  realistic.docx/.odt: tracked changes, comment, footnote, header, footer, metadata kept")
print("  questions-only.docx: 15 paragraphs, 6 labelled questions")
EOF
soffice --version | head -1

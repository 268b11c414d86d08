"""interop_qualcoder.py DB SEGMENTS.tsv GRILLE.qdpx CORPUS QUALCODER_SRC

What QualCoder stored when it imported grille's .qdpx (its SQLite
database DB), against grille's own coding (SEGMENTS.tsv from grille code,
the transcripts in CORPUS) and what the .qdpx says of codes and
documents:
- every segment of grille is a coding of QualCoder's, in the same
  document, at the same positions, with the same code and the same text
  (the transcript's, sliced at grille's code points), and no other;
- every code is there with its parent (a category for a folder) and,
  for a codable code, the colour grille gave it as QualCoder matches it
  to its palette (color_selector.color_matcher), not a random one;
- every document is there, under its name, with its variables.
Exits 1 on the first kind of difference, after printing the counts."""
import csv, sqlite3, sys, uuid, zipfile
import xml.etree.ElementTree as ET

db, segs, qdpx, corpus, qcsrc = sys.argv[1:6]
sys.path.insert(0, qcsrc)
from qualcoder.color_selector import color_matcher  # noqa: E402

P = '{urn:QDA-XML:project:1.0}'
NS = uuid.UUID('bed3988f-8577-5c26-b72e-678a51a664fa')  # grille's namespace (lib/refi_id.c)
z = zipfile.ZipFile(qdpx)
root = ET.fromstring(z.read('project.qde'))
con = sqlite3.connect(db)
bad = []

# --- codes: name, colour, parent ------------------------------------------
codes = {}  # guid -> (name, colour, codable, parent guid)
def walk(el, parent):
    for c in el.findall(P + 'Code'):
        codes[c.get('guid')] = (c.get('name'), c.get('color'), c.get('isCodable') == 'true', parent)
        walk(c, c.get('guid'))
walk(root.find(P + 'CodeBook/' + P + 'Codes'), None)
qc_codes = {r[0]: r[1:] for r in con.execute('select name, color, catid, supercid from code_name')}
qc_cats = {r[0]: r[1] for r in con.execute('select name, supercatid from code_cat')}
cat_name = {r[0]: r[1] for r in con.execute('select catid, name from code_cat')}
code_name = {r[0]: r[1] for r in con.execute('select cid, name from code_name')}
ok_codes = ncodable = 0
for g, (name, colour, codable, parent) in codes.items():
    pname = codes[parent][0] if parent else None
    if codable:
        ncodable += 1
        if name not in qc_codes:
            bad.append('code %r missing' % name); continue
        col, catid, supercid = qc_codes[name]
        got_parent = code_name.get(supercid) or cat_name.get(catid)
        if col != color_matcher(colour):
            bad.append('code %r: colour %s, not %s (grille %s)' % (name, col, color_matcher(colour), colour)); continue
    else:
        if name not in qc_cats:
            bad.append('category %r missing' % name); continue
        got_parent = cat_name.get(qc_cats[name])
    if got_parent != pname:
        bad.append('code %r: parent %r, not %r' % (name, got_parent, pname)); continue
    ok_codes += 1
print('codes: %d of %d with their parent; the %d codable ones with the colour grille gave them (matched to '
      "QualCoder's palette), the others categories (which have no colour in QualCoder)" % (ok_codes, len(codes), ncodable))

# --- documents and variables ----------------------------------------------
var = {v.get('guid'): v.get('name') for v in root.iter(P + 'Variable')}
qc_src = {r[0]: r[1] for r in con.execute('select name, id from source')}
attrs = {}
for name, value, fid in con.execute("select name, value, id from attribute where attr_type='file'"):
    attrs.setdefault(fid, {})[name] = value
doc_of = {}  # source name in QualCoder -> grille document id
ok_docs = nvars = 0
sources = list(root.iter(P + 'TextSource'))
for ts in sources:
    want = {var[vv.find(P + 'VariableRef').get('targetGUID')]: vv.find(P + 'TextValue').text
            for vv in ts.findall(P + 'VariableValue')}
    name = ts.get('name')
    if name not in qc_src:
        bad.append('document %r missing' % name); continue
    got = attrs.get(qc_src[name], {})
    if got != want:
        bad.append('document %r: variables %r, not %r' % (name, got, want)); continue
    doc_of[name] = want['grille:document']
    ok_docs += 1
    nvars += len(want)
print('documents: %d of %d with their variables (%d values)' % (ok_docs, len(sources), nvars))

# --- codings ----------------------------------------------------------------
label = {}
for g, (name, _, _, _) in codes.items():
    label[g] = name
texts = {}
def text(doc):
    if doc not in texts:
        t = open('%s/%s.txt' % (corpus, doc), encoding='utf-8', newline='').read()
        texts[doc] = t
    return texts[doc]
qc = {}
for doc, p0, p1, code, seltext in con.execute(
        'select s.name, ct.pos0, ct.pos1, cn.name, ct.seltext from code_text ct '
        'join source s on s.id = ct.fid join code_name cn on cn.cid = ct.cid'):
    qc.setdefault((doc_of.get(doc, doc), p0, p1, code), []).append(seltext)
n = same = 0
with open(segs, encoding='utf-8', newline='') as f:
    for s in csv.DictReader(f, delimiter='\t', quoting=csv.QUOTE_NONE):
        n += 1
        t = text(s['document'])
        a, b = int(s['cp_start']), int(s['cp_end'])
        bom = 1 if t.startswith('\ufeff') else 0  # REFI-QDA positions do not count it
        g = str(uuid.uuid5(NS, 'grille:theme:dts-fr:' + s['theme']))
        key = (s['document'], a - bom, b - bom, label[g])
        got = qc.pop(key, [])
        if got == [t[a:b]]:
            same += 1
        else:
            bad.append('coding %r: QualCoder has %r, not %r' % (key, got, t[a:b][:60]))
extra = sum(len(v) for v in qc.values())
print('codings: %d of %d at the same positions with the same code and text; %d more in QualCoder' % (same, n, extra))
if extra:
    bad.append('%d codings in QualCoder that grille did not make' % extra)
for b in bad[:20]:
    print('  ' + b)
sys.exit(1 if bad else 0)

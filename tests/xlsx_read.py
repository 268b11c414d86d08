#!/usr/bin/env python3
"""xlsx_read.py - reads an .xlsx with nothing but zipfile and ElementTree,
so that tests/xlsx.sh checks what grille wrote independently of grille
and of libxlsxwriter: the sheets in order, each cell's value and type
(a number cell has no t attribute and a numeric <v>; text is a shared
or inline string), its number format and whether its font is bold, and
the frozen pane of each sheet.

Used as a module (load(path) -> {sheet name: Sheet}) or from the shell:
    xlsx_read.py FILE             the sheet names, one a line
    xlsx_read.py FILE SHEET       the sheet as TSV: text as is, numbers as
                                  n:VALUE, empty cells empty
"""
import re
import sys
import zipfile
import xml.etree.ElementTree as ET

NS = {"m": "http://schemas.openxmlformats.org/spreadsheetml/2006/main",
      "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
      "rel": "http://schemas.openxmlformats.org/package/2006/relationships"}
# the built-in number formats a test may meet (ECMA-376 18.8.30)
BUILTIN = {0: "General", 1: "0", 2: "0.00", 14: "mm-dd-yy", 21: "h:mm:ss", 46: "[h]:mm:ss"}


class Cell:
    def __init__(self, value, kind, numfmt, bold):
        self.value, self.kind, self.numfmt, self.bold = value, kind, numfmt, bold

    def __repr__(self):
        return "Cell(%r, %s, %r, bold=%s)" % (self.value, self.kind, self.numfmt, self.bold)


class Sheet:
    def __init__(self, name):
        self.name = name
        self.cells = {}          # (row, col) from 0 -> Cell
        self.frozen_rows = 0
        self.widths = {}         # col from 0 -> width

    def cell(self, row, col):
        return self.cells.get((row, col))

    def rows(self):
        """Values row by row, None for an empty cell."""
        if not self.cells:
            return []
        nrows = max(r for r, _ in self.cells) + 1
        ncols = max(c for _, c in self.cells) + 1
        return [[(self.cells[(r, c)].value if (r, c) in self.cells else None) for c in range(ncols)]
                for r in range(nrows)]

    def header(self):
        rows = self.rows()
        return rows[0] if rows else []

    def find_row(self, col, value):
        for r, row in enumerate(self.rows()):
            if col < len(row) and row[col] == value:
                return r
        return None


def col_index(ref):
    letters = re.match(r"[A-Z]+", ref).group(0)
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1, int(ref[len(letters):]) - 1


def load(path):
    z = zipfile.ZipFile(path)
    names = set(z.namelist())
    shared = []
    if "xl/sharedStrings.xml" in names:
        for si in ET.fromstring(z.read("xl/sharedStrings.xml")).findall("m:si", NS):
            shared.append("".join(t.text or "" for t in si.iter("{%s}t" % NS["m"])))
    styles = ET.fromstring(z.read("xl/styles.xml"))
    numfmts = dict(BUILTIN)
    for nf in styles.findall("m:numFmts/m:numFmt", NS):
        numfmts[int(nf.get("numFmtId"))] = nf.get("formatCode")
    fonts = [f.find("m:b", NS) is not None for f in styles.findall("m:fonts/m:font", NS)]
    xfs = [(int(x.get("numFmtId", 0)), int(x.get("fontId", 0))) for x in styles.findall("m:cellXfs/m:xf", NS)]
    rels = {r.get("Id"): r.get("Target") for r in
            ET.fromstring(z.read("xl/_rels/workbook.xml.rels")).findall("rel:Relationship", NS)}
    book = {}
    for s in ET.fromstring(z.read("xl/workbook.xml")).findall("m:sheets/m:sheet", NS):
        sheet = Sheet(s.get("name"))
        target = rels[s.get("{%s}id" % NS["r"])]
        root = ET.fromstring(z.read("xl/" + target.lstrip("/").replace("xl/", "", 1)))
        pane = root.find("m:sheetViews/m:sheetView/m:pane", NS)
        if pane is not None and pane.get("state") == "frozen":
            sheet.frozen_rows = int(float(pane.get("ySplit", "0")))
        for col in root.findall("m:cols/m:col", NS):
            for c in range(int(col.get("min")) - 1, int(col.get("max"))):
                sheet.widths[c] = float(col.get("width"))
        for c in root.iter("{%s}c" % NS["m"]):
            col, row = col_index(c.get("r"))
            t = c.get("t")
            v = c.find("m:v", NS)
            if t == "s":
                value, kind = shared[int(v.text)], "text"
            elif t == "inlineStr":
                value, kind = "".join(x.text or "" for x in c.iter("{%s}t" % NS["m"])), "text"
            elif t in ("str",):
                value, kind = v.text if v is not None else "", "text"
            elif t is None and v is not None:
                value, kind = float(v.text), "number"
            elif t is None:
                continue  # a formatted blank: an empty cell
            else:
                value, kind = v.text if v is not None else None, t
            fmt_id, font = xfs[int(c.get("s", 0))]
            sheet.cells[(row, col)] = Cell(value, kind, numfmts.get(fmt_id, str(fmt_id)), fonts[font])
        book[sheet.name] = sheet
    return book


def main(argv):
    book = load(argv[1])
    if len(argv) == 2:
        for name in book:
            print(name)
        return 0
    sheet = book[argv[2]]
    for row in sheet.rows():
        out = []
        for v in row:
            out.append("" if v is None else ("n:%g" % v if isinstance(v, float) else v))
        print("\t".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

#!/usr/bin/env python3
"""xlsx_check.py DIR - checks the workbooks tests/xlsx.sh wrote into DIR,
read with xlsx_read.py (zipfile and ElementTree only).  The expected
values come from the test transcripts and gold (tests/data), worked out
by hand: ec-test's turn 2 says "Nous, les projets sont financés par
l'ARS et la ville." at 00:00:20; grille codes ars twice where the gold
has it once, so ars's precision is 1/2; the gold never codes regex, so
its recall is 0/0, undefined; minimal-v2.xml adds réseau* to a
sentence of ei-test about "le réseau routier"."""
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import xlsx_read  # noqa: E402

work = sys.argv[1]
passed = failed = 0


def check(cond, what):
    global passed, failed
    if cond:
        passed += 1
    else:
        failed += 1
        print("FAIL: " + what)


def book(name):
    return xlsx_read.load(os.path.join(work, name))


def header_ok(sheet, first, what):
    """A frozen, bold header row that starts with first."""
    h = sheet.header()
    check(h[:len(first)] == first, "%s: header %r" % (what, h[:len(first)]))
    check(sheet.frozen_rows == 1, "%s: the header row is not frozen" % what)
    check(all(sheet.cell(0, c).bold for c in range(len(h))), "%s: the header is not bold" % what)
    check(all(sheet.widths.get(c, 0) >= len(h[c]) for c in range(len(h))),
          "%s: a column is narrower than its header" % what)


# grille code: one sheet of segments
seg = book("segments.xlsx")
check(list(seg) == ["segments"], "code: sheets %r" % list(seg))
s = seg["segments"]
header_ok(s, ["document", "speaker", "unit", "unit_index", "turn", "time", "line", "byte_start", "byte_end",
              "cp_start", "cp_end", "theme", "theme_path", "score", "primary", "rules", "matches", "text"],
          "code")
text = "Nous, les projets sont financés par l'ARS et la ville."
rows = [r for r in s.rows()[1:] if r[17] == text]
check(len(rows) == 2 and sorted(r[11] for r in rows) == ["ars", "proj"], "code: the ec-test sentence on ARS")
r = s.find_row(17, text)
if r is not None:
    check(s.cell(r, 3).kind == "number" and s.cell(r, 3).value == 3, "code: unit_index is not the number 3")
    t = s.cell(r, 5)
    check(t.kind == "number" and abs(t.value * 86400 - 20) < 1e-6 and "h" in t.numfmt and "ss" in t.numfmt,
          "code: the time 00:00:20 is not a time cell: %r" % t)
    check(s.cell(r, 0).kind == "text" and s.cell(r, 0).value == "ec-test", "code: document is not text")
# ei-test has no turn times: an empty cell, not NA or 0
r = s.find_row(0, "ei-test")
check(r is not None and s.cell(r, 5) is None, "code: a missing time is not an empty cell")
check(len(s.rows()) - 1 == int(open(os.path.join(work, "segments.count")).read()),
      "code: not as many segments as in the TSV")

# grille matrix: counts as integers, and share with a number format
m = book("matrix.xlsx")["matrix"]
header_ok(m, ["theme", "label"], "matrix")
r = m.find_row(0, "ars")
check(r is not None and all(m.cell(r, c).kind == "number" and m.cell(r, c).value == int(m.cell(r, c).value)
                            for c in range(2, len(m.header()))), "matrix: the ars row is not integers")
check(m.header()[-1] == "total" and m.cell(r, len(m.header()) - 1).value == 2, "matrix: ars's total is not 2")
sh = book("share.xlsx")["matrix"]
r = sh.find_row(0, "ars")
c = sh.cell(r, 2) if r is not None else None
check(c is not None and c.kind == "number" and c.numfmt == "0.0", "matrix -m share: %r" % (c,))

# grille cooc --jaccard: shares with three decimals
co = book("cooc.xlsx")
check(list(co) == ["jaccard"], "cooc: sheets %r" % list(co))
j = co["jaccard"]
header_ok(j, ["theme", "reseau"], "cooc")
r = j.find_row(0, "ars")
col = j.header().index("proj") if "proj" in j.header() else None
check(r is not None and col is not None and j.cell(r, col).kind == "number" and j.cell(r, col).numfmt == "0.000"
      and 0 < j.cell(r, col).value < 1, "cooc: jaccard of ars and proj is not a share")

# grille eval: the agreement table and the errors
ev = book("eval.xlsx")
check(list(ev) == ["agreement", "errors"], "eval: sheets %r" % list(ev))
a = ev["agreement"]
header_ok(a, ["theme", "label", "gold", "grille", "tp", "fp", "fn", "tn", "precision", "recall", "f1", "kappa"],
          "eval")
r = a.find_row(0, "ars")
p = a.cell(r, 8) if r is not None else None
check(p is not None and p.kind == "number" and p.value == 0.5 and p.numfmt == "0.000",
      "eval: ars's precision is not the number 0.5 shown 0.000: %r" % (p,))
check(r is not None and a.cell(r, 4).value == 1 and a.cell(r, 5).value == 1, "eval: ars tp 1, fp 1")
r = a.find_row(0, "regex")
check(r is not None and a.cell(r, 9) is None, "eval: regex's undefined recall (NA) is not an empty cell")
e = ev["errors"]
header_ok(e, ["error", "theme", "document", "speaker", "line"], "eval errors")
kinds = sorted(row[0] for row in e.rows()[1:])
check(kinds.count("false positive") == 2 and kinds.count("false negative") == 2,
      "eval: errors are not 2 false positives and 2 false negatives: %r" % kinds)

# grille diff: summary and changes
d = book("diff.xlsx")
check(list(d) == ["summary", "changes"], "diff: sheets %r" % list(d))
su = d["summary"]
header_ok(su, ["theme", "label", "old", "new", "gained", "lost"], "diff")
r = su.find_row(0, "reseau")
check(r is not None and [su.cell(r, c).value for c in range(2, 6)] == [1, 2, 1, 0], "diff: reseau 1 -> 2, +1")
ch = d["changes"]
rows = ch.rows()[1:]
check(len(rows) == 1 and rows[0][0] == "gained" and rows[0][1] == "reseau"
      and rows[0][8].startswith("Par contre le réseau routier"), "diff: the change is not the réseau routier")

# grille export -f xlsx: codebook, matrix, matrices by grouping variable, segments
ex = book("export.xlsx")
names = list(ex)
check(names[:3] == ["themes", "rules", "matrix"] and names[-1] == "segments", "export: sheets %r" % names)
check("by type" in names, "export: no matrix by type")
check("by titre" not in names, "export: a matrix by titre (a value per document) is noise")
check(all(len(n) <= 31 and not any(ch in n for ch in "[]:*?/\\") for n in names), "export: bad sheet names")
th = ex["themes"]
header_ok(th, ["theme", "label", "parent", "depth"], "export themes")
r = th.find_row(0, "missions.reseau")
check(r is not None and th.cell(r, 2).value == "missions" and th.cell(r, 3).value == 1,
      "export: missions.reseau is not under missions")
ru = ex["rules"]
header_ok(ru, ["rule", "theme", "kind", "text"], "export rules")
check(any(row[1] == "missions.reseau" and row[3] for row in ru.rows()[1:]), "export: no rule of missions.reseau")
bt = ex["by type"]
check(set(bt.header()[2:-1]) == {"EI", "EC"}, "export: by type's columns %r" % bt.header())
check(len(ex["segments"].rows()) - 1 == int(open(os.path.join(work, "export.count")).read()),
      "export: not as many segments as grille code gives")

print("xlsx: %d passed, %d failed" % (passed, failed))
sys.exit(1 if failed else 0)

#!/usr/bin/env python3
"""Turn hand-coding decisions into the gold TSV, with code-point offsets.

Input: corpora/gold/illustratifs.codes (UTF-8), one decision per line:

    # comment                      (ignored, as are blank lines)
    @ illustratifs/ei-01-cls-petr-rural
    THEMES<TAB>QUOTE
    THEMES<TAB>QUOTE<TAB>OCCURRENCE

- "@ DOCUMENT" sets the current transcript: DOCUMENT is the path relative to
  corpora/ without ".txt"; every following decision belongs to it.
- THEMES is one theme id of codebooks/dts-fr.xml, or several separated by
  commas (one TSV row is written per theme).
- QUOTE is the exact text of the span, copied from the transcript (one
  sentence of respondent speech, or a part of one; never across a line).
  Typographic and straight apostrophes (’ and ') are treated as the same
  character when searching, so a quote may be typed with either; the quote
  written to the TSV is always the file's own text.
- OCCURRENCE (optional, 1-based) picks one occurrence when the quote appears
  more than once in the file. Without it, a quote found twice is an error.

The script fails loudly (exit status 1, message on stderr) on an unknown
document, an unknown theme, a quote not found, an ambiguous quote, a quote
with a tab or newline, or a duplicate (document, theme, span). It then
checks every row: text[start:end] == quote.

Output: corpora/gold/illustratifs.tsv, UTF-8, LF, header
"document  start  end  theme  coder  quote" (tab separated), coder gold-a
unless another CODER is given, sorted by document, start, theme.

Usage: python3 corpora/gold/locate.py [CODES [TSV [CODER]]]   (from anywhere)
       CODER (default gold-a) is written in the coder column; e.g. for the
       second gold (coder gold-b), from the repository root:
       python3 corpora/gold/locate.py corpora/gold/illustratifs-b.codes
           corpora/gold/illustratifs-b.tsv gold-b      (one command line)
"""
import os
import sys
import xml.etree.ElementTree as ET

HERE = os.path.dirname(os.path.abspath(__file__))
CORPORA = os.path.dirname(HERE)
ROOT = os.path.dirname(CORPORA)
CODEBOOK = os.path.join(ROOT, "codebooks", "dts-fr.xml")
CODER = "gold-a"


def die(msg):
    sys.stderr.write("locate.py: error: " + msg + "\n")
    sys.exit(1)


def theme_ids():
    ids = set()
    for el in ET.parse(CODEBOOK).getroot().iter():
        if el.tag.split("}")[-1] == "theme" and el.get("id"):
            ids.add(el.get("id"))
    return ids


def norm(s):
    # one code point for one code point: offsets are unchanged
    return s.replace("\u2019", "'")


def find_all(hay, needle):
    out, i = [], hay.find(needle)
    while i != -1:
        out.append(i)
        i = hay.find(needle, i + 1)
    return out


def main():
    codes = sys.argv[1] if len(sys.argv) > 1 else os.path.join(HERE, "illustratifs.codes")
    tsv = sys.argv[2] if len(sys.argv) > 2 else os.path.join(HERE, "illustratifs.tsv")
    coder = sys.argv[3] if len(sys.argv) > 3 else CODER
    themes = theme_ids()
    texts, rows, seen = {}, [], set()
    doc = None
    with open(codes, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            line = line.rstrip("\n")
            where = "%s:%d" % (os.path.basename(codes), n)
            if not line.strip() or line.startswith("#"):
                continue
            if line.startswith("@"):
                doc = line[1:].strip()
                path = os.path.join(CORPORA, doc + ".txt")
                if not os.path.isfile(path):
                    die("%s: no transcript %s" % (where, path))
                if doc not in texts:
                    with open(path, encoding="utf-8", newline="") as t:
                        texts[doc] = t.read()
                continue
            if doc is None:
                die("%s: decision before any '@ document' line" % where)
            parts = line.split("\t")
            if len(parts) not in (2, 3):
                die("%s: expected THEMES<TAB>QUOTE[<TAB>OCCURRENCE], got %d fields" % (where, len(parts)))
            quote = parts[1]
            if not quote or quote != quote.strip():
                die("%s: empty quote or quote with leading/trailing spaces" % where)
            occ = None
            if len(parts) == 3:
                try:
                    occ = int(parts[2])
                except ValueError:
                    die("%s: occurrence %r is not an integer" % (where, parts[2]))
            text = texts[doc]
            hits = find_all(norm(text), norm(quote))
            if not hits:
                die("%s: quote not found in %s: %r" % (where, doc, quote))
            if occ is None:
                if len(hits) > 1:
                    die("%s: quote found %d times in %s (add an occurrence): %r" % (where, len(hits), doc, quote))
                start = hits[0]
            else:
                if not 1 <= occ <= len(hits):
                    die("%s: occurrence %d asked, %d found: %r" % (where, occ, len(hits), quote))
                start = hits[occ - 1]
            end = start + len(quote)
            real = text[start:end]
            if "\t" in real or "\n" in real or "\r" in real:
                die("%s: quote crosses a line or holds a tab: %r" % (where, quote))
            for th in parts[0].split(","):
                th = th.strip()
                if th not in themes:
                    die("%s: unknown theme %r" % (where, th))
                key = (doc, start, end, th)
                if key in seen:
                    die("%s: duplicate decision %r" % (where, key))
                seen.add(key)
                rows.append((doc, start, end, th, coder, real))
    rows.sort(key=lambda r: (r[0], r[1], r[3]))
    # final check: every row's offsets give back its quote
    for r in rows:
        if texts[r[0]][r[1]:r[2]] != r[5]:
            die("offset check failed: %r" % (r,))
    with open(tsv, "w", encoding="utf-8", newline="\n") as out:
        out.write("document\tstart\tend\ttheme\tcoder\tquote\n")
        for r in rows:
            out.write("%s\t%d\t%d\t%s\t%s\t%s\n" % r)
    sys.stderr.write("locate.py: %d rows from %d documents written to %s\n"
                     % (len(rows), len({r[0] for r in rows}), tsv))


if __name__ == "__main__":
    main()

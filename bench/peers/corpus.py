#!/usr/bin/python3
"""corpus.py - makes the corpus of bench/peers.sh: French prose from Debian's
French documentation packages, as plain UTF-8 text cut into files.

The recipe, deterministic (the same packages give the same bytes):
 1. the sources, in this order, each list sorted by path (C locale):
    - the French manual pages (manpages-fr, manpages-fr-dev: every regular
      file under /usr/share/man/fr/man*/, the ".so" redirections left out),
      rendered by groff (-k -t -mandoc -Tutf8, 78 columns, no hyphenation,
      no bold or underline) then "col -bx";
    - the plain-text editions of the Debian reference, the developers'
      reference, the new maintainers' guide and the FAQ (*.txt.gz);
    - the HTML manual of aptitude (aptitude-doc-fr), tags stripped, the text
      of each block on its own line, scripts and styles dropped;
 2. each source decoded as UTF-8 (an invalid byte becomes U+FFFD), trailing
    blanks removed, runs of blank lines made one, the sources joined with
    a blank line: the "pool" (its SHA-256 is printed);
 3. the pool is read from the start, again and again if need be, and cut at
    line ends into FILES files of at least SIZE/FILES bytes each,
    peers-000.txt, peers-001.txt..., each opening on the three lines
    "---", "turns: none", "---" (a header that tells grille the text has
    no speaker turns; the other tools read it as three more lines) (the
    pool is about 15 MB: a 100 MB corpus reads it about seven times).

Usage: corpus.py OUTDIR [TOTAL_BYTES [FILES]]  (default 100000000, 100)
Prints: pool bytes, pool sha256, corpus bytes, corpus sha256 (of the files
concatenated in name order).
"""
import glob
import gzip
import hashlib
import html.parser
import os
import re
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

TEXTS = [
    "/usr/share/debian-reference/debian-reference.fr.txt.gz",
    "/usr/share/developers-reference/fr/developers-reference.txt.gz",
    "/usr/share/doc/maint-guide-fr/maint-guide.fr.txt.gz",
    "/usr/share/doc/debian/FAQ/debian-faq.fr.txt.gz",
]
HTML_GLOB = "/usr/share/doc/aptitude/html/fr/*.html"
MAN_GLOB = "/usr/share/man/fr/man*/*"
HEADER = b"---\nturns: none\n---\n"
ENV = dict(os.environ, LC_ALL="C.UTF-8", LANG="C.UTF-8")


def read_maybe_gz(path):
    with open(path, "rb") as f:
        data = f.read()
    return gzip.decompress(data) if path.endswith(".gz") else data


def render_man(path):
    """groff then col -bx, as man(1) would for a terminal of 78 columns."""
    src = read_maybe_gz(path)
    if re.match(rb"\s*\.so\s", src) and src.count(b"\n") <= 2:
        return ""  # a redirection to another page, rendered on its own
    groff = subprocess.run(
        ["groff", "-k", "-Kutf-8", "-t", "-mandoc", "-Tutf8", "-P-cbou",
         "-rLL=78n", "-rHY=0"],
        input=src, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=ENV)
    col = subprocess.run(["col", "-bx"], input=groff.stdout,
                         stdout=subprocess.PIPE, env=ENV, check=True)
    return col.stdout.decode("utf-8", "replace")


class Stripper(html.parser.HTMLParser):
    """The text of an HTML page, a line per block; scripts and styles out."""
    BLOCKS = {"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5",
              "h6", "pre", "dt", "dd", "table", "title", "blockquote"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.skip = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style"):
            self.skip += 1
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self.skip = max(0, self.skip - 1)
        elif tag in self.BLOCKS:
            self.out.append("\n")

    def handle_data(self, data):
        if not self.skip:
            self.out.append(data)


def strip_html(path):
    p = Stripper()
    p.feed(read_maybe_gz(path).decode("utf-8", "replace"))
    p.close()
    # inside a block, HTML whitespace is one space
    return "\n".join(" ".join(l.split()) for l in "".join(p.out).split("\n"))


def tidy(text):
    lines = [l.rstrip() for l in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n") + "\n"


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000_000
    nfiles = int(sys.argv[3]) if len(sys.argv) > 3 else 100
    mans = sorted(p for p in glob.glob(MAN_GLOB)
                  if os.path.isfile(p) and not os.path.islink(p))
    pages = sorted(glob.glob(HTML_GLOB))
    missing = [p for p in TEXTS if not os.path.exists(p)]
    if not mans or not pages or missing:
        sys.exit("corpus.py: French documentation missing (bench/peers-deps.sh"
                 " installs it): " + " ".join(missing or
                 [MAN_GLOB if not mans else HTML_GLOB]))
    with ThreadPoolExecutor(os.cpu_count()) as ex:  # map keeps the order
        parts = list(ex.map(render_man, mans))
    parts += [read_maybe_gz(p).decode("utf-8", "replace") for p in TEXTS]
    parts += [strip_html(p) for p in pages]
    pool = "\n".join(tidy(p) for p in parts if p.strip()).encode("utf-8")
    print("pool bytes", len(pool))
    print("pool sha256", hashlib.sha256(pool).hexdigest())
    # cut at line ends, going round the pool as often as needed
    os.makedirs(out, exist_ok=True)
    per, pos, h, written = total // nfiles, 0, hashlib.sha256(), 0
    for i in range(nfiles):
        chunk = HEADER
        while len(chunk) < per:
            end = pool.find(b"\n", min(pos + per - len(chunk), len(pool)) - 1)
            end = len(pool) if end < 0 else end + 1
            chunk += pool[pos:end]
            pos = 0 if end >= len(pool) else end
        with open(os.path.join(out, "peers-%03d.txt" % i), "wb") as f:
            f.write(chunk)
        h.update(chunk)
        written += len(chunk)
    print("corpus bytes", written)
    print("corpus sha256", h.hexdigest())


if __name__ == "__main__":
    main()

#!/usr/bin/python3
"""count.py - the Python peer of bench/peers.sh: counts, per file and per
theme, the words of the text that a dictionary entry matches, with the
standard library only (re tokenisation, then dictionary look-ups).

A token is a run of word characters, hyphens inside it kept ("l'ARS" gives
"l" and "ars", "co-construction" one token), lower-cased.  A word entry
matches the token equal to it, a glob ("partenari*") every token it
prefixes.  A theme's count is the number of tokens one of its entries
matches; the total, the tokens any entry matches.
Usage: count.py DICTIONARY OUT.tsv FILE...   (writes file, theme, count)
"""
import collections
import re
import sys

TOKEN = re.compile(r"\w+(?:-\w+)*")


def load(path):
    words, prefixes = collections.defaultdict(set), collections.defaultdict(set)
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                theme, entry = line.rstrip("\n").split("\t")
                if entry.endswith("*"):
                    prefixes[entry[:-1]].add(theme)
                else:
                    words[entry].add(theme)
    return words, prefixes


def main():
    words, prefixes = load(sys.argv[1])
    lengths = sorted({len(p) for p in prefixes})
    themes_of = {}  # token -> the themes its entries belong to, looked up once

    def lookup(tok):
        found = set(words.get(tok, ()))
        for n in lengths:
            if n > len(tok):
                break
            found |= prefixes.get(tok[:n], set())
        return frozenset(found)

    total, per_theme = 0, collections.Counter()
    with open(sys.argv[2], "w", encoding="utf-8") as out:
        for path in sys.argv[3:]:
            with open(path, encoding="utf-8") as f:
                tokens = collections.Counter(TOKEN.findall(f.read().lower()))
            counts = collections.Counter()
            for tok, n in tokens.items():
                themes = themes_of.get(tok)
                if themes is None:
                    themes = themes_of[tok] = lookup(tok)
                if themes:
                    total += n
                    for t in themes:
                        counts[t] += n
            for t in sorted(counts):
                out.write("%s\t%s\t%d\n" % (path, t, counts[t]))
            per_theme.update(counts)
    print("total %d  %s" % (total, " ".join(
        "%s=%d" % (t, per_theme[t]) for t in sorted(per_theme))))


if __name__ == "__main__":
    main()

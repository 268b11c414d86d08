#!/usr/bin/python3
"""hits.py - from the JSON lines of `grille code -f jsonl` with the codebook
of codebook.py, the words the dictionary matches, as the other peers count
them: a theme's count is the number of distinct word positions its rules hit
(a word two globs of a theme match counts once), the total the positions
any theme hits.
Usage: hits.py OUT.jsonl
"""
import collections
import json
import sys

total, per_theme = set(), collections.defaultdict(set)
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        unit = json.loads(line)
        for hit in unit["hits"]:
            where = (unit["document"], hit["byte_start"])
            total.add(where)
            per_theme[unit["theme"]].add(where)
print("total %d  %s" % (len(total), " ".join(
    "%s=%d" % (t, len(per_theme[t])) for t in sorted(per_theme))))

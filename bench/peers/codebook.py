#!/usr/bin/python3
"""codebook.py - writes the grille codebook of bench/peers/dictionary.txt:
a theme per theme of the dictionary, a <word> rule per word or glob, and
settings that make grille count what the peers count: every word of every
speaker (a plain text has none), no short-answer or hesitation handling.
Usage: python3 bench/peers/codebook.py bench/peers/dictionary.txt > peers.xml
"""
import sys
from xml.sax.saxutils import escape

themes = {}  # theme -> entries, in the dictionary's order
with open(sys.argv[1], encoding="utf-8") as f:
    for line in f:
        if line.strip() and not line.startswith("#"):
            theme, entry = line.rstrip("\n").split("\t")
            themes.setdefault(theme, []).append(entry)
print('<?xml version="1.0" encoding="UTF-8"?>')
print('<codebook xmlns="urn:grille:codebook:1" id="peers" xml:lang="fr">')
print("  <title>bench/peers dictionary</title>")
print("  <settings><unit>sentence</unit><speakers>all</speakers>"
      "<case-folding>true</case-folding><accent-folding>false</accent-folding>"
      "<min-hits>1</min-hits><short-answers>0</short-answers>"
      "<hesitations></hesitations></settings>")
for theme, entries in themes.items():
    print('  <theme id="%s" label="%s">' % (theme, theme))
    for e in entries:
        print("    <word>%s</word>" % escape(e))
    print("  </theme>")
print("</codebook>")

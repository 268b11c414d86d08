#!/usr/bin/env python3
"""verify_offsets.py JSONL ROOT: checks, independently of grille, that every
coded segment and hit of a `grille code -f jsonl` output finds its text again
in the original file, by bytes and by code points."""
import json, os, sys

def main():
    jsonl, root = sys.argv[1], sys.argv[2]
    cache, n = {}, 0
    for line in open(jsonl, encoding="utf-8"):
        seg = json.loads(line)
        doc = seg["document"]
        if doc not in cache:
            path = next(os.path.join(d, f) for d, _, fs in os.walk(root) for f in fs
                        if os.path.join(d, f)[len(root):].lstrip("/").removesuffix(".txt") == doc
                        or f.removesuffix(".txt") == doc)
            raw = open(path, "rb").read()
            cache[doc] = (raw, raw.decode("utf-8"))
        raw, text = cache[doc]
        for span in [seg] + seg["hits"]:
            t = span["text"]
            b = raw[span["byte_start"]:span["byte_end"]].decode("utf-8")
            c = text[span["cp_start"]:span["cp_end"]]
            if not (b == t == c):
                print(f"{doc}: offsets do not give back {t!r}: bytes {b!r}, code points {c!r}")
                return 1
            n += 1
    print(f"verify_offsets: {n} spans found again by bytes and code points")
    return 0

sys.exit(main())

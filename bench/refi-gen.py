#!/usr/bin/env python3
"""refi-gen.py - writes hostile but valid REFI-QDA projects (.qdpx) to time
`grille import qdpx` on sizes where a quadratic path shows.

  refi-gen.py OUT.qdpx [--text-mb 10] [--selections 4000]
              [--order reverse|forward] [--sources 1] [--shared]
              [--users 1] [--codes 1] [--same-name] [--mixed-case]

--order reverse  selections listed from the end of the text back to its
                 start (a walk that restarts from 0 on each goes quadratic)
--sources K      K TextSources; --shared: all of them point at one ZIP
                 entry (an importer that inflates per source reads it K times)
--users N        N users, the codings spread over them (a linear user
                 lookup per coding goes N x selections)
--codes N        N codes, all named alike with --same-name (suffixes
                 probed one by one go N^2)
--mixed-case     plainTextPath in upper case, the entries in lower case (a
                 case-insensitive entry lookup scans every entry per source)

The text is French with accents and typographic apostrophes, so code
points and bytes differ.  Selections are 40 code points long, spread evenly
over each source.  Everything is deterministic."""
import argparse
import uuid
import zipfile

NS = uuid.UUID("bed3988f-8577-5c26-b72e-678a51a664fa")
LINE = "Le réseau des acteurs, c’est le cœur du poste : on se réunit à l’ARS. "


def guid(*parts):
    return str(uuid.uuid5(NS, "refi-gen:" + ":".join(map(str, parts))))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--text-mb", type=float, default=10)
    ap.add_argument("--selections", type=int, default=4000)
    ap.add_argument("--order", choices=("reverse", "forward"), default="reverse")
    ap.add_argument("--sources", type=int, default=1)
    ap.add_argument("--shared", action="store_true")
    ap.add_argument("--users", type=int, default=1)
    ap.add_argument("--codes", type=int, default=1)
    ap.add_argument("--same-name", action="store_true")
    ap.add_argument("--mixed-case", action="store_true")
    a = ap.parse_args()

    reps = max(1, int(a.text_mb * 1e6 / len(LINE.encode())))
    text = LINE * reps
    ncp = len(text)
    codes = [guid("code", i) for i in range(a.codes)]
    users = [guid("user", i) for i in range(a.users)]
    out = ['<?xml version="1.0" encoding="UTF-8"?>',
           '<Project xmlns="urn:QDA-XML:project:1.0" name="refi-gen" origin="refi-gen" '
           'creatingUserGUID="%s">' % users[0], "<Users>"]
    out += ['<User guid="%s" name="u%d"/>' % (u, i) for i, u in enumerate(users)]
    out += ["</Users>", "<CodeBook><Codes>"]
    out += ['<Code guid="%s" name="%s" isCodable="true"/>' % (c, "thème" if a.same_name else "thème %d" % i)
            for i, c in enumerate(codes)]
    out += ["</Codes></CodeBook>", "<Sources>"]
    entries = {}
    per = max(1, a.selections // a.sources)
    k = 0
    for s in range(a.sources):
        sg = guid("source", 0 if a.shared else s)
        entries["sources/%s.txt" % sg] = text
        path = "internal://%s.txt" % (sg.upper() if a.mixed_case else sg)
        out.append('<TextSource guid="%s" name="doc-%d" plainTextPath="%s">' % (guid("ts", s), s, path))
        step = max(1, (ncp - 40) // per)
        starts = [i * step for i in range(per) if i * step + 40 <= ncp]
        if a.order == "reverse":
            starts.reverse()
        for p in starts:
            out.append('<PlainTextSelection guid="%s" startPosition="%d" endPosition="%d">'
                       '<Coding guid="%s" creatingUser="%s"><CodeRef targetGUID="%s"/></Coding>'
                       "</PlainTextSelection>"
                       % (guid("sel", k), p, p + 40, guid("coding", k), users[k % len(users)],
                          codes[k % len(codes)]))
            k += 1
        out.append("</TextSource>")
    out += ["</Sources>", "</Project>"]
    with zipfile.ZipFile(a.out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("project.qde", "\n".join(out) + "\n")
        for name, t in entries.items():
            z.writestr(name, t)


if __name__ == "__main__":
    main()

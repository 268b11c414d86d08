#!/usr/bin/env python3
"""make-fixtures.py - writes the timed fixtures of ei-01 (called by
make-fixtures.sh; standard library only).

From corpora/illustratifs/ei-01-cls-petr-rural.txt it builds one word
timeline (about 2.5 words a second, short gaps, a few longer silences) and
writes, in the way each tool does:

  ei-01.vtt             WebVTT as a subtitle/transcription tool writes it
  ei-01.srt             SubRip (Subtitle Edit style: UTF-8 BOM, CRLF)
  ei-01-whisperx.json   WhisperX JSON (whisperx/utils.py WriteJSON)
  ei-01-noscribe.html   noScribe HTML transcript (noScribe.py, vers. 0.7)
  ei-01-noscribe.vtt    noScribe WebVTT export (html_to_webvtt, vers. 0.7)
  variables.csv         the variables table for the files without a header

No audio and no model is involved: WhisperX and noScribe cannot run here,
so this script reproduces their writers' output structure, documented in
README.md with the sources read.  Everything is deterministic (fixed seed).

usage: make-fixtures.py SOURCE.txt OUTDIR
"""
import csv
import html
import io
import json
import os
import random
import re
import sys

SPEAKER_IDS = {"Enquêtrice": "SPEAKER_00", "Coordinatrice": "SPEAKER_01"}
VARIABLES = ["titre", "type", "dispositif", "territoire", "echelle", "role", "date"]
AUDIO = "C:/Users/camille.besson/Documents/These/Terrain/audio/ei-01-cls-petr-rural.m4a"

# WhisperX lists every word of a segment in "words" (and all of them again in
# "word_segments"): about 300 KB for ei-01.  To keep the fixture small, only
# the first WORDS_KEPT words of each segment are written (None: all of them).
WORDS_KEPT = 5

# Longer silences (seconds) before a turn (index in the turn list): noScribe
# marks them "(.)", "(..)", "(12 secondes pause)".
TURN_SILENCE = {4: 1.3, 9: 2.2, 21: 12.4}
# ... and before one word inside a turn: (turn, paragraph, word) -> seconds.
# The word is "(pause)" in "Ah, c'est… (pause) c'est un peu le nœud".
WORD_SILENCE_TOKEN = "(pause)"
WORD_SILENCE = 3.1


# ---------------------------------------------------------------- parsing

def parse(path):
    """Front matter and turns of a grille .txt transcript.  A line without
    a known label continues the previous turn (a new paragraph)."""
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    if lines[-1] == "":
        lines.pop()
    assert lines[0] == "---", "no front matter"
    end = lines.index("---", 1)
    meta = {}
    for line in lines[1:end]:
        k, v = line.split(": ", 1)
        meta[k] = v
    labels = [x.strip() for x in meta["interviewers"].split(",")] + ["Coordinatrice"]
    turns = []
    for line in lines[end + 1:]:
        if not line.strip():
            continue
        m = re.match(r"^(.{1,40}?) : (.*)$", line)
        if m and m.group(1) in labels:
            turns.append({"speaker": m.group(1), "paras": [m.group(2)]})
        else:
            turns[-1]["paras"].append(line)
    for t in turns:
        for p in t["paras"]:
            assert p == p.strip() and "  " not in p, repr(p)
    return meta, turns


# ---------------------------------------------------------------- timeline

def has_letter(w):
    return any(c.isalpha() for c in w)


def punct_only(w):
    return not any(c.isalnum() for c in w)


def build_timeline(turns, rng):
    """Every word gets (start, end) in seconds.  Returns a list of tokens:
    dict(word, start, end, turn, para, idx, silence_before)."""
    toks = []
    t = 1.2
    for ti, turn in enumerate(turns):
        if ti > 0:  # the silence between two turns counts from the last word
            t = toks[-1]["end"] + TURN_SILENCE.get(ti, rng.uniform(0.35, 0.85))
        for pi, para in enumerate(turn["paras"]):
            if pi > 0:
                t = toks[-1]["end"] + rng.uniform(0.6, 0.8)
            for wi, w in enumerate(para.split(" ")):
                silence = 0.0
                if w == WORD_SILENCE_TOKEN:
                    silence = WORD_SILENCE
                    t = toks[-1]["end"] + silence
                if has_letter(w) or any(c.isdigit() for c in w):
                    n = sum(c.isalnum() for c in w)
                    dur = max(0.12, (0.08 + 0.042 * n) * rng.uniform(0.85, 1.15))
                else:
                    dur = 0.0
                start, end = t, t + dur
                toks.append(dict(word=w, start=start, end=end, turn=ti, para=pi,
                                 idx=wi, silence=silence,
                                 turn_silence=(ti in TURN_SILENCE and pi == 0 and wi == 0)))
                t = end + (rng.uniform(0.03, 0.09) if dur else 0.0)
                if w.endswith((",", ";", ":")) or w in ("–",):
                    t += rng.uniform(0.12, 0.25)
                elif w.endswith((".", "?", "!", "…")):
                    t += rng.uniform(0.30, 0.60)
    return toks


def fmt_time(sec, sep="."):
    ms = int(round(sec * 1000))
    h, ms = divmod(ms, 3600000)
    m, ms = divmod(ms, 60000)
    s, ms = divmod(ms, 1000)
    return "%02d:%02d:%02d%s%03d" % (h, m, s, sep, ms)


def paragraphs(toks):
    """Groups the tokens by (turn, paragraph)."""
    out = []
    for tok in toks:
        if not out or (out[-1][0]["turn"], out[-1][0]["para"]) != (tok["turn"], tok["para"]):
            out.append([])
        out[-1].append(tok)
    return out


def sentence_end(words, i):
    """Punkt-like sentence boundary after words[i] ('?' and '!' always,
    '.' before a capital or '(' ; never after 'M.' ; '…' is not a
    sentence end for Punkt)."""
    w = words[i]
    if i + 1 >= len(words):
        return True
    nxt = words[i + 1]
    if w.endswith(("?", "!")):
        return True
    if w.endswith(".") and w != "M.":
        first = next((c for c in nxt if c.isalpha() or c == "("), "")
        return first == "(" or first.isupper()
    return False


# ---------------------------------------------------------------- subtitles

def _can_cut(words, i):
    """May a cue end after words[i]?  Not before a punctuation-only word
    ("?", ":", "…"), nor after "«" or "–"."""
    if i + 1 >= len(words):
        return True
    nxt = words[i + 1]
    if punct_only(nxt) and nxt not in ("–", "«"):
        return False
    return words[i] not in ("«", "–")


def _chunks(sent):
    """Cuts a sentence longer than a cue into balanced chunks, preferably
    after a comma."""
    words = [t["word"] for t in sent]
    chars = len(" ".join(words))
    k = max(-(-len(words) // 13), -(-chars // 80))
    if k <= 1:
        return [sent]
    out, start = [], 0
    for j in range(1, k):
        target = round(len(words) * j / k) - 1
        cands = [i for i in range(max(start + 3, target - 3), min(len(words) - 3, target + 4))
                 if _can_cut(words, i)]
        if not cands:
            continue
        commas = [i for i in cands if words[i].endswith(",")]
        pool = commas or cands
        cut = min(pool, key=lambda i: abs(i - target))
        out.append(sent[start:cut + 1])
        start = cut + 1
    out.append(sent[start:])
    # a chunk still too long is halved where it can be cut
    done = []
    while out:
        ch = out.pop(0)
        words = [t["word"] for t in ch]
        if len(words) <= 14 and len(" ".join(words)) <= 84:
            done.append(ch)
            continue
        mid = len(words) // 2
        cut = min((i for i in range(2, len(words) - 2) if _can_cut(words, i)),
                  key=lambda i: abs(i + 1 - mid))
        out[:0] = [ch[:cut + 1], ch[cut + 1:]]
    return done


def cues(toks):
    """Subtitle cues: whole sentences packed up to 14 words / 84 characters,
    a longer sentence cut into balanced chunks (after a comma where one is
    near), always at a word boundary, never before "?" or ":" nor after
    "«"; never across a paragraph or a long silence."""
    out = []
    for para in paragraphs(toks):
        words = [t["word"] for t in para]
        sents, cur = [], []
        for i, tok in enumerate(para):
            if cur and tok["silence"]:
                sents.append(cur)
                cur = []
            cur.append(tok)
            ell = (words[i].endswith("…") and i + 1 < len(words)
                   and words[i + 1][:1].isupper())
            if (sentence_end(words, i) or ell) and _can_cut(words, i):
                sents.append(cur)
                cur = []
        if cur:
            sents.append(cur)
        cue = []
        for s in sents:
            chunks = _chunks(s)
            if cue and len(chunks) > 1:  # a cut sentence starts its own cue
                out.append(cue)
                cue = []
            for ch in chunks:
                n = len(cue) + len(ch)
                chars = len(" ".join(t["word"] for t in cue + ch))
                if cue and (n > 14 or chars > 84 or ch[0]["silence"]):
                    out.append(cue)
                    cue = []
                cue = cue + ch
        if cue:
            out.append(cue)
    return out


def wrap2(text, width=42):
    """Two lines of about equal length when the text is longer than width,
    cut at the space nearest the middle (not before a punctuation-only
    word)."""
    if len(text) <= width:
        return [text]
    words = text.split(" ")
    best = None
    for i in range(1, len(words)):
        if punct_only(words[i]) and words[i] not in ("–",):
            continue
        a, b = " ".join(words[:i]), " ".join(words[i:])
        score = max(len(a), len(b))
        if best is None or score < best[0]:
            best = (score, a, b)
    return [best[1], best[2]] if best else [text]


def write_vtt(path, turns, cue_list):
    out = ["WEBVTT", "",
           "NOTE",
           "Entretien ei-01, transcription relue par l'enquêtrice le 14/02/2025.",
           "Locutrices : Enquêtrice, Coordinatrice. Horodatage de la première passe.",
           ""]
    loud_done = False
    for cue in cue_list:
        spk = turns[cue[0]["turn"]]["speaker"]
        text = " ".join(t["word"] for t in cue)
        lines = wrap2(text)
        tag = "v"
        if not loud_done and spk == "Coordinatrice" and text.startswith("(rires) Ça, c'est la question piège."):
            tag, loud_done = "v.loud", True
        out.append("%s --> %s" % (fmt_time(cue[0]["start"]), fmt_time(cue[-1]["end"])))
        body = "\n".join(lines)
        out.append("<%s %s>%s</v>" % (tag, spk, body))
        out.append("")
    assert loud_done
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write("\n".join(out))


def write_srt(path, turns, cue_list):
    out = []
    italic_done = False
    for n, cue in enumerate(cue_list, 1):
        spk = turns[cue[0]["turn"]]["speaker"]
        text = "%s: %s" % (spk, " ".join(t["word"] for t in cue))
        lines = wrap2(text)
        if not italic_done and "(rires)" in text and spk == "Coordinatrice":
            lines = [l.replace("(rires)", "<i>(rires)</i>", 1) for l in lines]
            italic_done = True
        out.append(str(n))
        out.append("%s --> %s" % (fmt_time(cue[0]["start"], ","), fmt_time(cue[-1]["end"], ",")))
        out.extend(lines)
        out.append("")
    assert italic_done
    with open(path, "w", encoding="utf-8-sig", newline="\r\n") as f:
        f.write("\n".join(out) + "\n")


# ---------------------------------------------------------------- ASR segments

def asr_segments(toks, max_words, max_sec):
    """faster-whisper-like segments: sentences grouped up to max_words words
    or max_sec seconds, never across a turn or a long silence.  Within a
    turn they run across paragraphs (the audio has no paragraphs)."""
    out = []
    by_turn = []
    for tok in toks:
        if not by_turn or by_turn[-1][0]["turn"] != tok["turn"]:
            by_turn.append([])
        by_turn[-1].append(tok)
    for turn in by_turn:
        words = [t["word"] for t in turn]
        # sentence spans
        sents, cur = [], []
        for i, tok in enumerate(turn):
            if cur and tok["silence"]:
                sents.append(cur)
                cur = []
            cur.append(tok)
            para_end = i + 1 < len(turn) and turn[i + 1]["para"] != tok["para"]
            if sentence_end(words, i) or para_end or i + 1 == len(turn):
                sents.append(cur)
                cur = []
        if cur:
            sents.append(cur)
        seg = []
        for s in sents:
            if seg and (s[0]["silence"] or len(seg) + len(s) > max_words
                        or s[-1]["end"] - seg[0]["start"] > max_sec):
                out.append(seg)
                seg = []
            seg = seg + s
        if seg:
            out.append(seg)
    return out


def split_sentences(seg):
    words = [t["word"] for t in seg]
    out, cur = [], []
    for i, tok in enumerate(seg):
        cur.append(tok)
        if sentence_end(words, i) or i + 1 == len(seg):
            out.append(cur)
            cur = []
    return out


def r3(x):
    return round(x, 3)


def write_whisperx(path, turns, toks, rng):
    """The JSON of `whisperx --diarize --output_format json`: align() splits
    each ASR segment into sentences (Punkt spans: the first keeps Whisper's
    leading space, the next ones start at their first word), gives every
    word start/end/score when it has a character of the alignment model's
    dictionary (here: a letter; "?", "–" and numbers get none), then
    assign_word_speakers() adds "speaker" to segments and to timed words;
    word_segments lists the same word objects; the CLI then sets
    result["language"]; WriteJSON dumps with ensure_ascii=False."""
    segments, word_segments = [], []
    for seg in asr_segments(toks, 40, 28.0):
        spk = SPEAKER_IDS[turns[seg[0]["turn"]]["speaker"]]
        for k, sent in enumerate(split_sentences(seg)):
            text = " ".join(t["word"] for t in sent)
            if k == 0:
                text = " " + text
            words = []
            for t in sent:
                w = {"word": t["word"]}
                if has_letter(t["word"]):
                    w["start"] = r3(t["start"])
                    w["end"] = r3(t["end"])
                    w["score"] = r3(min(0.999, max(0.05, rng.gauss(0.78, 0.14))))
                    w["speaker"] = spk
                words.append(w)
            timed = [w for w in words if "start" in w]
            if WORDS_KEPT is not None:
                words = words[:WORDS_KEPT]
            segments.append({"start": timed[0]["start"], "end": timed[-1]["end"],
                             "text": text, "words": words, "speaker": spk})
            word_segments.extend(words)
    result = {"segments": segments, "word_segments": word_segments, "language": "fr"}
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        json.dump(result, f, ensure_ascii=False)
    return segments


# ---------------------------------------------------------------- noScribe

NOSCRIBE_HEAD = """<!DOCTYPE HTML PUBLIC "-//W3C//DTD HTML 4.0//EN" "http://www.w3.org/TR/REC-html40/strict.dtd">
<html >
<head >
<meta charset="UTF-8" />
<meta name="qrichtext" content="1" />
<style type="text/css" >
p, li { white-space: pre-wrap; }
</style>
<style type="text/css" > 
 p { font-size: 0.9em; } 
 .MsoNormal { font-family: "Arial"; font-weight: 400; font-style: normal; font-size: 0.9em; }
 @page WordSection1 {mso-line-numbers-restart: continuous; mso-line-numbers-count-by: 1; mso-line-numbers-start: 1; }
 div.WordSection1 {page:WordSection1;} 
</style>
<meta name="audio_source" content="%s" /></head>
<body style="font-family: 'Arial'; font-weight: 400; font-style: normal" > <div class="WordSection1" >"""

NOSCRIBE_VERSION = "0.7"


def noscribe_options(pause):
    return ("Language: French (fr) | Speaker detection: auto | Overlapping speech: 0 | "
            "Timestamps: 0 | Disfluencies: 1 | Mark pause: %d" % pause)


def ms10(sec):
    """faster-whisper word timestamps come in 20 ms steps; noScribe writes
    round(seconds * 1000)."""
    return int(round(sec * 100)) * 10


def noscribe_segments(turns, toks):
    segs = []
    for seg in asr_segments(toks, 24, 14.0):
        segs.append({"speaker": turns[seg[0]["turn"]]["speaker"],
                     "start": ms10(seg[0]["start"]), "end": ms10(seg[-1]["end"]),
                     "text": " " + " ".join(t["word"] for t in seg)})
    return segs


def pause_mark(gap_ms):
    """noScribe's on_segment(): pause_len = round(gap / 1000) seconds;
    >= 60: '(N minute[s] pause)', >= 10: '(N secondes pause)' (fr
    translation), else '(' + '.' * N + ')'."""
    n = round(gap_ms / 1000)
    if n >= 60:
        return " (%d minute[s] pause)" % round(n / 60)
    if n >= 10:
        return " (%d secondes pause)" % n
    return " (" + "." * n + ")"


def write_noscribe_html(path, segs):
    """Mirrors noScribe.py (0.6/0.7) on_segment() with speaker detection,
    'Mark pause' = 1 s, no timestamps, no overlapping speech, and speaker
    names given (they replace S00/S01 in labels and anchors)."""
    body = []
    title = os.path.splitext(os.path.basename(AUDIO))[0]
    body.append('<p style="font-weight: 600" >%s</p>' % title)
    body.append('<p ><span style="color: #909090; font-size: 0.8em" >Transcrit avec noScribe vers. %s'
                '<br />Fichier audio : %s<br />(%s)</span></p>'
                % (NOSCRIBE_VERSION, AUDIO, html.escape(noscribe_options(1))))
    p = []          # the open paragraph's anchors
    paras = []
    speaker = ""
    last_end = 0
    first = True
    for seg in segs:
        start, end = seg["start"], seg["end"]
        if start - last_end >= 1000:
            mark = pause_mark(start - last_end)
            if first:
                mark = mark.lstrip() + " "
            p.append('<a name="ts_%d_%d_%s" >%s</a>' % (last_end, start, speaker, mark))
        last_end = end
        seg_text = seg["text"]
        if seg["speaker"] != speaker:
            paras.append(p)
            p = []
            speaker = seg["speaker"]
            seg_html = html.escape("%s:%s" % (speaker, seg_text))
        else:
            seg_html = html.escape(seg_text)
        p.append('<a name="ts_%d_%d_%s" >%s</a>' % (start, end, speaker, seg_html))
        first = False
    paras.append(p)
    for anchors in paras:
        body.append("<p >" + "".join(anchors) + "</p>")
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(NOSCRIBE_HEAD % AUDIO + "".join(body) + "</div></body>\n</html>\n")


def write_noscribe_vtt(path, segs):
    """noScribe.py (0.6/0.7) html_to_webvtt() on a transcript made with the
    .vtt output (no labels in the text, pause marks off): 'WEBVTT <title>',
    a NOTE with the header paragraph, 'NOTE media: <audio>', then one
    numbered cue per segment '<v SPEAKER>text' (vtt_escape = html.escape,
    so ' becomes &#x27;)."""
    title = os.path.splitext(os.path.basename(AUDIO))[0]
    info = "Transcrit avec noScribe vers. %s\nFichier audio : %s\n(%s)" % (
        NOSCRIBE_VERSION, AUDIO, noscribe_options(0))
    vtt = "WEBVTT " + html.escape(title) + "\n\n"
    vtt += html.escape("NOTE\n" + info + "\n") + "\n\n"
    vtt += "NOTE media: %s\n\n" % AUDIO
    for i, seg in enumerate(segs):
        txt = html.escape(seg["text"])
        vtt += "%d\n%s --> %s\n<v %s>%s\n\n" % (i + 1, fmt_time(seg["start"] / 1000),
                                             fmt_time(seg["end"] / 1000), seg["speaker"],
                                             txt.lstrip())
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(vtt)


# ---------------------------------------------------------------- variables

def write_variables(path, meta, docs):
    """As a French spreadsheet saves "CSV UTF-8": BOM, ';' separators,
    CRLF line ends."""
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    w.writerow(["document"] + VARIABLES)
    for d in docs:
        w.writerow([d] + [meta[k] for k in VARIABLES])
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        f.write(buf.getvalue())


# ---------------------------------------------------------------- checks

def _merge(pairs):
    """Consecutive pieces of one speaker make one turn (as grille's
    source_cue() does); whitespace is normalised."""
    out = []
    for spk, text in pairs:
        text = " ".join(text.split())
        if not text:
            continue
        if out and out[-1][0] == spk:
            out[-1] = (spk, out[-1][1] + " " + text)
        else:
            out.append((spk, text))
    return out


def read_back(outdir):
    """Reads every timed fixture back with small independent parsers:
    the turns a reader must find."""
    got = {}
    with open(os.path.join(outdir, "ei-01.vtt"), encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    assert blocks[0] == "WEBVTT"
    pairs = []
    for b in blocks[1:]:
        lines = b.strip("\n").split("\n")
        if lines[0].startswith("NOTE"):
            continue
        assert re.match(r"^\d\d:\d\d:\d\d\.\d{3} --> \d\d:\d\d:\d\d\.\d{3}$", lines[0]), lines[0]
        text = " ".join(lines[1:])
        m = re.match(r"^<v(?:\.[\w.]+)? ([^>]+)>(.*)</v>$", text)
        pairs.append((m.group(1), re.sub(r"<[^>]+>", "", m.group(2))))
    got["ei-01.vtt"] = _merge(pairs)

    with open(os.path.join(outdir, "ei-01.srt"), "rb") as f:
        raw = f.read()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw and b"\n" not in raw.replace(b"\r\n", b"")
    pairs = []
    for n, b in enumerate(raw[3:].decode("utf-8").replace("\r\n", "\n").strip().split("\n\n"), 1):
        lines = b.split("\n")
        assert lines[0] == str(n)
        assert re.match(r"^\d\d:\d\d:\d\d,\d{3} --> \d\d:\d\d:\d\d,\d{3}$", lines[1])
        text = re.sub(r"</?i>", "", " ".join(lines[2:]))
        spk, speech = text.split(": ", 1)
        pairs.append((spk, speech))
    got["ei-01.srt"] = _merge(pairs)

    with open(os.path.join(outdir, "ei-01-whisperx.json"), encoding="utf-8") as f:
        d = json.load(f)
    names = {v: k for k, v in SPEAKER_IDS.items()}
    got["ei-01-whisperx.json"] = _merge((names[s["speaker"]], s["text"]) for s in d["segments"])

    with open(os.path.join(outdir, "ei-01-noscribe.html"), encoding="utf-8") as f:
        h = f.read()
    pairs = []
    pause = re.compile(r"^\s*\((\.+|\d+ secondes pause|\d+ minute\[s\] pause)\)\s*$")
    for p in re.findall(r"<p >(.*?)</p>", h):
        for name, text in re.findall(r'<a name="ts_\d+_\d+_([^"]*)" >(.*?)</a>', p):
            text = html.unescape(text)
            if pause.match(text):
                continue
            if text.startswith(name + ":"):
                text = text[len(name) + 1:]
            pairs.append((name, text))
    got["ei-01-noscribe.html"] = _merge(pairs)

    with open(os.path.join(outdir, "ei-01-noscribe.vtt"), encoding="utf-8") as f:
        blocks = f.read().split("\n\n")
    pairs = []
    for b in blocks:
        lines = b.strip("\n").split("\n")
        if len(lines) == 3 and lines[0].isdigit():
            m = re.match(r"^<v ([^>]*)>(.*)$", lines[2])
            pairs.append((m.group(1), html.unescape(m.group(2))))
    got["ei-01-noscribe.vtt"] = _merge(pairs)
    return got


def check(turns, outdir):
    want = _merge((t["speaker"], " ".join(t["paras"])) for t in turns)
    for name, turns_got in sorted(read_back(outdir).items()):
        if turns_got != want:
            for i, (a, b) in enumerate(zip(turns_got, want)):
                if a != b:
                    sys.exit("%s: turn %d differs:\n  got  %r\n  want %r" % (name, i + 1, a, b))
            sys.exit("%s: %d turns, want %d" % (name, len(turns_got), len(want)))
        print("  %-22s %d turns, same speakers and speech as the .txt" % (name, len(turns_got)))


def main():
    src, outdir = sys.argv[1], sys.argv[2]
    meta, turns = parse(src)
    rng = random.Random(20250211)
    toks = build_timeline(turns, rng)
    cue_list = cues(toks)
    write_vtt(os.path.join(outdir, "ei-01.vtt"), turns, cue_list)
    write_srt(os.path.join(outdir, "ei-01.srt"), turns, cue_list)
    segs_wx = write_whisperx(os.path.join(outdir, "ei-01-whisperx.json"), turns, toks,
                             random.Random(7))
    segs_ns = noscribe_segments(turns, toks)
    write_noscribe_html(os.path.join(outdir, "ei-01-noscribe.html"), segs_ns)
    write_noscribe_vtt(os.path.join(outdir, "ei-01-noscribe.vtt"), segs_ns)
    write_variables(os.path.join(outdir, "variables.csv"), meta,
                    ["ei-01", "ei-01-whisperx", "ei-01-noscribe"])
    check(turns, outdir)
    nwords = len(toks)
    dur = toks[-1]["end"]
    print("ei-01: %d turns (%d Enquêtrice, %d Coordinatrice), %d paragraphs, %d words, "
          "%.0f s of speech (%.2f words/s); %d subtitle cues (max %d words), "
          "%d WhisperX segments, %d noScribe segments"
          % (len(turns), sum(t["speaker"] == "Enquêtrice" for t in turns),
             sum(t["speaker"] == "Coordinatrice" for t in turns),
             sum(len(t["paras"]) for t in turns), nwords, dur, nwords / dur,
             len(cue_list), max(len(c) for c in cue_list), len(segs_wx), len(segs_ns)))


if __name__ == "__main__":
    main()

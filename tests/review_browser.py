"""review_browser.py - drives the page of `grille review` in headless
Chromium as a coder would, with the keyboard, and checks what it exports.

Usage: review_browser.py CHROMIUM GRILLE CODEBOOK TRANSCRIPTS WORK BIG_CORPUS

What grille proposes for each unit is read from `grille code` and the
units from `grille gold template`, not from the page; the expected gold
follows from the keys pressed.  Prints "ok ..." / "FAIL ..." lines.
"""
import csv
import io
import json
import os
import subprocess
import sys
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import cdp  # noqa: E402

chromium, grille, codebook, transcripts, work, big = sys.argv[1:7]
failures = 0


def check(what, cond, detail=""):
    global failures
    if cond:
        print("ok", what)
    else:
        failures += 1
        print("FAIL", what, detail)


def run(*args):
    return subprocess.run([grille] + list(args), check=True, capture_output=True, text=True).stdout


def table(text):
    return list(csv.DictReader(io.StringIO(text), delimiter="\t"))


# The units of coded speech, in order, and the top-level themes grille
# gives each (the page's default columns).
template = table(run("gold", "template", "-c", codebook, "-f", "tsv", transcripts))
units = [(r["document"], int(r["unit"])) for r in template]
texts = {(r["document"], int(r["unit"])): r["text"] for r in template}
columns = [c for c in template[0].keys() if c not in ("document", "unit", "line", "speaker", "text", "comment")]
proposed = {u: [] for u in units}
for s in table(run("code", "-c", codebook, "-f", "tsv", transcripts)):
    top = s["theme_path"].split("/")[0]
    u = (s["document"], int(s["unit_index"]))
    if top not in proposed[u]:
        proposed[u].append(top)
for u in proposed:
    proposed[u].sort(key=columns.index)

# The coder's session: (keys, expected marks, comment) for each unit in
# turn; None: left without a decision (not exported).  The expectations
# need grille's proposals to be as the comments say.
P = [proposed[u] for u in units]
check("ten units of coded speech", len(units) == 10, str(units))
check("grille's proposals as the script expects",
      P[0] == [] and P[1] == [] and len(P[2]) == 2 and P[4] == [] and len(P[5]) >= 1 and len(P[6]) == 3 and
      len(P[9]) >= 1 and "reseau" not in P[9], str(P))
added = "copil" if "copil" not in P[1] else "elus"
script = [
    (["Enter"], set(), ""),                                   # right as shown: no theme
    (["t"] + list(added) + ["Enter", "j"], {added}, ""),      # add a theme, no proposal left: reviewed
    (["a", "r", "j"], {P[2][0]}, ""),                         # accept the first, reject the second
    (["j"], None, ""),                                        # passed over
    (["c"] + list("à revoir") + ["Enter", "Enter"], set(), "à revoir"),  # a comment, then validated
    (["R", "j"], set(), ""),                                  # every proposal rejected
    (["l", "r", "Enter"], {P[6][0], P[6][2]}, ""),            # the second rejected, the rest accepted
    (["j"], None, ""),
    (["j"], None, ""),
    (["t"] + list("reseau") + ["Enter", "A"], set(P[9]) | {"reseau"}, ""),  # added, then all accepted
]
expected = {units[i]: (m, c) for i, (_, m, c) in enumerate(script) if m is not None}

log = open(os.path.join(work, "browser.log"), "a")
b = cdp.Browser(chromium, log)
downloads = os.path.join(work, "downloads")
os.makedirs(downloads, exist_ok=True)
b.call("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads})
b.page("Page.enable")
b.page("Runtime.enable")


def open_page(path):
    """Opens the page and waits until it answers keys.  The document being
    left is marked first, so that reopening the same page is not taken as
    done while the old document still answers."""
    b.eval("window.grilleLeft = 1")
    b.page("Page.navigate", {"url": "file://" + path})
    b.wait("!window.grilleLeft && document.body && document.body.dataset.ready === '1' && "
           "location.href.endsWith(%r)" % os.path.basename(path))


def progress():
    return b.eval("Object.assign({}, document.getElementById('progress').dataset)")


def exported(name, before):
    path = os.path.join(downloads, name)
    deadline = time.time() + 30
    while time.time() < deadline:
        if os.path.exists(path) and os.path.getsize(path) > 0 and os.path.getmtime(path) > before:
            return path
        time.sleep(0.1)
    return None


try:
    # 1. the coder's session, key by key
    page_a = os.path.join(work, "review-a.html")
    run("review", "-c", codebook, "--coder", "testeur", "-o", page_a, transcripts)
    html = open(page_a, encoding="utf-8").read()
    check("self-contained: no external resource",
          not any(x in html for x in ("src=", "<link", "http:", "https:", "@import", "url(")))
    # the columns: top-level themes, or with --leaves those of gold template --leaves
    for flag in ([], ["--leaves"]):
        page = run("review", *flag, "-o", "-", transcripts)
        blob = json.loads(page.split('<script type="application/json" id="grille-data">')[1].split("</script>")[0])
        head = next(csv.reader(io.StringIO(run("gold", "template", *flag, "-f", "csv", transcripts))))
        check("columns %s" % (flag or "top-level"), [c[0] for c in blob["cols"]] == head[5:-1],
              "%s != %s" % (blob["cols"], head))
        check("level %s stated" % flag, blob["level"] == ("leaves" if flag else "top"))
    open_page(page_a)
    check("the browser keeps the page's decisions (localStorage)",
          b.eval("document.getElementById('storage').textContent") == "")
    check("the page opens on its first unit of coded speech",
          b.eval("document.querySelector('.u.cur .t').textContent") == texts[units[0]])
    check("interviewers' turns shown, not codable", b.eval("document.querySelectorAll('.u.ctx').length") > 0)
    check("matched words marked", b.eval("document.querySelectorAll('.u mark').length") > 0)
    for keys, _, _ in script:
        for k in keys:
            b.key(k)
    p = progress()
    acc = sum(len(m & set(P[i])) for i, (_, m, _) in enumerate(script) if m is not None)
    rej = sum(len(set(P[i]) - m) for i, (_, m, _) in enumerate(script) if m is not None)
    add = sum(len(m - set(P[i])) for i, (_, m, _) in enumerate(script) if m is not None)
    check("progress: %d reviewed, %d accepted, %d rejected, %d added" % (len(expected), acc, rej, add),
          p == {"reviewed": str(len(expected)), "accepted": str(acc), "rejected": str(rej), "added": str(add),
                "shown": "10"}, str(p))

    # 2. reopened, the page has kept the decisions; the filter of units
    # not yet reviewed shows the others
    check("the decisions were stored", b.eval("document.getElementById('storage').textContent") == "" and
          b.eval("Object.keys(localStorage).filter(function(k){return k.indexOf('grille-review:')===0}).length") > 0)
    # A new document, in another renderer or the same one, reads them
    # from the browser.
    open_page(page_a)
    check("decisions restored after reopening", progress().get("reviewed") == str(len(expected)), str(progress()))
    b.eval("document.getElementById('f-todo').click()")
    check("filter: units not yet reviewed", progress().get("shown") == str(10 - len(expected)), str(progress()))
    b.eval("(function(){var s=document.getElementById('f-theme');s.value=%d;"
           "s.dispatchEvent(new Event('change'));})()" % columns.index("reseau"))
    check("filters combine (not reviewed, theme reseau)",
          progress().get("shown") == str(sum(1 for i, u in enumerate(units)
                                                 if u not in expected and "reseau" in P[i])), str(progress()))

    # 3. export with the key, as a download
    before = time.time() - 1
    b.key("e")
    gold_a = exported("gold-testeur.csv", before)
    check("exported as a download", gold_a is not None, str(os.listdir(downloads)))
    raw = open(gold_a, encoding="utf-8-sig", newline="").read()
    rows = list(csv.reader(io.StringIO(raw)))
    check("header", rows[0] == ["document", "unit", "line", "speaker", "text"] + columns + ["coder", "comment"],
          str(rows[0]))
    got = {}
    for r in rows[1:]:
        d = dict(zip(rows[0], r))
        u = (d["document"], int(d["unit"]))
        got[u] = ({c for c in columns if d[c] == "1"}, d["comment"])
        check("row %s %s: text and coder" % u, d["text"] == texts[u] and d["coder"] == "testeur", str(d))
        check("row %s %s: only 1 or empty" % u, all(d[c] in ("1", "") for c in columns), str(d))
    check("the reviewed units and their themes", got == expected, "%s != %s" % (got, expected))

    # 4. grille eval reads it: counts from the script, not from grille
    out = table(run("eval", "-c", codebook, "--gold", gold_a, "--bootstrap", "0", "-f", "tsv", transcripts))
    for r in out:
        t = r["theme"]
        if t not in columns:
            continue
        gold_n = sum(1 for u, (m, _) in expected.items() if t in m)
        grille_n = sum(1 for u in expected if t in proposed[u])
        tp = sum(1 for u, (m, _) in expected.items() if t in m and t in proposed[u])
        want = (gold_n, grille_n, tp, grille_n - tp, gold_n - tp, len(expected) - gold_n - grille_n + tp)
        have = tuple(int(r[k]) for k in ("gold", "grille", "tp", "fp", "fn", "tn"))
        check("eval of the export, theme %s: %s" % (t, want), have == want, str(have))
    check("eval judges every column", sum(1 for r in out if r["theme"] in columns) == len(columns), str(out))

    # 5. a second coder, who validates every unit as grille coded it:
    # comparing the two coders gives the counts of comparing the first
    # with grille
    page_b = os.path.join(work, "review-b.html")
    run("review", "-c", codebook, "--coder", "second", "-o", page_b, transcripts)
    open_page(page_b)
    check("another coder's page starts blank", progress().get("reviewed") == "0", str(progress()))
    for _ in units:
        b.key("Enter")
    before = time.time() - 1
    b.eval("document.getElementById('export').click()")
    gold_b = exported("gold-second.csv", before)
    check("second export", gold_b is not None, str(os.listdir(downloads)))
    two = table(run("eval", "-c", codebook, "--gold", gold_a, "--gold", gold_b, "--bootstrap", "0", "-f", "tsv",
                    transcripts))
    keys = ("theme", "gold", "grille", "tp", "fp", "fn", "tn", "kappa", "alpha")
    check("two coders: the table of the first coder against grille",
          [[r[k] for k in keys] for r in two] == [[r[k] for k in keys] for r in out],
          "%s\n%s" % (two, out))

    # 6. a unit a spreadsheet would take for a formula is written with
    # the quote grille's CSV puts before it, and eval still finds its text
    formula = os.path.join(work, "formula")
    os.makedirs(formula, exist_ok=True)
    with open(os.path.join(formula, "ei-formule.txt"), "w", encoding="utf-8") as f:
        f.write("---\ntype: EI\ninterviewers: E\n---\nE : Et les \u00e9lus ?\n"
                "R : = Les \u00e9lus \"portent\" le CLS, avec l'ARS.\n")
    page_f = os.path.join(work, "review-f.html")
    run("review", "-c", codebook, "--coder", "f", "-o", page_f, formula)
    open_page(page_f)
    b.key("Enter")
    csv_f = b.eval("grilleReview.exportCsv()")
    rows_f = list(csv.reader(io.StringIO(csv_f.lstrip("\ufeff"))))
    check("formula guarded, quotes doubled", len(rows_f) == 2 and rows_f[1][4].startswith("'= Les") and
          '""portent""' in csv_f, csv_f)
    with open(os.path.join(work, "gold-f.csv"), "w", encoding="utf-8") as f:
        f.write(csv_f)
    out_f = table(run("eval", "-c", codebook, "--gold", os.path.join(work, "gold-f.csv"), "--bootstrap", "0",
                      "-f", "tsv", formula))
    check("eval reads the guarded text", [(r["theme"], r["gold"], r["tp"]) for r in out_f if r["theme"] == "elus"] ==
          [("elus", "1", "1")], str(out_f))

    # 7. the time to open a page of about 5,000 units
    page_big = os.path.join(work, "review-big.html")
    run("review", "-o", page_big, big)
    size = os.path.getsize(page_big)
    times = []
    for _ in range(2):
        b.page("Page.navigate", {"url": "about:blank"})
        t0 = time.time()
        open_page(page_big)
        wall = (time.time() - t0) * 1000
        times.append((b.eval("window.grilleReviewReady"), wall))
    n = b.eval("document.getElementById('progress').dataset.shown")
    ready = min(t[0] for t in times)
    print("review page of %s units of coded speech (%d bytes): interactive %.0f ms after navigation "
          "(%.0f ms measured from the test)" % (n, size, ready, min(t[1] for t in times)))
    check("about 5,000 units", int(n) >= 4500, n)
    check("interactive in under 2 s", ready < 2000, str(times))
    b.key("j")
    b.key("Enter")
    check("the big page answers keys", progress().get("reviewed") == "1", str(progress()))
finally:
    b.close()

print("review_browser: %d failed" % failures)
sys.exit(1 if failures else 0)

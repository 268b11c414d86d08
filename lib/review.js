/* review.js - the page of grille review (embedded by review.c): a coder
 * goes through the units of coded speech, accepts or rejects the themes
 * grille gave them, adds others, and exports the decisions as a table of
 * units that grille eval, check --gold and suggest read as a gold.
 *
 * Everything stays in this file: no network, so that the page works from
 * file:// and can be sent by e-mail.  Decisions are kept in localStorage
 * under a key made of the fingerprint of the corpus and codebook, so that
 * reopening the page restores them and another corpus never sees them. */
(function () {
  "use strict";
  var D = JSON.parse(document.getElementById("grille-data").textContent);
  var KEY = "grille-review:" + D.fp + ":" + D.coder;
  var T_ID = 0, T_LABEL = 1, T_COLOR = 2, T_COL = 3;          /* D.themes[i] */
  var U_INDEX = 0, U_LINE = 1, U_SPEAKER = 2, U_CODABLE = 3, U_TEXT = 4, U_SEGS = 5; /* a unit */
  /* The page's words in its language: review.c writes their translations
   * under their English (none for an English page); n fills a %d. */
  function tr(s, n) {
    var t = D.tr && Object.prototype.hasOwnProperty.call(D.tr, s) ? D.tr[s] : s;
    return n === undefined ? t : t.replace("%d", String(n));
  }

  /* ---------------------------------------------------------------- */
  /* units and decisions                                               */

  /* Every unit in corpus order; the codable ones (coded speech) carry
   * the columns grille proposes for them (its themes, at the level of the
   * export's columns). */
  var units = [], codable = [];
  D.docs.forEach(function (doc, d) {
    doc[3].forEach(function (u) {
      var x = { d: d, u: u, key: doc[0] + "\u0000" + u[U_INDEX], prop: [], subs: {} };
      if (u[U_CODABLE]) {
        (u[U_SEGS] || []).forEach(function (s) {
          var th = D.themes[s[0]], col = th[T_COL];
          if (col < 0) return;
          if (x.prop.indexOf(col) < 0) x.prop.push(col);
          if (D.cols[col][0] !== th[T_ID]) (x.subs[col] = x.subs[col] || []).push(th[T_LABEL]);
        });
        x.prop.sort(function (a, b) { return a - b; });
        x.n = codable.length;
        codable.push(x);
      }
      units.push(x);
    });
  });

  /* dec[key] = {s: {col: 1 accepted | -1 rejected}, add: [cols], rev: 1, c: comment}.
   * Nothing is read from or written to localStorage before load(): see
   * afterCommit below. */
  var dec = {}, coder = D.coder, storage = false;
  function load() {
    var saved = null;
    storage = true;
    try { saved = JSON.parse(localStorage.getItem(KEY) || "null"); } catch (e) { storage = false; }
    dec = (saved && saved.dec) || {};
    coder = (saved && saved.coder) || D.coder;
  }

  function save() {
    if (!storage) return;
    try { localStorage.setItem(KEY, JSON.stringify({ coder: coder, dec: dec })); }
    catch (e) { storage = false; warnStorage(); }
  }
  function get(x) { return dec[x.key] || (dec[x.key] = { s: {}, add: [] }); }
  function pending(x) {
    var s = dec[x.key] ? dec[x.key].s : {};
    return x.prop.filter(function (c) { return !s[c]; });
  }
  /* A unit is reviewed once Enter validated it, or once no theme grille
   * proposed is left undecided after a decision: only reviewed units are
   * exported, so that a unit nobody looked at is never taken for one the
   * coder judged uncoded. */
  function settle(x) {
    var v = get(x);
    if (!pending(x).length) v.rev = 1;
  }
  /* The columns the coder gives the unit. */
  function marks(x) {
    var v = dec[x.key];
    if (!v) return [];
    var m = x.prop.filter(function (c) { return v.s[c] === 1; }).concat(v.add);
    return m.sort(function (a, b) { return a - b; });
  }

  /* ---------------------------------------------------------------- */
  /* the page                                                          */

  function $(id) { return document.getElementById(id); }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }
  function rgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return "rgba(" + (n >> 16) + "," + (n >> 8 & 255) + "," + (n & 255) + "," + a + ")";
  }
  function colour(e, hex) {
    e.style.setProperty("--c", hex);
    e.style.setProperty("--m", rgba(hex, 0.28));
  }
  function fold(s) { return s.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase(); }

  document.title = D.title + " \u2014 grille review";
  $("title").textContent = D.title;
  $("level").textContent = D.level === "leaves"
    ? tr("one column per theme without sub-themes (%d columns)", D.cols.length)
    : tr("one column per top-level theme (%d columns): a sub-theme\u2019s coding counts for its top-level theme", D.cols.length);
  $("coder").addEventListener("input", function () { coder = this.value; save(); });
  function warnStorage() {
    $("storage").textContent = tr("This browser does not keep the decisions of this page: export before closing it.");
  }

  function option(sel, value, text) {
    var o = el("option", null, text);
    o.value = value;
    sel.appendChild(o);
  }
  D.docs.forEach(function (doc, d) { option($("f-doc"), d, doc[0]); });
  D.cols.forEach(function (c, i) { option($("f-theme"), i, c[1]); });
  var speakers = {};
  codable.forEach(function (x) { speakers[D.docs[x.d][2][x.u[U_SPEAKER]][0]] = 1; });
  Object.keys(speakers).sort().forEach(function (s) { option($("f-speaker"), s, s || tr("(no label)")); });

  /* ---------------------------------------------------------------- */
  /* what is shown                                                     */

  var view = [], shown = 0, cur = -1, CHUNK = 150;
  var list = $("units"), more = $("more");

  function matches(x, f) {
    if (f.doc >= 0 && x.d !== f.doc) return false;
    if (!x.u[U_CODABLE]) return false;
    if (f.speaker !== null && D.docs[x.d][2][x.u[U_SPEAKER]][0] !== f.speaker) return false;
    if (f.theme >= 0 && x.prop.indexOf(f.theme) < 0 && marks(x).indexOf(f.theme) < 0) return false;
    if (f.todo && dec[x.key] && dec[x.key].rev) return false;
    return true;
  }
  function filters() {
    return { doc: +$("f-doc").value, theme: +$("f-theme").value,
             speaker: $("f-speaker").selectedIndex === 0 ? null : $("f-speaker").value,
             todo: $("f-todo").checked };
  }
  /* The units of the filters, and before each the interviewer's turns
   * that lead to it (context, not codable); a whole document when only
   * the document is chosen. */
  function build() {
    var f = filters(), whole = f.theme < 0 && f.speaker === null && !f.todo, out = [], last = -1;
    for (var i = 0; i < units.length; i++) {
      var x = units[i];
      if (whole) {
        if (f.doc < 0 || x.d === f.doc) out.push(x);
        continue;
      }
      if (!matches(x, f)) continue;
      var j = i;
      while (j > 0 && j > last + 1 && i - j < 2 && !units[j - 1].u[U_CODABLE] && units[j - 1].d === x.d) j--;
      for (; j <= i; j++) out.push(units[j]);
      last = i;
    }
    view = out;
    shown = 0;
    list.textContent = "";
    cur = -1;
    for (var k = 0; k < view.length; k++) if (view[k].u[U_CODABLE]) { cur = k; break; }
    renderMore();
    paintCurrent(true);
    counts();
  }
  function renderMore() {
    var end = Math.min(view.length, shown + CHUNK), frag = document.createDocumentFragment();
    for (; shown < end; shown++) {
      var x = view[shown], prev = shown > 0 ? view[shown - 1] : null;
      if (!prev || prev.d !== x.d) frag.appendChild(docHeader(x.d));
      frag.appendChild(renderUnit(x));
    }
    list.appendChild(frag);
    more.textContent = shown < view.length ? tr("%d more units below\u2026", view.length - shown) : "";
  }
  new IntersectionObserver(function (es) {
    if (es[0].isIntersecting && shown < view.length) renderMore();
  }, { rootMargin: "600px" }).observe(more);

  function docHeader(d) {
    var doc = D.docs[d], h = el("div", "doc");
    h.appendChild(el("h2", null, doc[0] + (doc[1] ? " \u2014 " + doc[1] : "")));
    h.appendChild(el("div", "speakers", tr("Speakers: ") + doc[2].map(function (s) {
      return (s[0] || tr("(no label)")) + (s[1] ? tr(" (interviewer)") : "");
    }).join(", ")));
    return h;
  }
  /* The unit's text with the words grille matched marked in their theme's
   * colour; where matches of two themes overlap, the first theme's. */
  function text(x) {
    var t = x.u[U_TEXT], ranges = [], cuts = [0, t.length], frag = document.createDocumentFragment();
    (x.u[U_SEGS] || []).forEach(function (s) {
      for (var k = 0; k < s[1].length; k += 2) {
        ranges.push([s[1][k], s[1][k + 1], s[0]]);
        cuts.push(s[1][k], s[1][k + 1]);
      }
    });
    cuts = cuts.sort(function (a, b) { return a - b; }).filter(function (v, i, a) { return !i || v !== a[i - 1]; });
    for (var i = 0; i + 1 < cuts.length; i++) {
      var a = cuts[i], b = cuts[i + 1], who = [];
      ranges.forEach(function (r) { if (r[0] <= a && r[1] >= b && who.indexOf(r[2]) < 0) who.push(r[2]); });
      if (!who.length) { frag.appendChild(document.createTextNode(t.slice(a, b))); continue; }
      var m = el("mark", null, t.slice(a, b));
      colour(m, D.themes[who[0]][T_COLOR]);
      m.title = who.map(function (w) { return D.themes[w][T_LABEL]; }).join(", ");
      frag.appendChild(m);
    }
    return frag;
  }
  function renderUnit(x) {
    var doc = D.docs[x.d], sp = doc[2][x.u[U_SPEAKER]], e = el("div", x.u[U_CODABLE] ? "u" : "u ctx");
    e.id = "u" + x.d + "-" + x.u[U_INDEX];
    e.appendChild(el("div", "meta", tr("line %d", x.u[U_LINE]) + " \u00b7 " + (sp[0] || tr("(no label)")) +
                                     (x.u[U_CODABLE] ? "" : tr(" \u00b7 not coded"))));
    var t = el("div", "t");
    t.appendChild(text(x));
    e.appendChild(t);
    if (x.u[U_CODABLE]) {
      e.appendChild(el("div", "chips"));
      e.appendChild(el("div", "comment"));
      e.addEventListener("click", function (ev) {
        var i = view.indexOf(x);
        if (i >= 0) { cur = i; chip = 0; paintCurrent(false); }
        var c = ev.target.closest(".chip");
        if (c) {
          chip = +c.dataset.i;
          decide(+c.dataset.col, c.classList.contains("acc") || c.classList.contains("add") ? -1 : 1);
        }
      });
      paint(x, e);
    }
    return e;
  }
  /* The unit's chips: grille's proposals, then the coder's additions. */
  function chips(x) {
    var v = dec[x.key] || { s: {}, add: [] };
    return x.prop.map(function (c) {
      return { col: c, state: v.s[c] === 1 ? "acc" : v.s[c] === -1 ? "rej" : "pending" };
    }).concat(v.add.map(function (c) { return { col: c, state: "add" }; }));
  }
  var chip = 0;
  function paint(x, e) {
    e = e || document.getElementById("u" + x.d + "-" + x.u[U_INDEX]);
    if (!e) return;
    var box = e.querySelector(".chips"), v = dec[x.key], isCur = cur >= 0 && view[cur] === x;
    box.textContent = "";
    chips(x).forEach(function (c, i) {
      var col = D.cols[c.col], s = el("span", "chip " + c.state + (isCur && i === chip ? " sel" : ""));
      colour(s, col[2]);
      s.dataset.col = c.col;
      s.dataset.i = i;
      s.textContent = (c.state === "acc" ? "\u2713 " : c.state === "rej" ? "\u2717 " : c.state === "add" ? "+ " : "? ") + col[1];
      if (x.subs[c.col]) s.appendChild(el("small", null, " \u203a " + x.subs[c.col].join(", ")));
      s.title = col[0] + (c.state === "pending" ? tr(": grille\u2019s proposal, not decided") : "");
      box.appendChild(s);
    });
    if (!box.childNodes.length) box.appendChild(el("small", null, tr("no theme")));
    e.querySelector(".comment").textContent = v && v.c ? tr("Comment: ") + v.c : "";
    e.classList.toggle("done", !!(v && v.rev));
  }
  function paintCurrent(scroll) {
    var old = list.querySelector(".u.cur");
    if (old) old.classList.remove("cur");
    if (cur < 0) return;
    while (cur >= shown) renderMore();
    var x = view[cur], e = document.getElementById("u" + x.d + "-" + x.u[U_INDEX]);
    if (!e) return;
    e.classList.add("cur");
    var n = chips(x).length;
    if (chip >= n) chip = Math.max(0, n - 1);
    paint(x, e);
    if (scroll) e.scrollIntoView({ block: "center" });
  }
  function counts() {
    var rev = 0, acc = 0, rej = 0, add = 0, inView = 0, revView = 0;
    codable.forEach(function (x) {
      var v = dec[x.key];
      if (!v || !v.rev) return;
      rev++;
      x.prop.forEach(function (c) { if (v.s[c] === 1) acc++; else if (v.s[c] === -1) rej++; });
      add += v.add.length;
    });
    view.forEach(function (x) {
      if (!x.u[U_CODABLE]) return;
      inView++;
      if (dec[x.key] && dec[x.key].rev) revView++;
    });
    var p = $("progress");
    p.textContent = "";
    [["Reviewed ", rev + " / " + codable.length], [" units (shown: ", revView + " / " + inView], [") \u00b7 themes accepted ", acc],
     [" \u00b7 rejected ", rej], [" \u00b7 added ", add]].forEach(function (part) {
      p.appendChild(document.createTextNode(tr(part[0])));
      p.appendChild(el("b", null, String(part[1])));
    });
    p.dataset.reviewed = rev;
    p.dataset.accepted = acc;
    p.dataset.rejected = rej;
    p.dataset.added = add;
    p.dataset.shown = inView;
  }

  /* ---------------------------------------------------------------- */
  /* decisions                                                         */

  function current() { return cur >= 0 ? view[cur] : null; }
  function changed(x) {
    save();
    paint(x);
    counts();
  }
  /* what = 1 accepts column col, -1 rejects it (an added column is taken
   * off); the selection moves to the next undecided proposal. */
  function decide(col, what) {
    var x = current();
    if (!x || col == null) return;
    var v = get(x), a = v.add.indexOf(col);
    if (a >= 0) { if (what < 0) v.add.splice(a, 1); }
    else if (x.prop.indexOf(col) >= 0) v.s[col] = what;
    settle(x);
    var list = chips(x);
    for (var i = 0; i < list.length; i++) if (list[i].state === "pending") { chip = i; break; }
    changed(x);
  }
  function decideAll(what) {
    var x = current();
    if (!x) return;
    var v = get(x);
    pending(x).forEach(function (c) { v.s[c] = what; });
    settle(x);
    changed(x);
  }
  function addColumn(col) {
    var x = current();
    if (!x) return;
    var v = get(x);
    if (x.prop.indexOf(col) >= 0) v.s[col] = 1;
    else if (v.add.indexOf(col) < 0) v.add.push(col);
    settle(x);
    changed(x);
  }
  /* Enter: the unit is right as shown; the proposals left undecided are
   * accepted. */
  function validate() {
    var x = current();
    if (!x) return;
    var v = get(x);
    pending(x).forEach(function (c) { v.s[c] = 1; });
    v.rev = 1;
    changed(x);
    move(1, false);
  }
  function undo() {
    var x = current();
    if (!x) return;
    delete dec[x.key];
    chip = 0;
    changed(x);
  }
  function move(step, todo) {
    for (var i = cur + step; i >= 0 && i < view.length; i += step) {
      var x = view[i];
      if (!x.u[U_CODABLE]) continue;
      if (todo && dec[x.key] && dec[x.key].rev) continue;
      var before = view[cur];
      cur = i;
      chip = 0;
      if (before) paint(before);
      paintCurrent(true);
      return;
    }
  }

  /* ---------------------------------------------------------------- */
  /* the theme picker and the comment box                              */

  var picking = [], picked = 0;
  function openPicker() {
    if (!current()) return;
    $("pick").hidden = false;
    $("pick-q").value = "";
    fillPicker();
    $("pick-q").focus();
  }
  function fillPicker() {
    var q = fold($("pick-q").value.trim()), ul = $("pick-list");
    picking = [];
    D.cols.forEach(function (c, i) {
      if (!q || fold(c[0]).indexOf(q) >= 0 || fold(c[1]).indexOf(q) >= 0) picking.push(i);
    });
    /* an exact id first: typing it chooses it */
    picking.sort(function (a, b) { return (fold(D.cols[b][0]) === q) - (fold(D.cols[a][0]) === q); });
    picked = 0;
    ul.textContent = "";
    picking.forEach(function (c, i) {
      var li = el("li", i === picked ? "sel" : null, D.cols[c][1] + " (" + D.cols[c][0] + ")");
      colour(li, D.cols[c][2]);
      li.addEventListener("click", function () { closePicker(c); });
      ul.appendChild(li);
    });
  }
  function closePicker(col) {
    $("pick").hidden = true;
    $("pick-q").blur();
    if (col != null) addColumn(col);
  }
  $("pick-q").addEventListener("input", fillPicker);
  $("pick-q").addEventListener("keydown", function (ev) {
    if (ev.key === "Escape") closePicker(null);
    else if (ev.key === "Enter") closePicker(picking.length ? picking[picked] : null);
    else if (ev.key === "ArrowDown" || ev.key === "ArrowUp") {
      picked = Math.max(0, Math.min(picking.length - 1, picked + (ev.key === "ArrowDown" ? 1 : -1)));
      [].forEach.call($("pick-list").children, function (li, i) { li.className = i === picked ? "sel" : ""; });
    } else return;
    ev.preventDefault();
    ev.stopPropagation();
  });
  function openComment() {
    var x = current();
    if (!x) return;
    $("note").hidden = false;
    $("note-q").value = dec[x.key] && dec[x.key].c || "";
    $("note-q").focus();
  }
  $("note-q").addEventListener("keydown", function (ev) {
    if (ev.key !== "Enter" && ev.key !== "Escape") return;
    ev.preventDefault();
    ev.stopPropagation();
    $("note").hidden = true;
    $("note-q").blur();
    var x = current();
    if (ev.key === "Enter" && x) {
      var v = get(x);
      v.c = $("note-q").value.trim();
      changed(x);
    }
  });

  /* ---------------------------------------------------------------- */
  /* export: a table of units (see GOLD CODINGS in grille(1))          */

  function cell(s) {
    s = String(s);
    /* what a spreadsheet would run as a formula gets the quote grille's
     * own CSV puts before it; grille eval ignores that quote */
    if (/^[=+\-@]/.test(s)) s = "'" + s;
    return /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
  }
  function exportCsv() {
    var rows = [["document", "unit", "line", "speaker", "text"].concat(D.cols.map(function (c) { return c[0]; }),
                ["coder", "comment"]).join(",")];
    codable.forEach(function (x) {
      var v = dec[x.key];
      if (!v || !v.rev) return;
      var doc = D.docs[x.d], m = marks(x), r = [doc[0], x.u[U_INDEX], x.u[U_LINE]].map(String);
      /* the document id is matched as it is, never guarded */
      r = r.map(function (s, i) { return i ? s : /[",\r\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s; });
      r.push(cell(doc[2][x.u[U_SPEAKER]][0]), cell(x.u[U_TEXT]));
      D.cols.forEach(function (c, i) { r.push(m.indexOf(i) >= 0 ? "1" : ""); });
      r.push(cell(coder), cell(v.c || ""));
      rows.push(r.join(","));
    });
    return "\ufeff" + rows.join("\r\n") + "\r\n";
  }
  function download() {
    var name = "gold-" + (coder.trim().replace(/[^\w.-]+/g, "_") || "review") + ".csv";
    var a = el("a");
    a.href = URL.createObjectURL(new Blob([exportCsv()], { type: "text/csv;charset=utf-8" }));
    a.download = name;
    document.body.appendChild(a);
    a.click();
    setTimeout(function () { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  $("export").addEventListener("click", download);

  /* ---------------------------------------------------------------- */
  /* keys                                                              */

  document.addEventListener("keydown", function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
    var tag = ev.target.tagName;
    if (tag === "INPUT" || tag === "SELECT" || tag === "TEXTAREA") {
      if (ev.key === "Escape") ev.target.blur();
      return;
    }
    var x = current(), c = x ? chips(x) : [], sel = c[chip];
    switch (ev.key) {
    case "j": case "ArrowDown": move(1, false); break;
    case "k": case "ArrowUp": move(-1, false); break;
    case " ": move(1, true); break;
    case "l": case "ArrowRight": case "Tab":
      if (c.length) { chip = (chip + 1) % c.length; paint(x); }
      break;
    case "h": case "ArrowLeft":
      if (c.length) { chip = (chip + c.length - 1) % c.length; paint(x); }
      break;
    case "a": if (sel) decide(sel.col, 1); break;
    case "r": if (sel) decide(sel.col, -1); break;
    case "A": decideAll(1); break;
    case "R": decideAll(-1); break;
    case "Enter": validate(); break;
    case "t": case "+": openPicker(); break;
    case "c": openComment(); break;
    case "u": undo(); break;
    case "e": download(); break;
    default: return;
    }
    ev.preventDefault();
  });
  ["f-doc", "f-theme", "f-speaker", "f-todo"].forEach(function (id) { $(id).addEventListener("change", build); });

  /* for tests and the curious: the decisions as the export writes them */
  window.grilleReview = { exportCsv: exportCsv, key: KEY };

  /* Chromium may drop the connection of a page's localStorage to the
   * browser's store when the page asks for it before the browser has
   * taken the page's document as committed (the request travels on its
   * own pipe and can overtake the commit: the browser then finds the
   * frame still on its previous document and "fails to bind", see
   * DOMStorageContextWrapper::IsRequestValid).  Nothing says so to the
   * page: it gets an empty localStorage that keeps its writes for itself,
   * so that it restores nothing, or what it saves is lost when it is
   * closed.  A page that reads localStorage as its script first runs,
   * as this one did, loses that race when the browser is busy.  So the
   * first access waits for an answer from navigator.storage, which the
   * browser gives on the document's own interfaces, bound only once it
   * has committed the document. */
  function afterCommit(then) {
    var done = false;
    function go() { if (!done) { done = true; then(); } }
    try {
      if (navigator.storage && navigator.storage.estimate) { navigator.storage.estimate().then(go, go); return; }
    } catch (e) { /* no such API: nothing to wait for */ }
    go();
  }
  afterCommit(function () {
    load();
    $("coder").value = coder;
    if (!storage) warnStorage();
    build();
    /* the time from navigation to a page that answers keys, in ms */
    window.grilleReviewReady = performance.now();
    document.body.dataset.ready = "1";
  });
})();

/* read_html.c - HTML: noScribe's transcripts as timed turns, any other
 * page as its block text.
 *
 * noScribe (github.com/kaixxx/noScribe, noScribe.py) writes one <p> per
 * speaker turn inside <div class="WordSection1">, after a header: a
 * title (the audio file's name), a grey <span> ("Transcrit avec noScribe
 * vers. 0.6.2" <br> "Fichier audio : …" <br> "(options)") and an empty
 * <p>.  Each recognised segment is <a name="ts_START_END_SPEAKER">
 * (milliseconds; versions before 0.5 write ts_START_END), the first of a
 * turn starting with the label "S00: " (or the name given to noScribe,
 * "S00: [00:01:12] " with visible timestamps, "S00 [00:01:12]: " before
 * 0.5).  Pauses are anchors too, " (..)", "(12 secondes pause)": not
 * speech, they are left out.  Overlapping speech is " //S01: …//" inside
 * the turn, kept as written.  The head has
 * <meta name="audio_source" content="…">.  noScribeEdit and Word keep the
 * anchors when they save, as empty <a name> markers.
 *
 * Other HTML: each block (p, h1-h6, li, td, blockquote, div with text…)
 * is a line, <br> ends a line, <pre> keeps its lines and spaces; head,
 * script and style are left out.  The charset is the one the document
 * declares, else UTF-8 (else Windows-1252, with a note, when the bytes
 * are not UTF-8). */
#include "source.h"
#include "utf8.h"
#include "xmlsafe.h"
#include <stdio.h>

typedef struct anchor {
    int set;
    long start_ms;
    int has_field;       /* ts_START_END_SPEAKER rather than ts_START_END */
    const char *speaker; /* in the tree; without an overlap mark "//" */
} anchor;

typedef struct html {
    source *s;
    int noscribe;
    gbuf line; /* the block being read, blanks collapsed */
    int pending_space;
    unsigned pre; /* inside <pre> */
    /* noScribe */
    anchor first;           /* of the block being read */
    xmlNodePtr title, info; /* noScribe's header paragraphs */
    int audio_set;
    const char *audio; /* <meta name="audio_source">, in the tree */
} html;

/* ------------------------------------------------------------------ */
/* small text tests                                                    */

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

static int is_digit(char c) { return c >= '0' && c <= '9'; }

static int is_utf8(const char *t) {
    size_t n = strlen(t);
    return utf8_valid_prefix((const unsigned char *)t, n) == n;
}

/* "[01:02:03]", noScribe's visible timestamp */
static int is_timestamp(const char *t, size_t n) {
    static const char pat[] = "[00:00:00]";
    if (n < 10) return 0;
    for (size_t i = 0; i < 10; i++)
        if (pat[i] == '0' ? !is_digit(t[i]) : t[i] != pat[i]) return 0;
    return 1;
}

/* A block that only marks pauses: "(..)", "(...) (12 secondes pause)". */
static int only_pauses(const char *t, size_t n) {
    size_t i = 0, marks = 0;
    for (;;) {
        while (i < n && is_blank(t[i])) i++;
        if (i == n) return marks > 0;
        if (t[i] != '(') return 0;
        size_t j = i + 1;
        while (j < n && t[j] != ')' && t[j] != '(') j++;
        if (j == n || t[j] != ')' || j == i + 1) return 0;
        int dots = 1;
        for (size_t k = i + 1; k < j; k++) dots &= t[k] == '.';
        if (!dots && !is_digit(t[i + 1])) return 0;
        marks++;
        i = j + 1;
    }
}

/* ------------------------------------------------------------------ */
/* speaker labels                                                      */

/* Length of the space at t[i]: a space, a tab, or the no-break spaces
 * French typing puts before a colon (U+00A0, U+202F); 0 for none. */
static size_t space_at(const char *t, size_t n, size_t i) {
    const unsigned char *u = (const unsigned char *)t;
    if (i < n && (t[i] == ' ' || t[i] == '\t')) return 1;
    if (i + 1 < n && u[i] == 0xC2 && u[i + 1] == 0xA0) return 2;
    if (i + 2 < n && u[i] == 0xE2 && u[i + 1] == 0x80 && u[i + 2] == 0xAF) return 3;
    return 0;
}

/* Length of the spaces that end t[0..e). */
static size_t spaces_before(const char *t, size_t e) {
    size_t k = 0;
    for (;;) {
        if (e > k && t[e - k - 1] == ' ') k++;
        else if (e >= k + 2 && space_at(t, e, e - k - 2) == 2) k += 2;
        else if (e >= k + 3 && space_at(t, e, e - k - 3) == 3) k += 3;
        else return k;
    }
}

/* From the label's end: an old-style timestamp, the colon, the blanks.
 * Returns the offset of the speech, or 0 when no colon ends the label. */
static size_t after_label(const char *t, size_t n, size_t i) {
    for (size_t k; (k = space_at(t, n, i));) i += k;
    if (is_timestamp(t + i, n - i)) {
        i += 10;
        for (size_t k; (k = space_at(t, n, i));) i += k;
    }
    if (i >= n || t[i] != ':') return 0;
    i++;
    if (i < n && !is_blank(t[i]) && !space_at(t, n, i)) return 0;
    for (size_t k; i < n && (k = is_blank(t[i]) ? 1 : space_at(t, n, i));) i += k;
    return i;
}

/* A label someone typed ("Enquêtrice", "Marie Dupont"): up to four
 * words, no sentence punctuation, then a colon.  Sets *b0, *b1 to the
 * name and returns the speech's offset, or 0. */
static size_t typed_label(const char *t, size_t n, size_t *b0, size_t *b1) {
    size_t i = n >= 2 && t[0] == '/' && t[1] == '/' ? 2 : 0, start = i, words = 1;
    while (i < n && i - start < 48 && t[i] != ':' && t[i] != '[') {
        if (strchr(".?!,;()\"\n\t", t[i])) return 0;
        if (t[i] == ' ' && i + 1 < n && t[i + 1] != ' ' && t[i + 1] != ':' && t[i + 1] != '[') words++;
        i++;
    }
    size_t e = i - spaces_before(t + start, i - start);
    if (e == start || words > 4 || is_digit(t[start])) return 0;
    size_t speech = after_label(t, n, e);
    if (!speech) return 0;
    *b0 = start;
    *b1 = e;
    return speech;
}

/* "S00", "S12": what noScribe calls the voices it tells apart. */
static int numbered_voice(const char *t, size_t n) {
    if (n < 2 || t[0] != 'S') return 0;
    for (size_t i = 1; i < n; i++)
        if (!is_digit(t[i])) return 0;
    return 1;
}

/* Finds the turn's label, given what its anchor says.  Returns the
 * speech's offset; *b0 == *b1 when there is no label. */
static size_t find_label(const anchor *a, const char *t, size_t n, size_t *b0, size_t *b1) {
    *b0 = *b1 = 0;
    size_t speech;
    if (!a->set) return source_speaker_prefix(t, n, b0, b1, &speech) ? speech : 0;
    if (a->has_field && !a->speaker[0]) return 0; /* noScribe ran without speaker detection */
    size_t k = strlen(a->speaker), skip = n >= 2 && t[0] == '/' && t[1] == '/' ? 2 : 0;
    if (k && n - skip > k && memcmp(t + skip, a->speaker, k) == 0) {
        if ((speech = after_label(t, n, skip + k))) {
            *b0 = skip;
            *b1 = skip + k;
            return speech;
        }
    }
    speech = typed_label(t, n, b0, b1);
    /* a renamed label, or before 0.5 (no speaker in the anchor) "S00" only */
    if (speech && (a->has_field || numbered_voice(t + *b0, *b1 - *b0))) return speech;
    *b0 = *b1 = 0;
    return 0;
}

/* ------------------------------------------------------------------ */
/* noScribe blocks                                                     */

/* ts_START_END or ts_START_END_SPEAKER */
static int parse_anchor(const char *name, anchor *a) {
    if (!name || strncmp(name, "ts_", 3) != 0 || !is_utf8(name)) return 0;
    const char *p = name + 3;
    long v[2];
    for (int k = 0; k < 2; k++) {
        if (!is_digit(*p)) return 0;
        long x = 0;
        /* past 11 days the value stops growing: no overflow, still "late" */
        for (; is_digit(*p); p++) x = x > 100000000L ? x : x * 10 + (*p - '0');
        v[k] = x;
        if (k == 0 && *p++ != '_') return 0;
    }
    if (*p && *p != '_') return 0;
    memset(a, 0, sizeof *a);
    a->set = 1;
    a->start_ms = v[0];
    a->has_field = *p == '_';
    if (*p == '_') p++;
    if (p[0] == '/' && p[1] == '/') p += 2; /* overlapping speech */
    a->speaker = p;
    return 1;
}

static const char *anchor_name(xmlNodePtr n) {
    const char *v = xmlsafe_attr(n, NULL, "name");
    return v && strncmp(v, "ts_", 3) == 0 ? v : xmlsafe_attr(n, NULL, "id");
}

/* A segment's anchor: the block's time and speaker come from its first
 * one.  An anchor whose whole text is a pause mark is not speech: it is
 * left out (1 returned), and gives no time (it starts before the words). */
static int note_anchor(html *h, xmlNodePtr n) {
    anchor a;
    if (!parse_anchor(anchor_name(n), &a)) return 0;
    gbuf t = {0};
    if (xmlsafe_text(n, &t)) {
        gbuf_free(&t);
        return GRILLE_ENOMEM;
    }
    int pause = only_pauses(t.data, t.len);
    gbuf_free(&t);
    if (!pause && !h->first.set) h->first = a;
    return pause;
}

/* A header line "Fichier audio : C:\x.mp3" follows "… noScribe vers. …". */
static int header_vars(html *h, const char *t, size_t n) {
    const char *end = t + n, *line = t;
    int after_credit = 0;
    while (line < end) {
        const char *nl = memchr(line, '\n', (size_t)(end - line));
        const char *le = nl ? nl : end;
        const char *colon = NULL;
        for (const char *p = line; p + 1 < le && !colon; p++)
            if (*p == ':' && p[1] == ' ') colon = p;
        if (after_credit && colon && !h->audio_set) {
            h->audio_set = 1;
            if (source_add_var(h->s, "audio", colon + 2, (size_t)(le - colon - 2))) return GRILLE_ENOMEM;
        }
        after_credit = 0;
        for (const char *p = line; p + 8 <= le; p++)
            if (grille_ascii_ieq_n(p, "noscribe", 8)) after_credit = 1;
        line = le + (nl != NULL);
    }
    return GRILLE_OK;
}

/* A paragraph of a noScribe transcript: a turn (a cue) unless it is
 * the header; a paragraph without an anchor, added by hand, is a turn
 * with no time. */
static int noscribe_block(html *h, xmlNodePtr block, const char *t, size_t n) {
    const anchor *a = &h->first;
    if (block && block == h->info) return header_vars(h, t, n);
    if ((block && block == h->title) || only_pauses(t, n)) return GRILLE_OK;
    size_t b0, b1, speech = find_label(a, t, n, &b0, &b1);
    const char *spk = b1 > b0 ? t + b0 : (a->set && a->speaker[0] ? a->speaker : NULL);
    size_t spk_len = b1 > b0 ? b1 - b0 : (spk ? strlen(spk) : 0);
    /* the turn's time is written by source_cue(): not twice */
    while (speech < n && is_blank(t[speech])) speech++;
    if (is_timestamp(t + speech, n - speech)) speech += 10;
    return source_cue(h->s, spk, spk_len, a->set ? a->start_ms : -1, t + speech, n - speech);
}

/* ------------------------------------------------------------------ */
/* lines                                                               */

/* Ends the block being read (block: the element that ends, NULL when a
 * nested block starts): a line of text, or a noScribe turn. */
static int end_block(html *h, xmlNodePtr block) {
    int rc = GRILLE_OK;
    h->pending_space = 0;
    if (h->noscribe) rc = noscribe_block(h, block, h->line.data ? h->line.data : "", h->line.len);
    else if (h->line.len && (source_append(h->s, h->line.data, h->line.len) || source_puts(h->s, "\n")))
        rc = GRILLE_ENOMEM;
    h->line.len = 0;
    memset(&h->first, 0, sizeof h->first);
    return rc;
}

/* <br>: a line break inside the block (a noScribe turn stays one turn). */
static int line_break(html *h) {
    h->pending_space = 0;
    if (h->noscribe) return gbuf_putc(&h->line, '\n') ? GRILLE_ENOMEM : GRILLE_OK;
    int rc = source_append(h->s, h->line.data, h->line.len) || source_puts(h->s, "\n");
    h->line.len = 0;
    return rc ? GRILLE_ENOMEM : GRILLE_OK;
}

static int put_pre(html *h, const char *t) {
    for (; *t; t++) {
        if (*t == '\r') continue;
        if (*t == '\n' && !h->noscribe) {
            if (line_break(h)) return GRILLE_ENOMEM;
        } else if (gbuf_putc(&h->line, *t)) {
            return GRILLE_ENOMEM;
        }
    }
    return GRILLE_OK;
}

/* HTML's white space: runs of blanks are one space, none at a line's start or end. */
static int put_text(html *h, const char *t) {
    if (h->pre) return put_pre(h, t);
    while (*t) {
        if (is_blank(*t)) {
            if (h->line.len && h->line.data[h->line.len - 1] != '\n') h->pending_space = 1;
            t++;
            continue;
        }
        size_t n = 0;
        while (t[n] && !is_blank(t[n])) n++;
        if (h->pending_space && gbuf_putc(&h->line, ' ')) return GRILLE_ENOMEM;
        h->pending_space = 0;
        if (gbuf_append(&h->line, t, n)) return GRILLE_ENOMEM;
        t += n;
    }
    return GRILLE_OK;
}

/* libxml2 2.9's HTML parser lets bytes that are not UTF-8 through into
 * its tree when a page says UTF-8 and is not: each such byte becomes
 * U+FFFD, as in a browser, so that the text stays UTF-8. */
static int put_valid(html *h, const char *t) {
    size_t n = strlen(t), ok = utf8_valid_prefix((const unsigned char *)t, n);
    if (ok == n) return put_text(h, t);
    gbuf b = {0};
    int rc = GRILLE_OK;
    for (;;) {
        if (gbuf_append(&b, t, ok)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        if (ok == n) break;
        if (gbuf_append(&b, "\xEF\xBF\xBD", 3)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        t += ok + 1;
        n -= ok + 1;
        ok = utf8_valid_prefix((const unsigned char *)t, n);
    }
    if (!rc) rc = put_text(h, b.data);
    gbuf_free(&b);
    return rc;
}

/* ------------------------------------------------------------------ */
/* the walk                                                            */

static int in_list(const char *name, const char *const *list) {
    for (; *list; list++)
        if (strcmp(name, *list) == 0) return 1;
    return 0;
}

static const char *const blocks[] = {
    "address", "article", "aside", "blockquote", "body",     "caption",    "center", "dd",      "details",
    "dialog",  "div",     "dl",    "dt",         "fieldset", "figcaption", "figure", "footer",  "form",
    "h1",      "h2",      "h3",    "h4",         "h5",       "h6",         "header", "hgroup",  "hr",
    "legend",  "li",      "main",  "nav",        "ol",       "p",          "pre",    "section", "summary",
    "table",   "tbody",   "td",    "tfoot",      "th",       "thead",      "tr",     "ul",      NULL};

static const char *const hidden[] = {"head",   "script", "style", "template", "noscript", "title",
                                     "iframe", "object", "svg",   "math",     NULL};

static int visit(void *ctx, xmlNodePtr n, int leaving) {
    html *h = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE)
        return n->content && put_valid(h, (const char *)n->content) ? GRILLE_ENOMEM : XMLSAFE_SKIP;
    if (n->type != XML_ELEMENT_NODE) return XMLSAFE_SKIP;
    const char *name = (const char *)n->name;
    if (leaving) {
        if (strcmp(name, "pre") == 0) h->pre--;
        return in_list(name, blocks) ? end_block(h, n) : GRILLE_OK;
    }
    if (in_list(name, hidden)) return XMLSAFE_SKIP;
    if (strcmp(name, "br") == 0) return line_break(h) ? GRILLE_ENOMEM : XMLSAFE_SKIP;
    if (h->noscribe && strcmp(name, "a") == 0) {
        int pause = note_anchor(h, n);
        if (pause) return pause < 0 ? pause : XMLSAFE_SKIP;
    }
    if (strcmp(name, "pre") == 0) h->pre++;
    if (in_list(name, blocks) && end_block(h, NULL)) return GRILLE_ENOMEM;
    return XMLSAFE_DESCEND;
}

/* ------------------------------------------------------------------ */
/* the head, the charset, the whole                                    */

/* noScribe's <meta name="audio_source">, the generic <title>. */
static int read_head(html *h, xmlNodePtr head) {
    for (xmlNodePtr n = head ? head->children : NULL; n; n = n->next) {
        const char *name = xmlsafe_attr(n, NULL, "name");
        const char *content = xmlsafe_attr(n, NULL, "content");
        if (xmlsafe_is(n, NULL, "meta") && name && content && strcmp(name, "audio_source") == 0 && is_utf8(content)) {
            h->audio_set = 1;
            h->audio = content;
            if (source_add_var(h->s, "audio", content, strlen(content))) return GRILLE_ENOMEM;
        } else if (xmlsafe_is(n, NULL, "title")) {
            gbuf t = {0};
            int rc = xmlsafe_text(n, &t);
            if (!rc && is_utf8(t.data)) rc = source_add_var(h->s, "titre", t.data, t.len);
            gbuf_free(&t);
            if (rc) return rc;
        }
    }
    return GRILLE_OK;
}

/* A page is noScribe's when it has its anchors: the meta alone is not
 * enough (a page whose anchors were all deleted is read as plain HTML,
 * not as a header that never ends). */
static int find_anchor(void *ctx, xmlNodePtr n, int leaving) {
    anchor a;
    if (leaving || n->type != XML_ELEMENT_NODE) return leaving ? GRILLE_OK : XMLSAFE_SKIP;
    if (strcmp((const char *)n->name, "a") == 0 && parse_anchor(anchor_name(n), &a)) {
        *(int *)ctx = 1;
        return GRILLE_EUSAGE; /* found: stop the walk */
    }
    return XMLSAFE_DESCEND;
}

/* The title noScribe writes is the audio file's name without its
 * directory and extension; with no audio_source to compare, any text. */
static int is_title(const html *h, const char *t, size_t n) {
    if (!h->audio) return 1;
    const char *base = h->audio, *dot = NULL;
    for (const char *p = h->audio; *p; p++) {
        if (*p == '/' || *p == '\\') {
            base = p + 1;
            dot = NULL;
        } else if (*p == '.') {
            dot = p;
        }
    }
    size_t k = dot ? (size_t)(dot - base) : strlen(base), b = 0;
    while (b < n && is_blank(t[b])) b++;
    while (n > b && is_blank(t[n - 1])) n--;
    return n - b == k && memcmp(t + b, base, k) == 0;
}

/* noScribe's header is the paragraph naming it ("Transcrit avec noScribe
 * vers. 0.7", the audio file, the options) and the title before it (the
 * audio file's name).  Found before the turns are read, so that a
 * paragraph someone added above the turns is read, not taken for it. */
static int find_header(void *ctx, xmlNodePtr n, int leaving) {
    html *h = ctx;
    anchor a;
    if (leaving || n->type != XML_ELEMENT_NODE) return leaving ? GRILLE_OK : XMLSAFE_SKIP;
    if (strcmp((const char *)n->name, "a") == 0 && parse_anchor(anchor_name(n), &a))
        return GRILLE_EUSAGE; /* the turns begin: no header after them */
    if (strcmp((const char *)n->name, "p") != 0) return XMLSAFE_DESCEND;
    gbuf t = {0};
    if (xmlsafe_text(n, &t)) {
        gbuf_free(&t);
        return GRILLE_ENOMEM;
    }
    int credit = 0, visible = 0;
    for (size_t i = 0; i < t.len; i++) {
        visible |= !is_blank(t.data[i]);
        credit |= i + 8 <= t.len && grille_ascii_ieq_n(t.data + i, "noscribe", 8);
    }
    if (credit) {
        gbuf_free(&t);
        h->info = n;
        return GRILLE_EUSAGE;
    }
    if (visible) h->title = is_title(h, t.data, t.len) ? n : NULL;
    gbuf_free(&t);
    return XMLSAFE_DESCEND;
}

/* A BOM or a <meta> naming a charset in the first 8 KiB. */
static int declares_charset(const char *d, size_t n) {
    if (n >= 2 && (memcmp(d, "\xFE\xFF", 2) == 0 || memcmp(d, "\xFF\xFE", 2) == 0)) return 1;
    if (n >= 3 && memcmp(d, "\xEF\xBB\xBF", 3) == 0) return 1;
    if (n > 8192) n = 8192;
    for (size_t i = 0; i + 5 <= n; i++) {
        if (d[i] != '<' || !grille_ascii_ieq_n(d + i + 1, "meta", 4)) continue;
        for (size_t j = i + 5; j + 7 <= n && d[j] != '>'; j++)
            if (grille_ascii_ieq_n(d + j, "charset", 7)) return 1;
    }
    return 0;
}

static int read_doc(source *s, xmlDocPtr doc) {
    html h;
    memset(&h, 0, sizeof h);
    h.s = s;
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr head = xmlsafe_child(root, NULL, "head"), body = xmlsafe_child(root, NULL, "body");
    int rc = read_head(&h, head);
    if (!rc) (void)xmlsafe_walk(body, find_anchor, &h.noscribe);
    if (!rc && h.noscribe && xmlsafe_walk(body, find_header, &h) == GRILLE_ENOMEM) rc = GRILLE_ENOMEM;
    if (!h.info) h.title = NULL; /* no credit line: no header at all */
    if (!rc) rc = xmlsafe_walk(body ? body : root, visit, &h);
    if (!rc) rc = end_block(&h, NULL);
    if (!rc && h.noscribe) rc = source_cues_done(s);
    gbuf_free(&h.line);
    return rc;
}

int source_read_html(source *s, const char *data, size_t len, grille_error *err) {
    const char *enc = NULL;
    if (!declares_charset(data, len)) {
        enc = "UTF-8";
        if (utf8_valid_prefix((const unsigned char *)data, len) != len) {
            enc = "windows-1252";
            if (source_note(s, 0, 0, "no charset declared and the bytes are not UTF-8: read as Windows-1252"))
                return grille_fail(err, GRILLE_ENOMEM, s->name, 0, 0, 0, "out of memory");
        }
    }
    xmlDocPtr doc;
    int rc = xmlsafe_parse_html(data, len, s->name, enc, &doc, err);
    if (rc || !doc) return rc;
    rc = read_doc(s, doc);
    xmlFreeDoc(doc);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, s->name, 0, 0, 0, "out of memory");
    return rc;
}

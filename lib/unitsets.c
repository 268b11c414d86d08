/* unitsets.c - see unitsets.h. */
#include "unitsets.h"
#include "utf8.h"

void unitsets_free(unitsets *u) {
    free(u->autoset);
    free(u->goldset);
    free(u->units);
    free(u->judged);
    memset(u, 0, sizeof *u);
}

long unitsets_find(const unitsets *u, size_t idx) {
    size_t lo = 0, hi = u->nunits;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (u->units[mid].index < idx) lo = mid + 1;
        else hi = mid;
    }
    return lo < u->nunits && u->units[lo].index == idx ? (long)lo : -1;
}

static void mark(const grille_codebook *cb, unsigned char *row, int theme) {
    row[theme] |= SET_DIRECT;
    for (int t = theme; t >= 0; t = codebook_theme_parent(cb, t)) row[t] |= SET_ROLLED;
}

/* Whether the shorter id ends the longer one at a '/': a gold written
 * for "illustratifs/ei-01" fits a run on that folder ("ei-01"), but
 * "ville/ei-01" does not fit "campagne/ei-01". */
static int same_document(const char *gold_id, const char *doc_id) {
    size_t a = strlen(gold_id), b = strlen(doc_id);
    if (a == b) return strcmp(gold_id, doc_id) == 0;
    const char *lng = a > b ? gold_id : doc_id, *sht = a > b ? doc_id : gold_id;
    size_t nl = a > b ? a : b, ns = a > b ? b : a;
    return lng[nl - ns - 1] == '/' && strcmp(lng + nl - ns, sht) == 0;
}

/* Whether a table's text is the unit's: spaces of any kind and length are
 * one space, the quote a spreadsheet export puts before a leading = + -
 * or @ does not count, and the ends are trimmed. */
static int is_space_at(const char *s, size_t n, size_t i, size_t *len) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') return *len = 1, 1;
    if (c == 0xC2 && i + 1 < n && (unsigned char)s[i + 1] == 0xA0) return *len = 2, 1;
    if (c == 0xE2 && i + 2 < n && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89))
        return *len = 3, 1;
    return 0;
}

/* The next byte of s in normalised form, or -1 at the end. */
static int next_norm(const char *s, size_t n, size_t *i, int *pending_space) {
    size_t len;
    while (*i < n && is_space_at(s, n, *i, &len)) {
        *i += len;
        *pending_space = 1;
    }
    if (*i >= n) return -1;
    if (*pending_space) {
        *pending_space = 0;
        return ' ';
    }
    return (unsigned char)s[(*i)++];
}

static int same_text(const char *a, size_t na, const char *b, size_t nb) {
    size_t i = 0, j = 0;
    int sa = 0, sb = 0, x, y;
    /* leading spaces dropped: start as if one was already emitted */
    size_t len;
    while (i < na && is_space_at(a, na, i, &len)) i += len;
    while (j < nb && is_space_at(b, nb, j, &len)) j += len;
    do {
        x = next_norm(a, na, &i, &sa);
        y = next_norm(b, nb, &j, &sb);
    } while (x == y && x >= 0);
    return x == y;
}

static int unit_text_is(const grille_document *doc, const grille_unit *u, const char *text) {
    const char *t = grille_document_text(doc) + u->span.byte_start;
    size_t n = u->span.byte_end - u->span.byte_start, m = strlen(text);
    if (same_text(t, n, text, m)) return 1;
    /* a formula guard the spreadsheet kept */
    return m > 1 && text[0] == '\'' && strchr("=+-@", text[1]) && same_text(t, n, text + 1, m - 1);
}

/* Describes up to three units whose text moved in msg. */
static void describe_moved(const unitsets *u, const grille_document *doc, const grille_gold_span *sp, gbuf *msg,
                           size_t nmoved) {
    if (nmoved > 3) return;
    const char *t = grille_document_text(doc);
    long now = -1;
    for (size_t k = 0; k < u->nunits && now < 0; k++)
        if (unit_text_is(doc, &u->units[k], sp->text)) now = (long)u->units[k].index;
    long k = unitsets_find(u, sp->unit);
    size_t glen = strlen(sp->text), gcut = utf8_cut(sp->text, glen, 60);
    gbuf_printf(msg, "%s unit %zu (gold line %u) is \"%.*s%s\" in the gold", nmoved > 1 ? ";" : "", sp->unit, sp->line,
                (int)gcut, sp->text, gcut < glen ? "..." : "");
    if (k >= 0) {
        const grille_span *s = &u->units[k].span;
        size_t n = s->byte_end - s->byte_start, cut = utf8_cut(t + s->byte_start, n, 60);
        gbuf_printf(msg, " but \"%.*s%s\" in the transcript", (int)cut, t + s->byte_start, cut < n ? "..." : "");
    }
    if (now >= 0) gbuf_printf(msg, " (now unit %ld)", now);
}

/* The byte offset of code point cp of doc, found from the unit k that
 * holds it (units carry both kinds of offsets); (size_t)-1 when cp is
 * past the unit. */
static size_t byte_of(const grille_document *doc, const grille_unit *u, size_t cp) {
    const unsigned char *t = (const unsigned char *)grille_document_text(doc);
    size_t b = u->span.byte_start;
    for (size_t c = u->span.cp_start; c < cp; c++) {
        if (b >= u->span.byte_end) return (size_t)-1;
        do b++;
        while ((t[b] & 0xC0) == 0x80);
    }
    return b;
}

/* REFI-QDA tools (and grille import qdpx) do not count a leading byte
 * order mark; grille's offsets count it, as a code point of the file.
 * A span whose quote is found one code point further in a transcript
 * that starts with one was counted without it: 1, else 0. */
static size_t bom_shift(const grille_document *doc, const unitsets *u, size_t lo, const grille_gold_span *sp) {
    const char *t = grille_document_text(doc);
    if (!sp->text || !sp->text[0] || memcmp(t, "\xEF\xBB\xBF", 3) != 0 || lo >= u->nunits) return 0;
    size_t q = strlen(sp->text);
    for (size_t shift = 0; shift < 2; shift++) {
        /* the unit holding the (shifted) start */
        size_t k = lo;
        while (k < u->nunits && u->units[k].span.cp_end <= sp->cp_start + shift) k++;
        if (k >= u->nunits || u->units[k].span.cp_start > sp->cp_start + shift) continue;
        size_t b = byte_of(doc, &u->units[k], sp->cp_start + shift);
        if (b != (size_t)-1 && b + q <= strlen(t) && memcmp(t + b, sp->text, q) == 0) return shift;
    }
    return 0;
}

int unitsets_build(const grille_codebook *cb, const grille_coding *c, const grille_gold *gold, const char *coder,
                   const char *gold_name, unitsets *u, unsigned char *row_found, grille_error *err) {
    memset(u, 0, sizeof *u);
    const grille_document *doc = grille_coding_document(c);
    u->nunits = grille_coding_unit_count(c);
    u->nthemes = codebook_theme_count(cb);
    size_t cells = u->nunits * u->nthemes + 1, nmoved = 0;
    gbuf moved = {0};
    u->autoset = calloc(cells, 1);
    u->goldset = calloc(cells, 1);
    u->units = calloc(u->nunits + 1, sizeof *u->units);
    u->judged = calloc(u->nunits + 1, 1);
    if (!u->autoset || !u->goldset || !u->units || !u->judged) goto nomem;
    for (size_t i = 0; i < u->nunits; i++)
        grille_document_unit_get(doc, grille_codebook_unit(cb), grille_coding_unit_get(c, i), &u->units[i]);
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        long k = unitsets_find(u, s->unit_index);
        if (k >= 0) mark(cb, u->autoset + (size_t)k * u->nthemes, s->theme);
    }
    for (size_t g = 0; g < grille_gold_count(gold); g++) {
        grille_gold_span sp;
        grille_gold_get(gold, g, &sp);
        if (coder && strcmp(coder, sp.coder) != 0) continue;
        if (!same_document(sp.document, grille_document_id(doc))) continue;
        u->has_gold = 1;
        if (row_found) row_found[g] |= GOLD_ROW_DOCUMENT;
        int t = sp.theme[0] ? codebook_theme_find(cb, sp.theme) : -1;
        if (t < 0 && sp.theme[0]) {
            unitsets_free(u);
            gbuf_free(&moved);
            return grille_fail(err, GRILLE_EUSAGE, gold_name, sp.line, 0, 0, "theme '%s' is not in the codebook %s",
                               sp.theme, codebook_name(cb));
        }
        if (sp.unit != GRILLE_NONE) {
            long k = unitsets_find(u, sp.unit);
            if (k < 0) continue; /* not a unit of coded speech: the caller says so */
            if (!unit_text_is(doc, &u->units[k], sp.text)) {
                /* one message for the document, however many themes the row has */
                if (g == 0 || gold->v[g - 1].line != sp.line) {
                    nmoved++;
                    describe_moved(u, doc, &sp, &moved, nmoved);
                }
                continue;
            }
            if (row_found) row_found[g] |= GOLD_ROW_UNIT;
            u->judged[k] = 1;
            if (t >= 0) mark(cb, u->goldset + (size_t)k * u->nthemes, t);
            continue;
        }
        /* units overlapping [cp_start, cp_end): they are in file order */
        size_t lo = 0, hi = u->nunits;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (u->units[mid].span.cp_end <= sp.cp_start) lo = mid + 1;
            else hi = mid;
        }
        size_t shift = bom_shift(doc, u, lo > 0 ? lo - 1 : 0, &sp);
        if (shift) {
            sp.cp_start += shift;
            sp.cp_end += shift;
            while (lo < u->nunits && u->units[lo].span.cp_end <= sp.cp_start) lo++;
        }
        int any = 0;
        for (size_t k = lo; k < u->nunits && u->units[k].span.cp_start < sp.cp_end; k++) {
            mark(cb, u->goldset + k * u->nthemes, t);
            any = 1;
        }
        if (!any) u->outside++;
        else if (row_found) row_found[g] |= GOLD_ROW_UNIT;
    }
    if (u->has_gold && !gold->units) memset(u->judged, 1, u->nunits);
    if (moved.failed) goto nomem; /* never a message cut short */
    if (nmoved) {
        int rc =
            nmoved > 1
                ? grille_fail(err, GRILLE_EUSAGE, gold_name, 0, 0, 0,
                              "%s has changed since the gold was made: %zu units of the gold no longer "
                              "hold their text:%s%s; make the table again with 'grille gold template' "
                              "and copy the codings over",
                              grille_document_id(doc), nmoved, moved.data ? moved.data : "", nmoved > 3 ? "; ..." : "")
                : grille_fail(err, GRILLE_EUSAGE, gold_name, 0, 0, 0,
                              "%s has changed since the gold was made: %zu unit of the gold no longer "
                              "holds its text:%s%s; make the table again with 'grille gold template' "
                              "and copy the codings over",
                              grille_document_id(doc), nmoved, moved.data ? moved.data : "", nmoved > 3 ? "; ..." : "");
        gbuf_free(&moved);
        unitsets_free(u);
        return rc;
    }
    return GRILLE_OK;
nomem:
    gbuf_free(&moved);
    unitsets_free(u);
    return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
}

int unitsets_judged(const grille_codebook *cb, const grille_gold *gold, unsigned char *judged, grille_error *err) {
    if (!gold || !gold->ncolumns) {
        memset(judged, 1, codebook_theme_count(cb));
        return GRILLE_OK;
    }
    memset(judged, 0, codebook_theme_count(cb));
    for (size_t c = 0; c < gold->ncolumns; c++) {
        int t = codebook_theme_find(cb, gold->columns[c]);
        if (t < 0)
            return grille_fail(err, GRILLE_EUSAGE, gold->name, 1, 0, 0,
                               "the column '%s' is not a theme of the codebook %s (the theme columns "
                               "must be named by theme ids)",
                               gold->columns[c], codebook_name(cb));
        for (; t >= 0; t = codebook_theme_parent(cb, t)) judged[t] = 1;
    }
    return GRILLE_OK;
}

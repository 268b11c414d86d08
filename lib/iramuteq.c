/* iramuteq.c - coded material as an Iramuteq/Alceste corpus, so that it
 * can go on to a Reinert classification: one text per turn of coded
 * speech, starred with the document's variables, the speaker and, for
 * each top-level theme, whether the turn speaks of it (*thmissions_1). */
#include "codebook_view.h"
#include "strmap.h"
#include <stdio.h>
#include <utf8proc.h>

/* Letters and digits of s, accents removed (Iramuteq's star lines are
 * safest in plain ASCII); other characters become sep (or vanish). */
static void ascii_word(gbuf *out, const char *s, char sep) {
    /* ligatures have no decomposition: spell them out first */
    static const struct {
        const char *from, *to;
    } ligatures[] = {
        {"\xC5\x93", "oe"}, {"\xC5\x92", "OE"}, {"\xC3\xA6", "ae"}, {"\xC3\x86", "AE"}, {"\xC3\x9F", "ss"}};
    gbuf spelt = {0};
    for (const char *q = s; *q;) {
        size_t i, k = sizeof ligatures / sizeof ligatures[0];
        for (i = 0; i < k; i++)
            if (strncmp(q, ligatures[i].from, 2) == 0) break;
        if (i < k) {
            gbuf_append(&spelt, ligatures[i].to, 2);
            q += 2;
        } else gbuf_putc(&spelt, *q++);
    }
    if (spelt.failed) out->failed = 1; /* the line is not written */
    if (spelt.data) s = spelt.data;
    utf8proc_uint8_t *m = NULL;
    utf8proc_ssize_t mapped =
        utf8proc_map((const utf8proc_uint8_t *)s, -1, &m,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK);
    if (mapped < 0) {
        /* out of memory, or not UTF-8 (then the accents stay, dropped below) */
        if (mapped == UTF8PROC_ERROR_NOMEM) out->failed = 1;
        free(m);
        m = NULL;
    }
    const char *p = m ? (const char *)m : s;
    int pending = 0, wrote = 0;
    for (; *p; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) {
            /* a separator between words of the value, never before it */
            if (pending && wrote && sep) gbuf_putc(out, sep);
            pending = 0;
            wrote = 1;
            gbuf_putc(out, c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c);
        } else pending = 1;
    }
    free(m);
    gbuf_free(&spelt);
}

/* The star name of a key: its ASCII letters and digits, "var" if none. */
static void star_name(gbuf *out, const char *key) {
    size_t at = out->len;
    ascii_word(out, key, 0);
    if (out->len == at) gbuf_append(out, "var", 3);
}

static void star(gbuf *line, const char *name, const char *value) {
    gbuf_append(line, " *", 2);
    gbuf_append(line, name, strlen(name));
    gbuf_putc(line, '_');
    size_t at = line->len;
    ascii_word(line, value, '-');
    if (line->len == at) gbuf_append(line, "na", 2);
}

/* The star names a document's variables cannot have: grille's own. */
static int reserve(strmap *taken, const grille_codebook *cb) {
    gbuf b = {0};
    int bad = 0;
    int *slot = strmap_put(taken, "doc", 3, NULL);
    if (slot) *slot = 0;
    if (!slot || !(slot = strmap_put(taken, "loc", 3, NULL))) bad = 1;
    else *slot = 0;
    for (size_t t = 0; t < codebook_theme_count(cb) && !bad; t++) {
        if (codebook_theme_parent(cb, t) >= 0) continue;
        b.len = 0;
        gbuf_append(&b, "th", 2);
        ascii_word(&b, codebook_theme_id(cb, t), 0);
        if (!b.data || b.failed || !(slot = strmap_put(taken, b.data, b.len, NULL))) bad = 1;
        else *slot = 0;
    }
    gbuf_free(&b);
    return bad ? GRILLE_ENOMEM : GRILLE_OK;
}

/* The star name of document variable key in doc: its own unless grille
 * or an earlier variable of the document has it, then with 'v' before
 * it until it is free.  renamed maps a key's star name to the name it
 * was given (so that every document writes it alike); line_names holds
 * the names of this line. */
static int variable_name(gbuf *name, const char *key, strmap *reserved, strmap *line_names, strmap *renamed,
                         gbuf *scratch, const char *doc_id, grille_warn_fn warn, void *warn_ctx) {
    name->len = 0;
    star_name(name, key);
    if (!name->data || name->failed) return GRILLE_ENOMEM;
    size_t base_len = name->len;
    int *slot, created;
    if (strmap_get(reserved, name->data, name->len) >= 0 || strmap_get(line_names, name->data, name->len) >= 0) {
        scratch->len = 0;
        if (gbuf_append(scratch, name->data, base_len)) return GRILLE_ENOMEM;
        while (strmap_get(reserved, name->data, name->len) >= 0 || strmap_get(line_names, name->data, name->len) >= 0) {
            if (gbuf_reserve(name, 1)) return GRILLE_ENOMEM;
            memmove(name->data + 1, name->data, name->len + 1);
            name->data[0] = 'v';
            name->len++;
        }
        if (!(slot = strmap_put(renamed, scratch->data, scratch->len, &created))) return GRILLE_ENOMEM;
        if (created && warn) {
            grille_error w;
            if (strmap_get(reserved, scratch->data, scratch->len) >= 0)
                grille_fail(&w, GRILLE_OK, "", 0, 0, 0,
                            "%s: the variable '%s' is written *%.*s: *%.*s is grille's on the star line", doc_id, key,
                            (int)name->len, name->data, (int)base_len, scratch->data);
            else
                grille_fail(&w, GRILLE_OK, "", 0, 0, 0,
                            "%s: the variable '%s' is written *%.*s: *%.*s is another variable's on the star line",
                            doc_id, key, (int)name->len, name->data, (int)base_len, scratch->data);
            warn(warn_ctx, &w);
        }
        if (created) *slot = 1;
    }
    if (!(slot = strmap_put(line_names, name->data, name->len, NULL))) return GRILLE_ENOMEM;
    *slot = 1;
    return GRILLE_OK;
}

static const char iramuteq_what[] = N_("cannot write the Iramuteq corpus");

/* The writer's state across documents: a renamed variable is written
 * alike in every document, and warned of once. */
struct grille_iramuteq {
    FILE *out;
    const grille_codebook *cb;
    grille_warn_fn warn;
    void *warn_ctx;
    unsigned char *mark; /* top-level themes of the turn */
    gbuf line, name, scratch;
    strmap reserved, renamed;
    int failed;
};

void grille_iramuteq_free(grille_iramuteq *w) {
    if (!w) return;
    free(w->mark);
    gbuf_free(&w->line);
    gbuf_free(&w->name);
    gbuf_free(&w->scratch);
    strmap_free(&w->reserved);
    strmap_free(&w->renamed);
    free(w);
}

grille_iramuteq *grille_iramuteq_new(FILE *out, const grille_codebook *cb, grille_warn_fn warn, void *warn_ctx,
                                     grille_error *err) {
    grille_error_clear(err);
    if (!out || !cb) {
        grille_write_fail(err, GRILLE_EUSAGE, iramuteq_what, !out ? N_("no output stream") : N_("no codebook"));
        return NULL;
    }
    grille_iramuteq *w = calloc(1, sizeof *w);
    if (!w) {
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    w->out = out;
    w->cb = cb;
    w->warn = warn;
    w->warn_ctx = warn_ctx;
    int maps = 0;
    if (strmap_init(&w->reserved) == GRILLE_OK) maps |= 1;
    if (strmap_init(&w->renamed) == GRILLE_OK) maps |= 2;
    w->mark = malloc(codebook_theme_count(cb) + 1);
    if (!w->mark || maps != 3 || reserve(&w->reserved, cb)) {
        /* strmap_free() takes a map whose init failed */
        grille_iramuteq_free(w);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    return w;
}

int grille_iramuteq_add(grille_iramuteq *w, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!w || !c) return grille_write_fail(err, GRILLE_EUSAGE, iramuteq_what, !w ? N_("no writer") : N_("no coding"));
    if (w->failed) return grille_write_fail(err, GRILLE_EUSAGE, iramuteq_what, N_("an earlier document failed"));
    const grille_codebook *cb = w->cb;
    size_t nt = codebook_theme_count(cb);
    unsigned char *mark = w->mark;
    gbuf *line = &w->line, *name = &w->name;
    strmap line_names;
    int bad = 0;
    const grille_document *doc = grille_coding_document(c);
    const char *text = grille_document_text(doc);
    size_t nu = grille_coding_unit_count(c), seg = 0;
    for (size_t i = 0; i < nu && !bad;) {
        /* the units of one turn */
        grille_unit u;
        grille_document_unit_get(doc, grille_codebook_unit(cb), grille_coding_unit_get(c, i), &u);
        size_t turn = u.turn, j = i;
        memset(mark, 0, nt);
        grille_unit tu;
        grille_document_unit_get(doc, GRILLE_UNIT_TURN, turn, &tu);
        for (; j < nu; j++) {
            grille_unit v;
            grille_document_unit_get(doc, grille_codebook_unit(cb), grille_coding_unit_get(c, j), &v);
            if (v.turn != turn) break;
            while (seg < grille_coding_segment_count(c) && grille_coding_segment_get(c, seg)->unit_index < v.index)
                seg++;
            for (; seg < grille_coding_segment_count(c) && grille_coding_segment_get(c, seg)->unit_index == v.index;
                 seg++) {
                int t = grille_coding_segment_get(c, seg)->theme;
                while (codebook_theme_parent(cb, t) >= 0) t = codebook_theme_parent(cb, t);
                mark[t] = 1;
            }
        }
        line->len = 0;
        gbuf_append(line, "****", 4);
        star(line, "doc", grille_document_id(doc));
        if (strmap_init(&line_names)) {
            bad = 1;
            break;
        }
        for (size_t k = 0; k < grille_document_variable_count(doc) && !bad; k++) {
            const char *key, *val;
            grille_document_variable_get(doc, k, &key, &val);
            /* long free-text values (titles) would make one modality each */
            if (strcmp(key, "titre") == 0 || strcmp(key, "title") == 0 || strcmp(key, "interviewers") == 0 ||
                strcmp(key, "source") == 0 || strcmp(key, "turns") == 0 || strcmp(key, "speakers") == 0)
                continue;
            /* a document's variables, and so its renames, are the same
             * on every line: warn on the first line of a document only */
            bad = variable_name(name, key, &w->reserved, &line_names, &w->renamed, &w->scratch, grille_document_id(doc),
                                w->warn, w->warn_ctx) != GRILLE_OK;
            if (!bad) star(line, name->data, val);
        }
        strmap_free(&line_names);
        if (bad) break;
        star(line, "loc", grille_document_turn_speaker(doc, turn));
        for (size_t t = 0; t < nt; t++) {
            if (codebook_theme_parent(cb, t) >= 0) continue;
            gbuf_append(line, " *th", 4);
            ascii_word(line, codebook_theme_id(cb, t), 0);
            gbuf_append(line, mark[t] ? "_1" : "_0", 2);
        }
        gbuf_putc(line, '\n');
        /* the turn's text on one line; '*' would start a variable */
        for (size_t b = tu.span.byte_start; b < tu.span.byte_end; b++) {
            char ch = text[b];
            gbuf_putc(line, ch == '\n' || ch == '\r' || ch == '\t' || ch == '*' ? ' ' : ch);
        }
        gbuf_putc(line, '\n');
        /* a line cut short by a failed append is never written */
        if (line->failed || name->failed) {
            bad = 1;
            break;
        }
        if (line->data) fwrite(line->data, 1, line->len, w->out);
        i = j;
    }
    if (bad) {
        w->failed = 1;
        return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    }
    return GRILLE_OK;
}

int grille_iramuteq_close(grille_iramuteq *w, grille_error *err) {
    grille_error_clear(err);
    if (!w) return GRILLE_OK;
    int failed = w->failed;
    FILE *out = w->out;
    grille_iramuteq_free(w);
    if (failed) return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return grille_write_end(out, err, iramuteq_what);
}

int grille_export_iramuteq(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                           grille_warn_fn warn, void *warn_ctx, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, iramuteq_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, iramuteq_what, N_("no codebook"));
    if (n && !codings) return grille_write_fail(err, GRILLE_EUSAGE, iramuteq_what, N_("no coding"));
    grille_iramuteq *w = grille_iramuteq_new(out, cb, warn, warn_ctx, err);
    if (!w) return err ? err->code : GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t d = 0; d < n && rc == GRILLE_OK; d++) rc = grille_iramuteq_add(w, codings[d], err);
    if (rc) {
        grille_iramuteq_free(w);
        return rc;
    }
    return grille_iramuteq_close(w, err);
}

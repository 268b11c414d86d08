/* matrix.c - theme x document and theme x variable tables.  By default a
 * parent theme counts the units coded with it or with any of its
 * sub-themes (each unit once), as researchers read a hierarchical grid;
 * "leaves" keeps only the themes without sub-themes. */
#include "codebook_view.h"
#include "output.h"
#include "tab.h"
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <unicode/ucol.h>

/* One column's counts; theme t's are at [t] of each array (one block). */
typedef struct column {
    char *name;
    size_t coded;    /* units coded with any theme */
    size_t units;    /* units in coded speech */
    size_t words;    /* words in coded speech */
    size_t ndocs;    /* documents */
    size_t stamp;    /* the last document counted in ndocs (its number + 1) */
    size_t *cells;   /* coded units */
    size_t *hits;    /* rule hits */
    size_t *docs;    /* documents with a coded unit */
    size_t *primary; /* units whose primary theme it is */
    size_t *seen;    /* the last document counted in docs, per theme */
} column;

/* Columns by name, in the order they came (a hash of names to find one). */
typedef struct columns {
    column **v;
    size_t n, cap;
    size_t *slot; /* 0 or index + 1; nslots a power of two */
    size_t nslots;
} columns;

struct grille_matrix {
    const grille_codebook *cb;
    grille_matrix_options opts;
    char *by;                 /* opts.by_variable, copied; NULL: by document */
    int by_speaker;           /* by is "speaker": columns are speakers */
    int doc_has, speaker_has; /* a document has the variable by; a speaker */
    columns by_doc;           /* columns: documents, or the document variable's values */
    columns by_attr;          /* columns: the speakers' values of by (when no
                               * document has it, this is the matrix) */
    columns *cols;            /* the matrix's, once ended */
    size_t ndocs;             /* documents added */
    int ended;
    unsigned char *row;  /* which themes are rows */
    unsigned char *mark; /* scratch: the themes of one unit */
};

int grille_measure_parse(const char *name) {
    static const char *const names[] = {"count", "share", "per1000", "presence", "primary", NULL};
    for (int i = 0; name && names[i]; i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

static void columns_free(columns *c) {
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i]->name);
        free(c->v[i]->cells);
        free(c->v[i]);
    }
    free(c->v);
    free(c->slot);
    memset(c, 0, sizeof *c);
}

void grille_matrix_free(grille_matrix *m) {
    if (!m) return;
    columns_free(&m->by_doc);
    columns_free(&m->by_attr);
    free(m->by);
    free(m->row);
    free(m->mark);
    free(m);
}

static int rehash(columns *c) {
    size_t n = c->nslots ? c->nslots * 2 : 64;
    size_t *slot = calloc(n, sizeof *slot);
    if (!slot) return GRILLE_ENOMEM;
    for (size_t i = 0; i < c->n; i++) {
        size_t h = grille_hash(c->v[i]->name, strlen(c->v[i]->name)) & (n - 1);
        while (slot[h]) h = (h + 1) & (n - 1);
        slot[h] = i + 1;
    }
    free(c->slot);
    c->slot = slot;
    c->nslots = n;
    return GRILLE_OK;
}

/* The column called name, made (with zero counts) if new; NULL out of memory. */
static column *column_of(columns *c, const char *name, size_t nt) {
    if (c->nslots) {
        size_t h = grille_hash(name, strlen(name)) & (c->nslots - 1);
        for (; c->slot[h]; h = (h + 1) & (c->nslots - 1))
            if (strcmp(c->v[c->slot[h] - 1]->name, name) == 0) return c->v[c->slot[h] - 1];
    }
    if (GROW(c->v, c->n, c->cap)) return NULL;
    column *k = calloc(1, sizeof *k);
    if (!k) return NULL;
    k->name = grille_strdup(name);
    k->cells = calloc(5 * nt + 1, sizeof *k->cells);
    if (!k->name || !k->cells) {
        free(k->name);
        free(k->cells);
        free(k);
        return NULL;
    }
    k->hits = k->cells + nt;
    k->docs = k->hits + nt;
    k->primary = k->docs + nt;
    k->seen = k->primary + nt;
    c->v[c->n++] = k;
    if (c->n * 2 > c->nslots) return rehash(c) ? NULL : k; /* (places it) */
    size_t h = grille_hash(name, strlen(name)) & (c->nslots - 1);
    while (c->slot[h]) h = (h + 1) & (c->nslots - 1);
    c->slot[h] = c->n;
    return k;
}

/* Variable values sort in French order (ICU collator), so that "Île" sits
 * with the I's; documents keep the corpus order. */
static int by_collation(const void *a, const void *b, void *ctx) {
    UCollator *coll = ctx;
    const char *x = (*(column *const *)a)->name, *y = (*(column *const *)b)->name;
    if (!coll) return strcmp(x, y);
    UErrorCode st = U_ZERO_ERROR;
    return ucol_strcollUTF8(coll, x, -1, y, -1, &st);
}

static int sort_columns(columns *c) {
    UErrorCode st = U_ZERO_ERROR;
    UCollator *coll = ucol_open("fr", &st);
    int rc = grille_sort(c->v, c->n, sizeof *c->v, by_collation, U_SUCCESS(st) ? coll : NULL);
    if (coll) ucol_close(coll);
    /* (the hash is not used after this) */
    return rc;
}

static size_t unit_turn(const grille_codebook *cb, const grille_coding *c, size_t i) {
    grille_unit u;
    grille_document_unit_get(grille_coding_document(c), grille_codebook_unit(cb), grille_coding_unit_get(c, i), &u);
    return u.turn;
}

static const char *speaker_column(const grille_document *doc, size_t turn, const char *by) {
    const char *label = grille_document_turn_speaker(doc, turn);
    if (grille_ascii_ieq(by, "speaker")) return label && *label ? label : "(none)";
    const char *v = grille_document_speaker_lookup(doc, grille_document_turn_speaker_index(doc, turn), by);
    return v && *v ? v : "(none)";
}

grille_matrix *grille_matrix_begin(const grille_codebook *cb, const grille_matrix_options *opts, grille_error *err) {
    grille_error_clear(err);
    if (!cb) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
        return NULL;
    }
    grille_matrix_options o;
    if (GRILLE_OPTIONS_COPY(grille_matrix_options, GRILLE_MATRIX_OPTIONS_INIT, by_variable, o, opts, err)) return NULL;
    size_t nt = codebook_theme_count(cb);
    grille_matrix *m = calloc(1, sizeof *m);
    if (!m) goto nomem;
    m->cb = cb;
    m->opts = o;
    m->opts.by_variable = NULL; /* not kept: the caller's string */
    if (o.by_variable) {
        if (!(m->by = grille_strdup(o.by_variable))) goto nomem;
        m->by_speaker = grille_ascii_ieq(m->by, "speaker");
    }
    if (!(m->row = calloc(nt + 1, 1)) || !(m->mark = calloc(nt + 1, 1))) goto nomem;
    for (size_t t = 0; t < nt; t++)
        m->row[t] = !(m->opts.flags & GRILLE_MATRIX_LEAVES) || !codebook_has_children(cb, t);
    return m;
nomem:
    grille_matrix_free(m);
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

/* Counts the coding c into the columns cols: the document's column, or,
 * per_unit, each unit's speaker's. */
static int count(grille_matrix *m, columns *cols, const grille_coding *c, int per_unit, const char *as) {
    const grille_codebook *cb = m->cb;
    const grille_document *doc = grille_coding_document(c);
    size_t nt = codebook_theme_count(cb), stamp = m->ndocs + 1;
    column *whole = NULL;
    if (!per_unit) {
        const char *name = as ? as : grille_document_id(doc);
        if (m->by && !(name = grille_document_variable_lookup(doc, m->by))) name = "(none)";
        if (!(whole = column_of(cols, name, nt))) return GRILLE_ENOMEM;
        if (whole->stamp != stamp) {
            whole->stamp = stamp;
            whole->ndocs++;
        }
    }
    for (size_t i = 0; i < grille_coding_unit_count(c); i++) {
        column *k = whole ? whole : column_of(cols, speaker_column(doc, unit_turn(cb, c, i), m->by), nt);
        if (!k) return GRILLE_ENOMEM;
        k->units++;
        k->words += grille_coding_unit_words(c, i);
        if (k->stamp != stamp) {
            k->stamp = stamp;
            k->ndocs++;
        }
    }
    size_t n = grille_coding_segment_count(c);
    for (size_t i = 0; i < n;) {
        /* segments of one unit are adjacent */
        const grille_segment *first = grille_coding_segment_get(c, i);
        size_t unit = first->unit_index, j = i;
        column *k = whole ? whole : column_of(cols, speaker_column(doc, first->turn, m->by), nt);
        if (!k) return GRILLE_ENOMEM;
        memset(m->mark, 0, nt);
        for (; j < n && grille_coding_segment_get(c, j)->unit_index == unit; j++) {
            const grille_segment *s = grille_coding_segment_get(c, j);
            for (int t = s->theme; t >= 0;
                 t = m->opts.flags & GRILLE_MATRIX_LEAVES ? -1 : codebook_theme_parent(cb, t)) {
                m->mark[t] = 1;
                k->hits[t] += s->hit_count;
                k->primary[t] += (size_t)((s->flags & GRILLE_SEGMENT_PRIMARY) != 0);
            }
        }
        int in_rows = 0;
        for (size_t t = 0; t < nt; t++)
            if (m->mark[t]) {
                k->cells[t]++;
                if (k->seen[t] != stamp) {
                    k->seen[t] = stamp;
                    k->docs[t]++;
                }
                in_rows |= m->row[t];
            }
        /* with leaves only, a unit coded by a parent's own rules is in
         * no row: it is not counted as coded either */
        k->coded += (size_t)in_rows;
        i = j;
    }
    return GRILLE_OK;
}

int grille_matrix_add(grille_matrix *m, const grille_coding *c, grille_error *err) {
    if (!m || !c) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
    if (m->ended) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "the matrix is already ended");
    const grille_document *doc = grille_coding_document(c);
    int rc;
    if (m->by_speaker) rc = count(m, &m->by_doc, c, 1, NULL);
    else {
        rc = count(m, &m->by_doc, c, 0, NULL);
        /* a variable that only speakers have makes speakers' columns:
         * counted both ways until the end tells which */
        if (!rc && m->by && !m->doc_has) {
            if (grille_document_variable_lookup(doc, m->by)) {
                m->doc_has = 1;
                columns_free(&m->by_attr);
            } else {
                for (size_t s = 0; !m->speaker_has && s < grille_document_speaker_count(doc); s++)
                    m->speaker_has = grille_document_speaker_lookup(doc, s, m->by) != NULL;
                rc = count(m, &m->by_attr, c, 1, NULL);
            }
        }
    }
    m->ndocs++;
    if (rc) return grille_fail(err, rc, "", 0, 0, 0, "out of memory");
    return GRILLE_OK;
}

int matrix_add_as(grille_matrix *m, const grille_coding *c, const char *name) {
    if (!m || m->by || m->ended || !c || !name) return GRILLE_EUSAGE;
    int rc = count(m, &m->by_doc, c, 0, name);
    m->ndocs++;
    return rc;
}

int grille_matrix_by_found(const grille_matrix *m) {
    return m && (!m->by || m->by_speaker || m->doc_has || m->speaker_has);
}

int grille_matrix_end(grille_matrix *m, grille_error *err) {
    if (!m) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
    if (m->ended) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "the matrix is already ended");
    m->ended = 1;
    m->cols = &m->by_doc;
    if (m->by && !m->by_speaker && !m->doc_has && m->speaker_has) m->cols = &m->by_attr;
    if (m->by && m->cols->n > 1 && sort_columns(m->cols))
        return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return GRILLE_OK;
}

grille_matrix *matrix_regroup(const grille_matrix *docs, const char *key, const char *const *values, size_t n,
                              grille_error *err) {
    /* one column per document: ids are unique in a corpus, and the
     * columns are those of the documents as they were added */
    if (!docs || docs->by || docs->by_doc.n != n || docs->ndocs != n) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "not a matrix by document");
        return NULL;
    }
    grille_matrix_options o = GRILLE_MATRIX_OPTIONS_INIT;
    o.by_variable = key; /* NULL: by document, values[d] its id */
    o.flags = docs->opts.flags;
    grille_matrix *m = grille_matrix_begin(docs->cb, &o, err);
    if (!m) return NULL;
    size_t nt = codebook_theme_count(docs->cb);
    /* a document's column summed into its value's: every count is a sum
     * over documents (docs[t] is 0 or 1 in a document's column) */
    for (size_t d = 0; d < n; d++) {
        const column *src = docs->by_doc.v[d];
        column *k = column_of(&m->by_doc, values[d] ? values[d] : "(none)", nt);
        /* (by document, two documents of one id share their column, as
         * grille_matrix_add() counts them) */
        if (!k) {
            grille_matrix_free(m);
            grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
            return NULL;
        }
        m->doc_has |= values[d] != NULL;
        k->coded += src->coded;
        k->units += src->units;
        k->words += src->words;
        k->ndocs += src->ndocs;
        for (size_t t = 0; t < nt; t++) {
            k->cells[t] += src->cells[t];
            k->hits[t] += src->hits[t];
            k->docs[t] += src->docs[t];
            k->primary[t] += src->primary[t];
        }
    }
    m->ndocs = n;
    if (grille_matrix_end(m, err)) {
        grille_matrix_free(m);
        return NULL;
    }
    return m;
}

grille_matrix *grille_matrix_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                                 const grille_matrix_options *opts, grille_error *err) {
    if (n && !codings) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
        return NULL;
    }
    grille_matrix *m = grille_matrix_begin(cb, opts, err);
    for (size_t d = 0; m && d < n; d++)
        if (grille_matrix_add(m, codings[d], err)) {
            grille_matrix_free(m);
            return NULL;
        }
    if (m && grille_matrix_end(m, err)) {
        grille_matrix_free(m);
        return NULL;
    }
    return m;
}

/* The columns of an ended matrix (none before grille_matrix_end()). */
static size_t ncols(const grille_matrix *m) { return m && m->cols ? m->cols->n : 0; }
static const column *col(const grille_matrix *m, size_t k) { return m->cols->v[k]; }

size_t grille_matrix_column_count(const grille_matrix *m) { return ncols(m); }
const char *grille_matrix_column_name(const grille_matrix *m, size_t k) {
    return k < ncols(m) ? col(m, k)->name : NULL;
}
size_t grille_matrix_cell(const grille_matrix *m, size_t row, size_t k) {
    if (k >= ncols(m) || row >= codebook_theme_count(m->cb)) return 0;
    return col(m, k)->cells[row];
}
size_t grille_matrix_column_units(const grille_matrix *m, size_t k) { return k < ncols(m) ? col(m, k)->units : 0; }

/* The measure for theme t over the columns in [c0, c1). */
static double value_over(const grille_matrix *m, size_t t, size_t c0, size_t c1) {
    size_t cells = 0, hits = 0, docs = 0, units = 0, words = 0, primary = 0;
    for (size_t c = c0; c < c1; c++) {
        const column *k = col(m, c);
        cells += k->cells[t];
        primary += k->primary[t];
        hits += k->hits[t];
        docs += k->docs[t];
        units += k->units;
        words += k->words;
    }
    switch (m->opts.measure) {
    case GRILLE_MEASURE_COUNT: return (double)cells;
    case GRILLE_MEASURE_SHARE: return units ? 100.0 * (double)cells / (double)units : NAN;
    case GRILLE_MEASURE_PER1000: return words ? 1000.0 * (double)hits / (double)words : NAN;
    case GRILLE_MEASURE_PRESENCE: return (double)docs;
    case GRILLE_MEASURE_PRIMARY: return (double)primary;
    }
    return 0;
}

double grille_matrix_value(const grille_matrix *m, size_t row, size_t k) {
    if (k >= ncols(m) || row >= codebook_theme_count(m->cb)) return 0;
    return value_over(m, row, k, k + 1);
}

/* A share or a rate with one decimal, a count or a presence as an
 * integer; NaN (no unit or word) is NA in text, an empty cell in a sheet. */
static void put_value(tab *t, const grille_matrix *m, double v) {
    int rate = m->opts.measure == GRILLE_MEASURE_SHARE || m->opts.measure == GRILLE_MEASURE_PER1000;
    tab_num(t, v, rate ? 1 : 0);
}

/* A row of per-column counts: the field of each column at offset off. */
static void count_row(tab *t, const grille_matrix *m, const char *id, const char *label, size_t off) {
    tab_cstr(t, id);
    tab_cstr(t, label);
    size_t total = 0;
    for (size_t c = 0; c < ncols(m); c++) {
        size_t v = *(const size_t *)((const char *)col(m, c) + off);
        tab_int(t, v);
        total += v;
    }
    tab_int(t, total);
    tab_eol(t);
}

static size_t shown_rows(const grille_matrix *m) {
    size_t n = 0;
    for (size_t t = 0; t < codebook_theme_count(m->cb); t++) n += m->row[t] != 0;
    return n;
}

/* One row per column (document), one column per theme. */
static void write_transposed(tab *t, const grille_matrix *m) {
    const grille_codebook *cb = m->cb;
    tab_head(t, TAB_TR(t, "column"));
    for (size_t th = 0; th < codebook_theme_count(cb); th++)
        if (m->row[th]) tab_head(t, codebook_theme_id(cb, th));
    tab_head(t, TAB_TR(t, "units"));
    tab_eol(t);
    tab_md_rule(t, 1, shown_rows(m) + 1);
    for (size_t c = 0; c < ncols(m); c++) {
        tab_cstr(t, col(m, c)->name);
        for (size_t th = 0; th < codebook_theme_count(cb); th++)
            if (m->row[th]) put_value(t, m, value_over(m, th, c, c + 1));
        tab_int(t, col(m, c)->units);
        tab_eol(t);
    }
}

/* GRILLE_ENOMEM when a row's label cannot be made: the row would be
 * written without its theme and the table reported whole. */
static int write_matrix(tab *t, const grille_matrix *m) {
    if (m->opts.flags & GRILLE_MATRIX_TRANSPOSE) {
        write_transposed(t, m);
        return GRILLE_OK;
    }
    const grille_codebook *cb = m->cb;
    tab_head(t, TAB_TR(t, "theme"));
    tab_head(t, TAB_TR(t, "label"));
    for (size_t c = 0; c < ncols(m); c++) tab_head(t, col(m, c)->name);
    tab_head(t, TAB_TR(t, "total"));
    tab_eol(t);
    tab_md_rule(t, 2, ncols(m) + 1);
    for (size_t th = 0; th < codebook_theme_count(cb); th++) {
        if (!m->row[th]) continue;
        /* sub-themes are indented in Markdown only: ids stay clean for R */
        const char *id = codebook_theme_id(cb, th);
        gbuf b = {0};
        int bad = 0;
        if (t->fmt == GRILLE_FORMAT_MARKDOWN && codebook_theme_depth(cb, th) > 0 &&
            !(m->opts.flags & GRILLE_MATRIX_LEAVES))
            for (int d = 0; d < codebook_theme_depth(cb, th); d++) bad |= gbuf_append(&b, "&nbsp;&nbsp;", 12);
        bad |= gbuf_append(&b, id, strlen(id));
        if (bad) {
            gbuf_free(&b);
            return GRILLE_ENOMEM;
        }
        tab_str(t, b.data, b.len);
        gbuf_free(&b);
        tab_cstr(t, codebook_theme_label(cb, th));
        for (size_t c = 0; c < ncols(m); c++) put_value(t, m, value_over(m, th, c, c + 1));
        put_value(t, m, value_over(m, th, 0, ncols(m)));
        tab_eol(t);
    }
    count_row(t, m, TAB_TR(t, "(coded units)"), TAB_TR(t, "units coded with at least one theme"),
              offsetof(column, coded));
    count_row(t, m, TAB_TR(t, "(units)"), TAB_TR(t, "units in coded speech"), offsetof(column, units));
    if (m->opts.measure == GRILLE_MEASURE_PER1000)
        count_row(t, m, TAB_TR(t, "(words)"), TAB_TR(t, "words in coded speech"), offsetof(column, words));
    if (m->opts.measure == GRILLE_MEASURE_PRESENCE)
        count_row(t, m, TAB_TR(t, "(documents)"), TAB_TR(t, "documents"), offsetof(column, ndocs));
    return GRILLE_OK;
}

static const char matrix_what[] = N_("cannot write the matrix");

/* GRILLE_EUSAGE when m cannot be written (yet). */
static int check_matrix(const grille_matrix *m, grille_error *err) {
    if (!m) return grille_write_fail(err, GRILLE_EUSAGE, matrix_what, N_("no matrix"));
    if (!m->ended)
        return grille_write_fail(err, GRILLE_EUSAGE, matrix_what, N_("the matrix is not ended (grille_matrix_end())"));
    return GRILLE_OK;
}

int grille_matrix_write(FILE *out, grille_format fmt, const grille_matrix *m, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, matrix_what, N_("no output stream"));
    int rc = check_matrix(m, err);
    if (rc) return rc;
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, matrix_what, fmt);
    tab t;
    tab_text(&t, out, fmt);
    t.lang = m->opts.language;
    tab_bom(out, fmt);
    rc = write_matrix(&t, m);
    if (rc) grille_write_fail(err, rc, matrix_what, N_("out of memory"));
    int done = tab_done(&t, rc ? NULL : err, matrix_what);
    return rc ? rc : done;
}

int grille_matrix_write_sheet(grille_workbook *wb, const char *sheet, const grille_matrix *m, grille_error *err) {
    grille_error_clear(err);
    if (!wb) return grille_write_fail(err, GRILLE_EUSAGE, matrix_what, N_("no workbook"));
    int rc = check_matrix(m, err);
    if (rc) return rc;
    tab t;
    if ((rc = tab_sheet(&t, wb, sheet ? sheet : "matrix", err))) return rc;
    rc = write_matrix(&t, m);
    if (rc) grille_write_fail(err, rc, matrix_what, N_("out of memory"));
    int done = tab_done(&t, rc ? NULL : err, matrix_what);
    return rc ? rc : done;
}

/* ------------------------------------------------------------------ */
/* Counts saved and added back (grille merge): a matrix of a part of the
 * corpus, written as text, added to the matrix of the whole in corpus
 * order gives what counting the whole would.  The text:
 *   grille-matrix 1 NTHEMES LEAVES BYLEN:BY NDOCS DOC_HAS SPEAKER_HAS
 *   c SET CODED UNITS WORDS NDOCS NAMELEN:NAME   (SET 0: by_doc, 1: by_attr)
 *   t THEME CELLS HITS DOCS PRIMARY             (non-zero themes of that column)
 *   .
 * Names are length-prefixed: a document id may hold any byte. */

static const char saved_what[] = N_("cannot save the matrix");

static int save_columns(FILE *out, const columns *c, int set, size_t nt) {
    for (size_t i = 0; i < c->n; i++) {
        const column *k = c->v[i];
        if (fprintf(out, "c %d %zu %zu %zu %zu %zu:", set, k->coded, k->units, k->words, k->ndocs, strlen(k->name)) <
                0 ||
            fputs(k->name, out) == EOF || fputc('\n', out) == EOF)
            return -1;
        for (size_t t = 0; t < nt; t++)
            if ((k->cells[t] || k->hits[t] || k->docs[t] || k->primary[t]) &&
                fprintf(out, "t %zu %zu %zu %zu %zu\n", t, k->cells[t], k->hits[t], k->docs[t], k->primary[t]) < 0)
                return -1;
    }
    return 0;
}

int grille_matrix_save(FILE *out, const grille_matrix *m, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, saved_what, N_("no output stream"));
    if (!m) return grille_write_fail(err, GRILLE_EUSAGE, saved_what, N_("no matrix"));
    if (m->ended) return grille_write_fail(err, GRILLE_EUSAGE, saved_what, N_("the matrix is already ended"));
    size_t nt = codebook_theme_count(m->cb);
    const char *by = m->by ? m->by : "";
    if (fprintf(out, "grille-matrix 1 %zu %d %zu:%s %zu %d %d\n", nt, (m->opts.flags & GRILLE_MATRIX_LEAVES) != 0,
                strlen(by), by, m->ndocs, m->doc_has, m->speaker_has) < 0 ||
        save_columns(out, &m->by_doc, 0, nt) || save_columns(out, &m->by_attr, 1, nt) || fputs(".\n", out) == EOF)
        return grille_write_fail(err, GRILLE_EIO, saved_what, N_("write error"));
    return GRILLE_OK;
}

/* A reader of the saved text: numbers and length-prefixed strings. */
typedef struct saved {
    const char *p, *end;
} saved;

static int saved_lit(saved *s, const char *lit) {
    size_t n = strlen(lit);
    if ((size_t)(s->end - s->p) < n || memcmp(s->p, lit, n) != 0) return -1;
    s->p += n;
    return 0;
}

static int saved_num(saved *s, size_t *v) {
    size_t x = 0;
    const char *start = s->p;
    while (s->p < s->end && *s->p >= '0' && *s->p <= '9') {
        size_t d = (size_t)(*s->p++ - '0');
        if (x > (SIZE_MAX - d) / 10) return -1;
        x = x * 10 + d;
    }
    *v = x;
    return s->p == start ? -1 : 0;
}

/* " N" */
static int saved_field(saved *s, size_t *v) { return saved_lit(s, " ") || saved_num(s, v); }

/* " LEN:BYTES": the bytes stay in the text (not terminated). */
static int saved_str(saved *s, const char **str, size_t *len) {
    if (saved_field(s, len) || saved_lit(s, ":") || (size_t)(s->end - s->p) < *len) return -1;
    *str = s->p;
    s->p += *len;
    return 0;
}

/* Adds the saved columns of one set to cols; s is on the first "c" line
 * of the set, or past them. */
static int add_saved_column(grille_matrix *m, saved *s, columns *cols, size_t nt) {
    size_t v[4], len;
    const char *name;
    for (int i = 0; i < 4; i++)
        if (saved_field(s, &v[i])) return GRILLE_EUSAGE;
    if (saved_str(s, &name, &len) || saved_lit(s, "\n") || memchr(name, '\0', len)) return GRILLE_EUSAGE;
    column *k = NULL;
    if (cols) {
        char *copy = malloc(len + 1);
        if (!copy) return GRILLE_ENOMEM;
        memcpy(copy, name, len);
        copy[len] = '\0';
        k = column_of(cols, copy, nt);
        free(copy);
        if (!k) return GRILLE_ENOMEM;
        k->coded += v[0];
        k->units += v[1];
        k->words += v[2];
        k->ndocs += v[3];
    }
    while (saved_lit(s, "t") == 0) {
        size_t t, c[4];
        if (saved_field(s, &t) || t >= nt) return GRILLE_EUSAGE;
        for (int i = 0; i < 4; i++)
            if (saved_field(s, &c[i])) return GRILLE_EUSAGE;
        if (saved_lit(s, "\n")) return GRILLE_EUSAGE;
        if (k) {
            k->cells[t] += c[0];
            k->hits[t] += c[1];
            k->docs[t] += c[2];
            k->primary[t] += c[3];
        }
    }
    (void)m;
    return GRILLE_OK;
}

int grille_matrix_add_saved(grille_matrix *m, const char *text, size_t len, grille_error *err) {
    grille_error_clear(err);
    if (!m || (!text && len)) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no matrix or no text");
    if (m->ended) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "the matrix is already ended");
    saved s = {text, text + len};
    size_t nt = codebook_theme_count(m->cb), snt, leaves, bylen, ndocs, doc_has, speaker_has;
    const char *by;
    const char *mby = m->by ? m->by : "";
    if (saved_lit(&s, "grille-matrix 1") || saved_field(&s, &snt) || saved_field(&s, &leaves) ||
        saved_str(&s, &by, &bylen) || saved_field(&s, &ndocs) || saved_field(&s, &doc_has) ||
        saved_field(&s, &speaker_has) || saved_lit(&s, "\n"))
        return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "not a saved matrix");
    if (snt != nt || leaves != (size_t)((m->opts.flags & GRILLE_MATRIX_LEAVES) != 0) || bylen != strlen(mby) ||
        memcmp(by, mby, bylen) != 0)
        return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0,
                           "the saved matrix was counted with another codebook or other options");
    /* as grille_matrix_add() does for each document: once one has the
     * variable, the speakers' columns are dropped */
    int use_attr = m->by && !m->by_speaker && !m->doc_has;
    if (use_attr && doc_has) {
        m->doc_has = 1;
        columns_free(&m->by_attr);
        use_attr = 0;
    }
    if (use_attr && speaker_has) m->speaker_has = 1;
    int rc = GRILLE_OK;
    while (rc == GRILLE_OK && saved_lit(&s, "c ") == 0) {
        size_t set;
        if (saved_num(&s, &set) || set > 1) {
            rc = GRILLE_EUSAGE;
            break;
        }
        rc = add_saved_column(m, &s, set == 0 ? &m->by_doc : use_attr ? &m->by_attr : NULL, nt);
    }
    if (rc == GRILLE_OK && (saved_lit(&s, ".\n") || s.p != s.end)) rc = GRILLE_EUSAGE;
    if (rc == GRILLE_ENOMEM) return grille_fail(err, rc, "", 0, 0, 0, "out of memory");
    if (rc) return grille_fail(err, rc, "", 0, 0, 0, "not a saved matrix");
    m->ndocs += ndocs;
    return GRILLE_OK;
}

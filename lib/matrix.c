/* matrix.c - theme x document and theme x variable tables.  By default a
 * parent theme counts the units coded with it or with any of its
 * sub-themes (each unit once), as researchers read a hierarchical grid;
 * "leaves" keeps only the themes without sub-themes. */
#include "codebook_view.h"
#include "output.h"
#include "tab.h"
#include <math.h>
#include <stdio.h>
#include <unicode/ucol.h>

struct grille_matrix {
    const grille_codebook *cb;
    grille_matrix_options opts;
    char **cols;
    size_t ncols;
    size_t *cells;       /* nthemes x ncols: coded units */
    size_t *hits;        /* nthemes x ncols: rule hits */
    size_t *docs;        /* nthemes x ncols: documents with a coded unit */
    size_t *coded;       /* units coded with any theme, per column */
    size_t *units;       /* units in coded speech, per column */
    size_t *words;       /* words in coded speech, per column */
    size_t *ndocs;       /* documents per column */
    unsigned char *row;  /* which themes are rows */
    size_t *primary;     /* nthemes x ncols: units whose primary theme it is */
};

int grille_measure_parse(const char *name) {
    static const char *const names[] = {"count", "share", "per1000", "presence", "primary", NULL};
    for (int i = 0; name && names[i]; i++)
        if (strcmp(name, names[i]) == 0) return i;
    return -1;
}

void grille_matrix_free(grille_matrix *m) {
    if (!m) return;
    for (size_t i = 0; i < m->ncols; i++) free(m->cols[i]);
    free(m->cols);
    free(m->cells);
    free(m->hits);
    free(m->primary);
    free(m->docs);
    free(m->coded);
    free(m->units);
    free(m->words);
    free(m->ndocs);
    free(m->row);
    free(m);
}

static int column_index(grille_matrix *m, const char *name, size_t *cap) {
    for (size_t i = 0; i < m->ncols; i++)
        if (strcmp(m->cols[i], name) == 0) return (int)i;
    if (GROW(m->cols, m->ncols, *cap)) return -1;
    if (!(m->cols[m->ncols] = grille_strdup(name))) return -1;
    return (int)m->ncols++;
}

/* Variable values sort in French order (ICU collator), so that "Île" sits
 * with the I's; documents keep the corpus order. */
static int by_collation(const void *a, const void *b, void *ctx) {
    const char *const *cols = ((void **)ctx)[0];
    UCollator *coll = ((void **)ctx)[1];
    const char *x = cols[*(const int *)a], *y = cols[*(const int *)b];
    if (!coll) return strcmp(x, y);
    UErrorCode st = U_ZERO_ERROR;
    return ucol_strcollUTF8(coll, x, -1, y, -1, &st);
}

/* Reorders every per-column array of m by order. */
static int permute(size_t *v, size_t rows, size_t ncols, const int *order) {
    size_t *tmp = malloc(rows * ncols * sizeof *tmp + 1);
    if (!tmp) return GRILLE_ENOMEM;
    for (size_t r = 0; r < rows; r++)
        for (size_t k = 0; k < ncols; k++) tmp[r * ncols + k] = v[r * ncols + (size_t)order[k]];
    memcpy(v, tmp, rows * ncols * sizeof *tmp);
    free(tmp);
    return GRILLE_OK;
}

static int sort_columns(grille_matrix *m) {
    size_t nt = codebook_theme_count(m->cb), nc = m->ncols;
    int *order = malloc(nc * sizeof *order);
    char **cols = malloc(nc * sizeof *cols);
    if (!order || !cols) { free(order); free(cols); return GRILLE_ENOMEM; }
    for (size_t i = 0; i < nc; i++) order[i] = (int)i;
    UErrorCode st = U_ZERO_ERROR;
    UCollator *coll = ucol_open("fr", &st);
    void *ctx[2] = {m->cols, U_SUCCESS(st) ? coll : NULL};
    int rc = grille_sort(order, nc, sizeof *order, by_collation, ctx);
    if (coll) ucol_close(coll);
    if (!rc) rc = permute(m->cells, nt, nc, order);
    if (!rc) rc = permute(m->hits, nt, nc, order);
    if (!rc) rc = permute(m->docs, nt, nc, order);
    size_t *per_col[] = {m->coded, m->units, m->words, m->ndocs};
    for (size_t a = 0; !rc && a < 4; a++) rc = permute(per_col[a], 1, nc, order);
    if (!rc) {
        for (size_t k = 0; k < nc; k++) cols[k] = m->cols[order[k]];
        memcpy(m->cols, cols, nc * sizeof *cols);
    }
    free(order);
    free(cols);
    return rc;
}

/* Columns by speaker: "speaker", or an attribute of the speakers table
 * that no document has as a variable. */
static int by_speaker(const grille_coding *const *codings, size_t n, const char *by) {
    if (grille_ascii_ieq(by, "speaker")) return 1;
    int speaker_has = 0;
    for (size_t d = 0; d < n; d++) {
        const grille_document *doc = grille_coding_document(codings[d]);
        if (grille_document_get(doc, by)) return 0;
        for (size_t s = 0; !speaker_has && s < grille_document_speaker_count(doc); s++)
            speaker_has = grille_document_speaker_get(doc, s, by) != NULL;
    }
    return speaker_has;
}

static size_t unit_turn(const grille_codebook *cb, const grille_coding *c, size_t i) {
    grille_unit u;
    grille_document_unit(grille_coding_document(c), grille_codebook_unit(cb), grille_coding_unit(c, i), &u);
    return u.turn;
}

static const char *speaker_column(const grille_document *doc, size_t turn, const char *by) {
    const char *label = grille_document_turn_speaker(doc, turn);
    if (grille_ascii_ieq(by, "speaker")) return label && *label ? label : "(none)";
    const char *v = grille_document_speaker_get(doc, grille_document_turn_speaker_index(doc, turn), by);
    return v && *v ? v : "(none)";
}

grille_matrix *grille_matrix_new_opts(const grille_codebook *cb,
                                      const grille_coding *const *codings,
                                      size_t n, const grille_matrix_options *opts,
                                      grille_error *err) {
    grille_error_clear(err);
    if (!cb || (n && !codings)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
        return NULL;
    }
    grille_matrix *m = calloc(1, sizeof *m);
    size_t cap = 0, nt = codebook_theme_count(cb);
    int *col_of = calloc(n + 1, sizeof *col_of);
    unsigned char *mark = calloc(nt + 1, 1), *seen = NULL;
    if (!m || !col_of || !mark) goto nomem;
    m->cb = cb;
    if (opts) m->opts = *opts;
    m->opts.by_variable = NULL; /* not kept: the caller's string */
    if (!(m->row = calloc(nt + 1, 1))) goto nomem;
    for (size_t t = 0; t < nt; t++) m->row[t] = !m->opts.leaves || !codebook_has_children(cb, t);
    const char *by = opts ? opts->by_variable : NULL;
    int per_speaker = by && by_speaker(codings, n, by);
    for (size_t d = 0; d < n; d++) {
        const grille_document *doc = grille_coding_document(codings[d]);
        const char *name = grille_document_id(doc);
        if (by && !(name = grille_document_get(doc, by))) name = "(none)";
        if (!per_speaker && (col_of[d] = column_index(m, name, &cap)) < 0) goto nomem;
        /* with speakers as columns, every unit finds its column */
        for (size_t i = 0; per_speaker && i < grille_coding_unit_count(codings[d]); i++)
            if (column_index(m, speaker_column(doc, unit_turn(cb, codings[d], i), by), &cap) < 0) goto nomem;
    }
    size_t nc = m->ncols;
    if (!(seen = calloc(nt * nc + 1, 1))) goto nomem;
    m->cells = calloc(nt * nc + 1, sizeof *m->cells);
    m->hits = calloc(nt * nc + 1, sizeof *m->hits);
    m->primary = calloc(nt * nc + 1, sizeof *m->primary);
    m->docs = calloc(nt * nc + 1, sizeof *m->docs);
    m->coded = calloc(nc + 1, sizeof *m->coded);
    m->units = calloc(nc + 1, sizeof *m->units);
    m->words = calloc(nc + 1, sizeof *m->words);
    m->ndocs = calloc(nc + 1, sizeof *m->ndocs);
    size_t *cols_seen = calloc(nc + 1, sizeof *cols_seen);
    if (!m->cells || !m->hits || !m->primary || !m->docs || !m->coded || !m->units || !m->words || !m->ndocs || !cols_seen) {
        free(cols_seen);
        goto nomem;
    }
    for (size_t d = 0; d < n; d++) {
        const grille_coding *c = codings[d];
        const grille_document *doc = grille_coding_document(c);
        memset(cols_seen, 0, nc * sizeof *cols_seen);
        for (size_t i = 0; i < grille_coding_unit_count(c); i++) {
            size_t col = per_speaker ? (size_t)column_index(m, speaker_column(doc, unit_turn(cb, c, i), by), &cap)
                                     : (size_t)col_of[d];
            m->units[col]++;
            m->words[col] += grille_coding_unit_words(c, i);
            cols_seen[col] = 1;
        }
        if (!per_speaker) cols_seen[col_of[d]] = 1;
        for (size_t k = 0; k < nc; k++) m->ndocs[k] += cols_seen[k];
        size_t count = grille_coding_count(c);
        for (size_t i = 0; i < count;) {
            /* segments of one unit are adjacent */
            const grille_segment *first = grille_coding_segment(c, i);
            size_t unit = first->unit_index, j = i;
            size_t col = per_speaker ? (size_t)column_index(m, speaker_column(doc, first->turn, by), &cap)
                                     : (size_t)col_of[d];
            memset(mark, 0, nt);
            for (; j < count && grille_coding_segment(c, j)->unit_index == unit; j++) {
                const grille_segment *s = grille_coding_segment(c, j);
                if (m->opts.leaves) {
                    mark[s->theme] = 1;
                    m->hits[(size_t)s->theme * nc + col] += s->hit_count;
                    m->primary[(size_t)s->theme * nc + col] += (size_t)(s->primary != 0);
                } else
                    for (int t = s->theme; t >= 0; t = codebook_theme_parent(cb, t)) {
                        mark[t] = 1;
                        m->hits[(size_t)t * nc + col] += s->hit_count;
                        m->primary[(size_t)t * nc + col] += (size_t)(s->primary != 0);
                    }
            }
            int in_rows = 0;
            for (size_t t = 0; t < nt; t++)
                if (mark[t]) {
                    m->cells[t * nc + col]++;
                    seen[t * nc + col] = 1;
                    in_rows |= m->row[t];
                }
            /* with leaves only, a unit coded by a parent's own rules is in
             * no row: it is not counted as coded either */
            m->coded[col] += (size_t)in_rows;
            i = j;
        }
        for (size_t x = 0; x < nt * nc; x++) {
            m->docs[x] += seen[x];
            seen[x] = 0;
        }
    }
    free(cols_seen);
    if (by && m->ncols > 1 && sort_columns(m)) goto nomem;
    free(col_of);
    free(mark);
    free(seen);
    return m;
nomem:
    free(col_of);
    free(mark);
    free(seen);
    grille_matrix_free(m);
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

grille_matrix *grille_matrix_new(const grille_codebook *cb,
                                 const grille_coding *const *codings,
                                 size_t n, const char *by_variable,
                                 grille_error *err) {
    grille_matrix_options o = {by_variable, GRILLE_MEASURE_COUNT, 0, 0, GRILLE_LANG_EN};
    return grille_matrix_new_opts(cb, codings, n, &o, err);
}

size_t grille_matrix_columns(const grille_matrix *m) { return m ? m->ncols : 0; }
const char *grille_matrix_column_name(const grille_matrix *m, size_t col) {
    return m && col < m->ncols ? m->cols[col] : NULL;
}
size_t grille_matrix_cell(const grille_matrix *m, size_t row, size_t col) {
    if (!m || row >= codebook_theme_count(m->cb) || col >= m->ncols) return 0;
    return m->cells[row * m->ncols + col];
}
size_t grille_matrix_units(const grille_matrix *m, size_t col) {
    return m && col < m->ncols ? m->units[col] : 0;
}

/* The measure for theme t over the columns in [c0, c1). */
static double value_over(const grille_matrix *m, size_t t, size_t c0, size_t c1) {
    size_t cells = 0, hits = 0, docs = 0, units = 0, words = 0, primary = 0;
    for (size_t c = c0; c < c1; c++) {
        cells += m->cells[t * m->ncols + c];
        primary += m->primary[t * m->ncols + c];
        hits += m->hits[t * m->ncols + c];
        docs += m->docs[t * m->ncols + c];
        units += m->units[c];
        words += m->words[c];
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

double grille_matrix_value(const grille_matrix *m, size_t row, size_t col) {
    if (!m || row >= codebook_theme_count(m->cb) || col >= m->ncols) return 0;
    return value_over(m, row, col, col + 1);
}

/* A share or a rate with one decimal, a count or a presence as an
 * integer; NaN (no unit or word) is NA in text, an empty cell in a sheet. */
static void put_value(tab *t, const grille_matrix *m, double v) {
    int rate = m->opts.measure == GRILLE_MEASURE_SHARE || m->opts.measure == GRILLE_MEASURE_PER1000;
    tab_num(t, v, rate ? 1 : 0);
}

static void count_row(tab *t, const char *id, const char *label, const size_t *v, size_t n, size_t total) {
    tab_cstr(t, id);
    tab_cstr(t, label);
    for (size_t c = 0; c < n; c++) tab_int(t, v[c]);
    tab_int(t, total);
    tab_eol(t);
}

static size_t sum(const size_t *v, size_t n) {
    size_t s = 0;
    for (size_t i = 0; i < n; i++) s += v[i];
    return s;
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
    for (size_t c = 0; c < m->ncols; c++) {
        tab_cstr(t, m->cols[c]);
        for (size_t th = 0; th < codebook_theme_count(cb); th++)
            if (m->row[th]) put_value(t, m, value_over(m, th, c, c + 1));
        tab_int(t, m->units[c]);
        tab_eol(t);
    }
}

/* GRILLE_ENOMEM when a row's label cannot be made: the row would be
 * written without its theme and the table reported whole. */
static int write_matrix(tab *t, const grille_matrix *m) {
    if (m->opts.transpose) {
        write_transposed(t, m);
        return GRILLE_OK;
    }
    const grille_codebook *cb = m->cb;
    tab_head(t, TAB_TR(t, "theme"));
    tab_head(t, TAB_TR(t, "label"));
    for (size_t c = 0; c < m->ncols; c++) tab_head(t, m->cols[c]);
    tab_head(t, TAB_TR(t, "total"));
    tab_eol(t);
    tab_md_rule(t, 2, m->ncols + 1);
    for (size_t th = 0; th < codebook_theme_count(cb); th++) {
        if (!m->row[th]) continue;
        /* sub-themes are indented in Markdown only: ids stay clean for R */
        const char *id = codebook_theme_id(cb, th);
        gbuf b = {0};
        int bad = 0;
        if (t->fmt == GRILLE_FORMAT_MARKDOWN && codebook_theme_depth(cb, th) > 0 && !m->opts.leaves)
            for (int d = 0; d < codebook_theme_depth(cb, th); d++) bad |= gbuf_append(&b, "&nbsp;&nbsp;", 12);
        bad |= gbuf_append(&b, id, strlen(id));
        if (bad) {
            gbuf_free(&b);
            return GRILLE_ENOMEM;
        }
        tab_str(t, b.data, b.len);
        gbuf_free(&b);
        tab_cstr(t, codebook_theme_label(cb, th));
        for (size_t c = 0; c < m->ncols; c++) put_value(t, m, value_over(m, th, c, c + 1));
        put_value(t, m, value_over(m, th, 0, m->ncols));
        tab_eol(t);
    }
    count_row(t, TAB_TR(t, "(coded units)"), TAB_TR(t, "units coded with at least one theme"), m->coded, m->ncols,
              sum(m->coded, m->ncols));
    count_row(t, TAB_TR(t, "(units)"), TAB_TR(t, "units in coded speech"), m->units, m->ncols, sum(m->units, m->ncols));
    if (m->opts.measure == GRILLE_MEASURE_PER1000)
        count_row(t, TAB_TR(t, "(words)"), TAB_TR(t, "words in coded speech"), m->words, m->ncols,
                  sum(m->words, m->ncols));
    if (m->opts.measure == GRILLE_MEASURE_PRESENCE)
        count_row(t, TAB_TR(t, "(documents)"), TAB_TR(t, "documents"), m->ndocs, m->ncols, sum(m->ndocs, m->ncols));
    return GRILLE_OK;
}

int grille_matrix_write(FILE *out, grille_format fmt, const grille_matrix *m) {
    if (!out || !m || !tab_text_format(fmt)) return GRILLE_EUSAGE;
    tab t;
    tab_text(&t, out, fmt);
    t.lang = m->opts.language;
    tab_bom(out, fmt);
    int rc = write_matrix(&t, m), done = tab_done(&t);
    return rc ? rc : done;
}

int grille_matrix_write_sheet(grille_workbook *wb, const char *sheet, const grille_matrix *m) {
    if (!wb || !m) return GRILLE_EUSAGE;
    tab t;
    int rc = tab_sheet(&t, wb, sheet ? sheet : "matrix");
    if (rc) return rc;
    rc = write_matrix(&t, m);
    int done = tab_done(&t);
    return rc ? rc : done;
}

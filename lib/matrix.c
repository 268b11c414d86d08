/* matrix.c - theme x document and theme x variable tables.  A parent
 * theme counts the units coded with it or with any of its sub-themes
 * (each unit once), as researchers read a hierarchical grid. */
#include "codebook.h"
#include "output.h"
#include <stdio.h>
#include <unicode/ucol.h>

struct grille_matrix {
    const grille_codebook *cb;
    char **cols;
    size_t ncols;
    size_t *cells;       /* nthemes x ncols */
    size_t *coded;       /* units coded with any theme, per column */
    size_t *units;       /* units in coded speech, per column */
};

void grille_matrix_free(grille_matrix *m) {
    if (!m) return;
    for (size_t i = 0; i < m->ncols; i++) free(m->cols[i]);
    free(m->cols);
    free(m->cells);
    free(m->coded);
    free(m->units);
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
static void sort_columns(char **cols, size_t n, int *order) {
    UErrorCode st = U_ZERO_ERROR;
    UCollator *coll = ucol_open("fr", &st);
    for (size_t i = 0; i < n; i++) order[i] = (int)i;
    for (size_t i = 1; i < n; i++) {
        int v = order[i];
        size_t j = i;
        while (j > 0) {
            int c;
            if (coll) {
                UErrorCode s2 = U_ZERO_ERROR;
                c = ucol_strcollUTF8(coll, cols[order[j - 1]], -1, cols[v], -1, &s2);
            } else
                c = strcmp(cols[order[j - 1]], cols[v]) > 0 ? 1 : -1;
            if (c <= 0) break;
            order[j] = order[j - 1];
            j--;
        }
        order[j] = v;
    }
    if (coll) ucol_close(coll);
}

grille_matrix *grille_matrix_new(const grille_codebook *cb,
                                 const grille_coding *const *codings,
                                 size_t n, const char *by_variable,
                                 grille_error *err) {
    grille_error_clear(err);
    if (!cb || (n && !codings)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
        return NULL;
    }
    grille_matrix *m = calloc(1, sizeof *m);
    size_t cap = 0;
    int *col_of = calloc(n + 1, sizeof *col_of);
    unsigned char *mark = calloc(cb->nthemes + 1, 1);
    if (!m || !col_of || !mark) goto nomem;
    m->cb = cb;
    for (size_t d = 0; d < n; d++) {
        const grille_document *doc = grille_coding_document(codings[d]);
        const char *name = grille_document_id(doc);
        if (by_variable) {
            name = grille_document_get(doc, by_variable);
            if (!name) name = "(none)";
        }
        if ((col_of[d] = column_index(m, name, &cap)) < 0) goto nomem;
    }
    m->cells = calloc(cb->nthemes * m->ncols + 1, sizeof *m->cells);
    m->coded = calloc(m->ncols + 1, sizeof *m->coded);
    m->units = calloc(m->ncols + 1, sizeof *m->units);
    if (!m->cells || !m->coded || !m->units) goto nomem;
    for (size_t d = 0; d < n; d++) {
        const grille_coding *c = codings[d];
        size_t col = (size_t)col_of[d];
        m->units[col] += grille_coding_unit_count(c);
        size_t count = grille_coding_count(c);
        for (size_t i = 0; i < count;) {
            /* segments of one unit are adjacent */
            size_t unit = grille_coding_segment(c, i)->unit_index, j = i;
            memset(mark, 0, cb->nthemes);
            for (; j < count && grille_coding_segment(c, j)->unit_index == unit; j++)
                for (int t = grille_coding_segment(c, j)->theme; t >= 0; t = cb->themes[t].parent)
                    mark[t] = 1;
            for (size_t t = 0; t < cb->nthemes; t++)
                if (mark[t]) m->cells[t * m->ncols + col]++;
            m->coded[col]++;
            i = j;
        }
    }
    if (by_variable && m->ncols > 1) {
        /* reorder columns */
        int *order = malloc(m->ncols * sizeof *order);
        char **cols = malloc(m->ncols * sizeof *cols);
        size_t *cells = malloc(cb->nthemes * m->ncols * sizeof *cells + 1);
        size_t *coded = malloc(m->ncols * sizeof *coded), *units = malloc(m->ncols * sizeof *units);
        if (!order || !cols || !cells || !coded || !units) {
            free(order); free(cols); free(cells); free(coded); free(units);
            goto nomem;
        }
        sort_columns(m->cols, m->ncols, order);
        for (size_t k = 0; k < m->ncols; k++) {
            size_t o = (size_t)order[k];
            cols[k] = m->cols[o];
            coded[k] = m->coded[o];
            units[k] = m->units[o];
            for (size_t t = 0; t < cb->nthemes; t++) cells[t * m->ncols + k] = m->cells[t * m->ncols + o];
        }
        free(m->cols); free(m->cells); free(m->coded); free(m->units); free(order);
        m->cols = cols; m->cells = cells; m->coded = coded; m->units = units;
    }
    free(col_of);
    free(mark);
    return m;
nomem:
    free(col_of);
    free(mark);
    grille_matrix_free(m);
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

size_t grille_matrix_columns(const grille_matrix *m) { return m ? m->ncols : 0; }
const char *grille_matrix_column_name(const grille_matrix *m, size_t col) {
    return m && col < m->ncols ? m->cols[col] : NULL;
}
size_t grille_matrix_cell(const grille_matrix *m, size_t row, size_t col) {
    if (!m || row >= m->cb->nthemes || col >= m->ncols) return 0;
    return m->cells[row * m->ncols + col];
}
size_t grille_matrix_units(const grille_matrix *m, size_t col) {
    return m && col < m->ncols ? m->units[col] : 0;
}

static void cell_sep(FILE *out, grille_format fmt) {
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs(" | ", out);
    else write_sep(out, fmt);
}

static void row_start(FILE *out, grille_format fmt) {
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs("| ", out);
}

static void row_end(FILE *out, grille_format fmt) {
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs(" |\n", out);
    else write_eol(out, fmt);
}

static void count_row(FILE *out, grille_format fmt, const char *id, const char *label,
                      const size_t *v, size_t stride, size_t n, size_t total) {
    row_start(out, fmt);
    write_field(out, fmt, id, strlen(id));
    cell_sep(out, fmt);
    write_field(out, fmt, label, strlen(label));
    for (size_t c = 0; c < n; c++) {
        cell_sep(out, fmt);
        fprintf(out, "%zu", v[c * stride]);
    }
    cell_sep(out, fmt);
    fprintf(out, "%zu", total);
    row_end(out, fmt);
}

int grille_matrix_write(FILE *out, grille_format fmt, const grille_matrix *m) {
    if (!out || !m || fmt == GRILLE_FORMAT_JSONL) return GRILLE_EUSAGE;
    const grille_codebook *cb = m->cb;
    row_start(out, fmt);
    fputs("theme", out);
    cell_sep(out, fmt);
    fputs("label", out);
    for (size_t c = 0; c < m->ncols; c++) {
        cell_sep(out, fmt);
        write_field(out, fmt, m->cols[c], strlen(m->cols[c]));
    }
    cell_sep(out, fmt);
    fputs("total", out);
    row_end(out, fmt);
    if (fmt == GRILLE_FORMAT_MARKDOWN) {
        fputs("|---|---|", out);
        for (size_t c = 0; c <= m->ncols; c++) fputs("---:|", out);
        fputc('\n', out);
    }
    for (size_t t = 0; t < cb->nthemes; t++) {
        size_t total = 0;
        for (size_t c = 0; c < m->ncols; c++) total += m->cells[t * m->ncols + c];
        /* sub-themes are indented in Markdown only: ids stay clean for R */
        const char *id = cb->themes[t].id;
        if (fmt == GRILLE_FORMAT_MARKDOWN && cb->themes[t].depth > 0) {
            gbuf b = {0};
            for (int d = 0; d < cb->themes[t].depth; d++) gbuf_append(&b, "&nbsp;&nbsp;", 12);
            gbuf_append(&b, id, strlen(id));
            count_row(out, fmt, b.data ? b.data : id, cb->themes[t].label, m->cells + t * m->ncols, 1,
                      m->ncols, total);
            gbuf_free(&b);
        } else
            count_row(out, fmt, id, cb->themes[t].label, m->cells + t * m->ncols, 1, m->ncols, total);
    }
    size_t coded = 0, units = 0;
    for (size_t c = 0; c < m->ncols; c++) { coded += m->coded[c]; units += m->units[c]; }
    count_row(out, fmt, "(coded units)", "units coded with at least one theme", m->coded, 1, m->ncols, coded);
    count_row(out, fmt, "(units)", "units in coded speech", m->units, 1, m->ncols, units);
    return ferror(out) ? GRILLE_EIO : GRILLE_OK;
}

/* gold.c - hand codings to compare grille with: the gold object, and the
 * span TSV (document, start, end, theme, coder).  Unit tables are read by
 * gold_table.c. */
#include "gold.h"
#include "utf8.h"
#include <errno.h>
#include <stdio.h>

const char *grille_gold_name(const grille_gold *g) { return g && g->name ? g->name : "gold"; }

void grille_gold_free(grille_gold *g) {
    if (!g) return;
    free(g->name);
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].document);
        free(g->v[i].theme);
        free(g->v[i].coder);
        free(g->v[i].text);
    }
    for (size_t i = 0; i < g->ncolumns; i++) free(g->columns[i]);
    free(g->columns);
    free(g->v);
    free(g);
}

grille_gold *gold_new(const char *name) {
    grille_gold *g = calloc(1, sizeof *g);
    if (!g || !(g->name = grille_strdup(name))) {
        free(g);
        return NULL;
    }
    return g;
}

int gold_add(grille_gold *g, const gspan *sp) {
    if (GROW(g->v, g->n, g->cap)) return GRILLE_ENOMEM;
    gspan *d = &g->v[g->n];
    *d = *sp;
    d->document = grille_strdup(sp->document);
    d->theme = grille_strdup(sp->theme ? sp->theme : "");
    d->coder = grille_strdup(sp->coder ? sp->coder : "");
    d->text = sp->text ? grille_strdup(sp->text) : NULL;
    g->n++;
    if (!d->document || !d->theme || !d->coder || (sp->text && !d->text)) return GRILLE_ENOMEM;
    return GRILLE_OK;
}

size_t grille_gold_count(const grille_gold *g) { return g ? g->n : 0; }

int grille_gold_get(const grille_gold *g, size_t i, grille_gold_span *out) {
    if (!g || !out || i >= g->n) return GRILLE_EUSAGE;
    out->document = g->v[i].document;
    out->theme = g->v[i].theme;
    out->coder = g->v[i].coder;
    out->cp_start = g->v[i].cp_start;
    out->cp_end = g->v[i].cp_end;
    out->line = g->v[i].line;
    out->unit = g->v[i].unit < 0 ? GRILLE_NONE : (size_t)g->v[i].unit;
    out->text = g->v[i].text;
    return GRILLE_OK;
}

/* quote is optional: when there, a span's text is checked against it */
enum { F_DOC, F_START, F_END, F_THEME, F_CODER, F_QUOTE, NFIELDS };
static const char *const field_names[NFIELDS] = {"document", "start", "end", "theme", "coder", "quote"};

/* Splits a line at tabs: fields[k] = start offset, lens[k] = length. */
static size_t split(const char *line, size_t len, size_t *starts, size_t *lens, size_t max) {
    size_t n = 0, s = 0;
    for (size_t i = 0; i <= len && n < max; i++)
        if (i == len || line[i] == '\t') {
            starts[n] = s;
            lens[n] = i - s;
            n++;
            s = i + 1;
        }
    return n;
}

static int parse_size(const char *s, size_t n, size_t *out) {
    if (n == 0 || n > 18) return -1;
    size_t v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (size_t)(s[i] - '0');
    }
    *out = v;
    return 0;
}

grille_gold *grille_gold_load(const char *path, grille_error *err) {
    grille_error_clear(err);
    gbuf text = {0};
    if (grille_read_file(path, &text, err)) return NULL;
    grille_gold *g = grille_gold_parse(path, text.data ? text.data : "", text.len, err);
    gbuf_free(&text);
    return g;
}

/* The header's column names, as a span gold has them. */
static int header_columns(const char *line, size_t n, int col[NFIELDS], size_t *ncols) {
    size_t starts[64], lens[64];
    size_t nf = split(line, n, starts, lens, 64);
    for (int w = 0; w < NFIELDS; w++) col[w] = -1;
    for (size_t k = 0; k < nf; k++)
        for (int w = 0; w < NFIELDS; w++)
            if (lens[k] == strlen(field_names[w]) && memcmp(line + starts[k], field_names[w], lens[k]) == 0)
                col[w] = (int)k;
    *ncols = nf;
    return col[F_START] >= 0 && col[F_END] >= 0;
}

int gold_is_span_header(const char *line, size_t n) {
    const char *nl = memchr(line, '\n', n);
    if (nl) n = (size_t)(nl - line);
    if (n && line[n - 1] == '\r') n--;
    int col[NFIELDS];
    size_t ncols;
    return header_columns(line, n, col, &ncols);
}

/* The rows of a span gold, after its header. */
static int parse_spans(grille_gold *g, const char *t, size_t len, grille_error *err) {
    const char *path = g->name;
    int col[NFIELDS];
    unsigned line = 0;
    size_t ncols = 0;
    for (size_t pos = 0; pos < len;) {
        const char *nl = memchr(t + pos, '\n', len - pos);
        size_t end = nl ? (size_t)(nl - t) : len;
        size_t n = end - pos;
        if (n && t[pos + n - 1] == '\r') n--;
        line++;
        size_t starts[64], lens[64];
        size_t nf = split(t + pos, n, starts, lens, 64);
        if (line == 1) {
            header_columns(t + pos, n, col, &ncols);
            for (int w = 0; w < F_QUOTE; w++)
                if (col[w] < 0)
                    return grille_fail(err, GRILLE_ETRANSCRIPT, path, 1, 1, 0,
                                       "the header line must name the columns document, start, end, "
                                       "theme and coder (tab-separated); '%s' is missing",
                                       field_names[w]);
        } else if (n > 0 && t[pos] != '#') {
            if (nf < ncols)
                return grille_fail(err, GRILLE_ETRANSCRIPT, path, line, (unsigned)utf8_count(t + pos, n) + 1, pos + n,
                                   "%zu columns where the header has %zu", nf, ncols);
            gspan sp = {0};
            sp.line = line;
            sp.unit = -1;
            for (int w = F_START; w <= F_END; w++) {
                size_t v;
                size_t k = (size_t)col[w];
                if (parse_size(t + pos + starts[k], lens[k], &v))
                    return grille_fail(err, GRILLE_ETRANSCRIPT, path, line,
                                       (unsigned)utf8_count(t + pos, starts[k]) + 1, pos + starts[k],
                                       "%s must be a code-point offset (a whole number), not '%.*s'", field_names[w],
                                       (int)lens[k], t + pos + starts[k]);
                if (w == F_START) sp.cp_start = v;
                else sp.cp_end = v;
            }
            if (sp.cp_end <= sp.cp_start) {
                size_t k = (size_t)col[F_END];
                return grille_fail(err, GRILLE_ETRANSCRIPT, path, line, (unsigned)utf8_count(t + pos, starts[k]) + 1,
                                   pos + starts[k], "end (%zu) must be greater than start (%zu)", sp.cp_end,
                                   sp.cp_start);
            }
            char *doc = grille_strndup(t + pos + starts[col[F_DOC]], lens[col[F_DOC]]);
            char *theme = grille_strndup(t + pos + starts[col[F_THEME]], lens[col[F_THEME]]);
            char *coder = grille_strndup(t + pos + starts[col[F_CODER]], lens[col[F_CODER]]);
            char *quote = col[F_QUOTE] >= 0 && (size_t)col[F_QUOTE] < nf
                              ? grille_strndup(t + pos + starts[col[F_QUOTE]], lens[col[F_QUOTE]])
                              : NULL;
            sp.document = doc, sp.theme = theme, sp.coder = coder, sp.text = quote;
            int rc = doc && theme && coder && (quote || col[F_QUOTE] < 0 || (size_t)col[F_QUOTE] >= nf)
                         ? gold_add(g, &sp)
                         : GRILLE_ENOMEM;
            free(doc), free(theme), free(coder), free(quote);
            if (rc) return grille_fail(err, rc, path, 0, 0, 0, "out of memory");
        }
        pos = end + 1;
    }
    if (line == 0)
        return grille_fail(err, GRILLE_ETRANSCRIPT, path, 1, 1, 0, "empty gold file: it needs a header line");
    return GRILLE_OK;
}

grille_gold *grille_gold_parse(const char *path, const char *data, size_t size, grille_error *err) {
    grille_error_clear(err);
    if (!path) path = "<gold>";
    if (!data) data = "", size = 0;
    grille_gold *g = gold_new(path);
    if (!g) {
        grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        return NULL;
    }
    const char *t = data;
    size_t len = size;
    /* spreadsheets save UTF-8 with a byte order mark */
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) {
        t += 3;
        len -= 3;
    }
    int rc;
    size_t blank = 0;
    while (blank < len && (t[blank] == ' ' || t[blank] == '\t' || t[blank] == '\r' || t[blank] == '\n')) blank++;
    if (blank == len)
        rc = grille_fail(err, GRILLE_ETRANSCRIPT, path, 1, 1, 0, "empty gold file: it needs a header line");
    else if (!gold_is_span_header(t, len)) {
        /* not a span gold: a table of units (which reads encodings too) */
        rc = gold_parse_table(g, data, size, err);
    } else {
        size_t valid = utf8_valid_prefix((const unsigned char *)t, len);
        if (valid < len) {
            unsigned l, c;
            utf8_line_col(t, valid, &l, &c);
            rc = grille_fail(err, GRILLE_EUTF8, path, l, c, valid, "invalid UTF-8");
        } else rc = parse_spans(g, t, len, err);
    }
    if (rc) {
        grille_gold_free(g);
        return NULL;
    }
    return g;
}

int grille_gold_judge(grille_gold *g, const char *const *themes, size_t n) {
    if (!g || (n && !themes)) return GRILLE_EUSAGE;
    char **cols = calloc(n + 1, sizeof *cols);
    if (!cols) return GRILLE_ENOMEM;
    for (size_t i = 0; i < n; i++)
        if (!(cols[i] = grille_strdup(themes[i]))) {
            for (size_t k = 0; k < i; k++) free(cols[k]);
            free(cols);
            return GRILLE_ENOMEM;
        }
    for (size_t i = 0; i < g->ncolumns; i++) free(g->columns[i]);
    free(g->columns);
    g->columns = cols;
    g->ncolumns = g->capcolumns = n;
    return GRILLE_OK;
}

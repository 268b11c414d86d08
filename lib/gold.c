/* gold.c - hand codings read from TSV, to compare grille with. */
#include "internal.h"
#include "utf8.h"
#include <errno.h>
#include <stdio.h>

typedef struct gspan {
    char *document, *theme, *coder;
    size_t cp_start, cp_end;
    unsigned line;
} gspan;

struct grille_gold {
    gspan *v;
    size_t n, cap;
    char *name;          /* the file it was read from, for messages */
};

const char *grille_gold_name(const grille_gold *g) { return g && g->name ? g->name : "gold"; }

void grille_gold_free(grille_gold *g) {
    if (!g) return;
    free(g->name);
    for (size_t i = 0; i < g->n; i++) {
        free(g->v[i].document);
        free(g->v[i].theme);
        free(g->v[i].coder);
    }
    free(g->v);
    free(g);
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
    return GRILLE_OK;
}

enum { F_DOC, F_START, F_END, F_THEME, F_CODER, NFIELDS };
static const char *const field_names[NFIELDS] = {"document", "start", "end", "theme", "coder"};

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

grille_gold *grille_gold_parse(const char *path, const char *data, size_t size, grille_error *err) {
    grille_error_clear(err);
    if (!path) path = "<gold>";
    gbuf text = {0};
    if (gbuf_append(&text, data ? data : "", data ? size : 0)) {
        grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        return NULL;
    }
    grille_gold *g = calloc(1, sizeof *g);
    if (!g || !(g->name = grille_strdup(path))) {
        free(g);
        gbuf_free(&text);
        grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        return NULL;
    }
    const char *t = text.data ? text.data : "";
    size_t len = text.len;
    /* spreadsheets save UTF-8 with a byte order mark */
    if (len >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) { t += 3; len -= 3; }
    size_t valid = utf8_valid_prefix((const unsigned char *)t, len);
    if (valid < len) {
        unsigned l, c;
        utf8_line_col(t, valid, &l, &c);
        grille_fail(err, GRILLE_EUTF8, path, l, c, valid, "invalid UTF-8");
        goto fail;
    }
    int col[NFIELDS];
    for (int k = 0; k < NFIELDS; k++) col[k] = -1;
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
            for (size_t k = 0; k < nf; k++)
                for (int w = 0; w < NFIELDS; w++)
                    if (lens[k] == strlen(field_names[w]) &&
                        memcmp(t + pos + starts[k], field_names[w], lens[k]) == 0)
                        col[w] = (int)k;
            for (int w = 0; w < NFIELDS; w++)
                if (col[w] < 0) {
                    grille_fail(err, GRILLE_ETRANSCRIPT, path, 1, 1, 0,
                                "the header line must name the columns document, start, end, "
                                "theme and coder (tab-separated); '%s' is missing", field_names[w]);
                    goto fail;
                }
            ncols = nf;
        } else if (n > 0 && t[pos] != '#') {
            if (nf < ncols) {
                grille_fail(err, GRILLE_ETRANSCRIPT, path, line, (unsigned)utf8_count(t + pos, n) + 1, pos + n,
                            "%zu columns where the header has %zu", nf, ncols);
                goto fail;
            }
            gspan sp = {0};
            sp.line = line;
            for (int w = F_START; w <= F_END; w++) {
                size_t v;
                size_t k = (size_t)col[w];
                if (parse_size(t + pos + starts[k], lens[k], &v)) {
                    grille_fail(err, GRILLE_ETRANSCRIPT, path, line,
                                (unsigned)utf8_count(t + pos, starts[k]) + 1, pos + starts[k],
                                "%s must be a code-point offset (a whole number), not '%.*s'",
                                field_names[w], (int)lens[k], t + pos + starts[k]);
                    goto fail;
                }
                if (w == F_START) sp.cp_start = v; else sp.cp_end = v;
            }
            if (sp.cp_end <= sp.cp_start) {
                size_t k = (size_t)col[F_END];
                grille_fail(err, GRILLE_ETRANSCRIPT, path, line,
                            (unsigned)utf8_count(t + pos, starts[k]) + 1, pos + starts[k],
                            "end (%zu) must be greater than start (%zu)", sp.cp_end, sp.cp_start);
                goto fail;
            }
            if (GROW(g->v, g->n, g->cap)) goto nomem;
            sp.document = grille_strndup(t + pos + starts[col[F_DOC]], lens[col[F_DOC]]);
            sp.theme = grille_strndup(t + pos + starts[col[F_THEME]], lens[col[F_THEME]]);
            sp.coder = grille_strndup(t + pos + starts[col[F_CODER]], lens[col[F_CODER]]);
            g->v[g->n++] = sp;
            if (!sp.document || !sp.theme || !sp.coder) goto nomem;
        }
        pos = end + 1;
    }
    if (line == 0) {
        grille_fail(err, GRILLE_ETRANSCRIPT, path, 1, 1, 0, "empty gold file: it needs a header line");
        goto fail;
    }
    gbuf_free(&text);
    return g;
nomem:
    grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
fail:
    gbuf_free(&text);
    grille_gold_free(g);
    return NULL;
}

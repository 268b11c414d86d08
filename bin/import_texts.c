/* import_texts.c - grille import qdpx --texts DIR: a project's documents
 * written as a corpus grille can code (DIR/NAME.txt, each text exactly
 * as the gold's positions count it), with their variables in
 * DIR/variables.csv, which grille reads at the top of a corpus folder. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* A document name as a relative path inside DIR: no absolute path, no
 * empty, '.' or '..' component (a project is outside data). */
static int safe_name(const char *doc) {
    if (!*doc || *doc == '/') return 0;
    for (const char *p = doc; *p;) {
        const char *e = strchr(p, '/');
        size_t n = e ? (size_t)(e - p) : strlen(p);
        if (n == 0 || (n == 1 && p[0] == '.') || (n == 2 && p[0] == '.' && p[1] == '.')) return 0;
        p += n + (e != NULL);
    }
    return 1;
}

/* mkdir -p of the folders of path (not the last component). */
static int make_parents(char *path) {
    for (char *p = strchr(path + 1, '/'); p; p = strchr(p + 1, '/')) {
        *p = '\0';
        int bad = mkdir(path, 0777) != 0 && errno != EEXIST;
        *p = '/';
        if (bad) return -1;
    }
    return 0;
}

int texts_open(texts_out *t, const char *dir) {
    memset(t, 0, sizeof *t);
    t->dir = dir;
    if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
        fprintf(stderr, _("grille import: cannot make the folder %s: %s\n"), dir, strerror(errno));
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static int add_column(texts_out *t, const char *name) {
    for (size_t i = 0; i < t->ncols; i++)
        if (strcmp(t->cols[i], name) == 0) return (int)i;
    char **c = realloc(t->cols, (t->ncols + 1) * sizeof *c);
    if (!c) return -1;
    t->cols = c;
    if (!(t->cols[t->ncols] = strdup(name))) return -1;
    return (int)t->ncols++;
}

int texts_source(void *ctx, const char *doc, const char *text, size_t len, const char *const *names,
                 const char *const *values, size_t nvars) {
    texts_out *t = ctx;
    if (!text) {
        fprintf(stderr, _("grille import: warning: the project holds no text for '%s': not written\n"), doc);
        return 0;
    }
    if (!safe_name(doc)) {
        fprintf(stderr, _("grille import: warning: '%s' is not a name a file can have inside %s: not written\n"), doc,
                t->dir);
        return 0;
    }
    size_t n = strlen(t->dir) + strlen(doc) + 6;
    char *path = malloc(n);
    if (!path) return -1;
    snprintf(path, n, "%s/%s.txt", t->dir, doc);
    cli_output out;
    int rc = make_parents(path) == 0 ? cli_output_open(&out, path) : EXIT_INPUT;
    if (rc == EXIT_OK) rc = cli_output_close(&out, fwrite(text, 1, len, out.f) == len);
    free(path);
    if (rc != EXIT_OK) return -1;
    /* the row of variables.csv: grille's own document variable is the
     * file's name already */
    char **row = calloc(nvars + 1, sizeof *row);
    int *at = calloc(nvars + 1, sizeof *at);
    texts_row *r = realloc(t->rows, (t->nrows + 1) * sizeof *r);
    if (!row || !at || !r) {
        free(row);
        free(at);
        if (r) t->rows = r;
        return -1;
    }
    t->rows = r;
    size_t k = 0;
    for (size_t i = 0; i < nvars; i++) {
        if (strcmp(names[i], "grille:document") == 0) continue;
        int c = add_column(t, names[i]);
        if (c < 0 || !(row[k] = strdup(values[i]))) return -1;
        at[k++] = c;
    }
    t->rows[t->nrows].doc = strdup(doc);
    t->rows[t->nrows].values = row;
    t->rows[t->nrows].cols = at;
    t->rows[t->nrows].n = k;
    t->nrows++;
    return t->rows[t->nrows - 1].doc ? 0 : -1;
}

/* A CSV cell (RFC 4180), with a formula guard as grille's CSVs have. */
static void cell(FILE *f, const char *s) {
    int quote = strpbrk(s, ",\"\r\n") != NULL, guard = strchr("=+-@\t\r", s[0]) && s[0];
    if (quote) fputc('"', f);
    if (guard) fputc('\'', f);
    for (; *s; s++) {
        if (*s == '"') fputc('"', f);
        fputc(*s, f);
    }
    if (quote) fputc('"', f);
}

int texts_close(texts_out *t, int ok) {
    int rc = EXIT_OK;
    if (ok && t->ncols) {
        size_t n = strlen(t->dir) + 16;
        char *path = malloc(n);
        cli_output out;
        if (!path) return EXIT_INTERNAL;
        snprintf(path, n, "%s/variables.csv", t->dir);
        rc = cli_output_open(&out, path);
        if (rc == EXIT_OK) {
            fputs("document", out.f);
            for (size_t c = 0; c < t->ncols; c++) {
                fputc(',', out.f);
                cell(out.f, t->cols[c]);
            }
            fputs("\r\n", out.f);
            for (size_t r = 0; r < t->nrows; r++) {
                cell(out.f, t->rows[r].doc);
                for (size_t c = 0; c < t->ncols; c++) {
                    fputc(',', out.f);
                    for (size_t k = 0; k < t->rows[r].n; k++)
                        if ((size_t)t->rows[r].cols[k] == c) {
                            cell(out.f, t->rows[r].values[k]);
                            break;
                        }
                }
                fputs("\r\n", out.f);
            }
            rc = cli_output_close(&out, 1);
        }
        free(path);
    }
    for (size_t r = 0; r < t->nrows; r++) {
        for (size_t k = 0; k < t->rows[r].n; k++) free(t->rows[r].values[k]);
        free(t->rows[r].values);
        free(t->rows[r].cols);
        free(t->rows[r].doc);
    }
    free(t->rows);
    for (size_t c = 0; c < t->ncols; c++) free(t->cols[c]);
    free(t->cols);
    return rc;
}

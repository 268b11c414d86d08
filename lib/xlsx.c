/* xlsx.c - the codebook as sheets, and the whole run as one workbook
 * (grille export -f xlsx): what a researcher opens first. */
#include "codebook_view.h"
#include "tab.h"
#include "strmap.h"
#include "output.h"
#include <errno.h>

static void write_themes(tab *t, const grille_codebook *cb) {
    static const char *const cols[] = {"theme", "label", "parent", "depth", "rules", "description", "color", NULL};
    for (size_t i = 0; cols[i]; i++) tab_head(t, cols[i]);
    tab_eol(t);
    for (size_t th = 0; th < codebook_theme_count(cb); th++) {
        grille_theme_info ti;
        grille_codebook_theme_get(cb, th, &ti);
        tab_cstr(t, ti.id);
        tab_cstr(t, ti.label);
        tab_cstr(t, ti.parent != GRILLE_NONE ? codebook_theme_id(cb, ti.parent) : "");
        tab_int(t, (size_t)ti.depth);
        tab_int(t, ti.rule_count);
        tab_cstr(t, ti.description);
        tab_cstr(t, ti.color);
        tab_eol(t);
    }
}

/* Every rule, nested ones and exclusions too, in codebook order: the
 * ids are those the segments' rules column names. */
static void write_rules(tab *t, const grille_codebook *cb) {
    static const char *const cols[] = {"rule", "theme", "kind", "text", "within", "exclude", "line", NULL};
    for (size_t i = 0; cols[i]; i++) tab_head(t, cols[i]);
    tab_eol(t);
    for (size_t r = 0; r < codebook_rule_count(cb); r++) {
        grille_rule_info ri;
        grille_codebook_rule_get(cb, r, &ri);
        tab_cstr(t, ri.id);
        tab_cstr(t, codebook_theme_id(cb, ri.theme));
        tab_cstr(t, grille_rule_kind_name(ri.kind));
        tab_cstr(t, ri.text);
        tab_cstr(t, ri.parent != GRILLE_NONE ? codebook_rule_id(cb, ri.parent) : "");
        tab_int(t, (size_t)((ri.flags & GRILLE_RULE_INFO_EXCLUDE) != 0));
        tab_int(t, ri.line);
        tab_eol(t);
    }
}

static const char codebook_what[] = N_("cannot write the codebook");

int grille_codebook_write_sheets(grille_workbook *wb, const grille_codebook *cb, grille_error *err) {
    grille_error_clear(err);
    if (!wb) return grille_write_fail(err, GRILLE_EUSAGE, codebook_what, N_("no workbook"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, codebook_what, N_("no codebook"));
    tab t;
    int rc = tab_sheet(&t, wb, "themes", err);
    if (rc) return rc;
    write_themes(&t, cb);
    if ((rc = tab_done(&t, err, codebook_what)) || (rc = tab_sheet(&t, wb, "rules", err))) return rc;
    write_rules(&t, cb);
    return tab_done(&t, err, codebook_what);
}

/* The run's workbook, written a document at a time: the matrices keep
 * counts, the segments wait in a spool.  Its sheets are the codebook's,
 * the matrix, the matrices by variable, then the segments; which
 * variables group the documents is known only at the end, and a sheet's
 * place is the order of its creation, hence the spool. */
typedef struct variable {
    char *key;
    strmap values; /* its distinct values */
    size_t with;   /* documents that have it */
} variable;

struct grille_xlsx {
    const grille_codebook *cb;
    grille_workbook *wb;
    grille_matrix *docs; /* a column per document (named by its position,
                          * ids may repeat): what the matrix by document
                          * and the matrices by variable are summed from */
    char **ids;          /* each document's id */
    char *path;
    FILE *spool;
    tab segments;
    variable *vars; /* in the order they first appear */
    size_t nvars, capvars;
    strmap var_index; /* key -> index + 1 in vars */
    char **values;    /* per document and variable, row after row: a
                       * copy of the value or NULL (the rows grow as
                       * variables appear: a row is nvars long when added) */
    size_t *row_at;   /* where each document's row starts */
    size_t *row_len;
    size_t nvalues, capvalues, ndocs, caprows;
    int rc; /* the first failure */
    grille_error err;
};

static const char export_what[] = N_("cannot write the workbook");

static int xlsx_fail(grille_xlsx *x, int rc, grille_error *err) {
    if (!x->rc) {
        x->rc = rc;
        if (x->err.code == GRILLE_OK) grille_write_fail(&x->err, rc, export_what, N_("out of memory"));
    }
    if (err) *err = x->err;
    return x->rc;
}

/* The spool could not be written (a full disk): why, and where. */
static void spool_failure(grille_xlsx *x) {
    const char *dir = getenv("TMPDIR");
    grille_fail(&x->err, GRILLE_EIO, "", 0, 0, 0, grille_msg(N_("cannot keep the segments aside in %s (TMPDIR): %s")),
                dir && *dir ? dir : "/tmp", strerror(x->segments.spool_errno ? x->segments.spool_errno : EIO));
}

grille_xlsx *grille_xlsx_new(const char *path, const grille_codebook *cb, grille_error *err) {
    grille_error_clear(err);
    if (!path || !cb) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "nothing to export");
        return NULL;
    }
    grille_xlsx *x = calloc(1, sizeof *x);
    if (!x || strmap_init(&x->var_index)) {
        free(x);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    x->cb = cb;
    if (!(x->path = grille_strdup(path))) {
        grille_xlsx_free(x);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    const char *dir;
    int oom;
    if (!(x->wb = grille_workbook_new(path, err)) || grille_codebook_write_sheets(x->wb, cb, err) ||
        !(x->docs = grille_matrix_begin(cb, NULL, err))) {
        grille_xlsx_free(x);
        return NULL;
    }
    if (!(x->spool = spool_open(&dir, &oom))) {
        if (oom) grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        else
            grille_fail(err, GRILLE_EIO, "", 0, 0, 0,
                        grille_msg(N_("cannot keep the segments aside in %s (TMPDIR): %s")), dir, strerror(errno));
        grille_xlsx_free(x);
        return NULL;
    }
    tab_spool(&x->segments, x->spool);
    segments_tab_header(&x->segments);
    return x;
}

/* The variable called key, made if new: its index, or -1 out of memory. */
static long variable_of(grille_xlsx *x, const char *key) {
    int created;
    int *slot = strmap_put(&x->var_index, key, strlen(key), &created);
    if (!slot) return -1;
    if (!created) return (long)*slot - 1;
    if (GROW(x->vars, x->nvars, x->capvars)) return -1;
    variable *v = &x->vars[x->nvars];
    memset(v, 0, sizeof *v);
    if (!(v->key = grille_strdup(key)) || strmap_init(&v->values)) {
        free(v->key);
        return -1;
    }
    *slot = (int)++x->nvars;
    return (long)x->nvars - 1;
}

/* Keeps the document's value of each variable (the rest of its row
 * NULL), and counts the distinct values. */
static int keep_variables(grille_xlsx *x, const grille_document *doc) {
    size_t nv = grille_document_variable_count(doc);
    for (size_t i = 0; i < nv; i++) {
        const char *key;
        grille_document_variable_get(doc, i, &key, NULL);
        if (variable_of(x, key) < 0) return GRILLE_ENOMEM;
    }
    if (x->ndocs == x->caprows) {
        size_t n = x->caprows ? 2 * x->caprows : 64;
        size_t *a = realloc(x->row_at, n * sizeof *a);
        if (!a) return GRILLE_ENOMEM;
        x->row_at = a;
        size_t *l = realloc(x->row_len, n * sizeof *l);
        if (!l) return GRILLE_ENOMEM;
        x->row_len = l;
        char **ids = realloc(x->ids, n * sizeof *ids);
        if (!ids) return GRILLE_ENOMEM;
        for (size_t i = x->caprows; i < n; i++) ids[i] = NULL;
        x->ids = ids;
        x->caprows = n;
    }
    x->row_at[x->ndocs] = x->nvalues;
    x->row_len[x->ndocs] = x->nvars;
    if (!(x->ids[x->ndocs] = grille_strdup(grille_document_id(doc)))) return GRILLE_ENOMEM;
    for (size_t k = 0; k < x->nvars; k++) {
        if (GROW(x->values, x->nvalues, x->capvalues)) return GRILLE_ENOMEM;
        const char *v = grille_document_variable_lookup(doc, x->vars[k].key);
        /* counted at once, so that free() finds the copy whatever fails next */
        char **cell = &x->values[x->nvalues++];
        *cell = NULL;
        if (v) {
            int created;
            if (!(*cell = grille_strdup(v)) || !strmap_put(&x->vars[k].values, v, strlen(v), &created))
                return GRILLE_ENOMEM;
            x->vars[k].with++;
        }
    }
    x->ndocs++;
    return GRILLE_OK;
}

int grille_xlsx_add(grille_xlsx *x, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!x || !c) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no workbook or no coding");
    if (x->rc) return xlsx_fail(x, x->rc, err);
    const grille_document *doc = grille_coding_document(c);
    char name[32];
    snprintf(name, sizeof name, "%zu", x->ndocs);
    int rc = matrix_add_as(x->docs, c, name);
    if (!rc) rc = keep_variables(x, doc); /* (counts the document) */
    if (!rc) rc = segments_tab_add(&x->segments, c);
    if (!rc && x->segments.failed) {
        /* the disk is full: said now, not once the whole corpus is coded */
        rc = GRILLE_EIO;
        spool_failure(x);
    }
    return rc ? xlsx_fail(x, rc, err) : GRILLE_OK;
}

/* A matrix sheet per document variable that groups the documents (at
 * least two values, and fewer than the documents that have one: a value
 * per document, a title or a date, is the document matrix again), in the
 * order the variables first appear. */
static int write_by_variables(grille_xlsx *x, grille_error *err) {
    const char **col = calloc(x->ndocs + 1, sizeof *col);
    if (!col) return GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t k = 0; k < x->nvars && rc == GRILLE_OK; k++) {
        const variable *v = &x->vars[k];
        /* "speaker" would group by speaker; interviewers is how to read */
        if (strcmp(v->key, "speaker") == 0 || strcmp(v->key, "interviewers") == 0) continue;
        if (!(v->values.count >= 2 && v->values.count < v->with)) continue;
        for (size_t d = 0; d < x->ndocs; d++) col[d] = k < x->row_len[d] ? x->values[x->row_at[d] + k] : NULL;
        grille_matrix *m = matrix_regroup(x->docs, v->key, col, x->ndocs, err);
        if (!m) {
            rc = err && err->code ? err->code : GRILLE_ENOMEM;
            break;
        }
        gbuf name = {0};
        if (gbuf_printf(&name, "by %s", v->key)) rc = GRILLE_ENOMEM;
        else rc = grille_matrix_write_sheet(x->wb, name.data, m, err);
        gbuf_free(&name);
        grille_matrix_free(m);
    }
    free(col);
    return rc;
}

int grille_xlsx_close(grille_xlsx *x, grille_error *err) {
    grille_error_clear(err);
    if (!x) return GRILLE_OK;
    int rc = x->rc;
    if (rc) {
        if (err) *err = x->err;
        grille_xlsx_free(x);
        return rc;
    }
    if (tab_done(&x->segments, NULL, export_what)) {
        spool_failure(x);
        if (err) *err = x->err;
        grille_xlsx_free(x);
        return GRILLE_EIO;
    }
    grille_matrix *m = matrix_regroup(x->docs, NULL, (const char *const *)x->ids, x->ndocs, err);
    rc = m ? grille_matrix_write_sheet(x->wb, "matrix", m, err) : err && err->code ? err->code : GRILLE_ENOMEM;
    grille_matrix_free(m);
    if (!rc) rc = write_by_variables(x, err);
    if (rc && err && err->code == GRILLE_OK) grille_write_fail(err, rc, export_what, N_("out of memory"));
    if (!rc) {
        tab t;
        if (!(rc = tab_sheet(&t, x->wb, "segments", err))) {
            rc = tab_replay(x->spool, &t);
            if (rc == GRILLE_EIO) grille_write_fail(err, rc, export_what, N_("cannot read the temporary file back"));
            else if (rc) grille_write_fail(err, rc, export_what, N_("out of memory"));
            int done = tab_done(&t, rc ? NULL : err, export_what);
            if (!rc) rc = done;
        }
    }
    /* the workbook's own error, when a sheet met one, says more */
    if (workbook_status(x->wb) != GRILLE_OK) rc = workbook_error(x->wb, err);
    if (rc == GRILLE_OK) {
        grille_error close_err;
        rc = grille_workbook_close(x->wb, &close_err);
        x->wb = NULL;
        if (rc != GRILLE_OK) {
            if (err) *err = close_err;
            remove(x->path); /* what libxlsxwriter may have begun */
        }
    }
    grille_xlsx_free(x); /* (a workbook left is not written) */
    return rc;
}

void grille_xlsx_free(grille_xlsx *x) {
    if (!x) return;
    /* a workbook not closed is not written: no file at its path */
    workbook_discard(x->wb);
    grille_matrix_free(x->docs);
    if (x->spool) fclose(x->spool);
    tab_release(&x->segments);
    for (size_t k = 0; k < x->nvars; k++) {
        free(x->vars[k].key);
        strmap_free(&x->vars[k].values);
    }
    free(x->vars);
    strmap_free(&x->var_index);
    for (size_t i = 0; i < x->nvalues; i++) free(x->values[i]);
    free(x->values);
    for (size_t d = 0; d < x->ndocs; d++) free(x->ids[d]);
    if (x->ids && x->ndocs < x->caprows) free(x->ids[x->ndocs]); /* a document whose add failed */
    free(x->ids);
    free(x->path);
    free(x->row_at);
    free(x->row_len);
    free(x);
}

int grille_export_xlsx(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                       grille_error *err) {
    grille_error_clear(err);
    if (!path || !cb || (n && !codings)) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "nothing to export");
    grille_xlsx *x = grille_xlsx_new(path, cb, err);
    if (!x) return err && err->code ? err->code : GRILLE_EIO;
    for (size_t d = 0; d < n; d++)
        if (grille_xlsx_add(x, codings[d], err)) {
            grille_xlsx_free(x);
            return err && err->code ? err->code : GRILLE_ENOMEM;
        }
    return grille_xlsx_close(x, err);
}

/* xlsx.c - the codebook as sheets, and the whole run as one workbook
 * (grille export -f xlsx): what a researcher opens first. */
#include "codebook_view.h"
#include "tab.h"
#include "strmap.h"

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

/* Whether the documents' values of key make groups worth a matrix: at
 * least two values, and fewer than the documents that have one (a value
 * per document, a title or a date, is the document matrix again).  -1
 * when out of memory. */
static int groups(const grille_coding *const *codings, size_t n, const char *key) {
    strmap values;
    if (strmap_init(&values)) return -1;
    size_t with = 0;
    for (size_t d = 0; d < n; d++) {
        const char *v = grille_document_variable_lookup(grille_coding_document(codings[d]), key);
        int created;
        with += v != NULL;
        if (v && !strmap_put(&values, v, strlen(v), &created)) {
            strmap_free(&values);
            return -1;
        }
    }
    size_t distinct = values.count;
    strmap_free(&values);
    return distinct >= 2 && distinct < with;
}

/* A matrix sheet per document variable that groups the documents, in the
 * order the variables first appear. */
static int write_by_variables(grille_workbook *wb, const grille_codebook *cb, const grille_coding *const *codings,
                              size_t n, grille_error *err) {
    strmap seen;
    if (strmap_init(&seen)) return GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t d = 0; d < n && rc == GRILLE_OK; d++) {
        const grille_document *doc = grille_coding_document(codings[d]);
        for (size_t i = 0; i < grille_document_variable_count(doc) && rc == GRILLE_OK; i++) {
            const char *key;
            grille_document_variable_get(doc, i, &key, NULL);
            /* "speaker" would group by speaker; interviewers is how to read */
            int created;
            if (!strmap_put(&seen, key, strlen(key), &created)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            if (!created || strcmp(key, "speaker") == 0 || strcmp(key, "interviewers") == 0) continue;
            int g = groups(codings, n, key);
            if (g < 0) {
                rc = GRILLE_ENOMEM;
                break;
            }
            if (!g) continue;
            grille_matrix_options mo = GRILLE_MATRIX_OPTIONS_INIT;
            mo.by_variable = key;
            grille_matrix *m = grille_matrix_new(cb, codings, n, &mo, err);
            if (!m) {
                rc = err ? err->code : GRILLE_ENOMEM;
                break;
            }
            gbuf name = {0};
            if (gbuf_printf(&name, "by %s", key)) rc = GRILLE_ENOMEM;
            else rc = grille_matrix_write_sheet(wb, name.data, m, err);
            gbuf_free(&name);
            grille_matrix_free(m);
        }
    }
    strmap_free(&seen);
    return rc;
}

int grille_export_xlsx(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                       grille_error *err) {
    grille_error_clear(err);
    if (!path || !cb || (n && !codings)) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "nothing to export");
    grille_workbook *wb = grille_workbook_new(path, err);
    if (!wb) return err ? err->code : GRILLE_EIO;
    int rc = grille_codebook_write_sheets(wb, cb, err);
    grille_matrix *m = NULL;
    if (rc == GRILLE_OK) {
        m = grille_matrix_new(cb, codings, n, NULL, err);
        rc = m ? grille_matrix_write_sheet(wb, "matrix", m, err) : err ? err->code : GRILLE_ENOMEM;
        grille_matrix_free(m);
    }
    if (rc == GRILLE_OK) rc = write_by_variables(wb, cb, codings, n, err);
    if (rc == GRILLE_OK) rc = grille_coding_write_sheet(wb, "segments", codings, n, err);
    /* the workbook's own error, when a sheet met one, says more */
    grille_error close_err;
    int closed = grille_workbook_close(wb, &close_err);
    if (closed != GRILLE_OK) {
        if (err) *err = close_err;
        return closed;
    }
    if (rc != GRILLE_OK && err && err->code == GRILLE_OK)
        grille_fail(err, rc, path, 0, 0, 0, "%s", grille_strerror(rc));
    return rc;
}

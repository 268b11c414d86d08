/* gold_table.c - a hand coding kept as a table of units: one row per
 * unit (document, unit index, its text) and one column per theme, marked
 * 1 or x where the coder codes the unit with the theme.  This is what
 * `grille gold template` writes for a researcher to fill in a
 * spreadsheet; the table reader handles CSV (comma or semicolon), TSV,
 * and the encodings spreadsheets save. */
#include "gold.h"
#include "document.h"

/* Columns of the template (and of tables researchers add notes to) that
 * are not themes. */
static int is_info_column(const char *name) {
    static const char *const info[] = {"document",     "unit",     "text",   "speaker",  "line",      "coder",
                                       "time",         "cp_start", "cp_end", "comment",  "comments",  "commentaire",
                                       "commentaires", "note",     "notes",  "remarque", "remarques", NULL};
    for (size_t i = 0; info[i]; i++)
        if (grille_ascii_ieq(name, info[i])) return 1;
    return 0;
}

static size_t column_named(const grille_table *t, const char *name) {
    for (size_t c = 0; c < table_column_count(t); c++)
        if (grille_ascii_ieq(table_column(t, c), name)) return c;
    return SIZE_MAX;
}

/* 1 for a mark that codes, 0 for one that does not, -1 otherwise. */
static int cell_mark(const char *v) {
    static const char *const yes[] = {"1", "x", "oui", "o", "yes", "y", "true", "vrai", "\xE2\x9C\x93", "\xE2\x9C\x94",
                                      NULL};
    static const char *const no[] = {"", "0", "non", "n", "no", "false", "faux", "-", NULL};
    for (size_t i = 0; yes[i]; i++)
        if (grille_ascii_ieq(v, yes[i])) return 1;
    for (size_t i = 0; no[i]; i++)
        if (grille_ascii_ieq(v, no[i])) return 0;
    return -1;
}

static int parse_unit(const char *s, long *out) {
    size_t n = strlen(s);
    if (n == 0 || n > 12) return -1;
    long v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9') return -1;
        v = v * 10 + (s[i] - '0');
    }
    *out = v;
    return 0;
}

static int not_a_gold(const grille_gold *g, grille_error *err) {
    return grille_fail(err, GRILLE_ETRANSCRIPT, g->name, 1, 1, 0,
                       "not a gold: the first row must name the columns document, start, end, theme "
                       "and coder (a gold of spans), or document, unit, text and one column per theme "
                       "(a table of units, as 'grille gold template' writes)");
}

static int read_rows(grille_gold *g, const grille_table *t, grille_error *err) {
    size_t doc_col = table_key_column(t), unit_col = column_named(t, "unit"), text_col = column_named(t, "text"),
           coder_col = column_named(t, "coder");
    if (unit_col == SIZE_MAX || text_col == SIZE_MAX || !grille_ascii_ieq(table_column(t, doc_col), "document"))
        return not_a_gold(g, err);
    for (size_t c = 0; c < table_column_count(t); c++) {
        const char *name = table_column(t, c);
        if (!*name || is_info_column(name)) continue;
        if (GROW(g->columns, g->ncolumns, g->capcolumns) || !(g->columns[g->ncolumns] = grille_strdup(name)))
            return GRILLE_ENOMEM;
        g->ncolumns++;
    }
    if (!g->ncolumns)
        return grille_fail(err, GRILLE_ETRANSCRIPT, g->name, 1, 1, 0,
                           "the table has no theme column: add one column per theme, named by its id");
    for (size_t r = 0; r < grille_table_row_count(t); r++) {
        gspan sp = {0};
        sp.line = grille_table_row_line(t, r);
        sp.document = (char *)table_cell(t, r, doc_col);
        sp.text = (char *)table_cell(t, r, text_col);
        sp.coder = coder_col == SIZE_MAX ? "" : (char *)table_cell(t, r, coder_col);
        if (parse_unit(table_cell(t, r, unit_col), &sp.unit))
            return grille_fail(err, GRILLE_ETRANSCRIPT, g->name, sp.line, 0, 0,
                               "unit must be the unit's number (a whole number, as the template gives "
                               "it), not '%s'",
                               table_cell(t, r, unit_col));
        int coded = 0;
        for (size_t c = 0; c < table_column_count(t); c++) {
            const char *name = table_column(t, c);
            if (!*name || is_info_column(name)) continue;
            int m = cell_mark(table_cell(t, r, c));
            if (m < 0)
                return grille_fail(err, GRILLE_ETRANSCRIPT, g->name, sp.line, 0, 0,
                                   "the cell of column '%s' holds '%s': write 1 or x to code the unit "
                                   "with the theme, or leave it empty",
                                   name, table_cell(t, r, c));
            if (!m) continue;
            sp.theme = (char *)name;
            if (gold_add(g, &sp)) return GRILLE_ENOMEM;
            coded = 1;
        }
        if (!coded) {
            sp.theme = "";
            if (gold_add(g, &sp)) return GRILLE_ENOMEM;
        }
    }
    return GRILLE_OK;
}

int gold_parse_table(grille_gold *g, const char *data, size_t size, grille_error *err) {
    g->units = 1;
    grille_table *t = grille_table_parse(g->name, data, size, err);
    if (!t) {
        /* the table reader's complaint about a 'document' column is
         * confusing for a file that is meant as a gold */
        if (err && err->code == GRILLE_ETRANSCRIPT && strcmp(err->message, grille_msg(table_no_key)) == 0)
            return not_a_gold(g, err);
        return err ? err->code : GRILLE_ETRANSCRIPT;
    }
    int rc = read_rows(g, t, err);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, g->name, 0, 0, 0, "out of memory");
    grille_table_free(t);
    return rc;
}

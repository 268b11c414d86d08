/* cooc.c - theme x theme co-occurrence: how many units coded with a
 * theme have another within a window of units, as counts or as a
 * Jaccard index; by default a parent theme stands for its sub-themes
 * too, as in the matrix. */
#include "codebook_view.h"
#include "output.h"
#include "tab.h"
#include <stdio.h>

struct grille_cooc {
    const grille_codebook *cb;
    size_t *both;   /* nthemes x nthemes */
    size_t *units;  /* per theme: its coded units */
    size_t *either; /* nthemes x nthemes: units with a or b (window 0) */
    size_t window;
    int leaves;
    unsigned char *row;  /* per theme: shown (all, or leaves only) */
    unsigned char *sets; /* per unit of the document counted, its themes */
    size_t sets_cap;
};

void grille_cooc_free(grille_cooc *c) {
    if (!c) return;
    free(c->both);
    free(c->units);
    free(c->either);
    free(c->row);
    free(c->sets);
    free(c);
}

grille_cooc *grille_cooc_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n, size_t window,
                             unsigned flags, grille_error *err) {
    int leaves = (flags & GRILLE_COOC_LEAVES) != 0;
    grille_error_clear(err);
    if (!cb || (n && !codings)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, !cb ? "no codebook" : "no coding");
        return NULL;
    }
    size_t nt = codebook_theme_count(cb);
    grille_cooc *c = calloc(1, sizeof *c);
    if (!c) goto nomem;
    c->cb = cb;
    c->window = window;
    c->leaves = leaves;
    c->both = calloc(nt * nt + 1, sizeof *c->both);
    c->either = calloc(nt * nt + 1, sizeof *c->either);
    c->units = calloc(nt + 1, sizeof *c->units);
    c->row = calloc(nt + 1, 1);
    if (!c->both || !c->either || !c->units || !c->row) goto nomem;
    for (size_t t = 0; t < nt; t++) c->row[t] = !leaves || !codebook_has_children(cb, t);
    for (size_t d = 0; d < n; d++)
        if (grille_cooc_add(c, codings[d], err)) {
            grille_cooc_free(c);
            return NULL;
        }
    return c;
nomem:
    grille_cooc_free(c);
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

int grille_cooc_add(grille_cooc *c, const grille_coding *cd, grille_error *err) {
    grille_error_clear(err);
    if (!c || !cd) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, !c ? "no co-occurrence table" : "no coding");
    const grille_codebook *cb = c->cb;
    size_t nt = codebook_theme_count(cb), nu = grille_coding_unit_count(cd), window = c->window;
    /* themes of each unit of coded speech, in unit order */
    if (nu && nt > (SIZE_MAX - 1) / nu) return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    if (grille_grow((void **)&c->sets, &c->sets_cap, nu * nt + 1, 1))
        return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    unsigned char *sets = c->sets;
    memset(sets, 0, nu * nt + 1);
    size_t k = 0;
    for (size_t i = 0; i < grille_coding_segment_count(cd); i++) {
        const grille_segment *s = grille_coding_segment_get(cd, i);
        while (k < nu && grille_coding_unit_get(cd, k) < s->unit_index) k++;
        if (k >= nu) break;
        for (int t = (int)s->theme; t >= 0; t = c->leaves ? -1 : codebook_theme_parent(cb, t))
            sets[k * nt + (size_t)t] = 1;
    }
    for (size_t u = 0; u < nu; u++) {
        const unsigned char *a = sets + u * nt;
        size_t lo = u >= window ? u - window : 0, hi = u + window < nu ? u + window : nu - 1;
        for (size_t x = 0; x < nt; x++) {
            if (!a[x]) continue;
            c->units[x]++;
            for (size_t y = 0; y < nt; y++) {
                int found = 0;
                for (size_t v = lo; v <= hi && !found; v++) found = sets[v * nt + y];
                c->both[x * nt + y] += (size_t)found;
            }
        }
        for (size_t x = 0; x < nt; x++)
            for (size_t y = 0; y < nt; y++) c->either[x * nt + y] += (size_t)(a[x] || a[y]);
    }
    return GRILLE_OK;
}

/* NULL answers 0, like every other accessor: it crashed before */
size_t grille_cooc_cell(const grille_cooc *c, size_t a, size_t b) {
    if (!c) return 0;
    size_t nt = codebook_theme_count(c->cb);
    return a < nt && b < nt ? c->both[a * nt + b] : 0;
}

/* Jaccard over units: |A and B| / |A or B|, the units of A that have B
 * within the window standing for the intersection. */
double grille_cooc_jaccard(const grille_cooc *c, size_t a, size_t b) {
    if (!c) return 0;
    size_t nt = codebook_theme_count(c->cb);
    if (a >= nt || b >= nt) return 0;
    size_t inter = c->both[a * nt + b];
    size_t uni = c->window ? c->units[a] + c->units[b] - inter : c->either[a * nt + b];
    return uni ? (double)inter / (double)uni : 0;
}

static void write_cooc(tab *t, const grille_cooc *c, int jaccard) {
    const grille_codebook *cb = c->cb;
    size_t shown = 0;
    tab_head(t, "theme");
    for (size_t th = 0; th < codebook_theme_count(cb); th++)
        if (c->row[th]) tab_head(t, codebook_theme_id(cb, th)), shown++;
    tab_eol(t);
    tab_md_rule(t, 1, shown);
    for (size_t a = 0; a < codebook_theme_count(cb); a++) {
        if (!c->row[a]) continue;
        tab_cstr(t, codebook_theme_id(cb, a));
        for (size_t b = 0; b < codebook_theme_count(cb); b++) {
            if (!c->row[b]) continue;
            if (jaccard) tab_num(t, grille_cooc_jaccard(c, a, b), 3);
            else tab_int(t, grille_cooc_cell(c, a, b));
        }
        tab_eol(t);
    }
}

static const char cooc_what[] = N_("cannot write the co-occurrences");

int grille_cooc_write(FILE *out, grille_format fmt, const grille_cooc *c, unsigned flags, grille_error *err) {
    int jaccard = (flags & GRILLE_COOC_JACCARD) != 0;
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, cooc_what, N_("no output stream"));
    if (!c) return grille_write_fail(err, GRILLE_EUSAGE, cooc_what, N_("no co-occurrence table"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, cooc_what, fmt);
    tab t;
    tab_text(&t, out, fmt);
    tab_bom(out, fmt);
    write_cooc(&t, c, jaccard);
    return tab_done(&t, err, cooc_what);
}

int grille_cooc_write_sheet(grille_workbook *wb, const char *sheet, const grille_cooc *c, unsigned flags,
                            grille_error *err) {
    int jaccard = (flags & GRILLE_COOC_JACCARD) != 0;
    grille_error_clear(err);
    if (!wb) return grille_write_fail(err, GRILLE_EUSAGE, cooc_what, N_("no workbook"));
    if (!c) return grille_write_fail(err, GRILLE_EUSAGE, cooc_what, N_("no co-occurrence table"));
    tab t;
    int rc = tab_sheet(&t, wb, sheet ? sheet : "cooccurrences", err);
    if (rc) return rc;
    write_cooc(&t, c, jaccard);
    return tab_done(&t, err, cooc_what);
}

/* goldcheck.c - gold rows that match nothing: a document that is not in
 * the run, or no unit of coded speech.  Such a row would silently count
 * for nothing, which is how a typo in a document name used to pass. */
#include "unitsets.h"

size_t grille_gold_check(const grille_gold *g, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                         const char *coder, grille_gold_miss *out, size_t max, grille_error *err) {
    grille_error_clear(err);
    if (!g || !cb || (n && !codings)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "a gold, a codebook and codings are needed");
        return GRILLE_NONE;
    }
    unsigned char *found = calloc(g->n + 1, 1), *judged = malloc(codebook_theme_count(cb) + 1);
    if (!found || !judged) {
        free(found);
        free(judged);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return GRILLE_NONE;
    }
    size_t misses = 0;
    if (unitsets_judged(cb, g, judged, err)) misses = GRILLE_NONE;
    for (size_t d = 0; d < n && misses == 0; d++) {
        unitsets u;
        if (unitsets_build(cb, codings[d], g, coder, g->name, &u, found, err)) misses = GRILLE_NONE;
        else unitsets_free(&u);
    }
    for (size_t i = 0; i < g->n && misses != GRILLE_NONE; i++) {
        if (coder && strcmp(coder, g->v[i].coder) != 0) continue;
        if (found[i] & GOLD_ROW_UNIT) continue;
        /* a table row with several themes is one row */
        if (i > 0 && g->v[i - 1].line == g->v[i].line && !(found[i - 1] & GOLD_ROW_UNIT)) continue;
        if (out && misses < max) {
            out[misses].line = g->v[i].line;
            out[misses].document = g->v[i].document;
            out[misses].flags = found[i] & GOLD_ROW_DOCUMENT ? GRILLE_GOLD_MISS_FOUND_DOCUMENT : 0;
            out[misses].unit = g->v[i].unit < 0 ? GRILLE_NONE : (size_t)g->v[i].unit;
        }
        misses++;
    }
    free(found);
    free(judged);
    return misses;
}

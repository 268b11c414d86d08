/* unitsets.c - see unitsets.h. */
#include "unitsets.h"

void unitsets_free(unitsets *u) {
    free(u->autoset);
    free(u->goldset);
    free(u->units);
    memset(u, 0, sizeof *u);
}

long unitsets_find(const unitsets *u, size_t idx) {
    size_t lo = 0, hi = u->nunits;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (u->units[mid].index < idx) lo = mid + 1; else hi = mid;
    }
    return lo < u->nunits && u->units[lo].index == idx ? (long)lo : -1;
}

static void mark(const grille_codebook *cb, unsigned char *row, int theme) {
    row[theme] |= SET_DIRECT;
    for (int t = theme; t >= 0; t = cb->themes[t].parent) row[t] |= SET_ROLLED;
}

/* Whether the shorter id ends the longer one at a '/': a gold written
 * for "illustratifs/ei-01" fits a run on that folder ("ei-01"), but
 * "ville/ei-01" does not fit "campagne/ei-01". */
static int same_document(const char *gold_id, const char *doc_id) {
    size_t a = strlen(gold_id), b = strlen(doc_id);
    if (a == b) return strcmp(gold_id, doc_id) == 0;
    const char *lng = a > b ? gold_id : doc_id, *sht = a > b ? doc_id : gold_id;
    size_t nl = a > b ? a : b, ns = a > b ? b : a;
    return lng[nl - ns - 1] == '/' && strcmp(lng + nl - ns, sht) == 0;
}

int unitsets_build(const grille_codebook *cb, const grille_coding *c,
                   const grille_gold *gold, const char *coder, const char *gold_name,
                   unitsets *u, grille_error *err) {
    memset(u, 0, sizeof *u);
    const grille_document *doc = grille_coding_document(c);
    u->nunits = grille_coding_unit_count(c);
    u->nthemes = cb->nthemes;
    size_t cells = u->nunits * u->nthemes + 1;
    u->autoset = calloc(cells, 1);
    u->goldset = calloc(cells, 1);
    u->units = calloc(u->nunits + 1, sizeof *u->units);
    if (!u->autoset || !u->goldset || !u->units) goto nomem;
    for (size_t i = 0; i < u->nunits; i++)
        grille_document_unit(doc, cb->unit, grille_coding_unit(c, i), &u->units[i]);
    for (size_t i = 0; i < grille_coding_count(c); i++) {
        const grille_segment *s = grille_coding_segment(c, i);
        long k = unitsets_find(u, s->unit_index);
        if (k >= 0) mark(cb, u->autoset + (size_t)k * u->nthemes, s->theme);
    }
    for (size_t g = 0; g < grille_gold_count(gold); g++) {
        grille_gold_span sp;
        grille_gold_get(gold, g, &sp);
        if (coder && strcmp(coder, sp.coder) != 0) continue;
        if (!same_document(sp.document, grille_document_id(doc))) continue;
        u->has_gold = 1;
        int t = grille_codebook_find_theme(cb, sp.theme);
        if (t < 0) {
            unitsets_free(u);
            return grille_fail(err, GRILLE_EUSAGE, gold_name, sp.line, 0, 0,
                               "theme '%s' is not in the codebook %s", sp.theme, cb->name);
        }
        /* units overlapping [cp_start, cp_end): they are in file order */
        size_t lo = 0, hi = u->nunits;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (u->units[mid].span.cp_end <= sp.cp_start) lo = mid + 1; else hi = mid;
        }
        int any = 0;
        for (size_t k = lo; k < u->nunits && u->units[k].span.cp_start < sp.cp_end; k++) {
            mark(cb, u->goldset + k * u->nthemes, t);
            any = 1;
        }
        if (!any) u->outside++;
    }
    return GRILLE_OK;
nomem:
    unitsets_free(u);
    return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
}

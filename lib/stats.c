/* stats.c - per-rule statistics over a coded corpus: units supported,
 * hits, precision against a gold, and rules shadowed by another. */
#include "unitsets.h"
#include "tab.h"
#include <math.h>
#include <stdio.h>

typedef struct rule_acc {
    uint64_t *units; /* (document << 32 | unit), ascending */
    size_t n, cap;
    size_t hits, judged, gold_units;
} rule_acc;

struct grille_stats {
    const grille_codebook *cb;
    rule_acc *rules;
    int *shadowed_by;
    size_t *theme_units;
    size_t units;
    int gold; /* a gold was given: precision is known */
};

void grille_stats_free(grille_stats *s) {
    if (!s) return;
    for (size_t i = 0; s->rules && i < codebook_rule_count(s->cb); i++) free(s->rules[i].units);
    free(s->rules);
    free(s->shadowed_by);
    free(s->theme_units);
    free(s);
}

/* Whether sorted list a is a subset of sorted list b. */
static int subset(const uint64_t *a, size_t na, const uint64_t *b, size_t nb) {
    size_t j = 0;
    for (size_t i = 0; i < na; i++) {
        while (j < nb && b[j] < a[i]) j++;
        if (j == nb || b[j] != a[i]) return 0;
    }
    return 1;
}

static int is_alternative(const grille_codebook *cb, size_t r) {
    int p = codebook_rule_parent(cb, r);
    return !codebook_rule_exclude(cb, r) && (p < 0 || codebook_rule_kind(cb, p) == GRILLE_RULE_ANY);
}

/* Whether one rule encloses the other. */
static int related(const grille_codebook *cb, size_t a, size_t b) {
    for (int p = codebook_rule_parent(cb, a); p >= 0; p = codebook_rule_parent(cb, p))
        if ((size_t)p == b) return 1;
    for (int p = codebook_rule_parent(cb, b); p >= 0; p = codebook_rule_parent(cb, p))
        if ((size_t)p == a) return 1;
    return 0;
}

grille_stats *grille_stats_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                               const grille_gold *gold, grille_error *err) {
    grille_error_clear(err);
    grille_stats *s = calloc(1, sizeof *s);
    if (!s) goto nomem;
    s->cb = cb;
    s->gold = gold != NULL;
    s->rules = calloc(codebook_rule_count(cb) + 1, sizeof *s->rules);
    s->shadowed_by = malloc((codebook_rule_count(cb) + 1) * sizeof *s->shadowed_by);
    s->theme_units = calloc(codebook_theme_count(cb) + 1, sizeof *s->theme_units);
    int *seen = malloc((codebook_rule_count(cb) + 1) * sizeof *seen);
    unsigned char *judged = malloc(codebook_theme_count(cb) + 1);
    if (!s->rules || !s->shadowed_by || !s->theme_units || !seen || !judged) {
        free(seen);
        free(judged);
        goto nomem;
    }
    if (unitsets_judged(cb, gold, judged, err)) {
        free(seen);
        free(judged);
        grille_stats_free(s);
        return NULL;
    }
    for (size_t d = 0; d < n; d++) {
        const grille_coding *c = codings[d];
        s->units += grille_coding_unit_count(c);
        unitsets u = {0};
        if (gold && unitsets_build(cb, c, gold, NULL, grille_gold_name(gold), &u, NULL, err)) {
            free(seen);
            free(judged);
            grille_stats_free(s);
            return NULL;
        }
        for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
            const grille_segment *seg = grille_coding_segment_get(c, i);
            s->theme_units[seg->theme]++;
            /* a gold that judges only top-level themes judges a sub-theme's
             * rules by its parent's */
            int target = seg->theme;
            while (target >= 0 && !judged[target]) target = codebook_theme_parent(cb, target);
            long k = gold && u.has_gold && target >= 0 ? unitsets_find(&u, seg->unit_index) : -1;
            if (k >= 0 && !u.judged[k]) k = -1; /* a unit the table has no row for */
            int in_gold = k >= 0 && (u.goldset[(size_t)k * u.nthemes + (size_t)target] & SET_ROLLED);
            size_t nseen = 0;
            for (size_t h = 0; h < seg->hit_count; h++) {
                int r = codebook_rule_find(cb, seg->hits[h].rule_id);
                if (r < 0) continue;
                rule_acc *acc = &s->rules[r];
                acc->hits++;
                int dup = 0;
                for (size_t x = 0; x < nseen; x++) dup |= seen[x] == r;
                if (dup) continue;
                seen[nseen++] = r;
                if (GROW(acc->units, acc->n, acc->cap)) {
                    unitsets_free(&u);
                    free(seen);
                    free(judged);
                    goto nomem;
                }
                acc->units[acc->n++] = (uint64_t)d << 32 | (uint64_t)seg->unit_index;
                acc->judged += (size_t)(k >= 0);
                acc->gold_units += (size_t)in_gold;
            }
        }
        unitsets_free(&u);
    }
    free(seen);
    free(judged);
    /* a near/all/any rule supported the units its rules did: children come
     * after their parent, so walking backwards fills parents last */
    for (size_t r = codebook_rule_count(cb); r-- > 0;) {
        size_t nchildren;
        const int *children = codebook_rule_children(cb, r, &nchildren);
        for (size_t k = 0; k < nchildren; k++) {
            rule_acc *p = &s->rules[r], *ch = &s->rules[children[k]];
            uint64_t *merged = malloc((p->n + ch->n + 1) * sizeof *merged);
            if (!merged) goto nomem;
            size_t i = 0, j = 0, m = 0;
            while (i < p->n || j < ch->n) {
                uint64_t v = j >= ch->n || (i < p->n && p->units[i] < ch->units[j]) ? p->units[i++] : ch->units[j++];
                if (m == 0 || merged[m - 1] != v) merged[m++] = v;
            }
            free(p->units);
            p->units = merged;
            p->n = p->cap = m;
            p->hits += ch->hits;
        }
    }
    /* shadowing among alternatives: a theme's top-level rules and the
     * rules of an <any> (the rules of a near or all are all required) */
    for (size_t r = 0; r < codebook_rule_count(cb); r++) {
        s->shadowed_by[r] = -1;
        const rule_acc *a = &s->rules[r];
        if (!a->n || !is_alternative(cb, r)) continue;
        for (size_t o = 0; o < codebook_rule_count(cb) && s->shadowed_by[r] < 0; o++) {
            if (o == r || codebook_rule_theme(cb, o) != codebook_rule_theme(cb, r) || !is_alternative(cb, o) ||
                related(cb, r, o))
                continue;
            const rule_acc *b = &s->rules[o];
            /* of two rules with the same units, only the later is said to
             * be shadowed */
            if (b->n < a->n || (b->n == a->n && o > r)) continue;
            if (subset(a->units, a->n, b->units, b->n)) s->shadowed_by[r] = (int)o;
        }
    }
    return s;
nomem:
    grille_stats_free(s);
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

int grille_stats_rule_get(const grille_stats *s, size_t rule, grille_rule_stats *out) {
    if (!s || !out || rule >= codebook_rule_count(s->cb)) return GRILLE_EUSAGE;
    out->units = s->rules[rule].n;
    out->hits = s->rules[rule].hits;
    out->judged = s->rules[rule].judged;
    out->gold_units = s->rules[rule].gold_units;
    out->shadowed_by = s->shadowed_by[rule] < 0 ? GRILLE_NONE : (size_t)s->shadowed_by[rule];
    return GRILLE_OK;
}

/* One row per rule outside <exclude>: what check --stats writes. */
static void write_stats(tab *t, const grille_stats *s) {
    static const char *const cols[] = {"rule",   "theme", "kind",      "line",        "units", "share", "hits",
                                       "judged", "gold",  "precision", "shadowed_by", "text",  NULL};
    const grille_codebook *cb = s->cb;
    for (size_t i = 0; cols[i]; i++) tab_head(t, cols[i]);
    tab_eol(t);
    if (t->fmt == GRILLE_FORMAT_MARKDOWN) fputs("|---|---|---|---:|---:|---:|---:|---:|---:|---:|---|---|\n", t->out);
    for (size_t r = 0; r < codebook_rule_count(cb); r++) {
        grille_rule_info ri;
        grille_rule_stats rs;
        grille_codebook_rule_get(cb, r, &ri);
        grille_stats_rule_get(s, r, &rs);
        if (ri.flags & GRILLE_RULE_INFO_EXCLUDE) continue;
        tab_cstr(t, ri.id);
        tab_cstr(t, codebook_theme_id(cb, ri.theme));
        tab_cstr(t, grille_rule_kind_name(ri.kind));
        tab_int(t, ri.line);
        tab_int(t, rs.units);
        tab_num(t, s->units ? (double)rs.units / (double)s->units : NAN, 3);
        tab_int(t, rs.hits);
        /* judged only for word, phrase, lemma and regex rules */
        if (ri.kind <= GRILLE_RULE_REGEX && s->gold) {
            tab_int(t, rs.judged);
            tab_int(t, rs.gold_units);
            tab_num(t, rs.judged ? (double)rs.gold_units / (double)rs.judged : NAN, 3);
        } else {
            tab_num(t, NAN, 0);
            tab_num(t, NAN, 0);
            tab_num(t, NAN, 0);
        }
        tab_cstr(t, rs.shadowed_by != GRILLE_NONE ? codebook_rule_id(cb, rs.shadowed_by) : "");
        tab_cstr(t, ri.text);
        tab_eol(t);
    }
}

static const char stats_what[] = N_("cannot write the rule statistics");

int grille_stats_write(FILE *out, grille_format fmt, const grille_stats *s, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, stats_what, N_("no output stream"));
    if (!s) return grille_write_fail(err, GRILLE_EUSAGE, stats_what, N_("no statistics"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, stats_what, fmt);
    tab t;
    tab_text(&t, out, fmt);
    tab_bom(out, fmt);
    write_stats(&t, s);
    return tab_done(&t, err, stats_what);
}

size_t grille_stats_units(const grille_stats *s) { return s ? s->units : 0; }

size_t grille_stats_theme_units(const grille_stats *s, size_t theme) {
    return s && theme < codebook_theme_count(s->cb) ? s->theme_units[theme] : 0;
}

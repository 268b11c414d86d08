/* suggest.c - rules learned from hand coding.  The units of coded speech
 * of the documents a gold covers are mined for candidate rules (words,
 * globs on shared stems, lemmas, two- and three-word phrases, near
 * pairs); each candidate is scored for each theme by what adding it to
 * the theme would change, estimated by cross-validation over documents:
 * in each fold, a candidate counts only if the other folds' units select
 * it, and it is scored on the fold's units alone, so no candidate is
 * scored on the units it was mined from.  The theme's current rules that
 * cost the most precision are listed too, with the false positives they
 * cause.  Everything is deterministic: candidates are ranked by their
 * figures, then by kind and text. */
#include "unitsets.h"
#include "output.h"
#include "tab.h"
#include "stopwords.h"
#include "lang.h"
#include <math.h>
#include <stdio.h>

#define MAX_FOLDS 20
#define EXAMPLES 3

typedef struct sunit {
    uint32_t doc; /* index into the codings */
    uint32_t fold;
    grille_unit unit;
} sunit;

typedef struct cand {
    char kind;       /* w word, g glob, l lemma, p phrase, n near */
    uint32_t text;   /* offset in the arena of its text (NUL-terminated) */
    uint32_t *units; /* the units it occurs in, ascending */
    uint32_t n, cap;
} cand;

typedef struct suggestion {
    size_t cand;
    size_t gained, added_fp;  /* on held-out folds */
    size_t gold_units, units; /* over every unit */
    double delta_f1;
    uint32_t examples[EXAMPLES];
    size_t nexamples;
} suggestion;

typedef struct costly {
    int rule;
    size_t tp, fp, sole_tp, sole_fp;
    double delta_f1;
    uint32_t examples[EXAMPLES];
    size_t nexamples;
} costly;

typedef struct theme_result {
    int theme;
    size_t tp, fp, fn, tn;
    suggestion *sugg;
    size_t nsugg;
    costly *cost;
    size_t ncost;
} theme_result;

struct grille_suggest {
    const grille_codebook *cb;
    const grille_coding **codings;
    char *gold_name;
    unsigned folds, top;
    size_t ndocs;
    sunit *units;
    size_t nunits, capunits;
    unsigned char *gold, *auto_; /* nunits x nthemes: rolled codings */
    size_t capsets;
    cand *cands;
    size_t ncands, capcands;
    strmap index; /* kind + text -> candidate */
    gbuf arena;
    theme_result *res;
    size_t nres;
};

void grille_suggest_free(grille_suggest *s) {
    if (!s) return;
    for (size_t i = 0; i < s->ncands; i++) free(s->cands[i].units);
    for (size_t i = 0; i < s->nres; i++) {
        free(s->res[i].sugg);
        free(s->res[i].cost);
    }
    free(s->res);
    free(s->cands);
    strmap_free(&s->index);
    gbuf_free(&s->arena);
    free(s->units);
    free(s->gold);
    free(s->auto_);
    free(s->codings);
    free(s->gold_name);
    free(s);
}

static double f1_of(double tp, double fp, double fn) {
    return 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : NAN;
}

/* ------------------------------------------------------------------ */
/* mining                                                              */

static int add_cand(grille_suggest *s, char kind, const char *text, size_t len, uint32_t unit, gbuf *key) {
    key->len = 0;
    if (gbuf_putc(key, kind) || gbuf_append(key, text, len)) return GRILLE_ENOMEM;
    int created;
    int *v = strmap_put(&s->index, key->data, key->len, &created);
    if (!v) return GRILLE_ENOMEM;
    if (created) {
        if (GROW(s->cands, s->ncands, s->capcands)) return GRILLE_ENOMEM;
        cand *c = &s->cands[s->ncands];
        memset(c, 0, sizeof *c);
        c->kind = kind;
        c->text = (uint32_t)s->arena.len;
        if (gbuf_append(&s->arena, text, len) || gbuf_putc(&s->arena, '\0')) return GRILLE_ENOMEM;
        *v = (int)s->ncands++;
    }
    cand *c = &s->cands[*v];
    if (c->n && c->units[c->n - 1] == unit) return GRILLE_OK;
    if (c->n == c->cap) {
        uint32_t cap = c->cap ? c->cap * 2 : 4;
        uint32_t *u = realloc(c->units, cap * sizeof *u);
        if (!u) return GRILLE_ENOMEM;
        c->units = u;
        c->cap = cap;
    }
    c->units[c->n++] = unit;
    return GRILLE_OK;
}

static int is_matchable(const tok *t) {
    return (t->flags & GRILLE_TOKEN_WORD) && !(t->flags & (GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION));
}

typedef struct miner {
    grille_suggest *s;
    const strmap *stop;
    toklist tl;
    size_t *idx; /* matchable tokens of the unit */
    size_t capidx;
    gbuf key, text, raw;
} miner;

static int stop(const miner *m, const char *f, size_t n) { return strmap_get(m->stop, f, n) >= 0; }

/* The candidates of one unit, from its tokens. */
static int mine_unit(miner *m, const grille_document *doc, const grille_unit *u, uint32_t unit) {
    grille_suggest *s = m->s;
    const grille_codebook *cb = s->cb;
    toklist_clear(&m->tl);
    for (size_t x = 0; x < doc->nsents; x++) {
        const dunit *se = &doc->sents[x];
        int in = cb->unit == GRILLE_UNIT_SENTENCE    ? x == u->index
                 : cb->unit == GRILLE_UNIT_PARAGRAPH ? se->parent == u->index
                                                     : se->turn == u->turn;
        if (in && tokenize_sentence(&cb->tc, doc, x, 0, &m->tl)) return GRILLE_ENOMEM;
    }
    size_t n = 0;
    if (grille_grow((void **)&m->idx, &m->capidx, m->tl.n + 1, sizeof *m->idx)) return GRILLE_ENOMEM;
    for (size_t i = 0; i < m->tl.n; i++)
        if (is_matchable(&m->tl.v[i])) m->idx[n++] = i;
    for (size_t i = 0; i < n; i++) {
        const tok *t = &m->tl.v[m->idx[i]];
        const char *f = tok_form(&m->tl, t);
        size_t len = t->form_len;
        int sw = stop(m, f, len);
        if (!sw && len >= 3 && add_cand(s, 'w', f, len, unit, &m->key)) return GRILLE_ENOMEM;
        /* globs: every prefix of at least 5 bytes that ends a character */
        for (size_t p = 5; !sw && p <= len; p++)
            if ((p == len || ((unsigned char)f[p] & 0xC0) != 0x80) && add_cand(s, 'g', f, p, unit, &m->key))
                return GRILLE_ENOMEM;
        if (cb->lexicon && !sw) {
            m->raw.len = 0;
            if (fold_append(&cb->tc.raw, doc->text + t->b0, t->b1 - t->b0, &m->raw)) return GRILLE_ENOMEM;
            lemma_cand lc[LEMMA_MAX];
            size_t nl = lemmatize(cb->lexicon, m->raw.data, m->raw.len, lc);
            for (size_t k = 0; k < nl; k++) {
                int dup = 0;
                for (size_t j = 0; j < k; j++) dup |= lc[j].lemma == lc[k].lemma;
                size_t ll;
                const char *l =
                    lc[k].lemma == LEMMA_UNKNOWN ? NULL : lexicon_lemma_string(cb->lexicon, lc[k].lemma, &ll);
                if (dup || !l || stop(m, l, ll)) continue;
                if (add_cand(s, 'l', l, ll, unit, &m->key)) return GRILLE_ENOMEM;
            }
        }
        /* phrases that start and end with a content word */
        for (size_t w = 2; w <= 3 && i + w <= n; w++) {
            const tok *e = &m->tl.v[m->idx[i + w - 1]];
            if (sw || stop(m, tok_form(&m->tl, e), e->form_len)) continue;
            m->text.len = 0;
            for (size_t j = 0; j < w; j++) {
                const tok *x = &m->tl.v[m->idx[i + j]];
                if ((j && gbuf_putc(&m->text, ' ')) || gbuf_append(&m->text, tok_form(&m->tl, x), x->form_len))
                    return GRILLE_ENOMEM;
            }
            if (add_cand(s, 'p', m->text.data, m->text.len, unit, &m->key)) return GRILLE_ENOMEM;
        }
        /* near pairs of content words within 5 words, in text order */
        for (size_t j = i + 2; !sw && len >= 4 && j < n && j <= i + 5; j++) {
            const tok *x = &m->tl.v[m->idx[j]];
            const char *g = tok_form(&m->tl, x);
            if (x->form_len < 4 || stop(m, g, x->form_len)) continue;
            if (x->form_len == len && memcmp(f, g, len) == 0) continue;
            m->text.len = 0;
            if (gbuf_append(&m->text, f, len) || gbuf_putc(&m->text, ' ') || gbuf_append(&m->text, g, x->form_len))
                return GRILLE_ENOMEM;
            if (add_cand(s, 'n', m->text.data, m->text.len, unit, &m->key)) return GRILLE_ENOMEM;
        }
    }
    return GRILLE_OK;
}

/* The units of coded speech of the documents the gold covers, their
 * folds, and what grille and the gold give them. */
static int collect_units(grille_suggest *s, const grille_coding *const *codings, size_t n, const grille_gold *gold,
                         const char *coder, grille_error *err) {
    const grille_codebook *cb = s->cb;
    size_t nt = cb->nthemes;
    for (size_t d = 0; d < n; d++) {
        unitsets u;
        if (unitsets_build(cb, codings[d], gold, coder, gold->name, &u, NULL, err)) return err->code;
        if (!u.has_gold) {
            unitsets_free(&u);
            continue;
        }
        size_t fold = s->ndocs++;
        size_t need = (s->nunits + u.nunits) * nt + 1;
        /* through copies: a failed realloc must not lose the old arrays */
        int grown = grille_grow((void **)&s->units, &s->capunits, s->nunits + u.nunits + 1, sizeof *s->units) == 0;
        unsigned char *g = grown ? realloc(s->gold, need) : NULL;
        if (g) s->gold = g;
        unsigned char *a = g ? realloc(s->auto_, need) : NULL;
        if (a) s->auto_ = a;
        if (!a) {
            unitsets_free(&u);
            return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        }
        for (size_t k = 0; k < u.nunits; k++) {
            if (!u.judged[k]) continue; /* a unit the table has no row for */
            sunit *x = &s->units[s->nunits];
            x->doc = (uint32_t)d;
            x->fold = (uint32_t)fold; /* made a fold number below */
            x->unit = u.units[k];
            for (size_t t = 0; t < nt; t++) {
                s->gold[s->nunits * nt + t] = (u.goldset[k * nt + t] & SET_ROLLED) != 0;
                s->auto_[s->nunits * nt + t] = (u.autoset[k * nt + t] & SET_ROLLED) != 0;
            }
            s->nunits++;
        }
        unitsets_free(&u);
    }
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* scoring                                                             */

static int by_gain(const void *a, const void *b, void *ctx) {
    const grille_suggest *s = ctx;
    const suggestion *x = a, *y = b;
    if (x->delta_f1 != y->delta_f1) return x->delta_f1 > y->delta_f1 ? -1 : 1;
    if (x->gained != y->gained) return x->gained > y->gained ? -1 : 1;
    if (x->added_fp != y->added_fp) return x->added_fp < y->added_fp ? -1 : 1;
    /* the simplest rule first among equals: a word before a phrase, a
     * lemma, a glob, a near; the longest (most telling) stem of a glob */
    const cand *p = &s->cands[x->cand], *q = &s->cands[y->cand];
    static const char order[] = "wplgn";
    if (p->kind != q->kind) return strchr(order, p->kind) < strchr(order, q->kind) ? -1 : 1;
    const char *pt = s->arena.data + p->text, *qt = s->arena.data + q->text;
    if (p->kind == 'g' && strlen(pt) != strlen(qt)) return strlen(pt) > strlen(qt) ? -1 : 1;
    return strcmp(pt, qt);
}

static int same_units(const cand *a, const cand *b) {
    return a->n == b->n && memcmp(a->units, b->units, a->n * sizeof *a->units) == 0;
}

static int score_candidates(grille_suggest *s, theme_result *r, unsigned min_units) {
    size_t nt = s->cb->nthemes, t = (size_t)r->theme, cap = 0;
    double base = f1_of((double)r->tp, (double)r->fp, (double)r->fn);
    for (size_t c = 0; c < s->ncands; c++) {
        const cand *cd = &s->cands[c];
        if (cd->n < min_units) continue;
        size_t hit[MAX_FOLDS] = {0}, pos[MAX_FOLDS] = {0}, ntp[MAX_FOLDS] = {0}, nfp[MAX_FOLDS] = {0};
        size_t th = 0, tpos = 0, tntp = 0;
        for (uint32_t i = 0; i < cd->n; i++) {
            uint32_t u = cd->units[i], f = s->units[u].fold;
            int g = s->gold[u * nt + t], a = s->auto_[u * nt + t];
            hit[f]++, th++;
            if (g) pos[f]++, tpos++;
            if (!a && g) ntp[f]++, tntp++;
            if (!a && !g) nfp[f]++;
        }
        if (tpos < min_units || tntp == 0) continue;
        suggestion sg = {0};
        sg.cand = c;
        for (unsigned f = 0; f < s->folds; f++) {
            size_t trh = th - hit[f], trp = tpos - pos[f], trn = tntp - ntp[f];
            /* mined from the other folds: enough gold units, more of them
             * than not, and at least one the theme misses today */
            if (trp < min_units || 2 * trp < trh || trn == 0) continue;
            sg.gained += ntp[f];
            sg.added_fp += nfp[f];
        }
        if (!sg.gained) continue;
        double now = f1_of((double)(r->tp + sg.gained), (double)(r->fp + sg.added_fp), (double)(r->fn - sg.gained));
        sg.delta_f1 = now - (isnan(base) ? 0 : base);
        if (!(sg.delta_f1 > 0)) continue;
        sg.gold_units = tpos;
        sg.units = th;
        for (uint32_t i = 0; i < cd->n && sg.nexamples < EXAMPLES; i++) {
            uint32_t u = cd->units[i];
            if (s->gold[u * nt + t] && !s->auto_[u * nt + t]) sg.examples[sg.nexamples++] = u;
        }
        if (GROW(r->sugg, r->nsugg, cap)) return GRILLE_ENOMEM;
        r->sugg[r->nsugg++] = sg;
    }
    if (grille_sort(r->sugg, r->nsugg, sizeof *r->sugg, by_gain, s)) return GRILLE_ENOMEM;
    /* a glob that finds the same units as a word, a near the same as a
     * phrase: the simpler one, ranked first, is enough */
    size_t w = 0;
    for (size_t i = 0; i < r->nsugg && w < s->top; i++) {
        int dup = 0;
        for (size_t j = 0; j < w && !dup; j++) dup = same_units(&s->cands[r->sugg[j].cand], &s->cands[r->sugg[i].cand]);
        if (!dup) r->sugg[w++] = r->sugg[i];
    }
    r->nsugg = w;
    return GRILLE_OK;
}

static int by_cost(const void *a, const void *b, void *ctx) {
    (void)ctx;
    const costly *x = a, *y = b;
    if (x->delta_f1 != y->delta_f1) return x->delta_f1 > y->delta_f1 ? -1 : 1;
    if (x->fp != y->fp) return x->fp > y->fp ? -1 : 1;
    return x->rule - y->rule;
}

/* Position of (doc, unit index) among s->units, or -1: units are in
 * document order, then unit order. */
static long find_unit(const grille_suggest *s, uint32_t doc, size_t index) {
    size_t lo = 0, hi = s->nunits;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        const sunit *m = &s->units[mid];
        if (m->doc < doc || (m->doc == doc && m->unit.index < index)) lo = mid + 1;
        else hi = mid;
    }
    return lo < s->nunits && s->units[lo].doc == doc && s->units[lo].unit.index == index ? (long)lo : -1;
}

/* The rules that code the theme (through it or a sub-theme) where the
 * gold does not, and what removing each alone would change. */
static int score_rules(grille_suggest *s, theme_result *r) {
    const grille_codebook *cb = s->cb;
    size_t nt = cb->nthemes, t = (size_t)r->theme, cap = 0;
    int *slot = malloc((cb->nrules + 1) * sizeof *slot), *rules = NULL;
    size_t nrules = 0, caprules = 0;
    if (!slot) return GRILLE_ENOMEM;
    for (size_t i = 0; i < cb->nrules; i++) slot[i] = -1;
    int rc = GRILLE_OK;
    /* walk every compared document's segments, unit by unit */
    uint32_t last_doc = UINT32_MAX;
    for (size_t u0 = 0; u0 < s->nunits && rc == GRILLE_OK; u0++) {
        uint32_t d = s->units[u0].doc;
        if (d == last_doc) continue;
        last_doc = d;
        const grille_coding *c = s->codings[d];
        size_t count = grille_coding_segment_count(c);
        for (size_t i = 0; i < count && rc == GRILLE_OK;) {
            size_t index = grille_coding_segment_get(c, i)->unit_index, j = i;
            nrules = 0;
            for (; j < count && grille_coding_segment_get(c, j)->unit_index == index; j++) {
                const grille_segment *sg = grille_coding_segment_get(c, j);
                int under = 0;
                for (int x = sg->theme; x >= 0 && !under; x = cb->themes[x].parent) under = x == (int)t;
                for (size_t h = 0; under && h < sg->hit_count; h++) {
                    int ri = codebook_rule_find(cb, sg->hits[h].rule_id), dup = 0;
                    for (size_t k = 0; k < nrules && !dup; k++) dup = rules[k] == ri;
                    if (ri < 0 || dup) continue;
                    if (GROW(rules, nrules, caprules)) {
                        rc = GRILLE_ENOMEM;
                        break;
                    }
                    rules[nrules++] = ri;
                }
            }
            long u = nrules ? find_unit(s, d, index) : -1;
            if (u >= 0) {
                int g = s->gold[(size_t)u * nt + t];
                for (size_t k = 0; k < nrules && rc == GRILLE_OK; k++) {
                    if (slot[rules[k]] < 0) {
                        if (GROW(r->cost, r->ncost, cap)) {
                            rc = GRILLE_ENOMEM;
                            break;
                        }
                        memset(&r->cost[r->ncost], 0, sizeof *r->cost);
                        r->cost[r->ncost].rule = rules[k];
                        slot[rules[k]] = (int)r->ncost++;
                    }
                    costly *x = &r->cost[slot[rules[k]]];
                    if (g) x->tp++, x->sole_tp += nrules == 1;
                    else {
                        x->fp++, x->sole_fp += nrules == 1;
                        if (x->nexamples < EXAMPLES) x->examples[x->nexamples++] = (uint32_t)u;
                    }
                }
            }
            i = j;
        }
    }
    free(slot);
    free(rules);
    if (rc) return rc;
    double base = f1_of((double)r->tp, (double)r->fp, (double)r->fn);
    size_t w = 0;
    for (size_t i = 0; i < r->ncost; i++) {
        costly *x = &r->cost[i];
        if (!x->fp) continue;
        x->delta_f1 =
            f1_of((double)(r->tp - x->sole_tp), (double)(r->fp - x->sole_fp), (double)(r->fn + x->sole_tp)) - base;
        if (isnan(x->delta_f1)) x->delta_f1 = 0;
        r->cost[w++] = *x;
    }
    r->ncost = w;
    if (grille_sort(r->cost, r->ncost, sizeof *r->cost, by_cost, NULL)) return GRILLE_ENOMEM;
    if (r->ncost > s->top) r->ncost = s->top;
    return GRILLE_OK;
}

grille_suggest *grille_suggest_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                                   const grille_gold *gold, const char *coder, const grille_suggest_options *opts,
                                   grille_error *err) {
    grille_error_clear(err);
    if (!cb || !gold || (n && !codings)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "a codebook, codings and a gold are needed");
        return NULL;
    }
    grille_suggest_options o;
    if (GRILLE_OPTIONS_COPY(grille_suggest_options, GRILLE_SUGGEST_OPTIONS_INIT, theme, o, opts, err)) return NULL;
    if (o.folds < 2 || o.folds > MAX_FOLDS) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "folds must be from 2 to %d", MAX_FOLDS);
        return NULL;
    }
    if (!o.top) o.top = 10;
    if (!o.min_units) o.min_units = 2;
    grille_suggest *s = calloc(1, sizeof *s);
    unsigned char *judged = malloc(cb->nthemes + 1);
    strmap stop = {0};
    miner m = {0};
    if (!s || !judged || !(s->codings = malloc((n + 1) * sizeof *s->codings)) ||
        !(s->gold_name = grille_strdup(grille_gold_name(gold))) || strmap_init(&s->index) || stopwords_load(&stop))
        goto nomem;
    s->cb = cb;
    s->top = o.top;
    if (n) memcpy(s->codings, codings, n * sizeof *codings);
    if (unitsets_judged(cb, gold, judged, err) || collect_units(s, codings, n, gold, coder, err)) goto fail;
    if (s->ndocs < 2) {
        if (s->ndocs == 1)
            grille_fail(err, GRILLE_EUSAGE, s->gold_name, 0, 0, 0,
                        "the gold covers %zu document of these transcripts: cross-validation needs at least 2",
                        s->ndocs);
        else
            grille_fail(err, GRILLE_EUSAGE, s->gold_name, 0, 0, 0,
                        "the gold covers %zu documents of these transcripts: cross-validation needs at least 2",
                        s->ndocs);
        goto fail;
    }
    s->folds = o.folds < s->ndocs ? o.folds : (unsigned)s->ndocs;
    for (size_t u = 0; u < s->nunits; u++) s->units[u].fold %= s->folds;
    /* candidates */
    m.s = s;
    m.stop = &stop;
    for (size_t u = 0; u < s->nunits; u++) {
        const grille_document *doc = grille_coding_document(codings[s->units[u].doc]);
        if (mine_unit(&m, doc, &s->units[u].unit, (uint32_t)u)) goto nomem;
    }
    /* the themes to suggest for */
    int only = -1;
    if (o.theme && (only = codebook_theme_find(cb, o.theme)) < 0) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no theme '%s' in the codebook %s", o.theme, cb->name);
        goto fail;
    }
    if (only >= 0 && !judged[only]) {
        grille_fail(err, GRILLE_EUSAGE, s->gold_name, 0, 0, 0, "the gold does not judge the theme '%s' (no column)",
                    o.theme);
        goto fail;
    }
    if (!(s->res = calloc(cb->nthemes + 1, sizeof *s->res))) goto nomem;
    for (size_t t = 0; t < cb->nthemes; t++) {
        if (only >= 0 ? (int)t != only : !judged[t]) continue;
        theme_result *r = &s->res[s->nres];
        r->theme = (int)t;
        for (size_t u = 0; u < s->nunits; u++) {
            int g = s->gold[u * cb->nthemes + t], a = s->auto_[u * cb->nthemes + t];
            if (a && g) r->tp++;
            else if (a) r->fp++;
            else if (g) r->fn++;
            else r->tn++;
        }
        /* a theme without gold units has nothing to learn from */
        if (r->tp + r->fn < o.min_units && only < 0) continue;
        s->nres++;
        if (score_candidates(s, r, o.min_units) || score_rules(s, r)) goto nomem;
    }
    toklist_free(&m.tl);
    free(m.idx);
    gbuf_free(&m.key);
    gbuf_free(&m.text);
    gbuf_free(&m.raw);
    strmap_free(&stop);
    free(judged);
    return s;
nomem:
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
fail:
    toklist_free(&m.tl);
    free(m.idx);
    gbuf_free(&m.key);
    gbuf_free(&m.text);
    gbuf_free(&m.raw);
    strmap_free(&stop);
    free(judged);
    grille_suggest_free(s);
    return NULL;
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

static void write_xml_text(FILE *out, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        switch (s[i]) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        default: fputc(s[i], out);
        }
    }
}

/* The candidate as a codebook rule. */
static void put_rule(FILE *out, const grille_suggest *s, const cand *c) {
    static const char *const el[] = {"word", "lemma", "phrase"};
    const char *text = s->arena.data + c->text;
    const char *e = c->kind == 'l' ? el[1] : c->kind == 'p' ? el[2] : el[0];
    if (c->kind == 'n') {
        const char *sp = strchr(text, ' ');
        fputs("<near distance=\"5\"><word>", out);
        write_xml_text(out, text, (size_t)(sp - text));
        fputs("</word><word>", out);
        write_xml_text(out, sp + 1, strlen(sp + 1));
        fputs("</word></near>", out);
        return;
    }
    fprintf(out, "<%s>", e);
    write_xml_text(out, text, strlen(text));
    if (c->kind == 'g') fputc('*', out);
    fprintf(out, "</%s>", e);
}

/* GRILLE_ENOMEM, and nothing written, when the example cannot be made. */
static int put_example(FILE *out, grille_format fmt, grille_language lang, const grille_suggest *s, uint32_t u) {
    const sunit *x = &s->units[u];
    const grille_document *doc = grille_coding_document(s->codings[x->doc]);
    const char *t = grille_document_text(doc) + x->unit.span.byte_start;
    size_t n = x->unit.span.byte_end - x->unit.span.byte_start, cut = n;
    /* a long unit is cut at a character, after 160 bytes */
    if (cut > 160) {
        cut = 160;
        while (cut && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
    }
    gbuf b = {0};
    gbuf_append(&b, t, cut);
    if (cut < n) gbuf_append(&b, "...", 3);
    gbuf_printf(&b, T(lang, " (%s, %s, line %u)"), grille_document_id(doc),
                grille_document_turn_speaker(doc, x->unit.turn), x->unit.span.line);
    int rc = b.failed ? GRILLE_ENOMEM : GRILLE_OK;
    if (!rc) write_field(out, fmt, b.data ? b.data : "", b.len);
    gbuf_free(&b);
    return rc;
}

static void put_delta(FILE *out, grille_format fmt, double v) {
    char buf[32];
    snprintf(buf, sizeof buf, "%+.3f", v);
    write_decimal(out, fmt, buf);
}

/* v printed with format (one double) in the report's language: "0.042",
 * "+0,042" (printf's own NaN kept: the English report is unchanged). */
static const char *lang_number(char *buf, size_t len, grille_language lang, const char *format, double v) {
    snprintf(buf, len, format, v);
    for (char *p = buf; *p; p++)
        if (*p == '.' || *p == ',') *p = lang == GRILLE_LANG_FR ? ',' : '.';
    return buf;
}

static void put_delta_lang(FILE *out, grille_language lang, double v) {
    char buf[32];
    fputs(lang_number(buf, sizeof buf, lang, "%+.3f", v), out);
}

/* GRILLE_ENOMEM when an example could not be made. */
static int write_md(FILE *out, const grille_suggest *s, grille_language lang) {
    const grille_codebook *cb = s->cb;
    int bad = 0;
    char f1[64];
    fprintf(out,
            T(lang, "# Rules suggested from the gold\n\n"
                    "Gold: %s, %zu documents, %zu units of coded speech. Cross-validation over %u groups of "
                    "documents (the j-th document in group j mod %u): in each group, a candidate counts only if "
                    "the other groups' units select it (at least 2 gold units, more gold units than not, one the "
                    "theme misses), and is scored on the group's units only. \"Units gained\" and \"false "
                    "positives\" add up these held-out scores; ΔF1 is the theme's F1 with the candidate added, "
                    "minus its F1 now.\n"),
            s->gold_name, s->ndocs, s->nunits, s->folds, s->folds);
    for (size_t i = 0; i < s->nres; i++) {
        const theme_result *r = &s->res[i];
        const char *label = codebook_theme_label(cb, r->theme);
        fprintf(out, "\n## %s — ", codebook_theme_id(cb, r->theme));
        write_field(out, GRILLE_FORMAT_MARKDOWN, label, strlen(label));
        fprintf(out,
                T(lang, "\n\nNow: F1 %s (%zu gold units; grille %zu true positives, %zu false positives, %zu "
                        "missed).\n\n### Rules to add\n\n"),
                lang_number(f1, sizeof f1, lang, "%.3f", f1_of((double)r->tp, (double)r->fp, (double)r->fn)),
                r->tp + r->fn, r->tp, r->fp, r->fn);
        if (!r->nsugg) fputs(T(lang, "None found that raises the F1 on held-out documents.\n"), out);
        else
            fputs(T(lang, "| rank | rule | units gained | false positives | ΔF1 | gold units / units |\n"
                          "|---:|---|---:|---:|---:|---:|\n"),
                  out);
        for (size_t k = 0; k < r->nsugg; k++) {
            const suggestion *sg = &r->sugg[k];
            fprintf(out, "| %zu | `", k + 1);
            put_rule(out, s, &s->cands[sg->cand]);
            fprintf(out, "` | %zu | %zu | ", sg->gained, sg->added_fp);
            put_delta_lang(out, lang, sg->delta_f1);
            fprintf(out, " | %zu / %zu |\n", sg->gold_units, sg->units);
        }
        for (size_t k = 0; k < r->nsugg; k++) {
            const suggestion *sg = &r->sugg[k];
            if (k == 0) fputs(T(lang, "\nUnits each would gain (gold-coded, missed today):\n"), out);
            fprintf(out, "\n%zu. `", k + 1);
            put_rule(out, s, &s->cands[sg->cand]);
            fputc('`', out);
            for (size_t e = 0; e < sg->nexamples; e++) {
                fputs("\n   - ", out);
                bad |= put_example(out, GRILLE_FORMAT_MARKDOWN, lang, s, sg->examples[e]) != GRILLE_OK;
            }
            fputc('\n', out);
        }
        fputs(T(lang, "\n### Rules that cost precision\n\n"), out);
        if (!r->ncost) {
            fputs(T(lang, "None: no rule of the theme codes a unit the gold leaves uncoded.\n"), out);
            continue;
        }
        fputs(
            T(lang, "| rule | text | false positives | true positives | ΔF1 if removed |\n|---|---|---:|---:|---:|\n"),
            out);
        for (size_t k = 0; k < r->ncost; k++) {
            const costly *x = &r->cost[k];
            const char *text = codebook_rule_text(cb, x->rule);
            fprintf(out, "| `%s` | ", codebook_rule_id(cb, x->rule));
            write_field(out, GRILLE_FORMAT_MARKDOWN, text ? text : "", text ? strlen(text) : 0);
            fprintf(out, " | %zu | %zu | ", x->fp, x->tp);
            put_delta_lang(out, lang, x->delta_f1);
            fputs(" |\n", out);
        }
        fputs(T(lang, "\nFalse positives they cause:\n"), out);
        for (size_t k = 0; k < r->ncost; k++) {
            const costly *x = &r->cost[k];
            fprintf(out, "\n- `%s`:", codebook_rule_id(cb, x->rule));
            for (size_t e = 0; e < x->nexamples; e++) {
                fputs("\n  - ", out);
                bad |= put_example(out, GRILLE_FORMAT_MARKDOWN, lang, s, x->examples[e]) != GRILLE_OK;
            }
            fputc('\n', out);
        }
    }
    return bad ? GRILLE_ENOMEM : GRILLE_OK;
}

/* The examples of a row in one cell, separated by " | ";
 * GRILLE_ENOMEM, and nothing written, when one cannot be made. */
static int put_examples(FILE *out, grille_format fmt, const grille_suggest *s, const uint32_t *examples, size_t n) {
    gbuf ex = {0};
    for (size_t e = 0; e < n && !ex.failed; e++) {
        char *eb = NULL;
        size_t el = 0;
        FILE *em = open_memstream(&eb, &el);
        int rc = em ? put_example(em, GRILLE_FORMAT_TSV, GRILLE_LANG_EN, s, examples[e]) : GRILLE_ENOMEM;
        if (em && fclose(em) != 0) rc = GRILLE_ENOMEM;
        if (rc || !eb) ex.failed = 1;
        else {
            if (e) gbuf_append(&ex, " | ", 3);
            gbuf_append(&ex, eb, el);
        }
        free(eb);
    }
    int rc = ex.failed ? GRILLE_ENOMEM : GRILLE_OK;
    if (!rc) write_field(out, fmt, ex.data ? ex.data : "", ex.len);
    gbuf_free(&ex);
    return rc;
}

/* GRILLE_ENOMEM when a cell could not be made. */
static int write_table(FILE *out, grille_format fmt, const grille_suggest *s) {
    int bad = 0;
    static const char *const cols[] = {"theme",        "action",          "rank",           "rule",
                                       "units_gained", "false_positives", "true_positives", "delta_f1",
                                       "gold_units",   "units",           "examples",       NULL};
    tab_bom(out, fmt);
    for (size_t i = 0; cols[i]; i++) {
        if (i) write_sep(out, fmt);
        fputs(cols[i], out);
    }
    write_eol(out, fmt);
    const grille_codebook *cb = s->cb;
    for (size_t i = 0; i < s->nres; i++) {
        const theme_result *r = &s->res[i];
        const char *id = codebook_theme_id(cb, r->theme);
        for (size_t k = 0; k < r->nsugg; k++) {
            const suggestion *sg = &r->sugg[k];
            write_field(out, fmt, id, strlen(id));
            write_sep(out, fmt);
            fputs("add", out);
            write_sep(out, fmt);
            fprintf(out, "%zu", k + 1);
            write_sep(out, fmt);
            char *buf = NULL;
            size_t len = 0;
            FILE *mem = open_memstream(&buf, &len);
            if (mem) put_rule(mem, s, &s->cands[sg->cand]);
            if (!mem || fclose(mem) != 0 || !buf) bad = 1;
            else write_field(out, fmt, buf, len);
            free(buf);
            write_sep(out, fmt);
            fprintf(out, "%zu", sg->gained);
            write_sep(out, fmt);
            fprintf(out, "%zu", sg->added_fp);
            write_sep(out, fmt);
            write_sep(out, fmt);
            put_delta(out, fmt, sg->delta_f1);
            write_sep(out, fmt);
            fprintf(out, "%zu", sg->gold_units);
            write_sep(out, fmt);
            fprintf(out, "%zu", sg->units);
            write_sep(out, fmt);
            bad |= put_examples(out, fmt, s, sg->examples, sg->nexamples) != GRILLE_OK;
            write_eol(out, fmt);
        }
        for (size_t k = 0; k < r->ncost; k++) {
            const costly *x = &r->cost[k];
            const char *rule_id = codebook_rule_id(cb, x->rule);
            write_field(out, fmt, id, strlen(id));
            write_sep(out, fmt);
            fputs("tighten", out);
            write_sep(out, fmt);
            fprintf(out, "%zu", k + 1);
            write_sep(out, fmt);
            write_field(out, fmt, rule_id, strlen(rule_id));
            write_sep(out, fmt);
            fputs("0", out);
            write_sep(out, fmt);
            fprintf(out, "%zu", x->fp);
            write_sep(out, fmt);
            fprintf(out, "%zu", x->tp);
            write_sep(out, fmt);
            put_delta(out, fmt, x->delta_f1);
            write_sep(out, fmt);
            fprintf(out, "%zu", x->tp);
            write_sep(out, fmt);
            fprintf(out, "%zu", x->tp + x->fp);
            write_sep(out, fmt);
            bad |= put_examples(out, fmt, s, x->examples, x->nexamples) != GRILLE_OK;
            write_eol(out, fmt);
        }
    }
    return bad ? GRILLE_ENOMEM : GRILLE_OK;
}

static const char suggest_what[] = N_("cannot write the suggestions");

int grille_suggest_write(FILE *out, grille_format fmt, const grille_suggest *s, grille_language lang,
                         grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, suggest_what, N_("no output stream"));
    if (!s) return grille_write_fail(err, GRILLE_EUSAGE, suggest_what, N_("no suggestions"));
    int rc;
    if (fmt == GRILLE_FORMAT_MARKDOWN) rc = write_md(out, s, lang);
    else if (fmt == GRILLE_FORMAT_TSV || fmt == GRILLE_FORMAT_CSV || fmt == GRILLE_FORMAT_CSV_EXCEL)
        rc = write_table(out, fmt, s);
    else return grille_write_bad_format(err, suggest_what, fmt);
    if (rc) return grille_write_fail(err, rc, suggest_what, N_("out of memory"));
    return grille_write_end(out, err, suggest_what);
}

int grille_suggest_write_xml(FILE *out, const grille_suggest *s, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, suggest_what, N_("no output stream"));
    if (!s) return grille_write_fail(err, GRILLE_EUSAGE, suggest_what, N_("no suggestions"));
    const grille_codebook *cb = s->cb;
    fprintf(out,
            "<!-- grille suggest: rules to paste into the themes of %s, ranked by the change of the "
            "theme's F1 on held-out documents (%u groups); read the examples before keeping one -->\n",
            codebook_name(cb), s->folds);
    for (size_t i = 0; i < s->nres; i++) {
        const theme_result *r = &s->res[i];
        if (!r->nsugg) continue;
        fprintf(out, "<!-- theme %s (F1 now %.3f) -->\n", codebook_theme_id(cb, r->theme),
                f1_of((double)r->tp, (double)r->fp, (double)r->fn));
        for (size_t k = 0; k < r->nsugg; k++) {
            const suggestion *sg = &r->sugg[k];
            fprintf(out, "<!-- %zu: +%zu units, %zu false positives, F1 ", k + 1, sg->gained, sg->added_fp);
            put_delta(out, GRILLE_FORMAT_MARKDOWN, sg->delta_f1);
            fputs(" -->\n", out);
            put_rule(out, s, &s->cands[sg->cand]);
            fputc('\n', out);
        }
    }
    return grille_write_end(out, err, suggest_what);
}

size_t grille_suggest_count(const grille_suggest *s, const char *theme) {
    for (size_t i = 0; s && i < s->nres; i++)
        if (strcmp(codebook_theme_id(s->cb, s->res[i].theme), theme) == 0) return s->res[i].nsugg;
    return 0;
}

int grille_suggest_get(const grille_suggest *s, const char *theme, size_t k, grille_suggestion *out) {
    for (size_t i = 0; s && out && i < s->nres; i++) {
        const theme_result *r = &s->res[i];
        if (strcmp(codebook_theme_id(s->cb, r->theme), theme) != 0) continue;
        if (k >= r->nsugg) return GRILLE_EUSAGE;
        const suggestion *sg = &r->sugg[k];
        const cand *c = &s->cands[sg->cand];
        static const grille_rule_kind kinds[] = {['w'] = GRILLE_RULE_WORD,
                                                 ['g'] = GRILLE_RULE_WORD,
                                                 ['l'] = GRILLE_RULE_LEMMA,
                                                 ['p'] = GRILLE_RULE_PHRASE,
                                                 ['n'] = GRILLE_RULE_NEAR};
        out->kind = kinds[(unsigned char)c->kind];
        out->text = s->arena.data + c->text;
        out->flags = c->kind == 'g' ? GRILLE_SUGGESTION_GLOB : 0;
        out->gained = sg->gained;
        out->false_positives = sg->added_fp;
        out->delta_f1 = sg->delta_f1;
        return GRILLE_OK;
    }
    return GRILLE_EUSAGE;
}

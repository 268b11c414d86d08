/* eval.c - agreement between grille and a hand-coded gold, unit by unit:
 * precision, recall, F1, Cohen's kappa and Krippendorff's alpha. */
#include "unitsets.h"
#include "output.h"
#include "tab.h"
#include <math.h>
#include <stdio.h>

void grille_agreement_compute(grille_agreement *a) {
    double tp = (double)a->tp, fp = (double)a->fp, fn = (double)a->fn, tn = (double)a->tn;
    double n = tp + fp + fn + tn;
    a->precision = tp + fp > 0 ? tp / (tp + fp) : NAN;
    a->recall = tp + fn > 0 ? tp / (tp + fn) : NAN;
    a->f1 = 2 * tp + fp + fn > 0 ? 2 * tp / (2 * tp + fp + fn) : NAN;
    /* Cohen (1960): (po - pe) / (1 - pe), pe from each coder's margins */
    if (n > 0) {
        double po = (tp + tn) / n;
        double pe = ((tp + fp) * (tp + fn) + (fn + tn) * (fp + tn)) / (n * n);
        a->kappa = pe < 1 ? (po - pe) / (1 - pe) : NAN;
    } else a->kappa = NAN;
    /* Krippendorff (2011), nominal data, two coders, no missing values:
     * the coincidence matrix holds each unit's pair twice, so there are
     * 2N pairable values; alpha = 1 - (n - 1) * o01 / (n0 * n1). */
    double nv = 2 * n, n1 = 2 * tp + fp + fn, n0 = 2 * tn + fp + fn, o01 = fp + fn;
    a->alpha = n0 > 0 && n1 > 0 ? 1 - (nv - 1) * o01 / (n0 * n1) : NAN;
    a->kappa_lo = a->kappa_hi = NAN;
    a->f1_folds = a->f1_folds_sd = a->kappa_folds = a->kappa_folds_sd = NAN;
}

typedef struct eval_item {
    int false_positive;
    size_t doc, theme;
    grille_unit unit;
    char *rules;
} eval_item;

struct grille_eval {
    const grille_codebook *cb;
    const grille_coding **codings; /* a copy of the caller's array: the codings
                                    * themselves must outlive the eval */
    grille_agreement *themes;
    unsigned char *judged; /* themes the gold judges */
    int *target;           /* a theme, or its nearest judged ancestor, or -1 */
    grille_agreement overall;
    size_t ndocs, outside, nunits;
    unsigned char *cat; /* nunits x nthemes: grille << 1 | gold, rolled */
    size_t *unit_doc;   /* per unit: its document among those compared */
    size_t capunits;
    unsigned replicates, folds; /* what grille_eval_resample() computed */
    uint64_t seed;
    eval_item *items;
    size_t nitems, capitems;
    int coders;                  /* 1: a second coder in grille's place */
    char *names[2], *coders_[2]; /* the golds' files and coders (NULL: all), for the report */
};

void grille_eval_free(grille_eval *e) {
    if (!e) return;
    for (size_t i = 0; i < e->nitems; i++) free(e->items[i].rules);
    free(e->items);
    free(e->themes);
    free(e->judged);
    free(e->target);
    free(e->cat);
    free(e->unit_doc);
    free(e->codings);
    for (int i = 0; i < 2; i++) {
        free(e->names[i]);
        free(e->coders_[i]);
    }
    free(e);
}

/* Rule ids of the segment of theme t on unit idx, comma-separated. */
static char *rules_of(const grille_coding *c, size_t idx, size_t t) {
    gbuf b = {0};
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        if (s->unit_index != idx || s->theme != t) continue;
        if (segment_rule_list(s, &b)) {
            gbuf_free(&b);
            return NULL;
        }
    }
    return b.data ? b.data : grille_strdup("");
}

static int add_item(grille_eval *e, int fp, size_t doc, size_t theme, const grille_unit *u, const grille_coding *c) {
    if (GROW(e->items, e->nitems, e->capitems)) return GRILLE_ENOMEM;
    eval_item *it = &e->items[e->nitems];
    it->false_positive = fp;
    it->doc = doc;
    it->theme = theme;
    it->unit = *u;
    it->rules = fp && c ? rules_of(c, u->index, theme) : grille_strdup("");
    if (!it->rules) return GRILLE_ENOMEM;
    e->nitems++;
    return GRILLE_OK;
}

/* The comparison of `gold` (the reference) with grille's codings, or,
 * when `other` is given, with that second hand coding in grille's place:
 * its unit sets are built from the same transcripts and take the place
 * of grille's, so every measure and table is the same. */
static grille_eval *eval_build(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                               const grille_gold *gold, const char *coder, const grille_gold *other,
                               const char *other_coder, grille_error *err) {
    grille_error_clear(err);
    if (!cb || !gold || (n && !codings)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "a codebook, codings and a gold are needed");
        return NULL;
    }
    grille_eval *e = calloc(1, sizeof *e);
    if (!e || !(e->themes = calloc(codebook_theme_count(cb) + 1, sizeof *e->themes))) {
        grille_eval_free(e);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    e->cb = cb;
    e->coders = other != NULL;
    const char *names[2] = {grille_gold_name(gold), other ? grille_gold_name(other) : ""};
    const char *who[2] = {coder, other_coder};
    for (int i = 0; i < 2; i++)
        if (!(e->names[i] = grille_strdup(names[i] ? names[i] : "")) ||
            (who[i] && !(e->coders_[i] = grille_strdup(who[i])))) {
            grille_eval_free(e);
            grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
            return NULL;
        }
    size_t nthemes = codebook_theme_count(cb);
    if (!(e->judged = malloc(nthemes + 1)) || !(e->target = malloc((nthemes + 1) * sizeof *e->target)) ||
        !(e->codings = malloc((n + 1) * sizeof *e->codings))) {
        grille_eval_free(e);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    if (n) memcpy(e->codings, codings, n * sizeof *e->codings);
    unsigned char *own = malloc(codebook_theme_count(cb) + 1), *judged2 = malloc(codebook_theme_count(cb) + 1);
    if (!own || !judged2 || unitsets_judged(cb, gold, e->judged, err) ||
        (other && unitsets_judged(cb, other, judged2, err))) {
        if (!own || !judged2) grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        free(own);
        free(judged2);
        grille_eval_free(e);
        return NULL;
    }
    /* two coders are compared on the themes both judge */
    for (size_t t = 0; other && t < codebook_theme_count(cb); t++) e->judged[t] &= judged2[t];
    free(judged2);
    for (size_t t = 0; t < codebook_theme_count(cb); t++) {
        int x = (int)t;
        while (x >= 0 && !e->judged[x]) x = codebook_theme_parent(cb, x);
        e->target[t] = x;
    }
    for (size_t d = 0; d < n; d++) {
        unitsets u, v;
        if (unitsets_build(cb, codings[d], gold, coder, grille_gold_name(gold), &u, NULL, err)) {
            free(own);
            grille_eval_free(e);
            return NULL;
        }
        if (other) {
            if (unitsets_build(cb, codings[d], other, other_coder, grille_gold_name(other), &v, NULL, err)) {
                unitsets_free(&u);
                free(own);
                grille_eval_free(e);
                return NULL;
            }
            /* the second coder in grille's place, on the units both judged */
            unsigned char *swap = u.autoset;
            u.autoset = v.goldset;
            v.goldset = swap;
            u.has_gold = u.has_gold && v.has_gold;
            for (size_t k = 0; k < u.nunits; k++) u.judged[k] &= v.judged[k];
            unitsets_free(&v);
        }
        if (!u.has_gold) {
            unitsets_free(&u);
            continue;
        }
        size_t first = e->nunits, njudged = 0;
        for (size_t k = 0; k < u.nunits; k++) njudged += u.judged[k];
        e->ndocs++;
        e->outside += u.outside;
        e->nunits += njudged;
        int rc = GRILLE_OK;
        /* through a copy: a failed realloc must not lose the old array */
        size_t *ud = NULL;
        if (grille_grow((void **)&e->cat, &e->capunits, e->nunits * codebook_theme_count(cb) + 1, 1) ||
            !(ud = realloc(e->unit_doc, (e->nunits + 1) * sizeof *e->unit_doc)))
            rc = GRILLE_ENOMEM;
        else e->unit_doc = ud;
        for (size_t k = 0, j = first; k < u.nunits && rc == GRILLE_OK; k++) {
            if (!u.judged[k]) continue; /* no row of the table: not judged */
            const unsigned char *a = u.autoset + k * u.nthemes, *g = u.goldset + k * u.nthemes;
            /* a theme's own codings, and those of its sub-themes the gold
             * does not judge: a disagreement is listed once, at the theme
             * that made it or at its nearest judged ancestor */
            memset(own, 0, codebook_theme_count(cb));
            for (size_t t = 0; t < u.nthemes; t++) {
                if (e->target[t] < 0) continue;
                if (a[t] & SET_DIRECT) own[e->target[t]] |= 1;
                if (g[t] & SET_DIRECT) own[e->target[t]] |= 2;
            }
            e->unit_doc[j] = e->ndocs - 1;
            for (size_t t = 0; t < u.nthemes && rc == GRILLE_OK; t++) {
                if (!e->judged[t]) continue;
                int ai = (a[t] & SET_ROLLED) != 0, gi = (g[t] & SET_ROLLED) != 0;
                e->cat[j * codebook_theme_count(cb) + t] = (unsigned char)(ai << 1 | gi);
                grille_agreement *x = &e->themes[t];
                if (ai && gi) x->tp++;
                else if (ai) x->fp++;
                else if (gi) x->fn++;
                else x->tn++;
                if ((own[t] & 1) && !gi) rc = add_item(e, 1, d, t, &u.units[k], other ? NULL : codings[d]);
                else if ((own[t] & 2) && !ai) rc = add_item(e, 0, d, t, &u.units[k], codings[d]);
            }
            j++;
        }
        unitsets_free(&u);
        if (rc) {
            free(own);
            grille_eval_free(e);
            grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
            return NULL;
        }
    }
    free(own);
    for (size_t t = 0; t < codebook_theme_count(cb); t++) {
        grille_agreement_compute(&e->themes[t]);
        if (!e->judged[t]) continue;
        e->overall.tp += e->themes[t].tp;
        e->overall.fp += e->themes[t].fp;
        e->overall.fn += e->themes[t].fn;
        e->overall.tn += e->themes[t].tn;
    }
    grille_agreement_compute(&e->overall);
    return e;
}

grille_eval *grille_eval_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                             const grille_gold *gold, const char *coder, const grille_gold *other,
                             const char *other_coder, grille_error *err) {
    return eval_build(cb, codings, n, gold, coder, other, other_coder, err);
}

/* splitmix64: a small seeded generator, so that a bootstrap gives the same
 * interval on every run */
static uint64_t next_random(uint64_t *state) {
    uint64_t z = (*state += 0x9E3779B97F4A7C15u);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9u;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBu;
    return z ^ (z >> 31);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

/* The counts of each theme (and pooled, at index nthemes) over the units
 * listed in pick (n of them), or over the units of fold f of k when pick
 * is NULL. */
static void count_units(const grille_eval *e, const size_t *pick, size_t n, int k, int f, grille_agreement *acc) {
    size_t nt = codebook_theme_count(e->cb);
    memset(acc, 0, (nt + 1) * sizeof *acc);
    size_t total = pick ? n : e->nunits;
    for (size_t i = 0; i < total; i++) {
        size_t u = pick ? pick[i] : i;
        if (!pick && (int)(e->unit_doc[u] % (size_t)k) != f) continue;
        const unsigned char *c = e->cat + u * nt;
        for (size_t t = 0; t < nt; t++) {
            if (!e->judged[t]) continue;
            grille_agreement *x = &acc[t], *p = &acc[nt];
            switch (c[t]) {
            case 3: x->tp++, p->tp++; break;
            case 2: x->fp++, p->fp++; break;
            case 1: x->fn++, p->fn++; break;
            default: x->tn++, p->tn++; break;
            }
        }
    }
    for (size_t t = 0; t <= nt; t++) grille_agreement_compute(&acc[t]);
}

int grille_eval_resample(grille_eval *e, unsigned replicates, unsigned folds, uint64_t seed) {
    if (!e || folds == 1) return GRILLE_EUSAGE;
    e->seed = seed;
    size_t nt = codebook_theme_count(e->cb);
    grille_agreement *acc = malloc((nt + 1) * sizeof *acc);
    double *kappas = malloc(((size_t)replicates + 1) * (nt + 1) * sizeof *kappas);
    size_t *pick = malloc((e->nunits + 1) * sizeof *pick), *valid = calloc(nt + 1, sizeof *valid);
    double *sum = calloc(2 * (nt + 1), sizeof *sum), *sq = calloc(2 * (nt + 1), sizeof *sq);
    size_t *nf = calloc(2 * (nt + 1), sizeof *nf);
    int rc = acc && kappas && pick && valid && sum && sq && nf ? GRILLE_OK : GRILLE_ENOMEM;
    /* the bootstrap: units drawn with replacement, each replicate's kappa
     * per theme; the 2.5th and 97.5th percentiles bound the interval */
    for (unsigned r = 0; rc == GRILLE_OK && r < replicates && e->nunits; r++) {
        for (size_t i = 0; i < e->nunits; i++) pick[i] = (size_t)(next_random(&seed) % e->nunits);
        count_units(e, pick, e->nunits, 0, 0, acc);
        for (size_t t = 0; t <= nt; t++)
            if (!isnan(acc[t].kappa)) kappas[t * replicates + valid[t]++] = acc[t].kappa;
    }
    for (size_t t = 0; rc == GRILLE_OK && t <= nt; t++) {
        grille_agreement *x = t < nt ? &e->themes[t] : &e->overall;
        x->kappa_lo = x->kappa_hi = NAN;
        if (valid[t] < 20) continue; /* too few replicates with a defined kappa */
        double *v = kappas + t * replicates;
        qsort(v, valid[t], sizeof *v, cmp_double);
        x->kappa_lo = v[(size_t)(0.025 * (double)(valid[t] - 1) + 0.5)];
        x->kappa_hi = v[(size_t)(0.975 * (double)(valid[t] - 1) + 0.5)];
    }
    /* folds of documents: document j of the comparison in fold j mod k */
    for (unsigned f = 0; rc == GRILLE_OK && f < folds; f++) {
        count_units(e, NULL, 0, (int)folds, (int)f, acc);
        for (size_t t = 0; t <= nt; t++) {
            double v[2] = {acc[t].f1, acc[t].kappa};
            for (int m = 0; m < 2; m++)
                if (!isnan(v[m])) {
                    sum[2 * t + (size_t)m] += v[m];
                    sq[2 * t + (size_t)m] += v[m] * v[m];
                    nf[2 * t + (size_t)m]++;
                }
        }
    }
    for (size_t t = 0; rc == GRILLE_OK && t <= nt; t++) {
        grille_agreement *x = t < nt ? &e->themes[t] : &e->overall;
        double *out[2][2] = {{&x->f1_folds, &x->f1_folds_sd}, {&x->kappa_folds, &x->kappa_folds_sd}};
        for (int m = 0; m < 2; m++) {
            size_t c = nf[2 * t + (size_t)m];
            double mean = c ? sum[2 * t + (size_t)m] / (double)c : NAN;
            double var = c > 1 ? (sq[2 * t + (size_t)m] - (double)c * mean * mean) / (double)(c - 1) : NAN;
            *out[m][0] = folds ? mean : NAN;
            *out[m][1] = folds && c > 1 ? sqrt(var > 0 ? var : 0) : NAN;
        }
    }
    if (rc == GRILLE_OK) {
        e->replicates = replicates;
        e->folds = folds;
    }
    free(acc);
    free(kappas);
    free(pick);
    free(valid);
    free(sum);
    free(sq);
    free(nf);
    return rc;
}

int grille_eval_theme_get(const grille_eval *e, size_t theme, grille_agreement *out) {
    if (!e || !out || theme >= codebook_theme_count(e->cb)) return GRILLE_EUSAGE;
    *out = e->themes[theme];
    return GRILLE_OK;
}

int grille_eval_overall(const grille_eval *e, grille_agreement *out) {
    if (!e || !out) return GRILLE_EUSAGE;
    *out = e->overall;
    return GRILLE_OK;
}

size_t grille_eval_document_count(const grille_eval *e) { return e ? e->ndocs : 0; }
size_t grille_eval_spans_outside(const grille_eval *e) { return e ? e->outside : 0; }

/* ------------------------------------------------------------------ */
/* writing                                                             */

static void agreement_row(tab *t, const grille_eval *e, const char *id, const char *label, const grille_agreement *a) {
    tab_cstr(t, id);
    tab_cstr(t, label);
    size_t counts[] = {a->tp + a->fn, a->tp + a->fp, a->tp, a->fp, a->fn, a->tn};
    for (size_t i = 0; i < 6; i++) tab_int(t, counts[i]);
    double values[] = {a->precision, a->recall,   a->f1,          a->kappa,       a->alpha,         a->kappa_lo,
                       a->kappa_hi,  a->f1_folds, a->f1_folds_sd, a->kappa_folds, a->kappa_folds_sd};
    size_t nv = 5 + (e->replicates ? 2 : 0);
    for (size_t i = 0; i < nv; i++) tab_num(t, values[i], 3);
    for (size_t i = 7; e->folds && i < 11; i++) tab_num(t, values[i], 3);
    tab_eol(t);
}

/* The per-theme table; the Markdown report opens with what it counts. */
/* "gold.csv", or "gold.csv (coder ana)" when one coder of it is kept. */
static void coder_name(FILE *out, grille_language L, const grille_eval *e, int i) {
    write_field(out, GRILLE_FORMAT_MARKDOWN, e->names[i], strlen(e->names[i]));
    if (e->coders_[i]) {
        fprintf(out, " (%s ", T(L, "coder"));
        write_field(out, GRILLE_FORMAT_MARKDOWN, e->coders_[i], strlen(e->coders_[i]));
        fputc(')', out);
    }
}

static void write_agreement(tab *t, const grille_eval *e) {
    /* TSV and CSV keep these names, which R scripts select by; a Markdown
     * report is headed in its language */
    static const char *const all[] = {N_("theme"), N_("label"),   N_("gold"),    N_("grille"),    N_("tp"),
                                      N_("fp"),    N_("fn"),      N_("tn"),      N_("precision"), N_("recall"),
                                      N_("f1"),    N_("kappa"),   N_("alpha"),   "kappa_lo",      "kappa_hi",
                                      "f1_folds",  "f1_folds_sd", "kappa_folds", "kappa_folds_sd"};
    size_t ncols = 0;
    if (t->fmt == GRILLE_FORMAT_MARKDOWN) {
        FILE *out = t->out;
        grille_language L = t->lang;
        if (e->coders) {
            fprintf(out, "# %s\n\n%s", T(L, "Agreement between two coders"), T(L, "First coder (column gold): "));
            coder_name(out, L, e, 0);
            fputs(T(L, "; second coder (column grille): "), out);
            coder_name(out, L, e, 1);
            fputs(".\n\n", out);
            fprintf(out,
                    T(L, "%zu documents, %zu units of coded speech (%s) that both judged; spans outside "
                         "coded speech: %zu. A unit counts for a theme when coded with it or a sub-theme; tp: "
                         "both coders, fp: the second only, fn: the first only."),
                    e->ndocs, e->nunits, grille_unit_words(L, grille_codebook_unit(e->cb)), e->outside);
        } else {
            fprintf(out, "# %s\n\n", T(L, "Agreement with the gold"));
            fprintf(out,
                    T(L, "%zu documents, %zu units of coded speech (%s); gold spans outside coded "
                         "speech: %zu. A unit counts for a theme when coded with it or a sub-theme."),
                    e->ndocs, e->nunits, grille_unit_words(L, grille_codebook_unit(e->cb)), e->outside);
        }
        if (e->replicates)
            fprintf(out,
                    T(L, " kappa_lo and kappa_hi bound a 95%% interval of kappa: percentiles of %u bootstrap "
                         "samples of the units (seed %llu)."),
                    e->replicates, (unsigned long long)e->seed);
        if (e->folds)
            fprintf(out,
                    T(L, " The *_folds columns give the mean and standard deviation over %u groups of "
                         "documents (the j-th document in group j mod %u)."),
                    e->folds, e->folds);
        fputs("\n\n", out);
    }
    for (size_t i = 0; i < 19; i++)
        if (i < 13 || (i < 15 && e->replicates) || (i >= 15 && e->folds)) tab_head(t, TAB_TR(t, all[i])), ncols++;
    tab_eol(t);
    tab_md_rule(t, 2, ncols - 2);
    for (size_t th = 0; th < codebook_theme_count(e->cb); th++)
        if (e->judged[th])
            agreement_row(t, e, codebook_theme_id(e->cb, th), codebook_theme_label(e->cb, th), &e->themes[th]);
    agreement_row(t, e, TAB_TR(t, "(all themes)"), TAB_TR(t, "pooled over every theme"), &e->overall);
}

/* Markdown: two lists; the other formats: one table of units. */
static void write_items(tab *t, const grille_eval *e) {
    static const char *const cols[] = {"error",    "theme",  "document", "speaker", "line",
                                       "cp_start", "cp_end", "rules",    "text",    NULL};
    if (t->fmt == GRILLE_FORMAT_MARKDOWN) {
        FILE *out = t->out;
        grille_language L = t->lang;
        for (int fp = 1; fp >= 0; fp--) {
            if (e->coders)
                fprintf(out, "\n## %s\n\n",
                        fp ? T(L, "Coded by the second coder only") : T(L, "Coded by the first coder only"));
            else
                fprintf(out, "\n## %s\n\n",
                        fp ? T(L, "False positives (grille coded, the gold did not)")
                           : T(L, "False negatives (the gold coded, grille did not)"));
            size_t shown = 0;
            for (size_t i = 0; i < e->nitems; i++) {
                const eval_item *it = &e->items[i];
                if (it->false_positive != fp) continue;
                const grille_document *doc = grille_coding_document(e->codings[it->doc]);
                const char *text = grille_document_text(doc) + it->unit.span.byte_start;
                fprintf(out, T(L, "- `%s` %s, %s, line %u: "), codebook_theme_id(e->cb, it->theme),
                        grille_document_id(doc), grille_document_turn_speaker(doc, it->unit.turn), it->unit.span.line);
                write_field(out, GRILLE_FORMAT_TSV, text, it->unit.span.byte_end - it->unit.span.byte_start);
                if (fp && !e->coders) fprintf(out, T(L, " (rules: %s)"), it->rules);
                fputc('\n', out);
                shown++;
            }
            if (!shown) fprintf(out, "%s\n", T(L, "None."));
        }
        return;
    }
    for (size_t i = 0; cols[i]; i++) tab_head(t, cols[i]);
    tab_eol(t);
    for (size_t i = 0; i < e->nitems; i++) {
        const eval_item *it = &e->items[i];
        const grille_document *doc = grille_coding_document(e->codings[it->doc]);
        const char *label = e->coders ? (it->false_positive ? "second coder only" : "first coder only")
                                      : (it->false_positive ? "false positive" : "false negative");
        write_unit_row(t, label, codebook_theme_id(e->cb, it->theme), doc, &it->unit, it->rules);
    }
}

static const char eval_what[] = N_("cannot write the evaluation");

int grille_eval_write(FILE *out, grille_format fmt, const grille_eval *e, unsigned flags, grille_language lang,
                      grille_error *err) {
    int errors = (flags & GRILLE_EVAL_ERRORS) != 0;
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, eval_what, N_("no output stream"));
    if (!e) return grille_write_fail(err, GRILLE_EUSAGE, eval_what, N_("no evaluation"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, eval_what, fmt);
    tab t;
    tab_text(&t, out, fmt);
    t.lang = lang;
    tab_bom(out, fmt);
    /* a text file holds one table: with errors, the errors only */
    if (!errors || fmt == GRILLE_FORMAT_MARKDOWN) write_agreement(&t, e);
    if (errors) write_items(&t, e);
    return tab_done(&t, err, eval_what);
}

int grille_eval_write_sheets(grille_workbook *wb, const grille_eval *e, unsigned flags, grille_error *err) {
    int errors = (flags & GRILLE_EVAL_ERRORS) != 0;
    grille_error_clear(err);
    if (!wb) return grille_write_fail(err, GRILLE_EUSAGE, eval_what, N_("no workbook"));
    if (!e) return grille_write_fail(err, GRILLE_EUSAGE, eval_what, N_("no evaluation"));
    tab t;
    int rc = tab_sheet(&t, wb, "agreement", err);
    if (rc) return rc;
    write_agreement(&t, e);
    if ((rc = tab_done(&t, err, eval_what)) || !errors) return rc;
    if ((rc = tab_sheet(&t, wb, "errors", err))) return rc;
    write_items(&t, e);
    return tab_done(&t, err, eval_what);
}

/* match.c - coding a document: its units in order, each tokenized and
 * given the hits of the rules (match_words.c, match_regex.c); hits
 * inside excluded expressions dropped, rule trees (near, all, any)
 * evaluated, and the themes that reach their score kept as segments. */
#include "coder.h"

/* ------------------------------------------------------------------ */
/* hits                                                                */

int coder_add_hit(coder *k, int leaf, size_t t0, size_t t1, uint32_t b0, uint32_t b1) {
    if (GROW(k->hits, k->nhits, k->caphits)) return GRILLE_ENOMEM;
    uhit *h = &k->hits[k->nhits];
    h->leaf = leaf;
    h->dead = 0;
    h->flags = 0;
    h->b0 = b0;
    h->b1 = b1;
    h->w0 = t0 < k->tl.n ? k->word_of[t0] : k->word_of[k->tl.n];
    h->w1 = t1 <= t0 ? h->w0 : k->word_of[t1 - 1] + 1;
    if (k->leaf_head[leaf] == -1) {
        if (GROW(k->touched_leaves, k->ntouched, k->captouched)) return GRILLE_ENOMEM;
        k->touched_leaves[k->ntouched++] = leaf;
    }
    h->next = k->leaf_head[leaf];
    k->leaf_head[leaf] = (int)k->nhits++;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* exclusions and rule trees                                           */

typedef struct exspan {
    int theme;
    uint32_t b0, b1, maxb1; /* maxb1: largest b1 of the theme's spans so far */
} exspan;

static int by_theme_start(const void *a, const void *b, void *ctx) {
    const exspan *x = a, *y = b;
    (void)ctx;
    if (x->theme != y->theme) return x->theme - y->theme;
    return x->b0 < y->b0 ? -1 : x->b0 > y->b0;
}

/* A hit lies inside an excluded match of its theme when, among the
 * theme's excluded matches starting at or before it, one ends at or after
 * it: sorted spans and a running maximum of their ends answer that with a
 * binary search, so a unit with many hits stays linear-logarithmic. */
static int apply_exclusions(coder *k) {
    const grille_codebook *cb = k->cb;
    exspan *ex = NULL;
    size_t n = 0, cap = 0;
    if (!cb->has_excludes) return GRILLE_OK;
    for (size_t x = 0; x < k->nhits; x++) {
        const uhit *h = &k->hits[x];
        if (!cb->leaf_excludes[h->leaf]) continue;
        if (GROW(ex, n, cap)) {
            free(ex);
            return GRILLE_ENOMEM;
        }
        ex[n++] = (exspan){cb->leaf_themes[h->leaf], h->b0, h->b1, h->b1};
    }
    if (n == 0) return GRILLE_OK;
    if (grille_sort(ex, n, sizeof *ex, by_theme_start, NULL)) {
        free(ex);
        return GRILLE_ENOMEM;
    }
    for (size_t i = 1; i < n; i++)
        if (ex[i].theme == ex[i - 1].theme && ex[i - 1].maxb1 > ex[i].maxb1) ex[i].maxb1 = ex[i - 1].maxb1;
    for (size_t i = 0; i < k->nhits; i++) {
        uhit *h = &k->hits[i];
        if (cb->leaf_excludes[h->leaf]) continue;
        int theme = cb->leaf_themes[h->leaf];
        /* last span of this theme with b0 <= h->b0 */
        size_t lo = 0, hi = n;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (ex[mid].theme < theme || (ex[mid].theme == theme && ex[mid].b0 <= h->b0)) lo = mid + 1;
            else hi = mid;
        }
        if (lo > 0 && ex[lo - 1].theme == theme && ex[lo - 1].maxb1 >= h->b1) h->dead = 1;
    }
    free(ex);
    return GRILLE_OK;
}

static int push_support(coder *k, int hit) {
    if (GROW(k->support, k->nsupport, k->capsupport)) return -1;
    k->support[k->nsupport++] = hit;
    return 0;
}

/* Words of the window covered by the chosen hits that belong to none. */
static int within(const coder *k, const int *chosen, size_t n, unsigned distance) {
    uint32_t lo = UINT32_MAX, hi = 0, covered = 0;
    for (size_t i = 0; i < n; i++) {
        const uhit *h = &k->hits[chosen[i]];
        if (h->w0 < lo) lo = h->w0;
        if (h->w1 > hi) hi = h->w1;
    }
    /* words inside at least one hit (hits may overlap): the union of at
     * most 64 intervals, sorted by start */
    uint32_t s0[64], s1[64];
    for (size_t i = 0; i < n; i++) {
        uint32_t a = k->hits[chosen[i]].w0, b = k->hits[chosen[i]].w1;
        size_t j = i;
        while (j > 0 && s0[j - 1] > a) {
            s0[j] = s0[j - 1];
            s1[j] = s1[j - 1];
            j--;
        }
        s0[j] = a;
        s1[j] = b;
    }
    uint32_t end = lo;
    for (size_t i = 0; i < n; i++) {
        uint32_t a = s0[i] > end ? s0[i] : end;
        if (s1[i] > a) covered += s1[i] - a;
        if (s1[i] > end) end = s1[i];
    }
    return hi - lo - covered <= distance;
}

/* Depth-first search for one hit per child within the distance. */
static int near_search(coder *k, const rnode *r, size_t child, int *chosen, size_t *budget) {
    if (child == r->nchildren) return within(k, chosen, child, r->distance);
    const rnode *c = &k->cb->rules[r->children[child]];
    for (int h = k->leaf_head[c->leaf]; h >= 0; h = k->hits[h].next) {
        if (k->hits[h].dead) continue;
        if (*budget == 0) return 0;
        (*budget)--;
        if (r->ordered && child > 0 && k->hits[chosen[child - 1]].w1 > k->hits[h].w0) continue;
        chosen[child] = h;
        if (near_search(k, r, child + 1, chosen, budget)) return 1;
    }
    return 0;
}

/* Evaluates rule r in the unit; returns how many hits it scores (0 when
 * not satisfied) and appends its supporting hits, or -1 on ENOMEM. */
static long eval_rule(coder *k, int ri) {
    const rnode *r = &k->cb->rules[ri];
    switch (r->kind) {
    case GRILLE_RULE_WORD:
    case GRILLE_RULE_PHRASE:
    case GRILLE_RULE_LEMMA:
    case GRILLE_RULE_REGEX: {
        long n = 0;
        for (int h = k->leaf_head[r->leaf]; h >= 0; h = k->hits[h].next) {
            if (k->hits[h].dead) continue;
            if (push_support(k, h)) return -1;
            n++;
        }
        return n;
    }
    case GRILLE_RULE_ANY: {
        long any = 0;
        for (size_t i = 0; i < r->nchildren; i++) {
            long v = eval_rule(k, r->children[i]);
            if (v < 0) return -1;
            if (v > 0) any = 1;
        }
        return any;
    }
    case GRILLE_RULE_ALL: {
        size_t mark = k->nsupport;
        for (size_t i = 0; i < r->nchildren; i++) {
            long v = eval_rule(k, r->children[i]);
            if (v < 0) return -1;
            if (v == 0) {
                k->nsupport = mark;
                return 0;
            }
        }
        return 1;
    }
    case GRILLE_RULE_NEAR: {
        int chosen[64];
        if (r->nchildren > 64) return 0;
        /* hits per unit are few; the budget bounds pathological units */
        size_t budget = 100000;
        if (!near_search(k, r, 0, chosen, &budget)) return 0;
        for (size_t i = 0; i < r->nchildren; i++)
            if (push_support(k, chosen[i])) return -1;
        return 1;
    }
    }
    return 0;
}

static int cmp_hits(const void *a, const void *b, void *ctx) {
    const coder *k = ctx;
    const uhit *x = &k->hits[*(const int *)a], *y = &k->hits[*(const int *)b];
    if (x->b0 != y->b0) return x->b0 < y->b0 ? -1 : 1;
    if (x->b1 != y->b1) return x->b1 < y->b1 ? -1 : 1;
    return x->leaf - y->leaf;
}

static int sort_support(coder *k) {
    /* a merge sort: a unit of a transcript without punctuation can gather
     * hundreds of thousands of hits */
    if (grille_sort(k->support, k->nsupport, sizeof *k->support, cmp_hits, k)) return GRILLE_ENOMEM;
    /* the same hit may support a theme through two rules: keep it once */
    size_t w = 0;
    for (size_t i = 0; i < k->nsupport; i++)
        if (w == 0 || k->support[w - 1] != k->support[i]) k->support[w++] = k->support[i];
    k->nsupport = w;
    return GRILLE_OK;
}

/* What a theme's score must reach: its min-score, the codebook's, else
 * its min-hits or the codebook's (every rule weighing 1, the score is
 * the number of matches, so codebooks without weights code as before). */
static double need_score(const grille_codebook *cb, const ctheme *th) {
    if (th->has_min_score) return th->min_score;
    if (cb->has_min_score) return cb->min_score;
    return th->min_hits ? th->min_hits : cb->min_hits;
}

/* The unit's primary theme among its segments from first on: the highest
 * score, ties to the first in codebook order. */
static void mark_primary(grille_coding *c, size_t first) {
    size_t best = first;
    for (size_t i = first + 1; i < c->n; i++)
        if (c->segs[i].score > c->segs[best].score) best = i;
    if (best < c->n) c->segs[best].flags |= GRILLE_SEGMENT_PRIMARY;
}

static int emit_segment(coder *k, int t, grille_unit_kind kind, size_t index, size_t turn, const dspan *span,
                        double score) {
    grille_coding *c = k->out;
    const grille_codebook *cb = k->cb;
    if (GROW(c->segs, c->n, c->cap) || GROW(c->first_hit, c->n, c->capfirst)) return GRILLE_ENOMEM;
    grille_segment *s = &c->segs[c->n];
    c->first_hit[c->n] = c->nhits;
    s->document = k->doc->id;
    s->theme_id = cb->themes[t].id;
    s->theme_path = cb->themes[t].path;
    s->theme = t;
    s->unit_kind = kind;
    s->unit_index = index;
    s->turn = turn;
    s->speaker = k->doc->speakers[k->doc->turns[turn].speaker].label;
    s->turn_time_ms = k->doc->turns[turn].time_ms;
    s->score = score;
    s->flags = 0;
    document_public_span(k->doc, span, &s->span);
    s->hit_count = k->nsupport;
    s->hits = NULL;
    for (size_t i = 0; i < k->nsupport; i++) {
        if (GROW(c->hits, c->nhits, c->caphits)) return GRILLE_ENOMEM;
        const uhit *h = &k->hits[k->support[i]];
        const rleaf *lf = &cb->leaves[h->leaf];
        grille_hit *o = &c->hits[c->nhits++];
        o->rule_id = cb->rules[lf->rule].id;
        o->kind = lf->kind;
        o->flags = h->flags;
        dspan hs;
        document_span(k->doc, h->b0, h->b1, &hs);
        document_public_span(k->doc, &hs, &o->span);
    }
    c->n++;
    return GRILLE_OK;
}

/* A segment of unit index for theme src->segs[si].theme, explained by
 * src's matches in the passage it answers (flagged GRILLE_HIT_CONTEXT). */
static int emit_inherited(coder *k, const grille_coding *src, size_t si, grille_unit_kind kind, size_t index,
                          size_t turn, const dspan *span) {
    grille_coding *c = k->out;
    /* src may be c itself: read it by index, its arrays may move */
    size_t h0 = src->first_hit[si], nh = src->segs[si].hit_count;
    int t = src->segs[si].theme;
    double score = src->segs[si].score;
    k->nsupport = 0;
    if (emit_segment(k, t, kind, index, turn, span, score)) return GRILLE_ENOMEM;
    grille_segment *s = &c->segs[c->n - 1];
    for (size_t h = 0; h < nh; h++) {
        if (GROW(c->hits, c->nhits, c->caphits)) return GRILLE_ENOMEM;
        grille_hit hit = src->hits[h0 + h];
        hit.flags |= GRILLE_HIT_CONTEXT;
        c->hits[c->nhits++] = hit;
    }
    s->hit_count = nh;
    return GRILLE_OK;
}

/* A unit no rule coded, short enough to be an answer that only makes
 * sense in context ("Énorme.", "Pas du tout."), takes the themes of the
 * passage it answers, as coders do: the unit before it in coded speech,
 * or the interviewer's question before it.  Each theme once, from its
 * best-scoring segment there. */
static int inherit_themes(coder *k, grille_unit_kind kind, size_t index, size_t turn, const dspan *span, size_t first) {
    const grille_codebook *cb = k->cb;
    if (k->out->n > first || k->out->unit_words[k->out->units - 1] > cb->short_answers) return GRILLE_OK;
    const grille_coding *src = k->passage == PASSAGE_UNIT ? k->out : k->question;
    if (k->passage == PASSAGE_NONE || !src) return GRILLE_OK;
    size_t end = k->passage == PASSAGE_UNIT ? k->passage_end : src->n;
    /* each theme's first best-scoring segment, in one pass over the
     * passage (not one for each theme of the codebook), then by theme */
    size_t *best = k->theme_best;
    for (size_t i = k->passage_first; i < end; i++) {
        size_t t = (size_t)src->segs[i].theme;
        if (!best[t] || src->segs[i].score > src->segs[best[t] - 1].score) best[t] = i + 1;
    }
    int rc = GRILLE_OK;
    for (size_t t = 0; t < cb->nthemes; t++) {
        size_t b = best[t];
        best[t] = 0;
        if (b && rc == GRILLE_OK) rc = emit_inherited(k, src, b - 1, kind, index, turn, span);
    }
    if (rc) return rc;
    mark_primary(k->out, first);
    return GRILLE_OK;
}

/* ints in increasing order */
static int by_int(const void *a, const void *b, void *ctx) {
    (void)ctx;
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

/* a[0, n) in increasing order: a unit's rules by rank, a few of them
 * most often (the merge sort through a comparison of their themes was
 * 2% of coding interviews with the default codebook). */
static int sort_ranks(int *a, size_t n) {
    if (n > 32) return grille_sort(a, n, sizeof *a, by_int, NULL);
    for (size_t i = 1; i < n; i++) {
        int x = a[i];
        size_t j = i;
        for (; j > 0 && a[j - 1] > x; j--) a[j] = a[j - 1];
        a[j] = x;
    }
    return GRILLE_OK;
}

static int code_unit(coder *k, grille_unit_kind kind, size_t index, size_t turn, const dspan *span) {
    const grille_codebook *cb = k->cb;
    k->nhits = 0;
    k->ntouched = 0;
    uint32_t w; /* the unit's words (word ordinals, for near distances: k->word_of) */
    if (match_words(k, &w)) return GRILLE_ENOMEM;
    k->out->words += w;
    k->out->unit_words[k->out->units - 1] = w;
    int rc = match_regexes(k, span);
    if (rc) return rc;
    if (k->nhits) {
        size_t first_seg = k->out->n;
        if (apply_exclusions(k)) return GRILLE_ENOMEM;
        /* the top-level rules holding a live hit, by theme and in
         * codebook order (a theme's rules are numbered in the order they
         * are written): only they score, and a theme of a dictionary
         * codebook has hundreds of rules, which a walk over them all at
         * each coded unit read (5% of coding with 500 entries) */
        k->ntops = 0;
        for (size_t i = 0; i < k->nhits; i++) {
            int top = cb->leaf_tops[k->hits[i].leaf];
            if (k->hits[i].dead || k->rule_hit[top] || cb->rules[top].exclude) continue;
            k->rule_hit[top] = 1;
            k->tops[k->ntops++] = cb->rule_rank[top];
        }
        if (sort_ranks(k->tops, k->ntops)) return GRILLE_ENOMEM;
        for (size_t g = 0; g < k->ntops; g++) k->tops[g] = cb->ranked_rules[k->tops[g]];
        for (size_t g = 0; g < k->ntops;) {
            /* the theme's hit rules: tops[g, end) */
            int t = cb->rules[k->tops[g]].theme;
            size_t end = g;
            while (end < k->ntops && cb->rules[k->tops[end]].theme == t) end++;
            const ctheme *th = &cb->themes[t];
            k->nsupport = 0;
            /* the score: each rule's matches (1 for near, all and any)
             * times its weight; a rule that counts against the theme
             * explains nothing, so its matches are not the segment's */
            double score = 0;
            for (; g < end; g++) {
                int r = k->tops[g];
                k->rule_hit[r] = 0;
                size_t mark = k->nsupport;
                long v = eval_rule(k, r);
                if (v < 0) return GRILLE_ENOMEM;
                double weight = cb->rules[r].weight;
                score += (double)v * weight;
                if (weight < 0) k->nsupport = mark;
            }
            if (score < need_score(cb, th) - 1e-9 || k->nsupport == 0) continue;
            if (sort_support(k)) return GRILLE_ENOMEM;
            if (emit_segment(k, t, kind, index, turn, span, score)) return GRILLE_ENOMEM;
        }
        mark_primary(k->out, first_seg);
    }
    for (size_t i = 0; i < k->ntouched; i++) k->leaf_head[k->touched_leaves[i]] = -1;
    return GRILLE_OK;
}

static int speaker_coded(const grille_codebook *cb, const grille_document *doc, size_t turn) {
    int iv = doc->turns[turn].interviewer;
    switch (cb->speakers) {
    case GRILLE_SPEAKERS_RESPONDENTS: return !iv;
    case GRILLE_SPEAKERS_INTERVIEWERS: return iv;
    case GRILLE_SPEAKERS_ALL: return 1;
    }
    return 1;
}

void grille_coding_free(grille_coding *c) {
    if (!c) return;
    free(c->segs);
    free(c->first_hit);
    free(c->hits);
    free(c->unit_ids);
    free(c->unit_words);
    free(c);
}

/* A coder keeps, from one document to the next, the words it has met
 * (interned by the tokenizer) and what each may start (vocab_entry()):
 * both depend on the codebook only, and a corpus says again in each
 * document most words of the ones before.  Up to these many words,
 * then it starts afresh: memory stays bounded, whatever the corpus. */
#define CODER_MAX_WORDS 98304
#define CODER_MAX_BYTES (16u << 20) /* of forms and keys */

struct grille_coder {
    coder k;
    int stale; /* a document failed: its words may be half recorded */
};

/* Forgets the words met (when too many, or after a failure); sets up
 * the maps before the first document. */
static int coder_forget(coder *k) {
    strmap_free(&k->vocab);
    strmap_free(&k->lemma_cache);
    k->nvwords = k->ncands = k->nword_lemmas = 0;
    k->nlit_places = k->nwc = 0;
    if (strmap_init(&k->vocab) || (k->cb->has_lemma_rules && strmap_init(&k->lemma_cache))) return GRILLE_ENOMEM;
    return toklist_intern(&k->tl, NULL);
}

grille_coder *grille_coder_new(const grille_codebook *cb, grille_error *err) {
    grille_error_clear(err);
    if (!cb) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "grille_coder_new needs a codebook");
        return NULL;
    }
    grille_coder *c = calloc(1, sizeof *c);
    coder *k = c ? &c->k : NULL;
    if (k) {
        k->cb = cb;
        k->leaf_head = malloc((cb->nleaves + 1) * sizeof *k->leaf_head);
        k->rule_hit = calloc(cb->nrules + 1, 1);
        k->tops = malloc((cb->nrules + 1) * sizeof *k->tops);
        k->theme_best = calloc(cb->nthemes + 1, sizeof *k->theme_best);
        k->md = pcre2_match_data_create(1, NULL);
        k->unit_mctx = pcre2_match_context_copy(cb->mctx);
        k->rx_end = calloc(cb->index.nregexes + 1, sizeof *k->rx_end);
        k->rx_queued = calloc(cb->index.nregexes + 1, sizeof *k->rx_queued);
    }
    /* the word maps: by coder_begin(), at the first document */
    if (!k || !k->leaf_head || !k->rule_hit || !k->tops || !k->theme_best || !k->md || !k->unit_mctx || !k->rx_end ||
        !k->rx_queued) {
        grille_coder_free(c);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    return c;
}

void grille_coder_free(grille_coder *c) {
    if (!c) return;
    coder *k = &c->k;
    toklist_free(&k->tl);
    free(k->word_of);
    free(k->word_tokens);
    free(k->rx_tokens);
    free(k->hits);
    free(k->leaf_head);
    free(k->touched_leaves);
    free(k->support);
    free(k->tops);
    free(k->theme_best);
    free(k->rule_hit);
    gbuf_free(&k->exact);
    pcre2_match_data_free(k->md);
    pcre2_match_context_free(k->unit_mctx);
    free(k->rx.v);
    free(k->urx.v);
    free(k->lit_places);
    free(k->wc);
    free(k->wc_regs);
    free(k->tok_clean);
    free(k->rx_end);
    free(k->rx_queued);
    free(k->rx_units);
    strmap_free(&k->vocab);
    free(k->vwords);
    strmap_free(&k->lemma_cache);
    free(k->cands);
    free(k->word_lemmas);
    gbuf_free(&k->lowered);
    free(c);
}

/* Room in the coding of doc for its units, and for as many segments
 * and hits a byte as the document before had, and a quarter more: a
 * coding's arrays grown by doubling from nothing were copied over and
 * over (2% of coding with a 500-word dictionary).  A corpus's documents
 * are alike; when one is not, its arrays grow as before.  The guess is
 * at most two segments and four hits a unit (a short, densely coded
 * document before a long one asked for far more), and only a guess:
 * room it cannot have is not an error. */
static int coder_reserve(coder *k, const grille_document *doc) {
    grille_coding *c = k->out;
    size_t units = grille_document_unit_count(doc, k->cb->unit);
    if (grille_grow((void **)&c->unit_ids, &c->capunits, units + 1, sizeof *c->unit_ids) ||
        grille_grow((void **)&c->unit_words, &c->capunitwords, units + 1, sizeof *c->unit_words))
        return GRILLE_ENOMEM;
    double bytes = (double)doc->size * 1.25, most_segs = 2.0 * (double)units, most_hits = 4.0 * (double)units;
    double segs = k->seg_density * bytes, hits = k->hit_density * bytes;
    segs = segs < most_segs ? segs : most_segs;
    hits = hits < most_hits ? hits : most_hits;
    if (!grille_grow((void **)&c->segs, &c->cap, (size_t)segs + 8, sizeof *c->segs))
        (void)grille_grow((void **)&c->first_hit, &c->capfirst, (size_t)segs + 8, sizeof *c->first_hit);
    (void)grille_grow((void **)&c->hits, &c->caphits, (size_t)hits + 8, sizeof *c->hits);
    return GRILLE_OK;
}

/* Makes the coder ready for doc: what it keeps from the documents
 * before, or a fresh start. */
static int coder_begin(grille_coder *c, const grille_document *doc) {
    coder *k = &c->k;
    const grille_codebook *cb = k->cb;
    int full = k->tl.nwords > CODER_MAX_WORDS || k->tl.forms.len + k->tl.keys.len > CODER_MAX_BYTES;
    if ((c->stale || full || !k->tl.index) && coder_forget(k)) return GRILLE_ENOMEM;
    c->stale = 1; /* until the document is coded */
    if (toklist_intern_next(&k->tl, doc->text)) return GRILLE_ENOMEM;
    k->doc = doc;
    k->out = calloc(1, sizeof *k->out);
    if (k->out && coder_reserve(k, doc)) return GRILLE_ENOMEM;
    k->question = NULL;
    k->passage = PASSAGE_NONE;
    k->passage_first = k->passage_end = k->passage_turn = 0;
    k->rx.n = k->urx.n = k->rx_next = k->nrx_units = 0;
    k->rx_to = &k->rx;
    k->rx_turn = SIZE_MAX;
    k->nhits = k->ntouched = k->nsupport = 0;
    memset(k->rule_hit, 0, cb->nrules + 1);
    return k->out ? GRILLE_OK : GRILLE_ENOMEM;
}

grille_coding *grille_coder_code(grille_coder *c, const grille_document *doc, grille_error *err) {
    grille_error_clear(err);
    if (!c || !doc) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "grille_coder_code needs a coder and a document");
        return NULL;
    }
    coder *k = &c->k;
    const grille_codebook *cb = k->cb;
    k->err = err;
    int rc = coder_begin(c, doc);
    if (rc) goto done;
    k->out->doc = doc;
    for (size_t i = 0; i < cb->nleaves; i++) k->leaf_head[i] = -1;
    /* answers only where someone asks: an interview, not a debate or a
     * report (a short heading there answers nothing) */
    int asks = 0;
    for (size_t t = 0; t < doc->nturns && !asks; t++) asks = doc->turns[t].interviewer;
    if (cb->short_answers && cb->speakers == GRILLE_SPEAKERS_RESPONDENTS && asks &&
        !(k->question = calloc(1, sizeof *k->question))) {
        rc = GRILLE_ENOMEM;
        goto done;
    }

    /* the literals of regexes looked for in each sentence's tokens, or
     * in each turn's bytes before the units are coded */
    int in_tokens = cb->index.nregexes && cb->unit == GRILLE_UNIT_SENTENCE && cb->index.literals_in_tokens;
    if (cb->index.nregexes && !in_tokens) {
        for (size_t t = 0; t < doc->nturns && rc == GRILLE_OK; t++)
            if ((speaker_coded(cb, doc, t) || (k->question && doc->turns[t].interviewer)) &&
                doc->turns[t].span.b1 > doc->turns[t].span.b0)
                rc = regex_scan_turn(k, &doc->turns[t].span);
        regex_sort(&k->rx);
    }
    size_t s = 0; /* sentences are in order: walk them alongside units */
    size_t nunits = grille_document_unit_count(doc, cb->unit);
    for (size_t u = 0; u < nunits && rc == GRILLE_OK; u++) {
        const dspan *span;
        size_t turn;
        if (cb->unit == GRILLE_UNIT_TURN) {
            span = &doc->turns[u].span;
            turn = u;
        } else if (cb->unit == GRILLE_UNIT_PARAGRAPH) {
            span = &doc->paras[u].span;
            turn = doc->paras[u].turn;
        } else {
            span = &doc->sents[u].span;
            turn = doc->sents[u].turn;
        }
        size_t s_end = s;
        if (cb->unit == GRILLE_UNIT_SENTENCE) s_end = u + 1, s = u;
        else if (cb->unit == GRILLE_UNIT_PARAGRAPH)
            while (s_end < doc->nsents && doc->sents[s_end].parent == u) s_end++;
        else
            while (s_end < doc->nsents && doc->sents[s_end].turn == u) s_end++;
        int nonempty = span->b1 > span->b0, coded = speaker_coded(cb, doc, turn) && nonempty;
        /* with short answers, the interviewer's questions are coded aside */
        int asked = !coded && nonempty && k->question && doc->turns[turn].interviewer;
        if (coded || asked) {
            grille_coding *dst = coded ? k->out : k->question, *main_out = k->out;
            if (GROW(dst->unit_ids, dst->units, dst->capunits) ||
                GROW(dst->unit_words, dst->units, dst->capunitwords)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            dst->unit_ids[dst->units++] = u;
            toklist_clear(&k->tl);
            for (size_t x = s; x < s_end && rc == GRILLE_OK; x++) rc = tokenize_sentence(&cb->tc, doc, x, 0, &k->tl);
            if (rc == GRILLE_OK) rc = words_gather(k, in_tokens);
            if (in_tokens && rc == GRILLE_OK && k->rx_turn != turn) rc = regex_turn_begin(k, turn);
            if (in_tokens && rc == GRILLE_OK) rc = regex_unit(k, u);
            size_t first = dst->n;
            k->out = dst;
            if (rc == GRILLE_OK) rc = code_unit(k, cb->unit, u, turn, span);
            k->out = main_out;
            if (coded && k->question && rc == GRILLE_OK) rc = inherit_themes(k, cb->unit, u, turn, span, first);
            if (coded) {
                k->passage = PASSAGE_UNIT;
                k->passage_first = first;
                k->passage_end = k->out->n;
            } else if (k->passage != PASSAGE_QUESTION || k->passage_turn != turn) {
                k->passage = PASSAGE_QUESTION;
                k->passage_first = first;
                k->passage_turn = turn;
            }
        } else if (nonempty) k->passage = PASSAGE_NONE;
        s = s_end;
    }
    if (rc == GRILLE_OK)
        for (size_t i = 0; i < k->out->n; i++) k->out->segs[i].hits = k->out->hits + k->out->first_hit[i];
done:
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, doc->name, 0, 0, 0, "out of memory");
    grille_coding_free(k->question);
    k->question = NULL;
    grille_coding *out = k->out;
    k->out = NULL;
    k->doc = NULL;
    k->err = NULL;
    if (rc) {
        grille_coding_free(out);
        return NULL;
    }
    c->stale = 0;
    double bytes = doc->size ? (double)doc->size : 1.0;
    k->seg_density = (double)out->n / bytes;
    k->hit_density = (double)out->nhits / bytes;
    return out;
}

grille_coding *grille_coding_new(const grille_codebook *cb, const grille_document *doc, grille_error *err) {
    grille_error_clear(err);
    if (!cb || !doc) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "grille_coding_new needs a codebook and a document");
        return NULL;
    }
    grille_coder *c = grille_coder_new(cb, err);
    if (!c) {
        grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "out of memory");
        return NULL;
    }
    grille_coding *out = grille_coder_code(c, doc, err);
    grille_coder_free(c);
    return out;
}

size_t grille_coding_segment_count(const grille_coding *c) { return c ? c->n : 0; }
const grille_segment *grille_coding_segment_get(const grille_coding *c, size_t i) {
    return c && i < c->n ? &c->segs[i] : NULL;
}
size_t grille_coding_unit_count(const grille_coding *c) { return c ? c->units : 0; }
size_t grille_coding_word_count(const grille_coding *c) { return c ? c->words : 0; }
size_t grille_coding_unit_words(const grille_coding *c, size_t i) { return c && i < c->units ? c->unit_words[i] : 0; }
size_t grille_coding_unit_get(const grille_coding *c, size_t i) {
    return c && i < c->units ? c->unit_ids[i] : GRILLE_NONE;
}
const grille_document *grille_coding_document(const grille_coding *c) { return c ? c->doc : NULL; }

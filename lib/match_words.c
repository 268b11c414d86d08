/* match_words.c - the hits of word, phrase and lemma rules in a coding
 * unit's tokens: what each word may start is worked out once per word
 * (vocab_entry()), then a phrase's next words and a lemma's candidates
 * are checked. */
#include "coder.h"

static int word_matches(coder *k, const wpat *w, int case_exact, size_t ti) {
    const tok *t = &k->tl.v[ti];
    const char *form = tok_form(&k->tl, t);
    if (w->glob ? !word_index_glob_match(w->form, w->len, form, t->form_len)
                : (w->len != t->form_len || memcmp(w->form, form, w->len) != 0))
        return 0;
    if (!case_exact) return 1;
    k->exact.len = 0;
    if (fold_append(&k->cb->tc.exact, k->doc->text + t->b0, t->b1 - t->b0, &k->exact)) return -1;
    size_t elen = strlen(w->exact);
    return w->glob ? word_index_glob_match(w->exact, elen, k->exact.data, k->exact.len)
                   : (elen == k->exact.len && memcmp(w->exact, k->exact.data, elen) == 0);
}

/* The leaf's first word matched token ti; check its other words. */
static int try_leaf(coder *k, int li, size_t ti) {
    const rleaf *lf = &k->cb->leaves[li];
    if (lf->case_exact) {
        int m = word_matches(k, &lf->words[0], 1, ti);
        if (m <= 0) return m < 0 ? GRILLE_ENOMEM : GRILLE_OK;
    }
    size_t j = ti;
    for (size_t w = 1; w < lf->nwords; w++) {
        /* hesitations and marks between the words do not break a phrase */
        do j++;
        while (j < k->tl.n && !is_matchable(&k->tl.v[j]));
        if (j >= k->tl.n) return GRILLE_OK;
        int m = word_matches(k, &lf->words[w], lf->case_exact, j);
        if (m < 0) return GRILLE_ENOMEM;
        if (!m) return GRILLE_OK;
    }
    return coder_add_hit(k, li, ti, j + 1, k->tl.v[ti].b0, k->tl.v[j].b1);
}

/* The candidates of a word as written, from the document's cache: a
 * transcript repeats its words, and a lookup costs far more than a hash
 * probe. */
static int cached_lemmas(coder *k, const char *w, size_t n, const lemma_cand **cand, size_t *nc) {
    int *slot = strmap_put(&k->lemma_cache, w, n, NULL);
    if (!slot) return GRILLE_ENOMEM;
    if (*slot < 0) {
        lemma_cand tmp[LEMMA_MAX];
        size_t m = lemmatize(k->cb->lexicon, w, n, tmp);
        if (grille_grow((void **)&k->cands, &k->capcands, k->ncands + m + 1, sizeof *k->cands)) return GRILLE_ENOMEM;
        *slot = (int)k->ncands;
        k->cands[k->ncands++] = (lemma_cand){(uint32_t)m, 0}; /* count, then the candidates */
        memcpy(k->cands + k->ncands, tmp, m * sizeof *tmp);
        k->ncands += m;
    }
    *nc = k->cands[*slot].lemma;
    *cand = k->cands + *slot + 1;
    return GRILLE_OK;
}

/* The candidates of token t, as written: an interned word's from its
 * number (the cache's map, and folding the token each time, cost a
 * fiftieth of coding man pages), others from the cache. */
static int token_lemmas(coder *k, const tok *t, const lemma_cand **cand, size_t *nc) {
    uint32_t *known = NULL;
    if (t->word != TOK_NO_WORD) {
        if (t->word >= k->nword_lemmas) {
            size_t n = (size_t)t->word + 1;
            if (grille_grow((void **)&k->word_lemmas, &k->capword_lemmas, n, sizeof *k->word_lemmas))
                return GRILLE_ENOMEM;
            memset(k->word_lemmas + k->nword_lemmas, 0, (n - k->nword_lemmas) * sizeof *k->word_lemmas);
            k->nword_lemmas = n;
        }
        known = &k->word_lemmas[t->word];
        if (*known) {
            *nc = k->cands[*known - 1].lemma;
            *cand = k->cands + *known;
            return GRILLE_OK;
        }
    }
    k->exact.len = 0;
    if (fold_append(&k->cb->tc.raw, k->doc->text + t->b0, t->b1 - t->b0, &k->exact)) return GRILLE_ENOMEM;
    if (cached_lemmas(k, k->exact.data, k->exact.len, cand, nc)) return GRILLE_ENOMEM;
    if (known) *known = (uint32_t)(*cand - k->cands);
    return GRILLE_OK;
}

/* Lemma rules: the token's candidate lemmas, looked up as written. */
static int match_lemmas(coder *k, size_t ti) {
    const grille_codebook *cb = k->cb;
    const tok *t = &k->tl.v[ti];
    const lemma_cand *cand;
    size_t n;
    if (token_lemmas(k, t, &cand, &n)) return GRILLE_ENOMEM;
    int ambiguous = 0;
    for (size_t c = 1; c < n; c++) ambiguous |= cand[c].lemma != cand[0].lemma;
    const char *form = tok_form(&k->tl, t);
    for (size_t c = 0; c < n; c++) {
        const word_index *ix = &cb->index;
        for (int p = word_index_lemma(ix, cand[c].lemma); p >= 0; p = word_index_next(ix, p)) {
            int li = word_index_leaf(ix, p);
            const rleaf *lf = &cb->leaves[li];
            if (lf->pos_mask && !(lf->pos_mask >> cand[c].pos & 1)) continue;
            int skip = 0;
            for (size_t x = 0; x < lf->nexcept && !skip; x++) skip = strcmp(lf->except[x], form) == 0;
            /* two candidates (the same lemma as noun and verb) give one hit */
            int last = k->leaf_head[li];
            if (skip || (last >= 0 && k->hits[last].b0 == t->b0)) continue;
            if (coder_add_hit(k, li, ti, ti + 1, t->b0, t->b1)) return GRILLE_ENOMEM;
            if (ambiguous) k->hits[k->nhits - 1].flags |= GRILLE_HIT_AMBIGUOUS;
        }
    }
    return GRILLE_OK;
}

/* What a folded word may start, worked out once per document: a
 * transcript says the same words again and again, and probing the word
 * index (its exact forms, prefix and suffix globs, other globs, and
 * whether the lexicon is to be asked) costs several times one hash
 * probe.  k->vocab maps the form to its entry in k->vwords: the number
 * of leaves, whether to ask the lexicon, then per leaf its index and,
 * for a phrase whose second word is no glob, 1 and that word's hash
 * (else 0, 0), in the order the probes find them (exact, prefixes
 * shortest first, suffixes, other globs).  The posting lists are copied
 * out: walking them token by token missed the cache. */
enum { VOCAB_NLEAVES, VOCAB_LEMMA, VOCAB_SINGLE, VOCAB_MASK_LO, VOCAB_MASK_HI, VOCAB_HEADER };
/* (VOCAB_SINGLE: whether a leaf is one word, or a phrase whose second
 * word is a glob; VOCAB_MASK_*: a bit for each of the other phrases'
 * second words, by hash: "de", which opens many phrases, is then passed
 * over at once where none of their second words follows) */
/* word_vocab's marks: a word not looked up yet, and one that starts no
 * leaf and needs no lexicon (most words: match_words() then skips it
 * without reading vwords, which missed the cache).  A word whose entry
 * is one rule of one word, not case="exact", is marked with that leaf,
 * VOCAB_ONE_LEAF - leaf (most words of a codebook: its hit is then
 * added without reading vwords or the leaf, which missed the cache on a
 * tenth of match_words()'s time each) */
enum { VOCAB_UNKNOWN = -1, VOCAB_NOTHING = -2, VOCAB_ONE_LEAF = -3 };
enum { VOCAB_LEAF, VOCAB_HAS_SECOND, VOCAB_SECOND, VOCAB_STRIDE };

static int vocab_add_leaf(coder *k, int leaf, int has_second, uint32_t second) {
    if (grille_grow((void **)&k->vwords, &k->capvwords, k->nvwords + VOCAB_STRIDE, sizeof *k->vwords))
        return GRILLE_ENOMEM;
    int *v = k->vwords + k->nvwords;
    v[VOCAB_LEAF] = leaf;
    v[VOCAB_HAS_SECOND] = has_second;
    v[VOCAB_SECOND] = (int)second;
    k->nvwords += VOCAB_STRIDE;
    return GRILLE_OK;
}

static const int vocab_nothing[VOCAB_HEADER] = {0, 0, 0, 0, 0};


/* The mark of a word whose entry is at slot in vwords (e): the slot, or
 * VOCAB_ONE_LEAF - leaf when the entry holds one leaf, that try_leaf()
 * would add at once (one word, not case="exact"), and no lemma. */
static int vocab_mark(const grille_codebook *cb, int slot, const int *e) {
    if (slot < 0 || e[VOCAB_NLEAVES] != 1 || e[VOCAB_LEMMA]) return slot;
    const int *v = e + VOCAB_HEADER;
    const rleaf *lf = &cb->leaves[v[VOCAB_LEAF]];
    if (v[VOCAB_HAS_SECOND] || lf->nwords != 1 || lf->case_exact) return slot;
    return VOCAB_ONE_LEAF - v[VOCAB_LEAF];
}

static int vocab_entry(coder *k, const tok *t, const int **entry) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    /* a word interned by the tokenizer finds its entry by its number;
     * its other spellings (Santé, santé) share it through the map */
    if (t->word != TOK_NO_WORD) {
        int known = (int)word_user(k, t)[USER_VOCAB];
        if (known >= VOCAB_NOTHING && known != VOCAB_UNKNOWN) {
            *entry = known == VOCAB_NOTHING ? vocab_nothing : k->vwords + known;
            return GRILLE_OK;
        }
    }
    const char *form = tok_form(&k->tl, t);
    size_t len = t->form_len;
    int *slot = strmap_put_hashed(&k->vocab, form, len, t->hash, NULL);
    if (!slot) return GRILLE_ENOMEM;
    if (*slot == VOCAB_UNKNOWN) {
        int heads[1 + 2 * WORD_INDEX_MAX_PART];
        size_t nheads = 0;
        int exact = word_index_exact(ix, form, len, t->hash);
        if (exact >= 0) heads[nheads++] = exact;
        nheads += word_index_prefixes(ix, form, len, heads + nheads);
        nheads += word_index_suffixes(ix, form, len, heads + nheads);
        size_t at = k->nvwords;
        if (grille_grow((void **)&k->vwords, &k->capvwords, at + VOCAB_HEADER, sizeof *k->vwords)) return GRILLE_ENOMEM;
        k->nvwords += VOCAB_HEADER;
        for (size_t h = 0; h < nheads; h++)
            for (int p = heads[h]; p >= 0; p = word_index_next(ix, p)) {
                const word_index_posting *po = &ix->postings[p];
                if (vocab_add_leaf(k, po->leaf, po->has_second, po->second)) return GRILLE_ENOMEM;
            }
        for (size_t g = 0; g < ix->nglobs; g++) {
            const wpat *w = &cb->leaves[ix->globs[g]].words[0];
            if (word_index_glob_match(w->form, w->len, form, len) && vocab_add_leaf(k, ix->globs[g], 0, 0))
                return GRILLE_ENOMEM;
        }
        int *e = k->vwords + at;
        e[VOCAB_NLEAVES] = (int)((k->nvwords - at - VOCAB_HEADER) / VOCAB_STRIDE);
        uint64_t mask = 0;
        int single = 0;
        for (int x = 0; x < e[VOCAB_NLEAVES]; x++) {
            const int *v = e + VOCAB_HEADER + x * VOCAB_STRIDE;
            if (v[VOCAB_HAS_SECOND]) mask |= 1ULL << ((uint32_t)v[VOCAB_SECOND] & 63);
            else single = 1;
        }
        e[VOCAB_SINGLE] = single;
        e[VOCAB_MASK_LO] = (int)(uint32_t)mask;
        e[VOCAB_MASK_HI] = (int)(uint32_t)(mask >> 32);
        /* the lexicon is asked only about words that may be a form of a
         * rule's lemma, or that its lookup rewrites (élu·es, parlez-moi) */
        e[VOCAB_LEMMA] = cb->has_lemma_rules && (!cb->case_fold || word_index_may_be_lemma_form(ix, t->hash) ||
                                                 memchr(form, '-', len) || memchr(form, 0xC2, len));
        /* most words: no entry, so that the few that have one, read
         * token after token, share fewer cache lines */
        if (!e[VOCAB_NLEAVES] && !e[VOCAB_LEMMA]) {
            k->nvwords = at;
            *slot = VOCAB_NOTHING;
        } else *slot = (int)at;
    }
    *entry = *slot == VOCAB_NOTHING ? vocab_nothing : k->vwords + *slot;
    if (t->word != TOK_NO_WORD) word_user(k, t)[USER_VOCAB] = (uint32_t)vocab_mark(cb, *slot, *entry);
    return GRILLE_OK;
}

/* words_gather()'s pass, places a constant where it is inlined: the
 * tokens of an interned word whose literal places are not known to be
 * none are gathered too (unit_literals() skipped the others one by
 * one, reading each token's record again). */
static GRILLE_ALWAYS_INLINE void gather_tokens(coder *k, int places) {
    /* the words that start a leaf, need the lexicon or are new, gathered
     * without a branch on each (whether a word is in a rule is a coin
     * toss the processor lost half the time) */
    size_t nw = 0, nrx = 0;
    uint32_t ordinal = 0;
    /* a word of no place has record 0, once lit_places is started
     * (unit_literals()) */
    uint32_t none = k->nlit_places ? 0 : WORD_LITS_UNKNOWN - 1;
    for (size_t i = 0; i < k->tl.n; i++) {
        const tok *t = &k->tl.v[i];
        int known = VOCAB_UNKNOWN;
        uint32_t place = WORD_LITS_UNKNOWN;
        if (t->word != TOK_NO_WORD) {
            const uint32_t *user = word_user(k, t);
            known = (int)user[USER_VOCAB];
            place = user[USER_PLACES];
        }
        unsigned matchable = is_matchable(t);
        k->word_of[i] = ordinal;
        ordinal += matchable;
        k->word_tokens[nw] = (uint32_t)i;
        nw += matchable & (known != VOCAB_NOTHING);
        if (places) {
            k->rx_tokens[nrx] = (uint32_t)i;
            nrx += place != none;
        }
    }
    k->word_of[k->tl.n] = ordinal;
    k->unit_words = ordinal;
    k->nword_tokens = nw;
    k->nrx_tokens = nrx;
}

int words_gather(coder *k, int places) {
    size_t n = k->tl.n + 1;
    /* the room tested here, grille_grow() called only to grow: a unit
     * is ten words or so, and three calls for each cost as much as a
     * tenth of the tokens' pass */
    if ((n > k->capword_tokens &&
         grille_grow((void **)&k->word_tokens, &k->capword_tokens, n, sizeof *k->word_tokens)) ||
        (n > k->capword && grille_grow((void **)&k->word_of, &k->capword, n, sizeof *k->word_of)) ||
        (places && n > k->caprx_tokens &&
         grille_grow((void **)&k->rx_tokens, &k->caprx_tokens, n, sizeof *k->rx_tokens)))
        return GRILLE_ENOMEM;
    if (places) gather_tokens(k, 1);
    else gather_tokens(k, 0);
    return GRILLE_OK;
}

int match_words(coder *k, uint32_t *words) {
    size_t nw = k->nword_tokens;
    *words = k->unit_words;
    for (size_t w = 0; w < nw; w++) {
        size_t i = k->word_tokens[w];
        const tok *t = &k->tl.v[i];
        const int *e;
        /* a word met before: its entry at once (the usual case, without
         * a call for each token); known anew, as a token before may have
         * been the first of the same word */
        int known = t->word != TOK_NO_WORD ? (int)word_user(k, t)[USER_VOCAB] : VOCAB_UNKNOWN;
        if (known == VOCAB_NOTHING) continue;
        if (known <= VOCAB_ONE_LEAF) {
            /* try_leaf() of a leaf of one word, not case="exact" */
            if (coder_add_hit(k, VOCAB_ONE_LEAF - known, i, i + 1, t->b0, t->b1)) return GRILLE_ENOMEM;
            continue;
        }
        if (known >= 0) e = k->vwords + known;
        else if (vocab_entry(k, t, &e)) return GRILLE_ENOMEM;
        if (e[VOCAB_LEMMA] && match_lemmas(k, i)) return GRILLE_ENOMEM;
        /* nothing below adds to vwords: e stays where it is */
        int n = e[VOCAB_NLEAVES];
        if (!n) continue;
        /* the next word, as try_leaf() finds it (hesitations and marks
         * do not break a phrase): a phrase whose second word is another
         * is not tried */
        const tok *next = NULL;
        size_t j = i + 1;
        while (j < k->tl.n && !is_matchable(&k->tl.v[j])) j++;
        if (j < k->tl.n) next = &k->tl.v[j];
        if (!e[VOCAB_SINGLE]) {
            uint64_t mask = (uint32_t)e[VOCAB_MASK_LO] | (uint64_t)(uint32_t)e[VOCAB_MASK_HI] << 32;
            if (!next || !(mask >> (next->hash & 63) & 1)) continue;
        }
        const int *v = e + VOCAB_HEADER;
        for (int x = 0; x < n; x++, v += VOCAB_STRIDE) {
            if (v[VOCAB_HAS_SECOND] && (!next || next->hash != (uint32_t)v[VOCAB_SECOND])) continue;
            if (try_leaf(k, v[VOCAB_LEAF], i)) return GRILLE_ENOMEM;
        }
    }
    return GRILLE_OK;
}

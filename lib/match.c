/* match.c - coding a document: find rule hits in each coding unit, drop
 * hits inside excluded expressions, combine them through near/all/any,
 * and keep the themes that reach their minimum number of hits. */
#include "codebook.h"
#include "coding.h"
#include "utf8.h"

/* A leaf rule's match in the current unit. */
typedef struct uhit {
    int leaf;
    int next;        /* next hit of the same leaf, or -1 */
    int dead;        /* inside an excluded expression */
    unsigned flags;  /* GRILLE_HIT_* */
    uint32_t w0, w1; /* word ordinals, for near */
    uint32_t b0, b1; /* bytes */
} uhit;

/* A regex match found in a coded turn. */
typedef struct rxhit {
    int leaf;
    uint32_t b0, b1;
} rxhit;

/* Scratch space for one call of grille_coding_new(). */
/* Regex hits, by start once sorted (cmp_rx()). */
typedef struct rxlist {
    rxhit *v;
    size_t n, cap;
} rxlist;

/* A regex to try in one coding unit (where its needed literal is). */
typedef struct rx_unit {
    uint32_t regex, unit;
} rx_unit;

typedef struct coder {
    const grille_codebook *cb;
    const grille_document *doc;
    grille_coding *out;
    toklist tl;
    uint32_t *word_of; /* token -> ordinal of the first word at or after it */
    size_t capword;
    uhit *hits;
    size_t nhits, caphits;
    int *leaf_head; /* leaf -> first hit, -1 */
    int *touched_leaves;
    size_t ntouched, captouched;
    int *support; /* hits supporting the theme being evaluated */
    size_t nsupport, capsupport;
    unsigned char *rule_hit; /* top-level rule -> it holds a live hit in the unit */
    int *tops;               /* those rules (code_unit()) */
    size_t ntops;
    pcre2_match_data *md;
    pcre2_match_context *unit_mctx; /* the codebook's, with an offset limit:
                                     * a regex scanned in one unit */
    /* regex hits: of the whole document, or of the turn being coded when
     * literals are looked for in tokens (the turn's scans over it, by
     * start, rx_next the first not behind the unit); of the unit (its
     * literals' tries and scans); and the list add_rx() adds to */
    rxlist rx, urx, *rx_to;
    size_t rx_next;
    size_t rx_turn;     /* the turn rx holds, or SIZE_MAX */
    unsigned rx_folds;  /* its letters utf8_lower_latin_gates() left */
    uint16_t *lit_places; /* per word: a count, then offsets in the word */
    size_t nlit_places, caplit_places;
    strmap vocab; /* folded word -> offset of its entry in vwords */
    int *vwords;
    size_t nvwords, capvwords;
    strmap lemma_cache; /* word as written -> offset in cands */
    lemma_cand *cands;  /* per cached word: its count, then its candidates */
    size_t ncands, capcands;
    size_t *rx_end;    /* per regex: end of its last anchored match in the
                        * turn, or 1 + the last unit its needed literal
                        * occurs in */
    rx_unit *rx_units; /* (regex, unit) to scan */
    size_t nrx_units, caprx_units;
    gbuf lowered;
    gbuf exact; /* case-exact form of a token */
    grille_error *err;
    /* short answers (cb->short_answers): the passage the next unit
     * answers, as segments of out (the unit before it) or of question
     * (the interviewer's turn, coded aside and never reported) */
    grille_coding *question;
    enum { PASSAGE_NONE, PASSAGE_UNIT, PASSAGE_QUESTION } passage;
    size_t passage_first, passage_end, passage_turn;
} coder;

/* ------------------------------------------------------------------ */
/* finding leaf hits                                                   */

static int add_hit(coder *k, int leaf, size_t t0, size_t t1, uint32_t b0, uint32_t b1) {
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

static int is_matchable(const tok *t) {
    return (t->flags & GRILLE_TOKEN_WORD) && !(t->flags & (GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION));
}

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
    return add_hit(k, li, ti, j + 1, k->tl.v[ti].b0, k->tl.v[j].b1);
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

/* Lemma rules: the token's candidate lemmas, looked up as written. */
static int match_lemmas(coder *k, size_t ti) {
    const grille_codebook *cb = k->cb;
    const tok *t = &k->tl.v[ti];
    k->exact.len = 0;
    if (fold_append(&cb->tc.raw, k->doc->text + t->b0, t->b1 - t->b0, &k->exact)) return GRILLE_ENOMEM;
    const lemma_cand *cand;
    size_t n;
    if (cached_lemmas(k, k->exact.data, k->exact.len, &cand, &n)) return GRILLE_ENOMEM;
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
            if (add_hit(k, li, ti, ti + 1, t->b0, t->b1)) return GRILLE_ENOMEM;
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
enum { VOCAB_NLEAVES, VOCAB_LEMMA, VOCAB_HEADER };
/* word_vocab's marks: a word not looked up yet, and one that starts no
 * leaf and needs no lexicon (most words: match_words() then skips it
 * without reading vwords, which missed the cache) */
enum { VOCAB_UNKNOWN = -1, VOCAB_NOTHING = -2 };
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

static const int vocab_nothing[VOCAB_HEADER] = {0, 0};

#define WORD_LITS_UNKNOWN UINT32_MAX

/* What the matcher keeps of an interned word (tok.word), in its record
 * (tok_slot.user): its entry in vwords (VOCAB_UNKNOWN, as the tokenizer
 * leaves it, or VOCAB_NOTHING), and its literal places (word_places()):
 * the record is in the cache, the tokenizer having just read it. */
enum { USER_VOCAB, USER_PLACES };
static inline uint32_t *word_user(coder *k, const tok *t) { return k->tl.words[t->word].user; }

static int vocab_entry(coder *k, const tok *t, const int **entry) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    /* a word interned by the tokenizer finds its entry by its number;
     * its other spellings (Santé, santé) share it through the map */
    if (t->word != TOK_NO_WORD) {
        int known = (int)word_user(k, t)[USER_VOCAB];
        if (known != VOCAB_UNKNOWN) {
            *entry = known == VOCAB_NOTHING ? vocab_nothing : k->vwords + known;
            return GRILLE_OK;
        }
    }
    const char *form = tok_form(&k->tl, t);
    size_t len = t->form_len;
    int *slot = strmap_put_hashed(&k->vocab, form, len, t->hash, NULL);
    if (!slot) return GRILLE_ENOMEM;
    if (*slot < 0) {
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
        /* the lexicon is asked only about words that may be a form of a
         * rule's lemma, or that its lookup rewrites (élu·es, parlez-moi) */
        e[VOCAB_LEMMA] = cb->has_lemma_rules && (!cb->case_fold || word_index_may_be_lemma_form(ix, t->hash) ||
                                                 memchr(form, '-', len) || memchr(form, 0xC2, len));
        *slot = (int)at;
    }
    *entry = k->vwords + *slot;
    if (t->word != TOK_NO_WORD)
        word_user(k, t)[USER_VOCAB] = (uint32_t)((*entry)[VOCAB_NLEAVES] || (*entry)[VOCAB_LEMMA] ? *slot : VOCAB_NOTHING);
    return GRILLE_OK;
}

static int match_words(coder *k) {
    for (size_t i = 0; i < k->tl.n; i++) {
        const tok *t = &k->tl.v[i];
        if (!is_matchable(t)) continue;
        const int *e;
        /* a word met before: its entry at once (the usual case, without
         * a call for each token) */
        int known = t->word != TOK_NO_WORD ? (int)word_user(k, t)[USER_VOCAB] : VOCAB_UNKNOWN;
        if (known == VOCAB_NOTHING) continue;
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
        const int *v = e + VOCAB_HEADER;
        for (int x = 0; x < n; x++, v += VOCAB_STRIDE) {
            if (v[VOCAB_HAS_SECOND] && (!next || next->hash != (uint32_t)v[VOCAB_SECOND])) continue;
            if (try_leaf(k, v[VOCAB_LEAF], i)) return GRILLE_ENOMEM;
        }
    }
    return GRILLE_OK;
}

/* Token range [*t0, *t1) overlapping bytes [b0, b1). */
static void tokens_of(const coder *k, uint32_t b0, uint32_t b1, size_t *t0, size_t *t1) {
    size_t lo = 0, hi = k->tl.n;
    while (lo < hi) { /* first token ending after b0 */
        size_t mid = (lo + hi) / 2;
        if (k->tl.v[mid].b1 <= b0) lo = mid + 1;
        else hi = mid;
    }
    *t0 = lo;
    size_t e = lo;
    while (e < k->tl.n && k->tl.v[e].b0 < b1) e++;
    *t1 = e;
}

static int regex_failed(coder *k, const rleaf *lf, size_t at, int rc) {
    PCRE2_UCHAR msg[200];
    pcre2_get_error_message(rc, msg, sizeof msg);
    const rnode *rn = &k->cb->rules[lf->rule];
    unsigned line, col;
    utf8_line_col(k->doc->text, at, &line, &col);
    return grille_fail(k->err, rc == PCRE2_ERROR_NOMEMORY ? GRILLE_ENOMEM : GRILLE_EMATCH, k->doc->name, line, col, at,
                       "regex rule '%s' (%s:%u) failed here: %s; simplify the "
                       "pattern (nested quantifiers such as (a+)+ backtrack without end)",
                       rn->id, k->cb->name, rn->line, (const char *)msg);
}

static int add_rx(coder *k, int li, size_t b0, size_t b1) {
    rxlist *l = k->rx_to;
    if (GROW(l->v, l->n, l->cap)) return GRILLE_ENOMEM;
    l->v[l->n++] = (rxhit){li, (uint32_t)b0, (uint32_t)b1};
    return GRILLE_OK;
}

/* The coding units in which a regex with a needed literal is run: those
 * of the codebook's kind (sentences or paragraphs); NULL for turns. */
static const dunit *regex_units(const coder *k, size_t *n) {
    switch (k->cb->unit) {
    case GRILLE_UNIT_SENTENCE: *n = k->doc->nsents; return k->doc->sents;
    case GRILLE_UNIT_PARAGRAPH: *n = k->doc->nparas; return k->doc->paras;
    default: *n = 0; return NULL;
    }
}

/* Where a scan goes on after a match [b0, b1) (document offsets), or
 * SIZE_MAX.  A match inside one unit is a hit, and the next is looked
 * for after it.  One that runs past its unit's end, or starts between
 * two, is dropped with the units, and it must not hide a match of the
 * next unit: the scan goes on at that unit's start, as when each unit
 * is scanned on its own.  (Over the turn, "un chat. Chien noirceur."
 * has a match of (?:\w+\W+)?\w+\W+noirceur from "chat" on, which hid
 * the second sentence's "Chien noirceur".) */
static size_t resume_after(const coder *k, size_t b0, size_t b1) {
    size_t n;
    const dunit *units = regex_units(k, &n);
    if (!units) return b1; /* turns: a match cannot leave its turn */
    size_t lo = 0, hi = n; /* the first unit that ends after b0 */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (units[mid].span.b1 <= b0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < n && units[lo].span.b0 <= b0 && b1 <= units[lo].span.b1) return b1;
    size_t next = lo < n && units[lo].span.b0 <= b0 ? lo + 1 : lo;
    if (next >= n) return SIZE_MAX;
    return units[next].span.b0 > b0 ? units[next].span.b0 : b0 + 1;
}

/* The matches of a regex that start in [from, to) of the turn subject
 * (len bytes), found in order without overlapping.  PCRE2 sees the whole
 * turn whatever the span, so that a lookahead, $ or \b at the span's end
 * read what follows as they do when the whole turn is scanned; an offset
 * limit (the regex is compiled for one when it is scanned by units) keeps
 * the search from running on past the span.  A match that runs past its
 * unit's end is dropped with the units (a hit counts inside one unit),
 * and the search goes on at the next unit (resume_after()). */
static int scan_span(coder *k, const rleaf *lf, int li, const char *subject, size_t len, size_t from, size_t to,
                     size_t base) {
    pcre2_match_context *mc = k->cb->mctx;
    if (to < len) {
        pcre2_set_offset_limit(k->unit_mctx, to - 1);
        mc = k->unit_mctx;
    }
    size_t start = from;
    while (start < to || (start == to && to == len)) {
        int rc = pcre2_match(lf->re, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK, k->md, mc);
        /* JIT code out of its stack: the interpreter, on the heap */
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(lf->re, (PCRE2_SPTR)subject, len, start, PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK, k->md, mc);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) return regex_failed(k, lf, base + start, rc);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);
        size_t ms = ov[0], me = ov[1];
        if (ms >= to && to < len) break; /* past the span (an empty match at its end) */
        if (me > ms) {
            if (add_rx(k, li, base + ms, base + me)) return GRILLE_ENOMEM;
            size_t next = resume_after(k, base + ms, base + me);
            if (next == SIZE_MAX || next - base > len) break;
            start = next - base;
        } else {
            /* empty match: step over one character */
            if (ms >= to) break;
            int32_t cp;
            start = ms + (size_t)utf8_decode((const unsigned char *)subject + ms, &cp);
        }
    }
    return GRILLE_OK;
}

/* The first position from i where a regex literal may start in
 * low[0, len) (one more byte readable), or len, and the first literal
 * of its list in *e: a loop of its own, which the compiler keeps in
 * registers. */
static size_t next_literal_start(const word_index *ix, const char *low, size_t i, size_t len, int *e) {
    for (; i + 3 <= len; i++) {
        unsigned h = word_index_trigram_hash(low + i);
        if (word_index_may_start_literal(ix, h)) {
            *e = word_index_literals_at(ix, h);
            return i;
        }
    }
    return len;
}

static int cmp_rx(const void *a, const void *b) {
    const rxhit *x = a, *y = b;
    if (x->b0 != y->b0) return x->b0 < y->b0 ? -1 : 1;
    if (x->b1 != y->b1) return x->b1 < y->b1 ? -1 : 1;
    return x->leaf - y->leaf;
}

/* Regexes run over each coded turn rather than each unit (a PCRE2 call
 * costs more to start than to scan a sentence, and \b or a lookbehind
 * then sees the text around the unit).  A regex whose pattern starts
 * with a literal (see regex_literal) is only tried, anchored, where a
 * lowered copy of the turn holds that literal.  A regex that needs a
 * literal elsewhere runs only in the units where that literal occurs (a
 * hit counts only inside one unit, and every match holds the literal):
 * in a long turn, a common word no longer makes every such regex read
 * the whole turn.  A regex with no literal but a rare mark it needs
 * (rleaf.need_byte) runs in the units holding the mark.
 *
 * The places of the literals are found in one of two ways.  In general,
 * one pass over the turn stops where the bit of the trigram hash is set
 * (scan_regexes()).  With sentence units and literals that all open on
 * a letter (the usual codebook), a literal can only start inside a
 * token, and the places inside a word are worked out once per word and
 * kept (word_places()): a unit's tokens give its places, and the bytes
 * of the turn are no longer read one by one (unit_literals()).  Either
 * way the places are visited in order and do the same (visit_place()),
 * and a place where no literal is gives nothing. */

/* The turn lowered into k->lowered (8 more bytes readable, zeros), the
 * letters it could not lower in k->rx_folds, the regexes' state reset. */
static int lower_turn(coder *k, const dspan *turn) {
    size_t len = turn->b1 - turn->b0;
    k->lowered.len = 0;
    if (gbuf_reserve(&k->lowered, len + 8)) return GRILLE_ENOMEM;
    /* the letters whose other case in this turn (ſ, K) the copy has not
     * lowered: a regex with a literal holding one scans the turn whole */
    k->rx_folds = utf8_lower_latin_gates(k->doc->text + turn->b0, len, k->lowered.data);
    /* the trigram hash reads 4 bytes, a literal's prefix 8 */
    memset(k->lowered.data + len, 0, 8);
    memset(k->rx_end, 0, k->cb->index.nregexes * sizeof *k->rx_end);
    k->nrx_units = 0;
    return GRILLE_OK;
}

/* What the literals filed from e on do at place i of the turn: a regex
 * opening on one is tried there; one needing it is to scan unit u (when
 * in_unit; with turn units, the turn). */
static int visit_place(coder *k, const dspan *turn, size_t i, int e, size_t u, int in_unit) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    const char *subject = k->doc->text + turn->b0, *low = k->lowered.data;
    size_t len = turn->b1 - turn->b0, nunits;
    const dunit *units = regex_units(k, &nunits);
    for (; e >= 0; e = ix->literals[e].next) {
        const word_index_literal *wl = &ix->literals[e];
        if (!word_index_literal_prefix(wl, low + i)) continue;
        size_t r = wl->regex;
        int li = ix->regexes[r];
        const rleaf *lf = &cb->leaves[li];
        if (k->rx_folds & lf->folds) continue; /* scanned whole */
        if (wl->kind == WORD_INDEX_LIT_NEEDED) {
            /* the regex's needed literal, or one of its needed
             * alternatives (always compared lowered) */
            int found = lf->need_len ? lf->need_len <= len - i &&
                                           memcmp(lf->need_exact ? subject + i : low + i,
                                                  lf->need_exact ? lf->need_cased : lf->need, lf->need_len) == 0
                                     : wl->len <= len - i && memcmp(low + i, wl->text, wl->len) == 0;
            if (found) {
                if (!units) k->rx_end[r] = 1; /* turns: scan the turn */
                else if (in_unit && k->rx_end[r] != u + 1) {
                    if (GROW(k->rx_units, k->nrx_units, k->caprx_units)) return GRILLE_ENOMEM;
                    k->rx_units[k->nrx_units++] = (rx_unit){(uint32_t)r, (uint32_t)u};
                    k->rx_end[r] = u + 1;
                }
            }
            continue;
        }
        /* a match starts here: tried once at i (two alternatives may
         * both start here), never inside the last match */
        if (i < k->rx_end[r] || wl->len > len - i || memcmp(low + i, wl->text, wl->len) != 0) continue;
        k->rx_end[r] = i + 1;
        int rc = lf->anchored
                     ? pcre2_match(lf->anchored, (PCRE2_SPTR)subject, len, i, PCRE2_NO_UTF_CHECK, k->md, cb->mctx)
                     : PCRE2_ERROR_JIT_STACKLIMIT;
        /* no anchored compile, or its JIT code ran out of its stack
         * (32 KiB: a lazy quantifier over many words): the
         * interpreter, whose backtracking is on the heap, anchored at
         * match time */
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(lf->re, (PCRE2_SPTR)subject, len, i, PCRE2_ANCHORED | PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK,
                             k->md, cb->mctx);
        if (rc == PCRE2_ERROR_NOMATCH) continue;
        if (rc < 0) return regex_failed(k, lf, turn->b0 + i, rc);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);
        if (ov[1] > ov[0]) {
            if (add_rx(k, li, turn->b0 + ov[0], turn->b0 + ov[1])) return GRILLE_ENOMEM;
            /* no overlapping matches, as in a scan */
            size_t next = resume_after(k, turn->b0 + ov[0], turn->b0 + ov[1]);
            k->rx_end[r] = next == SIZE_MAX || next - turn->b0 > len ? len + 1 : next - turn->b0;
        }
    }
    return GRILLE_OK;
}

/* The units holding the rare marks of the regexes gated by one (a
 * whole turn in turn units), to be scanned. */
static int mark_units(coder *k, const dspan *turn) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    const char *subject = k->doc->text + turn->b0;
    size_t len = turn->b1 - turn->b0, nunits;
    const dunit *units = regex_units(k, &nunits);
    for (size_t x = 0; x < ix->nbyte_gated; x++) {
        size_t r = (size_t)ix->byte_gated[x], v = 0;
        const rleaf *lf = &cb->leaves[ix->regexes[r]];
        for (const char *q = memchr(subject, lf->need_byte, len); q;
             q = memchr(q + 1, lf->need_byte, len - (size_t)(q + 1 - subject))) {
            size_t at = turn->b0 + (size_t)(q - subject);
            if (!units) {
                k->rx_end[r] = 1; /* turns: scan the turn */
                break;
            }
            while (v < nunits && units[v].span.b1 <= at) v++;
            if (v < nunits && units[v].span.b0 <= at && k->rx_end[r] != v + 1) {
                if (GROW(k->rx_units, k->nrx_units, k->caprx_units)) return GRILLE_ENOMEM;
                k->rx_units[k->nrx_units++] = (rx_unit){(uint32_t)r, (uint32_t)v};
                k->rx_end[r] = v + 1;
            }
        }
    }
    return GRILLE_OK;
}

/* The (regex, unit) pairs found: each regex scanned in its unit. */
static int scan_units(coder *k, const dspan *turn) {
    const grille_codebook *cb = k->cb;
    const char *subject = k->doc->text + turn->b0;
    size_t len = turn->b1 - turn->b0, nunits;
    const dunit *units = regex_units(k, &nunits);
    for (size_t j = 0; j < k->nrx_units; j++) {
        int li = cb->index.regexes[k->rx_units[j].regex];
        const dspan *us = &units[k->rx_units[j].unit].span;
        int rc = scan_span(k, &cb->leaves[li], li, subject, len, us->b0 - turn->b0, us->b1 - turn->b0, turn->b0);
        if (rc) return rc;
    }
    k->nrx_units = 0;
    return GRILLE_OK;
}

/* The regexes nothing gates scan the whole turn; by units, only they (a
 * list of their own: the others are not looked at), and those with a
 * literal holding a letter the turn's copy could not lower. */
static int scan_whole(coder *k, const dspan *turn) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    const char *subject = k->doc->text + turn->b0;
    size_t len = turn->b1 - turn->b0, nunits;
    const dunit *units = regex_units(k, &nunits);
    unsigned folds = k->rx_folds;
    size_t nscan = !folds && units ? ix->nungated : ix->nregexes;
    for (size_t x = 0; x < nscan; x++) {
        size_t r = !folds && units ? (size_t)ix->ungated[x] : x;
        int li = ix->regexes[r];
        const rleaf *lf = &cb->leaves[li];
        int whole = (folds & lf->folds) != 0;
        if (!whole && (lf->lit_len || lf->nalts)) continue;
        if (!whole && (lf->need_len || lf->nneeds || lf->need_byte) && (units || !k->rx_end[r])) continue;
        int rc = scan_span(k, lf, li, subject, len, 0, len, turn->b0);
        if (rc) return rc;
    }
    return GRILLE_OK;
}

/* The regex hits of a turn, its literals found by one pass over its
 * bytes. */
static int scan_regexes(coder *k, const dspan *turn) {
    const word_index *ix = &k->cb->index;
    if (lower_turn(k, turn)) return GRILLE_ENOMEM;
    size_t len = turn->b1 - turn->b0, nunits, u = 0;
    const dunit *units = regex_units(k, &nunits);
    /* the first unit that ends after the turn starts */
    for (size_t lo = 0, hi = nunits; units && lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        if (units[mid].span.b1 <= turn->b0) lo = mid + 1;
        else hi = mid;
        u = lo;
    }
    int e = -1, rc;
    for (size_t i = 0; (i = next_literal_start(ix, k->lowered.data, i, len, &e)) + 3 <= len; i++) {
        /* the unit holding position i, if any */
        while (units && u < nunits && units[u].span.b1 <= turn->b0 + i) u++;
        int in_unit = units && u < nunits && units[u].span.b0 <= turn->b0 + i;
        if ((rc = visit_place(k, turn, i, e, u, in_unit))) return rc;
    }
    if ((rc = mark_units(k, turn)) || (rc = scan_units(k, turn))) return rc;
    return scan_whole(k, turn);
}

/* A place a literal may start at only if it runs on into the next token
 * (word_places()). */
#define PLACE_CROSSES 0x8000u

/* The places in token t (an interned word, at place at of the turn)
 * where a regex literal may start, as offsets in the word after their
 * count: those whose trigram has its bit and where a literal filed
 * under it agrees with the word as far as the word goes (it may run on
 * past it).  The two last places are not among them: their trigram
 * reads past the word.  Worked out at a word's first token, from the
 * turn's lowered copy (a word's bytes lower the same everywhere). */
static int word_places(coder *k, const tok *t, size_t at, const uint16_t **places) {
    const word_index *ix = &k->cb->index;
    if (!k->nlit_places) { /* at 0, the places of a word with none: no count */
        if (grille_grow((void **)&k->lit_places, &k->caplit_places, 1, sizeof *k->lit_places)) return GRILLE_ENOMEM;
        k->lit_places[k->nlit_places++] = 0;
    }
    uint32_t *user = word_user(k, t);
    if (user[USER_PLACES] == WORD_LITS_UNKNOWN) {
        const char *w = k->lowered.data + at;
        size_t n = t->b1 - t->b0, start = k->nlit_places, count = 0;
        /* a count, then the places: at most n of them */
        if (grille_grow((void **)&k->lit_places, &k->caplit_places, k->nlit_places + n + 1, sizeof *k->lit_places))
            return GRILLE_ENOMEM;
        uint16_t *out = k->lit_places + start + 1;
        for (size_t o = 0; o < n; o++) {
            if (o + 3 > n) {
                /* the trigram runs past the word: a literal that starts
                 * here goes on with the byte after the word, which is no
                 * letter (a word ends before the next letter, or at its
                 * elided apostrophe, which no literal holds) */
                if (word_index_may_cross(ix, w + o, n - o)) out[count++] = (uint16_t)(o | PLACE_CROSSES);
                continue;
            }
            unsigned h = word_index_trigram_hash(w + o);
            if (!word_index_may_start_literal(ix, h)) continue;
            int e = word_index_literals_at(ix, h);
            for (; e >= 0; e = ix->literals[e].next) {
                const word_index_literal *wl = &ix->literals[e];
                if (memcmp(w + o, wl->text, wl->len < n - o ? wl->len : n - o) == 0) break;
            }
            if (e >= 0) out[count++] = (uint16_t)o;
        }
        if (count) {
            k->lit_places[start] = (uint16_t)count;
            k->nlit_places += count + 1;
        }
        user[USER_PLACES] = count ? (uint32_t)start : 0;
    }
    *places = k->lit_places + user[USER_PLACES];
    return GRILLE_OK;
}

/* The places of unit u (a sentence of the turn) where a literal may
 * start, from its tokens: a word's own (word_places()) and its two
 * last, the whole of a mark or of a word not interned. */
static int unit_literals(coder *k, const dspan *turn, size_t u) {
    const word_index *ix = &k->cb->index;
    const char *low = k->lowered.data;
    size_t len = turn->b1 - turn->b0;
    int rc;
    for (size_t j = 0; j < k->tl.n; j++) {
        const tok *t = &k->tl.v[j];
        size_t at = t->b0 - turn->b0, n = t->b1 - t->b0;
        if (t->word != TOK_NO_WORD) {
            const uint16_t *places;
            if (word_places(k, t, at, &places)) return GRILLE_ENOMEM;
            for (size_t x = 1; x <= places[0]; x++) {
                size_t i = at + (places[x] & ~PLACE_CROSSES);
                if ((places[x] & PLACE_CROSSES) && (at + n >= len || (low[at + n] != ' ' && low[at + n] != '-')))
                    continue;
                unsigned h = word_index_trigram_hash(low + i);
                if ((rc = visit_place(k, turn, i, word_index_literals_at(ix, h), u, 1))) return rc;
            }
            continue;
        }
        /* a mark, or a word too long to be interned: every place */
        for (size_t o = 0; o < n && at + o + 3 <= len; o++) {
            unsigned h = word_index_trigram_hash(low + at + o);
            if (word_index_may_start_literal(ix, h) &&
                (rc = visit_place(k, turn, at + o, word_index_literals_at(ix, h), u, 1)))
                return rc;
        }
    }
    return GRILLE_OK;
}

/* Where the literals are looked for in tokens (see above): the turn's
 * own hits, before its first unit is coded. */
static int regex_turn_begin(coder *k, size_t turn) {
    const dspan *span = &k->doc->turns[turn].span;
    k->rx.n = k->rx_next = 0;
    k->rx_to = &k->rx;
    k->rx_turn = turn;
    if (lower_turn(k, span)) return GRILLE_ENOMEM;
    int rc = mark_units(k, span);
    if (!rc) rc = scan_units(k, span);
    if (!rc) rc = scan_whole(k, span);
    if (rc) return rc;
    if (k->rx.n) qsort(k->rx.v, k->rx.n, sizeof *k->rx.v, cmp_rx);
    return GRILLE_OK;
}

/* ... and the hits of unit u's literals, once it is tokenized. */
static int regex_unit(coder *k, size_t u) {
    const dspan *span = &k->doc->turns[k->rx_turn].span;
    k->urx.n = 0;
    k->rx_to = &k->urx;
    int rc = unit_literals(k, span, u);
    if (!rc) rc = scan_units(k, span);
    k->rx_to = &k->rx;
    if (!rc && k->urx.n > 1) qsort(k->urx.v, k->urx.n, sizeof *k->urx.v, cmp_rx);
    return rc;
}


/* The regex hits that lie inside the unit, in the order of cmp_rx():
 * those of the document (or turn) list, which a cursor walks once as
 * units come in order, and the unit's own (regex_unit()). */
static int match_regexes(coder *k, const dspan *unit) {
    const rxlist *all = &k->rx, *own = &k->urx;
    while (k->rx_next < all->n && all->v[k->rx_next].b0 < unit->b0) k->rx_next++;
    size_t j = k->rx_next, x = 0;
    for (;;) {
        int in_all = j < all->n && all->v[j].b0 < unit->b1, in_own = x < own->n;
        if (!in_all && !in_own) break;
        const rxhit *h = in_all && (!in_own || cmp_rx(&all->v[j], &own->v[x]) <= 0) ? &all->v[j++] : &own->v[x++];
        if (h->b1 > unit->b1) continue;
        size_t t0, t1;
        tokens_of(k, h->b0, h->b1, &t0, &t1);
        if (add_hit(k, h->leaf, t0, t1, h->b0, h->b1)) return GRILLE_ENOMEM;
    }
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
    for (size_t x = 0; x < k->nhits; x++) {
        const uhit *h = &k->hits[x];
        if (!cb->rules[cb->leaves[h->leaf].rule].exclude) continue;
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
        if (cb->rules[cb->leaves[h->leaf].rule].exclude) continue;
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
    document_public_span(span, &s->span);
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
        document_public_span(&hs, &o->span);
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
    for (size_t t = 0; t < cb->nthemes; t++) {
        size_t best = SIZE_MAX;
        for (size_t i = k->passage_first; i < end; i++)
            if (src->segs[i].theme == t && (best == SIZE_MAX || src->segs[i].score > src->segs[best].score)) best = i;
        if (best != SIZE_MAX && emit_inherited(k, src, best, kind, index, turn, span)) return GRILLE_ENOMEM;
    }
    mark_primary(k->out, first);
    return GRILLE_OK;
}

/* Top-level rules by theme, then in codebook order. */
static int by_theme_then_rule(const void *a, const void *b, void *ctx) {
    const grille_codebook *cb = ctx;
    int x = *(const int *)a, y = *(const int *)b;
    if (cb->rules[x].theme != cb->rules[y].theme) return cb->rules[x].theme - cb->rules[y].theme;
    return x - y;
}

static int code_unit(coder *k, grille_unit_kind kind, size_t index, size_t turn, const dspan *span) {
    const grille_codebook *cb = k->cb;
    /* word ordinals, for near distances */
    if (grille_grow((void **)&k->word_of, &k->capword, k->tl.n + 1, sizeof *k->word_of)) return GRILLE_ENOMEM;
    uint32_t w = 0;
    for (size_t i = 0; i < k->tl.n; i++) {
        k->word_of[i] = w;
        if (is_matchable(&k->tl.v[i])) w++;
    }
    k->word_of[k->tl.n] = w;
    k->out->words += w;
    k->out->unit_words[k->out->units - 1] = w;
    k->nhits = 0;
    k->ntouched = 0;
    if (match_words(k)) return GRILLE_ENOMEM;
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
            k->tops[k->ntops++] = top;
        }
        if (k->ntops > 1 && grille_sort(k->tops, k->ntops, sizeof *k->tops, by_theme_then_rule, (void *)cb))
            return GRILLE_ENOMEM;
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
    k->nvwords = k->ncands = 0;
    k->nlit_places = 0;
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
        k->md = pcre2_match_data_create(1, NULL);
        k->unit_mctx = pcre2_match_context_copy(cb->mctx);
        k->rx_end = calloc(cb->index.nregexes + 1, sizeof *k->rx_end);
    }
    /* the word maps: by coder_begin(), at the first document */
    if (!k || !k->leaf_head || !k->rule_hit || !k->tops || !k->md || !k->unit_mctx || !k->rx_end) {
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
    free(k->hits);
    free(k->leaf_head);
    free(k->touched_leaves);
    free(k->support);
    free(k->tops);
    free(k->rule_hit);
    gbuf_free(&k->exact);
    pcre2_match_data_free(k->md);
    pcre2_match_context_free(k->unit_mctx);
    free(k->rx.v);
    free(k->urx.v);
    free(k->lit_places);
    free(k->rx_end);
    free(k->rx_units);
    strmap_free(&k->vocab);
    free(k->vwords);
    strmap_free(&k->lemma_cache);
    free(k->cands);
    gbuf_free(&k->lowered);
    free(c);
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
                rc = scan_regexes(k, &doc->turns[t].span);
        if (k->rx.n) qsort(k->rx.v, k->rx.n, sizeof *k->rx.v, cmp_rx);
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

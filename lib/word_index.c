/* word_index.c - building the index of the codebook's leaf rules that
 * the matcher probes for every token (see word_index.h). */
#include "codebook.h"
#include "utf8.h"

/* second: the leaf's second word when it is no glob (a phrase), else
 * NULL. */
static int add_posting(word_index *ix, strmap *m, const char *key, size_t len, int leaf_index, const wpat *second) {
    int *head = strmap_put(m, key, len, NULL);
    if (!head) return GRILLE_ENOMEM;
    if (GROW(ix->postings, ix->npostings, ix->cappostings)) return GRILLE_ENOMEM;
    ix->postings[ix->npostings].leaf = leaf_index;
    ix->postings[ix->npostings].second = second ? grille_hash(second->form, second->len) : 0;
    ix->postings[ix->npostings].has_second = second != NULL;
    ix->postings[ix->npostings].next = *head;
    *head = (int)ix->npostings++;
    return GRILLE_OK;
}

/* Files a glob part of n bytes (n < WORD_INDEX_MAX_PART) under its
 * first two bytes; a one-byte part goes under (byte, 0).  GRILLE_ELIMIT
 * when the table is full (one slot stays empty, so that a probe ends):
 * the caller then matches that glob the general way, slower but the
 * same. */
static int add_pair(word_index_pairs *t, unsigned *used, const unsigned char *key, size_t n) {
    unsigned pair = word_index_pair(key[0], n > 1 ? key[1] : 0);
    unsigned i = word_index_pair_slot(pair);
    for (unsigned probes = 0; probes < WORD_INDEX_PAIR_SLOTS; probes++) {
        if (t[i].pair == 0) {
            if (*used + 1 >= WORD_INDEX_PAIR_SLOTS) return GRILLE_ELIMIT;
            t[i].pair = pair + 1;
            (*used)++;
        }
        if (t[i].pair == pair + 1) {
            t[i].lengths |= 1ULL << n;
            return GRILLE_OK;
        }
        i = (i + 1) & (WORD_INDEX_PAIR_SLOTS - 1);
    }
    return GRILLE_ELIMIT;
}

/* "*xyz" -> "zyx", the key a suffix glob is filed under. */
static void reversed_suffix(const wpat *w, char rev[WORD_INDEX_MAX_PART]) {
    for (size_t k = 1; k < w->len; k++) rev[w->len - 1 - k] = w->form[k];
}

/* A token whose folded form is none of the forms of the rule's lemmas
 * is not looked up in the lexicon. */
static int add_lemma_forms(word_index *ix, const grille_codebook *cb, uint32_t lemma, gbuf *folded) {
    size_t nf;
    uint32_t *forms = lexicon_lemma_form_ids(cb->lexicon, lemma, &nf);
    if (!forms) return GRILLE_ENOMEM;
    for (size_t f = 0; f < nf; f++) {
        size_t len;
        const char *s = lexicon_form_string(cb->lexicon, forms[f], &len);
        folded->len = 0;
        if (fold_append(&cb->tc.fold, s, len, folded)) {
            free(forms);
            return GRILLE_ENOMEM;
        }
        word_index_bloom_add(ix->lemma_bloom, WORD_INDEX_WORD_BITS, grille_hash(folded->data, folded->len));
    }
    free(forms);
    return GRILLE_OK;
}

static int add_literal(word_index *ix, const char *text, size_t len, int kind) {
    unsigned h = word_index_trigram_hash(text);
    int32_t *head = &ix->trigram_heads[h >> 3];
    if (ix->nliterals >= INT32_MAX || GROW(ix->literals, ix->nliterals, ix->capliterals)) return GRILLE_ENOMEM;
    word_index_literal *l = &ix->literals[ix->nliterals];
    *l = (word_index_literal){text, (uint32_t)len, (uint32_t)(ix->nregexes - 1), kind, *head, 0, 0};
    unsigned char ones[8] = {0};
    size_t n = len < 8 ? len : 8;
    memset(ones, 0xFF, n);
    memcpy(&l->prefix, text, n); /* (the bytes past n stay zero) */
    memcpy(&l->prefix_mask, ones, 8);
    *head = (int32_t)ix->nliterals++;
    ix->trigram_bits[h >> 6] |= 1ULL << (h & 63);
    unsigned char c = (unsigned char)text[0], d = (unsigned char)text[1];
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || utf8_latin_pair(c, d))) ix->literals_in_tokens = 0;
    /* (literals hold letters, spaces and hyphens, 3 bytes or more) */
    if (d == ' ' || d == '-') ix->cross1[c >> 6] |= 1ULL << (c & 63);
    if (len > 2 && (text[2] == ' ' || text[2] == '-')) {
        unsigned pair = (unsigned)c << 8 | d;
        ix->cross2[pair >> 6] |= 1ULL << (pair & 63);
    }
    return GRILLE_OK;
}

static int add_regex(word_index *ix, const rleaf *lf, int i) {
    if (GROW(ix->regexes, ix->nregexes, ix->capregexes)) return GRILLE_ENOMEM;
    ix->regexes[ix->nregexes++] = i;
    if (lf->word_confined) ix->nconfined++;
    if (lf->need_byte) {
        if (GROW(ix->byte_gated, ix->nbyte_gated, ix->capbyte_gated)) return GRILLE_ENOMEM;
        ix->byte_gated[ix->nbyte_gated++] = (int)ix->nregexes - 1;
    } else if (!lf->lit_len && !lf->need_len && !lf->nalts && !lf->nneeds) {
        if (GROW(ix->ungated, ix->nungated, ix->capungated)) return GRILLE_ENOMEM;
        ix->ungated[ix->nungated++] = (int)ix->nregexes - 1;
    }
    if (lf->lit_len) return add_literal(ix, lf->lit, lf->lit_len, WORD_INDEX_LIT_START);
    if (lf->need_len) return add_literal(ix, lf->need, lf->need_len, WORD_INDEX_LIT_NEEDED);
    const char *a = lf->alts;
    for (size_t k = 0; k < lf->nalts; k++) {
        size_t n = strlen(a);
        if (add_literal(ix, a, n, WORD_INDEX_LIT_START)) return GRILLE_ENOMEM;
        a += n + 1;
    }
    a = lf->needs;
    for (size_t k = 0; k < lf->nneeds; k++) {
        size_t n = strlen(a);
        if (add_literal(ix, a, n, WORD_INDEX_LIT_NEEDED)) return GRILLE_ENOMEM;
        a += n + 1;
    }
    return GRILLE_OK;
}

static int add_lemma_leaf(word_index *ix, const grille_codebook *cb, const rleaf *lf, int i) {
    gbuf folded = {0};
    int rc = GRILLE_OK;
    for (size_t k = 0; k < lf->nlemmas && !rc; k++) {
        rc = add_posting(ix, &ix->lemma_postings, (const char *)&lf->lemmas[k], sizeof lf->lemmas[k], i, NULL);
        if (!rc) rc = add_lemma_forms(ix, cb, lf->lemmas[k], &folded);
    }
    gbuf_free(&folded);
    return rc;
}

/* Files a word leaf under its first word: exact, prefix glob, suffix
 * glob, or in the list of the other globs. */
static int add_word_leaf(word_index *ix, const rleaf *lf, int i) {
    const wpat *w = &lf->words[0];
    const wpat *second = lf->nwords >= 2 && !lf->words[1].glob ? &lf->words[1] : NULL;
    const char *star = memchr(w->form, '*', w->len);
    size_t nstars = 0;
    for (size_t k = 0; k < w->len; k++) nstars += w->form[k] == '*';
    size_t part = w->len - 1; /* a one-star glob's fixed part */
    int indexable = nstars == 1 && part > 0 && part < WORD_INDEX_MAX_PART;
    if (!star) {
        word_index_bloom_add(ix->exact_bloom, WORD_INDEX_WORD_BITS, grille_hash(w->form, w->len));
        return add_posting(ix, &ix->exact, w->form, w->len, i, second);
    }
    if (indexable && star == w->form + part &&
        add_pair(ix->prefix_pairs, &ix->nprefix_pairs, (const unsigned char *)w->form, part) == GRILLE_OK) {
        ix->prefix_lengths |= 1ULL << part;
        return add_posting(ix, &ix->prefixes, w->form, part, i, second);
    }
    if (indexable && star == w->form) {
        char rev[WORD_INDEX_MAX_PART];
        reversed_suffix(w, rev);
        if (add_pair(ix->suffix_pairs, &ix->nsuffix_pairs, (const unsigned char *)rev, part) == GRILLE_OK) {
            ix->suffix_lengths |= 1ULL << part;
            return add_posting(ix, &ix->suffixes, rev, part, i, second);
        }
    }
    /* any other glob, and those the pair tables have no room for */
    if (GROW(ix->globs, ix->nglobs, ix->capglobs)) return GRILLE_ENOMEM;
    ix->globs[ix->nglobs++] = i;
    return GRILLE_OK;
}

int word_index_build(word_index *ix, const grille_codebook *cb) {
    for (size_t i = 0; i < WORD_INDEX_TRIGRAM_HEADS; i++) ix->trigram_heads[i] = -1;
    ix->literals_in_tokens = 1; /* until a literal opens otherwise */
    if (strmap_init(&ix->exact) || strmap_init(&ix->prefixes) || strmap_init(&ix->suffixes) ||
        strmap_init(&ix->lemma_postings))
        return GRILLE_ENOMEM;
    for (size_t i = 0; i < cb->nleaves; i++) {
        const rleaf *lf = &cb->leaves[i];
        int rc = GRILLE_OK;
        if (lf->kind == GRILLE_RULE_REGEX) rc = add_regex(ix, lf, (int)i);
        else if (lf->nwords == 0) continue;
        else if (lf->nlemmas) rc = add_lemma_leaf(ix, cb, lf, (int)i);
        else rc = add_word_leaf(ix, lf, (int)i);
        if (rc) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

void word_index_free(word_index *ix) {
    strmap_free(&ix->exact);
    strmap_free(&ix->prefixes);
    strmap_free(&ix->suffixes);
    strmap_free(&ix->lemma_postings);
    free(ix->literals);
    free(ix->globs);
    free(ix->regexes);
    free(ix->ungated);
    free(ix->byte_gated);
    free(ix->postings);
}

int word_index_glob_match(const char *pat, size_t plen, const char *s, size_t slen) {
    /* iterative glob with one backtrack point: linear enough for words */
    size_t p = 0, i = 0, star_p = (size_t)-1, star_i = 0;
    while (i < slen) {
        if (p < plen && pat[p] == '*') {
            star_p = p++;
            star_i = i;
            continue;
        }
        if (p < plen && pat[p] == s[i]) {
            p++;
            i++;
            continue;
        }
        if (star_p != (size_t)-1) {
            p = star_p + 1;
            i = ++star_i;
            continue;
        }
        return 0;
    }
    while (p < plen && pat[p] == '*') p++;
    return p == plen;
}

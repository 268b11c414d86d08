/* word_index.h - the index from a token to the leaf rules it may start:
 * exact first words, prefix globs ("abc*"), suffix globs ("*tion"),
 * other globs, lemma rules, and the regexes with the literals that
 * gate them.  Built once by the codebook loader (word_index.c), probed
 * for every token by the matcher (match_words.c, match_regex.c).  Every
 * hash, bloom bit and table slot formula lives here, so that the two
 * sides cannot drift.
 *
 * The probes are static inline: they run for each word of a corpus.
 * Not installed. */
#ifndef GRILLE_WORD_INDEX_H
#define GRILLE_WORD_INDEX_H
#include "strmap.h"

/* The lengths (bit n: n bytes) of the globs whose prefix (or reversed
 * suffix) starts with a pair of bytes: a token probes only those. */
typedef struct word_index_pairs {
    uint32_t pair; /* (b0 << 8 | b1) + 1; 0: empty slot */
    uint64_t lengths;
} word_index_pairs;
#define WORD_INDEX_PAIR_SLOTS 2048

/* A glob's fixed part is indexed when shorter than this many bytes
 * (the pair tables keep lengths as bits of a uint64_t). */
#define WORD_INDEX_MAX_PART 64

/* Postings: which leaves a key starts, as singly linked lists. */
typedef struct word_index_posting {
    int leaf;
    int next;        /* next posting for the same key, or -1 */
    uint32_t second; /* a phrase's second word (its grille_hash), */
    int has_second;  /* when that word is no glob: a token whose next
                      * word hashes otherwise does not start the phrase */
} word_index_posting;

/* A regex literal, filed under the hash of its first 3 bytes: where the
 * turn holds it, the regex is tried (a match starts there: LIT_START),
 * or the unit around it is scanned (a match holds it somewhere:
 * LIT_NEEDED). */
enum { WORD_INDEX_LIT_START, WORD_INDEX_LIT_NEEDED };
typedef struct word_index_literal {
    const char *text; /* lowered (the leaf's lit, need or one of its alts) */
    uint32_t len;
    uint32_t regex; /* index in word_index.regexes */
    int kind;
    int next; /* the next one under the same head (trigram_heads), or -1 */
    /* its first 8 bytes (fewer: zeros) and a mask of them, to turn a
     * candidate down with one load and compare instead of a call to
     * memcmp (a common trigram, "con", is the start of a few literals
     * and of many words) */
    uint64_t prefix, prefix_mask;
} word_index_literal;

/* Whether p (8 bytes readable) may start literal l. */
static inline int word_index_literal_prefix(const word_index_literal *l, const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return (v & l->prefix_mask) == l->prefix;
}

#define WORD_INDEX_TRIGRAM_SHIFT 17                                     /* 32 - 15 */
#define WORD_INDEX_TRIGRAM_BITS (1u << (32 - WORD_INDEX_TRIGRAM_SHIFT)) /* trigram_bits */
#define WORD_INDEX_TRIGRAM_HEADS (WORD_INDEX_TRIGRAM_BITS >> 3)         /* trigram_heads */

typedef struct word_index {
    strmap exact;               /* form -> first posting */
    uint64_t exact_bloom[1024]; /* a form's hash bit: it may be in exact */
    strmap prefixes;            /* "abc" of "abc*" -> first posting */
    strmap suffixes;            /* "noit" of "*tion", reversed -> first posting */
    uint64_t prefix_lengths;    /* bit n: a prefix of n bytes exists */
    uint64_t suffix_lengths;
    word_index_pairs prefix_pairs[WORD_INDEX_PAIR_SLOTS]; /* first 2 bytes -> prefix lengths */
    word_index_pairs suffix_pairs[WORD_INDEX_PAIR_SLOTS]; /* last 2 bytes -> suffix lengths */
    unsigned nprefix_pairs, nsuffix_pairs;                /* slots used in each */
    int *globs;                                           /* leaves whose first word is another glob */
    size_t nglobs, capglobs;
    int *regexes; /* regex leaves */
    size_t nregexes, capregexes;
    int *ungated; /* those with no literal to gate them (indices in regexes) */
    size_t nungated, capungated;
    int *byte_gated; /* those gated by a rare mark (rleaf.need_byte) */
    size_t nbyte_gated, capbyte_gated;
    size_t nconfined; /* those whose matches lie inside a word (rleaf.word_confined) */
    /* a bit per hash of a regex literal's first 3 bytes, tested at every
     * byte of a turn (4 KiB); at a byte whose bit is set, the list of
     * the literals filed under that hash and 7 others (hash >> 3), or -1
     * (a bloom filter, then a table keyed by the 3 bytes, were two
     * lookups at each stop; the heads alone, 4,096 of them, stopped at
     * a third more bytes) */
    uint64_t trigram_bits[WORD_INDEX_TRIGRAM_BITS / 64];
    int32_t trigram_heads[WORD_INDEX_TRIGRAM_HEADS];
    struct word_index_literal *literals;
    size_t nliterals, capliterals;
    /* every literal opens on a Latin letter, which the tokenizer puts in
     * a word or a mark: a literal then occurs only inside a token, and
     * the matcher looks for it there (match_regex.c's unit_literals()) */
    int literals_in_tokens;
    /* the first byte (cross1), or two (cross2), of the literals whose
     * next byte is a space or a hyphen: where a word may end inside one */
    uint64_t cross1[256 / 64];
    uint64_t cross2[65536 / 64];
    strmap lemma_postings;      /* lemma id (4 bytes) -> first posting of lemma leaves */
    uint64_t lemma_bloom[1024]; /* folded forms of the rule lemmas (hash bit) */
    word_index_posting *postings;
    size_t npostings, cappostings;
} word_index;

/* Builds the index of cb's leaves (cb->leaves, its lexicon and folding
 * settings) into ix, which must be zeroed.  Returns GRILLE_OK or
 * GRILLE_ENOMEM; ix is freed with word_index_free() either way. */
int word_index_build(word_index *ix, const grille_codebook *cb);
void word_index_free(word_index *ix);

/* Whether a folded word matches a pattern word ('*': any run). */
int word_index_glob_match(const char *pat, size_t plen, const char *s, size_t slen);

/* ---- the formulas shared by the builder and the probes ---------- */

/* A bloom filter of nbits (a power of two, a multiple of 64) bits. */
static inline void word_index_bloom_add(uint64_t *bits, uint32_t nbits, uint32_t h) {
    h &= nbits - 1;
    bits[h >> 6] |= 1ULL << (h & 63);
}
static inline int word_index_bloom_has(const uint64_t *bits, uint32_t nbits, uint32_t h) {
    h &= nbits - 1;
    return bits[h >> 6] >> (h & 63) & 1;
}
#define WORD_INDEX_WORD_BITS 65536u /* exact_bloom, lemma_bloom */

/* The hash of p's first 3 bytes; 4 must be readable.  It runs at every
 * byte of every turn a regex is gated in: one load and a multiplication
 * (three loads and two multiplications were a tenth of coding). */
static inline unsigned word_index_trigram_hash(const char *p) {
    uint32_t w;
    memcpy(&w, p, 4);
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    w >>= 8;
#else
    w &= 0xFFFFFFu;
#endif
    return (w * 2654435761u) >> WORD_INDEX_TRIGRAM_SHIFT;
}

/* The pair of a glob part's first two bytes; a one-byte part has
 * (byte, 0). */
static inline unsigned word_index_pair(unsigned char a, unsigned char b) { return (unsigned)a << 8 | b; }

/* Where a pair's probe starts in a pair table. */
static inline unsigned word_index_pair_slot(unsigned pair) {
    return (pair * 2654435761u >> 21) & (WORD_INDEX_PAIR_SLOTS - 1);
}

static inline uint64_t word_index_pair_lengths(const word_index_pairs *t, unsigned pair) {
    unsigned i = word_index_pair_slot(pair);
    /* the table always keeps an empty slot; the bound is for safety */
    for (unsigned probes = 0; probes < WORD_INDEX_PAIR_SLOTS; probes++) {
        if (t[i].pair == pair + 1) return t[i].lengths;
        if (t[i].pair == 0) return 0;
        i = (i + 1) & (WORD_INDEX_PAIR_SLOTS - 1);
    }
    return 0;
}

/* ---- probes ------------------------------------------------------ */

/* Walking a posting list: for (p = head; p >= 0; p = word_index_next(ix, p)). */
static inline int word_index_leaf(const word_index *ix, int p) { return ix->postings[p].leaf; }
static inline int word_index_next(const word_index *ix, int p) { return ix->postings[p].next; }
/* The postings of the leaves whose first word is form (folded; hash is
 * its grille_hash), or -1.  Most words are in no rule: a bloom bit says
 * so before the map is probed. */
static inline int word_index_exact(const word_index *ix, const char *form, size_t len, uint32_t hash) {
    if (!word_index_bloom_has(ix->exact_bloom, WORD_INDEX_WORD_BITS, hash)) return -1;
    return strmap_get_hashed(&ix->exact, form, len, hash);
}

/* Whether a folded word (its grille_hash) may be a form of a rule's lemma. */
static inline int word_index_may_be_lemma_form(const word_index *ix, uint32_t hash) {
    return word_index_bloom_has(ix->lemma_bloom, WORD_INDEX_WORD_BITS, hash);
}

/* The postings of the lemma rules of lexicon lemma id, or -1. */
static inline int word_index_lemma(const word_index *ix, uint32_t lemma) {
    return strmap_get(&ix->lemma_postings, (const char *)&lemma, sizeof lemma);
}

/* For h, the word_index_trigram_hash() of a turn's bytes: whether a
 * regex literal may start there, and the first of the literals filed
 * under it (still to be compared with the bytes), or -1. */
static inline int word_index_may_start_literal(const word_index *ix, unsigned h) {
    return ix->trigram_bits[h >> 6] >> (h & 63) & 1;
}
static inline int word_index_literals_at(const word_index *ix, unsigned h) { return ix->trigram_heads[h >> 3]; }

/* Whether a literal may start with the last m bytes of a word at w (m
 * is 1 or 2) and go on past it: only with a space or a hyphen there, as
 * no letter follows a word. */
static inline int word_index_may_cross(const word_index *ix, const char *w, size_t m) {
    unsigned a = (unsigned char)w[0];
    if (m == 1) return ix->cross1[a >> 6] >> (a & 63) & 1;
    unsigned pair = a << 8 | (unsigned char)w[1];
    return ix->cross2[pair >> 6] >> (pair & 63) & 1;
}

/* Fills heads with the postings of the prefix globs that form (folded,
 * len > 0) starts with, shortest first; returns how many.  The hash
 * of each prefix comes from the previous one (grille_hash_step); only the lengths filed under the word's first two
 * bytes (or a one-byte glob under its first) are probed. */
static inline size_t word_index_prefixes(const word_index *ix, const char *form, size_t len,
                                         int heads[WORD_INDEX_MAX_PART]) {
    if (!ix->prefix_lengths) return 0;
    const unsigned char *f = (const unsigned char *)form;
    uint64_t lens = word_index_pair_lengths(ix->prefix_pairs, word_index_pair(f[0], 0)) & 2;
    if (len >= 2) lens |= word_index_pair_lengths(ix->prefix_pairs, word_index_pair(f[0], f[1]));
    size_t nheads = 0;
    uint32_t h = GRILLE_HASH_SEED;
    for (size_t n = 1; lens && n <= len && n < WORD_INDEX_MAX_PART; n++) {
        h = grille_hash_step(h, f[n - 1]);
        if (!(lens >> n & 1)) continue;
        lens &= ~(1ULL << n);
        int head = strmap_get_hashed(&ix->prefixes, form, n, h);
        if (head >= 0) heads[nheads++] = head;
    }
    return nheads;
}

/* The same for the suffix globs that form ends with; they are filed
 * reversed, so that a word's suffixes hash incrementally from its last
 * byte. */
static inline size_t word_index_suffixes(const word_index *ix, const char *form, size_t len,
                                         int heads[WORD_INDEX_MAX_PART]) {
    if (!ix->suffix_lengths) return 0;
    const unsigned char *f = (const unsigned char *)form;
    uint64_t lens = word_index_pair_lengths(ix->suffix_pairs, word_index_pair(f[len - 1], 0)) & 2;
    if (len >= 2) lens |= word_index_pair_lengths(ix->suffix_pairs, word_index_pair(f[len - 1], f[len - 2]));
    size_t nheads = 0;
    char rev[WORD_INDEX_MAX_PART];
    uint32_t h = GRILLE_HASH_SEED;
    for (size_t n = 1; lens && n <= len && n < WORD_INDEX_MAX_PART; n++) {
        rev[n - 1] = form[len - n];
        h = grille_hash_step(h, (unsigned char)rev[n - 1]);
        if (!(lens >> n & 1)) continue;
        lens &= ~(1ULL << n);
        int head = strmap_get_hashed(&ix->suffixes, rev, n, h);
        if (head >= 0) heads[nheads++] = head;
    }
    return nheads;
}

#endif

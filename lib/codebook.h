/* codebook.h - the compiled codebook, shared by the loader and matcher. */
#ifndef GRILLE_CODEBOOK_H
#define GRILLE_CODEBOOK_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "tokenize.h"
#include "lexicon.h"

/* One word of a word/phrase/lemma rule, folded; glob when it has '*'. */
typedef struct wpat {
    char *form;
    size_t len;
    int glob;
    char *exact;         /* unfolded form, for case="exact" */
} wpat;

/* A leaf rule: what the matcher looks for in tokens or text. */
typedef struct leaf {
    grille_rule_kind kind;   /* WORD, PHRASE, LEMMA or REGEX */
    int case_exact;
    wpat *words;
    size_t nwords;
    pcre2_code *re;
    uint32_t *lemmas;        /* lemma rule: the lexicon's lemma ids it matches */
    size_t nlemmas;
    unsigned pos_mask;       /* lemma rule: parts of speech allowed (bit per LEX_*), 0: all */
    char **except;           /* lemma rule: folded forms it does not match */
    size_t nexcept;
    char lit[16];            /* a literal every match contains, lowered */
    size_t lit_len;          /* 0: none known, the regex always runs */
    char need[16];           /* a literal somewhere in every match, lowered */
    char need_cased[16];     /* the same as written, for a case-sensitive regex */
    int need_exact;          /* compare need_cased with the text itself: a
                              * case-exact "ETP" is not in "setpgid" */
    size_t need_len;         /* 0: none; else a turn without it is skipped */
    int rule;                /* its node in codebook.rules */
} rleaf;

/* A node of a theme's rule tree. */
typedef struct rnode {
    grille_rule_kind kind;
    char *id;
    char *text;              /* pattern text of a leaf, as written */
    int leaf;                /* for leaf kinds, index into leaves */
    int *children;
    size_t nchildren;
    unsigned distance;
    int ordered;
    int theme;
    int parent;              /* enclosing rule, -1 at top */
    int exclude;             /* part of an <exclude> */
    double weight;           /* what each match adds to its theme's score */
    unsigned line;
} rnode;

typedef struct theme {
    char *id, *path, *label, *description, *color;
    int parent, depth;
    unsigned min_hits;
    double min_score;        /* used when has_min_score */
    int has_min_score;
    int *rules;              /* top-level rule nodes */
    size_t nrules;
    int *excludes;           /* leaf rule nodes of its <exclude>s */
    size_t nexcludes;
    unsigned line;
} ctheme;

/* The lengths (bit n: n bytes) of the globs whose prefix (or reversed
 * suffix) starts with a pair of bytes: a token probes only those. */
typedef struct pairmask {
    uint32_t pair;           /* (b0 << 8 | b1) + 1; 0: empty slot */
    uint64_t lengths;
} pairmask;
#define PAIR_SLOTS 2048

static inline uint64_t pair_lengths(const pairmask *t, unsigned pair) {
    unsigned i = (pair * 2654435761u >> 21) & (PAIR_SLOTS - 1);
    /* the table always keeps an empty slot; the bound is for safety */
    for (unsigned probes = 0; probes < PAIR_SLOTS; probes++) {
        if (t[i].pair == pair + 1) return t[i].lengths;
        if (t[i].pair == 0) return 0;
        i = (i + 1) & (PAIR_SLOTS - 1);
    }
    return 0;
}

/* Postings: which leaves a word form starts. */
typedef struct posting {
    int leaf;
    int next;                /* next posting for the same key, or -1 */
} posting;

struct grille_codebook {
    char *name, *id, *title, *version;
    grille_unit_kind unit;
    grille_speakers speakers;
    int case_fold, accent_fold;
    unsigned min_hits;
    double min_score;        /* used when has_min_score */
    int has_min_score;
    char *hesitations;
    ctheme *themes;
    size_t nthemes, capthemes;
    rnode *rules;
    size_t nrules, caprules;
    rleaf *leaves;
    size_t nleaves, capleaves;
    tok_config tc;
    /* index of the first word of word/phrase/lemma leaves */
    strmap exact;            /* form -> first posting */
    uint64_t exact_bloom[1024]; /* bit (hash & 0xFFFF): a form may be in exact */
    strmap prefixes;         /* "abc" of "abc*" -> first posting */
    strmap suffixes;         /* "tion" of "*tion" -> first posting */
    uint64_t prefix_lengths; /* bit n: a prefix of n bytes exists (n < 64) */
    uint64_t suffix_lengths;
    int *globs;              /* leaves whose first word is another glob */
    size_t nglobs, capglobs;
    int *regexes;            /* regex leaves */
    uint64_t trigram_bloom[64]; /* first 3 bytes of the regex literals */
    pairmask prefix_pairs[PAIR_SLOTS]; /* first 2 bytes -> prefix lengths */
    pairmask suffix_pairs[PAIR_SLOTS]; /* last 2 bytes -> suffix lengths */
    unsigned nprefix_pairs, nsuffix_pairs; /* slots used in each */
    size_t nregexes, capregexes;
    posting *postings;
    size_t npostings, cappostings;
    int *leaf_themes;        /* leaf -> theme */
    pcre2_match_context *mctx;
    strmap rule_ids;         /* rule id -> index */
    const grille_lexicon *lexicon;
    grille_lexicon *owned_lexicon; /* the lexicon with the codebook's supplement */
    strmap lemma_postings;   /* lemma id (4 bytes) -> first posting of lemma leaves */
    int has_lemma_rules;
    uint64_t lemma_bloom[1024]; /* folded forms of the rule lemmas (hash bit) */
};

/* Lowers ASCII and Latin-1 capitals (É -> é), Œ and Ÿ of s[0..n) into
 * out, byte for byte: same length, so it can be searched in place of s.
 * Returns 1 when s holds a letter of another script, whose case PCRE2
 * folds but this does not: the caller must not rely on the copy then. */
int lower_latin(const char *s, size_t n, char *out);

static inline unsigned pair_index(unsigned char a, unsigned char b) {
    return (unsigned)a << 8 | b;
}

static inline unsigned trigram_hash(const char *p) {
    return ((unsigned char)p[0] * 31u * 31u + (unsigned char)p[1] * 31u + (unsigned char)p[2]) & 4095u;
}

/* Whether theme t has sub-themes: themes are stored in codebook order,
 * depth first, so a theme's first sub-theme comes right after it. */
static inline int codebook_has_children(const grille_codebook *cb, size_t t) {
    return t + 1 < cb->nthemes && cb->themes[t + 1].parent == (int)t;
}

/* Gives every rule without an id one derived from its theme, kind and
 * text (rule_ids.c). */
int codebook_derive_rule_ids(grille_codebook *cb);
/* Appends what rule r matches, as written: "word projet*",
 * "near 5(word comité, word pilotage)". */
int codebook_describe_rule(const grille_codebook *cb, int r, gbuf *out);

/* Whether a folded word matches a pattern word ('*': any run). */
int glob_match(const char *pat, size_t plen, const char *s, size_t slen);

#endif

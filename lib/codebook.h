/* codebook.h - the compiled codebook: its layout, known to the loader
 * (codebook*.c, rule_ids.c), the word index and the matcher.  The
 * modules that only report on a coding include codebook_view.h. */
#ifndef GRILLE_CODEBOOK_H
#define GRILLE_CODEBOOK_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "tokenize.h"
#include "lexicon.h"
#include "word_index.h"
#include "codebook_view.h"

/* One word of a word/phrase/lemma rule, folded; glob when it has '*'. */
typedef struct wpat {
    char *form;
    size_t len;
    int glob;
    char *exact; /* unfolded form, for case="exact" */
} wpat;

/* A leaf rule: what the matcher looks for in tokens or text. */
typedef struct rleaf {
    grille_rule_kind kind; /* WORD, PHRASE, LEMMA or REGEX */
    int case_exact;
    wpat *words;
    size_t nwords;
    pcre2_code *re;
    pcre2_code *anchored; /* the same, anchored, for the tries at a literal
                           * (lit or alts); NULL: anchor at match time */
    uint32_t *lemmas;     /* lemma rule: the lexicon's lemma ids it matches */
    size_t nlemmas;
    unsigned pos_mask; /* lemma rule: parts of speech allowed (bit per LEX_*), 0: all */
    char **except;     /* lemma rule: folded forms it does not match */
    size_t nexcept;
    char lit[16];        /* a literal every match contains, lowered */
    size_t lit_len;      /* 0: none known, the regex always runs */
    char need[16];       /* a literal somewhere in every match, lowered */
    char need_cased[16]; /* the same as written, for a case-sensitive regex */
    int need_exact;      /* compare need_cased with the text itself: a
                          * case-exact "ETP" is not in "setpgid" */
    size_t need_len;     /* 0: none; else a turn without it is skipped */
    char *alts;          /* a pattern opening on alternatives: the literal
                          * each starts with, lowered, NUL after each */
    size_t nalts;        /* 0: none */
    char *needs;         /* else, a group of alternatives every match
                          * holds one of: their literals, lowered, NUL
                          * after each; a unit without any is skipped */
    size_t nneeds;       /* 0: none */
    char need_byte;      /* none of the above: a rare ASCII mark every
                          * match holds ('+' of "n\s?\+\s?1"), or 0 */
    size_t need_within;  /* with need, needs or need_byte: the most bytes
                          * a match can hold before it (a unit is then
                          * scanned from there before its first one),
                          * SIZE_MAX when the pattern does not bound them */
    int word_confined;   /* gated by literals, and every match lies inside
                          * one word (regex_confined.c): looked for once
                          * per word (match_regex.c) */
    unsigned folds;      /* UTF8_FOLDS_* of the letters of its literals: a
                          * turn holding one of their other cases (ſ, K)
                          * is scanned whole for it */
    int rule;            /* its node in codebook.rules */
} rleaf;

/* A node of a theme's rule tree. */
typedef struct rnode {
    grille_rule_kind kind;
    char *id;
    char *text; /* pattern text of a leaf, as written */
    int leaf;   /* for leaf kinds, index into leaves */
    int *children;
    size_t nchildren;
    unsigned distance;
    int ordered;
    int theme;
    int parent;    /* enclosing rule, -1 at top */
    int exclude;   /* part of an <exclude> */
    double weight; /* what each match adds to its theme's score */
    unsigned line;
} rnode;

typedef struct ctheme {
    char *id, *path, *label, *description, *color;
    int parent, depth;
    unsigned min_hits;
    double min_score; /* used when has_min_score */
    int has_min_score;
    int *rules; /* top-level rule nodes */
    size_t nrules;
    int *excludes; /* leaf rule nodes of its <exclude>s */
    size_t nexcludes;
    unsigned line;
} ctheme;

struct grille_codebook {
    char *name, *id, *title, *version;
    grille_unit_kind unit;
    grille_speakers speakers;
    int case_fold, accent_fold;
    unsigned min_hits;
    double min_score; /* used when has_min_score */
    int has_min_score;
    unsigned short_answers; /* a unit of at most this many words and no
                             * theme takes the themes of the passage it
                             * answers; 0: off */
    char *hesitations;
    ctheme *themes;
    size_t nthemes, capthemes;
    rnode *rules;
    size_t nrules, caprules;
    rleaf *leaves;
    size_t nleaves, capleaves;
    tok_config tc;
    word_index index; /* which leaves each token may start (word_index.h) */
    int *leaf_themes; /* leaf -> theme */
    /* leaf -> whether its rule is an exclude (a byte each: read for every
     * hit, where the leaf and rule records missed the cache) */
    unsigned char *leaf_excludes;
    int has_excludes; /* any leaf's */
    int *leaf_tops;   /* leaf -> the top-level rule node holding it */
    /* the rules in the order a unit's themes are scored: by theme, then
     * as written (rule_rank: rule -> place; ranked_rules: place -> rule) */
    int *rule_rank, *ranked_rules;
    pcre2_match_context *mctx;
    strmap rule_ids; /* rule id -> index */
    const grille_lexicon *lexicon;
    grille_lexicon *owned_lexicon; /* the lexicon with the codebook's supplement */
    int has_lemma_rules;
};

/* Sets lf's lit (a literal every match of regex pat starts with, at a
 * fixed place) or, without one, its need (a literal every match holds),
 * both lowered (regex_literal.c). */
int regex_find_literals(rleaf *lf, const char *pat);

/* Whether every match of pat lies inside one word, and is found with the
 * word alone as subject, wherever no letter, digit, '-' or '_' is next to
 * the word (regex_confined.c). */
int regex_word_confined(const char *pat);

/* Gives every rule without an id one derived from its theme, kind and
 * text (rule_ids.c). */
int codebook_derive_rule_ids(grille_codebook *cb);

#endif

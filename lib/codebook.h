/* codebook.h - the compiled codebook, shared by the loader and matcher. */
#ifndef GRILLE_CODEBOOK_H
#define GRILLE_CODEBOOK_H
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include "tokenize.h"
#include "lexicon.h"
#include "word_index.h"

/* One word of a word/phrase/lemma rule, folded; glob when it has '*'. */
typedef struct wpat {
    char *form;
    size_t len;
    int glob;
    char *exact;         /* unfolded form, for case="exact" */
} wpat;

/* A leaf rule: what the matcher looks for in tokens or text. */
typedef struct rleaf {
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

typedef struct ctheme {
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
    word_index index;        /* which leaves each token may start (word_index.h) */
    int *leaf_themes;        /* leaf -> theme */
    pcre2_match_context *mctx;
    strmap rule_ids;         /* rule id -> index */
    const grille_lexicon *lexicon;
    grille_lexicon *owned_lexicon; /* the lexicon with the codebook's supplement */
    int has_lemma_rules;
};

/* Lowers ASCII and Latin-1 capitals (É -> é), Œ and Ÿ of s[0..n) into
 * out, byte for byte: same length, so it can be searched in place of s.
 * Returns 1 when s holds a letter of another script, whose case PCRE2
 * folds but this does not: the caller must not rely on the copy then. */
int lower_latin(const char *s, size_t n, char *out);

/* Sets lf's lit (a literal every match of regex pat starts with, at a
 * fixed place) or, without one, its need (a literal every match holds),
 * both lowered (regex_literal.c). */
void regex_find_literals(rleaf *lf, const char *pat);

/* Internal accessors.  The modules that report on a coding (matrix,
 * notes, concordance, evaluation, statistics, exports) read the
 * codebook through these rather than its arrays, so that only the
 * loader, the index and the matcher know how it is laid out.  No checks:
 * t and r are valid indexes (a theme's parent is -1 at the top). */
static inline const char *codebook_name(const grille_codebook *cb) { return cb->name; }
static inline size_t codebook_theme_count(const grille_codebook *cb) { return cb->nthemes; }
static inline const char *codebook_theme_id(const grille_codebook *cb, size_t t) { return cb->themes[t].id; }
static inline const char *codebook_theme_label(const grille_codebook *cb, size_t t) { return cb->themes[t].label; }
static inline int codebook_theme_parent(const grille_codebook *cb, size_t t) { return cb->themes[t].parent; }
static inline int codebook_theme_depth(const grille_codebook *cb, size_t t) { return cb->themes[t].depth; }
static inline const char *codebook_theme_color(const grille_codebook *cb, size_t t) { return cb->themes[t].color; }
/* How the codebook's settings cut and fold text into tokens. */
static inline const tok_config *codebook_tok_config(const grille_codebook *cb) { return &cb->tc; }
static inline size_t codebook_rule_count(const grille_codebook *cb) { return cb->nrules; }
static inline const char *codebook_rule_id(const grille_codebook *cb, size_t r) { return cb->rules[r].id; }
static inline grille_rule_kind codebook_rule_kind(const grille_codebook *cb, size_t r) { return cb->rules[r].kind; }
static inline int codebook_rule_theme(const grille_codebook *cb, size_t r) { return cb->rules[r].theme; }
static inline int codebook_rule_parent(const grille_codebook *cb, size_t r) { return cb->rules[r].parent; }
static inline int codebook_rule_exclude(const grille_codebook *cb, size_t r) { return cb->rules[r].exclude; }
static inline double codebook_rule_weight(const grille_codebook *cb, size_t r) { return cb->rules[r].weight; }
static inline unsigned codebook_rule_line(const grille_codebook *cb, size_t r) { return cb->rules[r].line; }
/* The rules a near/all/any rule r combines (*n of them; none for a leaf). */
static inline const int *codebook_rule_children(const grille_codebook *cb, size_t r, size_t *n) {
    *n = cb->rules[r].nchildren;
    return cb->rules[r].children;
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

#endif

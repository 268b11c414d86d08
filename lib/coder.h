/* coder.h - what the matcher holds while it codes a document, shared by
 * match.c (units, rule trees, segments, the coder itself),
 * match_words.c (word, phrase and lemma rules) and match_regex.c (regex
 * rules).  Not installed. */
#ifndef GRILLE_CODER_H
#define GRILLE_CODER_H
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

/* Regex hits, by start once sorted (cmp_rx()). */
typedef struct rxlist {
    rxhit *v;
    size_t n, cap;
} rxlist;

/* A turn as the regex scans see it: its text, where it starts in the
 * file, and the units a regex is scanned in (none: turn units). */
typedef struct rx_turn {
    const char *subject; /* the turn's text (its lowered copy: coder.lowered) */
    size_t base, len;    /* where it starts in the file, its length */
    const dunit *units;  /* the document's sentences or paragraphs, or NULL */
    size_t nunits;
} rx_turn;

/* A regex to try in one coding unit (where its needed literal is), and
 * where in the turn the first and the last of them start. */
typedef struct rx_unit {
    uint32_t regex, unit;
    uint32_t first, last;
} rx_unit;

typedef struct coder {
    const grille_codebook *cb;
    const grille_document *doc;
    grille_coding *out;
    toklist tl;
    uint32_t *word_of; /* token -> ordinal of the first word at or after it */
    size_t capword;
    uint32_t *word_tokens; /* the tokens match_words() looks at */
    size_t nword_tokens, capword_tokens;
    uint32_t unit_words; /* the unit's words (matchable tokens) */
    uint32_t *rx_tokens; /* the tokens unit_literals() looks at */
    size_t nrx_tokens, caprx_tokens;
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
    size_t *theme_best; /* per theme: 1 + its best segment in the passage a
                         * short answer takes its themes from, or 0 */
    pcre2_match_data *md;
    pcre2_match_context *unit_mctx; /* the codebook's, with an offset limit:
                                     * a regex scanned in one unit */
    /* regex hits: of the whole document, or of the turn being coded when
     * literals are looked for in tokens (the turn's scans over it, by
     * start, rx_next the first not behind the unit); of the unit (its
     * literals' tries and scans); and the list add_rx() adds to */
    rxlist rx, urx, *rx_to;
    size_t rx_next;
    size_t rx_turn;       /* the turn rx holds, or SIZE_MAX */
    rx_turn rx_view;      /* that turn, as the scans see it */
    unsigned rx_folds;    /* its letters utf8_lower_latin_gates() left */
    uint16_t *lit_places; /* per word: a count, then offsets in the word,
                           * then where its confined hits are in wc (two
                           * halves) */
    size_t nlit_places, caplit_places;
    /* the hits of the confined regexes (rleaf.word_confined) inside each
     * word that holds one of their literals: a count, then leaf, start
     * and end in the word, for each; wc[0] is the 0 of the words
     * without any */
    uint32_t *wc;
    size_t nwc, capwc;
    uint32_t *wc_regs; /* the regexes to run on a new word */
    size_t nwc_regs, capwc_regs;
    int rx_clean;             /* in this token, the confined regexes' hits
                               * are its word's (unit_literals()) */
    unsigned char *tok_clean; /* the same, for each token of the unit */
    size_t captok_clean;
    int rx_filter; /* the scans of the unit skip the confined regexes'
                    * matches inside those tokens */
    strmap vocab;  /* folded word -> offset of its entry in vwords */
    int *vwords;
    size_t nvwords, capvwords;
    strmap lemma_cache; /* word as written -> offset in cands */
    lemma_cand *cands;  /* per cached word: its count, then its candidates */
    size_t ncands, capcands;
    /* per interned word (tok.word), as long as the words are kept: 1 +
     * the offset of its candidates in cands, or 0 (not looked up yet) */
    uint32_t *word_lemmas;
    size_t nword_lemmas, capword_lemmas;
    size_t *rx_end;      /* per regex: end of its last anchored match in the
                          * turn, or 1 + the last unit its needed literal
                          * occurs in */
    rx_unit *rx_units;   /* (regex, unit) to scan */
    uint32_t *rx_queued; /* per regex: its entry there, when rx_end says so */
    size_t nrx_units, caprx_units;
    gbuf lowered;
    gbuf exact;                      /* case-exact form of a token */
    double seg_density, hit_density; /* segments and hits a byte of the
                                      * document before (coder_reserve()) */
    grille_error *err;
    /* short answers (cb->short_answers): the passage the next unit
     * answers, as segments of out (the unit before it) or of question
     * (the interviewer's turn, coded aside and never reported) */
    grille_coding *question;
    enum { PASSAGE_NONE, PASSAGE_UNIT, PASSAGE_QUESTION } passage;
    size_t passage_first, passage_end, passage_turn;
} coder;

/* What the matcher keeps of an interned word (tok.word), in its record
 * (tok_slot.user): its entry in vwords (VOCAB_UNKNOWN, as the tokenizer
 * leaves it, or VOCAB_NOTHING: match_words.c), and its literal places
 * (WORD_LITS_UNKNOWN, or where in lit_places: match_regex.c).  The
 * record is in the cache, the tokenizer having just read it. */
enum { USER_VOCAB, USER_PLACES };
#define WORD_LITS_UNKNOWN UINT32_MAX
static inline uint32_t *word_user(coder *k, const tok *t) { return k->tl.words[t->word].user; }

/* A token a rule may match: a word, not a mark or a hesitation. */
static inline int is_matchable(const tok *t) {
    /* one test: word set, mark and hesitation clear */
    return (t->flags & (GRILLE_TOKEN_WORD | GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION)) == GRILLE_TOKEN_WORD;
}

/* match.c: a hit of leaf rule leaf in the unit, on tokens [t0, t1) and
 * bytes [b0, b1). */
int coder_add_hit(coder *k, int leaf, size_t t0, size_t t1, uint32_t b0, uint32_t b1);

/* match_words.c: in one pass over the unit's tokens (k->tl), once it
 * is tokenized, the word ordinals (word_of), the tokens match_words()
 * is to look at and, with places, those unit_literals() is to (a pass
 * each read every token and its word's record twice). */
int words_gather(coder *k, int places);
/* The hits of the word, phrase and lemma rules in the unit's tokens,
 * after words_gather(). */
int match_words(coder *k, uint32_t *words);

/* match_regex.c: the regexes' hits.  Where literals are looked for in
 * every byte: regex_scan_turn() for each coded turn before the units,
 * then regex_sort() of k->rx.  Where they are looked for in tokens:
 * regex_turn_begin() at a turn's first unit, regex_unit() once each
 * unit is tokenized.  Then match_regexes() adds the unit's hits. */
int regex_scan_turn(coder *k, const dspan *turn);
void regex_sort(rxlist *l);
int regex_turn_begin(coder *k, size_t turn);
int regex_unit(coder *k, size_t u);
int match_regexes(coder *k, const dspan *unit);

#endif

/* lexicon.h - the compiled form -> lemma table and French lemma lookup. */
#ifndef GRILLE_LEXICON_H
#define GRILLE_LEXICON_H
#include "internal.h"

enum {
    LEX_NOM,
    LEX_ADJ,
    LEX_VERBE,
    LEX_ADV,
    LEX_PREP,
    LEX_PRO,
    LEX_DET,
    LEX_CONJ,
    LEX_INTERJ,
    LEX_NOMPR,
    LEX_AUTRE,
    LEX_POS_COUNT
};

const char *lexicon_pos_name(unsigned pos);
/* The POS named s[0..n) ("nom", "verbe"... or "noun", "verb"), or -1. */
int lexicon_pos_parse(const char *s, size_t n);

/* Builds the compiled file from TSV files (header line, then form, lemma,
 * pos per line); later files add entries.  The file is little-endian on
 * every machine (lexicon.c). */
int lexicon_compile(const char *const *paths, size_t npaths, const char *out_path, grille_error *err);
/* The same in big-endian order when big_endian is non-zero: what a
 * test needs to read a file of the other byte order on this machine. */
int lexicon_compile_order(const char *const *paths, size_t npaths, const char *out_path, int big_endian,
                          grille_error *err);

long lexicon_find_lemma(const grille_lexicon *lx, const char *s, size_t n);
/* The (lemma, pos) entries of form s, from the table and its supplement. */
size_t lexicon_entries(const grille_lexicon *lx, const char *s, size_t n, uint32_t *lemmas, unsigned *pos, size_t max);
const char *lexicon_lemma_string(const grille_lexicon *lx, uint32_t lemma, size_t *len);
const char *lexicon_form_string(const grille_lexicon *lx, uint32_t form, size_t *len);
/* The form ids of a lemma, in a new array of *n ids (caller frees). */
uint32_t *lexicon_lemma_form_ids(const grille_lexicon *lx, uint32_t lemma, size_t *n);
size_t lexicon_form_count(const grille_lexicon *lx);
size_t lexicon_lemma_count(const grille_lexicon *lx);

/* A candidate lemma of a token. */
typedef struct lemma_cand {
    uint32_t lemma; /* lemma id, or LEMMA_UNKNOWN */
    unsigned pos;
} lemma_cand;
#define LEMMA_UNKNOWN UINT32_MAX
#define LEMMA_MAX 16

/* Candidate lemmas of a word given as written (NFC, apostrophes as "'",
 * case kept), following the French lookup rules of lemma.c.  Returns
 * their number (0: unknown word). */
size_t lemmatize(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out);

#endif

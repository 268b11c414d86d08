/* tokenize.h - French word tokens with their offsets and folded forms. */
#ifndef GRILLE_TOKENIZE_H
#define GRILLE_TOKENIZE_H
#include "document.h"
#include "fold.h"
#include "strmap.h"

typedef struct tok {
    uint32_t b0, b1; /* bytes in the file (code points: document_cp_at()) */
    uint32_t form;   /* offset of the folded form in toklist.forms */
    uint32_t form_len;
    uint32_t sent;  /* sentence index */
    uint32_t hash;  /* grille_hash of the form */
    uint32_t word;  /* index in toklist.words, or TOK_NO_WORD */
    uint16_t flags; /* GRILLE_TOKEN_* */
} tok;

#define TOK_NO_WORD UINT32_MAX

/* A word's form: what make_form() gives. */
typedef struct tok_word {
    uint32_t form, form_len; /* in toklist.forms */
    uint32_t hash;           /* grille_hash of the form */
    uint16_t flags;          /* GRILLE_TOKEN_HESITATION or _MARK if the form is one, else 0 */
} tok_word;

/* A word interned by toklist_intern(): what a token takes from it, and
 * its bytes when they are few.  The words are kept in the order they
 * are first met, which is roughly by frequency, so the common ones share
 * a few cache lines; toklist.index finds them by the hash of their bytes
 * (one 64-byte slot per word, filed by hash, were a tenth of coding a
 * corpus, waiting for memory: a common word's line was evicted between
 * two of its tokens). */
#define TOK_SLOT_KEY 8
#define TOK_INTERN_MAX 4096 /* longer words are not interned */
typedef struct tok_slot {
    uint32_t form, form_hash; /* tok_word's */
    uint16_t form_len;
    uint16_t len; /* of the bytes */
    uint16_t flags;
    unsigned char inclusive;
    union {
        char bytes[TOK_SLOT_KEY]; /* the bytes, when they fit, zero-padded */
        uint64_t word;            /* the same, as one load */
        uint32_t key;             /* else their offset in toklist.keys */
    } u;
    /* what the toklist's owner keeps per word (the matcher: what the
     * word may start, where a regex literal may be in it), UINT32_MAX
     * when the word is new: next to what the tokenizer has just read,
     * the matcher finds it in the cache */
    uint32_t user[2];
} tok_slot;

typedef struct toklist {
    tok *v;
    size_t n, cap;
    gbuf forms;
    /* interning (toklist_intern): a word already seen in the same text
     * (or in the texts before, with toklist_intern_next) takes its form
     * from its slot instead of being folded and hashed again; forms then
     * outlive toklist_clear() */
    const char *text;
    size_t nwords, capwords;
    tok_slot *words; /* nwords of them; tok.word indexes them */
    uint64_t *index; /* mask + 1: hash << 32 | word + 1, or 0; at most 3/4 used */
    size_t mask;
    gbuf keys; /* the bytes of the longer words */
} toklist;

/* The pieces of inclusive writing a tokenizer knows (tokenize.c). */
#define TOK_INCLUSIVE_SUFFIXES 36

/* Read-only after tok_config_init: shared by threads with the codebook. */
typedef struct tok_config {
    fold_table fold;              /* the codebook's folding */
    fold_table exact;             /* no case folding, for case="exact" rules */
    fold_table raw;               /* NFC and apostrophes only: lexicon lookups */
    strmap hesitations;           /* folded forms */
    size_t hesitation_max;        /* longest, in bytes */
    uint64_t hesitation_first[4]; /* their first bytes */
    uint64_t mark_lengths;        /* bit n: a mark in parentheses of n bytes */
    /* the pieces of inclusive writing, as short_key()s */
    uint64_t inclusive_keys[TOK_INCLUSIVE_SUFFIXES];
    /* whether blocks are classed with AVX-512BW (simd.h): the
     * processor's answer, which a test may turn off */
    int wide;
} tok_config;

/* hesitations: space-separated words, or NULL for the default list. */
int tok_config_init(tok_config *c, int case_fold, int accent_fold, const char *hesitations);
void tok_config_free(tok_config *c);

/* Appends the tokens of sentence s of doc to out; extra_flags are or-ed
 * into each token's flags. */
int tokenize_sentence(const tok_config *c, const grille_document *doc, size_t s, unsigned extra_flags, toklist *out);

/* Tokens of text[b0..b1); with pattern set, '*' counts as a letter
 * (globs in rules). */
int tokenize_text(const tok_config *c, const char *text, size_t b0, size_t b1, size_t sent, unsigned extra_flags,
                  int pattern, toklist *out);
/* tokenize_text() on text readable up to size (>= b1), byte by byte
 * where blocks is 0: the tokens must be the same as with blocks set,
 * where 64 bytes at a time are classed wherever they can be read (the
 * tests compare the two). */
int tokenize_text_in(const tok_config *c, const char *text, size_t size, size_t b0, size_t b1, int blocks,
                     toklist *out);

/* From now on, the words of text that l is given are interned, and the
 * words interned before are forgotten (text NULL: interning stops); a
 * transcript says the same words again and again. */
int toklist_intern(toklist *l, const char *text);
/* The same, keeping the words interned before (in another text: a word's
 * form depends on its bytes and the folding only); a first call is
 * toklist_intern(). */
int toklist_intern_next(toklist *l, const char *text);

/* Forgets the tokens (not the interned words). */
void toklist_clear(toklist *l);
void toklist_free(toklist *l);

static inline const char *tok_form(const toklist *l, const tok *t) { return l->forms.data + t->form; }

#define DEFAULT_HESITATIONS "euh euhm heu hum hmm hm mh mhm mmh ben bah beh hein pff"

#endif

/* sentence.h - the sentence boundaries of one paragraph, before the
 * correction for abbreviations (sentence.c): ICU's sentence break
 * iterator, and a splitter on the UTF-8 bytes (sentence_fast.c) that
 * finds the same boundaries where it can tell them with certainty and
 * leaves the rest to ICU.  Internal to the library; the tests, the fuzz
 * target and tests/sentence_diff.c compare the two. */
#ifndef GRILLE_SENTENCE_H
#define GRILLE_SENTENCE_H
#include <stddef.h>

/* Byte offsets where sentences end, in order; the last is the
 * paragraph's length (none for an empty paragraph), as ICU's ubrk_next()
 * returns them.  Owned by the caller: release v with free(). */
typedef struct sentence_breaks {
    size_t *v;
    size_t n, cap;
} sentence_breaks;

/* Fills b with the boundaries ICU's sentence break iterator (UAX #29)
 * finds in the UTF-8 text t[0, len), or leaves it to ICU.  Returns 1 when
 * b holds ICU's boundaries, 0 when the text has something it does not
 * decide (b's content is then meaningless), GRILLE_ENOMEM when b cannot
 * grow. */
int sentence_fast_breaks(const char *t, size_t len, sentence_breaks *b);
/* The same, the bytes t[len, readable) readable too (readable >= len:
 * the rest of the document): the scan reads sixteen bytes at a time up
 * to readable (sixty-four where wide: simd.h) and ignores what it reads
 * past len. */
int sentence_fast_breaks_in(const char *t, size_t len, size_t readable, int wide, sentence_breaks *b);

/* The Sentence_Break classes the byte-level splitter knows, and
 * SENTENCE_UNSURE for every character it leaves to ICU. */
enum {
    SENTENCE_OTHER,
    SENTENCE_SP,
    SENTENCE_LOWER,
    SENTENCE_UPPER,
    SENTENCE_NUMERIC,
    SENTENCE_ATERM,
    SENTENCE_STERM,
    SENTENCE_CLOSE,
    SENTENCE_SCONTINUE,
    SENTENCE_CR,
    SENTENCE_LF,
    SENTENCE_OLETTER,
    SENTENCE_UNSURE
};
/* The class of the character at t[i] (i < len), and in *next the offset
 * after it; SENTENCE_UNSURE also for invalid or truncated UTF-8. */
int sentence_fast_class(const unsigned char *t, size_t len, size_t i, size_t *next);

/* ICU's sentence break iterator for French (NULL when ICU fails);
 * release it with sentence_icu_close(). */
struct UBreakIterator;
struct UBreakIterator *sentence_icu_open(int *icu_status);
void sentence_icu_close(struct UBreakIterator *bi);
/* Fills b with the boundaries bi finds in t[0, len) (len <= INT32_MAX).
 * Returns GRILLE_OK, or GRILLE_ENOMEM when b cannot grow or ICU fails
 * (its UErrorCode then in *icu_status, otherwise left as it was). */
int sentence_icu_breaks(struct UBreakIterator *bi, const char *t, size_t len, sentence_breaks *b, int *icu_status);

#endif

/* fold.h - normalisation of word forms: NFC, case folding, optional
 * accent folding, typographic apostrophes read as "'". */
#ifndef GRILLE_FOLD_H
#define GRILLE_FOLD_H
#include "internal.h"

/* Code points below this are folded by table lookup; the rest, and any
 * sequence with a combining mark, go through utf8proc. */
#define FOLD_TABLE_SIZE 0x250

typedef struct fold_entry {
    char bytes[7];
    unsigned char len;
} fold_entry;

/* Built once (fold_table_init), then read-only: safe to share. */
typedef struct fold_table {
    int case_fold, accent_fold;
    fold_entry map[FOLD_TABLE_SIZE];
} fold_table;

int fold_table_init(fold_table *t, int case_fold, int accent_fold);

/* Appends the folded form of s[0..len) (valid UTF-8) to out.  The
 * middle-dot family (· ‧ ⋅ •) becomes "·" and apostrophes become "'". */
int fold_append(const fold_table *t, const char *s, size_t len, gbuf *out);

/* Folds into a new string (caller frees); NULL on ENOMEM. */
char *fold_dup(const fold_table *t, const char *s, size_t len);

/* Whether cp is an apostrophe grille reads as "'". */
static inline int fold_is_apostrophe(int32_t cp) { return cp == '\'' || cp == 0x2019 || cp == 0x2018 || cp == 0x02BC; }
/* Whether cp separates the pieces of inclusive writing (élu·es). */
static inline int fold_is_middle_dot(int32_t cp) {
    return cp == 0x00B7 || cp == 0x2027 || cp == 0x22C5 || cp == 0x2022;
}

#endif

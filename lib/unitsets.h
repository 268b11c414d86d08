/* unitsets.h - which themes grille and the gold give each unit of coded
 * speech of one document; shared by eval.c, stats.c and goldcheck.c. */
#ifndef GRILLE_UNITSETS_H
#define GRILLE_UNITSETS_H
/* codebook_view.h would do for eval.c, stats.c and goldcheck.c, but
 * suggest.c, which includes this, still reads the codebook's layout */
#include "codebook.h"
#include "gold.h"

enum { SET_DIRECT = 1, SET_ROLLED = 2 }; /* coded with the theme / with it or a sub-theme */

typedef struct unitsets {
    size_t nunits, nthemes;
    unsigned char *autoset; /* nunits x nthemes, SET_* bits */
    unsigned char *goldset; /* same, from the gold */
    grille_unit *units;     /* the coded-speech units */
    unsigned char *judged;  /* per unit, 1 when the gold judges it: every unit
                             * of a document a gold of spans covers, but only
                             * the units with a row of a table of units (a
                             * coder who reviewed part of a document says
                             * nothing of the rest) */
    int has_gold;           /* the gold has rows for this document */
    size_t outside;         /* gold spans that overlap no unit */
} unitsets;

/* What unitsets_build() found for each gold row (an array of the gold's
 * size, or NULL): its document, and a unit of coded speech. */
enum { GOLD_ROW_DOCUMENT = 1, GOLD_ROW_UNIT = 2 };

/* The segments' own themes, and the gold's (coder NULL: all coders);
 * gold may be NULL.  A gold theme missing from the codebook is an error
 * naming the gold line; so is a unit row whose text is not the unit's
 * any more (the transcript changed since the table was made). */
int unitsets_build(const grille_codebook *cb, const grille_coding *c, const grille_gold *gold, const char *coder,
                   const char *gold_name, unitsets *u, unsigned char *row_found, grille_error *err);
void unitsets_free(unitsets *u);
/* Position of document unit index idx among u->units, or -1. */
long unitsets_find(const unitsets *u, size_t idx);

/* The themes a gold judges (judged[t] = 1): every theme for a gold of
 * spans; for a table, the themes with a column and their ancestors.  A
 * column that names no theme is an error. */
int unitsets_judged(const grille_codebook *cb, const grille_gold *gold, unsigned char *judged, grille_error *err);

#endif

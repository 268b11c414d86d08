/* unitsets.h - which themes grille and the gold give each unit of coded
 * speech of one document; shared by eval.c and stats.c. */
#ifndef GRILLE_UNITSETS_H
#define GRILLE_UNITSETS_H
#include "codebook.h"

enum { SET_DIRECT = 1, SET_ROLLED = 2 }; /* coded with the theme / with it or a sub-theme */

typedef struct unitsets {
    size_t nunits, nthemes;
    unsigned char *autoset;  /* nunits x nthemes, SET_* bits */
    unsigned char *goldset;  /* same, from the gold */
    grille_unit *units;      /* the coded-speech units */
    int has_gold;            /* the gold has spans for this document */
    size_t outside;          /* gold spans that overlap no unit */
} unitsets;

/* The segments' own themes, and the gold's (coder NULL: all coders);
 * gold may be NULL.  A gold theme missing from the codebook is an error
 * naming the gold line. */
int unitsets_build(const grille_codebook *cb, const grille_coding *c,
                   const grille_gold *gold, const char *coder, const char *gold_name,
                   unitsets *u, grille_error *err);
void unitsets_free(unitsets *u);
/* Position of document unit index idx among u->units, or -1. */
long unitsets_find(const unitsets *u, size_t idx);

#endif

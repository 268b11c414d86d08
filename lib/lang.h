/* lang.h - the language of a report: its words from the compiled
 * catalogue, its numbers written as the language writes them. */
#ifndef GRILLE_LANG_H
#define GRILLE_LANG_H
#include "internal.h"
#include <stdio.h>

/* msgid in lang: the translation in po/<lang>.po compiled into the
 * library, else msgid itself (English, or a string not yet translated).
 * xgettext extracts T(lang, "...") (po/Makevars).  The result lives as
 * long as the library. */
const char *grille_tr(grille_language lang, const char *msgid);
#define T(lang, s) grille_tr((lang), (s))
/* One of two strings by count, translated ("1 document", "3 documents";
 * French: 0 and 1 take the singular). */
const char *grille_tr_plural(grille_language lang, const char *one, const char *many, size_t n);
#define TN(lang, one, many, n) grille_tr_plural((lang), (one), (many), (n))

/* The codebook's unit kind as a report says it ("sentence"; French:
 * "phrases"). */
const char *grille_unit_words(grille_language lang, grille_unit_kind kind);
/* Marks a string for xgettext where it is not translated (a table of
 * strings translated where it is used). */
#define N_(s) (s)

/* v with decimals digits after the separator of lang ("0.42", "0,42"),
 * whatever the process's LC_NUMERIC: reports read in that language. */
void grille_put_decimal(FILE *out, grille_language lang, double v, int decimals);
/* The same into buf (at least 64 bytes). */
const char *grille_decimal(char *buf, size_t len, grille_language lang, double v, int decimals);

/* The compiled catalogues (catalog_fr.c, generated from po/fr.po by
 * build-aux/embed-bin.sh): a GNU .mo file's bytes. */
extern const unsigned char grille_catalog_fr[];
extern const size_t grille_catalog_fr_size;
#endif

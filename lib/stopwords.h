/* stopwords.h - French function words (stopwords.c). */
#ifndef GRILLE_STOPWORDS_H
#define GRILLE_STOPWORDS_H
#include "strmap.h"
/* Fills m (initialised here; release with strmap_free()) with the folded
 * function words: a form is one when strmap_get() finds it. */
int stopwords_load(strmap *m);
#endif

/* coding.h - the internal shape of a coding (match.c), shared with its
 * serialization (coding_save.c). */
#ifndef GRILLE_CODING_H
#define GRILLE_CODING_H
#include "internal.h"

struct grille_coding {
    const grille_document *doc;
    grille_segment *segs;
    size_t n, cap;
    size_t *first_hit; /* segs[i].hits = hits + first_hit[i] at the end */
    size_t capfirst;
    grille_hit *hits;
    size_t nhits, caphits;
    size_t units, words;
    size_t *unit_ids; /* document unit index of each unit in coded speech */
    size_t capunits;
    uint32_t *unit_words; /* words of each unit in coded speech */
    size_t capunitwords;
};

#endif

/* optional.h - the optional parts of the library (configure's
 * --without-sqlite, --without-refi); not installed. */
#ifndef GRILLE_OPTIONAL_H
#define GRILLE_OPTIONAL_H
#include "internal.h"

/* Fills err with GRILLE_ENOTBUILT, file (may be NULL) and a message
 * naming feature and the configure option that left it out; returns GRILLE_ENOTBUILT.  For the
 * functions of a feature this build does not have. */
int grille_not_built(grille_error *err, const char *file, grille_feature feature);

#endif

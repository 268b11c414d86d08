/* sqlite_none.c - grille_export_sqlite() in a build configured
 * --without-sqlite: it says so (optional.c). */
#include "optional.h"

int grille_export_sqlite(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                         grille_error *err) {
    return grille_not_built(err, path, GRILLE_FEATURE_SQLITE);
}

/* sqlite_none.c - grille_export_sqlite() in a build configured
 * --without-sqlite: it says so (optional.c). */
#include "optional.h"

int grille_export_sqlite(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                         grille_error *err) {
    return grille_not_built(err, path, GRILLE_FEATURE_SQLITE);
}

grille_sqlite *grille_sqlite_new(const char *path, const grille_codebook *cb, grille_error *err) {
    (void)cb;
    grille_not_built(err, path, GRILLE_FEATURE_SQLITE);
    return NULL;
}

int grille_sqlite_add(grille_sqlite *db, const grille_coding *c, grille_error *err) {
    (void)db;
    (void)c;
    return grille_not_built(err, NULL, GRILLE_FEATURE_SQLITE);
}

int grille_sqlite_close(grille_sqlite *db, grille_error *err) {
    (void)db;
    grille_error_clear(err);
    return GRILLE_OK;
}

void grille_sqlite_free(grille_sqlite *db) { (void)db; }

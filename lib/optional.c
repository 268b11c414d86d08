/* optional.c - which optional parts this build of the library has.
 * configure defines GRILLE_WITH_SQLITE and GRILLE_WITH_REFI for those it
 * builds; the others are replaced by functions that only say so
 * (sqlite_none.c, refi_none.c), so the exported symbols, and thus the
 * ABI, are the same whatever the build. */
#include "optional.h"

int grille_has_feature(grille_feature feature) {
    switch (feature) {
#ifdef GRILLE_WITH_SQLITE
    case GRILLE_FEATURE_SQLITE: return 1;
#endif
#ifdef GRILLE_WITH_REFI
    case GRILLE_FEATURE_REFI: return 1;
#endif
    default: return 0;
    }
}

int grille_not_built(grille_error *err, const char *file, grille_feature feature) {
    /* the message a packager's user needs: what is missing, and why */
    const char *what = feature == GRILLE_FEATURE_SQLITE ? "SQLite support" : "REFI-QDA support";
    const char *option = feature == GRILLE_FEATURE_SQLITE ? "--without-sqlite" : "--without-refi";
    return grille_fail(err, GRILLE_ENOTBUILT, file, 0, 0, 0, "grille was built without %s (configure %s)", what,
                       option);
}

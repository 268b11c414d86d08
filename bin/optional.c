/* optional.c - the optional parts of the library (configure's
 * --without-sqlite, --without-refi) as the CLI sees them: listed by
 * --version, and refused up front with the reason, before any work,
 * rather than failing at the end or falling back to another format. */
#include "cli.h"

static const struct {
    grille_feature feature;
    const char *name, *what, *option;
} features[] = {
    {GRILLE_FEATURE_SQLITE, "sqlite", N_("SQLite support"), "--without-sqlite"},
    {GRILLE_FEATURE_REFI, "refi", N_("REFI-QDA support"), "--without-refi"},
};
#define NFEATURES (sizeof features / sizeof features[0])

void cli_print_features(FILE *out) {
    fputs("features:", out);
    for (size_t i = 0; i < NFEATURES; i++)
        fprintf(out, " %c%s", grille_has_feature(features[i].feature) ? '+' : '-', features[i].name);
    fputc('\n', out);
}

int cli_require(const char *cmd, grille_feature feature) {
    if (grille_has_feature(feature)) return 0;
    for (size_t i = 0; i < NFEATURES; i++)
        if (features[i].feature == feature)
            fprintf(stderr, _("%s: grille was built without %s (configure %s)\n"), cmd, _(features[i].what),
                    features[i].option);
    return -1;
}

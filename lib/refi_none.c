/* refi_none.c - the REFI-QDA functions in a build configured
 * --without-refi: each says so (optional.c).  refi_*.c are the real
 * ones. */
#include "optional.h"

int grille_refi_write_qdc(FILE *out, const grille_codebook *cb, const grille_refi_options *opts, grille_error *err) {
    return grille_not_built(err, NULL, GRILLE_FEATURE_REFI);
}

int grille_refi_write_qdpx(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                           const grille_refi_options *opts, grille_error *err) {
    return grille_not_built(err, NULL, GRILLE_FEATURE_REFI);
}

/* no grille_error to fill: the status alone */
int grille_refi_theme_guid(const grille_codebook *cb, size_t i, char out[37]) {
    if (out) out[0] = '\0';
    return GRILLE_ENOTBUILT;
}

int grille_refi_import_codebook(const char *path, FILE *out, grille_error *err) {
    return grille_not_built(err, path, GRILLE_FEATURE_REFI);
}

int grille_refi_import_gold(const char *path, FILE *out, const grille_refi_import_options *opts, grille_error *err) {
    return grille_not_built(err, path, GRILLE_FEATURE_REFI);
}

int grille_refi_options_check(const grille_refi_options *opts, grille_error *err) {
    return grille_not_built(err, NULL, GRILLE_FEATURE_REFI);
}

grille_refi_project *grille_refi_project_new(FILE *out, const grille_codebook *cb, const grille_refi_options *opts,
                                             grille_error *err) {
    grille_not_built(err, NULL, GRILLE_FEATURE_REFI);
    return NULL;
}

int grille_refi_project_add(grille_refi_project *p, const grille_coding *c, grille_error *err) {
    return grille_not_built(err, NULL, GRILLE_FEATURE_REFI);
}

int grille_refi_project_close(grille_refi_project *p, grille_error *err) {
    grille_error_clear(err);
    return GRILLE_OK;
}

void grille_refi_project_free(grille_refi_project *p) {}

/* options.c - the one place where a caller's options struct is read: it
 * may come from a program built against an older grille.h, with fewer
 * fields than this library knows (grille.h, "Options"). */
#include "internal.h"

int grille_options_copy(void *local, size_t full, const void *defaults, const void *opts, size_t min, const char *type,
                        const char *init, grille_error *err) {
    memcpy(local, defaults, full);
    if (!opts) return GRILLE_OK;
    size_t size;
    memcpy(&size, opts, sizeof size); /* every options struct starts with its size */
    if (size < min)
        return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0,
                           "%s.size is %zu, smaller than its first fields: initialise the options with %s", type, size,
                           init);
    /* a newer caller's fields past ours are not known here: left out */
    memcpy(local, opts, size < full ? size : full);
    memcpy(local, &full, sizeof full);
    return GRILLE_OK;
}

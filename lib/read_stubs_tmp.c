/* read_stubs_tmp.c - TEMPORARY: readers not written yet.  Whoever adds a
 * real reader deletes its stub here (the link fails on a duplicate). */
#include "source.h"

#define STUB(fn)                                                                              \
    int fn(source *s, const char *data, size_t len, grille_error *err) {                       \
        (void)data;                                                                           \
        (void)len;                                                                            \
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0, "this format is not read yet"); \
    }

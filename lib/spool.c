/* spool.c - an anonymous temporary file, for what a writer sets aside
 * until it can place it (the texts of a .qdpx, the segments of a
 * workbook). */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include "internal.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Made in $TMPDIR (else /tmp), mode 0600, and unlinked at once, so that
 * nothing of it is left behind whatever happens to the program
 * (tmpfile() would ignore TMPDIR, and a researcher may need to point it
 * at a larger or an encrypted disk). */
FILE *spool_open(const char **where, int *oom) {
    const char *dir = getenv("TMPDIR");
    if (!dir || !*dir) dir = "/tmp";
    *where = dir;
    *oom = 0;
    gbuf path = {0};
    FILE *f = NULL;
    if (gbuf_printf(&path, "%s/grille-spool-XXXXXX", dir) != GRILLE_OK) *oom = 1;
    else {
        int fd = mkstemp(path.data);
        if (fd >= 0) {
            unlink(path.data);
            if (!(f = fdopen(fd, "w+b"))) {
                *oom = errno == ENOMEM;
                close(fd);
            }
        }
    }
    gbuf_free(&path);
    return f;
}

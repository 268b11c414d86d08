/* readfile.c - reading a whole input file, bounded: /dev/zero or a
 * runaway file must end in a clear error, not in exhausted memory. */
#include "internal.h"
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

int grille_read_file(const char *path, gbuf *out, grille_error *err) {
    return grille_read_file_max(path, out, GRILLE_MAX_FILE, err);
}

int grille_read_file_max(const char *path, gbuf *out, size_t max, grille_error *err) {
    if (!max) max = GRILLE_MAX_FILE;
    if (!path || !*path) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no file name given");
    FILE *f = fopen(path, "rb");
    if (!f) return grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot open: %s", strerror(errno));
    struct stat st;
    int stat_ok = fstat(fileno(f), &st) == 0;
    if (stat_ok && S_ISDIR(st.st_mode)) {
        fclose(f);
        return grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "is a folder, not a file");
    }
    /* read straight into out, sized by the file when it says its size
     * (reading by chunks copied each byte once more, and again each time
     * out grew); a byte more than the size, so that the read that finds
     * the end needs no more room */
    size_t step = 65536;
    if (stat_ok && S_ISREG(st.st_mode) && st.st_size > 0 && (uintmax_t)st.st_size < max) step = (size_t)st.st_size + 1;
    int rc = GRILLE_OK;
    for (;;) {
        if (gbuf_reserve(out, out->cap > out->len + 1 ? 0 : step)) {
            rc = grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
            break;
        }
        step = 65536;
        size_t n = fread(out->data + out->len, 1, out->cap - out->len - 1, f);
        if (n == 0) break;
        if (out->len + n > max) {
            rc = grille_fail(err, GRILLE_ELIMIT, path, 0, 0, 0,
                             "larger than %zu MiB, the most grille reads from one file; split it into "
                             "several files (or raise the limit: --max-size)",
                             max >> 20);
            break;
        }
        out->len += n;
        out->data[out->len] = '\0';
    }
    int saved = errno;
    if (rc == GRILLE_OK && ferror(f))
        rc = saved ? grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot be read: %s", strerror(saved))
                   : grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot be read (a read error)");
    fclose(f);
    if (rc) gbuf_free(out);
    return rc;
}

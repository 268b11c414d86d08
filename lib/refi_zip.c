/* refi_zip.c - the ZIP of a .qdpx, built in memory with libzip and then
 * written to the caller's stream, so that the caller decides where it
 * goes (the CLI writes a temporary file and renames it).
 *
 * Entries carry a fixed date (the project's, else 1980-01-01) and fixed
 * permissions: the archive does not depend on when or where it was made,
 * and two runs on the same input write the same bytes. */
#include "refi_internal.h"
#include <errno.h>
#include <stdio.h>
#include <zip.h>

struct refi_zip {
    zip_source_t *mem;
    zip_t *za;
    zip_uint16_t dosdate, dostime;
};

/* what: a fragment marked N_() or a file name, which no catalogue holds */
static int zip_failed(grille_error *err, zip_error_t *ze, const char *what) {
    return grille_fail(err, zip_error_code_zip(ze) == ZIP_ER_MEMORY ? GRILLE_ENOMEM : GRILLE_EIO, "", 0, 0, 0, "%s: %s",
                       grille_msg(what), zip_error_strerror(ze));
}

int refi_zip_new(refi_zip **out, const int date[6], grille_error *err) {
    refi_zip *z = calloc(1, sizeof *z);
    *out = NULL;
    if (!z) return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    z->dosdate = 0x21; /* 1980-01-01 */
    if (date) {
        int y = date[0] < 1980 ? 1980 : date[0] > 2107 ? 2107 : date[0];
        z->dosdate = (zip_uint16_t)((y - 1980) << 9 | date[1] << 5 | date[2]);
        z->dostime = (zip_uint16_t)(date[3] << 11 | date[4] << 5 | date[5] / 2);
    }
    zip_error_t ze;
    zip_error_init(&ze);
    z->mem = zip_source_buffer_create(NULL, 0, 0, &ze);
    z->za = z->mem ? zip_open_from_source(z->mem, ZIP_TRUNCATE, &ze) : NULL;
    if (!z->za) {
        int rc = zip_failed(err, &ze, N_("cannot create the archive"));
        if (z->mem) zip_source_free(z->mem);
        zip_error_fini(&ze);
        free(z);
        return rc;
    }
    zip_error_fini(&ze);
    zip_source_keep(z->mem); /* zip_close must not free what it wrote */
    *out = z;
    return GRILLE_OK;
}

int refi_zip_add(refi_zip *z, const char *name, const void *data, size_t len, grille_error *err) {
    zip_source_t *src = zip_source_buffer(z->za, data, len, 0);
    zip_int64_t idx = src ? zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8) : -1;
    if (idx < 0) {
        if (src) zip_source_free(src);
        return zip_failed(err, zip_get_error(z->za), name);
    }
    if (zip_file_set_dostime(z->za, (zip_uint64_t)idx, z->dostime, z->dosdate, 0) < 0 ||
        zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
        return zip_failed(err, zip_get_error(z->za), name);
    return GRILLE_OK;
}

void refi_zip_discard(refi_zip *z) {
    if (!z) return;
    if (z->za) zip_discard(z->za);
    zip_source_free(z->mem);
    free(z);
}

int refi_zip_finish(refi_zip *z, FILE *out, const char *what, grille_error *err) {
    int rc = GRILLE_OK;
    zip_source_t *mem = z->mem;
    if (zip_close(z->za) < 0) {
        rc = zip_failed(err, zip_get_error(z->za), N_("cannot write the archive"));
        refi_zip_discard(z);
        return rc;
    }
    z->za = NULL;
    if (zip_source_open(mem) < 0) {
        rc = zip_failed(err, zip_source_error(mem), N_("cannot read the archive back"));
    } else {
        char chunk[65536];
        zip_int64_t got;
        while ((got = zip_source_read(mem, chunk, sizeof chunk)) > 0)
            if (fwrite(chunk, 1, (size_t)got, out) != (size_t)got) break;
        if (got < 0) rc = zip_failed(err, zip_source_error(mem), N_("cannot read the archive back"));
        else rc = grille_write_end(out, err, what); /* a short write set the stream's error */
        zip_source_close(mem);
    }
    refi_zip_discard(z);
    return rc;
}

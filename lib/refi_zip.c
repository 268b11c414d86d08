/* refi_zip.c - the ZIP of a .qdpx, built in memory with libzip and then
 * written to the caller's stream, so that the caller decides where it
 * goes (the CLI writes a temporary file and renames it).
 *
 * Entries carry a fixed date (the project's, else 1980-01-01) and fixed
 * permissions: the archive does not depend on when or where it was made,
 * and two runs on the same input write the same bytes. */
#define _POSIX_C_SOURCE 200809L /* pread, fileno */
#include "refi_internal.h"
#include <errno.h>
#include <stdio.h>
#include <unistd.h>
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

static int add_source(refi_zip *z, const char *name, zip_source_t *src, grille_error *err) {
    zip_int64_t idx = zip_file_add(z->za, name, src, ZIP_FL_ENC_UTF_8);
    if (idx < 0) {
        if (src) zip_source_free(src);
        return zip_failed(err, zip_get_error(z->za), name);
    }
    if (zip_file_set_dostime(z->za, (zip_uint64_t)idx, z->dostime, z->dosdate, 0) < 0 ||
        zip_file_set_external_attributes(z->za, (zip_uint64_t)idx, 0, ZIP_OPSYS_UNIX, 0100644u << 16) < 0)
        return zip_failed(err, zip_get_error(z->za), name);
    return GRILLE_OK;
}

int refi_zip_add(refi_zip *z, const char *name, const void *data, size_t len, grille_error *err) {
    zip_source_t *src = zip_source_buffer(z->za, data, len, 0);
    if (!src) return zip_failed(err, zip_get_error(z->za), name);
    return add_source(z, name, src, err);
}

/* An entry read from part of a file as libzip compresses it (at
 * refi_zip_finish()), so that the texts of a project need not be held
 * in memory. */
typedef struct file_part {
    FILE *f;
    long long at;
    size_t len, pos;
    zip_error_t ze;
} file_part;

static zip_int64_t read_part(void *ud, void *data, zip_uint64_t len, zip_source_cmd_t cmd) {
    file_part *fp = ud;
    switch (cmd) {
    case ZIP_SOURCE_OPEN: fp->pos = 0; return 0;
    case ZIP_SOURCE_READ: {
        size_t want = fp->len - fp->pos;
        if (len < want) want = (size_t)len;
        if (want == 0) return 0;
        ssize_t got = pread(fileno(fp->f), data, want, (off_t)(fp->at + (long long)fp->pos));
        if (got <= 0) {
            zip_error_set(&fp->ze, ZIP_ER_READ, got < 0 ? errno : EIO);
            return -1;
        }
        fp->pos += (size_t)got;
        return got;
    }
    case ZIP_SOURCE_CLOSE: return 0;
    case ZIP_SOURCE_STAT: {
        zip_stat_t *st = data;
        if (len < sizeof *st) {
            zip_error_set(&fp->ze, ZIP_ER_INVAL, 0);
            return -1;
        }
        zip_stat_init(st);
        st->size = fp->len;
        st->valid |= ZIP_STAT_SIZE;
        return (zip_int64_t)sizeof *st;
    }
    case ZIP_SOURCE_ERROR: return zip_error_to_data(&fp->ze, data, len);
    case ZIP_SOURCE_FREE:
        zip_error_fini(&fp->ze);
        free(fp);
        return 0;
    case ZIP_SOURCE_SUPPORTS:
        return zip_source_make_command_bitmap(ZIP_SOURCE_OPEN, ZIP_SOURCE_READ, ZIP_SOURCE_CLOSE, ZIP_SOURCE_STAT,
                                              ZIP_SOURCE_ERROR, ZIP_SOURCE_FREE, -1);
    default: zip_error_set(&fp->ze, ZIP_ER_OPNOTSUPP, 0); return -1;
    }
}

int refi_zip_add_file(refi_zip *z, const char *name, FILE *f, long long at, size_t len, grille_error *err) {
    file_part *fp = calloc(1, sizeof *fp);
    if (!fp) return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    fp->f = f;
    fp->at = at;
    fp->len = len;
    zip_error_init(&fp->ze);
    zip_source_t *src = zip_source_function(z->za, read_part, fp);
    if (!src) {
        zip_error_fini(&fp->ze);
        free(fp);
        return zip_failed(err, zip_get_error(z->za), name);
    }
    return add_source(z, name, src, err);
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

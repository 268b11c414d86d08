/* zipread.c - named entries of an in-memory ZIP archive, with limits
 * against zip bombs. */
#include "zipread.h"
#include "source.h"
#include <stdio.h>
#include <zip.h>

struct zipread {
    zip_t *za;
    const char *file;
};

#define CHUNK ((size_t)64 << 10)

static int damaged(const char *file, const char *what, zip_error_t *ze, grille_error *err) {
    if (ze && zip_error_code_zip(ze) == ZIP_ER_MEMORY)
        return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
    const char *why = ze ? zip_error_strerror(ze) : grille_msg("unreadable");
    return what ? grille_fail(err, GRILLE_ETRANSCRIPT, file, 0, 0, 0, "damaged archive, %s: %s", what, why)
                : grille_fail(err, GRILLE_ETRANSCRIPT, file, 0, 0, 0, "damaged archive: %s", why);
}

/* What a file that is not a ZIP archive most likely is, to say so. */
static int not_zip(const char *data, size_t len, const char *file, const char *kind, grille_error *err) {
    if (len == 0)
        return grille_fail(err, GRILLE_ETRANSCRIPT, file, 0, 0, 0, "empty file: not a ZIP file (is it really a %s?)",
                           kind);
    /* Word's .doc and password-protected .docx/.odt are OLE2 compound files */
    if (len >= 8 && memcmp(data, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return grille_fail(err, GRILLE_ETRANSCRIPT, file, 0, 0, 0,
                           "not a ZIP file but an OLE2 compound file: an old Word .doc, or a "
                           "password-protected document; open it and save it again as %s without "
                           "a password",
                           kind);
    return grille_fail(err, GRILLE_ETRANSCRIPT, file, 0, 0, 0, "not a ZIP file (is it really a %s?)", kind);
}

int zipread_open(zipread **z, const char *data, size_t len, const char *file, const char *kind, grille_error *err) {
    *z = NULL;
    if (!file) file = "<memory>";
    if (len == 0) return not_zip(data, len, file, kind, err);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (!src) {
        int rc = damaged(file, NULL, &ze, err);
        zip_error_fini(&ze);
        return rc;
    }
    zip_t *za = zip_open_from_source(src, ZIP_RDONLY, &ze);
    if (!za) {
        zip_source_free(src);
        int code = zip_error_code_zip(&ze);
        int rc = code == ZIP_ER_NOZIP ? not_zip(data, len, file, kind, err) : damaged(file, NULL, &ze, err);
        zip_error_fini(&ze);
        return rc;
    }
    zip_error_fini(&ze);
    zipread *r = malloc(sizeof *r);
    if (!r) {
        zip_discard(za);
        return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
    }
    r->za = za;
    r->file = file;
    *z = r;
    return GRILLE_OK;
}

void zipread_close(zipread *z) {
    if (!z) return;
    zip_discard(z->za); /* read-only: nothing to write back */
    free(z);
}

int zipread_has(zipread *z, const char *name) { return zip_name_locate(z->za, name, ZIP_FL_NOCASE) >= 0; }

/* Refuses what the central directory says would be a bomb. */
static int check_sizes(zipread *z, const char *name, const zip_stat_t *st, grille_error *err) {
    if (!(st->valid & ZIP_STAT_SIZE) || !(st->valid & ZIP_STAT_COMP_SIZE))
        return grille_fail(err, GRILLE_ETRANSCRIPT, z->file, 0, 0, 0, "damaged archive: %s has no recorded size", name);
    if ((st->valid & ZIP_STAT_ENCRYPTION_METHOD) && st->encryption_method != ZIP_EM_NONE)
        return grille_fail(err, GRILLE_ETRANSCRIPT, z->file, 0, 0, 0,
                           "%s is encrypted: save the document again without a password", name);
    if (st->size > SOURCE_MAX_ENTRY)
        return grille_fail(err, GRILLE_ELIMIT, z->file, 0, 0, 0,
                           "%s would inflate to %llu bytes, over the %zu MiB grille reads from one "
                           "part of an archive (a zip bomb?)",
                           name, (unsigned long long)st->size, SOURCE_MAX_ENTRY >> 20);
    if (st->size > ZIPREAD_RATIO_FLOOR && (st->comp_size == 0 || st->size / st->comp_size > SOURCE_MAX_RATIO))
        return grille_fail(err, GRILLE_ELIMIT, z->file, 0, 0, 0,
                           "%s would inflate from %llu to %llu bytes, more than %d times its "
                           "compressed size (a zip bomb?)",
                           name, (unsigned long long)st->comp_size, (unsigned long long)st->size, SOURCE_MAX_RATIO);
    return GRILLE_OK;
}

struct zipread_file {
    zipread *z;
    const char *name;
    zip_int64_t idx;
    zip_file_t *f;
    zip_uint64_t size, left; /* declared size, bytes still to come */
};

int zipread_fopen(zipread *z, const char *name, zipread_file **out, grille_error *err) {
    *out = NULL;
    zip_int64_t idx = zip_name_locate(z->za, name, ZIP_FL_NOCASE);
    if (idx < 0) return GRILLE_OK;
    zip_stat_t st;
    zip_stat_init(&st);
    if (zip_stat_index(z->za, (zip_uint64_t)idx, 0, &st) != 0) return damaged(z->file, name, zip_get_error(z->za), err);
    int rc = check_sizes(z, name, &st, err);
    if (rc) return rc;
    zipread_file *f = malloc(sizeof *f);
    if (!f) return grille_fail(err, GRILLE_ENOMEM, z->file, 0, 0, 0, "out of memory");
    *f = (zipread_file){z, name, idx, NULL, st.size, st.size};
    f->f = zip_fopen_index(z->za, (zip_uint64_t)idx, 0);
    if (!f->f) {
        free(f);
        return damaged(z->file, name, zip_get_error(z->za), err);
    }
    *out = f;
    return GRILLE_OK;
}

unsigned long long zipread_fsize(const zipread_file *f) { return (unsigned long long)f->size; }

/* Reads up to the declared size, then one byte more: libzip checks the
 * CRC when it reaches the end of the entry, and an entry that goes past
 * its declared size is not the one the directory describes. */
long zipread_fread(zipread_file *f, char *buf, size_t cap, grille_error *err) {
    zipread *z = f->z;
    if (f->left == 0) {
        if (!f->f) return 0;
        char extra;
        zip_int64_t got = zip_fread(f->f, &extra, 1);
        if (got < 0) return damaged(z->file, f->name, zip_file_get_error(f->f), err);
        if (got > 0)
            return grille_fail(err, GRILLE_ETRANSCRIPT, z->file, 0, 0, 0,
                               "damaged archive: %s is longer than its declared size", f->name);
        zip_fclose(f->f);
        f->f = NULL;
        return 0;
    }
    size_t n = f->left < cap ? (size_t)f->left : cap;
    if (n > CHUNK) n = CHUNK;
    zip_int64_t got = zip_fread(f->f, buf, n);
    if (got < 0) return damaged(z->file, f->name, zip_file_get_error(f->f), err);
    if (got == 0)
        return grille_fail(err, GRILLE_ETRANSCRIPT, z->file, 0, 0, 0,
                           "damaged archive: %s is shorter than its declared size", f->name);
    f->left -= (zip_uint64_t)got;
    return (long)got;
}

int zipread_frewind(zipread_file *f, grille_error *err) {
    if (f->f) zip_fclose(f->f);
    f->left = f->size;
    f->f = zip_fopen_index(f->z->za, (zip_uint64_t)f->idx, 0);
    if (!f->f) return damaged(f->z->file, f->name, zip_get_error(f->z->za), err);
    return GRILLE_OK;
}

void zipread_fclose(zipread_file *f) {
    if (!f) return;
    if (f->f) zip_fclose(f->f);
    free(f);
}

int zipread_entry(zipread *z, const char *name, char **out, size_t *len, grille_error *err) {
    *out = NULL;
    *len = 0;
    zipread_file *f;
    int rc = zipread_fopen(z, name, &f, err);
    if (rc || !f) return rc;
    /* one allocation for an ordinary part (the buffer would otherwise be
     * copied as it doubles); a declared size is trusted only this far */
    gbuf b = {0};
    size_t first = f->size < ((zip_uint64_t)32 << 20) ? (size_t)f->size : (size_t)32 << 20;
    if (gbuf_reserve(&b, first + 1)) rc = grille_fail(err, GRILLE_ENOMEM, z->file, 0, 0, 0, "out of memory");
    for (long got = 1; !rc && got > 0;) {
        size_t n = f->left < CHUNK ? (size_t)f->left : CHUNK;
        if (gbuf_reserve(&b, n + 1)) {
            rc = grille_fail(err, GRILLE_ENOMEM, z->file, 0, 0, 0, "out of memory");
            break;
        }
        got = zipread_fread(f, b.data + b.len, n, err);
        if (got < 0) rc = (int)got;
        else b.len += (size_t)got;
    }
    zipread_fclose(f);
    if (!rc && gbuf_putc(&b, '\0')) rc = grille_fail(err, GRILLE_ENOMEM, z->file, 0, 0, 0, "out of memory");
    if (rc) {
        gbuf_free(&b);
        return rc;
    }
    *out = b.data;
    *len = b.len - 1;
    return GRILLE_OK;
}

/* zipread.h - reading named entries of a ZIP archive held in memory
 * (a .docx, an .odt), hardened against zip bombs.
 *
 * An entry is refused when its declared inflated size is over
 * SOURCE_MAX_ENTRY, or when it is over ZIPREAD_RATIO_FLOOR and inflates
 * more than SOURCE_MAX_RATIO times its compressed size (source.h).  The
 * declared size is never trusted for memory: the entry is read in chunks
 * into a growing buffer and reading stops at the declared size; an entry
 * that goes on, or whose CRC is wrong, is a damaged archive.
 *
 * Ownership: the archive borrows the caller's bytes, which must outlive
 * it; close it with zipread_close().  An entry read is the caller's, to
 * free().
 *
 *     zipread *z;
 *     if ((rc = zipread_open(&z, data, len, "ei-01.docx", ".docx", err))) return rc;
 *     char *xml; size_t n;
 *     rc = zipread_entry(z, "word/document.xml", &xml, &n, err);
 *     zipread_close(z);
 */
#ifndef GRILLE_ZIPREAD_H
#define GRILLE_ZIPREAD_H
#include "internal.h"

/* Below this inflated size an entry is not judged by its ratio: deflate
 * reaches 1000:1 on a few kilobytes of repeated markup, and a bomb needs
 * size to hurt. */
#define ZIPREAD_RATIO_FLOOR ((size_t)1 << 20)

typedef struct zipread zipread;

/**
 * Opens the ZIP archive data[0..len).  file names it in messages; kind
 * is what the file should be (".docx", ".odt"), for "not a ZIP file (is
 * it really a .docx?)".  Returns GRILLE_OK and *z (close it with
 * zipread_close()), GRILLE_ETRANSCRIPT (not a ZIP file, a damaged one)
 * or GRILLE_ENOMEM.
 */
int zipread_open(zipread **z, const char *data, size_t len, const char *file, const char *kind, grille_error *err);

/**
 * Reads the entry called name (ASCII case ignored, as OPC part names
 * are) into *out, NUL-terminated, its length in *len.  An absent entry
 * is no error: GRILLE_OK with *out NULL.  Returns GRILLE_OK (free *out),
 * GRILLE_ELIMIT (a zip bomb), GRILLE_ETRANSCRIPT (damaged, encrypted) or
 * GRILLE_ENOMEM.
 */
int zipread_entry(zipread *z, const char *name, char **out, size_t *len, grille_error *err);

/* An entry read in pieces (zipread_entry() reads through it): the same
 * checks, without holding the whole entry in memory. */
typedef struct zipread_file zipread_file;

/* Opens the entry called name; an absent entry is GRILLE_OK with *f
 * NULL.  Errors as zipread_entry()'s.  Close it with zipread_fclose(),
 * before the archive. */
int zipread_fopen(zipread *z, const char *name, zipread_file **f, grille_error *err);

/* Reads up to cap bytes (cap >= 1) into buf: the count, 0 at the end of
 * the entry (its declared size reached, and its CRC checked), or a
 * negative GRILLE_E* code with err filled (damaged archive). */
long zipread_fread(zipread_file *f, char *buf, size_t cap, grille_error *err);

/* The entry's declared (inflated) size. */
unsigned long long zipread_fsize(const zipread_file *f);

/* Starts the entry over from its first byte. */
int zipread_frewind(zipread_file *f, grille_error *err);

void zipread_fclose(zipread_file *f);

/** Whether the archive has an entry called name. */
int zipread_has(zipread *z, const char *name);

/** Closes z (NULL is fine); the bytes it was opened on are untouched. */
void zipread_close(zipread *z);

#endif

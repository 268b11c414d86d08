/* refi.h - REFI-QDA internals the tests and fuzz targets reach: GUIDs,
 * slugs, and the imports from memory.  Not installed. */
#ifndef GRILLE_REFI_H
#define GRILLE_REFI_H
#include "internal.h"
#include <stdio.h>

/* The name-based GUID (UUID version 5, RFC 9562) of key[0..len) in
 * grille's namespace, as 36 lower-case characters and a NUL.  Keys are
 * "grille:theme:<codebook id>:<theme id>", "grille:source:<document id>",
 * "grille:selection:<document id>:<unit kind>:<unit index>:<theme id>"... */
void refi_guid(const char *key, size_t len, char out[37]);

/* refi_guid() of a key printed from parts; scratch holds a key too long
 * for a small buffer. */
void refi_guidf(char out[37], gbuf *scratch, const char *fmt, ...) GRILLE_PRINTF(3, 4);

/* Normalises a GUID as tools write it (braces, upper case, surrounding
 * white space, or 32 digits without hyphens) into out.  Returns 0, or -1
 * when s is not a GUID. */
int refi_guid_normalize(const char *s, char out[37]);

/* Appends to out an ASCII slug of the UTF-8 name: letters without their
 * accents, lower case, other characters as single hyphens, at most 40
 * characters, starting with a letter ("code" when nothing is left, "code-"
 * before a leading digit).  Returns GRILLE_OK or GRILLE_ENOMEM. */
int refi_slug(const char *name, gbuf *out);

/* SHA-1 of data[0..len) into out (20 bytes).  For name-based GUIDs only:
 * not for anything that needs a secure hash. */
void refi_sha1(const void *data, size_t len, unsigned char out[20]);

/* The value of a hexadecimal digit, -1 for another character. */
int refi_hexval(int c);
/* XML white space. */
int refi_is_space(int c);

/* grille_refi_import_codebook() and grille_refi_import_gold() on a file
 * held in memory, data[0..len), called name in messages: a ZIP when it
 * starts like one, else XML.  data must stay valid during the call.  For
 * the fuzz targets, which must not go through a file. */
int refi_import_codebook_buffer(const char *name, const void *data, size_t len, FILE *out, grille_error *err);
int refi_import_gold_buffer(const char *name, const void *data, size_t len, const grille_codebook *cb, FILE *out,
                            grille_error *err);

#endif

/* refi_internal.h - what the REFI-QDA modules share: the XML writer
 * (refi_xml.c) and the ZIP writer (refi_zip.c).  The GUIDs and slugs are
 * in refi.h, which the tests and fuzz targets include without libxml2's
 * flags.  Not installed. */
#ifndef GRILLE_REFI_INTERNAL_H
#define GRILLE_REFI_INTERNAL_H
#include "refi.h"
#include <stdio.h>
#include <libxml/xmlwriter.h>

#define REFI_NS_CODEBOOK "urn:QDA-XML:codebook:1.0"
#define REFI_NS_PROJECT "urn:QDA-XML:project:1.0"
#define REFI_NS_GRILLE "urn:grille:codebook:1"
#define REFI_ORIGIN "grille " GRILLE_VERSION_STRING

/* ------------------------------------------------------------------ */
/* XML writer (refi_xml.c)                                             */

/* A document written into memory.  A libxml2 call fails only for
 * memory: the first failure sets bad, and every later call does
 * nothing, so that a document is checked once, by refi_xw_finish(). */
typedef struct refi_xw {
    xmlBufferPtr buf;
    xmlTextWriterPtr w;
    gbuf tmp; /* the last string made safe for XML */
    int bad;
} refi_xw;

/* Starts a document (XML declaration, two-space indent).  GRILLE_OK or
 * GRILLE_ENOMEM; refi_xw_free() in both cases. */
int refi_xw_open(refi_xw *x);
/* Ends the document; its text is then in x->buf.  GRILLE_ENOMEM when
 * any call failed. */
int refi_xw_finish(refi_xw *x);
void refi_xw_free(refi_xw *x);
/* s[0..n) with the characters XML 1.0 forbids as U+FFFD, in x->tmp
 * (valid until the next call). */
const char *refi_xw_safe(refi_xw *x, const char *s, size_t n);
void refi_xw_start(refi_xw *x, const char *name);
void refi_xw_end(refi_xw *x);
void refi_xw_attr(refi_xw *x, const char *name, const char *s);
void refi_xw_attrn(refi_xw *x, const char *name, const char *s, size_t n);
void refi_xw_attr_size(refi_xw *x, const char *name, size_t v);
void refi_xw_text_element(refi_xw *x, const char *name, const char *s);
/* A comment ("--" and a final '-' spaced out, as XML requires). */
void refi_xw_comment(refi_xw *x, const char *s);
/* Writes the finished document to out: GRILLE_OK or GRILLE_EIO. */
/* Writes the document to out; on failure "what: why" in err. */
int refi_xw_write(FILE *out, const refi_xw *x, const char *what, grille_error *err);

/* Whether s is a colour as REFI-QDA writes it: #RRGGBB or #RGB. */
int refi_is_rgb(const char *s);

/* ------------------------------------------------------------------ */
/* The codes of a codebook (refi_codes.c)                              */

/* The name of the variable that holds a document's id in a project. */
#define REFI_DOCUMENT_VARIABLE "grille:document"

typedef struct refi_codes {
    size_t n;          /* themes of the codebook */
    int *first, *next; /* sub-themes, in order; -1 ends */
    char (*guid)[37];
    char **name;      /* unique within the file, without case */
    char (*color)[8]; /* #rrggbb */
} refi_codes;

/* The codes of cb's themes; warn (may be NULL) hears of each theme whose
 * code name is not its label.  GRILLE_OK or GRILLE_ENOMEM. */
int refi_codes_build(refi_codes *t, const grille_codebook *cb, grille_warn_fn warn, void *warn_ctx);
void refi_codes_free(refi_codes *t);
/* The key names are compared by: case-folded, composed, trimmed. */
int refi_name_key(const char *name, gbuf *key);

/* ------------------------------------------------------------------ */
/* ZIP writer (refi_zip.c)                                             */

typedef struct refi_zip refi_zip;
/* A new archive in memory into *out, whose entries are dated date (year,
 * month, day, hour, minute, second), or 1980-01-01 when date is NULL. */
int refi_zip_new(refi_zip **out, const int date[6], grille_error *err);
/* Adds data[0..len) as entry name.  data is not copied: it must live
 * until refi_zip_finish() or refi_zip_discard(). */
int refi_zip_add(refi_zip *z, const char *name, const void *data, size_t len, grille_error *err);
/* Writes the archive to out and frees z, whatever the outcome. */
/* Adds f's bytes [at, at + len) as entry name, read when the archive is
 * written: f must stay open until refi_zip_finish() or
 * refi_zip_discard(). */
int refi_zip_add_file(refi_zip *z, const char *name, FILE *f, long long at, size_t len, grille_error *err);
int refi_zip_finish(refi_zip *z, FILE *out, const char *what, grille_error *err);
void refi_zip_discard(refi_zip *z);

#endif

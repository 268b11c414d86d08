/* internal.h - helpers shared by the library's modules; not installed. */
#ifndef GRILLE_INTERNAL_H
#define GRILLE_INTERNAL_H

#include "grille.h"
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* A string and its length, known at compile time: the word lists read
 * in the hot loops (elisions, abbreviations...), where strlen() cost. */
typedef struct sized_str {
    const char *s;
    size_t n;
} sized_str;
#define SIZED_STR(w) \
    { w, sizeof w - 1 }

/* n bytes (1 to 7) as one number: the bytes, and n in the top byte, so
 * that strings of different lengths differ.  A short word compared with
 * a list's keys without a branch (a loop that stopped at the first of
 * the right length and bytes mispredicted its tests). */
static inline uint64_t short_key(const void *p, size_t n) {
    const unsigned char *b = p;
    uint64_t key = (uint64_t)n << 56;
    for (size_t i = 0; i < n; i++) key |= (uint64_t)b[i] << (8 * i);
    return key;
}

/* Whether key is among the n keys. */
static inline int short_key_in(const uint64_t *keys, size_t n, uint64_t key) {
    int found = 0;
    for (size_t i = 0; i < n; i++) found |= keys[i] == key;
    return found;
}

#if defined(__GNUC__)
#define GRILLE_PRINTF(a, b) __attribute__((format(printf, a, b)))
#else
#define GRILLE_PRINTF(a, b)
#endif

/* A small helper of a hot loop that the compiler would call: inlined
 * everywhere (measured where it is used). */
#if defined(__GNUC__)
#define GRILLE_ALWAYS_INLINE inline __attribute__((always_inline))
#else
#define GRILLE_ALWAYS_INLINE inline
#endif

/* A message's format in the application's language: the library's
 * messages are in the "grille" gettext domain, and follow whatever
 * locale and binding the program chose (it sets none itself: a program
 * that binds nothing gets English).  Every helper that formats a
 * message passes its format through it; msgid itself without NLS. */
#if defined(__GNUC__)
const char *grille_msg(const char *msgid) __attribute__((format_arg(1)));
#else
const char *grille_msg(const char *msgid);
#endif
/* Marks a message (a fragment passed as a %s, a message handed over
 * whole) for xgettext, translated by grille_msg() where it is used. */
#define N_(s) (s)

/* Fills err (if not NULL) and returns code, so callers can write
 * "return grille_fail(err, ...)".  fmt goes through grille_msg(). */
int grille_fail(grille_error *err, int code, const char *file, unsigned line, unsigned column, size_t byte_offset,
                const char *fmt, ...) GRILLE_PRINTF(7, 8);
/* The same with a va_list: for the modules' own fail() wrappers, and
 * for filling a diagnostic or a note (which are records of the same
 * kind) in place. */
int grille_vfail(grille_error *err, int code, const char *file, unsigned line, unsigned column, size_t byte_offset,
                 const char *fmt, va_list ap) GRILLE_PRINTF(7, 0);
void grille_error_clear(grille_error *err);

/* Writers' errors (every writer takes a grille_error).  what is a msgid
 * that names what could not be written, N_("cannot write the matrix"),
 * and the message is "what: why". */
/* At the end of a writer: flushes out (a full disk often shows only
 * then, and the caller must learn it from the writer) and returns
 * GRILLE_OK, or GRILLE_EIO with the reason stdio left in errno. */
int grille_write_end(FILE *out, grille_error *err, const char *what);
/* code (GRILLE_EUSAGE, GRILLE_ENOMEM) with why, a msgid:
 * N_("no output stream"). */
int grille_write_fail(grille_error *err, int code, const char *what, const char *why);
/* GRILLE_EUSAGE: fmt is not a format this writer writes (named). */
int grille_write_bad_format(grille_error *err, const char *what, grille_format fmt);

/* Copies the caller's options struct opts (NULL: the defaults) into
 * local, a full-size struct of this library's version: the defaults
 * first, then the caller's first opts->size bytes, so that the fields
 * an older caller does not know keep their defaults (grille.h,
 * "Options").  A size below min (0: a struct not made with its
 * _OPTIONS_INIT macro) is GRILLE_EUSAGE, with a message naming type and
 * init.  Use it through GRILLE_OPTIONS_COPY. */
int grille_options_copy(void *local, size_t full, const void *defaults, const void *opts, size_t min, const char *type,
                        const char *init, grille_error *err);
/* "rc = GRILLE_OPTIONS_COPY(grille_note_options, GRILLE_NOTE_OPTIONS_INIT,
 * by_variable, o, opts, err)": local must be a T, opts a const T *
 * (the conditional makes the compiler check it), first the field after
 * size, which the smallest size accepted covers. */
#define GRILLE_OPTIONS_COPY(T, INIT, first, local, opts, err)                              \
    grille_options_copy(&(local), sizeof(T), &(const T)INIT, 1 ? (opts) : (const T *)NULL, \
                        offsetof(T, first) + sizeof(((T *)NULL)->first), #T, #INIT, (err))

/* Growable byte buffer.  A failed append or printf returns
 * GRILLE_ENOMEM and sets failed, which stays set until gbuf_free(): a
 * text built in several steps is checked once, at the end, and is never
 * used cut short. */
typedef struct gbuf {
    char *data;
    size_t len, cap;
    int failed;
} gbuf;
int gbuf_reserve_slow(gbuf *b, size_t extra);
/* Room for extra more bytes and a terminating NUL: GRILLE_OK, or
 * GRILLE_ENOMEM (b->failed set).  The test is inline: tokenizing
 * reserves for every token, and the call was most of the cost. */
static inline int gbuf_reserve(gbuf *b, size_t extra) {
    return extra < b->cap - b->len ? GRILLE_OK : gbuf_reserve_slow(b, extra);
}
int gbuf_append(gbuf *b, const void *data, size_t len);
int gbuf_putc(gbuf *b, char c);
int gbuf_printf(gbuf *b, const char *fmt, ...) GRILLE_PRINTF(2, 3);
void gbuf_free(gbuf *b);

/* Growable array of fixed-size items: "ARRAY_PUSH(arr, n, cap, item)". */
int grille_grow(void **items, size_t *cap, size_t need, size_t item_size);
/* Room for one more item: the test inline (the arguments are plain
 * lvalues, read twice), the growing in grille_grow(). */
#define GROW(arr, n, cap) ((n) < (cap) ? GRILLE_OK : grille_grow((void **)&(arr), &(cap), (n) + 1, sizeof(*(arr))))

/* Stable sort with a context for the comparison (sort.c). */
int grille_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *ctx);

/* Reads the whole file at path into *out (appended; NUL-terminated),
 * refusing more than GRILLE_MAX_FILE bytes (readfile.c). */
#define GRILLE_MAX_FILE ((size_t)512 << 20)
int grille_read_file(const char *path, gbuf *out, grille_error *err);
/* The same with another limit (0: GRILLE_MAX_FILE). */
int grille_read_file_max(const char *path, gbuf *out, size_t max, grille_error *err);

char *grille_strdup(const char *s);
char *grille_strndup(const char *s, size_t n);

/* ASCII case-insensitive equality (file extensions, encodings, keys,
 * table columns): a whole string, and n bytes. */
static inline char grille_ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c; }
static inline int grille_ascii_ieq(const char *a, const char *b) {
    for (; *a && *b; a++, b++)
        if (grille_ascii_lower(*a) != grille_ascii_lower(*b)) return 0;
    return *a == *b;
}
static inline int grille_ascii_ieq_n(const char *a, const char *b, size_t n) {
    for (size_t i = 0; i < n; i++)
        if (grille_ascii_lower(a[i]) != grille_ascii_lower(b[i])) return 0;
    return 1;
}

/* FNV-1a: small, fast enough for short words.  Incremental: the hash
 * of s[0..n+1) is grille_hash_step(hash of s[0..n), s[n]), which lets
 * the matcher hash every prefix of a word in one pass. */
#define GRILLE_HASH_SEED 2166136261u
static inline uint32_t grille_hash_step(uint32_t h, unsigned char c) { return (h ^ c) * 16777619u; }
static inline uint32_t grille_hash(const char *s, size_t n) {
    uint32_t h = GRILLE_HASH_SEED;
    for (size_t i = 0; i < n; i++) h = grille_hash_step(h, (unsigned char)s[i]);
    return h;
}

/* spool.c: an anonymous temporary file (w+b) in $TMPDIR, else /tmp,
 * mode 0600, already unlinked.  NULL on failure: *oom says whether for
 * lack of memory (else errno says why); *where names the directory. */
FILE *spool_open(const char **where, int *oom);

#endif

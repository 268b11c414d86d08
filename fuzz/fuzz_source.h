/* fuzz_source.h - what the fuzz targets of the source.h readers check
 * after each read: the text is UTF-8 without NUL, every turn lies in it
 * with its offsets in order, and a failure says where and why. */
#ifndef GRILLE_FUZZ_SOURCE_H
#define GRILLE_FUZZ_SOURCE_H
#include "source.h"
#include "utf8.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef int (*fuzz_reader_fn)(source *, const char *, size_t, grille_error *);

static void fuzz_check_source(const source *s) {
    const char *t = s->text.data;
    size_t n = s->text.len, prev = 0;
    if (n && (utf8_valid_prefix((const unsigned char *)t, n) != n || memchr(t, '\0', n))) __builtin_trap();
    for (size_t i = 0; i < s->nturns; i++) {
        const source_turn *u = &s->turns[i];
        if (u->label_b0 < prev || u->label_b0 > u->label_b1 || u->label_b1 > u->b0 || u->b0 > u->b1 || u->b1 > n ||
            u->time_ms < -1)
            __builtin_trap();
        prev = u->b1;
    }
}

static void fuzz_read(fuzz_reader_fn fn, const char *name, const uint8_t *data, size_t size) {
    source s;
    grille_error err;
    memset(&err, 0, sizeof err);
    source_init(&s, name);
    int rc = fn(&s, (const char *)data, size, &err);
    if (rc == GRILLE_OK) fuzz_check_source(&s);
    else if (err.code != rc || !err.message[0] ||
             (rc != GRILLE_ENOMEM && (err.line == 0 || err.column == 0 || err.byte_offset > size)))
        __builtin_trap();
    source_free(&s);
}

/* Runs fn on data, and on data behind `head` when data does not start
 * with it, so that mutations get past a format's first line. */
static void fuzz_read_with_head(fuzz_reader_fn fn, const char *name, const char *head, const uint8_t *data,
                                size_t size) {
    fuzz_read(fn, name, data, size);
    size_t h = strlen(head);
    if (size >= h && memcmp(data, head, h) == 0) return;
    uint8_t *copy = malloc(h + size + 1);
    if (!copy) return;
    memcpy(copy, head, h);
    if (size) memcpy(copy + h, data, size);
    fuzz_read(fn, name, copy, h + size);
    free(copy);
}

#endif

/* buffer.c - the growable arrays and byte buffers every module builds
 * its output in, and string copies.  Each returns GRILLE_ENOMEM (or
 * NULL) on a failed allocation and leaves what it was given intact, so
 * that a caller can free it the usual way. */
#include "internal.h"
#include <stdio.h>

int grille_grow(void **items, size_t *cap, size_t need, size_t item_size) {
    if (need <= *cap) return GRILLE_OK;
    size_t ncap = *cap ? *cap : 8;
    while (ncap < need) {
        if (ncap > SIZE_MAX / 2 / item_size) return GRILLE_ENOMEM;
        ncap *= 2;
    }
    void *p = realloc(*items, ncap * item_size);
    if (!p) return GRILLE_ENOMEM;
    *items = p;
    *cap = ncap;
    return GRILLE_OK;
}

int gbuf_reserve_slow(gbuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return GRILLE_OK;
    if (extra > SIZE_MAX - b->len - 1 || grille_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1)) {
        b->failed = 1;
        return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

int gbuf_append(gbuf *b, const void *data, size_t len) {
    if (gbuf_reserve(b, len)) return GRILLE_ENOMEM;
    if (len) memcpy(b->data + b->len, data, len);
    b->len += len;
    b->data[b->len] = '\0';
    return GRILLE_OK;
}

int gbuf_putc(gbuf *b, char c) { return gbuf_append(b, &c, 1); }

int gbuf_printf(gbuf *b, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = 1;
        return GRILLE_EUSAGE;
    }
    if (gbuf_reserve(b, (size_t)n)) return GRILLE_ENOMEM;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
    return GRILLE_OK;
}

void gbuf_free(gbuf *b) {
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = 0;
}

char *grille_strndup(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *grille_strdup(const char *s) { return grille_strndup(s, strlen(s)); }

/* error.c - error records, messages and small allocation helpers. */
#include "internal.h"
#include <stdio.h>

const char *grille_version(void) { return GRILLE_VERSION_STRING; }

const char *grille_strerror(int code) {
    switch (code) {
    case GRILLE_OK: return "success";
    case GRILLE_ENOMEM: return "out of memory";
    case GRILLE_EIO: return "input/output error";
    case GRILLE_EUTF8: return "invalid UTF-8";
    case GRILLE_EXML: return "malformed XML";
    case GRILLE_ESCHEMA: return "codebook does not follow the schema";
    case GRILLE_ECODEBOOK: return "invalid codebook";
    case GRILLE_EREGEX: return "invalid regular expression";
    case GRILLE_ETRANSCRIPT: return "invalid transcript";
    case GRILLE_ELIMIT: return "input exceeds a limit";
    case GRILLE_EUSAGE: return "invalid argument";
    case GRILLE_EMATCH: return "regular expression match limit reached";
    case GRILLE_ELEXICON: return "lexicon missing or damaged";
    case GRILLE_ENOTBUILT: return "feature not built in";
    default: return "unknown error";
    }
}

void grille_error_clear(grille_error *err) {
    if (!err) return;
    memset(err, 0, sizeof *err);
}

int grille_fail(grille_error *err, int code, const char *file, unsigned line,
                unsigned column, size_t byte_offset, const char *fmt, ...) {
    if (!err) return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    err->byte_offset = byte_offset;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(err->message, sizeof err->message, fmt, ap);
    va_end(ap);
    return code;
}

char *grille_error_format(const grille_error *err, char *buf, size_t len) {
    if (!buf || len == 0) return buf;
    buf[0] = '\0';
    if (!err) return buf;
    size_t n = 0;
    if (err->file[0]) {
        int k = snprintf(buf, len, "%s:", err->file);
        n = k < 0 ? 0 : (size_t)k;
        if (n < len && err->line) {
            k = snprintf(buf + n, len - n, "%u:", err->line);
            n += k < 0 ? 0 : (size_t)k;
            if (n < len && err->column) {
                k = snprintf(buf + n, len - n, "%u:", err->column);
                n += k < 0 ? 0 : (size_t)k;
            }
        }
        if (n < len) {
            k = snprintf(buf + n, len - n, " ");
            n += k < 0 ? 0 : (size_t)k;
        }
    }
    if (n < len)
        snprintf(buf + n, len - n, "%s",
                 err->message[0] ? err->message : grille_strerror(err->code));
    return buf;
}

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

int gbuf_reserve(gbuf *b, size_t extra) {
    if (b->len + extra + 1 <= b->cap) return GRILLE_OK;
    return grille_grow((void **)&b->data, &b->cap, b->len + extra + 1, 1);
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
    if (n < 0) return GRILLE_EUSAGE;
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
}

char *grille_strndup(const char *s, size_t n) {
    char *p = malloc(n + 1);
    if (!p) return NULL;
    memcpy(p, s, n);
    p[n] = '\0';
    return p;
}

char *grille_strdup(const char *s) { return grille_strndup(s, strlen(s)); }

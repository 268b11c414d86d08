/* fold.c - see fold.h.  utf8proc_map costs ~45 MB/s; a table for the
 * Latin blocks covers nearly all French text at table speed. */
#include "fold.h"
#include "utf8.h"
#include <utf8proc.h>

static utf8proc_option_t map_options(const fold_table *t) {
    utf8proc_option_t o = UTF8PROC_STABLE | UTF8PROC_COMPOSE;
    if (t->case_fold) o |= UTF8PROC_CASEFOLD;
    if (t->accent_fold) o |= UTF8PROC_STRIPMARK;
    return o;
}

/* Maps one code point sequence through utf8proc, then replaces
 * apostrophes and middle dots (they are not folded by Unicode). */
static int map_slow(const fold_table *t, const char *s, size_t len, gbuf *out) {
    utf8proc_uint8_t *mapped = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &mapped, map_options(t));
    if (n < 0) {
        free(mapped);
        /* input is validated upstream: only memory can fail here */
        return GRILLE_ENOMEM;
    }
    int rc = GRILLE_OK;
    for (utf8proc_ssize_t i = 0; i < n && rc == GRILLE_OK;) {
        int32_t cp;
        int k = utf8_decode(mapped + i, &cp);
        if (fold_is_apostrophe(cp)) rc = gbuf_putc(out, '\'');
        else if (fold_is_middle_dot(cp)) rc = gbuf_append(out, "\xC2\xB7", 2);
        else rc = gbuf_append(out, mapped + i, (size_t)k);
        i += k;
    }
    free(mapped);
    return rc;
}

int fold_table_init(fold_table *t, int case_fold, int accent_fold) {
    memset(t, 0, sizeof *t);
    t->case_fold = case_fold;
    t->accent_fold = accent_fold;
    gbuf b = {0};
    for (int32_t cp = 0; cp < FOLD_TABLE_SIZE; cp++) {
        char in[4];
        int k = utf8_encode(cp, in);
        b.len = 0;
        if (map_slow(t, in, (size_t)k, &b)) {
            gbuf_free(&b);
            return GRILLE_ENOMEM;
        }
        fold_entry *e = &t->map[cp];
        if (b.len <= sizeof e->bytes) {
            memcpy(e->bytes, b.data, b.len);
            e->len = (unsigned char)b.len;
        } else { /* never for these blocks; keep the identity */
            memcpy(e->bytes, in, (size_t)k);
            e->len = (unsigned char)k;
        }
    }
    gbuf_free(&b);
    return GRILLE_OK;
}

static int is_combining(const unsigned char *p, const unsigned char *end) {
    if (p >= end) return 0;
    int32_t cp;
    if (p[0] < 0x80) return 0;
    utf8_decode(p, &cp);
    return (cp >= 0x300 && cp < 0x370) || (cp >= 0x1AB0 && cp < 0x1B00) || (cp >= 0x1DC0 && cp < 0x1E00) ||
           (cp >= 0x20D0 && cp < 0x2100) || (cp >= 0xFE20 && cp < 0xFE30);
}

/* Lead bytes of the blocks is_combining() looks at (U+0300, U+1AB0,
 * U+1DC0, U+20D0, U+FE20): any other byte cannot start a combining mark. */
static inline int may_combine(const unsigned char *p, const unsigned char *end) {
    if (p >= end) return 0;
    unsigned char c = *p;
    return c == 0xCC || c == 0xCD || c == 0xE1 || c == 0xE2 || c == 0xEF;
}

int fold_append(const fold_table *t, const char *s, size_t len, gbuf *out) {
    const unsigned char *p = (const unsigned char *)s, *end = p + len;
    if (gbuf_reserve(out, len * 2 + 4)) return GRILLE_ENOMEM;
    while (p < end) {
        if (*p < 0x80 && !(may_combine(p + 1, end) && is_combining(p + 1, end))) {
            /* ASCII: folding never lengthens it */
            const fold_entry *e = &t->map[*p];
            if (e->len == 1) {
                out->data[out->len++] = e->bytes[0];
                p++;
                continue;
            }
        }
        int32_t cp;
        int k = utf8_decode(p, &cp);
        if (cp < FOLD_TABLE_SIZE && !(may_combine(p + k, end) && is_combining(p + k, end))) {
            const fold_entry *e = &t->map[cp];
            if (gbuf_append(out, e->bytes, e->len)) return GRILLE_ENOMEM;
            p += k;
            continue;
        }
        if (fold_is_apostrophe(cp) || cp == 0x2010 || cp == 0x2011) {
            if (gbuf_putc(out, cp == 0x2010 || cp == 0x2011 ? '-' : '\'')) return GRILLE_ENOMEM;
            p += k;
            continue;
        }
        /* A rare code point, or a base with combining marks: give utf8proc
         * the whole cluster so that NFC can compose it. */
        const unsigned char *q = p + k;
        while (is_combining(q, end)) {
            int32_t c2;
            q += utf8_decode(q, &c2);
        }
        if (map_slow(t, (const char *)p, (size_t)(q - p), out)) return GRILLE_ENOMEM;
        p = q;
    }
    if (gbuf_reserve(out, 0)) return GRILLE_ENOMEM;
    out->data[out->len] = '\0';
    return GRILLE_OK;
}

char *fold_dup(const fold_table *t, const char *s, size_t len) {
    gbuf b = {0};
    if (fold_append(t, s, len, &b)) {
        gbuf_free(&b);
        return NULL;
    }
    if (!b.data) return grille_strdup("");
    return b.data;
}

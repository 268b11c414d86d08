/* xml_ascii.c - an all-ASCII copy of a UTF-8 XML document for libxml2's
 * fast path, and the way back (see xml_ascii.h for why). */
#include "xml_ascii.h"
#include "utf8.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char hex[] = "0123456789ABCDEF";

/* A word of 8 bytes that holds a zero byte (Hacker's Delight). */
#define ONES 0x0101010101010101ULL
#define HAS_ZERO(v) (((v) - ONES) & ~(v) & (ONES << 7))

/* The XML declaration declares no encoding, or UTF-8. */
static int declared_utf8(const char *s, size_t len) {
    if (len < 5 || memcmp(s, "<?xml", 5) != 0) return 1;
    size_t n = len < 256 ? len : 256, end = 5;
    while (end + 1 < n && !(s[end] == '?' && s[end + 1] == '>')) end++;
    if (end + 1 >= n) return 0; /* no end within reach: leave it to libxml2 */
    for (size_t i = 5; i + 8 <= end; i++) {
        if (memcmp(s + i, "encoding", 8) != 0) continue;
        i += 8;
        while (i < end && (s[i] == ' ' || s[i] == '=' || s[i] == '\t' || s[i] == '\r' || s[i] == '\n')) i++;
        if (i >= end || (s[i] != '"' && s[i] != '\'')) return 0;
        char q = s[i++];
        size_t v = i;
        while (i < end && s[i] != q) i++;
        size_t vlen = i - v;
        char name[6];
        if (vlen != 5 && vlen != 4) return 0;
        for (size_t k = 0; k < vlen; k++) name[k] = (char)(s[v + k] | 0x20);
        return (vlen == 5 && memcmp(name, "utf-8", 5) == 0) || (vlen == 4 && memcmp(name, "utf8", 4) == 0);
    }
    return 1;
}

/* At s[i] == '&': a character reference to DEL (U+007F), which would
 * read as the start of an escape. */
static int refers_to_del(const char *s, size_t len, size_t i) {
    if (i + 1 >= len || s[i + 1] != '#') return 0;
    size_t k = i + 2;
    int base = 10;
    if (k < len && s[k] == 'x') { base = 16; k++; }
    unsigned long v = 0;
    for (; k < len && s[k] != ';'; k++) {
        int d = s[k] >= '0' && s[k] <= '9' ? s[k] - '0'
              : base == 16 && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f' ? (s[k] | 0x20) - 'a' + 10
              : -1;
        if (d < 0) return 0; /* not a reference: libxml2 says so */
        v = v * (unsigned long)base + (unsigned long)d;
        if (v > 0x10FFFF) return 0;
    }
    return v == 0x7F;
}

int xml_ascii_encode(const char *data, size_t len, char **out, size_t *outlen, int *in_markup) {
    const unsigned char *s = (const unsigned char *)data;
    *out = NULL;
    *outlen = 0;
    *in_markup = 0;
    if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) { s += 3; len -= 3; }
    if (!declared_utf8((const char *)s, len)) return 0;
    /* DEL itself, written or referred to, would read as an escape (word
     * processors never write it: no need to escape it) */
    if (memchr(s, XML_ASCII_ESCAPE, len)) return 0;
    for (const unsigned char *a = memchr(s, '&', len); a; a = memchr(a + 1, '&', len - (size_t)(a + 1 - s)))
        if (refers_to_del((const char *)s, len, (size_t)(a - s))) return 0;
    size_t cap = len + len / 2 + 8, o = 0, i = 0, region_end = 0;
    unsigned char *b = malloc(cap);
    if (!b) return -1;
    while (i < len) {
        size_t run = utf8_ascii_run(s + i, len - i);
        memcpy(b + o, s + i, run);
        o += run;
        i += run;
        if (i >= len) break;
        size_t n = utf8_sequence(s + i, len - i);
        if (!n) goto keep_original; /* libxml2 says where */
        /* U+FFFE and U+FFFF are not XML characters: libxml2 must see them */
        if (n == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE) goto keep_original;
        if (o + 3 * n > cap - (len - i - n)) goto keep_original; /* more than a quarter non-ASCII */
        for (size_t k = 0; k < n; k++) {
            b[o++] = XML_ASCII_ESCAPE;
            b[o++] = (unsigned char)hex[s[i + k] >> 4];
            b[o++] = (unsigned char)hex[s[i + k] & 15];
        }
        i += n;
        /* An attribute value holds no '<' and its tag ends with '>': an
         * escape followed by '<' before any '>' is not in one.  One look
         * per stretch between two '<'. */
        if (i > region_end && !*in_markup) {
            const unsigned char *lt = memchr(s + i, '<', len - i);
            region_end = lt ? (size_t)(lt - s) : len;
            if (memchr(s + i, '>', region_end - i)) *in_markup = 1;
        }
    }
    if (o == len) goto keep_original; /* all ASCII: nothing to gain */
    *out = (char *)b;
    *outlen = o;
    return 1;
keep_original:
    free(b);
    return 0;
}

static unsigned hex_value(unsigned char c) { return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10); }

size_t xml_ascii_decode(xml_ascii_state *st, const char *in, size_t len, char *out, size_t cap,
                        size_t *used) {
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0, o = 0;
    /* an escape begun in the previous piece */
    if (st->pending == 1 && i < len) { st->high = hex_value(u[i++]); st->pending = 2; }
    if (st->pending == 2 && i < len && o < cap) { out[o++] = (char)((st->high << 4) | hex_value(u[i++])); st->pending = 0; }
    while (i < len && o < cap && !st->pending) {
        unsigned char c = u[i];
        if (c != XML_ASCII_ESCAPE) {
            /* up to the next escape at once */
            const unsigned char *e = memchr(u + i, XML_ASCII_ESCAPE, len - i);
            size_t n = (e ? (size_t)(e - u) : len) - i;
            if (n > cap - o) n = cap - o;
            memcpy(out + o, u + i, n);
            o += n;
            i += n;
        } else if (i + 2 < len) {
            out[o++] = (char)((hex_value(u[i + 1]) << 4) | hex_value(u[i + 2]));
            i += 3;
        } else {
            /* the piece ends inside the escape */
            st->pending = 1;
            if (++i < len) { st->high = hex_value(u[i++]); st->pending = 2; }
        }
    }
    *used = i;
    return o;
}

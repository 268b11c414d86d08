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
#define HAS_ZERO(v) (((v)-ONES) & ~(v) & (ONES << 7))

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

/* At s[i] == '&': whether the reference there is to DEL (U+007F), which
 * would read as the start of an escape: 1 yes, 0 no, -1 when the piece
 * ends before the reference does, -2 when it is too long to judge. */
static int refers_to_del(const char *s, size_t len, size_t i) {
    if (i + 1 >= len) return -1;
    if (s[i + 1] != '#') return 0;
    size_t k = i + 2;
    int base = 10;
    if (k < len && s[k] == 'x') {
        base = 16;
        k++;
    }
    unsigned long v = 0;
    for (; k < len && s[k] != ';'; k++) {
        /* "&#0000...0127;" is DEL too: a reference this long is left to
         * the original's parse rather than carried from piece to piece */
        if (k - i > 32) return -2;
        int d = s[k] >= '0' && s[k] <= '9'                                   ? s[k] - '0'
                : base == 16 && (s[k] | 0x20) >= 'a' && (s[k] | 0x20) <= 'f' ? (s[k] | 0x20) - 'a' + 10
                                                                             : -1;
        if (d < 0) return 0; /* not a reference: libxml2 says so */
        v = v * (unsigned long)base + (unsigned long)d;
        if (v > 0x10FFFF) return 0;
    }
    if (k >= len) return -1;
    return v == 0x7F;
}

/* Whether s[0..n) could begin a UTF-8 sequence that the next piece ends. */
static int sequence_cut(const unsigned char *s, size_t n) {
    size_t want = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 0;
    if (!want || n >= want) return 0;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80) return 0;
    return 1;
}

/* An escape is in markup when a '>' comes before the next '<' (an
 * attribute value holds no '<' and its tag ends with '>'; a '>' in text
 * makes it say so too, which only costs decoding): from i on, in this
 * piece, and on in the next when the piece ends first.  Returns where
 * the stretch looked at ends (the next '<'). */
static size_t look_for_markup(xml_ascii_stream *st, const unsigned char *s, size_t len, size_t i) {
    const unsigned char *lt = memchr(s + i, '<', len - i);
    size_t end = lt ? (size_t)(lt - s) : len;
    if (memchr(s + i, '>', end - i)) {
        st->in_markup = 1;
        st->open = 0;
    } else st->open = !lt;
    return end;
}

long xml_ascii_encode_piece(xml_ascii_stream *st, const char *data, size_t len, int last, gbuf *out) {
    const unsigned char *s = (const unsigned char *)data;
    size_t i = 0;
    if (!len) return 0; /* (an empty document: libxml2 says so) */
    if (!st->started) {
        /* the BOM and the XML declaration are judged whole */
        if (!last && len < 256) return 0;
        st->started = 1;
        if (len >= 3 && memcmp(s, "\xEF\xBB\xBF", 3) == 0) i = 3;
        if (!declared_utf8((const char *)s + i, len - i)) return XML_ASCII_NOT_EQUIVALENT;
    }
    /* DEL itself, written or referred to, would read as an escape (word
     * processors never write it: no need to escape it) */
    if (memchr(s + i, XML_ASCII_ESCAPE, len - i)) return XML_ASCII_NOT_EQUIVALENT;
    size_t end = len;
    for (const unsigned char *a = memchr(s + i, '&', len - i); a; a = memchr(a + 1, '&', len - (size_t)(a + 1 - s))) {
        int r = refers_to_del((const char *)s, len, (size_t)(a - s));
        if (r == 1 || r == -2) return XML_ASCII_NOT_EQUIVALENT;
        if (r == -1 && !last) {
            end = (size_t)(a - s); /* judged with the next piece */
            break;
        }
        /* (cut short by the end of the document: not a reference, and
         * libxml2 says so) */
    }
    size_t region_end = 0;
    if (st->open && !st->in_markup) region_end = look_for_markup(st, s, len, i);
    while (i < end) {
        size_t run = utf8_ascii_run(s + i, end - i);
        if (gbuf_append(out, s + i, run)) return -1;
        i += run;
        if (i >= end) break;
        size_t n = utf8_sequence(s + i, end - i);
        if (!n) {
            if (!last && end == len && sequence_cut(s + i, end - i)) break; /* ends in the next piece */
            return XML_ASCII_NOT_EQUIVALENT;                                /* libxml2 says where */
        }
        /* U+FFFE and U+FFFF are not XML characters: libxml2 must see them */
        if (n == 3 && s[i] == 0xEF && s[i + 1] == 0xBF && s[i + 2] >= 0xBE) return XML_ASCII_NOT_EQUIVALENT;
        if (gbuf_reserve(out, 3 * n)) return -1;
        char *o = out->data + out->len;
        for (size_t k = 0; k < n; k++) {
            *o++ = XML_ASCII_ESCAPE;
            *o++ = hex[s[i + k] >> 4];
            *o++ = hex[s[i + k] & 15];
        }
        out->len += 3 * n;
        i += n;
        if (!st->in_markup && i > region_end) region_end = look_for_markup(st, s, len, i);
    }
    return (long)i;
}

static unsigned hex_value(unsigned char c) { return c <= '9' ? (unsigned)(c - '0') : (unsigned)(c - 'A' + 10); }

size_t xml_ascii_decode(xml_ascii_state *st, const char *in, size_t len, char *out, size_t cap, size_t *used) {
    const unsigned char *u = (const unsigned char *)in;
    size_t i = 0, o = 0;
    /* an escape begun in the previous piece */
    if (st->pending == 1 && i < len) {
        st->high = hex_value(u[i++]);
        st->pending = 2;
    }
    if (st->pending == 2 && i < len && o < cap) {
        out[o++] = (char)((st->high << 4) | hex_value(u[i++]));
        st->pending = 0;
    }
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
            if (++i < len) {
                st->high = hex_value(u[i++]);
                st->pending = 2;
            }
        }
    }
    *used = i;
    return o;
}

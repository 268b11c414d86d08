/* utf8.c - strict UTF-8 validation (RFC 3629) and position helpers. */
#include "utf8.h"
#include <string.h>

size_t utf8_valid_prefix(const unsigned char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        i += utf8_ascii_run(s + i, len - i);
        if (i >= len) break;
        size_t n = utf8_sequence(s + i, len - i);
        if (!n) return i;
        i += n;
    }
    return len;
}

int utf8_encode(int32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) { o[0] = (unsigned char)cp; return 1; }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

size_t utf8_count(const char *s, size_t len) {
    /* count bytes that are not continuation bytes (10xxxxxx), 8 at a time */
    size_t n = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t cont = w & ~(w << 1) & 0x8080808080808080ULL; /* bit7=1, bit6=0 */
        /* one bit per byte: a multiply sums them into the top byte (no
         * popcount instruction without -mpopcnt: the builtin was a call) */
        n += 8 - (size_t)(((cont >> 7) * 0x0101010101010101ULL) >> 56);
    }
    for (; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

void utf8_line_col(const char *s, size_t off, unsigned *line, unsigned *col) {
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') { l++; start = i + 1; }
    *line = l;
    *col = (unsigned)utf8_count(s + start, off - start) + 1;
}

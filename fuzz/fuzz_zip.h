/* fuzz_zip.h - a ZIP archive of stored entries with right CRCs, built in
 * memory by the fuzz targets that mean to reach the XML inside an
 * archive (.docx, .odt, .qdpx) rather than the archive's own checks. */
#ifndef GRILLE_FUZZ_ZIP_H
#define GRILLE_FUZZ_ZIP_H
#include "internal.h"
#include <stdint.h>

/* By a table: a fuzz target's own code is instrumented too, and the
 * bitwise loop's 8 comparisons a byte took a fifth of fuzz_xml_parts's
 * time in libFuzzer's comparison tracing. */
#if defined(__clang__)
__attribute__((no_sanitize("coverage")))
#endif
static inline uint32_t
crc32_of(const uint8_t *p, size_t n) {
    static uint32_t table[256];
    if (!table[1])
        for (uint32_t i = 0; i < 256; i++) {
            uint32_t c = i;
            for (int k = 0; k < 8; k++) c = (c >> 1) ^ (0xEDB88320u & (0u - (c & 1)));
            table[i] = c;
        }
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) c = table[(c ^ p[i]) & 0xFF] ^ (c >> 8);
    return ~c;
}

static inline void le(gbuf *b, uint32_t v, int bytes) {
    for (int i = 0; i < bytes; i++) gbuf_putc(b, (char)(v >> (8 * i)));
}

typedef struct zip_entry {
    const char *name;
    const uint8_t *data;
    size_t size;
} zip_entry;

/* The fields the local header and the central directory share, from
 * the flags to the extra field's length: a stored entry, no date. */
static inline void entry_fields(gbuf *z, uint32_t crc, size_t size, const char *name) {
    le(z, 0, 2); /* flags */
    le(z, 0, 2); /* method: stored */
    le(z, 0, 4); /* time and date */
    le(z, crc, 4);
    le(z, (uint32_t)size, 4); /* compressed */
    le(z, (uint32_t)size, 4);
    le(z, (uint32_t)strlen(name), 2);
    le(z, 0, 2); /* extra field */
}

/* A ZIP of stored entries; 0 when out of memory. */
static inline int make_zip(gbuf *z, const zip_entry *e, size_t n) {
    uint32_t offs[4], crcs[4];
    for (size_t i = 0; i < n; i++) {
        offs[i] = (uint32_t)z->len;
        crcs[i] = crc32_of(e[i].data, e[i].size);
        le(z, 0x04034b50, 4);
        le(z, 20, 2); /* version needed */
        entry_fields(z, crcs[i], e[i].size, e[i].name);
        gbuf_append(z, e[i].name, strlen(e[i].name));
        gbuf_append(z, e[i].data, e[i].size);
    }
    uint32_t cd = (uint32_t)z->len;
    for (size_t i = 0; i < n; i++) {
        le(z, 0x02014b50, 4);
        le(z, 20, 2); /* version made by */
        le(z, 20, 2); /* version needed */
        entry_fields(z, crcs[i], e[i].size, e[i].name);
        le(z, 0, 2); /* comment */
        le(z, 0, 2); /* disk */
        le(z, 0, 2); /* internal attributes */
        le(z, 0, 4); /* external attributes */
        le(z, offs[i], 4);
        gbuf_append(z, e[i].name, strlen(e[i].name));
    }
    uint32_t cdlen = (uint32_t)z->len - cd;
    le(z, 0x06054b50, 4);
    le(z, 0, 2);
    le(z, 0, 2);
    le(z, (uint32_t)n, 2);
    le(z, (uint32_t)n, 2);
    le(z, cdlen, 4);
    le(z, cd, 4);
    le(z, 0, 2);
    return z->data != NULL && !z->failed;
}

#endif

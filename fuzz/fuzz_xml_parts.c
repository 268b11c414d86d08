/* fuzz_xml_parts.c - libFuzzer target: any bytes as the XML part of a
 * document, wrapped in a ZIP archive built here (stored, with a right
 * CRC), so that the fuzzer works on the XML parsers and walkers rather
 * than on the archive: as word/document.xml and docProps/core.xml of a
 * .docx, as content.xml and meta.xml of an .odt.  Must never crash,
 * hang or leak; what it reads is UTF-8. */
#include "source.h"
#include "utf8.h"
#include <stdint.h>

static uint32_t crc32_of(const uint8_t *p, size_t n) {
    uint32_t c = 0xFFFFFFFFu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++) c = c & 1 ? (c >> 1) ^ 0xEDB88320u : c >> 1;
    }
    return ~c;
}

static void le(gbuf *b, uint32_t v, int bytes) {
    for (int i = 0; i < bytes; i++) gbuf_putc(b, (char)(v >> (8 * i)));
}

/* One stored entry per name, all holding data. */
static int make_zip(gbuf *z, const char *const *names, size_t n, const uint8_t *data, size_t size) {
    uint32_t crc = crc32_of(data, size), offs[4];
    for (size_t i = 0; i < n; i++) {
        offs[i] = (uint32_t)z->len;
        le(z, 0x04034b50, 4); le(z, 20, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 4);
        le(z, crc, 4); le(z, (uint32_t)size, 4); le(z, (uint32_t)size, 4);
        le(z, (uint32_t)strlen(names[i]), 2); le(z, 0, 2);
        gbuf_append(z, names[i], strlen(names[i]));
        gbuf_append(z, data, size);
    }
    uint32_t cd = (uint32_t)z->len;
    for (size_t i = 0; i < n; i++) {
        le(z, 0x02014b50, 4); le(z, 20, 2); le(z, 20, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 4);
        le(z, crc, 4); le(z, (uint32_t)size, 4); le(z, (uint32_t)size, 4);
        le(z, (uint32_t)strlen(names[i]), 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2); le(z, 0, 2);
        le(z, 0, 4); le(z, offs[i], 4);
        gbuf_append(z, names[i], strlen(names[i]));
    }
    uint32_t cdlen = (uint32_t)z->len - cd;
    le(z, 0x06054b50, 4); le(z, 0, 2); le(z, 0, 2); le(z, (uint32_t)n, 2); le(z, (uint32_t)n, 2);
    le(z, cdlen, 4); le(z, cd, 4); le(z, 0, 2);
    return z->data != NULL;
}

static void read_zip(source_kind kind, const char *const *names, size_t n, const uint8_t *data,
                     size_t size) {
    gbuf z = {0};
    if (!make_zip(&z, names, n, data, size)) { gbuf_free(&z); return; }
    source s;
    grille_error err;
    source_init(&s, "fuzz");
    int rc = source_read(&s, kind, z.data, z.len, NULL, &err);
    if (rc == GRILLE_OK && s.text.len &&
        utf8_valid_prefix((const unsigned char *)s.text.data, s.text.len) != s.text.len)
        __builtin_trap();
    for (size_t i = 0; i < s.nvars; i++)
        if (utf8_valid_prefix((const unsigned char *)s.values[i], strlen(s.values[i])) != strlen(s.values[i]))
            __builtin_trap();
    source_free(&s);
    gbuf_free(&z);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const docx[] = {"word/document.xml", "docProps/core.xml"};
    static const char *const odt[] = {"content.xml", "meta.xml"};
    if (size > 1 << 20) return 0;
    read_zip(SOURCE_DOCX, docx, 2, data, size);
    read_zip(SOURCE_ODT, odt, 2, data, size);
    return 0;
}

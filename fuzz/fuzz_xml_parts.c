/* fuzz_xml_parts.c - libFuzzer target: any bytes as the XML part of a
 * document, wrapped in a ZIP archive built here (stored, with a right
 * CRC), so that the fuzzer works on the XML parsers and walkers rather
 * than on the archive: as word/document.xml and docProps/core.xml of a
 * .docx, as content.xml and meta.xml of an .odt.  Must never crash,
 * hang or leak; what it reads is UTF-8. */
#include "source.h"
#include "fuzz_zip.h"
#include "utf8.h"
#include <stdint.h>

static void read_zip(source_kind kind, const char *const *names, size_t n, const uint8_t *data,
                     size_t size) {
    gbuf z = {0};
    zip_entry e[4];
    for (size_t i = 0; i < n && i < 4; i++) e[i] = (zip_entry){names[i], data, size};
    if (!make_zip(&z, e, n < 4 ? n : 4)) { gbuf_free(&z); return; }
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

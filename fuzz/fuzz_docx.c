/* fuzz_docx.c - libFuzzer target: any bytes as a .docx and as an .odt,
 * so the ZIP layer (zip bombs, damaged archives, lying sizes) and both
 * readers behind it are reached.  Must never crash, hang or leak, and
 * what it reads is UTF-8. */
#include "source.h"
#include "utf8.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const source_kind kinds[] = {SOURCE_DOCX, SOURCE_ODT};
    for (size_t k = 0; k < 2; k++) {
        source s;
        grille_error err;
        source_init(&s, "fuzz");
        int rc = source_read(&s, kinds[k], (const char *)data, size, NULL, &err);
        if (rc == GRILLE_OK && s.text.len &&
            utf8_valid_prefix((const unsigned char *)s.text.data, s.text.len) != s.text.len)
            __builtin_trap();
        if (rc != GRILLE_OK && rc != GRILLE_ENOMEM && !err.message[0]) __builtin_trap();
        source_free(&s);
    }
    return 0;
}

/* fuzz_html.c - libFuzzer target: any bytes as an HTML page, plain or
 * noScribe's.  Must never crash, hang or leak; the text is UTF-8 and the
 * turns lie inside it, in order. */
#include "source.h"
#include "utf8.h"
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    source s;
    grille_error err;
    source_init(&s, "fuzz.html");
    int rc = source_read(&s, SOURCE_HTML, (const char *)data, size, NULL, &err);
    if (rc == GRILLE_OK) {
        if (s.text.len && utf8_valid_prefix((const unsigned char *)s.text.data, s.text.len) != s.text.len)
            __builtin_trap();
        size_t end = 0;
        for (size_t i = 0; i < s.nturns; i++) {
            const source_turn *t = &s.turns[i];
            if (t->label_b0 < end || t->label_b0 > t->label_b1 || t->label_b1 > t->b0 || t->b0 > t->b1 ||
                t->b1 > s.text.len || memchr(s.text.data + t->b0, '\n', t->b1 - t->b0))
                __builtin_trap();
            end = t->b1;
        }
    }
    source_free(&s);
    return 0;
}

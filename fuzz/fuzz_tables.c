/* fuzz_tables.c - libFuzzer target: any bytes as the tables a researcher
 * types in a spreadsheet or another tool writes: a hand-coded gold (TSV),
 * and a variables or speakers table (CSV/TSV, any separator, encoding,
 * quoting), then used to read a small transcript.  Must never crash,
 * hang or leak. */
#include "grille.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    grille_error err;
    grille_gold *g = grille_gold_parse("fuzz.tsv", (const char *)data, size, &err);
    grille_gold_free(g);
    grille_table *t = grille_table_parse("fuzz.csv", (const char *)data, size, &err);
    if (t) {
        for (size_t i = 0; i < grille_table_row_count(t); i++) {
            /* every row has a key, and a line within the input */
            const char *key = grille_table_row_key(t, i);
            if (!key || grille_table_row_line(t, i) == 0) __builtin_trap();
            (void)grille_table_row_speaker(t, i);
        }
        static const char text[] = "Enquêtrice : Bonjour ?\nParticipante 3 : Oui.\nzoé : Non.\n";
        grille_read_options o = GRILLE_READ_OPTIONS_INIT;
        o.variables = t;
        o.speakers = t;
        o.id = "fuzz";
        grille_document *d = grille_document_parse("fuzz.txt", text, sizeof text - 1, &o, &err);
        for (size_t i = 0; d && i < grille_document_speaker_count(d); i++) {
            grille_speaker_info s;
            if (grille_document_speaker_get(d, i, &s) != GRILLE_OK || !s.label) __builtin_trap();
        }
        grille_document_free(d);
        grille_table_free(t);
    }
    return 0;
}

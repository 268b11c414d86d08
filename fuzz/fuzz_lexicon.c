/* fuzz_lexicon.c - libFuzzer target: any bytes as a compiled lexicon file
 * (GRILLE_LEXICON may name any file), then as a lexicon supplement (TSV).
 * A lexicon opens only when every index inside it is sound, and then no
 * lookup reads outside it or probes without end.  Must never crash, hang
 * or leak. */
#define _POSIX_C_SOURCE 200809L
#include "grille.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The lexicon is opened by path (it is mapped): one scratch file per
 * process, rewritten for each input. */
static char path[64];

static int write_input(const uint8_t *data, size_t size) {
    if (!path[0]) { snprintf(path, sizeof path, "/tmp/grille-fuzz-lexicon-%ld", (long)getpid()); }
    FILE *f = fopen(path, "wb");
    if (!f) return 0;
    int ok = fwrite(data, 1, size, f) == size;
    return fclose(f) == 0 && ok;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!write_input(data, size)) return 0;
    grille_error err;
    grille_lexicon *lx = grille_lexicon_open(path, &err);
    if (lx) {
        static const char *const words[] = {"coordinatrice", "élus", "élu·es", "ARS", "l'équipe", "zzz", "", "a"};
        grille_lemma out[16];
        for (size_t i = 0; i < sizeof words / sizeof words[0]; i++)
            (void)grille_lexicon_lookup(lx, words[i], strlen(words[i]), out, 16);
        grille_lexicon_free(lx);
    }
    /* the same bytes as a supplement, alone and on top of nothing */
    lx = grille_lexicon_extend(NULL, path, &err);
    if (lx) {
        grille_lemma out[16];
        (void)grille_lexicon_lookup(lx, "mot", 3, out, 16);
        grille_lexicon_free(lx);
    }
    unlink(path);
    return 0;
}

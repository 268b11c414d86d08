/* lexcompile.c - builds the compiled lexicon from TSV files at build time:
 *   lexcompile OUT.grl FILE.tsv...   (later files add entries) */
#include "lexicon.h"
#include <stdio.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: lexcompile OUT.grl FILE.tsv...\n");
        return 2;
    }
    grille_error err;
    if (lexicon_compile((const char *const *)argv + 2, (size_t)(argc - 2), argv[1], &err)) {
        char buf[1200];
        fprintf(stderr, "lexcompile: %s\n", grille_error_format(&err, buf, sizeof buf));
        return 1;
    }
    return 0;
}

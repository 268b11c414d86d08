/* cmd_lemma.c - grille lemma: what the lexicon says of words, and which
 * forms a lemma rule matches. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille lemma WORD...\n"
       "For each word, its candidate lemmas with their parts of speech (as grille\n"
       "reads it in a transcript), and the forms that <lemma>WORD</lemma> matches.\n"
       "The lexicon is $GRILLE_LEXICON, the build tree's or the installed\n"
       "lexique-fr.grl.\n"),
    NULL};

int cmd_lemma(int argc, char **argv) {
    if (argc < 2) {
        fputs(cli_help(help), stderr);
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++)
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(cli_help(help), stdout);
            return EXIT_OK;
        }
    const grille_lexicon *lx = cli_lexicon();
    if (!lx) {
        fprintf(stderr, _("grille lemma: no lexicon found (build it with make, or set GRILLE_LEXICON)\n"));
        return EXIT_INPUT;
    }
    for (int i = 1; i < argc; i++) {
        const char *w = argv[i];
        grille_lemma out[16];
        size_t n = grille_lexicon_lookup(lx, w, strlen(w), out, 16);
        printf("%s: ", w);
        if (n == 0) fputs(_("unknown to the lexicon"), stdout);
        for (size_t k = 0; k < n && k < 16; k++) printf("%s%s (%s)", k ? ", " : "", out[k].lemma, out[k].pos);
        putchar('\n');
        size_t nf = 0;
        const char **forms = NULL;
        grille_error err;
        int rc = grille_lexicon_rule_forms(lx, w, strlen(w), &forms, &nf, &err);
        if (rc) {
            cli_report(&err);
            return cli_exit_code(rc);
        }
        if (nf == 0) printf(_("  <lemma>%s</lemma> matches no form of the lexicon, only that exact word\n"), w);
        else {
            printf(ngettext("  <lemma>%s</lemma> matches %zu form:", "  <lemma>%s</lemma> matches %zu forms:", nf), w,
                   nf);
            for (size_t k = 0; k < nf; k++) printf(" %s", forms[k]);
            putchar('\n');
        }
        grille_lexicon_forms_free(forms);
    }
    return fflush(stdout) == 0 ? EXIT_OK : EXIT_INTERNAL;
}

/* cmd_check.c - grille check: validate a codebook, report every problem. */
#include "cli.h"
#include <string.h>

static const char help[] =
    "Usage: grille check CODEBOOK...\n"
    "Validate codebooks: XML, schema, unique ids, regexes, empty themes.\n"
    "Prints every problem as FILE:LINE:COLUMN: message.  Exit status 0 when\n"
    "all are valid (warnings allowed), 2 otherwise.\n";

int cmd_check(int argc, char **argv) {
    if (argc < 2) { fputs(help, stderr); return EXIT_INPUT; }
    int rc = EXIT_OK;
    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "--help") == 0 || strcmp(argv[i], "-h") == 0) {
            fputs(help, stdout);
            return EXIT_OK;
        }
        if (argv[i][0] == '-' && argv[i][1]) {
            fprintf(stderr, "grille check: unknown option '%s'\n%s", argv[i], help);
            return EXIT_INPUT;
        }
    }
    for (int i = 1; i < argc; i++) {
        grille_diagnostics *d = NULL;
        grille_error err;
        grille_codebook *cb = grille_codebook_load_all(argv[i], &d, &err);
        char buf[1200];
        for (size_t k = 0; k < grille_diagnostics_count(d); k++) {
            int is_error;
            const grille_error *e = grille_diagnostics_get(d, k, &is_error);
            fprintf(stderr, "%s%s\n", is_error ? "" : "warning: ",
                    grille_error_format(e, buf, sizeof buf));
        }
        if (cb) {
            size_t rules = 0, n = grille_codebook_theme_count(cb);
            for (size_t t = 0; t < n; t++) {
                grille_theme_info info;
                grille_codebook_theme(cb, t, &info);
                rules += info.rule_count;
            }
            printf("%s: ok: %zu themes, %zu top-level rules, coding unit %s\n", argv[i], n, rules,
                   grille_unit_kind_name(grille_codebook_unit(cb)));
        } else {
            if (grille_diagnostics_count(d) == 0) cli_report(&err);
            int c = cli_exit_code(err.code);
            if (c > rc) rc = c;
        }
        grille_diagnostics_free(d);
        grille_codebook_free(cb);
    }
    return rc;
}

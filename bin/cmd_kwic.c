/* cmd_kwic.c - grille kwic: a concordance of what the rules matched. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille kwic [OPTIONS] PATH...\n"
       "Write a concordance (keyword in context): one line per rule match of the\n"
       "coded segments, with the words before and after it in the speaker's turn,\n"
       "the theme, the rule, the document and the speaker.\n"
       "\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -t, --theme ID           only this theme and its sub-themes\n"
       "  -n, --context N          words of context on each side (default 8)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         tsv, csv or md (default: from -o's extension, else tsv)\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

int cmd_kwic(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"theme", required_argument, NULL, 't'},
                                             {"context", required_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille kwic", help);
    const char *theme_id = NULL;
    long context = 8;
    int c, rc = EXIT_OK;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "t:n:", longopts, NULL)) != -1) {
        switch (c) {
        case 't': theme_id = optarg; break;
        case 'n':
            context = strtol(optarg, &end, 10);
            if (!*optarg || *end || context < 0 || context > 200) {
                fprintf(stderr, _("grille kwic: --context takes a number of words from 0 to 200\n"));
                return EXIT_INPUT;
            }
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_TSV,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_MARKDOWN);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = NULL;
    cli_run run = {0, NULL, NULL};
    if (optind < argc && theme_id) {
        /* the theme is checked before any transcript is coded */
        if (!(cb = cli_load_codebook(o.codebook))) return EXIT_INPUT;
        size_t t = grille_codebook_theme_find(cb, theme_id);
        grille_codebook_free(cb);
        cb = NULL;
        if (t == GRILLE_NONE) {
            fprintf(stderr, _("grille kwic: the codebook has no theme '%s'\n"), theme_id);
            return EXIT_INPUT;
        }
    }
    rc = cli_common_code(&o, argc, argv, &cb, &run);
    if (rc == EXIT_OK) {
        size_t theme = theme_id ? grille_codebook_theme_find(cb, theme_id) : GRILLE_NONE;
        cli_output out;
        rc = cli_output_open(&out, o.output);
        if (rc == EXIT_OK) {
            grille_error err;
            int st = grille_kwic_write_header(out.f, (grille_format)fmt, &err);
            for (size_t i = 0; st == GRILLE_OK && i < run.n; i++)
                st = grille_kwic_write(out.f, (grille_format)fmt, cb, run.codings[i], theme, (size_t)context, &err);
            rc = cli_output_finish(&out, st, &err);
        }
    }
    cli_common_done(cb, &run);
    return rc;
}

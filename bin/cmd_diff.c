/* cmd_diff.c - grille diff: what a codebook change does to a corpus. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start.
     * xgettext:no-c-format (printed as it is) */
    N_("Usage: grille diff [OPTIONS] OLD.xml NEW.xml PATH...\n"
       "Code the transcripts with both codebooks and show, per theme, the units\n"
       "gained and lost: a summary table first, then each unit with its text and\n"
       "the rules responsible.\n"
       "\n"
       "      --max-lost N         exit with status 3 when a theme loses more than N units\n"
       "      --max-lost-share P   exit with status 3 when a theme loses more than P%\n"
       "                           of its units\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         md, tsv, csv or xlsx (default: from -o's extension,\n"
       "                           else md; xlsx: the sheets summary and changes)\n"
       "      --lang LANG          the language of a Markdown report, fr or en\n"
       "                           (default: the locale's); TSV, CSV and xlsx stay\n"
       "                           in English\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"
       "\n"
       "Exit status: 0 ok, 1 internal error, 2 bad input or usage, 3 a theme lost\n"
       "more than --max-lost or --max-lost-share allow.\n"),
    NULL};


static int fill(grille_workbook *wb, const void *d, grille_error *err) { return grille_diff_write_sheets(wb, d, err); }

int cmd_diff(int argc, char **argv) {
    static const struct option longopts[] = {{"max-lost", required_argument, NULL, 'L'},
                                             {"max-lost-share", required_argument, NULL, 'S'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"format", required_argument, NULL, 'f'},
                                             CLI_READ_LONGOPTS,
                                             CLI_EXCEL_LONGOPT,
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_LANG_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille diff", help);
    grille_language lang = cli_default_language();
    long max_lost = -1;
    double max_share = -1;
    int c, rc = EXIT_OK;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:f:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'L':
            max_lost = strtol(optarg, &end, 10);
            if (!*optarg || *end || max_lost < 0) {
                fprintf(stderr, _("grille diff: --max-lost takes a number of units\n"));
                return EXIT_INPUT;
            }
            break;
        case 'S':
            max_share = strtod(optarg, &end);
            if (*end == '%') end++;
            if (!*optarg || *end || !(max_share >= 0 && max_share <= 100)) {
                fprintf(stderr, _("grille diff: --max-lost-share takes a percentage (0 to 100)\n"));
                return EXIT_INPUT;
            }
            break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille diff", optarg, &lang)) return EXIT_INPUT;
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (argc - optind < 3) {
        fprintf(stderr, _("grille diff: give two codebooks and transcripts\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_MARKDOWN,
                                1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV |
                                    1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *old_cb = cli_load_codebook(argv[optind]);
    grille_codebook *new_cb = old_cb ? cli_load_codebook(argv[optind + 1]) : NULL;
    if (!old_cb || !new_cb) {
        grille_codebook_free(old_cb);
        return EXIT_INPUT;
    }
    char **paths = argv + optind + 2;
    size_t npaths = (size_t)(argc - optind - 2);
    cli_run a, b;
    rc = cli_code_corpus(old_cb, paths, npaths, o.interviewers, o.jobs, &a);
    if (rc == EXIT_OK) {
        rc = cli_code_corpus(new_cb, paths, npaths, o.interviewers, o.jobs, &b);
        if (rc == EXIT_OK) {
            grille_error err;
            grille_diff *d = grille_diff_new(old_cb, (const grille_coding *const *)a.codings, new_cb,
                                             (const grille_coding *const *)b.codings, a.n, &err);
            if (!d) {
                cli_report(&err);
                rc = cli_exit_code(err.code);
            } else {
                cli_output out;
                if (fmt == GRILLE_FORMAT_XLSX) rc = cli_write_workbook(o.output, fill, d);
                else if ((rc = cli_output_open(&out, o.output)) == EXIT_OK)
                    rc = cli_output_finish(&out, grille_diff_write(out.f, (grille_format)fmt, d, lang, &err), &err);
                double share;
                size_t lost = grille_diff_max_lost(d, &share);
                if (rc == EXIT_OK &&
                    ((max_lost >= 0 && lost > (size_t)max_lost) || (max_share >= 0 && share * 100 > max_share))) {
                    char pct[64];
                    fprintf(stderr,
                            ngettext("grille diff: themes lost more than allowed (largest loss: %zu unit; "
                                     "largest share lost: %s%%)\n",
                                     "grille diff: themes lost more than allowed (largest loss: %zu units; "
                                     "largest share lost: %s%%)\n",
                                     lost),
                            lost, cli_number(pct, sizeof pct, share * 100, 1));
                    rc = 3;
                }
                grille_diff_free(d);
            }
            cli_run_free(&b);
        }
        cli_run_free(&a);
    }
    grille_codebook_free(old_cb);
    grille_codebook_free(new_cb);
    return rc;
}

/* cmd_suggest.c - grille suggest: rules learned from a hand coding. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille suggest --gold GOLD [OPTIONS] PATH...\n"
       "Learn rules from a hand coding: mine the units of the transcripts the gold\n"
       "covers for candidate rules (words, globs on shared stems, lemmas, two- and\n"
       "three-word phrases, pairs of words within 5 words) and rank them, for each\n"
       "theme, by what adding each to the codebook would change: units gained,\n"
       "false positives and the change of the theme's F1, estimated by\n"
       "cross-validation over documents (no candidate is scored on the units it\n"
       "was mined from).  Also ranks the theme's rules that code units the gold\n"
       "leaves uncoded, with those false positives.  Read the examples before\n"
       "adding a rule: a word can be frequent in the gold's units by chance.\n"
       "\n"
       "  -g, --gold FILE          the gold (see grille eval)\n"
       "  -t, --theme ID           only this theme\n"
       "  -k, --folds K            groups of documents for the cross-validation\n"
       "                           (default 5, at most the number of documents)\n"
       "  -n, --top N              suggestions and costly rules per theme (default 10)\n"
       "      --min-units N        gold units a candidate needs (default 2)\n"
       "      --xml                write the suggested rules as codebook XML, to paste\n"
       "                           into the themes\n"
       "      --top-level          judge and suggest for the top-level themes only\n"
       "      --partial            gold rows that match nothing are warnings\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         md, tsv or csv (default: from -o's extension, else md)\n"
       "      --lang LANG          the language of the Markdown report, fr or en\n"
       "                           (default: the locale's); TSV and CSV stay in\n"
       "                           English\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

static int number(const char *arg, const char *what, unsigned long max, unsigned *out) {
    char *end;
    unsigned long v = strtoul(arg, &end, 10);
    if (!*arg || *end || v < 1 || v > max) {
        fprintf(stderr, _("grille suggest: %s takes a whole number from 1 to %lu\n"), what, max);
        return -1;
    }
    *out = (unsigned)v;
    return 0;
}

int cmd_suggest(int argc, char **argv) {
    enum { OPT_XML = 410, OPT_PARTIAL, OPT_MIN_UNITS, OPT_TOP_LEVEL };
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"gold", required_argument, NULL, 'g'},
                                             {"theme", required_argument, NULL, 't'},
                                             {"folds", required_argument, NULL, 'k'},
                                             {"top", required_argument, NULL, 'n'},
                                             {"min-units", required_argument, NULL, OPT_MIN_UNITS},
                                             {"xml", no_argument, NULL, OPT_XML},
                                             {"partial", no_argument, NULL, OPT_PARTIAL},
                                             {"top-level", no_argument, NULL, OPT_TOP_LEVEL},
                                             CLI_LANG_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille suggest", help);
    grille_suggest_options so = GRILLE_SUGGEST_OPTIONS_INIT;
    grille_language lang = cli_default_language();
    const char *gold_path = NULL;
    int xml = 0, partial = 0, top_level = 0, c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "g:t:k:n:", longopts, NULL)) != -1) {
        switch (c) {
        case 'g': gold_path = optarg; break;
        case 't': so.theme = optarg; break;
        case 'k':
            if (number(optarg, "--folds", 20, &so.folds) || so.folds < 2) return EXIT_INPUT;
            break;
        case 'n':
            if (number(optarg, "--top", 1000, &so.top)) return EXIT_INPUT;
            break;
        case OPT_MIN_UNITS:
            if (number(optarg, "--min-units", 1000, &so.min_units)) return EXIT_INPUT;
            break;
        case OPT_XML: xml = 1; break;
        case OPT_PARTIAL: partial = 1; break;
        case OPT_TOP_LEVEL: top_level = 1; break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille suggest", optarg, &lang)) return EXIT_INPUT;
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (!gold_path) {
        fprintf(stderr, _("grille suggest: no gold given (--gold FILE)\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    int fmt = GRILLE_FORMAT_MARKDOWN;
    if (xml) {
        /* rules to paste into a codebook: XML, whatever else is asked */
        const char *ext = cli_extension(o.output);
        if (o.format || o.excel) {
            fprintf(stderr, _("grille suggest: --xml writes codebook XML: -f and --excel do not apply\n"));
            return EXIT_INPUT;
        }
        if (ext && strcasecmp(ext, "xml") != 0) {
            cli_refuse_extension("grille suggest --xml", o.output, ".xml");
            return EXIT_INPUT;
        }
    } else if ((fmt = cli_common_format(&o, GRILLE_FORMAT_MARKDOWN,
                                        1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_TSV |
                                            1u << GRILLE_FORMAT_CSV)) < 0)
        return EXIT_INPUT;
    grille_codebook *cb;
    cli_run run;
    rc = cli_common_code(&o, argc, argv, &cb, &run);
    grille_gold *gold = NULL;
    if (rc == EXIT_OK && !(gold = cli_load_gold(gold_path, cb))) rc = EXIT_INPUT;
    if (rc == EXIT_OK && top_level) rc = cli_gold_top_level(gold, cb);
    if (rc == EXIT_OK) rc = cli_check_gold("grille suggest", gold, cb, &run, NULL, partial);
    if (rc == EXIT_OK) {
        grille_error err;
        grille_suggest *s =
            grille_suggest_new(cb, (const grille_coding *const *)run.codings, run.n, gold, NULL, &so, &err);
        if (!s) {
            cli_report(&err);
            rc = cli_exit_code(err.code);
        } else {
            cli_output out;
            rc = cli_output_open(&out, o.output);
            if (rc == EXIT_OK) {
                int st = xml ? grille_suggest_write_xml(out.f, s, &err)
                             : grille_suggest_write(out.f, (grille_format)fmt, s, lang, &err);
                rc = cli_output_finish(&out, st, &err);
            }
            grille_suggest_free(s);
        }
    }
    grille_gold_free(gold);
    cli_common_done(cb, &run);
    return rc;
}

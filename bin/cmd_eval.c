/* cmd_eval.c - grille eval: agreement with a hand-coded gold. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start.
     * xgettext:no-c-format (printed as it is) */
    N_("Usage: grille eval --gold GOLD [OPTIONS] PATH...\n"
       "       grille eval --gold A --gold B [OPTIONS] PATH...\n"
       "Compare grille's coding of the transcripts with a hand coding (gold), unit\n"
       "by unit: per theme and pooled, precision, recall, F1, Cohen's kappa and\n"
       "Krippendorff's alpha, over every unit of coded speech of the documents the\n"
       "gold covers; then the false positives and false negatives with their text.\n"
       "With two golds, the agreement between two coders: the second takes\n"
       "grille's place (columns gold: the first coder's units, grille: the\n"
       "second's), on the documents, units and themes both judge.\n"
       "\n"
       "  -g, --gold FILE          the gold: a table of units filled in a spreadsheet\n"
       "                           (see grille gold template), a TSV of spans\n"
       "                           (document, start, end in code points, theme,\n"
       "                           coder), or a REFI-QDA project (.qdpx); twice:\n"
       "                           two coders compared\n"
       "      --top-level          judge the top-level themes only (a sub-theme's\n"
       "                           codings count for its top-level theme)\n"
       "      --partial            rows of the gold that match no transcript or no\n"
       "                           unit are warnings, not errors\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "      --coder NAME         only this coder's spans of the gold (with two\n"
       "                           golds: once for both, or once per --gold, in order)\n"
       "  -k, --folds K            also F1 and kappa over K groups of documents (mean\n"
       "                           and standard deviation: how much they vary from\n"
       "                           one part of the corpus to another)\n"
       "      --bootstrap N        bootstrap samples of the units for the 95% interval\n"
       "                           of kappa (default 1000; 0: none)\n"
       "      --seed S             seed of the bootstrap's generator (default 1)\n"
       "  -e, --errors             with -f tsv or csv: list the false positives and\n"
       "                           negatives instead of the table (md and xlsx give\n"
       "                           both: xlsx as the sheets agreement and errors)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         md, tsv, csv or xlsx (default: from -o's extension,\n"
       "                           else md)\n"
       "      --lang LANG          the language of a Markdown report, fr or en\n"
       "                           (default: the locale's); TSV, CSV and xlsx stay\n"
       "                           in English\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};


/* a workbook has room for both tables: the agreement and the errors */
static int fill(grille_workbook *wb, const void *e, grille_error *err) {
    return grille_eval_write_sheets(wb, e, GRILLE_EVAL_ERRORS, err);
}

int cmd_eval(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"gold", required_argument, NULL, 'g'},
                                             {"coder", required_argument, NULL, 'C'},
                                             {"errors", no_argument, NULL, 'e'},
                                             {"partial", no_argument, NULL, 'P'},
                                             {"top-level", no_argument, NULL, 'T'},
                                             {"folds", required_argument, NULL, 'k'},
                                             {"bootstrap", required_argument, NULL, 'B'},
                                             {"seed", required_argument, NULL, 'S'},
                                             CLI_LANG_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    grille_language lang = cli_default_language();
    cli_common o;
    cli_common_init(&o, "grille eval", help);
    const char *gold_paths[2] = {NULL, NULL}, *coders[2] = {NULL, NULL};
    size_t ngolds = 0, ncoders = 0;
    unsigned long folds = 0, replicates = 1000;
    unsigned long long seed = 1;
    char *end;
    int errors = 0, partial = 0, top_level = 0, c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "g:k:e", longopts, NULL)) != -1) {
        switch (c) {
        case 'g':
            if (ngolds == 2) {
                fprintf(stderr, _("grille eval: --gold is given once (grille against a gold) or twice (two "
                                  "coders), not more\n"));
                return EXIT_INPUT;
            }
            gold_paths[ngolds++] = optarg;
            break;
        case 'C':
            if (ncoders == 2) {
                fprintf(stderr, _("grille eval: --coder is given at most once per --gold\n"));
                return EXIT_INPUT;
            }
            coders[ncoders++] = optarg;
            break;
        case 'e': errors = 1; break;
        case 'P': partial = 1; break;
        case 'T': top_level = 1; break;
        case 'k':
            folds = strtoul(optarg, &end, 10);
            if (*end || folds < 2 || folds > 100) {
                fprintf(stderr, _("grille eval: --folds takes a number of groups from 2 to 100\n"));
                return EXIT_INPUT;
            }
            break;
        case 'B':
            replicates = strtoul(optarg, &end, 10);
            if (*end || !*optarg || replicates > 100000) {
                fprintf(stderr, _("grille eval: --bootstrap takes a number of samples from 0 to 100000\n"));
                return EXIT_INPUT;
            }
            break;
        case 'S':
            seed = strtoull(optarg, &end, 10);
            if (*end || !*optarg) {
                fprintf(stderr, _("grille eval: --seed takes a whole number\n"));
                return EXIT_INPUT;
            }
            break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille eval", optarg, &lang)) return EXIT_INPUT;
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (!ngolds || optind >= argc) {
        fprintf(stderr, _("grille eval: %s\n%s"), ngolds ? _("no transcript given") : _("no gold given (--gold FILE)"),
                cli_help(help));
        return EXIT_INPUT;
    }
    if (ncoders > ngolds) {
        fprintf(stderr, _("grille eval: two --coder for one --gold (give the gold twice to compare two coders "
                          "of one file)\n"));
        return EXIT_INPUT;
    }
    if (ngolds == 2 && ncoders == 1) coders[1] = coders[0];
    int fmt = cli_common_format(&o, GRILLE_FORMAT_MARKDOWN,
                                1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV |
                                    1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    grille_error err;
    grille_codebook *cb = cli_load_codebook(o.codebook);
    if (!cb) return EXIT_INPUT;
    grille_gold *golds[2] = {NULL, NULL};
    for (size_t i = 0; i < ngolds; i++)
        if (!(golds[i] = cli_load_gold(gold_paths[i], cb)) || (top_level && cli_gold_top_level(golds[i], cb))) {
            int code = golds[i] ? EXIT_INTERNAL : EXIT_INPUT;
            grille_gold_free(golds[0]);
            grille_gold_free(golds[1]);
            grille_codebook_free(cb);
            return code;
        }
    cli_run run;
    rc = cli_code_corpus(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &run);
    for (size_t i = 0; i < ngolds && rc == EXIT_OK; i++)
        rc = cli_check_gold("grille eval", golds[i], cb, &run, coders[i], partial);
    if (rc == EXIT_OK) {
        const grille_coding *const *codings = (const grille_coding *const *)run.codings;
        grille_eval *e = ngolds == 2
                             ? grille_eval_new(cb, codings, run.n, golds[0], coders[0], golds[1], coders[1], &err)
                             : grille_eval_new(cb, codings, run.n, golds[0], coders[0], NULL, NULL, &err);
        if (!e) {
            if (err.code == GRILLE_EUSAGE && !err.file[0]) snprintf(err.file, sizeof err.file, "%s", gold_paths[0]);
            cli_report(&err);
            rc = cli_exit_code(err.code);
        } else if (grille_eval_resample(e, (unsigned)replicates, (unsigned)folds, seed) != GRILLE_OK) {
            fprintf(stderr, _("grille eval: out of memory\n"));
            rc = EXIT_INTERNAL;
        } else if (grille_eval_document_count(e) == 0) {
            if (ngolds == 2)
                fprintf(stderr, _("grille eval: the two golds have no document in common among these transcripts\n"));
            else
                fprintf(stderr, _("grille eval: the gold covers none of these transcripts (its document "
                                  "column must hold their ids, e.g. illustratifs/ei-01)\n"));
            rc = EXIT_INPUT;
        } else {
            cli_output out;
            if (fmt == GRILLE_FORMAT_XLSX) rc = cli_write_workbook(o.output, fill, e);
            else if ((rc = cli_output_open(&out, o.output)) == EXIT_OK)
                rc = cli_output_finish(
                    &out,
                    grille_eval_write(out.f, (grille_format)fmt, e,
                                      errors || fmt == GRILLE_FORMAT_MARKDOWN ? GRILLE_EVAL_ERRORS : 0u, lang, &err),
                    &err);
        }
        grille_eval_free(e);
    }
    cli_run_free(&run);
    grille_codebook_free(cb);
    grille_gold_free(golds[0]);
    grille_gold_free(golds[1]);
    return rc;
}

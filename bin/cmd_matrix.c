/* cmd_matrix.c - grille matrix: theme x document / variable tables. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: grille matrix [OPTIONS] PATH...\n"
    "Write the theme x document matrix of coded units, with row and column\n"
    "totals and the number of units per document.  A theme counts the units\n"
    "coded with it or with any of its sub-themes.\n"
    "\n"
    "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
    "                           installed dts-fr.xml)\n"
    "  -b, --by VAR             columns are the values of the document variable\n"
    "                           VAR (e.g. type: EI vs EC) instead of documents\n"
    "  -m, --measure M          count (coded units, the default), share (coded\n"
    "                           units per 100 units), per1000 (rule hits per 1,000\n"
    "                           words), presence (1 when a document has the theme;\n"
    "                           with --by, how many documents have it)\n"
    "      --leaves             only themes without sub-themes, no roll-up\n"
    "  -t, --transpose          one row per document (or value of --by), one\n"
    "                           column per theme\n"
    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
    "  -f, --format FMT         csv, tsv or md (markdown) (default: from -o's\n"
    "                           extension, else csv)\n"
    "      --interviewers LIST  speaker labels of the interviewers\n"
    "  -j, --jobs N             code on N threads (default: number of cores)\n"
    "  -h, --help               show this help\n";

int cli_default_jobs(void);

int cmd_matrix(int argc, char **argv) {
    static const struct option longopts[] = {
        {"codebook", required_argument, NULL, 'c'}, {"by", required_argument, NULL, 'b'},
        {"output", required_argument, NULL, 'o'}, {"format", required_argument, NULL, 'f'},
        {"interviewers", required_argument, NULL, 'I'}, {"jobs", required_argument, NULL, 'j'},
        {"measure", required_argument, NULL, 'm'}, {"leaves", no_argument, NULL, 'L'},
        {"transpose", no_argument, NULL, 't'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *codebook = NULL, *output = NULL, *format = NULL, *interviewers = NULL, *by = NULL;
    grille_matrix_options mopts = {NULL, GRILLE_MEASURE_COUNT, 0, 0};
    int jobs = cli_default_jobs(), c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:b:o:f:j:m:th", longopts, NULL)) != -1) {
        switch (c) {
        case 'm': {
            int msr = grille_measure_parse(optarg);
            if (msr < 0) {
                fprintf(stderr, "grille matrix: unknown measure '%s' (count, share, per1000 or presence)\n", optarg);
                return EXIT_INPUT;
            }
            mopts.measure = (grille_measure)msr;
            break;
        }
        case 'L': mopts.leaves = 1; break;
        case 't': mopts.transpose = 1; break;
        case 'c': codebook = optarg; break;
        case 'b': by = optarg; break;
        case 'o': output = optarg; break;
        case 'f': format = optarg; break;
        case 'I': interviewers = optarg; break;
        case 'j': jobs = atoi(optarg); break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "grille matrix: no transcript given\n%s", help);
        return EXIT_INPUT;
    }
    int fmt = format ? grille_format_parse(format) : cli_format_from_path(output, GRILLE_FORMAT_CSV);
    if (fmt < 0 || fmt == GRILLE_FORMAT_JSONL) {
        fprintf(stderr, "grille matrix: unknown format '%s' (csv, tsv or md)\n", format ? format : output);
        return EXIT_INPUT;
    }
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    cli_run run;
    int rc = cli_code_corpus(cb, argv + optind, (size_t)(argc - optind), interviewers, jobs, &run);
    if (rc == EXIT_OK) {
        grille_error err;
        mopts.by_variable = by;
        grille_matrix *m = grille_matrix_new_opts(cb, (const grille_coding *const *)run.codings, run.n, &mopts, &err);
        if (!m) {
            cli_report(&err);
            rc = cli_exit_code(err.code);
        } else {
            if (by) {
                /* a variable no document has is most likely a typo */
                int seen = 0;
                for (size_t i = 0; i < run.n && !seen; i++) seen = grille_document_get(run.docs[i], by) != NULL;
                if (!seen)
                    fprintf(stderr, "grille matrix: warning: no transcript has the variable '%s'\n", by);
            }
            cli_output out;
            rc = cli_output_open(&out, output);
            if (rc == EXIT_OK) {
                int ok = grille_matrix_write(out.f, (grille_format)fmt, m) == GRILLE_OK;
                rc = cli_output_close(&out, ok);
            }
            grille_matrix_free(m);
        }
    }
    cli_run_free(&run);
    grille_codebook_free(cb);
    return rc;
}

/* cmd_cooc.c - grille cooc: which themes go together. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: grille cooc [OPTIONS] PATH...\n"
    "Write the theme x theme co-occurrence table: the number of units coded\n"
    "with both themes, or with --window N, the number of units of the row's\n"
    "theme that have the column's theme within N units before or after them\n"
    "in the same document.  A theme counts its sub-themes' units unless\n"
    "--leaves.\n"
    "\n"
    "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
    "                           installed dts-fr.xml)\n"
    "  -w, --window N           look N units around each unit (default 0: the\n"
    "                           same unit)\n"
    "      --jaccard            Jaccard index over units instead of counts\n"
    "      --leaves             only themes without sub-themes, no roll-up\n"
    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
    "  -f, --format FMT         csv, tsv or md (default: from -o's extension, else csv)\n"
    "      --interviewers LIST  speaker labels of the interviewers\n"
    "  -j, --jobs N             code on N threads (default: number of cores)\n"
    "  -h, --help               show this help\n";

int cli_default_jobs(void);

int cmd_cooc(int argc, char **argv) {
    static const struct option longopts[] = {
        {"codebook", required_argument, NULL, 'c'}, {"window", required_argument, NULL, 'w'},
        {"jaccard", no_argument, NULL, 'J'}, {"leaves", no_argument, NULL, 'L'},
        {"output", required_argument, NULL, 'o'}, {"format", required_argument, NULL, 'f'},
        {"interviewers", required_argument, NULL, 'I'}, {"jobs", required_argument, NULL, 'j'},
        {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *codebook = NULL, *output = NULL, *format = NULL, *interviewers = NULL;
    long window = 0;
    int jaccard = 0, leaves = 0, jobs = cli_default_jobs(), c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:w:o:f:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': codebook = optarg; break;
        case 'w':
            window = strtol(optarg, &end, 10);
            if (!*optarg || *end || window < 0 || window > 1000) {
                fprintf(stderr, "grille cooc: --window takes a number of units from 0 to 1000\n");
                return EXIT_INPUT;
            }
            break;
        case 'J': jaccard = 1; break;
        case 'L': leaves = 1; break;
        case 'o': output = optarg; break;
        case 'f': format = optarg; break;
        case 'I': interviewers = optarg; break;
        case 'j': jobs = atoi(optarg); break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "grille cooc: no transcript given\n%s", help);
        return EXIT_INPUT;
    }
    int fmt = format ? grille_format_parse(format) : cli_format_from_path(output, GRILLE_FORMAT_CSV);
    if (fmt < 0 || fmt == GRILLE_FORMAT_JSONL) {
        fprintf(stderr, "grille cooc: unknown format '%s' (csv, tsv or md)\n", format ? format : output);
        return EXIT_INPUT;
    }
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    cli_run run;
    int rc = cli_code_corpus(cb, argv + optind, (size_t)(argc - optind), interviewers, jobs, &run);
    if (rc == EXIT_OK) {
        grille_error err;
        grille_cooc *co = grille_cooc_new(cb, (const grille_coding *const *)run.codings, run.n, (size_t)window,
                                          leaves, &err);
        if (!co) {
            cli_report(&err);
            rc = cli_exit_code(err.code);
        } else {
            cli_output out;
            rc = cli_output_open(&out, output);
            if (rc == EXIT_OK)
                rc = cli_output_close(&out, grille_cooc_write(out.f, (grille_format)fmt, co, jaccard) == GRILLE_OK);
            grille_cooc_free(co);
        }
    }
    cli_run_free(&run);
    grille_codebook_free(cb);
    return rc;
}

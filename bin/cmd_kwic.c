/* cmd_kwic.c - grille kwic: a concordance of what the rules matched. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char help[] =
    "Usage: grille kwic [OPTIONS] PATH...\n"
    "Write a concordance (keyword in context): one line per rule match of the\n"
    "coded segments, with the words before and after it in the speaker's turn,\n"
    "the theme, the rule, the document and the speaker.\n"
    "\n"
    "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
    "                           installed dts-fr.xml)\n"
    "  -t, --theme ID           only this theme and its sub-themes\n"
    "  -n, --context N          words of context on each side (default 8)\n"
    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
    "  -f, --format FMT         tsv, csv or md (default: from -o's extension, else tsv)\n"
    "      --interviewers LIST  speaker labels of the interviewers\n"
    "  -j, --jobs N             code on N threads (default: number of cores)\n"
    "  -h, --help               show this help\n";

int cli_default_jobs(void);

int cmd_kwic(int argc, char **argv) {
    static const struct option longopts[] = {
        {"codebook", required_argument, NULL, 'c'}, {"theme", required_argument, NULL, 't'},
        {"context", required_argument, NULL, 'n'}, {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'}, {"interviewers", required_argument, NULL, 'I'},
        {"jobs", required_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *codebook = NULL, *output = NULL, *format = NULL, *interviewers = NULL, *theme_id = NULL;
    long context = 8;
    int jobs = cli_default_jobs(), c;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:t:n:o:f:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': codebook = optarg; break;
        case 't': theme_id = optarg; break;
        case 'n':
            context = strtol(optarg, &end, 10);
            if (!*optarg || *end || context < 0 || context > 200) {
                fprintf(stderr, "grille kwic: --context takes a number of words from 0 to 200\n");
                return EXIT_INPUT;
            }
            break;
        case 'o': output = optarg; break;
        case 'f': format = optarg; break;
        case 'I': interviewers = optarg; break;
        case 'j': jobs = atoi(optarg); break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "grille kwic: no transcript given\n%s", help);
        return EXIT_INPUT;
    }
    int fmt = format ? grille_format_parse(format) : cli_format_from_path(output, GRILLE_FORMAT_TSV);
    if (fmt < 0 || fmt == GRILLE_FORMAT_JSONL) {
        fprintf(stderr, "grille kwic: unknown format '%s' (tsv, csv or md)\n", format ? format : output);
        return EXIT_INPUT;
    }
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    int theme = -1;
    if (theme_id && (theme = grille_codebook_find_theme(cb, theme_id)) < 0) {
        fprintf(stderr, "grille kwic: the codebook has no theme '%s'\n", theme_id);
        grille_codebook_free(cb);
        return EXIT_INPUT;
    }
    cli_run run;
    int rc = cli_code_corpus(cb, argv + optind, (size_t)(argc - optind), interviewers, jobs, &run);
    if (rc == EXIT_OK) {
        cli_output out;
        rc = cli_output_open(&out, output);
        if (rc == EXIT_OK) {
            grille_error err;
            int ok = grille_kwic_header(out.f, (grille_format)fmt) == GRILLE_OK;
            for (size_t i = 0; ok && i < run.n; i++)
                ok = grille_kwic_write(out.f, (grille_format)fmt, cb, run.codings[i], theme, (size_t)context, &err) ==
                     GRILLE_OK;
            rc = cli_output_close(&out, ok);
        }
    }
    cli_run_free(&run);
    grille_codebook_free(cb);
    return rc;
}

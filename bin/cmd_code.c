/* cmd_code.c - grille code: coded segments. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char help[] =
    "Usage: grille code [OPTIONS] PATH...\n"
    "Code the transcripts (files, or directories searched for *.txt) and write\n"
    "one line per coded unit and theme.\n"
    "\n"
    "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
    "                           installed dts-fr.xml)\n"
    "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
    "  -f, --format FMT         tsv, csv or jsonl (ndjson) (default: from -o's\n"
    "                           extension, else tsv)\n"
    "      --interviewers LIST  comma-separated speaker labels of the interviewers,\n"
    "                           overriding the transcripts' 'interviewers:' key\n"
    "  -j, --jobs N             code on N threads (default: number of cores)\n"
    "  -h, --help               show this help\n";

int cli_default_jobs(void);
int cli_default_jobs(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

int cmd_code(int argc, char **argv) {
    static const struct option longopts[] = {
        {"codebook", required_argument, NULL, 'c'}, {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'}, {"interviewers", required_argument, NULL, 'I'},
        {"jobs", required_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}, {NULL, 0, NULL, 0}};
    const char *codebook = NULL, *output = NULL, *format = NULL, *interviewers = NULL;
    int jobs = cli_default_jobs(), c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:o:f:j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': codebook = optarg; break;
        case 'o': output = optarg; break;
        case 'f': format = optarg; break;
        case 'I': interviewers = optarg; break;
        case 'j': jobs = atoi(optarg); break;
        case 'h': fputs(help, stdout); return EXIT_OK;
        default: fputs(help, stderr); return EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, "grille code: no transcript given\n%s", help);
        return EXIT_INPUT;
    }
    int fmt = format ? grille_format_parse(format) : cli_format_from_path(output, GRILLE_FORMAT_TSV);
    if (fmt < 0 || fmt == GRILLE_FORMAT_MARKDOWN) {
        fprintf(stderr, "grille code: unknown format '%s' (tsv, csv or jsonl)\n", format ? format : output);
        return EXIT_INPUT;
    }
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    cli_run run;
    int rc = cli_code_corpus(cb, argv + optind, (size_t)(argc - optind), interviewers, jobs, &run);
    if (rc == EXIT_OK) {
        cli_output out;
        rc = cli_output_open(&out, output);
        if (rc == EXIT_OK) {
            int ok = grille_write_segments_header(out.f, (grille_format)fmt) == GRILLE_OK;
            for (size_t i = 0; ok && i < run.n; i++)
                ok = grille_write_segments(out.f, (grille_format)fmt, run.codings[i]) == GRILLE_OK;
            rc = cli_output_close(&out, ok);
        }
    }
    cli_run_free(&run);
    grille_codebook_free(cb);
    return rc;
}

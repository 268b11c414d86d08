/* cmd_code.c - grille code: coded segments. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille code [OPTIONS] PATH...\n"
       "Code the transcripts (files, or folders searched for .txt, .docx, .odt, .vtt,\n"
       ".srt, .html and .json files) and write one line per coded unit and theme.\n"
       "\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         tsv, csv, jsonl (ndjson) or xlsx (default: from\n"
       "                           -o's extension, else tsv)\n"),
    CLI_EXCEL_HELP,
    CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* The default number of threads: the cores, at most 64. */
int cli_default_jobs(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

static int fill(grille_workbook *wb, const void *ctx) {
    const cli_run *run = ctx;
    return grille_write_segments_sheet(wb, "segments", (const grille_coding *const *)run->codings, run->n);
}

int cmd_code(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille code", help);
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
        if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
    int fmt = cli_common_format(&o, GRILLE_FORMAT_TSV,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_JSONL | 1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb;
    cli_run run;
    rc = cli_common_code(&o, argc, argv, &cb, &run);
    if (rc == EXIT_OK && fmt == GRILLE_FORMAT_XLSX)
        rc = cli_write_workbook(o.output, fill, &run);
    else if (rc == EXIT_OK) {
        cli_output out;
        rc = cli_output_open(&out, o.output);
        if (rc == EXIT_OK) {
            int ok = grille_write_segments_header(out.f, (grille_format)fmt) == GRILLE_OK;
            for (size_t i = 0; ok && i < run.n; i++)
                ok = grille_write_segments(out.f, (grille_format)fmt, run.codings[i]) == GRILLE_OK;
            rc = cli_output_close(&out, ok);
        }
    }
    cli_common_done(cb, &run);
    return rc;
}

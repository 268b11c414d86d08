/* cmd_code.c - grille code: coded segments. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "shard.h"
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
    CLI_SHARD_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* The default number of threads: the cores, at most 64. */
int cli_default_jobs(void) {
    long n = sysconf(_SC_NPROCESSORS_ONLN);
    return n < 1 ? 1 : n > 64 ? 64 : (int)n;
}

/* A workbook of the segments, filled as the documents are coded: the
 * workbook goes to a temporary file renamed when whole. */
typedef struct sheet_out {
    const char *path;
    cli_output out;
    int open;
    grille_workbook *wb;
    grille_segments_sheet *sheet;
    int st; /* the first writer error, and its message */
    grille_error err;
} sheet_out;

static int open_sheet(void *ctx) {
    sheet_out *s = ctx;
    int rc = cli_output_open_file(&s->out, s->path);
    if (rc != EXIT_OK) return rc;
    s->open = 1;
    if ((s->wb = grille_workbook_new(s->out.tmp, &s->err)))
        s->sheet = grille_segments_sheet_new(s->wb, "segments", &s->err);
    if (!s->sheet) s->st = s->err.code ? s->err.code : GRILLE_EIO;
    return s->st ? EXIT_INTERNAL : EXIT_OK;
}

static int add_to_sheet(void *ctx, const grille_document *doc, const grille_coding *coding) {
    sheet_out *s = ctx;
    (void)doc;
    if (s->st == GRILLE_OK) s->st = grille_segments_sheet_add(s->sheet, coding, &s->err);
    return s->st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

static int code_sheet(const cli_common *o, int argc, char **argv) {
    grille_codebook *cb = cli_common_codebook(o, argc);
    if (!cb) return EXIT_INPUT;
    sheet_out s = {.path = o->output};
    cli_sink sink = {open_sheet, add_to_sheet, &s, NULL};
    int rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o->interviewers, o->jobs, &sink);
    grille_error e;
    if (s.sheet) {
        int c = grille_segments_sheet_close(s.sheet, &e);
        if (s.st == GRILLE_OK && c != GRILLE_OK) {
            s.st = c;
            s.err = e;
        }
    }
    if (s.wb) {
        /* a sheet's message (a limit) comes first; else the workbook's own */
        int c = grille_workbook_close(s.wb, &e);
        if (s.st == GRILLE_OK && c != GRILLE_OK && rc == EXIT_OK) {
            s.st = c;
            s.err = e;
        }
    }
    if (s.open) {
        if (s.st != GRILLE_OK) {
            /* the message names the temporary file: name the one asked for */
            snprintf(s.err.file, sizeof s.err.file, "%s", s.path);
            cli_report(&s.err);
        }
        int c = cli_output_close(&s.out, rc == EXIT_OK && s.st == GRILLE_OK);
        if (rc == EXIT_OK || rc == EXIT_INTERNAL)
            rc = s.st != GRILLE_OK && s.st != GRILLE_EIO ? cli_exit_code(s.st) : c;
    }
    grille_codebook_free(cb);
    return rc;
}

/* TSV, CSV and JSON Lines are written as the documents are coded: a
 * corpus of any size takes the memory of a few documents. */
typedef struct segments_out {
    cli_stream s; /* first: the sink's begin() takes it */
    grille_format fmt;
} segments_out;

static int write_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    segments_out *o = ctx;
    cli_stream *s = &o->s;
    (void)doc;
    if (!s->headed++) s->st = grille_coding_write_header(s->out.f, o->fmt, &s->err);
    if (s->st == GRILLE_OK) s->st = grille_coding_write(s->out.f, o->fmt, coding, &s->err);
    return s->st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

static int code_streaming(const cli_common *o, int argc, char **argv, grille_format fmt) {
    grille_codebook *cb = cli_common_codebook(o, argc);
    if (!cb) return EXIT_INPUT;
    segments_out s = {.s = {.path = o->output}, .fmt = fmt};
    cli_sink sink = {cli_stream_begin, write_document, &s, NULL};
    int rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o->interviewers, o->jobs, &sink);
    rc = cli_stream_end(&s.s, rc);
    grille_codebook_free(cb);
    return rc;
}

int cmd_code(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, CLI_SHARD_LONGOPT, {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille code", help);
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        cli_shard_note(longopts, c, optarg);
        if (c == CLI_OPT_SHARD) {
            if (cli_shard_parse(o.name, optarg)) return EXIT_INPUT;
        } else if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
    }
    if (cli_shard_active()) {
        /* -o names the part; segments only (a workbook is written whole) */
        if (cli_shard_output_ok(o.name, o.output)) return EXIT_INPUT;
        int fmt = cli_output_format(o.name, o.format, o.excel, "part", GRILLE_FORMAT_TSV,
                                    1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_JSONL |
                                        1u << GRILLE_FORMAT_XLSX);
        if (fmt == GRILLE_FORMAT_XLSX) {
            fprintf(stderr, _("grille code: --shard writes TSV, CSV or JSON Lines segments, not a workbook\n"));
            return EXIT_INPUT;
        }
        return fmt < 0 ? EXIT_INPUT : cli_shard_code(&o, argc, argv, (grille_format)fmt);
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_TSV,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_JSONL |
                                    1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    if (fmt != GRILLE_FORMAT_XLSX) return code_streaming(&o, argc, argv, (grille_format)fmt);
    return code_sheet(&o, argc, argv);
}

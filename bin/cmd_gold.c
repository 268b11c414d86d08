/* cmd_gold.c - grille gold template: the table a researcher fills in a
 * spreadsheet to hand-code the units grille codes. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille gold template [OPTIONS] PATH...\n"
       "Write a table for hand coding: one row per unit of coded speech of the\n"
       "transcripts (document, unit, line, speaker, text) and one empty column per\n"
       "top-level theme of the codebook, then a comment column.  Open it in a\n"
       "spreadsheet, put 1 or x in the cells of the themes each unit speaks of,\n"
       "save it (CSV or TSV) and give it to grille eval, check --stats or suggest\n"
       "as --gold.  Do not edit the text column: it checks that the transcript has\n"
       "not changed.\n"
       "\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml): its unit and its themes\n"
       "      --leaves             one column per theme without sub-themes instead\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         csv or tsv (default: from -o's extension, else tsv)\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             read on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* The table is written as the documents are coded, each freed once its
 * rows are out: a corpus of any size takes the memory of a few
 * documents. */
typedef struct templating {
    cli_stream s; /* first: the sink's begin() takes it */
    grille_format fmt;
    const grille_codebook *cb;
    unsigned flags;
} templating;

static int template_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    templating *k = ctx;
    (void)doc;
    if (!k->s.headed++) k->s.st = grille_gold_template_write_header(k->s.out.f, k->fmt, k->cb, k->flags, &k->s.err);
    if (k->s.st == GRILLE_OK)
        k->s.st = grille_gold_template_write_coding(k->s.out.f, k->fmt, k->cb, coding, k->flags, &k->s.err);
    return k->s.st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

static int gold_template(int argc, char **argv) {
    static const struct option longopts[] = {
        CLI_COMMON_LONGOPTS, {"leaves", no_argument, NULL, 'L'}, {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille gold template", help);
    int leaves = 0, c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1) {
        if (c == 'L') leaves = 1;
        else if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_TSV, 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_TSV);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_common_codebook(&o, argc);
    if (!cb) return EXIT_INPUT;
    templating k = {
        .s = {.path = o.output}, .fmt = (grille_format)fmt, .cb = cb, .flags = leaves ? GRILLE_TEMPLATE_LEAVES : 0};
    cli_sink sink = {cli_stream_begin, template_document, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    if (rc == EXIT_OK && k.s.open && !k.s.headed++)
        k.s.st = grille_gold_template_write_header(k.s.out.f, k.fmt, cb, k.flags, &k.s.err);
    rc = cli_stream_end(&k.s, rc);
    grille_codebook_free(cb);
    return rc;
}

int cmd_gold(int argc, char **argv) {
    if (argc >= 2 && strcmp(argv[1], "template") == 0) return gold_template(argc - 1, argv + 1);
    if (argc >= 2 && (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0)) {
        fputs(cli_help(help), stdout);
        return EXIT_OK;
    }
    fprintf(stderr, _("grille gold: %s\n%s"), argc >= 2 ? _("unknown subcommand (template)") : _("template expected"),
            cli_help(help));
    return EXIT_INPUT;
}

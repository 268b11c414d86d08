/* cmd_speakers.c - grille speakers: who speaks in each transcript, as
 * grille reads it, and what looks wrong. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille speakers [OPTIONS] PATH...\n"
       "List, for each transcript, each speaker as grille reads them: role\n"
       "(interviewer or respondent), whether their speech is coded, why the label\n"
       "was taken for a speaker and why it has that role (declared, built-in\n"
       "interviewer label, guessed...), turns, words, and what looks wrong.  The\n"
       "same doubts are printed as warnings by every command that codes.\n"
       "\n"
       "  -c, --codebook FILE      whose <speakers> setting says who is coded\n"
       "                           (default: codebooks/dts-fr.xml, then the installed\n"
       "                           dts-fr.xml; without one, the respondents)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         md, tsv or csv (default: from -o's extension, else md)\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             read on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* The table is written as the documents are read, each freed once its
 * rows are out: a corpus of any size takes the memory of a few
 * documents. */
typedef struct listing {
    cli_stream s; /* first: the sink's begin() takes it */
    grille_format fmt;
    grille_speakers setting;
} listing;

static int list_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    listing *k = ctx;
    (void)coding;
    if (!k->s.headed++) k->s.st = grille_speakers_write_header(k->s.out.f, k->fmt, &k->s.err);
    if (k->s.st == GRILLE_OK) k->s.st = grille_speakers_write_document(k->s.out.f, k->fmt, doc, k->setting, &k->s.err);
    return k->s.st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

int cmd_speakers(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS, {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille speakers", help);
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS, longopts, NULL)) != -1)
        if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
    int fmt = cli_common_format(&o, GRILLE_FORMAT_MARKDOWN,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_MARKDOWN);
    if (fmt < 0) return EXIT_INPUT;
    if (optind >= argc) {
        fprintf(stderr, _("grille speakers: no transcript given\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    grille_speakers setting = GRILLE_SPEAKERS_RESPONDENTS;
    if (o.codebook || cli_default_codebook()) {
        grille_codebook *cb = cli_load_codebook(o.codebook);
        if (!cb) return EXIT_INPUT;
        setting = grille_codebook_speakers(cb);
        grille_codebook_free(cb);
    }
    listing k = {.s = {.path = o.output}, .fmt = (grille_format)fmt, .setting = setting};
    cli_sink sink = {cli_stream_begin, list_document, &k, NULL};
    rc = cli_read_corpus_each(argv + optind, (size_t)(argc - optind), o.jobs, &sink);
    /* a corpus of transcripts without a speaker: the header alone */
    if (rc == EXIT_OK && k.s.open && !k.s.headed++) k.s.st = grille_speakers_write_header(k.s.out.f, k.fmt, &k.s.err);
    return cli_stream_end(&k.s, rc);
}

/* cmd_kwic.c - grille kwic: a concordance of what the rules matched. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille kwic [OPTIONS] PATH...\n"
       "Write a concordance (keyword in context): one line per rule match of the\n"
       "coded segments, with the words before and after it in the speaker's turn,\n"
       "the theme, the rule, the document and the speaker.\n"
       "\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -t, --theme ID           only this theme and its sub-themes\n"
       "  -n, --context N          words of context on each side (default 8)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         tsv, csv or md (default: from -o's extension, else tsv)\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* The concordance is written as the documents are coded, as `grille
 * code` writes segments: a corpus of any size takes the memory of a few
 * documents (all of them were kept until the end: 204 MB for 20,000
 * short transcripts). */
typedef struct kwic_out {
    cli_stream s; /* first: the sink's begin() takes it */
    grille_format fmt;
    const grille_codebook *cb;
    size_t theme, context;
} kwic_out;

static int write_kwic(void *ctx, const grille_document *doc, const grille_coding *coding) {
    kwic_out *k = ctx;
    cli_stream *s = &k->s;
    (void)doc;
    if (!s->headed++) s->st = grille_kwic_write_header(s->out.f, k->fmt, &s->err);
    if (s->st == GRILLE_OK) s->st = grille_kwic_write(s->out.f, k->fmt, k->cb, coding, k->theme, k->context, &s->err);
    return s->st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

int cmd_kwic(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"theme", required_argument, NULL, 't'},
                                             {"context", required_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille kwic", help);
    const char *theme_id = NULL;
    long context = 8;
    int c, rc = EXIT_OK;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "t:n:", longopts, NULL)) != -1) {
        switch (c) {
        case 't': theme_id = optarg; break;
        case 'n':
            context = strtol(optarg, &end, 10);
            if (!*optarg || *end || context < 0 || context > 200) {
                fprintf(stderr, _("grille kwic: --context takes a number of words from 0 to 200\n"));
                return EXIT_INPUT;
            }
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_TSV,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_MARKDOWN);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_common_codebook(&o, argc);
    if (!cb) return EXIT_INPUT;
    /* the theme is checked before any transcript is coded */
    size_t theme = theme_id ? grille_codebook_theme_find(cb, theme_id) : GRILLE_NONE;
    if (theme_id && theme == GRILLE_NONE) {
        fprintf(stderr, _("grille kwic: the codebook has no theme '%s'\n"), theme_id);
        grille_codebook_free(cb);
        return EXIT_INPUT;
    }
    kwic_out k = {
        .s = {.path = o.output}, .fmt = (grille_format)fmt, .cb = cb, .theme = theme, .context = (size_t)context};
    cli_sink sink = {cli_stream_begin, write_kwic, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    rc = cli_stream_end(&k.s, rc);
    grille_codebook_free(cb);
    return rc;
}

/* cmd_review.c - grille review: a page to review grille's coding and
 * hand-code in a browser. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille review -o PAGE.html [OPTIONS] PATH...\n"
       "Write one self-contained HTML page (no network; it works from a file, and\n"
       "can be sent to a second coder) to review grille's coding: each unit of\n"
       "coded speech with its themes and the matched words in the themes' colours,\n"
       "the interviewers' turns for context, keys to accept or reject a theme, add\n"
       "one, comment and move on, filters by document, theme, speaker and units not\n"
       "yet reviewed, and progress counts.  The browser keeps the decisions; the\n"
       "page exports them as a table of units that grille eval, check and suggest\n"
       "read with --gold (two coders' exports: grille eval --gold A --gold B).\n"
       "\n"
       "      --coder NAME         the coder's name, written in the exported gold\n"
       "      --leaves             one column per theme without sub-themes (default:\n"
       "                           one per top-level theme), as grille gold template\n"
       "  -t, --title TEXT         the page's title (default: the codebook's)\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "      --lang LANG          the language of the page, fr or en (default: the\n"
       "                           locale's)\n"),
    CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* Only .html and .htm: another extension is a mistake (the page would not
 * open), not a format to guess. */
static int is_html_path(const char *path) {
    const char *dot = path ? strrchr(path, '.') : NULL;
    if (!dot || strchr(dot, '/')) return 0;
    return strcmp(dot, ".html") == 0 || strcmp(dot, ".htm") == 0 || strcmp(dot, ".HTML") == 0 ||
           strcmp(dot, ".HTM") == 0;
}

/* The page is written as the documents are coded, each freed once it is
 * in: a corpus of any size takes the memory of a few documents. */
typedef struct reviewing {
    cli_stream s; /* first: the sink's begin() takes it */
    const grille_codebook *cb;
    const grille_review_options *opts;
    grille_review *page; /* begun with the first document: on standard
                          * output, a run whose first document fails
                          * writes nothing */
} reviewing;

static int start_page(reviewing *k) {
    k->page = grille_review_new(k->s.out.f, k->cb, k->opts, &k->s.err);
    return k->s.st = k->page ? GRILLE_OK : k->s.err.code;
}

static int review_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    reviewing *k = ctx;
    (void)doc;
    if (!k->page && start_page(k) != GRILLE_OK) return EXIT_INTERNAL;
    k->s.st = grille_review_add(k->page, coding, &k->s.err);
    return k->s.st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

int cmd_review(int argc, char **argv) {
    enum { OPT_CODER = 410, OPT_LEAVES };
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"coder", required_argument, NULL, OPT_CODER},
                                             {"leaves", no_argument, NULL, OPT_LEAVES},
                                             {"title", required_argument, NULL, 't'},
                                             CLI_LANG_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille review", help);
    grille_review_options opts = GRILLE_REVIEW_OPTIONS_INIT;
    opts.language = cli_default_language();
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "t:", longopts, NULL)) != -1) {
        switch (c) {
        case OPT_CODER: opts.coder = optarg; break;
        case OPT_LEAVES: opts.flags |= GRILLE_REVIEW_LEAVES; break;
        case 't': opts.title = optarg; break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille review", optarg, &opts.language)) return EXIT_INPUT;
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (o.format && strcmp(o.format, "html") != 0) {
        fprintf(stderr, _("grille review: unknown format '%s' (the page is HTML)\n"), o.format);
        return EXIT_INPUT;
    }
    if (o.output && strcmp(o.output, "-") != 0 && !is_html_path(o.output)) {
        fprintf(stderr, _("grille review: the page is HTML: name it PAGE.html, not '%s'\n"), o.output);
        return EXIT_INPUT;
    }
    grille_codebook *cb = cli_common_codebook(&o, argc);
    if (!cb) return EXIT_INPUT;
    reviewing k = {.s = {.path = o.output}, .cb = cb, .opts = &opts};
    cli_sink sink = {cli_stream_begin, review_document, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    if (rc == EXIT_OK && k.s.open && k.s.st == GRILLE_OK && (k.page || start_page(&k) == GRILLE_OK))
        k.s.st = grille_review_finish(k.page, &k.s.err);
    rc = cli_stream_end(&k.s, rc);
    grille_review_free(k.page);
    grille_codebook_free(cb);
    return rc;
}

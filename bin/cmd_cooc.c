/* cmd_cooc.c - grille cooc: which themes go together. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille cooc [OPTIONS] PATH...\n"
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
       "  -f, --format FMT         csv, tsv, md or xlsx (default: from -o's extension,\n"
       "                           else csv)\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

typedef struct cooc_sheet {
    const grille_cooc *co;
    int jaccard;
} cooc_sheet;

static int fill(grille_workbook *wb, const void *ctx, grille_error *err) {
    const cooc_sheet *s = ctx;
    return grille_cooc_write_sheet(wb, s->jaccard ? "jaccard" : "cooccurrences", s->co,
                                   s->jaccard ? GRILLE_COOC_JACCARD : 0u, err);
}

/* The table is counted as the documents are coded: the corpus is never
 * held whole. */
typedef struct counting {
    grille_cooc *co;
    grille_error err;
} counting;

static int count_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    counting *k = ctx;
    (void)doc;
    return grille_cooc_add(k->co, coding, &k->err) ? EXIT_INTERNAL : EXIT_OK;
}

int cmd_cooc(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"window", required_argument, NULL, 'w'},
                                             {"jaccard", no_argument, NULL, 'J'},
                                             {"leaves", no_argument, NULL, 'L'},
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille cooc", help);
    long window = 0;
    int jaccard = 0, leaves = 0, c, rc = EXIT_OK;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "w:", longopts, NULL)) != -1) {
        switch (c) {
        case 'w':
            window = strtol(optarg, &end, 10);
            if (!*optarg || *end || window < 0 || window > 1000) {
                fprintf(stderr, _("grille cooc: --window takes a number of units from 0 to 1000\n"));
                return EXIT_INPUT;
            }
            break;
        case 'J': jaccard = 1; break;
        case 'L': leaves = 1; break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_CSV,
                                1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_MARKDOWN |
                                    1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_common_codebook(&o, argc);
    if (!cb) return EXIT_INPUT;
    counting k = {0};
    if (!(k.co = grille_cooc_new(cb, NULL, 0, (size_t)window, leaves ? GRILLE_COOC_LEAVES : 0u, &k.err))) {
        cli_report(&k.err);
        grille_codebook_free(cb);
        return cli_exit_code(k.err.code);
    }
    cli_sink sink = {NULL, count_document, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    if (k.err.code) {
        cli_report(&k.err);
        if (rc == EXIT_OK || rc == EXIT_INTERNAL) rc = cli_exit_code(k.err.code);
    }
    if (rc == EXIT_OK) {
        cli_output out;
        cooc_sheet sheet = {k.co, jaccard};
        if (fmt == GRILLE_FORMAT_XLSX) rc = cli_write_workbook(o.output, fill, &sheet);
        else if ((rc = cli_output_open(&out, o.output)) == EXIT_OK)
            rc = cli_output_finish(
                &out, grille_cooc_write(out.f, (grille_format)fmt, k.co, jaccard ? GRILLE_COOC_JACCARD : 0u, &k.err),
                &k.err);
    }
    grille_cooc_free(k.co);
    grille_codebook_free(cb);
    return rc;
}

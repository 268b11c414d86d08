/* cmd_matrix.c - grille matrix: theme x document / variable tables. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "shard.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille matrix [OPTIONS] PATH...\n"
       "Write the theme x document matrix of coded units, with row and column\n"
       "totals and the number of units per document.  A theme counts the units\n"
       "coded with it or with any of its sub-themes.\n"
       "\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -b, --by VAR             columns are the values of the document variable\n"
       "                           VAR (e.g. type: EI vs EC) instead of documents;\n"
       "                           'speaker': one column per speaker (focus groups);\n"
       "                           an attribute of the speakers table (e.g. role):\n"
       "                           its values, each unit counting for its speaker\n"
       "  -m, --measure M          count (coded units, the default), share (coded\n"
       "                           units per 100 units), per1000 (rule hits per 1,000\n"
       "                           words), presence (1 when a document has the theme;\n"
       "                           with --by, how many documents have it), primary\n"
       "                           (units whose primary theme, the highest score, it\n"
       "                           is: each coded unit counts once)\n"
       "      --leaves             only themes without sub-themes, no roll-up\n"
       "  -t, --transpose          one row per document (or value of --by), one\n"
       "                           column per theme\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         csv, tsv, md (markdown) or xlsx (default: from\n"
       "                           -o's extension, else csv)\n"
       "      --lang LANG          the language of a Markdown matrix's header and\n"
       "                           total rows, fr or en (default: the locale's);\n"
       "                           CSV, TSV and xlsx stay in English\n"),
    CLI_EXCEL_HELP,
    CLI_READ_HELP,
    CLI_SHARD_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

static int fill(grille_workbook *wb, const void *m, grille_error *err) {
    return grille_matrix_write_sheet(wb, "matrix", m, err);
}

/* The matrix is counted as the documents are coded: the corpus is never
 * held whole. */
typedef struct counting {
    grille_matrix *m;
    grille_error err;
} counting;

static int count_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    counting *k = ctx;
    (void)doc;
    return grille_matrix_add(k->m, coding, &k->err) ? EXIT_INTERNAL : EXIT_OK;
}

int cmd_matrix(int argc, char **argv) {
    static char by_key[256];
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"by", required_argument, NULL, 'b'},
                                             {"measure", required_argument, NULL, 'm'},
                                             {"leaves", no_argument, NULL, 'L'},
                                             {"transpose", no_argument, NULL, 't'},
                                             CLI_LANG_LONGOPT,
                                             CLI_SHARD_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille matrix", help);
    grille_matrix_options mopts = GRILLE_MATRIX_OPTIONS_INIT;
    mopts.language = cli_default_language();
    int c, rc = EXIT_OK, msr;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "b:m:t", longopts, NULL)) != -1) {
        cli_shard_note(longopts, c, optarg);
        switch (c) {
        case CLI_OPT_SHARD:
            if (cli_shard_parse(o.name, optarg)) return EXIT_INPUT;
            break;
        case 'b':
            /* "Rôle", "rôle" and "role" name one variable, as table columns do */
            grille_variable_key(optarg, by_key, sizeof by_key);
            mopts.by_variable = by_key[0] ? by_key : optarg;
            break;
        case 'm':
            if ((msr = grille_measure_parse(optarg)) < 0) {
                fprintf(stderr, _("grille matrix: unknown measure '%s' (count, share, per1000, presence or primary)\n"),
                        optarg);
                return EXIT_INPUT;
            }
            mopts.measure = (grille_measure)msr;
            break;
        case 'L': mopts.flags |= GRILLE_MATRIX_LEAVES; break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille matrix", optarg, &mopts.language)) return EXIT_INPUT;
            break;
        case 't': mopts.flags |= GRILLE_MATRIX_TRANSPOSE; break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (cli_shard_active()) {
        /* -o names the part: -f and --excel are checked as for a file
         * without an extension, and kept for the merge */
        if (cli_shard_output_ok(o.name, o.output)) return EXIT_INPUT;
        int fmt = cli_output_format(o.name, o.format, o.excel, "part", GRILLE_FORMAT_CSV,
                                    1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_MARKDOWN |
                                        1u << GRILLE_FORMAT_XLSX);
        return fmt < 0 ? EXIT_INPUT : cli_shard_matrix(&o, argc, argv, &mopts, fmt);
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_CSV,
                                1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_MARKDOWN |
                                    1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_common_codebook(&o, argc);
    if (!cb) return EXIT_INPUT;
    counting k = {0};
    if (!(k.m = grille_matrix_begin(cb, &mopts, &k.err))) {
        cli_report(&k.err);
        grille_codebook_free(cb);
        return cli_exit_code(k.err.code);
    }
    cli_sink sink = {NULL, count_document, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    if (rc == EXIT_OK) grille_matrix_end(k.m, &k.err);
    if (k.err.code) {
        cli_report(&k.err);
        if (rc == EXIT_OK || rc == EXIT_INTERNAL) rc = cli_exit_code(k.err.code);
    }
    if (rc == EXIT_OK) {
        /* a variable no document has is most likely a typo */
        if (!grille_matrix_by_found(k.m))
            fprintf(stderr, _("grille matrix: warning: no transcript or speaker has the variable '%s'\n"),
                    mopts.by_variable);
        cli_output out;
        if (fmt == GRILLE_FORMAT_XLSX) rc = cli_write_workbook(o.output, fill, k.m);
        else if ((rc = cli_output_open(&out, o.output)) == EXIT_OK)
            rc = cli_output_finish(&out, grille_matrix_write(out.f, (grille_format)fmt, k.m, &k.err), &k.err);
    }
    grille_matrix_free(k.m);
    grille_codebook_free(cb);
    return rc;
}

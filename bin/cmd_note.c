/* cmd_note.c - grille note: per theme, the material of a synthesis note. */
#define _POSIX_C_SOURCE 200809L
#include "export.h"
#include "shard.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille note [OPTIONS] PATH...\n"
       "Write synthesis notes: for each theme of the codebook, in its order, the\n"
       "label, id and description; the documents and units coded with it (a theme\n"
       "counts its sub-themes' units); their distribution over groups of documents;\n"
       "the most representative verbatims with their attribution; and the themes\n"
       "that share the most units with it.  The HTML page, self-contained, opens\n"
       "on a heat map of the theme x document matrix.\n"
       "\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "  -b, --by VAR             group documents by this variable (default: type;\n"
       "                           \"(none)\" for documents without it)\n"
       "  -q, --quotes N           verbatims per theme, 0 to 100 (default 3)\n"
       "      --context N          sentences of the speaker's turn quoted before and\n"
       "                           after each verbatim, 0 to 5 (default 0)\n"
       "      --min-words N        a verbatim has at least N words (default 6)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         md or html (default: from -o's extension, else md)\n"
       "      --lang LANG          the language of the notes, fr or en (default: the\n"
       "                           locale's, that of grille's messages)\n"),
    CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"),
    CLI_SHARD_HELP,
    N_("  -h, --help               show this help\n"
       "\n"
       "Verbatims: the units supported by the most distinct rules, then by the\n"
       "most rule matches, then the first in corpus order, taking at most one\n"
       "per document before a second from the same document; never a unit of\n"
       "fewer than --min-words words or a list item (a dash, a bullet or an item\n"
       "number first, a colon last).  The matched words are marked.  Attribution: the\n"
       "document's titre (else its id), the speaker, and the role variable for\n"
       "the respondent of an individual interview (type EI).\n"),
    NULL};

/* The note is fed as the documents are coded (or read from the parts
 * of grille note --shard, by grille merge): the corpus is never held
 * whole. */
int cli_note_add(void *ctx, const grille_document *doc, const grille_coding *coding) {
    cli_noting *k = ctx;
    if (k->by && !k->seen) k->seen = grille_document_variable_lookup(doc, k->by) != NULL;
    return grille_note_add(k->note, coding, &k->err) ? EXIT_INTERNAL : EXIT_OK;
}

int cli_note_finish(cli_noting *k, int rc, int fmt, const char *output) {
    if (k->err.code) {
        cli_report(&k->err);
        if (rc == EXIT_OK || rc == EXIT_INTERNAL) rc = cli_exit_code(k->err.code);
    }
    if (rc == EXIT_OK && k->by && !k->seen) {
        /* notes group documents: a speaker attribute, or a typo, has no group */
        fprintf(stderr,
                _("grille note: no document has the variable '%s' (--by groups documents; "
                  "for speakers, use grille matrix --by speaker or --by a speaker attribute)\n"),
                k->by);
        rc = EXIT_INPUT;
    }
    if (rc == EXIT_OK) {
        cli_output out;
        rc = cli_output_open(&out, output);
        if (rc == EXIT_OK)
            rc = cli_output_finish(&out, grille_note_write(out.f, (grille_format)fmt, k->note, &k->err), &k->err);
    }
    return rc;
}

int cmd_note(int argc, char **argv) {
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"by", required_argument, NULL, 'b'},
                                             {"quotes", required_argument, NULL, 'q'},
                                             {"context", required_argument, NULL, 'C'},
                                             {"min-words", required_argument, NULL, 'W'},
                                             CLI_LANG_LONGOPT,
                                             CLI_SHARD_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille note", help);
    grille_note_options opts = GRILLE_NOTE_OPTIONS_INIT;
    opts.language = cli_default_language();
    static char by_key[256];
    int by_given = 0;
    int c, rc = EXIT_OK;
    long quotes;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "b:q:", longopts, NULL)) != -1) {
        cli_shard_note(longopts, c, optarg);
        switch (c) {
        case CLI_OPT_SHARD:
            if (cli_shard_parse(o.name, optarg)) return EXIT_INPUT;
            break;
        case 'b':
            if (!*optarg) {
                fprintf(stderr, _("grille note: --by takes a variable name\n"));
                return EXIT_INPUT;
            }
            grille_variable_key(optarg, by_key, sizeof by_key);
            opts.by_variable = by_key[0] ? by_key : optarg;
            by_given = 1;
            break;
        case 'q':
            quotes = strtol(optarg, &end, 10);
            if (!*optarg || *end || quotes < 0 || quotes > 100) {
                fprintf(stderr, _("grille note: --quotes takes a number of verbatims from 0 to 100\n"));
                return EXIT_INPUT;
            }
            opts.quotes = (size_t)quotes;
            break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille note", optarg, &opts.language)) return EXIT_INPUT;
            break;
        case 'C':
        case 'W': {
            long v = strtol(optarg, &end, 10), max = c == 'C' ? 5 : 100;
            if (!*optarg || *end || v < 0 || v > max) {
                fprintf(stderr, _("grille note: %s takes a number from 0 to %ld\n"),
                        c == 'C' ? "--context" : "--min-words", max);
                return EXIT_INPUT;
            }
            if (c == 'C') opts.context = (size_t)v;
            else opts.min_words = (size_t)v;
            break;
        }
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (cli_shard_active()) {
        /* the part holds the codings, whatever the format: the merge's
         * -f, else the one given here, chooses it */
        if (cli_shard_output_ok(o.name, o.output)) return EXIT_INPUT;
        int fmt = cli_output_format(o.name, o.format, 0, "part", GRILLE_FORMAT_MARKDOWN,
                                    1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_HTML);
        if (fmt < 0) return EXIT_INPUT;
        const char *by = by_given ? opts.by_variable : "";
        size_t len = strlen(by) + 128;
        char *extra = malloc(len);
        if (!extra) {
            fputs(_("grille: out of memory\n"), stderr);
            return EXIT_INTERNAL;
        }
        snprintf(extra, len, "%zu %zu %zu %d %zu:%s", opts.quotes, opts.context, opts.min_words, (int)opts.language,
                 strlen(by), by);
        rc = cli_shard_saved(&o, argc, argv, "note", fmt, extra);
        free(extra);
        return rc;
    }
    int fmt = cli_common_format(&o, GRILLE_FORMAT_MARKDOWN, 1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_HTML);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_common_codebook(&o, argc);
    if (!cb) return EXIT_INPUT;
    cli_noting k = {0};
    k.by = by_given ? opts.by_variable : NULL;
    if (!(k.note = grille_note_new(cb, &opts, &k.err))) {
        cli_report(&k.err);
        grille_codebook_free(cb);
        return cli_exit_code(k.err.code);
    }
    cli_sink sink = {NULL, cli_note_add, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    rc = cli_note_finish(&k, rc, fmt, o.output);
    grille_note_free(k.note);
    grille_codebook_free(cb);
    return rc;
}

/* cmd_search.c - grille search: free text search over the transcripts,
 * to try a rule before writing it. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille search [OPTIONS] QUERY PATH...\n"
       "Search the transcripts for a word, a glob (mission*), a phrase (several\n"
       "words), a lemma (--lemma) or a regex (--regex), read as a rule of the\n"
       "codebook would be (its case and accent folding, its unit, whose speech it\n"
       "codes), and write a concordance like grille kwic, then the counts per\n"
       "document and speaker.  Try a rule here before adding it to the codebook.\n"
       "\n"
       "  -w, --word               QUERY is a word or a glob (the default for one word)\n"
       "  -p, --phrase             QUERY is a phrase (the default for several words)\n"
       "  -l, --lemma              QUERY is a lemma: every form of it\n"
       "  -r, --regex              QUERY is a regular expression (PCRE2)\n"
       "  -a, --all-speakers       search the interviewers' turns too\n"
       "      --counts             with -f tsv or csv: the counts per document and\n"
       "                           speaker instead of the concordance\n"
       "  -n, --context N          words of context on each side (default 8)\n"
       "  -c, --codebook FILE      the codebook whose settings the query follows\n"
       "                           (default: codebooks/dts-fr.xml, then the installed\n"
       "                           dts-fr.xml)\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         md, tsv or csv (default: from -o's extension, else md)\n"),
    CLI_READ_HELP,
    N_("  -j, --jobs N             read on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

typedef struct count_row {
    char *document, *speaker; /* copies: the document is freed once it is searched */
    size_t units, matches;
} count_row;

/* The search, written as the documents are coded (the concordance) and
 * counted (units and matches per document and speaker, in corpus order,
 * then in order of first appearance in the document): a corpus of any
 * size takes the memory of a few documents and of its counts. */
typedef struct searching {
    cli_stream s; /* first: the sink's begin() takes it */
    grille_format fmt;
    const grille_codebook *cb;
    size_t context;
    int concordance; /* the concordance is written (else the counts alone) */
    count_row *rows;
    size_t nrows, cap;
} searching;

static int count(searching *k, const grille_coding *coding) {
    size_t first = k->nrows;
    for (size_t i = 0; i < grille_coding_segment_count(coding); i++) {
        const grille_segment *s = grille_coding_segment_get(coding, i);
        size_t r = first;
        while (r < k->nrows && strcmp(k->rows[r].speaker, s->speaker) != 0) r++;
        if (r == k->nrows) {
            if (k->nrows == k->cap) {
                size_t cap = k->cap ? 2 * k->cap : 16;
                count_row *g = realloc(k->rows, cap * sizeof *g);
                if (!g) return -1;
                k->rows = g;
                k->cap = cap;
            }
            count_row *row = &k->rows[k->nrows];
            *row = (count_row){strdup(s->document), strdup(s->speaker), 0, 0};
            if (!row->document || !row->speaker) {
                free(row->document);
                free(row->speaker);
                return -1;
            }
            k->nrows++;
        }
        k->rows[r].units++;
        k->rows[r].matches += s->hit_count;
    }
    return 0;
}

static void free_rows(searching *k) {
    for (size_t i = 0; i < k->nrows; i++) {
        free(k->rows[i].document);
        free(k->rows[i].speaker);
    }
    free(k->rows);
}

static int search_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    searching *k = ctx;
    (void)doc;
    if (k->concordance && !k->s.headed++) k->s.st = grille_kwic_write_header(k->s.out.f, k->fmt, &k->s.err);
    if (k->s.st == GRILLE_OK && k->concordance)
        k->s.st = grille_kwic_write(k->s.out.f, k->fmt, k->cb, coding, GRILLE_NONE, k->context, &k->s.err);
    if (k->s.st != GRILLE_OK) return EXIT_INTERNAL;
    if (count(k, coding)) {
        fputs(_("grille: out of memory\n"), stderr);
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

static void put_cell(FILE *f, grille_format fmt, const char *s) {
    int quote = (fmt == GRILLE_FORMAT_CSV && strpbrk(s, ",\"\r\n")) ||
                (fmt == GRILLE_FORMAT_CSV_EXCEL && strpbrk(s, ";\"\r\n"));
    if (quote) fputc('"', f);
    for (; *s; s++) {
        if (quote && *s == '"') fputc('"', f);
        if (fmt == GRILLE_FORMAT_MARKDOWN && *s == '|') fputc('\\', f);
        fputc(!quote && (*s == '\t' || *s == '\n' || *s == '\r') ? ' ' : *s, f);
    }
    if (quote) fputc('"', f);
}

static void write_counts(FILE *f, grille_format fmt, const count_row *rows, size_t n) {
    int excel = fmt == GRILLE_FORMAT_CSV_EXCEL, csv = fmt == GRILLE_FORMAT_CSV || excel;
    const char *sep = excel ? ";" : csv ? "," : fmt == GRILLE_FORMAT_MARKDOWN ? " | " : "\t";
    const char *pre = fmt == GRILLE_FORMAT_MARKDOWN ? "| " : "", *eol = fmt == GRILLE_FORMAT_MARKDOWN ? " |\n"
                                                                        : csv                         ? "\r\n"
                                                                                                      : "\n";
    if (excel) fputs("\xEF\xBB\xBF", f); /* French Excel reads UTF-8 by its mark */
    fprintf(f, "%sdocument%sspeaker%sunits%smatches%s", pre, sep, sep, sep, eol);
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs("|---|---|---:|---:|\n", f);
    size_t units = 0, matches = 0;
    for (size_t i = 0; i < n; i++) {
        fputs(pre, f);
        put_cell(f, fmt, rows[i].document);
        fputs(sep, f);
        put_cell(f, fmt, rows[i].speaker);
        fprintf(f, "%s%zu%s%zu%s", sep, rows[i].units, sep, rows[i].matches, eol);
        units += rows[i].units;
        matches += rows[i].matches;
    }
    fprintf(f, "%s(all)%s%s%zu%s%zu%s", pre, sep, sep, units, sep, matches, eol);
}

int cmd_search(int argc, char **argv) {
    enum { OPT_COUNTS = 500 };
    static const struct option longopts[] = {CLI_COMMON_LONGOPTS,
                                             {"word", no_argument, NULL, 'w'},
                                             {"phrase", no_argument, NULL, 'p'},
                                             {"lemma", no_argument, NULL, 'l'},
                                             {"regex", no_argument, NULL, 'r'},
                                             {"all-speakers", no_argument, NULL, 'a'},
                                             {"counts", no_argument, NULL, OPT_COUNTS},
                                             {"context", required_argument, NULL, 'n'},
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille search", help);
    int kind = -1, all = 0, counts = 0, c, rc = EXIT_OK;
    long context = 8;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, CLI_COMMON_SHORTOPTS "wplran:", longopts, NULL)) != -1) {
        switch (c) {
        case 'w': kind = GRILLE_RULE_WORD; break;
        case 'p': kind = GRILLE_RULE_PHRASE; break;
        case 'l': kind = GRILLE_RULE_LEMMA; break;
        case 'r': kind = GRILLE_RULE_REGEX; break;
        case 'a': all = 1; break;
        case OPT_COUNTS: counts = 1; break;
        case 'n':
            context = strtol(optarg, &end, 10);
            if (!*optarg || *end || context < 0 || context > 200) {
                fprintf(stderr, _("grille search: --context takes a number of words from 0 to 200\n"));
                return EXIT_INPUT;
            }
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, _("grille search: no query given\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    const char *query = argv[optind++];
    if (kind < 0) kind = strpbrk(query, " \t") ? GRILLE_RULE_PHRASE : GRILLE_RULE_WORD;
    int fmt = cli_common_format(&o, GRILLE_FORMAT_MARKDOWN,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_MARKDOWN);
    if (fmt < 0) return EXIT_INPUT;
    if (optind >= argc) {
        fprintf(stderr, _("grille search: no transcript given\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    grille_codebook *base = cli_load_codebook(o.codebook);
    if (!base) return EXIT_INPUT;
    grille_error err;
    grille_codebook *cb =
        grille_codebook_new_search(base, (grille_rule_kind)kind, query, all ? GRILLE_SEARCH_ALL_SPEAKERS : 0, &err);
    if (!cb) {
        cli_report(&err);
        grille_codebook_free(base);
        return cli_exit_code(err.code);
    }
    searching k = {.s = {.path = o.output},
                   .fmt = (grille_format)fmt,
                   .cb = cb,
                   .context = (size_t)context,
                   .concordance = !counts || fmt == GRILLE_FORMAT_MARKDOWN};
    cli_sink sink = {cli_stream_begin, search_document, &k, NULL};
    rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
    if (rc == EXIT_OK && k.s.open && k.s.st == GRILLE_OK) {
        FILE *f = k.s.out.f;
        if (k.concordance && !k.s.headed++) k.s.st = grille_kwic_write_header(f, k.fmt, &k.s.err);
        if (k.s.st == GRILLE_OK && k.fmt == GRILLE_FORMAT_MARKDOWN) fputs("\n", f);
        if (k.s.st == GRILLE_OK && (counts || k.fmt == GRILLE_FORMAT_MARKDOWN)) write_counts(f, k.fmt, k.rows, k.nrows);
    }
    rc = cli_stream_end(&k.s, rc);
    free_rows(&k);
    grille_codebook_free(cb);
    grille_codebook_free(base);
    return rc;
}

/* cmd_export.c - grille export and grille import: REFI-QDA codebooks
 * (.qdc) and projects (.qdpx), for NVivo, ATLAS.ti, MAXQDA, QualCoder...;
 * SQLite databases and Iramuteq corpora. */
#define _POSIX_C_SOURCE 200809L
#include "export.h"
#include "shard.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);

static const char *const export_help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille export --format qdc -o FILE.qdc [-c CODEBOOK]\n"
       "       grille export --format qdpx -o FILE.qdpx [OPTIONS] PATH...\n"
       "       grille export --format sqlite -o FILE.sqlite [OPTIONS] PATH...\n"
       "       grille export --format iramuteq [-o FILE.txt] [OPTIONS] PATH...\n"
       "       grille export --format xlsx -o FILE.xlsx [OPTIONS] PATH...\n"
       "       grille export --format md|html [-o FILE] [-c CODEBOOK] [PATH...]\n"
       "Write the codebook as a REFI-QDA codebook (.qdc), or code the transcripts\n"
       "(files, or folders searched for every kind of transcript grille reads) and\n"
       "write the coding as a REFI-QDA project (.qdpx) that NVivo, ATLAS.ti, MAXQDA\n"
       "or QualCoder can open, as an\n"
       "SQLite database (tables documents, variables, units, themes, rules,\n"
       "segments, hits: see doc/sqlite-schema.sql), or as an Iramuteq/Alceste corpus\n"
       "(one text per turn of coded speech, starred with the document's variables,\n"
       "the speaker and *th<theme>_1 or _0 for each top-level theme), or as an Excel\n"
       "workbook (sheets themes, rules, matrix, a matrix by each document variable\n"
       "that groups the documents, and segments); or write the codebook as a\n"
       "document for a report's appendix (md or html: each theme's label,\n"
       "description and rules in plain words, and with transcripts, two example\n"
       "verbatims per theme).\n"
       "\n"
       "  -f, --format FMT         qdc, qdpx, sqlite, iramuteq, xlsx, md or html\n"
       "                           (default: from -o's extension: .qdc, .qdpx,\n"
       "                           .sqlite or .db, .xlsx, .md, .html)\n"
       "  -o, --output FILE        write to FILE (atomically); '-' is stdout, the\n"
       "                           default for qdc and iramuteq\n"
       "  -c, --codebook FILE      codebook (default: codebooks/dts-fr.xml, then the\n"
       "                           installed dts-fr.xml)\n"
       "      --name NAME          project name (default: the codebook's title)\n"
       "      --user NAME          user the codings are attributed to (default: grille)\n"
       "      --date DATETIME      the project's creationDateTime, as\n"
       "                           2024-05-02T10:00:00Z (default: none, so that the\n"
       "                           same input always gives the same file)\n"
       "      --lang LANG          md and html: the language of the document, fr or\n"
       "                           en (default: the locale's)\n"),
    CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"),
    CLI_SHARD_HELP,
    N_("  -h, --help               show this help\n"
       "\n"
       "Selections count Unicode code points of each transcript from 0, the end\n"
       "exclusive (endPosition is the first code point after the selection), as\n"
       "grille's own offsets.  GUIDs are derived from the ids: exporting again gives\n"
       "the same GUIDs.\n"),
    NULL};

static const char *const import_help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille import qdc FILE.qdc [-o CODEBOOK.xml]\n"
       "       grille import qdpx FILE.qdpx [-o GOLD.tsv] [-c CODEBOOK] [--report]\n"
       "                          [--texts DIR]\n"
       "Read a REFI-QDA file made by another tool (or by grille export).\n"
       "\n"
       "qdc   write the codebook (of a .qdc, or of a .qdpx project) as a grille\n"
       "      codebook skeleton: themes, labels, descriptions, colours, nesting, but\n"
       "      no rules; add rules before coding with it.\n"
       "qdpx  write the project's codings as a gold file for 'grille eval' (columns\n"
       "      document, start, end, theme, coder, quote).  A code gets the id of the\n"
       "      codebook's theme grille exported it from (its GUID), else of the theme\n"
       "      at the same label path, else of the only theme of its label; a code\n"
       "      that fits several themes is refused, one that fits none gets the id\n"
       "      'grille import qdc' gives it (with a warning).  Positions are read as\n"
       "      the tool that wrote the project counts them (NVivo: UTF-16 code units),\n"
       "      a leading byte order mark not counted.\n"
       "\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -c, --codebook FILE      qdpx: the codebook the codes were exported from\n"
       "                           (default: codebooks/dts-fr.xml, then the installed\n"
       "                           dts-fr.xml, when there is one)\n"
       "      --report             qdpx: say on stderr which tool wrote the project,\n"
       "                           what its positions were read as, how each code\n"
       "                           was mapped, and per document how many selections\n"
       "                           start and end on word boundaries (positions\n"
       "                           misread cut words) and its variables\n"
       "      --positions UNITS    qdpx: what positions count, whoever wrote the\n"
       "                           project: code-points or utf-16 (default: auto)\n"
       "      --texts DIR          qdpx: also write the project's documents as a\n"
       "                           corpus: DIR/NAME.txt (the texts the gold's\n"
       "                           positions count) and DIR/variables.csv (their\n"
       "                           variables), so that grille can code them and\n"
       "                           eval compare with the project's codings\n"
       "  -h, --help               show this help\n"),
    NULL};

/* The library writes into memory first: when it fails (a damaged file, a
 * bad --date) the error is reported as such, and the output, untouched. */
typedef struct membuf {
    FILE *f;
    char *data;
    size_t len;
} membuf;

static int membuf_open(membuf *m) {
    m->data = NULL;
    m->len = 0;
    m->f = open_memstream(&m->data, &m->len);
    if (!m->f) fprintf(stderr, _("grille: out of memory\n"));
    return m->f ? EXIT_OK : EXIT_INTERNAL;
}

/* Closes m and, when st is GRILLE_OK, writes it to output atomically. */
static int membuf_emit(membuf *m, int st, const grille_error *err, const char *output) {
    int rc;
    if (fclose(m->f) != 0 && st == GRILLE_OK) {
        fprintf(stderr, _("grille: out of memory\n"));
        rc = EXIT_INTERNAL;
    } else if (st != GRILLE_OK) {
        cli_report(err);
        rc = cli_exit_code(st);
    } else {
        cli_output out;
        rc = cli_output_open(&out, output);
        if (rc == EXIT_OK) rc = cli_output_close(&out, fwrite(m->data, 1, m->len, out.f) == m->len);
    }
    free(m->data);
    return rc;
}

static const struct {
    const char *name, *ext, *ext2; /* -f's name, the extensions it writes */
} kinds[] = {{"qdc", "qdc", NULL},   {"qdpx", "qdpx", NULL}, {"sqlite", "sqlite", "db"}, {"iramuteq", "txt", NULL},
             {"xlsx", "xlsx", NULL}, {"md", "md", NULL},     {"html", "html", "htm"}};

const char *cli_export_kind_name(int kind) { return kind >= 0 && kind < EXPORT_KINDS ? kinds[kind].name : "?"; }

/* What to export: -f, else -o's extension; an extension of another
 * kind than -f's, or one grille does not write, is refused.  -1 after a
 * message. */
int cli_export_kind(const char *cmd, const char *format, const char *output) {
    const char *ext = cli_extension(output);
    int by_ext = -1;
    for (int k = 0; ext && k < EXPORT_KINDS && by_ext < 0; k++)
        if (strcasecmp(ext, kinds[k].ext) == 0 || (kinds[k].ext2 && strcasecmp(ext, kinds[k].ext2) == 0)) by_ext = k;
    if (format) {
        for (int k = 0; k < EXPORT_KINDS; k++)
            if (strcmp(format, kinds[k].name) == 0) {
                if (by_ext >= 0 && by_ext != k) {
                    fprintf(stderr, _("%s: -f %s, but -o %s names a .%s file (nothing was written)\n"), cmd, format,
                            output, ext);
                    return -1;
                }
                return k;
            }
        fprintf(stderr, _("%s: unknown format '%s' (qdc, qdpx, sqlite, iramuteq, xlsx, md or html)\n"), cmd, format);
        return -1;
    }
    /* a .txt is many things: Iramuteq only when asked for */
    if (by_ext >= 0 && by_ext != EXPORT_IRAMUTEQ) return by_ext;
    if (ext)
        return cli_refuse_extension(cmd, output,
                                    _(".qdc, .qdpx, .sqlite (.db), .xlsx, .md or .html, and Iramuteq corpora with "
                                      "-f iramuteq"));
    fprintf(stderr,
            _("%s: say --format qdc, qdpx, sqlite, iramuteq, xlsx, md or html (or name -o "
              "FILE.qdc, FILE.qdpx, FILE.sqlite, FILE.xlsx, FILE.md or FILE.html)\n%s"),
            cmd, strcmp(cmd, "grille export") == 0 ? cli_help(export_help) : "");
    return -1;
}

/* SQLite, Iramuteq and xlsx: the tables of a coding run. */
static int export_table(int table, const char *output, const char *codebook, const char *interviewers, int jobs,
                        int argc, char **argv) {
    if (optind >= argc) {
        fprintf(stderr, _("grille export: no transcript given\n%s"), cli_help(export_help));
        return EXIT_INPUT;
    }
    if (cli_table_output_ok(table, output)) return EXIT_INPUT;
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    cli_table t = {.table = table, .path = output, .cb = cb};
    cli_sink sink = {cli_table_open, cli_table_add, &t, NULL};
    int rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), interviewers, jobs, &sink);
    rc = cli_table_close(&t, rc);
    grille_codebook_free(cb);
    return rc;
}

/* The codebook as a document (md or html), with two examples per theme
 * when transcripts are given. */
/* The codebook as a document (md or html), with two examples per theme
 * when transcripts are given, kept as the documents are coded: the
 * transcripts are not held together. */
static int export_doc(int html, grille_language lang, const char *output, const char *codebook,
                      const char *interviewers, int jobs, int argc, char **argv) {
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    cli_doc k = {NULL, GRILLE_OK, {0}};
    int rc = EXIT_OK;
    if (!(k.d = grille_codebook_doc_new(cb, optind < argc, &k.err))) {
        cli_report(&k.err);
        rc = EXIT_INTERNAL;
    }
    if (rc == EXIT_OK && optind < argc) {
        cli_sink sink = {cli_doc_begin, cli_doc_add, &k, NULL};
        rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), interviewers, jobs, &sink);
    }
    if (k.d) rc = cli_doc_finish(&k, rc, html, lang, output);
    grille_codebook_doc_free(k.d);
    grille_codebook_free(cb);
    return rc;
}

/* grille export --shard: the part of the documents and their codings;
 * grille merge writes the export.  The format comes from -f (-o names
 * the part). */
static int export_shard(const cli_common *o, const grille_refi_options *ro, grille_language lang, int argc,
                        char **argv) {
    if (cli_shard_output_ok(o->name, o->output)) return EXIT_INPUT;
    int kind = cli_export_kind("grille export", o->format, NULL);
    if (kind < 0) return EXIT_INPUT;
    if (kind == EXPORT_QDC) {
        fprintf(stderr, _("grille export: --shard writes the parts of an export of the corpus (-f sqlite, iramuteq, "
                          "qdpx, xlsx, md or html), not of -f qdc\n"));
        return EXIT_INPUT;
    }
    if ((kind == EXPORT_SQLITE && cli_require("grille export", GRILLE_FEATURE_SQLITE)) ||
        (kind == EXPORT_QDPX && cli_require("grille export", GRILLE_FEATURE_REFI)))
        return EXIT_INPUT;
    /* a bad --date is refused now, not by the merge of the parts */
    grille_error err;
    if (kind == EXPORT_QDPX && grille_refi_options_check(ro, &err)) {
        cli_report(&err);
        return cli_exit_code(err.code);
    }
    /* the REFI options, for the merge to write the project: given or not
     * (NULL is not "") */
    const char *name = ro->project_name ? ro->project_name : "", *user = ro->user_name ? ro->user_name : "",
               *date = ro->creation_time ? ro->creation_time : "";
    size_t len = strlen(name) + strlen(user) + strlen(date) + 128;
    char *extra = malloc(len);
    if (!extra) {
        fputs(_("grille: out of memory\n"), stderr);
        return EXIT_INTERNAL;
    }
    /* and --lang, for a codebook document */
    snprintf(extra, len, "%d %d %d %d %zu %zu %zu:%s%s%s", (int)lang, ro->project_name != NULL, ro->user_name != NULL,
             ro->creation_time != NULL, strlen(name), strlen(user), strlen(date), name, user, date);
    int rc = cli_shard_saved(o, argc, argv, "export", kind, extra);
    free(extra);
    return rc;
}

int cmd_export(int argc, char **argv) {
    static const struct option longopts[] = {{"format", required_argument, NULL, 'f'},
                                             {"output", required_argument, NULL, 'o'},
                                             {"codebook", required_argument, NULL, 'c'},
                                             {"name", required_argument, NULL, 'N'},
                                             {"user", required_argument, NULL, 'U'},
                                             {"date", required_argument, NULL, 'D'},
                                             CLI_READ_LONGOPTS,
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"help", no_argument, NULL, 'h'},
                                             CLI_LANG_LONGOPT,
                                             CLI_SHARD_LONGOPT,
                                             {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille export", export_help);
    grille_language lang = cli_default_language();
    grille_refi_options ro = GRILLE_REFI_OPTIONS_INIT;
    ro.warn = cli_warn;
    int c, rc = EXIT_OK;
    optind = 1;
    while ((c = getopt_long(argc, argv, "f:o:c:j:h", longopts, NULL)) != -1) {
        cli_shard_note(longopts, c, optarg);
        switch (c) {
        case CLI_OPT_SHARD:
            if (cli_shard_parse(o.name, optarg)) return EXIT_INPUT;
            break;
        case 'N': ro.project_name = optarg; break;
        case 'U': ro.user_name = optarg; break;
        case 'D': ro.creation_time = optarg; break;
        case CLI_OPT_LANG:
            if (cli_parse_lang("grille export", optarg, &lang)) return EXIT_INPUT;
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
        }
    }
    if (cli_shard_active()) return export_shard(&o, &ro, lang, argc, argv);
    int kind = cli_export_kind("grille export", o.format, o.output);
    if (kind < 0) return EXIT_INPUT;
    if ((kind == EXPORT_SQLITE && cli_require("grille export", GRILLE_FEATURE_SQLITE)) ||
        ((kind == EXPORT_QDC || kind == EXPORT_QDPX) && cli_require("grille export", GRILLE_FEATURE_REFI)))
        return EXIT_INPUT;
    if (kind == EXPORT_MD || kind == EXPORT_HTML)
        return export_doc(kind == EXPORT_HTML, lang, o.output, o.codebook, o.interviewers, o.jobs, argc, argv);
    int qdpx = kind == EXPORT_QDPX, table = kind == EXPORT_SQLITE     ? 1
                                            : kind == EXPORT_IRAMUTEQ ? 2
                                            : kind == EXPORT_XLSX     ? 3
                                                                      : 0;
    if (table) return export_table(table, o.output, o.codebook, o.interviewers, o.jobs, argc, argv);
    if (!qdpx && optind < argc) {
        fprintf(stderr, _("grille export: a .qdc holds the codebook only: no transcript expected\n"));
        return EXIT_INPUT;
    }
    if (qdpx && optind >= argc) {
        fprintf(stderr, _("grille export: no transcript given\n%s"), cli_help(export_help));
        return EXIT_INPUT;
    }
    if (qdpx && cli_table_output_ok(4, o.output)) return EXIT_INPUT;
    grille_codebook *cb = cli_load_codebook(o.codebook);
    if (!cb) return EXIT_INPUT;
    if (qdpx) {
        /* coded and added a document at a time: the texts wait in a
         * temporary file of the library's, not in memory */
        cli_table t = {.table = 4, .path = o.output, .cb = cb, .ro = &ro};
        cli_sink sink = {cli_table_open, cli_table_add, &t, NULL};
        rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), o.interviewers, o.jobs, &sink);
        rc = cli_table_close(&t, rc);
        grille_codebook_free(cb);
        return rc;
    }
    membuf m;
    if ((rc = membuf_open(&m)) == EXIT_OK) {
        grille_error err;
        int st = grille_refi_write_qdc(m.f, cb, &ro, &err);
        rc = membuf_emit(&m, st, &err, o.output);
    }
    grille_codebook_free(cb);
    return rc;
}

int cmd_import(int argc, char **argv) {
    static const struct option longopts[] = {{"output", required_argument, NULL, 'o'},
                                             {"codebook", required_argument, NULL, 'c'},
                                             {"report", no_argument, NULL, 'R'},
                                             {"positions", required_argument, NULL, 'P'},
                                             {"texts", required_argument, NULL, 'T'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *output = NULL, *codebook = NULL, *texts = NULL;
    grille_refi_import_options io = GRILLE_REFI_IMPORT_OPTIONS_INIT;
    io.warn = cli_warn;
    int c, options = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'o':
            output = optarg;
            cli_protect_output(optarg);
            break;
        case 'c': codebook = optarg; break;
        case 'R':
            io.report = stderr;
            options = 1;
            break;
        case 'T':
            texts = optarg;
            options = 1;
            break;
        case 'P':
            options = 1;
            if (strcmp(optarg, "auto") == 0) io.positions = GRILLE_REFI_POSITIONS_AUTO;
            else if (strcmp(optarg, "code-points") == 0) io.positions = GRILLE_REFI_POSITIONS_CODE_POINTS;
            else if (strcmp(optarg, "utf-16") == 0) io.positions = GRILLE_REFI_POSITIONS_UTF16;
            else {
                fprintf(stderr, _("grille import: --positions is auto, code-points or utf-16, not '%s'\n"), optarg);
                return EXIT_INPUT;
            }
            break;
        case 'h': fputs(cli_help(import_help), stdout); return EXIT_OK;
        default: fputs(cli_help(import_help), stderr); return EXIT_INPUT;
        }
    }
    if (argc - optind != 2 || (strcmp(argv[optind], "qdc") != 0 && strcmp(argv[optind], "qdpx") != 0)) {
        fprintf(stderr, _("grille import: expected 'qdc FILE' or 'qdpx FILE'\n%s"), cli_help(import_help));
        return EXIT_INPUT;
    }
    if (cli_require("grille import", GRILLE_FEATURE_REFI)) return EXIT_INPUT;
    int gold = strcmp(argv[optind], "qdpx") == 0;
    const char *path = argv[optind + 1];
    /* a codebook is XML, a gold TSV: another name would mislead */
    const char *ext = cli_extension(output);
    if (ext && strcasecmp(ext, gold ? "tsv" : "xml") != 0) {
        cli_refuse_extension(gold ? "grille import qdpx" : "grille import qdc", output,
                             gold ? _("a gold as .tsv") : _("a codebook as .xml"));
        return EXIT_INPUT;
    }
    if (cli_check_input(path)) return EXIT_INPUT;
    if (!gold && (codebook || options)) {
        fprintf(stderr, _("grille import: %s is for 'import qdpx' only\n"),
                codebook ? "-c" : _("--report, --positions or --texts"));
        return EXIT_INPUT;
    }
    /* The codebook only maps exported GUIDs back to theme ids: without
     * one (none given, no default), codes get ids from their names. */
    grille_codebook *cb = NULL;
    if (gold && (codebook || cli_default_codebook())) {
        cb = cli_load_codebook(codebook);
        if (!cb) return EXIT_INPUT;
    }
    membuf m;
    texts_out to;
    int rc = texts ? texts_open(&to, texts) : EXIT_OK;
    if (rc == EXIT_OK && texts) {
        io.on_source = texts_source;
        io.source_ctx = &to;
    }
    if (rc == EXIT_OK) rc = membuf_open(&m);
    if (rc == EXIT_OK) {
        grille_error err;
        io.codebook = cb;
        /* codes that fit no theme are news only for a codebook asked for:
         * the default one is tried in passing (--report lists them) */
        if (!codebook) io.warn = NULL;
        int st = gold ? grille_refi_import_gold(path, m.f, &io, &err) : grille_refi_import_codebook(path, m.f, &err);
        rc = membuf_emit(&m, st, &err, output);
        if (texts) {
            int trc = texts_close(&to, rc == EXIT_OK);
            if (rc == EXIT_OK) rc = trc;
        }
    }
    grille_codebook_free(cb);
    return rc;
}

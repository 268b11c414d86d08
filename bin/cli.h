/* cli.h - what the grille subcommands share.  The CLI only parses
 * options, calls the library and writes files. */
#ifndef GRILLE_CLI_H
#define GRILLE_CLI_H
#include "grille.h"
#include <stdio.h>

/* Messages in the locale's language (GNU gettext, po/); N_() marks a
 * string translated where it is used; C_() a string with a context.
 * Without NLS (configure --disable-nls) they stay in English. */
#ifdef ENABLE_NLS
#include <libintl.h>
#define _(s) gettext(s)
#else
#define _(s) (s)
#define ngettext(one, many, n) ((n) == 1 ? (one) : (many))
#endif
#define N_(s) s
const char *cli_pgettext(const char *ctx_and_id, const char *id);
#define C_(ctx, s) cli_pgettext(ctx "\004" s, s)

/* Sets LC_CTYPE and LC_MESSAGES from the environment (not LC_NUMERIC:
 * machine formats keep '.' decimals) and binds grille's messages. */
void cli_locale_init(void);
/* The language of reports when --lang is not given: that of the
 * messages (the locale's, when grille has its catalogue), else English. */
grille_language cli_default_language(void);
/* --lang LANG, for the commands whose output goes into reports: sets
 * *lang, or says what it takes and returns -1. */
enum { CLI_OPT_LANG = 400 };
/* clang-format off */
#define CLI_LANG_LONGOPT {"lang", required_argument, NULL, CLI_OPT_LANG}
/* clang-format on */
int cli_parse_lang(const char *cmd, const char *arg, grille_language *lang);
/* v with decimals digits in a message: the decimal separator of the
 * messages' language ("12.5", French "12,5"), whatever LC_NUMERIC, which
 * stays "C" for the machine formats.  buf: at least 64 bytes. */
const char *cli_number(char *buf, size_t len, double v, int decimals);

/* A command's --help: its parts (N_() strings, the shared blocks
 * CLI_READ_HELP and CLI_EXCEL_HELP among them, NULL last) translated and
 * joined.  One msgid per part, not per line: a translator reflows a whole
 * block.  The text lives until the next call (help.c). */
const char *cli_help(const char *const *parts);

/* Exit codes, as documented in grille(1). */
enum { EXIT_OK = 0, EXIT_INTERNAL = 1, EXIT_INPUT = 2 };

int cmd_code(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* Optional parts of the library (optional.c).  cli_require: 0 when this
 * build has feature, else -1 after saying which configure option left
 * it out (the caller exits with EXIT_INPUT).  cli_print_features: the
 * line "features: +sqlite -refi" of --version. */
int cli_require(const char *cmd, grille_feature feature);
void cli_print_features(FILE *out);

/* Prints "grille: file:line:col: message" to stderr. */
void cli_report(const grille_error *err);
/* A grille_warn_fn: prints "grille: warning: file:line: message". */
void cli_warn(void *ctx, const grille_error *w);
/* Exit code for a library error code. */
int cli_exit_code(int code);

/* The lexicon for lemma rules, or NULL (see grille.c); freed at exit. */
const grille_lexicon *cli_lexicon(void);
void cli_lexicon_free(void);
int cmd_lemma(int argc, char **argv);
int cmd_cooc(int argc, char **argv);
int cmd_kwic(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_import(int argc, char **argv);
int cmd_note(int argc, char **argv);
int cmd_speakers(int argc, char **argv);
int cmd_text(int argc, char **argv);

/* Where the message catalogues are: the build tree's locale/ when grille
 * runs from its build tree, else the installed LOCALEDIR. */
const char *cli_locale_dir(void);
/* The default codebook's path, or NULL when there is none. */
const char *cli_default_codebook(void);
/* The codebook named by path, or the default one; NULL after reporting. */
grille_codebook *cli_load_codebook(const char *path);

/* A coded corpus: documents and their codings, in corpus order. */
typedef struct cli_run {
    size_t n;
    grille_document **docs;
    grille_coding **codings;
} cli_run;
/* Reads and codes the transcripts under paths with `jobs` threads.
 * Returns an exit code; on success *run is filled. */
int cli_code_corpus(const grille_codebook *cb, char **paths, size_t npaths, const char *interviewers, int jobs,
                    cli_run *run);
/* A run that keeps no document: each is handed to each() in corpus
 * order as soon as it is coded, then freed.  begin() is called once the
 * corpus is listed and checked, before anything is read (to open the
 * output).  Both return an exit code; after a failure (of a document or
 * of each()), the rest is read for its messages but not handed over. */
typedef struct cli_sink {
    int (*begin)(void *ctx); /* may be NULL */
    int (*each)(void *ctx, const grille_document *doc, const grille_coding *coding);
    void *ctx;
    size_t *count; /* may be NULL; else told, before begin(), how many
                    * documents the corpus has */
} cli_sink;
int cli_code_corpus_each(const grille_codebook *cb, char **paths, size_t npaths, const char *interviewers, int jobs,
                         const cli_sink *sink);
/* The same without coding (run->codings stays NULL; each() is handed
 * NULL for the coding). */
int cli_read_corpus(char **paths, size_t npaths, int jobs, cli_run *run);
int cli_read_corpus_each(char **paths, size_t npaths, int jobs, const cli_sink *sink);
/* For a sink's begin() whose output goes to the terminal as the
 * documents come: the run shows no progress line, which would land
 * among the output's lines. */
void cli_quiet_progress(void);
void cli_run_free(cli_run *run);

/* How transcripts are read (reading.c): --interviewers, --encoding,
 * --variables, --speakers, for every command that reads transcripts. */
enum { CLI_OPT_ENCODING = 300, CLI_OPT_VARIABLES, CLI_OPT_SPEAKERS, CLI_OPT_MAX_SIZE, CLI_OPT_EXCEL };
/* --excel, for the commands that write CSV */
/* clang-format off */
#define CLI_EXCEL_LONGOPT {"excel", no_argument, NULL, CLI_OPT_EXCEL}
extern const char cli_excel_help[];
#define CLI_EXCEL_HELP cli_excel_help
#define CLI_READ_LONGOPTS                                                                          \
    {"interviewers", required_argument, NULL, 'I'}, {"encoding", required_argument, NULL, CLI_OPT_ENCODING}, \
    {"variables", required_argument, NULL, CLI_OPT_VARIABLES},                                     \
    {"speakers", required_argument, NULL, CLI_OPT_SPEAKERS},                                       \
    {"max-size", required_argument, NULL, CLI_OPT_MAX_SIZE}
/* clang-format on */
/* their --help lines (help.c) */
extern const char cli_read_help[];
#define CLI_READ_HELP cli_read_help
/* Takes option c when it is a reading option: 1, else 0. */
int cli_read_option(int c, const char *arg);
void cli_read_set_interviewers(const char *list);
/* Loads the tables (named, or found at the top of a corpus directory). */
int cli_read_prepare(char **paths, size_t n);
/* Read options for the document with this id and path (tables borrowed:
 * those given on the command line, else those of its corpus folder). */
void cli_read_options(grille_read_options *o, const char *id, const char *path);
/* Prints the document's reading warnings. */
void cli_read_warnings(const grille_document *doc);
/* The tables' checks, one document at a time in corpus order (a speaker
 * row that never speaks, a document without a row of variables)... */
void cli_read_check_document(const grille_document *doc);
/* ...and, once all are read, the rows that named no document. */
void cli_read_check_end(void);
void cli_read_free(void);
/* Prints what the corpus walk skipped, by reason. */
void cli_corpus_warnings(const grille_corpus *c);

/* The options of the commands that code transcripts (common.c). */
typedef struct cli_common {
    const char *name;        /* "grille cooc", for messages */
    const char *const *help; /* its parts, for cli_help() */
    const char *codebook, *output, *format, *interviewers;
    int jobs;
    int excel; /* --excel */
} cli_common;

/* getopt_long entries and short options for cli_common_option(). */
/* clang-format off */
#define CLI_COMMON_LONGOPTS                                                              \
    {"codebook", required_argument, NULL, 'c'}, {"output", required_argument, NULL, 'o'}, \
    {"format", required_argument, NULL, 'f'}, CLI_READ_LONGOPTS, CLI_EXCEL_LONGOPT,       \
    {"jobs", required_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}
/* clang-format on */
#define CLI_COMMON_SHORTOPTS "c:o:f:j:h"

int cli_default_jobs(void);
void cli_common_init(cli_common *o, const char *name, const char *const *help);
/* Takes option c when it is a common one: 1; not one: 0; -1 when the
 * command must stop with *rc (--help, or an unknown option). */
int cli_common_option(cli_common *o, int c, const char *arg, int *rc);
/* cli_output_format() with the command's -f, --excel and -o. */
int cli_common_format(const cli_common *o, int fallback, unsigned allowed);
/* Loads the codebook and codes the transcripts named after the options.
 * Returns an exit code; release with cli_common_done() in every case. */
/* The codebook of a command that codes the transcripts after its options
 * (argv[optind...]); NULL after saying why (no transcript, a bad codebook). */
grille_codebook *cli_common_codebook(const cli_common *o, int argc);
int cli_common_code(const cli_common *o, int argc, char **argv, grille_codebook **cb, cli_run *run);
void cli_common_done(grille_codebook *cb, cli_run *run);

/* An output written safely (atomic.c): a regular file through a
 * temporary file renamed over it (permissions kept, links followed), a
 * device or FIFO in place, stdout for NULL or "-"; a folder refused. */
typedef struct cli_output {
    FILE *f;
    char *path, *tmp; /* tmp: NULL when written in place */
    int slot;         /* in the table of temporaries removed on signals */
    char *buf;        /* f's buffer, when it has one of ours */
} cli_output;
int cli_output_open(cli_output *o, const char *path);
/* The same for a writer that takes a path (SQLite): o->tmp is the file to
 * write; devices and stdout are refused. */
int cli_output_open_file(cli_output *o, const char *path);
/* Closes and renames; returns an exit code.  ok = 0 (writing failed)
 * discards the file and reports an internal error. */
int cli_output_close(cli_output *o, int ok);
/* Closes o after its writer returned st: on failure, reports err (the
 * library's message, naming o) in place of the generic write error and
 * discards the file.  Returns an exit code as cli_output_close(). */
int cli_output_finish(cli_output *o, int st, const grille_error *err);

/* An output written document by document as a run codes them (grille
 * code's segments, grille kwic's lines), opened by the sink's begin(). */
typedef struct cli_stream {
    const char *path;
    cli_output out;
    int open, headed; /* headed: the header is written (with the first
                       * document: on standard output, a run whose first
                       * document fails writes nothing) */
    int st;           /* the first writer error, and its message */
    grille_error err;
} cli_stream;
/* cli_sink.begin for a cli_stream (ctx: a struct that starts with one). */
int cli_stream_begin(void *ctx);
/* Ends the stream after the run's exit code rc: a failed run leaves no
 * output file behind, a failed write says what failed.  Returns the exit
 * code. */
int cli_stream_end(cli_stream *s, int rc);

/* Remembers an output given with -o, so that no input of the run can be
 * it; cli_check_input() refuses an input that is one of them. */
void cli_protect_output(const char *path);
int cli_check_input(const char *input);

/* A gold (gold.c): a gold of spans, a table of units, or a .qdpx's
 * codings (cb maps its codes to themes; may be NULL).  NULL after
 * reporting. */
grille_gold *cli_load_gold(const char *path, const grille_codebook *cb);
/* The gold's rows that match nothing in the run: reported as errors
 * (EXIT_INPUT), or as warnings when partial (EXIT_OK). */
int cli_check_gold(const char *cmd, const grille_gold *gold, const grille_codebook *cb, const cli_run *run,
                   const char *coder, int partial);
/* Makes the gold judge the top-level themes only (--top-level). */
int cli_gold_top_level(grille_gold *gold, const grille_codebook *cb);
int cmd_gold(int argc, char **argv);
int cmd_suggest(int argc, char **argv);
int cmd_search(int argc, char **argv);
int cmd_review(int argc, char **argv);

/* grille import qdpx --texts DIR (import_texts.c): the project's texts
 * as DIR/NAME.txt and their variables as DIR/variables.csv. */
typedef struct texts_row {
    char *doc;
    char **values;
    int *cols;
    size_t n;
} texts_row;
typedef struct texts_out {
    const char *dir;
    char **cols; /* the variables' names, in order of appearance */
    size_t ncols;
    texts_row *rows;
    size_t nrows;
} texts_out;
int texts_open(texts_out *t, const char *dir);
/* grille_refi_import_options.on_source */
int texts_source(void *ctx, const char *doc, const char *text, size_t len, const char *const *names,
                 const char *const *values, size_t nvars);
/* Writes variables.csv when ok and frees t; an exit code. */
int texts_close(texts_out *t, int ok);

/* Output formats (format.c).  The format from -f, else from -o's
 * extension (any case), else fallback; --excel (excel = 1) turns CSV
 * into GRILLE_FORMAT_CSV_EXCEL.  allowed: bits (1u << fmt) of the
 * grille_format values the command writes.  -1 after a message when -f
 * or the extension is not among them, when they disagree, when --excel
 * meets another format, or when an .xlsx would go to stdout. */
int cli_output_format(const char *cmd, const char *format, int excel, const char *output, int fallback,
                      unsigned allowed);
/* The extension of path's file name, without its dot, or NULL. */
const char *cli_extension(const char *path);
/* Says that grille does not write -o's extension and what the command
 * writes instead ("a .qdpx, .sqlite or .xlsx file"); returns -1. */
int cli_refuse_extension(const char *cmd, const char *output, const char *writes);

/* Writes a workbook at output atomically (xlsx.c): fill adds its sheets.
 * Stdout, devices and FIFOs are refused (a workbook needs a regular
 * file).  Returns an exit code, after reporting. */
int cli_write_workbook(const char *output, int (*fill)(grille_workbook *wb, const void *ctx, grille_error *err),
                       const void *ctx);
/* Closes an output that a writer filled by path (SQLite, libxlsxwriter)
 * after it returned st: on failure, reports err naming path rather than
 * the temporary file, and discards the file.  Returns an exit code. */
int cli_output_close_path(cli_output *o, const char *path, int st, grille_error *err);

#endif

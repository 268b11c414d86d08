/* cli.h - what the grille subcommands share.  The CLI only parses
 * options, calls the library and writes files. */
#ifndef GRILLE_CLI_H
#define GRILLE_CLI_H
#include "grille.h"
#include <stdio.h>

/* Exit codes, as documented in grille(1). */
enum { EXIT_OK = 0, EXIT_INTERNAL = 1, EXIT_INPUT = 2 };

int cmd_code(int argc, char **argv);
int cmd_matrix(int argc, char **argv);
int cmd_check(int argc, char **argv);
int cmd_tokens(int argc, char **argv);
int cmd_eval(int argc, char **argv);
int cmd_diff(int argc, char **argv);

/* Prints "grille: file:line:col: message" to stderr. */
void cli_report(const grille_error *err);
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
int cli_code_corpus(const grille_codebook *cb, char **paths, size_t npaths,
                    const char *interviewers, int jobs, cli_run *run);
void cli_run_free(cli_run *run);

/* The options of the commands that code transcripts (common.c). */
typedef struct cli_common {
    const char *name;        /* "grille cooc", for messages */
    const char *help;
    const char *codebook, *output, *format, *interviewers;
    int jobs;
} cli_common;

/* getopt_long entries and short options for cli_common_option(). */
#define CLI_COMMON_LONGOPTS                                                              \
    {"codebook", required_argument, NULL, 'c'}, {"output", required_argument, NULL, 'o'}, \
    {"format", required_argument, NULL, 'f'}, {"interviewers", required_argument, NULL, 'I'}, \
    {"jobs", required_argument, NULL, 'j'}, {"help", no_argument, NULL, 'h'}
#define CLI_COMMON_SHORTOPTS "c:o:f:j:h"

int cli_default_jobs(void);
void cli_common_init(cli_common *o, const char *name, const char *help);
/* Takes option c when it is a common one: 1; not one: 0; -1 when the
 * command must stop with *rc (--help, or an unknown option). */
int cli_common_option(cli_common *o, int c, const char *arg, int *rc);
/* The format from -f, else -o's extension, else fallback; -1 (after a
 * message) when it is not among allowed (bits of grille_format). */
int cli_common_format(const cli_common *o, int fallback, unsigned allowed);
/* Loads the codebook and codes the transcripts named after the options.
 * Returns an exit code; release with cli_common_done() in every case. */
int cli_common_code(const cli_common *o, int argc, char **argv, grille_codebook **cb, cli_run *run);
void cli_common_done(grille_codebook *cb, cli_run *run);

/* Output written to a temporary file then renamed over path, so a failed
 * run never leaves a partial file.  path NULL or "-" means stdout. */
typedef struct cli_output {
    FILE *f;
    char *path, *tmp;
} cli_output;
int cli_output_open(cli_output *o, const char *path);
/* Closes and renames; returns an exit code.  ok = 0 (writing failed)
 * discards the file and reports an internal error. */
int cli_output_close(cli_output *o, int ok);

/* The format implied by an output file name (.csv, .tsv, .jsonl, .md). */
int cli_format_from_path(const char *path, int fallback);

#endif

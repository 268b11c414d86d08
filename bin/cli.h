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

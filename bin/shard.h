/* shard.h - a corpus coded in parts (grille code|matrix|note|export
 * --shard K/N) and the parts merged into what one run writes (grille
 * merge). */
#ifndef GRILLE_SHARD_H
#define GRILLE_SHARD_H
#include "cli.h"
#include <getopt.h>
#include <stdint.h>

enum { CLI_OPT_SHARD = 450 };
/* clang-format off */
#define CLI_SHARD_LONGOPT {"shard", required_argument, NULL, CLI_OPT_SHARD}
/* clang-format on */
extern const char cli_shard_help[];
#define CLI_SHARD_HELP cli_shard_help

/* --shard K/N: remembered for the run; -1 after a message. */
int cli_shard_parse(const char *cmd, const char *arg);
/* Whether --shard was given. */
int cli_shard_active(void);
/* With --shard, -o names the part grille merge reads: 0, or -1 after a
 * message when it has the extension of an output format (segments.tsv,
 * matrix.xlsx), which a part is not. */
int cli_shard_output_ok(const char *cmd, const char *output);
/* Remembers option c of the command line (longopts names it): the
 * parts of one corpus must be made with the same options.  -o, -j, -c,
 * -f, --excel and --shard are not kept (-c is checked by the codebook's
 * contents, -f and --excel are kept apart). */
void cli_shard_note(const struct option *longopts, int c, const char *arg);

/* The documents of the corpus this shard codes, in corpus order, after
 * the corpus is listed (grille.c): *pick (owned by shard.c) and *n. */
int cli_shard_select(const grille_corpus *corpus, const size_t **pick, size_t *n);
/* The corpus index of the k-th document the shard handed over. */
size_t cli_shard_index(size_t k);
void cli_shard_free(void);

/* A part being written. */
typedef struct cli_part {
    cli_output out;
    int open;
    size_t count; /* documents written */
    int failed;
} cli_part;
/* Opens the part at path (atomically, stdout for NULL) and writes its
 * head: the command, the shard, the codebook's fingerprint (of the file
 * codebook, or the default codebook for NULL), the corpus's, the format
 * (fmt as resolved, format and excel as given), the options noted and
 * extra (a line of the command's own, or NULL).  An exit code. */
int cli_part_open(cli_part *p, const char *path, const char *command, const char *codebook, int fmt, const char *format,
                  int excel, const char *extra);
/* A block of bytes: "header" once, or a document's ("doc", with its
 * flag).  An exit code. */
int cli_part_header(cli_part *p, const char *data, size_t len);
int cli_part_document(cli_part *p, int flag, const char *data, size_t len);
/* Ends and closes the part (discarded when !ok); an exit code. */
int cli_part_close(cli_part *p, int ok);

/* grille code --shard: the part of the segments in format fmt (TSV, CSV
 * or JSON Lines), at o->output; grille matrix --shard: the part of the
 * counts (fmt: the matrix's format, as -f gave it).  Exit codes. */
int cli_shard_code(const cli_common *o, int argc, char **argv, grille_format fmt);
int cli_shard_matrix(const cli_common *o, int argc, char **argv, const grille_matrix_options *mopts, int fmt);

/* grille note|export --shard: the part of the documents and their
 * codings (grille_coding_save()), command "note" or "export", fmt and
 * extra what the merge needs to write them (a note's options, an
 * export's kind and REFI options).  An exit code. */
int cli_shard_saved(const cli_common *o, int argc, char **argv, const char *command, int fmt, const char *extra);

/* The fingerprint of a codebook file (NULL: the default codebook), as
 * parts record it; an exit code, after a message. */
int cli_shard_codebook_fingerprint(const char *path, uint64_t *h);

int cmd_merge(int argc, char **argv);

#endif

/* export.h - the outputs written a document at a time: the exports of
 * grille export (SQLite, Iramuteq, REFI-QDA projects, xlsx) and the
 * notes of grille note, shared with grille merge, which feeds them the
 * documents of the parts. */
#ifndef GRILLE_EXPORT_H
#define GRILLE_EXPORT_H
#include "cli.h"

enum { EXPORT_QDC, EXPORT_QDPX, EXPORT_SQLITE, EXPORT_IRAMUTEQ, EXPORT_XLSX, EXPORT_MD, EXPORT_HTML, EXPORT_KINDS };
/* What to export (EXPORT_*): -f, else -o's extension; -1 after a
 * message (cmd_export.c). */
int cli_export_kind(const char *cmd, const char *format, const char *output);
/* -f's name of an EXPORT_* kind. */
const char *cli_export_kind_name(int kind);

/* A table export being written: set table, path, cb (and ro for a
 * project), then cli_table_open() (a cli_sink's begin), cli_table_add()
 * (its each) per document, and cli_table_close(). */
typedef struct cli_table {
    int table; /* 1 SQLite, 2 Iramuteq, 3 xlsx, 4 REFI-QDA project */
    const char *path;
    const grille_codebook *cb;
    const grille_refi_options *ro;
    cli_output out;
    int open;
    grille_sqlite *db;
    grille_iramuteq *ir;
    grille_refi_project *qp;
    grille_xlsx *xl;
    int st; /* the first writer error, and its message */
    grille_error err;
} cli_table;
/* The table export of an EXPORT_* kind (1 to 4), 0 for none. */
int cli_table_of_kind(int kind);
/* Whether the export can go to output (-o): 0, or -1 after a message. */
int cli_table_output_ok(int table, const char *output);
int cli_table_open(void *ctx);
int cli_table_add(void *ctx, const grille_document *doc, const grille_coding *coding);
/* Closes the writer and the output after a run that returned rc; an
 * exit code. */
int cli_table_close(cli_table *t, int rc);

/* The codebook's document (-f md or html), its examples kept as the
 * documents come (cmd_export.c): d from grille_codebook_doc_new(). */
typedef struct cli_doc {
    grille_codebook_doc *d;
    int st;
    grille_error err;
} cli_doc;
/* A cli_sink's begin and each. */
int cli_doc_begin(void *ctx);
int cli_doc_add(void *ctx, const grille_document *doc, const grille_coding *coding);
/* After the run (rc): reports, writes the document (html or Markdown, in
 * lang) to output; an exit code. */
int cli_doc_finish(cli_doc *k, int rc, int html, grille_language lang, const char *output);

/* grille note's note, fed a document at a time (cmd_note.c): by is --by
 * as given (NULL: none), which some document must have. */
typedef struct cli_noting {
    grille_note *note;
    const char *by;
    int seen;
    grille_error err;
} cli_noting;
/* A cli_sink's each. */
int cli_note_add(void *ctx, const grille_document *doc, const grille_coding *coding);
/* After the run (rc): reports, checks --by and writes the note in fmt to
 * output; an exit code. */
int cli_note_finish(cli_noting *k, int rc, int fmt, const char *output);

#endif

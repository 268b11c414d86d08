/* reading.c - how the commands read transcripts: --interviewers,
 * --encoding, --variables and --speakers, shared by every command that
 * reads transcripts; the tables found beside a corpus; the warnings of
 * reading, printed once per document. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* One run of the program reads with one set of settings: the CLI may
 * keep them in a static (the library keeps nothing). */
static struct {
    const char *interviewers, *encoding, *variables_path, *speakers_path;
    grille_table *variables, *speakers;
    int loaded;
} reading;

int cli_read_option(int c, const char *arg) {
    switch (c) {
    case 'I': reading.interviewers = arg; return 1;
    case CLI_OPT_ENCODING: reading.encoding = arg; return 1;
    case CLI_OPT_VARIABLES: reading.variables_path = arg; return 1;
    case CLI_OPT_SPEAKERS: reading.speakers_path = arg; return 1;
    default: return 0;
    }
}

void cli_read_set_interviewers(const char *list) {
    if (list) reading.interviewers = list;
}

static int is_dir(const char *p) {
    struct stat st;
    return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

/* DIR/name.csv or DIR/name.tsv at the top of a corpus directory given on
 * the command line (malloc'd path), or NULL. */
static char *beside_corpus(char **paths, size_t n, const char *name) {
    static const char *const exts[] = {"csv", "tsv", "CSV", "TSV"};
    for (size_t i = 0; i < n; i++) {
        if (!is_dir(paths[i])) continue;
        for (size_t e = 0; e < 4; e++) {
            size_t len = strlen(paths[i]) + strlen(name) + 8;
            char *p = malloc(len);
            if (!p) return NULL;
            snprintf(p, len, "%s/%s.%s", paths[i], name, exts[e]);
            if (access(p, R_OK) == 0) return p;
            free(p);
        }
    }
    return NULL;
}

static int load_table(const char *path, grille_table **out) {
    grille_error err;
    *out = grille_table_load(path, &err);
    if (!*out) { cli_report(&err); return cli_exit_code(err.code); }
    return EXIT_OK;
}

int cli_read_prepare(char **paths, size_t n) {
    if (reading.loaded) return EXIT_OK;
    reading.loaded = 1;
    int rc = EXIT_OK;
    char *found = NULL;
    if (reading.variables_path) rc = load_table(reading.variables_path, &reading.variables);
    else if ((found = beside_corpus(paths, n, "variables"))) {
        fprintf(stderr, "grille: reading the document variables of %s\n", found);
        rc = load_table(found, &reading.variables);
        free(found);
    }
    if (rc) return rc;
    if (reading.speakers_path) rc = load_table(reading.speakers_path, &reading.speakers);
    else if ((found = beside_corpus(paths, n, "speakers"))) {
        fprintf(stderr, "grille: reading the speaker attributes of %s\n", found);
        rc = load_table(found, &reading.speakers);
        free(found);
    }
    return rc;
}

void cli_read_options(grille_read_options *o, const char *id) {
    memset(o, 0, sizeof *o);
    o->interviewers = reading.interviewers;
    o->id = id;
    o->encoding = reading.encoding;
    o->variables = reading.variables;
    o->speakers = reading.speakers;
}

void cli_read_warnings(const grille_document *doc) {
    char buf[1200];
    for (size_t i = 0; i < grille_document_warning_count(doc); i++)
        fprintf(stderr, "grille: warning: %s\n",
                grille_error_format(grille_document_warning(doc, i), buf, sizeof buf));
}

/* Rows of a table that name no document read: a typo, or a transcript
 * missing from the corpus. */
static void unmatched_rows(const grille_table *t, grille_document *const *docs, size_t n) {
    if (!t) return;
    size_t missing = 0;
    for (size_t r = 0; r < grille_table_row_count(t); r++) {
        int found = 0;
        for (size_t d = 0; d < n && !found; d++) found = docs[d] && grille_table_matches(t, r, docs[d]);
        if (!found && missing++ < 20)
            fprintf(stderr, "grille: warning: %s:%u: '%s' names no document of the corpus\n",
                    grille_table_name(t), grille_table_row_line(t, r), grille_table_row_key(t, r));
    }
    if (missing > 20) fprintf(stderr, "grille: warning: %s: %zu more rows name no document\n",
                              grille_table_name(t), missing - 20);
}

void cli_read_check_tables(grille_document *const *docs, size_t n) {
    unmatched_rows(reading.variables, docs, n);
    unmatched_rows(reading.speakers, docs, n);
    if (!reading.variables) return;
    size_t without = 0;
    for (size_t d = 0; d < n; d++) {
        if (!docs[d]) continue;
        int found = 0;
        for (size_t r = 0; r < grille_table_row_count(reading.variables) && !found; r++)
            found = grille_table_matches(reading.variables, r, docs[d]);
        if (!found && without++ < 20)
            fprintf(stderr, "grille: warning: %s: no row of %s for this document\n", grille_document_name(docs[d]),
                    grille_table_name(reading.variables));
    }
}

void cli_corpus_warnings(const grille_corpus *c) {
    static const char *const reasons[] = {"unknown kind", "documentation", "a grille temporary file", "a broken link", "not a regular file",
                                          "a folder already read (a link)", "a file already read (a link)"};
    for (size_t r = 0; r < sizeof reasons / sizeof reasons[0]; r++) {
        size_t n = 0;
        for (size_t i = 0; i < grille_corpus_skipped_count(c); i++) {
            const char *why;
            grille_corpus_skipped(c, i, &why);
            n += strcmp(why, reasons[r]) == 0;
        }
        if (!n) continue;
        fprintf(stderr, "grille: warning: skipped %zu file%s (%s):", n, n == 1 ? "" : "s", reasons[r]);
        size_t shown = 0;
        for (size_t i = 0; i < grille_corpus_skipped_count(c) && shown < 10; i++) {
            const char *why, *p = grille_corpus_skipped(c, i, &why);
            if (strcmp(why, reasons[r]) == 0) fprintf(stderr, "%s %s", shown++ ? "," : "", p);
        }
        fprintf(stderr, "%s\n", n > shown ? ", ..." : "");
    }
}

void cli_read_free(void) {
    grille_table_free(reading.variables);
    grille_table_free(reading.speakers);
    memset(&reading, 0, sizeof reading);
}

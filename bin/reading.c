/* reading.c - how the commands read transcripts: --interviewers,
 * --encoding, --variables and --speakers, shared by every command that
 * reads transcripts; the tables found beside a corpus; the warnings of
 * reading, printed once per document. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

/* One run of the program reads with one set of settings: the CLI may
 * keep them in a static (the library keeps nothing).  Tables are given
 * with --variables/--speakers, or found at the top of each corpus folder
 * and then apply to the documents under that folder. */
#define MAX_FOLDERS 64
typedef struct folder_tables {
    char *dir; /* NULL: given on the command line, for all */
    grille_table *variables, *speakers;
    /* the checks, as documents go by: the rows that named one, and how
     * many documents had no row */
    unsigned char *variables_seen, *speakers_seen;
    size_t without;
} folder_tables;

static struct {
    const char *interviewers, *encoding, *variables_path, *speakers_path;
    size_t max_bytes;
    int bad_option; /* a reading option was wrong: stop before reading */
    folder_tables sets[MAX_FOLDERS];
    size_t nsets;
    int loaded;
} reading;

int cli_read_option(int c, const char *arg) {
    switch (c) {
    case 'I': reading.interviewers = arg; return 1;
    case CLI_OPT_ENCODING: reading.encoding = arg; return 1;
    case CLI_OPT_VARIABLES: reading.variables_path = arg; return 1;
    case CLI_OPT_SPEAKERS: reading.speakers_path = arg; return 1;
    case CLI_OPT_MAX_SIZE: {
        char *end;
        unsigned long mb = strtoul(arg, &end, 10);
        if (*end || !mb || mb > 1024UL * 1024) {
            fprintf(stderr, _("grille: --max-size takes a number of megabytes (1 to 1048576), not '%s'\n"), arg);
            reading.bad_option = 1;
            mb = 512;
        }
        reading.max_bytes = (size_t)mb << 20;
        return 1;
    }
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

/* DIR/name.csv or .tsv, in any case (Variables.CSV), as a malloc'd path. */
static char *table_in(const char *dir, const char *name) {
    DIR *d = opendir(dir);
    if (!d) return NULL;
    struct dirent *e;
    char *found = NULL;
    size_t n = strlen(name);
    while (!found && (e = readdir(d))) {
        if (strncasecmp(e->d_name, name, n) != 0 || e->d_name[n] != '.' ||
            (strcasecmp(e->d_name + n + 1, "csv") != 0 && strcasecmp(e->d_name + n + 1, "tsv") != 0))
            continue;
        size_t len = strlen(dir) + strlen(e->d_name) + 2;
        if ((found = malloc(len))) snprintf(found, len, "%s/%s", dir, e->d_name);
    }
    closedir(d);
    return found;
}

static void table_warnings(const grille_table *t) {
    char buf[1200];
    for (size_t i = 0; i < grille_table_warning_count(t); i++)
        fprintf(stderr, _("grille: warning: %s\n"),
                grille_error_format(grille_table_warning_get(t, i), buf, sizeof buf));
}

static int load_table(const char *path, int speakers, grille_table **out) {
    grille_error err;
    *out = grille_table_load(path, &err);
    if (!*out) {
        cli_report(&err);
        return cli_exit_code(err.code);
    }
    table_warnings(*out);
    if (speakers && grille_table_row_count(*out) && !grille_table_row_speaker(*out, 0)) {
        fprintf(stderr,
                _("grille: %s: a speakers table needs a 'speaker' column (the label as written in "
                  "the transcripts)\n"),
                path);
        grille_table_free(*out);
        *out = NULL;
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* The tables at the top of a corpus folder. */
static int load_folder(const char *dir, folder_tables *set) {
    static const char *const names[2] = {"variables", "speakers"};
    grille_table **tables[2] = {&set->variables, &set->speakers};
    for (int k = 0; k < 2; k++) {
        char *found = table_in(dir, names[k]);
        if (!found) continue;
        fprintf(stderr, _("grille: reading the %s of %s\n"), k ? _("speaker attributes") : _("document variables"),
                found);
        int rc = cli_check_input(found);
        if (!rc) rc = load_table(found, k, tables[k]);
        free(found);
        if (rc) return rc;
    }
    return EXIT_OK;
}

int cli_read_prepare(char **paths, size_t n) {
    if (reading.bad_option) return EXIT_INPUT;
    if (reading.loaded) return EXIT_OK;
    reading.loaded = 1;
    int rc = EXIT_OK;
    if (reading.variables_path || reading.speakers_path) {
        folder_tables *all = &reading.sets[reading.nsets++];
        if (reading.variables_path && !(rc = cli_check_input(reading.variables_path)))
            rc = load_table(reading.variables_path, 0, &all->variables);
        if (!rc && reading.speakers_path && !(rc = cli_check_input(reading.speakers_path)))
            rc = load_table(reading.speakers_path, 1, &all->speakers);
        if (rc || (reading.variables_path && reading.speakers_path)) return rc;
    }
    /* a table given on the command line replaces the folders' own */
    for (size_t i = 0; rc == EXIT_OK && i < n && reading.nsets < MAX_FOLDERS; i++) {
        if (!is_dir(paths[i])) continue;
        folder_tables *set = &reading.sets[reading.nsets];
        memset(set, 0, sizeof *set);
        rc = load_folder(paths[i], set);
        if (reading.variables_path) {
            grille_table_free(set->variables);
            set->variables = NULL;
        }
        if (reading.speakers_path) {
            grille_table_free(set->speakers);
            set->speakers = NULL;
        }
        if (set->variables || set->speakers) {
            if (!(set->dir = strdup(paths[i]))) return EXIT_INTERNAL;
            reading.nsets++;
        }
    }
    return rc;
}

/* Whether path lies under dir. */
static int under(const char *path, const char *dir) {
    size_t n = strlen(dir);
    while (n > 1 && dir[n - 1] == '/') n--;
    return strncmp(path, dir, n) == 0 && (path[n] == '/' || path[n] == '\0');
}

void cli_read_options(grille_read_options *o, const char *id, const char *path) {
    *o = (grille_read_options)GRILLE_READ_OPTIONS_INIT;
    o->interviewers = reading.interviewers;
    o->id = id;
    o->encoding = reading.encoding;
    o->max_bytes = reading.max_bytes;
    for (size_t i = 0; i < reading.nsets; i++) {
        const folder_tables *set = &reading.sets[i];
        if (set->dir && (!path || !under(path, set->dir))) continue;
        if (!o->variables) o->variables = set->variables;
        if (!o->speakers) o->speakers = set->speakers;
    }
}

void cli_read_warnings(const grille_document *doc) {
    char buf[1200];
    for (size_t i = 0; i < grille_document_warning_count(doc); i++)
        fprintf(stderr, _("grille: warning: %s\n"),
                grille_error_format(grille_document_warning_get(doc, i), buf, sizeof buf));
}

/* Marks the rows of t that name doc (seen: one flag per row, allocated
 * on first use; when that fails, the warning is only lost). */
static void mark_rows(const grille_table *t, unsigned char **seen, const grille_document *doc) {
    if (!t) return;
    size_t rows = grille_table_row_count(t);
    if (!*seen && !(*seen = calloc(rows ? rows : 1, 1))) return;
    for (size_t r = 0; r < rows; r++)
        if (!(*seen)[r] && grille_table_row_matches(t, r, doc)) (*seen)[r] = 1;
}

/* Rows of a table that name no document read: a typo, or a transcript
 * missing from the corpus. */
static void unmatched_rows(const grille_table *t, const unsigned char *seen) {
    if (!t) return;
    size_t missing = 0;
    for (size_t r = 0; r < grille_table_row_count(t); r++) {
        if (seen && seen[r]) continue;
        if (missing++ < 20)
            fprintf(stderr, _("grille: warning: %s:%u: '%s' names no document of the corpus\n"), grille_table_name(t),
                    grille_table_row_line(t, r), grille_table_row_key(t, r));
    }
    if (missing > 20)
        fprintf(stderr, _("grille: warning: %s: %zu more rows name no document\n"), grille_table_name(t), missing - 20);
}

/* Rows of a speakers table whose speaker never speaks in its document
 * (a different spelling: the attributes then reach nobody). */
static void silent_speakers(const grille_table *t, const grille_document *doc) {
    if (!t) return;
    for (size_t r = 0; r < grille_table_row_count(t); r++) {
        const char *who = grille_table_row_speaker(t, r);
        if (who && grille_table_row_matches(t, r, doc) && !grille_table_row_speaks(t, r, doc))
            fprintf(stderr, _("grille: warning: %s:%u: speaker '%s' never speaks in %s (a different spelling?)\n"),
                    grille_table_name(t), grille_table_row_line(t, r), who, grille_document_name(doc));
    }
}

static void document_without_row(folder_tables *set, const grille_document *doc) {
    const grille_table *t = set->variables;
    if (!t || (set->dir && !under(grille_document_name(doc), set->dir))) return;
    for (size_t r = 0; r < grille_table_row_count(t); r++)
        if (grille_table_row_matches(t, r, doc)) return;
    if (set->without++ < 20)
        fprintf(stderr, _("grille: warning: %s: no row of %s for this document\n"), grille_document_name(doc),
                grille_table_name(t));
}

void cli_read_check_document(const grille_document *doc) {
    for (size_t i = 0; i < reading.nsets; i++) {
        folder_tables *set = &reading.sets[i];
        mark_rows(set->variables, &set->variables_seen, doc);
        mark_rows(set->speakers, &set->speakers_seen, doc);
        silent_speakers(set->speakers, doc);
        document_without_row(set, doc);
    }
}

void cli_read_check_end(void) {
    for (size_t i = 0; i < reading.nsets; i++) {
        folder_tables *set = &reading.sets[i];
        unmatched_rows(set->variables, set->variables_seen);
        unmatched_rows(set->speakers, set->speakers_seen);
    }
}

void cli_corpus_warnings(const grille_corpus *c) {
    static const char *const reasons[] = {/* the library's reasons, translated when printed */
                                          N_("unknown kind"),
                                          N_("documentation"),
                                          N_("a grille temporary file"),
                                          N_("a broken link"),
                                          N_("not a regular file"),
                                          N_("a link to a folder already read"),
                                          N_("a link to a file already read"),
                                          N_("a table in a sub-folder (give it with --variables or --speakers)"),
                                          N_("JSON that is not a Whisper transcript"),
                                          N_("a grille output (write outputs outside the corpus folder)")};
    for (size_t r = 0; r < sizeof reasons / sizeof reasons[0]; r++) {
        size_t n = 0;
        for (size_t i = 0; i < grille_corpus_skipped_count(c); i++) {
            const char *why;
            grille_corpus_skipped_get(c, i, &why);
            n += strcmp(why, reasons[r]) == 0;
        }
        if (!n) continue;
        fprintf(stderr,
                ngettext("grille: warning: skipped %zu file (%s):", "grille: warning: skipped %zu files (%s):", n), n,
                _(reasons[r]));
        size_t shown = 0;
        for (size_t i = 0; i < grille_corpus_skipped_count(c) && shown < 10; i++) {
            const char *why, *p = grille_corpus_skipped_get(c, i, &why);
            if (strcmp(why, reasons[r]) == 0) fprintf(stderr, "%s %s", shown++ ? "," : "", p);
        }
        fprintf(stderr, "%s\n", n > shown ? ", ..." : "");
    }
}

void cli_read_free(void) {
    for (size_t i = 0; i < reading.nsets; i++) {
        grille_table_free(reading.sets[i].variables);
        grille_table_free(reading.sets[i].speakers);
        free(reading.sets[i].variables_seen);
        free(reading.sets[i].speakers_seen);
        free(reading.sets[i].dir);
    }
    memset(&reading, 0, sizeof reading);
}

/* export_table.c - the exports grille export writes as the documents
 * are coded, and grille merge as it reads them from the parts.
 *
 * SQLite, Iramuteq, REFI-QDA and xlsx are written as the documents are
 * coded, so that a corpus of any size takes the memory of a few
 * documents (and a workbook's counts).  A run that fails leaves no file
 * (a temporary file, an SQLite transaction rolled back, a project or a
 * workbook written only when closed); on standard output,
 * an Iramuteq corpus holds the documents before the failing one, as the
 * segments of grille code do. */
#define _POSIX_C_SOURCE 200809L
#include "export.h"
#include <string.h>

int cli_table_open(void *ctx) {
    cli_table *t = ctx;
    /* SQLite and libxlsxwriter write a file by path: a temporary one,
     * renamed when whole */
    int by_path = t->table == 1 || t->table == 3;
    int rc = by_path ? cli_output_open_file(&t->out, t->path) : cli_output_open(&t->out, t->path);
    if (rc != EXIT_OK) return rc;
    t->open = 1;
    if (t->table == 1) t->db = grille_sqlite_new(t->out.tmp, t->cb, &t->err);
    else if (t->table == 2) t->ir = grille_iramuteq_new(t->out.f, t->cb, cli_warn, NULL, &t->err);
    else if (t->table == 3) t->xl = grille_xlsx_new(t->out.tmp, t->cb, &t->err);
    else t->qp = grille_refi_project_new(t->out.f, t->cb, t->ro, &t->err);
    if (!t->db && !t->ir && !t->qp && !t->xl) t->st = t->err.code ? t->err.code : GRILLE_EIO;
    return t->st ? EXIT_INTERNAL : EXIT_OK;
}

int cli_table_add(void *ctx, const grille_document *doc, const grille_coding *coding) {
    cli_table *t = ctx;
    (void)doc;
    if (t->st == GRILLE_OK)
        t->st = t->db   ? grille_sqlite_add(t->db, coding, &t->err)
                : t->ir ? grille_iramuteq_add(t->ir, coding, &t->err)
                : t->xl ? grille_xlsx_add(t->xl, coding, &t->err)
                        : grille_refi_project_add(t->qp, coding, &t->err);
    return t->st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

/* Closes the writer and the output; returns an exit code. */
int cli_table_close(cli_table *t, int rc) {
    grille_error e;
    if (t->db) {
        if (t->st != GRILLE_OK || rc != EXIT_OK) grille_sqlite_free(t->db); /* rolled back, and the file goes */
        else if ((t->st = grille_sqlite_close(t->db, &e)) != GRILLE_OK) t->err = e;
    }
    if (t->ir) {
        if (t->st != GRILLE_OK || rc != EXIT_OK) grille_iramuteq_free(t->ir);
        else if ((t->st = grille_iramuteq_close(t->ir, &e)) != GRILLE_OK) t->err = e;
    }
    if (t->qp) {
        /* the archive is written whole when the project is closed, so a
         * failed run writes nothing, on standard output too */
        if (t->st != GRILLE_OK || rc != EXIT_OK) grille_refi_project_free(t->qp);
        else if ((t->st = grille_refi_project_close(t->qp, &e)) != GRILLE_OK) t->err = e;
    }
    if (t->xl) {
        if (t->st != GRILLE_OK || rc != EXIT_OK) grille_xlsx_free(t->xl);
        else if ((t->st = grille_xlsx_close(t->xl, &e)) != GRILLE_OK) t->err = e;
    }
    if (!t->open) return rc;
    if (t->st == GRILLE_OK) {
        int c = cli_output_close(&t->out, rc == EXIT_OK);
        return rc == EXIT_OK ? c : rc;
    }
    if (t->table == 1 || t->table == 3) {
        int c = cli_output_close_path(&t->out, t->path, t->st, &t->err);
        return rc != EXIT_OK && rc != EXIT_INTERNAL ? rc : c;
    }
    int c = cli_output_finish(&t->out, t->st, &t->err);
    if (rc != EXIT_OK && rc != EXIT_INTERNAL) return rc;
    return t->st != GRILLE_EIO ? cli_exit_code(t->st) : c;
}

int cli_table_of_kind(int kind) {
    switch (kind) {
    case EXPORT_SQLITE: return 1;
    case EXPORT_IRAMUTEQ: return 2;
    case EXPORT_XLSX: return 3;
    case EXPORT_QDPX: return 4;
    default: return 0;
    }
}

int cli_table_output_ok(int table, const char *output) {
    if ((table == 1 || table == 3) && (!output || strcmp(output, "-") == 0)) {
        fprintf(stderr, _("grille export: %s\n"),
                table == 1 ? _("an SQLite database needs -o FILE.sqlite")
                           : _("an .xlsx workbook is written to a file: give -o FILE.xlsx"));
        return -1;
    }
    /* a ZIP on a terminal is of no use: stdout only when asked for */
    if (table == 4 && !output) {
        fprintf(stderr, _("grille export: a .qdpx needs -o FILE.qdpx (or -o - for stdout)\n"));
        return -1;
    }
    return 0;
}

int cli_doc_begin(void *ctx) {
    (void)ctx;
    return EXIT_OK;
}

int cli_doc_add(void *ctx, const grille_document *doc, const grille_coding *coding) {
    cli_doc *k = ctx;
    (void)doc;
    if (k->st == GRILLE_OK) k->st = grille_codebook_doc_add(k->d, coding, &k->err);
    return k->st != GRILLE_OK ? EXIT_INTERNAL : EXIT_OK;
}

int cli_doc_finish(cli_doc *k, int rc, int html, grille_language lang, const char *output) {
    if (k->st != GRILLE_OK) {
        cli_report(&k->err);
        if (rc == EXIT_OK || rc == EXIT_INTERNAL) rc = cli_exit_code(k->st);
    }
    if (rc != EXIT_OK) return rc;
    cli_output out;
    rc = cli_output_open(&out, output);
    if (rc != EXIT_OK) return rc;
    grille_error err;
    int st = grille_codebook_doc_write(out.f, html ? GRILLE_FORMAT_HTML : GRILLE_FORMAT_MARKDOWN, k->d, lang, &err);
    return cli_output_finish(&out, st, &err);
}

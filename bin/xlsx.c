/* xlsx.c - a workbook written as every output is: to a temporary file
 * beside the target, renamed over it when whole.  libxlsxwriter writes
 * by path, so the temporary file is given by name (as for SQLite). */
#include "cli.h"
#include <string.h>

int cli_write_workbook(const char *output, int (*fill)(grille_workbook *wb, const void *ctx, grille_error *err),
                       const void *ctx) {
    cli_output out;
    int rc = cli_output_open_file(&out, output);
    if (rc != EXIT_OK) return rc;
    grille_error err;
    grille_workbook *wb = grille_workbook_new(out.tmp, &err);
    int st = wb ? fill(wb, ctx, &err) : err.code;
    if (wb) {
        /* a sheet writer's message (a limit, what could not be written)
         * comes first; else the workbook's own, from writing the file */
        grille_error closing;
        int closed = grille_workbook_close(wb, &closing);
        if (closed != GRILLE_OK && st == GRILLE_OK) {
            st = closed;
            err = closing;
        }
    }
    return cli_output_close_path(&out, output, st, &err);
}

int cli_output_close_path(cli_output *o, const char *path, int st, grille_error *err) {
    if (st != GRILLE_OK) {
        /* the message names the temporary file: name the one asked for */
        if (!err->file[0] || (o->tmp && strcmp(err->file, o->tmp) == 0))
            snprintf(err->file, sizeof err->file, "%s", path);
        cli_report(err);
    }
    int rc = cli_output_close(o, st == GRILLE_OK);
    return st != GRILLE_OK && st != GRILLE_EIO ? cli_exit_code(st) : rc;
}

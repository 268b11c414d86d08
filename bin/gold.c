/* gold.c - reading a gold for eval, check --stats and suggest: a gold
 * of spans, a table of units, or the codings of a REFI-QDA project; and
 * the rows that match nothing, which are errors (warnings with
 * --partial). */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <stdlib.h>
#include <string.h>
#include <strings.h>

grille_gold *cli_load_gold(const char *path, const grille_codebook *cb) {
    if (cli_check_input(path)) return NULL;
    grille_error err;
    grille_gold *gold = NULL;
    const char *ext = cli_extension(path);
    if (ext && strcasecmp(ext, "qdpx") == 0) {
        char who[512];
        snprintf(who, sizeof who, "grille: %s", path);
        if (cli_require(who, GRILLE_FEATURE_REFI)) return NULL;
        /* the project's codings, as grille import qdpx would write them */
        char *buf = NULL;
        size_t len = 0;
        FILE *mem = open_memstream(&buf, &len);
        if (!mem) {
            fprintf(stderr, _("grille: out of memory\n"));
            return NULL;
        }
        grille_refi_import_options io = GRILLE_REFI_IMPORT_OPTIONS_INIT;
        io.codebook = cb;
        int st = grille_refi_import_gold(path, mem, &io, &err);
        fclose(mem);
        if (st == GRILLE_OK) gold = grille_gold_parse(path, buf, len, &err);
        free(buf);
    } else gold = grille_gold_load(path, &err);
    if (!gold) cli_report(&err);
    return gold;
}

/* Prints the misses: a document absent from the run once, with its
 * number of rows; a row that matches no unit on its own line. */
static void report_misses(const char *cmd, const char *name, const grille_gold_miss *m, size_t n, int partial) {
    const char *warn = partial ? _("warning: ") : "";
    size_t shown = 0;
    for (size_t i = 0; i < n; i++) {
        if (!(m[i].flags & GRILLE_GOLD_MISS_FOUND_DOCUMENT)) {
            if (i > 0 && !(m[i - 1].flags & GRILLE_GOLD_MISS_FOUND_DOCUMENT) &&
                strcmp(m[i - 1].document, m[i].document) == 0)
                continue;
            size_t rows = 1;
            while (i + rows < n && !(m[i + rows].flags & GRILLE_GOLD_MISS_FOUND_DOCUMENT) &&
                   strcmp(m[i + rows].document, m[i].document) == 0)
                rows++;
            fprintf(stderr,
                    ngettext("%s: %s:%u: %sthe document '%s' (%zu row from this line) is not among the transcripts\n",
                             "%s: %s:%u: %sthe document '%s' (%zu rows from this line) is not among the transcripts\n",
                             rows),
                    cmd, name, m[i].line, warn, m[i].document, rows);
        } else if (shown++ < 10) {
            if (m[i].unit != GRILLE_NONE)
                fprintf(stderr,
                        _("%s: %s:%u: %s%s has no unit %ld of coded speech (an interviewer's, or past the "
                          "end)\n"),
                        cmd, name, m[i].line, warn, m[i].document, (long)m[i].unit);
            else
                fprintf(stderr,
                        _("%s: %s:%u: %sthe span overlaps no unit of coded speech of %s (an "
                          "interviewer's question, a header?)\n"),
                        cmd, name, m[i].line, warn, m[i].document);
        }
    }
    if (shown > 10) fprintf(stderr, _("%s: ... and %zu more rows that match no unit\n"), cmd, shown - 10);
}

int cli_check_gold(const char *cmd, const grille_gold *gold, const grille_codebook *cb, const cli_run *run,
                   const char *coder, int partial) {
    grille_error err;
    const grille_coding *const *codings = (const grille_coding *const *)run->codings;
    /* one comparison in the usual case (few misses); a second only to
     * list more than fit */
    grille_gold_miss first[64], *m = first;
    size_t n = grille_gold_check(gold, cb, codings, run->n, coder, first, 64, &err);
    if (n == GRILLE_NONE) {
        cli_report(&err);
        return cli_exit_code(err.code);
    }
    if (n == 0) return EXIT_OK;
    if (n > 64) {
        if (!(m = malloc(n * sizeof *m))) {
            fprintf(stderr, _("%s: out of memory\n"), cmd);
            return EXIT_INTERNAL;
        }
        grille_gold_check(gold, cb, codings, run->n, coder, m, n, &err);
    }
    report_misses(cmd, grille_gold_name(gold), m, n, partial);
    if (m != first) free(m);
    if (!partial) {
        /* the English singular is for one row only (ngettext's own rule) */
        fprintf(stderr,
                ngettext("%s: %zu row of the gold matches nothing: correct it, or give --partial to compare only "
                         "the rows that match\n",
                         "%s: %zu rows of the gold match nothing: correct them, or give --partial to compare only "
                         "the rows that match\n",
                         n),
                cmd, n);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

int cli_gold_top_level(grille_gold *gold, const grille_codebook *cb) {
    size_t n = grille_codebook_theme_count(cb), k = 0;
    const char **ids = calloc(n + 1, sizeof *ids);
    if (!ids) return EXIT_INTERNAL;
    for (size_t t = 0; t < n; t++) {
        grille_theme_info ti;
        grille_codebook_theme_get(cb, t, &ti);
        if (ti.parent == GRILLE_NONE) ids[k++] = ti.id;
    }
    int rc = grille_gold_judge(gold, ids, k) == GRILLE_OK ? EXIT_OK : EXIT_INTERNAL;
    free(ids);
    return rc;
}

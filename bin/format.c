/* format.c - which format an output is written in: -f, else -o's
 * extension, else the command's default; --excel makes CSV French
 * Excel's.  An extension the command does not write is an error, never
 * a quiet fallback: "-o segments.xlsx" must not give a TSV file. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <string.h>
#include <strings.h>

static const struct {
    const char *name;
    int fmt;
} names[] = {
    {"tsv", GRILLE_FORMAT_TSV},      {"csv", GRILLE_FORMAT_CSV},     {"jsonl", GRILLE_FORMAT_JSONL},
    {"ndjson", GRILLE_FORMAT_JSONL}, {"md", GRILLE_FORMAT_MARKDOWN}, {"markdown", GRILLE_FORMAT_MARKDOWN},
    {"html", GRILLE_FORMAT_HTML},    {"htm", GRILLE_FORMAT_HTML},    {"xlsx", GRILLE_FORMAT_XLSX},
};

/* A format's name, or -1; any case for an extension (SEGMENTS.CSV). */
static int lookup(const char *name) {
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strcasecmp(name, names[i].name) == 0) return names[i].fmt;
    return -1;
}

const char *cli_extension(const char *path) {
    if (!path || strcmp(path, "-") == 0) return NULL;
    const char *base = strrchr(path, '/');
    base = base ? base + 1 : path;
    const char *dot = strrchr(base, '.');
    /* ".hidden" is a name, not an extension */
    return dot && dot != base && dot[1] ? dot + 1 : NULL;
}

/* "tsv, csv or xlsx" (or ".tsv, .csv or .xlsx" with prefix "."): the
 * first name of each format allowed. */
static void list_formats(unsigned allowed, const char *prefix, char *buf, size_t len) {
    static const int order[] = {GRILLE_FORMAT_TSV,      GRILLE_FORMAT_CSV,  GRILLE_FORMAT_JSONL,
                                GRILLE_FORMAT_MARKDOWN, GRILLE_FORMAT_HTML, GRILLE_FORMAT_XLSX};
    static const char *const first[] = {"tsv", "csv", "jsonl", "md", "html", "xlsx"};
    size_t n = 0, k = 0;
    for (size_t i = 0; i < 6; i++) n += allowed >> order[i] & 1;
    buf[0] = '\0';
    for (size_t i = 0; i < 6; i++) {
        if (!(allowed >> order[i] & 1)) continue;
        size_t used = strlen(buf);
        snprintf(buf + used, len - used, "%s%s%s", k == 0 ? "" : k + 1 == n ? _(" or ") : ", ", prefix, first[i]);
        k++;
    }
}

int cli_refuse_extension(const char *cmd, const char *output, const char *writes) {
    fprintf(stderr, _("%s: -o %s: grille does not write .%s files; this command writes %s (nothing was written)\n"),
            cmd, output, cli_extension(output), writes);
    return -1;
}

int cli_output_format(const char *cmd, const char *format, int excel, const char *output, int fallback,
                      unsigned allowed) {
    char list[96];
    list_formats(allowed, "", list, sizeof list);
    const char *ext = cli_extension(output);
    int from_ext = ext ? lookup(ext) : -1;
    int fmt;
    if (format) {
        fmt = lookup(format);
        if (fmt < 0 || !(allowed >> fmt & 1)) {
            fprintf(stderr, _("%s: unknown format '%s' (%s)\n"), cmd, format, list);
            return -1;
        }
        /* -f xlsx -o x.csv would be a workbook under a CSV's name */
        if (from_ext >= 0 && from_ext != fmt) {
            fprintf(stderr, _("%s: -f %s, but -o %s names a .%s file (nothing was written)\n"), cmd, format, output,
                    ext);
            return -1;
        }
    } else if (ext) {
        if (from_ext < 0 || !(allowed >> from_ext & 1)) {
            char dotted[128];
            list_formats(allowed, ".", dotted, sizeof dotted);
            return cli_refuse_extension(cmd, output, dotted);
        }
        fmt = from_ext;
    } else fmt = excel && (allowed >> GRILLE_FORMAT_CSV & 1) ? GRILLE_FORMAT_CSV : fallback;
    if (excel) {
        if (!(allowed >> GRILLE_FORMAT_CSV & 1)) {
            fprintf(stderr, _("%s: --excel is for CSV, which this command does not write (%s)\n"), cmd, list);
            return -1;
        }
        if (fmt != GRILLE_FORMAT_CSV) {
            fprintf(stderr, _("%s: --excel is for CSV, not %s%s\n"), cmd, format ? "" : ".", format ? format : ext);
            return -1;
        }
        fmt = GRILLE_FORMAT_CSV_EXCEL;
    }
    if (fmt == GRILLE_FORMAT_XLSX && (!output || strcmp(output, "-") == 0)) {
        fprintf(stderr, _("%s: an .xlsx workbook is written to a file: give -o FILE.xlsx\n"), cmd);
        return -1;
    }
    return fmt;
}

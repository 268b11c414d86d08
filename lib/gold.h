/* gold.h - a hand coding, as gold.c (span TSV) and gold_table.c (a table
 * of units filled in a spreadsheet) read it; shared with unitsets.c. */
#ifndef GRILLE_GOLD_H
#define GRILLE_GOLD_H
#include "internal.h"

/* One gold decision: a span of code points, or a unit by its index.  A
 * unit-table row with no theme marked is kept with theme "" (a unit the
 * coder judged and left uncoded): it still has to match its unit. */
typedef struct gspan {
    char *document, *theme, *coder;
    char *text;              /* unit rows: the unit's text as the table holds it */
    size_t cp_start, cp_end; /* span rows */
    long unit;               /* unit rows: the unit index; -1 for spans */
    unsigned line;           /* in the gold file */
} gspan;

struct grille_gold {
    gspan *v;
    size_t n, cap;
    char *name;     /* the file it was read from, for messages */
    int units;      /* a unit table (unit rows only) */
    char **columns; /* unit table: the theme columns, in order */
    size_t ncolumns, capcolumns;
};

/* Appends a decision (the strings are copied). */
int gold_add(grille_gold *g, const gspan *sp);
grille_gold *gold_new(const char *name);

/* Reads a unit table (CSV or TSV with the columns document, unit, text
 * and one per theme) into g. */
int gold_parse_table(grille_gold *g, const char *data, size_t size, grille_error *err);

/* Whether a header line names the columns of a span gold (start and end). */
int gold_is_span_header(const char *line, size_t n);

#endif

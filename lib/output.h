/* output.h - field writers shared by the table formats. */
#ifndef GRILLE_OUTPUT_H
#define GRILLE_OUTPUT_H
#include "internal.h"
int write_field(FILE *out, grille_format fmt, const char *s, size_t n);
int write_sep(FILE *out, grille_format fmt);
/* The character between two fields of fmt.  French Excel reads ';' as
 * its list separator and ',' as the decimal point: with them, a double
 * click opens the file in columns. */
static inline char field_sep(grille_format fmt) {
    return fmt == GRILLE_FORMAT_CSV ? ',' : fmt == GRILLE_FORMAT_CSV_EXCEL ? ';' : '\t';
}
int write_eol(FILE *out, grille_format fmt);
/* Bytes on their way to a stream, gathered so that a table's row goes
 * out in one write (a write per cell was a tenth of coding a corpus into
 * many segments).  Nothing on the heap: nothing to free, no allocation
 * to fail. */
typedef struct rowbuf {
    FILE *out;
    size_t n;
    char b[4096];
} rowbuf;
/* The bytes appended (a long run straight out, after what is gathered):
 * the usual case inline, as a segment's row is a few dozen of them. */
void rowbuf_put_slow(rowbuf *r, const char *s, size_t n);
static inline void rowbuf_put(rowbuf *r, const char *s, size_t n) {
    if (n <= sizeof r->b - r->n) {
        memcpy(r->b + r->n, s, n);
        r->n += n;
    } else rowbuf_put_slow(r, s, n);
}
static inline void rowbuf_putc(rowbuf *r, char c) {
    if (r->n < sizeof r->b) r->b[r->n++] = c;
    else rowbuf_put_slow(r, &c, 1);
}
/* Writes what is gathered (an error shows in the stream's). */
void rowbuf_flush(rowbuf *r);
/* The field writers into one. */
void field_append(rowbuf *r, grille_format fmt, const char *s, size_t n);
void eol_append(rowbuf *r, grille_format fmt);
/* A number printed with '.', written with a decimal comma for Excel's
 * CSV. */
void write_decimal(FILE *out, grille_format fmt, const char *printed);
void decimal_append(rowbuf *r, grille_format fmt, const char *printed);
void write_json_string(FILE *out, const char *s, size_t n);
/* One row of a table of units (eval's disagreements, diff's changes):
 * label, theme, document, speaker, line, cp_start, cp_end, rules, text. */
struct tab;
void write_unit_row(struct tab *t, const char *label, const char *theme, const grille_document *doc,
                    const grille_unit *u, const char *rules);
/* The segments sheet's header, then a coding's rows, on any table (the
 * workbook export spools them before its sheet exists).  The rows
 * return GRILLE_OK or GRILLE_ENOMEM. */
void segments_tab_header(struct tab *t);
int segments_tab_add(struct tab *t, const grille_coding *c);
/* Counts coding c, as grille_matrix_add() does, into the column called
 * name of m, a matrix by document (begun without by_variable): a column
 * per document whatever its id.  GRILLE_OK, GRILLE_ENOMEM, GRILLE_EUSAGE. */
int matrix_add_as(grille_matrix *m, const grille_coding *c, const char *name);
/* The matrix by document variable key built from docs, a matrix of n
 * documents added by matrix_add_as() under n distinct names (its
 * columns, one per document, in their order), values[i] the i-th
 * document's value of key or NULL: what grille_matrix_new() by that
 * variable counts, ended.  With key NULL, values[i] is the document's id,
 * and the result is grille_matrix_new()'s matrix by document.  NULL with
 * err set out of memory, or when docs is not that. */
grille_matrix *matrix_regroup(const grille_matrix *docs, const char *key, const char *const *values, size_t n,
                              grille_error *err);
/* Appends the distinct rule ids of s's hits, in order, comma-separated. */
int segment_rule_list(const grille_segment *s, gbuf *out);
#endif

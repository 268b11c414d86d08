/* tab.h - a table written cell by cell, either as text (TSV, CSV, CSV
 * for French Excel, Markdown) or into a worksheet of a grille_workbook.
 * The table writers (segments, matrix, cooc, eval, diff) describe each
 * table once, with its cells' types, and the sink decides how a type
 * looks: a count is digits in a text file and an integer cell in a
 * sheet, a share is "0.42", "0,42" or a number cell shown with two
 * decimals, a missing value is NA or an empty cell. */
#ifndef GRILLE_TAB_H
#define GRILLE_TAB_H
#include "internal.h"
#include "lang.h"
#include "output.h"
#include <math.h>
#include <stdio.h>

typedef struct tab {
    FILE *out; /* text, or NULL for a sheet */
    grille_format fmt;
    grille_workbook *wb; /* a sheet: its workbook */
    void *ws;            /* its lxw_worksheet */
    unsigned row, col;   /* the next cell */
    int header;          /* row 0 is a header row (freeze it) */
    double *widths;      /* per column, in characters */
    size_t nwidths;
    grille_language lang; /* of a Markdown table's header, labels and
                           * decimals: the machine formats stay English */
    int failed;           /* a cell's text could not be built (out of
                           * memory): tab_done() says so */
    rowbuf pending;       /* text: the row so far, written whole at its
                           * end */
    gbuf scratch;         /* for a writer's cell text, kept from row to
                           * row; freed by tab_done() */
    FILE *spool;          /* cells recorded, to be replayed into a sheet */
    int spool_errno;      /* why the spool could not be written */
    int plain_tsv;        /* text as TSV: tab_str() and tab_int() inline */
    int gather;           /* text: rows stay in pending while it has room
                           * (a write a row was a fifteenth of writing the
                           * segments); set by a writer that writes
                           * nothing to out itself before tab_done() */
} tab;

/* s in the table's language: translated in Markdown only, so that TSV,
 * CSV and sheets keep the column names R scripts select by.  xgettext
 * extracts TAB_TR(t, "...") (po/Makevars). */
#define TAB_TR(t, s) ((t)->fmt == GRILLE_FORMAT_MARKDOWN ? grille_tr((t)->lang, (s)) : (s))

/* Whether the text writers can write fmt (TSV, CSV, CSV for Excel,
 * Markdown). */
int tab_text_format(grille_format fmt);
void tab_text(tab *t, FILE *out, grille_format fmt);
/* A new sheet named name (made a valid, unique sheet name).  GRILLE_OK,
 * else the workbook's error (its message in err). */
int tab_sheet(tab *t, grille_workbook *wb, const char *name, grille_error *err);

/* A table whose cells are recorded in spool (a binary file opened for
 * writing and reading), as they would go to a sheet, so that a workbook
 * can place the sheet after others it only knows at the end:
 * tab_replay() writes them into the sheet.  tab_done() flushes the
 * spool (GRILLE_EIO if it could not be written). */
void tab_spool(tab *t, FILE *spool);
/* Writes the cells recorded in spool into t (a sheet, usually): GRILLE_OK,
 * or GRILLE_EIO when the spool cannot be read back. */
int tab_replay(FILE *spool, tab *t);

void tab_head(tab *t, const char *s); /* a header cell (bold) */
void tab_str_cell(tab *t, const char *s, size_t n);
void tab_int_cell(tab *t, size_t v);
/* "00" to "99": two digits a division (a row's offsets have six or
 * seven). */
static const char tab_digit_pairs[] =
    "0001020304050607080910111213141516171819202122232425262728293031323334353637383940414243444546474849"
    "5051525354555657585960616263646566676869707172737475767778798081828384858687888990919293949596979899";
/* v in decimal at the end of buf[0, 24): where it starts.  printf()
 * took 600 instructions a number, and a segment's row has eight. */
static inline char *tab_decimal(char buf[24], size_t v) {
    const char *pairs = tab_digit_pairs;
    char *p = buf + 24;
    while (v >= 100) {
        size_t r = v % 100;
        v /= 100;
        p -= 2;
        memcpy(p, pairs + 2 * r, 2);
    }
    if (v >= 10) {
        p -= 2;
        memcpy(p, pairs + 2 * v, 2);
    } else *--p = (char)('0' + v);
    return p;
}
/* v as "%.6g" prints it into buf (NUL-terminated), a whole number (a
 * score, most often) without printf; returns the length. */
static inline size_t tab_g6(char buf[64], double v) {
    if (!signbit(v) && v < 1e6 && v == (double)(size_t)v) {
        char digits[24], *p = tab_decimal(digits, (size_t)v);
        size_t n = (size_t)(digits + 24 - p);
        memcpy(buf, p, n);
        buf[n] = '\0';
        return n;
    }
    return (size_t)snprintf(buf, 64, "%.6g", v);
}
/* A TSV cell of text that needs nothing done to it (most of them), or
 * a number, written here, without the calls the general case makes
 * through the formats (they were most of the cost of a segment's row). */
static inline void tab_str(tab *t, const char *s, size_t n) {
    rowbuf *r = &t->pending;
    if (t->plain_tsv && !formula_like(s, n)) {
        if (n < sizeof r->b - r->n) {
            /* the tab goes where the text goes when it opens the row */
            size_t at = r->n + (t->col != 0);
            r->b[r->n] = '\t';
            if (copy_plain(r->b + at, s, n)) {
                r->n = at + n;
                t->col++;
                return;
            }
        } else if (field_plain_run(s, n, 0) == n) { /* more than the row buffer holds */
            if (t->col) rowbuf_putc(r, '\t');
            rowbuf_put(r, s, n);
            t->col++;
            return;
        }
    }
    tab_str_cell(t, s, n);
}
static inline void tab_cstr(tab *t, const char *s) { tab_str(t, s, strlen(s)); }
static inline void tab_int(tab *t, size_t v) {
    if (t->plain_tsv) {
        if (t->col) rowbuf_putc(&t->pending, '\t');
        char buf[24], *p = tab_decimal(buf, v);
        rowbuf_put(&t->pending, p, (size_t)(buf + 24 - p));
        t->col++;
    } else tab_int_cell(t, v);
}
/* decimals: digits after the point; -1: "%.6g".  NaN: NA, or empty. */
void tab_num_cell(tab *t, double v, int decimals);
/* A TSV cell of a whole number printed "%.6g" (a segment's score, most
 * often) inline, the rest by tab_num_cell(). */
static inline void tab_num(tab *t, double v, int decimals) {
    if (t->plain_tsv && decimals < 0 && !signbit(v) && v < 1e6 && v == (double)(size_t)v) {
        tab_int(t, (size_t)v);
        return;
    }
    tab_num_cell(t, v, decimals);
}
/* hh:mm:ss; nothing when ms < 0. */
void tab_time_cell(tab *t, long ms);
/* An empty TSV cell inline (a transcript without times), the rest by
 * tab_time_cell(). */
static inline void tab_time(tab *t, long ms) {
    if (t->plain_tsv && ms < 0) {
        if (t->col) rowbuf_putc(&t->pending, '\t');
        t->col++;
        return;
    }
    tab_time_cell(t, ms);
}
void tab_empty(tab *t);
void tab_eol(tab *t);
/* Ends a sheet (column widths, frozen header) or flushes and checks the
 * stream: GRILLE_OK, GRILLE_EIO ("what: why" in err), the workbook's
 * first error (its message in err), or GRILLE_ENOMEM when t->failed. */
int tab_done(tab *t, grille_error *err, const char *what);
/* Frees what the table holds without ending it (a writer that gives up):
 * tab_done() does it too. */
void tab_release(tab *t);

/* In Markdown, the line under the header: text_cols columns aligned
 * left, then num_cols aligned right; nothing in the other formats. */
void tab_md_rule(tab *t, size_t text_cols, size_t num_cols);

/* The byte order mark that CSV for Excel starts with; nothing for the
 * other formats. */
void tab_bom(FILE *out, grille_format fmt);

/* workbook.c: what tab.c needs of a workbook. */
void *workbook_add_sheet(grille_workbook *wb, const char *name);
/* The cell formats: 0 bold, 1 one decimal, 2 two, 3 three, 4 hh:mm:ss. */
void *workbook_format(grille_workbook *wb, int which);
/* Records the first error of a writer (a limit of Excel's): returns code. */
int workbook_fail(grille_workbook *wb, int code, const char *message);
int workbook_status(const grille_workbook *wb);
/* The workbook's first error into err (if not NULL); returns its code. */
int workbook_error(const grille_workbook *wb, grille_error *err);
/* Frees wb without writing it (NULL: nothing): no file at its path. */
void workbook_discard(grille_workbook *wb);
/* The name sheet i was given (for tests), or NULL. */
const char *workbook_sheet_name(const grille_workbook *wb, size_t i);
#endif

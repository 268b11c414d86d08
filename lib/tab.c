/* tab.c - tables cell by cell, to text or to a worksheet (see tab.h). */
#include "tab.h"
#include "output.h"
#include <errno.h>
#include <math.h>
#include <xlsxwriter.h>

/* Excel's limits: rows per sheet, bytes libxlsxwriter takes in a cell. */
#define SHEET_ROWS 1048576u
#define CELL_BYTES 32767u
/* wider columns only push the next ones off the screen */
#define MAX_WIDTH 80.0

int tab_text_format(grille_format fmt) {
    return fmt == GRILLE_FORMAT_TSV || fmt == GRILLE_FORMAT_CSV || fmt == GRILLE_FORMAT_CSV_EXCEL ||
           fmt == GRILLE_FORMAT_MARKDOWN;
}

void tab_bom(FILE *out, grille_format fmt) {
    /* without it, Excel reads UTF-8 as Windows-1252: "Ã©" for "é" */
    if (fmt == GRILLE_FORMAT_CSV_EXCEL) fputs("\xEF\xBB\xBF", out);
}

/* Text: what the row holds so far goes to the stream (at its end, and
 * before anything written around the table's cells). */
static void flush_row(tab *t) { rowbuf_flush(&t->pending); /* an error shows in tab_done() */ }

void tab_md_rule(tab *t, size_t text_cols, size_t num_cols) {
    if (t->fmt != GRILLE_FORMAT_MARKDOWN) return;
    flush_row(t);
    fputc('|', t->out);
    for (size_t i = 0; i < text_cols; i++) fputs("---|", t->out);
    for (size_t i = 0; i < num_cols; i++) fputs("---:|", t->out);
    fputc('\n', t->out);
}

void tab_text(tab *t, FILE *out, grille_format fmt) {
    memset(t, 0, sizeof *t);
    t->out = out;
    t->pending.out = out;
    t->fmt = fmt;
    t->plain_tsv = fmt == GRILLE_FORMAT_TSV;
}

int tab_sheet(tab *t, grille_workbook *wb, const char *name, grille_error *err) {
    memset(t, 0, sizeof *t);
    t->fmt = GRILLE_FORMAT_XLSX;
    t->wb = wb;
    t->ws = workbook_add_sheet(wb, name);
    return t->ws ? GRILLE_OK : workbook_error(wb, err);
}

void tab_spool(tab *t, FILE *spool) {
    memset(t, 0, sizeof *t);
    t->fmt = GRILLE_FORMAT_XLSX; /* the writers describe a sheet */
    t->spool = spool;
}

/* The spool's records: a kind byte, then the cell's value. */
enum { REC_HEAD = 'h', REC_STR = 's', REC_EMPTY = 'e', REC_INT = 'i', REC_NUM = 'n', REC_TIME = 't', REC_EOL = 'l' };

static void record(tab *t, int kind, const void *value, size_t n, const void *more, size_t m) {
    if (t->failed) return;
    if (fputc(kind, t->spool) == EOF || (n && fwrite(value, 1, n, t->spool) != n) ||
        (m && fwrite(more, 1, m, t->spool) != m)) {
        t->failed = 1; /* tab_done() says so */
        t->spool_errno = errno;
    }
}

static void record_str(tab *t, int kind, const char *s, size_t n) { record(t, kind, &n, sizeof n, s, n); }

static int read_exact(FILE *f, void *p, size_t n) { return n == 0 || fread(p, 1, n, f) == n ? 0 : -1; }

int tab_replay(FILE *spool, tab *t) {
    if (fflush(spool) != 0 || fseek(spool, 0, SEEK_SET) != 0) return GRILLE_EIO;
    gbuf cell = {0};
    int rc = GRILLE_OK, kind;
    while (rc == GRILLE_OK && (kind = fgetc(spool)) != EOF) {
        size_t n = 0;
        double v;
        int decimals;
        long ms;
        switch (kind) {
        case REC_HEAD:
        case REC_STR:
            cell.len = 0;
            if (read_exact(spool, &n, sizeof n) || gbuf_reserve(&cell, n) || read_exact(spool, cell.data, n)) {
                rc = cell.failed ? GRILLE_ENOMEM : GRILLE_EIO;
                break;
            }
            cell.data[n] = '\0';
            if (kind == REC_HEAD) tab_head(t, cell.data);
            else tab_str(t, cell.data, n);
            break;
        case REC_EMPTY: tab_empty(t); break;
        case REC_INT:
            if (read_exact(spool, &n, sizeof n)) rc = GRILLE_EIO;
            else tab_int(t, n);
            break;
        case REC_NUM:
            if (read_exact(spool, &v, sizeof v) || read_exact(spool, &decimals, sizeof decimals)) rc = GRILLE_EIO;
            else tab_num(t, v, decimals);
            break;
        case REC_TIME:
            if (read_exact(spool, &ms, sizeof ms)) rc = GRILLE_EIO;
            else tab_time(t, ms);
            break;
        case REC_EOL: tab_eol(t); break;
        default: rc = GRILLE_EIO;
        }
    }
    if (rc == GRILLE_OK && ferror(spool)) rc = GRILLE_EIO;
    gbuf_free(&cell);
    return rc;
}

/* Before a text cell: the separator, or Markdown's opening bar. */
static void text_sep(tab *t) {
    if (t->fmt == GRILLE_FORMAT_MARKDOWN) rowbuf_put(&t->pending, t->col ? " | " : "| ", t->col ? 3 : 2);
    else if (t->col) rowbuf_putc(&t->pending, field_sep(t->fmt));
}

/* Whether a sheet may take a cell at the current row: rows past Excel's
 * last are an error, said once. */
static int sheet_cell(tab *t) {
    if (!t->ws || workbook_status(t->wb) != GRILLE_OK) return 0;
    if (t->row >= SHEET_ROWS) {
        workbook_fail(t->wb, GRILLE_ELIMIT,
                      "more than 1,048,576 rows, the most an Excel sheet holds: write CSV or TSV instead");
        return 0;
    }
    return 1;
}

static void widen(tab *t, double w) {
    if (t->col >= t->nwidths) {
        size_t n = t->col + 8;
        double *p = realloc(t->widths, n * sizeof *p);
        if (!p) {
            t->failed = 1; /* tab_done() says so: the same bytes or none */
            return;
        }
        for (size_t i = t->nwidths; i < n; i++) p[i] = 0;
        t->widths = p;
        t->nwidths = n;
    }
    if (w > t->widths[t->col]) t->widths[t->col] = w;
}

static void check(tab *t, lxw_error e) {
    if (e != LXW_NO_ERROR) workbook_fail(t->wb, GRILLE_EIO, lxw_strerror(e));
}

/* A string cell; text longer than a cell holds is cut at a character. */
static void sheet_string(tab *t, const char *s, size_t n, void *format) {
    if (n > CELL_BYTES) {
        n = CELL_BYTES;
        while (n && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    }
    char *z = grille_strndup(s, n);
    if (!z) {
        workbook_fail(t->wb, GRILLE_ENOMEM, "out of memory");
        return;
    }
    if (n) check(t, worksheet_write_string(t->ws, t->row, (lxw_col_t)t->col, z, format));
    size_t chars = 0;
    for (size_t i = 0; i < n; i++) chars += ((unsigned char)s[i] & 0xC0) != 0x80;
    widen(t, chars + 2.0 > MAX_WIDTH ? MAX_WIDTH : chars + 2.0);
    free(z);
}

static void cell_str(tab *t, const char *s, size_t n, int head) {
    if (t->spool) record_str(t, head ? REC_HEAD : REC_STR, s, n);
    else if (t->ws) {
        if (sheet_cell(t)) sheet_string(t, s, n, head ? workbook_format(t->wb, 0) : NULL);
        if (head && t->row == 0) t->header = 1;
    } else {
        text_sep(t);
        field_append(&t->pending, t->fmt, s, n);
    }
    t->col++;
}

void tab_head(tab *t, const char *s) { cell_str(t, s, strlen(s), 1); }
void tab_str_cell(tab *t, const char *s, size_t n) { cell_str(t, s, n, 0); }

void tab_empty(tab *t) {
    if (t->spool) record(t, REC_EMPTY, NULL, 0, NULL, 0);
    else if (!t->ws) text_sep(t);
    t->col++;
}

void tab_int_cell(tab *t, size_t v) {
    if (t->spool) record(t, REC_INT, &v, sizeof v, NULL, 0);
    else if (t->ws) {
        if (sheet_cell(t)) check(t, worksheet_write_number(t->ws, t->row, (lxw_col_t)t->col, (double)v, NULL));
        widen(t, 8);
    } else {
        text_sep(t);
        char buf[24], *p = tab_decimal(buf, v);
        rowbuf_put(&t->pending, p, (size_t)(buf + 24 - p));
    }
    t->col++;
}

void tab_num_cell(tab *t, double v, int decimals) {
    if (t->spool) record(t, REC_NUM, &v, sizeof v, &decimals, sizeof decimals);
    else if (t->ws) {
        if (!isnan(v) && sheet_cell(t)) {
            void *f = decimals >= 1 && decimals <= 3 ? workbook_format(t->wb, decimals) : NULL;
            check(t, worksheet_write_number(t->ws, t->row, (lxw_col_t)t->col, v, f));
        }
        widen(t, 8);
    } else {
        text_sep(t);
        char buf[64];
        if (isnan(v)) strcpy(buf, "NA"); /* what R reads as missing */
        else if (decimals < 0) tab_g6(buf, v);
        else snprintf(buf, sizeof buf, "%.*f", decimals, v);
        /* a Markdown report is read by people: their decimal separator */
        if (t->fmt == GRILLE_FORMAT_MARKDOWN && t->lang == GRILLE_LANG_FR)
            for (char *p = buf; *p; p++)
                if (*p == '.') *p = ',';
        decimal_append(&t->pending, t->fmt, buf);
    }
    t->col++;
}

void tab_time_cell(tab *t, long ms) {
    if (t->spool) record(t, REC_TIME, &ms, sizeof ms, NULL, 0);
    else if (t->ws) {
        /* a time cell is a fraction of a day: sortable, and summable */
        if (ms >= 0 && sheet_cell(t))
            check(t, worksheet_write_number(t->ws, t->row, (lxw_col_t)t->col, (double)ms / 86400000.0,
                                            workbook_format(t->wb, 4)));
        widen(t, 10);
    } else {
        text_sep(t);
        if (ms >= 0) {
            long sec = ms / 1000;
            char hms[64];
            int n = snprintf(hms, sizeof hms, "%02ld:%02ld:%02ld", sec / 3600, sec / 60 % 60, sec % 60);
            rowbuf_put(&t->pending, hms, (size_t)n);
        }
    }
    t->col++;
}

void tab_eol(tab *t) {
    if (t->spool) record(t, REC_EOL, NULL, 0, NULL, 0);
    else if (!t->ws) {
        if (t->plain_tsv) rowbuf_putc(&t->pending, '\n');
        else if (t->fmt == GRILLE_FORMAT_MARKDOWN && t->col) rowbuf_put(&t->pending, " |\n", 3);
        else eol_append(&t->pending, t->fmt);
        if (!t->gather || t->pending.n > sizeof t->pending.b - ROWBUF_GATHER_ROOM) flush_row(t);
    }
    t->row++;
    t->col = 0;
}

int tab_done(tab *t, grille_error *err, const char *what) {
    int rc;
    if (t->spool) {
        /* a full disk shows as the stream's error */
        if (!t->failed && (fflush(t->spool) != 0 || ferror(t->spool))) {
            t->failed = 1;
            t->spool_errno = errno;
        }
        rc = t->failed ? grille_write_fail(err, GRILLE_EIO, what, N_("cannot write the temporary file")) : GRILLE_OK;
    } else if (t->ws) {
        for (size_t c = 0; c < t->nwidths; c++)
            if (t->widths[c] > 0) worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, t->widths[c], NULL);
        if (t->header) worksheet_freeze_panes(t->ws, 1, 0);
        rc = workbook_error(t->wb, err);
    } else {
        flush_row(t); /* a row left without its end */
        rc = grille_write_end(t->out, err, what);
    }
    if (!rc && t->failed) rc = grille_write_fail(err, GRILLE_ENOMEM, what, N_("out of memory"));
    tab_release(t);
    return rc;
}

void tab_release(tab *t) {
    free(t->widths);
    t->widths = NULL;
    t->nwidths = 0;
    gbuf_free(&t->scratch);
}

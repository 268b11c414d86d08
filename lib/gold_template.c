/* gold_template.c - the table a researcher fills to hand-code units: one
 * row per unit of coded speech, with its text, and one empty column per
 * theme.  gold_table.c reads it back. */
#include "codebook_view.h"
#include "output.h"
#include "tab.h"
#include <stdio.h>

/* A TSV cell that starts with a quote is quoted as CSV's are, or a
 * spreadsheet (and the table reader) would take the quote for one. */
static void put_cell(FILE *out, grille_format fmt, const char *s, size_t n) {
    if (fmt != GRILLE_FORMAT_TSV || n == 0 || s[0] != '"') {
        write_field(out, fmt, s, n);
        return;
    }
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c == '"') fputc('"', out);
        fputc(c == '\t' || c == '\n' || c == '\r' ? ' ' : c, out);
    }
    fputc('"', out);
}

static const char template_what[] = N_("cannot write the gold template");

static int template_format(grille_format fmt) {
    return fmt == GRILLE_FORMAT_TSV || fmt == GRILLE_FORMAT_CSV || fmt == GRILLE_FORMAT_CSV_EXCEL;
}

/* Whether theme t has a column: a top-level theme, or with leaves one
 * without sub-themes. */
static int has_column(const grille_codebook *cb, size_t t, int leaves) {
    return leaves ? !codebook_has_children(cb, t) : codebook_theme_parent(cb, t) < 0;
}

static void header(FILE *out, grille_format fmt, const grille_codebook *cb, int leaves) {
    tab_bom(out, fmt);
    static const char *const head[] = {"document", "unit", "line", "speaker", "text"};
    for (size_t i = 0; i < 5; i++) {
        if (i) write_sep(out, fmt);
        fputs(head[i], out);
    }
    for (size_t t = 0; t < codebook_theme_count(cb); t++) {
        if (!has_column(cb, t, leaves)) continue;
        write_sep(out, fmt);
        write_field(out, fmt, codebook_theme_id(cb, t), strlen(codebook_theme_id(cb, t)));
    }
    write_sep(out, fmt);
    fputs("comment", out);
    write_eol(out, fmt);
}

/* The rows of a coding's units, their theme and comment cells empty. */
static void rows(FILE *out, grille_format fmt, const grille_codebook *cb, const grille_coding *coding, int leaves) {
    size_t ncols = 0;
    for (size_t t = 0; t < codebook_theme_count(cb); t++) ncols += has_column(cb, t, leaves) != 0;
    const grille_document *doc = grille_coding_document(coding);
    const char *text = grille_document_text(doc), *id = grille_document_id(doc);
    for (size_t i = 0; i < grille_coding_unit_count(coding); i++) {
        grille_unit u;
        if (grille_document_unit_get(doc, grille_codebook_unit(cb), grille_coding_unit_get(coding, i), &u)) continue;
        const char *speaker = grille_document_turn_speaker(doc, u.turn);
        put_cell(out, fmt, id, strlen(id));
        write_sep(out, fmt);
        fprintf(out, "%zu", u.index);
        write_sep(out, fmt);
        fprintf(out, "%u", u.span.line);
        write_sep(out, fmt);
        put_cell(out, fmt, speaker ? speaker : "", speaker ? strlen(speaker) : 0);
        write_sep(out, fmt);
        put_cell(out, fmt, text + u.span.byte_start, u.span.byte_end - u.span.byte_start);
        for (size_t c = 0; c <= ncols; c++) write_sep(out, fmt);
        write_eol(out, fmt);
    }
}

int grille_gold_template_write(FILE *out, grille_format fmt, const grille_codebook *cb,
                               const grille_coding *const *codings, size_t n, unsigned flags, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no codebook"));
    if (n && !codings) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no coding"));
    if (!template_format(fmt)) return grille_write_bad_format(err, template_what, fmt);
    int leaves = (flags & GRILLE_TEMPLATE_LEAVES) != 0;
    header(out, fmt, cb, leaves);
    for (size_t d = 0; d < n; d++) rows(out, fmt, cb, codings[d], leaves);
    return grille_write_end(out, err, template_what);
}

int grille_gold_template_write_header(FILE *out, grille_format fmt, const grille_codebook *cb, unsigned flags,
                                      grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no codebook"));
    if (!template_format(fmt)) return grille_write_bad_format(err, template_what, fmt);
    header(out, fmt, cb, (flags & GRILLE_TEMPLATE_LEAVES) != 0);
    return grille_write_end(out, err, template_what);
}

int grille_gold_template_write_coding(FILE *out, grille_format fmt, const grille_codebook *cb,
                                      const grille_coding *coding, unsigned flags, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no codebook"));
    if (!coding) return grille_write_fail(err, GRILLE_EUSAGE, template_what, N_("no coding"));
    if (!template_format(fmt)) return grille_write_bad_format(err, template_what, fmt);
    rows(out, fmt, cb, coding, (flags & GRILLE_TEMPLATE_LEAVES) != 0);
    return grille_write_end(out, err, template_what);
}

/* table.c - tables of variables as researchers keep them in a
 * spreadsheet: interviewee attributes per document (NVivo
 * classification sheets, QualCoder attributes), speaker attributes per
 * document and speaker.  CSV (comma or semicolon, as French Excel
 * writes), TSV; UTF-8 or Windows-1252 (read through read_text.c). */
#define _GNU_SOURCE /* memrchr */
#include "document.h"
#include "source.h"
#include "utf8.h"
#include <stdio.h>
#include <utf8proc.h>

struct grille_table {
    char *name;
    size_t ncols;
    char **cols;        /* header cells, trimmed */
    size_t key_col;     /* the document column */
    size_t speaker_col; /* SIZE_MAX when there is none */
    size_t nrows;
    char **cells;           /* nrows * ncols, "" when missing */
    unsigned *lines;        /* 1-based line of each row */
    char **folded_speakers; /* per row, when speaker_col is set */
    char **var_keys;        /* lower-cased column names, per column */
    grille_error *notes;    /* how it was read (an encoding guessed) */
    size_t nnotes;
};

void grille_table_free(grille_table *t) {
    if (!t) return;
    for (size_t i = 0; i < t->ncols; i++) {
        free(t->cols[i]);
        free(t->var_keys ? t->var_keys[i] : NULL);
    }
    for (size_t i = 0; i < t->nrows * t->ncols; i++) free(t->cells[i]);
    for (size_t i = 0; t->folded_speakers && i < t->nrows; i++) free(t->folded_speakers[i]);
    free(t->folded_speakers);
    free(t->var_keys);
    free(t->notes);
    free(t->cols);
    free(t->cells);
    free(t->lines);
    free(t->name);
    free(t);
}

const char *const table_no_key = N_("no 'document' column: the first row must name the columns, one of them "
                                    "'document' (the transcript's file name, with or without extension)");

/* The separator: whichever of tab, semicolon and comma the header row
 * (outside quotes) holds most. */
static char guess_separator(const char *t, size_t n) {
    size_t tab = 0, semi = 0, comma = 0;
    int quoted = 0;
    for (size_t i = 0; i < n && (quoted || t[i] != '\n'); i++) {
        if (t[i] == '"') quoted = !quoted;
        else if (!quoted) tab += t[i] == '\t', semi += t[i] == ';', comma += t[i] == ',';
    }
    if (tab >= semi && tab >= comma && tab) return '\t';
    return semi > comma ? ';' : ',';
}

typedef struct row_builder {
    char **cells;
    size_t n, cap;
} row_builder;

static void row_free(row_builder *r) {
    for (size_t i = 0; i < r->n; i++) free(r->cells[i]);
    free(r->cells);
    memset(r, 0, sizeof *r);
}

static int push_cell(row_builder *r, const char *s, size_t n) {
    /* trim spaces a spreadsheet user cannot see */
    while (n && (*s == ' ' || *s == '\t')) {
        s++;
        n--;
    }
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r')) n--;
    if (GROW(r->cells, r->n, r->cap)) return GRILLE_ENOMEM;
    if (!(r->cells[r->n] = grille_strndup(s, n))) return GRILLE_ENOMEM;
    r->n++;
    return GRILLE_OK;
}

/* One record starting at *i (RFC 4180: quoted cells may hold separators,
 * doubled quotes and line breaks). */
static int read_record(const grille_table *tb, const char *t, size_t n, size_t *i, char sep, row_builder *row,
                       unsigned *line, grille_error *err) {
    gbuf cell = {0};
    int rc = GRILLE_OK;
    for (;;) {
        cell.len = 0;
        if (gbuf_reserve(&cell, 0)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        cell.data[0] = '\0';
        if (*i < n && t[*i] == '"') {
            unsigned open = *line;
            size_t j = *i + 1;
            for (;;) {
                if (j >= n) {
                    rc = grille_fail(err, GRILLE_ETRANSCRIPT, tb->name, open, 0, *i,
                                     "a quoted cell is never closed by '\"'");
                    break;
                }
                if (t[j] == '"') {
                    if (j + 1 < n && t[j + 1] == '"') {
                        if (gbuf_putc(&cell, '"')) {
                            rc = GRILLE_ENOMEM;
                            break;
                        }
                        j += 2;
                        continue;
                    }
                    j++;
                    break;
                }
                if (t[j] == '\n') (*line)++;
                if (gbuf_putc(&cell, t[j])) {
                    rc = GRILLE_ENOMEM;
                    break;
                }
                j++;
            }
            if (rc) break;
            /* text after the closing quote, before the separator, is kept */
            while (j < n && t[j] != sep && t[j] != '\n') {
                if (gbuf_putc(&cell, t[j])) {
                    rc = GRILLE_ENOMEM;
                    break;
                }
                j++;
            }
            *i = j;
        } else {
            size_t j = *i;
            while (j < n && t[j] != sep && t[j] != '\n') j++;
            if (gbuf_append(&cell, t + *i, j - *i)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            *i = j;
        }
        if ((rc = push_cell(row, cell.data, cell.len))) break;
        if (*i < n && t[*i] == sep) {
            (*i)++;
            continue;
        }
        if (*i < n) (*i)++, (*line)++; /* the '\n' */
        break;
    }
    gbuf_free(&cell);
    return rc;
}

/* The first of names (in their order of preference) that a column has. */
static size_t find_col(const grille_table *t, const char *const *names) {
    for (size_t k = 0; names[k]; k++)
        for (size_t c = 0; c < t->ncols; c++)
            if (grille_ascii_ieq(t->cols[c], names[k])) return c;
    return SIZE_MAX;
}

static char *variable_key(const char *name);

size_t grille_variable_key(const char *name, char *out, size_t cap) {
    char *k = variable_key(name ? name : "");
    size_t n = k ? strlen(k) : 0;
    if (out && cap) {
        size_t c = n < cap - 1 ? n : cap - 1;
        if (k) memcpy(out, k, c);
        out[c] = '\0';
    }
    free(k);
    return n;
}

/* A column name as a variable's key, written as a header key is:
 * "Rôle de la personne" -> "role_de_la_personne". */
static char *variable_key(const char *name) {
    utf8proc_uint8_t *folded = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)name, 0, &folded,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                         UTF8PROC_CASEFOLD) < 0) {
        free(folded);
        folded = (utf8proc_uint8_t *)grille_strdup(name);
        if (!folded) return NULL;
    }
    char *k = (char *)folded, *o = k;
    for (const char *p = k; *p; p++) {
        char c = *p;
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-') *o++ = c;
        else if ((unsigned char)c < 0x80 || ((unsigned char)c & 0xC0) != 0x80) {
            /* a space, an apostrophe, a letter beyond Latin: one '_' */
            if (o == k || o[-1] != '_') *o++ = '_';
        }
    }
    while (o > k && o[-1] == '_') o--;
    *o = '\0';
    return k;
}

static int setup_columns(grille_table *t, grille_error *err) {
    static const char *const doc_names[] = {"document",   "doc",           "documents", "fichier", "file", "entretien",
                                            "transcript", "transcription", "id",        "name",    "nom",  NULL};
    static const char *const speaker_names[] = {"speaker", "locuteur", "locutrice",   "intervenant",
                                                "label",   "speakers", "participant", NULL};
    t->key_col = find_col(t, doc_names);
    if (t->key_col == SIZE_MAX)
        return grille_fail(err, GRILLE_ETRANSCRIPT, t->name, 1, 1, 0, "%s", grille_msg(table_no_key));
    t->speaker_col = find_col(t, speaker_names);
    if (t->speaker_col == t->key_col) t->speaker_col = SIZE_MAX;
    t->var_keys = calloc(t->ncols, sizeof *t->var_keys);
    if (!t->var_keys) return GRILLE_ENOMEM;
    for (size_t c = 0; c < t->ncols; c++)
        if (!(t->var_keys[c] = variable_key(t->cols[c]))) return GRILLE_ENOMEM;
    for (size_t c = 0; c < t->ncols; c++)
        for (size_t d = c + 1; d < t->ncols; d++)
            if (t->cols[c][0] && strcmp(t->var_keys[c], t->var_keys[d]) == 0)
                return grille_fail(err, GRILLE_ETRANSCRIPT, t->name, 1, 0, 0, "the column '%s' is there twice",
                                   t->cols[c]);
    return GRILLE_OK;
}

/* caps: the capacities of t->cells (in cells) and t->lines (in rows). */
static int add_row(grille_table *t, row_builder *r, unsigned line, size_t caps[2]) {
    if (grille_grow((void **)&t->cells, &caps[0], (t->nrows + 1) * t->ncols, sizeof *t->cells) ||
        grille_grow((void **)&t->lines, &caps[1], t->nrows + 1, sizeof *t->lines))
        return GRILLE_ENOMEM;
    char **row = t->cells + t->nrows * t->ncols;
    for (size_t c = 0; c < t->ncols; c++) {
        char *v = c < r->n ? r->cells[c] : grille_strdup("");
        if (!v) {
            for (size_t k = 0; k < c; k++) free(row[k]);
            return GRILLE_ENOMEM;
        }
        if (c < r->n) r->cells[c] = NULL;
        row[c] = v;
    }
    t->lines[t->nrows++] = line;
    return GRILLE_OK;
}

static int parse_rows(grille_table *t, const char *text, size_t n, grille_error *err) {
    char sep = guess_separator(text, n);
    size_t i = 0, caps[2] = {0, 0};
    unsigned line = 1;
    row_builder r = {0};
    int rc = read_record(t, text, n, &i, sep, &r, &line, err);
    if (rc) {
        row_free(&r);
        return rc;
    }
    t->cols = r.cells;
    t->ncols = r.n;
    memset(&r, 0, sizeof r);
    if ((rc = setup_columns(t, err))) return rc;
    while (rc == GRILLE_OK && i < n) {
        unsigned at = line;
        if ((rc = read_record(t, text, n, &i, sep, &r, &line, err))) break;
        int blank = 1;
        for (size_t c = 0; c < r.n; c++) blank &= r.cells[c][0] == '\0';
        if (!blank && r.n > t->ncols) {
            for (size_t c = t->ncols; c < r.n && rc == GRILLE_OK; c++)
                if (r.cells[c][0])
                    rc = grille_fail(err, GRILLE_ETRANSCRIPT, t->name, at, 0, 0,
                                     "this row has %zu cells but the first row names %zu columns", r.n, t->ncols);
        }
        if (!blank && rc == GRILLE_OK) {
            if (t->key_col >= r.n || !r.cells[t->key_col][0])
                rc = grille_fail(err, GRILLE_ETRANSCRIPT, t->name, at, 0, 0,
                                 "this row names no document (the '%s' cell is empty)", t->cols[t->key_col]);
            else rc = add_row(t, &r, at, caps);
        }
        row_free(&r);
    }
    row_free(&r);
    return rc;
}

static int fold_speakers(grille_table *t) {
    if (t->speaker_col == SIZE_MAX) return GRILLE_OK;
    t->folded_speakers = calloc(t->nrows + 1, sizeof *t->folded_speakers);
    if (!t->folded_speakers) return GRILLE_ENOMEM;
    for (size_t r = 0; r < t->nrows; r++) {
        /* compared as labels are: "Mme X." is the label "Mme X" */
        const char *s = t->cells[r * t->ncols + t->speaker_col];
        size_t n = strlen(s);
        while (n && (s[n - 1] == '.' || s[n - 1] == ',' || s[n - 1] == '-' || s[n - 1] == '/' || s[n - 1] == ' ')) n--;
        if (!(t->folded_speakers[r] = document_fold_label(s, n))) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

grille_table *grille_table_parse(const char *name, const char *data, size_t len, grille_error *err) {
    grille_error_clear(err);
    if (!name) name = "<table>";
    grille_table *t = calloc(1, sizeof *t);
    source src;
    source_init(&src, name);
    int rc = t && (t->name = grille_strdup(name)) ? GRILLE_OK : GRILLE_ENOMEM;
    if (rc == GRILLE_OK) rc = source_read_text(&src, data ? data : "", data ? len : 0, NULL, err);
    if (rc == GRILLE_OK) {
        const char *text = src.text.data ? src.text.data : "";
        size_t n = src.text.len;
        if (n >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) text += 3, n -= 3;
        if (n == 0) rc = grille_fail(err, GRILLE_ETRANSCRIPT, name, 0, 0, 0, "the table is empty");
        else rc = parse_rows(t, text, n, err);
    }
    if (rc == GRILLE_OK) rc = fold_speakers(t);
    if (rc == GRILLE_OK && src.nnotes) {
        if (!(t->notes = malloc(src.nnotes * sizeof *t->notes))) rc = GRILLE_ENOMEM;
        else {
            memcpy(t->notes, src.notes, src.nnotes * sizeof *t->notes);
            t->nnotes = src.nnotes;
            /* --encoding is for transcripts: a table is saved again instead.
             * The advice is found in the messages' language (the reader's
             * notes end with its translation). */
            /* TRANSLATORS: the end of the notes "read as %s (...); give
             * --encoding to choose another": translate it exactly as they end */
            const char *tail = grille_msg("; give --encoding to choose another");
            for (size_t i = 0; i < t->nnotes; i++) {
                char *advice = strstr(t->notes[i].message, tail);
                if (advice)
                    snprintf(advice, sizeof t->notes[i].message - (size_t)(advice - t->notes[i].message), "%s",
                             grille_msg("; if accents look wrong, save the table again as \"CSV UTF-8\""));
            }
        }
    }
    source_free(&src);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, name, 0, 0, 0, "out of memory");
    if (rc) {
        grille_table_free(t);
        return NULL;
    }
    return t;
}

grille_table *grille_table_load(const char *path, grille_error *err) {
    grille_error_clear(err);
    gbuf b = {0};
    if (grille_read_file(path, &b, err)) return NULL;
    grille_table *t = grille_table_parse(path, b.data ? b.data : "", b.len, err);
    gbuf_free(&b);
    return t;
}

const char *grille_table_name(const grille_table *t) { return t ? t->name : NULL; }
size_t table_column_count(const grille_table *t) { return t->ncols; }
const char *table_column(const grille_table *t, size_t c) { return c < t->ncols ? t->cols[c] : ""; }
size_t table_key_column(const grille_table *t) { return t->key_col; }
const char *table_cell(const grille_table *t, size_t row, size_t c) {
    return row < t->nrows && c < t->ncols ? t->cells[row * t->ncols + c] : "";
}
size_t grille_table_row_count(const grille_table *t) { return t ? t->nrows : 0; }
const char *grille_table_row_key(const grille_table *t, size_t i) {
    return t && i < t->nrows ? t->cells[i * t->ncols + t->key_col] : NULL;
}
const char *grille_table_row_speaker(const grille_table *t, size_t i) {
    return t && i < t->nrows && t->speaker_col != SIZE_MAX ? t->cells[i * t->ncols + t->speaker_col] : NULL;
}
size_t grille_table_warning_count(const grille_table *t) { return t ? t->nnotes : 0; }
const grille_error *grille_table_warning_get(const grille_table *t, size_t i) {
    return t && i < t->nnotes ? &t->notes[i] : NULL;
}
unsigned grille_table_row_line(const grille_table *t, size_t i) { return t && i < t->nrows ? t->lines[i] : 0; }

/* A row's document cell names doc: its id, its file name, or its file
 * name without extension ("ei-01", "ei-01.docx", "entretiens/ei-01"). */
static int key_names(const char *key, const grille_document *doc) {
    if (strcmp(key, doc->id) == 0) return 1;
    const char *base = strrchr(doc->name, '/');
    base = base ? base + 1 : doc->name;
    if (strcmp(key, base) == 0) return 1;
    char *stem = document_default_id(base), *kstem = document_default_id(key);
    int same = stem && kstem && (strcmp(stem, kstem) == 0 || strcmp(kstem, doc->id) == 0);
    free(stem);
    free(kstem);
    return same;
}

int grille_table_row_matches(const grille_table *t, size_t row, const grille_document *doc) {
    if (!t || !doc || row >= t->nrows) return 0;
    const char *key = t->cells[row * t->ncols + t->key_col];
    return key_names(key, doc);
}

/* The variables of row r: its named columns but the key and the speaker,
 * as two arrays the caller frees (the strings stay the table's). */
static int row_variables(const grille_table *t, size_t r, const char ***keys, const char ***values, size_t *n) {
    *keys = calloc(t->ncols, sizeof **keys);
    *values = calloc(t->ncols, sizeof **values);
    if (!*keys || !*values) {
        free(*keys);
        free(*values);
        *keys = *values = NULL;
        return GRILLE_ENOMEM;
    }
    for (size_t c = 0; c < t->ncols; c++) {
        if (c == t->key_col || c == t->speaker_col || !t->cols[c][0]) continue;
        (*keys)[*n] = t->var_keys[c];
        (*values)[*n] = t->cells[r * t->ncols + c];
        (*n)++;
    }
    return GRILLE_OK;
}

int table_document_row(const grille_table *t, const grille_document *doc, const char ***keys, const char ***values,
                       size_t *n, unsigned *line) {
    *keys = *values = NULL;
    *n = 0;
    for (size_t r = 0; r < t->nrows; r++) {
        if (!grille_table_row_matches(t, r, doc)) continue;
        *line = t->lines[r];
        return row_variables(t, r, keys, values, n);
    }
    return GRILLE_OK;
}

int grille_table_row_speaks(const grille_table *t, size_t row, const grille_document *doc) {
    if (!t || !doc || row >= t->nrows || t->speaker_col == SIZE_MAX) return 0;
    for (size_t i = 0; i < doc->nspeakers; i++)
        if (strcmp(doc->speakers[i].folded, t->folded_speakers[row]) == 0) return 1;
    return 0;
}

int table_speaker_declared(const grille_table *t, const grille_document *doc, const char *folded) {
    if (t->speaker_col == SIZE_MAX) return 0;
    for (size_t r = 0; r < t->nrows; r++)
        if (strcmp(t->folded_speakers[r], folded) == 0 && grille_table_row_matches(t, r, doc)) return 1;
    return 0;
}

int table_speaker_rows(const grille_table *t, const grille_document *doc, const char *folded, const char ***keys,
                       const char ***values, size_t *n) {
    *keys = NULL;
    *values = NULL;
    *n = 0;
    if (t->speaker_col == SIZE_MAX) return GRILLE_OK;
    for (size_t r = 0; r < t->nrows; r++) {
        if (strcmp(t->folded_speakers[r], folded) != 0 || !grille_table_row_matches(t, r, doc)) continue;
        return row_variables(t, r, keys, values, n);
    }
    return GRILLE_OK;
}

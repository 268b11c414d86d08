/* workbook.c - Excel workbooks through libxlsxwriter: the handle, its
 * cell formats, valid and unique sheet names, the first error. */
#include "tab.h"
#include <xlsxwriter.h>

/* Excel's own limit, in UTF-16 code units (an emoji counts 2). */
#define SHEET_NAME_UNITS 31

struct grille_workbook {
    lxw_workbook *wb;
    lxw_format *formats[5]; /* bold, 0.0, 0.00, 0.000, hh:mm:ss */
    char **names;           /* the sheets' names, to keep them unique */
    size_t nnames, cap;
    int status;
    grille_error err;
};

grille_workbook *grille_workbook_new(const char *path, grille_error *err) {
    grille_error_clear(err);
    if (!path || !*path) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "a workbook needs a file name");
        return NULL;
    }
    grille_workbook *w = calloc(1, sizeof *w);
    if (!w) {
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    /* constant memory: each row goes to disk once written, so that a
     * sheet of a hundred thousand segments does not sit in memory; the
     * writers go row by row, as it requires */
    lxw_workbook_options o = {.constant_memory = LXW_TRUE};
    if (!(w->wb = workbook_new_opt(path, &o))) {
        free(w);
        grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot start an .xlsx workbook");
        return NULL;
    }
    /* a fixed date, as the .qdpx export: the same input, the same bytes */
    lxw_doc_properties props = {.title = NULL};
    props.created = 315532800; /* 1980-01-01, the first date a ZIP entry can have */
    workbook_set_properties(w->wb, &props);
    static const char *const nums[] = {NULL, "0.0", "0.00", "0.000", "[h]:mm:ss"};
    for (int i = 0; i < 5; i++) {
        w->formats[i] = workbook_add_format(w->wb);
        if (!w->formats[i]) continue;
        if (i == 0) format_set_bold(w->formats[i]);
        else format_set_num_format(w->formats[i], nums[i]);
    }
    return w;
}

int workbook_fail(grille_workbook *wb, int code, const char *message) {
    if (wb->status == GRILLE_OK) {
        wb->status = code;
        /* message: a string of the library's (workbook_fail() is marked for
         * xgettext) or libxlsxwriter's, which stays as it is */
        grille_fail(&wb->err, code, "", 0, 0, 0, "%s", grille_msg(message));
    }
    return code;
}

int workbook_status(const grille_workbook *wb) { return wb->status; }

int workbook_error(const grille_workbook *wb, grille_error *err) {
    if (wb->status != GRILLE_OK && err) *err = wb->err;
    return wb->status;
}

const char *workbook_sheet_name(const grille_workbook *wb, size_t i) { return i < wb->nnames ? wb->names[i] : NULL; }

void *workbook_format(grille_workbook *wb, int which) { return which >= 0 && which < 5 ? wb->formats[which] : NULL; }

static int same_name(const char *a, const char *b) {
    return grille_ascii_ieq(a, b); /* Excel compares sheet names without case */
}

static int taken(const grille_workbook *wb, const char *name) {
    for (size_t i = 0; i < wb->nnames; i++)
        if (same_name(wb->names[i], name)) return 1;
    return 0;
}

/* The bytes of name that hold at most units UTF-16 code units, cut at
 * a character. */
static size_t cut(const char *name, size_t units) {
    size_t i = 0, used = 0;
    while (name[i]) {
        size_t j = i + 1;
        while (name[j] && ((unsigned char)name[j] & 0xC0) == 0x80) j++;
        size_t u = j - i == 4 ? 2 : 1; /* outside the BMP: a surrogate pair */
        if (used + u > units) break;
        used += u;
        i = j;
    }
    return i;
}

/* A valid sheet name from any text: the characters Excel refuses become
 * '_', an apostrophe may not open or close it, at most 31 units, and
 * " (2)", " (3)"... when an earlier sheet has the name. */
static char *sheet_name(const grille_workbook *wb, const char *want) {
    gbuf base = {0}, b = {0};
    if (!want || !*want) want = "sheet";
    for (const char *p = want; *p; p++) {
        char c = strchr("[]:*?/\\", *p) ? '_' : *p;
        if ((unsigned char)c < 0x20) c = ' ';
        if (gbuf_putc(&base, c)) goto nomem;
    }
    base.len = cut(base.data, SHEET_NAME_UNITS);
    base.data[base.len] = '\0';
    if (base.data[0] == '\'') base.data[0] = '_';
    if (base.data[base.len - 1] == '\'') base.data[base.len - 1] = '_';
    if (gbuf_append(&b, base.data, base.len)) goto nomem;
    for (unsigned k = 2; taken(wb, b.data); k++) {
        char suffix[16];
        int sl = snprintf(suffix, sizeof suffix, " (%u)", k);
        b.len = 0;
        if (gbuf_append(&b, base.data, cut(base.data, SHEET_NAME_UNITS - (size_t)sl)) || gbuf_printf(&b, "%s", suffix))
            goto nomem;
    }
    gbuf_free(&base);
    return b.data;
nomem:
    gbuf_free(&base);
    gbuf_free(&b);
    return NULL;
}

void *workbook_add_sheet(grille_workbook *wb, const char *want) {
    if (wb->status != GRILLE_OK) return NULL;
    char *name = sheet_name(wb, want);
    if (!name || GROW(wb->names, wb->nnames, wb->cap)) {
        free(name);
        workbook_fail(wb, GRILLE_ENOMEM, "out of memory");
        return NULL;
    }
    lxw_worksheet *ws = workbook_add_worksheet(wb->wb, name);
    if (!ws) {
        char msg[300];
        snprintf(msg, sizeof msg, grille_msg("cannot add the sheet '%s'"), name);
        free(name);
        workbook_fail(wb, GRILLE_EIO, msg);
        return NULL;
    }
    wb->names[wb->nnames++] = name;
    return ws;
}

void workbook_discard(grille_workbook *wb) {
    if (!wb) return;
    lxw_workbook_free(wb->wb); /* writes nothing; its sheets' temporary files go */
    for (size_t i = 0; i < wb->nnames; i++) free(wb->names[i]);
    free(wb->names);
    free(wb);
}

int grille_workbook_close(grille_workbook *wb, grille_error *err) {
    grille_error_clear(err);
    if (!wb) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no workbook");
    int rc = wb->status;
    if (rc != GRILLE_OK && err) *err = wb->err;
    /* Excel refuses a workbook without a sheet */
    if (!wb->nnames) workbook_add_worksheet(wb->wb, "empty");
    lxw_error e = workbook_close(wb->wb);
    if (e != LXW_NO_ERROR && rc == GRILLE_OK)
        rc = grille_fail(err, GRILLE_EIO, "", 0, 0, 0, "cannot write the workbook: %s", lxw_strerror(e));
    for (size_t i = 0; i < wb->nnames; i++) free(wb->names[i]);
    free(wb->names);
    free(wb);
    return rc;
}

/* refi_export.c - REFI-QDA 1.5 out: the codebook (.qdc) and the coding
 * of a corpus as a project (.qdpx).
 *
 * Positions.  REFI-QDA counts the code points of the plain-text source
 * from 0 but does not say whether endPosition is the last code point of
 * the selection or the one after it.  grille writes and reads it as the
 * one after (exclusive), like its own offsets and like the tools that
 * slice strings (QualCoder, OpenQDA): endPosition - startPosition is the
 * selection's length, and a segment goes out and comes back unchanged.
 *
 * Reproducibility.  Nothing depends on the clock: creationDateTime is
 * written only when the caller gives it, and ZIP entries carry a fixed
 * date.  Two runs on the same input write the same bytes. */
#define _POSIX_C_SOURCE 200809L /* mkstemp, fdopen */
#include "refi_internal.h"
#include "strmap.h"
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

/* Code as both schemas order it: Description, then the sub-codes.  A
 * theme that only groups sub-themes is a folder (isCodable="false"); one
 * with rules of its own is codable even when it has sub-themes. */
static void write_code(refi_xw *x, const grille_codebook *cb, const refi_codes *t, size_t i) {
    grille_theme_info th;
    grille_codebook_theme_get(cb, i, &th);
    refi_xw_start(x, "Code");
    refi_xw_attr(x, "guid", t->guid[i]);
    refi_xw_attr(x, "name", t->name[i]);
    refi_xw_attr(x, "isCodable", th.rule_count == 0 && t->first[i] >= 0 ? "false" : "true");
    refi_xw_attr(x, "color", t->color[i]);
    if (th.description && th.description[0]) refi_xw_text_element(x, "Description", th.description);
    for (int c = t->first[i]; c >= 0; c = t->next[c]) write_code(x, cb, t, (size_t)c);
    refi_xw_end(x);
}

static void write_codes(refi_xw *x, const grille_codebook *cb, const refi_codes *t) {
    refi_xw_start(x, "Codes");
    for (size_t i = 0; i < t->n; i++) {
        grille_theme_info th;
        grille_codebook_theme_get(cb, i, &th);
        if (th.parent == GRILLE_NONE) write_code(x, cb, t, i);
    }
    refi_xw_end(x);
}

/* The caller's options (NULL: the defaults) as this library's struct. */
static int refi_options(grille_refi_options *o, const grille_refi_options *opts, grille_error *err) {
    return GRILLE_OPTIONS_COPY(grille_refi_options, GRILLE_REFI_OPTIONS_INIT, project_name, *o, opts, err);
}

int grille_refi_write_qdc(FILE *out, const grille_codebook *cb, const grille_refi_options *opts, grille_error *err) {
    static const char what[] = N_("cannot write the codebook (.qdc)");
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, what, N_("no codebook"));
    grille_refi_options o;
    if (refi_options(&o, opts, err)) return GRILLE_EUSAGE;
    refi_codes t;
    refi_xw x;
    int rc = refi_codes_build(&t, cb, o.warn, o.warn_ctx);
    if (rc == GRILLE_OK) rc = refi_xw_open(&x);
    else memset(&x, 0, sizeof x);
    if (rc == GRILLE_OK) {
        refi_xw_start(&x, "CodeBook");
        refi_xw_attr(&x, "xmlns", REFI_NS_CODEBOOK);
        refi_xw_attr(&x, "origin", REFI_ORIGIN);
        write_codes(&x, cb, &t);
        refi_xw_end(&x);
        rc = refi_xw_finish(&x);
    }
    if (rc == GRILLE_OK) rc = refi_xw_write(out, &x, what, err);
    else grille_write_fail(err, rc, what, N_("out of memory"));
    refi_xw_free(&x);
    refi_codes_free(&t);
    return rc;
}

/* ------------------------------------------------------------------ */
/* Export: the project                                                 */

/* xsd:dateTime, as far as grille needs to check it:
 * YYYY-MM-DDThh:mm:ss[.s+][Z|(+|-)hh:mm]; fills the parts for the ZIP. */
static int parse_datetime(const char *s, int f[6]) {
    static const char shape[] = "dddd-dd-ddTdd:dd:dd";
    static const int at[6] = {0, 5, 8, 11, 14, 17}, width[6] = {4, 2, 2, 2, 2, 2};
    static const int lo[6] = {1, 1, 1, 0, 0, 0}, hi[6] = {9999, 12, 31, 23, 59, 59};
    size_t n = strlen(s);
    if (n < 19) return -1;
    for (size_t i = 0; i < 19; i++)
        if (shape[i] == 'd' ? !(s[i] >= '0' && s[i] <= '9') : s[i] != shape[i]) return -1;
    for (int k = 0; k < 6; k++) {
        f[k] = 0;
        for (int i = 0; i < width[k]; i++) f[k] = f[k] * 10 + (s[at[k] + i] - '0');
        if (f[k] < lo[k] || f[k] > hi[k]) return -1;
    }
    const char *p = s + 19;
    if (*p == '.') {
        if (!(p[1] >= '0' && p[1] <= '9')) return -1;
        for (p++; *p >= '0' && *p <= '9'; p++) {}
    }
    if (*p == 'Z') p++;
    else if (*p == '+' || *p == '-') {
        if (strlen(p) != 6 || p[3] != ':') return -1;
        for (int i = 1; i < 6; i++)
            if (i != 3 && !(p[i] >= '0' && p[i] <= '9')) return -1;
        p += 6;
    }
    return *p ? -1 : 0;
}

/* What the project keeps of a coded segment once its document is gone:
 * the selection's GUIDs, code, positions and name.  No text. */
typedef struct qsel {
    char sel[37], coding[37];
    size_t theme;
    size_t start, end; /* code points, end exclusive, the BOM not counted */
    char *name;        /* the selection's text on one line, cut */
} qsel;

/* ...and of a document: its id, GUID, variables, selections, and where
 * its text is in the spool. */
typedef struct qdoc {
    char *id;
    char guid[37];
    char *name; /* the source's name, given when the project is written */
    char **keys, **values;
    size_t nv;
    size_t first, nsel; /* its selections in project.sels */
    long long at;       /* its text in the spool, without a BOM */
    size_t len;
} qdoc;

/* A project written a document at a time: each document's text goes to
 * an anonymous temporary file (tmpfile(): unlinked at once, so nothing
 * is left behind whatever happens), what project.qde says of it stays
 * in memory, and the archive is made when the project is closed. */
struct grille_refi_project {
    FILE *out;
    const grille_codebook *cb;
    char *name, *when, *user; /* copies of the options' */
    grille_warn_fn warn;
    void *warn_ctx;
    int date[6]; /* of when, for the ZIP entries */
    refi_codes t;
    int have_codes;
    char user_guid[37];
    qdoc *docs;
    size_t n, capdocs;
    qsel *sels;
    size_t nsels, capsels;
    strmap ids;
    int have_ids;
    FILE *spool;
    long long spooled;
    const char **vars; /* variable keys, first spelling seen;
                        * the last is REFI_DOCUMENT_VARIABLE */
    size_t nvars, capvars;
    char (*var_guid)[37];
    gbuf scratch, name_buf;
    int failed; /* an add failed: the project cannot be written */
};
typedef grille_refi_project project;

static int var_index(const project *p, const char *key) {
    for (size_t i = 0; i < p->nvars; i++)
        if (grille_ascii_ieq(p->vars[i], key)) return (int)i;
    return -1;
}

/* The documents' variables, keys compared ignoring ASCII case as
 * grille_document_variable_lookup() does; GUIDs from the lower-cased key. */
static int collect_variables(project *p) {
    for (size_t d = 0; d < p->n; d++) {
        const qdoc *q = &p->docs[d];
        for (size_t i = 0; i < q->nv; i++) {
            const char *k = q->keys[i];
            if (var_index(p, k) >= 0 || grille_ascii_ieq(k, REFI_DOCUMENT_VARIABLE)) continue;
            if (GROW(p->vars, p->nvars, p->capvars)) return GRILLE_ENOMEM;
            p->vars[p->nvars++] = k;
        }
    }
    if (p->n) {
        if (GROW(p->vars, p->nvars, p->capvars)) return GRILLE_ENOMEM;
        p->vars[p->nvars++] = REFI_DOCUMENT_VARIABLE;
    }
    p->var_guid = malloc((p->nvars ? p->nvars : 1) * sizeof *p->var_guid);
    if (!p->var_guid) return GRILLE_ENOMEM;
    for (size_t i = 0; i < p->nvars; i++) {
        gbuf low = {0};
        if (gbuf_append(&low, p->vars[i], strlen(p->vars[i]))) return GRILLE_ENOMEM;
        for (size_t j = 0; j < low.len; j++)
            if (low.data[j] >= 'A' && low.data[j] <= 'Z') low.data[j] += 32;
        refi_guidf(p->var_guid[i], &p->scratch, "grille:variable:%s", low.data);
        gbuf_free(&low);
    }
    return GRILLE_OK;
}

/* Variable v of document d: the document's id for the last. */
static const char qdpx_what[] = N_("cannot write the project (.qdpx)");

static const char *var_value(const project *p, size_t d, size_t v) {
    const qdoc *q = &p->docs[d];
    if (v + 1 == p->nvars) return q->id;
    /* the first of the document's keys that matches, as
     * grille_document_variable_lookup() finds it */
    for (size_t i = 0; i < q->nv; i++)
        if (grille_ascii_ieq(q->keys[i], p->vars[v])) return q->values[i];
    return NULL;
}

static void write_values(refi_xw *x, const project *p, size_t d) {
    for (size_t v = 0; v < p->nvars; v++) {
        const char *value = var_value(p, d, v);
        if (!value) continue;
        refi_xw_start(x, "VariableValue");
        refi_xw_start(x, "VariableRef");
        refi_xw_attr(x, "targetGUID", p->var_guid[v]);
        refi_xw_end(x);
        refi_xw_text_element(x, "TextValue", value);
        refi_xw_end(x);
    }
}

static const char *file_name(const char *id) {
    const char *slash = strrchr(id, '/');
    return slash ? slash + 1 : id;
}

/* Sources' names: tools copy a source to a file of its name (QualCoder
 * could not copy "illustratifs/ei-01"), and keep one source of a name.
 * The file name of the document, unless another has it too: then the
 * id with '_' for '/'; " (2)"... when even that is taken.  The id
 * itself is kept in the variable REFI_DOCUMENT_VARIABLE. */
static int name_sources(project *p) {
    strmap base, used;
    gbuf key = {0}, name = {0};
    int rc = strmap_init(&base);
    if (rc) return rc;
    if ((rc = strmap_init(&used))) {
        strmap_free(&base);
        return rc;
    }
    for (size_t d = 0; d < p->n && rc == GRILLE_OK; d++) {
        const char *f = file_name(p->docs[d].id);
        int created, *slot = refi_name_key(f, &key) ? NULL : strmap_put(&base, key.data, key.len, &created);
        if (!slot) rc = GRILLE_ENOMEM;
        else *slot = created ? 1 : *slot + 1;
    }
    for (size_t d = 0; d < p->n && rc == GRILLE_OK; d++) {
        const char *id = p->docs[d].id, *f = file_name(id);
        int created = 0, *slot;
        rc = refi_name_key(f, &key);
        int shared = rc == GRILLE_OK && strmap_get(&base, key.data, key.len) > 1;
        for (int k = 1; rc == GRILLE_OK && !created; k++) {
            name.len = 0;
            rc = gbuf_printf(&name, "%s", shared ? id : f);
            for (size_t i = 0; i < name.len; i++)
                if (name.data[i] == '/') name.data[i] = '_';
            if (rc == GRILLE_OK && k > 1) rc = gbuf_printf(&name, " (%d)", k);
            if (rc == GRILLE_OK) rc = refi_name_key(name.data, &key);
            if (rc == GRILLE_OK && !(slot = strmap_put(&used, key.data, key.len, &created))) rc = GRILLE_ENOMEM;
        }
        if (rc == GRILLE_OK && !(p->docs[d].name = grille_strndup(name.data, name.len))) rc = GRILLE_ENOMEM;
    }
    strmap_free(&base);
    strmap_free(&used);
    gbuf_free(&key);
    gbuf_free(&name);
    return rc;
}

/* A leading byte order mark is no character of the text: the source is
 * written without it, and positions do not count it (as QualCoder and
 * NVivo count theirs). */
static size_t bom_of(const grille_document *doc) {
    return grille_document_size(doc) >= 3 && memcmp(grille_document_text(doc), "\xEF\xBB\xBF", 3) == 0 ? 3 : 0;
}

/* A selection's name: its text on one line, cut after 80 code points. */
static int selection_name(gbuf *b, const char *s, size_t n) {
    size_t cps = 0;
    int space = 0;
    b->len = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = b->len > 0;
            continue;
        }
        if ((c & 0xC0) != 0x80) {
            if (cps + space >= 80) return gbuf_append(b, "\xE2\x80\xA6", 3); /* … */
            cps += (size_t)space + 1;
        }
        if (space && gbuf_putc(b, ' ')) return GRILLE_ENOMEM;
        space = 0;
        if (gbuf_putc(b, (char)c)) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

static void write_source(refi_xw *x, const project *p, size_t d) {
    const qdoc *q = &p->docs[d];
    char path[64];
    snprintf(path, sizeof path, "internal://%s.txt", q->guid);
    refi_xw_start(x, "TextSource");
    refi_xw_attr(x, "guid", q->guid);
    refi_xw_attr(x, "name", q->name);
    refi_xw_attr(x, "plainTextPath", path);
    refi_xw_attr(x, "creatingUser", p->user_guid);
    if (p->when) refi_xw_attr(x, "creationDateTime", p->when);
    for (size_t i = 0; i < q->nsel && !x->bad; i++) {
        const qsel *s = &p->sels[q->first + i];
        refi_xw_start(x, "PlainTextSelection");
        refi_xw_attr(x, "guid", s->sel);
        refi_xw_attr(x, "name", s->name);
        /* endPosition exclusive: see the top of this file */
        refi_xw_attr_size(x, "startPosition", s->start);
        refi_xw_attr_size(x, "endPosition", s->end);
        refi_xw_attr(x, "creatingUser", p->user_guid);
        refi_xw_start(x, "Coding");
        refi_xw_attr(x, "guid", s->coding);
        refi_xw_attr(x, "creatingUser", p->user_guid);
        refi_xw_start(x, "CodeRef");
        refi_xw_attr(x, "targetGUID", p->t.guid[s->theme]);
        refi_xw_end(x);
        refi_xw_end(x);
        refi_xw_end(x);
    }
    write_values(x, p, d);
    refi_xw_end(x);
}

static void write_project_xml(refi_xw *x, const project *p) {
    refi_xw_start(x, "Project");
    refi_xw_attr(x, "xmlns", REFI_NS_PROJECT);
    refi_xw_attr(x, "name", p->name);
    refi_xw_attr(x, "origin", REFI_ORIGIN);
    refi_xw_attr(x, "creatingUserGUID", p->user_guid);
    if (p->when) refi_xw_attr(x, "creationDateTime", p->when);

    refi_xw_start(x, "Users");
    refi_xw_start(x, "User");
    refi_xw_attr(x, "guid", p->user_guid);
    refi_xw_attr(x, "name", p->user);
    refi_xw_end(x);
    refi_xw_end(x);

    refi_xw_start(x, "CodeBook");
    write_codes(x, p->cb, &p->t);
    refi_xw_end(x);

    if (p->nvars) {
        refi_xw_start(x, "Variables");
        for (size_t i = 0; i < p->nvars; i++) {
            refi_xw_start(x, "Variable");
            refi_xw_attr(x, "guid", p->var_guid[i]);
            refi_xw_attr(x, "name", p->vars[i]);
            refi_xw_attr(x, "typeOfVariable", "Text");
            refi_xw_end(x);
        }
        refi_xw_end(x);
    }

    /* Cases carry the variables (a Case holds VariableValues, then the
     * SourceRef of its document): one case per document.  The sources
     * carry them too: QualCoder ignores a case's SourceRef. */
    if (p->n) {
        refi_xw_start(x, "Cases");
        gbuf scratch = {0};
        for (size_t d = 0; d < p->n; d++) {
            const char *id = p->docs[d].id;
            char guid[37];
            refi_guidf(guid, &scratch, "grille:case:%s", id);
            refi_xw_start(x, "Case");
            refi_xw_attr(x, "guid", guid);
            refi_xw_attr(x, "name", id);
            write_values(x, p, d);
            refi_xw_start(x, "SourceRef");
            refi_xw_attr(x, "targetGUID", p->docs[d].guid);
            refi_xw_end(x);
            refi_xw_end(x);
        }
        if (scratch.failed) x->bad = 1;
        gbuf_free(&scratch);
        refi_xw_end(x);

        refi_xw_start(x, "Sources");
        for (size_t d = 0; d < p->n; d++) write_source(x, p, d);
        refi_xw_end(x);
    }
    refi_xw_end(x);
}

/* The archive: project.qde, then each document's text, read back from
 * the spool as libzip compresses it. */
static int write_zip(project *p, const refi_xw *x, grille_error *err) {
    refi_zip *z;
    int rc = refi_zip_new(&z, p->when ? p->date : NULL, err);
    if (rc == GRILLE_OK)
        rc = refi_zip_add(z, "project.qde", xmlBufferContent(x->buf), (size_t)xmlBufferLength(x->buf), err);
    if (rc == GRILLE_OK && p->spool && fflush(p->spool) != 0)
        rc = grille_fail(err, GRILLE_EIO, "", 0, 0, 0, "%s: %s", grille_msg(N_("cannot keep the texts aside")),
                         strerror(errno));
    for (size_t d = 0; d < p->n && rc == GRILLE_OK; d++) {
        char name[64];
        snprintf(name, sizeof name, "sources/%s.txt", p->docs[d].guid);
        rc = refi_zip_add_file(z, name, p->spool, p->docs[d].at, p->docs[d].len, err);
    }
    if (rc != GRILLE_OK) {
        refi_zip_discard(z);
        return rc;
    }
    return refi_zip_finish(z, p->out, qdpx_what, err);
}

void grille_refi_project_free(grille_refi_project *p) {
    if (!p) return;
    for (size_t d = 0; d < p->n; d++) {
        qdoc *q = &p->docs[d];
        free(q->id);
        free(q->name);
        for (size_t i = 0; i < q->nv; i++) {
            free(q->keys[i]);
            free(q->values[i]);
        }
        free(q->keys);
        free(q->values);
    }
    free(p->docs);
    for (size_t i = 0; i < p->nsels; i++) free(p->sels[i].name);
    free(p->sels);
    if (p->have_ids) strmap_free(&p->ids);
    if (p->have_codes) refi_codes_free(&p->t);
    if (p->spool) fclose(p->spool);
    free(p->vars);
    free(p->var_guid);
    gbuf_free(&p->scratch);
    gbuf_free(&p->name_buf);
    free(p->name);
    free(p->when);
    free(p->user);
    free(p);
}

static char *copy_or_null(const char *s, int *bad) {
    if (!s) return NULL;
    char *c = grille_strdup(s);
    if (!c) *bad = 1;
    return c;
}

int grille_refi_options_check(const grille_refi_options *opts, grille_error *err) {
    grille_error_clear(err);
    grille_refi_options o;
    if (refi_options(&o, opts, err)) return GRILLE_EUSAGE;
    int date[6];
    if (o.creation_time && parse_datetime(o.creation_time, date))
        return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "'%s' is not a date and time like 2024-05-02T10:00:00Z",
                           o.creation_time);
    return GRILLE_OK;
}

grille_refi_project *grille_refi_project_new(FILE *out, const grille_codebook *cb, const grille_refi_options *opts,
                                             grille_error *err) {
    const char *what = qdpx_what;
    grille_error_clear(err);
    if (!out) {
        grille_write_fail(err, GRILLE_EUSAGE, what, N_("no output stream"));
        return NULL;
    }
    if (!cb) {
        grille_write_fail(err, GRILLE_EUSAGE, what, N_("no codebook"));
        return NULL;
    }
    grille_refi_options o;
    if (refi_options(&o, opts, err) || grille_refi_options_check(&o, err)) return NULL;
    int date[6] = {0};
    if (o.creation_time) parse_datetime(o.creation_time, date); /* checked above */
    project *p = calloc(1, sizeof *p);
    if (!p) {
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    int bad = 0;
    p->out = out;
    p->cb = cb;
    p->name = copy_or_null(o.project_name && o.project_name[0] ? o.project_name : grille_codebook_title(cb), &bad);
    p->user = copy_or_null(o.user_name && o.user_name[0] ? o.user_name : "grille", &bad);
    p->when = copy_or_null(o.creation_time, &bad);
    memcpy(p->date, date, sizeof date);
    p->warn = o.warn;
    p->warn_ctx = o.warn_ctx;
    int rc = bad ? GRILLE_ENOMEM : GRILLE_OK;
    if (rc == GRILLE_OK && (rc = strmap_init(&p->ids)) == GRILLE_OK) p->have_ids = 1;
    if (rc == GRILLE_OK && (rc = refi_codes_build(&p->t, cb, o.warn, o.warn_ctx)) == GRILLE_OK) p->have_codes = 1;
    if (rc == GRILLE_OK) {
        refi_guidf(p->user_guid, &p->scratch, "grille:user:%s", p->user);
        if (p->scratch.failed) rc = GRILLE_ENOMEM;
    }
    if (rc) {
        grille_refi_project_free(p);
        grille_fail(err, rc, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    return p;
}

/* Keeps what the project says of coding c's document; its text goes to
 * the spool. */
static int keep_document(project *p, const grille_coding *c, grille_error *err) {
    const grille_document *doc = grille_coding_document(c);
    const char *id = grille_document_id(doc), *text = grille_document_text(doc);
    int created;
    int *slot = strmap_put(&p->ids, id, strlen(id), &created);
    if (!slot) return GRILLE_ENOMEM;
    /* their GUIDs, cases and sources would be the same */
    if (!created)
        return grille_fail(err, GRILLE_EUSAGE, grille_document_name(doc), 0, 0, 0, "two documents have the id '%s'",
                           id);
    *slot = (int)p->n;
    if (GROW(p->docs, p->n, p->capdocs)) return GRILLE_ENOMEM;
    qdoc *q = &p->docs[p->n++];
    memset(q, 0, sizeof *q);
    if (!(q->id = grille_strdup(id))) return GRILLE_ENOMEM;
    refi_guidf(q->guid, &p->scratch, "grille:source:%s", id);
    size_t nv = grille_document_variable_count(doc);
    q->keys = calloc(nv ? nv : 1, sizeof *q->keys);
    q->values = calloc(nv ? nv : 1, sizeof *q->values);
    if (!q->keys || !q->values) return GRILLE_ENOMEM;
    for (size_t i = 0; i < nv; i++) {
        const char *k, *v;
        if (grille_document_variable_get(doc, i, &k, &v) != GRILLE_OK) continue;
        q->keys[q->nv] = grille_strdup(k);
        q->values[q->nv] = grille_strdup(v);
        if (!q->keys[q->nv] || !q->values[q->nv]) {
            q->nv++; /* freed with the others */
            return GRILLE_ENOMEM;
        }
        q->nv++;
    }
    /* A leading byte order mark is no character of the text: the source
     * is written without it, and positions do not count it. */
    size_t bom = bom_of(doc), cbom = bom ? 1 : 0;
    q->first = p->nsels;
    size_t ns = grille_coding_segment_count(c);
    for (size_t i = 0; i < ns; i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        const char *kind = grille_unit_kind_name(s->unit_kind);
        if (GROW(p->sels, p->nsels, p->capsels)) return GRILLE_ENOMEM;
        qsel *k = &p->sels[p->nsels];
        memset(k, 0, sizeof *k);
        refi_guidf(k->sel, &p->scratch, "grille:selection:%s:%s:%zu:%s", id, kind, s->unit_index, s->theme_id);
        refi_guidf(k->coding, &p->scratch, "grille:coding:%s:%s:%zu:%s", id, kind, s->unit_index, s->theme_id);
        if (selection_name(&p->name_buf, text + s->span.byte_start, s->span.byte_end - s->span.byte_start))
            return GRILLE_ENOMEM;
        if (!(k->name = grille_strndup(p->name_buf.data ? p->name_buf.data : "", p->name_buf.len)))
            return GRILLE_ENOMEM;
        k->theme = s->theme;
        k->start = s->span.cp_start - (s->span.cp_start >= cbom ? cbom : 0);
        k->end = s->span.cp_end - (s->span.cp_end >= cbom ? cbom : 0);
        p->nsels++;
        q->nsel++;
    }
    if (p->scratch.failed) return GRILLE_ENOMEM;
    const char *dir;
    int oom;
    if (!p->spool && !(p->spool = spool_open(&dir, &oom)))
        return oom ? GRILLE_ENOMEM
                   : grille_fail(err, GRILLE_EIO, "", 0, 0, 0,
                                 grille_msg(N_("cannot keep the texts aside in %s (TMPDIR): %s")), dir,
                                 strerror(errno));
    q->at = p->spooled;
    q->len = grille_document_size(doc) - bom;
    if (q->len && fwrite(text + bom, 1, q->len, p->spool) != q->len)
        return grille_fail(err, GRILLE_EIO, "", 0, 0, 0, "%s: %s", grille_msg(N_("cannot keep the texts aside")),
                           strerror(errno));
    p->spooled += (long long)q->len;
    return GRILLE_OK;
}

int grille_refi_project_add(grille_refi_project *p, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!p || !c) return grille_write_fail(err, GRILLE_EUSAGE, qdpx_what, !p ? N_("no project") : N_("no coding"));
    if (p->failed)
        return grille_write_fail(err, GRILLE_EUSAGE, qdpx_what,
                                 N_("the project is incomplete: adding a document failed"));
    int rc = keep_document(p, c, err);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, "", 0, 0, 0, "out of memory");
    if (rc) p->failed = 1;
    return rc;
}

int grille_refi_project_close(grille_refi_project *p, grille_error *err) {
    grille_error_clear(err);
    if (!p) return GRILLE_OK;
    int rc = GRILLE_OK;
    if (p->failed)
        rc =
            grille_write_fail(err, GRILLE_EUSAGE, qdpx_what, N_("the project is incomplete: adding a document failed"));
    refi_xw x;
    memset(&x, 0, sizeof x);
    if (rc == GRILLE_OK) rc = name_sources(p);
    if (rc == GRILLE_OK) rc = collect_variables(p);
    if (rc == GRILLE_OK) rc = refi_xw_open(&x);
    if (rc == GRILLE_OK) {
        write_project_xml(&x, p);
        rc = refi_xw_finish(&x);
    }
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, "", 0, 0, 0, "out of memory");
    if (rc == GRILLE_OK) rc = write_zip(p, &x, err);
    refi_xw_free(&x);
    grille_refi_project_free(p);
    return rc;
}

int grille_refi_write_qdpx(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                           const grille_refi_options *opts, grille_error *err) {
    const char *what = qdpx_what;
    grille_error_clear(err);
    if (n && !codings) return grille_write_fail(err, GRILLE_EUSAGE, what, N_("no coding"));
    grille_error e;
    grille_refi_project *p = grille_refi_project_new(out, cb, opts, &e);
    int rc = p ? GRILLE_OK : e.code;
    for (size_t d = 0; d < n && rc == GRILLE_OK; d++) {
        if (!codings[d]) rc = grille_fail(&e, GRILLE_EUSAGE, "", 0, 0, 0, "coding %zu is missing", d);
        else rc = grille_refi_project_add(p, codings[d], &e);
    }
    if (p) {
        if (rc == GRILLE_OK) rc = grille_refi_project_close(p, &e);
        else grille_refi_project_free(p);
    }
    if (err) {
        if (rc) *err = e;
        else grille_error_clear(err);
    }
    return rc;
}

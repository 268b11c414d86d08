/* refi_import.c - REFI-QDA in: a codebook (.qdc, or a project's) as a
 * grille codebook skeleton, and a project's codings (.qdpx) as a gold
 * file for grille eval.  libxml2 reads the XML, libzip the archive.
 *
 * Positions are code points of the plain-text source from 0, the end
 * exclusive, as refi_export.c writes them. */
#include "refi_internal.h"
#include "xmlsafe.h"
#include "strmap.h"
#include "utf8.h"
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <utf8proc.h>
#include <zip.h>

/* A project.qde or a source larger than this is refused rather than read
 * into memory (a ZIP can announce sizes it does not hold). */
#define MAX_ENTRY ((zip_uint64_t)1 << 30)

/* ------------------------------------------------------------------ */
/* Import: reading                                                     */

typedef struct rcode {
    char guid[37];
    const char *name, *color; /* in the parsed document */
    char *description;        /* xmlFree */
    char *id;                 /* the grille theme id it gets */
    int parent, first, next, last;
    unsigned line;
} rcode;

typedef struct importer {
    const char *path;
    char file[600]; /* for messages: path, or path:project.qde */
    grille_error *err;
    int rc; /* the first error */
    zip_t *za;
    xmlDocPtr doc;
    xmlNodePtr root;
    int is_project;
    rcode *codes;
    size_t ncodes, capcodes;
    strmap guids; /* normalised code GUID -> code */
    strmap lower; /* entry name in ASCII lower case -> index */
    int have_lower;
    char stray[200]; /* libxml2's first error outside the parser */
} importer;

static int im_vfail(importer *im, int code, unsigned line, unsigned col, size_t byte, const char *fmt, va_list ap)
    GRILLE_PRINTF(6, 0);
static int im_vfail(importer *im, int code, unsigned line, unsigned col, size_t byte, const char *fmt, va_list ap) {
    if (im->rc) return im->rc;
    char msg[512];
    vsnprintf(msg, sizeof msg, grille_msg(fmt), ap);
    im->rc = grille_fail(im->err, code, im->file, line, col, byte, "%s", msg);
    return im->rc;
}

static int im_fail(importer *im, int code, unsigned line, const char *fmt, ...) GRILLE_PRINTF(4, 5);
static int im_fail(importer *im, int code, unsigned line, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    int rc = im_vfail(im, code, line, 0, 0, fmt, ap);
    va_end(ap);
    return rc;
}

/* An error at a place in another file than im->file (a source's text). */
static int im_fail_in(importer *im, const char *file, unsigned line, unsigned col, size_t byte, const char *fmt, ...)
    GRILLE_PRINTF(6, 7);
static int im_fail_in(importer *im, const char *file, unsigned line, unsigned col, size_t byte, const char *fmt, ...) {
    char saved[sizeof im->file];
    memcpy(saved, im->file, sizeof saved);
    snprintf(im->file, sizeof im->file, "%s", file);
    va_list ap;
    va_start(ap, fmt);
    int rc = im_vfail(im, GRILLE_ESCHEMA, line, col, byte, fmt, ap);
    va_end(ap);
    memcpy(im->file, saved, sizeof saved);
    return rc;
}

static unsigned line_of(xmlNodePtr n) {
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned)l : 0;
}

static int is_el(xmlNodePtr n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && strcmp((const char *)n->name, name) == 0;
}

static xmlNodePtr child(xmlNodePtr n, const char *name) {
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (is_el(c, name)) return c;
    return NULL;
}

/* An attribute's value without copying it.  Entity declarations are
 * refused, so a value is one text node (or none when empty). */
static const char *attr(xmlNodePtr n, const char *name) {
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, name) != 0) continue;
        if (!a->children) return "";
        if (a->children->type == XML_TEXT_NODE && !a->children->next) return (const char *)a->children->content;
        return NULL;
    }
    return NULL;
}

/* libxml2 reports through the parser context: no global handler. */
static void on_parse_error(void *data, xmlErrorPtr e) {
    xmlParserCtxtPtr ctxt = data;
    importer *im = ctxt->_private;
    if (e->level == XML_ERR_WARNING || im->rc) return;
    char msg[400];
    snprintf(msg, sizeof msg, "%s", e->message ? e->message : grille_msg("malformed XML"));
    size_t n = strlen(msg);
    while (n && (msg[n - 1] == '\n' || msg[n - 1] == ' ')) msg[--n] = '\0';
    im->rc = grille_fail(im->err, GRILLE_EXML, im->file, e->line > 0 ? (unsigned)e->line : 0,
                         e->int2 > 0 ? (unsigned)e->int2 : 0, 0, "%s", msg);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId, const xmlChar *systemId,
                           xmlChar *content) {
    xmlParserCtxtPtr ctxt = ctx;
    importer *im = ctxt->_private;
    (void)type;
    (void)publicId;
    (void)systemId;
    (void)content;
    im_fail(im, GRILLE_EXML, ctxt->input ? (unsigned)ctxt->input->line : 0,
            "entity declarations are not allowed in a REFI-QDA file (entity '%s')", (const char *)name);
    /* nothing that follows can be trusted */
    xmlStopParser(ctxt);
}

/* Errors raised outside the parser (a failed conversion from the
 * encoding the file declares) go to libxml2's handlers of the thread,
 * which print to stderr: during a parse they come here instead, and the
 * first is kept in case the parser says nothing better. */
static void on_stray_error(void *data, xmlErrorPtr e) {
    importer *im = data;
    if (e->level == XML_ERR_WARNING || im->stray[0]) return;
    snprintf(im->stray, sizeof im->stray, "%s", e->message ? e->message : grille_msg("malformed XML"));
    size_t n = strlen(im->stray);
    while (n && (im->stray[n - 1] == '\n' || im->stray[n - 1] == ' ')) im->stray[--n] = '\0';
}

static int parse_xml(importer *im, const char *data, size_t len) {
    if (len > INT_MAX) return im_fail(im, GRILLE_ELIMIT, 0, "XML larger than 2 GiB");
    /* the one hardened setup (xmlsafe.h): no entities, no DTD, no network */
    xmlParserCtxtPtr ctxt = xmlsafe_new_parser(im, on_parse_error, on_entity_decl);
    if (!ctxt) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    xmlsafe_saved_errors saved;
    xmlsafe_divert_errors(&saved, im, on_stray_error);
    im->doc = xmlsafe_read(ctxt, data, len, im->file, 0);
    xmlsafe_restore_errors(&saved);
    int ok = im->doc && !im->rc && ctxt->wellFormed;
    xmlFreeParserCtxt(ctxt);
    if (!ok) {
        im_fail(im, GRILLE_EXML, 0, "%s", im->stray[0] ? im->stray : grille_msg("malformed XML"));
        return im->rc;
    }
    im->root = xmlDocGetRootElement(im->doc);
    return GRILLE_OK;
}

/* The namespaces REFI-QDA files are met with: the schemas' ("1.0"), the
 * one some tools write ("1:0"), and none. */
static int ns_ok(xmlNodePtr n, const char *kind) {
    if (!n->ns || !n->ns->href) return 1;
    /* any version: urn:QDA-XML:codebook:1.0, the 1:0 of NVivo for Mac,
     * the 0:4 of ATLAS.ti; QualCoder reads them all alike */
    char a[64];
    int k = snprintf(a, sizeof a, "urn:QDA-XML:%s:", kind);
    const char *h = (const char *)n->ns->href;
    if (strncmp(h, a, (size_t)k) != 0 || !h[k]) return 0;
    for (h += k; *h; h++)
        if (!((*h >= '0' && *h <= '9') || *h == '.' || *h == ':')) return 0;
    return 1;
}

static int zip_open_failed(importer *im, int code) {
    zip_error_t ze;
    zip_error_init_with_code(&ze, code);
    int rc = code == ZIP_ER_NOZIP || code == ZIP_ER_INCONS
                 ? im_fail(im, GRILLE_EIO, 0, "not a valid ZIP archive (.qdpx): %s", zip_error_strerror(&ze))
                 : im_fail(im, code == ZIP_ER_MEMORY ? GRILLE_ENOMEM : GRILLE_EIO, 0, "cannot open: %s",
                           zip_error_strerror(&ze));
    zip_error_fini(&ze);
    return rc;
}

/* name in ASCII lower case, as libzip compares names without case. */
static int lower_ascii(gbuf *b, const char *name) {
    b->len = 0;
    if (gbuf_append(b, name, strlen(name))) return GRILLE_ENOMEM;
    for (size_t i = 0; i < b->len; i++)
        if (b->data[i] >= 'A' && b->data[i] <= 'Z') b->data[i] += 32;
    return GRILLE_OK;
}

/* libzip finds a name without case by scanning every entry: once per
 * source, a project of many sources would go quadratic.  The map is
 * built once instead, and keeps the first entry of a name, as libzip. */
static int build_lower(importer *im) {
    if (strmap_init(&im->lower)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    im->have_lower = 1;
    zip_int64_t n = zip_get_num_entries(im->za, 0);
    gbuf low = {0};
    for (zip_int64_t i = 0; i < n && i < INT_MAX; i++) {
        const char *e = zip_get_name(im->za, (zip_uint64_t)i, 0);
        if (!e) continue;
        int created;
        int *slot = lower_ascii(&low, e) ? NULL : strmap_put(&im->lower, low.data, low.len, &created);
        if (!slot) {
            gbuf_free(&low);
            return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        }
        if (created) *slot = (int)i;
    }
    gbuf_free(&low);
    return GRILLE_OK;
}

/* The index of entry name, spelt as given or else in another case (tools
 * differ on the case of GUIDs).  -1 when there is none, -2 on error. */
static zip_int64_t locate_entry(importer *im, const char *name) {
    zip_int64_t idx = zip_name_locate(im->za, name, 0);
    if (idx >= 0) return idx;
    if (!im->have_lower && build_lower(im)) return -2;
    gbuf low = {0};
    if (lower_ascii(&low, name)) {
        im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        return -2;
    }
    int v = strmap_get(&im->lower, low.data, low.len);
    gbuf_free(&low);
    return v;
}

/* Reads ZIP entry idx (called name) into out, within MAX_ENTRY whatever
 * the archive announces. */
static int read_entry_at(importer *im, zip_int64_t idx, const char *name, gbuf *out) {
    char saved[sizeof im->file];
    memcpy(saved, im->file, sizeof saved);
    snprintf(im->file, sizeof im->file, "%s:%s", im->path, name);
    int rc = GRILLE_OK;
    zip_stat_t st;
    zip_file_t *zf = NULL;
    if (zip_stat_index(im->za, (zip_uint64_t)idx, 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) && st.size > MAX_ENTRY) {
        rc = im_fail(im, GRILLE_ELIMIT, 0, "larger than 1 GiB");
    } else if (!(zf = zip_fopen_index(im->za, (zip_uint64_t)idx, 0))) {
        rc = im_fail(im, GRILLE_EIO, 0, "cannot read: %s", zip_strerror(im->za));
    } else {
        char chunk[65536];
        zip_int64_t got;
        out->len = 0;
        while ((got = zip_fread(zf, chunk, sizeof chunk)) > 0) {
            if (out->len + (size_t)got > MAX_ENTRY) {
                rc = im_fail(im, GRILLE_ELIMIT, 0, "larger than 1 GiB");
                break;
            }
            if (gbuf_append(out, chunk, (size_t)got)) {
                rc = im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
                break;
            }
        }
        if (got < 0 && !rc) rc = im_fail(im, GRILLE_EIO, 0, "damaged archive: %s", zip_file_strerror(zf));
        zip_fclose(zf);
    }
    if (rc == GRILLE_OK) memcpy(im->file, saved, sizeof saved);
    return rc;
}

/* Reads ZIP entry name into out.  Returns GRILLE_OK, 1 when the archive
 * has no such entry, or an error. */
static int read_entry(importer *im, const char *name, gbuf *out) {
    zip_int64_t idx = locate_entry(im, name);
    if (idx == -2) return im->rc;
    return idx < 0 ? 1 : read_entry_at(im, idx, name, out);
}

static int has_suffix(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && grille_ascii_ieq(s + n - k, suffix);
}

/* The project of an archive: project.qde, else the one .qde there is (a
 * tool may name it otherwise). */
static int read_project(importer *im, gbuf *xml) {
    int rc = read_entry(im, "project.qde", xml);
    const char *found = "project.qde";
    if (rc == 1) {
        zip_int64_t n = zip_get_num_entries(im->za, 0);
        found = NULL;
        for (zip_int64_t i = 0; i < n && !found; i++) {
            const char *e = zip_get_name(im->za, (zip_uint64_t)i, 0);
            if (e && has_suffix(e, ".qde")) found = e;
        }
        rc = found ? read_entry(im, found, xml) : 1;
        if (rc == 1) return im_fail(im, GRILLE_ESCHEMA, 0, "no project.qde in the archive: not a REFI-QDA project");
    }
    if (rc == GRILLE_OK) snprintf(im->file, sizeof im->file, "%s:%s", im->path, found);
    return rc;
}

static int im_start(importer *im, const char *path) {
    im->path = path;
    snprintf(im->file, sizeof im->file, "%s", path);
    if (strmap_init(&im->guids)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    return GRILLE_OK;
}

/* Parses the XML and checks its root: a codebook or a project. */
static int im_parse(importer *im, const char *xml, size_t len) {
    if (parse_xml(im, xml ? xml : "", len)) return im->rc;
    if (is_el(im->root, "Project") && ns_ok(im->root, "project")) im->is_project = 1;
    else if (!(is_el(im->root, "CodeBook") && ns_ok(im->root, "codebook")))
        return im_fail(im, GRILLE_ESCHEMA, line_of(im->root),
                       "the root element is <%s> (%s): a REFI-QDA file has <CodeBook> (%s) or <Project> (%s)",
                       (const char *)im->root->name,
                       im->root->ns && im->root->ns->href ? (const char *)im->root->ns->href : "no namespace",
                       REFI_NS_CODEBOOK, REFI_NS_PROJECT);
    return GRILLE_OK;
}

static int im_parse_project(importer *im) {
    gbuf xml = {0};
    int rc = read_project(im, &xml);
    if (rc == GRILLE_OK) rc = im_parse(im, xml.data, xml.len);
    gbuf_free(&xml);
    return rc;
}

/* Opens path: a ZIP (by its first bytes, or a .qdpx name) gives its
 * project.qde; anything else is read as XML (.qdc, or a bare .qde). */
static int im_open(importer *im, const char *path) {
    if (im_start(im, path)) return im->rc;
    FILE *f = fopen(path, "rb");
    if (!f) return im_fail(im, GRILLE_EIO, 0, "cannot open: %s", strerror(errno));
    unsigned char magic[4] = {0};
    size_t got = fread(magic, 1, 4, f);
    if ((got == 4 && memcmp(magic, "PK\3\4", 4) == 0) || has_suffix(path, ".qdpx")) {
        fclose(f);
        int code = 0;
        im->za = zip_open(path, ZIP_RDONLY | ZIP_CHECKCONS, &code);
        if (!im->za) return zip_open_failed(im, code);
        return im_parse_project(im);
    }
    gbuf xml = {0};
    int rc = GRILLE_OK;
    if (gbuf_append(&xml, magic, got)) rc = im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    char chunk[65536];
    size_t k;
    while (rc == GRILLE_OK && (k = fread(chunk, 1, sizeof chunk, f)) > 0)
        if (gbuf_append(&xml, chunk, k)) rc = im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    if (rc == GRILLE_OK && ferror(f)) rc = im_fail(im, GRILLE_EIO, 0, "cannot read: %s", strerror(errno));
    fclose(f);
    if (rc == GRILLE_OK) rc = im_parse(im, xml.data, xml.len);
    gbuf_free(&xml);
    return rc;
}

/* As im_open, from data[0..len) called name; data must outlive im. */
static int im_open_buffer(importer *im, const char *name, const char *data, size_t len) {
    if (im_start(im, name)) return im->rc;
    if (!(len >= 4 && memcmp(data, "PK\3\4", 4) == 0)) return im_parse(im, data, len);
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    if (src && !(im->za = zip_open_from_source(src, ZIP_RDONLY | ZIP_CHECKCONS, &ze))) zip_source_free(src);
    int code = zip_error_code_zip(&ze);
    zip_error_fini(&ze);
    if (!im->za) return zip_open_failed(im, code ? code : ZIP_ER_MEMORY);
    return im_parse_project(im);
}

static void im_close(importer *im) {
    for (size_t i = 0; i < im->ncodes; i++) {
        xmlFree(im->codes[i].description);
        free(im->codes[i].id);
    }
    free(im->codes);
    strmap_free(&im->guids);
    if (im->have_lower) strmap_free(&im->lower);
    if (im->doc) xmlFreeDoc(im->doc);
    if (im->za) zip_discard(im->za);
}

static int read_codes(importer *im, xmlNodePtr parent_el, int parent) {
    for (xmlNodePtr n = parent_el->children; n && !im->rc; n = n->next) {
        if (!is_el(n, "Code")) continue;
        const char *g = attr(n, "guid");
        char guid[37];
        if (!g) return im_fail(im, GRILLE_ESCHEMA, line_of(n), "<Code> has no guid");
        if (refi_guid_normalize(g, guid))
            return im_fail(im, GRILLE_ESCHEMA, line_of(n), "<Code> guid '%s' is not a GUID", g);
        int created;
        int *slot = strmap_put(&im->guids, guid, 36, &created);
        if (!slot) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        if (!created) return im_fail(im, GRILLE_ESCHEMA, line_of(n), "two codes have the GUID %s", guid);
        if (GROW(im->codes, im->ncodes, im->capcodes)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        int i = (int)im->ncodes++;
        *slot = i;
        rcode *c = &im->codes[i];
        memset(c, 0, sizeof *c);
        memcpy(c->guid, guid, sizeof guid);
        const char *name = attr(n, "name");
        c->name = name ? name : "";
        c->color = attr(n, "color");
        c->parent = parent;
        c->first = c->next = c->last = -1;
        c->line = line_of(n);
        xmlNodePtr d = child(n, "Description");
        if (d && !(c->description = (char *)xmlNodeGetContent(d)))
            return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        if (parent >= 0) {
            rcode *p = &im->codes[parent];
            if (p->first < 0) p->first = i;
            else im->codes[p->last].next = i;
            p->last = i;
        }
        read_codes(im, n, i);
    }
    return im->rc;
}

/* Ids from names: a sub-theme's id extends its parent's
 * ("missions.reseau", as in dts-fr.xml); "-2", "-3"... keep them unique.
 * Codes come parent first, so a parent's id is there for its children.
 * Each slug remembers the suffix to try next: probing from "-2" every
 * time went quadratic on many codes of one name. */
static int unique_id(strmap *used, strmap *next, gbuf *b, int i) {
    size_t base = b->len;
    int created;
    int *k = strmap_put(next, b->data, base, &created);
    if (!k) return GRILLE_ENOMEM;
    if (created) *k = 2;
    for (;;) {
        int *slot = strmap_put(used, b->data, b->len, &created);
        if (!slot) return GRILLE_ENOMEM;
        if (created) {
            *slot = i;
            return GRILLE_OK;
        }
        b->len = base;
        if (*k == INT_MAX || gbuf_printf(b, "-%d", (*k)++)) return GRILLE_ENOMEM;
    }
}

static int assign_ids(importer *im) {
    strmap used, next;
    int rc = strmap_init(&used);
    if (rc == GRILLE_OK && (rc = strmap_init(&next)) != GRILLE_OK) strmap_free(&used);
    if (rc) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    gbuf b = {0};
    for (size_t i = 0; i < im->ncodes && rc == GRILLE_OK; i++) {
        rcode *c = &im->codes[i];
        b.len = 0;
        if (c->parent >= 0) {
            const char *pid = im->codes[c->parent].id;
            if (gbuf_append(&b, pid, strlen(pid)) || gbuf_putc(&b, '.')) rc = GRILLE_ENOMEM;
        }
        if (rc == GRILLE_OK) rc = refi_slug(c->name, &b);
        if (rc == GRILLE_OK) rc = unique_id(&used, &next, &b, (int)i);
        if (rc == GRILLE_OK && !(c->id = grille_strndup(b.data, b.len))) rc = GRILLE_ENOMEM;
    }
    gbuf_free(&b);
    strmap_free(&used);
    strmap_free(&next);
    return rc ? im_fail(im, GRILLE_ENOMEM, 0, "out of memory") : GRILLE_OK;
}

/* The codes of a codebook file, or of a project's CodeBook.  A project
 * may have none (ATLAS.ti writes one without): its documents still come
 * in when codes are optional. */
static int read_codebook(importer *im, int optional) {
    xmlNodePtr cbk = im->is_project ? child(im->root, "CodeBook") : im->root;
    xmlNodePtr codes = child(cbk, "Codes");
    if (optional && (!codes || !child(codes, "Code"))) return GRILLE_OK;
    if (!codes) {
        if (im->is_project)
            return im_fail(im, GRILLE_ESCHEMA, line_of(im->root), "the project has no codebook (<CodeBook><Codes>)");
        return im_fail(im, GRILLE_ESCHEMA, line_of(im->root), "<CodeBook> has no <Codes>");
    }
    if (read_codes(im, codes, -1)) return im->rc;
    if (im->ncodes == 0) return im_fail(im, GRILLE_ESCHEMA, line_of(codes), "<Codes> holds no <Code>");
    return assign_ids(im);
}

/* ------------------------------------------------------------------ */
/* Import: the codebook skeleton                                       */

static void write_theme(refi_xw *x, importer *im, int i) {
    rcode *c = &im->codes[i];
    int blank = 1;
    for (const char *s = c->name; *s && blank; s++) blank = refi_is_space((unsigned char)*s);
    refi_xw_start(x, "theme");
    refi_xw_attr(x, "id", c->id);
    refi_xw_attr(x, "label", blank ? c->id : c->name);
    /* grille wants #RRGGBB; REFI-QDA also allows #RGB */
    if (refi_is_rgb(c->color)) {
        char rgb[8];
        if (strlen(c->color) == 4)
            snprintf(rgb, sizeof rgb, "#%c%c%c%c%c%c", c->color[1], c->color[1], c->color[2], c->color[2], c->color[3],
                     c->color[3]);
        else snprintf(rgb, sizeof rgb, "%s", c->color);
        refi_xw_attr(x, "color", rgb);
    }
    if (c->description && c->description[0]) refi_xw_text_element(x, "description", c->description);
    for (int k = c->first; k >= 0; k = im->codes[k].next) write_theme(x, im, k);
    refi_xw_end(x);
}

/* The skeleton of the codebook im holds, to out. */
static int import_codebook(importer *im, FILE *out) {
    refi_xw x;
    memset(&x, 0, sizeof x);
    gbuf title = {0}, id = {0}, note = {0};
    if (read_codebook(im, 0)) return im->rc;

    /* id and title from the file's name (a project's from its name) */
    const char *base = strrchr(im->path, '/');
    base = base ? base + 1 : im->path;
    const char *dot = strrchr(base, '.');
    const char *pname = im->is_project ? attr(im->root, "name") : NULL;
    const char *origin = attr(im->root, "origin");
    int bad = pname && pname[0] ? gbuf_append(&title, pname, strlen(pname))
                                : gbuf_append(&title, base, dot && dot != base ? (size_t)(dot - base) : strlen(base));
    int blank = 1;
    for (size_t i = 0; !bad && i < title.len && blank; i++) blank = refi_is_space((unsigned char)title.data[i]);
    if (!bad && blank) {
        title.len = 0;
        bad = gbuf_append(&title, "Codebook", 8);
    }
    if (!bad) bad = refi_slug(title.data, &id);
    if (!bad)
        bad = gbuf_printf(&note,
                          " Skeleton of a grille codebook, imported by grille %s from %s%s%s%s.\n"
                          "     Its themes have no rules yet, and grille refuses a theme with neither\n"
                          "     rules nor sub-themes: add rules (word, phrase, lemma, regex, near, all,\n"
                          "     any) to the themes before coding with it, and check it with\n"
                          "     'grille check'.  Theme ids were made from the codes' names. ",
                          GRILLE_VERSION_STRING, base, origin && origin[0] ? " (written by " : "",
                          origin && origin[0] ? origin : "", origin && origin[0] ? ")" : "");
    if (!bad) bad = refi_xw_open(&x);
    if (!bad) {
        refi_xw_comment(&x, note.data);
        refi_xw_start(&x, "codebook");
        refi_xw_attr(&x, "xmlns", REFI_NS_GRILLE);
        refi_xw_attr(&x, "id", id.data);
        refi_xw_text_element(&x, "title", title.data);
        for (size_t i = 0; i < im->ncodes; i++)
            if (im->codes[i].parent < 0) write_theme(&x, im, (int)i);
        refi_xw_end(&x);
        bad = refi_xw_finish(&x);
    }
    if (bad) im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    else im->rc = refi_xw_write(out, &x, N_("cannot write the codebook"), im->err);
    gbuf_free(&title);
    gbuf_free(&id);
    gbuf_free(&note);
    refi_xw_free(&x);
    return im->rc;
}

int grille_refi_import_codebook(const char *path, FILE *out, grille_error *err) {
    grille_error_clear(err);
    if (!path || !out) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no file or no output");
    importer im;
    memset(&im, 0, sizeof im);
    im.err = err;
    if (im_open(&im, path) == GRILLE_OK) import_codebook(&im, out);
    im_close(&im);
    return im.rc;
}

int refi_import_codebook_buffer(const char *name, const void *data, size_t len, FILE *out, grille_error *err) {
    grille_error_clear(err);
    if (!name || (!data && len) || !out) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no data or no output");
    importer im;
    memset(&im, 0, sizeof im);
    im.err = err;
    if (im_open_buffer(&im, name, data ? data : "", len) == GRILLE_OK) import_codebook(&im, out);
    im_close(&im);
    return im.rc;
}

/* ------------------------------------------------------------------ */
/* Import: gold codings                                                */

/* A whole number as xsd:integer writes it (surrounding space, a '+'). */
static int parse_position(const char *s, size_t *out) {
    if (!s) return -1;
    while (refi_is_space((unsigned char)*s)) s++;
    if (*s == '+') s++;
    if (!(*s >= '0' && *s <= '9')) return -1;
    size_t v = 0;
    for (; *s >= '0' && *s <= '9'; s++) {
        if (v > (SIZE_MAX - 9) / 10) return -1;
        v = v * 10 + (size_t)(*s - '0');
    }
    while (refi_is_space((unsigned char)*s)) s++;
    if (*s) return -1;
    *out = v;
    return 0;
}

/* A document's name without the extension of a document file: tools
 * name sources "entretien 1.docx" or "ei-01.txt", grille by its id. */
static size_t doc_name_len(const char *name) {
    static const char *const ext[] = {".txt", ".text", ".docx", ".doc", ".odt", ".rtf",
                                      ".pdf", ".htm",  ".html", ".md",  NULL};
    size_t n = strlen(name);
    for (size_t i = 0; ext[i]; i++)
        if (has_suffix(name, ext[i]) && n > strlen(ext[i])) return n - strlen(ext[i]);
    return n;
}

/* A TSV field: tabs and line breaks would split it. */
static int put_field(gbuf *b, const char *s, size_t n) {
    if (gbuf_reserve(b, n)) return GRILLE_ENOMEM;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        b->data[b->len++] = c == '\t' || c == '\n' || c == '\r' ? ' ' : c;
    }
    b->data[b->len] = '\0';
    return GRILLE_OK;
}

/* A mark every MARK_STEP code points makes finding the byte of a
 * position O(1) in whatever order the selections come: a walk on from
 * the last position restarted from 0 for each selection listed backwards
 * (4,000 of them over 10 MB took a minute). */
#define MARK_STEP 256

/* What a tool's positions count.  REFI-QDA says code points; NVivo
 * counts UTF-16 code units (a character outside the BMP, an emoji, is
 * two), and ATLAS.ti counts a CRLF line end as one (QualCoder's import
 * says so and corrects it). */
typedef enum units { UNITS_CODE_POINTS, UNITS_UTF16, UNITS_CRLF_AS_ONE } units;

static const char *const units_name[] = {"code points", "UTF-16 code units", "code points, a CRLF counted as one"};

/* The plain text of a source and where its code points are. */
typedef struct stext {
    gbuf buf;
    int have;          /* 0: no text to be had (outside the archive, or none) */
    int bom;           /* a leading byte order mark was taken off */
    zip_int64_t entry; /* the entry buf holds, -1: none */
    size_t ncp;
    size_t *marks; /* byte offset of code point k * MARK_STEP */
    /* positions in other units than code points: the characters that are
     * not one unit, where they start in units, and (code points - units)
     * after each; a position is converted by a binary search */
    units units;
    size_t nunits;
    size_t *odd_at;
    long *odd_shift;
    size_t nodd, capodd;
} stext;

/* The width in t->units of the code point c at s[b]. */
static int unit_width(const stext *t, int32_t c, const unsigned char *s, size_t b) {
    if (t->units == UNITS_UTF16) return c > 0xFFFF ? 2 : 1;
    if (t->units == UNITS_CRLF_AS_ONE) return c == '\r' && b + 1 < t->buf.len && s[b + 1] == '\n' ? 0 : 1;
    return 1;
}

/* One pass over the (valid UTF-8) text. */
static int stext_index(stext *t) {
    free(t->marks);
    t->marks = malloc((t->buf.len / MARK_STEP + 1) * sizeof *t->marks);
    if (!t->marks) return GRILLE_ENOMEM;
    const unsigned char *s = (const unsigned char *)t->buf.data;
    size_t cp = 0, u = 0;
    long shift = 0;
    t->nodd = 0;
    for (size_t b = 0; b < t->buf.len; b++) {
        if ((s[b] & 0xC0) == 0x80) continue;
        if (cp % MARK_STEP == 0) t->marks[cp / MARK_STEP] = b;
        cp++;
        if (t->units != UNITS_CODE_POINTS) {
            int32_t c = s[b];
            if (c >= 0x80) utf8_decode(s + b, &c);
            int w = unit_width(t, c, s, b);
            if (w != 1) {
                shift += 1 - w;
                size_t cap = t->capodd;
                if (GROW(t->odd_at, t->nodd, t->capodd)) return GRILLE_ENOMEM;
                if (cap != t->capodd || !t->odd_shift) {
                    long *ns = realloc(t->odd_shift, t->capodd * sizeof *ns);
                    if (!ns) return GRILLE_ENOMEM;
                    t->odd_shift = ns;
                }
                t->odd_at[t->nodd] = u;
                t->odd_shift[t->nodd++] = shift;
            }
            u += (size_t)w;
        }
    }
    if (cp % MARK_STEP == 0) t->marks[cp / MARK_STEP] = t->buf.len;
    t->ncp = cp;
    t->nunits = t->units == UNITS_CODE_POINTS ? cp : u;
    return GRILLE_OK;
}

/* The code point at position u in t->units, which is at most t->nunits;
 * a position inside a character (between the halves of a surrogate
 * pair) is that character's. */
static size_t stext_cp(const stext *t, size_t u) {
    if (t->units == UNITS_CODE_POINTS || t->nodd == 0 || t->odd_at[0] >= u) return u;
    size_t lo = 0, hi = t->nodd;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (t->odd_at[mid] < u) lo = mid;
        else hi = mid;
    }
    long cp = (long)u + t->odd_shift[lo];
    return cp < 0 ? 0 : (size_t)cp > t->ncp ? t->ncp : (size_t)cp;
}

/* The byte offset of code point cp, which is at most t->ncp. */
static size_t stext_byte(const stext *t, size_t cp) {
    const unsigned char *s = (const unsigned char *)t->buf.data;
    size_t b = t->marks[cp / MARK_STEP];
    for (size_t k = cp % MARK_STEP; k; k--) do
            b++;
        while (b < t->buf.len && (s[b] & 0xC0) == 0x80);
    return b;
}

/* A TextSource as the first pass finds it. */
typedef struct rsource {
    xmlNodePtr node;
    const char *name;    /* its name, else its GUID */
    size_t name_len;     /* of the gold's document: the name without extension */
    char *document;      /* the grille:document variable (xmlFree), which names it then */
    size_t nsel, nbound; /* selections, and those on word boundaries */
    int bom;             /* its text began with a byte order mark */
    zip_int64_t entry;   /* its internal:// text, -1: none (inline or elsewhere) */
    size_t first;        /* the first source on its entry (itself when none) */
    size_t row0, row1;   /* its rows in the gold's buffer */
} rsource;

enum { BY_GUID, BY_PATH, BY_LABEL, BY_NAME, NMAPS };
static const char *const map_how[NMAPS] = {"by GUID", "by label path", "by label", "new: an id from its name"};

typedef struct gimport {
    importer *im;
    const grille_refi_import_options *opts;
    const char **theme_of; /* per code: the gold's theme id */
    unsigned char *how;    /* per code: BY_* */
    size_t nhow[NMAPS];
    units units;
    const char *units_why;
    char docvar[37]; /* the GUID of the variable grille:document, "" */
    strmap users;    /* user GUID -> user_names */
    const char **user_names;
    size_t nusers, capusers;
    const char *project_user;
    rsource *src;
    size_t nsrc, capsrc;
    strmap src_guids, src_names; /* -> src, to find a source given twice */
    stext text;
    gbuf rows;
} gimport;

/* Whether the origin names the tool (ASCII case ignored). */
static int origin_is(const char *origin, const char *tool) {
    size_t k = strlen(tool);
    for (const char *p = origin; p && *p; p++)
        if (grille_ascii_ieq_n(p, tool, k) && strlen(p) >= k) return 1;
    return 0;
}

/* The units of the project's positions: as asked, else from the tool
 * that wrote it (Project origin, or the creator some tools write). */
static void choose_units(gimport *g) {
    importer *im = g->im;
    grille_refi_positions asked = g->opts ? g->opts->positions : GRILLE_REFI_POSITIONS_AUTO;
    const char *origin = attr(im->root, "origin");
    if (!origin) origin = attr(im->root, "creator");
    g->units = UNITS_CODE_POINTS;
    g->units_why = "as REFI-QDA says";
    if (asked == GRILLE_REFI_POSITIONS_CODE_POINTS) {
        g->units_why = "as asked";
    } else if (asked == GRILLE_REFI_POSITIONS_UTF16) {
        g->units = UNITS_UTF16;
        g->units_why = "as asked";
    } else if (origin_is(origin, "nvivo")) {
        g->units = UNITS_UTF16;
        g->units_why = "NVivo counts UTF-16 code units";
    } else if (origin_is(origin, "atlas.ti")) {
        g->units = UNITS_CRLF_AS_ONE;
        g->units_why = "ATLAS.ti counts a CRLF line end as one";
    }
    g->text.units = g->units;
}

/* The GUID of the variable that holds a grille document's id. */
static void find_docvar(gimport *g) {
    xmlNodePtr vs = child(g->im->root, "Variables");
    for (xmlNodePtr v = vs ? vs->children : NULL; v; v = v->next) {
        const char *n = attr(v, "name");
        if (is_el(v, "Variable") && n && strcmp(n, REFI_DOCUMENT_VARIABLE) == 0 &&
            refi_guid_normalize(attr(v, "guid"), g->docvar) == 0)
            return;
    }
    g->docvar[0] = '\0';
}

static int gimport_init(gimport *g, importer *im, const grille_refi_import_options *opts) {
    memset(g, 0, sizeof *g);
    g->im = im;
    g->opts = opts;
    g->text.entry = -1;
    choose_units(g);
    find_docvar(g);
    g->project_user = attr(im->root, "creatingUserGUID");
    if (strmap_init(&g->users) || strmap_init(&g->src_guids) || strmap_init(&g->src_names))
        return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    return GRILLE_OK;
}

static void gimport_free(gimport *g) {
    free(g->theme_of);
    free(g->how);
    for (size_t i = 0; i < g->nsrc; i++) xmlFree(g->src[i].document);
    strmap_free(&g->users);
    free(g->user_names);
    free(g->src);
    strmap_free(&g->src_guids);
    strmap_free(&g->src_names);
    gbuf_free(&g->text.buf);
    free(g->text.marks);
    free(g->text.odd_at);
    free(g->text.odd_shift);
    gbuf_free(&g->rows);
}

/* Theme paths and labels of the codebook, as keys: each theme under its
 * label path and under the path of its code names (which differ for a
 * qualified name), and under its label and code name alone.  A key that
 * two themes share is ambiguous (-2). */
static int put_key(strmap *m, const gbuf *k, int theme) {
    int created, *slot = strmap_put(m, k->data, k->len, &created);
    if (!slot) return GRILLE_ENOMEM;
    if (created) *slot = theme;
    else if (*slot != theme) *slot = -2;
    return GRILLE_OK;
}

/* The key of a path of names: their keys joined by U+001F. */
static int path_key(gbuf *out, const char *const *names, size_t n, gbuf *tmp) {
    out->len = 0;
    for (size_t i = 0; i < n; i++) {
        if (refi_name_key(names[i], tmp) || (i && gbuf_putc(out, '\x1f')) || gbuf_append(out, tmp->data, tmp->len))
            return GRILLE_ENOMEM;
    }
    return gbuf_putc(out, '\0') ? GRILLE_ENOMEM : (out->len--, GRILLE_OK);
}

#define MAX_DEPTH 64

/* The labels and the code names of theme i and its ancestors, root
 * first, into lab and nam (MAX_DEPTH each); returns how many. */
static size_t theme_path(const grille_codebook *cb, const refi_codes *rc, size_t i, const char **lab,
                         const char **nam) {
    size_t depth = 0;
    for (size_t t = i; t != GRILLE_NONE && depth < MAX_DEPTH;) {
        grille_theme_info th;
        grille_codebook_theme_get(cb, t, &th);
        lab[depth] = th.label;
        nam[depth++] = rc->name[t];
        t = th.parent;
    }
    for (size_t a = 0, b = depth - 1; a < b; a++, b--) {
        const char *x = lab[a];
        lab[a] = lab[b];
        lab[b] = x;
        x = nam[a];
        nam[a] = nam[b];
        nam[b] = x;
    }
    return depth;
}

static int theme_keys(const grille_codebook *cb, const refi_codes *rc, strmap *paths, strmap *labels) {
    gbuf k = {0}, tmp = {0};
    int bad = 0;
    for (size_t i = 0; i < rc->n && !bad; i++) {
        const char *lab[MAX_DEPTH], *nam[MAX_DEPTH];
        size_t depth = theme_path(cb, rc, i, lab, nam);
        bad = path_key(&k, lab, depth, &tmp) || put_key(paths, &k, (int)i) || path_key(&k, nam, depth, &tmp) ||
              put_key(paths, &k, (int)i) || path_key(&k, lab + depth - 1, 1, &tmp) || put_key(labels, &k, (int)i) ||
              path_key(&k, nam + depth - 1, 1, &tmp) || put_key(labels, &k, (int)i);
    }
    gbuf_free(&k);
    gbuf_free(&tmp);
    return bad ? GRILLE_ENOMEM : GRILLE_OK;
}

/* The themes an ambiguous key fits, for the message. */
static void list_themes(const grille_codebook *cb, const refi_codes *rc, const strmap *m, int paths, const char *key,
                        size_t klen, char *out, size_t cap) {
    gbuf k = {0}, tmp = {0};
    size_t n = 0;
    out[0] = '\0';
    for (size_t i = 0; i < rc->n; i++) {
        grille_theme_info th;
        grille_codebook_theme_get(cb, i, &th);
        const char *lab[MAX_DEPTH], *nam[MAX_DEPTH];
        size_t depth = theme_path(cb, rc, i, lab, nam);
        int fits = 0;
        for (int w = 0; w < 2 && !fits; w++) {
            const char *const *names = w ? nam : lab;
            if (path_key(&k, paths ? names : names + depth - 1, paths ? depth : 1, &tmp)) break;
            fits = k.len == klen && memcmp(k.data, key, klen) == 0;
        }
        if (fits) {
            size_t used = strlen(out);
            snprintf(out + used, cap - used, "%s'%s'", n++ ? ", " : "", th.id);
        }
    }
    (void)m;
    gbuf_free(&k);
    gbuf_free(&tmp);
}

/* Each code gets a theme of cb: the one whose GUID grille's export gave
 * it, else the one at the same label path (QualCoder gives every code a
 * new GUID), else the only one of its label (a tool that flattened the
 * tree); a code that fits several is refused, one that fits none keeps
 * the id grille_refi_import_codebook() gives it, with a warning. */
static int map_themes(gimport *g, const grille_codebook *cb) {
    importer *im = g->im;
    strmap guids, paths, labels;
    refi_codes rc;
    memset(&rc, 0, sizeof rc);
    int have = 0;
    if (strmap_init(&guids) == GRILLE_OK) have |= 1;
    if (strmap_init(&paths) == GRILLE_OK) have |= 2;
    if (strmap_init(&labels) == GRILLE_OK) have |= 4;
    if (have != 7 || (cb && refi_codes_build(&rc, cb, NULL, NULL)) || (cb && theme_keys(cb, &rc, &paths, &labels)))
        im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    for (size_t i = 0; i < rc.n && !im->rc; i++) {
        int *slot = strmap_put(&guids, rc.guid[i], 36, NULL);
        if (!slot) im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        else *slot = (int)i;
    }
    size_t m = im->ncodes ? im->ncodes : 1;
    if (!im->rc && (!(g->theme_of = malloc(m * sizeof *g->theme_of)) || !(g->how = malloc(m))))
        im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    gbuf k = {0}, tmp = {0};
    for (size_t i = 0; i < im->ncodes && !im->rc; i++) {
        rcode *c = &im->codes[i];
        const char *names[MAX_DEPTH];
        size_t depth = 0;
        for (int p = (int)i; p >= 0 && depth < MAX_DEPTH; p = im->codes[p].parent) names[depth++] = im->codes[p].name;
        for (size_t a = 0, b = depth - 1; a < b; a++, b--) {
            const char *x = names[a];
            names[a] = names[b];
            names[b] = x;
        }
        int t = cb ? strmap_get(&guids, c->guid, 36) : -1, how = BY_GUID;
        if (cb && t < 0) {
            how = BY_PATH;
            if (path_key(&k, names, depth, &tmp)) {
                im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
                break;
            }
            t = strmap_get(&paths, k.data, k.len);
            if (t == -1) {
                how = BY_LABEL;
                if (path_key(&k, names + depth - 1, 1, &tmp)) {
                    im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
                    break;
                }
                t = strmap_get(&labels, k.data, k.len);
            }
            if (t == -2) {
                char which[400];
                list_themes(cb, &rc, how == BY_PATH ? &paths : &labels, how == BY_PATH, k.data, k.len, which,
                            sizeof which);
                if (how == BY_PATH)
                    im_fail(im, GRILLE_ESCHEMA, c->line,
                            "the code '%s' fits several themes of the codebook by its label path (%s): rename it "
                            "in the QDA software, or the themes in the codebook, so that it fits one",
                            c->name, which);
                else
                    im_fail(im, GRILLE_ESCHEMA, c->line,
                            "the code '%s' fits several themes of the codebook by its label (%s): rename it "
                            "in the QDA software, or the themes in the codebook, so that it fits one",
                            c->name, which);
                break;
            }
        }
        grille_theme_info th;
        if (t >= 0 && grille_codebook_theme_get(cb, (size_t)t, &th) == GRILLE_OK) {
            g->theme_of[i] = th.id;
        } else {
            g->theme_of[i] = c->id;
            how = BY_NAME;
            if (cb && g->opts && g->opts->warn) {
                grille_error w;
                grille_fail(&w, GRILLE_OK, im->file, c->line, 0, 0,
                            "the code '%s' is no theme of the codebook '%s' (by GUID, label path or label): its "
                            "codings get the theme id '%s'",
                            c->name, grille_codebook_id(cb), c->id);
                g->opts->warn(g->opts->warn_ctx, &w);
            }
        }
        g->how[i] = (unsigned char)how;
        g->nhow[how]++;
    }
    gbuf_free(&k);
    gbuf_free(&tmp);
    if (cb) refi_codes_free(&rc);
    if (have & 1) strmap_free(&guids);
    if (have & 2) strmap_free(&paths);
    if (have & 4) strmap_free(&labels);
    return im->rc;
}

/* Users by GUID, known by name (else id); of two with one GUID, the
 * last named wins. */
static int read_users(gimport *g) {
    importer *im = g->im;
    xmlNodePtr us = child(im->root, "Users");
    for (xmlNodePtr u = us ? us->children : NULL; u; u = u->next) {
        if (!is_el(u, "User")) continue;
        char guid[37];
        if (refi_guid_normalize(attr(u, "guid"), guid))
            return im_fail(im, GRILLE_ESCHEMA, line_of(u), "<User> has no GUID (guid)");
        const char *name = attr(u, "name");
        if (!name || !name[0]) name = attr(u, "id");
        if (!name || !name[0]) continue;
        int *slot = strmap_put(&g->users, guid, 36, NULL);
        if (!slot || GROW(g->user_names, g->nusers, g->capusers)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        *slot = (int)g->nusers;
        g->user_names[g->nusers++] = name;
    }
    return GRILLE_OK;
}

/* The length of a source's document name: its name without a document
 * file's extension, except for a source grille exported, which keeps
 * its id as is even when the id ends like a file name ("notes.md"). */
static int doc_name(const char *name, const char *guid, size_t *len) {
    size_t n = doc_name_len(name);
    char sg[37], mine[37];
    if (n < strlen(name) && refi_guid_normalize(guid, sg) == 0) {
        gbuf key = {0};
        if (gbuf_printf(&key, "grille:source:%s", name)) return GRILLE_ENOMEM;
        refi_guid(key.data, key.len, mine);
        gbuf_free(&key);
        if (memcmp(sg, mine, 36) == 0) n = strlen(name);
    }
    *len = n;
    return GRILLE_OK;
}

/* A source given twice would put two texts' codings under one document
 * of the gold, or one text's twice: refused, with both places, so that
 * it can be renamed in the QDA software. */
static int check_twice(gimport *g, const rsource *s) {
    importer *im = g->im;
    char guid[37];
    int created, *slot;
    if (refi_guid_normalize(attr(s->node, "guid"), guid) == 0) {
        if (!(slot = strmap_put(&g->src_guids, guid, 36, &created)))
            return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        if (!created)
            return im_fail(im, GRILLE_ESCHEMA, line_of(s->node), "two <TextSource> have the GUID %s (lines %u and %u)",
                           guid, line_of(g->src[*slot].node), line_of(s->node));
        *slot = (int)g->nsrc;
    }
    if (!(slot = strmap_put(&g->src_names, s->name, s->name_len, &created)))
        return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    if (created) {
        *slot = (int)g->nsrc;
        return GRILLE_OK;
    }
    const rsource *o = &g->src[*slot];
    if (strcmp(o->name, s->name) == 0)
        return im_fail(im, GRILLE_ESCHEMA, line_of(s->node),
                       "two <TextSource> are named '%s' (lines %u and %u): the gold could not tell their codings apart",
                       s->name, line_of(o->node), line_of(s->node));
    return im_fail(im, GRILLE_ESCHEMA, line_of(s->node),
                   "<TextSource> '%s' (line %u) and '%s' (line %u) both give the document '%.*s': the gold could "
                   "not tell their codings apart",
                   o->name, line_of(o->node), s->name, line_of(s->node), (int)s->name_len, s->name);
}

/* Where a source's text is: inline (PlainTextContent), or an internal://
 * file, which must be in the archive: without it no selection of the
 * source could be checked.  A path outside the archive (absolute://,
 * relative://) is not read. */
static int locate_text(gimport *g, rsource *s) {
    importer *im = g->im;
    const char *p = attr(s->node, "plainTextPath");
    if (child(s->node, "PlainTextContent") || !im->za || !p || strncmp(p, "internal://", 11) != 0) return GRILLE_OK;
    gbuf name = {0};
    if (gbuf_printf(&name, "sources/%s", p + 11)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    s->entry = locate_entry(im, name.data);
    if (s->entry == -1)
        im_fail(im, GRILLE_ESCHEMA, line_of(s->node), "the text of <TextSource> '%s' (%s) is not in the archive: no %s",
                s->name, p, name.data);
    gbuf_free(&name);
    return im->rc;
}

static int add_source(gimport *g, xmlNodePtr node) {
    importer *im = g->im;
    const char *name = attr(node, "name");
    if (!name || !name[0]) name = attr(node, "guid");
    if (!name) return im_fail(im, GRILLE_ESCHEMA, line_of(node), "<TextSource> has neither name nor guid");
    if (GROW(g->src, g->nsrc, g->capsrc)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    rsource *s = &g->src[g->nsrc];
    memset(s, 0, sizeof *s);
    s->node = node;
    s->name = name;
    s->entry = -1;
    /* a source grille exported (then maybe through another tool, which
     * renamed it) says which document it is */
    for (xmlNodePtr v = g->docvar[0] ? node->children : NULL; v && !s->document; v = v->next) {
        xmlNodePtr ref = is_el(v, "VariableValue") ? child(v, "VariableRef") : NULL, val = child(v, "TextValue");
        char guid[37];
        if (!ref || !val || refi_guid_normalize(attr(ref, "targetGUID"), guid) || strcmp(guid, g->docvar) != 0)
            continue;
        if (!(s->document = (char *)xmlNodeGetContent(val))) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        if (!s->document[0]) {
            xmlFree(s->document);
            s->document = NULL;
        }
    }
    if (s->document) {
        s->name = s->document;
        s->name_len = strlen(s->document);
    } else if (doc_name(name, attr(node, "guid"), &s->name_len)) {
        im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    }
    /* counted once checked (check_twice finds the others below nsrc) */
    if (im->rc || check_twice(g, s) || locate_text(g, s)) {
        xmlFree(s->document);
        s->document = NULL;
        return im->rc;
    }
    g->nsrc++;
    return GRILLE_OK;
}

/* Pictures, PDF, audio and video sources hold no text selections. */
static int collect_sources(gimport *g) {
    xmlNodePtr sources = child(g->im->root, "Sources");
    for (xmlNodePtr n = sources ? sources->children : NULL; n; n = n->next)
        if (is_el(n, "TextSource") && add_source(g, n)) return g->im->rc;
    return GRILLE_OK;
}

/* REFI-QDA sources are UTF-8: positions in a text that is not are code
 * points of nothing. */
static int check_utf8(gimport *g, const rsource *s, const char *entry) {
    importer *im = g->im;
    const gbuf *b = &g->text.buf;
    size_t ok = b->len ? utf8_valid_prefix((const unsigned char *)b->data, b->len) : 0;
    if (ok == b->len) return GRILLE_OK;
    unsigned line, col;
    utf8_line_col(b->data, ok, &line, &col);
    char file[sizeof im->file];
    snprintf(file, sizeof file, "%s:%s", im->path, entry);
    return im_fail_in(im, file, line, col, ok, "the text of <TextSource> '%s' is not UTF-8 (byte %zu)", s->name, ok);
}

/* The text of s into g->text, unless it is there already: sources on one
 * entry come one after the other (code_sources). */
static int load_text(gimport *g, const rsource *s) {
    importer *im = g->im;
    stext *t = &g->text;
    if (s->entry >= 0 && s->entry == t->entry) return GRILLE_OK;
    t->entry = -1;
    t->have = 0;
    t->buf.len = 0;
    xmlNodePtr inl = child(s->node, "PlainTextContent");
    if (inl) {
        xmlChar *c = xmlNodeGetContent(inl);
        int bad = !c || gbuf_append(&t->buf, c, strlen((const char *)c));
        xmlFree(c);
        if (bad) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    } else if (s->entry >= 0) {
        const char *name = zip_get_name(im->za, (zip_uint64_t)s->entry, 0);
        if (!name) name = "?";
        if (read_entry_at(im, s->entry, name, &t->buf) || check_utf8(g, s, name)) return im->rc;
    } else {
        return GRILLE_OK; /* no quotes, and positions that cannot be checked */
    }
    /* positions do not count a byte order mark (QualCoder writes one
     * before each source and does not count it; NVivo neither) */
    t->bom = t->buf.len >= 3 && memcmp(t->buf.data, "\xEF\xBB\xBF", 3) == 0;
    if (t->bom) {
        memmove(t->buf.data, t->buf.data + 3, t->buf.len - 3 + 1);
        t->buf.len -= 3;
    }
    if (stext_index(t)) return im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
    t->entry = s->entry;
    t->have = 1;
    return GRILLE_OK;
}

/* The code a <Coding> names, which the codebook must hold. */
static int coding_code(gimport *g, xmlNodePtr cd, int *code) {
    xmlNodePtr ref = child(cd, "CodeRef");
    const char *target = ref ? attr(ref, "targetGUID") : NULL;
    char guid[37];
    if (refi_guid_normalize(target, guid))
        return im_fail(g->im, GRILLE_ESCHEMA, line_of(ref ? ref : cd),
                       "<Coding> needs a <CodeRef> whose targetGUID is a GUID");
    *code = strmap_get(&g->im->guids, guid, 36);
    if (*code < 0)
        return im_fail(g->im, GRILLE_ESCHEMA, line_of(ref), "<CodeRef> names the code %s, which the codebook lacks",
                       guid);
    return GRILLE_OK;
}

/* The coder: the coding's user, else the selection's, else the
 * project's; by name when <Users> names it. */
static const char *coding_user(const gimport *g, xmlNodePtr sel, xmlNodePtr cd) {
    const char *ug = attr(cd, "creatingUser");
    if (!ug) ug = attr(sel, "creatingUser");
    if (!ug) ug = g->project_user;
    char guid[37];
    if (!ug || refi_guid_normalize(ug, guid)) return "unknown";
    int k = strmap_get(&g->users, guid, 36);
    return k >= 0 ? g->user_names[k] : ug;
}

static int put_row(gimport *g, const rsource *s, size_t start, size_t end, int code, const char *coder,
                   const char *quote, size_t quote_len) {
    gbuf *r = &g->rows;
    const char *theme = g->theme_of[code];
    if (put_field(r, s->name, s->name_len) || gbuf_printf(r, "\t%zu\t%zu\t", start, end) ||
        put_field(r, theme, strlen(theme)) || gbuf_putc(r, '\t') || put_field(r, coder, strlen(coder)) ||
        gbuf_putc(r, '\t') || (quote && put_field(r, quote, quote_len)) || gbuf_putc(r, '\n'))
        return im_fail(g->im, GRILLE_ENOMEM, 0, "out of memory");
    return GRILLE_OK;
}

static int is_word_char(const stext *t, size_t b) {
    int32_t c = (unsigned char)t->buf.data[b];
    if (c >= 0x80) utf8_decode((const unsigned char *)t->buf.data + b, &c);
    utf8proc_category_t k = utf8proc_category(c);
    return (k >= UTF8PROC_CATEGORY_LU && k <= UTF8PROC_CATEGORY_LO) || k == UTF8PROC_CATEGORY_MN ||
           (k >= UTF8PROC_CATEGORY_ND && k <= UTF8PROC_CATEGORY_NO);
}

/* Whether byte b (a code point's first) is not inside a word: positions
 * that cut words are the sign of positions misunderstood. */
static int on_boundary(const stext *t, size_t b) {
    if (b == 0 || b >= t->buf.len) return 1;
    size_t a = b - 1;
    while (a > 0 && ((unsigned char)t->buf.data[a] & 0xC0) == 0x80) a--;
    return !(is_word_char(t, a) && is_word_char(t, b));
}

static int code_selection(gimport *g, rsource *s, xmlNodePtr sel) {
    importer *im = g->im;
    const stext *t = &g->text;
    size_t start, end;
    if (parse_position(attr(sel, "startPosition"), &start) || parse_position(attr(sel, "endPosition"), &end))
        return im_fail(im, GRILLE_ESCHEMA, line_of(sel),
                       "<PlainTextSelection> needs startPosition and endPosition as whole numbers");
    if (end < start)
        return im_fail(im, GRILLE_ESCHEMA, line_of(sel), "endPosition %zu is before startPosition %zu", end, start);
    size_t n = t->have ? t->nunits : 0;
    if (t->have && end > n) {
        /* whole sentences, singular and plural, for the translators */
        const char *fmt = t->units == UNITS_UTF16
                              ? (n == 1 ? N_("%s %zu is past the end of the source '%s' (%zu UTF-16 code unit)")
                                        : N_("%s %zu is past the end of the source '%s' (%zu UTF-16 code units)"))
                              : (n == 1 ? N_("%s %zu is past the end of the source '%s' (%zu code point)")
                                        : N_("%s %zu is past the end of the source '%s' (%zu code points)"));
        return im_fail(im, GRILLE_ESCHEMA, line_of(sel), fmt, start > n ? "startPosition" : "endPosition",
                       start > n ? start : end, s->name, n);
    }
    /* endPosition exclusive (see the top of the file): an empty
     * selection codes nothing, and the gold has no room for it */
    if (end == start) return GRILLE_OK;
    if (t->have) {
        start = stext_cp(t, start);
        end = stext_cp(t, end);
    }
    size_t b0 = t->have ? stext_byte(t, start) : 0, b1 = t->have ? stext_byte(t, end) : 0;
    s->nsel++;
    if (t->have && on_boundary(t, b0) && on_boundary(t, b1)) s->nbound++;
    for (xmlNodePtr cd = sel->children; cd; cd = cd->next) {
        int code = -1;
        if (!is_el(cd, "Coding")) continue;
        if (coding_code(g, cd, &code) ||
            put_row(g, s, start, end, code, coding_user(g, sel, cd), t->have ? t->buf.data + b0 : NULL, b1 - b0))
            return im->rc;
        /* quotes make the gold grow with the selections' lengths: a small
         * project could ask for terabytes, and grille reads no gold over
         * GRILLE_MAX_FILE */
        if (g->rows.len > GRILLE_MAX_FILE)
            return im_fail(im, GRILLE_ELIMIT, line_of(sel),
                           "the gold would be larger than %zu MiB, more than grille reads", GRILLE_MAX_FILE >> 20);
    }
    return GRILLE_OK;
}

static int code_source(gimport *g, rsource *s) {
    int loaded = 0; /* the text is read on the first selection */
    s->row0 = g->rows.len;
    for (xmlNodePtr sel = s->node->children; sel; sel = sel->next) {
        if (!is_el(sel, "PlainTextSelection")) continue;
        if (!loaded && load_text(g, s)) return g->im->rc;
        loaded = 1;
        s->bom = g->text.have && g->text.bom;
        if (code_selection(g, s, sel)) return g->im->rc;
    }
    s->row1 = g->rows.len;
    return GRILLE_OK;
}

static int by_entry(const void *a, const void *b, void *ctx) {
    const rsource *src = ctx;
    zip_int64_t x = src[*(const size_t *)a].entry, y = src[*(const size_t *)b].entry;
    return (x > y) - (x < y);
}

static int by_first(const void *a, const void *b, void *ctx) {
    const rsource *src = ctx;
    size_t x = src[*(const size_t *)a].first, y = src[*(const size_t *)b].first;
    return (x > y) - (x < y);
}

/* The order sources are coded in: an entry's sources together, at the
 * place of its first source.  When no entry is shared, that is the
 * file's order, and so is that of the errors. */
static int coding_order(gimport *g, size_t *order) {
    for (size_t i = 0; i < g->nsrc; i++) order[i] = i;
    if (grille_sort(order, g->nsrc, sizeof *order, by_entry, g->src)) return GRILLE_ENOMEM;
    for (size_t i = 0; i < g->nsrc; i++) {
        rsource *s = &g->src[order[i]];
        const rsource *prev = i ? &g->src[order[i - 1]] : NULL;
        /* the sort is stable: the first of a run is the first in the file */
        s->first = s->entry >= 0 && prev && prev->entry == s->entry ? prev->first : order[i];
    }
    return grille_sort(order, g->nsrc, sizeof *order, by_first, g->src);
}

/* Sources on one entry are coded one after the other, so that the entry
 * is inflated once (20 sources on one 500 MB entry inflated it 20 times)
 * and one text at a time is held; the rows go out in the sources' order. */
static int code_sources(gimport *g) {
    size_t *order = malloc((g->nsrc ? g->nsrc : 1) * sizeof *order);
    if (!order || coding_order(g, order)) im_fail(g->im, GRILLE_ENOMEM, 0, "out of memory");
    for (size_t i = 0; i < g->nsrc && !g->im->rc; i++) code_source(g, &g->src[order[i]]);
    free(order);
    return g->im->rc;
}

static int write_gold(gimport *g, FILE *out) {
    static const char head[] = "document\tstart\tend\ttheme\tcoder\tquote\n";
    int bad = fwrite(head, 1, sizeof head - 1, out) != sizeof head - 1;
    for (size_t i = 0; i < g->nsrc && !bad; i++) {
        size_t n = g->src[i].row1 - g->src[i].row0;
        bad = n && fwrite(g->rows.data + g->src[i].row0, 1, n, out) != n;
    }
    (void)bad; /* a short write sets the stream's error */
    int rc = grille_write_end(out, g->im->err, N_("cannot write the gold"));
    if (rc) g->im->rc = rc;
    return g->im->rc;
}

/* Two passes: the sources (each once, with its text in reach), then their
 * selections, an entry's sources together. */
/* ------------------------------------------------------------------ */
/* Import: the report                                                  */

/* The variables of a source: its own VariableValues, then its Cases'
 * (QualCoder reads the first, NVivo and MAXQDA write the second), each
 * given to fn with its name (the Variable's, else its GUID) and value;
 * fn returns non-zero to stop.  Returns the number of values. */
typedef int (*variable_fn)(void *ctx, const char *name, const char *value);

static int source_variables(gimport *g, const rsource *s, variable_fn fn, void *ctx) {
    importer *im = g->im;
    xmlNodePtr vs = child(im->root, "Variables"), cases = child(im->root, "Cases");
    char sg[37];
    int have_guid = refi_guid_normalize(attr(s->node, "guid"), sg) == 0, n = 0, stop = 0;
    /* the cases' only when the source has none of its own: grille
     * writes both, the same */
    for (int pass = 0; pass < 2 && !(pass == 1 && n) && !stop; pass++) {
        xmlNodePtr holders = pass == 0 ? s->node : cases ? cases->children : NULL;
        for (xmlNodePtr h = holders; h && !stop; h = pass == 0 ? NULL : h->next) {
            if (pass == 1) {
                int mine = 0;
                for (xmlNodePtr r = is_el(h, "Case") ? h->children : NULL; r && !mine; r = r->next) {
                    char rg[37];
                    mine = have_guid && is_el(r, "SourceRef") && refi_guid_normalize(attr(r, "targetGUID"), rg) == 0 &&
                           strcmp(rg, sg) == 0;
                }
                if (!mine) continue;
            }
            for (xmlNodePtr v = h->children; v && !stop; v = v->next) {
                xmlNodePtr ref = is_el(v, "VariableValue") ? child(v, "VariableRef") : NULL;
                char vg[37];
                if (!ref || refi_guid_normalize(attr(ref, "targetGUID"), vg)) continue;
                const char *name = NULL;
                for (xmlNodePtr d = vs ? vs->children : NULL; d && !name; d = d->next) {
                    char dg[37];
                    if (is_el(d, "Variable") && refi_guid_normalize(attr(d, "guid"), dg) == 0 && strcmp(dg, vg) == 0)
                        name = attr(d, "name");
                }
                xmlNodePtr val = NULL;
                for (xmlNodePtr c = v->children; c && !val; c = c->next)
                    if (c->type == XML_ELEMENT_NODE && strstr((const char *)c->name, "Value")) val = c;
                xmlChar *text = val ? xmlNodeGetContent(val) : NULL;
                stop = fn(ctx, name ? name : vg, text ? (const char *)text : "");
                xmlFree(text);
                n++;
            }
        }
    }
    return n;
}

typedef struct report_ctx {
    FILE *f;
    int n;
} report_ctx;

static int report_variable(void *ctx, const char *name, const char *value) {
    report_ctx *r = ctx;
    fprintf(r->f, "%s%s=%s", r->n++ ? ", " : "; variables: ", name, value);
    return 0;
}

static void report_variables(gimport *g, const rsource *s, FILE *f) {
    report_ctx r = {f, 0};
    source_variables(g, s, report_variable, &r);
}

/* The sources' texts and variables, to the caller's on_source: a project
 * becomes a corpus grille can code, with the gold's positions in it. */
typedef struct vars_ctx {
    const char **names, **values;
    size_t n, cap;
    int oom;
} vars_ctx;

static int collect_variable(void *ctx, const char *name, const char *value) {
    vars_ctx *v = ctx;
    if (v->n == v->cap) {
        size_t cap = v->cap ? 2 * v->cap : 8;
        const char **a = realloc(v->names, cap * sizeof *a), **b;
        if (!a) return v->oom = 1;
        v->names = a;
        if (!(b = realloc(v->values, cap * sizeof *b))) return v->oom = 1;
        v->values = b;
        v->cap = cap;
    }
    char *nm = grille_strdup(name), *vl = grille_strdup(value);
    if (!nm || !vl) {
        free(nm);
        free(vl);
        return v->oom = 1;
    }
    v->names[v->n] = nm;
    v->values[v->n++] = vl;
    return 0;
}

static int give_sources(gimport *g) {
    const grille_refi_import_options *o = g->opts;
    importer *im = g->im;
    for (size_t i = 0; i < g->nsrc && !im->rc; i++) {
        rsource *s = &g->src[i];
        if (load_text(g, s)) break;
        vars_ctx v = {0};
        source_variables(g, s, collect_variable, &v);
        char *doc = grille_strndup(s->name, s->name_len);
        if (v.oom || !doc) im_fail(im, GRILLE_ENOMEM, 0, "out of memory");
        else if (o->on_source(o->source_ctx, doc, g->text.have ? (g->text.buf.data ? g->text.buf.data : "") : NULL,
                              g->text.have ? g->text.buf.len : 0, v.names, v.values, v.n))
            im_fail(im, GRILLE_EIO, line_of(s->node), "the text of '%s' could not be written", doc);
        free(doc);
        for (size_t k = 0; k < v.n; k++) {
            free((char *)v.names[k]);
            free((char *)v.values[k]);
        }
        free(v.names);
        free(v.values);
    }
    return im->rc;
}

static void write_report(gimport *g, FILE *f) {
    importer *im = g->im;
    const char *origin = attr(im->root, "origin");
    fprintf(f, "%s: written by %s\n", im->path, origin && origin[0] ? origin : "(the project does not say)");
    fprintf(f, "positions: %s (%s); a leading byte order mark is not counted\n", units_name[g->units], g->units_why);
    fprintf(f, "codes: %zu", im->ncodes);
    for (int k = 0; k < NMAPS; k++)
        if (g->nhow[k]) fprintf(f, ", %zu %s", g->nhow[k], map_how[k]);
    fputc('\n', f);
    for (size_t i = 0; i < im->ncodes; i++)
        fprintf(f, "  %s -> %s (%s)\n", im->codes[i].name, g->theme_of[i], map_how[g->how[i]]);
    size_t nsel = 0, nbound = 0;
    for (size_t i = 0; i < g->nsrc; i++) nsel += g->src[i].nsel, nbound += g->src[i].nbound;
    fprintf(f, "documents: %zu; selections: %zu, on word boundaries at both ends: %zu\n", g->nsrc, nsel, nbound);
    for (size_t i = 0; i < g->nsrc; i++) {
        const rsource *s = &g->src[i];
        fprintf(f, "  %.*s: %zu selection%s, %zu on word boundaries", (int)s->name_len, s->name, s->nsel,
                s->nsel == 1 ? "" : "s", s->nbound);
        if (s->bom) fputs("; its byte order mark taken off", f);
        report_variables(g, s, f);
        fputc('\n', f);
    }
}

static int import_gold(importer *im, const grille_refi_import_options *opts, FILE *out) {
    if (!im->is_project)
        return im_fail(im, GRILLE_ESCHEMA, line_of(im->root), "a codebook holds no codings: give a project (.qdpx)");
    if (read_codebook(im, 1)) return im->rc;
    gimport g;
    if (gimport_init(&g, im, opts) == GRILLE_OK && map_themes(&g, opts ? opts->codebook : NULL) == GRILLE_OK &&
        read_users(&g) == GRILLE_OK && collect_sources(&g) == GRILLE_OK && code_sources(&g) == GRILLE_OK &&
        write_gold(&g, out) == GRILLE_OK && (!opts || !opts->on_source || give_sources(&g) == GRILLE_OK) && opts &&
        opts->report) {
        write_report(&g, opts->report);
        int rc = grille_write_end(opts->report, im->err, N_("cannot write the report"));
        if (rc) im->rc = rc;
    }
    gimport_free(&g);
    return im->rc;
}

int grille_refi_import_gold(const char *path, FILE *out, const grille_refi_import_options *opts, grille_error *err) {
    grille_error_clear(err);
    if (!path || !out) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no file or no output");
    grille_refi_import_options o;
    if (GRILLE_OPTIONS_COPY(grille_refi_import_options, GRILLE_REFI_IMPORT_OPTIONS_INIT, codebook, o, opts, err))
        return GRILLE_EUSAGE;
    importer im;
    memset(&im, 0, sizeof im);
    im.err = err;
    if (im_open(&im, path) == GRILLE_OK) import_gold(&im, &o, out);
    im_close(&im);
    return im.rc;
}

int refi_import_gold_buffer(const char *name, const void *data, size_t len, const grille_codebook *cb, FILE *out,
                            grille_error *err) {
    grille_error_clear(err);
    if (!name || (!data && len) || !out) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no data or no output");
    importer im;
    memset(&im, 0, sizeof im);
    im.err = err;
    grille_refi_import_options o = GRILLE_REFI_IMPORT_OPTIONS_INIT;
    o.codebook = cb;
    if (im_open_buffer(&im, name, data ? data : "", len) == GRILLE_OK) import_gold(&im, &o, out);
    im_close(&im);
    return im.rc;
}

/* read_odt.c - the body text of an OpenDocument text (.odt), as a
 * reader who accepted every tracked change would see it.
 *
 * Read: content.xml's office:text in document order, one line per
 * paragraph or heading (those of lists, sections and table cells too),
 * with ODF's white-space rule (runs of blanks are one space, none at the
 * ends of a paragraph; text:s, text:tab, text:line-break are kept).
 * Left out: the deleted text kept in text:tracked-changes, comments
 * (office:annotation), footnotes and endnotes (text:note), frames and
 * shapes (draw:*), headers and footers (styles.xml is not read).
 * meta.xml gives the title, author and dates as variables. */
#include "source.h"
#include "xmlsafe.h"
#include "zipread.h"
#include <stdio.h>

#define OFFICE_NS "urn:oasis:names:tc:opendocument:xmlns:office:1.0"
#define TEXT_NS "urn:oasis:names:tc:opendocument:xmlns:text:1.0"
#define DRAW_NS "urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
#define META_NS "urn:oasis:names:tc:opendocument:xmlns:meta:1.0"
#define DC_NS "http://purl.org/dc/elements/1.1/"

/* text:c is a count of spaces from the file: a hostile one asks for
 * billions.  No interview needs more than a line of them. */
#define SPACES_MAX 1000

typedef struct odt {
    source *s;
    unsigned in_par;   /* inside text:p or text:h */
    int at_start;      /* no character yet in this paragraph */
    int pending_space; /* a collapsed run of blanks, written if text follows */
    unsigned ins, del, comments, notes, frames;
} odt;

/* ------------------------------------------------------------------ */
/* characters, with ODF's white-space collapsing                       */

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* Before anything visible: the pending blank run becomes one space. */
static int flush_space(odt *o) {
    o->at_start = 0;
    if (!o->pending_space) return GRILLE_OK;
    o->pending_space = 0;
    return source_puts(o->s, " ");
}

/* U+00AD SOFT HYPHEN and U+2011 NON-BREAKING HYPHEN are how ODF writes
 * what Word writes as w:softHyphen and w:noBreakHyphen: they are read
 * the same way (nothing, '-'), so that a document saved as .odt and as
 * .docx gives the same text. */
static size_t special_len(const char *t) {
    if ((unsigned char)t[0] == 0xC2 && (unsigned char)t[1] == 0xAD) return 2;
    if ((unsigned char)t[0] == 0xE2 && (unsigned char)t[1] == 0x80 && (unsigned char)t[2] == 0x91) return 3;
    return 0;
}

static int put_chars(odt *o, const char *t) {
    while (*t) {
        if (is_blank(*t)) {
            if (!o->at_start) o->pending_space = 1;
            t++;
            continue;
        }
        size_t n = 0, k = 0;
        while (t[n] && !is_blank(t[n]) && !(k = special_len(t + n))) n++;
        if (n && (flush_space(o) || source_append(o->s, t, n))) return GRILLE_ENOMEM;
        t += n;
        if (k == 3 && (flush_space(o) || source_puts(o->s, "-"))) return GRILLE_ENOMEM;
        t += k;
    }
    return GRILLE_OK;
}

/* text:s, text:tab, text:line-break: characters the rule leaves alone. */
static int put_literal(odt *o, const char *str, unsigned times) {
    if (flush_space(o)) return GRILLE_ENOMEM;
    for (unsigned i = 0; i < times; i++)
        if (source_puts(o->s, str)) return GRILLE_ENOMEM;
    return XMLSAFE_SKIP;
}

static unsigned space_count(xmlNodePtr n) {
    const char *c = xmlsafe_attr(n, TEXT_NS, "c");
    if (!c || !*c) return 1;
    unsigned long v = 0;
    for (; *c >= '0' && *c <= '9'; c++)
        if ((v = v * 10 + (unsigned long)(*c - '0')) > SPACES_MAX) return SPACES_MAX;
    return *c || v == 0 ? 1 : (unsigned)v;
}

/* ------------------------------------------------------------------ */
/* the walk                                                            */

static void count_changes(odt *o, xmlNodePtr tracked) {
    for (xmlNodePtr r = tracked->children; r; r = r->next) {
        if (xmlsafe_child(r, TEXT_NS, "insertion")) o->ins++;
        if (xmlsafe_child(r, TEXT_NS, "deletion")) o->del++;
    }
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int enter_par(odt *o) {
    /* a paragraph inside a paragraph (only in broken files) ends the outer line */
    if (o->in_par++ && source_puts(o->s, "\n")) return GRILLE_ENOMEM;
    o->at_start = 1;
    o->pending_space = 0;
    return XMLSAFE_DESCEND;
}

static int enter_text(odt *o, xmlNodePtr n) {
    const char *name = (const char *)n->name;
    if (strcmp(name, "p") == 0 || strcmp(name, "h") == 0) return enter_par(o);
    if (strcmp(name, "s") == 0) return put_literal(o, " ", space_count(n));
    if (strcmp(name, "tab") == 0) return put_literal(o, "\t", 1);
    if (strcmp(name, "line-break") == 0) return put_literal(o, "\n", 1);
    if (strcmp(name, "tracked-changes") == 0) {
        count_changes(o, n);
        return XMLSAFE_SKIP;
    }
    if (strcmp(name, "note") == 0) {
        o->notes++;
        return XMLSAFE_SKIP;
    }
    /* text:change marks where deleted text was; text:change-start/-end
     * bracket inserted text, which is in the body and read as is */
    if (strcmp(name, "change") == 0 || strcmp(name, "change-start") == 0 || strcmp(name, "change-end") == 0 ||
        strcmp(name, "soft-page-break") == 0 || strcmp(name, "ruby-text") == 0 || strcmp(name, "number") == 0 ||
        strcmp(name, "bookmark") == 0 || strcmp(name, "bookmark-start") == 0 || strcmp(name, "bookmark-end") == 0 ||
        ends_with(name, "-decls") || ends_with(name, "-source"))
        return XMLSAFE_SKIP; /* text:number: a list's computed number, as Word's is not
                              * text either; -source: an index's templates */
    return XMLSAFE_DESCEND;
}

static int visit(void *ctx, xmlNodePtr n, int leaving) {
    odt *o = ctx;
    if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
        /* blanks between block elements are the file's indentation */
        if (!o->in_par || !n->content) return XMLSAFE_SKIP;
        return put_chars(o, (const char *)n->content) ? GRILLE_ENOMEM : XMLSAFE_SKIP;
    }
    if (n->type != XML_ELEMENT_NODE) return XMLSAFE_SKIP;
    if (leaving) {
        if (xmlsafe_is(n, TEXT_NS, "p") || xmlsafe_is(n, TEXT_NS, "h")) {
            o->in_par--;
            o->pending_space = 0; /* no blank at the end of a paragraph */
            return source_puts(o->s, "\n") ? GRILLE_ENOMEM : GRILLE_OK;
        }
        return GRILLE_OK;
    }
    if (xmlsafe_in_ns(n, TEXT_NS)) return enter_text(o, n);
    if (xmlsafe_in_ns(n, DRAW_NS)) {
        o->frames++;
        return XMLSAFE_SKIP;
    }
    if (xmlsafe_is(n, OFFICE_NS, "annotation")) {
        o->comments++;
        return XMLSAFE_SKIP;
    }
    if (xmlsafe_is(n, OFFICE_NS, "annotation-end") || xmlsafe_is(n, OFFICE_NS, "forms")) return XMLSAFE_SKIP;
    return XMLSAFE_DESCEND;
}

/* ------------------------------------------------------------------ */
/* notes, metadata, the whole                                          */

static int add_notes(odt *o) {
    source *s = o->s;
    if ((o->ins || o->del) && source_note(s, 0, 0,
                                          "tracked changes read as accepted: %u insertion(s) kept, %u deletion(s) "
                                          "left out",
                                          o->ins, o->del))
        return GRILLE_ENOMEM;
    if (o->frames && source_note(s, 0, 0, "%u frame(s) or shape(s) left out, with any text in them", o->frames))
        return GRILLE_ENOMEM;
    if (o->comments && source_note(s, 0, 0, "%u comment(s) left out", o->comments)) return GRILLE_ENOMEM;
    if (o->notes && source_note(s, 0, 0, "the text of %u footnote(s) or endnote(s) left out", o->notes))
        return GRILLE_ENOMEM;
    return GRILLE_OK;
}

/* The text of n as a variable; a date keeps its day (YYYY-MM-DD).
 * Returns 1 when a value was there. */
static int add_var_of(source *s, const char *key, xmlNodePtr n, int date, int *rc) {
    if (!n || *rc) return 0;
    gbuf b = {0};
    *rc = xmlsafe_text(n, &b);
    const char *v = b.data;
    size_t len = b.len;
    while (len && (unsigned char)*v <= ' ') {
        v++;
        len--;
    }
    if (date) len = source_date_len(v, len);
    if (!*rc) *rc = source_add_var(s, key, v, len);
    gbuf_free(&b);
    return len > 0;
}

/* meta.xml is optional: one that cannot be parsed costs its variables
 * and a note, not the interview. */
static int read_meta(source *s, zipread *z, grille_error *err) {
    char *xml;
    size_t len;
    int rc = zipread_entry(z, "meta.xml", &xml, &len, err);
    if (rc || !xml) return rc;
    xmlDocPtr doc;
    grille_error perr;
    rc = xmlsafe_parse_xml(xml, len, s->name, "meta.xml", &doc, &perr);
    free(xml);
    if (rc == GRILLE_ENOMEM || rc == GRILLE_ELIMIT) {
        if (err) *err = perr;
        return rc;
    }
    if (rc) return source_note(s, 0, 0, "meta.xml left out (%u:%u: %s)", perr.line, perr.column, perr.message);
    xmlNodePtr meta = xmlsafe_child(xmlDocGetRootElement(doc), OFFICE_NS, "meta");
    add_var_of(s, "titre", xmlsafe_child(meta, DC_NS, "title"), 0, &rc);
    if (!add_var_of(s, "auteur", xmlsafe_child(meta, META_NS, "initial-creator"), 0, &rc))
        add_var_of(s, "auteur", xmlsafe_child(meta, DC_NS, "creator"), 0, &rc);
    add_var_of(s, "date_creation", xmlsafe_child(meta, META_NS, "creation-date"), 1, &rc);
    add_var_of(s, "date_modification", xmlsafe_child(meta, DC_NS, "date"), 1, &rc);
    xmlFreeDoc(doc);
    return rc;
}

static int read_body(source *s, xmlDocPtr doc, grille_error *err) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    xmlNodePtr body = xmlsafe_child(root, OFFICE_NS, "body");
    xmlNodePtr text = xmlsafe_child(body, OFFICE_NS, "text");
    if (!xmlsafe_is(root, OFFICE_NS, "document-content") || !body)
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                           "content.xml is not OpenDocument content (its root is <%s>)",
                           root ? (const char *)root->name : grille_msg("nothing"));
    if (!text)
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                           "not a text document: content.xml has no office:text (a spreadsheet or "
                           "a presentation?)");
    odt o;
    memset(&o, 0, sizeof o);
    o.s = s;
    int rc = xmlsafe_walk(text, visit, &o);
    if (!rc) rc = add_notes(&o);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, s->name, 0, 0, 0, "out of memory");
    return rc;
}

int source_read_odt(source *s, const char *data, size_t len, grille_error *err) {
    zipread *z;
    int rc = zipread_open(&z, data, len, s->name, ".odt", err);
    if (rc) return rc;
    char *xml = NULL;
    size_t xlen = 0;
    rc = read_meta(s, z, err);
    if (!rc) rc = zipread_entry(z, "content.xml", &xml, &xlen, err);
    zipread_close(z);
    if (rc) return rc;
    if (!xml)
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                           "the archive has no content.xml: not an OpenDocument text");
    /* styles and declarations are never read; of the attributes, only
     * text:s's count of spaces */
    static const char *const keep_attributes[] = {"s", NULL};
    static const char *const prune[] = {"automatic-styles", "font-face-decls",  "scripts", "sequence-decls",
                                        "variable-decls",   "user-field-decls", NULL};
    static const xmlsafe_lean lean = {keep_attributes, prune, NULL};
    xmlDocPtr doc;
    rc = xmlsafe_parse_xml_lean(xml, xlen, s->name, "content.xml", &lean, &doc, err);
    free(xml);
    if (rc) return rc;
    rc = read_body(s, doc, err);
    xmlFreeDoc(doc);
    return rc;
}

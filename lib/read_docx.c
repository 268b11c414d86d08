/* read_docx.c - the body text of a Word document (.docx, Office Open
 * XML), as a reader who accepted every tracked change would see it.
 *
 * Read: word/document.xml's w:body in document order, one line per
 * paragraph (table cells' paragraphs included), the results of fields,
 * the content of hyperlinks, content controls, smart tags and custom XML.
 * Left out: deleted and moved-away text, field instructions, comments,
 * footnotes and endnotes, headers and footers (other parts), drawings,
 * pictures and the text boxes inside them.  docProps/core.xml gives the
 * title, author and dates as variables.  Characters are kept as written
 * (typographic apostrophes, guillemets, no-break spaces). */
#include "source.h"
#include "xmlsafe.h"
#include "zipread.h"
#include <stdio.h>

#define W_NS "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
#define W_STRICT_NS "http://purl.oclc.org/ooxml/wordprocessingml/main"
#define MC_NS "http://schemas.openxmlformats.org/markup-compatibility/2006"
#define DC_NS "http://purl.org/dc/elements/1.1/"
#define DCTERMS_NS "http://purl.org/dc/terms/"

#define FLD_MAX 32 /* nested complex fields tracked one by one */

typedef struct docx {
    source *s;
    const char *wns; /* transitional or strict WordprocessingML */
    /* complex fields: which open ones are still in their instruction */
    unsigned char instr[FLD_MAX];
    unsigned nfld, overflow, ninstr;
    /* what was left out, for the notes */
    unsigned ins, del, textboxes, comments, notes, chunks;
} docx;

typedef enum act {
    ACT_DESCEND, ACT_SKIP, ACT_TEXT, ACT_TAB, ACT_BREAK, ACT_HYPHEN, ACT_FLDCHAR, ACT_ROW,
    ACT_CELL, ACT_INS, ACT_DEL, ACT_GRAPHIC, ACT_COMMENT, ACT_NOTE, ACT_CHUNK, ACT_SDT
} act;

/* Sorted by name, for bsearch.  Elements not listed are descended into:
 * text only ever comes from w:t, so an unknown wrapper costs nothing. */
typedef struct action_entry {
    const char *name;
    act a;
} action_entry;

static const action_entry actions[] = {
    {"altChunk", ACT_CHUNK},            {"br", ACT_BREAK},
    {"commentReference", ACT_COMMENT},  {"cr", ACT_BREAK},
    {"customXmlPr", ACT_SKIP},          {"del", ACT_DEL},
    {"delInstrText", ACT_SKIP},         {"delText", ACT_SKIP},
    {"drawing", ACT_GRAPHIC},           {"endnoteReference", ACT_NOTE},
    {"fldChar", ACT_FLDCHAR},           {"footnoteReference", ACT_NOTE},
    {"ins", ACT_INS},                   {"instrText", ACT_SKIP},
    {"moveFrom", ACT_DEL},              {"moveTo", ACT_INS},
    {"noBreakHyphen", ACT_HYPHEN},      {"object", ACT_GRAPHIC},
    {"pPr", ACT_SKIP},                  {"pict", ACT_GRAPHIC},
    {"ptab", ACT_TAB},                  {"rPr", ACT_SKIP},
    {"rt", ACT_SKIP},                   {"sdt", ACT_SDT},
    {"sdtEndPr", ACT_SKIP},             {"sdtPr", ACT_SKIP},
    {"sectPr", ACT_SKIP},               {"smartTagPr", ACT_SKIP},
    {"softHyphen", ACT_SKIP},           {"subDoc", ACT_SKIP},
    {"sym", ACT_SKIP},                  {"t", ACT_TEXT},
    {"tab", ACT_TAB},                   {"tblGrid", ACT_SKIP},
    {"tblPr", ACT_SKIP},                {"tblPrEx", ACT_SKIP},
    {"tc", ACT_CELL},                   {"tcPr", ACT_SKIP},
    {"tr", ACT_ROW},                    {"trPr", ACT_SKIP},
    {"txbxContent", ACT_GRAPHIC},
};

static int cmp_action(const void *key, const void *item) {
    return strcmp(key, ((const action_entry *)item)->name);
}

static act action_of(const char *name) {
    const void *hit = bsearch(name, actions, sizeof actions / sizeof actions[0], sizeof actions[0],
                              cmp_action);
    return hit ? ((const action_entry *)hit)->a : ACT_DESCEND;
}

/* ------------------------------------------------------------------ */
/* complex fields: begin, instruction, separate, result, end            */

static void field_char(docx *d, const char *type) {
    if (!type) return;
    if (strcmp(type, "begin") == 0) {
        if (d->nfld < FLD_MAX) d->instr[d->nfld++] = 1;
        else d->overflow++;
        d->ninstr++;
    } else if (strcmp(type, "separate") == 0) {
        if (!d->overflow && d->nfld && d->instr[d->nfld - 1]) {
            d->instr[d->nfld - 1] = 0;
            d->ninstr--;
        }
    } else if (strcmp(type, "end") == 0) {
        /* a field nested deeper than FLD_MAX stays an instruction */
        if (d->overflow) {
            d->overflow--;
            d->ninstr--;
        } else if (d->nfld) {
            if (d->instr[--d->nfld]) d->ninstr--;
        }
    }
}

/* ------------------------------------------------------------------ */
/* the walk                                                            */

/* A tracked deletion or move of the paragraph mark: once accepted, the
 * paragraph runs on into the next one. */
static int mark_removed(const docx *d, xmlNodePtr p) {
    xmlNodePtr rpr = xmlsafe_child(xmlsafe_child(p, d->wns, "pPr"), d->wns, "rPr");
    return xmlsafe_child(rpr, d->wns, "del") || xmlsafe_child(rpr, d->wns, "moveFrom");
}

/* A table row or cell deleted with changes tracked goes with them. */
static int row_deleted(const docx *d, xmlNodePtr tr) {
    return xmlsafe_child(xmlsafe_child(tr, d->wns, "trPr"), d->wns, "del") != NULL;
}

static int cell_deleted(const docx *d, xmlNodePtr tc) {
    return xmlsafe_child(xmlsafe_child(tc, d->wns, "tcPr"), d->wns, "cellDel") != NULL;
}

/* A content control still showing its placeholder ("Cliquez ici pour
 * entrer du texte") holds no one's words. */
static int placeholder(const docx *d, xmlNodePtr sdt) {
    return xmlsafe_child(xmlsafe_child(sdt, d->wns, "sdtPr"), d->wns, "showingPlcHdr") != NULL;
}

static int has_text_box(xmlNodePtr n, const char *wns) {
    xmlNodePtr root = n;
    while (n) {
        if (xmlsafe_is(n, wns, "txbxContent")) return 1;
        if (n->type == XML_ELEMENT_NODE && n->children) { n = n->children; continue; }
        while (n != root && !n->next) n = n->parent;
        n = n == root ? NULL : n->next;
    }
    return 0;
}

static int put_text(docx *d, xmlNodePtr t) {
    for (xmlNodePtr c = t->children; c; c = c->next)
        if ((c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) && c->content &&
            source_puts(d->s, (const char *)c->content))
            return GRILLE_ENOMEM;
    return XMLSAFE_SKIP;
}

static int put(docx *d, const char *str) {
    if (d->ninstr) return XMLSAFE_SKIP; /* inside a field's instruction */
    return source_puts(d->s, str) ? GRILLE_ENOMEM : XMLSAFE_SKIP;
}

static int enter_w(docx *d, xmlNodePtr n) {
    switch (action_of((const char *)n->name)) {
    case ACT_TEXT: return d->ninstr ? XMLSAFE_SKIP : put_text(d, n);
    case ACT_TAB: return put(d, "\t");
    case ACT_BREAK: return put(d, "\n");
    case ACT_HYPHEN: return put(d, "-");
    case ACT_FLDCHAR: field_char(d, xmlsafe_attr(n, d->wns, "fldCharType")); return XMLSAFE_SKIP;
    case ACT_ROW:
    case ACT_CELL:
        if (!(xmlsafe_is(n, d->wns, "tr") ? row_deleted(d, n) : cell_deleted(d, n))) return XMLSAFE_DESCEND;
        d->del++;
        return XMLSAFE_SKIP;
    case ACT_INS: d->ins++; return XMLSAFE_DESCEND;
    case ACT_DEL: d->del++; return XMLSAFE_SKIP;
    case ACT_GRAPHIC: d->textboxes += (unsigned)has_text_box(n, d->wns); return XMLSAFE_SKIP;
    case ACT_COMMENT: d->comments++; return XMLSAFE_SKIP;
    case ACT_NOTE: d->notes++; return XMLSAFE_SKIP;
    case ACT_CHUNK: d->chunks++; return XMLSAFE_SKIP;
    case ACT_SDT: return placeholder(d, n) ? XMLSAFE_SKIP : XMLSAFE_DESCEND;
    case ACT_SKIP: return XMLSAFE_SKIP;
    case ACT_DESCEND: break;
    }
    return XMLSAFE_DESCEND;
}

/* Markup compatibility: the first mc:Choice is read, mc:Fallback never
 * (it repeats the choice for older readers, as VML). */
static int enter_mc(xmlNodePtr n) {
    if (strcmp((const char *)n->name, "Fallback") == 0) return XMLSAFE_SKIP;
    if (strcmp((const char *)n->name, "Choice") == 0)
        for (xmlNodePtr p = n->prev; p; p = p->prev)
            if (xmlsafe_is(p, MC_NS, "Choice")) return XMLSAFE_SKIP;
    return XMLSAFE_DESCEND;
}

static int visit(void *ctx, xmlNodePtr n, int leaving) {
    docx *d = ctx;
    if (n->type != XML_ELEMENT_NODE) return XMLSAFE_SKIP; /* text counts only inside w:t */
    if (leaving) {
        if (xmlsafe_is(n, d->wns, "p") && !mark_removed(d, n) && source_puts(d->s, "\n"))
            return GRILLE_ENOMEM;
        return GRILLE_OK;
    }
    if (xmlsafe_in_ns(n, d->wns)) return enter_w(d, n);
    if (xmlsafe_in_ns(n, MC_NS)) return enter_mc(n);
    return XMLSAFE_DESCEND;
}

/* ------------------------------------------------------------------ */
/* notes, metadata, the whole                                          */

static int add_notes(docx *d) {
    source *s = d->s;
    if ((d->ins || d->del) &&
        source_note(s, 0, 0, "tracked changes read as accepted: %u insertion(s) kept, %u deletion(s) "
                    "left out", d->ins, d->del))
        return GRILLE_ENOMEM;
    if (d->textboxes && source_note(s, 0, 0, "%u text box(es) left out: grille reads the body text", d->textboxes))
        return GRILLE_ENOMEM;
    if (d->comments && source_note(s, 0, 0, "%u comment(s) left out", d->comments)) return GRILLE_ENOMEM;
    if (d->notes && source_note(s, 0, 0, "the text of %u footnote(s) or endnote(s) left out", d->notes))
        return GRILLE_ENOMEM;
    if (d->chunks && source_note(s, 0, 0, "%u embedded document(s) (altChunk) left out", d->chunks))
        return GRILLE_ENOMEM;
    return GRILLE_OK;
}

/* The text of n as a variable; a date keeps its day (YYYY-MM-DD). */
static int add_var_of(source *s, const char *key, xmlNodePtr n, int date) {
    if (!n) return GRILLE_OK;
    gbuf b = {0};
    int rc = xmlsafe_text(n, &b);
    const char *v = b.data;
    size_t len = b.len;
    while (len && (unsigned char)*v <= ' ') { v++; len--; }
    if (date && len >= 10 && v[4] == '-' && v[7] == '-') len = 10;
    if (!rc) rc = source_add_var(s, key, v, len);
    gbuf_free(&b);
    return rc;
}

/* docProps/core.xml is optional: one that cannot be parsed costs its
 * variables and a note, not the interview. */
static int read_core(source *s, zipread *z, grille_error *err) {
    char *xml;
    size_t len;
    int rc = zipread_entry(z, "docProps/core.xml", &xml, &len, err);
    if (rc || !xml) return rc;
    xmlDocPtr doc;
    grille_error perr;
    rc = xmlsafe_parse_xml(xml, len, s->name, "docProps/core.xml", &doc, &perr);
    free(xml);
    if (rc == GRILLE_ENOMEM || rc == GRILLE_ELIMIT) { if (err) *err = perr; return rc; }
    if (rc) return source_note(s, 0, 0, "docProps/core.xml left out (%u:%u: %s)", perr.line, perr.column, perr.message);
    xmlNodePtr root = xmlDocGetRootElement(doc);
    rc = add_var_of(s, "titre", xmlsafe_child(root, DC_NS, "title"), 0);
    if (!rc) rc = add_var_of(s, "auteur", xmlsafe_child(root, DC_NS, "creator"), 0);
    if (!rc) rc = add_var_of(s, "date_creation", xmlsafe_child(root, DCTERMS_NS, "created"), 1);
    if (!rc) rc = add_var_of(s, "date_modification", xmlsafe_child(root, DCTERMS_NS, "modified"), 1);
    xmlFreeDoc(doc);
    return rc;
}

static int read_body(source *s, xmlDocPtr doc, grille_error *err) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    docx d;
    memset(&d, 0, sizeof d);
    d.s = s;
    d.wns = xmlsafe_in_ns(root, W_STRICT_NS) ? W_STRICT_NS : W_NS;
    if (!xmlsafe_is(root, d.wns, "document"))
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                           "word/document.xml is not a Word document body (its root is <%s>)",
                           root ? (const char *)root->name : "nothing");
    xmlNodePtr body = xmlsafe_child(root, d.wns, "body");
    int rc = body ? xmlsafe_walk(body, visit, &d) : GRILLE_OK;
    if (!rc) rc = add_notes(&d);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, s->name, 0, 0, 0, "out of memory");
    return rc;
}

int source_read_docx(source *s, const char *data, size_t len, grille_error *err) {
    zipread *z;
    int rc = zipread_open(&z, data, len, s->name, ".docx", err);
    if (rc) return rc;
    char *xml = NULL;
    size_t xlen = 0;
    rc = read_core(s, z, err);
    if (!rc) rc = zipread_entry(z, "word/document.xml", &xml, &xlen, err);
    zipread_close(z);
    if (rc) return rc;
    if (!xml)
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                           "the archive has no word/document.xml: not a Word document");
    /* what the walk never reads is not built: run formatting, paragraph
     * formatting but a deleted paragraph mark, table and section
     * properties but deleted rows and cells, content-control properties
     * but the placeholder flag; attributes but w:fldCharType */
    static const char *const keep_attributes[] = {"fldChar", NULL};
    static const char *const prune[] = {"r/rPr", "pPr/*", "rPr/*", "sectPr", "tblPr", "tblGrid", "trPr/*",
                                        "tcPr/*", "sdtPr/*", "rPrChange", "pPrChange", NULL};
    static const char *const spare[] = {"rPr", "del", "moveFrom", "ins", "moveTo", "cellDel", "showingPlcHdr", NULL};
    static const xmlsafe_lean lean = {keep_attributes, prune, spare};
    xmlDocPtr doc;
    rc = xmlsafe_parse_xml_lean(xml, xlen, s->name, "word/document.xml", &lean, &doc, err);
    free(xml);
    if (rc) return rc;
    rc = read_body(s, doc, err);
    xmlFreeDoc(doc);
    return rc;
}

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

/* What an open element is, where that matters to what follows it. */
typedef enum kind {
    K_OTHER = 0,
    K_P,
    K_PPR,
    K_PPR_RPR,
    K_TR,
    K_TRPR,
    K_TC,
    K_TCPR,
    K_SDT,
    K_SDTPR,
    K_ALTC,
    K_ALTC_READ
} kind;

#define MAX_DEPTH 300 /* libxml2 refuses more than 256 levels */

/* The reader follows the parser's events: no tree is built (a .docx
 * costs about twice its text as .txt, not three times). */
typedef struct docx {
    source *s;
    grille_error *err;
    const char *wns; /* transitional or strict WordprocessingML */
    /* complex fields: which open ones are still in their instruction */
    unsigned char instr[FLD_MAX];
    unsigned nfld, overflow, ninstr;
    /* what was left out, for the notes */
    unsigned ins, del, textboxes, comments, notes, chunks;
    unsigned depth;                   /* of the element open last; the root is 1 */
    unsigned char kinds[MAX_DEPTH];   /* per open element */
    unsigned char removed[MAX_DEPTH]; /* K_P: its paragraph mark was deleted */
    unsigned body;                    /* depth of w:body, 0 before it */
    unsigned skip;                    /* skipping until the element at this depth ends; 0: not */
    int graphic, graphic_box;         /* the skipped element is a drawing; it holds a text box */
    unsigned text;                    /* depth of the w:t being read, 0: none */
    size_t text_start;                /* the source's text before word/document.xml */
    /* libxml2 gives each namespace URI as one interned string: once seen,
     * a pointer comparison tells it (each element would otherwise compare
     * 60 bytes) */
    const char *w_uri, *mc_uri, *other_uri;
} docx;

typedef enum act {
    ACT_DESCEND,
    ACT_SKIP,
    ACT_TEXT,
    ACT_TAB,
    ACT_BREAK,
    ACT_HYPHEN,
    ACT_FLDCHAR,
    ACT_ROW,
    ACT_CELL,
    ACT_INS,
    ACT_DEL,
    ACT_GRAPHIC,
    ACT_COMMENT,
    ACT_NOTE,
    ACT_CHUNK,
    ACT_SDT
} act;

/* Sorted by name, for bsearch.  Elements not listed are descended into:
 * text only ever comes from w:t, so an unknown wrapper costs nothing. */
typedef struct action_entry {
    const char *name;
    act a;
} action_entry;

static const action_entry actions[] = {
    {"altChunk", ACT_CHUNK},
    {"br", ACT_BREAK},
    {"commentReference", ACT_COMMENT},
    {"cr", ACT_BREAK},
    {"customXmlPr", ACT_SKIP},
    {"del", ACT_DEL},
    {"delInstrText", ACT_SKIP},
    {"delText", ACT_SKIP},
    {"drawing", ACT_GRAPHIC},
    {"endnoteReference", ACT_NOTE},
    {"fldChar", ACT_FLDCHAR},
    {"footnoteReference", ACT_NOTE},
    {"ins", ACT_INS},
    {"instrText", ACT_SKIP},
    {"moveFrom", ACT_DEL},
    {"moveTo", ACT_INS},
    {"noBreakHyphen", ACT_HYPHEN},
    {"object", ACT_GRAPHIC},
    {"pPr", ACT_SKIP},
    {"pict", ACT_GRAPHIC},
    {"ptab", ACT_TAB},
    {"rPr", ACT_SKIP},
    {"rt", ACT_SKIP},
    {"sdt", ACT_SDT},
    {"sdtEndPr", ACT_SKIP},
    {"sdtPr", ACT_SKIP},
    {"sectPr", ACT_SKIP},
    {"smartTagPr", ACT_SKIP},
    {"softHyphen", ACT_SKIP},
    {"subDoc", ACT_SKIP},
    {"sym", ACT_SKIP},
    {"t", ACT_TEXT},
    {"tab", ACT_TAB},
    {"tblGrid", ACT_SKIP},
    {"tblPr", ACT_SKIP},
    {"tblPrEx", ACT_SKIP},
    {"tc", ACT_CELL},
    {"tcPr", ACT_SKIP},
    {"tr", ACT_ROW},
    {"trPr", ACT_SKIP},
    {"txbxContent", ACT_GRAPHIC},
};

static int cmp_action(const void *key, const void *item) { return strcmp(key, ((const action_entry *)item)->name); }

static act action_of(const char *name) {
    const void *hit = bsearch(name, actions, sizeof actions / sizeof actions[0], sizeof actions[0], cmp_action);
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
/* the events                                                          */

static int put(docx *d, const char *str) {
    if (d->ninstr) return GRILLE_OK; /* inside a field's instruction */
    return source_puts(d->s, str);
}

static const char *attr_of(int nattr, const char **attrs, const char *local) {
    for (int i = 0; i < nattr; i++)
        if (strcmp(attrs[5 * i], local) == 0) {
            /* values are not NUL-terminated: copy into a small buffer */
            static const char *const types[] = {"begin", "separate", "end", NULL};
            size_t n = (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]);
            for (size_t k = 0; types[k]; k++)
                if (strlen(types[k]) == n && memcmp(types[k], attrs[5 * i + 3], n) == 0) return types[k];
            return NULL;
        }
    return NULL;
}

static unsigned enclosing(const docx *d, kind k) {
    for (unsigned i = d->depth; i > 0; i--)
        if (d->kinds[i] == k) return i;
    return 0;
}

/* Inside a property element: only a deletion mark or a placeholder flag
 * matters; it decides what happens to the paragraph, row, cell or
 * content control, and the rest of the properties is skipped. */
static void in_properties(docx *d, kind parent, const char *local) {
    unsigned me = d->depth;
    if (parent == K_PPR && strcmp(local, "rPr") == 0) {
        d->kinds[me] = K_PPR_RPR;
        return;
    }
    if (parent == K_PPR_RPR && (strcmp(local, "del") == 0 || strcmp(local, "moveFrom") == 0)) {
        unsigned p = enclosing(d, K_P);
        if (p) d->removed[p] = 1;
    } else if (parent == K_TRPR && strcmp(local, "del") == 0) {
        d->del++;
        d->skip = enclosing(d, K_TR);
        return;
    } else if (parent == K_TCPR && strcmp(local, "cellDel") == 0) {
        d->del++;
        d->skip = enclosing(d, K_TC);
        return;
    } else if (parent == K_SDTPR && strcmp(local, "showingPlcHdr") == 0) {
        /* a content control still showing "Cliquez ici pour entrer du
         * texte" holds no one's words */
        d->skip = enclosing(d, K_SDT);
        return;
    }
    d->skip = me;
}

static int start_w(docx *d, const char *local, int nattr, const char **attrs) {
    unsigned me = d->depth;
    kind parent = (kind)d->kinds[me - 1];
    if (parent == K_PPR || parent == K_PPR_RPR || parent == K_TRPR || parent == K_TCPR || parent == K_SDTPR) {
        in_properties(d, parent, local);
        return GRILLE_OK;
    }
    static const struct {
        const char *name;
        kind k;
    } kinds[] = {{"p", K_P},   {"pPr", K_PPR},   {"tr", K_TR},   {"trPr", K_TRPR},
                 {"tc", K_TC}, {"tcPr", K_TCPR}, {"sdt", K_SDT}, {"sdtPr", K_SDTPR}};
    if (local[0] == 'p' || local[0] == 't' || local[0] == 's')
        for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
            if (kinds[i].name[0] == local[0] && strcmp(local, kinds[i].name) == 0) {
                d->kinds[me] = (unsigned char)kinds[i].k;
                d->removed[me] = 0;
                return GRILLE_OK;
            }
    /* the run: the most frequent element, which only holds others */
    if (local[0] == 'r' && !local[1]) return GRILLE_OK;
    switch (action_of(local)) {
    case ACT_TEXT:
        if (!d->ninstr) d->text = me;
        return GRILLE_OK;
    case ACT_TAB: d->skip = me; return put(d, "\t");
    case ACT_BREAK: d->skip = me; return put(d, "\n");
    case ACT_HYPHEN: d->skip = me; return put(d, "-");
    case ACT_FLDCHAR:
        field_char(d, attr_of(nattr, attrs, "fldCharType"));
        d->skip = me;
        return GRILLE_OK;
    case ACT_INS: d->ins++; return GRILLE_OK;
    case ACT_DEL:
        d->del++;
        d->skip = me;
        return GRILLE_OK;
    case ACT_GRAPHIC:
        d->skip = me;
        d->graphic = 1;
        d->graphic_box = strcmp(local, "txbxContent") == 0;
        return GRILLE_OK;
    case ACT_COMMENT:
        d->comments++;
        d->skip = me;
        return GRILLE_OK;
    case ACT_NOTE:
        d->notes++;
        d->skip = me;
        return GRILLE_OK;
    case ACT_CHUNK:
        d->chunks++;
        d->skip = me;
        return GRILLE_OK;
    case ACT_SKIP: d->skip = me; return GRILLE_OK;
    default: return GRILLE_OK;
    }
}

/* Markup compatibility: the first mc:Choice is read, mc:Fallback never
 * (it repeats the choice for older readers, as VML). */
static void start_mc(docx *d, const char *local) {
    unsigned me = d->depth;
    if (strcmp(local, "AlternateContent") == 0) d->kinds[me] = K_ALTC;
    else if (strcmp(local, "Fallback") == 0) d->skip = me;
    else if (strcmp(local, "Choice") == 0) {
        if (d->kinds[me - 1] == K_ALTC_READ) d->skip = me;
        else if (d->kinds[me - 1] == K_ALTC) d->kinds[me - 1] = K_ALTC_READ;
    }
}

/* Which namespace uri is: 1 WordprocessingML, 2 markup compatibility, 0
 * another (remembered by pointer). */
static int ns_of(docx *d, const char *uri) {
    if (!uri) return 0;
    if (uri == d->w_uri) return 1;
    if (uri == d->mc_uri) return 2;
    if (uri == d->other_uri) return 0;
    if (d->wns && strcmp(uri, d->wns) == 0) {
        d->w_uri = uri;
        return 1;
    }
    if (strcmp(uri, MC_NS) == 0) {
        d->mc_uri = uri;
        return 2;
    }
    d->other_uri = uri;
    return 0;
}

static int on_start(void *user, const char *local, const char *uri, int nattr, const char **attrs) {
    docx *d = user;
    if (++d->depth >= MAX_DEPTH) d->skip = d->skip ? d->skip : d->depth; /* libxml2 stops before */
    if (d->depth < MAX_DEPTH) d->kinds[d->depth] = K_OTHER;
    if (d->skip) {
        if (d->graphic && local[0] == 't' && strcmp(local, "txbxContent") == 0 && ns_of(d, uri) == 1)
            d->graphic_box = 1;
        return GRILLE_OK;
    }
    if (d->depth == 1) {
        d->wns = uri && strcmp(uri, W_STRICT_NS) == 0 ? W_STRICT_NS : W_NS;
        if (!uri || strcmp(uri, d->wns) != 0 || strcmp(local, "document") != 0)
            return grille_fail(d->err, GRILLE_ETRANSCRIPT, d->s->name, 0, 0, 0,
                               "word/document.xml is not a Word document body (its root is <%s>)", local);
        return GRILLE_OK;
    }
    int ns = ns_of(d, uri), in_w = ns == 1;
    if (!d->body) {
        if (d->depth == 2 && in_w && strcmp(local, "body") == 0) d->body = 2;
        else d->skip = d->depth;
        return GRILLE_OK;
    }
    if (ns == 2) {
        start_mc(d, local);
        return GRILLE_OK;
    }
    return in_w ? start_w(d, local, nattr, attrs) : GRILLE_OK;
}

static int on_end(void *user, const char *local, const char *uri) {
    docx *d = user;
    (void)local;
    (void)uri;
    unsigned me = d->depth--;
    if (d->skip) {
        if (me == d->skip) {
            d->skip = 0;
            if (d->graphic) d->textboxes += (unsigned)d->graphic_box;
            d->graphic = d->graphic_box = 0;
        }
        return GRILLE_OK;
    }
    if (me == d->text) d->text = 0;
    if (me == d->body) d->body = 0;
    /* a paragraph ends its line, unless its mark was deleted: then it
     * runs on into the next one */
    if (me < MAX_DEPTH && d->kinds[me] == K_P && !d->removed[me]) return source_puts(d->s, "\n");
    return GRILLE_OK;
}

static int on_text(void *user, const char *text, size_t len) {
    docx *d = user;
    if (!d->text || d->skip || d->ninstr) return GRILLE_OK; /* text counts only inside w:t */
    return source_append(d->s, text, len);
}

/* Empty elements of run and paragraph formatting, which hold no text
 * and decide nothing here (not w:tab, w:br, w:del..., which do): the
 * parse may skip them (xml_prune.h), most of the attributes of a .docx.
 * Then w:rPr and w:pPr are often left empty, and go too. */
static const char *const formatting[] = {"rPr",
                                         "pPr",
                                         "pStyle",
                                         "rStyle",
                                         "bidi",
                                         "spacing",
                                         "jc",
                                         "ind",
                                         "rFonts",
                                         "sz",
                                         "szCs",
                                         "lang",
                                         "b",
                                         "bCs",
                                         "i",
                                         "iCs",
                                         "color",
                                         "kern",
                                         "u",
                                         "vertAlign",
                                         "highlight",
                                         "shd",
                                         "noProof",
                                         "keepNext",
                                         "keepLines",
                                         "widowControl",
                                         "outlineLvl",
                                         "snapToGrid",
                                         "autoSpaceDE",
                                         "autoSpaceDN",
                                         "adjustRightInd",
                                         "textAlignment",
                                         "contextualSpacing",
                                         "suppressAutoHyphens",
                                         "webHidden",
                                         "position",
                                         "caps",
                                         "smallCaps",
                                         "strike",
                                         "dstrike",
                                         "vanish",
                                         "rtl",
                                         "cs",
                                         "w",
                                         "numId",
                                         "ilvl",
                                         NULL};

/* The parse starts over on the original XML (xmlsafe.h): forget it all. */
static int on_restart(void *user) {
    docx *d = user;
    source *s = d->s;
    grille_error *err = d->err;
    size_t start = d->text_start;
    memset(d, 0, sizeof *d);
    d->s = s;
    d->err = err;
    d->text_start = s->text.len = start;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* notes, metadata, the whole                                          */

static int add_notes(docx *d) {
    source *s = d->s;
    if ((d->ins || d->del) && source_note(s, 0, 0,
                                          "tracked changes read as accepted: %u insertion(s) kept, %u deletion(s) "
                                          "left out",
                                          d->ins, d->del))
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

/* docProps/core.xml, followed as a stream (no tree): the text of four
 * children of the root element, each the first of its name. */
enum { CORE_TITLE, CORE_CREATOR, CORE_CREATED, CORE_MODIFIED, CORE_FIELDS };
static const struct {
    const char *ns, *local, *key;
    int date; /* a date keeps its day (YYYY-MM-DD) */
} core_fields[CORE_FIELDS] = {{DC_NS, "title", "titre", 0},
                              {DC_NS, "creator", "auteur", 0},
                              {DCTERMS_NS, "created", "date_creation", 1},
                              {DCTERMS_NS, "modified", "date_modification", 1}};

typedef struct core {
    unsigned depth;
    int in;         /* the field whose text is being read, or -1 */
    unsigned in_at; /* its depth */
    int seen[CORE_FIELDS];
    gbuf text[CORE_FIELDS];
} core;

static int core_start(void *user, const char *local, const char *uri, int nattr, const char **attrs) {
    core *c = user;
    (void)nattr;
    (void)attrs;
    c->depth++;
    if (c->depth != 2 || c->in >= 0 || !uri) return GRILLE_OK;
    for (int f = 0; f < CORE_FIELDS; f++)
        if (!c->seen[f] && strcmp(local, core_fields[f].local) == 0 && strcmp(uri, core_fields[f].ns) == 0) {
            c->seen[f] = 1;
            c->in = f;
            c->in_at = c->depth;
            break;
        }
    return GRILLE_OK;
}

static int core_end(void *user, const char *local, const char *uri) {
    core *c = user;
    (void)local;
    (void)uri;
    if (c->in >= 0 && c->depth == c->in_at) c->in = -1;
    c->depth--;
    return GRILLE_OK;
}

static int core_text(void *user, const char *text, size_t len) {
    core *c = user;
    if (c->in >= 0 && gbuf_append(&c->text[c->in], text, len)) return GRILLE_ENOMEM;
    return GRILLE_OK;
}

/* The fields found, as variables, in core_fields' order. */
static int add_core_vars(source *s, const core *c) {
    for (int f = 0; f < CORE_FIELDS; f++) {
        if (!c->seen[f]) continue;
        const char *v = c->text[f].data ? c->text[f].data : "";
        size_t len = c->text[f].len;
        while (len && (unsigned char)*v <= ' ') {
            v++;
            len--;
        }
        if (core_fields[f].date) len = source_date_len(v, len);
        if (source_add_var(s, core_fields[f].key, v, len)) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

static long entry_read(void *ctx, char *buf, size_t cap, grille_error *err) {
    return zipread_fread(ctx, buf, cap, err);
}
static int entry_rewind(void *ctx, grille_error *err) { return zipread_frewind(ctx, err); }

/* docProps/core.xml is optional: one that cannot be parsed costs its
 * variables and a note, not the interview. */
static int read_core(source *s, zipread *z, grille_error *err) {
    static const xmlsafe_events events = {core_start, core_end, core_text, NULL, NULL};
    zipread_file *f;
    int rc = zipread_fopen(z, "docProps/core.xml", &f, err);
    if (rc || !f) return rc;
    core c;
    memset(&c, 0, sizeof c);
    c.in = -1;
    grille_error perr;
    xmlsafe_input in = {entry_read, entry_rewind, f};
    rc = xmlsafe_stream_input(&in, s->name, "docProps/core.xml", &events, &c, &perr);
    zipread_fclose(f);
    if (rc == GRILLE_EXML) /* not well formed: the archive itself may be damaged */
        rc = source_note(s, 0, 0, "docProps/core.xml left out (%u:%u: %s)", perr.line, perr.column, perr.message);
    else if (rc) {
        if (err) *err = perr;
    } else rc = add_core_vars(s, &c);
    for (int k = 0; k < CORE_FIELDS; k++) gbuf_free(&c.text[k]);
    return rc;
}

static const xmlsafe_events fast = {on_start, on_end, on_text, on_restart, formatting};
static const xmlsafe_events slow = {on_start, on_end, on_text, NULL, NULL};

/* Reads word/document.xml from in, or from xml[0..len) when in is NULL. */
static int read_body(source *s, const xmlsafe_input *in, const char *xml, size_t len, int plain, grille_error *err) {
    docx *d = calloc(1, sizeof *d);
    if (!d) return grille_fail(err, GRILLE_ENOMEM, s->name, 0, 0, 0, "out of memory");
    d->s = s;
    d->err = err;
    d->text_start = s->text.len;
    const char *part = "word/document.xml";
    int rc = in ? xmlsafe_stream_input(in, s->name, part, &fast, d, err)
                : xmlsafe_stream_xml(xml, len, s->name, part, plain ? &slow : &fast, d, err);
    if (!rc) rc = add_notes(d);
    free(d);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, s->name, 0, 0, 0, "out of memory");
    return rc;
}

int source_read_docx_body(source *s, const char *xml, size_t len, int plain, grille_error *err) {
    return read_body(s, NULL, xml, len, plain, err);
}

int source_read_docx(source *s, const char *data, size_t len, grille_error *err) {
    zipread *z;
    int rc = zipread_open(&z, data, len, s->name, ".docx", err);
    if (rc) return rc;
    zipread_file *body = NULL;
    rc = read_core(s, z, err);
    if (!rc) rc = zipread_fopen(z, "word/document.xml", &body, err);
    if (!rc && !body)
        rc = grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                         "the archive has no word/document.xml: not a Word document");
    if (!rc) {
        /* inflated, escaped and parsed a piece at a time */
        xmlsafe_input in = {entry_read, entry_rewind, body};
        rc = read_body(s, &in, NULL, 0, 0, err);
    }
    zipread_fclose(body);
    zipread_close(z);
    return rc;
}

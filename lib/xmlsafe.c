/* xmlsafe.c - hardened libxml2 parsing from memory, and a tree walk
 * that does not recurse. */
#include "xmlsafe.h"
#include "utf8.h"
#include "xml_ascii.h"
#include "xml_prune.h"
#include <limits.h>
#include <stdio.h>
#include <libxml/HTMLparser.h>
#include <libxml/SAX2.h>
#include <libxml/parser.h>
#include <libxml/parserInternals.h>
#include <libxml/xmlerror.h>

typedef struct parse_state {
    const char *data;
    size_t len;
    int have; /* first holds the first error */
    int oom;
    xmlError first; /* line, int2 (column) and code only: the rest points
                     * into the parser, freed before the error is used */
    char message[400];
    int entity; /* an entity declaration was seen */
    char entity_name[64];
    unsigned entity_line;
    const xmlsafe_lean *lean;     /* what the tree may leave out, or NULL */
    unsigned pruned;              /* depth inside a subtree left out */
    const xmlsafe_events *events; /* streaming: the reader's callbacks */
    void *user;
    int stopped;       /* a callback failed: its code */
    int escaped;       /* the parse runs on xml_ascii's copy: decode */
    int escaped_attrs; /* attribute values may hold escapes */
    int decode_oom;    /* decoding an attribute ran out of memory */
    xml_ascii_state esc;
} parse_state;

static void keep_error(parse_state *st, const xmlError *e) {
    if (e->code == XML_ERR_NO_MEMORY) st->oom = 1;
    if (e->level < XML_ERR_ERROR || st->have) return;
    st->have = 1;
    st->first.line = e->line;
    st->first.int2 = e->int2;
    st->first.code = e->code;
    snprintf(st->message, sizeof st->message, "%s", e->message ? e->message : grille_msg("malformed XML"));
    size_t n = strlen(st->message);
    while (n && (st->message[n - 1] == '\n' || st->message[n - 1] == ' ')) st->message[--n] = '\0';
}

/* The parser's own handler: the parser passes its context (userData is
 * the context itself, which the default SAX handlers rely on), and our
 * state hangs off _private. */
static void on_parse_error(void *data, xmlErrorPtr e) {
    xmlParserCtxtPtr ctxt = data;
    keep_error(ctxt->_private, e);
}

/* Errors raised outside any parser context (iconv failures in
 * encoding.c) would reach libxml2's per-thread default handler, which
 * prints to stderr: for the duration of a parse, the thread's handlers
 * send them to the same state.  The caller's handlers are put back. */
static void on_stray_error(void *data, xmlErrorPtr e) { keep_error(data, e); }

static void silent_generic(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

void xmlsafe_divert_errors(xmlsafe_saved_errors *h, void *ctx, xmlStructuredErrorFunc on_error) {
    h->generic = xmlGenericError;
    h->generic_ctx = xmlGenericErrorContext;
    h->structured = xmlStructuredError;
    h->structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlSetStructuredErrorFunc(ctx, on_error);
}

void xmlsafe_restore_errors(const xmlsafe_saved_errors *h) {
    xmlSetGenericErrorFunc(h->generic_ctx, h->generic);
    xmlSetStructuredErrorFunc(h->structured_ctx, h->structured);
}

xmlParserCtxtPtr xmlsafe_new_parser(void *owner, xmlStructuredErrorFunc on_error, entityDeclSAXFunc on_entity) {
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    if (!ctxt) return NULL;
    ctxt->_private = owner;
    ctxt->sax->serror = on_error;
    ctxt->sax->entityDecl = on_entity;
    return ctxt;
}

static int hardened(int options);

xmlDocPtr xmlsafe_read(xmlParserCtxtPtr ctxt, const char *data, size_t len, const char *url, int options) {
    return xmlCtxtReadMemory(ctxt, data, (int)len, url, NULL, hardened(options));
}

static int hardened(int options) {
    /* NOENT would substitute entities, DTDLOAD/DTDATTR/DTDVALID fetch a
     * DTD, HUGE lift libxml2's own limits: never, whoever asks */
    options &= ~(XML_PARSE_NOENT | XML_PARSE_DTDLOAD | XML_PARSE_DTDATTR | XML_PARSE_DTDVALID | XML_PARSE_HUGE);
    return XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING | options;
}

xmlDocPtr xmlsafe_read_io(xmlParserCtxtPtr ctxt, xmlInputReadCallback read, void *ctx, const char *url, int options) {
    return xmlCtxtReadIO(ctxt, read, NULL, ctx, url, NULL, hardened(options));
}

/* An entity is the door to billion-laughs expansion and to external
 * files: none of the formats grille reads needs one. */
static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId, const xmlChar *systemId,
                           xmlChar *content) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (!st->entity) {
        st->entity = 1;
        snprintf(st->entity_name, sizeof st->entity_name, "%s", name ? (const char *)name : "");
        st->entity_line = ctxt->input && ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 0;
    }
    (void)type;
    (void)publicId;
    (void)systemId;
    (void)content;
    xmlStopParser(ctxt);
}

/* Byte offset of (line, column) in data: column counts code points. */
static size_t offset_of(const char *data, size_t len, unsigned line, unsigned column) {
    size_t i = 0;
    for (unsigned l = 1; l < line && i < len; l++) {
        const char *nl = memchr(data + i, '\n', len - i);
        if (!nl) return len;
        i = (size_t)(nl - data) + 1;
    }
    for (unsigned c = 1; c < column && i < len; c++) {
        i++;
        while (i < len && ((unsigned char)data[i] & 0xC0) == 0x80) i++;
    }
    return i;
}

static int parse_failure(const parse_state *st, const char *file, const char *part, grille_error *err) {
    char where[600];
    if (part) snprintf(where, sizeof where, "%s: %s", file, part);
    else snprintf(where, sizeof where, "%s", file);
    if (st->oom) return grille_fail(err, GRILLE_ENOMEM, where, 0, 0, 0, "out of memory");
    if (st->entity) {
        unsigned line = st->entity_line;
        return grille_fail(err, GRILLE_EXML, where, line, 0, part ? 0 : offset_of(st->data, st->len, line, 1),
                           "the document declares an entity ('%s'): grille reads no document that "
                           "does, as entities can expand without end or name files to read",
                           st->entity_name);
    }
    unsigned line = st->have && st->first.line > 0 ? (unsigned)st->first.line : 0;
    unsigned col = st->have && st->first.int2 > 0 ? (unsigned)st->first.int2 : 0;
    size_t off = part || !line ? 0 : offset_of(st->data, st->len, line, col ? col : 1);
    return grille_fail(err, GRILLE_EXML, where, line, col, off, "malformed XML: %s",
                       st->have ? st->message : grille_msg("the document is not well formed"));
}

/* ------------------------------------------------------------------ */
/* a lean tree: subtrees and attributes a reader never looks at are not
 * built (Word writes a run's formatting, and rsid attributes, around
 * every few words: building them took most of a .docx's reading time) */

static int in_names(const char *const *names, const char *name) {
    for (size_t i = 0; names && names[i]; i++)
        if (strcmp(names[i], name) == 0) return 1;
    return 0;
}

/* Whether the element name, child of parent, is left out.  Called for
 * every element: the first bytes decide most cases. */
static int pruned(const xmlsafe_lean *lean, const char *parent, const char *name) {
    for (size_t i = 0; lean->prune && lean->prune[i]; i++) {
        const char *e = lean->prune[i];
        const char *p = parent;
        if (e[0] != name[0] && (!p || e[0] != p[0])) continue;
        /* "name" */
        size_t k = 0;
        while (e[k] && e[k] != '/' && e[k] == name[k]) k++;
        if (!e[k] && !name[k]) return 1;
        if (!p) continue;
        /* "parent/name", or "parent/" and a star */
        k = 0;
        while (e[k] && e[k] != '/' && e[k] == p[k]) k++;
        if (e[k] != '/' || p[k]) continue;
        const char *child = e + k + 1;
        if (child[0] == '*' && !child[1]) {
            if (!in_names(lean->spare, name)) return 1;
        } else if (strcmp(child, name) == 0) return 1;
    }
    return 0;
}

static void lean_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                       const xmlChar **ns, int nattr, int ndefaulted, const xmlChar **attrs) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (st->pruned) {
        st->pruned++;
        return;
    }
    const char *parent = ctxt->node ? (const char *)ctxt->node->name : NULL;
    if (pruned(st->lean, parent, (const char *)local)) {
        st->pruned = 1;
        return;
    }
    if (st->lean->keep_attributes && !in_names(st->lean->keep_attributes, (const char *)local)) nattr = ndefaulted = 0;
    xmlSAX2StartElementNs(ctx, local, prefix, uri, nns, ns, nattr, ndefaulted, attrs);
}

static void lean_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (st->pruned) {
        st->pruned--;
        return;
    }
    xmlSAX2EndElementNs(ctx, local, prefix, uri);
}

static void lean_text(void *ctx, const xmlChar *ch, int len) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (!st->pruned) xmlSAX2Characters(ctx, ch, len);
}

/* ------------------------------------------------------------------ */
/* streaming: no tree at all                                           */

/* Escaped attribute values (xml_ascii.h), decoded into one buffer. */
static int escaped_start(parse_state *st, const char *local, const char *uri, int nattr, const char **attrs) {
    size_t need = 0;
    int any = 0;
    for (int i = 0; i < nattr; i++) {
        size_t n = (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]);
        need += n;
        if (n && memchr(attrs[5 * i + 3], XML_ASCII_ESCAPE, n)) any = 1;
    }
    if (!any) return st->events->start(st->user, local, uri, nattr, attrs);
    const char **copy = malloc((size_t)nattr * 5 * sizeof *copy);
    char *buf = malloc(need + 1);
    if (!copy || !buf) {
        free(copy);
        free(buf);
        st->decode_oom = 1;
        return GRILLE_ENOMEM;
    }
    memcpy(copy, attrs, (size_t)nattr * 5 * sizeof *copy);
    size_t at = 0;
    for (int i = 0; i < nattr; i++) {
        size_t n = (size_t)(attrs[5 * i + 4] - attrs[5 * i + 3]), used;
        xml_ascii_state one = {0, 0};
        size_t m = n ? xml_ascii_decode(&one, attrs[5 * i + 3], n, buf + at, n, &used) : 0;
        copy[5 * i + 3] = buf + at;
        copy[5 * i + 4] = buf + at + m;
        at += m;
    }
    int rc = st->events->start(st->user, local, uri, nattr, copy);
    free(copy);
    free(buf);
    return rc;
}

/* Escaped text, decoded piece by piece (an escape may straddle two). */
static int escaped_text(parse_state *st, const char *p, size_t len) {
    char buf[4096];
    while (len) {
        size_t used, n = xml_ascii_decode(&st->esc, p, len, buf, sizeof buf, &used);
        if (n) {
            int rc = st->events->text(st->user, buf, n);
            if (rc) return rc;
        }
        p += used;
        len -= used;
    }
    return GRILLE_OK;
}

static void ev_start(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri, int nns,
                     const xmlChar **ns, int nattr, int ndefaulted, const xmlChar **attrs) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    (void)prefix;
    (void)nns;
    (void)ns;
    (void)ndefaulted;
    if (st->stopped) return;
    int rc;
    if (st->escaped) st->esc.pending = 0;
    if (st->escaped_attrs) {
        rc = escaped_start(st, (const char *)local, (const char *)uri, nattr, (const char **)attrs);
    } else rc = st->events->start(st->user, (const char *)local, (const char *)uri, nattr, (const char **)attrs);
    if (rc) {
        st->stopped = rc;
        xmlStopParser(ctxt);
    }
}

static void ev_end(void *ctx, const xmlChar *local, const xmlChar *prefix, const xmlChar *uri) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    (void)prefix;
    if (st->stopped) return;
    st->esc.pending = 0;
    int rc = st->events->end(st->user, (const char *)local, (const char *)uri);
    if (rc) {
        st->stopped = rc;
        xmlStopParser(ctxt);
    }
}

static void ev_text(void *ctx, const xmlChar *ch, int len) {
    xmlParserCtxtPtr ctxt = ctx;
    parse_state *st = ctxt->_private;
    if (st->stopped) return;
    int rc;
    if (st->escaped && (st->esc.pending || memchr(ch, XML_ASCII_ESCAPE, (size_t)len)))
        rc = escaped_text(st, (const char *)ch, (size_t)len);
    else rc = st->events->text(st->user, (const char *)ch, (size_t)len);
    if (rc) {
        st->stopped = rc;
        xmlStopParser(ctxt);
    }
}

typedef struct xml_pipe xml_pipe;
static int pipe_read(void *ctx, char *buffer, int len);

/* The one XML parse: hardened, errors kept off stderr, the SAX handlers
 * set by mode (a full tree, a lean tree, or the reader's events); from
 * data[0..len), or from pipe when not NULL.  Returns the tree in *doc
 * when one is built. */
static int parse_xml(const char *data, size_t len, xml_pipe *pipe, const char *file, const char *part, parse_state *st,
                     xmlDocPtr *doc, grille_error *err) {
    if (!file) file = "<memory>";
    if (len > XMLSAFE_MAX_INPUT || len > INT_MAX)
        return part ? grille_fail(err, GRILLE_ELIMIT, file, 0, 0, 0, "%s is larger than %zu MiB", part,
                                  XMLSAFE_MAX_INPUT >> 20)
                    : grille_fail(err, GRILLE_ELIMIT, file, 0, 0, 0, "larger than %zu MiB", XMLSAFE_MAX_INPUT >> 20);
    st->data = data;
    st->len = len;
    xmlsafe_saved_errors saved;
    xmlsafe_divert_errors(&saved, st, on_stray_error);
    xmlParserCtxtPtr ctxt = xmlsafe_new_parser(st, on_parse_error, on_entity_decl);
    if (!ctxt) {
        xmlsafe_restore_errors(&saved);
        return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
    }
    if (st->events) {
        ctxt->sax->startElementNs = ev_start;
        ctxt->sax->endElementNs = ev_end;
        ctxt->sax->characters = ev_text;
        ctxt->sax->cdataBlock = ev_text;
        ctxt->sax->ignorableWhitespace = ev_text;
        ctxt->sax->comment = NULL;
        ctxt->sax->processingInstruction = NULL;
    } else if (st->lean) {
        ctxt->sax->startElementNs = lean_start;
        ctxt->sax->endElementNs = lean_end;
        ctxt->sax->characters = lean_text;
        ctxt->sax->ignorableWhitespace = lean_text;
    }
    int options = XML_PARSE_NOERROR | (st->events ? 0 : XML_PARSE_NOCDATA);
    xmlDocPtr d =
        pipe ? xmlsafe_read_io(ctxt, pipe_read, pipe, NULL, options) : xmlsafe_read(ctxt, data, len, NULL, options);
    if (ctxt->errNo == XML_ERR_NO_MEMORY) st->oom = 1;
    int ok = (d || st->events) && !st->stopped && !st->have && !st->entity && !st->oom && ctxt->wellFormed &&
             ctxt->nsWellFormed;
    xmlFreeParserCtxt(ctxt);
    xmlsafe_restore_errors(&saved);
    if (!ok || st->events) {
        /* events leave an empty document behind */
        if (d) xmlFreeDoc(d);
        d = NULL;
    }
    if (st->stopped) return st->stopped;
    if (!ok) return parse_failure(st, file, part, err);
    if (doc) *doc = d;
    return GRILLE_OK;
}

int xmlsafe_parse_xml(const char *data, size_t len, const char *file, const char *part, xmlDocPtr *doc,
                      grille_error *err) {
    return xmlsafe_parse_xml_lean(data, len, file, part, NULL, doc, err);
}

int xmlsafe_parse_xml_lean(const char *data, size_t len, const char *file, const char *part, const xmlsafe_lean *lean,
                           xmlDocPtr *doc, grille_error *err) {
    *doc = NULL;
    parse_state st;
    memset(&st, 0, sizeof st);
    st.lean = lean;
    return parse_xml(data, len, NULL, file, part, &st, doc, err);
}

/* ------------------------------------------------------------------ */
/* the escaped copy, made as the document is read                      */

/* small enough to stay in the cache from the archive to the parser */
#define PIPE_PIECE ((size_t)16 << 10)

/* input -> raw -> (xml_ascii) -> esc -> (xml_prune) -> the parser, which
 * reads esc[pos..ready); esc[ready..len) is a tag cut by a piece's end. */
struct xml_pipe {
    const xmlsafe_input *in;
    parse_state *st;
    gbuf raw, esc;
    size_t pos, ready;
    int eof, prune;
    size_t total;
    xml_ascii_stream enc;
    xml_prune_stream pr;
    int failed; /* why the pipe stopped: a GRILLE_E* code (in err),
                 * or XML_ASCII_NOT_EQUIVALENT */
    grille_error err;
    const char *file;
};

static int pipe_fail(xml_pipe *p, int code) {
    p->failed = code;
    if (code == GRILLE_ENOMEM) grille_fail(&p->err, code, p->file, 0, 0, 0, "out of memory");
    return -1;
}

/* Brings the next final bytes into esc[0..ready). */
static int pipe_fill(xml_pipe *p) {
    size_t tail = p->esc.len - p->ready;
    if (tail) memmove(p->esc.data, p->esc.data + p->ready, tail);
    p->esc.len = tail;
    p->pos = p->ready = 0;
    while (!p->ready) {
        if (!p->eof) {
            if (gbuf_reserve(&p->raw, PIPE_PIECE)) return pipe_fail(p, GRILLE_ENOMEM);
            long got = p->in->read(p->in->ctx, p->raw.data + p->raw.len, PIPE_PIECE, &p->err);
            if (got < 0) return pipe_fail(p, (int)got);
            if (got == 0) p->eof = 1;
            p->raw.len += (size_t)got;
            p->total += (size_t)got;
            if (p->total > XMLSAFE_MAX_INPUT) {
                grille_fail(&p->err, GRILLE_ELIMIT, p->file, 0, 0, 0, "larger than %zu MiB", XMLSAFE_MAX_INPUT >> 20);
                return pipe_fail(p, GRILLE_ELIMIT);
            }
        }
        long used = xml_ascii_encode_piece(&p->enc, p->raw.data, p->raw.len, p->eof, &p->esc);
        if (used < 0) return pipe_fail(p, used == -1 ? GRILLE_ENOMEM : XML_ASCII_NOT_EQUIVALENT);
        p->raw.len -= (size_t)used;
        if (p->raw.len) memmove(p->raw.data, p->raw.data + used, p->raw.len);
        size_t n = p->esc.len;
        p->ready = p->prune ? xml_prune_piece(&p->pr, p->esc.data, &n, p->eof) : n;
        p->esc.len = n;
        if (p->eof) break; /* all of it is final */
    }
    /* before the parser reads the bytes that made it so */
    p->st->escaped_attrs = p->enc.in_markup;
    return 0;
}

/* Fills the parser's buffer whole, as a file would: libxml2 2.9 failed
 * on a document with a comment and a CDATA section when it was handed
 * one byte a read (tests/check_xml_ascii.c reads in pieces of 1). */
static int pipe_read(void *ctx, char *buffer, int len) {
    xml_pipe *p = ctx;
    if (p->failed) return -1;
    size_t done = 0;
    while (done < (size_t)len) {
        if (p->pos == p->ready) {
            if (p->eof && !p->raw.len && p->ready == p->esc.len) break;
            if (pipe_fill(p)) return -1;
            continue;
        }
        size_t n = p->ready - p->pos;
        if (n > (size_t)len - done) n = (size_t)len - done;
        memcpy(buffer + done, p->esc.data + p->pos, n);
        p->pos += n;
        done += n;
    }
    return (int)done;
}

/* The whole input in memory, for a parse of the original. */
static int read_whole(const xmlsafe_input *in, const char *file, gbuf *b, grille_error *err) {
    for (;;) {
        if (gbuf_reserve(b, PIPE_PIECE)) return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
        long got = in->read(in->ctx, b->data + b->len, PIPE_PIECE, err);
        if (got < 0) return (int)got;
        if (got == 0) return GRILLE_OK;
        b->len += (size_t)got;
        if (b->len > XMLSAFE_MAX_INPUT) return GRILLE_OK; /* parse_xml says it is too large */
    }
}

static int stream_input(const xmlsafe_input *in, const char *data, size_t len, const char *file, const char *part,
                        const xmlsafe_events *events, void *user, grille_error *err) {
    parse_state st;
    if (!file) file = "<memory>";
    if (events->restart) {
        xml_pipe *p = calloc(1, sizeof *p);
        if (!p) return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
        p->in = in;
        p->st = &st;
        p->file = file;
        p->prune = events->droppable != NULL;
        if (p->prune) xml_prune_init(&p->pr, events->droppable);
        memset(&st, 0, sizeof st);
        st.events = events;
        st.user = user;
        st.escaped = 1;
        grille_error perr;
        int rc = parse_xml(NULL, 0, p, file, part, &st, NULL, &perr);
        int failed = p->failed;
        if (failed && failed != XML_ASCII_NOT_EQUIVALENT && err) *err = p->err;
        gbuf_free(&p->raw);
        gbuf_free(&p->esc);
        free(p);
        if (failed && failed != XML_ASCII_NOT_EQUIVALENT) return failed;
        if (st.decode_oom) return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
        if (st.stopped) return st.stopped;
        if (rc == GRILLE_OK) return rc;
        /* not equivalent, or not well-formed as escaped (a name with
         * non-ASCII letters, or the original is not well-formed either):
         * the original decides, and its errors have the right columns */
        rc = events->restart(user);
        if (!rc && !data) rc = in->rewind(in->ctx, err);
        if (rc) return rc;
    }
    memset(&st, 0, sizeof st);
    st.events = events;
    st.user = user;
    if (data) return parse_xml(data, len, NULL, file, part, &st, NULL, err);
    gbuf b = {0};
    int rc = read_whole(in, file, &b, err);
    if (!rc) rc = parse_xml(b.data ? b.data : "", b.len, NULL, file, part, &st, NULL, err);
    gbuf_free(&b);
    return rc;
}

int xmlsafe_stream_input(const xmlsafe_input *in, const char *file, const char *part, const xmlsafe_events *events,
                         void *user, grille_error *err) {
    return stream_input(in, NULL, 0, file, part, events, user, err);
}

static long memory_read(void *ctx, char *buf, size_t cap, grille_error *err) {
    xmlsafe_memory *m = ctx;
    (void)err;
    size_t n = m->len - m->at;
    if (m->piece && n > m->piece) n = m->piece;
    if (n > cap) n = cap;
    if (n) memcpy(buf, m->data + m->at, n);
    m->at += n;
    return (long)n;
}

static int memory_rewind(void *ctx, grille_error *err) {
    (void)err;
    ((xmlsafe_memory *)ctx)->at = 0;
    return GRILLE_OK;
}

xmlsafe_input xmlsafe_memory_input(xmlsafe_memory *m, const char *data, size_t len, size_t piece) {
    *m = (xmlsafe_memory){data, len, 0, piece};
    return (xmlsafe_input){memory_read, memory_rewind, m};
}

int xmlsafe_stream_xml(const char *data, size_t len, const char *file, const char *part, const xmlsafe_events *events,
                       void *user, grille_error *err) {
    if (len > XMLSAFE_MAX_INPUT) {
        parse_state st;
        memset(&st, 0, sizeof st);
        return parse_xml(data, len, NULL, file, part, &st, NULL, err); /* says so */
    }
    xmlsafe_memory m;
    xmlsafe_input in = xmlsafe_memory_input(&m, data, len, 0);
    return stream_input(&in, data, len, file, part, events, user, err);
}

int xmlsafe_parse_html(const char *data, size_t len, const char *file, const char *encoding, xmlDocPtr *doc,
                       grille_error *err) {
    *doc = NULL;
    if (!file) file = "<memory>";
    if (len > XMLSAFE_MAX_INPUT || len > INT_MAX)
        return grille_fail(err, GRILLE_ELIMIT, file, 0, 0, 0, "larger than %zu MiB", XMLSAFE_MAX_INPUT >> 20);
    if (len == 0) return GRILLE_OK;
    parse_state st;
    memset(&st, 0, sizeof st);
    xmlsafe_saved_errors saved;
    xmlsafe_divert_errors(&saved, &st, on_stray_error);
    htmlParserCtxtPtr ctxt = htmlNewParserCtxt();
    if (!ctxt) {
        xmlsafe_restore_errors(&saved);
        return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
    }
    ctxt->_private = &st;
    /* The HTML parser's SAX handler is not SAX2, so libxml2 would not
     * call a per-context structured handler: NOERROR and NOWARNING drop
     * its messages at the source instead (an HTML error is never fatal). */
    xmlDocPtr d = htmlCtxtReadMemory(ctxt, data, (int)len, NULL, encoding,
                                     HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING);
    if (ctxt->errNo == XML_ERR_NO_MEMORY) st.oom = 1;
    /* libxml2 halts (and reports nothing, with NOERROR) past 256 levels */
    int too_deep = ctxt->errNo == XML_ERR_INTERNAL_ERROR;
    unsigned line = ctxt->input && ctxt->input->line > 0 ? (unsigned)ctxt->input->line : 0;
    htmlFreeParserCtxt(ctxt);
    xmlsafe_restore_errors(&saved);
    if (st.oom || too_deep) {
        if (d) xmlFreeDoc(d);
        if (st.oom) return grille_fail(err, GRILLE_ENOMEM, file, 0, 0, 0, "out of memory");
        return grille_fail(err, GRILLE_ELIMIT, file, line, 0, 0,
                           "elements nested more than %u deep: the rest of the page would be lost", xmlParserMaxDepth);
    }
    *doc = d;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* walking and looking                                                 */

int xmlsafe_walk(xmlNodePtr root, xmlsafe_visit visit, void *ctx) {
    xmlNodePtr n = root;
    if (!n) return GRILLE_OK;
    for (;;) {
        int r = visit(ctx, n, 0);
        if (r < 0) return r;
        int entered = r == XMLSAFE_DESCEND && n->type == XML_ELEMENT_NODE;
        if (entered && n->children) {
            n = n->children;
            continue;
        }
        /* climb until a next sibling, leaving each element on the way */
        for (;;) {
            if (entered && (r = visit(ctx, n, 1)) < 0) return r;
            if (n == root) return GRILLE_OK;
            if (n->next) {
                n = n->next;
                break;
            }
            n = n->parent;
            entered = 1;
        }
    }
}

int xmlsafe_in_ns(xmlNodePtr n, const char *ns) {
    if (!n || n->type != XML_ELEMENT_NODE) return 0;
    if (!ns) return n->ns == NULL;
    return n->ns && n->ns->href && strcmp((const char *)n->ns->href, ns) == 0;
}

int xmlsafe_is(xmlNodePtr n, const char *ns, const char *local) {
    return xmlsafe_in_ns(n, ns) && strcmp((const char *)n->name, local) == 0;
}

xmlNodePtr xmlsafe_child(xmlNodePtr n, const char *ns, const char *local) {
    for (xmlNodePtr c = n ? n->children : NULL; c; c = c->next)
        if (xmlsafe_is(c, ns, local)) return c;
    return NULL;
}

const char *xmlsafe_attr(xmlNodePtr n, const char *ns, const char *local) {
    if (!n || n->type != XML_ELEMENT_NODE) return NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        if (strcmp((const char *)a->name, local) != 0) continue;
        int same_ns = ns ? a->ns && a->ns->href && strcmp((const char *)a->ns->href, ns) == 0 : a->ns == NULL;
        if (!same_ns) continue;
        xmlNodePtr t = a->children;
        if (!t) return "";
        if (t->type != XML_TEXT_NODE || t->next) return NULL;
        return t->content ? (const char *)t->content : "";
    }
    return NULL;
}

static int text_visit(void *ctx, xmlNodePtr n, int leaving) {
    if (leaving) return GRILLE_OK;
    if ((n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) && n->content &&
        gbuf_append(ctx, n->content, strlen((const char *)n->content)))
        return GRILLE_ENOMEM;
    return XMLSAFE_DESCEND;
}

int xmlsafe_text(xmlNodePtr n, gbuf *b) {
    /* an empty text still gets a buffer, so callers need no NULL test */
    if (gbuf_reserve(b, 0)) return GRILLE_ENOMEM;
    b->data[b->len] = '\0';
    return n ? xmlsafe_walk(n, text_visit, b) : GRILLE_OK;
}

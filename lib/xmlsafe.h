/* xmlsafe.h - the one way grille parses XML and HTML it did not write
 * (the parts of a .docx or .odt, an HTML transcript) with libxml2.
 *
 * Hardening, for both parsers: no network (XML_PARSE_NONET), no DTD
 * loading, no entity substitution, no XML_PARSE_HUGE; XML that declares
 * an entity (general or parameter, internal or external) is refused.
 * libxml2 reports to a handler of the parse, never to stderr.
 *
 * Limits: the input is at most XMLSAFE_MAX_INPUT bytes.  Without
 * XML_PARSE_HUGE libxml2 itself refuses (in XML and in HTML) elements
 * nested more than 256 deep, a text node over 10 MB and a name over
 * 50 000 bytes.  xmlsafe_walk() does not recurse, so a deeper tree built
 * another way is walked all the same.
 *
 * Ownership: a parsed document belongs to the caller, who frees it with
 * xmlFreeDoc().
 *
 *     xmlDocPtr doc;
 *     int rc = xmlsafe_parse_xml(data, len, "ei-01.docx", "word/document.xml", &doc, err);
 *     if (rc) return rc;   // err: "ei-01.docx: word/document.xml:12:5: ..."
 *     rc = xmlsafe_walk(xmlDocGetRootElement(doc), visit, &state);
 *     xmlFreeDoc(doc);
 */
#ifndef GRILLE_XMLSAFE_H
#define GRILLE_XMLSAFE_H
#include "internal.h"
#include <libxml/parser.h>
#include <libxml/tree.h>

#define XMLSAFE_MAX_INPUT ((size_t)256 << 20)

/**
 * Parses the XML document data[0..len) into *doc.  file names the file
 * for messages; part, when not NULL, the part of it that data is (the
 * error's file is then "file: part", so that it prints as
 * "ei-01.docx: word/document.xml:12:5: message").  Any error, even one
 * libxml2 would recover from (an unbound namespace prefix), fails the
 * parse.  Returns GRILLE_OK (*doc set; free it with xmlFreeDoc()),
 * GRILLE_EXML (malformed, or declares an entity; *doc NULL, err says
 * where), GRILLE_ELIMIT or GRILLE_ENOMEM.
 */
int xmlsafe_parse_xml(const char *data, size_t len, const char *file, const char *part, xmlDocPtr *doc,
                      grille_error *err);

/* ---- the hardening itself, for parsers with their own reporting ----
 * xmlsafe_parse_xml() and the codebook loader (which puts libxml2's
 * errors in its own words) both parse through these, so that the
 * security-relevant settings are written once. */

/* Sends libxml2's per-thread error handlers to on_error(ctx, ...) (the
 * generic one, which would print, to nothing) until
 * xmlsafe_restore_errors() puts the caller's back: some errors
 * (encoding conversion) bypass the parser context. */
typedef struct xmlsafe_saved_errors {
    xmlGenericErrorFunc generic;
    void *generic_ctx;
    xmlStructuredErrorFunc structured;
    void *structured_ctx;
} xmlsafe_saved_errors;
void xmlsafe_divert_errors(xmlsafe_saved_errors *saved, void *ctx, xmlStructuredErrorFunc on_error);
void xmlsafe_restore_errors(const xmlsafe_saved_errors *saved);

/* A parser context whose _private is owner, whose errors go to on_error
 * (called with the context: owner is ctxt->_private) and whose entity
 * declarations go to on_entity, which must refuse them (report, then
 * xmlStopParser()).  NULL out of memory; free with xmlFreeParserCtxt(). */
xmlParserCtxtPtr xmlsafe_new_parser(void *owner, xmlStructuredErrorFunc on_error, entityDeclSAXFunc on_entity);

/* Parses data[0..len) (len <= INT_MAX) with ctxt: no network, no DTD
 * loading, no entity substitution, no XML_PARSE_HUGE, whatever options
 * (more XML_PARSE_* flags) asks for.  url names the document in
 * libxml2's errors (may be NULL). */
xmlDocPtr xmlsafe_read(xmlParserCtxtPtr ctxt, const char *data, size_t len, const char *url, int options);

/* The same, reading the document through read(ctx, buffer, len) (a
 * libxml2 xmlInputReadCallback). */
xmlDocPtr xmlsafe_read_io(xmlParserCtxtPtr ctxt, xmlInputReadCallback read, void *ctx, const char *url, int options);

/* What a reader never looks at, so that the tree is built without it
 * (all checks and errors stay those of a full parse). */
typedef struct xmlsafe_lean {
    /* local names of the elements whose attributes are kept; NULL: all */
    const char *const *keep_attributes;
    /* subtrees left out: "name", "parent/name", or "parent/\*" for every
     * child of parent but those in spare (local names) */
    const char *const *prune;
    const char *const *spare;
} xmlsafe_lean;

/** xmlsafe_parse_xml() building a lean tree; lean may be NULL. */
int xmlsafe_parse_xml_lean(const char *data, size_t len, const char *file, const char *part, const xmlsafe_lean *lean,
                           xmlDocPtr *doc, grille_error *err);

/**
 * Parses HTML the way a browser would, repairing what is broken (no
 * error is fatal).  encoding names the charset to read data in, or NULL
 * to let the document's BOM or <meta charset> decide.  *doc is NULL for
 * an input without any content.  Returns GRILLE_OK (free *doc with
 * xmlFreeDoc()), GRILLE_ELIMIT (too large, or nested too deep: libxml2
 * would silently drop the rest) or GRILLE_ENOMEM.
 */
int xmlsafe_parse_html(const char *data, size_t len, const char *file, const char *encoding, xmlDocPtr *doc,
                       grille_error *err);

/* A streaming parse: no tree is built, the reader follows the events.
 * Each callback returns GRILLE_OK, or a GRILLE_E* code that stops the
 * parse and is returned as is (the callback fills the error itself).
 * attrs holds nattr entries of five pointers each (local name, prefix,
 * URI, value start, value end), as libxml2's SAX2 gives them. */
typedef struct xmlsafe_events {
    int (*start)(void *user, const char *local, const char *uri, int nattr, const char **attrs);
    int (*end)(void *user, const char *local, const char *uri);
    int (*text)(void *user, const char *text, size_t len);
    /* Optional.  When set, the parse may first run on an all-ASCII copy
     * of data, made as it is read, for speed (xml_ascii.h: the callbacks
     * get the original text and attribute values all the same).  Should
     * the copy turn out not to be equivalent (a DEL late in the
     * document), or not be well-formed where the original may be (names
     * or namespace URIs with non-ASCII characters), restart() is called
     * to forget what the callbacks saw, and the original is parsed. */
    int (*restart)(void *user);
    /* Optional, with restart: local names of empty elements the reader
     * never looks at (formatting), which the copy may leave out
     * (xml_prune.h): no event is called for them. */
    const char *const *droppable;
} xmlsafe_events;

/** Parses data as xmlsafe_parse_xml() does, with its checks and errors,
 * calling events instead of building a tree. */
int xmlsafe_stream_xml(const char *data, size_t len, const char *file, const char *part, const xmlsafe_events *events,
                       void *user, grille_error *err);

/* Where a streaming parse reads its document from, piece by piece (an
 * entry of an archive as it inflates), so that the document is never
 * held whole, unless the original has to be parsed after a restart. */
typedef struct xmlsafe_input {
    /* Reads up to cap bytes into buf: the count, 0 at the end, or a
     * negative GRILLE_E* code (err filled), which the parse returns. */
    long (*read)(void *ctx, char *buf, size_t cap, grille_error *err);
    /* Starts over from the first byte. */
    int (*rewind)(void *ctx, grille_error *err);
    void *ctx;
} xmlsafe_input;

/* data[0..len) as an input that hands out at most piece bytes a read
 * (0: as many as asked), so that tests and fuzzers can cut a document
 * anywhere.  m holds the position; data must outlive it. */
typedef struct xmlsafe_memory {
    const char *data;
    size_t len, at, piece;
} xmlsafe_memory;
xmlsafe_input xmlsafe_memory_input(xmlsafe_memory *m, const char *data, size_t len, size_t piece);

/** xmlsafe_stream_xml() on what in reads. */
int xmlsafe_stream_input(const xmlsafe_input *in, const char *file, const char *part, const xmlsafe_events *events,
                         void *user, grille_error *err);

/* What a visitor returns when it enters a node. */
enum { XMLSAFE_DESCEND = 0, XMLSAFE_SKIP = 1 };

/* Called on entering each node (leaving == 0) and, for an element it
 * descended into, on leaving it (leaving == 1).  Returns XMLSAFE_DESCEND,
 * XMLSAFE_SKIP (the node's children are not visited, nor is its leaving)
 * or a negative GRILLE_E* code, which stops the walk. */
typedef int (*xmlsafe_visit)(void *ctx, xmlNodePtr node, int leaving);

/**
 * Visits root and the nodes under it in document order, with constant
 * stack whatever the depth.  Only elements are descended into (an entity
 * reference's children belong to its declaration).  Returns GRILLE_OK or
 * the visitor's error.
 */
int xmlsafe_walk(xmlNodePtr root, xmlsafe_visit visit, void *ctx);

/* Appends the text of n and of all the nodes under it, in document
 * order, to b.  Returns GRILLE_OK or GRILLE_ENOMEM. */
int xmlsafe_text(xmlNodePtr n, gbuf *b);

/* Whether n is an element named local in namespace ns (NULL: none). */
int xmlsafe_is(xmlNodePtr n, const char *ns, const char *local);
/* Whether n is an element in namespace ns. */
int xmlsafe_in_ns(xmlNodePtr n, const char *ns);
/* The first child element of n named local in ns, or NULL. */
xmlNodePtr xmlsafe_child(xmlNodePtr n, const char *ns, const char *local);
/* The value of n's attribute local in ns (NULL: no namespace), as
 * stored in the tree (not a copy; NULL when absent or not plain text). */
const char *xmlsafe_attr(xmlNodePtr n, const char *ns, const char *local);

#endif

/* codebook_position.c - where an element or attribute is written in the
 * codebook source, as line and column (code points), for messages. */
#include "codebook_load.h"
#include "utf8.h"
#include <stdint.h>
#include <stdio.h>
#include <libxml/SAX2.h>

/* Line starts, so that a position costs a lookup, not a scan from the
 * top (a codebook of 100,000 themes has as many positions to give). */
int index_source_lines(loader *L) {
    size_t cap = 0;
    for (size_t i = 0;;) {
        if (GROW(L->line_starts, L->nlines, cap)) return GRILLE_ENOMEM;
        L->line_starts[L->nlines++] = i;
        const char *nl = memchr(L->src + i, '\n', L->len - i);
        if (!nl) break;
        i = (size_t)(nl - L->src) + 1;
    }
    return GRILLE_OK;
}

/* A byte-order mark is no character an editor shows: columns of the
 * first line start after it. */
static size_t line_start(const loader *L, unsigned line) {
    size_t s = L->line_starts[line - 1];
    if (line == 1 && L->len >= 3 && memcmp(L->src, "\xEF\xBB\xBF", 3) == 0) s = 3;
    return s;
}

void source_position(const loader *L, size_t off, unsigned *line, unsigned *col) {
    /* no index of lines (out of memory while making it): no position */
    if (!L->nlines || !L->line_starts) {
        *line = *col = 0;
        return;
    }
    if (off > L->len) off = L->len;
    size_t lo = 0, hi = L->nlines;
    while (hi - lo > 1) {
        size_t mid = (lo + hi) / 2;
        if (L->line_starts[mid] <= off) lo = mid;
        else hi = mid;
    }
    *line = (unsigned)lo + 1;
    size_t s = line_start(L, *line);
    *col = (unsigned)utf8_count(L->src + s, off > s ? off - s : 0) + 1;
}

unsigned column_of(const loader *L, unsigned line, const char *needle) {
    if (!line || line > L->nlines) return 0;
    const char *p = L->src + line_start(L, line), *end = L->src + L->len;
    const char *le = memchr(p, '\n', (size_t)(end - p));
    if (!le) le = end;
    const char *hit = NULL;
    if (needle) {
        size_t n = strlen(needle);
        for (const char *q = p; q + n <= le; q++)
            if (memcmp(q, needle, n) == 0) {
                hit = q;
                break;
            }
    }
    if (!hit) {
        hit = p;
        while (hit < le && (*hit == ' ' || *hit == '\t')) hit++;
    }
    return (unsigned)utf8_count(p, (size_t)(hit - p)) + 1;
}

/* libxml2 keeps an element's line but not its column, and two rules
 * often share a line: the byte offset of each start tag is kept in the
 * node's _private (offset + 1; 0: unknown), which libxml2 leaves to
 * applications. */
static void start_element(void *ctx, const xmlChar *localname, const xmlChar *prefix, const xmlChar *uri,
                          int nb_namespaces, const xmlChar **namespaces, int nb_attributes, int nb_defaulted,
                          const xmlChar **attributes) {
    xmlParserCtxtPtr ctxt = ctx;
    xmlSAX2StartElementNs(ctx, localname, prefix, uri, nb_namespaces, namespaces, nb_attributes, nb_defaulted,
                          attributes);
    loader *L = ctxt->_private;
    xmlNodePtr n = ctxt->node;
    long at = xmlByteConsumed(ctxt);
    if (!L || !n || at < 0 || L->len == 0) return;
    /* the parser stands on the tag's '>': its '<' is the last one before,
     * since an attribute value cannot hold '<' (src[len] may not exist) */
    size_t i = (size_t)at < L->len ? (size_t)at : L->len - 1;
    while (i > 0 && L->src[i] != '<') i--;
    if (L->src[i] == '<') n->_private = (void *)(uintptr_t)(i + 1);
}

void record_element_offsets(xmlSAXHandlerPtr sax) { sax->startElementNs = start_element; }

static size_t element_offset(const xmlNodePtr n) {
    return n && n->type == XML_ELEMENT_NODE ? (size_t)(uintptr_t)n->_private : 0;
}

void element_position(const loader *L, xmlNodePtr n, unsigned *line, unsigned *col) {
    size_t off = element_offset(n);
    if (off) {
        source_position(L, off - 1, line, col);
        return;
    }
    long l = n ? xmlGetLineNo(n) : 0;
    *line = l > 0 ? (unsigned)l : 0;
    char needle[128];
    snprintf(needle, sizeof needle, "<%s", n ? (const char *)n->name : "");
    *col = column_of(L, *line, needle);
}

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

void attribute_position(const loader *L, xmlNodePtr n, const char *name, unsigned *line, unsigned *col) {
    element_position(L, n, line, col);
    size_t off = element_offset(n);
    if (!off) return;
    const char *p = L->src + off, *end = L->src + L->len; /* after the '<' */
    size_t nlen = strlen(name);
    while (p < end && !is_space(*p) && *p != '>' && *p != '/') p++; /* the element's name */
    while (p < end && *p != '>' && *p != '/') {
        while (p < end && is_space(*p)) p++;
        const char *a = p;
        while (p < end && !is_space(*p) && *p != '=' && *p != '>' && *p != '/') p++;
        if (p == a) break;
        if ((size_t)(p - a) == nlen && memcmp(a, name, nlen) == 0) {
            source_position(L, (size_t)(a - L->src), line, col);
            return;
        }
        while (p < end && is_space(*p)) p++;
        if (p < end && *p == '=') p++;
        while (p < end && is_space(*p)) p++;
        if (p < end && (*p == '"' || *p == '\'')) {
            const char *q = memchr(p + 1, *p, (size_t)(end - p - 1));
            p = q ? q + 1 : end;
        }
    }
}

/* xml_prune.h - drops the empty elements a reader never looks at from an
 * all-ASCII XML document, before libxml2 parses it (xml_prune.c says
 * which, and why that keeps the document's meaning and well-formedness).
 */
#ifndef GRILLE_XML_PRUNE_H
#define GRILLE_XML_PRUNE_H
#include <stddef.h>

#include <stdint.h>

#define XML_PRUNE_MAX_PREFIXES 64
#define XML_PRUNE_CACHE_BITS 4
#define XML_PRUNE_OPEN 16

/* The namespace prefixes the root declares (what a droppable element's
 * names may use). */
typedef struct xml_prune_prefixes {
    char name[XML_PRUNE_MAX_PREFIXES][32];
    size_t len[XML_PRUNE_MAX_PREFIXES], n;
    unsigned char single[256]; /* declared one-letter prefixes (w:, r:, v:) */
    uint64_t lengths[256];     /* by first letter: lengths of the names, bit n */
    uint64_t lasts[256];       /* by first letter: last letters of the names, bit c & 63 */
    const char *const *names;
} xml_prune_prefixes;

enum { XML_PRUNE_ROOT, XML_PRUNE_ON, XML_PRUNE_OFF };

/* Pruning state: set it up with xml_prune_init(). */
typedef struct xml_prune_stream {
    const char *const *names; /* local names that may be dropped */
    int state;                /* before the root's start tag, pruning, or no more */
    size_t seen, seen_at;     /* a tag carried over: its bytes looked at, where */
    unsigned long long done;  /* bytes of the document made final */
    xml_prune_prefixes px;
    char cache[1 << XML_PRUNE_CACHE_BITS][64]; /* tags dropped lately */
    unsigned char cache_len[1 << XML_PRUNE_CACHE_BITS];
} xml_prune_stream;

/* names: local names of the elements that may be dropped, NULL-terminated
 * (borrowed: must outlive the stream). */
void xml_prune_init(xml_prune_stream *st, const char *const *names);

/* Compacts p[0..*n) in place, leaving out every droppable empty element,
 * and returns how many bytes at its front are final; *n becomes that
 * plus the bytes of a tag the piece cuts (when !last), which the caller
 * passes again at the front of the next piece. */
size_t xml_prune_piece(xml_prune_stream *st, char *p, size_t *n, int last);

#endif

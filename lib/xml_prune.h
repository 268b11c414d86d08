/* xml_prune.h - drops the empty elements a reader never looks at from an
 * all-ASCII XML document, before libxml2 parses it (xml_prune.c says
 * which, and why that keeps the document's meaning and well-formedness).
 */
#ifndef GRILLE_XML_PRUNE_H
#define GRILLE_XML_PRUNE_H
#include <stddef.h>

/* Compacts buf[0..len) in place, leaving out every droppable empty
 * element whose local name is in names (NULL-terminated); returns the
 * new length (len when nothing may be dropped). */
size_t xml_prune_empty(char *buf, size_t len, const char *const *names);

#endif

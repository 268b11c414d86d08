/* xml_ascii.h - a copy of a UTF-8 XML document in which every byte from
 * 0x7F up is written as DEL and two hex digits, and the way back.
 *
 * Why: libxml2 2.9 reads a text node in bulk while it is ASCII, but from
 * its first non-ASCII character on it decodes, checks and copies one
 * character at a time (xmlParseCharDataComplex): on French text that
 * slow path is a third of the cost of reading a .docx.  No byte of a
 * multi-byte UTF-8 sequence is an ASCII byte, so none takes part in the
 * XML syntax: the escaped copy has exactly the same markup, it is all
 * ASCII, and the text and attribute values the parser hands back are
 * decoded to the original bytes.  DEL (0x7F) is a character XML allows
 * and libxml2 reads in bulk, and that word processors never write.
 *
 * Only what the escaping keeps equivalent is escaped: valid UTF-8 with no
 * character XML forbids (U+FFFE, U+FFFF), no declared encoding but
 * UTF-8, no DEL nor any character reference to it, and at most a quarter of the
 * bytes non-ASCII (the copy is at most 1.5 times the size).  Names with
 * non-ASCII letters, which XML allows, become invalid in the copy: the
 * parse fails and the caller parses the original instead.
 */
#ifndef GRILLE_XML_ASCII_H
#define GRILLE_XML_ASCII_H
#include <stddef.h>

#define XML_ASCII_ESCAPE 0x7F

/* Returns 1 and the escaped copy in *out (malloc'd, *outlen bytes; a
 * UTF-8 BOM is dropped), 0 when data is not to be escaped (nothing to
 * gain, or not equivalent: see above), -1 when out of memory.
 * *in_markup is 0 when no escape can be inside an attribute value (the
 * values then need no decoding). */
int xml_ascii_encode(const char *data, size_t len, char **out, size_t *outlen, int *in_markup);

/* Decoding state: an escape may be split between two pieces of text. */
typedef struct xml_ascii_state {
    unsigned pending; /* 0, or 1-2: the escape's bytes already seen */
    unsigned high;    /* the first hex digit's value */
} xml_ascii_state;

/* Decodes from in[0..len) into out (cap bytes, cap >= 1); returns the
 * bytes written and sets *used to the bytes of in consumed. */
size_t xml_ascii_decode(xml_ascii_state *st, const char *in, size_t len, char *out, size_t cap,
                        size_t *used);

#endif

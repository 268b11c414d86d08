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
 * UTF-8, no DEL nor any character reference to it.  Names with non-ASCII
 * letters, which XML allows, become invalid in the copy: the parse fails
 * and the caller parses the original instead.
 *
 * The copy is made piece by piece, as the document is read (a .docx's
 * word/document.xml as it inflates), so that no whole copy is held.
 */
#ifndef GRILLE_XML_ASCII_H
#define GRILLE_XML_ASCII_H
#include "internal.h"
#include <stddef.h>

#define XML_ASCII_ESCAPE 0x7F
#define XML_ASCII_NOT_EQUIVALENT (-2)

/* Encoding state: zero it before the first piece. */
typedef struct xml_ascii_stream {
    int started;   /* the BOM and the XML declaration were looked at */
    int in_markup; /* an escape may be inside an attribute value (the
                    * values then need decoding); set before the bytes
                    * that make it so are appended */
    int open;      /* an escape whose stretch runs on into the next piece */
} xml_ascii_stream;

/* Appends to out the escaped copy of the longest beginning of
 * data[0..len) that can be judged now (all of it when last: the
 * document ends there); the caller passes the rest again, followed by
 * what comes next.  Returns the bytes consumed (0 until 256 bytes, or the
 * whole document, are there to judge its declaration by; a UTF-8 BOM is
 * consumed and not copied), XML_ASCII_NOT_EQUIVALENT when the document
 * must be parsed as it is (see above: what was appended is to be thrown
 * away), or -1 out of memory. */
long xml_ascii_encode_piece(xml_ascii_stream *st, const char *data, size_t len, int last, gbuf *out);

/* Decoding state: an escape may be split between two pieces of text. */
typedef struct xml_ascii_state {
    unsigned pending; /* 0, or 1-2: the escape's bytes already seen */
    unsigned high;    /* the first hex digit's value */
} xml_ascii_state;

/* Decodes from in[0..len) into out (cap bytes, cap >= 1); returns the
 * bytes written and sets *used to the bytes of in consumed. */
size_t xml_ascii_decode(xml_ascii_state *st, const char *in, size_t len, char *out, size_t cap, size_t *used);

#endif

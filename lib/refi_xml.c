/* refi_xml.c - the XML writer of the REFI-QDA export and of the
 * codebook skeleton: libxml2's text writer into memory, with its
 * failures (which only happen for memory) kept in one flag so that a
 * document is written without a check after every element. */
#include "refi_internal.h"
#include <errno.h>
#include <stdio.h>

int refi_xw_open(refi_xw *x) {
    memset(x, 0, sizeof *x);
    x->buf = xmlBufferCreate();
    if (!x->buf) return GRILLE_ENOMEM;
    x->w = xmlNewTextWriterMemory(x->buf, 0);
    if (!x->w) return GRILLE_ENOMEM;
    if (xmlTextWriterSetIndent(x->w, 1) < 0 || xmlTextWriterSetIndentString(x->w, BAD_CAST "  ") < 0 ||
        xmlTextWriterStartDocument(x->w, "1.0", "UTF-8", NULL) < 0)
        return GRILLE_ENOMEM;
    return GRILLE_OK;
}

/* Ends the document and flushes the writer; the text is then in x->buf. */
int refi_xw_finish(refi_xw *x) {
    if (!x->bad && xmlTextWriterEndDocument(x->w) < 0) x->bad = 1;
    xmlFreeTextWriter(x->w);
    x->w = NULL;
    return x->bad ? GRILLE_ENOMEM : GRILLE_OK;
}

void refi_xw_free(refi_xw *x) {
    if (x->w) xmlFreeTextWriter(x->w);
    if (x->buf) xmlBufferFree(x->buf);
    gbuf_free(&x->tmp);
    memset(x, 0, sizeof *x);
}

/* XML 1.0 forbids most C0 controls and U+FFFE, U+FFFF, even written as
 * character references, and a transcript or a header value may hold
 * them: they become U+FFFD.  The strings come from validated UTF-8
 * (transcripts, parsed XML), so surrogates and bad sequences cannot. */
const char *refi_xw_safe(refi_xw *x, const char *s, size_t n) {
    static const char fffd[] = "\xEF\xBF\xBD";
    x->tmp.len = 0;
    if (gbuf_reserve(&x->tmp, n)) {
        x->bad = 1;
        return "";
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int ok = 1;
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r') ok = 0;
        else if (c == 0xEF && i + 2 < n && (unsigned char)s[i + 1] == 0xBF &&
                 ((unsigned char)s[i + 2] == 0xBE || (unsigned char)s[i + 2] == 0xBF)) {
            ok = 0;
            i += 2;
        }
        if (ok ? gbuf_putc(&x->tmp, (char)c) : gbuf_append(&x->tmp, fffd, 3)) {
            x->bad = 1;
            return "";
        }
    }
    return x->tmp.data;
}

void refi_xw_start(refi_xw *x, const char *name) {
    if (!x->bad && xmlTextWriterStartElement(x->w, BAD_CAST name) < 0) x->bad = 1;
}

void refi_xw_end(refi_xw *x) {
    if (!x->bad && xmlTextWriterEndElement(x->w) < 0) x->bad = 1;
}

void refi_xw_attrn(refi_xw *x, const char *name, const char *s, size_t n) {
    if (x->bad) return;
    const char *v = refi_xw_safe(x, s, n);
    if (!x->bad && xmlTextWriterWriteAttribute(x->w, BAD_CAST name, BAD_CAST v) < 0) x->bad = 1;
}

void refi_xw_attr(refi_xw *x, const char *name, const char *s) { refi_xw_attrn(x, name, s, strlen(s)); }

void refi_xw_attr_size(refi_xw *x, const char *name, size_t v) {
    char b[32];
    snprintf(b, sizeof b, "%zu", v);
    refi_xw_attr(x, name, b);
}

void refi_xw_text_element(refi_xw *x, const char *name, const char *s) {
    if (x->bad) return;
    const char *v = refi_xw_safe(x, s, strlen(s));
    if (!x->bad && xmlTextWriterWriteElement(x->w, BAD_CAST name, BAD_CAST v) < 0) x->bad = 1;
}

/* A comment may not hold "--" nor end with "-". */
void refi_xw_comment(refi_xw *x, const char *s) {
    if (x->bad) return;
    gbuf c = {0};
    const char *v = refi_xw_safe(x, s, strlen(s));
    for (; !x->bad && *v; v++) {
        if (gbuf_putc(&c, *v)) x->bad = 1;
        if (*v == '-' && (v[1] == '-' || v[1] == '\0') && gbuf_putc(&c, ' ')) x->bad = 1;
    }
    if (!x->bad && xmlTextWriterWriteComment(x->w, BAD_CAST(c.data ? c.data : "")) < 0) x->bad = 1;
    gbuf_free(&c);
}

int refi_is_rgb(const char *s) {
    if (!s || s[0] != '#') return 0;
    size_t n = strlen(s + 1);
    if (n != 6 && n != 3) return 0;
    for (size_t i = 1; i <= n; i++)
        if (refi_hexval((unsigned char)s[i]) < 0) return 0;
    return 1;
}

int refi_xw_write(FILE *out, const refi_xw *x, const char *what, grille_error *err) {
    const xmlChar *data = xmlBufferContent(x->buf);
    size_t len = (size_t)xmlBufferLength(x->buf);
    fwrite(data, 1, len, out); /* a short write sets the stream's error */
    return grille_write_end(out, err, what);
}

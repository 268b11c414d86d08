/* fuzz_xml_parts.c - libFuzzer target: any bytes as the XML part of a
 * document, wrapped in a ZIP archive built here (stored, with a right
 * CRC), so that the fuzzer works on the XML parsers and walkers rather
 * than on the archive: as word/document.xml and docProps/core.xml of a
 * .docx, as content.xml and meta.xml of an .odt.  Must never crash,
 * hang or leak; what it reads is UTF-8.  And a differential check: the
 * streaming parse of the all-ASCII copy (xml_ascii.h) must give the
 * readers exactly what a parse of the original gives, or its error. */
#include "source.h"
#include "fuzz_zip.h"
#include "utf8.h"
#include "xmlsafe.h"
#include <stdint.h>

static int rec_start(void *user, const char *local, const char *uri, int nattr, const char **attrs) {
    gbuf *b = user;
    gbuf_printf(b, "<%s {%s}", local, uri ? uri : "");
    for (int i = 0; i < nattr; i++)
        gbuf_printf(b, " %s=%.*s", attrs[5 * i], (int)(attrs[5 * i + 4] - attrs[5 * i + 3]), attrs[5 * i + 3]);
    return gbuf_putc(b, '>');
}
static int rec_end(void *user, const char *local, const char *uri) {
    (void)uri;
    return gbuf_printf(user, "</%s>", local);
}
static int rec_text(void *user, const char *text, size_t len) { return gbuf_append(user, text, len); }
static int rec_restart(void *user) {
    ((gbuf *)user)->len = 0;
    return GRILLE_OK;
}

static void same_both_ways(const uint8_t *data, size_t size) {
    static const xmlsafe_events slow = {rec_start, rec_end, rec_text, NULL, NULL};
    static const xmlsafe_events fast = {rec_start, rec_end, rec_text, rec_restart, NULL};
    gbuf a = {0}, b = {0};
    grille_error ea, eb;
    int ra = xmlsafe_stream_xml((const char *)data, size, "f", "p", &slow, &a, &ea);
    int rb = xmlsafe_stream_xml((const char *)data, size, "f", "p", &fast, &b, &eb);
    if (ra == GRILLE_ENOMEM || rb == GRILLE_ENOMEM) goto done;
    if (ra != rb) __builtin_trap();
    if (ra ? strcmp(ea.message, eb.message) != 0 || ea.line != eb.line || ea.column != eb.column
           : a.len != b.len || (a.len && memcmp(a.data, b.data, a.len) != 0))
        __builtin_trap();
    {
        static const char *const names[] = {"jc", "rPr", "pPr", "b", NULL};
        static const xmlsafe_events cut = {rec_start, rec_end, rec_text, rec_restart, names};
        /* read in pieces (as an archive's entry inflates), cut at places
         * the input chooses */
        xmlsafe_memory in;
        xmlsafe_input input =
            xmlsafe_memory_input(&in, (const char *)data, size, (size_t)64 << (size ? data[size - 1] % 6 : 0));
        gbuf c = {0};
        grille_error ec;
        int rc = xmlsafe_stream_input(&input, "f", "p", &cut, &c, &ec);
        /* what is dropped leaves no event: compare the verdicts only */
        if (rc != GRILLE_ENOMEM && rc != ra) __builtin_trap();
        if (rc && rc != GRILLE_ENOMEM &&
            (strcmp(ec.message, ea.message) != 0 || ec.line != ea.line || ec.column != ea.column))
            __builtin_trap();
        gbuf_free(&c);
    }
done:
    gbuf_free(&a);
    gbuf_free(&b);
}

static void read_zip(source_kind kind, const char *const *names, size_t n, const uint8_t *data, size_t size) {
    gbuf z = {0};
    zip_entry e[4];
    for (size_t i = 0; i < n && i < 4; i++) e[i] = (zip_entry){names[i], data, size};
    if (!make_zip(&z, e, n < 4 ? n : 4)) {
        gbuf_free(&z);
        return;
    }
    source s;
    grille_error err;
    source_init(&s, "fuzz");
    int rc = source_read(&s, kind, z.data, z.len, NULL, &err);
    if (rc == GRILLE_OK && s.text.len &&
        utf8_valid_prefix((const unsigned char *)s.text.data, s.text.len) != s.text.len)
        __builtin_trap();
    for (size_t i = 0; i < s.nvars; i++)
        if (utf8_valid_prefix((const unsigned char *)s.values[i], strlen(s.values[i])) != strlen(s.values[i]))
            __builtin_trap();
    source_free(&s);
    gbuf_free(&z);
}

/* A .docx body read fast (escaped, formatting left out) gives the same
 * text, or the same error, as read plainly. */
static void same_docx_text(const uint8_t *data, size_t size) {
    source a, b;
    grille_error ea, eb;
    source_init(&a, "fuzz");
    source_init(&b, "fuzz");
    int ra = source_read_docx_body(&a, (const char *)data, size, 1, &ea);
    int rb = source_read_docx_body(&b, (const char *)data, size, 0, &eb);
    if (ra != GRILLE_ENOMEM && rb != GRILLE_ENOMEM) {
        if (ra != rb) __builtin_trap();
        if (ra ? strcmp(ea.message, eb.message) != 0 || ea.line != eb.line || ea.column != eb.column
               : a.text.len != b.text.len || (a.text.len && memcmp(a.text.data, b.text.data, a.text.len) != 0) ||
                     a.nnotes != b.nnotes)
            __builtin_trap();
    }
    source_free(&a);
    source_free(&b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static const char *const docx[] = {"word/document.xml", "docProps/core.xml"};
    static const char *const odt[] = {"content.xml", "meta.xml"};
    if (size > 1 << 20) return 0;
    same_both_ways(data, size);
    same_docx_text(data, size);
    read_zip(SOURCE_DOCX, docx, 2, data, size);
    read_zip(SOURCE_ODT, odt, 2, data, size);
    return 0;
}

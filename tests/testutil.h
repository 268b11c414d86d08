/* testutil.h - helpers for the Check suites. */
#ifndef GRILLE_TESTUTIL_H
#define GRILLE_TESTUTIL_H
#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "grille.h"

static inline grille_document *doc_from(const char *text) {
    grille_error err;
    grille_document *d = grille_document_parse("mem.txt", text, strlen(text), NULL, &err);
    ck_assert_msg(d != NULL, "parse failed: %s (line %u col %u)", err.message, err.line, err.column);
    return d;
}

static inline grille_codebook *cb_from(const char *xml) {
    grille_error err;
    grille_codebook_source src = {.name = "mem.xml", .xml = xml, .len = strlen(xml)};
    grille_codebook *cb = grille_codebook_open(&src, NULL, NULL, &err);
    ck_assert_msg(cb != NULL, "codebook failed: %u:%u: %s", err.line, err.column, err.message);
    return cb;
}

/* A codebook with one theme per rule given as XML. */
#define CB_HEAD "<?xml version=\"1.0\"?>\n<codebook xmlns=\"urn:grille:codebook:1\" id=\"t\">\n<title>t</title>\n"
#define CB_TAIL "</codebook>\n"

static inline const char *data_path(const char *rel) {
    static char buf[4096];
    snprintf(buf, sizeof buf, "%s/tests/data/%s", TOP_SRCDIR, rel);
    return buf;
}

/* The text of unit i of a document. */
static inline char *unit_text(const grille_document *d, grille_unit_kind k, size_t i) {
    grille_unit u;
    ck_assert_int_eq(grille_document_unit_get(d, k, i, &u), GRILLE_OK);
    size_t n = u.span.byte_end - u.span.byte_start;
    char *s = malloc(n + 1);
    memcpy(s, grille_document_text(d) + u.span.byte_start, n);
    s[n] = '\0';
    return s;
}

/* The warning of d whose message contains needle, or NULL. */
static inline const grille_error *find_warning(const grille_document *d, const char *needle) {
    for (size_t i = 0; i < grille_document_warning_count(d); i++)
        if (strstr(grille_document_warning_get(d, i)->message, needle)) return grille_document_warning_get(d, i);
    return NULL;
}

/* Code points before pointer at in text. */
static inline size_t utf8_cp(const char *text, const char *at) {
    size_t n = 0;
    for (const char *p = text; p < at; p++) n += ((unsigned char)*p & 0xC0) != 0x80;
    return n;
}

#define RUN_SUITE(make_suite)                        \
    int main(void) {                                 \
        SRunner *sr = srunner_create(make_suite());  \
        srunner_run_all(sr, CK_NORMAL);              \
        int failed = srunner_ntests_failed(sr);      \
        srunner_free(sr);                            \
        return failed ? EXIT_FAILURE : EXIT_SUCCESS; \
    }

#endif

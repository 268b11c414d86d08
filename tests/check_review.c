/* check_review.c - the data of a review page: a text that would end the
 * page's <script> stays inside it, the matched words are placed in
 * UTF-16 code units (as JavaScript counts) even after a character beyond
 * U+FFFF, interviewers' units are there but not codable, the columns
 * follow the level asked, and the page written a document at a time is
 * the same. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "testutil.h"

static char *page(const char *xml, const char *text, const grille_review_options *opts) {
    grille_codebook *cb = cb_from(xml);
    grille_document *doc = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, doc, &err);
    ck_assert_msg(c != NULL, "%s", err.message);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const grille_coding *cs[] = {c};
    ck_assert_int_eq(grille_review_write(f, cb, cs, 1, opts, &err), GRILLE_OK);
    fclose(f);
    grille_coding_free(c);
    grille_document_free(doc);
    grille_codebook_free(cb);
    return buf;
}

/* The JSON blob of the page (a pointer into it, up to its </script>). */
static const char *blob(const char *html, size_t *len) {
    const char *start = strstr(html, "<script type=\"application/json\" id=\"grille-data\">");
    ck_assert_ptr_nonnull(start);
    start = strchr(start, '>') + 1;
    const char *end = strstr(start, "</script>");
    ck_assert_ptr_nonnull(end);
    *len = (size_t)(end - start);
    return start;
}

static const char *xml = CB_HEAD "<theme id=\"r\" label=\"Réseau\" color=\"#336699\"><word>réseau</word>"
                                 "<theme id=\"r.p\" label=\"Partenaires\"><word>partenaires</word></theme></theme>\n"
                                 "<theme id=\"e\" label=\"Élus\"><word>élus</word></theme>\n" CB_TAIL;

START_TEST(test_script_and_offsets) {
    /* 😀 is one code point, four bytes, two UTF-16 code units */
    char *html = page(xml, "E : Et le réseau ?\nR : \xF0\x9F\x98\x80 le réseau </script><!-- et les élus.\n", NULL);
    size_t n;
    const char *b = blob(html, &n);
    /* the whole blob ends at the page's own </script> */
    ck_assert_ptr_nonnull(strstr(b, "[\"r\",\"Réseau\",\"#336699\",0]"));
    ck_assert_ptr_nonnull(strstr(b, "\\u003c/script>\\u003c!-- et les élus."));
    /* the interviewer's unit: index 0, line 1, speaker 0, not codable */
    ck_assert_ptr_nonnull(strstr(b, "[0,1,0,0,\"Et le réseau ?\"]"));
    /* "😀 le réseau": réseau starts after 2 + 4 code units; "élus" after
     * "😀 le réseau </script><!-- et les " = 2 + 1 + 2 + 1 + 6 + 1 + 9 + 4 + 1 + 2 + 1 + 3 + 1 */
    ck_assert_msg(strstr(b, "[[0,[6,12]],[2,[34,38]]]") != NULL, "%.*s", (int)n, b);
    free(html);
}
END_TEST

START_TEST(test_columns) {
    const char *text = "E : Et alors ?\nR : Les partenaires du réseau.\n";
    char *html = page(xml, text, NULL);
    size_t n;
    const char *b = blob(html, &n);
    /* top level: r and e; the sub-theme r.p counts for r */
    ck_assert_ptr_nonnull(strstr(b, "\"level\":\"top\",\"cols\":[[\"r\",\"Réseau\",\"#336699\"],[\"e\",\"Élus\","));
    ck_assert_ptr_nonnull(strstr(b, "[\"r.p\",\"Partenaires\",\"#336699\",0]"));
    free(html);
    grille_review_options opts = GRILLE_REVIEW_OPTIONS_INIT;
    opts.coder = "Ana \"B\"";
    opts.flags |= GRILLE_REVIEW_LEAVES;
    opts.title = "T<1>";
    html = page(xml, text, &opts);
    b = blob(html, &n);
    /* leaves: r.p and e; r, which has a sub-theme, has no column */
    ck_assert_ptr_nonnull(strstr(b, "\"level\":\"leaves\",\"cols\":[[\"r.p\",\"Partenaires\",\"#336699\"],[\"e\","));
    ck_assert_ptr_nonnull(strstr(b, "[\"r\",\"Réseau\",\"#336699\",-1]"));
    ck_assert_ptr_nonnull(strstr(b, "\"coder\":\"Ana \\\"B\\\"\""));
    ck_assert_ptr_nonnull(strstr(html, "<title>T&lt;1&gt; \xE2\x80\x94 grille review</title>"));
    /* nothing outside the page */
    ck_assert_ptr_null(strstr(html, "src="));
    ck_assert_ptr_null(strstr(html, "<link"));
    free(html);
}
END_TEST

START_TEST(test_fingerprint) {
    const char *text = "R : Le réseau.\n";
    char *a = page(xml, text, NULL), *b = page(xml, text, NULL), *c = page(xml, "R : Le réseau !\n", NULL);
    const char *fa = strstr(a, "\"fp\":\""), *fb = strstr(b, "\"fp\":\""), *fc = strstr(c, "\"fp\":\"");
    ck_assert_ptr_nonnull(fa);
    ck_assert_int_eq(memcmp(fa, fb, 24), 0); /* the same page, the same key */
    ck_assert_int_ne(memcmp(fa, fc, 24), 0); /* another text, another key */
    free(a);
    free(b);
    free(c);
}
END_TEST

/* FNV-1a, 64 bits, over s[0, n) from h. */
static uint64_t fnv1a(uint64_t h, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) h = (h ^ (unsigned char)s[i]) * 1099511628211u;
    return h;
}
static uint64_t fnv1a_field(uint64_t h, const char *s) { return fnv1a(fnv1a(h, s, strlen(s)), "\x1f", 1); }

/* The key a browser keeps the decisions under, worked out here from the
 * public API as the page has always made it: the codebook's id, the
 * level, the unit, the themes' ids and the rules' texts, each ended by
 * 0x1F, then each document's id (ended so) and text.  A page made again
 * from the same corpus and codebook must find the decisions made on the
 * old one, whatever changes in how the page is written. */
START_TEST(test_fingerprint_recipe) {
    grille_codebook *cb = cb_from(xml);
    grille_error err;
    const char *texts[] = {"E : Et le réseau ?\nR : Le réseau des élus.\n", "R : Les partenaires.\n"};
    grille_document *docs[2];
    grille_coding *cs[2];
    for (size_t i = 0; i < 2; i++) {
        docs[i] = doc_from(texts[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
    for (int leaves = 0; leaves <= 1; leaves++) {
        uint64_t h = 14695981039346656037u;
        h = fnv1a_field(h, grille_codebook_id(cb));
        h = fnv1a_field(h, leaves ? "leaves" : "top");
        h = fnv1a_field(h, grille_unit_kind_name(grille_codebook_unit(cb)));
        for (size_t t = 0; t < grille_codebook_theme_count(cb); t++) {
            grille_theme_info ti;
            ck_assert_int_eq(grille_codebook_theme_get(cb, t, &ti), GRILLE_OK);
            h = fnv1a_field(h, ti.id);
        }
        for (size_t r = 0; r < grille_codebook_rule_count(cb); r++) {
            grille_rule_info ri;
            ck_assert_int_eq(grille_codebook_rule_get(cb, r, &ri), GRILLE_OK);
            h = fnv1a_field(h, ri.text);
        }
        for (size_t i = 0; i < 2; i++) {
            h = fnv1a_field(h, grille_document_id(docs[i]));
            h = fnv1a(h, grille_document_text(docs[i]), grille_document_size(docs[i]));
        }
        char want[32];
        snprintf(want, sizeof want, "\"fp\":\"%016llx\"", (unsigned long long)h);
        grille_review_options o = GRILLE_REVIEW_OPTIONS_INIT;
        o.flags = leaves ? GRILLE_REVIEW_LEAVES : 0;
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        ck_assert_int_eq(grille_review_write(f, cb, (const grille_coding *const *)cs, 2, &o, &err), GRILLE_OK);
        fclose(f);
        ck_assert_msg(strstr(buf, want) != NULL, "%s not in the page", want);
        free(buf);
    }
    for (size_t i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
}
END_TEST

/* The page written a document at a time, each document and its coding
 * freed as soon as it is in, is the page written with them all at once,
 * byte for byte; its fingerprint, last, is there once. */
START_TEST(test_streamed) {
    static const char *const texts[] = {"E : Et le réseau ?\nR : Le réseau des élus.\n",
                                        "R : Les partenaires du réseau.\n", "R : Rien.\n"};
    enum { N = 3 };
    grille_codebook *cb = cb_from(xml);
    grille_error err;
    grille_document *docs[N];
    grille_coding *cs[N];
    for (size_t i = 0; i < N; i++) {
        docs[i] = doc_from(texts[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
    char *whole = NULL, *streamed = NULL;
    size_t whole_len = 0, streamed_len = 0;
    FILE *f = open_memstream(&whole, &whole_len);
    ck_assert_int_eq(grille_review_write(f, cb, (const grille_coding *const *)cs, N, NULL, &err), GRILLE_OK);
    fclose(f);
    f = open_memstream(&streamed, &streamed_len);
    grille_review *r = grille_review_new(f, cb, NULL, &err);
    ck_assert_ptr_nonnull(r);
    for (size_t i = 0; i < N; i++) {
        ck_assert_int_eq(grille_review_add(r, cs[i], &err), GRILLE_OK);
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    ck_assert_int_eq(grille_review_finish(r, &err), GRILLE_OK);
    grille_review_free(r);
    fclose(f);
    ck_assert_uint_eq(streamed_len, whole_len);
    ck_assert(memcmp(streamed, whole, whole_len) == 0);
    const char *fp = strstr(whole, "\"fp\":\"");
    ck_assert_ptr_nonnull(fp);
    ck_assert_ptr_null(strstr(fp + 1, "\"fp\":\""));
    ck_assert_ptr_nonnull(strstr(whole, "\"Les partenaires du réseau.\""));
    free(whole);
    free(streamed);
    grille_codebook_free(cb);
}
END_TEST

/* Misuse is an error, not a crash. */
START_TEST(test_streamed_misuse) {
    grille_codebook *cb = cb_from(xml);
    grille_error err;
    ck_assert_ptr_null(grille_review_new(NULL, cb, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_review_new(stdout, NULL, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_int_eq(grille_review_add(NULL, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_review_finish(NULL, &err), GRILLE_EUSAGE);
    grille_review_free(NULL);
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    grille_review *r = grille_review_new(f, cb, NULL, &err);
    ck_assert_ptr_nonnull(r);
    ck_assert_int_eq(grille_review_add(r, NULL, &err), GRILLE_EUSAGE);
    /* no document: an empty page, still whole */
    ck_assert_int_eq(grille_review_finish(r, &err), GRILLE_OK);
    /* and closed: a second tail or a document after it is refused */
    ck_assert_int_eq(grille_review_finish(r, &err), GRILLE_EUSAGE);
    grille_document *d = doc_from("R : Le réseau.\n");
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_int_eq(grille_review_add(r, c, &err), GRILLE_EUSAGE);
    grille_coding_free(c);
    grille_document_free(d);
    grille_review_free(r);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "\"docs\":[],\n\"fp\":\""));
    const char *end = strstr(buf, "</html>\n");
    ck_assert_ptr_nonnull(end);
    ck_assert_str_eq(end, "</html>\n"); /* once, and last */
    ck_assert_ptr_null(strstr(buf, "Le réseau"));
    free(buf);
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("review");
    TCase *t = tcase_create("page");
    tcase_add_test(t, test_script_and_offsets);
    tcase_add_test(t, test_columns);
    tcase_add_test(t, test_fingerprint);
    tcase_add_test(t, test_fingerprint_recipe);
    tcase_add_test(t, test_streamed);
    tcase_add_test(t, test_streamed_misuse);
    suite_add_tcase(s, t);
    return s;
}

RUN_SUITE(suite)

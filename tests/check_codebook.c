/* check_codebook.c - loading, validation and error positions. */
#include "testutil.h"

static grille_error load_error(const char *rel) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path(rel), &err);
    ck_assert_msg(cb == NULL, "%s should not load", rel);
    return err;
}

START_TEST(test_minimal) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_msg(cb != NULL, "%s", err.message);
    ck_assert_str_eq(grille_codebook_id(cb), "minimal");
    ck_assert_str_eq(grille_codebook_title(cb), "Grille minimale");
    ck_assert_uint_eq(grille_codebook_theme_count(cb), 6);
    ck_assert_int_eq(grille_codebook_unit(cb), GRILLE_UNIT_SENTENCE);
    ck_assert_int_eq(grille_codebook_speakers(cb), GRILLE_SPEAKERS_RESPONDENTS);
    grille_theme_info t;
    ck_assert_int_eq(grille_codebook_theme_get(cb, 1, &t), GRILLE_OK);
    ck_assert_str_eq(t.id, "elus");
    ck_assert_str_eq(t.label, "Élus");
    ck_assert_uint_eq(t.parent, GRILLE_NONE);
    ck_assert_uint_eq(grille_codebook_theme_find(cb, "copil"), 3);
    ck_assert_uint_eq(grille_codebook_theme_find(cb, "nope"), GRILLE_NONE);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_hierarchy_settings) {
    grille_codebook *cb = cb_from(
        CB_HEAD "<settings><unit>paragraph</unit><speakers>all</speakers><min-hits>2</min-hits></settings>\n"
                "<theme id=\"missions\" label=\"Missions\" color=\"#1f77b4\"><description> Guide </description>\n"
                "  <theme id=\"missions.reseau\" label=\"Réseau\"><word>réseau</word></theme>\n"
                "</theme>\n" CB_TAIL);
    ck_assert_int_eq(grille_codebook_unit(cb), GRILLE_UNIT_PARAGRAPH);
    ck_assert_int_eq(grille_codebook_speakers(cb), GRILLE_SPEAKERS_ALL);
    grille_theme_info t;
    grille_codebook_theme_get(cb, 0, &t);
    ck_assert_str_eq(t.description, "Guide");
    ck_assert_str_eq(t.color, "#1f77b4");
    ck_assert_uint_eq(t.rule_count, 0);
    grille_codebook_theme_get(cb, 1, &t);
    ck_assert_str_eq(t.path, "missions/missions.reseau");
    ck_assert_uint_eq(t.parent, 0);
    ck_assert_int_eq(t.depth, 1);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_malformed) {
    grille_error e = load_error("codebooks/bad-malformed.xml");
    ck_assert_int_eq(e.code, GRILLE_EXML);
    ck_assert_uint_eq(e.line, 5);
    ck_assert_uint_eq(e.column, 18); /* the "</theme>" that does not close <word> */
    ck_assert_ptr_nonnull(strstr(e.file, "bad-malformed.xml"));
}
END_TEST

START_TEST(test_schema) {
    grille_error e = load_error("codebooks/bad-schema.xml");
    ck_assert_int_eq(e.code, GRILLE_ESCHEMA);
    ck_assert_uint_eq(e.line, 5);
    ck_assert_uint_eq(e.column, 5);
    ck_assert_ptr_nonnull(strstr(e.message, "wrd"));
    e = load_error("codebooks/bad-settings.xml");
    ck_assert_int_eq(e.code, GRILLE_ESCHEMA);
    ck_assert_uint_eq(e.line, 5);
    ck_assert_ptr_nonnull(strstr(e.message, "'chapter'"));
}
END_TEST

START_TEST(test_duplicate) {
    grille_error e = load_error("codebooks/bad-duplicate-id.xml");
    ck_assert_int_eq(e.code, GRILLE_ECODEBOOK);
    ck_assert_uint_eq(e.line, 7);
    ck_assert_uint_eq(e.column, 10); /* the id="dup" attribute */
    ck_assert_str_eq(e.message, "duplicate theme id 'dup' (first defined on line 4)");
}
END_TEST

START_TEST(test_regex) {
    grille_error e = load_error("codebooks/bad-regex.xml");
    ck_assert_int_eq(e.code, GRILLE_EREGEX);
    ck_assert_uint_eq(e.line, 5);
    ck_assert_uint_eq(e.column, 16); /* 4 code points into "(abc" */
    ck_assert_ptr_nonnull(strstr(e.message, "missing closing parenthesis"));
}
END_TEST

START_TEST(test_empty_theme) {
    grille_error e = load_error("codebooks/bad-empty-theme.xml");
    ck_assert_int_eq(e.code, GRILLE_ECODEBOOK);
    ck_assert_uint_eq(e.line, 4);
    ck_assert_ptr_nonnull(strstr(e.message, "'vide'"));
}
END_TEST

START_TEST(test_entities_refused) {
    grille_error e = load_error("codebooks/bad-entity.xml");
    ck_assert_int_eq(e.code, GRILLE_EXML);
    ck_assert_uint_eq(e.line, 3);
    ck_assert_ptr_nonnull(strstr(e.message, "external entity"));
    /* internal entities too: a billion laughs never expands */
    const char *lol = "<?xml version=\"1.0\"?><!DOCTYPE c [<!ENTITY a \"aaaaaaaaaa\">"
                      "<!ENTITY b \"&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;\">]>"
                      "<codebook xmlns=\"urn:grille:codebook:1\" id=\"x\"><title>&b;</title></codebook>";
    grille_codebook_source src = {.name = "lol.xml", .xml = lol, .len = strlen(lol)};
    grille_codebook *cb = grille_codebook_open(&src, NULL, NULL, &e);
    ck_assert_ptr_null(cb);
    ck_assert_int_eq(e.code, GRILLE_EXML);
}
END_TEST

START_TEST(test_semantic_errors) {
    grille_error e;
    const char *cases[][2] = {
        {"<theme id=\"a\" label=\"a\"><word>deux mots</word></theme>", "holds one word"},
        {"<theme id=\"a\" label=\"a\"><lemma>coordon*</lemma></theme>", "cannot hold '*'"},
        {"<theme id=\"a\" label=\"a\"><word>...</word></theme>", "holds no word"},
        {"<theme id=\"a\" label=\"a\"><word>[rires]</word></theme>", "transcription mark"},
        {"<theme id=\"a\" label=\"a\"><word id=\"r\">x</word><word id=\"r\">y</word></theme>", "duplicate rule id 'r'"},
        {"<theme id=\"a\" label=\"a\"><near distance=\"2\"><word>x</word><any><word>y</word></any></near></theme>",
         "any"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char xml[1024];
        snprintf(xml, sizeof xml, CB_HEAD "%s\n" CB_TAIL, cases[i][0]);
        grille_codebook_source src = {.name = "sem.xml", .xml = xml, .len = strlen(xml)};
        grille_codebook *cb = grille_codebook_open(&src, NULL, NULL, &e);
        ck_assert_msg(cb == NULL, "case %zu loaded", i);
        ck_assert_msg(strstr(e.message, cases[i][1]) != NULL, "case %zu: %s", i, e.message);
        ck_assert_uint_eq(e.line, 4);
    }
}
END_TEST

START_TEST(test_load_all_collects) {
    /* two errors in one file: both reported, in order */
    const char *path = "/tmp/grille-check-two-errors.xml";
    FILE *f = fopen(path, "w");
    fputs(CB_HEAD "<theme id=\"a\" label=\"a\"><regex>(x</regex></theme>\n"
                  "<theme id=\"a\" label=\"b\"><word>hum</word></theme>\n" CB_TAIL,
          f);
    fclose(f);
    grille_diagnostics *d;
    grille_error e;
    grille_codebook_source src = {.path = path};
    ck_assert_ptr_null(grille_codebook_open(&src, NULL, &d, &e));
    ck_assert_uint_eq(grille_diagnostics_count(d), 3);
    int is_error;
    const grille_error *x = grille_diagnostics_get(d, 0, &is_error);
    ck_assert_int_eq(is_error, 1);
    ck_assert_int_eq(x->code, GRILLE_EREGEX);
    x = grille_diagnostics_get(d, 1, &is_error);
    ck_assert_int_eq(x->code, GRILLE_ECODEBOOK);
    ck_assert_uint_eq(x->line, 5);
    x = grille_diagnostics_get(d, 2, &is_error);
    ck_assert_int_eq(is_error, 0); /* "hum" is a hesitation: a warning */
    ck_assert_ptr_nonnull(strstr(x->message, "hesitation"));
    grille_diagnostics_free(d);
    remove(path);
}
END_TEST

START_TEST(test_io_errors) {
    grille_error e;
    ck_assert_ptr_null(grille_codebook_load("/nonexistent.xml", &e));
    ck_assert_int_eq(e.code, GRILLE_EIO);
    grille_codebook_source src = {.name = "empty.xml", .xml = "", .len = 0};
    ck_assert_ptr_null(grille_codebook_open(&src, NULL, NULL, &e));
    ck_assert_int_eq(e.code, GRILLE_EXML);
    grille_codebook_source other = {.name = "other.xml", .xml = "<x/>", .len = 4};
    ck_assert_ptr_null(grille_codebook_open(&other, NULL, NULL, &e));
    ck_assert_int_eq(e.code, GRILLE_ESCHEMA);
}
END_TEST

/* The one loader: a file or a buffer, never both nor neither; the
 * diagnostics of either kind of source, an unreadable file among them. */
START_TEST(test_open_sources) {
    grille_error e;
    grille_diagnostics *d = (grille_diagnostics *)&e; /* must be set to NULL */
    const char *xml = CB_HEAD "<theme id=\"a\" label=\"A\"><word>réseau</word></theme>\n" CB_TAIL;
    grille_codebook_source both = {.path = "cb.xml", .xml = xml, .len = strlen(xml)};
    ck_assert_ptr_null(grille_codebook_open(&both, NULL, &d, &e));
    ck_assert_int_eq(e.code, GRILLE_EUSAGE);
    ck_assert_str_eq(e.message, "a codebook source is a path or XML in memory: set one of the two");
    ck_assert_ptr_null(d);
    grille_codebook_source neither = {.name = "cb.xml", .len = 3};
    ck_assert_ptr_null(grille_codebook_open(&neither, NULL, NULL, &e));
    ck_assert_int_eq(e.code, GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_codebook_open(NULL, NULL, NULL, &e));
    ck_assert_int_eq(e.code, GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_codebook_load(NULL, &e));
    ck_assert_str_eq(e.message, "no path");

    grille_codebook_source mem = {.xml = xml, .len = strlen(xml)};
    grille_codebook *cb = grille_codebook_open(&mem, NULL, &d, &e);
    ck_assert_ptr_nonnull(cb);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(grille_diagnostics_count(d), 0);
    ck_assert_str_eq(grille_codebook_id(cb), "t");
    grille_codebook_free(cb);
    grille_diagnostics_free(d);
    mem.len = strlen(xml) - strlen(CB_TAIL); /* cut: only len bytes are read */
    ck_assert_ptr_null(grille_codebook_open(&mem, NULL, &d, &e));
    ck_assert_int_eq(e.code, GRILLE_EXML);
    ck_assert_str_eq(e.file, "<memory>");
    ck_assert_uint_ge(grille_diagnostics_count(d), 1);
    grille_diagnostics_free(d);

    grille_codebook_source missing = {.path = "/nonexistent/cb.xml"};
    ck_assert_ptr_null(grille_codebook_open(&missing, NULL, &d, &e));
    ck_assert_int_eq(e.code, GRILLE_EIO);
    ck_assert_uint_eq(grille_diagnostics_count(d), 1);
    int is_error;
    ck_assert_str_eq(grille_diagnostics_get(d, 0, &is_error)->file, "/nonexistent/cb.xml");
    ck_assert_int_eq(is_error, 1);
    grille_diagnostics_free(d);

    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.size = 0;
    ck_assert_ptr_null(grille_codebook_open(&mem, &o, NULL, &e));
    ck_assert_int_eq(e.code, GRILLE_EUSAGE);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("codebook");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_minimal);
    tcase_add_test(tc, test_hierarchy_settings);
    tcase_add_test(tc, test_malformed);
    tcase_add_test(tc, test_schema);
    tcase_add_test(tc, test_duplicate);
    tcase_add_test(tc, test_regex);
    tcase_add_test(tc, test_empty_theme);
    tcase_add_test(tc, test_entities_refused);
    tcase_add_test(tc, test_semantic_errors);
    tcase_add_test(tc, test_load_all_collects);
    tcase_add_test(tc, test_io_errors);
    tcase_add_test(tc, test_open_sources);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

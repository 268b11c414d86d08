/* check_matrix_saved.c - grille_matrix_save() and grille_matrix_add_saved():
 * the counts of parts of a corpus, saved and added back in corpus order,
 * make the matrix of the whole (grille merge); what is not a saved matrix
 * of the same codebook and options is refused. */
#include "testutil.h"

static const char *const texts[] = {"---\ntype: EI\n---\nR : Les élus et le pilotage. Le réseau. Rien.\n",
                                    "---\ntype: EC\n---\nR : Les élus. Les élus encore.\nE : Et le réseau ?\n",
                                    "R : Rien du tout. Le pilotage.\n",
                                    "---\ntype: EI\n---\nR : Le réseau, les élus.\n"};
#define NDOCS 4

static grille_codebook *codebook(void) {
    return cb_from(CB_HEAD "<theme id=\"p\" label=\"Parent\"><word>pilotage</word>\n"
                           "  <theme id=\"p.e\" label=\"Élus\"><word>élus</word></theme></theme>\n"
                           "<theme id=\"r\" label=\"Réseau\"><word>réseau</word></theme>\n" CB_TAIL);
}

static char *written(const grille_matrix *m, grille_format fmt) {
    char *s = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&s, &len);
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(grille_matrix_write(f, fmt, m, NULL), GRILLE_OK);
    fclose(f);
    return s;
}

/* The counts of codings [from, to) as grille_matrix_save() writes them. */
static char *saved(const grille_codebook *cb, const grille_matrix_options *o, grille_coding **cs, int from, int to,
                   size_t *len) {
    grille_error err;
    grille_matrix *m = grille_matrix_begin(cb, o, &err);
    ck_assert_ptr_nonnull(m);
    for (int i = from; i < to; i++) ck_assert_int_eq(grille_matrix_add(m, cs[i], &err), GRILLE_OK);
    char *s = NULL;
    FILE *f = open_memstream(&s, len);
    ck_assert_int_eq(grille_matrix_save(f, m, &err), GRILLE_OK);
    fclose(f);
    grille_matrix_free(m);
    return s;
}

static void code_all(const grille_codebook *cb, grille_document **docs, grille_coding **cs) {
    grille_error err;
    for (int i = 0; i < NDOCS; i++) {
        char name[16];
        snprintf(name, sizeof name, "d%d.txt", i);
        docs[i] = grille_document_parse(name, texts[i], strlen(texts[i]), NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
}

static void free_all(grille_document **docs, grille_coding **cs) {
    for (int i = 0; i < NDOCS; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
}

/* Every option that changes what is counted, every measure, and parts
 * of one document or of several: the same matrix as one count. */
START_TEST(test_parts_make_the_whole) {
    grille_codebook *cb = codebook();
    grille_document *docs[NDOCS];
    grille_coding *cs[NDOCS];
    code_all(cb, docs, cs);
    static const char *const bys[] = {NULL, "type", "speaker", "nothing"};
    /* cuts of the corpus into parts: {0,1,2,3,4} one per document, {0,3,4}... */
    static const int cuts[][NDOCS + 2] = {{0, 1, 2, 3, 4, -1}, {0, 3, 4, -1}, {0, 1, 4, -1}, {0, 4, -1}};
    grille_error err;
    for (size_t b = 0; b < sizeof bys / sizeof bys[0]; b++)
        for (int leaves = 0; leaves < 2; leaves++)
            for (int measure = 0; measure <= GRILLE_MEASURE_PRIMARY; measure++) {
                grille_matrix_options o = GRILLE_MATRIX_OPTIONS_INIT;
                o.by_variable = bys[b];
                o.flags = leaves ? GRILLE_MATRIX_LEAVES : 0;
                o.measure = (grille_measure)measure;
                grille_matrix *whole = grille_matrix_new(cb, (const grille_coding *const *)cs, NDOCS, &o, &err);
                ck_assert_ptr_nonnull(whole);
                char *expected = written(whole, GRILLE_FORMAT_CSV);
                for (size_t c = 0; c < sizeof cuts / sizeof cuts[0]; c++) {
                    grille_matrix *m = grille_matrix_begin(cb, &o, &err);
                    for (int k = 0; cuts[c][k + 1] >= 0; k++) {
                        size_t len;
                        char *s = saved(cb, &o, cs, cuts[c][k], cuts[c][k + 1], &len);
                        ck_assert_int_eq(grille_matrix_add_saved(m, s, len, &err), GRILLE_OK);
                        free(s);
                    }
                    ck_assert_int_eq(grille_matrix_end(m, &err), GRILLE_OK);
                    char *got = written(m, GRILLE_FORMAT_CSV);
                    ck_assert_str_eq(got, expected);
                    free(got);
                    grille_matrix_free(m);
                }
                free(expected);
                grille_matrix_free(whole);
            }
    /* real documents added after saved counts, and before: the same */
    grille_matrix_options o = GRILLE_MATRIX_OPTIONS_INIT;
    o.by_variable = "type";
    grille_matrix *whole = grille_matrix_new(cb, (const grille_coding *const *)cs, NDOCS, &o, &err);
    char *expected = written(whole, GRILLE_FORMAT_MARKDOWN);
    grille_matrix *m = grille_matrix_begin(cb, &o, &err);
    ck_assert_int_eq(grille_matrix_add(m, cs[0], &err), GRILLE_OK);
    size_t len;
    char *s = saved(cb, &o, cs, 1, 3, &len);
    ck_assert_int_eq(grille_matrix_add_saved(m, s, len, &err), GRILLE_OK);
    free(s);
    ck_assert_int_eq(grille_matrix_add(m, cs[3], &err), GRILLE_OK);
    ck_assert_int_eq(grille_matrix_end(m, &err), GRILLE_OK);
    char *got = written(m, GRILLE_FORMAT_MARKDOWN);
    ck_assert_str_eq(got, expected);
    free(got);
    free(expected);
    grille_matrix_free(m);
    grille_matrix_free(whole);
    free_all(docs, cs);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_refused) {
    grille_codebook *cb = codebook();
    grille_document *docs[NDOCS];
    grille_coding *cs[NDOCS];
    code_all(cb, docs, cs);
    grille_error err;
    grille_matrix_options o = GRILLE_MATRIX_OPTIONS_INIT;
    o.by_variable = "type";
    size_t len;
    char *s = saved(cb, &o, cs, 0, NDOCS, &len);
    grille_matrix *m = grille_matrix_begin(cb, &o, &err);
    /* any cut of the text is refused, never read past */
    for (size_t cut = 0; cut < len; cut++) {
        char *copy = malloc(cut ? cut : 1);
        memcpy(copy, s, cut);
        grille_matrix *t = grille_matrix_begin(cb, &o, &err);
        ck_assert_int_eq(grille_matrix_add_saved(t, copy, cut, &err), GRILLE_EUSAGE);
        grille_matrix_free(t);
        free(copy);
    }
    ck_assert_int_eq(grille_matrix_add_saved(m, "grille-matrix 2\n", 16, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "not a saved matrix");
    ck_assert_int_eq(grille_matrix_add_saved(m, s, len, &err), GRILLE_OK);
    ck_assert_int_eq(grille_matrix_add_saved(NULL, s, len, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_matrix_add_saved(m, NULL, 1, &err), GRILLE_EUSAGE);
    /* other options, another codebook */
    grille_matrix_options other = GRILLE_MATRIX_OPTIONS_INIT;
    grille_matrix *t = grille_matrix_begin(cb, &other, &err);
    ck_assert_int_eq(grille_matrix_add_saved(t, s, len, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "the saved matrix was counted with another codebook or other options");
    grille_matrix_free(t);
    other = o;
    other.flags |= GRILLE_MATRIX_LEAVES;
    t = grille_matrix_begin(cb, &other, &err);
    ck_assert_int_eq(grille_matrix_add_saved(t, s, len, &err), GRILLE_EUSAGE);
    grille_matrix_free(t);
    grille_codebook *cb2 = cb_from(CB_HEAD "<theme id=\"r\" label=\"Réseau\"><word>réseau</word></theme>\n" CB_TAIL);
    t = grille_matrix_begin(cb2, &o, &err);
    ck_assert_int_eq(grille_matrix_add_saved(t, s, len, &err), GRILLE_EUSAGE);
    /* a theme past the codebook's */
    const char *past = "grille-matrix 1 1 0 4:type 1 1 0\nc 0 1 1 1 1 2:EI\nt 1 1 1 1 0\n.\n";
    ck_assert_int_eq(grille_matrix_add_saved(t, past, strlen(past), &err), GRILLE_EUSAGE);
    const char *fine = "grille-matrix 1 1 0 4:type 1 1 0\nc 0 1 1 1 1 2:EI\nt 0 1 1 1 0\n.\n";
    ck_assert_int_eq(grille_matrix_add_saved(t, fine, strlen(fine), &err), GRILLE_OK);
    const char *trailing = "grille-matrix 1 1 0 4:type 1 1 0\n.\nx";
    ck_assert_int_eq(grille_matrix_add_saved(t, trailing, strlen(trailing), &err), GRILLE_EUSAGE);
    grille_matrix_free(t);
    grille_codebook_free(cb2);
    /* saving: no stream, no matrix, an ended matrix, a stream that fails */
    ck_assert_int_eq(grille_matrix_save(NULL, m, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_matrix_save(stdout, NULL, &err), GRILLE_EUSAGE);
    FILE *ro = fopen("/dev/null", "r");
    ck_assert_int_eq(grille_matrix_save(ro, m, &err), GRILLE_EIO);
    fclose(ro);
    ck_assert_int_eq(grille_matrix_end(m, &err), GRILLE_OK);
    ck_assert_int_eq(grille_matrix_save(stdout, m, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_matrix_add_saved(m, s, len, &err), GRILLE_EUSAGE);
    grille_matrix_free(m);
    free(s);
    free_all(docs, cs);
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("matrix_saved");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_parts_make_the_whole);
    tcase_add_test(tc, test_refused);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

/* check_eval.c - agreement statistics against worked examples from the
 * literature, the gold reader, eval, diff and rule statistics. */
#include "testutil.h"
#include <math.h>

/* A stream that fails when it is flushed (one byte of room). */
static char one_byte[1];
static FILE *full_stream(void) { return fmemopen(one_byte, sizeof one_byte, "w"); }

static grille_agreement agree(size_t tp, size_t fp, size_t fn, size_t tn) {
    grille_agreement a = {.tp = tp, .fp = fp, .fn = fn, .tn = tn};
    grille_agreement_compute(&a);
    return a;
}

START_TEST(test_kappa_worked_example) {
    /* Cohen's kappa, the textbook 2x2 example (e.g. Wikipedia, "Cohen's
     * kappa"): 50 items, yes/yes 20, yes/no 5, no/yes 10, no/no 15:
     * po = 0.70, pe = 0.50, kappa = 0.40 */
    grille_agreement a = agree(20, 5, 10, 15);
    ck_assert_double_eq_tol(a.kappa, 0.40, 1e-9);
    ck_assert_double_eq_tol(a.precision, 20.0 / 25, 1e-9);
    ck_assert_double_eq_tol(a.recall, 20.0 / 30, 1e-9);
    ck_assert_double_eq_tol(a.f1, 40.0 / 55, 1e-9);
    /* perfect agreement, and agreement no better than chance */
    ck_assert_double_eq_tol(agree(7, 0, 0, 3).kappa, 1.0, 1e-12);
    ck_assert_double_eq_tol(agree(25, 25, 25, 25).kappa, 0.0, 1e-12);
    ck_assert(isnan(agree(0, 0, 0, 10).kappa)); /* pe = 1: undefined */
}
END_TEST

START_TEST(test_alpha_worked_example) {
    /* Krippendorff (2011), "Computing Krippendorff's Alpha-Reliability",
     * example A: binary data, two observers, ten units,
     *   A: 0 1 0 0 0 0 0 0 1 0
     *   B: 1 1 1 0 0 1 0 0 0 0   -> alpha = 0.095 */
    grille_agreement a = agree(1, 1, 3, 5);
    ck_assert_double_eq_tol(a.alpha, 1.0 - 19.0 * 4 / (14.0 * 6), 1e-9);
    ck_assert_double_eq_tol(a.alpha, 0.095, 0.0005);
    ck_assert_double_eq_tol(agree(4, 0, 0, 6).alpha, 1.0, 1e-12);
    ck_assert(isnan(agree(0, 0, 0, 10).alpha)); /* one value only */
    ck_assert(isnan(agree(0, 0, 0, 10).precision));
}
END_TEST

START_TEST(test_gold_reader) {
    grille_error err;
    grille_gold *g = grille_gold_load(data_path("gold/test-gold.tsv"), &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    ck_assert_uint_eq(grille_gold_count(g), 8);
    grille_gold_span sp;
    grille_gold_get(g, 0, &sp);
    ck_assert_str_eq(sp.document, "ei-test");
    ck_assert_str_eq(sp.theme, "reseau");
    ck_assert_str_eq(sp.coder, "test");
    ck_assert_uint_eq(sp.cp_start, 166);
    ck_assert_uint_eq(sp.line, 2);
    ck_assert_uint_eq(sp.unit, GRILLE_NONE); /* a span, not a unit */
    grille_gold_free(g);
    const char *path = "/tmp/grille-bad-gold.tsv";
    const char *cases[][2] = {
        {"document\tstart\tend\ttheme\n", "'coder' is missing"},
        {"document\tstart\tend\ttheme\tcoder\nd\t1x\t5\tt\tc\n", "not '1x'"},
        {"document\tstart\tend\ttheme\tcoder\nd\t5\t5\tt\tc\n", "must be greater"},
        {"document\tstart\tend\ttheme\tcoder\nd\t5\t6\n", "columns"},
        {"", "empty"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        FILE *f = fopen(path, "w");
        fputs(cases[i][0], f);
        fclose(f);
        ck_assert_ptr_null(grille_gold_load(path, &err));
        ck_assert_msg(strstr(err.message, cases[i][1]) != NULL, "case %zu: %s", i, err.message);
    }
    /* positions: the bad start is on line 2, column 3 */
    FILE *f = fopen(path, "w");
    fputs("document\tstart\tend\ttheme\tcoder\nd\tx\t5\tt\tc\n", f);
    fclose(f);
    ck_assert_ptr_null(grille_gold_load(path, &err));
    ck_assert_uint_eq(err.line, 2);
    ck_assert_uint_eq(err.column, 3);
    remove(path);
}
END_TEST

/* Codes the two test transcripts with a codebook. */
static void code_tests(grille_codebook *cb, grille_document **docs, grille_coding **cs) {
    const char *names[] = {"transcripts/ec-test.txt", "transcripts/ei-test.txt"};
    grille_error err;
    for (int i = 0; i < 2; i++) {
        docs[i] = grille_document_load(data_path(names[i]), NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
}

START_TEST(test_eval) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    grille_gold *g = grille_gold_load(data_path("gold/test-gold.tsv"), &err);
    grille_document *docs[2];
    grille_coding *cs[2];
    code_tests(cb, docs, cs);
    grille_eval *e = grille_eval_new(cb, (const grille_coding *const *)cs, 2, g, NULL, NULL, NULL, &err);
    ck_assert_ptr_nonnull(e);
    ck_assert_uint_eq(grille_eval_document_count(e), 2);
    grille_agreement a;
    /* élus: the gold has "les élu·es" and "M. Durand le préside." (two
     * sentences), grille the first only, over 10 units */
    grille_eval_theme_get(e, grille_codebook_theme_find(cb, "elus"), &a);
    ck_assert_uint_eq(a.tp, 1);
    ck_assert_uint_eq(a.fn, 1);
    ck_assert_uint_eq(a.fp, 0);
    ck_assert_uint_eq(a.tn, 8);
    ck_assert_double_eq_tol(a.kappa, (0.9 - 0.74) / 0.26, 1e-9);
    grille_eval_overall(e, &a);
    ck_assert_uint_eq(a.tp + a.fp + a.fn + a.tn, 10 * 6);
    grille_eval_free(e);
    /* the caller's array may go at once: the eval keeps its own copy
     * (under ASan, reading the freed array was a use-after-free) */
    const grille_coding **heap = malloc(2 * sizeof *heap);
    heap[0] = cs[0];
    heap[1] = cs[1];
    e = grille_eval_new(cb, heap, 2, g, NULL, NULL, NULL, &err);
    free(heap);
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_eval_write(f, GRILLE_FORMAT_MARKDOWN, e, GRILLE_EVAL_ERRORS, GRILLE_LANG_EN, NULL),
                     GRILLE_OK);
    ck_assert_int_gt(ftell(f), 100);
    fclose(f);
    /* a stream that fails: the error says what was being written */
    f = full_stream();
    ck_assert_int_eq(grille_eval_write(f, GRILLE_FORMAT_MARKDOWN, e, GRILLE_EVAL_ERRORS, GRILLE_LANG_FR, &err),
                     GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the evaluation"));
    fclose(f);
    f = full_stream();
    ck_assert_int_eq(grille_eval_write(f, GRILLE_FORMAT_TSV, e, 0, GRILLE_LANG_EN, NULL), GRILLE_EIO);
    fclose(f);
    ck_assert_int_eq(grille_eval_write(stderr, GRILLE_FORMAT_JSONL, e, 0, GRILLE_LANG_EN, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the evaluation: this writer does not write the format JSON Lines");
    grille_eval_free(e);
    /* another coder's spans only: none */
    e = grille_eval_new(cb, (const grille_coding *const *)cs, 2, g, "nobody", NULL, NULL, &err);
    ck_assert_uint_eq(grille_eval_document_count(e), 0);
    grille_eval_free(e);
    /* a gold theme the codebook lacks is an error at its line (the first
     * document coded, ec-test, meets line 8 first) */
    grille_codebook *other = cb_from(CB_HEAD "<theme id=\"reseau\" label=\"r\"><word>réseau</word></theme>" CB_TAIL);
    grille_coding *cs2[2];
    for (int i = 0; i < 2; i++) cs2[i] = grille_coding_new(other, docs[i], &err);
    ck_assert_ptr_null(grille_eval_new(other, (const grille_coding *const *)cs2, 2, g, NULL, NULL, NULL, &err));
    ck_assert_uint_eq(err.line, 8);
    ck_assert_ptr_nonnull(strstr(err.message, "'copil'"));
    /* the error names the gold's own file, not a placeholder */
    ck_assert_ptr_nonnull(strstr(err.file, "test-gold.tsv"));
    ck_assert_str_eq(grille_gold_name(g), data_path("gold/test-gold.tsv"));
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs2[i]);
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(other);
    grille_codebook_free(cb);
    grille_gold_free(g);
}
END_TEST

START_TEST(test_resample) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    grille_gold *g = grille_gold_load(data_path("gold/test-gold.tsv"), &err);
    grille_document *docs[2];
    grille_coding *cs[2];
    code_tests(cb, docs, cs);
    /* each document alone, compared by its own eval */
    grille_agreement one[2], a, b;
    for (int i = 0; i < 2; i++) {
        grille_eval *e1 = grille_eval_new(cb, (const grille_coding *const *)&cs[i], 1, g, NULL, NULL, NULL, &err);
        ck_assert_ptr_nonnull(e1);
        grille_eval_overall(e1, &one[i]);
        /* nothing resampled yet: the intervals are unknown */
        ck_assert(isnan(one[i].kappa_lo) && isnan(one[i].f1_folds));
        grille_eval_free(e1);
    }
    grille_eval *e = grille_eval_new(cb, (const grille_coding *const *)cs, 2, g, NULL, NULL, NULL, &err);
    /* two folds: the mean and deviation of the two documents' figures */
    ck_assert_int_eq(grille_eval_resample(e, 0, 2, 1), GRILLE_OK);
    grille_eval_overall(e, &a);
    ck_assert_double_eq_tol(a.f1_folds, (one[0].f1 + one[1].f1) / 2, 1e-9);
    ck_assert_double_eq_tol(a.kappa_folds, (one[0].kappa + one[1].kappa) / 2, 1e-9);
    ck_assert_double_eq_tol(a.kappa_folds_sd, fabs(one[0].kappa - one[1].kappa) / sqrt(2), 1e-9);
    ck_assert(isnan(a.kappa_lo));
    /* the bootstrap: the same interval from the same seed, around kappa */
    ck_assert_int_eq(grille_eval_resample(e, 500, 0, 7), GRILLE_OK);
    grille_eval_overall(e, &a);
    ck_assert_int_eq(grille_eval_resample(e, 500, 0, 7), GRILLE_OK);
    grille_eval_overall(e, &b);
    ck_assert(!isnan(a.kappa_lo) && !isnan(a.kappa_hi));
    ck_assert(a.kappa_lo == b.kappa_lo && a.kappa_hi == b.kappa_hi);
    ck_assert(a.kappa_lo <= a.kappa && a.kappa <= a.kappa_hi);
    ck_assert(a.kappa_hi - a.kappa_lo > 0.01); /* 60 decisions: not a point */
    ck_assert(isnan(a.f1_folds));
    ck_assert_int_eq(grille_eval_resample(e, 10, 1, 7), GRILLE_EUSAGE); /* one fold is no split */
    grille_eval_free(e);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
    grille_gold_free(g);
}
END_TEST

START_TEST(test_diff) {
    grille_codebook *a = cb_from(CB_HEAD "<theme id=\"r\" label=\"r\"><word>réseau</word></theme>"
                                         "<theme id=\"gone\" label=\"g\"><word>ARS</word></theme>" CB_TAIL);
    grille_codebook *b =
        cb_from(CB_HEAD "<theme id=\"r\" label=\"r\"><exclude><phrase>réseau routier</phrase></exclude>"
                        "<word>réseau</word><word>projets</word></theme>" CB_TAIL);
    grille_document *docs[2];
    grille_coding *ca[2], *cbb[2];
    code_tests(a, docs, ca);
    grille_error err;
    for (int i = 0; i < 2; i++) cbb[i] = grille_coding_new(b, docs[i], &err);
    grille_diff *d =
        grille_diff_new(a, (const grille_coding *const *)ca, b, (const grille_coding *const *)cbb, 2, &err);
    ck_assert_ptr_nonnull(d);
    /* r: loses "réseau routier" (excluded now); gains the sentences with
     * "projets" but no "réseau" (ec-test C2, ei-test's last sentence);
     * "gone" loses both of its units (l'ARS, l'ARS) */
    ck_assert_uint_eq(grille_diff_change_count(d), 1 + 2 + 2);
    double share;
    ck_assert_uint_eq(grille_diff_max_lost(d, &share), 2);
    ck_assert_double_eq_tol(share, 1.0, 1e-12);
    grille_diff_free(d);
    /* the arrays may go at once: the diff keeps its own copies */
    const grille_coding **olds = malloc(2 * sizeof *olds), **news = malloc(2 * sizeof *news);
    for (int i = 0; i < 2; i++) {
        olds[i] = ca[i];
        news[i] = cbb[i];
    }
    d = grille_diff_new(a, olds, b, news, 2, &err);
    free(olds);
    free(news);
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_diff_write(f, GRILLE_FORMAT_TSV, d, GRILLE_LANG_EN, NULL), GRILLE_OK);
    ck_assert_int_gt(ftell(f), 50);
    fclose(f);
    f = full_stream();
    ck_assert_int_eq(grille_diff_write(f, GRILLE_FORMAT_MARKDOWN, d, GRILLE_LANG_FR, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the comparison of the codebooks"));
    fclose(f);
    f = full_stream();
    ck_assert_int_eq(grille_diff_write(f, GRILLE_FORMAT_TSV, d, GRILLE_LANG_EN, NULL), GRILLE_EIO);
    fclose(f);
    grille_diff_free(d);
    /* different units cannot be compared */
    grille_codebook *p = cb_from(CB_HEAD "<settings><unit>paragraph</unit></settings>"
                                         "<theme id=\"r\" label=\"r\"><word>réseau</word></theme>" CB_TAIL);
    ck_assert_ptr_null(
        grille_diff_new(a, (const grille_coding *const *)ca, p, (const grille_coding *const *)ca, 2, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "different units"));
    for (int i = 0; i < 2; i++) {
        grille_coding_free(ca[i]);
        grille_coding_free(cbb[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(a);
    grille_codebook_free(b);
    grille_codebook_free(p);
}
END_TEST

START_TEST(test_stats) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"r\" label=\"r\"><word id=\"broad\">réseau*</word>"
                                          "<phrase id=\"narrow\">réseau des acteurs</phrase>"
                                          "<word id=\"never\">zzz</word></theme>" CB_TAIL);
    grille_document *docs[2];
    grille_coding *cs[2];
    code_tests(cb, docs, cs);
    grille_error err;
    grille_gold *g = grille_gold_load(data_path("gold/test-gold.tsv"), &err);
    /* the gold's other themes are unknown here: stats without it */
    grille_stats *st = grille_stats_new(cb, (const grille_coding *const *)cs, 2, NULL, &err);
    ck_assert_ptr_nonnull(st);
    ck_assert_uint_eq(grille_stats_units(st), 10);
    grille_rule_stats rs;
    grille_stats_rule_get(st, grille_codebook_rule_find(cb, "broad"), &rs);
    ck_assert_uint_eq(rs.units, 2); /* "réseau des acteurs", "réseau routier" */
    ck_assert_uint_eq(rs.shadowed_by, GRILLE_NONE);
    grille_stats_rule_get(st, grille_codebook_rule_find(cb, "narrow"), &rs);
    ck_assert_uint_eq(rs.units, 1);
    ck_assert_uint_eq(rs.shadowed_by, grille_codebook_rule_find(cb, "broad"));
    grille_stats_rule_get(st, grille_codebook_rule_find(cb, "never"), &rs);
    ck_assert_uint_eq(rs.units, 0);
    grille_stats_free(st);
    ck_assert_ptr_null(grille_stats_new(cb, (const grille_coding *const *)cs, 2, g, &err)); /* unknown themes */
    grille_gold_free(g);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("eval");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_kappa_worked_example);
    tcase_add_test(tc, test_alpha_worked_example);
    tcase_add_test(tc, test_gold_reader);
    tcase_add_test(tc, test_eval);
    tcase_add_test(tc, test_resample);
    tcase_add_test(tc, test_diff);
    tcase_add_test(tc, test_stats);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

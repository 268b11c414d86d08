/* check_lexicon.c - the compiled lexicon and the French lookup rules. */
#include "testutil.h"
#include "lexicon.h"
#include <unistd.h>

static grille_lexicon *mini(void) {
    const char *paths[] = {data_path("lexicon/mini.tsv"), NULL};
    char p0[4096], p1[4096];
    snprintf(p0, sizeof p0, "%s", data_path("lexicon/mini.tsv"));
    snprintf(p1, sizeof p1, "%s", data_path("lexicon/supplement.tsv"));
    paths[0] = p0;
    paths[1] = p1;
    grille_error err;
    const char *out = "/tmp/grille-check-mini.grl";
    ck_assert_int_eq(lexicon_compile(paths, 2, out, &err), GRILLE_OK);
    grille_lexicon *lx = grille_lexicon_open(out, &err);
    ck_assert_msg(lx != NULL, "%s", err.message);
    return lx;
}

/* "lemma/pos lemma/pos" for a word. */
static char *lookup(const grille_lexicon *lx, const char *w) {
    static char buf[512];
    grille_lemma out[16];
    size_t n = grille_lexicon_lookup(lx, w, strlen(w), out, 16);
    buf[0] = '\0';
    for (size_t i = 0; i < n && i < 16; i++) {
        if (i) strcat(buf, " ");
        strcat(buf, out[i].lemma);
        strcat(buf, "/");
        strcat(buf, out[i].pos);
    }
    return buf;
}

START_TEST(test_compile_and_lookup) {
    grille_lexicon *lx = mini();
    ck_assert_uint_eq(lexicon_form_count(lx), 23); /* 20 + 3 of the supplement */
    ck_assert_str_eq(lookup(lx, "coordonne"), "coordonner/verbe");
    ck_assert_str_eq(lookup(lx, "coordonnaient"), "coordonner/verbe");
    /* ambiguity is kept, every candidate with its part of speech */
    ck_assert_str_eq(lookup(lx, "coordonnées"), "coordonner/verbe coordonnée/nom");
    ck_assert_str_eq(lookup(lx, "été"), "été/nom être/verbe");
    ck_assert_str_eq(lookup(lx, "missions"), "mettre/verbe mission/nom");
    /* whole compounds first */
    ck_assert_str_eq(lookup(lx, "au-delà"), "au-delà/adv");
    ck_assert_str_eq(lookup(lx, "unknownword"), "");
    grille_lexicon_free(lx);
}
END_TEST

START_TEST(test_case_rules) {
    grille_lexicon *lx = mini();
    /* sentence start: lower case */
    ck_assert_str_eq(lookup(lx, "Coordonne"), "coordonner/verbe");
    /* long ALL-CAPS words: lower case, then Capitalised */
    ck_assert_str_eq(lookup(lx, "COORDONNAIENT"), "coordonner/verbe");
    ck_assert_str_eq(lookup(lx, "PARIS"), "Paris/nompr");
    /* ALL-CAPS words of up to 4 letters keep their surface: ARS is not
     * the noun "ars" */
    ck_assert_str_eq(lookup(lx, "ARS"), "ARS/nompr");
    ck_assert_str_eq(lookup(lx, "ars"), "ars/nom");
    ck_assert_str_eq(lookup(lx, "QPV"), "");
    grille_lexicon_free(lx);
}
END_TEST

START_TEST(test_inclusive_and_apostrophes) {
    grille_lexicon *lx = mini();
    /* a piece ending in s or x: the plural; else the singular */
    ck_assert_str_eq(lookup(lx, "élu·es"), "élire/verbe élu/nom");
    ck_assert_str_eq(lookup(lx, "élu·e·s"), "élire/verbe élu/nom");
    ck_assert_str_eq(lookup(lx, "élu·e"), "élire/verbe élu/nom");
    ck_assert_str_eq(lookup(lx, "élu-es"), "élire/verbe élu/nom");
    ck_assert_str_eq(lookup(lx, "acteur·rices"), "acteur/nom");
    ck_assert_str_eq(lookup(lx, "habitant·es"), "habitant/nom");
    ck_assert_str_eq(lookup(lx, "Élu·es"), "élire/verbe élu/nom");
    /* transcripts write ', the dictionary ’ */
    ck_assert_str_eq(lookup(lx, "l'"), "le/pro le/det");
    ck_assert_str_eq(lookup(lx, "aujourd'hui"), "aujourd’hui/adv");
    grille_lexicon_free(lx);
}
END_TEST

START_TEST(test_damaged_files) {
    grille_error err;
    ck_assert_ptr_null(grille_lexicon_open("/nonexistent.grl", &err));
    ck_assert_int_eq(err.code, GRILLE_EIO);
    /* a truncated lexicon is refused, never read past its end */
    grille_lexicon *lx = mini();
    grille_lexicon_free(lx);
    FILE *f = fopen("/tmp/grille-check-mini.grl", "r+b");
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fclose(f);
    ck_assert_int_eq(truncate("/tmp/grille-check-mini.grl", n / 2), 0);
    ck_assert_ptr_null(grille_lexicon_open("/tmp/grille-check-mini.grl", &err));
    ck_assert_int_eq(err.code, GRILLE_ELEXICON);
    f = fopen("/tmp/grille-check-not.grl", "w");
    fputs("form\tlemma\tpos\nthis is a TSV, not a compiled lexicon\n", f);
    fclose(f);
    ck_assert_ptr_null(grille_lexicon_open("/tmp/grille-check-not.grl", &err));
    ck_assert_int_eq(err.code, GRILLE_ELEXICON);
    /* a TSV line without tabs is an error naming its line */
    f = fopen("/tmp/grille-check-bad.tsv", "w");
    fputs("form\tlemma\tpos\nok\tok\tnom\nbroken line\n", f);
    fclose(f);
    const char *paths[] = {"/tmp/grille-check-bad.tsv"};
    ck_assert_int_eq(lexicon_compile(paths, 1, "/tmp/grille-check-bad.grl", &err), GRILLE_ELEXICON);
    ck_assert_uint_eq(err.line, 3);
    remove("/tmp/grille-check-bad.tsv");
    remove("/tmp/grille-check-not.grl");
    remove("/tmp/grille-check-mini.grl");
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_compile_and_lookup);
    tcase_add_test(tc, test_case_rules);
    tcase_add_test(tc, test_inclusive_and_apostrophes);
    tcase_add_test(tc, test_damaged_files);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

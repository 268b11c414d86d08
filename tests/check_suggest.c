/* check_suggest.c - grille_suggest on a small synthetic gold where the
 * right rule is known, the cross-validation by document, the costly
 * rules, determinism. */
#define _GNU_SOURCE /* memmem */
#include "testutil.h"

#define NDOCS 6

/* A stream that fails when it is flushed (one byte of room). */
static char one_byte[1];
static FILE *full_stream(void) { return fmemopen(one_byte, sizeof one_byte, "w"); }

/* Six interviews: in each, two answers speak of pooling ("mutualisation":
 * the gold codes them with theme t), others of meetings ("réunion":
 * coded by the codebook's rule, never by the gold); in the first
 * document only, three answers say "xylophone", coded t by the gold too:
 * a word of one document, which cross-validation by document must not
 * suggest. */
static char *interview(int d) {
    char *t = malloc(4000);
    snprintf(t, 4000,
             "E : Question ?\n"
             "R : La mutualisation des moyens est une priorité. Il fait beau aujourd'hui. "
             "Nous avons une réunion demain. On parle de la mutualisation entre communes. "
             "La réunion était longue. Le café était bon. %s\n",
             d == 0 ? "Le xylophone joue. Un xylophone encore. Toujours le xylophone." : "Rien de plus. Voilà tout.");
    return t;
}

/* The gold as a unit table: the template of the run, filled. */
static grille_gold *gold_for(const grille_codebook *cb, grille_coding **cs) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(
        grille_gold_template_write(f, GRILLE_FORMAT_TSV, cb, (const grille_coding *const *)cs, NDOCS, 0, NULL),
        GRILLE_OK);
    fclose(f);
    /* mark t (the column before "comment") where the text has the words */
    char *out = malloc(len * 2 + 100), *o = out;
    for (char *line = buf; *line;) {
        char *nl = strchr(line, '\n');
        size_t n = (size_t)(nl - line);
        int coded = line != buf && (memmem(line, n, "mutualisation", 13) || memmem(line, n, "xylophone", 9));
        /* the row ends "\t<t>\t<comment>": t's cell is empty, between two tabs */
        if (line == buf) { /* the header as it is */
            memcpy(o, line, n + 1);
            o += n + 1;
            line = nl + 1;
            continue;
        }
        memcpy(o, line, n - 1);
        o += n - 1;
        if (coded) *o++ = 'x';
        *o++ = '\t';
        *o++ = '\n';
        line = nl + 1;
    }
    *o = '\0';
    grille_error err;
    grille_gold *g = grille_gold_parse("gold.tsv", out, strlen(out), &err);
    ck_assert_msg(g != NULL, "%s", err.message);
    free(buf);
    free(out);
    return g;
}

START_TEST(test_suggest_known_rule) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"t\" label=\"t\"><word>réunion</word></theme>" CB_TAIL);
    grille_document *docs[NDOCS];
    grille_coding *cs[NDOCS];
    grille_error err;
    for (int d = 0; d < NDOCS; d++) {
        char name[20], *text = interview(d);
        snprintf(name, sizeof name, "ei-%d.txt", d);
        docs[d] = grille_document_parse(name, text, strlen(text), NULL, &err);
        ck_assert_ptr_nonnull(docs[d]);
        cs[d] = grille_coding_new(cb, docs[d], &err);
        free(text);
    }
    grille_gold *g = gold_for(cb, cs);
    grille_suggest_options o = GRILLE_SUGGEST_OPTIONS_INIT;
    o.folds = 3;
    o.top = 5;
    grille_suggest *s = grille_suggest_new(cb, (const grille_coding *const *)cs, NDOCS, g, NULL, &o, &err);
    ck_assert_msg(s != NULL, "%s", err.message);
    ck_assert_uint_gt(grille_suggest_count(s, "t"), 0);
    grille_suggestion sg;
    ck_assert_int_eq(grille_suggest_get(s, "t", 0, &sg), GRILLE_OK);
    /* the word, not its lemma or glob finding the same units */
    ck_assert_int_eq(sg.kind, GRILLE_RULE_WORD);
    ck_assert_uint_eq(sg.flags & GRILLE_SUGGESTION_GLOB, 0);
    ck_assert_str_eq(sg.text, "mutualisation");
    /* every document's two units, each scored when its document was held out */
    ck_assert_uint_eq(sg.gained, 2 * NDOCS);
    ck_assert_uint_eq(sg.false_positives, 0);
    ck_assert(sg.delta_f1 > 0.5);
    /* xylophone is in one document only: never learned from the others */
    for (size_t k = 0; k < grille_suggest_count(s, "t"); k++) {
        grille_suggest_get(s, "t", k, &sg);
        ck_assert_msg(strstr(sg.text, "xylophone") == NULL, "suggested %s", sg.text);
    }
    /* the rule that costs precision: réunion, with its false positives */
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(grille_suggest_write(f, GRILLE_FORMAT_TSV, s, GRILLE_LANG_EN, NULL), GRILLE_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf, "\nt\ttighten\t1\tt#word:réunion\t0\t12\t0\t"));
    ck_assert_ptr_nonnull(strstr(buf, "\nt\tadd\t1\t<word>mutualisation</word>\t12\t0\t"));
    /* the same run gives the same bytes */
    grille_suggest *s2 = grille_suggest_new(cb, (const grille_coding *const *)cs, NDOCS, g, NULL, &o, &err);
    char *buf2 = NULL;
    size_t len2 = 0;
    f = open_memstream(&buf2, &len2);
    grille_suggest_write(f, GRILLE_FORMAT_TSV, s2, GRILLE_LANG_EN, NULL);
    fclose(f);
    ck_assert_str_eq(buf, buf2);
    free(buf2);
    grille_suggest_free(s2);
    /* the XML snippet holds the rule, ready to paste */
    buf2 = NULL;
    f = open_memstream(&buf2, &len2);
    ck_assert_int_eq(grille_suggest_write_xml(f, s, NULL), GRILLE_OK);
    fclose(f);
    ck_assert_ptr_nonnull(strstr(buf2, "\n<word>mutualisation</word>\n"));
    free(buf2);
    /* a stream that fails: the error says what was being written */
    f = full_stream();
    ck_assert_int_eq(grille_suggest_write(f, GRILLE_FORMAT_MARKDOWN, s, GRILLE_LANG_FR, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the suggestions"));
    fclose(f);
    f = full_stream();
    ck_assert_int_eq(grille_suggest_write_xml(f, s, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the suggestions"));
    fclose(f);
    f = full_stream();
    ck_assert_int_eq(grille_suggest_write_xml(f, s, NULL), GRILLE_EIO);
    fclose(f);
    free(buf);
    grille_suggest_free(s);
    /* one document is no cross-validation */
    ck_assert_ptr_null(grille_suggest_new(cb, (const grille_coding *const *)cs, 1, g, NULL, &o, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "at least 2"));
    grille_gold_free(g);
    for (int d = 0; d < NDOCS; d++) {
        grille_coding_free(cs[d]);
        grille_document_free(docs[d]);
    }
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("suggest");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_suggest_known_rule);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(suite)

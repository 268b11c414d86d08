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
    /* ambiguity is kept, every candidate with its part of speech, the
     * likelier first (closed classes, frequent verbs, lemma = form, then
     * nouns before adjectives before verbs) */
    ck_assert_str_eq(lookup(lx, "coordonnées"), "coordonnée/nom coordonner/verbe");
    ck_assert_str_eq(lookup(lx, "été"), "être/verbe été/nom");
    ck_assert_str_eq(lookup(lx, "missions"), "mission/nom mettre/verbe");
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
    /* accented capitals are no acronym */
    ck_assert_str_eq(lookup(lx, "ÉLUS"), "élu/nom élire/verbe");
    grille_lexicon_free(lx);
}
END_TEST

START_TEST(test_inclusive_and_apostrophes) {
    grille_lexicon *lx = mini();
    /* a piece ending in s or x: the plural; else the singular */
    ck_assert_str_eq(lookup(lx, "élu·es"), "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "élu·e·s"), "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "élu·e"), "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "élu-es"), "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "acteur·rices"), "acteur/nom");
    /* the other spellings of inclusive writing, and decomposed accents */
    ck_assert_str_eq(lookup(lx, "élu.e.s"), "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "élu\xE2\x80\xA7"
                                "es"),
                     "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "e\xCC\x81lus"), "élu/nom élire/verbe");
    ck_assert_str_eq(lookup(lx, "habitant·es"), "habitant/nom");
    ck_assert_str_eq(lookup(lx, "Élu·es"), "élu/nom élire/verbe");
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
    /* indices inside a lexicon of the right size that point elsewhere:
     * each kind of damage is refused at open, never a crash or a hang */
    static const struct {
        size_t header_field;
        uint32_t value;
    } damage[] = {
        {0, 0xFFFFFF00u}, /* a form's string offset past the strings */
        {2, 0xFFFFFF00u}, /* a form's first entry past the entries */
    };
    for (size_t k = 0; k < sizeof damage / sizeof damage[0]; k++) {
        lx = mini();
        grille_lexicon_free(lx);
        f = fopen("/tmp/grille-check-mini.grl", "r+b");
        uint64_t forms_off;
        /* header: magic[8], byte order and a reserved uint32, six uint32
         * counts, then uint64 offsets: strings, forms, ... (this machine
         * is little-endian: the file's numbers are read as they are) */
        fseek(f, 8 + 2 * 4 + 6 * 4 + 8, SEEK_SET);
        ck_assert_int_eq(fread(&forms_off, 8, 1, f), 1);
        fseek(f, (long)(forms_off + damage[k].header_field * 4), SEEK_SET);
        fwrite(&damage[k].value, 4, 1, f);
        fclose(f);
        ck_assert_ptr_null(grille_lexicon_open("/tmp/grille-check-mini.grl", &err));
        ck_assert_int_eq(err.code, GRILLE_ELEXICON);
    }
    /* every form slot full: a probe for an absent form would never end */
    lx = mini();
    grille_lexicon_free(lx);
    f = fopen("/tmp/grille-check-mini.grl", "r+b");
    uint32_t counts[6];
    uint64_t offs[8];
    ck_assert_int_eq(fread(offs, 8, 1, f), 1); /* the magic */
    ck_assert_int_eq(fread(offs, 8, 1, f), 1); /* byte order, reserved */
    ck_assert_int_eq(fread(counts, 4, 6, f), 6);
    ck_assert_int_eq(fread(offs, 8, 8, f), 8);
    fseek(f, (long)offs[5], SEEK_SET);
    for (uint32_t i = 0; i < counts[4]; i++) {
        uint32_t one = 1;
        fwrite(&one, 4, 1, f);
    }
    fclose(f);
    ck_assert_ptr_null(grille_lexicon_open("/tmp/grille-check-mini.grl", &err));
    ck_assert_int_eq(err.code, GRILLE_ELEXICON);
    /* a part of speech past the known ones (found by fuzz_lexicon: it
     * indexed a table of 11 ranks) */
    lx = mini();
    grille_lexicon_free(lx);
    f = fopen("/tmp/grille-check-mini.grl", "r+b");
    fseek(f, (long)offs[2] + 4, SEEK_SET);
    uint32_t bad_pos = 99;
    fwrite(&bad_pos, 4, 1, f);
    fclose(f);
    ck_assert_ptr_null(grille_lexicon_open("/tmp/grille-check-mini.grl", &err));
    ck_assert_int_eq(err.code, GRILLE_ELEXICON);
    lx = mini();
    grille_lexicon_free(lx);
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

/* Themes coded per unit with a codebook using the mini lexicon. */
static char *code_with(const grille_lexicon *lx, const char *themes, const char *text, unsigned *flags) {
    char xml[2048];
    snprintf(xml, sizeof xml, CB_HEAD "%s" CB_TAIL, themes);
    grille_error err;
    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.lexicon = lx;
    grille_codebook_source src = {.name = "lemma.xml", .xml = xml, .len = strlen(xml)};
    grille_codebook *cb = grille_codebook_open(&src, &o, NULL, &err);
    ck_assert_msg(cb != NULL, "%s", err.message);
    grille_document *d = doc_from(text);
    grille_coding *c = grille_coding_new(cb, d, &err);
    static char out[512];
    out[0] = '\0';
    if (flags) *flags = 0;
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        char b[64];
        snprintf(b, sizeof b, "%s%zu:%s", i ? " " : "", s->unit_index, s->theme_id);
        strcat(out, b);
        for (size_t h = 0; flags && h < s->hit_count; h++) *flags |= s->hits[h].flags;
    }
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    return out;
}

/* The file is little-endian on every machine: its bytes do not depend on
 * the machine that built it, and one of the other byte order (here, a
 * big-endian file on this little-endian machine; on a big-endian one,
 * the installed file) is read the same, from a swapped copy. */
START_TEST(test_byte_order) {
    char p0[4096], p1[4096];
    snprintf(p0, sizeof p0, "%s", data_path("lexicon/mini.tsv"));
    snprintf(p1, sizeof p1, "%s", data_path("lexicon/supplement.tsv"));
    const char *paths[] = {p0, p1};
    grille_error err;
    const char *le = "/tmp/grille-check-le.grl", *be = "/tmp/grille-check-be.grl";
    ck_assert_int_eq(lexicon_compile(paths, 2, le, &err), GRILLE_OK);
    ck_assert_int_eq(lexicon_compile_order(paths, 2, be, 1, &err), GRILLE_OK);
    unsigned char mark[4];
    FILE *f = fopen(le, "rb");
    ck_assert_int_eq(fseek(f, 8, SEEK_SET), 0);
    ck_assert_int_eq(fread(mark, 1, 4, f), 4);
    fclose(f);
    ck_assert_msg(mark[0] == 4 && mark[1] == 3 && mark[2] == 2 && mark[3] == 1, "byte order mark not little-endian");
    f = fopen(be, "rb");
    ck_assert_int_eq(fseek(f, 8, SEEK_SET), 0);
    ck_assert_int_eq(fread(mark, 1, 4, f), 4);
    fclose(f);
    ck_assert_msg(mark[0] == 1 && mark[1] == 2 && mark[2] == 3 && mark[3] == 4, "byte order mark not big-endian");
    grille_lexicon *a = grille_lexicon_open(le, &err), *b = grille_lexicon_open(be, &err);
    ck_assert_msg(a && b, "%s", err.message);
    ck_assert_uint_eq(lexicon_form_count(a), lexicon_form_count(b));
    ck_assert_uint_eq(lexicon_lemma_count(a), lexicon_lemma_count(b));
    static const char *const words[] = {"coordonne", "coordonnaient", "élues", "Élus", "zzz"};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        char la[512];
        snprintf(la, sizeof la, "%s", lookup(a, words[i]));
        ck_assert_str_eq(lookup(b, words[i]), la);
    }
    ck_assert_str_eq(lookup(b, "coordonnaient"), "coordonner/verbe");
    grille_lexicon_free(a);
    grille_lexicon_free(b);
    /* a swapped file is checked as a native one */
    f = fopen(be, "r+b");
    ck_assert_int_eq(fseek(f, 8 + 2 * 4 + 6 * 4 + 8 * 2 - 1, SEEK_SET), 0); /* the forms' offset, unaligned */
    fputc(0x03, f);
    fclose(f);
    ck_assert_ptr_null(grille_lexicon_open(be, &err));
    ck_assert_int_eq(err.code, GRILLE_ELEXICON);
    remove(le);
    remove(be);
}
END_TEST

START_TEST(test_lemma_rules) {
    grille_lexicon *lx = mini();
    const char *text =
        "R : Nous coordonnons. Ils coordonnaient tout. Coordonne ! Les élu·es. L'élue. Les missions. Rien.\n";
    ck_assert_str_eq(code_with(lx,
                               "<theme id=\"c\" label=\"c\"><lemma>coordonner</lemma></theme>"
                               "<theme id=\"e\" label=\"e\"><lemma>élu</lemma></theme>",
                               text, NULL),
                     "0:c 1:c 2:c 3:e 4:e");
    /* missions is mission (nom) or mettre (verbe): matched, and said ambiguous */
    unsigned flags;
    ck_assert_str_eq(code_with(lx, "<theme id=\"m\" label=\"m\"><lemma>mission</lemma></theme>", text, &flags), "5:m");
    ck_assert_uint_eq(flags, GRILLE_HIT_AMBIGUOUS);
    /* a pos filter: mettre as a verb only, so "missions" (read as mettre/verbe) still
     * matches; élu as a verb (élire) does not exist: nothing */
    ck_assert_str_eq(code_with(lx, "<theme id=\"m\" label=\"m\"><lemma pos=\"nom\">mettre</lemma></theme>", text, NULL),
                     "");
    ck_assert_str_eq(
        code_with(lx, "<theme id=\"m\" label=\"m\"><lemma pos=\"verbe\">mettre</lemma></theme>", text, NULL), "5:m");
    /* élu.e.s in a transcript, and capitals with case folding off */
    ck_assert_str_eq(code_with(lx, "<theme id=\"e\" label=\"e\"><lemma>élu</lemma></theme>",
                               "R : Les élu.e.s votent. Rien.\n", NULL),
                     "0:e");
    ck_assert_str_eq(code_with(lx,
                               "<settings><case-folding>false</case-folding></settings>"
                               "<theme id=\"e\" label=\"e\"><lemma>élu</lemma></theme>",
                               "R : Élus. Rien.\n", NULL),
                     "0:e");
    /* excluded forms */
    ck_assert_str_eq(
        code_with(lx, "<theme id=\"e\" label=\"e\"><lemma except=\"élue\">élu</lemma></theme>", text, NULL), "3:e");
    /* a form that is not a lemma stands for its lemma */
    ck_assert_str_eq(code_with(lx, "<theme id=\"c\" label=\"c\"><lemma>coordonnons</lemma></theme>", text, NULL),
                     "0:c 1:c 2:c");
    /* a word the lexicon lacks: its exact form */
    ck_assert_str_eq(code_with(lx, "<theme id=\"r\" label=\"r\"><lemma>rien</lemma></theme>", text, NULL), "6:r");
    grille_lexicon_free(lx);
}
END_TEST

START_TEST(test_lemma_warnings) {
    grille_lexicon *lx = mini();
    const char *path = "/tmp/grille-lemma-warn.xml";
    FILE *f = fopen(path, "w");
    fputs(CB_HEAD "<theme id=\"a\" label=\"a\"><lemma>élus</lemma><lemma>xyzzy</lemma>"
                  "<lemma pos=\"substantif\">élu</lemma></theme>\n" CB_TAIL,
          f);
    fclose(f);
    grille_diagnostics *d;
    grille_error err;
    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.lexicon = lx;
    ck_assert_ptr_null(grille_codebook_open(&(grille_codebook_source){.path = path}, &o, &d, &err));
    ck_assert_uint_eq(grille_diagnostics_count(d), 3);
    int is_error;
    ck_assert_ptr_nonnull(strstr(grille_diagnostics_get(d, 0, &is_error)->message, "a form of several (élu, élire)"));
    ck_assert_int_eq(is_error, 0);
    ck_assert_ptr_nonnull(strstr(grille_diagnostics_get(d, 1, &is_error)->message, "neither a lemma nor a form"));
    ck_assert_int_eq(is_error, 0);
    ck_assert_ptr_nonnull(
        strstr(grille_diagnostics_get(d, 2, &is_error)->message, "unknown part of speech 'substantif'"));
    ck_assert_int_eq(is_error, 1);
    grille_diagnostics_free(d);
    /* without a lexicon: one warning, exact forms */
    ck_assert_ptr_null(grille_codebook_open(&(grille_codebook_source){.path = path}, NULL, &d, &err));
    grille_diagnostics_free(d);
    remove(path);
    grille_lexicon_free(lx);
}
END_TEST

START_TEST(test_user_supplement) {
    grille_lexicon *lx = mini();
    grille_error err;
    char user[4096];
    snprintf(user, sizeof user, "%s", data_path("lexicon/user.tsv"));
    grille_lexicon *ext = grille_lexicon_extend(lx, user, &err);
    ck_assert_msg(ext != NULL, "%s", err.message);
    ck_assert_str_eq(lookup(ext, "cheffe"), "chef/nom");
    ck_assert_str_eq(lookup(ext, "bidule"), "bidule/nom");
    /* the base's words stay, and a form gets the supplement's entries too */
    ck_assert_str_eq(lookup(ext, "coordonne"), "coordonner/verbe");
    ck_assert_str_eq(lookup(ext, "élus"), "élu/nom élu/adj élire/verbe");
    ck_assert_str_eq(lookup(lx, "cheffe"), "");
    /* a lemma rule over the supplement's forms */
    const char **forms;
    size_t n;
    ck_assert_int_eq(grille_lexicon_rule_forms(ext, "chef", 4, &forms, &n, &err), GRILLE_OK);
    ck_assert_uint_eq(n, 2);
    ck_assert_str_eq(forms[0], "cheffe");
    grille_lexicon_forms_free(forms);
    grille_lexicon_free(ext);
    /* a supplement alone */
    ext = grille_lexicon_extend(NULL, user, &err);
    ck_assert_str_eq(lookup(ext, "cheffes"), "chef/nom");
    ck_assert_str_eq(lookup(ext, "coordonne"), "");
    grille_lexicon_free(ext);
    /* named by a codebook, relative to it */
    const char *path = "/tmp/grille-user-cb.xml";
    FILE *f = fopen(path, "w");
    fprintf(f,
            CB_HEAD "<settings><lexicon-supplement>%s</lexicon-supplement></settings>\n"
                    "<theme id=\"c\" label=\"c\"><lemma>chef</lemma></theme>\n" CB_TAIL,
            user);
    fclose(f);
    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.lexicon = lx;
    grille_codebook *cb = grille_codebook_open(&(grille_codebook_source){.path = path}, &o, NULL, &err);
    ck_assert_msg(cb != NULL, "%s", err.message);
    grille_document *d = doc_from("R : La cheffe de projet. Les chefs.\n");
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_uint_eq(grille_coding_segment_count(c), 1);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    f = fopen(path, "w");
    fputs(CB_HEAD "<settings><lexicon-supplement>missing.tsv</lexicon-supplement></settings>\n"
                  "<theme id=\"c\" label=\"c\"><lemma>chef</lemma></theme>\n" CB_TAIL,
          f);
    fclose(f);
    ck_assert_ptr_null(grille_codebook_open(&(grille_codebook_source){.path = path}, &o, NULL, &err));
    ck_assert_uint_eq(err.line, 4);
    ck_assert_ptr_nonnull(strstr(err.message, "/tmp/missing.tsv"));
    remove(path);
    grille_lexicon_free(lx);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("lexicon");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_compile_and_lookup);
    tcase_add_test(tc, test_case_rules);
    tcase_add_test(tc, test_inclusive_and_apostrophes);
    tcase_add_test(tc, test_damaged_files);
    tcase_add_test(tc, test_byte_order);
    tcase_add_test(tc, test_lemma_rules);
    tcase_add_test(tc, test_lemma_warnings);
    tcase_add_test(tc, test_user_supplement);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

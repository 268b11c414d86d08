/* check_match.c - coding: each rule kind, exclusions, min-hits, speakers,
 * units, catastrophic regexes, a codebook shared by threads. */
#include "testutil.h"
#include "codebook.h"
#include "coding.h"
#include <pthread.h>

/* text coded with the themes and settings, each segment written by
 * add() into a static buffer, which is returned. */
static char *code_with(const char *themes_xml, const char *settings, const char *text,
                       void (*add)(char *out, const grille_segment *s)) {
    char xml[4096];
    snprintf(xml, sizeof xml, CB_HEAD "<settings>%s</settings>\n%s\n" CB_TAIL, settings ? settings : "", themes_xml);
    grille_codebook *cb = cb_from(xml);
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_msg(c != NULL, "%s", err.message);
    static char out[4096];
    out[0] = '\0';
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) add(out, grille_coding_segment_get(c, i));
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    return out;
}

static void add_theme(char *out, const grille_segment *s) {
    char b[128];
    snprintf(b, sizeof b, "%s%zu:%s", out[0] ? " " : "", s->unit_index, s->theme_id);
    strcat(out, b);
}

static void add_hits(char *out, const grille_segment *s) {
    for (size_t h = 0; h < s->hit_count; h++) {
        char b[160];
        snprintf(b, sizeof b, "%s%zu:%s@%zu-%zu", out[0] ? " " : "", s->unit_index, s->hits[h].rule_id,
                 s->hits[h].span.byte_start, s->hits[h].span.byte_end);
        strcat(out, b);
    }
}

/* Themes coded per unit, as "unit:theme" joined by spaces. */
static char *code_str(const char *themes_xml, const char *settings, const char *text) {
    return code_with(themes_xml, settings, text, add_theme);
}

/* The hits of each segment with their bytes, as "unit:rule@start-end". */
static char *hits_str(const char *themes_xml, const char *settings, const char *text) {
    return code_with(themes_xml, settings, text, add_hits);
}

#define TH(id, rules) "<theme id=\"" id "\" label=\"" id "\">" rules "</theme>"

/* Codes text with a theme of one regex, with its gates and without
 * (accent folding turns them off, every turn is then scanned whole),
 * and checks that render() gives the same both ways; returns the gated
 * result (until the next call). */
static const char *gates_agree(const char *re, const char *text,
                               char *(*render)(const char *, const char *, const char *)) {
    static char gated[4096];
    char th[512];
    snprintf(th, sizeof th, "<theme id=\"a\" label=\"a\"><regex>%s</regex></theme>", re);
    snprintf(gated, sizeof gated, "%s", render(th, NULL, text));
    const char *whole = render(th, "<accent-folding>true</accent-folding>", text);
    ck_assert_msg(strcmp(gated, whole) == 0, "%s: gated '%s', whole turns '%s'", re, gated, whole);
    return gated;
}


/* A codebook of one theme holding one regex rule (free it). */
static grille_codebook *regex_codebook(const char *re) {
    char xml[1024];
    snprintf(xml, sizeof xml, CB_HEAD "<settings/>\n<theme id=\"a\" label=\"a\"><regex>%s</regex></theme>\n" CB_TAIL,
             re);
    return cb_from(xml);
}


/* A short answer takes each theme of the question once, from the theme's
 * best-scoring segment there, the themes in codebook order: b scores 1
 * in the first sentence and 2 in the second, where a follows it. */
START_TEST(test_short_answer_best_segments) {
    const char *themes = TH("a", "<word>santé</word>") TH("b", "<word>réseau</word>");
    const char *text = "---\ninterviewers: E\n---\n"
                       "E : Le réseau compte. Le réseau et le réseau, et la santé ?\nR : Oui.\n";
    ck_assert_str_eq(hits_str(themes, "<unit>sentence</unit><short-answers>8</short-answers>", text),
                     "2:a#word:santé@79-85 2:b#word:réseau@50-57 2:b#word:réseau@64-71");
    /* b scores 1 in both: the first */
    text = "---\ninterviewers: E\n---\nE : Le réseau compte. Le réseau, et la santé ?\nR : Oui.\n";
    ck_assert_str_eq(hits_str(themes, "<unit>sentence</unit><short-answers>8</short-answers>", text),
                     "2:a#word:santé@65-71 2:b#word:réseau@31-38");
}
END_TEST

/* A unit where more than 32 rules hold a hit (their ranks are sorted
 * otherwise than a few): the segments come by theme, whatever the order
 * of the hits in the text. */
START_TEST(test_many_rules_in_a_unit) {
    char themes[4096] = "", text[1024] = "R : ";
    const char *ids[] = {"a", "b", "c"};
    for (int t = 0; t < 3; t++) {
        size_t n = strlen(themes);
        snprintf(themes + n, sizeof themes - n, "<theme id=\"%s\" label=\"%s\">", ids[t], ids[t]);
        for (int w = 0; w < 12; w++) {
            n = strlen(themes);
            snprintf(themes + n, sizeof themes - n, "<word>%s%02d</word>", ids[t], w);
        }
        strcat(themes, "</theme>");
    }
    /* c's words first, a's last */
    for (int t = 2; t >= 0; t--)
        for (int w = 11; w >= 0; w--) {
            size_t n = strlen(text);
            snprintf(text + n, sizeof text - n, "%s%02d ", ids[t], w);
        }
    strcat(text, "fin.\n");
    ck_assert_str_eq(code_str(themes, NULL, text), "0:a 0:b 0:c");
    /* each segment holds its theme's twelve hits, in the text's order */
    const char *hits = hits_str(themes, NULL, text);
    ck_assert_ptr_nonnull(strstr(hits, "0:a#word:a11@"));
    ck_assert(strstr(hits, "0:a#word:a11@") < strstr(hits, "0:a#word:a00@"));
    ck_assert(strstr(hits, "0:a#word:a00@") < strstr(hits, "0:b#word:b11@"));
}
END_TEST

/* grille_sort() against a reference: random arrays of every length to
 * 40 (insertion below 17 items, merges above), of items of 4, 24 and 80
 * bytes (80: past the insertion's item buffer), keys with many equal:
 * sorted by key, equal keys in their first order. */
typedef struct sort_item {
    int key, order;
    char pad[72];
} sort_item;

static int by_key(const void *a, const void *b, void *ctx) {
    size_t *calls = ctx;
    ++*calls;
    int x = *(const int *)a, y = *(const int *)b;
    return (x > y) - (x < y);
}

static int by_index_key(const void *a, const void *b, void *ctx) {
    const int *keys = ctx;
    int x = keys[*(const int *)a], y = keys[*(const int *)b];
    return (x > y) - (x < y);
}

START_TEST(test_sort) {
    static const size_t sizes[] = {sizeof(int), 24, sizeof(sort_item)};
    unsigned seed = 11;
    for (size_t z = 0; z < sizeof sizes / sizeof *sizes; z++)
        for (size_t n = 0; n <= 40; n++)
            for (int round = 0; round < 20; round++) {
                size_t size = sizes[z];
                char *a = malloc(n * size + 1);
                ck_assert_ptr_nonnull(a);
                for (size_t i = 0; i < n; i++) {
                    seed = seed * 1103515245u + 12345u;
                    int item[2] = {(int)(seed >> 16) % (round % 2 ? 3 : 50), (int)i};
                    memset(a + i * size, 0, size);
                    memcpy(a + i * size, item, size < sizeof item ? size : sizeof item);
                }
                size_t calls = 0;
                ck_assert_int_eq(grille_sort(a, n, size, by_key, &calls), GRILLE_OK);
                for (size_t i = 1; i < n; i++) {
                    int k0, k1, o0, o1;
                    memcpy(&k0, a + (i - 1) * size, sizeof k0);
                    memcpy(&k1, a + i * size, sizeof k1);
                    ck_assert_int_le(k0, k1);
                    if (size >= 2 * sizeof(int) && k0 == k1) {
                        memcpy(&o0, a + (i - 1) * size + sizeof(int), sizeof o0);
                        memcpy(&o1, a + i * size + sizeof(int), sizeof o1);
                        ck_assert_int_lt(o0, o1); /* stable */
                    }
                }
                /* the comparison is asked, and not more than n^2 times */
                ck_assert(n < 2 || (calls >= n - 1 && calls <= n * n));
                free(a);
            }
    /* ints compared through the context, as the coder sorts a unit's
     * hits: index i by keys[i], equal keys in the indices' order */
    for (size_t n = 0; n <= 40; n++)
        for (int round = 0; round < 20; round++) {
            int keys[40], idx[40];
            for (size_t i = 0; i < n; i++) {
                seed = seed * 1103515245u + 12345u;
                keys[i] = (int)(seed >> 16) % (round % 2 ? 3 : 50);
                idx[i] = (int)i;
            }
            ck_assert_int_eq(grille_sort(idx, n, sizeof *idx, by_index_key, keys), GRILLE_OK);
            for (size_t i = 1; i < n; i++) {
                ck_assert_int_le(keys[idx[i - 1]], keys[idx[i]]);
                if (keys[idx[i - 1]] == keys[idx[i]]) ck_assert_int_lt(idx[i - 1], idx[i]);
            }
        }
}
END_TEST

START_TEST(test_word_glob) {
    const char *text = "R : Le réseau. Les partenariats. Une coordination. La coordonnatrice. Rien.\n";
    ck_assert_str_eq(code_str(TH("a", "<word>réseau</word>") TH("b", "<word>partenari*</word>")
                                  TH("c", "<word>*tion</word>") TH("d", "<word>co*nn*</word>"),
                              NULL, text),
                     "0:a 1:b 2:c 3:d");
    /* case folding: the rule and the text meet in lower case */
    ck_assert_str_eq(code_str(TH("a", "<word>Réseau</word>"), NULL, "R : RÉSEAU et réseau.\n"), "0:a");
    /* accents matter unless folded */
    ck_assert_str_eq(code_str(TH("a", "<word>elu</word>"), NULL, "R : Les élus.\n"), "");
    ck_assert_str_eq(code_str(TH("a", "<word>elu*</word>"), "<accent-folding>true</accent-folding>", "R : Les élus.\n"),
                     "0:a");
}
END_TEST

START_TEST(test_case_exact) {
    ck_assert_str_eq(
        code_str(TH("a", "<word case=\"exact\">ARS</word>"), NULL, "R : Les arsenaux. Un ars. L'ARS finance.\n"),
        "2:a");
    /* a word met again is not matched from what its first time left
     * (match_words() keeps, per word, the one rule it adds at once: not
     * a case-exact one) */
    ck_assert_str_eq(
        code_str(TH("a", "<word case=\"exact\">ARS</word>"), NULL, "R : Un ars. L'ARS finance. Un ars. L'ARS. Ars.\n"),
        "1:a 3:a");
}
END_TEST

START_TEST(test_phrase) {
    const char *th = TH("a", "<phrase>mise en réseau</phrase>") TH("b", "<phrase>l'ARS</phrase>");
    ck_assert_str_eq(code_str(th, NULL, "R : La mise euh (rires) en réseau. La mise en place du réseau. Avec l’ARS.\n"),
                     "0:a 2:b");
    /* a phrase is tried only where its second word follows: not across
     * units, whatever the case; a glob second word, and a phrase ending
     * the text, still match */
    const char *more = TH("a", "<phrase>mise en réseau</phrase>") TH("c", "<phrase>conseil local*</phrase>")
        TH("d", "<phrase>la mise</phrase>");
    ck_assert_str_eq(
        code_str(more, NULL, "R : Une mise. En réseau rien. La MISE EN RÉSEAU. Le conseil localement. La mise\n"),
        "2:a 2:d 3:c 4:d");
    /* a case-exact phrase: its second word in another case is not it */
    ck_assert_str_eq(code_str(TH("a", "<phrase case=\"exact\">Mise en Réseau</phrase>"), NULL,
                              "R : Mise en Réseau. Mise en réseau. Mise EN Réseau.\n"),
                     "0:a");
}
END_TEST

/* Only the top-level rules holding a live hit are evaluated: a rule whose
 * only hit an exclusion killed, or one that counts against the theme,
 * still scores as before. */
START_TEST(test_rules_with_dead_hits) {
    const char *th = TH("a", "<word>réseau*</word><phrase weight=\"-1\">réseau social</phrase>"
                             "<near distance=\"2\"><word>comité</word><word>pilotage</word></near>"
                             "<exclude><phrase>réseau routier</phrase><phrase>comité des fêtes</phrase></exclude>");
    ck_assert_str_eq(code_str(th, NULL,
                              "R : Le réseau routier. Le réseau social. Le réseau. Le comité des fêtes, pilotage. "
                              "Le comité de pilotage.\n"),
                     "2:a 4:a");
}
END_TEST

START_TEST(test_exclude) {
#define EXCL                                                                                                          \
    TH("a",                                                                                                           \
       "<exclude><phrase>réseau routier</phrase><phrase>chargée de mission</phrase></exclude><word>réseau*</word>" \
       "<word>mission</word>")
    const char *th = EXCL;
    ck_assert_str_eq(
        code_str(th, NULL, "R : Le réseau routier. Le réseau de santé. Chargée de mission. Notre mission.\n"),
        "1:a 3:a");
    /* an exclusion of one theme does not hide another theme's hit */
    ck_assert_str_eq(code_str(EXCL TH("b", "<word>routier</word>"), NULL, "R : Le réseau routier.\n"), "0:b");
}
END_TEST

START_TEST(test_near) {
    const char *un = TH("a", "<near distance=\"2\"><word>comité</word><word>pilotage</word></near>");
    const char *ord = TH("a", "<near distance=\"2\" ordered=\"true\"><word>comité</word><word>pilotage</word></near>");
    const char *text = "R : Le comité de pilotage. Le pilotage du comité. Le comité, un, deux, trois, pilotage.\n";
    ck_assert_str_eq(code_str(un, NULL, text), "0:a 1:a");
    ck_assert_str_eq(code_str(ord, NULL, text), "0:a");
    /* hesitations do not count as words between them */
    ck_assert_str_eq(code_str(un, NULL, "R : Le comité euh euh euh de pilotage.\n"), "0:a");
}
END_TEST

START_TEST(test_all_any) {
    const char *th = TH("a", "<all><word>projet*</word><any><word>financ*</word><word>appel*</word></any></all>");
    ck_assert_str_eq(code_str(th, NULL, "R : Des projets financés. Des projets. Un appel à projets. Un appel.\n"),
                     "0:a 2:a");
}
END_TEST

START_TEST(test_regex) {
    const char *th = TH("a", "<regex>\\bco-?construi\\w*</regex>") TH("b", "<regex case=\"exact\">\\bQPV\\b</regex>");
    ck_assert_str_eq(code_str(th, NULL, "R : On CO-construit. On coconstruit. Les qpv. Les QPV.\n"), "0:a 1:a 3:b");
}
END_TEST

START_TEST(test_regex_prefilter) {
    /* literal prefixes are searched in a lowered copy: capitals, accented
     * capitals and repeated occurrences must all still match */
    const char *th = TH("a", "<regex>\\bcré(?:er|ation)\\b</regex>")
        TH("b", "<regex>\\b(?:villes?|bourgs?)[-\\s]centres?\\b</regex>") TH("c", "<regex>\\banim\\w*</regex>");
    ck_assert_str_eq(code_str(th, NULL,
                              "R : La CRÉATION. Créer, créer. La ville-centre. Les bourgs centres. "
                              "Une réanimation. ANIMER.\n"),
                     "0:a 1:a 2:b 3:b 5:c");
    /* capitals outside ASCII and Latin-1 (Œ, Greek) still match */
    ck_assert_str_eq(code_str(TH("a", "<regex>(?:la|une) œuvre</regex>"), NULL, "R : LA ŒUVRE.\n"), "0:a");
    ck_assert_str_eq(code_str(TH("a", "<regex>\\bσοφία</regex>"), NULL, "R : Η ΣΟΦΊΑ.\n"), "0:a");
    ck_assert_str_eq(code_str(TH("a", "<regex>\\bœuvr\\w+</regex>"), NULL, "R : ŒUVRER ensemble.\n"), "0:a");
    /* a match may not cross the end of its unit */
    ck_assert_str_eq(code_str(TH("a", "<regex>centre\\. Ville</regex>"), NULL, "R : Au centre. Ville.\n"), "");
}
END_TEST

/* A regex that opens on short or common words but needs one of a group
 * of longer literals further on runs only in the units that hold one of
 * them: capitals and accented capitals still match, and neither an
 * optional group nor a lookahead is taken for what a match needs. */
START_TEST(test_regex_needed_alternatives) {
    const char *th = TH(
        "a", "<regex>\\b(?:est|c['’]est)\\s+(?!vraiment\\b)(?:\\w+\\s+)?(?:départementa\\w*|nationa\\w*)\\b</regex>");
    ck_assert_str_eq(code_str(th, NULL,
                              "R : C'EST DÉPARTEMENTAL. Il est tout national. Il est vraiment national. "
                              "C’est loin. Le national.\n"),
                     "0:a 1:a");
    /* the optional (vraiment) is not needed: "on parle" matches */
    const char *opt = TH("a", "<regex>\\bon\\s+(?:vraiment\\s+)?(?:voit|parl\\w*)\\b</regex>");
    ck_assert_str_eq(code_str(opt, NULL, "R : On parle. On vraiment voit. On mange. Parle, on.\n"), "0:a 1:a");
    /* an alternative with a group of its own still starts with its literal */
    const char *nested = TH("a", "<regex>\\bse\\s+(?:sont\\s+(?:jamais\\s+)?parlé|croisent)\\b</regex>");
    ck_assert_str_eq(code_str(nested, NULL, "R : Ils se sont jamais parlé. Ils se croisent. Ils se parlent.\n"),
                     "0:a 1:a");
    /* a match may not cross the end of its unit, whatever the literal */
    ck_assert_str_eq(code_str(TH("a", "<regex>\\w+\\s+(?:national)</regex>"), NULL, "R : Il est. National.\n"), "");
    /* an inline option makes the pattern run on every unit, as before */
    ck_assert_str_eq(code_str(TH("a", "<regex case=\"exact\">\\bon\\s+(?i)(?:PARLE)</regex>"), NULL, "R : on parle.\n"),
                     "0:a");
}
END_TEST

/* Whatever gates a regex (a literal it starts with or needs, a group of
 * alternatives), it codes what it codes run on every turn whole: with
 * accent folding, no regex is gated, so the two settings must agree on
 * ASCII text.  Lookaheads and $ at a unit's end see the next sentence;
 * syntax the gates do not read (quoting, classes opening on ']', POSIX
 * classes, verbs, \K, escapes with an argument) turns the gates off. */
START_TEST(test_regex_gates_agree) {
    static const char *const cases[][2] = {
        {"\\bon\\s+(?:parle|voit)(?=\\.\\s+ensuite)", "R : Alors on parle. Ensuite on voit.\n"},
        {"\\bon\\s+(?:parle|voit)\\b(?!\\.\\s+ensuite)", "R : Alors on parle. Ensuite on voit.\n"},
        {"\\bon\\s+(?:parle|voit)\\.\\s+\\K\\w+", "R : Alors on parle. Ensuite on voit.\n"},
        {"\\w+\\s+(?:parle|voit)\\.$", "R : Alors on parle. Ensuite on voit.\n"},
        {"q(?:abcd[])]x[](]|efgh)", "R : Un qefgh. Deux.\n"},
        {"q(?:abcd\\Q)(\\E|efgh)", "R : Un qefgh. Deux.\n"},
        {"q(?:abcd[[:punct:])]x[[:punct:](]|efgh)", "R : Un qefgh. Deux.\n"},
        {"qq(?:abcd|efgh)\\E?zz", "R : Un qqzz. Deux.\n"},
        {"zz(?:yy(*ACCEPT)|ww)(?:ijkl|mnop)", "R : Un zzyy. Deux.\n"},
        {"\\p{Latin}+ment\\b", "R : Vraiment. Deux.\n"},
        {"(?x) vrai ment # latin", "R : Vraiment. Deux.\n"},
        {"\\b(?:est|sont)\\s+(?:\\w+\\s+)?(?:national|communal)\\b", "R : Il est national. Ils sont tout communal.\n"},
        /* another script in the turn leaves the gates on; ſ and the
         * Kelvin sign, which PCRE2 takes for s and k, turn them off */
        {"\\bsanté\\s+publique", "R : Σοφία et la SANTÉ publique. Ensuite.\n"},
        {"\\bsanté\\s+publique", "R : La ſANTÉ publique. Ensuite.\n"},
        {"\\b(?:kiné|santé)\\w*", "R : La \xE2\x84\xAAINÉ. Ensuite.\n"},
        {"\\bqui\\s+\\w+\\s+kiné", "R : Celui qui fait \xE2\x84\xAAiné. Ensuite.\n"},
        /* ... for the regexes whose literals hold that letter only */
        {"\\bréunion\\w*", "R : La ſANTÉ et la RÉUNION. Ensuite.\n"},
        /* opening alternatives and a needed word: a match that runs
         * into the next sentence is dropped, and the scan goes on at
         * that sentence's start */
        {"\\b(?:chat|chien)\\W+(?:\\w+\\W+)?noir", "R : J'ai un chat. Chien noir. Un chien tout noir.\n"},
        {"(?:\\w+\\W+)?\\w+\\W+noirceur", "R : Il a un chat. Chien noirceur.\n"},
        /* gated by the longer word it needs rather than the short ones
         * it opens on */
        {"\\b(?:trop|que)\\s+de\\s+réunions\\b",
         "R : Trop de réunions. Que de\nréunions. Pas de réunions, que de réunions.\n"},
        /* a capturing group of alternatives opens the pattern */
        {"\\b(deux|trois)\\s+\\w+,\\s+\\1\\s+\\w+",
         "R : Deux pommes, deux poires. Trois, trois. Trois jours, trois nuits.\n"},
        /* a top-level alternative: its second branch is not gated out */
        {"\\b(?:qabc|qabd)x|zzzq", "R : Un zzzq. Deux qabcx.\n"},
        {"\\bqabc(?:x|y)|zzzq", "R : Un zzzq. Deux qabcx.\n"},
        /* opening alternatives and a needed word further on: tried where
         * an alternative starts, not only where "ans" occurs */
        {"\\b(?:contrats?|postes?)\\s+(?:de\\s+)?\\w+\\s+ans\\b",
         "R : Un contrat de trois ans. Dans deux ans. Sans ans. Des POSTES de deux ans.\n"},
        /* no word to gate them: a rare mark every match holds, escaped
         * or plain; one made optional, or in a group, gates nothing */
        {"\\bn\\s?\\+\\s?[12]\\b", "R : Mon N+1. Rien. Le n + 2 et le n+3. Un +1.\n"},
        {"\\d+\\s?%", "R : 30 %. Rien. Puis 12%.\n"},
        {"\\w+@\\w+", "R : Écrire à coord@ville. Rien.\n"},
        {"\\d+\\s?\\+?\\s?ans", "R : 3 ans. Rien. Puis 5+ ans.\n"},
        {"\\d(?:\\s?\\+\\s?\\d)+", "R : 1 + 2. Rien. 3+4+5.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(gates_agree(cases[i][0], cases[i][1], code_str)[0], "%s: no match at all", cases[i][0]);
}
END_TEST

/* Regex literals are filed under a hash of their first 3 bytes: three
 * whose trigrams hash the same (one a needed literal) are all found, in
 * one turn and each alone. */
START_TEST(test_regex_trigram_collisions) {
    char tri[3][4] = {{0}};
    size_t found = 0;
    for (unsigned x = 0; x < 26 * 26 * 26 && found < 3; x++) {
        char t[5] = {(char)('a' + x / 676), (char)('a' + x / 26 % 26), (char)('a' + x % 26), 'q', '\0'};
        if (found && word_index_trigram_hash(t) != word_index_trigram_hash(tri[0])) continue;
        memcpy(tri[found++], t, 3);
    }
    ck_assert_uint_eq(found, 3);
    char themes[1024], text[256], alone[128];
    snprintf(themes, sizeof themes,
             TH("a", "<regex>\\b%sqa\\w*</regex>") TH("b", "<regex>\\b%sqb\\w*</regex>")
                 TH("c", "<regex>\\b\\d+\\s%sqc</regex>"),
             tri[0], tri[1], tri[2]);
    snprintf(text, sizeof text, "R : Un %sqbx. Deux %sqay. Trois 12 %sqc.\n", tri[1], tri[0], tri[2]);
    ck_assert_str_eq(code_str(themes, NULL, text), "0:b 1:a 2:c");
    static const char *const want[3] = {"0:a", "0:b", "0:c"};
    for (int k = 0; k < 3; k++) {
        snprintf(alone, sizeof alone, k == 2 ? "R : Le 7 %sq%c.\n" : "R : Le %sq%cz.\n", tri[k], 'a' + k);
        ck_assert_str_eq(code_str(themes, NULL, alone), want[k]);
    }
}
END_TEST

/* With sentence units and literals that all open on a letter, the
 * places of a regex's literals are found from the tokens (a word's own,
 * worked out once, and its last two, which may run on into the next
 * token) instead of from every byte of the turn: a theme whose literal
 * opens on a hyphen turns that off, and both ways code alike: a literal
 * inside a word, after a hyphen or an elision, running past a word, at
 * the end of the text, inside a mark, in a word too long to be
 * interned, in capitals, in a word met again elsewhere. */
START_TEST(test_regex_literals_in_tokens) {
    static char long_word[5200];
    memset(long_word, 'x', 5000);
    strcpy(long_word + 5000, "réunions");
    static const char *const cases[][2] = {
        {"\\bco-?pilot\\w*", "R : Le copilote. Le CO-PILOTAGE. Un pilote.\n"},
        {"\\b(?:je suis|il est)\\s*,?\\s+(?:à\\s+la\\s+(?:ville|mairie))\\b",
         "R : Je suis à la ville. Je pense, il est à la mairie. Je suis. Il est\n"},
        {"\\b(?:plus de|pas de|mois d)\\w*", "R : Plus de temps. Six MOIS d'attente. Pas-de-calais. Pas de\n"},
        {"\\banim(?:er|ation)\\b", "R : L'animation. L’ANIMATION. Réanimation. Animer.\n"},
        {"\\bréunions\\b", "R : Il dit [réunions de quartier] puis. (Réunions) encore.\n"},
        {"[a-z]+réunions", NULL},
        {"\\bsous-préfe(?:t|cture)\\b", "R : Le sous-préfet. La SOUS-PRÉFECTURE. Sous- préfet.\n"},
        {"\\bco- et \\w+", "R : Le co- et multi-financement. Un co-\n"},
        {"\\b(?:réunions?|actions?)\\b", "R : Réunion. Les actions, la réunion, une action\n"},
        /* a word met again, its literals decided once (word_places()):
         * one running past the word, told by what follows each time,
         * and one inside it */
        {"\\bplus de\\b", "R : Plus de liens. Plus tard. Plus de temps, plus ou moins. PLUS DE\n"},
        {"\\b\\w+\\s+réseau\\b", "R : La mise en réseau. Un réseau. Le réseau, en réseau. Réseau.\n"},
    };
    char text[5300];
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *t = cases[i][1];
        if (!t) {
            snprintf(text, sizeof text, "R : Un mot. Le %s final. Fin.\n", long_word);
            t = text;
        }
        char th[512], bytes[600], in_tokens[4096];
        snprintf(th, sizeof th, "<theme id=\"a\" label=\"a\"><regex>%s</regex></theme>", cases[i][0]);
        snprintf(bytes, sizeof bytes, "%s<theme id=\"z\" label=\"z\"><regex>-zzqq\\w*</regex></theme>", th);
        snprintf(in_tokens, sizeof in_tokens, "%s", code_str(th, NULL, t));
        const char *by_bytes = code_str(bytes, NULL, t);
        ck_assert_msg(strcmp(in_tokens, by_bytes) == 0, "%s: in tokens '%s', by bytes '%s'", cases[i][0], in_tokens,
                      by_bytes);
        ck_assert_msg(in_tokens[0], "%s: no match at all", cases[i][0]);
    }
    /* a word with a place of a confined regex's literal alone (left out
     * in a clean token) before a place of another's: the word's record
     * read in step all the same */
    const char *two = "<theme id=\"a\" label=\"a\"><regex>\\banim(?:er|ation)\\b</regex></theme>"
                      "<theme id=\"b\" label=\"b\"><regex>ation\\s+de\\b</regex></theme>";
    const char *two_text = "R : L'animation de quartier. Une animation de rue. Animation.\n";
    ck_assert_str_eq(code_str(two, NULL, two_text), "0:a 0:b 1:a 1:b 2:a");
    /* the way each codebook takes */
    grille_codebook *cb =
        cb_from(CB_HEAD "<settings/>\n<theme id=\"a\" label=\"a\"><regex>\\bréunions</regex></theme>\n" CB_TAIL);
    ck_assert_int_eq(cb->index.literals_in_tokens, 1);
    grille_codebook_free(cb);
    cb = cb_from(CB_HEAD "<settings/>\n<theme id=\"a\" label=\"a\"><regex>-zzqq\\w*</regex></theme>\n" CB_TAIL);
    ck_assert_int_eq(cb->index.literals_in_tokens, 0);
    grille_codebook_free(cb);
}
END_TEST

/* Which gate a regex opening on alternatives gets: them, unless a word
 * it needs further on is longer than the shortest (rarer, as a rule). */
START_TEST(test_regex_gate_choice) {
    static const struct {
        const char *re;
        size_t nalts;
        const char *need;
    } cases[] = {
        {"\\b(?:trop|que)\\s+de\\s+réunions\\b", 0, "réunions"},
        {"\\b(?:notre|leur|son) avis\\b", 0, "avis"},
        {"\\b(?:contrats?|postes?)\\s+(?:de\\s+)?\\w+\\s+ans\\b", 2, ""},
        {"\\b(?:soins?|médecins?)\\b", 2, ""},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        grille_codebook *cb = regex_codebook(cases[i].re);
        const rleaf *lf = &cb->leaves[0];
        ck_assert_msg(lf->nalts == cases[i].nalts, "%s: %zu alternatives", cases[i].re, lf->nalts);
        ck_assert_msg(strcmp(lf->need_len ? lf->need : "", cases[i].need) == 0, "%s: needs '%s'", cases[i].re,
                      lf->need_len ? lf->need : "");
        grille_codebook_free(cb);
    }
}
END_TEST

/* A match that runs from one sentence into the next is no hit, and it
 * hides nothing of the next sentence: gated by the literal it opens on,
 * by a word it needs, or by nothing (accent folding), the regexes find
 * the second sentence's match. */
START_TEST(test_regex_match_across_units) {
    ck_assert_str_eq(code_str(TH("a", "<regex>\\b(?:chat|chien)\\W+(?:\\w+\\W+)?noir</regex>"), NULL,
                              "R : J'ai un chat. Chien noir. Un chien tout noir.\n"),
                     "1:a 2:a");
    static const char *const settings[] = {NULL, "<accent-folding>true</accent-folding>"};
    for (int k = 0; k < 2; k++) {
        ck_assert_str_eq(code_str(TH("a", "<regex>(?:\\w+\\W+)?\\w+\\W+noirceur</regex>"), settings[k],
                                  "R : Il a un chat. Chien noirceur.\n"),
                         "1:a");
        ck_assert_str_eq(code_str(TH("a", "<regex>\\bchat\\W+(?:\\w+\\W+)?chien</regex>"), settings[k],
                                  "R : Un chat. Chien. Un chat et chien.\n"),
                         "2:a");
    }
}
END_TEST

/* The rare mark a regex without a word to gate it needs: escaped or
 * plain, not when a quantifier makes it optional, not inside a group,
 * not when a word gates the regex already. */
START_TEST(test_regex_needed_byte) {
    static const struct {
        const char *re;
        char byte;
    } cases[] = {
        {"\\bn\\s?\\+\\s?[12]\\b", '+'}, {"\\d+\\s?%", '%'}, {"\\w+@\\w+", '@'},           {"\\d+\\s?\\+?\\s?\\d", 0},
        {"\\d(?:\\s?\\+\\s?\\d)+", 0},   {"[+]\\d", 0},      {"\\bplus\\s?\\+\\s?\\d", 0}, /* "plus" gates it */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        grille_codebook *cb = regex_codebook(cases[i].re);
        ck_assert_uint_eq(cb->nleaves, 1);
        ck_assert_msg(cb->leaves[0].need_byte == cases[i].byte, "%s: '%c', not '%c'", cases[i].re,
                      cb->leaves[0].need_byte ? cb->leaves[0].need_byte : '0', cases[i].byte ? cases[i].byte : '0');
        grille_codebook_free(cb);
    }
}
END_TEST

/* How many bytes a match can hold before the literal, group or mark
 * that gates it (rleaf.need_within): a unit is scanned from that far
 * before its first one.  A character counts 4 bytes (caseless, k is
 * also the 3-byte Kelvin sign), ASCII punctuation 1, a lookaround and
 * \b nothing; a repetition without end, or syntax not read, bounds
 * nothing. */
START_TEST(test_regex_need_within) {
    static const struct {
        const char *re;
        size_t within;
    } cases[] = {
        {"\\bco-?présid\\w*", 9},              /* c o -? */
        {"\\bp[ée]ri-?urbain\\w*", 17},        /* p [ée] r i -? */
        {"\\b(?:notre|leur|son) avis\\b", 21}, /* notre, a space */
        {"\\bmi[-\\s]temps\\b", 12},           /* m i [-\s] */
        {"(?&lt;!pas )\\bmi\\.?temps\\b", 9},  /* the lookbehind: 0 */
        {"\\bje (?:suis|me sens|me sentais|étais) (?:un peu |très |souvent |bien |assez )?seule?\\b", 76},
        {"\\ble\\s(?:comité|conseil)s?\\b", 12},               /* a needed group */
        {"\\bn\\s?\\+\\s?[12]\\b", 8},                         /* a needed mark */
        {"\\ba{2,3}b?(?:x|yz){2}réunions", 4 * 3 + 4 + 8 * 2}, /* counted repeats */
        {"\\b(?:trop|que)\\s+de\\s+réunions\\b", SIZE_MAX},    /* \s+ */
        {"\\b(?:\\w+\\s)?ensemble\\b", SIZE_MAX},              /* \w+ */
        {"\\b\\w{2,}\\sensemble\\b", SIZE_MAX},                /* {2,} */
        {"\\b(deux|trois)\\s\\1\\sensemble\\b", SIZE_MAX},     /* a back reference */
        {"\\b(?&lt;m>deux|trois)\\s+ensemble\\b", SIZE_MAX},
        {"\\b(?&lt;m>deux|trois)\\sensemble\\b", 24}, /* a named group: trois, \s */
        {"x{ensemble", SIZE_MAX},                     /* "{" as itself */
        /* spaces or no lower bound: text for PCRE2 10.42, a quantifier
         * for later versions; either way no bound */
        {"-{ 1}ville", SIZE_MAX},
        {"-{2, 3}ville", SIZE_MAX},
        {"-{,3}ville", SIZE_MAX},
        {"-{1,3}ville", 3},
        {"\\w{1100}ville", SIZE_MAX}, /* a window past 4,096 bytes narrows nothing */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        grille_codebook *cb = regex_codebook(cases[i].re);
        const rleaf *lf = &cb->leaves[0];
        ck_assert_msg(lf->need_len || lf->nneeds || lf->need_byte, "%s: not gated by what it needs", cases[i].re);
        ck_assert_msg(lf->need_within == cases[i].within, "%s: %zd bytes, not %zd", cases[i].re,
                      (ssize_t)lf->need_within, (ssize_t)cases[i].within);
        grille_codebook_free(cb);
    }
}
END_TEST

/* A unit is scanned for a regex from need_within bytes before the first
 * place of what it needs, and no match starts after the last: the same
 * hits, at the same bytes, as a scan of every turn whole (accent
 * folding turns the gates off): several places in a unit, the match on
 * the last, characters of 2 and 3 bytes where the window starts, a
 * lookbehind before the window, a needed group and a needed mark. */
START_TEST(test_regex_windows_agree) {
    static const char *const cases[][2] = {
        {"\\bco-?présid\\w*",
         "R : Le CO-PRÉSIDENT, le président et la coprésidente. Présidente, co-présidente et co-présidents.\n"},
        {"\\bco-?port\\w*", "R : Le port de commerce est loin, il faut co-porter le projet avec le coporteur.\n"},
        {"..présid\\w*", "R : x€€€présidence et €présid puis ééprésident. Fin.\n"},
        {"\\b(?:notre|leur|son) avis\\b", "R : Notre avis, leur avis et son avis. Un avis. À notre avis.\n"},
        {"(?&lt;!pas )\\bmi[-\\s]temps\\b", "R : Un mi-temps, pas mi temps, MI TEMPS et mi-temps.\n"},
        {"\\ble\\s(?:comité|conseil)s?\\b", "R : Le comité et le conseil. Un comité, les comités, le comités.\n"},
        {"\\bn\\s?\\+\\s?[12]\\b", "R : Mon N+1 et mon n + 2. Le n+3, le N+2.\n"},
        /* a match that starts on the last place (PCRE2's offset limit
         * lets a match start at it) */
        {"(?:\\bx)?réunions\\b", "R : Les réunions. Deux réunions, trois xréunions.\n"},
        /* braces PCRE2 may take for text: no window */
        {"-{ 1}ville", "R : Dans la zone -{ 1}ville et -ville, puis -{ 1}ville et -ville.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        const char *gated = gates_agree(cases[i][0], cases[i][1], hits_str);
        ck_assert_msg(strchr(gated, ' '), "%s: fewer than two hits: '%s'", cases[i][0], gated);
    }
}
END_TEST

/* Which patterns regex_word_confined() finds inside one word: only
 * letters, digits, '-', \w, \d, \b, classes of those, groups and
 * quantifiers. */
START_TEST(test_regex_word_confined) {
    static const struct {
        const char *re;
        int confined;
    } cases[] = {
        {"\\banim(?:er|e|es)\\b", 1},
        {"\\bco-?présid\\w*", 1},
        {"\\bp[ée]ri-?urbain\\w*", 1},
        {"\\b(?:réunions?|actions?)\\b", 1},
        {"\\bn[0-9]{1,3}x\\b", 1},
        {"\\bsous-préfe(?:t|te)\\b", 1},
        {"[\\w-]+ville", 1},
        {"\\bcomptes?[-\\s]rendus?\\b", 0}, /* \s */
        {"\\bone\\s+health\\b", 0},
        {"\\bmon avis\\b", 0},       /* a space */
        {"\\bj['’]ai\\b", 0},        /* apostrophes */
        {"\\battaché(?!\\s+à)", 0},  /* a lookahead */
        {"(?<!pas )\\bmi-temps", 0}, /* a lookbehind */
        {"(?i)\\bars\\b", 0},        /* an inline option */
        {"\\ba.b\\b", 0},            /* a dot */
        {"\\bà[^x]ville", 0},        /* a negated class */
        {"\\bé[à-ÿ]t\\b", 0},        /* a range beyond ASCII holds ÷ */
        {"\\b[!-z]ville", 0},        /* a range over punctuation */
        {"\\bn\\+1\\b", 0},          /* '+' as itself */
        {"x{,3}ville", 0},           /* a brace as text */
        {"\\b(deux)-\\1\\b", 0},     /* a back reference */
        {"^ville", 0},
        {"ville$", 0},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        ck_assert_msg(regex_word_confined(cases[i].re) == cases[i].confined, "%s: %d", cases[i].re, !cases[i].confined);
}
END_TEST

/* A regex whose matches lie inside one word is looked for once per word
 * and its hits copied to each token of the word where nothing next to
 * it could extend a match: the same hits, at the same bytes, as a scan
 * of every turn whole.  The words come back in other sentences, next to
 * '_' or '-' (where a match could run on), elided, in capitals, after a
 * Kelvin sign (which the lowered copy cannot gate), as marks. */
START_TEST(test_regex_confined_agree) {
    static const char *const cases[][2] = {
        {"\\bco-?présid\\w*",
         "R : Le coprésident et la co-présidente. Coprésident_x et x_coprésident. -coprésident et "
         "coprésident-. Le coprésident’s. « Coprésident » — COPRÉSIDENT… vice-coprésidente, l'coprésident.\n"
         "R : Coprésident, co-présidente et co--présidente. Et présidente, coprésident.\n"},
        {"\\b(?:fai\\w*|mont\\w*)\\b",
         "R : Il fait, on faisait, ils font. Le monde monte. Défaire, content, fait_x, x_fait, -fait, fait-. "
         "[inaudible] fait. (rires) montagne.\nR : FAIT et Faits, 3fait et fait3, fait.\n"},
        {"\\banim(?:er|e|es|ent)\\b",
         "R : Animer, j'anime, l'animer, qu’anime, ré-animer, réanime, anime_, _animes, animent. "
         "Anime.\nR : Les élu.e.s animent, ANIMER.\n"},
        {"\\b(?:réunions?|actions?)\\b",
         "R : Des réunions, une réunion, des actions, réactions, action-réunion, réunion_s, "
         "réunion2, 2réunion, l’action.\n"},
        {"\\bkil\\w*", "R : Un kilo, un \xe2\x84\xaailo (Kelvin), kiosque. Kilomètre.\nR : Un kilo et un kiwi.\n"},
        {"\\b\\w*port\\w*", "R : Le rapport, le port, import_export, porte-parole, apporter. Port.\n"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        grille_codebook *cb = regex_codebook(cases[i][0]);
        ck_assert_msg(cb->leaves[0].word_confined, "%s: not confined", cases[i][0]);
        grille_codebook_free(cb);
        const char *gated = gates_agree(cases[i][0], cases[i][1], hits_str);
        ck_assert_msg(strchr(gated, ' '), "%s: fewer than two hits: '%s'", cases[i][0], gated);
    }
}
END_TEST

START_TEST(test_min_hits) {
    ck_assert_str_eq(code_str("<theme id=\"a\" label=\"a\" min-hits=\"2\"><word>élu*</word></theme>", NULL,
                              "R : Un élu. Les élus et les élues.\n"),
                     "1:a");
    ck_assert_str_eq(
        code_str(TH("a", "<word>élu*</word>"), "<min-hits>2</min-hits>", "R : Un élu. Les élus et les élues.\n"),
        "1:a");
}
END_TEST

START_TEST(test_speakers_and_units) {
    const char *text = "Enquêtrice : Et le réseau ?\nCoordinatrice : Le réseau, oui. Le réseau encore.\n"
                       "Et le réseau.\nEnquêtrice : Merci.\n";
    const char *th = TH("a", "<word>réseau</word>");
    ck_assert_str_eq(code_str(th, NULL, text), "1:a 2:a 3:a");
    ck_assert_str_eq(code_str(th, "<speakers>interviewers</speakers>", text), "0:a");
    ck_assert_str_eq(code_str(th, "<speakers>all</speakers>", text), "0:a 1:a 2:a 3:a");
    ck_assert_str_eq(code_str(th, "<unit>paragraph</unit>", text), "1:a 2:a");
    ck_assert_str_eq(code_str(th, "<unit>turn</unit>", text), "1:a");
}
END_TEST

START_TEST(test_segment_fields) {
    grille_codebook *cb = cb_from(CB_HEAD TH("a", "<near distance=\"3\"><word>comité</word><word>pilotage</word></near>"
                                                  "<word>copil</word>") CB_TAIL);
    const char *text = "E : Question ?\nCoordinatrice : Le COPIL, c’est le comité de pilotage.\n";
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_uint_eq(grille_coding_segment_count(c), 1);
    ck_assert_uint_eq(grille_coding_unit_count(c), 1);
    ck_assert_uint_eq(grille_coding_word_count(c), 8); /* le copil c' est le comité de pilotage */
    const grille_segment *s = grille_coding_segment_get(c, 0);
    ck_assert_str_eq(s->speaker, "Coordinatrice");
    ck_assert_str_eq(s->theme_path, "a");
    ck_assert_str_eq(s->document, "mem");
    ck_assert_uint_eq(s->turn, 1);
    ck_assert_uint_eq(s->span.line, 2);
    ck_assert_uint_eq(s->hit_count, 3);
    /* hits in text order, each with exact offsets */
    ck_assert_str_eq(s->hits[0].rule_id, "a#word:copil");
    ck_assert_int_eq(s->hits[0].kind, GRILLE_RULE_WORD);
    ck_assert_str_eq(s->hits[1].rule_id, "a#word:comité");
    ck_assert_str_eq(s->hits[2].rule_id, "a#word:pilotage");
    const char *at = strstr(text, "comité");
    ck_assert_uint_eq(s->hits[1].span.byte_start, (size_t)(at - text));
    /* code points: "comité" starts after one ’ (3 bytes, 1 cp) and é's */
    ck_assert_uint_eq(s->hits[1].span.cp_start, utf8_cp(text, at));
    ck_assert_uint_eq(s->hits[1].span.cp_end - s->hits[1].span.cp_start, 6);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_catastrophic_regex) {
    grille_codebook *cb = cb_from(CB_HEAD TH("a", "<regex>(a+)+$</regex>") CB_TAIL);
    char text[200] = "R : ";
    memset(text + 4, 'a', 60);
    strcpy(text + 64, "!\n");
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(err.code, GRILLE_EMATCH);
    ck_assert_uint_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "a#regex:"));
    grille_document_free(d);
    grille_codebook_free(cb);
    /* a confined regex (one word) run on a word alone: the same tries as
     * in the turn, so the same limit and the same report, not "out of
     * memory"; and a word it can be run on without reaching it */
    cb = cb_from(CB_HEAD TH("a", "<regex>(?:a|aa){1,20}b?chat</regex>") CB_TAIL);
    ck_assert(cb->leaves[0].word_confined);
    char word[1000] = "R : x ";
    memset(word + 6, 'a', 400);
    strcpy(word + 406, "chat y.\n");
    d = doc_from(word);
    c = grille_coding_new(cb, d, &err);
    ck_assert_ptr_null(c);
    ck_assert_int_eq(err.code, GRILLE_EMATCH);
    ck_assert_ptr_nonnull(strstr(err.message, "match limit"));
    grille_document_free(d);
    memset(word + 6, 'a', 100);
    memset(word + 106, 'b', 300);
    d = doc_from(word);
    c = grille_coding_new(cb, d, &err);
    ck_assert_ptr_nonnull(c);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* Two regexes whose literals share a place of a word next to '_' (where
 * the confined one's hits are not the word's): the places are visited
 * in order, as in the turn, and the longer match at the first is kept. */
START_TEST(test_regex_places_in_order) {
    const char *th = TH("a", "<regex>cha\\w*</regex>") TH("b", "<regex>chabada\\s+\\w+</regex>");
    /* each with the bytes of its whole "chacha" */
    static const char *const cases[][2] = {{"R : x _chacha y.\n", "@7-13"},
                                           {"R : x chacha y \xc5\xbf.\n", "@6-12"},
                                           {"R : x chacha y.\n", "@6-12"},
                                           {"R : x chacha-y.\n", "@6-12"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char gated[4096];
        snprintf(gated, sizeof gated, "%s", hits_str(th, NULL, cases[i][0]));
        const char *whole = hits_str(th, "<accent-folding>true</accent-folding>", cases[i][0]);
        ck_assert_msg(strcmp(gated, whole) == 0, "case %zu: gated '%s', whole turns '%s'", i, gated, whole);
        ck_assert_msg(strstr(gated, cases[i][1]), "case %zu: not the whole word: '%s'", i, gated);
    }
}
END_TEST

/* A coder gives a coding room for as many segments a byte as the
 * document before had, but at most two a unit: after a short document
 * coded in every sentence, a long one coded nowhere does not get room
 * for a segment every dozen bytes. */
START_TEST(test_coding_room_bounded) {
    grille_codebook *cb = cb_from(CB_HEAD TH("a", "<word>réseau</word>") CB_TAIL);
    grille_error err;
    grille_coder *k = grille_coder_new(cb, &err);
    grille_document *dense = doc_from("R : réseau.\n");
    grille_coding *c = grille_coder_code(k, dense, &err);
    ck_assert_uint_eq(grille_coding_segment_count(c), 1);
    grille_coding_free(c);
    static char text[200000];
    size_t n = (size_t)snprintf(text, sizeof text, "R :");
    while (n + 100 < sizeof text)
        n += (size_t)snprintf(text + n, sizeof text - n,
                              " Une phrase assez longue, qui ne dit pas le mot que cherche la grille.");
    strcpy(text + n, "\n");
    grille_document *big = doc_from(text);
    size_t units = grille_document_unit_count(big, GRILLE_UNIT_SENTENCE);
    c = grille_coder_code(k, big, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(grille_coding_segment_count(c), 0);
    ck_assert_uint_lt(c->cap, 2 * (2 * units + 8));
    ck_assert_uint_lt(c->caphits, 2 * (4 * units + 8));
    grille_coding_free(c);
    grille_document_free(big);
    grille_document_free(dense);
    grille_coder_free(k);
    grille_codebook_free(cb);
}
END_TEST

typedef struct job {
    const grille_codebook *cb;
    const char *text;
    size_t count;
} job;

static void *code_many(void *arg) {
    job *j = arg;
    for (int i = 0; i < 50; i++) {
        grille_error err;
        grille_document *d = grille_document_parse("t.txt", j->text, strlen(j->text), NULL, &err);
        grille_coding *c = grille_coding_new(j->cb, d, &err);
        j->count += grille_coding_segment_count(c);
        grille_coding_free(c);
        grille_document_free(d);
    }
    return NULL;
}

START_TEST(test_threads) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_ptr_nonnull(cb);
    const char *text = "R : Le réseau et les élus. Le comité de pilotage. Des projets financés. On co-construit.\n";
    job jobs[4];
    pthread_t th[4];
    for (int i = 0; i < 4; i++) {
        jobs[i] = (job){cb, text, 0};
        pthread_create(&th[i], NULL, code_many, &jobs[i]);
    }
    for (int i = 0; i < 4; i++) pthread_join(th[i], NULL);
    for (int i = 0; i < 4; i++) ck_assert_uint_eq(jobs[i].count, 50 * 5);
    grille_codebook_free(cb);
}
END_TEST

/* Appends the UTF-8 of code point cp. */
static size_t put_cp(char *out, unsigned cp) {
    if (cp < 0x80) {
        out[0] = (char)cp;
        return 1;
    }
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | cp >> 6);
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | cp >> 12);
    out[1] = (char)(0x80 | (cp >> 6 & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

START_TEST(test_many_glob_pairs) {
    /* more than 2,048 distinct first byte pairs of prefix globs: the
     * pair table is full; the rest are matched the general way, and a
     * token whose pair is absent never probes without end */
    static const char alnum[] = "abcdefghijklmnopqrstuvwxyz0123456789";
    static const unsigned second[] = {0x430, 0x3B1, 0x628, 0x5D1, 0x561, 0x440, 0x3C0, 0x646};
    size_t cap = 1 << 20, nx = 0, nt = 0, count = 0;
    char *xml = malloc(cap), *text = malloc(cap);
    nx += (size_t)snprintf(xml, cap, CB_HEAD "<settings><unit>turn</unit></settings><theme id=\"g\" label=\"g\">");
    nt += (size_t)snprintf(text, cap, "R :");
    char p[16];
    for (int pass = 0; pass < 3; pass++) {
        size_t n = pass == 0 ? 36 * 36 : pass == 1 ? 36 * 8 : 328 + 175;
        for (size_t k = 0; k < n; k++) {
            size_t len = 0;
            if (pass == 0) {
                p[len++] = alnum[k / 36];
                p[len++] = alnum[k % 36];
            } else if (pass == 1) {
                p[len++] = alnum[k / 8];
                len += put_cp(p + len, second[k % 8]);
            } else len += put_cp(p + len, k < 328 ? 0x4E00 + 64 * (unsigned)k : 0xAC00 + 64 * (unsigned)(k - 328));
            p[len] = '\0';
            nx += (size_t)snprintf(xml + nx, cap - nx, "<word>%s*</word>", p);
            nt += (size_t)snprintf(text + nt, cap - nt, " %smot", p);
            count++;
        }
    }
    snprintf(xml + nx, cap - nx, "</theme>" CB_TAIL);
    /* a Thai letter: its pair is in no table */
    snprintf(text + nt, cap - nt, " \xE0\xB8\x81x \xE2\x82\xAC\n");
    ck_assert_uint_gt(count, 2048);
    grille_codebook *cb = cb_from(xml);
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(grille_coding_segment_count(c), 1);
    /* one hit per word: none lost to the full table */
    ck_assert_uint_eq(grille_coding_segment_get(c, 0)->hit_count, count);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    free(xml);
    free(text);
}
END_TEST


/* Codes "R : text" with the codebook xml; the segments' themes, scores
 * and primary marks as "theme=score*" (star on the primary), in order. */
static void coded(const char *xml, const char *text, char *out, size_t cap) {
    grille_codebook *cb = cb_from(xml);
    ck_assert_ptr_nonnull(cb);
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_ptr_nonnull(c);
    out[0] = '\0';
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s=%g%s", i ? " " : "", s->theme_id, s->score,
                 s->flags & GRILLE_SEGMENT_PRIMARY ? "*" : "");
    }
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}

START_TEST(test_weights) {
    char got[200];
    /* without weights the score counts matches, and min-hits still rules */
    const char *plain = CB_HEAD "<theme id=\"a\" label=\"a\" min-hits=\"2\"><word>comité</word></theme>" CB_TAIL;
    coded(plain, "R : Le comité.\n", got, sizeof got);
    ck_assert_str_eq(got, "");
    coded(plain, "R : Le comité et le comité.\n", got, sizeof got);
    ck_assert_str_eq(got, "a=2*");
    /* a weight of 2 reaches min-score 2 alone; a rule of weight 1 does not */
    const char *w = CB_HEAD "<theme id=\"a\" label=\"a\" min-score=\"2\"><word weight=\"2\">copil</word>"
                            "<word>comité</word></theme>" CB_TAIL;
    coded(w, "R : Le COPIL.\n", got, sizeof got);
    ck_assert_str_eq(got, "a=2*");
    coded(w, "R : Le comité.\n", got, sizeof got);
    ck_assert_str_eq(got, "");
    coded(w, "R : Le comité, le COPIL.\n", got, sizeof got);
    ck_assert_str_eq(got, "a=3*");
    /* a negative weight counts against the theme, and is not a reason */
    const char *neg =
        CB_HEAD "<theme id=\"r\" label=\"r\"><word>réseau</word><phrase weight=\"-1\">réseau routier</phrase>"
                "</theme>" CB_TAIL;
    coded(neg, "R : Le réseau routier.\n", got, sizeof got);
    ck_assert_str_eq(got, "");
    coded(neg, "R : Le réseau des acteurs, pas le réseau routier.\n", got, sizeof got);
    ck_assert_str_eq(got, "r=1*");
    grille_codebook *cb = cb_from(neg);
    grille_document *d = doc_from("R : Le réseau des acteurs, pas le réseau routier.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_segment *s = grille_coding_segment_get(c, 0);
    for (size_t i = 0; i < s->hit_count; i++) ck_assert_str_eq(s->hits[i].rule_id, "r#word:réseau");
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    /* a decimal comma, and the codebook's <min-score> */
    const char *dec = CB_HEAD "<settings><min-score>1</min-score></settings>"
                              "<theme id=\"a\" label=\"a\"><word weight=\"0,5\">élus</word></theme>" CB_TAIL;
    coded(dec, "R : Les élus.\n", got, sizeof got);
    ck_assert_str_eq(got, "");
    coded(dec, "R : Les élus, les élus.\n", got, sizeof got);
    ck_assert_str_eq(got, "a=1*");
}
END_TEST

START_TEST(test_primary) {
    char got[200];
    /* the highest score is primary; a tie goes to the first theme */
    const char *xml = CB_HEAD TH("a", "<word>ARS</word>") TH("b", "<word>élus</word><word>maire</word>") CB_TAIL;
    coded(xml, "R : L'ARS, les élus et le maire.\n", got, sizeof got);
    ck_assert_str_eq(got, "a=1 b=2*");
    coded(xml, "R : L'ARS et les élus.\n", got, sizeof got);
    ck_assert_str_eq(got, "a=1* b=1");
}
END_TEST

/* A theme's rules written around a sub-theme are numbered apart: its
 * score still adds them all, in one segment before the sub-theme's. */
START_TEST(test_rules_around_subtheme) {
    char got[200];
    const char *xml = CB_HEAD "<theme id=\"p\" label=\"p\"><word>ARS</word>"
                              "<theme id=\"s\" label=\"s\"><word>élus</word><exclude><phrase>élus locaux</phrase>"
                              "</exclude></theme><word>maire</word><word weight=\"-1\">adjoint</word></theme>" CB_TAIL;
    coded(xml, "R : Le maire, les élus et l'ARS.\n", got, sizeof got);
    ck_assert_str_eq(got, "p=2* s=1");
    coded(xml, "R : Le maire adjoint, les élus locaux et l'ARS.\n", got, sizeof got);
    ck_assert_str_eq(got, "p=1*");
    coded(xml, "R : Les élus et le maire.\n", got, sizeof got);
    ck_assert_str_eq(got, "p=1* s=1");
}
END_TEST

START_TEST(test_weight_errors) {
    static const char *const bad[] = {
        CB_HEAD TH("a", "<word weight=\"0\">x</word>") CB_TAIL,
        CB_HEAD TH("a", "<word weight=\"deux\">x</word>") CB_TAIL,
        CB_HEAD TH("a", "<near distance=\"3\"><word weight=\"2\">x</word><word>y</word></near>") CB_TAIL,
        CB_HEAD TH("a", "<exclude><word weight=\"2\">x</word></exclude><word>y</word>") CB_TAIL,
        CB_HEAD "<theme id=\"a\" label=\"a\" min-score=\"0\"><word>x</word></theme>" CB_TAIL,
        CB_HEAD TH("a", "<word weight=\"5000\">x</word>") CB_TAIL};
    static const char *const says[] = {"weight must be a number",
                                       "weight",
                                       "weight is read on a theme's own rules",
                                       "weight is read on a theme's own rules",
                                       "min-score must be a number above 0",
                                       "weight must be a number"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        grille_error err;
        grille_codebook_source src = {.name = "cb.xml", .xml = bad[i], .len = strlen(bad[i])};
        grille_codebook *cb = grille_codebook_open(&src, NULL, NULL, &err);
        ck_assert_msg(cb == NULL, "case %zu accepted", i);
        /* "deux" is refused by the schema's pattern, the rest by the loader */
        ck_assert_int_eq(err.code, i == 1 ? GRILLE_ESCHEMA : GRILLE_ECODEBOOK);
        ck_assert_msg(strstr(err.message, says[i]) != NULL, "case %zu: %s", i, err.message);
        ck_assert_uint_gt(err.line, 0);
    }
}
END_TEST

/* The ids of a codebook's rules, space-separated. */
static void rule_ids(const char *xml, char *out, size_t cap) {
    grille_codebook *cb = cb_from(xml);
    ck_assert_ptr_nonnull(cb);
    out[0] = '\0';
    for (size_t i = 0; i < grille_codebook_rule_count(cb); i++) {
        grille_rule_info ri;
        grille_codebook_rule_get(cb, i, &ri);
        size_t n = strlen(out);
        snprintf(out + n, cap - n, "%s%s", i ? " " : "", ri.id);
    }
    grille_codebook_free(cb);
}

/* A rule's theme and parent are size_t indices, GRILLE_NONE at the top;
 * an excluding rule has GRILLE_RULE_INFO_EXCLUDE. */
START_TEST(test_rule_info) {
    grille_codebook *cb = cb_from(CB_HEAD TH("a", "<word>élu*</word>")
                                      TH("b", "<near distance=\"2\"><word>comité</word><word>pilotage</word></near>"
                                              "<exclude><phrase>élu coup de cœur</phrase></exclude>") CB_TAIL);
    ck_assert_ptr_nonnull(cb);
    size_t near = grille_codebook_rule_find(cb, "nothing");
    ck_assert_uint_eq(near, GRILLE_NONE);
    size_t nested = 0, excluded = 0;
    for (size_t i = 0; i < grille_codebook_rule_count(cb); i++) {
        grille_rule_info ri;
        ck_assert_int_eq(grille_codebook_rule_get(cb, i, &ri), GRILLE_OK);
        ck_assert_uint_eq(grille_codebook_rule_find(cb, ri.id), i);
        ck_assert_uint_eq(ri.theme, i == 0 ? 0 : 1);
        if (ri.kind == GRILLE_RULE_NEAR) near = i;
        if (ri.parent != GRILLE_NONE) {
            ck_assert_uint_eq(ri.parent, near);
            nested++;
        }
        if (ri.flags & GRILLE_RULE_INFO_EXCLUDE) {
            ck_assert_str_eq(ri.text, "élu coup de cœur");
            excluded++;
        }
    }
    ck_assert_uint_eq(nested, 2);
    ck_assert_uint_eq(excluded, 1);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_stable_ids) {
    char before[600], after[600];
    rule_ids(CB_HEAD TH("a", "<word>élu*</word><phrase>comité  de pilotage</phrase><regex>\\bARS\\b</regex>"
                             "<exclude><phrase>élu coup de cœur</phrase></exclude>") CB_TAIL,
             before, sizeof before);
    /* a rule inserted first renames none of the others */
    rule_ids(CB_HEAD TH("a", "<word>maire*</word><word>élu*</word><phrase>comité de pilotage</phrase>"
                             "<regex>\\bARS\\b</regex><exclude><phrase>élu coup de cœur</phrase></exclude>") CB_TAIL,
             after, sizeof after);
    ck_assert_str_eq(after + strlen("a#word:maire* "), before);
    ck_assert_ptr_nonnull(strstr(before, "a#word:élu* a#phrase:comité de pilotage a#regex:"));
    ck_assert_ptr_nonnull(strstr(before, " a#exclude:phrase:élu coup de cœur"));
    /* a regex is known by 8 hexadecimal digits; the same rule twice gets
     * ~2; a given id is kept; a combination is known by what it combines */
    rule_ids(CB_HEAD TH("a", "<word>élu*</word><word id=\"mon-id\">x</word><word>élu*</word>"
                             "<near distance=\"3\"><word>élu*</word><word>maire</word></near>") CB_TAIL,
             after, sizeof after);
    ck_assert_int_eq(strncmp(after, "a#word:élu* mon-id a#word:élu*~2 a#near:", 40), 0);
    ck_assert_ptr_nonnull(strstr(after, " a#word:élu*~3 a#word:maire"));
    const char *re = strstr(before, "a#regex:") + 8;
    for (int i = 0; i < 8; i++) ck_assert(strchr("0123456789abcdef", re[i]) != NULL);
    ck_assert_int_eq(re[8], ' ');
}
END_TEST

/* A lazy quantifier over 1,500 words, or a repeated group over 1,500
 * letters, runs PCRE2's JIT code out of its 32 KiB stack: the
 * interpreter (backtracking on the heap) then takes over, for a regex
 * tried where its literal starts as for one run over the unit. */
START_TEST(test_regex_long_sentence) {
    static char text[40000];
    size_t n = (size_t)snprintf(text, sizeof text, "R : Le projet");
    for (int i = 0; i < 1500; i++) n += (size_t)snprintf(text + n, sizeof text - n, " mot%d", i % 50);
    n += (size_t)snprintf(text + n, sizeof text - n, " santé publique. Le chat");
    for (int i = 0; i < 1500; i++) text[n++] = 'a';
    snprintf(text + n, sizeof text - n, "z.\n");
    const char *th = TH("a", "<regex>\\bprojets?(?:\\s+\\w+)*?\\s+santé\\b</regex>")
        TH("b", "<regex>[p]rojets?(?:\\s+\\w+)*?\\s+santé\\b</regex>") TH("c", "<regex>\\bchat(a|b)*z</regex>");
    ck_assert_str_eq(code_str(th, NULL, text), "0:a 0:b 1:c");
}
END_TEST

/* A coding as TSV, the hits and offsets included. */
static char *coding_tsv(const grille_coding *c) {
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(grille_coding_write(f, GRILLE_FORMAT_TSV, c, NULL), GRILLE_OK);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_ptr_nonnull(s);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    s[n] = '\0';
    fclose(f);
    return s;
}

/* One coder for several documents codes each as grille_coding_new()
 * does: the words it keeps from one to the next (their forms, the rules
 * they start), other spellings of them, and a document of more words
 * than it keeps (it then starts afresh). */
START_TEST(test_coder_keeps_words) {
    grille_codebook *cb = cb_from(
        CB_HEAD "<settings/>\n" TH("a", "<word>réseau</word>") TH("b", "<word>partenari*</word>")
            TH("c", "<phrase>contrat local de santé</phrase>") TH("d", "<regex>\\bco-?pilot\\w*</regex>") CB_TAIL);
    enum { MANY = 140000 };
    char *many = malloc(MANY * 7 + 64), *o = many;
    ck_assert_ptr_nonnull(many);
    o += sprintf(o, "R : ");
    for (int i = 0; i < MANY; i++) {
        int v = i;
        *o++ = 'q';
        for (int d = 0; d < 4; d++, v /= 26) *o++ = (char)('a' + v % 26);
        *o++ = i % 20 == 19 ? '.' : ' ';
        if (i % 20 == 19) *o++ = ' ';
    }
    o += sprintf(o, "Le réseau, le copilotage.\n");
    const char *texts[] = {
        "R : Le réseau des partenaires. Le contrat local de santé. Le COPIL et le co-pilotage.\n",
        many,
        "R : RÉSEAU, Réseau, réseau : les partenariats ; un Contrat Local de Santé.\n",
        "R : Le réseau des partenaires. Le contrat local de santé. Le COPIL et le co-pilotage.\n",
    };
    grille_error err;
    grille_coder *coder = grille_coder_new(cb, &err);
    ck_assert_msg(coder != NULL, "%s", err.message);
    for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
        grille_document *d = doc_from(texts[i]);
        grille_coding *alone = grille_coding_new(cb, d, &err), *kept = grille_coder_code(coder, d, &err);
        ck_assert_msg(alone && kept, "%s", err.message);
        ck_assert_uint_gt(grille_coding_segment_count(alone), 1);
        char *a = coding_tsv(alone), *k = coding_tsv(kept);
        ck_assert_msg(strcmp(a, k) == 0, "document %zu:\n%s\nnot\n%s", i, k, a);
        free(a);
        free(k);
        grille_coding_free(alone);
        grille_coding_free(kept);
        grille_document_free(d);
    }
    /* misuse is an error, not a crash */
    ck_assert_ptr_null(grille_coder_code(coder, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_coder_new(NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    grille_coder_free(coder);
    free(many);
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("match");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_word_glob);
    tcase_add_test(tc, test_case_exact);
    tcase_add_test(tc, test_phrase);
    tcase_add_test(tc, test_exclude);
    tcase_add_test(tc, test_near);
    tcase_add_test(tc, test_all_any);
    tcase_add_test(tc, test_regex);
    tcase_add_test(tc, test_regex_prefilter);
    tcase_add_test(tc, test_regex_needed_alternatives);
    tcase_add_test(tc, test_regex_gates_agree);
    tcase_add_test(tc, test_regex_word_confined);
    tcase_add_test(tc, test_regex_confined_agree);
    tcase_add_test(tc, test_regex_literals_in_tokens);
    tcase_add_test(tc, test_regex_long_sentence);
    tcase_add_test(tc, test_coder_keeps_words);
    tcase_add_test(tc, test_regex_needed_byte);
    tcase_add_test(tc, test_regex_need_within);
    tcase_add_test(tc, test_regex_windows_agree);
    tcase_add_test(tc, test_regex_trigram_collisions);
    tcase_add_test(tc, test_regex_match_across_units);
    tcase_add_test(tc, test_regex_gate_choice);
    tcase_add_test(tc, test_rules_with_dead_hits);
    tcase_add_test(tc, test_min_hits);
    tcase_add_test(tc, test_speakers_and_units);
    tcase_add_test(tc, test_segment_fields);
    tcase_add_test(tc, test_catastrophic_regex);
    tcase_add_test(tc, test_regex_places_in_order);
    tcase_add_test(tc, test_coding_room_bounded);
    tcase_add_test(tc, test_threads);
    tcase_add_test(tc, test_many_glob_pairs);
    tcase_add_test(tc, test_weights);
    tcase_add_test(tc, test_rules_around_subtheme);
    tcase_add_test(tc, test_primary);
    tcase_add_test(tc, test_weight_errors);
    tcase_add_test(tc, test_rule_info);
    tcase_add_test(tc, test_stable_ids);
    tcase_add_test(tc, test_sort);
    tcase_add_test(tc, test_many_rules_in_a_unit);
    tcase_add_test(tc, test_short_answer_best_segments);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

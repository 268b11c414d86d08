/* check_sentence.c - the byte-level sentence splitter (sentence_fast.c)
 * finds exactly ICU's boundaries where it decides, and leaves the rest to
 * ICU; the sentences of a document, abbreviations included. */
#include "testutil.h"
#include "sentence.h"
#include "simd.h"
#include "utf8.h"
#include <unicode/uchar.h>

static struct UBreakIterator *bi;
static sentence_breaks fb, ib;

static void setup(void) {
    int st = 0;
    bi = sentence_icu_open(&st);
    ck_assert_ptr_nonnull(bi);
}

static void teardown(void) {
    sentence_icu_close(bi);
    free(fb.v);
    free(ib.v);
    fb = ib = (sentence_breaks){NULL, 0, 0};
}

static char *show_breaks(const sentence_breaks *b) {
    static char buf[2][512];
    static int which;
    char *s = buf[which ^= 1];
    size_t n = 0;
    s[0] = '\0';
    for (size_t k = 0; k < b->n && n < sizeof buf[0] - 24; k++) n += (size_t)sprintf(s + n, " %zu", b->v[k]);
    return s;
}

/* Whether the byte-level splitter decided t, and then with ICU's
 * boundaries. */
static int same(const char *t, size_t len) {
    int st = 0;
    int r = sentence_fast_breaks(t, len, &fb);
    ck_assert_int_ge(r, 0);
    /* the same with terminators and line breaks readable after the
     * text, which the scan reads sixteen bytes at a time (sixty-four
     * where wide) and must ignore; narrow and wide alike.  (Tested with
     * if, not ck_assert: Check writes a line to a file for each assertion
     * that holds, and these loops make thousands.) */
    char *more = malloc(len + 80);
    ck_assert_ptr_nonnull(more);
    memcpy(more, t, len);
    /* narrow: each of the 24 first; wide: around the sizes that change
     * how a 64-byte load meets the end */
    static const unsigned char wide_extras[] = {1, 2, 3, 7, 8, 15, 16, 17, 31, 32, 33, 47, 48, 49, 62, 63, 64, 65, 72};
    for (int wide = 0; wide <= simd_wide(); wide++)
        for (size_t x = 0; x < (wide ? sizeof wide_extras : 24); x++) {
            size_t extra = wide ? wide_extras[x] : x + 1;
            /* each of the bytes first: \xE2 and a period is no character */
            for (size_t i = 0; i < 80; i++) more[len + i] = ".!?\n\r\xC3\xA9\xE2"[(i + extra) % 8];
            int r2 = sentence_fast_breaks_in(more, len, len + extra, wide, &ib);
            if (r2 != r || (r && (fb.n != ib.n || (fb.n && memcmp(fb.v, ib.v, fb.n * sizeof *fb.v) != 0))))
                ck_abort_msg("\"%.*s\" with %zu bytes more (wide %d): %d%s, not %d%s", (int)len, t, extra, wide, r2,
                             show_breaks(&ib), r, show_breaks(&fb));
        }
    free(more);
    /* every first part of the text, the rest readable after it (a cut
     * character included: its bytes past the part must not complete it) */
    for (size_t part = 0; part < len; part++) {
        sentence_breaks alone = {NULL, 0, 0};
        int ra = sentence_fast_breaks(t, part, &alone);
        for (int wide = 0; wide <= simd_wide(); wide++) {
            int r2 = sentence_fast_breaks_in(t, part, len, wide, &ib);
            if (r2 != ra ||
                (ra && (alone.n != ib.n || (alone.n && memcmp(alone.v, ib.v, alone.n * sizeof *ib.v) != 0))))
                ck_abort_msg("\"%.*s\" cut at %zu (wide %d)", (int)len, t, part, wide);
        }
        free(alone.v);
    }
    if (r == 0) return 0;
    ck_assert_int_eq(sentence_icu_breaks(bi, t, len, &ib, &st), GRILLE_OK);
    ck_assert_msg(fb.n == ib.n && (fb.n == 0 || memcmp(fb.v, ib.v, fb.n * sizeof *fb.v) == 0),
                  "\"%.*s\": fast%s, ICU%s", (int)len, t, show_breaks(&fb), show_breaks(&ib));
    return 1;
}

/* Every class the tables give is ICU's Sentence_Break property, for
 * every code point, read from its UTF-8 bytes. */
START_TEST(test_classes) {
    static const int icu[] = {
        [U_SB_OTHER] = SENTENCE_OTHER,
        [U_SB_SP] = SENTENCE_SP,
        [U_SB_LOWER] = SENTENCE_LOWER,
        [U_SB_UPPER] = SENTENCE_UPPER,
        [U_SB_NUMERIC] = SENTENCE_NUMERIC,
        [U_SB_ATERM] = SENTENCE_ATERM,
        [U_SB_STERM] = SENTENCE_STERM,
        [U_SB_CLOSE] = SENTENCE_CLOSE,
        [U_SB_SCONTINUE] = SENTENCE_SCONTINUE,
        [U_SB_CR] = SENTENCE_CR,
        [U_SB_LF] = SENTENCE_LF,
        [U_SB_EXTEND] = -1,
        [U_SB_FORMAT] = -1,
        [U_SB_OLETTER] = SENTENCE_OLETTER,
        [U_SB_SEP] = -1,
    };
    size_t known = 0;
    for (UChar32 c = 0; c <= 0x10FFFF; c++) {
        if (c >= 0xD800 && c <= 0xDFFF) continue;
        unsigned char u[4];
        size_t n = c < 0x80 ? 1 : c < 0x800 ? 2 : c < 0x10000 ? 3 : 4, next = 0;
        if (n == 1) u[0] = (unsigned char)c;
        else {
            for (size_t k = n - 1; k > 0; k--) u[k] = (unsigned char)(0x80 | ((c >> (6 * (n - 1 - k))) & 0x3F));
            u[0] = (unsigned char)((n == 2 ? 0xC0u : n == 3 ? 0xE0u : 0xF0u) | ((unsigned)c >> (6 * (n - 1))));
        }
        int k = sentence_fast_class(u, n, 0, &next);
        /* every character cut short is left to ICU */
        for (size_t m = 1; m < n; m++) {
            size_t ignored;
            ck_assert_int_eq(sentence_fast_class(u, m, 0, &ignored), SENTENCE_UNSURE);
        }
        if (k == SENTENCE_UNSURE) continue;
        known++;
        int v = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
        ck_assert_msg(v >= 0 && v < (int)(sizeof icu / sizeof icu[0]) && icu[v] == k,
                      "U+%04X: class %d, ICU's Sentence_Break %d", (unsigned)c, k, v);
        ck_assert_uint_eq(next, n);
    }
    /* ASCII less most controls, U+00A0-U+017F less the soft hyphen,
     * most of U+2000-U+203F, the euro sign */
    ck_assert_uint_gt(known, 95 + 223 + 45);
    /* bytes that start no character */
    size_t next;
    ck_assert_int_eq(sentence_fast_class((const unsigned char *)"\x80", 1, 0, &next), SENTENCE_UNSURE);
    ck_assert_int_eq(sentence_fast_class((const unsigned char *)"\xC3(", 2, 0, &next), SENTENCE_UNSURE);
    ck_assert_int_eq(sentence_fast_class((const unsigned char *)"\xE2\x80(", 3, 0, &next), SENTENCE_UNSURE);
    ck_assert_int_eq(sentence_fast_class((const unsigned char *)"\xC0\xAE", 2, 0, &next), SENTENCE_UNSURE);
}
END_TEST

/* What a transcript holds, decided without ICU and as ICU does. */
static const char *const decided[] = {
    "", " ", "Bonjour.", "Bonjour. Comment allez-vous ? Bien !", "M. Dupont est arrivé. Mme Martin aussi.",
    "J'ai vu M. Dupont, cf. p. 3 du rapport.", "Voir cf. p. 3. Puis la suite.",
    "R. Bachelot a signé. J.-P. Martin aussi.", "des réunions, des comités, etc. On verra.",
    "des réunions, etc. et puis voilà.", "Il fait 3.5 degrés. 1er. Le 2e.", "le 1er. Ensuite",
    "Vraiment ?! Oui !? Non...", "Quoi ?? Ah... bon.", "Il a dit « non ». Puis il est parti.",
    "Il a dit : « C'est fini. » Puis il est parti.", "« Vraiment ? » demanda-t-elle.", "« Vraiment ? » Elle sortit.",
    "Il a dit \"non.\" Puis rien.", "Il a dit 'non.' Puis rien.", "Il a dit “non.” Puis rien.",
    "C’est fini. L’enquête continue.", "(rires). On reprend.", "C'est drôle (rires). On reprend.",
    "C'est drôle. (rires) On reprend.", "C'est drôle. (Rires.) On reprend.", "Fin.) Suite.", "Fin. ) suite.",
    "Fin? ) Suite.", "Fin.] [Suite.", "il est parti. et puis il revient.", "On a vu. 3 personnes sont venues.",
    "Vers 3 h. 20 personnes sont venues.", "Vers 3 h. 20 Personnes sont venues.",
    "Bon.\xC2\xA0"
    "Alors.",
    "Bon\xC2\xA0! Alors\xC2\xA0? Oui\xE2\x80\xAF! Non\xE2\x80\xAF?", "Fin.\xE2\x80\x89Suite.",
    "Bon. \xE2\x80\x93 Alors.", "Bon. \xE2\x80\x94 alors.", "Bon. - Alors.", "Bon, - alors.",
    "Bon : alors. Ensuite ; rien.", "Première ligne.\r\nDeuxième ligne.", "Première ligne\r\nDeuxième ligne",
    "Première ligne.\rDeuxième.\nTroisième.\n\nQuatrième\n", "Fin.\n", "Fin.\r", "Fin. \r\n\r\n", "\n\n", "   \t  ",
    "...", ". . .", "?", "!a", ".A", "a.B", "A.B.C. Les U.S.A. sont loin.", "U.S.A. Ensuite", "ab. Cd",
    "n° 3. La suite. Tél. 01 02.", "C'est l'Œuvre. Œuvres complètes. Ÿ.",
    "École. Élan. À demain. Ça va. Être ou ne pas être.", "Euh\xE2\x80\xA6 je pense\xE2\x80\xA6 Oui.",
    "Euh\xE2\x80\xA6. Oui.", "Coût : 3 \xE2\x82\xAC. La suite.", "Le Łódź. Żubr. ſ. ĸ. ŉ.", "50 %. Ensuite 30 %.",
    "x. 12, 13, 14 et la suite", "x. 12, 13, 14 Et la suite", "x. (12) [13] {14} suite", "x.«suite»", "x. «suite»",
    "x? «suite»", "x.» suite", "x.»\xC2\xA0Suite", "x.\xC2\xA0»\xC2\xA0Suite", "a.. b", "a.? B", "a?. B", "a? , b",
    "a. , B", "a.1", "a. 1. B", "a.\t\tB", "«A.B»", "(A.B)", "\"Il.\" Elle.", "Ok.\"\" Bon.", "Hein ?\xE2\x80\x99 Non.",
    /* beyond the tables, ICU's property: other scripts, symbols */
    "Fin\xE3\x80\x82 Suite.",                                                      /* ideographic full stop */
    "\xE6\x97\xA5\xE6\x9C\xAC. a",                                                 /* OLetter before */
    "x. \xE6\x97\xA5 a",                                                           /* OLetter after: SB8 stops */
    "x. 1 \xD7\xA9 a",                                                             /* Hebrew */
    "\xCE\x91\xCE\xB8\xCE\xAE\xCE\xBD\xCE\xB1. \xCE\x9A\xCE\xB1\xCE\xBB\xCE\xAC.", /* Αθήνα. Καλά. */
    "\xCE\x91.\xCE\x92 \xCE\xB1. \xCE\xB2",                                        /* SB7 and SB8 in Greek */
    "\xD0\x9C\xD0\xBE\xD1\x81\xD0\xBA\xD0\xB2\xD0\xB0. \xD0\x94\xD0\xB0.",         /* Москва. Да. */
    "man \xE2\x9F\xA8option\xE2\x9F\xA9. Suite \xE2\x9F\xA8"
    "a\xE2\x9F\xA9.",                                      /* ⟨ ⟩ */
    "\xE2\x94\x82 a. \xE2\x94\x94\xE2\x94\x80 B.",         /* box drawing */
    "x \xE2\x86\x92 y. \xE2\x88\x92 3. z \xE2\x89\xA5 2.", /* → − ≥ */
    "Bien \xF0\x9F\x99\x82. Suite.",                       /* emoji */
    "Fin\xEF\xBC\x8E Suite. Fin\xEF\xBC\x81 Suite.",       /* fullwidth ． ！ */
    "\xC7\x84"
    "a. \xC7\x85"
    "b. \xC6\x80.", /* Latin Extended-B */
};

START_TEST(test_decided) {
    for (size_t i = 0; i < sizeof decided / sizeof decided[0]; i++)
        ck_assert_msg(same(decided[i], strlen(decided[i])), "\"%s\" left to ICU", decided[i]);
}
END_TEST

/* Left to ICU: characters without a class in the tables. */
static const char *const unsure[] = {
    "e\xCC\x81t\xC3\xA9. Suite.", /* combining acute */
    "sou\xC2\xAD"
    "tenir. Suite.",          /* soft hyphen */
    "Fin.\xE2\x80\xA8Suite.", /* line separator */
    "Fin.\xC2\x85Suite.",     /* NEL */
    "Quoi\xE2\x80\xBD Bon.",  /* interrobang */
    "Fin.\x0B Suite.",        /* vertical tab */
    "Fin.\x01 Suite.",
    "Fin.\xFF Suite.",
    "Fin. \xC3",
    "\xE2\x80\x8B. Suite.", /* zero-width space */
};

START_TEST(test_unsure) {
    for (size_t i = 0; i < sizeof unsure / sizeof unsure[0]; i++) {
        ck_assert_msg(sentence_fast_breaks(unsure[i], strlen(unsure[i]), &fb) == 0, "\"%s\" decided", unsure[i]);
        int st = 0;
        ck_assert_int_eq(sentence_icu_breaks(bi, unsure[i], strlen(unsure[i]), &ib, &st), GRILLE_OK);
    }
}
END_TEST

/* Strings of the pieces that matter around a terminator, drawn at
 * random (a fixed seed), half of them long: the byte-level splitter
 * must agree with ICU on each one it decides, and decide most. */
START_TEST(test_random) {
    static const char *const pieces[] = {
        ".",
        "?",
        "!",
        " ",
        "  ",
        "a",
        "b",
        "A",
        "B",
        "é",
        "É",
        "3",
        "12",
        ",",
        ":",
        ";",
        "-",
        "(",
        ")",
        "[",
        "]",
        "\"",
        "'",
        "«",
        "»",
        "\xC2\xA0",
        "\xE2\x80\xAF",
        "\xE2\x80\x99",
        "\xE2\x80\x9C",
        "\xE2\x80\x9D",
        "\xE2\x80\xA6",
        "\xE2\x80\x93",
        "\xE2\x80\x94",
        "\n",
        "\r",
        "\r\n",
        "\t",
        "M",
        "etc",
        "cf",
        "p",
        "%",
        "*",
        "/",
        "œ",
        "Œ",
    };
    const size_t np = sizeof pieces / sizeof pieces[0];
    uint64_t rng = 0x9E3779B97F4A7C15ULL;
    char buf[256];
    size_t decided_n = 0, runs = 20000;
    for (size_t r = 0; r < runs; r++) {
        size_t len = 0, n;
        rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
        /* half of them long, past the sixteen bytes the scan reads at once */
        n = 1 + rng % (r % 2 ? 48 : 12);
        for (size_t k = 0; k < n; k++) {
            rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
            const char *p = pieces[rng % np];
            size_t pl = strlen(p);
            memcpy(buf + len, p, pl);
            len += pl;
        }
        decided_n += (size_t)same(buf, len);
    }
    ck_assert_uint_eq(decided_n, runs);
}
END_TEST

static void check_sentences(const char *text, const char *const *expected, size_t n) {
    grille_document *d = doc_from(text);
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_SENTENCE), n);
    for (size_t i = 0; i < n; i++) {
        char *s = unit_text(d, GRILLE_UNIT_SENTENCE, i);
        ck_assert_str_eq(s, expected[i]);
        free(s);
    }
    grille_document_free(d);
}

#define SENTENCES(text, ...)                                 \
    do {                                                     \
        static const char *const e_[] = {__VA_ARGS__};       \
        check_sentences(text, e_, sizeof e_ / sizeof e_[0]); \
    } while (0)

/* The sentences of a document: boundaries, then abbreviations. */
START_TEST(test_document) {
    SENTENCES("E : M. Dupont est là. Il parle.\n", "M. Dupont est là.", "Il parle.");
    SENTENCES("E : Voir cf. p. 3. Puis la suite.\n", "Voir cf. p. 3.", "Puis la suite.");
    SENTENCES("E : Des comités, etc. On verra.\n", "Des comités, etc. On verra.");
    SENTENCES("E : R. Bachelot a signé. Il a dit « non ». Puis rien.\n", "R. Bachelot a signé.", "Il a dit « non ».",
              "Puis rien.");
    SENTENCES("E : C'est drôle (rires). On reprend ?! Oui.\n", "C'est drôle (rires).", "On reprend ?!", "Oui.");
    SENTENCES("E : Il fait 3.5 degrés. il pleut.\r\nR : Oui\xC2\xA0! Bon.\r\n", "Il fait 3.5 degrés. il pleut.",
              "Oui\xC2\xA0!", "Bon.");
    /* a guillemet after a space goes with what follows (UAX #29, SB9) */
    SENTENCES("E : Euh\xE2\x80\xA6 je pense. « Vraiment ? » Oui.\n", "Euh\xE2\x80\xA6 je pense.", "« Vraiment ?",
              "» Oui.");
    SENTENCES("E : « Vraiment ?\xC2\xBB Oui.\n", "« Vraiment ?\xC2\xBB", "Oui.");
    /* a paragraph without '.', '?', '!' or 0xE2 is split where ICU
     * splits it too: after a next line (U+0085), an Armenian full stop,
     * an Arabic question mark, an ideographic full stop */
    SENTENCES("R : un\xC2\x85"
              "deux sans point\n",
              "un\xC2\x85", "deux sans point");
    SENTENCES("R : un\xD6\x89 deux\nR : quoi\xD8\x9F ensuite\nR : fin\xE3\x80\x82suite\n", "un\xD6\x89", "deux",
              "quoi\xD8\x9F", "ensuite", "fin\xE3\x80\x82", "suite");
    /* left to ICU, the same sentences */
    SENTENCES("E : Fin\xE3\x80\x82 Mme Suite. Bon.\n", "Fin\xE3\x80\x82", "Mme Suite.", "Bon.");
}
END_TEST

/* Every abbreviation keeps its sentence going; with a letter more it
 * is a word, and its period ends the sentence. */
START_TEST(test_every_abbreviation) {
    static const char *const abbreviations[] = {
        "M",   "MM",  "Mme",   "Mmes", "Mlle", "Mlles", "Me",   "Mgr",  "Dr",   "Pr",  "St",     "Ste",
        "cf",  "Cf",  "etc",   "p",    "pp",   "vol",   "chap", "art",  "al",   "ex",  "env",    "av",
        "bd",  "réf", "coord", "dir",  "éd",   "fig",   "hab",  "janv", "févr", "avr", "juil",   "sept",
        "oct", "nov", "déc",   "n°",   "No",   "tél",   "Tél",  "resp", "min",  "max", "approx", "ann"};
    for (size_t i = 0; i < sizeof abbreviations / sizeof *abbreviations; i++) {
        char text[64], one[64], first[64];
        snprintf(text, sizeof text, "E : Voir %s. Suite ici.\n", abbreviations[i]);
        snprintf(one, sizeof one, "Voir %s. Suite ici.", abbreviations[i]);
        check_sentences(text, (const char *const[]){one}, 1);
        snprintf(text, sizeof text, "E : Voir %sz. Suite ici.\n", abbreviations[i]);
        snprintf(first, sizeof first, "Voir %sz.", abbreviations[i]);
        check_sentences(text, (const char *const[]){first, "Suite ici."}, 2);
    }
}
END_TEST

/* A paragraph is looked at only when it holds '.', '?', '!' or 0xE2
 * (which opens '‼', '…' and their kin): each of them, at every place
 * from the first bytes to the nineteenth, splits the paragraph in two;
 * none, no split. */
START_TEST(test_terminator_anywhere) {
    static const char *const ends[] = {".", "?", "!", "\xE2\x80\xBC" /* ‼ */};
    for (size_t e = 0; e < 4; e++)
        for (size_t k = 1; k <= 19; k++) {
            char text[128], first[64];
            size_t n = (size_t)snprintf(text, sizeof text, "E : ");
            memset(first, 'a', k);
            snprintf(first + k, sizeof first - k, "%s", ends[e]);
            n += (size_t)snprintf(text + n, sizeof text - n, "%s Bon\n", first);
            grille_document *d = doc_from(text);
            ck_assert_msg(grille_document_unit_count(d, GRILLE_UNIT_SENTENCE) == 2, "%s", text);
            grille_document_free(d);
        }
    for (size_t k = 1; k <= 19; k++) {
        char text[64];
        snprintf(text, sizeof text, "E : %.*s, Bon\n", (int)k, "aaaaaaaaaaaaaaaaaaaa");
        grille_document *d = doc_from(text);
        ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_SENTENCE), 1);
        grille_document_free(d);
    }
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("sentence");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_classes);
    tcase_add_test(tc, test_decided);
    tcase_add_test(tc, test_unsure);
    tcase_add_test(tc, test_random);
    tcase_add_test(tc, test_document);
    tcase_add_test(tc, test_every_abbreviation);
    tcase_add_test(tc, test_terminator_anywhere);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

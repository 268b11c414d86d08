/* check_utf8.c - UTF-8 validation, positions, folding. */
#include "testutil.h"
#include "simd.h"
#include "utf8.h"
#include "fold.h"
#ifndef PCRE2_CODE_UNIT_WIDTH
#define PCRE2_CODE_UNIT_WIDTH 8
#endif
#include <pcre2.h>

#define VALID(s) utf8_valid_prefix((const unsigned char *)(s), sizeof(s) - 1)

START_TEST(test_valid) {
    ck_assert_uint_eq(VALID("abc"), 3);
    ck_assert_uint_eq(VALID("élu·es"), strlen("élu·es"));
    ck_assert_uint_eq(VALID("\xF0\x9F\x98\x80"), 4); /* emoji */
    ck_assert_uint_eq(VALID(""), 0);
    /* a long ASCII run then an error: the 8-byte fast path must stop */
    ck_assert_uint_eq(VALID("abcdefghijklmnop\xFFq"), 16);
}
END_TEST

START_TEST(test_invalid) {
    ck_assert_uint_eq(VALID("a\xC0\xAF"), 1);        /* overlong '/' */
    ck_assert_uint_eq(VALID("a\xE0\x80\xAF"), 1);    /* overlong, 3 bytes */
    ck_assert_uint_eq(VALID("ab\xED\xA0\x80"), 2);   /* surrogate D800 */
    ck_assert_uint_eq(VALID("\xF4\x90\x80\x80"), 0); /* > U+10FFFF */
    ck_assert_uint_eq(VALID("abc\xC3"), 3);          /* truncated é */
    ck_assert_uint_eq(VALID("\xE9t\xE9"), 0);        /* Latin-1 "été" */
    ck_assert_uint_eq(VALID("x\x80"), 1);            /* lone continuation */
}
END_TEST

/* The longest valid prefix by RFC 3629's table of well-formed byte
 * sequences (section 4), one character at a time: what the library's
 * checks by blocks of 64 bytes must agree with. */
static size_t reference_valid_prefix(const unsigned char *s, size_t len) {
    size_t i = 0;
    while (i < len) {
        unsigned c = s[i];
        size_t n;
        unsigned lo = 0x80, hi = 0xBF;
        if (c < 0x80) n = 1;
        else if (c >= 0xC2 && c <= 0xDF) n = 2;
        else if (c == 0xE0) n = 3, lo = 0xA0;
        else if (c == 0xED) n = 3, hi = 0x9F;
        else if (c >= 0xE1 && c <= 0xEF) n = 3;
        else if (c == 0xF0) n = 4, lo = 0x90;
        else if (c == 0xF4) n = 4, hi = 0x8F;
        else if (c >= 0xF1 && c <= 0xF3) n = 4;
        else return i;
        if (i + n > len) return i;
        if (n > 1 && (s[i + 1] < lo || s[i + 1] > hi)) return i;
        for (size_t k = 2; k < n; k++)
            if (s[i + k] < 0x80 || s[i + k] > 0xBF) return i;
        i += n;
    }
    return len;
}

/* Random texts of up to 400 bytes, mostly French (ASCII and Latin-1),
 * with characters of 3 and 4 bytes at the edges of their ranges and
 * every kind of error: blocks of 64 bytes, characters across two of
 * them, and the bytes after the last block. */
START_TEST(test_valid_blocks) {
    static const char *const pieces[] = {
        "a", "e ", "Z", "é", "à", "\xC2\xA0", "\xDF\xBF", "’", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEF\xBF\xBF",
        "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", "\xF3\xBF\xBF\xBF",
        /* errors */
        "\xC0\xAF", "\xC1\xBF", "\xE0\x9F\xBF", "\xED\xA0\x80", "\xF0\x8F\xBF\xBF", "\xF4\x90\x80\x80",
        "\xF5\x80\x80\x80", "\xFF", "\x80", "\xBF", "\xC3", "\xE2\x80", "\xF0\x9F\x98", "\xC3\xC3\xA9"};
    const size_t nvalid = 14, npieces = sizeof pieces / sizeof pieces[0];
    unsigned seed = 2026;
    unsigned char text[512];
    size_t errors = 0;
    for (int round = 0; round < 20000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t target = (seed >> 16) % 400, n = 0;
        /* one text in two is valid; the others may hold several errors */
        int with_errors = (seed >> 8) & 1;
        while (n < target) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 1000;
            const char *p = r < 700                   ? pieces[r % 5]
                            : with_errors && r >= 990 ? pieces[nvalid + (seed >> 20) % (npieces - nvalid)]
                                                      : pieces[(seed >> 20) % nvalid];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        size_t want = reference_valid_prefix(text, n);
        errors += want < n;
        /* blocks classed with SSE2, then with AVX-512BW where the
         * processor has it (simd.h) */
        for (int wide = 0; wide <= simd_wide(); wide++) {
            size_t found = utf8_valid_prefix_as(text, n, wide);
            if (found != want) /* (not ck_assert: a line to a file each time it holds) */
                ck_abort_msg("round %d: %zu bytes, valid to %zu, found %zu (wide %d)", round, n, want, found, wide);
        }
    }
    ck_assert_uint_gt(errors, 3000);
    /* one bad byte at each place of 256 valid bytes */
    for (size_t at = 0; at < 256; at++) {
        for (size_t i = 0; i < 256; i += 2) text[i] = 0xC3, text[i + 1] = 0xA9;
        text[at] = (at & 1) ? 0x41 : 0xC0;
        for (int wide = 0; wide <= simd_wide(); wide++)
            ck_assert_uint_eq(utf8_valid_prefix_as(text, 256, wide), at & ~(size_t)1);
    }
}
END_TEST

/* Messages quote the start of a text: never up to the middle of a
 * character. */
/* utf8_blank_run() against a byte-by-byte count: runs of spaces and
 * tabs of every length to 40, ended by each kind of byte (another blank
 * that is not one, a letter, a byte of UTF-8, a NUL) or by the text's
 * end, at every offset from a buffer's start. */
START_TEST(test_blank_run) {
    static const char enders[] = {'a', '\n', '\r', '\v', '\f', '\0', (char)0xC2, (char)0xA0, ' ' + 1, '\t' + 1};
    char buf[64];
    unsigned seed = 7;
    for (size_t len = 0; len <= 40; len++)
        for (size_t e = 0; e <= sizeof enders; e++)
            for (size_t shift = 0; shift < 8; shift++) {
                char *s = buf + shift;
                for (size_t i = 0; i < len; i++) {
                    seed = seed * 1103515245u + 12345u;
                    s[i] = seed >> 16 & 1 ? ' ' : '\t';
                }
                size_t n = len;
                if (e < sizeof enders) s[n++] = enders[e];
                for (size_t i = n; i + shift < sizeof buf; i++) s[i] = 'x';
                ck_assert_uint_eq(utf8_blank_run(s, n), len);
                /* the text cut inside the run */
                ck_assert_uint_eq(utf8_blank_run(s, len / 2), len / 2);
            }
}
END_TEST

START_TEST(test_cut) {
    const char *e = "\xC3\xA9\xC3\xA9\xC3\xA9"; /* ééé, 6 bytes */
    ck_assert_uint_eq(utf8_cut(e, 6, 10), 6);
    ck_assert_uint_eq(utf8_cut(e, 6, 6), 6);
    ck_assert_uint_eq(utf8_cut(e, 6, 5), 4);
    ck_assert_uint_eq(utf8_cut(e, 6, 4), 4);
    ck_assert_uint_eq(utf8_cut(e, 6, 1), 0);
    const char *h = "2025-03-\xE2\x80\x91"
                    "14"; /* a non-breaking hyphen, 3 bytes */
    ck_assert_uint_eq(utf8_cut(h, strlen(h), 10), 8);
    ck_assert_uint_eq(utf8_cut(h, strlen(h), 11), 11);
    ck_assert_uint_eq(utf8_cut("abc", 3, 2), 2);
}
END_TEST

START_TEST(test_line_col) {
    const char *s = "ab\nçà\xFF";
    unsigned line, col;
    utf8_line_col(s, 7, &line, &col);
    ck_assert_uint_eq(line, 2);
    ck_assert_uint_eq(col, 3); /* ç and à are one column each */
    utf8_line_col(s, 0, &line, &col);
    ck_assert_uint_eq(line, 1);
    ck_assert_uint_eq(col, 1);
}
END_TEST

START_TEST(test_count_encode) {
    ck_assert_uint_eq(utf8_count("élu·es", strlen("élu·es")), 6);
    /* the 8-bytes-at-a-time path, against a count one byte at a time, at
     * every length and alignment */
    const char *t = "Élue à la santé — « CLS » 😀 œuvre, çà et là : ééééééééé fin";
    for (size_t a = 0; a < 8; a++)
        for (size_t len = 0; a + len <= strlen(t); len++) {
            size_t slow = 0;
            for (size_t i = a; i < a + len; i++) slow += ((unsigned char)t[i] & 0xC0) != 0x80;
            ck_assert_uint_eq(utf8_count(t + a, len), slow);
        }
    char b[4];
    ck_assert_int_eq(utf8_encode(0xE9, b), 2);
    ck_assert(memcmp(b, "é", 2) == 0);
    ck_assert_int_eq(utf8_encode(0x1F600, b), 4);
}
END_TEST

static char *fold(int case_fold, int accent_fold, const char *s) {
    fold_table t;
    ck_assert_int_eq(fold_table_init(&t, case_fold, accent_fold), 0);
    return fold_dup(&t, s, strlen(s));
}

START_TEST(test_fold) {
    char *s;
    s = fold(1, 0, "ÉLU");
    ck_assert_str_eq(s, "élu");
    free(s);
    s = fold(1, 1, "Élu");
    ck_assert_str_eq(s, "elu");
    free(s);
    s = fold(0, 0, "CLS");
    ck_assert_str_eq(s, "CLS");
    free(s);
    /* decomposed e + combining acute becomes NFC é */
    s = fold(1, 0, "E\xCC\x81lu");
    ck_assert_str_eq(s, "élu");
    free(s);
    /* typographic apostrophes read as ' */
    s = fold(1, 0, "L’ARS");
    ck_assert_str_eq(s, "l'ars");
    free(s);
    s = fold(1, 0,
             "l\xCA\xBC"
             "ars");
    ck_assert_str_eq(s, "l'ars");
    free(s);
    /* middle-dot family becomes U+00B7 */
    s = fold(1, 0,
             "élu\xE2\x80\xA7"
             "es");
    ck_assert_str_eq(s, "élu·es");
    free(s);
    /* outside the table: Greek goes through utf8proc */
    s = fold(1, 0, "ΣΑ");
    ck_assert_str_eq(s, "σα");
    free(s);
    s = fold(1, 0, "Œuvre");
    ck_assert_str_eq(s, "œuvre");
    free(s);
}
END_TEST

/* utf8_lower_latin lowers ASCII eight bytes at a time: every ASCII byte,
 * at every offset of a word, next to accented capitals and at the end,
 * against a byte-by-byte lowering. */
START_TEST(test_lower_latin) {
    char in[160], out[160], want[160];
    for (size_t shift = 0; shift < 8; shift++) {
        for (int first = 1; first < 128; first += 17) {
            size_t n = 0;
            for (size_t i = 0; i < shift; i++) in[n++] = 'Q';
            for (int c = first; c < 128 && n < 150; c++) in[n++] = (char)c;
            for (size_t i = 0; i < n; i++) want[i] = (char)(in[i] >= 'A' && in[i] <= 'Z' ? in[i] + 32 : in[i]);
            ck_assert_int_eq(utf8_lower_latin(in, n, out), 0);
            ck_assert_mem_eq(out, want, n);
        }
    }
    const char *mixed = "L'ÉTAT DE SANTÉ, ŒUVRE ET CŒUR: À L'ÉCOLE DU QUARTIER";
    ck_assert_int_eq(utf8_lower_latin(mixed, strlen(mixed), out), 0);
    ck_assert_mem_eq(out, "l'état de santé, œuvre et cœur: à l'école du quartier", strlen(mixed));
    /* Greek capitals: PCRE2 folds them, this does not say it can */
    ck_assert_int_eq(utf8_lower_latin("SANTÉ ΣΑ ET PLUS", strlen("SANTÉ ΣΑ ET PLUS"), out), 1);
}
END_TEST

/* The regex gates lower a turn with utf8_lower_latin_gates() and look
 * for literals of ASCII and Latin-1 letters in the copy: every code point
 * PCRE2's caseless matching takes for one of those letters (asked of
 * PCRE2 itself, over all of Unicode) must make the copy unreliable,
 * and another script alone must not. */
static int encode_cp(unsigned cp, char *o) { return utf8_encode((int32_t)cp, o); }

START_TEST(test_lower_latin_gates) {
    unsigned letters[80];
    size_t n = 0;
    for (unsigned c = 'a'; c <= 'z'; c++) letters[n++] = c;
    for (unsigned c = 0xDF; c <= 0xFF; c++)
        if (c != 0xF7) letters[n++] = c;
    letters[n++] = 0x153; /* œ */
    letters[n++] = 0xB5;  /* µ */
    letters[n++] = 0xAA;
    letters[n++] = 0xBA;
    pcre2_match_data *md = pcre2_match_data_create(1, NULL);
    int ec;
    PCRE2_SIZE eo;
    /* one pass over Unicode with a class of all the letters (66 passes,
     * one a letter, took too long under the sanitizers), then each
     * letter for the code points the class matches */
    const char *cls = "[a-z\xC3\x9F-\xC3\xB6\xC3\xB8-\xC3\xBF\xC5\x93\xC2\xB5\xC2\xAA\xC2\xBA]";
    pcre2_code *any = pcre2_compile((PCRE2_SPTR)cls, PCRE2_ZERO_TERMINATED,
                                    PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED, &ec, &eo, NULL);
    ck_assert_ptr_nonnull(any);
    (void)pcre2_jit_compile(any, PCRE2_JIT_COMPLETE);
    size_t partners = 0;
    for (unsigned cp = 0x100; cp < 0x110000; cp++) {
        if ((cp >= 0xD800 && cp < 0xE000) || cp == 0x152 || cp == 0x178) continue; /* Œ Ÿ are lowered */
        char s[16] = "ab ";
        int sl = encode_cp(cp, s + 3);
        if (pcre2_match(any, (PCRE2_SPTR)s + 3, (size_t)sl, 0, 0, md, NULL) < 0) continue;
        for (size_t i = 0; i < n; i++) {
            if (cp == letters[i]) continue; /* œ matches itself */
            char pat[8];
            int pl = encode_cp(letters[i], pat);
            pcre2_code *re = pcre2_compile((PCRE2_SPTR)pat, (size_t)pl,
                                           PCRE2_UTF | PCRE2_UCP | PCRE2_CASELESS | PCRE2_ANCHORED, &ec, &eo, NULL);
            ck_assert_ptr_nonnull(re);
            int m = pcre2_match(re, (PCRE2_SPTR)s + 3, (size_t)sl, 0, 0, md, NULL);
            pcre2_code_free(re);
            if (m < 0) continue;
            char out[16];
            /* the copy says so, for that very letter */
            ck_assert_msg(utf8_lower_latin_gates(s, 3 + (size_t)sl, out) & utf8_latin_folds(pat, (size_t)pl),
                          "U+%04X matches U+%04X caselessly", letters[i], cp);
            partners++;
        }
    }
    pcre2_code_free(any);
    pcre2_match_data_free(md);
    ck_assert_uint_eq(partners, 6); /* K ſ ẞ Å Μ μ */
    char out[64];
    const char *greek = "SANTÉ ΣΟΦΊΑ И Ā";
    ck_assert_uint_eq(utf8_lower_latin_gates(greek, strlen(greek), out), 0);
    ck_assert_uint_eq(utf8_latin_folds("santé", strlen("santé")), UTF8_FOLDS_S);
    ck_assert_uint_eq(utf8_latin_folds("kiné", strlen("kiné")), UTF8_FOLDS_K);
    ck_assert_uint_eq(utf8_latin_folds("réunion", strlen("réunion")), 0);
    ck_assert_mem_eq(out, "santé ", strlen("santé "));
    ck_assert_int_eq(utf8_lower_latin(greek, strlen(greek), out), 1);
}
END_TEST

/* The whole text lowered at once (sixteen bytes at a time where they
 * allow it, then eight, then one character) is lowered as each of its
 * characters alone (the byte-by-byte path: fewer than 8 bytes): random
 * texts of French letters, capitals, Latin-1 letters whose second byte
 * falls at either side of a block's edge, ’ « — …, and the letters the
 * gates flag (K ſ ẞ Μ µ, Greek, Œ Ÿ), for both lowerings. */
START_TEST(test_lower_latin_blocks) {
    static const char *const pieces[] = {"a",
                                         "Z",
                                         "e",
                                         "Q",
                                         " ",
                                         ",",
                                         "'",
                                         "0",
                                         "É",
                                         "é",
                                         "À",
                                         "à",
                                         "Ç",
                                         "×",
                                         "÷",
                                         "Þ",
                                         "ß",
                                         "Œ",
                                         "œ",
                                         "Ÿ",
                                         "’",
                                         "«",
                                         "\xC2\xA0",
                                         "—",
                                         "…",
                                         "\xE2\x84\xAA",
                                         "\xE2\x84\xAB",
                                         "│",
                                         "→",
                                         "⟨",
                                         "ſ",
                                         "ẞ",
                                         "Μ",
                                         "µ",
                                         "Σ",
                                         "Ā",
                                         "И",
                                         "\xEF\xBC\xA1",
                                         "😀"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    unsigned seed = 12345;
    char in[400], out[400], want[400];
    for (int round = 0; round < 3000; round++) {
        size_t n = 0;
        seed = seed * 1103515245u + 12345u;
        size_t count = 1 + (seed >> 16) % 90;
        /* mostly plain letters, so that blocks are lowered whole */
        for (size_t c = 0; c < count; c++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            const char *p = r < 60 ? pieces[r % 8] : pieces[8 + (seed >> 20) % (npieces - 8)];
            size_t l = strlen(p);
            memcpy(in + n, p, l);
            n += l;
        }
        for (int gates = 0; gates < 2; gates++) {
            unsigned each = 0;
            for (size_t i = 0; i < n;) {
                unsigned char c = (unsigned char)in[i];
                size_t l = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
                each |= gates ? utf8_lower_latin_gates(in + i, l, want + i)
                              : (unsigned)utf8_lower_latin(in + i, l, want + i);
                i += l;
            }
            /* the whole text in blocks of 16 bytes (SSE2), then of 64
             * where the processor has AVX-512BW (simd.h) */
            for (int wide = 0; wide <= simd_wide(); wide++) {
                unsigned whole = utf8_lower_latin_as(in, n, out, gates, wide);
                if (whole != each || memcmp(out, want, n) != 0) /* (not ck_assert: a line to a file each time) */
                    ck_abort_msg("round %d, %zu bytes, gates %d, wide %d: %u, not %u, or another copy", round, n, gates,
                                 wide, whole, each);
            }
        }
    }
    /* a capital at every place of two blocks of 16 and of 64 bytes,
     * Latin-1 then ASCII */
    for (int wide = 0; wide <= simd_wide(); wide++)
        for (size_t at = 0; at + 2 <= 140; at++) {
            memset(in, 'x', 140);
            memcpy(in + at, "É", 2);
            ck_assert_int_eq(utf8_lower_latin_as(in, 140, out, 0, wide), 0);
            ck_assert_mem_eq(out + at, "é", 2);
            memset(in, 'x', 140);
            in[at] = 'M';
            ck_assert_int_eq(utf8_lower_latin_as(in, 140, out, 0, wide), 0);
            ck_assert_int_eq(out[at], 'm');
        }
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("utf8");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_valid);
    tcase_add_test(tc, test_invalid);
    tcase_add_test(tc, test_valid_blocks);
    tcase_add_test(tc, test_blank_run);
    tcase_add_test(tc, test_cut);
    tcase_add_test(tc, test_line_col);
    tcase_add_test(tc, test_count_encode);
    tcase_add_test(tc, test_fold);
    tcase_add_test(tc, test_lower_latin);
    tcase_add_test(tc, test_lower_latin_gates);
    tcase_add_test(tc, test_lower_latin_blocks);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

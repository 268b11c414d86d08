/* fuzz_sentence.c - libFuzzer target, differential: the byte-level
 * sentence splitter (lib/sentence_fast.c) against ICU's sentence break
 * iterator.  Wherever the byte-level splitter decides, its boundaries
 * must be ICU's, and it must leave any text that is not valid UTF-8 to
 * ICU.  Each input is tried as it is, and once more with its bytes
 * 0x80-0xFF turned into characters around which the rules are subtle
 * (quotes, guillemets, non-breaking spaces, dashes, accented capitals,
 * characters left to ICU), so that most mutations stay valid UTF-8. */
#include "grille.h"
#include "sentence.h"
#include "simd.h"
#include "utf8.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static struct UBreakIterator *bi;
static sentence_breaks fb, ib;

static const char *const chars[] = {
    "\xC3\xA9",     /* é */
    "\xC3\x89",     /* É */
    "\xC3\xA0",     /* à */
    "\xC5\x93",     /* œ */
    "\xC5\x92",     /* Œ */
    "\xC2\xA0",     /* NBSP */
    "\xC2\xAB",     /* « */
    "\xC2\xBB",     /* » */
    "\xC2\xBA",     /* º, Lower */
    "\xC2\xB0",     /* ° */
    "\xC3\x97",     /* × */
    "\xE2\x80\x99", /* ’ */
    "\xE2\x80\x98", /* ‘ */
    "\xE2\x80\x9C", /* “ */
    "\xE2\x80\x9D", /* ” */
    "\xE2\x80\xA6", /* … */
    "\xE2\x80\x93", /* – */
    "\xE2\x80\x94", /* — */
    "\xE2\x80\xAF", /* narrow NBSP */
    "\xE2\x80\x89", /* thin space */
    "\xE2\x80\xB9", /* ‹ */
    "\xE2\x82\xAC", /* € */
    "\xC4\xB8",     /* ĸ */
    "\xC5\xB8",     /* Ÿ */
    "\xCC\x81",     /* combining acute: left to ICU */
    "\xC2\xAD",     /* soft hyphen */
    "\xE2\x80\xA8", /* line separator */
    "\xE3\x80\x82", /* ideographic full stop */
    "\xE2\x80\xBD", /* interrobang */
    "\xE6\x97\xA5", /* OLetter */
    "\xEF\xBC\x8E", /* fullwidth full stop */
    "\xC2\x85",     /* NEL */
    /* classes read from ICU's property (other scripts, symbols) */
    "\xCE\x91",     /* Α, Upper */
    "\xCE\xB1",     /* α, Lower */
    "\xD0\x94",     /* Д */
    "\xD7\xA9",     /* ש, OLetter */
    "\xE2\x9F\xA8", /* ⟨, Close */
    "\xE2\x9F\xA9", /* ⟩ */
    "\xE2\x86\x92", /* → */
    "\xD8\x9F",     /* Arabic question mark, STerm */
    "\xE0\xA5\xA4", /* Devanagari danda, STerm */
    "\xEF\xBD\xA1", /* halfwidth ideographic full stop */
    "\xC7\x85",     /* ǅ, titlecase */
    "\xD9\x8B",     /* Arabic fathatan: Extend, left to ICU */
};

static void compare(const char *t, size_t len) {
    int st = 0;
    int r = sentence_fast_breaks(t, len, &fb);
    if (r < 0) __builtin_trap();
    if (r == 0) return;
    if (utf8_valid_prefix((const unsigned char *)t, len) != len) __builtin_trap();
    if (sentence_icu_breaks(bi, t, len, &ib, &st) != GRILLE_OK) __builtin_trap();
    if (fb.n != ib.n || (fb.n && memcmp(fb.v, ib.v, fb.n * sizeof *fb.v) != 0)) __builtin_trap();
}

/* The first part of t read with the rest readable after it (as a
 * paragraph is, the document after it): the same as alone, with the
 * narrow scan and the wide one (simd.h). */
static void compare_prefix(const char *t, size_t len) {
    size_t part = len / 2;
    sentence_breaks alone = {NULL, 0, 0};
    int r = sentence_fast_breaks(t, part, &alone);
    for (int wide = 0; wide <= simd_wide(); wide++) {
        int r2 = sentence_fast_breaks_in(t, part, len, wide, &ib);
        if (r < 0 || r2 != r) __builtin_trap();
        if (r && (alone.n != ib.n || (alone.n && memcmp(alone.v, ib.v, alone.n * sizeof *alone.v) != 0)))
            __builtin_trap();
    }
    free(alone.v);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (!bi) {
        int st = 0;
        if (!(bi = sentence_icu_open(&st))) __builtin_trap();
    }
    if (size > 1 << 20) return 0;
    compare((const char *)data, size);
    char *m = malloc(size * 3 + 1);
    if (!m) return 0;
    size_t n = 0;
    for (size_t i = 0; i < size; i++) {
        if (data[i] < 0x80) m[n++] = (char)data[i];
        else {
            const char *c = chars[(data[i] - 0x80) % (sizeof chars / sizeof chars[0])];
            size_t cl = strlen(c);
            memcpy(m + n, c, cl);
            n += cl;
        }
    }
    compare(m, n);
    compare_prefix(m, n);
    free(m);
    return 0;
}

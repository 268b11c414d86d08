/* utf8.c - strict UTF-8 validation (RFC 3629) and position helpers. */
#include "utf8.h"
#include "simd.h"
#include <string.h>
#ifdef __SSE2__
#include <emmintrin.h>

/* Bytes of v in [lo, hi], as 0xFF: a signed compare after moving the
 * range to start at -128. */
static inline __m128i byte_range(__m128i v, unsigned char lo, unsigned char hi) {
    __m128i shifted = _mm_sub_epi8(v, _mm_set1_epi8((char)(lo + 128)));
    return _mm_cmplt_epi8(shifted, _mm_set1_epi8((char)(hi - lo + 1 - 128)));
}

/* The 16 bytes of x as bits (bit k for byte k). */
#define BITS16(x) ((uint64_t)(unsigned)_mm_movemask_epi8(x))

/* A block's bytes by class, as valid_blocks() reads them (bit k for
 * byte k): from 0x80, continuations (0x80 to 0xBF), leads of two
 * bytes (C2 to DF); and, asked only of blocks holding something else,
 * leads of three and four bytes, the bytes below A0 and below 90, and
 * the leads whose second byte has a narrower range (E0 ED F0 F4).
 * "Below A0" and "below 90" are of the bytes from 0x80 only. */
typedef struct utf8_block {
    uint64_t high, cont, lead2;
} utf8_block;
typedef struct utf8_block_long {
    uint64_t lead3, lead4, below_a0, below_90, e0, ed, f0, f4;
} utf8_block_long;

static inline void block_short(const unsigned char *p, utf8_block *b) {
    b->high = b->cont = b->lead2 = 0;
    for (int k = 0; k < 64; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
        b->high |= BITS16(v) << k;
        /* signed: 0x80 to 0xBF are -128 to -65 */
        b->cont |= BITS16(_mm_cmplt_epi8(v, _mm_set1_epi8(-64))) << k;
        b->lead2 |= BITS16(byte_range(v, 0xC2, 0xDF)) << k;
    }
}

static inline void block_long(const unsigned char *p, utf8_block_long *b) {
    memset(b, 0, sizeof *b);
    for (int k = 0; k < 64; k += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + k));
        b->lead3 |= BITS16(byte_range(v, 0xE0, 0xEF)) << k;
        b->lead4 |= BITS16(byte_range(v, 0xF0, 0xF4)) << k;
        b->below_a0 |= BITS16(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0xA0))) << k;
        b->below_90 |= BITS16(_mm_cmplt_epi8(v, _mm_set1_epi8((char)0x90))) << k;
        b->e0 |= BITS16(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE0))) << k;
        b->ed |= BITS16(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xED))) << k;
        b->f0 |= BITS16(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xF0))) << k;
        b->f4 |= BITS16(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xF4))) << k;
    }
}

#if SIMD_HAS_WIDE
/* The same with AVX-512BW: a compare of the 64 bytes for each class
 * (unsigned, so that ranges need no shift). */
SIMD_WIDE static inline uint64_t wide_range(__m512i v, unsigned char lo, unsigned char hi) {
    return _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8((char)lo)) &
           _mm512_cmple_epu8_mask(v, _mm512_set1_epi8((char)hi));
}

SIMD_WIDE static inline void block_short_wide(const unsigned char *p, utf8_block *b) {
    __m512i v = _mm512_loadu_si512((const void *)p);
    b->high = _mm512_movepi8_mask(v);
    b->cont = wide_range(v, 0x80, 0xBF);
    b->lead2 = wide_range(v, 0xC2, 0xDF);
}

SIMD_WIDE static inline void block_long_wide(const unsigned char *p, utf8_block_long *b) {
    __m512i v = _mm512_loadu_si512((const void *)p);
    b->lead3 = wide_range(v, 0xE0, 0xEF);
    b->lead4 = wide_range(v, 0xF0, 0xF4);
    b->below_a0 = wide_range(v, 0x80, 0x9F);
    b->below_90 = wide_range(v, 0x80, 0x8F);
    b->e0 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xE0));
    b->ed = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xED));
    b->f0 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xF0));
    b->f4 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xF4));
}
#endif

/* How far s[0, len) is valid UTF-8 by blocks of 64 bytes, each classed
 * at once (its bytes as bits, no branch for each character): the start
 * of the first character that a block could not vouch for, where the
 * byte-by-byte check takes over.  French text has an accent every few
 * words, which ended each run of the ASCII scan (utf8_ascii_run()).
 * Classed with AVX-512BW where wide (simd.h). */
static inline __attribute__((always_inline)) size_t valid_blocks_with(const unsigned char *s, size_t len, int wide) {
    size_t i = 0;
    uint64_t carry = 0, carry_e0 = 0, carry_ed = 0, carry_f0 = 0, carry_f4 = 0;
    (void)wide;
    for (; i + 64 <= len; i += 64) {
        utf8_block b;
#if SIMD_HAS_WIDE
        if (wide) block_short_wide(s + i, &b);
        else
#endif
            block_short(s + i, &b);
        uint64_t high = b.high, cont = b.cont, lead2 = b.lead2;
        if (!(high | carry)) continue; /* ASCII */
        uint64_t next_e0 = 0, next_ed = 0, next_f0 = 0, next_f4 = 0, lead = lead2, long_lead = 0, lead4 = 0;
        if ((high & ~cont & ~lead2) | carry_e0 | carry_ed | carry_f0 | carry_f4) {
            /* characters of three or four bytes, or errors: the rest */
            utf8_block_long g;
#if SIMD_HAS_WIDE
            if (wide) block_long_wide(s + i, &g);
            else
#endif
                block_long(s + i, &g);
            lead4 = g.lead4;
            lead |= g.lead3 | lead4;
            long_lead = g.lead3 | lead4;
            /* a second byte out of range: overlong (E0, F0), a surrogate
             * (ED), above U+10FFFF (F4) */
            uint64_t wrong = ((g.e0 << 1 | carry_e0) & g.below_a0) | ((g.ed << 1 | carry_ed) & cont & ~g.below_a0) |
                             ((g.f0 << 1 | carry_f0) & g.below_90) | ((g.f4 << 1 | carry_f4) & cont & ~g.below_90);
            /* C0, C1, F5 to FF are no lead, nor a continuation */
            if (wrong || (high & ~cont & ~lead)) break;
            next_e0 = g.e0 >> 63;
            next_ed = g.ed >> 63;
            next_f0 = g.f0 >> 63;
            next_f4 = g.f4 >> 63;
        }
        /* the bytes the leads want as continuations, and none other */
        if ((lead << 1 | long_lead << 2 | lead4 << 3 | carry) != cont) break;
        carry = lead >> 63 | long_lead >> 62 | lead4 >> 61;
        carry_e0 = next_e0;
        carry_ed = next_ed;
        carry_f0 = next_f0;
        carry_f4 = next_f4;
    }
    /* back to the start of a character the blocks before did not finish
     * (its lead byte is among the last three) */
    if (carry)
        for (size_t k = 1; k <= 3; k++)
            if (s[i - k] >= 0xC0) return i - k;
    return i;
}
#undef BITS16

static size_t valid_blocks(const unsigned char *s, size_t len) { return valid_blocks_with(s, len, 0); }
#if SIMD_HAS_WIDE
SIMD_WIDE static size_t valid_blocks_wide(const unsigned char *s, size_t len) { return valid_blocks_with(s, len, 1); }
#endif
#endif

size_t utf8_valid_prefix(const unsigned char *s, size_t len) { return utf8_valid_prefix_as(s, len, simd_wide()); }

size_t utf8_valid_prefix_as(const unsigned char *s, size_t len, int wide) {
    size_t i = 0;
    (void)wide;
#if SIMD_HAS_WIDE
    if (wide) i = valid_blocks_wide(s, len);
    else
#endif
#ifdef __SSE2__
        i = valid_blocks(s, len);
#endif
    while (i < len) {
        i += utf8_ascii_run(s + i, len - i);
        if (i >= len) break;
        size_t n = utf8_sequence(s + i, len - i);
        if (!n) return i;
        i += n;
    }
    return len;
}

int utf8_encode(int32_t cp, char *out) {
    unsigned char *o = (unsigned char *)out;
    if (cp < 0x80) {
        o[0] = (unsigned char)cp;
        return 1;
    }
    if (cp < 0x800) {
        o[0] = (unsigned char)(0xC0 | (cp >> 6));
        o[1] = (unsigned char)(0x80 | (cp & 0x3F));
        return 2;
    }
    if (cp < 0x10000) {
        o[0] = (unsigned char)(0xE0 | (cp >> 12));
        o[1] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
        o[2] = (unsigned char)(0x80 | (cp & 0x3F));
        return 3;
    }
    o[0] = (unsigned char)(0xF0 | (cp >> 18));
    o[1] = (unsigned char)(0x80 | ((cp >> 12) & 0x3F));
    o[2] = (unsigned char)(0x80 | ((cp >> 6) & 0x3F));
    o[3] = (unsigned char)(0x80 | (cp & 0x3F));
    return 4;
}

/* Code points are the bytes that are not continuation bytes
 * (10xxxxxx), counted 8 at a time, with POPCNT where the processor has
 * it (UTF8_POPCNT_CLONES); without it a multiplication sums the bits
 * (the builtin would be a call into libgcc). */
UTF8_POPCNT_CLONES size_t utf8_count(const char *s, size_t len) {
    size_t n = 0, i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t cont = utf8_continuation_bits(s + i);
#ifdef UTF8_HAS_POPCNT_CLONES
        n += 8 - (size_t)__builtin_popcountll(cont);
#else
        n += 8 - (size_t)(((cont >> 7) * BYTES(1)) >> 56);
#endif
    }
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    /* The last 1-7 bytes: the word that ends with them, its bytes
     * already counted (the low ones) masked off.  Most calls count less
     * than 64 bytes (document_cp_at), where a byte loop was half the cost. */
    if (i < len && len >= 8) {
        size_t rest = len - i;
        uint64_t cont = utf8_continuation_bits(s + len - 8) & ~0ULL << 8 * (8 - rest);
#ifdef UTF8_HAS_POPCNT_CLONES
        return n + rest - (size_t)__builtin_popcountll(cont);
#else
        return n + rest - (size_t)(((cont >> 7) * BYTES(1)) >> 56);
#endif
    }
#endif
    for (; i < len; i++) n += ((unsigned char)s[i] & 0xC0) != 0x80;
    return n;
}

void utf8_line_col(const char *s, size_t off, unsigned *line, unsigned *col) {
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (s[i] == '\n') {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = (unsigned)utf8_count(s + start, off - start) + 1;
}

int utf8_latin_pair(unsigned char c, unsigned char d) {
    return c == 0xC3 || (c == 0xC5 && (d == 0x92 || d == 0x93 || d == 0xB8));
}

/* Which letter of ASCII or Latin-1 PCRE2's caseless matching takes the
 * code point at s[i] (lead byte c, then d) for, as a UTF8_FOLDS_* bit,
 * or 0: ſ (s), K Kelvin (k), Å Angstrom (å), ẞ (ß), Μ and μ (µ).
 * tests/check_utf8 asks PCRE2 itself that there are no others. */
static unsigned latin_fold_partner(const char *s, size_t n, size_t i, unsigned char c, unsigned char d) {
    unsigned char e = i + 2 < n ? (unsigned char)s[i + 2] : 0;
    if (c == 0xC5 && d == 0xBF) return UTF8_FOLDS_S;
    if (c == 0xE2 && d == 0x84 && e == 0xAA) return UTF8_FOLDS_K;
    if (c == 0xE2 && d == 0x84 && e == 0xAB) return UTF8_FOLDS_A_RING;
    if (c == 0xE1 && d == 0xBA && e == 0x9E) return UTF8_FOLDS_SHARP_S;
    if (c == 0xCE && (d == 0x9C || d == 0xBC)) return UTF8_FOLDS_MICRO;
    return 0;
}

unsigned utf8_latin_folds(const char *s, size_t n) {
    unsigned folds = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i], d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c == 's') folds |= UTF8_FOLDS_S;
        else if (c == 'k') folds |= UTF8_FOLDS_K;
        else if (c == 0xC3 && d == 0xA5) folds |= UTF8_FOLDS_A_RING;
        else if (c == 0xC3 && d == 0x9F) folds |= UTF8_FOLDS_SHARP_S;
        else if (c == 0xC2 && d == 0xB5) folds |= UTF8_FOLDS_MICRO;
    }
    return folds;
}

#ifdef __SSE2__

/* Sixteen bytes at s[i] lowered into out as lower_latin() lowers them,
 * when they hold only ASCII, Latin-1 (C3 xx), the rest below U+0100
 * (C2 xx) and U+2000-U+2FFF but U+2100-U+213F (E2 then not 84: ’ « — …,
 * arrows, the box drawing of man pages), none of which the scan flags.  Returns how many bytes are done: 16, or 15 when
 * the last is C3 (its second byte is lowered with it, by the next block or by the loop that starts at a character); 0,
 * writing nothing, for any other byte.  s[i - 1] (when i > 0) and s[i + 16] are read. */
static size_t lower_block(const char *s, size_t i, char *out) {
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
    if (!_mm_movemask_epi8(v)) {
        /* ASCII only (most blocks, even of French): its capitals, and
         * nothing more to look at */
        __m128i add = _mm_and_si128(byte_range(v, 'A', 'Z'), _mm_set1_epi8(0x20));
        _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_add_epi8(v, add));
        return 16;
    }
    __m128i next = _mm_loadu_si128((const __m128i *)(const void *)(s + i + 1));
    __m128i prev = i ? _mm_loadu_si128((const __m128i *)(const void *)(s + i - 1)) : _mm_slli_si128(v, 1);
    /* E2 passes but before 84 (K, Å: the Kelvin and Angstrom signs), as
     * does every byte below C4 */
    __m128i high = byte_range(v, 0xC4, 0xFF);
    __m128i punct =
        _mm_andnot_si128(_mm_cmpeq_epi8(next, _mm_set1_epi8((char)0x84)), _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xE2)));
    if (_mm_movemask_epi8(_mm_andnot_si128(punct, high))) return 0;
    /* A..Z, and the second byte of À..Þ but × (C3 97) */
    __m128i capital = byte_range(v, 'A', 'Z');
    __m128i latin1 =
        _mm_and_si128(_mm_cmpeq_epi8(prev, _mm_set1_epi8((char)0xC3)),
                      _mm_andnot_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x97)), byte_range(v, 0x80, 0x9E)));
    __m128i add = _mm_and_si128(_mm_or_si128(capital, latin1), _mm_set1_epi8(0x20));
    _mm_storeu_si128((__m128i *)(void *)(out + i), _mm_add_epi8(v, add));
    return (unsigned char)s[i + 15] == 0xC3 ? 15 : 16;
}
#endif

#if SIMD_HAS_WIDE
/* lower_block() for 64 bytes, with AVX-512BW; s[i + 64] is read, and
 * s[i - 1] when i > 0.  The bytes around the block are looked at one by
 * one: the masks of the block shifted by one byte, rather than loads one
 * byte off, which would read before s at i = 0. */
SIMD_WIDE static inline size_t lower_block_wide(const char *s, size_t i, char *out) {
    __m512i v = _mm512_loadu_si512((const void *)(s + i));
    __mmask64 capital =
        _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8('A')) & _mm512_cmple_epu8_mask(v, _mm512_set1_epi8('Z'));
    __mmask64 high = _mm512_movepi8_mask(v);
    if (high) {
        uint64_t c3 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xC3));
        uint64_t after_c3 = c3 << 1 | (uint64_t)(i > 0 && (unsigned char)s[i - 1] == 0xC3);
        uint64_t before_84 = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0x84)) >> 1 |
                             (uint64_t)((unsigned char)s[i + 64] == 0x84) << 63;
        /* E2 passes but before 84 (K, Å), as does every byte below C4 */
        uint64_t punct = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xE2)) & ~before_84;
        if (_mm512_cmpge_epu8_mask(v, _mm512_set1_epi8((char)0xC4)) & ~punct) return 0;
        /* the second byte of À..Þ but × (C3 97) */
        capital |= after_c3 & _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8((char)0x80)) &
                   _mm512_cmple_epu8_mask(v, _mm512_set1_epi8((char)0x9E)) &
                   ~_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0x97));
    }
    _mm512_storeu_si512((void *)(out + i), _mm512_mask_add_epi8(v, capital, v, _mm512_set1_epi8(0x20)));
    return (unsigned char)s[i + 63] == 0xC3 ? 63 : 64;
}
#endif

/* The copy of lower_latin(), its blocks of 64 bytes lowered with
 * AVX-512BW where wide (simd.h), then (or else) of 16 with SSE2. */
static inline __attribute__((always_inline)) unsigned lower_latin_with(const char *s, size_t n, char *out,
                                                                       int for_gates, int wide) {
    unsigned exotic = 0;
    (void)wide;
    for (size_t i = 0; i < n; i++) {
#if SIMD_HAS_WIDE
        if (wide)
            for (size_t done; i + 65 <= n && (done = lower_block_wide(s, i, out)) != 0;) i += done;
#endif
#ifdef __SSE2__
        /* French text, accents and apostrophes included, sixteen bytes
         * at a time */
        for (size_t done; i + 17 <= n && (done = lower_block(s, i, out)) != 0;) i += done;
#endif
        /* French is mostly ASCII: eight such bytes lowered at once (bit
         * 5 set in each capital; the additions on seven bits cannot
         * carry into the next byte) */
        while (i + 8 <= n) {
            uint64_t w;
            memcpy(&w, s + i, 8);
            if (w & BYTES(0x80)) break;
            uint64_t upper = (w + BYTES(0x80 - 'A')) & ~(w + BYTES(0x7F - 'Z')) & BYTES(0x80);
            w |= upper >> 2;
            memcpy(out + i, &w, 8);
            i += 8;
        }
        if (i >= n) break;
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c == 0xC3 && i + 1 < n) {
            /* À..Þ but × */
            out[i] = (char)c;
            out[++i] = (char)((d >= 0x80 && d <= 0x9E && d != 0x97) ? d + 0x20 : d);
        } else if (c == 0xC5 && (d == 0x92 || d == 0xB8) && i + 1 < n) {
            /* Œ -> œ (C5 93); Ÿ -> ÿ (C3 BF), same length */
            out[i] = (char)(d == 0x92 ? 0xC5 : 0xC3);
            out[++i] = (char)(d == 0x92 ? 0x93 : 0xBF);
        } else {
            /* letters that case-fold outside these blocks (Greek,
             * Cyrillic, Latin Extended, the Kelvin sign K, long s); for
             * the regex gates, only those PCRE2 matches with a letter a
             * literal may hold */
            if (for_gates) exotic |= latin_fold_partner(s, n, i, c, d);
            else if ((c >= 0xC4 && c <= 0xDF && !utf8_latin_pair(c, d)) || c == 0xE1 || (c == 0xE2 && d == 0x84) ||
                     (c == 0xEF && (d == 0xBC || d == 0xBD)))
                exotic = 1;
            out[i] = (char)c;
        }
    }
    return exotic;
}

static unsigned lower_latin_narrow(const char *s, size_t n, char *out, int for_gates) {
    return lower_latin_with(s, n, out, for_gates, 0);
}

#if SIMD_HAS_WIDE
SIMD_WIDE static unsigned lower_latin_wide(const char *s, size_t n, char *out, int for_gates) {
    return lower_latin_with(s, n, out, for_gates, 1);
}
#endif

unsigned utf8_lower_latin_as(const char *s, size_t n, char *out, int for_gates, int wide) {
    (void)wide;
#if SIMD_HAS_WIDE
    if (wide) return lower_latin_wide(s, n, out, for_gates);
#endif
    return lower_latin_narrow(s, n, out, for_gates);
}

int utf8_lower_latin(const char *s, size_t n, char *out) { return (int)utf8_lower_latin_as(s, n, out, 0, simd_wide()); }

unsigned utf8_lower_latin_gates(const char *s, size_t n, char *out) {
    return utf8_lower_latin_as(s, n, out, 1, simd_wide());
}

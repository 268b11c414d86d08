/* utf8.h - UTF-8 validation and decoding, positions in lines/columns. */
#ifndef GRILLE_UTF8_H
#define GRILLE_UTF8_H
#include <stddef.h>
#include <stdint.h>
#include <string.h>

/* Returns the length of the longest valid UTF-8 prefix of s (== len when
 * all of it is valid).  Rejects overlong forms, surrogates and code
 * points above U+10FFFF. */
size_t utf8_valid_prefix(const unsigned char *s, size_t len);
/* The same, its blocks of 64 bytes classed with AVX-512BW or not as
 * wide says (simd.h; wide only where simd_wide()): for tests. */
size_t utf8_valid_prefix_as(const unsigned char *s, size_t len, int wide);

/* The length of the valid UTF-8 sequence at s[0] (len >= 1 bytes
 * readable), or 0 when it is not one. */
static inline size_t utf8_sequence(const unsigned char *s, size_t len) {
    unsigned c = s[0];
    if (c < 0x80) return 1;
    size_t n;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) n = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        n = 3;
        if (c == 0xE0) lo = 0xA0;      /* overlong */
        else if (c == 0xED) hi = 0x9F; /* surrogates */
    } else if (c >= 0xF0 && c <= 0xF4) {
        n = 4;
        if (c == 0xF0) lo = 0x90;
        else if (c == 0xF4) hi = 0x8F; /* > U+10FFFF */
    } else return 0;
    if (n > len) return 0;
    if (s[1] < lo || s[1] > hi) return 0;
    for (size_t k = 2; k < n; k++)
        if ((s[k] & 0xC0) != 0x80) return 0;
    return n;
}

/* The length of s[0..len) cut to at most max bytes at a character
 * boundary: a message quoting the start of a text never ends inside a
 * character. */
static inline size_t utf8_cut(const char *s, size_t len, size_t max) {
    if (len <= max) return len;
    size_t n = max;
    while (n > 0 && ((unsigned char)s[n] & 0xC0) == 0x80) n--;
    return n;
}

/* x in each of the 8 bytes of a word: the masks of the 8-bytes-at-a-time
 * loops (utf8.c, speakers.c). */
#define BYTES(x) (0x0101010101010101ULL * (x))

/* Where GCC, glibc and x86-64 meet, a function marked so gets a copy
 * built for the POPCNT instruction, picked once by the loader where the
 * processor has it (target_clones: an ifunc of glibc's, no state of
 * ours; musl has no ifunc).  Elsewhere __builtin_popcountll is a call
 * into libgcc. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && defined(__GLIBC__)
#define UTF8_POPCNT_CLONES __attribute__((target_clones("popcnt", "default")))
#define UTF8_HAS_POPCNT_CLONES 1
#else
#define UTF8_POPCNT_CLONES
#endif

/* The continuation bytes (10xxxxxx) among the 8 bytes at s, as bit 7
 * of each byte. */
static inline uint64_t utf8_continuation_bits(const char *s) {
    uint64_t w;
    memcpy(&w, s, 8);
    return w & ~(w << 1) & BYTES(0x80);
}

/* The number of ASCII bytes s starts with. */
static inline size_t utf8_ascii_run(const unsigned char *s, size_t len) {
    size_t i = 0;
    /* Most of a French transcript is ASCII: 8 bytes at a time. */
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t high = w & 0x8080808080808080ULL;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
        /* the first byte with its high bit set, without a loop */
        if (high) return i + (size_t)(__builtin_ctzll(high) >> 3);
#else
        if (high) break;
#endif
        i += 8;
    }
    while (i < len && s[i] < 0x80) i++;
    return i;
}

/* Bit 7 of each byte of v that is zero, exactly: (x & 0x7F) + 0x7F
 * carries into bit 7 unless x's low bits are 0, and x's own bit 7 is
 * or-ed in (the "(v - 1) & ~v" of output.h's HAS_ZERO marks the first
 * zero right but may mark bytes above it too). */
static inline uint64_t utf8_zero_bytes(uint64_t v) { return ~(((v & BYTES(0x7F)) + BYTES(0x7F)) | v) & BYTES(0x80); }

/* The number of spaces and tabs s starts with: 8 bytes at a time
 * (indented lines of man pages and justified text; a loop a byte
 * mispredicted its exit at each line). */
static inline size_t utf8_blank_run(const char *s, size_t len) {
    size_t i = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    while (i + 8 <= len) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        /* bit 7 of each byte that is neither ' ' nor '\t' */
        uint64_t other = ~(utf8_zero_bytes(w ^ BYTES(' ')) | utf8_zero_bytes(w ^ BYTES('\t'))) & BYTES(0x80);
        if (other) return i + (size_t)(__builtin_ctzll(other) >> 3);
        i += 8;
    }
#endif
    while (i < len && (s[i] == ' ' || s[i] == '\t')) i++;
    return i;
}

/* Decodes the code point at s (which must be valid UTF-8) and returns
 * its length in bytes. */
static inline int utf8_decode(const unsigned char *s, int32_t *cp) {
    unsigned c = s[0];
    if (c < 0x80) {
        *cp = (int32_t)c;
        return 1;
    }
    if (c < 0xE0) {
        *cp = (int32_t)(((c & 0x1F) << 6) | (s[1] & 0x3F));
        return 2;
    }
    if (c < 0xF0) {
        *cp = (int32_t)(((c & 0x0F) << 12) | ((s[1] & 0x3F) << 6) | (s[2] & 0x3F));
        return 3;
    }
    *cp = (int32_t)(((c & 0x07) << 18) | ((s[1] & 0x3F) << 12) | ((s[2] & 0x3F) << 6) | (s[3] & 0x3F));
    return 4;
}

/* Encodes cp into out (4 bytes of room) and returns the length. */
int utf8_encode(int32_t cp, char *out);

/* Code points in s[0..len) (valid UTF-8). */
size_t utf8_count(const char *s, size_t len);

/* 1-based line and column (in code points) of byte offset off in s. */
void utf8_line_col(const char *s, size_t off, unsigned *line, unsigned *col);

/* Lowers ASCII and Latin-1 capitals (É -> é), Œ and Ÿ of s[0..n) into
 * out, byte for byte: same length, so it can be searched in place of s.
 * Returns 1 when s holds a letter of another script, whose case PCRE2
 * folds but this does not: the caller must not rely on the copy then. */
int utf8_lower_latin(const char *s, size_t n, char *out);
/* The letters of ASCII and Latin-1 that PCRE2's caseless matching also
 * finds as a code point utf8_lower_latin() does not lower. */
enum {
    UTF8_FOLDS_S = 1,       /* ſ */
    UTF8_FOLDS_K = 2,       /* K, the Kelvin sign */
    UTF8_FOLDS_A_RING = 4,  /* Å, the Angstrom sign */
    UTF8_FOLDS_SHARP_S = 8, /* ẞ */
    UTF8_FOLDS_MICRO = 16   /* Μ, μ */
};
/* The same copy, for finding the literals of regexes (ASCII and Latin-1
 * letters): returns the UTF8_FOLDS_* of the code points s holds that
 * PCRE2's caseless matching takes for one of those letters, which the
 * copy does not lower; a literal with such a letter cannot be looked
 * for in the copy then.  Another script in a turn changes nothing. */
unsigned utf8_lower_latin_gates(const char *s, size_t n, char *out);
/* utf8_lower_latin() (for_gates 0) or utf8_lower_latin_gates() (1),
 * blocks of 64 bytes lowered with AVX-512BW or not as wide says
 * (simd.h; wide only where simd_wide()): for tests. */
unsigned utf8_lower_latin_as(const char *s, size_t n, char *out, int for_gates, int wide);
/* The UTF8_FOLDS_* of the letters a lowered literal holds. */
unsigned utf8_latin_folds(const char *s, size_t n);
/* Whether the two-byte character c d is one utf8_lower_latin() lowers or
 * leaves as is knowingly: Latin-1 letters, œ Œ Ÿ. */
int utf8_latin_pair(unsigned char c, unsigned char d);

#endif

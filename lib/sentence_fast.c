/* sentence_fast.c - ICU's sentence boundaries found on the UTF-8 bytes,
 * for the paragraphs made only of characters whose role it knows.
 *
 * Running ICU's sentence break iterator was about half the cost of
 * reading a transcript: its rules (UAX #29, SB1-SB11, as ICU's sent.txt
 * writes them) are few, and once every character of a paragraph has a
 * known Sentence_Break class they decide each boundary from the
 * terminator ('.', '?', '!') and the few characters around it.  So this
 * file applies them itself, and answers "unsure" for any character
 * outside its tables (other scripts, combining marks, format and
 * separator characters, controls, invalid UTF-8): the caller then asks
 * ICU for the whole paragraph.  The boundaries must be exactly ICU's:
 * tests/check_sentence.c checks the tables against ICU's own
 * Sentence_Break property, and the splitter against ICU on tricky
 * strings; fuzz/fuzz_sentence.c and tests/sentence_diff.c compare the
 * two on arbitrary text and on whole corpora. */
#include "internal.h"
#include "sentence.h"
#include "simd.h"
#include "utf8.h"
#include <unicode/uchar.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

enum {
    O = SENTENCE_OTHER,
    S = SENTENCE_SP,
    L = SENTENCE_LOWER,
    U = SENTENCE_UPPER,
    N = SENTENCE_NUMERIC,
    A = SENTENCE_ATERM,
    T = SENTENCE_STERM,
    C = SENTENCE_CLOSE,
    K = SENTENCE_SCONTINUE,
    R = SENTENCE_CR,
    F = SENTENCE_LF,
    OL = SENTENCE_OLETTER,
    X = SENTENCE_UNSURE
};

/* ASCII, as ICU classes it.  The controls but tab, LF and CR (vertical
 * tab and form feed are Sp; the others Other) are left to ICU: they have
 * no business in a transcript, and nothing is gained on them.  ';' is
 * Other, not SContinue. */
static const unsigned char ascii_class[128] = {
    X, X, X, X, X, X, X, X, X, S, F, X, X, R, X, X, /* 00 */
    X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, X, /* 10 */
    S, T, C, O, O, O, O, C, C, C, O, O, K, K, A, O, /* 20  !"#$%&'()*+,-./ */
    N, N, N, N, N, N, N, N, N, N, K, O, O, O, O, T, /* 30 0-9 :;<=>? */
    O, U, U, U, U, U, U, U, U, U, U, U, U, U, U, U, /* 40 @A-O */
    U, U, U, U, U, U, U, U, U, U, U, C, O, C, O, O, /* 50 P-Z [\]^_ */
    O, L, L, L, L, L, L, L, L, L, L, L, L, L, L, L, /* 60 `a-o */
    L, L, L, L, L, L, L, L, L, L, L, C, O, C, O, X, /* 70 p-z {|}~ DEL */
};

/* U+00A0-U+00BF: NBSP is Sp, « » Close, ª µ º Lower, the soft hyphen
 * Format (left to ICU), the rest Other. */
static const unsigned char latin1_punct[32] = {
    S, O, O, O, O, O, O, O, O, O, L, C, O, X, O, O, /* A0 */
    O, O, O, O, O, L, O, O, O, O, L, C, O, O, O, O, /* B0 */
};

/* U+2000-U+203F, the general punctuation French typography uses: the
 * spaces (U+2000-U+200A, U+202F) Sp; – and — SContinue; quotation marks
 * Close; the ellipsis Other (it ends no sentence for ICU).  Left to ICU:
 * the zero-width and direction marks (Format, Extend), the line and
 * paragraph separators, and the rare terminators (one dot leader, ‼, ‽),
 * which nothing here needs. */
static const unsigned char punct_class[64] = {
    S, S, S, S, S, S, S, S, S, S, S, X, X, X, X, X, /* 2000 */
    O, O, O, K, K, O, O, O, C, C, C, C, C, C, C, C, /* 2010 */
    O, O, O, O, X, O, O, O, X, X, X, X, X, X, X, S, /* 2020 */
    O, O, O, O, O, O, O, O, O, C, C, O, X, X, O, O, /* 2030 */
};

/* Letters U+00C0-U+017F: Latin-1's (× and ÷ are Other) and Latin
 * Extended-A, where capitals and small letters alternate (œ, Œ, Ÿ, and
 * the names of Polish or Czech speakers). */
static int latin_letter(unsigned c) {
    if (c < 0x100) {
        if (c == 0xD7 || c == 0xF7) return O;
        return c < 0xDF ? U : L;
    }
    if (c == 0x138 || c == 0x149 || c == 0x17F) return L; /* ĸ, ŉ, ſ: no capital */
    if (c == 0x178) return U;                             /* Ÿ, out of the alternation */
    if (c < 0x138 || (c > 0x149 && c < 0x178)) return c % 2 ? L : U;
    return c % 2 ? U : L;
}

/* Sentence_Break as ICU has it, for the classes whose rules this file
 * applies; Extend, Format and Sep (SB5, SB4) are left to ICU. */
static const unsigned char from_icu[U_SB_COUNT] = {
    [U_SB_OTHER] = O,   [U_SB_ATERM] = A,    [U_SB_CLOSE] = C,  [U_SB_FORMAT] = X, [U_SB_LOWER] = L,
    [U_SB_NUMERIC] = N, [U_SB_OLETTER] = OL, [U_SB_SEP] = X,    [U_SB_SP] = S,     [U_SB_STERM] = T,
    [U_SB_UPPER] = U,   [U_SB_CR] = R,       [U_SB_EXTEND] = X, [U_SB_LF] = F,     [U_SB_SCONTINUE] = K,
};

/* The other characters, from ICU's own Sentence_Break property: a
 * lookup in its trie (Greek, Cyrillic, Hebrew, arrows, ⟨ ⟩ in
 * documentation, emoji...), where asking ICU's iterator for
 * the whole paragraph cost a twentieth of reading a corpus. */
static int other_class(const unsigned char *t, size_t len, size_t i, size_t *next) {
    size_t n = utf8_sequence(t + i, len - i);
    if (n < 2) return X; /* invalid, cut short, or an ASCII control */
    UChar32 c = t[i] & (0x7F >> n);
    for (size_t k = 1; k < n; k++) c = c << 6 | (t[i + k] & 0x3F);
    int v = u_getIntPropertyValue(c, UCHAR_SENTENCE_BREAK);
    if (v < 0 || v >= U_SB_COUNT) return X;
    *next = i + n;
    return from_icu[v];
}

int sentence_fast_class(const unsigned char *t, size_t len, size_t i, size_t *next) {
    unsigned c = t[i];
    if (c < 0x80) {
        *next = i + 1;
        return ascii_class[c];
    }
    /* U+00A0-U+017F: two bytes, C2 A0 to C5 BF */
    if (c >= 0xC2 && c <= 0xC5) {
        if (i + 1 >= len || (t[i + 1] & 0xC0) != 0x80) return X;
        unsigned cp = ((c & 0x1Fu) << 6) | (t[i + 1] & 0x3Fu);
        *next = i + 2;
        if (cp < 0xA0) return X; /* C1 controls, NEL (Sep) */
        if (cp < 0xC0) return latin1_punct[cp - 0xA0];
        return latin_letter(cp);
    }
    /* U+2000-U+203F: E2 80 80 to E2 80 BF; the euro sign, E2 82 AC; box
     * drawing */
    if (c == 0xE2 && i + 2 < len && (t[i + 2] & 0xC0) == 0x80) {
        *next = i + 3;
        if (t[i + 1] == 0x80) return punct_class[t[i + 2] & 0x3F];
        if (t[i + 1] == 0x82 && t[i + 2] == 0xAC) return O;
        /* U+2500-U+257F, box drawing (the tables of man pages, "───"
         * runs of it): Other, without a lookup in ICU's trie each */
        if (t[i + 1] == 0x94 || t[i + 1] == 0x95) return O;
    }
    return other_class(t, len, i, next);
}

/* The class of the character that ends at t[i] (i > 0), which the scan
 * has already read, so valid. */
static int class_before(const unsigned char *t, size_t len, size_t i) {
    size_t s = i - 1, next;
    while (s > 0 && (t[s] & 0xC0) == 0x80) s--;
    return sentence_fast_class(t, len, s, &next);
}

static int push(sentence_breaks *b, size_t at) {
    if (GROW(b->v, b->n, b->cap)) return GRILLE_ENOMEM;
    b->v[b->n++] = at;
    return GRILLE_OK;
}

/* After the terminator t[i, j) of class term: whether ICU breaks, and
 * where (*end).  Returns 1 (a boundary at *end), 0 (none: the sentence
 * goes on after the terminator), or -1 (a character left to ICU). */
static int after_terminator(const unsigned char *t, size_t len, size_t i, size_t j, int term, size_t *end) {
    size_t k = j, next;
    int c = k < len ? sentence_fast_class(t, len, k, &next) : -1;
    if (c == X) return -1;
    if (term == A) {
        /* SB6: "3.5", "1.er"; SB7: "U.S.A", "M.Dupont" (a letter before
         * the period, a capital right after it) */
        if (c == N) return 0;
        if (c == U && i > 0) {
            int p = class_before(t, len, i);
            if (p == U || p == L) return 0;
        }
    }
    /* SB9, SB10: closing punctuation, then spaces, stay with the
     * sentence that ends */
    while (c == C) {
        k = next;
        c = k < len ? sentence_fast_class(t, len, k, &next) : -1;
    }
    while (c == S) {
        k = next;
        c = k < len ? sentence_fast_class(t, len, k, &next) : -1;
    }
    if (c == X) return -1;
    if (term == A) {
        /* SB8: after a period, anything but letters, separators and
         * terminators, then a small letter: no end ("etc. (voir p. 3)
         * et", "vers 3 h. 20 personnes") */
        size_t m = j, mnext;
        for (;;) {
            int d = m < len ? sentence_fast_class(t, len, m, &mnext) : -1;
            if (d == X) return -1;
            if (d == L) return 0;
            if (d < 0 || d == U || d == OL || d == R || d == F || d == A || d == T) break;
            m = mnext;
        }
    }
    /* SB8a: ", - :" or another terminator after it: the sentence goes on */
    if (c == K || c == A || c == T) return 0;
    /* SB11, with SB3: the boundary comes after one line end (CR LF is one) */
    if (c == R) {
        k = next;
        if (k < len && t[k] == '\n') k++;
    } else if (c == F) k = next;
    *end = k;
    return 1;
}

/* The bytes the scan must look at: terminators, line ends, everything
 * not ASCII, and the controls it leaves to ICU.  Letters, digits,
 * spaces and the rest of the ASCII punctuation decide nothing by
 * themselves (only around a terminator). */
static const unsigned char stop[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
};

#ifdef __SSE2__
/* The first byte from i the scan must look at, sixteen bytes at a time:
 * the stops of the table above, but a Latin-1 letter whose second byte
 * is in the same sixteen (C3 then a continuation byte); len when there
 * is none.  The last sixteen before len are read past it where the text
 * can be read (readable), what lies beyond len ignored; where it cannot,
 * the return is where the bytes left to look at start. */
static size_t next_stop(const unsigned char *t, size_t len, size_t readable, size_t i) {
    const __m128i space = _mm_set1_epi8(' '), tab = _mm_set1_epi8('\t'), period = _mm_set1_epi8('.'),
                  question = _mm_set1_epi8('?'), bang = _mm_set1_epi8('!'), del = _mm_set1_epi8(0x7F),
                  c3 = _mm_set1_epi8((char)0xC3), top = _mm_set1_epi8((char)0xC0), cont = _mm_set1_epi8((char)0x80);
    for (; i < len && i + 16 <= readable; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(t + i));
        /* signed, below ' ': the controls and every byte from 0x80 */
        __m128i stops = _mm_andnot_si128(_mm_cmpeq_epi8(v, tab), _mm_cmplt_epi8(v, space));
        stops = _mm_or_si128(stops, _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, period), _mm_cmpeq_epi8(v, question)),
                                                 _mm_or_si128(_mm_cmpeq_epi8(v, bang), _mm_cmpeq_epi8(v, del))));
        /* the bytes before len (a short paragraph's last sixteen: the
         * byte-by-byte loop they went to was a third of this file's
         * time on man pages, a line a paragraph) */
        unsigned before = len - i >= 16 ? 0xFFFFu : (1u << (len - i)) - 1;
        unsigned m = (unsigned)_mm_movemask_epi8(stops) & before;
        if (!m) continue;
        unsigned lead = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, c3));
        unsigned second = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, top), cont));
        /* a pair whose second byte is before len too: C3 as the text's
         * last byte is a cut character, whatever follows it */
        unsigned pairs = lead & (second >> 1) & (before >> 1);
        m &= ~(pairs | pairs << 1) & 0xFFFF;
        if (m) return i + (size_t)__builtin_ctz(m);
    }
    return i < len ? i : len;
}
#endif

#if SIMD_HAS_WIDE
/* next_stop() sixty-four bytes at a time, with AVX-512BW (simd.h); the
 * last bytes before readable go to next_stop(). */
SIMD_WIDE static size_t next_stop_wide(const unsigned char *t, size_t len, size_t readable, size_t i) {
    const __m512i space = _mm512_set1_epi8(' '), tab = _mm512_set1_epi8('\t'), period = _mm512_set1_epi8('.'),
                  question = _mm512_set1_epi8('?'), bang = _mm512_set1_epi8('!'), del = _mm512_set1_epi8(0x7F),
                  c3 = _mm512_set1_epi8((char)0xC3), top = _mm512_set1_epi8((char)0xC0),
                  cont = _mm512_set1_epi8((char)0x80);
    for (; i < len && i + 64 <= readable; i += 64) {
        __m512i v = _mm512_loadu_si512((const void *)(t + i));
        /* signed, below ' ': the controls and every byte from 0x80 */
        uint64_t stops = (_mm512_cmplt_epi8_mask(v, space) & ~_mm512_cmpeq_epi8_mask(v, tab)) |
                         _mm512_cmpeq_epi8_mask(v, period) | _mm512_cmpeq_epi8_mask(v, question) |
                         _mm512_cmpeq_epi8_mask(v, bang) | _mm512_cmpeq_epi8_mask(v, del);
        uint64_t before = len - i >= 64 ? ~0ULL : (1ULL << (len - i)) - 1;
        uint64_t m = stops & before;
        if (!m) continue;
        uint64_t lead = _mm512_cmpeq_epi8_mask(v, c3);
        uint64_t second = _mm512_cmpeq_epi8_mask(_mm512_and_si512(v, top), cont);
        uint64_t pairs = lead & (second >> 1) & (before >> 1);
        m &= ~(pairs | pairs << 1);
        if (m) return i + (size_t)__builtin_ctzll(m);
    }
    return i < len ? next_stop(t, len, readable, i) : len;
}
#endif

int sentence_fast_breaks(const char *s, size_t len, sentence_breaks *b) {
    return sentence_fast_breaks_in(s, len, len, simd_wide(), b);
}

int sentence_fast_breaks_in(const char *s, size_t len, size_t readable, int wide, sentence_breaks *b) {
    const unsigned char *t = (const unsigned char *)s;
    (void)readable; /* without SSE2 */
    (void)wide;
    b->n = 0;
    size_t i = 0;
    while (i < len) {
#ifdef __SSE2__
#if SIMD_HAS_WIDE
        if (wide) i = next_stop_wide(t, len, readable, i);
        else
#endif
            i = next_stop(t, len, readable, i);
#endif
        /* four bytes a step over the runs of plain ASCII: the scan was
         * most of this file's time */
        while (i + 4 <= len && !(stop[t[i]] | stop[t[i + 1]] | stop[t[i + 2]] | stop[t[i + 3]])) i += 4;
        if (i == len) break;
        if (!stop[t[i]]) {
            i++;
            continue;
        }
        /* a Latin-1 letter (or × ÷): a class that decides nothing here,
         * and the most common stop of French text */
        if (t[i] == 0xC3 && i + 1 < len && (t[i + 1] & 0xC0) == 0x80) {
            i += 2;
            continue;
        }
        size_t next, end;
        int c = sentence_fast_class(t, len, i, &next);
        switch (c) {
        case X: return 0;
        case R: /* SB3: CR LF is one separator; SB4: a boundary after it */
            if (next < len && t[next] == '\n') next++;
            if (push(b, next)) return GRILLE_ENOMEM;
            break;
        case F:
            if (push(b, next)) return GRILLE_ENOMEM;
            break;
        case A:
        case T: {
            int r = after_terminator(t, len, i, next, c, &end);
            if (r < 0) return 0;
            if (r > 0) {
                if (push(b, end)) return GRILLE_ENOMEM;
                next = end;
            }
            break;
        }
        default: break;
        }
        i = next;
    }
    /* ICU's last boundary is the end of the text */
    if (len > 0 && (b->n == 0 || b->v[b->n - 1] != len) && push(b, len)) return GRILLE_ENOMEM;
    return 1;
}

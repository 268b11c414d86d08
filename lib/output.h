/* output.h - field writers shared by the table formats. */
#ifndef GRILLE_OUTPUT_H
#define GRILLE_OUTPUT_H
#include "internal.h"
#include "utf8.h"
#ifdef __SSE2__
#include <emmintrin.h>
#endif
int write_field(FILE *out, grille_format fmt, const char *s, size_t n);
int write_sep(FILE *out, grille_format fmt);
/* The character between two fields of fmt.  French Excel reads ';' as
 * its list separator and ',' as the decimal point: with them, a double
 * click opens the file in columns. */
static inline char field_sep(grille_format fmt) {
    return fmt == GRILLE_FORMAT_CSV ? ',' : fmt == GRILLE_FORMAT_CSV_EXCEL ? ';' : '\t';
}
int write_eol(FILE *out, grille_format fmt);

/* A cell that Excel or LibreOffice would evaluate as a formula ("=",
 * "+", "-", "@", or a tab or CR first, as OWASP lists them): "- la santé"
 * in a transcript is text.  It gets a leading apostrophe, which the
 * spreadsheets show as text; JSON Lines and SQLite keep the raw text. */
static inline int formula_like(const char *s, size_t n) {
    /* one bit test: six tests of the first byte mispredicted (every cell
     * of every row asks) */
    const uint64_t low = 1ULL << '=' | 1ULL << '+' | 1ULL << '-' | 1ULL << '\t' | 1ULL << '\r';
    unsigned char c = n > 0 ? (unsigned char)s[0] : 0;
    return c < 64 ? (int)(low >> c & 1) : c == '@';
}

/* The length of s[0, n)'s first run without a tab, a line break or (md)
 * a '|', the bytes a text field copies as they are: sixteen at a time
 * with SSE2 (every x86-64), else eight (a zero byte of w ^ c for one of
 * them).  A segment's row is mostly its text. */
static inline size_t field_plain_run(const char *s, size_t n, int md) {
    size_t i = 0;
#ifdef __SSE2__
    const __m128i ht = _mm_set1_epi8('\t'), nl = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'),
                  bar = _mm_set1_epi8(md ? '|' : '\n');
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i hit = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, ht), _mm_cmpeq_epi8(v, nl)),
                                   _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, bar)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
#define HAS_ZERO(v) (((v)-BYTES(1)) & ~(v)&BYTES(0x80))
    for (; i + 8 <= n; i += 8) {
        uint64_t w;
        memcpy(&w, s + i, 8);
        uint64_t t = w ^ BYTES('\t'), nl8 = w ^ BYTES('\n'), cr8 = w ^ BYTES('\r'), bar8 = w ^ BYTES('|');
        if ((HAS_ZERO(t) | HAS_ZERO(nl8) | HAS_ZERO(cr8) | (md ? HAS_ZERO(bar8) : 0)) != 0) break;
    }
#undef HAS_ZERO
    for (; i < n; i++)
        if (s[i] == '\t' || s[i] == '\n' || s[i] == '\r' || (md && s[i] == '|')) break;
    return i;
}

/* Copies s[0, n) to dst (room for n) and says whether none of its bytes
 * is a tab or a line break (else what dst holds is of no use): the
 * bytes a TSV field copies as they are, checked as they are copied,
 * without a loop over the last ones (a row's short cells ended most of
 * field_plain_run()'s runs there, and the processor mispredicted where). */
#ifdef __SSE2__
/* The bytes of v a TSV field cannot hold as they are: tab, LF, CR. */
static inline __m128i tsv_specials(__m128i v) {
    return _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\t')),
                        _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\n')), _mm_cmpeq_epi8(v, _mm_set1_epi8('\r'))));
}
#endif

static inline int copy_plain(char *dst, const char *s, size_t n) {
#define HAS_ZERO(v, ones) (((v) - (ones)) & ~(v) & (ones) << 7)
#define SPECIAL(v, ones) \
    (HAS_ZERO((v) ^ (ones) * '\t', ones) | HAS_ZERO((v) ^ (ones) * '\n', ones) | HAS_ZERO((v) ^ (ones) * '\r', ones))
#ifdef __SSE2__
    if (n >= 16) {
        __m128i bad = _mm_setzero_si128(), v;
        for (size_t i = 0; i + 16 <= n; i += 16) {
            v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
            _mm_storeu_si128((__m128i *)(void *)(dst + i), v);
            bad = _mm_or_si128(bad, tsv_specials(v));
        }
        /* the last 16, overlapping the ones before */
        v = _mm_loadu_si128((const __m128i *)(const void *)(s + n - 16));
        _mm_storeu_si128((__m128i *)(void *)(dst + n - 16), v);
        return _mm_movemask_epi8(_mm_or_si128(bad, tsv_specials(v))) == 0;
    }
    if (n >= 8) {
        /* the first 8 and the last 8, overlapping, in one register: a
         * compare for the three bytes, not the bit tricks below (most
         * cells of a row: ids, numbers, matches) */
        __m128i a = _mm_loadl_epi64((const __m128i *)(const void *)s),
                b = _mm_loadl_epi64((const __m128i *)(const void *)(s + n - 8));
        _mm_storel_epi64((__m128i *)(void *)dst, a);
        _mm_storel_epi64((__m128i *)(void *)(dst + n - 8), b);
        return _mm_movemask_epi8(tsv_specials(_mm_unpacklo_epi64(a, b))) == 0;
    }
#endif
    if (n >= 8) {
        /* (without SSE2) 8 at a time, then the last 8, overlapping */
        uint64_t a, b;
        size_t i = 0;
        for (; i + 16 <= n; i += 8) {
            memcpy(&a, s + i, 8);
            memcpy(dst + i, &a, 8);
            if (SPECIAL(a, BYTES(1))) return 0;
        }
        memcpy(&a, s + i, 8);
        memcpy(&b, s + n - 8, 8);
        memcpy(dst + i, &a, 8);
        memcpy(dst + n - 8, &b, 8);
        return !(SPECIAL(a, BYTES(1)) | SPECIAL(b, BYTES(1)));
    }
    if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, s, 4);
        memcpy(&b, s + n - 4, 4);
        memcpy(dst, &a, 4);
        memcpy(dst + n - 4, &b, 4);
        return !(SPECIAL(a, 0x01010101u) | SPECIAL(b, 0x01010101u));
    }
    int plain = 1;
    for (size_t i = 0; i < n; i++) {
        dst[i] = s[i];
        plain &= s[i] != '\t' && s[i] != '\n' && s[i] != '\r';
    }
    return plain;
#undef SPECIAL
#undef HAS_ZERO
}

/* Bytes on their way to a stream, gathered so that a table's row goes
 * out in one write (a write per cell was a tenth of coding a corpus into
 * many segments).  Nothing on the heap: nothing to free, no allocation
 * to fail. */
typedef struct rowbuf {
    FILE *out;
    size_t n;
    char b[4096];
} rowbuf;
/* The bytes appended (a long run straight out, after what is gathered):
 * the usual case inline, as a segment's row is a few dozen of them. */
void rowbuf_put_slow(rowbuf *r, const char *s, size_t n);
static inline void rowbuf_put(rowbuf *r, const char *s, size_t n) {
    if (n <= sizeof r->b - r->n) {
        memcpy(r->b + r->n, s, n);
        r->n += n;
    } else rowbuf_put_slow(r, s, n);
}
static inline void rowbuf_putc(rowbuf *r, char c) {
    if (r->n < sizeof r->b) r->b[r->n++] = c;
    else rowbuf_put_slow(r, &c, 1);
}
/* Writes what is gathered (an error shows in the stream's). */
void rowbuf_flush(rowbuf *r);
/* Rows gathered several to a write keep this much room, the most a row
 * usually takes (a longer one goes through rowbuf_put_slow()). */
#define ROWBUF_GATHER_ROOM 1024
/* The field writers into one. */
void field_append(rowbuf *r, grille_format fmt, const char *s, size_t n);
void eol_append(rowbuf *r, grille_format fmt);
/* A number printed with '.', written with a decimal comma for Excel's
 * CSV. */
void write_decimal(FILE *out, grille_format fmt, const char *printed);
void decimal_append(rowbuf *r, grille_format fmt, const char *printed);
void write_json_string(FILE *out, const char *s, size_t n);
/* One row of a table of units (eval's disagreements, diff's changes):
 * label, theme, document, speaker, line, cp_start, cp_end, rules, text. */
struct tab;
void write_unit_row(struct tab *t, const char *label, const char *theme, const grille_document *doc,
                    const grille_unit *u, const char *rules);
/* The segments sheet's header, then a coding's rows, on any table (the
 * workbook export spools them before its sheet exists).  The rows
 * return GRILLE_OK or GRILLE_ENOMEM. */
void segments_tab_header(struct tab *t);
int segments_tab_add(struct tab *t, const grille_coding *c);
/* Counts coding c, as grille_matrix_add() does, into the column called
 * name of m, a matrix by document (begun without by_variable): a column
 * per document whatever its id.  GRILLE_OK, GRILLE_ENOMEM, GRILLE_EUSAGE. */
int matrix_add_as(grille_matrix *m, const grille_coding *c, const char *name);
/* The matrix by document variable key built from docs, a matrix of n
 * documents added by matrix_add_as() under n distinct names (its
 * columns, one per document, in their order), values[i] the i-th
 * document's value of key or NULL: what grille_matrix_new() by that
 * variable counts, ended.  With key NULL, values[i] is the document's id,
 * and the result is grille_matrix_new()'s matrix by document.  NULL with
 * err set out of memory, or when docs is not that. */
grille_matrix *matrix_regroup(const grille_matrix *docs, const char *key, const char *const *values, size_t n,
                              grille_error *err);
/* Appends the distinct rule ids of s's hits, in order, comma-separated. */
int segment_rule_list(const grille_segment *s, gbuf *out);
#endif

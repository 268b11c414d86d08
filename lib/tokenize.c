/* tokenize.c - a hand-written French tokenizer over UTF-8.
 *
 * ICU's word iterator runs at ~80 MB/s and knows nothing of French
 * elisions or inclusive writing; this scanner decides per code point with
 * a table for ASCII and utf8proc categories for the rest. */
#include "tokenize.h"
#include "simd.h"
#include "utf8.h"
#include <utf8proc.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

#define WORD SIZED_STR

/* Elided words split off the word they precede: l'élu -> l' + élu.
 * aujourd'hui, presqu'île, quelqu'un are not in the list: they stay whole. */
static const sized_str elisions[] = {WORD("l"),      WORD("d"),      WORD("j"),      WORD("m"),  WORD("n"),
                                     WORD("s"),      WORD("t"),      WORD("c"),      WORD("qu"), WORD("jusqu"),
                                     WORD("lorsqu"), WORD("puisqu"), WORD("quoiqu"), {NULL, 0}};

/* Pieces after a period in inclusive writing: élu.e.s, habitant.es. */
static const sized_str inclusive_suffixes[] = {
    WORD("e"),     WORD("es"),    WORD("s"),      WORD("x"),     WORD("ne"),    WORD("nes"),    WORD("le"),
    WORD("les"),   WORD("se"),    WORD("ses"),    WORD("te"),    WORD("tes"),   WORD("ve"),     WORD("ves"),
    WORD("fe"),    WORD("fes"),   WORD("rice"),   WORD("rices"), WORD("trice"), WORD("trices"), WORD("euse"),
    WORD("euses"), WORD("ice"),   WORD("ices"),   WORD("ère"),   WORD("ères"),  WORD("ale"),    WORD("ales"),
    WORD("aux"),   WORD("ienne"), WORD("iennes"), WORD("ienes"), WORD("ine"),   WORD("ines"),   WORD("on"),
    WORD("ons"),   {NULL, 0}};
_Static_assert(sizeof inclusive_suffixes / sizeof *inclusive_suffixes == TOK_INCLUSIVE_SUFFIXES + 1,
               "TOK_INCLUSIVE_SUFFIXES counts inclusive_suffixes[]");

/* Transcription marks in parentheses: (rires), (silence)... */
static const sized_str paren_marks[] = {WORD("rire"),
                                        WORD("rires"),
                                        WORD("rit"),
                                        WORD("sourire"),
                                        WORD("sourires"),
                                        WORD("sourit"),
                                        WORD("silence"),
                                        WORD("pause"),
                                        WORD("blanc"),
                                        WORD("inaudible"),
                                        WORD("incompréhensible"),
                                        WORD("inintelligible"),
                                        WORD("hésitation"),
                                        WORD("hésite"),
                                        WORD("soupir"),
                                        WORD("soupire"),
                                        WORD("soupirs"),
                                        WORD("toux"),
                                        WORD("tousse"),
                                        WORD("brouhaha"),
                                        WORD("interruption"),
                                        WORD("coupure"),
                                        WORD("bruit"),
                                        WORD("bruits"),
                                        WORD("chevauchement"),
                                        WORD("applaudissements"),
                                        WORD("rires et applaudissements"),
                                        WORD("..."),
                                        WORD("…"),
                                        WORD("inaudible…"),
                                        WORD("long silence"),
                                        WORD("petit silence"),
                                        WORD("rires partagés"),
                                        WORD("téléphone"),
                                        WORD("sonnerie"),
                                        {NULL, 0}};

int tok_config_init(tok_config *c, int case_fold, int accent_fold, const char *hesitations) {
    memset(c, 0, sizeof *c);
    if (fold_table_init(&c->fold, case_fold, accent_fold) || fold_table_init(&c->exact, 0, accent_fold) ||
        fold_table_init(&c->raw, 0, 0) || strmap_init(&c->hesitations))
        return GRILLE_ENOMEM;
    const char *p = hesitations ? hesitations : DEFAULT_HESITATIONS;
    gbuf b = {0};
    while (*p) {
        while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r') p++;
        const char *e = p;
        while (*e && *e != ' ' && *e != '\t' && *e != '\n' && *e != '\r') e++;
        if (e > p) {
            b.len = 0;
            if (fold_append(&c->fold, p, (size_t)(e - p), &b)) {
                gbuf_free(&b);
                return GRILLE_ENOMEM;
            }
            int *v = strmap_put(&c->hesitations, b.data, b.len, NULL);
            if (!v) {
                gbuf_free(&b);
                return GRILLE_ENOMEM;
            }
            *v = 1;
            if (b.len > c->hesitation_max) c->hesitation_max = b.len;
            unsigned char f = (unsigned char)b.data[0];
            c->hesitation_first[f >> 6] |= 1ULL << (f & 63);
        }
        p = e;
    }
    gbuf_free(&b);
    c->wide = simd_wide();
    for (size_t i = 0; paren_marks[i].s; i++) c->mark_lengths |= 1ULL << paren_marks[i].n;
    for (size_t i = 0; i < TOK_INCLUSIVE_SUFFIXES; i++)
        c->inclusive_keys[i] = short_key(inclusive_suffixes[i].s, inclusive_suffixes[i].n);
    return GRILLE_OK;
}

void tok_config_free(tok_config *c) { strmap_free(&c->hesitations); }

void toklist_clear(toklist *l) {
    l->n = 0;
    if (!l->text) l->forms.len = 0;
}

void toklist_free(toklist *l) {
    free(l->v);
    gbuf_free(&l->forms);
    free(l->words);
    free(l->index);
    gbuf_free(&l->keys);
    memset(l, 0, sizeof *l);
}

int toklist_intern(toklist *l, const char *text) {
    /* always anew: another text may have the address of one freed */
    l->n = 0;
    l->forms.len = 0;
    l->nwords = 0;
    l->keys.len = 0;
    free(l->index);
    l->mask = 1023;
    l->index = NULL;
    l->text = NULL;
    if (!text) return GRILLE_OK; /* no interning */
    l->index = calloc(l->mask + 1, sizeof *l->index);
    if (!l->index) return GRILLE_ENOMEM;
    l->text = text;
    return GRILLE_OK;
}

int toklist_intern_next(toklist *l, const char *text) {
    if (!l->index) return toklist_intern(l, text);
    l->n = 0;
    l->text = text;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* character classes                                                   */

enum { C_OTHER, C_LETTER, C_DIGIT, C_MARK /* combining */ };

static int classify(int32_t cp) {
    if (cp < 0x80) {
        if ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z') return C_LETTER;
        if (cp >= '0' && cp <= '9') return C_DIGIT;
        return C_OTHER;
    }
    /* Latin-1 and Latin Extended letters, but × and ÷ */
    if (cp >= 0xC0 && cp < 0x250) return (cp == 0xD7 || cp == 0xF7) ? C_OTHER : C_LETTER;
    if (cp == 0xAA || cp == 0xBA || cp == 0xB5) return C_LETTER;
    if (cp < 0xC0) return C_OTHER;
    utf8proc_category_t cat = utf8proc_category(cp);
    if (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) return C_LETTER;
    if (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) return C_MARK;
    if (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO) return C_DIGIT;
    return C_OTHER;
}

static int is_word_class(int k) { return k != C_OTHER; }

/* Among a run's classes (C_LETTER | C_DIGIT, distinct bits): a letter
 * of Latin-1 was read. */
#define RUN_NONASCII 4

/* Whether p (< end) starts a letter of Latin-1, U+00C0 to U+00FF but ×
 * and ÷, which classify() would say without decoding it. */
static inline int latin1_letter(const unsigned char *p, const unsigned char *end) {
    return *p == 0xC3 && p + 1 < end && p[1] >= 0x80 && p[1] <= 0xBF && p[1] != 0x97 && p[1] != 0xB7;
}

#define L_ C_LETTER
#define D_ C_DIGIT
#define O_ C_OTHER
/* ASCII bytes' classes; every byte from 0x80 reads C_OTHER (0): a
 * multi-byte character is decoded and classified on its own. */
static const unsigned char ascii_class[256] = {
    O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_,
    O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, O_, D_, D_, D_, D_,
    D_, D_, D_, D_, D_, D_, O_, O_, O_, O_, O_, O_, O_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_, O_, L_, L_, L_, L_, L_, L_, L_,
    L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, L_, O_, O_, O_, O_, O_};
#undef L_
#undef D_
#undef O_

/* The end of the run of ASCII letters and digits from q (before end),
 * their classes or-ed into *classes: eight bytes at a time where eight
 * can be read (up to load_end), a mask of the bytes that are neither
 * found without a loop over them, so that where a word ends is not a
 * branch for each of its letters. */
static inline const unsigned char *ascii_word_run(const unsigned char *q, const unsigned char *end,
                                                  const unsigned char *load_end, unsigned *classes) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__ && defined(__GNUC__)
    while (q < end && (size_t)(load_end - q) >= 8) {
        uint64_t x, v, l;
        memcpy(&x, q, 8);
        /* on seven bits, so that no addition carries into the next byte */
        v = x & BYTES(0x7F);
        l = v | BYTES(0x20);
        uint64_t alpha = (l + BYTES(0x80 - 'a')) & ~(l + BYTES(0x80 - 'z' - 1)) & ~x & BYTES(0x80);
        uint64_t digit = (v + BYTES(0x80 - '0')) & ~(v + BYTES(0x80 - '9' - 1)) & ~x & BYTES(0x80);
        uint64_t stop = ~(alpha | digit) & BYTES(0x80);
        size_t avail = (size_t)(end - q);
        if (avail < 8) stop |= (~0ULL << (8 * avail)) & BYTES(0x80);
        if (!stop) {
            *classes |= (alpha ? C_LETTER : 0) | (digit ? C_DIGIT : 0);
            q += 8;
            continue;
        }
        size_t k = (size_t)__builtin_ctzll(stop) >> 3;
        uint64_t keep = k ? ~0ULL >> (64 - 8 * k) : 0;
        *classes |= (alpha & keep ? C_LETTER : 0) | (digit & keep ? C_DIGIT : 0);
        return q + k;
    }
#endif
    while (q < end && ascii_class[*q]) *classes |= ascii_class[*q++];
    return q;
}

/* ASCII characters that may join two parts of a word: aujourd'hui,
 * peut-être, élu.e.s, 3,5. */
static const unsigned char ascii_joiner[128] = {['\''] = 1, ['-'] = 1, ['.'] = 1, [','] = 1};

/* ASCII characters between words that need no second look (1): not a
 * letter or digit, nor a bracket that may open a mark, nor '*' (a letter
 * in rule patterns).  Every byte from 0x80 needs one (0). */
/* clang-format off */
static const unsigned char ascii_plain_other[256] = {
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1,
    1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1,
    1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
};
/* clang-format on */

/* Whether a word of letters and digits ends for sure at q: at the end,
 * or at an ASCII character that joins nothing ('*' joins in a pattern),
 * or at a joiner (' - . ,) that an ASCII character other than a letter
 * or digit follows, as "mot, " and "mot. " (scan_word() decides the
 * rest: l'élu, peut-être, élu.e.s, 3,5). */
static GRILLE_ALWAYS_INLINE int ends_word(const unsigned char *q, const unsigned char *end, int pattern) {
    if (q == end) return 1;
    if (*q >= 0x80 || (pattern && *q == '*')) return 0;
    if (!ascii_joiner[*q]) return 1;
    return q + 1 == end || (q[1] < 0x80 && !ascii_class[q[1]] && !(pattern && q[1] == '*'));
}

static int is_hyphen(int32_t cp) { return cp == '-' || cp == 0x2010 || cp == 0x2011; }

/* Peek at the code point at p (< end), or -1. */
static int32_t peek(const unsigned char *p, const unsigned char *end, int *len) {
    if (p >= end) {
        *len = 0;
        return -1;
    }
    int32_t cp;
    *len = utf8_decode(p, &cp);
    return cp;
}

static int lower_ascii_eq(const char *s, size_t n, const sized_str *word) {
    if (word->n != n) return 0;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (c >= 'A' && c <= 'Z') c = (char)(c - 'A' + 'a');
        if (c != word->s[i]) return 0;
    }
    return 1;
}

/* Length of the inclusive suffix starting at p (after a '.'), or 0. */
static size_t inclusive_piece(const tok_config *c, const unsigned char *p, const unsigned char *end) {
    const unsigned char *q = p;
    int len;
    int32_t cp;
    while ((cp = peek(q, end, &len)) >= 0 && classify(cp) == C_LETTER) q += len;
    size_t n = (size_t)(q - p);
    if (n == 0 || n > 7) return 0;
    /* a loop over the list was 4% of the mispredictions on man pages
     * ("file.txt", "ls.1") */
    return short_key_in(c->inclusive_keys, TOK_INCLUSIVE_SUFFIXES, short_key(p, n)) ? n : 0;
}

/* ------------------------------------------------------------------ */

typedef struct scan {
    const tok_config *c;
    const char *text;
    const unsigned char *load_end; /* 8 bytes can be read up to here */
    size_t sent;
    unsigned extra;
    int pattern; /* '*' is a word character (rule patterns) */
    toklist *out;
} scan;

static int scan_class(const scan *s, int32_t cp) { return s->pattern && cp == '*' ? C_LETTER : classify(cp); }

/* The folded form of text[b0, b1) appended to the forms, with its hash,
 * and whether it is a hesitation or an inaudible "xxx" (when check). */
static int make_form(scan *s, size_t b0, size_t b1, int inclusive, int ascii, int check, tok_word *w) {
    toklist *l = s->out;
    size_t off = l->forms.len;
    if (ascii && !inclusive) {
        /* plain ASCII word: the fold table row is all it takes */
        size_t n = b1 - b0;
        if (gbuf_reserve(&l->forms, n + 1)) return GRILLE_ENOMEM;
        char *o = l->forms.data + off;
        const unsigned char *in = (const unsigned char *)s->text + b0;
        for (size_t i = 0; i < n; i++) o[i] = s->c->fold.map[in[i]].bytes[0];
        l->forms.len += n;
    } else if (fold_append(&s->c->fold, s->text + b0, b1 - b0, &l->forms)) return GRILLE_ENOMEM;
    if (inclusive) {
        /* élu.e.s -> élu·e·s: one spelling for every inclusive variant */
        gbuf tmp = {0};
        for (size_t i = off; i < l->forms.len; i++) {
            if (l->forms.data[i] == '.') {
                if (gbuf_append(&tmp, "\xC2\xB7", 2)) {
                    gbuf_free(&tmp);
                    return GRILLE_ENOMEM;
                }
            } else if (gbuf_putc(&tmp, l->forms.data[i])) {
                gbuf_free(&tmp);
                return GRILLE_ENOMEM;
            }
        }
        l->forms.len = off;
        if (gbuf_append(&l->forms, tmp.data, tmp.len)) {
            gbuf_free(&tmp);
            return GRILLE_ENOMEM;
        }
        gbuf_free(&tmp);
    }
    size_t flen = l->forms.len - off;
    if (gbuf_reserve(&l->forms, 1)) return GRILLE_ENOMEM;
    l->forms.data[l->forms.len++] = '\0';
    const char *form = l->forms.data + off;
    uint32_t hash = grille_hash(form, flen);
    w->form = (uint32_t)off;
    w->form_len = (uint32_t)flen;
    w->hash = hash;
    w->flags = 0;
    if (!check) return GRILLE_OK;
    if (flen <= s->c->hesitation_max &&
        (s->c->hesitation_first[(unsigned char)form[0] >> 6] >> ((unsigned char)form[0] & 63) & 1) &&
        strmap_get_hashed(&s->c->hesitations, form, flen, hash) >= 0)
        w->flags = GRILLE_TOKEN_HESITATION;
    else if (flen >= 2 && form[0] == 'x' && strspn(form, "x") == flen)
        w->flags = GRILLE_TOKEN_MARK; /* xxx: inaudible */
    return GRILLE_OK;
}

/* The index twice as large, its words filed again. */
static int grow_index(toklist *l) {
    size_t mask = l->mask * 2 + 1;
    uint64_t *index = calloc(mask + 1, sizeof *index);
    if (!index) return GRILLE_ENOMEM;
    for (size_t i = 0; i <= l->mask; i++) {
        if (!l->index[i]) continue;
        size_t j = (size_t)(l->index[i] >> 32) & mask;
        while (index[j]) j = (j + 1) & mask;
        index[j] = l->index[i];
    }
    free(l->index);
    l->index = index;
    l->mask = mask;
    return GRILLE_OK;
}

/* The bytes of a word of more than 8: 8 at a time, the last 8 overlapping
 * (a call to memcmp cost more). */
static int same_bytes(const char *a, const unsigned char *b, size_t n) {
    uint64_t x, y;
    for (size_t i = 0; i + 8 < n; i += 8) {
        memcpy(&x, a + i, 8);
        memcpy(&y, b + i, 8);
        if (x != y) return 0;
    }
    memcpy(&x, a + n - 8, 8);
    memcpy(&y, b + n - 8, 8);
    return x == y;
}

/* A hash of a word's bytes for the interning tables: a few loads and
 * multiplications (FNV-1a, a multiplication per byte in a chain, was
 * the slowest part of a token).  Reads only p[0, n). */
static uint32_t bytes_hash(const unsigned char *p, size_t n) {
    uint64_t h = (uint64_t)n * 0x9E3779B97F4A7C15u, v;
    if (n >= 8) {
        size_t i = 0;
        for (; i + 8 <= n; i += 8) {
            memcpy(&v, p + i, 8);
            h = (h ^ v) * 0xBF58476D1CE4E5B9u;
            h ^= h >> 29;
        }
        if (i < n) {
            memcpy(&v, p + n - 8, 8);
            h ^= v;
        }
    } else if (n >= 4) {
        uint32_t a, b;
        memcpy(&a, p, 4);
        memcpy(&b, p + n - 4, 4);
        h ^= (uint64_t)a << 32 | b;
    } else if (n > 0) h ^= (uint64_t)p[0] << 16 | (uint64_t)p[n >> 1] << 8 | p[n - 1];
    h *= 0x94D049BB133111EBu;
    h ^= h >> 31;
    return (uint32_t)(h >> 32);
}

/* A word of at most 8 bytes as one number, zero-padded: one load and a
 * mask where 8 bytes can be read, else a copy (at the text's end). */
static inline uint64_t short_word(const scan *s, const unsigned char *raw, size_t n) {
    uint64_t v = 0;
    if ((size_t)(s->load_end - raw) >= 8) {
        memcpy(&v, raw, 8);
        if (n == 8) return v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
        return v & ~(~0ull >> (n * 8)); /* the first bytes are the high ones */
#else
        return v & ((1ull << (n * 8)) - 1);
#endif
    }
    memcpy(&v, raw, n);
    return v;
}

/* The interning hash of a word of at most 8 bytes: that number mixed,
 * without the branches on the length of bytes_hash(). */
static inline uint32_t short_hash(uint64_t v, size_t n) {
    uint64_t h = (v ^ (uint64_t)n << 60) * 0x9E3779B97F4A7C15u;
    h ^= h >> 29;
    h *= 0xBF58476D1CE4E5B9u;
    return (uint32_t)(h >> 32);
}

/* The interned word of text[b0, b1) (at most TOK_INTERN_MAX bytes):
 * found by its bytes, or folded and filed the first time they occur;
 * NULL out of memory. */
static const tok_slot *intern(scan *s, size_t b0, size_t b1, int inclusive, int ascii, uint32_t *word) {
    toklist *l = s->out;
    const unsigned char *raw = (const unsigned char *)s->text + b0;
    size_t n = b1 - b0;
    uint64_t v = n <= TOK_SLOT_KEY ? short_word(s, raw, n) : 0;
    uint32_t h = n <= TOK_SLOT_KEY ? short_hash(v, n) : bytes_hash(raw, n);
    size_t i = h & l->mask;
    for (uint64_t e; (e = l->index[i]) != 0; i = (i + 1) & l->mask) {
        if ((uint32_t)(e >> 32) != h) continue;
        const tok_slot *w = &l->words[(uint32_t)e - 1];
        if (w->len != n || w->inclusive != inclusive) continue;
        if (n <= TOK_SLOT_KEY ? w->u.word == v : same_bytes(l->keys.data + w->u.key, raw, n)) {
            *word = (uint32_t)e - 1;
            return w;
        }
    }
    if ((l->nwords + 1) * 4 > (l->mask + 1) * 3) {
        if (grow_index(l)) return NULL;
        for (i = h & l->mask; l->index[i]; i = (i + 1) & l->mask) {}
    }
    if (GROW(l->words, l->nwords, l->capwords)) return NULL;
    tok_word f;
    if (make_form(s, b0, b1, inclusive, ascii, 1, &f)) return NULL;
    tok_slot *w = &l->words[l->nwords];
    memset(w, 0, sizeof *w);
    if (n > TOK_SLOT_KEY) {
        w->u.key = (uint32_t)l->keys.len;
        if (gbuf_append(&l->keys, (const char *)raw, n)) return NULL;
    } else w->u.word = v;
    w->len = (uint16_t)n;
    w->inclusive = (unsigned char)inclusive;
    w->form = f.form;
    w->form_len = (uint16_t)f.form_len; /* folding a word at most triples it */
    w->form_hash = f.hash;
    w->flags = f.flags;
    w->user[0] = w->user[1] = UINT32_MAX;
    *word = (uint32_t)l->nwords++;
    l->index[i] = (uint64_t)h << 32 | (*word + 1);
    return w;
}

/* emit() for a word of at most 8 bytes met before (not a mark, nor in
 * inclusive writing), found in the first slot its hash points to (most
 * tokens): without a call, the checks emit() makes for every kind of
 * token, or the hash of any length.  Returns 0 when it is not that case:
 * emit() then sees to it. */
static GRILLE_ALWAYS_INLINE int emit_known_in(scan *s, size_t b0, size_t b1, unsigned flags, int checked) {
    toklist *l = s->out;
    const unsigned char *raw = (const unsigned char *)s->text + b0;
    size_t n = b1 - b0;
    if (n > TOK_SLOT_KEY) return 0;
    /* checked: scan_block() made these tests once for its 64 bytes */
    if (!checked && ((size_t)(s->load_end - raw) < 8 || l->text != s->text || l->n >= l->cap)) return 0;
    /* short_word() without its test of the text's end, made above:
     * calling it made this function too big to inline (+3% instructions) */
    uint64_t v;
    memcpy(&v, raw, 8);
    /* the word's n bytes (1 to 8) kept by a shift, not a test of n: a
     * test mispredicted on one word in ten */
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_BIG_ENDIAN__
    v &= ~0ull << (64 - n * 8);
#else
    v &= ~0ull >> (64 - n * 8);
#endif
    uint32_t h = short_hash(v, n);
    uint64_t e = l->index[h & l->mask];
    if (!e || (uint32_t)(e >> 32) != h) return 0;
    const tok_slot *w = &l->words[(uint32_t)e - 1];
    if (w->u.word != v || w->len != n || w->inclusive) return 0;
    tok *t = &l->v[l->n++];
    t->b0 = (uint32_t)b0;
    t->b1 = (uint32_t)b1;
    t->form = w->form;
    t->form_len = w->form_len;
    t->hash = w->form_hash;
    t->word = (uint32_t)e - 1;
    t->sent = (uint32_t)s->sent;
    t->flags = (uint16_t)((w->flags ? w->flags : flags) | s->extra);
    return 1;
}

static inline int emit_known(scan *s, size_t b0, size_t b1, unsigned flags) {
    return emit_known_in(s, b0, b1, flags, 0);
}

static int emit(scan *s, size_t b0, size_t b1, unsigned flags, int inclusive, int ascii) {
    toklist *l = s->out;
    if (GROW(l->v, l->n, l->cap)) return GRILLE_ENOMEM;
    tok *t = &l->v[l->n];
    if (l->text == s->text && !(flags & GRILLE_TOKEN_MARK) && b1 - b0 <= TOK_INTERN_MAX) {
        uint32_t word;
        const tok_slot *w = intern(s, b0, b1, inclusive, ascii, &word);
        if (!w) return GRILLE_ENOMEM;
        if (w->flags) flags = w->flags;
        t->form = w->form;
        t->form_len = w->form_len;
        t->hash = w->form_hash;
        t->word = word;
    } else {
        tok_word own;
        if (make_form(s, b0, b1, inclusive, ascii, !(flags & GRILLE_TOKEN_MARK), &own)) return GRILLE_ENOMEM;
        if (own.flags) flags = own.flags;
        t->form = own.form;
        t->form_len = own.form_len;
        t->hash = own.hash;
        t->word = TOK_NO_WORD;
    }
    l->n++;
    t->b0 = (uint32_t)b0;
    t->b1 = (uint32_t)b1;
    t->sent = (uint32_t)s->sent;
    t->flags = (uint16_t)(flags | s->extra);
    return GRILLE_OK;
}

static int scan_word_from(scan *s, const unsigned char *p, const unsigned char *q, unsigned ascii_classes,
                          const unsigned char *end, const unsigned char **after);

/* The token of text[b0, b1), a word not in inclusive writing (ascii:
 * its bytes are ASCII): emit_known() for most, else emit(). */
static GRILLE_ALWAYS_INLINE int emit_word(scan *s, size_t b0, size_t b1, unsigned flags, int ascii) {
    return emit_known(s, b0, b1, flags) ? GRILLE_OK : emit(s, b0, b1, flags, 0, ascii);
}

/* emit_word() in a block where scan_block() made emit_known()'s tests
 * on the text, the room for tokens and the bytes that can be read. */
static GRILLE_ALWAYS_INLINE int emit_block_word(scan *s, size_t b0, size_t b1, unsigned flags, int ascii, int quick) {
    if (quick ? emit_known_in(s, b0, b1, flags, 1) : emit_known(s, b0, b1, flags)) return GRILLE_OK;
    return emit(s, b0, b1, flags, 0, ascii);
}

/* A word from p: letters, digits and joiners.  Emits it (split at an
 * elision) and returns the end. */
static int scan_word(scan *s, const unsigned char *p, const unsigned char *end, const unsigned char **after) {
    return scan_word_from(s, p, p, 0, end, after);
}

/* Whether the n bytes at p are an elided word (elisions[]), in any
 * case. */
static int is_elision(const unsigned char *p, size_t n) {
    for (size_t i = 0; elisions[i].s; i++)
        if (lower_ascii_eq((const char *)p, n, &elisions[i])) return 1;
    return 0;
}

/* scan_word() once the caller has read p's letters and digits up to q
 * (of classes ascii_classes: C_LETTER, C_DIGIT, and RUN_NONASCII when a
 * letter of Latin-1 is among them). */
static int scan_word_from(scan *s, const unsigned char *p, const unsigned char *q, unsigned ascii_classes,
                          const unsigned char *end, const unsigned char **after) {
    const unsigned char *base = (const unsigned char *)s->text;
    int inclusive = 0, has_letter = (ascii_classes & C_LETTER) != 0, nonascii = (ascii_classes & RUN_NONASCII) != 0,
        len, len2;
    const unsigned char *apos = NULL; /* first apostrophe */
    int32_t cur;
    for (;;) {
        /* most of French text is ASCII letters: no decoding for them */
        unsigned classes = 0; /* C_LETTER and C_DIGIT are distinct bits */
        q = ascii_word_run(q, end, s->load_end, &classes);
        has_letter |= (classes & C_LETTER) != 0;
        if (q >= end) break;
        /* an ASCII character that joins nothing ends the word at once:
         * the usual case (a space, a comma before a space) */
        if (*q < 0x80 && !ascii_joiner[*q] && !(s->pattern && *q == '*')) break;
        /* a letter of Latin-1 (é, à, ç: a fifth of French words hold
         * one): no decoding */
        if (latin1_letter(q, end)) {
            has_letter = nonascii = 1;
            q += 2;
            continue;
        }
        if ((cur = peek(q, end, &len)) < 0) break;
        int k = scan_class(s, cur);
        if (is_word_class(k)) {
            has_letter |= k == C_LETTER;
            nonascii |= cur >= 0x80;
            q += len;
            continue;
        }
        int32_t next = peek(q + len, end, &len2);
        int next_class = next >= 0 ? scan_class(s, next) : C_OTHER;
        if ((fold_is_apostrophe(cur) || fold_is_middle_dot(cur)) && next_class == C_LETTER) {
            if (fold_is_apostrophe(cur) && !apos) apos = q;
            nonascii |= cur >= 0x80;
            q += len;
            continue;
        }
        if (is_hyphen(cur) && is_word_class(next_class)) {
            nonascii |= cur >= 0x80;
            q += len;
            continue;
        }
        if (cur == '.' && has_letter && next_class == C_LETTER) {
            size_t n = inclusive_piece(s->c, q + 1, end);
            if (n) {
                inclusive = 1;
                q += 1 + n;
                continue;
            }
        }
        /* 3,5 and 1.5: a decimal number */
        if ((cur == ',' || cur == '.') && !has_letter && next_class == C_DIGIT && q > p) {
            q += 1;
            continue;
        }
        break;
    }
    *after = q;
    size_t b0 = (size_t)(p - base), b1 = (size_t)(q - base);
    unsigned flags = has_letter ? GRILLE_TOKEN_WORD : GRILLE_TOKEN_NUMBER | GRILLE_TOKEN_WORD;
    if (apos) {
        size_t pre = (size_t)(apos - p);
        if (is_elision(p, pre)) {
            int32_t a;
            int alen = utf8_decode(apos, &a);
            size_t e = (size_t)(apos + alen - base);
            unsigned elision = GRILLE_TOKEN_WORD | GRILLE_TOKEN_ELISION;
            if (emit_word(s, b0, e, elision, 0)) return GRILLE_ENOMEM;
            /* the rest is a word of its own, which may elide again
             * (rare: "jusqu'à l'"), so scan it anew */
            const unsigned char *rest_after;
            return scan_word(s, apos + alen, q, &rest_after);
        }
    }
    if (!inclusive && emit_known(s, b0, b1, flags)) return GRILLE_OK;
    return emit(s, b0, b1, flags, inclusive, !nonascii && !apos);
}

static int paren_is_mark(const tok_config *c, const char *s, size_t n) {
    while (n && (*s == ' ')) {
        s++;
        n--;
    }
    while (n && s[n - 1] == ' ') n--;
    /* most parentheses hold no mark ("ls(1)", "(CLS)"): none of that
     * length, most often, without a walk over the list */
    if (n >= 64 || !(c->mark_lengths >> n & 1)) return 0;
    for (size_t i = 0; paren_marks[i].s; i++) {
        if (paren_marks[i].n != n) continue;
        if (memcmp(paren_marks[i].s, s, n) == 0) return 1;
        /* "Rires" and "RIRES": compare ASCII-case-insensitively */
        if (lower_ascii_eq(s, n, &paren_marks[i])) return 1;
    }
    return 0;
}

/* The token or mark at p, which is not a plain character between words
 * (ascii_plain_other): the end of what it takes in *after. */
static int scan_at(scan *s, const unsigned char *p, const unsigned char *end, const unsigned char **after) {
    const unsigned char *base = (const unsigned char *)s->text;
    if (ascii_class[*p]) {
        /* an ASCII letter or digit: a word starts (the usual case), most
         * often ASCII letters up to a space or a punctuation mark that
         * joins nothing: emitted here */
        unsigned classes = 0;
        const unsigned char *q = ascii_word_run(p, end, s->load_end, &classes);
        if (ends_word(q, end, s->pattern)) {
            unsigned flags = classes & C_LETTER ? GRILLE_TOKEN_WORD : GRILLE_TOKEN_NUMBER | GRILLE_TOKEN_WORD;
            *after = q;
            return emit_word(s, (size_t)(p - base), (size_t)(q - base), flags, 1);
        }
        return scan_word_from(s, p, q, classes, end, after);
    }
    int len;
    int32_t cur = peek(p, end, &len);
    int k = scan_class(s, cur);
    if (is_word_class(k) && k != C_MARK) return scan_word(s, p, end, after);
    if (cur == '[' || cur == '(') {
        /* [inaudible], […], [00:12:31] are marks; so is (rires), but
         * "(CLS)" is text */
        unsigned char close = cur == '[' ? ']' : ')';
        size_t lim = (size_t)(end - p) < 200 ? (size_t)(end - p) : 200;
        const unsigned char *q = memchr(p + 1, close, lim > 1 ? lim - 1 : 0);
        if (q && (cur == '[' || paren_is_mark(s->c, (const char *)p + 1, (size_t)(q - p - 1)))) {
            *after = q + 1;
            return emit(s, (size_t)(p - base), (size_t)(q + 1 - base), GRILLE_TOKEN_MARK, 0, 0);
        }
    }
    *after = p + len;
    return GRILLE_OK;
}

#ifdef __SSE2__
/* 64 bytes from p by class, a bit for each (bit i for p[i]): letters,
 * letters and digits, the two bytes of each letter of Latin-1 (é, à, ç:
 * latin1_letter(), but where its second byte is past the 64), and the
 * bytes that scan_at() is to look at between words (the others from
 * 0x80, '(', '[', '*').  Letters are ASCII or of Latin-1. */
typedef struct block_bits {
    uint64_t letter, alnum, latin1, special;
    uint64_t high;   /* from 0x80 */
    uint64_t joiner; /* ' - . , */
} block_bits;

static inline void block_classify(const unsigned char *p, block_bits *b) {
    uint64_t lead = 0, trail = 0, high = 0, joiner = 0;
    b->letter = b->alnum = b->special = 0;
    for (int i = 0; i < 64; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(p + i));
        /* signed comparisons: a byte from 0x80 is below them all */
        __m128i lower = _mm_or_si128(v, _mm_set1_epi8(0x20));
        __m128i letter =
            _mm_and_si128(_mm_cmpgt_epi8(lower, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(lower, _mm_set1_epi8('z' + 1)));
        __m128i digit =
            _mm_and_si128(_mm_cmpgt_epi8(v, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(v, _mm_set1_epi8('9' + 1)));
        __m128i special =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('(')), _mm_cmpeq_epi8(v, _mm_set1_epi8('['))),
                         _mm_cmpeq_epi8(v, _mm_set1_epi8('*')));
        /* Latin-1's second bytes: 0x80 to 0xBF (below -64), but × and ÷ */
        __m128i second = _mm_andnot_si128(
            _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0x97)), _mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xB7))),
            _mm_cmplt_epi8(v, _mm_set1_epi8(-64)));
        b->letter |= (uint64_t)(unsigned)_mm_movemask_epi8(letter) << i;
        b->alnum |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_or_si128(letter, digit)) << i;
        b->special |= (uint64_t)(unsigned)_mm_movemask_epi8(special) << i;
        lead |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)0xC3))) << i;
        trail |= (uint64_t)(unsigned)_mm_movemask_epi8(second) << i;
        high |= (uint64_t)(unsigned)_mm_movemask_epi8(v) << i;
        __m128i join =
            _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('\'')), _mm_cmpeq_epi8(v, _mm_set1_epi8('-'))),
                         _mm_or_si128(_mm_cmpeq_epi8(v, _mm_set1_epi8('.')), _mm_cmpeq_epi8(v, _mm_set1_epi8(','))));
        joiner |= (uint64_t)(unsigned)_mm_movemask_epi8(join) << i;
    }
    b->high = high;
    b->joiner = joiner;
    uint64_t first = lead & trail >> 1;
    b->latin1 = first | first << 1;
    b->letter |= b->latin1;
    b->alnum |= b->latin1;
    b->special |= high & ~b->latin1;
}

#if SIMD_HAS_WIDE
/* block_classify() with AVX-512BW: each class of the 64 bytes is one
 * compare into a mask (unsigned compares: a byte from 0x80 is above
 * every ASCII bound). */
SIMD_WIDE static inline void block_classify_wide(const unsigned char *p, block_bits *b) {
    __m512i v = _mm512_loadu_si512((const void *)p);
    __m512i lower = _mm512_or_si512(v, _mm512_set1_epi8(0x20));
    uint64_t letter =
        _mm512_cmpge_epu8_mask(lower, _mm512_set1_epi8('a')) & _mm512_cmple_epu8_mask(lower, _mm512_set1_epi8('z'));
    uint64_t digit =
        _mm512_cmpge_epu8_mask(v, _mm512_set1_epi8('0')) & _mm512_cmple_epu8_mask(v, _mm512_set1_epi8('9'));
    uint64_t special = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('(')) |
                       _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('[')) |
                       _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('*'));
    uint64_t high = _mm512_movepi8_mask(v);
    /* Latin-1's second bytes: 0x80 to 0xBF, but × and ÷ */
    uint64_t trail = high & _mm512_cmplt_epu8_mask(v, _mm512_set1_epi8((char)0xC0)) &
                     ~_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0x97)) &
                     ~_mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xB7));
    uint64_t lead = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8((char)0xC3));
    b->joiner = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\'')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('-')) |
                _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('.')) | _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8(','));
    b->high = high;
    uint64_t first = lead & trail >> 1;
    b->latin1 = first | first << 1;
    b->letter = letter | b->latin1;
    b->alnum = letter | digit | b->latin1;
    b->special = special | (high & ~b->latin1);
}
#endif

/* The length of the apostrophe at q (bit e of its block), ' or ’,
 * when a letter follows it in the block (letter: its bits), else 0. */
static inline unsigned block_apostrophe(const unsigned char *q, unsigned e, uint64_t letter) {
    if (*q == '\'') return e < 63 && letter >> (e + 1) & 1;
    if (*q == 0xE2 && e < 61 && q[1] == 0x80 && q[2] == 0x99 && letter >> (e + 3) & 1) return 3;
    return 0;
}

/* The classes of the bytes of run (bits of a block; alnum: its letters
 * and digits), as scan_word_from() takes them: worked out only for the
 * words it is called for (most words end plainly, and need only whether
 * they hold a letter: computing them for every word was a tenth of the
 * scan's instructions). */
static inline unsigned run_classes(const block_bits *b, uint64_t alnum, uint64_t run) {
    return (b->letter & run ? C_LETTER : 0) | (alnum & ~b->letter & run ? C_DIGIT : 0) |
           (b->latin1 & run ? RUN_NONASCII : 0);
}

/* The scan of the 64 bytes from p (at least 64 readable), or of those
 * before end: words found by their bits, without a branch for each
 * byte; where it stops in *after (at least 64 bytes on, or end). */
static GRILLE_ALWAYS_INLINE int scan_block(scan *s, const unsigned char *p, const unsigned char *end,
                                           const unsigned char **after, int wide) {
    const unsigned char *base = (const unsigned char *)s->text;
    block_bits b;
    (void)wide;
#if SIMD_HAS_WIDE
    if (wide) block_classify_wide(p, &b);
    else
#endif
        block_classify(p, &b);
    size_t room = (size_t)(end - p); /* from 1 */
    /* the bytes before end, by a shift (a test mispredicted at the end
     * of each short sentence) */
    uint64_t valid = ~0ULL >> (64 - (room < 64 ? room : 64));
    uint64_t alnum = b.alnum & valid;
    /* the words' first bytes and the special bytes: what is between them
     * is skipped, as scan_at() would */
    uint64_t events = (alnum & ~(alnum << 1)) | (b.special & valid);
    /* where a word plainly ends (ends_word(), for the words of text:
     * rule patterns ask it), the end of the span included: at an ASCII
     * character that joins nothing, or at a joiner before an ASCII
     * character that is no letter or digit (a joiner at bit 63 asks
     * ends_word(), for the byte after it) */
    uint64_t nonword = (~b.high & ~b.alnum) | ~valid;
    uint64_t ends = s->pattern ? 0 : (nonword & ~b.joiner) | (b.joiner & nonword >> 1);
    /* room for a token at each of the 64 bytes, made once: then the
     * plain words need not test it, nor whether 8 bytes can be read
     * from each of them (64 + 8), nor whether the text is interned.
     * Tokens do not overlap, so a block holds the start of 64 at most;
     * those that scan_at() and scan_word_from() emit test their room
     * themselves, and one starting past the block ends it */
    toklist *l = s->out;
    if (l->cap - l->n < 64 && grille_grow((void **)&l->v, &l->cap, l->n + 64, sizeof *l->v)) return GRILLE_ENOMEM;
    int quick = l->text == s->text && (size_t)(s->load_end - p) >= 64 + 8;
    while (events) {
        unsigned x = (unsigned)__builtin_ctzll(events);
        const unsigned char *w = p + x, *next;
        uint64_t rest = ~alnum >> x; /* its zeros: the word's bytes */
        if (b.special >> x & 1 || !rest) {
            /* not an ASCII word, or one that runs past the block */
            if (scan_at(s, w, end, &next)) return GRILLE_ENOMEM;
        } else {
            unsigned n = (unsigned)__builtin_ctzll(rest); /* below 64 - x */
            uint64_t run = ((1ULL << n) - 1) << x;
            const unsigned char *q = w + n;
            unsigned e = x + n, apostrophe; /* q's bit */
            if (ends >> e & 1 || ((s->pattern || e == 63) && ends_word(q, end, s->pattern))) {
                unsigned flags = b.letter & run ? GRILLE_TOKEN_WORD : GRILLE_TOKEN_NUMBER | GRILLE_TOKEN_WORD;
                next = q;
                if (emit_block_word(s, (size_t)(w - base), (size_t)(q - base), flags, !(b.latin1 & run), quick))
                    return GRILLE_ENOMEM;
            } else if ((apostrophe = block_apostrophe(q, e, b.letter & valid)) != 0 && is_elision(w, n)) {
                /* l'élu, qu’il: the elided word, then the next from the
                 * letter after the apostrophe (scan_word_from() splits
                 * them so, after a scan of the whole) */
                unsigned elision = GRILLE_TOKEN_WORD | GRILLE_TOKEN_ELISION;
                next = q + apostrophe;
                if (emit_word(s, (size_t)(w - base), (size_t)(next - base), elision, 0)) return GRILLE_ENOMEM;
            } else if (scan_word_from(s, w, q, run_classes(&b, alnum, run), end, &next)) return GRILLE_ENOMEM;
        }
        size_t done = (size_t)(next - p);
        if (done >= 64) {
            *after = next;
            return GRILLE_OK;
        }
        events &= ~0ULL << done;
    }
    *after = room >= 64 ? p + 64 : end;
    return GRILLE_OK;
}
#endif

/* tokenize_text(), the text readable up to size; scan_block() where
 * blocks is set and 64 bytes can be read, its bytes classed with
 * AVX-512BW where wide (simd.h). */
static GRILLE_ALWAYS_INLINE int tokenize_span_with(const tok_config *c, const char *text, size_t size, size_t b0,
                                                   size_t b1, size_t sent, unsigned extra_flags, int pattern,
                                                   int blocks, int wide, toklist *out) {
    scan s = {c, text, (const unsigned char *)text + size, sent, extra_flags, pattern, out};
    const unsigned char *base = (const unsigned char *)text;
    const unsigned char *p = base + b0, *end = base + b1, *after;
    (void)blocks; /* without SSE2 */
    while (p < end) {
#ifdef __SSE2__
        if (blocks && (size_t)(s.load_end - p) >= 64) {
            if (scan_block(&s, p, end, &after, wide)) return GRILLE_ENOMEM;
            p = after;
            continue;
        }
#endif
        if (ascii_plain_other[*p]) {
            p++;
            continue;
        }
        if (scan_at(&s, p, end, &after)) return GRILLE_ENOMEM;
        p = after;
    }
    (void)wide;
    return GRILLE_OK;
}

/* tokenize_span_with() twice, the whole scan inlined in each: a call to
 * a wide classifier for each block cost a third of what it saved. */
static int tokenize_span_narrow(const tok_config *c, const char *text, size_t size, size_t b0, size_t b1, size_t sent,
                                unsigned extra_flags, int pattern, int blocks, toklist *out) {
    return tokenize_span_with(c, text, size, b0, b1, sent, extra_flags, pattern, blocks, 0, out);
}

#if SIMD_HAS_WIDE
SIMD_WIDE static int tokenize_span_wide(const tok_config *c, const char *text, size_t size, size_t b0, size_t b1,
                                        size_t sent, unsigned extra_flags, int pattern, int blocks, toklist *out) {
    return tokenize_span_with(c, text, size, b0, b1, sent, extra_flags, pattern, blocks, 1, out);
}
#endif

static int tokenize_span(const tok_config *c, const char *text, size_t size, size_t b0, size_t b1, size_t sent,
                         unsigned extra_flags, int pattern, int blocks, toklist *out) {
#if SIMD_HAS_WIDE
    if (c->wide && blocks) return tokenize_span_wide(c, text, size, b0, b1, sent, extra_flags, pattern, blocks, out);
#endif
    return tokenize_span_narrow(c, text, size, b0, b1, sent, extra_flags, pattern, blocks, out);
}

int tokenize_text(const tok_config *c, const char *text, size_t b0, size_t b1, size_t sent, unsigned extra_flags,
                  int pattern, toklist *out) {
    return tokenize_span(c, text, b1, b0, b1, sent, extra_flags, pattern, 1, out);
}

int tokenize_text_in(const tok_config *c, const char *text, size_t size, size_t b0, size_t b1, int blocks,
                     toklist *out) {
    return tokenize_span(c, text, size, b0, b1, 0, 0, 0, blocks, out);
}

int tokenize_sentence(const tok_config *c, const grille_document *doc, size_t sent, unsigned extra_flags,
                      toklist *out) {
    const dunit *u = &doc->sents[sent];
    return tokenize_span(c, doc->text, doc->size, u->span.b0, u->span.b1, sent, extra_flags, 0, 1, out);
}

/* lemma.c - French lemma lookup: which dictionary forms a transcript's
 * word stands for.  The order of the attempts follows how words appear in
 * transcripts: as written, then in lower case (sentence starts), then
 * Capitalised (ALL-CAPS emphasis), and inclusive writing read as the
 * plural or singular it contracts. */
#include "lexicon.h"
#include "utf8.h"
#include <utf8proc.h>

/* Case of a word's letters. */
typedef struct word_case {
    int letters, upper, lower;
} word_case;

static word_case case_of(const char *s, size_t n) {
    word_case c = {0, 0, 0};
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)utf8_decode((const unsigned char *)s + i, &cp);
        utf8proc_category_t cat = utf8proc_category(cp);
        if (cat == UTF8PROC_CATEGORY_LU) { c.upper++; c.letters++; }
        else if (cat == UTF8PROC_CATEGORY_LL) { c.lower++; c.letters++; }
        else if (cat >= UTF8PROC_CATEGORY_LT && cat <= UTF8PROC_CATEGORY_LO) c.letters++;
    }
    return c;
}

/* s lower-cased (mode 0) or Capitalised (mode 1) into b. */
static int recase(const char *s, size_t n, int mode, gbuf *b) {
    b->len = 0;
    int first = 1;
    for (size_t i = 0; i < n;) {
        int32_t cp;
        i += (size_t)utf8_decode((const unsigned char *)s + i, &cp);
        int32_t m = mode == 1 && first ? utf8proc_toupper(cp) : utf8proc_tolower(cp);
        char enc[4];
        if (gbuf_append(b, enc, (size_t)utf8_encode(m, enc))) return GRILLE_ENOMEM;
        first = 0;
    }
    return gbuf_reserve(b, 0);
}

static size_t add_form(const grille_lexicon *lx, const char *s, size_t n, lemma_cand *out, size_t k) {
    long f = lexicon_find_form(lx, s, n);
    if (f < 0) return k;
    uint32_t lemmas[LEMMA_MAX];
    unsigned pos[LEMMA_MAX];
    size_t m = lexicon_form_entries(lx, f, lemmas, pos, LEMMA_MAX);
    for (size_t i = 0; i < m && k < LEMMA_MAX; i++) {
        int dup = 0;
        for (size_t j = 0; j < k; j++) dup |= out[j].lemma == lemmas[i] && out[j].pos == pos[i];
        if (!dup) out[k++] = (lemma_cand){lemmas[i], pos[i]};
    }
    return k;
}

/* Dictionary forms use ’ in some entries: try both apostrophes. */
static size_t add_form_apos(const grille_lexicon *lx, const char *s, size_t n, lemma_cand *out,
                            size_t k, gbuf *tmp) {
    size_t before = k;
    k = add_form(lx, s, n, out, k);
    if (k > before || !memchr(s, '\'', n)) return k;
    tmp->len = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\'') gbuf_append(tmp, "\xE2\x80\x99", 3);
        else gbuf_putc(tmp, s[i]);
    }
    return tmp->data ? add_form(lx, tmp->data, tmp->len, out, k) : k;
}

/* Pieces of inclusive writing after the base: élu·e·s, élu-es. */
static const char *const inclusive_tails[] = {
    "e", "es", "s", "x", "ne", "nes", "le", "les", "se", "ses", "te", "tes", "ve", "ves",
    "fe", "fes", "rice", "rices", "trice", "trices", "euse", "euses", "ice", "ices",
    "ère", "ères", "ale", "ales", "aux", "ienne", "iennes", "ine", "ines", NULL};

static int is_tail(const char *s, size_t n) {
    for (size_t i = 0; inclusive_tails[i]; i++)
        if (strlen(inclusive_tails[i]) == n && memcmp(inclusive_tails[i], s, n) == 0) return 1;
    return 0;
}

/* The form an inclusive word contracts: élu·es -> élus (a piece ends in s
 * or x: the plural), élu·e -> élu.  0 when the word is not inclusive. */
static size_t inclusive_base(const char *s, size_t n, gbuf *out) {
    const char *dot = NULL;
    size_t dotlen = 0;
    for (size_t i = 0; i + 1 < n; i++)
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xB7) { dot = s + i; dotlen = 2; break; }
    if (!dot) {
        /* élu-es: a hyphen followed by inclusive pieces only */
        const char *h = NULL;
        for (size_t i = n; i-- > 0;)
            if (s[i] == '-') { h = s + i; break; }
        if (!h || !is_tail(h + 1, (size_t)(s + n - h - 1))) return 0;
        dot = h;
        dotlen = 1;
    }
    size_t base = (size_t)(dot - s);
    if (base == 0) return 0;
    char last = s[n - 1];
    out->len = 0;
    gbuf_append(out, s, base);
    (void)dotlen;
    if (last == 's' || last == 'x') {
        /* acteur·rices -> acteurs; but a base in -al takes -aux (no such
         * inclusive form is common enough to guess) */
        gbuf_putc(out, 's');
    }
    return out->data ? out->len : 0;
}

size_t lemmatize(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out) {
    if (!lx || n == 0) return 0;
    gbuf tmp = {0}, alt = {0};
    size_t k = 0;
    word_case wc = case_of(word, n);
    size_t cps = utf8_count(word, n);
    int all_caps = wc.upper >= 2 && wc.lower == 0;
    /* ARS, CLSM: short all-capital words are acronyms, not "ars" */
    if (all_caps && cps <= 4) {
        k = add_form_apos(lx, word, n, out, k, &alt);
        gbuf_free(&tmp);
        gbuf_free(&alt);
        return k;
    }
    k = add_form_apos(lx, word, n, out, k, &alt);
    if (k == 0 && wc.upper > 0 && recase(word, n, 0, &tmp) == GRILLE_OK)
        k = add_form_apos(lx, tmp.data, tmp.len, out, k, &alt);
    if (k == 0 && all_caps && recase(word, n, 1, &tmp) == GRILLE_OK)
        k = add_form_apos(lx, tmp.data, tmp.len, out, k, &alt);
    if (k == 0) {
        /* inclusive writing, in lower case */
        const char *w = word;
        size_t wn = n;
        if (wc.upper > 0 && recase(word, n, 0, &tmp) == GRILLE_OK) { w = tmp.data; wn = tmp.len; }
        gbuf base = {0};
        if (inclusive_base(w, wn, &base)) {
            k = add_form_apos(lx, base.data, base.len, out, k, &alt);
            /* élu·e·s -> élus unknown? the singular then */
            if (k == 0 && base.len && base.data[base.len - 1] == 's')
                k = add_form_apos(lx, base.data, base.len - 1, out, k, &alt);
        }
        gbuf_free(&base);
    }
    gbuf_free(&tmp);
    gbuf_free(&alt);
    return k;
}

size_t grille_lexicon_lookup(const grille_lexicon *lx, const char *word, size_t len,
                             grille_lemma *out, size_t max) {
    if (!lx || !word) return 0;
    lemma_cand c[LEMMA_MAX];
    size_t k = lemmatize(lx, word, len, c);
    for (size_t i = 0; i < k && i < max; i++) {
        out[i].lemma = lexicon_lemma_string(lx, c[i].lemma, NULL);
        out[i].pos = lexicon_pos_name(c[i].pos);
    }
    return k;
}

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
        if (cat == UTF8PROC_CATEGORY_LU) {
            c.upper++;
            c.letters++;
        } else if (cat == UTF8PROC_CATEGORY_LL) {
            c.lower++;
            c.letters++;
        } else if (cat >= UTF8PROC_CATEGORY_LT && cat <= UTF8PROC_CATEGORY_LO) c.letters++;
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
    uint32_t lemmas[LEMMA_MAX];
    unsigned pos[LEMMA_MAX];
    size_t m = lexicon_entries(lx, s, n, lemmas, pos, LEMMA_MAX);
    for (size_t i = 0; i < m && k < LEMMA_MAX; i++) {
        int dup = 0;
        for (size_t j = 0; j < k; j++) dup |= out[j].lemma == lemmas[i] && out[j].pos == pos[i];
        if (!dup) out[k++] = (lemma_cand){lemmas[i], pos[i]};
    }
    return k;
}

/* Dictionary forms use ’ in some entries: try both apostrophes. */
static size_t add_form_apos(const grille_lexicon *lx, const char *s, size_t n, lemma_cand *out, size_t k, gbuf *tmp) {
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
    "e",   "es",   "s",   "x",     "ne",     "nes",   "le",     "les",  "se",    "ses", "te",   "tes", "ve",
    "ves", "fe",   "fes", "rice",  "rices",  "trice", "trices", "euse", "euses", "ice", "ices", "ère", "ères",
    "ale", "ales", "aux", "ienne", "iennes", "ienes", "ine",    "ines", "on",    "ons", NULL};

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
        if ((unsigned char)s[i] == 0xC2 && (unsigned char)s[i + 1] == 0xB7) {
            dot = s + i;
            dotlen = 2;
            break;
        }
    if (!dot) {
        /* élu-es: a hyphen followed by inclusive pieces only */
        const char *h = NULL;
        for (size_t i = n; i-- > 0;)
            if (s[i] == '-') {
                h = s + i;
                break;
            }
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
    return out->data && !out->failed ? out->len : 0; /* never a base cut short */
}

/* Pronouns joined to a verb by hyphens: dites-moi, parlez-en, va-t-il. */
static const char *const clitics[] = {"moi", "toi",  "lui",    "nous", "vous", "leur", "le",    "la", "les",
                                      "en",  "y",    "il",     "elle", "on",   "ils",  "elles", "je", "tu",
                                      "ce",  "t-il", "t-elle", "t-on", "m'",   "t'",   NULL};

static size_t lemmatize_word(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out);
static size_t lemmatize_ranked(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out);

/* The verbs that make most verb tokens of French: when a form is also
 * another word (est, été, a, suis, fait), the verb is the likelier
 * reading.  Tuned on UD French-GSD dev and ParisStories train. */
static const char *const frequent_verbs[] = {"être", "avoir", "faire",  "aller",   "pouvoir", "falloir", "devoir",
                                             "dire", "voir",  "savoir", "vouloir", "venir",   "prendre", NULL};

static int rank_of(const grille_lexicon *lx, const lemma_cand *c, const char *word, size_t n) {
    size_t len;
    const char *lemma = lexicon_lemma_string(lx, c->lemma, &len);
    /* closed classes first: dans, mais, plus, tu are not dan, mai, plaire, taire */
    if (c->pos == LEX_PREP || c->pos == LEX_CONJ || c->pos == LEX_DET || c->pos == LEX_PRO) return 0;
    if (c->pos == LEX_VERBE)
        for (size_t i = 0; frequent_verbs[i]; i++)
            if (strcmp(lemma, frequent_verbs[i]) == 0) return 1;
    if (c->pos == LEX_ADV) return 2;
    /* fois is fois, not foi; commune is commune, not commun */
    if (len == n && memcmp(lemma, word, n) == 0) return 3;
    static const int by_pos[LEX_POS_COUNT] = {
        [LEX_NOM] = 4, [LEX_ADJ] = 5, [LEX_VERBE] = 6, [LEX_NOMPR] = 7, [LEX_INTERJ] = 8, [LEX_AUTRE] = 9};
    return by_pos[c->pos];
}

typedef struct rank_ctx {
    const grille_lexicon *lx;
    const char *word;
    size_t n;
} rank_ctx;

static int by_rank(const void *a, const void *b, void *ctx) {
    const rank_ctx *r = ctx;
    int x = rank_of(r->lx, a, r->word, r->n), y = rank_of(r->lx, b, r->word, r->n);
    return x - y; /* stable: ties keep the table's (alphabetical) order */
}

size_t lemmatize(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out) {
    size_t k = lemmatize_ranked(lx, word, n, out);
    /* insertion sort, stable: at most LEMMA_MAX candidates */
    rank_ctx ctx = {lx, word, n};
    for (size_t i = 1; i < k; i++) {
        lemma_cand v = out[i];
        size_t j = i;
        while (j > 0 && by_rank(&out[j - 1], &v, &ctx) > 0) {
            out[j] = out[j - 1];
            j--;
        }
        out[j] = v;
    }
    return k;
}

static size_t lemmatize_ranked(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out) {
    if (!lx || n == 0) return 0;
    /* transcripts write ’ ‘ ʼ, the table '; inclusive writing comes with
     * ‧ ⋅ • or periods (élu.e.s), read as · like the tokenizer does */
    gbuf w = {0};
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)word[i];
        unsigned char c1 = i + 1 < n ? (unsigned char)word[i + 1] : 0, c2 = i + 2 < n ? (unsigned char)word[i + 2] : 0;
        if (c == 0xE2 && c1 == 0x80 && (c2 == 0x99 || c2 == 0x98)) {
            gbuf_putc(&w, '\'');
            i += 2;
        } else if (c == 0xCA && c1 == 0xBC) {
            gbuf_putc(&w, '\'');
            i++;
        } else if ((c == 0xE2 && c1 == 0x80 && (c2 == 0xA7 || c2 == 0xA2)) || (c == 0xE2 && c1 == 0x8B && c2 == 0x85)) {
            gbuf_append(&w, "\xC2\xB7", 2);
            i += 2;
        } else if (c == '.' && i > 0 && i + 1 < n && c1 >= 'a' && c1 <= 'z' && word[i - 1] != '.') {
            gbuf_append(&w, "\xC2\xB7", 2);
        } else gbuf_putc(&w, (char)c);
    }
    if (!w.data || w.failed) {
        /* out of memory: no lemma rather than the lemma of a cut word */
        gbuf_free(&w);
        return 0;
    }
    size_t k = lemmatize_word(lx, w.data, w.len, out);
    if (k == 0) {
        /* parlez-moi: the verb before the pronoun */
        const char *h = memchr(w.data, '-', w.len);
        if (h && h > w.data) {
            const char *rest = h + 1;
            size_t rn = (size_t)(w.data + w.len - rest);
            for (size_t i = 0; clitics[i]; i++)
                if (strlen(clitics[i]) == rn && memcmp(clitics[i], rest, rn) == 0) {
                    k = lemmatize_word(lx, w.data, (size_t)(h - w.data), out);
                    break;
                }
        }
    }
    gbuf_free(&w);
    return k;
}

static size_t lemmatize_word(const grille_lexicon *lx, const char *word, size_t n, lemma_cand *out) {
    gbuf tmp = {0}, alt = {0};
    size_t k = 0;
    word_case wc = case_of(word, n);
    size_t cps = utf8_count(word, n);
    int all_caps = wc.upper >= 2 && wc.lower == 0;
    /* ARS, CLSM: short all-capital words are acronyms, not "ars"; but
     * acronyms are ASCII, and ÉLUS is a shouted word */
    int ascii = 1;
    for (size_t i = 0; i < n; i++) ascii &= (unsigned char)word[i] < 0x80;
    if (all_caps && cps <= 4 && ascii) {
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
        if (wc.upper > 0 && recase(word, n, 0, &tmp) == GRILLE_OK) {
            w = tmp.data;
            wn = tmp.len;
        }
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

size_t grille_lexicon_lookup(const grille_lexicon *lx, const char *word, size_t len, grille_lemma *out, size_t max) {
    if (!lx || !word) return 0;
    lemma_cand c[LEMMA_MAX];
    /* words as typed may hold decomposed accents: compose them as the
     * tokenizer does (NFC) */
    utf8proc_uint8_t *nfc = NULL;
    utf8proc_ssize_t nn = -1;
    for (size_t i = 0; i < len; i++)
        if ((unsigned char)word[i] >= 0x80) {
            nn = utf8proc_map((const utf8proc_uint8_t *)word, (utf8proc_ssize_t)len, &nfc,
                              UTF8PROC_STABLE | UTF8PROC_COMPOSE);
            break;
        }
    size_t k = nn >= 0 ? lemmatize(lx, (const char *)nfc, (size_t)nn, c) : lemmatize(lx, word, len, c);
    free(nfc);
    for (size_t i = 0; i < k && i < max; i++) {
        out[i].lemma = lexicon_lemma_string(lx, c[i].lemma, NULL);
        out[i].pos = lexicon_pos_name(c[i].pos);
    }
    return k;
}

static int by_string(const void *a, const void *b, void *ctx) {
    (void)ctx;
    return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* The library's allocator frees what it allocated: a caller built
 * against another C runtime must not call free() on it. */
void grille_lexicon_forms_free(const char **forms) { free((void *)forms); }

int grille_lexicon_rule_forms(const grille_lexicon *lx, const char *word, size_t len, const char ***forms, size_t *n,
                              grille_error *err) {
    grille_error_clear(err);
    *forms = NULL;
    *n = 0;
    if (!lx || !word) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no lexicon or word");
    /* the same resolution as a lemma rule: a lemma, else a form's lemmas */
    lemma_cand cand[LEMMA_MAX];
    size_t nc;
    long id = lexicon_find_lemma(lx, word, len);
    if (id >= 0) {
        cand[0].lemma = (uint32_t)id;
        nc = 1;
    } else nc = lemmatize(lx, word, len, cand);
    const char **v = NULL;
    size_t k = 0, cap = 0;
    for (size_t c = 0; c < nc; c++) {
        size_t m;
        uint32_t *f = lexicon_lemma_form_ids(lx, cand[c].lemma, &m);
        if (!f || grille_grow((void **)&v, &cap, k + m + 1, sizeof *v)) {
            free(f);
            free(v);
            return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        }
        for (size_t i = 0; i < m; i++) v[k++] = lexicon_form_string(lx, f[i], NULL);
        free(f);
    }
    if (!v && !(v = malloc(sizeof *v))) return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    if (grille_sort(v, k, sizeof *v, by_string, NULL)) {
        free(v);
        return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    }
    size_t w = 0;
    for (size_t i = 0; i < k; i++)
        if (w == 0 || strcmp(v[w - 1], v[i]) != 0) v[w++] = v[i];
    *forms = v;
    *n = w;
    return GRILLE_OK;
}

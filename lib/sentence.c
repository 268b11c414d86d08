/* sentence.c - sentences: the boundaries ICU's sentence break iterator
 * finds in each paragraph (UAX #29), then corrected for French
 * abbreviations that ICU takes for sentence ends ("M. Dupont", "cf. page
 * 3").  A paragraph's boundaries come from the byte-level splitter
 * (sentence_fast.c), which finds ICU's own at a fraction of the cost, or,
 * when it leaves the paragraph to ICU, from ICU run on the UTF-8 text in
 * place (UText). */
#include "document.h"
#include "sentence.h"
#include "simd.h"
#include "utf8.h"
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* Words that end with a period without ending the sentence, with their
 * lengths (the test runs for every sentence that ends in a period).
 * Compared case-sensitively: "M." is an abbreviation, "m." is rare. */
#define A SIZED_STR
static const sized_str abbreviations[] = {
    A("M"),   A("MM"),   A("Mme"),  A("Mmes"), A("Mlle"), A("Mlles"), A("Me"),     A("Mgr"), A("Dr"),   A("Pr"),
    A("St"),  A("Ste"),  A("cf"),   A("Cf"),   A("etc"),  A("p"),     A("pp"),     A("vol"), A("chap"), A("art"),
    A("al"),  A("ex"),   A("env"),  A("av"),   A("bd"),   A("réf"),   A("coord"),  A("dir"), A("éd"),   A("fig"),
    A("hab"), A("janv"), A("févr"), A("avr"),  A("juil"), A("sept"),  A("oct"),    A("nov"), A("déc"),  A("n°"),
    A("No"),  A("tél"),  A("Tél"),  A("resp"), A("min"),  A("max"),   A("approx"), A("ann")};
#undef A
#define NABBREVIATIONS (sizeof abbreviations / sizeof *abbreviations)

/* The abbreviations as short_key()s (none is longer than 7 bytes), made
 * for each document: no state outside a call. */
typedef struct abbreviation_keys {
    uint64_t v[NABBREVIATIONS];
} abbreviation_keys;

static void abbreviation_keys_init(abbreviation_keys *k) {
    for (size_t i = 0; i < NABBREVIATIONS; i++) k->v[i] = short_key(abbreviations[i].s, abbreviations[i].n);
}

static int is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Whether the text in [b0, e) ends with "<abbreviation>." or with an
 * initial ("R. Bachelot"). */
static int ends_with_abbreviation(const abbreviation_keys *keys, const char *t, size_t b0, size_t e) {
    while (e > b0 && is_space_byte(t[e - 1])) e--;
    if (e == b0 || t[e - 1] != '.') return 0;
    size_t w = e - 1;
    while (w > b0 && !is_space_byte(t[w - 1]) && t[w - 1] != '(' && t[w - 1] != '\'' && t[w - 1] != '"') w--;
    size_t n = e - 1 - w;
    if (n == 0) return 0;
    /* an initial: one upper-case ASCII letter */
    if (n == 1 && t[w] >= 'A' && t[w] <= 'Z') return 1;
    /* a loop over the list mispredicted at each sentence ending in a
     * period */
    return n <= 7 && short_key_in(keys->v, NABBREVIATIONS, short_key(t + w, n));
}

static int add_sentence(grille_document *doc, size_t b0, size_t b1, size_t para) {
    const char *t = doc->text;
    while (b0 < b1 && is_space_byte(t[b0])) b0++;
    while (b1 > b0 && is_space_byte(t[b1 - 1])) b1--;
    /* also drop trailing NBSP runs (French typography) */
    if (b1 == b0) return GRILLE_OK;
    if (GROW(doc->sents, doc->nsents, doc->capsents)) return GRILLE_ENOMEM;
    dunit *u = &doc->sents[doc->nsents++];
    document_span_from(doc, b0, b1, doc->paras[para].span.line, &u->span);
    u->parent = para;
    u->turn = doc->paras[para].turn;
    return GRILLE_OK;
}

struct UBreakIterator *sentence_icu_open(int *icu_status) {
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "fr", NULL, 0, &st);
    if (U_FAILURE(st)) {
        ubrk_close(bi);
        *icu_status = st;
        return NULL;
    }
    return bi;
}

void sentence_icu_close(struct UBreakIterator *bi) { ubrk_close(bi); }

int sentence_icu_breaks(struct UBreakIterator *bi, const char *t, size_t len, sentence_breaks *b, int *icu_status) {
    UErrorCode st = U_ZERO_ERROR;
    UText ut = UTEXT_INITIALIZER;
    b->n = 0;
    utext_openUTF8(&ut, t, (int64_t)len, &st);
    if (U_SUCCESS(st)) ubrk_setUText(bi, &ut, &st);
    int rc = GRILLE_OK;
    if (U_FAILURE(st)) {
        *icu_status = st;
        rc = GRILLE_ENOMEM;
    }
    for (int32_t e = rc ? UBRK_DONE : ubrk_next(bi); e != UBRK_DONE; e = ubrk_next(bi)) {
        if (GROW(b->v, b->n, b->cap)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        b->v[b->n++] = (size_t)e;
    }
    utext_close(&ut);
    return rc;
}

/* The sentences of paragraph para from its boundaries b: a boundary
 * right after an abbreviation is not one. */
static int add_sentences(grille_document *doc, size_t para, const sentence_breaks *b, const abbreviation_keys *keys) {
    size_t b0 = doc->paras[para].span.b0, b1 = doc->paras[para].span.b1, len = b1 - b0;
    const char *t = doc->text + b0;
    size_t start = 0;
    int rc = GRILLE_OK;
    for (size_t k = 0; k < b->n && rc == GRILLE_OK; k++) {
        size_t end = b->v[k];
        if (end < len && ends_with_abbreviation(keys, t, start, end)) continue;
        rc = add_sentence(doc, b0 + start, b0 + end, para);
        start = end;
    }
    if (rc == GRILLE_OK && start < len) rc = add_sentence(doc, b0 + start, b1, para);
    return rc;
}

int document_split_sentences(grille_document *doc, grille_error *err) {
    /* opened for the first paragraph the byte-level splitter leaves to
     * ICU: most documents have none */
    UBreakIterator *bi = NULL;
    sentence_breaks b = {NULL, 0, 0};
    int rc = GRILLE_OK, st = U_ZERO_ERROR;
    abbreviation_keys keys;
    abbreviation_keys_init(&keys);
    int wide = simd_wide();
    /* a paragraph holds one sentence or more: room for as many at once */
    if (doc->nparas && grille_grow((void **)&doc->sents, &doc->capsents, doc->nparas, sizeof *doc->sents))
        rc = GRILLE_ENOMEM;
    for (size_t p = 0; p < doc->nparas && rc == GRILLE_OK; p++) {
        size_t b0 = doc->paras[p].span.b0, b1 = doc->paras[p].span.b1;
        /* every paragraph to the byte-level splitter: looking first for
         * a paragraph without '.', '?', '!' or 0xE2 (four memchr()) cost
         * as much as the splitter saved on it */
        const char *t = doc->text + b0;
        size_t len = b1 - b0;
        if (len > INT32_MAX) {
            rc = add_sentence(doc, b0, b1, p);
            continue;
        }
        /* the scan may read on into the paragraphs after this one */
        rc = sentence_fast_breaks_in(t, len, doc->size - b0, wide, &b);
        if (rc == 0) {
            if (!bi) bi = sentence_icu_open(&st);
            rc = bi ? sentence_icu_breaks(bi, t, len, &b, &st) : GRILLE_ENOMEM;
        } else if (rc == 1) rc = GRILLE_OK;
        if (rc == GRILLE_OK) rc = add_sentences(doc, p, &b, &keys);
    }
    free(b.v);
    sentence_icu_close(bi);
    if (rc == GRILLE_ENOMEM && U_FAILURE((UErrorCode)st))
        grille_fail(err, rc, doc->name, 0, 0, 0, "ICU sentence iterator: %s", u_errorName((UErrorCode)st));
    else if (rc == GRILLE_ENOMEM) grille_fail(err, rc, doc->name, 0, 0, 0, "out of memory");
    return rc;
}

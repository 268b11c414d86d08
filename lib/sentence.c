/* sentence.c - sentences with ICU's sentence break iterator, run on the
 * UTF-8 text in place (UText), then corrected for French abbreviations
 * that ICU takes for sentence ends ("M. Dupont", "cf. page 3"). */
#include "document.h"
#include "utf8.h"
#include <unicode/ubrk.h>
#include <unicode/utext.h>

/* Words that end with a period without ending the sentence.  Compared
 * case-sensitively: "M." is an abbreviation, "m." is rare. */
static const char *const abbreviations[] = {
    "M",     "MM",  "Mme", "Mmes", "Mlle", "Mlles", "Me",   "Mgr",    "Dr",   "Pr",   "St",  "Ste", "cf",
    "Cf",    "etc", "p",   "pp",   "vol",  "chap",  "art",  "al",     "ex",   "env",  "av",  "bd",  "réf",
    "coord", "dir", "éd",  "fig",  "hab",  "janv",  "févr", "avr",    "juil", "sept", "oct", "nov", "déc",
    "n°",    "No",  "tél", "Tél",  "resp", "min",   "max",  "approx", "ann",  NULL};

static int is_space_byte(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

/* Whether the text in [b0, e) ends with "<abbreviation>." or with an
 * initial ("R. Bachelot"). */
static int ends_with_abbreviation(const char *t, size_t b0, size_t e) {
    while (e > b0 && is_space_byte(t[e - 1])) e--;
    if (e == b0 || t[e - 1] != '.') return 0;
    size_t w = e - 1;
    while (w > b0 && !is_space_byte(t[w - 1]) && t[w - 1] != '(' && t[w - 1] != '\'' && t[w - 1] != '"') w--;
    size_t n = e - 1 - w;
    if (n == 0) return 0;
    /* an initial: one upper-case ASCII letter */
    if (n == 1 && t[w] >= 'A' && t[w] <= 'Z') return 1;
    for (size_t i = 0; abbreviations[i]; i++)
        if (strlen(abbreviations[i]) == n && memcmp(abbreviations[i], t + w, n) == 0) return 1;
    return 0;
}

static int add_sentence(grille_document *doc, size_t b0, size_t b1, size_t para) {
    const char *t = doc->text;
    while (b0 < b1 && is_space_byte(t[b0])) b0++;
    while (b1 > b0 && is_space_byte(t[b1 - 1])) b1--;
    /* also drop trailing NBSP runs (French typography) */
    if (b1 == b0) return GRILLE_OK;
    if (GROW(doc->sents, doc->nsents, doc->capsents)) return GRILLE_ENOMEM;
    dunit *u = &doc->sents[doc->nsents++];
    document_span(doc, b0, b1, &u->span);
    u->parent = para;
    u->turn = doc->paras[para].turn;
    return GRILLE_OK;
}

int document_split_sentences(grille_document *doc, grille_error *err) {
    UErrorCode st = U_ZERO_ERROR;
    UBreakIterator *bi = ubrk_open(UBRK_SENTENCE, "fr", NULL, 0, &st);
    if (U_FAILURE(st))
        return grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "ICU sentence iterator: %s", u_errorName(st));
    int rc = GRILLE_OK;
    UText ut = UTEXT_INITIALIZER;
    for (size_t p = 0; p < doc->nparas && rc == GRILLE_OK; p++) {
        size_t b0 = doc->paras[p].span.b0, b1 = doc->paras[p].span.b1;
        /* Pure-ASCII paragraphs without sentence punctuation are common
         * (short answers): no need to ask ICU. */
        const char *t = doc->text + b0;
        size_t len = b1 - b0;
        if (len > INT32_MAX ||
            (!memchr(t, '.', len) && !memchr(t, '?', len) && !memchr(t, '!', len) && !memchr(t, '\xE2', len))) {
            rc = add_sentence(doc, b0, b1, p);
            continue;
        }
        st = U_ZERO_ERROR;
        utext_openUTF8(&ut, t, (int64_t)len, &st);
        if (U_SUCCESS(st)) ubrk_setUText(bi, &ut, &st);
        if (U_FAILURE(st)) {
            rc = grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "ICU sentence iterator: %s", u_errorName(st));
            break;
        }
        size_t start = 0;
        for (int32_t e = ubrk_next(bi); e != UBRK_DONE && rc == GRILLE_OK; e = ubrk_next(bi)) {
            size_t end = (size_t)e;
            if (end < len && ends_with_abbreviation(t, start, end)) continue;
            rc = add_sentence(doc, b0 + start, b0 + end, p);
            start = end;
        }
        if (rc == GRILLE_OK && start < len) rc = add_sentence(doc, b0 + start, b1, p);
    }
    utext_close(&ut);
    ubrk_close(bi);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, doc->name, 0, 0, 0, "out of memory");
    return rc;
}

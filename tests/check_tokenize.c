/* check_tokenize.c - French tokens: elisions, compounds, inclusive
 * writing, acronyms, marks, hesitations, offsets. */
#include "testutil.h"
#include "simd.h"
#include "tokenize.h"

/* Space-separated forms of the word tokens of a one-line respondent
 * transcript; marks show as <mark>, hesitations as <hes>. */
static char *forms(const grille_codebook *cb, const char *speech) {
    char text[1024];
    snprintf(text, sizeof text, "R : %s\n", speech);
    grille_document *d = doc_from(text);
    grille_error err;
    grille_tokens *t = grille_tokens_new(cb, d, &err);
    ck_assert_ptr_nonnull(t);
    static char out[2048];
    out[0] = '\0';
    for (size_t i = 0; i < grille_tokens_count(t); i++) {
        grille_token k;
        grille_tokens_get(t, i, &k);
        if (i) strcat(out, " ");
        if (k.flags & GRILLE_TOKEN_MARK) strcat(out, "<mark>");
        else if (k.flags & GRILLE_TOKEN_HESITATION) strcat(out, "<hes>");
        else strcat(out, k.form);
    }
    grille_tokens_free(t);
    grille_document_free(d);
    return out;
}

START_TEST(test_elisions) {
    ck_assert_str_eq(forms(NULL, "L'élu qu'il voit jusqu'à lorsqu'on puisqu'elle quoiqu'il"),
                     "l' élu qu' il voit jusqu' à lorsqu' on puisqu' elle quoiqu' il");
    ck_assert_str_eq(forms(NULL, "d’abord j’ai m’a n’est s’il t’es c’est"),
                     "d' abord j' ai m' a n' est s' il t' es c' est");
    /* words with an apostrophe that is not an elision stay whole */
    ck_assert_str_eq(forms(NULL, "aujourd'hui presqu’île quelqu'un"), "aujourd'hui presqu'île quelqu'un");
}
END_TEST

START_TEST(test_compounds_acronyms) {
    ck_assert_str_eq(forms(NULL, "au-delà, la plus-value médico-sociale"), "au-delà la plus-value médico-sociale");
    ck_assert_str_eq(forms(NULL, "Le CLS, la CLSM/CPTS et l'ARS (ISTS)."), "le cls la clsm cpts et l' ars ists");
    ck_assert_str_eq(forms(NULL, "c'est-à-dire"), "c' est-à-dire");
}
END_TEST

START_TEST(test_inclusive) {
    ck_assert_str_eq(forms(NULL, "élu·es élu.e.s élu-es acteur·rices habitant.es"),
                     "élu·es élu·e·s élu-es acteur·rices habitant·es");
    /* the other middle dots are read as · */
    ck_assert_str_eq(forms(NULL, "élu\xE2\x80\xA7"
                                 "es élu\xE2\x8B\x85"
                                 "es"),
                     "élu·es élu·es");
    /* a sentence-final period is not inclusive writing */
    ck_assert_str_eq(forms(NULL, "les élus. Ensuite"), "les élus ensuite");
    /* every piece of the list, and each of them with one letter more,
     * which is no piece: the list is compared whole, a piece at a time */
    static const char *const pieces[] = {"e",     "es",     "s",     "x",      "ne",    "nes",  "le",   "les",  "se",
                                         "ses",   "te",     "tes",   "ve",     "ves",   "fe",   "fes",  "rice", "rices",
                                         "trice", "trices", "euse",  "euses",  "ice",   "ices", "ère",  "ères", "ale",
                                         "ales",  "aux",    "ienne", "iennes", "ienes", "ine",  "ines", "on",   "ons"};
    for (size_t i = 0; i < sizeof pieces / sizeof *pieces; i++) {
        char text[64], want[64];
        snprintf(text, sizeof text, "acteur.%s voit", pieces[i]);
        snprintf(want, sizeof want, "acteur·%s voit", pieces[i]);
        ck_assert_str_eq(forms(NULL, text), want);
        snprintf(text, sizeof text, "acteur.%sz voit", pieces[i]);
        snprintf(want, sizeof want, "acteur %sz voit", pieces[i]);
        ck_assert_str_eq(forms(NULL, text), want);
    }
}
END_TEST

START_TEST(test_marks_hesitations) {
    ck_assert_str_eq(forms(NULL, "euh ben (rires) le réseau [inaudible] xxx […] (CLS) hum"),
                     "<hes> <hes> <mark> le réseau <mark> <mark> <mark> cls <hes>");
    ck_assert_str_eq(forms(NULL, "(Rires) (silence) (pause) [00:12:31]"), "<mark> <mark> <mark> <mark>");
    /* marks of every length in the list (the longest, the shortest),
     * spaced; a parenthesis of another length is text */
    ck_assert_str_eq(forms(NULL, "( rires ) (rires et applaudissements) (…) (inaudible…) (rit) (abcd)"),
                     "<mark> <mark> <mark> <mark> <mark> abcd");
}
END_TEST

START_TEST(test_numbers_and_nfd) {
    ck_assert_str_eq(forms(NULL, "3,5 millions en 2025"), "3,5 millions en 2025");
    /* decomposed accents (NFD, from macOS) are composed */
    ck_assert_str_eq(forms(NULL, "E\xCC\x81lu"), "élu");
}
END_TEST

START_TEST(test_accent_folding) {
    grille_codebook *cb = cb_from(CB_HEAD "<settings><accent-folding>true</accent-folding>"
                                          "<hesitations>euh bof</hesitations></settings>"
                                          "<theme id=\"a\" label=\"a\"><word>x</word></theme>" CB_TAIL);
    ck_assert_str_eq(forms(cb, "Élu·es ÉTÉ ben bof"), "elu·es ete ben <hes>");
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_offsets) {
    const char *text = "R : L’élu·es à côté\n";
    grille_document *d = doc_from(text);
    grille_error err;
    grille_tokens *t = grille_tokens_new(NULL, d, &err);
    ck_assert_uint_eq(grille_tokens_count(t), 4);
    grille_token k;
    grille_tokens_get(t, 1, &k); /* élu·es */
    ck_assert_uint_eq(k.span.byte_start, strstr(text, "élu") - text);
    ck_assert_uint_eq(k.span.byte_end - k.span.byte_start, strlen("élu·es"));
    ck_assert_uint_eq(k.span.cp_start, 6);
    ck_assert_uint_eq(k.span.cp_end, 12);
    grille_tokens_get(t, 0, &k); /* L’ : 2 code points, 4 bytes */
    ck_assert_uint_eq(k.span.cp_end - k.span.cp_start, 2);
    ck_assert_uint_eq(k.span.byte_end - k.span.byte_start, 4);
    ck_assert_uint_eq(k.flags & GRILLE_TOKEN_ELISION, GRILLE_TOKEN_ELISION);
    grille_tokens_get(t, 3, &k); /* côté */
    ck_assert_uint_eq(k.span.cp_start, 15);
    ck_assert_uint_eq(k.span.line, 1);
    grille_tokens_free(t);
    grille_document_free(d);
}
END_TEST

START_TEST(test_interviewer_flag) {
    grille_document *d = doc_from("Enquêtrice : question\nR : réponse\n");
    grille_error err;
    grille_tokens *t = grille_tokens_new(NULL, d, &err);
    grille_token k;
    grille_tokens_get(t, 0, &k);
    ck_assert(k.flags & GRILLE_TOKEN_INTERVIEWER);
    grille_tokens_get(t, 1, &k);
    ck_assert(!(k.flags & GRILLE_TOKEN_INTERVIEWER));
    grille_tokens_free(t);
    grille_document_free(d);
}
END_TEST

/* The tokens of text[0, n) as "b0-b1:flags " into out. */
static void token_list(const tok_config *c, const char *text, size_t n, char *out, size_t cap) {
    toklist l = {0};
    ck_assert_int_eq(tokenize_text(c, text, 0, n, 0, 0, 0, &l), GRILLE_OK);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < l.n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%u-%u:%u ", l.v[i].b0, l.v[i].b1, l.v[i].flags);
    toklist_free(&l);
}

/* A run of ASCII letters and digits is read eight bytes at a time where
 * eight can be read, else byte by byte (the text's last bytes): random
 * words of 1 to 20 letters, digits and other characters, then a
 * separator, give the same tokens both ways: once followed by 16 more
 * bytes, once at the very end of the text. */
START_TEST(test_word_runs) {
    static const char *const pieces[] = {"a", "Z", "q", "7", "0", "é", "É", "'", "’",    "-", "_", ".",
                                         ",", "@", "[", "`", "{", "/", ":", "*", "\x7f", "ß", "K"};
    static const char *const seps[] = {" ", ", ", ".", "", "-", "é", "\n", "'"};
    const size_t npieces = sizeof pieces / sizeof pieces[0], nseps = sizeof seps / sizeof seps[0];
    tok_config c;
    ck_assert_int_eq(tok_config_init(&c, 1, 0, NULL), GRILLE_OK);
    unsigned seed = 4242;
    char word[128], padded[160], a[2048], b[2048];
    for (int round = 0; round < 4000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t count = 1 + (seed >> 16) % 20, n = 0;
        for (size_t k = 0; k < count; k++) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            /* mostly letters and digits, so that runs cross 8 bytes */
            const char *p = r < 75 ? pieces[r % 5] : pieces[5 + (seed >> 20) % (npieces - 5)];
            memcpy(word + n, p, strlen(p));
            n += strlen(p);
        }
        seed = seed * 1103515245u + 12345u;
        const char *sep = seps[(seed >> 16) % nseps];
        memcpy(word + n, sep, strlen(sep));
        n += strlen(sep);
        /* at the end of the text: the last 8 bytes are read one by one */
        token_list(&c, word, n, a, sizeof a);
        /* followed by spaces: the same tokens, read 8 bytes at a time */
        memcpy(padded, word, n);
        memset(padded + n, ' ', 16);
        token_list(&c, padded, n + 16, b, sizeof b);
        ck_assert_msg(strcmp(a, b) == 0, "'%.*s': '%s' at the end, '%s' before spaces", (int)n, word, a, b);
    }
    /* a unit that ends inside a run of letters (the text goes on): the
     * last token ends with the unit, wherever that is in the 8 bytes */
    grille_document *d = doc_from("R : abcdefghijklmnopqrstuvwxyz0123456789 fin\n");
    ck_assert_uint_ge(d->nsents, 1);
    size_t start = d->sents[0].span.b0;
    toklist l = {0};
    for (size_t cut = 1; cut <= 36; cut++) {
        d->sents[0].span.b1 = start + cut;
        toklist_clear(&l);
        ck_assert_int_eq(tokenize_sentence(&c, d, 0, 0, &l), GRILLE_OK);
        ck_assert_uint_eq(l.n, 1);
        ck_assert_uint_eq(l.v[0].b1, start + cut);
    }
    toklist_free(&l);
    grille_document_free(d);
    tok_config_free(&c);
}
END_TEST

/* The tokens of text[0, n), followed in its buffer by 64 spaces, in
 * out as "b0-b1:flags:form " (interned, as the matcher has them). */
static void block_tokens(const tok_config *c, const char *text, size_t n, int blocks, char *out, size_t cap) {
    toklist l = {0};
    ck_assert_int_eq(toklist_intern(&l, text), GRILLE_OK);
    ck_assert_int_eq(tokenize_text_in(c, text, n + 64, 0, n, blocks, &l), GRILLE_OK);
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < l.n && len < cap; i++)
        len += (size_t)snprintf(out + len, cap - len, "%u-%u:%u:%.*s ", l.v[i].b0, l.v[i].b1, l.v[i].flags,
                                (int)l.v[i].form_len, l.forms.data + l.v[i].form);
    toklist_free(&l);
}

/* Where 64 bytes can be read, they are classed at once and the words
 * found by their bits (scan_block()); else byte by byte.  Random texts
 * of up to 400 bytes give the same tokens, forms and flags both ways:
 * words of ASCII and Latin-1 letters across the 64 bytes, × and ÷
 * (which are not letters) and other two-byte letters, elisions (and
 * words that are not, before an apostrophe),
 * inclusive writing, numbers, marks, brackets that are not marks. */
START_TEST(test_block_scan) {
    static const char *const pieces[] = {"a",
                                         "Z",
                                         "q",
                                         "7",
                                         "0",
                                         "é",
                                         "É",
                                         "à",
                                         "ß",
                                         "\xC3\x97" /* × */,
                                         "\xC3\xB7" /* ÷ */,
                                         "œ",
                                         "ſ",
                                         "K",
                                         "’",
                                         "'",
                                         "-",
                                         "_",
                                         ".",
                                         ",",
                                         " ",
                                         " ",
                                         "\n",
                                         "(",
                                         ")",
                                         "[",
                                         "]",
                                         "*",
                                         "«",
                                         "»",
                                         "abcdefghijklmnop",
                                         "l'",
                                         "qu'",
                                         ".e.s",
                                         "3,5",
                                         "(rires)",
                                         "[inaudible]",
                                         "(CLS)",
                                         "aujourd'hui",
                                         "euh",
                                         "xxx",
                                         "Jusqu'",
                                         "D'",
                                         "lorsqu'",
                                         "t'",
                                         "x'",
                                         "l’",
                                         "Qu’",
                                         "x’"};
    const size_t npieces = sizeof pieces / sizeof pieces[0];
    tok_config c;
    ck_assert_int_eq(tok_config_init(&c, 1, 0, NULL), GRILLE_OK);
    unsigned seed = 777;
    static char text[600], a[16384], b[16384];
    size_t compared = 0;
    for (int round = 0; round < 3000; round++) {
        seed = seed * 1103515245u + 12345u;
        size_t target = 1 + (seed >> 16) % 400, n = 0;
        while (n < target) {
            seed = seed * 1103515245u + 12345u;
            unsigned r = (seed >> 16) % 100;
            /* mostly letters, so that words run across the 64 bytes */
            const char *p = r < 60 ? pieces[r % 8] : pieces[(seed >> 20) % npieces];
            memcpy(text + n, p, strlen(p));
            n += strlen(p);
        }
        memset(text + n, ' ', 64);
        block_tokens(&c, text, n, 0, a, sizeof a);
        /* blocks classed with SSE2, then with AVX-512BW where the
         * processor has it (simd.h) */
        for (int wide = 0; wide <= simd_wide(); wide++) {
            c.wide = wide;
            block_tokens(&c, text, n, 1, b, sizeof b);
            if (strcmp(a, b) != 0) /* (not ck_assert: one line to a file each time it holds) */
                ck_abort_msg("'%.*s':\nbyte by byte %s\nby blocks    %s (wide %d)", (int)n, text, a, b, wide);
        }
        compared += strlen(a) > 0;
    }
    ck_assert_uint_gt(compared, 2900);
    tok_config_free(&c);
}
END_TEST

/* Tokenizes every sentence of d into fresh (folded afresh) and interned
 * (interning d's words, as the matcher has it do) and checks that the
 * tokens are the same: offsets, form, hash and flags.  Returns how many
 * tokens there were. */
static size_t same_tokens(const tok_config *c, const grille_document *d, toklist *fresh, toklist *interned) {
    ck_assert_int_eq(toklist_intern(interned, d->text), GRILLE_OK);
    ck_assert_uint_eq(interned->nwords, 0);
    size_t ntokens = 0;
    for (size_t s = 0; s < d->nsents; s++) {
        toklist_clear(fresh);
        toklist_clear(interned);
        ck_assert_int_eq(tokenize_sentence(c, d, s, 0, fresh), GRILLE_OK);
        ck_assert_int_eq(tokenize_sentence(c, d, s, 0, interned), GRILLE_OK);
        ck_assert_uint_eq(fresh->n, interned->n);
        for (size_t i = 0; i < fresh->n; i++) {
            const tok *a = &fresh->v[i], *b = &interned->v[i];
            ck_assert_uint_eq(a->b0, b->b0);
            ck_assert_uint_eq(a->b1, b->b1);
            ck_assert_uint_eq(a->hash, b->hash);
            ck_assert_uint_eq(a->flags, b->flags);
            ck_assert_uint_eq(a->form_len, b->form_len);
            ck_assert_str_eq(tok_form(fresh, a), tok_form(interned, b));
            ck_assert_uint_eq(a->word, TOK_NO_WORD);
            /* marks and very long words are not interned; every other
             * token is */
            if (b->b1 - b->b0 > TOK_INTERN_MAX) ck_assert_uint_eq(b->word, TOK_NO_WORD);
            else
                ck_assert(b->flags & GRILLE_TOKEN_MARK ? b->word == TOK_NO_WORD || b->word < interned->nwords
                                                       : b->word < interned->nwords);
            ntokens++;
        }
    }
    return ntokens;
}

/* A word the tokenizer interns reads as it does folded afresh, whatever
 * its neighbours, its case, an elision, inclusive writing, a hesitation
 * or a mark; the interned forms outlive toklist_clear(). */
START_TEST(test_interned_same) {
    const char *text = "R : L'élu et l'ÉLU, élu.e.s ; euh EUH xxx (rires) [inaudible] aujourd'hui 3,5 1.5 "
                       "Santé santé SANTÉ peut-être l’élu élu·es co-construire.\n"
                       "E : L'élu ? Euh... santé santé 3,5 (rires)\n";
    grille_document *d = doc_from(text);
    tok_config c;
    ck_assert_int_eq(tok_config_init(&c, 1, 0, NULL), GRILLE_OK);
    toklist fresh = {0}, interned = {0};
    size_t ntokens = same_tokens(&c, d, &fresh, &interned);
    ck_assert_uint_eq(ntokens, 29);
    /* "santé" seen five times, "élu" several: fewer words than tokens */
    ck_assert_uint_lt(interned.nwords, ntokens);
    /* a text of 3,000 words of which 1,200 differ (the tables grow, the
     * table of recent words collides), some longer than it keeps */
    static char big[64000];
    size_t n = (size_t)snprintf(big, sizeof big, "R :");
    for (int i = 0; i < 3000; i++) {
        int w = (i * 7919) % 1200;
        n += (size_t)snprintf(big + n, sizeof big - n, w % 9 == 0 ? " Anticonstitutionnellement%d%s" : " mot%d%s", w,
                              w % 5 == 0 ? "é" : "");
    }
    snprintf(big + n, sizeof big - n, ".\n");
    grille_document *b = doc_from(big);
    ck_assert_uint_eq(same_tokens(&c, b, &fresh, &interned), 3000);
    ck_assert_uint_eq(interned.nwords, 1200);
    grille_document_free(b);
    /* short words are read 8 bytes at once where the text goes on for 8
     * more, else copied: at the text's very end, they are the same words
     * (one each, with 1, 2, 7 and 8 bytes) */
    b = doc_from("R : a le abcdefg ensemble le a.\nE : ensemble abcdefg a le");
    ck_assert_uint_eq(same_tokens(&c, b, &fresh, &interned), 10);
    ck_assert_uint_eq(interned.nwords, 4);
    grille_document_free(b);
    /* a word longer than TOK_INTERN_MAX, twice, between short ones: read
     * as it is folded afresh, not interned */
    static char huge[2 * TOK_INTERN_MAX + 64];
    n = (size_t)snprintf(huge, sizeof huge, "R : Le ");
    for (int k = 0; k < 2; k++) {
        for (int i = 0; i <= TOK_INTERN_MAX; i++) huge[n++] = i % 2 ? 'E' : 'e';
        n += (size_t)snprintf(huge + n, sizeof huge - n, " le ");
    }
    snprintf(huge + n, sizeof huge - n, ".\n");
    b = doc_from(huge);
    ck_assert_uint_eq(same_tokens(&c, b, &fresh, &interned), 5);
    ck_assert_uint_eq(interned.nwords, 2); /* Le, le */
    grille_document_free(b);
    toklist_free(&fresh);
    toklist_free(&interned);
    tok_config_free(&c);
    grille_document_free(d);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("tokenize");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_elisions);
    tcase_add_test(tc, test_compounds_acronyms);
    tcase_add_test(tc, test_inclusive);
    tcase_add_test(tc, test_marks_hesitations);
    tcase_add_test(tc, test_numbers_and_nfd);
    tcase_add_test(tc, test_accent_folding);
    tcase_add_test(tc, test_offsets);
    tcase_add_test(tc, test_interviewer_flag);
    tcase_add_test(tc, test_interned_same);
    tcase_add_test(tc, test_word_runs);
    tcase_add_test(tc, test_block_scan);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

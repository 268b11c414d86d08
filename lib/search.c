/* search.c - free text search: a query becomes a codebook of one theme
 * and one rule, read with the settings of the researcher's codebook, so
 * that it matches exactly as a rule written in that codebook would, and
 * the coder, the concordance and the counts do the rest. */
#include "codebook.h"

static int put_escaped(gbuf *b, const char *s) {
    for (; *s; s++) {
        int rc = *s == '&'   ? gbuf_printf(b, "&amp;")
                 : *s == '<' ? gbuf_printf(b, "&lt;")
                 : *s == '>' ? gbuf_printf(b, "&gt;")
                             : gbuf_putc(b, *s);
        if (rc) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

grille_codebook *grille_codebook_new_search(const grille_codebook *base, grille_rule_kind kind, const char *text,
                                            unsigned flags, grille_error *err) {
    grille_error_clear(err);
    static const char *const el[] = {[GRILLE_RULE_WORD] = "word",
                                     [GRILLE_RULE_PHRASE] = "phrase",
                                     [GRILLE_RULE_LEMMA] = "lemma",
                                     [GRILLE_RULE_REGEX] = "regex"};
    if (!text || !*text || kind > GRILLE_RULE_REGEX) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "a search needs a word, phrase, lemma or regex");
        return NULL;
    }
    static const char *const speakers[] = {[GRILLE_SPEAKERS_RESPONDENTS] = "respondents",
                                           [GRILLE_SPEAKERS_INTERVIEWERS] = "interviewers",
                                           [GRILLE_SPEAKERS_ALL] = "all"};
    gbuf b = {0};
    int rc = gbuf_printf(&b,
                         "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                         "<codebook xmlns=\"urn:grille:codebook:1\" id=\"search\">\n<title>search</title>\n"
                         "<settings><unit>%s</unit><speakers>%s</speakers>"
                         "<case-folding>%s</case-folding><accent-folding>%s</accent-folding>",
                         grille_unit_kind_name(base ? base->unit : GRILLE_UNIT_SENTENCE),
                         (flags & GRILLE_SEARCH_ALL_SPEAKERS) || !base ? "all" : speakers[base->speakers],
                         !base || base->case_fold ? "true" : "false", base && base->accent_fold ? "true" : "false");
    if (!rc && base && base->hesitations)
        rc =
            gbuf_printf(&b, "<hesitations>") || put_escaped(&b, base->hesitations) || gbuf_printf(&b, "</hesitations>");
    /* the query on a line of its own, right after its tag: an error's
     * column there is its column in the query */
    if (!rc) rc = gbuf_printf(&b, "</settings>\n<theme id=\"search\" label=\"search\">\n<%s>", el[kind]);
    size_t line_of_query = 1, tag = strlen(el[kind]) + 2;
    for (size_t i = 0; !rc && i < b.len; i++) line_of_query += b.data[i] == '\n';
    if (!rc) rc = put_escaped(&b, text) || gbuf_printf(&b, "</%s>\n</theme>\n</codebook>\n", el[kind]);
    if (rc) {
        gbuf_free(&b);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.lexicon = base ? base->lexicon : NULL;
    grille_codebook_source src = {.name = "search", .xml = b.data, .len = b.len};
    grille_codebook *cb = grille_codebook_open(&src, &o, NULL, err);
    gbuf_free(&b);
    if (!cb && err) {
        /* the message is about the query, not a file nobody wrote */
        char msg[sizeof err->message];
        snprintf(msg, sizeof msg, "%s", err->message);
        unsigned col = err->line == line_of_query && err->column > tag ? err->column - (unsigned)tag : 0;
        grille_fail(err, err->code, "query", 1, col, 0, "%s", msg);
    }
    return cb;
}

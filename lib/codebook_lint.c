/* codebook_lint.c - warnings on word, phrase and lemma rules that do not
 * match what they seem to.  A rule's text is cut into words by the
 * tokenizer that cuts transcripts, so "reconnu(e)s" is three words
 * (reconnu, e, s): the rule then matches those three in a row, never
 * "reconnus" or "reconnues", which is what its author meant.  These are
 * warnings: the codebook still loads. */
#include "codebook_load.h"
#include <stdio.h>

static int is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The characters of text[a..b) that are not white space, at most n-1
 * bytes of them, each kind once ("()" for "(e)"). */
static void dropped(const char *text, size_t a, size_t b, char *out, size_t n) {
    size_t k = 0;
    out[0] = '\0';
    for (size_t i = a; i < b; i++) {
        if (is_space(text[i])) continue;
        size_t len = 1;
        while (i + len < b && ((unsigned char)text[i + len] & 0xC0) == 0x80) len++;
        int seen = 0;
        for (size_t j = 0; j + len <= k && !seen; j++) seen = memcmp(out + j, text + i, len) == 0;
        if (!seen && k + len < n) {
            memcpy(out + k, text + i, len);
            k += len;
            out[k] = '\0';
        }
        i += len - 1;
    }
}

/* The words i..j run together ("reconnu" "e" "s": "reconnues"), the
 * single word the author most likely meant, into out. */
static const char *joined(const toklist *tl, size_t i, size_t j, char *out, size_t size) {
    size_t k = 0;
    for (size_t t = i; t <= j; t++) {
        const char *f = tok_form(tl, &tl->v[t]);
        size_t n = strlen(f);
        if (k + n + 1 > size) break;
        memcpy(out + k, f, n);
        k += n;
    }
    out[k] = '\0';
    return out;
}

void lint_pattern(loader *L, xmlNodePtr n, const char *text, const toklist *tl) {
    const char *el = (const char *)n->name;
    size_t len = strlen(text);
    unsigned line, col;
    element_position(L, n, &line, &col);
    int cut = 0;
    /* a run of text without white space that the tokenizer cut into
     * several words at a character it does not keep ("reconnu(e)s") */
    for (size_t i = 0; i < tl->n;) {
        size_t j = i, cut_at = 0;
        while (j + 1 < tl->n && tl->v[j + 1].b0 > tl->v[j].b1) {
            size_t a = tl->v[j].b1, b = tl->v[j + 1].b0, k = a;
            while (k < b && !is_space(text[k])) k++;
            if (k < b) break; /* white space: the next word is another word */
            if (!cut_at) cut_at = a;
            j++;
        }
        /* words written together (an elision, l'état) are not cut */
        while (j + 1 < tl->n && tl->v[j + 1].b0 == tl->v[j].b1) j++;
        if (cut_at) {
            cut = 1;
            size_t a = tl->v[i].b0, b = tl->v[j].b1;
            while (a > 0 && !is_space(text[a - 1])) a--; /* "(re)connu": from the '(' */
            while (b < len && !is_space(text[b])) b++;
            /* what the tokenizer cut at: the chunk's characters outside its words */
            char chars[32];
            gbuf gaps = {0};
            for (size_t k = i, from = a; k <= j + 1; k++) {
                size_t to = k <= j ? tl->v[k].b0 : b;
                gbuf_append(&gaps, text + from, to - from);
                if (k <= j) from = tl->v[k].b1;
            }
            if (gaps.failed) L->oom = 1;
            dropped(gaps.data ? gaps.data : "", 0, gaps.len, chars, sizeof chars);
            gbuf_free(&gaps);
            char one[128];
            gbuf words = {0};
            for (size_t k = i; k <= j; k++) gbuf_printf(&words, "%s%s", k > i ? " " : "", tok_form(tl, &tl->v[k]));
            if (words.failed) L->oom = 1;
            if (strpbrk(chars, "(["))
                add_diag(L, 0, GRILLE_OK, line, col,
                         "'%.*s' is cut at '%s' into %zu words (%s), as transcripts are: this <%s> matches those "
                         "words in a row, never one word such as %s; write one <word> per form, or a glob "
                         "such as %s*",
                         (int)(b - a), text + a, chars, j - i + 1, words.data ? words.data : "", el,
                         joined(tl, i, j, one, sizeof one), tok_form(tl, &tl->v[i]));
            else
                add_diag(L, 0, GRILLE_OK, line, col,
                         "'%.*s' is cut at '%s' into %zu words (%s), as transcripts are: this <%s> matches those "
                         "words in a row, never a single word; say so with a <phrase>, or write one <word> "
                         "per word",
                         (int)(b - a), text + a, chars, j - i + 1, words.data ? words.data : "", el);
            gbuf_free(&words);
        }
        i = j + 1;
    }
    /* punctuation around a single word: harmless, but not what it seems */
    if (!cut && strcmp(el, "phrase") != 0 && tl->n) {
        char before[32], after[32];
        dropped(text, 0, tl->v[0].b0, before, sizeof before);
        dropped(text, tl->v[tl->n - 1].b1, len, after, sizeof after);
        if (before[0] || after[0])
            add_diag(L, 0, GRILLE_OK, line, col,
                     "'%s%s' around %s is ignored, as in transcripts (no word holds it): this <%s> matches "
                     "the word %s",
                     before, after, tok_form(tl, &tl->v[0]), el, tok_form(tl, &tl->v[0]));
    }
}

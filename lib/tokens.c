/* tokens.c - the public token listing, for `grille tokens`. */
#include "codebook_view.h"
#include "tokenize.h"

struct grille_tokens {
    toklist tl;
    const grille_document *doc;
};

grille_tokens *grille_tokens_new(const grille_codebook *cb, const grille_document *doc, grille_error *err) {
    grille_error_clear(err);
    if (!doc) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no document");
        return NULL;
    }
    grille_tokens *t = calloc(1, sizeof *t);
    tok_config own;
    const tok_config *tc = cb ? codebook_tok_config(cb) : NULL;
    int rc = t ? GRILLE_OK : GRILLE_ENOMEM;
    if (rc == GRILLE_OK && !cb) {
        rc = tok_config_init(&own, 1, 0, NULL);
        tc = &own;
    }
    if (t) t->doc = doc;
    for (size_t s = 0; rc == GRILLE_OK && s < doc->nsents; s++) {
        unsigned extra = doc->turns[doc->sents[s].turn].interviewer ? GRILLE_TOKEN_INTERVIEWER : 0;
        rc = tokenize_sentence(tc, doc, s, extra, &t->tl);
    }
    if (!cb && tc) tok_config_free(&own);
    if (rc) {
        grille_fail(err, rc, doc->name, 0, 0, 0, "out of memory");
        grille_tokens_free(t);
        return NULL;
    }
    return t;
}

size_t grille_tokens_count(const grille_tokens *t) { return t ? t->tl.n : 0; }

int grille_tokens_get(const grille_tokens *t, size_t i, grille_token *out) {
    if (!t || !out || i >= t->tl.n) return GRILLE_EUSAGE;
    const tok *k = &t->tl.v[i];
    out->span.byte_start = k->b0;
    out->span.byte_end = k->b1;
    out->span.cp_start = document_cp_at(t->doc, k->b0);
    out->span.cp_end = document_cp_at(t->doc, k->b1);
    out->span.line = document_line_at(t->doc, k->b0);
    out->flags = k->flags;
    out->sentence = k->sent;
    out->form = tok_form(&t->tl, k);
    return GRILLE_OK;
}

void grille_tokens_free(grille_tokens *t) {
    if (!t) return;
    toklist_free(&t->tl);
    free(t);
}

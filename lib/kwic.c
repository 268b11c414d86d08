/* kwic.c - concordance lines: each rule match with the words around it,
 * within its speaker's turn. */
#include "codebook_view.h"
#include "output.h"
#include "tab.h"
#include <stdio.h>

static int is_word(const grille_token *t) {
    return (t->flags & GRILLE_TOKEN_WORD) && !(t->flags & (GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION));
}

/* text[b0..b1) with line breaks and tabs as spaces, a run of spaces as
 * one, and without spaces at its ends, appended to b: where it starts in
 * b (its length in *n).  b->failed when the copy cannot be made. */
static size_t flat_append(gbuf *b, const char *text, size_t b0, size_t b1, size_t *n) {
    size_t start = b->len;
    for (size_t i = b0; i < b1; i++) {
        char c = text[i];
        if (c == '\n' || c == '\r' || c == '\t') c = ' ';
        if (c == ' ' && (b->len == start || b->data[b->len - 1] == ' ')) continue;
        gbuf_putc(b, c);
    }
    while (b->len > start && b->data[b->len - 1] == ' ') b->len--;
    *n = b->len - start;
    return start;
}

static void sep(FILE *out, grille_format fmt) {
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs(" | ", out);
    else write_sep(out, fmt);
}

static const char kwic_what[] = N_("cannot write the concordance");

int grille_kwic_write_header(FILE *out, grille_format fmt, grille_error *err) {
    static const char *const cols[] = {"document", "speaker", "line",  "cp_start", "cp_end", "theme",
                                       "rule",     "left",    "match", "right",    NULL};
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, kwic_what, N_("no output stream"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, kwic_what, fmt);
    tab_bom(out, fmt);
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs("| ", out);
    for (size_t i = 0; cols[i]; i++) {
        if (i) sep(out, fmt);
        fputs(cols[i], out);
    }
    if (fmt == GRILLE_FORMAT_MARKDOWN) fputs(" |\n|---|---|---:|---:|---:|---|---|---:|:---:|---|\n", out);
    else write_eol(out, fmt);
    return grille_write_end(out, err, kwic_what);
}

int grille_kwic_write(FILE *out, grille_format fmt, const grille_codebook *cb, const grille_coding *c, size_t theme,
                      size_t context, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, kwic_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, kwic_what, N_("no codebook"));
    if (!c) return grille_write_fail(err, GRILLE_EUSAGE, kwic_what, N_("no coding"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, kwic_what, fmt);
    const grille_document *doc = grille_coding_document(c);
    const char *text = grille_document_text(doc);
    grille_tokens *toks = grille_tokens_new(cb, doc, err);
    if (!toks) return err ? err->code : GRILLE_ENOMEM;
    size_t nt = grille_tokens_count(toks);
    grille_token *tv = malloc((nt + 1) * sizeof *tv);
    size_t *turn = malloc((nt + 1) * sizeof *turn);
    if (!tv || !turn) {
        free(tv);
        free(turn);
        grille_tokens_free(toks);
        return grille_write_fail(err, GRILLE_ENOMEM, kwic_what, N_("out of memory"));
    }
    for (size_t i = 0; i < nt; i++) {
        grille_tokens_get(toks, i, &tv[i]);
        grille_unit u;
        grille_document_unit_get(doc, GRILLE_UNIT_SENTENCE, tv[i].sentence, &u);
        turn[i] = u.turn;
    }
    gbuf flat = {0}; /* a line's texts */
    for (size_t si = 0; si < grille_coding_segment_count(c); si++) {
        const grille_segment *s = grille_coding_segment_get(c, si);
        if (theme != GRILLE_NONE) {
            /* the theme or one of its sub-themes */
            int t = (int)s->theme;
            while (t >= 0 && (size_t)t != theme) t = codebook_theme_parent(cb, (size_t)t);
            if (t < 0) continue;
        }
        for (size_t h = 0; h < s->hit_count; h++) {
            const grille_hit *hit = &s->hits[h];
            if (hit->flags & GRILLE_HIT_CONTEXT) continue; /* in the question, not in the answer */
            size_t lo = 0, hi = nt;
            while (lo < hi) { /* first token starting at or after the match */
                size_t mid = (lo + hi) / 2;
                if (tv[mid].span.byte_start < hit->span.byte_start) lo = mid + 1;
                else hi = mid;
            }
            size_t first = lo, left = hit->span.byte_start, right = hit->span.byte_end;
            size_t words = 0;
            for (size_t i = first; i-- > 0 && turn[i] == s->turn && words < context;) {
                left = tv[i].span.byte_start;
                words += (size_t)is_word(&tv[i]);
            }
            size_t after = first;
            while (after < nt && tv[after].span.byte_start < hit->span.byte_end) after++;
            words = 0;
            for (size_t i = after; i < nt && turn[i] == s->turn && words < context; i++) {
                right = tv[i].span.byte_end;
                words += (size_t)is_word(&tv[i]);
            }
            /* the line's three texts made before any of it is written:
             * out of memory, none of it is */
            size_t nleft, nmatch, nright;
            flat.len = 0;
            size_t at_left = flat_append(&flat, text, left, hit->span.byte_start, &nleft);
            size_t at_match = flat_append(&flat, text, hit->span.byte_start, hit->span.byte_end, &nmatch);
            size_t at_right = flat_append(&flat, text, hit->span.byte_end, right, &nright);
            if (flat.failed) {
                gbuf_free(&flat);
                free(tv);
                free(turn);
                grille_tokens_free(toks);
                return grille_write_fail(err, GRILLE_ENOMEM, kwic_what, N_("out of memory"));
            }
            const char *f = flat.data ? flat.data : "";
            if (fmt == GRILLE_FORMAT_MARKDOWN) fputs("| ", out);
            write_field(out, fmt, s->document, strlen(s->document));
            sep(out, fmt);
            write_field(out, fmt, s->speaker, strlen(s->speaker));
            sep(out, fmt);
            fprintf(out, "%u", hit->span.line ? hit->span.line : s->span.line);
            sep(out, fmt);
            fprintf(out, "%zu", hit->span.cp_start);
            sep(out, fmt);
            fprintf(out, "%zu", hit->span.cp_end);
            sep(out, fmt);
            write_field(out, fmt, s->theme_id, strlen(s->theme_id));
            sep(out, fmt);
            write_field(out, fmt, hit->rule_id, strlen(hit->rule_id));
            sep(out, fmt);
            write_field(out, fmt, f + at_left, nleft);
            sep(out, fmt);
            if (fmt == GRILLE_FORMAT_MARKDOWN) fputs("**", out);
            write_field(out, fmt, f + at_match, nmatch);
            if (fmt == GRILLE_FORMAT_MARKDOWN) fputs("**", out);
            sep(out, fmt);
            write_field(out, fmt, f + at_right, nright);
            if (fmt == GRILLE_FORMAT_MARKDOWN) fputs(" |\n", out);
            else write_eol(out, fmt);
        }
    }
    gbuf_free(&flat);
    free(tv);
    free(turn);
    grille_tokens_free(toks);
    return grille_write_end(out, err, kwic_what);
}

/* codebook_doc.c - the codebook as a document for a thesis or a report's
 * appendix: each theme with its label, description and rules in plain
 * words ("the word «mission» and the words that start with it", "«comité»
 * and «pilotage» within 4 words"), and, given coded transcripts, two
 * example verbatims per theme.  Markdown, or one self-contained HTML page. */
#include "codebook.h"
#include "output.h"
#include "lang.h"
#include <stdio.h>

#define EXAMPLES 2
#define EXAMPLE_MAX_BYTES 400
#define EXAMPLE_MIN_WORDS 6

static const char doc_what[] = N_("cannot write the codebook document");

typedef struct writer {
    FILE *out;
    int html;
    grille_language lang; /* of the words around the codebook's own */
} writer;

static void text(const writer *w, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if ((unsigned char)c < 0x20) c = ' ';
        if (w->html) {
            switch (c) {
            case '&': fputs("&amp;", w->out); continue;
            case '<': fputs("&lt;", w->out); continue;
            case '>': fputs("&gt;", w->out); continue;
            case '"': fputs("&quot;", w->out); continue;
            }
        } else if (strchr("\\`*_[]<>|&#", c)) fputc('\\', w->out);
        fputc(c, w->out);
    }
}

static void str(const writer *w, const char *s) { text(w, s, strlen(s)); }

/* A pattern as the reader should see it, in French quotes. */
static void quoted(const writer *w, const char *s, size_t n) {
    fputs("«\u00a0", w->out);
    if (w->html) fputs("<code>", w->out);
    text(w, s, n);
    if (w->html) fputs("</code>", w->out);
    fputs("\u00a0»", w->out);
}

/* One word of a rule: a star at its end, its start or inside. */
static void word(const writer *w, const char *s) {
    size_t n = strlen(s);
    const char *star = strchr(s, '*');
    if (!star) {
        fputs(T(w->lang, "the word "), w->out);
        quoted(w, s, n);
    } else if (star == s + n - 1 && star != s) {
        fputs(T(w->lang, "the words that start with "), w->out);
        quoted(w, s, n - 1);
    } else if (star == s && !strchr(s + 1, '*')) {
        fputs(T(w->lang, "the words that end with "), w->out);
        quoted(w, s + 1, n - 1);
    } else {
        fputs(T(w->lang, "the words that match "), w->out);
        quoted(w, s, n);
        fputs(T(w->lang, " (* for any letters)"), w->out);
    }
}

/* v as %g writes it, with the separator of lang ("1.5", "1,5"). */
static const char *number_g(char *buf, size_t len, grille_language lang, double v) {
    snprintf(buf, len, "%g", v);
    for (char *p = buf; *p; p++)
        if (*p == '.' || *p == ',') *p = lang == GRILLE_LANG_FR ? ',' : '.';
    return buf;
}

static void describe(const writer *w, const grille_codebook *cb, int r) {
    const rnode *n = &cb->rules[r];
    const rleaf *lf = n->leaf >= 0 ? &cb->leaves[n->leaf] : NULL;
    switch (n->kind) {
    case GRILLE_RULE_WORD: word(w, n->text); break;
    case GRILLE_RULE_PHRASE:
        fputs(T(w->lang, "the phrase "), w->out);
        quoted(w, n->text, strlen(n->text));
        if (strchr(n->text, '*')) fputs(T(w->lang, " (* for any letters)"), w->out);
        break;
    case GRILLE_RULE_LEMMA:
        fputs(T(w->lang, "every form of "), w->out);
        quoted(w, n->text, strlen(n->text));
        if (lf && lf->pos_mask) {
            /* TRANSLATORS: "every form of «x» as a nom or verbe" (the parts
             * of speech stay the lexicon's French names) */
            fputs(T(w->lang, " as a "), w->out);
            int first = 1;
            for (unsigned p = 0; p < LEX_POS_COUNT; p++)
                if (lf->pos_mask >> p & 1) {
                    fputs(first ? "" : T(w->lang, " or "), w->out);
                    str(w, lexicon_pos_name(p));
                    first = 0;
                }
        }
        for (size_t x = 0; lf && x < lf->nexcept; x++) {
            fputs(x ? ", " : T(w->lang, ", except "), w->out);
            quoted(w, lf->except[x], strlen(lf->except[x]));
        }
        break;
    case GRILLE_RULE_REGEX:
        fputs(T(w->lang, "the text matching the regular expression "), w->out);
        quoted(w, n->text, strlen(n->text));
        break;
    case GRILLE_RULE_NEAR:
    case GRILLE_RULE_ALL:
    case GRILLE_RULE_ANY: {
        const char *joint = n->kind == GRILLE_RULE_ANY   ? T(w->lang, "; or ")
                            : n->kind == GRILLE_RULE_ALL ? T(w->lang, "; and ")
                                                         : T(w->lang, " and ");
        fputs(n->kind == GRILLE_RULE_ANY   ? T(w->lang, "one of: ")
              : n->kind == GRILLE_RULE_ALL ? T(w->lang, "all of: ")
                                           : "",
              w->out);
        for (size_t i = 0; i < n->nchildren; i++) {
            if (i) fputs(joint, w->out);
            describe(w, cb, n->children[i]);
        }
        if (n->kind == GRILLE_RULE_NEAR) {
            /* the English singular for 0 and 1, as French's */
            fprintf(w->out,
                    TN(w->lang, ", within %u word of each other", ", within %u words of each other",
                       n->distance > 1 ? n->distance : 1),
                    n->distance);
            if (n->ordered) fputs(T(w->lang, ", in this order"), w->out);
        }
        break;
    }
    }
    if (lf && lf->case_exact) fputs(T(w->lang, " (capitals as written)"), w->out);
    if (n->parent < 0 && n->weight != 1) {
        char weight[64];
        fprintf(w->out, T(w->lang, " (weight %s)"), number_g(weight, sizeof weight, w->lang, n->weight));
    }
}

/* ------------------------------------------------------------------ */
/* examples                                                            */

/* An example kept: what write_example() prints of it, copied, so that
 * its coding and document may be freed (the transcripts are coded and
 * dropped one at a time). */
typedef struct example {
    size_t rules, hits;
    char *text; /* at most EXAMPLE_MAX_BYTES, cut at a character */
    int cut;    /* the unit was longer */
    char *doc, *speaker;
    unsigned line;
} example;

/* The examples of each theme: the best of each document, ranked. */
struct grille_codebook_doc {
    const grille_codebook *cb;
    int examples; /* an Examples part per theme */
    example (*pick)[EXAMPLES];
    size_t *npick;
};

static size_t words_of(const char *s, size_t n) {
    size_t words = 0;
    int in = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        int letter = c >= 0x80 || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        words += letter && !in;
        in = letter;
    }
    return words;
}

static void example_free(example *e) {
    free(e->text);
    free(e->doc);
    free(e->speaker);
}

/* The copy of segment seg of c that the document prints; -1 out of memory. */
static int example_keep(example *e, const grille_coding *c, size_t seg, size_t rules) {
    const grille_segment *s = grille_coding_segment_get(c, seg);
    const grille_document *doc = grille_coding_document(c);
    const char *t = grille_document_text(doc) + s->span.byte_start;
    size_t n = s->span.byte_end - s->span.byte_start, cut = n;
    if (cut > EXAMPLE_MAX_BYTES) {
        cut = EXAMPLE_MAX_BYTES;
        while (cut && ((unsigned char)t[cut] & 0xC0) == 0x80) cut--;
    }
    *e = (example){rules,
                   s->hit_count,
                   grille_strndup(t, cut),
                   cut < n,
                   grille_strdup(grille_document_id(doc)),
                   s->speaker && *s->speaker ? grille_strdup(s->speaker) : NULL,
                   s->span.line};
    if (!e->text || !e->doc || (s->speaker && *s->speaker && !e->speaker)) {
        example_free(e);
        return -1;
    }
    return 0;
}

/* Theme t's segment of c with the most distinct rules, then matches, then
 * the first, among those of at least EXAMPLE_MIN_WORDS words, into the
 * theme's EXAMPLES best (one per document, in rank then corpus order). */
static int pick_example(grille_codebook_doc *d, const grille_coding *c, size_t t) {
    size_t best = SIZE_MAX, best_rules = 0, best_hits = 0;
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        if (s->theme != t) continue;
        const char *txt = grille_document_text(grille_coding_document(c)) + s->span.byte_start;
        if (words_of(txt, s->span.byte_end - s->span.byte_start) < EXAMPLE_MIN_WORDS) continue;
        size_t rules = 0;
        for (size_t h = 0; h < s->hit_count; h++) {
            size_t k = 0;
            while (k < h && strcmp(s->hits[k].rule_id, s->hits[h].rule_id) != 0) k++;
            rules += k == h;
        }
        if (best == SIZE_MAX || rules > best_rules || (rules == best_rules && s->hit_count > best_hits)) {
            best = i;
            best_rules = rules;
            best_hits = s->hit_count;
        }
    }
    if (best == SIZE_MAX) return 0;
    example *pick = d->pick[t];
    size_t np = d->npick[t], at = np;
    while (at > 0 &&
           (pick[at - 1].rules < best_rules || (pick[at - 1].rules == best_rules && pick[at - 1].hits < best_hits)))
        at--;
    if (at >= EXAMPLES) return 0;
    example e;
    if (example_keep(&e, c, best, best_rules)) return -1;
    if (np == EXAMPLES) example_free(&pick[--np]); /* the last falls out */
    memmove(pick + at + 1, pick + at, (np - at) * sizeof *pick);
    pick[at] = e;
    d->npick[t] = np + 1;
    return 0;
}

grille_codebook_doc *grille_codebook_doc_new(const grille_codebook *cb, int examples, grille_error *err) {
    grille_error_clear(err);
    if (!cb) {
        grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no codebook"));
        return NULL;
    }
    grille_codebook_doc *d = calloc(1, sizeof *d);
    if (d) {
        d->cb = cb;
        d->examples = examples != 0;
        d->pick = calloc(cb->nthemes + 1, sizeof *d->pick);
        d->npick = calloc(cb->nthemes + 1, sizeof *d->npick);
    }
    if (!d || !d->pick || !d->npick) {
        grille_codebook_doc_free(d);
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
    return d;
}

int grille_codebook_doc_add(grille_codebook_doc *d, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!d || !c) return grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no coding"));
    for (size_t t = 0; t < d->cb->nthemes; t++)
        if (d->cb->themes[t].nrules && pick_example(d, c, t))
            return grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return GRILLE_OK;
}

void grille_codebook_doc_free(grille_codebook_doc *d) {
    if (!d) return;
    for (size_t t = 0; d->pick && d->npick && t < d->cb->nthemes; t++)
        for (size_t i = 0; i < d->npick[t]; i++) example_free(&d->pick[t][i]);
    free(d->pick);
    free(d->npick);
    free(d);
}

static void write_example(const writer *w, const example *e) {
    fputs(w->html ? "<blockquote lang=\"fr\"><p>" : "> ", w->out);
    text(w, e->text, strlen(e->text));
    if (e->cut) fputs(" […]", w->out);
    fputs(w->html ? "</p><footer>— " : "\n>\n> — ", w->out);
    str(w, e->doc);
    if (e->speaker) {
        fputs(", ", w->out);
        str(w, e->speaker);
    }
    fprintf(w->out, T(w->lang, ", line %u"), e->line);
    fputs(w->html ? "</footer></blockquote>\n" : "\n\n", w->out);
}

/* ------------------------------------------------------------------ */
/* the document                                                        */

static void heading(const writer *w, int level, const char *number, const ctheme *th) {
    if (w->html) fprintf(w->out, "<h%d id=\"theme-", level);
    if (w->html) str(w, th->id);
    if (w->html) fputs("\">", w->out);
    else
        for (int i = 0; i < level; i++) fputc('#', w->out);
    fprintf(w->out, "%s%s ", w->html ? "" : " ", number);
    str(w, th->label);
    fputs(w->html ? " <code>" : " (`", w->out);
    str(w, th->id);
    fprintf(w->out, w->html ? "</code></h%d>\n" : "`)\n\n", level);
}

static void write_theme(const writer *w, const grille_codebook *cb, int t, const char *number,
                        const grille_codebook_doc *ex) {
    const ctheme *th = &cb->themes[t];
    heading(w, th->depth + 2 > 6 ? 6 : th->depth + 2, number, th);
    if (th->description && *th->description) {
        fputs(w->html ? "<p class=\"description\">" : "", w->out);
        str(w, th->description);
        fputs(w->html ? "</p>\n" : "\n\n", w->out);
    }
    if (th->nrules) {
        double need = th->has_min_score   ? th->min_score
                      : cb->has_min_score ? cb->min_score
                      : th->min_hits      ? th->min_hits
                                          : cb->min_hits;
        char score[64];
        fputs(w->html ? "<p>" : "", w->out);
        if (need != 1)
            fprintf(w->out, T(w->lang, "Coded when its rules score at least %s (each match counts its rule's weight):"),
                    number_g(score, sizeof score, w->lang, need));
        else
            fputs(th->nrules > 1 ? T(w->lang, "Coded when a unit holds one of:")
                                 : T(w->lang, "Coded when a unit holds:"),
                  w->out);
        fputs(w->html ? "</p>\n<ul>\n" : "\n\n", w->out);
        for (size_t i = 0; i < th->nrules; i++) {
            fputs(w->html ? "<li>" : "- ", w->out);
            describe(w, cb, th->rules[i]);
            fputs(w->html ? "</li>\n" : "\n", w->out);
        }
        fputs(w->html ? "</ul>\n" : "\n", w->out);
    }
    if (th->nexcludes) {
        fprintf(w->out, w->html ? "<p>%s</p>\n<ul>\n" : "%s\n\n", T(w->lang, "Not when the match lies inside:"));
        for (size_t i = 0; i < th->nexcludes; i++) {
            fputs(w->html ? "<li>" : "- ", w->out);
            describe(w, cb, th->excludes[i]);
            fputs(w->html ? "</li>\n" : "\n", w->out);
        }
        fputs(w->html ? "</ul>\n" : "\n", w->out);
    }
    if (ex && ex->examples && th->nrules) {
        size_t np = ex->npick[t];
        if (w->html) fprintf(w->out, "<p class=\"part\">%s</p>\n", T(w->lang, "Examples"));
        else fprintf(w->out, "%s\n\n", T(w->lang, "Examples:"));
        if (!np)
            fprintf(w->out, w->html ? "<p class=\"none\">%s</p>\n" : "%s\n\n",
                    T(w->lang, "No unit of the transcripts."));
        for (size_t i = 0; i < np; i++) write_example(w, &ex->pick[t][i]);
    }
    /* sub-themes, numbered under their parent */
    size_t k = 0;
    for (size_t s = (size_t)t + 1; s < cb->nthemes; s++) {
        if (cb->themes[s].parent != t) continue;
        char sub[64];
        snprintf(sub, sizeof sub, "%s%zu.", number, ++k);
        write_theme(w, cb, (int)s, sub, ex);
    }
}


int grille_codebook_write_doc(FILE *out, grille_format fmt, const grille_codebook *cb,
                              const grille_coding *const *codings, size_t n, grille_language lang, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no codebook"));
    if (n && !codings) return grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no coding"));
    if (fmt != GRILLE_FORMAT_MARKDOWN && fmt != GRILLE_FORMAT_HTML) return grille_write_bad_format(err, doc_what, fmt);
    grille_codebook_doc *d = grille_codebook_doc_new(cb, codings != NULL, err);
    if (!d) return err ? err->code : GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t i = 0; i < n && rc == GRILLE_OK; i++) rc = grille_codebook_doc_add(d, codings[i], err);
    if (rc == GRILLE_OK) rc = grille_codebook_doc_write(out, fmt, d, lang, err);
    grille_codebook_doc_free(d);
    return rc;
}

int grille_codebook_doc_write(FILE *out, grille_format fmt, const grille_codebook_doc *d, grille_language lang,
                              grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no output stream"));
    if (!d) return grille_write_fail(err, GRILLE_EUSAGE, doc_what, N_("no codebook"));
    if (fmt != GRILLE_FORMAT_MARKDOWN && fmt != GRILLE_FORMAT_HTML) return grille_write_bad_format(err, doc_what, fmt);
    const grille_codebook *cb = d->cb;
    writer w = {out, fmt == GRILLE_FORMAT_HTML, lang};
    const char *title = cb->title && *cb->title ? cb->title : cb->id;
    if (w.html) {
        fputs("<!DOCTYPE html>\n<html lang=\"fr\">\n<head>\n<meta charset=\"utf-8\">\n<title>", out);
        str(&w, title);
        fputs("</title>\n<style>body{font:16px/1.5 system-ui,sans-serif;max-width:50em;margin:2em auto;padding:0 1em}"
              "code{font-size:.9em}blockquote{margin:.5em 0 1em;padding:.2em 1em;border-left:3px solid #aaa;"
              "color:#333}footer{font-size:.9em;color:#555}.part{font-weight:bold}.description{font-style:italic}"
              "</style>\n</head>\n<body>\n<h1>",
              out);
        str(&w, title);
        fputs("</h1>\n", out);
    } else {
        fputs("# ", out);
        str(&w, title);
        fputs("\n\n", out);
    }
    fprintf(out, w.html ? "<p>%s <code>" : "%s `", T(lang, "Codebook"));
    str(&w, cb->id);
    fputs(w.html ? "</code>" : "`", out);
    if (cb->version && *cb->version) fprintf(out, T(lang, ", version %s"), cb->version);
    const char *unit = cb->unit == GRILLE_UNIT_TURN        ? T(lang, "the turn")
                       : cb->unit == GRILLE_UNIT_PARAGRAPH ? T(lang, "the paragraph")
                                                           : T(lang, "the sentence");
    const char *speech = cb->speakers == GRILLE_SPEAKERS_RESPONDENTS    ? T(lang, "the respondents'")
                         : cb->speakers == GRILLE_SPEAKERS_INTERVIEWERS ? T(lang, "the interviewers'")
                                                                        : T(lang, "everyone's");
    /* TRANSLATORS: the codebook's settings: the unit ("the sentence"), whose
     * speech is coded ("the respondents'"), and how case and accents compare */
    fprintf(out, T(lang, ". Unit of coding: %s; speech coded: %s; letters compared %s, %s."), unit, speech,
            cb->case_fold ? T(lang, "without regard to case") : T(lang, "with case"),
            cb->accent_fold ? T(lang, "without regard to accents") : T(lang, "with accents"));
    fputs(w.html ? "</p>\n" : "\n\n", out);
    size_t k = 0;
    for (size_t t = 0; t < cb->nthemes; t++) {
        if (cb->themes[t].parent >= 0) continue;
        char number[64];
        snprintf(number, sizeof number, "%zu.", ++k);
        write_theme(&w, cb, (int)t, number, d);
    }
    if (w.html) fputs("</body>\n</html>\n", out);
    return grille_write_end(out, err, doc_what);
}

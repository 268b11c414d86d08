/* run_cases.c - runs the cases of tests/cases/NAME.txt: matching, tokenising and
 * lemma lookup written as data, in the spirit of cmark's regression.txt
 * and PCRE2's testinput/testoutput, so that adding a case is adding lines.
 *
 * A file holds cases; a case starts with "=== NAME" and has sections,
 * each starting with a "--- KIND" line:
 *   --- rules      rules of one theme, "t" (or --- codebook: the XML that
 *                  goes inside <codebook>, settings and themes)
 *   --- text       a transcript
 *   --- expect     what grille codes: one line per segment, in order,
 *                  "THEME UNIT: MATCH | MATCH" (UNIT: the unit's index,
 *                  MATCH: the text each hit covers); "(none)" for none
 *   --- tokens     the forms of the text's word tokens, space-separated
 *                  (marks and hesitations left out)
 *   --- word, --- lemmas
 *                  a word, and its candidate lemmas "lemma/pos ..." as the
 *                  lexicon gives them (skipped without a lexicon)
 * Lines starting with "#" outside sections are comments.  A failing case
 * prints its file and line, what was expected and what came.
 *
 * Usage: run_cases FILE...   (the lexicon: $GRILLE_LEXICON, else
 * $top_builddir/data/lexique-fr.grl) */
#include "grille.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct buf {
    char *s;
    size_t n, cap;
} buf;

static void put(buf *b, const char *s, size_t n) {
    if (b->n + n + 1 > b->cap) {
        b->cap = (b->n + n + 1) * 2;
        b->s = realloc(b->s, b->cap);
        if (!b->s) abort();
    }
    memcpy(b->s + b->n, s, n);
    b->n += n;
    b->s[b->n] = '\0';
}
static void puts_(buf *b, const char *s) { put(b, s, strlen(s)); }

enum { S_CODEBOOK, S_RULES, S_TEXT, S_EXPECT, S_TOKENS, S_WORD, S_LEMMAS, NSECT };
static const char *const sect_names[NSECT] = {"codebook", "rules", "text", "expect", "tokens", "word", "lemmas"};

typedef struct kase {
    char name[200];
    const char *file;
    unsigned line;
    buf sect[NSECT];
    int has[NSECT];
} kase;

/* Trailing spaces and line ends off; a section's last line end too. */
static void trim(buf *b) {
    while (b->n && (b->s[b->n - 1] == '\n' || b->s[b->n - 1] == ' ' || b->s[b->n - 1] == '\r')) b->s[--b->n] = '\0';
}

static const grille_lexicon *lexicon(void);

static grille_codebook *codebook_of(const kase *k, char *msg, size_t cap) {
    buf x = {0};
    puts_(&x, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<codebook xmlns=\"urn:grille:codebook:1\" id=\"cases\">\n"
              "<title>cases</title>\n");
    if (k->has[S_CODEBOOK]) puts_(&x, k->sect[S_CODEBOOK].s ? k->sect[S_CODEBOOK].s : "");
    else {
        puts_(&x, "<theme id=\"t\" label=\"t\">\n");
        puts_(&x, k->sect[S_RULES].s ? k->sect[S_RULES].s : "<word>zzz</word>");
        puts_(&x, "\n</theme>");
    }
    puts_(&x, "\n</codebook>\n");
    grille_error err;
    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.lexicon = lexicon();
    grille_codebook_source src = {.name = "case.xml", .xml = x.s, .len = x.n};
    grille_codebook *cb = grille_codebook_open(&src, &o, NULL, &err);
    if (!cb) snprintf(msg, cap, "the codebook does not load: %u:%u: %s", err.line, err.column, err.message);
    free(x.s);
    return cb;
}

static int run_match(const kase *k, buf *got, char *msg, size_t cap) {
    grille_codebook *cb = codebook_of(k, msg, cap);
    if (!cb) return -1;
    grille_error err;
    const char *text = k->sect[S_TEXT].s ? k->sect[S_TEXT].s : "";
    buf t = {0};
    puts_(&t, text);
    puts_(&t, "\n");
    grille_document *d = grille_document_parse("case.txt", t.s, t.n, NULL, &err);
    free(t.s);
    if (!d) {
        snprintf(msg, cap, "the text does not read: %s", err.message);
        grille_codebook_free(cb);
        return -1;
    }
    grille_coding *c = grille_coding_new(cb, d, &err);
    if (!c) {
        snprintf(msg, cap, "coding fails: %s", err.message);
    } else {
        const char *dt = grille_document_text(d);
        for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
            const grille_segment *s = grille_coding_segment_get(c, i);
            char head[300];
            snprintf(head, sizeof head, "%s%s %zu:", got->n ? "\n" : "", s->theme_id, s->unit_index);
            puts_(got, head);
            for (size_t h = 0; h < s->hit_count; h++) {
                puts_(got, h ? " | " : " ");
                put(got, dt + s->hits[h].span.byte_start, s->hits[h].span.byte_end - s->hits[h].span.byte_start);
            }
        }
        if (!got->n) puts_(got, "(none)");
    }
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    return c ? 0 : -1;
}

static int run_tokens(const kase *k, buf *got, char *msg, size_t cap) {
    grille_codebook *cb = k->has[S_RULES] || k->has[S_CODEBOOK] ? codebook_of(k, msg, cap) : NULL;
    if ((k->has[S_RULES] || k->has[S_CODEBOOK]) && !cb) return -1;
    grille_error err;
    buf t = {0};
    puts_(&t, k->sect[S_TEXT].s ? k->sect[S_TEXT].s : "");
    puts_(&t, "\n");
    grille_document *d = grille_document_parse("case.txt", t.s, t.n, NULL, &err);
    free(t.s);
    grille_tokens *tk = d ? grille_tokens_new(cb, d, &err) : NULL;
    if (!tk) snprintf(msg, cap, "tokenising fails: %s", err.message);
    for (size_t i = 0; tk && i < grille_tokens_count(tk); i++) {
        grille_token to;
        grille_tokens_get(tk, i, &to);
        if (!(to.flags & GRILLE_TOKEN_WORD) || (to.flags & (GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION))) continue;
        if (got->n) puts_(got, " ");
        puts_(got, to.form);
    }
    int rc = tk ? 0 : -1;
    grille_tokens_free(tk);
    grille_document_free(d);
    grille_codebook_free(cb);
    return rc;
}

static const grille_lexicon *lexicon(void) {
    static grille_lexicon *lx;
    static int tried;
    if (tried) return lx;
    tried = 1;
    char path[4096];
    const char *env = getenv("GRILLE_LEXICON"), *top = getenv("top_builddir");
    if (env && *env) snprintf(path, sizeof path, "%s", env);
    else snprintf(path, sizeof path, "%s/data/lexique-fr.grl", top && *top ? top : ".");
    grille_error err;
    lx = grille_lexicon_open(path, &err);
    return lx;
}

/* 1: run; 0: skipped (no lexicon); -1: could not run. */
static int run_lemmas(const kase *k, buf *got, char *msg, size_t cap) {
    const grille_lexicon *lx = lexicon();
    if (!lx) return 0;
    grille_lemma out[32];
    const char *w = k->sect[S_WORD].s ? k->sect[S_WORD].s : "";
    size_t n = grille_lexicon_lookup(lx, w, strlen(w), out, 32);
    /* sorted: the lexicon's order is not what a case is about */
    char items[32][200];
    for (size_t i = 0; i < n && i < 32; i++) snprintf(items[i], sizeof items[i], "%s/%s", out[i].lemma, out[i].pos);
    qsort(items, n < 32 ? n : 32, sizeof items[0], (int (*)(const void *, const void *))strcmp);
    for (size_t i = 0; i < n && i < 32; i++) {
        if (i) puts_(got, " ");
        puts_(got, items[i]);
    }
    if (!n) puts_(got, "(unknown)");
    (void)msg;
    (void)cap;
    return 1;
}

static int run(const kase *k, int *skipped) {
    buf got = {0};
    char msg[800] = "";
    int rc, want;
    if (k->has[S_EXPECT] && !lexicon() && k->sect[S_RULES].s && strstr(k->sect[S_RULES].s, "<lemma")) {
        (*skipped)++; /* a lemma rule without a lexicon matches its exact form only */
        return 0;
    }
    if (k->has[S_EXPECT]) rc = run_match(k, &got, msg, sizeof msg), want = S_EXPECT;
    else if (k->has[S_TOKENS]) rc = run_tokens(k, &got, msg, sizeof msg), want = S_TOKENS;
    else if (k->has[S_LEMMAS]) {
        rc = run_lemmas(k, &got, msg, sizeof msg);
        want = S_LEMMAS;
        if (rc == 0) {
            (*skipped)++;
            free(got.s);
            return 0;
        }
        rc = 0;
    } else {
        printf("%s:%u: case '%s' expects nothing (--- expect, --- tokens or --- lemmas)\n", k->file, k->line, k->name);
        return 1;
    }
    const char *exp = k->sect[want].s ? k->sect[want].s : "";
    int bad = rc != 0 || strcmp(got.s ? got.s : "", exp) != 0;
    if (bad) {
        printf("%s:%u: FAIL: %s\n", k->file, k->line, k->name);
        if (rc) printf("  %s\n", msg);
        else printf("  expected:\n    %s\n  got:\n    %s\n", exp, got.s ? got.s : "");
    }
    free(got.s);
    return bad;
}

int main(int argc, char **argv) {
    int failed = 0, total = 0, skipped = 0;
    for (int a = 1; a < argc; a++) {
        FILE *f = fopen(argv[a], "r");
        if (!f) {
            printf("cases: cannot read %s\n", argv[a]);
            return 1;
        }
        char line[8192];
        unsigned no = 0;
        kase k;
        int in_case = 0, sect = -1;
        memset(&k, 0, sizeof k);
        for (;;) {
            char *l = fgets(line, sizeof line, f);
            no++;
            if (!l || strncmp(line, "=== ", 4) == 0) {
                if (in_case) {
                    for (int s = 0; s < NSECT; s++) trim(&k.sect[s]);
                    total++;
                    failed += run(&k, &skipped);
                    for (int s = 0; s < NSECT; s++) free(k.sect[s].s);
                }
                if (!l) break;
                memset(&k, 0, sizeof k);
                snprintf(k.name, sizeof k.name, "%.199s", line + 4);
                k.name[strcspn(k.name, "\n")] = '\0';
                k.file = argv[a];
                k.line = no;
                in_case = 1;
                sect = -1;
                continue;
            }
            if (strncmp(line, "--- ", 4) == 0 && in_case) {
                sect = -1;
                for (int s = 0; s < NSECT; s++)
                    if (strncmp(line + 4, sect_names[s], strlen(sect_names[s])) == 0 &&
                        (line[4 + strlen(sect_names[s])] == '\n' || line[4 + strlen(sect_names[s])] == '\0'))
                        sect = s;
                if (sect < 0) {
                    printf("%s:%u: unknown section: %s", argv[a], no, line);
                    return 1;
                }
                k.has[sect] = 1;
                continue;
            }
            if (sect >= 0) put(&k.sect[sect], line, strlen(line));
        }
        fclose(f);
    }
    printf("cases: %d run, %d passed, %d failed, %d skipped (no lexicon)\n", total - skipped, total - skipped - failed,
           failed, skipped);
    return failed ? 1 : 0;
}

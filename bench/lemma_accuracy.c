/* lemma_accuracy.c - how often grille's lexicon gives the gold lemma of
 * Universal Dependencies French treebanks (CoNLL-U).
 *   lemma_accuracy LEXICON.grl FILE.conllu...
 * For every syntactic word that is also a surface token (the words of
 * contractions such as du = de + le are left out: grille does not split
 * them) and is not punctuation, it reports:
 *   known    the lexicon knows the form
 *   oracle   the gold lemma is among grille's candidates
 *   first    grille's first candidate is the gold lemma
 * for all words and for content words (NOUN, VERB, ADJ, ADV).  A word the
 * lexicon lacks gets its lower-cased form as its lemma, as in grille. */
#define _POSIX_C_SOURCE 200809L
#include "grille.h"
#include "lexicon.h"
#include "strmap.h"
#include <stdio.h>
#include <sys/resource.h>
#include <time.h>
#include <stdlib.h>
#include <string.h>
#include <utf8proc.h>

typedef struct counts {
    long n, known, oracle, first;
} counts;

static char *lower(const char *s) {
    utf8proc_uint8_t *out = NULL;
    if (utf8proc_map((const utf8proc_uint8_t *)s, -1, &out,
                     UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD) < 0)
        return strdup(s);
    return (char *)out;
}

static int same(const char *a, const char *b) {
    if (strcmp(a, b) == 0) return 1;
    char *x = lower(a), *y = lower(b);
    int r = strcmp(x, y) == 0;
    free(x);
    free(y);
    return r;
}

static void report(const char *name, const counts *c) {
    printf("%-14s %7ld words  known %5.1f%%  oracle %5.1f%%  first %5.1f%%\n", name, c->n, 100.0 * c->known / c->n,
           100.0 * c->oracle / c->n, 100.0 * c->first / c->n);
}

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static long rss_kb(void) {
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* The baseline a compiled lexicon must beat: gunzip the TSV and hash
 * every form, as a program would without a compiled form. */
static double baseline_load(const char *tsv_gz, size_t *forms) {
    double t0 = now();
    char cmd[4200];
    snprintf(cmd, sizeof cmd, "gzip -dc '%s'", tsv_gz);
    FILE *p = popen(cmd, "r");
    strmap m;
    strmap_init(&m);
    char line[1024];
    *forms = 0;
    while (p && fgets(line, sizeof line, p)) {
        char *tab = strchr(line, '\t');
        if (!tab) continue;
        int *v = strmap_put(&m, line, (size_t)(tab - line), NULL);
        if (v && *v < 0) { *v = (int)(*forms)++; }
    }
    if (p) pclose(p);
    double t = now() - t0;
    strmap_free(&m);
    return t;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: lemma_accuracy LEXICON.grl FILE.conllu... [--speed TSV.gz]\n");
        return 2;
    }
    grille_error err;
    const char *speed_tsv = NULL;
    if (argc > 4 && strcmp(argv[argc - 2], "--speed") == 0) {
        speed_tsv = argv[argc - 1];
        argc -= 2;
    }
    long rss0 = rss_kb();
    double t0 = now();
    grille_lexicon *lx = grille_lexicon_open(argv[1], &err);
    double t_open = now() - t0;
    if (!lx) {
        fprintf(stderr, "%s: %s\n", argv[1], err.message);
        return 2;
    }
    int verbose = getenv("LEMMA_ERRORS") != NULL;
    for (int f = 2; f < argc; f++) {
        FILE *in = fopen(argv[f], "r");
        if (!in) {
            perror(argv[f]);
            return 2;
        }
        counts all = {0}, content = {0};
        char line[4096];
        long skip_until = 0;
        while (fgets(line, sizeof line, in)) {
            if (line[0] == '#' || line[0] == '\n') {
                if (line[0] == '\n') skip_until = 0;
                continue;
            }
            char *col[10];
            int n = 0;
            for (char *p = line; n < 10; n++) {
                col[n] = p;
                char *t = strchr(p, n == 9 ? '\n' : '\t');
                if (!t) {
                    n++;
                    break;
                }
                *t = '\0';
                p = t + 1;
            }
            if (n < 4) continue;
            char *dash = strchr(col[0], '-');
            if (dash) {
                skip_until = atol(dash + 1);
                continue;
            }                                  /* du = de + le */
            if (strchr(col[0], '.')) continue; /* empty nodes */
            long id = atol(col[0]);
            if (id <= skip_until) continue;
            const char *form = col[1], *gold = col[2], *upos = col[3];
            if (!strcmp(upos, "PUNCT") || !strcmp(upos, "SYM") || !strcmp(upos, "X")) continue;
            int is_content =
                !strcmp(upos, "NOUN") || !strcmp(upos, "VERB") || !strcmp(upos, "ADJ") || !strcmp(upos, "ADV");
            grille_lemma out[16];
            size_t k = grille_lexicon_lookup(lx, form, strlen(form), out, 16);
            int known = k > 0, oracle = 0, first = 0;
            if (k == 0) {
                char *l = lower(form);
                oracle = first = same(l, gold);
                free(l);
            } else {
                first = same(out[0].lemma, gold);
                for (size_t i = 0; i < k && i < 16; i++) oracle |= same(out[i].lemma, gold);
            }
            if (verbose && !first) printf("ERR\t%s\t%s\t%s\t%s\n", upos, form, gold, k ? out[0].lemma : "(unknown)");
            counts *cs[2] = {&all, is_content ? &content : NULL};
            for (int c = 0; c < 2; c++) {
                if (!cs[c]) continue;
                cs[c]->n++;
                cs[c]->known += known;
                cs[c]->oracle += oracle;
                cs[c]->first += first;
            }
        }
        fclose(in);
        const char *base = strrchr(argv[f], '/');
        printf("%s\n", base ? base + 1 : argv[f]);
        report("  all words", &all);
        report("  content", &content);
    }
    if (speed_tsv) {
        /* lookups per second over the words of the files, several passes */
        char **words = NULL;
        size_t nw = 0, cap = 0;
        for (int f = 2; f < argc; f++) {
            FILE *in = fopen(argv[f], "r");
            char line[4096];
            while (in && fgets(line, sizeof line, in)) {
                if (line[0] == '#' || line[0] == '\n') continue;
                char *a = strchr(line, '\t'), *b = a ? strchr(a + 1, '\t') : NULL;
                if (!b) continue;
                *b = '\0';
                if (nw == cap) {
                    cap = cap ? cap * 2 : 1024;
                    words = realloc(words, cap * sizeof *words);
                }
                words[nw++] = strdup(a + 1);
            }
            if (in) fclose(in);
        }
        grille_lemma out[16];
        size_t found = 0;
        double t1 = now();
        for (int r = 0; r < 5; r++)
            for (size_t i = 0; i < nw; i++) found += grille_lexicon_lookup(lx, words[i], strlen(words[i]), out, 16) > 0;
        double t_look = now() - t1;
        long rss_lookups = rss_kb();
        size_t forms;
        double t_base = baseline_load(speed_tsv, &forms);
        printf("lexicon: %zu forms, %zu lemmas; open (mmap) %.3f ms; baseline (gunzip + hash every form of "
               "the TSV) %.0f ms = %.0fx the open time\n",
               lexicon_form_count(lx), lexicon_lemma_count(lx), t_open * 1e3, t_base * 1e3, t_base / t_open);
        printf("lookups: %.2f million tokens/s (%zu tokens x 5, punctuation included, %.1f%% known)\n",
               (double)nw * 5 / t_look / 1e6, nw, 100.0 * (double)found / (double)(nw * 5));
        printf("memory: %ld kB resident after the lookups (%ld kB before opening the lexicon, whose file is "
               "mapped, not read); %ld kB after the baseline hash\n",
               rss_lookups, rss0, rss_kb());
        for (size_t i = 0; i < nw; i++) free(words[i]);
        free(words);
    }
    grille_lexicon_free(lx);
    return 0;
}

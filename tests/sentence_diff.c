/* sentence_diff.c - runs the byte-level sentence splitter
 * (lib/sentence_fast.c) and ICU's sentence break iterator on whole files
 * and reports every paragraph where their boundaries differ, and how many
 * paragraphs the byte-level splitter left to ICU.  Each file is cut three
 * ways: into the paragraphs grille reads in it (the transcript's lines,
 * trimmed, in their turns), into its raw lines (CR and spaces kept), and
 * as one text (line ends inside).  Exit status: 0 no difference, 1 some,
 * 2 a file could not be read (a file grille cannot read as a transcript is
 * still compared by lines and whole).
 * Usage: sentence_diff [-q] FILE...   (-q: the totals only) */
#include "document.h"
#include "sentence.h"
#include "utf8.h"
#include <stdio.h>

typedef struct count {
    size_t paras, split, fast, diffs;
} count;

static int quiet;
static struct UBreakIterator *bi;
static sentence_breaks fb, ib;

static void show(const char *file, const char *how, size_t at, const char *t, size_t len) {
    printf("%s: %s at byte %zu: the splitters differ on \"", file, how, at);
    for (size_t i = 0; i < len && i < 300; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\\' || c == '"') printf("\\%c", c);
        else if (c < 0x20 || c == 0x7F) printf("\\x%02X", c);
        else putchar(c);
    }
    printf("%s\"\n  fast:", len > 300 ? "..." : "");
    for (size_t k = 0; k < fb.n; k++) printf(" %zu", fb.v[k]);
    printf("\n  ICU: ");
    for (size_t k = 0; k < ib.n; k++) printf(" %zu", ib.v[k]);
    printf("\n");
}

/* The characters that sent paragraphs to ICU: the first one the tables
 * do not know in each, and how often. */
static struct {
    char bytes[4];
    size_t n;
} why[64];
static size_t nwhy;

static void tally(const char *t, size_t len) {
    const unsigned char *u = (const unsigned char *)t;
    size_t i = 0, next = 0;
    while (i < len && sentence_fast_class(u, len, i, &next) != SENTENCE_UNSURE) i = next;
    if (i == len) return; /* cannot be: the splitter decided no more than it read */
    size_t n = utf8_sequence(u + i, len - i);
    if (n == 0) n = 1;
    for (size_t k = 0; k < nwhy; k++)
        if (memcmp(why[k].bytes, t + i, n) == 0 && (n == 4 || why[k].bytes[n] == 0)) {
            why[k].n++;
            return;
        }
    if (nwhy == sizeof why / sizeof why[0]) return;
    memcpy(why[nwhy].bytes, t + i, n);
    why[nwhy++].n = 1;
}

static void show_why(void) {
    printf("left to ICU because of:");
    for (size_t k = 0; k < nwhy; k++) {
        printf(" ");
        for (size_t b = 0; b < 4 && why[k].bytes[b]; b++) printf("%02X", (unsigned char)why[k].bytes[b]);
        printf(" (%zu)", why[k].n);
    }
    printf("\n");
}

/* One paragraph, both ways. */
static int compare(const char *file, const char *how, size_t at, const char *t, size_t len, count *c) {
    int st = 0;
    c->paras++;
    if (!len) return GRILLE_OK; /* an empty file: t may be NULL, and neither splitter has a boundary */
    /* the paragraphs document_split_sentences() gives neither splitter
     * (sentence.c); compared all the same */
    if (memchr(t, '.', len) || memchr(t, '?', len) || memchr(t, '!', len) || memchr(t, '\xE2', len)) c->split++;
    if (len > INT32_MAX) return GRILLE_OK;
    int r = sentence_fast_breaks(t, len, &fb);
    if (r < 0) return r;
    if (r == 0) {
        tally(t, len);
        return GRILLE_OK;
    }
    if (memchr(t, '.', len) || memchr(t, '?', len) || memchr(t, '!', len) || memchr(t, '\xE2', len)) c->fast++;
    if (sentence_icu_breaks(bi, t, len, &ib, &st)) return GRILLE_ENOMEM;
    if (fb.n == ib.n && (fb.n == 0 || memcmp(fb.v, ib.v, fb.n * sizeof *fb.v) == 0)) return GRILLE_OK;
    c->diffs++;
    show(file, how, at, t, len);
    return GRILLE_OK;
}

static void report(const char *file, const char *how, const count *c) {
    printf("%s: %s: %zu paragraphs, %zu with sentence punctuation, %zu of them left to ICU (%.2f%%), %zu "
           "differences\n",
           file, how, c->paras, c->split, c->split - c->fast,
           c->split ? 100.0 * (double)(c->split - c->fast) / (double)c->split : 0.0, c->diffs);
}

static void add(count *to, const count *c) {
    to->paras += c->paras;
    to->split += c->split;
    to->fast += c->fast;
    to->diffs += c->diffs;
}

int main(int argc, char **argv) {
    int first = 1, unread = 0, differ = 0;
    if (argc > 1 && strcmp(argv[1], "-q") == 0) quiet = first = 2;
    if (argc <= first) {
        fprintf(stderr, "usage: sentence_diff [-q] FILE...\n");
        return 2;
    }
    int st = 0;
    if (!(bi = sentence_icu_open(&st))) {
        fprintf(stderr, "sentence_diff: ICU's sentence break iterator: error %d\n", st);
        return 1;
    }
    count total[3] = {{0}};
    static const char *const hows[3] = {"paragraphs", "lines", "whole file"};
    for (int a = first; a < argc; a++) {
        const char *file = argv[a];
        count c[3] = {{0}};
        grille_error err;
        grille_document *d = grille_document_load(file, NULL, &err);
        /* not a transcript grille reads: its raw lines all the same */
        if (!d && !quiet) fprintf(stderr, "%s: %s\n", file, err.message);
        for (size_t p = 0; d && p < d->nparas; p++) {
            size_t b0 = d->paras[p].span.b0;
            if (compare(file, hows[0], b0, d->text + b0, d->paras[p].span.b1 - b0, &c[0])) return 1;
        }
        grille_document_free(d);
        gbuf raw = {0};
        if (grille_read_file(file, &raw, &err)) {
            fprintf(stderr, "%s: %s\n", file, err.message);
            unread = 1;
            continue;
        }
        for (size_t i = 0; i < raw.len;) {
            const char *nl = memchr(raw.data + i, '\n', raw.len - i);
            size_t e = nl ? (size_t)(nl - raw.data) : raw.len;
            if (compare(file, hows[1], i, raw.data + i, e - i, &c[1])) return 1;
            i = e + 1;
        }
        if (compare(file, hows[2], 0, raw.data, raw.len, &c[2])) return 1;
        free(raw.data);
        for (int k = 0; k < 3; k++) {
            if (!quiet) report(file, hows[k], &c[k]);
            add(&total[k], &c[k]);
            if (c[k].diffs) differ = 1;
        }
    }
    for (int k = 0; k < 3; k++) report("total", hows[k], &total[k]);
    show_why();
    free(fb.v);
    free(ib.v);
    sentence_icu_close(bi);
    return differ ? 1 : unread ? 2 : 0;
}

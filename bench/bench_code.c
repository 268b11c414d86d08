/* bench_code.c - codes transcripts N times and reports MB/s for each
 * stage: reading (UTF-8 check, turns, sentences), tokenising, coding.
 * Usage: bench_code CODEBOOK REPEAT FILE... */
#define _POSIX_C_SOURCE 200809L
#include "grille.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static char *slurp(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    fseek(f, 0, SEEK_SET);
    char *b = malloc((size_t)n + 1);
    if (b && fread(b, 1, (size_t)n, f) != (size_t)n) {
        free(b);
        b = NULL;
    }
    fclose(f);
    *len = (size_t)n;
    return b;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: bench_code CODEBOOK REPEAT FILE...\n");
        return 2;
    }
    grille_error err;
    /* GRILLE_LEXICON: resolve lemma rules, so that lemmatisation is on */
    grille_lexicon *lx = getenv("GRILLE_LEXICON") ? grille_lexicon_open(getenv("GRILLE_LEXICON"), &err) : NULL;
    grille_load_options opts = GRILLE_LOAD_OPTIONS_INIT;
    opts.lexicon = lx;
    grille_codebook_source src = {.path = argv[1]};
    grille_codebook *cb = grille_codebook_open(&src, &opts, NULL, &err);
    if (!cb) {
        fprintf(stderr, "%s\n", err.message);
        return 2;
    }
    int repeat = atoi(argv[2]);
    int nfiles = argc - 3;
    char **data = calloc((size_t)nfiles, sizeof *data);
    size_t *lens = calloc((size_t)nfiles, sizeof *lens), total = 0;
    for (int i = 0; i < nfiles; i++) {
        data[i] = slurp(argv[3 + i], &lens[i]);
        if (!data[i]) {
            fprintf(stderr, "cannot read %s\n", argv[3 + i]);
            return 2;
        }
        total += lens[i];
    }
    /* baseline in the same run: a pass that touches every byte */
    double t0 = now();
    unsigned long sum = 0;
    for (int r = 0; r < repeat; r++)
        for (int i = 0; i < nfiles; i++)
            for (size_t k = 0; k < lens[i]; k++) sum += (unsigned char)data[i][k] == '\n';
    double t_base = now() - t0;
    double t_read = 0, t_tok = 0, t_code = 0;
    size_t segments = 0, tokens = 0;
    for (int r = 0; r < repeat; r++)
        for (int i = 0; i < nfiles; i++) {
            double a = now();
            grille_document *doc = grille_document_parse(argv[3 + i], data[i], lens[i], NULL, &err);
            if (!doc) {
                fprintf(stderr, "%s\n", err.message);
                return 2;
            }
            double b = now();
            grille_tokens *t = grille_tokens_new(cb, doc, &err);
            double c = now();
            grille_coding *cd = grille_coding_new(cb, doc, &err);
            double d = now();
            if (!cd || !t) {
                fprintf(stderr, "%s\n", err.message);
                return 2;
            }
            t_read += b - a;
            t_tok += c - b;
            t_code += d - c;
            segments += grille_coding_segment_count(cd);
            tokens += grille_tokens_count(t);
            grille_tokens_free(t);
            grille_coding_free(cd);
            grille_document_free(doc);
        }
    double mb = (double)total * repeat / 1e6;
    printf("input\t%.1f MB (%d files x %d)\n", mb, nfiles, repeat);
    printf("baseline (byte scan)\t%.0f MB/s\t(lines %lu)\n", mb / t_base, sum / (unsigned long)repeat);
    printf("read (utf-8, turns, sentences)\t%.0f MB/s\t%.2fx baseline time\n", mb / t_read, t_read / t_base);
    printf("tokenize\t%.0f MB/s\t%.2fx baseline time\t(%zu tokens)\n", mb / t_tok, t_tok / t_base,
           tokens / (size_t)repeat);
    printf("code (tokenize + match)\t%.0f MB/s\t%.2fx baseline time\t(%zu segments)\n", mb / t_code, t_code / t_base,
           segments / (size_t)repeat);
    printf("end to end (read + code)\t%.0f MB/s\n", mb / (t_read + t_code));
    for (int i = 0; i < nfiles; i++) free(data[i]);
    free(data);
    free(lens);
    grille_codebook_free(cb);
    grille_lexicon_free(lx);
    return 0;
}

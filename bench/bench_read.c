/* bench_read.c - what reading each kind of file costs: loads each file
 * in turn, round after round (interleaved, so that the machine's noise
 * falls on every file alike), and reports the median time per load and
 * its ratio to the first file's, measured in the same run.
 * Usage: bench_read ROUNDS FILE...  (the first file is the baseline) */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "grille.h"
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_read ROUNDS FILE...\n");
        return 2;
    }
    bench_setup_like_grille();
    int rounds = atoi(argv[1]), n = argc - 2;
    if (rounds < 1) rounds = 1;
    double *t = calloc((size_t)rounds * (size_t)n, sizeof *t);
    size_t *size = calloc((size_t)n, sizeof *size);
    if (!t || !size) return 1;
    for (int r = 0; r < rounds; r++)
        for (int f = 0; f < n; f++) {
            grille_error err;
            /* a batch of loads per measure, so that the clock's grain does not count */
            double t0 = bench_now();
            for (int k = 0; k < 20; k++) {
                grille_document *d = grille_document_load(argv[2 + f], NULL, &err);
                if (!d) {
                    fprintf(stderr, "%s\n", err.message);
                    return 2;
                }
                size[f] = grille_document_size(d);
                grille_document_free(d);
            }
            t[(size_t)f * (size_t)rounds + (size_t)r] = (bench_now() - t0) / 20;
        }
    double base = 0;
    printf("%-40s %10s %12s %12s %8s\n", "file", "text bytes", "ms/load", "MB/s (text)", "ratio");
    for (int f = 0; f < n; f++) {
        double *v = t + (size_t)f * (size_t)rounds;
        qsort(v, (size_t)rounds, sizeof *v, bench_by_value);
        double med = v[rounds / 2];
        if (f == 0) base = med;
        const char *name = strrchr(argv[2 + f], '/');
        printf("%-40s %10zu %12.3f %12.1f %7.2fx\n", name ? name + 1 : argv[2 + f], size[f], med * 1e3,
               (double)size[f] / med / 1e6, med / base);
    }
    free(t);
    free(size);
    return 0;
}

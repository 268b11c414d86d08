/* bench_util.h - what the reading benchmarks share: a monotonic clock,
 * the order of medians, and the process set up as bin/grille sets it up
 * (see its main), so that a load costs here what it costs there. */
#ifndef GRILLE_BENCH_UTIL_H
#define GRILLE_BENCH_UTIL_H
#include <stdlib.h>
#ifdef __GLIBC__ /* mallopt */
#include <malloc.h>
#endif
#include <time.h>

static inline double bench_now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static inline int bench_by_value(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static inline void bench_setup_like_grille(void) {
    /* TZ set spares libzip's mktime() a stat of /etc/localtime per
     * archive entry... */
    if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
    /* ...and freed memory is kept */
    mallopt(M_MMAP_THRESHOLD, 8 << 20);
    mallopt(M_TRIM_THRESHOLD, 16 << 20);
#endif
}
#endif

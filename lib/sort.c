/* sort.c - a stable merge sort with a context argument, which qsort()
 * lacks in C11 (qsort_r is not portable, and a global would be state). */
#include "internal.h"

static void merge(char *a, char *tmp, size_t lo, size_t mid, size_t hi, size_t size,
                  int (*cmp)(const void *, const void *, void *), void *ctx) {
    size_t i = lo, j = mid, k = lo;
    while (i < mid && j < hi) {
        if (cmp(a + j * size, a + i * size, ctx) < 0) memcpy(tmp + k++ * size, a + j++ * size, size);
        else memcpy(tmp + k++ * size, a + i++ * size, size);
    }
    if (i < mid) memcpy(tmp + k * size, a + i * size, (mid - i) * size), k += mid - i;
    if (j < hi) memcpy(tmp + k * size, a + j * size, (hi - j) * size);
    memcpy(a + lo * size, tmp + lo * size, (hi - lo) * size);
}

int grille_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *ctx) {
    if (n < 2) return GRILLE_OK;
    char *tmp = malloc(n * size);
    if (!tmp) return GRILLE_ENOMEM;
    char *a = base;
    for (size_t width = 1; width < n; width *= 2)
        for (size_t lo = 0; lo + width < n; lo += 2 * width) {
            size_t hi = lo + 2 * width < n ? lo + 2 * width : n;
            merge(a, tmp, lo, lo + width, hi, size, cmp, ctx);
        }
    free(tmp);
    return GRILLE_OK;
}

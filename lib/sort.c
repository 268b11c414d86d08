/* sort.c - a stable sort with a context argument, which qsort() lacks in
 * C11 (qsort_r is not portable, and a global would be state). */
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

/* Insertion, in place: an item goes before those it is strictly less
 * than, so equal items keep their order. */
static void insertion_sort(char *a, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *ctx,
                           char *item) {
    for (size_t i = 1; i < n; i++) {
        char *x = a + i * size;
        if (cmp(x, x - size, ctx) >= 0) continue;
        memcpy(item, x, size);
        size_t j = i - 1;
        while (j > 0 && cmp(item, a + (j - 1) * size, ctx) < 0) j--;
        memmove(a + (j + 1) * size, a + j * size, (i - j) * size);
        memcpy(a + j * size, item, size);
    }
}

/* The same for ints (the coder's sorts: a unit's hits and rules by
 * their index), moved without a call of memcpy() each. */
static void insertion_sort_int(int *a, size_t n, int (*cmp)(const void *, const void *, void *), void *ctx) {
    for (size_t i = 1; i < n; i++) {
        if (cmp(&a[i], &a[i - 1], ctx) >= 0) continue;
        int item = a[i];
        size_t j = i - 1;
        while (j > 0 && cmp(&item, &a[j - 1], ctx) < 0) j--;
        for (size_t k = i; k > j; k--) a[k] = a[k - 1];
        a[j] = item;
    }
}

/* The sorts of the coder (a unit's hits, its rules) are of a few items:
 * by insertion, without the merge sort's allocation and copies (they
 * were 4% of coding interviews with the default codebook). */
#define SMALL_SORT 16
#define SMALL_ITEM 64

int grille_sort(void *base, size_t n, size_t size, int (*cmp)(const void *, const void *, void *), void *ctx) {
    if (n < 2) return GRILLE_OK;
    if (n <= SMALL_SORT && size == sizeof(int) && (uintptr_t)base % _Alignof(int) == 0) {
        insertion_sort_int(base, n, cmp, ctx);
        return GRILLE_OK;
    }
    if (n <= SMALL_SORT && size <= SMALL_ITEM) {
        /* aligned as any item: the comparisons read it as their struct */
        _Alignas(max_align_t) char item[SMALL_ITEM];
        insertion_sort(base, n, size, cmp, ctx, item);
        return GRILLE_OK;
    }
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

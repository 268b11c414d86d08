/* strmap.h - string -> int map with open addressing; keys are copied. */
#ifndef GRILLE_STRMAP_H
#define GRILLE_STRMAP_H
#include "internal.h"

typedef struct strmap_slot {
    uint32_t hash;
    uint32_t key_len;
    size_t key; /* offset into keys arena */
    int value;  /* -1: empty slot */
} strmap_slot;

typedef struct strmap {
    strmap_slot *slots;
    size_t mask, count;
    gbuf keys;
} strmap;

int strmap_init(strmap *m);
void strmap_free(strmap *m);
/* Pointer to the value for key (inserted as -1 if new, *created set). */
int *strmap_put(strmap *m, const char *key, size_t len, int *created);
/* The same with the key's grille_hash already known. */
int *strmap_put_hashed(strmap *m, const char *key, size_t len, uint32_t hash, int *created);
/* The value for key, or -1. */
int strmap_get(const strmap *m, const char *key, size_t len);
int strmap_get_hashed(const strmap *m, const char *key, size_t len, uint32_t h);

#endif

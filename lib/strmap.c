/* strmap.c - see strmap.h.  Linear probing at load <= 1/2. */
#include "strmap.h"

int strmap_init(strmap *m) {
    memset(m, 0, sizeof *m);
    m->mask = 63;
    m->slots = malloc((m->mask + 1) * sizeof *m->slots);
    if (!m->slots) return GRILLE_ENOMEM;
    for (size_t i = 0; i <= m->mask; i++) {
        m->slots[i].value = -1;
        m->slots[i].hash = 0;
        m->slots[i].key_len = 0;
    }
    return GRILLE_OK;
}

void strmap_free(strmap *m) {
    free(m->slots);
    gbuf_free(&m->keys);
    memset(m, 0, sizeof *m);
}

static size_t find(const strmap *m, const char *key, size_t len, uint32_t h) {
    size_t i = h & m->mask;
    for (;;) {
        const strmap_slot *s = &m->slots[i];
        if (s->hash == 0) return i;
        if (s->hash == h && s->key_len == len && memcmp(m->keys.data + s->key, key, len) == 0) return i;
        i = (i + 1) & m->mask;
    }
}

static int grow(strmap *m) {
    size_t ncap = (m->mask + 1) * 2;
    strmap_slot *old = m->slots;
    size_t oldn = m->mask + 1;
    m->slots = malloc(ncap * sizeof *m->slots);
    if (!m->slots) {
        m->slots = old;
        return GRILLE_ENOMEM;
    }
    for (size_t i = 0; i < ncap; i++) {
        m->slots[i].value = -1;
        m->slots[i].hash = 0;
        m->slots[i].key_len = 0;
    }
    m->mask = ncap - 1;
    for (size_t i = 0; i < oldn; i++) {
        if (old[i].hash == 0) continue;
        size_t j = old[i].hash & m->mask;
        while (m->slots[j].hash != 0) j = (j + 1) & m->mask;
        m->slots[j] = old[i];
    }
    free(old);
    return GRILLE_OK;
}

/* A used slot must differ from an empty one even for the empty key with
 * hash 0, so used slots never have hash 0. */
static inline uint32_t slot_hash(uint32_t h) { return h ? h : 1; }

int *strmap_put(strmap *m, const char *key, size_t len, int *created) {
    return strmap_put_hashed(m, key, len, grille_hash(key, len), created);
}

int *strmap_put_hashed(strmap *m, const char *key, size_t len, uint32_t hash, int *created) {
    if ((m->count + 1) * 2 > m->mask + 1 && grow(m)) return NULL;
    uint32_t h = slot_hash(hash);
    size_t i = find(m, key, len, h);
    strmap_slot *s = &m->slots[i];
    if (created) *created = 0;
    if (s->hash == 0) {
        size_t off = m->keys.len;
        if (gbuf_append(&m->keys, key, len) || gbuf_putc(&m->keys, '\0')) return NULL;
        s->hash = h;
        s->key_len = (uint32_t)len;
        s->key = off;
        s->value = -1;
        m->count++;
        if (created) *created = 1;
    }
    return &s->value;
}

int strmap_get_hashed(const strmap *m, const char *key, size_t len, uint32_t h) {
    if (!m->slots) return -1;
    const strmap_slot *s = &m->slots[find(m, key, len, slot_hash(h))];
    return s->hash ? s->value : -1;
}

int strmap_get(const strmap *m, const char *key, size_t len) {
    return strmap_get_hashed(m, key, len, grille_hash(key, len));
}

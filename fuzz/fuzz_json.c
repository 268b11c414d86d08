/* fuzz_json.c - libFuzzer target: any bytes as JSON (both with and
 * without NaN/Infinity) and as a WhisperX transcript.  Must never crash,
 * hang or leak; the tree must hold what json.h promises. */
#include "fuzz_source.h"
#include "json.h"
#include <math.h>

/* Walks the tree (its depth is bounded by JSON_MAX_DEPTH). */
static void check_value(const json_value *v, size_t size, unsigned depth, unsigned flags) {
    if (depth > JSON_MAX_DEPTH || v->offset >= size) __builtin_trap();
    switch (v->type) {
    case JSON_NUMBER:
        if (!(flags & JSON_ALLOW_NONFINITE) && !isfinite(v->u.number)) __builtin_trap();
        break;
    case JSON_STRING:
        if (!v->u.string.data || v->u.string.data[v->u.string.len] != '\0' ||
            utf8_valid_prefix((const unsigned char *)v->u.string.data, v->u.string.len) != v->u.string.len)
            __builtin_trap();
        break;
    case JSON_ARRAY:
        for (size_t i = 0; i < json_array_count(v); i++) check_value(json_array_at(v, i), size, depth + 1, flags);
        break;
    case JSON_OBJECT:
        for (size_t i = 0; i < v->u.object.count; i++) {
            const json_member *m = &v->u.object.members[i];
            if (!m->key || m->key[m->key_len] != '\0') __builtin_trap();
            if (json_get(v, m->key) == NULL && memchr(m->key, '\0', m->key_len) == NULL) __builtin_trap();
            check_value(&m->value, size, depth + 1, flags);
        }
        break;
    default: break;
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    for (unsigned flags = 0; flags <= JSON_ALLOW_NONFINITE; flags++) {
        grille_error err;
        memset(&err, 0, sizeof err);
        json_value *v = json_parse("fuzz.json", (const char *)data, size, flags, &err);
        if (v) check_value(v, size, 0, flags);
        else if (err.code == GRILLE_OK || (err.code != GRILLE_ENOMEM && (err.line == 0 || err.column == 0)))
            __builtin_trap();
        json_free(v);
    }
    fuzz_read_with_head(source_read_json, "fuzz.json", "{\"segments\":", data, size);
    return 0;
}

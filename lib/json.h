/* json.h - a small, strict JSON parser (RFC 8259) for the files grille
 * reads (WhisperX and Whisper transcripts); not installed.
 *
 *     grille_error err;
 *     json_value *root = json_parse("a.json", data, len, 0, &err);
 *     if (!root) return err.code;
 *     const json_value *segs = json_get(root, "segments");
 *     for (size_t i = 0; i < json_array_count(segs); i++) {
 *         const json_value *text = json_get(json_array_at(segs, i), "text");
 *         if (text && text->type == JSON_STRING) use(text->u.string.data, text->u.string.len);
 *     }
 *     json_free(root);
 *
 * Ownership: json_parse() returns one tree; every string, array and
 * member in it belongs to that tree and is released by json_free() on
 * the root.  Pointers into the tree are valid until then.
 *
 * Hardening: the input is checked to be UTF-8 first; nesting is limited
 * to JSON_MAX_DEPTH (recursion never goes deeper); every step is linear
 * in the input; a number goes to strtod() as at most a few hundred
 * digits and never through the locale's decimal point. */
#ifndef GRILLE_JSON_H
#define GRILLE_JSON_H
#include "internal.h"

#define JSON_MAX_DEPTH 256

typedef enum json_type { JSON_NULL, JSON_BOOL, JSON_NUMBER, JSON_STRING, JSON_ARRAY, JSON_OBJECT } json_type;

typedef struct json_value json_value;
typedef struct json_member json_member;

struct json_value {
    json_type type;
    size_t offset; /* byte offset of the value's first character in the input */
    union {
        int boolean;
        double number; /* finite unless JSON_ALLOW_NONFINITE let NaN/Infinity in */
        struct {
            char *data; /* UTF-8, NUL-terminated; may hold U+0000 ("\u0000") */
            size_t len;
        } string;
        struct {
            json_value *items;
            size_t count;
        } array;
        struct {
            json_member *members; /* in the order of the input, duplicates kept */
            size_t count;
        } object;
    } u;
};

struct json_member {
    char *key; /* UTF-8, NUL-terminated */
    size_t key_len;
    json_value value;
};

/* Flags for json_parse(). */
enum {
    /* Accept NaN, Infinity and -Infinity as numbers: Python's json.dump()
     * writes them by default, so WhisperX does for times it could not
     * align.  Not JSON; off unless asked. */
    JSON_ALLOW_NONFINITE = 1
};

/* Parses data[0..len) (an optional UTF-8 byte order mark is skipped).
 * Returns the root value, to release with json_free(), or NULL with err
 * filled: GRILLE_EUTF8 for bytes that are not UTF-8, GRILLE_ETRANSCRIPT
 * for anything else that is not JSON (name, 1-based line and column, byte
 * offset and what was expected), GRILLE_ENOMEM. */
json_value *json_parse(const char *name, const char *data, size_t len, unsigned flags, grille_error *err);

/* Releases a tree returned by json_parse(); NULL is allowed. */
void json_free(json_value *root);

/* The value of the last member named key (as Python's json module keeps
 * the last of duplicates), or NULL when there is none or object is not
 * an object (NULL included). */
const json_value *json_get(const json_value *object, const char *key);

/* Items of an array: the count is 0 and json_array_at() NULL for
 * anything else (NULL included) or an index out of range. */
size_t json_array_count(const json_value *array);
const json_value *json_array_at(const json_value *array, size_t i);

/* 1-based line and column (in code points) of a byte offset into the
 * parsed input (data must be the input, valid UTF-8 up to offset); CR,
 * LF and CR LF each end a line. */
void json_line_col(const char *data, size_t offset, unsigned *line, unsigned *col);

#endif

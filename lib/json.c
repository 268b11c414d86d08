/* json.c - strict JSON (RFC 8259) into a small tree; see json.h. */
#include "json.h"
#include "utf8.h"
#include <math.h>
#include <stdio.h>

typedef struct parser {
    const char *d;
    size_t len, pos;
    unsigned flags;
    const char *name;
    grille_error *err;
} parser;

/* Significant digits given to strtod(): past these, a digit can only
 * change the result of a number exactly halfway between two doubles, and
 * millions of them would make strtod() slow. */
#define NUMBER_DIGITS 800

void json_line_col(const char *data, size_t offset, unsigned *line, unsigned *col) {
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < offset; i++) {
        /* CR LF counts once, at its LF */
        if (data[i] == '\n' || (data[i] == '\r' && (i + 1 == offset || data[i + 1] != '\n'))) {
            l++;
            start = i + 1;
        }
    }
    *line = l;
    *col = (unsigned)utf8_count(data + start, offset - start) + 1;
    /* editors do not show a byte order mark */
    if (start == 0 && offset >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) (*col)--;
}

static int fail(parser *p, int code, size_t at, const char *fmt, ...) GRILLE_PRINTF(4, 5);
static int fail(parser *p, int code, size_t at, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, grille_msg(fmt), ap);
    va_end(ap);
    unsigned line, col;
    json_line_col(p->d, at, &line, &col);
    return grille_fail(p->err, code, p->name, line, col, at, "%s", msg);
}

/* What stands at `at`, for messages: "'x'", "U+0007" or "the end of the file". */
static const char *describe(const parser *p, size_t at, char buf[16]) {
    if (at >= p->len) return grille_msg("the end of the file");
    unsigned char c = (unsigned char)p->d[at];
    if (c < 0x20 || c == 0x7F) snprintf(buf, 16, "U+%04X", c);
    else if (c < 0x80) snprintf(buf, 16, "'%c'", c);
    else {
        int32_t cp;
        int n = utf8_decode((const unsigned char *)p->d + at, &cp);
        snprintf(buf, 16, "'%.*s'", n, p->d + at);
    }
    return buf;
}

static void skip_space(parser *p) {
    while (p->pos < p->len) {
        char c = p->d[p->pos];
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') break;
        p->pos++;
    }
}

static void value_clear(json_value *v) {
    switch (v->type) {
    case JSON_STRING: free(v->u.string.data); break;
    case JSON_ARRAY:
        for (size_t i = 0; i < v->u.array.count; i++) value_clear(&v->u.array.items[i]);
        free(v->u.array.items);
        break;
    case JSON_OBJECT:
        for (size_t i = 0; i < v->u.object.count; i++) {
            free(v->u.object.members[i].key);
            value_clear(&v->u.object.members[i].value);
        }
        free(v->u.object.members);
        break;
    default: break;
    }
    v->type = JSON_NULL;
}

/* ------------------------------------------------------------------ */
/* strings                                                             */

static int hex4(const parser *p, size_t at, unsigned *out) {
    if (p->len - at < 4) return 0;
    unsigned v = 0;
    for (size_t i = at; i < at + 4; i++) {
        char c = p->d[i];
        unsigned h;
        if (c >= '0' && c <= '9') h = (unsigned)(c - '0');
        else if (c >= 'a' && c <= 'f') h = (unsigned)(c - 'a' + 10);
        else if (c >= 'A' && c <= 'F') h = (unsigned)(c - 'A' + 10);
        else return 0;
        v = v << 4 | h;
    }
    *out = v;
    return 1;
}

/* "\uXXXX" at p->pos (on the backslash), a surrogate pair taken whole. */
static int unicode_escape(parser *p, gbuf *b) {
    size_t at = p->pos;
    unsigned cp, lo;
    if (!hex4(p, at + 2, &cp))
        return fail(p, GRILLE_ETRANSCRIPT, at, "\\u must be followed by 4 hexadecimal digits (0-9, A-F)");
    p->pos += 6;
    if (cp >= 0xDC00 && cp <= 0xDFFF)
        return fail(p, GRILLE_ETRANSCRIPT, at, "\\u%04X is the second half of a surrogate pair without its first half",
                    cp);
    if (cp >= 0xD800 && cp <= 0xDBFF) {
        if (p->len - p->pos < 6 || p->d[p->pos] != '\\' || p->d[p->pos + 1] != 'u' || !hex4(p, p->pos + 2, &lo) ||
            lo < 0xDC00 || lo > 0xDFFF)
            return fail(p, GRILLE_ETRANSCRIPT, at,
                        "\\u%04X is the first half of a surrogate pair: it must be followed by "
                        "\\uDC00 to \\uDFFF",
                        cp);
        cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
        p->pos += 6;
    }
    char out[4];
    return gbuf_append(b, out, (size_t)utf8_encode((int32_t)cp, out)) ? GRILLE_ENOMEM : GRILLE_OK;
}

static int escape(parser *p, gbuf *b) {
    size_t at = p->pos;
    if (at + 1 >= p->len)
        return fail(p, GRILLE_ETRANSCRIPT, at, "the file ends inside a string (a closing '\"' is missing)");
    char c = p->d[at + 1], out;
    switch (c) {
    case '"': out = '"'; break;
    case '\\': out = '\\'; break;
    case '/': out = '/'; break;
    case 'b': out = '\b'; break;
    case 'f': out = '\f'; break;
    case 'n': out = '\n'; break;
    case 'r': out = '\r'; break;
    case 't': out = '\t'; break;
    case 'u': return unicode_escape(p, b);
    default: {
        char buf[16];
        return fail(p, GRILLE_ETRANSCRIPT, at,
                    "unknown escape: a backslash may only come before \" \\ / b f n r t or u, not %s",
                    describe(p, at + 1, buf));
    }
    }
    p->pos += 2;
    return gbuf_putc(b, out) ? GRILLE_ENOMEM : GRILLE_OK;
}

/* Where the plain run of a string starting at i ends: a quote, a
 * backslash, a control character or the end of the input. */
static size_t plain_run(const parser *p, size_t i) {
    while (i < p->len) {
        unsigned char c = (unsigned char)p->d[i];
        if (c == '"' || c == '\\' || c < 0x20) break;
        i++;
    }
    return i;
}

/* The string at p->pos (on its opening quote) into a new NUL-terminated
 * buffer. */
static int parse_string(parser *p, char **out, size_t *out_len) {
    size_t open = p->pos;
    gbuf b = {0};
    p->pos++;
    for (;;) {
        size_t e = plain_run(p, p->pos);
        if (gbuf_append(&b, p->d + p->pos, e - p->pos)) goto nomem;
        p->pos = e;
        if (e >= p->len) {
            gbuf_free(&b);
            return fail(p, GRILLE_ETRANSCRIPT, open, "the string that starts here is never closed (a '\"' is missing)");
        }
        unsigned char c = (unsigned char)p->d[e];
        if (c == '"') break;
        if (c < 0x20) {
            gbuf_free(&b);
            if (c == '\n' || c == '\r')
                return fail(p, GRILLE_ETRANSCRIPT, e,
                            "a line break inside a string: close the string with '\"' or write \\n");
            return fail(p, GRILLE_ETRANSCRIPT, e, "a control character (U+%04X) inside a string: write it as \\u%04X",
                        c, c);
        }
        int rc = escape(p, &b);
        if (rc) {
            gbuf_free(&b);
            return rc;
        }
    }
    p->pos++;
    /* the first append allocated, and a gbuf stays NUL-terminated */
    *out = b.data;
    *out_len = b.len;
    return GRILLE_OK;
nomem:
    gbuf_free(&b);
    return GRILLE_ENOMEM;
}

/* ------------------------------------------------------------------ */
/* numbers                                                             */

static int is_digit(char c) { return c >= '0' && c <= '9'; }

/* Length of the number at i following RFC 8259's grammar, or 0, with
 * *bad where it stops being one. */
static size_t number_span(const parser *p, size_t i, size_t *bad) {
    size_t s = i;
    const char *d = p->d;
    if (i < p->len && d[i] == '-') i++;
    if (i >= p->len || !is_digit(d[i])) {
        *bad = i;
        return 0;
    }
    if (d[i] == '0') {
        i++;
        if (i < p->len && is_digit(d[i])) {
            *bad = i;
            return 0;
        }
    } else
        while (i < p->len && is_digit(d[i])) i++;
    if (i < p->len && d[i] == '.') {
        i++;
        if (i >= p->len || !is_digit(d[i])) {
            *bad = i;
            return 0;
        }
        while (i < p->len && is_digit(d[i])) i++;
    }
    if (i < p->len && (d[i] == 'e' || d[i] == 'E')) {
        i++;
        if (i < p->len && (d[i] == '+' || d[i] == '-')) i++;
        if (i >= p->len || !is_digit(d[i])) {
            *bad = i;
            return 0;
        }
        while (i < p->len && is_digit(d[i])) i++;
    }
    return i - s;
}

/* The value of a well-formed number: its significant digits (at most
 * NUMBER_DIGITS) with a decimal exponent, written "digitsEexp" so that
 * strtod() needs no decimal point and the locale cannot get in. */
static double number_value(const char *s, size_t n) {
    char buf[NUMBER_DIGITS + 32];
    size_t k = 0, i = 0;
    long long exp10 = 0;
    if (s[i] == '-') buf[k++] = s[i++];
    size_t first = k;
    int frac = 0;
    for (; i < n && s[i] != 'e' && s[i] != 'E'; i++) {
        if (s[i] == '.') {
            frac = 1;
            continue;
        }
        int leading = k == first && s[i] == '0';
        if (!leading && k - first < NUMBER_DIGITS) {
            buf[k++] = s[i];
            if (frac) exp10--;
        } else if (leading && frac) exp10--;
        else if (!leading && !frac) exp10++; /* an integer digit beyond what is kept */
    }
    if (k == first) return s[0] == '-' ? -0.0 : 0.0;
    long long e = 0;
    int neg = 0;
    if (i < n) {
        i++;
        if (s[i] == '+' || s[i] == '-') neg = s[i++] == '-';
        for (; i < n; i++)
            if (e < 100000000) e = e * 10 + (s[i] - '0');
    }
    exp10 += neg ? -e : e;
    /* beyond this the result is 0 or infinite whatever the digits */
    if (exp10 > 100000) exp10 = 100000;
    if (exp10 < -100000) exp10 = -100000;
    snprintf(buf + k, sizeof buf - k, "e%lld", exp10);
    return strtod(buf, NULL);
}

static int parse_number(parser *p, json_value *v) {
    size_t bad = 0, n = number_span(p, p->pos, &bad);
    char cbuf[16];
    if (!n)
        return fail(p, GRILLE_ETRANSCRIPT, bad,
                    "not a number: expected a digit here, not %s (numbers are written like "
                    "12, -0.5 or 1.5e3, without leading zeros)",
                    describe(p, bad, cbuf));
    double x = number_value(p->d + p->pos, n);
    if (isinf(x)) return fail(p, GRILLE_ETRANSCRIPT, p->pos, "this number is too large");
    v->type = JSON_NUMBER;
    v->u.number = x;
    p->pos += n;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* values                                                              */

static int parse_value(parser *p, json_value *v, unsigned depth);

static int starts(const parser *p, const char *word) {
    size_t n = strlen(word);
    return p->len - p->pos >= n && memcmp(p->d + p->pos, word, n) == 0;
}

static int literal(parser *p, json_value *v) {
    static const struct {
        const char *word;
        json_type type;
        int flag;
        double x;
    } words[] = {{"true", JSON_BOOL, 0, 1},
                 {"false", JSON_BOOL, 0, 0},
                 {"null", JSON_NULL, 0, 0},
                 {"NaN", JSON_NUMBER, 1, NAN},
                 {"Infinity", JSON_NUMBER, 1, INFINITY},
                 {"-Infinity", JSON_NUMBER, 1, -INFINITY}};
    for (size_t i = 0; i < sizeof words / sizeof words[0]; i++) {
        if (!starts(p, words[i].word) || (words[i].flag && !(p->flags & JSON_ALLOW_NONFINITE))) continue;
        v->type = words[i].type;
        if (v->type == JSON_BOOL) v->u.boolean = words[i].x != 0;
        if (v->type == JSON_NUMBER) v->u.number = words[i].x;
        p->pos += strlen(words[i].word);
        return GRILLE_OK;
    }
    if (starts(p, "NaN") || starts(p, "Infinity") || starts(p, "-Infinity"))
        return fail(p, GRILLE_ETRANSCRIPT, p->pos, "NaN and Infinity are not numbers JSON allows (write null instead)");
    if (p->d[p->pos] == '-') return parse_number(p, v);
    char buf[16];
    return fail(p, GRILLE_ETRANSCRIPT, p->pos,
                "expected a value (a string in double quotes, a number, true, false, null, "
                "an object {...} or a list [...]), not %s",
                describe(p, p->pos, buf));
}

static int too_deep(parser *p) {
    return fail(p, GRILLE_ELIMIT, p->pos, "lists and objects are nested more than %d levels deep", JSON_MAX_DEPTH);
}

/* After an item: 1 for ',', 0 for the closing bracket, or an error. */
static int next_item(parser *p, char close, const char *what) {
    skip_space(p);
    if (p->pos < p->len && p->d[p->pos] == ',') {
        p->pos++;
        return 1;
    }
    if (p->pos < p->len && p->d[p->pos] == close) {
        p->pos++;
        return 0;
    }
    char buf[16];
    return fail(p, GRILLE_ETRANSCRIPT, p->pos, "expected ',' or '%c' after %s, not %s", close, what,
                describe(p, p->pos, buf));
}

static int parse_array(parser *p, json_value *v, unsigned depth) {
    if (depth > JSON_MAX_DEPTH) return too_deep(p);
    json_value *items = NULL;
    size_t n = 0, cap = 0;
    int rc = GRILLE_OK;
    p->pos++;
    skip_space(p);
    if (p->pos < p->len && p->d[p->pos] == ']') {
        p->pos++;
        goto done;
    }
    for (;;) {
        skip_space(p);
        if (n && p->pos < p->len && p->d[p->pos] == ']') {
            rc = fail(p, GRILLE_ETRANSCRIPT, p->pos, "expected a value after ',' (a list cannot end with a comma)");
            break;
        }
        if (GROW(items, n, cap)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        if ((rc = parse_value(p, &items[n], depth))) break;
        n++;
        if ((rc = next_item(p, ']', "an item of a list")) <= 0) break;
    }
    if (rc < 0) {
        for (size_t i = 0; i < n; i++) value_clear(&items[i]);
        free(items);
        return rc;
    }
done:
    v->type = JSON_ARRAY;
    v->u.array.items = items;
    v->u.array.count = n;
    return GRILLE_OK;
}

static int parse_member(parser *p, json_member *m, unsigned depth) {
    skip_space(p);
    char buf[16];
    if (p->pos >= p->len || p->d[p->pos] != '"')
        return fail(p, GRILLE_ETRANSCRIPT, p->pos, "expected a name in double quotes, not %s",
                    describe(p, p->pos, buf));
    int rc = parse_string(p, &m->key, &m->key_len);
    if (rc) return rc;
    skip_space(p);
    if (p->pos >= p->len || p->d[p->pos] != ':') {
        rc = fail(p, GRILLE_ETRANSCRIPT, p->pos, "expected ':' after the name \"%.*s\", not %s",
                  (int)utf8_cut(m->key, m->key_len, 40), m->key, describe(p, p->pos, buf));
        free(m->key);
        return rc;
    }
    p->pos++;
    if ((rc = parse_value(p, &m->value, depth))) free(m->key);
    return rc;
}

static int parse_object(parser *p, json_value *v, unsigned depth) {
    if (depth > JSON_MAX_DEPTH) return too_deep(p);
    json_member *members = NULL;
    size_t n = 0, cap = 0;
    int rc = GRILLE_OK;
    p->pos++;
    skip_space(p);
    if (p->pos < p->len && p->d[p->pos] == '}') {
        p->pos++;
        goto done;
    }
    for (;;) {
        skip_space(p);
        if (n && p->pos < p->len && p->d[p->pos] == '}') {
            rc = fail(p, GRILLE_ETRANSCRIPT, p->pos,
                      "expected a name in double quotes after ',' (an object cannot end with a comma)");
            break;
        }
        if (GROW(members, n, cap)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        if ((rc = parse_member(p, &members[n], depth))) break;
        n++;
        if ((rc = next_item(p, '}', "a member of an object")) <= 0) break;
    }
    if (rc < 0) {
        for (size_t i = 0; i < n; i++) {
            free(members[i].key);
            value_clear(&members[i].value);
        }
        free(members);
        return rc;
    }
done:
    v->type = JSON_OBJECT;
    v->u.object.members = members;
    v->u.object.count = n;
    return GRILLE_OK;
}

/* depth counts the lists and objects around v; recursion goes no deeper
 * than JSON_MAX_DEPTH of them. */
static int parse_value(parser *p, json_value *v, unsigned depth) {
    skip_space(p);
    v->type = JSON_NULL;
    v->offset = p->pos;
    if (p->pos >= p->len)
        return fail(p, GRILLE_ETRANSCRIPT, p->pos,
                    "expected a value (a string, a number, true, false, null, an object or a list) "
                    "but the file ends here");
    char c = p->d[p->pos];
    if (c == '{') return parse_object(p, v, depth + 1);
    if (c == '[') return parse_array(p, v, depth + 1);
    if (c == '"') {
        int rc = parse_string(p, &v->u.string.data, &v->u.string.len);
        if (!rc) v->type = JSON_STRING;
        return rc;
    }
    if (is_digit(c) || (c == '-' && p->pos + 1 < p->len && p->d[p->pos + 1] != 'I')) return parse_number(p, v);
    return literal(p, v);
}

json_value *json_parse(const char *name, const char *data, size_t len, unsigned flags, grille_error *err) {
    parser p = {data, len, 0, flags, name ? name : "<memory>", err};
    size_t valid = utf8_valid_prefix((const unsigned char *)data, len);
    if (valid < len) {
        fail(&p, GRILLE_EUTF8, valid, "invalid UTF-8 (byte 0x%02X): JSON files are UTF-8; save the file again as UTF-8",
             (unsigned char)data[valid]);
        return NULL;
    }
    if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0) p.pos = 3;
    json_value *root = malloc(sizeof *root);
    if (!root) {
        grille_fail(err, GRILLE_ENOMEM, p.name, 0, 0, 0, "out of memory");
        return NULL;
    }
    int rc = parse_value(&p, root, 0);
    if (!rc) {
        skip_space(&p);
        if (p.pos < len) {
            char buf[16];
            rc = fail(&p, GRILLE_ETRANSCRIPT, p.pos, "unexpected %s after the end of the JSON data",
                      describe(&p, p.pos, buf));
            value_clear(root);
        }
    }
    if (rc) {
        if (rc == GRILLE_ENOMEM) grille_fail(err, GRILLE_ENOMEM, p.name, 0, 0, 0, "out of memory");
        free(root);
        return NULL;
    }
    return root;
}

void json_free(json_value *root) {
    if (!root) return;
    value_clear(root);
    free(root);
}

const json_value *json_get(const json_value *object, const char *key) {
    if (!object || object->type != JSON_OBJECT) return NULL;
    size_t n = strlen(key);
    for (size_t i = object->u.object.count; i-- > 0;) {
        const json_member *m = &object->u.object.members[i];
        if (m->key_len == n && memcmp(m->key, key, n) == 0) return &m->value;
    }
    return NULL;
}

size_t json_array_count(const json_value *array) {
    return array && array->type == JSON_ARRAY ? array->u.array.count : 0;
}

const json_value *json_array_at(const json_value *array, size_t i) {
    return i < json_array_count(array) ? &array->u.array.items[i] : NULL;
}

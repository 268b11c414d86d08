/* xml_prune.c - drops, from an all-ASCII XML document (xml_ascii.h),
 * the empty elements a reader has said it never looks at.
 *
 * Why: libxml2 spends most of a .docx on attributes, and most attributes
 * are on formatting elements no grille reader reads: a paragraph of a
 * LibreOffice .docx is <w:pStyle w:val="..."/><w:bidi w:val="0"/>
 * <w:spacing w:before="0" w:after="0"/><w:jc w:val="left"/> around its
 * text, and Word adds <w:rFonts .../><w:sz .../><w:lang .../> to each run.
 *
 * Only what cannot change the document's meaning, nor whether it is
 * well-formed, is dropped: a self-closing tag of the strictest form
 * (prefix:name, attributes prefix:name="value" with no '&', '<', control
 * character, duplicate or namespace declaration, prefixes declared on the
 * root), after the root's start tag, in a document without comments,
 * CDATA sections, processing instructions or a DOCTYPE (where the same
 * bytes could be text).  Anything else stays for libxml2 to read. */
#include "xml_prune.h"
#include <stdint.h>
#include <string.h>

#define MAX_PREFIXES 64
#define MAX_ATTRS 16

typedef struct prefixes {
    const char *name[MAX_PREFIXES];
    size_t len[MAX_PREFIXES], n;
    unsigned char single[256];  /* declared one-letter prefixes (w:, r:, v:) */
    uint64_t lengths[256];      /* by first letter: lengths of the names, bit n */
    const char *const *names;
} prefixes;

static inline int name_start(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }
static inline int name_char(unsigned char c) {
    return name_start(c) || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.';
}
static inline int space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The length of the name at p (letters, digits, _ - .), or 0. */
static inline size_t name_at(const char *p, const char *end) {
    if (p >= end || !name_start((unsigned char)*p)) return 0;
    const char *q = p + 1;
    while (q < end && name_char((unsigned char)*q)) q++;
    return (size_t)(q - p);
}

static inline int declared(const prefixes *px, const char *p, size_t n) {
    if (n == 1) return px->single[(unsigned char)*p];
    for (size_t i = 0; i < px->n; i++)
        if (px->len[i] == n && memcmp(px->name[i], p, n) == 0) return 1;
    return 0;
}

/* prefix:local at p, the prefix declared: the total length, or 0. */
static inline size_t qname_at(const prefixes *px, const char *p, const char *end, size_t *local_at) {
    size_t pn = name_at(p, end);
    if (!pn || p + pn >= end || p[pn] != ':' || !declared(px, p, pn)) return 0;
    size_t ln = name_at(p + pn + 1, end);
    if (!ln) return 0;
    *local_at = pn + 1;
    return pn + 1 + ln;
}

static inline int in_list(const char *const *names, const char *p, size_t n) {
    for (size_t i = 0; names[i]; i++)
        if (names[i][0] == p[0] && strncmp(names[i], p, n) == 0 && names[i][n] == '\0') return 1;
    return 0;
}

/* The length of a droppable empty element at p ('<'), or 0. */
static size_t droppable(const prefixes *px, const char *p, const char *end) {
    size_t local, n = qname_at(px, p + 1, end, &local);
    if (!n) return 0;
    /* most elements (w:p, w:r, w:t...) fail on their first letter and length */
    size_t ln = n - local;
    const char *name = p + 1 + local;
    if (ln > 63 || !(px->lengths[(unsigned char)*name] >> ln & 1) || !in_list(px->names, name, ln)) return 0;
    const char *q = p + 1 + n;
    const char *attr[MAX_ATTRS];
    size_t alen[MAX_ATTRS], na = 0;
    for (;;) {
        const char *s = q;
        while (q < end && space((unsigned char)*q)) q++;
        if (q + 1 < end && q[0] == '/' && q[1] == '>') return (size_t)(q + 2 - p);
        if (q == s || na == MAX_ATTRS) return 0; /* attributes need a space before them */
        size_t an = qname_at(px, q, end, &local);
        if (!an) return 0; /* (a declaration, xmlns:x, has no declared prefix) */
        for (size_t k = 0; k < na; k++)
            if (alen[k] == an && memcmp(attr[k], q, an) == 0) return 0; /* a duplicate: not well-formed */
        attr[na] = q;
        alen[na++] = an;
        q += an;
        if (q + 1 >= end || q[0] != '=' || q[1] != '"') return 0;
        for (q += 2; q < end && *q != '"'; q++) {
            unsigned char c = (unsigned char)*q;
            if (c == '<' || c == '&' || (c < 0x20 && !space(c))) return 0;
        }
        if (q >= end) return 0;
        q++;
    }
}

/* The prefixes the root's start tag (at p) declares, xmlns:prefix="..."
 * with a non-empty value; returns the tag's end, or NULL. */
static const char *root_prefixes(const char *p, const char *end, prefixes *px) {
    px->n = 0;
    const char *q = p + 1, *quote = NULL;
    for (; q < end; q++) {
        if (quote) { if (*q == *quote) quote = NULL; continue; }
        if (*q == '"' || *q == '\'') { quote = q; continue; }
        if (*q == '>') return q + 1;
        if (space((unsigned char)q[-1]) && end - q > 6 && memcmp(q, "xmlns:", 6) == 0) {
            size_t n = name_at(q + 6, end);
            const char *v = q + 6 + n;
            if (n && v + 2 < end && v[0] == '=' && (v[1] == '"' || v[1] == '\'') && v[2] != v[1] &&
                px->n < MAX_PREFIXES) {
                px->name[px->n] = q + 6;
                px->len[px->n++] = n;
            }
        }
    }
    return NULL;
}

size_t xml_prune_empty(char *buf, size_t len, const char *const *names) {
    const char *end = buf + len;
    /* comments, CDATA, processing instructions, DOCTYPE: leave it all */
    const char *root = NULL;
    for (const char *p = memchr(buf, '<', len); p; p = memchr(p + 1, '<', (size_t)(end - p - 1))) {
        if (p + 1 >= end) return len;
        if (p[1] == '!' || (p[1] == '?' && p != buf)) return len;
        if (!root && p[1] != '?') root = p;
    }
    prefixes px;
    const char *body = root ? root_prefixes(root, end, &px) : NULL;
    if (!body || !px.n) return len;
    memset(px.single, 0, sizeof px.single);
    for (size_t k = 0; k < px.n; k++)
        if (px.len[k] == 1) px.single[(unsigned char)px.name[k][0]] = 1;
    memset(px.lengths, 0, sizeof px.lengths);
    for (size_t k = 0; names[k]; k++) {
        size_t n = strlen(names[k]);
        if (n && n < 64) px.lengths[(unsigned char)names[k][0]] |= 1ULL << n;
    }
    px.names = names;
    char *o = (char *)body;
    const char *i = body;
    while (i < end) {
        const char *lt = memchr(i, '<', (size_t)(end - i));
        if (!lt) lt = end;
        size_t run = (size_t)(lt - i);
        memmove(o, i, run);
        o += run;
        i = lt;
        if (i >= end) break;
        size_t n = droppable(&px, i, end);
        if (!n) { *o++ = *i++; continue; }
        i += n;
    }
    return (size_t)(o - buf);
}

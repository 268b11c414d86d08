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
 * root), after the root's start tag and before any comment, CDATA
 * section, processing instruction or DOCTYPE (from there on the same
 * bytes could be text; before it, every '<' of a well-formed document
 * opens a tag).  Anything else stays for libxml2 to read.
 *
 * The document comes piece by piece, as it is read and escaped: a tag
 * cut by the end of a piece waits for the next. */
#include "xml_prune.h"
#include <stdint.h>
#include <string.h>

/* A root tag larger than this is left alone rather than carried over
 * from piece to piece until it ends. */
#define MAX_ROOT_TAG ((size_t)1 << 20)
#define MAX_ATTRS 16

/* Character classes (a table built at compile time) */
enum { NAME_START = 1, NAME_CHAR = 2, SPACE = 4, NOT_IN_VALUE = 8 };

#define IS_LETTER(c) (((c) | 0x20) >= 'a' && ((c) | 0x20) <= 'z')
#define IS_SPACE(c) ((c) == ' ' || (c) == '\t' || (c) == '\n' || (c) == '\r')
#define CLASS(c)                                                                              \
    ((IS_LETTER(c) ? NAME_START | NAME_CHAR : 0) |                                            \
     (((c) >= '0' && (c) <= '9') || (c) == '_' || (c) == '-' || (c) == '.' ? NAME_CHAR : 0) | \
     (IS_SPACE(c)                                ? SPACE                                      \
      : ((c) < 0x20 || (c) == '<' || (c) == '&') ? NOT_IN_VALUE                               \
                                                 : 0))
#define C4(c) CLASS(c), CLASS((c) + 1), CLASS((c) + 2), CLASS((c) + 3)
#define C16(c) C4(c), C4((c) + 4), C4((c) + 8), C4((c) + 12)
#define C64(c) C16(c), C16((c) + 16), C16((c) + 32), C16((c) + 48)
static const unsigned char cls[256] = {C64(0), C64(64), C64(128), C64(192)};

static inline int space(unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

/* The length of the name at p (letters, digits, _ - .), or 0. */
static inline size_t name_at(const xml_prune_prefixes *px, const char *p, const char *end) {
    if (p >= end || !(cls[(unsigned char)*p] & NAME_START)) return 0;
    const char *q = p + 1;
    while (q < end && (cls[(unsigned char)*q] & NAME_CHAR)) q++;
    return (size_t)(q - p);
}

static inline int declared(const xml_prune_prefixes *px, const char *p, size_t n) {
    if (n == 1) return px->single[(unsigned char)*p];
    for (size_t i = 0; i < px->n; i++)
        if (px->len[i] == n && memcmp(px->name[i], p, n) == 0) return 1;
    return 0;
}

/* prefix:local at p, the prefix declared: the total length, or 0. */
static inline size_t qname_at(const xml_prune_prefixes *px, const char *p, const char *end, size_t *local_at) {
    size_t pn = name_at(px, p, end);
    if (!pn || p + pn >= end || p[pn] != ':' || !declared(px, p, pn)) return 0;
    size_t ln = name_at(px, p + pn + 1, end);
    if (!ln) return 0;
    *local_at = pn + 1;
    return pn + 1 + ln;
}

static inline int in_list(const char *const *names, const char *p, size_t n) {
    for (size_t i = 0; names[i]; i++)
        if (names[i][0] == p[0] && strncmp(names[i], p, n) == 0 && names[i][n] == '\0') return 1;
    return 0;
}

/* The length of a droppable empty element at p ('<'), or 0; or of the
 * start tag of one that may be empty (*open set: droppable with its end
 * tag when that comes next). */
static size_t droppable(const xml_prune_prefixes *px, const char *p, const char *end, int *open) {
    *open = 0;
    size_t local, n = qname_at(px, p + 1, end, &local);
    if (!n) return 0;
    /* most elements (w:p, w:r, w:t...) fail on their first letter and length */
    size_t ln = n - local;
    const char *name = p + 1 + local;
    if (ln > 63 || !(px->lengths[(unsigned char)*name] >> ln & 1) ||
        !(px->lasts[(unsigned char)*name] >> (name[ln - 1] & 63) & 1) || !in_list(px->names, name, ln))
        return 0;
    const char *q = p + 1 + n;
    const char *attr[MAX_ATTRS];
    size_t alen[MAX_ATTRS], na = 0;
    for (;;) {
        const char *s = q;
        while (q < end && space((unsigned char)*q)) q++;
        if (q + 1 < end && q[0] == '/' && q[1] == '>') return (size_t)(q + 2 - p);
        if (q < end && q[0] == '>') {
            *open = 1;
            return (size_t)(q + 1 - p);
        }
        if (q == s || na == MAX_ATTRS) return 0; /* attributes need a space before them */
        size_t an = qname_at(px, q, end, &local);
        if (!an) return 0; /* (a declaration, xmlns:x, has no declared prefix) */
        for (size_t k = 0; k < na; k++)
            if (alen[k] == an && memcmp(attr[k], q, an) == 0) return 0; /* a duplicate: not well-formed */
        attr[na] = q;
        alen[na++] = an;
        q += an;
        if (q + 1 >= end || q[0] != '=' || q[1] != '"') return 0;
        for (q += 2; q < end && *q != '"'; q++)
            if (cls[(unsigned char)*q] & NOT_IN_VALUE) return 0;
        if (q >= end) return 0;
        q++;
    }
}

/* The prefixes the root's start tag (at p) declares, xmlns:prefix="..."
 * with a non-empty value (copied: the tag will be gone); returns the
 * tag's end, or NULL. */
static const char *root_prefixes(const char *p, const char *end, xml_prune_prefixes *px) {
    px->n = 0;
    const char *q = p + 1, *quote = NULL;
    for (; q < end; q++) {
        if (quote) {
            if (*q == *quote) quote = NULL;
            continue;
        }
        if (*q == '"' || *q == '\'') {
            quote = q;
            continue;
        }
        if (*q == '>') return q + 1;
        if (space((unsigned char)q[-1]) && end - q > 6 && memcmp(q, "xmlns:", 6) == 0) {
            size_t n = name_at(px, q + 6, end);
            const char *v = q + 6 + n;
            /* (a prefix too long to keep is not declared here: its
             * elements stay) */
            if (n && n < sizeof px->name[0] && v + 2 < end && v[0] == '=' && (v[1] == '"' || v[1] == '\'') &&
                v[2] != v[1] && px->n < XML_PRUNE_MAX_PREFIXES) {
                memcpy(px->name[px->n], q + 6, n);
                px->len[px->n++] = n;
            }
        }
    }
    return NULL;
}

void xml_prune_init(xml_prune_stream *st, const char *const *names) {
    memset(st, 0, sizeof *st);
    st->names = names;
    st->px.names = names;
}

/* Word and LibreOffice write the same formatting elements again and
 * again, byte for byte (<w:bidi w:val="0"/>): a tag that was dropped is
 * remembered, and the same bytes are dropped again at the cost of a
 * comparison.  The verdict depends on the tag's bytes alone. */
static inline size_t slot_of(const char *p) {
    uint64_t w;
    memcpy(&w, p + 1, 8);
    return (size_t)((w * 0x9E3779B97F4A7C15ULL) >> (64 - XML_PRUNE_CACHE_BITS));
}

static inline size_t remembered(const xml_prune_stream *st, const char *p, const char *end) {
    if (end - p < 9) return 0;
    size_t k = slot_of(p), n = st->cache_len[k];
    return n && (size_t)(end - p) >= n && memcmp(p, st->cache[k], n) == 0 ? n : 0;
}

static inline void remember(xml_prune_stream *st, const char *p, size_t n) {
    if (n > sizeof st->cache[0] || n < 9) return;
    size_t k = slot_of(p);
    memcpy(st->cache[k], p, n);
    st->cache_len[k] = (unsigned char)n;
}

static void tables(xml_prune_prefixes *px) {
    memset(px->lasts, 0, sizeof px->lasts);
    for (size_t k = 0; px->names[k]; k++) {
        size_t n = strlen(px->names[k]);
        if (n) px->lasts[(unsigned char)px->names[k][0]] |= 1ULL << (px->names[k][n - 1] & 63);
    }
    memset(px->single, 0, sizeof px->single);
    for (size_t k = 0; k < px->n; k++)
        if (px->len[k] == 1) px->single[(unsigned char)px->name[k][0]] = 1;
    memset(px->lengths, 0, sizeof px->lengths);
    for (size_t k = 0; px->names[k]; k++) {
        size_t n = strlen(px->names[k]);
        if (n && n < 64) px->lengths[(unsigned char)px->names[k][0]] |= 1ULL << n;
    }
}

/* Before the root's start tag: nothing is dropped; finds the root and
 * its prefixes.  Returns where pruning may start, or NULL (*ready set:
 * what is final). */
static char *before_root(xml_prune_stream *st, char *p, size_t n, int last, size_t *ready) {
    const char *end = p + n;
    size_t seen = st->seen; /* of the root tag, carried over at p */
    st->seen = 0;
    for (char *lt = memchr(p, '<', n); lt; lt = memchr(lt + 1, '<', (size_t)(end - lt - 1))) {
        if (lt + 1 >= end) {
            *ready = last ? n : (size_t)(lt - p);
            return NULL;
        }
        /* the XML declaration, first in the document */
        if (lt[1] == '?' && lt == p && st->done == 0) continue;
        if (lt[1] == '!' || lt[1] == '?') goto off;
        /* a tag that has not ended yet is not read again from its start
         * with every piece that comes */
        const char *from = lt == p && seen ? p + seen : lt + 1;
        if (!last && !memchr(from, '>', (size_t)(end - from))) {
            if ((size_t)(end - lt) > MAX_ROOT_TAG) goto off;
            st->seen = (size_t)(end - lt);
            *ready = (size_t)(lt - p);
            return NULL;
        }
        const char *body = root_prefixes(lt, end, &st->px);
        if (!body) {
            if (last || (size_t)(end - lt) > MAX_ROOT_TAG) goto off;
            *ready = (size_t)(lt - p);
            return NULL;
        }
        if (!st->px.n) goto off;
        tables(&st->px);
        st->state = XML_PRUNE_ON;
        return (char *)body;
    }
    *ready = n; /* no tag yet */
    return NULL;
off:
    st->state = XML_PRUNE_OFF;
    *ready = n;
    return NULL;
}

size_t xml_prune_piece(xml_prune_stream *st, char *p, size_t *n, int last) {
    size_t len = *n, ready = len;
    if (!len) return 0;
    char *i = p;
    if (st->state == XML_PRUNE_ROOT) {
        i = before_root(st, p, len, last, &ready);
        if (!i) {
            st->done += ready;
            return ready;
        }
    }
    if (st->state == XML_PRUNE_OFF) {
        st->done += len;
        return len;
    }
    const char *end = p + len;
    char *o = i;
    /* a tag carried over, at seen_at: its bytes that hold no '>' */
    size_t seen = st->seen, seen_at = st->seen_at;
    st->seen = st->seen_at = 0;
    /* Start tags of droppable elements, kept until their end tag shows
     * whether anything came between (<w:rPr></w:rPr>, once the run's
     * formatting is gone): offsets in p of the tag and of its end.  Only
     * the last can still be dropped; only this piece's. */
    size_t open_at[XML_PRUNE_OPEN], open_end[XML_PRUNE_OPEN], nopen = 0;
    while (i < end) {
        char *lt = memchr(i, '<', (size_t)(end - i));
        if (!lt) lt = (char *)end;
        size_t run = (size_t)(lt - i);
        memmove(o, i, run);
        o += run;
        i = lt;
        if (i >= end) break;
        if (i + 1 >= end) {
            if (last) {
                *o++ = *i++;
                break;
            }
            goto carry;
        }
        if (i[1] == '/') { /* an end tag: of an empty droppable element? */
            if (nopen && (size_t)(o - p) == open_end[nopen - 1]) {
                const char *start = p + open_at[nopen - 1];
                size_t qlen = open_end[nopen - 1] - open_at[nopen - 1] - 2; /* "<" qname ">" */
                const char *q = start + 1;
                while (q < start + 1 + qlen && !space((unsigned char)*q) && *q != '>') q++;
                qlen = (size_t)(q - start - 1);
                if (end - i < (ptrdiff_t)(qlen + 3)) {
                    if (!last) goto carry;
                } else if (memcmp(i + 2, start + 1, qlen) == 0 && i[2 + qlen] == '>') {
                    o = (char *)start;
                    i += qlen + 3;
                    nopen--;
                    continue;
                }
            }
            nopen = 0; /* the ones left have had something in them */
            *o++ = *i++;
            continue;
        }
        if (i[1] == '!' || i[1] == '?') {
            /* from here on, the same bytes could be text */
            st->state = XML_PRUNE_OFF;
            memmove(o, i, (size_t)(end - i));
            o += end - i;
            i = (char *)end;
            break;
        }
        size_t k = remembered(st, i, end);
        if (k) {
            i += k;
            continue;
        }
        size_t from = seen && i == p + seen_at ? seen : 1;
        const char *gt = memchr(i + from, '>', (size_t)(end - i - (ptrdiff_t)from));
        if (!gt) {
            if (last) {
                *o++ = *i++;
                continue;
            }
            st->seen = (size_t)(end - i);
            goto carry;
        }
        int open;
        k = droppable(&st->px, i, gt + 1, &open);
        if (k && !open) {
            remember(st, i, k);
            i += k;
            continue;
        }
        if (k && nopen < XML_PRUNE_OPEN) {
            open_at[nopen] = (size_t)(o - p);
            open_end[nopen++] = (size_t)(o - p) + k;
            memmove(o, i, k);
            o += k;
            i += k;
            continue;
        }
        *o++ = *i++;
    }
    if (last) {
        *n = (size_t)(o - p);
        st->done += *n;
        return *n;
    }
carry:;
    /* The start tags that end what is written may yet be dropped with
     * their end tags: they wait, with what is left of the piece. */
    size_t keep = (size_t)(o - p);
    for (size_t j = nopen; j > 0 && open_end[j - 1] == keep; j--) keep = open_at[j - 1];
    if (st->seen) st->seen_at = (size_t)(o - p) - keep;
    memmove(o, i, (size_t)(end - i));
    *n = (size_t)(o - p) + (size_t)(end - i);
    st->done += keep;
    return keep;
}

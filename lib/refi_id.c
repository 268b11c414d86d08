/* refi_id.c - the ids of REFI-QDA files: SHA-1, name-based GUIDs (UUID
 * version 5), GUIDs as other tools write them, and ASCII slugs of code
 * names for grille theme ids.
 *
 * Every GUID grille writes is a name-based UUID of a key made from
 * grille's ids, so exporting the same coding again gives the same GUIDs,
 * and an import can recognise the codes grille made. */
#include "refi.h"
#include "utf8.h"
#include <stdio.h>
#include <utf8proc.h>

/* ------------------------------------------------------------------ */
/* SHA-1, for name-based GUIDs only                                    */

typedef struct sha1_ctx {
    uint32_t h[5];
    unsigned char block[64];
    size_t fill;
    uint64_t total;
} sha1_ctx;

static uint32_t rol32(uint32_t x, unsigned n) { return x << n | x >> (32 - n); }

static void sha1_block(uint32_t h[5], const unsigned char *p) {
    uint32_t w[80];
    for (int i = 0; i < 16; i++)
        w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 | (uint32_t)p[4 * i + 2] << 8 |
               (uint32_t)p[4 * i + 3];
    for (int i = 16; i < 80; i++) w[i] = rol32(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
    uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int i = 0; i < 80; i++) {
        uint32_t f, k;
        if (i < 20) {
            f = (b & c) | (~b & d);
            k = 0x5A827999u;
        } else if (i < 40) {
            f = b ^ c ^ d;
            k = 0x6ED9EBA1u;
        } else if (i < 60) {
            f = (b & c) | (b & d) | (c & d);
            k = 0x8F1BBCDCu;
        } else {
            f = b ^ c ^ d;
            k = 0xCA62C1D6u;
        }
        uint32_t t = rol32(a, 5) + f + e + k + w[i];
        e = d;
        d = c;
        c = rol32(b, 30);
        b = a;
        a = t;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
}

static void sha1_init(sha1_ctx *s) {
    static const uint32_t h0[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    memcpy(s->h, h0, sizeof h0);
    s->fill = 0;
    s->total = 0;
}

static void sha1_update(sha1_ctx *s, const void *data, size_t len) {
    const unsigned char *p = data;
    s->total += len;
    while (len) {
        size_t k = 64 - s->fill < len ? 64 - s->fill : len;
        memcpy(s->block + s->fill, p, k);
        s->fill += k;
        p += k;
        len -= k;
        if (s->fill == 64) {
            sha1_block(s->h, s->block);
            s->fill = 0;
        }
    }
}

static void sha1_final(sha1_ctx *s, unsigned char out[20]) {
    uint64_t bits = s->total * 8;
    unsigned char pad = 0x80, zero = 0, len[8];
    sha1_update(s, &pad, 1);
    while (s->fill != 56) sha1_update(s, &zero, 1);
    for (int i = 0; i < 8; i++) len[i] = (unsigned char)(bits >> (56 - 8 * i));
    sha1_update(s, len, 8);
    for (int i = 0; i < 5; i++) {
        out[4 * i] = (unsigned char)(s->h[i] >> 24);
        out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
        out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
        out[4 * i + 3] = (unsigned char)s->h[i];
    }
}

void refi_sha1(const void *data, size_t len, unsigned char out[20]) {
    sha1_ctx s;
    sha1_init(&s);
    sha1_update(&s, data, len);
    sha1_final(&s, out);
}

/* ------------------------------------------------------------------ */
/* GUIDs                                                               */

/* grille's namespace: uuid5(NAMESPACE_URL, "urn:grille:refi-qda"),
 * bed3988f-8577-5c26-b72e-678a51a664fa.  A namespace of its own keeps
 * grille's GUIDs apart from any other tool's name-based ones. */
static const unsigned char grille_ns[16] = {0xbe, 0xd3, 0x98, 0x8f, 0x85, 0x77, 0x5c, 0x26,
                                            0xb7, 0x2e, 0x67, 0x8a, 0x51, 0xa6, 0x64, 0xfa};

static void format_guid(const unsigned char b[16], char out[37]) {
    static const char hex[] = "0123456789abcdef";
    size_t k = 0;
    for (int i = 0; i < 16; i++) {
        if (i == 4 || i == 6 || i == 8 || i == 10) out[k++] = '-';
        out[k++] = hex[b[i] >> 4];
        out[k++] = hex[b[i] & 15];
    }
    out[k] = '\0';
}

void refi_guid(const char *key, size_t len, char out[37]) {
    sha1_ctx s;
    unsigned char d[20];
    sha1_init(&s);
    sha1_update(&s, grille_ns, sizeof grille_ns);
    sha1_update(&s, key, len);
    sha1_final(&s, d);
    d[6] = (unsigned char)((d[6] & 0x0F) | 0x50); /* version 5 */
    d[8] = (unsigned char)((d[8] & 0x3F) | 0x80); /* RFC 9562 variant */
    format_guid(d, out);
}

void refi_guidf(char out[37], gbuf *scratch, const char *fmt, ...) {
    char small[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n >= 0 && (size_t)n < sizeof small) {
        refi_guid(small, (size_t)n, out);
        return;
    }
    /* long ids: print into the scratch buffer; if even that fails (no
     * memory), the truncated key still gives a stable GUID */
    scratch->len = 0;
    if (n > 0 && gbuf_reserve(scratch, (size_t)n) == GRILLE_OK) {
        va_start(ap, fmt);
        vsnprintf(scratch->data, (size_t)n + 1, fmt, ap);
        va_end(ap);
        refi_guid(scratch->data, (size_t)n, out);
    } else {
        refi_guid(small, strlen(small), out);
    }
}

int refi_hexval(int c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

int refi_is_space(int c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }

int refi_guid_normalize(const char *s, char out[37]) {
    if (!s) return -1;
    size_t a = 0, b = strlen(s);
    while (a < b && refi_is_space((unsigned char)s[a])) a++;
    while (b > a && refi_is_space((unsigned char)s[b - 1])) b--;
    if (b - a > 9 && (strncmp(s + a, "urn:uuid:", 9) == 0 || strncmp(s + a, "URN:UUID:", 9) == 0)) a += 9;
    if (b - a >= 2 && s[a] == '{') {
        if (s[b - 1] != '}') return -1;
        a++;
        b--;
    }
    unsigned char bytes[16];
    size_t n = b - a, nd = 0;
    if (n != 36 && n != 32) return -1;
    for (size_t i = 0; i < n; i++) {
        int c = (unsigned char)s[a + i];
        if (n == 36 && (i == 8 || i == 13 || i == 18 || i == 23)) {
            if (c != '-') return -1;
            continue;
        }
        int v = refi_hexval(c);
        if (v < 0) return -1;
        if (nd % 2 == 0) bytes[nd / 2] = (unsigned char)(v << 4);
        else bytes[nd / 2] |= (unsigned char)v;
        nd++;
    }
    format_guid(bytes, out);
    return 0;
}

/* ------------------------------------------------------------------ */
/* Slugs                                                               */

/* Letters that Unicode does not decompose into a base letter and a mark. */
static const char *ascii_for(int32_t cp) {
    switch (cp) {
    case 0x0153: return "oe"; /* œ */
    case 0x00E6: return "ae"; /* æ */
    case 0x00F8: return "o";  /* ø */
    case 0x0142: return "l";  /* ł */
    case 0x0111: return "d";  /* đ */
    case 0x00F0: return "d";  /* ð */
    case 0x00FE: return "th"; /* þ */
    case 0x0131: return "i";  /* ı */
    default: return NULL;
    }
}

int refi_slug(const char *name, gbuf *out) {
    enum { MAX = 40 };
    char s[MAX + 8];
    size_t n = 0;
    int dash = 0;
    utf8proc_ssize_t i = 0;
    utf8proc_uint8_t *mapped = NULL;
    /* compatibility decomposition turns ligatures and superscripts into
     * letters and digits; stripping marks then leaves é as e */
    utf8proc_ssize_t len = utf8proc_map((const utf8proc_uint8_t *)(name ? name : ""), 0, &mapped,
                                        UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE |
                                            UTF8PROC_STRIPMARK | UTF8PROC_CASEFOLD);
    const unsigned char *p = mapped;
    if (len < 0) {
        free(mapped);
        mapped = NULL;
        if (len == UTF8PROC_ERROR_NOMEM) return GRILLE_ENOMEM;
        /* not UTF-8 (it came from a parsed XML file, so it should be):
         * keep its ASCII letters and digits */
        p = (const unsigned char *)(name ? name : "");
        len = (utf8proc_ssize_t)strlen((const char *)p);
    }
    while (i < len && n < MAX) {
        int32_t cp = p[i];
        int k = 1;
        if (mapped && cp >= 0x80) k = utf8_decode(p + i, &cp);
        i += k;
        const char *rep = NULL;
        char one[2] = {0, 0};
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) one[0] = (char)cp, rep = one;
        else if (cp >= 'A' && cp <= 'Z') one[0] = (char)(cp - 'A' + 'a'), rep = one;
        else rep = ascii_for(cp);
        if (!rep) {
            dash = n > 0;
            continue;
        }
        if (dash && n < MAX) s[n++] = '-';
        dash = 0;
        for (; *rep && n < MAX; rep++) s[n++] = *rep;
    }
    free(mapped);
    /* a long name is cut after a whole word when one ends late enough */
    if (i < len && n == MAX)
        for (size_t j = n - 1; j > MAX / 2; j--)
            if (s[j] == '-') {
                n = j;
                break;
            }
    while (n && s[n - 1] == '-') n--;
    /* grille ids start with a letter */
    if (n == 0) return gbuf_append(out, "code", 4);
    if (s[0] >= '0' && s[0] <= '9' && gbuf_append(out, "code-", 5)) return GRILLE_ENOMEM;
    return gbuf_append(out, s, n);
}

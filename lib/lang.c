/* lang.c - report strings in the report's language, looked up in the
 * .mo file compiled from po/fr.po into the library.
 *
 * Why not gettext() here: a report's language is chosen per call
 * (--lang), not by the process's locale, and must not depend on which
 * locales the machine has generated, nor on $LANGUAGE, nor on a
 * bindtextdomain() the caller may not have done.  Reading the catalogue
 * from the library's own read-only bytes needs no global state and gives
 * the same report everywhere.  The catalogue is the one the program's
 * messages use (po/fr.po), so `make update-po` covers both. */
#include "lang.h"
#include <math.h>

int grille_language_parse(const char *name) {
    if (!name) return -1;
    /* "fr", "fr_FR.UTF-8", "fr_CA", "fr-BE"; "en", "en_GB", "C", "POSIX" */
    if ((name[0] == 'f' || name[0] == 'F') && (name[1] == 'r' || name[1] == 'R') &&
        (name[2] == '\0' || name[2] == '_' || name[2] == '-' || name[2] == '.' || name[2] == '@'))
        return GRILLE_LANG_FR;
    if ((name[0] == 'e' || name[0] == 'E') && (name[1] == 'n' || name[1] == 'N') &&
        (name[2] == '\0' || name[2] == '_' || name[2] == '-' || name[2] == '.' || name[2] == '@'))
        return GRILLE_LANG_EN;
    if (!strcmp(name, "C") || !strncmp(name, "C.", 2) || !strcmp(name, "POSIX")) return GRILLE_LANG_EN;
    return -1;
}

const char *grille_language_code(grille_language lang) { return lang == GRILLE_LANG_FR ? "fr" : "en"; }

/* A 32-bit word of the .mo at off, in the byte order its magic number
 * says (msgfmt writes the build machine's; the bytes are compiled in,
 * so it is this machine's, but reading either costs nothing). */
static uint32_t word(const unsigned char *mo, size_t size, size_t off, int swap) {
    if (off > size || size - off < 4) return 0;
    uint32_t w;
    memcpy(&w, mo + off, 4);
    if (swap) w = (w >> 24) | ((w >> 8) & 0xff00u) | ((w << 8) & 0xff0000u) | (w << 24);
    return w;
}

/* The translation of msgid and its length (a plural entry's forms are
 * NUL-separated within it), or NULL. */
static const char *mo_lookup(const unsigned char *mo, size_t size, const char *msgid, size_t *tlen_out) {
    uint32_t magic = word(mo, size, 0, 0);
    int swap;
    if (magic == 0x950412deu) swap = 0;
    else if (magic == 0xde120495u) swap = 1;
    else return NULL;
    uint32_t n = word(mo, size, 8, swap), orig = word(mo, size, 12, swap), trans = word(mo, size, 16, swap);
    /* msgfmt sorts the original strings (the header, "", first): a binary search */
    size_t lo = 0, hi = n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        uint32_t len = word(mo, size, orig + 8 * mid, swap), off = word(mo, size, orig + 8 * mid + 4, swap);
        if (off >= size || len >= size - off) return NULL;
        int c = strcmp(msgid, (const char *)mo + off);
        if (c == 0) {
            uint32_t tlen = word(mo, size, trans + 8 * mid, swap), toff = word(mo, size, trans + 8 * mid + 4, swap);
            if (toff >= size || tlen >= size - toff || tlen == 0) return NULL;
            *tlen_out = tlen;
            return (const char *)mo + toff;
        }
        if (c < 0) hi = mid;
        else lo = mid + 1;
    }
    return NULL;
}

const char *grille_tr(grille_language lang, const char *msgid) {
    if (lang != GRILLE_LANG_FR || !msgid || !*msgid) return msgid;
    size_t len;
    const char *t = mo_lookup(grille_catalog_fr, grille_catalog_fr_size, msgid, &len);
    return t ? t : msgid;
}

const char *grille_tr_plural(grille_language lang, const char *one, const char *many, size_t n) {
    /* English: only 1 is singular; French (Plural-Forms of fr.po): 0 and 1 */
    if (lang != GRILLE_LANG_FR) return n == 1 ? one : many;
    size_t len;
    const char *t = mo_lookup(grille_catalog_fr, grille_catalog_fr_size, one, &len);
    if (!t) return n <= 1 ? one : many;
    if (n <= 1) return t;
    /* msgstr[1] follows msgstr[0] and its NUL */
    size_t first = strlen(t);
    return first + 1 < len ? t + first + 1 : t;
}

const char *grille_unit_words(grille_language lang, grille_unit_kind kind) {
    switch (kind) {
    case GRILLE_UNIT_TURN: return T(lang, "turn");
    case GRILLE_UNIT_PARAGRAPH: return T(lang, "paragraph");
    case GRILLE_UNIT_SENTENCE: break;
    }
    return T(lang, "sentence");
}

const char *grille_decimal(char *buf, size_t len, grille_language lang, double v, int decimals) {
    if (isnan(v)) {
        snprintf(buf, len, "NA");
        return buf;
    }
    /* printf's separator is LC_NUMERIC's: take whatever it wrote as the
     * separator, and write the language's */
    snprintf(buf, len, "%.*f", decimals, v);
    for (char *p = buf; *p; p++)
        if (*p == '.' || *p == ',') *p = lang == GRILLE_LANG_FR ? ',' : '.';
    return buf;
}

void grille_put_decimal(FILE *out, grille_language lang, double v, int decimals) {
    char buf[64];
    fputs(grille_decimal(buf, sizeof buf, lang, v, decimals), out);
}

/* read_text.c - plain text in the encodings Word, LibreOffice and
 * Notepad save: UTF-8 (with or without BOM), UTF-16 with a BOM, and
 * Windows-1252 when the bytes are not UTF-8 but read as French.
 *
 * UTF-8 files are taken byte for byte (a lone CR, the old Mac line end,
 * becomes LF: same length, so byte offsets still point into the file).
 * Other encodings are converted with ICU; positions then count in the
 * UTF-8 text, whose code points are the file's characters. */
#include "source.h"
#include "utf8.h"
#include <unicode/ucnv.h>
#include <unicode/ustring.h>

static void lone_cr_to_lf(source *s);

/* Converts data from the ICU converter `from` into UTF-8 in s->text.
 * An unmappable or malformed sequence stops with its offset (no silent
 * U+FFFD). */
static int convert(source *s, const char *from, const char *label, const char *data, size_t len, grille_error *err) {
    UErrorCode st = U_ZERO_ERROR;
    UConverter *cv = ucnv_open(from, &st);
    if (U_FAILURE(st))
        return grille_fail(err, GRILLE_EUSAGE, s->name, 0, 0, 0,
                           "unknown encoding '%s' (try utf-8, utf-16, windows-1252, iso-8859-15)", from);
    ucnv_setToUCallBack(cv, UCNV_TO_U_CALLBACK_STOP, NULL, NULL, NULL, &st);
    if (len > (size_t)INT32_MAX / 2) {
        ucnv_close(cv);
        return grille_fail(err, GRILLE_ELIMIT, s->name, 0, 0, 0, "file too large to convert from %s", label);
    }
    int32_t cap = (int32_t)len + 1;
    UChar *u = malloc((size_t)cap * sizeof *u);
    if (!u) {
        ucnv_close(cv);
        return GRILLE_ENOMEM;
    }
    UChar *t = u;
    const char *src = data;
    s->encoding = label;
    st = U_ZERO_ERROR;
    ucnv_toUnicode(cv, &t, u + cap, &src, data + len, NULL, 1, &st);
    if (U_FAILURE(st)) {
        size_t at = (size_t)(src - data);
        char bytes[8];
        int8_t n = (int8_t)sizeof bytes;
        UErrorCode st2 = U_ZERO_ERROR;
        ucnv_getInvalidChars(cv, bytes, &n, &st2);
        if (U_SUCCESS(st2) && n > 0 && (size_t)n <= at) at -= (size_t)n;
        ucnv_close(cv);
        free(u);
        return grille_fail(err, GRILLE_EUTF8, s->name, 0, 0, at,
                           "byte %zu is not valid %s; give the file's encoding with --encoding, "
                           "or save it again as UTF-8",
                           at, label);
    }
    ucnv_close(cv);
    int32_t ulen = (int32_t)(t - u), need = 0;
    st = U_ZERO_ERROR;
    u_strToUTF8(NULL, 0, &need, u, ulen, &st);
    if (st != U_BUFFER_OVERFLOW_ERROR && U_FAILURE(st)) {
        free(u);
        return grille_fail(err, GRILLE_EUTF8, s->name, 0, 0, 0, "cannot convert from %s: %s", label, u_errorName(st));
    }
    if (gbuf_reserve(&s->text, (size_t)need + 1)) {
        free(u);
        return GRILLE_ENOMEM;
    }
    st = U_ZERO_ERROR;
    u_strToUTF8(s->text.data + s->text.len, need + 1, &need, u, ulen, &st);
    free(u);
    if (U_FAILURE(st))
        return grille_fail(err, GRILLE_EUTF8, s->name, 0, 0, 0, "cannot convert from %s: %s", label, u_errorName(st));
    s->text.len += (size_t)need;
    s->text.data[s->text.len] = '\0';
    lone_cr_to_lf(s);
    return GRILLE_OK;
}

/* UTF-16 without a BOM shows as a NUL byte beside most ASCII letters. */
static int utf16_guess(const unsigned char *d, size_t len, int *big_endian) {
    if (len < 8) return 0;
    size_t n = len < 4096 ? len & ~(size_t)1 : 4096, zero_even = 0, zero_odd = 0;
    for (size_t i = 0; i < n; i += 2) {
        zero_even += d[i] == 0;
        zero_odd += d[i + 1] == 0;
    }
    size_t pairs = n / 2;
    if (zero_odd * 10 >= pairs * 6 && zero_even * 20 < pairs) {
        *big_endian = 0;
        return 1;
    }
    if (zero_even * 10 >= pairs * 6 && zero_odd * 20 < pairs) {
        *big_endian = 1;
        return 1;
    }
    return 0;
}

/* Windows-1252 bytes a French text uses: accented letters, œ, €, curly
 * quotes, dashes, ellipsis, NBSP, «», °, ². */
static int cp1252_french(unsigned char c) {
    if (c >= 0xC0) return c != 0xD7 && c != 0xF7 && c != 0xD0 && c != 0xF0 && c != 0xDE && c != 0xFE;
    switch (c) {
    case 0x80:
    case 0x85:
    case 0x8C:
    case 0x91:
    case 0x92:
    case 0x93:
    case 0x94:
    case 0x96:
    case 0x97:
    case 0x9C:
    case 0x9F:
    case 0xA0:
    case 0xAB:
    case 0xBB:
    case 0xB0:
    case 0xB2:
    case 0xA7:
    case 0xA9:
    case 0xB7:
    case 0x95:
    case 0x8B:
    case 0x9B:
    case 0xAA:
    case 0xBA: return 1;
    default: return 0;
    }
}

static int ascii_letter(unsigned char c) { return (c | 0x20) >= 'a' && (c | 0x20) <= 'z'; }

/* Whether bytes that are not UTF-8 read as French in Windows-1252: every
 * byte above 0x7F is one such text uses and an accented letter sits
 * beside another letter.  Returns the offset of the first implausible
 * byte, or len. */
static size_t cp1252_implausible_at(const unsigned char *d, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = d[i];
        if (c < 0x80) {
            if (c < 0x20 && c != '\n' && c != '\r' && c != '\t' && c != '\f') return i;
            continue;
        }
        /* "à" is a word of its own; other accented letters sit in words */
        int letter = (c >= 0xC0 && c != 0xE0 && c != 0xC0) || c == 0x9C || c == 0x8C;
        int beside = (i > 0 && (ascii_letter(d[i - 1]) || d[i - 1] >= 0xC0)) ||
                     (i + 1 < len && (ascii_letter(d[i + 1]) || d[i + 1] >= 0xC0));
        if (!cp1252_french(c) || (letter && !beside)) return i;
    }
    return len;
}

/* A UTF-8 French letter ("é" is C3 A9) or curly apostrophe somewhere:
 * the file is UTF-8 with damaged bytes, or mixes two encodings, and
 * reading it as Windows-1252 would garble every accent ("Ã©"). */
static size_t utf8_accent_at(const unsigned char *d, size_t len) {
    for (size_t i = 0; i + 1 < len; i++) {
        if (d[i] == 0xC3 && d[i + 1] >= 0x80 && d[i + 1] <= 0xBF) return i;
        if (d[i] == 0xE2 && i + 2 < len && d[i + 1] == 0x80 && d[i + 2] >= 0x98 && d[i + 2] <= 0xA6) return i;
    }
    return len;
}

/* How an encoding given by name is shown ("cp1252" -> "Windows-1252"). */
static const char *encoding_label(const char *name) {
    static const struct {
        const char *alias, *label;
    } labels[] = {{"windows-1252", "Windows-1252"}, {"cp1252", "Windows-1252"}, {"win1252", "Windows-1252"},
                  {"iso-8859-1", "ISO-8859-1"},     {"latin1", "ISO-8859-1"},   {"latin-1", "ISO-8859-1"},
                  {"iso-8859-15", "ISO-8859-15"},   {"latin9", "ISO-8859-15"},  {"latin-9", "ISO-8859-15"},
                  {"utf-16le", "UTF-16LE"},         {"utf-16be", "UTF-16BE"},   {"macintosh", "Mac OS Roman"},
                  {"macroman", "Mac OS Roman"},     {"ibm850", "IBM850"},       {"cp850", "IBM850"}};
    for (size_t i = 0; i < sizeof labels / sizeof labels[0]; i++)
        if (grille_ascii_ieq(name, labels[i].alias)) return labels[i].label;
    return name;
}

static int is_utf8_name(const char *e) { return grille_ascii_ieq(e, "utf-8") || grille_ascii_ieq(e, "utf8"); }

/* UTF-8 as the file has it, valid (checked by the caller); old Mac line
 * ends made LF in place. */
static int take_valid_utf8(source *s, const char *data, size_t len) {
    gbuf *own = s->adopt;
    if (own && own->data == data && own->len == len && !s->text.len) {
        gbuf_free(&s->text);
        s->text = *own;
        *own = (gbuf){0};
    } else if (source_append(s, data, len)) return GRILLE_ENOMEM;
    s->encoding = "UTF-8";
    lone_cr_to_lf(s);
    return GRILLE_OK;
}

static int take_utf8(source *s, const char *data, size_t len, grille_error *err) {
    size_t valid = utf8_valid_prefix((const unsigned char *)data, len);
    if (valid < len) {
        unsigned line, col;
        utf8_line_col(data, valid, &line, &col);
        return grille_fail(err, GRILLE_EUTF8, s->name, line, col, valid,
                           "invalid UTF-8 (byte 0x%02X) although the file was said to be UTF-8",
                           (unsigned char)data[valid]);
    }
    return take_valid_utf8(s, data, len);
}

/* Old Mac files end lines with CR alone: make it LF in place (same
 * length, so offsets do not move). */
static void lone_cr_to_lf(source *s) {
    char *t = s->text.data;
    size_t n = s->text.len;
    for (char *p = t ? memchr(t, '\r', n) : NULL; p; p = memchr(p + 1, '\r', n - (size_t)(p - t) - 1)) {
        if ((size_t)(p - t) + 1 == n) {
            *p = '\n';
            break;
        }
        if (p[1] != '\n') *p = '\n';
    }
}

/* Text that was UTF-8, read as Windows-1252 and saved again as UTF-8
 * ("Ã©" for "é", "â€™" for "’"). */
static size_t mojibake_count(const char *t, size_t len) {
    /* Both patterns hold a byte rare in French text, where 0xC3 they
     * start with opens every é: jump from one rare byte to the next
     * ("Ã©" is C3 83 C2 xx, "â€" is C3 A2 E2 82) */
    const unsigned char *u = (const unsigned char *)t;
    size_t n = 0;
    for (const unsigned char *p = len > 3 ? memchr(u + 1, 0x83, len - 3) : NULL; p;
         p = (size_t)(p + 1 - u) < len - 2 ? memchr(p + 1, 0x83, len - 2 - (size_t)(p + 1 - u)) : NULL)
        if (p[-1] == 0xC3 && p[1] == 0xC2 && p[2] >= 0x80 && p[2] <= 0xBF) n++;
    for (const unsigned char *p = len > 3 ? memchr(u + 3, 0x82, len - 3) : NULL; p;
         p = (size_t)(p + 1 - u) < len ? memchr(p + 1, 0x82, len - (size_t)(p + 1 - u)) : NULL)
        if (p[-3] == 0xC3 && p[-2] == 0xA2 && p[-1] == 0xE2) n++;
    return n;
}

static const char *mojibake_example(const char *t, size_t len) {
    for (size_t i = 0; i + 3 < len; i++)
        if ((unsigned char)t[i] == 0xC3 && (unsigned char)t[i + 1] == 0x83) return "'Ã©' for 'é'";
    return "'â€™' for '’'";
}

int source_read_text(source *s, const char *data, size_t len, const char *encoding, grille_error *err) {
    const unsigned char *d = (const unsigned char *)data;
    int rc;
    if (encoding && *encoding && !is_utf8_name(encoding)) {
        const char *from = encoding;
        /* "utf-16" without a BOM would be big-endian for ICU; Windows
         * writes little-endian, and a BOM, if any, decides */
        if (grille_ascii_ieq(encoding, "utf-16") || grille_ascii_ieq(encoding, "utf16")) {
            from = len >= 2 && d[0] == 0xFE && d[1] == 0xFF ? "UTF-16BE" : "UTF-16LE";
            if (len >= 2 && ((d[0] == 0xFF && d[1] == 0xFE) || (d[0] == 0xFE && d[1] == 0xFF))) data += 2, len -= 2;
        }
        return convert(s, from, encoding_label(from), data, len, err);
    }
    if (encoding && *encoding) return take_utf8(s, data, len, err);
    if (len >= 4 && ((d[0] == 0xFF && d[1] == 0xFE && d[2] == 0 && d[3] == 0) ||
                     (d[0] == 0 && d[1] == 0 && d[2] == 0xFE && d[3] == 0xFF)))
        return convert(s, d[0] == 0xFF ? "UTF-32LE" : "UTF-32BE", "UTF-32", data + 4, len - 4, err);
    if (len >= 2 && d[0] == 0xFF && d[1] == 0xFE) return convert(s, "UTF-16LE", "UTF-16LE", data + 2, len - 2, err);
    if (len >= 2 && d[0] == 0xFE && d[1] == 0xFF) return convert(s, "UTF-16BE", "UTF-16BE", data + 2, len - 2, err);
    int be;
    if (utf16_guess(d, len, &be)) {
        if ((rc = convert(s, be ? "UTF-16BE" : "UTF-16LE", be ? "UTF-16BE" : "UTF-16LE", data, len, err))) return rc;
        /* TRANSLATORS: end it with the translation of "; give --encoding to
         * choose another" (lib/table.c replaces it in a table's notes) */
        return source_note(s, 0, 0,
                           "read as %s (no byte order mark, but the bytes say so); "
                           "give --encoding to choose another",
                           be ? "UTF-16BE" : "UTF-16LE");
    }
    /* a NUL byte: a binary file (or UTF-16 without BOM that did not look
     * like it); said before any talk of encodings */
    const unsigned char *nul = memchr(d, 0, len);
    if (nul) {
        size_t at = (size_t)(nul - d);
        unsigned line, col;
        utf8_line_col(data, at, &line, &col);
        return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, line, col, at,
                           "a NUL byte (at offset %zu): a binary file, not text (if it is UTF-16 text "
                           "without byte order mark, give --encoding utf-16)",
                           at);
    }
    size_t valid = utf8_valid_prefix(d, len);
    if (valid == len) {
        if ((rc = take_valid_utf8(s, data, len))) return rc;
        s->text_checked = s->text.len == len; /* valid, no NUL (above), nothing before */
        size_t bad = mojibake_count(data, len);
        if (bad >= 3)
            return source_note(s, 0, 0,
                               "the text looks encoded twice (%s, %zu places): it was UTF-8, read as "
                               "Windows-1252 and saved again; words with accents will not match",
                               mojibake_example(data, len), bad);
        return GRILLE_OK;
    }
    unsigned line, col;
    utf8_line_col(data, valid, &line, &col);
    size_t accent = utf8_accent_at(d, len);
    if (accent < len) {
        unsigned aline, acol;
        utf8_line_col(data, accent, &aline, &acol);
        return grille_fail(err, GRILLE_EUTF8, s->name, line, col, valid,
                           "invalid UTF-8 (byte 0x%02X), although the file has UTF-8 accents "
                           "elsewhere (line %u): it mixes two encodings or was damaged; open it in "
                           "a text editor and save it again as UTF-8",
                           d[valid], aline);
    }
    size_t implausible = cp1252_implausible_at(d, len);
    if (implausible < len)
        return grille_fail(err, GRILLE_EUTF8, s->name, line, col, valid,
                           "invalid UTF-8 (byte 0x%02X) and not French text in Windows-1252 either "
                           "(byte 0x%02X at offset %zu); give the file's encoding with --encoding "
                           "(e.g. --encoding iso-8859-15), or save it again as UTF-8",
                           d[valid], d[implausible], implausible);
    if ((rc = convert(s, "windows-1252", "Windows-1252", data, len, err))) return rc;
    /* TRANSLATORS: end it with the translation of "; give --encoding to
     * choose another" (lib/table.c replaces it in a table's notes) */
    return source_note(s, line, 0,
                       "read as Windows-1252 (the file is not UTF-8: byte 0x%02X on this line); "
                       "give --encoding to choose another",
                       d[valid]);
}

/* error.c - error records and their messages (grille_fail() fills one,
 * grille_error_format() prints it), and the library's version. */
#include "internal.h"
#include <stdio.h>
#ifdef ENABLE_NLS
#include <libintl.h>
#endif

const char *grille_msg(const char *msgid) {
#ifdef ENABLE_NLS
    /* no setlocale or bindtextdomain here: the locale is the program's
     * to choose, and a library touching it would surprise its callers */
    return dgettext("grille", msgid);
#else
    return msgid;
#endif
}

const char *grille_version(void) { return GRILLE_VERSION_STRING; }

const char *grille_strerror(int code) {
    switch (code) {
    case GRILLE_OK: return grille_msg("success");
    case GRILLE_ENOMEM: return grille_msg("out of memory");
    case GRILLE_EIO: return grille_msg("input/output error");
    case GRILLE_EUTF8: return grille_msg("invalid UTF-8");
    case GRILLE_EXML: return grille_msg("malformed XML");
    case GRILLE_ESCHEMA: return grille_msg("codebook does not follow the schema");
    case GRILLE_ECODEBOOK: return grille_msg("invalid codebook");
    case GRILLE_EREGEX: return grille_msg("invalid regular expression");
    case GRILLE_ETRANSCRIPT: return grille_msg("invalid transcript");
    case GRILLE_ELIMIT: return grille_msg("input exceeds a limit");
    case GRILLE_EUSAGE: return grille_msg("invalid argument");
    case GRILLE_EMATCH: return grille_msg("regular expression match limit reached");
    case GRILLE_ELEXICON: return grille_msg("lexicon missing or damaged");
    case GRILLE_ENOTBUILT: return grille_msg("feature not built in");
    default: return grille_msg("unknown error");
    }
}

void grille_error_clear(grille_error *err) {
    if (!err) return;
    memset(err, 0, sizeof *err);
}

int grille_vfail(grille_error *err, int code, const char *file, unsigned line,
                 unsigned column, size_t byte_offset, const char *fmt, va_list ap) {
    if (!err) return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    err->byte_offset = byte_offset;
    vsnprintf(err->message, sizeof err->message, grille_msg(fmt), ap);
    return code;
}

int grille_fail(grille_error *err, int code, const char *file, unsigned line,
                unsigned column, size_t byte_offset, const char *fmt, ...) {
    va_list ap;
    va_start(ap, fmt);
    grille_vfail(err, code, file, line, column, byte_offset, fmt, ap);
    va_end(ap);
    return code;
}

char *grille_error_format(const grille_error *err, char *buf, size_t len) {
    if (!buf || len == 0) return buf;
    buf[0] = '\0';
    if (!err) return buf;
    size_t n = 0;
    if (err->file[0]) {
        int k = snprintf(buf, len, "%s:", err->file);
        n = k < 0 ? 0 : (size_t)k;
        if (n < len && err->line) {
            k = snprintf(buf + n, len - n, "%u:", err->line);
            n += k < 0 ? 0 : (size_t)k;
            if (n < len && err->column) {
                k = snprintf(buf + n, len - n, "%u:", err->column);
                n += k < 0 ? 0 : (size_t)k;
            }
        }
        if (n < len) {
            k = snprintf(buf + n, len - n, " ");
            n += k < 0 ? 0 : (size_t)k;
        }
    }
    if (n < len)
        snprintf(buf + n, len - n, "%s",
                 err->message[0] ? err->message : grille_strerror(err->code));
    return buf;
}

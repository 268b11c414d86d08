/* error.c - error records and their messages (grille_fail() fills one,
 * grille_error_format() prints it), the writers' errors, and the
 * library's version. */
#include "internal.h"
#include <stdio.h>
#include <errno.h>
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

int grille_vfail(grille_error *err, int code, const char *file, unsigned line, unsigned column, size_t byte_offset,
                 const char *fmt, va_list ap) {
    if (!err) return code;
    err->code = code;
    snprintf(err->file, sizeof err->file, "%s", file ? file : "");
    err->line = line;
    err->column = column;
    err->byte_offset = byte_offset;
    vsnprintf(err->message, sizeof err->message, grille_msg(fmt), ap);
    return code;
}

int grille_fail(grille_error *err, int code, const char *file, unsigned line, unsigned column, size_t byte_offset,
                const char *fmt, ...) {
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
    if (n < len) snprintf(buf + n, len - n, "%s", err->message[0] ? err->message : grille_strerror(err->code));
    return buf;
}

int grille_write_end(FILE *out, grille_error *err, const char *what) {
    /* the write that failed set errno; a flush that fails now sets it
     * afresh (an unbuffered stream has nothing left to flush) */
    int saved = errno;
    if (fflush(out) != 0) saved = errno;
    else if (!ferror(out)) return GRILLE_OK;
    if (!saved) return grille_fail(err, GRILLE_EIO, "", 0, 0, 0, "%s", grille_msg(what));
    return grille_fail(err, GRILLE_EIO, "", 0, 0, 0, "%s: %s", grille_msg(what), strerror(saved));
}

int grille_write_fail(grille_error *err, int code, const char *what, const char *why) {
    return grille_fail(err, code, "", 0, 0, 0, "%s: %s", grille_msg(what), grille_msg(why));
}

/* The names the formats have in grille's documentation: the same in
 * every language. */
static const char *format_name(grille_format fmt) {
    switch (fmt) {
    case GRILLE_FORMAT_TSV: return "TSV";
    case GRILLE_FORMAT_CSV: return "CSV";
    case GRILLE_FORMAT_JSONL: return "JSON Lines";
    case GRILLE_FORMAT_MARKDOWN: return "Markdown";
    case GRILLE_FORMAT_HTML: return "HTML";
    case GRILLE_FORMAT_CSV_EXCEL: return "CSV for Excel";
    case GRILLE_FORMAT_XLSX: return "XLSX";
    }
    return "?";
}

int grille_write_bad_format(grille_error *err, const char *what, grille_format fmt) {
    /* TRANSLATORS: "cannot write the matrix: this writer does not write
     * the format XLSX" */
    return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "%s: this writer does not write the format %s",
                       grille_msg(what), format_name(fmt));
}

#define _GNU_SOURCE /* memmem, memrchr */
/* read_subtitles.c - WebVTT (W3C) and SubRip subtitles: each cue's
 * text, start time and speaker go to source_cue().
 *
 * Both readers work in two passes.  The first cuts the file into cues
 * and decodes their text (markup off, character references decoded)
 * into `plain`, as pieces that carry a time and, for WebVTT voice spans
 * (<v Name>), a speaker.  The second hands the pieces to source_cue().
 * In between, the "Name: " prefixes at the start of cue lines are
 * counted, because such a name is taken for a speaker only when it
 * recurs: a "Remarque : ..." said once stays text.
 *
 * Where the formats leave room, the reader decides:
 * - a cue that names nobody continues the turn before it: people who
 *   edit subtitles by hand name the speaker only when it changes;
 * - text after a blank line inside a cue, which players drop, joins the
 *   cue before it (with a note); text before the first cue is skipped
 *   (with a note);
 * - a line of spaces separates blocks as an empty line does;
 * - times may leave out the hours and the milliseconds, and take ',' or
 *   '.' before the milliseconds, in both formats;
 * - in WebVTT a '<' starts a tag only when a letter, '/' or a time
 *   follows it, so "a < b" stays text. */
#include "source.h"
#include "strmap.h"
#include "utf8.h"
#include <limits.h>
#include <stdio.h>
#include <utf8proc.h>

/* Some text of a cue, decoded; offsets into reader.plain. */
typedef struct piece {
    long time_ms;
    size_t b0, b1;  /* the text; lines end with '\n' */
    size_t v0, v1;  /* the <v> voice; v0 == v1: none */
    int voiced_cue; /* the cue has voice spans, so no "Name:" is looked for */
} piece;

typedef struct text_line {
    size_t b, e; /* without the line end */
    unsigned no; /* 1-based */
} text_line;

typedef struct reader {
    source *s;
    const char *d;
    size_t len, pos; /* pos: where the next line starts */
    unsigned lineno; /* the next line's number */
    grille_error *err;
    int srt;
    gbuf plain;
    piece *pieces;
    size_t npieces, cappieces;
    size_t ncues;
    long last_time;
    size_t norphans; /* blocks of text outside any cue */
    unsigned orphan_line;
    strmap names; /* "Name:" prefix -> times seen, counted up to 2 */
} reader;

/* Where a cue's text is being decoded to. */
typedef struct cue_state {
    long time_ms;
    size_t first_piece;
    size_t text_b0; /* in plain */
    size_t v0, v1;
    int voiced;
} cue_state;

/* ------------------------------------------------------------------ */
/* lines and errors                                                    */

/* 1-based line and column of a byte offset; CR, LF and CR LF end lines. */
static void line_col(const char *d, size_t off, unsigned *line, unsigned *col) {
    unsigned l = 1;
    size_t start = 0;
    for (size_t i = 0; i < off; i++)
        if (d[i] == '\n' || (d[i] == '\r' && (i + 1 == off || d[i + 1] != '\n'))) {
            l++;
            start = i + 1;
        }
    *line = l;
    *col = (unsigned)utf8_count(d + start, off - start) + 1;
}

static int fail_line(reader *r, const text_line *l, size_t at, const char *fmt, ...) GRILLE_PRINTF(4, 5);
static int fail_line(reader *r, const text_line *l, size_t at, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, grille_msg(fmt), ap);
    va_end(ap);
    unsigned col = (unsigned)utf8_count(r->d + l->b, at - l->b) + 1;
    return grille_fail(r->err, GRILLE_ETRANSCRIPT, r->s->name, l->no, col, at, "%s", msg);
}

static int next_line(reader *r, text_line *l) {
    l->b = l->e = r->pos;
    l->no = r->lineno;
    if (r->pos >= r->len) return 0;
    size_t i = r->pos;
    while (i < r->len && r->d[i] != '\n' && r->d[i] != '\r') i++;
    l->e = i;
    if (i < r->len) i += r->d[i] == '\r' && i + 1 < r->len && r->d[i + 1] == '\n' ? 2 : 1;
    r->pos = i;
    r->lineno++;
    return 1;
}

static void unread_line(reader *r, const text_line *l) {
    r->pos = l->b;
    r->lineno = l->no;
}

static int is_space(char c) { return c == ' ' || c == '\t'; }
static int is_digit(char c) { return c >= '0' && c <= '9'; }
static int is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

static size_t skip_space(const char *d, size_t i, size_t e) {
    while (i < e && is_space(d[i])) i++;
    return i;
}

static int is_blank(const reader *r, const text_line *l) { return skip_space(r->d, l->b, l->e) == l->e; }

static int has_arrow(const reader *r, const text_line *l) {
    return l->e - l->b >= 3 && memmem(r->d + l->b, l->e - l->b, "-->", 3) != NULL;
}

/* "NOTE", "NOTE text": a WebVTT block keyword alone or before a space. */
static int is_keyword(const reader *r, const text_line *l, const char *word) {
    size_t n = strlen(word);
    return l->e - l->b >= n && memcmp(r->d + l->b, word, n) == 0 && (l->e - l->b == n || is_space(r->d[l->b + n]));
}

/* A SubRip cue number: digits alone on their line. */
static int is_number_line(const reader *r, const text_line *l) {
    size_t i = skip_space(r->d, l->b, l->e), b = i;
    while (i < l->e && is_digit(r->d[i])) i++;
    return i > b && skip_space(r->d, i, l->e) == l->e;
}

/* ------------------------------------------------------------------ */
/* the bytes of the file                                               */

static int check_bytes(reader *r) {
    const unsigned char *u = (const unsigned char *)r->d;
    if (r->len >= 2 && ((u[0] == 0xFF && u[1] == 0xFE) || (u[0] == 0xFE && u[1] == 0xFF)))
        return grille_fail(r->err, GRILLE_EUTF8, r->s->name, 1, 1, 0,
                           "the file is in UTF-16; save it again as UTF-8 (\"Save as\", encoding UTF-8)");
    size_t valid = utf8_valid_prefix(u, r->len);
    unsigned line, col;
    if (valid < r->len) {
        line_col(r->d, valid, &line, &col);
        return grille_fail(r->err, GRILLE_EUTF8, r->s->name, line, col, valid,
                           "invalid UTF-8 (byte 0x%02X); save the file again as UTF-8", u[valid]);
    }
    const char *nul = memchr(r->d, '\0', r->len);
    if (nul) {
        line_col(r->d, (size_t)(nul - r->d), &line, &col);
        return grille_fail(r->err, GRILLE_ETRANSCRIPT, r->s->name, line, col, (size_t)(nul - r->d),
                           "a NUL byte: this is not a text file, or one in UTF-16 without a byte "
                           "order mark; save it again as UTF-8");
    }
    if (r->len >= 3 && memcmp(r->d, "\xEF\xBB\xBF", 3) == 0) r->pos = 3;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* times                                                               */

/* Digits at *i (value capped, so that no count of digits overflows);
 * returns how many. */
static size_t digits(const char *d, size_t *i, size_t e, unsigned long long *v) {
    size_t b = *i;
    *v = 0;
    while (*i < e && is_digit(d[*i])) {
        if (*v < 100000000ULL) *v = *v * 10 + (unsigned long long)(d[*i] - '0');
        (*i)++;
    }
    return *i - b;
}

/* A time "[h:]mm:ss[.ttt]" at *at, in milliseconds; -1 with *at where
 * it goes wrong, and *range set when a number is too large rather than
 * missing. */
static long long parse_time(const char *d, size_t e, size_t *at, int *range) {
    size_t i = *at, start[3], n[3];
    unsigned long long g[3], frac = 0;
    int ng = 0;
    *range = 0;
    for (;;) {
        start[ng] = i;
        if (!(n[ng] = digits(d, &i, e, &g[ng]))) {
            *at = i;
            return -1;
        }
        ng++;
        if (ng == 3 || i >= e || d[i] != ':') break;
        i++;
    }
    if (ng < 2) {
        *at = i;
        return -1;
    }
    size_t bad = ng == 3 && n[0] > 7               ? start[0]
                 : n[ng - 2] > 2 || g[ng - 2] > 59 ? start[ng - 2]
                 : n[ng - 1] > 2 || g[ng - 1] > 59 ? start[ng - 1]
                                                   : SIZE_MAX;
    if (bad != SIZE_MAX) {
        *at = bad;
        *range = 1;
        return -1;
    }
    if (i < e && (d[i] == '.' || d[i] == ',')) {
        i++;
        size_t fb = i, nf = digits(d, &i, e, &frac);
        if (nf == 0 || nf > 3) {
            *at = nf ? fb : i;
            *range = nf > 3;
            return -1;
        }
        for (; nf < 3; nf++) frac *= 10;
    }
    unsigned long long h = ng == 3 ? g[0] : 0;
    unsigned long long ms = ((h * 60 + g[ng - 2]) * 60 + g[ng - 1]) * 1000 + frac;
    if (ms > LONG_MAX) {
        *at = start[0];
        *range = 1;
        return -1;
    }
    *at = i;
    return (long long)ms;
}

static int bad_time(reader *r, const text_line *l, size_t at, int range, int end) {
    const char *example = r->srt ? "00:01:02,500" : "00:01:02.500";
    char sep = r->srt ? ',' : '.';
    /* start and end spelled out: a translation may need to agree with them */
    if (range && end)
        return fail_line(r, l, at,
                         "the end time is out of range: minutes and seconds go from 00 to 59, "
                         "milliseconds have 3 digits (a time reads like %s)",
                         example);
    if (range)
        return fail_line(r, l, at,
                         "the start time is out of range: minutes and seconds go from 00 to 59, "
                         "milliseconds have 3 digits (a time reads like %s)",
                         example);
    if (end)
        return fail_line(r, l, at,
                         "expected the cue's end time here, written like %s (hours:minutes:seconds%cmilliseconds)",
                         example, sep);
    return fail_line(r, l, at,
                     "expected the cue's start time here, written like %s (hours:minutes:seconds%cmilliseconds)",
                     example, sep);
}

/* "00:01:02.500 --> 00:01:05.000 [settings]" */
static int parse_timing(reader *r, const text_line *l, long *start) {
    const char *d = r->d;
    int range;
    size_t i = skip_space(d, l->b, l->e);
    long long t0 = parse_time(d, l->e, &i, &range);
    if (t0 < 0) return bad_time(r, l, i, range, 0);
    i = skip_space(d, i, l->e);
    if (l->e - i < 3 || memcmp(d + i, "-->", 3) != 0)
        return fail_line(r, l, i,
                         "expected \"-->\" between the start and end times (a time line reads "
                         "like 00:01:02%c500 --> 00:01:05%c000)",
                         r->srt ? ',' : '.', r->srt ? ',' : '.');
    i = skip_space(d, i + 3, l->e);
    if (parse_time(d, l->e, &i, &range) < 0) return bad_time(r, l, i, range, 1);
    if (i < l->e && !is_space(d[i]))
        return fail_line(r, l, i, "expected a space or the end of the line after the end time");
    *start = (long)t0;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* decoding cue text                                                   */

static int put(reader *r, const char *p, size_t n) { return gbuf_append(&r->plain, p, n); }

static int put_code_point(reader *r, int32_t cp) {
    char out[4];
    if (cp < 0x20 && cp != '\n' && cp != '\t') cp = ' ';
    return put(r, out, (size_t)utf8_encode(cp, out));
}

/* What a numeric character reference stands for, as HTML reads it:
 * 0x80-0x9F are the Windows-1252 characters ("&#146;" is an apostrophe
 * in many a converted file). */
static int32_t referenced(unsigned long long v) {
    static const uint16_t cp1252[32] = {0x20AC, 0xFFFD, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
                                        0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0xFFFD, 0x017D, 0xFFFD,
                                        0xFFFD, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
                                        0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0xFFFD, 0x017E, 0x0178};
    if (v == 0 || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF)) return 0xFFFD;
    if (v >= 0x80 && v <= 0x9F) return cp1252[v - 0x80];
    return (int32_t)v;
}

/* "&#233;", "&#xE9;": the offset after it, or i when it is none. */
static size_t numeric_reference(reader *r, size_t i, size_t e, int *rc) {
    const char *d = r->d;
    size_t j = i + 2;
    int hex = j < e && (d[j] == 'x' || d[j] == 'X');
    j += (size_t)hex;
    size_t b = j;
    unsigned long long v = 0;
    /* at most 8 digits: the lookahead stays short, so decoding stays linear */
    for (; j < e && j - b < 8; j++) {
        char c = d[j];
        unsigned h = is_digit(c)                   ? (unsigned)(c - '0')
                     : hex && c >= 'a' && c <= 'f' ? (unsigned)(c - 'a' + 10)
                     : hex && c >= 'A' && c <= 'F' ? (unsigned)(c - 'A' + 10)
                                                   : 16;
        if (h == 16) break;
        v = v * (hex ? 16 : 10) + h;
    }
    if (j == b || j >= e || d[j] != ';') return i;
    *rc = put_code_point(r, referenced(v));
    return j + 1;
}

/* A character reference at i ('&'): appends what it stands for and
 * returns the offset after it; returns i when it is none, the '&' then
 * being text. */
static size_t reference(reader *r, size_t i, size_t e, int *rc) {
    static const struct {
        const char *name;
        const char *text;
    } named[] = {{"amp;", "&"},  {"lt;", "<"},          {"gt;", ">"}, {"quot;", "\""},
                 {"apos;", "'"}, {"nbsp;", "\xC2\xA0"}, {"lrm;", ""}, {"rlm;", ""}};
    if (i + 1 < e && r->d[i + 1] == '#') return numeric_reference(r, i, e, rc);
    for (size_t k = 0; k < sizeof named / sizeof named[0]; k++) {
        size_t n = strlen(named[k].name);
        if (e - i - 1 >= n && memcmp(r->d + i + 1, named[k].name, n) == 0) {
            *rc = put(r, named[k].text, strlen(named[k].text));
            return i + 1 + n;
        }
    }
    return i;
}

/* Ends the piece being decoded, if it holds more than spaces. */
static int flush_piece(reader *r, cue_state *c) {
    size_t b0 = c->text_b0, e = r->plain.len, i = b0;
    c->text_b0 = e;
    while (i < e && (unsigned char)r->plain.data[i] <= ' ') i++;
    if (i == e) return GRILLE_OK;
    if (GROW(r->pieces, r->npieces, r->cappieces)) return GRILLE_ENOMEM;
    r->pieces[r->npieces++] = (piece){c->time_ms, b0, e, c->v0, c->v1, 0};
    return GRILLE_OK;
}

/* <v Name>: what follows, up to </v> or the end of the cue, is Name's. */
static int start_voice(reader *r, cue_state *c, size_t a, size_t e) {
    int rc = flush_piece(r, c);
    size_t v0 = r->plain.len;
    for (size_t i = a; i < e && !rc;) {
        if (r->d[i] == '&') {
            size_t j = reference(r, i, e, &rc);
            if (j != i) {
                i = j;
                continue;
            }
        }
        rc = gbuf_putc(&r->plain, (unsigned char)r->d[i] < 0x20 ? ' ' : r->d[i]);
        i++;
    }
    if (rc) return rc;
    size_t v1 = r->plain.len;
    while (v0 < v1 && (unsigned char)r->plain.data[v0] <= ' ') v0++;
    while (v1 > v0 && (unsigned char)r->plain.data[v1 - 1] <= ' ') v1--;
    c->v0 = v0;
    c->v1 = v1;
    c->voiced |= v1 > v0;
    c->text_b0 = r->plain.len;
    return GRILLE_OK;
}

static int end_voice(reader *r, cue_state *c) {
    int rc = flush_piece(r, c);
    c->v0 = c->v1 = 0;
    return rc;
}

/* <00:01:02.500>, a karaoke time inside the text; the offset after it,
 * or i.  The '>' is looked for a few bytes ahead only, so that "<1<1<1"
 * stays linear. */
static size_t timestamp_tag(const reader *r, size_t i, size_t e) {
    size_t lim = e - i > 32 ? i + 32 : e;
    const char *close = memchr(r->d + i, '>', lim - i);
    if (!close) return i;
    size_t at = i + 1, end = (size_t)(close - r->d);
    int range;
    if (parse_time(r->d, end, &at, &range) < 0 || at != end) return i;
    return end + 1;
}

static int space_or_break(char c) { return is_space(c) || c == '\n' || c == '\r' || c == '\f'; }

/* A WebVTT tag at i: the offset after it, or i when the '<' is text.
 * Tags other than <v> only go; gt is the cue text's last '>'. */
static size_t vtt_tag(reader *r, cue_state *c, size_t i, size_t e, size_t gt, int *rc) {
    const char *d = r->d;
    char next = i + 1 < e ? d[i + 1] : '\0';
    if (is_digit(next)) return timestamp_tag(r, i, e);
    int end_tag = next == '/';
    if (!(is_alpha(next) || (end_tag && i + 2 < e && is_alpha(d[i + 2]))) || gt == SIZE_MAX || i > gt) return i;
    size_t j = (size_t)((const char *)memchr(d + i, '>', gt + 1 - i) - d);
    size_t nb = i + 1 + (size_t)end_tag, ne = nb;
    while (ne < j && !space_or_break(d[ne]) && d[ne] != '.') ne++;
    if (ne - nb == 1 && d[nb] == 'v') {
        if (end_tag) {
            *rc = end_voice(r, c);
        } else {
            /* <v.class1.class2 Annotation>: the name follows the first space */
            size_t a = ne;
            while (a < j && !space_or_break(d[a])) a++;
            *rc = start_voice(r, c, a < j ? a + 1 : j, j);
        }
    }
    return j + 1;
}

/* <i> <b> <u> <s> <font ...> and their ends, which SubRip players
 * know; other '<' are text (SubRip has no escapes).  The offset after
 * the tag, or i. */
static size_t srt_tag(const reader *r, size_t i, size_t gt) {
    static const char *const names[] = {"i", "b", "u", "s", "font"};
    const char *d = r->d;
    if (gt == SIZE_MAX || i >= gt) return i;
    int end_tag = d[i + 1] == '/';
    size_t nb = i + 1 + (size_t)end_tag, ne = nb;
    while (ne < gt && is_alpha(d[ne])) ne++;
    for (size_t k = 0; k < sizeof names / sizeof names[0]; k++) {
        size_t n = strlen(names[k]);
        if (ne - nb != n || !grille_ascii_ieq_n(d + nb, names[k], n)) continue;
        if (d[ne] == '>') return ne + 1;
        if (n == 4 && !end_tag && is_space(d[ne]))
            return (size_t)((const char *)memchr(d + ne, '>', gt + 1 - ne) - d) + 1;
    }
    return i;
}

/* {\an8}, {\i1}: the override tags of ASS that SubRip files carry. */
static size_t ass_override(const reader *r, size_t i, size_t brace) {
    if (brace == SIZE_MAX || i >= brace || r->d[i + 1] != '\\') return i;
    return (size_t)((const char *)memchr(r->d + i, '}', brace + 1 - i) - r->d) + 1;
}

static int special(char c, int srt) {
    unsigned char u = (unsigned char)c;
    return c == '<' || c == (srt ? '{' : '&') || (u < 0x20 && c != '\t') || u == 0x7F;
}

/* Where the last c in d[b..e) is, or SIZE_MAX. */
static size_t last_of(const char *d, size_t b, size_t e, char c) {
    const char *p = e > b ? memrchr(d + b, c, e - b) : NULL;
    return p ? (size_t)(p - d) : SIZE_MAX;
}

/* Markup at i: the offset after it, or i when it is text. */
static size_t markup(reader *r, cue_state *c, size_t i, size_t e, const size_t last[2], int *rc) {
    switch (r->d[i]) {
    case '&': return reference(r, i, e, rc);
    case '<': return r->srt ? srt_tag(r, i, last[0]) : vtt_tag(r, c, i, e, last[0], rc);
    case '{': return ass_override(r, i, last[1]);
    default: return i;
    }
}

/* The text of a cue, d[b..e), into pieces: line ends become '\n',
 * markup goes, references are decoded, control characters are spaces. */
static int decode_cue(reader *r, size_t b, size_t e, long time_ms) {
    cue_state c = {time_ms, r->npieces, r->plain.len, 0, 0, 0};
    const char *d = r->d;
    size_t last[2] = {last_of(d, b, e, '>'), last_of(d, b, e, '}')};
    int rc = GRILLE_OK;
    for (size_t i = b; i < e && !rc;) {
        size_t run = i;
        while (run < e && !special(d[run], r->srt)) run++;
        if ((rc = put(r, d + i, run - i)) || run == e) break;
        size_t next = markup(r, &c, run, e, last, &rc);
        if (next != run) {
            i = next;
        } else if (d[run] == '\r' || d[run] == '\n') {
            i = run + (d[run] == '\r' && run + 1 < e && d[run + 1] == '\n' ? 2 : 1);
            rc = gbuf_putc(&r->plain, '\n');
        } else {
            rc = put_code_point(r, d[run] == 0x7F ? ' ' : (unsigned char)d[run]);
            i = run + 1;
        }
    }
    if (!rc) rc = flush_piece(r, &c);
    for (size_t k = c.first_piece; c.voiced && k < r->npieces; k++) r->pieces[k].voiced_cue = 1;
    r->last_time = time_ms;
    return rc;
}

/* ------------------------------------------------------------------ */
/* blocks                                                              */

/* A SubRip line that begins a cue: a time line, or a cue number with
 * a time line after it. */
static int srt_starts_cue(reader *r, const text_line *l) {
    size_t i = skip_space(r->d, l->b, l->e);
    if (has_arrow(r, l) && i < l->e && is_digit(r->d[i])) return 1;
    if (!is_number_line(r, l)) return 0;
    size_t pos = r->pos;
    unsigned no = r->lineno;
    text_line next;
    int yes = next_line(r, &next) && has_arrow(r, &next);
    r->pos = pos;
    r->lineno = no;
    return yes;
}

static int starts_cue(reader *r, const text_line *l) { return r->srt ? srt_starts_cue(r, l) : has_arrow(r, l); }

/* The lines of a block, up to an empty line or up to the line that
 * starts the next cue (left unread): d[*b..*e). */
static void block_lines(reader *r, size_t *b, size_t *e) {
    text_line l;
    int first = 1;
    *b = *e = r->pos;
    while (next_line(r, &l)) {
        if (is_blank(r, &l)) break;
        if (starts_cue(r, &l)) {
            unread_line(r, &l);
            break;
        }
        if (first) *b = l.b;
        first = 0;
        *e = l.e;
    }
}

static int timed_cue(reader *r, const text_line *timing) {
    long t;
    int rc = parse_timing(r, timing, &t);
    if (rc) return rc;
    r->ncues++;
    size_t b, e;
    block_lines(r, &b, &e);
    return decode_cue(r, b, e, t);
}

/* Text with no time line: players drop it, but it is likely speech cut
 * off its cue by a blank line, so it joins the cue before. */
static int orphan(reader *r, const text_line *first) {
    size_t b, e;
    unread_line(r, first);
    block_lines(r, &b, &e);
    if (!r->ncues) return source_note(r->s, first->no, 1, "text before the first cue, which has no time line: skipped");
    if (!r->norphans++) r->orphan_line = first->no;
    return decode_cue(r, b, e, r->last_time);
}

static int vtt_header(reader *r) {
    text_line l;
    int got = next_line(r, &l);
    size_t n = l.e - l.b;
    if (!got || n < 6 || memcmp(r->d + l.b, "WEBVTT", 6) != 0 || (n > 6 && !is_space(r->d[l.b + 6])))
        return fail_line(r, &l, l.b,
                         "a WebVTT file starts with a line that reads WEBVTT, and this one does not "
                         "(if it holds SubRip subtitles, name it .srt)");
    while (next_line(r, &l) && !is_blank(r, &l)) {
        if (has_arrow(r, &l)) {
            unread_line(r, &l);
            break;
        }
        /* "Language: fr", as YouTube writes it */
        if (l.e - l.b > 9 && grille_ascii_ieq_n(r->d + l.b, "language:", 9) &&
            source_add_var(r->s, "langue", r->d + l.b + 9, l.e - l.b - 9))
            return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

/* A line that starts with a time but has no "-->": a time line gone
 * wrong rather than text. */
static int starts_with_time(const reader *r, const text_line *l) {
    int range;
    size_t i = skip_space(r->d, l->b, l->e);
    return parse_time(r->d, l->e, &i, &range) >= 0;
}

static int vtt_blocks(reader *r) {
    text_line l, id;
    int rc = GRILLE_OK;
    while (!rc && next_line(r, &l)) {
        if (is_blank(r, &l)) continue;
        if (has_arrow(r, &l)) {
            rc = timed_cue(r, &l);
        } else if (is_keyword(r, &l, "NOTE") || is_keyword(r, &l, "STYLE") || is_keyword(r, &l, "REGION")) {
            size_t b, e;
            block_lines(r, &b, &e);
        } else {
            id = l; /* a cue identifier, if a time line follows */
            long t;
            if (next_line(r, &l) && !is_blank(r, &l) && has_arrow(r, &l)) rc = timed_cue(r, &l);
            else if (starts_with_time(r, &id)) rc = parse_timing(r, &id, &t);
            else rc = orphan(r, &id);
        }
    }
    return rc;
}

/* After a cue number: the time line, or a line that tries to be one
 * (it starts with a time), which is then an error. */
static int srt_numbered(reader *r, const text_line *number) {
    text_line l;
    if (!next_line(r, &l) || is_blank(r, &l))
        return source_note(r->s, number->no, 1, "a subtitle number without a time line: skipped");
    long t;
    if (has_arrow(r, &l)) return timed_cue(r, &l);
    if (starts_with_time(r, &l)) return parse_timing(r, &l, &t);
    return orphan(r, number);
}

static int srt_blocks(reader *r) {
    text_line l;
    int rc = GRILLE_OK;
    while (!rc && next_line(r, &l)) {
        if (is_blank(r, &l)) continue;
        if (is_number_line(r, &l)) rc = srt_numbered(r, &l);
        else if (has_arrow(r, &l)) rc = timed_cue(r, &l);
        else rc = orphan(r, &l);
    }
    return rc;
}

/* ------------------------------------------------------------------ */
/* speakers named at the start of a line                               */

/* Length of a no-break space (U+00A0, U+202F) at t[i], or 0: French
 * typography puts one before ':'. */
static size_t nbsp_len(const char *t, size_t i, size_t n) {
    if (n - i >= 2 && memcmp(t + i, "\xC2\xA0", 2) == 0) return 2;
    if (n - i >= 3 && memcmp(t + i, "\xE2\x80\xAF", 3) == 0) return 3;
    return 0;
}

static int starts_upper(const char *t) {
    int32_t cp;
    utf8_decode((const unsigned char *)t, &cp);
    if (cp < 0x80) return cp >= 'A' && cp <= 'Z';
    utf8proc_category_t k = utf8proc_category(cp);
    return k == UTF8PROC_CATEGORY_LU || k == UTF8PROC_CATEGORY_LT;
}

static int word_in(const char *w, size_t n, const char *const *list) {
    char low[16];
    if (n >= sizeof low) return 0;
    for (size_t i = 0; i < n; i++) low[i] = w[i] >= 'A' && w[i] <= 'Z' ? (char)(w[i] - 'A' + 'a') : w[i];
    low[n] = '\0';
    for (size_t i = 0; list[i]; i++)
        if (strcmp(low, list[i]) == 0) return 1;
    return 0;
}

/* "Enquêtrice", "Marie de La Tour", "Interviewer 2": at most four words,
 * the first capitalised, the others capitalised, numbers or particles;
 * not a word that opens a sentence before a colon ("Alors :"). */
static int looks_like_name(const char *t, size_t n) {
    static const char *const openers[] = {"alors",    "donc",   "bref",  "enfin",     "mais",       "et",
                                          "ou",       "oui",    "non",   "exemple",   "objectif",   "contexte",
                                          "remarque", "note",   "nb",    "attention", "conclusion", "résumé",
                                          "source",   "rappel", "voilà", "bon",       "ps",         NULL};
    static const char *const particles[] = {"de", "du", "des", "la", "le", "d'", "van", "von", "di", "da", NULL};
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        size_t w = i;
        while (i < n && t[i] != ' ') {
            unsigned char c = (unsigned char)t[i];
            if (c < 0x80 && !is_alpha((char)c) && !is_digit((char)c) && !(c && strchr("-'._", c))) return 0;
            i++;
        }
        if (i == w || ++words > 4) return 0;
        if (words == 1 && (!starts_upper(t + w) || word_in(t + w, i - w, openers))) return 0;
        if (!starts_upper(t + w) && !is_digit(t[w]) && !word_in(t + w, i - w, particles)) return 0;
        if (i < n) i++;
    }
    return words > 0;
}

/* "Name: speech" or "Name : speech" at the start of a line t[0..n):
 * the name t[*l0..*l1) and where the speech starts. */
static int name_prefix(const char *t, size_t n, size_t *l0, size_t *l1, size_t *speech) {
    size_t b = skip_space(t, 0, n), limit = n - b > 80 ? b + 80 : n, colon = b;
    while (colon < limit && t[colon] != ':') colon++;
    if (colon >= limit) return 0;
    size_t j = colon + 1, e = colon, k;
    if (j < n && !is_space(t[j]) && !nbsp_len(t, j, n)) return 0;
    for (;;) {
        if (e > b && is_space(t[e - 1])) e--;
        else if (e >= b + 2 && memcmp(t + e - 2, "\xC2\xA0", 2) == 0) e -= 2;
        else if (e >= b + 3 && memcmp(t + e - 3, "\xE2\x80\xAF", 3) == 0) e -= 3;
        else break;
    }
    if (e == b || !looks_like_name(t + b, e - b)) return 0;
    for (; j < n; j += k)
        if (!(k = is_space(t[j]) ? 1 : nbsp_len(t, j, n))) break;
    *l0 = b;
    *l1 = e;
    *speech = j;
    return 1;
}

static size_t line_end(const reader *r, size_t b, size_t e) {
    const char *nl = memchr(r->plain.data + b, '\n', e - b);
    return nl ? (size_t)(nl - r->plain.data) : e;
}

/* Counts the "Name:" prefixes of the lines that name no voice. */
static int count_names(reader *r) {
    const char *t = r->plain.data;
    for (size_t k = 0; k < r->npieces; k++) {
        const piece *p = &r->pieces[k];
        if (p->voiced_cue) continue;
        for (size_t b = p->b0; b < p->b1;) {
            size_t e = line_end(r, b, p->b1), l0, l1, sp;
            if (!source_speaker_prefix(t + b, e - b, &l0, &l1, &sp) && name_prefix(t + b, e - b, &l0, &l1, &sp)) {
                int *seen = strmap_put(&r->names, t + b + l0, l1 - l0, NULL);
                if (!seen) return GRILLE_ENOMEM;
                *seen = *seen < 1 ? 1 : 2;
            }
            b = e + 1;
        }
    }
    return GRILLE_OK;
}

/* The speaker a line starts with: a diarisation label, or a name that
 * starts two lines or more. */
static int line_speaker(const reader *r, const char *t, size_t n, size_t *l0, size_t *l1, size_t *sp) {
    if (source_speaker_prefix(t, n, l0, l1, sp)) return 1;
    return name_prefix(t, n, l0, l1, sp) && strmap_get(&r->names, t + *l0, *l1 - *l0) >= 2;
}

/* ------------------------------------------------------------------ */
/* turns                                                               */

/* The speaker is plain[*sb..*se), none when empty. */
static int cue_out(reader *r, size_t sb, size_t se, long time_ms, size_t b, size_t e) {
    const char *t = r->plain.data;
    return source_cue(r->s, se > sb ? t + sb : NULL, se - sb, time_ms, t + b, e - b);
}

/* A piece without a voice: each line that starts with a speaker starts
 * a new cue; the rest continues the current speaker. */
static int emit_lines(reader *r, const piece *p, size_t *sb, size_t *se) {
    const char *t = r->plain.data;
    size_t seg = p->b0;
    for (size_t b = p->b0; b < p->b1;) {
        size_t e = line_end(r, b, p->b1), l0, l1, sp;
        if (line_speaker(r, t + b, e - b, &l0, &l1, &sp)) {
            int rc = cue_out(r, *sb, *se, p->time_ms, seg, b);
            if (rc) return rc;
            *sb = b + l0;
            *se = b + l1;
            seg = b + sp;
        }
        b = e + 1;
    }
    return cue_out(r, *sb, *se, p->time_ms, seg, p->b1);
}

static int emit(reader *r) {
    size_t sb = 0, se = 0;
    int rc = GRILLE_OK;
    for (size_t k = 0; k < r->npieces && !rc; k++) {
        const piece *p = &r->pieces[k];
        if (p->v1 > p->v0) {
            sb = p->v0;
            se = p->v1;
        }
        if (p->v1 > p->v0 || p->voiced_cue) rc = cue_out(r, sb, se, p->time_ms, p->b0, p->b1);
        else rc = emit_lines(r, p, &sb, &se);
    }
    return rc ? rc : source_cues_done(r->s);
}

/* ------------------------------------------------------------------ */
/* the readers                                                         */

static int reader_init(reader *r, source *s, const char *data, size_t len, grille_error *err, int srt) {
    memset(r, 0, sizeof *r);
    r->s = s;
    r->d = data ? data : "";
    r->len = data ? len : 0;
    r->lineno = 1;
    r->err = err;
    r->srt = srt;
    r->last_time = -1;
    return strmap_init(&r->names);
}

static int no_cue(reader *r) {
    unsigned line, col;
    line_col(r->d, r->len, &line, &col);
    return grille_fail(r->err, GRILLE_ETRANSCRIPT, r->s->name, line, col, r->len,
                       r->srt ? "no subtitle found: a SubRip file holds numbered subtitles, each "
                                "with a time line such as 00:00:01,000 --> 00:00:04,000"
                              : "no cue found: after the WEBVTT line, each cue needs a time line "
                                "such as 00:00:01.000 --> 00:00:04.000");
}

static int finish(reader *r, int rc) {
    if (!rc && !r->ncues) rc = no_cue(r);
    if (!rc) rc = count_names(r);
    if (!rc) rc = emit(r);
    if (!rc && r->norphans)
        rc = source_note(r->s, r->orphan_line, 1,
                         "%zu block(s) of text without a time line, the first here: each was joined "
                         "to the cue before it (a blank line inside a cue's text ends the cue)",
                         r->norphans);
    if (rc == GRILLE_ENOMEM) grille_fail(r->err, GRILLE_ENOMEM, r->s->name, 0, 0, 0, "out of memory");
    strmap_free(&r->names);
    gbuf_free(&r->plain);
    free(r->pieces);
    return rc;
}

int source_read_vtt(source *s, const char *data, size_t len, grille_error *err) {
    reader r;
    int rc = reader_init(&r, s, data, len, err, 0);
    if (!rc) rc = check_bytes(&r);
    if (!rc) rc = vtt_header(&r);
    if (!rc) rc = vtt_blocks(&r);
    return finish(&r, rc);
}

int source_read_srt(source *s, const char *data, size_t len, grille_error *err) {
    reader r;
    int rc = reader_init(&r, s, data, len, err, 1);
    if (!rc) rc = check_bytes(&r);
    if (!rc) rc = srt_blocks(&r);
    return finish(&r, rc);
}

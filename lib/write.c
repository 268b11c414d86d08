/* write.c - coded segments as TSV, CSV (RFC 4180) and JSON Lines. */
#define _POSIX_C_SOURCE 200809L /* flockfile */
#include "codebook_view.h"
#include <stdio.h>
#include "output.h"
#include "tab.h"
#include "utf8.h"

int grille_format_parse(const char *name) {
    if (!name) return -1;
    if (strcmp(name, "tsv") == 0) return GRILLE_FORMAT_TSV;
    if (strcmp(name, "csv") == 0) return GRILLE_FORMAT_CSV;
    if (strcmp(name, "jsonl") == 0 || strcmp(name, "ndjson") == 0) return GRILLE_FORMAT_JSONL;
    if (strcmp(name, "md") == 0 || strcmp(name, "markdown") == 0) return GRILLE_FORMAT_MARKDOWN;
    if (strcmp(name, "xlsx") == 0) return GRILLE_FORMAT_XLSX;
    return -1;
}

void rowbuf_flush(rowbuf *r) {
    if (r->n) fwrite(r->b, 1, r->n, r->out);
    r->n = 0;
}

void rowbuf_put_slow(rowbuf *r, const char *s, size_t n) {
    rowbuf_flush(r);
    if (n > sizeof r->b / 2) { /* a long text: straight out */
        fwrite(s, 1, n, r->out);
        return;
    }
    memcpy(r->b, s, n);
    r->n = n;
}

/* Where a field goes: a stream, or bytes gathered for one. */
typedef struct field_out {
    FILE *f;
    rowbuf *r;
} field_out;

static inline int put(field_out o, const char *s, size_t n) {
    if (o.r) {
        rowbuf_put(o.r, s, n);
        return 0;
    }
    return n && fwrite(s, 1, n, o.f) != n ? -1 : 0;
}

/* A field: TSV has no quoting, so tabs and line breaks become spaces;
 * CSV quotes when needed and doubles quotes; Markdown escapes '|'. */
static int field(field_out o, grille_format fmt, const char *s, size_t n) {
    int csv = fmt == GRILLE_FORMAT_CSV || fmt == GRILLE_FORMAT_CSV_EXCEL;
    int neutralise = (csv || fmt == GRILLE_FORMAT_TSV) && formula_like(s, n);
    if (csv) {
        char sep = fmt == GRILLE_FORMAT_CSV ? ',' : ';';
        int quote = 0;
        for (size_t i = 0; i < n && !quote; i++) quote = s[i] == sep || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
        if (quote && put(o, "\"", 1)) return -1;
        if (neutralise && put(o, "'", 1)) return -1;
        if (!quote) return put(o, s, n);
        size_t run = 0; /* a quote is doubled: the run up to it, then it again */
        for (size_t i = 0; i < n; i++)
            if (s[i] == '"') {
                if (put(o, s + run, i + 1 - run)) return -1;
                run = i;
            }
        return put(o, s + run, n - run) || put(o, "\"", 1);
    }
    if (neutralise && put(o, "'", 1)) return -1;
    /* runs of plain bytes go out whole: a character at a time, the
     * segments' quotes were a few percent of grille code */
    int md = fmt == GRILLE_FORMAT_MARKDOWN;
    for (;;) {
        size_t run = field_plain_run(s, n, md);
        if (put(o, s, run)) return -1;
        if (run == n) return 0;
        if (s[run] == '|' ? put(o, "\\|", 2) : put(o, " ", 1)) return -1;
        s += run + 1;
        n -= run + 1;
    }
}

static int sep(field_out o, grille_format fmt) {
    char c = field_sep(fmt);
    return put(o, &c, 1);
}

static int eol(field_out o, grille_format fmt) {
    /* RFC 4180 ends records with CRLF */
    int crlf = fmt == GRILLE_FORMAT_CSV || fmt == GRILLE_FORMAT_CSV_EXCEL;
    return crlf ? put(o, "\r\n", 2) : put(o, "\n", 1);
}

static int decimal_out(field_out o, grille_format fmt, const char *printed) {
    size_t n = strlen(printed);
    const char *dot = fmt == GRILLE_FORMAT_CSV_EXCEL ? memchr(printed, '.', n) : NULL;
    if (!dot) return put(o, printed, n);
    return put(o, printed, (size_t)(dot - printed)) || put(o, ",", 1) ||
           put(o, dot + 1, n - (size_t)(dot + 1 - printed));
}

int write_field(FILE *out, grille_format fmt, const char *s, size_t n) {
    return field((field_out){out, NULL}, fmt, s, n);
}
int write_sep(FILE *out, grille_format fmt) { return sep((field_out){out, NULL}, fmt); }
int write_eol(FILE *out, grille_format fmt) { return eol((field_out){out, NULL}, fmt); }
void write_decimal(FILE *out, grille_format fmt, const char *printed) {
    decimal_out((field_out){out, NULL}, fmt, printed);
}

void field_append(rowbuf *r, grille_format fmt, const char *s, size_t n) { field((field_out){NULL, r}, fmt, s, n); }
void eol_append(rowbuf *r, grille_format fmt) { eol((field_out){NULL, r}, fmt); }
void decimal_append(rowbuf *r, grille_format fmt, const char *printed) {
    decimal_out((field_out){NULL, r}, fmt, printed);
}


/* Rule ids are the codebook's own strings: the same rule, the same
 * pointer.  A small set of pointers keeps this linear when a long unit
 * gathers thousands of hits. */
int segment_rule_list(const grille_segment *s, gbuf *out) {
    if (s->hit_count <= 8) {
        /* most rows: a few hits, each compared with those before it
         * (clearing the set cost more than the comparisons) */
        for (size_t i = 0; i < s->hit_count; i++) {
            const char *id = s->hits[i].rule_id;
            size_t j = 0;
            while (j < i && s->hits[j].rule_id != id) j++;
            if (j < i) continue;
            if ((out->len && gbuf_putc(out, ',')) || gbuf_append(out, id, strlen(id))) return GRILLE_ENOMEM;
        }
        return GRILLE_OK;
    }
    size_t cap = 16;
    while (cap < s->hit_count * 2) cap *= 2;
    const char *small[64], **set = small; /* a row has a few hits */
    if (cap <= 64) memset(small, 0, cap * sizeof *small);
    else if (!(set = calloc(cap, sizeof *set))) return GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t i = 0; i < s->hit_count && rc == GRILLE_OK; i++) {
        const char *id = s->hits[i].rule_id;
        size_t h = ((uintptr_t)id >> 3) & (cap - 1);
        while (set[h] && set[h] != id) h = (h + 1) & (cap - 1);
        if (set[h]) continue;
        set[h] = id;
        if ((out->len && gbuf_putc(out, ',')) || gbuf_append(out, id, strlen(id))) rc = GRILLE_ENOMEM;
    }
    if (set != small) free(set);
    return rc;
}

void write_unit_row(tab *t, const char *label, const char *theme, const grille_document *doc, const grille_unit *u,
                    const char *rules) {
    tab_cstr(t, label);
    tab_cstr(t, theme);
    tab_cstr(t, grille_document_id(doc));
    tab_cstr(t, grille_document_turn_speaker(doc, u->turn));
    tab_int(t, u->span.line);
    tab_int(t, u->span.cp_start);
    tab_int(t, u->span.cp_end);
    tab_cstr(t, rules);
    tab_str(t, grille_document_text(doc) + u->span.byte_start, u->span.byte_end - u->span.byte_start);
    tab_eol(t);
}

static const char *const columns[] = {"document", "speaker", "unit",       "unit_index", "turn",
                                      "time",     "line",    "byte_start", "byte_end",   "cp_start",
                                      "cp_end",   "theme",   "theme_path", "score",      "primary",
                                      "rules",    "matches", "text",       NULL};

static void segments_header(tab *t) {
    for (size_t i = 0; columns[i]; i++) tab_head(t, columns[i]);
    tab_eol(t);
}

static const char segments_what[] = N_("cannot write the segments");

/* Whether fmt is one the segment writers write (not Markdown: a segment's
 * text holds line breaks and bars). */
static int segments_format(grille_format fmt) {
    return fmt == GRILLE_FORMAT_JSONL || (fmt != GRILLE_FORMAT_MARKDOWN && tab_text_format(fmt));
}

int grille_coding_write_header(FILE *out, grille_format fmt, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, segments_what, N_("no output stream"));
    if (!segments_format(fmt)) return grille_write_bad_format(err, segments_what, fmt);
    if (fmt == GRILLE_FORMAT_JSONL) return GRILLE_OK;
    tab t;
    tab_text(&t, out, fmt);
    tab_bom(out, fmt);
    segments_header(&t);
    return tab_done(&t, err, segments_what);
}

/* v in decimal at o, which has room for 20 bytes: the end (tab_decimal()
 * writes at the end of a buffer, to be copied). */
static inline char *put_decimal(char *o, size_t v) {
    /* its digits counted first (log10 from log2), then written from the
     * last, two at a time, where they go: no copy */
    static const uint64_t powers[] = {1u,
                                      10u,
                                      100u,
                                      1000u,
                                      10000u,
                                      100000u,
                                      1000000u,
                                      10000000u,
                                      100000000u,
                                      1000000000u,
                                      10000000000u,
                                      100000000000u,
                                      1000000000000u,
                                      10000000000000u,
                                      100000000000000u,
                                      1000000000000000u,
                                      10000000000000000u,
                                      100000000000000000u,
                                      1000000000000000000u,
                                      10000000000000000000u};
    const char *pairs = tab_digit_pairs;
    unsigned bits = 63u - (unsigned)__builtin_clzll((unsigned long long)v | 1);
    unsigned n = ((bits + 1) * 1233u >> 12) + 1; /* bits * log10(2), or one more */
    if (n > 1 && v < powers[n - 1]) n--;
    char *end = o + n, *p = end;
    while (v >= 100) {
        p -= 2;
        memcpy(p, pairs + 2 * (v % 100), 2);
        v /= 100;
    }
    if (v >= 10) memcpy(p - 2, pairs + 2 * v, 2);
    else p[-1] = (char)('0' + v);
    return end;
}

/* A segment's row as TSV whose cells need nothing but copying (most
 * rows), straight into the table's row buffer, but its newline: the
 * cells one by one cost 1,300 instructions a row, an eighth of coding
 * with many short rules.  Returns 0, and nothing is kept, when a cell
 * needs more (a tab or line break in it, a formula's first character, a
 * score with decimals, a time of 100 hours) or the row does not fit in
 * what is left of the buffer: write_row() writes it cell by cell. */
static int tsv_row(rowbuf *r, const char *text, const grille_segment *s) {
    /* the distinct rules, as segment_rule_list() lists them, up to 8
     * (more: the row goes the other way), and the length of the rules'
     * and the matches' cells */
    enum { MAX_RULES = 8 };
    size_t nh = s->hit_count;
    const char *rule[MAX_RULES];
    size_t rule_len[MAX_RULES], nrules = 0, rules_len = 0, matches_len = 0;
    for (size_t i = 0; i < nh; i++) {
        const grille_hit *h = &s->hits[i];
        matches_len += (i ? 3 : 0) + (h->flags & GRILLE_HIT_CONTEXT ? 9 : 0) + h->span.byte_end - h->span.byte_start;
        size_t j = 0;
        while (j < nrules && rule[j] != h->rule_id) j++;
        if (j < nrules) continue;
        if (nrules == MAX_RULES) return 0;
        rule[nrules] = h->rule_id;
        rule_len[nrules] = strlen(h->rule_id);
        rules_len += (nrules ? 1 : 0) + rule_len[nrules];
        nrules++;
    }
    const char *kind = grille_unit_kind_name(s->unit_kind);
    size_t ndoc = strlen(s->document), nspeaker = strlen(s->speaker), nkind = strlen(kind),
           ntheme = strlen(s->theme_id), npath = strlen(s->theme_path), ntext = s->span.byte_end - s->span.byte_start;
    /* 7 numbers of at most 20 digits, hh:mm:ss, a score below 10^6, a
     * flag, 17 tabs and the newline tab_eol() adds: the limits tested
     * below keep the time to 8 bytes and the score to 6 digits, and this
     * count is what keeps the writes inside the buffer */
    size_t need =
        ndoc + nspeaker + nkind + ntheme + npath + rules_len + matches_len + ntext + 7 * 20 + 8 + 6 + 1 + 17 + 1;
    double score = s->score;
    long sec = s->turn_time_ms / 1000;
    if (need > sizeof r->b - r->n || signbit(score) || !(score < 1e6) || score != (double)(size_t)score ||
        (s->turn_time_ms >= 0 && sec >= 100 * 3600))
        return 0;
    char *o = r->b + r->n;
    /* text that needs nothing done to it, or the row goes the other way */
#define PLAIN(str, len)                             \
    do {                                            \
        if (!copy_plain(o, (str), (len))) return 0; \
        o += (len);                                 \
    } while (0)
#define CELL(str, len)                            \
    do {                                          \
        if (formula_like((str), (len))) return 0; \
        PLAIN(str, len);                          \
        *o++ = '\t';                              \
    } while (0)
#define NUMBER(v)                \
    do {                         \
        o = put_decimal(o, (v)); \
        *o++ = '\t';             \
    } while (0)
    CELL(s->document, ndoc);
    CELL(s->speaker, nspeaker);
    CELL(kind, nkind);
    NUMBER(s->unit_index);
    NUMBER(s->turn);
    if (s->turn_time_ms >= 0) {
        /* as tab_time_cell() prints it: "%02ld:%02ld:%02ld" */
        long hms[3] = {sec / 3600, sec / 60 % 60, sec % 60};
        for (int i = 0; i < 3; i++) {
            *o++ = (char)('0' + hms[i] / 10);
            *o++ = (char)('0' + hms[i] % 10);
            *o++ = i < 2 ? ':' : '\t';
        }
    } else *o++ = '\t';
    NUMBER(s->span.line);
    NUMBER(s->span.byte_start);
    NUMBER(s->span.byte_end);
    NUMBER(s->span.cp_start);
    NUMBER(s->span.cp_end);
    CELL(s->theme_id, ntheme);
    CELL(s->theme_path, npath);
    NUMBER((size_t)score);
    *o++ = (s->flags & GRILLE_SEGMENT_PRIMARY) ? '1' : '0';
    *o++ = '\t';
    /* the rules, comma-separated, and the matches, " | " between them,
     * straight from the hits (built in a buffer first, they cost as much
     * as the rest of the row); a cell's first character is its first
     * rule's or match's */
    if (nrules && formula_like(rule[0], rule_len[0])) return 0; /* (ids open on a letter: the schema) */
    for (size_t k = 0; k < nrules; k++) {
        if (k) *o++ = ',';
        PLAIN(rule[k], rule_len[k]);
    }
    *o++ = '\t';
    for (size_t i = 0; i < nh; i++) {
        const grille_hit *h = &s->hits[i];
        const char *m = text + h->span.byte_start;
        size_t n = h->span.byte_end - h->span.byte_start;
        if (i) {
            memcpy(o, " | ", 3);
            o += 3;
        }
        /* a match in the passage a short answer answers, not in it */
        if (h->flags & GRILLE_HIT_CONTEXT) {
            memcpy(o, "context: ", 9);
            o += 9;
        } else if (i == 0 && formula_like(m, n)) return 0;
        PLAIN(m, n);
    }
    *o++ = '\t';
    if (formula_like(text + s->span.byte_start, ntext)) return 0;
    PLAIN(text + s->span.byte_start, ntext);
#undef PLAIN
#undef CELL
#undef NUMBER
    r->n = (size_t)(o - r->b);
    return 1;
}

/* GRILLE_ENOMEM when the rule or match lists cannot be built: the row
 * would be written cut short. */
static int write_row(tab *t, const grille_document *doc, const grille_segment *s) {
    const char *text = grille_document_text(doc);
    if (t->plain_tsv && tsv_row(&t->pending, text, s)) {
        /* tab_eol() ends the row: its newline, and the buffer flushed when full */
        t->col = sizeof columns / sizeof *columns - 1;
        tab_eol(t);
        return GRILLE_OK;
    }
    /* rules and matched texts, in the order of the hits, built one after
     * the other in the table's buffer (one per row was a tenth of writing
     * it) before any cell: a row that runs out of memory leaves nothing
     * in the rows gathered */
    gbuf *b = &t->scratch;
    b->len = 0;
    int rc = segment_rule_list(s, b);
    size_t rules = b->len;
    for (size_t i = 0; i < s->hit_count && rc == GRILLE_OK; i++) {
        if (i && gbuf_append(b, " | ", 3)) rc = GRILLE_ENOMEM;
        /* a match in the passage a short answer answers, not in it */
        else if ((s->hits[i].flags & GRILLE_HIT_CONTEXT) && gbuf_append(b, "context: ", 9)) rc = GRILLE_ENOMEM;
        else if (gbuf_append(b, text + s->hits[i].span.byte_start,
                             s->hits[i].span.byte_end - s->hits[i].span.byte_start))
            rc = GRILLE_ENOMEM;
    }
    if (rc) return rc;
    tab_cstr(t, s->document);
    tab_cstr(t, s->speaker);
    tab_cstr(t, grille_unit_kind_name(s->unit_kind));
    tab_int(t, s->unit_index);
    tab_int(t, s->turn);
    tab_time(t, s->turn_time_ms);
    tab_int(t, s->span.line);
    tab_int(t, s->span.byte_start);
    tab_int(t, s->span.byte_end);
    tab_int(t, s->span.cp_start);
    tab_int(t, s->span.cp_end);
    tab_cstr(t, s->theme_id);
    tab_cstr(t, s->theme_path);
    tab_num(t, s->score, -1);
    tab_int(t, (size_t)((s->flags & GRILLE_SEGMENT_PRIMARY) != 0));
    tab_str(t, b->data ? b->data : "", rules);
    tab_str(t, b->data ? b->data + rules : "", b->len - rules);
    tab_str(t, text + s->span.byte_start, s->span.byte_end - s->span.byte_start);
    tab_eol(t);
    return GRILLE_OK;
}

/* The length of s[0, n)'s first run of bytes a JSON string holds as
 * they are: not a control character, '"' or '\\' (UTF-8 goes as it is);
 * sixteen at a time with SSE2. */
static size_t json_plain_run(const char *s, size_t n) {
    size_t i = 0;
#ifdef __SSE2__
    /* signed, bytes from 0x80 are negative: below ' ' as unsigned is
     * "not negative and below ' '" */
    const __m128i space = _mm_set1_epi8(' '), quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'),
                  zero = _mm_setzero_si128();
    for (; i + 16 <= n; i += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + i));
        __m128i control = _mm_andnot_si128(_mm_cmplt_epi8(v, zero), _mm_cmplt_epi8(v, space));
        __m128i hit = _mm_or_si128(control, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)));
        unsigned m = (unsigned)_mm_movemask_epi8(hit);
        if (m) return i + (size_t)__builtin_ctz(m);
    }
#endif
    for (; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == '"' || c == '\\') break;
    }
    return i;
}

/* s[0, n) as a JSON string: runs of plain bytes copied whole. */
static void json_string(rowbuf *r, const char *s, size_t n) {
    rowbuf_putc(r, '"');
    for (;;) {
        size_t run = json_plain_run(s, n);
        rowbuf_put(r, s, run);
        if (run == n) break;
        unsigned char c = (unsigned char)s[run];
        char esc[8];
        switch (c) {
        case '"': rowbuf_put(r, "\\\"", 2); break;
        case '\\': rowbuf_put(r, "\\\\", 2); break;
        case '\n': rowbuf_put(r, "\\n", 2); break;
        case '\r': rowbuf_put(r, "\\r", 2); break;
        case '\t': rowbuf_put(r, "\\t", 2); break;
        default: rowbuf_put(r, esc, (size_t)snprintf(esc, sizeof esc, "\\u%04x", c));
        }
        s += run + 1;
        n -= run + 1;
    }
    rowbuf_putc(r, '"');
}

static void json_cstr(rowbuf *r, const char *s) { json_string(r, s, strlen(s)); }

void write_json_string(FILE *out, const char *s, size_t n) {
    rowbuf r;
    r.out = out;
    r.n = 0;
    json_string(&r, s, n);
    rowbuf_flush(&r);
}

static void json_uint(rowbuf *r, size_t v) {
    char buf[24], *p = tab_decimal(buf, v);
    rowbuf_put(r, p, (size_t)(buf + 24 - p));
}

#define JSON_LIT(r, s) rowbuf_put((r), (s), sizeof(s) - 1)

/* "byte_start":…,"byte_end":…,"cp_start":…,"cp_end":… of a segment or
 * of a hit. */
static void json_span(rowbuf *r, const grille_span *sp) {
    JSON_LIT(r, "\"byte_start\":");
    json_uint(r, sp->byte_start);
    JSON_LIT(r, ",\"byte_end\":");
    json_uint(r, sp->byte_end);
    JSON_LIT(r, ",\"cp_start\":");
    json_uint(r, sp->cp_start);
    JSON_LIT(r, ",\"cp_end\":");
    json_uint(r, sp->cp_end);
}

/* A segment as a line of JSON, gathered in r and written whole. */
static void write_json_row(rowbuf *r, const grille_document *doc, const grille_segment *s) {
    const char *text = grille_document_text(doc);
    JSON_LIT(r, "{\"document\":");
    json_cstr(r, s->document);
    JSON_LIT(r, ",\"speaker\":");
    json_cstr(r, s->speaker);
    JSON_LIT(r, ",\"unit\":\"");
    rowbuf_put(r, grille_unit_kind_name(s->unit_kind), strlen(grille_unit_kind_name(s->unit_kind)));
    JSON_LIT(r, "\",\"unit_index\":");
    json_uint(r, s->unit_index);
    JSON_LIT(r, ",\"turn\":");
    json_uint(r, s->turn);
    rowbuf_putc(r, ',');
    if (s->turn_time_ms >= 0) {
        JSON_LIT(r, "\"time_ms\":");
        json_uint(r, (size_t)s->turn_time_ms);
        rowbuf_putc(r, ',');
    }
    JSON_LIT(r, "\"line\":");
    json_uint(r, s->span.line);
    rowbuf_putc(r, ',');
    json_span(r, &s->span);
    JSON_LIT(r, ",\"theme\":");
    json_cstr(r, s->theme_id);
    JSON_LIT(r, ",\"theme_path\":");
    json_cstr(r, s->theme_path);
    JSON_LIT(r, ",\"score\":");
    char num[64];
    rowbuf_put(r, num, tab_g6(num, s->score));
    if (s->flags & GRILLE_SEGMENT_PRIMARY) JSON_LIT(r, ",\"primary\":true");
    else JSON_LIT(r, ",\"primary\":false");
    JSON_LIT(r, ",\"hits\":[");
    for (size_t i = 0; i < s->hit_count; i++) {
        const grille_hit *h = &s->hits[i];
        if (i) rowbuf_putc(r, ',');
        JSON_LIT(r, "{\"rule\":");
        json_cstr(r, h->rule_id);
        JSON_LIT(r, ",\"kind\":\"");
        rowbuf_put(r, grille_rule_kind_name(h->kind), strlen(grille_rule_kind_name(h->kind)));
        JSON_LIT(r, "\",");
        json_span(r, &h->span);
        rowbuf_putc(r, ',');
        if (h->flags & GRILLE_HIT_AMBIGUOUS) JSON_LIT(r, "\"ambiguous\":true,");
        if (h->flags & GRILLE_HIT_CONTEXT) JSON_LIT(r, "\"context\":true,");
        JSON_LIT(r, "\"text\":");
        json_string(r, text + h->span.byte_start, h->span.byte_end - h->span.byte_start);
        rowbuf_putc(r, '}');
    }
    JSON_LIT(r, "],\"text\":");
    json_string(r, text + s->span.byte_start, s->span.byte_end - s->span.byte_start);
    JSON_LIT(r, "}\n");
    /* lines gathered while room is left: a write a line was a fifteenth
     * of writing them */
    if (r->n > sizeof r->b - ROWBUF_GATHER_ROOM) rowbuf_flush(r);
}

int grille_coding_write(FILE *out, grille_format fmt, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, segments_what, N_("no output stream"));
    if (!c) return grille_write_fail(err, GRILLE_EUSAGE, segments_what, N_("no coding"));
    if (!segments_format(fmt)) return grille_write_bad_format(err, segments_what, fmt);
    const grille_document *doc = grille_coding_document(c);
    tab t;
    tab_text(&t, out, fmt);
    t.gather = 1; /* nothing else writes to out until tab_done() */
    /* the stream's lock held for the whole document: each write then
     * finds it held (taking it, an atomic operation, for each cell was a
     * third of what writing a segment cost) */
    flockfile(out);
    int rc = GRILLE_OK;
    rowbuf json; /* the bytes of a JSON line, written whole */
    json.out = out;
    json.n = 0;
    for (size_t i = 0; i < grille_coding_segment_count(c) && rc == GRILLE_OK; i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        if (fmt == GRILLE_FORMAT_JSONL) write_json_row(&json, doc, s);
        else rc = write_row(&t, doc, s);
    }
    rowbuf_flush(&json);
    /* the rows gathered are written before the lock is let go: two
     * threads writing documents to one stream do not mix their rows */
    if (rc) {
        rowbuf_flush(&t.pending); /* the rows before the one that failed (none of whose cells is there) */
        funlockfile(out);
        tab_release(&t);
        return grille_write_fail(err, GRILLE_ENOMEM, segments_what, N_("out of memory"));
    }
    rc = tab_done(&t, err, segments_what);
    funlockfile(out);
    return rc;
}

void segments_tab_header(tab *t) { segments_header(t); }

int segments_tab_add(tab *t, const grille_coding *c) {
    const grille_document *doc = grille_coding_document(c);
    int rc = GRILLE_OK;
    for (size_t i = 0; i < grille_coding_segment_count(c) && rc == GRILLE_OK; i++)
        rc = write_row(t, doc, grille_coding_segment_get(c, i));
    return rc;
}

/* A segments sheet filled a document at a time (the workbook is written
 * in constant memory: each row goes to disk as the next starts). */
struct grille_segments_sheet {
    tab t;
    int rc; /* the first failure */
};

grille_segments_sheet *grille_segments_sheet_new(grille_workbook *wb, const char *sheet, grille_error *err) {
    grille_error_clear(err);
    if (!wb) {
        grille_write_fail(err, GRILLE_EUSAGE, segments_what, N_("no workbook"));
        return NULL;
    }
    grille_segments_sheet *s = calloc(1, sizeof *s);
    if (!s) {
        grille_write_fail(err, GRILLE_ENOMEM, segments_what, N_("out of memory"));
        return NULL;
    }
    if (tab_sheet(&s->t, wb, sheet ? sheet : "segments", err)) {
        free(s);
        return NULL;
    }
    segments_tab_header(&s->t);
    return s;
}

int grille_segments_sheet_add(grille_segments_sheet *s, const grille_coding *c, grille_error *err) {
    grille_error_clear(err);
    if (!s || !c) return grille_write_fail(err, GRILLE_EUSAGE, segments_what, !s ? N_("no sheet") : N_("no coding"));
    if (s->rc) return grille_write_fail(err, s->rc, segments_what, N_("out of memory"));
    s->rc = segments_tab_add(&s->t, c);
    if (s->rc) return grille_write_fail(err, s->rc, segments_what, N_("out of memory"));
    return GRILLE_OK;
}

int grille_segments_sheet_close(grille_segments_sheet *s, grille_error *err) {
    grille_error_clear(err);
    if (!s) return GRILLE_OK;
    int rc = s->rc;
    if (rc) grille_write_fail(err, rc, segments_what, N_("out of memory"));
    int done = tab_done(&s->t, rc ? NULL : err, segments_what);
    free(s);
    return rc ? rc : done;
}

int grille_coding_write_sheet(grille_workbook *wb, const char *sheet, const grille_coding *const *codings, size_t n,
                              grille_error *err) {
    grille_error_clear(err);
    if (!wb) return grille_write_fail(err, GRILLE_EUSAGE, segments_what, N_("no workbook"));
    if (n && !codings) return grille_write_fail(err, GRILLE_EUSAGE, segments_what, N_("no coding"));
    grille_segments_sheet *s = grille_segments_sheet_new(wb, sheet, err);
    if (!s) return err ? err->code : GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t d = 0; d < n && rc == GRILLE_OK; d++) rc = grille_segments_sheet_add(s, codings[d], err);
    if (rc) {
        grille_error ignored;
        grille_segments_sheet_close(s, &ignored);
        return rc;
    }
    return grille_segments_sheet_close(s, err);
}

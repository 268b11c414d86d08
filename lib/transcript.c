/* transcript.c - a transcript from a file or from memory: the reader
 * for its kind (source.h), then its header (header.c), turns
 * (speakers.c), paragraphs and sentences (sentence.c); positions and
 * the public accessors. */
#define _GNU_SOURCE /* memrchr */
#include "document.h"
#include "simd.h"
#include "source.h"
#include "utf8.h"
#include <stdio.h>
#ifdef __SSE2__
#include <emmintrin.h>
#endif

/* ------------------------------------------------------------------ */
/* positions                                                           */

/* The line of the block holding b, then the few line starts after it:
 * a binary search over every line missed the cache for each sentence
 * of a long document. */
unsigned document_line_at(const grille_document *doc, size_t b) {
    size_t k = b / CP_STEP;
    size_t lo = k < doc->nmarks ? doc->line_marks[k] : doc->nlines - 1;
    while (lo + 1 < doc->nlines && doc->line_starts[lo + 1] <= b) lo++;
    return (unsigned)lo + 1;
}

/* The code points before the block holding b, then those of the block
 * before b: its bytes less its continuation bytes.  O(1) even on huge
 * lines; counting the bytes of the block was a twentieth of loading. */
UTF8_POPCNT_CLONES size_t document_cp_at(const grille_document *doc, size_t b) {
    size_t k = b / CP_STEP, r = b % CP_STEP;
    uint64_t before = doc->cont_bits[k] & ((1ULL << r) - 1);
    return doc->cp_marks[k] + r - (size_t)__builtin_popcountll(before);
}

/* Bit j set where s[j] (j < n <= CP_STEP) continues a code point, and
 * in *newlines where it is a line feed: one pass over the block, sixteen
 * bytes at a time with SSE2 (a call of memchr per line cost more than
 * the block's bytes on text of short lines). */
static uint64_t continuation_mask(const char *s, size_t n, uint64_t *newlines) {
    uint64_t bits = 0, nl = 0;
    size_t j = 0;
#ifdef __SSE2__
    const __m128i top = _mm_set1_epi8((char)0xC0), cont = _mm_set1_epi8((char)0x80), lf = _mm_set1_epi8('\n');
    for (; j + 16 <= n; j += 16) {
        __m128i v = _mm_loadu_si128((const __m128i *)(const void *)(s + j));
        bits |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_and_si128(v, top), cont)) << j;
        nl |= (uint64_t)(unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, lf)) << j;
    }
#endif
    for (; j + 8 <= n; j += 8) {
        /* bit 7 of each byte, gathered into the 8 low bits */
        uint64_t packed = ((utf8_continuation_bits(s + j) >> 7) * 0x0102040810204080ULL) >> 56;
        bits |= packed << j;
        for (size_t i = j; i < j + 8; i++)
            if (s[i] == '\n') nl |= 1ULL << i;
    }
    for (; j < n; j++) {
        if (((unsigned char)s[j] & 0xC0) == 0x80) bits |= 1ULL << j;
        if (s[j] == '\n') nl |= 1ULL << j;
    }
    *newlines = nl;
    return bits;
}

#if SIMD_HAS_WIDE
/* continuation_mask() with AVX-512BW: two compares of the block, read
 * with a mask that keeps the load from the bytes past n (1 to 64). */
SIMD_WIDE static inline uint64_t continuation_mask_wide(const char *s, size_t n, uint64_t *newlines) {
    uint64_t in = n >= 64 ? ~0ULL : (1ULL << n) - 1;
    __m512i v = _mm512_maskz_loadu_epi8(in, s);
    *newlines = _mm512_cmpeq_epi8_mask(v, _mm512_set1_epi8('\n')) & in;
    return _mm512_cmpeq_epi8_mask(_mm512_and_si512(v, _mm512_set1_epi8((char)0xC0)), _mm512_set1_epi8((char)0x80)) & in;
}
#endif

void document_span(const grille_document *doc, size_t b0, size_t b1, dspan *out) {
    out->b0 = b0;
    out->b1 = b1;
    out->line = document_line_at(doc, b0);
}

void document_span_from(const grille_document *doc, size_t b0, size_t b1, unsigned line, dspan *out) {
    size_t lo = line ? line - 1 : 0;
    while (lo + 1 < doc->nlines && doc->line_starts[lo + 1] <= b0) lo++;
    out->b0 = b0;
    out->b1 = b1;
    out->line = (unsigned)lo + 1;
}

void document_public_span(const grille_document *doc, const dspan *in, grille_span *out) {
    out->byte_start = in->b0;
    out->byte_end = in->b1;
    out->cp_start = document_cp_at(doc, in->b0);
    out->cp_end = document_cp_at(doc, in->b1);
    out->line = in->line;
}

/* The index of the lines and code points, each block's bytes classed
 * with AVX-512BW where wide (simd.h). */
static inline __attribute__((always_inline)) int index_lines_with(grille_document *doc, int wide) {
    (void)wide;
    size_t cap = 0;
    doc->nlines = 0;
    if (GROW(doc->line_starts, doc->nlines, cap)) return GRILLE_ENOMEM;
    doc->line_starts[doc->nlines++] = 0;
    size_t nmarks = doc->size / CP_STEP + 1;
    doc->cp_marks = malloc(nmarks * sizeof *doc->cp_marks);
    doc->line_marks = malloc(nmarks * sizeof *doc->line_marks);
    doc->cont_bits = malloc(nmarks * sizeof *doc->cont_bits);
    if (!doc->cp_marks || !doc->line_marks || !doc->cont_bits) return GRILLE_ENOMEM;
    doc->nmarks = nmarks;
    size_t cp = 0;
    for (size_t k = 0; k < nmarks; k++) {
        size_t b = k * CP_STEP, e = b + CP_STEP < doc->size ? b + CP_STEP : doc->size;
        /* the lines started so far start at b or before: the last holds b */
        doc->cp_marks[k] = (uint32_t)cp;
        doc->line_marks[k] = (uint32_t)(doc->nlines - 1);
        uint64_t newlines;
#if SIMD_HAS_WIDE
        if (wide && e > b) doc->cont_bits[k] = continuation_mask_wide(doc->text + b, e - b, &newlines);
        else
#endif
            doc->cont_bits[k] = continuation_mask(doc->text + b, e - b, &newlines);
        cp += e - b - (size_t)__builtin_popcountll(doc->cont_bits[k]);
        for (; newlines; newlines &= newlines - 1) {
            if (GROW(doc->line_starts, doc->nlines, cap)) return GRILLE_ENOMEM;
            doc->line_starts[doc->nlines++] = b + (size_t)__builtin_ctzll(newlines) + 1;
        }
    }
    return GRILLE_OK;
}

UTF8_POPCNT_CLONES static int index_lines_narrow(grille_document *doc) { return index_lines_with(doc, 0); }
#if SIMD_HAS_WIDE
SIMD_WIDE static int index_lines_wide(grille_document *doc) { return index_lines_with(doc, 1); }
#endif

int document_index_lines(grille_document *doc) { return document_index_lines_as(doc, simd_wide()); }

int document_index_lines_as(grille_document *doc, int wide) {
    (void)wide;
#if SIMD_HAS_WIDE
    if (wide) return index_lines_wide(doc);
#endif
    return index_lines_narrow(doc);
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

/* The file name without directory and without an extension grille
 * reads ("ei-01.docx" -> "ei-01"). */
char *document_default_id(const char *name) {
    const char *b = base_name(name);
    size_t n = strlen(b);
    while (n && b[n - 1] == ' ') n--;
    const char *dot = memrchr(b, '.', n);
    if (dot && dot > b) {
        char *ext = grille_strndup(b, n);
        if (!ext) return NULL;
        int known = source_kind_of_extension(ext) != SOURCE_UNKNOWN;
        free(ext);
        if (known) n = (size_t)(dot - b);
    }
    return grille_strndup(b, n);
}

void grille_document_free(grille_document *doc) {
    if (!doc) return;
    free(doc->id);
    free(doc->name);
    free(doc->text);
    free(doc->owned_format);
    for (size_t i = 0; i < doc->nvars; i++) {
        free(doc->keys[i]);
        free(doc->values[i]);
    }
    free(doc->keys);
    free(doc->values);
    for (size_t i = 0; i < doc->nspeakers; i++) {
        dspeaker *sp = &doc->speakers[i];
        free(sp->label);
        free(sp->folded);
        for (size_t k = 0; k < sp->nvars; k++) {
            free(sp->keys[k]);
            free(sp->values[k]);
        }
        free(sp->keys);
        free(sp->values);
    }
    free(doc->speakers);
    free(doc->notes);
    free(doc->turns);
    free(doc->paras);
    free(doc->sents);
    free(doc->line_starts);
    free(doc->cp_marks);
    free(doc->line_marks);
    free(doc->cont_bits);
    free(doc);
}

int document_note(grille_document *doc, size_t b, const char *fmt, ...) {
    if (GROW(doc->notes, doc->nnotes, doc->capnotes)) return GRILLE_ENOMEM;
    grille_error *e = &doc->notes[doc->nnotes++];
    memset(e, 0, sizeof *e);
    snprintf(e->file, sizeof e->file, "%s", doc->name);
    if (b != SIZE_MAX && b <= doc->size) {
        utf8_line_col(doc->text, b, &e->line, &e->column);
        e->byte_offset = b;
    }
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->message, sizeof e->message, grille_msg(fmt), ap);
    va_end(ap);
    return GRILLE_OK;
}

/* Variables the header does not give come from the reader (document
 * properties) and from the variables table; the header wins, and a
 * table that says otherwise is worth a warning. */
static int is_reading_key(const char *k) {
    static const char *const keys[] = {"interviewers", "enqueteurs", "speakers", "locuteurs", "turns", NULL};
    for (size_t i = 0; keys[i]; i++)
        if (strcmp(k, keys[i]) == 0) return 1;
    return 0;
}

/* reading_only: only the keys that say how to read the speakers, which
 * must be known before the turns are found; the others are merged after,
 * so that the "Date : ..." lines of the document itself win too. */
static int merge_variables(grille_document *doc, const source *src, const grille_read_options *opts, int reading_only) {
    for (size_t i = 0; !reading_only && i < src->nvars; i++)
        if (document_add_variable(doc, src->keys[i], strlen(src->keys[i]), src->values[i], strlen(src->values[i]), 0))
            return GRILLE_ENOMEM;
    const grille_table *t = opts ? opts->variables : NULL;
    const char **keys, **values;
    size_t n;
    unsigned line = 0;
    if (!t) return GRILLE_OK;
    if (table_document_row(t, doc, &keys, &values, &n, &line)) return GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t i = 0; i < n && rc == GRILLE_OK; i++) {
        if (!values[i][0] || reading_only != is_reading_key(keys[i])) continue;
        const char *had = grille_document_variable_lookup(doc, keys[i]);
        if (had && strcmp(had, values[i]) != 0)
            rc = document_note(doc, SIZE_MAX,
                               "%s:%u: '%s' is '%s' in the table but '%s' in the document; the "
                               "document's value is kept",
                               grille_table_name(t), line, keys[i], values[i], had);
        else rc = document_add_variable(doc, keys[i], strlen(keys[i]), values[i], strlen(values[i]), 0);
    }
    free(keys);
    free(values);
    return rc;
}

/* Builds the document from what a reader extracted (src->text is taken). */
static grille_document *document_from_source(const char *name, source *src, const char *format,
                                             const grille_read_options *opts, grille_error *err) {
    grille_document *doc = calloc(1, sizeof *doc);
    if (!doc) {
        grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory");
        return NULL;
    }
    if (!src->text.data && gbuf_reserve(&src->text, 1)) goto nomem;
    src->text.data[src->text.len] = '\0'; /* grille_document_text() says so, of an empty file too */
    doc->text = src->text.data;
    doc->size = src->text.len;
    src->text.data = NULL;
    src->text.len = src->text.cap = 0;
    doc->format = format;
    doc->name = grille_strdup(name);
    doc->id = opts && opts->id ? grille_strdup(opts->id) : document_default_id(name);
    if (!doc->name || !doc->id) goto nomem;
    if (doc->size > UINT32_MAX) {
        grille_fail(err, GRILLE_ELIMIT, name, 0, 0, 0, "file is larger than 4 GiB; split it into several transcripts");
        goto fail;
    }
    size_t valid = src->text_checked ? doc->size : utf8_valid_prefix((const unsigned char *)doc->text, doc->size);
    if (valid < doc->size) {
        unsigned line, col;
        utf8_line_col(doc->text, valid, &line, &col);
        grille_fail(err, GRILLE_EUTF8, name, line, col, valid, "invalid UTF-8 (byte 0x%02X) in the %s text",
                    (unsigned char)doc->text[valid], format);
        goto fail;
    }
    const char *nul = src->text_checked ? NULL : memchr(doc->text, '\0', doc->size);
    if (nul) {
        size_t off = (size_t)(nul - doc->text);
        unsigned line, col;
        utf8_line_col(doc->text, off, &line, &col);
        grille_fail(err, GRILLE_ETRANSCRIPT, name, line, col, off, "NUL byte in a text file (is it a binary file?)");
        goto fail;
    }
    if (document_index_lines(doc)) goto nomem;
    for (size_t i = 0; i < src->nnotes; i++) {
        if (GROW(doc->notes, doc->nnotes, doc->capnotes)) goto nomem;
        doc->notes[doc->nnotes++] = src->notes[i];
    }
    size_t body = 0;
    if (document_read_header(doc, &body, err)) goto fail;
    if (merge_variables(doc, src, opts, 1)) goto nomem;
    int rc = src->has_turns ? document_take_turns(doc, src->turns, src->nturns, opts, err)
                            : document_find_turns(doc, body, opts, err);
    if (rc) goto fail;
    if (merge_variables(doc, src, opts, 0)) goto nomem;
    if (!doc->nturns && document_note(doc, SIZE_MAX, "the document has no text to code (empty, or a header only)"))
        goto nomem;
    if (document_split_sentences(doc, err)) goto fail;
    return doc;
nomem:
    grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory");
fail:
    grille_document_free(doc);
    return NULL;
}

/* What a file that is not a transcript is, for a useful message. */
static const char *foreign_kind(const char *name, const char *d, size_t n) {
    source_kind ext = source_kind_of_extension(name);
    /* Office wraps a password-protected .docx in the old compound format */
    if (n >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0 && (ext == SOURCE_DOCX || ext == SOURCE_ODT))
        return N_("a password-protected (encrypted) document: open it, remove the password, and save it again");
    if (n >= 4 && memcmp(d, "%PDF", 4) == 0)
        return N_("a PDF file: grille reads text, not pages; export the text "
                  "(or save the transcript as .docx or .txt)");
    if (n >= 5 && memcmp(d, "{\\rtf", 5) == 0) return N_("an RTF file: save it as .docx, .odt or .txt");
    if (n >= 8 && memcmp(d, "\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8) == 0)
        return N_("an old Word (.doc) file: save it as .docx");
    return NULL;
}

static const char *format_name(source_kind k, const source *s) {
    if (k == SOURCE_TEXT) return s->encoding ? s->encoding : "text";
    return source_kind_name(k);
}

/* Reads data (len bytes) named name into a document.  own, when not
 * NULL, is the caller's buffer holding data: the document may take it
 * (leaving it empty) rather than copy its bytes. */
static grille_document *document_read(const char *name, const char *data, size_t len, gbuf *own,
                                      const grille_read_options *opts, grille_error *err) {
    source_kind k = source_detect(name, data, len);
    const char *foreign = foreign_kind(name, data, len);
    if (foreign) {
        grille_fail(err, GRILLE_ETRANSCRIPT, name, 0, 0, 0, "%s", grille_msg(foreign));
        return NULL;
    }
    if (k == SOURCE_UNKNOWN) {
        if (len >= 4 && memcmp(data, "PK\x03\x04", 4) == 0) {
            grille_fail(err, GRILLE_ETRANSCRIPT, name, 0, 0, 0, "a ZIP archive that is neither a .docx nor an .odt");
            return NULL;
        }
        k = SOURCE_TEXT; /* a file named on the command line: text unless it says otherwise */
    }
    source src;
    source_init(&src, name);
    src.adopt = own;
    int rc = source_read(&src, k, data, len, opts ? opts->encoding : NULL, err);
    grille_document *doc = NULL;
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, name, 0, 0, 0, "out of memory");
    else if (rc == GRILLE_OK) doc = document_from_source(name, &src, format_name(k, &src), opts, err);
    source_free(&src);
    return doc;
}

/* The caller's options (NULL: the defaults) as this library's struct. */
static int read_options(grille_read_options *o, const grille_read_options *opts, grille_error *err) {
    return GRILLE_OPTIONS_COPY(grille_read_options, GRILLE_READ_OPTIONS_INIT, interviewers, *o, opts, err);
}

grille_document *grille_document_parse(const char *name, const char *data, size_t len, const grille_read_options *opts,
                                       grille_error *err) {
    grille_error_clear(err);
    if (!name) name = "<memory>";
    if (!data && len) {
        grille_fail(err, GRILLE_EUSAGE, name, 0, 0, 0, "no data");
        return NULL;
    }
    grille_read_options o;
    if (read_options(&o, opts, err)) return NULL;
    return document_read(name, data ? data : "", len, NULL, &o, err);
}

grille_document *grille_document_load(const char *path, const grille_read_options *opts, grille_error *err) {
    grille_error_clear(err);
    if (!path) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no path");
        return NULL;
    }
    grille_read_options o;
    if (read_options(&o, opts, err)) return NULL;
    gbuf b = {0};
    int rc = grille_read_file_max(path, &b, o.max_bytes, err);
    if (rc) return NULL;
    grille_document *doc = document_read(path, b.data ? b.data : "", b.len, &b, &o, err);
    gbuf_free(&b);
    return doc;
}

/* ------------------------------------------------------------------ */
/* streaming                                                           */

struct grille_reader {
    char *name;
    grille_read_options opts;
    char *interviewers, *id, *encoding;
    gbuf buf;
};

grille_reader *grille_reader_new(const char *name, const grille_read_options *opts) {
    grille_read_options o;
    if (read_options(&o, opts, NULL)) return NULL;
    grille_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->name = grille_strdup(name ? name : "<stream>");
    if (o.interviewers) r->interviewers = grille_strdup(o.interviewers);
    if (o.id) r->id = grille_strdup(o.id);
    if (o.encoding) r->encoding = grille_strdup(o.encoding);
    r->opts = o; /* the tables are borrowed */
    r->opts.interviewers = r->interviewers;
    r->opts.id = r->id;
    r->opts.encoding = r->encoding;
    if (!r->name || (o.interviewers && !r->interviewers) || (o.id && !r->id) || (o.encoding && !r->encoding)) {
        grille_reader_free(r);
        return NULL;
    }
    return r;
}

int grille_reader_feed(grille_reader *r, const char *data, size_t len, grille_error *err) {
    /* Validation waits for finish(): a chunk may end inside a character. */
    if (!r) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no reader");
    if (gbuf_append(&r->buf, data, len)) return grille_fail(err, GRILLE_ENOMEM, r->name, 0, 0, 0, "out of memory");
    return GRILLE_OK;
}

grille_document *grille_reader_finish(grille_reader *r, grille_error *err) {
    grille_error_clear(err);
    if (!r) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no reader");
        return NULL;
    }
    grille_document *doc = document_read(r->name, r->buf.data ? r->buf.data : "", r->buf.len, &r->buf, &r->opts, err);
    gbuf_free(&r->buf);
    return doc;
}

void grille_reader_free(grille_reader *r) {
    if (!r) return;
    free(r->name);
    free(r->interviewers);
    free(r->encoding);
    free(r->id);
    gbuf_free(&r->buf);
    free(r);
}

/* ------------------------------------------------------------------ */
/* accessors                                                           */

const char *grille_document_id(const grille_document *doc) { return doc ? doc->id : NULL; }
const char *grille_document_name(const grille_document *doc) { return doc ? doc->name : NULL; }
const char *grille_document_text(const grille_document *doc) { return doc ? doc->text : NULL; }
size_t grille_document_size(const grille_document *doc) { return doc ? doc->size : 0; }
size_t grille_document_variable_count(const grille_document *doc) { return doc ? doc->nvars : 0; }

int grille_document_variable_get(const grille_document *doc, size_t i, const char **key, const char **value) {
    if (!doc || i >= doc->nvars) return GRILLE_EUSAGE;
    if (key) *key = doc->keys[i];
    if (value) *value = doc->values[i];
    return GRILLE_OK;
}


const char *grille_document_variable_lookup(const grille_document *doc, const char *key) {
    if (!doc || !key) return NULL;
    for (size_t i = 0; i < doc->nvars; i++)
        if (grille_ascii_ieq(doc->keys[i], key)) return doc->values[i];
    return NULL;
}

const char *grille_unit_kind_name(grille_unit_kind kind) {
    switch (kind) {
    case GRILLE_UNIT_TURN: return "turn";
    case GRILLE_UNIT_PARAGRAPH: return "paragraph";
    case GRILLE_UNIT_SENTENCE: return "sentence";
    }
    return "?";
}

size_t grille_document_unit_count(const grille_document *doc, grille_unit_kind kind) {
    if (!doc) return 0;
    switch (kind) {
    case GRILLE_UNIT_TURN: return doc->nturns;
    case GRILLE_UNIT_PARAGRAPH: return doc->nparas;
    case GRILLE_UNIT_SENTENCE: return doc->nsents;
    }
    return 0;
}

int grille_document_unit_get(const grille_document *doc, grille_unit_kind kind, size_t i, grille_unit *out) {
    if (!doc || !out || i >= grille_document_unit_count(doc, kind)) return GRILLE_EUSAGE;
    out->kind = kind;
    out->index = i;
    if (kind == GRILLE_UNIT_TURN) {
        out->turn = i;
        document_public_span(doc, &doc->turns[i].span, &out->span);
    } else {
        const dunit *u = kind == GRILLE_UNIT_PARAGRAPH ? &doc->paras[i] : &doc->sents[i];
        out->turn = u->turn;
        document_public_span(doc, &u->span, &out->span);
    }
    return GRILLE_OK;
}

const char *grille_document_turn_speaker(const grille_document *doc, size_t turn) {
    if (!doc || turn >= doc->nturns) return NULL;
    return doc->speakers[doc->turns[turn].speaker].label;
}

long grille_document_turn_time(const grille_document *doc, size_t turn) {
    return doc && turn < doc->nturns ? doc->turns[turn].time_ms : -1;
}

const char *grille_document_format(const grille_document *doc) { return doc ? doc->format : NULL; }
size_t grille_document_warning_count(const grille_document *doc) { return doc ? doc->nnotes : 0; }
const grille_error *grille_document_warning_get(const grille_document *doc, size_t i) {
    return doc && i < doc->nnotes ? &doc->notes[i] : NULL;
}

int grille_document_turn_is_interviewer(const grille_document *doc, size_t turn) {
    if (!doc || turn >= doc->nturns) return 0;
    return doc->turns[turn].interviewer;
}

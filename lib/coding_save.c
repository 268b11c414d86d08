/* coding_save.c - a coding and its document as bytes, and back: what a
 * shard of grille note or grille export hands to grille merge, which
 * feeds the loaded pair to the very writer a single run uses, so that
 * the merged output is the single run's by construction.
 *
 * The bytes are for the same grille version, not an exchange format: a
 * magic line, then fixed 64-bit little-endian numbers and strings
 * (their length, then their bytes).  Everything the writers read is
 * stored; what the document derives from its text (line starts and
 * code point marks) is computed again.  Loading trusts nothing: every
 * count is checked against the bytes left, every span against the text
 * (on characters, with the code points and line its bytes give), every
 * index against its array and the codebook, every score for being a
 * number; a document's id and name are bytes (file names may be any). */
#include "codebook.h"
#include "coding.h"
#include "document.h"
#include "utf8.h"
#include <math.h>

static const char magic[] = "grille-coding 1\n";

/* ------------------------------------------------------------------ */
/* saving                                                              */

static void put_u64(FILE *f, uint64_t v) {
    unsigned char b[8];
    for (int i = 0; i < 8; i++) b[i] = (unsigned char)(v >> (8 * i));
    fwrite(b, 1, 8, f);
}

static void put_i64(FILE *f, long long v) { put_u64(f, (uint64_t)v); }

static void put_bytes(FILE *f, const char *s, size_t len) {
    put_u64(f, len);
    if (len) fwrite(s, 1, len, f);
}

static void put_str(FILE *f, const char *s) { put_bytes(f, s ? s : "", s ? strlen(s) : 0); }

static void put_double(FILE *f, double d) {
    uint64_t v;
    memcpy(&v, &d, sizeof v);
    put_u64(f, v);
}

static void put_span(FILE *f, const grille_document *d, const dspan *s) {
    put_u64(f, s->b0);
    put_u64(f, s->b1);
    put_u64(f, document_cp_at(d, s->b0));
    put_u64(f, document_cp_at(d, s->b1));
    put_u64(f, s->line);
}

static void put_public_span(FILE *f, const grille_span *s) {
    put_u64(f, s->byte_start);
    put_u64(f, s->byte_end);
    put_u64(f, s->cp_start);
    put_u64(f, s->cp_end);
    put_u64(f, s->line);
}

static void put_units(FILE *f, const grille_document *d, const dunit *u, size_t n) {
    put_u64(f, n);
    for (size_t i = 0; i < n; i++) {
        put_span(f, d, &u[i].span);
        put_u64(f, u[i].turn);
        put_u64(f, u[i].parent);
    }
}

/* Key-value pairs, as get_pairs() reads them. */
static void put_pairs(FILE *f, char *const *keys, char *const *values, size_t n) {
    put_u64(f, n);
    for (size_t i = 0; i < n; i++) {
        put_str(f, keys[i]);
        put_str(f, values[i]);
    }
}

static void put_document(FILE *f, const grille_document *d) {
    put_str(f, d->id);
    put_str(f, d->name);
    put_str(f, d->format);
    put_bytes(f, d->text, d->size);
    put_pairs(f, d->keys, d->values, d->nvars);
    put_u64(f, d->nspeakers);
    for (size_t i = 0; i < d->nspeakers; i++) {
        const dspeaker *s = &d->speakers[i];
        put_str(f, s->label);
        put_str(f, s->folded);
        put_u64(f, (uint64_t)s->reason);
        put_u64(f, (uint64_t)s->interviewer);
        put_u64(f, (uint64_t)s->guessed);
        put_u64(f, (uint64_t)s->declared_interviewer);
        put_u64(f, s->first_line);
        put_u64(f, s->turns);
        grille_speaker_info info; /* the words, counted when asked for */
        put_u64(f, grille_document_speaker_get(d, i, &info) == GRILLE_OK ? info.words : 0);
        put_pairs(f, s->keys, s->values, s->nvars);
    }
    put_u64(f, d->nnotes);
    for (size_t i = 0; i < d->nnotes; i++) {
        const grille_error *e = &d->notes[i];
        put_i64(f, e->code);
        put_str(f, e->file);
        put_u64(f, e->line);
        put_u64(f, e->column);
        put_u64(f, e->byte_offset);
        put_str(f, e->message);
    }
    put_u64(f, d->nturns);
    for (size_t i = 0; i < d->nturns; i++) {
        const dturn *t = &d->turns[i];
        put_span(f, d, &t->span);
        put_u64(f, t->speaker);
        put_u64(f, (uint64_t)t->interviewer);
        put_i64(f, t->time_ms);
    }
    put_units(f, d, d->paras, d->nparas);
    put_units(f, d, d->sents, d->nsents);
}

int grille_coding_save(FILE *out, const grille_coding *c, const grille_codebook *cb, grille_error *err) {
    grille_error_clear(err);
    if (!out || !c || !cb)
        return grille_write_fail(err, GRILLE_EUSAGE, N_("cannot save the coding"),
                                 N_("no output stream, coding or codebook"));
    fputs(magic, out);
    put_u64(out, cb->nthemes);
    put_u64(out, cb->nrules);
    put_u64(out, (uint64_t)cb->unit);
    put_document(out, c->doc);
    put_u64(out, c->n);
    for (size_t i = 0; i < c->n; i++) {
        const grille_segment *s = &c->segs[i];
        put_u64(out, s->theme);
        put_str(out, s->theme_id);
        put_u64(out, (uint64_t)s->unit_kind);
        put_u64(out, s->unit_index);
        put_u64(out, s->turn);
        put_public_span(out, &s->span);
        put_i64(out, s->turn_time_ms);
        put_double(out, s->score);
        put_u64(out, s->flags);
        put_u64(out, s->hit_count);
        for (size_t h = 0; h < s->hit_count; h++) {
            const grille_hit *hit = &s->hits[h];
            put_str(out, hit->rule_id);
            put_u64(out, (uint64_t)hit->kind);
            put_public_span(out, &hit->span);
            put_u64(out, hit->flags);
        }
    }
    put_u64(out, c->units);
    put_u64(out, c->words);
    for (size_t i = 0; i < c->units; i++) {
        put_u64(out, c->unit_ids[i]);
        put_u64(out, c->unit_words[i]);
    }
    return grille_write_end(out, err, N_("cannot save the coding"));
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

typedef struct reader {
    const unsigned char *p, *end;
    int bad;
} reader;

static uint64_t get_u64(reader *r) {
    if (r->bad || r->end - r->p < 8) {
        r->bad = 1;
        return 0;
    }
    uint64_t v = 0;
    for (int i = 0; i < 8; i++) v |= (uint64_t)r->p[i] << (8 * i);
    r->p += 8;
    return v;
}

/* A number that must be at most max. */
static size_t get_max(reader *r, uint64_t max) {
    uint64_t v = get_u64(r);
    if (v > max) r->bad = 1;
    return r->bad ? 0 : (size_t)v;
}

/* A count of items of at least `least` bytes each: never more than the
 * bytes left can hold, so that a damaged count allocates nothing big. */
static size_t get_count(reader *r, size_t least) {
    uint64_t v = get_u64(r);
    if (r->bad || v > (uint64_t)(r->end - r->p) / least) {
        r->bad = 1;
        return 0;
    }
    return (size_t)v;
}

static long long get_i64(reader *r) {
    uint64_t v = get_u64(r);
    long long s;
    memcpy(&s, &v, sizeof s);
    return s;
}

/* A string's bytes, borrowed from the data. */
static const char *get_bytes(reader *r, size_t *len) {
    uint64_t n = get_u64(r);
    if (r->bad || n > (uint64_t)(r->end - r->p)) {
        r->bad = 1;
        *len = 0;
        return "";
    }
    const char *s = (const char *)r->p;
    r->p += n;
    *len = (size_t)n;
    return s;
}

/* A string (no NUL; valid UTF-8 when utf8), malloc'd; NULL when damaged
 * (r->bad) or out of memory.  A document's id and name come from its
 * file's name, which may be any bytes: the single run takes them. */
static char *get_name_or_str(reader *r, int utf8) {
    size_t len;
    const char *s = get_bytes(r, &len);
    if (r->bad) return NULL;
    if (memchr(s, '\0', len) || (utf8 && utf8_valid_prefix((const unsigned char *)s, len) != len)) {
        r->bad = 1;
        return NULL;
    }
    return grille_strndup(s, len);
}

static char *get_str(reader *r) { return get_name_or_str(r, 1); }

/* The same into a fixed buffer (a grille_error's), cut if need be. */
static void get_fixed(reader *r, char *buf, size_t cap) {
    size_t len;
    const char *s = get_bytes(r, &len);
    if (r->bad || memchr(s, '\0', len)) {
        r->bad = 1;
        buf[0] = '\0';
        return;
    }
    snprintf(buf, cap, "%.*s", (int)(len < cap ? len : cap - 1), s);
}

static int on_boundary(const grille_document *d, size_t b) {
    return b >= d->size || ((unsigned char)d->text[b] & 0xC0) != 0x80;
}

/* A span of the text (indexed already): its bytes start and end
 * characters, and its code points and line are the ones the bytes give,
 * so that no writer gets a cut character or a position that is not. */
static void get_span(reader *r, const grille_document *d, dspan *s) {
    s->b0 = get_max(r, d->size);
    s->b1 = get_max(r, d->size);
    size_t c0 = get_max(r, d->size), c1 = get_max(r, d->size);
    s->line = (unsigned)get_max(r, UINT32_MAX);
    if (r->bad) return;
    if (s->b0 > s->b1 || !on_boundary(d, s->b0) || !on_boundary(d, s->b1) || c0 != document_cp_at(d, s->b0) ||
        c1 != document_cp_at(d, s->b1) || s->line != document_line_at(d, s->b0))
        r->bad = 1;
}

static void get_public_span(reader *r, const grille_document *d, grille_span *out) {
    dspan s;
    get_span(r, d, &s);
    document_public_span(d, &s, out);
}

/* Paragraphs or sentences: parent < nparent (a paragraph's is its turn,
 * a sentence's its paragraph). */
static int get_units(reader *r, const grille_document *d, dunit **out, size_t *n, size_t nparent) {
    *n = get_count(r, 7 * 8);
    if (r->bad || !*n) return GRILLE_OK;
    if (!(*out = calloc(*n, sizeof **out))) return GRILLE_ENOMEM;
    for (size_t i = 0; i < *n && !r->bad; i++) {
        get_span(r, d, &(*out)[i].span);
        (*out)[i].turn = get_max(r, d->nturns ? d->nturns - 1 : 0);
        (*out)[i].parent = get_max(r, nparent ? nparent - 1 : 0);
        if (!d->nturns || !nparent) r->bad = 1;
    }
    return GRILLE_OK;
}

/* Key-value pairs into two malloc'd arrays. */
static int get_pairs(reader *r, char ***keys, char ***values, size_t *n) {
    size_t m = get_count(r, 16);
    if (r->bad || !m) return GRILLE_OK;
    if (!(*keys = calloc(m, sizeof **keys)) || !(*values = calloc(m, sizeof **values))) return GRILLE_ENOMEM;
    for (*n = 0; *n < m && !r->bad;) {
        (*keys)[*n] = get_str(r);
        (*values)[*n] = get_str(r);
        (*n)++;
        if (!r->bad && (!(*keys)[*n - 1] || !(*values)[*n - 1])) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

static int get_document(reader *r, grille_document *d) {
    if (!(d->id = get_name_or_str(r, 0)) || !(d->name = get_name_or_str(r, 0)) || !(d->owned_format = get_str(r)))
        return r->bad ? GRILLE_OK : GRILLE_ENOMEM;
    d->format = d->owned_format;
    size_t len;
    const char *text = get_bytes(r, &len);
    if (r->bad || len > UINT32_MAX || memchr(text, '\0', len) ||
        utf8_valid_prefix((const unsigned char *)text, len) != len) {
        r->bad = 1;
        return GRILLE_OK;
    }
    if (!(d->text = malloc(len + 1))) return GRILLE_ENOMEM;
    memcpy(d->text, text, len);
    d->text[len] = '\0';
    d->size = len;
    if (document_index_lines(d)) return GRILLE_ENOMEM;
    if (get_pairs(r, &d->keys, &d->values, &d->nvars)) return GRILLE_ENOMEM;
    d->capvars = d->nvars;
    size_t n = get_count(r, 11 * 8);
    if (r->bad) return GRILLE_OK;
    if (n && !(d->speakers = calloc(n, sizeof *d->speakers))) return GRILLE_ENOMEM;
    while (d->nspeakers < n && !r->bad) {
        dspeaker *s = &d->speakers[d->nspeakers++];
        s->label = get_str(r);
        s->folded = get_str(r);
        if (r->bad) break;
        if (!s->label || !s->folded) return GRILLE_ENOMEM;
        s->reason = (grille_speaker_reason)get_max(r, GRILLE_SPEAKER_UNLABELLED);
        s->interviewer = (int)get_max(r, 1);
        s->guessed = (int)get_max(r, 1);
        s->declared_interviewer = (int)get_max(r, 1);
        s->first_line = get_max(r, UINT32_MAX);
        s->turns = get_max(r, SIZE_MAX);
        get_max(r, SIZE_MAX); /* the words: counted again from the turns when asked for */
        if (get_pairs(r, &s->keys, &s->values, &s->nvars)) return GRILLE_ENOMEM;
    }
    d->capspeakers = d->nspeakers;
    n = get_count(r, 6 * 8);
    if (r->bad) return GRILLE_OK;
    if (n && !(d->notes = calloc(n, sizeof *d->notes))) return GRILLE_ENOMEM;
    for (; d->nnotes < n && !r->bad; d->nnotes++) {
        grille_error *e = &d->notes[d->nnotes];
        e->code = (int)get_i64(r);
        get_fixed(r, e->file, sizeof e->file);
        e->line = (unsigned)get_max(r, UINT32_MAX);
        e->column = (unsigned)get_max(r, UINT32_MAX);
        e->byte_offset = get_max(r, SIZE_MAX);
        get_fixed(r, e->message, sizeof e->message);
    }
    d->capnotes = d->nnotes;
    n = get_count(r, 8 * 8);
    if (r->bad) return GRILLE_OK;
    if (n && !(d->turns = calloc(n, sizeof *d->turns))) return GRILLE_ENOMEM;
    for (; d->nturns < n && !r->bad; d->nturns++) {
        dturn *t = &d->turns[d->nturns];
        get_span(r, d, &t->span);
        t->speaker = get_max(r, d->nspeakers ? d->nspeakers - 1 : 0);
        if (!d->nspeakers) r->bad = 1;
        t->interviewer = (int)get_max(r, 1);
        t->time_ms = (long)get_i64(r);
        if (t->time_ms < -1) r->bad = 1;
    }
    d->capturns = d->nturns;
    document_link_turns(d);
    if (get_units(r, d, &d->paras, &d->nparas, d->nturns)) return GRILLE_ENOMEM;
    d->capparas = d->nparas;
    if (get_units(r, d, &d->sents, &d->nsents, d->nparas)) return GRILLE_ENOMEM;
    d->capsents = d->nsents;
    return GRILLE_OK;
}

/* The codebook's rule of that id, or -1. */
static int rule_of(const grille_codebook *cb, const char *id, size_t len) {
    int i = strmap_get(&cb->rule_ids, id, len);
    if (i >= 0 && (size_t)i < cb->nrules && cb->rules[i].id && strlen(cb->rules[i].id) == len &&
        memcmp(cb->rules[i].id, id, len) == 0)
        return i;
    for (size_t k = 0; k < cb->nrules; k++)
        if (cb->rules[k].id && strlen(cb->rules[k].id) == len && memcmp(cb->rules[k].id, id, len) == 0) return (int)k;
    return -1;
}

static int get_coding(reader *r, const grille_codebook *cb, grille_coding *c) {
    const grille_document *d = c->doc;
    size_t n = get_count(r, 16 * 8);
    if (r->bad) return GRILLE_OK;
    if (n && (!(c->segs = calloc(n, sizeof *c->segs)) || !(c->first_hit = calloc(n, sizeof *c->first_hit))))
        return GRILLE_ENOMEM;
    c->cap = c->capfirst = n;
    for (; c->n < n && !r->bad; c->n++) {
        grille_segment *s = &c->segs[c->n];
        s->theme = get_max(r, cb->nthemes ? cb->nthemes - 1 : 0);
        size_t len;
        const char *id = get_bytes(r, &len);
        if (r->bad || !cb->nthemes || strlen(cb->themes[s->theme].id) != len ||
            memcmp(cb->themes[s->theme].id, id, len) != 0) {
            r->bad = 1;
            break;
        }
        s->document = d->id;
        s->theme_id = cb->themes[s->theme].id;
        s->theme_path = cb->themes[s->theme].path;
        s->unit_kind = (grille_unit_kind)get_max(r, GRILLE_UNIT_SENTENCE);
        s->unit_index = get_max(r, SIZE_MAX);
        s->turn = get_max(r, d->nturns ? d->nturns - 1 : 0);
        if (r->bad || !d->nturns || s->unit_index >= grille_document_unit_count(d, s->unit_kind)) {
            r->bad = 1;
            break;
        }
        s->speaker = d->speakers[d->turns[s->turn].speaker].label;
        get_public_span(r, d, &s->span);
        s->turn_time_ms = (long)get_i64(r);
        uint64_t bits = get_u64(r);
        memcpy(&s->score, &bits, sizeof s->score);
        /* as the turns' times; and a score a spreadsheet can hold */
        if (s->turn_time_ms < -1 || !isfinite(s->score)) r->bad = 1;
        s->flags = (unsigned)get_max(r, UINT32_MAX);
        s->hit_count = get_count(r, 8 * 8);
        if (r->bad) break;
        c->first_hit[c->n] = c->nhits;
        if (grille_grow((void **)&c->hits, &c->caphits, c->nhits + s->hit_count, sizeof *c->hits)) return GRILLE_ENOMEM;
        for (size_t h = 0; h < s->hit_count && !r->bad; h++) {
            grille_hit *o = &c->hits[c->nhits++];
            const char *rid = get_bytes(r, &len);
            int rule = r->bad ? -1 : rule_of(cb, rid, len);
            if (rule < 0) {
                r->bad = 1;
                break;
            }
            o->rule_id = cb->rules[rule].id;
            o->kind = (grille_rule_kind)get_max(r, GRILLE_RULE_ANY);
            get_public_span(r, d, &o->span);
            o->flags = (unsigned)get_max(r, UINT32_MAX);
        }
    }
    if (r->bad) return GRILLE_OK;
    /* (damaged bytes may give segments without a hit, and no hits at all) */
    for (size_t i = 0; i < c->n; i++) c->segs[i].hits = c->hits ? c->hits + c->first_hit[i] : NULL;
    c->units = get_count(r, 2 * 8);
    c->words = get_max(r, SIZE_MAX);
    if (r->bad) return GRILLE_OK;
    if (c->units && (!(c->unit_ids = calloc(c->units, sizeof *c->unit_ids)) ||
                     !(c->unit_words = calloc(c->units, sizeof *c->unit_words))))
        return GRILLE_ENOMEM;
    c->capunits = c->capunitwords = c->units;
    size_t nunits = grille_document_unit_count(d, cb->unit);
    for (size_t i = 0; i < c->units && !r->bad; i++) {
        c->unit_ids[i] = get_max(r, nunits ? nunits - 1 : 0);
        c->unit_words[i] = (uint32_t)get_max(r, UINT32_MAX);
        if (!nunits) r->bad = 1;
    }
    return GRILLE_OK;
}

grille_coding *grille_coding_load(const grille_codebook *cb, const char *data, size_t len, grille_document **doc,
                                  grille_error *err) {
    grille_error_clear(err);
    if (doc) *doc = NULL;
    if (!cb || !doc || (!data && len)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "grille_coding_load needs a codebook, data and a document");
        return NULL;
    }
    size_t mlen = sizeof magic - 1;
    if (len < mlen || memcmp(data, magic, mlen) != 0) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "not a coding saved by this version of grille");
        return NULL;
    }
    reader r = {(const unsigned char *)data + mlen, (const unsigned char *)data + len, 0};
    uint64_t nthemes = get_u64(&r), nrules = get_u64(&r), unit = get_u64(&r);
    if (!r.bad && (nthemes != cb->nthemes || nrules != cb->nrules || unit != (uint64_t)cb->unit)) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "the coding was saved with another codebook");
        return NULL;
    }
    grille_document *d = calloc(1, sizeof *d);
    grille_coding *c = calloc(1, sizeof *c);
    int rc = d && c ? GRILLE_OK : GRILLE_ENOMEM;
    if (c) c->doc = d;
    if (rc == GRILLE_OK) rc = get_document(&r, d);
    if (rc == GRILLE_OK && !r.bad) rc = get_coding(&r, cb, c);
    if (rc == GRILLE_OK && !r.bad && r.p != r.end) r.bad = 1;
    if (rc == GRILLE_OK && !r.bad) {
        *doc = d;
        return c;
    }
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, "", 0, 0, 0, "out of memory");
    else
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, (size_t)(r.p - (const unsigned char *)data),
                    "a damaged saved coding (at byte %zu)", (size_t)(r.p - (const unsigned char *)data));
    grille_coding_free(c);
    grille_document_free(d);
    return NULL;
}

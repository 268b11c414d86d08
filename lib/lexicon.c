/* lexicon.c - the French form -> lemma table.
 *
 * The table (about 470,000 forms) is compiled once, at build time, from
 * TSV into a flat file of arrays and hash slots that grille_lexicon_open()
 * maps into memory: loading costs a few page faults instead of parsing
 * megabytes, and the pages are shared by every process using it.
 *
 * File layout, little-endian whatever machine builds it (a package, or a
 * cross-compiled build, installs the same bytes on every machine), each
 * section 8-byte aligned:
 *   header | strings | forms | entries | lemmas | lemma_forms | form slots | lemma slots
 * Every number in it is a uint32 or, in the header, a uint64.  A
 * little-endian machine maps the file as it is; a big-endian one reads
 * the byte order mark reversed and swaps a private copy instead.
 */
#define _POSIX_C_SOURCE 200809L
#include "lexicon.h"
#include "strmap.h"
#include "utf8.h"
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#define LEX_MAGIC "GRLLEX2"
/* as the machine that wrote the file stores it: reversed, the file is of
 * the other byte order */
#define LEX_BYTE_ORDER 0x01020304u

typedef struct lex_header {
    char magic[8];
    uint32_t byte_order, reserved;
    uint32_t nforms, nentries, nlemmas, nlemma_forms, nform_slots, nlemma_slots;
    uint64_t strings, forms, entries, lemmas, lemma_forms, form_slots, lemma_slots, size;
} lex_header;

typedef struct lex_form {
    uint32_t str, len;
    uint32_t first, count; /* its entries */
} lex_form;

typedef struct lex_entry {
    uint32_t lemma;
    uint32_t pos;
} lex_entry;

typedef struct lex_lemma {
    uint32_t str, len;
    uint32_t first, count; /* its forms, in lemma_forms */
} lex_lemma;

/* A supplement read from TSV, on top of a compiled lexicon (or alone):
 * its forms get ids from base_nforms up, its new lemmas from
 * base_nlemmas up. */
typedef struct ov_form {
    size_t str, len;     /* in ov_text */
    size_t first, count; /* in ov_entries */
} ov_form;

struct grille_lexicon {
    void *map; /* NULL for an extension: the base owns it */
    size_t size;
    int swapped; /* map is a malloc'd copy in this machine's byte order */
    uint32_t base_nforms, base_nlemmas;
    strmap ov_forms; /* form -> index in ov_formv */
    ov_form *ov_formv;
    size_t ov_nforms;
    lex_entry *ov_entries;
    size_t ov_nentries;
    strmap ov_lemmas;     /* new lemma -> index in ov_lemma_str */
    size_t *ov_lemma_str; /* offsets in ov_text */
    size_t ov_nlemmas;
    gbuf ov_text;
    int has_overlay;
    const lex_header *h;
    const char *strings;
    const lex_form *forms;
    const lex_entry *entries;
    const lex_lemma *lemmas;
    const uint32_t *lemma_forms;
    const uint32_t *form_slots, *lemma_slots;
};

static const char *const pos_names[] = {"nom", "adj",  "verbe",  "adv",   "prep",  "pro",
                                        "det", "conj", "interj", "nompr", "autre", NULL};

const char *lexicon_pos_name(unsigned pos) { return pos < LEX_POS_COUNT ? pos_names[pos] : "autre"; }

int lexicon_pos_parse(const char *s, size_t n) {
    for (unsigned i = 0; pos_names[i]; i++)
        if (strlen(pos_names[i]) == n && memcmp(pos_names[i], s, n) == 0) return (int)i;
    /* the English names researchers may write */
    static const struct {
        const char *name;
        int pos;
    } aliases[] = {{"noun", LEX_NOM}, {"verb", LEX_VERBE}, {"adjective", LEX_ADJ}, {"adverb", LEX_ADV},
                   {"v", LEX_VERBE},  {"n", LEX_NOM},      {"other", LEX_AUTRE}};
    for (size_t i = 0; i < sizeof aliases / sizeof aliases[0]; i++)
        if (strlen(aliases[i].name) == n && memcmp(aliases[i].name, s, n) == 0) return aliases[i].pos;
    return -1;
}

/* ------------------------------------------------------------------ */
/* lookups                                                             */

static uint32_t slot_of(uint32_t h, uint32_t nslots) { return h & (nslots - 1); }

static long base_find_form(const grille_lexicon *lx, const char *s, size_t n) {
    if (!lx || !lx->h || !lx->h->nform_slots) return -1;
    uint32_t i = slot_of(grille_hash(s, n), lx->h->nform_slots);
    for (;;) {
        uint32_t v = lx->form_slots[i];
        if (!v) return -1;
        const lex_form *f = &lx->forms[v - 1];
        if (f->len == n && memcmp(lx->strings + f->str, s, n) == 0) return (long)(v - 1);
        i = (i + 1) & (lx->h->nform_slots - 1);
    }
}

static long overlay_lemma(const grille_lexicon *lx, const char *s, size_t n) {
    int o = lx->has_overlay ? strmap_get(&lx->ov_lemmas, s, n) : -1;
    return o < 0 ? -1 : (long)lx->base_nlemmas + o;
}

long lexicon_find_lemma(const grille_lexicon *lx, const char *s, size_t n) {
    if (!lx) return -1;
    if (!lx->h || !lx->h->nlemma_slots) return overlay_lemma(lx, s, n);
    uint32_t i = slot_of(grille_hash(s, n), lx->h->nlemma_slots);
    for (;;) {
        uint32_t v = lx->lemma_slots[i];
        if (!v) return overlay_lemma(lx, s, n);
        const lex_lemma *l = &lx->lemmas[v - 1];
        if (l->len == n && memcmp(lx->strings + l->str, s, n) == 0) return (long)(v - 1);
        i = (i + 1) & (lx->h->nlemma_slots - 1);
    }
}

size_t lexicon_entries(const grille_lexicon *lx, const char *s, size_t n, uint32_t *lemmas, unsigned *pos, size_t max) {
    size_t k = 0;
    long form = base_find_form(lx, s, n);
    if (form >= 0) {
        const lex_form *f = &lx->forms[form];
        for (uint32_t i = 0; i < f->count && k < max; i++, k++) {
            lemmas[k] = lx->entries[f->first + i].lemma;
            pos[k] = lx->entries[f->first + i].pos;
        }
    }
    int o = lx->has_overlay ? strmap_get(&lx->ov_forms, s, n) : -1;
    if (o >= 0) {
        const ov_form *f = &lx->ov_formv[o];
        for (size_t i = 0; i < f->count && k < max; i++) {
            const lex_entry *e = &lx->ov_entries[f->first + i];
            int dup = 0;
            for (size_t j = 0; j < k; j++) dup |= lemmas[j] == e->lemma && pos[j] == e->pos;
            if (!dup) {
                lemmas[k] = e->lemma;
                pos[k] = e->pos;
                k++;
            }
        }
    }
    return k;
}

const char *lexicon_lemma_string(const grille_lexicon *lx, uint32_t lemma, size_t *len) {
    if (lemma >= lx->base_nlemmas) {
        const char *str = lx->ov_text.data + lx->ov_lemma_str[lemma - lx->base_nlemmas];
        if (len) *len = strlen(str);
        return str;
    }
    if (len) *len = lx->lemmas[lemma].len;
    return lx->strings + lx->lemmas[lemma].str;
}

const char *lexicon_form_string(const grille_lexicon *lx, uint32_t form, size_t *len) {
    if (form >= lx->base_nforms) {
        const ov_form *f = &lx->ov_formv[form - lx->base_nforms];
        if (len) *len = f->len;
        return lx->ov_text.data + f->str;
    }
    if (len) *len = lx->forms[form].len;
    return lx->strings + lx->forms[form].str;
}

uint32_t *lexicon_lemma_form_ids(const grille_lexicon *lx, uint32_t lemma, size_t *n) {
    size_t nb = lemma < lx->base_nlemmas ? lx->lemmas[lemma].count : 0, cap = nb + 1, k = 0;
    uint32_t *v = malloc(cap * sizeof *v);
    if (!v) return NULL;
    for (size_t i = 0; i < nb; i++) v[k++] = lx->lemma_forms[lx->lemmas[lemma].first + i];
    /* a supplement is small: its forms are scanned */
    for (size_t f = 0; f < lx->ov_nforms; f++)
        for (size_t e = 0; e < lx->ov_formv[f].count; e++)
            if (lx->ov_entries[lx->ov_formv[f].first + e].lemma == lemma) {
                if (GROW(v, k, cap)) {
                    free(v);
                    return NULL;
                }
                v[k++] = lx->base_nforms + (uint32_t)f;
                break;
            }
    *n = k;
    return v;
}

size_t lexicon_form_count(const grille_lexicon *lx) { return lx ? lx->base_nforms + lx->ov_nforms : 0; }
size_t lexicon_lemma_count(const grille_lexicon *lx) { return lx ? lx->base_nlemmas + lx->ov_nlemmas : 0; }

/* ------------------------------------------------------------------ */
/* opening                                                             */

void grille_lexicon_free(grille_lexicon *lx) {
    if (!lx) return;
    if (lx->map && lx->swapped) free(lx->map);
    else if (lx->map) munmap(lx->map, lx->size);
    if (lx->has_overlay) {
        strmap_free(&lx->ov_forms);
        strmap_free(&lx->ov_lemmas);
    }
    free(lx->ov_formv);
    free(lx->ov_entries);
    free(lx->ov_lemma_str);
    gbuf_free(&lx->ov_text);
    free(lx);
}

/* ------------------------------------------------------------------ */
/* byte order                                                          */

static int host_big_endian(void) {
    const uint32_t one = 1;
    unsigned char first;
    memcpy(&first, &one, 1);
    return first == 0;
}

static uint32_t swap32(uint32_t v) { return v >> 24 | (v >> 8 & 0xff00u) | (v << 8 & 0xff0000u) | v << 24; }

static uint64_t swap64(uint64_t v) { return (uint64_t)swap32((uint32_t)v) << 32 | swap32((uint32_t)(v >> 32)); }

/* n bytes of uint32s, in place */
static void swap_words(void *p, uint64_t n) {
    unsigned char *b = p;
    for (uint64_t i = 0; i + 4 <= n; i += 4) {
        uint32_t v;
        memcpy(&v, b + i, 4);
        v = swap32(v);
        memcpy(b + i, &v, 4);
    }
}

static void swap_header(lex_header *h) {
    uint32_t *w[] = {&h->byte_order, &h->reserved,     &h->nforms,      &h->nentries,
                     &h->nlemmas,    &h->nlemma_forms, &h->nform_slots, &h->nlemma_slots};
    for (size_t i = 0; i < sizeof w / sizeof w[0]; i++) *w[i] = swap32(*w[i]);
    uint64_t *d[] = {&h->strings,     &h->forms,      &h->entries,     &h->lemmas,
                     &h->lemma_forms, &h->form_slots, &h->lemma_slots, &h->size};
    for (size_t i = 0; i < sizeof d / sizeof d[0]; i++) *d[i] = swap64(*d[i]);
}

/* Every section but the strings holds uint32s. */
static void swap_sections(const lex_header *h, char *base) {
    swap_words(base + h->forms, (uint64_t)h->nforms * sizeof(lex_form));
    swap_words(base + h->entries, (uint64_t)h->nentries * sizeof(lex_entry));
    swap_words(base + h->lemmas, (uint64_t)h->nlemmas * sizeof(lex_lemma));
    swap_words(base + h->lemma_forms, (uint64_t)h->nlemma_forms * 4);
    swap_words(base + h->form_slots, (uint64_t)h->nform_slots * 4);
    swap_words(base + h->lemma_slots, (uint64_t)h->nlemma_slots * 4);
}

static int in_bounds(const lex_header *h, uint64_t off, uint64_t count, size_t item) {
    return off <= h->size && count <= (h->size - off) / item;
}

/* any_above() is a loop with no exit, which the compiler turns into
 * vector code: the lexicon's index arrays hold millions of entries,
 * checked at every open (a fifth of coding one interview, entry by
 * entry with a branch each). */
#if defined(__GNUC__) && !defined(__clang__)
#define VECTORIZED __attribute__((optimize("O3")))
#else
#define VECTORIZED
#endif

/* Whether any of v[0..n) is above max, and how many are 0. */
VECTORIZED static int any_above(const uint32_t *v, uint32_t n, uint32_t max, uint32_t *zeros) {
    uint32_t bad = 0, z = 0;
    for (uint32_t i = 0; i < n; i++) {
        bad |= v[i] > max;
        z += v[i] == 0;
    }
    if (zeros) *zeros = z;
    return bad != 0;
}

/* Every index inside the file points where it may: a damaged lexicon
 * (a copy cut short and patched, a bad disk) must give an error, not a
 * read past the map or a probe that never ends.  One pass over the
 * arrays, at open: a few milliseconds. */
static int indices_valid(const lex_header *h, const char *base) {
    if (h->strings > h->forms) return 0;
    uint64_t nstr = h->forms - h->strings;
    const lex_form *forms = (const lex_form *)(base + h->forms);
    for (uint32_t i = 0; i < h->nforms; i++)
        if ((uint64_t)forms[i].str + forms[i].len > nstr || (uint64_t)forms[i].first + forms[i].count > h->nentries)
            return 0;
    const lex_entry *entries = (const lex_entry *)(base + h->entries);
    for (uint32_t i = 0; i < h->nentries; i++)
        if (entries[i].lemma >= h->nlemmas || entries[i].pos >= LEX_POS_COUNT) return 0;
    const lex_lemma *lemmas = (const lex_lemma *)(base + h->lemmas);
    for (uint32_t i = 0; i < h->nlemmas; i++)
        if ((uint64_t)lemmas[i].str + lemmas[i].len > nstr ||
            (uint64_t)lemmas[i].first + lemmas[i].count > h->nlemma_forms)
            return 0;
    const uint32_t *lemma_forms = (const uint32_t *)(base + h->lemma_forms);
    if (h->nlemma_forms && (!h->nforms || any_above(lemma_forms, h->nlemma_forms, h->nforms - 1, NULL))) return 0;
    /* slots hold an index + 1, or 0; an open-addressing probe ends at a 0 */
    const uint32_t *slots[2] = {(const uint32_t *)(base + h->form_slots), (const uint32_t *)(base + h->lemma_slots)};
    uint32_t nslots[2] = {h->nform_slots, h->nlemma_slots}, max[2] = {h->nforms, h->nlemmas};
    for (int k = 0; k < 2; k++) {
        uint32_t empty = 0;
        if (any_above(slots[k], nslots[k], max[k], &empty)) return 0;
        if (nslots[k] && !empty) return 0;
    }
    return 1;
}

grille_lexicon *grille_lexicon_open(const char *path, grille_error *err) {
    grille_error_clear(err);
    int fd = open(path, O_RDONLY);
    if (fd < 0) {
        grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    struct stat st;
    if (fstat(fd, &st) != 0 || (size_t)st.st_size < sizeof(lex_header)) {
        close(fd);
        grille_fail(err, GRILLE_ELEXICON, path, 0, 0, 0, "not a grille lexicon (too short)");
        return NULL;
    }
    void *map = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_SHARED, fd, 0);
    close(fd);
    if (map == MAP_FAILED) {
        grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot map: %s", strerror(errno));
        return NULL;
    }
    grille_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) {
        munmap(map, (size_t)st.st_size);
        grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        return NULL;
    }
    lx->map = map;
    lx->size = (size_t)st.st_size;
    lex_header hdr;
    memcpy(&hdr, map, sizeof hdr);
    int foreign = hdr.byte_order == swap32(LEX_BYTE_ORDER);
    if (foreign) swap_header(&hdr);
    const lex_header *h = &hdr;
    /* a truncated or foreign file must not be read past its end */
    int ok = memcmp(h->magic, LEX_MAGIC, 8) == 0 && h->byte_order == LEX_BYTE_ORDER && h->size == lx->size &&
             in_bounds(h, h->forms, h->nforms, sizeof(lex_form)) &&
             in_bounds(h, h->entries, h->nentries, sizeof(lex_entry)) &&
             in_bounds(h, h->lemmas, h->nlemmas, sizeof(lex_lemma)) &&
             in_bounds(h, h->lemma_forms, h->nlemma_forms, 4) && in_bounds(h, h->form_slots, h->nform_slots, 4) &&
             in_bounds(h, h->lemma_slots, h->nlemma_slots, 4) && h->strings <= h->size &&
             (h->nform_slots & (h->nform_slots - 1)) == 0 && (h->nlemma_slots & (h->nlemma_slots - 1)) == 0 &&
             h->nform_slots > h->nforms && h->nlemma_slots > h->nlemmas && h->forms % 4 == 0 && h->entries % 4 == 0 &&
             h->lemmas % 4 == 0 && h->lemma_forms % 4 == 0 && h->form_slots % 4 == 0 && h->lemma_slots % 4 == 0;
    if (ok && foreign) {
        /* the other byte order (a big-endian machine reading the
         * little-endian file): a copy in this machine's, as if built here */
        char *copy = malloc(lx->size);
        if (!copy) {
            grille_lexicon_free(lx);
            grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
            return NULL;
        }
        memcpy(copy, map, lx->size);
        memcpy(copy, &hdr, sizeof hdr);
        swap_sections(&hdr, copy);
        munmap(map, lx->size);
        lx->map = map = copy;
        lx->swapped = 1;
    }
    ok = ok && indices_valid(h, map);
    lx->h = map;
    if (!ok) {
        grille_lexicon_free(lx);
        grille_fail(err, GRILLE_ELEXICON, path, 0, 0, 0,
                    "not a grille lexicon, damaged, or built by another version: rebuild it (make)");
        return NULL;
    }
    const char *base = map;
    h = lx->h;
    lx->strings = base + h->strings;
    lx->forms = (const lex_form *)(base + h->forms);
    lx->entries = (const lex_entry *)(base + h->entries);
    lx->lemmas = (const lex_lemma *)(base + h->lemmas);
    lx->lemma_forms = (const uint32_t *)(base + h->lemma_forms);
    lx->form_slots = (const uint32_t *)(base + h->form_slots);
    lx->lemma_slots = (const uint32_t *)(base + h->lemma_slots);
    lx->base_nforms = h->nforms;
    lx->base_nlemmas = h->nlemmas;
    return lx;
}

/* ------------------------------------------------------------------ */
/* compiling                                                           */

typedef struct triple {
    uint32_t form, lemma; /* offsets of NUL-terminated strings in text */
    uint32_t pos;
} triple;

typedef struct compiler {
    gbuf text; /* every TSV file, concatenated */
    triple *t;
    size_t n, cap;
} compiler;

static int by_form(const void *a, const void *b, void *ctx) {
    const char *cmp_text = ctx;
    const triple *x = a, *y = b;
    int c = strcmp(cmp_text + x->form, cmp_text + y->form);
    if (c) return c;
    c = strcmp(cmp_text + x->lemma, cmp_text + y->lemma);
    if (c) return c;
    return (int)x->pos - (int)y->pos;
}

/* Reads "form<TAB>lemma<TAB>pos[<TAB>...]" lines after a header line. */
static int read_tsv(compiler *c, const char *path, grille_error *err) {
    size_t start = c->text.len;
    int rc = grille_read_file(path, &c->text, err);
    if (rc) return rc;
    if (gbuf_putc(&c->text, '\n')) return GRILLE_ENOMEM;
    char *t = c->text.data;
    size_t end = c->text.len;
    if (utf8_valid_prefix((const unsigned char *)t + start, end - start) < end - start)
        return grille_fail(err, GRILLE_EUTF8, path, 0, 0, 0, "invalid UTF-8");
    unsigned line = 0;
    for (size_t p = start; p < end;) {
        char *nl = memchr(t + p, '\n', end - p);
        size_t e = (size_t)(nl - t);
        line++;
        if (e > p && t[e - 1] == '\r') t[e - 1] = '\0';
        *nl = '\0';
        if (line > 1 && e > p && t[p] != '#') {
            char *tab1 = memchr(t + p, '\t', e - p);
            char *tab2 = tab1 ? memchr(tab1 + 1, '\t', (size_t)(t + e - tab1 - 1)) : NULL;
            if (!tab2)
                return grille_fail(err, GRILLE_ELEXICON, path, line, 1, p,
                                   "expected form, lemma and part of speech separated by tabs");
            char *tab3 = memchr(tab2 + 1, '\t', (size_t)(t + e - tab2 - 1));
            *tab1 = *tab2 = '\0';
            if (tab3) *tab3 = '\0';
            int pos = lexicon_pos_parse(tab2 + 1, strlen(tab2 + 1));
            if (GROW(c->t, c->n, c->cap)) return GRILLE_ENOMEM;
            c->t[c->n].form = (uint32_t)p;
            c->t[c->n].lemma = (uint32_t)(tab1 + 1 - t);
            c->t[c->n].pos = (uint32_t)(pos < 0 ? LEX_AUTRE : pos);
            if (tab1 == t + p || tab1[1] == '\0')
                return grille_fail(err, GRILLE_ELEXICON, path, line, 1, p, "empty form or lemma");
            c->n++;
        }
        p = e + 1;
    }
    return GRILLE_OK;
}

static uint32_t pow2_above(size_t n) {
    uint32_t s = 16;
    while (s < n * 2) s *= 2;
    return s;
}

int lexicon_compile(const char *const *paths, size_t npaths, const char *out_path, grille_error *err) {
    return lexicon_compile_order(paths, npaths, out_path, 0, err);
}

int lexicon_compile_order(const char *const *paths, size_t npaths, const char *out_path, int big_endian,
                          grille_error *err) {
    grille_error_clear(err);
    compiler c = {0};
    int rc = GRILLE_OK;
    for (size_t i = 0; i < npaths && rc == GRILLE_OK; i++) rc = read_tsv(&c, paths[i], err);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, out_path, 0, 0, 0, "out of memory");
    if (rc) goto done;
    if (c.text.len > UINT32_MAX) {
        rc = grille_fail(err, GRILLE_ELIMIT, out_path, 0, 0, 0, "lexicon too large");
        goto done;
    }
    if (grille_sort(c.t, c.n, sizeof *c.t, by_form, c.text.data)) {
        rc = grille_fail(err, GRILLE_ENOMEM, out_path, 0, 0, 0, "out of memory");
        goto done;
    }

    /* distinct forms and lemmas; strings are written once each */
    gbuf strings = {0}, forms = {0}, entries = {0}, lemmas = {0}, lemma_forms = {0};
    strmap lemma_ids;
    if (strmap_init(&lemma_ids)) {
        rc = GRILLE_ENOMEM;
        goto done;
    }
    uint32_t nforms = 0, nentries = 0, nlemmas = 0;
    /* per lemma, its forms: gathered as (lemma, form) pairs, then sorted */
    uint64_t *pairs = malloc((c.n + 1) * sizeof *pairs);
    if (!pairs) {
        rc = GRILLE_ENOMEM;
        strmap_free(&lemma_ids);
        goto done;
    }
    size_t npairs = 0;
    for (size_t i = 0; i < c.n && rc == GRILLE_OK;) {
        const char *form = c.text.data + c.t[i].form;
        size_t j = i;
        lex_form lf = {(uint32_t)strings.len, (uint32_t)strlen(form), nentries, 0};
        if (gbuf_append(&strings, form, lf.len + 1)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        for (; j < c.n && strcmp(c.text.data + c.t[j].form, form) == 0; j++) {
            if (j > i && by_form(&c.t[j - 1], &c.t[j], c.text.data) == 0) continue; /* duplicate triple */
            const char *lemma = c.text.data + c.t[j].lemma;
            size_t ll = strlen(lemma);
            int created;
            int *id = strmap_put(&lemma_ids, lemma, ll, &created);
            if (!id) {
                rc = GRILLE_ENOMEM;
                break;
            }
            if (created) {
                lex_lemma lm = {(uint32_t)strings.len, (uint32_t)ll, 0, 0};
                if (gbuf_append(&strings, lemma, ll + 1) || gbuf_append(&lemmas, &lm, sizeof lm)) {
                    rc = GRILLE_ENOMEM;
                    break;
                }
                *id = (int)nlemmas++;
            }
            lex_entry le = {(uint32_t)*id, c.t[j].pos};
            if (gbuf_append(&entries, &le, sizeof le)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            nentries++;
            lf.count++;
            /* a form is listed once per lemma, whatever its parts of speech */
            if (!npairs || pairs[npairs - 1] != ((uint64_t)(uint32_t)*id << 32 | nforms))
                pairs[npairs++] = (uint64_t)(uint32_t)*id << 32 | nforms;
        }
        if (rc == GRILLE_OK && gbuf_append(&forms, &lf, sizeof lf)) rc = GRILLE_ENOMEM;
        nforms++;
        i = j;
    }
    if (rc == GRILLE_OK) {
        /* sort pairs by lemma (then form) to lay out each lemma's forms */
        for (size_t gap = npairs / 2; gap > 0; gap /= 2) /* shell sort: no qsort context needed */
            for (size_t i = gap; i < npairs; i++) {
                uint64_t v = pairs[i];
                size_t j = i;
                while (j >= gap && pairs[j - gap] > v) {
                    pairs[j] = pairs[j - gap];
                    j -= gap;
                }
                pairs[j] = v;
            }
        lex_lemma *lm = (lex_lemma *)lemmas.data;
        size_t w = 0;
        for (size_t i = 0; i < npairs; i++) {
            if (i && pairs[i] == pairs[i - 1]) continue;
            uint32_t lemma = (uint32_t)(pairs[i] >> 32), form = (uint32_t)pairs[i];
            if (lm[lemma].count == 0) lm[lemma].first = (uint32_t)w;
            lm[lemma].count++;
            if (gbuf_append(&lemma_forms, &form, 4)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            w++;
        }
    }
    free(pairs);
    strmap_free(&lemma_ids);
    if (rc == GRILLE_OK) {
        lex_header h;
        memset(&h, 0, sizeof h);
        memcpy(h.magic, LEX_MAGIC, 8);
        h.byte_order = LEX_BYTE_ORDER;
        h.nforms = nforms;
        h.nentries = nentries;
        h.nlemmas = nlemmas;
        h.nlemma_forms = (uint32_t)(lemma_forms.len / 4);
        h.nform_slots = pow2_above(nforms);
        h.nlemma_slots = pow2_above(nlemmas);
        uint32_t *fslots = calloc(h.nform_slots, 4), *lslots = calloc(h.nlemma_slots, 4);
        if (!fslots || !lslots) rc = GRILLE_ENOMEM;
        const lex_form *fv = (const lex_form *)forms.data;
        const lex_lemma *lv = (const lex_lemma *)lemmas.data;
        for (uint32_t i = 0; rc == GRILLE_OK && i < nforms; i++) {
            uint32_t s = slot_of(grille_hash(strings.data + fv[i].str, fv[i].len), h.nform_slots);
            while (fslots[s]) s = (s + 1) & (h.nform_slots - 1);
            fslots[s] = i + 1;
        }
        for (uint32_t i = 0; rc == GRILLE_OK && i < nlemmas; i++) {
            uint32_t s = slot_of(grille_hash(strings.data + lv[i].str, lv[i].len), h.nlemma_slots);
            while (lslots[s]) s = (s + 1) & (h.nlemma_slots - 1);
            lslots[s] = i + 1;
        }
        /* sections, each 8-byte aligned */
        uint64_t off = (sizeof h + 7) & ~7ULL;
#define PLACE(field, bytes)                \
    do {                                   \
        h.field = off;                     \
        off = (off + (bytes) + 7) & ~7ULL; \
    } while (0)
        PLACE(strings, strings.len);
        PLACE(forms, forms.len);
        PLACE(entries, entries.len);
        PLACE(lemmas, lemmas.len);
        PLACE(lemma_forms, lemma_forms.len);
        PLACE(form_slots, (uint64_t)h.nform_slots * 4);
        PLACE(lemma_slots, (uint64_t)h.nlemma_slots * 4);
#undef PLACE
        h.size = off;
        /* written in the byte order asked for, whatever this machine's */
        lex_header disk = h;
        if (rc == GRILLE_OK && (big_endian != 0) != host_big_endian()) {
            swap_header(&disk);
            swap_words(forms.data, forms.len);
            swap_words(entries.data, entries.len);
            swap_words(lemmas.data, lemmas.len);
            swap_words(lemma_forms.data, lemma_forms.len);
            swap_words(fslots, (uint64_t)h.nform_slots * 4);
            swap_words(lslots, (uint64_t)h.nlemma_slots * 4);
        }
        if (rc == GRILLE_OK) {
            gbuf tmp = {0};
            if (gbuf_printf(&tmp, "%s.tmp", out_path)) rc = GRILLE_ENOMEM;
            FILE *f = rc ? NULL : fopen(tmp.data, "wb");
            if (!f && rc == GRILLE_OK)
                rc = grille_fail(err, GRILLE_EIO, out_path, 0, 0, 0, "cannot write: %s", strerror(errno));
            if (f) {
                const struct {
                    const void *p;
                    size_t n;
                    uint64_t at;
                } parts[] = {{&disk, sizeof disk, 0},
                             {strings.data, strings.len, h.strings},
                             {forms.data, forms.len, h.forms},
                             {entries.data, entries.len, h.entries},
                             {lemmas.data, lemmas.len, h.lemmas},
                             {lemma_forms.data, lemma_forms.len, h.lemma_forms},
                             {fslots, (size_t)h.nform_slots * 4, h.form_slots},
                             {lslots, (size_t)h.nlemma_slots * 4, h.lemma_slots}};
                uint64_t at = 0;
                for (size_t k = 0; k < sizeof parts / sizeof parts[0]; k++) {
                    while (at < parts[k].at) {
                        fputc(0, f);
                        at++;
                    }
                    if (parts[k].n && fwrite(parts[k].p, 1, parts[k].n, f) != parts[k].n) break;
                    at += parts[k].n;
                }
                while (at < h.size) {
                    fputc(0, f);
                    at++;
                }
                int bad = ferror(f);
                if (fclose(f) != 0) bad = 1;
                if (bad || rename(tmp.data, out_path) != 0) {
                    remove(tmp.data);
                    rc = grille_fail(err, GRILLE_EIO, out_path, 0, 0, 0, "write error");
                }
            }
            gbuf_free(&tmp);
        }
        free(fslots);
        free(lslots);
    }
    gbuf_free(&strings);
    gbuf_free(&forms);
    gbuf_free(&entries);
    gbuf_free(&lemmas);
    gbuf_free(&lemma_forms);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, out_path, 0, 0, 0, "out of memory");
done:
    gbuf_free(&c.text);
    free(c.t);
    return rc;
}

/* ------------------------------------------------------------------ */
/* supplements                                                         */

grille_lexicon *grille_lexicon_extend(const grille_lexicon *base, const char *path, grille_error *err) {
    grille_error_clear(err);
    compiler c = {0};
    if (read_tsv(&c, path, err)) {
        if (err && err->code == GRILLE_ENOMEM) grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        gbuf_free(&c.text);
        free(c.t);
        return NULL;
    }
    grille_lexicon *lx = calloc(1, sizeof *lx);
    if (!lx) goto nomem;
    if (base) {
        /* share the base's mapping: same tables, not owned */
        *lx = *base;
        lx->map = NULL;
        memset(&lx->ov_forms, 0, sizeof lx->ov_forms);
        memset(&lx->ov_lemmas, 0, sizeof lx->ov_lemmas);
        lx->ov_formv = NULL;
        lx->ov_nforms = 0;
        lx->ov_entries = NULL;
        lx->ov_nentries = 0;
        lx->ov_lemma_str = NULL;
        lx->ov_nlemmas = 0;
        memset(&lx->ov_text, 0, sizeof lx->ov_text);
        if (base->has_overlay) {
            /* extending an extension would need its overlay copied */
            free(lx);
            gbuf_free(&c.text);
            free(c.t);
            grille_fail(err, GRILLE_EUSAGE, path, 0, 0, 0, "a lexicon can take one supplement only");
            return NULL;
        }
    }
    lx->has_overlay = 1;
    if (strmap_init(&lx->ov_forms) || strmap_init(&lx->ov_lemmas)) goto nomem;
    if (gbuf_append(&lx->ov_text, c.text.data ? c.text.data : "", c.text.len)) goto nomem;
    size_t capf = 0, cape = 0, capl = 0;
    for (size_t i = 0; i < c.n; i++) {
        const char *form = c.text.data + c.t[i].form, *lemma = c.text.data + c.t[i].lemma;
        size_t fl = strlen(form), ll = strlen(lemma);
        long lid = lexicon_find_lemma(lx, lemma, ll);
        if (lid < 0) {
            int *v = strmap_put(&lx->ov_lemmas, lemma, ll, NULL);
            if (!v || GROW(lx->ov_lemma_str, lx->ov_nlemmas, capl)) goto nomem;
            *v = (int)lx->ov_nlemmas;
            lx->ov_lemma_str[lx->ov_nlemmas++] = c.t[i].lemma;
            lid = (long)lx->base_nlemmas + *v;
        }
        int created;
        int *slot = strmap_put(&lx->ov_forms, form, fl, &created);
        if (!slot) goto nomem;
        if (created) {
            if (GROW(lx->ov_formv, lx->ov_nforms, capf)) goto nomem;
            *slot = (int)lx->ov_nforms;
            lx->ov_formv[lx->ov_nforms++] = (ov_form){c.t[i].form, fl, 0, 0};
        }
        /* entries are grouped per form afterwards: count them first */
        if (GROW(lx->ov_entries, lx->ov_nentries, cape)) goto nomem;
        lx->ov_entries[lx->ov_nentries++] = (lex_entry){(uint32_t)lid, (uint32_t)*slot};
    }
    /* group: entries carry their form index in .pos for now */
    {
        lex_entry *grouped = malloc((lx->ov_nentries + 1) * sizeof *grouped);
        unsigned *posv = malloc((lx->ov_nentries + 1) * sizeof *posv);
        if (!grouped || !posv) {
            free(grouped);
            free(posv);
            goto nomem;
        }
        for (size_t i = 0; i < c.n; i++) posv[i] = c.t[i].pos;
        size_t k = 0;
        for (size_t f = 0; f < lx->ov_nforms; f++) {
            lx->ov_formv[f].first = k;
            for (size_t i = 0; i < lx->ov_nentries; i++)
                if (lx->ov_entries[i].pos == f) grouped[k++] = (lex_entry){lx->ov_entries[i].lemma, posv[i]};
            lx->ov_formv[f].count = k - lx->ov_formv[f].first;
        }
        free(posv);
        free(lx->ov_entries);
        lx->ov_entries = grouped;
    }
    gbuf_free(&c.text);
    free(c.t);
    return lx;
nomem:
    gbuf_free(&c.text);
    free(c.t);
    grille_lexicon_free(lx);
    grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
    return NULL;
}

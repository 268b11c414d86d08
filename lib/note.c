/* note.c - synthesis notes: for each theme, what a researcher starts a
 * synthesis note from (its counts, its spread over groups of documents,
 * the most representative verbatims, the themes it goes with), as
 * Markdown or as one self-contained HTML page that opens on a heat map of
 * the theme x document matrix.
 *
 * Verbatims follow a rule a reader can check by hand.  The candidates of
 * a theme are the units coded with it or one of its sub-themes; they are
 * ranked by the number of distinct rules supporting them (several rules
 * agreeing on a unit is the strongest evidence the coding has), then by
 * their rule matches, then by corpus order (document, then position).  A
 * first pass takes at most one unit per document, so that the quotes come
 * from different interviews; a second pass fills the remaining places in
 * rank order. */
#include "codebook_view.h"
#include "strmap.h"
#include "document.h"
#include "utf8.h"
#include "output.h"
#include "theme_color.h"
#include "lang.h"
#include <math.h>
#include <stdio.h>
#include <unicode/ucol.h>

/* Longer units are cut at a word boundary and end with " […]": a turn
 * unit can run to pages, and a note quotes. */
#define QUOTE_MAX_CP 600
/* Heat map labels longer than this are cut with "…" (the tooltip keeps
 * them whole). */
#define ROW_LABEL_MAX_CP 56
#define COL_LABEL_MAX_CP 40

/* A verbatim a theme may still quote, rendered as its document was added
 * (the document is gone by the time the note is written). */
typedef struct kept {
    size_t doc;        /* its document, numbered in the order added */
    size_t rules;      /* distinct rules supporting it for the theme */
    size_t hits;       /* their matches */
    unsigned line;     /* its first line */
    char *quote;       /* its text, each match between QUOTE_OPEN and QUOTE_CLOSE */
    char *attribution; /* "Entretien individuel 3, C, coordinatrice" */
} kept;

/* Verbatims of one theme, strongest first (corpus order on ties), at most
 * o.quotes of them. */
typedef struct shelf {
    kept *v;
    size_t n, cap;
} shelf;

/* A quotable unit of the document being added, for one theme. */
typedef struct cand {
    size_t seg;   /* its first segment in the coding */
    size_t rules; /* distinct rules supporting it for the theme */
    size_t hits;  /* their matches */
} cand;

/* What the note keeps of a document: no text, no coding. */
typedef struct doc_info {
    char *id;
    char *title;  /* its titre; NULL when it has none (or an empty one) */
    size_t group; /* its group, numbered in the order groups were first seen */
    size_t units; /* its units of coded speech */
} doc_info;

/* A note grows a document at a time and keeps counts, small metadata and
 * the verbatims that can still be picked.  Per theme: each document's
 * strongest unit, for the o.quotes documents whose strongest unit ranks
 * highest (all the first pass of the pick can take); and, while fewer
 * documents than o.quotes have a quotable unit, the o.quotes strongest
 * of the other units (all the second pass can take: it runs only then,
 * when every document's strongest unit is already taken). */
struct grille_note {
    const grille_codebook *cb;
    grille_note_options o; /* by_variable and title point at copies */
    char *by, *title;
    size_t nt;      /* themes */
    size_t n;       /* documents added */
    doc_info *info; /* per document */
    size_t capinfo;
    size_t *cells; /* n x nt, a row per document: units coded with the theme or below */
    size_t capcells;
    size_t *units;   /* per theme, all documents */
    size_t *primary; /* per theme: units whose primary theme it (or a sub-theme) is */
    size_t *docs;    /* per theme: documents with a coded unit */
    shelf *best;     /* per theme: each document's strongest quotable unit, the o.quotes strongest */
    shelf *rest;     /* per theme: the other quotable units, the o.quotes strongest */
    char **groups;   /* the groups' names, in the order first seen */
    size_t ngroups, capgroups;
    grille_cooc *cooc;
    size_t speech_units; /* units in coded speech, all documents */
    size_t max_cell;
    int failed; /* an add failed: the note lacks part of a document */
    /* scratch, for one document */
    unsigned char *mark; /* per theme */
    size_t *touched;     /* per theme */
    const char **ids;    /* rule ids of a unit */
    size_t capids;
    cand **cands; /* per theme: the document's quotable units, in corpus order */
    size_t *ncands, *capcands;
};

/* What the writers read: the note, its groups in French order and the
 * heat map's columns. */
typedef struct note {
    const grille_codebook *cb;
    const grille_note *src;
    size_t n, nt;
    grille_note_options o;
    const size_t *units, *primary, *docs;
    size_t ngroups;
    const char **group_name;  /* per group, in order */
    size_t *group_of;         /* per document: its group */
    size_t *group_docs;       /* per group: its documents */
    size_t *group_units;      /* per group: its units of coded speech */
    size_t *group_cells;      /* nt x ngroups: units coded with the theme or below */
    size_t *group_theme_docs; /* nt x ngroups: documents with the theme */
    size_t *columns;          /* heat map: documents by group, then corpus order */
    const grille_cooc *cooc;
    size_t speech_units;
    size_t max_cell;
    int short_names; /* heat map: documents named by their file names */
} note;

/* Theme t's coded units in document d. */
static size_t cell(const note *nt, size_t t, size_t d) { return nt->src->cells[d * nt->nt + t]; }

/* Whether theme t is a or lies under it. */
static int within(const grille_codebook *cb, int t, int a) {
    for (; t >= 0; t = codebook_theme_parent(cb, t))
        if (t == a) return 1;
    return 0;
}

static const char *group_name(const grille_document *doc, const char *by) {
    const char *v = grille_document_variable_lookup(doc, by);
    return v ? v : "(none)";
}

/* Whether a unit reads as speech a note can quote: enough words, and not
 * an item of a list (a dash, a bullet or an item number first, a colon
 * last), which bullet-pointed documents are full of. */
static int quotable(const grille_coding *c, size_t seg, size_t min_words) {
    const grille_segment *s = grille_coding_segment_get(c, seg);
    const char *t = grille_document_text(grille_coding_document(c)) + s->span.byte_start;
    size_t n = s->span.byte_end - s->span.byte_start, words = 0;
    while (n && (*t == ' ' || *t == '\t')) t++, n--;
    while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r' || t[n - 1] == '\n')) n--;
    if (!n) return 0;
    static const char *const bullets[] = {
        "-", "*", "\xE2\x80\x93", "\xE2\x80\x94", "\xE2\x80\xA2", "\xC2\xB7", "\xE2\x96\xAA", NULL};
    for (size_t i = 0; bullets[i]; i++)
        if (n >= strlen(bullets[i]) && memcmp(t, bullets[i], strlen(bullets[i])) == 0) return 0;
    size_t d = 0;
    while (d < n && d < 3 && t[d] >= '0' && t[d] <= '9') d++;
    if (d && d < n && (t[d] == ')' || t[d] == '.') && d + 1 < n && t[d + 1] == ' ') return 0;
    if (n >= 2 && t[0] >= 'a' && t[0] <= 'z' && t[1] == ')') return 0;
    if (t[n - 1] == ':') return 0;
    int in_word = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char ch = (unsigned char)t[i];
        int letter = ch >= 0x80 || (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9');
        if (letter && !in_word) words++;
        in_word = letter || (in_word && (ch == '\'' || ch == '-'));
    }
    return words >= min_words;
}

/* The verbatims of theme t, best first, into pick (room for its shelves):
 * the strongest unit of each document, the strongest documents first,
 * then, when fewer documents have one than o.quotes, the strongest of the
 * other units (the shelves hold exactly those candidates, in rank
 * order). */
static size_t pick_quotes(const note *nt, size_t t, const kept **pick) {
    size_t want = nt->o.quotes, np = 0;
    const shelf *best = &nt->src->best[t], *rest = &nt->src->rest[t];
    for (size_t i = 0; i < best->n && np < want; i++) pick[np++] = &best->v[i];
    for (size_t i = 0; i < rest->n && np < want; i++) pick[np++] = &rest->v[i];
    return np;
}

/* The co-occurring themes of t, most shared units first (codebook order
 * on ties), leaving out t's ancestors and sub-themes, which share every
 * unit by construction of the roll-up. */
static size_t pick_cooc(const note *nt, size_t t, size_t *pick) {
    size_t np = 0;
    while (np < nt->o.cooccurring) {
        size_t best = 0, best_count = 0;
        for (size_t u = 0; u < nt->nt; u++) {
            if (u == t || within(nt->cb, (int)t, (int)u) || within(nt->cb, (int)u, (int)t)) continue;
            size_t c = grille_cooc_cell(nt->cooc, t, u), x = 0;
            while (x < np && pick[x] != u) x++;
            if (x == np && c > best_count) {
                best = u;
                best_count = c;
            }
        }
        if (!best_count) break;
        pick[np++] = best;
    }
    return np;
}

/* ------------------------------------------------------------------ */
/* text                                                                */

/* Whether two labels are the same word, ignoring the case of Latin
 * letters: "Coordinatrice" and the role "coordinatrice". */
static int same_folded(const char *a, const char *b) {
    size_t n = strlen(a);
    if (n != strlen(b)) return 0;
    char *x = malloc(n + 1), *y = malloc(n + 1);
    int same = 0;
    if (x && y) {
        utf8_lower_latin(a, n, x);
        utf8_lower_latin(b, n, y);
        same = memcmp(x, y, n) == 0;
    }
    free(x);
    free(y);
    return same;
}

static int ascii_caseeq(const char *a, const char *b) {
    for (; *a && *b; a++, b++) {
        char x = *a, y = *b;
        if (x >= 'A' && x <= 'Z') x = (char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z') y = (char)(y - 'A' + 'a');
        if (x != y) return 0;
    }
    return *a == *b;
}

static int has_title(const grille_document *doc) {
    const char *title = grille_document_variable_lookup(doc, "titre");
    return title && *title;
}

/* "Entretien individuel 3, Coordinatrice": the document's titre (else
 * its id), the speaker's label, and the `role` variable when the speaker
 * is the respondent of an individual interview (type EI) and the label
 * does not already say it. */
static int attribution(gbuf *b, const grille_document *doc, const grille_segment *s) {
    const char *title = has_title(doc) ? grille_document_variable_lookup(doc, "titre") : grille_document_id(doc);
    int rc = gbuf_append(b, title, strlen(title));
    if (s->speaker && *s->speaker) {
        rc |= gbuf_append(b, ", ", 2);
        rc |= gbuf_append(b, s->speaker, strlen(s->speaker));
    }
    const char *type = grille_document_variable_lookup(doc, "type"),
               *role = grille_document_variable_lookup(doc, "role");
    if (type && ascii_caseeq(type, "EI") && role && *role && !grille_document_turn_is_interviewer(doc, s->turn) &&
        !(s->speaker && same_folded(s->speaker, role))) {
        rc |= gbuf_append(b, ", ", 2);
        rc |= gbuf_append(b, role, strlen(role));
    }
    return rc ? GRILLE_ENOMEM : GRILLE_OK;
}

/* The matched words marked: QUOTE_OPEN and QUOTE_CLOSE around each
 * match of theme t (or its sub-themes) in the unit, which the writers
 * turn into ** or <mark>; with context, the sentences of the same turn
 * before and after (sentence units), unmarked. */
#define QUOTE_OPEN '\x01'
#define QUOTE_CLOSE '\x02'

typedef struct span2 {
    size_t b0, b1;
} span2;

static int by_start(const void *a, const void *b, void *ctx) {
    (void)ctx;
    const span2 *x = a, *y = b;
    return (x->b0 > y->b0) - (x->b0 < y->b0);
}

static int quote_marked(gbuf *b, const grille_codebook *cb, const grille_coding *c, size_t seg, size_t t,
                        size_t context) {
    const grille_document *doc = grille_coding_document(c);
    const grille_segment *s = grille_coding_segment_get(c, seg);
    const char *text = grille_document_text(doc);
    size_t from = s->span.byte_start, to = s->span.byte_end;
    if (context && s->unit_kind == GRILLE_UNIT_SENTENCE) {
        size_t u = s->unit_index;
        for (size_t j = 1; j <= context && u >= j && doc->sents[u - j].turn == s->turn; j++)
            from = doc->sents[u - j].span.b0;
        for (size_t j = 1; j <= context && u + j < doc->nsents && doc->sents[u + j].turn == s->turn; j++)
            to = doc->sents[u + j].span.b1;
    }
    /* the matches, in text order, overlaps merged */
    span2 *m = NULL;
    size_t nm = 0, cap = 0;
    for (size_t i = seg;
         i < grille_coding_segment_count(c) && grille_coding_segment_get(c, i)->unit_index == s->unit_index; i++) {
        const grille_segment *g = grille_coding_segment_get(c, i);
        if (!within(cb, g->theme, (int)t)) continue;
        for (size_t h = 0; h < g->hit_count; h++) {
            if (g->hits[h].flags & GRILLE_HIT_CONTEXT) continue; /* outside the verbatim */
            if (GROW(m, nm, cap)) {
                free(m);
                return GRILLE_ENOMEM;
            }
            m[nm++] = (span2){g->hits[h].span.byte_start, g->hits[h].span.byte_end};
        }
    }
    if (grille_sort(m, nm, sizeof *m, by_start, NULL)) {
        free(m);
        return GRILLE_ENOMEM;
    }
    size_t w = 0;
    for (size_t i = 0; i < nm; i++) {
        if (w && m[i].b0 <= m[w - 1].b1) {
            if (m[i].b1 > m[w - 1].b1) m[w - 1].b1 = m[i].b1;
        } else m[w++] = m[i];
    }
    nm = w;
    size_t cps = 0, last_space = 0, next = 0, limit = QUOTE_MAX_CP * (1 + 2 * context);
    int open = 0, cut = 0, rc = GRILLE_OK;
    for (size_t i = from; i < to && rc == GRILLE_OK; i++) {
        if (open && i == m[next].b1) {
            rc = gbuf_putc(b, QUOTE_CLOSE);
            open = 0;
            next++;
        }
        if (!open && next < nm && i == m[next].b0) {
            rc |= gbuf_putc(b, QUOTE_OPEN);
            open = 1;
        }
        char ch = text[i];
        if ((unsigned char)ch < 0x20) ch = ' ';
        if (ch == ' ' && (!b->len || b->data[b->len - 1] == ' ')) continue;
        if (((unsigned char)ch & 0xC0) != 0x80) {
            if (cps == limit) {
                cut = 1;
                break;
            }
            cps++;
        }
        if (ch == ' ' && !open) last_space = b->len;
        rc |= gbuf_putc(b, ch);
    }
    if (open && !cut) rc |= gbuf_putc(b, QUOTE_CLOSE), open = 0;
    if (cut && last_space) b->len = last_space, open = 0;
    else if (open) rc |= gbuf_putc(b, QUOTE_CLOSE);
    while (b->len && b->data[b->len - 1] == ' ') b->len--;
    if (cut) rc |= gbuf_append(b, " […]", strlen(" […]"));
    rc |= gbuf_putc(b, '\0');
    if (!rc) b->len--;
    free(m);
    return rc ? GRILLE_ENOMEM : GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* a note, a document at a time                                        */

static void shelf_free(shelf *s) {
    for (size_t i = 0; i < s->n; i++) {
        free(s->v[i].quote);
        free(s->v[i].attribution);
    }
    free(s->v);
    memset(s, 0, sizeof *s);
}

void grille_note_free(grille_note *nt) {
    if (!nt) return;
    for (size_t d = 0; d < nt->n; d++) {
        free(nt->info[d].id);
        free(nt->info[d].title);
    }
    free(nt->info);
    for (size_t t = 0; t < nt->nt; t++) {
        if (nt->best) shelf_free(&nt->best[t]);
        if (nt->rest) shelf_free(&nt->rest[t]);
        if (nt->cands) free(nt->cands[t]);
    }
    free(nt->best);
    free(nt->rest);
    free(nt->cands);
    free(nt->ncands);
    free(nt->capcands);
    for (size_t g = 0; g < nt->ngroups; g++) free(nt->groups[g]);
    free(nt->groups);
    free(nt->cells);
    free(nt->units);
    free(nt->primary);
    free(nt->docs);
    grille_cooc_free(nt->cooc);
    free(nt->mark);
    free(nt->touched);
    free(nt->ids);
    free(nt->by);
    free(nt->title);
    free(nt);
}

static grille_note *note_new(const grille_codebook *cb, const grille_note_options *opts, grille_error *err, int *rc) {
    static const grille_note_options defaults = GRILLE_NOTE_OPTIONS_INIT;
    grille_note_options o;
    if (!cb) {
        *rc = grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no codebook or codings");
        return NULL;
    }
    if ((*rc = GRILLE_OPTIONS_COPY(grille_note_options, GRILLE_NOTE_OPTIONS_INIT, by_variable, o, opts, err)))
        return NULL;
    if (!o.by_variable || !*o.by_variable) o.by_variable = defaults.by_variable;
    grille_note *nt = calloc(1, sizeof *nt);
    if (!nt) goto nomem;
    size_t T = codebook_theme_count(cb);
    nt->cb = cb;
    nt->nt = T;
    nt->o = o;
    /* the caller's strings are not kept */
    nt->by = grille_strdup(o.by_variable);
    nt->title = o.title ? grille_strdup(o.title) : NULL;
    nt->o.by_variable = nt->by;
    nt->o.title = nt->title;
    nt->units = calloc(T + 1, sizeof *nt->units);
    nt->primary = calloc(T + 1, sizeof *nt->primary);
    nt->docs = calloc(T + 1, sizeof *nt->docs);
    nt->best = calloc(T + 1, sizeof *nt->best);
    nt->rest = calloc(T + 1, sizeof *nt->rest);
    nt->cands = calloc(T + 1, sizeof *nt->cands);
    nt->ncands = calloc(T + 1, sizeof *nt->ncands);
    nt->capcands = calloc(T + 1, sizeof *nt->capcands);
    nt->mark = calloc(T + 1, 1);
    nt->touched = calloc(T + 1, sizeof *nt->touched);
    if (!nt->by || (o.title && !nt->title) || !nt->units || !nt->primary || !nt->docs || !nt->best || !nt->rest ||
        !nt->cands || !nt->ncands || !nt->capcands || !nt->mark || !nt->touched)
        goto nomem;
    if (!(nt->cooc = grille_cooc_new(cb, NULL, 0, 0, 0, err))) {
        *rc = err ? err->code : GRILLE_ENOMEM;
        grille_note_free(nt);
        return NULL;
    }
    return nt;
nomem:
    grille_note_free(nt);
    *rc = grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

grille_note *grille_note_new(const grille_codebook *cb, const grille_note_options *opts, grille_error *err) {
    int rc;
    grille_error_clear(err);
    return note_new(cb, opts, err, &rc);
}

/* The distinct rules and matches of theme t (or its sub-themes) in the
 * unit made of segments [i, j) of c. */
static int strength(grille_note *nt, const grille_coding *c, size_t t, size_t i, size_t j, cand *k) {
    size_t nids = 0;
    k->seg = i;
    k->rules = k->hits = 0;
    for (size_t s = i; s < j; s++) {
        const grille_segment *seg = grille_coding_segment_get(c, s);
        if (!within(nt->cb, seg->theme, (int)t)) continue;
        k->hits += seg->hit_count;
        for (size_t h = 0; h < seg->hit_count; h++) {
            const char *id = seg->hits[h].rule_id;
            size_t x = 0;
            while (x < nids && strcmp(nt->ids[x], id) != 0) x++;
            if (x < nids) continue;
            if (GROW(nt->ids, nids, nt->capids)) return GRILLE_ENOMEM;
            nt->ids[nids++] = id;
        }
    }
    k->rules = nids;
    return GRILLE_OK;
}

/* Whether x ranks below a unit of rules and hits (ties: x, earlier in
 * the corpus, ranks first). */
static int weaker(const kept *x, size_t rules, size_t hits) {
    return x->rules < rules || (x->rules == rules && x->hits < hits);
}

/* Puts unit k of c (document nt->n - 1) on the shelf s of theme t, in
 * rank order, if it is among the o.quotes strongest: rendered now, while
 * its document is here. */
static int shelve(grille_note *nt, shelf *s, const grille_coding *c, size_t t, const cand *k) {
    size_t pos = s->n;
    while (pos && weaker(&s->v[pos - 1], k->rules, k->hits)) pos--;
    if (pos >= nt->o.quotes) return GRILLE_OK;
    const grille_segment *seg = grille_coding_segment_get(c, k->seg);
    kept e = {nt->n - 1, k->rules, k->hits, seg->span.line, NULL, NULL};
    gbuf q = {0}, a = {0};
    int rc = quote_marked(&q, nt->cb, c, k->seg, t, nt->o.context);
    rc |= attribution(&a, grille_coding_document(c), seg);
    rc |= gbuf_putc(&a, '\0');
    if (rc || GROW(s->v, s->n, s->cap)) {
        gbuf_free(&q);
        gbuf_free(&a);
        return GRILLE_ENOMEM;
    }
    e.quote = q.data;
    e.attribution = a.data;
    if (s->n == nt->o.quotes) {
        /* the weakest goes */
        s->n--;
        free(s->v[s->n].quote);
        free(s->v[s->n].attribution);
    }
    memmove(&s->v[pos + 1], &s->v[pos], (s->n - pos) * sizeof *s->v);
    s->v[pos] = e;
    s->n++;
    return GRILLE_OK;
}

static int add_document(grille_note *nt, const grille_coding *c) {
    const grille_codebook *cb = nt->cb;
    const grille_document *doc = grille_coding_document(c);
    size_t T = nt->nt, d = nt->n;
    if (GROW(nt->info, d, nt->capinfo) ||
        grille_grow((void **)&nt->cells, &nt->capcells, (d + 1) * T + 1, sizeof *nt->cells))
        return GRILLE_ENOMEM;
    size_t *row = nt->cells + d * T;
    memset(row, 0, T * sizeof *row);
    doc_info *di = &nt->info[d];
    memset(di, 0, sizeof *di);
    nt->n++; /* (freed with the note from here on) */
    const char *title = grille_document_variable_lookup(doc, "titre"), *group = group_name(doc, nt->by);
    if (!(di->id = grille_strdup(grille_document_id(doc)))) return GRILLE_ENOMEM;
    if (title && *title && !(di->title = grille_strdup(title))) return GRILLE_ENOMEM;
    while (di->group < nt->ngroups && strcmp(nt->groups[di->group], group) != 0) di->group++;
    if (di->group == nt->ngroups) {
        if (GROW(nt->groups, nt->ngroups, nt->capgroups) || !(nt->groups[nt->ngroups] = grille_strdup(group)))
            return GRILLE_ENOMEM;
        nt->ngroups++;
    }
    int rc = grille_cooc_add(nt->cooc, c, NULL);
    if (rc) return rc;
    di->units = grille_coding_unit_count(c);
    nt->speech_units += di->units;
    for (size_t t = 0; t < T; t++) nt->ncands[t] = 0;
    size_t count = grille_coding_segment_count(c);
    for (size_t i = 0; i < count;) {
        /* segments of one unit are adjacent */
        size_t unit = grille_coding_segment_get(c, i)->unit_index, j = i, ntouched = 0;
        for (; j < count && grille_coding_segment_get(c, j)->unit_index == unit; j++)
            for (int t = grille_coding_segment_get(c, j)->theme; t >= 0; t = codebook_theme_parent(cb, t)) {
                nt->primary[t] += (size_t)((grille_coding_segment_get(c, j)->flags & GRILLE_SEGMENT_PRIMARY) != 0);
                if (!nt->mark[t]) {
                    nt->mark[t] = 1;
                    nt->touched[ntouched++] = (size_t)t;
                }
            }
        int quote = -1; /* whether the unit can be quoted, once known */
        for (size_t x = 0; x < ntouched; x++) {
            size_t t = nt->touched[x];
            nt->mark[t] = 0;
            if (row[t]++ == 0) nt->docs[t]++;
            if (row[t] > nt->max_cell) nt->max_cell = row[t];
            nt->units[t]++;
            if (!nt->o.quotes) continue;
            if (quote < 0) quote = quotable(c, i, nt->o.min_words);
            if (!quote) continue;
            if (GROW(nt->cands[t], nt->ncands[t], nt->capcands[t])) rc = GRILLE_ENOMEM;
            else rc = strength(nt, c, t, i, j, &nt->cands[t][nt->ncands[t]++]);
            if (rc) {
                while (++x < ntouched) nt->mark[nt->touched[x]] = 0;
                return rc;
            }
        }
        i = j;
    }
    /* the document's strongest unit of each theme competes with the
     * other documents'; its other units matter only while fewer
     * documents than o.quotes have one */
    for (size_t t = 0; t < T; t++) {
        const cand *ks = nt->cands[t];
        size_t m = nt->ncands[t], b = 0;
        if (!m) continue;
        for (size_t x = 1; x < m; x++)
            if (ks[x].rules > ks[b].rules || (ks[x].rules == ks[b].rules && ks[x].hits > ks[b].hits)) b = x;
        if ((rc = shelve(nt, &nt->best[t], c, t, &ks[b]))) return rc;
        if (nt->best[t].n >= nt->o.quotes) {
            shelf_free(&nt->rest[t]);
            continue;
        }
        for (size_t x = 0; x < m; x++)
            if (x != b && (rc = shelve(nt, &nt->rest[t], c, t, &ks[x]))) return rc;
    }
    return GRILLE_OK;
}

int grille_note_add(grille_note *nt, const grille_coding *coding, grille_error *err) {
    grille_error_clear(err);
    if (!nt || !coding) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no note or coding");
    if (nt->failed)
        return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "the note is incomplete: adding a document failed");
    int rc = add_document(nt, coding);
    if (rc) {
        nt->failed = 1;
        return grille_fail(err, rc, "", 0, 0, 0, "out of memory");
    }
    return GRILLE_OK;
}

static size_t cp_count(const char *s) {
    size_t n = 0;
    for (; *s; s++) n += ((unsigned char)*s & 0xC0) != 0x80;
    return n;
}

/* Markdown: backslash before the characters that would start emphasis,
 * code, links, HTML or entities, or end a table cell. */
static void md_text(FILE *out, const char *s) {
    for (; *s; s++) {
        char c = *s;
        if ((unsigned char)c < 0x20) c = ' ';
        if (strchr("\\`*_[]<>|&#", c)) fputc('\\', out);
        fputc(c, out);
    }
}

/* HTML text and attribute values alike. */
static void html_n(FILE *out, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        switch (c) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        case '\'': fputs("&#39;", out); break;
        default: fputc(c < 0x20 ? ' ' : (int)c, out);
        }
    }
}

static void html(FILE *out, const char *s) { html_n(out, s, strlen(s)); }

/* A marked quote (quote_marked) in HTML and Markdown. */
static void html_quote(FILE *out, const char *s) {
    for (const char *p = s; *p; p++) {
        if (*p == QUOTE_OPEN) fputs("<mark>", out);
        else if (*p == QUOTE_CLOSE) fputs("</mark>", out);
        else html_n(out, p, 1);
    }
}

static void md_quote(FILE *out, const char *s) {
    char one[2] = {0, 0};
    for (const char *p = s; *p; p++) {
        if (*p == QUOTE_OPEN || *p == QUOTE_CLOSE) fputs("**", out);
        else {
            one[0] = *p;
            md_text(out, one);
        }
    }
}

/* s cut after max code points with "…". */
static void html_cut(FILE *out, const char *s, size_t max) {
    size_t cps = 0, i = 0;
    for (; s[i]; i++)
        if (((unsigned char)s[i] & 0xC0) != 0x80 && cps++ == max) break;
    html_n(out, s, i);
    if (s[i]) fputs("…", out);
}

/* The report's language, and a share in it ("12.5", "12,5"). */
#define LANG(nt) ((nt)->o.language)
static void put_share(FILE *out, const note *nt, double v) { grille_put_decimal(out, LANG(nt), v, 1); }

static const char *unit_kind(const note *nt) { return grille_unit_words(LANG(nt), grille_codebook_unit(nt->cb)); }

/* Where a verbatim comes from and why it was chosen: "(doc, line 12;
 * 3 rules, 4 matches)", the document id given only when a title stands
 * in the attribution.  esc escapes for Markdown or HTML. */
static void locator(FILE *out, grille_language lang, void (*esc)(FILE *, const char *), const doc_info *di,
                    const kept *k) {
    if (di->title) {
        esc(out, di->id);
        fputs(", ", out);
    }
    fprintf(out, T(lang, "line %u; "), k->line);
    fprintf(out, TN(lang, "%zu rule", "%zu rules", k->rules), k->rules);
    fputs(", ", out);
    fprintf(out, TN(lang, "%zu match", "%zu matches", k->hits), k->hits);
}

static double share(size_t part, size_t whole) { return whole ? 100.0 * (double)part / (double)whole : 0; }

static const grille_theme_info *theme(const note *nt, size_t t, grille_theme_info *ti) {
    grille_codebook_theme_get(nt->cb, t, ti);
    return ti;
}

/* ------------------------------------------------------------------ */
/* colours                                                             */

static void put_rgb(FILE *out, const int rgb[3]) { fprintf(out, "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]); }

/* A cell's fill: white blended towards the theme's colour, on a log
 * scale so that a cell of 1 stays visible next to a cell of 100. */
static double intensity(size_t count, size_t max) {
    if (!count || !max) return 0;
    return 0.16 + 0.84 * log1p((double)count) / log1p((double)max);
}

/* ------------------------------------------------------------------ */
/* Markdown                                                            */

static void md_groups_header(FILE *out, const note *nt) {
    for (size_t g = 0; g < nt->ngroups; g++) {
        fputs(" | ", out);
        md_text(out, nt->group_name[g]);
    }
}

static void md_quotes(FILE *out, const note *nt, size_t t, const kept **pick) {
    if (!nt->o.quotes) return;
    size_t np = pick_quotes(nt, t, pick);
    fprintf(out, "**%s**\n\n", T(LANG(nt), "Verbatims"));
    if (!np) fprintf(out, "%s\n\n", T(LANG(nt), "No coded unit."));
    for (size_t q = 0; q < np; q++) {
        const kept *k = pick[q];
        fputs("> ", out);
        md_quote(out, k->quote ? k->quote : "");
        fputs("\n>\n> — ", out);
        md_text(out, k->attribution ? k->attribution : "");
        fputs(" (", out);
        locator(out, LANG(nt), md_text, &nt->src->info[k->doc], k);
        fputs(")\n\n", out);
    }
}

static void md_cooc(FILE *out, const note *nt, size_t t, size_t *pick) {
    if (!nt->o.cooccurring) return;
    size_t np = pick_cooc(nt, t, pick);
    fprintf(out, "**%s** %s\n\n", T(LANG(nt), "Co-occurring themes"), T(LANG(nt), "(units coded with both)"));
    if (!np) {
        fprintf(out, "%s\n\n", T(LANG(nt), "No other theme shares a unit with it."));
        return;
    }
    fprintf(out, "| %s | %s | %s | %s |\n|---|---|---:|---:|\n", T(LANG(nt), "theme"), T(LANG(nt), "label"),
            T(LANG(nt), "shared units"),
            /* xgettext:no-c-format */
            T(LANG(nt), "% of its units"));
    grille_theme_info ti;
    for (size_t i = 0; i < np; i++) {
        size_t c = grille_cooc_cell(nt->cooc, t, pick[i]);
        theme(nt, pick[i], &ti);
        fputs("| ", out);
        md_text(out, ti.id);
        fputs(" | ", out);
        md_text(out, ti.label);
        fprintf(out, " | %zu | ", c);
        put_share(out, nt, share(c, nt->units[t]));
        fputs(" |\n", out);
    }
    fputc('\n', out);
}

/* "3 documents of 8 · 12 coded units (4.1% of the units of coded speech),
 * 5 as their primary theme", the numbers in b0..b1 (<strong> in HTML). */
static void counts(FILE *out, const note *nt, size_t t, const char *b0, const char *b1) {
    grille_language L = LANG(nt);
    char pct[64];
    grille_decimal(pct, sizeof pct, L, share(nt->units[t], nt->speech_units), 1);
    fprintf(out, "%s%zu%s %s", b0, nt->docs[t], b1, TN(L, "document", "documents", nt->docs[t]));
    fprintf(out, T(L, " of %zu · "), nt->n);
    fprintf(out, "%s%zu%s %s", b0, nt->units[t], b1, TN(L, "coded unit", "coded units", nt->units[t]));
    fprintf(out,
            TN(L, " (%s%% of the units of coded speech), %zu as its primary theme",
               " (%s%% of the units of coded speech), %zu as their primary theme", nt->primary[t]),
            pct, nt->primary[t]);
}

/* " EC (2), EI (6)": the groups of documents and their sizes. */
static void group_list(FILE *out, void (*esc)(FILE *, const char *), const note *nt) {
    for (size_t g = 0; g < nt->ngroups; g++) {
        fputs(g ? ", " : " ", out);
        esc(out, nt->group_name[g]);
        fprintf(out, " (%zu)", nt->group_docs[g]);
    }
}

/* How verbatims and co-occurring themes are chosen, in the report's
 * words; marked: how the matched words are shown ("in bold", "marked"). */
static void method(FILE *out, const note *nt, const char *marked) {
    grille_language L = LANG(nt);
    fputs(T(L, "Verbatims: the units supported by the most distinct rules, then by the most rule matches, then the "
               "first in corpus order, one per document before a second from the same document"),
          out);
    fprintf(out, T(L, "; units of fewer than %zu words and list items are not quoted; the matched words are %s"),
            nt->o.min_words, marked);
    if (nt->o.context)
        fprintf(
            out,
            TN(L, ", with %zu sentence of the turn around", ", with %zu sentences of the turn around", nt->o.context),
            nt->o.context);
    fputs(".", out);
}

static void write_markdown(FILE *out, const note *nt, const kept **quotes, size_t *pick) {
    grille_language L = LANG(nt);
    const grille_codebook *cb = nt->cb;
    grille_theme_info ti;
    const char *title = nt->o.title ? nt->o.title : grille_codebook_title(cb);
    fprintf(out, "# %s", T(L, "Synthesis notes: "));
    md_text(out, title && *title ? title : grille_codebook_id(cb));
    fprintf(out, "\n\n%s `", T(L, "Codebook"));
    md_text(out, grille_codebook_id(cb));
    fputs("`, ", out);
    fprintf(out, TN(L, "%zu document", "%zu documents", nt->n), nt->n);
    fprintf(out, T(L, ", %zu %s units of coded speech; documents grouped by `"), nt->speech_units, unit_kind(nt));
    md_text(out, nt->o.by_variable);
    fprintf(out, "`%s", T(L, ":"));
    group_list(out, md_text, nt);
    fprintf(out, ".\n\n%s ", T(L, "A theme counts the units coded with it or with one of its sub-themes."));
    method(out, nt, T(L, "in bold"));
    fputs("\n\n", out);
    fprintf(out, "## %s\n\n| %s | %s | %s | %s", T(L, "Overview"), T(L, "theme"), T(L, "label"), T(L, "documents"),
            T(L, "coded units"));
    md_groups_header(out, nt);
    fputs(" |\n|---|---|---:|---:|", out);
    for (size_t g = 0; g < nt->ngroups; g++) fputs("---:|", out);
    fputc('\n', out);
    for (size_t t = 0; t < nt->nt; t++) {
        theme(nt, t, &ti);
        fputs("| ", out);
        for (int d = 0; d < ti.depth; d++) fputs("&nbsp;&nbsp;", out);
        md_text(out, ti.id);
        fputs(" | ", out);
        md_text(out, ti.label);
        fprintf(out, " | %zu | %zu", nt->docs[t], nt->units[t]);
        for (size_t g = 0; g < nt->ngroups; g++) fprintf(out, " | %zu", nt->group_cells[t * nt->ngroups + g]);
        fputs(" |\n", out);
    }
    fputc('\n', out);
    for (size_t t = 0; t < nt->nt; t++) {
        theme(nt, t, &ti);
        for (int h = 0; h < 2 + (ti.depth < 4 ? ti.depth : 4); h++) fputc('#', out);
        fputc(' ', out);
        md_text(out, ti.label);
        fputs("\n\n`", out);
        md_text(out, ti.id);
        fputs("` · ", out);
        counts(out, nt, t, "", "");
        fputs("\n\n", out);
        if (*ti.description) {
            md_text(out, ti.description);
            fputs("\n\n", out);
        }
        fputs("| ", out);
        md_text(out, nt->o.by_variable);
        fprintf(out, " | %s | %s | %s |\n|---|---:|---:|---:|\n", T(L, "documents"), T(L, "coded units"),
                /* xgettext:no-c-format */
                T(L, "% of the group's units"));
        for (size_t g = 0; g < nt->ngroups; g++) {
            size_t u = nt->group_cells[t * nt->ngroups + g];
            fputs("| ", out);
            md_text(out, nt->group_name[g]);
            fputs(" | ", out);
            fprintf(out, T(L, "%zu of %zu"), nt->group_theme_docs[t * nt->ngroups + g], nt->group_docs[g]);
            fprintf(out, " | %zu | ", u);
            put_share(out, nt, share(u, nt->group_units[g]));
            fputs(" |\n", out);
        }
        fputc('\n', out);
        md_quotes(out, nt, t, quotes);
        md_cooc(out, nt, t, pick);
    }
}

/* ------------------------------------------------------------------ */
/* HTML                                                                */

static const char css[] =
    ":root{--ink:#1d1d22;--muted:#66666e;--rule:#e3e3e8;--c:#555}\n"
    "*{box-sizing:border-box}\n"
    "body{margin:0;background:#fff;color:var(--ink);"
    "font:15px/1.55 \"DejaVu Sans\",system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif}\n"
    "main{max-width:1200px;margin:0 auto;padding:26px 32px 64px}\n"
    "h1{font-size:25px;margin:0 0 4px;line-height:1.25}\n"
    "h2{font-size:21px}h3{font-size:18px}h4,h5,h6{font-size:16px}\n"
    "h2,h3,h4,h5,h6{margin:0 0 6px;line-height:1.3}\n"
    ".summary,.method{color:var(--muted);margin:0 0 10px;max-width:95ch;font-size:14px}\n"
    "figure.heatmap{margin:16px 0 26px;padding:12px 14px;border:1px solid var(--rule);border-radius:8px;"
    "overflow-x:auto}\n"
    "figure.heatmap figcaption{color:var(--muted);font-size:13px;margin-top:4px}\n"
    "svg text{font-family:\"DejaVu Sans\",sans-serif}\n"
    "svg .row{font-size:12px;fill:#222}svg .row.top{font-weight:bold}\n"
    "svg a:hover .row{text-decoration:underline}\n"
    "svg .col{font-size:11px;fill:#333}\n"
    "svg .count{font-size:10.5px;text-anchor:middle}\n"
    "svg .total{font-size:11px;fill:#66666e;text-anchor:end}\n"
    "svg .group{font-size:12px;font-weight:bold;fill:#333;text-anchor:middle}\n"
    "svg .bracket{stroke:#888;stroke-width:1;fill:none}\n"
    "svg rect.cell:hover{stroke:#111;stroke-width:1.5}\n"
    "section.theme{border-left:4px solid var(--c);padding:2px 0 4px 16px;margin:30px 0}\n"
    "section.theme section.theme{margin:24px 0 0;border-left-width:3px}\n"
    ".swatch{display:inline-block;width:.8em;height:.8em;border-radius:2px;background:var(--c);"
    "margin-right:8px;vertical-align:baseline}\n"
    "code.id{font:12.5px \"DejaVu Sans Mono\",ui-monospace,monospace;color:var(--muted);background:#f3f3f6;"
    "padding:1px 6px;border-radius:4px;margin-left:8px;font-weight:normal;vertical-align:middle}\n"
    ".counts{margin:2px 0 6px}\n"
    ".description{color:#333;max-width:90ch;font-size:14px;margin:4px 0 8px}\n"
    ".part{font-weight:bold;font-size:14px;margin:12px 0 4px}\n"
    "table{border-collapse:collapse;font-size:13.5px;margin:4px 0 8px}\n"
    "th,td{padding:3px 12px 3px 0;border-bottom:1px solid var(--rule);text-align:left;vertical-align:middle}\n"
    "th{font-weight:600;color:#444}\n"
    ".num{text-align:right;font-variant-numeric:tabular-nums;padding-left:12px}\n"
    ".bar{display:inline-block;height:9px;background:var(--c);opacity:.7;border-radius:2px;"
    "margin-right:6px;vertical-align:middle}\n"
    "blockquote{margin:6px 0 8px;padding:8px 14px;background:#f7f7f9;border-left:3px solid var(--c);"
    "border-radius:0 6px 6px 0;max-width:95ch}\n"
    "blockquote p{margin:0}\n"
    "blockquote footer{color:var(--muted);font-size:13px;margin-top:3px}\n"
    ".none{color:var(--muted);font-style:italic;margin:2px 0 8px}\n";

static void svg_label(FILE *out, const char *cls, double x, double y, const char *text, size_t max) {
    fprintf(out, "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\">", cls, x, y);
    html_cut(out, text, max);
    fputs("</text>", out);
}

/* A column's label: the document id without its directories, when that
 * tells every document apart (the tooltip and data-document keep the
 * whole id). */
static const char *column_name(const doc_info *di, int short_names) {
    const char *id = di->id, *slash = strrchr(id, '/');
    return short_names && slash && slash[1] ? slash + 1 : id;
}

/* Whether the documents' file names (their ids without folders) are
 * unique, by a hash set, not pair by pair: a corpus of thousands of
 * documents has millions of pairs.  -1 out of memory. */
static int short_names_unique(const note *nt) {
    strmap seen;
    if (strmap_init(&seen)) return -1;
    int unique = 1;
    for (size_t d = 0; d < nt->n && unique; d++) {
        const char *name = column_name(&nt->src->info[d], 1);
        int created, *slot = strmap_put(&seen, name, strlen(name), &created);
        if (!slot) unique = -1;
        else unique = created;
    }
    strmap_free(&seen);
    return unique;
}

static void heatmap(FILE *out, const note *nt) {
    const grille_codebook *cb = nt->cb;
    const double cw = 32, ch = 17, gap = 2, indent = 14, char_w = 6.7, col_char_w = 6.4;
    const double sin50 = 0.766, cos50 = 0.643, total_w = 52;
    grille_theme_info ti;
    double label_w = 0;
    for (size_t t = 0; t < nt->nt; t++) {
        theme(nt, t, &ti);
        size_t n = cp_count(ti.label);
        double w = 4 + indent * ti.depth +
                   char_w * (ti.depth ? 1 : 1.12) * (double)(n < ROW_LABEL_MAX_CP ? n : ROW_LABEL_MAX_CP + 1);
        if (w > label_w) label_w = w;
    }
    label_w += 12;
    int short_names = nt->short_names;
    size_t longest = 5;
    for (size_t d = 0; d < nt->n; d++) {
        size_t n = cp_count(column_name(&nt->src->info[d], short_names));
        n = n < COL_LABEL_MAX_CP ? n : COL_LABEL_MAX_CP + 1;
        if (n > longest) longest = n;
    }
    double top = col_char_w * (double)longest * sin50 + 16;
    double grid_w = (cw + gap) * (double)nt->n, grid_h = (ch + gap) * (double)nt->nt;
    double overflow = col_char_w * (double)longest * cos50 - total_w;
    double width = label_w + grid_w + total_w + (overflow > 0 ? overflow : 0) + 8;
    double height = top + grid_h + (nt->ngroups ? 46 : 8);
    fprintf(out,
            "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\" width=\"%.0f\" height=\"%.0f\" "
            "viewBox=\"0 0 %.0f %.0f\" role=\"img\" aria-label=\"%s\">\n",
            width, height, width, height, T(LANG(nt), "Coded units per theme and document"));
    /* column labels, slanted, with the document's title as tooltip */
    for (size_t k = 0; k < nt->n; k++) {
        const doc_info *di = &nt->src->info[nt->columns[k]];
        double x = label_w + (cw + gap) * (double)k + cw / 2 + 3;
        fprintf(out, "<text class=\"col\" transform=\"translate(%.1f %.1f) rotate(-50)\"><title>", x, top - 6);
        html(out, di->id);
        if (di->title) {
            fputs(": ", out);
            html(out, di->title);
        }
        fputs("</title>", out);
        html_cut(out, column_name(di, short_names), COL_LABEL_MAX_CP);
        fputs("</text>\n", out);
    }
    fprintf(out, "<text class=\"total\" x=\"%.1f\" y=\"%.1f\">%s</text>\n", label_w + grid_w + total_w - 6, top - 6,
            T(LANG(nt), "total"));
    for (size_t t = 0; t < nt->nt; t++) {
        theme(nt, t, &ti);
        int rgb[3], fill[3];
        theme_color_rgb(cb, t, rgb);
        double y = top + (ch + gap) * (double)t;
        fputs("<a href=\"#theme-", out);
        html(out, ti.id);
        fputs("\"><title>", out);
        html(out, ti.label);
        fputs(" (", out);
        html(out, ti.id);
        fputs(")</title>", out);
        svg_label(out, ti.depth ? "row" : "row top", 4 + indent * ti.depth, y + ch - 5, ti.label, ROW_LABEL_MAX_CP);
        fputs("</a>\n", out);
        for (size_t k = 0; k < nt->n; k++) {
            size_t d = nt->columns[k], count = cell(nt, t, d);
            const char *id = nt->src->info[d].id;
            double a = intensity(count, nt->max_cell), x = label_w + (cw + gap) * (double)k;
            for (int i = 0; i < 3; i++) fill[i] = (int)lround(255 - (255 - rgb[i]) * a);
            if (!count) fill[0] = fill[1] = fill[2] = 0xf1;
            fputs("<rect class=\"cell\" data-theme=\"", out);
            html(out, ti.id);
            fputs("\" data-document=\"", out);
            html(out, id);
            fprintf(out, "\" data-count=\"%zu\" x=\"%.1f\" y=\"%.1f\" width=\"%.0f\" height=\"%.0f\" rx=\"2\" fill=\"",
                    count, x, y, cw, ch);
            put_rgb(out, fill);
            fputs("\"><title>", out);
            html(out, ti.label);
            fputs(" × ", out);
            html(out, id);
            fprintf(out, "%s %zu %s", T(LANG(nt), ":"), count, TN(LANG(nt), "coded unit", "coded units", count));
            fputs("</title></rect>", out);
            if (count) {
                double lum = (0.2126 * fill[0] + 0.7152 * fill[1] + 0.0722 * fill[2]) / 255;
                fprintf(out, "<text class=\"count\" x=\"%.1f\" y=\"%.1f\" fill=\"%s\">%zu</text>", x + cw / 2,
                        y + ch - 5, lum < 0.55 ? "#fff" : "#222", count);
            }
            fputc('\n', out);
        }
        fprintf(out, "<text class=\"total\" x=\"%.1f\" y=\"%.1f\">%zu</text>\n", label_w + grid_w + total_w - 6,
                y + ch - 5, nt->units[t]);
    }
    /* groups: a bracket under their columns */
    double y = top + grid_h + 6;
    for (size_t k = 0; k < nt->n;) {
        size_t g = nt->group_of[nt->columns[k]], e = k;
        while (e < nt->n && nt->group_of[nt->columns[e]] == g) e++;
        double x0 = label_w + (cw + gap) * (double)k + 2, x1 = label_w + (cw + gap) * (double)e - gap - 2;
        fprintf(out, "<path class=\"bracket\" d=\"M%.1f %.1f V%.1f H%.1f V%.1f\"/>", x0, y, y + 6, x1, y);
        fprintf(out, "<text class=\"group\" x=\"%.1f\" y=\"%.1f\">", (x0 + x1) / 2, y + 22);
        html(out, nt->group_name[g]);
        fprintf(out, "</text>\n");
        k = e;
    }
    fputs("</svg>\n", out);
}

static void html_quotes(FILE *out, const note *nt, size_t np, const kept **pick) {
    fprintf(out, "<p class=\"part\">%s</p>\n", T(LANG(nt), "Verbatims"));
    if (!np) fprintf(out, "<p class=\"none\">%s</p>\n", T(LANG(nt), "No coded unit."));
    for (size_t q = 0; q < np; q++) {
        const kept *k = pick[q];
        fputs("<blockquote lang=\"fr\"><p>", out);
        html_quote(out, k->quote ? k->quote : "");
        fputs("</p><footer>— ", out);
        html(out, k->attribution ? k->attribution : "");
        fputs(" <span class=\"where\">(", out);
        locator(out, LANG(nt), html, &nt->src->info[k->doc], k);
        fputs(")</span></footer></blockquote>\n", out);
    }
}

static void html_theme(FILE *out, const note *nt, size_t t, const kept **quotes, size_t *pick) {
    grille_theme_info ti, ci;
    theme(nt, t, &ti);
    int rgb[3], level = 2 + (ti.depth < 3 ? ti.depth : 3);
    theme_color_rgb(nt->cb, t, rgb);
    fputs("<section class=\"theme\" id=\"theme-", out);
    html(out, ti.id);
    fputs("\" style=\"--c:", out);
    put_rgb(out, rgb);
    fprintf(out, "\">\n<h%d><span class=\"swatch\"></span>", level);
    html(out, ti.label);
    fputs("<code class=\"id\">", out);
    html(out, ti.id);
    fprintf(out, "</code></h%d>\n<p class=\"counts\">", level);
    counts(out, nt, t, "<strong>", "</strong>");
    fputs("</p>\n", out);
    if (*ti.description) {
        fputs("<p class=\"description\">", out);
        html(out, ti.description);
        fputs("</p>\n", out);
    }
    double best = 0;
    for (size_t g = 0; g < nt->ngroups; g++) {
        double v = share(nt->group_cells[t * nt->ngroups + g], nt->group_units[g]);
        if (v > best) best = v;
    }
    fputs("<table class=\"groups\"><thead><tr><th>", out);
    html(out, nt->o.by_variable);
    fprintf(out, "</th><th class=\"num\">%s</th><th class=\"num\">%s</th><th>%s</th></tr></thead><tbody>\n",
            /* xgettext:no-c-format */
            T(LANG(nt), "documents"), T(LANG(nt), "coded units"), T(LANG(nt), "% of the group's units"));
    for (size_t g = 0; g < nt->ngroups; g++) {
        size_t u = nt->group_cells[t * nt->ngroups + g];
        double v = share(u, nt->group_units[g]);
        fputs("<tr><td>", out);
        html(out, nt->group_name[g]);
        fputs("</td><td class=\"num\">", out);
        fprintf(out, T(LANG(nt), "%zu of %zu"), nt->group_theme_docs[t * nt->ngroups + g], nt->group_docs[g]);
        fprintf(out, "</td><td class=\"num\">%zu</td><td><span class=\"bar\" style=\"width:%.0fpx\"></span>", u,
                best > 0 ? 120 * v / best : 0);
        put_share(out, nt, v);
        fputs("</td></tr>\n", out);
    }
    fputs("</tbody></table>\n", out);
    if (nt->o.quotes) html_quotes(out, nt, pick_quotes(nt, t, quotes), quotes);
    if (nt->o.cooccurring) {
        size_t np = pick_cooc(nt, t, pick);
        fprintf(out, "<p class=\"part\">%s <span class=\"where\">%s</span></p>\n", T(LANG(nt), "Co-occurring themes"),
                T(LANG(nt), "(units coded with both)"));
        if (!np) fprintf(out, "<p class=\"none\">%s</p>\n", T(LANG(nt), "No other theme shares a unit with it."));
        else {
            fprintf(out,
                    "<table class=\"cooc\"><thead><tr><th>%s</th><th class=\"num\">%s</th>"
                    "<th class=\"num\">%s</th></tr></thead><tbody>\n",
                    T(LANG(nt), "theme"), T(LANG(nt), "shared units"),
                    /* xgettext:no-c-format */
                    T(LANG(nt), "% of its units"));
            for (size_t i = 0; i < np; i++) {
                size_t c = grille_cooc_cell(nt->cooc, t, pick[i]);
                theme(nt, pick[i], &ci);
                fputs("<tr><td><a href=\"#theme-", out);
                html(out, ci.id);
                fputs("\">", out);
                html(out, ci.label);
                fputs("</a> <code class=\"id\">", out);
                html(out, ci.id);
                fprintf(out, "</code></td><td class=\"num\">%zu</td><td class=\"num\">", c);
                put_share(out, nt, share(c, nt->units[t]));
                fputs("</td></tr>\n", out);
            }
            fputs("</tbody></table>\n", out);
        }
    }
}

static void write_html(FILE *out, const note *nt, const kept **quotes, size_t *pick) {
    const grille_codebook *cb = nt->cb;
    grille_language L = LANG(nt);
    const char *title = nt->o.title ? nt->o.title : grille_codebook_title(cb);
    if (!title || !*title) title = grille_codebook_id(cb);
    fprintf(out,
            "<!DOCTYPE html>\n<html lang=\"%s\">\n<head>\n<meta charset=\"utf-8\">\n"
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
            "<meta name=\"generator\" content=\"grille " GRILLE_VERSION_STRING "\">\n<title>%s",
            grille_language_code(L), T(L, "Synthesis notes: "));
    html(out, title);
    fprintf(out, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<main>\n<h1>%s", css, T(L, "Synthesis notes: "));
    html(out, title);
    fprintf(out, "</h1>\n<p class=\"summary\">%s <code>", T(L, "Codebook"));
    html(out, grille_codebook_id(cb));
    fputs("</code> · ", out);
    fprintf(out, TN(L, "%zu document", "%zu documents", nt->n), nt->n);
    fprintf(out, T(L, " · %zu %s units of coded speech · grouped by <code>"), nt->speech_units, unit_kind(nt));
    html(out, nt->o.by_variable);
    fprintf(out, "</code>%s", T(L, ":"));
    group_list(out, html, nt);
    fputs("</p>\n<figure class=\"heatmap\">\n", out);
    heatmap(out, nt);
    fprintf(out, "<figcaption>%s<code>",
            T(L, "Coded units per theme (rows, in codebook order; a theme counts its "
                 "sub-themes' units) and document (columns, grouped by "));
    html(out, nt->o.by_variable);
    fprintf(out, "</code>");
    fprintf(out,
            T(L, "). The darker the cell, the more units, on a logarithmic scale up to %zu; hover a cell for "
                 "its theme and document, click a theme for its note."),
            nt->max_cell);
    fputs("</figcaption>\n</figure>\n<p class=\"method\">", out);
    method(out, nt, T(L, "marked"));
    fprintf(out, " %s</p>\n",
            T(L, "Co-occurring themes: the themes sharing the most units with the theme, its "
                 "parents and sub-themes left out."));
    int open = 0;
    grille_theme_info ti;
    for (size_t t = 0; t < nt->nt; t++) {
        theme(nt, t, &ti);
        for (; open > ti.depth; open--) fputs("</section>\n", out);
        html_theme(out, nt, t, quotes, pick);
        open++;
    }
    for (; open > 0; open--) fputs("</section>\n", out);
    fputs("</main>\n</body>\n</html>\n", out);
}

/* ------------------------------------------------------------------ */
/* writing                                                             */

/* Groups sort in French order (ICU collator), as the columns of `grille
 * matrix --by` do; the sort is stable. */
typedef struct group_sort {
    UCollator *coll;
    char *const *names;
} group_sort;

static int by_collation(const void *a, const void *b, void *ctx) {
    const group_sort *gs = ctx;
    const char *x = gs->names[*(const size_t *)a], *y = gs->names[*(const size_t *)b];
    if (!gs->coll) return strcmp(x, y);
    UErrorCode st = U_ZERO_ERROR;
    return ucol_strcollUTF8(gs->coll, x, -1, y, -1, &st);
}

static void view_free(note *v) {
    free(v->group_name);
    free(v->group_of);
    free(v->group_docs);
    free(v->group_units);
    free(v->group_cells);
    free(v->group_theme_docs);
    free(v->columns);
}

/* The note as the writers read it: its groups sorted, their counts
 * summed from the documents', the heat map's columns. */
static int view_build(note *v, const grille_note *src) {
    memset(v, 0, sizeof *v);
    size_t T = src->nt, n = src->n, G = src->ngroups;
    v->cb = src->cb;
    v->src = src;
    v->n = n;
    v->nt = T;
    v->o = src->o;
    if (v->o.cooccurring > T) v->o.cooccurring = T;
    v->units = src->units;
    v->primary = src->primary;
    v->docs = src->docs;
    v->cooc = src->cooc;
    v->speech_units = src->speech_units;
    v->max_cell = src->max_cell;
    v->ngroups = G;
    size_t *order = malloc((G + 1) * sizeof *order), *rank = malloc((G + 1) * sizeof *rank);
    v->group_name = malloc((G + 1) * sizeof *v->group_name);
    v->group_of = malloc((n + 1) * sizeof *v->group_of);
    v->group_docs = calloc(G + 1, sizeof *v->group_docs);
    v->group_units = calloc(G + 1, sizeof *v->group_units);
    v->group_cells = calloc(T * G + 1, sizeof *v->group_cells);
    v->group_theme_docs = calloc(T * G + 1, sizeof *v->group_theme_docs);
    v->columns = malloc((n + 1) * sizeof *v->columns);
    int rc = GRILLE_ENOMEM;
    if (!order || !rank || !v->group_name || !v->group_of || !v->group_docs || !v->group_units || !v->group_cells ||
        !v->group_theme_docs || !v->columns)
        goto done;
    for (size_t g = 0; g < G; g++) order[g] = g;
    if (G > 1) {
        UErrorCode st = U_ZERO_ERROR;
        group_sort gs = {ucol_open("fr", &st), src->groups};
        if (!U_SUCCESS(st) && gs.coll) {
            ucol_close(gs.coll);
            gs.coll = NULL;
        }
        int sorted = grille_sort(order, G, sizeof *order, by_collation, &gs);
        if (gs.coll) ucol_close(gs.coll);
        if (sorted) goto done;
    }
    for (size_t k = 0; k < G; k++) {
        rank[order[k]] = k;
        v->group_name[k] = src->groups[order[k]];
    }
    for (size_t d = 0; d < n; d++) {
        size_t g = rank[src->info[d].group];
        v->group_of[d] = g;
        v->group_docs[g]++;
        v->group_units[g] += src->info[d].units;
        for (size_t t = 0; t < T; t++) {
            size_t c = src->cells[d * T + t];
            v->group_cells[t * G + g] += c;
            v->group_theme_docs[t * G + g] += c > 0;
        }
    }
    size_t k = 0;
    for (size_t g = 0; g < G; g++)
        for (size_t d = 0; d < n; d++)
            if (v->group_of[d] == g) v->columns[k++] = d;
    rc = GRILLE_OK;
done:
    free(order);
    free(rank);
    return rc;
}

static const char note_what[] = N_("cannot write the note");

int grille_note_write(FILE *out, grille_format fmt, const grille_note *nt, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, note_what, N_("no output stream"));
    if (!nt) return grille_write_fail(err, GRILLE_EUSAGE, note_what, N_("no note"));
    if (fmt != GRILLE_FORMAT_MARKDOWN && fmt != GRILLE_FORMAT_HTML) return grille_write_bad_format(err, note_what, fmt);
    if (nt->failed)
        return grille_write_fail(err, GRILLE_EUSAGE, note_what, N_("the note is incomplete: adding a document failed"));
    note v;
    int rc = view_build(&v, nt);
    /* room for the verbatims and the co-occurring themes of a theme */
    size_t room = v.o.cooccurring;
    for (size_t t = 0; t < nt->nt; t++)
        if (nt->best[t].n + nt->rest[t].n > room) room = nt->best[t].n + nt->rest[t].n;
    const kept **quotes = rc ? NULL : malloc((room + 1) * sizeof *quotes);
    size_t *pick = rc ? NULL : malloc((room + 1) * sizeof *pick);
    if (!rc && fmt == GRILLE_FORMAT_HTML && (v.short_names = short_names_unique(&v)) < 0) rc = GRILLE_ENOMEM;
    if (rc || !quotes || !pick) rc = grille_write_fail(err, GRILLE_ENOMEM, note_what, N_("out of memory"));
    else {
        if (fmt == GRILLE_FORMAT_HTML) write_html(out, &v, quotes, pick);
        else write_markdown(out, &v, quotes, pick);
        rc = grille_write_end(out, err, note_what);
    }
    free(quotes);
    free(pick);
    view_free(&v);
    return rc;
}

int grille_note_write_codings(FILE *out, grille_format fmt, const grille_codebook *cb,
                              const grille_coding *const *codings, size_t n, const grille_note_options *opts,
                              grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, note_what, N_("no output stream"));
    if (!cb) return grille_write_fail(err, GRILLE_EUSAGE, note_what, N_("no codebook"));
    if (n && !codings) return grille_write_fail(err, GRILLE_EUSAGE, note_what, N_("no coding"));
    if (fmt != GRILLE_FORMAT_MARKDOWN && fmt != GRILLE_FORMAT_HTML) return grille_write_bad_format(err, note_what, fmt);
    for (size_t d = 0; d < n; d++)
        if (!codings[d]) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "coding %zu is missing", d);
    int rc;
    grille_note *nt = note_new(cb, opts, err, &rc);
    for (size_t d = 0; nt && d < n && rc == GRILLE_OK; d++) rc = grille_note_add(nt, codings[d], err);
    if (nt && rc == GRILLE_OK) rc = grille_note_write(out, fmt, nt, err);
    grille_note_free(nt);
    return rc;
}

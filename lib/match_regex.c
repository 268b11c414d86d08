/* match_regex.c - the hits of regex rules: where each regex is tried,
 * as its literals gate it (regex_literal.c, word_index.h), in a turn or
 * in its units, and the matches that stay inside a unit. */
#include "coder.h"
#include <utf8proc.h>

/* Token range [*t0, *t1) overlapping bytes [b0, b1). */
static void tokens_of(const coder *k, uint32_t b0, uint32_t b1, size_t *t0, size_t *t1) {
    size_t lo = 0, hi = k->tl.n;
    while (lo < hi) { /* first token ending after b0 */
        size_t mid = (lo + hi) / 2;
        if (k->tl.v[mid].b1 <= b0) lo = mid + 1;
        else hi = mid;
    }
    *t0 = lo;
    size_t e = lo;
    while (e < k->tl.n && k->tl.v[e].b0 < b1) e++;
    *t1 = e;
}

static int regex_failed(coder *k, const rleaf *lf, size_t at, int rc) {
    PCRE2_UCHAR msg[200];
    pcre2_get_error_message(rc, msg, sizeof msg);
    const rnode *rn = &k->cb->rules[lf->rule];
    unsigned line, col;
    utf8_line_col(k->doc->text, at, &line, &col);
    return grille_fail(k->err, rc == PCRE2_ERROR_NOMEMORY ? GRILLE_ENOMEM : GRILLE_EMATCH, k->doc->name, line, col, at,
                       "regex rule '%s' (%s:%u) failed here: %s; simplify the "
                       "pattern (nested quantifiers such as (a+)+ backtrack without end)",
                       rn->id, k->cb->name, rn->line, (const char *)msg);
}

static int add_rx(coder *k, int li, size_t b0, size_t b1) {
    rxlist *l = k->rx_to;
    if (GROW(l->v, l->n, l->cap)) return GRILLE_ENOMEM;
    l->v[l->n++] = (rxhit){li, (uint32_t)b0, (uint32_t)b1};
    return GRILLE_OK;
}

/* The coding units in which a regex with a needed literal is run: those
 * of the codebook's kind (sentences or paragraphs); NULL for turns. */
static const dunit *regex_units(const coder *k, size_t *n) {
    switch (k->cb->unit) {
    case GRILLE_UNIT_SENTENCE: *n = k->doc->nsents; return k->doc->sents;
    case GRILLE_UNIT_PARAGRAPH: *n = k->doc->nparas; return k->doc->paras;
    default: *n = 0; return NULL;
    }
}

/* Where a scan goes on after a match [b0, b1) (document offsets), or
 * SIZE_MAX.  A match inside one unit is a hit, and the next is looked
 * for after it.  One that runs past its unit's end, or starts between
 * two, is dropped with the units, and it must not hide a match of the
 * next unit: the scan goes on at that unit's start, as when each unit
 * is scanned on its own.  (Over the turn, "un chat. Chien noirceur."
 * has a match of (?:\w+\W+)?\w+\W+noirceur from "chat" on, which hid
 * the second sentence's "Chien noirceur".) */
static size_t resume_after(const coder *k, size_t b0, size_t b1) {
    size_t n;
    const dunit *units = regex_units(k, &n);
    if (!units) return b1; /* turns: a match cannot leave its turn */
    size_t lo = 0, hi = n; /* the first unit that ends after b0 */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (units[mid].span.b1 <= b0) lo = mid + 1;
        else hi = mid;
    }
    if (lo < n && units[lo].span.b0 <= b0 && b1 <= units[lo].span.b1) return b1;
    size_t next = lo < n && units[lo].span.b0 <= b0 ? lo + 1 : lo;
    if (next >= n) return SIZE_MAX;
    return units[next].span.b0 > b0 ? units[next].span.b0 : b0 + 1;
}

/* Whether [b0, b1) lies inside a token of the unit whose confined
 * regexes' hits are its word's (unit_literals()): a scan of the unit
 * for the other tokens finds them again, or (started inside the word)
 * finds others where the word's own are. */
static int in_clean_token(const coder *k, size_t b0, size_t b1) {
    size_t t0, t1;
    tokens_of(k, (uint32_t)b0, (uint32_t)b1, &t0, &t1);
    return t1 == t0 + 1 && k->tl.v[t0].b0 <= b0 && b1 <= k->tl.v[t0].b1 && k->tok_clean[t0];
}

/* The matches of a regex that start in [from, to) of the turn subject
 * (len bytes), and at `last` at the latest, found in order without
 * overlapping.  PCRE2 sees the whole
 * turn whatever the span, so that a lookahead, $ or \b at the span's end
 * read what follows as they do when the whole turn is scanned; an offset
 * limit (the regex is compiled for one when it is scanned by units) keeps
 * the search from running on past the span.  A match that runs past its
 * unit's end is dropped with the units (a hit counts inside one unit),
 * and the search goes on at the next unit (resume_after()). */
static int scan_span(coder *k, const rleaf *lf, int li, const char *subject, size_t len, size_t from, size_t to,
                     size_t last, size_t base) {
    pcre2_match_context *mc = k->cb->mctx;
    size_t limit = to < len ? to - 1 : SIZE_MAX;
    if (last < limit) limit = last;
    if (limit != SIZE_MAX) {
        pcre2_set_offset_limit(k->unit_mctx, limit);
        mc = k->unit_mctx;
    }
    size_t start = from;
    while (start < to || (start == to && to == len)) {
        int rc = pcre2_match(lf->re, (PCRE2_SPTR)subject, len, start, PCRE2_NO_UTF_CHECK, k->md, mc);
        /* JIT code out of its stack: the interpreter, on the heap */
        if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
            rc = pcre2_match(lf->re, (PCRE2_SPTR)subject, len, start, PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK, k->md, mc);
        if (rc == PCRE2_ERROR_NOMATCH) break;
        if (rc < 0) return regex_failed(k, lf, base + start, rc);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);
        size_t ms = ov[0], me = ov[1];
        if (ms >= to && to < len) break; /* past the span (an empty match at its end) */
        if (me > ms) {
            if (!(k->rx_filter && lf->word_confined && in_clean_token(k, base + ms, base + me)) &&
                add_rx(k, li, base + ms, base + me))
                return GRILLE_ENOMEM;
            size_t next = resume_after(k, base + ms, base + me);
            if (next == SIZE_MAX || next - base > len) break;
            start = next - base;
        } else {
            /* empty match: step over one character */
            if (ms >= to) break;
            int32_t cp;
            start = ms + (size_t)utf8_decode((const unsigned char *)subject + ms, &cp);
        }
    }
    return GRILLE_OK;
}

/* The first position from i where a regex literal may start in
 * low[0, len) (one more byte readable), or len, and the first literal
 * of its list in *e: a loop of its own, which the compiler keeps in
 * registers. */
static size_t next_literal_start(const word_index *ix, const char *low, size_t i, size_t len, int *e) {
    for (; i + 3 <= len; i++) {
        unsigned h = word_index_trigram_hash(low + i);
        if (word_index_may_start_literal(ix, h)) {
            *e = word_index_literals_at(ix, h);
            return i;
        }
    }
    return len;
}

static int cmp_rx(const void *a, const void *b) {
    const rxhit *x = a, *y = b;
    if (x->b0 != y->b0) return x->b0 < y->b0 ? -1 : 1;
    if (x->b1 != y->b1) return x->b1 < y->b1 ? -1 : 1;
    return x->leaf - y->leaf;
}

void regex_sort(rxlist *l) {
    if (l->n > 1) qsort(l->v, l->n, sizeof *l->v, cmp_rx);
}

/* Regexes run over each coded turn rather than each unit (a PCRE2 call
 * costs more to start than to scan a sentence, and \b or a lookbehind
 * then sees the text around the unit).  A regex whose pattern starts
 * with a literal (see regex_literal) is only tried, anchored, where a
 * lowered copy of the turn holds that literal.  A regex that needs a
 * literal elsewhere runs only in the units where that literal occurs (a
 * hit counts only inside one unit, and every match holds the literal):
 * in a long turn, a common word no longer makes every such regex read
 * the whole turn.  A regex with no literal but a rare mark it needs
 * (rleaf.need_byte) runs in the units holding the mark.
 *
 * The places of the literals are found in one of two ways.  In general,
 * one pass over the turn stops where the bit of the trigram hash is set
 * (regex_scan_turn()).  With sentence units and literals that all open on
 * a letter (the usual codebook), a literal can only start inside a
 * token, and the places inside a word are worked out once per word and
 * kept (word_places()): a unit's tokens give its places, and the bytes
 * of the turn are no longer read one by one (unit_literals()).  Either
 * way the places are visited in order and do the same (visit_place()),
 * and a place where no literal is gives nothing. */

/* The turn as the scans see it. */
static rx_turn turn_view(const coder *k, const dspan *turn) {
    rx_turn tv = {k->doc->text + turn->b0, turn->b0, turn->b1 - turn->b0, NULL, 0};
    tv.units = regex_units(k, &tv.nunits);
    return tv;
}

/* The turn lowered into k->lowered (8 more bytes readable, zeros), the
 * letters it could not lower in k->rx_folds, the regexes' state reset. */
static int lower_turn(coder *k, const dspan *turn) {
    size_t len = turn->b1 - turn->b0;
    k->lowered.len = 0;
    if (gbuf_reserve(&k->lowered, len + 8)) return GRILLE_ENOMEM;
    /* the letters whose other case in this turn (ſ, K) the copy has not
     * lowered: a regex with a literal holding one scans the turn whole */
    k->rx_folds = utf8_lower_latin_gates(k->doc->text + turn->b0, len, k->lowered.data);
    /* the trigram hash reads 4 bytes, a literal's prefix 8 */
    memset(k->lowered.data + len, 0, 8);
    memset(k->rx_end, 0, k->cb->index.nregexes * sizeof *k->rx_end);
    k->nrx_units = 0;
    return GRILLE_OK;
}

/* Regex r is to scan unit u, where what it needs starts at place i of
 * the turn: queued once per unit, with the first and last such places. */
static int queue_unit(coder *k, size_t r, size_t u, size_t i) {
    if (k->rx_end[r] == u + 1) {
        rx_unit *q = &k->rx_units[k->rx_queued[r]];
        if (i < q->first) q->first = (uint32_t)i;
        if (i > q->last) q->last = (uint32_t)i;
        return GRILLE_OK;
    }
    if (GROW(k->rx_units, k->nrx_units, k->caprx_units)) return GRILLE_ENOMEM;
    k->rx_queued[r] = (uint32_t)k->nrx_units;
    k->rx_units[k->nrx_units++] = (rx_unit){(uint32_t)r, (uint32_t)u, (uint32_t)i, (uint32_t)i};
    k->rx_end[r] = u + 1;
    return GRILLE_OK;
}

/* Whether literal wl of regex leaf lf is at the start of low (lowered)
 * and subject (as written), avail bytes left: a regex's needed literal
 * compared as the regex has it (lowered, or exact for a case-exact
 * regex), its alternatives and opening literals lowered. */
static inline int literal_here(const rleaf *lf, const word_index_literal *wl, const char *subject, const char *low,
                               size_t avail) {
    if (wl->kind == WORD_INDEX_LIT_NEEDED && lf->need_len)
        return lf->need_len <= avail &&
               memcmp(lf->need_exact ? subject : low, lf->need_exact ? lf->need_cased : lf->need, lf->need_len) == 0;
    return wl->len <= avail && memcmp(low, wl->text, wl->len) == 0;
}

/* Regex leaf lf tried anchored at place i of subject (len bytes): its
 * anchored JIT code, or, without one or when that code ran out of its
 * stack (32 KiB: a lazy quantifier over many words), the interpreter,
 * whose backtracking is on the heap, anchored at match time.  PCRE2's
 * result; the match in k->md. */
static inline int match_anchored(coder *k, const rleaf *lf, const char *subject, size_t len, size_t i) {
    int rc = lf->anchored
                 ? pcre2_match(lf->anchored, (PCRE2_SPTR)subject, len, i, PCRE2_NO_UTF_CHECK, k->md, k->cb->mctx)
                 : PCRE2_ERROR_JIT_STACKLIMIT;
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = pcre2_match(lf->re, (PCRE2_SPTR)subject, len, i, PCRE2_ANCHORED | PCRE2_NO_JIT | PCRE2_NO_UTF_CHECK, k->md,
                         k->cb->mctx);
    return rc;
}

/* What literal e does at place i of the turn: a regex opening on it is
 * tried there; one needing it is to scan unit u (when in_unit; with turn
 * units, the turn).  here: whether it is known to be at i (a word's
 * decided literal, word_places()), else it is compared with the turn. */
static GRILLE_ALWAYS_INLINE int visit_literal(coder *k, const rx_turn *tv, size_t i, int e, size_t u, int in_unit,
                                              int here) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    const char *subject = tv->subject, *low = k->lowered.data;
    size_t len = tv->len;
    const word_index_literal *wl = &ix->literals[e];
    if (!here && !word_index_literal_prefix(wl, low + i)) return GRILLE_OK;
    size_t r = wl->regex;
    int li = ix->regexes[r];
    const rleaf *lf = &cb->leaves[li];
    if (k->rx_folds & lf->folds) return GRILLE_OK;          /* scanned whole */
    if (k->rx_clean && lf->word_confined) return GRILLE_OK; /* its words' hits */
    if (wl->kind == WORD_INDEX_LIT_NEEDED) {
        /* the regex's needed literal, or one of its needed
         * alternatives */
        if (here || literal_here(lf, wl, subject + i, low + i, len - i)) {
            if (!tv->units) k->rx_end[r] = 1; /* turns: scan the turn */
            else if (in_unit && queue_unit(k, r, u, i)) return GRILLE_ENOMEM;
        }
        return GRILLE_OK;
    }
    /* a match starts here: tried once at i (two alternatives may both
     * start here), never inside the last match */
    if (i < k->rx_end[r] || !(here || literal_here(lf, wl, subject + i, low + i, len - i))) return GRILLE_OK;
    k->rx_end[r] = i + 1;
    int rc = match_anchored(k, lf, subject, len, i);
    if (rc == PCRE2_ERROR_NOMATCH) return GRILLE_OK;
    if (rc < 0) return regex_failed(k, lf, tv->base + i, rc);
    PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);
    if (ov[1] > ov[0]) {
        if (add_rx(k, li, tv->base + ov[0], tv->base + ov[1])) return GRILLE_ENOMEM;
        /* no overlapping matches, as in a scan */
        size_t next = resume_after(k, tv->base + ov[0], tv->base + ov[1]);
        k->rx_end[r] = next == SIZE_MAX || next - tv->base > len ? len + 1 : next - tv->base;
    }
    return GRILLE_OK;
}

/* What the literals filed from e on do at place i of the turn
 * (visit_literal()). */
static int visit_place(coder *k, const rx_turn *tv, size_t i, int e, size_t u, int in_unit) {
    const word_index *ix = &k->cb->index;
    for (; e >= 0; e = ix->literals[e].next) {
        int rc = visit_literal(k, tv, i, e, u, in_unit, 0);
        if (rc) return rc;
    }
    return GRILLE_OK;
}

/* The first of units[v, n) (in text order) that ends after byte at:
 * galloping from v, then halving.  A walk unit by unit from the turn's
 * first read a whole document's units for each gated regex (a turn is a
 * whole document without speakers), and missed the cache on most. */
static size_t unit_ending_after(const dunit *units, size_t n, size_t v, size_t at) {
    size_t hi = v;
    for (size_t step = 1; hi < n && units[hi].span.b1 <= at; step *= 2) {
        v = hi + 1;
        hi = step < n - hi ? hi + step : n;
    }
    while (v < hi) {
        size_t mid = v + (hi - v) / 2;
        if (units[mid].span.b1 <= at) v = mid + 1;
        else hi = mid;
    }
    return v;
}

/* The units holding the rare marks of the regexes gated by one (a
 * whole turn in turn units), to be scanned. */
static int mark_units(coder *k, const rx_turn *tv) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    const char *subject = tv->subject;
    size_t len = tv->len, nunits = tv->nunits;
    const dunit *units = tv->units;
    for (size_t x = 0; x < ix->nbyte_gated; x++) {
        size_t r = (size_t)ix->byte_gated[x], v = 0;
        const rleaf *lf = &cb->leaves[ix->regexes[r]];
        for (const char *q = memchr(subject, lf->need_byte, len); q;
             q = memchr(q + 1, lf->need_byte, len - (size_t)(q + 1 - subject))) {
            size_t at = tv->base + (size_t)(q - subject);
            if (!units) {
                k->rx_end[r] = 1; /* turns: scan the turn */
                break;
            }
            v = unit_ending_after(units, nunits, v, at);
            if (v < nunits && units[v].span.b0 <= at && queue_unit(k, r, v, at - tv->base)) return GRILLE_ENOMEM;
        }
    }
    return GRILLE_OK;
}

/* The (regex, unit) pairs found: each regex scanned in its unit, where
 * a match can start.  Every match holds what the regex needs, so none
 * starts after the last of them, nor (when the pattern bounds what comes
 * before it) more than need_within bytes before the first.  A match that
 * would need one past the unit's end runs past the end: no hit, and the
 * last a scan of the unit finds, so leaving it out changes nothing. */
static int scan_units(coder *k, const rx_turn *tv) {
    const grille_codebook *cb = k->cb;
    for (size_t j = 0; j < k->nrx_units; j++) {
        const rx_unit *q = &k->rx_units[j];
        int li = cb->index.regexes[q->regex];
        const rleaf *lf = &cb->leaves[li];
        const dspan *us = &tv->units[q->unit].span;
        size_t from = us->b0 - tv->base, to = us->b1 - tv->base;
        if (lf->need_within != SIZE_MAX && q->first > from && q->first - from > lf->need_within) {
            from = q->first - lf->need_within;
            /* at a character's start: PCRE2 is told the subject is
             * valid UTF-8, a start inside a character breaks its contract */
            while (((unsigned char)tv->subject[from] & 0xC0) == 0x80) from--;
        }
        int rc = scan_span(k, lf, li, tv->subject, tv->len, from, to, q->last, tv->base);
        if (rc) return rc;
    }
    k->nrx_units = 0;
    return GRILLE_OK;
}

/* The regexes nothing gates scan the whole turn; by units, only they (a
 * list of their own: the others are not looked at), and those with a
 * literal holding a letter the turn's copy could not lower. */
static int scan_whole(coder *k, const rx_turn *tv) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    const dunit *units = tv->units;
    unsigned folds = k->rx_folds;
    size_t nscan = !folds && units ? ix->nungated : ix->nregexes;
    for (size_t x = 0; x < nscan; x++) {
        size_t r = !folds && units ? (size_t)ix->ungated[x] : x;
        int li = ix->regexes[r];
        const rleaf *lf = &cb->leaves[li];
        int whole = (folds & lf->folds) != 0;
        if (!whole && (lf->lit_len || lf->nalts)) continue;
        if (!whole && (lf->need_len || lf->nneeds || lf->need_byte) && (units || !k->rx_end[r])) continue;
        int rc = scan_span(k, lf, li, tv->subject, tv->len, 0, tv->len, SIZE_MAX, tv->base);
        if (rc) return rc;
    }
    return GRILLE_OK;
}

/* The regex hits of a turn, its literals found by one pass over its
 * bytes. */
int regex_scan_turn(coder *k, const dspan *turn) {
    const word_index *ix = &k->cb->index;
    if (lower_turn(k, turn)) return GRILLE_ENOMEM;
    rx_turn tv = turn_view(k, turn);
    size_t len = tv.len, nunits = tv.nunits, u = 0;
    const dunit *units = tv.units;
    /* the first unit that ends after the turn starts */
    for (size_t lo = 0, hi = nunits; units && lo < hi;) {
        size_t mid = lo + (hi - lo) / 2;
        if (units[mid].span.b1 <= tv.base) lo = mid + 1;
        else hi = mid;
        u = lo;
    }
    int e = -1, rc;
    for (size_t i = 0; (i = next_literal_start(ix, k->lowered.data, i, len, &e)) + 3 <= len; i++) {
        /* the unit holding position i, if any */
        while (units && u < nunits && units[u].span.b1 <= tv.base + i) u++;
        int in_unit = units && u < nunits && units[u].span.b0 <= tv.base + i;
        if ((rc = visit_place(k, &tv, i, e, u, in_unit))) return rc;
    }
    if ((rc = mark_units(k, &tv)) || (rc = scan_units(k, &tv))) return rc;
    return scan_whole(k, &tv);
}

/* A place a literal may start at only if it runs on into the next token
 * (word_places()). */
#define PLACE_CROSSES 0x8000u
/* A place of the literals of confined regexes only (word_places()). */
#define PLACE_CONFINED 0x4000u
/* A place whose literals are listed in the word's record (word_places()). */
#define PLACE_DECIDED 0x2000u
/* The offset of a place in its word (a word is at most TOK_INTERN_MAX
 * bytes, below both flags). */
#define PLACE_OFFSET 0x0FFFu

/* Whether a literal of regex r, of its kind, is at place o of word w
 * (n bytes; low: lowered), as visit_place() tells it in the turn: a
 * confined regex's literal holds letters and hyphens only, so it is
 * wholly in the word where it is at all. */
static int confined_literal_at(const coder *k, size_t r, const char *low, const char *w, size_t n, size_t o) {
    const word_index *ix = &k->cb->index;
    const rleaf *lf = &k->cb->leaves[ix->regexes[r]];
    for (int e = word_index_literals_at(ix, word_index_trigram_hash(low + o)); e >= 0; e = ix->literals[e].next) {
        const word_index_literal *wl = &ix->literals[e];
        if (wl->regex == r && literal_here(lf, wl, w + o, low + o, n - o)) return 1;
    }
    return 0;
}

/* The hit [b0, b1) of leaf li in the word, kept in k->wc; *nh counts. */
static int confined_keep(coder *k, int li, size_t b0, size_t b1, uint32_t *nh) {
    if (grille_grow((void **)&k->wc, &k->capwc, k->nwc + 3, sizeof *k->wc)) return GRILLE_ENOMEM;
    k->wc[k->nwc++] = (uint32_t)li;
    k->wc[k->nwc++] = (uint32_t)b0;
    k->wc[k->nwc++] = (uint32_t)b1;
    ++*nh;
    return GRILLE_OK;
}

/* The matches of confined regex r in word w (n bytes, the subject
 * alone; low: lowered), with these places: the tries the turn's scans
 * make there (visit_place(), scan_units()), the word standing for the
 * turn.  A regex opening on a literal is tried anchored at each place of
 * it, not inside the match before; one that needs a literal is scanned
 * from need_within bytes before its first place, no match starting
 * after its last.  The same tries, so the same work and the same limits
 * as before. */
static int confined_scan(coder *k, size_t r, const char *low, const char *w, size_t n, const uint16_t *places,
                         size_t count, size_t base, uint32_t *nh) {
    const grille_codebook *cb = k->cb;
    int li = cb->index.regexes[r];
    const rleaf *lf = &cb->leaves[li];
    size_t first = SIZE_MAX, last = 0, end = 0;
    for (size_t x = 0; x < count; x++) {
        if (places[x] & PLACE_CROSSES) continue; /* literals are 3 bytes or more */
        size_t o = places[x] & PLACE_OFFSET;
        if (!confined_literal_at(k, r, low, w, n, o)) continue;
        if (!(lf->lit_len || lf->nalts)) {
            if (first == SIZE_MAX) first = o;
            last = o;
            continue;
        }
        if (o < end) continue;
        end = o + 1;
        int rc = match_anchored(k, lf, w, n, o);
        if (rc == PCRE2_ERROR_NOMATCH) continue;
        if (rc < 0) return regex_failed(k, lf, base + o, rc);
        PCRE2_SIZE *ov = pcre2_get_ovector_pointer(k->md);
        if (ov[1] > ov[0]) {
            if (confined_keep(k, li, ov[0], ov[1], nh)) return GRILLE_ENOMEM;
            end = ov[1];
        }
    }
    if (first == SIZE_MAX) return GRILLE_OK;
    /* scan_span() over the word: its hits gathered in a list of their own */
    size_t from = 0;
    if (lf->need_within != SIZE_MAX && first > lf->need_within) {
        from = first - lf->need_within;
        while (((unsigned char)w[from] & 0xC0) == 0x80) from--;
    }
    rxlist found = {0}, *to = k->rx_to;
    k->rx_to = &found;
    int rc = scan_span(k, lf, li, w, n, from, n, last, base);
    k->rx_to = to;
    for (size_t i = 0; i < found.n && rc == GRILLE_OK; i++)
        rc = confined_keep(k, li, found.v[i].b0 - base, found.v[i].b1 - base, nh);
    free(found.v);
    return rc;
}

/* Where in k->wc the hits of the confined regexes inside word t are
 * (0: none), t having these places (low: its lowered bytes, n of them):
 * each regex with a literal at one of them is tried there, once for the
 * word (confined_scan()). */
static int confined_hits(coder *k, const tok *t, const char *low, size_t n, const uint16_t *places, size_t count,
                         uint32_t *at) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    *at = 0;
    k->nwc_regs = 0;
    for (size_t x = 0; x < count; x++) {
        if (places[x] & PLACE_CROSSES) continue;
        size_t o = places[x] & PLACE_OFFSET;
        for (int e = word_index_literals_at(ix, word_index_trigram_hash(low + o)); e >= 0; e = ix->literals[e].next) {
            const word_index_literal *wl = &ix->literals[e];
            if (!cb->leaves[ix->regexes[wl->regex]].word_confined) continue;
            size_t j = 0;
            while (j < k->nwc_regs && k->wc_regs[j] != wl->regex) j++;
            if (j < k->nwc_regs) continue;
            if (GROW(k->wc_regs, k->nwc_regs, k->capwc_regs)) return GRILLE_ENOMEM;
            k->wc_regs[k->nwc_regs++] = wl->regex;
        }
    }
    if (!k->nwc_regs) return GRILLE_OK;
    if (!k->nwc) { /* wc[0]: the words without hits */
        if (grille_grow((void **)&k->wc, &k->capwc, 1, sizeof *k->wc)) return GRILLE_ENOMEM;
        k->wc[k->nwc++] = 0;
    }
    size_t start = k->nwc;
    uint32_t nh = 0;
    if (grille_grow((void **)&k->wc, &k->capwc, k->nwc + 1, sizeof *k->wc)) return GRILLE_ENOMEM;
    k->nwc++;
    for (size_t j = 0; j < k->nwc_regs; j++) {
        int rc = confined_scan(k, k->wc_regs[j], low, k->doc->text + t->b0, n, places, count, t->b0, &nh);
        if (rc) return rc;
    }
    if (!nh || start > UINT32_MAX) {
        k->nwc = start; /* (past 4 G entries: no longer kept, found anew) */
        return nh ? GRILLE_ENOMEM : GRILLE_OK;
    }
    k->wc[start] = nh;
    *at = (uint32_t)start;
    return GRILLE_OK;
}

/* The places in token t (an interned word, at place at of the turn)
 * where a regex literal may start, as offsets in the word: those whose
 * trigram has its bit and where a literal filed under it agrees with
 * the word as far as the word goes (it may run on past it).  The two
 * last places are not among them: their trigram reads past the word.
 * Worked out at a word's first token, from the turn's lowered copy (a
 * word's bytes lower the same everywhere), and kept as
 *   count, CONFINED_ANY or 0, places..., hits (two halves)
 * the places in order, PLACE_CONFINED on those of the literals of
 * confined regexes only; CONFINED_ANY when a confined regex has a
 * literal at one of them, and hits is where their hits in the word are
 * in k->wc (confined_hits()).  Then, for each place marked PLACE_DECIDED
 * (in order), the number of literals there and each literal's index in
 * two halves, in the order of its trigram's list: those the word's own
 * bytes (the same at each of its tokens) show to be there, and those
 * that run past the word and agree with it as far as it goes, marked
 * LIT_PENDING (the turn's bytes after the word tell them).  The others,
 * which differ from the word before it ends, can never be there and
 * are left out.  A token of the word then visits the place's literals
 * alone (visit_literal()), without hashing the place, walking the
 * trigram's literals and comparing each with the turn again.  The word
 * of no place has the record at 0: a 0. */
#define CONFINED_ANY 1u

/* A literal of a decided place that the bytes after the word tell (in
 * the high half of its index). */
#define LIT_PENDING 0x80000000u

/* The literals of place o of word w (n bytes; low: lowered; subject: as
 * written), in the order visit_place() tests them at each token of the
 * word, into lits[0, *nlits) (at most cap): those there, and those that
 * run past the word (LIT_PENDING) but differ from it before it ends.  0
 * when there are more than cap. */
static int decide_place(const coder *k, const char *low, const char *subject, size_t n, size_t o, uint32_t *lits,
                        size_t cap, size_t *nlits) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    *nlits = 0;
    for (int e = word_index_literals_at(ix, word_index_trigram_hash(low + o)); e >= 0; e = ix->literals[e].next) {
        const word_index_literal *wl = &ix->literals[e];
        const rleaf *lf = &cb->leaves[ix->regexes[wl->regex]];
        int needed = wl->kind == WORD_INDEX_LIT_NEEDED && lf->need_len;
        size_t len = needed && lf->need_len > wl->len ? lf->need_len : wl->len;
        uint32_t lit = (uint32_t)e;
        if (len > n - o) {
            /* past the word: left to the turn, unless its lowered bytes
             * differ from the word's (a case-exact needed literal is
             * compared as written: always left to the turn) */
            if (!(needed && lf->need_exact) && memcmp(low + o, wl->text, n - o) != 0) continue;
            lit |= LIT_PENDING;
        } else if (!word_index_literal_prefix(wl, low + o) || !literal_here(lf, wl, subject + o, low + o, n - o))
            continue;
        if (*nlits == cap) return 0;
        lits[(*nlits)++] = lit;
    }
    return 1;
}
static int word_places(coder *k, const tok *t, size_t at, const uint16_t **places) {
    const grille_codebook *cb = k->cb;
    const word_index *ix = &cb->index;
    if (!k->nlit_places) {
        if (grille_grow((void **)&k->lit_places, &k->caplit_places, 1, sizeof *k->lit_places)) return GRILLE_ENOMEM;
        k->lit_places[k->nlit_places++] = 0;
    }
    uint32_t *user = word_user(k, t);
    if (user[USER_PLACES] == WORD_LITS_UNKNOWN) {
        const char *w = k->lowered.data + at;
        size_t n = t->b1 - t->b0, start = k->nlit_places, count = 0;
        int any = 0;
        /* the places (at most n of them) and the four numbers */
        if (grille_grow((void **)&k->lit_places, &k->caplit_places, k->nlit_places + n + 4, sizeof *k->lit_places))
            return GRILLE_ENOMEM;
        uint16_t *out = k->lit_places + start + 2;
        for (size_t o = 0; o < n; o++) {
            if (o + 3 > n) {
                /* the trigram runs past the word: a literal that starts
                 * here goes on with the byte after the word, which is no
                 * letter (a word ends before the next letter, or at its
                 * elided apostrophe, which no literal holds); a confined
                 * regex's match does not, in a token it can be taken from */
                if (word_index_may_cross(ix, w + o, n - o)) out[count++] = (uint16_t)(o | PLACE_CROSSES);
                continue;
            }
            unsigned h = word_index_trigram_hash(w + o);
            if (!word_index_may_start_literal(ix, h)) continue;
            int has_plain = 0, has_confined = 0;
            for (int e = word_index_literals_at(ix, h); e >= 0; e = ix->literals[e].next) {
                const word_index_literal *wl = &ix->literals[e];
                if (memcmp(w + o, wl->text, wl->len < n - o ? wl->len : n - o) != 0) continue;
                if (cb->leaves[ix->regexes[wl->regex]].word_confined) has_confined = 1;
                else has_plain = 1;
                if (has_plain && (has_confined || !ix->nconfined)) break;
            }
            any |= has_confined;
            if (has_plain || has_confined) out[count++] = (uint16_t)(o | (has_plain ? 0 : PLACE_CONFINED));
        }
        if (count) {
            uint32_t hits = 0;
            int rc = any ? confined_hits(k, t, w, n, out, count, &hits) : GRILLE_OK;
            if (rc) return rc;
            k->lit_places[start] = (uint16_t)count;
            k->lit_places[start + 1] = (uint16_t)(any ? CONFINED_ANY : 0);
            out[count] = (uint16_t)(hits & 0xFFFF);
            out[count + 1] = (uint16_t)(hits >> 16);
            k->nlit_places += count + 4;
            /* the places decided by the word's bytes, their literals after */
            const char *subject = k->doc->text + t->b0;
            for (size_t x = 0; x < count; x++) {
                if (k->lit_places[start + 2 + x] & PLACE_CROSSES) continue;
                size_t o = k->lit_places[start + 2 + x] & PLACE_OFFSET, nlits;
                uint32_t lits[32];
                if (!decide_place(k, w, subject, n, o, lits, 32, &nlits)) continue;
                if (grille_grow((void **)&k->lit_places, &k->caplit_places, k->nlit_places + 1 + 2 * nlits,
                                sizeof *k->lit_places))
                    return GRILLE_ENOMEM;
                k->lit_places[start + 2 + x] |= PLACE_DECIDED;
                k->lit_places[k->nlit_places++] = (uint16_t)nlits;
                for (size_t f = 0; f < nlits; f++) {
                    k->lit_places[k->nlit_places++] = (uint16_t)(lits[f] & 0xFFFF);
                    k->lit_places[k->nlit_places++] = (uint16_t)(lits[f] >> 16);
                }
            }
        }
        user[USER_PLACES] = count ? (uint32_t)start : 0;
    }
    *places = k->lit_places + user[USER_PLACES];
    return GRILLE_OK;
}

/* The ASCII characters a confined regex's match may hold: letters,
 * digits, '_' and '-' (regex_confined.c). */
static const unsigned char confined_ascii[128] = {
    ['-'] = 1, ['_'] = 1, ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
    ['8'] = 1, ['9'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1,
    ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1,
    ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['a'] = 1, ['b'] = 1,
    ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
    ['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1,
    ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1};

/* Whether the character at s[i] (back: the one ending just before i)
 * could be in a confined regex's match: a letter, digit or mark, a
 * connector such as '_', '-'; unassigned or private code points too. */
static int confined_char(const unsigned char *s, size_t i, int back) {
    if (back) {
        i--;
        if (s[i] < 0x80) return confined_ascii[s[i]];
        while (i > 0 && (s[i] & 0xC0) == 0x80) i--;
    } else if (s[i] < 0x80) return confined_ascii[s[i]];
    int32_t cp;
    utf8_decode(s + i, &cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_PC) || cat == UTF8PROC_CATEGORY_CO ||
           cat == UTF8PROC_CATEGORY_CN;
}

/* Whether no confined regex's match could run over an edge of token t
 * of a turn [lo, hi): at each, a character on one side is one no match
 * holds.  Most edges have an ASCII space or mark on one side: a look at
 * a table. */
static inline int confined_edges_clean(const unsigned char *s, const tok *t, size_t lo, size_t hi) {
    size_t b0 = t->b0, b1 = t->b1;
    int open0 =
        b0 > lo && !(s[b0 - 1] < 0x80 && !confined_ascii[s[b0 - 1]]) && !(s[b0] < 0x80 && !confined_ascii[s[b0]]);
    int open1 =
        b1 < hi && !(s[b1] < 0x80 && !confined_ascii[s[b1]]) && !(s[b1 - 1] < 0x80 && !confined_ascii[s[b1 - 1]]);
    if (open0 && confined_char(s, b0, 1) && confined_char(s, b0, 0)) return 0;
    if (open1 && confined_char(s, b1, 1) && confined_char(s, b1, 0)) return 0;
    return 1;
}

/* The places of unit u (a sentence of the turn) where a literal may
 * start, from its tokens: a word's own (word_places()) and its two
 * last, the whole of a mark or of a word not interned. */
static int unit_literals(coder *k, const rx_turn *tv, size_t u) {
    const word_index *ix = &k->cb->index;
    const char *low = k->lowered.data;
    size_t len = tv->len;
    int rc;
    const unsigned char *text = (const unsigned char *)k->doc->text;
    size_t lo = tv->base, hi = tv->base + tv->len;
    /* grille_grow() called only to grow (a call a unit, words_gather()) */
    if (k->tl.n + 1 > k->captok_clean && grille_grow((void **)&k->tok_clean, &k->captok_clean, k->tl.n + 1, 1))
        return GRILLE_ENOMEM;
    memset(k->tok_clean, 0, k->tl.n);
    /* most words have no place: words_gather() left them out */
    for (size_t r = 0; r < k->nrx_tokens; r++) {
        size_t j = k->rx_tokens[r];
        const tok *t = &k->tl.v[j];
        size_t at = t->b0 - tv->base, n = t->b1 - t->b0;
        if (t->word != TOK_NO_WORD) {
            const uint16_t *places;
            if ((rc = word_places(k, t, at, &places))) return rc;
            size_t count = places[0];
            if (!count) continue;
            /* the confined regexes' hits in this token are its word's
             * own, unless a match could run over one of its edges: the
             * places of their literals alone are not visited then */
            k->rx_clean = (places[1] & CONFINED_ANY) && !k->rx_folds && confined_edges_clean(text, t, lo, hi);
            const uint16_t *pl = places + 2, *decided = pl + count + 2;
            for (size_t x = 0; x < count; x++) {
                /* a decided place's literals: the next in the record */
                const uint16_t *lits = decided + 1;
                size_t nlits = pl[x] & PLACE_DECIDED ? *decided : 0;
                if (pl[x] & PLACE_DECIDED) decided += 1 + 2 * nlits;
                if (k->rx_clean && (pl[x] & PLACE_CONFINED)) continue;
                size_t i = at + (pl[x] & PLACE_OFFSET);
                if (pl[x] & PLACE_DECIDED) {
                    for (size_t f = 0; f < nlits; f++) {
                        uint32_t lit = lits[2 * f] | (uint32_t)lits[2 * f + 1] << 16;
                        if ((rc = visit_literal(k, tv, i, (int)(lit & ~LIT_PENDING), u, 1, !(lit & LIT_PENDING))))
                            return rc;
                    }
                    continue;
                }
                if ((pl[x] & PLACE_CROSSES) && (at + n >= len || (low[at + n] != ' ' && low[at + n] != '-'))) continue;
                unsigned h = word_index_trigram_hash(low + i);
                if ((rc = visit_place(k, tv, i, word_index_literals_at(ix, h), u, 1))) return rc;
            }
            k->tok_clean[j] = (unsigned char)k->rx_clean;
            uint32_t hits = (uint32_t)pl[count] | (uint32_t)pl[count + 1] << 16;
            if (k->rx_clean && hits) {
                const uint32_t *h = k->wc + hits;
                for (uint32_t x = 0; x < h[0]; x++)
                    if (add_rx(k, (int)h[1 + 3 * x], t->b0 + h[2 + 3 * x], t->b0 + h[3 + 3 * x])) return GRILLE_ENOMEM;
            }
            k->rx_clean = 0;
            continue;
        }
        /* a mark, or a word too long to be interned: every place */
        for (size_t o = 0; o < n && at + o + 3 <= len; o++) {
            unsigned h = word_index_trigram_hash(low + at + o);
            if (word_index_may_start_literal(ix, h) &&
                (rc = visit_place(k, tv, at + o, word_index_literals_at(ix, h), u, 1)))
                return rc;
        }
    }
    return GRILLE_OK;
}

/* Where the literals are looked for in tokens (see above): the turn's
 * own hits, before its first unit is coded. */
int regex_turn_begin(coder *k, size_t turn) {
    const dspan *span = &k->doc->turns[turn].span;
    k->rx.n = k->rx_next = 0;
    k->rx_to = &k->rx;
    k->rx_turn = turn;
    if (lower_turn(k, span)) return GRILLE_ENOMEM;
    k->rx_view = turn_view(k, span);
    int rc = mark_units(k, &k->rx_view);
    if (!rc) rc = scan_units(k, &k->rx_view);
    if (!rc) rc = scan_whole(k, &k->rx_view);
    if (rc) return rc;
    regex_sort(&k->rx);
    return GRILLE_OK;
}

/* ... and the hits of unit u's literals, once it is tokenized. */
int regex_unit(coder *k, size_t u) {
    k->urx.n = 0;
    k->rx_to = &k->urx;
    int rc = unit_literals(k, &k->rx_view, u);
    k->rx_clean = 0;
    /* the scans of the unit leave the clean tokens' confined hits be */
    k->rx_filter = 1;
    if (!rc) rc = scan_units(k, &k->rx_view);
    k->rx_filter = 0;
    k->rx_to = &k->rx;
    if (!rc) regex_sort(&k->urx);
    return rc;
}


/* The regex hits that lie inside the unit, in the order of cmp_rx():
 * those of the document (or turn) list, which a cursor walks once as
 * units come in order, and the unit's own (regex_unit()). */
int match_regexes(coder *k, const dspan *unit) {
    const rxlist *all = &k->rx, *own = &k->urx;
    while (k->rx_next < all->n && all->v[k->rx_next].b0 < unit->b0) k->rx_next++;
    size_t j = k->rx_next, x = 0;
    for (;;) {
        int in_all = j < all->n && all->v[j].b0 < unit->b1, in_own = x < own->n;
        if (!in_all && !in_own) break;
        const rxhit *h = in_all && (!in_own || cmp_rx(&all->v[j], &own->v[x]) <= 0) ? &all->v[j++] : &own->v[x++];
        if (h->b1 > unit->b1) continue;
        size_t t0, t1;
        tokens_of(k, h->b0, h->b1, &t0, &t1);
        if (coder_add_hit(k, h->leaf, t0, t1, h->b0, h->b1)) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

/* transcript.c - reading transcripts: metadata header, speaker turns,
 * paragraphs.  Sentences are split in sentence.c, tokens in tokenize.c. */
#include "document.h"
#include "fold.h"
#include "utf8.h"
#include <errno.h>
#include <stdio.h>
#include <utf8proc.h>

/* Labels that mean "interviewer" when the transcript does not say. */
static const char *const default_interviewers[] = {
    "enquêteur", "enquêtrice", "enquêteurice", "enquêteur·rice", "enq",
    "intervieweur", "intervieweuse", "interviewer", "int", "chercheur",
    "chercheuse", "animateur", "animatrice", "modérateur", "modératrice",
    "question", "q", "e", "i",
    /* typed without accents */
    "enqueteur", "enquetrice", "enqueteurice", "moderateur", "moderatrice", NULL};

/* ------------------------------------------------------------------ */
/* positions                                                           */

unsigned document_line_at(const grille_document *doc, size_t b) {
    size_t lo = 0, hi = doc->nlines;
    while (hi - lo > 1) {
        size_t mid = lo + (hi - lo) / 2;
        if (doc->line_starts[mid] <= b) lo = mid; else hi = mid;
    }
    return (unsigned)lo + 1;
}

/* Checkpoints every CP_STEP bytes keep this O(1) even on huge lines. */
size_t document_cp_at(const grille_document *doc, size_t b) {
    size_t k = b / CP_STEP;
    return doc->cp_marks[k] + utf8_count(doc->text + k * CP_STEP, b - k * CP_STEP);
}

void document_span(const grille_document *doc, size_t b0, size_t b1,
                   dspan *out) {
    out->b0 = b0;
    out->b1 = b1;
    out->line = document_line_at(doc, b0);
    out->c0 = document_cp_at(doc, b0);
    out->c1 = document_cp_at(doc, b1);
}

void document_public_span(const dspan *in, grille_span *out) {
    out->byte_start = in->b0;
    out->byte_end = in->b1;
    out->cp_start = in->c0;
    out->cp_end = in->c1;
    out->line = in->line;
}

static int index_lines(grille_document *doc) {
    size_t cap = 0, start = 0;
    doc->nlines = 0;
    for (;;) {
        if (GROW(doc->line_starts, doc->nlines, cap)) return GRILLE_ENOMEM;
        doc->line_starts[doc->nlines++] = start;
        const char *nl = memchr(doc->text + start, '\n', doc->size - start);
        if (!nl) break;
        start = (size_t)(nl - doc->text) + 1;
    }
    size_t nmarks = doc->size / CP_STEP + 1;
    doc->cp_marks = malloc(nmarks * sizeof *doc->cp_marks);
    if (!doc->cp_marks) return GRILLE_ENOMEM;
    size_t cp = 0;
    for (size_t k = 0; k < nmarks; k++) {
        doc->cp_marks[k] = (uint32_t)cp;
        size_t b = k * CP_STEP, e = b + CP_STEP < doc->size ? b + CP_STEP : doc->size;
        if (b < e) cp += utf8_count(doc->text + b, e - b);
    }
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* small text helpers                                                  */

static int is_hspace(const char *s, size_t i, size_t end, size_t *len) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') { *len = 1; return 1; }
    /* NBSP and narrow NBSP: French typography puts them before ':' */
    if (c == 0xC2 && i + 1 < end && (unsigned char)s[i + 1] == 0xA0) { *len = 2; return 1; }
    if (c == 0xE2 && i + 2 < end && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89)) {
        *len = 3;
        return 1;
    }
    return 0;
}

static size_t skip_hspace(const char *s, size_t i, size_t end) {
    size_t k;
    while (i < end && is_hspace(s, i, end, &k)) i += k;
    return i;
}

static size_t trim_end(const char *s, size_t start, size_t end) {
    while (end > start) {
        unsigned char c = (unsigned char)s[end - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n') end--;
        else if (end - start >= 2 && c == 0xA0 && (unsigned char)s[end - 2] == 0xC2) end -= 2;
        else if (end - start >= 3 && (c == 0xAF || c == 0x89) &&
                 (unsigned char)s[end - 2] == 0x80 && (unsigned char)s[end - 3] == 0xE2)
            end -= 3;
        else break;
    }
    return end;
}

static int is_letter_at(const char *s, size_t i, size_t end, size_t *len) {
    int32_t cp;
    *len = (size_t)utf8_decode((const unsigned char *)s + i, &cp);
    if (i + *len > end) return 0;
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    utf8proc_category_t cat = utf8proc_category(cp);
    return cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO;
}

/* Lower-cases (Unicode case folding) a label for comparisons. */
static char *fold_label(const char *s, size_t len) {
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s,
                                      (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE |
                                          UTF8PROC_CASEFOLD);
    if (n < 0) { free(out); return NULL; }
    return (char *)out;
}

/* ------------------------------------------------------------------ */
/* header                                                              */

static int add_variable(grille_document *doc, const char *k, size_t kl,
                        const char *v, size_t vl) {
    size_t capk = doc->capvars;
    if (GROW(doc->keys, doc->nvars, capk)) return GRILLE_ENOMEM;
    if (GROW(doc->values, doc->nvars, doc->capvars)) return GRILLE_ENOMEM;
    char *key = grille_strndup(k, kl);
    char *val = grille_strndup(v, vl);
    if (!key || !val) { free(key); free(val); return GRILLE_ENOMEM; }
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    /* A key given twice: the last one wins, as in YAML front matter. */
    for (size_t i = 0; i < doc->nvars; i++)
        if (strcmp(doc->keys[i], key) == 0) {
            free(doc->values[i]);
            doc->values[i] = val;
            free(key);
            return GRILLE_OK;
        }
    doc->keys[doc->nvars] = key;
    doc->values[doc->nvars] = val;
    doc->nvars++;
    return GRILLE_OK;
}

static size_t line_end(const grille_document *doc, size_t i) {
    const char *nl = memchr(doc->text + i, '\n', doc->size - i);
    return nl ? (size_t)(nl - doc->text) : doc->size;
}

static int is_fence(const grille_document *doc, size_t ls, size_t le) {
    le = trim_end(doc->text, ls, le);
    return le - ls == 3 && memcmp(doc->text + ls, "---", 3) == 0;
}

static int valid_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Front matter: "---" / "key: value" lines / "---".  Returns the offset
 * where the body starts. */
static int parse_front_matter(grille_document *doc, size_t start,
                              size_t *body, grille_error *err) {
    const char *t = doc->text;
    size_t i = line_end(doc, start) + 1;
    while (i <= doc->size) {
        if (i == doc->size) break;
        size_t le = line_end(doc, i);
        if (is_fence(doc, i, le)) {
            *body = le < doc->size ? le + 1 : le;
            return GRILLE_OK;
        }
        size_t p = skip_hspace(t, i, le);
        size_t e = trim_end(t, p, le);
        if (p == e || t[p] == '#') { i = le + 1; continue; }
        size_t k = p;
        while (k < e && valid_key_char(t[k])) k++;
        if (k == p || k >= e || t[k] != ':') {
            unsigned line, col;
            utf8_line_col(t, k, &line, &col);
            unsigned open_line, c2;
            utf8_line_col(t, start, &open_line, &c2);
            return grille_fail(err, GRILLE_ETRANSCRIPT, doc->name, line, col, k,
                               "expected 'key: value' (a key of letters, digits, '_' or '-') "
                               "or the '---' that closes the metadata header opened on line %u",
                               open_line);
        }
        size_t v = skip_hspace(t, k + 1, e);
        size_t ve = e;
        /* "value" and 'value' lose their quotes, as in YAML */
        if (ve - v >= 2 && (t[v] == '"' || t[v] == '\'') && t[ve - 1] == t[v]) { v++; ve--; }
        if (add_variable(doc, t + p, k - p, t + v, ve - v)) return GRILLE_ENOMEM;
        i = le + 1;
    }
    unsigned line, col;
    utf8_line_col(t, start, &line, &col);
    return grille_fail(err, GRILLE_ETRANSCRIPT, doc->name, line, col, start,
                       "the metadata header opened by '---' on line %u is never "
                       "closed by a second '---' line", line);
}

/* Iramuteq/Alceste star line: "**** *type_EI *territoire_rural". */
static int parse_star_line(grille_document *doc, size_t start, size_t le) {
    const char *t = doc->text;
    size_t i = start + 4;
    while (i < le) {
        while (i < le && (t[i] == ' ' || t[i] == '\t' || t[i] == '\r')) i++;
        if (i >= le) break;
        size_t w = i;
        while (i < le && t[i] != ' ' && t[i] != '\t' && t[i] != '\r') i++;
        if (t[w] != '*' || i - w < 2) continue;
        w++;
        const char *us = memchr(t + w, '_', i - w);
        size_t kl = us ? (size_t)(us - (t + w)) : i - w;
        const char *v = us ? us + 1 : t + i;
        size_t vl = us ? (size_t)((t + i) - v) : 0;
        if (add_variable(doc, t + w, kl, v, vl)) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* speaker labels                                                      */

typedef struct label_hit {
    size_t line_start;   /* where the line starts */
    size_t label_b0, label_b1;
    size_t content;      /* where the speech starts */
} label_hit;

static size_t skip_markup(const char *t, size_t i, size_t end) {
    while (i + 1 < end && ((t[i] == '*' && t[i + 1] == '*') || (t[i] == '_' && t[i + 1] == '_')))
        i += 2;
    return i;
}

/* Recognises "[00:12:31] **Coordinatrice** : text" and its variants.
 * Returns 1 and fills *h when the line starts with a label. */
static int match_label(const char *t, size_t ls, size_t le, label_hit *h) {
    size_t i = skip_hspace(t, ls, le);
    /* optional timestamp: [00:12:31] or (00:12) */
    if (i < le && (t[i] == '[' || t[i] == '(')) {
        char close = t[i] == '[' ? ']' : ')';
        size_t j = i + 1;
        while (j < le && ((t[j] >= '0' && t[j] <= '9') || t[j] == ':' || t[j] == '.' || t[j] == ','))
            j++;
        if (j < le && t[j] == close && j > i + 1) i = skip_hspace(t, j + 1, le);
        else return 0;
    }
    i = skip_markup(t, i, le);
    size_t b0 = i, k;
    if (i >= le || !is_letter_at(t, i, le, &k)) return 0;
    size_t words = 1, last_nonspace = i;
    while (i < le) {
        unsigned char c = (unsigned char)t[i];
        if (c == ':') break;
        if (i - b0 > 160) return 0; /* a label is short; bounds huge lines */
        if (c == ' ' || c == '\t') {
            size_t j = skip_hspace(t, i, le);
            if (j < le && t[j] != ':' && !(t[j] == '*' && j + 1 < le && t[j + 1] == '*')) words++;
            i = j;
            continue;
        }
        if (is_hspace(t, i, le, &k)) { i += k; continue; }
        if ((c == '*' || c == '_') && i + 1 < le && t[i + 1] == c) {
            size_t j = skip_hspace(t, skip_markup(t, i, le), le);
            if (j < le && t[j] == ':') { i = j; break; }
            return 0;
        }
        if (is_letter_at(t, i, le, &k) || (c >= '0' && c <= '9') || c == '-' || c == '\'' ||
            c == '.' || c == ',' || c == '_' || c == '(' || c == ')') {
            last_nonspace = i + (c < 0x80 ? 1 : k);
            i += c < 0x80 ? 1 : k;
            continue;
        }
        /* · in inclusive labels (Enquêteur·rice) */
        if (c == 0xC2 && i + 1 < le && (unsigned char)t[i + 1] == 0xB7) {
            i += 2;
            last_nonspace = i;
            continue;
        }
        /* ’ in a name (N’Diaye) */
        if (c == 0xE2 && i + 2 < le && (unsigned char)t[i + 1] == 0x80 &&
            (unsigned char)t[i + 2] == 0x99) {
            i += 3;
            last_nonspace = i;
            continue;
        }
        return 0;
    }
    if (i >= le || t[i] != ':') return 0;
    if (words > 12 || last_nonspace - b0 > 120) return 0;
    /* "10:30" or "http://": a label's colon is followed by space or EOL */
    if (i + 1 < le && t[i + 1] != ' ' && t[i + 1] != '\t' && t[i + 1] != '\r' &&
        t[i + 1] != '*' && t[i + 1] != '_' && !is_hspace(t, i + 1, le, &k))
        return 0;
    size_t b1 = last_nonspace;
    while (b1 > b0 && (t[b1 - 1] == '.' || t[b1 - 1] == ',')) b1--;
    if (b1 == b0) return 0;
    h->line_start = ls;
    h->label_b0 = b0;
    h->label_b1 = b1;
    size_t c = skip_markup(t, i + 1, le);
    h->content = skip_hspace(t, c, le);
    return 1;
}

/* Whether a label is in a comma-separated list (case folded). */
static int label_in_list(const char *folded, const char *list) {
    if (!list) return 0;
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        size_t n = (size_t)(e - p);
        while (n && p[n - 1] == ' ') n--;
        if (n) {
            char *f = fold_label(p, n);
            int same = f && strcmp(f, folded) == 0;
            free(f);
            if (same) return 1;
        }
        p = e;
    }
    return 0;
}

static int is_default_interviewer(const char *folded) {
    for (size_t i = 0; default_interviewers[i]; i++) {
        const char *d = default_interviewers[i];
        size_t n = strlen(d);
        if (strncmp(folded, d, n) != 0) continue;
        char next = folded[n];
        /* "enquêtrice", "enquêtrice 2", "e1" but not "emma" */
        if (next == '\0' || next == ' ' || next == '(' || (next >= '0' && next <= '9'))
            return 1;
    }
    return 0;
}

/* Words that start a line before a colon without naming a speaker. */
static const char *const not_speakers[] = {
    "alors", "donc", "bref", "enfin", "mais", "et", "ou", "oui", "non", "exemple",
    "objectif", "objectifs", "contexte", "remarque", "note", "nb", "attention",
    "conclusion", "résumé", "source", "sources", "rappel", "voilà", "bon", NULL};

static int starts_upper(const char *s) {
    int32_t cp;
    utf8_decode((const unsigned char *)s, &cp);
    return cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

/* Lower-case words that may sit inside a person's name. */
static int is_particle(const char *w, size_t n) {
    static const char *const particles[] = {"de", "du", "des", "la", "le", "d'", "van", "von", "di", "da", NULL};
    for (size_t i = 0; particles[i]; i++)
        if (strlen(particles[i]) == n && memcmp(particles[i], w, n) == 0) return 1;
    return 0;
}

/* "Coordinatrice", "Paul", "Philippe Le Ray" name a speaker even when
 * they speak once; "Je lui dis :" and "Alors :" do not. */
static int looks_like_name(const char *s, size_t n, const char *folded) {
    if (n == 0 || !starts_upper(s)) return 0;
    for (size_t i = 0; not_speakers[i]; i++)
        if (strcmp(folded, not_speakers[i]) == 0) return 0;
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        words++;
        if (!starts_upper(s + w) && !is_particle(s + w, i - w)) return 0;
    }
    return words <= 4;
}

/* "C2", "P10", "E3": participant codes are labels even when seen once. */
static int looks_like_code(const char *s, size_t n) {
    if (n < 2 || n > 4 || !((s[0] >= 'A' && s[0] <= 'Z'))) return 0;
    for (size_t i = 1; i < n; i++)
        if (s[i] < '0' || s[i] > '9') return 0;
    return 1;
}

static int find_speaker(grille_document *doc, const char *s, size_t n,
                        size_t *idx) {
    for (size_t i = 0; i < doc->nspeakers; i++)
        if (strlen(doc->speakers[i]) == n && memcmp(doc->speakers[i], s, n) == 0) {
            *idx = i;
            return GRILLE_OK;
        }
    if (GROW(doc->speakers, doc->nspeakers, doc->capspeakers)) return GRILLE_ENOMEM;
    char *copy = grille_strndup(s, n);
    if (!copy) return GRILLE_ENOMEM;
    doc->speakers[doc->nspeakers] = copy;
    *idx = doc->nspeakers++;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* turns and paragraphs                                                */

static int add_turn(grille_document *doc, size_t b0, size_t b1, size_t speaker,
                    int interviewer) {
    if (GROW(doc->turns, doc->nturns, doc->capturns)) return GRILLE_ENOMEM;
    dturn *tu = &doc->turns[doc->nturns++];
    document_span(doc, b0, b1, &tu->span);
    tu->speaker = speaker;
    tu->interviewer = interviewer;
    return GRILLE_OK;
}

/* A paragraph is one non-blank line of a turn: transcripts exported from
 * word processors and transcription tools put one paragraph per line. */
static int add_paragraphs(grille_document *doc, size_t turn) {
    const char *t = doc->text;
    size_t i = doc->turns[turn].span.b0, end = doc->turns[turn].span.b1;
    while (i < end) {
        size_t le = line_end(doc, i);
        if (le > end) le = end;
        size_t p = skip_hspace(t, i, le);
        size_t e = trim_end(t, p, le);
        if (e > p) {
            if (GROW(doc->paras, doc->nparas, doc->capparas)) return GRILLE_ENOMEM;
            dunit *u = &doc->paras[doc->nparas++];
            document_span(doc, p, e, &u->span);
            u->turn = u->parent = turn;
        }
        i = le + 1;
    }
    return GRILLE_OK;
}

typedef struct candidate {
    char *folded;
    size_t count;
} candidate;

static int read_turns(grille_document *doc, size_t body,
                      const grille_read_options *opts, grille_error *err) {
    const char *t = doc->text;
    size_t first_speaker;
    if (find_speaker(doc, "", 0, &first_speaker)) return GRILLE_ENOMEM;
    const char *turns_key = grille_document_get(doc, "turns");
    int no_turns = turns_key && (strcmp(turns_key, "none") == 0 || strcmp(turns_key, "no") == 0);
    const char *interviewers = opts && opts->interviewers ? opts->interviewers
                                                          : grille_document_get(doc, "interviewers");
    const char *declared = grille_document_get(doc, "speakers");

    /* Pass 1: lines that look like labels, and how often each label
     * occurs.  "Je lui dis : ..." looks like a label too, once; real
     * speakers come back. */
    label_hit *hits = NULL;
    size_t nhits = 0, caphits = 0;
    candidate *cands = NULL;
    size_t ncands = 0, capcands = 0;
    size_t *hit_cand = NULL, caphc = 0;
    int rc = GRILLE_OK;
    for (size_t i = body; !no_turns && i < doc->size;) {
        size_t le = line_end(doc, i);
        label_hit h;
        if (match_label(t, i, le, &h)) {
            char *f = fold_label(t + h.label_b0, h.label_b1 - h.label_b0);
            if (!f) { rc = GRILLE_ENOMEM; break; }
            size_t c;
            for (c = 0; c < ncands; c++)
                if (strcmp(cands[c].folded, f) == 0) break;
            if (c == ncands) {
                if (GROW(cands, ncands, capcands)) { free(f); rc = GRILLE_ENOMEM; break; }
                cands[ncands].folded = f;
                cands[ncands].count = 0;
                ncands++;
            } else
                free(f);
            cands[c].count++;
            if (GROW(hits, nhits, caphits) || GROW(hit_cand, nhits, caphc)) { rc = GRILLE_ENOMEM; break; }
            hit_cand[nhits] = c;
            hits[nhits++] = h;
        }
        i = le + 1;
    }

    size_t cur_start = body, cur_speaker = first_speaker;
    int cur_interviewer = 0;
    for (size_t k = 0; rc == GRILLE_OK && k < nhits; k++) {
        candidate *c = &cands[hit_cand[k]];
        const label_hit *h = &hits[k];
        int accept = c->count >= 2 || label_in_list(c->folded, declared) ||
                     label_in_list(c->folded, interviewers) ||
                     (!interviewers && is_default_interviewer(c->folded)) ||
                     looks_like_code(t + h->label_b0, h->label_b1 - h->label_b0) ||
                     looks_like_name(t + h->label_b0, h->label_b1 - h->label_b0, c->folded);
        if (!accept) continue;
        /* close the running turn (text before the first label is a turn
         * of its own, with no speaker, when it holds anything) */
        size_t end = trim_end(t, cur_start, h->line_start);
        size_t s = cur_start;
        while (s < end && (t[s] == '\n' || t[s] == ' ' || t[s] == '\t' || t[s] == '\r')) s++;
        if (end > s || cur_start != body)
            if ((rc = add_turn(doc, s, end > s ? end : s, cur_speaker, cur_interviewer))) break;
        if ((rc = find_speaker(doc, t + h->label_b0, h->label_b1 - h->label_b0, &cur_speaker))) break;
        cur_interviewer = interviewers ? label_in_list(c->folded, interviewers)
                                       : is_default_interviewer(c->folded);
        cur_start = h->content;
    }
    if (rc == GRILLE_OK) {
        size_t end = trim_end(t, cur_start, doc->size);
        size_t s = cur_start;
        while (s < end && (t[s] == '\n' || t[s] == ' ' || t[s] == '\t' || t[s] == '\r')) s++;
        if (end > s || doc->nturns > 0 || cur_start != body)
            rc = add_turn(doc, s, end > s ? end : s, cur_speaker, cur_interviewer);
    }
    for (size_t c = 0; c < ncands; c++) free(cands[c].folded);
    free(cands);
    free(hits);
    free(hit_cand);
    for (size_t k = 0; rc == GRILLE_OK && k < doc->nturns; k++) rc = add_paragraphs(doc, k);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, doc->name, 0, 0, 0, "out of memory");
    return rc;
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

static const char *base_name(const char *path) {
    const char *s = strrchr(path, '/');
    return s ? s + 1 : path;
}

static char *default_id(const char *name) {
    const char *b = base_name(name);
    size_t n = strlen(b);
    if (n > 4 && strcmp(b + n - 4, ".txt") == 0) n -= 4;
    return grille_strndup(b, n);
}

void grille_document_free(grille_document *doc) {
    if (!doc) return;
    free(doc->id);
    free(doc->name);
    free(doc->text);
    for (size_t i = 0; i < doc->nvars; i++) { free(doc->keys[i]); free(doc->values[i]); }
    free(doc->keys);
    free(doc->values);
    for (size_t i = 0; i < doc->nspeakers; i++) free(doc->speakers[i]);
    free(doc->speakers);
    free(doc->turns);
    free(doc->paras);
    free(doc->sents);
    free(doc->line_starts);
    free(doc->cp_marks);
    free(doc);
}

/* Takes ownership of text (size bytes, NUL-terminated). */
static grille_document *document_from_text(const char *name, char *text,
                                           size_t size,
                                           const grille_read_options *opts,
                                           grille_error *err) {
    grille_document *doc = calloc(1, sizeof *doc);
    if (!doc) { free(text); grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory"); return NULL; }
    doc->text = text;
    doc->size = size;
    doc->name = grille_strdup(name);
    doc->id = opts && opts->id ? grille_strdup(opts->id) : default_id(name);
    if (!doc->name || !doc->id) goto nomem;
    if (size > UINT32_MAX) {
        grille_fail(err, GRILLE_ELIMIT, name, 0, 0, 0,
                    "file is larger than 4 GiB; split it into several transcripts");
        goto fail;
    }
    size_t valid = utf8_valid_prefix((const unsigned char *)text, size);
    if (valid < size) {
        unsigned line, col;
        utf8_line_col(text, valid, &line, &col);
        grille_fail(err, GRILLE_EUTF8, name, line, col, valid,
                    "invalid UTF-8 (byte 0x%02X); save the file as UTF-8, "
                    "e.g. iconv -f WINDOWS-1252 -t UTF-8",
                    (unsigned char)text[valid]);
        goto fail;
    }
    if (memchr(text, '\0', size)) {
        size_t off = (size_t)((char *)memchr(text, '\0', size) - text);
        unsigned line, col;
        utf8_line_col(text, off, &line, &col);
        grille_fail(err, GRILLE_ETRANSCRIPT, name, line, col, off,
                    "NUL byte in a text file (is it a binary or UTF-16 file?)");
        goto fail;
    }
    if (index_lines(doc)) goto nomem;
    size_t body = 0;
    if (size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) body = 3;
    /* the header may follow blank lines */
    while (body < size && (text[body] == '\n' || text[body] == '\r')) body++;
    size_t le = line_end(doc, body);
    if (is_fence(doc, body, le)) {
        int rc = parse_front_matter(doc, body, &body, err);
        if (rc) goto fail;
    } else if (le - body >= 4 && memcmp(text + body, "****", 4) == 0) {
        if (parse_star_line(doc, body, le)) goto nomem;
        body = le < size ? le + 1 : le;
    }
    if (read_turns(doc, body, opts, err)) goto fail;
    if (document_split_sentences(doc, err)) goto fail;
    return doc;
nomem:
    grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory");
fail:
    grille_document_free(doc);
    return NULL;
}

grille_document *grille_document_parse(const char *name, const char *data,
                                       size_t len,
                                       const grille_read_options *opts,
                                       grille_error *err) {
    grille_error_clear(err);
    if (!name) name = "<memory>";
    if (!data && len) {
        grille_fail(err, GRILLE_EUSAGE, name, 0, 0, 0, "no data");
        return NULL;
    }
    char *copy = malloc(len + 1);
    if (!copy) { grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory"); return NULL; }
    if (len) memcpy(copy, data, len);
    copy[len] = '\0';
    return document_from_text(name, copy, len, opts, err);
}

grille_document *grille_document_load(const char *path,
                                      const grille_read_options *opts,
                                      grille_error *err) {
    grille_error_clear(err);
    if (!path) { grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no path"); return NULL; }
    FILE *f = fopen(path, "rb");
    if (!f) {
        grille_fail(err, GRILLE_EIO, path, 0, 0, 0, "cannot open: %s", strerror(errno));
        return NULL;
    }
    gbuf b = {0};
    char chunk[65536];
    size_t n;
    int rc = GRILLE_OK;
    while ((n = fread(chunk, 1, sizeof chunk, f)) > 0)
        if ((rc = gbuf_append(&b, chunk, n))) break;
    int read_error = ferror(f);
    fclose(f);
    if (rc || read_error) {
        gbuf_free(&b);
        grille_fail(err, rc ? rc : GRILLE_EIO, path, 0, 0, 0,
                    rc ? "out of memory" : "read error (is it a directory?)");
        return NULL;
    }
    if (!b.data && !(b.data = calloc(1, 1))) {
        grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory");
        return NULL;
    }
    return document_from_text(path, b.data, b.len, opts, err);
}

/* ------------------------------------------------------------------ */
/* streaming                                                           */

struct grille_reader {
    char *name;
    grille_read_options opts;
    char *interviewers, *id;
    gbuf buf;
};

grille_reader *grille_reader_new(const char *name,
                                 const grille_read_options *opts) {
    grille_reader *r = calloc(1, sizeof *r);
    if (!r) return NULL;
    r->name = grille_strdup(name ? name : "<stream>");
    if (opts && opts->interviewers) r->interviewers = grille_strdup(opts->interviewers);
    if (opts && opts->id) r->id = grille_strdup(opts->id);
    r->opts.interviewers = r->interviewers;
    r->opts.id = r->id;
    if (!r->name || (opts && opts->interviewers && !r->interviewers) ||
        (opts && opts->id && !r->id)) {
        grille_reader_free(r);
        return NULL;
    }
    return r;
}

int grille_reader_feed(grille_reader *r, const char *data, size_t len,
                       grille_error *err) {
    /* Validation waits for finish(): a chunk may end inside a character. */
    if (!r) return grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no reader");
    if (gbuf_append(&r->buf, data, len))
        return grille_fail(err, GRILLE_ENOMEM, r->name, 0, 0, 0, "out of memory");
    return GRILLE_OK;
}

grille_document *grille_reader_finish(grille_reader *r, grille_error *err) {
    grille_error_clear(err);
    if (!r) { grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no reader"); return NULL; }
    char *text = r->buf.data ? r->buf.data : calloc(1, 1);
    size_t len = r->buf.len;
    r->buf.data = NULL;
    r->buf.len = r->buf.cap = 0;
    if (!text) { grille_fail(err, GRILLE_ENOMEM, r->name, 0, 0, 0, "out of memory"); return NULL; }
    return document_from_text(r->name, text, len, &r->opts, err);
}

void grille_reader_free(grille_reader *r) {
    if (!r) return;
    free(r->name);
    free(r->interviewers);
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

int grille_document_variable(const grille_document *doc, size_t i,
                             const char **key, const char **value) {
    if (!doc || i >= doc->nvars) return GRILLE_EUSAGE;
    if (key) *key = doc->keys[i];
    if (value) *value = doc->values[i];
    return GRILLE_OK;
}

/* Keys are stored lower-cased; "Type" finds "type". */
static int key_equals(const char *stored, const char *key) {
    for (; *stored && *key; stored++, key++) {
        char c = *key >= 'A' && *key <= 'Z' ? (char)(*key - 'A' + 'a') : *key;
        if (*stored != c) return 0;
    }
    return *stored == *key;
}

const char *grille_document_get(const grille_document *doc, const char *key) {
    if (!doc || !key) return NULL;
    for (size_t i = 0; i < doc->nvars; i++)
        if (key_equals(doc->keys[i], key)) return doc->values[i];
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

size_t grille_document_unit_count(const grille_document *doc,
                                  grille_unit_kind kind) {
    if (!doc) return 0;
    switch (kind) {
    case GRILLE_UNIT_TURN: return doc->nturns;
    case GRILLE_UNIT_PARAGRAPH: return doc->nparas;
    case GRILLE_UNIT_SENTENCE: return doc->nsents;
    }
    return 0;
}

int grille_document_unit(const grille_document *doc, grille_unit_kind kind,
                         size_t i, grille_unit *out) {
    if (!doc || !out || i >= grille_document_unit_count(doc, kind)) return GRILLE_EUSAGE;
    out->kind = kind;
    out->index = i;
    if (kind == GRILLE_UNIT_TURN) {
        out->turn = i;
        document_public_span(&doc->turns[i].span, &out->span);
    } else {
        const dunit *u = kind == GRILLE_UNIT_PARAGRAPH ? &doc->paras[i] : &doc->sents[i];
        out->turn = u->turn;
        document_public_span(&u->span, &out->span);
    }
    return GRILLE_OK;
}

const char *grille_document_turn_speaker(const grille_document *doc,
                                         size_t turn) {
    if (!doc || turn >= doc->nturns) return NULL;
    return doc->speakers[doc->turns[turn].speaker];
}

int grille_document_turn_is_interviewer(const grille_document *doc,
                                        size_t turn) {
    if (!doc || turn >= doc->nturns) return 0;
    return doc->turns[turn].interviewer;
}

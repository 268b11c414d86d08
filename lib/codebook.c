/* codebook.c - loading an XML codebook: parse safely with libxml2,
 * validate against the embedded RELAX NG schema, check what a schema
 * cannot (unique ids, regexes, empty themes), compile rules into the
 * word index used by match.c. */
#include "codebook_load.h"
#include "utf8.h"
#include <errno.h>
#include <stdio.h>
#include <libxml/relaxng.h>

extern const char grille_codebook_schema[]; /* schema.c, generated */

/* ------------------------------------------------------------------ */
/* diagnostics                                                         */

typedef struct diag {
    grille_error e;
    int is_error;
} diag;

struct grille_diagnostics {
    diag *v;
    size_t n, cap;
};

size_t grille_diagnostics_count(const grille_diagnostics *d) { return d ? d->n : 0; }

const grille_error *grille_diagnostics_get(const grille_diagnostics *d,
                                           size_t i, int *is_error) {
    if (!d || i >= d->n) return NULL;
    if (is_error) *is_error = d->v[i].is_error;
    return &d->v[i].e;
}

void grille_diagnostics_free(grille_diagnostics *d) {
    if (!d) return;
    free(d->v);
    free(d);
}

/* A weight or score as written: "2", "-0.5", "1,5" (a French decimal
 * comma), at most 1000 either way. */
static int parse_number(const char *s, double *out) {
    char buf[64];
    size_t n = 0;
    while (*s == ' ' || *s == '\t' || *s == '\n') s++;
    for (; *s && n + 1 < sizeof buf; s++) buf[n++] = *s == ',' ? '.' : *s;
    while (n && (buf[n - 1] == ' ' || buf[n - 1] == '\t' || buf[n - 1] == '\n')) n--;
    buf[n] = '\0';
    char *end;
    double v = strtod(buf, &end);
    if (n == 0 || *end || v != v || v > 1000 || v < -1000) return -1;
    *out = v;
    return 0;
}

void add_diag(loader *L, int is_error, int code, unsigned line,
              unsigned col, const char *fmt, ...) {
    if (GROW(L->diags->v, L->diags->n, L->diags->cap)) { L->oom = 1; return; }
    diag *d = &L->diags->v[L->diags->n++];
    memset(d, 0, sizeof *d);
    d->is_error = is_error;
    d->e.code = is_error ? code : GRILLE_OK;
    snprintf(d->e.file, sizeof d->e.file, "%s", L->name);
    d->e.line = line;
    d->e.column = col;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(d->e.message, sizeof d->e.message, fmt, ap);
    va_end(ap);
    /* libxml2 messages end with a newline */
    size_t n = strlen(d->e.message);
    while (n && (d->e.message[n - 1] == '\n' || d->e.message[n - 1] == ' ')) d->e.message[--n] = '\0';
    if (is_error) {
        if (!L->errors) L->first_code = code;
        L->errors++;
    }
}

/* libxml2 reports through these, per parser or validation context: no
 * global handler is installed.  Well-formedness errors are put in plain
 * words by report_xml_error(). */
static void on_xml_error(void *data, xmlErrorPtr e) {
    loader *L = data;
    if (e->level == XML_ERR_WARNING) return;
    if (e->domain != XML_FROM_RELAXNGV && e->domain != XML_FROM_RELAXNGP) {
        report_xml_error(L, e);
        return;
    }
    /* check_structure() explains what it knows before the schema runs:
     * the validator's own words show only for what it missed */
    unsigned line = e->line > 0 ? (unsigned)e->line : 0, col = 0;
    xmlNodePtr node = e->node;
    if (node && node->type == XML_ELEMENT_NODE) element_position(L, node, &line, &col);
    const char *msg = e->message ? e->message : "error";
    /* "Element x failed to validate content" repeats the error before it */
    if (strstr(msg, "failed to validate content") && L->diags->n &&
        L->diags->v[L->diags->n - 1].e.line == line)
        return;
    add_diag(L, 1, GRILLE_ESCHEMA, line, col, "schema: %s", msg);
}

/* The parser passes its context (ctxt->userData is ctxt itself, which the
 * default SAX handlers rely on); the loader hangs off ctxt->_private. */
static void on_parse_error(void *data, xmlErrorPtr e) {
    xmlParserCtxtPtr ctxt = data;
    on_xml_error(ctxt->_private, e);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type,
                           const xmlChar *publicId, const xmlChar *systemId,
                           xmlChar *content) {
    xmlParserCtxtPtr ctxt = ctx;
    loader *L = ctxt->_private;
    unsigned line = ctxt->input ? (unsigned)ctxt->input->line : 0;
    unsigned col = column_of(L, line, "<!ENTITY");
    if (type == XML_EXTERNAL_GENERAL_PARSED_ENTITY || type == XML_EXTERNAL_GENERAL_UNPARSED_ENTITY ||
        type == XML_EXTERNAL_PARAMETER_ENTITY)
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "entity declarations are not allowed in a codebook (entity '%s', an external entity: grille "
                 "never reads files or the network named in a codebook): remove the <!DOCTYPE> block",
                 (const char *)name);
    else
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "entity declarations are not allowed in a codebook (entity '%s'): remove the <!DOCTYPE> "
                 "block and write the text itself where &%s; is used", (const char *)name, (const char *)name);
    (void)publicId; (void)systemId; (void)content;
    /* Stop here: nothing that follows can be trusted. */
    L->xml_failed = 1;
    xmlStopParser(ctxt);
}

/* ------------------------------------------------------------------ */
/* tree helpers                                                        */

int is_el(xmlNodePtr n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href &&
           strcmp((const char *)n->ns->href, NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

/* NULL for an absent attribute; out of memory sets L->oom, or the
 * attribute would read as absent (a near rule without its distance, a
 * case="exact" word folded). */
static char *attr(loader *L, xmlNodePtr n, const char *name) {
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = grille_strdup((const char *)v);
    xmlFree(v);
    if (!s) L->oom = 1;
    return s;
}

static char *text_of(xmlNodePtr n) {
    xmlChar *v = xmlNodeGetContent(n);
    char *s = grille_strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

static char *trimmed(char *s) {
    if (!s) return NULL;
    size_t a = 0, n = strlen(s);
    while (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r') a++;
    while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    memmove(s, s + a, n - a);
    s[n - a] = '\0';
    return s;
}

static unsigned node_line(xmlNodePtr n) {
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned)l : 0;
}

static unsigned el_col(loader *L, xmlNodePtr n) {
    unsigned line, col;
    element_position(L, n, &line, &col);
    return col;
}

/* ------------------------------------------------------------------ */
/* settings                                                            */

static int parse_bool(const char *s) { return strcmp(s, "true") == 0 || strcmp(s, "1") == 0; }

static void read_settings(loader *L, xmlNodePtr settings) {
    grille_codebook *cb = L->cb;
    for (xmlNodePtr c = settings->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        char *v = trimmed(text_of(c));
        if (!v) { L->oom = 1; return; }
        if (is_el(c, "unit")) {
            if (strcmp(v, "sentence") == 0) cb->unit = GRILLE_UNIT_SENTENCE;
            else if (strcmp(v, "paragraph") == 0) cb->unit = GRILLE_UNIT_PARAGRAPH;
            else if (strcmp(v, "turn") == 0) cb->unit = GRILLE_UNIT_TURN;
        } else if (is_el(c, "speakers")) {
            if (strcmp(v, "respondents") == 0) cb->speakers = GRILLE_SPEAKERS_RESPONDENTS;
            else if (strcmp(v, "interviewers") == 0) cb->speakers = GRILLE_SPEAKERS_INTERVIEWERS;
            else if (strcmp(v, "all") == 0) cb->speakers = GRILLE_SPEAKERS_ALL;
        } else if (is_el(c, "case-folding")) {
            cb->case_fold = parse_bool(v);
        } else if (is_el(c, "accent-folding")) {
            cb->accent_fold = parse_bool(v);
        } else if (is_el(c, "min-hits")) {
            long m = strtol(v, NULL, 10);
            if (m < 1 || m > 1000)
                add_diag(L, 1, GRILLE_ECODEBOOK, node_line(c), el_col(L, c),
                         "min-hits must be a whole number from 1 to 1000, not '%s'", v);
            else
                cb->min_hits = (unsigned)m;
        } else if (is_el(c, "min-score")) {
            if (parse_number(v, &cb->min_score) || cb->min_score <= 0)
                add_diag(L, 1, GRILLE_ECODEBOOK, node_line(c), el_col(L, c),
                         "min-score must be a number above 0, at most 1000 (1, 2,5), not '%s'", v);
            else
                cb->has_min_score = 1;
        } else if (is_el(c, "lexicon-supplement")) {
            /* relative to the codebook's directory */
            const char *slash = strrchr(L->name, '/');
            gbuf p = {0};
            if (v[0] != '/' && slash) gbuf_append(&p, L->name, (size_t)(slash - L->name + 1));
            gbuf_append(&p, v, strlen(v));
            free(L->supplement);
            L->supplement = p.data;
            if (!p.data) L->oom = 1;
            L->supplement_line = node_line(c);
            L->supplement_col = el_col(L, c);
        } else if (is_el(c, "hesitations")) {
            free(cb->hesitations);
            cb->hesitations = v;
            v = NULL;
        }
        free(v);
    }
}

/* ------------------------------------------------------------------ */
/* rules                                                               */

static int new_rule(loader *L, grille_rule_kind kind, int theme, int exclude,
                    unsigned line) {
    grille_codebook *cb = L->cb;
    if (GROW(cb->rules, cb->nrules, cb->caprules)) { L->oom = 1; return -1; }
    rnode *r = &cb->rules[cb->nrules];
    memset(r, 0, sizeof *r);
    r->kind = kind;
    r->leaf = -1;
    r->theme = theme;
    r->parent = -1;
    r->exclude = exclude;
    r->weight = 1;
    r->line = line;
    return (int)cb->nrules++;
}



static int kind_of(xmlNodePtr n, grille_rule_kind *k) {
    static const struct { const char *name; grille_rule_kind kind; } kinds[] = {
        {"word", GRILLE_RULE_WORD}, {"phrase", GRILLE_RULE_PHRASE},
        {"lemma", GRILLE_RULE_LEMMA}, {"regex", GRILLE_RULE_REGEX},
        {"near", GRILLE_RULE_NEAR}, {"all", GRILLE_RULE_ALL}, {"any", GRILLE_RULE_ANY}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (is_el(n, kinds[i].name)) { *k = kinds[i].kind; return 1; }
    return 0;
}

static int is_leaf_kind(grille_rule_kind k) {
    return k == GRILLE_RULE_WORD || k == GRILLE_RULE_PHRASE || k == GRILLE_RULE_LEMMA ||
           k == GRILLE_RULE_REGEX;
}

/* Where the text of element n starts in the source: after the '>' of its
 * start tag on its line.  Used to point into a regex pattern. */
static unsigned text_column(loader *L, xmlNodePtr n, size_t offset_cp) {
    unsigned line = node_line(n);
    unsigned col = el_col(L, n);
    const char *p = L->src, *end = L->src + L->len;
    for (unsigned l = 1; l < line && p < end; l++) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl) return col;
        p = nl + 1;
    }
    /* walk to the start tag, then to its '>' */
    const char *q = p;
    for (unsigned c = 1; c < col && q < end;) {
        int32_t cp;
        q += utf8_decode((const unsigned char *)q, &cp);
        c++;
    }
    while (q < end && *q != '>') q++;
    if (q >= end) return col;
    q++;
    unsigned c = (unsigned)utf8_count(p, (size_t)(q - p)) + 1;
    /* each entity reference (&lt;) stands for one character */
    for (size_t k = 0; k < offset_cp && q < end && *q != '\n'; k++) {
        if (*q == '&') {
            const char *semi = memchr(q, ';', (size_t)(end - q) < 12 ? (size_t)(end - q) : 12);
            size_t adv = semi ? (size_t)(semi - q + 1) : 1;
            q += adv;
            c += (unsigned)adv;
        } else {
            int32_t cp;
            q += utf8_decode((const unsigned char *)q, &cp);
            c++;
        }
    }
    return c;
}

/* Whether the two-byte character c d is one lower_latin() lowers or
 * leaves as is knowingly: Latin-1 letters, œ Œ Ÿ. */
static int latin_pair(unsigned char c, unsigned char d) {
    return c == 0xC3 || (c == 0xC5 && (d == 0x92 || d == 0x93 || d == 0xB8));
}

int lower_latin(const char *s, size_t n, char *out) {
    int exotic = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            out[i] = (char)(c >= 'A' && c <= 'Z' ? c + 32 : c);
            continue;
        }
        unsigned char d = i + 1 < n ? (unsigned char)s[i + 1] : 0;
        if (c == 0xC3 && i + 1 < n) {
            /* À..Þ but × */
            out[i] = (char)c;
            out[++i] = (char)((d >= 0x80 && d <= 0x9E && d != 0x97) ? d + 0x20 : d);
        } else if (c == 0xC5 && (d == 0x92 || d == 0xB8) && i + 1 < n) {
            /* Œ -> œ (C5 93); Ÿ -> ÿ (C3 BF), same length */
            out[i] = (char)(d == 0x92 ? 0xC5 : 0xC3);
            out[++i] = (char)(d == 0x92 ? 0x93 : 0xBF);
        } else {
            /* letters that case-fold outside these blocks (Greek,
             * Cyrillic, Latin Extended, the Kelvin sign K, long s) */
            if ((c >= 0xC4 && c <= 0xDF && !latin_pair(c, d)) || c == 0xE1 ||
                (c == 0xE2 && d == 0x84) || (c == 0xEF && (d == 0xBC || d == 0xBD)))
                exotic = 1;
            out[i] = (char)c;
        }
    }
    return exotic;
}

/* A literal that every match of the pattern contains: the letters after
 * an optional leading \b, up to the first operator, without a last
 * character made optional by a quantifier ("\bco-?constru" gives "co").
 * Patterns with a top-level alternative have none.  The matcher skips a
 * regex on a turn that does not contain its literal: PCRE2 then scans a
 * fraction of the text. */
static void regex_literal(rleaf *lf, const char *pat) {
    lf->lit_len = 0;
    int depth = 0, in_class = 0;
    for (const char *p = pat; *p; p++) {
        if (*p == '\\') { if (p[1]) p++; continue; }
        if (in_class) { if (*p == ']') in_class = 0; continue; }
        if (*p == '[') in_class = 1;
        else if (*p == '(') depth++;
        else if (*p == ')') depth--;
        else if (*p == '|' && depth == 0) return;
    }
    const char *p = pat;
    if (p[0] == '\\' && p[1] == 'b') p += 2;
    const char *start = p, *last = p;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            /* only characters lower_latin() lowers like PCRE2 does */
            unsigned char d = (unsigned char)p[1];
            if (!latin_pair(c, d) || (c == 0xC3 && (d == 0x97 || d == 0xB7))) break;
            last = p;
            p += 2;
            continue;
        }
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') { last = p++; continue; }
        if (c == '-' ) { last = p++; continue; }
        break;
    }
    const char *end = p;
    if (*p == '?' || *p == '*' || *p == '{') end = last; /* last char optional */
    size_t n = (size_t)(end - start);
    if (n < 3) return;
    if (n > sizeof lf->lit - 1) {
        n = sizeof lf->lit - 1;
        while (n && ((unsigned char)start[n] & 0xC0) == 0x80) n--; /* whole characters */
    }
    lower_latin(start, n, lf->lit);
    lf->lit[n] = '\0';
    lf->lit_len = n;
}

/* For a pattern without a leading literal: the longest run of letters
 * outside groups and classes that is not made optional, which every match
 * must contain ("\\b(?:villes?|bourgs?)[-\\s]centres?" needs "centre"). */
static void regex_needed_literal(rleaf *lf, const char *pat) {
    lf->need_len = 0;
    int depth = 0, in_class = 0;
    const char *best = NULL, *run = NULL;
    size_t best_n = 0;
    for (const char *p = pat;; p++) {
        unsigned char c = (unsigned char)*p;
        int letter = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                     (c >= 0x80 && latin_pair(c, (unsigned char)p[1])) ||
                     (run && ((c & 0xC0) == 0x80)); /* second byte of one */
        if (depth == 0 && !in_class && letter && c) {
            if (!run) run = p;
            continue;
        }
        if (run) {
            const char *end = p;
            if (c == '?' || c == '*' || c == '{') { /* last character optional */
                end--;
                while (end > run && ((unsigned char)*end & 0xC0) == 0x80) end--;
            }
            if ((size_t)(end - run) > best_n) { best = run; best_n = (size_t)(end - run); }
            run = NULL;
        }
        if (!c) break;
        if (c == '\\') {
            if (!p[1]) break;
            p++;
            continue;
        }
        if (in_class) { if (c == ']') in_class = 0; continue; }
        if (c == '[') in_class = 1;
        else if (c == '(') depth++;
        else if (c == ')') depth--;
        else if (c == '|' && depth == 0) return;
    }
    if (best_n < 3) return;
    if (best_n > sizeof lf->need - 1) {
        best_n = sizeof lf->need - 1;
        while (best_n && ((unsigned char)best[best_n] & 0xC0) == 0x80) best_n--;
    }
    lower_latin(best, best_n, lf->need);
    lf->need[best_n] = '\0';
    memcpy(lf->need_cased, best, best_n);
    lf->need_cased[best_n] = '\0';
    lf->need_len = best_n;
}

static int compile_regex(loader *L, xmlNodePtr n, rleaf *lf, const char *text) {
    uint32_t opts = PCRE2_UTF | PCRE2_UCP;
    if (L->cb->case_fold && !lf->case_exact) opts |= PCRE2_CASELESS;
    int ecode;
    PCRE2_SIZE eoff;
    lf->re = pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, opts, &ecode, &eoff, NULL);
    if (!lf->re) {
        PCRE2_UCHAR msg[256];
        pcre2_get_error_message(ecode, msg, sizeof msg);
        size_t len = strlen(text), at = eoff <= len ? eoff : len;
        size_t off_cp = utf8_count(text, at);
        /* the reason first; a long pattern is shown around the error only */
        size_t b = at > 30 ? at - 30 : 0, e = at + 30 < len ? at + 30 : len;
        while (b > 0 && ((unsigned char)text[b] & 0xC0) == 0x80) b--;
        while (e < len && ((unsigned char)text[e] & 0xC0) == 0x80) e++;
        add_diag(L, 1, GRILLE_EREGEX, node_line(n), text_column(L, n, off_cp),
                 "regex does not compile: %s, at offset %zu of the pattern: '%s%.*s%s'", (const char *)msg,
                 (size_t)eoff, b ? "..." : "", (int)(e - b), text + b, e < len ? "..." : "");
        return -1;
    }
    /* JIT may be unavailable on the platform; the interpreter still works. */
    (void)pcre2_jit_compile(lf->re, PCRE2_JIT_COMPLETE);
    /* a case-sensitive pattern may need "É" where the lowered text has
     * "é": the literal test would still hold, lowered on both sides */
    if (!L->cb->accent_fold) {
        regex_literal(lf, text);
        if (!lf->lit_len) regex_needed_literal(lf, text);
        /* a case-sensitive regex needs its literal as written (unless an
         * inline option such as (?i) may change that) */
        lf->need_exact = lf->need_len && (lf->case_exact || !L->cb->case_fold) && !strstr(text, "(?");
    }
    return 0;
}

/* Folds and splits a word/phrase/lemma pattern with the transcript
 * tokenizer, so that rules and text agree on what a word is. */
static int compile_words(loader *L, xmlNodePtr n, rleaf *lf, const char *text) {
    grille_codebook *cb = L->cb;
    toklist tl = {0};
    if (tokenize_text(&cb->tc, text, 0, strlen(text), 0, 0, 0, 1, &tl)) {
        toklist_free(&tl);
        L->oom = 1;
        return -1;
    }
    unsigned line = node_line(n), col = el_col(L, n);
    int rc = 0;
    size_t words = 0;
    for (size_t i = 0; i < tl.n; i++) {
        const tok *t = &tl.v[i];
        if (t->flags & GRILLE_TOKEN_MARK) {
            add_diag(L, 1, GRILLE_ECODEBOOK, line, col,
                     "'%.*s' is a transcription mark, which rules never match",
                     (int)(t->b1 - t->b0), text + t->b0);
            rc = -1;
            continue;
        }
        if (t->flags & GRILLE_TOKEN_HESITATION)
            add_diag(L, 0, GRILLE_OK, line, col,
                     "'%s' is in the hesitation list, so this rule never matches it",
                     tok_form(&tl, t));
        words++;
    }
    if (rc == 0 && words == 0) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col,
                 "<%s>%s</%s> holds no word: punctuation is not part of any word, in rules as in transcripts, "
                 "so it could never match", (const char *)n->name, text, (const char *)n->name);
        rc = -1;
    }
    if (rc == 0 && lf->kind != GRILLE_RULE_LEMMA) lint_pattern(L, n, text, &tl);
    if (rc == 0 && lf->kind != GRILLE_RULE_PHRASE && (strchr(text, ' ') || strchr(text, '\t'))) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col,
                 "a <%s> holds one word; write <phrase>%s</phrase> for several", (const char *)n->name, text);
        rc = -1;
    }
    if (rc == 0 && lf->kind == GRILLE_RULE_LEMMA && strchr(text, '*')) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col,
                 "a <lemma> cannot hold '*': write <word>%s</word> for a glob", text);
        rc = -1;
    }
    if (rc == 0) {
        lf->words = calloc(words, sizeof *lf->words);
        if (!lf->words) { L->oom = 1; rc = -1; }
    }
    for (size_t i = 0; rc == 0 && i < tl.n; i++) {
        const tok *t = &tl.v[i];
        if (t->flags & GRILLE_TOKEN_MARK) continue;
        wpat *w = &lf->words[lf->nwords++];
        w->form = grille_strndup(tok_form(&tl, t), t->form_len);
        w->len = t->form_len;
        w->glob = w->form && memchr(w->form, '*', w->len) != NULL; /* form NULL: out of memory */
        w->exact = fold_dup(&cb->tc.exact, text + t->b0, t->b1 - t->b0);
        if (!w->form || !w->exact) { L->oom = 1; rc = -1; }
    }
    toklist_free(&tl);
    return rc;
}

static int read_rule(loader *L, xmlNodePtr n, int theme, int exclude);

static int has_lemma(const rleaf *lf, uint32_t id) {
    for (size_t i = 0; i < lf->nlemmas; i++)
        if (lf->lemmas[i] == id) return 1;
    return 0;
}

/* A lemma rule names a lemma of the lexicon ("coordonner").  A word that
 * is not one ("coordinatrice": the table gives masculine lemmas) is read
 * as a form and stands for its lemmas.  Without a lexicon, or for a word
 * the lexicon lacks, the rule matches its exact form. */
static int resolve_lemma(loader *L, xmlNodePtr n, rleaf *lf, const char *text) {
    grille_codebook *cb = L->cb;
    unsigned line = node_line(n), col = el_col(L, n);
    char *pos = attr(L, n, "pos"), *except = attr(L, n, "except");
    int rc = 0;
    for (char *p = pos; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        char *e = p;
        while (*e && *e != ' ' && *e != ',') e++;
        if (e > p) {
            int k = lexicon_pos_parse(p, (size_t)(e - p));
            if (k < 0) {
                add_diag(L, 1, GRILLE_ECODEBOOK, line, col,
                         "unknown part of speech '%.*s' (nom, adj, verbe, adv, prep, pro, det, conj, "
                         "interj, nompr, autre)", (int)(e - p), p);
                rc = -1;
            } else
                lf->pos_mask |= 1u << k;
        }
        p = e;
    }
    for (char *p = except; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        char *e = p;
        while (*e && *e != ' ' && *e != ',') e++;
        if (e > p) {
            char **x = realloc(lf->except, (lf->nexcept + 1) * sizeof *x);
            if (!x) { L->oom = 1; break; }
            lf->except = x;
            if (!(x[lf->nexcept] = fold_dup(&cb->tc.fold, p, (size_t)(e - p)))) { L->oom = 1; break; }
            lf->nexcept++;
        }
        p = e;
    }
    free(pos);
    free(except);
    if (rc || L->oom) return -1;
    if (lf->nwords != 1) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col, "a <lemma> holds one word, not '%s'", text);
        return -1;
    }
    if (!cb->lexicon) {
        if (!L->warned_no_lexicon)
            add_diag(L, 0, GRILLE_OK, line, col,
                     "no lexicon was loaded: lemma rules match their exact form only");
        L->warned_no_lexicon = 1;
        return 0;
    }
    char *raw = fold_dup(&cb->tc.raw, text, strlen(text));
    if (!raw) { L->oom = 1; return -1; }
    long id = lexicon_find_lemma(cb->lexicon, raw, strlen(raw));
    lemma_cand cand[LEMMA_MAX];
    size_t ncand = 0;
    if (id >= 0) {
        cand[0] = (lemma_cand){(uint32_t)id, 0};
        ncand = 1;
    } else
        ncand = lemmatize(cb->lexicon, raw, strlen(raw), cand);
    lf->lemmas = calloc(ncand + 1, sizeof *lf->lemmas);
    if (!lf->lemmas) { free(raw); L->oom = 1; return -1; }
    for (size_t i = 0; i < ncand; i++)
        if ((id >= 0 || !lf->pos_mask || (lf->pos_mask >> cand[i].pos & 1)) && !has_lemma(lf, cand[i].lemma))
            lf->lemmas[lf->nlemmas++] = cand[i].lemma;
    if (lf->nlemmas == 0) {
        add_diag(L, 0, GRILLE_OK, line, col,
                 "'%s' is neither a lemma nor a form of the lexicon: the rule matches that exact word only", raw);
    } else if (id < 0 && lf->nlemmas > 1) {
        gbuf b = {0};
        for (size_t i = 0; i < lf->nlemmas; i++)
            gbuf_printf(&b, "%s%s", i ? ", " : "", lexicon_lemma_string(cb->lexicon, lf->lemmas[i], NULL));
        add_diag(L, 0, GRILLE_OK, line, col,
                 "'%s' is not a lemma of the lexicon but a form of several (%s): the rule matches all of "
                 "them; write the lemma you mean, or add pos=\"...\"", raw, b.data ? b.data : "");
        gbuf_free(&b);
    }
    free(raw);
    cb->has_lemma_rules |= lf->nlemmas > 0;
    return 0;
}

static int read_leaf(loader *L, xmlNodePtr n, grille_rule_kind kind, int r) {
    grille_codebook *cb = L->cb;
    char *text = text_of(n);
    if (!text) { L->oom = 1; return -1; }
    if (kind != GRILLE_RULE_REGEX) trimmed(text);
    cb->rules[r].text = text;
    if (GROW(cb->leaves, cb->nleaves, cb->capleaves)) { L->oom = 1; return -1; }
    rleaf *lf = &cb->leaves[cb->nleaves];
    memset(lf, 0, sizeof *lf);
    lf->kind = kind;
    lf->rule = r;
    char *c = attr(L, n, "case");
    lf->case_exact = c && strcmp(c, "exact") == 0;
    free(c);
    cb->rules[r].leaf = (int)cb->nleaves++;
    if (text[0] == '\0') {
        add_diag(L, 1, GRILLE_ECODEBOOK, node_line(n), el_col(L, n), "empty <%s> rule",
                 (const char *)n->name);
        return -1;
    }
    if (kind == GRILLE_RULE_REGEX) return compile_regex(L, n, lf, text);
    if (compile_words(L, n, lf, text)) return -1;
    if (kind == GRILLE_RULE_LEMMA) return resolve_lemma(L, n, lf, text);
    return 0;
}

static int read_rule(loader *L, xmlNodePtr n, int theme, int exclude) {
    grille_codebook *cb = L->cb;
    grille_rule_kind kind;
    if (!kind_of(n, &kind)) return -1;
    int r = new_rule(L, kind, theme, exclude, node_line(n));
    if (r < 0) return -1;
    /* without an id, one is derived once the codebook is read (rule_ids.c) */
    char *given = attr(L, n, "id");
    cb->rules[r].id = given ? given : grille_strdup("");
    char *w = attr(L, n, "weight");
    if (w) {
        double v = 0;
        unsigned wl, wc;
        attribute_position(L, n, "weight", &wl, &wc);
        if (parse_number(w, &v) || v == 0)
            add_diag(L, 1, GRILLE_ECODEBOOK, wl, wc,
                     "weight must be a number from -1000 to 1000 other than 0 (2, -1, 0,5), not '%s'", w);
        else if (exclude || L->depth > 0)
            add_diag(L, 1, GRILLE_ECODEBOOK, wl, wc,
                     "weight is read on a theme's own rules, not on a rule inside <%s>: put it on "
                     "the enclosing rule", exclude ? "exclude" : "near>, <all> or <any");
        else
            cb->rules[r].weight = v;
        free(w);
    }
    if (!cb->rules[r].id) { L->oom = 1; return -1; }
    if (is_leaf_kind(kind)) {
        read_leaf(L, n, kind, r);
        return r;
    }
    if (kind == GRILLE_RULE_NEAR) {
        char *d = attr(L, n, "distance"), *o = attr(L, n, "ordered");
        long dist = d ? strtol(d, NULL, 10) : 0;
        if (dist < 1 || dist > 1000) {
            unsigned dl, dc;
            attribute_position(L, n, "distance", &dl, &dc);
            add_diag(L, 1, GRILLE_ECODEBOOK, dl, dc,
                     "distance must be a whole number from 1 to 1000, not '%s'", d ? d : "");
            dist = 1;
        }
        cb->rules[r].distance = (unsigned)dist;
        cb->rules[r].ordered = o && parse_bool(o);
        free(d);
        free(o);
    }
    for (xmlNodePtr c = n->children; c; c = c->next) {
        grille_rule_kind ck;
        if (c->type != XML_ELEMENT_NODE || !kind_of(c, &ck)) continue;
        if (kind == GRILLE_RULE_NEAR && !is_leaf_kind(ck)) {
            add_diag(L, 1, GRILLE_ECODEBOOK, node_line(c), el_col(L, c),
                     "<near> combines word, phrase, lemma or regex rules, not <%s>",
                     (const char *)c->name);
            continue;
        }
        L->depth++;
        int child = read_rule(L, c, theme, exclude);
        L->depth--;
        if (child < 0) continue;
        cb->rules[child].parent = r;
        rnode *rr = &cb->rules[r];
        int *nc = realloc(rr->children, (rr->nchildren + 1) * sizeof *nc);
        if (!nc) { L->oom = 1; return -1; }
        rr->children = nc;
        rr->children[rr->nchildren++] = child;
    }
    /* the matcher tracks a near's rules in a 64-bit set: a longer one
     * would never code anything */
    if (kind == GRILLE_RULE_NEAR && cb->rules[r].nchildren > 64)
        add_diag(L, 1, GRILLE_ECODEBOOK, node_line(n), el_col(L, n),
                 "<near> combines at most 64 rules, this one %zu: split it into several <near> in an <any>",
                 cb->rules[r].nchildren);
    size_t need = kind == GRILLE_RULE_ANY ? 1 : 2;
    if (cb->rules[r].nchildren < need && !L->errors)
        add_diag(L, 1, GRILLE_ECODEBOOK, node_line(n), el_col(L, n),
                 "<%s> needs at least %zu rules", (const char *)n->name, need);
    return r;
}

static int push_int(int **arr, size_t *n, int v) {
    int *p = realloc(*arr, (*n + 1) * sizeof **arr);
    if (!p) return GRILLE_ENOMEM;
    *arr = p;
    p[(*n)++] = v;
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* themes                                                              */

static void read_theme(loader *L, xmlNodePtr n, int parent) {
    grille_codebook *cb = L->cb;
    if (GROW(cb->themes, cb->nthemes, cb->capthemes)) { L->oom = 1; return; }
    int t = (int)cb->nthemes++;
    ctheme *th = &cb->themes[t];
    memset(th, 0, sizeof *th);
    th->parent = parent;
    th->depth = parent < 0 ? 0 : cb->themes[parent].depth + 1;
    th->line = node_line(n);
    th->id = attr(L, n, "id");
    th->label = attr(L, n, "label");
    th->color = attr(L, n, "color");
    if (!th->id) th->id = grille_strdup("");
    if (!th->label) th->label = grille_strdup(th->id);
    if (!th->color) th->color = grille_strdup("");
    th->description = grille_strdup("");
    char *mh = attr(L, n, "min-hits");
    th->min_hits = mh ? (unsigned)strtoul(mh, NULL, 10) : 0;
    unsigned al, ac;
    if (mh && (th->min_hits < 1 || th->min_hits > 1000)) {
        attribute_position(L, n, "min-hits", &al, &ac);
        add_diag(L, 1, GRILLE_ECODEBOOK, al, ac, "min-hits must be a whole number from 1 to 1000, not '%s'", mh);
    }
    free(mh);
    char *ms = attr(L, n, "min-score");
    if (ms) {
        if (parse_number(ms, &th->min_score) || th->min_score <= 0) {
            attribute_position(L, n, "min-score", &al, &ac);
            add_diag(L, 1, GRILLE_ECODEBOOK, al, ac,
                     "min-score must be a number above 0, at most 1000 (1, 2,5), not '%s'", ms);
        } else
            th->has_min_score = 1;
        free(ms);
    }
    if (!th->id || !th->label || !th->color || !th->description) { L->oom = 1; return; }
    int created;
    int *first = strmap_put(&L->theme_ids, th->id, strlen(th->id), &created);
    if (!first) { L->oom = 1; return; }
    if (created) *first = t;
    else {
        attribute_position(L, n, "id", &al, &ac);
        add_diag(L, 1, GRILLE_ECODEBOOK, al, ac,
                 "duplicate theme id '%s' (first defined on line %u)", th->id, cb->themes[*first].line);
    }
    {
        gbuf p = {0};
        if (parent >= 0 && gbuf_printf(&p, "%s/", cb->themes[parent].path)) L->oom = 1;
        if (gbuf_append(&p, th->id, strlen(th->id))) L->oom = 1;
        cb->themes[t].path = p.data;
        if (!p.data) L->oom = 1;
    }
    size_t nrules = 0, nsub = 0;
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        grille_rule_kind k;
        if (is_el(c, "description")) {
            char *d = trimmed(text_of(c));
            if (!d) { L->oom = 1; return; }
            free(cb->themes[t].description);
            cb->themes[t].description = d;
        } else if (is_el(c, "theme")) {
            nsub++;
            read_theme(L, c, t);
            if (L->oom) return;
        } else if (is_el(c, "exclude")) {
            for (xmlNodePtr x = c->children; x; x = x->next) {
                grille_rule_kind xk;
                if (x->type != XML_ELEMENT_NODE || !kind_of(x, &xk)) continue;
                if (!is_leaf_kind(xk)) {
                    add_diag(L, 1, GRILLE_ECODEBOOK, node_line(x), el_col(L, x),
                             "<exclude> holds word, phrase, lemma or regex rules, not <%s>",
                             (const char *)x->name);
                    continue;
                }
                int r = read_rule(L, x, t, 1);
                if (r >= 0 && push_int(&cb->themes[t].excludes, &cb->themes[t].nexcludes, r))
                    L->oom = 1;
            }
        } else if (kind_of(c, &k)) {
            nrules++;
            int r = read_rule(L, c, t, 0);
            if (r >= 0 && push_int(&cb->themes[t].rules, &cb->themes[t].nrules, r)) L->oom = 1;
        }
        if (L->oom) return;
    }
    if (nrules == 0 && nsub == 0)
        add_diag(L, 1, GRILLE_ECODEBOOK, cb->themes[t].line, el_col(L, n),
                 "theme '%s' has no rules and no sub-themes, so it can never code anything",
                 cb->themes[t].id);
}

static void check_rule_ids(loader *L) {
    grille_codebook *cb = L->cb;
    /* generated ids hold '#', which the schema forbids in given ones, so
     * only given ids can clash */
    strmap seen;
    if (strmap_init(&seen)) { L->oom = 1; return; }
    for (size_t i = 0; i < cb->nrules; i++) {
        const char *id = cb->rules[i].id;
        /* generated ids derive from theme ids, checked already */
        if (strchr(id, '#')) continue;
        int created;
        int *v = strmap_put(&seen, id, strlen(id), &created);
        if (!v) { L->oom = 1; break; }
        if (!created) {
            add_diag(L, 1, GRILLE_ECODEBOOK, cb->rules[i].line, 0,
                     "duplicate rule id '%s' (first used on line %u)", id, cb->rules[*v].line);
            char needle[300];
            snprintf(needle, sizeof needle, "id=\"%s\"", id);
            L->diags->v[L->diags->n - 1].e.column = column_of(L, cb->rules[i].line, needle);
        } else
            *v = (int)i;
    }
    strmap_free(&seen);
}

/* ------------------------------------------------------------------ */
/* index                                                               */

static int build_index(grille_codebook *cb) {
    if (word_index_build(&cb->index, cb)) return GRILLE_ENOMEM;
    cb->leaf_themes = malloc((cb->nleaves + 1) * sizeof *cb->leaf_themes);
    if (!cb->leaf_themes) return GRILLE_ENOMEM;
    for (size_t i = 0; i < cb->nleaves; i++) cb->leaf_themes[i] = cb->rules[cb->leaves[i].rule].theme;
    if (strmap_init(&cb->rule_ids)) return GRILLE_ENOMEM;
    for (size_t i = 0; i < cb->nrules; i++) {
        int *v = strmap_put(&cb->rule_ids, cb->rules[i].id, strlen(cb->rules[i].id), NULL);
        if (!v) return GRILLE_ENOMEM;
        *v = (int)i;
    }
    cb->mctx = pcre2_match_context_create(NULL);
    if (!cb->mctx) return GRILLE_ENOMEM;
    /* A catastrophic pattern ((a+)+$) fails with an error instead of
     * running for hours. */
    pcre2_set_match_limit(cb->mctx, 1000000);
    pcre2_set_depth_limit(cb->mctx, 10000);
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* loading                                                             */

void grille_codebook_free(grille_codebook *cb) {
    if (!cb) return;
    free(cb->name);
    free(cb->id);
    free(cb->title);
    free(cb->version);
    free(cb->hesitations);
    for (size_t i = 0; i < cb->nthemes; i++) {
        ctheme *t = &cb->themes[i];
        free(t->id); free(t->path); free(t->label); free(t->description); free(t->color);
        free(t->rules); free(t->excludes);
    }
    free(cb->themes);
    for (size_t i = 0; i < cb->nrules; i++) {
        free(cb->rules[i].id);
        free(cb->rules[i].text);
        free(cb->rules[i].children);
    }
    free(cb->rules);
    for (size_t i = 0; i < cb->nleaves; i++) {
        rleaf *lf = &cb->leaves[i];
        for (size_t k = 0; k < lf->nwords; k++) { free(lf->words[k].form); free(lf->words[k].exact); }
        free(lf->words);
        free(lf->lemmas);
        for (size_t k = 0; k < lf->nexcept; k++) free(lf->except[k]);
        free(lf->except);
        pcre2_code_free(lf->re);
    }
    free(cb->leaves);
    tok_config_free(&cb->tc);
    word_index_free(&cb->index);
    free(cb->leaf_themes);
    pcre2_match_context_free(cb->mctx);
    strmap_free(&cb->rule_ids);
    grille_lexicon_free(cb->owned_lexicon);
    free(cb);
}

/* Settings come first in the file, but the tokenizer that compiles rule
 * patterns needs them: read them, then the themes. */
static void read_codebook(loader *L, xmlNodePtr root) {
    grille_codebook *cb = L->cb;
    cb->id = attr(L, root, "id");
    cb->version = attr(L, root, "version");
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (is_el(c, "title")) { free(cb->title); cb->title = trimmed(text_of(c)); }
        else if (is_el(c, "settings")) read_settings(L, c);
    }
    if (!cb->id) cb->id = grille_strdup("");
    if (!cb->title) cb->title = grille_strdup(cb->id);
    if (!cb->version) cb->version = grille_strdup("");
    if (!cb->id || !cb->title || !cb->version) { L->oom = 1; return; }
    if (tok_config_init(&cb->tc, cb->case_fold, cb->accent_fold, cb->hesitations)) {
        L->oom = 1;
        return;
    }
    if (L->supplement) {
        grille_error e;
        cb->owned_lexicon = grille_lexicon_extend(cb->lexicon, L->supplement, &e);
        if (!cb->owned_lexicon) {
            char where[700];
            grille_error_format(&e, where, sizeof where);
            add_diag(L, 1, GRILLE_ECODEBOOK, L->supplement_line, L->supplement_col,
                     "the lexicon supplement cannot be read: %s", where);
            return;
        }
        cb->lexicon = cb->owned_lexicon;
    }
    for (xmlNodePtr c = root->children; c && !L->oom; c = c->next)
        if (is_el(c, "theme")) read_theme(L, c, -1);
    if (!L->oom && codebook_derive_rule_ids(cb)) L->oom = 1;
    if (!L->oom) check_rule_ids(L);
    if (!L->oom && cb->nthemes == 0)
        add_diag(L, 1, GRILLE_ECODEBOOK, node_line(root), el_col(L, root),
                 "the codebook has no theme");
}

static int validate(loader *L, xmlDocPtr doc) {
    xmlRelaxNGParserCtxtPtr pc = xmlRelaxNGNewMemParserCtxt(grille_codebook_schema,
                                                            (int)strlen(grille_codebook_schema));
    if (!pc) { L->oom = 1; return -1; }
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    if (!schema) {
        add_diag(L, 1, GRILLE_ESCHEMA, 0, 0, "internal error: the embedded schema does not compile");
        return -1;
    }
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    if (!vc) { xmlRelaxNGFree(schema); L->oom = 1; return -1; }
    xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, L);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlRelaxNGFree(schema);
    if (rc != 0 && !L->errors)
        add_diag(L, 1, GRILLE_ESCHEMA, 0, 0, "schema: the codebook does not follow the schema");
    return rc == 0 ? 0 : -1;
}

static void silent_generic(void *ctx, const char *msg, ...) {
    (void)ctx;
    (void)msg;
}

static grille_codebook *load(const char *name, const char *xml, size_t len,
                             const grille_load_options *opts,
                             grille_diagnostics *diags, grille_error *err) {
    grille_error_clear(err);
    loader L = {0};
    L.name = name;
    L.src = xml;
    L.len = len;
    L.diags = diags;
    if (len > INT32_MAX) {
        grille_fail(err, GRILLE_ELIMIT, name, 0, 0, 0, "codebook larger than 2 GiB");
        return NULL;
    }
    L.cb = calloc(1, sizeof *L.cb);
    if (!L.cb) { grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory"); return NULL; }
    /* after the returns above, which would leak them */
    if (index_source_lines(&L) || strmap_init(&L.theme_ids)) L.oom = 1;
    grille_codebook *cb = L.cb;
    cb->unit = GRILLE_UNIT_SENTENCE;
    cb->speakers = GRILLE_SPEAKERS_RESPONDENTS;
    cb->case_fold = 1;
    cb->min_hits = 1;
    cb->lexicon = opts ? opts->lexicon : NULL;
    cb->name = grille_strdup(name);

    /* Some libxml2 errors (encoding conversion) bypass the parser
     * context and go to its generic handler, which prints: route them to
     * the loader for the duration of the call.  These handlers are
     * per-thread in libxml2, and the caller's are put back after. */
    xmlGenericErrorFunc old_generic = xmlGenericError;
    void *old_generic_ctx = xmlGenericErrorContext;
    xmlStructuredErrorFunc old_structured = xmlStructuredError;
    void *old_structured_ctx = xmlStructuredErrorContext;
    xmlSetGenericErrorFunc(NULL, silent_generic);
    xmlSetStructuredErrorFunc(&L, on_xml_error);
    xmlParserCtxtPtr ctxt = xmlNewParserCtxt();
    xmlDocPtr doc = NULL;
    if (!ctxt || !cb->name) { L.oom = 1; goto done; }
    ctxt->_private = &L;
    ctxt->sax->serror = on_parse_error;
    ctxt->sax->entityDecl = on_entity_decl;
    record_element_offsets(ctxt->sax);
    /* No NOENT (no entity substitution), no DTDLOAD, no network. */
    doc = xmlCtxtReadMemory(ctxt, xml, (int)len, name, NULL,
                            XML_PARSE_NONET | XML_PARSE_BIG_LINES | XML_PARSE_NOWARNING);
    if (!doc || L.errors || !ctxt->wellFormed) {
        if (!L.errors) add_diag(&L, 1, GRILLE_EXML, 0, 0, "malformed XML");
        goto done;
    }
    /* the schema's rules in plain words first; the schema itself after,
     * for whatever check_structure() does not know */
    if (check_structure(&L, doc) || L.oom) goto done;
    if (validate(&L, doc)) goto done;
    read_codebook(&L, xmlDocGetRootElement(doc));
    if (L.oom || L.errors) goto done;
    if (build_index(cb)) L.oom = 1;
done:
    if (doc) xmlFreeDoc(doc);
    if (ctxt) xmlFreeParserCtxt(ctxt);
    xmlSetGenericErrorFunc(old_generic_ctx, old_generic);
    xmlSetStructuredErrorFunc(old_structured_ctx, old_structured);
    free(L.supplement);
    free(L.line_starts);
    strmap_free(&L.theme_ids);
    if (L.oom) {
        grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory");
        grille_codebook_free(cb);
        return NULL;
    }
    if (L.errors) {
        for (size_t i = 0; i < diags->n; i++)
            if (diags->v[i].is_error) {
                if (err) *err = diags->v[i].e;
                break;
            }
        grille_codebook_free(cb);
        return NULL;
    }
    return cb;
}

static char *read_file(const char *path, size_t *len, grille_error *err) {
    gbuf b = {0};
    if (grille_read_file(path, &b, err)) return NULL;
    if (b.len == 0) {
        gbuf_free(&b);
        grille_fail(err, GRILLE_EXML, path, 1, 1, 0, "empty file: a codebook is an XML document");
        return NULL;
    }
    *len = b.len;
    return b.data;
}

grille_codebook *grille_codebook_load_opts(const char *path,
                                           const grille_load_options *opts,
                                           grille_diagnostics **diags,
                                           grille_error *err) {
    grille_error_clear(err);
    if (diags) *diags = NULL;
    if (!path) { grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no path"); return NULL; }
    grille_diagnostics *d = calloc(1, sizeof *d);
    if (!d) { grille_fail(err, GRILLE_ENOMEM, path, 0, 0, 0, "out of memory"); return NULL; }
    size_t len = 0;
    char *xml = read_file(path, &len, err);
    grille_codebook *cb = NULL;
    if (xml) cb = load(path, xml, len, opts, d, err);
    free(xml);
    if (!xml && err) {
        /* an unreadable file is a diagnostic too */
        grille_error copy = *err;
        if (!GROW(d->v, d->n, d->cap)) {
            d->v[d->n].e = copy;
            d->v[d->n].is_error = 1;
            d->n++;
        }
    }
    if (diags) *diags = d; else grille_diagnostics_free(d);
    return cb;
}

grille_codebook *grille_codebook_load_all(const char *path,
                                          grille_diagnostics **diags,
                                          grille_error *err) {
    return grille_codebook_load_opts(path, NULL, diags, err);
}

grille_codebook *grille_codebook_load(const char *path, grille_error *err) {
    return grille_codebook_load_opts(path, NULL, NULL, err);
}

grille_codebook *grille_codebook_parse_opts(const char *name, const char *xml,
                                            size_t len,
                                            const grille_load_options *opts,
                                            grille_error *err) {
    grille_diagnostics *d = calloc(1, sizeof *d);
    if (!d) { grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory"); return NULL; }
    grille_codebook *cb = load(name ? name : "<memory>", xml ? xml : "", xml ? len : 0, opts, d, err);
    grille_diagnostics_free(d);
    return cb;
}

grille_codebook *grille_codebook_parse(const char *name, const char *xml,
                                       size_t len, grille_error *err) {
    return grille_codebook_parse_opts(name, xml, len, NULL, err);
}

/* ------------------------------------------------------------------ */
/* accessors                                                           */

const char *grille_codebook_id(const grille_codebook *cb) { return cb ? cb->id : NULL; }
const char *grille_codebook_title(const grille_codebook *cb) { return cb ? cb->title : NULL; }
grille_unit_kind grille_codebook_unit(const grille_codebook *cb) {
    return cb ? cb->unit : GRILLE_UNIT_SENTENCE;
}
grille_speakers grille_codebook_speakers(const grille_codebook *cb) {
    return cb ? cb->speakers : GRILLE_SPEAKERS_RESPONDENTS;
}
size_t grille_codebook_theme_count(const grille_codebook *cb) { return cb ? cb->nthemes : 0; }

int grille_codebook_theme(const grille_codebook *cb, size_t i,
                          grille_theme_info *out) {
    if (!cb || !out || i >= cb->nthemes) return GRILLE_EUSAGE;
    const ctheme *t = &cb->themes[i];
    out->id = t->id;
    out->path = t->path;
    out->label = t->label;
    out->description = t->description;
    out->color = t->color;
    out->parent = t->parent;
    out->depth = t->depth;
    out->rule_count = t->nrules;
    return GRILLE_OK;
}

int grille_codebook_find_theme(const grille_codebook *cb, const char *id) {
    if (!cb || !id) return -1;
    for (size_t i = 0; i < cb->nthemes; i++)
        if (strcmp(cb->themes[i].id, id) == 0) return (int)i;
    return -1;
}

const char *grille_rule_kind_name(grille_rule_kind kind) {
    switch (kind) {
    case GRILLE_RULE_WORD: return "word";
    case GRILLE_RULE_PHRASE: return "phrase";
    case GRILLE_RULE_LEMMA: return "lemma";
    case GRILLE_RULE_REGEX: return "regex";
    case GRILLE_RULE_NEAR: return "near";
    case GRILLE_RULE_ALL: return "all";
    case GRILLE_RULE_ANY: return "any";
    }
    return "?";
}

size_t grille_codebook_rule_count(const grille_codebook *cb) { return cb ? cb->nrules : 0; }

int grille_codebook_rule(const grille_codebook *cb, size_t i, grille_rule_info *out) {
    if (!cb || !out || i >= cb->nrules) return GRILLE_EUSAGE;
    const rnode *r = &cb->rules[i];
    out->id = r->id;
    out->kind = r->kind;
    out->theme = r->theme;
    out->parent = r->parent;
    out->exclude = r->exclude;
    out->text = r->text ? r->text : "";
    out->line = r->line;
    return GRILLE_OK;
}

int grille_codebook_find_rule(const grille_codebook *cb, const char *id) {
    if (!cb || !id || !cb->rule_ids.slots) return -1;
    return strmap_get(&cb->rule_ids, id, strlen(id));
}

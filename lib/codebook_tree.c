/* codebook_tree.c - reading a codebook's themes and their rules into the
 * compiled tree: rule nodes, and leaves whose words are folded and
 * split as the transcript tokenizer does, whose regexes are compiled,
 * and whose lemmas are resolved in the lexicon. */
#include "codebook_load.h"
#include "utf8.h"
#include <stdio.h>

/* ------------------------------------------------------------------ */
/* rules                                                               */

static int new_rule(loader *L, grille_rule_kind kind, int theme, int exclude, unsigned line) {
    grille_codebook *cb = L->cb;
    if (GROW(cb->rules, cb->nrules, cb->caprules)) {
        L->oom = 1;
        return -1;
    }
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

static int rule_kind(xmlNodePtr n, grille_rule_kind *k) {
    static const struct {
        const char *name;
        grille_rule_kind kind;
    } kinds[] = {{"word", GRILLE_RULE_WORD},   {"phrase", GRILLE_RULE_PHRASE}, {"lemma", GRILLE_RULE_LEMMA},
                 {"regex", GRILLE_RULE_REGEX}, {"near", GRILLE_RULE_NEAR},     {"all", GRILLE_RULE_ALL},
                 {"any", GRILLE_RULE_ANY}};
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (is_el(n, kinds[i].name)) {
            *k = kinds[i].kind;
            return 1;
        }
    return 0;
}

static int is_leaf_kind(grille_rule_kind k) {
    return k == GRILLE_RULE_WORD || k == GRILLE_RULE_PHRASE || k == GRILLE_RULE_LEMMA || k == GRILLE_RULE_REGEX;
}

/* Where the text of element n starts in the source: after the '>' of its
 * start tag on its line.  Used to point into a regex pattern. */
static unsigned text_column(loader *L, xmlNodePtr n, size_t offset_cp) {
    unsigned line = loader_line(n);
    unsigned col = loader_column(L, n);
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

static int compile_regex(loader *L, xmlNodePtr n, rleaf *lf, const char *text) {
    uint32_t opts = PCRE2_UTF | PCRE2_UCP;
    if (L->cb->case_fold && !lf->case_exact) opts |= PCRE2_CASELESS;
    /* the literals that gate the regex (match_regex.c), found first: a regex
     * that runs only in the units holding one is compiled so that a
     * search can be told where matches may start (an offset limit) */
    if (!L->cb->accent_fold) {
        if (regex_find_literals(lf, text)) L->oom = 1;
        if (lf->need_len || lf->nneeds || lf->need_byte) opts |= PCRE2_USE_OFFSET_LIMIT;
    }
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
        add_diag(L, 1, GRILLE_EREGEX, loader_line(n), text_column(L, n, off_cp),
                 "regex does not compile: %s, at offset %zu of the pattern: '%s%.*s%s'", (const char *)msg,
                 (size_t)eoff, b ? "..." : "", (int)(e - b), text + b, e < len ? "..." : "");
        return -1;
    }
    /* JIT may be unavailable on the platform; the interpreter still works. */
    (void)pcre2_jit_compile(lf->re, PCRE2_JIT_COMPLETE);
    /* a regex tried where its literal starts is tried anchored there:
     * JIT code does not take PCRE2_ANCHORED at match time (PCRE2 then
     * interprets the pattern, several times slower per try), so the
     * anchored form is compiled once here; without it (out of memory),
     * the matcher anchors at match time */
    if (lf->lit_len || lf->nalts) {
        lf->anchored =
            pcre2_compile((PCRE2_SPTR)text, PCRE2_ZERO_TERMINATED, opts | PCRE2_ANCHORED, &ecode, &eoff, NULL);
        if (lf->anchored) (void)pcre2_jit_compile(lf->anchored, PCRE2_JIT_COMPLETE);
    }
    /* a match of at least one character: an empty one is no word's */
    uint32_t minlength = 0;
    lf->word_confined = (lf->lit_len || lf->nalts || lf->need_len || lf->nneeds) && regex_word_confined(text) &&
                        pcre2_pattern_info(lf->re, PCRE2_INFO_MINLENGTH, &minlength) == 0 && minlength > 0;
    /* a case-sensitive pattern may need "É" where the lowered text has
     * "é": the literal test would still hold, lowered on both sides */
    if (!L->cb->accent_fold) {
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
    if (tokenize_text(&cb->tc, text, 0, strlen(text), 0, 0, 1, &tl)) {
        toklist_free(&tl);
        L->oom = 1;
        return -1;
    }
    unsigned line = loader_line(n), col = loader_column(L, n);
    int rc = 0;
    size_t words = 0;
    for (size_t i = 0; i < tl.n; i++) {
        const tok *t = &tl.v[i];
        if (t->flags & GRILLE_TOKEN_MARK) {
            add_diag(L, 1, GRILLE_ECODEBOOK, line, col, "'%.*s' is a transcription mark, which rules never match",
                     (int)(t->b1 - t->b0), text + t->b0);
            rc = -1;
            continue;
        }
        if (t->flags & GRILLE_TOKEN_HESITATION)
            add_diag(L, 0, GRILLE_OK, line, col, "'%s' is in the hesitation list, so this rule never matches it",
                     tok_form(&tl, t));
        words++;
    }
    if (rc == 0 && words == 0) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col,
                 "<%s>%s</%s> holds no word: punctuation is not part of any word, in rules as in transcripts, "
                 "so it could never match",
                 (const char *)n->name, text, (const char *)n->name);
        rc = -1;
    }
    if (rc == 0 && lf->kind != GRILLE_RULE_LEMMA) lint_pattern(L, n, text, &tl);
    if (rc == 0 && lf->kind != GRILLE_RULE_PHRASE && (strchr(text, ' ') || strchr(text, '\t'))) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col, "a <%s> holds one word; write <phrase>%s</phrase> for several",
                 (const char *)n->name, text);
        rc = -1;
    }
    if (rc == 0 && lf->kind == GRILLE_RULE_LEMMA && strchr(text, '*')) {
        add_diag(L, 1, GRILLE_ECODEBOOK, line, col, "a <lemma> cannot hold '*': write <word>%s</word> for a glob",
                 text);
        rc = -1;
    }
    if (rc == 0) {
        lf->words = calloc(words, sizeof *lf->words);
        if (!lf->words) {
            L->oom = 1;
            rc = -1;
        }
    }
    for (size_t i = 0; rc == 0 && i < tl.n; i++) {
        const tok *t = &tl.v[i];
        if (t->flags & GRILLE_TOKEN_MARK) continue;
        wpat *w = &lf->words[lf->nwords++];
        w->form = grille_strndup(tok_form(&tl, t), t->form_len);
        w->len = t->form_len;
        w->glob = w->form && memchr(w->form, '*', w->len) != NULL; /* form NULL: out of memory */
        w->exact = fold_dup(&cb->tc.exact, text + t->b0, t->b1 - t->b0);
        if (!w->form || !w->exact) {
            L->oom = 1;
            rc = -1;
        }
    }
    toklist_free(&tl);
    return rc;
}

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
    unsigned line = loader_line(n), col = loader_column(L, n);
    char *pos = loader_attr(L, n, "pos"), *except = loader_attr(L, n, "except");
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
                         "interj, nompr, autre)",
                         (int)(e - p), p);
                rc = -1;
            } else lf->pos_mask |= 1u << k;
        }
        p = e;
    }
    for (char *p = except; p && *p;) {
        while (*p == ' ' || *p == ',') p++;
        char *e = p;
        while (*e && *e != ' ' && *e != ',') e++;
        if (e > p) {
            char **x = realloc(lf->except, (lf->nexcept + 1) * sizeof *x);
            if (!x) {
                L->oom = 1;
                break;
            }
            lf->except = x;
            if (!(x[lf->nexcept] = fold_dup(&cb->tc.fold, p, (size_t)(e - p)))) {
                L->oom = 1;
                break;
            }
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
            add_diag(L, 0, GRILLE_OK, line, col, "no lexicon was loaded: lemma rules match their exact form only");
        L->warned_no_lexicon = 1;
        return 0;
    }
    char *raw = fold_dup(&cb->tc.raw, text, strlen(text));
    if (!raw) {
        L->oom = 1;
        return -1;
    }
    long id = lexicon_find_lemma(cb->lexicon, raw, strlen(raw));
    lemma_cand cand[LEMMA_MAX];
    size_t ncand = 0;
    if (id >= 0) {
        cand[0] = (lemma_cand){(uint32_t)id, 0};
        ncand = 1;
    } else ncand = lemmatize(cb->lexicon, raw, strlen(raw), cand);
    lf->lemmas = calloc(ncand + 1, sizeof *lf->lemmas);
    if (!lf->lemmas) {
        free(raw);
        L->oom = 1;
        return -1;
    }
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
        if (b.failed) L->oom = 1;
        add_diag(L, 0, GRILLE_OK, line, col,
                 "'%s' is not a lemma of the lexicon but a form of several (%s): the rule matches all of "
                 "them; write the lemma you mean, or add pos=\"...\"",
                 raw, b.data ? b.data : "");
        gbuf_free(&b);
    }
    free(raw);
    cb->has_lemma_rules |= lf->nlemmas > 0;
    return 0;
}

static int read_leaf(loader *L, xmlNodePtr n, grille_rule_kind kind, int r) {
    grille_codebook *cb = L->cb;
    char *text = loader_text(n);
    if (!text) {
        L->oom = 1;
        return -1;
    }
    if (kind != GRILLE_RULE_REGEX) loader_trim(text);
    cb->rules[r].text = text;
    if (GROW(cb->leaves, cb->nleaves, cb->capleaves)) {
        L->oom = 1;
        return -1;
    }
    rleaf *lf = &cb->leaves[cb->nleaves];
    memset(lf, 0, sizeof *lf);
    lf->kind = kind;
    lf->rule = r;
    char *c = loader_attr(L, n, "case");
    lf->case_exact = c && strcmp(c, "exact") == 0;
    free(c);
    cb->rules[r].leaf = (int)cb->nleaves++;
    if (text[0] == '\0') {
        add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(n), loader_column(L, n), "empty <%s> rule", (const char *)n->name);
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
    if (!rule_kind(n, &kind)) return -1;
    int r = new_rule(L, kind, theme, exclude, loader_line(n));
    if (r < 0) return -1;
    /* without an id, one is derived once the codebook is read (rule_ids.c) */
    char *given = loader_attr(L, n, "id");
    cb->rules[r].id = given ? given : grille_strdup("");
    char *w = loader_attr(L, n, "weight");
    if (w) {
        double v = 0;
        unsigned wl, wc;
        attribute_position(L, n, "weight", &wl, &wc);
        if (loader_number(w, &v) || v == 0)
            add_diag(L, 1, GRILLE_ECODEBOOK, wl, wc,
                     "weight must be a number from -1000 to 1000 other than 0 (2, -1, 0,5), not '%s'", w);
        else if (exclude)
            add_diag(L, 1, GRILLE_ECODEBOOK, wl, wc,
                     "weight is read on a theme's own rules, not on a rule inside <exclude>: put it on "
                     "the enclosing rule");
        else if (L->depth > 0)
            add_diag(L, 1, GRILLE_ECODEBOOK, wl, wc,
                     "weight is read on a theme's own rules, not on a rule inside <near>, <all> or <any>: put it "
                     "on the enclosing rule");
        else cb->rules[r].weight = v;
        free(w);
    }
    if (!cb->rules[r].id) {
        L->oom = 1;
        return -1;
    }
    if (is_leaf_kind(kind)) {
        read_leaf(L, n, kind, r);
        return r;
    }
    if (kind == GRILLE_RULE_NEAR) {
        char *d = loader_attr(L, n, "distance"), *o = loader_attr(L, n, "ordered");
        long dist = d ? strtol(d, NULL, 10) : 0;
        if (dist < 1 || dist > 1000) {
            unsigned dl, dc;
            attribute_position(L, n, "distance", &dl, &dc);
            add_diag(L, 1, GRILLE_ECODEBOOK, dl, dc, "distance must be a whole number from 1 to 1000, not '%s'",
                     d ? d : "");
            dist = 1;
        }
        cb->rules[r].distance = (unsigned)dist;
        cb->rules[r].ordered = o && loader_bool(o);
        free(d);
        free(o);
    }
    for (xmlNodePtr c = n->children; c; c = c->next) {
        grille_rule_kind ck;
        if (c->type != XML_ELEMENT_NODE || !rule_kind(c, &ck)) continue;
        if (kind == GRILLE_RULE_NEAR && !is_leaf_kind(ck)) {
            add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(c), loader_column(L, c),
                     "<near> combines word, phrase, lemma or regex rules, not <%s>", (const char *)c->name);
            continue;
        }
        L->depth++;
        int child = read_rule(L, c, theme, exclude);
        L->depth--;
        if (child < 0) continue;
        cb->rules[child].parent = r;
        rnode *rr = &cb->rules[r];
        int *nc = realloc(rr->children, (rr->nchildren + 1) * sizeof *nc);
        if (!nc) {
            L->oom = 1;
            return -1;
        }
        rr->children = nc;
        rr->children[rr->nchildren++] = child;
    }
    /* the matcher tracks a near's rules in a 64-bit set: a longer one
     * would never code anything */
    if (kind == GRILLE_RULE_NEAR && cb->rules[r].nchildren > 64)
        add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(n), loader_column(L, n),
                 "<near> combines at most 64 rules, this one %zu: split it into several <near> in an <any>",
                 cb->rules[r].nchildren);
    size_t need = kind == GRILLE_RULE_ANY ? 1 : 2;
    if (cb->rules[r].nchildren < need && !L->errors)
        add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(n), loader_column(L, n), "<%s> needs at least %zu rules",
                 (const char *)n->name, need);
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

void loader_read_theme(loader *L, xmlNodePtr n, int parent) {
    grille_codebook *cb = L->cb;
    if (GROW(cb->themes, cb->nthemes, cb->capthemes)) {
        L->oom = 1;
        return;
    }
    int t = (int)cb->nthemes++;
    ctheme *th = &cb->themes[t];
    memset(th, 0, sizeof *th);
    th->parent = parent;
    th->depth = parent < 0 ? 0 : cb->themes[parent].depth + 1;
    th->line = loader_line(n);
    th->id = loader_attr(L, n, "id");
    th->label = loader_attr(L, n, "label");
    th->color = loader_attr(L, n, "color");
    if (!th->id) th->id = grille_strdup("");
    if (!th->label) th->label = grille_strdup(th->id);
    if (!th->color) th->color = grille_strdup("");
    th->description = grille_strdup("");
    char *mh = loader_attr(L, n, "min-hits");
    th->min_hits = mh ? (unsigned)strtoul(mh, NULL, 10) : 0;
    unsigned al, ac;
    if (mh && (th->min_hits < 1 || th->min_hits > 1000)) {
        attribute_position(L, n, "min-hits", &al, &ac);
        add_diag(L, 1, GRILLE_ECODEBOOK, al, ac, "min-hits must be a whole number from 1 to 1000, not '%s'", mh);
    }
    free(mh);
    char *ms = loader_attr(L, n, "min-score");
    if (ms) {
        if (loader_number(ms, &th->min_score) || th->min_score <= 0) {
            attribute_position(L, n, "min-score", &al, &ac);
            add_diag(L, 1, GRILLE_ECODEBOOK, al, ac,
                     "min-score must be a number above 0, at most 1000 (1, 2,5), not '%s'", ms);
        } else th->has_min_score = 1;
        free(ms);
    }
    if (!th->id || !th->label || !th->color || !th->description) {
        L->oom = 1;
        return;
    }
    int created;
    int *first = strmap_put(&L->theme_ids, th->id, strlen(th->id), &created);
    if (!first) {
        L->oom = 1;
        return;
    }
    if (created) *first = t;
    else {
        attribute_position(L, n, "id", &al, &ac);
        add_diag(L, 1, GRILLE_ECODEBOOK, al, ac, "duplicate theme id '%s' (first defined on line %u)", th->id,
                 cb->themes[*first].line);
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
            char *d = loader_trim(loader_text(c));
            if (!d) {
                L->oom = 1;
                return;
            }
            free(cb->themes[t].description);
            cb->themes[t].description = d;
        } else if (is_el(c, "theme")) {
            nsub++;
            loader_read_theme(L, c, t);
            if (L->oom) return;
        } else if (is_el(c, "exclude")) {
            for (xmlNodePtr x = c->children; x; x = x->next) {
                grille_rule_kind xk;
                if (x->type != XML_ELEMENT_NODE || !rule_kind(x, &xk)) continue;
                if (!is_leaf_kind(xk)) {
                    add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(x), loader_column(L, x),
                             "<exclude> holds word, phrase, lemma or regex rules, not <%s>", (const char *)x->name);
                    continue;
                }
                int r = read_rule(L, x, t, 1);
                if (r >= 0 && push_int(&cb->themes[t].excludes, &cb->themes[t].nexcludes, r)) L->oom = 1;
            }
        } else if (rule_kind(c, &k)) {
            nrules++;
            int r = read_rule(L, c, t, 0);
            if (r >= 0 && push_int(&cb->themes[t].rules, &cb->themes[t].nrules, r)) L->oom = 1;
        }
        if (L->oom) return;
    }
    if (nrules == 0 && nsub == 0)
        add_diag(L, 1, GRILLE_ECODEBOOK, cb->themes[t].line, loader_column(L, n),
                 "theme '%s' has no rules and no sub-themes, so it can never code anything", cb->themes[t].id);
}

void loader_check_rule_ids(loader *L) {
    grille_codebook *cb = L->cb;
    /* generated ids hold '#', which the schema forbids in given ones, so
     * only given ids can clash */
    strmap seen;
    if (strmap_init(&seen)) {
        L->oom = 1;
        return;
    }
    for (size_t i = 0; i < cb->nrules; i++) {
        const char *id = cb->rules[i].id;
        /* generated ids derive from theme ids, checked already */
        if (strchr(id, '#')) continue;
        int created;
        int *v = strmap_put(&seen, id, strlen(id), &created);
        if (!v) {
            L->oom = 1;
            break;
        }
        if (!created) {
            char needle[300];
            snprintf(needle, sizeof needle, "id=\"%s\"", id);
            add_diag(L, 1, GRILLE_ECODEBOOK, cb->rules[i].line, column_of(L, cb->rules[i].line, needle),
                     "duplicate rule id '%s' (first used on line %u)", id, cb->rules[*v].line);
        } else *v = (int)i;
    }
    strmap_free(&seen);
}

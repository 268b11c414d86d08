/* codebook.c - loading an XML codebook: parse safely with libxml2,
 * collect diagnostics, validate against the embedded RELAX NG schema,
 * read the settings, then hand the themes and rules to codebook_tree.c
 * and the compiled leaves to the word index (word_index.c) used by
 * match.c.  The public accessors are in codebook_info.c. */
#include "codebook_load.h"
#include "utf8.h"
#include "xmlsafe.h"
#include <stdio.h>
#include <libxml/relaxng.h>

extern const char grille_codebook_schema[];  /* schema.c, generated */
extern const char grille_default_codebook[]; /* default_codebook.c, generated */

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

const grille_error *grille_diagnostics_get(const grille_diagnostics *d, size_t i, int *is_error) {
    if (!d || i >= d->n) return NULL;
    if (is_error) *is_error = d->v[i].is_error;
    return &d->v[i].e;
}

void grille_diagnostics_free(grille_diagnostics *d) {
    if (!d) return;
    free(d->v);
    free(d);
}

void add_diag(loader *L, int is_error, int code, unsigned line, unsigned col, const char *fmt, ...) {
    if (GROW(L->diags->v, L->diags->n, L->diags->cap)) {
        L->oom = 1;
        return;
    }
    diag *d = &L->diags->v[L->diags->n++];
    memset(d, 0, sizeof *d);
    d->is_error = is_error;
    va_list ap;
    va_start(ap, fmt);
    grille_vfail(&d->e, is_error ? code : GRILLE_OK, L->name, line, col, 0, fmt, ap);
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
    if (strstr(msg, "failed to validate content") && L->diags->n && L->diags->v[L->diags->n - 1].e.line == line) return;
    add_diag(L, 1, GRILLE_ESCHEMA, line, col, "schema: %s", msg);
}

/* The parser passes its context (ctxt->userData is ctxt itself, which the
 * default SAX handlers rely on); the loader hangs off ctxt->_private. */
static void on_parse_error(void *data, xmlErrorPtr e) {
    xmlParserCtxtPtr ctxt = data;
    on_xml_error(ctxt->_private, e);
}

static void on_entity_decl(void *ctx, const xmlChar *name, int type, const xmlChar *publicId, const xmlChar *systemId,
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
                 "block and write the text itself where &%s; is used",
                 (const char *)name, (const char *)name);
    (void)publicId;
    (void)systemId;
    (void)content;
    /* Stop here: nothing that follows can be trusted. */
    L->xml_failed = 1;
    xmlStopParser(ctxt);
}

/* ------------------------------------------------------------------ */
/* tree helpers                                                        */

int is_el(xmlNodePtr n, const char *name) {
    return n && n->type == XML_ELEMENT_NODE && n->ns && n->ns->href && strcmp((const char *)n->ns->href, NS) == 0 &&
           strcmp((const char *)n->name, name) == 0;
}

/* NULL for an absent attribute; out of memory sets L->oom, or the
 * attribute would read as absent (a near rule without its distance, a
 * case="exact" word folded). */
char *loader_attr(loader *L, xmlNodePtr n, const char *name) {
    xmlChar *v = xmlGetNoNsProp(n, (const xmlChar *)name);
    if (!v) return NULL;
    char *s = grille_strdup((const char *)v);
    xmlFree(v);
    if (!s) L->oom = 1;
    return s;
}

char *loader_text(xmlNodePtr n) {
    xmlChar *v = xmlNodeGetContent(n);
    char *s = grille_strdup(v ? (const char *)v : "");
    xmlFree(v);
    return s;
}

char *loader_trim(char *s) {
    if (!s) return NULL;
    size_t a = 0, n = strlen(s);
    while (s[a] == ' ' || s[a] == '\t' || s[a] == '\n' || s[a] == '\r') a++;
    while (n > a && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n' || s[n - 1] == '\r')) n--;
    memmove(s, s + a, n - a);
    s[n - a] = '\0';
    return s;
}

unsigned loader_line(xmlNodePtr n) {
    long l = xmlGetLineNo(n);
    return l > 0 ? (unsigned)l : 0;
}

unsigned loader_column(loader *L, xmlNodePtr n) {
    unsigned line, col;
    element_position(L, n, &line, &col);
    return col;
}

/* A weight or score as written: "2", "-0.5", "1,5" (a French decimal
 * comma), at most 1000 either way. */
int loader_number(const char *s, double *out) {
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

/* "true" or "1"; anything else is false. */
int loader_bool(const char *s) { return strcmp(s, "true") == 0 || strcmp(s, "1") == 0; }

/* ------------------------------------------------------------------ */
/* settings                                                            */

static void read_settings(loader *L, xmlNodePtr settings) {
    grille_codebook *cb = L->cb;
    for (xmlNodePtr c = settings->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE) continue;
        char *v = loader_trim(loader_text(c));
        if (!v) {
            L->oom = 1;
            return;
        }
        if (is_el(c, "unit")) {
            if (strcmp(v, "sentence") == 0) cb->unit = GRILLE_UNIT_SENTENCE;
            else if (strcmp(v, "paragraph") == 0) cb->unit = GRILLE_UNIT_PARAGRAPH;
            else if (strcmp(v, "turn") == 0) cb->unit = GRILLE_UNIT_TURN;
        } else if (is_el(c, "speakers")) {
            if (strcmp(v, "respondents") == 0) cb->speakers = GRILLE_SPEAKERS_RESPONDENTS;
            else if (strcmp(v, "interviewers") == 0) cb->speakers = GRILLE_SPEAKERS_INTERVIEWERS;
            else if (strcmp(v, "all") == 0) cb->speakers = GRILLE_SPEAKERS_ALL;
        } else if (is_el(c, "case-folding")) {
            cb->case_fold = loader_bool(v);
        } else if (is_el(c, "accent-folding")) {
            cb->accent_fold = loader_bool(v);
        } else if (is_el(c, "min-hits")) {
            long m = strtol(v, NULL, 10);
            if (m < 1 || m > 1000)
                add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(c), loader_column(L, c),
                         "min-hits must be a whole number from 1 to 1000, not '%s'", v);
            else cb->min_hits = (unsigned)m;
        } else if (is_el(c, "short-answers")) {
            long m = strtol(v, NULL, 10);
            if (m < 0 || m > 100 || !*v)
                add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(c), loader_column(L, c),
                         "short-answers must be a number of words from 0 (off) to 100, not '%s'", v);
            else cb->short_answers = (unsigned)m;
        } else if (is_el(c, "min-score")) {
            if (loader_number(v, &cb->min_score) || cb->min_score <= 0)
                add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(c), loader_column(L, c),
                         "min-score must be a number above 0, at most 1000 (1, 2,5), not '%s'", v);
            else cb->has_min_score = 1;
        } else if (is_el(c, "lexicon-supplement")) {
            /* relative to the codebook's directory */
            const char *slash = strrchr(L->name, '/');
            gbuf p = {0};
            if (v[0] != '/' && slash) gbuf_append(&p, L->name, (size_t)(slash - L->name + 1));
            gbuf_append(&p, v, strlen(v));
            if (p.failed) gbuf_free(&p); /* never a path cut short */
            free(L->supplement);
            L->supplement = p.data;
            if (!p.data) L->oom = 1;
            L->supplement_line = loader_line(c);
            L->supplement_col = loader_column(L, c);
        } else if (is_el(c, "hesitations")) {
            free(cb->hesitations);
            cb->hesitations = v;
            v = NULL;
        }
        free(v);
    }
}

/* ------------------------------------------------------------------ */
/* index                                                               */

static int build_index(grille_codebook *cb) {
    if (word_index_build(&cb->index, cb)) return GRILLE_ENOMEM;
    cb->leaf_themes = malloc((cb->nleaves + 1) * sizeof *cb->leaf_themes);
    cb->leaf_tops = malloc((cb->nleaves + 1) * sizeof *cb->leaf_tops);
    cb->leaf_excludes = malloc(cb->nleaves + 1);
    if (!cb->leaf_themes || !cb->leaf_tops || !cb->leaf_excludes) return GRILLE_ENOMEM;
    for (size_t i = 0; i < cb->nleaves; i++) {
        cb->leaf_themes[i] = cb->rules[cb->leaves[i].rule].theme;
        cb->leaf_excludes[i] = cb->rules[cb->leaves[i].rule].exclude != 0;
        cb->has_excludes |= cb->leaf_excludes[i];
        int r = cb->leaves[i].rule;
        while (cb->rules[r].parent >= 0) r = cb->rules[r].parent;
        cb->leaf_tops[i] = r;
    }
    /* by theme, a counting sort: a theme's rules stay in their order */
    cb->rule_rank = malloc((cb->nrules + 1) * sizeof *cb->rule_rank);
    cb->ranked_rules = malloc((cb->nrules + 1) * sizeof *cb->ranked_rules);
    size_t *first = calloc(cb->nthemes + 1, sizeof *first);
    if (!cb->rule_rank || !cb->ranked_rules || !first) {
        free(first);
        return GRILLE_ENOMEM;
    }
    for (size_t i = 0; i < cb->nrules; i++) first[cb->rules[i].theme + 1]++;
    for (size_t t = 0; t < cb->nthemes; t++) first[t + 1] += first[t];
    for (size_t i = 0; i < cb->nrules; i++) {
        size_t rank = first[cb->rules[i].theme]++;
        cb->rule_rank[i] = (int)rank;
        cb->ranked_rules[rank] = (int)i;
    }
    free(first);
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
        free(t->id);
        free(t->path);
        free(t->label);
        free(t->description);
        free(t->color);
        free(t->rules);
        free(t->excludes);
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
        for (size_t k = 0; k < lf->nwords; k++) {
            free(lf->words[k].form);
            free(lf->words[k].exact);
        }
        free(lf->words);
        free(lf->lemmas);
        for (size_t k = 0; k < lf->nexcept; k++) free(lf->except[k]);
        free(lf->except);
        free(lf->alts);
        free(lf->needs);
        pcre2_code_free(lf->re);
        pcre2_code_free(lf->anchored);
    }
    free(cb->leaves);
    tok_config_free(&cb->tc);
    word_index_free(&cb->index);
    free(cb->leaf_themes);
    free(cb->leaf_excludes);
    free(cb->leaf_tops);
    free(cb->rule_rank);
    free(cb->ranked_rules);
    pcre2_match_context_free(cb->mctx);
    strmap_free(&cb->rule_ids);
    grille_lexicon_free(cb->owned_lexicon);
    free(cb);
}

/* Settings come first in the file, but the tokenizer that compiles rule
 * patterns needs them: read them, then the themes. */
static void read_codebook(loader *L, xmlNodePtr root) {
    grille_codebook *cb = L->cb;
    cb->id = loader_attr(L, root, "id");
    cb->version = loader_attr(L, root, "version");
    for (xmlNodePtr c = root->children; c; c = c->next) {
        if (is_el(c, "title")) {
            free(cb->title);
            cb->title = loader_trim(loader_text(c));
        } else if (is_el(c, "settings")) read_settings(L, c);
    }
    if (!cb->id) cb->id = grille_strdup("");
    if (!cb->title) cb->title = grille_strdup(cb->id);
    if (!cb->version) cb->version = grille_strdup("");
    if (!cb->id || !cb->title || !cb->version) {
        L->oom = 1;
        return;
    }
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
        if (is_el(c, "theme")) loader_read_theme(L, c, -1);
    if (!L->oom && codebook_derive_rule_ids(cb)) L->oom = 1;
    if (!L->oom) loader_check_rule_ids(L);
    if (!L->oom && cb->nthemes == 0)
        add_diag(L, 1, GRILLE_ECODEBOOK, loader_line(root), loader_column(L, root), "the codebook has no theme");
}

static int validate(loader *L, xmlDocPtr doc) {
    xmlRelaxNGParserCtxtPtr pc =
        xmlRelaxNGNewMemParserCtxt(grille_codebook_schema, (int)strlen(grille_codebook_schema));
    if (!pc) {
        L->oom = 1;
        return -1;
    }
    xmlRelaxNGPtr schema = xmlRelaxNGParse(pc);
    xmlRelaxNGFreeParserCtxt(pc);
    if (!schema) {
        add_diag(L, 1, GRILLE_ESCHEMA, 0, 0, "internal error: the embedded schema does not compile");
        return -1;
    }
    xmlRelaxNGValidCtxtPtr vc = xmlRelaxNGNewValidCtxt(schema);
    if (!vc) {
        xmlRelaxNGFree(schema);
        L->oom = 1;
        return -1;
    }
    xmlRelaxNGSetValidStructuredErrors(vc, on_xml_error, L);
    int rc = xmlRelaxNGValidateDoc(vc, doc);
    xmlRelaxNGFreeValidCtxt(vc);
    xmlRelaxNGFree(schema);
    if (rc != 0 && !L->errors) add_diag(L, 1, GRILLE_ESCHEMA, 0, 0, "schema: the codebook does not follow the schema");
    return rc == 0 ? 0 : -1;
}

/* Compiles the codebook xml (len bytes) named name; every problem goes to
 * diags, the first error to err too.  o is the library's own copy. */
static grille_codebook *load(const char *name, const char *xml, size_t len, const grille_load_options *o,
                             grille_diagnostics *diags, grille_error *err) {
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
    if (!L.cb) {
        grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory");
        return NULL;
    }
    /* after the returns above, which would leak them */
    if (index_source_lines(&L) || strmap_init(&L.theme_ids)) L.oom = 1;
    grille_codebook *cb = L.cb;
    cb->unit = GRILLE_UNIT_SENTENCE;
    cb->speakers = GRILLE_SPEAKERS_RESPONDENTS;
    cb->case_fold = 1;
    cb->min_hits = 1;
    cb->lexicon = o->lexicon;
    cb->name = grille_strdup(name);

    /* Some libxml2 errors (encoding conversion) bypass the parser
     * context and go to its generic handler, which prints: route them to
     * the loader for the duration of the call.  These handlers are
     * per-thread in libxml2, and the caller's are put back after. */
    xmlsafe_saved_errors saved;
    xmlsafe_divert_errors(&saved, &L, on_xml_error);
    xmlParserCtxtPtr ctxt = xmlsafe_new_parser(&L, on_parse_error, on_entity_decl);
    xmlDocPtr doc = NULL;
    if (!ctxt || !cb->name) {
        L.oom = 1;
        goto done;
    }
    record_element_offsets(ctxt->sax);
    doc = xmlsafe_read(ctxt, xml, len, name, 0);
    if (!doc || L.errors || !ctxt->wellFormed) {
        if (!L.errors) add_diag(&L, 1, GRILLE_EXML, 0, 0, "malformed XML");
        goto done;
    }
    /* the schema's rules in plain words first; the schema itself after,
     * for whatever check_structure() does not know */
    if (check_structure(&L, doc) || L.oom) goto done;
    /* the default codebook as shipped was validated by the test suite
     * (tests/golden.sh checks it): its schema pass is skipped, which is
     * two thirds of grille's start-up; any other text, an edited copy
     * included, is validated */
    if ((len != strlen(grille_default_codebook) || memcmp(xml, grille_default_codebook, len) != 0) && validate(&L, doc))
        goto done;
    read_codebook(&L, xmlDocGetRootElement(doc));
    if (L.oom || L.errors) goto done;
    if (build_index(cb)) L.oom = 1;
done:
    if (doc) xmlFreeDoc(doc);
    if (ctxt) xmlFreeParserCtxt(ctxt);
    xmlsafe_restore_errors(&saved);
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

/* An error that stopped the load before the loader saw the text (an
 * unreadable file) is a diagnostic too: a caller listing them lists it. */
static void add_error(grille_diagnostics *d, const grille_error *e) {
    if (GROW(d->v, d->n, d->cap)) return; /* the error stays in err */
    d->v[d->n].e = *e;
    d->v[d->n].is_error = 1;
    d->n++;
}

grille_codebook *grille_codebook_open(const grille_codebook_source *src, const grille_load_options *opts,
                                      grille_diagnostics **diags, grille_error *err) {
    grille_error_clear(err);
    if (diags) *diags = NULL;
    if (!src || !src->path == !src->xml) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0,
                    "a codebook source is a path or XML in memory: set one of the two");
        return NULL;
    }
    grille_load_options o;
    if (GRILLE_OPTIONS_COPY(grille_load_options, GRILLE_LOAD_OPTIONS_INIT, lexicon, o, opts, err)) return NULL;
    const char *name = src->path ? src->path : src->name ? src->name : "<memory>";
    grille_diagnostics *d = calloc(1, sizeof *d);
    if (!d) {
        grille_fail(err, GRILLE_ENOMEM, name, 0, 0, 0, "out of memory");
        return NULL;
    }
    grille_error own; /* the diagnostics are complete even without err */
    grille_error *e = err ? err : &own;
    size_t len = src->len;
    char *file = NULL;
    if (src->path) file = read_file(src->path, &len, e);
    const char *xml = src->path ? file : src->xml;
    grille_codebook *cb = NULL;
    if (xml) cb = load(name, xml, len, &o, d, e);
    else add_error(d, e);
    free(file);
    if (diags) *diags = d;
    else grille_diagnostics_free(d);
    return cb;
}

grille_codebook *grille_codebook_load(const char *path, grille_error *err) {
    if (!path) { /* said plainly: this caller gave no source struct */
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "no path");
        return NULL;
    }
    grille_codebook_source src = {.path = path};
    return grille_codebook_open(&src, NULL, NULL, err);
}

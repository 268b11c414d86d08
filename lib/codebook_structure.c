/* codebook_structure.c - what the RELAX NG schema checks, said the way a
 * researcher editing a codebook needs it: which element or attribute,
 * where, and what is expected there ("<theme> has no label=", "distance
 * must be a whole number from 1 to 1000, not 'quatre'").  libxml2's
 * validator says "Element theme failed to validate attributes", without
 * the attribute.
 *
 * The tables below follow codebooks/grille-codebook.rng, which stays the
 * reference: the validator still runs after this check, so a rule the
 * tables miss is still enforced, in the validator's words. */
#include "codebook_load.h"
#include <stdio.h>

typedef enum {
    V_ANY,     /* any text */
    V_ID,      /* theme and codebook ids */
    V_RULE_ID, /* rule ids: also ':' */
    V_NONBLANK,
    V_COLOR,   /* #RRGGBB */
    V_POSINT,  /* 1, 2, 3... */
    V_NUMBER,  /* 2, -0.5, 1,5 */
    V_BOOL,    /* true, false */
    V_CASE,    /* fold, exact */
    V_POS,     /* parts of speech, lower case */
    V_UNIT,    /* sentence, paragraph, turn */
    V_SPEAKERS /* respondents, interviewers, all */
} vtype;

typedef struct attr_def {
    const char *name;
    vtype type;
    int required;
} attr_def;

/* In an element's content, a run of children whose names are in names,
 * from min to max of them (max 0: any number).  The runs come in order. */
typedef struct slot {
    const char *const *names;
    unsigned min, max;
} slot;

typedef struct elem_def {
    const char *name;
    const attr_def *attrs; /* ends with a NULL name */
    const slot *slots;     /* NULL: text only */
    size_t nslots;
    vtype text;        /* text only: how its text is checked */
    const char *holds; /* what it holds, for messages */
} elem_def;

/* clang-format off */
#define RULE_ATTRS {"id", V_RULE_ID, 0}, {"weight", V_NUMBER, 0}
/* clang-format on */
static const attr_def no_attrs[] = {{NULL, V_ANY, 0}};
static const attr_def codebook_attrs[] = {
    {"id", V_ID, 1}, {"version", V_NONBLANK, 0}, {"xml:lang", V_ANY, 0}, {NULL, V_ANY, 0}};
static const attr_def theme_attrs[] = {{"id", V_ID, 1},           {"label", V_NONBLANK, 1},   {"color", V_COLOR, 0},
                                       {"min-hits", V_POSINT, 0}, {"min-score", V_NUMBER, 0}, {NULL, V_ANY, 0}};
static const attr_def cased_attrs[] = {RULE_ATTRS, {"case", V_CASE, 0}, {NULL, V_ANY, 0}};
static const attr_def lemma_attrs[] = {RULE_ATTRS, {"pos", V_POS, 0}, {"except", V_ANY, 0}, {NULL, V_ANY, 0}};
static const attr_def near_attrs[] = {RULE_ATTRS, {"distance", V_POSINT, 1}, {"ordered", V_BOOL, 0}, {NULL, V_ANY, 0}};
static const attr_def group_attrs[] = {RULE_ATTRS, {NULL, V_ANY, 0}};

static const char *const n_title[] = {"title", NULL};
static const char *const n_description[] = {"description", NULL};
static const char *const n_settings[] = {"settings", NULL};
static const char *const n_theme[] = {"theme", NULL};
static const char *const n_leaf[] = {"word", "phrase", "lemma", "regex", NULL};
static const char *const n_rule[] = {"word", "phrase", "lemma", "regex", "near", "all", "any", NULL};
static const char *const n_theme_body[] = {"exclude", "word", "phrase", "lemma", "regex",
                                           "near",    "all",  "any",    "theme", NULL};
static const char *const n_unit[] = {"unit", NULL};
static const char *const n_speakers[] = {"speakers", NULL};
static const char *const n_case[] = {"case-folding", NULL};
static const char *const n_accent[] = {"accent-folding", NULL};
static const char *const n_min_hits[] = {"min-hits", NULL};
static const char *const n_min_score[] = {"min-score", NULL};
static const char *const n_short[] = {"short-answers", NULL};
static const char *const n_hesitations[] = {"hesitations", NULL};
static const char *const n_supplement[] = {"lexicon-supplement", NULL};

static const slot codebook_slots[] = {{n_title, 1, 1}, {n_description, 0, 1}, {n_settings, 0, 1}, {n_theme, 1, 0}};
static const slot settings_slots[] = {{n_unit, 0, 1},   {n_speakers, 0, 1},    {n_case, 0, 1},
                                      {n_accent, 0, 1}, {n_min_hits, 0, 1},    {n_min_score, 0, 1},
                                      {n_short, 0, 1},  {n_hesitations, 0, 1}, {n_supplement, 0, 1}};
static const slot theme_slots[] = {{n_description, 0, 1}, {n_theme_body, 0, 0}};
static const slot exclude_slots[] = {{n_leaf, 1, 0}};
static const slot near_slots[] = {{n_leaf, 2, 0}};
static const slot all_slots[] = {{n_rule, 2, 0}};
static const slot any_slots[] = {{n_rule, 1, 0}};

#define SLOTS(s) s, sizeof s / sizeof s[0]
/* what an element holds: N_(), translated in the messages that say it */
static const elem_def elems[] = {
    {"codebook", codebook_attrs, SLOTS(codebook_slots), V_ANY,
     N_("a <title>, then an optional <description> and <settings>, then themes")},
    {"title", no_attrs, NULL, 0, V_NONBLANK, N_("text")},
    {"description", no_attrs, NULL, 0, V_ANY, N_("text")},
    {"settings", no_attrs, SLOTS(settings_slots), V_ANY,
     N_("unit, speakers, case-folding, accent-folding, min-hits, min-score, short-answers, hesitations, "
        "lexicon-supplement, in this order")},
    {"unit", no_attrs, NULL, 0, V_UNIT, N_("text")},
    {"speakers", no_attrs, NULL, 0, V_SPEAKERS, N_("text")},
    {"case-folding", no_attrs, NULL, 0, V_BOOL, N_("text")},
    {"accent-folding", no_attrs, NULL, 0, V_BOOL, N_("text")},
    {"min-hits", no_attrs, NULL, 0, V_POSINT, N_("text")},
    {"min-score", no_attrs, NULL, 0, V_NUMBER, N_("text")},
    {"short-answers", no_attrs, NULL, 0, V_ANY, N_("text")},
    {"hesitations", no_attrs, NULL, 0, V_ANY, N_("text")},
    {"lexicon-supplement", no_attrs, NULL, 0, V_NONBLANK, N_("text")},
    {"theme", theme_attrs, SLOTS(theme_slots), V_ANY,
     N_("an optional <description> first, then rules (word, phrase, lemma, regex, near, all, any), <exclude> and sub-themes")},
    {"exclude", no_attrs, SLOTS(exclude_slots), V_ANY, N_("word, phrase, lemma or regex rules")},
    {"word", cased_attrs, NULL, 0, V_NONBLANK, N_("text")},
    {"phrase", cased_attrs, NULL, 0, V_NONBLANK, N_("text")},
    {"lemma", lemma_attrs, NULL, 0, V_NONBLANK, N_("text")},
    {"regex", cased_attrs, NULL, 0, V_NONBLANK, N_("text")},
    {"near", near_attrs, SLOTS(near_slots), V_ANY, N_("word, phrase, lemma or regex rules")},
    {"all", group_attrs, SLOTS(all_slots), V_ANY, N_("rules (word, phrase, lemma, regex, near, all, any)")},
    {"any", group_attrs, SLOTS(any_slots), V_ANY, N_("rules (word, phrase, lemma, regex, near, all, any)")},
};

static const elem_def *find_elem(const char *name) {
    for (size_t i = 0; i < sizeof elems / sizeof elems[0]; i++)
        if (strcmp(elems[i].name, name) == 0) return &elems[i];
    return NULL;
}

static int in_list(const char *const *names, const char *name) {
    for (size_t i = 0; names[i]; i++)
        if (strcmp(names[i], name) == 0) return 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* values: the schema's patterns, by hand (XML Schema's \s is these four) */

static int xs_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; }
static int ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
static int digit(char c) { return c >= '0' && c <= '9'; }

static int is_id(const char *s, const char *extra) {
    if (!ascii_letter(*s)) return 0;
    for (s++; *s; s++)
        if (!ascii_letter(*s) && !digit(*s) && !strchr(extra, *s)) return 0;
    return 1;
}

static int is_blank(const char *s) {
    while (xs_space(*s)) s++;
    return *s == '\0';
}

static int is_posint(const char *s) {
    if (*s < '1' || *s > '9') return 0;
    while (digit(*s)) s++;
    return *s == '\0';
}

/* \s*[+\-]?[0-9]+([.,][0-9]+)?\s* */
static int is_number(const char *s) {
    while (xs_space(*s)) s++;
    if (*s == '+' || *s == '-') s++;
    if (!digit(*s)) return 0;
    while (digit(*s)) s++;
    if (*s == '.' || *s == ',') {
        s++;
        if (!digit(*s)) return 0;
        while (digit(*s)) s++;
    }
    while (xs_space(*s)) s++;
    return *s == '\0';
}

static int is_color(const char *s) {
    if (*s++ != '#') return 0;
    for (int i = 0; i < 6; i++, s++)
        if (!digit(*s) && !((*s | 0x20) >= 'a' && (*s | 0x20) <= 'f')) return 0;
    return *s == '\0';
}

/* [a-z]+([ ,]+[a-z]+)* */
static int is_pos_list(const char *s) {
    for (;;) {
        if (!(*s >= 'a' && *s <= 'z')) return 0;
        while (*s >= 'a' && *s <= 'z') s++;
        if (!*s) return 1;
        if (*s != ' ' && *s != ',') return 0;
        while (*s == ' ' || *s == ',') s++;
    }
}

static int one_of(const char *s, const char *a, const char *b, const char *c) {
    return strcmp(s, a) == 0 || strcmp(s, b) == 0 || (c && strcmp(s, c) == 0);
}

/* Element text is compared with its white space collapsed, as the
 * schema's token type does; attributes exactly. */
static int value_ok(vtype t, const char *v) {
    switch (t) {
    case V_ANY: return 1;
    case V_ID: return is_id(v, "_.-");
    case V_RULE_ID: return is_id(v, "_.:-");
    case V_NONBLANK: return !is_blank(v);
    case V_COLOR: return is_color(v);
    case V_POSINT: return is_posint(v);
    case V_NUMBER: return is_number(v);
    case V_BOOL: return one_of(v, "true", "false", NULL);
    case V_CASE: return one_of(v, "fold", "exact", NULL);
    case V_POS: return is_pos_list(v);
    case V_UNIT: return one_of(v, "sentence", "paragraph", "turn");
    case V_SPEAKERS: return one_of(v, "respondents", "interviewers", "all");
    }
    return 1;
}

/* What is expected of a value: each message one sentence to translate. */
static void bad_attribute(loader *L, unsigned line, unsigned col, const char *el, const char *name, vtype t,
                          const char *v) {
    switch (t) {
    case V_ID:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "%s=\"%s\" is not a valid id: an id starts with a letter, then only letters without accents, "
                 "digits, '_', '.' or '-', no spaces (missions.reseau)",
                 name, v);
        return;
    case V_RULE_ID:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "%s=\"%s\" is not a valid rule id: an id starts with a letter, then only letters without "
                 "accents, digits, '_', '.', ':' or '-', no spaces (reseau.mot1)",
                 name, v);
        return;
    case V_NONBLANK: add_diag(L, 1, GRILLE_ESCHEMA, line, col, "%s= of <%s> is blank: write a value", name, el); return;
    case V_COLOR:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "color must be #RRGGBB, six hexadecimal digits such as #1f77b4, not '%s'", v);
        return;
    case V_POSINT:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col, "%s must be a whole number from 1 to 1000, not '%s'", name, v);
        return;
    case V_NUMBER:
        if (strcmp(name, "weight") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "weight must be a number such as 2, -1 or 0,5 (a point or a comma before the decimals), "
                     "not '%s'",
                     v);
        else
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "%s must be a number above 0 such as 2 or 1,5 (a point or a comma before the decimals), "
                     "not '%s'",
                     name, v);
        return;
    case V_BOOL: add_diag(L, 1, GRILLE_ESCHEMA, line, col, "%s must be true or false, not '%s'", name, v); return;
    case V_CASE:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col, "case must be fold (the codebook's case folding) or exact, not '%s'",
                 v);
        return;
    case V_POS:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "pos lists parts of speech in lower case, separated by spaces (nom, adj, verbe, adv, prep, "
                 "pro, det, conj, interj, nompr, autre), not '%s'",
                 v);
        return;
    default: add_diag(L, 1, GRILLE_ESCHEMA, line, col, "invalid value '%s' for %s=", v, name); return;
    }
}

static void bad_text(loader *L, unsigned line, unsigned col, const char *el, vtype t, const char *v) {
    switch (t) {
    case V_UNIT:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<unit> must be sentence, paragraph or turn, not '%s'", v);
        return;
    case V_SPEAKERS:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<speakers> must be respondents, interviewers or all, not '%s'", v);
        return;
    case V_BOOL: add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> must be true or false, not '%s'", el, v); return;
    case V_POSINT:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> must be a whole number from 1 to 1000, not '%s'", el, v);
        return;
    case V_NUMBER:
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "<%s> must be a number above 0 such as 2 or 1,5 (a point or a comma before the decimals), "
                 "not '%s'",
                 el, v);
        return;
    default:
        if (strcmp(el, "title") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<title> is empty: give the codebook a title");
        else if (strcmp(el, "lexicon-supplement") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "<lexicon-supplement> is empty: write the path of a TSV file (form, lemma, part of speech)");
        else
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "empty <%s> rule: write the word, phrase or pattern it matches",
                     el);
        return;
    }
}

/* ------------------------------------------------------------------ */
/* "did you mean": the closest allowed name, at most 2 edits away       */

static size_t edits(const char *a, const char *b) {
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40) return 99;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++) row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best) best = up + 1;
            if (row[j - 1] + 1 < best) best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static const char *closest(const char *name, const char *const *cands) {
    const char *best = NULL;
    size_t bd = 3;
    for (size_t i = 0; cands[i]; i++) {
        size_t d = edits(name, cands[i]);
        if (d < bd && d < strlen(cands[i])) {
            bd = d;
            best = cands[i];
        }
    }
    return best;
}

/* ------------------------------------------------------------------ */
/* attributes                                                          */

static void attr_qname(xmlAttrPtr a, char *buf, size_t n) {
    if (a->ns && a->ns->prefix) snprintf(buf, n, "%s:%s", (const char *)a->ns->prefix, (const char *)a->name);
    else snprintf(buf, n, "%s", (const char *)a->name);
}

static void check_attributes(loader *L, xmlNodePtr n, const elem_def *d) {
    const char *el = d->name;
    const char *names[16];
    size_t nn = 0;
    for (const attr_def *ad = d->attrs; ad->name && nn + 1 < 16; ad++) names[nn++] = ad->name;
    names[nn] = NULL;
    for (xmlAttrPtr a = n->properties; a; a = a->next) {
        char q[128];
        attr_qname(a, q, sizeof q);
        const attr_def *ad = d->attrs;
        while (ad->name && strcmp(ad->name, q) != 0) ad++;
        unsigned line, col;
        attribute_position(L, n, q, &line, &col);
        if (!ad->name) {
            gbuf list = {0};
            for (size_t i = 0; i < nn; i++) gbuf_printf(&list, "%s%s", i ? ", " : "", names[i]);
            const char *near = closest(q, names);
            if (near)
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> has no attribute %s= (did you mean %s=?)", el, q, near);
            else if (nn)
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> has no attribute %s=; it may have %s", el, q,
                         list.data ? list.data : "");
            else add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> has no attributes: remove %s=", el, q);
            gbuf_free(&list);
            continue;
        }
        xmlChar *v = xmlNodeGetContent((xmlNodePtr)a);
        if (!value_ok(ad->type, v ? (const char *)v : ""))
            bad_attribute(L, line, col, el, ad->name, ad->type, v ? (const char *)v : "");
        xmlFree(v);
    }
    for (const attr_def *ad = d->attrs; ad->name; ad++) {
        if (!ad->required || xmlHasProp(n, (const xmlChar *)ad->name)) continue;
        unsigned line, col;
        element_position(L, n, &line, &col);
        if (strcmp(ad->name, "label") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "<theme> has no label=: give it the name shown in outputs (label=\"Mise en réseau\")");
        else if (strcmp(ad->name, "distance") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "<near> has no distance=: say how many words apart its rules may be, from 1 to 1000 "
                     "(distance=\"5\")");
        else
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> has no %s=: give it one (%s=\"%s\")", el, ad->name,
                     ad->name, strcmp(el, "theme") == 0 ? "missions.reseau" : "my-codebook");
    }
}

/* ------------------------------------------------------------------ */
/* content                                                             */

static int check_element(loader *L, xmlNodePtr n, const elem_def *d);

static int is_blank_text(xmlNodePtr c) {
    if (c->type != XML_TEXT_NODE && c->type != XML_CDATA_SECTION_NODE) return 1;
    return !c->content || is_blank((const char *)c->content);
}

static void text_position(loader *L, xmlNodePtr c, unsigned *line, unsigned *col) {
    long l = xmlGetLineNo(c);
    const char *s = (const char *)c->content;
    while (xs_space(*s)) {
        if (*s == '\n' && l > 0) l++;
        s++;
    }
    char needle[16];
    size_t k = 0;
    while (s[k] && s[k] != '\n' && k + 1 < sizeof needle) {
        needle[k] = s[k];
        k++;
    }
    while (k && ((unsigned char)needle[k] & 0xC0) == 0x80) k--; /* whole characters */
    needle[k] = '\0';
    *line = l > 0 ? (unsigned)l : 0;
    *col = column_of(L, *line, needle);
}

static const char *slot_first(const slot *s) { return s->names[0]; }

/* Reports the first child out of place, then stops: what follows it is
 * seldom wrong on its own. */
static void check_content(loader *L, xmlNodePtr n, const elem_def *d) {
    const char *el = d->name;
    size_t s = 0;
    unsigned count = 0, line, col;
    int reported = 0;
    const char *prev = NULL; /* the last child in place */
    for (xmlNodePtr c = n->children; c && !reported; c = c->next) {
        if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
            if (is_blank_text(c)) continue;
            text_position(L, c, &line, &col);
            if (strcmp(el, "theme") == 0)
                add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                         "text directly in <theme>: words to match go inside <word> or <phrase> rules, "
                         "a definition inside <description>");
            else
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "text directly in <%s>, which holds %s", el,
                         grille_msg(d->holds));
            reported = 1;
            break;
        }
        if (c->type != XML_ELEMENT_NODE) continue;
        const char *cn = (const char *)c->name;
        element_position(L, c, &line, &col);
        int ours = c->ns && c->ns->href && strcmp((const char *)c->ns->href, NS) == 0;
        /* where it fits: this run, a later one, or an earlier one */
        size_t fit = d->nslots;
        for (size_t k = 0; k < d->nslots; k++)
            if (in_list(d->slots[k].names, cn)) {
                fit = k;
                if (k >= s) break;
            }
        if (ours && fit < d->nslots && fit == s && (d->slots[s].max == 0 || count < d->slots[s].max)) {
            count++;
            prev = cn;
            continue;
        }
        if (ours && fit < d->nslots && fit > s) {
            /* skipping runs: each must have had its minimum */
            size_t k = s;
            for (; k < fit; k++)
                if ((k == s ? count : 0) < d->slots[k].min) break;
            if (k == fit) {
                s = fit;
                count = 1;
                prev = cn;
                continue;
            }
            if (strcmp(slot_first(&d->slots[k]), "title") == 0)
                add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                         "<codebook> must start with a <title>, before <%s>: add <title>...</title>", cn);
            else
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> must come before <%s> in <%s>",
                         slot_first(&d->slots[k]), cn, el);
            reported = 1;
        } else if (ours && fit < d->nslots && fit == s) {
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> appears twice in <%s>: keep one", cn, el);
            reported = 1;
        } else if (ours && fit < d->nslots) {
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> must come before <%s> in <%s>; <%s> holds %s", cn,
                     prev ? prev : "", el, el, grille_msg(d->holds));
            reported = 1;
        } else if (ours && find_elem(cn)) {
            if (strcmp(el, "codebook") == 0 && in_list(n_rule, cn))
                add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                         "<%s> cannot go directly in <codebook>: rules go inside a <theme>", cn);
            else
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> cannot go in <%s>, which holds %s", cn, el,
                         grille_msg(d->holds));
            reported = 1;
        } else if (!ours && c->ns && c->ns->href) {
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "<%s> is in the namespace '%s', not grille's (%s): a codebook holds grille elements only", cn,
                     (const char *)c->ns->href, NS);
            reported = 1;
        } else {
            /* French names come first to a French researcher's mind */
            static const char *const french[][2] = {
                {"mot", "word"},    {"expression", "phrase"}, {"lemme", "lemma"},       {"titre", "title"},
                {"proche", "near"}, {"exclure", "exclude"},   {"th\xC3\xA8me", "theme"}};
            const char *mean = NULL;
            for (size_t k = 0; k < sizeof french / sizeof french[0] && !mean; k++)
                if (strcmp(cn, french[k][0]) == 0) mean = french[k][1];
            for (size_t k = 0; k < d->nslots && !mean; k++) mean = closest(cn, d->slots[k].names);
            if (mean)
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "unknown element <%s> in <%s> (did you mean <%s>?)", cn, el,
                         mean);
            else
                add_diag(L, 1, GRILLE_ESCHEMA, line, col, "unknown element <%s> in <%s>, which holds %s", cn, el,
                         grille_msg(d->holds));
            reported = 1;
        }
    }
    /* the children in place are checked, whatever came after them */
    for (xmlNodePtr c = n->children; c; c = c->next) {
        if (c->type != XML_ELEMENT_NODE || !c->ns || !c->ns->href || strcmp((const char *)c->ns->href, NS) != 0)
            continue;
        const elem_def *cd = find_elem((const char *)c->name);
        int allowed = 0;
        for (size_t k = 0; k < d->nslots && cd; k++) allowed |= in_list(d->slots[k].names, cd->name);
        if (allowed) check_element(L, c, cd);
    }
    if (reported) return;
    /* runs that did not get their minimum */
    for (size_t k = s; k < d->nslots; k++) {
        unsigned have = k == s ? count : 0;
        if (have >= d->slots[k].min) continue;
        element_position(L, n, &line, &col);
        const char *need = slot_first(&d->slots[k]);
        if (strcmp(need, "title") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<codebook> has no <title>: add <title>...</title> first in it");
        else if (strcmp(need, "theme") == 0)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                     "the codebook has no theme: add <theme id=\"...\" label=\"...\"> with its rules");
        else if (d->slots[k].min == 1)
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> holds no rule: put in it %s", el, grille_msg(d->holds));
        else
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> needs at least %u rules, this one has %u", el,
                     d->slots[k].min, have);
        return;
    }
}

static int check_text(loader *L, xmlNodePtr n, const elem_def *d) {
    unsigned line, col;
    for (xmlNodePtr c = n->children; c; c = c->next)
        if (c->type == XML_ELEMENT_NODE) {
            element_position(L, c, &line, &col);
            add_diag(L, 1, GRILLE_ESCHEMA, line, col, "<%s> cannot go in <%s>, which holds text only",
                     (const char *)c->name, d->name);
            return 1;
        }
    xmlChar *v = xmlNodeGetContent(n);
    char *t = grille_strdup(v ? (const char *)v : "");
    xmlFree(v);
    if (!t) {
        L->oom = 1;
        return 0;
    }
    /* element text is compared with surrounding white space removed */
    char *b = t, *e = t + strlen(t);
    while (xs_space(*b)) b++;
    while (e > b && xs_space(e[-1])) *--e = '\0';
    int bad = !value_ok(d->text, b);
    if (bad) {
        element_position(L, n, &line, &col);
        bad_text(L, line, col, d->name, d->text, b);
    }
    free(t);
    return bad;
}

static int check_element(loader *L, xmlNodePtr n, const elem_def *d) {
    int before = L->errors;
    check_attributes(L, n, d);
    if (d->slots) check_content(L, n, d);
    else check_text(L, n, d);
    return L->errors - before;
}

int check_structure(loader *L, xmlDocPtr doc) {
    xmlNodePtr root = xmlDocGetRootElement(doc);
    unsigned line = 1, col = 1;
    if (!root) {
        add_diag(L, 1, GRILLE_ESCHEMA, line, col, "no <codebook> element");
        return 1;
    }
    element_position(L, root, &line, &col);
    if (strcmp((const char *)root->name, "codebook") != 0) {
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "the file's element is <%s>, not <codebook>: is it a grille codebook?", (const char *)root->name);
        return 1;
    }
    if (!is_el(root, "codebook")) {
        add_diag(L, 1, GRILLE_ESCHEMA, line, col,
                 "<codebook> is not in grille's namespace: write <codebook xmlns=\"%s\" ...>", NS);
        return 1;
    }
    return check_element(L, root, find_elem("codebook"));
}

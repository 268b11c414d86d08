/* codebook_info.c - what the public API, and the library's report
 * modules (codebook_view.h), are told about a loaded codebook: its
 * settings, themes and rules. */
#include "codebook.h"

/* ------------------------------------------------------------------ */
/* for the report modules (codebook_view.h)                            */

const char *codebook_name(const grille_codebook *cb) { return cb->name; }
size_t codebook_theme_count(const grille_codebook *cb) { return cb->nthemes; }
const char *codebook_theme_id(const grille_codebook *cb, size_t t) { return cb->themes[t].id; }
const char *codebook_theme_label(const grille_codebook *cb, size_t t) { return cb->themes[t].label; }
int codebook_theme_parent(const grille_codebook *cb, size_t t) { return cb->themes[t].parent; }
int codebook_theme_depth(const grille_codebook *cb, size_t t) { return cb->themes[t].depth; }
const char *codebook_theme_color(const grille_codebook *cb, size_t t) { return cb->themes[t].color; }

/* Themes are stored in codebook order, depth first, so a theme's first
 * sub-theme comes right after it. */
int codebook_has_children(const grille_codebook *cb, size_t t) {
    return t + 1 < cb->nthemes && cb->themes[t + 1].parent == (int)t;
}

size_t codebook_rule_count(const grille_codebook *cb) { return cb->nrules; }
const char *codebook_rule_id(const grille_codebook *cb, size_t r) { return cb->rules[r].id; }
const char *codebook_rule_text(const grille_codebook *cb, size_t r) { return cb->rules[r].text; }
grille_rule_kind codebook_rule_kind(const grille_codebook *cb, size_t r) { return cb->rules[r].kind; }
int codebook_rule_theme(const grille_codebook *cb, size_t r) { return cb->rules[r].theme; }
int codebook_rule_parent(const grille_codebook *cb, size_t r) { return cb->rules[r].parent; }
int codebook_rule_exclude(const grille_codebook *cb, size_t r) { return cb->rules[r].exclude; }
double codebook_rule_weight(const grille_codebook *cb, size_t r) { return cb->rules[r].weight; }
unsigned codebook_rule_line(const grille_codebook *cb, size_t r) { return cb->rules[r].line; }

const int *codebook_rule_children(const grille_codebook *cb, size_t r, size_t *n) {
    *n = cb->rules[r].nchildren;
    return cb->rules[r].children;
}

const tok_config *codebook_tok_config(const grille_codebook *cb) { return &cb->tc; }

/* ------------------------------------------------------------------ */
/* the public API                                                      */

const char *grille_codebook_id(const grille_codebook *cb) { return cb ? cb->id : NULL; }
const char *grille_codebook_title(const grille_codebook *cb) { return cb ? cb->title : NULL; }
grille_unit_kind grille_codebook_unit(const grille_codebook *cb) { return cb ? cb->unit : GRILLE_UNIT_SENTENCE; }
grille_speakers grille_codebook_speakers(const grille_codebook *cb) {
    return cb ? cb->speakers : GRILLE_SPEAKERS_RESPONDENTS;
}
size_t grille_codebook_theme_count(const grille_codebook *cb) { return cb ? cb->nthemes : 0; }

int grille_codebook_theme_get(const grille_codebook *cb, size_t i, grille_theme_info *out) {
    if (!cb || !out || i >= cb->nthemes) return GRILLE_EUSAGE;
    const ctheme *t = &cb->themes[i];
    out->id = t->id;
    out->path = t->path;
    out->label = t->label;
    out->description = t->description;
    out->color = t->color;
    out->parent = t->parent < 0 ? GRILLE_NONE : (size_t)t->parent;
    out->depth = t->depth;
    out->rule_count = t->nrules;
    return GRILLE_OK;
}

int codebook_theme_find(const grille_codebook *cb, const char *id) {
    if (!cb || !id) return -1;
    for (size_t i = 0; i < cb->nthemes; i++)
        if (strcmp(cb->themes[i].id, id) == 0) return (int)i;
    return -1;
}

size_t grille_codebook_theme_find(const grille_codebook *cb, const char *id) {
    int t = codebook_theme_find(cb, id);
    return t < 0 ? GRILLE_NONE : (size_t)t;
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

int grille_codebook_rule_get(const grille_codebook *cb, size_t i, grille_rule_info *out) {
    if (!cb || !out || i >= cb->nrules) return GRILLE_EUSAGE;
    const rnode *r = &cb->rules[i];
    out->id = r->id;
    out->kind = r->kind;
    out->theme = (size_t)r->theme;
    out->parent = r->parent < 0 ? GRILLE_NONE : (size_t)r->parent;
    out->flags = r->exclude ? GRILLE_RULE_INFO_EXCLUDE : 0;
    out->text = r->text ? r->text : "";
    out->line = r->line;
    return GRILLE_OK;
}

int codebook_rule_find(const grille_codebook *cb, const char *id) {
    if (!cb || !id || !cb->rule_ids.slots) return -1;
    return strmap_get(&cb->rule_ids, id, strlen(id));
}

size_t grille_codebook_rule_find(const grille_codebook *cb, const char *id) {
    int r = codebook_rule_find(cb, id);
    return r < 0 ? GRILLE_NONE : (size_t)r;
}

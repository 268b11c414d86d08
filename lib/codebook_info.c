/* codebook_info.c - what the public API tells about a loaded codebook:
 * its settings, themes and rules. */
#include "codebook.h"

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

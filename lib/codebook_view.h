/* codebook_view.h - what the modules that report on a coding (matrix,
 * co-occurrence, notes, concordance, evaluation, statistics, diff,
 * exports) may know of a compiled codebook: its themes and rules by
 * index, never its layout, which codebook.h keeps for the loader, the
 * word index and the matcher.  Defined in codebook_info.c.  No checks:
 * t and r are valid indexes; strings belong to the codebook.  Not
 * installed. */
#ifndef GRILLE_CODEBOOK_VIEW_H
#define GRILLE_CODEBOOK_VIEW_H
#include "internal.h"

struct tok_config;

/* The name it was loaded under (its path, or the name given to parse). */
const char *codebook_name(const grille_codebook *cb);

size_t codebook_theme_count(const grille_codebook *cb);
const char *codebook_theme_id(const grille_codebook *cb, size_t t);
const char *codebook_theme_label(const grille_codebook *cb, size_t t);
/* The theme with this id, or -1 (grille_codebook_theme_find() with the
 * int indices of the internal code). */
int codebook_theme_find(const grille_codebook *cb, const char *id);
/* The enclosing theme, or -1 at the top. */
int codebook_theme_parent(const grille_codebook *cb, size_t t);
int codebook_theme_depth(const grille_codebook *cb, size_t t);
/* Its own color= as written, or NULL (theme_color.c picks one). */
const char *codebook_theme_color(const grille_codebook *cb, size_t t);
/* Whether theme t has sub-themes. */
int codebook_has_children(const grille_codebook *cb, size_t t);

size_t codebook_rule_count(const grille_codebook *cb);
const char *codebook_rule_id(const grille_codebook *cb, size_t r);
/* What the rule matches as the codebook writes it (a word, a regex),
 * or NULL for a combination. */
const char *codebook_rule_text(const grille_codebook *cb, size_t r);
grille_rule_kind codebook_rule_kind(const grille_codebook *cb, size_t r);
int codebook_rule_theme(const grille_codebook *cb, size_t r);
/* The rule with this id, or -1. */
int codebook_rule_find(const grille_codebook *cb, const char *id);
/* The enclosing near/all/any rule, or -1 for a theme's own rule. */
int codebook_rule_parent(const grille_codebook *cb, size_t r);
/* Whether it is part of an <exclude>. */
int codebook_rule_exclude(const grille_codebook *cb, size_t r);
double codebook_rule_weight(const grille_codebook *cb, size_t r);
unsigned codebook_rule_line(const grille_codebook *cb, size_t r);
/* The rules a near/all/any rule r combines (*n of them; none for a leaf). */
const int *codebook_rule_children(const grille_codebook *cb, size_t r, size_t *n);
/* Appends what rule r matches, as written: "word projet*",
 * "near 5(word comité, word pilotage)" (rule_ids.c). */
int codebook_describe_rule(const grille_codebook *cb, int r, gbuf *out);

/* How the codebook's settings cut and fold text into tokens. */
const struct tok_config *codebook_tok_config(const grille_codebook *cb);

#endif

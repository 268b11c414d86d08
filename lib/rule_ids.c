/* rule_ids.c - ids for the rules a codebook does not name.  An id is
 * derived from the rule's theme, kind and text ("missions#word:mission*",
 * "pilotage#phrase:portage politique", "copil#near:194df067" for a
 * combination), not from its position, so that inserting a rule renames
 * no other and grille diff reports only what changed.  Given ids cannot
 * hold '#', so derived ids never clash with them; two rules of a theme
 * with the same kind and text (at any depth) get "~2", "~3" in codebook
 * order. */
#include "codebook.h"
#include "strmap.h"
#include <stdio.h>

/* Folds the rule (kind, text, and for near/all/any its rules, in order)
 * into h: a combination is known by what it combines. */
static uint32_t rule_hash(const grille_codebook *cb, int r, uint32_t h) {
    const rnode *n = &cb->rules[r];
    const char *kind = grille_rule_kind_name(n->kind);
    for (const char *p = kind; *p; p++) h = grille_hash_step(h, (unsigned char)*p);
    h = grille_hash_step(h, '(');
    if (n->text)
        for (const char *p = n->text; *p; p++) h = grille_hash_step(h, (unsigned char)*p);
    for (size_t i = 0; i < n->nchildren; i++) h = rule_hash(cb, n->children[i], h);
    return grille_hash_step(h, ')');
}

/* The text as an id may show it: spaces collapsed; NULL when it holds
 * what a list of ids cannot (a comma, a control character) or is long. */
static int readable(const char *text, gbuf *out) {
    size_t start = out->len;
    int space = 0;
    for (const char *p = text; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ',' || c == '"' || (c < 0x20 && c != ' ' && c != '\t' && c != '\n' && c != '\r')) return 0;
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
            space = out->len > start;
            continue;
        }
        if (space && gbuf_putc(out, ' ')) return -1;
        space = 0;
        if (gbuf_putc(out, (char)c)) return -1;
    }
    return out->len > start && out->len - start <= 48 ? 1 : 0;
}

static int derive(const grille_codebook *cb, int r, gbuf *b) {
    const rnode *n = &cb->rules[r];
    b->len = 0;
    /* a rule inside a near/all/any is known by its own text too: ids stay
     * short enough to read in a list of the rules that matched */
    if (gbuf_printf(b, "%s#%s", cb->themes[n->theme].id, n->exclude ? "exclude:" : "")) return GRILLE_ENOMEM;
    if (gbuf_printf(b, "%s:", grille_rule_kind_name(n->kind))) return GRILLE_ENOMEM;
    size_t mark = b->len;
    int ok = n->kind != GRILLE_RULE_REGEX && n->text && n->text[0] ? readable(n->text, b) : 0;
    if (ok < 0) return GRILLE_ENOMEM;
    if (!ok) {
        b->len = mark;
        if (gbuf_printf(b, "%08x", rule_hash(cb, r, GRILLE_HASH_SEED))) return GRILLE_ENOMEM;
    }
    return gbuf_putc(b, '\0') ? GRILLE_ENOMEM : GRILLE_OK;
}

int codebook_derive_rule_ids(grille_codebook *cb) {
    strmap seen;
    gbuf b = {0};
    if (strmap_init(&seen)) return GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    /* given ids first, so that a derived id never takes one */
    for (size_t r = 0; r < cb->nrules && rc == GRILLE_OK; r++)
        if (cb->rules[r].id && cb->rules[r].id[0] && !strmap_put(&seen, cb->rules[r].id, strlen(cb->rules[r].id), NULL))
            rc = GRILLE_ENOMEM;
    /* parents come before their rules, so a nested id can build on its
     * parent's */
    for (size_t r = 0; r < cb->nrules && rc == GRILLE_OK; r++) {
        rnode *n = &cb->rules[r];
        if (n->id && n->id[0]) continue;
        if ((rc = derive(cb, (int)r, &b))) break;
        size_t base = b.len - 1; /* before the NUL */
        for (unsigned k = 2;; k++) {
            int created;
            int *v = strmap_put(&seen, b.data, strlen(b.data), &created);
            if (!v) {
                rc = GRILLE_ENOMEM;
                break;
            }
            if (created) break;
            b.len = base;
            if (gbuf_printf(&b, "~%u", k) || gbuf_putc(&b, '\0')) {
                rc = GRILLE_ENOMEM;
                break;
            }
        }
        if (rc) break;
        char *id = grille_strdup(b.data);
        if (!id) {
            rc = GRILLE_ENOMEM;
            break;
        }
        free(n->id);
        n->id = id;
    }
    gbuf_free(&b);
    strmap_free(&seen);
    return rc;
}

int codebook_describe_rule(const grille_codebook *cb, int r, gbuf *out) {
    const rnode *n = &cb->rules[r];
    if (n->kind <= GRILLE_RULE_REGEX)
        return gbuf_printf(out, "%s %s", grille_rule_kind_name(n->kind), n->text ? n->text : "");
    if (gbuf_printf(out, "%s", grille_rule_kind_name(n->kind))) return GRILLE_ENOMEM;
    if (n->kind == GRILLE_RULE_NEAR && gbuf_printf(out, " %u", n->distance)) return GRILLE_ENOMEM;
    if (gbuf_putc(out, '(')) return GRILLE_ENOMEM;
    for (size_t i = 0; i < n->nchildren; i++) {
        if (i && gbuf_append(out, ", ", 2)) return GRILLE_ENOMEM;
        if (codebook_describe_rule(cb, n->children[i], out)) return GRILLE_ENOMEM;
    }
    return gbuf_putc(out, ')');
}

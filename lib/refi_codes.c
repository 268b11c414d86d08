/* refi_codes.c - the codes a codebook's themes become in a REFI-QDA
 * file: their tree, GUIDs, names and colours.  The export writes them;
 * the import maps codes back to themes by them.
 *
 * Names.  A REFI-QDA tool may keep one code of a name (QualCoder drops
 * the second code of a name with all its codings, silently), so names
 * are unique within the file, compared without case: a theme whose label
 * an earlier theme has is qualified by its parent's label ("Commune
 * (Échelles)"), else by its id.
 *
 * Colours.  A code without a colour gets one from the tool that opens the
 * file, at random: every theme has one here.  A sub-theme without its
 * own takes a lighter shade of its parent's; a top-level theme without
 * one, a colour of a fixed palette by its rank. */
#include "refi_internal.h"
#include "strmap.h"
#include <stdio.h>
#include <utf8proc.h>

void refi_codes_free(refi_codes *t) {
    for (size_t i = 0; t->name && i < t->n; i++) free(t->name[i]);
    free(t->name);
    free(t->first);
    free(t->next);
    free(t->guid);
    free(t->color);
    memset(t, 0, sizeof *t);
}

static void theme_guid(const grille_codebook *cb, const char *theme_id, gbuf *scratch, char out[37]) {
    refi_guidf(out, scratch, "grille:theme:%s:%s", grille_codebook_id(cb), theme_id);
}

int grille_refi_theme_guid(const grille_codebook *cb, size_t i, char out[37]) {
    grille_theme_info t;
    if (!cb || !out || grille_codebook_theme_get(cb, i, &t) != GRILLE_OK) return GRILLE_EUSAGE;
    gbuf scratch = {0};
    theme_guid(cb, t.id, &scratch, out);
    gbuf_free(&scratch);
    return GRILLE_OK;
}

int refi_name_key(const char *name, gbuf *key) {
    utf8proc_uint8_t *m = NULL;
    key->len = 0;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)name, 0, &m,
                                      UTF8PROC_NULLTERM | UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    int rc;
    if (n >= 0) rc = gbuf_append(key, m, (size_t)n);
    else if (n == UTF8PROC_ERROR_NOMEM) rc = GRILLE_ENOMEM;
    else rc = gbuf_append(key, name, strlen(name)); /* not UTF-8: as it is */
    free(m);
    /* white space at either end is not seen in a tool */
    size_t a = 0;
    while (a < key->len && refi_is_space((unsigned char)key->data[a])) a++;
    while (key->len > a && refi_is_space((unsigned char)key->data[key->len - 1])) key->len--;
    if (rc == GRILLE_OK && a) {
        memmove(key->data, key->data + a, key->len - a);
        key->len -= a;
    }
    if (rc == GRILLE_OK && gbuf_putc(key, '\0')) rc = GRILLE_ENOMEM;
    if (rc == GRILLE_OK) key->len--;
    return rc;
}

/* A colour as #RRGGBB in out: #RGB doubled, nothing when s is none. */
static int parse_rgb(const char *s, int rgb[3]) {
    if (!refi_is_rgb(s)) return -1;
    int short_form = strlen(s) == 4;
    for (int k = 0; k < 3; k++)
        rgb[k] = short_form ? refi_hexval(s[1 + k]) * 17 : refi_hexval(s[1 + 2 * k]) * 16 + refi_hexval(s[2 + 2 * k]);
    return 0;
}

static void colour_of(refi_codes *t, const grille_codebook *cb, size_t i, const grille_theme_info *th,
                      size_t top_rank) {
    /* matplotlib's "tab10", the palette of codebooks/dts-fr.xml */
    static const int palette[10][3] = {{0x1f, 0x77, 0xb4}, {0xff, 0x7f, 0x0e}, {0x2c, 0xa0, 0x2c}, {0xd6, 0x27, 0x28},
                                       {0x94, 0x67, 0xbd}, {0x8c, 0x56, 0x4b}, {0xe3, 0x77, 0xc2}, {0x7f, 0x7f, 0x7f},
                                       {0xbc, 0xbd, 0x22}, {0x17, 0xbe, 0xcf}};
    int rgb[3];
    (void)cb;
    if (parse_rgb(th->color, rgb) == 0 && strlen(th->color) == 7) {
        memcpy(t->color[i], th->color, 8); /* its own, as written */
        return;
    } else if (parse_rgb(th->color, rgb) == 0) {
        /* #RGB, written #RRGGBB */
    } else if (th->parent != GRILLE_NONE) {
        parse_rgb(t->color[th->parent], rgb);
        /* two fifths of the way to white */
        for (int k = 0; k < 3; k++) rgb[k] += (255 - rgb[k]) * 2 / 5;
    } else {
        memcpy(rgb, palette[top_rank % 10], sizeof rgb);
    }
    snprintf(t->color[i], sizeof t->color[i], "#%02x%02x%02x", rgb[0], rgb[1], rgb[2]);
}

int refi_codes_build(refi_codes *t, const grille_codebook *cb, grille_warn_fn warn, void *warn_ctx) {
    memset(t, 0, sizeof *t);
    t->n = grille_codebook_theme_count(cb);
    size_t m = t->n ? t->n : 1, top = 0;
    t->first = malloc(m * sizeof *t->first);
    t->next = malloc(m * sizeof *t->next);
    t->guid = malloc(m * sizeof *t->guid);
    t->color = malloc(m * sizeof *t->color);
    t->name = calloc(m, sizeof *t->name);
    int *last = malloc(m * sizeof *last);
    gbuf scratch = {0}, key = {0}, name = {0};
    strmap seen;
    int rc = strmap_init(&seen);
    if (rc || !t->first || !t->next || !t->guid || !t->color || !t->name || !last) {
        if (rc == GRILLE_OK) strmap_free(&seen);
        free(last);
        refi_codes_free(t);
        return GRILLE_ENOMEM;
    }
    for (size_t i = 0; i < t->n; i++) t->first[i] = t->next[i] = last[i] = -1;
    /* themes come parent first, in document order: appending keeps it */
    for (size_t i = 0; i < t->n && rc == GRILLE_OK; i++) {
        grille_theme_info th;
        grille_codebook_theme_get(cb, i, &th);
        theme_guid(cb, th.id, &scratch, t->guid[i]);
        colour_of(t, cb, i, &th, th.parent == GRILLE_NONE ? top++ : 0);
        size_t p = th.parent;
        if (p != GRILLE_NONE) {
            if (t->first[p] < 0) t->first[p] = (int)i;
            else t->next[last[p]] = (int)i;
            last[p] = (int)i;
        }
        /* the label, else qualified by the parent's label, else by the id */
        int created = 0, *slot = NULL;
        for (int tries = 0; tries < 3 && !created; tries++) {
            grille_theme_info pt;
            name.len = 0;
            if (tries == 0) rc = gbuf_printf(&name, "%s", th.label);
            else if (tries == 1 && p != GRILLE_NONE && grille_codebook_theme_get(cb, p, &pt) == GRILLE_OK)
                rc = gbuf_printf(&name, "%s (%s)", th.label, pt.label);
            else if (tries == 1) continue;
            else rc = gbuf_printf(&name, "%s (%s)", th.label, th.id);
            if (rc == GRILLE_OK) rc = refi_name_key(name.data, &key);
            if (rc == GRILLE_OK && !(slot = strmap_put(&seen, key.data, key.len, &created))) rc = GRILLE_ENOMEM;
            if (rc) break;
            if (created) *slot = (int)i;
        }
        /* theme ids are unique, so "label (id)" is too, but for a label
         * that ends like another's "(id)": then the id alone */
        if (rc == GRILLE_OK && !created) {
            name.len = 0;
            rc = gbuf_printf(&name, "%s", th.id);
        }
        if (rc == GRILLE_OK && !(t->name[i] = grille_strndup(name.data, name.len))) rc = GRILLE_ENOMEM;
        if (rc == GRILLE_OK && strcmp(t->name[i], th.label) != 0 && warn) {
            grille_error w;
            grille_theme_info first;
            int k = refi_name_key(th.label, &key) == GRILLE_OK ? strmap_get(&seen, key.data, key.len) : -1;
            grille_codebook_theme_get(cb, k >= 0 ? (size_t)k : 0, &first);
            grille_fail(&w, GRILLE_OK, "", 0, 0, 0,
                        "theme '%s' is exported as the code '%s': its label is that of theme '%s', and REFI-QDA "
                        "tools keep one code of a name",
                        th.id, t->name[i], k >= 0 ? first.id : "?");
            warn(warn_ctx, &w);
        }
    }
    strmap_free(&seen);
    free(last);
    gbuf_free(&scratch);
    gbuf_free(&key);
    gbuf_free(&name);
    if (rc) refi_codes_free(t);
    return rc;
}

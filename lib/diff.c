/* diff.c - what a codebook change does to the coding of a corpus: per
 * theme id, the units gained and lost, with the rules responsible. */
#include "codebook_view.h"
#include "output.h"
#include "tab.h"
#include <stdio.h>

typedef struct change {
    int gained;   /* 1 gained, 0 lost */
    size_t theme; /* index into diff.ids */
    size_t doc;
    grille_unit unit;
    char *rules;
} change;

typedef struct theme_row {
    char *id, *label;
    int old_t, new_t; /* theme index in each codebook, or -1 */
    size_t old_units, new_units, gained, lost;
} theme_row;

struct grille_diff {
    const grille_codebook *old_cb, *new_cb;
    const grille_coding **new_codings; /* a copy of the caller's array */
    theme_row *rows;
    size_t nrows, caprows;
    change *changes;
    size_t nchanges, capchanges;
};

void grille_diff_free(grille_diff *d) {
    if (!d) return;
    for (size_t i = 0; i < d->nrows; i++) {
        free(d->rows[i].id);
        free(d->rows[i].label);
    }
    free(d->rows);
    for (size_t i = 0; i < d->nchanges; i++) free(d->changes[i].rules);
    free(d->changes);
    free(d->new_codings);
    free(d);
}

static int add_row(grille_diff *d, const char *id, const char *label, int old_t, int new_t) {
    if (GROW(d->rows, d->nrows, d->caprows)) return GRILLE_ENOMEM;
    theme_row *r = &d->rows[d->nrows];
    memset(r, 0, sizeof *r);
    r->id = grille_strdup(id);
    r->label = grille_strdup(label);
    r->old_t = old_t;
    r->new_t = new_t;
    d->nrows++;
    return r->id && r->label ? GRILLE_OK : GRILLE_ENOMEM;
}

/* Rule ids of the segment of theme t on unit idx of coding c. */
static char *segment_rules(const grille_coding *c, size_t seg) {
    const grille_segment *s = grille_coding_segment_get(c, seg);
    gbuf b = {0};
    if (segment_rule_list(s, &b)) {
        gbuf_free(&b);
        return NULL;
    }
    return b.data ? b.data : grille_strdup("");
}

/* Segments of theme t in coding c, as a sorted list of (unit, segment). */
typedef struct useg {
    size_t unit, seg;
} useg;

static size_t segments_of(const grille_coding *c, int t, useg *out) {
    size_t n = 0;
    if (t < 0) return 0;
    for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
        const grille_segment *s = grille_coding_segment_get(c, i);
        if (s->theme == (size_t)t) out[n++] = (useg){s->unit_index, i};
    }
    return n; /* segments are in unit order already */
}

static int add_change(grille_diff *d, int gained, size_t row, size_t doc, const grille_coding *c, size_t seg) {
    if (GROW(d->changes, d->nchanges, d->capchanges)) return GRILLE_ENOMEM;
    change *ch = &d->changes[d->nchanges];
    const grille_segment *s = grille_coding_segment_get(c, seg);
    ch->gained = gained;
    ch->theme = row;
    ch->doc = doc;
    grille_document_unit_get(grille_coding_document(c), s->unit_kind, s->unit_index, &ch->unit);
    ch->rules = segment_rules(c, seg);
    if (!ch->rules) return GRILLE_ENOMEM;
    d->nchanges++;
    return GRILLE_OK;
}

grille_diff *grille_diff_new(const grille_codebook *old_cb, const grille_coding *const *old_codings,
                             const grille_codebook *new_cb, const grille_coding *const *new_codings, size_t n,
                             grille_error *err) {
    grille_error_clear(err);
    if (!old_cb || !new_cb || (n && (!old_codings || !new_codings))) {
        grille_fail(err, GRILLE_EUSAGE, "", 0, 0, 0, "two codebooks and their codings are needed");
        return NULL;
    }
    if (grille_codebook_unit(old_cb) != grille_codebook_unit(new_cb)) {
        grille_fail(err, GRILLE_EUSAGE, codebook_name(new_cb), 0, 0, 0,
                    "the codebooks code different units (%s in %s, %s in %s): their codings "
                    "cannot be compared unit by unit",
                    grille_unit_kind_name(grille_codebook_unit(old_cb)), codebook_name(old_cb),
                    grille_unit_kind_name(grille_codebook_unit(new_cb)), codebook_name(new_cb));
        return NULL;
    }
    grille_diff *d = calloc(1, sizeof *d);
    if (!d) goto nomem;
    d->old_cb = old_cb;
    d->new_cb = new_cb;
    if (!(d->new_codings = malloc((n + 1) * sizeof *d->new_codings))) goto nomem;
    if (n) memcpy(d->new_codings, new_codings, n * sizeof *d->new_codings);
    /* themes of the new codebook in its order, then those it dropped */
    for (size_t t = 0; t < codebook_theme_count(new_cb); t++)
        if (add_row(d, codebook_theme_id(new_cb, t), codebook_theme_label(new_cb, t),
                    codebook_theme_find(old_cb, codebook_theme_id(new_cb, t)), (int)t))
            goto nomem;
    for (size_t t = 0; t < codebook_theme_count(old_cb); t++)
        if (codebook_theme_find(new_cb, codebook_theme_id(old_cb, t)) < 0 &&
            add_row(d, codebook_theme_id(old_cb, t), codebook_theme_label(old_cb, t), (int)t, -1))
            goto nomem;
    for (size_t doc = 0; doc < n; doc++) {
        const grille_coding *oc = old_codings[doc], *nc = new_codings[doc];
        useg *a = malloc((grille_coding_segment_count(oc) + 1) * sizeof *a);
        useg *b = malloc((grille_coding_segment_count(nc) + 1) * sizeof *b);
        if (!a || !b) {
            free(a);
            free(b);
            goto nomem;
        }
        for (size_t r = 0; r < d->nrows; r++) {
            theme_row *row = &d->rows[r];
            size_t na = segments_of(oc, row->old_t, a), nb = segments_of(nc, row->new_t, b);
            row->old_units += na;
            row->new_units += nb;
            size_t i = 0, j = 0;
            int rc = GRILLE_OK;
            while ((i < na || j < nb) && rc == GRILLE_OK) {
                if (j >= nb || (i < na && a[i].unit < b[j].unit)) {
                    row->lost++;
                    rc = add_change(d, 0, r, doc, oc, a[i++].seg);
                } else if (i >= na || b[j].unit < a[i].unit) {
                    row->gained++;
                    rc = add_change(d, 1, r, doc, nc, b[j++].seg);
                } else {
                    i++;
                    j++;
                }
            }
            if (rc) {
                free(a);
                free(b);
                goto nomem;
            }
        }
        free(a);
        free(b);
    }
    return d;
nomem:
    grille_diff_free(d);
    grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
    return NULL;
}

size_t grille_diff_max_lost(const grille_diff *d, double *share) {
    size_t max = 0;
    double sh = 0;
    for (size_t r = 0; d && r < d->nrows; r++) {
        const theme_row *row = &d->rows[r];
        double s = row->old_units ? (double)row->lost / (double)row->old_units : 0;
        if (row->lost > max) max = row->lost;
        if (s > sh) sh = s;
    }
    if (share) *share = sh;
    return max;
}

size_t grille_diff_change_count(const grille_diff *d) { return d ? d->nchanges : 0; }

/* The rules of one codebook whose id the other lacks: with derived ids,
 * an inserted rule is one line here, not a renaming of those after it. */
static size_t write_rule_changes(FILE *out, grille_language L, const grille_codebook *from, const grille_codebook *to,
                                 const char *what) {
    gbuf b = {0};
    size_t n = 0;
    for (size_t r = 0; r < codebook_rule_count(from); r++) {
        if (codebook_rule_find(to, codebook_rule_id(from, r)) >= 0) continue;
        b.len = 0;
        if (codebook_describe_rule(from, (int)r, &b)) break;
        fprintf(out, T(L, "- %s `%s`: "), what, codebook_rule_id(from, r));
        write_field(out, GRILLE_FORMAT_MARKDOWN, b.data, b.len);
        fprintf(out, T(L, " (%s, line %u)\n"), codebook_name(from), codebook_rule_line(from, r));
        n++;
    }
    gbuf_free(&b);
    return n;
}

/* Rules both codebooks have by id, written differently: a near's distance,
 * a weight. */
static size_t write_rules_changed(FILE *out, grille_language L, const grille_codebook *old_cb,
                                  const grille_codebook *new_cb) {
    gbuf a = {0}, b = {0};
    size_t n = 0;
    for (size_t r = 0; r < codebook_rule_count(new_cb); r++) {
        int o = codebook_rule_find(old_cb, codebook_rule_id(new_cb, r));
        if (o < 0) continue;
        a.len = b.len = 0;
        if (codebook_describe_rule(old_cb, o, &a) || codebook_describe_rule(new_cb, (int)r, &b) ||
            gbuf_printf(&a, " weight %g", codebook_rule_weight(old_cb, o)) ||
            gbuf_printf(&b, " weight %g", codebook_rule_weight(new_cb, r)))
            break;
        if (a.len == b.len && memcmp(a.data, b.data, a.len) == 0) continue;
        fprintf(out, T(L, "- changed `%s`: "), codebook_rule_id(new_cb, r));
        write_field(out, GRILLE_FORMAT_MARKDOWN, a.data, a.len);
        fputs(" -> ", out);
        write_field(out, GRILLE_FORMAT_MARKDOWN, b.data, b.len);
        fprintf(out, T(L, " (%s, line %u)\n"), codebook_name(new_cb), codebook_rule_line(new_cb, r));
        n++;
    }
    gbuf_free(&a);
    gbuf_free(&b);
    return n;
}

/* The per-theme table; Markdown marks new and removed themes in the id
 * and ends with a total row. */
static void write_summary(tab *t, const grille_diff *d) {
    int md = t->fmt == GRILLE_FORMAT_MARKDOWN;
    if (md) {
        fprintf(t->out, "# %s", T(t->lang, "Codebook changes: "));
        fprintf(t->out, "%s -> %s\n\n", codebook_name(d->old_cb), codebook_name(d->new_cb));
    }
    static const char *const cols[] = {N_("theme"), N_("label"), N_("old"), N_("new"), N_("gained"), N_("lost")};
    for (size_t i = 0; i < 6; i++) tab_head(t, TAB_TR(t, cols[i]));
    tab_eol(t);
    if (md) fputs("|---|---|---:|---:|---:|---:|\n", t->out);
    size_t tg = 0, tl = 0, to = 0, tn = 0;
    for (size_t r = 0; r < d->nrows; r++) {
        const theme_row *row = &d->rows[r];
        tg += row->gained;
        tl += row->lost;
        to += row->old_units;
        tn += row->new_units;
        gbuf id = {0};
        gbuf_append(&id, row->id, strlen(row->id));
        const char *mark = row->old_t < 0 ? T(t->lang, " (new)") : row->new_t < 0 ? T(t->lang, " (removed)") : "";
        gbuf_append(&id, mark, strlen(mark));
        if (id.failed) t->failed = 1;
        tab_str(t, md && !id.failed ? id.data : row->id, md && !id.failed ? id.len : strlen(row->id));
        gbuf_free(&id);
        tab_cstr(t, row->label);
        tab_int(t, row->old_units);
        tab_int(t, row->new_units);
        tab_int(t, row->gained);
        tab_int(t, row->lost);
        tab_eol(t);
    }
    if (md) fprintf(t->out, "| %s | | %zu | %zu | %zu | %zu |\n", T(t->lang, "(all themes)"), to, tn, tg, tl);
}

/* Every unit gained or lost: lists under a heading per theme in
 * Markdown, after the rules that changed; a table otherwise. */
static void write_changes(tab *t, const grille_diff *d) {
    if (t->fmt == GRILLE_FORMAT_MARKDOWN) {
        FILE *out = t->out;
        grille_language L = t->lang;
        fprintf(out, "\n## %s\n\n", T(L, "Rules added and removed"));
        size_t n = write_rule_changes(out, L, d->new_cb, d->old_cb, T(L, "added"));
        n += write_rule_changes(out, L, d->old_cb, d->new_cb, T(L, "removed"));
        n += write_rules_changed(out, L, d->old_cb, d->new_cb);
        if (!n) fprintf(out, "%s\n", T(L, "None: the rules have the same ids."));
        for (size_t r = 0; r < d->nrows; r++) {
            const theme_row *row = &d->rows[r];
            if (!row->gained && !row->lost) continue;
            fprintf(out, "\n## %s: +%zu, -%zu\n\n", row->id, row->gained, row->lost);
            for (size_t i = 0; i < d->nchanges; i++) {
                const change *ch = &d->changes[i];
                if (ch->theme != r) continue;
                const grille_document *doc = grille_coding_document(d->new_codings[ch->doc]);
                fprintf(out, T(L, "- %s %s, %s, line %u: "), ch->gained ? "+" : "-", grille_document_id(doc),
                        grille_document_turn_speaker(doc, ch->unit.turn), ch->unit.span.line);
                write_field(out, GRILLE_FORMAT_TSV, grille_document_text(doc) + ch->unit.span.byte_start,
                            ch->unit.span.byte_end - ch->unit.span.byte_start);
                fprintf(out, " (%s%s %s)\n", ch->gained ? T(L, "new rules") : T(L, "old rules"), T(L, ":"), ch->rules);
            }
        }
        return;
    }
    static const char *const cols[] = {"change",   "theme",  "document", "speaker", "line",
                                       "cp_start", "cp_end", "rules",    "text"};
    for (size_t i = 0; i < 9; i++) tab_head(t, cols[i]);
    tab_eol(t);
    for (size_t i = 0; i < d->nchanges; i++) {
        const change *ch = &d->changes[i];
        const grille_document *doc = grille_coding_document(d->new_codings[ch->doc]);
        write_unit_row(t, ch->gained ? "gained" : "lost", d->rows[ch->theme].id, doc, &ch->unit, ch->rules);
    }
}

static const char diff_what[] = N_("cannot write the comparison of the codebooks");

int grille_diff_write(FILE *out, grille_format fmt, const grille_diff *d, grille_language lang, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, diff_what, N_("no output stream"));
    if (!d) return grille_write_fail(err, GRILLE_EUSAGE, diff_what, N_("no comparison"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, diff_what, fmt);
    tab t;
    tab_text(&t, out, fmt);
    t.lang = lang;
    tab_bom(out, fmt);
    write_summary(&t, d);
    /* in text, the changes are a second table after a blank line */
    if (fmt != GRILLE_FORMAT_MARKDOWN) tab_eol(&t);
    write_changes(&t, d);
    return tab_done(&t, err, diff_what);
}

int grille_diff_write_sheets(grille_workbook *wb, const grille_diff *d, grille_error *err) {
    grille_error_clear(err);
    if (!wb) return grille_write_fail(err, GRILLE_EUSAGE, diff_what, N_("no workbook"));
    if (!d) return grille_write_fail(err, GRILLE_EUSAGE, diff_what, N_("no comparison"));
    tab t;
    int rc = tab_sheet(&t, wb, "summary", err);
    if (rc) return rc;
    write_summary(&t, d);
    if ((rc = tab_done(&t, err, diff_what)) || (rc = tab_sheet(&t, wb, "changes", err))) return rc;
    write_changes(&t, d);
    return tab_done(&t, err, diff_what);
}

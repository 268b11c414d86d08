/* review.c - the page of grille review: one self-contained HTML file in
 * which a coder accepts or rejects grille's themes unit by unit, adds
 * others, and exports the decisions as a table of units (a gold).
 *
 * The page is data plus a fixed program: the corpus, the codebook's
 * columns and grille's segments go into one JSON blob, and review.js
 * (compiled in, like review.css) renders it lazily, so that a corpus of
 * 50 interviews opens at once.  Positions of the matched words are given
 * in UTF-16 code units from the start of their unit, which is how
 * JavaScript indexes strings. */
#include "codebook_view.h"
#include "theme_color.h"
#include "lang.h"
#include <stdio.h>

extern const char grille_review_js[];
extern const char grille_review_css[];

/* A JSON string that is safe inside <script>: "</script" or "<!--" can
 * never appear, since every '<' is written \u003c. */
static void json_str(FILE *out, const char *s, size_t n) {
    fputc('"', out);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c == '"' || c == '\\') fprintf(out, "\\%c", c);
        else if (c == '<') fputs("\\u003c", out);
        else if (c < 0x20) fprintf(out, "\\u%04x", c);
        else fputc(c, out);
    }
    fputc('"', out);
}

static void json_cstr(FILE *out, const char *s) { json_str(out, s ? s : "", s ? strlen(s) : 0); }

static void html(FILE *out, const char *s) {
    for (; *s; s++) {
        switch (*s) {
        case '&': fputs("&amp;", out); break;
        case '<': fputs("&lt;", out); break;
        case '>': fputs("&gt;", out); break;
        case '"': fputs("&quot;", out); break;
        default: fputc(*s, out);
        }
    }
}

/* UTF-16 code units in n bytes of UTF-8: a code point beyond U+FFFF
 * (four bytes) takes two. */
static size_t utf16_len(const char *s, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c & 0xC0) != 0x80) k += c >= 0xF0 ? 2 : 1;
    }
    return k;
}


/* The column of the export theme t counts for: its top-level theme, or
 * with leaves itself when it has no sub-theme (-1 otherwise, as in
 * grille gold template --leaves, which has no column for it). */
static int column_of(const grille_codebook *cb, size_t t, int leaves, const int *col) {
    if (leaves) return col[t];
    int x = (int)t;
    while (codebook_theme_parent(cb, (size_t)x) >= 0) x = codebook_theme_parent(cb, (size_t)x);
    return col[x];
}

/* FNV-1a, 64 bits, over the codebook's themes and rules and the
 * documents' ids and texts: the key under which the page keeps its
 * decisions, so that a page made from another corpus or codebook does
 * not see them. */
static uint64_t fnv(uint64_t h, const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 1099511628211u;
    }
    return h;
}

/* A string and a separator, so that "ab" + "c" differs from "a" + "bc". */

static uint64_t fnv_str(uint64_t h, const char *s) {
    h = fnv(h, s ? s : "", s ? strlen(s) : 0);
    return fnv(h, "\x1f", 1);
}

/* The fingerprint's start, before the documents... */
static uint64_t fingerprint_codebook(const grille_codebook *cb, int leaves) {
    uint64_t h = 14695981039346656037u;
    h = fnv_str(h, grille_codebook_id(cb));
    h = fnv_str(h, leaves ? "leaves" : "top");
    h = fnv_str(h, grille_unit_kind_name(grille_codebook_unit(cb)));
    for (size_t t = 0; t < codebook_theme_count(cb); t++) h = fnv_str(h, codebook_theme_id(cb, t));
    for (size_t r = 0; r < codebook_rule_count(cb); r++) h = fnv_str(h, codebook_rule_text(cb, r));
    return h;
}

/* ...and each document on it, in corpus order. */
static uint64_t fingerprint_document(uint64_t h, const grille_document *doc) {
    h = fnv_str(h, grille_document_id(doc));
    return fnv(h, grille_document_text(doc), grille_document_size(doc));
}

static void put_colour(FILE *out, const grille_codebook *cb, size_t t) {
    int rgb[3];
    theme_color_rgb(cb, t, rgb);
    fprintf(out, "\"#%02x%02x%02x\"", rgb[0], rgb[1], rgb[2]);
}

/* [index, line, speaker, codable, "text", [[theme, [start, end, ...]], ...]] */
static void write_unit(FILE *out, const grille_coding *c, const grille_unit *u, size_t speaker, int codable,
                       size_t *seg) {
    const grille_document *doc = grille_coding_document(c);
    const char *text = grille_document_text(doc);
    size_t b0 = u->span.byte_start, b1 = u->span.byte_end;
    fprintf(out, "[%zu,%u,%zu,%d,", u->index, u->span.line, speaker, codable);
    json_str(out, text + b0, b1 - b0);
    if (codable) {
        fputs(",[", out);
        int first = 1;
        /* segments come in the order of their units */
        for (; *seg < grille_coding_segment_count(c); (*seg)++) {
            const grille_segment *s = grille_coding_segment_get(c, *seg);
            if (s->unit_index > u->index) break;
            if (s->unit_index < u->index) continue;
            fprintf(out, "%s[%zu,[", first ? "" : ",", s->theme);
            first = 0;
            for (size_t h = 0; h < s->hit_count; h++) {
                size_t hs = s->hits[h].span.byte_start, he = s->hits[h].span.byte_end;
                if (hs < b0) hs = b0;
                if (he > b1) he = b1;
                if (he <= hs) continue;
                size_t from = utf16_len(text + b0, hs - b0);
                fprintf(out, "%s%zu,%zu", h ? "," : "", from, from + utf16_len(text + hs, he - hs));
            }
            fputs("]]", out);
        }
        fputc(']', out);
    }
    fputc(']', out);
}

/* ["id", "title", [[speaker, interviewer], ...], [units...]] */
static int write_document(FILE *out, const grille_codebook *cb, const grille_coding *c) {
    const grille_document *doc = grille_coding_document(c);
    size_t nsp = grille_document_speaker_count(doc), nu = grille_document_unit_count(doc, grille_codebook_unit(cb));
    int unlabelled = 0;
    for (size_t i = 0; i < nu && !unlabelled; i++) {
        grille_unit u;
        if (grille_document_unit_get(doc, grille_codebook_unit(cb), i, &u) == GRILLE_OK)
            unlabelled = grille_document_turn_speaker_index(doc, u.turn) == GRILLE_NONE;
    }
    const char *title = grille_document_variable_lookup(doc, "titre");
    if (!title) title = grille_document_variable_lookup(doc, "title");
    fputc('[', out);
    json_cstr(out, grille_document_id(doc));
    fputc(',', out);
    json_cstr(out, title);
    fputs(",[", out);
    for (size_t i = 0; i < nsp; i++) {
        grille_speaker_info sp;
        grille_document_speaker_get(doc, i, &sp);
        fputs(i ? ",[" : "[", out);
        json_cstr(out, sp.label);
        fprintf(out, ",%d]", sp.flags & GRILLE_SPEAKER_INFO_INTERVIEWER ? 1 : 0);
    }
    /* text outside any speaker's turn gets a speaker of its own */
    if (unlabelled) fputs(nsp ? ",[\"\",0]" : "[\"\",0]", out);
    fputs("],[", out);
    size_t k = 0, seg = 0, ncoded = grille_coding_unit_count(c);
    for (size_t i = 0; i < nu; i++) {
        grille_unit u;
        if (grille_document_unit_get(doc, grille_codebook_unit(cb), i, &u) != GRILLE_OK) return GRILLE_EUSAGE;
        while (k < ncoded && grille_coding_unit_get(c, k) < i) k++;
        int codable = k < ncoded && grille_coding_unit_get(c, k) == i;
        size_t sp = grille_document_turn_speaker_index(doc, u.turn);
        if (i) fputc(',', out);
        write_unit(out, c, &u, sp == GRILLE_NONE ? nsp : sp, codable, &seg);
    }
    fputs("]]", out);
    return GRILLE_OK;
}

/* The page's fixed part: markup (even items) and the words of the UI
 * (odd items), written in the page's language.  The words may hold
 * <kbd> and <code>: a translation keeps them. */
static const char *const body[] = {
    "<header><h1 id=\"title\"></h1>\n<div class=\"bar\">\n<label>", N_("Coder"),
    " <input id=\"coder\" size=\"12\" autocomplete=\"off\"></label>\n<label>", N_("Document"),
    " <select id=\"f-doc\"><option value=\"-1\">", N_("all"), "</option></select></label>\n<label>", N_("Theme"),
    " <select id=\"f-theme\"><option value=\"-1\">", N_("all"), "</option></select></label>\n<label>", N_("Speaker"),
    " <select id=\"f-speaker\"><option>", N_("all"),
    "</option></select></label>\n<label><input type=\"checkbox\" id=\"f-todo\"> ", N_("not yet reviewed"),
    "</label>\n<button id=\"export\" type=\"button\">", N_("Export the gold (e)"),
    "</button>\n</div>\n<div id=\"progress\"></div><div id=\"storage\" class=\"warning\"></div>\n</header>\n"
    "<div class=\"layout\"><main><noscript>",
    N_("This page needs JavaScript."), "</noscript><div id=\"units\"></div><div id=\"more\"></div></main>\n<aside><h2>",
    N_("Keys"), "</h2><table>\n<tr><td><kbd>j</kbd> <kbd>\xE2\x86\x93</kbd></td><td>", N_("next unit"),
    "</td></tr>\n<tr><td><kbd>k</kbd> <kbd>\xE2\x86\x91</kbd></td><td>", N_("previous unit"),
    "</td></tr>\n<tr><td><kbd>", N_("Space"), "</kbd></td><td>", N_("next unit not yet reviewed"),
    "</td></tr>\n<tr><td><kbd>h</kbd> <kbd>l</kbd> <kbd>\xE2\x86\x90</kbd> <kbd>\xE2\x86\x92</kbd> <kbd>Tab</kbd></td>"
    "<td>",
    N_("choose a theme of the unit"), "</td></tr>\n<tr><td><kbd>a</kbd></td><td>", N_("accept the theme"),
    "</td></tr>\n<tr><td><kbd>r</kbd></td><td>", N_("reject the theme (an added one: take it off)"),
    "</td></tr>\n<tr><td><kbd>A</kbd> <kbd>R</kbd></td><td>", N_("accept, reject every theme not yet decided"),
    "</td></tr>\n<tr><td><kbd>t</kbd> <kbd>+</kbd></td><td>",
    /* TRANSLATORS: HTML of the review page: keep the <kbd> elements */
    N_("add a theme: type part of its name, <kbd>\xE2\x86\x93</kbd> <kbd>\xE2\x86\x91</kbd>, <kbd>Enter</kbd> "
       "(<kbd>Esc</kbd> cancels)"),
    "</td></tr>\n<tr><td><kbd>Enter</kbd></td><td>",
    N_("the unit is right as shown: its undecided themes are accepted; next unit"),
    "</td></tr>\n<tr><td><kbd>c</kbd></td><td>", N_("comment on the unit"), "</td></tr>\n<tr><td><kbd>u</kbd></td><td>",
    N_("undo the decisions on the unit"), "</td></tr>\n<tr><td><kbd>e</kbd></td><td>", N_("export the gold"),
    "</td></tr>\n</table>\n<h2>", N_("What is exported"), "</h2>\n<p>",
    /* TRANSLATORS: HTML of the review page: keep the elements, and the
     * empty <span id="level"></span> (the page fills it) */
    N_("A table of units (CSV) that <code>grille eval --gold</code>, <code>grille check --gold</code> and "
       "<code>grille suggest --gold</code> read: one row per <em>reviewed</em> unit, with <span id=\"level\">"
       "</span>, marked 1 where the unit has the theme (accepted or added) and empty where not (rejected). "
       "A unit is reviewed once <kbd>Enter</kbd> validates it or once every theme grille gave it is accepted "
       "or rejected; units not reviewed are left out, and grille eval does not judge them."),
    "</p>\n<p>",
    N_("Decisions are kept by this browser for this page (corpus and codebook); the export is what you "
       "send. Two coders\xE2\x80\x99 exports give their agreement with <code>grille eval --gold A.csv --gold "
       "B.csv</code>."),
    "</p>\n<p>", N_("Grey italic turns are not coded (interviewers\xE2\x80\x99): they are shown for context."),
    "</p>\n</aside></div>\n<div class=\"overlay\" id=\"pick\" hidden><div class=\"box\"><label>", N_("Add a theme"),
    " <input id=\"pick-q\" autocomplete=\"off\"></label><ul id=\"pick-list\"></ul></div></div>\n"
    "<div class=\"overlay\" id=\"note\" hidden><div class=\"box\"><label>",
    N_("Comment on the unit (<kbd>Enter</kbd> to keep)"),
    " <input id=\"note-q\" autocomplete=\"off\"></label></div></div>\n", NULL};

/* The words review.js writes, looked up by their English in the page's
 * "tr" table (%d: a number the script puts in). */
static const char *const script_words[] = {
    N_("one column per theme without sub-themes (%d columns)"),
    N_("one column per top-level theme (%d columns): a sub-theme\xE2\x80\x99s coding counts for its top-level theme"),
    N_("This browser does not keep the decisions of this page: export before closing it."), N_("(no label)"),
    N_("%d more units below\xE2\x80\xA6"), N_("Speakers: "), N_(" (interviewer)"), N_("line %d"),
    N_(" \xC2\xB7 not coded"), N_(": grille\xE2\x80\x99s proposal, not decided"), N_("no theme"), N_("Comment: "),
    /* TRANSLATORS: the review page's progress line, in five parts:
     * "Reviewed 3 / 10 units (shown: 3 / 10) · themes accepted 4 · rejected 1 · added 0" */
    N_("Reviewed "), N_(" units (shown: "), N_(") \xC2\xB7 themes accepted "), N_(" \xC2\xB7 rejected "),
    N_(" \xC2\xB7 added "), NULL};

static const char review_what[] = N_("cannot write the review page");

/* A page being written: its head is out, documents are added to its
 * data as they come, and the fingerprint of them all closes it, since
 * it is known only then (the page keeps its decisions under it). */
struct grille_review {
    FILE *out;
    const grille_codebook *cb;
    uint64_t fp;
    size_t ndocs;
    int failed;   /* a document could not be written: the page is not to be finished */
    int finished; /* its tail is out: nothing more goes in */
};

grille_review *grille_review_new(FILE *out, const grille_codebook *cb, const grille_review_options *opts,
                                 grille_error *err) {
    grille_error_clear(err);
    if (!out) {
        grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("no output stream"));
        return NULL;
    }
    if (!cb) {
        grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("no codebook"));
        return NULL;
    }
    grille_review_options o;
    if (GRILLE_OPTIONS_COPY(grille_review_options, GRILLE_REVIEW_OPTIONS_INIT, coder, o, opts, err)) return NULL;
    int leaves = (o.flags & GRILLE_REVIEW_LEAVES) != 0;
    const char *coder = o.coder ? o.coder : "";
    const char *title = o.title && *o.title ? o.title : grille_codebook_title(cb);
    if (!title || !*title) title = "grille review";
    grille_review *r = calloc(1, sizeof *r);
    int *col = malloc((codebook_theme_count(cb) + 1) * sizeof *col);
    if (!r || !col) {
        free(r);
        free(col);
        grille_write_fail(err, GRILLE_ENOMEM, review_what, N_("out of memory"));
        return NULL;
    }
    r->out = out;
    r->cb = cb;
    r->fp = fingerprint_codebook(cb, leaves);
    int ncols = 0;
    for (size_t t = 0; t < codebook_theme_count(cb); t++)
        col[t] = (leaves ? !codebook_has_children(cb, t) : codebook_theme_parent(cb, t) < 0) ? ncols++ : -1;

    fputs("<!DOCTYPE html>\n<html lang=\"fr\"><head><meta charset=\"utf-8\">\n"
          "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
          "<meta name=\"generator\" content=\"grille " GRILLE_VERSION_STRING "\">\n<title>",
          out);
    html(out, title);
    fputs(" \xE2\x80\x94 grille review</title>\n<style>\n", out);
    fputs(grille_review_css, out);
    fputs("</style>\n</head>\n<body>\n", out);
    grille_language lang = o.language;
    for (size_t i = 0; body[i]; i++) fputs(i % 2 ? T(lang, body[i]) : body[i], out);
    fputs("<script type=\"application/json\" id=\"grille-data\">{\"v\":1,\"coder\":", out);
    json_cstr(out, coder);
    fputs(",\"title\":", out);
    json_cstr(out, title);
    fprintf(out, ",\"codebook\":");
    json_cstr(out, grille_codebook_id(cb));
    /* the script's words in the page's language; none in English */
    fputs(",\"tr\":{", out);
    for (size_t i = 0; lang != GRILLE_LANG_EN && script_words[i]; i++) {
        if (i) fputc(',', out);
        json_cstr(out, script_words[i]);
        fputc(':', out);
        json_cstr(out, T(lang, script_words[i]));
    }
    fputc('}', out);
    fprintf(out, ",\"unit\":\"%s\",\"level\":\"%s\",\"cols\":[", grille_unit_kind_name(grille_codebook_unit(cb)),
            leaves ? "leaves" : "top");
    for (size_t t = 0, k = 0; t < codebook_theme_count(cb); t++) {
        if (col[t] < 0) continue;
        fputs(k++ ? ",[" : "[", out);
        json_cstr(out, codebook_theme_id(cb, t));
        fputc(',', out);
        json_cstr(out, codebook_theme_label(cb, t));
        fputc(',', out);
        put_colour(out, cb, t);
        fputc(']', out);
    }
    fputs("],\n\"themes\":[", out);
    for (size_t t = 0; t < codebook_theme_count(cb); t++) {
        fputs(t ? ",[" : "[", out);
        json_cstr(out, codebook_theme_id(cb, t));
        fputc(',', out);
        json_cstr(out, codebook_theme_label(cb, t));
        fputc(',', out);
        put_colour(out, cb, t);
        fprintf(out, ",%d]", column_of(cb, t, leaves, col));
    }
    fputs("],\n\"docs\":[", out);
    free(col);
    return r;
}

int grille_review_add(grille_review *r, const grille_coding *coding, grille_error *err) {
    grille_error_clear(err);
    if (!r) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("no review page"));
    if (!coding) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("no coding"));
    if (r->failed) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("a document before failed"));
    if (r->finished) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("the page is finished"));
    if (r->ndocs++) fputs(",\n", r->out);
    r->fp = fingerprint_document(r->fp, grille_coding_document(coding));
    if (write_document(r->out, r->cb, coding) != GRILLE_OK) {
        r->failed = 1;
        return grille_fail(err, GRILLE_EUSAGE, grille_document_id(grille_coding_document(coding)), 0, 0, 0,
                           "a unit of a document could not be read");
    }
    return GRILLE_OK;
}

int grille_review_finish(grille_review *r, grille_error *err) {
    grille_error_clear(err);
    if (!r) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("no review page"));
    if (r->failed) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("a document before failed"));
    if (r->finished) return grille_write_fail(err, GRILLE_EUSAGE, review_what, N_("the page is finished"));
    r->finished = 1;
    fprintf(r->out, "],\n\"fp\":\"%016llx\"}</script>\n<script>\n", (unsigned long long)r->fp);
    fputs(grille_review_js, r->out);
    fputs("</script>\n</body>\n</html>\n", r->out);
    return grille_write_end(r->out, err, review_what);
}

void grille_review_free(grille_review *r) { free(r); }

int grille_review_write(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                        const grille_review_options *opts, grille_error *err) {
    grille_error mine, *e = err ? err : &mine; /* the code of a failed grille_review_new() */
    grille_error_clear(e);
    if (n && !codings) return grille_write_fail(e, GRILLE_EUSAGE, review_what, N_("no coding"));
    grille_review *r = grille_review_new(out, cb, opts, e);
    if (!r) return e->code;
    int rc = GRILLE_OK;
    for (size_t d = 0; d < n && rc == GRILLE_OK; d++) rc = grille_review_add(r, codings[d], e);
    if (rc == GRILLE_OK) rc = grille_review_finish(r, e);
    grille_review_free(r);
    return rc;
}

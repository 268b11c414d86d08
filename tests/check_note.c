/* check_note.c - synthesis notes: counts, groups, verbatims and their
 * attribution, co-occurring themes, Markdown and HTML (escaping, the heat
 * map's cells). */
#include "testutil.h"

/* A coded corpus held for one test. */
typedef struct corpus {
    grille_codebook *cb;
    size_t n;
    grille_document *docs[8];
    grille_coding *codings[8];
} corpus;

static void corpus_code(corpus *c) {
    grille_error err;
    for (size_t i = 0; i < c->n; i++) {
        c->codings[i] = grille_coding_new(c->cb, c->docs[i], &err);
        ck_assert_msg(c->codings[i] != NULL, "coding failed: %s", err.message);
    }
}

/* The test transcripts with the minimal codebook, in corpus order. */
static void corpus_minimal(corpus *c) {
    grille_error err;
    memset(c, 0, sizeof *c);
    c->cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_msg(c->cb != NULL, "%s", err.message);
    const char *files[] = {"transcripts/ec-test.txt", "transcripts/ei-test.txt"};
    for (size_t i = 0; i < 2; i++) {
        c->docs[i] = grille_document_load(data_path(files[i]), NULL, &err);
        ck_assert_msg(c->docs[i] != NULL, "%s", err.message);
    }
    c->n = 2;
    corpus_code(c);
}

/* A codebook and in-memory transcripts named t0.txt, t1.txt... */
static void corpus_mem(corpus *c, const char *xml, const char *const *texts) {
    memset(c, 0, sizeof *c);
    c->cb = cb_from(xml);
    grille_error err;
    for (; texts[c->n]; c->n++) {
        char name[32];
        snprintf(name, sizeof name, "t%zu.txt", c->n);
        c->docs[c->n] = grille_document_parse(name, texts[c->n], strlen(texts[c->n]), NULL, &err);
        ck_assert_msg(c->docs[c->n] != NULL, "%s", err.message);
    }
    corpus_code(c);
}

static void corpus_free(corpus *c) {
    for (size_t i = 0; i < c->n; i++) {
        grille_coding_free(c->codings[i]);
        grille_document_free(c->docs[i]);
    }
    grille_codebook_free(c->cb);
}

/* The note as a string (caller frees). */
static char *note(const corpus *c, grille_format fmt, const grille_note_options *o) {
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    grille_error err;
    int rc = grille_note_write_codings(f, fmt, c->cb, (const grille_coding *const *)c->codings, c->n, o, &err);
    ck_assert_msg(rc == GRILLE_OK, "note failed: %s", err.message);
    long n = ftell(f);
    rewind(f);
    char *s = calloc((size_t)n + 1, 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

/* The note of documents fed one at a time, each parsed (texts) or loaded
 * (files, relative to tests/data), coded, added and freed before the
 * next is read (caller frees). */
static char *note_streamed(const grille_codebook *cb, const char *const *texts, const char *const *files,
                           grille_format fmt, const grille_note_options *o) {
    grille_error err;
    grille_note *nt = grille_note_new(cb, o, &err);
    ck_assert_msg(nt != NULL, "%s", err.message);
    for (size_t i = 0; texts ? texts[i] != NULL : files[i] != NULL; i++) {
        grille_document *doc;
        if (texts) {
            char name[32];
            snprintf(name, sizeof name, "t%zu.txt", i);
            doc = grille_document_parse(name, texts[i], strlen(texts[i]), NULL, &err);
        } else doc = grille_document_load(data_path(files[i]), NULL, &err);
        ck_assert_msg(doc != NULL, "%s", err.message);
        grille_coding *c = grille_coding_new(cb, doc, &err);
        ck_assert_msg(c != NULL, "%s", err.message);
        ck_assert_int_eq(grille_note_add(nt, c, &err), GRILLE_OK);
        grille_coding_free(c);
        grille_document_free(doc);
    }
    FILE *f = tmpfile();
    ck_assert_ptr_nonnull(f);
    ck_assert_int_eq(grille_note_write(f, fmt, nt, &err), GRILLE_OK);
    /* a note is written as many times as wanted */
    long n = ftell(f);
    ck_assert_int_eq(grille_note_write(f, fmt, nt, &err), GRILLE_OK);
    ck_assert_int_eq(ftell(f), 2 * n);
    grille_note_free(nt);
    rewind(f);
    char *s = calloc((size_t)n + 1, 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

static size_t occurrences(const char *s, const char *what) {
    size_t n = 0;
    for (const char *p = s; (p = strstr(p, what)); p += strlen(what)) n++;
    return n;
}

/* The text of the section that starts at heading (up to the next
 * heading of its level or above); caller frees. */
static char *md_section(const char *s, const char *heading) {
    const char *a = strstr(s, heading);
    ck_assert_msg(a != NULL, "no section '%s'", heading);
    const char *b = strstr(a + strlen(heading), "\n## ");
    size_t n = b ? (size_t)(b - a) : strlen(a);
    char *out = malloc(n + 1);
    memcpy(out, a, n);
    out[n] = '\0';
    return out;
}

/* a and b found, a before b */
#define ck_before(a, b)                                                  \
    do {                                                                 \
        const char *a_ = (a), *b_ = (b);                                 \
        ck_assert_ptr_nonnull(a_);                                       \
        ck_assert_ptr_nonnull(b_);                                       \
        ck_assert_msg(a_ < b_, "%.40s... comes after %.40s...", a_, b_); \
    } while (0)
#define ck_contains(s, what) ck_assert_msg(strstr((s), (what)) != NULL, "missing: %s", (what))
#define ck_lacks(s, what) ck_assert_msg(strstr((s), (what)) == NULL, "unexpected: %s", (what))

/* Checked by hand against the transcripts and against the golden
 * outputs of `grille matrix --by type` and `grille cooc` (matrix-by-type-md,
 * cooc-md): 10 units of coded speech, 5 per document; ARS in one unit of
 * each; the proj unit of ei-test holds 3 distinct rules and 4 matches,
 * that of ec-test 2 and 2. */
START_TEST(test_minimal_markdown) {
    corpus c;
    corpus_minimal(&c);
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, NULL);
    ck_contains(s, "# Synthesis notes: Grille minimale\n");
    ck_contains(s, "Codebook `minimal`, 2 documents, 10 sentence units of coded speech; documents grouped by "
                   "`type`: EC (1), EI (1).");
    /* overview: documents, units, then per group */
    ck_contains(s, "| theme | label | documents | coded units | EC | EI |\n");
    ck_contains(s, "| reseau | Réseau | 1 | 1 | 0 | 1 |\n");
    ck_contains(s, "| ars | ARS | 2 | 2 | 1 | 1 |\n");
    ck_contains(s, "| proj | Projets financés | 2 | 2 | 1 | 1 |\n");
    /* themes in codebook order */
    const char *order[] = {"## Réseau\n",           "## Élus\n",           "## ARS\n", "## Comité de pilotage\n",
                           "## Projets financés\n", "## Co-construction\n"};
    for (size_t i = 1; i < 6; i++) ck_before(strstr(s, order[i - 1]), strstr(s, order[i]));

    char *r = md_section(s, "## Réseau\n");
    ck_contains(r, "`reseau` · 1 document of 2 · 1 coded unit (10.0% of the units of coded speech)");
    ck_contains(r, "| type | documents | coded units | % of the group's units |\n");
    ck_contains(r, "| EC | 0 of 1 | 0 | 0.0 |\n| EI | 1 of 1 | 1 | 20.0 |\n");
    ck_contains(r, "> Alors euh… le **réseau** des acteurs, c’est le cœur du poste (rires).\n>\n"
                   "> — Entretien de test, Coordinatrice (ei-test, line 8; 1 rule, 1 match)\n");
    ck_lacks(r, "routier"); /* excluded by the codebook */
    ck_contains(r, "No other theme shares a unit with it.");
    free(r);

    /* ARS: a tie (1 rule, 1 match each): corpus order, ec-test first; a
     * document without titre is named by its id; C2 is not from an EI */
    r = md_section(s, "## ARS\n");
    ck_contains(r, "`ars` · 2 documents of 2 · 2 coded units (20.0% of the units of coded speech)");
    ck_contains(r, "| EC | 1 of 1 | 1 | 20.0 |\n| EI | 1 of 1 | 1 | 20.0 |\n");
    const char *ec = strstr(r, "> Nous, les projets sont financés par l'**ARS** et la ville.\n>\n"
                               "> — ec-test, C2 (line 4; 1 rule, 1 match)\n");
    const char *ei = strstr(r, "> On a un comité de pilotage avec les élu·es et l’**ARS**.\n>\n"
                               "> — Entretien de test, Coordinatrice (ei-test, line 9; 1 rule, 1 match)\n");
    ck_assert_ptr_nonnull(ec);
    ck_assert_ptr_nonnull(ei);
    ck_before(ec, ei);
    ck_contains(r, "| elus | Élus | 1 | 50.0 |\n| copil | Comité de pilotage | 1 | 50.0 |\n"
                   "| proj | Projets financés | 1 | 50.0 |\n");
    free(r);

    /* proj: more distinct rules first, whatever the corpus order */
    r = md_section(s, "## Projets financés\n");
    ei = strstr(r, "> — Entretien de test, Coordinatrice (ei-test, line 12; 3 rules, 4 matches)\n");
    ec = strstr(r, "> — ec-test, C2 (line 4; 2 rules, 2 matches)\n");
    ck_assert_ptr_nonnull(ei);
    ck_assert_ptr_nonnull(ec);
    ck_before(ei, ec);
    ck_contains(r, "| ars | ARS | 1 | 50.0 |\n| regex | Co-construction | 1 | 50.0 |\n");
    free(r);

    r = md_section(s, "## Comité de pilotage\n");
    ck_contains(r, "(ei-test, line 9; 2 rules, 2 matches)");
    ck_contains(r, "| elus | Élus | 1 | 100.0 |\n| ars | ARS | 1 | 100.0 |\n");
    free(r);
    /* interviewers' speech is never quoted */
    ck_lacks(s, "Qui veut commencer");
    ck_lacks(s, "Parlez-moi");
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_minimal_html) {
    corpus c;
    corpus_minimal(&c);
    char *s = note(&c, GRILLE_FORMAT_HTML, NULL);
    ck_assert_int_eq(strncmp(s, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", 62), 0);
    ck_contains(s, "<title>Synthesis notes: Grille minimale</title>");
    ck_contains(s, "</html>\n");
    /* self-contained: no script, no stylesheet or image to fetch */
    ck_lacks(s, "<script");
    ck_lacks(s, "<link");
    ck_lacks(s, "src=");
    ck_lacks(s, "https:");
    ck_lacks(s, "url(");
    ck_assert_uint_eq(occurrences(s, "http:"), 1); /* the SVG namespace */
    ck_contains(s, "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"heatmap\"");
    /* the heat map: 6 themes x 2 documents, grouped EC then EI */
    ck_assert_uint_eq(occurrences(s, "<rect class=\"cell\""), 12);
    ck_assert_uint_eq(occurrences(s, "<rect "), 12);
    ck_contains(s, "<rect class=\"cell\" data-theme=\"reseau\" data-document=\"ec-test\" data-count=\"0\"");
    ck_contains(s, "<rect class=\"cell\" data-theme=\"reseau\" data-document=\"ei-test\" data-count=\"1\"");
    ck_contains(s, "<rect class=\"cell\" data-theme=\"ars\" data-document=\"ec-test\" data-count=\"1\"");
    ck_contains(s, "<title>Projets financés × ei-test: 1 coded unit</title></rect>");
    ck_contains(s, "<title>Réseau × ec-test: 0 coded units</title></rect>\n"); /* no count printed */
    ck_assert_uint_eq(occurrences(s, "<text class=\"count\""), 8);
    ck_contains(s, "<text class=\"group\"");
    ck_contains(s, ">Comité de pilotage</text></a>");
    /* no colour in the codebook: the default palette, by top-level rank */
    ck_contains(s, "<section class=\"theme\" id=\"theme-reseau\" style=\"--c:#1f77b4\">");
    ck_contains(s, "<section class=\"theme\" id=\"theme-ars\" style=\"--c:#2ca02c\">");
    ck_contains(s,
                "<blockquote lang=\"fr\"><p>Nous, les projets sont financés par l&#39;<mark>ARS</mark> et la ville.</p>"
                "<footer>— ec-test, C2 <span class=\"where\">(line 4; 1 rule, 1 match)</span></footer>"
                "</blockquote>");
    ck_contains(s, "<tr><td>EI</td><td class=\"num\">1 of 1</td><td class=\"num\">1</td>");
    ck_assert_uint_eq(occurrences(s, "<section "), 6);
    ck_assert_uint_eq(occurrences(s, "</section>"), 6);
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_escaping) {
    corpus c;
    const char *texts[] = {"---\ntitre: A <i>&</i> \"b\"\ntype: EI\n---\n"
                           "R : Le réseau <b>\"A&B\"</b> & 'co' *x* [y] | z.\n",
                           NULL};
    corpus_mem(&c,
               CB_HEAD "<theme id=\"r\" label=\"R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt;\">"
                       "<description>Coder &lt;ici&gt; &amp; là</description><word>réseau</word></theme>\n" CB_TAIL,
               texts);
    char *s = note(&c, GRILLE_FORMAT_HTML, NULL);
    ck_contains(s,
                "<p>Le <mark>réseau</mark> &lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &amp; &#39;co&#39; *x* [y] | z.</p>");
    ck_contains(s, "<footer>— A &lt;i&gt;&amp;&lt;/i&gt; &quot;b&quot;, R <span");
    ck_contains(s, "R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt;<code class=\"id\">r</code>");
    ck_contains(s, "<title>R&amp;D &lt;b&gt;&quot;x&quot;&lt;/b&gt; × t0: 1 coded unit</title>");
    ck_contains(s, "<p class=\"description\">Coder &lt;ici&gt; &amp; là</p>");
    ck_contains(s, "<title>t0: A &lt;i&gt;&amp;&lt;/i&gt; &quot;b&quot;</title>");
    ck_lacks(s, "<b>");
    ck_lacks(s, "<i>");
    ck_lacks(s, "\"A&B\"");
    free(s);
    s = note(&c, GRILLE_FORMAT_MARKDOWN, NULL);
    ck_contains(s, "> Le **réseau** \\<b\\>\"A\\&B\"\\</b\\> \\& 'co' \\*x\\* \\[y\\] \\| z.\n");
    ck_contains(s, "## R\\&D \\<b\\>\"x\"\\</b\\>\n");
    ck_contains(s, "> — A \\<i\\>\\&\\</i\\> \"b\", R (t0, line 5;");
    free(s);
    corpus_free(&c);
}
END_TEST

/* Three rules; t0 has a unit with all three and one with two, t1 a unit
 * with one rule matching once, t2 one with one rule matching three times. */
static const char *sel_cb = CB_HEAD "<theme id=\"r\" label=\"R\"><word>réseau</word><word>partenaires</word>"
                                    "<word>acteurs</word></theme>\n" CB_TAIL;
static const char *sel_texts[] = {"R : Le réseau et les partenaires. Rien. Le réseau, les partenaires, les acteurs.\n",
                                  "R : Le réseau.\n", "R : Réseau, réseau, réseau.\n", NULL};

/* Readable verbatims: no list item, no unit shorter than min_words,
 * the rest ranked as usual; context sentences of the same turn around,
 * the matched words marked; the rule stated in the note. */
START_TEST(test_readable_verbatims) {
    corpus c;
    const char *texts[] = {"---\nturns: none\n---\n- le réseau et les partenaires du réseau\n"
                           "Les axes du réseau :\n"
                           "Le réseau.\n"
                           "Avant tout. Le réseau des acteurs du territoire se réunit chaque mois. Ensuite on voit.\n",
                           NULL};
    corpus_mem(&c, CB_HEAD "<theme id=\"r\" label=\"R\"><word>réseau</word></theme>\n" CB_TAIL, texts);
    grille_note_options o = GRILLE_NOTE_OPTIONS_INIT;
    o.quotes = 3;
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    /* the list item has the most matches but is not quoted; nor the
     * heading that ends with a colon, nor the two-word unit */
    ck_contains(s, "> Le **réseau** des acteurs du territoire se réunit chaque mois.\n");
    ck_assert_uint_eq(occurrences(s, "\n> — "), 1);
    ck_lacks(s, "partenaires du");
    ck_lacks(s, "Les axes");
    ck_contains(s, "units of fewer than 6 words and list items are not quoted; the matched words are in bold.");
    free(s);
    /* one sentence of context on each side, in the same turn */
    o.context = 1;
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    ck_contains(s, "> Avant tout. Le **réseau** des acteurs du territoire se réunit chaque mois. Ensuite on voit.\n");
    ck_contains(s, "with 1 sentence of the turn around.");
    free(s);
    s = note(&c, GRILLE_FORMAT_HTML, &o);
    ck_contains(
        s,
        "<p>Avant tout. Le <mark>réseau</mark> des acteurs du territoire se réunit chaque mois. Ensuite on voit.</p>");
    free(s);
    /* no length asked: the list item still is not a verbatim */
    o.min_words = 0;
    o.context = 0;
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    ck_lacks(s, "partenaires du");
    ck_contains(s, "> Le **réseau**.\n");
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_selection) {
    corpus c;
    corpus_mem(&c, sel_cb, sel_texts);
    grille_note_options o = GRILLE_NOTE_OPTIONS_INIT;
    o.quotes = 2;
    o.min_words = 0; /* the ranking, whatever the length */
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    /* one per document first: t0's best, then t2 (more matches than t1) */
    const char *a =
        strstr(s, "> Le **réseau**, les **partenaires**, les **acteurs**.\n>\n> — t0, R (line 1; 3 rules, 3 matches)");
    const char *b = strstr(s, "> **Réseau**, **réseau**, **réseau**.\n>\n> — t2, R (line 1; 1 rule, 3 matches)");
    ck_assert_ptr_nonnull(a);
    ck_assert_ptr_nonnull(b);
    ck_before(a, b);
    ck_lacks(s, "> Le **réseau** et les **partenaires**.");
    ck_lacks(s, "> Le **réseau**.\n");
    ck_assert_uint_eq(occurrences(s, "\n> — "), 2);
    free(s);
    /* then every document has one: t1, then t0's second unit */
    o.quotes = 4;
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    const char *c1 = strstr(s, "> Le **réseau**.\n>\n> — t1, R (line 1; 1 rule, 1 match)");
    const char *d = strstr(s, "> Le **réseau** et les **partenaires**.\n>\n> — t0, R (line 1; 2 rules, 2 matches)");
    a = strstr(s, "> Le **réseau**, les **partenaires**, les **acteurs**.");
    b = strstr(s, "> **Réseau**, **réseau**, **réseau**.");
    ck_assert_ptr_nonnull(c1);
    ck_assert_ptr_nonnull(d);
    ck_before(a, b);
    ck_before(b, c1);
    ck_before(c1, d);
    free(s);
    /* more than there are: every unit, once */
    o.quotes = (size_t)-1;
    o.cooccurring = (size_t)-1;
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    ck_assert_uint_eq(occurrences(s, "\n> — "), 4);
    free(s);
    /* no verbatims, no co-occurring themes */
    o.quotes = 0;
    o.cooccurring = 0;
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    ck_lacks(s, "Verbatims**");
    ck_lacks(s, "\n> ");
    ck_lacks(s, "Co-occurring");
    free(s);
    s = note(&c, GRILLE_FORMAT_HTML, &o);
    ck_lacks(s, "<blockquote");
    ck_assert_uint_eq(occurrences(s, "<rect class=\"cell\""), 3);
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_attribution_and_groups) {
    corpus c;
    const char *texts[] = {
        /* an EI: the role follows the speaker's label */
        "---\ntitre: Entretien individuel 3\ntype: EI\nrole: coordinatrice\ninterviewers: E\n---\n"
        "E : Et le réseau ?\nC : Le réseau.\n",
        /* the label already says the role */
        "---\ntitre: Entretien individuel 4\ntype: ei\nrole: Coordinatrice\n---\nCoordinatrice : Le réseau.\n",
        /* an EC: no role */
        "---\ntitre: Entretien collectif 1\ntype: EC\nrole: animatrice\n---\nC1 : Le réseau.\n",
        /* no titre, no type */
        "C2 : Le réseau.\n", NULL};
    corpus_mem(&c, CB_HEAD "<theme id=\"r\" label=\"R\"><word>réseau</word></theme>\n" CB_TAIL, texts);
    grille_note_options o = GRILLE_NOTE_OPTIONS_INIT;
    o.quotes = 4;
    o.min_words = 0;
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    ck_contains(s, "> — Entretien individuel 3, C, coordinatrice (t0, line 8; 1 rule, 1 match)\n");
    ck_contains(s, "> — Entretien individuel 4, Coordinatrice (t1, line 6;");
    ck_contains(s, "> — Entretien collectif 1, C1 (t2, line 6;");
    ck_contains(s, "> — t3, C2 (line 1;");
    ck_lacks(s, "Et le réseau"); /* the interviewer */
    /* groups in French order, values as written; "(none)" without type */
    ck_contains(s, "grouped by `type`: (none) (1), EC (1), ei (1), EI (1).");
    ck_contains(s, "| (none) | 1 of 1 | 1 | 100.0 |\n| EC | 1 of 1 | 1 | 100.0 |\n");
    free(s);
    o.by_variable = "role";
    o.title = "Mes notes";
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    ck_contains(s, "# Synthesis notes: Mes notes\n");
    ck_contains(s, "| role | documents | coded units | % of the group's units |\n");
    ck_contains(s, "| (none) | 1 of 1 | 1 | 100.0 |\n| animatrice | 1 of 1 | 1 | 100.0 |\n");
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_rollup) {
    corpus c;
    const char *texts[] = {"R : Les élus. Le pilotage et les élus. Le réseau des élus.\n", NULL};
    corpus_mem(&c,
               CB_HEAD "<theme id=\"p\" label=\"Pilotage\" color=\"#123456\"><word>pilotage</word>\n"
                       "  <theme id=\"p.e\" label=\"Élus\"><word>élus</word></theme></theme>\n"
                       "<theme id=\"r\" label=\"Réseau\"><word>réseau</word></theme>\n"
                       "<theme id=\"q\" label=\"Q\"><word>rien</word></theme>\n" CB_TAIL,
               texts);
    grille_note_options ro = GRILLE_NOTE_OPTIONS_INIT;
    ro.min_words = 0;
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, &ro);
    /* the parent counts its sub-theme's units, each unit once */
    ck_contains(s, "| p | Pilotage | 1 | 3 | 3 |\n");
    ck_contains(s, "| &nbsp;&nbsp;p.e | Élus | 1 | 3 | 3 |\n");
    ck_contains(s, "\n### Élus\n");
    /* the parent's best verbatim is the unit with both its rules */
    char *p = md_section(s, "## Pilotage\n");
    ck_contains(p, "`p` · 1 document of 1 · 3 coded units (100.0% of the units of coded speech)");
    ck_before(strstr(p, "> Le **pilotage** et les **élus**.\n"), strstr(p, "> Les **élus**.\n"));
    ck_contains(p, "> — t0, R (line 1; 2 rules, 2 matches)");
    /* its sub-theme is not listed as co-occurring, Réseau is */
    ck_contains(p, "| r | Réseau | 1 | 33.3 |\n");
    ck_lacks(p, "| p.e | Élus |");
    free(p);
    ck_contains(s, "## Q\n\n`q` · 0 documents of 1 · 0 coded units (0.0% of the units of coded speech)");
    ck_contains(s, "No coded unit.");
    free(s);
    s = note(&c, GRILLE_FORMAT_HTML, NULL);
    /* sub-themes: nested sections, the parent's colour */
    ck_contains(s, "<section class=\"theme\" id=\"theme-p\" style=\"--c:#123456\">\n<h2>");
    ck_contains(s, "<section class=\"theme\" id=\"theme-p.e\" style=\"--c:#123456\">\n<h3>");
    ck_contains(s, "</section>\n</section>\n<section class=\"theme\" id=\"theme-r\" style=\"--c:#ff7f0e\">");
    ck_contains(s, "data-theme=\"p\" data-document=\"t0\" data-count=\"3\"");
    ck_contains(s, "data-theme=\"q\" data-document=\"t0\" data-count=\"0\"");
    ck_assert_uint_eq(occurrences(s, "<rect class=\"cell\""), 4);
    /* the darkest cell is the theme's colour itself */
    ck_contains(s, "data-theme=\"p\" data-document=\"t0\" data-count=\"3\" x=");
    ck_contains(s, "fill=\"#123456\"><title>Pilotage × t0: 3 coded units</title>");
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_long_unit) {
    corpus c;
    /* a paragraph codebook: one long unit, cut at a word boundary */
    char text[4096] = "R : Le réseau";
    for (int i = 0; i < 150; i++) strcat(text, " encore");
    strcat(text, " fin.\n");
    const char *texts[] = {text, NULL};
    corpus_mem(&c,
               CB_HEAD "<settings><unit>turn</unit></settings>"
                       "<theme id=\"r\" label=\"R\"><word>réseau</word></theme>\n" CB_TAIL,
               texts);
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, NULL);
    ck_contains(s, " encore encore \\[…\\]\n>\n> — t0, R");
    ck_lacks(s, "fin.");
    free(s);
    corpus_free(&c);
}
END_TEST

START_TEST(test_errors) {
    corpus c;
    corpus_minimal(&c);
    const grille_coding *const *cs = (const grille_coding *const *)c.codings;
    grille_error err;
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_TSV, c.cb, cs, c.n, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the note: this writer does not write the format TSV");
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_JSONL, c.cb, cs, c.n, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_HTML, NULL, cs, c.n, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_note_write_codings(NULL, GRILLE_FORMAT_HTML, c.cb, cs, c.n, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_HTML, c.cb, NULL, 2, NULL, &err), GRILLE_EUSAGE);
    const grille_coding *holes[2] = {c.codings[0], NULL};
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_HTML, c.cb, holes, 2, NULL, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(ftell(f), 0); /* nothing written */
    /* no documents: a note with empty sections and an empty map */
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_HTML, c.cb, NULL, 0, NULL, &err), GRILLE_OK);
    fclose(f);
    /* a full disk */
    FILE *full = fopen("/dev/full", "w");
    if (full) {
        ck_assert_int_eq(grille_note_write_codings(full, GRILLE_FORMAT_HTML, c.cb, cs, c.n, NULL, &err), GRILLE_EIO);
        ck_assert_str_eq(err.message, "cannot write the note: No space left on device");
        fclose(full);
    }
    corpus_free(&c);
}
END_TEST

/* The same bytes from a note fed a document at a time, each freed once
 * added, as from the one-shot writer given the corpus held whole:
 * whatever the verbatims asked for (fewer than the documents, more, all),
 * with context, grouped by another variable, in both formats. */
START_TEST(test_streamed) {
    static const char *const files[] = {"transcripts/ec-test.txt", "transcripts/ei-test.txt", NULL};
    static const char *const rollup_texts[] = {
        "---\ntitre: Un\ntype: EI\nrole: coordinatrice\n---\nE : Le réseau ?\n"
        "C : Les élus. Le pilotage et les élus. Le réseau des élus. Le pilotage.\n",
        "---\ntype: EC\n---\nR : Le pilotage et les élus et le réseau.\n", "R : Les élus, le réseau.\n", "R : Rien.\n",
        NULL};
    const char *rollup_cb = CB_HEAD "<theme id=\"p\" label=\"Pilotage\"><word>pilotage</word>\n"
                                    "  <theme id=\"p.e\" label=\"Élus\"><word>élus</word></theme></theme>\n"
                                    "<theme id=\"r\" label=\"Réseau\"><word>réseau</word></theme>\n" CB_TAIL;
    corpus cs[3];
    corpus_minimal(&cs[0]);
    corpus_mem(&cs[1], sel_cb, sel_texts);
    corpus_mem(&cs[2], rollup_cb, rollup_texts);
    const char *const *texts[3] = {NULL, sel_texts, rollup_texts};
    grille_note_options os[7];
    for (size_t i = 0; i < 7; i++) os[i] = (grille_note_options)GRILLE_NOTE_OPTIONS_INIT;
    os[1].quotes = 1;
    os[2].quotes = 2;
    os[2].min_words = 0;
    os[3].quotes = (size_t)-1;
    os[3].min_words = 0;
    os[4].quotes = 5;
    os[4].context = 1;
    os[4].min_words = 1;
    os[5].by_variable = "role";
    os[5].title = "Titre";
    os[5].language = GRILLE_LANG_FR;
    os[6].quotes = 0;
    os[6].cooccurring = 1;
    for (size_t k = 0; k < 3; k++)
        for (size_t i = 0; i < 7; i++)
            for (int html = 0; html < 2; html++) {
                grille_format fmt = html ? GRILLE_FORMAT_HTML : GRILLE_FORMAT_MARKDOWN;
                char *whole = note(&cs[k], fmt, &os[i]);
                char *streamed = note_streamed(cs[k].cb, texts[k], files, fmt, &os[i]);
                ck_assert_msg(strcmp(whole, streamed) == 0, "corpus %zu, options %zu, %s: the notes differ", k, i,
                              html ? "HTML" : "Markdown");
                free(whole);
                free(streamed);
            }
    for (size_t k = 0; k < 3; k++) corpus_free(&cs[k]);
}
END_TEST

/* Ties in strength across documents go to corpus order, whether the
 * stronger documents come first or last, and so do the second units of a
 * document; a note fed a document at a time picks the same. */
START_TEST(test_ties_corpus_order) {
    static const char *const texts[] = {"R : Un réseau, des partenaires. Deux réseau, partenaires.\n",
                                        "R : Trois réseau, partenaires.\n",
                                        "R : Quatre réseau, partenaires.\n",
                                        "R : Cinq réseau, partenaires, acteurs.\n",
                                        "R : Six réseau, partenaires.\n",
                                        "R : Sept réseau.\n",
                                        NULL};
    corpus c;
    corpus_mem(&c, sel_cb, texts);
    grille_note_options o = GRILLE_NOTE_OPTIONS_INIT;
    o.min_words = 0;
    o.cooccurring = 0;
    o.quotes = 3;
    char *s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    /* the strongest, then the first two of the four tied documents */
    const char *cinq = strstr(s, "> Cinq **réseau**, **partenaires**, **acteurs**.\n>\n> — t3, R"),
               *un = strstr(s, "> Un **réseau**, des **partenaires**.\n>\n> — t0, R"),
               *trois = strstr(s, "> Trois **réseau**, **partenaires**.\n>\n> — t1, R");
    ck_before(cinq, un);
    ck_before(un, trois);
    ck_assert_uint_eq(occurrences(s, "\n> — "), 3);
    ck_lacks(s, "Quatre");
    ck_lacks(s, "Six");
    ck_lacks(s, "Deux");
    char *streamed = note_streamed(c.cb, texts, NULL, GRILLE_FORMAT_MARKDOWN, &o);
    ck_assert_str_eq(streamed, s);
    free(streamed);
    free(s);
    /* room for every document and one more: the tied documents in corpus
     * order, the weakest last, then t0's second unit */
    o.quotes = 7;
    s = note(&c, GRILLE_FORMAT_MARKDOWN, &o);
    const char *quatre = strstr(s, "> Quatre"), *six = strstr(s, "> Six"), *sept = strstr(s, "> Sept"),
               *deux = strstr(s, "> Deux **réseau**, **partenaires**.\n>\n> — t0, R");
    cinq = strstr(s, "> Cinq");
    un = strstr(s, "> Un");
    trois = strstr(s, "> Trois");
    ck_before(cinq, un);
    ck_before(un, trois);
    ck_before(trois, quatre);
    ck_before(quatre, six);
    ck_before(six, sept);
    ck_before(sept, deux);
    ck_assert_uint_eq(occurrences(s, "\n> — "), 7);
    streamed = note_streamed(c.cb, texts, NULL, GRILLE_FORMAT_MARKDOWN, &o);
    ck_assert_str_eq(streamed, s);
    free(streamed);
    free(s);
    corpus_free(&c);
}
END_TEST

/* The handle's own errors. */
START_TEST(test_note_handle_errors) {
    corpus c;
    corpus_minimal(&c);
    grille_error err;
    ck_assert_ptr_null(grille_note_new(NULL, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    grille_note_options zero;
    memset(&zero, 0, sizeof zero);
    ck_assert_ptr_null(grille_note_new(c.cb, &zero, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    grille_note *nt = grille_note_new(c.cb, NULL, &err);
    ck_assert_ptr_nonnull(nt);
    ck_assert_int_eq(grille_note_add(nt, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_note_add(NULL, c.codings[0], &err), GRILLE_EUSAGE);
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_note_write(f, GRILLE_FORMAT_HTML, NULL, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the note: no note");
    ck_assert_int_eq(grille_note_write(f, GRILLE_FORMAT_TSV, nt, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_note_write(NULL, GRILLE_FORMAT_HTML, nt, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(ftell(f), 0);
    /* no document yet: a note all the same */
    ck_assert_int_eq(grille_note_write(f, GRILLE_FORMAT_MARKDOWN, nt, &err), GRILLE_OK);
    ck_assert_int_gt(ftell(f), 0);
    fclose(f);
    grille_note_free(nt);
    grille_note_free(NULL);
    corpus_free(&c);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("note");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_minimal_markdown);
    tcase_add_test(tc, test_minimal_html);
    tcase_add_test(tc, test_escaping);
    tcase_add_test(tc, test_selection);
    tcase_add_test(tc, test_readable_verbatims);
    tcase_add_test(tc, test_attribution_and_groups);
    tcase_add_test(tc, test_rollup);
    tcase_add_test(tc, test_long_unit);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_streamed);
    tcase_add_test(tc, test_ties_corpus_order);
    tcase_add_test(tc, test_note_handle_errors);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

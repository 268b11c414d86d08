/* check_codebook_messages.c - one test per codebook message a researcher
 * may meet: where it points (line, column of the element, attribute or
 * character) and the words that say what is wrong and what is expected.
 *
 * A body is put after CB_HEAD, whose three lines end with <title>, so it
 * starts on line 4; most begin with T, 24 characters, so the next
 * element starts at column 25.  Columns are counted by hand. */
#include "testutil.h"
#include <unistd.h>

#define T "<theme id=\"a\" label=\"a\">"
#define XML_DECL "<?xml version=\"1.0\"?>\n"
#define NS_ATTR "xmlns=\"urn:grille:codebook:1\""

typedef struct row {
    const char *xml; /* a body between CB_HEAD and CB_TAIL, or a whole file */
    int whole;       /* xml is the whole file */
    unsigned line, col;
    int is_error; /* 0: a warning, and the codebook loads */
    const char *key1, *key2;
} row;

static const row rows[] = {
    /* ---- well-formedness ---- */
    {T "<phrase>R & D</phrase></theme>", 0, 4, 35, 1, "'&'", "write & as &amp;"},
    {T "<phrase>R&amp D</phrase></theme>", 0, 4, 34, 1, "';'", "write & as &amp;"},
    {T "<word>&eacute;lu</word></theme>", 0, 4, 31, 1, "unknown entity &eacute;", "(é, not &eacute;)"},
    {T "<regex>a < b</regex></theme>", 0, 4, 34, 1, "'<' starts a tag", "write < as &lt;"},
    {T "<regex>a<b</regex></theme>", 0, 4, 33, 1, "'<' starts a tag", "write < as &lt;"},
    {T "<word>x</phrase></theme>", 0, 4, 32, 1, "</phrase> does not close <word> (opened on line 4)",
     "write </word> first"},
    {CB_HEAD T "<word>x</word>\n" CB_TAIL, 1, 5, 1, 1, "</codebook> does not close <theme> (opened on line 4)",
     "write </theme> first"},
    {T "<word>caf\xE9</word></theme>", 0, 4, 34, 1, "byte 0xE9 is not UTF-8", "save it as UTF-8"},
    {T "<word>a\x01</word></theme>", 0, 4, 32, 1, "U+0001", "delete it"},
    {T "<word weight=\"1\"</word></theme>", 0, 4, 41, 1, "not closed", "'>' is missing"},
    {T "<word weight=1>x</word></theme>", 0, 4, 38, 1, "in quotes", "name=\"value\""},
    {T "<word id=\"x\" id=\"y\">x</word></theme>", 0, 4, 38, 1, "attribute id is given twice", "keep one"},
    {XML_DECL "<!DOCTYPE codebook [\n<!ENTITY e \"x\">\n]>\n<codebook " NS_ATTR " id=\"t\"><title>&e;</title>"
              "</codebook>\n",
     1, 3, 1, 1, "entity declarations are not allowed in a codebook (entity 'e')", "remove the <!DOCTYPE> block"},
    {CB_HEAD T "<word>x</word></theme>\n" CB_TAIL "rest\n", 1, 6, 1, 1, "text after the end of the codebook",
     "inside <codebook>"},
    {"\n" XML_DECL "<codebook " NS_ATTR " id=\"t\"/>\n", 1, 2, 1, 1, "<?xml ...?> must be the very first thing",
     "not even a blank line"},
    /* a byte-order mark is fine, and no column: lang= is the 48th character */
    {"\xEF\xBB\xBF<codebook " NS_ATTR " id=\"t\" lang=\"fr\"><title>t</title>" T "<word>x</word></theme>"
     "</codebook>\n",
     1, 1, 48, 1, "<codebook> has no attribute lang=", "id, version, xml:lang"},
    /* ---- attributes ---- */
    {"<theme id=\"a\"><word>x</word></theme>", 0, 4, 1, 1, "<theme> has no label=", "label=\""},
    {"<theme label=\"a\"><word>x</word></theme>", 0, 4, 1, 1, "<theme> has no id=", "id=\"missions.reseau\""},
    {XML_DECL "<codebook " NS_ATTR ">\n<title>t</title>\n" T "<word>x</word></theme>\n</codebook>\n", 1, 2, 1, 1,
     "<codebook> has no id=", "id=\""},
    {"<theme id=\"a\" label=\" \"><word>x</word></theme>", 0, 4, 15, 1, "label= of <theme> is blank", "write a value"},
    {"<theme id=\"a b\" label=\"a\"><word>x</word></theme>", 0, 4, 8, 1, "id=\"a b\" is not a valid id", "no spaces"},
    {T "<word id=\"r 1\">x</word></theme>", 0, 4, 31, 1, "id=\"r 1\" is not a valid rule id", "':'"},
    {T "<near distance=\"quatre\"><word>x</word><word>y</word></near></theme>", 0, 4, 31, 1,
     "distance must be a whole number from 1 to 1000", "not 'quatre'"},
    {T "<near distance=\"5000\"><word>x</word><word>y</word></near></theme>", 0, 4, 31, 1,
     "distance must be a whole number from 1 to 1000", "not '5000'"},
    {T "<near><word>x</word><word>y</word></near></theme>", 0, 4, 25, 1,
     "<near> has no distance=", "how many words apart"},
    {T "<word weight=\"deux\">x</word></theme>", 0, 4, 31, 1, "weight must be a number such as 2, -1 or 0,5",
     "not 'deux'"},
    {T "<word weight=\"0\">x</word></theme>", 0, 4, 31, 1, "weight must be a number", "other than 0"},
    {"<theme id=\"a\" label=\"a\" min-score=\"beaucoup\"><word>x</word></theme>", 0, 4, 25, 1,
     "min-score must be a number above 0 such as 2 or 1,5", "not 'beaucoup'"},
    {"<theme id=\"a\" label=\"a\" min-hits=\"deux\"><word>x</word></theme>", 0, 4, 25, 1,
     "min-hits must be a whole number from 1 to 1000", "not 'deux'"},
    {"<theme id=\"a\" label=\"a\" color=\"red\"><word>x</word></theme>", 0, 4, 25, 1, "color must be #RRGGBB",
     "#1f77b4"},
    {T "<word case=\"Exact\">x</word></theme>", 0, 4, 31, 1, "case must be fold", "or exact, not 'Exact'"},
    {T "<near distance=\"3\" ordered=\"oui\"><word>x</word><word>y</word></near></theme>", 0, 4, 44, 1,
     "ordered must be true or false", "not 'oui'"},
    {T "<lemma pos=\"Nom\">x</lemma></theme>", 0, 4, 32, 1, "pos lists parts of speech in lower case", "not 'Nom'"},
    {"<theme id=\"a\" label=\"a\" colour=\"#ff0000\"><word>x</word></theme>", 0, 4, 25, 1,
     "<theme> has no attribute colour=", "did you mean color=?"},
    {T "<word lang=\"fr\">x</word></theme>", 0, 4, 31, 1, "<word> has no attribute lang=", "id, weight, case"},
    /* ---- elements ---- */
    {T "<wrd>x</wrd></theme>", 0, 4, 25, 1, "unknown element <wrd> in <theme>", "did you mean <word>?"},
    {T "<mot>x</mot></theme>", 0, 4, 25, 1, "unknown element <mot> in <theme>", "did you mean <word>?"},
    {T "<foo>x</foo></theme>", 0, 4, 25, 1, "unknown element <foo> in <theme>", "sub-themes"},
    {"<word>x</word>\n" T "<word>x</word></theme>", 0, 4, 1, 1, "<word> cannot go directly in <codebook>",
     "inside a <theme>"},
    {"<settings><speakers>all</speakers><unit>turn</unit></settings>\n" T "<word>x</word></theme>", 0, 4, 35, 1,
     "<unit> must come before <speakers> in <settings>", "in this order"},
    {"<settings><unit>turn</unit><unit>turn</unit></settings>\n" T "<word>x</word></theme>", 0, 4, 28, 1,
     "<unit> appears twice in <settings>", "keep one"},
    {T "<word>x</word><description>d</description></theme>", 0, 4, 39, 1,
     "<description> must come before <word> in <theme>", "optional <description> first"},
    {XML_DECL "<codebook " NS_ATTR " id=\"t\">\n" T "<word>x</word></theme>\n</codebook>\n", 1, 3, 1, 1,
     "must start with a <title>", "<title>...</title>"},
    {"", 0, 2, 1, 1, "the codebook has no theme", "<theme id=\"...\" label=\"...\">"},
    {XML_DECL "<codebook id=\"t\"><title>t</title></codebook>\n", 1, 2, 1, 1, "not in grille's namespace", NS_ATTR},
    {XML_DECL "<grille/>\n", 1, 2, 1, 1, "the file's element is <grille>", "not <codebook>"},
    {T "hello<word>x</word></theme>", 0, 4, 25, 1, "text directly in <theme>", "inside <word> or <phrase>"},
    {T "<word><b>x</b></word></theme>", 0, 4, 31, 1, "<b> cannot go in <word>", "text only"},
    {T "<near distance=\"3\"><word>x</word></near></theme>", 0, 4, 25, 1, "<near> needs at least 2 rules",
     "this one has 1"},
    {T "<word>x</word><exclude/></theme>", 0, 4, 39, 1, "<exclude> holds no rule", "word, phrase, lemma or regex"},
    {T "<word>x</word><exclude><near distance=\"2\"><word>x</word><word>y</word></near></exclude></theme>", 0, 4, 48, 1,
     "<near> cannot go in <exclude>", "word, phrase, lemma or regex"},
    /* ---- values of settings and rules ---- */
    {"<settings><unit>phrase</unit></settings>\n" T "<word>x</word></theme>", 0, 4, 11, 1,
     "<unit> must be sentence, paragraph or turn", "not 'phrase'"},
    {"<settings><speakers>tous</speakers></settings>\n" T "<word>x</word></theme>", 0, 4, 11, 1,
     "<speakers> must be respondents, interviewers or all", "not 'tous'"},
    {"<settings><case-folding>oui</case-folding></settings>\n" T "<word>x</word></theme>", 0, 4, 11, 1,
     "<case-folding> must be true or false", "not 'oui'"},
    {"<settings><min-hits>0</min-hits></settings>\n" T "<word>x</word></theme>", 0, 4, 11, 1,
     "<min-hits> must be a whole number from 1 to 1000", "not '0'"},
    {"<settings><min-score>abc</min-score></settings>\n" T "<word>x</word></theme>", 0, 4, 11, 1,
     "<min-score> must be a number above 0", "not 'abc'"},
    {XML_DECL "<codebook " NS_ATTR " id=\"t\">\n<title> </title>\n" T "<word>x</word></theme>\n</codebook>\n", 1, 3, 1,
     1, "<title> is empty", "give the codebook a title"},
    {T "<word> </word></theme>", 0, 4, 25, 1, "empty <word> rule", "write the word"},
    {T "<phrase>?!</phrase></theme>", 0, 4, 25, 1, "<phrase>?!</phrase> holds no word", "could never match"},
    /* ---- warnings: rules that do not match what they seem to ---- */
    {T "<word>reconnu(e)s</word></theme>", 0, 4, 25, 0, "'reconnu(e)s' is cut at '()' into 3 words (reconnu e s)",
     "never one word such as reconnues; write one <word> per form, or a glob such as reconnu*"},
    {T "<word>et/ou</word></theme>", 0, 4, 25, 0, "'et/ou' is cut at '/' into 2 words (et ou)",
     "say so with a <phrase>"},
    {T "<word>x</word><phrase>aide(s) à domicile</phrase></theme>", 0, 4, 39, 0,
     "'aide(s)' is cut at '()' into 2 words (aide s)", "this <phrase> matches those words in a row"},
    {T "<word>élu.*</word></theme>", 0, 4, 25, 0, "'élu.*' is cut at '.' into 2 words (élu *)", "in a row"},
    {T "<word>\"projet\"</word></theme>", 0, 4, 25, 0, "'\"\"' around projet is ignored", "the word projet"},
};

/* Loads the row's codebook from a file, as grille check does. */
static grille_codebook *load_row(const row *r, grille_diagnostics **d) {
    char path[] = "/tmp/grille-message-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    if (r->whole) fputs(r->xml, f);
    else fprintf(f, CB_HEAD "%s\n" CB_TAIL, r->xml);
    fclose(f);
    grille_error e;
    grille_codebook *cb = grille_codebook_open(&(grille_codebook_source){.path = path}, NULL, d, &e);
    remove(path);
    return cb;
}

START_TEST(test_message) {
    const row *r = &rows[_i];
    grille_diagnostics *d = NULL;
    grille_codebook *cb = load_row(r, &d);
    const grille_error *hit = NULL;
    int is_error = -1;
    for (size_t k = 0; k < grille_diagnostics_count(d) && !hit; k++) {
        int e;
        const grille_error *x = grille_diagnostics_get(d, k, &e);
        if (strstr(x->message, r->key1)) {
            hit = x;
            is_error = e;
        }
    }
    ck_assert_msg(hit != NULL, "row %d: no message with \"%s\"; first: %s", _i, r->key1,
                  grille_diagnostics_count(d) ? grille_diagnostics_get(d, 0, NULL)->message : "(none)");
    ck_assert_msg(strstr(hit->message, r->key2) != NULL, "row %d: \"%s\" lacks \"%s\"", _i, hit->message, r->key2);
    ck_assert_msg(hit->line == r->line && hit->column == r->col, "row %d: at %u:%u, not %u:%u: %s", _i, hit->line,
                  hit->column, r->line, r->col, hit->message);
    ck_assert_int_eq(is_error, r->is_error);
    if (r->is_error) {
        /* one problem, one message: no cascade of follow-up errors */
        ck_assert_msg(grille_diagnostics_count(d) == 1, "row %d: %zu messages", _i, grille_diagnostics_count(d));
        ck_assert_ptr_null(cb);
        ck_assert_int_ne(hit->code, GRILLE_OK);
    } else {
        ck_assert_ptr_nonnull(cb); /* a warning never stops a codebook from loading */
        ck_assert_int_eq(hit->code, GRILLE_OK);
    }
    grille_diagnostics_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* Words the tokenizer keeps whole, or cuts as transcripts are cut on
 * purpose (an elision, punctuation between the words of a phrase), get
 * no warning. */
START_TEST(test_no_false_warning) {
    row r = {T "<word>l'état</word><word>élu.e.s</word><word>co-construction</word>"
               "<phrase>mise en réseau, acteurs</phrase><word>3,5</word><word>aujourd'hui</word></theme>",
             0,
             0,
             0,
             0,
             "",
             ""};
    grille_diagnostics *d = NULL;
    grille_codebook *cb = load_row(&r, &d);
    ck_assert_ptr_nonnull(cb);
    for (size_t k = 0; k < grille_diagnostics_count(d); k++)
        ck_abort_msg("unexpected: %s", grille_diagnostics_get(d, k, NULL)->message);
    grille_diagnostics_free(d);
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("codebook messages");
    TCase *tc = tcase_create("core");
    tcase_add_loop_test(tc, test_message, 0, (int)(sizeof rows / sizeof rows[0]));
    tcase_add_test(tc, test_no_false_warning);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

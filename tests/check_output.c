/* check_output.c - segment tables, matrices, corpus listing. */
#include "testutil.h"
#include "tab.h"
#include <errno.h>
#include <math.h>
#ifdef GRILLE_WITH_SQLITE /* configure --without-sqlite: tests/check_api.c */
#include <sqlite3.h>
#endif
#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h> /* ftruncate */

static char *render(void (*fn)(FILE *, void *), void *arg) {
    FILE *f = tmpfile();
    fn(f, arg);
    long n = ftell(f);
    rewind(f);
    char *s = calloc((size_t)n + 1, 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    return s;
}

typedef struct seg_args {
    grille_format fmt;
    const grille_coding *c;
} seg_args;

static void write_segs(FILE *f, void *arg) {
    seg_args *a = arg;
    ck_assert_int_eq(grille_coding_write_header(f, a->fmt, NULL), GRILLE_OK);
    ck_assert_int_eq(grille_coding_write(f, a->fmt, a->c, NULL), GRILLE_OK);
}

static const char *cb_xml = CB_HEAD "<theme id=\"r\" label=\"Réseau\"><word>réseau</word></theme>\n"
                                    "<theme id=\"e\" label=\"Élus\"><word>élus</word></theme>\n" CB_TAIL;

static void free_two(grille_document *docs[2], grille_coding *cs[2]) {
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
}

/* Two threads writing codings to one stream: each call's rows come out
 * together, the ones gathered in the row buffer written before the
 * stream's lock is let go.  They were written after it: another
 * thread's rows came between, and this test failed in three runs of
 * five (a race: it cannot fail every time). */
typedef struct writer_job {
    FILE *f;
    const grille_coding *c;
} writer_job;

static void *write_many(void *arg) {
    writer_job *j = arg;
    for (int i = 0; i < 300; i++) ck_assert_int_eq(grille_coding_write(j->f, GRILLE_FORMAT_TSV, j->c, NULL), GRILLE_OK);
    return NULL;
}

START_TEST(test_segments_threads_apart) {
    grille_codebook *cb = cb_from(cb_xml);
    /* 300 rows of some 130 bytes: the row buffer fills several times */
    size_t cap = 300 * 40 + 16, n = 0;
    char *text = malloc(cap);
    n += (size_t)snprintf(text, cap, "R :");
    for (int i = 0; i < 300; i++) n += (size_t)snprintf(text + n, cap - n, " Le réseau %d.", i);
    grille_document *docs[2];
    grille_coding *cs[2];
    grille_error err;
    const char *names[2] = {"aaa.txt", "bbb.txt"};
    for (int i = 0; i < 2; i++) {
        docs[i] = grille_document_parse(names[i], text, n, NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_uint_eq(grille_coding_segment_count(cs[i]), 300);
    }
    FILE *f = tmpfile();
    writer_job jobs[2] = {{f, cs[0]}, {f, cs[1]}};
    pthread_t th[2];
    for (int i = 0; i < 2; i++) pthread_create(&th[i], NULL, write_many, &jobs[i]);
    for (int i = 0; i < 2; i++) pthread_join(th[i], NULL);
    rewind(f);
    /* the document ids, in runs of 300 */
    char line[512], last[8] = "";
    size_t run = 0, runs = 0;
    while (fgets(line, sizeof line, f)) {
        ck_assert(line[3] == '\t');
        if (strncmp(line, last, 3) != 0) {
            ck_assert_msg(run % 300 == 0, "a run of %zu rows of %s", run, last);
            memcpy(last, line, 3);
            run = 0;
            runs++;
        }
        run++;
    }
    ck_assert_uint_eq(run % 300, 0);
    ck_assert_uint_ge(runs, 2);
    fclose(f);
    free_two(docs, cs);
    free(text);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_segment_formats) {
    grille_codebook *cb = cb_from(cb_xml);
    /* a turn unit with a tab, a quote and a comma inside */
    grille_document *d = doc_from("R : Le \"réseau\",\tdit-elle.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    seg_args a = {GRILLE_FORMAT_TSV, c};
    char *s = render(write_segs, &a);
    ck_assert_str_eq(
        s, "document\tspeaker\tunit\tunit_index\tturn\ttime\tline\tbyte_start\tbyte_end\tcp_start\tcp_end\ttheme\t"
           "theme_path\tscore\tprimary\trules\tmatches\ttext\n"
           "mem\tR\tsentence\t0\t0\t\t1\t4\t27\t4\t26\tr\tr\t1\t1\tr#word:réseau\tréseau\tLe \"réseau\", dit-elle.\n");
    free(s);
    a.fmt = GRILLE_FORMAT_CSV;
    s = render(write_segs, &a);
    ck_assert_ptr_nonnull(strstr(
        s, "\r\nmem,R,sentence,0,0,,1,4,27,4,26,r,r,1,1,r#word:réseau,réseau,\"Le \"\"réseau\"\",\tdit-elle.\"\r\n"));
    free(s);
    a.fmt = GRILLE_FORMAT_JSONL;
    s = render(write_segs, &a);
    ck_assert_str_eq(
        s,
        "{\"document\":\"mem\",\"speaker\":\"R\",\"unit\":\"sentence\",\"unit_index\":0,\"turn\":0,\"line\":1,"
        "\"byte_start\":4,\"byte_end\":27,\"cp_start\":4,\"cp_end\":26,\"theme\":\"r\",\"theme_path\":\"r\","
        "\"score\":1,\"primary\":true,\"hits\":[{\"rule\":\"r#word:réseau\",\"kind\":\"word\",\"byte_start\":8,\"byte_end\":15,\"cp_start\":8,"
        "\"cp_end\":14,\"text\":\"réseau\"}],\"text\":\"Le \\\"réseau\\\",\\tdit-elle.\"}\n");
    free(s);
    ck_assert_int_eq(grille_coding_write_header(stdout, GRILLE_FORMAT_MARKDOWN, NULL), GRILLE_EUSAGE);
    grille_coding_free(c);
    grille_document_free(d);
    /* a quote that starts like a formula is text in a spreadsheet: a
     * leading apostrophe in CSV and TSV, the raw text in JSON Lines */
    d = doc_from("R : =HYPERLINK(\"x\") le réseau.\n");
    c = grille_coding_new(cb, d, &err);
    a.c = c;
    s = render(write_segs, &a);
    ck_assert_ptr_nonnull(strstr(s, "\"text\":\"=HYPERLINK(\\\"x\\\") le réseau.\"}"));
    free(s);
    a.fmt = GRILLE_FORMAT_CSV;
    s = render(write_segs, &a);
    ck_assert_ptr_nonnull(strstr(s, ",\"'=HYPERLINK(\"\"x\"\") le réseau.\"\r\n"));
    free(s);
    a.fmt = GRILLE_FORMAT_TSV;
    s = render(write_segs, &a);
    ck_assert_ptr_nonnull(strstr(s, "\t'=HYPERLINK(\"x\") le réseau.\n"));
    free(s);
    grille_coding_free(c);
    grille_document_free(d);
    /* a turn's timestamp goes with its segments: hh:mm:ss, and ms in JSON */
    d = doc_from("[01:02:03] R : Le réseau.\n");
    c = grille_coding_new(cb, d, &err);
    a.c = c;
    a.fmt = GRILLE_FORMAT_TSV;
    s = render(write_segs, &a);
    ck_assert_ptr_nonnull(strstr(s, "\nmem\tR\tsentence\t0\t0\t01:02:03\t1\t"));
    free(s);
    a.fmt = GRILLE_FORMAT_JSONL;
    s = render(write_segs, &a);
    ck_assert_ptr_nonnull(strstr(s, "\"turn\":0,\"time_ms\":3723000,\"line\":1,"));
    free(s);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* The segments of text coded by the themes and settings of xml, as TSV
 * (to be freed). */
static char *segments_tsv(const char *xml, const char *text) {
    grille_codebook *cb = cb_from(xml);
    grille_document *d = doc_from(text);
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    ck_assert_ptr_nonnull(c);
    seg_args a = {GRILLE_FORMAT_TSV, c};
    char *s = render(write_segs, &a);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
    return s;
}

/* What a row copied as it is cannot hold, written cell by cell instead
 * (tsv_row()): each case alone in its row, as one of them sends the
 * whole row the other way. */
START_TEST(test_segment_tsv_cells) {
    const char *themes = "<theme id=\"w\" label=\"W\"><word weight=\"1.5\">réseau</word></theme>\n"
                         "<theme id=\"m\" label=\"M\"><regex>-élus</regex></theme>\n"
                         "<theme id=\"p\" label=\"P\"><phrase>les élus</phrase></theme>\n";
    char xml[1024];
    snprintf(xml, sizeof xml, CB_HEAD "%s" CB_TAIL, themes);
    /* a score with decimals */
    char *s = segments_tsv(xml, "R : Le réseau.\n");
    ck_assert_ptr_nonnull(strstr(s, "\tw\tw\t1.5\t1\tw#word:réseau\tréseau\tLe réseau.\n"));
    free(s);
    /* a match that opens like a formula */
    s = segments_tsv(xml, "R : Les élus -élus.\n");
    ck_assert_ptr_nonnull(strstr(s, "\t'-élus\tLes élus -élus.\n"));
    ck_assert_ptr_nonnull(strstr(s, "\tp\tp\t1\t0\tp#phrase:les élus\tLes élus\tLes élus -élus.\n"));
    free(s);
    /* a time of 100 hours and more */
    s = segments_tsv(xml, "[123:02:03] R : Les élus.\n");
    ck_assert_ptr_nonnull(strstr(s, "\nmem\tR\tsentence\t0\t0\t123:02:03\t1\t16\t26\t16\t25\tp\tp\t1\t1\t"));
    free(s);
    /* a row longer than the row buffer holds */
    char *text = malloc(6000), *expected = malloc(6000);
    strcpy(text, "R : Les élus");
    for (size_t i = strlen(text); i < 5000; i += 3) strcat(text, " et");
    snprintf(expected, 6000, "\tp#phrase:les élus\tLes élus\t%s.\n", text + 4);
    strcat(text, ".\n");
    s = segments_tsv(xml, text);
    ck_assert_ptr_nonnull(strstr(s, expected));
    free(s);
    free(text);
    free(expected);
    /* a tab in a match, outside the row's text: a short answer's
     * context */
    snprintf(xml, sizeof xml,
             CB_HEAD "<settings><unit>sentence</unit><short-answers>8</short-answers></settings>\n%s" CB_TAIL, themes);
    s = segments_tsv(xml, "---\ninterviewers: E\n---\nE : Et les\télus ?\nR : Oui.\n");
    ck_assert_msg(strstr(s, "\tp#phrase:les élus\tcontext: les élus\tOui.\n") != NULL, "%s", s);
    free(s);
    /* and without the tab: the row copied as it is */
    s = segments_tsv(xml, "---\ninterviewers: E\n---\nE : Et les élus ?\nR : Oui.\n");
    ck_assert_msg(strstr(s, "\tp#phrase:les élus\tcontext: les élus\tOui.\n") != NULL, "%s", s);
    free(s);
    /* two hits of a rule, then nine: the rule listed once */
    s = segments_tsv(xml, "R : Le réseau et le réseau.\n");
    ck_assert_msg(strstr(s, "\tw#word:réseau\tréseau | réseau\t") != NULL, "%s", s);
    free(s);
    s = segments_tsv(xml, "R : Le réseau -élus réseau réseau réseau réseau réseau réseau réseau réseau.\n");
    ck_assert_msg(strstr(s, "\tw#word:réseau\tréseau | réseau | réseau | réseau | réseau | réseau | réseau | "
                            "réseau | réseau\t") != NULL,
                  "%s", s);
    free(s);
    /* eight rules in a row, then nine: a row copied as it is lists at
     * most eight, the ninth sends it cell by cell */
#define WORDS8                                                              \
    "<word>un</word><word>deux</word><word>trois</word><word>quatre</word>" \
    "<word>cinq</word><word>six</word><word>sept</word><word>huit</word>"
#define RULES8 "n#word:un,n#word:deux,n#word:trois,n#word:quatre,n#word:cinq,n#word:six,n#word:sept,n#word:huit"
    s = segments_tsv(CB_HEAD "<theme id=\"n\" label=\"N\">" WORDS8 "</theme>\n" CB_TAIL,
                     "R : un deux trois quatre cinq six sept huit.\n");
    ck_assert_msg(strstr(s, "\t" RULES8 "\tun | deux | trois | quatre | cinq | six | sept | huit\t") != NULL, "%s", s);
    free(s);
    s = segments_tsv(CB_HEAD "<theme id=\"n\" label=\"N\">" WORDS8 "<word>neuf</word></theme>\n" CB_TAIL,
                     "R : un deux trois quatre cinq six sept huit neuf.\n");
    ck_assert_msg(
        strstr(s, "\t" RULES8 ",n#word:neuf\tun | deux | trois | quatre | cinq | six | sept | huit | neuf\t") != NULL,
        "%s", s);
    free(s);
#undef WORDS8
#undef RULES8
}
END_TEST

typedef struct mat_args {
    grille_format fmt;
    const grille_matrix *m;
} mat_args;

static void write_mat(FILE *f, void *arg) {
    mat_args *a = arg;
    ck_assert_int_eq(grille_matrix_write(f, a->fmt, a->m, NULL), GRILLE_OK);
}

START_TEST(test_matrix) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"p\" label=\"Parent\"><word>pilotage</word>\n"
                                          "  <theme id=\"p.e\" label=\"Élus\"><word>élus</word></theme></theme>\n"
                                          "<theme id=\"r\" label=\"Réseau\"><word>réseau</word></theme>\n" CB_TAIL);
    const char *texts[] = {"---\ntype: EI\n---\nR : Les élus et le pilotage. Le réseau. Rien.\n",
                           "---\ntype: EC\n---\nR : Les élus. Les élus encore.\n",
                           "---\ntype: EI\n---\nR : Rien du tout.\n"};
    grille_document *docs[3];
    grille_coding *cs[3];
    grille_error err;
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "d%d.txt", i);
        docs[i] = grille_document_parse(name, texts[i], strlen(texts[i]), NULL, &err);
        cs[i] = grille_coding_new(cb, docs[i], &err);
    }
    grille_matrix *m = grille_matrix_new(cb, (const grille_coding *const *)cs, 3, NULL, &err);
    ck_assert_uint_eq(grille_matrix_column_count(m), 3);
    ck_assert_str_eq(grille_matrix_column_name(m, 1), "d1");
    /* the parent counts the unit coded with it and its sub-theme once */
    ck_assert_uint_eq(grille_matrix_cell(m, 0, 0), 1);
    ck_assert_uint_eq(grille_matrix_cell(m, 0, 1), 2);
    ck_assert_uint_eq(grille_matrix_cell(m, 1, 1), 2);
    ck_assert_uint_eq(grille_matrix_column_units(m, 0), 3);
    mat_args a = {GRILLE_FORMAT_CSV, m};
    char *s = render(write_mat, &a);
    ck_assert_str_eq(s, "theme,label,d0,d1,d2,total\r\n"
                        "p,Parent,1,2,0,3\r\n"
                        "p.e,Élus,1,2,0,3\r\n"
                        "r,Réseau,1,0,0,1\r\n"
                        "(coded units),units coded with at least one theme,2,2,0,4\r\n"
                        "(units),units in coded speech,3,2,1,6\r\n");
    free(s);
    grille_matrix_free(m);
    grille_matrix_options mo = GRILLE_MATRIX_OPTIONS_INIT;
    mo.by_variable = "type";
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 3, &mo, &err);
    a.m = m;
    a.fmt = GRILLE_FORMAT_MARKDOWN;
    s = render(write_mat, &a);
    ck_assert_str_eq(s, "| theme | label | EC | EI | total |\n"
                        "|---|---|---:|---:|---:|\n"
                        "| p | Parent | 2 | 1 | 3 |\n"
                        "| &nbsp;&nbsp;p.e | Élus | 2 | 1 | 3 |\n"
                        "| r | Réseau | 0 | 1 | 1 |\n"
                        "| (coded units) | units coded with at least one theme | 2 | 2 | 4 |\n"
                        "| (units) | units in coded speech | 2 | 4 | 6 |\n");
    free(s);
    ck_assert(grille_matrix_by_found(m));
    grille_matrix_free(m);
    /* a variable nobody has (a typo): found says so; by document, found */
    mo.by_variable = "tpye";
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 3, &mo, &err);
    ck_assert(!grille_matrix_by_found(m));
    grille_matrix_free(m);
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 3, NULL, &err);
    ck_assert(grille_matrix_by_found(m));
    grille_matrix_free(m);
    ck_assert(!grille_matrix_by_found(NULL));
    /* columns sorted (EC before EI, though d0 is EI): every count moves
     * with its column, the primary themes too.  EC: both units are the
     * sub-theme's (rolled up into p); EI: "les élus et le pilotage" is
     * p's (a tie, codebook order), "le réseau" r's. */
    grille_matrix_options po = GRILLE_MATRIX_OPTIONS_INIT;
    po.by_variable = "type";
    po.measure = GRILLE_MEASURE_PRIMARY;
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 3, &po, &err);
    ck_assert_str_eq(grille_matrix_column_name(m, 0), "EC");
    ck_assert_double_eq(grille_matrix_value(m, 0, 0), 2);
    ck_assert_double_eq(grille_matrix_value(m, 1, 0), 2);
    ck_assert_double_eq(grille_matrix_value(m, 2, 0), 0);
    ck_assert_double_eq(grille_matrix_value(m, 0, 1), 1);
    ck_assert_double_eq(grille_matrix_value(m, 1, 1), 0);
    ck_assert_double_eq(grille_matrix_value(m, 2, 1), 1);
    a.m = m;
    a.fmt = GRILLE_FORMAT_CSV;
    char *whole = render(write_mat, &a);
    grille_matrix_free(m);
    /* built document by document, each coding gone once added: the same */
    m = grille_matrix_begin(cb, &po, &err);
    ck_assert_ptr_nonnull(m);
    for (int i = 0; i < 3; i++) {
        ck_assert_int_eq(grille_matrix_add(m, cs[i], &err), GRILLE_OK);
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
        cs[i] = NULL;
        docs[i] = NULL;
    }
    ck_assert_int_eq(grille_matrix_write(stderr, GRILLE_FORMAT_CSV, m, NULL), GRILLE_EUSAGE); /* not ended */
    ck_assert_int_eq(grille_matrix_end(m, &err), GRILLE_OK);
    a.m = m;
    s = render(write_mat, &a);
    ck_assert_str_eq(s, whole);
    free(s);
    free(whole);
    ck_assert_int_eq(grille_matrix_end(m, &err), GRILLE_EUSAGE);
    grille_matrix_free(m);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_matrix_measures) {
    grille_codebook *cb =
        cb_from(CB_HEAD "<theme id=\"p\" label=\"P\"><word>pilotage</word>\n"
                        "  <theme id=\"p.e\" label=\"E\"><word>élus</word></theme></theme>\n" CB_TAIL);
    const char *texts[] = {"---\ntype: EI\n---\nR : Les élus et le pilotage. Les élus. Rien du tout ici.\n",
                           "---\ntype: EI\n---\nR : Autre chose.\n"};
    grille_document *docs[2];
    grille_coding *cs[2];
    grille_error err;
    for (int i = 0; i < 2; i++) {
        char name[16];
        snprintf(name, sizeof name, "m%d.txt", i);
        docs[i] = grille_document_parse(name, texts[i], strlen(texts[i]), NULL, &err);
        cs[i] = grille_coding_new(cb, docs[i], &err);
    }
    grille_matrix_options o = GRILLE_MATRIX_OPTIONS_INIT;
    o.measure = GRILLE_MEASURE_SHARE;
    grille_matrix *m = grille_matrix_new(cb, (const grille_coding *const *)cs, 2, &o, &err);
    /* p (rolled up): 2 of 3 units of m0 */
    ck_assert_double_eq_tol(grille_matrix_value(m, 0, 0), 200.0 / 3, 1e-9);
    ck_assert_double_eq_tol(grille_matrix_value(m, 0, 1), 0, 1e-12);
    grille_matrix_free(m);
    o.measure = GRILLE_MEASURE_PER1000;
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 2, &o, &err);
    /* p rolled up: hits élus, pilotage, élus = 3 over the 11 words of m0 */
    ck_assert_double_eq_tol(grille_matrix_value(m, 0, 0), 3000.0 / 11, 1e-9);
    ck_assert_double_eq_tol(grille_matrix_value(m, 1, 0), 2000.0 / 11, 1e-9);
    grille_matrix_free(m);
    o.measure = GRILLE_MEASURE_PRESENCE;
    o.by_variable = "type";
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 2, &o, &err);
    ck_assert_double_eq_tol(grille_matrix_value(m, 0, 0), 1, 1e-12); /* one EI document of two has it */
    grille_matrix_free(m);
    /* leaves: p has a sub-theme, so only p.e is a row, with its own units */
    grille_matrix_options l = GRILLE_MATRIX_OPTIONS_INIT;
    l.flags = GRILLE_MATRIX_LEAVES | GRILLE_MATRIX_TRANSPOSE;
    m = grille_matrix_new(cb, (const grille_coding *const *)cs, 2, &l, &err);
    mat_args a = {GRILLE_FORMAT_CSV, m};
    char *out = render(write_mat, &a);
    ck_assert_str_eq(out, "column,p.e,units\r\nm0,2,3\r\nm1,0,1\r\n");
    free(out);
    grille_matrix_free(m);
    /* co-occurrence: p and p.e share 2 units; pilotage alone in none */
    grille_cooc *co = grille_cooc_new(cb, (const grille_coding *const *)cs, 2, 0, 0, &err);
    ck_assert_uint_eq(grille_cooc_cell(co, 0, 1), 2);
    ck_assert_uint_eq(grille_cooc_cell(co, 1, 1), 2);
    ck_assert_double_eq_tol(grille_cooc_jaccard(co, 0, 1), 1.0, 1e-12);
    grille_cooc_free(co);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_cooc_window) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"a\" label=\"a\"><word>alpha</word></theme>"
                                          "<theme id=\"b\" label=\"b\"><word>beta</word></theme>" CB_TAIL);
    grille_document *d = doc_from("R : Alpha. Rien. Beta. Rien. Rien. Alpha beta.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_coding *cs[] = {c};
    grille_cooc *w0 = grille_cooc_new(cb, cs, 1, 0, 0, &err), *w2 = grille_cooc_new(cb, cs, 1, 2, 0, &err);
    ck_assert_uint_eq(grille_cooc_cell(w0, 0, 1), 1); /* the last sentence */
    ck_assert_uint_eq(grille_cooc_cell(w2, 0, 1), 2); /* + the first, 2 units from Beta */
    ck_assert_double_eq_tol(grille_cooc_jaccard(w0, 0, 1), 1.0 / 3, 1e-12);
    /* counted a document at a time (three times the same one here): the
     * same as all at once, and a window never reaches across documents */
    const grille_coding *three[] = {c, c, c};
    grille_cooc *all = grille_cooc_new(cb, three, 3, 2, 0, &err), *each = grille_cooc_new(cb, NULL, 0, 2, 0, &err);
    ck_assert_ptr_nonnull(each);
    for (int i = 0; i < 3; i++) ck_assert_int_eq(grille_cooc_add(each, c, &err), GRILLE_OK);
    for (size_t x = 0; x < 2; x++)
        for (size_t y = 0; y < 2; y++) {
            ck_assert_uint_eq(grille_cooc_cell(each, x, y), grille_cooc_cell(all, x, y));
            ck_assert_uint_eq(grille_cooc_cell(each, x, y), 3 * grille_cooc_cell(w2, x, y));
            ck_assert_double_eq_tol(grille_cooc_jaccard(each, x, y), grille_cooc_jaccard(w2, x, y), 1e-12);
        }
    ck_assert_int_eq(grille_cooc_add(each, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_cooc_add(NULL, c, &err), GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_cooc_new(NULL, NULL, 0, 0, 0, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    grille_cooc_free(all);
    grille_cooc_free(each);
    grille_cooc_free(w0);
    grille_cooc_free(w2);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

typedef struct kwic_args {
    const grille_codebook *cb;
    const grille_coding *c;
    size_t context;
} kwic_args;

static void write_kwic(FILE *f, void *arg) {
    kwic_args *a = arg;
    grille_error err;
    ck_assert_int_eq(grille_kwic_write(f, GRILLE_FORMAT_TSV, a->cb, a->c, GRILLE_NONE, a->context, &err), GRILLE_OK);
}

START_TEST(test_kwic) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"r\" label=\"r\"><word>réseau</word></theme>" CB_TAIL);
    grille_document *d = doc_from("E : Et le réseau ?\nR : Un deux trois (rires) quatre réseau\tcinq six.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    kwic_args a = {cb, c, 3};
    char *out = render(write_kwic, &a);
    /* three words each side, marks kept but not counted, only the turn */
    ck_assert_str_eq(out, "mem\tR\t2\t52\t58\tr\tr#word:réseau\tdeux trois (rires) quatre\tréseau\tcinq six\n");
    free(out);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

static char *file_bytes(const char *path, size_t *len) {
    FILE *f = fopen(path, "rb");
    ck_assert_ptr_nonnull(f);
    fseek(f, 0, SEEK_END);
    long n = ftell(f);
    rewind(f);
    char *s = malloc((size_t)n + 1);
    ck_assert_uint_eq(fread(s, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    *len = (size_t)n;
    return s;
}

/* The two test transcripts, coded with cb. */
static const char *const two_names[] = {"transcripts/ec-test.txt", "transcripts/ei-test.txt"};
static void code_two(const grille_codebook *cb, grille_document *docs[2], grille_coding *cs[2]) {
    grille_error err;
    for (int i = 0; i < 2; i++) {
        docs[i] = grille_document_load(data_path(two_names[i]), NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
}

/* Gives a streaming writer each test transcript in turn, freed as soon
 * as it is added: nothing of it may be needed later. */
static void add_each_freed(const grille_codebook *cb, int (*add)(void *w, const grille_coding *c, grille_error *err),
                           void *w) {
    grille_error err;
    for (int i = 0; i < 2; i++) {
        grille_document *d = grille_document_load(data_path(two_names[i]), NULL, &err);
        grille_coding *c = grille_coding_new(cb, d, &err);
        ck_assert_uint_gt(grille_coding_segment_count(c), 0);
        ck_assert_int_eq(add(w, c, &err), GRILLE_OK);
        grille_coding_free(c);
        grille_document_free(d);
    }
}

static void assert_same_file(const char *a_path, const char *b_path) {
    size_t na, nb;
    char *a = file_bytes(a_path, &na), *b = file_bytes(b_path, &nb);
    ck_assert_uint_gt(na, 0);
    ck_assert_uint_eq(na, nb);
    ck_assert_int_eq(memcmp(a, b, na), 0);
    free(a);
    free(b);
}

static int add_to_sheet(void *w, const grille_coding *c, grille_error *err) {
    return grille_segments_sheet_add(w, c, err);
}

#ifdef GRILLE_WITH_SQLITE
static long query_long(sqlite3 *db, const char *sql) {
    sqlite3_stmt *st;
    ck_assert_int_eq(sqlite3_prepare_v2(db, sql, -1, &st, NULL), SQLITE_OK);
    ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
    long v = (long)sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    return v;
}

START_TEST(test_sqlite) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    const char *names[] = {"transcripts/ec-test.txt", "transcripts/ei-test.txt"};
    grille_document *docs[2];
    grille_coding *cs[2];
    for (int i = 0; i < 2; i++) {
        docs[i] = grille_document_load(data_path(names[i]), NULL, &err);
        cs[i] = grille_coding_new(cb, docs[i], &err);
    }
    const char *path = "/tmp/grille-check.sqlite";
    ck_assert_int_eq(grille_export_sqlite(path, cb, (const grille_coding *const *)cs, 2, &err), GRILLE_OK);
    sqlite3 *db;
    ck_assert_int_eq(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM documents"), 2);
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM units"), 10);
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM segments"), 8);
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM themes"), 6);
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM segments WHERE theme = 'proj'"), 2);
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM variables WHERE key = 'type' AND value = 'EI'"), 1);
    /* a hit's offsets find its text again in the unit */
    ck_assert_int_eq(query_long(db,
                                "SELECT count(*) FROM hits h JOIN segments s ON s.id = h.segment "
                                "JOIN units u ON u.document = s.document AND u.unit_index = s.unit_index "
                                "WHERE substr(u.text, h.cp_start - u.cp_start + 1, h.cp_end - h.cp_start) = h.text"),
                     query_long(db, "SELECT count(*) FROM hits"));
    ck_assert_int_eq(query_long(db, "SELECT count(*) FROM pragma_foreign_key_check()"), 0);
    sqlite3_close(db);
    remove(path);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    grille_codebook_free(cb);
}
END_TEST


/* A database written a document at a time, each document and coding
 * freed as soon as it is added, is the one written from the whole run,
 * byte for byte. */
static int add_to_db(void *w, const grille_coding *c, grille_error *err) { return grille_sqlite_add(w, c, err); }

START_TEST(test_sqlite_streaming) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    const char *whole = "/tmp/grille-check-whole.sqlite", *stream = "/tmp/grille-check-stream.sqlite";
    grille_document *docs[2];
    grille_coding *cs[2];
    code_two(cb, docs, cs);
    ck_assert_int_eq(grille_export_sqlite(whole, cb, (const grille_coding *const *)cs, 2, &err), GRILLE_OK);
    free_two(docs, cs);
    grille_sqlite *db = grille_sqlite_new(stream, cb, &err);
    ck_assert_ptr_nonnull(db);
    add_each_freed(cb, add_to_db, db);
    ck_assert_int_eq(grille_sqlite_close(db, &err), GRILLE_OK);
    assert_same_file(whole, stream);
    remove(whole);

    /* a document added twice breaks the documents' key: the add fails,
     * every later add fails, and close commits nothing */
    grille_document *d = grille_document_load(data_path(two_names[0]), NULL, &err);
    grille_coding *c = grille_coding_new(cb, d, &err);
    db = grille_sqlite_new(stream, cb, &err);
    ck_assert_ptr_nonnull(db);
    ck_assert_int_eq(grille_sqlite_add(db, c, &err), GRILLE_OK);
    ck_assert_int_eq(grille_sqlite_add(db, c, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "UNIQUE"));
    ck_assert_int_eq(grille_sqlite_add(db, c, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "an earlier document failed");
    ck_assert_int_eq(grille_sqlite_close(db, &err), GRILLE_EUSAGE);
    sqlite3 *h;
    ck_assert_int_eq(sqlite3_open_v2(stream, &h, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    ck_assert_int_eq(query_long(h, "SELECT count(*) FROM documents"), 0);
    ck_assert_int_eq(query_long(h, "SELECT count(*) FROM themes"), 0);
    sqlite3_close(h);
    remove(stream);
    ck_assert_ptr_null(grille_sqlite_new(stream, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_int_eq(grille_sqlite_close(NULL, &err), GRILLE_OK);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST
#endif

/* Sheet names Excel takes: no []:*?/\, 31 UTF-16 units at most, no
 * apostrophe at either end, unique without regard to case. */
START_TEST(test_workbook_names) {
    grille_error err;
    const char *path = "/tmp/grille-check-names.xlsx";
    grille_workbook *wb = grille_workbook_new(path, &err);
    ck_assert_ptr_nonnull(wb);
    const char *want[] = {"x[1]:y/z*?\\",
                          "un nom de feuille bien trop long pour Excel",
                          "un nom de feuille bien trop long aussi",
                          "Sheet",
                          "sheet",
                          "'quoted'",
                          "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"
                          "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"
                          "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"
                          "\xF0\x9F\x98\x80\xF0\x9F\x98\x80",
                          "",
                          "\xC3\xA9t\xC3\xA9"};
    const char *got[] = {"x_1__y_z___", "un nom de feuille bien trop lon", "un nom de feuille bien trop (2)", "Sheet",
                         "sheet (2)", "_quoted_",
                         /* 16 emoji are 32 units: 15 fit */
                         "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"
                         "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80"
                         "\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80\xF0\x9F\x98\x80",
                         "sheet (3)", "\xC3\xA9t\xC3\xA9"};
    for (size_t i = 0; i < sizeof want / sizeof want[0]; i++) {
        tab t;
        ck_assert_int_eq(tab_sheet(&t, wb, want[i], NULL), GRILLE_OK);
        tab_head(&t, "h");
        tab_eol(&t);
        ck_assert_int_eq(tab_done(&t, NULL, "test"), GRILLE_OK);
        ck_assert_str_eq(workbook_sheet_name(wb, i), got[i]);
    }
    ck_assert_int_eq(grille_workbook_close(wb, &err), GRILLE_OK);
    struct stat st;
    ck_assert_int_eq(stat(path, &st), 0);
    ck_assert_int_gt(st.st_size, 1000);
    remove(path);
}
END_TEST

/* Excel's limits: a cell of more than 32,767 bytes is cut at a
 * character; a row past 1,048,576 is an error the workbook reports. */
START_TEST(test_workbook_limits) {
    grille_error err;
    const char *path = "/tmp/grille-check-limits.xlsx";
    grille_workbook *wb = grille_workbook_new(path, &err);
    ck_assert_ptr_nonnull(wb);
    tab t;
    ck_assert_int_eq(tab_sheet(&t, wb, "long", NULL), GRILLE_OK);
    size_t n = 40000;
    char *s = malloc(n);
    for (size_t i = 0; i + 1 < n; i += 2) memcpy(s + i, "\xC3\xA9", 2); /* é, 20,000 times */
    tab_str(&t, s, n);
    tab_num(&t, NAN, 3); /* NA: nothing written, no error */
    tab_eol(&t);
    ck_assert_int_eq(tab_done(&t, NULL, "test"), GRILLE_OK);
    free(s);
    ck_assert_int_eq(tab_sheet(&t, wb, "full", NULL), GRILLE_OK);
    t.row = 1048576;
    tab_int(&t, 1);
    ck_assert_int_eq(tab_done(&t, NULL, "test"), GRILLE_ELIMIT);
    ck_assert_int_eq(grille_workbook_close(wb, &err), GRILLE_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "1,048,576"));
    remove(path);
    /* and the text writers refuse the workbook format */
    ck_assert_int_eq(grille_format_parse("xlsx"), GRILLE_FORMAT_XLSX);
    ck_assert_int_eq(grille_coding_write_header(stdout, GRILLE_FORMAT_XLSX, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_workbook_new("", &err) == NULL, 1);
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
}
END_TEST

typedef struct ira_args {
    const grille_codebook *cb;
    const grille_coding *const *cs;
} ira_args;

static void write_ira(FILE *f, void *arg) {
    ira_args *a = arg;
    grille_error err;
    ck_assert_int_eq(grille_export_iramuteq(f, a->cb, a->cs, 1, NULL, NULL, &err), GRILLE_OK);
}

START_TEST(test_iramuteq) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"p\" label=\"P\"><word>pilotage</word>"
                                          "<theme id=\"p.e\" label=\"E\"><word>élus</word></theme></theme>"
                                          "<theme id=\"r\" label=\"R\"><word>réseau</word></theme>" CB_TAIL);
    grille_document *d = doc_from("---\ntitre: Un entretien\ntype: EI\nterritoire: Île-de-France\n---\n"
                                  "E : Et les élus ?\nCoordinatrice : Les élus *surtout*.\nE : Et le réseau ?\n"
                                  "Coordinatrice : Rien.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_coding *cs[] = {c};
    ira_args a = {cb, cs};
    char *out = render(write_ira, &a);
    ck_assert_str_eq(out, "**** *doc_mem *type_ei *territoire_ile-de-france *loc_coordinatrice *thp_1 *thr_0\n"
                          "Les élus  surtout .\n"
                          "**** *doc_mem *type_ei *territoire_ile-de-france *loc_coordinatrice *thp_0 *thr_0\n"
                          "Rien.\n");
    free(out);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* A segments sheet filled a document at a time, each document freed
 * once added, makes the workbook the whole run makes, byte for byte
 * (libxlsxwriter writes a fixed date). */
START_TEST(test_segments_sheet_streaming) {
    grille_error err;
    grille_codebook *cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    const char *whole = "/tmp/grille-check-whole.xlsx", *stream = "/tmp/grille-check-stream.xlsx";
    grille_document *docs[2];
    grille_coding *cs[2];
    code_two(cb, docs, cs);
    grille_workbook *wb = grille_workbook_new(whole, &err);
    ck_assert_ptr_nonnull(wb);
    ck_assert_int_eq(grille_coding_write_sheet(wb, "segments", (const grille_coding *const *)cs, 2, &err), GRILLE_OK);
    ck_assert_int_eq(grille_workbook_close(wb, &err), GRILLE_OK);
    free_two(docs, cs);
    wb = grille_workbook_new(stream, &err);
    grille_segments_sheet *sh = grille_segments_sheet_new(wb, "segments", &err);
    ck_assert_ptr_nonnull(sh);
    add_each_freed(cb, add_to_sheet, sh);
    ck_assert_int_eq(grille_segments_sheet_close(sh, &err), GRILLE_OK);
    ck_assert_int_eq(grille_workbook_close(wb, &err), GRILLE_OK);
    assert_same_file(whole, stream);
    remove(whole);
    remove(stream);
    ck_assert_ptr_null(grille_segments_sheet_new(NULL, "segments", &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_int_eq(grille_segments_sheet_add(NULL, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_segments_sheet_close(NULL, &err), GRILLE_OK);
    grille_codebook_free(cb);
}
END_TEST

/* The workbook written a document at a time (each freed after its add)
 * is, byte for byte, the one put together from the whole run with the
 * sheet writers: the codebook, the document matrix, a matrix for each
 * variable that groups the documents (here "site": a late key, the first
 * document has none; "titre" has a value per document, "type" only one),
 * then the segments; two documents of one id share their column.  A
 * workbook not closed, or whose add failed, writes nothing. */
static const char *const xlsx_docs[] = {
    "E : Q ?\nR : Les élus portent le projet. Le réseau avance.\n",
    "---\nsite: Nord\ntype: EI\ntitre: Un\n---\nE : Q ?\nR : Le réseau des élus.\n",
    "---\nsite: Sud\ntype: EI\ntitre: Deux\n---\nE : Q ?\nR : Un réseau.\n",
    "---\nsite: Nord\ntitre: Trois\n---\nE : Q ?\nR : Les élus, encore les élus.\n",
    "---\nsite: Sud\ntitre: Quatre\n---\nE : Q ?\nR : Le réseau, les élus.\n",
};

START_TEST(test_xlsx_streaming) {
    grille_codebook *cb = cb_from(cb_xml);
    const char *whole = "/tmp/grille-check-xlsx-whole.xlsx", *stream = "/tmp/grille-check-xlsx-stream.xlsx";
    enum { N = sizeof xlsx_docs / sizeof *xlsx_docs };
    grille_document *docs[N];
    grille_coding *cs[N];
    grille_error err;
    for (int i = 0; i < N; i++) {
        /* the last document has the id of the second: a library caller
         * may code one document twice (the command line refuses it) */
        char name[16];
        snprintf(name, sizeof name, "d%d.txt", i == N - 1 ? 1 : i);
        docs[i] = grille_document_parse(name, xlsx_docs[i], strlen(xlsx_docs[i]), NULL, &err);
        ck_assert_ptr_nonnull(docs[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
    const grille_coding *const *run = (const grille_coding *const *)cs;
    grille_workbook *wb = grille_workbook_new(whole, &err);
    ck_assert_int_eq(grille_codebook_write_sheets(wb, cb, &err), GRILLE_OK);
    grille_matrix *m = grille_matrix_new(cb, run, N, NULL, &err);
    ck_assert_int_eq(grille_matrix_write_sheet(wb, "matrix", m, &err), GRILLE_OK);
    grille_matrix_free(m);
    grille_matrix_options mo = GRILLE_MATRIX_OPTIONS_INIT;
    mo.by_variable = "site";
    m = grille_matrix_new(cb, run, N, &mo, &err);
    ck_assert_uint_eq(grille_matrix_column_count(m), 3); /* (none), Nord, Sud */
    ck_assert_int_eq(grille_matrix_write_sheet(wb, "by site", m, &err), GRILLE_OK);
    grille_matrix_free(m);
    ck_assert_int_eq(grille_coding_write_sheet(wb, "segments", run, N, &err), GRILLE_OK);
    ck_assert_int_eq(grille_workbook_close(wb, &err), GRILLE_OK);

    grille_xlsx *x = grille_xlsx_new(stream, cb, &err);
    ck_assert_ptr_nonnull(x);
    for (int i = 0; i < N; i++) {
        ck_assert_int_eq(grille_xlsx_add(x, cs[i], &err), GRILLE_OK);
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    ck_assert_int_eq(grille_xlsx_close(x, &err), GRILLE_OK);
    assert_same_file(whole, stream);
    remove(whole);
    remove(stream);

    /* dropped, or failed: no file */
    x = grille_xlsx_new(stream, cb, &err);
    ck_assert_ptr_nonnull(x);
    grille_xlsx_free(x);
    struct stat st;
    ck_assert_int_ne(stat(stream, &st), 0);
    x = grille_xlsx_new(stream, cb, &err);
    ck_assert_int_eq(grille_xlsx_add(x, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_xlsx_close(x, &err), GRILLE_OK); /* a usage error does not spoil it */
    remove(stream);
    ck_assert_ptr_null(grille_xlsx_new(stream, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_int_eq(grille_xlsx_add(NULL, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_xlsx_close(NULL, &err), GRILLE_OK);
    grille_xlsx_free(NULL);
    grille_codebook_free(cb);
}
END_TEST

/* Numbers in a TSV row: integers as printf's "%zu" writes them, and a
 * number without decimals given as "%.6g" writes it (whole numbers
 * take a path of their own). */
START_TEST(test_tab_numbers) {
    const size_t ints[] = {0, 7, 9, 10, 99, 100, 12345, 4294967296u, SIZE_MAX};
    const double nums[] = {0, -0.0, 1, 2.5, 10, 999999, 1e6, 1234567, -3, 0.1, 1e-7, 123456.5, 3e20};
    char *buf = NULL, expected[4096] = "";
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    tab t;
    tab_text(&t, f, GRILLE_FORMAT_TSV);
    for (size_t i = 0; i < sizeof ints / sizeof *ints; i++) {
        tab_int(&t, ints[i]);
        snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "%s%zu", i ? "\t" : "", ints[i]);
    }
    for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) {
        tab_num(&t, nums[i], -1);
        snprintf(expected + strlen(expected), sizeof expected - strlen(expected), "\t%.6g", nums[i]);
    }
    tab_eol(&t);
    ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
    fclose(f);
    strcat(expected, "\n");
    ck_assert_str_eq(buf, expected);
    free(buf);
}
END_TEST

/* A text cell, written as TSV or Markdown, with a tab, line break or
 * bar at each place of texts of every length up to 48 bytes (a whole
 * block of 16, one of 8, and the bytes after), and in a long cell that
 * goes out past the row buffer. */
static char *one_cell(grille_format fmt, const char *s, size_t n) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    tab t;
    tab_text(&t, f, fmt);
    tab_str(&t, s, n);
    tab_int(&t, 1);
    tab_eol(&t);
    ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
    fclose(f);
    return buf;
}

/* JSON strings: runs of plain bytes (UTF-8 included) copied whole, 16
 * at a time, and each byte JSON escapes, at every place of texts of 1 to
 * 40 bytes, against escaping byte by byte; and a text longer than the
 * row buffer. */
static void json_reference(const unsigned char *s, size_t n, char *out) {
    size_t o = 0;
    out[o++] = '"';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = s[i];
        if (c == '"') o += (size_t)sprintf(out + o, "\\\"");
        else if (c == '\\') o += (size_t)sprintf(out + o, "\\\\");
        else if (c == '\n') o += (size_t)sprintf(out + o, "\\n");
        else if (c == '\r') o += (size_t)sprintf(out + o, "\\r");
        else if (c == '\t') o += (size_t)sprintf(out + o, "\\t");
        else if (c < 0x20) o += (size_t)sprintf(out + o, "\\u%04x", c);
        else out[o++] = (char)c;
    }
    out[o++] = '"';
    out[o] = '\0';
}

/* What write_json_string() writes for s[0, n) (to be freed). */
static char *json_of(const unsigned char *s, size_t n) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    write_json_string(f, (const char *)s, n);
    fclose(f);
    return buf;
}

START_TEST(test_json_strings) {
    static const unsigned char specials[] = {'"', '\\', '\n', '\r', '\t', 0x01, 0x1F, 0x7F, 0xC3, 0x20};
    unsigned char text[64];
    char want[512];
    for (size_t n = 1; n <= 40; n++)
        for (size_t at = 0; at < n; at++)
            for (size_t k = 0; k < sizeof specials; k++) {
                for (size_t i = 0; i < n; i++) text[i] = (unsigned char)('a' + i % 26);
                text[at] = specials[k];
                if (specials[k] == 0xC3 && at + 1 < n) text[at + 1] = 0xA9; /* é */
                char *buf = json_of(text, n);
                json_reference(text, n, want);
                ck_assert_str_eq(buf, want);
                free(buf);
            }
    size_t n = 9000;
    unsigned char *big = malloc(n);
    char *expect = malloc(2 * n + 8);
    for (size_t i = 0; i < n; i++) big[i] = i % 1000 == 999 ? '"' : (unsigned char)('a' + i % 26);
    char *buf = json_of(big, n);
    json_reference(big, n, expect);
    ck_assert_str_eq(buf, expect);
    free(buf);
    free(big);
    free(expect);
}
END_TEST

START_TEST(test_tab_text_cells) {
    static const char specials[] = "\t\n\r|";
    char text[64], want[128];
    for (size_t n = 1; n <= 48; n++)
        for (size_t at = 0; at < n; at++)
            for (const char *c = specials; *c; c++) {
                memset(text, 'a', n);
                text[at] = *c;
                if (at + 1 < n) text[n - 1] = 'z';
                /* TSV: the mark a space, a bar as it is; a tab or CR
                 * first makes a formula, which a quote neutralises */
                size_t q = at == 0 && (*c == '\t' || *c == '\r');
                want[0] = '\'';
                memcpy(want + q, text, n);
                want[q + at] = *c == '|' ? '|' : ' ';
                snprintf(want + q + n, sizeof want - q - n, "\t1\n");
                char *got = one_cell(GRILLE_FORMAT_TSV, text, n);
                ck_assert_str_eq(got, want);
                free(got);
                /* Markdown: a bar escaped */
                size_t w = 0;
                w += (size_t)snprintf(want, sizeof want, "| ");
                for (size_t i = 0; i < n; i++) {
                    if (text[i] == '|') want[w++] = '\\', want[w++] = '|';
                    else want[w++] = i == at ? ' ' : text[i];
                }
                snprintf(want + w, sizeof want - w, " | 1 |\n");
                got = one_cell(GRILLE_FORMAT_MARKDOWN, text, n);
                ck_assert_str_eq(got, want);
                free(got);
            }
    /* the cells TSV writes as they are (inline) and those it does not:
     * a formula's first character, empty, and numbers of every length */
    static const char *const tsv_cells[][2] = {
        {"abc", "abc\t1\n"},
        {"=1+1", "'=1+1\t1\n"},
        {"+33 6", "'+33 6\t1\n"},
        {"- la santé", "'- la santé\t1\n"},
        {"@élu", "'@élu\t1\n"},
        {"", "\t1\n"},
        {"a=b", "a=b\t1\n"},
        {"é\tb", "é b\t1\n"},
        /* a tab or a CR first is a formula too (OWASP), and the bytes
         * next to the six are not */
        {"\tx", "' x\t1\n"},
        {"\rx", "' x\t1\n"},
        {"<a", "<a\t1\n"},
        {">a", ">a\t1\n"},
        {"?a", "?a\t1\n"},
        {"Aa", "Aa\t1\n"},
        {",a", ",a\t1\n"},
        {"*a", "*a\t1\n"},
        {"\x0Bx", "\x0Bx\t1\n"},
        {"\x0Cx", "\x0Cx\t1\n"},
    };
    for (size_t i = 0; i < sizeof tsv_cells / sizeof tsv_cells[0]; i++) {
        char *got = one_cell(GRILLE_FORMAT_TSV, tsv_cells[i][0], strlen(tsv_cells[i][0]));
        ck_assert_str_eq(got, tsv_cells[i][1]);
        free(got);
    }
    for (size_t v = 0, k = 0; k < 20; k++, v = v * 10 + k) {
        char *buf = NULL, cell[64];
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        tab t;
        tab_text(&t, f, GRILLE_FORMAT_TSV);
        tab_int(&t, v);
        tab_int(&t, SIZE_MAX - v);
        tab_eol(&t);
        ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
        fclose(f);
        snprintf(cell, sizeof cell, "%zu\t%zu\n", v, SIZE_MAX - v);
        ck_assert_str_eq(buf, cell);
        free(buf);
    }
    /* numbers as "%.6g" prints them (whole ones inline in TSV: -0 is
     * not one), NaN as NA; times as hh:mm:ss, none as an empty cell */
    {
        char *buf = NULL;
        size_t len = 0;
        FILE *f = open_memstream(&buf, &len);
        tab t;
        tab_text(&t, f, GRILLE_FORMAT_TSV);
        const double nums[] = {0, -0.0, 3, 2.5, 999999, 1e6, 1e7, -4, NAN};
        for (size_t i = 0; i < sizeof nums / sizeof *nums; i++) tab_num(&t, nums[i], -1);
        tab_num(&t, 3, 2);
        tab_time(&t, -1);
        tab_time(&t, 0);
        tab_time(&t, 3723000);
        tab_time(&t, -1);
        tab_eol(&t);
        ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
        fclose(f);
        ck_assert_str_eq(buf, "0\t-0\t3\t2.5\t999999\t1e+06\t1e+07\t-4\tNA\t3.00\t\t00:00:00\t01:02:03\t\n");
        free(buf);
    }
    /* every number to 100,000, and around each power of ten, against
     * printf (two digits are written at a time) */
    for (size_t v = 0; v <= 100000; v++) {
        char buf[24], *p = tab_decimal(buf, v), printed[24];
        snprintf(printed, sizeof printed, "%zu", v);
        ck_assert_uint_eq((size_t)(buf + 24 - p), strlen(printed));
        ck_assert(memcmp(p, printed, strlen(printed)) == 0);
    }
    for (size_t v = 1; v <= 1000000000000000000u; v *= 10)
        for (size_t d = v > 2 ? v - 2 : 0; d <= v + 2; d++) {
            char buf[24], *p = tab_decimal(buf, d), printed[24];
            snprintf(printed, sizeof printed, "%zu", d);
            ck_assert_uint_eq((size_t)(buf + 24 - p), strlen(printed));
            ck_assert(memcmp(p, printed, strlen(printed)) == 0);
        }
    /* a cell longer than the row buffer, marks near both ends */
    size_t n = 10000;
    char *big = malloc(n), *expect = malloc(n + 8);
    memset(big, 'b', n);
    big[3] = '\n';
    big[n - 2] = '\t';
    memcpy(expect, big, n);
    expect[3] = expect[n - 2] = ' ';
    memcpy(expect + n, "\t1\n", 4);
    expect[n + 3] = '\0';
    char *got = one_cell(GRILLE_FORMAT_TSV, big, n);
    ck_assert_str_eq(got, expect);
    free(got);
    free(big);
    free(expect);
}
END_TEST

/* copy_plain() copies a cell and says whether it has a tab or a line
 * break, reading and writing only its n bytes (overlapping loads for
 * the last ones): every length to 80, every place of each mark. */
START_TEST(test_copy_plain) {
    char text[80], dst[96];
    for (size_t n = 0; n <= 80; n++)
        for (size_t at = 0; at <= n; at++)
            for (const char *c = "\t\n\r"; *c; c++) {
                for (size_t i = 0; i < n; i++) text[i] = (char)('a' + i % 26);
                if (at < n) text[at] = *c; /* at == n: none */
                memset(dst, '#', sizeof dst);
                int plain = copy_plain(dst + 8, text, n);
                ck_assert_int_eq(plain, at == n);
                if (plain) ck_assert(memcmp(dst + 8, text, n) == 0);
                for (size_t i = 0; i < 8; i++) ck_assert_int_eq(dst[i], '#');
                for (size_t i = 8 + n; i < sizeof dst; i++) ck_assert_int_eq(dst[i], '#');
            }
}
END_TEST

/* A row longer than the row buffer (4,096 bytes), of cells of every
 * length, some with a tab: written as the cells joined by tabs. */
START_TEST(test_tab_long_row) {
    char *buf = NULL, cell[200];
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_ptr_nonnull(f);
    tab t;
    tab_text(&t, f, GRILLE_FORMAT_TSV);
    gbuf want = {0};
    for (size_t k = 0; k < 120; k++) {
        size_t n = (k * 37) % 190;
        for (size_t i = 0; i < n; i++) cell[i] = (char)('a' + (i + k) % 26);
        if (k % 7 == 3 && n > 2) cell[n / 2] = '\t';
        tab_str(&t, cell, n);
        if (k) ck_assert_int_eq(gbuf_putc(&want, '\t'), 0);
        if (k % 7 == 3 && n > 2) cell[n / 2] = ' '; /* a tab in a cell is written as a space */
        ck_assert_int_eq(gbuf_append(&want, cell, n), 0);
    }
    tab_eol(&t);
    ck_assert_int_eq(gbuf_putc(&want, '\n'), 0);
    ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
    fclose(f);
    ck_assert_uint_gt(want.len, 4096 * 2);
    ck_assert_uint_eq(len, want.len);
    ck_assert(memcmp(buf, want.data, len) == 0);
    free(buf);
    gbuf_free(&want);
}
END_TEST

/* Cells spooled and replayed are the cells written straight. */
static void some_cells(tab *t) {
    tab_head(t, "a");
    tab_head(t, "b\tc");
    tab_eol(t);
    tab_str(t, "x\0y", 3);
    tab_int(t, 42);
    tab_num(t, 0.125, 2);
    tab_num(t, NAN, 2);
    tab_time(t, 3723000);
    tab_time(t, -1);
    tab_empty(t);
    tab_eol(t);
}

START_TEST(test_tab_spool) {
    FILE *direct = tmpfile(), *spool = tmpfile(), *replayed = tmpfile();
    tab t;
    tab_text(&t, direct, GRILLE_FORMAT_CSV);
    some_cells(&t);
    ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
    tab_spool(&t, spool);
    some_cells(&t);
    ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
    tab_text(&t, replayed, GRILLE_FORMAT_CSV);
    ck_assert_int_eq(tab_replay(spool, &t), GRILLE_OK);
    ck_assert_int_eq(tab_done(&t, NULL, "x"), GRILLE_OK);
    long n = ftell(direct);
    ck_assert_int_gt(n, 10);
    ck_assert_int_eq(ftell(replayed), n);
    char *a = calloc(2, (size_t)n), *b = a + n;
    rewind(direct);
    rewind(replayed);
    ck_assert_uint_eq(fread(a, 1, (size_t)n, direct), (size_t)n);
    ck_assert_uint_eq(fread(b, 1, (size_t)n, replayed), (size_t)n);
    ck_assert_int_eq(memcmp(a, b, (size_t)n), 0);
    free(a);
    /* a spool cut short is an error, not a short table */
    fflush(spool);
    ck_assert_int_eq(ftruncate(fileno(spool), 5), 0);
    tab_text(&t, replayed, GRILLE_FORMAT_CSV);
    ck_assert_int_eq(tab_replay(spool, &t), GRILLE_EIO);
    tab_done(&t, NULL, "x");
    fclose(direct);
    fclose(spool);
    fclose(replayed);
}
END_TEST

/* The codebook's document built a coding at a time, each freed after its
 * add, is the one written from the whole run; the best examples win
 * whatever their order (the third document's sentence, with more
 * matches, pushes out the second's), and without transcripts
 * there is no Examples part. */
static const char *const doc_texts[] = {
    "E : Q ?\nR : Le réseau se réunit souvent dans la commune.\n",
    "E : Q ?\nR : Le réseau des élus se réunit souvent ici.\n",
    "E : Q ?\nR : Le réseau, le réseau des élus et des élus se réunit.\n",
};

static char *doc_of(const grille_codebook *cb, grille_coding **cs, size_t n, int stream) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    grille_error err;
    if (!stream)
        ck_assert_int_eq(grille_codebook_write_doc(f, GRILLE_FORMAT_MARKDOWN, cb, (const grille_coding *const *)cs, n,
                                                   GRILLE_LANG_EN, &err),
                         GRILLE_OK);
    else {
        grille_codebook_doc *d = grille_codebook_doc_new(cb, cs != NULL, &err);
        ck_assert_ptr_nonnull(d);
        for (size_t i = 0; i < n; i++) {
            const grille_document *doc = grille_coding_document(cs[i]);
            ck_assert_int_eq(grille_codebook_doc_add(d, cs[i], &err), GRILLE_OK);
            grille_coding_free(cs[i]);
            grille_document_free((grille_document *)doc);
            cs[i] = NULL;
        }
        ck_assert_int_eq(grille_codebook_doc_write(f, GRILLE_FORMAT_MARKDOWN, d, GRILLE_LANG_EN, &err), GRILLE_OK);
        grille_codebook_doc_free(d);
    }
    fclose(f);
    return buf;
}

static void code_docs(const grille_codebook *cb, grille_coding **cs) {
    grille_error err;
    for (int i = 0; i < 3; i++) {
        char name[16];
        snprintf(name, sizeof name, "x%d.txt", i);
        grille_document *d = grille_document_parse(name, doc_texts[i], strlen(doc_texts[i]), NULL, &err);
        ck_assert_ptr_nonnull(d);
        cs[i] = grille_coding_new(cb, d, &err);
        ck_assert_ptr_nonnull(cs[i]);
    }
}

START_TEST(test_codebook_doc_streaming) {
    grille_codebook *cb = cb_from(cb_xml);
    grille_coding *cs[3];
    code_docs(cb, cs);
    char *whole = doc_of(cb, cs, 3, 0);
    for (int i = 0; i < 3; i++) {
        grille_document *d = (grille_document *)grille_coding_document(cs[i]);
        grille_coding_free(cs[i]);
        grille_document_free(d);
    }
    code_docs(cb, cs);
    char *stream = doc_of(cb, cs, 3, 1);
    ck_assert_str_eq(whole, stream);
    /* réseau: x2 (two matches) comes first; x0 and x1 tie (one match),
     * x0 came first and stays, x1 falls out */
    const char *r = strstr(stream, "Réseau"), *e = strstr(stream, "## 2. Élus");
    ck_assert_ptr_nonnull(r);
    ck_assert_ptr_nonnull(e);
    const char *x2 = strstr(r, "— x2"), *x0 = strstr(r, "— x0"), *x1 = strstr(r, "— x1");
    ck_assert(x2 && x0 && x2 < x0 && x0 < e);
    ck_assert(x1 > e);
    char *none = doc_of(cb, NULL, 0, 1);
    ck_assert_ptr_null(strstr(none, "Examples"));
    ck_assert_ptr_nonnull(strstr(whole, "Examples"));
    free(whole);
    free(stream);
    free(none);
    ck_assert_ptr_null(grille_codebook_doc_new(NULL, 1, NULL));
    ck_assert_int_eq(grille_codebook_doc_add(NULL, NULL, NULL), GRILLE_EUSAGE);
    grille_codebook_doc_free(NULL);
    grille_codebook_free(cb);
}
END_TEST

/* The corpus written a document at a time, each freed after its add, is
 * the one written from the whole run; a variable renamed is warned of
 * once, not once a document. */
static void count_warning(void *ctx, const grille_error *w) {
    (void)w;
    ++*(int *)ctx;
}

START_TEST(test_iramuteq_streaming) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"p\" label=\"P\"><word>pilotage</word></theme>" CB_TAIL);
    static const char *const texts[] = {"---\ntype: EI\nloc: Lyon\n---\nE : Et alors ?\nCoordinatrice : Le pilotage.\n",
                                        "---\ntype: EC\nloc: Brest\n---\nE : Et alors ?\nÉlue : Rien *ici*.\n"};
    grille_error err;
    grille_document *docs[2];
    grille_coding *cs[2];
    for (int i = 0; i < 2; i++) {
        docs[i] = doc_from(texts[i]);
        cs[i] = grille_coding_new(cb, docs[i], &err);
    }
    int warned = 0;
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_export_iramuteq(f, cb, (const grille_coding *const *)cs, 2, count_warning, &warned, &err),
                     GRILLE_OK);
    ck_assert_int_eq(warned, 1);
    long n = ftell(f);
    rewind(f);
    char *whole = calloc((size_t)n + 1, 1);
    ck_assert_uint_eq(fread(whole, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    for (int i = 0; i < 2; i++) {
        grille_coding_free(cs[i]);
        grille_document_free(docs[i]);
    }
    warned = 0;
    f = tmpfile();
    grille_iramuteq *w = grille_iramuteq_new(f, cb, count_warning, &warned, &err);
    ck_assert_ptr_nonnull(w);
    for (int i = 0; i < 2; i++) {
        grille_document *d = doc_from(texts[i]);
        grille_coding *c = grille_coding_new(cb, d, &err);
        ck_assert_int_eq(grille_iramuteq_add(w, c, &err), GRILLE_OK);
        grille_coding_free(c);
        grille_document_free(d);
    }
    ck_assert_int_eq(grille_iramuteq_close(w, &err), GRILLE_OK);
    ck_assert_int_eq(warned, 1);
    n = ftell(f);
    rewind(f);
    char *stream = calloc((size_t)n + 1, 1);
    ck_assert_uint_eq(fread(stream, 1, (size_t)n, f), (size_t)n);
    fclose(f);
    ck_assert_str_eq(stream, whole);
    ck_assert_str_eq(stream, "**** *doc_mem *type_ei *vloc_lyon *loc_coordinatrice *thp_1\nLe pilotage.\n"
                             "**** *doc_mem *type_ec *vloc_brest *loc_elue *thp_0\nRien  ici .\n");
    free(whole);
    free(stream);
    ck_assert_ptr_null(grille_iramuteq_new(NULL, cb, NULL, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_int_eq(grille_iramuteq_add(NULL, NULL, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_iramuteq_close(NULL, &err), GRILLE_OK);
    grille_iramuteq_free(NULL);
    grille_codebook_free(cb);
}
END_TEST

/* A transcript of one line at path. */
static void write_transcript(const char *path) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs("x\n", f);
    fclose(f);
}

START_TEST(test_corpus) {
    char dir[] = "/tmp/grille-corpus-XXXXXX";
    ck_assert_ptr_nonnull(mkdtemp(dir));
    char p[256];
    snprintf(p, sizeof p, "%s/sub", dir);
    mkdir(p, 0755);
    snprintf(p, sizeof p, "%s/.hidden", dir);
    mkdir(p, 0755);
    const char *files[] = {"b.txt", "a.txt", "sub/c.txt", ".hidden/x.txt", "README.md", "LICENSE"};
    for (size_t i = 0; i < 6; i++) {
        snprintf(p, sizeof p, "%s/%s", dir, files[i]);
        write_transcript(p);
    }
    grille_error err;
    const char *paths[] = {dir};
    grille_corpus *c = grille_corpus_new(paths, 1, &err);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(grille_corpus_file_count(c), 3);
    ck_assert_str_eq(grille_corpus_file_id(c, 0), "a");
    ck_assert_str_eq(grille_corpus_file_id(c, 1), "b");
    ck_assert_str_eq(grille_corpus_file_id(c, 2), "sub/c");
    grille_corpus_free(c);
    /* the same file twice gives two documents with one id: refused */
    snprintf(p, sizeof p, "%s/a.txt", dir);
    const char *twice[] = {p, p};
    ck_assert_ptr_null(grille_corpus_new(twice, 2, &err));
    ck_assert_str_eq(err.message, "this transcript is given twice");
    /* two ids given twice (a, b, b, a): the first file whose id comes
     * again is named with the file where it comes again */
    char pa[256], pb[256], pb2[256], pa2[256], want[600];
    snprintf(pa, sizeof pa, "%s/a.txt", dir);
    snprintf(pb, sizeof pb, "%s/b.txt", dir);
    snprintf(pb2, sizeof pb2, "%s/sub/b.txt", dir);
    snprintf(pa2, sizeof pa2, "%s/sub/a.txt", dir);
    write_transcript(pb2);
    write_transcript(pa2);
    const char *clash[] = {pa, pb, pb2, pa2};
    ck_assert_ptr_null(grille_corpus_new(clash, 4, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_str_eq(err.file, pa2);
    snprintf(want, sizeof want, "two transcripts get the id 'a' (the other is %s): rename one", pa);
    ck_assert_str_eq(err.message, want);
    const char *clash2[] = {pb, pa, pb2};
    ck_assert_ptr_null(grille_corpus_new(clash2, 3, &err));
    ck_assert_str_eq(err.file, pb2);
    /* an id three times: where it comes again first */
    char pa3[256];
    snprintf(p, sizeof p, "%s/sub2", dir);
    mkdir(p, 0755);
    snprintf(pa3, sizeof pa3, "%s/sub2/a.txt", dir);
    write_transcript(pa3);
    const char *thrice[] = {pa, pb, pa2, pa3};
    ck_assert_ptr_null(grille_corpus_new(thrice, 4, &err));
    ck_assert_str_eq(err.file, pa2);
    const char *none[] = {"/nonexistent-dir"};
    ck_assert_ptr_null(grille_corpus_new(none, 1, &err));
    ck_assert_int_eq(err.code, GRILLE_EIO);
    char cmd[300];
    snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
    ck_assert_int_eq(system(cmd), 0);
}
END_TEST

/* A stream every write to which fails: /dev/full unbuffered (each write
 * fails at once with ENOSPC, as a full disk), else a FILE over one byte
 * of memory (fails when it flushes). */
static char one_byte[1];
static FILE *failing_stream(int which) {
    FILE *f = which == 0 ? fopen("/dev/full", "w") : NULL;
    if (f) setvbuf(f, NULL, _IONBF, 0);
    else f = fmemopen(one_byte, sizeof one_byte, "w");
    ck_assert_ptr_nonnull(f);
    return f;
}

/* rc is GRILLE_EIO and err says what could not be written (and, on
 * /dev/full, why). */
static void assert_write_error(int rc, const grille_error *err, const char *what, int which) {
    ck_assert_int_eq(rc, GRILLE_EIO);
    ck_assert_int_eq(err->code, GRILLE_EIO);
    ck_assert_msg(strncmp(err->message, what, strlen(what)) == 0, "'%s' does not start with '%s'", err->message, what);
    if (which == 0) ck_assert_ptr_nonnull(strstr(err->message, strerror(ENOSPC)));
}

START_TEST(test_writers_failing_stream) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"a\" label=\"a\"><word>alpha</word></theme>"
                                          "<theme id=\"b\" label=\"b\"><word>beta</word></theme>" CB_TAIL);
    grille_document *d = doc_from("E : Et alors ?\nR : Alpha. Rien. Beta. Alpha beta.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_coding *cs[] = {c};
    const grille_document *ds[] = {d};
    grille_matrix *m = grille_matrix_new(cb, cs, 1, NULL, &err);
    grille_cooc *co = grille_cooc_new(cb, cs, 1, 0, 0, &err);
    grille_stats *st = grille_stats_new(cb, cs, 1, NULL, &err);
    ck_assert_ptr_nonnull(m);
    ck_assert_ptr_nonnull(co);
    ck_assert_ptr_nonnull(st);
    for (int which = 0; which < 2; which++) {
        FILE *f;
#define FAILS(call, what)                            \
    do {                                             \
        f = failing_stream(which);                   \
        memset(&err, 0, sizeof err);                 \
        assert_write_error(call, &err, what, which); \
        fclose(f);                                   \
    } while (0)
        FAILS(grille_coding_write_header(f, GRILLE_FORMAT_TSV, &err), "cannot write the segments");
        FAILS(grille_coding_write(f, GRILLE_FORMAT_JSONL, c, &err), "cannot write the segments");
        FAILS(grille_document_write_speakers(f, GRILLE_FORMAT_CSV, ds, 1, GRILLE_SPEAKERS_ALL, &err),
              "cannot write the speakers");
        FAILS(grille_matrix_write(f, GRILLE_FORMAT_MARKDOWN, m, &err), "cannot write the matrix");
        FAILS(grille_cooc_write(f, GRILLE_FORMAT_TSV, co, 0, &err), "cannot write the co-occurrences");
        FAILS(grille_stats_write(f, GRILLE_FORMAT_TSV, st, &err), "cannot write the rule statistics");
        FAILS(grille_kwic_write_header(f, GRILLE_FORMAT_TSV, &err), "cannot write the concordance");
        FAILS(grille_kwic_write(f, GRILLE_FORMAT_TSV, cb, c, GRILLE_NONE, 3, &err), "cannot write the concordance");
        FAILS(grille_gold_template_write(f, GRILLE_FORMAT_TSV, cb, cs, 1, 0, &err), "cannot write the gold template");
        FAILS(grille_codebook_write_doc(f, GRILLE_FORMAT_HTML, cb, cs, 1, GRILLE_LANG_FR, &err),
              "cannot write the codebook document");
        FAILS(grille_export_iramuteq(f, cb, cs, 1, NULL, NULL, &err), "cannot write the Iramuteq corpus");
#undef FAILS
    }
    /* NULL err is accepted by every writer, here on a failing stream */
    FILE *f = failing_stream(1);
    ck_assert_int_eq(grille_matrix_write(f, GRILLE_FORMAT_CSV, m, NULL), GRILLE_EIO);
    ck_assert_int_eq(grille_coding_write(f, GRILLE_FORMAT_TSV, c, NULL), GRILLE_EIO);
    fclose(f);
    grille_stats_free(st);
    grille_cooc_free(co);
    grille_matrix_free(m);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

/* Usage errors name what could not be written and what was wrong. */
START_TEST(test_writers_usage_messages) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"a\" label=\"a\"><word>alpha</word></theme>" CB_TAIL);
    grille_document *d = doc_from("R : Alpha.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, d, &err);
    const grille_coding *cs[] = {c};
    grille_matrix *m = grille_matrix_new(cb, cs, 1, NULL, &err);
    FILE *f = tmpfile();
    ck_assert_int_eq(grille_matrix_write(f, GRILLE_FORMAT_XLSX, m, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the matrix: this writer does not write the format XLSX");
    ck_assert_int_eq(grille_matrix_write(NULL, GRILLE_FORMAT_CSV, m, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the matrix: no output stream");
    ck_assert_int_eq(grille_matrix_write(f, GRILLE_FORMAT_CSV, NULL, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the matrix: no matrix");
    ck_assert_int_eq(grille_coding_write(f, GRILLE_FORMAT_MARKDOWN, c, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the segments: this writer does not write the format Markdown");
    ck_assert_int_eq(grille_codebook_write_doc(f, GRILLE_FORMAT_CSV_EXCEL, cb, NULL, 0, GRILLE_LANG_EN, &err),
                     GRILLE_EUSAGE);
    ck_assert_str_eq(err.message,
                     "cannot write the codebook document: this writer does not write the format CSV for Excel");
    ck_assert_int_eq(grille_gold_template_write(f, GRILLE_FORMAT_JSONL, cb, cs, 1, 0, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the gold template: this writer does not write the format JSON Lines");
    ck_assert_int_eq(grille_kwic_write(f, GRILLE_FORMAT_TSV, cb, NULL, GRILLE_NONE, 3, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the concordance: no coding");
    ck_assert_int_eq(ftell(f), 0); /* nothing written */
    /* the sheet writers: no workbook */
    ck_assert_int_eq(grille_matrix_write_sheet(NULL, "m", m, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the matrix: no workbook");
    ck_assert_int_eq(grille_codebook_write_sheets(NULL, cb, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the codebook: no workbook");
    ck_assert_int_eq(grille_coding_write_sheet(NULL, NULL, cs, 1, NULL), GRILLE_EUSAGE);
    /* a sheet writer's error is the workbook's, and err holds it */
    const char *path = "/tmp/grille-check-usage.xlsx";
    grille_workbook *wb = grille_workbook_new(path, &err);
    ck_assert_ptr_nonnull(wb);
    tab t;
    ck_assert_int_eq(tab_sheet(&t, wb, "full", NULL), GRILLE_OK);
    t.row = 1048576;
    tab_int(&t, 1);
    ck_assert_int_eq(tab_done(&t, NULL, "test"), GRILLE_ELIMIT);
    ck_assert_int_eq(grille_matrix_write_sheet(wb, "m", m, &err), GRILLE_ELIMIT);
    ck_assert_ptr_nonnull(strstr(err.message, "1,048,576"));
    ck_assert_int_eq(grille_workbook_close(wb, NULL), GRILLE_ELIMIT);
    remove(path);
    fclose(f);
    grille_matrix_free(m);
    grille_coding_free(c);
    grille_document_free(d);
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("output");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_segment_formats);
    tcase_add_test(tc, test_segment_tsv_cells);
    tcase_add_test(tc, test_segments_threads_apart);
    tcase_add_test(tc, test_matrix);
    tcase_add_test(tc, test_corpus);
    tcase_add_test(tc, test_matrix_measures);
    tcase_add_test(tc, test_cooc_window);
    tcase_add_test(tc, test_kwic);
#ifdef GRILLE_WITH_SQLITE
    tcase_add_test(tc, test_sqlite);
    tcase_add_test(tc, test_sqlite_streaming);
#endif
    tcase_add_test(tc, test_iramuteq);
    tcase_add_test(tc, test_iramuteq_streaming);
    tcase_add_test(tc, test_segments_sheet_streaming);
    tcase_add_test(tc, test_xlsx_streaming);
    tcase_add_test(tc, test_tab_spool);
    tcase_add_test(tc, test_tab_numbers);
    tcase_add_test(tc, test_tab_text_cells);
    tcase_add_test(tc, test_copy_plain);
    tcase_add_test(tc, test_tab_long_row);
    tcase_add_test(tc, test_json_strings);
    tcase_add_test(tc, test_codebook_doc_streaming);
    tcase_add_test(tc, test_workbook_names);
    tcase_add_test(tc, test_workbook_limits);
    tcase_add_test(tc, test_writers_failing_stream);
    tcase_add_test(tc, test_writers_usage_messages);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

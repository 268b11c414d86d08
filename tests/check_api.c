/* check_api.c - the public API's edges: a NULL handle, a NULL output and
 * an index out of range get the answer the header gives (NULL, 0,
 * GRILLE_EUSAGE, -1), never a crash or a read past an array.  Bindings and
 * the CLI call these with whatever they have; the answers are part of
 * the API. */
#include "testutil.h"
#include <stddef.h>
#include <unistd.h>

static grille_codebook *cb;
static grille_document *doc;
static grille_coding *coding;

static void setup(void) {
    grille_error err;
    cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert(cb != NULL);
    doc = grille_document_load(data_path("transcripts/ei-test.txt"), NULL, &err);
    ck_assert(doc != NULL);
    coding = grille_coding_new(cb, doc, &err);
    ck_assert(coding != NULL);
}

static void teardown(void) {
    grille_coding_free(coding);
    grille_document_free(doc);
    grille_codebook_free(cb);
}

#define BIG ((size_t)1 << 40)

START_TEST(test_document_edges) {
    const char *k, *v;
    grille_unit u;
    grille_speaker_info si;
    ck_assert_ptr_null(grille_document_id(NULL));
    ck_assert_ptr_null(grille_document_name(NULL));
    ck_assert_ptr_null(grille_document_text(NULL));
    ck_assert_uint_eq(grille_document_size(NULL), 0);
    ck_assert_ptr_null(grille_document_format(NULL));
    ck_assert_uint_eq(grille_document_warning_count(NULL), 0);
    ck_assert_ptr_null(grille_document_warning_get(NULL, 0));
    ck_assert_ptr_null(grille_document_warning_get(doc, BIG));
    ck_assert_uint_eq(grille_document_variable_count(NULL), 0);
    ck_assert_int_eq(grille_document_variable_get(NULL, 0, &k, &v), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_variable_get(doc, BIG, &k, &v), GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_document_variable_lookup(NULL, "type"));
    ck_assert_ptr_null(grille_document_variable_lookup(doc, NULL));
    ck_assert_uint_eq(grille_document_unit_count(NULL, GRILLE_UNIT_TURN), 0);
    ck_assert_int_eq(grille_document_unit_get(NULL, GRILLE_UNIT_TURN, 0, &u), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_unit_get(doc, GRILLE_UNIT_SENTENCE, BIG, &u), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_unit_get(doc, GRILLE_UNIT_TURN, 0, NULL), GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_document_turn_speaker(NULL, 0));
    ck_assert_ptr_null(grille_document_turn_speaker(doc, BIG));
    ck_assert_int_eq(grille_document_turn_is_interviewer(NULL, 0), 0);
    ck_assert_int_eq(grille_document_turn_is_interviewer(doc, BIG), 0);
    ck_assert_int_eq(grille_document_turn_time(NULL, 0), -1);
    ck_assert_int_eq(grille_document_turn_time(doc, BIG), -1);
    ck_assert_uint_eq(grille_document_speaker_count(NULL), 0);
    ck_assert_int_eq(grille_document_speaker_get(NULL, 0, &si), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_speaker_get(doc, BIG, &si), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_speaker_get(doc, 0, NULL), GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_document_speaker_lookup(NULL, 0, "role"));
    ck_assert_ptr_null(grille_document_speaker_lookup(doc, BIG, "role"));
    ck_assert_ptr_null(grille_document_speaker_lookup(doc, 0, NULL));
}
END_TEST

START_TEST(test_codebook_edges) {
    grille_theme_info ti;
    grille_rule_info ri;
    char guid[37];
    ck_assert_ptr_null(grille_codebook_id(NULL));
    ck_assert_ptr_null(grille_codebook_title(NULL));
    ck_assert_int_eq(grille_codebook_unit(NULL), GRILLE_UNIT_SENTENCE);
    ck_assert_uint_eq(grille_codebook_theme_count(NULL), 0);
    ck_assert_int_eq(grille_codebook_theme_get(NULL, 0, &ti), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_codebook_theme_get(cb, BIG, &ti), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_codebook_theme_get(cb, 0, NULL), GRILLE_EUSAGE);
    ck_assert_uint_eq(grille_codebook_theme_find(NULL, "reseau"), GRILLE_NONE);
    ck_assert_uint_eq(grille_codebook_theme_find(cb, NULL), GRILLE_NONE);
    ck_assert_uint_eq(grille_codebook_theme_find(cb, "nothing"), GRILLE_NONE);
    ck_assert_uint_eq(grille_codebook_rule_count(NULL), 0);
    ck_assert_int_eq(grille_codebook_rule_get(NULL, 0, &ri), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_codebook_rule_get(cb, BIG, &ri), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_codebook_rule_get(cb, 0, NULL), GRILLE_EUSAGE);
    ck_assert_uint_eq(grille_codebook_rule_find(NULL, "x"), GRILLE_NONE);
    ck_assert_uint_eq(grille_codebook_rule_find(cb, NULL), GRILLE_NONE);
    /* without REFI (configure --without-refi), test_not_built's */
    int refi = grille_has_feature(GRILLE_FEATURE_REFI) ? GRILLE_EUSAGE : GRILLE_ENOTBUILT;
    ck_assert_int_eq(grille_refi_theme_guid(NULL, 0, guid), refi);
    ck_assert_int_eq(grille_refi_theme_guid(cb, BIG, guid), refi);
    ck_assert_uint_eq(grille_diagnostics_count(NULL), 0);
    ck_assert_ptr_null(grille_diagnostics_get(NULL, 0, NULL));
}
END_TEST

START_TEST(test_coding_edges) {
    grille_error err;
    grille_token t;
    ck_assert_uint_eq(grille_coding_segment_count(NULL), 0);
    ck_assert_ptr_null(grille_coding_segment_get(NULL, 0));
    ck_assert_ptr_null(grille_coding_segment_get(coding, BIG));
    ck_assert_uint_eq(grille_coding_unit_count(NULL), 0);
    ck_assert_uint_eq(grille_coding_word_count(NULL), 0);
    ck_assert_ptr_null(grille_coding_document(NULL));
    ck_assert_ptr_null(grille_coding_new(NULL, doc, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_ptr_null(grille_coding_new(cb, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    grille_tokens *toks = grille_tokens_new(NULL, doc, &err); /* NULL: the default settings */
    ck_assert_uint_gt(grille_tokens_count(toks), 10);
    ck_assert_int_eq(grille_tokens_get(toks, BIG, &t), GRILLE_EUSAGE);
    grille_tokens_free(toks);
    ck_assert_ptr_null(grille_tokens_new(cb, NULL, &err));
    ck_assert_uint_eq(grille_tokens_count(NULL), 0);
    ck_assert_int_eq(grille_tokens_get(NULL, 0, &t), GRILLE_EUSAGE);
}
END_TEST

START_TEST(test_writers_refuse_null) {
    grille_error err;
    FILE *f = tmpfile();
    const grille_coding *cs[] = {coding};
    ck_assert_int_eq(grille_coding_write(NULL, GRILLE_FORMAT_TSV, coding, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_coding_write(f, GRILLE_FORMAT_TSV, NULL, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_write_speakers(NULL, GRILLE_FORMAT_TSV, NULL, 0, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_write_speakers(f, GRILLE_FORMAT_TSV, NULL, 1, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_document_write_speakers(f, GRILLE_FORMAT_JSONL, NULL, 0, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_speakers_write_header(NULL, GRILLE_FORMAT_TSV, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_speakers_write_header(f, GRILLE_FORMAT_JSONL, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_speakers_write_document(NULL, GRILLE_FORMAT_TSV, doc, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_speakers_write_document(f, GRILLE_FORMAT_TSV, NULL, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_speakers_write_document(f, GRILLE_FORMAT_XLSX, doc, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_matrix_write(NULL, GRILLE_FORMAT_CSV, NULL, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_cooc_write(f, GRILLE_FORMAT_CSV, NULL, 0, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_kwic_write(f, GRILLE_FORMAT_TSV, NULL, coding, GRILLE_NONE, 5, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_kwic_write(f, GRILLE_FORMAT_JSONL, cb, coding, GRILLE_NONE, 5, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_gold_template_write(f, GRILLE_FORMAT_MARKDOWN, cb, cs, 1, 0, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_gold_template_write(f, GRILLE_FORMAT_TSV, NULL, cs, 1, 0, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_gold_template_write(f, GRILLE_FORMAT_TSV, cb, NULL, 1, 0, NULL), GRILLE_EUSAGE);
    int refi = grille_has_feature(GRILLE_FEATURE_REFI) ? GRILLE_EUSAGE : GRILLE_ENOTBUILT;
    ck_assert_int_eq(grille_refi_write_qdc(NULL, cb, NULL, &err), refi);
    ck_assert_int_eq(grille_refi_write_qdc(f, NULL, NULL, &err), refi);
    ck_assert_int_eq(grille_refi_import_codebook(NULL, f, &err), refi);
    ck_assert_int_eq(grille_refi_import_gold(NULL, f, NULL, &err), refi);
    ck_assert_int_eq(grille_eval_write(f, GRILLE_FORMAT_TSV, NULL, 0, GRILLE_LANG_EN, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_suggest_write(f, GRILLE_FORMAT_TSV, NULL, GRILLE_LANG_EN, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_suggest_write_xml(f, NULL, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_diff_write(f, GRILLE_FORMAT_TSV, NULL, GRILLE_LANG_EN, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_stats_write(f, GRILLE_FORMAT_TSV, NULL, &err), GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "cannot write the rule statistics: no statistics");
    ck_assert_int_eq(grille_kwic_write_header(NULL, GRILLE_FORMAT_TSV, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(ftell(f), 0); /* nothing written */
    fclose(f);
}
END_TEST

/* The writers that took a grille_error before the others: a stream that
 * fails (one byte of room) is an error that says what failed. */
START_TEST(test_writers_failing_stream) {
    static char one[1];
    grille_error err;
    const grille_coding *cs[] = {coding};
    FILE *f = fmemopen(one, sizeof one, "w");
    ck_assert_int_eq(grille_note_write_codings(f, GRILLE_FORMAT_MARKDOWN, cb, cs, 1, NULL, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the note"));
    fclose(f);
    f = fmemopen(one, sizeof one, "w");
    ck_assert_int_eq(grille_review_write(f, cb, cs, 1, NULL, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the review page"));
    fclose(f);
    f = fmemopen(one, sizeof one, "w");
    ck_assert_int_eq(grille_review_write(f, cb, cs, 1, NULL, NULL), GRILLE_EIO);
    fclose(f);
    f = fmemopen(one, sizeof one, "w");
    ck_assert_int_eq(grille_speakers_write_header(f, GRILLE_FORMAT_TSV, &err), GRILLE_EIO);
    ck_assert_ptr_nonnull(strstr(err.message, "cannot write the speakers"));
    fclose(f);
    f = fmemopen(one, sizeof one, "w");
    ck_assert_int_eq(grille_speakers_write_document(f, GRILLE_FORMAT_TSV, doc, GRILLE_SPEAKERS_ALL, &err), GRILLE_EIO);
    fclose(f);
    if (grille_has_feature(GRILLE_FEATURE_REFI)) {
        f = fmemopen(one, sizeof one, "w");
        ck_assert_int_eq(grille_refi_write_qdc(f, cb, NULL, &err), GRILLE_EIO);
        ck_assert_ptr_nonnull(strstr(err.message, "cannot write"));
        fclose(f);
    }
}
END_TEST

/* The speakers' table a document at a time is the whole table, byte for
 * byte, in each format (CSV's byte order mark with --excel's format
 * included). */
START_TEST(test_speakers_by_document) {
    grille_error err;
    grille_document *other = grille_document_load(data_path("transcripts/ec-test.txt"), NULL, &err);
    ck_assert_ptr_nonnull(other);
    const grille_document *ds[] = {doc, other};
    const grille_format fmts[] = {GRILLE_FORMAT_TSV, GRILLE_FORMAT_CSV, GRILLE_FORMAT_MARKDOWN,
                                  GRILLE_FORMAT_CSV_EXCEL};
    for (size_t i = 0; i < sizeof fmts / sizeof *fmts; i++) {
        char *whole = NULL, *parts = NULL;
        size_t whole_len = 0, parts_len = 0;
        FILE *f = open_memstream(&whole, &whole_len);
        ck_assert_int_eq(grille_document_write_speakers(f, fmts[i], ds, 2, GRILLE_SPEAKERS_RESPONDENTS, &err),
                         GRILLE_OK);
        fclose(f);
        f = open_memstream(&parts, &parts_len);
        ck_assert_int_eq(grille_speakers_write_header(f, fmts[i], &err), GRILLE_OK);
        for (size_t d = 0; d < 2; d++)
            ck_assert_int_eq(grille_speakers_write_document(f, fmts[i], ds[d], GRILLE_SPEAKERS_RESPONDENTS, &err),
                             GRILLE_OK);
        fclose(f);
        ck_assert_uint_gt(whole_len, 100);
        ck_assert_uint_eq(parts_len, whole_len);
        ck_assert_msg(memcmp(parts, whole, whole_len) == 0, "format %d:\n%s\n---\n%s", (int)fmts[i], whole, parts);
        free(whole);
        free(parts);
    }
    grille_document_free(other);
}
END_TEST

/* The gold template a coding at a time is the whole table, byte for
 * byte, at both levels and in each format. */
START_TEST(test_template_by_coding) {
    grille_error err;
    grille_document *other = grille_document_load(data_path("transcripts/ec-test.txt"), NULL, &err);
    ck_assert_ptr_nonnull(other);
    grille_coding *second = grille_coding_new(cb, other, &err);
    ck_assert_ptr_nonnull(second);
    const grille_coding *cs[] = {coding, second};
    const grille_format fmts[] = {GRILLE_FORMAT_TSV, GRILLE_FORMAT_CSV, GRILLE_FORMAT_CSV_EXCEL};
    for (size_t i = 0; i < 2 * sizeof fmts / sizeof *fmts; i++) {
        grille_format fmt = fmts[i / 2];
        unsigned flags = i % 2 ? GRILLE_TEMPLATE_LEAVES : 0;
        char *whole = NULL, *parts = NULL;
        size_t whole_len = 0, parts_len = 0;
        FILE *f = open_memstream(&whole, &whole_len);
        ck_assert_int_eq(grille_gold_template_write(f, fmt, cb, cs, 2, flags, &err), GRILLE_OK);
        fclose(f);
        f = open_memstream(&parts, &parts_len);
        ck_assert_int_eq(grille_gold_template_write_header(f, fmt, cb, flags, &err), GRILLE_OK);
        for (size_t d = 0; d < 2; d++)
            ck_assert_int_eq(grille_gold_template_write_coding(f, fmt, cb, cs[d], flags, &err), GRILLE_OK);
        fclose(f);
        ck_assert_uint_gt(whole_len, 200);
        ck_assert_uint_eq(parts_len, whole_len);
        ck_assert_msg(memcmp(parts, whole, whole_len) == 0, "format %d, flags %u", (int)fmt, flags);
        free(whole);
        free(parts);
    }
    ck_assert_int_eq(grille_gold_template_write_header(NULL, GRILLE_FORMAT_TSV, cb, 0, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_gold_template_write_header(stdout, GRILLE_FORMAT_MARKDOWN, cb, 0, NULL), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_gold_template_write_coding(stdout, GRILLE_FORMAT_TSV, NULL, coding, 0, NULL),
                     GRILLE_EUSAGE);
    ck_assert_int_eq(grille_gold_template_write_coding(stdout, GRILLE_FORMAT_TSV, cb, NULL, 0, NULL), GRILLE_EUSAGE);
    grille_coding_free(second);
    grille_document_free(other);
}
END_TEST

START_TEST(test_result_objects_null) {
    grille_agreement a;
    grille_gold_span gs;
    grille_rule_stats rs;
    grille_suggestion sg;
    double share = 1;
    ck_assert_uint_eq(grille_matrix_column_count(NULL), 0);
    ck_assert_ptr_null(grille_matrix_column_name(NULL, 0));
    ck_assert_uint_eq(grille_matrix_cell(NULL, 0, 0), 0);
    ck_assert_uint_eq(grille_matrix_column_units(NULL, 0), 0);
    ck_assert_uint_eq(grille_cooc_cell(NULL, 0, 0), 0);
    ck_assert(grille_cooc_jaccard(NULL, 0, 0) == 0);
    ck_assert_str_eq(grille_gold_name(NULL), "gold"); /* what messages call it */
    ck_assert_uint_eq(grille_gold_count(NULL), 0);
    ck_assert_int_eq(grille_gold_get(NULL, 0, &gs), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_eval_theme_get(NULL, 0, &a), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_eval_overall(NULL, &a), GRILLE_EUSAGE);
    ck_assert_uint_eq(grille_eval_document_count(NULL), 0);
    ck_assert_uint_eq(grille_eval_spans_outside(NULL), 0);
    ck_assert_uint_eq(grille_suggest_count(NULL, "reseau"), 0);
    ck_assert_int_eq(grille_suggest_get(NULL, "reseau", 0, &sg), GRILLE_EUSAGE);
    ck_assert_uint_eq(grille_diff_max_lost(NULL, &share), 0);
    ck_assert_uint_eq(grille_diff_change_count(NULL), 0);
    ck_assert_int_eq(grille_stats_rule_get(NULL, 0, &rs), GRILLE_EUSAGE);
    ck_assert_uint_eq(grille_stats_units(NULL), 0);
    ck_assert_uint_eq(grille_stats_theme_units(NULL, 0), 0);
    ck_assert_uint_eq(grille_corpus_file_count(NULL), 0);
    ck_assert_ptr_null(grille_corpus_file_path(NULL, 0));
    ck_assert_ptr_null(grille_corpus_file_id(NULL, 0));
    ck_assert_uint_eq(grille_corpus_skipped_count(NULL), 0);
    ck_assert_ptr_null(grille_corpus_skipped_get(NULL, 0, NULL));
    ck_assert_ptr_null(grille_table_name(NULL));
    ck_assert_uint_eq(grille_table_row_count(NULL), 0);
    ck_assert_ptr_null(grille_table_row_key(NULL, 0));
    ck_assert_uint_eq(grille_table_row_line(NULL, 0), 0);
    ck_assert_ptr_null(grille_table_row_speaker(NULL, 0));
    ck_assert_uint_eq(grille_table_warning_count(NULL), 0);
    ck_assert_ptr_null(grille_table_warning_get(NULL, 0));
    ck_assert_int_eq(grille_table_row_matches(NULL, 0, doc), 0);
    ck_assert_int_eq(grille_table_row_speaks(NULL, 0, doc), 0);
    ck_assert_uint_eq(grille_lexicon_lookup(NULL, "a", 1, NULL, 0), 0);
}
END_TEST

/* Each error code has a message of its own, unknown codes one too; an
 * error formats as file:line:column: message, cut to the buffer. */
START_TEST(test_errors) {
    const char *seen[16];
    int n = 0;
    for (int code = GRILLE_ENOTBUILT; code <= GRILLE_OK; code++) {
        const char *m = grille_strerror(code);
        ck_assert_msg(m && *m, "code %d has no message", code);
        for (int k = 0; k < n; k++) ck_assert_msg(strcmp(seen[k], m) != 0, "code %d repeats '%s'", code, m);
        seen[n++] = m;
    }
    ck_assert_str_eq(grille_strerror(GRILLE_ENOMEM), "out of memory");
    ck_assert_str_eq(grille_strerror(-99), "unknown error");
    ck_assert_str_eq(grille_strerror(1), "unknown error");

    grille_error e = {0};
    char buf[64];
    e.code = GRILLE_EXML;
    ck_assert_str_eq(grille_error_format(&e, buf, sizeof buf), "malformed XML"); /* no file, no message */
    snprintf(e.file, sizeof e.file, "cb.xml");
    ck_assert_str_eq(grille_error_format(&e, buf, sizeof buf), "cb.xml: malformed XML");
    e.line = 3;
    ck_assert_str_eq(grille_error_format(&e, buf, sizeof buf), "cb.xml:3: malformed XML");
    e.column = 7;
    snprintf(e.message, sizeof e.message, "unclosed <theme>");
    ck_assert_str_eq(grille_error_format(&e, buf, sizeof buf), "cb.xml:3:7: unclosed <theme>");
    ck_assert_str_eq(grille_error_format(&e, buf, 8), "cb.xml:"); /* cut, still terminated */
    ck_assert_str_eq(grille_error_format(&e, buf, 1), "");
    ck_assert_str_eq(grille_error_format(NULL, buf, sizeof buf), "");
    ck_assert_ptr_null(grille_error_format(&e, NULL, 10));
    buf[0] = 'x';
    ck_assert_ptr_eq(grille_error_format(&e, buf, 0), buf);
    ck_assert_int_eq(buf[0], 'x'); /* nothing written in no room */
}
END_TEST

/* A part left out by configure (--without-sqlite, --without-refi) keeps
 * its functions, which say so; in a build with both, nothing to check. */
START_TEST(test_not_built) {
    grille_error err;
    FILE *f = tmpfile();
    char guid[37] = "x";
    const grille_coding *cs[] = {coding};
    ck_assert_int_eq(grille_has_feature((grille_feature)0), 0);
    if (!grille_has_feature(GRILLE_FEATURE_SQLITE)) {
        ck_assert_int_eq(grille_export_sqlite("/tmp/grille-api-none.sqlite", cb, cs, 1, &err), GRILLE_ENOTBUILT);
        ck_assert_int_eq(err.code, GRILLE_ENOTBUILT);
        ck_assert_str_eq(err.message, "grille was built without SQLite support (configure --without-sqlite)");
        ck_assert_int_eq(access("/tmp/grille-api-none.sqlite", F_OK), -1);
        ck_assert_ptr_null(grille_sqlite_new("/tmp/grille-api-none.sqlite", cb, &err));
        ck_assert_int_eq(err.code, GRILLE_ENOTBUILT);
        ck_assert_int_eq(grille_sqlite_add(NULL, coding, &err), GRILLE_ENOTBUILT);
        ck_assert_int_eq(grille_sqlite_close(NULL, &err), GRILLE_OK);
        ck_assert_int_eq(access("/tmp/grille-api-none.sqlite", F_OK), -1);
    }
    if (!grille_has_feature(GRILLE_FEATURE_REFI)) {
        ck_assert_int_eq(grille_refi_write_qdc(f, cb, NULL, &err), GRILLE_ENOTBUILT);
        ck_assert_str_eq(err.message, "grille was built without REFI-QDA support (configure --without-refi)");
        ck_assert_int_eq(grille_refi_write_qdpx(f, cb, cs, 1, NULL, &err), GRILLE_ENOTBUILT);
        ck_assert_int_eq(grille_refi_import_gold("p.qdpx", f, NULL, &err), GRILLE_ENOTBUILT);
        ck_assert_str_eq(err.file, "p.qdpx");
        ck_assert_int_eq(grille_refi_theme_guid(cb, 0, guid), GRILLE_ENOTBUILT);
        ck_assert_str_eq(guid, "");
        ck_assert_ptr_null(grille_refi_project_new(f, cb, NULL, &err));
        ck_assert_int_eq(err.code, GRILLE_ENOTBUILT);
        ck_assert_int_eq(grille_refi_project_add(NULL, coding, &err), GRILLE_ENOTBUILT);
        ck_assert_int_eq(grille_refi_project_close(NULL, &err), GRILLE_OK);
        grille_refi_project_free(NULL);
        ck_assert_int_eq(ftell(f), 0);
    }
    fclose(f);
}
END_TEST

/* What a writer printed, as a string to free. */
static char *note_text(const grille_note_options *o, int *rc) {
    grille_error err;
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    const grille_coding *cs[] = {coding};
    *rc = grille_note_write_codings(f, GRILLE_FORMAT_MARKDOWN, cb, cs, 1, o, &err);
    fclose(f);
    return buf;
}

/* A program built against an older grille.h passes a smaller options
 * struct: what it knows is read, the fields past its size keep their
 * defaults whatever the memory there holds; a newer program's larger
 * struct is read up to what this library knows; a size of 0 (a struct
 * zero-initialised rather than made with its macro) is refused. */
START_TEST(test_options_size) {
    int rc;
    char *defaults = note_text(NULL, &rc);
    ck_assert_int_eq(rc, GRILLE_OK);
    grille_note_options o = GRILLE_NOTE_OPTIONS_INIT;
    o.quotes = 0; /* past the older size: garbage to this library */
    o.cooccurring = 0;
    o.title = "not read";
    o.min_words = 999;
    o.language = GRILLE_LANG_FR;
    char *full = note_text(&o, &rc);
    ck_assert_int_eq(rc, GRILLE_OK);
    ck_assert_str_ne(full, defaults);               /* the fields do change the note */
    o.size = offsetof(grille_note_options, quotes); /* size and by_variable only */
    char *older = note_text(&o, &rc);
    ck_assert_int_eq(rc, GRILLE_OK);
    ck_assert_str_eq(older, defaults);
    free(full);
    free(older);

    /* the same through a reader's options: a max_bytes of 1 past the size is not read */
    grille_error err;
    grille_read_options r = GRILLE_READ_OPTIONS_INIT;
    r.id = "older";
    r.encoding = "no-such-encoding";
    r.max_bytes = 1;
    ck_assert_ptr_null(grille_document_load(data_path("transcripts/ei-test.txt"), &r, &err));
    r.size = offsetof(grille_read_options, encoding);
    grille_document *d = grille_document_load(data_path("transcripts/ei-test.txt"), &r, &err);
    ck_assert_msg(d != NULL, "%s", err.message);
    ck_assert_str_eq(grille_document_id(d), "older");
    grille_document_free(d);

    struct newer {
        grille_read_options known;
        const char *unknown;
    } w = {GRILLE_READ_OPTIONS_INIT, "a field of a later grille.h"};
    w.known.size = sizeof w;
    w.known.id = "newer";
    d = grille_document_load(data_path("transcripts/ei-test.txt"), &w.known, &err);
    ck_assert_msg(d != NULL, "%s", err.message);
    ck_assert_str_eq(grille_document_id(d), "newer");
    grille_document_free(d);

    r = (grille_read_options){0};
    ck_assert_ptr_null(grille_document_load(data_path("transcripts/ei-test.txt"), &r, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    ck_assert_str_eq(err.message, "grille_read_options.size is 0, smaller than its first fields: "
                                  "initialise the options with GRILLE_READ_OPTIONS_INIT");
    ck_assert_ptr_null(grille_reader_new("r", &r));
    r.size = sizeof(size_t); /* the size alone */
    ck_assert_ptr_null(grille_document_parse("m.txt", "E : Bonjour.\n", 13, &r, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    o.size = 0;
    char *none = note_text(&o, &rc);
    ck_assert_int_eq(rc, GRILLE_EUSAGE);
    ck_assert_str_eq(none, "");
    free(none);
    grille_matrix_options m = GRILLE_MATRIX_OPTIONS_INIT;
    m.size = 0;
    ck_assert_ptr_null(grille_matrix_begin(cb, &m, &err));
    ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    free(defaults);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("api");
    TCase *tc = tcase_create("edges");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_document_edges);
    tcase_add_test(tc, test_codebook_edges);
    tcase_add_test(tc, test_coding_edges);
    tcase_add_test(tc, test_writers_refuse_null);
    tcase_add_test(tc, test_writers_failing_stream);
    tcase_add_test(tc, test_speakers_by_document);
    tcase_add_test(tc, test_template_by_coding);
    tcase_add_test(tc, test_result_objects_null);
    tcase_add_test(tc, test_errors);
    tcase_add_test(tc, test_not_built);
    tcase_add_test(tc, test_options_size);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

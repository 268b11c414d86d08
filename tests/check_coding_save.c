/* check_coding_save.c - a coding and its document saved and loaded back
 * (grille_coding_save(), grille_coding_load()): every public getter
 * gives what it gave before, for an interview with speakers, variables
 * and speaker attributes, a .docx, a document with turn times and a
 * coding with hits; cut and damaged bytes are errors, not crashes. */
#include "testutil.h"

#define SAME_STR(a, b) ck_assert_str_eq((a) ? (a) : "(null)", (b) ? (b) : "(null)")

static char *saved(const grille_coding *c, const grille_codebook *cb, size_t *len) {
    char *data = NULL;
    FILE *f = open_memstream(&data, len);
    ck_assert_ptr_nonnull(f);
    grille_error err;
    ck_assert_int_eq(grille_coding_save(f, c, cb, &err), GRILLE_OK);
    fclose(f);
    return data;
}

static void same_span(const grille_span *a, const grille_span *b) {
    ck_assert_uint_eq(a->byte_start, b->byte_start);
    ck_assert_uint_eq(a->byte_end, b->byte_end);
    ck_assert_uint_eq(a->cp_start, b->cp_start);
    ck_assert_uint_eq(a->cp_end, b->cp_end);
    ck_assert_uint_eq(a->line, b->line);
}

static void same_document(const grille_document *a, const grille_document *b) {
    SAME_STR(grille_document_id(a), grille_document_id(b));
    SAME_STR(grille_document_name(a), grille_document_name(b));
    SAME_STR(grille_document_format(a), grille_document_format(b));
    ck_assert_uint_eq(grille_document_size(a), grille_document_size(b));
    ck_assert_mem_eq(grille_document_text(a), grille_document_text(b), grille_document_size(a) + 1);
    ck_assert_uint_eq(grille_document_variable_count(a), grille_document_variable_count(b));
    for (size_t i = 0; i < grille_document_variable_count(a); i++) {
        const char *ka, *va, *kb, *vb;
        ck_assert_int_eq(grille_document_variable_get(a, i, &ka, &va), GRILLE_OK);
        ck_assert_int_eq(grille_document_variable_get(b, i, &kb, &vb), GRILLE_OK);
        SAME_STR(ka, kb);
        SAME_STR(va, vb);
        SAME_STR(grille_document_variable_lookup(a, ka), grille_document_variable_lookup(b, ka));
    }
    ck_assert_uint_eq(grille_document_speaker_count(a), grille_document_speaker_count(b));
    for (size_t i = 0; i < grille_document_speaker_count(a); i++) {
        grille_speaker_info x, y;
        ck_assert_int_eq(grille_document_speaker_get(a, i, &x), GRILLE_OK);
        ck_assert_int_eq(grille_document_speaker_get(b, i, &y), GRILLE_OK);
        SAME_STR(x.label, y.label);
        ck_assert_int_eq(x.reason, y.reason);
        ck_assert_uint_eq(x.flags, y.flags);
        ck_assert_uint_eq(x.turns, y.turns);
        ck_assert_uint_eq(x.words, y.words);
        ck_assert_uint_eq(x.first_line, y.first_line);
        const char *keys[] = {"role", "genre", "age", "fonction", "nope"};
        for (size_t k = 0; k < sizeof keys / sizeof *keys; k++)
            SAME_STR(grille_document_speaker_lookup(a, i, keys[k]), grille_document_speaker_lookup(b, i, keys[k]));
    }
    ck_assert_uint_eq(grille_document_warning_count(a), grille_document_warning_count(b));
    for (size_t i = 0; i < grille_document_warning_count(a); i++) {
        const grille_error *x = grille_document_warning_get(a, i), *y = grille_document_warning_get(b, i);
        ck_assert_int_eq(x->code, y->code);
        ck_assert_str_eq(x->file, y->file);
        ck_assert_uint_eq(x->line, y->line);
        ck_assert_uint_eq(x->column, y->column);
        ck_assert_uint_eq(x->byte_offset, y->byte_offset);
        ck_assert_str_eq(x->message, y->message);
    }
    for (int kind = GRILLE_UNIT_TURN; kind <= GRILLE_UNIT_SENTENCE; kind++) {
        size_t n = grille_document_unit_count(a, (grille_unit_kind)kind);
        ck_assert_uint_eq(n, grille_document_unit_count(b, (grille_unit_kind)kind));
        for (size_t i = 0; i < n; i++) {
            grille_unit x, y;
            ck_assert_int_eq(grille_document_unit_get(a, (grille_unit_kind)kind, i, &x), GRILLE_OK);
            ck_assert_int_eq(grille_document_unit_get(b, (grille_unit_kind)kind, i, &y), GRILLE_OK);
            ck_assert_int_eq(x.kind, y.kind);
            ck_assert_uint_eq(x.index, y.index);
            ck_assert_uint_eq(x.turn, y.turn);
            same_span(&x.span, &y.span);
        }
    }
    for (size_t t = 0; t < grille_document_unit_count(a, GRILLE_UNIT_TURN); t++) {
        SAME_STR(grille_document_turn_speaker(a, t), grille_document_turn_speaker(b, t));
        ck_assert_uint_eq(grille_document_turn_speaker_index(a, t), grille_document_turn_speaker_index(b, t));
        ck_assert_int_eq(grille_document_turn_time(a, t), grille_document_turn_time(b, t));
        ck_assert_int_eq(grille_document_turn_is_interviewer(a, t), grille_document_turn_is_interviewer(b, t));
    }
}

static void same_coding(const grille_coding *a, const grille_coding *b) {
    ck_assert_uint_eq(grille_coding_segment_count(a), grille_coding_segment_count(b));
    for (size_t i = 0; i < grille_coding_segment_count(a); i++) {
        const grille_segment *x = grille_coding_segment_get(a, i), *y = grille_coding_segment_get(b, i);
        SAME_STR(x->document, y->document);
        ck_assert_ptr_eq(x->theme_id, y->theme_id); /* the codebook's own strings */
        ck_assert_ptr_eq(x->theme_path, y->theme_path);
        ck_assert_uint_eq(x->theme, y->theme);
        ck_assert_int_eq(x->unit_kind, y->unit_kind);
        ck_assert_uint_eq(x->unit_index, y->unit_index);
        ck_assert_uint_eq(x->turn, y->turn);
        SAME_STR(x->speaker, y->speaker);
        same_span(&x->span, &y->span);
        ck_assert_int_eq(x->turn_time_ms, y->turn_time_ms);
        ck_assert_mem_eq(&x->score, &y->score, sizeof x->score);
        ck_assert_uint_eq(x->flags, y->flags);
        ck_assert_uint_eq(x->hit_count, y->hit_count);
        for (size_t h = 0; h < x->hit_count; h++) {
            ck_assert_ptr_eq(x->hits[h].rule_id, y->hits[h].rule_id);
            ck_assert_int_eq(x->hits[h].kind, y->hits[h].kind);
            same_span(&x->hits[h].span, &y->hits[h].span);
            ck_assert_uint_eq(x->hits[h].flags, y->hits[h].flags);
        }
    }
    ck_assert_uint_eq(grille_coding_unit_count(a), grille_coding_unit_count(b));
    ck_assert_uint_eq(grille_coding_word_count(a), grille_coding_word_count(b));
    for (size_t i = 0; i < grille_coding_unit_count(a); i++) {
        ck_assert_uint_eq(grille_coding_unit_get(a, i), grille_coding_unit_get(b, i));
        ck_assert_uint_eq(grille_coding_unit_words(a, i), grille_coding_unit_words(b, i));
    }
}

/* What a writer makes of a coding: its segments as TSV. */
static char *segments(const grille_coding *c) {
    char *data = NULL;
    size_t len;
    FILE *f = open_memstream(&data, &len);
    grille_error err;
    ck_assert_int_eq(grille_coding_write(f, GRILLE_FORMAT_TSV, c, &err), GRILLE_OK);
    fclose(f);
    return data;
}

static grille_codebook *default_codebook(void) {
    char path[4096];
    snprintf(path, sizeof path, "%s/codebooks/dts-fr.xml", TOP_SRCDIR);
    grille_error err;
    grille_codebook *cb = grille_codebook_load(path, &err);
    ck_assert_msg(cb != NULL, "%s", err.message);
    return cb;
}

/* Saves doc's coding, loads it back and compares; returns the number of
 * segments. */
static size_t round_trip(const grille_codebook *cb, grille_document *doc) {
    grille_error err;
    grille_coding *c = grille_coding_new(cb, doc, &err);
    ck_assert_msg(c != NULL, "%s", err.message);
    size_t len;
    char *data = saved(c, cb, &len);
    grille_document *back = NULL;
    grille_coding *d = grille_coding_load(cb, data, len, &back, &err);
    ck_assert_msg(d != NULL, "%s", err.message);
    ck_assert_ptr_nonnull(back);
    ck_assert_ptr_eq(grille_coding_document(d), back);
    same_document(doc, back);
    same_coding(c, d);
    char *s1 = segments(c), *s2 = segments(d);
    ck_assert_str_eq(s1, s2);
    /* saved again, the same bytes */
    size_t len2;
    char *again = saved(d, cb, &len2);
    ck_assert_uint_eq(len, len2);
    ck_assert_mem_eq(data, again, len);
    size_t n = grille_coding_segment_count(c);
    free(s1);
    free(s2);
    free(again);
    free(data);
    grille_coding_free(d);
    grille_document_free(back);
    grille_coding_free(c);
    return n;
}

START_TEST(test_interview) {
    grille_codebook *cb = default_codebook();
    grille_error err;
    grille_table *vars = grille_table_load(data_path("formats/variables.csv"), &err);
    ck_assert_msg(vars != NULL, "%s", err.message);
    const char *csv = "document;speaker;role;genre\nei-test;Enquêté;coordinatrice;F\n";
    grille_table *spk = grille_table_parse("speakers.csv", csv, strlen(csv), &err);
    ck_assert_msg(spk != NULL, "%s", err.message);
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.variables = vars;
    o.speakers = spk;
    const char *files[] = {"transcripts/ei-test.txt", "transcripts/ec-test.txt", "formats/ei-01.txt"};
    size_t segs = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        grille_document *doc = grille_document_load(data_path(files[i]), &o, &err);
        if (!doc) continue; /* a fixture this tree lacks */
        segs += round_trip(cb, doc);
        grille_document_free(doc);
    }
    ck_assert_uint_gt(segs, 0);
    grille_table_free(vars);
    grille_table_free(spk);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_formats) {
    grille_codebook *cb = default_codebook();
    const char *files[] = {"formats/realistic.docx",     "formats/ei-01.docx",       "formats/ei-01.vtt",
                           "formats/ei-01.srt",          "formats/ei-01-cp1252.txt", "formats/focus-group.txt",
                           "formats/questions-only.docx"};
    int timed = 0, warned = 0;
    for (size_t i = 0; i < sizeof files / sizeof *files; i++) {
        grille_error err;
        grille_read_options o = GRILLE_READ_OPTIONS_INIT;
        if (strstr(files[i], "cp1252")) o.encoding = "windows-1252";
        grille_document *doc = grille_document_load(data_path(files[i]), &o, &err);
        ck_assert_msg(doc != NULL, "%s: %s", files[i], err.message);
        timed |= grille_document_unit_count(doc, GRILLE_UNIT_TURN) && grille_document_turn_time(doc, 0) >= 0;
        warned |= grille_document_warning_count(doc) > 0;
        round_trip(cb, doc);
        grille_document_free(doc);
    }
    ck_assert(timed);
    ck_assert(warned);
    grille_codebook_free(cb);
}
END_TEST

/* Short answers take the themes of the question: hits flagged context. */
START_TEST(test_small_codebook) {
    grille_codebook *cb = cb_from(
        CB_HEAD
        "<settings><unit>sentence</unit><short-answers>8</short-answers></settings><theme id=\"a\" label=\"A\"><word>réseau</word>"
        "<phrase id=\"p\">chaque mois</phrase></theme>"
        "<theme id=\"b\" label=\"B\"><lemma>acteur</lemma></theme>" CB_TAIL);
    grille_document *doc = doc_from("---\ntype: EI\ntitre: Un été\n---\nEnquêtrice : Le réseau ?\n\n"
                                    "Enquêté : Oui, le réseau des acteurs se réunit chaque mois. Énorme.\n\n"
                                    "Enquêtrice : Et les acteurs ?\n");
    ck_assert_uint_gt(round_trip(cb, doc), 0);
    grille_document_free(doc);
    grille_codebook_free(cb);
}
END_TEST

START_TEST(test_damaged) {
    grille_codebook *cb = cb_from(CB_HEAD "<theme id=\"a\" label=\"A\"><word>réseau</word></theme>"
                                          "<theme id=\"b\" label=\"B\"><word>acteurs</word></theme>" CB_TAIL);
    grille_document *doc = doc_from("---\ntype: EI\n---\nEnquêtrice : Le réseau ?\n\n"
                                    "Enquêté : Oui, le réseau des acteurs.\n");
    grille_error err;
    grille_coding *c = grille_coding_new(cb, doc, &err);
    ck_assert_ptr_nonnull(c);
    size_t len;
    char *data = saved(c, cb, &len);
    grille_document *back = (grille_document *)1;
    /* every cut is refused */
    for (size_t n = 0; n < len; n++) {
        grille_coding *d = grille_coding_load(cb, data, n, &back, &err);
        ck_assert_msg(d == NULL, "cut at %zu of %zu accepted", n, len);
        ck_assert_ptr_null(back);
        ck_assert_int_eq(err.code, GRILLE_EUSAGE);
    }
    /* trailing bytes too */
    char *longer = malloc(len + 1);
    memcpy(longer, data, len);
    longer[len] = 'x';
    ck_assert_ptr_null(grille_coding_load(cb, longer, len + 1, &back, &err));
    free(longer);
    /* any byte changed: loaded or refused, never a crash */
    char *bad = malloc(len);
    for (size_t i = 0; i < len; i++)
        for (int v = 0; v < 3; v++) {
            memcpy(bad, data, len);
            bad[i] = (char)(v == 0 ? 0xff : v == 1 ? 0x00 : bad[i] ^ 0x01);
            grille_coding *d = grille_coding_load(cb, bad, len, &back, &err);
            if (d) {
                char *s = segments(d);
                free(s);
                grille_coding_free(d);
                grille_document_free(back);
            } else ck_assert_ptr_null(back);
        }
    free(bad);
    /* another codebook */
    grille_codebook *other = cb_from(CB_HEAD "<theme id=\"a\" label=\"A\"><word>réseau</word></theme>" CB_TAIL);
    ck_assert_ptr_null(grille_coding_load(other, data, len, &back, &err));
    ck_assert_str_eq(err.message, "the coding was saved with another codebook");
    grille_codebook *renamed = cb_from(CB_HEAD "<theme id=\"a\" label=\"A\"><word>réseau</word></theme>"
                                               "<theme id=\"c\" label=\"B\"><word>acteurs</word></theme>" CB_TAIL);
    ck_assert_ptr_null(grille_coding_load(renamed, data, len, &back, &err));
    /* usage */
    ck_assert_ptr_null(grille_coding_load(NULL, data, len, &back, &err));
    ck_assert_ptr_null(grille_coding_load(cb, data, len, NULL, &err));
    ck_assert_int_eq(grille_coding_save(NULL, c, cb, &err), GRILLE_EUSAGE);
    ck_assert_int_eq(grille_coding_save(stdout, NULL, cb, &err), GRILLE_EUSAGE);
    free(data);
    grille_coding_free(c);
    grille_document_free(doc);
    grille_codebook_free(other);
    grille_codebook_free(renamed);
    grille_codebook_free(cb);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("coding_save");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_interview);
    tcase_add_test(tc, test_formats);
    tcase_add_test(tc, test_small_codebook);
    tcase_add_test(tc, test_damaged);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(suite)

/* check_simd.c - the AVX-512BW scans (simd.h) against their SSE2 twins
 * on real material: every transcript of corpora/ and tests/data/ as
 * grille reads it (Word, LibreOffice, subtitles, HTML, the fuzzers'
 * seeds), and the raw bytes of every file there (a .docx is no UTF-8).
 *
 * The other suites compare the two forms on made-up strings where the
 * processor has AVX-512BW, and test the SSE2 form alone where it has
 * not.  This one is skipped there (exit 77, with the reason), so that
 * the test summary says the wide forms were not run, instead of the
 * suites passing in silence. */
#include "testutil.h"
#include "document.h"
#include "sentence.h"
#include "simd.h"
#include "tokenize.h"
#include "utf8.h"
#include <dirent.h>
#include <sys/stat.h>

typedef struct corpus {
    char **paths;
    size_t n, cap;
} corpus;

/* Every regular file under dir, depth first. */
static void list_files(corpus *c, const char *dir) {
    DIR *d = opendir(dir);
    ck_assert_msg(d != NULL, "cannot open %s", dir);
    for (struct dirent *e; (e = readdir(d)) != NULL;) {
        if (e->d_name[0] == '.') continue;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
        struct stat st;
        if (stat(path, &st) != 0) continue;
        if (S_ISDIR(st.st_mode)) list_files(c, path);
        else if (S_ISREG(st.st_mode)) {
            if (c->n == c->cap) {
                c->cap = c->cap ? 2 * c->cap : 1024;
                c->paths = realloc(c->paths, c->cap * sizeof *c->paths);
                ck_assert_ptr_nonnull(c->paths);
            }
            c->paths[c->n++] = strdup(path);
        }
    }
    closedir(d);
}

static corpus files;

static void setup(void) {
    memset(&files, 0, sizeof files);
    list_files(&files, TOP_SRCDIR "/corpora");
    list_files(&files, TOP_SRCDIR "/tests/data");
    ck_assert_uint_gt(files.n, 1000);
}

static void teardown(void) {
    for (size_t i = 0; i < files.n; i++) free(files.paths[i]);
    free(files.paths);
    memset(&files, 0, sizeof files);
}

/* The transcript at path as grille reads it, or NULL when it is none
 * (a variables table, a gold file). */
static grille_document *load(const char *path) {
    grille_error err;
    return grille_document_load(path, NULL, &err);
}

/* The raw bytes of every file, from each of the first 64 offsets (each
 * place in a block): the valid prefix is the same both ways. */
START_TEST(test_valid_prefix) {
    size_t invalid = 0;
    for (size_t f = 0; f < files.n; f++) {
        FILE *in = fopen(files.paths[f], "rb");
        ck_assert_ptr_nonnull(in);
        unsigned char *buf = malloc(1 << 22);
        size_t n = fread(buf, 1, 1 << 22, in);
        fclose(in);
        for (size_t at = 0; at < 64 && at < n; at++) {
            size_t narrow = utf8_valid_prefix_as(buf + at, n - at, 0), wide = utf8_valid_prefix_as(buf + at, n - at, 1);
            if (narrow != wide) /* (not ck_assert: a line to a file each time it holds) */
                ck_abort_msg("%s from byte %zu: valid to %zu (SSE2), %zu (AVX-512BW)", files.paths[f], at, narrow,
                             wide);
            invalid += at == 0 && narrow < n;
        }
        free(buf);
    }
    ck_assert_uint_gt(invalid, 0); /* the .docx and .odt: the invalid path ran */
}
END_TEST

/* Each transcript's line and code-point index, built both ways. */
START_TEST(test_index_lines) {
    size_t docs = 0;
    for (size_t f = 0; f < files.n; f++) {
        grille_document *d = load(files.paths[f]);
        if (!d) continue;
        docs++;
        size_t *starts = d->line_starts, nlines = d->nlines, nmarks = d->nmarks;
        uint32_t *cp_marks = d->cp_marks, *line_marks = d->line_marks;
        uint64_t *cont_bits = d->cont_bits;
        d->line_starts = NULL;
        ck_assert_int_eq(document_index_lines_as(d, 0), GRILLE_OK);
        size_t *narrow_starts = d->line_starts;
        uint32_t *narrow_cp = d->cp_marks, *narrow_line = d->line_marks;
        uint64_t *narrow_cont = d->cont_bits;
        d->line_starts = NULL;
        ck_assert_int_eq(document_index_lines_as(d, 1), GRILLE_OK);
        ck_assert_uint_eq(d->nlines, nlines);
        ck_assert_uint_eq(d->nmarks, nmarks);
        ck_assert_msg(memcmp(d->line_starts, narrow_starts, nlines * sizeof *starts) == 0, "%s: lines", files.paths[f]);
        ck_assert_msg(memcmp(d->cp_marks, narrow_cp, nmarks * sizeof *cp_marks) == 0, "%s: code points",
                      files.paths[f]);
        ck_assert_msg(memcmp(d->line_marks, narrow_line, nmarks * sizeof *line_marks) == 0, "%s: line marks",
                      files.paths[f]);
        ck_assert_msg(memcmp(d->cont_bits, narrow_cont, nmarks * sizeof *cont_bits) == 0, "%s: continuations",
                      files.paths[f]);
        free(starts);
        free(cp_marks);
        free(line_marks);
        free(cont_bits);
        free(narrow_starts);
        free(narrow_cp);
        free(narrow_line);
        free(narrow_cont);
        grille_document_free(d);
    }
    ck_assert_uint_gt(docs, 20);
}
END_TEST

/* Each paragraph's sentence boundaries, both ways, the rest of the
 * document readable after it as when grille splits it. */
START_TEST(test_sentence_breaks) {
    sentence_breaks a = {NULL, 0, 0}, b = {NULL, 0, 0};
    size_t paras = 0;
    for (size_t f = 0; f < files.n; f++) {
        grille_document *d = load(files.paths[f]);
        if (!d) continue;
        for (size_t p = 0; p < d->nparas; p++, paras++) {
            size_t b0 = d->paras[p].span.b0, len = d->paras[p].span.b1 - b0;
            int ra = sentence_fast_breaks_in(d->text + b0, len, d->size - b0, 0, &a);
            int rb = sentence_fast_breaks_in(d->text + b0, len, d->size - b0, 1, &b);
            if (ra != rb || (ra == 1 && (a.n != b.n || memcmp(a.v, b.v, a.n * sizeof *a.v) != 0)))
                ck_abort_msg("%s, paragraph %zu: %d with %zu breaks (SSE2), %d with %zu (AVX-512BW)", files.paths[f], p,
                             ra, a.n, rb, b.n);
        }
        grille_document_free(d);
    }
    free(a.v);
    free(b.v);
    ck_assert_uint_gt(paras, 1000);
}
END_TEST

/* Each turn lowered both ways, as the regex gates (for_gates) and as
 * plain lowering: the same bytes and the same answer. */
START_TEST(test_lower_latin) {
    size_t turns = 0;
    for (size_t f = 0; f < files.n; f++) {
        grille_document *d = load(files.paths[f]);
        if (!d) continue;
        for (size_t t = 0; t < d->nturns; t++, turns++) {
            const char *s = d->text + d->turns[t].span.b0;
            size_t n = d->turns[t].span.b1 - d->turns[t].span.b0;
            char *x = malloc(n + 1), *y = malloc(n + 1);
            for (int gates = 0; gates <= 1; gates++) {
                unsigned rx = utf8_lower_latin_as(s, n, x, gates, 0), ry = utf8_lower_latin_as(s, n, y, gates, 1);
                if (rx != ry || memcmp(x, y, n) != 0)
                    ck_abort_msg("%s, turn %zu (gates %d): lowered differently", files.paths[f], t, gates);
            }
            free(x);
            free(y);
        }
        grille_document_free(d);
    }
    ck_assert_uint_gt(turns, 100);
}
END_TEST

/* Every sentence's tokens, its blocks classed both ways: the same
 * offsets, forms and flags. */
START_TEST(test_tokens) {
    tok_config narrow, wide;
    ck_assert_int_eq(tok_config_init(&narrow, 1, 0, NULL), GRILLE_OK);
    ck_assert_int_eq(tok_config_init(&wide, 1, 0, NULL), GRILLE_OK);
    narrow.wide = 0;
    wide.wide = 1;
    toklist a = {0}, b = {0};
    size_t tokens = 0;
    for (size_t f = 0; f < files.n; f++) {
        grille_document *d = load(files.paths[f]);
        if (!d) continue;
        for (size_t s = 0; s < d->nsents; s++) {
            toklist_clear(&a);
            toklist_clear(&b);
            ck_assert_int_eq(tokenize_sentence(&narrow, d, s, 0, &a), GRILLE_OK);
            ck_assert_int_eq(tokenize_sentence(&wide, d, s, 0, &b), GRILLE_OK);
            if (a.n != b.n) ck_abort_msg("%s, sentence %zu: %zu tokens, %zu", files.paths[f], s, a.n, b.n);
            for (size_t i = 0; i < a.n; i++, tokens++) {
                const tok *x = &a.v[i], *y = &b.v[i];
                if (x->b0 != y->b0 || x->b1 != y->b1 || x->flags != y->flags || x->hash != y->hash ||
                    strcmp(tok_form(&a, x), tok_form(&b, y)) != 0)
                    ck_abort_msg("%s, sentence %zu, token %zu: [%u, %u) '%s' (SSE2), [%u, %u) '%s' (AVX-512BW)",
                                 files.paths[f], s, i, x->b0, x->b1, tok_form(&a, x), y->b0, y->b1, tok_form(&b, y));
            }
        }
        grille_document_free(d);
    }
    ck_assert_uint_gt(tokens, 50000);
    toklist_free(&a);
    toklist_free(&b);
    tok_config_free(&narrow);
    tok_config_free(&wide);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("simd");
    TCase *tc = tcase_create("wide against narrow");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 120);
    tcase_add_test(tc, test_valid_prefix);
    tcase_add_test(tc, test_index_lines);
    tcase_add_test(tc, test_sentence_breaks);
    tcase_add_test(tc, test_lower_latin);
    tcase_add_test(tc, test_tokens);
    suite_add_tcase(s, tc);
    return s;
}

int main(void) {
    if (!SIMD_HAS_WIDE) {
        printf("check_simd: skipped: this build has no AVX-512BW forms of the 64-byte scans (not x86-64, or a "
               "compiler older than GCC 8 or clang 8); the other suites tested the forms it has\n");
        return 77;
    }
    if (!simd_wide()) {
        printf("check_simd: skipped: this processor lacks AVX-512BW (or BMI1, BMI2, POPCNT), so the wide forms of "
               "the 64-byte scans were not tested here; the SSE2 forms were, by the other suites\n");
        return 77;
    }
    SRunner *sr = srunner_create(suite());
    srunner_run_all(sr, CK_NORMAL);
    int failed = srunner_ntests_failed(sr);
    srunner_free(sr);
    return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

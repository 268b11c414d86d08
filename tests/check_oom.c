/* check_oom.c - the library when memory runs out.  Every public call
 * below is run again and again, the Nth allocation the library makes
 * failing on the Nth run (malloc, calloc and realloc wrapped at link time
 * with -Wl,--wrap, so only the library's own allocations fail, not those
 * of libxml2, ICU or the C library).  Each run must report GRILLE_ENOMEM
 * (or succeed, where an allocation is optional), never another error,
 * never crash; under AddressSanitizer (scripts/test.sh) nothing may leak
 * on the way out either.  A run that makes more allocations than the
 * first one counted tests every one of them up to a cap, then every kth,
 * so that the suite stays fast on the larger inputs. */
#include "testutil.h"
#include "lexicon.h"
#include <stdatomic.h>
#include <unistd.h>

void *__real_malloc(size_t n);
void *__real_calloc(size_t n, size_t size);
void *__real_realloc(void *p, size_t n);
void *__wrap_malloc(size_t n);
void *__wrap_calloc(size_t n, size_t size);
void *__wrap_realloc(void *p, size_t n);

/* Only while a scenario runs: Check's own allocations (it is linked
 * statically, so they are wrapped too) must not fail, and the scenarios
 * therefore assert nothing themselves. */
static atomic_int armed;
static atomic_long countdown; /* 0: nothing fails; N: the Nth allocation from now fails */
static atomic_long calls;     /* allocations since the last reset */
static atomic_int injected;   /* whether the failure happened */
/* OOM_TRAP=scenario:N traps at that scenario's Nth allocation, for a
 * backtrace in gdb (CK_FORK=no) of what did not report the failure. */
static int trap_here;

static int fail_now(void) {
    if (!atomic_load(&armed)) return 0;
    atomic_fetch_add(&calls, 1);
    if (atomic_load(&countdown) <= 0) return 0;
    if (atomic_fetch_sub(&countdown, 1) == 1) {
        if (trap_here) __builtin_trap();
        atomic_store(&injected, 1);
        return 1;
    }
    return 0;
}
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
void *__wrap_calloc(size_t n, size_t size) { return fail_now() ? NULL : __real_calloc(n, size); }
void *__wrap_realloc(void *p, size_t n) { return fail_now() ? NULL : __real_realloc(p, n); }

typedef int (*scenario)(void);

/* What a scenario wrote (its output files, in order): a run that
 * reports success must have written exactly what the run with nothing
 * failing wrote, never a row cut short by an allocation that failed. */
static char *written;
static size_t written_len;
/* set by a scenario whose writer gives whole lines or nothing */
static int whole_lines;

static FILE *out_open(void) { return tmpfile(); }

static void out_close(FILE *f) {
    if (!f) return;
    long n = ftell(f);
    if (n > 0) {
        char *p = __real_realloc(written, written_len + (size_t)n);
        if (p) {
            rewind(f);
            written = p;
            written_len += fread(written + written_len, 1, (size_t)n, f);
        }
    }
    fclose(f);
}

/* Runs f with each allocation failing in turn (every one of the first
 * 400, then a sample), and checks what it reports. */
static void sweep(const char *name, scenario f) {
    whole_lines = 0;
    atomic_store(&countdown, 0);
    atomic_store(&calls, 0);
    written_len = 0;
    atomic_store(&armed, 1);
    int rc = f();
    atomic_store(&armed, 0);
    ck_assert_msg(rc == GRILLE_OK, "%s fails without any allocation failing: %d", name, rc);
    char *expected = written;
    size_t expected_len = written_len;
    written = NULL;
    long total = atomic_load(&calls);
    ck_assert_msg(total > 0, "%s allocates nothing: the wrapping does not work", name);
    long step = 1, nomem = 0;
    for (long i = 1; i <= total; i += step) {
        if (i > 400) step = total / 200 + 1;
        atomic_store(&injected, 0);
        atomic_store(&countdown, i);
        char here[96];
        snprintf(here, sizeof here, "%s:%ld", name, i);
        trap_here = getenv("OOM_TRAP") && strcmp(getenv("OOM_TRAP"), here) == 0;
        written_len = 0;
        atomic_store(&armed, 1);
        rc = f();
        atomic_store(&armed, 0);
        atomic_store(&countdown, 0);
        if (!atomic_load(&injected)) break; /* fewer allocations this time (threads) */
        ck_assert_msg(rc == GRILLE_OK || rc == GRILLE_ENOMEM, "%s: allocation %ld of %ld failing gives %d (%s)", name,
                      i, total, rc, grille_strerror(rc));
        if (rc == GRILLE_ENOMEM) {
            nomem++;
            /* a writer of whole lines (segments): what a run that ran out
             * of memory wrote is the start of what a whole run writes,
             * cut at the end of a line */
            ck_assert_msg(!whole_lines || written_len == 0 ||
                              (written_len <= expected_len && memcmp(written, expected, written_len) == 0 &&
                               written[written_len - 1] == '\n'),
                          "%s: allocation %ld of %ld failing, %zu bytes are written, not a start of the %zu cut "
                          "at a line's end",
                          name, i, total, written_len, expected_len);
        } else
            ck_assert_msg(written_len == expected_len &&
                              (!expected_len || memcmp(written, expected, expected_len) == 0),
                          "%s: allocation %ld of %ld failing, success is reported but %zu bytes are written, not %zu "
                          "(or other bytes)",
                          name, i, total, written_len, expected_len);
    }
    free(expected);
    free(written);
    written = NULL;
    written_len = 0;
    /* a failure that is always absorbed would mean the counting is wrong */
    ck_assert_msg(nomem > 0, "%s: no failed allocation was reported", name);
}

/* ------------------------------------------------------------------ */
/* inputs read once, with nothing failing                              */

static grille_codebook *cb;
static grille_document *docs[2];
static grille_coding *codings[2];
static grille_gold *gold;
static char text[1 << 16], gold_text[4096];
static size_t text_len, gold_len;

static void slurp(const char *path, char *buf, size_t cap, size_t *len) {
    FILE *f = fopen(path, "rb");
    ck_assert_msg(f != NULL, "%s", path);
    *len = fread(buf, 1, cap - 1, f);
    buf[*len] = '\0';
    fclose(f);
}

static void setup(void) {
    grille_error err;
    atomic_store(&countdown, 0);
    cb = grille_codebook_load(data_path("codebooks/minimal.xml"), &err);
    ck_assert_msg(cb != NULL, "%s", err.message);
    const char *names[2] = {"transcripts/ei-test.txt", "transcripts/ec-test.txt"};
    for (int i = 0; i < 2; i++) {
        docs[i] = grille_document_load(data_path(names[i]), NULL, &err);
        ck_assert_msg(docs[i] != NULL, "%s", err.message);
        codings[i] = grille_coding_new(cb, docs[i], &err);
        ck_assert(codings[i] != NULL);
    }
    slurp(data_path("gold/test-gold.tsv"), gold_text, sizeof gold_text, &gold_len);
    gold = grille_gold_parse("test-gold.tsv", gold_text, gold_len, &err);
    ck_assert_msg(gold != NULL, "%s", err.message);
    slurp(data_path("transcripts/ei-test.txt"), text, sizeof text, &text_len);
}

static void teardown(void) {
    for (int i = 0; i < 2; i++) {
        grille_coding_free(codings[i]);
        grille_document_free(docs[i]);
    }
    grille_gold_free(gold);
    grille_codebook_free(cb);
}

#define CS ((const grille_coding *const *)codings)

/* A constructor's result as a status. */
#define STATUS(p, err) ((p) ? GRILLE_OK : (err).code)

/* ------------------------------------------------------------------ */
/* the scenarios                                                       */

static int load_codebook(const char *rel) {
    grille_error err;
    grille_diagnostics *d = NULL;
    grille_codebook *c = grille_codebook_open(&(grille_codebook_source){.path = data_path(rel)}, NULL, &d, &err);
    int rc = STATUS(c, err);
    grille_diagnostics_free(d);
    grille_codebook_free(c);
    return rc;
}
static int s_codebook_minimal(void) { return load_codebook("codebooks/minimal.xml"); }
static int s_codebook_draft(void) { return load_codebook("codebooks/dts-fr-draft.xml"); }
static int s_codebook_paragraph(void) { return load_codebook("codebooks/paragraph-all.xml"); }

static int s_transcript(void) {
    whole_lines = 1;
    grille_error err;
    grille_document *d = grille_document_parse("ei-test.txt", text, text_len, NULL, &err);
    if (!d) return err.code;
    grille_coding *c = grille_coding_new(cb, d, &err);
    int rc = STATUS(c, err);
    if (c) {
        FILE *f = out_open();
        for (int fmt = GRILLE_FORMAT_TSV; rc == GRILLE_OK && fmt <= GRILLE_FORMAT_JSONL; fmt++)
            rc = grille_coding_write(f, (grille_format)fmt, c, NULL);
        out_close(f);
    }
    grille_coding_free(c);
    grille_document_free(d);
    return rc;
}

/* A coder that runs out of memory on a document codes it on the next
 * try, and the documents after it, as if nothing had failed: the words
 * it keeps between documents are never left half recorded. */
static int s_coder(void) {
    grille_error err;
    grille_coder *c = grille_coder_new(cb, &err);
    if (!c) return err.code;
    FILE *f = out_open();
    int rc = GRILLE_OK;
    const grille_document *order[3] = {docs[0], docs[1], docs[0]};
    for (int i = 0; i < 3 && rc == GRILLE_OK; i++) {
        grille_coding *co = grille_coder_code(c, order[i], &err);
        if (!co) co = grille_coder_code(c, order[i], &err); /* once more: one allocation fails */
        rc = STATUS(co, err);
        if (co) rc = grille_coding_write(f, GRILLE_FORMAT_TSV, co, NULL);
        grille_coding_free(co);
    }
    out_close(f);
    grille_coder_free(c);
    return rc;
}

static int s_reader_chunks(void) {
    grille_error err;
    grille_reader *r = grille_reader_new("ei-test.txt", NULL);
    if (!r) return GRILLE_ENOMEM;
    int rc = GRILLE_OK;
    for (size_t at = 0; rc == GRILLE_OK && at < text_len; at += 7)
        rc = grille_reader_feed(r, text + at, text_len - at < 7 ? text_len - at : 7, &err);
    grille_document *d = rc == GRILLE_OK ? grille_reader_finish(r, &err) : NULL;
    if (rc == GRILLE_OK) rc = STATUS(d, err);
    grille_document_free(d);
    grille_reader_free(r);
    return rc;
}

static int load_doc(const char *rel) {
    grille_error err;
    grille_document *d = grille_document_load(data_path(rel), NULL, &err);
    int rc = STATUS(d, err);
    grille_document_free(d);
    return rc;
}
static int s_docx(void) { return load_doc("formats/ei-01.docx"); }
static int s_odt(void) { return load_doc("formats/ei-01.odt"); }
static int s_fodt(void) { return load_doc("formats/realistic.fodt"); }
static int s_html(void) { return load_doc("formats/ei-01-noscribe.html"); }
static int s_vtt(void) { return load_doc("formats/ei-01.vtt"); }
static int s_srt(void) { return load_doc("formats/ei-01.srt"); }
static int s_json(void) { return load_doc("formats/ei-01-whisperx.json"); }
static int s_utf16(void) { return load_doc("formats/ei-01-utf16le.txt"); }
static int s_cp1252(void) { return load_doc("formats/ei-01-cp1252.txt"); }
static int s_focus(void) { return load_doc("formats/focus-group.txt"); }

static int s_matrix(void) {
    grille_error err;
    grille_matrix *m = grille_matrix_new(cb, CS, 2, NULL, &err);
    int rc = STATUS(m, err);
    FILE *f = out_open();
    for (int fmt = GRILLE_FORMAT_TSV; m && rc == GRILLE_OK && fmt <= GRILLE_FORMAT_MARKDOWN; fmt++)
        if (fmt != GRILLE_FORMAT_JSONL) rc = grille_matrix_write(f, (grille_format)fmt, m, NULL);
    grille_matrix_free(m);
    if (rc == GRILLE_OK) {
        grille_matrix_options mo = GRILLE_MATRIX_OPTIONS_INIT;
        mo.by_variable = "type";
        m = grille_matrix_new(cb, CS, 2, &mo, &err);
        rc = STATUS(m, err);
        grille_matrix_free(m);
    }
    out_close(f);
    return rc;
}

static int s_cooc_kwic(void) {
    grille_error err;
    grille_cooc *c = grille_cooc_new(cb, CS, 2, 0, 0, &err);
    int rc = STATUS(c, err);
    FILE *f = out_open();
    if (c) rc = grille_cooc_write(f, GRILLE_FORMAT_CSV, c, GRILLE_COOC_JACCARD, NULL);
    grille_cooc_free(c);
    if (rc == GRILLE_OK) rc = grille_kwic_write(f, GRILLE_FORMAT_TSV, cb, codings[0], GRILLE_NONE, 40, &err);
    out_close(f);
    return rc;
}

/* Concordance lines: whole lines or nothing of a line, a failure in
 * the middle of a document included. */
static int s_kwic(void) {
    whole_lines = 1;
    grille_error err;
    FILE *f = out_open();
    int rc = grille_kwic_write_header(f, GRILLE_FORMAT_TSV, &err);
    for (int i = 0; i < 2 && rc == GRILLE_OK; i++)
        rc = grille_kwic_write(f, GRILLE_FORMAT_TSV, cb, codings[i], GRILLE_NONE, 40, &err);
    out_close(f);
    return rc;
}

static int s_note(void) {
    grille_error err;
    FILE *f = out_open();
    int rc = grille_note_write_codings(f, GRILLE_FORMAT_MARKDOWN, cb, CS, 2, NULL, &err);
    if (rc == GRILLE_OK) rc = grille_note_write_codings(f, GRILLE_FORMAT_HTML, cb, CS, 2, NULL, &err);
    out_close(f);
    return rc;
}

static int s_exports(void) {
    grille_error err;
    FILE *f = out_open();
    int rc = grille_export_iramuteq(f, cb, CS, 2, NULL, NULL, &err);
    /* configure --without-refi leaves REFI-QDA out */
    if (rc == GRILLE_OK && grille_has_feature(GRILLE_FEATURE_REFI)) rc = grille_refi_write_qdc(f, cb, NULL, &err);
    if (rc == GRILLE_OK && grille_has_feature(GRILLE_FEATURE_REFI))
        rc = grille_refi_write_qdpx(f, cb, CS, 2, NULL, &err);
    out_close(f);
    return rc;
}

/* The workbook, a document at a time: a run that succeeds wrote the
 * bytes of the run with nothing failing, one that fails wrote no file. */
static int s_xlsx(void) {
    grille_error err;
    char path[] = "/tmp/grille-oom-XXXXXX";
    int fd = mkstemp(path);
    if (fd < 0) return GRILLE_EIO;
    close(fd);
    remove(path);
    grille_xlsx *x = grille_xlsx_new(path, cb, &err);
    int rc = STATUS(x, err);
    for (int i = 0; x && rc == GRILLE_OK && i < 2; i++) rc = grille_xlsx_add(x, CS[i], &err);
    if (x) {
        if (rc == GRILLE_OK) rc = grille_xlsx_close(x, &err);
        else grille_xlsx_free(x);
    }
    FILE *in = fopen(path, "rb");
    /* (no ck_assert here: Check's own messages would meet the failing
     * allocations) a file left by a failure, or none after a success, is
     * a status the sweep refuses */
    if ((rc == GRILLE_OK) != (in != NULL)) rc = GRILLE_EUSAGE;
    else if (in) {
        FILE *f = out_open();
        char buf[4096];
        size_t n;
        while ((n = fread(buf, 1, sizeof buf, in)) > 0) fwrite(buf, 1, n, f);
        out_close(f);
    }
    if (in) fclose(in);
    remove(path);
    return rc;
}

/* The codebook's document with examples, a coding at a time. */
static int s_codebook_doc(void) {
    grille_error err;
    grille_codebook_doc *d = grille_codebook_doc_new(cb, 1, &err);
    int rc = STATUS(d, err);
    for (int i = 0; d && rc == GRILLE_OK && i < 2; i++) rc = grille_codebook_doc_add(d, CS[i], &err);
    FILE *f = out_open();
    if (rc == GRILLE_OK) rc = grille_codebook_doc_write(f, GRILLE_FORMAT_HTML, d, GRILLE_LANG_FR, &err);
    out_close(f);
    grille_codebook_doc_free(d);
    return rc;
}

static int s_eval(void) {
    grille_error err;
    grille_eval *e = grille_eval_new(cb, CS, 2, gold, NULL, NULL, NULL, &err);
    int rc = STATUS(e, err);
    FILE *f = out_open();
    if (e) rc = grille_eval_write(f, GRILLE_FORMAT_MARKDOWN, e, GRILLE_EVAL_ERRORS, GRILLE_LANG_EN, NULL);
    if (rc == GRILLE_OK) rc = grille_eval_write(f, GRILLE_FORMAT_TSV, e, GRILLE_EVAL_ERRORS, GRILLE_LANG_EN, NULL);
    grille_eval_free(e);
    out_close(f);
    return rc;
}

static int s_suggest(void) {
    grille_error err;
    grille_suggest *s = grille_suggest_new(cb, CS, 2, gold, NULL, NULL, &err);
    int rc = STATUS(s, err);
    FILE *f = out_open();
    if (s) rc = grille_suggest_write(f, GRILLE_FORMAT_TSV, s, GRILLE_LANG_EN, NULL);
    if (s && rc == GRILLE_OK) rc = grille_suggest_write_xml(f, s, NULL);
    grille_suggest_free(s);
    out_close(f);
    return rc;
}

static int s_stats_diff(void) {
    grille_error err;
    grille_stats *st = grille_stats_new(cb, CS, 2, gold, &err);
    int rc = STATUS(st, err);
    grille_stats_free(st);
    if (rc != GRILLE_OK) return rc;
    grille_diff *d = grille_diff_new(cb, CS, cb, CS, 2, &err);
    rc = STATUS(d, err);
    FILE *f = out_open();
    if (d) rc = grille_diff_write(f, GRILLE_FORMAT_TSV, d, GRILLE_LANG_EN, NULL);
    grille_diff_free(d);
    out_close(f);
    return rc;
}

static int s_gold(void) {
    grille_error err;
    grille_gold *x = grille_gold_parse("test-gold.tsv", gold_text, gold_len, &err);
    int rc = STATUS(x, err);
    grille_gold_free(x);
    return rc;
}

static int s_table(void) {
    grille_error err;
    grille_table *t = grille_table_load(data_path("formats/variables.csv"), &err);
    int rc = STATUS(t, err);
    grille_table_free(t);
    return rc;
}

static int s_corpus(void) {
    grille_error err;
    const char *paths[] = {data_path("transcripts")};
    char p[4096];
    snprintf(p, sizeof p, "%s", paths[0]);
    paths[0] = p;
    grille_corpus *c = grille_corpus_new(paths, 1, &err);
    int rc = STATUS(c, err);
    grille_corpus_free(c);
    return rc;
}

static char qdpx[] = "/tmp/grille-oom-qdpx-XXXXXX";

static int s_refi_import(void) {
    grille_error err;
    FILE *f = out_open();
    grille_refi_import_options io = GRILLE_REFI_IMPORT_OPTIONS_INIT;
    io.codebook = cb;
    int rc = grille_refi_import_gold(qdpx, f, &io, &err);
    if (rc == GRILLE_OK) rc = grille_refi_import_codebook(qdpx, f, &err);
    out_close(f);
    return rc;
}

static int s_refi_import_nvivo(void) {
    grille_error err;
    FILE *f = out_open();
    char p[4096];
    snprintf(p, sizeof p, "%s", data_path("refi/nvivo-utf16.qdpx"));
    int rc = grille_refi_import_gold(p, f, NULL, &err);
    out_close(f);
    return rc;
}

static int s_lexicon(void) {
    grille_error err;
    char p0[4096], p1[4096], out[] = "/tmp/grille-oom-lex-XXXXXX";
    snprintf(p0, sizeof p0, "%s", data_path("lexicon/mini.tsv"));
    snprintf(p1, sizeof p1, "%s", data_path("lexicon/supplement.tsv"));
    const char *paths[] = {p0, p1};
    int fd = mkstemp(out);
    if (fd < 0) return GRILLE_EIO;
    close(fd);
    int rc = lexicon_compile(paths, 2, out, &err);
    grille_lexicon *lx = rc == GRILLE_OK ? grille_lexicon_open(out, &err) : NULL;
    if (rc == GRILLE_OK) rc = STATUS(lx, err);
    if (lx) {
        grille_lemma l[8];
        grille_lexicon_lookup(lx, "coordonnaient", 13, l, 8);
        grille_lexicon_free(lx);
    }
    unlink(out);
    return rc;
}

static int s_realistic_docx(void) { return load_doc("formats/realistic.docx"); }
static int s_realistic_odt(void) { return load_doc("formats/realistic.odt"); }
static int s_questions_fodt(void) { return load_doc("formats/questions-only.fodt"); }
static int s_utf16be(void) { return load_doc("formats/ei-01-utf16be.txt"); }
static int s_initials(void) { return load_doc("formats/initials.txt"); }

/* a transcript read with a variables table and a speakers table */
static grille_table *variables, *speakers;
static int s_read_tables(void) {
    grille_error err;
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.variables = variables;
    o.speakers = speakers;
    grille_document *d = grille_document_load(data_path("transcripts/ei-test.txt"), &o, &err);
    int rc = STATUS(d, err);
    FILE *f = out_open();
    if (d)
        rc = grille_document_write_speakers(f, GRILLE_FORMAT_TSV, (const grille_document *const *)&d, 1,
                                            GRILLE_SPEAKERS_ALL, NULL);
    out_close(f);
    grille_document_free(d);
    return rc;
}
static int parse_table(const char *rel) {
    grille_error err;
    grille_table *t = grille_table_load(data_path(rel), &err);
    int rc = STATUS(t, err);
    grille_table_free(t);
    return rc;
}
static int s_table_speakers(void) { return parse_table("fuzz-seeds/tables/speakers.csv"); }
static int s_table_cp1252(void) { return parse_table("fuzz-seeds/tables/cp1252.csv"); }

static int s_matrix_options(void) {
    grille_error err;
    grille_matrix_options mo = GRILLE_MATRIX_OPTIONS_INIT;
    mo.by_variable = "speaker";
    mo.measure = GRILLE_MEASURE_SHARE;
    mo.flags = GRILLE_MATRIX_LEAVES | GRILLE_MATRIX_TRANSPOSE;
    grille_matrix *m = grille_matrix_new(cb, CS, 2, &mo, &err);
    int rc = STATUS(m, err);
    FILE *f = out_open();
    if (m) rc = grille_matrix_write(f, GRILLE_FORMAT_MARKDOWN, m, NULL);
    grille_matrix_free(m);
    if (rc == GRILLE_OK) {
        grille_note_options no = GRILLE_NOTE_OPTIONS_INIT;
        no.quotes = 5;
        no.title = "Note";
        rc = grille_note_write_codings(f, GRILLE_FORMAT_HTML, cb, CS, 2, &no, &err);
    }
    out_close(f);
    return rc;
}

/* lemma rules resolved with a lexicon, and a lexicon extended */
static grille_lexicon *lexicon;
static char lexicon_path[] = "/tmp/grille-oom-lexicon-XXXXXX";
static int s_codebook_lemmas(void) {
    grille_error err;
    grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
    o.lexicon = lexicon;
    grille_diagnostics *d = NULL;
    grille_codebook_source src = {.path = data_path("codebooks/lemmas.xml")};
    grille_codebook *c = grille_codebook_open(&src, &o, &d, &err);
    int rc = STATUS(c, err);
    grille_diagnostics_free(d);
    grille_codebook_free(c);
    return rc;
}
static int s_lexicon_extend(void) {
    grille_error err;
    grille_lexicon *x = grille_lexicon_extend(lexicon, data_path("lexicon/user.tsv"), &err);
    int rc = STATUS(x, err);
    grille_lexicon_free(x);
    return rc;
}

static int import_gold(const char *rel) {
    grille_error err;
    FILE *f = out_open();
    char p[4096];
    snprintf(p, sizeof p, "%s", data_path(rel));
    int rc = grille_refi_import_gold(p, f, NULL, &err);
    out_close(f);
    return rc;
}
static int s_refi_dup_names(void) { return import_gold("refi/dup-names.qdpx"); }
static int s_refi_no_codebook(void) { return import_gold("refi/atlas-no-codebook.qdpx"); }
static int s_refi_atlas_qdc(void) {
    grille_error err;
    FILE *f = out_open();
    char p[4096];
    snprintf(p, sizeof p, "%s", data_path("refi/atlas-0-4.qdc"));
    int rc = grille_refi_import_codebook(p, f, &err);
    out_close(f);
    return rc;
}

/* ------------------------------------------------------------------ */

#define SWEEP(f)                           \
    START_TEST(test_##f) { sweep(#f, f); } \
    END_TEST
SWEEP(s_codebook_minimal)
SWEEP(s_codebook_draft)
SWEEP(s_codebook_paragraph)
SWEEP(s_transcript)
SWEEP(s_coder)
SWEEP(s_reader_chunks)
SWEEP(s_docx)
SWEEP(s_odt)
SWEEP(s_fodt)
SWEEP(s_html)
SWEEP(s_vtt)
SWEEP(s_srt)
SWEEP(s_json)
SWEEP(s_utf16)
SWEEP(s_cp1252)
SWEEP(s_focus)
SWEEP(s_matrix)
SWEEP(s_cooc_kwic)
SWEEP(s_kwic)
SWEEP(s_note)
SWEEP(s_exports)
SWEEP(s_xlsx)
SWEEP(s_codebook_doc)
SWEEP(s_eval)
SWEEP(s_suggest)
SWEEP(s_stats_diff)
SWEEP(s_gold)
SWEEP(s_table)
SWEEP(s_corpus)
SWEEP(s_refi_import)
SWEEP(s_refi_import_nvivo)
SWEEP(s_lexicon)
SWEEP(s_realistic_docx)
SWEEP(s_realistic_odt)
SWEEP(s_questions_fodt)
SWEEP(s_utf16be)
SWEEP(s_initials)
SWEEP(s_read_tables)
SWEEP(s_table_speakers)
SWEEP(s_table_cp1252)
SWEEP(s_matrix_options)
SWEEP(s_codebook_lemmas)
SWEEP(s_lexicon_extend)
SWEEP(s_refi_dup_names)
SWEEP(s_refi_no_codebook)
SWEEP(s_refi_atlas_qdc)

static void write_qdpx(void) {
    grille_error err;
    int fd = mkstemp(qdpx);
    ck_assert(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    ck_assert_int_eq(grille_refi_write_qdpx(f, cb, CS, 2, NULL, &err), GRILLE_OK);
    fclose(f);
}

static void refi_setup(void) {
    setup();
    write_qdpx();
}
static void refi_teardown(void) {
    unlink(qdpx);
    teardown();
}

static void more_setup(void) {
    grille_error err;
    setup();
    variables = grille_table_load(data_path("formats/variables.csv"), &err);
    speakers = grille_table_load(data_path("fuzz-seeds/tables/speakers.csv"), &err);
    ck_assert(variables && speakers);
    char p0[4096], p1[4096];
    snprintf(p0, sizeof p0, "%s", data_path("lexicon/mini.tsv"));
    snprintf(p1, sizeof p1, "%s", data_path("lexicon/supplement.tsv"));
    const char *paths[] = {p0, p1};
    int fd = mkstemp(lexicon_path);
    ck_assert(fd >= 0);
    close(fd);
    ck_assert_int_eq(lexicon_compile(paths, 2, lexicon_path, &err), GRILLE_OK);
    lexicon = grille_lexicon_open(lexicon_path, &err);
    ck_assert(lexicon != NULL);
}
static void more_teardown(void) {
    grille_lexicon_free(lexicon);
    unlink(lexicon_path);
    strcpy(lexicon_path, "/tmp/grille-oom-lexicon-XXXXXX");
    grille_table_free(variables);
    grille_table_free(speakers);
    teardown();
}

static Suite *suite(void) {
    Suite *s = suite_create("oom");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_set_timeout(tc, 600);
    tcase_add_test(tc, test_s_codebook_minimal);
    tcase_add_test(tc, test_s_codebook_draft);
    tcase_add_test(tc, test_s_codebook_paragraph);
    tcase_add_test(tc, test_s_transcript);
    tcase_add_test(tc, test_s_coder);
    tcase_add_test(tc, test_s_reader_chunks);
    tcase_add_test(tc, test_s_docx);
    tcase_add_test(tc, test_s_odt);
    tcase_add_test(tc, test_s_fodt);
    tcase_add_test(tc, test_s_html);
    tcase_add_test(tc, test_s_vtt);
    tcase_add_test(tc, test_s_srt);
    tcase_add_test(tc, test_s_json);
    tcase_add_test(tc, test_s_utf16);
    tcase_add_test(tc, test_s_cp1252);
    tcase_add_test(tc, test_s_focus);
    tcase_add_test(tc, test_s_matrix);
    tcase_add_test(tc, test_s_cooc_kwic);
    tcase_add_test(tc, test_s_kwic);
    tcase_add_test(tc, test_s_note);
    tcase_add_test(tc, test_s_exports);
    tcase_add_test(tc, test_s_xlsx);
    tcase_add_test(tc, test_s_codebook_doc);
    tcase_add_test(tc, test_s_eval);
    tcase_add_test(tc, test_s_suggest);
    tcase_add_test(tc, test_s_stats_diff);
    tcase_add_test(tc, test_s_gold);
    tcase_add_test(tc, test_s_table);
    tcase_add_test(tc, test_s_corpus);
    tcase_add_test(tc, test_s_lexicon);
    tcase_add_test(tc, test_s_realistic_docx);
    tcase_add_test(tc, test_s_realistic_odt);
    tcase_add_test(tc, test_s_questions_fodt);
    tcase_add_test(tc, test_s_utf16be);
    tcase_add_test(tc, test_s_initials);
    tcase_add_test(tc, test_s_table_speakers);
    tcase_add_test(tc, test_s_table_cp1252);
    tcase_add_test(tc, test_s_matrix_options);
    suite_add_tcase(s, tc);
    TCase *more = tcase_create("with tables and a lexicon");
    tcase_add_checked_fixture(more, more_setup, more_teardown);
    tcase_set_timeout(more, 600);
    tcase_add_test(more, test_s_read_tables);
    tcase_add_test(more, test_s_codebook_lemmas);
    tcase_add_test(more, test_s_lexicon_extend);
    suite_add_tcase(s, more);
    /* configure --without-refi leaves REFI-QDA out */
    if (grille_has_feature(GRILLE_FEATURE_REFI)) {
        TCase *refi = tcase_create("refi");
        tcase_add_checked_fixture(refi, refi_setup, refi_teardown);
        tcase_set_timeout(refi, 600);
        tcase_add_test(refi, test_s_refi_import);
        tcase_add_test(refi, test_s_refi_import_nvivo);
        tcase_add_test(refi, test_s_refi_dup_names);
        tcase_add_test(refi, test_s_refi_no_codebook);
        tcase_add_test(refi, test_s_refi_atlas_qdc);
        suite_add_tcase(s, refi);
    }
    return s;
}
RUN_SUITE(suite)

/* grille.c - the command line: dispatch to subcommands, shared helpers. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include "shard.h"
#include <pthread.h>
#include <time.h>
#include <stdlib.h>
#ifdef __GLIBC__ /* mallopt */
#include <malloc.h>
#endif
#include <string.h>
#include <unistd.h>

static const char usage[] = N_("Usage: grille COMMAND [OPTIONS] [ARGS]\n"
                               "Code French qualitative interviews with a codebook (grille de codage).\n"
                               "\n"
                               "Commands:\n"
                               "  code     write the coded segments of transcripts (TSV, CSV, JSON Lines)\n"
                               "  matrix   write the theme x document or theme x variable matrix\n"
                               "  cooc     write the theme x theme co-occurrence table\n"
                               "  kwic     write a concordance of the rules' matches, in context\n"
                               "  search   find a word, phrase, lemma or regex in the transcripts, in context\n"
                               "  note     write synthesis notes per theme (Markdown, or HTML with a heat map)\n"
                               "  check    validate a codebook, and with --corpus report on its rules\n"
                               "  text     print the plain text grille codes in a transcript (.docx, .vtt...)\n"
                               "  speakers list who speaks in each transcript, and what looks wrong\n"
                               "  tokens   show the units, tokens and normalised forms of a transcript\n"
                               "  gold     write a table for hand coding (gold template)\n"
                               "  review   write a page to review grille's coding and hand-code in a browser\n"
                               "  eval     compare grille's coding with a hand-coded gold, or two coders\n"
                               "  suggest  learn rules from a hand-coded gold, cross-validated\n"
                               "  diff     show what a codebook change does to the coding of transcripts\n"
                               "  lemma    show the lemmas of words, and the forms a lemma rule matches\n"
                               "  export   write the codebook or a coding as REFI-QDA (.qdc, .qdpx), SQLite or\n"
                               "           an Iramuteq corpus\n"
                               "  import   read a REFI-QDA codebook as a skeleton, or codings as a gold file\n"
                               "  merge    merge the parts of a corpus coded in shards (code, matrix, note\n"
                               "           or export --shard)\n"
                               "\n"
                               "Run 'grille COMMAND --help' for a command's options, 'man grille' for\n"
                               "the formats.  Exit status: 0 ok, 1 internal error, 2 bad input or usage\n"
                               "(and 3 from diff when a theme lost more than allowed).\n");

void cli_report(const grille_error *err) {
    char buf[1200];
    fprintf(stderr, _("grille: %s\n"), grille_error_format(err, buf, sizeof buf));
}

void cli_warn(void *ctx, const grille_error *w) {
    char buf[1200];
    (void)ctx;
    fprintf(stderr, _("grille: warning: %s\n"), grille_error_format(w, buf, sizeof buf));
}

int cli_exit_code(int code) {
    switch (code) {
    case GRILLE_OK: return EXIT_OK;
    case GRILLE_ENOMEM: return EXIT_INTERNAL;
    default: return EXIT_INPUT;
    }
}

/* Where the default codebook and the lexicon are.  An installed grille
 * looks in the installed data only, whatever the current directory.  A
 * grille run from its build tree finds there, next to the program, the
 * file grille-build-tree that make writes (its two lines: the source
 * and the build directories), and uses the tree's codebook and lexicon:
 * an explicit mark, not a path compiled into the program. */
static char build_src[4096], build_dir[4096];
static int build_tried;

static int in_build_tree(void) {
    if (build_tried) return build_src[0] != '\0';
    build_tried = 1;
    char exe[4096];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (n <= 0) return 0;
    exe[n] = '\0';
    /* build/grille, or libtool's build/.libs/grille behind its wrapper */
    for (int up = 0; up < 2; up++) {
        char *slash = strrchr(exe, '/');
        if (!slash) return 0;
        *slash = '\0';
        char mark[4200];
        snprintf(mark, sizeof mark, "%s/grille-build-tree", exe);
        FILE *f = fopen(mark, "r");
        if (!f) continue;
        int ok = fgets(build_src, sizeof build_src, f) && fgets(build_dir, sizeof build_dir, f);
        fclose(f);
        build_src[strcspn(build_src, "\n")] = '\0';
        build_dir[strcspn(build_dir, "\n")] = '\0';
        if (!ok) build_src[0] = '\0';
        return ok;
    }
    return 0;
}

const char *cli_locale_dir(void) {
    static char path[4200];
    if (in_build_tree()) snprintf(path, sizeof path, "%s/locale", build_dir);
    else snprintf(path, sizeof path, "%s", LOCALEDIR);
    return path;
}

const char *cli_default_codebook(void) {
    static char path[4200];
    if (in_build_tree()) snprintf(path, sizeof path, "%s/codebooks/dts-fr.xml", build_src);
    else snprintf(path, sizeof path, "%s/dts-fr.xml", GRILLE_PKGDATADIR);
    return access(path, R_OK) == 0 ? path : NULL;
}

/* The lexicon, opened once for the run: $GRILLE_LEXICON, else the build
 * tree's when run from there, else the installed one.  NULL when none is found (lemma rules then
 * match their exact form, and check says so). */
static grille_lexicon *lexicon;
static int lexicon_tried;

const grille_lexicon *cli_lexicon(void) {
    if (lexicon_tried) return lexicon;
    lexicon_tried = 1;
    const char *env = getenv("GRILLE_LEXICON");
    if (env && *env && access(env, R_OK) != 0) {
        /* a lexicon asked for by name must be there */
        fprintf(stderr, _("grille: GRILLE_LEXICON: cannot read %s\n"), env);
        return NULL;
    }
    char tree[4200];
    int in_tree = in_build_tree();
    snprintf(tree, sizeof tree, "%s/data/lexique-fr.grl", build_dir);
    const char *const paths[] = {env && *env ? env : NULL, in_tree ? tree : GRILLE_PKGDATADIR "/lexique-fr.grl"};
    for (size_t i = 0; i < sizeof paths / sizeof paths[0]; i++) {
        if (!paths[i] || access(paths[i], R_OK) != 0) continue;
        grille_error err;
        lexicon = grille_lexicon_open(paths[i], &err);
        if (!lexicon) cli_report(&err);
        break;
    }
    return lexicon;
}

void cli_lexicon_free(void) {
    grille_lexicon_free(lexicon);
    lexicon = NULL;
}

grille_codebook *cli_load_codebook(const char *path) {
    if (!path) {
        path = cli_default_codebook();
        if (!path) {
            fprintf(stderr,
                    _("grille: no codebook given (-c FILE) and no default codebook found "
                      "(%s/dts-fr.xml)\n"),
                    in_build_tree() ? _("the source tree's codebooks") : GRILLE_PKGDATADIR);
            return NULL;
        }
    }
    if (cli_check_input(path)) return NULL;
    grille_error err;
    grille_load_options opts = GRILLE_LOAD_OPTIONS_INIT;
    opts.lexicon = cli_lexicon();
    grille_diagnostics *d = NULL;
    grille_codebook_source src = {.path = path};
    grille_codebook *cb = grille_codebook_open(&src, &opts, &d, &err);
    if (!cb) cli_report(&err);
    /* warnings too: a lemma rule quietly reduced to its exact word would
     * change the coding without a word said */
    for (size_t i = 0; cb && i < grille_diagnostics_count(d); i++) {
        int is_error;
        const grille_error *e = grille_diagnostics_get(d, i, &is_error);
        char buf[1200];
        if (!is_error) fprintf(stderr, _("grille: warning: %s\n"), grille_error_format(e, buf, sizeof buf));
    }
    grille_diagnostics_free(d);
    return cb;
}

/* ------------------------------------------------------------------ */
/* coding a corpus on several threads                                  */

typedef struct work {
    const grille_codebook *cb;
    const grille_corpus *corpus;
    const size_t *pick; /* --shard: the corpus index of each document run */
    cli_run *run;
    grille_error *errors;
    pthread_mutex_t lock;
    size_t next;
    /* streaming: documents are handed to the sink in corpus order as
     * soon as those before them are, then freed; a reader waits while
     * it is `window` documents ahead, so memory holds a few documents,
     * not the corpus */
    const cli_sink *sink;
    pthread_cond_t moved;
    size_t emitted, window;
    int emitting; /* a thread is handing documents over */
    unsigned char *ready;
    int rc;
    /* progress on stderr when it is a terminal */
    int progress;
    size_t done, bytes;
    double start, shown;
} work;

static double now_seconds(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* What is said of document i once it is read: its warnings, or why it
 * could not be read or coded; returns its exit code. */
static int report(work *w, size_t i) {
    cli_run *run = w->run;
    if (run->docs[i]) {
        cli_read_warnings(run->docs[i]);
        cli_read_check_document(run->docs[i]);
    }
    if (!run->docs[i] || (w->cb && !run->codings[i])) {
        cli_report(&w->errors[i]);
        return cli_exit_code(w->errors[i].code);
    }
    return EXIT_OK;
}

/* Streaming, with w->lock held: hands over the documents that are next
 * in order, until one is not read yet.  After a failure the rest is
 * still read, for its messages, but no longer handed over.  One thread
 * at a time emits, and it lets go of the lock while the sink writes and
 * the document is freed: another thread that finishes a document then
 * only marks it ready (the emitter takes it next) instead of waiting for
 * the writing to end. */
static void emit_ready(work *w) {
    cli_run *run = w->run;
    if (w->emitting) return;
    w->emitting = 1;
    while (w->emitted < run->n && w->ready[w->emitted]) {
        size_t i = w->emitted;
        int c = report(w, i);
        if (c > w->rc) w->rc = c;
        int hand_over = w->rc == EXIT_OK;
        pthread_mutex_unlock(&w->lock);
        c = hand_over ? w->sink->each(w->sink->ctx, run->docs[i], run->codings[i]) : EXIT_OK;
        grille_coding_free(run->codings[i]);
        grille_document_free(run->docs[i]);
        pthread_mutex_lock(&w->lock);
        if (c > w->rc) w->rc = c;
        run->codings[i] = NULL;
        run->docs[i] = NULL;
        w->emitted++;
        pthread_cond_broadcast(&w->moved);
    }
    w->emitting = 0;
}

/* Set by an output that goes to the terminal as the documents come
 * (cli_quiet_progress()): a progress line there would land among its
 * lines.  The command's own state, set before its run's threads start. */
static int progress_quiet;

static void show_progress(work *w, const grille_document *doc) {
    w->done++;
    w->bytes += grille_document_size(doc);
    double t = now_seconds();
    if (t - w->shown > 0.2 || w->done == w->run->n) {
        w->shown = t;
        double el = t - w->start;
        fputc('\r', stderr);
        char rate[64];
        fprintf(stderr, _("grille: %zu/%zu documents, %s MB/s"), w->done, w->run->n,
                cli_number(rate, sizeof rate, el > 0 ? (double)w->bytes / 1e6 / el : 0.0, 1));
    }
}

static void *worker(void *arg) {
    work *w = arg;
    /* one coder per thread: it keeps the words met from one document to
     * the next (if it cannot be made, out of memory, each document makes
     * its own, and reports that) */
    grille_error cerr;
    grille_coder *coder = w->cb ? grille_coder_new(w->cb, &cerr) : NULL;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        while (w->sink && i < w->run->n && i >= w->emitted + w->window) pthread_cond_wait(&w->moved, &w->lock);
        pthread_mutex_unlock(&w->lock);
        if (i >= w->run->n) break;
        size_t at = w->pick ? w->pick[i] : i;
        grille_read_options opts;
        cli_read_options(&opts, grille_corpus_file_id(w->corpus, at), grille_corpus_file_path(w->corpus, at));
        grille_document *doc = grille_document_load(grille_corpus_file_path(w->corpus, at), &opts, &w->errors[i]);
        grille_coding *coding = !doc || !w->cb ? NULL
                                : coder        ? grille_coder_code(coder, doc, &w->errors[i])
                                               : grille_coding_new(w->cb, doc, &w->errors[i]);
        pthread_mutex_lock(&w->lock);
        w->run->docs[i] = doc;
        w->run->codings[i] = coding;
        if (doc && w->progress) show_progress(w, doc);
        if (w->sink) {
            w->ready[i] = 1;
            emit_ready(w);
        }
        pthread_mutex_unlock(&w->lock);
    }
    grille_coder_free(coder);
    return NULL;
}

/* Lists the corpus, says what it skips, and reads (and codes, with a
 * codebook) every document on `jobs` threads: into run, or through sink
 * when one is given. */
static int run_corpus(const grille_codebook *cb, char **paths, size_t npaths, int jobs, cli_run *run,
                      const cli_sink *sink) {
    memset(run, 0, sizeof *run);
    int rc = cli_read_prepare(paths, npaths);
    if (rc) return rc;
    grille_error err;
    grille_corpus *corpus = grille_corpus_new((const char *const *)paths, npaths, &err);
    if (!corpus) {
        cli_report(&err);
        return cli_exit_code(err.code);
    }
    cli_corpus_warnings(corpus);
    run->n = grille_corpus_file_count(corpus);
    for (size_t i = 0; i < run->n; i++)
        if ((rc = cli_check_input(grille_corpus_file_path(corpus, i)))) {
            grille_corpus_free(corpus);
            run->n = 0;
            return rc;
        }
    if (run->n == 0) {
        fprintf(stderr, _("grille: no transcript found in the paths given (.txt, .md, .docx, .odt, .vtt, "
                          ".srt, .html, .json)\n"));
        grille_corpus_free(corpus);
        return EXIT_INPUT;
    }
    /* --shard: only this shard's documents (maybe none) */
    const size_t *pick = NULL;
    if (cli_shard_active() && (rc = cli_shard_select(corpus, &pick, &run->n))) {
        grille_corpus_free(corpus);
        run->n = 0;
        return rc;
    }
    if (jobs < 1) jobs = 1;
    if ((size_t)jobs > run->n) jobs = run->n ? (int)run->n : 1;
    run->docs = calloc(run->n ? run->n : 1, sizeof *run->docs);
    run->codings = calloc(run->n ? run->n : 1, sizeof *run->codings);
    work w = {.cb = cb,
              .corpus = corpus,
              .pick = pick,
              .run = run,
              .errors = calloc(run->n ? run->n : 1, sizeof(grille_error)),
              .lock = PTHREAD_MUTEX_INITIALIZER,
              .moved = PTHREAD_COND_INITIALIZER,
              .sink = sink,
              .window = 4 * (size_t)jobs,
              .ready = sink ? calloc(run->n ? run->n : 1, 1) : NULL};
    /* a long run shows where it is, but only to a person at a terminal */
    w.progress = run->n > 1 && isatty(STDERR_FILENO);
    w.start = w.shown = now_seconds();
    if (!run->docs || !run->codings || !w.errors || (sink && !w.ready)) {
        fputs(_("grille: out of memory\n"), stderr);
        free(w.errors);
        free(w.ready);
        grille_corpus_free(corpus);
        return EXIT_INTERNAL;
    }
    if (sink && sink->count) *sink->count = run->n;
    if (sink && sink->begin && (rc = sink->begin(sink->ctx)) != EXIT_OK) {
        free(w.errors);
        free(w.ready);
        grille_corpus_free(corpus);
        return rc;
    }
    if (progress_quiet) w.progress = 0;
    pthread_t threads[64];
    int started = 0;
    for (int t = 1; t < jobs && t < 64; t++)
        if (pthread_create(&threads[started], NULL, worker, &w) == 0) started++;
    worker(&w);
    for (int t = 0; t < started; t++) pthread_join(threads[t], NULL);
    if (w.progress) fputs("\r\033[K", stderr);
    if (sink) rc = w.rc;
    else
        for (size_t i = 0; i < run->n; i++) {
            int c = report(&w, i);
            if (c > rc) rc = c;
        }
    /* a shard sees part of the corpus: rows of the tables that name the
     * others' documents are no typos */
    if (!pick) cli_read_check_end();
    free(w.errors);
    free(w.ready);
    grille_corpus_free(corpus);
    return rc;
}

void cli_quiet_progress(void) { progress_quiet = 1; }

int cli_code_corpus(const grille_codebook *cb, char **paths, size_t npaths, const char *interviewers, int jobs,
                    cli_run *run) {
    cli_read_set_interviewers(interviewers);
    return run_corpus(cb, paths, npaths, jobs, run, NULL);
}

int cli_code_corpus_each(const grille_codebook *cb, char **paths, size_t npaths, const char *interviewers, int jobs,
                         const cli_sink *sink) {
    cli_run run;
    cli_read_set_interviewers(interviewers);
    int rc = run_corpus(cb, paths, npaths, jobs, &run, sink);
    cli_run_free(&run);
    return rc;
}

int cli_read_corpus(char **paths, size_t npaths, int jobs, cli_run *run) {
    return run_corpus(NULL, paths, npaths, jobs, run, NULL);
}

int cli_read_corpus_each(char **paths, size_t npaths, int jobs, const cli_sink *sink) {
    cli_run run;
    int rc = run_corpus(NULL, paths, npaths, jobs, &run, sink);
    cli_run_free(&run);
    return rc;
}

void cli_run_free(cli_run *run) {
    for (size_t i = 0; i < run->n; i++) {
        grille_coding_free(run->codings ? run->codings[i] : NULL);
        grille_document_free(run->docs ? run->docs[i] : NULL);
    }
    free(run->docs);
    free(run->codings);
    memset(run, 0, sizeof *run);
}

int main(int argc, char **argv) {
    cli_locale_init();
    /* libzip converts the date of every entry of a .docx/.odt with
     * mktime(), and glibc then stats /etc/localtime each time unless TZ
     * is set: naming the same file keeps the same local time without the
     * 9 system calls per document (5% of reading a short .docx) */
    if (!getenv("TZ")) setenv("TZ", ":/etc/localtime", 0);
#if defined(__GLIBC__) && defined(M_TRIM_THRESHOLD)
    /* glibc gives freed memory back as soon as 128 KB lie free at the top
     * of the heap, and maps each block of 128 KB or more on its own: a
     * run that reads document after document then maps, unmaps and faults
     * in the same pages for each (half the page faults of grille code on
     * 400 transcripts, six a .docx).  A batch program keeps them: the
     * peak is the same (bench/memory.sh), and the pages are reused.  A
     * user's own malloc settings are left as they are. */
    const char *tunables = getenv("GLIBC_TUNABLES");
    if (!(tunables && strstr(tunables, "malloc")) && !getenv("MALLOC_TRIM_THRESHOLD_") &&
        !getenv("MALLOC_MMAP_THRESHOLD_")) {
        mallopt(M_MMAP_THRESHOLD, 8 << 20);
        mallopt(M_TRIM_THRESHOLD, 16 << 20);
    }
#endif
    if (argc < 2) {
        fputs(_(usage), stderr);
        return EXIT_INPUT;
    }
    const char *cmd = argv[1];
    if (strcmp(cmd, "--help") == 0 || strcmp(cmd, "-h") == 0 || strcmp(cmd, "help") == 0) {
        fputs(_(usage), stdout);
        return EXIT_OK;
    }
    if (strcmp(cmd, "--version") == 0 || strcmp(cmd, "-V") == 0) {
        printf("grille %s\n", grille_version());
        cli_print_features(stdout);
        return EXIT_OK;
    }
    /* getopt names the program in its messages: "grille code: ..." */
    static char name[32];
    snprintf(name, sizeof name, "grille %s", cmd);
    argv[1] = name;
    static const struct {
        const char *name;
        int (*fn)(int, char **);
    } commands[] = {
        {"code", cmd_code},         {"matrix", cmd_matrix}, {"check", cmd_check},   {"tokens", cmd_tokens},
        {"eval", cmd_eval},         {"diff", cmd_diff},     {"lemma", cmd_lemma},   {"cooc", cmd_cooc},
        {"kwic", cmd_kwic},         {"export", cmd_export}, {"import", cmd_import}, {"note", cmd_note},
        {"speakers", cmd_speakers}, {"text", cmd_text},     {"gold", cmd_gold},     {"suggest", cmd_suggest},
        {"search", cmd_search},     {"review", cmd_review}, {"merge", cmd_merge}};
    for (size_t i = 0; i < sizeof commands / sizeof commands[0]; i++)
        if (strcmp(cmd, commands[i].name) == 0) {
            int rc = commands[i].fn(argc - 1, argv + 1);
            cli_lexicon_free();
            cli_read_free();
            cli_shard_free();
            return rc;
        }
    fprintf(stderr, _("grille: unknown command '%s'\n"), cmd);
    fputs(_(usage), stderr);
    return EXIT_INPUT;
}

/* check_atomic.c - bin/atomic.c in process, for what the command line
 * cannot reach: an allocation failing at each step of opening an output
 * (malloc, strdup and realpath wrapped at link time with -Wl,--wrap),
 * more outputs open at once than the table of temporaries holds, an
 * output closed as failed (with the writer's message), closed twice, and
 * standard output.  Linked
 * with grille's own object of atomic.c, so that its coverage counts are
 * those of the command. */
#include "testutil.h"
#include "cli.h"
#include <dirent.h>
#include <stdatomic.h>
#include <sys/stat.h>
#include <unistd.h>

void *__real_malloc(size_t n);
char *__real_strdup(const char *s);
char *__real_realpath(const char *path, char *resolved);
void *__wrap_malloc(size_t n);
char *__wrap_strdup(const char *s);
char *__wrap_realpath(const char *path, char *resolved);

/* grille.c's cli_report(), which atomic.c calls: the last message kept. */
static char reported[1200];
void cli_report(const grille_error *err) { grille_error_format(err, reported, sizeof reported); }

/* Only while armed: Check's own allocations are wrapped too. */
static atomic_int armed, injected;
static atomic_long countdown, calls;

static int fail_now(void) {
    if (!atomic_load(&armed)) return 0;
    atomic_fetch_add(&calls, 1);
    if (atomic_load(&countdown) > 0 && atomic_fetch_sub(&countdown, 1) == 1) {
        atomic_store(&injected, 1);
        return 1;
    }
    return 0;
}
void *__wrap_malloc(size_t n) { return fail_now() ? NULL : __real_malloc(n); }
char *__wrap_strdup(const char *s) { return fail_now() ? NULL : __real_strdup(s); }
char *__wrap_realpath(const char *path, char *resolved) { return fail_now() ? NULL : __real_realpath(path, resolved); }

static char dir[] = "/tmp/grille-check-atomic-XXXXXX";

static void setup(void) { ck_assert_ptr_nonnull(mkdtemp(dir)); }
static void teardown(void) {
    DIR *d = opendir(dir);
    struct dirent *e;
    char p[4096];
    while (d && (e = readdir(d)))
        if (e->d_name[0] != '.') {
            snprintf(p, sizeof p, "%s/%s", dir, e->d_name);
            unlink(p);
        }
    if (d) closedir(d);
    rmdir(dir);
    strcpy(dir, "/tmp/grille-check-atomic-XXXXXX");
}

/* Files in dir whose name holds part. */
static int count_files(const char *part) {
    DIR *d = opendir(dir);
    struct dirent *e;
    int n = 0;
    while ((e = readdir(d)))
        if (strstr(e->d_name, part)) n++;
    closedir(d);
    return n;
}

static char *path_of(const char *name) {
    static char p[4][4096];
    static int k;
    k = (k + 1) % 4;
    snprintf(p[k], sizeof p[k], "%s/%s", dir, name);
    return p[k];
}

static void write_file(const char *path, const char *text) {
    FILE *f = fopen(path, "w");
    ck_assert_ptr_nonnull(f);
    fputs(text, f);
    fclose(f);
}

static int has_text(const char *path, const char *text) {
    char buf[256] = "";
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    size_t n = fread(buf, 1, sizeof buf - 1, f);
    buf[n] = '\0';
    fclose(f);
    return strcmp(buf, text) == 0;
}

/* Opens path with each allocation failing in turn: out of memory, an
 * internal error with nothing left behind, the old file as it was; when
 * nothing failed, the output is written.  It does without some
 * allocations, and writes the output all the same: the stream's large
 * buffer, and the name of a stale temporary to remove.  absorbed_want:
 * how many such failures there are on the way. */
static void open_out_of_memory(const char *name, const char *old, int absorbed_want) {
    const char *path = path_of(name);
    long total = 0, absorbed = 0;
    for (long i = 1;; i++) {
        cli_output o;
        atomic_store(&injected, 0);
        atomic_store(&calls, 0);
        atomic_store(&countdown, i);
        atomic_store(&armed, 1);
        int rc = cli_output_open(&o, path);
        atomic_store(&armed, 0);
        if (!atomic_load(&injected)) {
            ck_assert_int_eq(rc, EXIT_OK);
            fputs("new", o.f);
            ck_assert_int_eq(cli_output_close(&o, 1), EXIT_OK);
            ck_assert(has_text(path, "new"));
            total = atomic_load(&calls);
            break;
        }
        if (rc == EXIT_OK) { /* an allocation it can do without: stale temporaries left for later */
            fputs("new", o.f);
            ck_assert_int_eq(cli_output_close(&o, 1), EXIT_OK);
            ck_assert(has_text(path, "new"));
            ck_assert_int_eq(unlink(path), 0);
            absorbed++;
            continue;
        }
        ck_assert_msg(rc == EXIT_INTERNAL, "%s: allocation %ld failing gives %d", name, i, rc);
        ck_assert_ptr_null(o.f);
        ck_assert_ptr_null(o.path);
        ck_assert_ptr_null(o.tmp);
        char mine[64];
        snprintf(mine, sizeof mine, ".grille-tmp-%ld-", (long)getpid());
        ck_assert_int_eq(count_files(mine), 0);
        ck_assert(old ? has_text(path, old) : access(path, F_OK) != 0);
    }
    ck_assert_int_ge(total, 2); /* the target's name and the temporary's */
    ck_assert_int_eq(absorbed, absorbed_want);
}

START_TEST(test_oom_new_file) { open_out_of_memory("new.tsv", NULL, 1); }
END_TEST

START_TEST(test_oom_existing_file) {
    write_file(path_of("old.tsv"), "old");
    open_out_of_memory("old.tsv", "old", 1);
}
END_TEST

START_TEST(test_oom_dangling_link) {
    ck_assert_int_eq(symlink("target.tsv", path_of("link.tsv")), 0);
    open_out_of_memory("link.tsv", NULL, 1);
    ck_assert(has_text(path_of("target.tsv"), "new"));
}
END_TEST

/* A stale temporary of a process gone, and the path buffer for it that
 * cannot be had: left for the next run, the output still written.  Only
 * that failure is absorbed: the next open removes the stale file, and the
 * allocations after it come one earlier, so that the count steps over
 * the buffer's. */
START_TEST(test_oom_stale) {
    write_file(path_of("s.tsv.grille-tmp-999999999-AbCdEf"), "stale");
    open_out_of_memory("s.tsv", NULL, 1);
    ck_assert_int_eq(count_files("s.tsv.grille-tmp-"), 0);
}
END_TEST

/* More outputs open at once than the table of temporaries holds (8):
 * each is written all the same (only the signal cleanup misses the
 * ninth). */
START_TEST(test_many_outputs) {
    cli_output o[10];
    char name[32];
    for (int i = 0; i < 10; i++) {
        snprintf(name, sizeof name, "many-%d.tsv", i);
        ck_assert_int_eq(cli_output_open(&o[i], path_of(name)), EXIT_OK);
        fprintf(o[i].f, "%d", i);
    }
    ck_assert_int_eq(o[8].slot, -1);
    ck_assert_int_eq(count_files(".grille-tmp-"), 10);
    for (int i = 0; i < 10; i++) ck_assert_int_eq(cli_output_close(&o[i], 1), EXIT_OK);
    ck_assert_int_eq(count_files(".grille-tmp-"), 0);
    snprintf(name, sizeof name, "%d", 9);
    ck_assert(has_text(path_of("many-9.tsv"), name));
}
END_TEST

/* A writer that failed (ok = 0): the temporary removed, the old file
 * kept, an internal error; closing again is an error, not a crash. */
START_TEST(test_close_failed) {
    write_file(path_of("kept.tsv"), "old");
    cli_output o;
    ck_assert_int_eq(cli_output_open(&o, path_of("kept.tsv")), EXIT_OK);
    fputs("half", o.f);
    ck_assert_int_eq(cli_output_close(&o, 0), EXIT_INTERNAL);
    ck_assert(has_text(path_of("kept.tsv"), "old"));
    ck_assert_int_eq(count_files(".grille-tmp-"), 0);
    ck_assert_int_eq(cli_output_close(&o, 1), EXIT_INTERNAL);
}
END_TEST

/* A writer that failed with an error: its message reported, naming the
 * output, in place of the generic one; the old file kept. */
START_TEST(test_finish_failed) {
    write_file(path_of("kept.tsv"), "old");
    cli_output o;
    ck_assert_int_eq(cli_output_open(&o, path_of("kept.tsv")), EXIT_OK);
    fputs("half", o.f);
    grille_error err = {.code = GRILLE_EIO};
    snprintf(err.message, sizeof err.message, "cannot write the matrix: No space left on device");
    reported[0] = '\0';
    ck_assert_int_eq(cli_output_finish(&o, GRILLE_EIO, &err), EXIT_INTERNAL);
    ck_assert(has_text(path_of("kept.tsv"), "old"));
    ck_assert_int_eq(count_files(".grille-tmp-"), 0);
    ck_assert_msg(
        strstr(reported, "kept.tsv: cannot write the matrix: No space left on device; the file was not changed"),
        "reported: %s", reported);
    /* success: as cli_output_close() */
    ck_assert_int_eq(cli_output_open(&o, path_of("kept.tsv")), EXIT_OK);
    fputs("new", o.f);
    ck_assert_int_eq(cli_output_finish(&o, GRILLE_OK, NULL), EXIT_OK);
    ck_assert(has_text(path_of("kept.tsv"), "new"));
}
END_TEST

/* SQLite writes by path: it gets the temporary's name, no stream, and
 * standard output is refused. */
START_TEST(test_open_file) {
    cli_output o;
    ck_assert_int_eq(cli_output_open_file(&o, path_of("db.sqlite")), EXIT_OK);
    ck_assert_ptr_null(o.f);
    ck_assert_ptr_nonnull(o.tmp);
    write_file(o.tmp, "db");
    ck_assert_int_eq(cli_output_close(&o, 1), EXIT_OK);
    ck_assert(has_text(path_of("db.sqlite"), "db"));
    ck_assert_int_eq(cli_output_open_file(&o, "-"), EXIT_INPUT);
    ck_assert_int_eq(cli_output_open_file(&o, NULL), EXIT_INPUT);
}
END_TEST

START_TEST(test_stdout) {
    cli_output o;
    ck_assert_int_eq(cli_output_open(&o, "-"), EXIT_OK);
    ck_assert_ptr_eq(o.f, stdout);
    ck_assert_int_eq(cli_output_close(&o, 1), EXIT_OK);
    ck_assert_int_eq(cli_output_open(&o, NULL), EXIT_OK);
    ck_assert_int_eq(cli_output_close(&o, 0), EXIT_INTERNAL); /* the writer failed */
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("atomic");
    TCase *tc = tcase_create("core");
    tcase_add_checked_fixture(tc, setup, teardown);
    tcase_add_test(tc, test_oom_new_file);
    tcase_add_test(tc, test_oom_existing_file);
    tcase_add_test(tc, test_oom_dangling_link);
    tcase_add_test(tc, test_oom_stale);
    tcase_add_test(tc, test_many_outputs);
    tcase_add_test(tc, test_close_failed);
    tcase_add_test(tc, test_finish_failed);
    tcase_add_test(tc, test_open_file);
    tcase_add_test(tc, test_stdout);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

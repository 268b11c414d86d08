/* atomic.c - outputs that never destroy anything.
 *
 * A regular file is written to a temporary file beside it and renamed
 * over it when complete, keeping its permissions (a 0600 file of
 * verbatims stays 0600); a symbolic link is followed and its target
 * replaced, so the link stays.  Character devices (/dev/null), FIFOs and
 * sockets are written directly: renaming over /dev/null would replace the
 * device with a file.  A folder is refused.  An output that is also an
 * input of the run (a transcript, the codebook, a gold) is refused before
 * anything is read.  Temporary files are named FILE.grille-tmp-PID-XXXXXX:
 * they are removed on SIGINT, SIGTERM and SIGHUP, a later run removes
 * those of processes that no longer exist, and the corpus walk never
 * reads them. */
#define _XOPEN_SOURCE 700
#include "cli.h"
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define TMP_TAG ".grille-tmp-"

/* ------------------------------------------------------------------ */
/* temporary files removed on signals                                  */

/* A fixed table: the handler may only touch what async-signal-safe code
 * can (no malloc). */
#define MAX_TEMPS 8
static char temps[MAX_TEMPS][PATH_MAX];
static volatile sig_atomic_t temp_used[MAX_TEMPS];
static int handlers_installed;

#ifdef GRILLE_COVERAGE
/* a process killed by a signal writes no coverage counts: a coverage
 * build writes them here, so that this path is measured too */
void __gcov_dump(void);
#endif

static void on_signal(int sig) {
    for (int i = 0; i < MAX_TEMPS; i++)
        if (temp_used[i]) unlink(temps[i]);
#ifdef GRILLE_COVERAGE
    __gcov_dump();
#endif
    signal(sig, SIG_DFL);
    raise(sig);
}

static void install_handlers(void) {
    if (handlers_installed) return;
    handlers_installed = 1;
    static const int sigs[] = {SIGINT, SIGTERM, SIGHUP};
    for (size_t i = 0; i < sizeof sigs / sizeof sigs[0]; i++) {
        struct sigaction sa, old;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = on_signal;
        sigemptyset(&sa.sa_mask);
        /* a signal ignored by the caller (nohup) stays ignored */
        if (sigaction(sigs[i], NULL, &old) == 0 && old.sa_handler == SIG_IGN) continue;
        sigaction(sigs[i], &sa, NULL);
    }
}

static int register_temp(const char *path) {
    install_handlers();
    for (int i = 0; i < MAX_TEMPS; i++)
        if (!temp_used[i] && strlen(path) < PATH_MAX) {
            strcpy(temps[i], path);
            temp_used[i] = 1;
            return i;
        }
    return -1;
}

static void unregister_temp(int slot) {
    if (slot >= 0) temp_used[slot] = 0;
}

/* Removes FILE.grille-tmp-PID-* left by a process that no longer runs
 * (killed with -9, or a crash). */
static void remove_stale(const char *dir, const char *base) {
    DIR *d = opendir(dir);
    if (!d) return;
    size_t bl = strlen(base), tl = strlen(TMP_TAG);
    struct dirent *e;
    while ((e = readdir(d))) {
        if (strncmp(e->d_name, base, bl) != 0 || strncmp(e->d_name + bl, TMP_TAG, tl) != 0) continue;
        char *end;
        long pid = strtol(e->d_name + bl + tl, &end, 10);
        if (pid <= 0 || *end != '-' || (kill((pid_t)pid, 0) != 0 && errno != ESRCH)) continue;
        if (kill((pid_t)pid, 0) == 0) continue;
        size_t n = strlen(dir) + strlen(e->d_name) + 2;
        char *p = malloc(n);
        if (!p) break;
        snprintf(p, n, "%s/%s", dir, e->d_name);
        unlink(p);
        free(p);
    }
    closedir(d);
}

/* ------------------------------------------------------------------ */
/* outputs that are inputs                                             */

#define MAX_OUTPUTS 4
static const char *outputs[MAX_OUTPUTS];

void cli_protect_output(const char *path) {
    if (!path || !*path || strcmp(path, "-") == 0) return;
    for (int i = 0; i < MAX_OUTPUTS; i++)
        if (!outputs[i]) {
            outputs[i] = path;
            return;
        }
    /* Full: "-o a -o b ... -o FILE" writes FILE, the last one given, so
     * it must be the one kept (it used to be dropped, and an input named
     * by a fifth -o was destroyed). */
    outputs[MAX_OUTPUTS - 1] = path;
}

int cli_check_input(const char *input) {
    struct stat in;
    if (!input || stat(input, &in) != 0 || !S_ISREG(in.st_mode)) return EXIT_OK;
    for (int i = 0; i < MAX_OUTPUTS && outputs[i]; i++) {
        struct stat out;
        if (stat(outputs[i], &out) == 0 && out.st_dev == in.st_dev && out.st_ino == in.st_ino) {
            fprintf(stderr,
                    _("grille: -o %s is also an input of this run (%s): it would be destroyed; "
                      "choose another output file (nothing was written)\n"),
                    outputs[i], input);
            return EXIT_INPUT;
        }
    }
    return EXIT_OK;
}

/* ------------------------------------------------------------------ */
/* opening and closing                                                 */

static void split_path(const char *path, char **dir, const char **base) {
    const char *slash = strrchr(path, '/');
    *base = slash ? slash + 1 : path;
    if (!slash) *dir = strdup(".");
    else if (slash == path) *dir = strdup("/");
    else {
        *dir = malloc((size_t)(slash - path) + 1);
        if (*dir) {
            memcpy(*dir, path, (size_t)(slash - path));
            (*dir)[slash - path] = '\0';
        }
    }
}

static int fail_open(cli_output *o, const char *path, const char *why, int rc) {
    fprintf(stderr, _("grille: %s: %s\n"), path, why);
    free(o->path);
    free(o->tmp);
    free(o->buf);
    memset(o, 0, sizeof *o);
    o->slot = -1;
    return rc;
}

/* What -o names, links followed: 0 when it does not exist yet. */
static int target_of(const char *path, char **target, struct stat *st) {
    if (stat(path, st) != 0) {
        *target = strdup(path); /* a new file, or a link to a new file */
        if (*target && lstat(path, st) == 0 && S_ISLNK(st->st_mode)) {
            /* a dangling link: write where it points */
            char buf[PATH_MAX];
            ssize_t n = readlink(path, buf, sizeof buf - 1);
            if (n > 0) {
                buf[n] = '\0';
                free(*target);
                if (buf[0] == '/' || !strchr(path, '/')) *target = strdup(buf);
                else {
                    size_t dl = (size_t)(strrchr(path, '/') - path) + 1;
                    *target = malloc(dl + (size_t)n + 1);
                    if (*target) {
                        memcpy(*target, path, dl);
                        strcpy(*target + dl, buf);
                    }
                }
            }
        }
        return 0;
    }
    *target = realpath(path, NULL);
    return 1;
}

/* The buffer of a file written through a temporary. */
#define OUTPUT_BUFFER (1u << 20)

static int open_temp(cli_output *o, const struct stat *st, int exists) {
    char *dir;
    const char *base;
    split_path(o->path, &dir, &base);
    if (!dir) return fail_open(o, o->path, _("out of memory"), EXIT_INTERNAL);
    remove_stale(dir, base);
    size_t n = strlen(o->path) + strlen(TMP_TAG) + 32;
    o->tmp = malloc(n);
    if (!o->tmp) {
        free(dir);
        return fail_open(o, o->path, _("out of memory"), EXIT_INTERNAL);
    }
    snprintf(o->tmp, n, "%s%s%ld-XXXXXX", o->path, TMP_TAG, (long)getpid());
    free(dir);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        char why[256];
        snprintf(why, sizeof why, _("cannot write: %s"), strerror(errno));
        return fail_open(o, o->path, why, EXIT_INPUT);
    }
    o->slot = register_temp(o->tmp);
    if (exists) {
        /* keep what the file was: its permissions, and its owner when we may */
        (void)fchmod(fd, st->st_mode & 07777);
        if (fchown(fd, st->st_uid, st->st_gid) != 0) { /* not ours to give: keep ours */
        }
    } else {
        mode_t mask = umask(0);
        umask(mask);
        (void)fchmod(fd, 0666 & ~mask);
    }
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        unlink(o->tmp);
        unregister_temp(o->slot);
        return fail_open(o, o->path, strerror(errno), EXIT_INTERNAL);
    }
    /* a table of segments goes out row by row: with the stream's own
     * buffer (a page) that was a system call for every 4 KiB, 23,000 for
     * 100 MB of man pages coded with 500 words */
    o->buf = malloc(OUTPUT_BUFFER);
    if (o->buf && setvbuf(o->f, o->buf, _IOFBF, OUTPUT_BUFFER) != 0) {
        free(o->buf);
        o->buf = NULL;
    }
    /* for tests/outputs.sh only: a window in which to send a signal */
    const char *pause = getenv("GRILLE_TEST_OUTPUT_PAUSE");
    if (pause && *pause) sleep((unsigned)atoi(pause));
    return EXIT_OK;
}

static int open_any(cli_output *o, const char *path, int need_file) {
    memset(o, 0, sizeof *o);
    o->slot = -1;
    if (!path || strcmp(path, "-") == 0) {
        if (need_file) return fail_open(o, "-", _("this output must be a file"), EXIT_INPUT);
        o->f = stdout;
        return EXIT_OK;
    }
    if (!*path) return fail_open(o, "-o ''", _("an output needs a file name"), EXIT_INPUT);
    struct stat st;
    int exists = target_of(path, &o->path, &st);
    if (!o->path) return fail_open(o, path, _("out of memory"), EXIT_INTERNAL);
    if (exists && S_ISDIR(st.st_mode)) return fail_open(o, path, _("is a folder; -o names a file"), EXIT_INPUT);
    if (exists && !S_ISREG(st.st_mode)) {
        /* a device, a FIFO, a socket: written in place, never replaced */
        if (need_file) return fail_open(o, path, _("not a regular file (this output must be a file)"), EXIT_INPUT);
        o->f = fopen(o->path, "w");
        if (!o->f) {
            char why[256];
            snprintf(why, sizeof why, _("cannot write: %s"), strerror(errno));
            return fail_open(o, path, why, EXIT_INPUT);
        }
        return EXIT_OK;
    }
    return open_temp(o, &st, exists);
}

int cli_output_open(cli_output *o, const char *path) { return open_any(o, path, 0); }

int cli_output_open_file(cli_output *o, const char *path) {
    int rc = open_any(o, path, 1);
    if (rc == EXIT_OK && o->f) {
        /* the caller writes by path (SQLite): only the file is wanted */
        fclose(o->f);
        o->f = NULL;
        free(o->buf);
        o->buf = NULL;
    }
    return rc;
}

/* quiet: the failure is already reported (cli_output_finish()). */
static int finish(cli_output *o, int ok, int bad, int quiet) {
    int rc = EXIT_OK;
    if (!ok || bad) {
        if (o->tmp) unlink(o->tmp);
        if (bad && !quiet) {
            fprintf(stderr, _("grille: %s: write error (disk full?)%s\n"), o->path,
                    o->tmp ? _("; the file was not changed") : "");
            rc = EXIT_INTERNAL;
        } else rc = EXIT_INTERNAL;
    } else if (o->tmp && rename(o->tmp, o->path) != 0) {
        fprintf(stderr, _("grille: %s: %s\n"), o->path, strerror(errno));
        unlink(o->tmp);
        rc = EXIT_INTERNAL;
    }
    unregister_temp(o->slot);
    free(o->path);
    free(o->tmp);
    free(o->buf); /* after fclose() */
    memset(o, 0, sizeof *o);
    o->slot = -1;
    return rc;
}

static int close_output(cli_output *o, int ok, int quiet) {
    if (o->f == stdout) {
        int rc = EXIT_OK;
        if (!ok || fflush(stdout) != 0 || ferror(stdout)) {
            if (ok) fprintf(stderr, _("grille: error writing to standard output\n"));
            rc = EXIT_INTERNAL;
        }
        return rc;
    }
    if (!o->f && !o->tmp) return EXIT_INTERNAL;
    int bad = 0;
    if (o->f) {
        bad = ferror(o->f);
        if (fflush(o->f) != 0) bad = 1;
        if (o->tmp && fsync(fileno(o->f)) != 0 && errno != EINVAL) bad = 1;
        if (fclose(o->f) != 0) bad = 1;
        o->f = NULL;
    }
    return finish(o, ok, bad, quiet);
}

int cli_output_close(cli_output *o, int ok) { return close_output(o, ok, 0); }

int cli_output_finish(cli_output *o, int st, const grille_error *err) {
    if (st == GRILLE_OK) return close_output(o, 1, 0);
    /* the library's message says what could not be written and why; the
     * output is named as the user gave it */
    grille_error e;
    if (err) e = *err;
    else {
        memset(&e, 0, sizeof e);
        snprintf(e.message, sizeof e.message, "%s", grille_strerror(st));
    }
    if (!e.file[0])
        snprintf(e.file, sizeof e.file, "%s", o->f == stdout ? _("standard output") : o->path ? o->path : "");
    if (o->tmp) {
        size_t len = strlen(e.message);
        snprintf(e.message + len, sizeof e.message - len, "%s", _("; the file was not changed"));
    }
    cli_report(&e);
    return close_output(o, 0, 1);
}

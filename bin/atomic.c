/* atomic.c - outputs written to a temporary file and renamed. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int cli_output_open(cli_output *o, const char *path) {
    memset(o, 0, sizeof *o);
    if (!path || strcmp(path, "-") == 0) {
        o->f = stdout;
        return EXIT_OK;
    }
    size_t n = strlen(path);
    o->path = strdup(path);
    o->tmp = malloc(n + 16);
    if (!o->path || !o->tmp) {
        fprintf(stderr, "grille: out of memory\n");
        return EXIT_INTERNAL;
    }
    /* same directory as the target, so rename() stays atomic */
    snprintf(o->tmp, n + 16, "%s.tmpXXXXXX", path);
    int fd = mkstemp(o->tmp);
    if (fd < 0) {
        fprintf(stderr, "grille: %s: cannot write: %s\n", path, strerror(errno));
        free(o->path); free(o->tmp);
        o->path = o->tmp = NULL;
        return EXIT_INPUT;
    }
    /* mkstemp makes the file 0600; give it the usual permissions */
    mode_t mask = umask(0);
    umask(mask);
    (void)fchmod(fd, 0666 & ~mask);
    o->f = fdopen(fd, "w");
    if (!o->f) {
        close(fd);
        unlink(o->tmp);
        fprintf(stderr, "grille: %s: %s\n", path, strerror(errno));
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

int cli_output_close(cli_output *o, int ok) {
    int rc = EXIT_OK;
    if (!o->f) return EXIT_INTERNAL;
    if (o->f == stdout) {
        if (!ok || fflush(stdout) != 0 || ferror(stdout)) {
            fprintf(stderr, "grille: error writing to standard output\n");
            rc = EXIT_INTERNAL;
        }
        return rc;
    }
    int bad = ferror(o->f);
    if (fflush(o->f) != 0) bad = 1;
    if (fsync(fileno(o->f)) != 0 && errno != EINVAL) bad = 1;
    if (fclose(o->f) != 0) bad = 1;
    o->f = NULL;
    if (!ok || bad) {
        unlink(o->tmp);
        if (bad || !ok) {
            fprintf(stderr, "grille: %s: write error (disk full?); the file was not changed\n", o->path);
            rc = EXIT_INTERNAL;
        }
    } else if (rename(o->tmp, o->path) != 0) {
        fprintf(stderr, "grille: %s: %s\n", o->path, strerror(errno));
        unlink(o->tmp);
        rc = EXIT_INTERNAL;
    }
    free(o->path);
    free(o->tmp);
    o->path = o->tmp = NULL;
    return rc;
}

int cli_format_from_path(const char *path, int fallback) {
    if (!path) return fallback;
    const char *dot = strrchr(path, '.');
    if (!dot) return fallback;
    int f = grille_format_parse(dot + 1);
    return f < 0 ? fallback : f;
}

/* fault.c - an LD_PRELOAD library that makes system calls fail on demand,
 * so that tests/atomic.sh can test what grille does when a disk fills up,
 * a folder is read-only or a rename fails, without root, a small file
 * system or a full disk (as root, permissions stop nothing, so a
 * read-only folder cannot be made any other way).
 *
 * GRILLE_FAULT lists the calls to fail, comma-separated, each with the
 * errno to give: "fsync=EIO,rename=EXDEV".  Each fails once, its first
 * call: after that the program runs on as it would (the coverage
 * counters of a gcov build are written with fdopen and fclose at exit,
 * and must not be lost with the run they measure).  A stream call (fflush,
 * fclose) fails only on a stream open for writing, after doing its work,
 * so nothing leaks and a read of an input is not disturbed.  Only a
 * program named grille (or lt-grille) is touched: the libtool wrapper
 * script and the shell stay as they are. */
#define _GNU_SOURCE
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <stdio.h>
#include <stdio_ext.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <unistd.h>

static const struct {
    const char *name;
    int code;
} codes[] = {{"ENOSPC", ENOSPC}, {"EIO", EIO},       {"EACCES", EACCES}, {"EROFS", EROFS},  {"EPERM", EPERM},
             {"EXDEV", EXDEV},   {"EMFILE", EMFILE}, {"EDQUOT", EDQUOT}, {"EINVAL", EINVAL}};

/* The errno to fail call with, or 0 to let it through.  spent: the
 * entries of GRILLE_FAULT already used, by their position. */
static unsigned long spent;

static int fault(const char *call) {
    const char *spec = getenv("GRILLE_FAULT");
    if (!spec || !strstr(program_invocation_short_name, "grille")) return 0;
    size_t n = strlen(call);
    unsigned k = 0;
    for (const char *p = spec; *p; k++) {
        const char *end = strchr(p, ',');
        if (!end) end = p + strlen(p);
        if (strncmp(p, call, n) == 0 && p[n] == '=' && k < 64 && !(spent >> k & 1)) {
            spent |= 1UL << k;
            const char *e = p + n + 1;
            for (size_t i = 0; i < sizeof codes / sizeof codes[0]; i++)
                if (strlen(codes[i].name) == (size_t)(end - e) && strncmp(e, codes[i].name, (size_t)(end - e)) == 0)
                    return codes[i].code;
            return EIO;
        }
        p = *end ? end + 1 : end;
    }
    return 0;
}

#define REAL(ret, name, ...)         \
    static ret (*real)(__VA_ARGS__); \
    if (!real) real = (ret(*)(__VA_ARGS__))dlsym(RTLD_NEXT, name)

int mkstemp(char *tmpl) {
    REAL(int, "mkstemp", char *);
    int e = fault("mkstemp");
    if (e) {
        errno = e;
        return -1;
    }
    return real(tmpl);
}

FILE *fdopen(int fd, const char *mode) {
    REAL(FILE *, "fdopen", int, const char *);
    int e = fault("fdopen");
    if (e) {
        errno = e;
        return NULL;
    }
    return real(fd, mode);
}

int rename(const char *from, const char *to) {
    REAL(int, "rename", const char *, const char *);
    int e = fault("rename");
    if (e) {
        errno = e;
        return -1;
    }
    return real(from, to);
}

int fsync(int fd) {
    REAL(int, "fsync", int);
    int e = fault("fsync");
    if (e) {
        errno = e;
        return -1;
    }
    return real(fd);
}

int fchmod(int fd, mode_t mode) {
    REAL(int, "fchmod", int, mode_t);
    int e = fault("fchmod");
    if (e) {
        errno = e;
        return -1;
    }
    return real(fd, mode);
}

int fchown(int fd, uid_t uid, gid_t gid) {
    REAL(int, "fchown", int, uid_t, gid_t);
    int e = fault("fchown");
    if (e) {
        errno = e;
        return -1;
    }
    return real(fd, uid, gid);
}

DIR *opendir(const char *path) {
    REAL(DIR *, "opendir", const char *);
    int e = fault("opendir");
    if (e) {
        errno = e;
        return NULL;
    }
    return real(path);
}

int fflush(FILE *f) {
    REAL(int, "fflush", FILE *);
    int writing = f && __fwritable(f);
    int rc = real(f);
    int e = writing ? fault("fflush") : 0;
    if (e) {
        errno = e;
        return EOF;
    }
    return rc;
}

int fclose(FILE *f) {
    REAL(int, "fclose", FILE *);
    int writing = f && __fwritable(f);
    int rc = real(f);
    int e = writing ? fault("fclose") : 0;
    if (e) {
        errno = e;
        return EOF;
    }
    return rc;
}

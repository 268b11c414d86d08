/* corpus.c - listing the transcripts of files and directories. */
#define _POSIX_C_SOURCE 200809L
#include "internal.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

typedef struct entry {
    char *path, *id;
} entry;

struct grille_corpus {
    entry *v;
    size_t n, cap;
};

void grille_corpus_free(grille_corpus *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) { free(c->v[i].path); free(c->v[i].id); }
    free(c->v);
    free(c);
}

static int ends_with(const char *s, const char *suffix) {
    size_t n = strlen(s), k = strlen(suffix);
    return n >= k && strcmp(s + n - k, suffix) == 0;
}

static int add(grille_corpus *c, const char *path, const char *id) {
    if (GROW(c->v, c->n, c->cap)) return GRILLE_ENOMEM;
    size_t n = strlen(id);
    if (ends_with(id, ".txt")) n -= 4;
    c->v[c->n].path = grille_strdup(path);
    c->v[c->n].id = grille_strndup(id, n);
    if (!c->v[c->n].path || !c->v[c->n].id) {
        free(c->v[c->n].path);
        free(c->v[c->n].id);
        return GRILLE_ENOMEM;
    }
    c->n++;
    return GRILLE_OK;
}

/* root_len: length of the directory prefix the ids are relative to. */
static int walk(grille_corpus *c, const char *dir, size_t root_len, int depth,
                grille_error *err) {
    if (depth > 64)
        return grille_fail(err, GRILLE_ELIMIT, dir, 0, 0, 0, "directories nested too deep (a loop?)");
    DIR *d = opendir(dir);
    if (!d) return grille_fail(err, GRILLE_EIO, dir, 0, 0, 0, "cannot open directory: %s", strerror(errno));
    int rc = GRILLE_OK;
    struct dirent *e;
    gbuf path = {0};
    while (rc == GRILLE_OK && (e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files */
        path.len = 0;
        if (gbuf_printf(&path, "%s/%s", dir, e->d_name)) { rc = GRILLE_ENOMEM; break; }
        struct stat st;
        if (stat(path.data, &st) != 0) continue; /* a dangling link */
        if (S_ISDIR(st.st_mode)) rc = walk(c, path.data, root_len, depth + 1, err);
        else if (S_ISREG(st.st_mode) && ends_with(e->d_name, ".txt"))
            rc = add(c, path.data, path.data + root_len);
    }
    closedir(d);
    gbuf_free(&path);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, dir, 0, 0, 0, "out of memory");
    return rc;
}

static int by_path(const void *a, const void *b) {
    return strcmp(((const entry *)a)->path, ((const entry *)b)->path);
}

grille_corpus *grille_corpus_list(const char *const *paths, size_t n,
                                  grille_error *err) {
    grille_error_clear(err);
    grille_corpus *c = calloc(1, sizeof *c);
    if (!c) { grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory"); return NULL; }
    for (size_t i = 0; i < n; i++) {
        const char *p = paths[i];
        struct stat st;
        if (stat(p, &st) != 0) {
            grille_fail(err, GRILLE_EIO, p, 0, 0, 0, "no such file or directory");
            goto fail;
        }
        size_t start = c->n;
        if (S_ISDIR(st.st_mode)) {
            size_t len = strlen(p);
            while (len > 1 && p[len - 1] == '/') len--;
            char *dir = grille_strndup(p, len);
            if (!dir) { grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory"); goto fail; }
            int rc = walk(c, dir, len + 1, 0, err);
            free(dir);
            if (rc) goto fail;
            if (c->n > start) qsort(c->v + start, c->n - start, sizeof *c->v, by_path);
        } else {
            const char *base = strrchr(p, '/');
            if (add(c, p, base ? base + 1 : p)) {
                grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
                goto fail;
            }
        }
    }
    for (size_t i = 0; i < c->n; i++)
        for (size_t j = i + 1; j < c->n; j++)
            if (strcmp(c->v[i].id, c->v[j].id) == 0) {
                if (strcmp(c->v[i].path, c->v[j].path) == 0)
                    grille_fail(err, GRILLE_EUSAGE, c->v[j].path, 0, 0, 0,
                                "this transcript is given twice");
                else
                    grille_fail(err, GRILLE_EUSAGE, c->v[j].path, 0, 0, 0,
                                "two transcripts get the id '%s' (the other is %s): rename one",
                                c->v[j].id, c->v[i].path);
                goto fail;
            }
    return c;
fail:
    grille_corpus_free(c);
    return NULL;
}

size_t grille_corpus_count(const grille_corpus *c) { return c ? c->n : 0; }
const char *grille_corpus_path(const grille_corpus *c, size_t i) {
    return c && i < c->n ? c->v[i].path : NULL;
}
const char *grille_corpus_id(const grille_corpus *c, size_t i) {
    return c && i < c->n ? c->v[i].id : NULL;
}

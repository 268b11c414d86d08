/* corpus.c - listing the transcripts of files and directories: every
 * kind of file grille reads, each file once (links to folders already
 * read are not followed again), and a list of what was skipped, so
 * that nothing is passed over without a word. */
#define _GNU_SOURCE /* memmem */
#include "internal.h"
#include "source.h"
#include "strmap.h"
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <sys/stat.h>

typedef struct entry {
    char *path, *id;
} entry;

typedef struct file_id {
    dev_t dev;
    ino_t ino;
} file_id;

struct grille_corpus {
    entry *v;
    size_t n, cap;
    entry *skipped; /* path, and why in .id */
    size_t nskipped, capskipped;
    strmap seen; /* device and inode of what was listed */
    int seen_ready;
};

void grille_corpus_free(grille_corpus *c) {
    if (!c) return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].path);
        free(c->v[i].id);
    }
    for (size_t i = 0; i < c->nskipped; i++) {
        free(c->skipped[i].path);
        free(c->skipped[i].id);
    }
    free(c->v);
    free(c->skipped);
    if (c->seen_ready) strmap_free(&c->seen);
    free(c);
}

/* Whether the file was listed before (through another link); records
 * it otherwise.  A corpus has thousands of files: a hash map, keyed by
 * device and inode. */
static int seen_before(grille_corpus *c, const struct stat *st, int *failed) {
    if (!c->seen_ready) {
        if (strmap_init(&c->seen)) {
            *failed = 1;
            return 0;
        }
        c->seen_ready = 1;
    }
    file_id id;
    memset(&id, 0, sizeof id); /* no padding byte in the key */
    id.dev = st->st_dev;
    id.ino = st->st_ino;
    int created;
    int *v = strmap_put(&c->seen, (const char *)&id, sizeof id, &created);
    if (!v) {
        *failed = 1;
        return 0;
    }
    *v = 1;
    return !created;
}

static int skip(grille_corpus *c, const char *path, const char *why) {
    if (GROW(c->skipped, c->nskipped, c->capskipped)) return GRILLE_ENOMEM;
    c->skipped[c->nskipped].path = grille_strdup(path);
    c->skipped[c->nskipped].id = grille_strdup(why);
    if (!c->skipped[c->nskipped].path || !c->skipped[c->nskipped].id) {
        free(c->skipped[c->nskipped].path);
        free(c->skipped[c->nskipped].id);
        return GRILLE_ENOMEM;
    }
    c->nskipped++;
    return GRILLE_OK;
}

/* README.md, LICENSE.txt: a corpus's documentation, not transcripts. */
static int is_documentation(const char *name) {
    static const char *const docs[] = {"readme", "license", "licence", "copying", "notice", "changelog", NULL};
    for (size_t i = 0; docs[i]; i++) {
        size_t n = strlen(docs[i]), k = 0;
        while (k < n && name[k] && (name[k] | 0x20) == docs[i][k]) k++;
        if (k == n && (name[n] == '\0' || name[n] == '.' || name[n] == '-' || name[n] == '_')) return 1;
    }
    return 0;
}

/* The tables grille reads beside a corpus are not transcripts. */
static int is_corpus_table(const char *name) {
    static const char *const tables[] = {"variables.csv", "variables.tsv", "speakers.csv", "speakers.tsv", NULL};
    for (size_t i = 0; tables[i]; i++) {
        const char *a = name, *b = tables[i];
        while (*a && *b && ((*a | 0x20) == *b || *a == *b)) a++, b++;
        if (!*a && !*b) return 1;
    }
    return 0;
}


static int add(grille_corpus *c, const char *path, const char *id) {
    if (GROW(c->v, c->n, c->cap)) return GRILLE_ENOMEM;
    /* the id keeps the directories under the corpus root */
    size_t n = strlen(id);
    const char *slash = strrchr(id, '/');
    const char *dot = strrchr(slash ? slash : id, '.');
    if (dot && dot != (slash ? slash + 1 : id) && source_kind_of_extension(id) != SOURCE_UNKNOWN)
        n = (size_t)(dot - id);
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

static int by_name(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The visible names of a folder, sorted, so that the walk (and which of
 * two links to one file is kept) does not depend on the file system. */
static int list_names(DIR *d, char ***names, size_t *n) {
    size_t cap = 0;
    struct dirent *e;
    *names = NULL;
    *n = 0;
    while ((e = readdir(d))) {
        if (e->d_name[0] == '.') continue; /* ., .., hidden files */
        if (GROW(*names, *n, cap)) return GRILLE_ENOMEM;
        if (!((*names)[*n] = grille_strdup(e->d_name))) return GRILLE_ENOMEM;
        (*n)++;
    }
    if (*n) qsort(*names, *n, sizeof **names, by_name);
    return GRILLE_OK;
}

static int walk(grille_corpus *c, const char *dir, size_t root_len, int depth, grille_error *err);

/* A .json in a folder may be anything (settings, exports): it is a
 * transcript only when it holds Whisper's "segments". */
/* The first bytes of a file (NUL-terminated in buf), or -1 when it
 * cannot be opened. */
static long peek(const char *path, char *buf, size_t cap) {
    FILE *f = fopen(path, "rb");
    if (!f) return -1;
    size_t n = fread(buf, 1, cap - 1, f);
    fclose(f);
    buf[n] = '\0';
    return (long)n;
}

static int whisper_json(const char *path) {
    char buf[65536];
    long n = peek(path, buf, sizeof buf);
    /* one that cannot be opened: the reader says why */
    return n < 0 || memmem(buf, (size_t)n, "\"segments\"", 10) != NULL;
}

/* Whether a text file is one of grille's own outputs (segments, a
 * matrix, a concordance, notes, an Iramuteq export), written into the
 * corpus folder by an earlier run: read as a transcript, it would count
 * every quote a second time. */
static int grille_output(const char *path) {
    char buf[256];
    long n = peek(path, buf, sizeof buf);
    if (n < 0) return 0;
    const char *t = buf;
    if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) t += 3;
    static const char *const heads[] = {"document\tspeaker\t",
                                        "document,speaker,",
                                        "| document | speaker |",
                                        "{\"document\":",
                                        "theme\tlabel\t",
                                        "theme,label,",
                                        "| theme | label |",
                                        "# Synthesis notes",
                                        "# Agreement with the gold",
                                        "**** *doc_",
                                        NULL};
    for (size_t i = 0; heads[i]; i++)
        if (strncmp(t, heads[i], strlen(heads[i])) == 0) return 1;
    /* a co-occurrence table: "theme" then the theme ids */
    return (strncmp(t, "theme,", 6) == 0 || strncmp(t, "theme\t", 6) == 0 || strncmp(t, "| theme |", 9) == 0) &&
           !memchr(t, ':', strcspn(t, "\n"));
}

/* One entry of a folder; links are taken in a second pass (links_pass),
 * so that the file itself, not a link to it, gives the document id. */
static int visit(grille_corpus *c, const char *path, const char *name, size_t root_len, int depth, int links_pass,
                 grille_error *err) {
    struct stat st, lst;
    int failed = 0, rc = GRILLE_OK;
    int is_link = lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode);
    if (is_link != links_pass) return GRILLE_OK;
    if (stat(path, &st) != 0) rc = skip(c, path, "a broken link");
    else if (S_ISDIR(st.st_mode)) {
        if (seen_before(c, &st, &failed)) rc = skip(c, path, "a link to a folder already read");
        else if (!failed) rc = walk(c, path, root_len, depth + 1, err);
    } else if (!S_ISREG(st.st_mode)) rc = skip(c, path, "not a regular file");
    else if (is_corpus_table(name)) {
        if (depth > 0) rc = skip(c, path, "a table in a sub-folder (give it with --variables or --speakers)");
    } else if (strstr(name, ".grille-tmp-")) rc = skip(c, path, "a grille temporary file");
    else if (is_documentation(name)) rc = skip(c, path, "documentation");
    else if (source_kind_of_extension(name) == SOURCE_UNKNOWN) rc = skip(c, path, "unknown kind");
    else if (source_kind_of_extension(name) == SOURCE_JSON && !whisper_json(path))
        rc = skip(c, path, "JSON that is not a Whisper transcript");
    else if (source_kind_of_extension(name) == SOURCE_TEXT && grille_output(path))
        rc = skip(c, path, "a grille output (write outputs outside the corpus folder)");
    else if (seen_before(c, &st, &failed)) rc = skip(c, path, "a link to a file already read");
    else if (!failed) rc = add(c, path, path + root_len);
    return failed ? GRILLE_ENOMEM : rc;
}

/* root_len: length of the directory prefix the ids are relative to. */
static int walk(grille_corpus *c, const char *dir, size_t root_len, int depth, grille_error *err) {
    if (depth > 64) return grille_fail(err, GRILLE_ELIMIT, dir, 0, 0, 0, "directories nested too deep (a loop?)");
    DIR *d = opendir(dir);
    if (!d) return grille_fail(err, GRILLE_EIO, dir, 0, 0, 0, "cannot open directory: %s", strerror(errno));
    char **names;
    size_t n;
    int rc = list_names(d, &names, &n);
    closedir(d);
    gbuf path = {0};
    for (int pass = 0; pass < 2 && rc == GRILLE_OK; pass++)
        for (size_t i = 0; i < n && rc == GRILLE_OK; i++) {
            path.len = 0;
            if (gbuf_printf(&path, "%s/%s", dir, names[i])) {
                rc = GRILLE_ENOMEM;
                break;
            }
            rc = visit(c, path.data, names[i], root_len, depth, pass, err);
        }
    for (size_t i = 0; i < n; i++) free(names[i]);
    free(names);
    gbuf_free(&path);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, dir, 0, 0, 0, "out of memory");
    return rc;
}

static int by_path(const void *a, const void *b) { return strcmp(((const entry *)a)->path, ((const entry *)b)->path); }

/* Two files of the same id: in *i the first file whose id comes again,
 * and in *j where it comes again first (the pair a comparison of every
 * two would name first).  1 if there is one, 0 if not, -1 out of memory.
 * A map of the ids, not a comparison of every two: 10,000 files made 50
 * million of them. */
static int first_duplicate(const grille_corpus *c, size_t *i, size_t *j) {
    strmap first;
    if (strmap_init(&first)) return -1;
    size_t *again = malloc((c->n + 1) * sizeof *again); /* file -> its id's second file, or 0 */
    int found = 0;
    if (!again) {
        strmap_free(&first);
        return -1;
    }
    for (size_t k = 0; k < c->n; k++) {
        int created;
        int *at = strmap_put(&first, c->v[k].id, strlen(c->v[k].id), &created);
        if (!at) {
            found = -1;
            break;
        }
        again[k] = 0;
        if (created) *at = (int)k;
        else if (!again[*at]) again[*at] = k;
    }
    for (size_t k = 0; k < c->n && found == 0; k++)
        if (again[k]) {
            *i = k;
            *j = again[k];
            found = 1;
        }
    free(again);
    strmap_free(&first);
    return found;
}

grille_corpus *grille_corpus_new(const char *const *paths, size_t n, grille_error *err) {
    grille_error_clear(err);
    grille_corpus *c = calloc(1, sizeof *c);
    if (!c) {
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        return NULL;
    }
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
            if (!dir) {
                grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
                goto fail;
            }
            int failed = 0;
            (void)seen_before(c, &st, &failed);
            if (failed) {
                free(dir);
                grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
                goto fail;
            }
            int rc = walk(c, dir, len + 1, 0, err);
            free(dir);
            if (rc) goto fail;
            if (c->n > start) qsort(c->v + start, c->n - start, sizeof *c->v, by_path);
            if (c->nskipped) qsort(c->skipped, c->nskipped, sizeof *c->skipped, by_path);
        } else {
            const char *base = strrchr(p, '/');
            if (add(c, p, base ? base + 1 : p)) {
                grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
                goto fail;
            }
        }
    }
    size_t i, j;
    int dup = first_duplicate(c, &i, &j);
    if (dup < 0) {
        grille_fail(err, GRILLE_ENOMEM, "", 0, 0, 0, "out of memory");
        goto fail;
    }
    if (dup) {
        if (strcmp(c->v[i].path, c->v[j].path) == 0)
            grille_fail(err, GRILLE_EUSAGE, c->v[j].path, 0, 0, 0, "this transcript is given twice");
        else
            grille_fail(err, GRILLE_EUSAGE, c->v[j].path, 0, 0, 0,
                        "two transcripts get the id '%s' (the other is %s): rename one", c->v[j].id, c->v[i].path);
        goto fail;
    }
    return c;
fail:
    grille_corpus_free(c);
    return NULL;
}

size_t grille_corpus_file_count(const grille_corpus *c) { return c ? c->n : 0; }
size_t grille_corpus_skipped_count(const grille_corpus *c) { return c ? c->nskipped : 0; }
const char *grille_corpus_skipped_get(const grille_corpus *c, size_t i, const char **why) {
    if (!c || i >= c->nskipped) return NULL;
    if (why) *why = c->skipped[i].id;
    return c->skipped[i].path;
}
const char *grille_corpus_file_path(const grille_corpus *c, size_t i) { return c && i < c->n ? c->v[i].path : NULL; }
const char *grille_corpus_file_id(const grille_corpus *c, size_t i) { return c && i < c->n ? c->v[i].id : NULL; }

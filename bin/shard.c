/* shard.c - grille code|matrix|note|export --shard K/N: the corpus's documents are
 * dealt to N shards by size, and a shard writes a part that grille merge
 * (cmd_merge.c) turns, with the other parts, into the very bytes a run
 * over the whole corpus writes.
 *
 * Dealing: the documents, largest first (ties: corpus order), each to the
 * shard with the least bytes so far (ties: the lowest shard), so that
 * the N shards of a job array take about as long; every shard computes
 * the same deal from the file sizes alone.
 *
 * A part is text, with lengths before every block of bytes:
 *   grille-part 1
 *   command code|matrix|note|export
 *   shard K N
 *   codebook FINGERPRINT            (of the codebook file's bytes)
 *   corpus DOCUMENTS FINGERPRINT    (of every document's id and size)
 *   format FMT EXCEL LEN:-f         (FMT as resolved; -f and --excel as given)
 *   options LEN\n BYTES\n           (the other options, sorted)
 *   extra LEN\n BYTES\n             (the command's own: a matrix's or a
 *                                    note's options, an export's REFI ones)
 *   header LEN\n BYTES\n            (code: the segments' header line)
 *   doc INDEX FLAG LEN\n BYTES\n    (per document, in corpus order)
 *   end DOCUMENTS
 * A document's bytes are what the whole run writes for it (code), its
 * counts (matrix, grille_matrix_save()), or the document and its coding
 * (note, export: grille_coding_save()), which the merge loads and hands
 * to the writer a single run feeds. */
#define _POSIX_C_SOURCE 200809L
#include "shard.h"
#include <inttypes.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>

const char cli_shard_help[] = N_("      --shard K/N          code only the K-th of N parts of the corpus (1 <= K\n"
                                 "                           <= N; documents dealt by size) and write a part\n"
                                 "                           for 'grille merge' instead of the output\n");

static struct {
    unsigned k, n; /* 1-based K, N; n = 0: no --shard */
    size_t *pick, npick, total;
    uint64_t corpus; /* fingerprint of the corpus */
    char **options;
    size_t noptions;
} shard;

int cli_shard_parse(const char *cmd, const char *arg) {
    char *end;
    unsigned long k = strtoul(arg, &end, 10), n = 0;
    int ok = end != arg && *end == '/' && arg[0] >= '0' && arg[0] <= '9';
    if (ok) {
        const char *s = end + 1;
        n = strtoul(s, &end, 10);
        ok = end != s && !*end && s[0] >= '0' && s[0] <= '9' && n >= 1 && n <= 100000 && k >= 1 && k <= n;
    }
    if (!ok) {
        fprintf(stderr, _("%s: --shard takes K/N, the part K of N (1 <= K <= N <= 100000), not '%s'\n"), cmd, arg);
        return -1;
    }
    shard.k = (unsigned)k;
    shard.n = (unsigned)n;
    return 0;
}

int cli_shard_active(void) { return shard.n != 0; }

int cli_shard_output_ok(const char *cmd, const char *output) {
    static const char *const formats[] = {".tsv", ".csv",    ".jsonl", ".ndjson", ".md",  ".xlsx", ".html",
                                          ".txt", ".sqlite", ".db",    ".qdpx",   ".qdc", NULL};
    const char *dot = output ? strrchr(output, '.') : NULL;
    if (!dot || strchr(dot, '/')) return 0;
    for (size_t i = 0; formats[i]; i++)
        if (strcasecmp(dot, formats[i]) == 0) {
            fprintf(stderr,
                    _("%s: with --shard, -o names the part that grille merge reads (such as part-1), not %s: give "
                      "the format with -f here and the output file to grille merge -o\n"),
                    cmd, output);
            return -1;
        }
    return 0;
}

void cli_shard_note(const struct option *longopts, int c, const char *arg) {
    switch (c) {
    case 'o':
    case 'j':
    case 'c':
    case 'f':
    case 'h':
    case '?':
    case ':':
    case CLI_OPT_EXCEL:
    case CLI_OPT_SHARD: return;
    default: break;
    }
    const char *name = NULL;
    for (const struct option *o = longopts; o->name; o++)
        if (o->val == c) {
            name = o->name;
            break;
        }
    char buf[64];
    if (!name) {
        snprintf(buf, sizeof buf, "%c", c);
        name = buf;
    }
    size_t len = strlen(name) + (arg ? strlen(arg) : 0) + 4;
    char *s = malloc(len), **v = realloc(shard.options, (shard.noptions + 1) * sizeof *v);
    if (!s || !v) {
        /* noted options only tell parts apart: out of memory, the run goes on */
        free(s);
        if (v) shard.options = v;
        return;
    }
    snprintf(s, len, "--%s%s%s", name, arg ? "=" : "", arg ? arg : "");
    shard.options = v;
    shard.options[shard.noptions++] = s;
}

/* FNV-1a, 64 bits: a fingerprint, not a defence against forgery. */
static uint64_t fnv(uint64_t h, const void *data, size_t len) {
    const unsigned char *p = data;
    for (size_t i = 0; i < len; i++) h = (h ^ p[i]) * 1099511628211u;
    return h;
}
#define FNV_START 14695981039346656037u

typedef struct sized {
    size_t index;
    long long size;
} sized;

static int largest_first(const void *a, const void *b) {
    const sized *x = a, *y = b;
    if (x->size != y->size) return x->size > y->size ? -1 : 1;
    return x->index < y->index ? -1 : x->index > y->index;
}

static int by_index(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int cli_shard_select(const grille_corpus *corpus, const size_t **pick, size_t *n) {
    size_t total = grille_corpus_file_count(corpus);
    sized *docs = calloc(total ? total : 1, sizeof *docs);
    unsigned long long *load = calloc(shard.n, sizeof *load);
    free(shard.pick);
    shard.pick = calloc(total ? total : 1, sizeof *shard.pick);
    if (!docs || !load || !shard.pick) {
        free(docs);
        free(load);
        fputs(_("grille: out of memory\n"), stderr);
        return EXIT_INTERNAL;
    }
    uint64_t h = FNV_START;
    for (size_t i = 0; i < total; i++) {
        struct stat st;
        docs[i].index = i;
        docs[i].size = stat(grille_corpus_file_path(corpus, i), &st) == 0 ? (long long)st.st_size : 0;
        const char *id = grille_corpus_file_id(corpus, i);
        char size[32];
        snprintf(size, sizeof size, "\t%lld\n", docs[i].size);
        h = fnv(fnv(h, id, strlen(id)), size, strlen(size));
    }
    qsort(docs, total, sizeof *docs, largest_first);
    shard.npick = 0;
    for (size_t i = 0; i < total; i++) {
        unsigned best = 0;
        for (unsigned s = 1; s < shard.n; s++)
            if (load[s] < load[best]) best = s;
        load[best] += (unsigned long long)docs[i].size;
        if (best + 1 == shard.k) shard.pick[shard.npick++] = docs[i].index;
    }
    qsort(shard.pick, shard.npick, sizeof *shard.pick, by_index);
    free(docs);
    free(load);
    shard.total = total;
    shard.corpus = h;
    *pick = shard.pick;
    *n = shard.npick;
    return EXIT_OK;
}

size_t cli_shard_index(size_t k) { return k < shard.npick ? shard.pick[k] : (size_t)-1; }

void cli_shard_free(void) {
    free(shard.pick);
    for (size_t i = 0; i < shard.noptions; i++) free(shard.options[i]);
    free(shard.options);
    memset(&shard, 0, sizeof shard);
}

static int by_string(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* The fingerprint of a codebook file; 0 with a message when it cannot be read. */
static int codebook_fingerprint(const char *path, uint64_t *h) {
    if (!path) path = cli_default_codebook();
    FILE *f = path ? fopen(path, "rb") : NULL;
    if (!f) {
        fprintf(stderr, _("grille: cannot read the codebook %s\n"), path ? path : "dts-fr.xml");
        return EXIT_INPUT;
    }
    char buf[65536];
    size_t n;
    *h = FNV_START;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0) *h = fnv(*h, buf, n);
    int bad = ferror(f);
    fclose(f);
    if (bad) {
        fprintf(stderr, _("grille: cannot read the codebook %s\n"), path);
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

int cli_shard_codebook_fingerprint(const char *path, uint64_t *h) { return codebook_fingerprint(path, h); }

static int block(cli_part *p, const char *data, size_t len) {
    if (len && fwrite(data, 1, len, p->out.f) != len) p->failed = 1;
    if (fputc('\n', p->out.f) == EOF) p->failed = 1;
    return p->failed ? EXIT_INTERNAL : EXIT_OK;
}

int cli_part_open(cli_part *p, const char *path, const char *command, const char *codebook, int fmt, const char *format,
                  int excel, const char *extra) {
    memset(p, 0, sizeof *p);
    uint64_t cb;
    int rc = codebook_fingerprint(codebook, &cb);
    if (rc) return rc;
    if ((rc = cli_output_open(&p->out, path))) return rc;
    p->open = 1;
    if (shard.noptions) qsort(shard.options, shard.noptions, sizeof *shard.options, by_string);
    size_t olen = 0;
    for (size_t i = 0; i < shard.noptions; i++) olen += strlen(shard.options[i]) + 1;
    FILE *f = p->out.f;
    if (fprintf(f,
                "grille-part 1\ncommand %s\nshard %u %u\ncodebook %016" PRIx64 "\ncorpus %zu %016" PRIx64
                "\nformat %d %d %zu:%s\noptions %zu\n",
                command, shard.k, shard.n, cb, shard.total, shard.corpus, fmt, excel, format ? strlen(format) : 0,
                format ? format : "", olen) < 0)
        p->failed = 1;
    for (size_t i = 0; i < shard.noptions; i++)
        if (fprintf(f, "%s\n", shard.options[i]) < 0) p->failed = 1;
    if (fprintf(f, "\nextra %zu\n", extra ? strlen(extra) : 0) < 0) p->failed = 1;
    return block(p, extra, extra ? strlen(extra) : 0);
}

int cli_part_header(cli_part *p, const char *data, size_t len) {
    if (fprintf(p->out.f, "header %zu\n", len) < 0) p->failed = 1;
    return block(p, data, len);
}

int cli_part_document(cli_part *p, int flag, const char *data, size_t len) {
    if (fprintf(p->out.f, "doc %zu %d %zu\n", cli_shard_index(p->count++), flag, len) < 0) p->failed = 1;
    return block(p, data, len);
}

int cli_part_close(cli_part *p, int ok) {
    if (!p->open) return EXIT_OK;
    p->open = 0;
    /* a write that failed is said by the close (the stream's error) */
    if (ok) fprintf(p->out.f, "end %zu\n", p->count);
    return cli_output_close(&p->out, ok);
}

/* ------------------------------------------------------------------ */
/* the shards of grille code and grille matrix                         */

typedef struct shard_run {
    const cli_common *o;
    const char *command, *extra;
    const grille_codebook *cb;
    grille_format fmt;
    const grille_matrix_options *mopts;
    int saved; /* note, export: the codings saved whole */
    cli_part part;
    int by_found; /* the document has --by's variable (fill_counts) */
    grille_error err;
} shard_run;

/* What fill() writes, in memory: an exit code, after a message. */
static int in_memory(shard_run *s,
                     int (*fill)(FILE *f, shard_run *s, const grille_document *doc, const grille_coding *coding),
                     const grille_document *doc, const grille_coding *coding, char **data, size_t *len) {
    *data = NULL;
    *len = 0;
    FILE *f = open_memstream(data, len);
    if (!f) {
        fputs(_("grille: out of memory\n"), stderr);
        return EXIT_INTERNAL;
    }
    int st = fill(f, s, doc, coding);
    if (fclose(f) != 0 && st == GRILLE_OK) st = GRILLE_ENOMEM;
    if (st != GRILLE_OK) {
        if (s->err.code) cli_report(&s->err);
        else fprintf(stderr, _("grille: %s\n"), grille_strerror(st));
        free(*data);
        *data = NULL;
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

static int fill_header(FILE *f, shard_run *s, const grille_document *doc, const grille_coding *coding) {
    (void)doc;
    (void)coding;
    return grille_coding_write_header(f, s->fmt, &s->err);
}

static int fill_segments(FILE *f, shard_run *s, const grille_document *doc, const grille_coding *coding) {
    (void)doc;
    return grille_coding_write(f, s->fmt, coding, &s->err);
}

static int fill_counts(FILE *f, shard_run *s, const grille_document *doc, const grille_coding *coding) {
    (void)doc;
    grille_matrix *m = grille_matrix_begin(s->cb, s->mopts, &s->err);
    int st = !m ? s->err.code : grille_matrix_add(m, coding, &s->err);
    s->by_found = grille_matrix_by_found(m);
    if (st == GRILLE_OK) st = grille_matrix_save(f, m, &s->err);
    grille_matrix_free(m);
    return st;
}

static int fill_saved(FILE *f, shard_run *s, const grille_document *doc, const grille_coding *coding) {
    (void)doc;
    return grille_coding_save(f, coding, s->cb, &s->err);
}

static int part_begin(void *ctx) {
    shard_run *s = ctx;
    int rc = cli_part_open(&s->part, s->o->output, s->command, s->o->codebook, (int)s->fmt, s->o->format, s->o->excel,
                           s->extra);
    if (rc || strcmp(s->command, "code") != 0) return rc;
    char *data;
    size_t len;
    if ((rc = in_memory(s, fill_header, NULL, NULL, &data, &len))) return rc;
    rc = cli_part_header(&s->part, data, len);
    free(data);
    return rc;
}

static int part_each(void *ctx, const grille_document *doc, const grille_coding *coding) {
    shard_run *s = ctx;
    char *data;
    size_t len;
    s->by_found = 0;
    int rc = in_memory(s, s->saved ? fill_saved : s->mopts ? fill_counts : fill_segments, doc, coding, &data, &len);
    if (rc) return rc;
    /* whether the document has --by's variable: the merge warns as
     * grille matrix does when none has */
    int flag = s->mopts && s->mopts->by_variable && s->by_found;
    rc = cli_part_document(&s->part, flag, data, len);
    free(data);
    return rc;
}

static int shard_run_corpus(shard_run *s, int argc, char **argv) {
    grille_codebook *cb = cli_common_codebook(s->o, argc);
    if (!cb) return EXIT_INPUT;
    s->cb = cb;
    cli_sink sink = {part_begin, part_each, s, NULL};
    int rc = cli_code_corpus_each(cb, argv + optind, (size_t)(argc - optind), s->o->interviewers, s->o->jobs, &sink);
    int c = cli_part_close(&s->part, rc == EXIT_OK);
    if (rc == EXIT_OK) rc = c;
    grille_codebook_free(cb);
    return rc;
}

int cli_shard_code(const cli_common *o, int argc, char **argv, grille_format fmt) {
    shard_run s = {.o = o, .command = "code", .fmt = fmt};
    return shard_run_corpus(&s, argc, argv);
}

int cli_shard_matrix(const cli_common *o, int argc, char **argv, const grille_matrix_options *mopts, int fmt) {
    const char *by = mopts->by_variable ? mopts->by_variable : "";
    size_t len = strlen(by) + 128;
    char *extra = malloc(len);
    if (!extra) {
        fputs(_("grille: out of memory\n"), stderr);
        return EXIT_INTERNAL;
    }
    snprintf(extra, len, "%d %d %d %d %zu:%s", (int)mopts->measure, (mopts->flags & GRILLE_MATRIX_LEAVES) != 0,
             (mopts->flags & GRILLE_MATRIX_TRANSPOSE) != 0, (int)mopts->language, strlen(by), by);
    shard_run s = {.o = o, .command = "matrix", .fmt = (grille_format)fmt, .mopts = mopts, .extra = extra};
    int rc = shard_run_corpus(&s, argc, argv);
    free(extra);
    return rc;
}

int cli_shard_saved(const cli_common *o, int argc, char **argv, const char *command, int fmt, const char *extra) {
    shard_run s = {.o = o, .command = command, .fmt = (grille_format)fmt, .saved = 1, .extra = extra};
    return shard_run_corpus(&s, argc, argv);
}

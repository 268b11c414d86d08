/* cmd_merge.c - grille merge: the parts written by grille code, matrix,
 * note or export --shard, made into exactly what one run over the whole
 * corpus writes.  The parts are read side by side, one document of each
 * at a time, the documents taken in corpus order: memory holds a
 * document per part, whatever the corpus (shard.c describes a part). */
#define _POSIX_C_SOURCE 200809L
#include "export.h"
#include "shard.h"
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille merge [OPTIONS] PART...\n"
       "Merge the parts that 'grille code|matrix|note|export --shard K/N' wrote,\n"
       "one per shard, into what the same command writes over the whole corpus:\n"
       "the same bytes.  Every part of the N must be given, made with the same\n"
       "codebook, corpus and options.  A part of note or export holds each\n"
       "document and its coding, which the merge writes as the command does.\n"
       "\n"
       "  -c, --codebook FILE      the codebook of the parts (default: codebooks/\n"
       "                           dts-fr.xml, then the installed dts-fr.xml); needed\n"
       "                           by a matrix, a note or an export, checked against\n"
       "                           the parts\n"
       "  -o, --output FILE        write to FILE (atomically) instead of stdout\n"
       "  -f, --format FMT         the output format (default: from -o's extension,\n"
       "                           else the parts' -f); segments keep the format\n"
       "                           the parts were coded in; an export is sqlite,\n"
       "                           iramuteq, qdpx, xlsx, md or html, a note md or\n"
       "                           html\n"),
    CLI_EXCEL_HELP,
    N_("  -h, --help               show this help\n"
       "\n"
       "Example: grille code --shard 2/4 -o part-2 corpus (on each of 4 machines),\n"
       "then grille merge -o segments.tsv part-1 part-2 part-3 part-4.\n"),
    NULL};

/* One part, read as far as its current document. */
typedef struct part {
    const char *path;
    FILE *f;
    char *line;
    size_t cap;
    char command[16];
    unsigned k, n;
    char codebook[17], corpus[17];
    size_t total;
    int fmt, excel;
    char *format, *options, *extra, *header;
    size_t hlen;
    /* the current document */
    int has, flag;
    size_t index, len, count, last;
    char *data;
} part;

static void part_free(part *p) {
    if (p->f) fclose(p->f);
    free(p->line);
    free(p->format);
    free(p->options);
    free(p->extra);
    free(p->header);
    free(p->data);
}

static int damaged(const part *p, const char *what) {
    fprintf(stderr, _("grille merge: %s: not a complete grille part (%s)\n"), p->path, what);
    return EXIT_INPUT;
}

/* The next line, without its newline; NULL at the end. */
static const char *next_line(part *p) {
    ssize_t n = getline(&p->line, &p->cap, p->f);
    if (n <= 0 || p->line[n - 1] != '\n') return NULL;
    p->line[n - 1] = '\0';
    return p->line;
}

/* len bytes and the newline after them, into a malloc'd string. */
static char *read_block(part *p, size_t len) {
    if (len > ((size_t)1 << 40)) return NULL;
    char *b = malloc(len + 1);
    if (!b) return NULL;
    if (fread(b, 1, len, p->f) != len || fgetc(p->f) != '\n') {
        free(b);
        return NULL;
    }
    b[len] = '\0';
    return b;
}

/* "NAME LEN" then the block, into *out. */
static int named_block(part *p, const char *name, char **out, size_t *len) {
    const char *l = next_line(p);
    size_t nlen = strlen(name);
    char *end;
    if (!l || strncmp(l, name, nlen) != 0 || l[nlen] != ' ') return damaged(p, name);
    *len = strtoul(l + nlen + 1, &end, 10);
    if (*end || !(*out = read_block(p, *len))) return damaged(p, name);
    return EXIT_OK;
}

static int read_head(part *p) {
    if (!(p->f = fopen(p->path, "rb"))) {
        fprintf(stderr, _("grille merge: cannot read %s: %s\n"), p->path, strerror(errno));
        return EXIT_INPUT;
    }
    const char *l = next_line(p);
    if (!l || strcmp(l, "grille-part 1") != 0) {
        fprintf(stderr, _("grille merge: %s: not a part written by grille code, matrix, note or export --shard\n"),
                p->path);
        return EXIT_INPUT;
    }
    size_t flen;
    int off = 0;
    if (!(l = next_line(p)) || sscanf(l, "command %15s", p->command) != 1) return damaged(p, "command");
    if (!(l = next_line(p)) || sscanf(l, "shard %u %u", &p->k, &p->n) != 2 || p->k < 1 || p->k > p->n)
        return damaged(p, "shard");
    if (!(l = next_line(p)) || sscanf(l, "codebook %16s", p->codebook) != 1) return damaged(p, "codebook");
    if (!(l = next_line(p)) || sscanf(l, "corpus %zu %16s", &p->total, p->corpus) != 2) return damaged(p, "corpus");
    if (!(l = next_line(p)) || sscanf(l, "format %d %d %zu:%n", &p->fmt, &p->excel, &flen, &off) != 3 || !off ||
        strlen(l + off) != flen || !(p->format = strdup(l + off)))
        return damaged(p, "format");
    size_t len;
    int rc = named_block(p, "options", &p->options, &len);
    if (!rc) rc = named_block(p, "extra", &p->extra, &len);
    if (!rc && strcmp(p->command, "code") == 0) rc = named_block(p, "header", &p->header, &p->hlen);
    return rc;
}

/* The part's next document, or its end (p->has = 0). */
static int advance(part *p) {
    free(p->data);
    p->data = NULL;
    p->has = 0;
    const char *l = next_line(p);
    size_t count;
    char tail;
    if (l && sscanf(l, "end %zu%c", &count, &tail) == 1) {
        if (count != p->count || next_line(p)) return damaged(p, "end");
        return EXIT_OK;
    }
    if (!l || sscanf(l, "doc %zu %d %zu%c", &p->index, &p->flag, &p->len, &tail) != 3) return damaged(p, "doc");
    if (p->index >= p->total || (p->count && p->index <= p->last)) return damaged(p, "doc");
    if (!(p->data = read_block(p, p->len))) return damaged(p, "doc");
    p->last = p->index;
    p->count++;
    p->has = 1;
    return EXIT_OK;
}

/* Noted options, one a line, shown on one line ("none" for none). */
static const char *shown(char *options) {
    size_t n = strlen(options);
    if (!n) return _("no option");
    if (options[n - 1] == '\n') options[--n] = '\0';
    for (char *c = options; *c; c++)
        if (*c == '\n') *c = ' ';
    return options;
}

/* The parts are of one run: the same command, shards, codebook, corpus
 * and options, each shard once, none missing. */
static int check_parts(part *parts, size_t n) {
    const part *a = &parts[0];
    for (size_t i = 1; i < n; i++) {
        const part *b = &parts[i];
        if (strcmp(a->command, b->command) != 0) {
            fprintf(stderr, _("grille merge: %s is a part of grille %s, %s of grille %s\n"), b->path, b->command,
                    a->path, a->command);
            return EXIT_INPUT;
        }
        if (a->n != b->n) {
            fprintf(stderr, _("grille merge: %s is part %u of %u, %s part %u of %u\n"), b->path, b->k, b->n, a->path,
                    a->k, a->n);
            return EXIT_INPUT;
        }
        if (strcmp(a->codebook, b->codebook) != 0) {
            fprintf(stderr, _("grille merge: %s was coded with another codebook than %s\n"), b->path, a->path);
            return EXIT_INPUT;
        }
        if (a->total != b->total || strcmp(a->corpus, b->corpus) != 0) {
            fprintf(stderr,
                    _("grille merge: %s was made from another corpus than %s (%zu and %zu documents, or documents "
                      "of other names or sizes)\n"),
                    b->path, a->path, b->total, a->total);
            return EXIT_INPUT;
        }
        if (strcmp(a->options, b->options) != 0) {
            fprintf(stderr, _("grille merge: %s was made with other options than %s (%s; %s)\n"), b->path, a->path,
                    shown(b->options), shown(a->options));
            return EXIT_INPUT;
        }
        if (a->fmt != b->fmt || a->excel != b->excel || strcmp(a->format, b->format) != 0 ||
            strcmp(a->extra, b->extra) != 0 || (a->header && strcmp(a->header, b->header) != 0)) {
            fprintf(stderr, _("grille merge: %s was made with another format or other options than %s\n"), b->path,
                    a->path);
            return EXIT_INPUT;
        }
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < i; j++)
            if (parts[i].k == parts[j].k) {
                fprintf(stderr, _("grille merge: %s and %s are both part %u of %u\n"), parts[j].path, parts[i].path,
                        parts[i].k, parts[i].n);
                return EXIT_INPUT;
            }
    if (n != a->n) {
        for (unsigned k = 1; k <= a->n; k++) {
            size_t i = 0;
            while (i < n && parts[i].k != k) i++;
            if (i == n) {
                fprintf(stderr, _("grille merge: part %u of %u is missing (%zu parts given)\n"), k, a->n, n);
                break;
            }
        }
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

/* The part holding document `index`, next in corpus order, or NULL after
 * a message. */
static part *holder(part *parts, size_t n, size_t index) {
    part *found = NULL;
    for (size_t i = 0; i < n; i++)
        if (parts[i].has && parts[i].index == index) {
            if (found) {
                fprintf(stderr, _("grille merge: %s and %s both hold document %zu\n"), found->path, parts[i].path,
                        index + 1);
                return NULL;
            }
            found = &parts[i];
        }
    if (!found) fprintf(stderr, _("grille merge: no part holds document %zu of %zu\n"), index + 1, parts[0].total);
    return found;
}

typedef int (*merge_fn)(void *ctx, const part *p);

/* Hands over every document of the corpus, in order; an exit code. */
static int each_document(part *parts, size_t n, merge_fn fn, void *ctx) {
    int rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) rc = advance(&parts[i]);
    for (size_t d = 0; rc == EXIT_OK && d < parts[0].total; d++) {
        part *p = holder(parts, n, d);
        if (!p) return EXIT_INPUT;
        if ((rc = fn(ctx, p)) == EXIT_OK) rc = advance(p);
    }
    for (size_t i = 0; rc == EXIT_OK && i < n; i++)
        if (parts[i].has) return damaged(&parts[i], "doc");
    return rc;
}

static int write_segments(void *ctx, const part *p) {
    FILE *f = ctx;
    return p->len && fwrite(p->data, 1, p->len, f) != p->len ? EXIT_INTERNAL : EXIT_OK;
}

/* A segments' format, as -f names it. */
static const char *format_name(int fmt) {
    switch (fmt) {
    case GRILLE_FORMAT_TSV: return "tsv";
    case GRILLE_FORMAT_CSV: return "csv";
    case GRILLE_FORMAT_JSONL: return "jsonl";
    case GRILLE_FORMAT_CSV_EXCEL: return "csv (--excel)";
    default: return "?";
    }
}

/* The output's format: merge's -f, else -o's extension, else the -f the
 * parts were made with. */
static const char *merge_format(const part *a, const char *format, const char *output) {
    if (format || cli_extension(output)) return format;
    return a->format[0] ? a->format : NULL;
}

/* The parts were coded with the codebook (-c, or the default one). */
static int check_codebook(const part *a, const char *codebook) {
    uint64_t h;
    if (cli_shard_codebook_fingerprint(codebook, &h)) return EXIT_INPUT;
    char hex[17];
    snprintf(hex, sizeof hex, "%016llx", (unsigned long long)h);
    if (strcmp(hex, a->codebook) != 0) {
        fprintf(stderr, _("grille merge: %s was coded with another codebook than %s (give the parts' with -c)\n"),
                a->path, codebook ? codebook : cli_default_codebook());
        return EXIT_INPUT;
    }
    return EXIT_OK;
}

static int merge_code(part *parts, size_t n, const char *output, const char *format, int excel) {
    const part *a = &parts[0];
    int fmt = cli_output_format("grille merge", merge_format(a, format, output), excel || a->excel, output, a->fmt,
                                1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_JSONL);
    if (fmt < 0) return EXIT_INPUT;
    if (fmt != a->fmt) {
        fprintf(stderr, _("grille merge: the parts hold %s segments, not %s: code the parts with -f %s%s\n"),
                format_name(a->fmt), format_name(fmt), fmt == GRILLE_FORMAT_CSV_EXCEL ? "csv" : format_name(fmt),
                fmt == GRILLE_FORMAT_CSV_EXCEL ? " --excel" : "");
        return EXIT_INPUT;
    }
    cli_output out;
    int rc = cli_output_open(&out, output);
    if (rc) return rc;
    if (a->hlen && fwrite(a->header, 1, a->hlen, out.f) != a->hlen) rc = EXIT_INTERNAL;
    if (rc == EXIT_OK) rc = each_document(parts, n, write_segments, out.f);
    int c = cli_output_close(&out, rc == EXIT_OK);
    return rc ? rc : c;
}

typedef struct summing {
    grille_matrix *m;
    int seen;
    const char *path;
    grille_error err;
} summing;

static int add_counts(void *ctx, const part *p) {
    summing *s = ctx;
    s->seen |= p->flag;
    if (grille_matrix_add_saved(s->m, p->data, p->len, &s->err) == GRILLE_OK) return EXIT_OK;
    fprintf(stderr, _("grille merge: %s: document %zu: %s\n"), p->path, p->index + 1, s->err.message);
    return cli_exit_code(s->err.code);
}

static int fill(grille_workbook *wb, const void *m, grille_error *err) {
    return grille_matrix_write_sheet(wb, "matrix", m, err);
}

static int merge_matrix(part *parts, size_t n, const char *codebook, const char *output, const char *format,
                        int excel) {
    const part *a = &parts[0];
    grille_matrix_options mopts = GRILLE_MATRIX_OPTIONS_INIT;
    int measure, leaves, transpose, lang, off = 0;
    size_t bylen;
    if (sscanf(a->extra, "%d %d %d %d %zu:%n", &measure, &leaves, &transpose, &lang, &bylen, &off) != 5 || !off ||
        strlen(a->extra + off) != bylen)
        return damaged(a, "extra");
    mopts.measure = (grille_measure)measure;
    mopts.flags = (leaves ? GRILLE_MATRIX_LEAVES : 0u) | (transpose ? GRILLE_MATRIX_TRANSPOSE : 0u);
    mopts.language = (grille_language)lang;
    mopts.by_variable = bylen ? a->extra + off : NULL;
    int fmt = cli_output_format(
        "grille merge", merge_format(a, format, output), excel || a->excel, output, GRILLE_FORMAT_CSV,
        1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_XLSX);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    summing s = {0};
    int rc = EXIT_OK;
    if (!(s.m = grille_matrix_begin(cb, &mopts, &s.err))) {
        cli_report(&s.err);
        grille_codebook_free(cb);
        return cli_exit_code(s.err.code);
    }
    rc = each_document(parts, n, add_counts, &s);
    if (rc == EXIT_OK && grille_matrix_end(s.m, &s.err)) {
        cli_report(&s.err);
        rc = cli_exit_code(s.err.code);
    }
    if (rc == EXIT_OK) {
        if (mopts.by_variable && !s.seen)
            fprintf(stderr, _("grille matrix: warning: no transcript or speaker has the variable '%s'\n"),
                    mopts.by_variable);
        cli_output out;
        if (fmt == GRILLE_FORMAT_XLSX) rc = cli_write_workbook(output, fill, s.m);
        else if ((rc = cli_output_open(&out, output)) == EXIT_OK)
            rc = cli_output_finish(&out, grille_matrix_write(out.f, (grille_format)fmt, s.m, &s.err), &s.err);
    }
    grille_matrix_free(s.m);
    grille_codebook_free(cb);
    return rc;
}

/* note and export: each document and its coding loaded from the part
 * and handed to the writer the single run feeds (each, ctx). */
typedef struct feeding {
    const grille_codebook *cb;
    int (*each)(void *ctx, const grille_document *doc, const grille_coding *coding);
    void *ctx;
} feeding;

static int feed_saved(void *ctx, const part *p) {
    feeding *f = ctx;
    grille_error err;
    grille_document *doc;
    grille_coding *coding = grille_coding_load(f->cb, p->data, p->len, &doc, &err);
    if (!coding) {
        fprintf(stderr, _("grille merge: %s: document %zu: %s\n"), p->path, p->index + 1, err.message);
        return cli_exit_code(err.code);
    }
    int rc = f->each(f->ctx, doc, coding);
    grille_coding_free(coding);
    grille_document_free(doc);
    return rc;
}

static int merge_note(part *parts, size_t n, const char *codebook, const char *output, const char *format, int excel) {
    const part *a = &parts[0];
    grille_note_options opts = GRILLE_NOTE_OPTIONS_INIT;
    int lang, off = 0;
    size_t bylen;
    if (sscanf(a->extra, "%zu %zu %zu %d %zu:%n", &opts.quotes, &opts.context, &opts.min_words, &lang, &bylen, &off) !=
            5 ||
        !off || strlen(a->extra + off) != bylen)
        return damaged(a, "extra");
    opts.language = (grille_language)lang;
    opts.by_variable = bylen ? a->extra + off : NULL;
    int fmt = cli_output_format("grille merge", merge_format(a, format, output), excel, output, GRILLE_FORMAT_MARKDOWN,
                                1u << GRILLE_FORMAT_MARKDOWN | 1u << GRILLE_FORMAT_HTML);
    if (fmt < 0) return EXIT_INPUT;
    grille_codebook *cb = cli_load_codebook(codebook);
    if (!cb) return EXIT_INPUT;
    cli_noting k = {0};
    k.by = opts.by_variable;
    if (!(k.note = grille_note_new(cb, &opts, &k.err))) {
        cli_report(&k.err);
        grille_codebook_free(cb);
        return cli_exit_code(k.err.code);
    }
    feeding f = {cb, cli_note_add, &k};
    int rc = each_document(parts, n, feed_saved, &f);
    rc = cli_note_finish(&k, rc, fmt, output);
    grille_note_free(k.note);
    grille_codebook_free(cb);
    return rc;
}

/* A string of the extra line, len bytes at *s, into a malloc'd one
 * (NULL when not given). */
static int refi_option(const char **s, int given, size_t len, char **out) {
    *out = NULL;
    if (given && !(*out = strndup(*s, len))) return -1;
    *s += len;
    return 0;
}

static int merge_export(part *parts, size_t n, const char *codebook, const char *output, const char *format,
                        int excel) {
    const part *a = &parts[0];
    if (excel) {
        fputs(_("grille merge: --excel is for CSV, which an export does not write\n"), stderr);
        return EXIT_INPUT;
    }
    int lang, has_name, has_user, has_date, off = 0;
    size_t lname, luser, ldate;
    if (sscanf(a->extra, "%d %d %d %d %zu %zu %zu:%n", &lang, &has_name, &has_user, &has_date, &lname, &luser, &ldate,
               &off) != 7 ||
        !off || (lang != GRILLE_LANG_EN && lang != GRILLE_LANG_FR) || lname > (1u << 20) || luser > (1u << 20) ||
        ldate > (1u << 20) || strlen(a->extra + off) != lname + luser + ldate)
        return damaged(a, "extra");
    /* the parts hold codings, whatever the export: -f, else -o's
     * extension (Iramuteq's .txt only for Iramuteq parts), else the
     * parts' -f */
    const char *ext = cli_extension(output);
    int from_parts = !format && (!ext || (a->fmt == EXPORT_IRAMUTEQ && strcasecmp(ext, "txt") == 0));
    int kind = cli_export_kind("grille merge", from_parts ? cli_export_kind_name(a->fmt) : format, output);
    if (kind < 0) return EXIT_INPUT;
    if (kind == EXPORT_MD || kind == EXPORT_HTML) {
        /* the codebook's document with examples from the parts' documents */
        grille_codebook *cb = cli_load_codebook(codebook);
        if (!cb) return EXIT_INPUT;
        cli_doc k = {NULL, GRILLE_OK, {0}};
        int rc = EXIT_INTERNAL;
        if (!(k.d = grille_codebook_doc_new(cb, 1, &k.err))) cli_report(&k.err);
        else {
            feeding f = {cb, cli_doc_add, &k};
            rc = cli_doc_finish(&k, each_document(parts, n, feed_saved, &f), kind == EXPORT_HTML, (grille_language)lang,
                                output);
        }
        grille_codebook_doc_free(k.d);
        grille_codebook_free(cb);
        return rc;
    }
    int table = cli_table_of_kind(kind);
    if (!table) {
        fprintf(stderr,
                _("grille merge: the parts of grille export --shard make sqlite, iramuteq, qdpx, xlsx, md or html "
                  "exports, not %s\n"),
                cli_export_kind_name(kind));
        return EXIT_INPUT;
    }
    if ((kind == EXPORT_SQLITE && cli_require("grille merge", GRILLE_FEATURE_SQLITE)) ||
        (kind == EXPORT_QDPX && cli_require("grille merge", GRILLE_FEATURE_REFI)) || cli_table_output_ok(table, output))
        return EXIT_INPUT;
    grille_refi_options ro = GRILLE_REFI_OPTIONS_INIT;
    ro.warn = cli_warn;
    const char *s = a->extra + off;
    char *name, *user, *date;
    int bad = refi_option(&s, has_name, lname, &name);
    bad |= refi_option(&s, has_user, luser, &user);
    bad |= refi_option(&s, has_date, ldate, &date);
    ro.project_name = name;
    ro.user_name = user;
    ro.creation_time = date;
    grille_codebook *cb = bad ? NULL : cli_load_codebook(codebook);
    int rc = bad ? EXIT_INTERNAL : cb ? EXIT_OK : EXIT_INPUT;
    if (bad) fputs(_("grille: out of memory\n"), stderr);
    if (cb) {
        cli_table t = {.table = table, .path = output, .cb = cb, .ro = &ro};
        rc = cli_table_open(&t);
        feeding f = {cb, cli_table_add, &t};
        if (rc == EXIT_OK) rc = each_document(parts, n, feed_saved, &f);
        rc = cli_table_close(&t, rc);
    }
    grille_codebook_free(cb);
    free(name);
    free(user);
    free(date);
    return rc;
}

int cmd_merge(int argc, char **argv) {
    static const struct option longopts[] = {
        {"codebook", required_argument, NULL, 'c'}, {"output", required_argument, NULL, 'o'},
        {"format", required_argument, NULL, 'f'},   CLI_EXCEL_LONGOPT,
        {"help", no_argument, NULL, 'h'},           {NULL, 0, NULL, 0}};
    const char *codebook = NULL, *output = NULL, *format = NULL;
    int excel = 0, c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:o:f:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': codebook = optarg; break;
        case 'o':
            output = optarg;
            cli_protect_output(optarg);
            break;
        case 'f': format = optarg; break;
        case CLI_OPT_EXCEL: excel = 1; break;
        case 'h': fputs(cli_help(help), stdout); return EXIT_OK;
        default: fputs(cli_help(help), stderr); return EXIT_INPUT;
        }
    }
    if (optind >= argc) {
        fprintf(stderr, _("%s: no part given\n"), "grille merge");
        fputs(cli_help(help), stderr);
        return EXIT_INPUT;
    }
    size_t n = (size_t)(argc - optind);
    part *parts = calloc(n, sizeof *parts);
    if (!parts) {
        fputs(_("grille: out of memory\n"), stderr);
        return EXIT_INTERNAL;
    }
    int rc = EXIT_OK;
    for (size_t i = 0; rc == EXIT_OK && i < n; i++) {
        parts[i].path = argv[optind + (int)i];
        if (!(rc = cli_check_input(parts[i].path))) rc = read_head(&parts[i]);
    }
    if (rc == EXIT_OK) rc = check_parts(parts, n);
    /* segments need no codebook: one given is checked */
    if (rc == EXIT_OK && (codebook || strcmp(parts[0].command, "code") != 0)) rc = check_codebook(&parts[0], codebook);
    if (rc == EXIT_OK) {
        if (strcmp(parts[0].command, "code") == 0) rc = merge_code(parts, n, output, format, excel);
        else if (strcmp(parts[0].command, "matrix") == 0) rc = merge_matrix(parts, n, codebook, output, format, excel);
        else if (strcmp(parts[0].command, "note") == 0) rc = merge_note(parts, n, codebook, output, format, excel);
        else if (strcmp(parts[0].command, "export") == 0) rc = merge_export(parts, n, codebook, output, format, excel);
        else rc = damaged(&parts[0], "command");
    }
    for (size_t i = 0; i < n; i++) part_free(&parts[i]);
    free(parts);
    return rc;
}

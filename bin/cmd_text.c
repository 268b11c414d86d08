/* cmd_text.c - grille text: the plain text grille codes, as it reads it
 * from a Word, LibreOffice, subtitle or HTML file, so that a researcher
 * sees exactly what was coded and where each offset points. */
#define _XOPEN_SOURCE 700 /* realpath */
#include "cli.h"
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille text [OPTIONS] PATH...\n"
       "Print the plain text grille codes in each transcript: the file itself for\n"
       "UTF-8 text, else the text extracted from a .docx, .odt, subtitle, HTML or\n"
       "JSON file, or converted from UTF-16 or Windows-1252.  Every offset grille\n"
       "reports (segments, REFI-QDA selections, SQLite) counts in this text.\n"
       "Several transcripts are separated by '==> id <==' lines; with -o, each is\n"
       "written to DIR/ID.txt instead.\n"
       "\n"
       "  -o, --output DIR         write each transcript's text to DIR/ID.txt\n"
       "      --header             start with a '---' header holding the document's\n"
       "                           variables and speakers, so that the file reads as a\n"
       "                           grille transcript on its own (offsets then move by\n"
       "                           the header's length)\n"),
    CLI_READ_HELP,
    N_("  -j, --jobs N             read on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};

/* A front matter with what the text itself does not say. */
static void write_header(FILE *f, const grille_document *doc) {
    fputs("---\n", f);
    for (size_t i = 0; i < grille_document_variable_count(doc); i++) {
        const char *k, *v;
        grille_document_variable_get(doc, i, &k, &v);
        if (strcmp(k, "speakers") == 0 || strcmp(k, "interviewers") == 0) continue;
        int plain = 1;
        for (const char *p = k; *p; p++)
            plain &= (*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '_' || *p == '-';
        if (!plain) continue;
        /* a value is one line (a spreadsheet cell may hold several) */
        fprintf(f, "%s: ", k);
        for (const char *p = v; *p; p++) fputc(*p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p, f);
        fputc('\n', f);
    }
    /* the speakers as grille took them, so that nothing is guessed again */
    const char *sep[2] = {"", ""};
    int any[2] = {0, 0};
    for (int role = 0; role < 2; role++) {
        for (size_t i = 0; i < grille_document_speaker_count(doc); i++) {
            grille_speaker_info s;
            grille_document_speaker_get(doc, i, &s);
            if (!s.label[0] || ((s.flags & GRILLE_SPEAKER_INFO_INTERVIEWER) != 0) != role || !s.turns ||
                s.reason == GRILLE_SPEAKER_UNLABELLED)
                continue;
            if (!any[role]) fputs(role ? "interviewers: " : "speakers: ", f);
            fprintf(f, "%s%s", sep[role], s.label);
            sep[role] = ", ";
            any[role] = 1;
        }
        if (any[role]) fputc('\n', f);
    }
    if (!any[1]) fputs("interviewers: none\n", f);
    fputs("---\n", f);
}

/* The body: a transcript's own front matter is already in the header. */
static void write_text(FILE *f, const grille_document *doc, int header) {
    const char *t = grille_document_text(doc);
    size_t n = grille_document_size(doc), start = 0;
    if (header && n >= 4 && memcmp(t, "---", 3) == 0 && grille_document_variable_count(doc)) {
        const char *close = strstr(t + 3, "\n---");
        if (close) {
            start = (size_t)(close - t) + 4;
            while (start < n && t[start] != '\n') start++;
            if (start < n) start++;
        }
    }
    fwrite(t + start, 1, n - start, f);
}

static int mkdirs(const char *path) {
    char *p = strdup(path);
    if (!p) return -1;
    for (char *s = p + 1; *s; s++)
        if (*s == '/') {
            *s = '\0';
            if (mkdir(p, 0777) != 0 && errno != EEXIST) {
                free(p);
                return -1;
            }
            *s = '/';
        }
    free(p);
    return 0;
}

static int write_one(const char *dir, const grille_document *doc, int header) {
    size_t len = strlen(dir) + strlen(grille_document_id(doc)) + 8;
    char *path = malloc(len);
    if (!path) return EXIT_INTERNAL;
    snprintf(path, len, "%s/%s.txt", dir, grille_document_id(doc));
    struct stat in, outst;
    /* never replace the transcript being read */
    if (stat(grille_document_name(doc), &in) == 0 && stat(path, &outst) == 0 && in.st_dev == outst.st_dev &&
        in.st_ino == outst.st_ino) {
        fprintf(stderr, _("grille text: %s: this is the transcript itself; choose another -o folder\n"), path);
        free(path);
        return EXIT_INPUT;
    }
    if (mkdirs(path) != 0) {
        fprintf(stderr, _("grille text: %s: cannot create the folder: %s\n"), path, strerror(errno));
        free(path);
        return EXIT_INPUT;
    }
    cli_output out;
    int rc = cli_output_open(&out, path);
    if (rc == EXIT_OK) {
        if (header) write_header(out.f, doc);
        write_text(out.f, doc, header);
        rc = cli_output_close(&out, 1);
    }
    free(path);
    return rc;
}

/* The texts are written as the documents are read, each freed once it
 * is out: a corpus of any size takes the memory of a few documents.  A
 * run that fails has written the documents before the failing one. */
typedef struct texting {
    const char *dir; /* -o, or NULL: standard output */
    int header;
    size_t count, done; /* the corpus's documents, those written */
} texting;

/* Standard output on a terminal takes the texts as they come: no
 * progress line among them. */
static int text_begin(void *ctx) {
    const texting *k = ctx;
    if (!k->dir && isatty(STDOUT_FILENO)) cli_quiet_progress();
    return EXIT_OK;
}

static int text_document(void *ctx, const grille_document *doc, const grille_coding *coding) {
    texting *k = ctx;
    (void)coding;
    if (k->dir) return write_one(k->dir, doc, k->header);
    if (k->count > 1) printf("%s==> %s <==\n", k->done ? "\n" : "", grille_document_id(doc));
    k->done++;
    if (k->header) write_header(stdout, doc);
    write_text(stdout, doc, k->header);
    return EXIT_OK;
}

int cmd_text(int argc, char **argv) {
    enum { OPT_HEADER = 400 };
    static const struct option longopts[] = {
        {"output", required_argument, NULL, 'o'},  CLI_READ_LONGOPTS,
        {"jobs", required_argument, NULL, 'j'},    {"help", no_argument, NULL, 'h'},
        {"header", no_argument, NULL, OPT_HEADER}, {NULL, 0, NULL, 0}};
    cli_common o;
    cli_common_init(&o, "grille text", help);
    int c, rc = EXIT_OK, header = 0;
    optind = 1;
    while ((c = getopt_long(argc, argv, "o:j:h", longopts, NULL)) != -1) {
        if (c == OPT_HEADER) header = 1;
        else if (cli_common_option(&o, c, optarg, &rc) <= 0) return rc;
    }
    if (optind >= argc) {
        fprintf(stderr, _("grille text: no transcript given\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    if (o.output) {
        struct stat st;
        if (stat(o.output, &st) == 0 && !S_ISDIR(st.st_mode)) {
            fprintf(stderr, _("grille text: -o %s: not a folder (-o names the folder the texts go to)\n"), o.output);
            return EXIT_INPUT;
        }
        if (mkdir(o.output, 0777) != 0 && errno != EEXIST) {
            fprintf(stderr, _("grille text: %s: %s\n"), o.output, strerror(errno));
            return EXIT_INPUT;
        }
    }
    /* texts written inside a corpus folder would be read back as
     * transcripts by the next run, and counted twice */
    char *out_real = o.output ? realpath(o.output, NULL) : NULL;
    for (int i = optind; out_real && i < argc; i++) {
        struct stat st;
        char *in_real = stat(argv[i], &st) == 0 && S_ISDIR(st.st_mode) ? realpath(argv[i], NULL) : NULL;
        size_t n = in_real ? strlen(in_real) : 0;
        int inside = in_real && strncmp(out_real, in_real, n) == 0 && (out_real[n] == '/' || out_real[n] == '\0');
        free(in_real);
        if (inside) {
            fprintf(stderr,
                    _("grille text: -o %s is inside the corpus folder %s: the texts would be read as "
                      "transcripts by the next run; choose a folder outside it\n"),
                    o.output, argv[i]);
            free(out_real);
            return EXIT_INPUT;
        }
    }
    free(out_real);
    texting k = {.dir = o.output, .header = header};
    cli_sink sink = {text_begin, text_document, &k, &k.count};
    rc = cli_read_corpus_each(argv + optind, (size_t)(argc - optind), o.jobs, &sink);
    if (!o.output && (fflush(stdout) != 0 || ferror(stdout))) {
        fprintf(stderr, _("grille text: error writing to standard output\n"));
        rc = EXIT_INTERNAL;
    }
    return rc;
}

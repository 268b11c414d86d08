/* docx_floor.c - the least a .docx can cost to read with the libraries
 * the formats issue prescribes (libzip for the archive, libxml2 for the
 * XML), against grille's whole load of the same text as .txt, measured
 * in the same run (interleaved rounds, medians).
 *
 * Three floors, each without extracting a character of text, without
 * docProps/core.xml and without grille's own work:
 *   inflate      libzip inflates word/document.xml into memory (CRC checked);
 *   inflate+sax  then libxml2 parses it with no handler at all;
 *   ascii        the same, the non-ASCII bytes first turned into 'x' (what
 *                grille's escaping would give for free: libxml2 reads ASCII
 *                text in bulk).
 * A real reader costs more than the last floor: if that floor is near the
 * .txt load, a .docx cannot cost under 2x the .txt.
 * Usage: docx_floor ROUNDS FILE.txt FILE.docx */
#define _POSIX_C_SOURCE 200809L
#include "bench_util.h"
#include "grille.h"
#include <libxml/parser.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <zip.h>

enum { LOADS = 20 };

static char *slurp(const char *path, size_t *n) {
    FILE *f = fopen(path, "rb");
    if (!f) return NULL;
    char *b = NULL;
    if (fseek(f, 0, SEEK_END) == 0) {
        long len = ftell(f);
        rewind(f);
        if (len >= 0 && (b = malloc((size_t)len + 1)) && fread(b, 1, (size_t)len, f) != (size_t)len) {
            free(b);
            b = NULL;
        }
        *n = (size_t)len;
    }
    fclose(f);
    return b;
}

/* level 0: inflate only; 1: and parse; 2: parse an all-ASCII copy */
static int floor_load(const char *data, size_t len, int level) {
    zip_error_t ze;
    zip_error_init(&ze);
    zip_source_t *src = zip_source_buffer_create(data, len, 0, &ze);
    zip_t *z = src ? zip_open_from_source(src, ZIP_RDONLY, &ze) : NULL;
    zip_stat_t st;
    if (!z || zip_stat(z, "word/document.xml", 0, &st) != 0 || st.size > INT32_MAX) {
        if (z) zip_close(z);
        else zip_source_free(src);
        return -1;
    }
    zip_file_t *f = zip_fopen(z, "word/document.xml", 0);
    char *xml = malloc(st.size + 1);
    zip_int64_t got = f && xml ? zip_fread(f, xml, st.size) : -1;
    if (f) zip_fclose(f);
    if (got >= 0 && level >= 1) {
        if (level == 2)
            for (zip_int64_t i = 0; i < got; i++)
                if ((unsigned char)xml[i] >= 0x80) xml[i] = 'x';
        xmlSAXHandler sax;
        memset(&sax, 0, sizeof sax);
        sax.initialized = XML_SAX2_MAGIC;
        xmlSAXUserParseMemory(&sax, NULL, xml, (int)got);
    }
    free(xml);
    zip_close(z);
    return got < 0 ? -1 : 0;
}

int main(int argc, char **argv) {
    if (argc != 4) {
        fprintf(stderr, "usage: docx_floor ROUNDS FILE.txt FILE.docx\n");
        return 2;
    }
    bench_setup_like_grille();
    int rounds = atoi(argv[1]);
    if (rounds < 1) rounds = 1;
    size_t n;
    char *docx = slurp(argv[3], &n);
    double *t = calloc(4 * (size_t)rounds, sizeof *t);
    if (!docx || !t) {
        fprintf(stderr, "docx_floor: cannot read %s\n", argv[3]);
        return 2;
    }
    for (int r = 0; r < rounds; r++)
        for (int what = 0; what < 4; what++) {
            double t0 = bench_now();
            for (int k = 0; k < LOADS; k++) {
                if (what == 0) {
                    grille_error err;
                    grille_document *d = grille_document_load(argv[2], NULL, &err);
                    if (!d) {
                        fprintf(stderr, "%s\n", err.message);
                        return 2;
                    }
                    grille_document_free(d);
                } else if (floor_load(docx, n, what - 1)) {
                    fprintf(stderr, "docx_floor: %s has no readable word/document.xml\n", argv[3]);
                    return 2;
                }
            }
            t[(size_t)what * (size_t)rounds + (size_t)r] = (bench_now() - t0) / LOADS;
        }
    static const char *const names[] = {".txt, grille's whole load", "inflate", "inflate+sax", "ascii"};
    double base = 0;
    for (int what = 0; what < 4; what++) {
        double *v = t + (size_t)what * (size_t)rounds;
        qsort(v, (size_t)rounds, sizeof *v, bench_by_value);
        if (what == 0) base = v[rounds / 2];
        printf("%-28s %8.3f ms  %5.2fx\n", names[what], v[rounds / 2] * 1e3, v[rounds / 2] / base);
    }
    free(t);
    free(docx);
    return 0;
}

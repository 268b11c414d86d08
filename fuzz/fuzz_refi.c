/* fuzz_refi.c - libFuzzer target: the REFI-QDA import.  Any bytes as a
 * codebook (.qdc) and as a bare project (.qde), read by both importers;
 * then as the project.qde of a .qdpx built here (stored entries with the
 * right CRCs, so that mutations reach the XML walker, the positions and
 * the source texts rather than the archive's checks).  The bytes after a
 * first NUL, which XML cannot hold, are the text of the archive's
 * sources/a.txt and sources/b.txt; without one, a French sentence.  Bytes
 * that start like a ZIP are also read as a .qdpx of their own.  Must
 * never crash, hang or leak; a failure says why, and a gold is UTF-8 with
 * six fields a row. */
#define _POSIX_C_SOURCE 200809L /* open_memstream */
#include "refi.h"
#include "fuzz_zip.h"
#include "utf8.h"
#include <stdint.h>
#include <stdio.h>

/* Its themes' GUIDs (grille_refi_theme_guid) map codes back to ids. */
static const char codebook_xml[] =
    "<codebook xmlns=\"urn:grille:codebook:1\" id=\"fz\"><title>fz</title>"
    "<theme id=\"reseau\" label=\"R\xC3\xA9seau\"><word>r\xC3\xA9seau*</word>"
    "<theme id=\"acteurs\" label=\"Acteurs\"><word>acteur*</word></theme></theme></codebook>";

static const char default_text[] = "Coordinatrice : le r\xC3\xA9seau des acteurs, c\xE2\x80\x99"
                                   "est le c\xC5\x93ur du poste.\n";

/* A failure has a message and its code; a success wrote UTF-8, and a gold
 * six fields on each line. */
static void check(int rc, const grille_error *err, const char *out, size_t len, int gold) {
    if (rc != GRILLE_OK) {
        if (err->code != rc || !err->message[0]) __builtin_trap();
        return;
    }
    if (!len || utf8_valid_prefix((const unsigned char *)out, len) != len) __builtin_trap();
    if (!gold) return;
    size_t tabs = 0;
    for (size_t i = 0; i < len; i++) {
        if (out[i] == '\t') tabs++;
        else if (out[i] == '\n') {
            if (tabs != 5) __builtin_trap();
            tabs = 0;
        }
    }
    if (out[len - 1] != '\n') __builtin_trap();
}

static const grille_codebook *codebook(void) {
    static grille_codebook *cb;
    grille_error err;
    grille_codebook_source src = {.name = "fz.xml", .xml = codebook_xml, .len = sizeof codebook_xml - 1};
    if (!cb) cb = grille_codebook_open(&src, NULL, NULL, &err);
    return cb;
}

static void run(const char *name, const uint8_t *data, size_t size, int gold, const grille_codebook *cb) {
    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    if (!f) return;
    grille_error err;
    int rc = gold ? refi_import_gold_buffer(name, data, size, cb, f, &err)
                  : refi_import_codebook_buffer(name, data, size, f, &err);
    fclose(f);
    check(rc, &err, out, len, gold);
    free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    if (size > 1 << 20) return 0;
    const uint8_t *nul = memchr(data, '\0', size);
    size_t xml_len = nul ? (size_t)(nul - data) : size;
    run("fuzz.qdc", data, xml_len, 0, NULL);
    run("fuzz.qde", data, xml_len, 1, codebook());
    zip_entry e[3] = {{"project.qde", data, xml_len},
                      {"sources/a.txt", (const uint8_t *)default_text, sizeof default_text - 1},
                      {"sources/b.txt", NULL, 0}};
    if (nul) {
        e[1].data = nul + 1;
        e[1].size = size - xml_len - 1;
    }
    e[2].data = e[1].data;
    e[2].size = e[1].size;
    gbuf z = {0};
    if (make_zip(&z, e, 3)) run("fuzz.qdpx", (const uint8_t *)z.data, z.len, 1, NULL);
    gbuf_free(&z);
    if (size >= 4 && memcmp(data, "PK\3\4", 4) == 0) run("raw.qdpx", data, size, 1, codebook());
    return 0;
}

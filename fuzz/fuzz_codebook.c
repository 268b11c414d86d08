/* fuzz_codebook.c - libFuzzer target: any bytes as a codebook; when one
 * loads, it codes a fixed transcript. */
#include "grille.h"
#include <stdint.h>
#include <string.h>

static const char transcript[] =
    "---\ntype: EI\n---\nE : Le réseau ?\nR : Le réseau des acteurs, les élu·es, l'ARS (rires).\n"
    "R : Le comité de pilotage finance des projets. Aaaaaaaaaaaaaaaaaaaaaaaaaaaa!\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    grille_error err;
    grille_codebook_source src = {.name = "fuzz.xml", .xml = (const char *)data, .len = size};
    grille_codebook *cb = grille_codebook_open(&src, NULL, NULL, &err);
    if (!cb) return 0;
    grille_document *doc = grille_document_parse("t.txt", transcript, strlen(transcript), NULL, &err);
    grille_coding *c = grille_coding_new(cb, doc, &err);
    grille_coding_free(c);
    grille_document_free(doc);
    grille_codebook_free(cb);
    return 0;
}

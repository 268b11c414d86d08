/* fuzz_coding.c - libFuzzer target: any bytes as a saved coding
 * (grille_coding_load(), what grille merge reads from the parts of note
 * and export); when one loads, its segments and a note are written, so
 * that every offset the load let through is used.
 *
 * The seeds (tests/data/fuzz-seeds/coding/) are codings of the
 * transcripts at the end saved with the codebook below; built with
 * -DFUZZ_CODING_SEEDS, this file writes them into the folder given:
 *   cc -DFUZZ_CODING_SEEDS -Ilib fuzz/fuzz_coding.c -Lbuild/lib/.libs -lgrille
 *   ./a.out tests/data/fuzz-seeds/coding */
#include "grille.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char codebook[] =
    "<?xml version=\"1.0\"?>\n<codebook xmlns=\"urn:grille:codebook:1\" id=\"f\">\n<title>f</title>\n"
    "<settings><unit>sentence</unit><short-answers>8</short-answers></settings>\n"
    "<theme id=\"reseau\" label=\"Réseau\"><word>réseau</word><phrase id=\"mois\">chaque mois</phrase>\n"
    "<theme id=\"elus\" label=\"Élus\"><lemma>élu</lemma><regex>\\bARS\\b</regex></theme></theme>\n"
    "<theme id=\"acteurs\" label=\"Acteurs\"><near distance=\"3\"><word>acteurs</word><word>territoire</word>"
    "</near></theme>\n</codebook>\n";

static grille_codebook *cb;

static grille_codebook *the_codebook(void) {
    if (!cb) {
        grille_error err;
        grille_codebook_source src = {.name = "fuzz.xml", .xml = codebook, .len = strlen(codebook)};
        cb = grille_codebook_open(&src, NULL, NULL, &err);
        if (!cb) {
            fprintf(stderr, "fuzz_coding: %s\n", err.message);
            abort();
        }
    }
    return cb;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    grille_error err;
    grille_document *doc;
    grille_coding *c = grille_coding_load(the_codebook(), (const char *)data, size, &doc, &err);
    if (!c) return 0;
    FILE *out = fopen("/dev/null", "w");
    if (out) {
        grille_coding_write(out, GRILLE_FORMAT_TSV, c, &err);
        grille_coding_write(out, GRILLE_FORMAT_JSONL, c, &err);
        grille_note *note = grille_note_new(cb, NULL, &err);
        if (note && grille_note_add(note, c, &err) == GRILLE_OK) grille_note_write(out, GRILLE_FORMAT_HTML, note, &err);
        grille_note_free(note);
        fclose(out);
    }
    grille_coding_free(c);
    grille_document_free(doc);
    return 0;
}

#ifdef FUZZ_CODING_SEEDS
static const char *const transcripts[] = {
    "---\ntype: EI\ntitre: Un été\n---\nEnquêtrice : Le réseau ?\n\nEnquêté : Oui, le réseau des acteurs du "
    "territoire se réunit chaque mois. Énorme.\n\nEnquêtrice : Et les élus, l'ARS ?\n\nEnquêté : Les élus "
    "suivent.\n",
    "Le réseau des acteurs.\n\nUn paragraphe sans locuteur, où l'ARS finance.\n",
    "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\n<v Enquêtrice>Le réseau ?\n\n00:00:05.000 --> 00:00:09.000\n"
    "<v Enquêté>Le réseau des élus du territoire, chaque mois.\n",
};

int main(int argc, char **argv) {
    if (argc != 2) return 2;
    for (size_t i = 0; i < sizeof transcripts / sizeof *transcripts; i++) {
        grille_error err;
        const char *name = i == 2 ? "t.vtt" : "t.txt";
        grille_document *doc = grille_document_parse(name, transcripts[i], strlen(transcripts[i]), NULL, &err);
        grille_coding *c = doc ? grille_coding_new(the_codebook(), doc, &err) : NULL;
        char path[4096];
        snprintf(path, sizeof path, "%s/seed-%zu", argv[1], i + 1);
        FILE *f = fopen(path, "wb");
        if (!c || !f || grille_coding_save(f, c, cb, &err) != GRILLE_OK || fclose(f) != 0) {
            fprintf(stderr, "fuzz_coding: %s: %s\n", path, err.message);
            return 1;
        }
        grille_coding_free(c);
        grille_document_free(doc);
    }
    grille_codebook_free(cb);
    return 0;
}
#endif

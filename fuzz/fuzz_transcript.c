/* fuzz_transcript.c - libFuzzer target: any bytes as a transcript, coded
 * with a small codebook.  Must never crash, hang or leak. */
#include "grille.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const char codebook[] =
    "<?xml version=\"1.0\"?><codebook xmlns=\"urn:grille:codebook:1\" id=\"f\"><title>f</title>"
    "<settings><unit>sentence</unit><speakers>all</speakers></settings>"
    "<theme id=\"a\" label=\"a\"><exclude><phrase>réseau routier</phrase></exclude>"
    "<word>réseau*</word><word>*tion</word><word>co*nn*</word><phrase>mise en réseau</phrase>"
    "<near distance=\"3\"><word>comité</word><word>pilotage</word></near>"
    "<all><word>projet*</word><any><word>financ*</word><regex>\\bappels?\\b</regex></any></all>"
    "<word case=\"exact\">ARS</word><lemma>élu</lemma><lemma pos=\"verbe\">coordonner</lemma>"
    /* regexes gated by what they need, scanned in windows of the unit */
    "<regex>\\bco-?présid\\w*</regex><regex>(?:\\bx)?réunions\\b</regex><regex>\\bn\\s?\\+\\s?[12]\\b</regex>"
    "<regex>\\b(?:notre|leur) avis\\b</regex><regex>\\ble\\s(?:comité|conseil)s?\\b</regex></theme></codebook>";

/* With GRILLE_FUZZ_LEXICON naming a compiled lexicon, lemma rules go
 * through the lexicon too.  The codebook does not depend on the input:
 * it is compiled once (compiling it for every input, regexes and all,
 * was most of the target's time: 200 inputs a second). */
static grille_lexicon *lexicon;
static grille_codebook *cb;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    grille_error err;
    if (!cb) {
        const char *p = getenv("GRILLE_FUZZ_LEXICON");
        if (p && *p) lexicon = grille_lexicon_open(p, &err);
        grille_load_options o = GRILLE_LOAD_OPTIONS_INIT;
        o.lexicon = lexicon;
        grille_codebook_source src = {.name = "fuzz.xml", .xml = codebook, .len = strlen(codebook)};
        cb = grille_codebook_open(&src, &o, NULL, &err);
        if (!cb) __builtin_trap();
    }
    grille_document *doc = grille_document_parse("fuzz.txt", (const char *)data, size, NULL, &err);
    if (doc) {
        /* positions count in the extracted text (a converted encoding
         * may be longer than the input) */
        size = grille_document_size(doc);
        grille_coding *c = grille_coding_new(cb, doc, &err);
        for (size_t i = 0; c && i < grille_coding_segment_count(c); i++) {
            const grille_segment *s = grille_coding_segment_get(c, i);
            /* every span lies inside the file, in order */
            if (s->span.byte_start > s->span.byte_end || s->span.byte_end > size || s->span.cp_start > s->span.cp_end)
                __builtin_trap();
            for (size_t h = 0; h < s->hit_count; h++)
                if (s->hits[h].span.byte_end > size) __builtin_trap();
        }
        grille_coding_free(c);
        grille_tokens *t = grille_tokens_new(cb, doc, &err);
        grille_tokens_free(t);
        grille_document_free(doc);
    }
    return 0;
}

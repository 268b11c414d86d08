/* document.h - the internal shape of a transcript. */
#ifndef GRILLE_DOCUMENT_H
#define GRILLE_DOCUMENT_H
#include "internal.h"

/* A span with its position; ends exclusive. */
typedef struct dspan {
    size_t b0, b1;   /* bytes */
    size_t c0, c1;   /* code points */
    unsigned line;
} dspan;

typedef struct dturn {
    dspan span;          /* the speech, label excluded */
    size_t speaker;      /* index into speakers */
    int interviewer;
} dturn;

typedef struct dunit {
    dspan span;
    size_t turn;
    size_t parent;       /* paragraph of a sentence, turn of a paragraph */
} dunit;

struct grille_document {
    char *id, *name;
    char *text;          /* NUL-terminated copy of the file */
    size_t size;
    char **keys, **values;
    size_t nvars, capvars;
    char **speakers;     /* distinct speaker labels; [0] is "" */
    size_t nspeakers, capspeakers;
    dturn *turns;
    size_t nturns, capturns;
    dunit *paras;
    size_t nparas, capparas;
    dunit *sents;
    size_t nsents, capsents;
    size_t *line_starts; /* byte offset of each line */
    uint32_t *cp_marks;  /* code points before each CP_STEP-byte block */
    size_t nlines;
};

#define CP_STEP 64

/* Code point offset of byte offset b (which starts a code point). */
size_t document_cp_at(const grille_document *doc, size_t b);
/* 1-based line of byte offset b. */
unsigned document_line_at(const grille_document *doc, size_t b);
/* Fills a span for bytes [b0, b1). */
void document_span(const grille_document *doc, size_t b0, size_t b1,
                   dspan *out);
void document_public_span(const dspan *in, grille_span *out);

/* Splits doc's paragraphs into sentences (sentence.c). */
int document_split_sentences(grille_document *doc, grille_error *err);

#endif

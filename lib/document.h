/* document.h - the internal shape of a transcript. */
#ifndef GRILLE_DOCUMENT_H
#define GRILLE_DOCUMENT_H
#include "internal.h"

/* A span with its position; ends exclusive. */
/* A span of the text.  Its code points are worked out when it is
 * shown (document_public_span()): most sentences never are, and those
 * that are, once. */
typedef struct dspan {
    size_t b0, b1; /* bytes */
    unsigned line;
} dspan;

typedef struct dturn {
    dspan span;       /* the speech, label excluded */
    size_t speaker;   /* index into speakers */
    size_t next_turn; /* the speaker's next turn, or SIZE_MAX (document_link_turns()) */
    int interviewer;
    long time_ms; /* start in the recording, -1: unknown */
} dturn;

typedef struct dspeaker {
    char *label;  /* as first written; "" for unlabelled text */
    char *folded; /* NFC, case-folded: how labels are compared */
    grille_speaker_reason reason;
    int interviewer, guessed, declared_interviewer;
    size_t first_line;     /* where the label was first seen */
    size_t turns;          /* counted once the turns are built */
    size_t first_turn;     /* SIZE_MAX: none (document_link_turns()) */
    char **keys, **values; /* attributes from a speakers table */
    size_t nvars;
} dspeaker;

typedef struct dunit {
    dspan span;
    size_t turn;
    size_t parent; /* paragraph of a sentence, turn of a paragraph */
} dunit;

struct grille_document {
    char *id, *name;
    char *text; /* NUL-terminated copy of the file */
    size_t size;
    char **keys, **values;
    size_t nvars, capvars;
    dspeaker *speakers; /* distinct speakers, in order of appearance */
    size_t nspeakers, capspeakers;
    const char *format; /* "text (UTF-8)", "Word (.docx)"... static, or
                         * owned_format (a document loaded with its
                         * coding, coding_save.c) */
    char *owned_format;
    grille_error *notes; /* warnings */
    size_t nnotes, capnotes;
    dturn *turns;
    size_t nturns, capturns;
    dunit *paras;
    size_t nparas, capparas;
    dunit *sents;
    size_t nsents, capsents;
    size_t *line_starts;  /* byte offset of each line */
    uint32_t *cp_marks;   /* code points before each CP_STEP-byte block */
    uint32_t *line_marks; /* the line (from 0) each such block starts in */
    uint64_t *cont_bits;  /* per block, bit j: its byte j continues a code point */
    size_t nmarks;
    size_t nlines;
};

#define CP_STEP 64

/* Code point offset of byte offset b (which starts a code point). */
size_t document_cp_at(const grille_document *doc, size_t b);
/* 1-based line of byte offset b. */
unsigned document_line_at(const grille_document *doc, size_t b);
/* Chains each speaker's turns (dspeaker.first_turn, dturn.next_turn),
 * once the turns are built: what a speaker said is then read without a
 * pass over every turn (a document of 100,000 speakers took 30 s). */
void document_link_turns(grille_document *doc);
/* Fills line_starts and the marks of each block from the text. */
int document_index_lines(grille_document *doc);
/* The same, the blocks classed with AVX-512BW or not as wide says
 * (simd.h; wide only where simd_wide()): for tests. */
int document_index_lines_as(grille_document *doc, int wide);
/* Fills a span for bytes [b0, b1). */
void document_span(const grille_document *doc, size_t b0, size_t b1, dspan *out);
/* The same when the line of b0 is known to be line (1-based) or one
 * after it: a paragraph's line for its sentences, the line being read
 * (two lookups of a line for each of millions of short lines were a few
 * percent of loading). */
void document_span_from(const grille_document *doc, size_t b0, size_t b1, unsigned line, dspan *out);
void document_public_span(const grille_document *doc, const dspan *in, grille_span *out);

/* Records a warning at byte offset b (line and column computed; b ==
 * SIZE_MAX: the whole file). */
int document_note(grille_document *doc, size_t b, const char *fmt, ...) GRILLE_PRINTF(3, 4);

/* Header (header.c): front matter or star line at the top of the text;
 * *body is where the speech starts. */
int document_read_header(grille_document *doc, size_t *body, grille_error *err);
/* Records a variable; when the key exists and replace is 0 the old value
 * stays.  Keys are lower-cased (ASCII). */
int document_add_variable(grille_document *doc, const char *k, size_t kl, const char *v, size_t vl, int replace);
/* Reads "Date : 14 mars 2025 – Durée : 1 h 10" lines of a preamble as
 * variables; returns 1 if line [ls, le) held only such pairs. */
int document_header_line(grille_document *doc, size_t ls, size_t le, int *failed);
/* Whether a folded label is a header word ("date", "durée"...). */
int document_is_header_word(const char *folded);

/* Turns (speakers.c): from speaker labels in the text, or from the
 * turns a reader knew. */
typedef struct source_turn source_turn;
int document_find_turns(grille_document *doc, size_t body, const grille_read_options *opts, grille_error *err);
int document_take_turns(grille_document *doc, const source_turn *turns, size_t n, const grille_read_options *opts,
                        grille_error *err);
/* Lower-cased NFC copy of a label (malloc), or NULL. */
char *document_fold_label(const char *s, size_t len);
/* The same fold for a comparison: into buf (cap bytes) when the label is
 * short and plain ASCII or French, without allocating; else malloc'd
 * into *owned (free it), or NULL out of memory. */
const char *document_fold_label_tmp(const char *s, size_t len, char *buf, size_t cap, char **owned);
/* The end of the line containing byte i (its '\n', or the text's end),
 * once the lines are indexed (document_index_lines()). */
size_t document_line_end(const grille_document *doc, size_t i);

/* Tables (table.c): the attributes of a document's speaker in a
 * speakers table (*keys and *values malloc'd arrays of borrowed strings,
 * *n of them), and whether the table names that speaker. */
int table_speaker_rows(const grille_table *t, const grille_document *doc, const char *folded_speaker,
                       const char ***keys, const char ***values, size_t *n);
int table_speaker_declared(const grille_table *t, const grille_document *doc, const char *folded_speaker);
/* A table's header and cells, for readers of other tables (gold_table.c):
 * cells are trimmed, "" when missing; the key column is the document's. */
size_t table_column_count(const grille_table *t);
/* The message of a table without a 'document' column, untranslated: a
 * reader of another table (gold_table.c) recognises it by its
 * translation, grille_msg(table_no_key), whatever the language. */
extern const char *const table_no_key;
const char *table_column(const grille_table *t, size_t c);
size_t table_key_column(const grille_table *t);
const char *table_cell(const grille_table *t, size_t row, size_t c);

/* The variables of the table's row for doc, like table_speaker_rows();
 * *keys NULL when there is no row. */
int table_document_row(const grille_table *t, const grille_document *doc, const char ***keys, const char ***values,
                       size_t *n, unsigned *line);
/* The file name without directory and known extension (malloc). */
char *document_default_id(const char *name);

/* Splits doc's paragraphs into sentences (sentence.c). */
int document_split_sentences(grille_document *doc, grille_error *err);

#endif

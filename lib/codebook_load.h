/* codebook_load.h - the codebook loader's state, shared by the files that
 * read a codebook (codebook.c, codebook_tree.c), explain its XML and structure errors
 * (codebook_xmlerr.c, codebook_structure.c) and warn about its rules
 * (codebook_lint.c).  Not installed. */
#ifndef GRILLE_CODEBOOK_LOAD_H
#define GRILLE_CODEBOOK_LOAD_H
#include "codebook.h"
#include <libxml/parser.h>
#include <libxml/tree.h>

#define NS "urn:grille:codebook:1"

typedef struct loader {
    const char *name;
    const char *src; /* the XML source */
    size_t len;
    grille_diagnostics *diags;
    int errors;
    int first_code;
    int oom;
    int warned_no_lexicon;
    int xml_failed;   /* a well-formedness error was reported */
    char *supplement; /* <lexicon-supplement>, resolved */
    unsigned supplement_line, supplement_col;
    grille_codebook *cb;
    size_t *line_starts; /* where each line of the source starts */
    size_t nlines;
    strmap theme_ids; /* id -> theme index, for duplicates */
    unsigned depth;   /* of the rule being read: 0 for a theme's own */
} loader;

/* Appends a diagnostic; is_error 0 makes it a warning (code GRILLE_OK). */
void add_diag(loader *L, int is_error, int code, unsigned line, unsigned col, const char *fmt, ...) GRILLE_PRINTF(6, 7);

/* Indexes where each line of L->src starts. */
int index_source_lines(loader *L);

/* Line and column (1-based, code points) of a byte offset of the source. */
void source_position(const loader *L, size_t off, unsigned *line, unsigned *col);

/* Column of needle on the given line, or of the line's first non-blank. */
unsigned column_of(const loader *L, unsigned line, const char *needle);

/* Where element n's start tag begins ('<'), and where its attribute
 * name= is written: exact when the parser recorded the tag's offset
 * (every element of a codebook it reads), else found on the line. */
void element_position(const loader *L, xmlNodePtr n, unsigned *line, unsigned *col);
void attribute_position(const loader *L, xmlNodePtr n, const char *name, unsigned *line, unsigned *col);

/* Records, for every element the parser creates, where its start tag
 * begins; element_position() reads it back.  Install on the parser's
 * SAX handler before parsing. */
void record_element_offsets(xmlSAXHandlerPtr sax);

/* Whether n is the grille element of that name. */
int is_el(xmlNodePtr n, const char *name);

/* Reading elements (codebook.c).  loader_attr(): a copy of n's attribute
 * name, NULL when absent (or out of memory, which sets L->oom);
 * loader_text(): a copy of n's text, NULL out of memory; loader_trim():
 * s without its surrounding blanks, in place (NULL stays NULL). */
char *loader_attr(loader *L, xmlNodePtr n, const char *name);
char *loader_text(xmlNodePtr n);
char *loader_trim(char *s);
/* n's line, and the column of its start tag. */
unsigned loader_line(xmlNodePtr n);
unsigned loader_column(loader *L, xmlNodePtr n);
/* A weight or score as written ("2", "-0,5"): 0, or -1 when it is not
 * one from -1000 to 1000. */
int loader_number(const char *s, double *out);
int loader_bool(const char *s);

/* Reads theme element n (parent: its parent theme, or -1), its rules and
 * its sub-themes, into L->cb (codebook_tree.c). */
void loader_read_theme(loader *L, xmlNodePtr n, int parent);
/* Reports rule ids used twice. */
void loader_check_rule_ids(loader *L);

/* Turns a libxml2 well-formedness error into a positioned message in
 * plain words (codebook_xmlerr.c).  Only the first is kept: the others
 * follow from it. */
void report_xml_error(loader *L, const xmlError *e);

/* Checks the document's elements, attributes and their values against
 * what the schema allows, saying what is wrong and what is expected
 * (codebook_structure.c).  Returns the number of errors found; the
 * RELAX NG schema still runs after, for anything this does not know. */
int check_structure(loader *L, xmlDocPtr doc);

/* Warns about a word, phrase or lemma whose text the tokenizer cuts or
 * strips (codebook_lint.c); tl holds the text's tokens. */
void lint_pattern(loader *L, xmlNodePtr n, const char *text, const toklist *tl);

#endif

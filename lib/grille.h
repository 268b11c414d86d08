/*
 * grille.h - automatic coding of French qualitative interviews.
 *
 * grille reads transcripts (speaker turns, metadata), applies a codebook
 * ("grille de codage": themes and their rules) and reports coded segments
 * with byte and Unicode code-point offsets into the original file.
 *
 * Example:
 *
 *     grille_error err;
 *     grille_codebook *cb = grille_codebook_load("dts-fr.xml", &err);
 *     if (!cb) { fprintf(stderr, "%s:%u:%u: %s\n", err.file, err.line,
 *                        err.column, err.message); return 2; }
 *     grille_document *doc = grille_document_load("ei-01.txt", NULL, &err);
 *     grille_coding *c = grille_coding_new(cb, doc, &err);
 *     for (size_t i = 0; i < grille_coding_segment_count(c); i++) {
 *         const grille_segment *s = grille_coding_segment_get(c, i);
 *         printf("%s %zu-%zu\n", s->theme_id, s->cp_start, s->cp_end);
 *     }
 *     grille_coding_free(c);
 *     grille_document_free(doc);
 *     grille_codebook_free(cb);
 *
 * Names: functions are grille_<object>_<verb>; an object is made by
 * grille_<object>_new (or _load, _open, _parse, _begin when it is read
 * or built in steps) and released by grille_<object>_free; the items of
 * an indexed collection are counted by grille_<object>_<item>_count and
 * read by grille_<object>_<item>_get (grille_codebook_theme_count(),
 * grille_codebook_theme_get()); an item found by its id or key comes
 * from grille_<object>_<item>_find (its index) or _lookup (its value).
 * Indices and counts are size_t; an absent index is GRILLE_NONE.
 * Booleans of public structs are bits of an `unsigned flags` field
 * (GRILLE_<STRUCT>_<NAME>, or GRILLE_<OBJECT>_<NAME> for options).
 *
 * Ownership: every object returned by a grille_<object>_new/_load/_open/
 * _parse/_begin function belongs to the caller and is released with the
 * matching grille_<object>_free() (a workbook with
 * grille_workbook_close()); free functions accept NULL.  Pointers
 * returned by accessors (strings, segments, hits) belong to the object
 * they came from and stay valid until that object is freed.
 *
 * Options: an options struct starts with `size_t size`, the caller's
 * sizeof.  Initialise it with its GRILLE_X_OPTIONS_INIT macro (which
 * sets the size and the defaults), then set fields:
 *
 *     grille_matrix_options o = GRILLE_MATRIX_OPTIONS_INIT;
 *     o.flags |= GRILLE_MATRIX_LEAVES;
 *
 * A library built later with more fields reads only the size you pass
 * and gives the fields past it their defaults, so a program keeps
 * working against a newer library without being rebuilt.  A size of 0
 * (a struct zero-initialised, not from its macro) or smaller than the
 * first option is refused with GRILLE_EUSAGE.  Where options may be
 * NULL, NULL means the defaults.
 *
 * Errors: functions return GRILLE_OK (0) or a negative GRILLE_E* code, or
 * NULL for constructors, and fill the caller's optional grille_error with
 * the file, 1-based line and column, byte offset and a message.  Nothing
 * in grille_error needs freeing.
 *
 * Writers: every function that writes a FILE or a workbook sheet takes a
 * grille_error last (NULL allowed) and returns GRILLE_OK, GRILLE_EIO when
 * writing fails (the message names what could not be written and, when
 * the system gave one, why: "cannot write the matrix: No space left on
 * device"), GRILLE_ENOMEM, or GRILLE_EUSAGE for a NULL output or object
 * or a format the writer does not write (the message names it).  A FILE
 * writer flushes its stream before returning, so that a full disk is its
 * error and not the caller's fclose()'s.  What was written before a
 * failure stays in the stream.
 *
 * Threads: the library has no global mutable state.  A compiled codebook
 * is immutable and may be used by several threads at once; documents and
 * codings may be used by one thread at a time.  libxml2 initialises itself
 * on first use: load the first codebook before starting threads that load
 * others.
 *
 * Offsets: byte offsets count bytes of the original file (including a BOM
 * or a metadata header); code-point offsets count Unicode code points of
 * the same file from 0.  Ends are exclusive.
 */
#ifndef GRILLE_H
#define GRILLE_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The version, in one place: configure.ac reads these three lines. */
#define GRILLE_VERSION_MAJOR 0
#define GRILLE_VERSION_MINOR 2
#define GRILLE_VERSION_PATCH 0
#define GRILLE_VERSION_STR_(x) #x
#define GRILLE_VERSION_STR(x) GRILLE_VERSION_STR_(x)
#define GRILLE_VERSION_STRING                \
    GRILLE_VERSION_STR(GRILLE_VERSION_MAJOR) \
    "." GRILLE_VERSION_STR(GRILLE_VERSION_MINOR) "." GRILLE_VERSION_STR(GRILLE_VERSION_PATCH)

/** An absent index: the parent of a top-level theme or rule, a function
 * that finds nothing, a gold row without a unit.  Indices and counts
 * are size_t throughout. */
#define GRILLE_NONE ((size_t)-1)

/** The library's version, e.g. "0.2.0".  Static storage. */
const char *grille_version(void);

/** Optional parts of the library, chosen when it was built. */
typedef enum grille_feature {
    GRILLE_FEATURE_SQLITE = 1, /* grille_export_sqlite() (configure --without-sqlite) */
    GRILLE_FEATURE_REFI = 2    /* the grille_refi_* functions (configure --without-refi) */
} grille_feature;

/**
 * Non-zero when the library was built with feature, 0 when it was left
 * out (or is unknown).  A library built without a feature still has its
 * functions, which then return GRILLE_ENOTBUILT, so that a program
 * linked against one build runs against another.
 */
int grille_has_feature(grille_feature feature);

/* ------------------------------------------------------------------ */
/* Errors                                                              */

enum {
    GRILLE_OK = 0,
    GRILLE_ENOMEM = -1,      /* out of memory */
    GRILLE_EIO = -2,         /* a file could not be read or written */
    GRILLE_EUTF8 = -3,       /* input is not valid UTF-8 */
    GRILLE_EXML = -4,        /* malformed XML */
    GRILLE_ESCHEMA = -5,     /* XML does not follow the codebook schema */
    GRILLE_ECODEBOOK = -6,   /* codebook is well formed but wrong (ids...) */
    GRILLE_EREGEX = -7,      /* a regex rule does not compile */
    GRILLE_ETRANSCRIPT = -8, /* a transcript cannot be read as one */
    GRILLE_ELIMIT = -9,      /* input exceeds a limit (file > 4 GiB...) */
    GRILLE_EUSAGE = -10,     /* invalid argument */
    GRILLE_EMATCH = -11,     /* a regex hit its match limit while coding */
    GRILLE_ELEXICON = -12,   /* a lexicon file is missing or damaged */
    GRILLE_ENOTBUILT = -13   /* a feature left out of this build (grille_has_feature()) */
};

/** Where and what went wrong.  Filled by failing calls; caller-owned. */
typedef struct grille_error {
    int code;           /* GRILLE_E*, or GRILLE_OK */
    char file[512];     /* file name, "" when there is none */
    unsigned line;      /* 1-based, 0 when unknown */
    unsigned column;    /* 1-based, in code points, 0 when unknown */
    size_t byte_offset; /* offset into the file, when known */
    char message[512];  /* one line, no trailing period */
} grille_error;

/**
 * Receives a warning (what a file will lose or how it was read, not an
 * error): err->code is GRILLE_OK, file and line are filled when known.
 * The warning is only valid during the call.
 */
typedef void (*grille_warn_fn)(void *ctx, const grille_error *warning);

/*
 * The language of messages: error and warning messages (grille_error's
 * message, grille_strerror()) are looked up in the "grille" gettext
 * domain when they are written, in the program's locale (LC_MESSAGES).
 * The library sets no locale and binds no domain: a program that wants
 * them in French calls setlocale() and bindtextdomain("grille", dir)
 * itself, as grille(1) does; otherwise they are English.  Reports
 * (notes, matrices...) take their language per call instead.
 */

/** A short description of a GRILLE_E* code.  Static storage. */
const char *grille_strerror(int code);

/**
 * Formats err as "file:line:column: message" (parts that are unknown are
 * left out) into buf of size len, always NUL-terminated.  Returns buf.
 */
char *grille_error_format(const grille_error *err, char *buf, size_t len);

/* ------------------------------------------------------------------ */
/* Transcripts                                                         */

typedef struct grille_document grille_document;

/** Unit kinds, from the largest to the smallest. */
typedef enum grille_unit_kind {
    GRILLE_UNIT_TURN = 0,
    GRILLE_UNIT_PARAGRAPH = 1,
    GRILLE_UNIT_SENTENCE = 2
} grille_unit_kind;

/** "turn", "paragraph" or "sentence".  Static storage. */
const char *grille_unit_kind_name(grille_unit_kind kind);

/** Options for reading a transcript.  Start from GRILLE_READ_OPTIONS_INIT. */
typedef struct grille_read_options {
    size_t size; /* sizeof(grille_read_options), as the caller knows it */
    /* Comma-separated speaker labels that are interviewers.  When NULL,
     * the header key "interviewers" is used, and failing that a built-in
     * list (Enquêteur, Enquêtrice, E, Q, I, Intervieweur...). */
    const char *interviewers;
    /* Document id; when NULL the file name without directory and
     * extension. */
    const char *id;
    /* The encoding of a plain-text file ("utf-8", "utf-16",
     * "windows-1252", any name ICU knows); NULL: UTF-8, else UTF-16 by
     * its byte order mark, else Windows-1252 when the bytes read as
     * French (with a warning). */
    const char *encoding;
    /* A table of document variables (see grille_table_load()): the row
     * whose `document` cell is the document's id or file name gives
     * variables the header does not (the header wins; a different value
     * is a warning).  May be NULL.  Borrowed: it must outlive the call. */
    const struct grille_table *variables;
    /* A table of speakers (columns document, speaker and attributes):
     * its labels count as declared, its attributes are the speakers'
     * variables.  May be NULL; borrowed like variables. */
    const struct grille_table *speakers;
    /* The most bytes read from one transcript file; 0: 512 MiB.  A larger
     * file is an error (GRILLE_ELIMIT), never exhausted memory. */
    size_t max_bytes;
} grille_read_options;

/** The defaults: every field NULL or 0. */
/* clang-format off */
#define GRILLE_READ_OPTIONS_INIT {sizeof(grille_read_options), NULL, NULL, NULL, NULL, NULL, 0}
/* clang-format on */

/**
 * Reads the transcript at path: plain text (.txt, .md; UTF-8, UTF-16 with
 * a byte order mark, or Windows-1252), Word (.docx), OpenDocument (.odt),
 * WebVTT (.vtt), SubRip (.srt), HTML (noScribe's transcripts among them)
 * or WhisperX JSON, chosen by the content and the extension (in any
 * case).  The document's text is the extracted UTF-8 plain text, and
 * every position is an offset into it (for a UTF-8 text file, the file
 * itself).  Returns a document to release with grille_document_free(), or
 * NULL with err filled (the file, line and column, and what is wrong).
 * opts may be NULL.  A program that reads many .docx or .odt files sets
 * TZ (bin/grille sets TZ=:/etc/localtime when it is unset): libzip dates
 * each archive entry with mktime(), and glibc stats /etc/localtime at
 * every call when TZ is unset.
 */
grille_document *grille_document_load(const char *path, const grille_read_options *opts, grille_error *err);

/**
 * Reads a transcript from memory; name is used in messages and as the
 * default id.  The bytes are copied.  Release with grille_document_free().
 */
grille_document *grille_document_parse(const char *name, const char *data, size_t len, const grille_read_options *opts,
                                       grille_error *err);

/** Streaming reader: feed a transcript in chunks of any size. */
typedef struct grille_reader grille_reader;

/** A new reader; release with grille_reader_free().  NULL out of memory,
 * or when opts has a size grille_document_load() would refuse. */
grille_reader *grille_reader_new(const char *name, const grille_read_options *opts);
/** Appends a chunk (it may end inside a UTF-8 sequence). */
int grille_reader_feed(grille_reader *r, const char *data, size_t len, grille_error *err);
/**
 * Ends the input and returns the document (release with
 * grille_document_free()), or NULL with err filled.  The reader may then
 * only be freed.
 */
grille_document *grille_reader_finish(grille_reader *r, grille_error *err);
void grille_reader_free(grille_reader *r);

void grille_document_free(grille_document *doc);

/** The document's id (see grille_read_options.id). */
const char *grille_document_id(const grille_document *doc);
/** The path or name it was read from. */
const char *grille_document_name(const grille_document *doc);
/** The text grille codes: the file itself for UTF-8 text, else the
 * UTF-8 plain text extracted from it (NUL-terminated; see _size). */
const char *grille_document_text(const grille_document *doc);
size_t grille_document_size(const grille_document *doc);
/** The kind of file the document was read from ("text", "Word (.docx)",
 * "WebVTT"...) and, for text, its encoding ("UTF-8", "Windows-1252"...).
 * Static storage or the document's own. */
const char *grille_document_format(const grille_document *doc);

/** Warnings about how the document was read (an encoding guessed, a
 * speaker label that looks wrong, lines taken as a header...), each with
 * the file, line and column.  Owned by the document. */
size_t grille_document_warning_count(const grille_document *doc);
const grille_error *grille_document_warning_get(const grille_document *doc, size_t i);

/** Metadata variables from the header, in file order. */
size_t grille_document_variable_count(const grille_document *doc);
int grille_document_variable_get(const grille_document *doc, size_t i, const char **key, const char **value);
/** The value of variable key (compared ignoring ASCII case), or NULL. */
const char *grille_document_variable_lookup(const grille_document *doc, const char *key);

/** A span of the original file. */
typedef struct grille_span {
    size_t byte_start, byte_end; /* exclusive end */
    size_t cp_start, cp_end;     /* code points, exclusive end */
    unsigned line;               /* 1-based line of byte_start */
} grille_span;

/** A unit of text: turn, paragraph or sentence. */
typedef struct grille_unit {
    grille_unit_kind kind;
    size_t index;     /* among units of its kind in the document */
    size_t turn;      /* index of the turn it belongs to */
    grille_span span; /* the unit's text, speaker label excluded */
} grille_unit;

size_t grille_document_unit_count(const grille_document *doc, grille_unit_kind kind);
/** Fills *out with unit i of the given kind; GRILLE_EUSAGE if out of range. */
int grille_document_unit_get(const grille_document *doc, grille_unit_kind kind, size_t i, grille_unit *out);

/** The speaker of turn i ("" when the text has no speaker label). */
const char *grille_document_turn_speaker(const grille_document *doc, size_t turn);
/** Whether turn i was spoken by an interviewer. */
int grille_document_turn_is_interviewer(const grille_document *doc, size_t turn);
/** When turn i starts in the recording, in milliseconds (a timestamp
 * before its label, or the first cue of a subtitle file), or -1. */
long grille_document_turn_time(const grille_document *doc, size_t turn);

/** Why a label was taken for a speaker, and how its role was decided. */
typedef enum grille_speaker_reason {
    GRILLE_SPEAKER_NONE = 0,  /* text with no label (prose) */
    GRILLE_SPEAKER_FORMAT,    /* the file format says who speaks */
    GRILLE_SPEAKER_DECLARED,  /* header `speakers:`/`interviewers:`, a table, an option */
    GRILLE_SPEAKER_BUILTIN,   /* a built-in interviewer label (Enquêtrice, E, Q...) */
    GRILLE_SPEAKER_REPEATED,  /* a label seen at the start of several lines */
    GRILLE_SPEAKER_NAME,      /* seen once, but a name or a role (Participante 3, Dr Martin) */
    GRILLE_SPEAKER_CODE,      /* seen once, but a code or initials (P3, C2, LB) */
    GRILLE_SPEAKER_UNLABELLED /* unlabelled paragraphs given to a speaker by the
                               * transcript's convention (answers after questions) */
} grille_speaker_reason;
/** "format", "declared", "built-in", "repeated", "name", "code",
 * "unlabelled" or "none".  Static storage. */
const char *grille_speaker_reason_name(grille_speaker_reason r);

/** grille_speaker_info flags. */
enum {
    GRILLE_SPEAKER_INFO_INTERVIEWER = 1,         /* an interviewer */
    GRILLE_SPEAKER_INFO_INTERVIEWER_GUESSED = 2, /* nobody was declared and this speaker
                                                  * speaks first and mostly asks questions */
    GRILLE_SPEAKER_INFO_INTERVIEWER_DECLARED = 4 /* named by interviewers: or --interviewers */
};

/** One speaker of a document. */
typedef struct grille_speaker_info {
    const char *label; /* as first written; "" for unlabelled text */
    grille_speaker_reason reason;
    unsigned flags;      /* GRILLE_SPEAKER_INFO_* */
    size_t turns, words; /* words: runs of letters or digits */
    unsigned first_line; /* where the label is first seen (1-based), 0: none */
} grille_speaker_info;
size_t grille_document_speaker_count(const grille_document *doc);
/** Fills *out with speaker i; GRILLE_EUSAGE if out of range. */
int grille_document_speaker_get(const grille_document *doc, size_t i, grille_speaker_info *out);
/** The speaker index of turn i, or GRILLE_NONE. */
size_t grille_document_turn_speaker_index(const grille_document *doc, size_t turn);
/** Speaker i's attribute key (from a speakers table), or NULL. */
const char *grille_document_speaker_lookup(const grille_document *doc, size_t i, const char *key);

/* ------------------------------------------------------------------ */
/* Tables of variables (a spreadsheet saved as CSV or TSV)             */

/** A table whose first row names the columns: the first column named
 * `document` (or `doc`, `fichier`, `file`) keys the rows.  Comma,
 * semicolon (French spreadsheets) or tab separated, as the header row
 * says; UTF-8 with or without BOM, or Windows-1252; RFC 4180 quoting.
 * Immutable once loaded: share it between threads. */
typedef struct grille_table grille_table;
/** Reads the table at path; release with grille_table_free().  NULL with
 * err filled (file, line, what is wrong). */
grille_table *grille_table_load(const char *path, grille_error *err);
grille_table *grille_table_parse(const char *name, const char *data, size_t len, grille_error *err);
void grille_table_free(grille_table *t);
/** The file it was read from. */
const char *grille_table_name(const grille_table *t);
size_t grille_table_row_count(const grille_table *t);
/** The key (document) of row i, and its 1-based line in the file. */
const char *grille_table_row_key(const grille_table *t, size_t i);
unsigned grille_table_row_line(const grille_table *t, size_t i);
/** The speaker cell of row i (a `speaker` column), or NULL when the table
 * has none. */
const char *grille_table_row_speaker(const grille_table *t, size_t i);
/** Writes into out (cap bytes, NUL-terminated) the key a variable named
 * name gets, as table columns do: ASCII lower case, accents dropped,
 * spaces and punctuation as '_' ("Rôle de la personne" ->
 * "role_de_la_personne").  Returns the key's full length. */
size_t grille_variable_key(const char *name, char *out, size_t cap);
/** Whether the speaker of row i (a speakers table) speaks in doc, the
 * cell compared as labels are ("Mme X." is the label "Mme X"). */
int grille_table_row_speaks(const grille_table *t, size_t row, const grille_document *doc);
/** Warnings about how the table was read (an encoding guessed). */
size_t grille_table_warning_count(const grille_table *t);
const grille_error *grille_table_warning_get(const grille_table *t, size_t i);
/** Whether the table has a row for this document (its id, or the file
 * name with or without directory and extension). */
int grille_table_row_matches(const grille_table *t, size_t row, const grille_document *doc);

/* ------------------------------------------------------------------ */
/* Lexicon: French forms and their lemmas                              */

/** The compiled form -> lemma table (lexique-fr.grl, built from Debian's
 * hunspell-fr-comprehensive dictionary).  Immutable: share it freely. */
typedef struct grille_lexicon grille_lexicon;

/**
 * Maps the compiled lexicon at path into memory.  Release with
 * grille_lexicon_free(), after every codebook loaded with it.
 */
grille_lexicon *grille_lexicon_open(const char *path, grille_error *err);
void grille_lexicon_free(grille_lexicon *lx);

/**
 * A lexicon with the entries of a TSV supplement (header line, then form,
 * lemma, part of speech per line) added to base's (base may be NULL).
 * Release with grille_lexicon_free(); base must outlive it.
 */
grille_lexicon *grille_lexicon_extend(const grille_lexicon *base, const char *path, grille_error *err);

/** A candidate lemma of a word, with its part of speech. */
typedef struct grille_lemma {
    const char *lemma; /* NUL-terminated; valid while lx lives */
    const char *pos;   /* "nom", "adj", "verbe", "adv", "prep", "pro",
                        * "det", "conj", "interj", "nompr", "autre" */
} grille_lemma;

/**
 * Candidate lemmas of word (as written in a transcript) into out (room
 * for max).  Returns how many there are (which may exceed max), 0 when
 * the word is unknown to the lexicon.
 */
size_t grille_lexicon_lookup(const grille_lexicon *lx, const char *word, size_t len, grille_lemma *out, size_t max);

/**
 * The forms a <lemma>word</lemma> rule matches (word is a lemma, or a form
 * standing for its lemmas), sorted and without duplicates.  *forms gets an
 * array of *n strings owned by lx; release the array (not the strings)
 * with grille_lexicon_forms_free().
 */
int grille_lexicon_rule_forms(const grille_lexicon *lx, const char *word, size_t len, const char ***forms, size_t *n,
                              grille_error *err);
/** Releases an array from grille_lexicon_rule_forms() (NULL is fine). */
void grille_lexicon_forms_free(const char **forms);

/* ------------------------------------------------------------------ */
/* Codebooks                                                           */

typedef struct grille_codebook grille_codebook;

/** Which speakers are coded. */
typedef enum grille_speakers {
    GRILLE_SPEAKERS_RESPONDENTS = 0,
    GRILLE_SPEAKERS_INTERVIEWERS = 1,
    GRILLE_SPEAKERS_ALL = 2
} grille_speakers;

typedef struct grille_diagnostics grille_diagnostics;

/** What loading a codebook may use.  Start from GRILLE_LOAD_OPTIONS_INIT. */
typedef struct grille_load_options {
    size_t size; /* sizeof(grille_load_options), as the caller knows it */
    /* The lexicon that lemma rules are resolved with; without one a lemma
     * rule matches its exact form only (and check warns about it).  It
     * must outlive the codebook. */
    const grille_lexicon *lexicon;
} grille_load_options;

/** The defaults: no lexicon. */
/* clang-format off */
#define GRILLE_LOAD_OPTIONS_INIT {sizeof(grille_load_options), NULL}
/* clang-format on */

/** Where a codebook is read from: a file, or XML in memory.  Exactly one
 * of path and xml is set. */
typedef struct grille_codebook_source {
    const char *path; /* the XML file to read */
    const char *name; /* with xml: the name used in messages; NULL: "<memory>" */
    const char *xml;  /* the codebook's XML, len bytes, read during the
                       * call only */
    size_t len;
} grille_codebook_source;

/**
 * Loads, validates and compiles the XML codebook src names, the one
 * loader: `grille_codebook_source src = {.path = "dts-fr.xml"};` or
 * `{.name = "mine.xml", .xml = text, .len = n}`.  External entities and
 * network access are never followed.  Returns a codebook to release with
 * grille_codebook_free(), or NULL with err filled with the file, line and
 * column of the first problem (GRILLE_EUSAGE when src sets both path and
 * xml, or neither).  opts may be NULL (no lexicon).  When diags is not
 * NULL, *diags receives every problem found, the one in err among them,
 * and the warnings, in a list to release with grille_diagnostics_free()
 * (also on success: it may hold warnings; NULL after a usage error or
 * out of memory).
 */
grille_codebook *grille_codebook_open(const grille_codebook_source *src, const grille_load_options *opts,
                                      grille_diagnostics **diags, grille_error *err);

/** grille_codebook_open() of the file at path, without options or
 * diagnostics. */
grille_codebook *grille_codebook_load(const char *path, grille_error *err);
void grille_codebook_free(grille_codebook *cb);

/* grille_diagnostics: every problem found while loading (see
 * grille_codebook_open()). */
size_t grille_diagnostics_count(const grille_diagnostics *d);
/** Diagnostic i; *is_error is 1 for an error, 0 for a warning. */
const grille_error *grille_diagnostics_get(const grille_diagnostics *d, size_t i, int *is_error);
void grille_diagnostics_free(grille_diagnostics *d);

const char *grille_codebook_id(const grille_codebook *cb);
const char *grille_codebook_title(const grille_codebook *cb);
grille_unit_kind grille_codebook_unit(const grille_codebook *cb);
grille_speakers grille_codebook_speakers(const grille_codebook *cb);

/** Themes, in document order (a parent before its sub-themes). */
size_t grille_codebook_theme_count(const grille_codebook *cb);
typedef struct grille_theme_info {
    const char *id;   /* "missions.reseau" */
    const char *path; /* "missions/missions.reseau" */
    const char *label;
    const char *description; /* "" when absent */
    const char *color;       /* "#RRGGBB" or "" */
    size_t parent;           /* index of the parent theme, GRILLE_NONE at top */
    int depth;               /* 0 at top */
    size_t rule_count;       /* rules of its own (not sub-themes') */
} grille_theme_info;
int grille_codebook_theme_get(const grille_codebook *cb, size_t i, grille_theme_info *out);
/** Index of the theme with this id, or GRILLE_NONE. */
size_t grille_codebook_theme_find(const grille_codebook *cb, const char *id);

/* ------------------------------------------------------------------ */
/* Tokens (to debug rules)                                             */

enum {
    GRILLE_TOKEN_WORD = 1,    /* a word that rules can match */
    GRILLE_TOKEN_ELISION = 2, /* l', d', qu'... (also a word) */
    GRILLE_TOKEN_NUMBER = 4,
    GRILLE_TOKEN_MARK = 8,        /* transcription mark: (rires), [...], xxx */
    GRILLE_TOKEN_HESITATION = 16, /* euh, hum, ben... */
    GRILLE_TOKEN_INTERVIEWER = 32 /* spoken by an interviewer */
};

typedef struct grille_token {
    grille_span span;
    unsigned flags;   /* GRILLE_TOKEN_* */
    size_t sentence;  /* sentence index */
    const char *form; /* normalised form, NUL-terminated */
} grille_token;

typedef struct grille_tokens grille_tokens;
/**
 * Tokenises doc with cb's settings (folding, hesitations); cb may be NULL
 * for the defaults.  Release with grille_tokens_free(), before doc.
 */
grille_tokens *grille_tokens_new(const grille_codebook *cb, const grille_document *doc, grille_error *err);
size_t grille_tokens_count(const grille_tokens *t);
/** Token i; its form stays valid until grille_tokens_free(). */
int grille_tokens_get(const grille_tokens *t, size_t i, grille_token *out);
void grille_tokens_free(grille_tokens *t);

/* ------------------------------------------------------------------ */
/* Coding                                                              */

typedef enum grille_rule_kind {
    GRILLE_RULE_WORD,
    GRILLE_RULE_PHRASE,
    GRILLE_RULE_LEMMA,
    GRILLE_RULE_REGEX,
    GRILLE_RULE_NEAR,
    GRILLE_RULE_ALL,
    GRILLE_RULE_ANY
} grille_rule_kind;

/** "word", "phrase", ... Static storage. */
const char *grille_rule_kind_name(grille_rule_kind kind);

/** One rule match that supports a coded segment. */
enum {
    GRILLE_HIT_AMBIGUOUS = 1, /* a lemma rule matched a word with several lemmas */
    GRILLE_HIT_CONTEXT = 2    /* a match in the passage a short answer answers,
                               * outside the segment (setting short-answers) */
};

typedef struct grille_hit {
    const char *rule_id;   /* the rule's id, or "theme#n" if it has none */
    grille_rule_kind kind; /* kind of the leaf rule that matched */
    grille_span span;      /* the matched text */
    unsigned flags;        /* GRILLE_HIT_* */
} grille_hit;

/** grille_segment flags. */
enum {
    GRILLE_SEGMENT_PRIMARY = 1 /* the unit's primary theme: the highest score,
                                * ties to the first in codebook order */
};

/** A unit coded with a theme. */
typedef struct grille_segment {
    const char *document; /* document id */
    const char *theme_id;
    const char *theme_path;
    size_t theme; /* theme index in the codebook */
    grille_unit_kind unit_kind;
    size_t unit_index;
    size_t turn;
    const char *speaker;
    grille_span span; /* the unit's text */
    size_t hit_count;
    const grille_hit *hits;
    long turn_time_ms; /* when its turn starts in the recording, or -1 */
    double score;      /* the theme's score on the unit: its rules'
                        * matches times their weights (without
                        * weights, the number of matches) */
    unsigned flags;    /* GRILLE_SEGMENT_* */
} grille_segment;

typedef struct grille_coding grille_coding;

/**
 * Codes doc with cb.  Returns the coded segments, ordered by position
 * then theme, to release with grille_coding_free(); NULL with err filled
 * on failure.  cb may be shared by threads.
 */
grille_coding *grille_coding_new(const grille_codebook *cb, const grille_document *doc, grille_error *err);

/**
 * A coder codes documents with one codebook, one at a time, and keeps
 * from one document to the next the words it has met and the rules each
 * may start: a corpus says again most words of its documents before, and
 * coding a corpus through one coder per thread costs less than
 * grille_coding_new() for each document (which makes a coder and frees
 * it).  What it keeps is bounded (it starts afresh past 98,304 words);
 * the codings are the same either way.  A coder is not shared by
 * threads; cb must outlive it.  NULL with err filled on failure.
 */
typedef struct grille_coder grille_coder;
grille_coder *grille_coder_new(const grille_codebook *cb, grille_error *err);
/** Codes doc, as grille_coding_new(cb, doc, err) would. */
grille_coding *grille_coder_code(grille_coder *c, const grille_document *doc, grille_error *err);
void grille_coder_free(grille_coder *c);
size_t grille_coding_segment_count(const grille_coding *c);
const grille_segment *grille_coding_segment_get(const grille_coding *c, size_t i);
/** Units of the codebook's kind in coded speech (the denominator). */
size_t grille_coding_unit_count(const grille_coding *c);
/** The document unit index (of the codebook's unit kind) of the i-th
 * unit in coded speech, i < grille_coding_unit_count(); GRILLE_NONE if
 * out of range. */
size_t grille_coding_unit_get(const grille_coding *c, size_t i);
/** The words of the i-th unit in coded speech. */
size_t grille_coding_unit_words(const grille_coding *c, size_t i);
/** Words in coded speech (marks and hesitations excluded). */
size_t grille_coding_word_count(const grille_coding *c);
const grille_document *grille_coding_document(const grille_coding *c);
void grille_coding_free(grille_coding *c);

/* ------------------------------------------------------------------ */
/* Output                                                              */

typedef enum grille_format {
    GRILLE_FORMAT_TSV,
    GRILLE_FORMAT_CSV,
    GRILLE_FORMAT_JSONL,
    GRILLE_FORMAT_MARKDOWN,
    GRILLE_FORMAT_HTML,      /* grille_note_write() only; grille_format_parse()
                              * does not return it */
    GRILLE_FORMAT_CSV_EXCEL, /* CSV as French Excel opens it on a double
                              * click: a UTF-8 byte order mark first, ';'
                              * between fields, a decimal comma (0,42).
                              * Every writer that takes GRILLE_FORMAT_CSV
                              * takes it; grille_format_parse() does not
                              * return it */
    GRILLE_FORMAT_XLSX       /* an Excel workbook: the FILE writers refuse it
                              * (GRILLE_EUSAGE); write it with a
                              * grille_workbook (below) */
} grille_format;

/** Parses "tsv", "csv", "jsonl", "md"/"markdown", "xlsx"; -1 if unknown. */
int grille_format_parse(const char *name);

/**
 * The language of a report (a note, a matrix in Markdown, an eval, diff
 * or suggest report, the codebook document, a review page): its
 * headings, sentences and labels, and its numbers (0.42 or 0,42).
 * Machine formats (TSV, CSV, JSON Lines, SQLite) are the same in every
 * language.  The French words come from po/fr.po compiled into the
 * library: a report's language needs no locale, no bindtextdomain() and
 * no global state, and the zero value is English.
 *
 * The library writes numbers with printf: keep LC_NUMERIC at "C" (the
 * program sets only LC_CTYPE and LC_MESSAGES from the environment), or
 * TSV and CSV get the locale's decimal separator.
 */
typedef enum grille_language { GRILLE_LANG_EN = 0, GRILLE_LANG_FR = 1 } grille_language;
/** "en" or "fr", or a locale name ("fr_FR.UTF-8", "en_GB", "C"): the
 * language; -1 if neither. */
int grille_language_parse(const char *name);
/** "en" or "fr" (static). */
const char *grille_language_code(grille_language lang);

/**
 * Writes the speakers of the documents, one row per speaker (TSV, CSV or
 * Markdown): document, speaker, role (interviewer or respondent),
 * whether coded under the codebook setting `coded`, why the label is a
 * speaker and why it has that role, turns, words, the line where it is
 * first seen, and what looks wrong.  Returns GRILLE_OK, GRILLE_EUSAGE, or
 * GRILLE_EIO when writing fails (see "Writers" above).
 */
int grille_document_write_speakers(FILE *out, grille_format fmt, const grille_document *const *docs, size_t n,
                                   grille_speakers coded, grille_error *err);
/**
 * The same table a document at a time, in the memory of one document:
 * its header (with CSV's byte order mark where the format has one), then
 * each document's rows in corpus order; the document may be freed once
 * they are written.  The bytes are grille_document_write_speakers()'s.
 * Same returns.
 */
int grille_speakers_write_header(FILE *out, grille_format fmt, grille_error *err);
int grille_speakers_write_document(FILE *out, grille_format fmt, const grille_document *doc, grille_speakers coded,
                                   grille_error *err);

/** Writes the header line of a segment table (TSV, CSV; none for JSONL). */
int grille_coding_write_header(FILE *out, grille_format fmt, grille_error *err);
/** Writes the segments of c, one per line (TSV, CSV or JSONL). */
int grille_coding_write(FILE *out, grille_format fmt, const grille_coding *c, grille_error *err);

typedef struct grille_matrix grille_matrix;

/** What a matrix cell holds. */
typedef enum grille_measure {
    GRILLE_MEASURE_COUNT,    /* coded units */
    GRILLE_MEASURE_SHARE,    /* coded units per 100 units of coded speech */
    GRILLE_MEASURE_PER1000,  /* rule hits per 1,000 words of coded speech */
    GRILLE_MEASURE_PRESENCE, /* 1 when the theme codes a unit, else 0 */
    GRILLE_MEASURE_PRIMARY   /* units whose primary theme is the theme (or,
                              * rolled up, one of its sub-themes) */
} grille_measure;

/** Parses "count", "share", "per1000", "presence"; -1 if unknown. */
int grille_measure_parse(const char *name);

/** grille_matrix_options flags. */
enum {
    GRILLE_MATRIX_LEAVES = 1,   /* only themes without sub-themes, each with
                                 * its own units; without it every theme, a
                                 * parent counting its sub-themes' units
                                 * (roll-up) */
    GRILLE_MATRIX_TRANSPOSE = 2 /* one row per column (document), one column
                                 * per theme, as QDA tools export */
};

/** What a matrix counts.  Start from GRILLE_MATRIX_OPTIONS_INIT. */
typedef struct grille_matrix_options {
    size_t size;             /* sizeof(grille_matrix_options), as the
                              * caller knows it */
    const char *by_variable; /* columns: this variable's values, else documents;
                              * "speaker": each speaker's label; a variable
                              * of the speakers table (no document has it):
                              * the speakers' values */
    grille_measure measure;
    unsigned flags;           /* GRILLE_MATRIX_* */
    grille_language language; /* of a Markdown matrix's header, total rows
                               * and decimals (the other formats: English) */
} grille_matrix_options;

/** The defaults: counts by document, every theme rolled up, in English. */
/* clang-format off */
#define GRILLE_MATRIX_OPTIONS_INIT                                                                 \
    {sizeof(grille_matrix_options), NULL, GRILLE_MEASURE_COUNT, 0, GRILLE_LANG_EN}
/* clang-format on */

/**
 * A theme x column matrix.  Columns are documents, or the values of a
 * document variable ("(none)" for documents without it), or of a
 * speaker attribute (each unit counts for its turn's speaker), in French
 * collation order.  opts may be NULL (counts, roll-up, by document).
 * Release with grille_matrix_free().
 */
grille_matrix *grille_matrix_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                                 const grille_matrix_options *opts, grille_error *err);
/**
 * The same matrix built document by document, for a corpus that is not
 * held whole (grille matrix reads, codes and counts one document at a
 * time): grille_matrix_begin(), then grille_matrix_add() for each coding
 * in corpus order (the coding and its document may be freed right
 * after: the matrix keeps counts only), then grille_matrix_end(), after
 * which the matrix is read and written as one from
 * grille_matrix_new().  opts is copied.  begin returns NULL (err
 * set) out of memory; add and end return GRILLE_OK, GRILLE_ENOMEM or
 * GRILLE_EUSAGE (a matrix already ended).  Free with grille_matrix_free()
 * in every case.
 */
grille_matrix *grille_matrix_begin(const grille_codebook *cb, const grille_matrix_options *opts, grille_error *err);
int grille_matrix_add(grille_matrix *m, const grille_coding *coding, grille_error *err);
int grille_matrix_end(grille_matrix *m, grille_error *err);
/** Whether the variable the columns are by was found: by "speaker", or
 * a variable that some document or speaker counted so far has (a
 * variable nobody has is most likely a typo); 1 when the columns are
 * documents. */
int grille_matrix_by_found(const grille_matrix *m);
size_t grille_matrix_column_count(const grille_matrix *m);
const char *grille_matrix_column_name(const grille_matrix *m, size_t col);
/** Coded units of theme row in column col (whatever the measure). */
size_t grille_matrix_cell(const grille_matrix *m, size_t row, size_t col);
/** The cell as the matrix's measure gives it (NaN for a share or a rate
 * over no unit or no word). */
double grille_matrix_value(const grille_matrix *m, size_t row, size_t col);
/** Units (of the codebook's kind) in coded speech in column col. */
size_t grille_matrix_column_units(const grille_matrix *m, size_t col);
/** Writes the matrix with its totals (CSV, TSV or Markdown). */
int grille_matrix_write(FILE *out, grille_format fmt, const grille_matrix *m, grille_error *err);
void grille_matrix_free(grille_matrix *m);

/**
 * Theme x theme co-occurrence: how many units are coded with both themes
 * (window 0), or how many units of the first theme have the second within
 * window units before or after them in the same document (window > 0);
 * with GRILLE_COOC_JACCARD, |A and B| / |A or B| over units instead.
 * Themes are rolled up like a matrix's, or with GRILLE_COOC_LEAVES
 * leaves only.  Release with grille_cooc_free().
 */
typedef struct grille_cooc grille_cooc;
/** Flags of the co-occurrence table and of its writers. */
enum {
    GRILLE_COOC_LEAVES = 1u << 0, /* grille_cooc_new(): only themes without
                                   * sub-themes, no roll-up */
    GRILLE_COOC_JACCARD = 1u << 1 /* the writers: Jaccard indices, not counts */
};
grille_cooc *grille_cooc_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n, size_t window,
                             unsigned flags, grille_error *err);
/** Counts one more document's coding into c (of c's codebook): a table
 * made with n = 0 and fed a document at a time gives the same counts
 * as grille_cooc_new() given them all, without holding the corpus.
 * GRILLE_OK, GRILLE_EUSAGE (a NULL argument), or GRILLE_ENOMEM, after
 * which c must only be freed. */
int grille_cooc_add(grille_cooc *c, const grille_coding *coding, grille_error *err);
/** Units of theme a with theme b (within the window). */
size_t grille_cooc_cell(const grille_cooc *c, size_t a, size_t b);
double grille_cooc_jaccard(const grille_cooc *c, size_t a, size_t b);
/** Writes the table (CSV, TSV or Markdown): counts, or with
 * GRILLE_COOC_JACCARD in flags the Jaccard index. */
int grille_cooc_write(FILE *out, grille_format fmt, const grille_cooc *c, unsigned flags, grille_error *err);
void grille_cooc_free(grille_cooc *c);

/**
 * Writes the run as an SQLite database at path (replacing any file there;
 * callers wanting atomicity write to a temporary path and rename).  The
 * schema is doc/sqlite-schema.sql.  The same as grille_sqlite_new(), an
 * add for each coding, and grille_sqlite_close().
 */
int grille_export_sqlite(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                         grille_error *err);

/** A database being written, a document at a time: its memory does not
 * grow with the corpus (SQLite spills to its journal). */
typedef struct grille_sqlite grille_sqlite;
/** Creates the database at path (replacing any file there) with the
 * schema and cb's themes and rules, in one transaction that
 * grille_sqlite_close() commits.  cb must outlive the handle.  NULL with
 * err filled on failure. */
grille_sqlite *grille_sqlite_new(const char *path, const grille_codebook *cb, grille_error *err);
/** Adds a coding (made with the handle's codebook): its document,
 * variables, units, segments and hits.  The coding and its document may
 * be freed as soon as it returns.  After a failure, every later add
 * fails and close rolls back. */
int grille_sqlite_add(grille_sqlite *db, const grille_coding *c, grille_error *err);
/** Commits and closes, then frees db (NULL: nothing).  GRILLE_OK when the
 * database holds every document added; otherwise it holds none of them. */
int grille_sqlite_close(grille_sqlite *db, grille_error *err);
/** Rolls back and frees db (NULL: nothing): the database holds none of
 * the documents added (for a run that failed elsewhere). */
void grille_sqlite_free(grille_sqlite *db);

/**
 * Writes an Iramuteq/Alceste corpus: one text per turn of coded speech,
 * its star line holding *doc_, the document's variables, *loc_ (the
 * speaker) and *th<theme>_1 or _0 for each top-level theme.  A variable
 * never appears twice on a line (Iramuteq's per-variable analyses refuse
 * it): a document variable whose star name is grille's own (doc, loc,
 * th<theme>) or an earlier variable's is written with a 'v' before it
 * (*vloc_...), the same in every document, and warn (may be NULL)
 * hears of each variable renamed.
 */
int grille_export_iramuteq(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                           grille_warn_fn warn, void *warn_ctx, grille_error *err);

/** The same corpus written a document at a time (grille_export_iramuteq()
 * is new, an add for each coding, close): each document's text is
 * written as it is added, so memory does not grow with the corpus. */
typedef struct grille_iramuteq grille_iramuteq;
/** A writer to out (which the caller keeps and closes) for codings made
 * with cb; warn as for grille_export_iramuteq().  NULL with err filled
 * on failure. */
grille_iramuteq *grille_iramuteq_new(FILE *out, const grille_codebook *cb, grille_warn_fn warn, void *warn_ctx,
                                     grille_error *err);
/** Writes the texts of a coding's turns; the coding may be freed as soon
 * as it returns.  A line is written whole or not at all. */
int grille_iramuteq_add(grille_iramuteq *w, const grille_coding *c, grille_error *err);
/** Flushes out, reports a write error (as grille_export_iramuteq()),
 * and frees w (NULL: nothing). */
int grille_iramuteq_close(grille_iramuteq *w, grille_error *err);
/** Frees w without checking the output (after a failure). */
void grille_iramuteq_free(grille_iramuteq *w);

/**
 * Writes the codebook as a document for a thesis or a report's appendix
 * (GRILLE_FORMAT_MARKDOWN, or GRILLE_FORMAT_HTML: one self-contained
 * page): its settings in words, then each theme, numbered (1., 1.1.),
 * with its label, id and description, its rules in plain words ("the
 * words that start with «mission»", "every form of «coordonner»",
 * "«comité» and «pilotage», within 4 words of each other"), its
 * exclusions, and, when codings are given (n > 0), up to two verbatims
 * of its own segments from different documents (the most distinct rules,
 * then matches; at least 6 words).  The words around the codebook's own
 * (the settings, the rules in plain words, "Examples") are in lang
 * (GRILLE_LANG_EN or GRILLE_LANG_FR), and its decimals (weights, scores)
 * are written as lang writes them.  Returns GRILLE_OK, GRILLE_EUSAGE or
 * GRILLE_EIO.
 */
int grille_codebook_write_doc(FILE *out, grille_format fmt, const grille_codebook *cb,
                              const grille_coding *const *codings, size_t n, grille_language lang, grille_error *err);
/** The same document built a coding at a time, so that the transcripts
 * need not be held together: new (examples: whether the document has an
 * Examples part per theme, as when grille_codebook_write_doc() is given
 * codings; cb must outlive the handle), add for each coding in corpus
 * order (it keeps a copy of the few units it may quote: the coding and
 * its document may be freed right after), write (as often as wanted),
 * free (NULL: nothing).  new returns NULL (err set) for a NULL codebook
 * or out of memory; add GRILLE_OK, GRILLE_EUSAGE or GRILLE_ENOMEM. */
typedef struct grille_codebook_doc grille_codebook_doc;
grille_codebook_doc *grille_codebook_doc_new(const grille_codebook *cb, int examples, grille_error *err);
int grille_codebook_doc_add(grille_codebook_doc *d, const grille_coding *c, grille_error *err);
int grille_codebook_doc_write(FILE *out, grille_format fmt, const grille_codebook_doc *d, grille_language lang,
                              grille_error *err);
void grille_codebook_doc_free(grille_codebook_doc *d);

/** grille_codebook_new_search() flags. */
enum { GRILLE_SEARCH_ALL_SPEAKERS = 1 };
/**
 * A codebook of one theme, "search", with one rule of the given kind
 * (GRILLE_RULE_WORD for a word or a glob, PHRASE, LEMMA or REGEX) and
 * text, read with base's settings (unit, speakers, case and accent
 * folding, hesitations) and lexicon, so that it matches as a rule of base
 * would; base may be NULL (the defaults).  With
 * GRILLE_SEARCH_ALL_SPEAKERS, every speaker's turns are searched.  Code
 * transcripts with it and write them with grille_kwic_write().  Errors
 * (a regex that does not compile, a lemma of several words) name the
 * file "query", its column when known.  base must outlive the result.
 */
grille_codebook *grille_codebook_new_search(const grille_codebook *base, grille_rule_kind kind, const char *text,
                                            unsigned flags, grille_error *err);

/** Writes the header of a concordance table (TSV, CSV or Markdown). */
int grille_kwic_write_header(FILE *out, grille_format fmt, grille_error *err);
/**
 * Writes one concordance line per rule match of c's segments (of theme
 * and its sub-themes only, unless theme is GRILLE_NONE): document,
 * speaker, position, theme, rule, then up to context words before, the
 * match, and up to context words after, within the speaker's turn.
 */
int grille_kwic_write(FILE *out, grille_format fmt, const grille_codebook *cb, const grille_coding *c, size_t theme,
                      size_t context, grille_error *err);

/* ------------------------------------------------------------------ */
/* Synthesis notes                                                     */

/** What a synthesis note shows.  Start from GRILLE_NOTE_OPTIONS_INIT. */
typedef struct grille_note_options {
    size_t size;              /* sizeof(grille_note_options), as the caller
                               * knows it */
    const char *by_variable;  /* groups of documents: this variable's values
                               * ("(none)" for documents without it); NULL
                               * or "": "type" */
    size_t quotes;            /* verbatims per theme (0: none) */
    size_t cooccurring;       /* co-occurring themes per theme (0: none) */
    const char *title;        /* the note's title; NULL: the codebook's */
    size_t context;           /* sentences quoted before and after a verbatim
                               * (in its speaker's turn; sentence units only) */
    size_t min_words;         /* a verbatim's unit has at least this many words */
    grille_language language; /* of the headings, sentences and numbers */
} grille_note_options;

/** The defaults: groups by type, 3 verbatims of at least 6 words without
 * context, 5 co-occurring themes, in English. */
/* clang-format off */
#define GRILLE_NOTE_OPTIONS_INIT {sizeof(grille_note_options), "type", 3, 5, NULL, 0, 6, GRILLE_LANG_EN}
/* clang-format on */

/**
 * A synthesis note, built a document at a time: grille_note_new(), then
 * grille_note_add() for each coding in corpus order, then
 * grille_note_write() (as many times as wanted).  The note keeps what it
 * needs of each coding as it is added (counts, the document's id, titre
 * and group, and the verbatims that can still be chosen, their text
 * copied), so the coding and its document may be freed right after:
 * its memory grows with the number of documents by a few counts each,
 * not with their text.  opts (NULL: the defaults) is copied, its strings
 * too.  new returns NULL (err set) for a NULL codebook, bad options or
 * out of memory; add returns GRILLE_OK, GRILLE_EUSAGE (a NULL argument,
 * or a note whose earlier add failed) or GRILLE_ENOMEM, after which the
 * note can only be freed (grille_note_write() refuses it).  Release with
 * grille_note_free().
 */
typedef struct grille_note grille_note;
grille_note *grille_note_new(const grille_codebook *cb, const grille_note_options *opts, grille_error *err);
int grille_note_add(grille_note *nt, const grille_coding *coding, grille_error *err);

/**
 * Writes, for each theme of the note's codebook in codebook order
 * (sub-themes as subsections of their theme), the material of a
 * synthesis note on the codings added: label, id and description; the
 * documents and units coded with the theme or one of its sub-themes;
 * their distribution over the groups of documents; up to opts->quotes
 * verbatims with their attribution (the document's `titre`, else its
 * id, the speaker, and the `role` of an EI's respondent); and the
 * opts->cooccurring themes sharing the most units with it.
 *
 * Verbatims are the units supported by the most distinct rules, then by
 * the most rule matches, then the first in corpus order, taking at most
 * one per document before a second from the same document; a unit of
 * fewer than opts->min_words words, or that reads as a list item (it
 * starts with a dash, a bullet or an item number, or ends with a colon),
 * is never quoted.  The matched words are marked (bold in Markdown,
 * <mark> in HTML), with opts->context sentences of the same turn around.
 *
 * fmt is GRILLE_FORMAT_MARKDOWN or GRILLE_FORMAT_HTML: one self-contained
 * UTF-8 page (inline CSS, no script, no external resource) that opens on
 * a heat map of the theme x document matrix drawn as inline SVG, one
 * <rect class="cell"> per cell with data-theme, data-document and
 * data-count attributes.  Returns GRILLE_OK, GRILLE_EUSAGE for another
 * format or a NULL or incomplete note, GRILLE_ENOMEM, or GRILLE_EIO when
 * writing fails.
 */
int grille_note_write(FILE *out, grille_format fmt, const grille_note *nt, grille_error *err);
void grille_note_free(grille_note *nt);
/** The same in one call, for codings already held: the note of codings
 * (made with cb; n may be 0), written and freed.  opts may be NULL for
 * the defaults.  The errors of the three, and GRILLE_EUSAGE for a NULL
 * coding. */
int grille_note_write_codings(FILE *out, grille_format fmt, const grille_codebook *cb,
                              const grille_coding *const *codings, size_t n, const grille_note_options *opts,
                              grille_error *err);

/* ------------------------------------------------------------------ */
/* Review pages                                                        */

/** grille_review_options flags. */
enum {
    GRILLE_REVIEW_LEAVES = 1 /* one column per theme without sub-themes, as
                              * GRILLE_TEMPLATE_LEAVES; without it one per
                              * top-level theme, a sub-theme's coding
                              * counting for its top-level theme */
};

/** What a review page holds.  Start from GRILLE_REVIEW_OPTIONS_INIT. */
typedef struct grille_review_options {
    size_t size;              /* sizeof(grille_review_options), as the
                               * caller knows it */
    const char *coder;        /* the coder's name, written in the coder column
                               * of the exported gold (the page lets the
                               * coder change it); NULL: none */
    unsigned flags;           /* GRILLE_REVIEW_* */
    const char *title;        /* NULL: the codebook's title */
    grille_language language; /* of the page's words (buttons, keys, help,
                               * progress); zero: English */
} grille_review_options;

/** The defaults: no coder, top-level themes, the codebook's title, English. */
/* clang-format off */
#define GRILLE_REVIEW_OPTIONS_INIT {sizeof(grille_review_options), NULL, 0, NULL, GRILLE_LANG_EN}
/* clang-format on */

/**
 * Writes one self-contained HTML page (inline CSS and JavaScript, no
 * external resource, working from file://) in which a coder reviews
 * codings (made with cb): each document with its speakers, each unit of
 * coded speech with grille's themes and the words its rules matched in
 * the themes' colours, the other units (interviewers') for context;
 * keys to accept or reject each theme, add one, comment and move on;
 * filters by document, theme, speaker and units not yet reviewed; and
 * progress counts.  Decisions are kept in the browser's localStorage
 * under a fingerprint of the corpus and codebook, and exported as a
 * table of units (document, unit, line, speaker, text, one column per
 * theme of the chosen level, coder, comment) holding the reviewed units,
 * which grille_gold_load() reads.  opts may be NULL.  Returns GRILLE_OK,
 * GRILLE_EUSAGE, GRILLE_ENOMEM or GRILLE_EIO.  The page written a
 * document at a time (below) is the same, byte for byte.
 */
int grille_review_write(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                        const grille_review_options *opts, grille_error *err);

/**
 * A review page written a document at a time, in the memory of one
 * document whatever the corpus: grille_review_new() writes the page's
 * head to out (which must stay open, and nothing else be written to it,
 * until grille_review_finish()); grille_review_add() writes each coding,
 * in corpus order, and may free it once it returns;
 * grille_review_finish() writes the rest and checks the stream (the
 * decisions' fingerprint, known once every document is in, comes last);
 * grille_review_free() in every case.  cb and opts are as for
 * grille_review_write(); cb must outlive the page.  An add refused for
 * its arguments (a NULL coding) leaves the page as it was; an add whose
 * document could not be written (a unit that cannot be read) leaves it
 * cut short, and the page cannot be finished then: what was written is
 * to be thrown away.  Once finished, a page takes no more (add and
 * finish return GRILLE_EUSAGE).  new returns NULL on failure (err says
 * why); add and finish return GRILLE_OK, GRILLE_EUSAGE or, finish,
 * GRILLE_EIO.
 */
typedef struct grille_review grille_review;
grille_review *grille_review_new(FILE *out, const grille_codebook *cb, const grille_review_options *opts,
                                 grille_error *err);
int grille_review_add(grille_review *r, const grille_coding *coding, grille_error *err);
int grille_review_finish(grille_review *r, grille_error *err);
void grille_review_free(grille_review *r);

/* ------------------------------------------------------------------ */
/* Rules                                                               */

/** grille_rule_info flags. */
enum {
    GRILLE_RULE_INFO_EXCLUDE = 1 /* inside an <exclude> */
};

/** A rule of the codebook: top-level, nested in near/all/any, or part of
 * an <exclude>. */
typedef struct grille_rule_info {
    const char *id; /* given, or generated: "theme#2", "theme#2.1", "theme#x1" */
    grille_rule_kind kind;
    size_t theme;     /* index of its theme */
    size_t parent;    /* index of the enclosing rule, GRILLE_NONE at top */
    unsigned flags;   /* GRILLE_RULE_INFO_* */
    const char *text; /* pattern of a word/phrase/lemma/regex, "" otherwise */
    unsigned line;    /* line in the codebook file */
} grille_rule_info;

size_t grille_codebook_rule_count(const grille_codebook *cb);
int grille_codebook_rule_get(const grille_codebook *cb, size_t i, grille_rule_info *out);
/** Index of the rule with this id, or GRILLE_NONE. */
size_t grille_codebook_rule_find(const grille_codebook *cb, const char *id);

/* ------------------------------------------------------------------ */
/* Gold codings and agreement                                          */

/** Hand codings, in one of two forms:
 * - a gold of spans: a TSV file with the header
 *     document  start  end  theme  coder  [more columns, ignored]
 *   where start and end are code-point offsets (from 0, end exclusive)
 *   into the transcript file;
 * - a table of units (CSV or TSV, as grille_gold_template_write() writes
 *   it and a spreadsheet saves it): the columns document, unit (the
 *   unit's index, as grille_segment.unit_index), text (the unit's text,
 *   checked against the transcript), optionally speaker, line, coder and
 *   comment, and one column per theme id, marked 1 or x (also oui, yes,
 *   true) where the coder gives the unit the theme, empty (or 0, non, no)
 *   where not.  Only the themes with a column, and their ancestors, are
 *   judged, and only the units with a row (a unit left out of the table
 *   is not compared). */
typedef struct grille_gold grille_gold;
/** The file a gold was read from (the name given to grille_gold_parse()),
 * as its errors name it.  Owned by the gold. */
const char *grille_gold_name(const grille_gold *g);

/** Reads a gold file; release with grille_gold_free().  Errors name the
 * line and column. */
grille_gold *grille_gold_load(const char *path, grille_error *err);
/** The same from memory (the bytes are copied); name is used in messages. */
grille_gold *grille_gold_parse(const char *name, const char *data, size_t size, grille_error *err);
size_t grille_gold_count(const grille_gold *g);
typedef struct grille_gold_span {
    const char *document, *theme, *coder; /* theme "": a unit judged uncoded */
    size_t cp_start, cp_end;              /* spans */
    unsigned line;                        /* in the gold file */
    size_t unit;                          /* unit tables: the unit index; GRILLE_NONE for a span */
    const char *text;                     /* unit tables: the unit's text; NULL for a span */
} grille_gold_span;
int grille_gold_get(const grille_gold *g, size_t i, grille_gold_span *out);
/** Makes the gold judge only these themes (and their ancestors), as a
 * table with only their columns would: e.g. the top-level themes, to
 * measure a span gold at that level.  n = 0 judges every theme again. */
int grille_gold_judge(grille_gold *g, const char *const *themes, size_t n);
void grille_gold_free(grille_gold *g);

/** grille_gold_template_write() flags. */
enum { GRILLE_TEMPLATE_LEAVES = 1 };
/**
 * Writes a table for hand coding (TSV or CSV): the header document,
 * unit, line, speaker, text, one column per top-level theme (with
 * GRILLE_TEMPLATE_LEAVES: per theme without sub-themes) and comment,
 * then one row per unit of coded speech of the codings, in order, with
 * the theme cells empty.  Filled with 1 or x, it is a gold
 * (grille_gold_load()).  Returns GRILLE_OK, GRILLE_EUSAGE (another
 * format) or GRILLE_EIO.
 */
int grille_gold_template_write(FILE *out, grille_format fmt, const grille_codebook *cb,
                               const grille_coding *const *codings, size_t n, unsigned flags, grille_error *err);
/**
 * The same table a coding at a time, in the memory of one document: its
 * header, then each coding's rows in corpus order (the coding and its
 * document may be freed once they are written).  The bytes are
 * grille_gold_template_write()'s.  Same returns.
 */
int grille_gold_template_write_header(FILE *out, grille_format fmt, const grille_codebook *cb, unsigned flags,
                                      grille_error *err);
int grille_gold_template_write_coding(FILE *out, grille_format fmt, const grille_codebook *cb,
                                      const grille_coding *coding, unsigned flags, grille_error *err);

/** grille_gold_miss flags. */
enum {
    GRILLE_GOLD_MISS_FOUND_DOCUMENT = 1 /* the document is in the run, but no
                                         * unit of its coded speech is the
                                         * row's (a span over an interviewer's
                                         * question, a unit past the end) */
};

/** A gold row that matches nothing in a run (see grille_gold_check()). */
typedef struct grille_gold_miss {
    unsigned line;        /* the row's line in the gold file */
    const char *document; /* as the row names it (owned by the gold) */
    unsigned flags;       /* GRILLE_GOLD_MISS_* */
    size_t unit;          /* the row's unit index, GRILLE_NONE for a span */
} grille_gold_miss;

/**
 * The rows of g (of coder, or all when NULL) that match nothing in the
 * codings: a document that none of them is, or no unit of coded speech.
 * A table row with several themes counts once.  Fills up to max misses
 * into out (which may be NULL) and returns how many there are; returns
 * GRILLE_NONE with err filled when the gold cannot be compared with the
 * codings (a theme cb lacks, a unit table made from a transcript that has
 * changed since: the message says which units moved).
 */
size_t grille_gold_check(const grille_gold *g, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                         const char *coder, grille_gold_miss *out, size_t max, grille_error *err);

/** Agreement between grille and the gold for one theme, over every unit
 * of coded speech of the documents the gold covers (for a table of
 * units, the units it has a row for): a unit is positive when coded with
 * the theme or one of its sub-themes. */
typedef struct grille_agreement {
    size_t tp, fp, fn, tn;
    double precision, recall, f1;       /* NaN when undefined (0/0) */
    double kappa;                       /* Cohen's kappa, NaN when undefined */
    double alpha;                       /* Krippendorff's alpha (nominal), NaN when undefined */
    double kappa_lo, kappa_hi;          /* 95% bootstrap interval of kappa (NaN until
                                         * grille_eval_resample()) */
    double f1_folds, f1_folds_sd;       /* mean and standard deviation over folds of */
    double kappa_folds, kappa_folds_sd; /* documents (NaN without folds) */
} grille_agreement;

/** Fills precision, recall, F1, kappa and alpha from the four counts. */
void grille_agreement_compute(grille_agreement *a);

typedef struct grille_eval grille_eval;
/**
 * Compares codings with the gold (only the spans of coder, or all when
 * coder is NULL).  Gold documents are matched to codings by id, else by
 * the last component of the id.
 *
 * With other set, the agreement between two hand codings of the same
 * codings' transcripts instead: other's unit sets (its spans of
 * other_coder, or all when NULL) take the place of grille's, and the
 * measures, tables and lists are the same with gold the reference
 * (written columns "gold": gold's units, "grille": other's; a false
 * positive is a unit only other coded).  Only the documents both cover,
 * the units both judge and the themes both judge are compared.  The
 * codings give the units: grille's own themes are not used.  other and
 * other_coder are NULL to compare grille with the gold.
 *
 * Release with grille_eval_free().  The array of codings is copied (the
 * caller may free it at once); the codings it points to, their
 * documents and cb must outlive the eval.
 */
grille_eval *grille_eval_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                             const grille_gold *gold, const char *coder, const grille_gold *other,
                             const char *other_coder, grille_error *err);
/**
 * Resamples the comparison: a 95% interval for each kappa from
 * `replicates` bootstrap samples of units (drawn with replacement, from a
 * generator seeded with seed, so the same on every run; 0: none), and,
 * when folds >= 2, F1 and kappa in each of `folds` groups of documents
 * (the j-th document compared goes in group j mod folds), as mean and
 * standard deviation.  Fills the agreements' kappa_lo, kappa_hi and
 * *_folds fields, and the written tables' columns of the same names.
 */
int grille_eval_resample(grille_eval *e, unsigned replicates, unsigned folds, uint64_t seed);
/** Agreement for theme i of the codebook.  A theme the gold does not
 * judge (a unit table without its column or a sub-theme's) has 0 counts. */
int grille_eval_theme_get(const grille_eval *e, size_t theme, grille_agreement *out);
/** Pooled over every theme (micro-average; alpha and kappa on the pooled
 * unit x theme decisions). */
int grille_eval_overall(const grille_eval *e, grille_agreement *out);
/** Documents compared, and gold spans that fell outside coded speech. */
size_t grille_eval_document_count(const grille_eval *e);
size_t grille_eval_spans_outside(const grille_eval *e);
/** Flags of the agreement writers. */
enum {
    GRILLE_EVAL_ERRORS = 1u << 0 /* every false positive and negative too */
};
/**
 * Writes the per-theme table; with GRILLE_EVAL_ERRORS in flags, also every
 * false positive and false negative with its text (Markdown), or only
 * those (TSV, CSV).
 * The Markdown report is in lang (GRILLE_LANG_EN or GRILLE_LANG_FR: its
 * title, sentences, headers and decimals); TSV and CSV are the same in
 * every language.
 */
int grille_eval_write(FILE *out, grille_format fmt, const grille_eval *e, unsigned flags, grille_language lang,
                      grille_error *err);
void grille_eval_free(grille_eval *e);

/* ------------------------------------------------------------------ */
/* Rules learned from hand coding                                      */

/** What grille_suggest_new() mines.  Start from GRILLE_SUGGEST_OPTIONS_INIT. */
typedef struct grille_suggest_options {
    size_t size;        /* sizeof(grille_suggest_options), as the
                         * caller knows it */
    const char *theme;  /* only this theme id; NULL: every theme the
                         * gold judges that has gold units */
    unsigned folds;     /* groups of documents for cross-validation
                         * (2 to 20; default 5, at most the documents) */
    unsigned top;       /* suggestions and costly rules per theme (10) */
    unsigned min_units; /* gold units a candidate needs in training (2) */
} grille_suggest_options;

/** The defaults: every theme, 5 folds, 10 suggestions, 2 gold units. */
/* clang-format off */
#define GRILLE_SUGGEST_OPTIONS_INIT {sizeof(grille_suggest_options), NULL, 5, 10, 2}
/* clang-format on */

typedef struct grille_suggest grille_suggest;
/**
 * Mines the units of coded speech of the documents the gold covers for
 * candidate rules (words, globs on shared stems, lemmas through the
 * codebook's lexicon, two- and three-word phrases, pairs of words within
 * 5 words), and scores each for each theme by cross-validation over
 * documents: in each group of documents, a candidate counts only when
 * the other groups' units select it (at least min_units gold units, more
 * gold units than not, one the theme misses today), and is scored on the
 * group's units only.  Candidates are ranked by the change of the
 * theme's F1 with the candidate added (held-out units gained and false
 * positives added); the theme's current rules that code units the gold
 * leaves uncoded are ranked by the change of F1 if each were removed.
 * Deterministic.  The codings, their documents and cb must outlive the
 * result; the codings array is copied.  opts may be NULL.
 */
grille_suggest *grille_suggest_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                                   const grille_gold *gold, const char *coder, const grille_suggest_options *opts,
                                   grille_error *err);
/** The ranked tables (Markdown, TSV or CSV), each suggestion with up to
 * three units it would gain, each costly rule with three of its false
 * positives.  The Markdown report is in lang (GRILLE_LANG_EN or
 * GRILLE_LANG_FR: its title, sentences, headers and decimals); TSV and
 * CSV are the same in every language. */
int grille_suggest_write(FILE *out, grille_format fmt, const grille_suggest *s, grille_language lang,
                         grille_error *err);
/** The suggested rules as codebook XML, to paste into their themes. */
int grille_suggest_write_xml(FILE *out, const grille_suggest *s, grille_error *err);
/** grille_suggestion flags. */
enum {
    GRILLE_SUGGESTION_GLOB = 1 /* a WORD suggestion is a glob (stem*) */
};

typedef struct grille_suggestion {
    grille_rule_kind kind;          /* WORD (a glob with GRILLE_SUGGESTION_GLOB), LEMMA,
                                     * PHRASE or NEAR */
    const char *text;               /* the word, stem, lemma, phrase, or the near's
                                     * two words separated by a space */
    unsigned flags;                 /* GRILLE_SUGGESTION_* */
    size_t gained, false_positives; /* on held-out documents */
    double delta_f1;
} grille_suggestion;
/** The number of suggestions for theme, and the k-th (best first). */
size_t grille_suggest_count(const grille_suggest *s, const char *theme);
int grille_suggest_get(const grille_suggest *s, const char *theme, size_t k, grille_suggestion *out);
void grille_suggest_free(grille_suggest *s);

/* ------------------------------------------------------------------ */
/* Codebook regression                                                 */

typedef struct grille_diff grille_diff;
/**
 * What changes from old_codings (coded with old_cb) to new_codings (the
 * same documents, in the same order, coded with new_cb): per theme id,
 * the units gained and lost.  Both codebooks must code the same unit
 * kind.  Release with grille_diff_free().  The arrays are copied (the
 * caller may free them at once); the codings, their documents and both
 * codebooks must outlive the diff.
 */
grille_diff *grille_diff_new(const grille_codebook *old_cb, const grille_coding *const *old_codings,
                             const grille_codebook *new_cb, const grille_coding *const *new_codings, size_t n,
                             grille_error *err);
/** The largest number of units a theme lost, and as a share of the
 * units it had (0..1). */
size_t grille_diff_max_lost(const grille_diff *d, double *share);
size_t grille_diff_change_count(const grille_diff *d);
/** Writes the summary table, then every gained and lost unit with its
 * text and the rules responsible (Markdown, TSV or CSV).  The Markdown
 * report is in lang (GRILLE_LANG_EN or GRILLE_LANG_FR); TSV and CSV are
 * the same in every language. */
int grille_diff_write(FILE *out, grille_format fmt, const grille_diff *d, grille_language lang, grille_error *err);
void grille_diff_free(grille_diff *d);

/* ------------------------------------------------------------------ */
/* Excel workbooks (.xlsx)                                             */

/* A workbook gathers sheets, one per table, and is written to its path
 * by grille_workbook_close().  In every sheet the header row is bold and
 * frozen, counts are integer cells, shares and agreement measures number
 * cells with a number format, a missing value (NA in text) an empty cell,
 * turn times time cells; columns are as wide as their contents (up to 80
 * characters).  Sheet names are made valid for Excel: at most 31
 * characters, none of [ ] : * ? / \, unique ("name (2)").  A text longer
 * than Excel's 32,767 characters per cell is cut; a table of more than
 * 1,048,576 rows is an error (GRILLE_ELIMIT). */
typedef struct grille_workbook grille_workbook;
/** A new workbook to be written at path (a regular file: the writer
 * replaces it).  Release with grille_workbook_close().  NULL on error. */
grille_workbook *grille_workbook_new(const char *path, grille_error *err);
/** Writes the workbook and releases it.  Returns GRILLE_OK, the first
 * error a sheet writer met (err says which), or GRILLE_EIO. */
int grille_workbook_close(grille_workbook *wb, grille_error *err);
/** The segments of the codings as one sheet, the columns of
 * grille_coding_write_header(). */
int grille_coding_write_sheet(grille_workbook *wb, const char *sheet, const grille_coding *const *codings, size_t n,
                              grille_error *err);
/** A segments sheet written a document at a time, as
 * grille_coding_write_sheet() writes it whole: new writes the header
 * row, add a coding's rows (the coding may be freed as soon as it
 * returns), close checks the sheet's limits and frees the handle (NULL:
 * nothing).  The workbook must outlive it. */
typedef struct grille_segments_sheet grille_segments_sheet;
grille_segments_sheet *grille_segments_sheet_new(grille_workbook *wb, const char *sheet, grille_error *err);
int grille_segments_sheet_add(grille_segments_sheet *s, const grille_coding *c, grille_error *err);
int grille_segments_sheet_close(grille_segments_sheet *s, grille_error *err);

/** The matrix with its totals as one sheet. */
int grille_matrix_write_sheet(grille_workbook *wb, const char *sheet, const grille_matrix *m, grille_error *err);
/** The co-occurrence table as one sheet. */
int grille_cooc_write_sheet(grille_workbook *wb, const char *sheet, const grille_cooc *c, unsigned flags,
                            grille_error *err);
/** Two sheets: "agreement" (the per-theme table) and, with
 * GRILLE_EVAL_ERRORS, "errors" (every false positive and false negative). */
int grille_eval_write_sheets(grille_workbook *wb, const grille_eval *e, unsigned flags, grille_error *err);
/** Two sheets: "summary" (per theme) and "changes" (every unit gained
 * or lost). */
int grille_diff_write_sheets(grille_workbook *wb, const grille_diff *d, grille_error *err);
/** Two sheets: "themes" (id, label, parent, depth, description, colour)
 * and "rules" (id, theme, kind, text, line...). */
int grille_codebook_write_sheets(grille_workbook *wb, const grille_codebook *cb, grille_error *err);
/**
 * Writes the run as one workbook at path: the codebook's sheets, the
 * theme x document matrix ("matrix"), a matrix for each document
 * variable that takes at least two values ("by VARIABLE"), and the
 * segments.  Returns GRILLE_OK or an error code (err filled).
 */
int grille_export_xlsx(const char *path, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                       grille_error *err);
/** The same workbook written a document at a time, its memory the
 * counts of the matrices and the documents' variables: new starts it
 * (the codebook's sheets; cb must outlive the handle), add takes a
 * coding in corpus order (the coding may be freed as soon as it returns;
 * its segments wait in an unlinked 0600 file in $TMPDIR), close writes
 * the matrices, the segments and the file, then frees the handle.  After
 * a failure, every later add fails and close returns it (writing
 * nothing).  free drops a workbook not closed, writing nothing at path.
 * NULL: nothing. */
typedef struct grille_xlsx grille_xlsx;
grille_xlsx *grille_xlsx_new(const char *path, const grille_codebook *cb, grille_error *err);
int grille_xlsx_add(grille_xlsx *x, const grille_coding *c, grille_error *err);
int grille_xlsx_close(grille_xlsx *x, grille_error *err);
void grille_xlsx_free(grille_xlsx *x);

/* ------------------------------------------------------------------ */
/* Rule statistics                                                     */

typedef struct grille_rule_stats {
    size_t units;       /* coded units the rule supported (for near,
                         * all and any: that their rules supported) */
    size_t hits;        /* its matches (its rules') in those units */
    size_t judged;      /* of those units, in documents the gold covers */
    size_t gold_units;  /* of those, gold-coded with its theme (precision
                         * = gold_units / judged) */
    size_t shadowed_by; /* another alternative of the same theme (a
                         * top-level rule or a rule of an <any>) that
                         * supported every unit this one did, or
                         * GRILLE_NONE */
} grille_rule_stats;

typedef struct grille_stats grille_stats;
/** Per-rule statistics over codings; gold may be NULL.  Release with
 * grille_stats_free(). */
grille_stats *grille_stats_new(const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                               const grille_gold *gold, grille_error *err);
int grille_stats_rule_get(const grille_stats *s, size_t rule, grille_rule_stats *out);
/** Units in coded speech over all the codings. */
size_t grille_stats_units(const grille_stats *s);
/** Coded units per theme (its own rules only). */
size_t grille_stats_theme_units(const grille_stats *s, size_t theme);
/** Writes one row per rule (those inside <exclude> left out): rule,
 * theme, kind, line, units, share (of every unit), hits, judged, gold,
 * precision (NA without a gold, and for near, all and any), shadowed_by,
 * text.  TSV, CSV, CSV for Excel or Markdown. */
int grille_stats_write(FILE *out, grille_format fmt, const grille_stats *s, grille_error *err);
void grille_stats_free(grille_stats *s);

/* ------------------------------------------------------------------ */
/* Corpora                                                             */

typedef struct grille_corpus grille_corpus;
/**
 * Lists the transcripts named by paths: files as given, directories
 * searched recursively for the kinds of file grille reads (by extension,
 * in any case: .txt .md .docx .odt .vtt .srt .html .htm .json), in byte
 * order of path.  Hidden files, and variables.csv/speakers.csv tables,
 * are not transcripts.  Links are followed, but a file or folder reached
 * twice is listed once.  What a walk passes over (unknown kinds, broken
 * links, folders already read) is listed by grille_corpus_skipped_get().
 * Release with grille_corpus_free().
 */
grille_corpus *grille_corpus_new(const char *const *paths, size_t n, grille_error *err);
size_t grille_corpus_file_count(const grille_corpus *c);
/** Path of file i, and the id it gets (relative path without extension). */
const char *grille_corpus_file_path(const grille_corpus *c, size_t i);
const char *grille_corpus_file_id(const grille_corpus *c, size_t i);
/** Files of the directories that are not in the corpus, and why ("unknown
 * kind", "a broken link"...): owned by the corpus. */
size_t grille_corpus_skipped_count(const grille_corpus *c);
const char *grille_corpus_skipped_get(const grille_corpus *c, size_t i, const char **why);
void grille_corpus_free(grille_corpus *c);

/* ------------------------------------------------------------------ */
/* REFI-QDA exchange (NVivo, ATLAS.ti, MAXQDA, QDA Miner, QualCoder)   */

/* REFI-QDA 1.5 files: codebooks (.qdc, XML) and projects (.qdpx, a ZIP
 * holding project.qde and the sources).  Text positions are Unicode code
 * points from 0 with the end exclusive, as grille's own: a selection
 * 10-15 covers code points 10, 11, 12, 13 and 14.  GUIDs are name-based
 * UUIDs (version 5) derived from the ids, so exporting again gives the
 * same GUIDs.  Nothing these functions return needs freeing. */

/** Options for a REFI-QDA export.  Start from GRILLE_REFI_OPTIONS_INIT. */
typedef struct grille_refi_options {
    size_t size; /* sizeof(grille_refi_options), as the caller knows it */
    /* The project's name (.qdpx); NULL: the codebook's title. */
    const char *project_name;
    /* An xsd:dateTime ("2024-05-02T10:00:00Z") written as the project's
     * creationDateTime and used as the date of the ZIP entries; NULL:
     * none, and the entries are dated 1980-01-01, so that two runs on the
     * same input write the same bytes. */
    const char *creation_time;
    /* The user the codings are attributed to; NULL: "grille". */
    const char *user_name;
    /* Called with each warning (a code renamed to keep names unique);
     * NULL: none are reported. */
    grille_warn_fn warn;
    void *warn_ctx;
} grille_refi_options;

/** The defaults: every field NULL. */
/* clang-format off */
#define GRILLE_REFI_OPTIONS_INIT {sizeof(grille_refi_options), NULL, NULL, NULL, NULL, NULL}
/* clang-format on */

/**
 * Writes cb as a REFI-QDA codebook (.qdc): one Code per theme, nested as
 * the themes are, named with the theme's label, with its colour and
 * description; a theme that only groups sub-themes (no rules of its own)
 * is not codable.  Code names are unique (compared without case): a
 * theme whose label an earlier theme has is named "label (parent's
 * label)", else "label (id)", with a warning.  Every code has a colour:
 * a sub-theme without one gets a lighter shade of its parent's, a
 * top-level theme without one a colour of a fixed palette.  Of opts,
 * only warn and warn_ctx are used; opts may be NULL (the defaults).
 * Returns GRILLE_OK, GRILLE_EIO when out cannot be written, GRILLE_ENOMEM.
 */
int grille_refi_write_qdc(FILE *out, const grille_codebook *cb, const grille_refi_options *opts, grille_error *err);

/**
 * Writes codings (made with cb, one per document) as a REFI-QDA project
 * (.qdpx) to out, which must be opened in binary mode: the codebook (as
 * grille_refi_write_qdc() writes it), one user, the documents' header
 * variables, one Case and one TextSource per document, and one
 * PlainTextSelection with its Coding per coded segment.  A source is the
 * document's text (sources/GUID.txt) without a leading byte order mark,
 * which positions do not count (as NVivo and QualCoder); its name is the
 * file name of the document (the id with its folders when two documents
 * share a file name: '/' becomes '_'), since tools store sources by name;
 * its variables are written inside it as well as in its Case (tools read
 * one or the other), with the document's id as the variable
 * "grille:document".  opts may be NULL.  Returns GRILLE_OK,
 * GRILLE_EUSAGE for a malformed opts->creation_time, GRILLE_EIO,
 * GRILLE_ENOMEM.
 */
int grille_refi_write_qdpx(FILE *out, const grille_codebook *cb, const grille_coding *const *codings, size_t n,
                           const grille_refi_options *opts, grille_error *err);

/**
 * The same project written a document at a time: grille_refi_write_qdpx()
 * is new, an add for each coding, and close.  What project.qde says of a
 * document (its variables, the selections' positions and names) stays in
 * memory, but not its text: add() copies it to an anonymous temporary
 * file in $TMPDIR (else /tmp), mode 0600 and unlinked as soon as it is
 * made, so that nothing of it outlives the program, read back when
 * close() writes the archive.
 */
typedef struct grille_refi_project grille_refi_project;
/** Checks opts as grille_refi_project_new() and grille_refi_write_qdpx()
 * will (the date of opts->creation_time), so that a run that only writes
 * parts (grille export --shard) refuses a bad date at once, not when the
 * parts are merged.  GRILLE_OK, GRILLE_EUSAGE with err filled, or
 * GRILLE_ENOTBUILT without REFI-QDA. */
int grille_refi_options_check(const grille_refi_options *opts, grille_error *err);
/** A project to write to out (binary mode; the caller keeps and closes
 * it) for codings made with cb, which must outlive the handle; opts is
 * copied (NULL: the defaults).  NULL with err filled: GRILLE_EUSAGE (a
 * malformed opts->creation_time), GRILLE_ENOMEM. */
grille_refi_project *grille_refi_project_new(FILE *out, const grille_codebook *cb, const grille_refi_options *opts,
                                             grille_error *err);
/** Adds a coding; it and its document may be freed as soon as it returns.
 * GRILLE_EUSAGE when a document of the same id was added, GRILLE_EIO
 * when the text cannot be kept aside, GRILLE_ENOMEM.  After a failure
 * the project can only be freed. */
int grille_refi_project_add(grille_refi_project *p, const grille_coding *c, grille_error *err);
/** Writes the archive to out, then frees p (NULL: nothing). */
int grille_refi_project_close(grille_refi_project *p, grille_error *err);
/** Frees p without writing anything. */
void grille_refi_project_free(grille_refi_project *p);

/**
 * The GUID the export gives to theme i of cb, as 36 lower-case
 * characters and a NUL into out.  GRILLE_EUSAGE if i is out of range.
 */
int grille_refi_theme_guid(const grille_codebook *cb, size_t i, char out[37]);

/**
 * Reads the REFI-QDA codebook at path (a .qdc, or a .qdpx whose project
 * has one) and writes it to out as a grille codebook skeleton: themes
 * with ids made from the codes' names, labels, colours, descriptions and
 * nesting, but no rules.  grille refuses a theme with neither rules nor
 * sub-themes, so the skeleton must be completed before it is used (the
 * file says so in a comment).  Errors name the file and, in XML, the
 * line.
 */
int grille_refi_import_codebook(const char *path, FILE *out, grille_error *err);

/** What a project's positions count. */
typedef enum grille_refi_positions {
    /* from the tool that wrote the project (its origin): UTF-16 code
     * units for NVivo, code points counting a CRLF as one for ATLAS.ti,
     * else code points as REFI-QDA says */
    GRILLE_REFI_POSITIONS_AUTO = 0,
    GRILLE_REFI_POSITIONS_CODE_POINTS,
    GRILLE_REFI_POSITIONS_UTF16
} grille_refi_positions;

/** Options of grille_refi_import_gold().  Start from
 * GRILLE_REFI_IMPORT_OPTIONS_INIT. */
typedef struct grille_refi_import_options {
    size_t size; /* sizeof(grille_refi_import_options), as the caller knows it */
    /* The codebook codes are mapped to (may be NULL).  Borrowed. */
    const grille_codebook *codebook;
    grille_refi_positions positions;
    /* When not NULL, a report is written there: the tool that wrote the
     * project, what its positions were read as, how each code was mapped
     * (by GUID, label path, label, or a new id), and per document its
     * selections, how many start and end on word boundaries (positions
     * misread cut words), and its variables. */
    FILE *report;
    /* Called with each warning (a code that fits no theme); may be NULL. */
    grille_warn_fn warn;
    void *warn_ctx;
    /* When not NULL, called after the gold is written with each text
     * source of the project, in the project's order: its document name
     * (the gold's document column), its text as the gold's positions count
     * it (UTF-8, without a leading byte order mark; NULL when the project
     * holds no text for it, e.g. a text kept outside the archive), and its
     * variables
     * (its own VariableValues, else its Cases'), all valid during the
     * call.  Returns 0, or non-zero to stop the import with GRILLE_EIO.
     * A project's documents and variables thus become a corpus grille can
     * code, even without a codebook. */
    int (*on_source)(void *ctx, const char *document, const char *text, size_t len, const char *const *names,
                     const char *const *values, size_t nvars);
    void *source_ctx;
} grille_refi_import_options;

/** The defaults: no codebook, positions from the project's tool, no
 * report, no callbacks. */
/* clang-format off */
#define GRILLE_REFI_IMPORT_OPTIONS_INIT                                                            \
    {sizeof(grille_refi_import_options), NULL, GRILLE_REFI_POSITIONS_AUTO, NULL, NULL, NULL, NULL, NULL}
/* clang-format on */

/**
 * Reads the codings of the REFI-QDA project (.qdpx) at path and writes
 * them to out as a gold file for grille_gold_load() (columns document,
 * start, end, theme, coder, quote): the document is the value of the
 * source's variable "grille:document" (grille's export writes it), else
 * the TextSource's name without its extension (a source grille exported
 * keeps its id); the theme is the id of the theme of opts->codebook
 * whose GUID grille's export gives the code, else of the theme at the
 * same label path (code names as grille_refi_write_qdc() qualifies them
 * count too), else of the only theme of the code's label, else the id
 * grille_refi_import_codebook() gives the code; a code that fits several
 * themes is refused (GRILLE_ESCHEMA, with its line).  The coder is the
 * coding user's name.  Positions are code points of the source without
 * a leading byte order mark; NVivo's, UTF-16 code units, are converted
 * (opts->positions).  A project without codes gives a gold without
 * rows.  opts may be NULL (the defaults: no codebook).  Selections of no
 * length are left out.
 */
int grille_refi_import_gold(const char *path, FILE *out, const grille_refi_import_options *opts, grille_error *err);

/* ------------------------------------------------------------------ */
/* Matrices counted in parts (grille merge)                            */

/**
 * Writes the counts of a matrix not ended (grille_matrix_begin() and
 * grille_matrix_add() only) as text, so that another process can add
 * them to its own matrix with grille_matrix_add_saved(): a corpus coded
 * in parts, on several machines, is then counted as a whole.  Returns
 * GRILLE_OK, GRILLE_EUSAGE (no stream, no matrix, a matrix ended) or
 * GRILLE_EIO (a write error).
 */
int grille_matrix_save(FILE *out, const grille_matrix *m, grille_error *err);
/**
 * Adds to m, not ended, the counts grille_matrix_save() wrote of a
 * matrix of the same codebook, --by variable and leaves option, as if its
 * documents were added here after those already added: add the parts'
 * counts in corpus order, and grille_matrix_end() gives the matrix of
 * the whole corpus.  text need not be terminated.  Returns GRILLE_OK,
 * GRILLE_ENOMEM, or GRILLE_EUSAGE (text that is not a saved matrix, or
 * one of another codebook or options); after a failure m may hold part
 * of the counts: free it.
 */
int grille_matrix_add_saved(grille_matrix *m, const char *text, size_t len, grille_error *err);

/* ------------------------------------------------------------------ */
/* Codings saved and loaded back (grille merge of note and export)     */

/**
 * Writes c and its document (text, variables, speakers, warnings,
 * turns, paragraphs, sentences) to out as bytes that
 * grille_coding_load() reads back, with the same codebook cb that coded
 * it, in another process of the same grille version: a corpus coded in
 * parts, on several machines, is then written as a whole by the
 * streaming writers (grille_note_add(), grille_sqlite_add()...).  The
 * bytes are not an exchange format: another version may not read them.
 * Returns GRILLE_OK, GRILLE_EUSAGE (no stream, coding or codebook) or
 * GRILLE_EIO (a write error).
 */
int grille_coding_save(FILE *out, const grille_coding *c, const grille_codebook *cb, grille_error *err);
/**
 * Reads what grille_coding_save() wrote (len bytes at data, not
 * necessarily terminated) with the codebook that coded it.  Returns the
 * coding, whose segments and hits point into cb (keep cb until the
 * coding is freed), to release with grille_coding_free(), and sets *doc
 * to its document, to release with grille_document_free() after the
 * coding.  NULL with err filled: GRILLE_ENOMEM, or GRILLE_EUSAGE for
 * bytes that are not a saved coding, are damaged or cut, or were saved
 * with another codebook (*doc is then NULL).
 */
grille_coding *grille_coding_load(const grille_codebook *cb, const char *data, size_t len, grille_document **doc,
                                  grille_error *err);

#ifdef __cplusplus
}
#endif
#endif /* GRILLE_H */

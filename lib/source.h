/* source.h - turning a file of any supported kind (plain text in any
 * common encoding, .docx, .odt, WebVTT, SubRip, noScribe or plain HTML,
 * WhisperX JSON) into the UTF-8 plain text that grille codes.
 *
 * Every position grille reports is an offset into that extracted text,
 * which `grille text` prints.  A reader appends to the source's text
 * (paragraphs end with '\n'), records metadata as variables and, when
 * the format says who speaks (subtitles, diarised transcripts), records
 * the turns itself, so that no speaker label has to be guessed back from
 * the text.  Reading decisions the researcher should know about are
 * notes (warnings with the file, line and column). */
#ifndef GRILLE_SOURCE_H
#define GRILLE_SOURCE_H
#include "internal.h"

typedef enum source_kind {
    SOURCE_UNKNOWN = 0,
    SOURCE_TEXT, /* .txt, .md: UTF-8, UTF-16 with BOM, Windows-1252 */
    SOURCE_DOCX, /* Office Open XML word processing */
    SOURCE_ODT,  /* OpenDocument text */
    SOURCE_VTT,  /* WebVTT */
    SOURCE_SRT,  /* SubRip */
    SOURCE_HTML, /* HTML, noScribe's transcripts among them */
    SOURCE_JSON  /* WhisperX JSON (segments[] with speaker, start, text) */
} source_kind;

/* A turn a reader knows: positions are byte offsets into source.text. */
typedef struct source_turn {
    size_t label_b0, label_b1; /* the speaker label as written; b0 == b1: none */
    size_t b0, b1;             /* the speech */
    long time_ms;              /* when the turn starts; -1 when unknown */
} source_turn;

typedef struct source {
    const char *name;     /* the file, for messages */
    const char *encoding; /* text: how it was decoded ("UTF-8"...), static */
    gbuf text;            /* the extracted UTF-8 text */
    /* the caller's buffer of the file's bytes, or NULL: a text that is
     * the file as it is takes it rather than a copy (a second copy of
     * the file in memory, and a hundredth of the instructions of coding
     * it) */
    gbuf *adopt;
    /* metadata (docProps, meta.xml...): lower-case ASCII keys */
    char **keys, **values;
    size_t nvars, capvars;
    /* turns, when the reader knows them; in text order */
    source_turn *turns;
    size_t nturns, capturns;
    int has_turns; /* the reader sets turns (even zero of them) */
    /* the reader has checked that the whole text is valid UTF-8 without a
     * NUL byte (checking a file of 1 MB three times was a twentieth of
     * reading it) */
    int text_checked;
    /* warnings about how the file was read */
    grille_error *notes;
    size_t nnotes, capnotes;
    /* the cue being merged by source_cue() */
    char *cue_speaker;
    int cue_open;
} source;

void source_init(source *s, const char *name);
void source_free(source *s);

/* Appends bytes (valid UTF-8) to the text. */
int source_append(source *s, const char *data, size_t len);
int source_puts(source *s, const char *str);
/* Records a metadata variable (key is stored lower-cased; the value is
 * trimmed, its inner line breaks become spaces; empty values are
 * dropped).  A later value for the same key replaces the earlier. */
int source_add_var(source *s, const char *key, const char *value, size_t value_len);
/* The length of a date value kept to its day: 10 when v starts with
 * YYYY-MM-DD (2025-03-14T09:30:00Z), else len (never a cut inside a
 * character). */
size_t source_date_len(const char *v, size_t len);
/* Records a warning. */
int source_note(source *s, unsigned line, unsigned column, const char *fmt, ...) GRILLE_PRINTF(4, 5);

/* One cue of a timed transcript (subtitles, diarised JSON, noScribe):
 * speaker may be NULL or "" when the cue names nobody; time_ms is the
 * cue's start (-1 when unknown).  Consecutive cues of one speaker merge
 * into one turn, written on one line as "[hh:mm:ss] Speaker : text"
 * (cues joined by a space); text is the cue's plain text (markup already
 * removed), its line breaks become spaces.  Sets has_turns. */
int source_cue(source *s, const char *speaker, size_t speaker_len, long time_ms, const char *text, size_t len);
/* Ends the last turn opened by source_cue(). */
int source_cues_done(source *s);

/* Splits a speaker prefix that diarisation tools write at the start of a
 * cue's text: "SPEAKER_00: ", "[SPEAKER_00]: ", "[SPEAKER_00] ",
 * "S01: ", "Speaker 1: ".  Returns 1 and the label (without brackets) and
 * the offset where the speech starts, or 0. */
int source_speaker_prefix(const char *text, size_t len, size_t *label_b0, size_t *label_b1, size_t *speech);

/* The readers: data is the whole file.  On error they fill err (with the
 * file name from s->name) and return a GRILLE_E* code. */
int source_read_text(source *s, const char *data, size_t len, const char *encoding, grille_error *err);
int source_read_docx(source *s, const char *data, size_t len, grille_error *err);
/* word/document.xml's text into s: read fast (xml_ascii.h, xml_prune.h)
 * or, with plain, as libxml2 gives it (the reference the tests and the
 * fuzz target compare the fast reading with). */
int source_read_docx_body(source *s, const char *xml, size_t len, int plain, grille_error *err);
int source_read_odt(source *s, const char *data, size_t len, grille_error *err);
int source_read_vtt(source *s, const char *data, size_t len, grille_error *err);
int source_read_srt(source *s, const char *data, size_t len, grille_error *err);
int source_read_html(source *s, const char *data, size_t len, grille_error *err);
int source_read_json(source *s, const char *data, size_t len, grille_error *err);

/* The kind of a file from its name (extension, case-insensitive) and
 * its first bytes; SOURCE_UNKNOWN when neither says. */
source_kind source_detect(const char *name, const char *data, size_t len);
/* The kind named by an extension alone ("docx", "TXT"...). */
source_kind source_kind_of_extension(const char *name);
const char *source_kind_name(source_kind k);

/* Reads data as kind k into s (a dispatcher over the readers). */
int source_read(source *s, source_kind k, const char *data, size_t len, const char *encoding, grille_error *err);

/* Limits against hostile files (zip bombs, endless lines). */
#define SOURCE_MAX_ENTRY ((size_t)256 << 20) /* one ZIP entry, inflated */
#define SOURCE_MAX_RATIO 200                 /* inflated / compressed size */

#endif

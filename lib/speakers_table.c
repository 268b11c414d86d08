/* speakers_table.c - `grille speakers`: who speaks in each document, what
 * grille made of each label, and what looks wrong, so that a researcher
 * can check the attribution of every quote before trusting it. */
#include "document.h"
#include "output.h"
#include "tab.h"
#include <stdio.h>

static const char *const columns[] = {"document", "speaker", "role",       "coded", "why",
                                      "turns",    "words",   "first_line", "check", NULL};

static const char *why_text(const grille_speaker_info *s) {
    if (s->flags & GRILLE_SPEAKER_INFO_INTERVIEWER_GUESSED)
        return "guessed interviewer: nobody is declared, speaks first, mostly asks questions";
    if (s->flags & GRILLE_SPEAKER_INFO_INTERVIEWER) {
        if (s->reason == GRILLE_SPEAKER_UNLABELLED) return "unlabelled questions before labelled answers";
        if (s->flags & GRILLE_SPEAKER_INFO_INTERVIEWER_DECLARED)
            return "declared interviewer (header, table or --interviewers)";
        return "built-in interviewer label";
    }
    switch (s->reason) {
    case GRILLE_SPEAKER_NONE: return "no speaker label: the text as a whole";
    case GRILLE_SPEAKER_FORMAT: return "named by the file (subtitles, diarisation)";
    case GRILLE_SPEAKER_DECLARED: return "declared (header, option or table)";
    case GRILLE_SPEAKER_BUILTIN: return "built-in label";
    case GRILLE_SPEAKER_REPEATED: return "label at the start of several lines";
    case GRILLE_SPEAKER_NAME: return "seen once, but a name or a role";
    case GRILLE_SPEAKER_CODE: return "seen once, but a code or initials";
    case GRILLE_SPEAKER_UNLABELLED: return "unlabelled answers after labelled questions";
    }
    return "";
}

/* The same doubts as the reading warnings, for this speaker. */
static const char *check_text(const grille_document *doc, const grille_speaker_info *s) {
    if ((s->reason == GRILLE_SPEAKER_NAME || s->reason == GRILLE_SPEAKER_CODE) && s->words < 5 &&
        grille_document_unit_count(doc, GRILLE_UNIT_TURN) >= 3)
        return "one short turn: a speaker, or the start of a sentence?";
    if (s->reason == GRILLE_SPEAKER_REPEATED && s->label[0] >= 'a' && s->label[0] <= 'z' && !strchr(s->label, ' '))
        return "a lower-case word: a speaker?";
    if (s->flags & GRILLE_SPEAKER_INFO_INTERVIEWER_GUESSED)
        return "confirm with 'interviewers:' (header, table or --interviewers)";
    if (s->reason == GRILLE_SPEAKER_UNLABELLED) return "unlabelled paragraphs: check the convention";
    return "";
}

static int coded(grille_speakers setting, int interviewer) {
    switch (setting) {
    case GRILLE_SPEAKERS_RESPONDENTS: return !interviewer;
    case GRILLE_SPEAKERS_INTERVIEWERS: return interviewer;
    case GRILLE_SPEAKERS_ALL: return 1;
    }
    return 1;
}

static int md_cell(FILE *out, const char *s) {
    if (fputs(" ", out) == EOF || write_field(out, GRILLE_FORMAT_MARKDOWN, s, strlen(s)) || fputs(" |", out) == EOF)
        return -1;
    return 0;
}

static int cell(FILE *out, grille_format fmt, const char *s, int last) {
    if (fmt == GRILLE_FORMAT_MARKDOWN) return md_cell(out, s);
    if (write_field(out, fmt, s, strlen(s))) return -1;
    return last ? 0 : write_sep(out, fmt);
}

static int header(FILE *out, grille_format fmt) {
    if (fmt == GRILLE_FORMAT_MARKDOWN && fputs("|", out) == EOF) return -1;
    for (size_t i = 0; columns[i]; i++)
        if (cell(out, fmt, columns[i], !columns[i + 1])) return -1;
    if (fmt == GRILLE_FORMAT_MARKDOWN) {
        if (fputs("\n|", out) == EOF) return -1;
        for (size_t i = 0; columns[i]; i++)
            if (fputs(i >= 5 && i <= 7 ? "---:|" : "---|", out) == EOF) return -1;
    }
    return write_eol(out, fmt);
}

static const char speakers_what[] = N_("cannot write the speakers");

/* The rows of doc's speakers who have a turn: nonzero once a write
 * failed (ferror() keeps its mark). */
static int speaker_rows(FILE *out, grille_format fmt, const grille_document *doc, grille_speakers setting) {
    int bad = 0;
    for (size_t i = 0; i < grille_document_speaker_count(doc) && !bad; i++) {
        grille_speaker_info s;
        grille_document_speaker_get(doc, i, &s);
        if (!s.turns) continue;
        int iv = (s.flags & GRILLE_SPEAKER_INFO_INTERVIEWER) != 0;
        char turns[32], words[32], line[32];
        snprintf(turns, sizeof turns, "%zu", s.turns);
        snprintf(words, sizeof words, "%zu", s.words);
        snprintf(line, sizeof line, "%u", s.first_line);
        if (fmt == GRILLE_FORMAT_MARKDOWN && fputs("|", out) == EOF) bad = 1;
        const char *cells[] = {grille_document_id(doc),
                               s.label[0] ? s.label : "(no label)",
                               iv ? "interviewer" : "respondent",
                               coded(setting, iv) ? "yes" : "no",
                               why_text(&s),
                               turns,
                               words,
                               s.first_line ? line : "",
                               check_text(doc, &s)};
        for (size_t c = 0; c < sizeof cells / sizeof cells[0] && !bad; c++)
            bad = cell(out, fmt, cells[c], c + 1 == sizeof cells / sizeof cells[0]) != 0;
        if (!bad) bad = write_eol(out, fmt) != 0;
    }
    return bad;
}

int grille_speakers_write_header(FILE *out, grille_format fmt, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, speakers_what, N_("no output stream"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, speakers_what, fmt);
    tab_bom(out, fmt);
    header(out, fmt);
    return grille_write_end(out, err, speakers_what);
}

int grille_speakers_write_document(FILE *out, grille_format fmt, const grille_document *doc, grille_speakers setting,
                                   grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, speakers_what, N_("no output stream"));
    if (!doc) return grille_write_fail(err, GRILLE_EUSAGE, speakers_what, N_("no document"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, speakers_what, fmt);
    speaker_rows(out, fmt, doc, setting);
    return grille_write_end(out, err, speakers_what);
}

int grille_document_write_speakers(FILE *out, grille_format fmt, const grille_document *const *docs, size_t n,
                                   grille_speakers setting, grille_error *err) {
    grille_error_clear(err);
    if (!out) return grille_write_fail(err, GRILLE_EUSAGE, speakers_what, N_("no output stream"));
    if (n && !docs) return grille_write_fail(err, GRILLE_EUSAGE, speakers_what, N_("no document"));
    if (!tab_text_format(fmt)) return grille_write_bad_format(err, speakers_what, fmt);
    tab_bom(out, fmt);
    int bad = header(out, fmt);
    for (size_t d = 0; d < n && !bad; d++) bad = speaker_rows(out, fmt, docs[d], setting);
    /* a failed write stopped the loop (bad) and left its mark in ferror() */
    return grille_write_end(out, err, speakers_what);
}

#define _GNU_SOURCE /* memmem */
/* source.c - what every reader of source.h shares: the growing text,
 * variables, notes, cue merging, and the choice of a reader. */
#include "source.h"
#include "utf8.h"
#include <stdio.h>

void source_init(source *s, const char *name) {
    memset(s, 0, sizeof *s);
    s->name = name ? name : "<memory>";
}

void source_free(source *s) {
    gbuf_free(&s->text);
    for (size_t i = 0; i < s->nvars; i++) {
        free(s->keys[i]);
        free(s->values[i]);
    }
    free(s->keys);
    free(s->values);
    free(s->turns);
    free(s->notes);
    free(s->cue_speaker);
    memset(s, 0, sizeof *s);
}

int source_append(source *s, const char *data, size_t len) {
    return len ? gbuf_append(&s->text, data, len) : GRILLE_OK;
}

int source_puts(source *s, const char *str) { return source_append(s, str, strlen(str)); }

size_t source_date_len(const char *v, size_t len) {
    static const char shape[] = "dddd-dd-dd";
    if (len < 10) return len;
    for (size_t i = 0; i < 10; i++)
        if (shape[i] == 'd' ? !(v[i] >= '0' && v[i] <= '9') : v[i] != '-') return len;
    return 10;
}

int source_add_var(source *s, const char *key, const char *value, size_t value_len) {
    /* trim, and fold inner line breaks: a variable is one line */
    while (value_len && (unsigned char)*value <= ' ') {
        value++;
        value_len--;
    }
    while (value_len && (unsigned char)value[value_len - 1] <= ' ') value_len--;
    if (!value_len) return GRILLE_OK;
    char *v = grille_strndup(value, value_len);
    char *k = grille_strdup(key);
    if (!v || !k) {
        free(v);
        free(k);
        return GRILLE_ENOMEM;
    }
    for (char *p = v; *p; p++)
        if (*p == '\n' || *p == '\r' || *p == '\t') *p = ' ';
    for (char *p = k; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    for (size_t i = 0; i < s->nvars; i++)
        if (strcmp(s->keys[i], k) == 0) {
            free(s->values[i]);
            s->values[i] = v;
            free(k);
            return GRILLE_OK;
        }
    size_t capk = s->capvars;
    if (GROW(s->keys, s->nvars, capk) || GROW(s->values, s->nvars, s->capvars)) {
        free(v);
        free(k);
        return GRILLE_ENOMEM;
    }
    s->keys[s->nvars] = k;
    s->values[s->nvars] = v;
    s->nvars++;
    return GRILLE_OK;
}

int source_note(source *s, unsigned line, unsigned column, const char *fmt, ...) {
    if (GROW(s->notes, s->nnotes, s->capnotes)) return GRILLE_ENOMEM;
    grille_error *e = &s->notes[s->nnotes++];
    memset(e, 0, sizeof *e);
    va_list ap;
    va_start(ap, fmt);
    grille_vfail(e, GRILLE_OK, s->name, line, column, 0, fmt, ap);
    va_end(ap);
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* cues of timed transcripts                                           */

/* Appends text with line breaks and runs of spaces made single spaces,
 * so a turn stays on one line whatever the cue looked like. */
static int append_flat(source *s, const char *t, size_t n) {
    int space = s->text.len > 0 && s->text.data[s->text.len - 1] == ' ';
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)t[i];
        if (c == '\n' || c == '\r' || c == '\t' || c == ' ' || c == '\f' || c == '\v') {
            if (!space && gbuf_putc(&s->text, ' ')) return GRILLE_ENOMEM;
            space = 1;
        } else {
            if (gbuf_putc(&s->text, (char)c)) return GRILLE_ENOMEM;
            space = 0;
        }
    }
    return GRILLE_OK;
}

static void trim_span(const char *t, size_t *b, size_t *e) {
    while (*b < *e && (unsigned char)t[*b] <= ' ') (*b)++;
    while (*e > *b && (unsigned char)t[*e - 1] <= ' ') (*e)--;
}

static int end_turn(source *s) {
    if (!s->cue_open) return GRILLE_OK;
    source_turn *t = &s->turns[s->nturns - 1];
    size_t e = s->text.len;
    while (e > t->b0 && s->text.data[e - 1] == ' ') e--;
    s->text.len = e;
    t->b1 = e;
    s->cue_open = 0;
    return gbuf_putc(&s->text, '\n');
}

int source_cue(source *s, const char *speaker, size_t speaker_len, long time_ms, const char *text, size_t len) {
    size_t b = 0, e = len;
    trim_span(text, &b, &e);
    size_t sb = 0, se = speaker ? speaker_len : 0;
    if (speaker) trim_span(speaker, &sb, &se);
    s->has_turns = 1;
    if (b == e) return GRILLE_OK; /* an empty cue says nothing */
    int same = s->cue_open &&
               ((se == sb && !s->cue_speaker) || (s->cue_speaker && se > sb && strlen(s->cue_speaker) == se - sb &&
                                                  memcmp(s->cue_speaker, speaker + sb, se - sb) == 0));
    if (same) {
        if (gbuf_putc(&s->text, ' ')) return GRILLE_ENOMEM;
        return append_flat(s, text + b, e - b);
    }
    if (end_turn(s)) return GRILLE_ENOMEM;
    free(s->cue_speaker);
    s->cue_speaker = NULL;
    if (se > sb && !(s->cue_speaker = grille_strndup(speaker + sb, se - sb))) return GRILLE_ENOMEM;
    if (GROW(s->turns, s->nturns, s->capturns)) return GRILLE_ENOMEM;
    source_turn *t = &s->turns[s->nturns++];
    t->time_ms = time_ms;
    if (time_ms >= 0) {
        long sec = time_ms / 1000;
        if (gbuf_printf(&s->text, "[%02ld:%02ld:%02ld] ", sec / 3600, sec / 60 % 60, sec % 60)) return GRILLE_ENOMEM;
    }
    t->label_b0 = t->label_b1 = s->text.len;
    if (se > sb) {
        if (append_flat(s, speaker + sb, se - sb)) return GRILLE_ENOMEM;
        t->label_b1 = s->text.len;
        if (source_puts(s, " : ")) return GRILLE_ENOMEM;
    }
    t->b0 = s->text.len;
    s->cue_open = 1;
    return append_flat(s, text + b, e - b);
}

int source_cues_done(source *s) {
    s->has_turns = 1;
    return end_turn(s);
}

/* "SPEAKER_00", "S01", "Speaker 1", "Locuteur 2": what diarisation tools
 * call the voices they tell apart. */
static int diarisation_label(const char *t, size_t n) {
    static const char *const stems[] = {"SPEAKER_",  "SPEAKER ",  "Speaker ", "Speaker_", "speaker_",
                                        "Locuteur ", "LOCUTEUR ", "S",        NULL};
    for (size_t i = 0; stems[i]; i++) {
        size_t k = strlen(stems[i]);
        if (n <= k || memcmp(t, stems[i], k) != 0) continue;
        size_t j = k;
        while (j < n && t[j] >= '0' && t[j] <= '9') j++;
        if (j == n && j - k <= 4) return 1;
    }
    return 0;
}

int source_speaker_prefix(const char *text, size_t len, size_t *label_b0, size_t *label_b1, size_t *speech) {
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\t')) i++;
    int bracket = i < len && text[i] == '[';
    size_t b0 = i + (size_t)bracket, b1 = b0;
    while (b1 < len && b1 - b0 < 40 && text[b1] != ']' && text[b1] != ':' && text[b1] != '\n') b1++;
    size_t j = b1;
    /* "SPEAKER_00 : " as French typography writes it */
    while (b1 > b0 && (text[b1 - 1] == ' ' || text[b1 - 1] == '\t')) b1--;
    if (b1 >= b0 + 2 && (unsigned char)text[b1 - 2] == 0xC2 && (unsigned char)text[b1 - 1] == 0xA0) b1 -= 2;
    if (!diarisation_label(text + b0, b1 - b0)) return 0;
    if (bracket) {
        if (j >= len || text[j] != ']') return 0;
        j++;
        if (j < len && text[j] == ':') j++;
    } else {
        if (j >= len || text[j] != ':') return 0;
        j++;
    }
    if (j < len && text[j] != ' ' && text[j] != '\t') return 0;
    while (j < len && (text[j] == ' ' || text[j] == '\t')) j++;
    *label_b0 = b0;
    *label_b1 = b1;
    *speech = j;
    return 1;
}

/* ------------------------------------------------------------------ */
/* choosing a reader                                                   */

source_kind source_kind_of_extension(const char *name) {
    const char *base = strrchr(name, '/');
    base = base ? base + 1 : name;
    const char *dot = strrchr(base, '.');
    if (!dot || dot == base) return SOURCE_UNKNOWN;
    /* "entretien 3.txt " as some file managers leave it */
    char ext[16];
    size_t n = 0;
    for (const char *p = dot + 1; *p && n + 1 < sizeof ext; p++)
        if (*p != ' ') ext[n++] = *p;
    ext[n] = '\0';
    static const struct {
        const char *ext;
        source_kind kind;
    } table[] = {{"txt", SOURCE_TEXT},  {"md", SOURCE_TEXT},   {"markdown", SOURCE_TEXT}, {"text", SOURCE_TEXT},
                 {"docx", SOURCE_DOCX}, {"odt", SOURCE_ODT},   {"vtt", SOURCE_VTT},       {"webvtt", SOURCE_VTT},
                 {"srt", SOURCE_SRT},   {"html", SOURCE_HTML}, {"htm", SOURCE_HTML},      {"json", SOURCE_JSON}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (grille_ascii_ieq(ext, table[i].ext)) return table[i].kind;
    return SOURCE_UNKNOWN;
}

const char *source_kind_name(source_kind k) {
    switch (k) {
    case SOURCE_TEXT: return "text";
    case SOURCE_DOCX: return "Word (.docx)";
    case SOURCE_ODT: return "OpenDocument (.odt)";
    case SOURCE_VTT: return "WebVTT";
    case SOURCE_SRT: return "SubRip (.srt)";
    case SOURCE_HTML: return "HTML";
    case SOURCE_JSON: return "WhisperX JSON";
    case SOURCE_UNKNOWN: break;
    }
    return "unknown";
}

static int starts_with(const char *d, size_t n, const char *p) {
    size_t k = strlen(p);
    return n >= k && memcmp(d, p, k) == 0;
}

/* The content decides for the formats that say what they are; the
 * extension for the rest (a .docx and an .odt are both ZIP files). */
source_kind source_detect(const char *name, const char *data, size_t len) {
    source_kind ext = source_kind_of_extension(name);
    const char *d = data;
    size_t n = len;
    if (starts_with(d, n, "\xEF\xBB\xBF")) d += 3, n -= 3;
    if (starts_with(data, len, "PK\x03\x04")) {
        if (ext == SOURCE_DOCX || ext == SOURCE_ODT) return ext;
        /* an ODF package says so in its first entry, "mimetype" */
        if (len > 80 && memmem(data, len < 200 ? len : 200, "application/vnd.oasis.opendocument.text", 39))
            return SOURCE_ODT;
        if (memmem(data, len < 4096 ? len : 4096, "word/", 5)) return SOURCE_DOCX;
        return ext == SOURCE_UNKNOWN ? SOURCE_UNKNOWN : ext;
    }
    if (starts_with(d, n, "WEBVTT") && (n == 6 || d[6] == '\n' || d[6] == '\r' || d[6] == ' ' || d[6] == '\t'))
        return SOURCE_VTT;
    /* a .docx that is no ZIP archive: its reader says so */
    if (ext == SOURCE_DOCX || ext == SOURCE_ODT) return ext;
    if (ext == SOURCE_TEXT || ext == SOURCE_VTT || ext == SOURCE_SRT || ext == SOURCE_HTML || ext == SOURCE_JSON)
        return ext;
    return SOURCE_UNKNOWN;
}

/* Subtitles and JSON are text too: decoded first as plain text is (a
 * BOM, UTF-16 from Notepad, --encoding, Windows-1252, CR line ends), so
 * that their readers see UTF-8 with LF line ends. */
static int read_decoded(source *s, int (*reader)(source *, const char *, size_t, grille_error *), const char *data,
                        size_t len, const char *encoding, grille_error *err) {
    source text;
    source_init(&text, s->name);
    int rc = source_read_text(&text, data, len, encoding, err);
    for (size_t i = 0; rc == GRILLE_OK && i < text.nnotes; i++) {
        if (GROW(s->notes, s->nnotes, s->capnotes)) {
            rc = GRILLE_ENOMEM;
            break;
        }
        s->notes[s->nnotes++] = text.notes[i];
    }
    if (rc == GRILLE_OK) {
        const char *t = text.text.data ? text.text.data : "";
        size_t n = text.text.len;
        if (n >= 3 && memcmp(t, "\xEF\xBB\xBF", 3) == 0) t += 3, n -= 3;
        rc = reader(s, t, n, err);
    }
    source_free(&text);
    return rc;
}

int source_read(source *s, source_kind k, const char *data, size_t len, const char *encoding, grille_error *err) {
    switch (k) {
    case SOURCE_TEXT: return source_read_text(s, data, len, encoding, err);
    case SOURCE_DOCX: return source_read_docx(s, data, len, err);
    case SOURCE_ODT: return source_read_odt(s, data, len, err);
    case SOURCE_VTT: return read_decoded(s, source_read_vtt, data, len, encoding, err);
    case SOURCE_SRT: return read_decoded(s, source_read_srt, data, len, encoding, err);
    case SOURCE_HTML: return source_read_html(s, data, len, err);
    case SOURCE_JSON: return read_decoded(s, source_read_json, data, len, encoding, err);
    case SOURCE_UNKNOWN: break;
    }
    return grille_fail(err, GRILLE_ETRANSCRIPT, s->name, 0, 0, 0,
                       "not a kind of file grille reads (.txt, .md, .docx, .odt, .vtt, .srt, .html, "
                       "WhisperX .json)");
}

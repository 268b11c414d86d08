/* read_json.c - the JSON that WhisperX and openai-whisper write:
 *
 *   {"segments": [{"start": 1.23, "end": 4.5, "text": " Bonjour.",
 *                  "speaker": "SPEAKER_00", "words": [...]}, ...],
 *    "word_segments": [...], "language": "fr"}
 *
 * openai-whisper writes the same segments without "speaker" (and with
 * "id", "seek", "tokens"...).  WhisperX leaves "speaker" out of a
 * segment that no voice overlaps, and, through Python's json.dump(),
 * writes NaN for a time it could not align: such a segment keeps its
 * text and loses its time.  Each segment is one source_cue(). */
#include "source.h"
#include "json.h"
#include <limits.h>
#include <math.h>
#include <stdio.h>

typedef struct json_reader {
    source *s;
    const char *data;
    grille_error *err;
    gbuf scratch;   /* a string with its control characters made spaces */
    size_t untimed; /* segments without a usable start */
    const json_value *first_untimed;
} json_reader;

static int fail_at(json_reader *r, const json_value *v, const char *fmt, ...) GRILLE_PRINTF(3, 4);
static int fail_at(json_reader *r, const json_value *v, const char *fmt, ...) {
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, grille_msg(fmt), ap);
    va_end(ap);
    unsigned line, col;
    json_line_col(r->data, v->offset, &line, &col);
    return grille_fail(r->err, GRILLE_ETRANSCRIPT, r->s->name, line, col, v->offset, "%s", msg);
}

/* The string with control characters (a "\u0000" among them) made
 * spaces, so the text stays a C string and one line per turn. */
static int clean(json_reader *r, const json_value *str, const char **out, size_t *len) {
    const char *t = str->u.string.data;
    size_t n = str->u.string.len, i = 0;
    while (i < n && ((unsigned char)t[i] >= 0x20 || t[i] == '\t' || t[i] == '\n')) i++;
    *out = t;
    *len = n;
    if (i == n) return GRILLE_OK;
    r->scratch.len = 0;
    for (i = 0; i < n; i++)
        if (gbuf_putc(&r->scratch, (unsigned char)t[i] < 0x20 ? ' ' : t[i])) return GRILLE_ENOMEM;
    *out = r->scratch.data;
    return GRILLE_OK;
}

/* "start" in seconds -> milliseconds; -1 when missing, null, NaN,
 * negative or beyond what a long holds. */
static int start_time(json_reader *r, const json_value *seg, long *ms) {
    const json_value *v = json_get(seg, "start");
    *ms = -1;
    if (v && v->type != JSON_NUMBER && v->type != JSON_NULL)
        return fail_at(r, v, "expected \"start\" to be a number of seconds, such as 12.5");
    if (v && v->type == JSON_NUMBER && isfinite(v->u.number) && v->u.number >= 0 &&
        v->u.number < (double)LONG_MAX / 1000.0 - 1)
        *ms = (long)llround(v->u.number * 1000.0);
    if (*ms < 0 && !r->untimed++) r->first_untimed = seg;
    return GRILLE_OK;
}

/* One segment: its speaker, or else a diarisation prefix in its text. */
static int segment(json_reader *r, const json_value *seg) {
    if (seg->type != JSON_OBJECT)
        return fail_at(r, seg,
                       "expected a segment here: an object such as "
                       "{\"start\": 1.5, \"text\": \"...\", \"speaker\": \"SPEAKER_00\"}");
    const json_value *text = json_get(seg, "text"), *who = json_get(seg, "speaker");
    if (!text || text->type != JSON_STRING)
        return fail_at(r, text ? text : seg, "expected each segment to have a \"text\" string");
    if (who && who->type != JSON_STRING && who->type != JSON_NULL)
        return fail_at(r, who, "expected \"speaker\" to be a string, such as \"SPEAKER_00\"");
    long ms;
    int rc = start_time(r, seg, &ms);
    if (rc) return rc;
    char *speaker = NULL;
    size_t speaker_len = 0, l0, l1, sp;
    const char *t;
    size_t n;
    if (who && who->type == JSON_STRING) {
        if ((rc = clean(r, who, &t, &n))) return rc;
        if (!(speaker = grille_strndup(t, n))) return GRILLE_ENOMEM;
        speaker_len = n;
    }
    if ((rc = clean(r, text, &t, &n))) {
        free(speaker);
        return rc;
    }
    if (!speaker && source_speaker_prefix(t, n, &l0, &l1, &sp))
        rc = source_cue(r->s, t + l0, l1 - l0, ms, t + sp, n - sp);
    else rc = source_cue(r->s, speaker, speaker_len, ms, t, n);
    free(speaker);
    return rc;
}

static int language(json_reader *r, const json_value *root) {
    const json_value *lang = json_get(root, "language");
    if (!lang || lang->type != JSON_STRING) return GRILLE_OK;
    const char *t;
    size_t n;
    int rc = clean(r, lang, &t, &n);
    return rc ? rc : source_add_var(r->s, "langue", t, n);
}

static int transcript(json_reader *r, const json_value *root) {
    const json_value *segs = json_get(root, "segments");
    if (!segs || segs->type != JSON_ARRAY)
        return fail_at(r, segs ? segs : root,
                       "expected a WhisperX or Whisper transcript: a JSON object whose \"segments\" "
                       "is a list of {\"start\": ..., \"text\": ...}");
    int rc = language(r, root);
    for (size_t i = 0; !rc && i < json_array_count(segs); i++) rc = segment(r, json_array_at(segs, i));
    if (!rc) rc = source_cues_done(r->s);
    if (!rc && json_array_count(segs) == 0)
        rc = source_note(r->s, 0, 0, "the transcript has no segment: no speech was recognised");
    if (!rc && r->untimed) {
        unsigned line, col;
        json_line_col(r->data, r->first_untimed->offset, &line, &col);
        rc = source_note(r->s, line, col,
                         "%zu segment(s) without a usable start time (missing, null, NaN or "
                         "negative), the first here: their turns show no time",
                         r->untimed);
    }
    return rc;
}

int source_read_json(source *s, const char *data, size_t len, grille_error *err) {
    grille_error local;
    if (!err) err = &local;
    json_value *root = json_parse(s->name, data ? data : "", data ? len : 0, JSON_ALLOW_NONFINITE, err);
    if (!root) return err->code;
    json_reader r = {s, data, err, {0}, 0, NULL};
    int rc = transcript(&r, root);
    if (rc == GRILLE_ENOMEM) grille_fail(err, GRILLE_ENOMEM, s->name, 0, 0, 0, "out of memory");
    gbuf_free(&r.scratch);
    json_free(root);
    return rc;
}

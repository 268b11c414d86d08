/* check_source_timed.c - the timed readers (WebVTT, SubRip, WhisperX
 * JSON) and the JSON parser under them, through source.h directly. */
#include "testutil.h"
#include "source.h"
#include "json.h"
#include <math.h>

typedef int (*reader_fn)(source *, const char *, size_t, grille_error *);

static void read_ok(source *s, reader_fn fn, const char *data) {
    grille_error err;
    source_init(s, "t");
    int rc = fn(s, data, strlen(data), &err);
    ck_assert_msg(rc == GRILLE_OK, "read failed: %u:%u: %s", err.line, err.column, err.message);
    ck_assert(s->has_turns);
}

/* Reads data (len bytes) expecting an error at line:col. */
static grille_error read_fail(reader_fn fn, const char *data, size_t len, int code, unsigned line, unsigned col) {
    source s;
    grille_error err;
    memset(&err, 0, sizeof err);
    source_init(&s, "bad.x");
    int rc = fn(&s, data, len, &err);
    ck_assert_msg(rc == code, "got %d, not %d: %s", rc, code, err.message);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.file, "bad.x");
    ck_assert_msg(err.line == line && err.column == col, "at %u:%u, not %u:%u: %s", err.line, err.column, line, col,
                  err.message);
    source_free(&s);
    return err;
}

static void text_is(const source *s, const char *expected) {
    ck_assert_uint_eq(s->text.len, strlen(expected));
    ck_assert_msg(memcmp(s->text.data, expected, s->text.len) == 0, "text is\n%.*s\nnot\n%s", (int)s->text.len,
                  s->text.data, expected);
}

static void span_is(const source *s, size_t b, size_t e, const char *expected) {
    ck_assert_msg(b <= e && e <= s->text.len, "span %zu..%zu outside the text", b, e);
    ck_assert_msg(e - b == strlen(expected) && memcmp(s->text.data + b, expected, e - b) == 0,
                  "span is \"%.*s\", not \"%s\"", (int)(e - b), s->text.data + b, expected);
}

/* Turn i: its label ("" for none), its speech and its time. */
static void turn_is(const source *s, size_t i, const char *label, const char *speech, long time_ms) {
    ck_assert_msg(i < s->nturns, "no turn %zu (%zu turns)", i, s->nturns);
    const source_turn *t = &s->turns[i];
    ck_assert(t->label_b0 <= t->label_b1 && t->label_b1 <= t->b0 && t->b0 <= t->b1);
    ck_assert(i == 0 || s->turns[i - 1].b1 < t->label_b0);
    span_is(s, t->label_b0, t->label_b1, label);
    span_is(s, t->b0, t->b1, speech);
    ck_assert_int_eq(t->time_ms, time_ms);
}

static const char *var(const source *s, const char *key) {
    for (size_t i = 0; i < s->nvars; i++)
        if (strcmp(s->keys[i], key) == 0) return s->values[i];
    return NULL;
}

/* ------------------------------------------------------------------ */
/* WebVTT                                                              */

START_TEST(test_vtt_merged) {
    source s;
    read_ok(&s, source_read_vtt,
            "WEBVTT\n\n"
            "00:00:01.000 --> 00:00:02.000\n<v Enquêtrice>Bonjour,\n\n"
            "00:00:02.500 --> 00:00:03.000\n<v Enquêtrice>comment allez-vous ?\n\n"
            "00:00:04.000 --> 00:00:05.000\n<v Marie>Bien.\n");
    text_is(&s, "[00:00:01] Enquêtrice : Bonjour, comment allez-vous ?\n[00:00:04] Marie : Bien.\n");
    ck_assert_uint_eq(s.nturns, 2);
    turn_is(&s, 0, "Enquêtrice", "Bonjour, comment allez-vous ?", 1000);
    turn_is(&s, 1, "Marie", "Bien.", 4000);
    /* worked out by hand: "[00:00:01] " is 11 bytes, "Enquêtrice" 11 */
    ck_assert_uint_eq(s.turns[0].label_b0, 11);
    ck_assert_uint_eq(s.turns[0].label_b1, 22);
    ck_assert_uint_eq(s.turns[0].b0, 25);
    ck_assert_uint_eq(s.turns[0].b1, 54);
    ck_assert_uint_eq(s.turns[1].label_b0, 66);
    ck_assert_uint_eq(s.turns[1].b1, 79);
    ck_assert_uint_eq(s.nnotes, 0);
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_voices_in_one_cue) {
    source s;
    read_ok(&s, source_read_vtt,
            "WEBVTT\n\n00:01:02.000 --> 00:01:05.000\n"
            "<v Paul>Tu viens ?</v> <v.loud Léa>Oui !</v>\n<v Paul>Super.\n");
    text_is(&s, "[00:01:02] Paul : Tu viens ?\n[00:01:02] Léa : Oui !\n[00:01:02] Paul : Super.\n");
    turn_is(&s, 0, "Paul", "Tu viens ?", 62000);
    turn_is(&s, 1, "Léa", "Oui !", 62000);
    turn_is(&s, 2, "Paul", "Super.", 62000);
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_blocks_skipped) {
    source s;
    read_ok(&s, source_read_vtt,
            "WEBVTT - entretien 4\nKind: captions\nLanguage: fr\n\n"
            "REGION\nid:fred\nwidth:40%\n\n"
            "STYLE\n::cue(v[voice=\"Paul\"]) { color: red }\n\n"
            "NOTE\nRelu par C. le 3 mars\n\n"
            "NOTE une ligne\n\n"
            "1\n00:00:01.000 --> 00:00:02.000 region:fred align:left\n<v Paul>Texte.\n\n"
            "NOTE après\n\n");
    text_is(&s, "[00:00:01] Paul : Texte.\n");
    ck_assert_str_eq(var(&s, "langue"), "fr");
    ck_assert_uint_eq(s.nnotes, 0);
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_times) {
    source s;
    /* no hours, an identifier, 100 hours, and (leniently) ',' and no milliseconds */
    read_ok(&s, source_read_vtt,
            "WEBVTT\n\nintro\n01:02.500 --> 01:03.000\n<v A>un\n\n"
            "100:00:00.000 --> 100:00:01.000\n<v B>deux\n\n"
            "00:00:03,250 --> 00:00:04,000\n<v A>trois\n\n"
            "2:03 --> 2:04\n<v B>quatre\n");
    text_is(&s, "[00:01:02] A : un\n[100:00:00] B : deux\n[00:00:03] A : trois\n[00:02:03] B : quatre\n");
    turn_is(&s, 0, "A", "un", 62500);
    turn_is(&s, 1, "B", "deux", 360000000L);
    turn_is(&s, 2, "A", "trois", 3250);
    turn_is(&s, 3, "B", "quatre", 123000);
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_entities) {
    source s;
    read_ok(&s, source_read_vtt,
            "WEBVTT\n\n00:00.000 --> 00:01.000\n"
            "Fish &amp; chips &lt;b&gt; &quot;x&quot; l&apos;a&nbsp;b&lrm;c&rlm;d &#233;t&#xE9; "
            "l&#146;eau &#0; &unknown; & &#x110000; &#123456789;\n");
    text_is(&s, "[00:00:00] Fish & chips <b> \"x\" l'a\xC2\xA0"
                "bcd été l\xE2\x80\x99"
                "eau "
                "\xEF\xBF\xBD &unknown; & \xEF\xBF\xBD &#123456789;\n");
    turn_is(&s, 0, "",
            "Fish & chips <b> \"x\" l'a\xC2\xA0"
            "bcd été l\xE2\x80\x99"
            "eau "
            "\xEF\xBF\xBD &unknown; & \xEF\xBF\xBD &#123456789;",
            0);
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_tags) {
    source s;
    read_ok(&s, source_read_vtt,
            "WEBVTT\n\n00:00.000 --> 00:01.000\n"
            "<c.yellow.bg_blue>Le</c> <i>chat</i> <b>dort</b> <u>ici</u> "
            "<ruby>東京<rt>とうきょう</rt></ruby> <lang en>yes</lang> <foo bar>x</foo>\n"
            "1 < 2 et 3 > 2 <00:00:00.500>fin<00:00.700> <3\n");
    text_is(&s, "[00:00:00] Le chat dort ici 東京とうきょう yes x 1 < 2 et 3 > 2 fin <3\n");
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_line_ends) {
    const char *crlf = "WEBVTT\r\n\r\n00:00:01.000 --> 00:00:02.000\r\n<v A>ligne un\r\nligne deux\r\n\r\n"
                       "00:00:03.000 --> 00:00:04.000\r\n<v B>trois\r\n";
    const char *cr = "WEBVTT\r\r00:00:01.000 --> 00:00:02.000\r<v A>ligne un\rligne deux\r\r"
                     "00:00:03.000 --> 00:00:04.000\r<v B>trois";
    const char *const inputs[] = {crlf, cr};
    for (size_t i = 0; i < 2; i++) {
        source s;
        read_ok(&s, source_read_vtt, inputs[i]);
        text_is(&s, "[00:00:01] A : ligne un ligne deux\n[00:00:03] B : trois\n");
        source_free(&s);
    }
}
END_TEST

START_TEST(test_vtt_prefixes) {
    source s;
    read_ok(&s, source_read_vtt,
            "\xEF\xBB\xBFWEBVTT\n\n"
            "00:00:01.000 --> 00:00:02.000\nSPEAKER_00: Bonjour.\n\n"
            "00:00:02.000 --> 00:00:03.000\n[SPEAKER_01]: Salut.\n\n"
            "00:00:03.000 --> 00:00:04.000\n[SPEAKER_01] Ça va ?\n\n"
            "00:00:04.000 --> 00:00:05.000\nS02: Oui.\n\n"
            "00:00:06.000 --> 00:00:07.000\nLéa : un\n\n"
            "00:00:08.000 --> 00:00:09.000\nLéa : deux\n");
    text_is(&s, "[00:00:01] SPEAKER_00 : Bonjour.\n[00:00:02] SPEAKER_01 : Salut. Ça va ?\n"
                "[00:00:04] S02 : Oui.\n[00:00:06] Léa : un deux\n");
    turn_is(&s, 1, "SPEAKER_01", "Salut. Ça va ?", 2000);
    turn_is(&s, 3, "Léa", "un deux", 6000);
    source_free(&s);
}
END_TEST

/* A blank line inside a cue's text: the rest joins the cue, with a
 * note; text before the first cue is skipped, with a note. */
START_TEST(test_vtt_orphans) {
    source s;
    read_ok(&s, source_read_vtt,
            "WEBVTT\n\nperdu avant\n\n00:00:01.000 --> 00:00:02.000\n<v A>début\n\nsuite\n\nfin\n");
    text_is(&s, "[00:00:01] A : début suite fin\n");
    ck_assert_uint_eq(s.nnotes, 2);
    ck_assert_uint_eq(s.notes[0].line, 3);
    ck_assert_uint_eq(s.notes[1].line, 8);
    ck_assert_ptr_nonnull(strstr(s.notes[1].message, "2 block(s)"));
    source_free(&s);
}
END_TEST

START_TEST(test_vtt_errors) {
    grille_error e;
#define VTT_FAIL(str, code, l, c) read_fail(source_read_vtt, str, sizeof(str) - 1, code, l, c)
    e = VTT_FAIL("WEBVTTX\n", GRILLE_ETRANSCRIPT, 1, 1);
    ck_assert_ptr_nonnull(strstr(e.message, "WEBVTT"));
    VTT_FAIL("", GRILLE_ETRANSCRIPT, 1, 1);
    e = VTT_FAIL("WEBVTT\n\n00:00:01.000 --> 00:00:0x.000\nt\n", GRILLE_ETRANSCRIPT, 3, 25);
    ck_assert_uint_eq(e.byte_offset, 32);
    e = VTT_FAIL("WEBVTT\n\n00:00:01.000 -> 00:00:02.000\nt\n", GRILLE_ETRANSCRIPT, 3, 14);
    ck_assert_ptr_nonnull(strstr(e.message, "\"-->\""));
    e = VTT_FAIL("WEBVTT\n\n00:00:75.000 --> 00:01:00.000\n", GRILLE_ETRANSCRIPT, 3, 7);
    ck_assert_ptr_nonnull(strstr(e.message, "59"));
    VTT_FAIL("WEBVTT\n\n00:01.0000 --> 00:02.000\n", GRILLE_ETRANSCRIPT, 3, 7);
    e = VTT_FAIL("WEBVTT\n\nx\n00:01.000 --> \n", GRILLE_ETRANSCRIPT, 4, 15);
    ck_assert_ptr_nonnull(strstr(e.message, "end time"));
    e = VTT_FAIL("WEBVTT\nKind: captions\n\nNOTE x\n", GRILLE_ETRANSCRIPT, 5, 1);
    ck_assert_uint_eq(e.byte_offset, 30);
    ck_assert_ptr_nonnull(strstr(e.message, "no cue"));
    /* old Mac line ends still count lines */
    e = VTT_FAIL("WEBVTT\r\r00:01.000 --> 00:02.000\rcaf\xC3\xA9 \xE9t\xE9\r", GRILLE_EUTF8, 4, 6);
    ck_assert_uint_eq(e.byte_offset, 38);
    e = VTT_FAIL("WEBVTT\n\n00:01.000 --> 00:02.000\nab\0c\n", GRILLE_ETRANSCRIPT, 4, 3);
    ck_assert_uint_eq(e.byte_offset, 34);
    VTT_FAIL("\xFF\xFEW\0E\0", GRILLE_EUTF8, 1, 1);
#undef VTT_FAIL
}
END_TEST

/* ------------------------------------------------------------------ */
/* SubRip                                                              */

START_TEST(test_srt_basic) {
    source s;
    read_ok(&s, source_read_srt,
            "\xEF\xBB\xBF"
            "1\r\n00:00:01,000 --> 00:00:02,500\r\n"
            "<i>Bonjour</i> <b>à</b> <U>tous</U> <font color=\"#ff0000\">rouge</font> {\\an8}haut "
            "{pas un tag} <br> a < b & c &amp;\r\n\r\n"
            "2\r\n00:00:03.000 --> 00:00:04.000 X1:10 X2:20 Y1:5 Y2:6\r\nfin\r\n");
    text_is(&s, "[00:00:01] Bonjour à tous rouge haut {pas un tag} <br> a < b & c &amp; fin\n");
    turn_is(&s, 0, "", "Bonjour à tous rouge haut {pas un tag} <br> a < b & c &amp; fin", 1000);
    source_free(&s);
}
END_TEST

START_TEST(test_srt_recurring_names) {
    source s;
    read_ok(&s, source_read_srt,
            "1\n00:00:01,000 --> 00:00:03,000\nEnquêtrice : Bonjour Madame.\n\n"
            "2\n00:00:03,500 --> 00:00:05,000\nMme Durand: Bonjour.\nRemarque : je note tout.\n\n"
            "3\n00:00:05,000 --> 00:00:06,000\nEnquêtrice\xC2\xA0: On commence ?\n\n"
            "4\n00:00:06,000 --> 00:00:07,000\nMme Durand: Oui.\nAlors: allons-y.\n\n"
            "5\n00:00:08,000 --> 00:00:09,000\nVous savez, Paris: c'est loin.\n");
    text_is(&s, "[00:00:01] Enquêtrice : Bonjour Madame.\n"
                "[00:00:03] Mme Durand : Bonjour. Remarque : je note tout.\n"
                "[00:00:05] Enquêtrice : On commence ?\n"
                "[00:00:06] Mme Durand : Oui. Alors: allons-y. Vous savez, Paris: c'est loin.\n");
    turn_is(&s, 0, "Enquêtrice", "Bonjour Madame.", 1000);
    turn_is(&s, 1, "Mme Durand", "Bonjour. Remarque : je note tout.", 3500);
    turn_is(&s, 2, "Enquêtrice", "On commence ?", 5000);
    turn_is(&s, 3, "Mme Durand", "Oui. Alors: allons-y. Vous savez, Paris: c'est loin.", 6000);
    source_free(&s);
}
END_TEST

START_TEST(test_srt_name_once_stays_text) {
    source s;
    read_ok(&s, source_read_srt,
            "1\n00:00:01,000 --> 00:00:02,000\nPaul: bonjour\n\n"
            "2\n00:00:02,000 --> 00:00:03,000\nMarie: salut\n");
    text_is(&s, "[00:00:01] Paul: bonjour Marie: salut\n");
    turn_is(&s, 0, "", "Paul: bonjour Marie: salut", 1000);
    ck_assert_uint_eq(s.turns[0].label_b0, 11);
    ck_assert_uint_eq(s.turns[0].b0, 11);
    source_free(&s);
}
END_TEST

START_TEST(test_srt_speakers_in_one_cue) {
    source s;
    read_ok(&s, source_read_srt,
            "1\n00:00:01,000 --> 00:00:02,000\n[SPEAKER_00]: Tu viens ?\nSPEAKER_01: Oui.\n\n"
            "2\n01:00:00,000 --> 01:00:02,000\nmais plus tard\n");
    text_is(&s, "[00:00:01] SPEAKER_00 : Tu viens ?\n[00:00:01] SPEAKER_01 : Oui. mais plus tard\n");
    turn_is(&s, 1, "SPEAKER_01", "Oui. mais plus tard", 1000);
    source_free(&s);
}
END_TEST

/* No blank lines between cues, no numbers, a lone number at the end. */
START_TEST(test_srt_loose) {
    source s;
    read_ok(&s, source_read_srt,
            "00:00:01,000 --> 00:00:02,000\nun\n2\n00:00:02,000 --> 00:00:03,000\ndeux\n"
            "00:00:03,000 --> 00:00:04,000\n42\ntrois\n\n\n\n4\n");
    text_is(&s, "[00:00:01] un deux 42 trois\n");
    ck_assert_uint_eq(s.nnotes, 1);
    ck_assert_uint_eq(s.notes[0].line, 12);
    source_free(&s);
}
END_TEST

START_TEST(test_srt_errors) {
    grille_error e;
#define SRT_FAIL(str, code, l, c) read_fail(source_read_srt, str, sizeof(str) - 1, code, l, c)
    SRT_FAIL("1\n00:00:01,000 --> 00:00:02;000\nx\n", GRILLE_ETRANSCRIPT, 2, 26);
    e = SRT_FAIL("1\n00:00:01,000 --> \nx\n", GRILLE_ETRANSCRIPT, 2, 18);
    ck_assert_ptr_nonnull(strstr(e.message, "00:01:02,500"));
    SRT_FAIL("1\n0:00:01 00:00:02\nx\n", GRILLE_ETRANSCRIPT, 2, 9);
    e = SRT_FAIL("", GRILLE_ETRANSCRIPT, 1, 1);
    ck_assert_ptr_nonnull(strstr(e.message, "no subtitle"));
    SRT_FAIL("hello\nworld\n", GRILLE_ETRANSCRIPT, 3, 1);
    SRT_FAIL("1\n00:00:01,000 --> 00:00:02,000\n\xC3\n", GRILLE_EUTF8, 3, 1);
#undef SRT_FAIL
}
END_TEST

/* A 8 MB cue on one line, and markup that could make a careless
 * scanner quadratic: all must come back quickly. */
START_TEST(test_huge_lines) {
    size_t n = (size_t)8 << 20;
    const char *head = "WEBVTT\n\n00:00:01.000 --> 00:00:02.000\n";
    const char *const fills[] = {"a", "<1", "<a", "&#", "</", "&am"};
    for (size_t f = 0; f < sizeof fills / sizeof fills[0]; f++) {
        size_t h = strlen(head), k = strlen(fills[f]);
        char *data = malloc(h + n + 1);
        ck_assert_ptr_nonnull(data);
        memcpy(data, head, h);
        for (size_t i = 0; i < n; i++) data[h + i] = fills[f][i % k];
        data[h + n] = '>';
        source s;
        grille_error err;
        source_init(&s, "big.vtt");
        ck_assert_int_eq(source_read_vtt(&s, data, h + n + 1, &err), GRILLE_OK);
        source_free(&s);
        source_init(&s, "big.srt");
        ck_assert_int_eq(source_read_srt(&s, data + 8, h + n + 1 - 8, &err), GRILLE_OK);
        source_free(&s);
        free(data);
    }
}
END_TEST

/* ------------------------------------------------------------------ */
/* the JSON parser                                                     */

static json_value *parse(const char *text, unsigned flags) {
    grille_error err;
    json_value *v = json_parse("t.json", text, strlen(text), flags, &err);
    ck_assert_msg(v != NULL, "parse failed: %u:%u: %s", err.line, err.column, err.message);
    return v;
}

static grille_error parse_fail(const char *text, size_t len, int code, unsigned line, unsigned col) {
    grille_error err;
    memset(&err, 0, sizeof err);
    json_value *v = json_parse("t.json", text, len, 0, &err);
    ck_assert_ptr_null(v);
    ck_assert_int_eq(err.code, code);
    ck_assert_str_eq(err.file, "t.json");
    ck_assert_msg(err.line == line && err.column == col, "at %u:%u, not %u:%u: %s", err.line, err.column, line, col,
                  err.message);
    return err;
}
#define JSON_FAIL(str, code, l, c) parse_fail(str, sizeof(str) - 1, code, l, c)

START_TEST(test_json_strings) {
    json_value *v = parse("[\"a\\\"b\\\\c\\/d\\b\\f\\n\\r\\t\\u00e9\\u20AC\", \"\\ud83d\\ude00\", "
                          "\"\\u0000x\", \"\", \"déjà\"]",
                          0);
    ck_assert_int_eq(v->type, JSON_ARRAY);
    ck_assert_uint_eq(json_array_count(v), 5);
    const json_value *s = json_array_at(v, 0);
    ck_assert_int_eq(s->type, JSON_STRING);
    ck_assert_uint_eq(s->u.string.len, 17);
    ck_assert(memcmp(s->u.string.data, "a\"b\\c/d\b\f\n\r\té€", 18) == 0);
    ck_assert_str_eq(json_array_at(v, 1)->u.string.data, "\xF0\x9F\x98\x80");
    s = json_array_at(v, 2);
    ck_assert_uint_eq(s->u.string.len, 2);
    ck_assert(s->u.string.data[0] == '\0' && s->u.string.data[1] == 'x');
    ck_assert_str_eq(json_array_at(v, 3)->u.string.data, "");
    ck_assert_str_eq(json_array_at(v, 4)->u.string.data, "déjà");
    ck_assert_ptr_null(json_array_at(v, 5));
    json_free(v);
}
END_TEST

START_TEST(test_json_string_errors) {
    grille_error e = JSON_FAIL("\"\\ud83d x\"", GRILLE_ETRANSCRIPT, 1, 2);
    ck_assert_ptr_nonnull(strstr(e.message, "surrogate"));
    JSON_FAIL("\"\\ude00\"", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("\"\\ud83d\\u0041\"", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("\"a\tb\"", GRILLE_ETRANSCRIPT, 1, 3);
    e = JSON_FAIL("[\"a\nb\"]", GRILLE_ETRANSCRIPT, 1, 4);
    ck_assert_ptr_nonnull(strstr(e.message, "line break"));
    e = JSON_FAIL("[\"abc", GRILLE_ETRANSCRIPT, 1, 2);
    ck_assert_ptr_nonnull(strstr(e.message, "never closed"));
    JSON_FAIL("\"\\x\"", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("\"\\u12G4\"", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("\"\\u12", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("\"\\", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("[\"\xC3(\"]", GRILLE_EUTF8, 1, 3);
}
END_TEST

START_TEST(test_json_numbers) {
    json_value *v = parse("[0, -0, 1.5e3, -2.25E-2, 123456789012345678901234567890, 0.000001, 1E+2]", 0);
    double want[] = {0, -0.0, 1500, -0.0225, 123456789012345678901234567890.0, 1e-6, 100};
    for (size_t i = 0; i < 7; i++) {
        ck_assert_int_eq(json_array_at(v, i)->type, JSON_NUMBER);
        ck_assert_msg(json_array_at(v, i)->u.number == want[i], "item %zu is %.17g", i, json_array_at(v, i)->u.number);
    }
    ck_assert(signbit(json_array_at(v, 1)->u.number));
    json_free(v);
    /* more digits than kept: the dropped ones still count in the exponent */
    char big[1200];
    memset(big, '0', sizeof big);
    big[0] = '1';
    memcpy(big + 1001, "e-1000", 7);
    v = parse(big, 0);
    ck_assert(v->u.number == 1.0);
    json_free(v);
    memset(big, '0', sizeof big);
    memcpy(big, "0.", 2);
    memcpy(big + 1100, "1", 2);
    v = parse(big, 0);
    ck_assert(v->u.number == 0.0);
    json_free(v);
    JSON_FAIL("1e400", GRILLE_ETRANSCRIPT, 1, 1);
    JSON_FAIL("[01]", GRILLE_ETRANSCRIPT, 1, 3);
    JSON_FAIL("1.", GRILLE_ETRANSCRIPT, 1, 3);
    JSON_FAIL("-", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL(".5", GRILLE_ETRANSCRIPT, 1, 1);
    JSON_FAIL("1e", GRILLE_ETRANSCRIPT, 1, 3);
    JSON_FAIL("+1", GRILLE_ETRANSCRIPT, 1, 1);
    grille_error e = JSON_FAIL("[NaN]", GRILLE_ETRANSCRIPT, 1, 2);
    ck_assert_ptr_nonnull(strstr(e.message, "NaN"));
    v = parse("[NaN, Infinity, -Infinity]", JSON_ALLOW_NONFINITE);
    ck_assert(isnan(json_array_at(v, 0)->u.number));
    ck_assert(isinf(json_array_at(v, 1)->u.number) && json_array_at(v, 1)->u.number > 0);
    ck_assert(isinf(json_array_at(v, 2)->u.number) && json_array_at(v, 2)->u.number < 0);
    json_free(v);
}
END_TEST

START_TEST(test_json_structure) {
    json_value *v = parse(" {\"a\" : 1, \"b\":[true,false,null,{}], \"a\":2, \"\":\"vide\"} ", 0);
    ck_assert_int_eq(v->type, JSON_OBJECT);
    ck_assert_uint_eq(v->u.object.count, 4);
    ck_assert_str_eq(v->u.object.members[1].key, "b");
    ck_assert(json_get(v, "a")->u.number == 2); /* the last of duplicates */
    const json_value *b = json_get(v, "b");
    ck_assert_uint_eq(json_array_count(b), 4);
    ck_assert(json_array_at(b, 0)->type == JSON_BOOL && json_array_at(b, 0)->u.boolean);
    ck_assert(json_array_at(b, 1)->type == JSON_BOOL && !json_array_at(b, 1)->u.boolean);
    ck_assert_int_eq(json_array_at(b, 2)->type, JSON_NULL);
    ck_assert_int_eq(json_array_at(b, 3)->type, JSON_OBJECT);
    ck_assert_uint_eq(b->offset, 15);
    ck_assert_str_eq(json_get(v, "")->u.string.data, "vide");
    ck_assert_ptr_null(json_get(v, "c"));
    ck_assert_ptr_null(json_get(b, "a"));
    ck_assert_ptr_null(json_get(NULL, "a"));
    ck_assert_uint_eq(json_array_count(v), 0);
    json_free(v);
    json_free(NULL);
    v = parse("\xEF\xBB\xBF[1]", 0);
    json_free(v);
}
END_TEST

START_TEST(test_json_syntax_errors) {
    JSON_FAIL("", GRILLE_ETRANSCRIPT, 1, 1);
    JSON_FAIL("   ", GRILLE_ETRANSCRIPT, 1, 4);
    JSON_FAIL("{} x", GRILLE_ETRANSCRIPT, 1, 4);
    JSON_FAIL("[1,]", GRILLE_ETRANSCRIPT, 1, 4);
    JSON_FAIL("{\"a\":1,}", GRILLE_ETRANSCRIPT, 1, 8);
    JSON_FAIL("{\"a\" 1}", GRILLE_ETRANSCRIPT, 1, 6);
    JSON_FAIL("{1:2}", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("[1 2]", GRILLE_ETRANSCRIPT, 1, 4);
    JSON_FAIL("[1", GRILLE_ETRANSCRIPT, 1, 3);
    JSON_FAIL("tru", GRILLE_ETRANSCRIPT, 1, 1);
    JSON_FAIL("[\r\n1,\r\n@]", GRILLE_ETRANSCRIPT, 3, 1);
    JSON_FAIL("[\r1,\r\r@]", GRILLE_ETRANSCRIPT, 4, 1);
    JSON_FAIL("\xEF\xBB\xBF[x]", GRILLE_ETRANSCRIPT, 1, 2);
    JSON_FAIL("[1]\0", GRILLE_ETRANSCRIPT, 1, 4);
}
END_TEST

START_TEST(test_json_depth) {
    char deep[2 * (JSON_MAX_DEPTH + 1) + 1];
    size_t d = JSON_MAX_DEPTH;
    memset(deep, '[', d);
    memset(deep + d, ']', d);
    deep[2 * d] = '\0';
    json_value *v = parse(deep, 0);
    json_free(v);
    memset(deep, '[', d + 1);
    memset(deep + d + 1, ']', d + 1);
    grille_error e = parse_fail(deep, 2 * (d + 1), GRILLE_ELIMIT, 1, (unsigned)d + 1);
    ck_assert_ptr_nonnull(strstr(e.message, "256"));
    /* objects count as levels too, and a deep unclosed input fails cleanly */
    char *objs = malloc(100001);
    for (size_t i = 0; i < 100000; i++) objs[i] = i % 2 ? '[' : '{';
    objs[100000] = '\0';
    parse_fail(objs, 100000, GRILLE_ETRANSCRIPT, 1, 2);
    for (size_t i = 0; i < 100000; i += 6) memcpy(objs + i, "{\"a\":[", i + 6 <= 100000 ? 6 : 100000 - i);
    parse_fail(objs, 100000, GRILLE_ELIMIT, 1, 769);
    free(objs);
}
END_TEST

/* ------------------------------------------------------------------ */
/* WhisperX and Whisper JSON                                           */

START_TEST(test_whisperx) {
    source s;
    read_ok(&s, source_read_json,
            "{\"segments\": [{\"start\": 0.031, \"end\": 2.5, \"text\": \" Bonjour, je m'appelle "
            "\\u00c9milie.\", \"words\": [{\"word\": \"Bonjour,\", \"start\": 0.031, \"end\": 0.4, "
            "\"score\": 0.9, \"speaker\": \"SPEAKER_00\"}], \"speaker\": \"SPEAKER_00\"},\n"
            " {\"start\": 2.6, \"end\": 3.0, \"text\": \" Et vous ?\", \"speaker\": \"SPEAKER_00\"},\n"
            " {\"start\": 3725.4996, \"end\": 3726.0, \"text\": \" Moi, \\ud83d\\ude00 Paul.\", "
            "\"speaker\": \"SPEAKER_01\"},\n"
            " {\"start\": NaN, \"end\": NaN, \"text\": \" hmm\", \"chars\": null}],\n"
            " \"word_segments\": [{\"word\": \"Bonjour,\", \"start\": 0.031}], \"language\": \"fr\"}");
    text_is(&s, "[00:00:00] SPEAKER_00 : Bonjour, je m'appelle Émilie. Et vous ?\n"
                "[01:02:05] SPEAKER_01 : Moi, \xF0\x9F\x98\x80 Paul.\nhmm\n");
    ck_assert_uint_eq(s.nturns, 3);
    turn_is(&s, 0, "SPEAKER_00", "Bonjour, je m'appelle Émilie. Et vous ?", 31);
    turn_is(&s, 1, "SPEAKER_01", "Moi, \xF0\x9F\x98\x80 Paul.", 3725500);
    turn_is(&s, 2, "", "hmm", -1);
    ck_assert_str_eq(var(&s, "langue"), "fr");
    ck_assert_uint_eq(s.nnotes, 1);
    ck_assert_uint_eq(s.notes[0].line, 4);
    ck_assert_uint_eq(s.notes[0].column, 2);
    source_free(&s);
}
END_TEST

START_TEST(test_whisper_without_speakers) {
    source s;
    read_ok(&s, source_read_json,
            "{\"text\": \" Bonjour. Au revoir.\", \"segments\": [{\"id\": 0, \"seek\": 0, \"start\": 0.0, "
            "\"end\": 2.0, \"text\": \" Bonjour.\", \"tokens\": [50364, 1], \"temperature\": 0.0, "
            "\"avg_logprob\": -0.25, \"compression_ratio\": 1.1, \"no_speech_prob\": 0.01}, "
            "{\"id\": 1, \"seek\": 0, \"start\": 2.0, \"end\": 3.5, \"text\": \" Au revoir.\"}, "
            "{\"start\": 4, \"text\": \"[SPEAKER_03]: préfixe\\u0007ici\", \"speaker\": null}], "
            "\"language\": \"fr\"}");
    text_is(&s, "[00:00:00] Bonjour. Au revoir.\n[00:00:04] SPEAKER_03 : préfixe ici\n");
    turn_is(&s, 0, "", "Bonjour. Au revoir.", 0);
    turn_is(&s, 1, "SPEAKER_03", "préfixe ici", 4000);
    ck_assert_uint_eq(s.nnotes, 0);
    source_free(&s);
    read_ok(&s, source_read_json, "{\"segments\": []}");
    ck_assert_uint_eq(s.text.len, 0);
    ck_assert_uint_eq(s.nturns, 0);
    ck_assert_uint_eq(s.nnotes, 1);
    source_free(&s);
}
END_TEST

START_TEST(test_json_not_transcript) {
    grille_error e;
#define JS_FAIL(str, code, l, c) read_fail(source_read_json, str, sizeof(str) - 1, code, l, c)
    e = JS_FAIL("{\"foo\": 1}", GRILLE_ETRANSCRIPT, 1, 1);
    ck_assert_ptr_nonnull(strstr(e.message, "\"segments\""));
    JS_FAIL("[1, 2]", GRILLE_ETRANSCRIPT, 1, 1);
    JS_FAIL("{\n  \"segments\": {}}", GRILLE_ETRANSCRIPT, 2, 15);
    JS_FAIL("{\"segments\": [42]}", GRILLE_ETRANSCRIPT, 1, 15);
    e = JS_FAIL("{\"segments\": [{\"start\": 1}]}", GRILLE_ETRANSCRIPT, 1, 15);
    ck_assert_ptr_nonnull(strstr(e.message, "\"text\""));
    JS_FAIL("{\"segments\": [{\"start\": \"1\", \"text\": \"a\"}]}", GRILLE_ETRANSCRIPT, 1, 25);
    JS_FAIL("{\"segments\": [{\"speaker\": 3, \"text\": \"a\"}]}", GRILLE_ETRANSCRIPT, 1, 27);
    JS_FAIL("{\"segments\": [}", GRILLE_ETRANSCRIPT, 1, 15);
    JS_FAIL("{\"segments\": [\"\xFF\"]}", GRILLE_EUTF8, 1, 16);
#undef JS_FAIL
    /* no err to fill still gives the code */
    source s;
    source_init(&s, "x");
    ck_assert_int_eq(source_read_json(&s, "[", 1, NULL), GRILLE_ETRANSCRIPT);
    ck_assert_int_eq(source_read_vtt(&s, "x", 1, NULL), GRILLE_ETRANSCRIPT);
    source_free(&s);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("source_timed");
    TCase *tc = tcase_create("vtt");
    tcase_add_test(tc, test_vtt_merged);
    tcase_add_test(tc, test_vtt_voices_in_one_cue);
    tcase_add_test(tc, test_vtt_blocks_skipped);
    tcase_add_test(tc, test_vtt_times);
    tcase_add_test(tc, test_vtt_entities);
    tcase_add_test(tc, test_vtt_tags);
    tcase_add_test(tc, test_vtt_line_ends);
    tcase_add_test(tc, test_vtt_prefixes);
    tcase_add_test(tc, test_vtt_orphans);
    tcase_add_test(tc, test_vtt_errors);
    suite_add_tcase(s, tc);
    tc = tcase_create("srt");
    tcase_add_test(tc, test_srt_basic);
    tcase_add_test(tc, test_srt_recurring_names);
    tcase_add_test(tc, test_srt_name_once_stays_text);
    tcase_add_test(tc, test_srt_speakers_in_one_cue);
    tcase_add_test(tc, test_srt_loose);
    tcase_add_test(tc, test_srt_errors);
    tcase_add_test(tc, test_huge_lines);
    tcase_set_timeout(tc, 120);
    suite_add_tcase(s, tc);
    tc = tcase_create("json");
    tcase_add_test(tc, test_json_strings);
    tcase_add_test(tc, test_json_string_errors);
    tcase_add_test(tc, test_json_numbers);
    tcase_add_test(tc, test_json_structure);
    tcase_add_test(tc, test_json_syntax_errors);
    tcase_add_test(tc, test_json_depth);
    tcase_add_test(tc, test_whisperx);
    tcase_add_test(tc, test_whisper_without_speakers);
    tcase_add_test(tc, test_json_not_transcript);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(suite)

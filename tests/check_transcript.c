/* check_transcript.c - headers, turns, units, offsets, errors. */
#include "testutil.h"
#include "document.h"
#include "simd.h"
#include <unistd.h> /* close */

START_TEST(test_front_matter) {
    grille_document *d = doc_from("---\ntitre: Entretien 1\ntype: EI\nInterviewers: \"Enquêtrice\"\n---\n"
                                  "Enquêtrice : Bonjour.\nCoordinatrice : Bonjour !\n");
    ck_assert_uint_eq(grille_document_variable_count(d), 3);
    ck_assert_str_eq(grille_document_variable_lookup(d, "titre"), "Entretien 1");
    ck_assert_str_eq(grille_document_variable_lookup(d, "type"), "EI");
    /* keys are lower-cased, quotes dropped */
    ck_assert_str_eq(grille_document_variable_lookup(d, "interviewers"), "Enquêtrice");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_str_eq(grille_document_turn_speaker(d, 0), "Enquêtrice");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Coordinatrice");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 1);
    ck_assert_str_eq(t, "Bonjour !");
    free(t);
    grille_document_free(d);
}
END_TEST

START_TEST(test_star_line) {
    grille_document *d = doc_from("**** *type_EI *territoire_rural_nord *anonyme\nE : Question ?\nR : Réponse.\n");
    ck_assert_str_eq(grille_document_variable_lookup(d, "type"), "EI");
    ck_assert_str_eq(grille_document_variable_lookup(d, "territoire"), "rural_nord");
    ck_assert_str_eq(grille_document_variable_lookup(d, "anonyme"), "");
    /* E is an interviewer by default, R is not */
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    grille_document_free(d);
}
END_TEST

START_TEST(test_label_variants) {
    grille_document *d = doc_from("[00:12:31] Coordinatrice : un\n"
                                  "**Q :** deux\n"
                                  "**Coordinatrice** : trois\n"
                                  "suite du tour\n"
                                  "Q\xC2\xA0: quatre\n" /* NBSP before the colon */
                                  "C2 : cinq\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 5);
    ck_assert_str_eq(grille_document_turn_speaker(d, 0), "Coordinatrice");
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Q");
    ck_assert_str_eq(grille_document_turn_speaker(d, 2), "Coordinatrice");
    ck_assert_str_eq(grille_document_turn_speaker(d, 3), "Q");
    ck_assert_str_eq(grille_document_turn_speaker(d, 4), "C2");
    char *t = unit_text(d, GRILLE_UNIT_TURN, 0);
    ck_assert_str_eq(t, "un");
    free(t);
    t = unit_text(d, GRILLE_UNIT_TURN, 2);
    ck_assert_str_eq(t, "trois\nsuite du tour");
    free(t);
    /* two paragraphs in that turn */
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_PARAGRAPH), 6);
    grille_document_free(d);
}
END_TEST

START_TEST(test_more_labels) {
    /* interviewer labels typed without accents; __Name__ markup */
    grille_document *d = doc_from("Enqueteur : question ?\n__Paul__ : réponse.\n---\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Paul");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    grille_document_free(d);
    /* variables are found whatever the case of the key asked for */
    d = doc_from("---\nType: EI\n---\nR : x\n");
    ck_assert_str_eq(grille_document_variable_lookup(d, "TYPE"), "EI");
    ck_assert_ptr_null(grille_document_variable_lookup(d, "typ"));
    grille_document_free(d);
}
END_TEST

START_TEST(test_not_labels) {
    /* "Je lui dis :" appears once: speech, not a speaker; times and URLs
     * are not labels either */
    grille_document *d = doc_from("Coordinatrice : oui.\nJe lui dis : non.\n10:30 : réunion\n"
                                  "voir http://example.org\nEnquêtrice : et alors ?\nCoordinatrice : voilà.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 3);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 0);
    ck_assert_str_eq(t, "oui.\nJe lui dis : non.\n10:30 : réunion\nvoir http://example.org");
    free(t);
    grille_document_free(d);
}
END_TEST

START_TEST(test_turns_none) {
    grille_document *d = doc_from("---\nturns: none\n---\nObjectif : produire.\nContexte : crise.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 1);
    ck_assert_str_eq(grille_document_turn_speaker(d, 0), "");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 0);
    grille_document_free(d);
}
END_TEST

START_TEST(test_interviewer_option) {
    grille_error err;
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.interviewers = "Marie";
    o.id = "doc-1";
    const char *text = "Marie : question ?\nPaul : réponse.\nMarie : merci.\n";
    grille_document *d = grille_document_parse("x.txt", text, strlen(text), &o, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(grille_document_id(d), "doc-1");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    grille_document_free(d);
}
END_TEST

START_TEST(test_sentences) {
    grille_document *d =
        doc_from("R : M. Dupont et Mme Martin, cf. page 3, etc. sont là. Ensuite ? Oui ! R. Bachelot.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_SENTENCE), 4);
    char *t = unit_text(d, GRILLE_UNIT_SENTENCE, 0);
    ck_assert_str_eq(t, "M. Dupont et Mme Martin, cf. page 3, etc. sont là.");
    free(t);
    t = unit_text(d, GRILLE_UNIT_SENTENCE, 3);
    ck_assert_str_eq(t, "R. Bachelot.");
    free(t);
    grille_document_free(d);
}
END_TEST

START_TEST(test_offsets) {
    /* BOM (3 bytes, 1 code point) and accents before the unit */
    const char *text = "\xEF\xBB\xBF---\ntitre: été\n---\nÉlu : très bien.\n";
    grille_document *d = doc_from(text);
    grille_unit u;
    ck_assert_int_eq(grille_document_unit_get(d, GRILLE_UNIT_SENTENCE, 0, &u), GRILLE_OK);
    const char *at = strstr(text, "très");
    ck_assert_uint_eq(u.span.byte_start, (size_t)(at - text));
    /* code points: BOM 1, "---\n" 4, "titre: été\n" 11, "---\n" 4, "Élu : " 6 */
    ck_assert_uint_eq(u.span.cp_start, 26);
    ck_assert_uint_eq(u.span.cp_end, 26 + 10);
    ck_assert_uint_eq(u.span.line, 4);
    grille_document_free(d);
}
END_TEST

START_TEST(test_crlf_and_empty) {
    grille_document *d = doc_from("A : un.\r\nB : deux.\r\nA : trois.\r\nB : quatre.\r\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 0);
    ck_assert_str_eq(t, "un.");
    free(t);
    grille_document_free(d);
    d = doc_from("");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_SENTENCE), 0);
    grille_document_free(d);
    d = doc_from("\n\n   \n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_PARAGRAPH), 0);
    grille_document_free(d);
}
END_TEST

START_TEST(test_bad_utf8) {
    grille_error err;
    /* bytes that are not UTF-8 but read as French in Windows-1252 are
     * converted, with a warning that names the file and the line */
    const char *text = "A : bonjour\nB : \xE9t\xE9 \x9C"
                       "uvre\n";
    grille_document *d = grille_document_parse("latin1.txt", text, strlen(text), NULL, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(grille_document_format(d), "Windows-1252");
    const grille_error *w = find_warning(d, "read as Windows-1252");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->file, "latin1.txt");
    ck_assert_uint_eq(w->line, 2);
    ck_assert_ptr_nonnull(strstr(w->message, "Windows-1252"));
    char *t = unit_text(d, GRILLE_UNIT_TURN, 1);
    ck_assert_str_eq(t, "été œuvre");
    free(t);
    grille_document_free(d);
    /* a control byte is not French in any encoding: an error naming the
     * first byte that is not UTF-8 */
    text = "A : bonjour\nB : \xE9t\xE9\x81\n";
    d = grille_document_parse("latin1.txt", text, strlen(text), NULL, &err);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, GRILLE_EUTF8);
    ck_assert_str_eq(err.file, "latin1.txt");
    ck_assert_uint_eq(err.line, 2);
    ck_assert_uint_eq(err.column, 5);
    ck_assert_uint_eq(err.byte_offset, 16);
    ck_assert_ptr_nonnull(strstr(err.message, "0xE9"));
    /* a UTF-8 file with one damaged byte is not taken for Windows-1252 */
    text = "A : \xC3\xA9t\xC3\xA9 d\xC3\xA9j\xC3\xA0 \xE9\n";
    d = grille_document_parse("damaged.txt", text, strlen(text), NULL, &err);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, GRILLE_EUTF8);
    ck_assert_uint_eq(err.byte_offset, 17);
    /* --encoding decides */
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.encoding = "iso-8859-15";
    text = "B : \xA4uro\n";
    d = grille_document_parse("l9.txt", text, strlen(text), &o, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_null(find_warning(d, "read as"));
    t = unit_text(d, GRILLE_UNIT_TURN, 0);
    ck_assert_str_eq(t, "€uro");
    free(t);
    grille_document_free(d);
    o.encoding = "klingon-8";
    ck_assert_ptr_null(grille_document_parse("k.txt", text, strlen(text), &o, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "unknown encoding 'klingon-8'"));
}
END_TEST

START_TEST(test_utf16) {
    /* Word's "Unicode text": UTF-16LE with a BOM and CRLF; positions
     * count in the UTF-8 text, whose code points are the file's */
    static const char le[] = "\xFF\xFE"
                             "E\0 \0:\0 \0Q\0?\0\r\0\n\0R\0 \0:\0 \0\xE9\0t\0\xE9\0\r\0\n\0";
    grille_error err;
    grille_document *d = grille_document_parse("u16.txt", le, sizeof le - 1, NULL, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(grille_document_format(d), "UTF-16LE");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "R");
    char *t = unit_text(d, GRILLE_UNIT_TURN, 1);
    ck_assert_str_eq(t, "été");
    free(t);
    grille_unit u;
    grille_document_unit_get(d, GRILLE_UNIT_TURN, 1, &u);
    ck_assert_uint_eq(u.span.cp_start, 12);
    ck_assert_ptr_null(find_warning(d, "read as"));
    grille_document_free(d);
    /* big-endian, and without a BOM (guessed, with a warning) */
    static const char be[] = "\xFE\xFF\0E\0 \0:\0 \0x\0\n";
    d = grille_document_parse("be.txt", be, sizeof be - 1, NULL, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(grille_document_format(d), "UTF-16BE");
    grille_document_free(d);
    d = grille_document_parse("nobom.txt", le + 2, sizeof le - 3, NULL, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_ptr_nonnull(find_warning(d, "read as UTF-16LE"));
    grille_document_free(d);
    /* a lone surrogate is an error, not a silent U+FFFD */
    static const char bad[] = "\xFF\xFE"
                              "A\0\x00\xD8"
                              "B\0";
    ck_assert_ptr_null(grille_document_parse("bad16.txt", bad, sizeof bad - 1, NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EUTF8);
}
END_TEST

START_TEST(test_line_ends_and_mojibake) {
    /* CR alone (old Mac files): lines still end, offsets do not move */
    const char *text = "---\rtype: EI\r---\rEnquêtrice : Question ?\rCoordinatrice : Réponse.\r";
    grille_document *d = doc_from(text);
    ck_assert_str_eq(grille_document_variable_lookup(d, "type"), "EI");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_uint_eq(grille_document_size(d), strlen(text));
    grille_document_free(d);
    /* UTF-8 read as Windows-1252 and saved again: a warning from three
     * places on, for either pattern (é as Ã©, ’ as â€™), at the very
     * start and end of the text too; not for two, nor for the plain
     * accents around them */
    static const struct {
        const char *text;
        int warns;
    } twice[] = {
        {"A : Ã©tÃ© dÃ©jÃ  lÃ \nB : oui\nA : non\n", 1},
        {"A : lâ€™été, lâ€™eau, câ€™est\n", 1},
        {"â€™tÃ© Ã©", 1},
        {"A : Ã©tÃ©, été, lâ, ’, Ãƒ\n", 0},
    };
    for (size_t i = 0; i < sizeof twice / sizeof twice[0]; i++) {
        d = doc_from(twice[i].text);
        ck_assert_msg((find_warning(d, "encoded twice") != NULL) == twice[i].warns, "%s", twice[i].text);
        grille_document_free(d);
    }
    /* NFD text (macOS): the interviewer label is still recognised */
    d = doc_from("Enque\xCC\x82trice : Question ?\nCoordinatrice : Re\xCC\x81ponse.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    grille_document_free(d);
}
END_TEST

START_TEST(test_unclosed_header) {
    grille_error err;
    const char *text = "---\ntitre: x\nA : bonjour\n";
    grille_document *d = grille_document_parse("h.txt", text, strlen(text), NULL, &err);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, GRILLE_ETRANSCRIPT);
    ck_assert_uint_eq(err.line, 3);
    text = "---\ntitre: x\n---\n";
    d = grille_document_parse("h.txt", text, strlen(text), NULL, &err);
    ck_assert_ptr_nonnull(d);
    grille_document_free(d);
    /* a Markdown rule at the top, not followed by key: value lines, is
     * not a header: the text after it is read */
    text = "---\nEnquêtrice : Bonjour.\nCoordinatrice : Bonjour !\n";
    d = grille_document_parse("h.txt", text, strlen(text), NULL, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_eq(grille_document_variable_count(d), 0);
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Coordinatrice");
    grille_document_free(d);
}
END_TEST

START_TEST(test_nul_byte) {
    grille_error err;
    grille_document *d = grille_document_parse("u16.txt", "A\0B", 3, NULL, &err);
    ck_assert_ptr_null(d);
    ck_assert_int_eq(err.code, GRILLE_ETRANSCRIPT);
    ck_assert_uint_eq(err.column, 2);
}
END_TEST

START_TEST(test_chunked) {
    /* fed one byte at a time, every multi-byte character is split */
    const char *text = "---\ntype: EI\n---\nEnquêtrice : Qu’en dites-vous ?\nCoordinatrice : Les élu·es, l’ARS…\n";
    grille_reader *r = grille_reader_new("chunks.txt", NULL);
    ck_assert_ptr_nonnull(r);
    grille_error err;
    for (size_t i = 0; text[i]; i++) ck_assert_int_eq(grille_reader_feed(r, text + i, 1, &err), GRILLE_OK);
    grille_document *a = grille_reader_finish(r, &err);
    grille_reader_free(r);
    ck_assert_ptr_nonnull(a);
    grille_document *b = doc_from(text);
    ck_assert_uint_eq(grille_document_size(a), grille_document_size(b));
    ck_assert_uint_eq(grille_document_unit_count(a, GRILLE_UNIT_SENTENCE),
                      grille_document_unit_count(b, GRILLE_UNIT_SENTENCE));
    for (size_t i = 0; i < grille_document_unit_count(a, GRILLE_UNIT_SENTENCE); i++) {
        grille_unit ua, ub;
        grille_document_unit_get(a, GRILLE_UNIT_SENTENCE, i, &ua);
        grille_document_unit_get(b, GRILLE_UNIT_SENTENCE, i, &ub);
        ck_assert_uint_eq(ua.span.cp_start, ub.span.cp_start);
        ck_assert_uint_eq(ua.span.byte_end, ub.span.byte_end);
    }
    ck_assert_str_eq(grille_document_variable_lookup(a, "type"), "EI");
    grille_document_free(a);
    grille_document_free(b);
    /* a chunked feed that ends inside a character is an error at finish */
    r = grille_reader_new("cut.txt", NULL);
    grille_reader_feed(r, "A : \xC3\xA9t\xC3", 8, &err);
    a = grille_reader_finish(r, &err);
    ck_assert_ptr_null(a);
    ck_assert_int_eq(err.code, GRILLE_EUTF8);
    grille_reader_free(r);
}
END_TEST

START_TEST(test_huge_line) {
    /* 4 MB on one line: offsets stay right and loading stays linear */
    size_t n = 4u << 20;
    char *text = malloc(n + 64);
    strcpy(text, "R : ");
    size_t k = 4;
    while (k + 8 < n) {
        memcpy(text + k, "réseau ", 8);
        k += 8;
    } /* 7 code points */
    strcpy(text + k, "fin.");
    grille_document *d = doc_from(text);
    size_t ns = grille_document_unit_count(d, GRILLE_UNIT_SENTENCE);
    ck_assert_uint_eq(ns, 1);
    grille_unit u;
    grille_document_unit_get(d, GRILLE_UNIT_SENTENCE, 0, &u);
    ck_assert_uint_eq(u.span.cp_end, 4 + (k - 4) / 8 * 7 + 4);
    grille_document_free(d);
    free(text);
}
END_TEST

/* A file read as it is: the document takes the buffer grille_document_load()
 * read it into, rather than a copy.  What it holds must be what parsing the
 * same bytes gives, or feeding them to a reader: lone CRs made LF (in the
 * buffer taken), the note on text encoded twice, the turns. */
START_TEST(test_load_takes_file) {
    static const char text[] =
        "E : Qu\xC3\x83\xC2\xA9 ? \xC3\x83\xC2\xA9t\xC3\x83\xC2\xA9\rR : oui.\r\nE : \xC3\xA9t\xC3\xA9\r";
    char path[] = "/tmp/grille-take-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    FILE *f = fdopen(fd, "w");
    fwrite(text, 1, sizeof text - 1, f);
    fclose(f);
    grille_error err;
    grille_document *a = grille_document_load(path, NULL, &err);
    remove(path);
    ck_assert_ptr_nonnull(a);
    grille_document *b = grille_document_parse(path, text, sizeof text - 1, NULL, &err);
    ck_assert_ptr_nonnull(b);
    grille_reader *r = grille_reader_new(path, NULL);
    ck_assert_int_eq(grille_reader_feed(r, text, 9, &err), GRILLE_OK);
    ck_assert_int_eq(grille_reader_feed(r, text + 9, sizeof text - 10, &err), GRILLE_OK);
    grille_document *c = grille_reader_finish(r, &err);
    grille_reader_free(r);
    ck_assert_ptr_nonnull(c);
    ck_assert_uint_eq(grille_document_size(a), sizeof text - 1);
    ck_assert(memchr(grille_document_text(a), '\r', grille_document_size(a)) ==
              strstr(grille_document_text(a), "\r\n"));
    ck_assert_str_eq(grille_document_text(a) + 18, "\xC3\x83\xC2\xA9\nR : oui.\r\nE : \xC3\xA9t\xC3\xA9\n");
    const grille_document *docs[] = {b, c};
    for (size_t d = 0; d < 2; d++) {
        ck_assert_uint_eq(grille_document_size(docs[d]), grille_document_size(a));
        ck_assert_mem_eq(grille_document_text(docs[d]), grille_document_text(a), grille_document_size(a));
        ck_assert_uint_eq(grille_document_warning_count(docs[d]), grille_document_warning_count(a));
        ck_assert_uint_eq(grille_document_unit_count(docs[d], GRILLE_UNIT_TURN), 3);
    }
    ck_assert_uint_eq(grille_document_unit_count(a, GRILLE_UNIT_TURN), 3);
    ck_assert_uint_eq(grille_document_warning_count(a), 2); /* and a short turn */
    ck_assert_ptr_nonnull(strstr(grille_document_warning_get(a, 0)->message, "encoded twice"));
    grille_document_free(a);
    grille_document_free(b);
    grille_document_free(c);
}
END_TEST

/* An empty file's text is "", NUL-terminated as grille.h says (the byte
 * was reserved, not written), loaded or parsed. */
START_TEST(test_empty_text_terminated) {
    char path[] = "/tmp/grille-empty-XXXXXX";
    int fd = mkstemp(path);
    ck_assert_int_ge(fd, 0);
    close(fd);
    /* a freed block of the size the text is given, its bytes not zero */
    for (size_t n = 1; n <= 64; n *= 2) {
        char *junk = malloc(n);
        memset(junk, 'x', n);
        free(junk);
    }
    grille_error err;
    grille_document *a = grille_document_load(path, NULL, &err);
    remove(path);
    grille_document *b = grille_document_parse("empty.txt", "", 0, NULL, &err);
    const grille_document *docs[] = {a, b};
    for (size_t i = 0; i < 2; i++) {
        ck_assert_ptr_nonnull(docs[i]);
        ck_assert_uint_eq(grille_document_size(docs[i]), 0);
        ck_assert_str_eq(grille_document_text(docs[i]), "");
    }
    grille_document_free(a);
    grille_document_free(b);
}
END_TEST

START_TEST(test_load_missing) {
    grille_error err;
    ck_assert_ptr_null(grille_document_load("/nonexistent/x.txt", NULL, &err));
    ck_assert_int_eq(err.code, GRILLE_EIO);
    ck_assert_str_eq(err.file, "/nonexistent/x.txt");
    char buf[256];
    ck_assert_ptr_nonnull(strstr(grille_error_format(&err, buf, sizeof buf), "/nonexistent/x.txt: cannot open"));
}
END_TEST

/* The line of every byte, from the marks kept every CP_STEP bytes and
 * the line starts after them, and where that line ends, against
 * counting the newlines before it and looking for the next: short lines
 * several to a block, a line longer than many blocks, empty lines, and
 * a last line without a newline. */
START_TEST(test_line_at_every_byte) {
    char text[4096];
    size_t n = 0;
    n += (size_t)snprintf(text + n, sizeof text - n, "Enquêtrice : Bonjour.\nR : a\nb\n\n\nc\n");
    for (int i = 0; i < 300; i++) text[n++] = (char)('a' + i % 26);
    text[n++] = '\n';
    for (int i = 0; i < 40; i++) n += (size_t)snprintf(text + n, sizeof text - n, "R : %d\n\n", i);
    n += (size_t)snprintf(text + n, sizeof text - n, "R : la fin sans retour");
    text[n] = '\0';
    /* the same, then with newlines at its end (the last line is empty),
     * and a last block of each length, with lines in it */
    for (int ends = 0; ends < 2 * CP_STEP; ends++) {
        size_t m = n;
        for (int k = 0; k < ends / 2; k++) text[m++] = "ab\nc\n\nd"[k % 7];
        snprintf(text + m, sizeof text - m, "%s", ends % 2 ? "\n\n" : "");
        grille_document *d = doc_from(text);
        ck_assert_ptr_nonnull(d);
        unsigned line = 1;
        for (size_t b = 0; b <= d->size; b++) {
            ck_assert_msg(document_line_at(d, b) == line, "byte %zu: line %u, not %u", b, document_line_at(d, b), line);
            /* and the end of that line: its '\n', or the end of the text */
            const char *nl = b < d->size ? memchr(d->text + b, '\n', d->size - b) : NULL;
            size_t end = nl ? (size_t)(nl - d->text) : d->size;
            ck_assert_msg(document_line_end(d, b) == end, "byte %zu: line end %zu, not %zu", b, document_line_end(d, b),
                          end);
            if (b < d->size && d->text[b] == '\n') line++;
        }
        ck_assert_uint_eq(d->nlines, line);
        grille_document_free(d);
    }
}
END_TEST

/* The code point offset of every character, from the counts kept per
 * CP_STEP-byte block and the continuation bytes of the block, against
 * counting the characters before it: characters of 1 to 4 bytes
 * straddling block edges, and a last block cut short. */
START_TEST(test_cp_at_every_character) {
    static const char *const pieces[] = {"é", "a", "😀", "—", " ", "œuvre", "\n", "ẞ", "ç"};
    char text[4096];
    size_t n = (size_t)snprintf(text, sizeof text, "R : ");
    for (int i = 0; n + 8 < sizeof text && i < 700; i++) {
        const char *p = pieces[(i * 7 + i / 5) % 9];
        memcpy(text + n, p, strlen(p));
        n += strlen(p);
    }
    text[n] = '\0';
    grille_document *d = doc_from(text);
    ck_assert_ptr_nonnull(d);
    ck_assert_uint_gt(d->size, 10 * CP_STEP);
    size_t cp = 0;
    for (size_t b = 0; b <= d->size; b++) {
        if (b < d->size && ((unsigned char)d->text[b] & 0xC0) == 0x80) continue;
        ck_assert_msg(document_cp_at(d, b) == cp, "byte %zu: code point %zu, not %zu", b, document_cp_at(d, b), cp);
        cp++;
    }
    /* the index built again, its blocks classed with SSE2 and then with
     * AVX-512BW where the processor has it (simd.h), is the same, block
     * by block (the last one cut short) */
    for (int wide = 0; wide <= simd_wide(); wide++) {
        size_t *starts = d->line_starts, nlines = d->nlines, nmarks = d->nmarks;
        uint32_t *cp_marks = d->cp_marks, *line_marks = d->line_marks;
        uint64_t *cont_bits = d->cont_bits;
        d->line_starts = NULL;
        ck_assert_int_eq(document_index_lines_as(d, wide), GRILLE_OK);
        ck_assert_uint_eq(d->nlines, nlines);
        ck_assert_uint_eq(d->nmarks, nmarks);
        ck_assert(memcmp(d->line_starts, starts, nlines * sizeof *starts) == 0);
        ck_assert(memcmp(d->cp_marks, cp_marks, nmarks * sizeof *cp_marks) == 0);
        ck_assert(memcmp(d->line_marks, line_marks, nmarks * sizeof *line_marks) == 0);
        ck_assert(memcmp(d->cont_bits, cont_bits, nmarks * sizeof *cont_bits) == 0);
        free(starts);
        free(cp_marks);
        free(line_marks);
        free(cont_bits);
    }
    grille_document_free(d);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("transcript");
    TCase *tc = tcase_create("core");
    tcase_set_timeout(tc, 60);
    tcase_add_test(tc, test_front_matter);
    tcase_add_test(tc, test_cp_at_every_character);
    tcase_add_test(tc, test_star_line);
    tcase_add_test(tc, test_label_variants);
    tcase_add_test(tc, test_not_labels);
    tcase_add_test(tc, test_more_labels);
    tcase_add_test(tc, test_turns_none);
    tcase_add_test(tc, test_interviewer_option);
    tcase_add_test(tc, test_sentences);
    tcase_add_test(tc, test_offsets);
    tcase_add_test(tc, test_crlf_and_empty);
    tcase_add_test(tc, test_bad_utf8);
    tcase_add_test(tc, test_utf16);
    tcase_add_test(tc, test_line_ends_and_mojibake);
    tcase_add_test(tc, test_unclosed_header);
    tcase_add_test(tc, test_nul_byte);
    tcase_add_test(tc, test_chunked);
    tcase_add_test(tc, test_huge_line);
    tcase_add_test(tc, test_load_missing);
    tcase_add_test(tc, test_load_takes_file);
    tcase_add_test(tc, test_empty_text_terminated);
    tcase_add_test(tc, test_line_at_every_byte);
    suite_add_tcase(s, tc);
    return s;
}
RUN_SUITE(suite)

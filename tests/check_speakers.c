/* check_speakers.c - who speaks: labels seen once, preambles, the
 * conventions where only questions or only answers are labelled,
 * interviewers guessed, warnings; variables and speakers tables. */
#include "testutil.h"
#include "document.h"
#include <utf8proc.h>

static grille_document *parse_with(const char *text, const grille_read_options *o) {
    grille_error err;
    grille_document *d = grille_document_parse("mem.txt", text, strlen(text), o, &err);
    ck_assert_msg(d != NULL, "parse failed: %s", err.message);
    return d;
}

static grille_speaker_info speaker_of_turn(const grille_document *d, size_t turn) {
    grille_speaker_info info;
    ck_assert_int_eq(grille_document_speaker_get(d, grille_document_turn_speaker_index(d, turn), &info), GRILLE_OK);
    return info;
}

START_TEST(test_focus_group_labels) {
    grille_document *d = doc_from("Animatrice : Bonjour à toutes et à tous, on fait un tour de table ?\n"
                                  "Participante 1 : Infirmière au CMP.\n"
                                  "P1 – infirmière : On se réunit tous les deux mois, avec le bailleur et le CCAS.\n"
                                  "Élue n°2 : Je copréside le comité de pilotage du CLSM avec le directeur.\n"
                                  "Dr Martin / ARS : L'ARS a financé deux postes d'infirmiers de secteur.\n"
                                  "Participante 3 : Je voudrais juste dire une chose, en tant que mère.\n"
                                  "Animatrice : Merci.\n"
                                  "Participante 1 : Continuer la cellule.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 8);
    const char *want[] = {"Animatrice",      "Participante 1", "P1 – infirmière", "Élue n°2",
                          "Dr Martin / ARS", "Participante 3", "Animatrice",      "Participante 1"};
    for (size_t i = 0; i < 8; i++) ck_assert_str_eq(grille_document_turn_speaker(d, i), want[i]);
    /* seen once, but a role with a number: a speaker, said why */
    grille_speaker_info p3 = speaker_of_turn(d, 5);
    ck_assert_int_eq(p3.reason, GRILLE_SPEAKER_NAME);
    ck_assert_uint_eq(p3.flags & GRILLE_SPEAKER_INFO_INTERVIEWER, 0);
    ck_assert_uint_eq(p3.turns, 1);
    ck_assert_int_eq(speaker_of_turn(d, 2).reason, GRILLE_SPEAKER_NAME);
    ck_assert_int_eq(speaker_of_turn(d, 0).reason, GRILLE_SPEAKER_BUILTIN);
    ck_assert_int_eq(speaker_of_turn(d, 1).reason, GRILLE_SPEAKER_REPEATED);
    ck_assert_str_eq(grille_speaker_reason_name(GRILLE_SPEAKER_NAME), "name");
    /* nothing of Participante 3 is merged into Dr Martin's turn */
    char *t = unit_text(d, GRILLE_UNIT_TURN, 4);
    ck_assert_str_eq(t, "L'ARS a financé deux postes d'infirmiers de secteur.");
    free(t);
    grille_document_free(d);
}
END_TEST

/* A label holds at most 12 words and 120 bytes: a line of prose before
 * a colon is speech, however long (here, the answers of an unlabelled
 * respondent). */
static int labelled(const char *label) {
    char text[2048];
    snprintf(text, sizeof text, "Enquêtrice : Bonjour.\n%s : Oui.\nEnquêtrice : Et ensuite ?\n%s : Non.\n", label,
             label);
    grille_document *d = doc_from(text);
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    int yes = strcmp(grille_document_turn_speaker(d, 1), label) == 0;
    grille_document_free(d);
    return yes;
}

START_TEST(test_label_limits) {
    ck_assert(labelled("Un deux trois quatre cinq six sept huit neuf dix onze douze"));
    ck_assert(!labelled("Un deux trois quatre cinq six sept huit neuf dix onze douze treize"));
    ck_assert(labelled("La coordinatrice du contrat local de santé mentale de la grande communauté"));
    ck_assert(!labelled("La coordinatrice du contrat local de santé mentale de la grande communauté urbaine"));
    /* in brackets, without a colon */
    grille_document *d = doc_from("Enquêtrice : Bonjour.\n[La coordinatrice du contrat local de santé] Oui.\n"
                                  "Enquêtrice : Et ensuite ?\n[La coordinatrice du contrat local de santé] Non.\n");
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "La coordinatrice du contrat local de santé");
    grille_document_free(d);
    /* bytes: "M " and two words of 60 and 58 letters make 120 */
    char label[130];
    memcpy(label, "M ", 2);
    memset(label + 2, 'a', 60);
    label[62] = ' ';
    memset(label + 63, 'b', 57);
    label[120] = '\0';
    ck_assert(labelled(label));
    label[120] = 'b';
    label[121] = '\0';
    ck_assert(!labelled(label));
    /* labels alone on their lines before a time, with 200 spaces after
     * them (lines longer than a label: their spaces are not the label's) */
    char text[1024];
    snprintf(text, sizeof text,
             "Enquêtrice%200s\n00:00:03\nBonjour.\n\nCoordinatrice%200s\n00:00:09\nOui.\n\n"
             "Enquêtrice\n00:01:03\nMerci.\n\nCoordinatrice\n00:01:09\nDe rien.\n",
             "", "");
    d = doc_from(text);
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Coordinatrice");
    ck_assert_int_eq(grille_document_turn_time(d, 1), 9000);
    grille_document_free(d);
    /* and labels followed by a run of 180 underscores (markup that ends
     * the line, however long): no colon, no bracket, still labels */
    char line[200];
    memset(line, '_', 180);
    line[180] = '\0';
    snprintf(text, sizeof text,
             "Jean Dupont %s\n00:00:03\nBonjour.\n\nMarie Curie %s\n00:00:09\nOui.\n\n"
             "Jean Dupont\n00:01:03\nMerci.\n\nMarie Curie\n00:01:09\nDe rien.\n",
             line, line);
    d = doc_from(text);
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Marie Curie");
    grille_document_free(d);
}
END_TEST

START_TEST(test_word_header) {
    /* a Word transcript: title, "Date : … – Durée : …", then turns */
    grille_document *d = doc_from("Entretien avec une coordinatrice CLSM\n"
                                  "Date : 14 mars 2025 – Durée : 1 h 10\n"
                                  "Lieu\u00A0: mairie de Sarne\n"
                                  "\n"
                                  "Enquêtrice : Bonjour, vous pouvez vous présenter ?\n"
                                  "Mme Leroy : Je coordonne le CLSM depuis 2019.\n");
    ck_assert_str_eq(grille_document_variable_lookup(d, "date"), "14 mars 2025");
    ck_assert_str_eq(grille_document_variable_lookup(d, "duree"), "1 h 10");
    ck_assert_str_eq(grille_document_variable_lookup(d, "lieu"), "mairie de Sarne");
    /* the title and the header are not speech */
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    ck_assert_str_eq(grille_document_turn_speaker(d, 0), "Enquêtrice");
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Mme Leroy");
    for (size_t i = 0; i < grille_document_speaker_count(d); i++) {
        grille_speaker_info s;
        grille_document_speaker_get(d, i, &s);
        ck_assert_str_ne(s.label, "Date");
        ck_assert_str_ne(s.label, "Lieu");
    }
    grille_unit u;
    grille_document_unit_get(d, GRILLE_UNIT_SENTENCE, 0, &u);
    ck_assert_uint_eq(u.span.line, 5);
    grille_document_free(d);
}
END_TEST

START_TEST(test_questions_only) {
    grille_document *d = doc_from("Enquêtrice : Comment est né le CLS ?\n"
                                  "Il est né en 2015, à l'initiative du maire.\n"
                                  "Enquêtrice : Et le COPIL ?\n"
                                  "Il se réunit deux fois par an.\n"
                                  "Avec l'ARS et la préfecture.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "(répondant)");
    ck_assert_int_eq(speaker_of_turn(d, 1).reason, GRILLE_SPEAKER_UNLABELLED);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 3);
    ck_assert_str_eq(t, "Il se réunit deux fois par an.\nAvec l'ARS et la préfecture.");
    free(t);
    t = unit_text(d, GRILLE_UNIT_TURN, 2);
    ck_assert_str_eq(t, "Et le COPIL ?");
    free(t);
    ck_assert_ptr_nonnull(find_warning(d, "only the interviewer's turns are labelled"));
    grille_document_free(d);
}
END_TEST

START_TEST(test_answers_only) {
    grille_document *d = doc_from("Comment avez-vous commencé ?\n"
                                  "Mme Dupont : J'ai été recrutée en 2018 par la ville.\n"
                                  "Et le contrat local de santé ?\n"
                                  "Mme Dupont : Il a été signé en 2019.\n"
                                  "On l'a renouvelé en 2024.\n"
                                  "Et les habitants, ils participent ?\n"
                                  "Mme Dupont : Un peu, par le conseil citoyen.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 6);
    const char *who[] = {"(question)", "Mme Dupont", "(question)", "Mme Dupont", "(question)", "Mme Dupont"};
    for (size_t i = 0; i < 6; i++) {
        ck_assert_str_eq(grille_document_turn_speaker(d, i), who[i]);
        ck_assert_int_eq(grille_document_turn_is_interviewer(d, i), i % 2 == 0);
    }
    char *t = unit_text(d, GRILLE_UNIT_TURN, 3);
    ck_assert_str_eq(t, "Il a été signé en 2019.\nOn l'a renouvelé en 2024.");
    free(t);
    ck_assert_ptr_nonnull(find_warning(d, "taken as the interviewer's questions"));
    grille_document_free(d);
    /* a respondent who asks one rhetorical question is not split */
    d = doc_from("Mme Dupont : Oui.\nPourquoi pas ?\nM. Durand : Non.\nMme Dupont : Si.\nM. Durand : Bon.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    grille_document_free(d);
}
END_TEST

START_TEST(test_interviewer_guessed) {
    const char *text = "LB : Bonjour, vous pouvez vous présenter ?\n"
                       "MD : Je coordonne la CPTS depuis 2022.\n"
                       "LB : Et avant ?\n"
                       "MD : J'étais infirmière libérale.\n"
                       "LB : Qui pilote ?\n"
                       "MD : Le bureau.\n";
    grille_document *d = doc_from(text);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    grille_speaker_info lb = speaker_of_turn(d, 0);
    ck_assert_uint_eq(lb.flags & GRILLE_SPEAKER_INFO_INTERVIEWER_GUESSED, GRILLE_SPEAKER_INFO_INTERVIEWER_GUESSED);
    ck_assert_int_eq(lb.reason, GRILLE_SPEAKER_REPEATED);
    const grille_error *w = find_warning(d, "'LB' is taken as the interviewer");
    ck_assert_ptr_nonnull(w);
    ck_assert_str_eq(w->file, "mem.txt");
    grille_document_free(d);
    /* declared otherwise: no guess */
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.interviewers = "none";
    d = parse_with(text, &o);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 0);
    ck_assert_uint_eq(grille_document_warning_count(d), 0);
    grille_document_free(d);
    /* a declared interviewer who never speaks is a warning */
    o.interviewers = "Enquêteur";
    d = parse_with(text, &o);
    ck_assert_ptr_nonnull(find_warning(d, "interviewer 'Enquêteur' is declared but never speaks"));
    ck_assert_ptr_nonnull(find_warning(d, "nobody is an interviewer"));
    grille_document_free(d);
}
END_TEST

START_TEST(test_label_shapes) {
    /* Otter or Teams export: the label alone on its line, with a time */
    grille_document *d = doc_from("Réunion CLS\n\nSpeaker 1  0:05\nBonjour, on commence ?\n\n"
                                  "Speaker 2  0:12\nOui, le COPIL.\nIl se réunit en mars.\n\n"
                                  "Speaker 1  1:02:03\nMerci.\n\nSpeaker 2  1:02:09\nDe rien.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Speaker 2");
    ck_assert_int_eq(grille_document_turn_time(d, 1), 12000);
    ck_assert_int_eq(grille_document_turn_time(d, 2), 3723000);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 1);
    ck_assert_str_eq(t, "Oui, le COPIL.\nIl se réunit en mars.");
    free(t);
    grille_document_free(d);
    /* a repeated section title alone on its line is not a speaker */
    d = doc_from("Rappel au règlement\nM. Dupont : Bien.\nRappel au règlement\nM. Durand : Non.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 2);
    t = unit_text(d, GRILLE_UNIT_TURN, 0);
    ck_assert_str_eq(t, "Bien.\nRappel au règlement");
    free(t);
    grille_document_free(d);
    /* bullets, and diarised labels in brackets; "[rires]" is a mark */
    d = doc_from("- Enquêtrice : Et le CLS ?\n- Coordinatrice : Signé.\n[SPEAKER_00] Bon.\n[rires] oui\n"
                 "[SPEAKER_01]: Voilà.\n[SPEAKER_00] Et après ?\n[SPEAKER_01] Rien.\n[rires] bon\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 6);
    ck_assert_str_eq(grille_document_turn_speaker(d, 0), "Enquêtrice");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_str_eq(grille_document_turn_speaker(d, 2), "SPEAKER_00");
    ck_assert_str_eq(grille_document_turn_speaker(d, 3), "SPEAKER_01");
    t = unit_text(d, GRILLE_UNIT_TURN, 2);
    ck_assert_str_eq(t, "Bon.\n[rires] oui");
    free(t);
    grille_document_free(d);
}
END_TEST

START_TEST(test_review_cases) {
    /* "Question :" / "Réponse :" transcripts */
    grille_document *d = doc_from("Question : Comment allez-vous ?\nRéponse : Bien, merci beaucoup.\n"
                                  "Question : Et le travail ?\nRéponse : Ça va bien aussi.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 1);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 1), 0);
    grille_document_free(d);
    /* a one-word answer that comes back is not a speaker */
    d = doc_from("Enquêtrice : Vous êtes d'accord ?\nExactement.\nEnquêtrice : Et le reste ?\nExactement.\n"
                 "Enquêtrice : Merci.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 5);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "(répondant)");
    grille_document_free(d);
    /* an acronym said once at the start of a line is speech */
    d = doc_from("Enquêtrice : Qui finance ?\nCoordinatrice : Plusieurs.\nARS : elle finance la moitié du poste.\n"
                 "Enquêtrice : D'accord.\nCoordinatrice : Voilà.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 1);
    ck_assert_str_eq(t, "Plusieurs.\nARS : elle finance la moitié du poste.");
    free(t);
    grille_document_free(d);
    /* "None" in any case says nobody interviews */
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.interviewers = "None";
    d = parse_with("E : Bonjour ?\nR : Oui.\nE : Et ?\nR : Non.\n", &o);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 0), 0);
    ck_assert_ptr_null(find_warning(d, "declared but never speaks"));
    grille_document_free(d);
}
END_TEST

START_TEST(test_variable_precedence) {
    /* the document's own "Date :" line wins over the table, with a warning */
    const char *csv = "document;Date;Rôle de la personne;note\nmem;2024-01-01;élue;\"deux\nlignes\"\n";
    grille_error err;
    grille_table *t = grille_table_parse("v.csv", csv, strlen(csv), &err);
    ck_assert_ptr_nonnull(t);
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.variables = t;
    grille_document *d = parse_with("Date : 14 mars 2025\nEnquêtrice : Bonjour ?\nMme Leroy : Bonjour.\n", &o);
    ck_assert_str_eq(grille_document_variable_lookup(d, "date"), "14 mars 2025");
    ck_assert_ptr_nonnull(find_warning(d, "'date' is '2024-01-01' in the table but '14 mars 2025'"));
    /* column names become plain keys */
    ck_assert_str_eq(grille_document_variable_lookup(d, "role_de_la_personne"), "élue");
    grille_document_free(d);
    grille_table_free(t);
    /* the "document" column wins over another naming column */
    csv = "nom;document;type\nMme Leroy;mem;EI\n";
    t = grille_table_parse("v.csv", csv, strlen(csv), &err);
    ck_assert_ptr_nonnull(t);
    ck_assert_str_eq(grille_table_row_key(t, 0), "mem");
    grille_table_free(t);
}
END_TEST

START_TEST(test_turn_times) {
    grille_document *d =
        doc_from("[00:01:02] Enquêtrice : Question ?\n(12:31.5) Coordinatrice : Réponse.\nCoordinatrice : Suite.\n");
    ck_assert_int_eq(grille_document_turn_time(d, 0), 62000);
    ck_assert_int_eq(grille_document_turn_time(d, 1), 751500);
    ck_assert_int_eq(grille_document_turn_time(d, 2), -1);
    ck_assert_int_eq(grille_document_turn_time(d, 3), -1);
    grille_document_free(d);
}
END_TEST

START_TEST(test_variables_table) {
    /* as French Excel saves "CSV UTF-8": BOM, semicolons, CRLF, quotes */
    const char *csv = "\xEF\xBB\xBF"
                      "document;Type;dispositif;\"Lieu de l'entretien\"\r\n"
                      "mem;EI;CLSM;\"mairie; salle 2\"\r\n"
                      "ei-02.docx;EC;CLS;\r\n"
                      "\r\n";
    grille_error err;
    grille_table *t = grille_table_parse("variables.csv", csv, strlen(csv), &err);
    ck_assert_msg(t != NULL, "%s", err.message);
    ck_assert_uint_eq(grille_table_row_count(t), 2);
    ck_assert_str_eq(grille_table_row_key(t, 1), "ei-02.docx");
    ck_assert_uint_eq(grille_table_row_line(t, 1), 3);
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.variables = t;
    grille_document *d = parse_with("---\ntype: EC\n---\nE : Q ?\nR : Oui.\n", &o);
    ck_assert_str_eq(grille_document_variable_lookup(d, "dispositif"), "CLSM");
    ck_assert_str_eq(grille_document_variable_lookup(d, "lieu_de_l_entretien"), "mairie; salle 2");
    /* the file's own header wins, and the conflict is said */
    ck_assert_str_eq(grille_document_variable_lookup(d, "type"), "EC");
    const grille_error *w = find_warning(d, "'type' is 'EI' in the table but 'EC' in the document");
    ck_assert_ptr_nonnull(w);
    ck_assert_ptr_nonnull(strstr(w->message, "variables.csv:2"));
    ck_assert_int_eq(grille_table_row_matches(t, 0, d), 1);
    ck_assert_int_eq(grille_table_row_matches(t, 1, d), 0);
    grille_document_free(d);
    /* matched by file name with its extension too */
    o.id = NULL;
    d = grille_document_parse("corpus/ei-02.txt", "E : Q ?\n", 8, &o, &err);
    ck_assert_ptr_nonnull(d);
    ck_assert_str_eq(grille_document_variable_lookup(d, "dispositif"), "CLS");
    grille_document_free(d);
    grille_table_free(t);
}
END_TEST

START_TEST(test_table_errors) {
    grille_error err;
    const char *csv = "nom,age\nMarie,40\n";
    grille_table *named = grille_table_parse("t.csv", csv, strlen(csv), &err); /* "nom" keys rows */
    ck_assert_ptr_nonnull(named);
    grille_table_free(named);
    csv = "age,role\n40,x\n";
    ck_assert_ptr_null(grille_table_parse("t.csv", csv, strlen(csv), &err));
    ck_assert_uint_eq(err.line, 1);
    ck_assert_ptr_nonnull(strstr(err.message, "no 'document' column"));
    csv = "document\ttype\nei-01\t\"EI\nei-02\tEC\n";
    ck_assert_ptr_null(grille_table_parse("t.tsv", csv, strlen(csv), &err));
    ck_assert_uint_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "never closed"));
    csv = "document,type\n,EI\n";
    ck_assert_ptr_null(grille_table_parse("t.csv", csv, strlen(csv), &err));
    ck_assert_uint_eq(err.line, 2);
    ck_assert_ptr_nonnull(strstr(err.message, "names no document"));
    csv = "document,type\nei-01,EI,extra\n";
    ck_assert_ptr_null(grille_table_parse("t.csv", csv, strlen(csv), &err));
    ck_assert_uint_eq(err.line, 2);
    /* Windows-1252, as older Excel saves */
    csv = "document;r\xF4le\nei-01;\xE9lue\n";
    grille_table *t = grille_table_parse("t.csv", csv, strlen(csv), &err);
    ck_assert_ptr_nonnull(t);
    grille_table_free(t);
    ck_assert_ptr_null(grille_table_parse("t.csv", "", 0, &err));
    ck_assert_ptr_nonnull(strstr(err.message, "empty"));
}
END_TEST

START_TEST(test_review_times) {
    /* times without brackets before the label (Word, transcription services) */
    grille_document *d = doc_from("00:00:12 Enquêtrice : Votre rôle ?\n00:00:20 Coordinatrice : Je coordonne le CLS.\n"
                                  "00:01:05 Enquêtrice : Et les élus ?\n1:10 Coordinatrice : Ils sont là.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 2), 1);
    ck_assert_int_eq(grille_document_turn_time(d, 1), 20000);
    ck_assert_int_eq(grille_document_turn_time(d, 3), 70000);
    grille_document_free(d);
    /* Otter: the label alone on its line; the questions keep their speaker */
    d = doc_from(
        "Speaker 1  0:00\nBonjour, vous pouvez vous présenter ?\n\nSpeaker 2  0:05\nOui, je coordonne le CLS.\n\n"
        "Speaker 1  0:20\nEt les élus ?\n\nSpeaker 2  0:24\nIls sont engagés.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_str_eq(grille_document_turn_speaker(d, 2), "Speaker 1");
    ck_assert_int_eq(grille_document_turn_is_interviewer(d, 2), 1);
    ck_assert_ptr_null(find_warning(d, "unlabelled paragraphs ending with '?'"));
    grille_document_free(d);
    /* the label on its line, the time on the next, then the speech */
    d = doc_from("Enquêtrice\n00:00:03\nPouvez-vous décrire le territoire ?\n\nÉlu\n00:00:10\nC'est rural.\n\n"
                 "Enquêtrice\n00:00:20\nEt la santé ?\n\nÉlu\n00:00:25\nUn désert médical.\n");
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 4);
    ck_assert_str_eq(grille_document_turn_speaker(d, 1), "Élu");
    ck_assert_int_eq(grille_document_turn_time(d, 3), 25000);
    char *t = unit_text(d, GRILLE_UNIT_TURN, 3);
    ck_assert_str_eq(t, "Un désert médical.");
    free(t);
    grille_document_free(d);
}
END_TEST

START_TEST(test_large_table) {
    /* a classification sheet of 500 interviews and 6 attributes */
    size_t cap = 1 << 16, n = 0;
    char *csv = malloc(cap);
    n += (size_t)snprintf(csv + n, cap - n, "document;type;dispositif;territoire;echelle;role;date\n");
    for (int i = 0; i < 500; i++)
        n += (size_t)snprintf(csv + n, cap - n, "ei-%03d;EI;CLS;rural;PETR;coordinatrice %d;2025-02-%02d\n", i, i,
                              i % 28 + 1);
    grille_error err;
    grille_table *t = grille_table_parse("big.csv", csv, n, &err);
    ck_assert_msg(t != NULL, "%s", err.message);
    ck_assert_uint_eq(grille_table_row_count(t), 500);
    ck_assert_str_eq(grille_table_row_key(t, 499), "ei-499");
    ck_assert_uint_eq(grille_table_row_line(t, 499), 501);
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.variables = t;
    o.id = "ei-321";
    grille_document *d = parse_with("E : Q ?\nR : Oui.\n", &o);
    ck_assert_str_eq(grille_document_variable_lookup(d, "role"), "coordinatrice 321");
    ck_assert_str_eq(grille_document_variable_lookup(d, "date"), "2025-02-14");
    grille_document_free(d);
    grille_table_free(t);
    free(csv);
}
END_TEST

START_TEST(test_speakers_table) {
    const char *csv = "document,speaker,role,structure\n"
                      "mem,Participante 3,usagère,Unafam\n"
                      "mem,Zoé,élue,mairie\n"
                      "autre,P3,infirmière,CMP\n";
    grille_error err;
    grille_table *t = grille_table_parse("speakers.csv", csv, strlen(csv), &err);
    ck_assert_ptr_nonnull(t);
    grille_read_options o = GRILLE_READ_OPTIONS_INIT;
    o.speakers = t;
    /* "zoé : ..." once, in lower case: declared by the table */
    grille_document *d = parse_with("Animatrice : Bonjour ?\nzoé : Bonjour.\nParticipante 3 : Oui.\n", &o);
    ck_assert_uint_eq(grille_document_unit_count(d, GRILLE_UNIT_TURN), 3);
    grille_speaker_info z = speaker_of_turn(d, 1);
    ck_assert_str_eq(z.label, "zoé");
    ck_assert_int_eq(z.reason, GRILLE_SPEAKER_DECLARED);
    size_t p3 = grille_document_turn_speaker_index(d, 2);
    ck_assert_str_eq(grille_document_speaker_lookup(d, p3, "role"), "usagère");
    ck_assert_str_eq(grille_document_speaker_lookup(d, p3, "structure"), "Unafam");
    ck_assert_ptr_null(grille_document_speaker_lookup(d, p3, "speaker"));
    ck_assert_ptr_null(grille_document_speaker_lookup(d, grille_document_turn_speaker_index(d, 0), "role"));
    grille_document_free(d);
    grille_table_free(t);
}
END_TEST

/* The speakers table in each format it has: Markdown with its alignment
 * row, CSV with CRLF rows, whether a speaker is coded following the
 * setting; JSONL is refused. */
START_TEST(test_write_speakers_formats) {
    grille_document *d = doc_from("Enquêtrice : Bonjour, vous êtes ?\nP1 – élue : Je suis élue, adjointe.\n"
                                  "Enquêtrice : Et ensuite ?\nP1 – élue : Le réseau.\n");
    const grille_document *docs[] = {d};
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    ck_assert_int_eq(
        grille_document_write_speakers(f, GRILLE_FORMAT_MARKDOWN, docs, 1, GRILLE_SPEAKERS_RESPONDENTS, NULL),
        GRILLE_OK);
    fclose(f);
    const char *head = "| document | speaker | role | coded | why | turns | words | first_line | check |\n"
                       "|---|---|---|---|---|---:|---:|---:|---|\n";
    ck_assert_msg(strncmp(buf, head, strlen(head)) == 0, "%s", buf);
    ck_assert_msg(
        strstr(buf, "| mem | Enquêtrice | interviewer | no | built-in interviewer label | 2 | 5 | 1 |  |\n") != NULL,
        "%s", buf);
    ck_assert_msg(
        strstr(buf, "| mem | P1 – élue | respondent | yes | label at the start of several lines | 2 | 6 | 2 |  |\n"),
        "%s", buf);
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(grille_document_write_speakers(f, GRILLE_FORMAT_CSV, docs, 1, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_OK);
    fclose(f);
    /* everyone coded this time */
    ck_assert_msg(strstr(buf, "\r\nmem,Enquêtrice,interviewer,yes,built-in interviewer label,2,5,1,\r\n") != NULL, "%s",
                  buf);
    free(buf);
    f = open_memstream(&buf, &len);
    ck_assert_int_eq(grille_document_write_speakers(f, GRILLE_FORMAT_JSONL, docs, 1, GRILLE_SPEAKERS_ALL, NULL),
                     GRILLE_EUSAGE);
    fclose(f);
    free(buf);
    grille_document_free(d);
}
END_TEST

/* Labels are folded as utf8proc folds them (NFC, case folding), the
 * French letters by a quicker path: every two-byte character, between
 * ASCII capitals, folds the same both ways. */
START_TEST(test_fold_label_latin) {
    char in[8];
    for (unsigned c = 0xC2; c <= 0xC5; c++)
        for (unsigned d = 0x80; d <= 0xBF; d++) {
            in[0] = 'A';
            in[1] = (char)c;
            in[2] = (char)d;
            in[3] = 'Z';
            char *fast = document_fold_label(in, 4);
            utf8proc_uint8_t *ref = NULL;
            utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)in, 4, &ref,
                                              UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
            ck_assert_int_ge(n, 0);
            ck_assert_msg(fast && strcmp(fast, (const char *)ref) == 0, "%02X %02X: %s, utf8proc %s", c, d,
                          fast ? fast : "(null)", (const char *)ref);
            free(fast);
            free(ref);
        }
    /* decomposed: E + combining acute composes to é */
    char *f = document_fold_label("E\xCC\x81lu", 5);
    ck_assert_str_eq(f, "\xC3\xA9lu");
    free(f);
    f = document_fold_label("Stra\xC3\x9F"
                            "e",
                            8);
    ck_assert_str_eq(f, "strasse");
    free(f);
}
END_TEST

static Suite *suite(void) {
    Suite *s = suite_create("speakers");
    TCase *tc = tcase_create("core");
    tcase_add_test(tc, test_focus_group_labels);
    tcase_add_test(tc, test_label_limits);
    tcase_add_test(tc, test_word_header);
    tcase_add_test(tc, test_questions_only);
    tcase_add_test(tc, test_answers_only);
    tcase_add_test(tc, test_interviewer_guessed);
    tcase_add_test(tc, test_label_shapes);
    tcase_add_test(tc, test_review_cases);
    tcase_add_test(tc, test_variable_precedence);
    tcase_add_test(tc, test_turn_times);
    tcase_add_test(tc, test_variables_table);
    tcase_add_test(tc, test_table_errors);
    tcase_add_test(tc, test_speakers_table);
    tcase_add_test(tc, test_large_table);
    tcase_add_test(tc, test_review_times);
    tcase_add_test(tc, test_write_speakers_formats);
    tcase_add_test(tc, test_fold_label_latin);
    suite_add_tcase(s, tc);
    return s;
}

RUN_SUITE(suite)

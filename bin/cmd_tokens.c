/* cmd_tokens.c - grille tokens: units, tokens and forms, to debug rules. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start */
    N_("Usage: grille tokens [OPTIONS] FILE\n"
       "Show how grille reads a transcript: metadata, turns with their speaker,\n"
       "sentences, and each token with its offsets, normalised form and, when the\n"
       "lexicon is found, candidate lemmas with their parts of speech (TSV).\n"
       "\n"
       "  -c, --codebook FILE      use this codebook's folding and hesitations\n"
       "                           (default: codebooks/dts-fr.xml, then the installed\n"
       "                           one, else built-in defaults)\n"),
    CLI_READ_HELP, N_("  -h, --help               show this help\n"), NULL};

static void flags_text(unsigned f, char *buf, size_t n) {
    buf[0] = '\0';
    static const struct {
        unsigned bit;
        const char *name;
    } names[] = {{GRILLE_TOKEN_WORD, "word"},
                 {GRILLE_TOKEN_ELISION, "elision"},
                 {GRILLE_TOKEN_NUMBER, "number"},
                 {GRILLE_TOKEN_MARK, "mark"},
                 {GRILLE_TOKEN_HESITATION, "hesitation"},
                 {GRILLE_TOKEN_INTERVIEWER, "interviewer"}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (f & names[i].bit) {
            if (buf[0]) strncat(buf, ",", n - strlen(buf) - 1);
            strncat(buf, names[i].name, n - strlen(buf) - 1);
        }
}

static void put_clean(const char *s, size_t n) {
    for (size_t i = 0; i < n; i++) putchar(s[i] == '\t' || s[i] == '\n' || s[i] == '\r' ? ' ' : s[i]);
}

int cmd_tokens(int argc, char **argv) {
    static const struct option longopts[] = {{"codebook", required_argument, NULL, 'c'},
                                             CLI_READ_LONGOPTS,
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    const char *codebook = NULL, *interviewers = NULL;
    int c;
    optind = 1;
    while ((c = getopt_long(argc, argv, "c:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'c': codebook = optarg; break;
        case 'I':
            interviewers = optarg;
            cli_read_option(c, optarg);
            break;
        case CLI_OPT_ENCODING:
        case CLI_OPT_VARIABLES:
        case CLI_OPT_SPEAKERS:
        case CLI_OPT_MAX_SIZE: cli_read_option(c, optarg); break;
        case 'h': fputs(cli_help(help), stdout); return EXIT_OK;
        default: fputs(cli_help(help), stderr); return EXIT_INPUT;
        }
    }
    if (optind != argc - 1) {
        fprintf(stderr, _("grille tokens: give exactly one transcript\n%s"), cli_help(help));
        return EXIT_INPUT;
    }
    /* the codebook's folding and hesitations, as `code` would use them */
    grille_codebook *cb = NULL;
    if ((codebook || cli_default_codebook()) && !(cb = cli_load_codebook(codebook))) return EXIT_INPUT;
    grille_error err;
    grille_read_options opts;
    int rc = cli_read_prepare(argv + optind, 1);
    if (rc) {
        grille_codebook_free(cb);
        return rc;
    }
    cli_read_options(&opts, NULL, argv[optind]);
    (void)interviewers;
    grille_document *doc = grille_document_load(argv[optind], &opts, &err);
    if (doc) cli_read_warnings(doc);
    if (!doc) {
        cli_report(&err);
        grille_codebook_free(cb);
        return cli_exit_code(err.code);
    }
    const char *text = grille_document_text(doc);
    printf("# document\t%s\n", grille_document_id(doc));
    for (size_t i = 0; i < grille_document_variable_count(doc); i++) {
        const char *k, *v;
        grille_document_variable_get(doc, i, &k, &v);
        printf("# variable\t%s\t%s\n", k, v);
    }
    size_t nturns = grille_document_unit_count(doc, GRILLE_UNIT_TURN);
    for (size_t t = 0; t < nturns; t++) {
        grille_unit u;
        grille_document_unit_get(doc, GRILLE_UNIT_TURN, t, &u);
        printf("# turn\t%zu\tline %u\t%s\t%s\n", t, u.span.line, grille_document_turn_speaker(doc, t),
               grille_document_turn_is_interviewer(doc, t) ? "interviewer (not coded by default)" : "respondent");
    }
    grille_tokens *toks = grille_tokens_new(cb, doc, &err);
    if (!toks) {
        cli_report(&err);
        grille_document_free(doc);
        grille_codebook_free(cb);
        return cli_exit_code(err.code);
    }
    const grille_lexicon *lx = cli_lexicon();
    printf("sentence\tline\tbyte_start\tbyte_end\tcp_start\tcp_end\tflags\ttext\tform%s\n", lx ? "\tlemmas" : "");
    size_t last_sentence = (size_t)-1;
    for (size_t i = 0; i < grille_tokens_count(toks); i++) {
        grille_token tk;
        grille_tokens_get(toks, i, &tk);
        if (tk.sentence != last_sentence) {
            grille_unit s;
            grille_document_unit_get(doc, GRILLE_UNIT_SENTENCE, tk.sentence, &s);
            printf("# sentence %zu (turn %zu, %s)\t", tk.sentence, s.turn,
                   grille_document_turn_speaker(doc, s.turn)[0] ? grille_document_turn_speaker(doc, s.turn)
                                                                : "no speaker");
            put_clean(text + s.span.byte_start, s.span.byte_end - s.span.byte_start);
            putchar('\n');
            last_sentence = tk.sentence;
        }
        char flags[80];
        flags_text(tk.flags, flags, sizeof flags);
        printf("%zu\t%u\t%zu\t%zu\t%zu\t%zu\t%s\t", tk.sentence, tk.span.line, tk.span.byte_start, tk.span.byte_end,
               tk.span.cp_start, tk.span.cp_end, flags);
        put_clean(text + tk.span.byte_start, tk.span.byte_end - tk.span.byte_start);
        printf("\t%s", tk.form);
        if (lx) {
            /* candidates of words as written */
            grille_lemma out[16];
            size_t n = (tk.flags & GRILLE_TOKEN_WORD) && !(tk.flags & (GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION))
                           ? grille_lexicon_lookup(lx, text + tk.span.byte_start, tk.span.byte_end - tk.span.byte_start,
                                                   out, 16)
                           : 0;
            putchar('\t');
            /* an unknown word is its own lemma, flagged with ? */
            if (n == 0 && (tk.flags & GRILLE_TOKEN_WORD) && !(tk.flags & (GRILLE_TOKEN_MARK | GRILLE_TOKEN_HESITATION)))
                printf("%s/?", tk.form);
            for (size_t k = 0; k < n && k < 16; k++) printf("%s%s/%s", k ? " " : "", out[k].lemma, out[k].pos);
        }
        putchar('\n');
    }
    grille_tokens_free(toks);
    grille_document_free(doc);
    grille_codebook_free(cb);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, _("grille tokens: error writing to standard output\n"));
        return EXIT_INTERNAL;
    }
    return EXIT_OK;
}

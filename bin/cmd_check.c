/* cmd_check.c - grille check: validate a codebook, report every problem,
 * and with --corpus, how its rules behave on sample transcripts. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

static const char *const help[] = {
    /* TRANSLATORS: --help; keep the options as they are and the
     * descriptions in the column where they start.
     * xgettext:no-c-format (printed as it is) */
    N_("Usage: grille check [OPTIONS] CODEBOOK...\n"
       "Validate codebooks: XML, schema, unique ids, regexes, empty themes.\n"
       "Prints every problem as FILE:LINE:COLUMN: message.  Exit status 0 when\n"
       "all are valid (warnings allowed), 2 otherwise.\n"
       "\n"
       "With --corpus, also code the transcripts and report, as FILE:LINE: warnings,\n"
       "the rules that never fire, the themes that never code a unit, the rules that\n"
       "fire on too large a share of units, and the rules shadowed by another rule of\n"
       "their theme (every unit they support, the other supports too).\n"
       "\n"
       "      --corpus PATH        transcripts (files or directories; repeatable)\n"
       "      --gold FILE          a gold (see grille eval): adds each rule's precision\n"
       "      --partial            gold rows that match nothing are warnings\n"
       "      --broad P            a rule is too broad above P% of units (default 10)\n"
       "      --stats FILE         write per-rule statistics there (tsv, csv or md by\n"
       "                           extension, else tsv; '-' for stdout)\n"),
    CLI_EXCEL_HELP, CLI_READ_HELP,
    N_("  -j, --jobs N             code on N threads (default: number of cores)\n"
       "  -h, --help               show this help\n"),
    NULL};


/* Whether any leaf under rule r supported a unit. */
static int fired(const grille_codebook *cb, const grille_stats *st, size_t r) {
    grille_rule_stats rs;
    grille_stats_rule_get(st, r, &rs);
    if (rs.units) return 1;
    for (size_t k = r + 1; k < grille_codebook_rule_count(cb); k++) {
        grille_rule_info ki;
        grille_codebook_rule_get(cb, k, &ki);
        /* descendants follow their parent in document order */
        size_t p = ki.parent;
        int under = 0;
        while (p != GRILLE_NONE) {
            if (p == r) {
                under = 1;
                break;
            }
            grille_rule_info pi;
            grille_codebook_rule_get(cb, p, &pi);
            p = pi.parent;
        }
        if (!under) break;
        grille_stats_rule_get(st, k, &rs);
        if (rs.units) return 1;
    }
    return 0;
}

static int corpus_report(const char *path, const grille_codebook *cb, char **corpus, size_t ncorpus,
                         const char *gold_path, double broad, const char *stats_path, int stats_fmt,
                         const char *interviewers, int jobs, int partial) {
    grille_error err;
    grille_gold *gold = NULL;
    if (gold_path && !(gold = cli_load_gold(gold_path, cb))) return EXIT_INPUT;
    cli_run run;
    int rc = cli_code_corpus(cb, corpus, ncorpus, interviewers, jobs, &run);
    if (rc == EXIT_OK && gold) rc = cli_check_gold("grille check", gold, cb, &run, NULL, partial);
    grille_stats *st = NULL;
    if (rc == EXIT_OK) {
        st = grille_stats_new(cb, (const grille_coding *const *)run.codings, run.n, gold, &err);
        if (!st) {
            cli_report(&err);
            rc = cli_exit_code(err.code);
        }
    }
    if (rc == EXIT_OK) {
        size_t units = grille_stats_units(st);
        printf(_("%s: coded %zu transcripts, %zu units of coded speech\n"), path, run.n, units);
        size_t never = 0, silent = 0, broad_n = 0, shadowed = 0;
        for (size_t r = 0; r < grille_codebook_rule_count(cb); r++) {
            grille_rule_info ri;
            grille_rule_stats rs;
            grille_codebook_rule_get(cb, r, &ri);
            grille_stats_rule_get(st, r, &rs);
            if (ri.flags & GRILLE_RULE_INFO_EXCLUDE) continue;
            grille_rule_info pi;
            int parent_fired = ri.parent == GRILLE_NONE ||
                               (grille_codebook_rule_get(cb, ri.parent, &pi) == GRILLE_OK && fired(cb, st, ri.parent));
            int is_leaf = ri.kind <= GRILLE_RULE_REGEX;
            if (!fired(cb, st, r) && parent_fired) {
                printf(_("%s:%u: warning: rule '%s' (%s%s%s) never fires on this corpus\n"), path, ri.line, ri.id,
                       grille_rule_kind_name(ri.kind), is_leaf ? " " : "", is_leaf ? ri.text : "");
                never++;
            }
            if (is_leaf && units && (double)rs.units * 100.0 / (double)units > broad) {
                char share[64];
                printf(_("%s:%u: warning: rule '%s' (%s %s) fires on %s%% of the units: too broad?\n"), path, ri.line,
                       ri.id, grille_rule_kind_name(ri.kind), ri.text,
                       cli_number(share, sizeof share, (double)rs.units * 100.0 / (double)units, 1));
                broad_n++;
            }
            if (rs.shadowed_by != GRILLE_NONE) {
                grille_rule_info si;
                grille_codebook_rule_get(cb, rs.shadowed_by, &si);
                printf(_("%s:%u: warning: rule '%s' (%s%s%s) is shadowed by '%s' (line %u): every unit it "
                         "supports, '%s' supports too\n"),
                       path, ri.line, ri.id, grille_rule_kind_name(ri.kind), ri.text[0] ? " " : "", ri.text, si.id,
                       si.line, si.id);
                shadowed++;
            }
        }
        for (size_t t = 0; t < grille_codebook_theme_count(cb); t++) {
            grille_theme_info ti;
            grille_codebook_theme_get(cb, t, &ti);
            if (ti.rule_count && grille_stats_theme_units(st, t) == 0) {
                printf(_("%s: warning: theme '%s' (%s) never codes a unit of this corpus\n"), path, ti.id, ti.label);
                silent++;
            }
        }
        printf(_("%s: never firing rules: %zu; silent themes: %zu; too broad rules: %zu; shadowed rules: %zu\n"), path,
               never, silent, broad_n, shadowed);
        if (stats_path) {
            cli_output out;
            rc = cli_output_open(&out, stats_path);
            if (rc == EXIT_OK) {
                int written = grille_stats_write(out.f, (grille_format)stats_fmt, st, &err);
                rc = cli_output_finish(&out, written, &err);
            }
        }
    }
    grille_stats_free(st);
    cli_run_free(&run);
    grille_gold_free(gold);
    return rc;
}

int cmd_check(int argc, char **argv) {
    static const struct option longopts[] = {{"corpus", required_argument, NULL, 'C'},
                                             {"gold", required_argument, NULL, 'g'},
                                             {"partial", no_argument, NULL, 'P'},
                                             {"broad", required_argument, NULL, 'b'},
                                             {"stats", required_argument, NULL, 's'},
                                             CLI_READ_LONGOPTS,
                                             CLI_EXCEL_LONGOPT,
                                             {"jobs", required_argument, NULL, 'j'},
                                             {"help", no_argument, NULL, 'h'},
                                             {NULL, 0, NULL, 0}};
    char **corpus = calloc((size_t)argc + 1, sizeof *corpus);
    size_t ncorpus = 0;
    /* the corpus options; --stats is the output (a codebook is checked
     * on its own without -o) */
    cli_common o;
    cli_common_init(&o, "grille check", help);
    const char *gold = NULL, *stats = NULL;
    double broad = 10;
    int partial = 0, c, rc = EXIT_OK;
    char *end;
    optind = 1;
    while ((c = getopt_long(argc, argv, "j:h", longopts, NULL)) != -1) {
        switch (c) {
        case 'C': corpus[ncorpus++] = optarg; break;
        case 'g': gold = optarg; break;
        case 'P': partial = 1; break;
        case 'b':
            broad = strtod(optarg, &end);
            if (*end == '%') end++;
            if (*end || broad <= 0 || broad > 100) {
                fprintf(stderr, _("grille check: --broad takes a percentage above 0, at most 100\n"));
                free(corpus);
                return EXIT_INPUT;
            }
            break;
        case 's':
            stats = optarg;
            cli_protect_output(optarg);
            break;
        default:
            if (cli_common_option(&o, c, optarg, &rc) <= 0) {
                free(corpus);
                return rc;
            }
        }
    }
    if (optind >= argc || ((gold || stats) && !ncorpus) || (stats && argc - optind > 1)) {
        fprintf(stderr, _("grille check: %s\n%s"),
                optind >= argc               ? _("no codebook given")
                : stats && argc - optind > 1 ? _("--stats takes one codebook")
                                             : _("--gold and --stats need --corpus"),
                cli_help(help));
        free(corpus);
        return EXIT_INPUT;
    }
    int stats_fmt = GRILLE_FORMAT_TSV;
    if (stats || o.excel) {
        if (o.excel && !stats) {
            fprintf(stderr, _("grille check: --excel is for the --stats table\n"));
            stats_fmt = -1;
        } else
            stats_fmt =
                cli_output_format("grille check --stats", NULL, o.excel, stats, GRILLE_FORMAT_TSV,
                                  1u << GRILLE_FORMAT_TSV | 1u << GRILLE_FORMAT_CSV | 1u << GRILLE_FORMAT_MARKDOWN);
        if (stats_fmt < 0) {
            free(corpus);
            return EXIT_INPUT;
        }
    }
    for (int i = optind; i < argc; i++) {
        grille_diagnostics *d = NULL;
        grille_error err;
        grille_load_options opts = GRILLE_LOAD_OPTIONS_INIT;
        opts.lexicon = cli_lexicon();
        grille_codebook_source src = {.path = argv[i]};
        grille_codebook *cb = grille_codebook_open(&src, &opts, &d, &err);
        char buf[1200];
        for (size_t k = 0; k < grille_diagnostics_count(d); k++) {
            int is_error;
            const grille_error *e = grille_diagnostics_get(d, k, &is_error);
            fprintf(stderr, "%s%s\n", is_error ? "" : _("warning: "), grille_error_format(e, buf, sizeof buf));
        }
        if (cb) {
            size_t rules = 0, n = grille_codebook_theme_count(cb);
            for (size_t t = 0; t < n; t++) {
                grille_theme_info info;
                grille_codebook_theme_get(cb, t, &info);
                rules += info.rule_count;
            }
            /* TRANSLATORS: the start of "FILE: ok: 6 themes, 40 top-level rules, coding unit sentence" */
            printf(_("%s: ok: "), argv[i]);
            printf(ngettext("%zu theme", "%zu themes", n), n);
            fputs(", ", stdout);
            printf(ngettext("%zu top-level rule", "%zu top-level rules", rules), rules);
            printf(_(", coding unit %s\n"), grille_unit_kind_name(grille_codebook_unit(cb)));
            if (ncorpus) {
                int r2 = corpus_report(argv[i], cb, corpus, ncorpus, gold, broad, stats, stats_fmt, o.interviewers,
                                       o.jobs, partial);
                if (r2 > rc) rc = r2;
            }
        } else {
            if (grille_diagnostics_count(d) == 0) cli_report(&err);
            int e2 = cli_exit_code(err.code);
            if (e2 > rc) rc = e2;
        }
        grille_diagnostics_free(d);
        grille_codebook_free(cb);
    }
    free(corpus);
    if (fflush(stdout) != 0 || ferror(stdout)) {
        fprintf(stderr, _("grille check: error writing to standard output\n"));
        return EXIT_INTERNAL;
    }
    return rc;
}

/* common.c - what the commands that code transcripts share: the options
 * -c -o -f --interviewers -j -h, the format, the coding of the corpus. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

void cli_common_init(cli_common *o, const char *name, const char *help) {
    memset(o, 0, sizeof *o);
    o->name = name;
    o->help = help;
    o->jobs = cli_default_jobs();
}

int cli_common_option(cli_common *o, int c, const char *arg, int *rc) {
    switch (c) {
    case 'c': o->codebook = arg; return 1;
    case 'o': o->output = arg; cli_protect_output(arg); return 1;
    case 'f': o->format = arg; return 1;
    case 'I': o->interviewers = arg; cli_read_option(c, arg); return 1;
    case CLI_OPT_ENCODING: case CLI_OPT_VARIABLES: case CLI_OPT_SPEAKERS: case CLI_OPT_MAX_SIZE:
        cli_read_option(c, arg);
        return 1;
    case 'j': o->jobs = atoi(arg); return 1;
    case 'h': fputs(o->help, stdout); *rc = EXIT_OK; return -1;
    case '?': case ':': fputs(o->help, stderr); *rc = EXIT_INPUT; return -1;
    default: return 0;
    }
}

int cli_common_format(const cli_common *o, int fallback, unsigned allowed) {
    int fmt = o->format ? grille_format_parse(o->format) : cli_format_from_path(o->output, fallback);
    if (fmt < 0 || !(allowed >> fmt & 1)) {
        static const char *const names[] = {"tsv", "csv", "jsonl", "md"};
        char list[64] = "";
        int left = 0;
        for (int i = 0; i < 4; i++) left += allowed >> i & 1;
        for (int i = 0; i < 4; i++)
            if (allowed >> i & 1) {
                if (list[0]) strcat(list, --left == 0 ? " or " : ", ");
                else left--;
                strcat(list, names[i]);
            }
        fprintf(stderr, "%s: unknown format '%s' (%s)\n", o->name, o->format ? o->format : o->output, list);
        return -1;
    }
    return fmt;
}

int cli_common_code(const cli_common *o, int argc, char **argv, grille_codebook **cb, cli_run *run) {
    *cb = NULL;
    memset(run, 0, sizeof *run);
    if (optind >= argc) {
        fprintf(stderr, "%s: no transcript given\n%s", o->name, o->help);
        return EXIT_INPUT;
    }
    if (!(*cb = cli_load_codebook(o->codebook))) return EXIT_INPUT;
    return cli_code_corpus(*cb, argv + optind, (size_t)(argc - optind), o->interviewers, o->jobs, run);
}

void cli_common_done(grille_codebook *cb, cli_run *run) {
    cli_run_free(run);
    grille_codebook_free(cb);
}

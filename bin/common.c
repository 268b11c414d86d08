/* common.c - what the commands that code transcripts share: the options
 * -c -o -f --interviewers -j -h, the format, the coding of the corpus. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <getopt.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

void cli_common_init(cli_common *o, const char *name, const char *const *help) {
    memset(o, 0, sizeof *o);
    o->name = name;
    o->help = help;
    o->jobs = cli_default_jobs();
}

int cli_common_option(cli_common *o, int c, const char *arg, int *rc) {
    switch (c) {
    case 'c': o->codebook = arg; return 1;
    case 'o':
        o->output = arg;
        cli_protect_output(arg);
        return 1;
    case 'f': o->format = arg; return 1;
    case 'I':
        o->interviewers = arg;
        cli_read_option(c, arg);
        return 1;
    case CLI_OPT_ENCODING:
    case CLI_OPT_VARIABLES:
    case CLI_OPT_SPEAKERS:
    case CLI_OPT_MAX_SIZE: cli_read_option(c, arg); return 1;
    case 'j': o->jobs = atoi(arg); return 1;
    case CLI_OPT_EXCEL: o->excel = 1; return 1;
    case 'h':
        fputs(cli_help(o->help), stdout);
        *rc = EXIT_OK;
        return -1;
    case '?':
    case ':':
        fputs(cli_help(o->help), stderr);
        *rc = EXIT_INPUT;
        return -1;
    default: return 0;
    }
}

int cli_common_format(const cli_common *o, int fallback, unsigned allowed) {
    return cli_output_format(o->name, o->format, o->excel, o->output, fallback, allowed);
}

grille_codebook *cli_common_codebook(const cli_common *o, int argc) {
    if (optind >= argc) {
        fprintf(stderr, _("%s: no transcript given\n"), o->name);
        fputs(cli_help(o->help), stderr);
        return NULL;
    }
    return cli_load_codebook(o->codebook);
}

int cli_common_code(const cli_common *o, int argc, char **argv, grille_codebook **cb, cli_run *run) {
    memset(run, 0, sizeof *run);
    if (!(*cb = cli_common_codebook(o, argc))) return EXIT_INPUT;
    return cli_code_corpus(*cb, argv + optind, (size_t)(argc - optind), o->interviewers, o->jobs, run);
}

void cli_common_done(grille_codebook *cb, cli_run *run) {
    cli_run_free(run);
    grille_codebook_free(cb);
}

int cli_stream_begin(void *ctx) {
    cli_stream *s = ctx;
    int rc = cli_output_open(&s->out, s->path);
    if (rc == EXIT_OK) s->open = 1;
    if (rc == EXIT_OK && (!s->path || strcmp(s->path, "-") == 0) && isatty(STDOUT_FILENO)) cli_quiet_progress();
    return rc;
}

int cli_stream_end(cli_stream *s, int rc) {
    if (!s->open) return rc;
    int closed =
        s->st != GRILLE_OK ? cli_output_finish(&s->out, s->st, &s->err) : cli_output_close(&s->out, rc == EXIT_OK);
    return rc == EXIT_OK ? closed : rc;
}

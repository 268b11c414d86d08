/* help.c - the --help texts, in the locale's language: the blocks the
 * commands share, and their assembly. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <string.h>

/* TRANSLATORS: --help lines of the commands that write CSV; keep the
 * option and the column where the descriptions start */
const char cli_excel_help[] = N_("      --excel              CSV that French Excel opens on a double click: a\n"
                                 "                           UTF-8 byte order mark, ';' between fields, a\n"
                                 "                           decimal comma\n");

/* TRANSLATORS: --help lines of the commands that read transcripts */
const char cli_read_help[] = N_("      --interviewers LIST  comma-separated speaker labels of the interviewers,\n"
                                "                           overriding the transcripts' 'interviewers:' key\n"
                                "                           ('none': nobody interviews)\n"
                                "      --encoding NAME      encoding of plain-text transcripts (utf-8, utf-16,\n"
                                "                           windows-1252...; default: guessed, with a warning)\n"
                                "      --variables FILE     a table (CSV/TSV) of document variables, one row per\n"
                                "                           document (default: variables.csv in the corpus folder)\n"
                                "      --speakers FILE      a table of speakers: document, speaker, attributes\n"
                                "                           (default: speakers.csv in the corpus folder)\n"
                                "      --max-size MB        the largest transcript file read (default 512)\n");

const char *cli_help(const char *const *parts) {
    /* the longest help (export's) is under 4 KB in English; a
     * translation is longer: room for four times that */
    static char buf[16384];
    size_t used = 0;
    buf[0] = '\0';
    for (; *parts; parts++) {
        const char *t = _(*parts);
        size_t n = strlen(t);
        if (n >= sizeof buf - used) n = sizeof buf - used - 1;
        memcpy(buf + used, t, n);
        used += n;
        buf[used] = '\0';
    }
    return buf;
}

#define _GNU_SOURCE /* memrchr */
/* speakers.c - who speaks: speaker labels at the start of lines, which of
 * them are speakers, the conventions of transcripts where only the
 * questions (or only the answers) are labelled, and the interviewers.
 *
 * Every decision that could be wrong is either certain (a label declared
 * or repeated, a file format that says who speaks) or reported as a
 * warning: a speaker is never silently invented or dropped. */
#include "document.h"
#include "source.h"
#include "strmap.h"
#include "utf8.h"
#include <utf8proc.h>

/* Labels that mean "interviewer" when the transcript does not say. */
static const char *const builtin_interviewers[] = {
    "enquêteur", "enquêtrice", "enquêteurice", "enquêteur·rice", "enquêteur.rice", "enq", "intervieweur",
    "intervieweuse", "interviewer", "int", "chercheur", "chercheuse", "animateur", "animatrice", "modérateur",
    "modératrice", "question", "q", "e", "i",
    /* typed without accents */
    "enqueteur", "enquetrice", "enqueteurice", "moderateur", "moderatrice", NULL};

/* Words that start a line before a colon without naming a speaker. */
static const char *const not_speakers[] = {
    "alors",     "donc",     "bref",      "enfin",    "mais",     "et",   "ou",       "oui",        "non",
    "exemple",   "objectif", "objectifs", "contexte", "remarque", "note", "nb",       "attention",  "conclusion",
    "résumé",    "source",   "sources",   "rappel",   "voilà",    "bon",  "ensuite",  "puis",       "bah",
    "ben",       "euh",      "après",     "avant",    "là",       "ici",  "problème", "définition", "idée",
    "important", "résultat", "résultats", "bilan",    NULL};

/* First words of labels that name a speaker by role ("Participante 3",
 * "Élue n°2", "Dr Martin / ARS", "Mme Leroy"): such a label is a speaker
 * even when it is seen once. */
static const char *const role_words[] = {"participant",
                                         "participante",
                                         "participant·e",
                                         "part",
                                         "intervenant",
                                         "intervenante",
                                         "répondant",
                                         "répondante",
                                         "interviewé",
                                         "interviewée",
                                         "enquêté",
                                         "enquêtée",
                                         "élu",
                                         "élue",
                                         "élu·e",
                                         "elu",
                                         "elue",
                                         "coordinateur",
                                         "coordinatrice",
                                         "coordinateur·rice",
                                         "médecin",
                                         "docteur",
                                         "docteure",
                                         "dr",
                                         "pr",
                                         "infirmier",
                                         "infirmière",
                                         "habitant",
                                         "habitante",
                                         "usager",
                                         "usagère",
                                         "professionnel",
                                         "professionnelle",
                                         "partenaire",
                                         "directeur",
                                         "directrice",
                                         "chargé",
                                         "chargée",
                                         "chargé·e",
                                         "chef",
                                         "cheffe",
                                         "adjoint",
                                         "adjointe",
                                         "maire",
                                         "conseiller",
                                         "conseillère",
                                         "mme",
                                         "madame",
                                         "m",
                                         "monsieur",
                                         "mlle",
                                         "mr",
                                         "président",
                                         "présidente",
                                         "représentant",
                                         "représentante",
                                         "agent",
                                         "agente",
                                         "responsable",
                                         "délégué",
                                         "déléguée",
                                         "pharmacien",
                                         "pharmacienne",
                                         "psychologue",
                                         "éducateur",
                                         "éducatrice",
                                         "assistant",
                                         "assistante",
                                         "cadre",
                                         "membre",
                                         "bénévole",
                                         "référent",
                                         "référente",
                                         "témoin",
                                         "locuteur",
                                         "locutrice",
                                         "patient",
                                         "patiente",
                                         "aidant",
                                         "aidante",
                                         "sage-femme",
                                         "travailleur",
                                         "travailleuse",
                                         "personne",
                                         NULL};

/* Domain acronyms that start lines of speech ("ARS : ...") and are not
 * initials. */
static const char *const acronyms[] = {"ars",  "cls",  "asv",   "pmi",   "cmp",    "qpv", "caf", "msp",  "cpam",
                                       "clsm", "cpts", "ccas",  "epci",  "petr",   "pnr", "ors", "pts",  "ptsm",
                                       "dac",  "ddcs", "ehpad", "copil", "cotech", "fts", "ist", "ists", "rsa",
                                       "ald",  "pcs",  "cdd",   "cdi",   "etp",    NULL};

static int in_list(const char *const *list, const char *s) {
    /* the first letters compared before a call (asked for every word of
     * a label, the lists' words mostly start otherwise) */
    for (size_t i = 0; list[i]; i++)
        if (list[i][0] == s[0] && strcmp(list[i], s) == 0) return 1;
    return 0;
}

/* ------------------------------------------------------------------ */
/* text helpers                                                        */

static int is_hspace(const char *s, size_t i, size_t end, size_t *len) {
    unsigned char c = (unsigned char)s[i];
    if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v') {
        *len = 1;
        return 1;
    }
    /* NBSP and narrow NBSP: French typography puts them before ':' */
    if (c == 0xC2 && i + 1 < end && (unsigned char)s[i + 1] == 0xA0) {
        *len = 2;
        return 1;
    }
    if (c == 0xE2 && i + 2 < end && (unsigned char)s[i + 1] == 0x80 &&
        ((unsigned char)s[i + 2] == 0xAF || (unsigned char)s[i + 2] == 0x89)) {
        *len = 3;
        return 1;
    }
    return 0;
}

/* (inlined: called for every line and every space of a label, a call
 * each was 1.5% of coding debates) */
static GRILLE_ALWAYS_INLINE size_t skip_hspace(const char *s, size_t i, size_t end) {
    size_t k;
    for (;;) {
        /* indented lines: runs of spaces and tabs, without a call each */
        if (i < end) i += utf8_blank_run(s + i, end - i);
        /* most often a letter: no call */
        if (i >= end || ((unsigned char)s[i] > '\r' && (unsigned char)s[i] < 0x80) || !is_hspace(s, i, end, &k))
            return i;
        i += k;
    }
}

static GRILLE_ALWAYS_INLINE size_t trim_end(const char *s, size_t start, size_t end) {
    while (end > start) {
        unsigned char c = (unsigned char)s[end - 1];
        if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v' || c == '\n') end--;
        else if (end - start >= 2 && c == 0xA0 && (unsigned char)s[end - 2] == 0xC2) end -= 2;
        else if (end - start >= 3 && (c == 0xAF || c == 0x89) && (unsigned char)s[end - 2] == 0x80 &&
                 (unsigned char)s[end - 3] == 0xE2)
            end -= 3;
        else break;
    }
    return end;
}

static size_t skip_blank_lines(const char *t, size_t i, size_t end) {
    while (i < end && (t[i] == '\n' || t[i] == ' ' || t[i] == '\t' || t[i] == '\r')) i++;
    return i;
}

/* Letters and combining marks (NFD text writes "ê" as e + U+0302). */
static int is_label_letter(const char *s, size_t i, size_t end, size_t *len) {
    int32_t cp;
    *len = (size_t)utf8_decode((const unsigned char *)s + i, &cp);
    if (i + *len > end) return 0;
    if (cp < 0x80) return (cp | 0x20) >= 'a' && (cp | 0x20) <= 'z';
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME);
}

/* Whether s[0..len) is ASCII and precomposed Latin-1 letters (C3 xx) or
 * Œ œ Ÿ only, but ß: text that is already NFC and whose case folding is
 * utf8_lower_latin()'s (ß folds to "ss", and the other blocks hold
 * letters that fold elsewhere or combining marks). */
static int plain_latin(const char *s, size_t len) {
    for (size_t i = 0; i < len; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) continue;
        unsigned char d = i + 1 < len ? (unsigned char)s[i + 1] : 0;
        if (!((c == 0xC3 && d >= 0x80 && d <= 0xBF && d != 0x9F) ||
              (c == 0xC5 && (d == 0x92 || d == 0x93 || d == 0xB8))))
            return 0;
        i++;
    }
    return 1;
}

const char *document_fold_label_tmp(const char *s, size_t len, char *buf, size_t cap, char **owned) {
    *owned = NULL;
    if (len < cap && plain_latin(s, len)) {
        /* no allocation: what is only compared cannot fail for memory */
        utf8_lower_latin(s, len, buf);
        buf[len] = '\0';
        return buf;
    }
    return *owned = document_fold_label(s, len);
}

char *document_fold_label(const char *s, size_t len) {
    if (plain_latin(s, len)) {
        /* most labels are ASCII or French letters: lower-casing is all
         * folding does to them (utf8proc_map cost 3,600 instructions a
         * label, a seventh of finding the turns of a debate) */
        char *f = malloc(len + 1);
        if (!f) return NULL;
        utf8_lower_latin(s, len, f);
        f[len] = '\0';
        return f;
    }
    utf8proc_uint8_t *out = NULL;
    utf8proc_ssize_t n = utf8proc_map((const utf8proc_uint8_t *)s, (utf8proc_ssize_t)len, &out,
                                      UTF8PROC_STABLE | UTF8PROC_COMPOSE | UTF8PROC_CASEFOLD);
    if (n < 0) {
        free(out);
        return NULL;
    }
    return (char *)out;
}

/* From the line index (document_index_lines()): a call of memchr for
 * each line was a few percent of loading text of short lines. */
size_t document_line_end(const grille_document *doc, size_t i) {
    if (i >= doc->size) return doc->size;
    size_t next = document_line_at(doc, i); /* the next line's index */
    return next < doc->nlines ? doc->line_starts[next] - 1 : doc->size;
}

/* ------------------------------------------------------------------ */
/* labels                                                              */

typedef struct label_hit {
    size_t line_start;
    size_t label_b0, label_b1;
    size_t content; /* where the speech starts */
    long time_ms;
    int cand;       /* index of its folded label */
    int own_line;   /* alone on its line, the speech below */
    int time_below; /* its time is the next line, the speech after it */
    int bracketed;  /* "[Label]" */
} label_hit;

static size_t skip_markup(const char *t, size_t i, size_t end) {
    while (i + 1 < end && ((t[i] == '*' && t[i + 1] == '*') || (t[i] == '_' && t[i + 1] == '_'))) i += 2;
    return i;
}

/* "[00:12:31]", "(12:31)", "[00:12:31.500]": milliseconds, or -1. */
static long parse_timestamp(const char *t, size_t b, size_t e) {
    long parts[3] = {0, 0, 0}, frac = 0, scale = 1;
    int n = 0, in_frac = 0, digits = 0;
    for (size_t i = b; i < e; i++) {
        char c = t[i];
        if (c >= '0' && c <= '9') {
            if (in_frac) {
                if (scale < 1000) {
                    frac = frac * 10 + (c - '0');
                    scale *= 10;
                }
            } else {
                if (parts[n] > 100000) return -1;
                parts[n] = parts[n] * 10 + (c - '0');
            }
            digits++;
        } else if (c == ':' && !in_frac) {
            if (++n > 2) return -1;
        } else if ((c == '.' || c == ',') && !in_frac) in_frac = 1;
        else return -1;
    }
    if (!digits || n == 0) return -1;
    long sec = n == 2 ? parts[0] * 3600 + parts[1] * 60 + parts[2] : parts[0] * 60 + parts[1];
    while (scale < 1000) {
        frac *= 10;
        scale *= 10;
    }
    return sec * 1000 + frac;
}

/* A line holding a time only ("00:00:03", "[0:05]"): its milliseconds,
 * or -1. */
static long bare_time(const char *t, size_t ls, size_t le) {
    size_t i = skip_hspace(t, ls, le);
    /* a line of speech, at its first character (asked of every line) */
    if (i < le &&
        !((t[i] >= '0' && t[i] <= '9') || t[i] == ':' || t[i] == '.' || t[i] == ',' || t[i] == '[' || t[i] == '('))
        return -1;
    size_t e = trim_end(t, i, le);
    if (i < e && (t[i] == '[' || t[i] == '(') && (t[e - 1] == ']' || t[e - 1] == ')')) i++, e--;
    if (i >= e || !memchr(t + i, ':', e - i)) return -1;
    return parse_timestamp(t, i, e);
}

/* One character that may sit inside a label besides letters and digits:
 * returns its length, or 0. */
static size_t label_punct(const char *t, size_t i, size_t le) {
    unsigned char c = (unsigned char)t[i];
    if (c == '-' || c == '\'' || c == '.' || c == ',' || c == '_' || c == '(' || c == ')' || c == '/' || c == '&' ||
        c == '+')
        return 1;
    if (c == 0xC2 && i + 1 < le) {
        unsigned char d = (unsigned char)t[i + 1];
        if (d == 0xB7 || d == 0xB0 || d == 0xBA) return 2; /* · ° º */
    }
    if (c == 0xE2 && i + 2 < le && (unsigned char)t[i + 1] == 0x80) {
        unsigned char d = (unsigned char)t[i + 2];
        if (d == 0x99 || d == 0x93 || d == 0x94 || d == 0xA7) return 3; /* ’ – — ‧ */
    }
    return 0;
}

/* A bullet before a label: "- ", "– ", "• ", "* " (not "**"). */
static size_t skip_bullet(const char *t, size_t i, size_t le) {
    size_t n = 0;
    if (i < le && (t[i] == '-' || (t[i] == '*' && !(i + 1 < le && t[i + 1] == '*')))) n = 1;
    else if (i + 2 < le && (unsigned char)t[i] == 0xE2 && (unsigned char)t[i + 1] == 0x80 &&
             ((unsigned char)t[i + 2] == 0x93 || (unsigned char)t[i + 2] == 0xA2))
        n = 3; /* – • */
    if (n && i + n < le && (t[i + n] == ' ' || t[i + n] == '\t')) return skip_hspace(t, i + n, le);
    return i;
}

/* "Speaker 1  0:05", "Jean Dupont 00:01:23": where a time that ends the
 * line starts (before its spaces), or le. */
static size_t trailing_time(const char *t, size_t ls, size_t le, long *ms) {
    size_t e = trim_end(t, ls, le), b = e;
    while (b > ls && ((t[b - 1] >= '0' && t[b - 1] <= '9') || t[b - 1] == ':')) b--;
    if (b == e || b == ls || (t[b - 1] != ' ' && t[b - 1] != '\t') || !memchr(t + b, ':', e - b)) return le;
    long v = parse_timestamp(t, b, e);
    if (v < 0) return le;
    *ms = v;
    return trim_end(t, ls, b);
}

/* The most words and bytes of a label. */
#define LABEL_WORDS 12
#define LABEL_BYTES 120

/* The label's characters from b0: returns where they stop (a ':' or the
 * end), 0 when something that is no label's is met. */
static size_t scan_label(const char *t, size_t b0, size_t le, size_t *last, size_t *words) {
    size_t i = b0, k;
    *words = 1;
    *last = i;
    while (i < le) {
        unsigned char c = (unsigned char)t[i];
        if (c == ':' || c == ']') break;
        /* a label is short: a line of prose is given up on at once (as
         * match_label() would after the scan), and a huge line bounded */
        if (i - b0 > 160 || *words > LABEL_WORDS || *last - b0 > LABEL_BYTES) return 0;
        if ((unsigned)((c | 0x20) - 'a') < 26u || (unsigned)(c - '0') < 10u) {
            /* ASCII letters and digits, as below, without the calls and
             * up to the byte the bound above looks at: the start of every
             * line of a transcript comes here */
            size_t lim = le - b0 > 161 ? b0 + 161 : le;
            do i++;
            while (i < lim && ((unsigned)((t[i] | 0x20) - 'a') < 26u || (unsigned)(t[i] - '0') < 10u));
            *last = i;
            continue;
        }
        if (c == ' ' || c == '\t' || is_hspace(t, i, le, &k)) {
            size_t j = skip_hspace(t, i, le);
            if (j < le && t[j] != ':' && !(t[j] == '*' && j + 1 < le && t[j + 1] == '*')) (*words)++;
            /* more words than a label alone on its line: one that ends
             * on a colon or a bracket, or none (a line of prose, given
             * up on without reading the rest) */
            if (*words == 5 && !memchr(t + j, ':', le - j) && !memchr(t + j, ']', le - j)) return 0;
            i = j;
            continue;
        }
        if ((c == '*' || c == '_') && i + 1 < le && t[i + 1] == c) {
            size_t j = skip_hspace(t, skip_markup(t, i, le), le);
            if (j < le && t[j] == ':') return j;
            if (j >= le) return le;
            return 0;
        }
        if (is_label_letter(t, i, le, &k) || (c >= '0' && c <= '9')) {
            i += c < 0x80 ? 1 : k;
            *last = i;
            continue;
        }
        size_t p = label_punct(t, i, le);
        if (!p) return 0;
        i += p;
        *last = i;
    }
    return i;
}

/* Recognises "[00:12:31] **Coordinatrice** : text" and its variants at
 * line [ls, le): "- Enquêtrice : ...", "[SPEAKER_00] ...", and a label
 * alone on its line, maybe with a time ("Speaker 1  0:05"), the speech
 * on the next lines.  Returns 1 and fills *h when the line starts with a
 * label. */
static int match_label(const char *t, size_t ls, size_t le, long next_time, label_hit *h) {
    size_t i = skip_bullet(t, skip_hspace(t, ls, le), le), k;
    h->time_ms = -1;
    h->own_line = h->bracketed = h->time_below = 0;
    if (i < le && (t[i] == '[' || t[i] == '(')) {
        char close = t[i] == '[' ? ']' : ')';
        size_t j = i + 1;
        while (j < le && ((t[j] >= '0' && t[j] <= '9') || t[j] == ':' || t[j] == '.' || t[j] == ',')) j++;
        if (j < le && t[j] == close && j > i + 1) {
            h->time_ms = parse_timestamp(t, i + 1, j);
            i = skip_hspace(t, j + 1, le);
        } else if (t[i] == '[' && i + 1 < le && is_label_letter(t, i + 1, le, &k)) {
            h->bracketed = 1;
            i++;
        } else return 0;
    }
    /* "00:00:12 Enquêtrice :" or "1:02 Enquêtrice :", as Word and
     * transcription services write times without brackets */
    if (h->time_ms < 0 && i < le && t[i] >= '0' && t[i] <= '9') {
        size_t j = i;
        while (j < le && ((t[j] >= '0' && t[j] <= '9') || t[j] == ':' || t[j] == '.' || t[j] == ',')) j++;
        long ms = j < le && (t[j] == ' ' || t[j] == '\t') && memchr(t + i, ':', j - i) ? parse_timestamp(t, i, j) : -1;
        if (ms < 0) return 0;
        h->time_ms = ms;
        i = skip_hspace(t, j, le);
    }
    i = skip_markup(t, i, le);
    size_t b0 = i, last, words;
    if (i >= le || !is_label_letter(t, i, le, &k)) return 0;
    long line_time = -1;
    size_t end = h->bracketed ? le : trailing_time(t, ls, le, &line_time);
    i = scan_label(t, b0, end, &last, &words);
    if (!i || words > LABEL_WORDS || last - b0 > LABEL_BYTES) return 0;
    size_t after;
    if (h->bracketed) {
        /* "[SPEAKER_00] text" or "[Enquêtrice] : text" */
        if (i >= le || t[i] != ']') return 0;
        after = skip_hspace(t, i + 1, le);
        if (after < le && t[after] == ':') after++;
    } else if (i >= end) {
        /* alone on its line: a few words, the speech below; "Exactement."
         * or "D'accord" alone on a line is an answer, not a name */
        size_t e = trim_end(t, b0, end);
        if (words > 4 || e == b0) return 0;
        unsigned char lc = (unsigned char)t[e - 1];
        if (lc == '.' || lc == '!' || lc == '?' || lc == ',' || lc == ';' || lc == 0xA6 /* … */) return 0;
        /* "Enquêtrice" alone, then "00:00:03" on the next line */
        if (line_time < 0 && next_time >= 0) {
            line_time = next_time;
            h->time_below = 1;
        }
        if (words == 1 && line_time < 0) return 0;
        h->own_line = 1;
        if (line_time >= 0) h->time_ms = line_time;
        after = le;
    } else {
        if (t[i] != ':') return 0;
        /* "10:30" or "http://": a label's colon is followed by space or EOL */
        if (i + 1 < le && t[i + 1] != ' ' && t[i + 1] != '\t' && t[i + 1] != '\r' && t[i + 1] != '*' &&
            t[i + 1] != '_' && !is_hspace(t, i + 1, le, &k))
            return 0;
        after = i + 1;
    }
    size_t b1 = last;
    while (b1 > b0 && (t[b1 - 1] == '.' || t[b1 - 1] == ',' || t[b1 - 1] == '-' || t[b1 - 1] == '/')) b1--;
    b1 = trim_end(t, b0, b1);
    if (b1 == b0) return 0;
    h->line_start = ls;
    h->label_b0 = b0;
    h->label_b1 = b1;
    h->content = after >= le ? le : skip_hspace(t, skip_markup(t, after, le), le);
    return 1;
}

/* ------------------------------------------------------------------ */
/* which labels are speakers                                           */

/* Whether a label is in a comma-separated list (compared folded). */
static int label_in_list(const char *folded, const char *list) {
    if (!list) return 0;
    const char *p = list;
    while (*p) {
        while (*p == ' ' || *p == ',') p++;
        const char *e = p;
        while (*e && *e != ',') e++;
        size_t n = (size_t)(e - p);
        while (n && p[n - 1] == ' ') n--;
        if (n) {
            char buf[128], *owned;
            const char *f = document_fold_label_tmp(p, n, buf, sizeof buf, &owned);
            int same = f && strcmp(f, folded) == 0;
            free(owned);
            if (same) return 1;
        }
        p = e;
    }
    return 0;
}

/* "interviewers: none": the document has no interviewer. */
static int says_nobody(const char *list) {
    if (!list) return 0;
    while (*list == ' ') list++;
    static const char *const nobody[] = {"none", "aucun", "aucune", "personne", "-", NULL};
    for (size_t i = 0; nobody[i]; i++) {
        size_t n = strlen(nobody[i]), k = 0;
        while (k < n && list[k] && (list[k] | 0x20) == nobody[i][k]) k++;
        if (k == n && (list[n] == '\0' || list[n] == ' ')) return 1;
    }
    return 0;
}

static int is_builtin_interviewer(const char *folded) {
    for (size_t i = 0; builtin_interviewers[i]; i++) {
        const char *d = builtin_interviewers[i];
        size_t n = strlen(d);
        if (strncmp(folded, d, n) != 0) continue;
        char next = folded[n];
        /* "enquêtrice", "enquêtrice 2", "e1" but not "emma" */
        if (next == '\0' || next == ' ' || next == '(' || (next >= '0' && next <= '9')) return 1;
    }
    return 0;
}

static int starts_upper(const char *s) {
    int32_t cp;
    utf8_decode((const unsigned char *)s, &cp);
    return cp < 0x80 ? (cp >= 'A' && cp <= 'Z') : utf8proc_category(cp) == UTF8PROC_CATEGORY_LU;
}

static int is_particle(const char *w, size_t n) {
    static const char *const particles[] = {"de", "du", "des", "la", "le", "d'", "van", "von", "di", "da", NULL};
    for (size_t i = 0; particles[i]; i++)
        if (strlen(particles[i]) == n && memcmp(particles[i], w, n) == 0) return 1;
    return 0;
}

/* "Coordinatrice", "Paul", "Philippe Le Ray": capitalised words. */
static int looks_like_name(const char *s, size_t n) {
    if (n == 0 || !starts_upper(s)) return 0;
    size_t words = 0;
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        words++;
        if (!starts_upper(s + w) && !is_particle(s + w, i - w)) return 0;
    }
    return words <= 4;
}

/* "Jean Dupont", "Speaker 1", "Mme Le Ray": capitalised words and
 * numbers only (a section title such as "Rappel au règlement" is not). */
static int name_words(const char *s, size_t n) {
    for (size_t i = 0; i < n;) {
        while (i < n && s[i] == ' ') i++;
        size_t w = i;
        while (i < n && s[i] != ' ') i++;
        if (i == w) break;
        if (!starts_upper(s + w) && !(s[w] >= '0' && s[w] <= '9') && !is_particle(s + w, i - w)) return 0;
    }
    return 1;
}

/* The first word of a folded label, without a trailing period. */
static size_t first_word(const char *folded, char *out, size_t cap) {
    size_t n = 0;
    while (folded[n] && folded[n] != ' ' && n + 1 < cap) {
        out[n] = folded[n];
        n++;
    }
    while (n && out[n - 1] == '.') n--;
    out[n] = '\0';
    return n;
}

/* "C2", "P10", "E3", "LB", "L.B.", "JPL": codes and initials. */
static int looks_like_code(const char *s, size_t n, const char *folded) {
    if (n >= 2 && n <= 4 && s[0] >= 'A' && s[0] <= 'Z') {
        size_t i = 1;
        while (i < n && s[i] >= '0' && s[i] <= '9') i++;
        if (i == n) return 1;
    }
    size_t letters = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] >= 'A' && s[i] <= 'Z') letters++;
        else if (s[i] != '.') return 0;
    }
    return letters >= 2 && letters <= 3 && !in_list(acronyms, folded);
}

/* The first word a role, and something that tells this one apart: a
 * number, an initial, a name ("Participante 3", "Élue n°2"). */
static int looks_like_role(const char *s, size_t n, const char *folded) {
    char w[48];
    size_t k = first_word(folded, w, sizeof w);
    if (!k) return 0;
    int code = 0;
    /* "P1 – infirmière": a code, then what the person does */
    size_t e = 0;
    while (e < n && s[e] != ' ') e++;
    if (looks_like_code(s, e, w)) code = 1;
    if (!code && !in_list(role_words, w)) return 0;
    if (code) return 1;
    size_t words = 1;
    for (size_t i = 0; folded[i]; i++)
        if (folded[i] == ' ' && folded[i + 1] && folded[i + 1] != ' ') words++;
    return words >= 2 && words <= 8;
}

typedef struct cand {
    char *folded;
    size_t count, first_hit;
    grille_speaker_reason reason; /* NONE: not a speaker */
} cand;

typedef struct ctx {
    grille_document *doc;
    const char *interviewers; /* declared list, or NULL */
    const char *declared;     /* header `speakers:` */
    const grille_read_options *opts;
    int nobody; /* interviewers: none */
    label_hit *hits;
    size_t nhits, caphits;
    cand *cands;
    size_t ncands, capcands;
    strmap known; /* folded label -> speaker index */
} ctx;

static int declared_in_table(const ctx *c, const char *folded);

static grille_speaker_reason judge(const ctx *c, const cand *k, const label_hit *h) {
    const char *t = c->doc->text;
    const char *s = t + h->label_b0;
    size_t n = h->label_b1 - h->label_b0;
    if (label_in_list(k->folded, c->declared) || label_in_list(k->folded, c->interviewers) ||
        declared_in_table(c, k->folded))
        return GRILLE_SPEAKER_DECLARED;
    if (document_is_header_word(k->folded) || in_list(not_speakers, k->folded)) return GRILLE_SPEAKER_NONE;
    if (!c->interviewers && is_builtin_interviewer(k->folded)) return GRILLE_SPEAKER_BUILTIN;
    /* a line holding a name only, or "[rires]": a speaker only when it
     * comes back, and written like a name */
    if ((h->own_line || h->bracketed) &&
        (k->count < 2 || !starts_upper(s) || (h->own_line && !name_words(s, n) && !looks_like_code(s, n, k->folded))))
        return GRILLE_SPEAKER_NONE;
    if (k->count >= 2) return GRILLE_SPEAKER_REPEATED;
    /* "ARS : elle finance..." once is speech about the ARS */
    if (in_list(acronyms, k->folded)) return GRILLE_SPEAKER_NONE;
    if (looks_like_code(s, n, k->folded)) return GRILLE_SPEAKER_CODE;
    if (looks_like_role(s, n, k->folded)) return GRILLE_SPEAKER_NAME;
    if (looks_like_name(s, n)) return GRILLE_SPEAKER_NAME;
    return GRILLE_SPEAKER_NONE;
}

/* ------------------------------------------------------------------ */
/* the speakers table                                                  */


static int declared_in_table(const ctx *c, const char *folded) {
    return c->opts && c->opts->speakers && table_speaker_declared(c->opts->speakers, c->doc, folded);
}

/* ------------------------------------------------------------------ */
/* speakers and raw turns                                              */

/* The speaker with this folded label, added when new.  The document's
 * speakers are found through a hash map: a corpus of public hearings can
 * have 100,000 of them. */
static int add_speaker(grille_document *doc, strmap *known, const char *label, size_t n, const char *folded,
                       grille_speaker_reason reason, size_t line, size_t *idx) {
    int created;
    int *slot = strmap_put(known, folded, strlen(folded), &created);
    if (!slot) return GRILLE_ENOMEM;
    if (!created) {
        *idx = (size_t)*slot;
        return GRILLE_OK;
    }
    if (GROW(doc->speakers, doc->nspeakers, doc->capspeakers)) return GRILLE_ENOMEM;
    dspeaker *sp = &doc->speakers[doc->nspeakers];
    memset(sp, 0, sizeof *sp);
    sp->label = grille_strndup(label, n);
    sp->folded = grille_strdup(folded);
    if (!sp->label || !sp->folded) {
        free(sp->label);
        free(sp->folded);
        return GRILLE_ENOMEM;
    }
    sp->reason = reason;
    sp->first_line = line;
    *slot = (int)doc->nspeakers;
    *idx = doc->nspeakers++;
    return GRILLE_OK;
}

typedef struct rturn {
    size_t b0, b1; /* the speech */
    size_t speaker;
    long time_ms;
} rturn;

typedef struct rturns {
    rturn *v;
    size_t n, cap;
} rturns;

static int push_turn(rturns *r, size_t b0, size_t b1, size_t speaker, long time_ms) {
    if (GROW(r->v, r->n, r->cap)) return GRILLE_ENOMEM;
    r->v[r->n++] = (rturn){b0, b1, speaker, time_ms};
    return GRILLE_OK;
}

/* Trims a span to its non-blank content; b1 may become b0. */
static void trim_span(const char *t, size_t *b0, size_t *b1) {
    *b0 = skip_blank_lines(t, *b0, *b1);
    *b1 = trim_end(t, *b0, *b1);
}

/* The last non-blank line of [b0, b1): its start, or b1 when the span
 * holds one line only. */
static size_t last_paragraph(const grille_document *doc, size_t b0, size_t b1) {
    const char *t = doc->text;
    b0 = skip_blank_lines(t, b0, b1);
    size_t e = trim_end(t, b0, b1);
    const char *nl = e > b0 ? memrchr(t + b0, '\n', e - b0) : NULL;
    if (!nl) return b1;
    return skip_blank_lines(t, (size_t)(nl - t) + 1, e);
}

static int ends_with_question(const char *t, size_t b0, size_t b1) {
    size_t e = trim_end(t, b0, b1);
    while (e > b0 && (t[e - 1] == ')' || t[e - 1] == '"' || t[e - 1] == '*' || t[e - 1] == '_')) e--;
    /* "? »" */
    if (e >= b0 + 2 && (unsigned char)t[e - 1] == 0xBB && (unsigned char)t[e - 2] == 0xC2) e = trim_end(t, b0, e - 2);
    return e > b0 && t[e - 1] == '?';
}

/* ------------------------------------------------------------------ */
/* finishing: roles, conventions, turns, warnings                      */

static void set_roles(ctx *c) {
    grille_document *doc = c->doc;
    for (size_t i = 0; i < doc->nspeakers; i++) {
        dspeaker *sp = &doc->speakers[i];
        if (c->nobody || !sp->folded[0]) sp->interviewer = 0;
        else if (c->interviewers)
            sp->interviewer = sp->declared_interviewer = label_in_list(sp->folded, c->interviewers);
        else sp->interviewer = is_builtin_interviewer(sp->folded);
    }
}

static size_t count_interviewers(const grille_document *doc, size_t *others) {
    size_t n = 0;
    *others = 0;
    for (size_t i = 0; i < doc->nspeakers; i++) {
        if (doc->speakers[i].interviewer) n++;
        else if (doc->speakers[i].folded[0]) (*others)++;
    }
    return n;
}

/* Only the questions are labelled: after an interviewer's first line, the
 * unlabelled paragraphs are the answer. */
static int split_answers(ctx *c, rturns *r) {
    grille_document *doc = c->doc;
    const char *t = doc->text;
    rturns out = {0};
    size_t resp = (size_t)-1, split = 0;
    int rc = GRILLE_OK;
    for (size_t i = 0; i < r->n && rc == GRILLE_OK; i++) {
        rturn tu = r->v[i];
        size_t le = tu.b0 < tu.b1 ? document_line_end(doc, tu.b0) : tu.b1;
        if (le > tu.b1) le = tu.b1;
        size_t a0 = le, a1 = tu.b1;
        trim_span(t, &a0, &a1);
        if (!doc->speakers[tu.speaker].interviewer || a0 >= a1) {
            rc = push_turn(&out, tu.b0, tu.b1, tu.speaker, tu.time_ms);
            continue;
        }
        if (resp == (size_t)-1 && (rc = add_speaker(doc, &c->known, "(répondant)", strlen("(répondant)"), "(répondant)",
                                                    GRILLE_SPEAKER_UNLABELLED, document_line_at(doc, a0), &resp)))
            break;
        if ((rc = push_turn(&out, tu.b0, trim_end(t, tu.b0, le), tu.speaker, tu.time_ms))) break;
        rc = push_turn(&out, a0, a1, resp, -1);
        split++;
    }
    if (rc) {
        free(out.v);
        return rc;
    }
    free(r->v);
    *r = out;
    if (split)
        return document_note(doc, SIZE_MAX,
                             "only the interviewer's turns are labelled: the unlabelled paragraphs "
                             "after %zu of them are taken as the answers of '(répondant)'",
                             split);
    return GRILLE_OK;
}

/* Only the answers are labelled: a paragraph ending with '?' right before
 * a label is the interviewer's question, when that happens before most
 * answers.  preamble_q: where such a question starts in the preamble. */
static int split_questions(ctx *c, rturns *r, size_t preamble_q, size_t preamble_end) {
    grille_document *doc = c->doc;
    const char *t = doc->text;
    size_t found = preamble_q != SIZE_MAX, respondents = 0;
    for (size_t i = 0; i + 1 < r->n; i++) {
        size_t lp = last_paragraph(doc, r->v[i].b0, r->v[i].b1);
        respondents++;
        if (lp < r->v[i].b1 && ends_with_question(t, lp, r->v[i].b1)) found++;
    }
    if (found < 2 || found * 10 < respondents * 4) return GRILLE_OK;
    size_t q;
    if (add_speaker(doc, &c->known, "(question)", strlen("(question)"), "(question)", GRILLE_SPEAKER_UNLABELLED, 0, &q))
        return GRILLE_ENOMEM;
    doc->speakers[q].interviewer = 1;
    rturns out = {0};
    int rc = GRILLE_OK;
    if (preamble_q != SIZE_MAX) rc = push_turn(&out, preamble_q, trim_end(t, preamble_q, preamble_end), q, -1);
    for (size_t i = 0; i < r->n && rc == GRILLE_OK; i++) {
        rturn tu = r->v[i];
        size_t lp = i + 1 < r->n ? last_paragraph(doc, tu.b0, tu.b1) : tu.b1;
        if (lp < tu.b1 && ends_with_question(t, lp, tu.b1)) {
            if (!(rc = push_turn(&out, tu.b0, trim_end(t, tu.b0, lp), tu.speaker, tu.time_ms)))
                rc = push_turn(&out, lp, trim_end(t, lp, tu.b1), q, -1);
        } else rc = push_turn(&out, tu.b0, tu.b1, tu.speaker, tu.time_ms);
    }
    if (rc) {
        free(out.v);
        return rc;
    }
    free(r->v);
    *r = out;
    return document_note(doc, SIZE_MAX,
                         "no interviewer label: the %zu unlabelled paragraphs ending with '?' "
                         "before a speaker's label are taken as the interviewer's questions "
                         "('(question)', not coded)",
                         found);
}

/* Runs of letters, digits or non-ASCII bytes: the word counts that
 * `grille speakers` shows (coding counts words with the tokenizer). */
static unsigned is_word_byte(unsigned char c) {
    return (unsigned)((unsigned)((c | 0x20) - 'a') < 26u) | (unsigned)((unsigned)(c - '0') < 10u) | (unsigned)(c >> 7);
}

/* Bit 7 of each byte of w set when that byte is a word byte.  On the
 * low seven bits each comparison is an addition that cannot carry into
 * the next byte. */
static uint64_t word_bytes(uint64_t w) {
    uint64_t a = w & BYTES(0x7F), lower = a | BYTES(0x20);
    uint64_t letter = (lower + BYTES(0x80 - 'a')) & ~(lower + BYTES(0x7F - 'z'));
    uint64_t digit = (a + BYTES(0x80 - '0')) & ~(a + BYTES(0x7F - '9'));
    return (letter | digit | w) & BYTES(0x80);
}

/* Counted 8 bytes at a time: every load of every transcript counts its
 * turns' words, and byte by byte that was a tenth of reading a file. */
static size_t count_words(const char *t, size_t b0, size_t b1) {
    size_t n = 0, i = b0;
    unsigned in = 0;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint64_t carry = 0; /* bit 7: the byte before the chunk is a word byte */
    for (; i + 8 <= b1; i += 8) {
        uint64_t w;
        memcpy(&w, t + i, 8);
        uint64_t word = word_bytes(w), starts = word & ~((word << 8) | carry);
        /* one bit per byte: a multiply sums them into the top byte */
        n += (size_t)(((starts >> 7) * BYTES(1)) >> 56);
        carry = word >> 56;
    }
    in = (unsigned)(carry >> 7);
#endif
    for (; i < b1; i++) {
        unsigned w = is_word_byte((unsigned char)t[i]);
        n += w & ~in;
        in = w;
    }
    return n;
}

/* Nobody declared: a speaker who speaks first and asks most of the
 * questions is the interviewer. */
static int guess_interviewer(ctx *c, const rturns *r) {
    grille_document *doc = c->doc;
    if (c->interviewers || c->nobody || r->n < 4) return GRILLE_OK;
    size_t others, n = count_interviewers(doc, &others);
    if (n || others < 2) return GRILLE_OK;
    size_t ns = doc->nspeakers;
    size_t *turns = calloc(ns, sizeof *turns), *questions = calloc(ns, sizeof *questions);
    if (!turns || !questions) {
        free(turns);
        free(questions);
        return GRILLE_ENOMEM;
    }
    for (size_t i = 0; i < r->n; i++) {
        turns[r->v[i].speaker]++;
        const char *t = doc->text;
        if (memchr(t + r->v[i].b0, '?', r->v[i].b1 - r->v[i].b0)) questions[r->v[i].speaker]++;
    }
    size_t first = r->v[0].speaker;
    double share = turns[first] ? (double)questions[first] / (double)turns[first] : 0, other = 0;
    for (size_t i = 0; i < ns; i++)
        if (i != first && turns[i]) {
            double q = (double)questions[i] / (double)turns[i];
            if (q > other) other = q;
        }
    int rc = GRILLE_OK;
    if (turns[first] >= 2 && share >= 0.5 && share >= 2 * other && doc->speakers[first].folded[0]) {
        doc->speakers[first].interviewer = 1;
        doc->speakers[first].guessed = 1;
        rc = document_note(doc, SIZE_MAX,
                           "'%s' is taken as the interviewer (not coded): nobody is declared, and "
                           "'%s' speaks first and asks questions in %zu of %zu turns; say "
                           "'interviewers: %s' (in the header, the variables table or "
                           "--interviewers) to confirm, 'interviewers: none' if nobody interviews",
                           doc->speakers[first].label, doc->speakers[first].label, questions[first], turns[first],
                           doc->speakers[first].label);
    }
    free(turns);
    free(questions);
    return rc;
}

/* Warnings about what looks wrong. */
/* The words of speaker i's turns, counted up to limit at most: asked
 * for, not counted at every load (a tenth of a percent of coding a
 * corpus went to counting words nothing read). */
static size_t speaker_words(const grille_document *doc, size_t i, size_t limit) {
    size_t n = 0;
    for (size_t t = doc->speakers[i].first_turn; t != SIZE_MAX && n < limit; t = doc->turns[t].next_turn)
        n += count_words(doc->text, doc->turns[t].span.b0, doc->turns[t].span.b1);
    return n;
}

/* After build(): the speakers' turns are counted. */
static int flag_speakers(ctx *c, const rturns *r) {
    grille_document *doc = c->doc;
    int rc = GRILLE_OK;
    size_t labelled = 0, iv = 0, once = 0, first_once = 0;
    gbuf names = {0};
    for (size_t i = 0; i < doc->nspeakers && rc == GRILLE_OK; i++) {
        dspeaker *sp = &doc->speakers[i];
        if (!sp->folded[0] || !sp->turns) continue;
        labelled++;
        iv += sp->interviewer != 0;
        size_t at = doc->line_starts[sp->first_line ? sp->first_line - 1 : 0];
        if ((sp->reason == GRILLE_SPEAKER_NAME || sp->reason == GRILLE_SPEAKER_CODE) && r->n >= 3 &&
            speaker_words(doc, i, 5) < 5) {
            /* one warning for them all: a debate has many interjections */
            if (!once++) first_once = at;
            if (once <= 8 && gbuf_printf(&names, "%s'%s' (line %zu)", once > 1 ? ", " : "", sp->label, sp->first_line))
                rc = GRILLE_ENOMEM;
        } else if (sp->reason == GRILLE_SPEAKER_REPEATED && !starts_upper(sp->label) && !strchr(sp->folded, ' '))
            rc = document_note(doc, at,
                               "speaker '%s' is a lower-case word: is it a speaker, or a word that "
                               "starts lines before a colon?",
                               sp->label);
    }
    if (rc == GRILLE_OK && once)
        rc = once == 1 ? document_note(doc, first_once,
                                       "%zu label seen once before a short turn (under 5 words) taken as "
                                       "speaker: %s%s; if one is the start of a sentence, declare the real "
                                       "speakers with 'speakers:' in the header",
                                       once, names.data ? names.data : "", once > 8 ? ", ..." : "")
                       : document_note(doc, first_once,
                                       "%zu labels seen once before a short turn (under 5 words) taken as "
                                       "speakers: %s%s; if one is the start of a sentence, declare the real "
                                       "speakers with 'speakers:' in the header",
                                       once, names.data ? names.data : "", once > 8 ? ", ..." : "");
    gbuf_free(&names);
    if (rc == GRILLE_OK && c->interviewers && !c->nobody) {
        /* a declared interviewer who never speaks: a typo, and the
         * questions get coded */
        const char *p = c->interviewers;
        while (*p && rc == GRILLE_OK) {
            while (*p == ' ' || *p == ',') p++;
            const char *e = p;
            while (*e && *e != ',') e++;
            size_t n = (size_t)(e - p);
            while (n && p[n - 1] == ' ') n--;
            char buf[128], *owned = NULL;
            const char *f = n ? document_fold_label_tmp(p, n, buf, sizeof buf, &owned) : NULL;
            int seen = 0;
            for (size_t i = 0; f && i < doc->nspeakers; i++) seen |= strcmp(doc->speakers[i].folded, f) == 0;
            if (f && !seen && labelled)
                rc = document_note(doc, SIZE_MAX,
                                   "interviewer '%.*s' is declared but never speaks in "
                                   "this document (a different spelling?)",
                                   (int)n, p);
            free(owned);
            p = e;
        }
    }
    if (rc == GRILLE_OK && labelled >= 2 && r->n >= 3 && iv == 0 && !c->nobody)
        rc = document_note(doc, SIZE_MAX,
                           "nobody is an interviewer: every speaker's turns are coded; write "
                           "'interviewers: LABEL' in the header (or --interviewers), or "
                           "'interviewers: none' to say so");
    if (rc == GRILLE_OK && labelled >= 1 && iv == labelled)
        rc = document_note(doc, SIZE_MAX, "every speaker is an interviewer: nothing in this document is coded");
    return rc;
}

static int attach_speaker_variables(ctx *c) {
    if (!c->opts || !c->opts->speakers) return GRILLE_OK;
    for (size_t i = 0; i < c->doc->nspeakers; i++) {
        dspeaker *sp = &c->doc->speakers[i];
        const char **keys, **values;
        size_t n;
        if (table_speaker_rows(c->opts->speakers, c->doc, sp->folded, &keys, &values, &n)) return GRILLE_ENOMEM;
        if (!n) {
            /* a row with no attribute column */
            free(keys);
            free(values);
            continue;
        }
        sp->keys = calloc(n, sizeof *sp->keys);
        sp->values = calloc(n, sizeof *sp->values);
        if (!sp->keys || !sp->values) {
            free(keys);
            free(values);
            return GRILLE_ENOMEM;
        }
        for (size_t k = 0; k < n; k++) {
            sp->keys[k] = grille_strdup(keys[k]);
            sp->values[k] = grille_strdup(values[k]);
            sp->nvars = k + 1;
            if (!sp->keys[k] || !sp->values[k]) {
                free(keys);
                free(values);
                return GRILLE_ENOMEM;
            }
        }
        free(keys);
        free(values);
    }
    return GRILLE_OK;
}

static int add_paragraphs(grille_document *doc, size_t turn) {
    const char *t = doc->text;
    size_t i = doc->turns[turn].span.b0, end = doc->turns[turn].span.b1;
    /* line by line from the line index: line is the next line's index */
    size_t line = doc->turns[turn].span.line;
    while (i < end) {
        size_t le = line < doc->nlines ? doc->line_starts[line] - 1 : doc->size;
        if (le > end) le = end;
        size_t p = skip_hspace(t, i, le);
        size_t e = trim_end(t, p, le);
        if (e > p) {
            if (GROW(doc->paras, doc->nparas, doc->capparas)) return GRILLE_ENOMEM;
            dunit *u = &doc->paras[doc->nparas++];
            document_span_from(doc, p, e, (unsigned)line, &u->span);
            u->turn = u->parent = turn;
        }
        i = le + 1;
        line++;
    }
    return GRILLE_OK;
}

static int build(ctx *c, rturns *r) {
    grille_document *doc = c->doc;
    /* a paragraph is a line: room for them all at once, rather than the
     * array copied each time it doubles */
    if (grille_grow((void **)&doc->paras, &doc->capparas, doc->nlines, sizeof *doc->paras)) return GRILLE_ENOMEM;
    for (size_t i = 0; i < r->n; i++) {
        if (GROW(doc->turns, doc->nturns, doc->capturns)) return GRILLE_ENOMEM;
        dturn *tu = &doc->turns[doc->nturns++];
        size_t b0 = r->v[i].b0, b1 = r->v[i].b1;
        trim_span(doc->text, &b0, &b1);
        document_span(doc, b0, b1, &tu->span);
        tu->speaker = r->v[i].speaker;
        tu->interviewer = doc->speakers[tu->speaker].interviewer;
        tu->time_ms = r->v[i].time_ms;
        doc->speakers[tu->speaker].turns++;
        if (add_paragraphs(doc, doc->nturns - 1)) return GRILLE_ENOMEM;
    }
    document_link_turns(doc);
    return GRILLE_OK;
}

void document_link_turns(grille_document *doc) {
    for (size_t i = 0; i < doc->nspeakers; i++) doc->speakers[i].first_turn = SIZE_MAX;
    for (size_t t = doc->nturns; t-- > 0;) {
        doc->turns[t].next_turn = SIZE_MAX;
        if (doc->turns[t].speaker >= doc->nspeakers) continue; /* a damaged part (coding_save.c) */
        dspeaker *sp = &doc->speakers[doc->turns[t].speaker];
        doc->turns[t].next_turn = sp->first_turn;
        sp->first_turn = t;
    }
}

static int ctx_init(ctx *c, grille_document *doc, const grille_read_options *opts) {
    memset(c, 0, sizeof *c);
    c->doc = doc;
    c->opts = opts;
    c->interviewers =
        opts && opts->interviewers ? opts->interviewers : grille_document_variable_lookup(doc, "interviewers");
    if (!c->interviewers) c->interviewers = grille_document_variable_lookup(doc, "enqueteurs");
    c->nobody = says_nobody(c->interviewers);
    if (c->interviewers && (!*c->interviewers || c->nobody)) c->interviewers = c->nobody ? c->interviewers : NULL;
    c->declared = grille_document_variable_lookup(doc, "speakers");
    if (!c->declared) c->declared = grille_document_variable_lookup(doc, "locuteurs");
    return strmap_init(&c->known);
}

static void ctx_free(ctx *c) {
    strmap_free(&c->known);
    for (size_t i = 0; i < c->ncands; i++) free(c->cands[i].folded);
    free(c->cands);
    free(c->hits);
}

/* Into *which, the candidate of label s (n bytes) folded: seen maps
 * folded labels to candidates, and one is made the first time. */
static int folded_candidate(ctx *c, strmap *seen, const char *s, size_t n, int *which) {
    char *f = document_fold_label(s, n);
    int created;
    int *slot = f ? strmap_put(seen, f, strlen(f), &created) : NULL;
    if (!slot || (created && GROW(c->cands, c->ncands, c->capcands))) {
        free(f);
        return GRILLE_ENOMEM;
    }
    if (created) {
        c->cands[c->ncands] = (cand){f, 0, c->nhits, GRILLE_SPEAKER_NONE};
        *slot = (int)c->ncands++;
    } else free(f);
    *which = *slot;
    return GRILLE_OK;
}

/* Pass 1: every line that looks like "Label : ...", and how often each
 * label comes back (real speakers do). */
static int collect_labels(ctx *c, size_t body) {
    grille_document *doc = c->doc;
    /* labels folded -> candidate; and as written -> candidate, so that a
     * label met again (most of them) is not folded again */
    strmap seen, written;
    if (strmap_init(&seen)) return GRILLE_ENOMEM;
    if (strmap_init(&written)) {
        strmap_free(&seen);
        return GRILLE_ENOMEM;
    }
    int rc = GRILLE_OK;
    /* line by line from the index: next is the index of the line after
     * the one at i (a lookup for each line, twice, was a few percent of
     * loading a transcript of long lines) */
    size_t next = body < doc->size ? document_line_at(doc, body) : 0;
    for (size_t i = body; i < doc->size && rc == GRILLE_OK; next++) {
        size_t le = next < doc->nlines ? doc->line_starts[next] - 1 : doc->size;
        label_hit h;
        long next_time = -1;
        size_t next_end = le < doc->size ? (next + 1 < doc->nlines ? doc->line_starts[next + 1] - 1 : doc->size) : le;
        if (le < doc->size) next_time = bare_time(doc->text, le + 1, next_end);
        if (match_label(doc->text, i, le, next_time, &h)) {
            /* a label alone on its line: the speech starts below it (after
             * its time, when the time has a line of its own) */
            if (h.own_line)
                h.content =
                    h.time_below ? (next_end < doc->size ? next_end + 1 : next_end) : (le < doc->size ? le + 1 : le);
            int *as_written = strmap_put(&written, doc->text + h.label_b0, h.label_b1 - h.label_b0, NULL);
            if (!as_written) {
                rc = GRILLE_ENOMEM;
                break;
            }
            if (*as_written < 0 &&
                folded_candidate(c, &seen, doc->text + h.label_b0, h.label_b1 - h.label_b0, as_written)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            c->cands[*as_written].count++;
            h.cand = *as_written;
            if (GROW(c->hits, c->nhits, c->caphits)) {
                rc = GRILLE_ENOMEM;
                break;
            }
            c->hits[c->nhits++] = h;
        }
        i = le + 1;
    }
    strmap_free(&seen);
    strmap_free(&written);
    return rc;
}

/* The lines before the first turn: "Date : …" pairs become variables,
 * the rest is a header that is not coded.  Returns where a question
 * that ends the preamble starts, or SIZE_MAX. */
static int read_preamble(ctx *c, size_t body, size_t end, size_t *question) {
    grille_document *doc = c->doc;
    const char *t = doc->text;
    size_t lines = 0, bytes = 0, first = SIZE_MAX, last = SIZE_MAX;
    *question = SIZE_MAX;
    for (size_t i = body; i < end;) {
        size_t le = document_line_end(doc, i);
        if (le > end) le = end;
        size_t p = skip_hspace(t, i, le), e = trim_end(t, p, le);
        int failed;
        if (e > p && !document_header_line(doc, p, e, &failed)) {
            if (failed) return GRILLE_ENOMEM;
            lines++;
            bytes += e - p;
            if (first == SIZE_MAX) first = p;
            last = p;
        } else if (e > p) last = SIZE_MAX;
        i = le + 1;
    }
    if (last != SIZE_MAX && ends_with_question(t, last, trim_end(t, last, end))) *question = last;
    if (lines > 4 || bytes > 600)
        return document_note(doc, first,
                             "the %zu lines before the first speaker label are taken as the "
                             "document's header and not coded",
                             lines);
    return GRILLE_OK;
}

/* The steps both ways of finding turns end with, once rc is still OK:
 * speaker variables, the document's turns, the warnings; then frees c and
 * r whatever happened. */
static int finish_turns(ctx *c, rturns *r, int rc, grille_error *err) {
    if (rc == GRILLE_OK) rc = attach_speaker_variables(c);
    if (rc == GRILLE_OK) rc = build(c, r);
    if (rc == GRILLE_OK) rc = flag_speakers(c, r);
    const char *name = c->doc->name;
    free(r->v);
    ctx_free(c);
    if (rc == GRILLE_ENOMEM) grille_fail(err, rc, name, 0, 0, 0, "out of memory");
    return rc;
}

int document_find_turns(grille_document *doc, size_t body, const grille_read_options *opts, grille_error *err) {
    ctx c;
    if (ctx_init(&c, doc, opts)) {
        ctx_free(&c);
        return grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "out of memory");
    }
    const char *turns_key = grille_document_variable_lookup(doc, "turns");
    int no_turns = turns_key && (strcmp(turns_key, "none") == 0 || strcmp(turns_key, "no") == 0);
    rturns r = {0};
    int rc = no_turns ? GRILLE_OK : collect_labels(&c, body);
    size_t first = SIZE_MAX;
    for (size_t k = 0; rc == GRILLE_OK && k < c.nhits; k++) {
        cand *cd = &c.cands[c.hits[k].cand];
        if (cd->first_hit == k) cd->reason = judge(&c, cd, &c.hits[k]);
        if (cd->reason == GRILLE_SPEAKER_NONE) continue;
        if (first == SIZE_MAX) first = k;
        const label_hit *h = &c.hits[k];
        size_t sp;
        rc = add_speaker(doc, &c.known, doc->text + h->label_b0, h->label_b1 - h->label_b0, cd->folded, cd->reason,
                         document_line_at(doc, h->line_start), &sp);
        if (rc == GRILLE_OK && r.n) r.v[r.n - 1].b1 = h->line_start;
        if (rc == GRILLE_OK) rc = push_turn(&r, h->content, doc->size, sp, h->time_ms);
    }
    size_t question = SIZE_MAX;
    if (rc == GRILLE_OK && first == SIZE_MAX) {
        /* no speaker at all: prose, one turn without a label */
        size_t b0 = body, b1 = doc->size, sp;
        trim_span(doc->text, &b0, &b1);
        rc = add_speaker(doc, &c.known, "", 0, "", GRILLE_SPEAKER_NONE, 0, &sp);
        if (rc == GRILLE_OK && b1 > b0) rc = push_turn(&r, b0, b1, sp, -1);
    } else if (rc == GRILLE_OK) rc = read_preamble(&c, body, c.hits[first].line_start, &question);
    if (rc == GRILLE_OK) set_roles(&c);
    if (rc == GRILLE_OK && first != SIZE_MAX) {
        size_t others, iv = count_interviewers(doc, &others);
        if (iv && !others) rc = split_answers(&c, &r);
        else if (!iv && !c.nobody && !c.interviewers)
            rc = split_questions(&c, &r, question, first != SIZE_MAX ? c.hits[first].line_start : body);
    }
    if (rc == GRILLE_OK && first != SIZE_MAX) rc = guess_interviewer(&c, &r);
    return finish_turns(&c, &r, rc, err);
}

int document_take_turns(grille_document *doc, const source_turn *turns, size_t n, const grille_read_options *opts,
                        grille_error *err) {
    ctx c;
    if (ctx_init(&c, doc, opts)) {
        ctx_free(&c);
        return grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "out of memory");
    }
    rturns r = {0};
    int rc = GRILLE_OK;
    for (size_t i = 0; i < n && rc == GRILLE_OK; i++) {
        const source_turn *st = &turns[i];
        size_t len = st->label_b1 - st->label_b0, sp;
        char *f = document_fold_label(doc->text + st->label_b0, len);
        if (!f) {
            rc = GRILLE_ENOMEM;
            break;
        }
        rc = add_speaker(doc, &c.known, doc->text + st->label_b0, len, f,
                         len ? GRILLE_SPEAKER_FORMAT : GRILLE_SPEAKER_NONE, document_line_at(doc, st->b0), &sp);
        free(f);
        if (rc == GRILLE_OK) rc = push_turn(&r, st->b0, st->b1, sp, st->time_ms);
    }
    if (rc == GRILLE_OK) set_roles(&c);
    if (rc == GRILLE_OK) rc = guess_interviewer(&c, &r);
    return finish_turns(&c, &r, rc, err);
}

/* ------------------------------------------------------------------ */
/* accessors                                                           */

const char *grille_speaker_reason_name(grille_speaker_reason r) {
    switch (r) {
    case GRILLE_SPEAKER_NONE: return "none";
    case GRILLE_SPEAKER_FORMAT: return "format";
    case GRILLE_SPEAKER_DECLARED: return "declared";
    case GRILLE_SPEAKER_BUILTIN: return "built-in";
    case GRILLE_SPEAKER_REPEATED: return "repeated";
    case GRILLE_SPEAKER_NAME: return "name";
    case GRILLE_SPEAKER_CODE: return "code";
    case GRILLE_SPEAKER_UNLABELLED: return "unlabelled";
    }
    return "?";
}

size_t grille_document_speaker_count(const grille_document *doc) { return doc ? doc->nspeakers : 0; }

int grille_document_speaker_get(const grille_document *doc, size_t i, grille_speaker_info *out) {
    if (!doc || !out || i >= doc->nspeakers) return GRILLE_EUSAGE;
    const dspeaker *sp = &doc->speakers[i];
    memset(out, 0, sizeof *out);
    out->label = sp->label;
    out->reason = sp->reason;
    out->flags = (sp->interviewer ? GRILLE_SPEAKER_INFO_INTERVIEWER : 0u) |
                 (sp->guessed ? GRILLE_SPEAKER_INFO_INTERVIEWER_GUESSED : 0u) |
                 (sp->declared_interviewer ? GRILLE_SPEAKER_INFO_INTERVIEWER_DECLARED : 0u);
    out->first_line = (unsigned)sp->first_line;
    out->turns = sp->turns;
    out->words = speaker_words(doc, i, SIZE_MAX);
    return GRILLE_OK;
}

size_t grille_document_turn_speaker_index(const grille_document *doc, size_t turn) {
    return doc && turn < doc->nturns ? doc->turns[turn].speaker : GRILLE_NONE;
}

const char *grille_document_speaker_lookup(const grille_document *doc, size_t i, const char *key) {
    if (!doc || i >= doc->nspeakers || !key) return NULL;
    const dspeaker *sp = &doc->speakers[i];
    for (size_t k = 0; k < sp->nvars; k++) {
        /* keys are stored lower-cased: "Role" finds "role" */
        const char *a = sp->keys[k], *b = key;
        while (*a && *b && *a == (*b >= 'A' && *b <= 'Z' ? (char)(*b | 0x20) : *b)) a++, b++;
        if (!*a && !*b) return sp->values[k];
    }
    return NULL;
}

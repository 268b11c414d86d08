/* analyze.c -- form -> lemma + part of speech through libhunspell.
 *
 * Usage: analyze FILE.aff FILE.dic < forms > rows
 *
 * Reads word forms, one per line (UTF-8), and prints for every Hunspell
 * analysis of each form one line
 *
 *     form<TAB>lemma<TAB>pos<TAB>tags
 *
 * lemma  the analysis's st: field (the form itself when there is none);
 * pos    a normalized part of speech (see pos_classes below):
 *        nom adj verbe adv prep pro det conj interj nompr other;
 *        an analysis that Dicollecte tags with two categories (nom adj)
 *        prints one line for each;
 * tags   the analysis's raw po: values joined by commas, in order
 *        (Dicollecte's categories, verb codes, tense and person).
 *
 * Forms Hunspell rejects print nothing, so this program also filters the
 * liberal candidate list that expand.c makes.  Typographic apostrophes
 * (U+2019) are written as ASCII ' in the form and lemma columns, as
 * grille folds them.
 *
 * Hunspell analyses a capitalized or all-capital word also as its
 * lower-case (and capitalized) variant ("Paris" gives pari as well as
 * Paris).  A table of forms must not inherit that: analyses that the
 * variant alone also yields are dropped, since they belong to the
 * variant's own row.
 *
 * Unit prefixes (kilo, méga, G, ...) are applied by Hunspell's prefix
 * flags and analysed with the unit's stem (kilomètre: st:mètre fl:Um);
 * such lemmas get the prefix back (kilomètre) when it can be found.
 *
 * Build: cc -O2 analyze.c $(pkg-config --cflags --libs hunspell)
 *
 * This file is part of grille's data generator; see data/README.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <hunspell.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wctype.h>

enum { MAXW = 1024 };

static void die(const char *msg)
{
    fprintf(stderr, "analyze: %s\n", msg);
    exit(2);
}

/* ---- UTF-8 ------------------------------------------------------------ */

static unsigned utf8_at(const char *s, size_t *len)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] < 0x80) {
        *len = 1;
        return u[0];
    }
    if ((u[0] & 0xE0) == 0xC0 && u[1]) {
        *len = 2;
        return ((u[0] & 0x1Fu) << 6) | (u[1] & 0x3Fu);
    }
    if ((u[0] & 0xF0) == 0xE0 && u[1] && u[2]) {
        *len = 3;
        return ((u[0] & 0x0Fu) << 12) | ((u[1] & 0x3Fu) << 6) | (u[2] & 0x3Fu);
    }
    if ((u[0] & 0xF8) == 0xF0 && u[1] && u[2] && u[3]) {
        *len = 4;
        return ((u[0] & 0x07u) << 18) | ((u[1] & 0x3Fu) << 12) |
               ((u[2] & 0x3Fu) << 6) | (u[3] & 0x3Fu);
    }
    *len = 1;
    return u[0];
}

static size_t utf8_put(char *o, unsigned c)
{
    if (c < 0x80) {
        o[0] = (char)c;
        return 1;
    }
    if (c < 0x800) {
        o[0] = (char)(0xC0 | (c >> 6));
        o[1] = (char)(0x80 | (c & 0x3F));
        return 2;
    }
    if (c < 0x10000) {
        o[0] = (char)(0xE0 | (c >> 12));
        o[1] = (char)(0x80 | ((c >> 6) & 0x3F));
        o[2] = (char)(0x80 | (c & 0x3F));
        return 3;
    }
    o[0] = (char)(0xF0 | (c >> 18));
    o[1] = (char)(0x80 | ((c >> 12) & 0x3F));
    o[2] = (char)(0x80 | ((c >> 6) & 0x3F));
    o[3] = (char)(0x80 | (c & 0x3F));
    return 4;
}

/* Writes lower(s) into out; with initcap, the first letter upper-cased.
   Returns whether s has an upper-case letter at all. */
static int case_variant(const char *s, char *out, int initcap)
{
    size_t l, o = 0;
    int upper = 0, first = 1;
    while (*s && o + 4 < MAXW) {
        unsigned c = utf8_at(s, &l);
        if (iswupper((wint_t)c))
            upper = 1;
        unsigned m = (unsigned)towlower((wint_t)c);
        if (first && initcap)
            m = (unsigned)towupper((wint_t)m);
        if (iswalpha((wint_t)c))
            first = 0;
        o += utf8_put(out + o, m);
        s += l;
    }
    out[o] = '\0';
    return upper;
}

/* Copies s to out with U+2019 written as '. */
static void ascii_apostrophe(const char *s, char *out, size_t cap)
{
    size_t o = 0;
    while (*s && o + 1 < cap) {
        if ((unsigned char)s[0] == 0xE2 && (unsigned char)s[1] == 0x80 &&
            (unsigned char)s[2] == 0x99) {
            out[o++] = '\'';
            s += 3;
        } else {
            out[o++] = *s++;
        }
    }
    out[o] = '\0';
}

/* ---- part of speech --------------------------------------------------- */

static int starts(const char *s, const char *p)
{
    return strncmp(s, p, strlen(p)) == 0;
}

/* Class of one po: value, or NULL when it names no category (mg, tense,
   person, gender, ...).  Dicollecte's values: nom, adj, npr (proper
   noun), prn (first name), patr (surname), titr (title), v0..v3 verb
   codes with infi ppas ppre ipre ..., adv, negadv, advint, prep, prepv,
   properobj propersuj prodem proind prorel proint proneg proadv, det
   detpos detind detdem detneg detex, cjco cjsub cj, interj, nb
   (cardinal numeral), nbro (Roman numeral), loc.* (locutions), mg
   (grammatical word), pfx sfx ponc sign div err. */
static const char *po_class(const char *v)
{
    if (v[0] == 'v' && v[1] >= '0' && v[1] <= '3')
        return "verbe";
    if (!strcmp(v, "infi") || !strcmp(v, "ppas") || !strcmp(v, "ppre") ||
        !strcmp(v, "loc.verb"))
        return "verbe";
    if (!strcmp(v, "npr") || !strcmp(v, "prn") || !strcmp(v, "patr") ||
        !strcmp(v, "loc.patr"))
        return "nompr";
    if (!strcmp(v, "nom") || !strcmp(v, "loc.nom") || !strcmp(v, "titr"))
        return "nom";
    if (!strcmp(v, "adj") || !strcmp(v, "loc.adj") || !strcmp(v, "nbro"))
        return "adj";
    if (starts(v, "pro") && strcmp(v, "prop") != 0)
        return "pro";
    if (starts(v, "det") || !strcmp(v, "nb"))
        return "det";
    if (starts(v, "prep") || starts(v, "loc.prep"))
        return "prep";
    if (starts(v, "cj") || starts(v, "loc.cj"))
        return "conj";
    if (!strcmp(v, "adv") || !strcmp(v, "loc.adv") || !strcmp(v, "negadv") ||
        !strcmp(v, "advint"))
        return "adv";
    if (!strcmp(v, "interj") || !strcmp(v, "loc.interj"))
        return "interj";
    if (!strcmp(v, "pfx") || !strcmp(v, "sfx") || !strcmp(v, "ponc") ||
        !strcmp(v, "sign") || !strcmp(v, "div") || !strcmp(v, "err"))
        return "other";
    return NULL;
}

/* Parts of speech of an analysis: the distinct classes of its po: values,
   in the order of rank[], one row each.  Dicollecte joins categories in
   one entry: "nom adj" (malade, jeune), "prep adv" (après), "detdem
   prodem", "cjsub proint prorel" (que); each gives its own row.  A verb
   form is only a verb: the "adj" of a past participle ("ppas adj") says
   it can be used as an adjective, and stays in the tags column.  An
   analysis with no category (only "mg") is "other". */
static const char *const rank[] = {"verbe", "nompr", "nom",  "adj",   "det", "pro",
                                   "conj",  "prep",  "adv", "interj", "other", NULL};

static int pos_classes(char po[][64], int npo, const char **out)
{
    int seen[16] = {0}, n = 0;
    for (int i = 0; i < npo; i++) {
        const char *c = po_class(po[i]);
        if (!c)
            continue;
        for (int r = 0; rank[r]; r++)
            if (!strcmp(rank[r], c)) {
                seen[r] = 1;
                break;
            }
    }
    if (seen[0]) {
        out[0] = rank[0];
        return 1;
    }
    for (int r = 0; rank[r]; r++)
        if (seen[r])
            out[n++] = rank[r];
    if (n == 0)
        out[n++] = "other";
    return n;
}

/* ---- analyses --------------------------------------------------------- */

static int in_list(char **list, int n, const char *s)
{
    for (int i = 0; i < n; i++)
        if (!strcmp(list[i], s))
            return 1;
    return 0;
}

static unsigned long nforms, nrows, nrejected, ndropped_case, nprefix_fixed;

/* The prefix that a unit prefix flag put before stem in form, if the stem
   (or the stem less its last character) can be found after it. */
static void prefixed_lemma(const char *form, const char *stem, char *out, size_t cap)
{
    const char *at = NULL;
    size_t sl = strlen(stem);
    if (sl && (at = strstr(form + 1, stem)) == NULL && sl > 1) {
        char shorter[MAXW];
        size_t k = sl - 1;
        while (k > 0 && ((unsigned char)stem[k] & 0xC0) == 0x80)
            k--;
        if (k > 0 && k < sizeof shorter) {
            memcpy(shorter, stem, k);
            shorter[k] = '\0';
            at = strstr(form + 1, shorter);
        }
    }
    if (at && (size_t)(at - form) + sl + 1 < cap) {
        size_t p = (size_t)(at - form);
        memcpy(out, form, p);
        memcpy(out + p, stem, sl + 1);
        nprefix_fixed++;
    } else {
        snprintf(out, cap, "%s", stem);
    }
}

static void print_analysis(const char *form, const char *a)
{
    char buf[MAXW], po[32][64], lemma[MAXW] = "", tags[MAXW] = "", bare[MAXW] = "";
    int npo = 0, prefixed = 0;
    snprintf(buf, sizeof buf, "%s", a);
    char *save = NULL;
    for (char *t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
        int field = t[0] && t[1] && t[2] == ':';
        if (starts(t, "st:") && !lemma[0])
            snprintf(lemma, sizeof lemma, "%s", t + 3);
        else if (starts(t, "fl:"))
            prefixed = 1;
        else if (starts(t, "po:") && t[3] && npo < 32)
            snprintf(po[npo++], sizeof po[0], "%s", t + 3);
        else if (!field && !lemma[0] && !bare[0]) {
            /* a prefix without a morphological field is printed as its
               text: "k st:m" for km, "G st:Hz" for GHz */
            snprintf(bare, sizeof bare, "%s", t);
            prefixed = 1;
        }
    }
    if (!lemma[0])
        snprintf(lemma, sizeof lemma, "%s", form);
    else if (prefixed && strcmp(lemma, form) != 0 && !starts(form, lemma)) {
        char fixed[MAXW];
        size_t bl = strlen(bare), ll = strlen(lemma);
        if (bl && starts(form, bare) && bl + ll + 1 < sizeof fixed) {
            memcpy(fixed, bare, bl);
            memcpy(fixed + bl, lemma, ll + 1);
            nprefix_fixed++;
        } else {
            prefixed_lemma(form, lemma, fixed, sizeof fixed);
        }
        snprintf(lemma, sizeof lemma, "%s", fixed);
    }
    size_t o = 0;
    for (int i = 0; i < npo; i++) {
        int n = snprintf(tags + o, sizeof tags - o, "%s%s", i ? "," : "", po[i]);
        if (n < 0 || (size_t)n >= sizeof tags - o)
            break;
        o += (size_t)n;
    }
    char f[MAXW], l[MAXW];
    ascii_apostrophe(form, f, sizeof f);
    ascii_apostrophe(lemma, l, sizeof l);
    const char *cls[16];
    int ncls = pos_classes(po, npo, cls);
    for (int i = 0; i < ncls; i++) {
        printf("%s\t%s\t%s\t%s\n", f, l, cls[i], tags);
        nrows++;
    }
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: analyze FILE.aff FILE.dic < forms\n");
        return 2;
    }
    if (!setlocale(LC_CTYPE, "C.UTF-8") && !setlocale(LC_CTYPE, "en_US.UTF-8"))
        die("no UTF-8 locale for case mapping");
    Hunhandle *h = Hunspell_create(argv[1], argv[2]);
    if (!h)
        die("cannot load the dictionary");
    char *line = NULL;
    size_t cap = 0;
    ssize_t len;
    while ((len = getline(&line, &cap, stdin)) != -1) {
        while (len && (line[len - 1] == '\n' || line[len - 1] == '\r'))
            line[--len] = '\0';
        if (!len || len >= MAXW)
            continue;
        nforms++;
        char **an = NULL;
        int n = Hunspell_analyze(h, &an, line);
        if (n <= 0) {
            nrejected++;
            if (an)
                Hunspell_free_list(h, &an, n < 0 ? 0 : n);
            continue;
        }
        /* analyses of the lower-case and capitalized variants */
        char lower[MAXW], initcap[MAXW];
        char **va = NULL, **vb = NULL;
        int na = 0, nb = 0;
        if (case_variant(line, lower, 0)) {
            case_variant(line, initcap, 1);
            if (strcmp(lower, line) != 0)
                na = Hunspell_analyze(h, &va, lower);
            if (strcmp(initcap, line) != 0 && strcmp(initcap, lower) != 0)
                nb = Hunspell_analyze(h, &vb, initcap);
        }
        for (int i = 0; i < n; i++) {
            if ((na > 0 && in_list(va, na, an[i])) || (nb > 0 && in_list(vb, nb, an[i]))) {
                ndropped_case++;
                continue;
            }
            print_analysis(line, an[i]);
        }
        if (va)
            Hunspell_free_list(h, &va, na < 0 ? 0 : na);
        if (vb)
            Hunspell_free_list(h, &vb, nb < 0 ? 0 : nb);
        Hunspell_free_list(h, &an, n);
    }
    free(line);
    Hunspell_destroy(h);
    if (fflush(stdout) != 0 || ferror(stdout))
        die("write error");
    fprintf(stderr,
            "analyze: %lu forms read, %lu rejected by Hunspell, %lu rows, "
            "%lu case-folded analyses dropped, %lu unit-prefix lemmas restored\n",
            nforms, nrejected, nrows, ndropped_case, nprefix_fixed);
    return 0;
}

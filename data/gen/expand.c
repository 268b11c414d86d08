/* expand.c -- list every candidate word form of a Hunspell dictionary.
 *
 * Replaces Hunspell's own `unmunch`, which predates FLAG long and garbles
 * the Dicollecte dictionary (it reads two-character flags one character
 * at a time, invents forms such as "coordonnateur0" and loses others,
 * such as every form of "coordonner").
 *
 * Usage: expand FILE.dic FILE.aff > forms
 *
 * Prints one candidate form per line (UTF-8), with duplicates.  The
 * expansion is deliberately liberal (cross-product flags, NEEDAFFIX,
 * FORBIDDENWORD and CIRCUMFIX are not enforced): every candidate is
 * checked afterwards by analyze.c through libhunspell itself, which
 * drops the forms Hunspell does not accept.  What this program must not
 * do is miss a form; over-generation is harmless.
 *
 * Supported: SET UTF-8, FLAG long or single-character ASCII flags,
 * PFX/SFX with strip, add, continuation classes and UTF-8 conditions,
 * one suffix plus one prefix (the continuation classes of Dicollecte's
 * suffixes hold only prefix flags; those of its prefixes hold suffix
 * flags, which are applied).  Not supported: AF/AM aliases, FLAG num,
 * FLAG UTF-8, compounding; the program stops with an error on the first
 * three.
 *
 * Prefixes whose added text holds an apostrophe (the elisions l', d',
 * qu', j', lorsqu', ...) are skipped on purpose: the table lists words,
 * and grille splits elided articles and pronouns off before lookup.
 *
 * This file is part of grille's data generator; see data/README.md.
 */
#define _POSIX_C_SOURCE 200809L
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { MAXW = 512 };

static int flag_long = 0;

static void die(const char *msg, const char *arg)
{
    fprintf(stderr, "expand: %s%s%s\n", msg, arg ? ": " : "", arg ? arg : "");
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        die("out of memory", NULL);
    return p;
}

static char *xstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = xmalloc(n);
    memcpy(p, s, n);
    return p;
}

/* A flag is stored as an int: one byte, or two bytes for FLAG long. */
static int flag_at(const char *s, size_t *adv)
{
    const unsigned char *u = (const unsigned char *)s;
    if (flag_long) {
        if (!u[1])
            die("odd flag string", s);
        *adv = 2;
        return (u[0] << 8) | u[1];
    }
    *adv = 1;
    return u[0];
}

typedef struct {
    int *v;
    size_t n;
} FlagSet;

static FlagSet parse_flags(const char *s)
{
    FlagSet fs;
    size_t len = strlen(s), i = 0, adv;
    fs.v = xmalloc(sizeof(int) * (len + 1));
    fs.n = 0;
    while (s[i]) {
        fs.v[fs.n++] = flag_at(s + i, &adv);
        i += adv;
    }
    return fs;
}

static int has_flag(const FlagSet *fs, int f)
{
    for (size_t i = 0; i < fs->n; i++)
        if (fs->v[i] == f)
            return 1;
    return 0;
}

/* UTF-8 decoding: returns the code point at s and its length in bytes. */
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

static size_t utf8_decode(const char *s, unsigned *out, size_t max)
{
    size_t n = 0, l;
    while (*s && n < max) {
        out[n++] = utf8_at(s, &l);
        s += l;
    }
    return n;
}

/* One element of an affix condition: '.', a character, or a [set]. */
typedef struct {
    int any, neg;
    unsigned *chars;
    size_t nchars;
} CondElt;

typedef struct {
    char *strip, *add;
    size_t striplen, addlen;
    FlagSet cont;
    CondElt *cond;
    size_t ncond;
    int elision;
} Rule;

typedef struct {
    int flag, is_sfx;
    Rule *rules;
    size_t nrules, cap;
} Affix;

static Affix *affixes;
static size_t naffixes, capaffixes;

static Affix *find_affix(int flag)
{
    for (size_t i = 0; i < naffixes; i++)
        if (affixes[i].flag == flag)
            return &affixes[i];
    return NULL;
}

static void parse_cond(Rule *r, const char *c)
{
    unsigned cps[MAXW];
    size_t n = utf8_decode(c, cps, MAXW), i = 0;
    r->cond = xmalloc(sizeof(CondElt) * (n + 1));
    r->ncond = 0;
    if (n == 1 && cps[0] == '.')
        return;
    while (i < n) {
        CondElt *e = &r->cond[r->ncond++];
        memset(e, 0, sizeof *e);
        if (cps[i] == '.') {
            e->any = 1;
            i++;
        } else if (cps[i] == '[') {
            size_t j = i + 1;
            if (j < n && cps[j] == '^') {
                e->neg = 1;
                j++;
            }
            e->chars = xmalloc(sizeof(unsigned) * n);
            while (j < n && cps[j] != ']')
                e->chars[e->nchars++] = cps[j++];
            if (j >= n)
                die("unterminated [ in condition", c);
            i = j + 1;
        } else {
            e->chars = xmalloc(sizeof(unsigned));
            e->chars[0] = cps[i++];
            e->nchars = 1;
        }
    }
}

static int elt_match(const CondElt *e, unsigned cp)
{
    if (e->any)
        return 1;
    int in = 0;
    for (size_t k = 0; k < e->nchars; k++)
        if (e->chars[k] == cp) {
            in = 1;
            break;
        }
    return e->neg ? !in : in;
}

static int cond_match(const Rule *r, const char *word, int is_sfx)
{
    if (r->ncond == 0)
        return 1;
    unsigned cps[MAXW];
    size_t n = utf8_decode(word, cps, MAXW);
    if (n < r->ncond)
        return 0;
    size_t off = is_sfx ? n - r->ncond : 0;
    for (size_t k = 0; k < r->ncond; k++)
        if (!elt_match(&r->cond[k], cps[off + k]))
            return 0;
    return 1;
}

/* Applies rule r to word; writes the result in out.  0 if it does not fit. */
static int apply(const Rule *r, int is_sfx, const char *word, char *out)
{
    size_t wl = strlen(word);
    if (wl < r->striplen || wl - r->striplen + r->addlen >= MAXW)
        return 0;
    if (is_sfx) {
        if (memcmp(word + wl - r->striplen, r->strip, r->striplen) != 0)
            return 0;
    } else if (memcmp(word, r->strip, r->striplen) != 0) {
        return 0;
    }
    if (!cond_match(r, word, is_sfx))
        return 0;
    if (is_sfx) {
        memcpy(out, word, wl - r->striplen);
        memcpy(out + wl - r->striplen, r->add, r->addlen);
        out[wl - r->striplen + r->addlen] = '\0';
    } else {
        memcpy(out, r->add, r->addlen);
        memcpy(out + r->addlen, word + r->striplen, wl - r->striplen);
        out[r->addlen + wl - r->striplen] = '\0';
    }
    return 1;
}

static char *trim_eol(char *s)
{
    size_t n = strlen(s);
    while (n && (s[n - 1] == '\n' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

static void read_aff(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open", path);
    char *line = NULL;
    size_t cap = 0;
    int first = 1;
    while (getline(&line, &cap, f) != -1) {
        char *s = trim_eol(line);
        if (first && (unsigned char)s[0] == 0xEF && (unsigned char)s[1] == 0xBB &&
            (unsigned char)s[2] == 0xBF)
            s += 3;
        first = 0;
        char *tok[6];
        int nt = 0;
        char *save = NULL;
        for (char *t = strtok_r(s, " \t", &save); t && nt < 6; t = strtok_r(NULL, " \t", &save))
            tok[nt++] = t;
        if (nt == 0)
            continue;
        if (!strcmp(tok[0], "SET") && nt > 1) {
            if (strcmp(tok[1], "UTF-8") != 0)
                die("only SET UTF-8 is supported, not", tok[1]);
        } else if (!strcmp(tok[0], "FLAG") && nt > 1) {
            if (!strcmp(tok[1], "long"))
                flag_long = 1;
            else
                die("unsupported FLAG type", tok[1]);
        } else if (!strcmp(tok[0], "AF") || !strcmp(tok[0], "AM")) {
            die("flag and morphology aliases are not supported", tok[0]);
        } else if ((!strcmp(tok[0], "PFX") || !strcmp(tok[0], "SFX")) && nt >= 4) {
            size_t adv;
            int flag = flag_at(tok[1], &adv);
            int is_sfx = tok[0][0] == 'S';
            Affix *a = find_affix(flag);
            if (!a) {
                /* header: PFX flag Y|N count */
                if (naffixes == capaffixes) {
                    capaffixes = capaffixes ? 2 * capaffixes : 256;
                    affixes = realloc(affixes, sizeof(Affix) * capaffixes);
                    if (!affixes)
                        die("out of memory", NULL);
                }
                a = &affixes[naffixes++];
                memset(a, 0, sizeof *a);
                a->flag = flag;
                a->is_sfx = is_sfx;
                continue;
            }
            if (a->is_sfx != is_sfx)
                die("flag used for both PFX and SFX", tok[1]);
            if (a->nrules == a->cap) {
                a->cap = a->cap ? 2 * a->cap : 16;
                a->rules = realloc(a->rules, sizeof(Rule) * a->cap);
                if (!a->rules)
                    die("out of memory", NULL);
            }
            Rule *r = &a->rules[a->nrules++];
            memset(r, 0, sizeof *r);
            r->strip = xstrdup(strcmp(tok[2], "0") ? tok[2] : "");
            char *add = tok[3], *slash = strchr(add, '/');
            if (slash) {
                *slash = '\0';
                r->cont = parse_flags(slash + 1);
            } else {
                r->cont = parse_flags("");
            }
            r->add = xstrdup(strcmp(add, "0") ? add : "");
            r->striplen = strlen(r->strip);
            r->addlen = strlen(r->add);
            parse_cond(r, nt >= 5 ? tok[4] : ".");
            r->elision = !is_sfx && (strchr(r->add, '\'') || strstr(r->add, "\xE2\x80\x99"));
        }
    }
    free(line);
    fclose(f);
}

static unsigned long nout;

static void emit(const char *w)
{
    if (!*w)
        return;
    fputs(w, stdout);
    putchar('\n');
    nout++;
}

/* Applies the prefixes named in flags (root's and the suffix's) to w,
   then the suffixes named in each prefix's continuation class. */
static void prefixes(const char *w, const FlagSet *root, const FlagSet *cont)
{
    const FlagSet *sets[2] = {root, cont};
    char p[MAXW], ps[MAXW];
    for (int si = 0; si < 2; si++) {
        const FlagSet *fs = sets[si];
        for (size_t i = 0; i < fs->n; i++) {
            if (si == 1 && has_flag(root, fs->v[i]))
                continue; /* already done */
            Affix *a = find_affix(fs->v[i]);
            if (!a || a->is_sfx)
                continue;
            for (size_t k = 0; k < a->nrules; k++) {
                Rule *r = &a->rules[k];
                if (r->elision || !apply(r, 0, w, p))
                    continue;
                emit(p);
                for (size_t c = 0; c < r->cont.n; c++) {
                    Affix *b = find_affix(r->cont.v[c]);
                    if (!b || !b->is_sfx || has_flag(root, b->flag))
                        continue;
                    for (size_t m = 0; m < b->nrules; m++)
                        if (apply(&b->rules[m], 1, p, ps))
                            emit(ps);
                }
            }
        }
    }
}

static void expand_root(const char *word, const FlagSet *fs)
{
    static const FlagSet none = {NULL, 0};
    char s[MAXW];
    emit(word);
    prefixes(word, fs, &none);
    for (size_t i = 0; i < fs->n; i++) {
        Affix *a = find_affix(fs->v[i]);
        if (!a || !a->is_sfx)
            continue;
        for (size_t k = 0; k < a->nrules; k++) {
            Rule *r = &a->rules[k];
            if (!apply(r, 1, word, s))
                continue;
            emit(s);
            prefixes(s, fs, &r->cont);
        }
    }
}

static void read_dic(const char *path)
{
    FILE *f = fopen(path, "r");
    if (!f)
        die("cannot open", path);
    char *line = NULL;
    size_t cap = 0;
    unsigned long lineno = 0, nroots = 0;
    while (getline(&line, &cap, f) != -1) {
        char *s = trim_eol(line);
        if (lineno++ == 0)
            continue; /* approximate word count */
        /* the word and its flags end at the first space or tab */
        size_t end = strcspn(s, " \t");
        s[end] = '\0';
        if (!*s)
            continue;
        /* the flags start at the first slash not escaped by a backslash
           and not at the start of the word */
        char word[MAXW];
        size_t wl = 0;
        const char *flags = "";
        for (char *p = s; *p; p++) {
            if (*p == '\\' && p[1] == '/') {
                if (wl < MAXW - 1)
                    word[wl++] = '/';
                p++;
            } else if (*p == '/' && p != s) {
                flags = p + 1;
                break;
            } else if (wl < MAXW - 1) {
                word[wl++] = *p;
            }
        }
        word[wl] = '\0';
        FlagSet fs = parse_flags(flags);
        expand_root(word, &fs);
        free(fs.v);
        nroots++;
    }
    free(line);
    fclose(f);
    fprintf(stderr, "expand: %lu roots, %lu candidate forms\n", nroots, nout);
}

int main(int argc, char **argv)
{
    if (argc != 3) {
        fprintf(stderr, "usage: expand FILE.dic FILE.aff\n");
        return 2;
    }
    read_aff(argv[2]);
    read_dic(argv[1]);
    if (fflush(stdout) != 0 || ferror(stdout))
        die("write error", NULL);
    return 0;
}

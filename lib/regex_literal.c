/* regex_literal.c - the literals that gate a regex rule: a turn that
 * does not hold them is not given to PCRE2 (see match_regex.c).
 * Literals are lowered with utf8_lower_latin(), as the turn is. */
#include "codebook.h"
#include "utf8.h"
#include <ctype.h>
#include <stdint.h>

/* The length of the literal that p starts with: letters and '-' (and
 * spaces, with spaces) up to the first operator, without a last
 * character a quantifier makes optional; 0 when it starts otherwise.
 * Only letters that utf8_lower_latin() lowers as PCRE2 does count. */
static size_t leading_literal(const char *p, int spaces) {
    const char *start = p, *last = p;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c >= 0x80) {
            unsigned char d = (unsigned char)p[1];
            if (!utf8_latin_pair(c, d) || (c == 0xC3 && (d == 0x97 || d == 0xB7))) break;
            last = p;
            p += 2;
            continue;
        }
        if (((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '-' || (spaces && c == ' ')) {
            last = p++;
            continue;
        }
        break;
    }
    if (*p == '?' || *p == '*' || *p == '{') p = last;
    return (size_t)(p - start);
}

/* A walk over a pattern's operators, stepping over escapes and the
 * insides of character classes, counting parentheses. */
typedef struct re_walk {
    const char *p;
    int depth;
} re_walk;

/* The next '(', ')' or '|' outside a class (depth updated, p past it),
 * or 0 at the end of the pattern. */
static char re_next(re_walk *w) {
    int in_class = 0;
    for (; *w->p; w->p++) {
        char c = *w->p;
        if (c == '\\') {
            if (w->p[1]) w->p++;
            continue;
        }
        if (in_class) {
            if (c == ']') in_class = 0;
            continue;
        }
        if (c == '[') in_class = 1;
        else if (c == '(' || c == ')' || c == '|') {
            w->depth += c == '(' ? 1 : c == ')' ? -1 : 0;
            w->p++;
            return c;
        }
    }
    return 0;
}

/* A literal that every match of the pattern contains: the letters after
 * an optional leading \b, up to the first operator, without a last
 * character made optional by a quantifier ("\bco-?constru" gives "co").
 * The matcher skips a regex on a turn that does not contain its literal:
 * PCRE2 then scans a fraction of the text.  (These walks are only given
 * patterns without a top-level alternative: see find_literals().) */
static void regex_literal(rleaf *lf, const char *pat) {
    lf->lit_len = 0;
    const char *start = pat;
    if (start[0] == '\\' && start[1] == 'b') start += 2;
    size_t n = leading_literal(start, 0);
    if (n < 3) return;
    if (n > sizeof lf->lit - 1) {
        n = sizeof lf->lit - 1;
        while (n && ((unsigned char)start[n] & 0xC0) == 0x80) n--; /* whole characters */
    }
    utf8_lower_latin(start, n, lf->lit);
    lf->lit[n] = '\0';
    lf->lit_len = n;
}

/* For a pattern without a leading literal: the longest run of letters
 * outside groups and classes that is not made optional, which every match
 * must contain ("\\b(?:villes?|bourgs?)[-\\s]centres?" needs "centre"). */
static void regex_needed_literal(rleaf *lf, const char *pat, const char **at) {
    lf->need_len = 0;
    int depth = 0, in_class = 0;
    const char *best = NULL, *run = NULL;
    size_t best_n = 0;
    for (const char *p = pat;; p++) {
        unsigned char c = (unsigned char)*p;
        int letter = ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') ||
                     (c >= 0x80 && utf8_latin_pair(c, (unsigned char)p[1])) ||
                     (run && ((c & 0xC0) == 0x80)); /* second byte of one */
        if (depth == 0 && !in_class && letter && c) {
            if (!run) run = p;
            continue;
        }
        if (run) {
            const char *end = p;
            if (c == '?' || c == '*' || c == '{') { /* last character optional */
                end--;
                while (end > run && ((unsigned char)*end & 0xC0) == 0x80) end--;
            }
            if ((size_t)(end - run) > best_n) {
                best = run;
                best_n = (size_t)(end - run);
            }
            run = NULL;
        }
        if (!c) break;
        if (c == '\\') {
            if (!p[1]) break;
            p++;
            continue;
        }
        if (in_class) {
            if (c == ']') in_class = 0;
            continue;
        }
        if (c == '[') in_class = 1;
        else if (c == '(') depth++;
        else if (c == ')') depth--;
    }
    if (best_n < 3) return;
    if (best_n > sizeof lf->need - 1) {
        best_n = sizeof lf->need - 1;
        while (best_n && ((unsigned char)best[best_n] & 0xC0) == 0x80) best_n--;
    }
    *at = best;
    utf8_lower_latin(best, best_n, lf->need);
    lf->need[best_n] = '\0';
    memcpy(lf->need_cased, best, best_n);
    lf->need_cased[best_n] = '\0';
    lf->need_len = best_n;
}

/* The literal each alternative of the group at p (past its '(' or "(?:")
 * starts with: their lengths into lens and starts into starts, their
 * number returned; 0 when one opens otherwise or on fewer than 3 bytes,
 * when the group is optional, or when there are too many.  *end is past
 * the group's ')'. */
static size_t group_literals(const char *p, const char **starts, size_t *lens, size_t max, const char **end) {
    size_t n = 0;
    starts[n++] = p;
    re_walk w = {p, 1};
    for (char c; w.depth > 0 && (c = re_next(&w));)
        if (c == '|' && w.depth == 1) {
            if (n == max) return 0;
            starts[n++] = w.p;
        }
    *end = w.p;
    if (w.depth != 0 || *w.p == '?' || *w.p == '*' || *w.p == '{') return 0; /* unclosed, or optional */
    for (size_t k = 0; k < n; k++) {
        lens[k] = leading_literal(starts[k], 1);
        /* a space may end the literal, not open it; keep whole words of it */
        while (lens[k] && starts[k][lens[k] - 1] == ' ') lens[k]--;
        if (lens[k] < 3) return 0;
    }
    return n;
}

/* The literals starts[0..n) (lens bytes each), lowered, NUL after each,
 * in one allocation; NULL out of memory. */
static char *pack_literals(const char *const *starts, const size_t *lens, size_t n) {
    size_t total = 0;
    for (size_t k = 0; k < n; k++) total += lens[k] + 1;
    char *packed = malloc(total), *o = packed;
    for (size_t k = 0; packed && k < n; k++) {
        utf8_lower_latin(starts[k], lens[k], o);
        o[lens[k]] = '\0';
        o += lens[k] + 1;
    }
    return packed;
}

/* A pattern that opens, after an optional \b, on a group of
 * alternatives ("\b(?:coordinat(?:eur|rice)s?|chargée?s? de mission)",
 * or a capturing group):
 * the literal each alternative starts with.  A match starts with one of
 * them, so the regex is tried only where one occurs, as with a leading
 * literal.  None when the group is optional, when an alternative opens
 * otherwise (a class, a group, an escape) or on fewer than 3 bytes. */
static int regex_alternative_literals(rleaf *lf, const char *pat) {
    lf->alts = NULL;
    lf->nalts = 0;
    const char *p = pat;
    if (p[0] == '\\' && p[1] == 'b') p += 2;
    /* a group that captures opens the same way: \b(deux|trois) */
    size_t open = strncmp(p, "(?:", 3) == 0 ? 3 : p[0] == '(' && p[1] != '?' && p[1] != '*' ? 1 : 0;
    if (!open) return GRILLE_OK;
    const char *starts[64], *end;
    size_t lens[64];
    size_t n = group_literals(p + open, starts, lens, 64, &end);
    if (!n) return GRILLE_OK;
    if (!(lf->alts = pack_literals(starts, lens, n))) return GRILLE_ENOMEM;
    lf->nalts = n;
    return GRILLE_OK;
}

/* For a pattern with none of the above: a group of alternatives outside
 * any other group ("...\s+(?:départementa\w*|régiona\w*|nationa\w*)")
 * each of which starts with a literal.  Every match holds one of them,
 * so the regex runs only in the units that hold one, as with a needed
 * literal; of several such groups, the one whose shortest literal is
 * longest (the rarest, as a rule).  None in a pattern with an inline
 * option (a (?i) would change what the lowered literals say). */
static int regex_needed_alternatives(rleaf *lf, const char *pat, const char **at) {
    lf->needs = NULL;
    lf->nneeds = 0;
    for (const char *q = strstr(pat, "(?"); q; q = strstr(q + 2, "(?"))
        if (q[2] != ':' && q[2] != '!' && q[2] != '=' && !(q[2] == '<' && (q[3] == '=' || q[3] == '!')))
            return GRILLE_OK;
    enum { MAX = 64 };
    const char *starts[MAX], *best_starts[MAX], *best_paren = NULL;
    size_t lens[MAX], best_lens[MAX], best_n = 0, best_min = 0;
    re_walk w = {pat, 0};
    for (char c; (c = re_next(&w));) {
        if (c != '(' || w.depth != 1) continue;
        const char *p = w.p, *end, *paren = w.p - 1;
        int lookaround = 0;
        if (p[0] == '?') {
            if (p[1] != ':') lookaround = 1; /* (?! (?= (?<= (?<!: no need there */
            else p += 2;
        }
        size_t n = lookaround ? 0 : group_literals(p, starts, lens, MAX, &end);
        /* step over the group, whatever it holds */
        while (w.depth > 0 && (c = re_next(&w))) {}
        if (!n) continue;
        size_t shortest = lens[0];
        for (size_t k = 1; k < n; k++)
            if (lens[k] < shortest) shortest = lens[k];
        if (shortest > best_min) {
            best_min = shortest;
            best_n = n;
            best_paren = paren;
            memcpy(best_starts, starts, n * sizeof *starts);
            memcpy(best_lens, lens, n * sizeof *lens);
        }
    }
    if (!best_n) return GRILLE_OK;
    if (!(lf->needs = pack_literals(best_starts, best_lens, best_n))) return GRILLE_ENOMEM;
    lf->nneeds = best_n;
    *at = best_paren;
    return GRILLE_OK;
}

/* The shortest of a group's literals. */
static size_t shortest_literal(const char *packed, size_t n) {
    size_t best = SIZE_MAX;
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(packed);
        if (len < best) best = len;
        packed += len + 1;
    }
    return best;
}

/* Whether the pattern holds syntax the walks above do not read as PCRE2
 * does: quoting (\Q...\E), \K (a match then reports a start after text
 * it needed), verbs such as (*ACCEPT), a class that opens on ']' or holds
 * a POSIX class, escapes with an argument (\p{Latin} is no literal
 * "latin"), comments and inline options ((?x) makes spaces and # mean
 * nothing).  Such a pattern is never gated: it runs on every turn. */
static int unsafe_to_gate(const char *pat) {
    static const char *const marks[] = {"\\Q",  "\\E",  "\\K", "(*",  "[]",  "[^]", "[[:", "\\p", "\\P",
                                        "\\x{", "\\o{", "\\N", "\\g", "\\k", "\\c", "(?#", "(?(", NULL};
    for (size_t i = 0; marks[i]; i++)
        if (strstr(pat, marks[i])) return 1;
    for (const char *q = strstr(pat, "(?"); q; q = strstr(q + 2, "(?")) {
        char c = q[2];
        if ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') return 1;
        if (c == '^' || c == '-' || c == ')') return 1;
    }
    return 0;
}

/* Whether the pattern has an alternative outside any group ("a|b"): a
 * match may then start with, or hold, what the first one never does. */
static int top_level_alternative(const char *pat) {
    re_walk w = {pat, 0};
    for (char c; (c = re_next(&w));)
        if (c == '|' && w.depth == 0) return 1;
    return 0;
}

/* The UTF8_FOLDS_* of n NUL-separated literals from p. */
static unsigned packed_folds(const char *p, size_t n) {
    unsigned folds = 0;
    for (size_t k = 0; k < n; k++) {
        size_t len = strlen(p);
        folds |= utf8_latin_folds(p, len);
        p += len + 1;
    }
    return folds;
}

/* For a pattern with no literal of letters to gate it: an ASCII mark
 * that is rare in prose, written outside groups and classes (escaped, or
 * plain where it means itself) and not made optional ("\bn\s?\+\s?[12]\b"
 * needs '+').  Every match holds it: the regex runs only in the units
 * that do, not over every turn. */
static void regex_needed_byte(rleaf *lf, const char *pat, const char **at) {
    lf->need_byte = 0;
    int depth = 0, in_class = 0;
    for (const char *p = pat; *p; p++) {
        char c = *p, lit = 0;
        if (c == '\\') {
            if (!p[1]) return;
            if (!in_class && depth == 0 && strchr("+@%/&#=~*$^|<>_", p[1])) lit = p[1];
            p++;
        } else if (in_class) {
            if (c == ']') in_class = 0;
        } else if (c == '[') in_class = 1;
        else if (c == '(') depth++;
        else if (c == ')') depth--;
        else if (depth == 0 && strchr("@%/&#=~<>_", c)) lit = c;
        if (lit && p[1] != '?' && p[1] != '*' && p[1] != '{') {
            lf->need_byte = lit;
            *at = c == '\\' ? p - 1 : p;
            return;
        }
    }
}

/* ------------------------------------------------------------------ */
/* how far into a match its needed literal can start                   */

#define UNBOUNDED SIZE_MAX
#define NEED_WITHIN_MAX 4096

static size_t add_bytes(size_t a, size_t b) {
    return a == UNBOUNDED || b == UNBOUNDED || a + b < a ? UNBOUNDED : a + b;
}

static size_t times(size_t a, size_t n) {
    if (!a || !n) return 0;
    return a == UNBOUNDED || n > (UNBOUNDED - 1) / a ? UNBOUNDED : a * n;
}

/* A character matches at most 4 bytes of UTF-8, whatever its case:
 * caseless, k is also the Kelvin sign (3 bytes), s the long s. */
#define CHAR_BYTES 4

static size_t alternatives_bytes(const char **pp, const char *end, int in_group);

/* The most bytes the atom at *p (and its quantifier) can match; *p is
 * left past them.  UNBOUNDED for a repetition without end, and for
 * syntax this does not read (a back reference, \X, a verb): the
 * window is then not narrowed. */
static size_t atom_bytes(const char **pp, const char *end) {
    const char *p = *pp;
    unsigned char c = (unsigned char)*p;
    size_t m;
    if (c == '(') {
        int zero = 0; /* a lookaround matches no bytes */
        p++;
        if (*p == '?') {
            if (p[1] == ':' || p[1] == '|' || p[1] == '>') p += 2;
            else if (p[1] == '=' || p[1] == '!') p += 2, zero = 1;
            else if (p[1] == '<' && (p[2] == '=' || p[2] == '!')) p += 3, zero = 1;
            else if (p[1] == '<' || p[1] == '\'') { /* a named group */ char close = p[1] == '<' ? '>' : '\'';
                for (p += 2; p < end && *p != close; p++) {}
                if (p >= end) return UNBOUNDED;
                p++;
            } else return UNBOUNDED;
        }
        m = alternatives_bytes(&p, end, 1);
        if (m == UNBOUNDED) return UNBOUNDED;
        if (zero) m = 0;
    } else if (c == '[') {
        p++;
        if (*p == '^') p++;
        if (*p == ']') p++; /* a ']' first is one of the class */
        for (; p < end && *p != ']'; p++)
            if (*p == '\\' && p + 1 < end) p++;
        if (p >= end) return UNBOUNDED;
        p++;
        m = CHAR_BYTES;
    } else if (c == '\\') {
        char e = p[1];
        if (!e) return UNBOUNDED;
        p += 2;
        if (strchr("bBAzZG", e)) m = 0;
        else if (strchr("dDwWsShHvVR", e)) m = CHAR_BYTES;
        else if (strchr("tnrfea", e)) m = 1;
        else if (e == 'x') { /* \xhh */
            for (int k = 0; k < 2 && isxdigit((unsigned char)*p); k++) p++;
            m = CHAR_BYTES;
        } else if ((unsigned char)e < 0x80 && !isalnum((unsigned char)e)) m = 1; /* \. \- \' */
        else return UNBOUNDED;
    } else if (c == '.') {
        p++;
        m = CHAR_BYTES;
    } else if (c == '^' || c == '$') {
        p++;
        m = 0;
    } else if (c == '*' || c == '+' || c == '?' || c == '{' || c == ')' || c == '|' || !c) {
        return UNBOUNDED;
    } else if (c >= 0x80) {
        p++;
        while (p < end && ((unsigned char)*p & 0xC0) == 0x80) p++;
        m = CHAR_BYTES;
    } else {
        p++;
        m = isalpha(c) ? CHAR_BYTES : 1;
    }
    /* its quantifier, maybe lazy or possessive */
    if (*p == '?') p++;
    else if (*p == '*' || *p == '+') {
        p++;
        m = UNBOUNDED;
    } else if (*p == '{') {
        /* {n} or {n,m}, digits right after '{' and ','; anything else
         * ("{ 1}", "{,3}", "{n,}") bounds nothing: PCRE2 takes some of it
         * for text, newer versions for a quantifier */
        const char *q = p + 1;
        size_t hi = 0;
        for (int k = 0; k < 2; k++) {
            if (*q < '0' || *q > '9') return UNBOUNDED;
            for (hi = 0; *q >= '0' && *q <= '9'; q++)
                if ((hi = hi * 10 + (size_t)(*q - '0')) > 65535) return UNBOUNDED; /* PCRE2's most */
            if (*q != ',') break;
            q++;
        }
        if (*q != '}') return UNBOUNDED;
        p = q + 1;
        m = times(m, hi);
    } else {
        *pp = p;
        return m;
    }
    if (*p == '?' || *p == '+') p++;
    *pp = p;
    return m;
}

/* The most bytes the alternatives from *p can match, up to end or (in a
 * group) the ')' that closes it, which *p is left past; UNBOUNDED also
 * for a group that end cuts. */
static size_t alternatives_bytes(const char **pp, const char *end, int in_group) {
    size_t most = 0, seq = 0;
    const char *p = *pp;
    int closed = 0;
    while (p < end && !closed) {
        if (*p == '|') {
            if (seq > most) most = seq;
            seq = 0;
            p++;
        } else if (*p == ')') {
            if (!in_group) return UNBOUNDED;
            p++;
            closed = 1;
        } else if ((seq = add_bytes(seq, atom_bytes(&p, end))) == UNBOUNDED) return UNBOUNDED;
    }
    if (in_group && !closed) return UNBOUNDED;
    if (seq > most) most = seq;
    *pp = p;
    return most;
}

/* The most bytes pattern text [pat, at) can match: what a match holds
 * before its needed literal at `at`, outside any group. */
static size_t bytes_before(const char *pat, const char *at) {
    const char *p = pat;
    size_t n = alternatives_bytes(&p, at, 0);
    return p == at ? n : UNBOUNDED;
}

/* Where the needed literal, group or mark that gates a regex starts. */
typedef struct needed_at {
    const char *literal, *group, *byte;
} needed_at;

static int find_literals(rleaf *lf, const char *pat, needed_at *at);

int regex_find_literals(rleaf *lf, const char *pat) {
    needed_at at = {NULL, NULL, NULL};
    int rc = find_literals(lf, pat, &at);
    const char *need = lf->need_len ? at.literal : lf->nneeds ? at.group : lf->need_byte ? at.byte : NULL;
    lf->need_within = need ? bytes_before(pat, need) : UNBOUNDED;
    /* a window that wide narrows nothing a sentence holds */
    if (lf->need_within > NEED_WITHIN_MAX) lf->need_within = UNBOUNDED;
    lf->folds = utf8_latin_folds(lf->lit, lf->lit_len) | utf8_latin_folds(lf->need, lf->need_len) |
                packed_folds(lf->alts, lf->nalts) | packed_folds(lf->needs, lf->nneeds);
    return rc;
}

static int find_literals(rleaf *lf, const char *pat, needed_at *at) {
    lf->lit_len = lf->need_len = lf->nalts = lf->nneeds = 0;
    lf->need_byte = 0;
    if (unsafe_to_gate(pat) || top_level_alternative(pat)) return GRILLE_OK;
    regex_literal(lf, pat);
    if (lf->lit_len) return GRILLE_OK;
    /* a group of literals a match starts with: the regex is then tried,
     * anchored, only where one of them starts, which costs a fraction of
     * running it over each unit that holds a needed word ("ans" of
     * "\b(?:contrats?|postes?)\s+\w+\s+ans\b" is also in "dans" and
     * "sans") */
    int rc = regex_alternative_literals(lf, pat);
    if (rc) return rc;
    regex_needed_literal(lf, pat, &at->literal);
    if ((rc = regex_needed_alternatives(lf, pat, &at->group))) return rc;
    if (lf->nneeds) {
        /* a needed literal and a needed group: the longer gate is, as a
         * rule, the rarer ("ans", also in "dans", against
         * "coordinat|chargé") */
        if (lf->need_len && lf->need_len >= shortest_literal(lf->needs, lf->nneeds)) {
            free(lf->needs);
            lf->needs = NULL;
            lf->nneeds = 0;
        } else lf->need_len = 0;
    }
    if (lf->nalts) {
        /* the literals a match starts with, unless what it needs further
         * on is longer, so rarer: "que" of "\b(?:trop|que)\s+de\s+réunions"
         * is in many sentences, "réunions" in few.  Either gate finds the
         * same matches (a match across units hides nothing either way:
         * see match_regex.c's resume_after()). */
        size_t need = lf->need_len ? lf->need_len : lf->nneeds ? shortest_literal(lf->needs, lf->nneeds) : 0;
        if (need <= shortest_literal(lf->alts, lf->nalts)) {
            free(lf->needs);
            lf->needs = NULL;
            lf->need_len = lf->nneeds = 0;
        } else {
            free(lf->alts);
            lf->alts = NULL;
            lf->nalts = 0;
        }
        return GRILLE_OK;
    }
    if (!lf->need_len && !lf->nneeds) regex_needed_byte(lf, pat, &at->byte);
    return GRILLE_OK;
}

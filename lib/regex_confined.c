/* regex_confined.c - whether every match of a regex lies inside one word.
 *
 * A pattern built only of letters, digits, '-', \w, \d, \b, classes of
 * those, groups, alternatives and quantifiers matches runs of word
 * characters and hyphens, nothing else, and looks at nothing around its
 * match but \b.  In a sentence whose characters outside its tokens are
 * none of those (spaces and punctuation, not '-' or '_'), each match
 * then lies inside one token, and it is the same as a match found when
 * the token alone is the subject: the matcher can look for it once per
 * word instead of at each of its occurrences (match_regex.c).
 *
 * The test is by syntax and errs on the side of "no": a lookaround, a
 * dot, \s, a space, an apostrophe, an inline option or any escape not
 * listed makes a pattern not confined. */
#include "codebook.h"
#include "utf8.h"
#include <utf8proc.h>

/* Whether the UTF-8 character at p (n bytes) is a letter, a digit or a
 * combining mark, which \w or a letter of a word stands for. */
static int word_char(const char *p, int *n) {
    unsigned char c = (unsigned char)*p;
    if (c < 0x80) {
        *n = 1;
        return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || (c >= '0' && c <= '9');
    }
    size_t len = utf8_sequence((const unsigned char *)p, strlen(p));
    if (!len) return 0;
    int32_t cp;
    *n = utf8_decode((const unsigned char *)p, &cp);
    utf8proc_category_t cat = utf8proc_category(cp);
    return (cat >= UTF8PROC_CATEGORY_LU && cat <= UTF8PROC_CATEGORY_LO) ||
           (cat >= UTF8PROC_CATEGORY_MN && cat <= UTF8PROC_CATEGORY_ME) ||
           (cat >= UTF8PROC_CATEGORY_ND && cat <= UTF8PROC_CATEGORY_NO);
}

/* A character class from p (after '['): letters, digits, '-', \w and \d
 * only, ranges between two letters or two digits; its end (after ']')
 * or NULL. */
static const char *confined_class(const char *p) {
    if (*p == '^' || *p == ']') return NULL; /* negated, or ']' first */
    /* what came before a '-': 0 nothing or an escape, 1 an ASCII letter,
     * 2 an ASCII digit, 3 another character */
    int prev = 0;
    while (*p && *p != ']') {
        if (*p == '\\') {
            if (p[1] != 'w' && p[1] != 'd' && p[1] != '-') return NULL;
            prev = 0;
            p += 2;
            continue;
        }
        if (*p == '[') return NULL; /* [:alpha:] */
        if (*p == '-' && prev && p[1] && p[1] != ']') {
            /* a range: two ASCII letters of one case or two digits (é-ÿ
             * holds ÷, !-z holds punctuation) */
            unsigned char a = (unsigned char)p[-1], b = (unsigned char)p[1];
            int digits = a >= '0' && a <= '9' && b >= '0' && b <= '9';
            int lower = a >= 'a' && a <= 'z' && b >= 'a' && b <= 'z';
            int upper = a >= 'A' && a <= 'Z' && b >= 'A' && b <= 'Z';
            if (prev == 3 || (!digits && !lower && !upper)) return NULL;
            prev = 0;
            p += 2;
            continue;
        }
        if (*p == '-') {
            prev = 0;
            p++;
            continue;
        }
        int n;
        if (!word_char(p, &n)) return NULL;
        unsigned char c = (unsigned char)*p;
        prev = n > 1 ? 3 : c >= '0' && c <= '9' ? 2 : 1;
        p += n;
    }
    return *p == ']' ? p + 1 : NULL;
}

int regex_word_confined(const char *pat) {
    const char *p = pat;
    int depth = 0;
    while (*p) {
        unsigned char c = (unsigned char)*p;
        if (c == '\\') {
            char e = p[1];
            /* \b: a boundary, seen the same in the word alone */
            if (e != 'w' && e != 'd' && e != 'b' && e != '-') return 0;
            p += 2;
            continue;
        }
        if (c == '[') {
            p = confined_class(p + 1);
            if (!p) return 0;
            continue;
        }
        if (c == '(') {
            if (p[1] == '?') {
                if (p[2] != ':') return 0; /* lookaround, option, name */
                p += 3;
            } else p++;
            depth++;
            continue;
        }
        if (c == ')') {
            if (--depth < 0) return 0;
            p++;
            continue;
        }
        if (c == '|' || c == '?' || c == '*' || c == '+' || c == '-') {
            p++;
            continue;
        }
        if (c == '{') {
            /* {n}, {n,} or {n,m}: else PCRE2 reads the brace as text */
            const char *q = p + 1;
            if (*q < '0' || *q > '9') return 0;
            while (*q >= '0' && *q <= '9') q++;
            if (*q == ',') {
                q++;
                while (*q >= '0' && *q <= '9') q++;
            }
            if (*q != '}') return 0;
            p = q + 1;
            continue;
        }
        int n;
        if (!word_char(p, &n)) return 0; /* . ^ $ space ' and the rest */
        p += n;
    }
    return depth == 0;
}

/* codebook_xmlerr.c - libxml2's well-formedness errors in words a
 * researcher editing a codebook understands: what is wrong, where, and
 * what to write instead ("write & as &amp;"), rather than the parser's
 * own ("xmlParseEntityRef: no name"). */
#include "codebook_load.h"
#include "utf8.h"
#include <stdio.h>

/* The byte offset of a parser position (line, column in characters). */
static size_t offset_of(const loader *L, unsigned line, unsigned col) {
    if (!line || line > L->nlines) return L->len;
    size_t i = L->line_starts[line - 1];
    for (unsigned c = 1; c < col && i < L->len && L->src[i] != '\n'; c++) {
        int32_t cp;
        i += (size_t)utf8_decode((const unsigned char *)L->src + i, &cp);
    }
    return i < L->len ? i : L->len;
}

/* The last c at or before off on the same line, or off itself. */
static size_t back_to(const loader *L, size_t off, char c) {
    size_t i = off < L->len ? off : L->len;
    for (;;) {
        if (i < L->len && L->src[i] == c) return i;
        if (i == 0) return off;
        i--;
        if (L->src[i] == '\n') return off;
    }
}

static int is_name_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
           c == '.' || c == ':';
}

/* Whether the tag at src[lt] ('<') starts an element a codebook has:
 * if not, the '<' was most likely meant as text ("a<b" in a regex). */
static int starts_codebook_tag(const loader *L, size_t lt) {
    static const char *const names[] = {"codebook", "title",     "description",  "settings",
                                        "unit",     "speakers",  "case-folding", "accent-folding",
                                        "min-hits", "min-score", "hesitations",  "lexicon-supplement",
                                        "theme",    "exclude",   "word",         "phrase",
                                        "lemma",    "regex",     "near",         "all",
                                        "any",      NULL};
    size_t e = lt + 1;
    while (e < L->len && is_name_char(L->src[e])) e++;
    for (size_t i = 0; names[i]; i++)
        if (strlen(names[i]) == e - lt - 1 && memcmp(names[i], L->src + lt + 1, e - lt - 1) == 0) return 1;
    return 0;
}

/* "Bytes: 0xE9 0x3C ..." -> 0xE9 */
static unsigned first_byte(const char *s) {
    const char *p = s ? strstr(s, "0x") : NULL;
    return p ? (unsigned)strtoul(p, NULL, 16) : 0;
}

void report_xml_error(loader *L, const xmlError *e) {
    /* after the first error the parser is lost; what it says next
     * follows from the first ("Premature end of data") */
    if (L->xml_failed) return;
    L->xml_failed = 1;
    unsigned line = e->line > 0 ? (unsigned)e->line : 0;
    unsigned col = e->int2 > 0 ? (unsigned)e->int2 : 0;
    size_t at = offset_of(L, line, col);
    const char *msg = e->message ? e->message : "";
    const char *s1 = e->str1 ? e->str1 : "", *s2 = e->str2 ? e->str2 : "";
    /* errors inside a tag that is none of a codebook's: a stray '<' */
    switch (e->code) {
    case XML_ERR_NAME_REQUIRED:
    case XML_ERR_SPACE_REQUIRED:
    case XML_ERR_GT_REQUIRED:
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
    case XML_ERR_LT_IN_ATTRIBUTE:
        if (strstr(msg, "EntityRef")) break;
        {
            size_t lt = back_to(L, at, '<');
            /* at "</": the tag before it lacks its '>' */
            if (lt + 1 < L->len && L->src[lt] == '<' && L->src[lt + 1] == '/') {
                size_t prev = lt ? back_to(L, lt - 1, '<') : lt;
                if (prev < lt && L->src[prev] == '<' && L->src[prev + 1] != '/' && !starts_codebook_tag(L, prev))
                    lt = prev; /* "a<b</regex>": the '<' of "<b" */
                else {
                    add_diag(L, 1, GRILLE_EXML, line, col,
                             "the tag before this one is not closed: '>' is missing at the end of its attributes");
                    return;
                }
            }
            if (lt < L->len && L->src[lt] == '<' && !starts_codebook_tag(L, lt)) {
                source_position(L, lt, &line, &col);
                add_diag(L, 1, GRILLE_EXML, line, col, "'<' starts a tag in XML: in text, write < as &lt; (a&lt;b)");
                return;
            }
        }
        break;
    default: break;
    }
    switch (e->code) {
    case XML_ERR_NAME_REQUIRED:
        if (strstr(msg, "EntityRef")) {
            source_position(L, back_to(L, at, '&'), &line, &col);
            add_diag(L, 1, GRILLE_EXML, line, col, "'&' starts an entity in XML: write & as &amp; (R&amp;D)");
            return;
        }
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "malformed tag: write attributes as name=\"value\", separated by spaces");
        return;
    case XML_ERR_ENTITYREF_SEMICOL_MISSING:
        source_position(L, back_to(L, at, '&'), &line, &col);
        add_diag(L, 1, GRILLE_EXML, line, col, "'&' starts an entity in XML, ended by ';': write & as &amp; (R&amp;D)");
        return;
    case XML_ERR_UNDECLARED_ENTITY:
        source_position(L, back_to(L, at, '&'), &line, &col);
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "unknown entity &%s;: XML knows only &amp; &lt; &gt; &quot; &apos;; write the character "
                 "itself (é, not &eacute;), the file being UTF-8",
                 s1);
        return;
    case XML_ERR_INVALID_CHAR:
        if (strstr(msg, "UTF-8")) {
            add_diag(L, 1, GRILLE_EXML, line, col,
                     "byte 0x%02X is not UTF-8: the file is in another encoding (Latin-1, Windows-1252?); "
                     "save it as UTF-8",
                     first_byte(s1));
            return;
        }
        add_diag(L, 1, GRILLE_EXML, line, col, "character U+%04X is not allowed in XML: delete it", (unsigned)e->int1);
        return;
    case XML_ERR_TAG_NAME_MISMATCH: {
        char needle[128];
        snprintf(needle, sizeof needle, "</%s", s2);
        /* the parser stands after the closing tag, or on the next one */
        for (size_t i = at; i < L->len || i == L->len;) {
            size_t lt = back_to(L, i, '<');
            if (lt >= L->len || L->src[lt] != '<') break;
            if (lt + strlen(needle) <= L->len && memcmp(L->src + lt, needle, strlen(needle)) == 0) {
                source_position(L, lt, &line, &col);
                break;
            }
            if (lt == 0 || L->src[lt - 1] == '\n') break;
            i = lt - 1;
        }
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "</%s> does not close <%s> (opened on line %d): write </%s> first; elements close in "
                 "the reverse order they open",
                 s2, s1, e->int1, s1);
        return;
    }
    case XML_ERR_TAG_NOT_FINISHED:
        add_diag(L, 1, GRILLE_EXML, line, col, "the file ends before <%s> (opened on line %d) is closed: add </%s>", s1,
                 e->int1, s1);
        return;
    case XML_ERR_GT_REQUIRED:
        if (*s1) add_diag(L, 1, GRILLE_EXML, line, col, "a tag is not closed: '>' is missing after <%s", s1);
        else add_diag(L, 1, GRILLE_EXML, line, col, "a tag is not closed: '>' is missing");
        return;
    case XML_ERR_ATTRIBUTE_NOT_STARTED:
        add_diag(L, 1, GRILLE_EXML, line, col, "an attribute value must be in quotes: name=\"value\"");
        return;
    case XML_ERR_ATTRIBUTE_WITHOUT_VALUE:
        add_diag(L, 1, GRILLE_EXML, line, col, "attribute %s has no value: write %s=\"...\"", s1, s1);
        return;
    case XML_ERR_SPACE_REQUIRED:
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "malformed tag: write attributes as name=\"value\", separated by spaces");
        return;
    case XML_ERR_LT_IN_ATTRIBUTE:
        add_diag(L, 1, GRILLE_EXML, line, col, "'<' in an attribute value: write it &lt;");
        return;
    case XML_ERR_ATTRIBUTE_REDEFINED:
        /* the second one, before where the parser stopped */
        for (size_t i = at, n = strlen(s1); n && i-- > L->line_starts[line ? line - 1 : 0];)
            if (i + n < L->len && memcmp(L->src + i, s1, n) == 0 && L->src[i + n] == '=') {
                source_position(L, i, &line, &col);
                break;
            }
        add_diag(L, 1, GRILLE_EXML, line, col, "attribute %s is given twice in this tag: keep one", s1);
        return;
    case XML_ERR_DOCUMENT_END:
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "text after the end of the codebook: everything goes inside <codebook>...</codebook>");
        return;
    case XML_ERR_DOCUMENT_EMPTY:
        add_diag(L, 1, GRILLE_EXML, line, col, "not XML: a codebook starts with <codebook ...> (or <?xml ...?>)");
        return;
    case XML_ERR_RESERVED_XML_NAME:
        source_position(L, back_to(L, at, '<'), &line, &col);
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "<?xml ...?> must be the very first thing in the file, with nothing before it, not even a "
                 "blank line");
        return;
    case XML_ERR_HYPHEN_IN_COMMENT:
        add_diag(L, 1, GRILLE_EXML, line, col, "'--' is not allowed inside an XML comment <!-- -->");
        return;
    default: break;
    }
    if (strstr(msg, "Excessive depth in document")) {
        add_diag(L, 1, GRILLE_EXML, line, col,
                 "elements are nested more than 256 deep: no codebook needs that many levels "
                 "(flatten the <all>/<any> rules, or split the theme)");
        return;
    }
    add_diag(L, 1, GRILLE_EXML, line, col, "%s", msg);
}

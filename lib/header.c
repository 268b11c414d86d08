/* header.c - a transcript's metadata: front matter ("---" / key: value /
 * "---"), an Iramuteq star line, and the "Date : … – Durée : …" lines a
 * Word transcript starts with. */
#include "document.h"
#include "utf8.h"
#include <stdio.h>

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

static size_t skip_blank(const char *t, size_t i, size_t end) {
    while (i < end && is_blank(t[i])) i++;
    return i;
}

static size_t trim_blank_end(const char *t, size_t start, size_t end) {
    while (end > start && (is_blank(t[end - 1]) || t[end - 1] == '\n')) end--;
    return end;
}

int document_add_variable(grille_document *doc, const char *k, size_t kl, const char *v, size_t vl, int replace) {
    char *key = grille_strndup(k, kl);
    if (!key) return GRILLE_ENOMEM;
    for (char *p = key; *p; p++)
        if (*p >= 'A' && *p <= 'Z') *p = (char)(*p - 'A' + 'a');
    for (size_t i = 0; i < doc->nvars; i++)
        if (strcmp(doc->keys[i], key) == 0) {
            free(key);
            if (!replace) return GRILLE_OK;
            char *val = grille_strndup(v, vl);
            if (!val) return GRILLE_ENOMEM;
            free(doc->values[i]);
            doc->values[i] = val;
            return GRILLE_OK;
        }
    char *val = grille_strndup(v, vl);
    size_t capk = doc->capvars;
    if (!val || GROW(doc->keys, doc->nvars, capk) || GROW(doc->values, doc->nvars, doc->capvars)) {
        free(key);
        free(val);
        return GRILLE_ENOMEM;
    }
    doc->keys[doc->nvars] = key;
    doc->values[doc->nvars] = val;
    doc->nvars++;
    return GRILLE_OK;
}

static int is_fence(const grille_document *doc, size_t ls, size_t le) {
    le = trim_blank_end(doc->text, ls, le);
    return le - ls == 3 && memcmp(doc->text + ls, "---", 3) == 0;
}

static int valid_key_char(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

/* Whether line [i, le) is "key: value", a comment or blank; sets *kend
 * to the key's end. */
static int key_value_line(const char *t, size_t i, size_t le, size_t *p, size_t *kend) {
    size_t e = trim_blank_end(t, i, le);
    *p = skip_blank(t, i, e);
    if (*p == e || t[*p] == '#') {
        *kend = *p;
        return 1;
    }
    size_t k = *p;
    while (k < e && valid_key_char(t[k])) k++;
    *kend = k;
    return k > *p && k < e && t[k] == ':';
}

/* A "---" line starts front matter only when key: value lines follow: a
 * Markdown rule at the top of a file is not a header. */
static int front_matter_follows(const grille_document *doc, size_t start) {
    size_t i = document_line_end(doc, start) + 1, p, k;
    while (i < doc->size) {
        size_t le = document_line_end(doc, i);
        if (is_fence(doc, i, le)) return 1;
        if (!key_value_line(doc->text, i, le, &p, &k)) return 0;
        if (k > p) return 1; /* a real key: value */
        i = le + 1;
    }
    return 0;
}

static int parse_front_matter(grille_document *doc, size_t start, size_t *body, grille_error *err) {
    const char *t = doc->text;
    size_t i = document_line_end(doc, start) + 1;
    while (i < doc->size) {
        size_t le = document_line_end(doc, i);
        if (is_fence(doc, i, le)) {
            *body = le < doc->size ? le + 1 : le;
            return GRILLE_OK;
        }
        size_t p, k;
        if (!key_value_line(t, i, le, &p, &k)) {
            unsigned line, col;
            utf8_line_col(t, k, &line, &col);
            unsigned open_line, c2;
            utf8_line_col(t, start, &open_line, &c2);
            return grille_fail(err, GRILLE_ETRANSCRIPT, doc->name, line, col, k,
                               "expected 'key: value' (a key of letters, digits, '_' or '-') "
                               "or the '---' that closes the metadata header opened on line %u",
                               open_line);
        }
        if (k > p) {
            size_t e = trim_blank_end(t, i, le);
            size_t v = skip_blank(t, k + 1, e), ve = e;
            /* "value" and 'value' lose their quotes, as in YAML */
            if (ve - v >= 2 && (t[v] == '"' || t[v] == '\'') && t[ve - 1] == t[v]) {
                v++;
                ve--;
            }
            /* a key given twice: the last one wins, as in YAML */
            if (document_add_variable(doc, t + p, k - p, t + v, ve - v, 1))
                return grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "out of memory");
        }
        i = le + 1;
    }
    unsigned line, col;
    utf8_line_col(t, start, &line, &col);
    return grille_fail(err, GRILLE_ETRANSCRIPT, doc->name, line, col, start,
                       "the metadata header opened by '---' on line %u is never "
                       "closed by a second '---' line",
                       line);
}

/* Iramuteq/Alceste star line: "**** *type_EI *territoire_rural". */
static int parse_star_line(grille_document *doc, size_t start, size_t le) {
    const char *t = doc->text;
    size_t i = start + 4;
    while (i < le) {
        while (i < le && is_blank(t[i])) i++;
        if (i >= le) break;
        size_t w = i;
        while (i < le && !is_blank(t[i])) i++;
        if (t[w] != '*' || i - w < 2) continue;
        w++;
        const char *us = memchr(t + w, '_', i - w);
        size_t kl = us ? (size_t)(us - (t + w)) : i - w;
        const char *v = us ? us + 1 : t + i;
        size_t vl = us ? (size_t)((t + i) - v) : 0;
        if (document_add_variable(doc, t + w, kl, v, vl, 1)) return GRILLE_ENOMEM;
    }
    return GRILLE_OK;
}

int document_read_header(grille_document *doc, size_t *body, grille_error *err) {
    const char *text = doc->text;
    size_t b = 0;
    if (doc->size >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) b = 3;
    /* the header may follow blank lines */
    while (b < doc->size && (text[b] == '\n' || text[b] == '\r')) b++;
    size_t le = document_line_end(doc, b);
    *body = b;
    if (is_fence(doc, b, le) && front_matter_follows(doc, b)) return parse_front_matter(doc, b, body, err);
    if (le - b >= 4 && memcmp(text + b, "****", 4) == 0) {
        if (parse_star_line(doc, b, le)) return grille_fail(err, GRILLE_ENOMEM, doc->name, 0, 0, 0, "out of memory");
        *body = le < doc->size ? le + 1 : le;
    }
    return GRILLE_OK;
}

/* ------------------------------------------------------------------ */
/* "Date : 14 mars 2025 – Durée : 1 h 10" before the first turn        */

/* Labels that name metadata, not a speaker, and the variable they give. */
static const struct {
    const char *folded, *key;
} header_words[] = {{"date", "date"},
                    {"durée", "duree"},
                    {"duree", "duree"},
                    {"lieu", "lieu"},
                    {"heure", "heure"},
                    {"horaire", "heure"},
                    {"objet", "objet"},
                    {"titre", "titre"},
                    {"sujet", "sujet"},
                    {"thème", "theme"},
                    {"theme", "theme"},
                    {"durée de l'entretien", "duree"},
                    {"date de l'entretien", "date"},
                    {"lieu de l'entretien", "lieu"},
                    {"transcription", "transcription"},
                    {"transcrit par", "transcription"},
                    {"enregistrement", "enregistrement"},
                    {"fichier", "fichier"},
                    {"fichier audio", "fichier"},
                    {"référence", "reference"},
                    {"reference", "reference"},
                    {"code", "code"},
                    {"participants", "participants"},
                    {"participantes", "participants"},
                    {"présents", "participants"},
                    {"presents", "participants"},
                    {"personnes présentes", "participants"},
                    {"type", "type"},
                    {"type d'entretien", "type"},
                    {"territoire", "territoire"},
                    {"structure", "structure"},
                    {"fonction", "fonction"},
                    {"anonymisation", "anonymisation"},
                    {"langue", "langue"},
                    {"version", "version"},
                    {NULL, NULL}};

static const char *header_key(const char *folded) {
    for (size_t i = 0; header_words[i].folded; i++)
        if (strcmp(folded, header_words[i].folded) == 0) return header_words[i].key;
    return NULL;
}

int document_is_header_word(const char *folded) { return header_key(folded) != NULL; }

/* The header key that starts at t[i] ("Durée :"), its end at the colon. */
static const char *key_at(const char *t, size_t i, size_t le, size_t *colon) {
    size_t j = i;
    while (j < le && t[j] != ':' && j - i < 32) j++;
    if (j >= le || t[j] != ':') return NULL;
    size_t e = j;
    while (e > i && (is_blank(t[e - 1]) || (unsigned char)t[e - 1] == 0xA0 || (unsigned char)t[e - 1] == 0xC2)) e--;
    if (e == i) return NULL;
    char buf[64], *owned;
    const char *f = document_fold_label_tmp(t + i, e - i, buf, sizeof buf, &owned);
    if (!f) return NULL;
    const char *k = header_key(f);
    free(owned);
    *colon = j;
    return k;
}

/* Where the next "– Key :" starts in [i, le) (a dash, a bar or a
 * semicolon before a header word), or le. */
static size_t next_pair(const char *t, size_t i, size_t le, size_t *key_start) {
    for (size_t j = i; j < le; j++) {
        size_t sep = 0;
        if (t[j] == '|' || t[j] == ';' || t[j] == '-' || t[j] == ',') sep = 1;
        else if ((unsigned char)t[j] == 0xE2 && j + 2 < le && (unsigned char)t[j + 1] == 0x80 &&
                 ((unsigned char)t[j + 2] == 0x93 || (unsigned char)t[j + 2] == 0x94))
            sep = 3; /* – or — */
        if (!sep || j == i || !is_blank(t[j - 1])) continue;
        size_t k = skip_blank(t, j + sep, le), colon;
        if (key_at(t, k, le, &colon)) {
            *key_start = k;
            return j;
        }
    }
    return le;
}

int document_header_line(grille_document *doc, size_t ls, size_t le, int *failed) {
    const char *t = doc->text;
    size_t i = skip_blank(t, ls, le), colon;
    *failed = 0;
    if (!key_at(t, i, le, &colon)) return 0;
    while (i < le) {
        const char *key = key_at(t, i, le, &colon);
        if (!key) break;
        size_t v = skip_blank(t, colon + 1, le), next_key = le;
        while (v + 1 < le && (unsigned char)t[v] == 0xC2 && (unsigned char)t[v + 1] == 0xA0)
            v = skip_blank(t, v + 2, le);
        size_t ve = next_pair(t, v, le, &next_key);
        ve = trim_blank_end(t, v, ve);
        if (document_add_variable(doc, key, strlen(key), t + v, ve - v, 0)) {
            *failed = 1;
            return 0;
        }
        i = next_key;
    }
    return 1;
}

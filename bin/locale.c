/* locale.c - which language grille speaks: its messages follow the
 * locale (gettext), its reports --lang, defaulting to the messages'. */
#define _POSIX_C_SOURCE 200809L
#include "cli.h"
#include <locale.h>
#include <stdio.h>
#include <string.h>

const char *cli_pgettext(const char *ctx_and_id, const char *id) {
    const char *t = _(ctx_and_id);
    /* untranslated: gettext gives back the key, context and all */
    return t == ctx_and_id || strcmp(t, ctx_and_id) == 0 ? id : t;
}

void cli_locale_init(void) {
#ifdef ENABLE_NLS
    /* LC_CTYPE: gettext writes the translations in the locale's charset.
     * LC_NUMERIC, LC_COLLATE and LC_TIME stay "C": TSV, CSV and JSON are
     * read by R and spreadsheets, whatever the researcher's locale. */
    setlocale(LC_CTYPE, "");
    setlocale(LC_MESSAGES, "");
    bindtextdomain("grille", cli_locale_dir());
    textdomain("grille");
#endif
}

grille_language cli_default_language(void) {
    /* TRANSLATORS: the code of the language of this translation (fr): the
     * reports are written in it when --lang is not given. */
    int lang = grille_language_parse(C_("language code", "en"));
    return lang < 0 ? GRILLE_LANG_EN : (grille_language)lang;
}

const char *cli_number(char *buf, size_t len, double v, int decimals) {
    snprintf(buf, len, "%.*f", decimals, v);
    if (cli_default_language() == GRILLE_LANG_FR)
        for (char *p = buf; *p; p++)
            if (*p == '.') *p = ',';
    return buf;
}

int cli_parse_lang(const char *cmd, const char *arg, grille_language *lang) {
    int l = grille_language_parse(arg);
    if (l < 0) {
        fprintf(stderr, _("%s: --lang takes fr or en, not '%s'\n"), cmd, arg);
        return -1;
    }
    *lang = (grille_language)l;
    return 0;
}

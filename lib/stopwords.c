/* stopwords.c - French function words, folded as the codebook folds
 * them: grille suggest does not propose a rule made only of them, nor a
 * phrase that starts or ends with one ("de la santé"). */
#include "stopwords.h"
#include "strmap.h"

static const char *const words[] = {
    "a",      "à",      "afin",        "ai",       "aie",      "aient",     "ait",      "alors", "as",       "au",
    "aucun",  "aucune", "aujourd'hui", "auquel",   "aussi",    "autre",     "autres",   "aux",   "avaient",  "avais",
    "avait",  "avant",  "avec",        "avez",     "avoir",    "avons",     "ayant",    "bah",   "beaucoup", "ben",
    "bien",   "bon",    "bref",        "c'",       "ça",       "car",       "ce",       "ceci",  "cela",     "celle",
    "celles", "celui",  "cependant",   "certain",  "certaine", "certaines", "certains", "ces",   "cet",      "cette",
    "ceux",   "chaque", "chez",        "ci",       "comme",    "comment",   "d'",       "dans",  "de",       "déjà",
    "depuis", "des",    "donc",        "dont",     "du",       "elle",      "elles",    "en",    "encore",   "enfin",
    "entre",  "es",     "est",         "et",       "été",      "être",      "étaient",  "étais", "était",    "euh",
    "eux",    "fait",   "faire",       "fais",     "font",     "fois",      "hein",     "ici",   "il",       "ils",
    "j'",     "je",     "jamais",      "jusqu'",   "l'",       "la",        "là",       "le",    "les",      "leur",
    "leurs",  "lui",    "m'",          "ma",       "mais",     "me",        "même",     "mêmes", "mes",      "moi",
    "moins",  "mon",    "n'",          "ne",       "ni",       "non",       "nos",      "notre", "nous",     "on",
    "ont",    "ou",     "où",          "oui",      "par",      "parce",     "pas",      "peu",   "peut",     "peuvent",
    "plus",   "plutôt", "pour",        "pourquoi", "qu'",      "quand",     "que",      "quel",  "quelle",   "quelles",
    "quels",  "qui",    "quoi",        "s'",       "sa",       "sans",      "se",       "sera",  "ses",      "si",
    "sinon",  "soi",    "soit",        "sommes",   "son",      "sont",      "sous",     "suis",  "sur",      "t'",
    "ta",     "te",     "tes",         "toi",      "ton",      "tous",      "tout",     "toute", "toutes",   "très",
    "tu",     "un",     "une",         "unes",     "uns",      "va",        "vais",     "voilà", "vont",     "vos",
    "votre",  "vous",   "vraiment",    "y",        NULL};

int stopwords_load(strmap *m) {
    if (strmap_init(m)) return GRILLE_ENOMEM;
    for (size_t i = 0; words[i]; i++) {
        int *v = strmap_put(m, words[i], strlen(words[i]), NULL);
        if (!v) return GRILLE_ENOMEM;
        *v = 1;
    }
    return GRILLE_OK;
}

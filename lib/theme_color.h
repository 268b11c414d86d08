/* theme_color.h - the colour a theme is drawn in (notes, review page). */
#ifndef GRILLE_THEME_COLOR_H
#define GRILLE_THEME_COLOR_H
#include "codebook_view.h"

/* Theme t's colour as red, green, blue (0-255): its own, else its nearest
 * ancestor's, else a Tableau 10 colour picked by its top-level theme's
 * rank, so that every page draws a theme alike. */
void theme_color_rgb(const grille_codebook *cb, size_t t, int rgb[3]);

#endif

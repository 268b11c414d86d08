/* theme_color.c - see theme_color.h. */
#include "theme_color.h"

/* The theme's colour: its own, else its nearest ancestor's, else a
 * Tableau 10 colour picked by its top-level theme's rank. */
void theme_color_rgb(const grille_codebook *cb, size_t t, int rgb[3]) {
    static const char *const palette[] = {"#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd",
                                          "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"};
    const char *col = NULL;
    int top = (int)t;
    for (int x = (int)t; x >= 0; x = codebook_theme_parent(cb, x)) {
        const char *own = codebook_theme_color(cb, x);
        if (!col && own && strlen(own) == 7) col = own;
        top = x;
    }
    if (!col) {
        size_t rank = 0;
        for (int x = 0; x < top; x++) rank += codebook_theme_parent(cb, x) < 0;
        col = palette[rank % 10];
    }
    for (int i = 0; i < 3; i++) {
        unsigned v = 0;
        for (int k = 1; k <= 2; k++) {
            char c = col[1 + 2 * i + k - 1];
            v = v * 16 + (unsigned)(c >= 'a' ? c - 'a' + 10 : c >= 'A' ? c - 'A' + 10 : c - '0');
        }
        rgb[i] = (int)v;
    }
}

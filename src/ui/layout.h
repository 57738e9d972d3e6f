/*
 * Where things go on a screen of a given size, computed from the state
 * alone so that drawing (draw.c) and handling (journey.c) agree on pages
 * of options without either one changing the other.
 */
#ifndef PARVIS_UI_LAYOUT_H
#define PARVIS_UI_LAYOUT_H

#include <stdbool.h>
#include <stddef.h>

#include "journey.h"

#define LAYOUT_MIN_LINES 24
#define LAYOUT_MIN_COLS 80
#define LAYOUT_BUTTON_H 3 /* every button is three rows high */
#define LAYOUT_NAV_H 3    /* the bar of Précédent / Suivant */
#define LAYOUT_KEY_W 5    /* on-screen keyboard keys */

/* A grid of big buttons (options, communes, forms). */
struct grid {
	int top, left;  /* first button */
	int rows, cols; /* buttons down and across */
	int width;      /* of one button */
	int height;     /* LAYOUT_BUTTON_H */
	int gap_x, gap_y;
	size_t per_page;
};

/* True when the screen is too small to be used. */
bool layout_too_small(const struct journey *j);

/* Number of rows the wrapped text takes at this width. */
int layout_wrapped_rows(const char *text, int width);

/* Top row of the content under the prompt of the current question. */
int layout_content_top(const struct journey *j);

/* The grid of option buttons of the current question (choice, choices,
 * scale, rank), or of open forms on the choose screen, or of commune
 * results.  n is the number of buttons to place. */
void layout_grid(const struct journey *j, size_t n, int top, int bottom,
    int ncols, struct grid *g);

/* Top row of an on-screen keyboard of key_rows rows of keys, which sits
 * just above the navigation bar. */
int layout_keyboard_top(const struct journey *j, int key_rows);

/* Top row of the commune results, above the letter keyboard. */
int layout_commune_results_top(const struct journey *j);

/* The grid for the current screen's buttons and how many there are. */
void layout_current_grid(const struct journey *j, struct grid *g, size_t *n);

/* Number of pages needed for n buttons in g (at least 1). */
size_t layout_pages(const struct grid *g, size_t n);

#endif

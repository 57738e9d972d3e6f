/*
 * Drawing primitives and tap regions.  Every button drawn registers the
 * rectangle it covers with the input it stands for; a tap is hit-tested
 * against these regions in one place (ui_region_at), and scripts find a
 * button by the text on it (ui_region_find).
 */
#ifndef PARVIS_UI_WIDGETS_H
#define PARVIS_UI_WIDGETS_H

#include <stdbool.h>

#include "action.h"

struct region {
	int y, x, h, w;
	struct input input;
	char label[128];
};

enum button_style {
	BUTTON_NORMAL,
	BUTTON_SELECTED, /* a picked option */
	BUTTON_PRIMARY,  /* the way forward */
	BUTTON_DISABLED, /* drawn dim, not tappable */
};

/* Sets up colours; call once after initscr. */
void widgets_init(void);

/* Starts drawing a screen: clears it and forgets the regions of the
 * previous drawing.  Below 80 x 24 it draws the bilingual "enlarge the
 * window" notice instead and returns false: nothing else is drawn. */
bool ui_begin_screen(void);

/* Forgets the regions of the previous drawing. */
void ui_regions_clear(void);

/* The region under the cell (y, x), or NULL. */
const struct region *ui_region_at(int y, int x);

/* The region whose label is label (surrounding spaces and arrows
 * ignored), or NULL; when several match, the first drawn. */
const struct region *ui_region_find(const char *label);

/* Draws a button three rows high at (y, x), w columns wide, with label
 * centred (cut with "…" if too long), and registers it. */
void ui_button(int y, int x, int w, const char *label, enum button_style style,
    struct input in);

/* Registers an invisible tappable rectangle (the hidden gesture). */
void ui_hotspot(int y, int x, int h, int w, struct input in);

/* Writes text from (y, x), at most w columns wide, cut with "…". */
void ui_put(int y, int x, int w, const char *text);

/* Writes text centred on row y across the whole width. */
void ui_put_centered(int y, const char *text);

/* Wraps text into w columns from (y, x), at most max_rows rows (the last
 * one ends with "…" if it does not fit).  Returns the rows written. */
int ui_wrap(int y, int x, int w, int max_rows, const char *text);

/* Display width of a UTF-8 string. */
int ui_width(const char *text);

/* Attribute helpers for the screens. */
void ui_bold(bool on);
void ui_dim(bool on);
void ui_header_colors(bool on);
void ui_box(int y, int x, int h, int w);
void ui_qr_colors(bool on);

#endif

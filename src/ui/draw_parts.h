/*
 * Pieces shared by the screens of draw.c and draw_question.c.
 */
#ifndef PARVIS_UI_DRAW_PARTS_H
#define PARVIS_UI_DRAW_PARTS_H

#include "journey.h"
#include "layout.h"
#include "widgets.h"

#define MARGIN 2
#define NAV_W 17

struct input draw_act(enum action a, int arg);
void draw_header(const char *left, const char *right);
void draw_hint(const struct journey *j);
void draw_nav(const struct journey *j, const char *back, const char *next,
    enum button_style next_style, enum action next_action);
void draw_page_buttons(const struct journey *j, const struct grid *g, size_t n);
void draw_grid_button(const struct grid *g, size_t slot, const char *label,
    enum button_style style, struct input in, const char *corner);
void draw_field(const struct journey *j, int y, const char *placeholder);
void draw_prompt(const struct journey *j, int max_rows);

/* The current question's screen (draw_question.c). */
void draw_question(const struct journey *j);

#endif

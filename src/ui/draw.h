/*
 * Drawing the journey's screens: ui_draw() reads the state and draws the
 * screen it describes, registering the tap regions; it changes nothing.
 */
#ifndef PARVIS_UI_DRAW_H
#define PARVIS_UI_DRAW_H

#include "journey.h"

/* Clears and draws the whole screen for j as it is at now_ms (stdscr;
 * not refreshed). */
void ui_draw(const struct journey *j, int64_t now_ms);

#endif

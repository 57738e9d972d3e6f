/*
 * On-screen keyboards: AZERTY with the French letters for free text, a
 * capital-letter one for the commune search, a row of digits for numbers
 * and the PIN.  Each key is a button; a tap gives its action.
 */
#ifndef PARVIS_UI_KEYBOARD_H
#define PARVIS_UI_KEYBOARD_H

#include "journey.h"

enum keyboard_kind {
	KEYBOARD_TEXT,    /* 4 rows: letters, accents, signs, space */
	KEYBOARD_LETTERS, /* 3 rows: capitals for the commune search */
	KEYBOARD_NUMBER,  /* 1 row: 1-9, 0, erase */
};

/* Rows of keys (each LAYOUT_BUTTON_H high) of a keyboard kind. */
int keyboard_rows(enum keyboard_kind kind);

/* Draws the keyboard with its top at row y, centred. */
void keyboard_draw(
    int y, enum keyboard_kind kind, enum keyboard_mode mode, bool minus);

#endif

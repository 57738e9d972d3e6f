/*
 * The terminal: setting it up for a kiosk (raw keys, mouse taps, no
 * signals from the keyboard), drawing the journey and waiting for the next
 * event — from the terminal, or from a test script.
 *
 * Scripted mode (PARVIS_SCRIPT=FILE) draws into an off-screen terminal of
 * a fixed size and takes its input from the script, one step at a time:
 *   tap "Suivant"      tap the button with this text (or: tap ROW COL)
 *   key Enter          a key: Enter Backspace Escape Tab Left Right Up Down
 *                      PgUp PgDn F2 F10 C-c C-z C-\ or one character;
 *                      "key Backspace *40" presses it 40 times
 *   type "Plus de bus" type text, one key at a time
 *   advance 61s        move the clock (also: 500ms)
 *   resize 100x30      change the terminal size (columns x lines)
 *   touch 230 427      a touch at raw touchscreen coordinates (calibration)
 *   dump NAME          write the screen to DUMPDIR/NAME.txt
 *   expect "texte"     fail unless the screen shows this text
 * Lines starting with # are comments.
 */
#ifndef PARVIS_UI_UI_H
#define PARVIS_UI_UI_H

#include <stdbool.h>
#include <stdio.h>

#include "action.h"
#include "error.h"
#include "screen.h"
#include "touch.h"

struct ui_options {
	const char *script;   /* NULL: the real terminal */
	const char *dump_dir; /* where `dump` writes (default ".") */
	int lines, cols;      /* off-screen size (default 24 x 80) */
	bool offscreen;       /* draw off-screen even without a script */
	const char *touch;    /* a touchscreen read directly, or NULL */
	struct touch_axes touch_calibration; /* see touch.h */
};

/* Sets up the terminal (or the off-screen one for a script). */
bool ui_init(const struct ui_options *o, struct error *err);

/* Applies a new calibration to the touchscreen read directly. */
void ui_touch_calibrate(const struct touch_axes *axes);

/* Gives the terminal back as it was; safe to call twice. */
void ui_finish(void);

/* Draws the screen as it is now and waits for the next event, which gets
 * the time it came at (and, for UI_RESIZE, the new size).  Returns false
 * when a script step fails (err says which line and why). */
bool ui_wait(const struct screen *s, struct ui_event *ev, struct error *err);

/* Screen size. */
int ui_lines(void);
int ui_cols(void);

/* Writes the current screen as text, one line per row, trailing spaces
 * removed. */
bool ui_dump_to(FILE *out);

/* Maps a key (a curses key code or a character) to an input in a
 * context, through the one table of bindings. */
struct input ui_key_input(int key, bool is_char, enum input_context ctx);

#endif

/*
 * The calibration screen (see calibrate.h): its state, what a touch does,
 * and its drawing.
 */
#include "calibrate.h"

#include <curses.h>

#include "i18n.h"
#include "widgets.h"

/* Where the crosses are: inside the screen, far enough from its edges
 * that a finger can reach them on a bezel. */
void
calibrate_open(struct calibrate *c, int lines, int cols, bool available)
{
	*c = (struct calibrate){
		.row = { 2, lines - 3 },
		.col = { 4, cols - 5 },
		.available = available,
		.lines = lines,
		.cols = cols,
	};
}

enum calibrate_request
calibrate_handle(struct calibrate *c, const struct input *in, bool touched,
    int32_t x, int32_t y)
{
	if (!touched || c->step >= 2) {
		return in->action == ACTION_BACK ||
		        in->action == ACTION_CANCEL || c->step >= 2
		    ? CALIBRATE_CANCEL
		    : CALIBRATE_NOTHING;
	}
	c->x[c->step] = x;
	c->y[c->step] = y;
	if (++c->step < 2) {
		return CALIBRATE_NOTHING;
	}
	c->failed = !touch_calibrate(
	    c->x, c->y, c->row, c->col, c->lines, c->cols, &c->axes);
	if (c->failed) {
		c->step = 0; /* start again */
		return CALIBRATE_NOTHING;
	}
	return CALIBRATE_DONE;
}

static void
cross(int row, int col)
{
	mvaddwstr(row - 1, col, L"│");
	mvaddwstr(row, col - 2, L"──┼──");
	mvaddwstr(row + 1, col, L"│");
}

void
calibrate_draw(const struct calibrate *c)
{
	if (!ui_begin_screen()) {
		return;
	}
	/* The whole screen answers: a touch counts wherever it lands. */
	ui_hotspot(0, 0, LINES, COLS, (struct input){ .action = ACTION_OK });
	if (!c->available) {
		ui_wrap(LINES / 2 - 1, 2, COLS - 4, 3,
		    _("No touchscreen is read directly on this kiosk ([touch] "
		      "device in kiosk.ini): nothing to calibrate. Touch the "
		      "screen to go back."));
		return;
	}
	ui_bold(true);
	ui_wrap(LINES / 2 - 2, 8, COLS - 16, 2,
	    c->step == 0 ? _("Touch the centre of the cross, top left.")
	                 : _("Now the centre of the cross, bottom right."));
	ui_bold(false);
	if (c->failed) {
		ui_wrap(LINES / 2 + 1, 8, COLS - 16, 2,
		    _("These two touches do not fit together: once again, "
		      "please."));
	}
	if (c->step < 2) {
		cross(c->row[c->step], c->col[c->step]);
	}
}

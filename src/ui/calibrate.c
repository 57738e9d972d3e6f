/*
 * The calibration screen (see calibrate.h): its state, what a touch does,
 * and its drawing.
 */
#include "calibrate.h"

#include <curses.h>

#include "glyphs.h"
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

static enum request_kind
handle(struct calibrate *c, const struct input *in, bool touched, int32_t x,
    int32_t y)
{
	if (!touched || c->step >= 2) {
		return in->action == ACTION_BACK ||
		        in->action == ACTION_CANCEL || c->step >= 2
		    ? REQUEST_CALIBRATION_CANCEL
		    : REQUEST_NONE;
	}
	c->x[c->step] = x;
	c->y[c->step] = y;
	if (++c->step < 2) {
		return REQUEST_NONE;
	}
	c->failed = !touch_calibrate(
	    c->x, c->y, c->row, c->col, c->lines, c->cols, &c->axes);
	if (c->failed) {
		c->step = 0; /* start again */
		return REQUEST_NONE;
	}
	return REQUEST_CALIBRATION_DONE;
}

static void
cross(int row, int col)
{
	ui_put_glyph(row - 1, col, L'│');
	for (int c = -2; c <= 2; c++) {
		ui_put_glyph(row, col + c, c == 0 ? L'┼' : L'─');
	}
	ui_put_glyph(row + 1, col, L'│');
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

struct request
calibrate_handle(struct calibrate *c, const struct input *in, bool touched,
    int32_t x, int32_t y)
{
	return request_of(handle(c, in, touched, x, y));
}

void
calibrate_resize(struct calibrate *c, int lines, int cols)
{
	calibrate_open(c, lines, cols, c->available); /* the crosses move */
}

/* The calibration as a screen (screen.h). */

static void
screen_draw(const void *state, int64_t now_ms)
{
	(void)now_ms;
	calibrate_draw(state);
}

static struct request
screen_handle(void *state, const struct ui_event *ev)
{
	return calibrate_handle(
	    state, &ev->input, ev->touched, ev->touch_x, ev->touch_y);
}

static struct request
screen_tick(void *state, int64_t now_ms)
{
	(void)state;
	(void)now_ms;
	return request_of(REQUEST_NONE);
}

static void
screen_resize(void *state, int lines, int cols)
{
	calibrate_resize(state, lines, cols);
}

static enum input_context
screen_context(const void *state)
{
	(void)state;
	return CONTEXT_BUTTONS;
}

const struct screen_ops calibrate_screen = {
	.name = "calibrate",
	.draw = screen_draw,
	.handle = screen_handle,
	.tick = screen_tick,
	.resize = screen_resize,
	.context = screen_context,
};

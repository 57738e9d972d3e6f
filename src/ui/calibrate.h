/*
 * Calibrating a touchscreen read directly (the bare console path): the
 * animator touches a cross near the top left corner, then one near the
 * bottom right; from where the touchscreen says these were, the axes
 * that map its coordinates onto the character cells are computed
 * (touch_calibrate in touch.h), applied at once and kept in kiosk.ini.
 */
#ifndef PARVIS_UI_CALIBRATE_H
#define PARVIS_UI_CALIBRATE_H

#include <stdbool.h>
#include <stdint.h>

#include "action.h"
#include "screen.h"
#include "touch.h"

struct calibrate {
	int step;               /* the cross being touched: 0, 1; 2 when done */
	int row[2], col[2];     /* where the crosses are */
	int32_t x[2], y[2];     /* where the touchscreen said they were */
	struct touch_axes axes; /* the result */
	bool failed;            /* the two touches could not define it */
	bool available;         /* a touchscreen is read directly */
	int lines, cols;
};

/* The calibration as a screen (screen.h). */
extern const struct screen_ops calibrate_screen;

void calibrate_open(struct calibrate *c, int lines, int cols, bool available);

/* A touch at raw (x, y), or any other input (which can only cancel):
 * REQUEST_NONE, CALIBRATION_DONE or CALIBRATION_CANCEL. */
struct request calibrate_handle(struct calibrate *c, const struct input *in,
    bool touched, int32_t x, int32_t y);

/* The screen changed size: the crosses move, the touches start again. */
void calibrate_resize(struct calibrate *c, int lines, int cols);

void calibrate_draw(const struct calibrate *c);

#endif

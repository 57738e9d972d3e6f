/*
 * Touchscreen events read directly (the bare Linux console, where no
 * terminal turns a tap into a mouse click): a decoder turns the kernel's
 * evdev events into taps on character cells.
 *
 * It understands single-touch screens (ABS_X, ABS_Y, BTN_TOUCH) and
 * multi-touch ones (ABS_MT_POSITION_X/Y, ABS_MT_TRACKING_ID; the first
 * finger only).  A tap is reported when a finger comes down, at the
 * SYN_REPORT that closes that frame, where it came down: like the mouse
 * path, a touch acts on press.  Axis ranges come from the device or from
 * the calibration in kiosk.ini ([touch] min_x, max_x, min_y, max_y).
 */
#ifndef PARVIS_UI_TOUCH_H
#define PARVIS_UI_TOUCH_H

#include <stdbool.h>
#include <stdint.h>

struct touch_axes {
	int32_t min_x, max_x;
	int32_t min_y, max_y;
};

struct touch_decoder {
	struct touch_axes axes;
	int32_t x, y; /* the last position of the first finger */
	bool down;    /* a finger is on the screen */
	bool pressed; /* it came down during this frame */
	int slot;     /* multi-touch: the slot events refer to */
};

/* A tap on the character cell (row, col). */
struct touch_tap {
	int row, col;
	int32_t x, y; /* where, in the touchscreen's own coordinates */
};

void touch_decoder_init(struct touch_decoder *d, const struct touch_axes *axes);

/* Computes the axes (calibration) that map two touches, at raw (x[i],
 * y[i]), onto the centres of the cells (row[i], col[i]) of a screen of
 * lines x cols.  False when the two points cannot define it (too close,
 * or the panel is mirrored). */
bool touch_calibrate(const int32_t x[2], const int32_t y[2], const int row[2],
    const int col[2], int lines, int cols, struct touch_axes *axes);

/* Feeds one evdev event.  Returns true, with *tap on a cell of a screen
 * of lines x cols, when it completes a frame in which a finger came down. */
bool touch_feed(struct touch_decoder *d, uint16_t type, uint16_t code,
    int32_t value, int lines, int cols, struct touch_tap *tap);

#endif

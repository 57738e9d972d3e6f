/*
 * The evdev touch decoder (see touch.h).
 */
#include "touch.h"

#include <linux/input.h>

void
touch_decoder_init(struct touch_decoder *d, const struct touch_axes *axes)
{
	*d = (struct touch_decoder){ .axes = *axes };
}

/* Maps v in [min, max] onto 0..cells-1. */
static int
to_cell(int32_t v, int32_t min, int32_t max, int cells)
{
	int64_t span = (int64_t)max - min + 1;
	int64_t cell;

	if (span <= 0 || cells <= 0) {
		return 0;
	}
	cell = ((int64_t)v - min) * cells / span;
	if (cell < 0) {
		return 0;
	}
	return cell >= cells ? cells - 1 : (int)cell;
}

static void
finger(struct touch_decoder *d, bool down)
{
	if (down && !d->down) {
		d->pressed = true;
	}
	d->down = down;
}

static void
absolute(struct touch_decoder *d, uint16_t code, int32_t value)
{
	switch (code) {
	case ABS_MT_SLOT:
		d->slot = value;
		break;
	case ABS_X:
		d->x = value;
		break;
	case ABS_Y:
		d->y = value;
		break;
	case ABS_MT_POSITION_X:
		if (d->slot == 0) {
			d->x = value;
		}
		break;
	case ABS_MT_POSITION_Y:
		if (d->slot == 0) {
			d->y = value;
		}
		break;
	case ABS_MT_TRACKING_ID:
		if (d->slot == 0) {
			finger(d, value >= 0);
		}
		break;
	default:
		break;
	}
}

bool
touch_feed(struct touch_decoder *d, uint16_t type, uint16_t code, int32_t value,
    int lines, int cols, struct touch_tap *tap)
{
	if (type == EV_ABS) {
		absolute(d, code, value);
	} else if (type == EV_KEY && (code == BTN_TOUCH || code == BTN_LEFT)) {
		finger(d, value != 0);
	} else if (type == EV_SYN && code == SYN_REPORT && d->pressed) {
		d->pressed = false;
		tap->x = d->x;
		tap->y = d->y;
		tap->col = to_cell(d->x, d->axes.min_x, d->axes.max_x, cols);
		tap->row = to_cell(d->y, d->axes.min_y, d->axes.max_y, lines);
		return true;
	}
	return false;
}

/* The range [*min, *max] that puts raw a at the centre of cell ca and raw
 * b at the centre of cell cb, on a line of n cells. */
static bool
axis(int32_t a, int32_t b, int ca, int cb, int n, int32_t *min, int32_t *max)
{
	double per_cell;

	if (cb - ca < n / 4) {
		return false; /* the targets are far apart: too close */
	}
	per_cell = (double)(b - a) / (double)(cb - ca);
	if (per_cell < 1.0) {
		return false; /* mirrored, or no resolution */
	}
	*min = (int32_t)(a - (ca + 0.5) * per_cell);
	*max = (int32_t)(*min + n * per_cell - 1);
	return true;
}

bool
touch_calibrate(const int32_t x[2], const int32_t y[2], const int row[2],
    const int col[2], int lines, int cols, struct touch_axes *axes)
{
	return axis(x[0], x[1], col[0], col[1], cols, &axes->min_x,
	           &axes->max_x) &&
	    axis(y[0], y[1], row[0], row[1], lines, &axes->min_y, &axes->max_y);
}

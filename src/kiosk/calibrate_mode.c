/*
 * The touchscreen's calibration, from the admin screens (see
 * src/ui/calibrate.h): the result is applied at once, kept in the
 * calibration file beside the database (read after kiosk.ini, which the
 * service may not write), and logged as a `calibration` event.
 */
#include <stdio.h>

#include "config.h"
#include "events.h"
#include "kiosk_impl.h"

void
calibrate_mode_enter(struct kiosk *k)
{
	k->mode = MODE_CALIBRATE;
	calibrate_open(&k->calibrate, ui_lines(), ui_cols(),
	    k->cfg->touch_device[0] != '\0');
}

/* Keeps the axes in the calibration file, for the next start. */
static bool
save(struct kiosk *k, const struct touch_axes *axes, struct error *err)
{
	return config_save_calibration(
	    k->cfg, axes->min_x, axes->max_x, axes->min_y, axes->max_y, err);
}

static void
done(struct kiosk *k)
{
	const struct touch_axes *axes = &k->calibrate.axes;
	struct error err = { 0 };
	char summary[96];

	ui_touch_calibrate(axes);
	if (!save(k, axes, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
	snprintf(summary, sizeof summary, "x %d..%d, y %d..%d",
	    (int)axes->min_x, (int)axes->max_x, (int)axes->min_y,
	    (int)axes->max_y);
	if (!store_event(
	        k->store, k->site, "calibration", "axes", summary, &err)) {
		fprintf(stderr, "parvis: %s\n", err.msg);
	}
}

/* Back to the admin screens once done or cancelled. */
static bool
act(struct kiosk *k, struct request r, const struct ui_event *ev)
{
	(void)ev;
	switch (r.kind) {
	case REQUEST_CALIBRATION_DONE:
		done(k);
		k->mode = MODE_ADMIN;
		return true;
	case REQUEST_CALIBRATION_CANCEL:
		k->mode = MODE_ADMIN;
		return true;
	case REQUEST_END:
		return false;
	default:
		return true;
	}
}

static void *
state(struct kiosk *k)
{
	return &k->calibrate;
}

const struct kiosk_mode_ops calibrate_mode = {
	.screen = &calibrate_screen,
	.state = state,
	.act = act,
};

/*
 * A touchscreen read through libevdev (the bare console path), or a
 * recorded stream of raw evdev events (struct input_event, as `cat
 * /dev/input/eventN` writes them) for replay and tests.  Taps come out of
 * the decoder of touch.h.
 */
#ifndef PARVIS_UI_TOUCH_DEVICE_H
#define PARVIS_UI_TOUCH_DEVICE_H

#include <stdbool.h>

#include "error.h"
#include "touch.h"

struct touch_device;

/* Opens path.  The axes come from the device; calibration (any range
 * whose max is above its min) overrides them, and is required for a
 * recorded stream, which has no ranges of its own.  NULL, with a
 * message, when path cannot be used. */
struct touch_device *touch_device_open(
    const char *path, const struct touch_axes *calibration, struct error *err);

/* The descriptor to poll for input. */
int touch_device_fd(const struct touch_device *t);

/* Reads the events available, up to the first tap: true with *tap. */
bool touch_device_read(
    struct touch_device *t, int lines, int cols, struct touch_tap *tap);

/* Uses these axes from now on (a new calibration). */
void touch_device_set_axes(
    struct touch_device *t, const struct touch_axes *axes);

/* True once a recorded stream has been read to its end. */
bool touch_device_ended(const struct touch_device *t);

/* Closes it; accepts NULL. */
void touch_device_close(struct touch_device *t);

#endif

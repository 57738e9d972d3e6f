/*
 * Reading a touchscreen (see touch_device.h).
 */
#include "touch_device.h"

#include <errno.h>
#include <fcntl.h>
#include <libevdev/libevdev.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct touch_device {
	int fd;
	struct libevdev *dev; /* NULL for a recorded stream */
	struct touch_decoder decoder;
	bool ended; /* a recorded stream was read to its end */
};

/* The range of the first axis among codes that the device has. */
static bool
device_range(struct libevdev *dev, unsigned int a, unsigned int b, int32_t *min,
    int32_t *max)
{
	const struct input_absinfo *info = libevdev_get_abs_info(dev, a);

	if (info == NULL) {
		info = libevdev_get_abs_info(dev, b);
	}
	if (info == NULL) {
		return false;
	}
	*min = info->minimum;
	*max = info->maximum;
	return true;
}

static bool
choose_axes(struct touch_device *t, const struct touch_axes *cal,
    struct touch_axes *axes, struct error *err)
{
	*axes = (struct touch_axes){ 0 };
	if (t->dev != NULL &&
	    (!device_range(t->dev, ABS_MT_POSITION_X, ABS_X, &axes->min_x,
	         &axes->max_x) ||
	        !device_range(t->dev, ABS_MT_POSITION_Y, ABS_Y, &axes->min_y,
	            &axes->max_y))) {
		return error_set(err,
		    "%s is not a touchscreen (it has no "
		    "absolute X and Y axes)",
		    libevdev_get_name(t->dev));
	}
	if (cal != NULL && cal->max_x > cal->min_x) {
		axes->min_x = cal->min_x;
		axes->max_x = cal->max_x;
	}
	if (cal != NULL && cal->max_y > cal->min_y) {
		axes->min_y = cal->min_y;
		axes->max_y = cal->max_y;
	}
	if (axes->max_x <= axes->min_x || axes->max_y <= axes->min_y) {
		return error_set(err,
		    "a recorded touch stream needs the "
		    "calibration ([touch] min_x, max_x, "
		    "min_y, max_y in kiosk.ini)");
	}
	return true;
}

struct touch_device *
touch_device_open(
    const char *path, const struct touch_axes *calibration, struct error *err)
{
	struct touch_device *t = calloc(1, sizeof *t);
	struct touch_axes axes;

	if (t == NULL) {
		error_set(err, "out of memory");
		return NULL;
	}
	t->fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (t->fd < 0) {
		error_set(err, "%s: %s", path, strerror(errno));
		free(t);
		return NULL;
	}
	if (libevdev_new_from_fd(t->fd, &t->dev) != 0) {
		t->dev = NULL; /* not a device: a recorded stream */
	}
	if (!choose_axes(t, calibration, &axes, err)) {
		error_prefix(err, "%s", path);
		touch_device_close(t);
		return NULL;
	}
	touch_decoder_init(&t->decoder, &axes);
	return t;
}

int
touch_device_fd(const struct touch_device *t)
{
	return t->fd;
}

/* The next event: from libevdev, or a raw struct from the stream. */
static bool
next_event(struct touch_device *t, struct input_event *ev)
{
	if (t->dev != NULL) {
		int rc =
		    libevdev_next_event(t->dev, LIBEVDEV_READ_FLAG_NORMAL, ev);
		return rc == LIBEVDEV_READ_STATUS_SUCCESS;
	}
	if (read(t->fd, ev, sizeof *ev) == (ssize_t)sizeof *ev) {
		return true;
	}
	t->ended = true;
	return false;
}

void
touch_device_set_axes(struct touch_device *t, const struct touch_axes *axes)
{
	t->decoder.axes = *axes;
}

bool
touch_device_ended(const struct touch_device *t)
{
	return t->ended;
}

bool
touch_device_read(
    struct touch_device *t, int lines, int cols, struct touch_tap *tap)
{
	struct input_event ev;

	while (next_event(t, &ev)) {
		if (touch_feed(&t->decoder, ev.type, ev.code, ev.value, lines,
		        cols, tap)) {
			return true;
		}
	}
	return false;
}

void
touch_device_close(struct touch_device *t)
{
	if (t == NULL) {
		return;
	}
	libevdev_free(t->dev);
	close(t->fd);
	free(t);
}

/*
 * vm_touch: a touchscreen for the boot tests, made with uinput inside the
 * virtual machine (copied there by cage.sh): a direct multitouch device
 * whose axes run from 0 to 9999 over the whole screen.  It reads "X Y"
 * lines on stdin, fractions of 10000 of the screen's width and height,
 * and gives a finger's tap at each: down, still, up, as a touchscreen's
 * driver reports it.  It keeps the device until stdin ends.
 *
 * usage: vm_touch <TAPS
 */
#include <libevdev/libevdev-uinput.h>
#include <libevdev/libevdev.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define MAX 9999

static void
pause_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	nanosleep(&ts, NULL);
}

static void
send(struct libevdev_uinput *ui, unsigned type, unsigned code, int value)
{
	libevdev_uinput_write_event(ui, type, code, value);
}

static void
tap(struct libevdev_uinput *ui, int x, int y, int id)
{
	send(ui, EV_ABS, ABS_MT_SLOT, 0);
	send(ui, EV_ABS, ABS_MT_TRACKING_ID, id);
	send(ui, EV_ABS, ABS_MT_POSITION_X, x);
	send(ui, EV_ABS, ABS_MT_POSITION_Y, y);
	send(ui, EV_KEY, BTN_TOUCH, 1);
	send(ui, EV_ABS, ABS_X, x);
	send(ui, EV_ABS, ABS_Y, y);
	send(ui, EV_SYN, SYN_REPORT, 0);
	pause_ms(80); /* a finger's tap, not a swipe */
	send(ui, EV_ABS, ABS_MT_TRACKING_ID, -1);
	send(ui, EV_KEY, BTN_TOUCH, 0);
	send(ui, EV_SYN, SYN_REPORT, 0);
}

int
main(void)
{
	struct input_absinfo axis = { .maximum = MAX, .resolution = 40 };
	struct input_absinfo slot = { .maximum = 9 };
	struct input_absinfo track = { .maximum = 65535 };
	struct libevdev *dev = libevdev_new();
	struct libevdev_uinput *ui = NULL;
	char line[64];
	int id = 1;

	libevdev_set_name(dev, "parvis test touchscreen");
	libevdev_enable_property(dev, INPUT_PROP_DIRECT);
	libevdev_enable_event_code(dev, EV_KEY, BTN_TOUCH, NULL);
	libevdev_enable_event_code(dev, EV_ABS, ABS_X, &axis);
	libevdev_enable_event_code(dev, EV_ABS, ABS_Y, &axis);
	libevdev_enable_event_code(dev, EV_ABS, ABS_MT_SLOT, &slot);
	libevdev_enable_event_code(dev, EV_ABS, ABS_MT_TRACKING_ID, &track);
	libevdev_enable_event_code(dev, EV_ABS, ABS_MT_POSITION_X, &axis);
	libevdev_enable_event_code(dev, EV_ABS, ABS_MT_POSITION_Y, &axis);
	if (libevdev_uinput_create_from_device(
	        dev, LIBEVDEV_UINPUT_OPEN_MANAGED, &ui) != 0) {
		perror("vm_touch: uinput");
		return 1;
	}
	printf("%s\n", libevdev_uinput_get_devnode(ui));
	fflush(stdout);
	while (fgets(line, sizeof line, stdin) != NULL) {
		int x, y;
		if (sscanf(line, "%d %d", &x, &y) == 2) {
			tap(ui, x * MAX / 10000, y * MAX / 10000, id++);
			printf("tapped %d %d\n", x, y);
			fflush(stdout);
		}
	}
	libevdev_uinput_destroy(ui);
	libevdev_free(dev);
	return 0;
}

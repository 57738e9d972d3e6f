/*
 * The console touch path: recorded evdev event streams (tests/data/touch,
 * written as "TYPE CODE VALUE" with the kernel's names, read back with
 * libevdev's name tables) go through the decoder, and the taps must land
 * on the cells each recording expects ("# expect: ROW COL") on an 80 x 24
 * screen, with the axes it gives ("# axes: MINX MAXX MINY MAXY").
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>
#include <libevdev/libevdev.h>

#include "touch.h"

static const char *data_dir;

static void
replay(const char *name)
{
	char path[4096], line[256];
	struct touch_decoder d;
	struct touch_axes axes = { 0 };
	int want[16][2], got[16][2], nwant = 0, ngot = 0;
	FILE *f;

	snprintf(path, sizeof path, "%s/%s", data_dir, name);
	f = fopen(path, "r");
	assert_non_null(f);
	while (fgets(line, sizeof line, f) != NULL) {
		char type[32], code[32];
		int value, row, col;
		struct touch_tap tap;

		if (sscanf(line, "# axes: %d %d %d %d", &axes.min_x,
		        &axes.max_x, &axes.min_y, &axes.max_y) == 4) {
			touch_decoder_init(&d, &axes);
		} else if (sscanf(line, "# expect: %d %d", &row, &col) == 2) {
			want[nwant][0] = row;
			want[nwant++][1] = col;
		} else if (sscanf(line, "%31s %31s %d", type, code, &value) ==
		        3 &&
		    type[0] != '#') {
			int t = libevdev_event_type_from_name(type);
			int c = libevdev_event_code_from_name(t, code);
			assert_true(t >= 0 && c >= 0);
			if (touch_feed(&d, (uint16_t)t, (uint16_t)c, value, 24,
			        80, &tap)) {
				assert_true(ngot < 16);
				got[ngot][0] = tap.row;
				got[ngot++][1] = tap.col;
			}
		}
	}
	fclose(f);
	assert_int_equal(ngot, nwant);
	for (int i = 0; i < ngot; i++) {
		assert_int_equal(got[i][0], want[i][0]);
		assert_int_equal(got[i][1], want[i][1]);
	}
}

static void
test_resistive_single(void **state)
{
	(void)state;
	replay("resistive-single.txt");
}

static void
test_multitouch(void **state)
{
	(void)state;
	replay("multitouch.txt");
}

static void
test_drag(void **state)
{
	(void)state;
	replay("drag.txt");
}

/* Two touches on the crosses of the calibration screen of a 0..4095 panel
 * give back (within a unit or two) the panel's range, and a touch at the
 * centre of a cell then lands on that cell. */
static void
test_calibrate(void **state)
{
	const int row[2] = { 2, 21 }, col[2] = { 4, 75 };
	const int32_t x[2] = { 230, 3866 }, y[2] = { 427, 3669 };
	struct touch_axes axes;
	struct touch_decoder d;
	struct touch_tap tap;

	(void)state;
	assert_true(touch_calibrate(x, y, row, col, 24, 80, &axes));
	assert_true(axes.min_x >= -2 && axes.min_x <= 2);
	assert_true(axes.max_x >= 4093 && axes.max_x <= 4097);
	assert_true(axes.min_y >= -2 && axes.min_y <= 2);
	assert_true(axes.max_y >= 4093 && axes.max_y <= 4097);
	touch_decoder_init(&d, &axes);
	touch_feed(&d, EV_ABS, ABS_X, 2073, 24, 80, &tap);
	touch_feed(&d, EV_ABS, ABS_Y, 2133, 24, 80, &tap);
	touch_feed(&d, EV_KEY, BTN_TOUCH, 1, 24, 80, &tap);
	assert_true(touch_feed(&d, EV_SYN, SYN_REPORT, 0, 24, 80, &tap));
	assert_int_equal(tap.row, 12);
	assert_int_equal(tap.col, 40);
	/* A mirrored panel, or two touches at the same place: refused. */
	assert_false(touch_calibrate(
	    (int32_t[]){ 3866, 230 }, y, row, col, 24, 80, &axes));
	assert_false(touch_calibrate(
	    (int32_t[]){ 230, 230 }, y, row, col, 24, 80, &axes));
}

int
main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_resistive_single),
		cmocka_unit_test(test_multitouch),
		cmocka_unit_test(test_drag),
		cmocka_unit_test(test_calibrate),
	};

	data_dir = argc > 1 ? argv[1] : "tests/data/touch";
	return cmocka_run_group_tests(tests, NULL, NULL);
}

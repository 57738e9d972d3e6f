/*
 * Unit tests of the clock: virtual time, UTC calendar arithmetic, and
 * local time for people (src/core/clock.c).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include <cmocka.h>

#include "clock.h"

static void
test_roundtrip(void **state)
{
	static const char *const times[] = {
		"1970-01-01T00:00:00.000Z",
		"2026-11-25T09:30:00.123Z",
		"2028-02-29T23:59:59.999Z",
		"2100-03-01T00:00:00.000Z",
	};
	char out[25];
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof times / sizeof times[0]; i++) {
		assert_true(clock_parse_iso(times[i], &ms));
		clock_format_iso(ms, out);
		assert_string_equal(out, times[i]);
	}
}

static void
test_known_value(void **state)
{
	int64_t ms;

	(void)state;
	/* date -u -d 2026-11-25T09:30:00Z +%s gives 1795599000 */
	assert_true(clock_parse_iso("2026-11-25T09:30:00Z", &ms));
	assert_int_equal(ms, 1795599000LL * 1000);
}

static void
test_bad_times(void **state)
{
	static const char *const bad[] = {
		"2026-11-25 09:30:00Z",
		"2026-11-25T09:30:00",
		"2026-02-29T00:00:00Z",
		"2026-13-01T00:00:00Z",
		"2026-11-25T24:00:00Z",
		"yesterday",
		"",
		"2026-11-25T09:30:00.1Z",
	};
	int64_t ms;

	(void)state;
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		assert_false(clock_parse_iso(bad[i], &ms));
	}
}

static void
test_dates(void **state)
{
	int64_t a, b;

	(void)state;
	assert_true(clock_parse_date("2026-01-05", &a));
	assert_true(clock_parse_date("2026-06-30", &b));
	assert_int_equal(b - a, 176);
	assert_false(clock_parse_date("2026-02-30", &a));
	assert_false(clock_parse_date("2026-1-05", &a));
	assert_true(clock_parse_date("2024-02-29", &a));
	assert_false(clock_parse_date("2100-02-29", &a));
}

static void
test_virtual_clock(void **state)
{
	(void)state;
	clock_set(1000);
	assert_true(clock_is_virtual());
	assert_int_equal(clock_now_ms(), 1000);
	clock_advance(61000);
	assert_int_equal(clock_now_ms(), 62000);
}

static int64_t
iso(const char *s)
{
	int64_t ms;

	assert_true(clock_parse_iso(s, &ms));
	return ms;
}

/* Local time in Paris: an hour ahead of UTC in winter, two in summer;
 * its days start at 23:00 or 22:00 UTC, and the day clocks go forward
 * (2026-03-29) is 23 hours long. */
static void
test_local_time(void **state)
{
	char out[32];
	int64_t ms;

	setenv("TZ", "Europe/Paris", 1);
	tzset();
	clock_format_local(
	    iso("2026-11-25T09:30:00.000Z"), "%Y-%m-%d %H:%M", out, sizeof out);
	assert_string_equal(out, "2026-11-25 10:30");
	clock_format_local(
	    iso("2026-07-01T08:00:00Z"), "%d/%m %H:%M", out, sizeof out);
	assert_string_equal(out, "01/07 10:00");
	/* 00:30 in Paris on the 26th: that day started at 23:00 UTC. */
	assert_int_equal(clock_local_day_start(iso("2026-11-25T23:30:00Z")),
	    iso("2026-11-25T23:00:00Z"));
	assert_int_equal(clock_local_day_start(iso("2026-11-25T22:59:00Z")),
	    iso("2026-11-24T23:00:00Z"));
	assert_true(clock_local_midnight("2026-03-29", &ms));
	assert_int_equal(ms, iso("2026-03-28T23:00:00Z"));
	assert_true(clock_local_midnight("2026-03-30", &ms));
	assert_int_equal(ms, iso("2026-03-29T22:00:00Z"));
	assert_false(clock_local_midnight("2026-02-30", &ms));
	assert_false(clock_local_midnight("hier", &ms));
	/* Today in Digne on a closing day, 30 June: 23:30 is still the 30th,
	 * 00:30 is the 1st July, while UTC is still on the 30th. */
	int64_t june30 = 0;
	assert_true(clock_parse_date("2027-06-30", &june30));
	assert_int_equal(
	    clock_local_today(iso("2027-06-30T21:30:00Z")), june30);
	assert_int_equal(
	    clock_local_today(iso("2027-06-30T22:30:00Z")), june30 + 1);
	assert_int_equal(
	    clock_local_today(iso("2027-06-29T22:00:00Z")), june30);

	setenv("TZ", "UTC", 1);
	tzset();
	assert_int_equal(clock_local_day_start(iso("2026-11-25T23:30:00Z")),
	    iso("2026-11-25T00:00:00Z"));
	assert_int_equal(
	    clock_local_today(iso("2027-06-30T22:30:00Z")), june30);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_known_value),
		cmocka_unit_test(test_bad_times),
		cmocka_unit_test(test_dates),
		cmocka_unit_test(test_virtual_clock),
		cmocka_unit_test(test_local_time),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

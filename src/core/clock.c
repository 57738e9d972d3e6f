/*
 * Real and virtual time (see clock.h).  Calendar arithmetic is done by
 * hand on UTC only, so no time zone or locale ever changes a record;
 * local time, for people, comes from the C library (localtime_r(),
 * mktime()).
 */
#include "clock.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static bool virtual_clock;
static int64_t virtual_ms;

int64_t
clock_now_ms(void)
{
	struct timespec ts;

	if (virtual_clock) {
		return virtual_ms;
	}
	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

void
clock_set(int64_t ms)
{
	virtual_clock = true;
	virtual_ms = ms;
}

void
clock_advance(int64_t ms)
{
	if (virtual_clock) {
		virtual_ms += ms;
	}
}

bool
clock_is_virtual(void)
{
	return virtual_clock;
}

bool
clock_init_from_env(void)
{
	const char *v = getenv("PARVIS_CLOCK");
	int64_t ms;

	if (v == NULL || *v == '\0') {
		return true;
	}
	if (!clock_parse_iso(v, &ms)) {
		return false;
	}
	clock_set(ms);
	return true;
}

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	y -= m <= 2;
	int64_t era = (y >= 0 ? y : y - 399) / 400;
	int64_t yoe = y - era * 400;
	int64_t doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static void
civil_from_days(int64_t z, int *y, int *m, int *d)
{
	z += 719468;
	int64_t era = (z >= 0 ? z : z - 146096) / 146097;
	int64_t doe = z - era * 146097;
	int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	int64_t mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static bool
valid_date(int y, int m, int d)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	if (y < 1970 || y > 9999 || m < 1 || m > 12 || d < 1) {
		return false;
	}
	return d <= mdays[m - 1] && (m != 2 || d <= 28 || leap);
}

bool
clock_parse_date(const char *s, int64_t *days)
{
	int y, m, d, n = 0;

	if (strlen(s) != 10 ||
	    sscanf(s, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 || n != 10 ||
	    s[4] != '-' || s[7] != '-' || !valid_date(y, m, d)) {
		return false;
	}
	*days = days_from_civil(y, m, d);
	return true;
}

bool
clock_parse_iso(const char *s, int64_t *ms)
{
	int h, mi, sec, frac = 0, n = 0;
	int64_t days;
	char date[11];

	if (strlen(s) < 20 || s[10] != 'T') {
		return false;
	}
	memcpy(date, s, 10);
	date[10] = '\0';
	if (!clock_parse_date(date, &days)) {
		return false;
	}
	if (sscanf(s + 11, "%2d:%2d:%2d%n", &h, &mi, &sec, &n) != 3 || n != 8) {
		return false;
	}
	s += 19;
	if (*s == '.') {
		if (sscanf(s + 1, "%3d%n", &frac, &n) != 1 || n != 3) {
			return false;
		}
		s += 4;
	}
	if (strcmp(s, "Z") != 0 || h > 23 || mi > 59 || sec > 59) {
		return false;
	}
	*ms = ((days * 24 + h) * 60 + mi) * 60000 + sec * 1000 + frac;
	return true;
}

void
clock_format_iso(int64_t ms, char out[25])
{
	int64_t days = ms / 86400000;
	int64_t rest = ms % 86400000;
	char buf[64];
	int y, m, d;

	if (rest < 0) {
		rest += 86400000;
		days--;
	}
	civil_from_days(days, &y, &m, &d);
	/* A wide buffer: the compiler cannot bound the fields itself. */
	snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", y, m,
	    d, (int)(rest / 3600000), (int)(rest / 60000 % 60),
	    (int)(rest / 1000 % 60), (int)(rest % 1000));
	memcpy(out, buf, 24);
	out[24] = '\0';
}

void
clock_format_local(int64_t ms, const char *fmt, char *out, size_t size)
{
	time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0));
	struct tm tm;

	if (size == 0) {
		return;
	}
	out[0] = '\0';
	if (localtime_r(&t, &tm) != NULL) {
		/* The callers' formats are checked: see the format attribute
		 * in clock.h. */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
		strftime(out, size, fmt, &tm);
#pragma GCC diagnostic pop
	}
}

/* mktime() of a local calendar day at midnight; -1 when it fails. */
static int64_t
midnight_of(struct tm *tm)
{
	time_t t;

	tm->tm_hour = 0;
	tm->tm_min = 0;
	tm->tm_sec = 0;
	tm->tm_isdst = -1; /* let mktime() find whether DST applies */
	t = mktime(tm);
	return t == (time_t)-1 ? -1 : (int64_t)t * 1000;
}

int64_t
clock_local_day_start(int64_t ms)
{
	time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0));
	struct tm tm;
	int64_t start;

	if (localtime_r(&t, &tm) == NULL) {
		return ms - ms % 86400000;
	}
	start = midnight_of(&tm);
	return start >= 0 ? start : ms - ms % 86400000;
}

int64_t
clock_local_today(int64_t ms)
{
	time_t t = (time_t)(ms / 1000 - (ms % 1000 < 0));
	struct tm tm;

	if (localtime_r(&t, &tm) == NULL) {
		return ms / 86400000;
	}
	return days_from_civil(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday);
}

bool
clock_local_midnight(const char *s, int64_t *ms)
{
	int64_t days;
	struct tm tm = { 0 };
	int64_t start;

	if (!clock_parse_date(s, &days)) {
		return false;
	}
	tm.tm_year = atoi(s) - 1900;
	tm.tm_mon = atoi(s + 5) - 1;
	tm.tm_mday = atoi(s + 8);
	start = midnight_of(&tm);
	if (start < 0) {
		return false;
	}
	*ms = start;
	return true;
}

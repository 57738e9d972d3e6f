/*
 * The one clock of the program.  Screens and records ask clock_now_ms();
 * tests replace real time with a virtual clock they advance step by step
 * (PARVIS_CLOCK=2026-05-02T09:00:00Z in the environment, or clock_set()).
 */
#ifndef PARVIS_CORE_CLOCK_H
#define PARVIS_CORE_CLOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Milliseconds since the Unix epoch, UTC: real or virtual. */
int64_t clock_now_ms(void);

/* Switches to a virtual clock stopped at ms. */
void clock_set(int64_t ms);

/* Moves the virtual clock forward (does nothing on the real clock). */
void clock_advance(int64_t ms);

/* True when the clock is virtual. */
bool clock_is_virtual(void);

/* Reads PARVIS_CLOCK from the environment, if set.  Returns false and
 * leaves the real clock if the value is not an ISO 8601 UTC time. */
bool clock_init_from_env(void);

/* Parses "YYYY-MM-DDTHH:MM:SS[.mmm]Z" into ms; false if malformed. */
bool clock_parse_iso(const char *s, int64_t *ms);

/* Formats ms as "YYYY-MM-DDTHH:MM:SS.mmmZ" (25 bytes with the NUL). */
void clock_format_iso(int64_t ms, char out[25]);

/* Parses "YYYY-MM-DD" (a real calendar date) into days since the epoch. */
bool clock_parse_date(const char *s, int64_t *days);

/*
 * Local time, for people: the kiosk's time zone (TZ, else the system's
 * /etc/localtime).  Records keep UTC; what animators and volunteers read
 * (the time of a testimony, "today", the figures' days and hours) is the
 * wall clock of the place.
 */

/* Formats ms as local time with strftime()'s fmt into out. */
void clock_format_local(int64_t ms, const char *fmt, char *out, size_t size)
    __attribute__((format(strftime, 2, 0)));

/* The local midnight that starts the day of ms (daylight saving time
 * changes included), in ms. */
int64_t clock_local_day_start(int64_t ms);

/* What day it is where the kiosk stands at ms: the local calendar date,
 * as days since 1970-01-01, comparable with clock_parse_date()'s (a
 * consultation that closes on 30 June closes at midnight in Digne, not at
 * 2 am in summer).  Every "today" of the program comes from here. */
int64_t clock_local_today(int64_t ms);

/* The local midnight that starts the day "YYYY-MM-DD", in ms; false when
 * s is no date. */
bool clock_local_midnight(const char *s, int64_t *ms);

#endif

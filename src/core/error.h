/*
 * A failure explained for a person.  Functions that can fail return bool
 * and fill an optional struct error: the message names what went wrong and,
 * where it helps, the file and line ("forms/bus.ini:12: ...").
 */
#ifndef PARVIS_CORE_ERROR_H
#define PARVIS_CORE_ERROR_H

#include <stdbool.h>

/* What kind of failure, for callers that say it to the public in their
 * own words (the kiosk's "the disk is full" screen). */
enum error_kind {
	ERROR_OTHER,
	ERROR_DISK_FULL,
	ERROR_FILE_GONE, /* the database was replaced under the program */
};

struct error {
	char msg[1024];
	enum error_kind kind;
};

/* Sets err's message from a printf format, and its kind to ERROR_OTHER;
 * does nothing when err is NULL.  Always returns false, so a failing
 * function can `return error_set(...)`. */
bool error_set(struct error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Like error_set(), for a failure of the given kind. */
bool error_set_kind(struct error *err, enum error_kind kind, const char *fmt,
    ...) __attribute__((format(printf, 3, 4)));

/* Prefixes err's message with a printf-formatted context and ": ". */
void error_prefix(struct error *err, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif

/*
 * A failure explained for a person.  Functions that can fail return bool
 * and fill an optional struct error: the message names what went wrong and,
 * where it helps, the file and line ("forms/bus.ini:12: ...").
 */
#ifndef PARVIS_CORE_ERROR_H
#define PARVIS_CORE_ERROR_H

#include <stdbool.h>

struct error {
	char msg[1024];
};

/* Sets err's message from a printf format; does nothing when err is NULL.
 * Always returns false, so a failing function can `return error_set(...)`. */
bool error_set(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Prefixes err's message with a printf-formatted context and ": ". */
void error_prefix(struct error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

#endif

/*
 * Messages for people: error_set() and error_prefix().
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static bool set_message(struct error *err, enum error_kind kind,
    const char *fmt, va_list ap) __attribute__((format(printf, 3, 0)));

static bool
set_message(
    struct error *err, enum error_kind kind, const char *fmt, va_list ap)
{
	if (err != NULL) {
		vsnprintf(err->msg, sizeof err->msg, fmt, ap);
		err->kind = kind;
	}
	return false;
}

bool
error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(err, ERROR_OTHER, fmt, ap);
	va_end(ap);
	return false;
}

bool
error_set_kind(struct error *err, enum error_kind kind, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_message(err, kind, fmt, ap);
	va_end(ap);
	return false;
}

void
error_prefix(struct error *err, const char *fmt, ...)
{
	char prefix[sizeof err->msg];
	size_t plen;
	size_t keep;
	va_list ap;

	if (err == NULL) {
		return;
	}
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof prefix - 2, fmt, ap);
	va_end(ap);
	strcat(prefix, ": ");
	plen = strlen(prefix);
	keep = strnlen(err->msg, sizeof err->msg - 1);
	if (plen + keep > sizeof err->msg - 1) {
		keep = sizeof err->msg - 1 - plen;
	}
	memmove(err->msg + plen, err->msg, keep);
	memcpy(err->msg, prefix, plen);
	err->msg[plen + keep] = '\0';
}

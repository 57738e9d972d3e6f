/*
 * Messages for people: error_set() and error_prefix().
 */
#include "error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

bool
error_set(struct error *err, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->kind = ERROR_OTHER;
	return false;
}

bool
error_set_kind(struct error *err, enum error_kind kind, const char *fmt, ...)
{
	va_list ap;

	if (err == NULL) {
		return false;
	}
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof err->msg, fmt, ap);
	va_end(ap);
	err->kind = kind;
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

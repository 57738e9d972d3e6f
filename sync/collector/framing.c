/*
 * Strict request framing (see framing.h).  Only the facts the verdict
 * needs are kept while the fields go by, so the check needs no memory
 * of its own and cannot fail.
 */
#include "framing.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#define LENGTH_DIGITS_MAX 19 /* below 2^63 */

void
framing_init(struct framing *f)
{
	memset(f, 0, sizeof *f);
}

static bool
all_digits(const char *v)
{
	size_t n = strspn(v, "0123456789");

	return n > 0 && n <= LENGTH_DIGITS_MAX && v[n] == '\0';
}

void
framing_field(struct framing *f, const char *name, const char *value)
{
	if (strcasecmp(name, "Content-Length") == 0) {
		f->lengths++;
		f->bad_length |= !all_digits(value);
	} else if (strcasecmp(name, "Transfer-Encoding") == 0) {
		f->encodings++;
		f->bad_encoding |= strcasecmp(value, "chunked") != 0;
	}
}

bool
framing_ok(const struct framing *f, bool http10, char *why, size_t size)
{
	const char *what = NULL;

	if (f->lengths > 0 && f->encodings > 0) {
		what = "both Content-Length and Transfer-Encoding are given";
	} else if (f->lengths > 1) {
		what = "Content-Length is given more than once";
	} else if (f->bad_length) {
		what = "Content-Length is not a number of bytes";
	} else if (f->encodings > 1) {
		what = "Transfer-Encoding is given more than once";
	} else if (f->bad_encoding) {
		what = "Transfer-Encoding is other than chunked (the only "
		       "transfer coding taken)";
	} else if (f->encodings > 0 && http10) {
		what = "Transfer-Encoding is given in an HTTP/1.0 request";
	}
	if (what == NULL) {
		return true;
	}
	snprintf(why, size,
	    "%s: where the body ends is in doubt, so the request is "
	    "refused (RFC 9112 6.3)",
	    what);
	return false;
}

/*
 * Strict HTTP/1.1 message framing (RFC 9112 section 6.3), checked on a
 * request's header fields before any of its body is read.
 *
 * Where a request's body ends must be beyond doubt: a request that two
 * parsers could read differently (one taking Content-Length, the other
 * Transfer-Encoding; one taking the first of two lengths, the other the
 * last) is how requests are smuggled past a proxy.  libmicrohttpd 0.9.75
 * takes such requests, so the collector refuses them itself:
 *
 *   - Transfer-Encoding together with Content-Length;
 *   - Content-Length more than once, or not only digits (one to 19);
 *   - Transfer-Encoding more than once, or anything but "chunked" alone
 *     (identity, xchunked, gzip, "chunked, chunked"...: RFC 9112 would
 *     have 501 for a coding it does not know, but none is taken here,
 *     and 400 says the request will never do), or in an HTTP/1.0
 *     request, which has no transfer codings.
 *
 * What libmicrohttpd answers itself before the collector sees the
 * headers (a lone Content-Length that is not a number, like -1) and what
 * its API does not show (a line ending in a bare LF) is said in
 * sync/PROTOCOL.md.
 */
#ifndef PARVIS_COLLECT_FRAMING_H
#define PARVIS_COLLECT_FRAMING_H

#include <stdbool.h>
#include <stddef.h>

struct framing {
	unsigned lengths;   /* Content-Length fields seen */
	unsigned encodings; /* Transfer-Encoding fields seen */
	bool bad_length;    /* one of them is not 1 to 19 digits */
	bool bad_encoding;  /* one of them is not "chunked" */
};

/* Starts a request's check. */
void framing_init(struct framing *f);

/* Takes one header field (name as received, any case). */
void framing_field(struct framing *f, const char *name, const char *value);

/* True when the request's framing is beyond doubt; otherwise false with
 * a sentence for the client in why (size bytes), e.g. "both
 * Content-Length and Transfer-Encoding are given: where the body ends is
 * in doubt, so the request is refused (RFC 9112 6.3)".  http10: the
 * request line said HTTP/1.0. */
bool framing_ok(const struct framing *f, bool http10, char *why, size_t size);

#endif

/*
 * A request body as it arrives: gunzipped on the fly when it is gzip, and
 * kept under a size limit both on the wire and after decompression, so a
 * large body or a gzip bomb is refused while it arrives and never fills
 * the memory.
 */
#ifndef PARVIS_COLLECT_BODY_H
#define PARVIS_COLLECT_BODY_H

#include <stdbool.h>
#include <stddef.h>
#include <zlib.h>

#include "error.h"

enum body_status {
	BODY_OK,
	BODY_TOO_BIG,   /* over the limit: 413 */
	BODY_BAD,       /* not gzip, or a broken one: 400 */
	BODY_NO_MEMORY, /* 500 */
};

struct body {
	char *data; /* the decoded bytes, NUL-terminated */
	size_t len;
	size_t cap;
	size_t max;  /* the limit, on the wire and decoded */
	size_t wire; /* bytes received so far */
	bool gzip;
	bool member_open; /* inside a gzip member */
	bool z_ready;
	z_stream z;
	enum body_status status; /* the first failure, sticky */
};

/* Starts an empty body of at most max bytes; gzip says whether the bytes
 * that arrive are gzip (Content-Encoding: gzip). */
bool body_init(struct body *b, bool gzip, size_t max, struct error *err);

/* Takes the next bytes from the wire.  Once a call fails, later calls
 * return the same status without storing anything. */
enum body_status body_add(
    struct body *b, const void *data, size_t len, struct error *err);

/* Says whether the body that arrived is complete (a gzip stream must have
 * ended). */
enum body_status body_finish(struct body *b, struct error *err);

/* Frees what b holds; b can be finished twice. */
void body_free(struct body *b);

#endif

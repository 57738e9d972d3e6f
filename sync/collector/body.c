/*
 * Receiving a body under a limit (see body.h).
 *
 * The buffer grows by doubling but never beyond max + 1 bytes (plus the
 * NUL): holding max + 1 decoded bytes is how we know the limit is passed,
 * so a gzip bomb costs at most that much memory whatever it would inflate
 * to.  zlib reads the gzip wrapper itself (windowBits 16 + 15); several
 * gzip members one after the other are one body, as gzip(1) reads them.
 */
#include "body.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define FIRST_CAP (64 * 1024)

static enum body_status
fail(
    struct body *b, enum body_status status, struct error *err, const char *msg)
{
	b->status = status;
	error_set(err, "%s", msg);
	return status;
}

static enum body_status
too_big(struct body *b, struct error *err)
{
	b->status = BODY_TOO_BIG;
	error_set(err,
	    "the body is over the limit of %zu bytes (send fewer "
	    "records per batch)",
	    b->max);
	return BODY_TOO_BIG;
}

/* Makes room for at least one more byte, up to max + 1 bytes. */
static enum body_status
grow(struct body *b, struct error *err)
{
	size_t limit = b->max + 1;
	size_t cap;
	char *bigger;

	if (b->cap >= limit) {
		return too_big(b, err);
	}
	cap = b->cap == 0 ? FIRST_CAP : b->cap * 2;
	if (cap > limit || cap < b->cap) {
		cap = limit;
	}
	bigger = realloc(b->data, cap + 1);
	if (bigger == NULL) {
		return fail(b, BODY_NO_MEMORY, err,
		    "out of memory receiving "
		    "the body");
	}
	b->data = bigger;
	b->cap = cap;
	return BODY_OK;
}

bool
body_init(struct body *b, bool gzip, size_t max, struct error *err)
{
	memset(b, 0, sizeof *b);
	b->max = max;
	b->gzip = gzip;
	if (gzip) {
		if (inflateInit2(&b->z, 16 + MAX_WBITS) != Z_OK) {
			return error_set(err, "cannot start gunzip: %s",
			    b->z.msg != NULL ? b->z.msg : "out of memory");
		}
		b->z_ready = true;
	}
	if (grow(b, err) != BODY_OK) {
		body_free(b);
		return false;
	}
	b->data[0] = '\0';
	return true;
}

static enum body_status
add_plain(struct body *b, const char *data, size_t len, struct error *err)
{
	while (len > 0) {
		size_t room;

		if (b->len == b->cap && grow(b, err) != BODY_OK) {
			return b->status;
		}
		room = b->cap - b->len;
		if (room > len) {
			room = len;
		}
		memcpy(b->data + b->len, data, room);
		b->len += room;
		data += room;
		len -= room;
	}
	return b->len > b->max ? too_big(b, err) : BODY_OK;
}

/* One call of inflate() into the free end of the buffer. */
static enum body_status
inflate_some(struct body *b, int *zrc, struct error *err)
{
	size_t room;

	if (b->len == b->cap && grow(b, err) != BODY_OK) {
		return b->status;
	}
	room = b->cap - b->len;
	if (room > UINT32_MAX) {
		room = UINT32_MAX;
	}
	b->z.next_out = (Bytef *)b->data + b->len;
	b->z.avail_out = (uInt)room;
	*zrc = inflate(&b->z, Z_NO_FLUSH);
	b->len += room - b->z.avail_out;
	if (b->len > b->max) {
		return too_big(b, err);
	}
	if (*zrc != Z_OK && *zrc != Z_STREAM_END && *zrc != Z_BUF_ERROR) {
		return fail(b, BODY_BAD, err,
		    "the body is not valid gzip "
		    "(Content-Encoding: gzip was announced)");
	}
	return BODY_OK;
}

static enum body_status
add_gzip(struct body *b, const char *data, size_t len, struct error *err)
{
	int zrc = Z_OK;

	b->z.next_in = (Bytef *)data;
	b->z.avail_in = (uInt)len;
	while (b->z.avail_in > 0) {
		b->member_open = true;
		if (inflate_some(b, &zrc, err) != BODY_OK) {
			return b->status;
		}
		if (zrc == Z_STREAM_END) {
			b->member_open = false;
			inflateReset(&b->z);
		}
	}
	return BODY_OK;
}

enum body_status
body_add(struct body *b, const void *data, size_t len, struct error *err)
{
	const char *bytes = data;

	if (b->status != BODY_OK) {
		return b->status;
	}
	b->wire += len;
	if (b->wire > b->max) {
		return too_big(b, err);
	}
	if (!b->gzip) {
		return add_plain(b, bytes, len, err);
	}
	/* avail_in is 32 bits: feed very large chunks in pieces. */
	while (len > UINT32_MAX) {
		if (add_gzip(b, bytes, UINT32_MAX, err) != BODY_OK) {
			return b->status;
		}
		bytes += UINT32_MAX;
		len -= UINT32_MAX;
	}
	return add_gzip(b, bytes, len, err);
}

/* Drains what inflate still holds once all input is in. */
static enum body_status
drain(struct body *b, struct error *err)
{
	int zrc = Z_OK;

	while (b->member_open) {
		size_t before = b->len;

		b->z.next_in = NULL;
		b->z.avail_in = 0;
		if (inflate_some(b, &zrc, err) != BODY_OK) {
			return b->status;
		}
		if (zrc == Z_STREAM_END) {
			b->member_open = false;
		} else if (b->len == before) {
			return fail(b, BODY_BAD, err,
			    "the gzip body is cut "
			    "short (its end is missing)");
		}
	}
	return BODY_OK;
}

enum body_status
body_finish(struct body *b, struct error *err)
{
	if (b->status != BODY_OK) {
		return b->status;
	}
	if (b->gzip && drain(b, err) != BODY_OK) {
		return b->status;
	}
	if (b->gzip && b->wire == 0) {
		return fail(b, BODY_BAD, err,
		    "the body is empty (gzip was "
		    "announced)");
	}
	b->data[b->len] = '\0';
	return BODY_OK;
}

void
body_free(struct body *b)
{
	if (b->z_ready) {
		inflateEnd(&b->z);
		b->z_ready = false;
	}
	free(b->data);
	b->data = NULL;
	b->len = 0;
	b->cap = 0;
}

/*
 * Buffers and gzip (see sync_body.h).  zlib writes the gzip wrapper itself
 * when asked for window bits 16 + 15; level 6 is zlib's usual trade-off
 * and costs far less than the 3G link saves.
 */
#include "sync_body.h"

#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>

#define GZIP_WINDOW (16 + MAX_WBITS)
#define GZIP_LEVEL 6

bool
sync_buf_reserve(struct sync_buf *b, size_t n)
{
	size_t cap = b->cap > 0 ? b->cap : 256;
	char *bigger;

	if (n > SIZE_MAX / 2 - b->len - 1) {
		return false;
	}
	if (b->len + n + 1 <= b->cap) {
		return true;
	}
	while (cap < b->len + n + 1) {
		cap *= 2;
	}
	bigger = realloc(b->data, cap);
	if (bigger == NULL) {
		return false;
	}
	b->data = bigger;
	b->cap = cap;
	return true;
}

bool
sync_buf_append(struct sync_buf *b, const void *bytes, size_t n)
{
	if (!sync_buf_reserve(b, n)) {
		return false;
	}
	if (n > 0) {
		memcpy(b->data + b->len, bytes, n);
	}
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

bool
sync_buf_prepend(struct sync_buf *b, const void *bytes, size_t n)
{
	if (!sync_buf_reserve(b, n)) {
		return false;
	}
	memmove(b->data + n, b->data, b->len);
	memcpy(b->data, bytes, n);
	b->len += n;
	b->data[b->len] = '\0';
	return true;
}

void
sync_buf_clear(struct sync_buf *b)
{
	b->len = 0;
	if (b->data != NULL) {
		b->data[0] = '\0';
	}
}

void
sync_buf_finish(struct sync_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}

bool
sync_gzip(const void *in, size_t len, struct sync_buf *out, struct error *err)
{
	z_stream z;
	bool ok = false;

	memset(&z, 0, sizeof z);
	sync_buf_clear(out);
	if (len > UINT_MAX ||
	    deflateInit2(&z, GZIP_LEVEL, Z_DEFLATED, GZIP_WINDOW, 8,
	        Z_DEFAULT_STRATEGY) != Z_OK) {
		return error_set(
		    err, "cannot compress a batch of %zu bytes", len);
	}
	if (!sync_buf_reserve(out, deflateBound(&z, (uLong)len))) {
		error_set(err, "out of memory compressing a batch");
		goto out;
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	z.next_out = (Bytef *)out->data;
	z.avail_out = (uInt)(out->cap - 1);
	if (deflate(&z, Z_FINISH) != Z_STREAM_END) {
		error_set(err, "cannot compress a batch of %zu bytes", len);
		goto out;
	}
	out->len = z.total_out;
	out->data[out->len] = '\0';
	ok = true;
out:
	deflateEnd(&z);
	return ok;
}

/* Inflates what z holds into out, growing it, up to max bytes. */
static int
inflate_all(z_stream *z, size_t max, struct sync_buf *out)
{
	int rc = Z_OK;

	while (rc == Z_OK) {
		if (!sync_buf_reserve(out, 65536)) {
			return Z_MEM_ERROR;
		}
		z->next_out = (Bytef *)out->data + out->len;
		z->avail_out = (uInt)(out->cap - out->len - 1);
		rc = inflate(z, Z_NO_FLUSH);
		out->len = (size_t)((char *)z->next_out - out->data);
		out->data[out->len] = '\0';
		if (out->len > max) {
			return Z_BUF_ERROR;
		}
		if (rc == Z_BUF_ERROR && z->avail_in == 0) {
			return Z_DATA_ERROR; /* the data stops short */
		}
		if (rc == Z_BUF_ERROR) {
			rc = Z_OK;
		}
	}
	return rc;
}

bool
sync_gunzip(const void *in, size_t len, size_t max, struct sync_buf *out,
    struct error *err)
{
	z_stream z;
	int rc;

	memset(&z, 0, sizeof z);
	sync_buf_clear(out);
	if (len > UINT_MAX || inflateInit2(&z, GZIP_WINDOW) != Z_OK) {
		return error_set(err, "cannot decompress %zu bytes", len);
	}
	z.next_in = (Bytef *)(uintptr_t)in;
	z.avail_in = (uInt)len;
	rc = inflate_all(&z, max, out);
	inflateEnd(&z);
	if (rc == Z_STREAM_END) {
		return true;
	}
	if (rc == Z_BUF_ERROR) {
		return error_set(
		    err, "more than %zu bytes after decompression", max);
	}
	return error_set(err, "damaged gzip data (%s)",
	    rc == Z_MEM_ERROR ? "out of memory" : "not a complete gzip stream");
}

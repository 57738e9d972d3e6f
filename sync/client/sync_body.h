/*
 * Bytes on their way to or from the collector: a growable buffer, and the
 * gzip that squeezes a batch before it goes over a 3G link (a day of
 * answers is repetitive JSON, which gzip shrinks about five times).
 */
#ifndef PARVIS_SYNC_BODY_H
#define PARVIS_SYNC_BODY_H

#include <stdbool.h>
#include <stddef.h>

#include "error.h"

/* A byte buffer; all zeros is an empty one.  data is NUL-terminated after
 * len whenever it is not NULL, so a text answer can be read as a string. */
struct sync_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Appends n bytes; false when memory runs out (the buffer is unchanged). */
bool sync_buf_append(struct sync_buf *b, const void *bytes, size_t n);

/* Makes room for n more bytes without changing len; false without
 * memory. */
bool sync_buf_reserve(struct sync_buf *b, size_t n);

/* Inserts n bytes at the front (a batch's header goes before its lines,
 * which are read first). */
bool sync_buf_prepend(struct sync_buf *b, const void *bytes, size_t n);

/* Empties the buffer, keeping its memory. */
void sync_buf_clear(struct sync_buf *b);

/* Frees the memory; the buffer is empty again.  Accepts an empty one. */
void sync_buf_finish(struct sync_buf *b);

/* Replaces out's content with the gzip (RFC 1952) of in[0..len).  False,
 * with a message, only when memory runs out. */
bool sync_gzip(
    const void *in, size_t len, struct sync_buf *out, struct error *err);

/* Replaces out's content with the gunzip of in[0..len), refusing more
 * than max bytes.  False, with a message, for damaged or oversized data
 * (the tests read back what the kiosk sends). */
bool sync_gunzip(const void *in, size_t len, size_t max, struct sync_buf *out,
    struct error *err);

#endif

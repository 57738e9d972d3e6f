/*
 * libFuzzer target: request bodies as they arrive at the collector
 * (sync/collector/body.c), gzip or not, under a size limit.
 *
 * The first byte of the input says how the rest arrives: bit 0, gzip
 * (Content-Encoding: gzip) or plain; bit 1, a small limit (4 KiB, below
 * the first buffer) or a large one (1 MiB); bits 2-5, the size of the
 * pieces the network hands over, a power of two from 1 byte to 32 KiB.
 * The rest is the body, handed over in those pieces, then whole in one
 * piece to a second body.
 *
 * The promises: a body is accepted, with the same bytes, however it is
 * cut, or refused however it is cut (which reason comes first may depend
 * on the pieces: a broken gzip body over the limit is too big when it
 * comes in one piece, and broken when its first bytes come alone); a
 * body accepted holds at most the limit, ends with a NUL byte, and is
 * the input itself when it is not gzip; a body never holds more than
 * limit + 1 bytes; a failure is sticky and says why, and a plain body is
 * too big only when it is over the limit.  Nothing leaks, whatever zlib
 * is given.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "body.h"
#include "harness.h"

/* Receives data[0..len) in pieces of piece bytes (0: in one piece). */
static enum body_status
receive(struct body *b, bool gzip, size_t max, const uint8_t *data, size_t len,
    size_t piece, struct error *err)
{
	enum body_status st = BODY_OK;

	fuzz_expect(body_init(b, gzip, max, err), "a body starts", err->msg);
	for (size_t at = 0; at < len;) {
		size_t n = piece == 0 || piece > len - at ? len - at : piece;
		enum body_status again;

		again = body_add(b, data + at, n, err);
		fuzz_expect(st == BODY_OK || again == st, "a failure is sticky",
		    err->msg);
		st = again;
		at += n;
		fuzz_expect(b->len <= max + 1,
		    "a body never holds more than its limit + 1", NULL);
	}
	if (st == BODY_OK) {
		st = body_finish(b, err);
	}
	return st;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct body cut, whole;
	struct error err = { 0 }, err_whole = { 0 };
	enum body_status st, st_whole;
	bool gzip;
	size_t max, piece;

	if (size == 0) {
		return 0;
	}
	gzip = data[0] & 1;
	max = data[0] & 2 ? 4096 : 1024 * 1024;
	piece = (size_t)1 << ((data[0] >> 2) & 15);
	st = receive(&cut, gzip, max, data + 1, size - 1, piece, &err);
	st_whole =
	    receive(&whole, gzip, max, data + 1, size - 1, 0, &err_whole);
	fuzz_expect((st == BODY_OK) == (st_whole == BODY_OK),
	    "a body is accepted or refused however cut",
	    st != BODY_OK ? err.msg : err_whole.msg);
	if (st == BODY_OK) {
		fuzz_expect(cut.len == whole.len &&
		        memcmp(cut.data, whole.data, cut.len) == 0,
		    "the same bytes however cut", NULL);
		fuzz_expect(cut.len <= max && cut.data[cut.len] == '\0',
		    "a body is within its limit and ends with a NUL", NULL);
		fuzz_expect(gzip ||
		        (cut.len == size - 1 &&
		            memcmp(cut.data, data + 1, cut.len) == 0),
		    "a plain body is the bytes received", NULL);
	} else {
		fuzz_expect(
		    err.msg[0] != '\0', "a refused body says why", NULL);
		fuzz_expect(st != BODY_TOO_BIG || size - 1 > max || gzip,
		    "only a body over the limit is too big", err.msg);
	}
	body_free(&cut);
	body_free(&whole);
	return 0;
}

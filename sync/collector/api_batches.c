/*
 * POST /api/v1/batches (see api.c's contract and PROTOCOL.md): the
 * Content-Encoding and announced length checked when the headers are in,
 * the body gunzipped under the size limit chunk by chunk, then ingested
 * in one transaction and answered only after COMMIT.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "api_impl.h"
#include "batch.h"
#include "ingest.h"

/* The headers of a batch: encoding and announced length. */
enum MHD_Result
api_batch_begin(struct api *api, struct MHD_Connection *c, struct request *r)
{
	const char *enc = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_ENCODING);
	const char *length = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
	bool gzip = enc != NULL && strcasecmp(enc, "gzip") == 0;

	if (enc != NULL && !gzip && strcasecmp(enc, "identity") != 0) {
		snprintf(r->err.msg, sizeof r->err.msg,
		    "Content-Encoding "
		    "\"%.40s\" is not taken (send gzip, or no encoding)",
		    enc);
		return api_respond_error(
		    c, r, MHD_HTTP_BAD_REQUEST, r->err.msg);
	}
	r->bounded = length != NULL;
	if (length != NULL && strtoull(length, NULL, 10) > api->max_body) {
		snprintf(r->err.msg, sizeof r->err.msg,
		    "the body (%.20s "
		    "bytes) is over the limit of %zu bytes (send fewer "
		    "records per batch)",
		    length, api->max_body);
		return api_respond_error(
		    c, r, MHD_HTTP_CONTENT_TOO_LARGE, r->err.msg);
	}
	if (!body_init(&r->body, gzip, api->max_body, &r->err)) {
		return api_respond_error(
		    c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, r->err.msg);
	}
	r->has_body = true;
	gate_enter(api->gate, r->conn, GATE_BODY, gate_clock_ms());
	return MHD_YES;
}

static unsigned
body_http_status(enum body_status s)
{
	switch (s) {
	case BODY_TOO_BIG:
		return MHD_HTTP_CONTENT_TOO_LARGE;
	case BODY_BAD:
		return MHD_HTTP_BAD_REQUEST;
	case BODY_OK:
	case BODY_NO_MEMORY:
		break;
	}
	return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* A chunk of body.  Once it failed, the rest is read and dropped. */
enum MHD_Result
api_batch_receive(
    struct api *api, struct request *r, const char *data, size_t size)
{
	enum body_status s;

	gate_body_bytes(api->gate, r->conn, size);
	if (r->pending != 0) {
		r->body.wire += size;
		return MHD_YES;
	}
	s = body_add(&r->body, data, size, &r->err);
	if (s == BODY_OK) {
		return MHD_YES;
	}
	r->pending = body_http_status(s);
	if (!r->bounded) {
		snprintf(r->note, sizeof r->note, "cut: \"%s\"", r->err.msg);
		return MHD_NO;
	}
	return MHD_YES;
}

static unsigned
ingest_http_status(enum ingest_status s)
{
	switch (s) {
	case INGEST_OK:
		return MHD_HTTP_OK;
	case INGEST_BAD:
		return MHD_HTTP_BAD_REQUEST;
	case INGEST_FORBIDDEN:
		return MHD_HTTP_FORBIDDEN;
	case INGEST_BUSY:
		return MHD_HTTP_SERVICE_UNAVAILABLE;
	case INGEST_FAILED:
		break;
	}
	return MHD_HTTP_INTERNAL_SERVER_ERROR;
}

/* The whole body is in: ingest it, and answer only after COMMIT. */
enum MHD_Result
api_batch_finish(struct api *api, struct MHD_Connection *c, struct request *r)
{
	struct ingest_result res;
	enum ingest_status s;
	enum body_status b = BODY_OK;
	char json[160];

	gate_enter(api->gate, r->conn, GATE_SERVING, gate_clock_ms());
	if (r->pending == 0) {
		b = body_finish(&r->body, &r->err);
	}
	if (r->pending != 0 || b != BODY_OK) {
		return api_respond_error(c, r,
		    r->pending != 0 ? r->pending : body_http_status(b),
		    r->err.msg);
	}
	pthread_mutex_lock(&api->lock);
	s = ingest_batch(api->db, r->kiosk, r->body.data, r->body.len, api->log,
	    &res, &r->err);
	pthread_mutex_unlock(&api->lock);
	body_free(&r->body);
	if (s != INGEST_OK) {
		return api_respond_error(
		    c, r, ingest_http_status(s), r->err.msg);
	}
	snprintf(r->note, sizeof r->note,
	    "seq %lld-%lld accepted=%lld duplicates=%lld%s%s",
	    (long long)res.first_seq, (long long)res.acked_through,
	    (long long)res.accepted, (long long)res.duplicates,
	    res.gaps + res.mismatches > 0 ? " CHAIN BREAK" : "",
	    res.quarantined > 0 ? " QUARANTINE" : "");
	snprintf(json, sizeof json,
	    "{\"acked_through\":%lld,\"accepted\":%lld,"
	    "\"duplicates\":%lld,\"quarantined\":%lld}\n",
	    (long long)res.acked_through, (long long)res.accepted,
	    (long long)res.duplicates, (long long)res.quarantined);
	return api_respond(c, r, MHD_HTTP_OK, JSON_TYPE, json, strlen(json));
}

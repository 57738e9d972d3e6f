/*
 * The HTTP API (see api.h and PROTOCOL.md).
 *
 * libmicrohttpd calls api_handle() several times per request: once when
 * the headers are in (we route, check the token, the Content-Encoding and
 * the announced Content-Length, and may answer at once: an early answer
 * makes libmicrohttpd skip the body and close the connection), once per
 * chunk of body (body.c gunzips it under the size limit), and once at the
 * end (the batch is ingested and answered).  The 200 of a batch is queued
 * only after ingest_batch() returned, that is after COMMIT.
 *
 * Before routing, the headers go through the front door (door.c): their
 * framing must be beyond doubt (400, and the connection closed), the
 * client is named (its address, or what a trusted proxy forwarded), and
 * behind a proxy it may not have more than max_per_client requests under
 * way (429).  An address slowed down for
 * its wrong tokens is answered 429 before its token is looked up
 * (peers.c).  The gate (gate.c) is told where each request stands, for
 * its deadlines.
 *
 * libmicrohttpd 0.9.75 cannot queue an answer in the middle of a body.  A
 * body whose Content-Length is within the limit but that inflates beyond
 * it (or is broken gzip) is therefore read to its announced end without
 * being kept, then answered 413 (or 400); a chunked body (no
 * Content-Length) that goes over the limit is cut by closing the
 * connection, since its end is unknown.
 */
#include "api.h"

#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "api_impl.h"
#include "batch.h"
#include "body.h"
#include "door.h"
#include "ingest.h"
#include "kiosks.h"
#include "published.h"
#include "utf8.h"

#define PREFIX "/api/v1/"

bool
api_init(struct api *api, struct db *db, size_t max_body, FILE *log)
{
	memset(api, 0, sizeof *api);
	api->db = db;
	api->max_body = max_body;
	api->log = log;
	atomic_init(&api->in_flight, 0);
	return pthread_mutex_init(&api->lock, NULL) == 0;
}

void
api_finish(struct api *api)
{
	pthread_mutex_destroy(&api->lock);
}

static void
client_address(struct MHD_Connection *c, char out[INET6_ADDRSTRLEN])
{
	const union MHD_ConnectionInfo *info =
	    MHD_get_connection_info(c, MHD_CONNECTION_INFO_CLIENT_ADDRESS);

	gate_address_text(info != NULL ? info->client_addr : NULL, out);
}

void *
api_request_begin(void *cls, const char *uri, struct MHD_Connection *c)
{
	struct api *api = cls;
	struct request *r = calloc(1, sizeof *r);
	size_t len = strnlen(uri, 200);

	if (r == NULL) {
		return NULL;
	}
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->uri = utf8_sanitize(uri, len, 0);
	client_address(c, r->addr);
	snprintf(r->kiosk, sizeof r->kiosk, "-");
	r->conn = gate_of(c);
	gate_request_begin(api->gate, r->conn);
	atomic_fetch_add(&api->in_flight, 1);
	return r;
}

static int64_t
elapsed_ms(const struct timespec *start)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (int64_t)(now.tv_sec - start->tv_sec) * 1000 +
	    (now.tv_nsec - start->tv_nsec) / 1000000;
}

/* The note of a request the gate or libmicrohttpd ended early. */
static void
end_note(struct api *api, struct request *r, enum gate_closed closed,
    enum MHD_RequestTerminationCode why)
{
	if (closed != GATE_OPEN && r->status == 0) {
		gate_closed_words(api->gate, closed, r->note, sizeof r->note);
	} else if (r->status == 0 && r->note[0] == '\0') {
		snprintf(r->note, sizeof r->note, "%s",
		    why == MHD_REQUEST_TERMINATED_TIMEOUT_REACHED
		        ? "timed out"
		        : "connection closed before an answer");
	}
}

void
api_request_end(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode why)
{
	struct api *api = cls;
	struct request *r = *ctx;
	enum gate_closed closed;
	bool quiet = false;
	char now[25];

	if (r == NULL) {
		return;
	}
	closed = gate_request_end(api->gate, r->conn, gate_clock_ms(), &quiet);
	end_note(api, r, closed, why);
	db_now(now);
	if (!r->quiet && !(closed != GATE_OPEN && quiet)) {
		fprintf(api->log,
		    "%s %s %s %s %s %u in=%zu out=%zu %lldms%s%s%s%s\n", now,
		    r->addr, r->kiosk, r->method[0] ? r->method : "-",
		    r->uri != NULL ? r->uri : "-", r->status, r->body.wire,
		    r->out_bytes, (long long)elapsed_ms(&r->start),
		    r->note[0] != '\0' ? " " : "", r->note,
		    r->via[0] != '\0' ? " via=" : "", r->via);
	}
	if (r->has_body) {
		body_free(&r->body);
	}
	free(r->uri);
	free(r);
	*ctx = NULL;
	atomic_fetch_sub(&api->in_flight, 1);
}

enum MHD_Result
api_respond(struct MHD_Connection *c, struct request *r, unsigned status,
    const char *type, const void *data, size_t len)
{
	struct MHD_Response *resp = MHD_create_response_from_buffer(
	    len, (void *)data, MHD_RESPMEM_MUST_COPY);
	enum MHD_Result ret;

	if (resp == NULL) {
		return MHD_NO;
	}
	MHD_add_response_header(resp, MHD_HTTP_HEADER_CONTENT_TYPE, type);
	MHD_add_response_header(
	    resp, MHD_HTTP_HEADER_CACHE_CONTROL, "no-store");
	if (status == MHD_HTTP_UNAUTHORIZED) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_WWW_AUTHENTICATE,
		    "Bearer realm=\"parvis\"");
	} else if (status == MHD_HTTP_METHOD_NOT_ALLOWED) {
		MHD_add_response_header(resp, MHD_HTTP_HEADER_ALLOW,
		    r->uri != NULL && strstr(r->uri, "batches") != NULL
		        ? "POST"
		        : "GET");
	} else if (status == MHD_HTTP_SERVICE_UNAVAILABLE ||
	    status == MHD_HTTP_TOO_MANY_REQUESTS) {
		char seconds[24];

		snprintf(seconds, sizeof seconds, "%lld",
		    (long long)(r->retry_after > 0 ? r->retry_after : 5));
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_RETRY_AFTER, seconds);
	}
	if (r->close) {
		MHD_add_response_header(
		    resp, MHD_HTTP_HEADER_CONNECTION, "close");
	}
	ret = MHD_queue_response(c, status, resp);
	MHD_destroy_response(resp);
	r->status = status;
	r->out_bytes = len;
	return ret;
}

/* Appends s to the JSON string being built in out, escaped. */
static size_t
json_escape(const char *s, char *out, size_t used, size_t size)
{
	for (; *s != '\0' && used + 7 < size; s++) {
		unsigned char ch = (unsigned char)*s;

		if (ch == '"' || ch == '\\') {
			out[used++] = '\\';
			out[used++] = (char)ch;
		} else if (ch < 0x20) {
			used += (size_t)snprintf(
			    out + used, size - used, "\\u%04x", ch);
		} else {
			out[used++] = (char)ch;
		}
	}
	out[used] = '\0';
	return used;
}

/* Answers {"error":"msg"} with status; msg also goes to the log. */
enum MHD_Result
api_respond_error(struct MHD_Connection *c, struct request *r, unsigned status,
    const char *msg)
{
	char *clean = utf8_sanitize(msg, strlen(msg), 0);
	char json[sizeof r->err.msg + 64];
	size_t used;

	snprintf(
	    r->note, sizeof r->note, "\"%s\"", clean != NULL ? clean : msg);
	used = (size_t)snprintf(json, sizeof json, "{\"error\":\"");
	used = json_escape(
	    clean != NULL ? clean : "error", json, used, sizeof json - 3);
	snprintf(json + used, sizeof json - used, "\"}\n");
	free(clean);
	return api_respond(c, r, status, JSON_TYPE, json, strlen(json));
}

/* An address slowed down for its wrong tokens is answered 429 before
 * token is looked up (peers.h); true when that answer was queued. */
static bool
slowed_down(struct api *api, struct MHD_Connection *c, struct request *r,
    const char *token, enum MHD_Result *ret)
{
	int64_t left;

	if (api->peers == NULL || gate_conn_authenticated(api->gate, r->conn)) {
		return false;
	}
	left = peers_slowed(api->peers, r->addr, token, gate_clock_ms());
	if (left == 0) {
		return false;
	}
	r->quiet = true;
	r->close = true;
	r->retry_after = (left + 999) / 1000;
	*ret = api_respond_error(c, r, MHD_HTTP_TOO_MANY_REQUESTS,
	    "too many wrong tokens from this address: try again later");
	return true;
}

/* Checks the bearer token; false when an answer (401, 429, 500) was
 * queued, *ret then being what to return to libmicrohttpd. */
static bool
authenticate(struct api *api, struct MHD_Connection *c, struct request *r,
    enum MHD_Result *ret)
{
	const char *h = MHD_lookup_connection_value(
	    c, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
	const char *token = NULL;
	enum kiosks_auth a;

	if (h != NULL && strncasecmp(h, "Bearer ", 7) == 0) {
		token = h + 7;
	}
	if (slowed_down(api, c, r, token, ret)) {
		return false;
	}
	pthread_mutex_lock(&api->lock);
	a = kiosks_authenticate(api->db, token, r->kiosk, &r->err);
	pthread_mutex_unlock(&api->lock);
	if (a == KIOSKS_AUTH_OK) {
		gate_authenticated(api->gate, r->conn);
		if (api->peers != NULL) {
			peers_token_accepted(api->peers, token);
		}
		return true;
	}
	if (a == KIOSKS_AUTH_DENIED && api->peers != NULL) {
		peers_token_refused(api->peers, r->addr, gate_clock_ms());
	}
	if (r->kiosk[0] == '\0') {
		snprintf(r->kiosk, sizeof r->kiosk, "-");
	}
	*ret = api_respond_error(c, r,
	    a == KIOSKS_AUTH_DENIED ? MHD_HTTP_UNAUTHORIZED
	                            : MHD_HTTP_INTERNAL_SERVER_ERROR,
	    r->err.msg);
	return false;
}

static enum MHD_Result
forms_index(struct api *api, struct MHD_Connection *c, struct request *r)
{
	enum MHD_Result ret;
	char *json = NULL;
	size_t len = 0;
	bool ok;

	pthread_mutex_lock(&api->lock);
	ok = published_index(api->db, &json, &len, &r->err);
	pthread_mutex_unlock(&api->lock);
	if (!ok) {
		return api_respond_error(
		    c, r, MHD_HTTP_INTERNAL_SERVER_ERROR, r->err.msg);
	}
	ret = api_respond(c, r, MHD_HTTP_OK, JSON_TYPE, json, len);
	free(json);
	return ret;
}

/* "ID/VERSION" of a form's address; false if it is not of that shape. */
static bool
form_address(const char *rest, char id[BATCH_NAME_MAX + 1], int64_t *version)
{
	const char *slash = strchr(rest, '/');
	size_t idlen = slash != NULL ? (size_t)(slash - rest) : 0;
	char *end = NULL;

	if (slash == NULL || idlen == 0 || idlen > BATCH_NAME_MAX) {
		return false;
	}
	snprintf(id, BATCH_NAME_MAX + 1, "%.*s", (int)idlen, rest);
	if (!batch_valid_name(id) || slash[1] < '1' || slash[1] > '9' ||
	    strlen(slash + 1) > 15) {
		return false;
	}
	*version = strtoll(slash + 1, &end, 10);
	return *end == '\0';
}

static enum MHD_Result
forms_get(struct api *api, struct MHD_Connection *c, struct request *r,
    const char *id, int64_t version)
{
	enum published_status s;
	enum MHD_Result ret;
	char *data = NULL;
	size_t len = 0;

	pthread_mutex_lock(&api->lock);
	s = published_get(api->db, id, version, &data, &len, &r->err);
	pthread_mutex_unlock(&api->lock);
	if (s != PUBLISHED_OK) {
		return api_respond_error(c, r,
		    s == PUBLISHED_NOT_FOUND ? MHD_HTTP_NOT_FOUND
		                             : MHD_HTTP_INTERNAL_SERVER_ERROR,
		    r->err.msg);
	}
	snprintf(r->note, sizeof r->note, "form %s version %lld", id,
	    (long long)version);
	ret = api_respond(
	    c, r, MHD_HTTP_OK, "text/plain; charset=utf-8", data, len);
	free(data);
	return ret;
}

static enum MHD_Result
wrong_method(struct MHD_Connection *c, struct request *r, const char *want)
{
	char msg[96];

	snprintf(msg, sizeof msg, "%s is not allowed here (use %s)", r->method,
	    want);
	return api_respond_error(c, r, MHD_HTTP_METHOD_NOT_ALLOWED, msg);
}

/* The front door, once a request's headers are in (door.h); false when
 * an answer (400, 429) was queued, *ret being what to return to
 * libmicrohttpd. */
static bool
front_door(struct api *api, struct MHD_Connection *c, struct request *r,
    const char *version, enum MHD_Result *ret)
{
	struct door_request d;
	enum door_verdict v = door_check(c, r->addr, version, api->trusted,
	    api->gate, r->conn, api->max_per_client, &d);

	snprintf(r->addr, sizeof r->addr, "%s", d.client);
	snprintf(r->via, sizeof r->via, "%s", d.via);
	if (v == DOOR_BAD_FRAMING) {
		r->close = true;
		*ret = api_respond_error(c, r, MHD_HTTP_BAD_REQUEST, d.why);
		return false;
	}
	if (v == DOOR_BUSY_CLIENT) {
		r->retry_after = 5;
		*ret = api_respond_error(c, r, MHD_HTTP_TOO_MANY_REQUESTS,
		    "too many requests under way from this address "
		    "(max_connections_per_ip): try again later");
		return false;
	}
	return true;
}

/* Routes a request whose headers are in. */
static enum MHD_Result
route(struct api *api, struct MHD_Connection *c, struct request *r,
    const char *url)
{
	bool get = strcmp(r->method, MHD_HTTP_METHOD_GET) == 0;
	enum MHD_Result ret = MHD_NO;
	char id[BATCH_NAME_MAX + 1];
	int64_t version = 0;

	if (strcmp(url, PREFIX "batches") == 0) {
		if (strcmp(r->method, MHD_HTTP_METHOD_POST) != 0) {
			return wrong_method(c, r, "POST");
		}
		return authenticate(api, c, r, &ret)
		    ? api_batch_begin(api, c, r)
		    : ret;
	}
	if (strcmp(url, PREFIX "forms") == 0) {
		if (!get) {
			return wrong_method(c, r, "GET");
		}
		return authenticate(api, c, r, &ret) ? forms_index(api, c, r)
		                                     : ret;
	}
	if (strncmp(url, PREFIX "forms/", strlen(PREFIX "forms/")) == 0 &&
	    form_address(url + strlen(PREFIX "forms/"), id, &version)) {
		if (!get) {
			return wrong_method(c, r, "GET");
		}
		return authenticate(api, c, r, &ret)
		    ? forms_get(api, c, r, id, version)
		    : ret;
	}
	return api_respond_error(c, r, MHD_HTTP_NOT_FOUND,
	    "no such address "
	    "(see PROTOCOL.md: /api/v1/batches, /api/v1/forms)");
}

enum MHD_Result
api_handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **ctx)
{
	struct api *api = cls;
	struct request *r = *ctx;
	enum MHD_Result ret;

	if (r == NULL) {
		return MHD_NO; /* out of memory at the start */
	}
	if (!r->begun) {
		r->begun = true;
		snprintf(r->method, sizeof r->method, "%s", method);
		gate_enter(api->gate, r->conn, GATE_SERVING, gate_clock_ms());
		return front_door(api, c, r, version, &ret)
		    ? route(api, c, r, url)
		    : ret;
	}
	if (*upload_data_size > 0) {
		ret = api_batch_receive(api, r, upload_data, *upload_data_size);
		*upload_data_size = 0;
		return ret;
	}
	if (r->status != 0 || !r->has_body) {
		return MHD_YES;
	}
	return api_batch_finish(api, c, r);
}

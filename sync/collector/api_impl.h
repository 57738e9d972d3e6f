/*
 * What the files of the HTTP API share: api.c (requests, answers, the
 * token, routing, the forms) and api_batches.c (POST /api/v1/batches:
 * the body received, gunzipped, ingested and answered).
 */
#ifndef PARVIS_COLLECT_API_IMPL_H
#define PARVIS_COLLECT_API_IMPL_H

#include <arpa/inet.h>
#include <microhttpd.h>
#include <stdbool.h>
#include <stddef.h>
#include <time.h>

#include "api.h"
#include "batch.h"
#include "body.h"
#include "error.h"
#include "gate.h"

#define JSON_TYPE "application/json"

/* One request, from its first callback to its end. */
struct request {
	struct timespec start;
	char *uri;                   /* sanitised, for the log */
	char addr[INET6_ADDRSTRLEN]; /* the client */
	char via[INET6_ADDRSTRLEN];  /* the trusted proxy, or "" */
	struct gate_conn *conn;      /* the gate's, or NULL */
	bool quiet;                  /* counted, not logged (slowed down) */
	bool close;                  /* the answer closes the connection */
	int64_t retry_after;         /* seconds, with a 429 or 503 */
	char kiosk[BATCH_NAME_MAX + 1];
	char method[8];
	unsigned status;  /* 0 until an answer is queued */
	bool begun;       /* the headers were handled */
	bool bounded;     /* a Content-Length was given */
	unsigned pending; /* answer to give once the body has ended */
	bool has_body;
	struct body body;
	size_t out_bytes;
	char note[200]; /* for the log: counts or the error */
	struct error err;
};

/* Queues the answer status with body[0..len) of type; NULL type: none. */
enum MHD_Result api_respond(struct MHD_Connection *c, struct request *r,
    unsigned status, const char *type, const void *data, size_t len);

/* Queues {"error": msg} with status. */
enum MHD_Result api_respond_error(struct MHD_Connection *c, struct request *r,
    unsigned status, const char *msg);

/* POST /api/v1/batches: the headers are in (the body comes next), a
 * chunk of body, the end (ingest, then the answer). */
enum MHD_Result api_batch_begin(
    struct api *api, struct MHD_Connection *c, struct request *r);
enum MHD_Result api_batch_receive(
    struct api *api, struct request *r, const char *data, size_t size);
enum MHD_Result api_batch_finish(
    struct api *api, struct MHD_Connection *c, struct request *r);

#endif

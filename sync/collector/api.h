/*
 * The HTTP API of PROTOCOL.md, as libmicrohttpd callbacks:
 *   POST /api/v1/batches                 a batch of records (ingest.c)
 *   GET  /api/v1/forms                   the published forms
 *   GET  /api/v1/forms/{id}/{version}    one form's exact bytes
 * every one with `Authorization: Bearer <token>`.  Errors are answered as
 * {"error":"message"}; each request ends with one log line.
 */
#ifndef PARVIS_COLLECT_API_H
#define PARVIS_COLLECT_API_H

#include <microhttpd.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#include "db.h"
#include "gate.h"
#include "peers.h"
#include "proxies.h"

struct api {
	struct db *db;
	pthread_mutex_t lock; /* the database is used by one request at
				 * a time (SQLite writes one at a time) */
	size_t max_body;
	FILE *log;
	atomic_int in_flight; /* requests begun and not yet finished */
	/* The front door, set by the caller after api_init(); each may be
	 * NULL (no deadlines, no slow-down, no trusted proxy). */
	struct gate *gate;
	struct peers *peers;
	const struct proxies *trusted;
	int64_t max_per_client; /* requests under way per client behind a
	                           trusted proxy; 0: no limit */
};

/* Sets api up, without a front door; false if the lock cannot be made. */
bool api_init(struct api *api, struct db *db, size_t max_body, FILE *log);
void api_finish(struct api *api);

/* MHD_OPTION_URI_LOG_CALLBACK: a request begins (its context is made). */
void *api_request_begin(void *cls, const char *uri, struct MHD_Connection *c);

/* MHD_OPTION_NOTIFY_COMPLETED: a request ends (logged, context freed). */
void api_request_end(void *cls, struct MHD_Connection *c, void **ctx,
    enum MHD_RequestTerminationCode why);

/* The MHD_AccessHandlerCallback. */
enum MHD_Result api_handle(void *cls, struct MHD_Connection *c, const char *url,
    const char *method, const char *version, const char *upload_data,
    size_t *upload_data_size, void **ctx);

#endif

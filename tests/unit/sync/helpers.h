/*
 * What the sync client's unit tests share: a temporary directory with a
 * kiosk database of N records in it, a raw look at that database, and a
 * scripted transport that stands in for the collector (the engine's
 * tests never touch the network).
 */
#ifndef PARVIS_TESTS_SYNC_HELPERS_H
#define PARVIS_TESTS_SYNC_HELPERS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "store.h"
#include "sync_body.h"
#include "sync_http.h"

#define KIOSK "digne-1"
#define T0_ISO "2026-05-02T09:00:00.000Z"

struct env {
	char dir[256];
	char db[300];
	struct store *s;
};

/* cmocka setup/teardown: a fresh directory, the virtual clock at T0, an
 * open store of KIOSK; everything removed afterwards. */
int env_setup(void **state);
int env_teardown(void **state);

/* Appends n event records. */
void env_add_records(struct env *env, int n);

/* The frozen line or the stored hash of record seq, newly allocated. */
char *env_line(struct env *env, int64_t seq);
char *env_hash(struct env *env, int64_t seq);

/* Writes text to DIR/name (mode 0600) and returns the path (static). */
const char *env_write(struct env *env, const char *name, const char *text);

/* The whole file, NUL-terminated, or NULL if it does not exist. */
char *slurp(const char *path, size_t *len);

/* One request the fake collector saw, its body gunzipped. */
struct fake_seen {
	char method[8];
	char path[160];
	char *body;
	size_t len;
	int64_t first_seq, last_seq, count; /* from a batch header */
};

struct fake;

/* Decides the answer to a request: fill status and body (or set net to
 * something else than SYNC_NET_OK). */
typedef void (*fake_fn)(struct fake *f, const struct fake_seen *req,
    struct sync_response *resp, struct sync_buf *body);

struct fake {
	struct sync_transport base;
	fake_fn respond;
	void *ctx;
	struct fake_seen seen[512];
	size_t nseen;
	bool started;
	struct sync_buf answer;
	int polls_per_request; /* polls before the answer arrives */
	int polls;
};

/* A fake collector answering through fn; destroyed by the engine. */
struct fake *fake_create(fake_fn fn, void *ctx);

/* A fake answer of 200 acknowledging a batch (accepted = count). */
void fake_ack(const struct fake_seen *req, struct sync_response *resp,
    struct sync_buf *body);

#endif

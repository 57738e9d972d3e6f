/*
 * What the store's own files share and the rest of parvis never sees: the
 * struct behind `struct store`, the schema steps run at open, transactions,
 * and the one place where an SQLite result code becomes a message for a
 * person.  The store's unit tests include it too, to reach the raw handle
 * (for example to simulate a full disk with PRAGMA max_page_count).
 */
#ifndef PARVIS_STORE_STORE_IMPL_H
#define PARVIS_STORE_STORE_IMPL_H

#include <sqlite3.h>

#include "csv.h"
#include "gettext.h"
#include "store.h"

/* The schema version this program writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 1

/* What is lost when a write fails, for messages ("disk full: %s, ...").
 * Like every `lost` string handed to store_fail(), marked with N_() and
 * translated where the message is made. */
#define STORE_LOST_ANSWERS N_("the answers were not saved")
#define STORE_LOST_RECORD N_("the record was not saved")

/* Room for the statements of the write path (see store_cached()). */
#define STORE_CACHE_SIZE 16

struct store {
	sqlite3 *db;
	char *path;
	char *kiosk;
	int schema;	/* user_version found at open (0: a new file) */
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STORE_CACHE_SIZE];
};

/* schema.c: refuses what is not ours or is damaged, without writing. */
bool store_schema_inspect(struct store *s, struct error *err);

/* schema.c: brings the schema to STORE_SCHEMA_VERSION, one transaction
 * per step, then checks the kiosk id stored in it. */
bool store_schema_migrate(struct store *s, struct error *err);

/* Prepares sql on s's connection; the message names what was being done. */
bool store_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
	struct error *err);

/* Like store_prepare(), for the statements every submission runs: the
 * statement is prepared once and kept until store_destroy().  The caller
 * must not finalize it and must call store_done() when finished with it,
 * on every path (a statement left mid-way holds a read snapshot).  sql
 * must live as long as the store (a string literal). */
bool store_cached(struct store *s, const char *sql, sqlite3_stmt **st,
	struct error *err);

/* Resets a statement from store_cached() and clears its bindings. */
void store_done(sqlite3_stmt *st);

/* Fills err for a failed write, from SQLite result code rc: a full disk,
 * a busy or read-only database, an I/O error are named as such.  lost
 * says what the person loses ("the answers were not saved"), in English
 * marked with N_(): it is translated here.  Returns false. */
bool store_fail(struct store *s, int rc, const char *lost,
	struct error *err);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  store_rollback() does nothing
 * outside a transaction, so it is safe on every error path. */
bool store_begin(struct store *s, const char *lost, struct error *err);
bool store_commit(struct store *s, const char *lost, struct error *err);
void store_rollback(struct store *s);

/* A record to append inside the caller's open transaction. */
struct store_new_record {
	const char *type;
	const char *site;	/* NULL: no site */
	const char *mode;
	const char *payload;	/* a JSON object */
	int64_t created_ms;
	const char *form_id;	/* submissions only, else NULL */
	int64_t form_version;
	const char *form_hash;
	const char *lost;	/* for messages, see store_fail() */
};

/* Numbers, freezes, chains and inserts r (see record.h). */
bool store_append_in_tx(struct store *s, const struct store_new_record *r,
	struct store_written *out, struct error *err);

/* True for "self" and "volunteer". */
bool store_mode_valid(const char *mode);

#endif

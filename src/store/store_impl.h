/*
 * What the store's own files share and the rest of parvis never sees: the
 * struct behind `struct store`, the kind of file it is (schema.c), and
 * the store's names for the statements, transactions and failure
 * messages of src/sqlfile.  The store's unit tests include it too, to
 * reach the raw handle (for example to simulate a full disk with PRAGMA
 * max_page_count).
 */
#ifndef PARVIS_STORE_STORE_IMPL_H
#define PARVIS_STORE_STORE_IMPL_H

#include <sqlite3.h>

#include "csv.h"
#include "gettext.h"
#include "sqlfile.h"
#include "store.h"

/* The schema version this program writes (PRAGMA user_version). */
#define STORE_SCHEMA_VERSION 4

/* What is lost when a write fails, for messages ("disk full: %s, ...").
 * Like every `lost` string handed to store_fail(), marked with N_() and
 * translated where the message is made. */
#define STORE_LOST_ANSWERS N_("the answers were not saved")
#define STORE_LOST_RECORD N_("the record was not saved")

/* Room for the statements of the write path (see store_cached()). */
#define STORE_CACHE_SIZE 16

/* The condition, in SQL, that the record alias (a table alias, as a
 * string literal) was not withdrawn by a retraction.  Figures, verbatims,
 * exports and the log book's state all leave withdrawn records out
 * through this one spelling. */
#define STORE_NOT_RETRACTED(alias) \
	"NOT EXISTS (SELECT 1 FROM records x WHERE x.type = 'retraction' " \
	"AND json_extract(x.line, '$.payload.retracts') = " alias ".uuid)"

struct store {
	struct sqlfile *file;
	sqlite3 *db;      /* file->db */
	const char *path; /* file->path */
	char *kiosk;
	struct {
		const char *sql;
		sqlite3_stmt *st;
	} cache[STORE_CACHE_SIZE];
	enum sqlfile_reach rescued; /* what the last rescue put back, if any */
};

/* schema.c: the kiosk's database as an sqlfile (schema, mark, messages);
 * its hooks take the struct store being opened as their ctx, and check
 * the kiosk id stored in the file. */
extern const struct sqlfile_kind store_file_kind;

/* Prepares sql on s's connection; the message names what was being done. */
static inline bool
store_prepare(
    struct store *s, const char *sql, sqlite3_stmt **st, struct error *err)
{
	return sqlfile_prepare(s->file, sql, st, err);
}

/* Like store_prepare(), for the statements every submission runs: the
 * statement is prepared once and kept until store_destroy().  The caller
 * must not finalize it and must call store_done() when finished with it,
 * on every path (a statement left mid-way holds a read snapshot).  sql
 * must live as long as the store (a string literal). */
bool store_cached(
    struct store *s, const char *sql, sqlite3_stmt **st, struct error *err);

/* Finalizes every statement of the cache (store_destroy(), and before the
 * connection is opened again). */
void store_finalize_cache(struct store *s);

/* Resets a statement from store_cached() and clears its bindings. */
void store_done(sqlite3_stmt *st);

/* Fills err for a failed write, from SQLite result code rc: a full disk,
 * a busy or read-only database, an I/O error are named as such.  lost
 * says what the person loses ("the answers were not saved"), in English
 * marked with N_(): it is translated there.  Returns false. */
static inline bool
store_fail(struct store *s, int rc, const char *lost, struct error *err)
{
	return sqlfile_fail(s->file, rc, lost, err);
}

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  store_rollback() does nothing
 * outside a transaction, so it is safe on every error path. */
static inline bool
store_begin(struct store *s, const char *lost, struct error *err)
{
	return sqlfile_begin(s->file, lost, err);
}

static inline bool
store_commit(struct store *s, const char *lost, struct error *err)
{
	return sqlfile_commit(s->file, lost, err);
}

static inline void
store_rollback(struct store *s)
{
	sqlfile_rollback(s->file);
}

/* A record to append inside the caller's open transaction. */
struct store_new_record {
	const char *type;
	const char *site; /* NULL: no site */
	const char *mode;
	const char *payload; /* a JSON object */
	int64_t created_ms;
	const char *form_id; /* the form version it names, else NULL */
	int64_t form_version;
	const char *form_hash;
	const char *lost; /* for messages, see store_fail() */
};

/* Numbers, freezes, chains and inserts r (see record.h). */
bool store_append_in_tx(struct store *s, const struct store_new_record *r,
    struct store_written *out, struct error *err);

/* Appends r in one transaction (BEGIN IMMEDIATE ... COMMIT, rolled back
 * on any failure).  With form, the version r->form_* name, its exact text
 * is kept first in the forms table (once): the records that name it stay
 * interpretable forever. */
bool store_write_record(struct store *s, const struct store_new_record *r,
    const struct form *form, struct store_written *out, struct error *err);

/* Indexes the public text of record seq (just inserted, in the caller's
 * open transaction) for the verbatims search (verbatims.c). */
bool store_verbatims_index_in_tx(
    struct store *s, int64_t seq, const char *lost, struct error *err);

/* True for "self" and "volunteer". */
bool store_mode_valid(const char *mode);

#endif

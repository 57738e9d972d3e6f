/*
 * The collector's database: every record each kiosk sent, byte for byte,
 * the enrolled kiosks, the chain breaks noticed, and the published forms.
 *
 * It is an sqlfile (src/sqlfile), durable as the kiosk's: WAL,
 * synchronous=FULL, foreign_keys=ON, trusted_schema=OFF, defensive mode,
 * application_id 'PRVC', migrations by user_version in one transaction
 * each, quick_check at open.  A file that is not ours, or is damaged, is
 * refused and left untouched.  The schema is described in db.c.
 */
#ifndef PARVIS_COLLECT_DB_H
#define PARVIS_COLLECT_DB_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "error.h"
#include "sqlfile.h"

/* 'PRVC' (the kiosk's own database is 'PRVS'). */
#define DB_APPLICATION_ID 0x50525643

/* The schema version this program writes (PRAGMA user_version). */
#define DB_SCHEMA_VERSION 4

/* The collector's database: an sqlfile of the collector's kind (db.c). */
struct db {
	struct sqlfile *file;
	sqlite3 *h;       /* file->db */
	const char *path; /* file->path */
};

/* Opens the database at path, creating it (mode 0600) if it does not
 * exist.  Refuses, with a message for a person, a file that is not a
 * parvis-collect database, a damaged one or one written by a newer
 * program, and leaves it untouched.  Returns NULL on failure; free with
 * db_destroy(). */
struct db *db_open(const char *path, struct error *err);

/* Closes the database; accepts NULL. */
void db_destroy(struct db *d);

/* The current time as "YYYY-MM-DDTHH:MM:SS.mmmZ" (from clock.h). */
void db_now(char out[25]);

/*
 * The collector's names for the helpers of src/sqlfile (see sqlfile.h).
 */

/* Prepares sql; on failure *st is NULL and err says so. */
static inline bool
db_prepare(struct db *d, const char *sql, sqlite3_stmt **st, struct error *err)
{
	return sqlfile_prepare(d->file, sql, st, err);
}

/* Fills err for a failed statement from SQLite result code rc (a full
 * disk, a busy database, an I/O error named as such; lost says what was
 * not done) and remembers rc.  Returns false. */
static inline bool
db_fail(struct db *d, int rc, const char *lost, struct error *err)
{
	return sqlfile_fail(d->file, rc, lost, err);
}

/* True when the last failure was a database busy for too long. */
static inline bool
db_busy(const struct db *d)
{
	return sqlfile_busy(d->file);
}

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  db_rollback() does nothing
 * outside a transaction, so it is safe on every error path. */
static inline bool
db_begin(struct db *d, const char *lost, struct error *err)
{
	return sqlfile_begin(d->file, lost, err);
}

static inline bool
db_commit(struct db *d, const char *lost, struct error *err)
{
	return sqlfile_commit(d->file, lost, err);
}

static inline void
db_rollback(struct db *d)
{
	sqlfile_rollback(d->file);
}

/* Runs a query whose answer is one integer (a count, a pragma); a query
 * with no row gives 0. */
static inline bool
db_int(struct db *d, const char *sql, int64_t *value, struct error *err)
{
	return sqlfile_int(d->file, sql, value, err);
}

#endif

/*
 * Statements and transactions on an open sqlfile, and the one place where
 * an SQLite result code becomes a message for a person (sqlfile_fail()).
 *
 * Every write is BEGIN IMMEDIATE ... COMMIT on a connection with
 * synchronous=FULL in WAL mode: when COMMIT returns, the data is on the
 * disk; when anything fails, ROLLBACK leaves the file as it was.
 */
#include "sqlfile_impl.h"

#include <errno.h>

bool
sqlfile_prepare(
    struct sqlfile *f, const char *sql, sqlite3_stmt **st, struct error *err)
{
	int rc = sqlite3_prepare_v2(f->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return sqlfile_fail(
		    f, rc, N_("the database could not be read"), err);
	}
	return true;
}

bool
sqlfile_int(
    struct sqlfile *f, const char *sql, int64_t *value, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*value = 0;
	if (!sqlfile_prepare(f, sql, &st, err)) {
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		sqlfile_fail(f, rc, N_("the database could not be read"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
sqlfile_fail(struct sqlfile *f, int rc, const char *lost, struct error *err)
{
	const char *said = _(lost);

	/* SQLite says SQLITE_FULL when a write fails for lack of space, but
	 * an I/O error when it cannot grow its -shm or -wal files. */
	if ((rc & 0xff) == SQLITE_IOERR && f->db != NULL &&
	    sqlite3_system_errno(f->db) == ENOSPC) {
		rc = SQLITE_FULL;
	}
	f->last_rc = rc;
	switch (rc & 0xff) {
	case SQLITE_FULL:
		/* TRANSLATORS: in the messages of a failed write, the %s
		 * after the colon says what was lost, e.g. "the answers
		 * were not saved". */
		return error_set_kind(err, ERROR_DISK_FULL,
		    _("disk full: "
		      "%s, free some space and try again"),
		    said);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		/* TRANSLATORS: the database, the program (parvis), then
		 * what was lost. */
		return error_set(err,
		    _("the database %s is busy (another %s "
		      "is using it): %s, try again"),
		    f->path, f->kind->program, said);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return error_set(err,
		    _("the database %s cannot be written "
		      "(check its permissions): %s"),
		    f->path, said);
	case SQLITE_IOERR:
		/* TRANSLATORS: the first %s is SQLite's name for the error
		 * (in English), the second what was lost. */
		return error_set(err,
		    _("the disk could not be written or "
		      "read (%s): %s; check the storage"),
		    sqlite3_errstr(rc), said);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return error_set(
		    err, _("the database %s is damaged: %s"), f->path, said);
	default:
		return error_set(err, "%s: %s", said, sqlite3_errmsg(f->db));
	}
}

bool
sqlfile_busy(const struct sqlfile *f)
{
	int primary = f->last_rc & 0xff;

	return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool
sqlfile_begin(struct sqlfile *f, const char *lost, struct error *err)
{
	int rc = sqlite3_exec(f->db, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		return sqlfile_fail(f, rc, lost, err);
	}
	return true;
}

bool
sqlfile_commit(struct sqlfile *f, const char *lost, struct error *err)
{
	int rc = sqlite3_exec(f->db, "COMMIT", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		sqlfile_fail(f, rc, lost, err);
		sqlfile_rollback(f);
		return false;
	}
	return true;
}

void
sqlfile_rollback(struct sqlfile *f)
{
	if (!sqlite3_get_autocommit(f->db)) {
		sqlite3_exec(f->db, "ROLLBACK", NULL, NULL, NULL);
	}
}

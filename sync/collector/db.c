/*
 * Opening and closing the collector's database (see db.h), and the few
 * helpers every other file uses: statements, transactions, and the one
 * place where an SQLite result code becomes a message for a person.
 *
 * Opening is careful because the file holds answers nobody can collect
 * again: a path that does not exist is created (mode 0600: opinions are
 * personal data); an existing file is first looked at without writing
 * anything (is it SQLite? ours? sound?) and refused, left byte for byte as
 * it was, if any answer is no.  Only then is the connection switched to
 * WAL and the schema brought up to date.  This follows src/store/store.c;
 * the collector does not link the kiosk's store, so the steps are here.
 */
#include "db.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "clock.h"

#define BUSY_TIMEOUT_MS 10000

static const char sqlite_magic[16] = "SQLite format 3";

static bool
create_file(const char *path, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		return error_set(err, "cannot create the database %s: %s", path,
		    strerror(errno));
	}
	close(fd);
	return true;
}

/* Refuses, before SQLite reads a byte, a file without the SQLite magic. */
static bool
check_magic(const char *path, struct error *err)
{
	char head[sizeof sqlite_magic];
	size_t got;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		return error_set(err, "cannot open the database %s: %s", path,
		    strerror(errno));
	}
	got = fread(head, 1, sizeof head, f);
	fclose(f);
	if (got != sizeof head ||
	    memcmp(head, sqlite_magic, sizeof head) != 0) {
		return error_set(err, "%s is not a parvis-collect database (it "
		    "is not an SQLite file); it was left untouched", path);
	}
	return true;
}

/* Creates the file if missing; otherwise checks it is an SQLite file.
 * A zero-length file counts as new. */
static bool
prepare_file(const char *path, struct error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			return error_set(err, "cannot open the database %s: %s",
			    path, strerror(errno));
		}
		return create_file(path, err);
	}
	if (!S_ISREG(st.st_mode)) {
		return error_set(err, "%s is not a parvis-collect database (it "
		    "is not a regular file)", path);
	}
	if (st.st_size == 0) {
		return true;
	}
	return check_magic(path, err);
}

/* Settings made through the C API: they neither read nor write the file. */
static bool
configure_connection(struct db *d, struct error *err)
{
	int fk = 0, trusted = 1;

	sqlite3_extended_result_codes(d->h, 1);
	sqlite3_busy_timeout(d->h, BUSY_TIMEOUT_MS);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &trusted);
	sqlite3_db_config(d->h, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &fk);
	if (trusted != 0 || fk != 1) {
		return error_set(err, "cannot configure the database %s "
		    "(foreign keys or untrusted schema not available)",
		    d->path);
	}
	return true;
}

static bool
open_connection(struct db *d, struct error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
	int rc = sqlite3_open_v2(d->path, &d->h, flags, NULL);

	if (rc != SQLITE_OK) {
		return error_set(err, "cannot open the database %s: %s",
		    d->path, d->h != NULL ? sqlite3_errmsg(d->h) :
		    "out of memory");
	}
	if (sqlite3_db_readonly(d->h, "main") == 1) {
		return error_set(err, "the database %s cannot be written "
		    "(check the permissions of the file and its directory)",
		    d->path);
	}
	return configure_connection(d, err);
}

/* WAL changes the file header, so it comes after the inspection;
 * synchronous=FULL makes every COMMIT reach the disk before it returns,
 * which is what lets the server answer 200 right after it. */
static bool
enable_wal(struct db *d, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *mode;
	bool ok = false;
	int rc = sqlite3_exec(d->h, "PRAGMA synchronous=FULL", NULL, NULL,
	    NULL);

	if (rc != SQLITE_OK) {
		db_fail(d, rc, "the database was not opened", err);
		goto out;
	}
	if (!db_prepare(d, "PRAGMA journal_mode=WAL", &st, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		db_fail(d, sqlite3_errcode(d->h), "the database was not opened",
		    err);
		goto out;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		error_set(err, "%s: cannot use write-ahead logging (journal "
		    "mode stays %s); put the database on a local disk", d->path,
		    mode != NULL ? mode : "unknown");
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

struct db *
db_open(const char *path, struct error *err)
{
	struct db *d = NULL;
	bool ok = false;

	if (path == NULL || *path == '\0') {
		error_set(err, "no database path given");
		goto out;
	}
	if (!prepare_file(path, err)) {
		goto out;
	}
	d = calloc(1, sizeof *d);
	if (d != NULL) {
		d->path = strdup(path);
	}
	if (d == NULL || d->path == NULL) {
		error_set(err, "out of memory opening %s", path);
		goto out;
	}
	if (!open_connection(d, err) || !db_schema_inspect(d, err) ||
	    !enable_wal(d, err) || !db_schema_migrate(d, err)) {
		goto out;
	}
	ok = true;
out:
	if (!ok) {
		db_destroy(d);
		d = NULL;
	}
	return d;
}

void
db_destroy(struct db *d)
{
	if (d == NULL) {
		return;
	}
	sqlite3_close_v2(d->h);
	free(d->path);
	free(d);
}

bool
db_prepare(struct db *d, const char *sql, sqlite3_stmt **st,
    struct error *err)
{
	int rc = sqlite3_prepare_v2(d->h, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return db_fail(d, rc, "the database could not be read", err);
	}
	return true;
}

bool
db_fail(struct db *d, int rc, const char *lost, struct error *err)
{
	d->last_rc = rc;
	switch (rc & 0xff) {
	case SQLITE_FULL:
		return error_set(err, "disk full: %s, free some space and try "
		    "again", lost);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return error_set(err, "the database %s is busy (another "
		    "parvis-collect is using it): %s, try again", d->path,
		    lost);
	case SQLITE_READONLY:
	case SQLITE_PERM:
	case SQLITE_CANTOPEN:
		return error_set(err, "the database %s cannot be written "
		    "(check its permissions): %s", d->path, lost);
	case SQLITE_IOERR:
		return error_set(err, "the disk could not be written or read "
		    "(%s): %s; check the storage", sqlite3_errstr(rc), lost);
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return error_set(err, "the database %s is damaged: %s",
		    d->path, lost);
	default:
		return error_set(err, "%s: %s", lost, sqlite3_errmsg(d->h));
	}
}

bool
db_busy(const struct db *d)
{
	int primary = d->last_rc & 0xff;

	return primary == SQLITE_BUSY || primary == SQLITE_LOCKED;
}

bool
db_begin(struct db *d, const char *lost, struct error *err)
{
	int rc = sqlite3_exec(d->h, "BEGIN IMMEDIATE", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		return db_fail(d, rc, lost, err);
	}
	return true;
}

bool
db_commit(struct db *d, const char *lost, struct error *err)
{
	int rc = sqlite3_exec(d->h, "COMMIT", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		db_fail(d, rc, lost, err);
		db_rollback(d);
		return false;
	}
	return true;
}

void
db_rollback(struct db *d)
{
	if (!sqlite3_get_autocommit(d->h)) {
		sqlite3_exec(d->h, "ROLLBACK", NULL, NULL, NULL);
	}
}

bool
db_int(struct db *d, const char *sql, int64_t *value, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*value = 0;
	if (!db_prepare(d, sql, &st, err)) {
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		db_fail(d, rc, "the database could not be read", err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

void
db_now(char out[25])
{
	clock_format_iso(clock_now_ms(), out);
}

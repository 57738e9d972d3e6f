/*
 * Opening and closing a durable SQLite file (see sqlfile.h).
 *
 * A path that does not exist is created, empty and private.  An existing
 * file is checked for the SQLite magic before SQLite reads a byte, then
 * inspected (schema.c) on a connection that neither writes nor folds a
 * leftover write-ahead log into it; a refused file is left as found, and
 * so is the directory (the -wal and -shm files that merely looking made
 * are removed).  Only then is the connection switched to WAL and the
 * schema brought up to date.
 */
#include "sqlfile_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char sqlite_magic[16] = "SQLite format 3";

/* Creates path, empty and private, when it does not exist. */
static bool
create_file(const char *path, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		return error_set(err, _("cannot create the database %s: %s"),
		    path, strerror(errno));
	}
	close(fd);
	return true;
}

/* Refuses, before SQLite reads a byte, a file without the SQLite magic. */
static bool
check_magic(
    const struct sqlfile_kind *kind, const char *path, struct error *err)
{
	char head[sizeof sqlite_magic];
	size_t got = 0;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		/* TRANSLATORS: the file, then why (from the system or
		 * SQLite). */
		return error_set(err, _("cannot open the database %s: %s"),
		    path, strerror(errno));
	}
	got = fread(head, 1, sizeof head, f);
	fclose(f);
	if (got != sizeof head ||
	    memcmp(head, sqlite_magic, sizeof head) != 0) {
		/* TRANSLATORS: in the refusals of a database, the first %s
		 * is the file, the second the program (parvis). */
		return error_set(err,
		    _("%s is not a %s database (it is not "
		      "an SQLite file); it was left untouched"),
		    path, kind->program);
	}
	return true;
}

/* Creates the file if missing; otherwise checks it is an SQLite file.
 * A zero-length file counts as new. */
static bool
prepare_file(
    const struct sqlfile_kind *kind, const char *path, struct error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno == ENOENT) {
			return create_file(path, err);
		}
		return error_set(err, _("cannot open the database %s: %s"),
		    path, strerror(errno));
	}
	if (!S_ISREG(st.st_mode)) {
		return error_set(err,
		    _("%s is not a %s database (it is not a "
		      "regular file)"),
		    path, kind->program);
	}
	if (st.st_size == 0) {
		return true;
	}
	return check_magic(kind, path, err);
}

/* Connection settings made through the C API: they neither read nor
 * write the file, so they hold from the first look at it on. */
static bool
configure_connection(struct sqlfile *f, struct error *err)
{
	int fk = 0, trusted = 1;

	sqlite3_extended_result_codes(f->db, 1);
	sqlite3_busy_timeout(f->db, f->kind->busy_timeout_ms);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &trusted);
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &fk);
	if (trusted != 0 || fk != 1) {
		return error_set(err,
		    _("cannot configure the database %s "
		      "(foreign keys or untrusted schema not available)"),
		    f->path);
	}
	return true;
}

static bool
open_connection(struct sqlfile *f, struct error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
	int rc = sqlite3_open_v2(f->path, &f->db, flags, NULL);

	if (rc != SQLITE_OK) {
		return error_set(err, _("cannot open the database %s: %s"),
		    f->path,
		    f->db != NULL ? sqlite3_errmsg(f->db) : _("out of memory"));
	}
	if (sqlite3_db_readonly(f->db, "main") == 1) {
		return error_set(err,
		    _("the database %s cannot be written "
		      "(check the permissions of the file and its directory)"),
		    f->path);
	}
	return configure_connection(f, err);
}

/* WAL changes the file header, so it comes after the inspection;
 * synchronous=FULL makes every COMMIT reach the disk before it returns. */
static bool
enable_wal(struct sqlfile *f, struct error *err)
{
	const char *lost = N_("the database was not opened");
	sqlite3_stmt *st = NULL;
	const char *mode;
	bool ok = false;
	int rc =
	    sqlite3_exec(f->db, "PRAGMA synchronous=FULL", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		sqlfile_fail(f, rc, lost, err);
		goto out;
	}
	if (!sqlfile_prepare(f, "PRAGMA journal_mode=WAL", &st, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		sqlfile_fail(f, sqlite3_errcode(f->db), lost, err);
		goto out;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		/* TRANSLATORS: the file, then SQLite's journal mode (delete,
		 * memory...). */
		error_set(err,
		    _("%s: cannot use write-ahead logging (journal "
		      "mode stays %s); put the database on a local disk"),
		    f->path, mode != NULL ? mode : "unknown");
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

static struct sqlfile *
sqlfile_create(
    const char *path, const struct sqlfile_kind *kind, struct error *err)
{
	struct sqlfile *f = calloc(1, sizeof *f);

	if (f != NULL) {
		f->kind = kind;
		f->path = strdup(path);
	}
	if (f == NULL || f->path == NULL) {
		error_set(err, _("out of memory opening %s"), path);
		sqlfile_destroy(f);
		return NULL;
	}
	return f;
}

/* The -wal and -shm files SQLite keeps beside a database. */
struct sidecars {
	char wal[4096], shm[4096];
	bool had_wal, had_shm;
};

static void
sidecars_note(struct sidecars *c, const char *path)
{
	snprintf(c->wal, sizeof c->wal, "%s-wal", path);
	snprintf(c->shm, sizeof c->shm, "%s-shm", path);
	c->had_wal = access(c->wal, F_OK) == 0;
	c->had_shm = access(c->shm, F_OK) == 0;
}

/* After refusing a file, removes the sidecars that merely looking at it
 * created (an empty log and its index), so that it is left as found. */
static void
sidecars_forget_new(const struct sidecars *c)
{
	if (!c->had_wal) {
		unlink(c->wal);
	}
	if (!c->had_shm) {
		unlink(c->shm);
	}
}

/* Until the file is known to be ours, closing must not fold a leftover
 * write-ahead log into it. */
static bool
inspect(struct sqlfile *f, void *ctx, struct error *err)
{
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (!sqlfile_schema_inspect(f, ctx, err)) {
		return false;
	}
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	return true;
}

struct sqlfile *
sqlfile_open(const char *path, const struct sqlfile_kind *kind, void *ctx,
    struct error *err)
{
	struct sqlfile *f = NULL;
	struct sidecars sidecars;
	bool inspected = false;
	bool ok = false;

	if (path == NULL || *path == '\0') {
		error_set(err, _("no database path given"));
		return NULL;
	}
	if (!prepare_file(kind, path, err)) {
		return NULL;
	}
	sidecars_note(&sidecars, path);
	f = sqlfile_create(path, kind, err);
	if (f == NULL || !open_connection(f, err) || !inspect(f, ctx, err)) {
		goto out;
	}
	inspected = true;
	if (!enable_wal(f, err) || !sqlfile_schema_migrate(f, ctx, err)) {
		goto out;
	}
	sqlfile_note_files(f);
	ok = true;
out:
	if (!ok) {
		sqlfile_destroy(f);
		f = NULL;
		if (!inspected) {
			sidecars_forget_new(&sidecars);
		}
	}
	return f;
}

bool
sqlfile_reopen(struct sqlfile *f, struct error *err)
{
	/* The log was checkpointed by the caller: closing must not delete a
	 * -wal that another program may have made at the path since. */
	sqlite3_db_config(f->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	sqlite3_close_v2(f->db);
	f->db = NULL;
	if (!open_connection(f, err) || !enable_wal(f, err)) {
		return false;
	}
	sqlfile_note_files(f);
	return true;
}

void
sqlfile_destroy(struct sqlfile *f)
{
	if (f == NULL) {
		return;
	}
	sqlite3_close_v2(f->db);
	free(f->path);
	free(f);
}

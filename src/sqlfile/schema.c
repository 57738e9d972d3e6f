/*
 * What is checked before a file is trusted, and the migrations that
 * bring an older file up to date (see sqlfile.h).
 *
 * The inspection only reads: the header's application_id and
 * user_version, whether there is any schema at all, PRAGMA quick_check,
 * then the kind's own check().  A file with no mark, no version and no
 * table is new (or empty) and ours to set up.
 *
 * A migration is one SQL script plus the new user_version, run in a single
 * transaction: after a power cut the file is at the old version or at the
 * new one, never between.  A step another process already ran is
 * skipped.  The first step also writes the kind's mark (application_id)
 * and created_at, and calls the kind's create().
 */
#include "sqlfile_impl.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "clock.h"

/* Runs a one-integer query (a pragma, a count); an SQLite result code. */
static int
query_int(struct sqlfile *f, const char *sql, int64_t *value)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(f->db, sql, -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc == SQLITE_ROW) {
		*value = sqlite3_column_int64(st, 0);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static bool
damaged(struct sqlfile *f, const char *why, struct error *err)
{
	/* TRANSLATORS: the file, SQLite's description of the damage (in
	 * English), then what to do (e.g. "keep a copy and restore the
	 * last backup"). */
	return error_set(err,
	    _("%s is damaged (%s); it was left untouched: "
	      "%s"),
	    f->path, why, _(f->kind->damaged_advice));
}

bool
sqlfile_unreadable(struct sqlfile *f, int rc, struct error *err)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_NOTADB) {
		return error_set(err,
		    _("%s is not a %s database (SQLite "
		      "cannot read it); it was left untouched"),
		    f->path, f->kind->program);
	}
	if (primary == SQLITE_CORRUPT) {
		return damaged(f, sqlite3_errstr(rc), err);
	}
	if (primary == SQLITE_BUSY) {
		/* TRANSLATORS: the file, then what to do ("try again"). */
		return error_set(err, _("%s is locked by another program; %s"),
		    f->path, _(f->kind->locked_advice));
	}
	if (sqlite3_system_errno(f->db) == ENOSPC) {
		return error_set_kind(err, ERROR_DISK_FULL,
		    _("cannot open the "
		      "database %s: the disk is full; free some space"),
		    f->path);
	}
	return error_set(err, _("cannot read the database %s: %s"), f->path,
	    sqlite3_errmsg(f->db));
}

/* PRAGMA quick_check: "ok", or the first problem found. */
static bool
quick_check(struct sqlfile *f, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *first;
	bool ok = false;
	int rc =
	    sqlite3_prepare_v2(f->db, "PRAGMA quick_check(1)", -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		sqlfile_unreadable(f, rc, err);
		goto out;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	if (first == NULL || strcmp(first, "ok") != 0) {
		damaged(f, first != NULL ? first : _("no answer"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Decides from the header values whether the file is ours. */
static bool
check_identity(
    struct sqlfile *f, int64_t app, int64_t version, struct error *err)
{
	const struct sqlfile_kind *k = f->kind;

	if ((uint32_t)app != k->application_id) {
		/* TRANSLATORS: the file, the program (parvis), then
		 * nothing or whose database it is (", a kiosk's"). */
		return error_set(err,
		    _("%s is not a %s database (it is the "
		      "SQLite database of another program%s); it was left "
		      "untouched"),
		    f->path, k->program,
		    k->neighbour_id != 0 && (uint32_t)app == k->neighbour_id
		        ? _(k->neighbour)
		        : "");
	}
	if (version > k->version) {
		/* TRANSLATORS: the file, the program (parvis), the version
		 * of the file, the newest this program knows, then what to
		 * do ("update parvis"). */
		return error_set(err,
		    _("%s was written by a newer %s "
		      "(database version %lld, this program knows up to %d); "
		      "%s (the file was left untouched)"),
		    f->path, k->program, (long long)version, k->version,
		    _(k->update_advice));
	}
	if (version < 1) {
		return error_set(err,
		    _("%s is damaged (it has the %s mark but "
		      "no schema); it was left untouched"),
		    f->path, k->program);
	}
	return true;
}

bool
sqlfile_schema_inspect(struct sqlfile *f, void *ctx, struct error *err)
{
	int64_t app = 0, version = 0, objects = 0;
	int rc = query_int(f, "PRAGMA application_id", &app);

	if (rc == SQLITE_OK) {
		rc = query_int(f, "PRAGMA user_version", &version);
	}
	if (rc == SQLITE_OK) {
		rc = query_int(
		    f, "SELECT count(*) FROM sqlite_schema", &objects);
	}
	if (rc != SQLITE_OK) {
		return sqlfile_unreadable(f, rc, err);
	}
	if (app == 0 && version == 0 && objects == 0) {
		f->found_version = 0; /* new, or empty: ours to set up */
		return true;
	}
	if (!check_identity(f, app, version, err) || !quick_check(f, err) ||
	    (f->kind->check != NULL && !f->kind->check(f, ctx, err))) {
		return false;
	}
	f->found_version = (int)version;
	return true;
}

/* What only the first step writes: the mark, the creation time, and
 * whatever the kind adds. */
static bool
write_identity(struct sqlfile *f, void *ctx, struct error *err)
{
	char sql[64];
	char now[25];
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA application_id = %lu",
	    (unsigned long)f->kind->application_id);
	rc = sqlite3_exec(f->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		return sqlfile_fail(
		    f, rc, N_("the database was not created"), err);
	}
	clock_format_iso(clock_now_ms(), now);
	if (!sqlfile_meta_add(f, "created_at", now, err)) {
		return false;
	}
	return f->kind->create == NULL || f->kind->create(f, ctx, err);
}

bool
sqlfile_meta_add(
    struct sqlfile *f, const char *key, const char *value, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!sqlfile_prepare(
	        f, "INSERT INTO meta (key, value) VALUES (?1, ?2)", &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, value, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		sqlfile_fail(f, rc, N_("the database was not created"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Runs the script to version `to` and sets user_version, in the open
 * transaction. */
static int
run_step(struct sqlfile *f, int to)
{
	char sql[64];
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
	rc = sqlite3_exec(f->db, f->kind->migrations[to - 1], NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_exec(f->db, sql, NULL, NULL, NULL);
	}
	return rc;
}

/* Runs the step to version `to` unless another process already did. */
static bool
migrate_step(struct sqlfile *f, void *ctx, int to, struct error *err)
{
	const char *lost = N_("the database was not brought up to date");
	int64_t now_at = 0;
	bool ok = false;
	int rc;

	if (!sqlfile_begin(f, lost, err)) {
		return false;
	}
	rc = query_int(f, "PRAGMA user_version", &now_at);
	if (rc == SQLITE_OK && now_at < to) {
		rc = run_step(f, to);
	} else if (rc == SQLITE_OK) {
		ok = sqlfile_commit(f, lost, err);
		goto out;
	}
	if (rc != SQLITE_OK) {
		sqlfile_fail(f, rc, lost, err);
		goto out;
	}
	if (to == 1 && !write_identity(f, ctx, err)) {
		goto out;
	}
	ok = sqlfile_commit(f, lost, err);
out:
	if (!ok) {
		sqlfile_rollback(f);
	}
	return ok;
}

bool
sqlfile_schema_migrate(struct sqlfile *f, void *ctx, struct error *err)
{
	for (int to = f->found_version + 1; to <= f->kind->version; to++) {
		if (!migrate_step(f, ctx, to, err)) {
			error_prefix(err, "%s", f->path);
			return false;
		}
	}
	return f->kind->check == NULL || f->kind->check(f, ctx, err);
}

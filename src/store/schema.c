/*
 * The database schema, what is checked before a file is trusted, and the
 * migrations that bring an older file up to date.
 *
 * A migration is one SQL script plus the new user_version, run in a single
 * transaction: after a power cut the file is at the old version or at the
 * new one, never between.  Scripts are only ever appended to the list; a
 * script that shipped is never edited.
 *
 * Schema version 1:
 *   meta        key/value facts about the file: kiosk_id, created_at
 *   forms       the exact text of every form version used, with its hash;
 *               rows are never changed or removed (old answers must stay
 *               interpretable forever)
 *   records     the append-only log: seq 1, 2, 3..., the frozen line and
 *               its chain hash; UPDATE and DELETE abort
 *   sync_state  one row: the last seq the collector acknowledged
 */
#include "store_impl.h"

#include <errno.h>

#include <stdio.h>
#include <string.h>

#include "clock.h"

static const char schema_v1[] =
    "CREATE TABLE meta ("
    " key TEXT PRIMARY KEY NOT NULL,"
    " value TEXT NOT NULL) STRICT;"
    "CREATE TABLE forms ("
    " id TEXT NOT NULL,"
    " version INTEGER NOT NULL,"
    " hash TEXT NOT NULL CHECK (length(hash) = 64),"
    " source TEXT NOT NULL,"
    " first_used_at TEXT NOT NULL,"
    " PRIMARY KEY (id, version, hash)) STRICT;"
    "CREATE TRIGGER forms_no_update BEFORE UPDATE ON forms BEGIN"
    " SELECT RAISE(ABORT, 'form texts are kept as they were used'); END;"
    "CREATE TRIGGER forms_no_delete BEFORE DELETE ON forms BEGIN"
    " SELECT RAISE(ABORT, 'form texts are kept as they were used'); END;"
    "CREATE TABLE records ("
    " seq INTEGER PRIMARY KEY CHECK (seq > 0),"
    " uuid TEXT NOT NULL UNIQUE,"
    " type TEXT NOT NULL CHECK (type IN"
    "  ('submission', 'testimony', 'retraction', 'event')),"
    " created_at TEXT NOT NULL,"
    " form_id TEXT,"
    " form_version INTEGER,"
    " form_hash TEXT,"
    " line TEXT NOT NULL,"
    " hash TEXT NOT NULL CHECK (length(hash) = 64),"
    " FOREIGN KEY (form_id, form_version, form_hash)"
    "  REFERENCES forms (id, version, hash)) STRICT;"
    "CREATE INDEX records_by_form ON records (form_id, seq)"
    " WHERE form_id IS NOT NULL;"
    "CREATE INDEX records_by_type ON records (type, seq);"
    "CREATE TRIGGER records_no_update BEFORE UPDATE ON records BEGIN"
    " SELECT RAISE(ABORT, 'records are append-only'); END;"
    "CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN"
    " SELECT RAISE(ABORT, 'records are append-only'); END;"
    "CREATE TABLE sync_state ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " acked_through INTEGER NOT NULL DEFAULT 0 CHECK (acked_through >= 0),"
    " acked_at TEXT) STRICT;"
    "INSERT INTO sync_state (id) VALUES (1);";

/* Index i is the script that takes user_version from i to i + 1. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	schema_v1,
};

/* Runs a one-integer query (a pragma, a count). */
static int
query_int(struct store *s, const char *sql, int64_t *value)
{
	sqlite3_stmt *st = NULL;
	int rc = sqlite3_prepare_v2(s->db, sql, -1, &st, NULL);

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

/* The message for a file SQLite itself says is unreadable. */
static bool
unreadable(struct store *s, int rc, struct error *err)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_NOTADB) {
		return error_set(err, _("%s is not a parvis database (SQLite "
		    "cannot read it); it was left untouched"), s->path);
	}
	if (primary == SQLITE_CORRUPT) {
		/* TRANSLATORS: the file, then SQLite's description of the
		 * damage (in English). */
		return error_set(err, _("%s is damaged (%s); it was left "
		    "untouched: keep a copy for the support and restore the "
		    "last backup"), s->path, sqlite3_errstr(rc));
	}
	if (primary == SQLITE_BUSY) {
		return error_set(err, _("%s is locked by another program; "
		    "close it and try again"), s->path);
	}
	if (sqlite3_system_errno(s->db) == ENOSPC) {
		return error_set_kind(err, ERROR_DISK_FULL, _("cannot open the "
		    "database %s: the disk is full; free some space"), s->path);
	}
	return error_set(err, _("cannot read the database %s: %s"), s->path,
	    sqlite3_errmsg(s->db));
}

/* PRAGMA quick_check: "ok", or the first problem found. */
static bool
quick_check(struct store *s, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *first;
	bool ok = false;
	int rc = sqlite3_prepare_v2(s->db, "PRAGMA quick_check(1)", -1, &st,
	    NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		unreadable(s, rc, err);
		goto out;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	if (first == NULL || strcmp(first, "ok") != 0) {
		error_set(err, _("%s is damaged (%s); it was left untouched: "
		    "keep a copy for the support and restore the last backup"),
		    s->path, first != NULL ? first : _("no answer"));
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* The kiosk id stored at creation must be the one we were given. */
static bool
check_kiosk(struct store *s, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *stored;
	bool ok = false;
	int rc = sqlite3_prepare_v2(s->db, "SELECT value FROM meta WHERE "
	    "key = 'kiosk_id'", -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			error_set(err, _("%s is damaged (no kiosk id in it); "
			    "it was left untouched"), s->path);
		} else {
			unreadable(s, rc, err);
		}
		goto out;
	}
	stored = (const char *)sqlite3_column_text(st, 0);
	if (stored == NULL || strcmp(stored, s->kiosk) != 0) {
		/* TRANSLATORS: the database file, the kiosk id stored in it,
		 * then the id of this kiosk.  "[kiosk] id" is written as in
		 * kiosk.ini. */
		error_set(err, _("%s belongs to kiosk \"%s\", not to \"%s\"; "
		    "check [kiosk] id in kiosk.ini or the database path (the "
		    "file was left untouched)"), s->path,
		    stored != NULL ? stored : "", s->kiosk);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Decides from the header values whether the file is ours. */
static bool
check_identity(struct store *s, int64_t app, int64_t version,
    struct error *err)
{
	if (app != STORE_APPLICATION_ID) {
		return error_set(err, _("%s is not a parvis database (it is "
		    "the SQLite database of another program); it was left "
		    "untouched"), s->path);
	}
	if (version > STORE_SCHEMA_VERSION) {
		return error_set(err, _("%s was written by a newer parvis "
		    "(database version %lld, this program knows up to %d); "
		    "update parvis (the file was left untouched)"), s->path,
		    (long long)version, STORE_SCHEMA_VERSION);
	}
	if (version < 1) {
		return error_set(err, _("%s is damaged (it has the parvis mark "
		    "but no schema); it was left untouched"), s->path);
	}
	return true;
}

bool
store_schema_inspect(struct store *s, struct error *err)
{
	int64_t app = 0, version = 0, objects = 0;
	int rc = query_int(s, "PRAGMA application_id", &app);

	if (rc == SQLITE_OK) {
		rc = query_int(s, "PRAGMA user_version", &version);
	}
	if (rc == SQLITE_OK) {
		rc = query_int(s, "SELECT count(*) FROM sqlite_schema",
		    &objects);
	}
	if (rc != SQLITE_OK) {
		return unreadable(s, rc, err);
	}
	if (app == 0 && version == 0 && objects == 0) {
		s->schema = 0;	/* new, or empty: ours to set up */
		return true;
	}
	if (!check_identity(s, app, version, err) || !quick_check(s, err) ||
	    !check_kiosk(s, err)) {
		return false;
	}
	s->schema = (int)version;
	return true;
}

/* What only the first step writes: our mark and who we are. */
static bool
write_identity(struct store *s, struct error *err)
{
	char sql[64];
	char now[25];
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
	    STORE_APPLICATION_ID);
	rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, N_("the database was not created"), err);
		goto out;
	}
	if (!store_prepare(s, "INSERT INTO meta (key, value) VALUES "
	    "('kiosk_id', ?1), ('created_at', ?2)", &st, err)) {
		goto out;
	}
	clock_format_iso(clock_now_ms(), now);
	sqlite3_bind_text(st, 1, s->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, N_("the database was not created"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Runs the step to version `to` unless another process already did. */
static bool
migrate_step(struct store *s, int to, struct error *err)
{
	const char *lost = N_("the database was not brought up to date");
	char sql[64];
	int64_t now_at = 0;
	bool ok = false;
	int rc;

	if (!store_begin(s, lost, err)) {
		return false;
	}
	rc = query_int(s, "PRAGMA user_version", &now_at);
	if (rc != SQLITE_OK) {
		store_fail(s, rc, lost, err);
		goto out;
	}
	if (now_at >= to) {
		ok = store_commit(s, lost, err);
		goto out;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
	rc = sqlite3_exec(s->db, migrations[to - 1], NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		store_fail(s, rc, lost, err);
		goto out;
	}
	if (to == 1 && !write_identity(s, err)) {
		goto out;
	}
	ok = store_commit(s, lost, err);
out:
	if (!ok) {
		store_rollback(s);
	}
	return ok;
}

bool
store_schema_migrate(struct store *s, struct error *err)
{
	for (int to = s->schema + 1; to <= STORE_SCHEMA_VERSION; to++) {
		if (!migrate_step(s, to, err)) {
			error_prefix(err, "%s", s->path);
			return false;
		}
	}
	return check_kiosk(s, err);
}

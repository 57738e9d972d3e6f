/*
 * The collector's schema, what is checked before a file is trusted, and
 * the migrations that bring an older file up to date.
 *
 * A migration is one SQL script plus the new user_version, run in a single
 * transaction: after a power cut the file is at the old version or at the
 * new one, never between.  Scripts are only ever appended to the list; a
 * script that shipped is never edited.
 *
 * Schema version 1:
 *   meta          key/value facts about the file: created_at
 *   kiosks        one row per enrolled kiosk: its name (the kiosk's
 *                 [kiosk] id), the SHA-256 of its token (never the token),
 *                 when it was enrolled, revoked (final) and last synced
 *   records       every record received, the line byte for byte, keyed by
 *                 (kiosk, seq) and with a unique uuid; hash is the chain
 *                 hash the collector computed; UPDATE and DELETE abort
 *   chain_events  each gap or mismatch noticed in a kiosk's chain, kept
 *                 forever (append-only too)
 *   forms         the published consultation files: id, version, their
 *                 SHA-256 and exact bytes; never changed or removed
 */
#include "db.h"

#include <stdio.h>
#include <string.h>

/* The kiosk's own database (src/store), named when it is opened here by
 * mistake. */
#define KIOSK_APPLICATION_ID 0x50525653

#define APPEND_ONLY(table, why) \
	"CREATE TRIGGER " table "_no_update BEFORE UPDATE ON " table \
	" BEGIN SELECT RAISE(ABORT, '" why "'); END;" \
	"CREATE TRIGGER " table "_no_delete BEFORE DELETE ON " table \
	" BEGIN SELECT RAISE(ABORT, '" why "'); END;"

static const char schema_v1[] =
    "CREATE TABLE meta ("
    " key TEXT PRIMARY KEY NOT NULL,"
    " value TEXT NOT NULL) STRICT;"
    "CREATE TABLE kiosks ("
    " name TEXT PRIMARY KEY NOT NULL CHECK (length(name) BETWEEN 1 AND 64"
    "  AND name NOT GLOB '*[^a-z0-9-]*'),"
    " token_sha256 TEXT NOT NULL UNIQUE CHECK (length(token_sha256) = 64),"
    " enrolled_at TEXT NOT NULL,"
    " revoked_at TEXT,"
    " last_sync_at TEXT) STRICT;"
    "CREATE TRIGGER kiosks_no_delete BEFORE DELETE ON kiosks BEGIN"
    " SELECT RAISE(ABORT, 'kiosks are revoked, never removed'); END;"
    "CREATE TRIGGER kiosks_fixed BEFORE UPDATE ON kiosks"
    " WHEN NEW.name IS NOT OLD.name"
    "  OR NEW.token_sha256 IS NOT OLD.token_sha256"
    "  OR NEW.enrolled_at IS NOT OLD.enrolled_at"
    "  OR (OLD.revoked_at IS NOT NULL"
    "   AND NEW.revoked_at IS NOT OLD.revoked_at) BEGIN"
    " SELECT RAISE(ABORT, 'a kiosk''s name and token are fixed and a"
    " revocation is final'); END;"
    "CREATE TABLE records ("
    " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
    " seq INTEGER NOT NULL CHECK (seq > 0),"
    " uuid TEXT NOT NULL UNIQUE CHECK (length(uuid) = 36),"
    " type TEXT NOT NULL CHECK (type IN"
    "  ('submission', 'testimony', 'retraction', 'event')),"
    " form_id TEXT,"
    " form_version INTEGER,"
    " line TEXT NOT NULL,"
    " hash TEXT NOT NULL CHECK (length(hash) = 64),"
    " received_at TEXT NOT NULL,"
    " PRIMARY KEY (kiosk, seq)) STRICT;"
    "CREATE INDEX records_by_form ON records (form_id, kiosk, seq)"
    " WHERE form_id IS NOT NULL;"
    APPEND_ONLY("records", "records are append-only")
    "CREATE TABLE chain_events ("
    " id INTEGER PRIMARY KEY,"
    " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
    " kind TEXT NOT NULL CHECK (kind IN ('gap', 'mismatch')),"
    " seq_from INTEGER NOT NULL,"
    " seq_to INTEGER NOT NULL CHECK (seq_to >= seq_from),"
    " expected TEXT NOT NULL DEFAULT '',"
    " got TEXT NOT NULL DEFAULT '',"
    " noticed_at TEXT NOT NULL,"
    " UNIQUE (kiosk, kind, seq_from, seq_to, expected, got)) STRICT;"
    APPEND_ONLY("chain_events", "chain events are kept as noticed")
    "CREATE TABLE forms ("
    " id TEXT NOT NULL,"
    " version INTEGER NOT NULL CHECK (version > 0),"
    " sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
    " source BLOB NOT NULL,"
    " published_at TEXT NOT NULL,"
    " PRIMARY KEY (id, version)) STRICT;"
    APPEND_ONLY("forms", "published forms are never changed");

/* Index i is the script that takes user_version from i to i + 1. */
static const char *const migrations[DB_SCHEMA_VERSION] = {
	schema_v1,
};

/* The message for a file SQLite itself says is unreadable. */
static bool
unreadable(struct db *d, int rc, struct error *err)
{
	int primary = rc & 0xff;

	if (primary == SQLITE_NOTADB) {
		return error_set(err, "%s is not a parvis-collect database "
		    "(SQLite cannot read it); it was left untouched", d->path);
	}
	if (primary == SQLITE_CORRUPT) {
		return error_set(err, "%s is damaged (%s); it was left "
		    "untouched: keep a copy and restore the last backup",
		    d->path, sqlite3_errstr(rc));
	}
	if (primary == SQLITE_BUSY) {
		return error_set(err, "%s is locked by another program; try "
		    "again", d->path);
	}
	return error_set(err, "cannot read the database %s: %s", d->path,
	    sqlite3_errmsg(d->h));
}

/* PRAGMA quick_check: "ok", or the first problem found. */
static bool
quick_check(struct db *d, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *first;
	bool ok = false;
	int rc = sqlite3_prepare_v2(d->h, "PRAGMA quick_check(1)", -1, &st,
	    NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		unreadable(d, rc, err);
		goto out;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	if (first == NULL || strcmp(first, "ok") != 0) {
		error_set(err, "%s is damaged (%s); it was left untouched: "
		    "keep a copy and restore the last backup", d->path,
		    first != NULL ? first : "no answer");
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Decides from the header values whether the file is ours. */
static bool
check_identity(struct db *d, int64_t app, int64_t version,
    struct error *err)
{
	if (app != DB_APPLICATION_ID) {
		return error_set(err, "%s is not a parvis-collect database (it "
		    "is the SQLite database of another program%s); it was "
		    "left untouched", d->path, app == KIOSK_APPLICATION_ID ?
		    ", a kiosk's" : "");
	}
	if (version > DB_SCHEMA_VERSION) {
		return error_set(err, "%s was written by a newer "
		    "parvis-collect (database version %lld, this program "
		    "knows up to %d); update it (the file was left untouched)",
		    d->path, (long long)version, DB_SCHEMA_VERSION);
	}
	if (version < 1) {
		return error_set(err, "%s is damaged (it has the "
		    "parvis-collect mark but no schema); it was left "
		    "untouched", d->path);
	}
	return true;
}

bool
db_schema_inspect(struct db *d, struct error *err)
{
	int64_t app = 0, version = 0, objects = 0;
	struct error e;

	if (!db_int(d, "PRAGMA application_id", &app, &e) ||
	    !db_int(d, "PRAGMA user_version", &version, &e) ||
	    !db_int(d, "SELECT count(*) FROM sqlite_schema", &objects, &e)) {
		return unreadable(d, d->last_rc, err);
	}
	if (app == 0 && version == 0 && objects == 0) {
		d->schema = 0;	/* new, or empty: ours to set up */
		return true;
	}
	if (!check_identity(d, app, version, err) || !quick_check(d, err)) {
		return false;
	}
	d->schema = (int)version;
	return true;
}

/* What only the first step writes: our mark and the creation time. */
static bool
write_identity(struct db *d, struct error *err)
{
	const char *lost = "the database was not created";
	sqlite3_stmt *st = NULL;
	char sql[64];
	char now[25];
	bool ok = false;
	int rc;

	snprintf(sql, sizeof sql, "PRAGMA application_id = %d",
	    DB_APPLICATION_ID);
	rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
	if (rc != SQLITE_OK) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	if (!db_prepare(d, "INSERT INTO meta (key, value) VALUES "
	    "('created_at', ?1)", &st, err)) {
		goto out;
	}
	db_now(now);
	sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Runs the step to version `to` unless another process already did. */
static bool
migrate_step(struct db *d, int to, struct error *err)
{
	const char *lost = "the database was not brought up to date";
	char sql[64];
	int64_t now_at = 0;
	bool ok = false;
	int rc;

	if (!db_begin(d, lost, err)) {
		return false;
	}
	if (!db_int(d, "PRAGMA user_version", &now_at, err)) {
		goto out;
	}
	if (now_at >= to) {
		ok = db_commit(d, lost, err);
		goto out;
	}
	snprintf(sql, sizeof sql, "PRAGMA user_version = %d", to);
	rc = sqlite3_exec(d->h, migrations[to - 1], NULL, NULL, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_exec(d->h, sql, NULL, NULL, NULL);
	}
	if (rc != SQLITE_OK) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	if (to == 1 && !write_identity(d, err)) {
		goto out;
	}
	ok = db_commit(d, lost, err);
out:
	if (!ok) {
		db_rollback(d);
	}
	return ok;
}

bool
db_schema_migrate(struct db *d, struct error *err)
{
	for (int to = d->schema + 1; to <= DB_SCHEMA_VERSION; to++) {
		if (!migrate_step(d, to, err)) {
			error_prefix(err, "%s", d->path);
			return false;
		}
	}
	return true;
}

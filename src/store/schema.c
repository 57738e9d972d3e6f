/*
 * The kiosk's database as a kind of sqlfile (src/sqlfile): its schema,
 * its mark, the words of its refusals, and the kiosk id written in it at
 * creation and checked at every open.
 *
 * A migration is one SQL script plus the new user_version, run by sqlfile
 * in a single transaction.  Scripts are only ever appended to the list; a
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
 *
 * Schema version 2:
 *   verbatims   FTS5 index of the public text of records (testimony words,
 *               string answers and "other" texts of submissions), accents
 *               folded; rows are added with their record, in the same
 *               transaction (verbatims.c), and the records already there
 *               are indexed by the migration
 *
 * Schema version 3:
 *   chain_check one row: the last link the kiosk's own check of its hash
 *               chain verified (seq and hash), where the next check starts
 *
 * Schema version 4 (retention, purge.c):
 *   chain_base  one row: the kept link, the seq and hash of the last
 *               record a purge removed (0 and the genesis before any);
 *               the chain goes on from it.  It only moves forward, and
 *               only inside a purge
 *   purge_window  empty but within store_purge()'s own transaction,
 *               where one row says through which seq records may go
 *   records     DELETE now aborts unless the record is inside the purge
 *               window and acknowledged by the collector; UPDATE still
 *               always aborts
 */
#include "store_impl.h"

#include <string.h>

#include "record.h"

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

static const char schema_v2[] =
    "CREATE VIRTUAL TABLE verbatims USING fts5("
    " text, kind UNINDEXED, seq UNINDEXED, qid UNINDEXED,"
    " tokenize = 'unicode61 remove_diacritics 2');"
    "INSERT INTO verbatims (text, kind, seq, qid)"
    " SELECT json_extract(line, '$.payload.words'), 'testimony', seq, NULL"
    " FROM records WHERE type = 'testimony'"
    " AND json_type(line, '$.payload.words') = 'text'"
    " UNION ALL SELECT j.value, 'answer', r.seq, j.key"
    " FROM records r, json_each(r.line, '$.payload.answers') j"
    " WHERE r.type = 'submission' AND j.type = 'text'"
    " UNION ALL SELECT j.value, 'other', r.seq, j.key"
    " FROM records r, json_each(r.line, '$.payload.other') j"
    " WHERE r.type = 'submission' AND j.type = 'text';";

/* The kiosk's own check of its chain (chain.c) starts from the last link
 * it verified: a database of an older parvis starts from the first. */
static const char schema_v3[] =
    "CREATE TABLE chain_check ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " verified_seq INTEGER NOT NULL DEFAULT 0 CHECK (verified_seq >= 0),"
    " verified_hash TEXT NOT NULL DEFAULT '" RECORD_GENESIS "'"
    "  CHECK (length(verified_hash) = 64),"
    " checked_at TEXT) STRICT;"
    "INSERT INTO chain_check (id) VALUES (1);";

/* Retention (purge.c): the one way a record leaves.  The guard is a
 * table of the main schema, not a TEMP one: a trigger of the main schema
 * cannot see TEMP tables.  store_purge() fills purge_window and empties
 * it again before its COMMIT, so that outside that transaction the
 * window is always empty and every DELETE aborts.  The trigger of
 * schema 1 is replaced (IF EXISTS: someone may have dropped it). */
static const char schema_v4[] =
    "CREATE TABLE purge_window ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " through_seq INTEGER NOT NULL CHECK (through_seq > 0)) STRICT;"
    "DROP TRIGGER IF EXISTS records_no_delete;"
    "CREATE TRIGGER records_no_delete BEFORE DELETE ON records"
    " WHEN NOT EXISTS (SELECT 1 FROM purge_window w, sync_state a"
    "  WHERE OLD.seq <= w.through_seq AND OLD.seq <= a.acked_through)"
    " BEGIN SELECT RAISE(ABORT, 'records are append-only'); END;"
    "CREATE TABLE chain_base ("
    " id INTEGER PRIMARY KEY CHECK (id = 1),"
    " seq INTEGER NOT NULL DEFAULT 0 CHECK (seq >= 0),"
    " hash TEXT NOT NULL DEFAULT '" RECORD_GENESIS "'"
    "  CHECK (length(hash) = 64),"
    " purged_at TEXT) STRICT;"
    "INSERT INTO chain_base (id) VALUES (1);"
    "CREATE TRIGGER chain_base_forward BEFORE UPDATE ON chain_base"
    " WHEN NEW.seq < OLD.seq OR NOT EXISTS (SELECT 1 FROM purge_window"
    "  WHERE through_seq = NEW.seq)"
    " BEGIN SELECT RAISE(ABORT, 'the kept link moves only with a purge');"
    " END;"
    "CREATE TRIGGER chain_base_no_delete BEFORE DELETE ON chain_base BEGIN"
    " SELECT RAISE(ABORT, 'the kept link moves only with a purge'); END;";

/* Index i is the script that takes user_version from i to i + 1. */
static const char *const migrations[STORE_SCHEMA_VERSION] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
};

/* The kiosk id stored at creation must be the one we were given. */
static bool
check_kiosk(struct sqlfile *f, void *ctx, struct error *err)
{
	const struct store *s = ctx;
	sqlite3_stmt *st = NULL;
	const char *stored;
	bool ok = false;
	int rc = sqlite3_prepare_v2(f->db,
	    "SELECT value FROM meta WHERE "
	    "key = 'kiosk_id'",
	    -1, &st, NULL);

	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_ROW) {
		if (rc == SQLITE_DONE) {
			error_set(err,
			    _("%s is damaged (no kiosk id in it); "
			      "it was left untouched"),
			    f->path);
		} else {
			sqlfile_unreadable(f, rc, err);
		}
		goto out;
	}
	stored = (const char *)sqlite3_column_text(st, 0);
	if (stored == NULL || strcmp(stored, s->kiosk) != 0) {
		/* TRANSLATORS: the database file, the kiosk id stored in it,
		 * then the id of this kiosk.  "[kiosk] id" is written as in
		 * kiosk.ini. */
		error_set(err,
		    _("%s belongs to kiosk \"%s\", not to \"%s\"; "
		      "check [kiosk] id in kiosk.ini or the database path (the "
		      "file was left untouched)"),
		    f->path, stored != NULL ? stored : "", s->kiosk);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* What the first step adds to sqlfile's mark: who we are. */
static bool
write_kiosk(struct sqlfile *f, void *ctx, struct error *err)
{
	const struct store *s = ctx;

	return sqlfile_meta_add(f, "kiosk_id", s->kiosk, err);
}

const struct sqlfile_kind store_file_kind = {
	.program = "parvis",
	.application_id = STORE_APPLICATION_ID,
	.version = STORE_SCHEMA_VERSION,
	.migrations = migrations,
	.busy_timeout_ms = 5000,
	.damaged_advice = N_("keep a copy for the support and restore the "
	                     "last backup"),
	.locked_advice = N_("close it and try again"),
	.update_advice = N_("update parvis"),
	.create = write_kiosk,
	.check = check_kiosk,
};

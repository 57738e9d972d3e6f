/*
 * The collector's database as a kind of sqlfile (src/sqlfile): its schema,
 * its mark and the words of its refusals; opening and closing it.
 *
 * A migration is one SQL script plus the new user_version, run by sqlfile
 * in a single transaction.  Scripts are only ever appended to the list; a
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
 *
 * Schema version 2: kiosks.token_rotated_at, and a kiosk's token may be
 * replaced (`kiosk rotate`) until the kiosk is revoked.
 *
 * Schema version 3 (issue "nothing lost, nothing forged"):
 *   records       get an id; a uuid is unique per kiosk only, and a
 *                 (kiosk, seq) or (kiosk, uuid) may be held twice, with
 *                 other bytes: the second version is kept, not refused,
 *                 and both go into quarantine
 *   quarantine    the records left out of every result and export until
 *                 an admin decides, with the reason (conflict, the same
 *                 uuid under another kiosk, a chain that does not hold)
 *   quarantine_decisions  each decision (accept or reject), final
 *   chain_events  rebuilt: kinds conflict and impostor too, and why (the
 *                 kiosk's own word for a hole it declared)
 *   chain_links   hashes the collector holds for a kiosk's seq without
 *                 (or beside) the record: the kiosk's claimed last_hash of
 *                 each batch, the hash after a declared hole
 *   acks          each `kiosk ack`: the chain events seen up to then
 *   counted_records  the view every result and export reads: records
 *                 not in quarantine, or accepted from it
 *
 * Schema version 4 (retention):
 *   purge_window  a row only while `purge` erases (purge.c): the one
 *                 time the append-only triggers of records, quarantine
 *                 and quarantine_decisions let rows go
 *   purged        what is left of an erased record: kiosk, seq, uuid and
 *                 chain hash (no answer), so its chain still links, its
 *                 seq is no gap, and a copy sent again is a duplicate
 *   purges        each purge: when, and how many records of which
 *                 consultation, past how many days
 */
#include "db.h"

#include <stdlib.h>

#include "clock.h"

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
    " WHERE form_id IS NOT NULL;" APPEND_ONLY("records",
        "records are append-only") "CREATE TABLE chain_events ("
                                   " id INTEGER PRIMARY KEY,"
                                   " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
                                   " kind TEXT NOT NULL CHECK (kind IN ('gap', 'mismatch')),"
                                   " seq_from INTEGER NOT NULL,"
                                   " seq_to INTEGER NOT NULL CHECK (seq_to >= seq_from),"
                                   " expected TEXT NOT NULL DEFAULT '',"
                                   " got TEXT NOT NULL DEFAULT '',"
                                   " noticed_at TEXT NOT NULL,"
                                   " UNIQUE (kiosk, kind, seq_from, seq_to, expected, got)) STRICT;" APPEND_ONLY(
                                       "chain_events",
                                       "chain events are kept as noticed") "CREATE TABLE forms ("
                                                                           " id TEXT NOT NULL,"
                                                                           " version INTEGER NOT NULL CHECK (version > 0),"
                                                                           " sha256 TEXT NOT NULL CHECK (length(sha256) = 64),"
                                                                           " source BLOB NOT NULL,"
                                                                           " published_at TEXT NOT NULL,"
                                                                           " PRIMARY KEY (id, version)) STRICT;" APPEND_ONLY(
                                                                               "forms",
                                                                               "published forms are never changed");

/* Version 2: a kiosk's token can be replaced (`kiosk rotate`) while the
 * kiosk is not revoked, and when it last was is kept. */
static const char schema_v2[] =
    "DROP TRIGGER kiosks_fixed;"
    "ALTER TABLE kiosks ADD COLUMN token_rotated_at TEXT;"
    "CREATE TRIGGER kiosks_fixed BEFORE UPDATE ON kiosks"
    " WHEN NEW.name IS NOT OLD.name"
    "  OR NEW.enrolled_at IS NOT OLD.enrolled_at"
    "  OR (OLD.revoked_at IS NOT NULL"
    "   AND (NEW.token_sha256 IS NOT OLD.token_sha256"
    "    OR NEW.revoked_at IS NOT OLD.revoked_at)) BEGIN"
    " SELECT RAISE(ABORT, 'a kiosk''s name is fixed and a revocation is"
    " final'); END;";

/* Version 3: records scoped by kiosk and kept when they conflict, the
 * quarantine and its decisions, events of every kind, the hashes held
 * without a record, acknowledgements, and the view of what counts. */
static const char schema_v3[] =
    "DROP TRIGGER records_no_update;"
    "DROP TRIGGER records_no_delete;"
    "DROP INDEX records_by_form;"
    "ALTER TABLE records RENAME TO records_v2;"
    "CREATE TABLE records ("
    " id INTEGER PRIMARY KEY,"
    " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
    " seq INTEGER NOT NULL CHECK (seq > 0),"
    " uuid TEXT NOT NULL CHECK (length(uuid) = 36),"
    " type TEXT NOT NULL CHECK (type IN"
    "  ('submission', 'testimony', 'retraction', 'event')),"
    " form_id TEXT,"
    " form_version INTEGER,"
    " line TEXT NOT NULL,"
    " hash TEXT NOT NULL CHECK (length(hash) = 64),"
    " received_at TEXT NOT NULL) STRICT;"
    "INSERT INTO records (id, kiosk, seq, uuid, type, form_id,"
    " form_version, line, hash, received_at)"
    " SELECT rowid, kiosk, seq, uuid, type, form_id, form_version, line,"
    " hash, received_at FROM records_v2 ORDER BY rowid;"
    "DROP TABLE records_v2;"
    "CREATE INDEX records_by_seq ON records (kiosk, seq);"
    "CREATE INDEX records_by_uuid ON records (uuid);"
    "CREATE INDEX records_by_form ON records (form_id, kiosk, seq)"
    " WHERE form_id IS NOT NULL;" APPEND_ONLY(
        "records", "records are append-only") "CREATE TABLE quarantine ("
                                              " record_id INTEGER PRIMARY KEY REFERENCES records (id),"
                                              " reason TEXT NOT NULL CHECK (reason IN"
                                              "  ('conflict', 'impostor', 'chain')),"
                                              " detail TEXT NOT NULL,"
                                              " noticed_at TEXT NOT NULL) STRICT;" APPEND_ONLY(
                                                  "quarantine",
                                                  "the quarantine is decided, never edited") "CREATE TABLE quarantine_decisions ("
                                                                                             " record_id INTEGER PRIMARY KEY REFERENCES quarantine (record_id),"
                                                                                             " decision TEXT NOT NULL CHECK (decision IN ('accept', 'reject')),"
                                                                                             " note TEXT NOT NULL,"
                                                                                             " decided_at TEXT NOT NULL) STRICT;" APPEND_ONLY(
                                                                                                 "quarantine_decisions", "a decision is final") "DROP TRIGGER chain_events_no_update;"
                                                                                                                                                "DROP TRIGGER chain_events_no_delete;"
                                                                                                                                                "ALTER TABLE chain_events RENAME TO chain_events_v2;"
                                                                                                                                                "CREATE TABLE chain_events ("
                                                                                                                                                " id INTEGER PRIMARY KEY,"
                                                                                                                                                " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
                                                                                                                                                " kind TEXT NOT NULL CHECK (kind IN"
                                                                                                                                                "  ('gap', 'mismatch', 'conflict', 'impostor')),"
                                                                                                                                                " seq_from INTEGER NOT NULL,"
                                                                                                                                                " seq_to INTEGER NOT NULL CHECK (seq_to >= seq_from),"
                                                                                                                                                " expected TEXT NOT NULL DEFAULT '',"
                                                                                                                                                " got TEXT NOT NULL DEFAULT '',"
                                                                                                                                                " why TEXT NOT NULL DEFAULT '',"
                                                                                                                                                " noticed_at TEXT NOT NULL,"
                                                                                                                                                " UNIQUE (kiosk, kind, seq_from, seq_to, expected, got)) STRICT;"
                                                                                                                                                "INSERT INTO chain_events (id, kiosk, kind, seq_from, seq_to,"
                                                                                                                                                " expected, got, noticed_at) SELECT id, kiosk, kind, seq_from, seq_to,"
                                                                                                                                                " expected, got, noticed_at FROM chain_events_v2 ORDER BY id;"
                                                                                                                                                "DROP TABLE chain_events_v2;" APPEND_ONLY("chain_events", "chain events are kept as noticed") "CREATE TABLE chain_links ("
                                                                                                                                                                                                                                              " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
                                                                                                                                                                                                                                              " seq INTEGER NOT NULL CHECK (seq >= 0),"
                                                                                                                                                                                                                                              " hash TEXT NOT NULL CHECK (length(hash) = 64),"
                                                                                                                                                                                                                                              " source TEXT NOT NULL CHECK (source IN ('batch', 'hole', 'purge')),"
                                                                                                                                                                                                                                              " PRIMARY KEY (kiosk, seq, hash)) STRICT;"
                                                                                                                                                                                                                                              "CREATE TABLE acks ("
                                                                                                                                                                                                                                              " id INTEGER PRIMARY KEY,"
                                                                                                                                                                                                                                              " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
                                                                                                                                                                                                                                              " through_event INTEGER NOT NULL,"
                                                                                                                                                                                                                                              " acked_at TEXT NOT NULL) STRICT;" APPEND_ONLY(
                                                                                                                                                                                                                                                  "acks",
                                                                                                                                                                                                                                                  "acknowledgements are kept") "CREATE VIEW counted_records AS SELECT r.* FROM records r"
                                                                                                                                                                                                                                                                               " WHERE NOT EXISTS (SELECT 1 FROM quarantine q WHERE q.record_id = r.id)"
                                                                                                                                                                                                                                                                               " OR EXISTS (SELECT 1 FROM quarantine_decisions d"
                                                                                                                                                                                                                                                                               "  WHERE d.record_id = r.id AND d.decision = 'accept');";

/* Version 4: retention.  The append-only triggers let rows go only while
 * purge_window has its row, which only purge.c writes. */
#define PURGEABLE(table, why) \
	"DROP TRIGGER " table "_no_delete;" \
	"CREATE TRIGGER " table "_no_delete BEFORE DELETE ON " table \
	" WHEN NOT EXISTS (SELECT 1 FROM purge_window) BEGIN" \
	" SELECT RAISE(ABORT, '" why "'); END;"

static const char schema_v4[] =
    "CREATE TABLE purge_window ("
    " id INTEGER PRIMARY KEY CHECK (id = 1)) STRICT;" PURGEABLE("records",
        "records are append-only (parvis-collect purge alone erases them)") PURGEABLE("quarantine",
        "the quarantine is decided, never edited") PURGEABLE("quarantine_decisions",
        "a decision is final") "CREATE TABLE purged ("
                               " kiosk TEXT NOT NULL REFERENCES kiosks (name),"
                               " seq INTEGER NOT NULL CHECK (seq > 0),"
                               " uuid TEXT NOT NULL CHECK (length(uuid) = 36),"
                               " hash TEXT NOT NULL CHECK (length(hash) = 64),"
                               " purged_at TEXT NOT NULL) STRICT;"
                               "CREATE INDEX purged_by_seq ON purged (kiosk, seq);" APPEND_ONLY(
                                   "purged",
                                   "what is left of an erased record stays") "CREATE TABLE purges ("
                                                                             " id INTEGER PRIMARY KEY,"
                                                                             " purged_at TEXT NOT NULL,"
                                                                             " records INTEGER NOT NULL,"
                                                                             " detail TEXT NOT NULL) STRICT;" APPEND_ONLY(
                                                                                 "purges",
                                                                                 "the purges are kept as done");

/* Index i is the script that takes user_version from i to i + 1. */
static const char *const migrations[DB_SCHEMA_VERSION] = {
	schema_v1,
	schema_v2,
	schema_v3,
	schema_v4,
};

static const struct sqlfile_kind collect_kind = {
	.program = "parvis-collect",
	.application_id = DB_APPLICATION_ID,
	.version = DB_SCHEMA_VERSION,
	.migrations = migrations,
	.busy_timeout_ms = 10000,
	.damaged_advice = "keep a copy and restore the last backup",
	.locked_advice = "try again",
	.update_advice = "update it",
	.neighbour_id = KIOSK_APPLICATION_ID,
	.neighbour = ", a kiosk's",
};

struct db *
db_open(const char *path, struct error *err)
{
	struct db *d = calloc(1, sizeof *d);

	if (d == NULL) {
		error_set(err, "out of memory opening %s", path);
		return NULL;
	}
	d->file = sqlfile_open(path, &collect_kind, NULL, err);
	if (d->file == NULL) {
		free(d);
		return NULL;
	}
	d->h = d->file->db;
	d->path = d->file->path;
	return d;
}

void
db_destroy(struct db *d)
{
	if (d == NULL) {
		return;
	}
	sqlfile_destroy(d->file);
	free(d);
}

void
db_now(char out[25])
{
	clock_format_iso(clock_now_ms(), out);
}

/*
 * Writing records: the append step shared by every record type, and
 * store_append() for the types other than submissions.
 *
 * Every write is BEGIN IMMEDIATE ... COMMIT on one connection with
 * synchronous=FULL in WAL mode: when COMMIT returns, the record is on the
 * disk; when anything fails, ROLLBACK leaves the file as it was.  The
 * sequence number and the previous hash are read inside the transaction,
 * so two parvis processes (the kiosk and a timer's `parvis sync`) can both
 * append without breaking the chain.
 */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "events.h"
#include "ids.h"
#include "record.h"
#include "utf8.h"

/* The last record's seq and hash; with no record, the kept link of the
 * last purge (chain_base: 0 and RECORD_GENESIS before any). */
static bool
chain_tail(struct store *s, const char *lost, int64_t *seq, char hash[65],
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*seq = 0;
	memcpy(hash, RECORD_GENESIS, 65);
	if (!store_cached(s,
	        "SELECT seq, hash FROM (SELECT seq, hash FROM records "
	        "ORDER BY seq DESC LIMIT 1) UNION ALL SELECT seq, hash FROM "
	        "chain_base WHERE id = 1 ORDER BY seq DESC LIMIT 1",
	        &st, err)) {
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && sqlite3_column_bytes(st, 1) == 64) {
		*seq = sqlite3_column_int64(st, 0);
		memcpy(hash, sqlite3_column_text(st, 1), 64);
		hash[64] = '\0';
	} else if (rc == SQLITE_ROW) {
		error_set(err, _("%s: record %lld has a malformed hash"),
		    _(lost), (long long)sqlite3_column_int64(st, 0));
		goto out;
	} else if (rc != SQLITE_DONE) {
		store_fail(s, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	store_done(st);
	return ok;
}

static void
bind_optional(sqlite3_stmt *st, int i, const char *text)
{
	if (text != NULL) {
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, i);
	}
}

static bool
insert_record(struct store *s, const struct store_new_record *r,
    const struct record_meta *meta, const char *line, const char *hash,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_cached(s,
	        "INSERT INTO records (seq, uuid, type, "
	        "created_at, form_id, form_version, form_hash, line, hash) "
	        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, meta->seq);
	sqlite3_bind_text(st, 2, meta->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, meta->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, meta->created_at, -1, SQLITE_STATIC);
	bind_optional(st, 5, r->form_id);
	if (r->form_id != NULL) {
		sqlite3_bind_int64(st, 6, r->form_version);
	}
	bind_optional(st, 7, r->form_id != NULL ? r->form_hash : NULL);
	sqlite3_bind_text(st, 8, line, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, r->lost, err);
		goto out;
	}
	ok = true;
out:
	store_done(st);
	return ok;
}

/* The site name, sanitised again: animators type it. */
static bool
clean_site(const struct store_new_record *r, char **site, struct error *err)
{
	*site = NULL;
	if (r->site == NULL) {
		return true;
	}
	*site = utf8_sanitize(r->site, strlen(r->site), 0);
	if (*site == NULL) {
		return error_set(err, _("out of memory: %s"), _(r->lost));
	}
	return true;
}

bool
store_append_in_tx(struct store *s, const struct store_new_record *r,
    struct store_written *out, struct error *err)
{
	struct record_meta meta = {
		.kiosk = s->kiosk,
		.type = r->type,
		.mode = r->mode,
	};
	char uuid[IDS_UUID_LEN + 1], created[25], prev[65], hash[65];
	char *line = NULL, *site = NULL;
	bool ok = false;

	if (!clean_site(r, &site, err) ||
	    !chain_tail(s, r->lost, &meta.seq, prev, err)) {
		goto out;
	}
	meta.site = site;
	meta.seq++;
	ids_uuid(uuid);
	meta.uuid = uuid;
	clock_format_iso(r->created_ms, created);
	meta.created_at = created;
	if (!record_freeze(s->db, &meta, r->payload, &line, err)) {
		error_prefix(err, "%s", _(r->lost));
		goto out;
	}
	record_chain_hash(prev, line, strlen(line), hash);
	if (!insert_record(s, r, &meta, line, hash, err) ||
	    !store_verbatims_index_in_tx(s, meta.seq, r->lost, err)) {
		goto out;
	}
	if (out != NULL) {
		memcpy(out->uuid, uuid, sizeof out->uuid);
		out->seq = meta.seq;
		memcpy(out->hash, hash, sizeof out->hash);
	}
	ok = true;
out:
	free(line);
	free(site);
	return ok;
}

/* Keeps the exact text of form version f (its SHA-256 hash, hex) in the
 * forms table, once, inside the caller's open transaction: the records
 * that name it stay interpretable forever. */
static bool
remember_form_in_tx(struct store *s, const struct form *f, const char *hash,
    const char *lost, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char now[25];
	bool ok = false;
	int rc;

	if (!store_cached(s,
	        "INSERT INTO forms (id, version, hash, source, "
	        "first_used_at) VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT DO "
	        "NOTHING",
	        &st, err)) {
		goto out;
	}
	clock_format_iso(clock_now_ms(), now);
	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->version);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, f->source, (int)f->source_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	store_done(st);
	return ok;
}

static bool
check_append(const char *type, const char *mode, const char *payload_json,
    struct error *err)
{
	if (type == NULL ||
	    (strcmp(type, RECORD_EVENT) != 0 &&
	        strcmp(type, RECORD_TESTIMONY) != 0 &&
	        strcmp(type, RECORD_RETRACTION) != 0)) {
		return error_set(err,
		    "%s: \"%s\" is not a record type for "
		    "store_append (event, testimony or retraction)",
		    STORE_LOST_RECORD, type != NULL ? type : "(none)");
	}
	if (!store_mode_valid(mode)) {
		return error_set(err,
		    "%s: mode \"%s\" is neither self nor "
		    "volunteer",
		    STORE_LOST_RECORD, mode != NULL ? mode : "");
	}
	if (payload_json == NULL) {
		return error_set(err, "%s: no payload", STORE_LOST_RECORD);
	}
	return true;
}

/* json_valid() then json_type() say whether payload is a JSON object
 * (CASE, because json_type() stops the query on malformed JSON). */
static bool
check_payload(struct store *s, const char *payload, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_cached(s,
	        "SELECT CASE WHEN json_valid(?1) THEN "
	        "json_type(?1) = 'object' ELSE 0 END",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, payload, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), STORE_LOST_RECORD, err);
		goto out;
	}
	if (sqlite3_column_int(st, 0) != 1) {
		error_set(err, "%s: its payload is not a JSON object",
		    STORE_LOST_RECORD);
		goto out;
	}
	ok = true;
out:
	store_done(st);
	return ok;
}

bool
store_append(struct store *s, const char *type, const char *site,
    const char *mode, const char *payload_json, struct store_written *out,
    struct error *err)
{
	struct store_new_record r = {
		.type = type,
		.site = site,
		.mode = mode,
		.payload = payload_json,
		.created_ms = clock_now_ms(),
		.lost = STORE_LOST_RECORD,
	};

	return check_append(type, mode, payload_json, err) &&
	    check_payload(s, payload_json, err) &&
	    store_write_record(s, &r, NULL, out, err);
}

/* Whether record uuid is in the database file on disk. */
static bool
record_there(struct store *s, const char *uuid)
{
	sqlite3_stmt *st = NULL;
	bool there = false;

	if (store_prepare(
	        s, "SELECT 1 FROM records WHERE uuid = ?1", &st, NULL)) {
		sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
		there = sqlite3_step(st) == SQLITE_ROW;
	}
	sqlite3_finalize(st);
	return there;
}

/* After COMMIT: what was committed must be where the next start finds it
 * (the database file or its log may have been deleted under the kiosk,
 * see sqlfile.h).  Rescued when it can be, the record w checked there
 * again; otherwise false, with a message naming the file. */
static bool
keep_reachable(struct store *s, const struct store_written *w, const char *lost,
    struct error *err)
{
	enum sqlfile_reach reach = sqlfile_reachable(s->file);

	if (reach == SQLFILE_REACHABLE) {
		return true;
	}
	store_finalize_cache(s);
	if (!sqlfile_rescue(s->file, reach, err)) {
		s->db = s->file->db;
		error_prefix(err, "%s", _(lost));
		err->kind = ERROR_FILE_GONE;
		return false;
	}
	s->db = s->file->db;
	s->rescued = reach;
	if (!record_there(s, w->uuid)) {
		return error_set_kind(err, ERROR_FILE_GONE,
		    _("%s: the database %s was deleted while the kiosk was "
		      "running, and could not be written again"),
		    _(lost), s->path);
	}
	/* In the log book too; a failure here loses nothing collected. */
	store_event(s, NULL, "file_rescued", "what",
	    reach == SQLFILE_WAL_GONE ? "wal" : "database", NULL);
	return true;
}

bool
store_write_record(struct store *s, const struct store_new_record *r,
    const struct form *form, struct store_written *out, struct error *err)
{
	struct store_written w;
	bool ok = store_begin(s, r->lost, err) &&
	    (form == NULL ||
	        remember_form_in_tx(s, form, r->form_hash, r->lost, err)) &&
	    store_append_in_tx(s, r, &w, err) && store_commit(s, r->lost, err);

	if (!ok) {
		store_rollback(s);
		return false;
	}
	if (out != NULL) {
		*out = w;
	}
	return keep_reachable(s, &w, r->lost, err);
}

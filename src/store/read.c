/*
 * Reading the log back: counts, the integrity check, the lines in order
 * and their stored hashes (for sync and bundles), the kept link a purge
 * leaves (purge.c) and the last seq, the stored form texts, and the sync
 * state kept beside the records.  The hash chain is checked in chain.c.
 */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "record.h"

#define LOST_READ N_("the database could not be read")

int64_t
store_count(struct store *s, const char *type)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (!store_prepare(s,
	        "SELECT count(*) FROM records WHERE ?1 IS NULL "
	        "OR type = ?1",
	        &st, NULL)) {
		goto out;
	}
	if (type != NULL) {
		sqlite3_bind_text(st, 1, type, -1, SQLITE_STATIC);
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
out:
	sqlite3_finalize(st);
	return n;
}

bool
store_integrity_check(struct store *s, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *first;
	bool ok = false;

	if (!store_prepare(s, "PRAGMA integrity_check(1)", &st, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), LOST_READ, err);
		goto out;
	}
	first = (const char *)sqlite3_column_text(st, 0);
	if (first == NULL || strcmp(first, "ok") != 0) {
		error_set(err, _("%s is damaged: %s"), s->path,
		    first != NULL ? first : _("no answer from the check"));
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_each_record(struct store *s, int64_t after_seq, int64_t limit,
    store_record_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s,
	        "SELECT seq, line, hash, CASE WHEN json_valid(line) THEN"
	        " json_extract(line, '$.seq') IS seq"
	        " AND json_extract(line, '$.uuid') IS uuid"
	        " AND json_extract(line, '$.kiosk') IS ?3 ELSE 0 END"
	        " FROM records WHERE seq > ?1 ORDER BY seq LIMIT ?2",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, after_seq);
	sqlite3_bind_int64(st, 2, limit > 0 ? limit : -1);
	sqlite3_bind_text(st, 3, s->kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		const char *hash = (const char *)sqlite3_column_text(st, 2);
		struct store_row row = {
			.seq = sqlite3_column_int64(st, 0),
			.line = (const char *)sqlite3_column_text(st, 1),
			.len = (size_t)sqlite3_column_bytes(st, 1),
			.hash = hash != NULL ? hash : "",
			.labelled = sqlite3_column_int(st, 3) != 0,
		};

		if (row.line == NULL) {
			row.line = "";
			row.labelled = false;
		}
		if (!fn(ctx, &row)) {
			ok = true;
			goto out;
		}
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, LOST_READ, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

static bool
copy_source(sqlite3_stmt *st, char **source, size_t *len, int64_t *version,
    struct error *err)
{
	size_t n = (size_t)sqlite3_column_bytes(st, 0);
	const void *bytes = sqlite3_column_blob(st, 0);

	*source = malloc(n + 1);
	if (*source == NULL) {
		return error_set(err, _("out of memory reading a form text"));
	}
	if (n > 0) {
		memcpy(*source, bytes, n);
	}
	(*source)[n] = '\0';
	*len = n;
	if (version != NULL) {
		*version = sqlite3_column_int64(st, 1);
	}
	return true;
}

bool
store_form_source(struct store *s, const char *form_id, char **source,
    size_t *len, int64_t *version, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*source = NULL;
	if (!store_prepare(s,
	        "SELECT source, version FROM forms WHERE id = "
	        "?1 ORDER BY version DESC, first_used_at DESC, rowid DESC "
	        "LIMIT 1",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, form_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error_set(err,
		    _("no answers to the form \"%s\" are stored "
		      "in %s"),
		    form_id, s->path);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		store_fail(s, rc, LOST_READ, err);
		goto out;
	}
	ok = copy_source(st, source, len, version, err);
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_chain_base(
    struct store *s, int64_t *seq, char hash[65], struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(
	        s, "SELECT seq, hash FROM chain_base WHERE id = 1", &st, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_bytes(st, 1) != 64) {
		store_fail(s, sqlite3_errcode(s->db), LOST_READ, err);
		goto out;
	}
	*seq = sqlite3_column_int64(st, 0);
	memcpy(hash, sqlite3_column_text(st, 1), 65);
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_last_seq(struct store *s, int64_t *seq, struct error *err)
{
	return sqlfile_int(s->file,
	    "SELECT max(coalesce((SELECT max(seq) FROM records), 0),"
	    " (SELECT seq FROM chain_base WHERE id = 1))",
	    seq, err);
}

bool
store_record_hash(struct store *s, int64_t seq, char out[65], struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *hash;
	bool ok = false;
	int rc;

	if (seq == 0) {
		memcpy(out, RECORD_GENESIS, 65);
		return true;
	}
	/* The kept link: record seq was purged, its hash stays. */
	if (!store_prepare(s,
	        "SELECT hash FROM records WHERE seq = ?1 UNION ALL "
	        "SELECT hash FROM chain_base WHERE id = 1 AND seq = ?1",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, rc, LOST_READ, err);
		goto out;
	}
	hash =
	    rc == SQLITE_ROW ? (const char *)sqlite3_column_text(st, 0) : NULL;
	if (hash == NULL || strlen(hash) != 64) {
		error_set(
		    err, _("%s holds no record %lld"), s->path, (long long)seq);
		goto out;
	}
	memcpy(out, hash, 65);
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_sync_acked(struct store *s, int64_t *acked_through, struct error *err)
{
	return sqlfile_int(s->file,
	    "SELECT acked_through FROM sync_state WHERE id = 1", acked_through,
	    err);
}

bool
store_sync_set_acked(struct store *s, int64_t seq, struct error *err)
{
	const char *lost = N_("the sync state was not saved");
	sqlite3_stmt *st = NULL;
	char now[25];
	bool ok = false;
	int rc;

	if (!store_prepare(s,
	        "UPDATE sync_state SET acked_through = ?1, "
	        "acked_at = ?2 WHERE id = 1 AND ?1 >= acked_through AND ?1 <= "
	        "max(coalesce((SELECT max(seq) FROM records), 0), "
	        "(SELECT seq FROM chain_base WHERE id = 1))",
	        &st, err)) {
		goto out;
	}
	clock_format_iso(clock_now_ms(), now);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, lost, err);
		goto out;
	}
	if (sqlite3_changes(s->db) != 1) {
		/* TRANSLATORS: what was lost, then a record number. */
		error_set(err,
		    _("%s: %lld is before the last acknowledged "
		      "record or after the last record"),
		    _(lost), (long long)seq);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

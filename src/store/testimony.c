/*
 * Testimonies and retractions (see testimony.h).  Payloads are made with
 * SQLite's JSON functions; absent fields are left out, not null.
 */
#include "testimony.h"

#include "gettext.h"
#include "record.h"
#include "store_impl.h"

/* Builds the payload with SQLite, then appends it. */
static bool
append_built(struct store *s, sqlite3_stmt *st, const char *type,
    const char *site, const char *mode, struct error *err)
{
	bool ok = false;

	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db),
		    _("the testimony was not "
		      "saved"),
		    err);
		goto out;
	}
	ok = store_append(s, type, site, mode,
	    (const char *)sqlite3_column_text(st, 0), NULL, err);
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_add_testimony(
    struct store *s, const struct store_testimony *t, struct error *err)
{
	sqlite3_stmt *st = NULL;

	/* A merge patch onto {} leaves the null (absent) fields out. */
	if (!store_prepare(s,
	        "SELECT json_patch('{}', json_object("
	        "'question', ?1, 'words', ?2, 'quote', ?3, 'first_name', ?4, "
	        "'age', ?5))",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, t->question, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, t->words, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, t->quote, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, t->first_name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, t->age, -1, SQLITE_STATIC);
	return append_built(s, st, RECORD_TESTIMONY, t->site, "volunteer", err);
}

bool
store_retract(struct store *s, const char *uuid, const char *reason,
    const char *site, struct error *err)
{
	sqlite3_stmt *st = NULL;

	if (!store_prepare(s,
	        "SELECT json_object('retracts', ?1, 'reason', "
	        "?2)",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	return append_built(s, st, RECORD_RETRACTION, site, "volunteer", err);
}

bool
store_each_testimony(struct store *s, const char *since, int limit,
    store_testimony_fn fn, void *ctx, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s,
	        "SELECT uuid, created_at, json_extract(line, "
	        "'$.payload.words') FROM records r WHERE type = 'testimony' AND "
	        "(?1 IS NULL OR created_at >= ?1) AND " STORE_NOT_RETRACTED(
	            "r") " ORDER BY seq DESC LIMIT ?2",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, since, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		fn(ctx, (const char *)sqlite3_column_text(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    (const char *)sqlite3_column_text(st, 2));
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, _("the testimonies could not be read"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

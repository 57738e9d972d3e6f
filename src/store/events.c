/*
 * Event records and the log book's state (see events.h).  Payloads are
 * built and read with SQLite's JSON functions.
 */
#include "events.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "gettext.h"
#include "record.h"
#include "store_impl.h"

bool
store_event(struct store *s, const char *site, const char *name,
    const char *key, const char *value, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT CASE WHEN ?2 IS NULL THEN "
	        "json_object('event', ?1) ELSE json_object('event', ?1, ?2, ?3) "
	        "END",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, value, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db),
		    N_("the event was not "
		       "written"),
		    err);
		goto out;
	}
	ok = store_append(s, RECORD_EVENT, site, "self",
	    (const char *)sqlite3_column_text(st, 0), NULL, err);
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_event_json(
    struct store *s, const char *site, const char *payload, struct error *err)
{
	return store_append(s, RECORD_EVENT, site, "self", payload, NULL, err);
}

/* Runs a one-row, one-integer query with ?1 = name (when the query has
 * it), ?2 = since. */
static bool
count(struct store *s, const char *sql, const char *name, const char *since,
    int64_t *n, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s, sql, &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db),
		    N_("the figures could not "
		       "be read"),
		    err);
		goto out;
	}
	*n = sqlite3_column_int64(st, 0);
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_event_count(struct store *s, const char *name, const char *since,
    int64_t *n, struct error *err)
{
	return count(s,
	    "SELECT count(*) FROM records r WHERE type = 'event' "
	    "AND json_extract(line, '$.payload.event') = ?1 AND (?2 IS NULL "
	    "OR created_at >= ?2) AND " STORE_NOT_RETRACTED("r"),
	    name, since, n, err);
}

bool
store_completed_count(
    struct store *s, const char *since, int64_t *n, struct error *err)
{
	return count(s,
	    "SELECT count(*) FROM records r WHERE type = "
	    "'submission' AND json_extract(line, '$.payload.status') = "
	    "'completed' AND (?2 IS NULL OR created_at >= ?2) AND " STORE_NOT_RETRACTED(
	        "r"),
	    NULL, since, n, err);
}

bool
store_event_last(struct store *s, const char *name, const char *since,
    const char *key, char **value, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*value = NULL;
	if (!store_prepare(s,
	        "SELECT json_extract(line, '$.payload.' || "
	        "json_quote(?3)) FROM records r WHERE type = 'event' AND "
	        "json_extract(line, '$.payload.event') = ?1 AND (?2 IS NULL OR "
	        "created_at >= ?2) AND " STORE_NOT_RETRACTED(
	            "r") " ORDER BY seq DESC LIMIT 1",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, since, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, key, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, rc, N_("the figures could not be read"), err);
		goto out;
	}
	if (rc == SQLITE_ROW && sqlite3_column_type(st, 0) != SQLITE_NULL) {
		*value = strdup((const char *)sqlite3_column_text(st, 0));
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_form_closed(
    struct store *s, const char *form_id, bool *closed, struct error *err)
{
	int64_t n = 0;

	/* "form_close" events of this form after its last "form_open". */
	if (!count(s,
	        "SELECT count(*) FROM records r WHERE type = 'event' "
	        "AND json_extract(line, '$.payload.event') = 'form_close' AND "
	        "json_extract(line, '$.payload.form') = ?1 AND seq > (SELECT "
	        "coalesce(max(seq), 0) FROM records o WHERE o.type = 'event' AND "
	        "json_extract(o.line, '$.payload.event') = 'form_open' AND "
	        "json_extract(o.line, '$.payload.form') = ?1) AND (?2 IS NULL OR "
	        "created_at >= ?2) AND " STORE_NOT_RETRACTED("r"),
	        form_id, NULL, &n, err)) {
		return false;
	}
	*closed = n > 0;
	return true;
}

bool
store_last_sync(struct store *s, char out[25], struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	out[0] = '\0';
	if (!store_prepare(s,
	        "SELECT acked_at FROM sync_state WHERE acked_at "
	        "IS NOT NULL",
	        &st, err)) {
		return false;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		store_fail(s, rc, N_("the figures could not be read"), err);
		goto out;
	}
	if (rc == SQLITE_ROW) {
		snprintf(
		    out, 25, "%s", (const char *)sqlite3_column_text(st, 0));
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/*
 * The protocol's JSON through SQLite (see sync_json.h).  Each call opens a
 * private in-memory connection: a few microseconds, next to a network
 * round trip, for code with no shared state.
 */
#include "sync_json.h"

#include <limits.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <string.h>

#include "utf8.h"

/* The largest answer read as JSON (a list of forms is a few kilobytes). */
#define JSON_MAX_BYTES (4 * 1024 * 1024)

/* Opens an in-memory connection and prepares sql on it. */
static bool
prepare(const char *sql, sqlite3 **db, sqlite3_stmt **st, struct error *err)
{
	*db = NULL;
	*st = NULL;
	if (sqlite3_open_v2(":memory:", db,
	        SQLITE_OPEN_READWRITE | SQLITE_OPEN_MEMORY,
	        NULL) != SQLITE_OK ||
	    sqlite3_prepare_v2(*db, sql, -1, st, NULL) != SQLITE_OK) {
		error_set(err, "cannot work with JSON: %s",
		    *db != NULL ? sqlite3_errmsg(*db) : "out of memory");
		sqlite3_close(*db);
		*db = NULL;
		return false;
	}
	return true;
}

static void
finish(sqlite3 *db, sqlite3_stmt *st)
{
	sqlite3_finalize(st);
	sqlite3_close(db);
}

static bool
bind_body(sqlite3_stmt *st, const char *body, size_t len, struct error *err)
{
	if (body == NULL || len > JSON_MAX_BYTES) {
		return error_set(err,
		    "the answer is empty or too large "
		    "(%zu bytes)",
		    len);
	}
	sqlite3_bind_text(st, 1, body, (int)len, SQLITE_STATIC);
	return true;
}

/* The header's "missing" array, as JSON text into out. */
static bool
holes_json(sqlite3 *db, const struct sync_header *h, struct sync_buf *out)
{
	sqlite3_stmt *st = NULL;
	bool ok = sqlite3_prepare_v2(db,
	              "SELECT json_object('from', ?1, 'to', ?2, 'why', ?3,"
	              " 'next_hash', ?4)",
	              -1, &st, NULL) == SQLITE_OK &&
	    sync_buf_append(out, "[", 1);

	for (size_t i = 0; ok && i < h->nholes; i++) {
		const struct sync_hole *hole = &h->holes[i];

		sqlite3_reset(st);
		sqlite3_bind_int64(st, 1, hole->from);
		sqlite3_bind_int64(st, 2, hole->to);
		sqlite3_bind_text(st, 3, hole->why, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, hole->next_hash, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_ROW &&
		    (i == 0 || sync_buf_append(out, ",", 1)) &&
		    sync_buf_append(out, sqlite3_column_text(st, 0),
		        (size_t)sqlite3_column_bytes(st, 0));
	}
	sqlite3_finalize(st);
	return ok && sync_buf_append(out, "]", 1);
}

bool
sync_json_header(
    const struct sync_header *h, struct sync_buf *out, struct error *err)
{
	struct sync_buf holes = { 0 };
	sqlite3 *db;
	sqlite3_stmt *st;
	bool ok = false;

	if (!prepare(
	        "SELECT json_object('protocol', 1, 'kiosk', ?1, "
	        "'first_seq', ?2, 'last_seq', ?3, 'count', ?4, 'prev_hash', ?5, "
	        "'last_hash', ?6) WHERE ?7 IS NULL UNION ALL "
	        "SELECT json_object('protocol', 1, 'kiosk', ?1, "
	        "'first_seq', ?2, 'last_seq', ?3, 'count', ?4, 'prev_hash', ?5, "
	        "'last_hash', ?6, 'missing', json(?7)) WHERE ?7 IS NOT NULL",
	        &db, &st, err)) {
		return false;
	}
	if (h->nholes > 0 && !holes_json(db, h, &holes)) {
		error_set(
		    err, "cannot make a batch header: %s", sqlite3_errmsg(db));
		goto out;
	}
	sqlite3_bind_text(st, 1, h->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, h->first_seq);
	sqlite3_bind_int64(st, 3, h->last_seq);
	sqlite3_bind_int64(st, 4, h->count);
	sqlite3_bind_text(st, 5, h->prev_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, h->last_hash, -1, SQLITE_STATIC);
	if (h->nholes > 0) {
		sqlite3_bind_text(
		    st, 7, holes.data, (int)holes.len, SQLITE_STATIC);
	}
	if (sqlite3_step(st) != SQLITE_ROW ||
	    !sync_buf_append(out, sqlite3_column_text(st, 0),
	        (size_t)sqlite3_column_bytes(st, 0)) ||
	    !sync_buf_append(out, "\n", 1)) {
		error_set(
		    err, "cannot make a batch header: %s", sqlite3_errmsg(db));
		goto out;
	}
	ok = true;
out:
	sync_buf_finish(&holes);
	finish(db, st);
	return ok;
}

static const char ack_sql[] =
    "SELECT json_type(?1, '$.acked_through'), json_type(?1, '$.accepted'),"
    " json_type(?1, '$.duplicates'), json_extract(?1, '$.acked_through'),"
    " json_extract(?1, '$.accepted'), json_extract(?1, '$.duplicates'),"
    " coalesce(json_type(?1, '$.quarantined'), 'integer'),"
    " coalesce(json_extract(?1, '$.quarantined'), 0)"
    " WHERE json_valid(?1) AND json_type(?1) = 'object'";

bool
sync_json_ack(
    const char *body, size_t len, struct sync_ack *ack, struct error *err)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	bool ok = false;

	if (!prepare(ack_sql, &db, &st, err)) {
		return false;
	}
	if (!bind_body(st, body, len, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		error_set(err, "the acknowledgement is not a JSON object");
		goto out;
	}
	for (int i = 0; i < 3; i++) {
		const char *type = (const char *)sqlite3_column_text(st, i);
		if (type == NULL || strcmp(type, "integer") != 0 ||
		    sqlite3_column_int64(st, i + 3) < 0) {
			error_set(err,
			    "the acknowledgement lacks a count "
			    "(acked_through, accepted, duplicates)");
			goto out;
		}
	}
	if (strcmp((const char *)sqlite3_column_text(st, 6), "integer") != 0 ||
	    sqlite3_column_int64(st, 7) < 0) {
		error_set(err,
		    "the acknowledgement's quarantined is not a whole number");
		goto out;
	}
	ack->acked_through = sqlite3_column_int64(st, 3);
	ack->accepted = sqlite3_column_int64(st, 4);
	ack->duplicates = sqlite3_column_int64(st, 5);
	ack->quarantined = sqlite3_column_int64(st, 7);
	ok = true;
out:
	finish(db, st);
	return ok;
}

static bool
is_form_id(const char *v)
{
	size_t len = v != NULL ? strlen(v) : 0;

	return len > 0 && len <= 64 &&
	    strspn(v, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

static bool
is_hex64(const char *v)
{
	return v != NULL && strlen(v) == 64 &&
	    strspn(v, "0123456789abcdef") == 64;
}

/* Fills e from the current row; false when the entry is not usable. */
static bool
read_entry(sqlite3_stmt *st, struct sync_form_entry *e)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *vtype = (const char *)sqlite3_column_text(st, 1);
	const char *sha = (const char *)sqlite3_column_text(st, 3);

	if (!is_form_id(id) || vtype == NULL || strcmp(vtype, "integer") != 0 ||
	    sqlite3_column_int64(st, 2) < 1 || !is_hex64(sha)) {
		return false;
	}
	memset(e, 0, sizeof *e);
	memcpy(e->id, id, strlen(id) + 1);
	memcpy(e->sha256, sha, 65);
	e->version = sqlite3_column_int64(st, 2);
	e->bytes = sqlite3_column_int64(st, 4);
	return true;
}

static const char forms_sql[] =
    "SELECT json_extract(value, '$.id'), json_type(value, '$.version'),"
    " json_extract(value, '$.version'), json_extract(value, '$.sha256'),"
    " json_extract(value, '$.bytes')"
    " FROM json_each(CASE WHEN json_valid(?1) THEN ?1 END, '$.forms')";

/* Reads every row of the forms query into a growing array. */
static bool
collect_entries(sqlite3_stmt *st, struct sync_form_entry **entries, size_t *n,
    size_t *bad, struct error *err)
{
	int rc = sqlite3_step(st);

	while (rc == SQLITE_ROW) {
		struct sync_form_entry e;
		struct sync_form_entry *bigger;
		if (!read_entry(st, &e)) {
			(*bad)++;
			rc = sqlite3_step(st);
			continue;
		}
		bigger = realloc(*entries, (*n + 1) * sizeof *bigger);
		if (bigger == NULL) {
			return error_set(err,
			    "out of memory reading the list "
			    "of forms");
		}
		*entries = bigger;
		(*entries)[(*n)++] = e;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		return error_set(err,
		    "the list of forms is not readable "
		    "JSON");
	}
	return true;
}

bool
sync_json_forms(const char *body, size_t len, struct sync_form_entry **entries,
    size_t *n, size_t *bad, struct error *err)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	bool ok = false;

	*entries = NULL;
	*n = 0;
	*bad = 0;
	if (!prepare("SELECT json_valid(?1) AND json_type(?1, '$.forms') = "
	             "'array'",
	        &db, &st, err)) {
		return false;
	}
	if (!bind_body(st, body, len, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW || !sqlite3_column_int(st, 0)) {
		error_set(err, "the list of forms is not {\"forms\":[...]}");
		goto out;
	}
	finish(db, st);
	if (!prepare(forms_sql, &db, &st, err)) {
		return false;
	}
	bind_body(st, body, len, NULL);
	ok = collect_entries(st, entries, n, bad, err);
out:
	finish(db, st);
	if (!ok) {
		free(*entries);
		*entries = NULL;
		*n = 0;
	}
	return ok;
}

/* The "error" member of a JSON object body, as a new string, or NULL. */
static char *
json_error_member(const char *body, size_t len)
{
	sqlite3 *db;
	sqlite3_stmt *st;
	char *text = NULL;

	if (!prepare("SELECT json_extract(?1, '$.error') WHERE json_valid(?1) "
	             "AND json_type(?1, '$.error') = 'text'",
	        &db, &st, NULL)) {
		return NULL;
	}
	if (bind_body(st, body, len, NULL) && sqlite3_step(st) == SQLITE_ROW) {
		const char *v = (const char *)sqlite3_column_text(st, 0);
		text = v != NULL ? strdup(v) : NULL;
	}
	finish(db, st);
	return text;
}

/* Copies src into out (size bytes), cut at a code point boundary. */
static void
copy_cut(const char *src, char *out, size_t size)
{
	size_t n = strlen(src);

	if (n >= size) {
		n = size - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80) {
			n--;
		}
	}
	memcpy(out, src, n);
	out[n] = '\0';
}

void
sync_json_error_text(const char *body, size_t len, char *out, size_t size)
{
	char *member = json_error_member(body, len);
	const char *from = member != NULL ? member : body;
	size_t n = member != NULL ? strlen(member) : len;
	size_t line = 0;
	char *clean;

	if (size == 0) {
		free(member);
		return;
	}
	out[0] = '\0';
	while (from != NULL && line < n && line < 4096 && from[line] != '\n' &&
	    from[line] != '\r') {
		line++;
	}
	clean = from != NULL ? utf8_sanitize(from, line, 0) : NULL;
	if (clean != NULL) {
		copy_cut(clean, out, size);
	}
	free(clean);
	free(member);
}

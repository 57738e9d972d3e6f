/*
 * Freezing records and chaining them (see record.h).  The kiosk and the
 * collector both call these two functions, so a line frozen on a market
 * stall hashes to the same value in the server room: the bytes come from
 * SQLite's json_object() and the digest from libsodium, nothing by hand.
 */
#include "record.h"

#include <sodium.h>
#include <stdlib.h>
#include <string.h>

/* The canonical line.  ?8 (the payload) is used twice: json() minifies it
 * into the line, json_type() lets us refuse anything but an object. */
static const char freeze_sql[] =
    "SELECT json_object('uuid',?1,'kiosk',?2,'seq',?3,'type',?4,"
    "'created_at',?5,'site',?6,'mode',?7,'payload',json(?8)),"
    " json_type(?8)";

static bool
meta_complete(const struct record_meta *meta, struct error *err)
{
	if (meta->uuid == NULL || meta->kiosk == NULL || meta->type == NULL ||
	    meta->created_at == NULL || meta->mode == NULL) {
		return error_set(err,
		    "cannot freeze a record: uuid, kiosk, "
		    "type, created_at and mode are all needed");
	}
	if (meta->seq < 1) {
		return error_set(err,
		    "cannot freeze a record: seq %lld is not "
		    "positive",
		    (long long)meta->seq);
	}
	return true;
}

static void
bind_meta(
    sqlite3_stmt *st, const struct record_meta *meta, const char *payload_json)
{
	sqlite3_bind_text(st, 1, meta->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, meta->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, meta->seq);
	sqlite3_bind_text(st, 4, meta->type, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, meta->created_at, -1, SQLITE_STATIC);
	if (meta->site != NULL) {
		sqlite3_bind_text(st, 6, meta->site, -1, SQLITE_STATIC);
	} else {
		sqlite3_bind_null(st, 6);
	}
	sqlite3_bind_text(st, 7, meta->mode, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, payload_json, -1, SQLITE_STATIC);
}

/* Copies the line out of the finished statement, refusing a payload that
 * is not an object. */
static bool
take_line(sqlite3 *db, sqlite3_stmt *st, char **line, struct error *err)
{
	const char *type = (const char *)sqlite3_column_text(st, 1);
	const char *text;
	int len;

	if (type == NULL || strcmp(type, "object") != 0) {
		return error_set(err,
		    "cannot freeze a record: its payload is "
		    "a JSON %s, not an object",
		    type != NULL ? type : "null");
	}
	text = (const char *)sqlite3_column_text(st, 0);
	len = sqlite3_column_bytes(st, 0);
	if (text == NULL) {
		return error_set(
		    err, "cannot freeze a record: %s", sqlite3_errmsg(db));
	}
	*line = malloc((size_t)len + 1);
	if (*line == NULL) {
		return error_set(err, "cannot freeze a record: out of memory");
	}
	memcpy(*line, text, (size_t)len + 1);
	return true;
}

bool
record_freeze(sqlite3 *db, const struct record_meta *meta,
    const char *payload_json, char **line, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*line = NULL;
	if (!meta_complete(meta, err)) {
		goto out;
	}
	if (payload_json == NULL) {
		error_set(err, "cannot freeze a record without a payload");
		goto out;
	}
	rc = sqlite3_prepare_v2(db, freeze_sql, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		error_set(
		    err, "cannot freeze a record: %s", sqlite3_errmsg(db));
		goto out;
	}
	bind_meta(st, meta, payload_json);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		error_set(
		    err, "cannot freeze a record: %s", sqlite3_errmsg(db));
		goto out;
	}
	ok = take_line(db, st, line, err);
out:
	sqlite3_finalize(st);
	return ok;
}

void
record_chain_hash(const char *prev, const char *line, size_t len, char out[65])
{
	crypto_hash_sha256_state state;
	unsigned char digest[crypto_hash_sha256_BYTES];

	crypto_hash_sha256_init(&state);
	crypto_hash_sha256_update(
	    &state, (const unsigned char *)prev, strlen(prev));
	crypto_hash_sha256_update(&state, (const unsigned char *)"\n", 1);
	crypto_hash_sha256_update(&state, (const unsigned char *)line, len);
	crypto_hash_sha256_final(&state, digest);
	sodium_bin2hex(out, 65, digest, sizeof digest);
}

long
record_line_hidden_byte(const char *line, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		if ((unsigned char)line[i] < 0x20) {
			return (long)i;
		}
	}
	return -1;
}

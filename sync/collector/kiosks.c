/*
 * Enrolment, revocation, the kiosk list and token checks (see kiosks.h).
 *
 * The token is 256 bits from libsodium's randombytes, written as 43
 * characters of base64url; the database keeps hex(SHA-256(token)), so a
 * copy of the database does not let anyone sync as a kiosk.  A request's
 * token is hashed the same way and looked up by that hash.
 *
 * The chain status of `kiosk list` is computed when asked: every chain
 * event (gap, mismatch, conflict, impostor) noticed since the kiosk's
 * last `kiosk ack`, but a gap whose seqs have all come since (a bundle
 * filled it; records erased by purge count as come); and the kiosk's
 * records waiting in quarantine for a decision, which no acknowledgement
 * hides.
 */
#include "kiosks.h"

#include <sodium.h>
#include <stdarg.h>
#include <string.h>

#include "ids.h"

static const char list_sql[] =
    "SELECT k.name, k.enrolled_at, k.revoked_at, k.last_sync_at,"
    " (SELECT count(*) FROM records r WHERE r.kiosk = k.name)"
    " FROM kiosks k ORDER BY k.name";

/* The events of kiosk ?1 not acknowledged yet, gaps still open. */
static const char open_events_sql[] =
    "SELECT kind, seq_from, seq_to, why FROM chain_events e"
    " WHERE kiosk = ?1 AND id > coalesce((SELECT max(through_event)"
    "  FROM acks WHERE kiosk = ?1), 0)"
    " AND NOT (kind = 'gap' AND (SELECT count(DISTINCT seq) FROM"
    "  (SELECT seq FROM records r WHERE r.kiosk = ?1"
    "   AND r.seq BETWEEN e.seq_from AND e.seq_to"
    "   UNION ALL SELECT seq FROM purged p WHERE p.kiosk = ?1"
    "   AND p.seq BETWEEN e.seq_from AND e.seq_to))"
    "  = e.seq_to - e.seq_from + 1)"
    " ORDER BY seq_from, seq_to, kind";

/* The records of kiosk ?1 in quarantine with no decision yet. */
static const char waiting_sql[] =
    "SELECT count(*) FROM quarantine q JOIN records r ON r.id = q.record_id"
    " WHERE r.kiosk = ?1 AND NOT EXISTS (SELECT 1 FROM quarantine_decisions"
    "  d WHERE d.record_id = q.record_id)";

/* A new token into token, and the hex SHA-256 the database keeps. */
static void
new_token(char token[KIOSKS_TOKEN_LEN + 1], char hash[65])
{
	unsigned char raw[32];

	randombytes_buf(raw, sizeof raw);
	sodium_bin2base64(token, KIOSKS_TOKEN_LEN + 1, raw, sizeof raw,
	    sodium_base64_VARIANT_URLSAFE_NO_PADDING);
	sodium_memzero(raw, sizeof raw);
	ids_sha256_hex(token, KIOSKS_TOKEN_LEN, hash);
}

bool
kiosks_add(struct db *d, const char *name, char token[KIOSKS_TOKEN_LEN + 1],
    struct error *err)
{
	char hash[65], now[25];
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!batch_valid_name(name)) {
		return error_set(err,
		    "\"%s\" is not a kiosk name (use the "
		    "kiosk's [kiosk] id: lowercase letters, digits and '-', at "
		    "most %d)",
		    name, BATCH_NAME_MAX);
	}
	new_token(token, hash);
	db_now(now);
	if (!db_prepare(d,
	        "INSERT INTO kiosks (name, token_sha256, "
	        "enrolled_at) VALUES (?1, ?2, ?3)",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
		error_set(err,
		    "kiosk \"%s\" is already enrolled (a name is "
		    "never given twice, even after `kiosk revoke`; `kiosk "
		    "rotate` gives it a new token)",
		    name);
	} else if (rc != SQLITE_DONE) {
		db_fail(d, rc, "the kiosk was not enrolled", err);
	} else {
		ok = true;
	}
out:
	sqlite3_finalize(st);
	if (!ok) {
		sodium_memzero(token, KIOSKS_TOKEN_LEN + 1);
	}
	return ok;
}

/* Runs sql, an UPDATE of the row of kiosk ?1 while it is not revoked,
 * with ?2 the time now and ?3 hash (when not NULL).  failed says what was
 * not done if the database fails; to_what ends "no enrolled kiosk ... to
 * <to_what>" when no such kiosk is enrolled. */
static bool
update_kiosk(struct db *d, const char *sql, const char *name, const char *hash,
    const char *failed, const char *to_what, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char now[25];
	bool ok = false;
	int rc;

	db_now(now);
	if (!db_prepare(d, sql, &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, now, -1, SQLITE_STATIC);
	if (hash != NULL) {
		sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, failed, err);
	} else if (sqlite3_changes(d->h) == 0) {
		error_set(err,
		    "no enrolled kiosk \"%s\" to %s (see parvis-collect "
		    "kiosk list)",
		    name, to_what);
	} else {
		ok = true;
	}
out:
	sqlite3_finalize(st);
	return ok;
}

bool
kiosks_rotate(struct db *d, const char *name, char token[KIOSKS_TOKEN_LEN + 1],
    struct error *err)
{
	char hash[65];

	new_token(token, hash);
	if (update_kiosk(d,
	        "UPDATE kiosks SET token_sha256 = ?3, token_rotated_at = ?2 "
	        "WHERE name = ?1 AND revoked_at IS NULL",
	        name, hash, "the token was not replaced",
	        "give a new token: a revoked kiosk stays revoked", err)) {
		return true;
	}
	sodium_memzero(token, KIOSKS_TOKEN_LEN + 1);
	return false;
}

bool
kiosks_revoke(struct db *d, const char *name, struct error *err)
{
	return update_kiosk(d,
	    "UPDATE kiosks SET revoked_at = ?2 WHERE name = ?1 AND "
	    "revoked_at IS NULL",
	    name, NULL, "the kiosk was not revoked", "revoke", err);
}

/* One integer (or two) from a query about kiosk name; 0 without a row. */
static bool
kiosk_ints(struct db *d, const char *sql, const char *name, int64_t *a,
    int64_t *b, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*a = 0;
	*b = 0;
	if (!db_prepare(d, sql, &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*a = sqlite3_column_int64(st, 0);
		*b = sqlite3_column_count(st) > 1 ? sqlite3_column_int64(st, 1)
		                                  : 0;
	} else if (rc != SQLITE_DONE) {
		db_fail(d, rc, "the kiosks could not be listed", err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

static const char *
text_or(sqlite3_stmt *st, int col, const char *none)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL ? v : none;
}

/* Appends printf-style text to out (size bytes, used so far *used). */
static void appendf(char *out, size_t size, size_t *used, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

static void
appendf(char *out, size_t size, size_t *used, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (*used >= size) {
		return;
	}
	va_start(ap, fmt);
	n = vsnprintf(out + *used, size - *used, fmt, ap);
	va_end(ap);
	*used += n > 0 ? (size_t)n : 0;
}

/* One open event, as `kiosk list` says it: "gap at seq 4-5 (...)". */
static void
say_event(sqlite3_stmt *st, char *out, size_t size, size_t *used)
{
	const char *kind = text_or(st, 0, "");
	int64_t from = sqlite3_column_int64(st, 1);
	int64_t to = sqlite3_column_int64(st, 2);
	const char *why = text_or(st, 3, "");
	bool mismatch = strcmp(kind, "mismatch") == 0;

	appendf(out, size, used, "%s%s %s seq %lld", *used > 0 ? "; " : "",
	    kind, from == to || !mismatch ? "at" : "in", (long long)from);
	if (to != from) {
		appendf(out, size, used, "-%lld", (long long)to);
	}
	if (strcmp(kind, "gap") == 0 && *why != '\0') {
		appendf(out, size, used, " (kiosk: %s)", why);
	}
}

/* "ok", or what of kiosk name waits for an admin: its open events and
 * its records in quarantine. */
static bool
chain_status(
    struct db *d, const char *name, char *out, size_t size, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t waiting, unused;
	size_t used = 0;
	int rc, shown = 0, more = 0;

	out[0] = '\0';
	if (!db_prepare(d, open_events_sql, &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (shown++ < 4) {
			say_event(st, out, size, &used);
		} else {
			more++;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		return db_fail(d, rc, "the kiosks could not be listed", err);
	}
	if (more > 0) {
		appendf(out, size, &used, "; %d more", more);
	}
	if (!kiosk_ints(d, waiting_sql, name, &waiting, &unused, err)) {
		return false;
	}
	if (waiting > 0) {
		appendf(out, size, &used, "%s%lld in quarantine",
		    used > 0 ? "; " : "", (long long)waiting);
	}
	if (out[0] == '\0') {
		snprintf(out, size, "ok");
	}
	return true;
}

bool
kiosks_ack(struct db *d, const char *name, int64_t *acked, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t last, open, unused;
	char now[25];
	bool ok = false;
	int rc;

	*acked = 0;
	if (!kiosk_ints(d, "SELECT count(*) FROM kiosks WHERE name = ?1", name,
	        &last, &unused, err)) {
		return false;
	}
	if (last == 0) {
		return error_set(err,
		    "no enrolled kiosk \"%s\" (see parvis-collect kiosk "
		    "list)",
		    name);
	}
	if (!kiosk_ints(d,
	        "SELECT coalesce(max(id), 0), count(*) FILTER (WHERE id >"
	        " coalesce((SELECT max(through_event) FROM acks"
	        " WHERE kiosk = ?1), 0)) FROM chain_events WHERE kiosk = ?1",
	        name, &last, &open, err)) {
		return false;
	}
	if (open == 0) {
		return true;
	}
	db_now(now);
	if (!db_prepare(d,
	        "INSERT INTO acks (kiosk, through_event, acked_at)"
	        " VALUES (?1, ?2, ?3)",
	        &st, err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, last);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, "nothing was acknowledged", err);
	} else {
		*acked = open;
		ok = true;
	}
	sqlite3_finalize(st);
	return ok;
}

bool
kiosks_list(struct db *d, FILE *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char chain[512];
	bool ok = false;
	int rc;

	if (!db_prepare(d, list_sql, &st, err)) {
		goto out;
	}
	fprintf(out, "%-24s %-24s %-24s %-24s %8s  %s\n", "NAME", "ENROLLED",
	    "REVOKED", "LAST SYNC", "RECORDS", "CHAIN");
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		const char *name = text_or(st, 0, "");

		if (!chain_status(d, name, chain, sizeof chain, err)) {
			goto out;
		}
		fprintf(out, "%-24s %-24s %-24s %-24s %8lld  %s\n", name,
		    text_or(st, 1, ""), text_or(st, 2, "no"),
		    text_or(st, 3, "never"),
		    (long long)sqlite3_column_int64(st, 4), chain);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, "the kiosks could not be listed", err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

static bool
token_shaped(const char *token)
{
	return strlen(token) == KIOSKS_TOKEN_LEN &&
	    strspn(token,
	        "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
	        "0123456789-_") == KIOSKS_TOKEN_LEN;
}

enum kiosks_auth
kiosks_authenticate(struct db *d, const char *token,
    char name[BATCH_NAME_MAX + 1], struct error *err)
{
	enum kiosks_auth a = KIOSKS_AUTH_FAILED;
	sqlite3_stmt *st = NULL;
	char hash[65];
	int rc;

	name[0] = '\0';
	if (token == NULL || !token_shaped(token)) {
		error_set(err,
		    "no valid token (expected Authorization: Bearer "
		    "and the %d characters `kiosk add` printed)",
		    KIOSKS_TOKEN_LEN);
		return KIOSKS_AUTH_DENIED;
	}
	ids_sha256_hex(token, KIOSKS_TOKEN_LEN, hash);
	if (!db_prepare(d,
	        "SELECT name, revoked_at FROM kiosks WHERE "
	        "token_sha256 = ?1",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error_set(err, "unknown token: this kiosk is not enrolled");
		a = KIOSKS_AUTH_DENIED;
	} else if (rc != SQLITE_ROW) {
		db_fail(d, rc, "the token could not be checked", err);
	} else {
		snprintf(name, BATCH_NAME_MAX + 1, "%s", text_or(st, 0, ""));
		a = sqlite3_column_type(st, 1) == SQLITE_NULL
		    ? KIOSKS_AUTH_OK
		    : KIOSKS_AUTH_DENIED;
		error_set(err, "kiosk %s was revoked on %s", name,
		    text_or(st, 1, ""));
	}
out:
	sqlite3_finalize(st);
	return a;
}

/*
 * Enrolment, revocation, the kiosk list and token checks (see kiosks.h).
 *
 * The token is 256 bits from libsodium's randombytes, written as 43
 * characters of base64url; the database keeps hex(SHA-256(token)), so a
 * copy of the database does not let anyone sync as a kiosk.  A request's
 * token is hashed the same way and looked up by that hash.
 *
 * The chain status of `kiosk list` is computed when asked: a gap is the
 * first seq missing below the highest one received (so a gap filled
 * later by a bundle no longer shows), a mismatch the earliest one in
 * chain_events (a changed record stays changed: it is never cleared).
 */
#include "kiosks.h"

#include <sodium.h>
#include <string.h>

#include "ids.h"

static const char list_sql[] =
    "SELECT k.name, k.enrolled_at, k.revoked_at, k.last_sync_at,"
    " (SELECT count(*) FROM records r WHERE r.kiosk = k.name),"
    " (SELECT coalesce(max(seq), 0) FROM records r WHERE r.kiosk = k.name)"
    " FROM kiosks k ORDER BY k.name";

/* The first seq missing of kiosk ?1, which has fewer records than its
 * highest seq. */
static const char first_missing_sql[] =
    "SELECT CASE WHEN NOT EXISTS (SELECT 1 FROM records"
    "  WHERE kiosk = ?1 AND seq = 1) THEN 1"
    " ELSE (SELECT min(r.seq) + 1 FROM records r WHERE r.kiosk = ?1"
    "  AND NOT EXISTS (SELECT 1 FROM records n WHERE n.kiosk = ?1"
    "   AND n.seq = r.seq + 1)) END";

static const char mismatch_sql[] =
    "SELECT seq_from, seq_to FROM chain_events WHERE kiosk = ?1"
    " AND kind = 'mismatch' ORDER BY seq_from, seq_to LIMIT 1";

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

/* "ok", or the gap and the earliest mismatch of kiosk name. */
static bool
chain_status(struct db *d, const char *name, int64_t count, int64_t max,
    char *out, size_t size, struct error *err)
{
	int64_t gap = 0, unused, from = 0, to = 0;
	size_t used = 0;

	if (max != count &&
	    !kiosk_ints(d, first_missing_sql, name, &gap, &unused, err)) {
		return false;
	}
	if (!kiosk_ints(d, mismatch_sql, name, &from, &to, err)) {
		return false;
	}
	out[0] = '\0';
	if (gap > 0) {
		used = (size_t)snprintf(
		    out, size, "gap at seq %lld", (long long)gap);
	}
	if (from > 0 && used < size) {
		snprintf(out + used, size - used,
		    from == to ? "%smismatch at "
		                 "seq %lld"
		               : "%smismatch in seq %lld-%lld",
		    used > 0 ? "; " : "", (long long)from, (long long)to);
	}
	if (out[0] == '\0') {
		snprintf(out, size, "ok");
	}
	return true;
}

static const char *
text_or(sqlite3_stmt *st, int col, const char *none)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL ? v : none;
}

bool
kiosks_list(struct db *d, FILE *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char chain[128];
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

		if (!chain_status(d, name, sqlite3_column_int64(st, 4),
		        sqlite3_column_int64(st, 5), chain, sizeof chain,
		        err)) {
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

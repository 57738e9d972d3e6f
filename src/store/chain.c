/*
 * The kiosk checks its own hash chain (see store.h).
 *
 * A byte changed inside a record's line keeps SQLite's structure valid:
 * quick_check and integrity_check say ok.  Only the chain tells, so it is
 * recomputed here from the line bytes, trusting nothing in a row: seq runs
 * 1, 2, 3... without a gap, the line says the same seq, uuid and kiosk as
 * its row, holds no byte below 0x20 (a frozen line never does: a hidden
 * byte survives a recomputed chain), and each hash is SHA-256(previous
 * hash + "\n" + line).
 *
 * store_verify_chain() goes over every record (the tests' and the
 * commands' full check), from the kept link of the last purge (purge.c)
 * when records were purged.  store_check_chain() is the kiosk's own check,
 * incremental: at start it goes from the last link it verified, kept in
 * the chain_check table, to the last record; before a sync or a bundle it
 * goes from the last record the collector acknowledged (when that is
 * older), so that every line about to leave was checked just before,
 * even one altered after an earlier check.  Each break it finds is
 * appended once as a chain_broken event, and the check goes on from the
 * broken record's stored hash, so that one break does not hide a later
 * one and the kiosk keeps collecting.
 */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "record.h"

#define LOST_READ N_("the database could not be read")
#define LOST_CHECK N_("the check of the records' chain was not saved")

static const char chain_sql[] =
    "SELECT seq, uuid, line, hash,"
    " CASE WHEN json_valid(line) THEN json_extract(line, '$.seq') END,"
    " CASE WHEN json_valid(line) THEN json_extract(line, '$.uuid') END,"
    " CASE WHEN json_valid(line) THEN json_extract(line, '$.kiosk') END"
    " FROM records WHERE seq > ?1 ORDER BY seq";

static bool
same_text(sqlite3_stmt *st, int col, const char *expected)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL && expected != NULL && strcmp(v, expected) == 0;
}

/* Checks one row of chain_sql against the chain so far (prev, the hash of
 * record expected_seq - 1).  Returns the break found, or STORE_CHAIN_SOUND;
 * prev becomes the row's stored hash either way (the hash the next record
 * was chained on). */
static enum store_chain_break
check_link(
    struct store *s, sqlite3_stmt *st, int64_t expected_seq, char prev[65])
{
	int64_t seq = sqlite3_column_int64(st, 0);
	const char *line = (const char *)sqlite3_column_text(st, 2);
	const char *stored = (const char *)sqlite3_column_text(st, 3);
	enum store_chain_break found = STORE_CHAIN_SOUND;
	char hash[65];

	if (seq != expected_seq) {
		found = STORE_CHAIN_MISSING;
	} else if (line == NULL ||
	    sqlite3_column_type(st, 4) != SQLITE_INTEGER ||
	    sqlite3_column_int64(st, 4) != seq ||
	    !same_text(st, 5, (const char *)sqlite3_column_text(st, 1)) ||
	    !same_text(st, 6, s->kiosk)) {
		found = STORE_CHAIN_MISLABELLED;
	} else if (record_line_hidden_byte(
	               line, (size_t)sqlite3_column_bytes(st, 2)) >= 0) {
		found = STORE_CHAIN_ALTERED; /* no frozen line holds one */
	} else {
		record_chain_hash(
		    prev, line, (size_t)sqlite3_column_bytes(st, 2), hash);
		if (!same_text(st, 3, hash)) {
			found = STORE_CHAIN_ALTERED;
		}
	}
	if (stored != NULL && strlen(stored) == 64) {
		memcpy(prev, stored, 65);
	}
	return found;
}

/* A message for a person about a break at record seq. */
static bool
break_message(
    enum store_chain_break b, int64_t seq, int64_t expected, struct error *err)
{
	switch (b) {
	case STORE_CHAIN_MISSING:
		return error_set(err,
		    _("the chain is broken at record %lld: "
		      "record %lld is missing"),
		    (long long)seq, (long long)expected);
	case STORE_CHAIN_MISLABELLED:
		return error_set(err,
		    _("the chain is broken at record %lld: "
		      "its line does not match its seq, uuid or kiosk"),
		    (long long)seq);
	default:
		return error_set(err,
		    _("the chain is broken at record %lld: "
		      "its hash does not match its line (the record was "
		      "altered)"),
		    (long long)seq);
	}
}

bool
store_verify_chain(struct store *s, int64_t *count, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char prev[65];
	int64_t n = 0, base = 0;
	bool ok = false;
	int rc;

	/* From the kept link of the last purge (the genesis before any). */
	if (!store_chain_base(s, &base, prev, err) ||
	    !store_prepare(s, chain_sql, &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, 0);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		enum store_chain_break b =
		    check_link(s, st, base + n + 1, prev);
		if (b != STORE_CHAIN_SOUND) {
			break_message(b, seq, base + n + 1, err);
			goto out;
		}
		n++;
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, LOST_READ, err);
		goto out;
	}
	ok = true;
out:
	if (count != NULL) {
		*count = n;
	}
	sqlite3_finalize(st);
	return ok;
}

const char *
store_chain_break_name(enum store_chain_break b)
{
	switch (b) {
	case STORE_CHAIN_MISSING:
		return "missing";
	case STORE_CHAIN_MISLABELLED:
		return "mislabelled";
	case STORE_CHAIN_ALTERED:
		return "altered";
	default:
		return "sound";
	}
}

/* The link the last check ended on: a seq and the hash it verified. */
static bool
read_verified(struct store *s, int64_t *seq, char hash[65], struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT verified_seq, verified_hash FROM chain_check "
	        "WHERE id = 1",
	        &st, err)) {
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

static bool
write_verified(
    struct store *s, int64_t seq, const char *hash, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char now[25];
	bool ok = false;

	if (!store_prepare(s,
	        "UPDATE chain_check SET verified_seq = ?1, "
	        "verified_hash = ?2, checked_at = ?3 WHERE id = 1",
	        &st, err)) {
		goto out;
	}
	clock_format_iso(clock_now_ms(), now);
	sqlite3_bind_int64(st, 1, seq);
	sqlite3_bind_text(st, 2, hash, 64, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, now, -1, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_DONE) {
		store_fail(s, sqlite3_errcode(s->db), LOST_CHECK, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Appends the chain_broken event of one break, in the open transaction. */
static bool
append_break(
    struct store *s, const struct store_chain_found *b, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT CASE WHEN ?2 = 'missing' THEN json_object('event', "
	        "'chain_broken', 'seq', ?1, 'why', ?2, 'from', ?3, 'to', ?1 - 1)"
	        " ELSE json_object('event', 'chain_broken', 'seq', ?1, 'why', ?2)"
	        " END",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, b->seq);
	sqlite3_bind_text(
	    st, 2, store_chain_break_name(b->why), -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, b->missing_from);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), LOST_CHECK, err);
		goto out;
	}
	struct store_new_record r = {
		.type = RECORD_EVENT,
		.mode = "self",
		.payload = (const char *)sqlite3_column_text(st, 0),
		.created_ms = clock_now_ms(),
		.lost = LOST_CHECK,
	};
	ok = store_append_in_tx(s, &r, NULL, err);
out:
	sqlite3_finalize(st);
	return ok;
}

/* Where a check starts: the verified link, or with unsent, the last
 * acknowledged record when it is older (its stored hash: the collector
 * holds that record and checks the next batch against it).  Never before
 * the kept link of the last purge: what is before it is gone (a purge
 * moves the verified link up to it, see purge.c). */
static bool
start_link(struct store *s, bool unsent, int64_t *seq, char hash[65],
    int64_t *verified, struct error *err)
{
	int64_t acked = 0, base = 0;
	char base_hash[65];

	if (!read_verified(s, verified, hash, err) ||
	    !store_chain_base(s, &base, base_hash, err)) {
		return false;
	}
	if (*verified < base) {
		*verified = base;
		memcpy(hash, base_hash, 65);
	}
	*seq = *verified;
	if (!unsent || !store_sync_acked(s, &acked, err)) {
		return !unsent;
	}
	if (acked < *verified && store_record_hash(s, acked, hash, NULL)) {
		*seq = acked;
	}
	return true;
}

/* Whether a chain_broken event already names record seq. */
static bool
already_told(struct store *s, int64_t seq, bool *told, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT count(*) FROM records WHERE type = 'event' "
	        "AND json_extract(line, '$.payload.event') = 'chain_broken' "
	        "AND json_extract(line, '$.payload.seq') = ?1",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, seq);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), LOST_READ, err);
		goto out;
	}
	*told = sqlite3_column_int64(st, 0) > 0;
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Appends the events of the breaks not told before; c keeps only those. */
static bool
tell_breaks(struct store *s, struct store_chain *c, struct error *err)
{
	size_t kept = 0;
	bool told;

	for (size_t i = 0; i < c->nfound; i++) {
		if (!already_told(s, c->found[i].seq, &told, err)) {
			return false;
		}
		if (!told) {
			c->found[kept++] = c->found[i];
		}
	}
	c->nfound = kept;
	for (size_t i = 0; i < c->nfound; i++) {
		if (!append_break(s, &c->found[i], err)) {
			return false;
		}
	}
	return true;
}

/* Goes over the records after the verified link, into *c (whose breaks
 * array this grows).  *last and hash get the link it ended on. */
static bool
scan(struct store *s, struct store_chain *c, int64_t *last, char hash[65],
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s, chain_sql, &st, err)) {
		goto out;
	}
	sqlite3_bind_int64(st, 1, *last);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		int64_t seq = sqlite3_column_int64(st, 0);
		enum store_chain_break b = check_link(s, st, *last + 1, hash);
		if (b != STORE_CHAIN_SOUND &&
		    c->nfound < STORE_CHAIN_MAX_FOUND) {
			c->found[c->nfound++] = (struct store_chain_found){
				.seq = seq, .why = b, .missing_from = *last + 1
			};
		}
		c->checked++;
		*last = seq;
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

bool
store_check_chain(
    struct store *s, bool unsent, struct store_chain *c, struct error *err)
{
	char hash[65];
	int64_t last = 0, verified = 0;
	bool ok;

	memset(c, 0, sizeof *c);
	ok = store_begin(s, LOST_CHECK, err) &&
	    start_link(s, unsent, &last, hash, &verified, err);
	c->from_seq = last + 1;
	ok = ok && scan(s, c, &last, hash, err) &&
	    (last <= verified || write_verified(s, last, hash, err)) &&
	    tell_breaks(s, c, err) && store_commit(s, LOST_CHECK, err);
	if (!ok) {
		store_rollback(s);
	}
	return ok;
}

bool
store_chain_breaks(
    struct store *s, int64_t *count, int64_t *first_seq, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT count(*), min(json_extract(line, '$.payload.seq')) "
	        "FROM records WHERE type = 'event' "
	        "AND json_extract(line, '$.payload.event') = 'chain_broken'",
	        &st, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), LOST_READ, err);
		goto out;
	}
	*count = sqlite3_column_int64(st, 0);
	*first_seq = sqlite3_column_int64(st, 1);
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

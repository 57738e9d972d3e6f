/*
 * Storing a checked batch (see ingest.h).
 *
 * Each record is inserted directly; the unique uuid and the primary key
 * (kiosk, seq) make SQLite refuse one that is already there, and only then
 * is the stored record read to tell a duplicate (same kiosk, seq and
 * bytes) from a conflict.  A fresh batch, the usual case, costs one
 * INSERT per record.
 *
 * The chain: the records' hashes are recomputed from the header's
 * prev_hash, and each stored record keeps the hash so computed.  Then:
 *   - the collector's own hash of first_seq - 1 (or the genesis hash for
 *     first_seq 1), when it has that record, must be prev_hash;
 *   - the recomputed hash of last_seq must be the header's last_hash;
 *   - when the collector already holds last_seq + 1, that record's stored
 *     hash must follow from the recomputed hash of last_seq;
 *   - first_seq must not be beyond the collector's last seq + 1 (a gap).
 * Each failure is a row of chain_events (once: the same break seen again
 * in a resent batch is not counted twice) and an alarm line.
 */
#include "ingest.h"

#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "record.h"

static const char insert_sql[] =
    "INSERT INTO records (kiosk, seq, uuid, type, form_id, form_version,"
    " line, hash, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

static const char by_uuid_sql[] =
    "SELECT kiosk, seq, line FROM records WHERE uuid = ?1"
    " UNION ALL"
    " SELECT kiosk, seq, line FROM records WHERE kiosk = ?2 AND seq = ?3"
    " LIMIT 1";

static const char event_sql[] =
    "INSERT OR IGNORE INTO chain_events (kiosk, kind, seq_from, seq_to,"
    " expected, got, noticed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)";

struct ingest {
	struct db *d;
	struct batch *b;
	FILE *alarm;
	struct ingest_result *res;
	struct error *err;
	sqlite3_stmt *insert;
	sqlite3_stmt *stored;
	char now[25];
	char running[65];     /* the chain hash after the last line done */
	bool prev_known;      /* the collector holds first_seq - 1 */
	char prev_stored[65]; /* its hash (or the genesis hash) */
	int64_t last_stored;  /* the kiosk's last seq before the batch */
	char alarms[4][320];  /* chain alarms, written after COMMIT */
	size_t nalarms;
};

static const char lost[] = "the batch was not stored";

static enum ingest_status
db_status(struct ingest *in)
{
	return db_busy(in->d) ? INGEST_BUSY : INGEST_FAILED;
}

static enum ingest_status
from_batch(enum batch_status s)
{
	switch (s) {
	case BATCH_OK:
		return INGEST_OK;
	case BATCH_BAD:
		return INGEST_BAD;
	case BATCH_FORBIDDEN:
		return INGEST_FORBIDDEN;
	case BATCH_FAILED:
		break;
	}
	return INGEST_FAILED;
}

/* A bundle's kiosk must be enrolled and not revoked. */
static enum ingest_status
check_enrolled(struct db *d, const char *kiosk, struct error *err)
{
	sqlite3_stmt *st = NULL;
	enum ingest_status s = INGEST_FAILED;
	int rc;

	if (!db_prepare(
	        d, "SELECT revoked_at FROM kiosks WHERE name = ?1", &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error_set(err,
		    "kiosk \"%s\" is not enrolled (enrol it with "
		    "parvis-collect kiosk add %s)",
		    kiosk, kiosk);
		s = INGEST_FORBIDDEN;
	} else if (rc != SQLITE_ROW) {
		db_fail(d, rc, lost, err);
	} else if (sqlite3_column_type(st, 0) != SQLITE_NULL) {
		error_set(err,
		    "kiosk \"%s\" was revoked on %s; its records "
		    "are no longer taken",
		    kiosk, sqlite3_column_text(st, 0));
		s = INGEST_FORBIDDEN;
	} else {
		s = INGEST_OK;
	}
out:
	sqlite3_finalize(st);
	return s;
}

static void
bind_line(struct ingest *in, const struct batch_line *l, const char *hash)
{
	sqlite3_stmt *st = in->insert;

	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, l->seq);
	sqlite3_bind_text(st, 3, l->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, l->type, -1, SQLITE_STATIC);
	if (l->form_id != NULL) {
		sqlite3_bind_text(st, 5, l->form_id, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 6, l->form_version);
	}
	sqlite3_bind_text(st, 7, l->text, (int)l->len, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, hash, 64, SQLITE_STATIC);
	sqlite3_bind_text(st, 9, in->now, -1, SQLITE_STATIC);
}

/* Logs the conflict with the SHA-256 of both lines. */
static enum ingest_status
conflict(struct ingest *in, const struct batch_line *l, sqlite3_stmt *st)
{
	char stored[65], received[65];

	ids_sha256_hex(sqlite3_column_text(st, 2),
	    (size_t)sqlite3_column_bytes(st, 2), stored);
	ids_sha256_hex(l->text, l->len, received);
	if (in->alarm != NULL) {
		fprintf(in->alarm,
		    "ALARM conflict: kiosk %s seq %lld uuid %s "
		    "differs from the stored record (kiosk %s seq %lld): "
		    "stored line sha256 %s, received %s; batch %lld-%lld "
		    "refused\n",
		    in->b->kiosk, (long long)l->seq, l->uuid,
		    sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1), stored, received,
		    (long long)in->b->first_seq, (long long)in->b->last_seq);
	}
	error_set(in->err,
	    "line %lld: record %s (seq %lld) differs from the "
	    "one the collector already holds (stored line sha256 %s, "
	    "received %s); nothing of this batch was stored",
	    (long long)(l->seq - in->b->first_seq + 2), l->uuid,
	    (long long)l->seq, stored, received);
	return INGEST_CONFLICT;
}

/* The insert was refused: a duplicate, or a conflict. */
static enum ingest_status
already_there(struct ingest *in, const struct batch_line *l)
{
	enum ingest_status s = INGEST_FAILED;
	int rc;

	sqlite3_reset(in->stored);
	sqlite3_bind_text(in->stored, 1, l->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(in->stored, 2, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(in->stored, 3, l->seq);
	rc = sqlite3_step(in->stored);
	if (rc != SQLITE_ROW) {
		db_fail(in->d, rc == SQLITE_DONE ? SQLITE_CONSTRAINT : rc, lost,
		    in->err);
		return db_status(in);
	}
	if (strcmp((const char *)sqlite3_column_text(in->stored, 0),
	        in->b->kiosk) == 0 &&
	    sqlite3_column_int64(in->stored, 1) == l->seq &&
	    (size_t)sqlite3_column_bytes(in->stored, 2) == l->len &&
	    memcmp(sqlite3_column_text(in->stored, 2), l->text, l->len) == 0) {
		in->res->duplicates++;
		s = INGEST_OK;
	} else {
		s = conflict(in, l, in->stored);
	}
	sqlite3_reset(in->stored);
	return s;
}

static enum ingest_status
store_line(struct ingest *in, const struct batch_line *l)
{
	char hash[65];
	int rc;

	record_chain_hash(in->running, l->text, l->len, hash);
	memcpy(in->running, hash, sizeof hash);
	bind_line(in, l, hash);
	rc = sqlite3_step(in->insert);
	sqlite3_reset(in->insert);
	if (rc == SQLITE_DONE) {
		in->res->accepted++;
		return INGEST_OK;
	}
	if ((rc & 0xff) == SQLITE_CONSTRAINT) {
		return already_there(in, l);
	}
	db_fail(in->d, rc, lost, in->err);
	return db_status(in);
}

/* Records a chain event unless the same one is already recorded, and
 * raises the alarm when it is new. */
static enum ingest_status
chain_event(struct ingest *in, const char *kind, int64_t from, int64_t to,
    const char *expected, const char *got)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, event_sql, &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, from);
	sqlite3_bind_int64(st, 4, to);
	sqlite3_bind_text(st, 5, expected, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, got, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, in->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	if (sqlite3_changes(in->d->h) == 0) {
		return INGEST_OK;
	}
	if (strcmp(kind, "gap") == 0) {
		in->res->gaps++;
	} else {
		in->res->mismatches++;
	}
	if (in->nalarms < sizeof in->alarms / sizeof in->alarms[0]) {
		snprintf(in->alarms[in->nalarms++], sizeof in->alarms[0],
		    "ALARM chain %s: kiosk %s seq %lld-%lld%s%s%s%s; records "
		    "stored and flagged",
		    kind, in->b->kiosk, (long long)from, (long long)to,
		    *expected ? " expected " : "", expected,
		    *got ? " got " : "", got);
	}
	return INGEST_OK;
}

/* The hash and presence of the collector's record seq of this kiosk:
 * *found false when it has none.  seq 0 is the genesis. */
static bool
stored_hash(
    struct ingest *in, int64_t seq, char hash[65], bool *found, char **line)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*found = false;
	if (!db_prepare(in->d,
	        "SELECT hash, line FROM records WHERE kiosk = "
	        "?1 AND seq = ?2",
	        &st, in->err)) {
		return false;
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(hash, 65, "%s", sqlite3_column_text(st, 0));
		*found = true;
		if (line != NULL) {
			*line =
			    strdup((const char *)sqlite3_column_text(st, 1));
			*found = *line != NULL;
		}
	} else if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Before the records go in: the collector's hash of first_seq - 1 and
 * the kiosk's highest stored seq. */
static enum ingest_status
read_before(struct ingest *in)
{
	const struct batch *b = in->b;
	sqlite3_stmt *st = NULL;
	int rc;

	memcpy(in->prev_stored, RECORD_GENESIS, sizeof in->prev_stored);
	in->prev_known = b->first_seq == 1;
	if (!in->prev_known &&
	    !stored_hash(
	        in, b->first_seq - 1, in->prev_stored, &in->prev_known, NULL)) {
		return db_status(in);
	}
	if (!db_prepare(in->d,
	        "SELECT coalesce(max(seq), 0) FROM records "
	        "WHERE kiosk = ?1",
	        &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, b->kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	in->last_stored = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	return INGEST_OK;
}

/* The link to first_seq - 1, and a gap before first_seq. */
static enum ingest_status
check_before(struct ingest *in)
{
	const struct batch *b = in->b;
	enum ingest_status s = INGEST_OK;

	if (in->prev_known && strcmp(in->prev_stored, b->prev_hash) != 0) {
		s = chain_event(in, "mismatch", b->first_seq, b->first_seq,
		    in->prev_stored, b->prev_hash);
	}
	if (s == INGEST_OK && b->first_seq > in->last_stored + 1) {
		s = chain_event(
		    in, "gap", in->last_stored + 1, b->first_seq - 1, "", "");
	}
	return s;
}

/* The recomputed last hash, and the link to a stored last_seq + 1. */
static enum ingest_status
check_after(struct ingest *in)
{
	const struct batch *b = in->b;
	enum ingest_status s = INGEST_OK;
	char hash[65], next[65];
	char *line = NULL;
	bool found = false;

	if (strcmp(in->running, b->last_hash) != 0) {
		s = chain_event(in, "mismatch", b->first_seq, b->last_seq,
		    b->last_hash, in->running);
	}
	if (s != INGEST_OK) {
		return s;
	}
	if (!stored_hash(in, b->last_seq + 1, hash, &found, &line)) {
		return db_status(in);
	}
	if (found) {
		record_chain_hash(in->running, line, strlen(line), next);
		if (strcmp(next, hash) != 0) {
			s = chain_event(in, "mismatch", b->last_seq + 1,
			    b->last_seq + 1, hash, next);
		}
	}
	free(line);
	return s;
}

static enum ingest_status
touch_kiosk(struct ingest *in)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d,
	        "UPDATE kiosks SET last_sync_at = ?1 WHERE "
	        "name = ?2",
	        &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->b->kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	return INGEST_OK;
}

static enum ingest_status
store_all(struct ingest *in)
{
	enum ingest_status s = read_before(in);

	for (size_t i = 0; i < in->b->nlines && s == INGEST_OK; i++) {
		s = store_line(in, &in->b->lines[i]);
	}
	if (s == INGEST_OK) {
		s = check_before(in);
	}
	if (s == INGEST_OK) {
		s = check_after(in);
	}
	return s == INGEST_OK ? touch_kiosk(in) : s;
}

/* One transaction: the records, the chain events, the kiosk's last sync.
 * Chain alarms are written only once they are committed. */
static enum ingest_status
run_transaction(struct ingest *in)
{
	enum ingest_status s;

	db_now(in->now);
	memcpy(in->running, in->b->prev_hash, sizeof in->running);
	if (!db_begin(in->d, lost, in->err)) {
		return db_status(in);
	}
	if (!db_prepare(in->d, insert_sql, &in->insert, in->err) ||
	    !db_prepare(in->d, by_uuid_sql, &in->stored, in->err)) {
		s = db_status(in);
	} else {
		s = store_all(in);
	}
	sqlite3_finalize(in->insert);
	sqlite3_finalize(in->stored);
	if (s == INGEST_OK && !db_commit(in->d, lost, in->err)) {
		s = db_status(in);
	}
	if (s != INGEST_OK) {
		db_rollback(in->d);
		return s;
	}
	for (size_t i = 0; i < in->nalarms && in->alarm != NULL; i++) {
		fprintf(in->alarm, "%s\n", in->alarms[i]);
	}
	return INGEST_OK;
}

enum ingest_status
ingest_batch(struct db *d, const char *kiosk, const char *data, size_t len,
    FILE *alarm, struct ingest_result *res, struct error *err)
{
	struct batch b;
	struct ingest in = {
		.d = d,
		.b = &b,
		.alarm = alarm,
		.res = res,
		.err = err,
	};
	enum ingest_status s;

	memset(res, 0, sizeof *res);
	s = from_batch(batch_parse(d->h, kiosk, data, len, &b, err));
	if (s != INGEST_OK) {
		return s;
	}
	snprintf(res->kiosk, sizeof res->kiosk, "%s", b.kiosk);
	if (kiosk == NULL) {
		s = check_enrolled(d, b.kiosk, err);
	}
	if (s == INGEST_OK) {
		s = run_transaction(&in);
	}
	batch_finish(&b);
	if (s == INGEST_OK) {
		res->acked_through = b.last_seq;
	} else {
		res->accepted = res->duplicates = res->gaps = 0;
		res->mismatches = 0;
	}
	return s;
}

/*
 * Storing a checked batch (see ingest.h).
 *
 * Each record is looked up by its uuid (under any kiosk) and by the
 * batch's kiosk and its seq, through two indexes, before it is inserted:
 *   - the same kiosk, seq and bytes already there: a duplicate, counted;
 *   - nothing there: stored;
 *   - the kiosk's seq or uuid there with other bytes: a conflict; the new
 *     version is stored all the same, and both go into quarantine;
 *   - the uuid there under another kiosk: an impostor (one of the two
 *     relabelled the other's records); stored, both in quarantine.
 * A record in quarantine is kept but counted nowhere (the view
 * counted_records) until an admin decides (quarantine.c).
 *
 * The chain: the records' hashes are recomputed from the header's
 * prev_hash, and each stored record keeps the hash so computed; after a
 * hole the kiosk declared, the chain goes on from the hash the header
 * gives for the line after it.  Then:
 *   - the collector's hash of first_seq - 1 (the genesis hash for
 *     first_seq 1; a record's, or a hash it was told in an earlier batch),
 *     when it has one, must be prev_hash;
 *   - the recomputed hash of last_seq must be the header's last_hash;
 *   - when the collector already holds last_seq + 1, that record's stored
 *     hash must follow from the recomputed hash of last_seq;
 *   - first_seq must not be beyond the collector's last seq + 1 (a gap).
 * A mismatch puts the batch's new records in quarantine.  The header's
 * last_hash is kept (chain_links), so the next batch links to what the
 * kiosk holds and one altered record does not taint all that follows.
 * Each event is a row of chain_events (once: the same break seen again in
 * a resent batch is not counted twice) and an alarm line.
 */
#include "ingest.h"
#include "ingest_impl.h"

const char ingest_lost[] = "the batch was not stored";

#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "record.h"

static const char insert_sql[] =
    "INSERT INTO records (kiosk, seq, uuid, type, form_id, form_version,"
    " line, hash, received_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)";

/* What the collector holds under the line's uuid or the kiosk's seq;
 * an erased record (purged) of the kiosk's seq too, with id 0 and the
 * uuid in place of its line. */
static const char held_sql[] =
    "SELECT id, kiosk, seq, line FROM records WHERE uuid = ?1"
    " UNION"
    " SELECT id, kiosk, seq, line FROM records WHERE kiosk = ?2 AND seq = ?3"
    " UNION"
    " SELECT 0, kiosk, seq, uuid FROM purged WHERE kiosk = ?2 AND seq = ?3"
    " ORDER BY 1";

static const char quarantine_sql[] =
    "INSERT OR IGNORE INTO quarantine (record_id, reason, detail,"
    " noticed_at) VALUES (?1, ?2, ?3, ?4)";

enum ingest_status
ingest_db_status(struct ingest *in)
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
		db_fail(d, rc, ingest_lost, err);
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

/* Puts record id into quarantine for reason (kept if already there). */
static enum ingest_status
quarantine(
    struct ingest *in, int64_t id, const char *reason, const char *detail)
{
	sqlite3_stmt *st = in->quarantine;
	int rc;

	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, reason, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	in->res->quarantined += sqlite3_changes(in->d->h);
	return INGEST_OK;
}

/* Reads what the collector holds under l's uuid or seq into held[]. */
static enum ingest_status
read_held(
    struct ingest *in, const struct batch_line *l, struct held *held, size_t *n)
{
	sqlite3_stmt *st = in->held;
	int rc;

	*n = 0;
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, l->uuid, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, l->seq);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && *n < HELD_MAX) {
		struct held *h = &held[(*n)++];
		const void *line = sqlite3_column_text(st, 3);
		size_t len = (size_t)sqlite3_column_bytes(st, 3);

		h->id = sqlite3_column_int64(st, 0);
		snprintf(h->kiosk, sizeof h->kiosk, "%s",
		    (const char *)sqlite3_column_text(st, 1));
		h->seq = sqlite3_column_int64(st, 2);
		/* An erased record sent again: the same if the same uuid (it
		 * stays erased). */
		h->same = h->id == 0
		    ? strcmp(line, l->uuid) == 0
		    : strcmp(h->kiosk, in->b->kiosk) == 0 && h->seq == l->seq &&
		        len == l->len && memcmp(line, l->text, len) == 0;
		ids_sha256_hex(line, len, h->sha256);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	return INGEST_OK;
}

/* The new record id collides with h: both into quarantine, the event on
 * the sending kiosk, an alarm. */
static enum ingest_status
collision(struct ingest *in, const struct batch_line *l, int64_t id,
    const struct held *h)
{
	bool impostor = strcmp(h->kiosk, in->b->kiosk) != 0;
	const char *reason = impostor ? "impostor" : "conflict";
	char received[65], detail[200], line[400];
	enum ingest_status s;
	bool fresh;

	ids_sha256_hex(l->text, l->len, received);
	if (impostor) {
		snprintf(detail, sizeof detail,
		    "uuid %s sent by kiosk %s as seq %lld, held from kiosk %s "
		    "as seq %lld",
		    l->uuid, in->b->kiosk, (long long)l->seq, h->kiosk,
		    (long long)h->seq);
	} else {
		snprintf(detail, sizeof detail,
		    "seq %lld or uuid %s held with other bytes (record %lld)",
		    (long long)l->seq, l->uuid, (long long)h->id);
	}
	s = quarantine(in, id, reason, detail);
	if (s == INGEST_OK && h->id != 0) {
		s = quarantine(in, h->id, reason, detail);
	}
	if (s == INGEST_OK) {
		s = ingest_chain_event(in, reason, l->seq, l->seq, h->sha256,
		    received, detail, &fresh);
	}
	if (s != INGEST_OK || !fresh) {
		return s;
	}
	if (impostor) {
		snprintf(line, sizeof line,
		    "ALARM impostor: kiosk %s sent seq %lld with uuid %s, "
		    "which kiosk %s sent as seq %lld (line sha256 %s, "
		    "received %s): both kept, in quarantine",
		    in->b->kiosk, (long long)l->seq, l->uuid, h->kiosk,
		    (long long)h->seq, h->sha256, received);
	} else {
		snprintf(line, sizeof line,
		    "ALARM conflict: kiosk %s seq %lld uuid %s differs from "
		    "the stored record (kiosk %s seq %lld): stored line sha256 "
		    "%s, received %s; both kept, in quarantine",
		    in->b->kiosk, (long long)l->seq, l->uuid, h->kiosk,
		    (long long)h->seq, h->sha256, received);
	}
	ingest_alarm_later(in, line);
	return INGEST_OK;
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

static enum ingest_status
store_line(struct ingest *in, const struct batch_line *l)
{
	struct held held[HELD_MAX];
	size_t nheld;
	char hash[65];
	int64_t id;
	enum ingest_status s = ingest_line_hash(in, l, hash);
	int rc;

	if (s == INGEST_OK) {
		s = read_held(in, l, held, &nheld);
	}
	if (s != INGEST_OK) {
		return s;
	}
	for (size_t i = 0; i < nheld; i++) {
		if (held[i].same) {
			in->res->duplicates++;
			return INGEST_OK;
		}
	}
	bind_line(in, l, hash);
	rc = sqlite3_step(in->insert);
	sqlite3_reset(in->insert);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	id = sqlite3_last_insert_rowid(in->d->h);
	in->res->accepted++;
	for (size_t i = 0; i < nheld && s == INGEST_OK; i++) {
		s = collision(in, l, id, &held[i]);
	}
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
		return ingest_db_status(in);
	}
	sqlite3_bind_text(st, 1, in->now, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, in->b->kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	return INGEST_OK;
}

static enum ingest_status
store_all(struct ingest *in)
{
	enum ingest_status s = ingest_read_before(in);

	for (size_t i = 0; i < in->b->nlines && s == INGEST_OK; i++) {
		s = store_line(in, &in->b->lines[i]);
	}
	if (s == INGEST_OK) {
		s = ingest_check_before(in);
	}
	if (s == INGEST_OK) {
		s = ingest_check_after(in);
	}
	if (s == INGEST_OK) {
		s = ingest_keep_link(
		    in, in->b->last_seq, in->b->last_hash, "batch");
	}
	return s == INGEST_OK ? touch_kiosk(in) : s;
}

/* One transaction: the records, the quarantine, the chain events and
 * links, the kiosk's last sync.  Alarms are written only once they are
 * committed. */
static enum ingest_status
run_transaction(struct ingest *in)
{
	enum ingest_status s;

	db_now(in->now);
	memcpy(in->running, in->b->prev_hash, sizeof in->running);
	if (!db_begin(in->d, ingest_lost, in->err)) {
		return ingest_db_status(in);
	}
	if (!db_prepare(in->d, insert_sql, &in->insert, in->err) ||
	    !db_prepare(in->d, held_sql, &in->held, in->err) ||
	    !db_prepare(in->d, quarantine_sql, &in->quarantine, in->err)) {
		s = ingest_db_status(in);
	} else {
		s = store_all(in);
	}
	sqlite3_finalize(in->insert);
	sqlite3_finalize(in->held);
	sqlite3_finalize(in->quarantine);
	if (s == INGEST_OK && !db_commit(in->d, ingest_lost, in->err)) {
		s = ingest_db_status(in);
	}
	if (s != INGEST_OK) {
		db_rollback(in->d);
		return s;
	}
	for (size_t i = 0; i < in->nalarms && in->alarm != NULL; i++) {
		fprintf(in->alarm, "%s\n", in->alarms[i]);
	}
	if (in->dropped > 0 && in->alarm != NULL) {
		fprintf(in->alarm,
		    "ALARM and %zu more for kiosk %s in this batch (see "
		    "parvis-collect kiosk list)\n",
		    in->dropped, in->b->kiosk);
	}
	return INGEST_OK;
}

enum ingest_status
ingest_batch(struct db *d, const char *kiosk, const char *data, size_t len,
    FILE *alarm, struct ingest_result *res, struct error *err)
{
	struct batch b;
	struct ingest *in = calloc(1, sizeof *in);
	enum ingest_status s;

	memset(res, 0, sizeof *res);
	if (in == NULL) {
		error_set(err, "out of memory: %s", ingest_lost);
		return INGEST_FAILED;
	}
	*in = (struct ingest){
		.d = d,
		.b = &b,
		.alarm = alarm,
		.res = res,
		.err = err,
	};
	s = from_batch(batch_parse(d->h, kiosk, data, len, &b, err));
	if (s != INGEST_OK) {
		free(in);
		return s;
	}
	snprintf(res->kiosk, sizeof res->kiosk, "%s", b.kiosk);
	if (kiosk == NULL) {
		s = check_enrolled(d, b.kiosk, err);
	}
	if (s == INGEST_OK) {
		s = run_transaction(in);
	}
	free(in);
	if (s == INGEST_OK) {
		res->first_seq = b.first_seq;
		res->acked_through = b.last_seq;
	} else {
		memset(res, 0, sizeof *res);
		snprintf(res->kiosk, sizeof res->kiosk, "%s", b.kiosk);
	}
	batch_finish(&b);
	return s;
}

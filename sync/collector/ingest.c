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

/* The batch's new records (id above ?2), into quarantine. */
static const char quarantine_batch_sql[] =
    "INSERT OR IGNORE INTO quarantine (record_id, reason, detail,"
    " noticed_at) SELECT id, 'chain', ?3, ?4 FROM records"
    " WHERE kiosk = ?1 AND id > ?2";

static const char event_sql[] =
    "INSERT OR IGNORE INTO chain_events (kiosk, kind, seq_from, seq_to,"
    " expected, got, why, noticed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7,"
    " ?8)";

static const char link_sql[] =
    "INSERT OR IGNORE INTO chain_links (kiosk, seq, hash, source)"
    " VALUES (?1, ?2, ?3, ?4)";

/* Whether the collector has a hash for seq ?2 of kiosk ?1 (a record's,
 * or one it was told), whether one of them is ?3, and the first one. */
static const char link_known_sql[] =
    "WITH h (hash, o) AS ("
    " SELECT hash, id FROM records WHERE kiosk = ?1 AND seq = ?2"
    " UNION ALL SELECT hash, 0 FROM purged WHERE kiosk = ?1 AND seq = ?2"
    " UNION ALL SELECT hash, 9e18 FROM chain_links"
    "  WHERE kiosk = ?1 AND seq = ?2)"
    " SELECT count(*) > 0, coalesce(sum(hash = ?3), 0) > 0,"
    " (SELECT hash FROM h ORDER BY o LIMIT 1) FROM h";

/* The kiosk's highest seq the collector knows of, and its highest id. */
static const char before_sql[] =
    "SELECT max(coalesce((SELECT max(seq) FROM records WHERE kiosk = ?1), 0),"
    " coalesce((SELECT max(seq) FROM purged WHERE kiosk = ?1), 0),"
    " coalesce((SELECT max(seq) FROM chain_links WHERE kiosk = ?1), 0)),"
    " coalesce((SELECT max(id) FROM records), 0)";

#define NALARMS 16
#define HELD_MAX 8

struct ingest {
	struct db *d;
	struct batch *b;
	FILE *alarm;
	struct ingest_result *res;
	struct error *err;
	sqlite3_stmt *insert;
	sqlite3_stmt *held;
	sqlite3_stmt *quarantine;
	char now[25];
	char running[65];          /* the chain hash after the last line done */
	int64_t last_stored;       /* the kiosk's last seq before the batch */
	int64_t base_id;           /* the highest record id before the batch */
	size_t hole;               /* the next declared hole */
	char alarms[NALARMS][400]; /* written after COMMIT */
	size_t nalarms;
	size_t dropped; /* alarms beyond NALARMS */
};

/* A record the collector holds that shares the line's uuid or seq. */
struct held {
	int64_t id;
	char kiosk[BATCH_NAME_MAX + 1];
	int64_t seq;
	bool same; /* same kiosk, seq and bytes: the line is a duplicate */
	char sha256[65];
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

/* Keeps an alarm line, written once the transaction is committed. */
static void
alarm_later(struct ingest *in, const char *line)
{
	if (in->nalarms < NALARMS) {
		snprintf(in->alarms[in->nalarms++], sizeof in->alarms[0], "%s",
		    line);
	} else {
		in->dropped++;
	}
}

/* Records an event unless the same one is already recorded; *fresh says
 * whether it is new (and counted). */
static enum ingest_status
chain_event(struct ingest *in, const char *kind, int64_t from, int64_t to,
    const char *expected, const char *got, const char *why, bool *fresh)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*fresh = false;
	if (!db_prepare(in->d, event_sql, &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, kind, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, from);
	sqlite3_bind_int64(st, 4, to);
	sqlite3_bind_text(st, 5, expected, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 6, got, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 7, why, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 8, in->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	*fresh = sqlite3_changes(in->d->h) > 0;
	if (!*fresh) {
		return INGEST_OK;
	}
	if (strcmp(kind, "gap") == 0) {
		in->res->gaps++;
	} else if (strcmp(kind, "mismatch") == 0) {
		in->res->mismatches++;
	} else {
		in->res->conflicts++;
	}
	return INGEST_OK;
}

/* A gap or a mismatch: the event, and its alarm when it is new. */
static enum ingest_status
chain_break(struct ingest *in, const char *kind, int64_t from, int64_t to,
    const char *expected, const char *got, const char *why)
{
	char line[400];
	bool fresh;
	enum ingest_status s =
	    chain_event(in, kind, from, to, expected, got, why, &fresh);

	if (s == INGEST_OK && fresh) {
		snprintf(line, sizeof line,
		    "ALARM chain %s: kiosk %s seq %lld-%lld%s%s%s%s%s%s%s; "
		    "records stored%s",
		    kind, in->b->kiosk, (long long)from, (long long)to,
		    *expected ? " expected " : "", expected,
		    *got ? " got " : "", got, *why ? " (the kiosk says: " : "",
		    why, *why ? ")" : "",
		    strcmp(kind, "mismatch") == 0 ? ", in quarantine"
		                                  : " and flagged");
		alarm_later(in, line);
	}
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
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	in->res->quarantined += sqlite3_changes(in->d->h);
	return INGEST_OK;
}

/* The batch's new records into quarantine: their chain does not hold. */
static enum ingest_status
quarantine_batch(struct ingest *in, const char *detail)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, quarantine_batch_sql, &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, in->base_id);
	sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
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
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
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
		s = chain_event(in, reason, l->seq, l->seq, h->sha256, received,
		    detail, &fresh);
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
	alarm_later(in, line);
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

/* Keeps a hash the kiosk gave for one of its seqs. */
static enum ingest_status
keep_link(struct ingest *in, int64_t seq, const char *hash, const char *source)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, link_sql, &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	return INGEST_OK;
}

/* The chain hash of l: recomputed, or after a declared hole the one the
 * header gives (the hole is recorded as a gap, with the kiosk's why). */
static enum ingest_status
line_hash(struct ingest *in, const struct batch_line *l, char hash[65])
{
	const struct batch *b = in->b;
	const struct batch_hole *h =
	    in->hole < b->nholes ? &b->holes[in->hole] : NULL;
	enum ingest_status s;

	if (h == NULL || l->seq != h->to + 1) {
		record_chain_hash(in->running, l->text, l->len, hash);
		memcpy(in->running, hash, 65);
		return INGEST_OK;
	}
	in->hole++;
	memcpy(hash, h->next_hash, 65);
	memcpy(in->running, hash, 65);
	s = chain_break(in, "gap", h->from, h->to, "", "", h->why);
	return s == INGEST_OK ? keep_link(in, l->seq, hash, "hole") : s;
}

static enum ingest_status
store_line(struct ingest *in, const struct batch_line *l)
{
	struct held held[HELD_MAX];
	size_t nheld;
	char hash[65];
	int64_t id;
	enum ingest_status s = line_hash(in, l, hash);
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
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	id = sqlite3_last_insert_rowid(in->d->h);
	in->res->accepted++;
	for (size_t i = 0; i < nheld && s == INGEST_OK; i++) {
		s = collision(in, l, id, &held[i]);
	}
	return s;
}

/* Whether the collector has a hash for seq of this kiosk (*known),
 * whether hash is one of them (*linked), and the first one (*first). */
static enum ingest_status
link_known(struct ingest *in, int64_t seq, const char *hash, bool *known,
    bool *linked, char first[65])
{
	sqlite3_stmt *st = NULL;
	int rc;

	*known = *linked = false;
	first[0] = '\0';
	if (seq == 0) {
		*known = true;
		*linked = strcmp(hash, RECORD_GENESIS) == 0;
		memcpy(first, RECORD_GENESIS, 65);
		return INGEST_OK;
	}
	if (!db_prepare(in->d, link_known_sql, &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*known = sqlite3_column_int(st, 0) != 0;
		*linked = sqlite3_column_int(st, 1) != 0;
		if (sqlite3_column_type(st, 2) != SQLITE_NULL) {
			snprintf(first, 65, "%s", sqlite3_column_text(st, 2));
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	return INGEST_OK;
}

/* Before the records go in: the kiosk's highest known seq and the
 * highest record id. */
static enum ingest_status
read_before(struct ingest *in)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, before_sql, &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	in->last_stored = sqlite3_column_int64(st, 0);
	in->base_id = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_fail(in->d, rc, lost, in->err);
		return db_status(in);
	}
	return INGEST_OK;
}

/* A chain break that puts the batch's new records in quarantine. */
static enum ingest_status
mismatch(struct ingest *in, int64_t from, int64_t to, const char *expected,
    const char *got)
{
	char detail[200];
	enum ingest_status s =
	    chain_break(in, "mismatch", from, to, expected, got, "");

	snprintf(detail, sizeof detail,
	    "the chain does not hold at seq %lld-%lld (batch %lld-%lld)",
	    (long long)from, (long long)to, (long long)in->b->first_seq,
	    (long long)in->b->last_seq);
	return s == INGEST_OK ? quarantine_batch(in, detail) : s;
}

/* The link to first_seq - 1, and a gap before first_seq. */
static enum ingest_status
check_before(struct ingest *in)
{
	const struct batch *b = in->b;
	char first[65];
	bool known, linked;
	enum ingest_status s = link_known(
	    in, b->first_seq - 1, b->prev_hash, &known, &linked, first);

	if (s == INGEST_OK && known && !linked) {
		s = mismatch(
		    in, b->first_seq, b->first_seq, first, b->prev_hash);
	}
	if (s == INGEST_OK && b->first_seq > in->last_stored + 1) {
		s = chain_break(in, "gap", in->last_stored + 1,
		    b->first_seq - 1, "", "", "");
	}
	return s;
}

/* The recomputed last hash, and the link to a stored last_seq + 1. */
static enum ingest_status
check_after(struct ingest *in)
{
	const struct batch *b = in->b;
	enum ingest_status s = INGEST_OK;
	sqlite3_stmt *st = NULL;
	char next[65];
	int rc;

	if (strcmp(in->running, b->last_hash) != 0) {
		s = mismatch(
		    in, b->first_seq, b->last_seq, b->last_hash, in->running);
	}
	if (s != INGEST_OK) {
		return s;
	}
	if (!db_prepare(in->d,
	        "SELECT hash, line FROM records WHERE kiosk = ?1 AND seq = ?2"
	        " ORDER BY id LIMIT 1",
	        &st, in->err)) {
		return db_status(in);
	}
	sqlite3_bind_text(st, 1, b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, b->last_seq + 1);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		record_chain_hash(in->running,
		    (const char *)sqlite3_column_text(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), next);
		if (strcmp(next, (const char *)sqlite3_column_text(st, 0)) !=
		    0) {
			s = mismatch(in, b->last_seq + 1, b->last_seq + 1,
			    (const char *)sqlite3_column_text(st, 0), next);
		}
	} else if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, lost, in->err);
		s = db_status(in);
	}
	sqlite3_finalize(st);
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
	if (s == INGEST_OK) {
		s = keep_link(in, in->b->last_seq, in->b->last_hash, "batch");
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
	if (!db_begin(in->d, lost, in->err)) {
		return db_status(in);
	}
	if (!db_prepare(in->d, insert_sql, &in->insert, in->err) ||
	    !db_prepare(in->d, held_sql, &in->held, in->err) ||
	    !db_prepare(in->d, quarantine_sql, &in->quarantine, in->err)) {
		s = db_status(in);
	} else {
		s = store_all(in);
	}
	sqlite3_finalize(in->insert);
	sqlite3_finalize(in->held);
	sqlite3_finalize(in->quarantine);
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
		error_set(err, "out of memory: %s", lost);
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

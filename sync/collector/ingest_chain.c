/*
 * Ingest's hash chain (see ingest.c's contract): each line's hash, the
 * links to the records before and after the batch, the gaps and the
 * mismatches recorded once each, the hashes the kiosk declared kept in
 * chain_links, and the alarms written after COMMIT.
 */
#include <stdlib.h>
#include <string.h>

#include "ids.h"
#include "ingest_impl.h"
#include "record.h"

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

/* Keeps an alarm line, written once the transaction is committed. */
void
ingest_alarm_later(struct ingest *in, const char *line)
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
enum ingest_status
ingest_chain_event(struct ingest *in, const char *kind, int64_t from,
    int64_t to, const char *expected, const char *got, const char *why,
    bool *fresh)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*fresh = false;
	if (!db_prepare(in->d, event_sql, &st, in->err)) {
		return ingest_db_status(in);
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
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
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
enum ingest_status
ingest_chain_break(struct ingest *in, const char *kind, int64_t from,
    int64_t to, const char *expected, const char *got, const char *why)
{
	char line[400];
	bool fresh;
	enum ingest_status s =
	    ingest_chain_event(in, kind, from, to, expected, got, why, &fresh);

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
		ingest_alarm_later(in, line);
	}
	return s;
}

/* The batch's new records into quarantine: their chain does not hold. */
enum ingest_status
ingest_quarantine_batch(struct ingest *in, const char *detail)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, quarantine_batch_sql, &st, in->err)) {
		return ingest_db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, in->base_id);
	sqlite3_bind_text(st, 3, detail, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, in->now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	in->res->quarantined += sqlite3_changes(in->d->h);
	return INGEST_OK;
}

/* Keeps a hash the kiosk gave for one of its seqs. */
enum ingest_status
ingest_keep_link(
    struct ingest *in, int64_t seq, const char *hash, const char *source)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, link_sql, &st, in->err)) {
		return ingest_db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, seq);
	sqlite3_bind_text(st, 3, hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, source, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	return INGEST_OK;
}

/* The chain hash of l: recomputed, or after a declared hole the one the
 * header gives (the hole is recorded as a gap, with the kiosk's why). */
enum ingest_status
ingest_line_hash(struct ingest *in, const struct batch_line *l, char hash[65])
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
	s = ingest_chain_break(in, "gap", h->from, h->to, "", "", h->why);
	return s == INGEST_OK ? ingest_keep_link(in, l->seq, hash, "hole") : s;
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
		return ingest_db_status(in);
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
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
	}
	return INGEST_OK;
}

/* Before the records go in: the kiosk's highest known seq and the
 * highest record id. */
enum ingest_status
ingest_read_before(struct ingest *in)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(in->d, before_sql, &st, in->err)) {
		return ingest_db_status(in);
	}
	sqlite3_bind_text(st, 1, in->b->kiosk, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	in->last_stored = sqlite3_column_int64(st, 0);
	in->base_id = sqlite3_column_int64(st, 1);
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW) {
		db_fail(in->d, rc, ingest_lost, in->err);
		return ingest_db_status(in);
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
	    ingest_chain_break(in, "mismatch", from, to, expected, got, "");

	snprintf(detail, sizeof detail,
	    "the chain does not hold at seq %lld-%lld (batch %lld-%lld)",
	    (long long)from, (long long)to, (long long)in->b->first_seq,
	    (long long)in->b->last_seq);
	return s == INGEST_OK ? ingest_quarantine_batch(in, detail) : s;
}

/* The link to first_seq - 1, and a gap before first_seq. */
enum ingest_status
ingest_check_before(struct ingest *in)
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
		s = ingest_chain_break(in, "gap", in->last_stored + 1,
		    b->first_seq - 1, "", "", "");
	}
	return s;
}

/* The recomputed last hash, and the link to a stored last_seq + 1. */
enum ingest_status
ingest_check_after(struct ingest *in)
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
		return ingest_db_status(in);
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
		db_fail(in->d, rc, ingest_lost, in->err);
		s = ingest_db_status(in);
	}
	sqlite3_finalize(st);
	return s;
}

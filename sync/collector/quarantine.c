/*
 * Listing the quarantine and deciding on it (see quarantine.h).
 *
 * What counts is the view counted_records (db.c): a record not in
 * quarantine, or accepted from it.  Accepting is refused while another
 * version counts, so a (kiosk, seq) or a uuid never counts twice.
 */
#include "quarantine.h"

#include <string.h>

static const char list_sql[] =
    "SELECT q.record_id, r.kiosk, r.seq, r.uuid, q.reason, q.noticed_at,"
    " coalesce(d.decision || ' ' || d.decided_at, 'waiting'), q.detail,"
    " coalesce(d.note, '')"
    " FROM quarantine q JOIN records r ON r.id = q.record_id"
    " LEFT JOIN quarantine_decisions d ON d.record_id = q.record_id"
    " WHERE ?1 OR d.record_id IS NULL ORDER BY q.record_id";

/* The record in quarantine: whether decided, and another version of it
 * that counts (its id, or NULL). */
static const char state_sql[] =
    "SELECT EXISTS (SELECT 1 FROM quarantine_decisions"
    "  WHERE record_id = ?1),"
    " (SELECT c.id FROM counted_records c, records r WHERE r.id = ?1"
    "  AND c.id != r.id AND ((c.kiosk = r.kiosk AND c.seq = r.seq)"
    "   OR c.uuid = r.uuid) LIMIT 1)"
    " FROM quarantine WHERE record_id = ?1";

static const char *
text(sqlite3_stmt *st, int col)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	return v != NULL ? v : "";
}

bool
quarantine_list(struct db *d, bool all, FILE *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(d, list_sql, &st, err)) {
		return false;
	}
	sqlite3_bind_int(st, 1, all);
	fprintf(out, "%-8s %-24s %8s %-36s %-9s %-24s %-33s %s\n", "RECORD",
	    "KIOSK", "SEQ", "UUID", "REASON", "NOTICED", "DECISION", "DETAIL");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		fprintf(out,
		    "%-8lld %-24s %8lld %-36s %-9s %-24s %-33s %s%s%s\n",
		    (long long)sqlite3_column_int64(st, 0), text(st, 1),
		    (long long)sqlite3_column_int64(st, 2), text(st, 3),
		    text(st, 4), text(st, 5), text(st, 6), text(st, 7),
		    *text(st, 8) ? "; note: " : "", text(st, 8));
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		return db_fail(
		    d, rc, "the quarantine could not be listed", err);
	}
	return true;
}

/* Whether record id may be decided on now; err says why not. */
static bool
may_decide(struct db *d, int64_t id, bool accept, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!db_prepare(d, state_sql, &st, err)) {
		return false;
	}
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error_set(err,
		    "record %lld is not in quarantine (see parvis-collect "
		    "quarantine list)",
		    (long long)id);
	} else if (rc != SQLITE_ROW) {
		db_fail(d, rc, "nothing was decided", err);
	} else if (sqlite3_column_int(st, 0) != 0) {
		error_set(err,
		    "record %lld was already decided on, and a decision is "
		    "final (see parvis-collect quarantine list --all)",
		    (long long)id);
	} else if (accept && sqlite3_column_type(st, 1) != SQLITE_NULL) {
		error_set(err,
		    "record %lld cannot be accepted while record %lld, another "
		    "version of it, counts: reject that one first",
		    (long long)id, (long long)sqlite3_column_int64(st, 1));
	} else {
		ok = true;
	}
	sqlite3_finalize(st);
	return ok;
}

bool
quarantine_decide(
    struct db *d, int64_t id, bool accept, const char *note, struct error *err)
{
	static const char lost[] = "nothing was decided";
	sqlite3_stmt *st = NULL;
	char now[25];
	int rc;

	if (!db_begin(d, lost, err)) {
		return false;
	}
	if (!may_decide(d, id, accept, err) ||
	    !db_prepare(d,
	        "INSERT INTO quarantine_decisions (record_id, decision, note,"
	        " decided_at) VALUES (?1, ?2, ?3, ?4)",
	        &st, err)) {
		db_rollback(d);
		return false;
	}
	db_now(now);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(
	    st, 2, accept ? "accept" : "reject", -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 3, note, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		db_rollback(d);
		return false;
	}
	if (!db_commit(d, lost, err)) {
		db_rollback(d);
		return false;
	}
	return true;
}

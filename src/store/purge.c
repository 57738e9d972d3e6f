/*
 * Retention on the kiosk (see store_purge() in store.h): the one place
 * where records leave the database.
 *
 * The kiosk keeps what the collector has not acknowledged, and a few
 * days of the rest for the animator's figures; everything older goes, so
 * that a stolen kiosk holds days of answers, not years.  What goes is
 * always a prefix of the chain, from the kept link of the last purge to
 * the first record that must stay: the chain left has no hole, and the
 * link it starts from (the seq and hash of the last record removed) is
 * kept in chain_base.  Writing (write.c), the checks (chain.c) and a
 * sync's prev_hash (store_record_hash) go on from it.
 *
 * The append-only triggers of the schema (schema.c, version 4) abort
 * every DELETE of a record unless a row of purge_window covers its seq
 * and the collector acknowledged it.  That row is written and removed
 * within the purge's own transaction, so no other code path, no other
 * process and no crash can see it: a purge killed at any point leaves
 * the file as it was before it.
 *
 * The state the log book holds with no date (a consultation closed on
 * this kiosk) must survive the removal of the event that set it: such a
 * form_close is written again after the purge's own event.  The site and
 * the question of the day are today's, and today is never removed (the
 * cutoff is a local midnight, see parvis purge).
 */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "record.h"

#define LOST_PURGE N_("nothing was removed")

/* What a purge works out before it removes anything. */
struct plan {
	int64_t base;    /* the kept link before the purge */
	int64_t acked;   /* the last record the collector acknowledged */
	int64_t through; /* the last record to remove; base: none */
	char cutoff[25]; /* records created before it may go */
	char now[25];    /* when the purge runs (the clock of clock.h) */
	char hash[65];   /* the stored hash of record through */
	char **closed;   /* forms whose last form_close goes */
	size_t nclosed;
};

static void
plan_finish(struct plan *pl)
{
	for (size_t i = 0; i < pl->nclosed; i++) {
		free(pl->closed[i]);
	}
	free(pl->closed);
}

/* Binds ?1 = through, ?2 = its hash, ?3 = the cutoff, ?4 = acked, ?5 =
 * now, where sql has them. */
static void
bind_plan(sqlite3_stmt *st, const struct plan *pl)
{
	int n = sqlite3_bind_parameter_count(st);

	if (n >= 1) {
		sqlite3_bind_int64(st, 1, pl->through);
	}
	if (n >= 2) {
		sqlite3_bind_text(st, 2, pl->hash, -1, SQLITE_STATIC);
	}
	if (n >= 3) {
		sqlite3_bind_text(st, 3, pl->cutoff, -1, SQLITE_STATIC);
	}
	if (n >= 4) {
		sqlite3_bind_int64(st, 4, pl->acked);
	}
	if (n >= 5) {
		sqlite3_bind_text(st, 5, pl->now, -1, SQLITE_STATIC);
	}
}

/* Runs one statement of the purge with the plan bound (see bind_plan());
 * with value, its first row's first column goes there. */
static bool
run(struct store *s, const char *sql, const struct plan *pl, int64_t *value,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s, sql, &st, err)) {
		return false;
	}
	bind_plan(st, pl);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW && value != NULL) {
		*value = sqlite3_column_int64(st, 0);
	} else if (rc != SQLITE_DONE) {
		store_fail(s, rc, LOST_PURGE, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* The last record to remove: acknowledged, and with every record from
 * the kept link up to it created before the cutoff. */
static bool
plan_through(struct store *s, struct plan *pl, struct error *err)
{
	return run(s,
	    "SELECT coalesce(max(seq), ?1) FROM records WHERE seq <= ?4 "
	    "AND seq < coalesce((SELECT min(seq) FROM records "
	    "WHERE created_at >= ?3), ?4 + 1)",
	    pl, &pl->through, err);
}

/* The consultations closed on this kiosk by a form_close that goes (no
 * later form_open or form_close of the same form). */
static const char closed_sql[] =
    "SELECT DISTINCT json_extract(r.line, '$.payload.form') FROM records r "
    "WHERE r.type = 'event' AND r.seq <= ?1 "
    "AND json_extract(r.line, '$.payload.event') = 'form_close' "
    "AND json_type(r.line, '$.payload.form') = 'text' "
    "AND " STORE_NOT_RETRACTED(
        "r") " AND NOT EXISTS (SELECT 1 FROM "
             "records o WHERE o.type = 'event' AND o.seq > r.seq "
             "AND json_extract(o.line, '$.payload.event') IN ('form_open', "
             "'form_close') AND json_extract(o.line, '$.payload.form') = "
             "json_extract(r.line, '$.payload.form')) ORDER BY 1";

static bool
plan_closed(struct store *s, struct plan *pl, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s, closed_sql, &st, err)) {
		return false;
	}
	bind_plan(st, pl);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		char **bigger =
		    realloc(pl->closed, (pl->nclosed + 1) * sizeof *pl->closed);
		if (bigger == NULL) {
			error_set(err, _("out of memory: %s"), _(LOST_PURGE));
			goto out;
		}
		pl->closed = bigger;
		pl->closed[pl->nclosed] =
		    strdup((const char *)sqlite3_column_text(st, 0));
		if (pl->closed[pl->nclosed++] == NULL) {
			error_set(err, _("out of memory: %s"), _(LOST_PURGE));
			goto out;
		}
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, LOST_PURGE, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* How many records go and stay (of those there before the purge). */
static bool
plan_counts(struct store *s, const struct plan *pl, struct store_purge *p,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s,
	        "SELECT count(*) FILTER (WHERE seq <= ?1), count(*) FILTER "
	        "(WHERE seq > ?4), count(*) FILTER (WHERE seq > ?1 AND "
	        "seq <= ?4) FROM records",
	        &st, err)) {
		return false;
	}
	bind_plan(st, pl);
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), LOST_PURGE, err);
		goto out;
	}
	p->removed = sqlite3_column_int64(st, 0);
	p->kept_unsent = sqlite3_column_int64(st, 1);
	p->kept_recent = sqlite3_column_int64(st, 2);
	p->kept = p->kept_unsent + p->kept_recent;
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Everything the purge decides, read inside its transaction. */
static bool
make_plan(
    struct store *s, struct plan *pl, struct store_purge *p, struct error *err)
{
	if (!store_chain_base(s, &pl->base, pl->hash, err) ||
	    !store_sync_acked(s, &pl->acked, err)) {
		return false;
	}
	pl->through = pl->base;
	if (!plan_through(s, pl, err) ||
	    !store_record_hash(s, pl->through, pl->hash, err) ||
	    !plan_counts(s, pl, p, err)) {
		return false;
	}
	p->from_seq = pl->base + 1;
	p->through_seq = pl->through;
	memcpy(p->hash, pl->hash, sizeof p->hash);
	return pl->through == pl->base || plan_closed(s, pl, err);
}

/* The removal itself, in the open transaction: the window opens, the
 * records and their verbatims go, the kept link moves, the window
 * closes.  The verified link of the kiosk's own check moves up to the
 * kept link when it was behind (the collector checked those records). */
static bool
remove_prefix(struct store *s, const struct plan *pl, struct error *err)
{
	static const char *const steps[] = {
		"INSERT INTO purge_window (id, through_seq) VALUES (1, ?1)",
		"DELETE FROM verbatims WHERE seq <= ?1",
		"DELETE FROM records WHERE seq <= ?1",
		"UPDATE chain_base SET seq = ?1, hash = ?2, purged_at = ?5 "
		"WHERE id = 1",
		"UPDATE chain_check SET verified_seq = ?1, verified_hash = ?2 "
		"WHERE id = 1 AND verified_seq < ?1",
		"DELETE FROM purge_window",
	};

	for (size_t i = 0; i < sizeof steps / sizeof steps[0]; i++) {
		if (!run(s, steps[i], pl, NULL, err)) {
			return false;
		}
	}
	return true;
}

/* Appends an event of the purge, its payload made by sql from the plan. */
static bool
log_event(struct store *s, const char *sql, const struct plan *pl,
    const char *form, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!store_prepare(s, sql, &st, err)) {
		return false;
	}
	if (form != NULL) {
		sqlite3_bind_text(st, 1, form, -1, SQLITE_STATIC);
	} else {
		bind_plan(st, pl);
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), LOST_PURGE, err);
		goto out;
	}
	struct store_new_record r = {
		.type = RECORD_EVENT,
		.mode = "self",
		.payload = (const char *)sqlite3_column_text(st, 0),
		.created_ms = clock_now_ms(),
		.lost = LOST_PURGE,
	};
	ok = store_append_in_tx(s, &r, NULL, err);
out:
	sqlite3_finalize(st);
	return ok;
}

/* The purge in the log book, then the closed consultations again. */
static bool
log_purge(
    struct store *s, const struct plan *pl, int64_t removed, struct error *err)
{
	char sql[256];

	snprintf(sql, sizeof sql,
	    "SELECT json_object('event', 'purge', 'from', %lld, 'through', "
	    "?1, 'records', %lld, 'before', ?3, 'hash', ?2)",
	    (long long)pl->base + 1, (long long)removed);
	if (!log_event(s, sql, pl, NULL, err)) {
		return false;
	}
	for (size_t i = 0; i < pl->nclosed; i++) {
		if (!log_event(s,
		        "SELECT json_object('event', 'form_close', 'form', ?1, "
		        "'restated', json('true'))",
		        NULL, pl->closed[i], err)) {
			return false;
		}
	}
	return true;
}

/* Merges the verbatims index into one segment, which drops the words of
 * the removed records from it (an FTS5 delete only marks them). */
static bool
compact_verbatims(struct store *s, struct error *err)
{
	return run(s, "INSERT INTO verbatims (verbatims) VALUES ('optimize')",
	    &(struct plan){ 0 }, NULL, err);
}

/* Longer than 15 lines: the one transaction reads best in one place. */
bool
store_purge(struct store *s, int64_t before_ms, bool dry_run,
    struct store_purge *p, struct error *err)
{
	struct plan pl = { 0 };
	bool removing = false;
	bool ok;

	memset(p, 0, sizeof *p);
	clock_format_iso(before_ms, pl.cutoff);
	clock_format_iso(clock_now_ms(), pl.now);
	/* What is removed is overwritten with zeros, not left in free pages
	 * for whoever takes the kiosk away.  Said here: the default depends
	 * on how SQLite was built (Debian's is on, SQLite's own is off). */
	sqlite3_exec(s->db, "PRAGMA secure_delete = ON", NULL, NULL, NULL);
	ok = store_begin(s, LOST_PURGE, err) && make_plan(s, &pl, p, err);
	removing = ok && !dry_run && pl.through > pl.base;
	ok = ok &&
	    (!removing ||
	        (remove_prefix(s, &pl, err) &&
	            log_purge(s, &pl, p->removed, err) &&
	            compact_verbatims(s, err) &&
	            store_commit(s, LOST_PURGE, err)));
	store_rollback(s); /* a dry run, nothing to do, or a failure */
	if (ok && removing) {
		/* The old pages in the log go too.  Without waiting: a kiosk
		 * reading or writing now must not be held up (the checkpoint
		 * then does what it can, the next one the rest). */
		sqlite3_busy_timeout(s->db, 0);
		sqlite3_wal_checkpoint_v2(
		    s->db, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		sqlite3_busy_timeout(s->db, s->file->kind->busy_timeout_ms);
	}
	if (!ok) {
		memset(p, 0, sizeof *p);
	}
	plan_finish(&pl);
	return ok;
}

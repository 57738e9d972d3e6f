/*
 * Erasing what is past its retention (see purge.h).
 *
 * The retention of each consultation that has records is worked out
 * first, from its latest published form, into a temporary table; then in
 * one transaction the records past it are listed (temp.doomed), counted,
 * remembered in purged (no answer in it), and deleted with their
 * quarantine rows, while purge_window holds its row: the append-only
 * triggers let nothing go at any other time.  secure_delete zeroes the
 * freed pages and the WAL is truncated after, so the answers leave the
 * file, not only the tables.
 */
#include "purge.h"

#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "published.h"

static const char lost[] = "nothing was erased";

static const char doomed_sql[] =
    "CREATE TEMP TABLE doomed AS SELECT r.id AS id, r.form_id AS form_id"
    " FROM records r JOIN temp.retention t ON t.form_id IS r.form_id"
    " WHERE julianday(json_extract(r.line, '$.created_at'))"
    "  <= julianday(?1) - t.days";

/* Each step of the erasing, ?1 the time now, in this order. */
static const char *const erase_sql[] = {
	"INSERT INTO purge_window (id) VALUES (1)",
	"INSERT INTO purged (kiosk, seq, uuid, hash, purged_at)"
	" SELECT kiosk, seq, uuid, hash, ?1 FROM records"
	" WHERE id IN (SELECT id FROM temp.doomed)",
	"DELETE FROM quarantine_decisions"
	" WHERE record_id IN (SELECT id FROM temp.doomed)",
	"DELETE FROM quarantine WHERE record_id IN (SELECT id FROM temp.doomed)",
	"DELETE FROM records WHERE id IN (SELECT id FROM temp.doomed)",
	"INSERT INTO purges (purged_at, records, detail)"
	" SELECT ?1, count(*), (SELECT json_group_array(json_object('form',"
	"  f, 'days', d, 'records', n)) FROM (SELECT t.form_id AS f,"
	"  t.days AS d, count(*) AS n FROM temp.doomed x JOIN temp.retention t"
	"  ON t.form_id IS x.form_id GROUP BY t.form_id))"
	" FROM temp.doomed",
	"DELETE FROM purge_window",
};

static bool
exec(struct db *d, const char *sql, const char *now, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(d, sql, &st, err)) {
		return false;
	}
	if (sqlite3_bind_parameter_count(st) > 0) {
		sqlite3_bind_text(st, 1, now, -1, SQLITE_STATIC);
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		/* a PRAGMA says its new value */
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		return db_fail(d, rc, lost, err);
	}
	return true;
}

/* The retention of form_id (NULL: no consultation). */
static int64_t
retention_of(struct db *d, const char *form_id, int64_t default_days)
{
	struct form *form =
	    form_id != NULL ? published_latest(d, form_id) : NULL;
	int64_t days = form != NULL && form->retention_days > 0
	    ? form->retention_days
	    : default_days;

	form_destroy(form);
	return days;
}

/* temp.retention: each consultation that has records, and its days. */
static bool
fill_retention(struct db *d, int64_t default_days, struct error *err)
{
	sqlite3_stmt *forms = NULL, *put = NULL;
	bool ok = false;
	int rc;

	if (!exec(d, "DROP TABLE IF EXISTS temp.retention", NULL, err) ||
	    !exec(d,
	        "CREATE TEMP TABLE retention (form_id TEXT UNIQUE, days "
	        "INTEGER NOT NULL)",
	        NULL, err) ||
	    !db_prepare(
	        d, "SELECT DISTINCT form_id FROM records", &forms, err) ||
	    !db_prepare(
	        d, "INSERT INTO temp.retention VALUES (?1, ?2)", &put, err)) {
		goto out;
	}
	while ((rc = sqlite3_step(forms)) == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(forms, 0);

		sqlite3_reset(put);
		sqlite3_bind_value(put, 1, sqlite3_column_value(forms, 0));
		sqlite3_bind_int64(put, 2, retention_of(d, id, default_days));
		if (sqlite3_step(put) != SQLITE_DONE) {
			db_fail(d, sqlite3_errcode(d->h), lost, err);
			goto out;
		}
	}
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(forms);
	sqlite3_finalize(put);
	return ok;
}

/* res from temp.doomed: how many records of which consultation. */
static bool
count_doomed(struct db *d, struct purge_result *res, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!db_prepare(d,
	        "SELECT t.form_id, t.days, count(*) FROM temp.doomed x"
	        " JOIN temp.retention t ON t.form_id IS x.form_id"
	        " GROUP BY t.form_id ORDER BY t.form_id",
	        &st, err)) {
		return false;
	}
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct purge_form *more =
		    realloc(res->forms, (res->nforms + 1) * sizeof *res->forms);
		const char *id = (const char *)sqlite3_column_text(st, 0);

		if (more == NULL) {
			sqlite3_finalize(st);
			return error_set(err, "out of memory: %s", lost);
		}
		res->forms = more;
		more[res->nforms] = (struct purge_form){
			.form_id = id != NULL ? strdup(id) : NULL,
			.days = sqlite3_column_int64(st, 1),
			.records = sqlite3_column_int64(st, 2),
		};
		res->records += more[res->nforms++].records;
	}
	sqlite3_finalize(st);
	return rc == SQLITE_DONE || db_fail(d, rc, lost, err);
}

/* Lists, counts and (unless dry) erases, inside the transaction. */
static bool
purge_in_transaction(struct db *d, const char *now, bool dry_run,
    struct purge_result *res, struct error *err)
{
	if (!exec(d, "DROP TABLE IF EXISTS temp.doomed", NULL, err) ||
	    !exec(d, doomed_sql, now, err) || !count_doomed(d, res, err)) {
		return false;
	}
	for (size_t i = 0; !dry_run && res->records > 0 &&
	     i < sizeof erase_sql / sizeof *erase_sql;
	     i++) {
		if (!exec(d, erase_sql[i], now, err)) {
			return false;
		}
	}
	return true;
}

bool
purge_run(struct db *d, int64_t default_days, bool dry_run,
    struct purge_result *res, struct error *err)
{
	char now[25];
	bool ok;

	memset(res, 0, sizeof *res);
	db_now(now);
	if (!exec(d, "PRAGMA secure_delete = ON", NULL, err) ||
	    !fill_retention(d, default_days, err) || !db_begin(d, lost, err)) {
		return false;
	}
	ok = purge_in_transaction(d, now, dry_run, res, err);
	if (ok && dry_run) {
		db_rollback(d);
	} else if (!ok || !db_commit(d, lost, err)) {
		db_rollback(d);
		purge_result_finish(res);
		return false;
	}
	exec(d, "DROP TABLE IF EXISTS temp.doomed", NULL, &(struct error){ 0 });
	if (!dry_run && res->records > 0) {
		sqlite3_wal_checkpoint_v2(
		    d->h, NULL, SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	return true;
}

void
purge_result_finish(struct purge_result *res)
{
	for (size_t i = 0; i < res->nforms; i++) {
		free(res->forms[i].form_id);
	}
	free(res->forms);
	memset(res, 0, sizeof *res);
}

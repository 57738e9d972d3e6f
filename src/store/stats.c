/*
 * stats_compute(): the figures of the log (see stats.h for what each one
 * means), read in one read transaction so that a kiosk writing at the
 * same time never makes them disagree with each other.
 *
 * Why a struct and not a JSON document: the figures have three readers,
 * the terminal text of `parvis stats`, its JSON, and the admin screen
 * (ncurses).  Two of them are C code that draws bars from numbers; had
 * the API returned JSON, each would have to parse it back, and only the
 * store may use SQLite (the JSON parser) while src/ui may not.  So the
 * counting is done once, in SQL (GROUP BY over json_each() of the frozen
 * lines), into plain arrays; stats_json() (stats_json.c) then writes the
 * struct with SQLite's JSON functions, key by key, so the JSON holds
 * exactly what the text shows.
 *
 * This file: the filter, the transaction, the tallies by site, day and
 * hour; stats_forms.c reads the consultations with their completed and
 * abandoned submissions and their testimonies, stats_answers.c each
 * question's distribution and the themes, stats_reach.c the communes and
 * age bands.
 */
#include "stats_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"

#define LOST_READ N_("the figures could not be read")

/* Counts by local day, local hour, site and kind of record. */
static const char tally_sql[] = STATS_LIVE
    "SELECT day, hour, site, kind, count(*) FROM"
    " (SELECT strftime('%Y-%m-%d', created_at, 'localtime') AS day,"
    " CAST(strftime('%H', created_at, 'localtime') AS INTEGER) AS hour,"
    " json_extract(line, '$.site') AS site,"
    " CASE type WHEN 'submission' THEN json_extract(line, '$.payload.status')"
    " WHEN 'event' THEN json_extract(line, '$.payload.event')"
    " ELSE type END AS kind FROM live)"
    " WHERE kind IN ('completed', 'abandoned', 'testimony', 'approach',"
    " 'refusal') GROUP BY day, hour, site, kind";

bool
stats_query(struct stats_run *r, const char *sql, sqlite3_stmt **st)
{
	if (!store_prepare(r->s, sql, st, r->err)) {
		return false;
	}
	if (r->since_iso[0] != '\0') {
		sqlite3_bind_text(*st, 1, r->since_iso, -1, SQLITE_STATIC);
	}
	if (r->filter->site != NULL) {
		sqlite3_bind_text(*st, 2, r->filter->site, -1, SQLITE_STATIC);
	}
	return true;
}

bool
stats_read_failed(struct stats_run *r, int rc)
{
	return store_fail(r->s, rc, LOST_READ, r->err);
}

bool
stats_no_memory(struct stats_run *r)
{
	return error_set(r->err, _("out of memory: %s"), _(LOST_READ));
}

bool
stats_dup(struct stats_run *r, sqlite3_stmt *st, int col, char **out)
{
	const char *v = (const char *)sqlite3_column_text(st, col);

	*out = NULL;
	if (v == NULL) {
		return sqlite3_column_type(st, col) == SQLITE_NULL ||
		    stats_no_memory(r);
	}
	*out = strdup(v);
	return *out != NULL || stats_no_memory(r);
}

void *
stats_push(void **items, size_t *n, size_t size)
{
	char *grown = realloc(*items, (*n + 1) * size);

	if (grown == NULL) {
		return NULL;
	}
	memset(grown + *n * size, 0, size);
	*items = grown;
	return grown + (*n)++ * size;
}

void
stats_sort(void *items, size_t n, size_t size,
    int (*order)(const void *, const void *))
{
	if (n > 1) {
		qsort(items, n, size, order);
	}
}

struct stats_value *
stats_value_of(struct stats_value **v, size_t *n, const char *key)
{
	struct stats_value *found;

	for (size_t i = 0; i < *n; i++) {
		if (strcmp((*v)[i].key, key) == 0) {
			return &(*v)[i];
		}
	}
	found = STATS_PUSH(*v, *n);
	if (found == NULL) {
		return NULL;
	}
	found->key = strdup(key);
	if (found->key == NULL) {
		(*n)--;
		return NULL;
	}
	return found;
}

int64_t
stats_participants(const struct stats_tally *t)
{
	return t->completed + t->abandoned + t->testimonies;
}

bool
stats_response_rate(const struct stats_tally *t, double *percent)
{
	if (t->approaches <= 0) {
		*percent = 0;
		return false;
	}
	*percent = 100.0 * (double)t->completed / (double)t->approaches;
	return true;
}

static void
tally_add(struct stats_tally *t, const char *kind, int64_t n)
{
	if (strcmp(kind, "completed") == 0) {
		t->completed += n;
	} else if (strcmp(kind, "abandoned") == 0) {
		t->abandoned += n;
	} else if (strcmp(kind, "testimony") == 0) {
		t->testimonies += n;
	} else if (strcmp(kind, "approach") == 0) {
		t->approaches += n;
	} else if (strcmp(kind, "refusal") == 0) {
		t->refusals += n;
	}
}

static bool
same_site(const char *a, const char *b)
{
	return (a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0);
}

/* The tally of site id (NULL: no site), added when missing. */
static struct stats_tally *
site_tally(struct stats_run *r, const char *id)
{
	struct stats *st = r->st;
	struct stats_site *site;

	for (size_t i = 0; i < st->nsites; i++) {
		if (same_site(st->sites[i].id, id)) {
			return &st->sites[i].tally;
		}
	}
	site = STATS_PUSH(st->sites, st->nsites);
	if (site == NULL) {
		return NULL;
	}
	if (id != NULL) {
		site->id = strdup(id);
		if (site->id == NULL) {
			st->nsites--;
			return NULL;
		}
	}
	return &site->tally;
}

/* The tally of day ("YYYY-MM-DD"), added when missing. */
static struct stats_tally *
day_tally(struct stats_run *r, const char *day)
{
	struct stats *st = r->st;
	struct stats_day *d;

	for (size_t i = 0; i < st->ndays; i++) {
		if (strcmp(st->days[i].day, day) == 0) {
			return &st->days[i].tally;
		}
	}
	d = STATS_PUSH(st->days, st->ndays);
	if (d == NULL) {
		return NULL;
	}
	snprintf(d->day, sizeof d->day, "%s", day);
	return &d->tally;
}

/* Adds one row of tally_sql everywhere it counts. */
static bool
add_tally_row(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	const char *day = (const char *)sqlite3_column_text(st, 0);
	int hour = sqlite3_column_int(st, 1);
	const char *site = (const char *)sqlite3_column_text(st, 2);
	const char *kind = (const char *)sqlite3_column_text(st, 3);
	int64_t n = sqlite3_column_int64(st, 4);
	struct stats_tally *by_site = site_tally(r, site);
	struct stats_tally *by_day = day_tally(r, day != NULL ? day : "");

	if (by_site == NULL || by_day == NULL) {
		return stats_no_memory(r);
	}
	tally_add(&r->st->total, kind, n);
	tally_add(by_site, kind, n);
	tally_add(by_day, kind, n);
	if (hour >= 0 && hour < 24) {
		tally_add(&r->st->hours[hour], kind, n);
	}
	return true;
}

static int
site_order(const void *a, const void *b)
{
	const struct stats_site *x = a, *y = b;

	if (x->id == NULL || y->id == NULL) {
		return (x->id == NULL) - (y->id == NULL);
	}
	return strcmp(x->id, y->id);
}

static int
day_order(const void *a, const void *b)
{
	const struct stats_day *x = a, *y = b;

	return strcmp(x->day, y->day);
}

bool
stats_rows(struct stats_run *r, sqlite3_stmt *st, stats_row_fn fn, void *ctx)
{
	bool ok = false;
	int rc = sqlite3_step(st);

	while (rc == SQLITE_ROW) {
		if (!fn(r, ctx, st)) {
			goto out;
		}
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		stats_read_failed(r, rc);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
stats_each_row(struct stats_run *r, const char *sql, stats_row_fn fn, void *ctx)
{
	sqlite3_stmt *st = NULL;

	if (!stats_query(r, sql, &st)) {
		sqlite3_finalize(st);
		return false;
	}
	return stats_rows(r, st, fn, ctx);
}

static bool
read_tallies(struct stats_run *r)
{
	if (!stats_each_row(r, tally_sql, add_tally_row, NULL)) {
		return false;
	}
	stats_sort(
	    r->st->sites, r->st->nsites, sizeof *r->st->sites, site_order);
	stats_sort(r->st->days, r->st->ndays, sizeof *r->st->days, day_order);
	return true;
}

/* Checks the filter; since_iso gets the UTC time of the local midnight
 * that starts filter->since ("" without since). */
static bool
check_filter(
    const struct stats_filter *filter, char since_iso[25], struct error *err)
{
	int64_t midnight;

	since_iso[0] = '\0';
	if (filter->since == NULL) {
		return true;
	}
	if (strlen(filter->since) != 10 ||
	    !clock_local_midnight(filter->since, &midnight)) {
		return error_set(err,
		    _("\"%s\" is not a date like "
		      "2026-11-25"),
		    filter->since);
	}
	clock_format_iso(midnight, since_iso);
	return true;
}

static bool
compute(struct stats_run *r)
{
	return read_tallies(r) && stats_forms(r) && stats_reach_finish(r);
}

/* Runs the queries inside one read transaction (a savepoint, which
 * works whether or not a transaction is already open). */
static bool
compute_in_snapshot(struct stats_run *r)
{
	int rc = sqlite3_exec(r->s->db, "SAVEPOINT stats", NULL, NULL, NULL);
	bool ok;

	if (rc != SQLITE_OK) {
		return stats_read_failed(r, rc);
	}
	ok = compute(r);
	sqlite3_exec(r->s->db, "RELEASE stats", NULL, NULL, NULL);
	return ok;
}

static bool
init_stats(struct stats *st, const struct stats_filter *filter)
{
	clock_format_iso(clock_now_ms(), st->generated_at);
	if (filter->since != NULL) {
		snprintf(st->since, sizeof st->since, "%s", filter->since);
	}
	if (filter->site != NULL) {
		st->site = strdup(filter->site);
		return st->site != NULL;
	}
	return true;
}

struct stats *
stats_compute(struct store *s, const struct stats_filter *filter,
    const struct communes *communes, struct error *err)
{
	static const struct stats_filter everything = { 0 };
	struct stats_run r = {
		.s = s,
		.filter = filter != NULL ? filter : &everything,
		.communes = communes,
		.err = err,
	};

	if (!check_filter(r.filter, r.since_iso, err)) {
		return NULL;
	}
	r.st = calloc(1, sizeof *r.st);
	if (r.st == NULL || !init_stats(r.st, r.filter)) {
		stats_no_memory(&r);
		stats_destroy(r.st);
		return NULL;
	}
	if (!compute_in_snapshot(&r)) {
		stats_destroy(r.st);
		return NULL;
	}
	return r.st;
}

void
stats_values_free(struct stats_value *v, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(v[i].key);
		free(v[i].label);
	}
	free(v);
}

static void
form_free(struct stats_form *sf)
{
	for (size_t i = 0; i < sf->ngave_up; i++) {
		free(sf->gave_up[i].question);
		free(sf->gave_up[i].prompt);
	}
	free(sf->gave_up);
	for (size_t i = 0; i < sf->nquestions; i++) {
		free(sf->questions[i].id);
		free(sf->questions[i].prompt);
		stats_values_free(
		    sf->questions[i].values, sf->questions[i].nvalues);
	}
	free(sf->questions);
	stats_values_free(sf->themes, sf->nthemes);
	free(sf->id);
	free(sf->title);
}

static void
reach_free(struct stats_reach *reach)
{
	for (size_t i = 0; i < reach->ncommunes; i++) {
		free(reach->communes[i].insee);
		free(reach->communes[i].name);
	}
	free(reach->communes);
	stats_values_free(reach->ages, reach->nages);
}

void
stats_destroy(struct stats *st)
{
	if (st == NULL) {
		return;
	}
	for (size_t i = 0; i < st->nforms; i++) {
		form_free(&st->forms[i]);
	}
	free(st->forms);
	for (size_t i = 0; i < st->nsites; i++) {
		free(st->sites[i].id);
	}
	free(st->sites);
	free(st->days);
	reach_free(&st->reach);
	free(st->site);
	free(st);
}

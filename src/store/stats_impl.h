/*
 * What the files of the figures share (stats.c, stats_answers.c,
 * stats_json.c) and nothing else sees: the one definition of the records
 * that count, the state of one computation, and small helpers for the
 * arrays of struct stats.
 */
#ifndef PARVIS_STORE_STATS_IMPL_H
#define PARVIS_STORE_STATS_IMPL_H

#include "stats.h"
#include "store_impl.h"

/*
 * The records that count, as a common table `live` that every query of
 * the figures starts with, binding ?1 = since (the UTC time of the local
 * midnight that starts the day asked, "2026-11-24T23:00:00.000Z" for
 * 2026-11-25 in Paris; or NULL) and ?2 = site (or NULL): not a
 * retraction, not named by any retraction (whatever its date or site),
 * created at ?1 or later, at site ?2.
 */
#define STATS_LIVE \
	"WITH live AS (SELECT r.seq, r.type, r.created_at, r.form_id, r.line" \
	" FROM records r WHERE r.type <> 'retraction'" \
	" AND " STORE_NOT_RETRACTED( \
	    "r") " AND (?1 IS NULL OR r.created_at >= ?1)" \
	         " AND (?2 IS NULL OR json_extract(r.line, '$.site') = ?2)) "

/* One computation under way. */
struct stats_run {
	struct store *s;
	const struct stats_filter *filter;
	char since_iso[25]; /* bound as ?1: the local midnight starting
			     * filter->since, in UTC; "" for no bound */
	const struct communes *communes;
	struct stats *st;
	struct error *err;
};

/* Prepares sql (which starts with STATS_LIVE) and binds the filter. */
bool stats_query(struct stats_run *r, const char *sql, sqlite3_stmt **st);

/* Handles one row of a query, with the ctx given; false (the error
 * filled) stops it. */
typedef bool (*stats_row_fn)(struct stats_run *r, void *ctx, sqlite3_stmt *st);

/* Steps st (prepared by stats_query(), all bound) and hands each row to
 * fn with ctx; finalizes st.  False, with the error filled, when a step
 * fails or fn does. */
bool stats_rows(
    struct stats_run *r, sqlite3_stmt *st, stats_row_fn fn, void *ctx);

/* stats_query() then stats_rows(): sql needs no binding but the filter's. */
bool stats_each_row(
    struct stats_run *r, const char *sql, stats_row_fn fn, void *ctx);

/* stats_forms.c: the consultations, each with its counts, questions,
 * themes and reach. */
bool stats_forms(struct stats_run *r);

/* Fills the error for a failed sqlite3_step() (rc); returns false. */
bool stats_read_failed(struct stats_run *r, int rc);

/* Fills the error for memory that ran out; returns false. */
bool stats_no_memory(struct stats_run *r);

/* A copy of column col into *out (NULL for SQL NULL); false, with the
 * error filled, when memory runs out. */
bool stats_dup(struct stats_run *r, sqlite3_stmt *st, int col, char **out);

/* Appends a zeroed element of size bytes to the array *items of *n
 * elements and returns it; NULL (the array unchanged) without memory. */
void *stats_push(void **items, size_t *n, size_t size);
#define STATS_PUSH(items, n) \
	stats_push((void **)&(items), &(n), sizeof *(items))

/* qsort(), which must not be given NULL, even for no items. */
void stats_sort(void *items, size_t n, size_t size,
    int (*order)(const void *, const void *));

/* A value of the distribution v (of *n) with this key, added (zeroed,
 * with a copy of key) when missing; NULL when memory runs out. */
struct stats_value *stats_value_of(
    struct stats_value **v, size_t *n, const char *key);

/* stats_answers.c: the questions of sf (parsed text f, NULL when it does
 * not parse) with their answer distributions. */
bool stats_questions(
    struct stats_run *r, struct stats_form *sf, const struct form *f);

/* stats_answers.c: the tags (themes) of the testimonies of sf, labelled
 * from the [testimony] section of f (NULL when it does not parse). */
bool stats_themes(
    struct stats_run *r, struct stats_form *sf, const struct form *f);

/* stats_reach.c: adds the participants of sf (form text f or NULL) to
 * the reach, by commune and age band. */
bool stats_reach_form(
    struct stats_run *r, const struct stats_form *sf, const struct form *f);

/* stats_reach.c: adds the testimonies, then orders the communes and
 * works out the rates per 1,000 inhabitants. */
bool stats_reach_finish(struct stats_run *r);

void stats_values_free(struct stats_value *v, size_t n);

#endif

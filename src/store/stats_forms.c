/*
 * The consultations of the figures: every form that has submissions
 * (completed, or abandoned and kept) or testimonies taken with its
 * [testimony] section, with where abandoned sessions stopped; then, from
 * the latest stored text of each, its title, questions (stats_answers.c),
 * themes and reach (stats_reach.c).
 */
#include "stats_impl.h"

#include <stdlib.h>
#include <string.h>

/* Submissions by form, status and the question abandoned ones left. */
static const char forms_sql[] =
    STATS_LIVE "SELECT form_id, json_extract(line, '$.payload.status'),"
               " json_extract(line, '$.payload.last_question'), count(*)"
               " FROM live WHERE type = 'submission' AND form_id IS NOT NULL"
               " GROUP BY 1, 2, 3 ORDER BY 1";

/* Testimonies taken with a consultation's [testimony] section. */
static const char testimonies_sql[] =
    STATS_LIVE "SELECT form_id, count(*) FROM live"
               " WHERE type = 'testimony' AND form_id IS NOT NULL"
               " GROUP BY 1 ORDER BY 1";

/* The consultation with this id, added when missing. */
static struct stats_form *
form_of(struct stats_run *r, const char *id)
{
	struct stats *st = r->st;
	struct stats_form *sf;

	for (size_t i = 0; i < st->nforms; i++) {
		if (strcmp(st->forms[i].id, id) == 0) {
			return &st->forms[i];
		}
	}
	sf = STATS_PUSH(st->forms, st->nforms);
	if (sf == NULL) {
		return NULL;
	}
	sf->id = strdup(id);
	if (sf->id == NULL) {
		st->nforms--;
		return NULL;
	}
	return sf;
}

/* Counts n abandoned submissions of sf that stopped on question. */
static bool
add_gave_up(
    struct stats_run *r, struct stats_form *sf, sqlite3_stmt *st, int64_t n)
{
	struct stats_gave_up *g = STATS_PUSH(sf->gave_up, sf->ngave_up);

	if (g == NULL) {
		return stats_no_memory(r);
	}
	g->count = n;
	return stats_dup(r, st, 2, &g->question);
}

static bool
add_form_row(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	const char *status = (const char *)sqlite3_column_text(st, 1);
	int64_t n = sqlite3_column_int64(st, 3);
	struct stats_form *sf;

	if (id == NULL || status == NULL) {
		return true;
	}
	sf = form_of(r, id);
	if (sf == NULL) {
		return stats_no_memory(r);
	}
	if (strcmp(status, "completed") == 0) {
		sf->completed += n;
		return true;
	}
	if (strcmp(status, "abandoned") != 0) {
		return true;
	}
	sf->abandoned += n;
	return add_gave_up(r, sf, st, n);
}

/* A row of testimonies_sql. */
static bool
add_testimonies_row(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	const char *id = (const char *)sqlite3_column_text(st, 0);
	struct stats_form *sf;

	if (id == NULL) {
		return true;
	}
	sf = form_of(r, id);
	if (sf == NULL) {
		return stats_no_memory(r);
	}
	sf->testimonies += sqlite3_column_int64(st, 1);
	return true;
}

/* The consultations with their submissions, then those with testimonies
 * only, in the order of their ids. */
static int
form_order(const void *a, const void *b)
{
	return strcmp(((const struct stats_form *)a)->id,
	    ((const struct stats_form *)b)->id);
}

static int
gave_up_order(const void *a, const void *b)
{
	const struct stats_gave_up *x = a, *y = b;

	if (x->position != y->position) {
		/* Unknown questions (0) last. */
		return x->position == 0         ? 1
		    : y->position == 0          ? -1
		    : x->position < y->position ? -1
		                                : 1;
	}
	if (x->question == NULL || y->question == NULL) {
		return (x->question == NULL) - (y->question == NULL);
	}
	return strcmp(x->question, y->question);
}

/* Names the questions people gave up on from the form text f. */
static bool
name_gave_up(struct stats_run *r, struct stats_form *sf, const struct form *f)
{
	for (size_t i = 0; f != NULL && i < sf->ngave_up; i++) {
		struct stats_gave_up *g = &sf->gave_up[i];
		int q = g->question != NULL ? form_find_question(f, g->question)
		                            : -1;

		if (q < 0) {
			continue;
		}
		g->position = (size_t)q + 1;
		g->prompt = strdup(form_text(&f->questions[q].prompt, LANG_FR));
		if (g->prompt == NULL) {
			return stats_no_memory(r);
		}
	}
	stats_sort(
	    sf->gave_up, sf->ngave_up, sizeof *sf->gave_up, gave_up_order);
	return true;
}

/* Reads the latest stored text of sf's form and fills in the rest. */
static bool
fill_form(struct stats_run *r, struct stats_form *sf)
{
	char *source = NULL;
	size_t len = 0;
	struct form *f = NULL;
	bool ok = false;

	if (!store_form_source(
	        r->s, sf->id, &source, &len, &sf->version, r->err)) {
		goto out;
	}
	/* A text that no longer parses (a later, stricter parvis) still
	 * gives its counts, by question id. */
	f = form_parse(sf->id, source, len, NULL);
	if (f != NULL) {
		sf->screens = f->nquestions;
		sf->title = strdup(form_text(&f->title, LANG_FR));
		if (sf->title == NULL) {
			stats_no_memory(r);
			goto out;
		}
	}
	ok = name_gave_up(r, sf, f) && stats_questions(r, sf, f) &&
	    stats_themes(r, sf, f) && stats_reach_form(r, sf, f);
out:
	form_destroy(f);
	free(source);
	return ok;
}

bool
stats_forms(struct stats_run *r)
{
	if (!stats_each_row(r, forms_sql, add_form_row, NULL) ||
	    !stats_each_row(r, testimonies_sql, add_testimonies_row, NULL)) {
		return false;
	}
	stats_sort(
	    r->st->forms, r->st->nforms, sizeof *r->st->forms, form_order);
	for (size_t i = 0; i < r->st->nforms; i++) {
		if (!fill_form(r, &r->st->forms[i])) {
			return false;
		}
	}
	return true;
}

/*
 * Each question's answers, counted for the figures: one bar per option
 * (choice, choices, consent), per point (scale) or per first place (rank,
 * with the mean place of every option); min, max, mean and median for
 * numbers and scales; only how many answered for text and commune
 * questions (the texts themselves are never read here: they belong to
 * the verbatims, which leave out what is not for publication).
 *
 * The questions and their labels come from the latest stored text of the
 * form; an answer key that only an older version had is still counted,
 * after the others, with its id alone.  Values are read from the frozen
 * lines with json_each(), only for the type each question has.  The
 * testimonies' tags (themes) of a consultation with a [testimony] section
 * are counted the same way.
 */
#include "stats_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* How many submissions answered each question of form ?3. */
static const char answered_sql[] =
    STATS_LIVE "SELECT a.key, count(*)"
               " FROM live r, json_each(r.line, '$.payload.answers') a"
               " WHERE r.type = 'submission' AND r.form_id = ?3"
               " GROUP BY a.key ORDER BY min(r.seq), a.key";

/* Question ?4 of form ?3 answered with one string (choice, consent). */
static const char strings_sql[] =
    STATS_LIVE "SELECT a.value, count(*)"
               " FROM live r, json_each(r.line, '$.payload.answers') a"
               " WHERE r.type = 'submission' AND r.form_id = ?3 AND a.key = ?4"
               " AND a.type = 'text' GROUP BY a.value ORDER BY a.value";

/* Question ?4 answered with an array (choices, rank): value, place
 * (0 = first) and count. */
static const char arrays_sql[] =
    STATS_LIVE "SELECT e.value, e.key, count(*)"
               " FROM live r, json_each(r.line, '$.payload.answers') a,"
               " json_each(a.value) e"
               " WHERE r.type = 'submission' AND r.form_id = ?3 AND a.key = ?4"
               " AND a.type = 'array' AND e.type = 'text'"
               " GROUP BY e.value, e.key ORDER BY e.value, e.key";

/* Question ?4 answered with an integer (scale, number), smallest first. */
static const char integers_sql[] =
    STATS_LIVE "SELECT a.value, count(*)"
               " FROM live r, json_each(r.line, '$.payload.answers') a"
               " WHERE r.type = 'submission' AND r.form_id = ?3 AND a.key = ?4"
               " AND a.type = 'integer' GROUP BY a.value ORDER BY a.value";

/* The tags of the testimonies of form ?3. */
static const char themes_sql[] =
    STATS_LIVE "SELECT t.value, count(*)"
               " FROM live r, json_each(r.line, '$.payload.tags') t"
               " WHERE r.type = 'testimony' AND r.form_id = ?3"
               " AND t.type = 'text' GROUP BY t.value ORDER BY t.value";

/* Scales with more points than this get bars only for the points given. */
#define MAX_SCALE_BARS 21

/* Adds the bar key (with an optional French label) to a distribution
 * before any count. */
static bool
preset_value(struct stats_run *r, struct stats_value **values, size_t *n,
    const char *key, const char *label)
{
	struct stats_value *v = stats_value_of(values, n, key);

	if (v == NULL) {
		return stats_no_memory(r);
	}
	if (label != NULL && *label != '\0' && v->label == NULL) {
		v->label = strdup(label);
		if (v->label == NULL) {
			return stats_no_memory(r);
		}
	}
	return true;
}

static bool
preset(struct stats_run *r, struct stats_question *sq, const char *key,
    const char *label)
{
	return preset_value(r, &sq->values, &sq->nvalues, key, label);
}

static bool
preset_scale(
    struct stats_run *r, struct stats_question *sq, const struct question *q)
{
	char key[24];

	if (q->max - q->min + 1 > MAX_SCALE_BARS) {
		return true;
	}
	for (int64_t p = q->min; p <= q->max; p++) {
		const char *label = p == q->min
		    ? form_text(&q->min_label, LANG_FR)
		    : p == q->max ? form_text(&q->max_label, LANG_FR)
		                  : NULL;

		snprintf(key, sizeof key, "%lld", (long long)p);
		if (!preset(r, sq, key, label)) {
			return false;
		}
	}
	return true;
}

/* The bars every answer could fill, in the form's order. */
static bool
preset_values(
    struct stats_run *r, struct stats_question *sq, const struct question *q)
{
	bool ok = true;

	switch (q->type) {
	case Q_CHOICE:
	case Q_CHOICES:
	case Q_RANK:
		for (size_t k = 0; ok && k < q->noptions; k++) {
			ok = preset(r, sq, q->options[k].key,
			    form_text(&q->options[k].label, LANG_FR));
		}
		return ok &&
		    (!q->other || q->type == Q_RANK ||
		        preset(r, sq, "other", NULL));
	case Q_CONSENT:
		return preset(r, sq, "oui", NULL) && preset(r, sq, "non", NULL);
	case Q_SCALE:
		return preset_scale(r, sq, q);
	default:
		return true;
	}
}

/* The questions of the form text f, in screen order, info left out. */
static bool
questions_of_form(
    struct stats_run *r, struct stats_form *sf, const struct form *f)
{
	for (size_t i = 0; f != NULL && i < f->nquestions; i++) {
		const struct question *q = &f->questions[i];
		struct stats_question *sq;

		if (q->type == Q_INFO) {
			continue;
		}
		sq = STATS_PUSH(sf->questions, sf->nquestions);
		if (sq == NULL) {
			return stats_no_memory(r);
		}
		sq->type = q->type;
		sq->position = i + 1;
		sq->id = strdup(q->id);
		sq->prompt = strdup(form_text(&q->prompt, LANG_FR));
		if (sq->id == NULL || sq->prompt == NULL ||
		    !preset_values(r, sq, q)) {
			return stats_no_memory(r);
		}
	}
	return true;
}

/* The question of sf called id; added as unknown (Q_INFO) if missing. */
static struct stats_question *
question_of(struct stats_form *sf, const char *id)
{
	struct stats_question *sq;

	for (size_t i = 0; i < sf->nquestions; i++) {
		if (strcmp(sf->questions[i].id, id) == 0) {
			return &sf->questions[i];
		}
	}
	sq = STATS_PUSH(sf->questions, sf->nquestions);
	if (sq == NULL) {
		return NULL;
	}
	sq->type = Q_INFO;
	sq->id = strdup(id);
	if (sq->id == NULL) {
		sf->nquestions--;
		return NULL;
	}
	return sq;
}

/* Prepares one of this file's queries for form sf (and question q). */
static bool
form_query(struct stats_run *r, const char *sql, const struct stats_form *sf,
    const struct stats_question *sq, sqlite3_stmt **st)
{
	if (!stats_query(r, sql, st)) {
		return false;
	}
	sqlite3_bind_text(*st, 3, sf->id, -1, SQLITE_STATIC);
	if (sq != NULL) {
		sqlite3_bind_text(*st, 4, sq->id, -1, SQLITE_STATIC);
	}
	return true;
}

/* Runs sql for sf (and sq) and hands each row to fn, with sq, or with sf
 * when sq is NULL. */
static bool
each_row(struct stats_run *r, const char *sql, struct stats_form *sf,
    struct stats_question *sq, stats_row_fn fn)
{
	sqlite3_stmt *st = NULL;

	if (!form_query(r, sql, sf, sq, &st)) {
		sqlite3_finalize(st);
		return false;
	}
	return stats_rows(r, st, fn, sq != NULL ? (void *)sq : (void *)sf);
}

/* A row "key, count" added to the bar key of a distribution. */
static bool
add_count(struct stats_run *r, struct stats_value **values, size_t *n,
    sqlite3_stmt *st)
{
	const char *key = (const char *)sqlite3_column_text(st, 0);
	struct stats_value *v;

	if (key == NULL) {
		return true;
	}
	v = stats_value_of(values, n, key);
	if (v == NULL) {
		return stats_no_memory(r);
	}
	v->count += sqlite3_column_int64(st, 1);
	return true;
}

/* A row of strings_sql: one more bar. */
static bool
add_string(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	struct stats_question *sq = ctx;

	return add_count(r, &sq->values, &sq->nvalues, st);
}

/* A row of arrays_sql.  For a rank, mean_rank sums the places until
 * finish_ranks() divides it. */
static bool
add_array_item(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	struct stats_question *sq = ctx;
	const char *value = (const char *)sqlite3_column_text(st, 0);
	int64_t place = sqlite3_column_int64(st, 1);
	int64_t n = sqlite3_column_int64(st, 2);
	struct stats_value *v;

	if (value == NULL) {
		return true;
	}
	v = stats_value_of(&sq->values, &sq->nvalues, value);
	if (v == NULL) {
		return stats_no_memory(r);
	}
	if (sq->type != Q_RANK) {
		v->count += n;
		return true;
	}
	v->count += place == 0 ? n : 0;
	v->ranked += n;
	v->mean_rank += (double)((place + 1) * n);
	return true;
}

static void
finish_ranks(struct stats_question *sq)
{
	for (size_t i = 0; i < sq->nvalues; i++) {
		struct stats_value *v = &sq->values[i];

		if (v->ranked > 0) {
			v->mean_rank /= (double)v->ranked;
		}
	}
}

/* A row of integers_sql (smallest first): min, max, sum in mean; for a
 * scale, one more bar.  finish_numbers() works out mean and median. */
static bool
add_integer(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	struct stats_question *sq = ctx;
	struct stats_numbers *nb = &sq->numbers;
	int64_t value = sqlite3_column_int64(st, 0);
	int64_t n = sqlite3_column_int64(st, 1);

	if (nb->count == 0) {
		nb->min = value;
	}
	nb->max = value;
	nb->count += n;
	nb->mean += (double)value * (double)n;
	if (sq->type == Q_SCALE) {
		char key[24];
		struct stats_value *v;

		snprintf(key, sizeof key, "%lld", (long long)value);
		v = stats_value_of(&sq->values, &sq->nvalues, key);
		if (v == NULL) {
			return stats_no_memory(r);
		}
		v->count += n;
	}
	return true;
}

/* The median is the mean of the answers at places lo and hi (0-based,
 * smallest first; lo == hi for an odd count), found by walking the
 * sorted counts: seen answers passed so far, sum of the two. */
struct median_walk {
	int64_t lo, hi, seen;
	double sum;
};

static void
walk_median(struct median_walk *m, sqlite3_stmt *st)
{
	int64_t value = sqlite3_column_int64(st, 0);
	int64_t n = sqlite3_column_int64(st, 1);

	if (m->lo >= m->seen && m->lo < m->seen + n) {
		m->sum += (double)value;
	}
	if (m->hi >= m->seen && m->hi < m->seen + n) {
		m->sum += (double)value;
	}
	m->seen += n;
}

/* The median needs a second pass over the sorted counts. */
static bool
finish_numbers(
    struct stats_run *r, struct stats_form *sf, struct stats_question *sq)
{
	struct stats_numbers *nb = &sq->numbers;
	struct median_walk m = { (nb->count - 1) / 2, nb->count / 2, 0, 0 };
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (nb->count == 0) {
		return true;
	}
	nb->mean /= (double)nb->count;
	if (!form_query(r, integers_sql, sf, sq, &st)) {
		goto out;
	}
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		walk_median(&m, st);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		stats_read_failed(r, rc);
		goto out;
	}
	nb->median = m.sum / 2;
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* The distribution of one question, by its type. */
static bool
distribute(
    struct stats_run *r, struct stats_form *sf, struct stats_question *sq)
{
	switch (sq->type) {
	case Q_CHOICE:
	case Q_CONSENT:
		return each_row(r, strings_sql, sf, sq, add_string);
	case Q_CHOICES:
	case Q_RANK:
		if (!each_row(r, arrays_sql, sf, sq, add_array_item)) {
			return false;
		}
		finish_ranks(sq);
		return true;
	case Q_SCALE:
	case Q_NUMBER:
		return each_row(r, integers_sql, sf, sq, add_integer) &&
		    finish_numbers(r, sf, sq);
	default:
		return true; /* text, commune, unknown: answered only */
	}
}

/* A row of answered_sql, for the form sf (ctx). */
static bool
add_answered(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	struct stats_form *sf = ctx;
	const char *id = (const char *)sqlite3_column_text(st, 0);
	struct stats_question *sq;

	if (id == NULL) {
		return true;
	}
	sq = question_of(sf, id);
	if (sq == NULL) {
		return stats_no_memory(r);
	}
	sq->answered += sqlite3_column_int64(st, 1);
	return true;
}

/* A row of themes_sql: one more bar of the form sf (ctx). */
static bool
add_theme(struct stats_run *r, void *ctx, sqlite3_stmt *st)
{
	struct stats_form *sf = ctx;

	return add_count(r, &sf->themes, &sf->nthemes, st);
}

bool
stats_themes(struct stats_run *r, struct stats_form *sf, const struct form *f)
{
	const struct testimony *t = f != NULL ? &f->testimony : NULL;

	if (sf->testimonies == 0) {
		return true;
	}
	for (size_t i = 0; t != NULL && i < t->ntags; i++) {
		if (!preset_value(r, &sf->themes, &sf->nthemes, t->tags[i].key,
		        form_text(&t->tags[i].label, LANG_FR))) {
			return false;
		}
	}
	return each_row(r, themes_sql, sf, NULL, add_theme);
}

bool
stats_questions(
    struct stats_run *r, struct stats_form *sf, const struct form *f)
{
	if (!questions_of_form(r, sf, f) ||
	    !each_row(r, answered_sql, sf, NULL, add_answered)) {
		return false;
	}
	for (size_t i = 0; i < sf->nquestions; i++) {
		if (!distribute(r, sf, &sf->questions[i])) {
			return false;
		}
	}
	return true;
}

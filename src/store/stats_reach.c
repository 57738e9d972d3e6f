/*
 * Who was reached: every participant (submission or testimony, see
 * stats.h) by the commune they gave and by age band, and the communes'
 * participants per 1,000 inhabitants.
 *
 * A submission's commune is its answer to the first `commune` question
 * of its form (whatever the question's id); its age band the answer to a
 * choice question called `age`.  A testimony carries `commune` and `age`
 * in its payload (src/record/RECORDS.md).  "hors-territoire" is counted
 * apart: it has no population.  A code that is not in data/communes.csv
 * (the list changed since) keeps its line, without name or rate.
 */
#include "stats_impl.h"

#include <stdlib.h>
#include <string.h>

/* Participants of form ?5 by commune (answer to ?3) and age (to ?4). */
static const char form_people_sql[] = STATS_LIVE
    "SELECT (SELECT a.value FROM json_each(r.line, '$.payload.answers') a"
    " WHERE a.key = ?3 AND a.type = 'text'),"
    " (SELECT a.value FROM json_each(r.line, '$.payload.answers') a"
    " WHERE a.key = ?4 AND a.type = 'text'), count(*)"
    " FROM live r WHERE r.type = 'submission' AND r.form_id = ?5"
    " GROUP BY 1, 2";

/* Testimonies by commune and age. */
static const char testimony_people_sql[] =
    STATS_LIVE "SELECT json_extract(line, '$.payload.commune'),"
               " json_extract(line, '$.payload.age'), count(*)"
               " FROM live WHERE type = 'testimony' GROUP BY 1, 2";

/* The age bands of RECORDS.md, in order, with the labels of the shipped
 * forms (for testimonies when no form asked the age). */
static const struct {
	const char *key;
	const char *label;
} bands[] = {
	{ "moins-18", "Moins de 18 ans" },
	{ "18-29", "18 à 29 ans" },
	{ "30-44", "30 à 44 ans" },
	{ "45-59", "45 à 59 ans" },
	{ "60-74", "60 à 74 ans" },
	{ "75-plus", "75 ans et plus" },
};
#define NBANDS (sizeof bands / sizeof bands[0])

/* The line of commune code, added when missing. */
static struct stats_commune *
commune_of(struct stats_reach *reach, const char *code)
{
	struct stats_commune *c;

	for (size_t i = 0; i < reach->ncommunes; i++) {
		if (strcmp(reach->communes[i].insee, code) == 0) {
			return &reach->communes[i];
		}
	}
	c = STATS_PUSH(reach->communes, reach->ncommunes);
	if (c == NULL) {
		return NULL;
	}
	c->insee = strdup(code);
	if (c->insee == NULL) {
		reach->ncommunes--;
		return NULL;
	}
	return c;
}

/* Counts n participants who gave commune and age (either may be NULL). */
static bool
add_people(struct stats_run *r, const char *commune, const char *age, int64_t n)
{
	struct stats_reach *reach = &r->st->reach;

	reach->participants += n;
	if (commune == NULL || *commune == '\0') {
		reach->no_commune += n;
	} else if (strcmp(commune, COMMUNES_ELSEWHERE) == 0) {
		reach->elsewhere += n;
	} else {
		struct stats_commune *c = commune_of(reach, commune);
		if (c == NULL) {
			return stats_no_memory(r);
		}
		c->participants += n;
	}
	if (age == NULL || *age == '\0') {
		reach->no_age += n;
	} else {
		struct stats_value *v =
		    stats_value_of(&reach->ages, &reach->nages, age);
		if (v == NULL) {
			return stats_no_memory(r);
		}
		v->count += n;
		reach->age_asked = true;
	}
	return true;
}

/* Adds an age band (with its label, if it has none yet) before counts. */
static bool
preset_band(struct stats_run *r, const char *key, const char *label)
{
	struct stats_reach *reach = &r->st->reach;
	struct stats_value *v =
	    stats_value_of(&reach->ages, &reach->nages, key);

	if (v == NULL) {
		return stats_no_memory(r);
	}
	if (v->label == NULL && label != NULL && *label != '\0') {
		v->label = strdup(label);
		if (v->label == NULL) {
			return stats_no_memory(r);
		}
	}
	return true;
}

/* The question ids of the commune and the age of form text f (the
 * conventional ids when the text does not parse); NULL when not asked.
 * The bands of an age question are added with the form's labels. */
static bool
reach_questions(struct stats_run *r, const struct form *f, const char **commune,
    const char **age)
{
	int q;

	*commune = f == NULL ? "commune" : NULL;
	*age = f == NULL ? "age" : NULL;
	for (size_t i = 0; f != NULL && i < f->nquestions; i++) {
		if (f->questions[i].type == Q_COMMUNE) {
			*commune = f->questions[i].id;
			break;
		}
	}
	q = f != NULL ? form_find_question(f, "age") : -1;
	if (q < 0 || f->questions[q].type != Q_CHOICE) {
		return true;
	}
	*age = "age";
	r->st->reach.age_asked = true;
	for (size_t k = 0; k < f->questions[q].noptions; k++) {
		const struct option *o = &f->questions[q].options[k];
		if (!preset_band(r, o->key, form_text(&o->label, LANG_FR))) {
			return false;
		}
	}
	return true;
}

/* Runs a query whose rows are (commune, age, count). */
static bool
add_rows(struct stats_run *r, sqlite3_stmt *st)
{
	int rc = sqlite3_step(st);

	while (rc == SQLITE_ROW) {
		if (!add_people(r, (const char *)sqlite3_column_text(st, 0),
		        (const char *)sqlite3_column_text(st, 1),
		        sqlite3_column_int64(st, 2))) {
			return false;
		}
		rc = sqlite3_step(st);
	}
	return rc == SQLITE_DONE || stats_read_failed(r, rc);
}

bool
stats_reach_form(
    struct stats_run *r, const struct stats_form *sf, const struct form *f)
{
	const char *commune, *age;
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!reach_questions(r, f, &commune, &age) ||
	    !stats_query(r, form_people_sql, &st)) {
		goto out;
	}
	if (commune != NULL) {
		sqlite3_bind_text(st, 3, commune, -1, SQLITE_STATIC);
	}
	if (age != NULL) {
		sqlite3_bind_text(st, 4, age, -1, SQLITE_STATIC);
	}
	sqlite3_bind_text(st, 5, sf->id, -1, SQLITE_STATIC);
	ok = add_rows(r, st);
out:
	sqlite3_finalize(st);
	return ok;
}

static int
commune_order(const void *a, const void *b)
{
	const struct stats_commune *x = a, *y = b;

	if (x->participants != y->participants) {
		return x->participants > y->participants ? -1 : 1;
	}
	if ((x->name == NULL) != (y->name == NULL)) {
		return x->name == NULL ? 1 : -1;
	}
	if (x->name != NULL && strcmp(x->name, y->name) != 0) {
		return strcmp(x->name, y->name);
	}
	return strcmp(x->insee, y->insee);
}

/* Names, populations and rates from the list of communes. */
static bool
place_communes(struct stats_run *r)
{
	struct stats_reach *reach = &r->st->reach;

	for (size_t i = 0; r->communes != NULL && i < r->communes->count; i++) {
		reach->territory_population += r->communes->items[i].population;
	}
	for (size_t i = 0; r->communes != NULL && i < reach->ncommunes; i++) {
		struct stats_commune *c = &reach->communes[i];
		const struct commune *known =
		    communes_find(r->communes, c->insee);

		if (known == NULL) {
			continue;
		}
		c->name = strdup(known->name);
		if (c->name == NULL) {
			return stats_no_memory(r);
		}
		c->population = known->population;
		c->per_1000 = c->population > 0
		    ? 1000.0 * (double)c->participants / (double)c->population
		    : 0;
		reach->territory_participants += c->participants;
	}
	if (reach->territory_population > 0) {
		reach->territory_per_1000 = 1000.0 *
		    (double)reach->territory_participants /
		    (double)reach->territory_population;
	}
	stats_sort(reach->communes, reach->ncommunes, sizeof *reach->communes,
	    commune_order);
	return true;
}

/* Gives band key the label when it has none; adds the band first when
 * add is true and it is missing. */
static bool
label_band(struct stats_run *r, const char *key, const char *label, bool add)
{
	const struct stats_reach *reach = &r->st->reach;

	for (size_t i = 0; !add && i < reach->nages; i++) {
		if (strcmp(reach->ages[i].key, key) == 0) {
			add = true;
		}
	}
	return !add || preset_band(r, key, label);
}

static size_t
band_rank(const char *key)
{
	for (size_t i = 0; i < NBANDS; i++) {
		if (strcmp(bands[i].key, key) == 0) {
			return i;
		}
	}
	return NBANDS;
}

/* True when some form gave the labels of its age bands. */
static bool
form_bands(const struct stats_reach *reach)
{
	for (size_t i = 0; i < reach->nages; i++) {
		if (reach->ages[i].label != NULL) {
			return true;
		}
	}
	return false;
}

/* The bands of RECORDS.md first, in their order, then any other band in
 * the order met (an insertion sort: it keeps that order).  When no form
 * asked the age (testimonies only), all six are shown, with the labels
 * of the shipped forms; a band without a label gets its label from them
 * too. */
static bool
order_bands(struct stats_run *r)
{
	struct stats_reach *reach = &r->st->reach;
	bool all = reach->age_asked && !form_bands(reach);

	for (size_t i = 0; i < NBANDS; i++) {
		if (!label_band(r, bands[i].key, bands[i].label, all)) {
			return false;
		}
	}
	for (size_t i = 1; i < reach->nages; i++) {
		struct stats_value v = reach->ages[i];
		size_t j = i;

		while (j > 0 &&
		    band_rank(reach->ages[j - 1].key) > band_rank(v.key)) {
			reach->ages[j] = reach->ages[j - 1];
			j--;
		}
		reach->ages[j] = v;
	}
	return true;
}

bool
stats_reach_finish(struct stats_run *r)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;

	if (!stats_query(r, testimony_people_sql, &st) || !add_rows(r, st)) {
		goto out;
	}
	ok = place_communes(r) && order_bands(r);
out:
	sqlite3_finalize(st);
	return ok;
}

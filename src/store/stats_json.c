/*
 * stats_json(): the figures of a struct stats as one JSON document, for
 * programs.  Every object is made by one json_object() statement whose
 * keys are fixed in its SQL, with the values bound; arrays grow with
 * json_insert(.., '$[#]', ..).  No JSON is written by hand and no key is
 * ever spliced into a path.
 *
 * The document (keys in this order):
 *   {"generated_at":ISO,"filter":{"since":DAY|null,"site":ID|null},
 *    "definitions":{...the words of stats.h, in English...},
 *    "totals":TALLY,
 *    "consultations":[{"form","title","version","screens","completed",
 *       "abandoned","gave_up":[{"question","position","prompt","count"}],
 *       "questions":[{"id","position","type","prompt","answered",
 *          "values":[{"key","label","count"[,"ranked","mean_rank"]}],
 *          "numbers":{"count","min","max","mean","median"}|null}]}],
 *    "sites":[{"site":ID|null,...TALLY}],"days":[{"day":DAY,...TALLY}],
 *    "hours":[{"hour":0..23,...TALLY}] (all 24),
 *    "reach":{"participants","commune_not_given","hors_territoire",
 *       "territory":{"participants","population","per_1000"},
 *       "communes":[{"insee","name","population","participants",
 *          "per_1000"}],
 *       "age_asked","age_bands":[{"key","label","count"}],
 *       "age_not_given"}}
 * where TALLY is {"completed","abandoned","testimonies","participants",
 * "approaches","refusals","response_rate"}.  Unknown things are null:
 * a rate without approaches, a population not in the list.  Rates and
 * means are rounded (response_rate to 0.1, the others to 0.01).
 */
#include "stats_impl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#define LOST N_("the figures could not be written as JSON")

static const char *const definitions[] = {
	"completed and abandoned submissions, and testimonies;"
	" records withdrawn by a retraction are left out everywhere",
	"completed submissions / approaches x 100, over the"
	" same days and site; approaches are the animator's approach events"
	" (refusals are counted apart); people who came to the kiosk by"
	" themselves were not approached, so the rate can exceed 100; null"
	" when no approach was counted (no rate, which is not 0)",
	"days and hours are those of each record's created_at in the kiosk's"
	" local time; since keeps the records created on that local day or"
	" later; generated_at and created_at are UTC",
};

#define TALLY_KEYS \
	"'completed', ?3, 'abandoned', ?4, 'testimonies', ?5," \
	" 'participants', ?6, 'approaches', ?7, 'refusals', ?8," \
	" 'response_rate', ?9"

/* The statements of one document. */
struct builder {
	struct store *s;
	struct error *err;
	sqlite3_stmt *push, *tally, *value, *question, *gave_up, *form,
	    *commune, *reach, *top;
};

static const struct {
	size_t offset;
	const char *sql;
} statements[] = {
	{ offsetof(struct builder, push),
	    "SELECT json_insert(?1, '$[#]', json(?2))" },
	{ offsetof(struct builder, tally),
	    "SELECT CASE WHEN ?1 IS NULL THEN json_object(" TALLY_KEYS ")"
	    " ELSE json_object(?1, ?2, " TALLY_KEYS ") END" },
	{ offsetof(struct builder, value),
	    "SELECT CASE WHEN ?4 IS NULL THEN json_object('key', ?1,"
	    " 'label', ?2, 'count', ?3) ELSE json_object('key', ?1,"
	    " 'label', ?2, 'count', ?3, 'ranked', ?4, 'mean_rank', ?5) END" },
	{ offsetof(struct builder, question),
	    "SELECT json_object('id', ?1, 'position', ?2, 'type', ?3,"
	    " 'prompt', ?4, 'answered', ?5, 'values', json(?6), 'numbers',"
	    " CASE WHEN ?7 IS NULL THEN NULL ELSE json_object('count', ?7,"
	    " 'min', ?8, 'max', ?9, 'mean', ?10, 'median', ?11) END)" },
	{ offsetof(struct builder, gave_up),
	    "SELECT json_object('question', ?1, 'position', ?2, 'prompt', ?3,"
	    " 'count', ?4)" },
	{ offsetof(struct builder, form),
	    "SELECT json_object('form', ?1, 'title', ?2, 'version', ?3,"
	    " 'screens', ?4, 'completed', ?5, 'abandoned', ?6,"
	    " 'gave_up', json(?7), 'questions', json(?8), 'testimonies', ?9,"
	    " 'themes', json(?10))" },
	{ offsetof(struct builder, commune),
	    "SELECT json_object('insee', ?1, 'name', ?2, 'population', ?3,"
	    " 'participants', ?4, 'per_1000', ?5)" },
	{ offsetof(struct builder, reach),
	    "SELECT json_object('participants', ?1, 'commune_not_given', ?2,"
	    " 'hors_territoire', ?3, 'territory', json_object('participants',"
	    " ?4, 'population', ?5, 'per_1000', ?6), 'communes', json(?7),"
	    " 'age_asked', json(?8), 'age_bands', json(?9),"
	    " 'age_not_given', ?10)" },
	{ offsetof(struct builder, top),
	    "SELECT json_object('generated_at', ?1, 'filter',"
	    " json_object('since', ?2, 'site', ?3), 'definitions',"
	    " json_object('participants', ?4, 'response_rate', ?5,"
	    " 'times', ?6), 'totals', json(?7), 'consultations', json(?8),"
	    " 'sites', json(?9), 'days', json(?10), 'hours', json(?11),"
	    " 'reach', json(?12))" },
};
#define NSTATEMENTS (sizeof statements / sizeof statements[0])

static sqlite3_stmt **
slot(struct builder *b, size_t i)
{
	return (sqlite3_stmt **)(void *)((char *)b + statements[i].offset);
}

static bool
builder_init(struct builder *b, struct store *s, struct error *err)
{
	*b = (struct builder){ .s = s, .err = err };
	for (size_t i = 0; i < NSTATEMENTS; i++) {
		if (!store_prepare(s, statements[i].sql, slot(b, i), err)) {
			return false;
		}
	}
	return true;
}

static void
builder_finish(struct builder *b)
{
	for (size_t i = 0; i < NSTATEMENTS; i++) {
		sqlite3_finalize(*slot(b, i));
	}
}

/* Steps st (bound by the caller) into *out (newly allocated); resets st
 * and clears its bindings. */
static bool
run(struct builder *b, sqlite3_stmt *st, char **out)
{
	const char *text;
	bool ok = false;

	*out = NULL;
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(b->s, sqlite3_errcode(b->s->db), LOST, b->err);
		goto out;
	}
	text = (const char *)sqlite3_column_text(st, 0);
	*out = text != NULL ? strdup(text) : NULL;
	if (*out == NULL) {
		error_set(b->err, _("out of memory: %s"), _(LOST));
		goto out;
	}
	ok = true;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ok;
}

/* Appends element (JSON text, freed here) to *array. */
static bool
push(struct builder *b, char **array, char *element)
{
	char *grown = NULL;
	bool ok;

	sqlite3_bind_text(b->push, 1, *array, -1, SQLITE_STATIC);
	sqlite3_bind_text(b->push, 2, element, -1, SQLITE_STATIC);
	ok = run(b, b->push, &grown);
	free(element);
	if (ok) {
		free(*array);
		*array = grown;
	}
	return ok;
}

/* A new empty array into *array. */
static bool
new_array(struct builder *b, char **array)
{
	*array = strdup("[]");
	return *array != NULL ||
	    error_set(b->err, _("out of memory: %s"), _(LOST));
}

/* x rounded to 1 / scale (x >= 0), so that the JSON stays short. */
static double
rounded(double x, double scale)
{
	return (double)(int64_t)(x * scale + 0.5) / scale;
}

static void
bind_text(sqlite3_stmt *st, int i, const char *text)
{
	if (text != NULL) {
		sqlite3_bind_text(st, i, text, -1, SQLITE_STATIC);
	}
}

/* A tally; ?1 and ?2 (its label key and value) are bound by the caller,
 * or left NULL for none. */
static bool
tally_json(struct builder *b, const struct stats_tally *t, char **out)
{
	sqlite3_stmt *st = b->tally;
	double rate;

	sqlite3_bind_int64(st, 3, t->completed);
	sqlite3_bind_int64(st, 4, t->abandoned);
	sqlite3_bind_int64(st, 5, t->testimonies);
	sqlite3_bind_int64(st, 6, stats_participants(t));
	sqlite3_bind_int64(st, 7, t->approaches);
	sqlite3_bind_int64(st, 8, t->refusals);
	if (stats_response_rate(t, &rate)) {
		sqlite3_bind_double(st, 9, rounded(rate, 10));
	}
	return run(b, st, out);
}

static bool
sites_json(struct builder *b, const struct stats *s, char **out)
{
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < s->nsites; i++) {
		sqlite3_bind_text(b->tally, 1, "site", -1, SQLITE_STATIC);
		bind_text(b->tally, 2, s->sites[i].id);
		if (!tally_json(b, &s->sites[i].tally, &one) ||
		    !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

static bool
days_json(struct builder *b, const struct stats *s, char **out)
{
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < s->ndays; i++) {
		sqlite3_bind_text(b->tally, 1, "day", -1, SQLITE_STATIC);
		bind_text(b->tally, 2, s->days[i].day);
		if (!tally_json(b, &s->days[i].tally, &one) ||
		    !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

static bool
hours_json(struct builder *b, const struct stats *s, char **out)
{
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (int h = 0; h < 24; h++) {
		sqlite3_bind_text(b->tally, 1, "hour", -1, SQLITE_STATIC);
		sqlite3_bind_int(b->tally, 2, h);
		if (!tally_json(b, &s->hours[h], &one) || !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

static bool
values_json(struct builder *b, const struct stats_value *v, size_t n, bool rank,
    char **out)
{
	sqlite3_stmt *st = b->value;
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		bind_text(st, 1, v[i].key);
		bind_text(st, 2, v[i].label);
		sqlite3_bind_int64(st, 3, v[i].count);
		if (rank) {
			sqlite3_bind_int64(st, 4, v[i].ranked);
			if (v[i].ranked > 0) {
				sqlite3_bind_double(
				    st, 5, rounded(v[i].mean_rank, 100));
			}
		}
		if (!run(b, st, &one) || !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

/* Binds ?7..?11 of the question statement for scales and numbers. */
static void
bind_numbers(sqlite3_stmt *st, const struct stats_question *q)
{
	const struct stats_numbers *nb = &q->numbers;

	if (q->type != Q_SCALE && q->type != Q_NUMBER) {
		return;
	}
	sqlite3_bind_int64(st, 7, nb->count);
	if (nb->count > 0) {
		sqlite3_bind_int64(st, 8, nb->min);
		sqlite3_bind_int64(st, 9, nb->max);
		sqlite3_bind_double(st, 10, rounded(nb->mean, 100));
		sqlite3_bind_double(st, 11, rounded(nb->median, 100));
	}
}

static bool
question_json(struct builder *b, const struct stats_question *q, char **out)
{
	sqlite3_stmt *st = b->question;
	char *values = NULL;
	bool ok =
	    values_json(b, q->values, q->nvalues, q->type == Q_RANK, &values);

	if (ok) {
		bind_text(st, 1, q->id);
		if (q->position > 0) {
			sqlite3_bind_int64(st, 2, (int64_t)q->position);
		}
		if (q->type != Q_INFO) {
			bind_text(st, 3, form_type_name(q->type));
		}
		bind_text(st, 4, q->prompt);
		sqlite3_bind_int64(st, 5, q->answered);
		bind_text(st, 6, values);
		bind_numbers(st, q);
		ok = run(b, st, out);
	}
	free(values);
	return ok;
}

static bool
gave_up_json(struct builder *b, const struct stats_form *f, char **out)
{
	sqlite3_stmt *st = b->gave_up;
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < f->ngave_up; i++) {
		const struct stats_gave_up *g = &f->gave_up[i];

		bind_text(st, 1, g->question);
		if (g->position > 0) {
			sqlite3_bind_int64(st, 2, (int64_t)g->position);
		}
		bind_text(st, 3, g->prompt);
		sqlite3_bind_int64(st, 4, g->count);
		if (!run(b, st, &one) || !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

static bool
questions_json(struct builder *b, const struct stats_form *f, char **out)
{
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < f->nquestions; i++) {
		if (!question_json(b, &f->questions[i], &one) ||
		    !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

static bool
form_json(struct builder *b, const struct stats_form *f, char **out)
{
	sqlite3_stmt *st = b->form;
	char *gave_up = NULL, *questions = NULL, *themes = NULL;
	bool ok = gave_up_json(b, f, &gave_up) &&
	    questions_json(b, f, &questions) &&
	    values_json(b, f->themes, f->nthemes, false, &themes);

	if (ok) {
		bind_text(st, 1, f->id);
		bind_text(st, 2, f->title);
		sqlite3_bind_int64(st, 3, f->version);
		sqlite3_bind_int64(st, 4, (int64_t)f->screens);
		sqlite3_bind_int64(st, 5, f->completed);
		sqlite3_bind_int64(st, 6, f->abandoned);
		bind_text(st, 7, gave_up);
		bind_text(st, 8, questions);
		sqlite3_bind_int64(st, 9, f->testimonies);
		bind_text(st, 10, themes);
		ok = run(b, st, out);
	}
	free(gave_up);
	free(questions);
	free(themes);
	return ok;
}

static bool
forms_json(struct builder *b, const struct stats *s, char **out)
{
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < s->nforms; i++) {
		if (!form_json(b, &s->forms[i], &one) || !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

static bool
communes_json(struct builder *b, const struct stats_reach *r, char **out)
{
	sqlite3_stmt *st = b->commune;
	char *one;

	if (!new_array(b, out)) {
		return false;
	}
	for (size_t i = 0; i < r->ncommunes; i++) {
		const struct stats_commune *c = &r->communes[i];

		bind_text(st, 1, c->insee);
		bind_text(st, 2, c->name);
		if (c->population > 0) {
			sqlite3_bind_int64(st, 3, c->population);
			sqlite3_bind_double(st, 5, rounded(c->per_1000, 100));
		}
		sqlite3_bind_int64(st, 4, c->participants);
		if (!run(b, st, &one) || !push(b, out, one)) {
			return false;
		}
	}
	return true;
}

/* Binds the reach statement's numbers (?1..?6, ?8 and ?10). */
static void
bind_reach(sqlite3_stmt *st, const struct stats_reach *r)
{
	sqlite3_bind_int64(st, 1, r->participants);
	sqlite3_bind_int64(st, 2, r->no_commune);
	sqlite3_bind_int64(st, 3, r->elsewhere);
	sqlite3_bind_int64(st, 4, r->territory_participants);
	if (r->territory_population > 0) {
		sqlite3_bind_int64(st, 5, r->territory_population);
		sqlite3_bind_double(st, 6, rounded(r->territory_per_1000, 100));
	}
	sqlite3_bind_text(
	    st, 8, r->age_asked ? "true" : "false", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 10, r->no_age);
}

static bool
reach_json(struct builder *b, const struct stats_reach *r, char **out)
{
	char *communes = NULL, *ages = NULL;
	bool ok = communes_json(b, r, &communes) &&
	    values_json(b, r->ages, r->nages, false, &ages);

	if (ok) {
		bind_reach(b->reach, r);
		bind_text(b->reach, 7, communes);
		bind_text(b->reach, 9, ages);
		ok = run(b, b->reach, out);
	}
	free(communes);
	free(ages);
	return ok;
}

/* The parts of the document, in the order of the top statement. */
enum part {
	PART_TOTALS,
	PART_FORMS,
	PART_SITES,
	PART_DAYS,
	PART_HOURS,
	PART_REACH,
	NPARTS,
};

static bool
parts_json(struct builder *b, const struct stats *s, char *parts[NPARTS])
{
	return tally_json(b, &s->total, &parts[PART_TOTALS]) &&
	    forms_json(b, s, &parts[PART_FORMS]) &&
	    sites_json(b, s, &parts[PART_SITES]) &&
	    days_json(b, s, &parts[PART_DAYS]) &&
	    hours_json(b, s, &parts[PART_HOURS]) &&
	    reach_json(b, &s->reach, &parts[PART_REACH]);
}

static bool
top_json(
    struct builder *b, const struct stats *s, char *parts[NPARTS], char **json)
{
	sqlite3_stmt *st = b->top;

	sqlite3_bind_text(st, 1, s->generated_at, -1, SQLITE_STATIC);
	if (s->since[0] != '\0') {
		sqlite3_bind_text(st, 2, s->since, -1, SQLITE_STATIC);
	}
	bind_text(st, 3, s->site);
	for (int i = 0; i < 3; i++) {
		sqlite3_bind_text(st, 4 + i, definitions[i], -1, SQLITE_STATIC);
	}
	for (int i = 0; i < NPARTS; i++) {
		bind_text(st, 7 + i, parts[i]);
	}
	return run(b, st, json);
}

bool
stats_json(
    struct store *s, const struct stats *st, char **json, struct error *err)
{
	struct builder b;
	char *parts[NPARTS] = { 0 };
	bool ok;

	*json = NULL;
	ok = builder_init(&b, s, err) && parts_json(&b, st, parts) &&
	    top_json(&b, st, parts, json);
	builder_finish(&b);
	for (int i = 0; i < NPARTS; i++) {
		free(parts[i]);
	}
	return ok;
}

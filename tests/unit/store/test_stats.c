/*
 * The figures (stats_compute(), stats_json()) on a database built here
 * through the real store API with known counts: two consultations parsed
 * from form files of this test, completed and abandoned submissions on
 * two days and at two sites (and one with no site), approaches, refusals
 * and site events, testimonies, and retractions of a submission, an
 * approach and a testimony.  Every figure is checked exactly, with and
 * without the --since and --site filters; the JSON says the same, and no
 * text typed by a participant ever reaches it.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cmocka.h>

#include "clock.h"
#include "communes.h"
#include "helpers.h"
#include "ids.h"
#include "stats.h"
#include "testimony.h"
#include "tests.h"

static const char market_ini[] =
    "[form]\n"
    "id      = marche-test\n"
    "version = 1\n"
    "title   = Le marché du samedi\n"
    "privacy = Réponses anonymes.\n"
    "partial = keep\n"
    "\n"
    "[question intro]\n"
    "type   = info\n"
    "prompt = Bienvenue au stand.\n"
    "\n"
    "[question frequence]\n"
    "type     = choice\n"
    "prompt   = Venez-vous souvent au marché ?\n"
    "option   = souvent | Chaque semaine\n"
    "option   = parfois | De temps en temps\n"
    "option   = jamais  | Jamais\n"
    "other    = yes\n"
    "required = yes\n"
    "\n"
    "[question stands]\n"
    "type   = choices\n"
    "prompt = Quels stands préférez-vous ?\n"
    "option = fruits  | Fruits et légumes\n"
    "option = fromage | Fromages\n"
    "option = pain    | Pain\n"
    "other  = yes\n"
    "max    = 3\n"
    "\n"
    "[question note]\n"
    "type      = scale\n"
    "prompt    = Votre note pour le marché ?\n"
    "min       = 1\n"
    "max       = 5\n"
    "min_label = Mauvais\n"
    "max_label = Excellent\n"
    "\n"
    "[question visites]\n"
    "type   = number\n"
    "prompt = Combien de fois êtes-vous venu cette année ?\n"
    "min    = 0\n"
    "max    = 52\n"
    "\n"
    "[question priorites]\n"
    "type   = rank\n"
    "prompt = Classez ces idées.\n"
    "option = parking    | Plus de parking\n"
    "option = horaires   | Des horaires plus longs\n"
    "option = animations | Des animations\n"
    "\n"
    "[question avis]\n"
    "type   = text\n"
    "prompt = Un mot pour le marché ?\n"
    "\n"
    "[question accord]\n"
    "type   = consent\n"
    "prompt = Peut-on citer votre avis ?\n"
    "\n"
    "[question commune]\n"
    "type   = commune\n"
    "prompt = Votre commune ?\n"
    "\n"
    "[question age]\n"
    "type   = choice\n"
    "prompt = Votre âge ?\n"
    "option = moins-18 | Moins de 18 ans\n"
    "option = 18-29    | 18 à 29 ans\n"
    "option = 30-44    | 30 à 44 ans\n"
    "option = 45-59    | 45 à 59 ans\n"
    "option = 60-74    | 60 à 74 ans\n"
    "option = 75-plus  | 75 ans et plus\n";

/* No age question; its commune question is not called "commune". */
static const char water_ini[] = "[form]\n"
                                "id      = eau-test\n"
                                "version = 1\n"
                                "title   = L'eau au village\n"
                                "privacy = Anonyme.\n"
                                "\n"
                                "[question potable]\n"
                                "type   = consent\n"
                                "prompt = Buvez-vous l'eau du robinet ?\n"
                                "\n"
                                "[question lieu]\n"
                                "type   = commune\n"
                                "prompt = Où habitez-vous ?\n";

#define DIGNE "marche-digne"
#define SISTERON "marche-sisteron"

/* What the scenario wrote, for the retractions and the checks. */
struct world {
	struct env *env;
	struct form *market;
	struct form *water;
	struct communes communes;
	struct commune items[3];
	char retracted_submission[37];
	char retracted_approach[37];
	char retracted_testimony[37];
};

static void
at(const char *iso)
{
	int64_t ms;

	assert_true(clock_parse_iso(iso, &ms));
	clock_set(ms);
}

static struct form *
parse(const char *name, const char *text)
{
	struct form_diags diags = { 0 };
	struct form *f = form_parse(name, text, strlen(text), &diags);

	for (size_t i = 0; i < diags.count; i++) {
		print_error("%s\n", diags.items[i].text);
	}
	form_diags_finish(&diags);
	assert_non_null(f);
	return f;
}

/* Sets the answer of one "qid=v1,v2" or "qid.other=text" spec. */
static void
answer_spec(const struct form *f, struct answer *answers, const char *spec)
{
	char buf[256], *value, *dot, *save = NULL;
	int q;

	snprintf(buf, sizeof buf, "%s", spec);
	value = strchr(buf, '=');
	assert_non_null(value);
	*value++ = '\0';
	dot = strchr(buf, '.');
	if (dot != NULL) {
		*dot = '\0';
	}
	q = form_find_question(f, buf);
	assert_true(q >= 0);
	if (dot != NULL) {
		assert_true(answer_set_other(&answers[q], value));
		return;
	}
	for (char *v = strtok_r(value, ",", &save); v != NULL;
	     v = strtok_r(NULL, ",", &save)) {
		assert_true(answer_add(&answers[q], v));
	}
}

/* Submits the answers (NULL-terminated specs) at time when; abandoned on
 * question last when it is not NULL. */
static void
submit(struct world *w, const struct form *f, const char *site,
    const char *when, const char *last, const char *const *specs, char uuid[37])
{
	struct answer *answers = calloc(f->nquestions, sizeof *answers);
	struct store_submission sub = {
		.form = f,
		.answers = answers,
		.completed = last == NULL,
		.lang = LANG_FR,
		.site = site,
		.mode = "self",
		.receipt = "TEST-0001",
	};
	struct store_written out;
	struct error err = { 0 };

	assert_non_null(answers);
	at(when);
	sub.started_ms = clock_now_ms() - 60000;
	if (last != NULL) {
		sub.last_question = (size_t)form_find_question(f, last);
	}
	for (size_t i = 0; specs[i] != NULL; i++) {
		answer_spec(f, answers, specs[i]);
	}
	if (!store_submit(w->env->s, &sub, &out, &err)) {
		fail_msg("store_submit: %s", err.msg);
	}
	if (uuid != NULL) {
		memcpy(uuid, out.uuid, 37);
	}
	for (size_t i = 0; i < f->nquestions; i++) {
		answer_clear(&answers[i]);
	}
	free(answers);
}

static void
append(struct world *w, const char *when, const char *type, const char *site,
    const char *payload, char uuid[37])
{
	struct store_written out;
	struct error err = { 0 };

	at(when);
	if (!store_append(w->env->s, type, site,
	        strcmp(type, "testimony") == 0 ? "volunteer" : "self", payload,
	        &out, &err)) {
		fail_msg("store_append: %s", err.msg);
	}
	if (uuid != NULL) {
		memcpy(uuid, out.uuid, 37);
	}
}

/* A retraction of uuid, its payload made by SQLite's json_object(). */
static void
retract(struct world *w, const char *when, const char *uuid)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "SELECT json_object("
	                     "'retracts', ?1, 'reason', 'saisie en double')",
	                     -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, uuid, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	append(w, when, "retraction", SISTERON,
	    (const char *)sqlite3_column_text(st, 0), NULL);
	sqlite3_finalize(st);
	sqlite3_close(db);
}

#define SPECS(...) ((const char *const[]){ __VA_ARGS__, NULL })
#define APPROACH "{\"event\":\"approach\"}"
#define REFUSAL "{\"event\":\"refusal\"}"

/* Day 1, 2026-11-24, at the Digne market. */
static void
day_one(struct world *w)
{
	const struct form *m = w->market;

	append(w, "2026-11-24T08:55:00Z", "event", DIGNE,
	    "{\"event\":"
	    "\"site\",\"site\":\"marche-digne\",\"label\":\"Marché\"}",
	    NULL);
	append(w, "2026-11-24T09:00:00Z", "event", DIGNE, APPROACH, NULL);
	append(w, "2026-11-24T09:05:00Z", "event", DIGNE, APPROACH, NULL);
	submit(w, m, DIGNE, "2026-11-24T09:10:00Z", NULL,
	    SPECS("frequence=souvent", "stands=fruits,pain", "note=4",
	        "visites=10", "priorites=horaires,parking", "avis=Très bien",
	        "accord=oui", "commune=04070", "age=30-44"),
	    NULL);
	append(w, "2026-11-24T09:30:00Z", "event", DIGNE, APPROACH, NULL);
	submit(w, m, DIGNE, "2026-11-24T09:40:00Z", NULL,
	    SPECS("frequence=parfois", "stands=fruits", "note=2", "visites=3",
	        "priorites=parking,horaires,animations", "accord=non",
	        "commune=04070", "age=60-74"),
	    NULL);
	append(w, "2026-11-24T09:50:00Z", "event", DIGNE, REFUSAL, NULL);
	append(w, "2026-11-24T10:00:00Z", "event", DIGNE, APPROACH, NULL);
	submit(w, m, DIGNE, "2026-11-24T10:05:00Z", NULL,
	    SPECS("frequence=other", "frequence.other=Deux fois par an",
	        "stands=fromage,other", "stands.other=Miel", "note=5",
	        "visites=20", "accord=oui", "commune=hors-territoire",
	        "age=30-44"),
	    NULL);
	append(w, "2026-11-24T10:15:00Z", "testimony", DIGNE,
	    "{\"question\":"
	    "\"Le marché ?\",\"words\":\"Secret des mots\",\"quote\":"
	    "\"anonymous\",\"age\":\"45-59\",\"commune\":\"04070\"}",
	    NULL);
	submit(w, m, DIGNE, "2026-11-24T10:20:00Z", "note",
	    SPECS("frequence=jamais", "stands=pain"), NULL);
	submit(w, m, DIGNE, "2026-11-24T10:30:00Z", "stands",
	    SPECS("frequence=parfois"), NULL);
	submit(w, m, DIGNE, "2026-11-24T10:50:00Z", NULL,
	    SPECS("frequence=jamais", "note=1", "visites=0", "commune=04001",
	        "age=18-29"),
	    w->retracted_submission);
	append(w, "2026-11-24T10:55:00Z", "event", DIGNE, APPROACH,
	    w->retracted_approach);
	append(w, "2026-11-24T11:10:00Z", "testimony", DIGNE,
	    "{\"question\":"
	    "\"Le marché ?\",\"words\":\"Retiré\",\"quote\":\"private\","
	    "\"age\":\"75-plus\",\"commune\":\"04209\"}",
	    w->retracted_testimony);
	submit(w, w->water, DIGNE, "2026-11-24T11:20:00Z", NULL,
	    SPECS("potable=oui", "lieu=04001"), NULL);
}

/* Day 2, 2026-11-25: one submission before the site is set, then the
 * Sisteron market, and the retractions (of day 1's records). */
static void
day_two(struct world *w)
{
	const struct form *m = w->market;

	submit(w, m, NULL, "2026-11-25T08:00:00Z", NULL,
	    SPECS("frequence=souvent", "note=5", "priorites=animations",
	        "commune=04209", "age=18-29"),
	    NULL);
	append(w, "2026-11-25T08:30:00Z", "event", SISTERON,
	    "{\"event\":"
	    "\"site\",\"site\":\"marche-sisteron\",\"label\":\"Sisteron\"}",
	    NULL);
	append(w, "2026-11-25T14:00:00Z", "event", SISTERON, APPROACH, NULL);
	append(w, "2026-11-25T14:05:00Z", "event", SISTERON, APPROACH, NULL);
	submit(w, w->water, SISTERON, "2026-11-25T14:10:00Z", NULL,
	    SPECS("potable=non", "lieu=04209"), NULL);
	submit(w, m, SISTERON, "2026-11-25T14:20:00Z", NULL,
	    SPECS("frequence=souvent", "stands=fruits", "note=3", "visites=7",
	        "priorites=parking", "accord=oui", "age=18-29"),
	    NULL);
	submit(w, m, SISTERON, "2026-11-25T15:00:00Z", "stands",
	    SPECS("frequence=jamais"), NULL);
	append(w, "2026-11-25T15:05:00Z", "event", SISTERON, REFUSAL, NULL);
	append(w, "2026-11-25T15:06:00Z", "event", SISTERON, REFUSAL, NULL);
	retract(w, "2026-11-25T15:30:00Z", w->retracted_submission);
	retract(w, "2026-11-25T15:31:00Z", w->retracted_approach);
	retract(w, "2026-11-25T15:32:00Z", w->retracted_testimony);
}

static void
add_commune(
    struct world *w, const char *insee, const char *name, int64_t population)
{
	struct commune *c = &w->items[w->communes.count++];

	snprintf(c->insee, sizeof c->insee, "%s", insee);
	c->name = (char *)name;
	c->population = population;
}

static int
world_setup(void **state)
{
	struct world *w = calloc(1, sizeof *w);

	if (w == NULL || env_setup((void **)&w->env) != 0) {
		free(w);
		return -1;
	}
	w->communes.items = w->items;
	add_commune(w, "04001", "Aiglun", 1399);
	add_commune(w, "04070", "Digne-les-Bains", 17979);
	add_commune(w, "04209", "Sisteron", 7850);
	*state = w;
	return 0;
}

static int
world_teardown(void **state)
{
	struct world *w = *state;
	void *env = w->env;

	form_destroy(w->market);
	form_destroy(w->water);
	env_teardown(&env);
	free(w);
	return 0;
}

/* The whole scenario, in a fresh database. */
static void
world_build(struct world *w)
{
	env_open(w->env);
	w->market = parse("marche-test.ini", market_ini);
	w->water = parse("eau-test.ini", water_ini);
	day_one(w);
	day_two(w);
}

static struct stats *
compute(struct world *w, const char *since, const char *site)
{
	struct stats_filter filter = { .since = since, .site = site };
	struct error err = { 0 };
	struct stats *st =
	    stats_compute(w->env->s, &filter, &w->communes, &err);

	if (st == NULL) {
		fail_msg("stats_compute: %s", err.msg);
	}
	return st;
}

static void
check_tally(const struct stats_tally *t, int64_t completed, int64_t abandoned,
    int64_t testimonies, int64_t approaches, int64_t refusals)
{
	assert_int_equal(t->completed, completed);
	assert_int_equal(t->abandoned, abandoned);
	assert_int_equal(t->testimonies, testimonies);
	assert_int_equal(t->approaches, approaches);
	assert_int_equal(t->refusals, refusals);
}

/* Asserts that rate is about want percent, or that there is none. */
static void
check_rate(const struct stats_tally *t, double want)
{
	double rate = -1;
	bool has = stats_response_rate(t, &rate);

	if (want < 0) {
		assert_false(has);
		return;
	}
	assert_true(has);
	assert_true(rate > want - 0.01 && rate < want + 0.01);
}

static void
check_near(double got, double want)
{
	if (!(got > want - 0.005 && got < want + 0.005)) {
		fail_msg("%f is not %f", got, want);
	}
}

static void
totals_sites_days_hours(void **state)
{
	/* completed, abandoned, testimonies, approaches, refusals */
	static const int64_t hours[24][5] = {
		[8] = { 1, 0, 0, 0, 0 },
		[9] = { 2, 0, 0, 3, 1 },
		[10] = { 1, 2, 1, 1, 0 },
		[11] = { 1, 0, 0, 0, 0 },
		[14] = { 2, 0, 0, 2, 0 },
		[15] = { 0, 1, 0, 0, 2 },
	};
	struct world *w = *state;
	struct stats *st;

	world_build(w);
	st = compute(w, NULL, NULL);
	/* The retracted submission, approach and testimony are out. */
	check_tally(&st->total, 7, 3, 1, 6, 3);
	assert_int_equal(stats_participants(&st->total), 11);
	check_rate(&st->total, 700.0 / 6);
	assert_int_equal(st->nsites, 3);
	assert_string_equal(st->sites[0].id, DIGNE);
	check_tally(&st->sites[0].tally, 4, 2, 1, 4, 1);
	check_rate(&st->sites[0].tally, 100);
	assert_string_equal(st->sites[1].id, SISTERON);
	check_tally(&st->sites[1].tally, 2, 1, 0, 2, 2);
	assert_null(st->sites[2].id);
	check_tally(&st->sites[2].tally, 1, 0, 0, 0, 0);
	check_rate(&st->sites[2].tally, -1);
	assert_int_equal(st->ndays, 2);
	assert_string_equal(st->days[0].day, "2026-11-24");
	check_tally(&st->days[0].tally, 4, 2, 1, 4, 1);
	assert_string_equal(st->days[1].day, "2026-11-25");
	check_tally(&st->days[1].tally, 3, 1, 0, 2, 2);
	for (int h = 0; h < 24; h++) {
		const int64_t *c = hours[h];
		check_tally(&st->hours[h], c[0], c[1], c[2], c[3], c[4]);
	}
	assert_string_equal(st->generated_at, "2026-11-25T15:32:00.000Z");
	stats_destroy(st);
}

static const struct stats_question *
question(const struct stats_form *f, const char *id)
{
	for (size_t i = 0; i < f->nquestions; i++) {
		if (strcmp(f->questions[i].id, id) == 0) {
			return &f->questions[i];
		}
	}
	fail_msg("no question %s", id);
	return NULL;
}

/* Checks bar i of q: key, label (NULL: none) and count. */
static void
check_value(const struct stats_question *q, size_t i, const char *key,
    const char *label, int64_t count)
{
	assert_true(i < q->nvalues);
	assert_string_equal(q->values[i].key, key);
	if (label == NULL) {
		assert_null(q->values[i].label);
	} else {
		assert_string_equal(q->values[i].label, label);
	}
	assert_int_equal(q->values[i].count, count);
}

static void
check_choices(const struct stats_form *f)
{
	const struct stats_question *q = question(f, "frequence");

	assert_int_equal(q->type, Q_CHOICE);
	assert_int_equal(q->position, 2);
	assert_string_equal(q->prompt, "Venez-vous souvent au marché ?");
	assert_int_equal(q->answered, 8);
	assert_int_equal(q->nvalues, 4);
	check_value(q, 0, "souvent", "Chaque semaine", 3);
	check_value(q, 1, "parfois", "De temps en temps", 2);
	check_value(q, 2, "jamais", "Jamais", 2);
	check_value(q, 3, "other", NULL, 1);
	q = question(f, "stands");
	assert_int_equal(q->answered, 5);
	assert_int_equal(q->nvalues, 4);
	check_value(q, 0, "fruits", "Fruits et légumes", 3);
	check_value(q, 1, "fromage", "Fromages", 1);
	check_value(q, 2, "pain", "Pain", 2);
	check_value(q, 3, "other", NULL, 1);
	q = question(f, "accord");
	assert_int_equal(q->answered, 4);
	assert_int_equal(q->nvalues, 2);
	check_value(q, 0, "oui", NULL, 3);
	check_value(q, 1, "non", NULL, 1);
	q = question(f, "age");
	assert_int_equal(q->answered, 5);
	check_value(q, 0, "moins-18", "Moins de 18 ans", 0);
	check_value(q, 1, "18-29", "18 à 29 ans", 2);
	check_value(q, 2, "30-44", "30 à 44 ans", 2);
	check_value(q, 4, "60-74", "60 à 74 ans", 1);
}

static void
check_numbers(const struct stats_form *f)
{
	const struct stats_question *q = question(f, "note");

	assert_int_equal(q->answered, 5);
	assert_int_equal(q->nvalues, 5);
	check_value(q, 0, "1", "Mauvais", 0);
	check_value(q, 1, "2", NULL, 1);
	check_value(q, 2, "3", NULL, 1);
	check_value(q, 3, "4", NULL, 1);
	check_value(q, 4, "5", "Excellent", 2);
	assert_int_equal(q->numbers.count, 5);
	assert_int_equal(q->numbers.min, 2);
	assert_int_equal(q->numbers.max, 5);
	check_near(q->numbers.mean, 3.8);
	check_near(q->numbers.median, 4);
	q = question(f, "visites");
	assert_int_equal(q->type, Q_NUMBER);
	assert_int_equal(q->answered, 4);
	assert_int_equal(q->nvalues, 0);
	assert_int_equal(q->numbers.count, 4);
	assert_int_equal(q->numbers.min, 3);
	assert_int_equal(q->numbers.max, 20);
	check_near(q->numbers.mean, 10);
	check_near(q->numbers.median, 8.5);
}

static void
check_rank_and_texts(const struct stats_form *f)
{
	const struct stats_question *q = question(f, "priorites");

	assert_int_equal(q->answered, 4);
	assert_int_equal(q->nvalues, 3);
	check_value(q, 0, "parking", "Plus de parking", 2);
	assert_int_equal(q->values[0].ranked, 3);
	check_near(q->values[0].mean_rank, 4.0 / 3);
	check_value(q, 1, "horaires", "Des horaires plus longs", 1);
	assert_int_equal(q->values[1].ranked, 2);
	check_near(q->values[1].mean_rank, 1.5);
	check_value(q, 2, "animations", "Des animations", 1);
	assert_int_equal(q->values[2].ranked, 2);
	check_near(q->values[2].mean_rank, 2);
	/* Texts and communes: how many answered, never what. */
	q = question(f, "avis");
	assert_int_equal(q->answered, 1);
	assert_int_equal(q->nvalues, 0);
	q = question(f, "commune");
	assert_int_equal(q->answered, 4);
	assert_int_equal(q->nvalues, 0);
}

static void
consultations(void **state)
{
	struct world *w = *state;
	struct stats *st;
	const struct stats_form *f;

	world_build(w);
	st = compute(w, NULL, NULL);
	assert_int_equal(st->nforms, 2);
	f = &st->forms[0];
	assert_string_equal(f->id, "eau-test");
	assert_string_equal(f->title, "L'eau au village");
	assert_int_equal(f->completed, 2);
	assert_int_equal(f->abandoned, 0);
	assert_int_equal(f->ngave_up, 0);
	assert_int_equal(f->nquestions, 2);
	check_value(question(f, "potable"), 0, "oui", NULL, 1);
	check_value(question(f, "potable"), 1, "non", NULL, 1);
	f = &st->forms[1];
	assert_string_equal(f->id, "marche-test");
	assert_string_equal(f->title, "Le marché du samedi");
	assert_int_equal(f->version, 1);
	assert_int_equal(f->screens, 10);
	assert_int_equal(f->completed, 5);
	assert_int_equal(f->abandoned, 3);
	/* Where they stopped, in screen order. */
	assert_int_equal(f->ngave_up, 2);
	assert_string_equal(f->gave_up[0].question, "stands");
	assert_int_equal(f->gave_up[0].position, 3);
	assert_string_equal(
	    f->gave_up[0].prompt, "Quels stands préférez-vous ?");
	assert_int_equal(f->gave_up[0].count, 2);
	assert_string_equal(f->gave_up[1].question, "note");
	assert_int_equal(f->gave_up[1].position, 4);
	assert_int_equal(f->gave_up[1].count, 1);
	assert_int_equal(f->nquestions, 9);
	check_choices(f);
	check_numbers(f);
	check_rank_and_texts(f);
	stats_destroy(st);
}

static void
check_commune(const struct stats_commune *c, const char *insee,
    const char *name, int64_t population, int64_t participants, double per_1000)
{
	assert_string_equal(c->insee, insee);
	assert_string_equal(c->name, name);
	assert_int_equal(c->population, population);
	assert_int_equal(c->participants, participants);
	check_near(c->per_1000, per_1000);
}

static void
reach(void **state)
{
	struct world *w = *state;
	struct stats *st;
	const struct stats_reach *r;
	static const int64_t ages[] = { 0, 2, 2, 1, 1, 0 };
	static const char *const bands[] = { "moins-18", "18-29", "30-44",
		"45-59", "60-74", "75-plus" };

	world_build(w);
	st = compute(w, NULL, NULL);
	r = &st->reach;
	assert_int_equal(r->participants, 11);
	assert_int_equal(r->elsewhere, 1);
	assert_int_equal(r->no_commune, 4);
	assert_int_equal(r->ncommunes, 3);
	check_commune(&r->communes[0], "04070", "Digne-les-Bains", 17979, 3,
	    3000.0 / 17979);
	check_commune(
	    &r->communes[1], "04209", "Sisteron", 7850, 2, 2000.0 / 7850);
	check_commune(
	    &r->communes[2], "04001", "Aiglun", 1399, 1, 1000.0 / 1399);
	assert_int_equal(r->territory_participants, 6);
	assert_int_equal(r->territory_population, 27228);
	check_near(r->territory_per_1000, 6000.0 / 27228);
	assert_true(r->age_asked);
	assert_int_equal(r->nages, 6);
	for (size_t i = 0; i < 6; i++) {
		assert_string_equal(r->ages[i].key, bands[i]);
		assert_non_null(r->ages[i].label);
		assert_int_equal(r->ages[i].count, ages[i]);
	}
	assert_string_equal(r->ages[5].label, "75 ans et plus");
	assert_int_equal(r->no_age, 5);
	stats_destroy(st);
}

static void
filters(void **state)
{
	struct world *w = *state;
	struct stats *st;

	world_build(w);
	st = compute(w, "2026-11-25", NULL);
	assert_string_equal(st->since, "2026-11-25");
	check_tally(&st->total, 3, 1, 0, 2, 2);
	check_rate(&st->total, 150);
	assert_int_equal(st->ndays, 1);
	assert_int_equal(st->nsites, 2);
	assert_int_equal(st->nforms, 2);
	assert_int_equal(st->forms[1].completed, 2);
	assert_int_equal(st->forms[1].abandoned, 1);
	assert_int_equal(st->forms[1].ngave_up, 1);
	assert_int_equal(st->reach.participants, 4);
	stats_destroy(st);
	/* The submission retracted at another site, on another day, stays
	 * out. */
	st = compute(w, NULL, DIGNE);
	assert_string_equal(st->site, DIGNE);
	check_tally(&st->total, 4, 2, 1, 4, 1);
	assert_int_equal(st->nsites, 1);
	assert_int_equal(st->forms[1].completed, 3);
	assert_int_equal(st->forms[1].abandoned, 2);
	assert_int_equal(question(&st->forms[1], "frequence")->answered, 5);
	stats_destroy(st);
	st = compute(w, "2026-11-24", DIGNE);
	check_tally(&st->total, 4, 2, 1, 4, 1);
	stats_destroy(st);
	st = compute(w, "2026-11-25", DIGNE);
	check_tally(&st->total, 0, 0, 0, 0, 0);
	check_rate(&st->total, -1);
	assert_int_equal(st->nforms, 0);
	assert_int_equal(st->nsites, 0);
	assert_int_equal(st->ndays, 0);
	assert_int_equal(st->reach.participants, 0);
	assert_false(st->reach.age_asked);
	stats_destroy(st);
}

static void
bad_since(void **state)
{
	struct world *w = *state;
	static const char *const bad[] = { "2026-13-01", "2026-02-30",
		"yesterday", "2026-11-25T00:00:00Z", "", "26-11-25" };
	struct stats_filter filter = { 0 };
	struct error err = { 0 };

	env_open(w->env);
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		filter.since = bad[i];
		assert_null(stats_compute(w->env->s, &filter, NULL, &err));
		assert_non_null(strstr(err.msg, "not a date"));
	}
}

/* An empty database: all zero, no rate, and the JSON says so. */
static void
empty(void **state)
{
	struct world *w = *state;
	struct error err = { 0 };
	struct stats *st;
	char *json = NULL;

	env_open(w->env);
	st = stats_compute(w->env->s, NULL, NULL, &err);
	assert_non_null(st);
	check_tally(&st->total, 0, 0, 0, 0, 0);
	assert_int_equal(st->nforms + st->nsites + st->ndays, 0);
	assert_true(stats_json(w->env->s, st, &json, &err));
	assert_non_null(strstr(json, "\"response_rate\":null"));
	assert_non_null(strstr(json, "\"consultations\":[]"));
	free(json);
	stats_destroy(st);
}

/* json_extract(json, path) through a raw connection, as text. */
static char *
json_at(const char *json, const char *path)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	char *v = NULL;

	assert_int_equal(sqlite3_open(":memory:", &db), SQLITE_OK);
	assert_int_equal(
	    sqlite3_prepare_v2(db,
	        "SELECT CASE WHEN "
	        "json_valid(?1) THEN coalesce(json_extract(?1, ?2), 'null') "
	        "ELSE 'invalid' END",
	        -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, json, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, path, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_ROW);
	v = strdup((const char *)sqlite3_column_text(st, 0));
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

static void
json_document(void **state)
{
	struct world *w = *state;
	struct error err = { 0 };
	struct stats *st;
	char *json = NULL;
	static const char *const checks[][2] = {
		{ "$.totals.completed", "7" },
		{ "$.totals.participants", "11" },
		{ "$.totals.response_rate", "116.7" },
		{ "$.filter.since", "null" },
		{ "$.sites[2].site", "null" },
		{ "$.sites[2].response_rate", "null" },
		{ "$.sites[0].response_rate", "100.0" },
		{ "$.days[1].day", "2026-11-25" },
		{ "$.hours[9].approaches", "3" },
		{ "$.consultations[1].gave_up[0].question", "stands" },
		{ "$.consultations[1].questions[0].values[3].key", "other" },
		{ "$.consultations[1].questions[2].numbers.mean", "3.8" },
		{ "$.consultations[1].questions[3].numbers.median", "8.5" },
		{ "$.consultations[1].questions[4].values[0].mean_rank",
		    "1.33" },
		{ "$.consultations[1].questions[5].values", "[]" },
		{ "$.reach.communes[0].per_1000", "0.17" },
		{ "$.reach.territory.per_1000", "0.22" },
		{ "$.reach.hors_territoire", "1" },
		{ "$.reach.age_bands[1].count", "2" },
		{ "$.reach.age_asked", "1" },
	};

	world_build(w);
	st = compute(w, NULL, NULL);
	assert_true(stats_json(w->env->s, st, &json, &err));
	for (size_t i = 0; i < sizeof checks / sizeof checks[0]; i++) {
		char *got = json_at(json, checks[i][0]);
		if (strcmp(got, checks[i][1]) != 0) {
			fail_msg("%s is %s, expected %s", checks[i][0], got,
			    checks[i][1]);
		}
		free(got);
	}
	/* Nothing typed by a participant or a volunteer. */
	assert_null(strstr(json, "Très bien"));
	assert_null(strstr(json, "Miel"));
	assert_null(strstr(json, "Deux fois"));
	assert_null(strstr(json, "Secret"));
	free(json);
	stats_destroy(st);
}

/* The title and questions come from the latest stored version; a
 * question only an older version had is still counted. */
static void
latest_version(void **state)
{
	struct world *w = *state;
	char v1[2048], v2[2048];
	struct form *old, *new;
	struct stats *st;
	const struct stats_question *q;

	snprintf(v1, sizeof v1, "%s", water_ini);
	snprintf(v2, sizeof v2, "%s", water_ini);
	memcpy(strstr(v2, "version = 1"), "version = 2", 11);
	memcpy(strstr(v2, "L'eau au village"), "L'eau du village", 16);
	strcat(v1,
	    "\n[question ancienne]\ntype = consent\n"
	    "prompt = Ancienne ?\n");
	env_open(w->env);
	old = parse("v1.ini", v1);
	new = parse("v2.ini", v2);
	submit(w, old, NULL, "2026-11-24T09:00:00Z", NULL,
	    SPECS("potable=oui", "ancienne=non"), NULL);
	submit(w, new, NULL, "2026-11-24T10:00:00Z", NULL, SPECS("potable=non"),
	    NULL);
	st = compute(w, NULL, NULL);
	assert_int_equal(st->nforms, 1);
	assert_string_equal(st->forms[0].title, "L'eau du village");
	assert_int_equal(st->forms[0].version, 2);
	assert_int_equal(st->forms[0].completed, 2);
	q = question(&st->forms[0], "ancienne");
	assert_null(q->prompt);
	assert_int_equal(q->type, Q_INFO);
	assert_int_equal(q->position, 0);
	assert_int_equal(q->answered, 1);
	check_value(question(&st->forms[0], "potable"), 0, "oui", NULL, 1);
	stats_destroy(st);
	form_destroy(old);
	form_destroy(new);
}

/* Appends a testimony with these tags of form f (or none). */
static void
testimony(struct world *w, const struct form *f, const char *when,
    const char *const *tags, size_t ntags)
{
	struct store_testimony t = {
		.words = "Des mots",
		.quote = "anonymous",
		.form = f,
		.tags = tags,
		.ntags = ntags,
		.site = DIGNE,
	};
	struct error err = { 0 };

	at(when);
	if (!store_add_testimony(w->env->s, &t, &err)) {
		fail_msg("store_add_testimony: %s", err.msg);
	}
}

/* Checks theme i of sf: key, label (NULL: none) and count. */
static void
check_theme(const struct stats_form *sf, size_t i, const char *key,
    const char *label, int64_t count)
{
	assert_true(i < sf->nthemes);
	assert_string_equal(sf->themes[i].key, key);
	if (label == NULL) {
		assert_null(sf->themes[i].label);
	} else {
		assert_string_equal(sf->themes[i].label, label);
	}
	assert_int_equal(sf->themes[i].count, count);
}

/* Testimonies taken with a consultation's [testimony] section: counted
 * with it, their tags as bars in the latest section's order (a tag only
 * an older version had after them), a withdrawn testimony left out; a
 * consultation with testimonies only is listed; the JSON says the same. */
static void
themes(void **state)
{
	struct world *w = *state;
	static const char stall_ini[] =
	    "[form]\nid = stand\nversion = 2\ntitle = Le stand\n"
	    "privacy = P\n[question ok]\ntype = consent\nprompt = OK ?\n"
	    "[testimony]\nquestion = Et vous ?\n"
	    "tag = bus | Le bus\ntag = ecole | L'école\ntag = prix | Les prix\n";
	char old_ini[sizeof stall_ini + 64];
	struct form *old, *f;
	struct stats *st;
	const struct stats_form *sf;
	sqlite3 *db;
	char *uuid, *json = NULL;
	struct error err = { 0 };

	snprintf(old_ini, sizeof old_ini, "%s", stall_ini);
	memcpy(strstr(old_ini, "version = 2"), "version = 1", 11);
	strcat(old_ini, "tag = velo | Le vélo\n");
	env_open(w->env);
	old = parse("old.ini", old_ini);
	f = parse("stand.ini", stall_ini);
	testimony(w, old, "2026-11-24T09:00:00Z", SPECS("velo"), 1);
	testimony(w, f, "2026-11-24T09:05:00Z", SPECS("bus", "ecole"), 2);
	testimony(w, f, "2026-11-24T09:10:00Z", SPECS("bus"), 1);
	testimony(w, f, "2026-11-24T09:15:00Z", NULL, 0);
	testimony(w, NULL, "2026-11-24T09:20:00Z", NULL, 0);
	testimony(w, f, "2026-11-24T09:25:00Z", SPECS("prix"), 1);
	db = raw_open(w->env->path);
	uuid = raw_text(db, "SELECT uuid FROM records ORDER BY seq DESC");
	sqlite3_close(db);
	retract(w, "2026-11-24T09:30:00Z", uuid);
	free(uuid);

	st = compute(w, NULL, NULL);
	assert_int_equal(st->total.testimonies, 5);
	assert_int_equal(st->nforms, 1);
	sf = &st->forms[0];
	assert_string_equal(sf->id, "stand");
	assert_int_equal(sf->version, 2);
	assert_int_equal(sf->completed + sf->abandoned, 0);
	assert_int_equal(sf->testimonies, 4);
	assert_int_equal(sf->nthemes, 4);
	check_theme(sf, 0, "bus", "Le bus", 2);
	check_theme(sf, 1, "ecole", "L'école", 1);
	check_theme(sf, 2, "prix", "Les prix", 0);
	check_theme(sf, 3, "velo", NULL, 1);
	if (!stats_json(w->env->s, st, &json, &err)) {
		fail_msg("stats_json: %s", err.msg);
	}
	assert_non_null(strstr(json,
	    "\"testimonies\":4,\"themes\":[{\"key\":\"bus\",\"label\":"
	    "\"Le bus\",\"count\":2},{\"key\":\"ecole\",\"label\":"
	    "\"L'école\",\"count\":1},{\"key\":\"prix\",\"label\":"
	    "\"Les prix\",\"count\":0},{\"key\":\"velo\",\"label\":null,"
	    "\"count\":1}]"));
	free(json);
	stats_destroy(st);
	form_destroy(old);
	form_destroy(f);
}

/* Days and hours are the kiosk's local time, and --since a local day: in
 * Paris, 23:30 UTC on the 24th is 00:30 on the 25th. */
static void
local_days_and_hours(void **state)
{
	struct world *w = *state;
	struct stats *st;
	const char *tz = getenv("TZ");
	char saved[64];

	snprintf(saved, sizeof saved, "%s", tz != NULL ? tz : "UTC");
	setenv("TZ", "Europe/Paris", 1);
	tzset();
	env_open(w->env);
	testimony(w, NULL, "2026-11-24T22:30:00Z", NULL, 0);
	testimony(w, NULL, "2026-11-24T23:30:00Z", NULL, 0);
	testimony(w, NULL, "2026-11-25T08:15:00Z", NULL, 0);

	st = compute(w, NULL, NULL);
	assert_int_equal(st->ndays, 2);
	assert_string_equal(st->days[0].day, "2026-11-24");
	assert_int_equal(st->days[0].tally.testimonies, 1);
	assert_string_equal(st->days[1].day, "2026-11-25");
	assert_int_equal(st->days[1].tally.testimonies, 2);
	assert_int_equal(st->hours[23].testimonies, 1);
	assert_int_equal(st->hours[0].testimonies, 1);
	assert_int_equal(st->hours[9].testimonies, 1);
	assert_int_equal(st->hours[22].testimonies, 0);
	stats_destroy(st);

	st = compute(w, "2026-11-25", NULL);
	assert_int_equal(st->total.testimonies, 2);
	stats_destroy(st);

	setenv("TZ", saved, 1);
	tzset();
}

#define world_test(f) \
	cmocka_unit_test_setup_teardown(f, world_setup, world_teardown)

int
main(void)
{
	const struct CMUnitTest tests[] = {
		world_test(totals_sites_days_hours),
		world_test(consultations),
		world_test(reach),
		world_test(filters),
		world_test(bad_since),
		world_test(empty),
		world_test(json_document),
		world_test(latest_version),
		world_test(themes),
		world_test(local_days_and_hours),
	};

	if (!ids_init()) {
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

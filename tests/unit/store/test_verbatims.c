/*
 * The verbatims search (verbatims.h): accents folded and words taken as
 * prefixes, withdrawn records left out, answers to questions that are not
 * free text never shown, and every text sanitised again on the way out.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "helpers.h"
#include "testimony.h"
#include "tests.h"
#include "verbatims.h"

/* What a search handed out: kind letter and text, one line each. */
struct seen {
	char text[2048];
	int n;
};

static void
collect(void *ctx, const struct store_verbatim *v)
{
	struct seen *s = ctx;
	static const char kinds[] = { 'T', 'A', 'O' };
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof s->text - len, "%c %s%s%s\n",
	    kinds[v->kind], v->text, v->first_name != NULL ? " / " : "",
	    v->first_name != NULL ? v->first_name : "");
	s->n++;
}

static struct seen
search(struct env *env, const char *query)
{
	struct seen s = { .n = 0 };
	struct error err = { 0 };

	if (!store_each_verbatim(env->s, query, 100, collect, &s, &err)) {
		fail_msg("store_each_verbatim: %s", err.msg);
	}
	return s;
}

static void
testimony(struct env *env, const char *words, const char *quote,
    const char *first_name)
{
	struct store_testimony t = {
		.words = words,
		.quote = quote,
		.first_name = first_name,
	};
	struct error err = { 0 };

	if (!store_add_testimony(env->s, &t, &err)) {
		fail_msg("store_add_testimony: %s", err.msg);
	}
	clock_advance(1000);
}

/* One submission: a free-text answer, an "other" text, choices. */
static void
visitor(struct env *env)
{
	struct fixture *fx = &env->fx;

	fixture_answer(fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(fx, FX_FREINS, "horaires", NULL);
	fx->answers[FX_FREINS].other = strdup("Trop cher pour les écoliers");
	fixture_answer(fx, FX_PRIORITES, "ecoles", "soir", NULL);
	fixture_answer(fx, FX_AVIS, "Un abri devant l'ÉCOLE", NULL);
	fixture_answer(fx, FX_COMMUNE, "04070", NULL);
	fixture_answer(fx, FX_ACCORD, "oui", NULL);
	env_submit(env, true, 0, NULL);
	clock_advance(1000);
}

static void
test_newest_first_and_only_words(void **state)
{
	struct env *env = *state;
	struct seen s;

	env_open(env);
	testimony(env, "Le bus du soir passe trop tôt", "anonymous", NULL);
	visitor(env);
	testimony(env, "Une navette pour l'école", "named", "Josette");
	s = search(env, NULL);
	/* The option keys (hebdo, horaires, ecoles...), the commune and the
	 * consent are answers too, but not somebody's words. */
	assert_string_equal(s.text,
	    "T Une navette pour l'école / Josette\n"
	    "A Un abri devant l'ÉCOLE\n"
	    "O Trop cher pour les écoliers\n"
	    "T Le bus du soir passe trop tôt\n");
	assert_int_equal(search(env, "   ").n, 4);
	env_close(env);
}

static void
test_accents_and_prefixes(void **state)
{
	struct env *env = *state;

	env_open(env);
	testimony(env, "Le bus du soir passe trop tôt", "anonymous", NULL);
	visitor(env);
	testimony(env, "Une navette pour l'école", "private", NULL);
	/* "ecole" finds école and ÉCOLE; "ecol" finds écoliers too. */
	assert_int_equal(search(env, "ecole").n, 2);
	assert_int_equal(search(env, "ecol").n, 3);
	assert_int_equal(search(env, "ÉCOLE").n, 2);
	assert_string_equal(
	    search(env, "tot soir").text, "T Le bus du soir passe trop tôt\n");
	assert_int_equal(search(env, "velo").n, 0);
	/* FTS5 syntax typed by somebody is only words. */
	assert_int_equal(search(env, "\"soir\" OR NEAR(").n, 0);
	assert_int_equal(search(env, "soir*").n, 1);
	/* hebdo is an option key, indexed but never shown. */
	assert_int_equal(search(env, "hebdo").n, 0);
	env_close(env);
}

static void
test_retracted_left_out(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char *uuid;
	sqlite3 *db;

	env_open(env);
	testimony(env, "Des bus le dimanche", "anonymous", NULL);
	testimony(env, "Des bus le soir", "anonymous", NULL);
	db = raw_open(env->path);
	uuid = raw_text(db,
	    "SELECT uuid FROM records WHERE "
	    "json_extract(line, '$.payload.words') = 'Des bus le soir'");
	sqlite3_close(db);
	assert_true(store_retract(env->s, uuid, "test", NULL, &err));
	free(uuid);
	assert_string_equal(search(env, "bus").text, "T Des bus le dimanche\n");
	assert_int_equal(search(env, "soir").n, 0);
	env_close(env);
}

/* Escape sequences and bidi controls stored by a careless writer (the
 * screens sanitise at entry) never come out of the search. */
static void
test_sanitised_on_the_way_out(void **state)
{
	struct env *env = *state;
	struct seen s;

	env_open(env);
	testimony(env, "Rouge \x1b[31mvif\xe2\x80\xae fin", "named",
	    "Jo\x1b]0;x\x07sette");
	s = search(env, "rouge");
	assert_int_equal(s.n, 1);
	assert_null(strchr(s.text, '\x1b'));
	assert_null(strchr(s.text, '\x07'));
	assert_null(strstr(s.text, "\xe2\x80\xae"));
	assert_non_null(strstr(s.text, "fin"));
	env_close(env);
}

static void
first_commune(void *ctx, const struct store_verbatim *v)
{
	char *out = ctx;

	if (out[0] == '\0') {
		snprintf(out, 64, "%s", v->commune != NULL ? v->commune : "-");
	}
}

/* A testimony's commune comes with its words (none: NULL). */
static void
test_commune(void **state)
{
	struct env *env = *state;
	struct store_testimony t = {
		.words = "Plus de bancs",
		.quote = "anonymous",
		.commune = "04070",
	};
	struct error err = { 0 };
	char seen[64] = "";

	env_open(env);
	assert_true(store_add_testimony(env->s, &t, &err));
	assert_true(store_each_verbatim(
	    env->s, "bancs", 10, first_commune, seen, &err));
	assert_string_equal(seen, "04070");
	t.commune = NULL;
	t.words = "Moins de voitures";
	assert_true(store_add_testimony(env->s, &t, &err));
	seen[0] = '\0';
	assert_true(store_each_verbatim(
	    env->s, "voitures", 10, first_commune, seen, &err));
	assert_string_equal(seen, "-");
	env_close(env);
}

int
run_verbatims_tests(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_newest_first_and_only_words),
		env_test(test_accents_and_prefixes),
		env_test(test_retracted_left_out),
		env_test(test_sanitised_on_the_way_out),
		env_test(test_commune),
	};

	return cmocka_run_group_tests_name("verbatims", tests, NULL, NULL);
}

/*
 * Testimonies (testimony.h): the payload as RECORDS.md documents it, with
 * commune and tags; the consultation whose [testimony] section gave the
 * tags named by the record and its text kept; what no screen would send
 * refused with nothing written; typed text sanitised again.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "form.h"
#include "helpers.h"
#include "ids.h"
#include "testimony.h"
#include "tests.h"

static const char marche_ini[] = "[form]\n"
                                 "id = marche\n"
                                 "version = 3\n"
                                 "title = Le marché\n"
                                 "privacy = Anonyme.\n"
                                 "[question ok]\n"
                                 "type = consent\n"
                                 "prompt = D'accord ?\n"
                                 "[testimony]\n"
                                 "question = Et vous, le marché ?\n"
                                 "tag = prix | Les prix\n"
                                 "tag = horaires | Les horaires\n"
                                 "tag = bus | Le bus\n";

static struct form *
marche(void)
{
	struct form *f =
	    form_parse("marche.ini", marche_ini, strlen(marche_ini), NULL);

	assert_non_null(f);
	return f;
}

static char *
payload(struct env *env, const char *where)
{
	sqlite3 *db = raw_open(env->path);
	char sql[256];
	char *text;

	snprintf(sql, sizeof sql,
	    "SELECT json_extract(line, '$.payload') FROM records WHERE %s",
	    where);
	text = raw_text(db, sql);
	sqlite3_close(db);
	return text;
}

static int64_t
count(struct env *env, const char *sql)
{
	sqlite3 *db = raw_open(env->path);
	int64_t n = raw_int(db, sql);

	sqlite3_close(db);
	return n;
}

static void
test_commune_and_tags(void **state)
{
	struct env *env = *state;
	struct form *f = marche();
	const char *tags[] = { "horaires", "prix" };
	struct store_testimony t = {
		.question = "Et vous, le marché ?",
		.words = "Plus d'ombre l'été",
		.quote = "anonymous",
		.age = "60-74",
		.commune = "04070",
		.form = f,
		.tags = tags,
		.ntags = 2,
		.site = "marche-digne",
	};
	struct error err = { 0 };
	char hash[IDS_SHA256_HEX + 1];
	char expected[512];

	env_open(env);
	assert_true(store_add_testimony(env->s, &t, &err));
	ids_sha256_hex(f->source, f->source_len, hash);
	snprintf(expected, sizeof expected,
	    "{\"form\":\"marche\",\"version\":3,\"form_hash\":\"%s\","
	    "\"question\":\"Et vous, le marché ?\",\"words\":\"Plus d'ombre "
	    "l'été\",\"quote\":\"anonymous\",\"age\":\"60-74\",\"commune\":"
	    "\"04070\",\"tags\":[\"horaires\",\"prix\"]}",
	    hash);
	assert_string_equal_free(payload(env, "type = 'testimony'"), expected);
	/* The record names the form version, whose exact text is kept. */
	assert_int_equal(count(env,
	                     "SELECT count(*) FROM records r JOIN forms f ON "
	                     "f.id = r.form_id AND f.version = r.form_version "
	                     "AND f.hash = r.form_hash WHERE r.type = "
	                     "'testimony' AND f.source LIKE '%[testimony]%'"),
	    1);

	/* Someone from elsewhere, no tag: no tags key at all. */
	t.commune = "hors-territoire";
	t.ntags = 0;
	t.words = "Je suis de passage";
	assert_true(store_add_testimony(env->s, &t, &err));
	assert_int_equal(count(env,
	                     "SELECT count(*) FROM records WHERE "
	                     "json_extract(line, '$.payload.commune') = "
	                     "'hors-territoire' AND json_type(line, "
	                     "'$.payload.tags') IS NULL"),
	    1);
	/* The form's text is kept once, whatever the number of records. */
	assert_int_equal(count(env, "SELECT count(*) FROM forms"), 1);
	env_close(env);
	form_destroy(f);
}

/* Without a [testimony] section in use: no form, no tags; the optional
 * fields absent, not null. */
static void
test_without_form(void **state)
{
	struct env *env = *state;
	struct store_testimony t = {
		.words = "Rien à dire",
		.quote = "private",
	};
	struct error err = { 0 };

	env_open(env);
	assert_true(store_add_testimony(env->s, &t, &err));
	assert_string_equal_free(payload(env, "type = 'testimony'"),
	    "{\"words\":\"Rien à dire\",\"quote\":\"private\"}");
	assert_int_equal(count(env,
	                     "SELECT count(*) FROM records WHERE form_id IS "
	                     "NULL AND type = 'testimony'"),
	    1);
	env_close(env);
}

/* What no screen would send is refused, and nothing is written. */
static void
test_refused(void **state)
{
	struct env *env = *state;
	struct form *f = marche();
	const char *unknown[] = { "prix", "velo" };
	const char *twice[] = { "bus", "bus" };
	struct store_testimony t = {
		.words = "Des mots",
		.quote = "anonymous",
		.form = f,
	};
	struct error err = { 0 };

	env_open(env);
	t.commune = "Digne";
	assert_false(store_add_testimony(env->s, &t, &err));
	assert_non_null(strstr(err.msg, "commune \"Digne\" is no INSEE code"));
	t.commune = "2A004"; /* Corsica: a valid shape */
	t.tags = unknown;
	t.ntags = 2;
	assert_false(store_add_testimony(env->s, &t, &err));
	assert_non_null(strstr(err.msg, "tag \"velo\" is not in form marche"));
	t.tags = twice;
	assert_false(store_add_testimony(env->s, &t, &err));
	assert_non_null(strstr(err.msg, "tag \"bus\" given twice"));
	t.form = NULL;
	t.ntags = 1;
	assert_false(store_add_testimony(env->s, &t, &err));
	assert_non_null(strstr(err.msg, "tags without a form"));
	assert_int_equal(count(env, "SELECT count(*) FROM records"), 0);
	assert_int_equal(count(env, "SELECT count(*) FROM forms"), 0);
	t.ntags = 0;
	assert_true(store_add_testimony(env->s, &t, &err));
	env_close(env);
	form_destroy(f);
}

/* The screens let only safe characters in; the store looks again. */
static void
test_sanitised(void **state)
{
	struct env *env = *state;
	struct store_testimony t = {
		.words = "Rouge \x1b[31mvif\xe2\x80\xae fin",
		.quote = "named",
		.first_name = "Jo\x1b]0;x\x07sette",
	};
	struct error err = { 0 };
	char *text;

	env_open(env);
	assert_true(store_add_testimony(env->s, &t, &err));
	text = payload(env, "type = 'testimony'");
	assert_non_null(text);
	assert_null(strstr(text, "\\u001b"));
	assert_null(strstr(text, "\\u0007"));
	assert_null(strstr(text, "\xe2\x80\xae"));
	assert_non_null(strstr(text, "fin"));
	free(text);
	env_close(env);
}

int
run_testimony_tests(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_commune_and_tags),
		env_test(test_without_form),
		env_test(test_refused),
		env_test(test_sanitised),
	};

	return cmocka_run_group_tests_name("testimony", tests, NULL, NULL);
}

/*
 * Writing records: what a submission's payload holds (read back with
 * json_extract on a raw connection), form texts kept once per version,
 * store_append, the append-only triggers, the hash chain and its
 * verification, a full disk, and the sync state.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "clock.h"
#include "helpers.h"
#include "record.h"
#include "store_impl.h"
#include "tests.h"

#define ANSWERS "SELECT json_extract(line, '$.payload.answers."
#define PAYLOAD "SELECT json_extract(line, '$.payload."

/* The first visitor of the tests: answers to every question. */
static void
answer_all(struct env *env)
{
	struct fixture *fx = &env->fx;

	fixture_answer(fx, FX_FREQUENCE, "hebdo", NULL);
	fixture_answer(fx, FX_FREINS, "prix", "horaires", NULL);
	fx->answers[FX_FREINS].other = strdup("Trop de monde");
	fixture_answer(fx, FX_NOTE, "4", NULL);
	fixture_answer(fx, FX_AGE, "42", NULL);
	fixture_answer(fx, FX_PRIORITES, "ecoles", "soir", "dimanche", NULL);
	fixture_answer(fx, FX_AVIS, "Plus de bus le soir", NULL);
	fixture_answer(fx, FX_COMMUNE, "04070", NULL);
	fixture_answer(fx, FX_ACCORD, "non", NULL);
}

static void
test_submit_completed(void **state)
{
	struct env *env = *state;
	struct store_submission sub;
	struct store_written w;
	struct error err = {{0}};
	char expected_hash[65];
	char *line;
	sqlite3 *db;

	env_open(env);
	answer_all(env);
	sub = fixture_submission(&env->fx, true, 0);
	sub.started_ms = env->t0 - 95500;
	assert_true(store_submit(env->s, &sub, &w, &err));
	assert_int_equal(w.seq, 1);
	assert_int_equal(strlen(w.uuid), 36);
	db = env->s->db;
	line = raw_text(db, "SELECT line FROM records WHERE seq = 1");
	record_chain_hash(RECORD_GENESIS, line, strlen(line), expected_hash);
	assert_string_equal(w.hash, expected_hash);
	assert_string_equal_free(raw_text(db, "SELECT hash FROM records"),
	    expected_hash);
	free(line);

	assert_string_equal_free(raw_text(db, "SELECT json_extract(line, "
	    "'$.uuid') || ' ' || json_extract(line, '$.kiosk') || ' ' || "
	    "json_extract(line, '$.seq') || ' ' || json_extract(line, "
	    "'$.type') || ' ' || json_extract(line, '$.created_at') || ' ' || "
	    "json_extract(line, '$.site') || ' ' || json_extract(line, "
	    "'$.mode') FROM records"), "");
}

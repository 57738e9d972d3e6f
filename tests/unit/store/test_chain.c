/*
 * The kiosk's own check of its chain (store_check_chain): incremental from
 * the link it last verified, each break appended once as a chain_broken
 * event, the kiosk collecting on after it.  The file is tampered with
 * through a raw handle, the triggers dropped first, as someone with the
 * file in hand would.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "helpers.h"
#include "record.h"
#include "store_impl.h"
#include "tests.h"

/* n submissions, then a raw handle with the append-only triggers gone. */
static sqlite3 *
tampered(struct env *env, int n)
{
	sqlite3 *db;

	env_open(env);
	fixture_answer(&env->fx, FX_FREQUENCE, "hebdo", NULL);
	for (int i = 0; i < n; i++) {
		env_submit(env, i % 2 == 0, 1, NULL);
	}
	db = raw_open(env->path);
	raw_exec(db,
	    "DROP TRIGGER records_no_update;"
	    "DROP TRIGGER records_no_delete;");
	return db;
}

static void
check_as(struct env *env, bool unsent, struct store_chain *c)
{
	struct error err = { 0 };

	assert_true(store_check_chain(env->s, unsent, c, &err));
}

/* The check at start: from the verified link. */
static void
check(struct env *env, struct store_chain *c)
{
	check_as(env, false, c);
}

/* The payload key of the last chain_broken event, as text. */
static char *
last_break(sqlite3 *db, const char *key)
{
	char sql[300];

	snprintf(sql, sizeof sql,
	    "SELECT json_extract(line, '$.payload.%s') FROM records "
	    "WHERE json_extract(line, '$.payload.event') = 'chain_broken' "
	    "ORDER BY seq DESC LIMIT 1",
	    key);
	return raw_text(db, sql);
}

static void
test_sound_chain_is_checked_once(void **state)
{
	struct env *env = *state;
	struct store_chain c;
	sqlite3 *db = tampered(env, 4);

	check(env, &c);
	assert_int_equal(c.from_seq, 1);
	assert_int_equal(c.checked, 4);
	assert_int_equal(c.nfound, 0);
	/* The next check starts after the verified link. */
	check(env, &c);
	assert_int_equal(c.from_seq, 5);
	assert_int_equal(c.checked, 0);
	env_submit(env, true, 0, NULL);
	check(env, &c);
	assert_int_equal(c.from_seq, 5);
	assert_int_equal(c.checked, 1);
	assert_int_equal(c.nfound, 0);
	assert_int_equal(
	    raw_int(db, "SELECT verified_seq FROM chain_check"), 5);
	assert_int_equal(store_count(env->s, RECORD_EVENT), 0);
	sqlite3_close(db);
}

/* Seq 3 given bytes hidden after a NUL, and the chain recomputed over
 * it, as someone who knows the chain would: the hashes hold and SQLite's
 * json_valid() stops at the NUL, but a frozen line never holds a byte
 * below 0x20, so it is a break all the same. */
static void
test_hidden_byte_is_a_break(void **state)
{
	static const char hidden[] = ",\"payload\":\"hidden\"}";
	struct env *env = *state;
	struct store_chain c;
	sqlite3 *db = tampered(env, 4);
	char *h2 = raw_text(db, "SELECT hash FROM records WHERE seq = 2");
	char *line3 = raw_text(db, "SELECT line FROM records WHERE seq = 3");
	char *line4 = raw_text(db, "SELECT line FROM records WHERE seq = 4");
	size_t len3 = strlen(line3), len = len3 + sizeof hidden;
	char *forged = malloc(len), h3[65], h4[65];
	sqlite3_stmt *st;

	assert_non_null(forged);
	memcpy(forged, line3, len3);
	forged[len3] = '\0';
	memcpy(forged + len3 + 1, hidden, sizeof hidden - 1);
	record_chain_hash(h2, forged, len, h3);
	record_chain_hash(h3, line4, strlen(line4), h4);
	assert_int_equal(sqlite3_prepare_v2(db,
	                     "UPDATE records SET line = ?1, hash = ?2 WHERE "
	                     "seq = 3",
	                     -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, forged, (int)len, SQLITE_STATIC);
	sqlite3_bind_text(st, 2, h3, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	assert_int_equal(
	    sqlite3_prepare_v2(db, "UPDATE records SET hash = ?1 WHERE seq = 4",
	        -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_text(st, 1, h4, -1, SQLITE_STATIC);
	assert_int_equal(sqlite3_step(st), SQLITE_DONE);
	sqlite3_finalize(st);
	check(env, &c);
	assert_int_equal(c.nfound, 1);
	assert_int_equal(c.found[0].seq, 3);
	assert_int_equal(c.found[0].why, STORE_CHAIN_ALTERED);
	free(h2);
	free(line3);
	free(line4);
	free(forged);
	sqlite3_close(db);
}

static void
test_altered_line_is_an_event_once(void **state)
{
	struct env *env = *state;
	struct store_chain c;
	struct error err = { 0 };
	int64_t count = 0, first = 0;
	sqlite3 *db = tampered(env, 4);

	/* A satisfaction of 1 instead of 8: valid JSON, valid SQLite. */
	raw_exec(db,
	    "UPDATE records SET line = replace(line, 'hebdo', "
	    "'quotidien') WHERE seq = 3");
	check(env, &c);
	assert_int_equal(c.nfound, 1);
	assert_int_equal(c.found[0].seq, 3);
	assert_int_equal(c.found[0].why, STORE_CHAIN_ALTERED);
	assert_int_equal(store_count(env->s, RECORD_EVENT), 1);
	assert_string_equal_free(last_break(db, "seq"), "3");
	assert_string_equal_free(last_break(db, "why"), "altered");
	/* Told once: the next check goes over the event only. */
	check(env, &c);
	assert_int_equal(c.nfound, 0);
	assert_int_equal(c.checked, 1);
	assert_int_equal(store_count(env->s, RECORD_EVENT), 1);
	/* The kiosk collects on, on a chain that verifies from there. */
	env_submit(env, true, 0, NULL);
	check(env, &c);
	assert_int_equal(c.nfound, 0);
	assert_true(store_chain_breaks(env->s, &count, &first, &err));
	assert_int_equal(count, 1);
	assert_int_equal(first, 3);
	sqlite3_close(db);
}

static void
test_deleted_record_is_missing(void **state)
{
	struct env *env = *state;
	struct store_chain c;
	sqlite3 *db = tampered(env, 5);

	raw_exec(db, "DELETE FROM records WHERE seq IN (2, 3)");
	check(env, &c);
	assert_int_equal(c.nfound, 1);
	assert_int_equal(c.found[0].seq, 4);
	assert_int_equal(c.found[0].why, STORE_CHAIN_MISSING);
	assert_int_equal(c.found[0].missing_from, 2);
	assert_string_equal_free(last_break(db, "why"), "missing");
	assert_string_equal_free(last_break(db, "from"), "2");
	assert_string_equal_free(last_break(db, "to"), "3");
	/* 1, 4 and 5 checked; 5, chained on 4, is sound: one break. */
	assert_int_equal(c.checked, 3);
	sqlite3_close(db);
}

static void
test_break_after_a_check_is_found_next_time(void **state)
{
	struct env *env = *state;
	struct store_chain c;
	sqlite3 *db = tampered(env, 2);

	check(env, &c);
	env_submit(env, true, 0, NULL);
	env_submit(env, true, 0, NULL);
	/* The line of 3 given seq 9, its hash recomputed to match: the
	 * hashes agree, the line no longer agrees with its row. */
	raw_exec(db,
	    "UPDATE records SET line = json_set(line, '$.seq', 9) "
	    "WHERE seq = 3");
	check(env, &c);
	assert_int_equal(c.from_seq, 3);
	assert_int_equal(c.nfound, 1);
	assert_int_equal(c.found[0].seq, 3);
	assert_int_equal(c.found[0].why, STORE_CHAIN_MISLABELLED);
	assert_string_equal_free(last_break(db, "why"), "mislabelled");
	sqlite3_close(db);
}

static void
test_old_database_checks_everything(void **state)
{
	struct env *env = *state;
	struct store_chain c;
	sqlite3 *db = tampered(env, 3);

	/* A database of schema 2: no chain_check row yet (nor the tables
	 * of schema 4). */
	env_close(env);
	raw_exec(db,
	    "DROP TABLE chain_check; DROP TABLE chain_base;"
	    "DROP TABLE purge_window; PRAGMA user_version = 2;"
	    "UPDATE records SET line = replace(line, 'hebdo', "
	    "'quotidien') WHERE seq = 1");
	sqlite3_close(db);
	env_open(env);
	check(env, &c);
	assert_int_equal(c.from_seq, 1);
	assert_int_equal(c.checked, 3);
	assert_int_equal(c.nfound, 1);
	assert_int_equal(c.found[0].seq, 1);
}

static void
test_unsent_lines_are_checked_before_they_leave(void **state)
{
	struct env *env = *state;
	struct store_chain c;
	struct error err = { 0 };
	sqlite3 *db = tampered(env, 5);

	check(env, &c);
	assert_int_equal(c.checked, 5);
	assert_true(store_sync_set_acked(env->s, 2, &err));
	/* Altered after the check at start: that check does not look again,
	 * the check before a sync does, from the acknowledged record on. */
	raw_exec(db,
	    "UPDATE records SET line = replace(line, 'hebdo', "
	    "'quotidien') WHERE seq IN (1, 4)");
	check(env, &c);
	assert_int_equal(c.nfound, 0);
	check_as(env, true, &c);
	assert_int_equal(c.from_seq, 3);
	assert_int_equal(c.nfound, 1);
	assert_int_equal(c.found[0].seq, 4);
	assert_int_equal(c.found[0].why, STORE_CHAIN_ALTERED);
	/* Told once, though every sync looks at it again until it is sent. */
	check_as(env, true, &c);
	assert_int_equal(c.nfound, 0);
	assert_int_equal(store_count(env->s, RECORD_EVENT), 1);
	assert_int_equal(
	    raw_int(db, "SELECT verified_seq FROM chain_check"), 6);
	sqlite3_close(db);
}

int
run_chain_tests(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_sound_chain_is_checked_once),
		env_test(test_altered_line_is_an_event_once),
		env_test(test_hidden_byte_is_a_break),
		env_test(test_deleted_record_is_missing),
		env_test(test_break_after_a_check_is_found_next_time),
		env_test(test_old_database_checks_everything),
		env_test(test_unsent_lines_are_checked_before_they_leave),
	};

	return cmocka_run_group_tests_name("store_chain", tests, NULL, NULL);
}

/*
 * store_record_hash(): the stored chain hash of a record by seq (a sync
 * batch's prev_hash and last_hash), the genesis before seq 1, and a clear
 * refusal for a seq the database does not hold.
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
#include "ids.h"
#include "record.h"
#include "tests.h"

static void
hash_by_seq(void **state)
{
	struct env *env = *state;
	struct store_written w[3];
	struct error err = { 0 };
	char hash[65], sql[96], prev[65] = RECORD_GENESIS;
	sqlite3 *db;

	env_open(env);
	for (int i = 0; i < 3; i++) {
		env_submit(env, true, 0, &w[i]);
	}
	db = raw_open(env->path);
	for (int i = 0; i < 3; i++) {
		char *line;
		char again[65];
		assert_true(store_record_hash(env->s, w[i].seq, hash, &err));
		assert_string_equal(hash, w[i].hash);
		/* It is the chain's: recomputed from the line and the one
		 * before. */
		snprintf(sql, sizeof sql,
		    "SELECT line FROM records WHERE seq "
		    "= %lld",
		    (long long)w[i].seq);
		line = raw_text(db, sql);
		record_chain_hash(prev, line, strlen(line), again);
		assert_string_equal(hash, again);
		memcpy(prev, hash, 65);
		free(line);
	}
	sqlite3_close(db);
	assert_true(store_record_hash(env->s, 0, hash, &err));
	assert_string_equal(hash, RECORD_GENESIS);
}

static void
missing_seq_is_refused(void **state)
{
	struct env *env = *state;
	struct store_written w;
	struct error err = { 0 };
	char hash[65] = "unchanged";

	env_open(env);
	assert_false(store_record_hash(env->s, 1, hash, &err));
	assert_non_null(strstr(err.msg, "no record 1"));
	env_submit(env, true, 0, &w);
	assert_false(store_record_hash(env->s, 2, hash, &err));
	assert_non_null(strstr(err.msg, env->path));
	assert_false(store_record_hash(env->s, -1, hash, &err));
	assert_string_equal(hash, "unchanged");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		env_test(hash_by_seq),
		env_test(missing_seq_is_refused),
	};

	if (!ids_init()) {
		return 1;
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}

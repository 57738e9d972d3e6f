/*
 * store_open(): creating, reopening, the pragmas really set, and every
 * kind of file it must refuse, each time checking the refused file is
 * byte for byte what it was.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "store_impl.h"
#include "tests.h"

static void
test_open_creates_private_file(void **state)
{
	struct env *env = *state;
	struct stat st;

	env_open(env);
	assert_int_equal(stat(env->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_string_equal(store_kiosk_id(env->s), KIOSK);
	assert_int_equal(store_count(env->s, NULL), 0);
	env_close(env);
}

static void
test_reopen_keeps_records(void **state)
{
	struct env *env = *state;
	struct store_written w;
	struct error err = { 0 };

	env_open(env);
	env_submit(env, true, 0, &w);
	env_close(env);
	env_open(env);
	assert_int_equal(store_count(env->s, NULL), 1);
	env_submit(env, true, 0, &w);
	assert_int_equal(w.seq, 2);
	assert_true(store_integrity_check(env->s, &err));
}

static void
test_pragmas_are_set(void **state)
{
	struct env *env = *state;
	sqlite3 *db;

	env_open(env);
	db = env->s->db;
	assert_string_equal_free(raw_text(db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(raw_int(db, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(raw_int(db, "PRAGMA foreign_keys"), 1);
	assert_int_equal(raw_int(db, "PRAGMA trusted_schema"), 0);
	assert_int_equal(raw_int(db, "PRAGMA busy_timeout"), 5000);
	assert_int_equal(
	    raw_int(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(
	    raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	env_close(env);

	/* What is stored in the file, seen by another program. */
	db = raw_open(env->path);
	assert_string_equal_free(raw_text(db, "PRAGMA journal_mode"), "wal");
	assert_int_equal(raw_int(db, "PRAGMA application_id"), 0x50525653);
	assert_int_equal(raw_int(db, "PRAGMA user_version"), 4);
	assert_string_equal_free(raw_text(db,
	                             "SELECT value FROM meta WHERE "
	                             "key = 'kiosk_id'"),
	    KIOSK);
	assert_string_equal_free(raw_text(db,
	                             "SELECT value FROM meta WHERE "
	                             "key = 'created_at'"),
	    T0_ISO);
	assert_int_equal(raw_int(db,
	                     "SELECT acked_through FROM "
	                     "sync_state"),
	    0);
	sqlite3_close(db);
}

static void
test_zero_length_file_is_new(void **state)
{
	struct env *env = *state;

	file_write(env->path, "");
	env_open(env);
	assert_int_equal(store_count(env->s, NULL), 0);
}

static void
test_missing_directory(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char path[400];

	snprintf(path, sizeof path, "%s/no/such/dir/parvis.db", env->dir);
	assert_null(store_open(path, KIOSK, &err));
	assert_non_null(strstr(err.msg, "cannot create the database"));
	assert_null(store_open(env->path, "", &err));
	assert_non_null(strstr(err.msg, "kiosk id"));
}

/* store_open must fail with msg in its message and leave the file as it
 * was, byte for byte. */
static void
assert_refused(struct env *env, const char *kiosk, const char *msg)
{
	struct error err = { 0 };
	size_t before_len, after_len;
	char *before = file_bytes(env->path, &before_len);
	char *after;
	struct store *s = store_open(env->path, kiosk, &err);

	assert_null(s);
	if (strstr(err.msg, msg) == NULL) {
		fail_msg("expected \"%s\" in \"%s\"", msg, err.msg);
	}
	assert_non_null(strstr(err.msg, env->path));
	after = file_bytes(env->path, &after_len);
	assert_int_equal(before_len, after_len);
	assert_memory_equal(before, after, before_len);
	free(before);
	free(after);
}

static void
test_refuses_text_file(void **state)
{
	struct env *env = *state;

	file_write(env->path, "kiosk_id = digne-1\nsite = marché\n");
	assert_refused(env, KIOSK,
	    "is not a parvis database (it is not an "
	    "SQLite file)");
	file_write(env->path, "SQLite"); /* shorter than the magic */
	assert_refused(env, KIOSK, "not an SQLite file");
}

static void
test_refuses_foreign_sqlite(void **state)
{
	struct env *env = *state;
	sqlite3 *db = raw_open(env->path);

	raw_exec(db,
	    "PRAGMA application_id = 42; CREATE TABLE t (x);"
	    "INSERT INTO t VALUES ('their data');");
	sqlite3_close(db);
	assert_refused(env, KIOSK,
	    "is not a parvis database (it is the "
	    "SQLite database of another program)");
}

static void
test_refuses_sqlite_without_our_id(void **state)
{
	struct env *env = *state;
	sqlite3 *db = raw_open(env->path);

	raw_exec(db, "CREATE TABLE records (seq INTEGER PRIMARY KEY);");
	sqlite3_close(db);
	assert_refused(env, KIOSK, "another program");
}

static void
test_refuses_newer_version(void **state)
{
	struct env *env = *state;
	sqlite3 *db;

	env_open(env);
	env_close(env);
	db = raw_open(env->path);
	raw_exec(db, "PRAGMA user_version = 99");
	sqlite3_close(db);
	assert_refused(env, KIOSK,
	    "was written by a newer parvis (database "
	    "version 99, this program knows up to 4)");
}

static void
test_refuses_other_kiosk(void **state)
{
	struct env *env = *state;

	env_open(env);
	env_submit(env, true, 0, NULL);
	env_close(env);
	assert_refused(env, "sisteron-2",
	    "belongs to kiosk \"digne-1\", not "
	    "to \"sisteron-2\"");
}

/* A database big enough to have pages past the first few. */
static void
fill_database(struct env *env)
{
	char text[3000];

	memset(text, 'a', sizeof text - 1);
	text[sizeof text - 1] = '\0';
	env_open(env);
	fixture_answer(&env->fx, FX_AVIS, text, NULL);
	for (int i = 0; i < 40; i++) {
		env_submit(env, true, 0, NULL);
	}
	env_close(env);
}

static void
test_refuses_corrupt_pages(void **state)
{
	struct env *env = *state;
	char garbage[4096];
	size_t len;
	char *bytes;

	fill_database(env);
	bytes = file_bytes(env->path, &len);
	free(bytes);
	assert_true(len > 20 * 4096);
	for (size_t i = 0; i < sizeof garbage; i++) {
		garbage[i] = (char)(i * 7 + 13);
	}
	for (long page = 2; page < 12; page++) {
		file_poke(env->path, page * 4096, garbage, sizeof garbage);
	}
	assert_refused(env, KIOSK, "is damaged");
}

static void
test_refuses_corrupt_first_page(void **state)
{
	struct env *env = *state;
	char garbage[512];

	fill_database(env);
	memset(garbage, 0xA5, sizeof garbage);
	file_poke(env->path, 100, garbage, sizeof garbage);
	assert_refused(env, KIOSK, "is damaged");
}

static void
test_refuses_corrupt_header(void **state)
{
	struct env *env = *state;
	char garbage[80];

	fill_database(env);
	memset(garbage, 0x5A, sizeof garbage);
	file_poke(env->path, 16, garbage, sizeof garbage);
	assert_refused(env, KIOSK, "not a parvis database");
}

int
run_open_tests(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_open_creates_private_file),
		env_test(test_reopen_keeps_records),
		env_test(test_pragmas_are_set),
		env_test(test_zero_length_file_is_new),
		env_test(test_missing_directory),
		env_test(test_refuses_text_file),
		env_test(test_refuses_foreign_sqlite),
		env_test(test_refuses_sqlite_without_our_id),
		env_test(test_refuses_newer_version),
		env_test(test_refuses_other_kiosk),
		env_test(test_refuses_corrupt_pages),
		env_test(test_refuses_corrupt_first_page),
		env_test(test_refuses_corrupt_header),
	};

	return cmocka_run_group_tests_name("store_open", tests, NULL, NULL);
}

/*
 * What was committed stays reachable on disk: the write-ahead log, or the
 * database itself, deleted under a running kiosk (a cleaning script, a
 * careless admin).  A child process opens the store, saves a participant,
 * the file is harmed, it saves another, then dies by SIGKILL (no close,
 * no checkpoint: a power cut); the parent then opens what is on disk.
 */
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "helpers.h"
#include "store_impl.h"
#include "tests.h"

enum harm { DELETE_WAL, DELETE_DATABASE, REPLACE_DATABASE };

static void
do_harm(const struct env *env, enum harm h)
{
	char path[400];

	switch (h) {
	case DELETE_WAL:
		snprintf(path, sizeof path, "%s-wal", env->path);
		unlink(path);
		break;
	case DELETE_DATABASE:
		unlink(env->path);
		break;
	case REPLACE_DATABASE:
		snprintf(path, sizeof path, "%s/other.db", env->dir);
		rename(path, env->path);
		break;
	}
}

/* The child: 'y' or 'n' on fd for whether the second save succeeded,
 * then the error kind as a digit, then SIGKILL. */
static void
child(struct env *env, enum harm h, int fd)
{
	struct store_submission sub;
	struct error err = { 0 };
	char answer[2];

	env->s = store_open(env->path, KIOSK, &err);
	fixture_answer(&env->fx, FX_FREQUENCE, "hebdo", NULL);
	sub = fixture_submission(&env->fx, true, 0);
	if (env->s == NULL || !store_submit(env->s, &sub, NULL, &err)) {
		_exit(2);
	}
	do_harm(env, h);
	answer[0] = store_submit(env->s, &sub, NULL, &err) ? 'y' : 'n';
	answer[1] = (char)('0' + err.kind);
	if (write(fd, answer, 2) != 2) {
		_exit(3);
	}
	raise(SIGKILL);
}

/* Runs the child; *saved and *kind say how its second save went. */
static void
run_child(struct env *env, enum harm h, bool *saved, int *kind)
{
	int fds[2], status = 0;
	char answer[2] = { 0 };
	pid_t pid;

	assert_int_equal(pipe(fds), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fds[0]);
		child(env, h, fds[1]);
	}
	close(fds[1]);
	assert_int_equal(read(fds[0], answer, 2), 2);
	close(fds[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
	*saved = answer[0] == 'y';
	*kind = answer[1] - '0';
}

/* What the next start finds: both participants, a sound chain. */
static void
assert_both_there(struct env *env)
{
	struct error err = { 0 };
	sqlite3 *db = raw_open(env->path);
	int64_t n = 0;

	assert_int_equal(raw_int(db,
	                     "SELECT count(*) FROM records WHERE type = "
	                     "'submission'"),
	    2);
	assert_string_equal_free(raw_text(db, "PRAGMA integrity_check"), "ok");
	sqlite3_close(db);
	env_open(env);
	assert_true(store_verify_chain(env->s, &n, &err));
	assert_int_equal(n, 3); /* the two and the file_rescued event */
}

static void
test_wal_deleted_under_the_kiosk(void **state)
{
	struct env *env = *state;
	bool saved;
	int kind;
	sqlite3 *db;

	run_child(env, DELETE_WAL, &saved, &kind);
	assert_true(saved);
	assert_both_there(env);
	db = raw_open(env->path);
	assert_string_equal_free(raw_text(db,
	                             "SELECT json_extract(line, "
	                             "'$.payload.what') FROM records "
	                             "WHERE type = 'event'"),
	    "wal");
	sqlite3_close(db);
}

static void
test_database_deleted_under_the_kiosk(void **state)
{
	struct env *env = *state;
	struct stat st;
	bool saved;
	int kind;
	sqlite3 *db;

	run_child(env, DELETE_DATABASE, &saved, &kind);
	assert_true(saved);
	assert_int_equal(stat(env->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_both_there(env);
	db = raw_open(env->path);
	assert_int_equal(
	    raw_int(db, "PRAGMA application_id"), STORE_APPLICATION_ID);
	assert_int_equal(
	    raw_int(db, "PRAGMA user_version"), STORE_SCHEMA_VERSION);
	assert_string_equal_free(raw_text(db, "PRAGMA journal_mode"), "wal");
	sqlite3_close(db);
}

static void
test_database_replaced_under_the_kiosk(void **state)
{
	struct env *env = *state;
	char other[400];
	bool saved;
	int kind;
	sqlite3 *db;

	snprintf(other, sizeof other, "%s/other.db", env->dir);
	db = raw_open(other);
	raw_exec(db, "CREATE TABLE t (x); INSERT INTO t VALUES (42);");
	sqlite3_close(db);
	run_child(env, REPLACE_DATABASE, &saved, &kind);
	assert_false(saved);
	assert_int_equal(kind, ERROR_FILE_GONE);
	/* The other file is left alone. */
	db = raw_open(env->path);
	assert_int_equal(raw_int(db, "SELECT x FROM t"), 42);
	assert_int_equal(raw_int(db,
	                     "SELECT count(*) FROM sqlite_schema "
	                     "WHERE name = 'records'"),
	    0);
	sqlite3_close(db);
}

int
run_reach_tests(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_wal_deleted_under_the_kiosk),
		env_test(test_database_deleted_under_the_kiosk),
		env_test(test_database_replaced_under_the_kiosk),
	};

	return cmocka_run_group_tests_name("store_reach", tests, NULL, NULL);
}

/*
 * Retention on the kiosk (store_purge): only records the collector
 * acknowledged and created before the cutoff go, and only a prefix of the
 * chain; the chain goes on from the kept link (checks, new records, a
 * second purge); a dry run changes nothing; the triggers refuse every
 * other DELETE; the words removed leave the file; a consultation closed
 * here stays closed; and a process killed at any point of a purge leaves
 * the database as before it or as after it, never between.
 */
#define _GNU_SOURCE /* memmem() */

#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"
#include "events.h"
#include "helpers.h"
#include "record.h"
#include "store_impl.h"
#include "tests.h"
#include "verbatims.h"

#define DAY_MS (24 * 3600 * 1000LL)

/* A completed submission of the fixture, created at ms. */
static void
submit_at(struct env *env, int64_t ms)
{
	clock_set(ms);
	env_submit(env, true, 0, NULL);
}

static void
ack(struct env *env, int64_t seq)
{
	struct error err = { 0 };

	if (!store_sync_set_acked(env->s, seq, &err)) {
		fail_msg("store_sync_set_acked: %s", err.msg);
	}
}

/* store_purge() of what was created before before_ms, which must work. */
static struct store_purge
purge(struct env *env, int64_t before_ms, bool dry_run)
{
	struct store_purge p;
	struct error err = { 0 };

	if (!store_purge(env->s, before_ms, dry_run, &p, &err)) {
		fail_msg("store_purge: %s", err.msg);
	}
	return p;
}

static int64_t
base_seq(struct env *env)
{
	struct error err = { 0 };
	char hash[65];
	int64_t seq = -1;

	assert_true(store_chain_base(env->s, &seq, hash, &err));
	return seq;
}

static char *
hash_of(struct env *env, int64_t seq)
{
	char sql[96];

	snprintf(sql, sizeof sql, "SELECT hash FROM records WHERE seq = %lld",
	    (long long)seq);
	return raw_text(env->s->db, sql);
}

/* The payload key of the last event called name, as text. */
static char *
last_event(struct env *env, const char *name, const char *key)
{
	char sql[300];

	snprintf(sql, sizeof sql,
	    "SELECT json_extract(line, '$.payload.%s') FROM records "
	    "WHERE json_extract(line, '$.payload.event') = '%s' "
	    "ORDER BY seq DESC LIMIT 1",
	    key, name);
	return raw_text(env->s->db, sql);
}

static void
expect_sound_chain(struct env *env, int64_t count)
{
	struct store_chain c;
	struct error err = { 0 };
	int64_t n = -1;

	if (!store_verify_chain(env->s, &n, &err)) {
		fail_msg("store_verify_chain: %s", err.msg);
	}
	assert_int_equal(n, count);
	assert_true(store_check_chain(env->s, true, &c, &err));
	assert_int_equal(c.nfound, 0);
	assert_int_equal(raw_int(env->s->db,
	                     "SELECT count(*) FROM records WHERE "
	                     "json_extract(line, '$.payload.event') = "
	                     "'chain_broken'"),
	    0);
}

/* Three old records and one recent one acknowledged, three recent ones
 * not: the three old ones go, the chain goes on from the third. */
static void
test_only_acknowledged_old_records_go(void **state)
{
	struct env *env = *state;
	struct store_purge p;
	char *h3;

	env_open(env);
	for (int i = 0; i < 3; i++) {
		submit_at(env, env->t0 + i * 1000);
	}
	for (int i = 0; i < 4; i++) {
		submit_at(env, env->t0 + 3 * DAY_MS + i * 1000);
	}
	ack(env, 4);
	h3 = hash_of(env, 3);
	clock_set(env->t0 + 10 * DAY_MS);
	p = purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(p.from_seq, 1);
	assert_int_equal(p.through_seq, 3);
	assert_int_equal(p.removed, 3);
	assert_int_equal(p.kept, 4);
	assert_int_equal(p.kept_recent, 1);
	assert_int_equal(p.kept_unsent, 3);
	assert_string_equal(p.hash, h3);
	/* Records 4 to 7, and the purge's own event. */
	assert_int_equal(store_count(env->s, NULL), 5);
	assert_int_equal(
	    raw_int(env->s->db, "SELECT min(seq) FROM records"), 4);
	assert_int_equal(base_seq(env), 3);
	assert_string_equal_free(
	    raw_text(env->s->db, "SELECT hash FROM chain_base"), h3);
	assert_string_equal_free(last_event(env, "purge", "from"), "1");
	assert_string_equal_free(last_event(env, "purge", "through"), "3");
	assert_string_equal_free(last_event(env, "purge", "records"), "3");
	assert_string_equal_free(
	    last_event(env, "purge", "before"), "2026-05-03T09:00:00.000Z");
	assert_string_equal_free(last_event(env, "purge", "hash"), h3);
	expect_sound_chain(env, 5);
	free(h3);
}

/* A record created after the cutoff stops the purge, even when an older
 * one (a clock set back) comes after it: no hole in the chain. */
static void
test_only_a_prefix_goes(void **state)
{
	struct env *env = *state;
	struct store_purge p;

	env_open(env);
	submit_at(env, env->t0);
	submit_at(env, env->t0 + 5 * DAY_MS);
	submit_at(env, env->t0 + 1000); /* the clock went back */
	ack(env, 3);
	p = purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(p.removed, 1);
	assert_int_equal(p.through_seq, 1);
	assert_int_equal(p.kept_recent, 2);
	assert_int_equal(
	    raw_int(env->s->db, "SELECT min(seq) FROM records"), 2);
	assert_int_equal(raw_int(env->s->db,
	                     "SELECT count(*) FROM records "
	                     "WHERE seq = 3"),
	    1);
	expect_sound_chain(env, 3);
}

/* Nothing acknowledged, or nothing old enough: nothing is written, not
 * even an event (the timer runs it every quarter of an hour). */
static void
test_nothing_to_remove_writes_nothing(void **state)
{
	struct env *env = *state;
	struct store_purge p;

	env_open(env);
	submit_at(env, env->t0);
	submit_at(env, env->t0 + 1000);
	p = purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(p.removed, 0);
	assert_int_equal(p.through_seq, 0);
	assert_int_equal(p.kept_unsent, 2);
	ack(env, 2);
	p = purge(env, env->t0, false);
	assert_int_equal(p.removed, 0);
	assert_int_equal(p.kept_recent, 2);
	assert_string_equal(p.hash, RECORD_GENESIS);
	assert_int_equal(store_count(env->s, NULL), 2);
	assert_int_equal(store_count(env->s, RECORD_EVENT), 0);
	assert_int_equal(base_seq(env), 0);
}

static void
test_dry_run_removes_nothing(void **state)
{
	struct env *env = *state;
	struct store_purge p;
	char *h2;

	env_open(env);
	for (int i = 0; i < 3; i++) {
		submit_at(env, env->t0 + i * 1000);
	}
	ack(env, 2);
	h2 = hash_of(env, 2);
	p = purge(env, env->t0 + DAY_MS, true);
	assert_int_equal(p.removed, 2);
	assert_int_equal(p.through_seq, 2);
	assert_int_equal(p.kept_unsent, 1);
	assert_string_equal(p.hash, h2);
	assert_int_equal(store_count(env->s, NULL), 3);
	assert_int_equal(store_count(env->s, RECORD_EVENT), 0);
	assert_int_equal(base_seq(env), 0);
	free(h2);
}

/* DELETE aborts outside a purge, from the store's own connection and
 * from another program's; inside the window too for a record the
 * collector has not acknowledged; the kept link moves only with a purge,
 * and the window is empty after one. */
static void
test_triggers_refuse_other_deletes(void **state)
{
	struct env *env = *state;
	char *msg = NULL;
	sqlite3 *db;

	env_open(env);
	for (int i = 0; i < 3; i++) {
		submit_at(env, env->t0 + i * 1000);
	}
	ack(env, 1);
	assert_int_not_equal(
	    sqlite3_exec(env->s->db, "DELETE FROM records WHERE seq = 1", NULL,
	        NULL, &msg),
	    SQLITE_OK);
	assert_string_equal(msg, "records are append-only");
	sqlite3_free(msg);
	db = raw_open(env->path);
	assert_int_not_equal(
	    sqlite3_exec(db, "DELETE FROM records", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "UPDATE chain_base SET seq = 2", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(
	    sqlite3_exec(db, "DELETE FROM chain_base", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_not_equal(sqlite3_exec(db,
	                         "BEGIN; INSERT INTO purge_window VALUES (1, "
	                         "3); DELETE FROM records WHERE seq = 2",
	                         NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_exec(db, "ROLLBACK", NULL, NULL, NULL);
	sqlite3_close(db);
	assert_int_equal(store_count(env->s, NULL), 3);
	purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(
	    raw_int(env->s->db, "SELECT count(*) FROM purge_window"), 0);
	assert_int_not_equal(
	    sqlite3_exec(env->s->db, "DELETE FROM records WHERE seq = 2", NULL,
	        NULL, NULL),
	    SQLITE_OK);
}

/* Everything acknowledged and old goes, the purge's event stays; that
 * event goes at the next purge, whose event chains on from the kept link
 * with no record left in between; new records follow. */
static void
test_chain_goes_on_from_the_kept_link(void **state)
{
	struct env *env = *state;
	struct store_written w;
	struct store_purge p;
	char hash[65];
	struct error err = { 0 };
	int64_t last = 0;

	env_open(env);
	submit_at(env, env->t0);
	submit_at(env, env->t0 + 1000);
	ack(env, 2);
	clock_set(env->t0 + 8 * DAY_MS);
	p = purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(p.removed, 2);
	assert_int_equal(store_count(env->s, NULL), 1); /* the event, seq 3 */
	ack(env, 3);
	clock_set(env->t0 + 16 * DAY_MS);
	p = purge(env, env->t0 + 9 * DAY_MS, false);
	assert_int_equal(p.from_seq, 3);
	assert_int_equal(p.through_seq, 3);
	assert_int_equal(base_seq(env), 3);
	assert_int_equal(raw_int(env->s->db, "SELECT seq FROM records"), 4);
	expect_sound_chain(env, 1);
	env_submit(env, true, 0, &w);
	assert_int_equal(w.seq, 5);
	expect_sound_chain(env, 2);
	assert_true(store_record_hash(env->s, 3, hash, &err));
	assert_string_equal_free(
	    raw_text(env->s->db, "SELECT hash FROM chain_base"), hash);
	assert_false(store_record_hash(env->s, 2, hash, &err));
	assert_true(store_last_seq(env->s, &last, &err));
	assert_int_equal(last, 5);
	/* The chain from the kept link, as another start sees it. */
	env_close(env);
	env_open(env);
	expect_sound_chain(env, 2);
}

static void
count_verbatim(void *ctx, const struct store_verbatim *v)
{
	(*(int *)ctx)++;
}

static bool
file_holds(const char *path, const char *word)
{
	size_t len = 0;
	char *bytes = file_bytes(path, &len);
	bool found = bytes != NULL && memmem(bytes, len, word, strlen(word));

	free(bytes);
	return found;
}

/* The words of the records removed leave the verbatims and the file
 * itself (the database and its log), not only the tables. */
static void
test_words_removed_leave_the_file(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	char wal[320];
	int n = 0;

	/* Pages of records that all go, pages where some stay. */
	env_open(env);
	fixture_answer(&env->fx, FX_AVIS, "Le zorglub passe trop tard", NULL);
	for (int i = 0; i < 30; i++) {
		submit_at(env, env->t0 + i * 1000);
	}
	fixture_answer(&env->fx, FX_AVIS, "Un abri pour le bus", NULL);
	submit_at(env, env->t0 + 3 * DAY_MS);
	ack(env, 31);
	snprintf(wal, sizeof wal, "%s-wal", env->path);
	assert_true(
	    file_holds(env->path, "zorglub") || file_holds(wal, "zorglub"));
	purge(env, env->t0 + DAY_MS, false);
	assert_true(store_each_verbatim(
	    env->s, "zorglub", 10, count_verbatim, &n, &err));
	assert_int_equal(n, 0);
	assert_true(
	    store_each_verbatim(env->s, "abri", 10, count_verbatim, &n, &err));
	assert_int_equal(n, 1);
	assert_false(file_holds(env->path, "zorglub"));
	assert_false(file_holds(wal, "zorglub"));
	env_close(env);
	assert_false(file_holds(env->path, "zorglub"));
}

/* A consultation closed on this kiosk stays closed when the event that
 * closed it goes; one closed then opened again stays open. */
static void
test_closed_consultation_stays_closed(void **state)
{
	struct env *env = *state;
	struct error err = { 0 };
	bool closed = false;

	env_open(env);
	clock_set(env->t0);
	assert_true(store_event(
	    env->s, NULL, "form_close", "form", "transport-dignois", &err));
	assert_true(
	    store_event(env->s, NULL, "form_close", "form", "velo", &err));
	assert_true(
	    store_event(env->s, NULL, "form_open", "form", "velo", &err));
	submit_at(env, env->t0 + 1000);
	ack(env, 4);
	purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(base_seq(env), 4);
	assert_true(
	    store_form_closed(env->s, "transport-dignois", &closed, &err));
	assert_true(closed);
	assert_true(store_form_closed(env->s, "velo", &closed, &err));
	assert_false(closed);
	assert_string_equal_free(
	    last_event(env, "form_close", "form"), "transport-dignois");
	assert_string_equal_free(
	    last_event(env, "form_close", "restated"), "1");
	/* The purge's event, then the restated close. */
	assert_int_equal(store_count(env->s, NULL), 2);
	expect_sound_chain(env, 2);
}

/* A database of schema 3 gets the guarded trigger and the kept link when
 * it is opened, and can be purged. */
static void
test_older_database_is_migrated(void **state)
{
	struct env *env = *state;
	struct store_purge p;
	sqlite3 *db;

	env_open(env);
	submit_at(env, env->t0);
	submit_at(env, env->t0 + 1000);
	env_close(env);
	db = raw_open(env->path);
	raw_exec(db,
	    "DROP TABLE chain_base; DROP TABLE purge_window;"
	    "DROP TRIGGER records_no_delete;"
	    "CREATE TRIGGER records_no_delete BEFORE DELETE ON records BEGIN"
	    " SELECT RAISE(ABORT, 'records are append-only'); END;"
	    "UPDATE sync_state SET acked_through = 2;"
	    "PRAGMA user_version = 3;");
	sqlite3_close(db);
	env_open(env);
	assert_int_equal(raw_int(env->s->db, "PRAGMA user_version"), 4);
	p = purge(env, env->t0 + DAY_MS, false);
	assert_int_equal(p.removed, 2);
	expect_sound_chain(env, 1);
}

/*
 * Killed during a purge.  A child process runs the purge and kills
 * itself (SIGKILL, like a power cut for SQLite's journal): as each of
 * its statements starts, at points spread over the whole purge (the
 * progress handler, every 10 steps of SQLite's machine), and when it is
 * about to commit.  The database must then be as before the purge or as
 * after it.
 */

#define KILL_RECORDS 60
#define KILL_ACKED 40
#define KILL_STEPS 12

enum kill_at {
	KILL_NEVER,     /* count the statements and steps only */
	KILL_STATEMENT, /* as statement number kill_after starts */
	KILL_STEP,      /* at progress call number kill_after */
	KILL_COMMIT,    /* when it is about to commit */
};

static enum kill_at kill_at;
static int kill_after;
static int statements, steps;

static int
on_statement(unsigned what, void *ctx, void *p, void *x)
{
	statements++;
	if (kill_at == KILL_STATEMENT && statements >= kill_after) {
		raise(SIGKILL);
	}
	return 0;
}

static int
on_step(void *ctx)
{
	steps++;
	if (kill_at == KILL_STEP && steps >= kill_after) {
		raise(SIGKILL);
	}
	return 0;
}

static int
on_commit(void *ctx)
{
	if (kill_at == KILL_COMMIT) {
		raise(SIGKILL);
	}
	return 0;
}

static void
watch(sqlite3 *db, enum kill_at at, int n)
{
	kill_at = at;
	kill_after = n;
	statements = 0;
	steps = 0;
	sqlite3_trace_v2(db, SQLITE_TRACE_STMT, on_statement, NULL);
	sqlite3_progress_handler(db, 10, on_step, NULL);
	sqlite3_commit_hook(db, on_commit, NULL);
}

/* 60 records (text answers among them), 40 acknowledged, all old; the
 * file closed, so that each run starts from the same bytes. */
static void
make_kill_database(struct env *env)
{
	env_open(env);
	for (int i = 0; i < KILL_RECORDS; i++) {
		fixture_answer(&env->fx, FX_AVIS, "Un abri pour le bus", NULL);
		submit_at(env, env->t0 + i * 1000);
	}
	ack(env, KILL_ACKED);
	env_close(env);
}

static void
copy_file(const char *from, const char *to)
{
	size_t len = 0;
	char *bytes = file_bytes(from, &len);
	FILE *f = fopen(to, "wb");

	assert_non_null(bytes);
	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	assert_int_equal(fclose(f), 0);
	free(bytes);
}

/* Runs the purge on path in a child, killed as at and n say.  True when
 * the child was killed. */
static bool
purge_in_child(struct env *env, const char *path, enum kill_at at, int n)
{
	pid_t pid = fork();
	int status = 0;

	assert_true(pid >= 0);
	if (pid == 0) {
		struct error err = { 0 };
		struct store_purge p;
		struct store *s = store_open(path, KIOSK, &err);

		if (s == NULL) {
			_exit(2);
		}
		watch(s->db, at, n);
		clock_set(env->t0 + 10 * DAY_MS);
		_exit(
		    store_purge(s, env->t0 + DAY_MS, false, &p, &err) ? 0 : 3);
	}
	assert_int_equal(waitpid(pid, &status, 0), pid);
	if (WIFEXITED(status)) {
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	return WIFSIGNALED(status);
}

/* How many statements and progress calls a whole purge makes. */
static void
measure_a_purge(struct env *env, const char *path)
{
	struct error err = { 0 };
	struct store_purge p;
	struct store *s;

	copy_file(env->path, path);
	s = store_open(path, KIOSK, &err);
	assert_non_null(s);
	watch(s->db, KILL_NEVER, 0);
	assert_true(store_purge(s, env->t0 + DAY_MS, false, &p, &err));
	assert_int_equal(p.removed, KILL_ACKED);
	store_destroy(s);
}

/* Before the purge or after it; every unsent record there, unchanged.
 * True when the purge happened. */
static bool
before_or_after(struct env *env, const char *path, char **unsent)
{
	struct env at = *env;
	struct error err = { 0 };
	int64_t base, count;
	bool after;

	snprintf(at.path, sizeof at.path, "%s", path);
	env_open(&at);
	assert_true(store_integrity_check(at.s, &err));
	base = base_seq(&at);
	count = store_count(at.s, NULL);
	after = base == KILL_ACKED;
	assert_true(after || base == 0);
	assert_int_equal(
	    count, after ? KILL_RECORDS - KILL_ACKED + 1 : KILL_RECORDS);
	assert_int_equal(store_count(at.s, RECORD_EVENT), after ? 1 : 0);
	assert_int_equal(raw_int(at.s->db, "SELECT count(*) FROM verbatims"),
	    after ? KILL_RECORDS - KILL_ACKED : KILL_RECORDS);
	assert_int_equal(
	    raw_int(at.s->db, "SELECT count(*) FROM purge_window"), 0);
	for (int i = 0; i < KILL_RECORDS - KILL_ACKED; i++) {
		char sql[96];

		snprintf(sql, sizeof sql,
		    "SELECT line FROM records WHERE seq = %d",
		    KILL_ACKED + 1 + i);
		assert_string_equal_free(raw_text(at.s->db, sql), unsent[i]);
	}
	expect_sound_chain(&at, count);
	store_destroy(at.s);
	return after;
}

static void
remove_copy(const char *path)
{
	char side[320];

	unlink(path);
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
}

/* One run killed as at and n say; counts it in killed[before, after]. */
static void
kill_once(struct env *env, const char *path, char **unsent, enum kill_at at,
    int n, int killed[2])
{
	bool was_killed, after;

	copy_file(env->path, path);
	was_killed = purge_in_child(env, path, at, n);
	after = before_or_after(env, path, unsent);
	if (was_killed) {
		killed[after]++;
	}
	remove_copy(path);
}

static void
test_killed_during_a_purge(void **state)
{
	struct env *env = *state;
	char *unsent[KILL_RECORDS - KILL_ACKED];
	char path[300];
	int killed[2] = { 0, 0 }, nstatements, nsteps;

	make_kill_database(env);
	env_open(env);
	for (int i = 0; i < KILL_RECORDS - KILL_ACKED; i++) {
		char sql[96];
		snprintf(sql, sizeof sql,
		    "SELECT line FROM records WHERE seq = %d",
		    KILL_ACKED + 1 + i);
		unsent[i] = raw_text(env->s->db, sql);
	}
	env_close(env);
	snprintf(path, sizeof path, "%s/killed.db", env->dir);
	measure_a_purge(env, path);
	nstatements = statements;
	nsteps = steps;
	remove_copy(path);
	for (int n = 1; n <= nstatements; n++) {
		kill_once(env, path, unsent, KILL_STATEMENT, n, killed);
	}
	for (int k = 0; k < KILL_STEPS; k++) {
		kill_once(env, path, unsent, KILL_STEP,
		    1 + nsteps * k / KILL_STEPS, killed);
	}
	kill_once(env, path, unsent, KILL_COMMIT, 0, killed);
	print_message("  %d statements, %d steps: %d kills found the purge "
	              "not done, %d done\n",
	    nstatements, nsteps, killed[0], killed[1]);
	/* Every run was killed, each time within the purge. */
	assert_int_equal(killed[0] + killed[1], nstatements + KILL_STEPS + 1);
	for (int i = 0; i < KILL_RECORDS - KILL_ACKED; i++) {
		free(unsent[i]);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		env_test(test_only_acknowledged_old_records_go),
		env_test(test_only_a_prefix_goes),
		env_test(test_nothing_to_remove_writes_nothing),
		env_test(test_dry_run_removes_nothing),
		env_test(test_triggers_refuse_other_deletes),
		env_test(test_chain_goes_on_from_the_kept_link),
		env_test(test_words_removed_leave_the_file),
		env_test(test_closed_consultation_stays_closed),
		env_test(test_older_database_is_migrated),
		env_test(test_killed_during_a_purge),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

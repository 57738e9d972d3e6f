/*
 * src/sqlfile on its own, with a kind made up for the test (two schema
 * versions, a neighbour, both hooks): creating, reopening, migrating an
 * older file one step at a time, the refusals (each leaving the file and
 * its directory as found) in the kind's words, and the messages of
 * sqlfile_fail().  The kiosk's store and the collector test their own
 * kinds of file through store_open() and db_open().
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

#include "clock.h"
#include "sqlfile.h"

#define TOY_ID 0x544f5931       /* 'TOY1' */
#define NEIGHBOUR_ID 0x4e424f52 /* 'NBOR' */

static const char *const toy_migrations[] = {
	"CREATE TABLE meta (key TEXT PRIMARY KEY NOT NULL, value TEXT NOT NULL)"
	" STRICT; CREATE TABLE notes (n INTEGER NOT NULL) STRICT;",
	"ALTER TABLE notes ADD COLUMN said TEXT;",
};

/* What the hooks saw, and whether check() refuses. */
struct hooks {
	int created, checked;
	bool refuse;
};

static bool
toy_create(struct sqlfile *f, void *ctx, struct error *err)
{
	struct hooks *h = ctx;

	h->created++;
	return sqlfile_meta_add(f, "owner", "toy", err);
}

static bool
toy_check(struct sqlfile *f, void *ctx, struct error *err)
{
	struct hooks *h = ctx;

	h->checked++;
	return !h->refuse || error_set(err, "%s: refused by check", f->path);
}

static const struct sqlfile_kind toy_v1 = {
	.program = "toy",
	.application_id = TOY_ID,
	.version = 1,
	.migrations = toy_migrations,
	.busy_timeout_ms = 1234,
	.damaged_advice = "restore it",
	.locked_advice = "wait",
	.update_advice = "get a newer toy",
	.neighbour_id = NEIGHBOUR_ID,
	.neighbour = ", the neighbour's",
	.create = toy_create,
	.check = toy_check,
};

struct env {
	char dir[64];
	char path[96];
	struct sqlfile_kind kind; /* toy_v1, or changed by a test */
	struct hooks hooks;
};

static int
setup(void **state)
{
	struct env *e = calloc(1, sizeof *e);

	assert_non_null(e);
	clock_set(1795000000000);
	snprintf(e->dir, sizeof e->dir, "/tmp/test_sqlfile.XXXXXX");
	assert_non_null(mkdtemp(e->dir));
	snprintf(e->path, sizeof e->path, "%s/toy.db", e->dir);
	e->kind = toy_v1;
	*state = e;
	return 0;
}

static int
teardown(void **state)
{
	struct env *e = *state;
	char cmd[128];

	snprintf(cmd, sizeof cmd, "rm -rf %s", e->dir);
	assert_int_equal(system(cmd), 0);
	free(e);
	return 0;
}

static struct sqlfile *
toy_open(struct env *e, struct error *err)
{
	return sqlfile_open(e->path, &e->kind, &e->hooks, err);
}

static int64_t
int_of(struct sqlfile *f, const char *sql)
{
	struct error err = { 0 };
	int64_t v = -1;

	assert_true(sqlfile_int(f, sql, &v, &err));
	return v;
}

/* Runs sql on the file with a plain connection (another program). */
static void
raw_exec(const char *path, const char *sql)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
}

static void
write_bytes(const char *path, const char *bytes, size_t len)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

/* The names in dir, sorted and joined with spaces. */
static char *
listing(const char *dir)
{
	char cmd[128];
	char *out = calloc(1, 512);
	FILE *p;

	assert_non_null(out);
	snprintf(cmd, sizeof cmd, "ls %s | tr '\\n' ' '", dir);
	p = popen(cmd, "r");
	assert_non_null(p);
	if (fgets(out, 512, p) == NULL) {
		out[0] = '\0'; /* an empty directory */
	}
	pclose(p);
	return out;
}

/* Writes a page of garbage over page number page (from 1) of path. */
static void
spoil_page(const char *path, int64_t page)
{
	char garbage[4096];
	FILE *w = fopen(path, "r+b");

	memset(garbage, 0x5a, sizeof garbage);
	assert_non_null(w);
	assert_int_equal(fseek(w, (long)(page - 1) * 4096, SEEK_SET), 0);
	assert_int_equal(fwrite(garbage, 1, sizeof garbage, w), sizeof garbage);
	fclose(w);
}

/* Opening must fail with a message containing want, leaving the file
 * and the directory as they were. */
static void
expect_refused(struct env *e, const char *want)
{
	struct error err = { 0 };
	char *before = listing(e->dir);
	char *after;
	struct stat st0, st1;
	bool existed = stat(e->path, &st0) == 0;

	assert_null(toy_open(e, &err));
	if (strstr(err.msg, want) == NULL) {
		fail_msg("got \"%s\", expected \"%s\"", err.msg, want);
	}
	after = listing(e->dir);
	assert_string_equal(after, before);
	if (existed) {
		assert_int_equal(stat(e->path, &st1), 0);
		assert_int_equal(st1.st_size, st0.st_size);
	}
	free(before);
	free(after);
}

static void
test_creates_private_file_with_mark(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f = toy_open(e, &err);
	struct stat st;

	assert_non_null(f);
	assert_int_equal(f->found_version, 0);
	assert_int_equal(stat(e->path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0600);
	assert_int_equal(int_of(f, "PRAGMA application_id"), TOY_ID);
	assert_int_equal(int_of(f, "PRAGMA user_version"), 1);
	assert_int_equal(int_of(f, "PRAGMA busy_timeout"), 1234);
	assert_int_equal(int_of(f, "PRAGMA synchronous"), 2); /* FULL */
	assert_int_equal(int_of(f, "PRAGMA foreign_keys"), 1);
	assert_int_equal(int_of(f, "PRAGMA trusted_schema"), 0);
	assert_int_equal(
	    int_of(f,
	        "SELECT count(*) FROM meta WHERE "
	        "key = 'created_at' AND value = '2026-11-18T11:06:40.000Z'"),
	    1);
	assert_int_equal(int_of(f,
	                     "SELECT count(*) FROM meta WHERE "
	                     "key = 'owner' AND value = 'toy'"),
	    1);
	assert_int_equal(e->hooks.created, 1);
	assert_int_equal(e->hooks.checked, 1); /* once up to date */
	sqlfile_destroy(f);

	f = toy_open(e, &err);
	assert_non_null(f);
	assert_int_equal(f->found_version, 1);
	assert_int_equal(e->hooks.created, 1);
	assert_int_equal(e->hooks.checked, 3); /* inspected, up to date */
	sqlfile_destroy(f);
	sqlfile_destroy(NULL);
}

static void
test_empty_file_counts_as_new(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f;

	write_bytes(e->path, "", 0);
	f = toy_open(e, &err);
	assert_non_null(f);
	assert_int_equal(int_of(f, "PRAGMA user_version"), 1);
	sqlfile_destroy(f);
}

static void
test_migrates_an_older_file(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f = toy_open(e, &err);

	assert_non_null(f);
	assert_int_equal(sqlite3_exec(f->db, "INSERT INTO notes VALUES (7)",
	                     NULL, NULL, NULL),
	    SQLITE_OK);
	sqlfile_destroy(f);
	e->kind.version = 2;
	f = toy_open(e, &err);
	assert_non_null(f);
	assert_int_equal(f->found_version, 1);
	assert_int_equal(int_of(f, "PRAGMA user_version"), 2);
	assert_int_equal(int_of(f,
	                     "SELECT count(*) FROM notes WHERE n = 7 "
	                     "AND said IS NULL"),
	    1);
	assert_int_equal(e->hooks.created, 1); /* only the first step */
	sqlfile_destroy(f);
}

static void
test_failed_step_is_rolled_back(void **state)
{
	struct env *e = *state;
	static const char *const broken[] = {
		"CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
		"CREATE TABLE notes (n INTEGER);",
		"ALTER TABLE notes ADD COLUMN said TEXT; SELECT nonsense();",
	};
	struct error err = { 0 };
	struct sqlfile *f;

	e->kind.migrations = broken;
	f = toy_open(e, &err);
	assert_non_null(f);
	sqlfile_destroy(f);
	e->kind.version = 2;
	assert_null(toy_open(e, &err));
	assert_non_null(strstr(err.msg, e->path));
	assert_non_null(strstr(err.msg,
	    "the database was not brought up to "
	    "date"));
	e->kind.version = 1;
	f = toy_open(e, &err);
	assert_non_null(f);
	assert_int_equal(int_of(f, "PRAGMA user_version"), 1);
	assert_int_equal(int_of(f,
	                     "SELECT count(*) FROM pragma_table_info("
	                     "'notes')"),
	    1); /* no column "said" */
	sqlfile_destroy(f);
}

static void
test_refuses_what_is_not_ours(void **state)
{
	struct env *e = *state;
	char msg[256];

	assert_int_equal(mkdir(e->path, 0700), 0);
	expect_refused(e, "is not a toy database (it is not a regular file)");
	assert_int_equal(rmdir(e->path), 0);

	write_bytes(e->path, "not a database at all, but long enough\n", 39);
	snprintf(msg, sizeof msg,
	    "%s is not a toy database (it is not an "
	    "SQLite file); it was left untouched",
	    e->path);
	expect_refused(e, msg);
	unlink(e->path);

	raw_exec(e->path, "CREATE TABLE t (x);");
	expect_refused(e,
	    "is not a toy database (it is the SQLite database "
	    "of another program); it was left untouched");
	unlink(e->path);

	raw_exec(e->path,
	    "PRAGMA application_id = 1312968530;"
	    "CREATE TABLE t (x);"); /* NEIGHBOUR_ID */
	expect_refused(e, "another program, the neighbour's); it was left");
}

static void
test_refuses_newer_and_markless(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f = toy_open(e, &err);

	assert_non_null(f);
	sqlfile_destroy(f);
	raw_exec(e->path, "PRAGMA user_version = 9");
	expect_refused(e,
	    "was written by a newer toy (database version 9, "
	    "this program knows up to 1); get a newer toy (the file was left "
	    "untouched)");
	raw_exec(e->path, "PRAGMA user_version = 0");
	expect_refused(e,
	    "is damaged (it has the toy mark but no schema); "
	    "it was left untouched");
}

static void
test_refuses_damaged_and_checked(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f = toy_open(e, &err);
	int64_t notes;

	assert_non_null(f);
	for (int i = 0; i < 50; i++) {
		sqlite3_exec(
		    f->db, "INSERT INTO notes VALUES (42)", NULL, NULL, NULL);
	}
	notes = int_of(f,
	    "SELECT rootpage FROM sqlite_schema WHERE name = "
	    "'notes'");
	sqlfile_destroy(f);

	e->hooks.refuse = true;
	expect_refused(e, "refused by check");
	e->hooks.refuse = false;

	spoil_page(e->path, notes);
	expect_refused(e, "it was left untouched: restore it");
}

static void
test_fail_messages(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f = toy_open(e, &err);
	char want[256];

	assert_non_null(f);
	sqlfile_fail(f, SQLITE_BUSY, "the note was not kept", &err);
	snprintf(want, sizeof want,
	    "the database %s is busy (another toy is "
	    "using it): the note was not kept, try again",
	    e->path);
	assert_string_equal(err.msg, want);
	assert_true(sqlfile_busy(f));
	assert_int_equal(err.kind, ERROR_OTHER);

	sqlfile_fail(f, SQLITE_FULL, "the note was not kept", &err);
	assert_string_equal(err.msg,
	    "disk full: the note was not kept, free "
	    "some space and try again");
	assert_int_equal(err.kind, ERROR_DISK_FULL);
	assert_false(sqlfile_busy(f));

	sqlfile_fail(f, SQLITE_READONLY, "the note was not kept", &err);
	snprintf(want, sizeof want,
	    "the database %s cannot be written (check "
	    "its permissions): the note was not kept",
	    e->path);
	assert_string_equal(err.msg, want);
	sqlfile_destroy(f);
}

static void
test_transactions(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };
	struct sqlfile *f = toy_open(e, &err);
	struct sqlfile *other;

	assert_non_null(f);
	assert_true(sqlfile_begin(f, "the note was not kept", &err));
	sqlite3_exec(f->db, "INSERT INTO notes VALUES (1)", NULL, NULL, NULL);
	sqlfile_rollback(f);
	sqlfile_rollback(f); /* outside a transaction: nothing */
	assert_int_equal(int_of(f, "SELECT count(*) FROM notes"), 0);

	assert_true(sqlfile_begin(f, "the note was not kept", &err));
	sqlite3_exec(f->db, "INSERT INTO notes VALUES (2)", NULL, NULL, NULL);
	assert_true(sqlfile_commit(f, "the note was not kept", &err));

	/* A second writer waits busy_timeout_ms, then is told so. */
	e->kind.busy_timeout_ms = 50;
	other = toy_open(e, &err);
	assert_non_null(other);
	assert_true(sqlfile_begin(f, "the note was not kept", &err));
	assert_false(sqlfile_begin(other, "the note was not kept", &err));
	assert_true(sqlfile_busy(other));
	assert_non_null(strstr(err.msg, "is busy (another toy is using it)"));
	sqlfile_rollback(f);
	sqlfile_destroy(other);
	assert_int_equal(int_of(f, "SELECT sum(n) FROM notes"), 2);
	sqlfile_destroy(f);
}

static void
test_no_path(void **state)
{
	struct env *e = *state;
	struct error err = { 0 };

	assert_null(sqlfile_open("", &e->kind, NULL, &err));
	assert_string_equal(err.msg, "no database path given");
	assert_null(sqlfile_open(NULL, &e->kind, NULL, &err));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
		    test_creates_private_file_with_mark, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_empty_file_counts_as_new, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_migrates_an_older_file, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_failed_step_is_rolled_back, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_refuses_what_is_not_ours, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_refuses_newer_and_markless, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_refuses_damaged_and_checked, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_fail_messages, setup, teardown),
		cmocka_unit_test_setup_teardown(
		    test_transactions, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_path, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}

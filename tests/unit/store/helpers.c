/*
 * The store tests' shared helpers (see helpers.h).
 */
#include "helpers.h"

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "clock.h"

int
env_setup(void **state)
{
	struct env *env = calloc(1, sizeof *env);
	const char *tmp = getenv("TMPDIR");

	if (env == NULL) {
		return -1;
	}
	snprintf(env->dir, sizeof env->dir, "%s/parvis-store-XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");
	if (mkdtemp(env->dir) == NULL) {
		free(env);
		return -1;
	}
	snprintf(env->path, sizeof env->path, "%s/parvis.db", env->dir);
	if (!clock_parse_iso(T0_ISO, &env->t0)) {
		return -1;
	}
	clock_set(env->t0);
	fixture_init(&env->fx, 2);
	*state = env;
	return 0;
}

static void
remove_dir(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[600];

	if (d == NULL) {
		return;
	}
	e = readdir(d);
	while (e != NULL) {
		if (strcmp(e->d_name, ".") != 0 &&
		    strcmp(e->d_name, "..") != 0) {
			snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
			unlink(path);
		}
		e = readdir(d);
	}
	closedir(d);
	rmdir(dir);
}

int
env_teardown(void **state)
{
	struct env *env = *state;

	store_destroy(env->s);
	fixture_finish(&env->fx);
	remove_dir(env->dir);
	free(env);
	return 0;
}

void
env_open(struct env *env)
{
	struct error err = { 0 };

	env->s = store_open(env->path, KIOSK, &err);
	if (env->s == NULL) {
		fail_msg("store_open: %s", err.msg);
	}
}

void
env_close(struct env *env)
{
	store_destroy(env->s);
	env->s = NULL;
}

void
env_submit(struct env *env, bool completed, size_t last_question,
    struct store_written *out)
{
	struct store_submission sub =
	    fixture_submission(&env->fx, completed, last_question);
	struct error err = { 0 };

	if (!store_submit(env->s, &sub, out, &err)) {
		fail_msg("store_submit: %s", err.msg);
	}
}

sqlite3 *
raw_open(const char *path)
{
	sqlite3 *db = NULL;

	assert_int_equal(sqlite3_open_v2(path, &db,
	                     SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL),
	    SQLITE_OK);
	return db;
}

char *
raw_text(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	char *text = NULL;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	}
	if (sqlite3_step(st) == SQLITE_ROW && sqlite3_column_text(st, 0)) {
		text = strdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	return text;
}

int64_t
raw_int(sqlite3 *db, const char *sql)
{
	sqlite3_stmt *st = NULL;
	int64_t n = -1;

	if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fail_msg("%s: %s", sql, sqlite3_errmsg(db));
	}
	if (sqlite3_step(st) == SQLITE_ROW) {
		n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	return n;
}

void
raw_exec(sqlite3 *db, const char *sql)
{
	char *msg = NULL;

	if (sqlite3_exec(db, sql, NULL, NULL, &msg) != SQLITE_OK) {
		fail_msg("%s: %s", sql, msg);
	}
}

char *
file_bytes(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long size;

	assert_non_null(f);
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	rewind(f);
	buf = malloc((size_t)size + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)size, f), (size_t)size);
	fclose(f);
	*len = (size_t)size;
	return buf;
}

void
file_poke(const char *path, long offset, const void *bytes, size_t len)
{
	FILE *f = fopen(path, "r+b");

	assert_non_null(f);
	assert_int_equal(fseek(f, offset, SEEK_SET), 0);
	assert_int_equal(fwrite(bytes, 1, len, f), len);
	fclose(f);
}

void
file_write(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

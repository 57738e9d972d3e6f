/*
 * What the store's tests share: a temporary directory per test with the
 * database file in it, a raw sqlite3 handle to look behind the store's
 * back, and whole-file reads to prove a refused file was not touched.
 */
#ifndef PARVIS_TESTS_STORE_HELPERS_H
#define PARVIS_TESTS_STORE_HELPERS_H

#include <sqlite3.h>
#include <stddef.h>
#include <stdint.h>

#include "fixture.h"
#include "store.h"

#define KIOSK "digne-1"
#define T0_ISO "2026-05-02T09:00:00.000Z"

struct env {
	char dir[256];
	char path[300];
	struct store *s;
	struct fixture fx;
	int64_t t0;
};

/* cmocka setup and teardown: a fresh directory, the virtual clock at T0,
 * the fixture form (version 2); everything removed afterwards. */
int env_setup(void **state);
int env_teardown(void **state);

/* Opens env->s on env->path for KIOSK, failing the test if it cannot. */
void env_open(struct env *env);

/* Closes env->s. */
void env_close(struct env *env);

/* Submits the fixture's answers, failing the test on error. */
void env_submit(struct env *env, bool completed, size_t last_question,
    struct store_written *out);

/* A raw connection to path (no parvis pragmas). */
sqlite3 *raw_open(const char *path);

/* The first column of the first row of sql as a new string (NULL for SQL
 * NULL or no row), or as an integer. */
char *raw_text(sqlite3 *db, const char *sql);
int64_t raw_int(sqlite3 *db, const char *sql);

/* Runs sql, failing the test unless it succeeds. */
void raw_exec(sqlite3 *db, const char *sql);

/* The whole file as a new buffer; *len its size. */
char *file_bytes(const char *path, size_t *len);

/* Writes len bytes at offset of path. */
void file_poke(const char *path, long offset, const void *bytes, size_t len);

/* Writes text as the whole content of path. */
void file_write(const char *path, const char *text);

#endif

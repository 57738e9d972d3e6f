/*
 * Opening and closing the kiosk's database (see store.h), and the cache
 * of the statements every submission runs.
 *
 * Opening is careful because the file holds answers nobody can collect
 * again; src/sqlfile does it for the kiosk's kind of file (schema.c): a
 * missing file is created private, an existing one is looked at without
 * writing and refused, left as it was, unless it is an SQLite file, ours,
 * sound and this kiosk's.  Only then is it switched to WAL and its schema
 * brought up to date.
 */
#include "store_impl.h"

#include <stdlib.h>
#include <string.h>

#include "ids.h"

static bool
check_arguments(const char *path, const char *kiosk_id, struct error *err)
{
	if (path == NULL || *path == '\0') {
		return error_set(err, _("no database path given"));
	}
	if (kiosk_id == NULL || *kiosk_id == '\0') {
		return error_set(err,
		    _("%s: no kiosk id given (set [kiosk] "
		      "id in kiosk.ini)"),
		    path);
	}
	if (!ids_init()) {
		return error_set(err,
		    _("cannot start libsodium (no source of "
		      "randomness for record ids)"));
	}
	return true;
}

struct store *
store_open(const char *path, const char *kiosk_id, struct error *err)
{
	struct store *s = NULL;

	if (!check_arguments(path, kiosk_id, err)) {
		return NULL;
	}
	s = calloc(1, sizeof *s);
	if (s != NULL) {
		s->kiosk = strdup(kiosk_id);
	}
	if (s == NULL || s->kiosk == NULL) {
		error_set(err, _("out of memory opening %s"), path);
		store_destroy(s);
		return NULL;
	}
	s->file = sqlfile_open(path, &store_file_kind, s, err);
	if (s->file == NULL) {
		store_destroy(s);
		return NULL;
	}
	s->db = s->file->db;
	s->path = s->file->path;
	return s;
}

void
store_destroy(struct store *s)
{
	if (s == NULL) {
		return;
	}
	store_finalize_cache(s);
	sqlfile_destroy(s->file);
	free(s->kiosk);
	free(s);
}

void
store_finalize_cache(struct store *s)
{
	for (size_t i = 0; i < STORE_CACHE_SIZE; i++) {
		sqlite3_finalize(s->cache[i].st);
		s->cache[i].st = NULL;
		s->cache[i].sql = NULL;
	}
}

const char *
store_take_rescue(struct store *s)
{
	enum sqlfile_reach r = s->rescued;

	s->rescued = SQLFILE_REACHABLE;
	switch (r) {
	case SQLFILE_WAL_GONE:
		return "wal";
	case SQLFILE_FILE_GONE:
		return "database";
	default:
		return NULL;
	}
}

const char *
store_kiosk_id(const struct store *s)
{
	return s->kiosk;
}

bool
store_cached(
    struct store *s, const char *sql, sqlite3_stmt **st, struct error *err)
{
	size_t i = 0;

	while (i < STORE_CACHE_SIZE && s->cache[i].sql != NULL &&
	    strcmp(s->cache[i].sql, sql) != 0) {
		i++;
	}
	if (i == STORE_CACHE_SIZE) {
		/* A fixed set of statements use the cache: a bug, not a
		 * state the kiosk can get into. */
		return error_set(err,
		    "internal error: the statement cache "
		    "is full (raise STORE_CACHE_SIZE)");
	}
	if (s->cache[i].sql == NULL) {
		if (!store_prepare(s, sql, &s->cache[i].st, err)) {
			return false;
		}
		s->cache[i].sql = sql;
	}
	*st = s->cache[i].st;
	return true;
}

void
store_done(sqlite3_stmt *st)
{
	if (st != NULL) {
		sqlite3_reset(st);
		sqlite3_clear_bindings(st);
	}
}

bool
store_mode_valid(const char *mode)
{
	return mode != NULL &&
	    (strcmp(mode, "self") == 0 || strcmp(mode, "volunteer") == 0);
}

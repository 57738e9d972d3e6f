/*
 * Opening and closing the kiosk's database (see store.h).
 *
 * Opening is careful because the file holds answers nobody can collect
 * again: a path that does not exist is created (mode 0600: opinions are
 * personal data); an existing file is first looked at without writing
 * anything (is it SQLite? ours? sound? this kiosk's?) and refused, left
 * byte for byte as it was, if any answer is no.  Only then is the
 * connection switched to WAL and the schema brought up to date.
 */
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ids.h"

#define BUSY_TIMEOUT_MS 5000

static const char sqlite_magic[16] = "SQLite format 3";

static bool
check_arguments(const char *path, const char *kiosk_id, struct error *err)
{
	if (path == NULL || *path == '\0') {
		return error_set(err, _("no database path given"));
	}
	if (kiosk_id == NULL || *kiosk_id == '\0') {
		return error_set(err, _("%s: no kiosk id given (set [kiosk] "
		    "id in kiosk.ini)"), path);
	}
	if (!ids_init()) {
		return error_set(err, _("cannot start libsodium (no source of "
		    "randomness for record ids)"));
	}
	return true;
}

/* Creates path, empty and private, when it does not exist. */
static bool
create_file(const char *path, struct error *err)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		return error_set(err, _("cannot create the database %s: %s"),
		    path, strerror(errno));
	}
	close(fd);
	return true;
}

/* Refuses, before SQLite reads a byte, a file without the SQLite magic. */
static bool
check_magic(const char *path, struct error *err)
{
	char head[sizeof sqlite_magic];
	size_t got = 0;
	FILE *f = fopen(path, "rb");

	if (f == NULL) {
		/* TRANSLATORS: the file, then why (from the system or
		 * SQLite). */
		return error_set(err, _("cannot open the database %s: %s"),
		    path, strerror(errno));
	}
	got = fread(head, 1, sizeof head, f);
	fclose(f);
	if (got != sizeof head ||
	    memcmp(head, sqlite_magic, sizeof head) != 0) {
		return error_set(err, _("%s is not a parvis database (it is "
		    "not an SQLite file); it was left untouched"), path);
	}
	return true;
}

/* Creates the file if missing; otherwise checks it is an SQLite file.
 * A zero-length file counts as new. */
static bool
prepare_file(const char *path, struct error *err)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		if (errno != ENOENT) {
			return error_set(err, _("cannot open the database %s: %s"),
			    path, strerror(errno));
		}
		return create_file(path, err);
	}
	if (!S_ISREG(st.st_mode)) {
		return error_set(err, _("%s is not a parvis database (it is "
		    "not a regular file)"), path);
	}
	if (st.st_size == 0) {
		return true;
	}
	return check_magic(path, err);
}

/* Connection settings made through the C API: they neither read nor
 * write the file, so they hold from the first look at it on. */
static bool
configure_connection(struct store *s, struct error *err)
{
	int fk = 0, trusted = 1;

	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, BUSY_TIMEOUT_MS);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, NULL);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, &trusted);
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_FKEY, 1, &fk);
	if (trusted != 0 || fk != 1) {
		return error_set(err, _("cannot configure the database %s "
		    "(foreign keys or untrusted schema not available)"),
		    s->path);
	}
	return true;
}

static bool
open_connection(struct store *s, struct error *err)
{
	int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_FULLMUTEX;
	int rc = sqlite3_open_v2(s->path, &s->db, flags, NULL);

	if (rc != SQLITE_OK) {
		return error_set(err, _("cannot open the database %s: %s"),
		    s->path, s->db != NULL ? sqlite3_errmsg(s->db) :
		    _("out of memory"));
	}
	if (sqlite3_db_readonly(s->db, "main") == 1) {
		return error_set(err, _("the database %s cannot be written "
		    "(check the permissions of the file and its directory)"),
		    s->path);
	}
	return configure_connection(s, err);
}

/* WAL changes the file header, so it comes after the inspection;
 * synchronous=FULL makes every COMMIT reach the disk. */
static bool
enable_wal(struct store *s, struct error *err)
{
	sqlite3_stmt *st = NULL;
	const char *mode;
	bool ok = false;
	int rc = sqlite3_exec(s->db, "PRAGMA synchronous=FULL", NULL, NULL,
	    NULL);

	if (rc != SQLITE_OK) {
		store_fail(s, rc, N_("the database was not opened"), err);
		goto out;
	}
	if (!store_prepare(s, "PRAGMA journal_mode=WAL", &st, err)) {
		goto out;
	}
	if (sqlite3_step(st) != SQLITE_ROW) {
		store_fail(s, sqlite3_errcode(s->db), N_("the database was not "
		    "opened"), err);
		goto out;
	}
	mode = (const char *)sqlite3_column_text(st, 0);
	if (mode == NULL || strcmp(mode, "wal") != 0) {
		/* TRANSLATORS: the file, then SQLite's journal mode (delete,
		 * memory...). */
		error_set(err, _("%s: cannot use write-ahead logging (journal "
		    "mode stays %s); put the database on a local disk"),
		    s->path, mode != NULL ? mode : "unknown");
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

static struct store *
store_create(const char *path, const char *kiosk_id, struct error *err)
{
	struct store *s = calloc(1, sizeof *s);

	if (s == NULL) {
		error_set(err, _("out of memory opening %s"), path);
		return NULL;
	}
	s->path = strdup(path);
	s->kiosk = strdup(kiosk_id);
	if (s->path == NULL || s->kiosk == NULL) {
		error_set(err, _("out of memory opening %s"), path);
		store_destroy(s);
		return NULL;
	}
	return s;
}

/* The -wal and -shm files SQLite keeps beside a database. */
struct sidecars {
	char wal[4096], shm[4096];
	bool had_wal, had_shm;
};

static void
sidecars_note(struct sidecars *c, const char *path)
{
	snprintf(c->wal, sizeof c->wal, "%s-wal", path);
	snprintf(c->shm, sizeof c->shm, "%s-shm", path);
	c->had_wal = access(c->wal, F_OK) == 0;
	c->had_shm = access(c->shm, F_OK) == 0;
}

/* After refusing a file, removes the sidecars that merely looking at it
 * created (an empty log and its index), so that it is left as found. */
static void
sidecars_forget_new(const struct sidecars *c)
{
	if (!c->had_wal) {
		unlink(c->wal);
	}
	if (!c->had_shm) {
		unlink(c->shm);
	}
}

struct store *
store_open(const char *path, const char *kiosk_id, struct error *err)
{
	struct store *s = NULL;
	struct sidecars sidecars;
	bool inspected = false;
	bool ok = false;

	if (!check_arguments(path, kiosk_id, err) ||
	    !prepare_file(path, err)) {
		return NULL;
	}
	sidecars_note(&sidecars, path);
	s = store_create(path, kiosk_id, err);
	if (s == NULL || !open_connection(s, err)) {
		goto out;
	}
	/* Until the file is known to be ours, closing must not fold a
	 * leftover write-ahead log into it. */
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, NULL);
	if (!store_schema_inspect(s, err)) {
		goto out;
	}
	inspected = true;
	sqlite3_db_config(s->db, SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 0, NULL);
	if (!enable_wal(s, err) || !store_schema_migrate(s, err)) {
		goto out;
	}
	ok = true;
out:
	if (!ok) {
		store_destroy(s);
		s = NULL;
		if (!inspected) {
			sidecars_forget_new(&sidecars);
		}
	}
	return s;
}

void
store_destroy(struct store *s)
{
	if (s == NULL) {
		return;
	}
	for (size_t i = 0; i < STORE_CACHE_SIZE; i++) {
		sqlite3_finalize(s->cache[i].st);
	}
	sqlite3_close_v2(s->db);
	free(s->path);
	free(s->kiosk);
	free(s);
}

const char *
store_kiosk_id(const struct store *s)
{
	return s->kiosk;
}

bool
store_prepare(struct store *s, const char *sql, sqlite3_stmt **st,
    struct error *err)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return store_fail(s, rc, N_("the database could not be read"),
		    err);
	}
	return true;
}

bool
store_cached(struct store *s, const char *sql, sqlite3_stmt **st,
    struct error *err)
{
	size_t i = 0;

	while (i < STORE_CACHE_SIZE && s->cache[i].sql != NULL &&
	    strcmp(s->cache[i].sql, sql) != 0) {
		i++;
	}
	if (i == STORE_CACHE_SIZE) {
		/* A fixed set of statements use the cache: a bug, not a
		 * state the kiosk can get into. */
		return error_set(err, "internal error: the statement cache "
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

/*
 * The collector's online backup (see backup.h).  sqlite3_backup_step(-1)
 * copies every page under one read transaction, so the copy is the
 * database as it was at one instant even while kiosks are syncing; a
 * writer holding the lock only makes us wait and try again.  The copy is
 * then turned into a plain single file (journal_mode=DELETE), checked
 * with quick_check, synced to disk and renamed into place.
 */
#include "backup.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "commands.h"

/* A busy source is retried every 100 ms for up to a minute. */
#define BACKUP_RETRY_MS 100
#define BACKUP_RETRIES 600

static bool
sqlite_failed(const char *path, int rc, const char *what, struct error *err)
{
	if (rc == SQLITE_FULL) {
		return error_set_kind(err, ERROR_DISK_FULL,
		    "%s: the disk is "
		    "full (%s); nothing was replaced",
		    path, what);
	}
	return error_set(err, "%s: %s (%s); nothing was replaced", path,
	    sqlite3_errstr(rc), what);
}

/* True when path names the database file itself (or its -wal/-shm). */
static bool
is_the_database(const struct db *d, const char *path)
{
	char a[PATH_MAX], b[PATH_MAX];
	size_t n;

	if (realpath(d->path, a) == NULL || realpath(path, b) == NULL) {
		return false; /* path does not exist yet: not ours */
	}
	n = strlen(a);
	return strncmp(a, b, n) == 0 && (b[n] == '\0' || b[n] == '-');
}

/* Copies every page of d into dest; waits while the source is busy. */
static int
copy_pages(struct db *d, sqlite3 *dest)
{
	sqlite3_backup *b = sqlite3_backup_init(dest, "main", d->h, "main");
	int rc, tries = 0;

	if (b == NULL) {
		return sqlite3_errcode(dest);
	}
	do {
		rc = sqlite3_backup_step(b, -1);
		if ((rc == SQLITE_BUSY || rc == SQLITE_LOCKED) &&
		    tries++ < BACKUP_RETRIES) {
			sqlite3_sleep(BACKUP_RETRY_MS);
			rc = SQLITE_OK;
		}
	} while (rc == SQLITE_OK);
	if (sqlite3_backup_finish(b) != SQLITE_OK && rc == SQLITE_DONE) {
		rc = sqlite3_errcode(dest);
	}
	return rc == SQLITE_DONE ? SQLITE_OK : rc;
}

/* Makes the copy a plain file and checks it; SQLITE_OK when all is well. */
static int
finish_copy(sqlite3 *dest)
{
	sqlite3_stmt *st = NULL;
	int rc =
	    sqlite3_exec(dest, "PRAGMA journal_mode=DELETE", NULL, NULL, NULL);

	if (rc != SQLITE_OK) {
		return rc;
	}
	rc = sqlite3_prepare_v2(dest, "PRAGMA quick_check", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		rc = sqlite3_step(st);
		rc = rc == SQLITE_ROW &&
		        strcmp(
		            (const char *)sqlite3_column_text(st, 0), "ok") == 0
		    ? SQLITE_OK
		    : SQLITE_CORRUPT;
	}
	sqlite3_finalize(st);
	return rc;
}

/* fsync()s the file or directory at path. */
static bool
sync_path(const char *path, int flags)
{
	int fd = open(path, flags | O_CLOEXEC);
	bool ok;

	if (fd < 0) {
		return false;
	}
	ok = fsync(fd) == 0;
	close(fd);
	return ok;
}

/* Renames part to path durably: the data, then the directory entry. */
static bool
commit_file(const char *part, const char *path, struct error *err)
{
	char dir[PATH_MAX];

	if (!sync_path(part, O_RDONLY) || rename(part, path) != 0) {
		return error_set(
		    err, "%s: %s; nothing was replaced", path, strerror(errno));
	}
	snprintf(dir, sizeof dir, "%s", path);
	if (!sync_path(dirname(dir), O_RDONLY | O_DIRECTORY)) {
		return error_set(err,
		    "%s: written, but its directory could "
		    "not be synced: %s",
		    path, strerror(errno));
	}
	return true;
}

bool
backup_write(struct db *d, const char *path, int64_t *bytes, struct error *err)
{
	char part[PATH_MAX];
	sqlite3 *dest = NULL;
	struct stat st;
	bool ok = false;
	int fd, rc;

	if (is_the_database(d, path)) {
		return error_set(err,
		    "%s: this is the database itself (choose "
		    "another file for the backup)",
		    path);
	}
	if (snprintf(part, sizeof part, "%s.part", path) >= (int)sizeof part) {
		return error_set(err, "%s: the name is too long", path);
	}
	/* Created here, so the copy is 0600 whatever the umask. */
	fd = open(part, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
	if (fd < 0) {
		return error_set(err, "%s: %s", part, strerror(errno));
	}
	close(fd);
	rc = sqlite3_open_v2(part, &dest, SQLITE_OPEN_READWRITE, NULL);
	if (rc == SQLITE_OK) {
		rc = copy_pages(d, dest);
	}
	if (rc == SQLITE_OK) {
		rc = finish_copy(dest);
	}
	if (rc == SQLITE_OK) {
		rc = sqlite3_close(dest);
		dest = NULL;
	}
	if (rc != SQLITE_OK) {
		sqlite_failed(path, rc, "copying the database", err);
		goto out;
	}
	if (!commit_file(part, path, err)) {
		goto out;
	}
	if (bytes != NULL) {
		*bytes = stat(path, &st) == 0 ? (int64_t)st.st_size : 0;
	}
	ok = true;
out:
	sqlite3_close(dest);
	if (!ok) {
		unlink(part);
	}
	return ok;
}

static int
run_backup(const struct collect_env *env, int argc, char **argv)
{
	struct error err = { 0 };
	int64_t bytes = 0;
	int first;
	int status =
	    collect_options(&collect_backup, argc, argv, NULL, NULL, &first);

	if (status >= 0) {
		return status;
	}
	if (!backup_write(env->db, argv[first], &bytes, &err)) {
		fprintf(stderr, "parvis-collect: %s\n", err.msg);
		return 1;
	}
	fprintf(stderr,
	    "parvis-collect: backup written to %s (%lld bytes); "
	    "to restore it, see \"Restoring a backup\" in "
	    "parvis-collect(8)\n",
	    argv[first], (long long)bytes);
	return 0;
}

const struct collect_command collect_backup = {
	.entry = {
		.name = "backup",
		.args = { "FILE" },
		.help = { "copy the database to FILE while the\n"
		          "server runs (SQLite online backup)" },
		.min_args = 1,
		.max_args = 1,
	},
	.run = run_backup,
};

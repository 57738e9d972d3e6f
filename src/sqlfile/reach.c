/*
 * Is what was committed reachable on disk (see sqlfile.h)?  SQLite keeps
 * the database and its write-ahead log open: when someone deletes either
 * under a running program, commits go on into an unlinked inode, which
 * the next start will never see.  The paths are compared, by device and
 * inode, with the files noted when the connection was opened.
 *
 * Rescue reads through the connection, which still holds the unlinked
 * files: a checkpoint copies a deleted log into the database file, and
 * VACUUM INTO copies a deleted database (its log included) to a new file
 * at the path, made private first as every database file is.
 */
#include "sqlfile_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void
wal_path(const struct sqlfile *f, char *out, size_t size)
{
	snprintf(out, size, "%s-wal", f->path);
}

static void
note(const char *path, struct sqlfile_id *id)
{
	struct stat st;

	id->known = stat(path, &st) == 0;
	id->dev = id->known ? st.st_dev : 0;
	id->ino = id->known ? st.st_ino : 0;
}

/* 1: path names the file id; 0: nothing is there; -1: another file. */
static int
same_file(const char *path, const struct sqlfile_id *id)
{
	struct stat st;

	if (stat(path, &st) != 0) {
		return errno == ENOENT ? 0 : 1; /* cannot tell: assume so */
	}
	return st.st_dev == id->dev && st.st_ino == id->ino ? 1 : -1;
}

void
sqlfile_note_files(struct sqlfile *f)
{
	char wal[4096];

	wal_path(f, wal, sizeof wal);
	note(f->path, &f->main);
	note(wal, &f->wal);
}

enum sqlfile_reach
sqlfile_reachable(struct sqlfile *f)
{
	char wal[4096];
	int main_here = f->main.known ? same_file(f->path, &f->main) : 1;

	if (main_here <= 0) {
		return main_here == 0 ? SQLFILE_FILE_GONE : SQLFILE_REPLACED;
	}
	wal_path(f, wal, sizeof wal);
	if (!f->wal.known) {
		note(wal, &f->wal); /* the first commit made it */
		return SQLFILE_REACHABLE;
	}
	return same_file(wal, &f->wal) == 1 ? SQLFILE_REACHABLE
	                                    : SQLFILE_WAL_GONE;
}

/* The database as the connection sees it (its log included), written
 * to a new private file at path. */
static bool
copy_to(struct sqlfile *f, const char *path, struct error *err)
{
	const char *lost = N_("the database could not be written again");
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);

	if (fd < 0) {
		return error_set(err, _("cannot create the database %s: %s"),
		    path, strerror(errno));
	}
	close(fd);
	if (sqlfile_prepare(f, "VACUUM INTO ?1", &st, err)) {
		sqlite3_bind_text(st, 1, path, -1, SQLITE_STATIC);
		ok = sqlite3_step(st) == SQLITE_DONE ||
		    sqlfile_fail(f, sqlite3_errcode(f->db), lost, err);
	}
	sqlite3_finalize(st);
	if (!ok) {
		unlink(path);
	}
	return ok;
}

/* Another file is at the database's path (a backup put back under the
 * running program?).  It is not ours to touch, but our log beside it
 * would be replayed onto it at the next open: the log is folded into our
 * unlinked file and emptied, and what we hold is kept in PATH.rescued
 * (or PATH.rescued-N) for whoever sorts it out. */
static bool
set_aside(struct sqlfile *f, struct error *err)
{
	char wal[4096], aside[4096];
	struct stat st;
	int n = 0;

	wal_path(f, wal, sizeof wal);
	snprintf(aside, sizeof aside, "%s.rescued", f->path);
	while (stat(aside, &st) == 0 && n < 100) {
		snprintf(aside, sizeof aside, "%s.rescued-%d", f->path, ++n);
	}
	if (!copy_to(f, aside, err)) {
		return false;
	}
	if (same_file(wal, &f->wal) == 1) {
		sqlite3_wal_checkpoint_v2(
		    f->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
	}
	return error_set(err,
	    _("the database %s was replaced by another file while the "
	      "program was running; what it held is kept in %s (restart the "
	      "program, then sort the two files out)"),
	    f->path, aside);
}

/* The old database's log and index, left at their paths once the file
 * was written again: opened beside the new file, the log's pages would be
 * replayed onto it. */
static void
forget_sidecars(struct sqlfile *f)
{
	char path[4096];

	wal_path(f, path, sizeof path);
	if (f->wal.known && same_file(path, &f->wal) == 1) {
		unlink(path);
	}
	snprintf(path, sizeof path, "%s-shm", f->path);
	unlink(path);
}

bool
sqlfile_rescue(struct sqlfile *f, enum sqlfile_reach reach, struct error *err)
{
	const char *lost = N_("the write-ahead log could not be copied back");
	int rc;

	switch (reach) {
	case SQLFILE_REACHABLE:
		return true;
	case SQLFILE_REPLACED:
		return set_aside(f, err);
	case SQLFILE_FILE_GONE:
		if (!copy_to(f, f->path, err)) {
			return false;
		}
		forget_sidecars(f);
		break;
	case SQLFILE_WAL_GONE:
		rc = sqlite3_wal_checkpoint_v2(
		    f->db, "main", SQLITE_CHECKPOINT_TRUNCATE, NULL, NULL);
		if (rc != SQLITE_OK) {
			return sqlfile_fail(f, rc, lost, err);
		}
		break;
	}
	return sqlfile_reopen(f, err);
}

/*
 * A durable SQLite file: the one database of a program (the kiosk's
 * store, the collector's), opened with care because it holds answers
 * nobody can collect again.
 *
 * Opening creates a missing file (mode 0600: opinions are personal data)
 * and otherwise looks at the file without writing anything: is it SQLite,
 * does it carry the program's application_id, a schema version this
 * program knows, does PRAGMA quick_check pass, does the program's own
 * check agree?  A file that fails any of these is refused, left byte for
 * byte as found (not even an empty -wal or -shm beside it).  Only then is
 * the connection put in WAL mode with synchronous=FULL, and the schema
 * brought up to date by migrations on user_version, each in one
 * transaction.  Every connection has foreign keys on, an untrusted
 * schema and SQLite's defensive mode.
 *
 * Failures become messages for a person in one place, sqlfile_fail(): a
 * full disk (ERROR_DISK_FULL), a busy or read-only database, an I/O
 * error are named as such, with what the person lost.
 */
#ifndef PARVIS_SQLFILE_SQLFILE_H
#define PARVIS_SQLFILE_SQLFILE_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/types.h>

#include "error.h"

struct sqlfile;

/*
 * What one program's database is.  The English strings are marked with
 * N_() by a program that is translated; sqlfile translates them with _()
 * where the message is made.
 */
struct sqlfile_kind {
	/* The program, in messages: "not a parvis database". */
	const char *program;
	/* PRAGMA application_id of the program's files. */
	uint32_t application_id;
	/* The schema version this program writes, and the scripts that get
	 * there: migrations[i] takes user_version i to i + 1, in one
	 * transaction.  migrations[0] must create the table
	 * meta (key TEXT PRIMARY KEY, value TEXT), where sqlfile writes
	 * created_at.  A script that shipped is never edited. */
	int version;
	const char *const *migrations;
	int busy_timeout_ms;
	/* Ends of refusals: what to do about a damaged file ("keep a copy
	 * and restore the last backup"), a locked one ("try again"), one
	 * written by a newer program ("update it"). */
	const char *damaged_advice;
	const char *locked_advice;
	const char *update_advice;
	/* A neighbour's database that may be opened here by mistake (its
	 * application_id, 0 for none) and how the refusal names it, after
	 * "another program" (", a kiosk's"). */
	uint32_t neighbour_id;
	const char *neighbour;
	/* Optional.  create() runs inside the transaction that creates the
	 * schema (after migrations[0]); check() runs, without writing, on a
	 * file found to be ours and again once it is up to date.  Both get
	 * the ctx given to sqlfile_open() and fill err when they refuse. */
	bool (*create)(struct sqlfile *f, void *ctx, struct error *err);
	bool (*check)(struct sqlfile *f, void *ctx, struct error *err);
};

/* An open database.  The fields are for reading only. */
/* Which file a path named when the connection was opened (reach.c). */
struct sqlfile_id {
	bool known;
	dev_t dev;
	ino_t ino;
};

struct sqlfile {
	sqlite3 *db;
	char *path;
	const struct sqlfile_kind *kind;
	int found_version; /* user_version at open (0: a new file) */
	int last_rc;       /* of the last failure, for sqlfile_busy() */
	struct sqlfile_id main, wal; /* the files the connection writes */
};

/* Opens the database of the given kind at path, creating it when the
 * path does not exist (a zero-length file counts as new).  Returns NULL,
 * with a message for a person that names the file, when it is refused
 * (see above) or cannot be opened or written; free with
 * sqlfile_destroy(). */
struct sqlfile *sqlfile_open(const char *path, const struct sqlfile_kind *kind,
    void *ctx, struct error *err);

/* Closes the database; accepts NULL. */
void sqlfile_destroy(struct sqlfile *f);

/* Prepares sql; on failure *st is NULL and err says so. */
bool sqlfile_prepare(
    struct sqlfile *f, const char *sql, sqlite3_stmt **st, struct error *err);

/* Runs a query whose answer is one integer (a count, a pragma); a query
 * with no row gives 0. */
bool sqlfile_int(
    struct sqlfile *f, const char *sql, int64_t *value, struct error *err);

/* Adds key = value to the meta table; for the kind's create(). */
bool sqlfile_meta_add(
    struct sqlfile *f, const char *key, const char *value, struct error *err);

/* Fills err for a failed statement from SQLite result code rc, and
 * remembers rc.  lost says what the person loses ("the answers were not
 * saved"), in English (marked with N_() where translated).  Returns
 * false. */
bool sqlfile_fail(
    struct sqlfile *f, int rc, const char *lost, struct error *err);

/* Fills err for a file SQLite cannot read while it is being looked at
 * (not ours, damaged, locked, a full disk), from result code rc; for the
 * kind's check().  Returns false. */
bool sqlfile_unreadable(struct sqlfile *f, int rc, struct error *err);

/* True when the last failure was a database busy for too long. */
bool sqlfile_busy(const struct sqlfile *f);

/* BEGIN IMMEDIATE / COMMIT / ROLLBACK.  A failed commit rolls back;
 * sqlfile_rollback() does nothing outside a transaction, so it is safe on
 * every error path. */
bool sqlfile_begin(struct sqlfile *f, const char *lost, struct error *err);
bool sqlfile_commit(struct sqlfile *f, const char *lost, struct error *err);
void sqlfile_rollback(struct sqlfile *f);

/*
 * Reachable on disk (reach.c).  A cleaning script or a careless admin may
 * delete the database's write-ahead log, or the database itself, under a
 * running program: SQLite goes on committing into the unlinked file, and
 * after a power cut everything since is gone while integrity_check says
 * ok.  So after a COMMIT the program checks that the paths still name the
 * files the connection writes into, and otherwise rescues what it can.
 */
enum sqlfile_reach {
	SQLFILE_REACHABLE,
	SQLFILE_WAL_GONE,  /* the -wal was deleted or replaced */
	SQLFILE_FILE_GONE, /* the database file was deleted */
	SQLFILE_REPLACED,  /* another file is at the database's path */
};

/* Notes which files the paths name now (sqlfile_open() does it). */
void sqlfile_note_files(struct sqlfile *f);

/* Whether the database file and its -wal at their paths are still the
 * files the connection writes into. */
enum sqlfile_reach sqlfile_reachable(struct sqlfile *f);

/* Puts what the connection committed back where the next start finds
 * it, after sqlfile_reachable() said SQLFILE_WAL_GONE (a checkpoint copies
 * the unlinked log into the database file) or SQLFILE_FILE_GONE (VACUUM
 * INTO writes the unlinked database, log included, to a new private file
 * at its path); then opens the connection again on the files on disk.
 * The caller must have finalized every statement of the connection.
 * False, with a message, when the file was replaced or the rescue failed:
 * the caller then keeps what it was saving and says so. */
bool sqlfile_rescue(
    struct sqlfile *f, enum sqlfile_reach reach, struct error *err);

/* Closes the connection and opens it again on the file at f's path (WAL,
 * synchronous=FULL, the same settings), without checking the schema: for
 * sqlfile_rescue(). */
bool sqlfile_reopen(struct sqlfile *f, struct error *err);

#endif

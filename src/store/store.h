/*
 * The kiosk's database: an append-only log of records in SQLite, plus the
 * exact text of every form version used and the sync state.  Records
 * leave only through store_purge(), once the collector holds them.
 *
 * Durability: WAL, synchronous=FULL, foreign_keys=ON, trusted_schema=OFF,
 * application_id set, migrations by user_version (each in one transaction),
 * quick_check at open.  A database that is not ours, or is corrupt, is
 * refused and never touched.  Every write is one transaction: after a
 * power cut a submission is entirely there or not at all.
 */
#ifndef PARVIS_STORE_STORE_H
#define PARVIS_STORE_STORE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "answer.h"
#include "error.h"
#include "form.h"

/* 'PRVS' */
#define STORE_APPLICATION_ID 0x50525653

struct store;

/* Opens (creating it if the file does not exist) the database at path for
 * kiosk kiosk_id.  Refuses, with a message for a person, a file that is not
 * a parvis database, a corrupt one, one written by a newer parvis, or one
 * that belongs to another kiosk id.  Returns NULL on failure.
 * A new file is made readable by its owner only (0600: opinions are
 * personal data); a zero-length file counts as new; a file the process
 * cannot write is refused too. */
struct store *store_open(
    const char *path, const char *kiosk_id, struct error *err);

/* Closes the database; accepts NULL. */
void store_destroy(struct store *s);

/* After every write the store checks that what it committed is where the
 * next start finds it: someone may delete the database or its
 * write-ahead log under the running kiosk.  It then puts the data back
 * on disk (sqlfile.h) and the write succeeds; when it cannot (the file
 * was replaced), the write fails with ERROR_FILE_GONE.  This returns
 * what the last such rescue put back since the last call, "wal" or
 * "database", or NULL, for the kiosk's log book. */
const char *store_take_rescue(struct store *s);

/* A finished or abandoned session of one participant. */
struct store_submission {
	const struct form *form;
	const struct answer *answers; /* form->nquestions entries */
	bool completed;               /* false: abandoned (partial=keep) */
	size_t last_question;         /* abandoned: where they stopped */
	enum lang lang;
	const char *site;    /* NULL when no site is set */
	const char *mode;    /* "self" or "volunteer" */
	const char *receipt; /* the code shown on the thank-you */
	int64_t started_ms;  /* clock_now_ms() at the first screen */
};

/* What was written. */
struct store_written {
	char uuid[37];
	int64_t seq;
	char hash[65];
};

/* Writes the form version (if new) and the submission record in one
 * transaction.  The payload is
 *   {"form":ID,"version":N,"form_hash":HEX,"status":"completed"|"abandoned",
 *    "lang":"fr","receipt":CODE,"started_at":ISO,"duration_s":N,
 *    "last_question":ID (abandoned only),
 *    "answers":{QID:VALUE,...},"other":{QID:TEXT,...}}
 * where VALUE is a string (choice, text, commune, consent), an integer
 * (scale, number) or an array of strings (choices, rank), and unanswered
 * or hidden questions are absent.  On failure nothing is written and the
 * message says why (a full disk is named as such). */
bool store_submit(struct store *s, const struct store_submission *sub,
    struct store_written *out, struct error *err);

/* Appends a record of another type (event, testimony, retraction) whose
 * payload is the JSON object payload_json, in one transaction. */
bool store_append(struct store *s, const char *type, const char *site,
    const char *mode, const char *payload_json, struct store_written *out,
    struct error *err);

/* Recomputes the hash chain over every record, from the kept link of the
 * last purge (store_chain_base()).  Returns false with the first broken
 * seq in the message; *count gets the number checked. */
bool store_verify_chain(struct store *s, int64_t *count, struct error *err);

/* How a record breaks the chain. */
enum store_chain_break {
	STORE_CHAIN_SOUND,
	STORE_CHAIN_MISSING,     /* records before it are missing */
	STORE_CHAIN_MISLABELLED, /* its line names another seq, uuid, kiosk */
	STORE_CHAIN_ALTERED,     /* its hash does not match its line */
};

#define STORE_CHAIN_MAX_FOUND 16

/* A break found by store_check_chain(). */
struct store_chain_found {
	int64_t seq; /* the record where the chain breaks */
	enum store_chain_break why;
	int64_t missing_from; /* MISSING: the first missing seq (to seq - 1) */
};

/* What store_check_chain() did. */
struct store_chain {
	int64_t from_seq; /* the first record checked */
	int64_t checked;  /* how many were */
	struct store_chain_found found[STORE_CHAIN_MAX_FOUND];
	size_t nfound; /* new breaks (the first STORE_CHAIN_MAX_FOUND) */
};

/* The kiosk's own check of its chain, incremental: from the last link a
 * check verified (kept in the database) to the last record, in one
 * transaction; with unsent (before a sync or a bundle), from the last
 * record the collector acknowledged when that is older, so that every
 * line about to leave is checked.  Each new break is appended once as an event record
 * {"event":"chain_broken","seq":N,"why":"missing"|"mislabelled"|
 * "altered"} (a missing run also gives "from" and "to"); a break already
 * told is not told again, and *c lists only the new ones.  The check
 * goes on from the broken record's stored hash: the kiosk keeps
 * collecting on its chain.  *c says what was checked and found.  False,
 * with a message, only when the database cannot be read or written. */
bool store_check_chain(
    struct store *s, bool unsent, struct store_chain *c, struct error *err);

/* The name of a break in chain_broken events: "missing", "altered"... */
const char *store_chain_break_name(enum store_chain_break b);

/* *count gets the number of chain_broken events in the log, *first_seq
 * the lowest record they name (0 when none). */
bool store_chain_breaks(
    struct store *s, int64_t *count, int64_t *first_seq, struct error *err);

/* Runs PRAGMA integrity_check; false with its first message if not ok. */
bool store_integrity_check(struct store *s, struct error *err);

/* Number of records of a type (NULL: all); -1 if the database cannot be
 * read. */
int64_t store_count(struct store *s, const char *type);

enum store_format {
	STORE_CSV,  /* one row per submission, one column per question */
	STORE_JSON, /* the frozen record lines, one per line */
};

/* Writes the records (submissions only for CSV; all types for JSON),
 * optionally of one form id, to out.  CSV is UTF-8 with a header, RFC 4180
 * quoting, choices joined with ";", and no cell a spreadsheet would run as
 * a formula. */
bool store_export(struct store *s, enum store_format format,
    const char *form_id, FILE *out, struct error *err);
/*
 * JSON: the frozen lines, byte for byte, one per line ("\n"), in seq
 * order; with form_id, only that form's submissions and nothing else.
 *
 * CSV: one row per submission, completed and abandoned, lines ending with
 * CRLF.  Columns: seq, uuid, created_at, site, mode, status, form, version,
 * lang, receipt, then one per question of the latest stored version of the
 * form (its exact text, read back with form_parse), in form order, info
 * screens left out, with a "QID.other" column after a question that has
 * other = yes; then a column for any answer key that older versions of the
 * form used and the latest has not, so no answer is left out.  An
 * unanswered or hidden question is an empty cell.  A cell that starts with
 * = + - @ TAB or CR and is not a plain number gets a leading apostrophe.
 * Should the stored text no longer parse (a later, stricter parvis), the
 * question columns come from the answers alone, in order of first use.
 *
 * CSV without form_id: when the database holds submissions of one form,
 * that form is exported; when it holds none, only the header row of fixed
 * columns is written; when it holds several, nothing is written and the
 * message lists the form ids to choose from with --form (one table per
 * file: a spreadsheet cannot hold two headers).
 */

/* Writes the CSV of the submissions to form->id as store_export() does,
 * but with the columns of the given form instead of the stored text (for
 * a caller that already has the form parsed). */
bool store_export_form(
    struct store *s, const struct form *form, FILE *out, struct error *err);

/* The kiosk id the store was opened with. */
const char *store_kiosk_id(const struct store *s);

/* The exact text of the latest stored version of form_id (highest version;
 * among equal versions, the one first used last), for export and
 * re-checking.  *source is newly allocated and NUL-terminated (the caller
 * frees it), *len its length, *version (if not NULL) its version.  False,
 * with a message, when no answer to form_id was ever stored. */
bool store_form_source(struct store *s, const char *form_id, char **source,
    size_t *len, int64_t *version, struct error *err);

/* One stored record as store_each_record() hands it out. */
struct store_row {
	int64_t seq;
	const char *line; /* the frozen line, len bytes */
	size_t len;
	const char *hash; /* the chain hash stored with it (64 hex digits,
	                     or whatever the row holds) */
	bool labelled;    /* the line is JSON and says the row's seq and uuid
	                     and this kiosk, as a frozen line does */
};

/* Called by store_each_record() for each row; return false to stop.  The
 * row is valid during the call only; do not call the store from it. */
typedef bool (*store_record_fn)(void *ctx, const struct store_row *row);

/* Calls fn for the records with seq > after_seq, oldest first, at most
 * limit of them (0: all), with their frozen lines (for sync and bundles).
 * False, with a message, if the database cannot be read (not when fn
 * stops early). */
bool store_each_record(struct store *s, int64_t after_seq, int64_t limit,
    store_record_fn fn, void *ctx, struct error *err);

/* The stored chain hash of record seq into out (64 hex digits + NUL), for
 * a batch's prev_hash and last_hash; seq 0 gives RECORD_GENESIS (the hash
 * before the first record), and the kept link's seq its hash (the record
 * was purged, its link stays).  False, with a message, when there is no
 * record seq or the database cannot be read. */
bool store_record_hash(
    struct store *s, int64_t seq, char out[65], struct error *err);

/* The kept link: the seq and stored hash (64 hex digits + NUL) of the
 * last record a purge removed, where the chain goes on; 0 and
 * RECORD_GENESIS before the first purge.  False, with a message, when
 * the database cannot be read. */
bool store_chain_base(
    struct store *s, int64_t *seq, char hash[65], struct error *err);

/* The seq of the last record ever written: the highest in the database,
 * or the kept link's when a purge left none (0 for a new database).  Not
 * store_count(): purged records are not counted, their seqs stay used. */
bool store_last_seq(struct store *s, int64_t *seq, struct error *err);

/* What store_purge() removed, or would remove. */
struct store_purge {
	int64_t from_seq;    /* the first record removed */
	int64_t through_seq; /* the last: the new kept link (from_seq - 1
	                      * when nothing is removed) */
	int64_t removed;     /* records removed */
	int64_t kept;        /* records left, of those there before (the
	                      * purge's own events are not counted) */
	int64_t kept_unsent; /* of them: not acknowledged by the collector */
	int64_t kept_recent; /* acknowledged, but not before the cutoff (or
	                      * after a record that is) */
	char hash[65];       /* the kept link's hash */
};

/* Retention on the kiosk: removes the records that the collector
 * acknowledged and that were created before before_ms, and only a prefix
 * of the chain: it stops at the first record to keep, so what is left
 * runs without a hole from the kept link on.  Their verbatims go with
 * them (secure_delete: the bytes are overwritten, not left in free
 * pages).  In one transaction, the only one whose triggers let a record
 * be deleted: the kept link moves to the last record removed (so
 * store_verify_chain(), store_check_chain() and a sync's prev_hash go on
 * from it), and the purge is logged as the event
 *   {"event":"purge","from":N,"through":M,"records":K,"before":ISO,
 *    "hash":HEX}
 * followed by a form_close event {"event":"form_close","form":ID,
 * "restated":true} for each consultation still closed on this kiosk
 * whose last form_close was removed.  Removing nothing writes nothing.
 * With dry_run, *p says what would go and nothing changes.  After the
 * COMMIT the write-ahead log is checkpointed and truncated, as far as it
 * can be without waiting for another connection.  False, with a message, when the
 * database cannot be read or written: then nothing was removed.  A
 * process killed during the purge leaves the database as it was before
 * it, or as after it, never between. */
bool store_purge(struct store *s, int64_t before_ms, bool dry_run,
    struct store_purge *p, struct error *err);

/* Sync state, kept apart from the records: the highest seq the collector
 * acknowledged (0 before the first sync). */
bool store_sync_acked(
    struct store *s, int64_t *acked_through, struct error *err);

/* Moves the acknowledged seq forward to seq, in its own transaction.
 * Refuses, with a message, to move it back or past the last record. */
bool store_sync_set_acked(struct store *s, int64_t seq, struct error *err);

#endif

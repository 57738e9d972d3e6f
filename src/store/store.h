/*
 * The kiosk's database: an append-only log of records in SQLite, plus the
 * exact text of every form version used and the sync state.
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
 * that belongs to another kiosk id.  Returns NULL on failure. */
struct store *store_open(const char *path, const char *kiosk_id,
	struct error *err);

/* Closes the database; accepts NULL. */
void store_destroy(struct store *s);

/* A finished or abandoned session of one participant. */
struct store_submission {
	const struct form *form;
	const struct answer *answers;	/* form->nquestions entries */
	bool completed;			/* false: abandoned (partial=keep) */
	size_t last_question;		/* abandoned: where they stopped */
	enum lang lang;
	const char *site;		/* NULL when no site is set */
	const char *mode;		/* "self" or "volunteer" */
	const char *receipt;		/* the code shown on the thank-you */
	int64_t started_ms;		/* clock_now_ms() at the first screen */
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

/* Recomputes the hash chain over every record.  Returns false with the
 * first broken seq in the message; *count gets the number checked. */
bool store_verify_chain(struct store *s, int64_t *count, struct error *err);

/* Runs PRAGMA integrity_check; false with its first message if not ok. */
bool store_integrity_check(struct store *s, struct error *err);

/* Number of records of a type (NULL: all). */
int64_t store_count(struct store *s, const char *type);

enum store_format {
	STORE_CSV,	/* one row per submission, one column per question */
	STORE_JSON,	/* the frozen record lines, one per line */
};

/* Writes the records (submissions only for CSV; all types for JSON),
 * optionally of one form id, to out.  CSV is UTF-8 with a header, RFC 4180
 * quoting, choices joined with ";", and no cell a spreadsheet would run as
 * a formula. */
bool store_export(struct store *s, enum store_format format,
	const char *form_id, FILE *out, struct error *err);

#endif

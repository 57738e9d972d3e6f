/*
 * A batch body, checked line by line before anything is stored: the NDJSON
 * of PROTOCOL.md, a header line then `count` frozen record lines.  Every
 * problem is reported with its line number ("line 3: not valid JSON").
 * JSON is read by SQLite's JSON functions (the same engine that froze the
 * lines on the kiosk), never by hand.
 */
#ifndef PARVIS_COLLECT_BATCH_H
#define PARVIS_COLLECT_BATCH_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/* The protocol version this collector speaks. */
#define BATCH_PROTOCOL 1

/* Longest kiosk name (as in kiosk.ini's [kiosk] id). */
#define BATCH_NAME_MAX 64

enum batch_status {
	BATCH_OK,
	BATCH_BAD,       /* malformed: 400 */
	BATCH_FORBIDDEN, /* names another kiosk: 403 */
	BATCH_FAILED,    /* out of memory, database error: 500 */
};

/* Most holes one header may declare. */
#define BATCH_HOLES_MAX 256

/* A run of seqs the kiosk no longer has (PROTOCOL.md, "missing"): from..to
 * are absent from the body; next_hash is the kiosk's stored hash of seq
 * to + 1, the line after the hole, so the chain goes on from there. */
struct batch_hole {
	int64_t from;
	int64_t to;
	char why[161];
	char next_hash[65];
};

/* One record line, pointing into the body. */
struct batch_line {
	const char *text;
	size_t len;
	int64_t seq;
	char uuid[37];
	char type[16];
	char *form_id; /* submissions: payload.form, else NULL */
	int64_t form_version;
};

struct batch {
	char kiosk[BATCH_NAME_MAX + 1];
	int64_t first_seq;
	int64_t last_seq;
	int64_t count;
	char prev_hash[65];
	char last_hash[65];
	struct batch_line *lines; /* count of them */
	size_t nlines;
	struct batch_hole *holes; /* declared in the header, in seq order */
	size_t nholes;
};

/* Checks the body data[0..len) and fills b, whose lines point into data
 * (which must outlive b).  kiosk is the authenticated kiosk, or NULL to
 * take the header's (a bundle).  db is any open connection (its JSON
 * functions are used; nothing is read or written).  On failure err names
 * the line and the status says which answer it deserves; b holds nothing
 * to free.  Free a parsed batch with batch_finish(). */
enum batch_status batch_parse(sqlite3 *db, const char *kiosk, const char *data,
    size_t len, struct batch *b, struct error *err);

/* Frees what b holds; b can be finished twice. */
void batch_finish(struct batch *b);

/* True when s is a kiosk name: [a-z0-9-]+ of at most BATCH_NAME_MAX. */
bool batch_valid_name(const char *s);

#endif

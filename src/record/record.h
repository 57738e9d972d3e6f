/*
 * Records: everything the kiosk collects, frozen once as one line of
 * canonical JSON and chained by SHA-256.  Shared by the kiosk's store and
 * the collector, so both agree on the bytes.
 *
 * A line is the JSON object, without spaces, with its keys in this order:
 *   {"uuid":..,"kiosk":..,"seq":..,"type":..,"created_at":..,"site":..,
 *    "mode":..,"payload":{..}}
 * made by SQLite's json_object() (never by hand).  Its hash is
 *   hash = hex(SHA-256(previous hash + "\n" + line))
 * with RECORD_GENESIS as the previous hash of a kiosk's first record.
 */
#ifndef PARVIS_RECORD_RECORD_H
#define PARVIS_RECORD_RECORD_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

#define RECORD_GENESIS \
	"0000000000000000000000000000000000000000000000000000000000000000"

/* Record types. */
#define RECORD_SUBMISSION "submission"
#define RECORD_TESTIMONY "testimony"
#define RECORD_RETRACTION "retraction"
#define RECORD_EVENT "event"

struct record_meta {
	const char *uuid;
	const char *kiosk;
	int64_t seq;
	const char *type;
	const char *created_at; /* "YYYY-MM-DDTHH:MM:SS.mmmZ", UTC */
	const char *site;       /* may be NULL: JSON null */
	const char *mode;       /* "self" or "volunteer" */
};

/* Freezes a record: builds its canonical line from meta and payload_json
 * (a JSON object, as text) with db's JSON functions (any open connection).
 * On success *line is a newly allocated string the caller frees. */
bool record_freeze(sqlite3 *db, const struct record_meta *meta,
    const char *payload_json, char **line, struct error *err);

/* hash = hex(SHA-256(prev + "\n" + line)); out gets 64 hex digits + NUL. */
void record_chain_hash(
    const char *prev, const char *line, size_t len, char out[65]);

/* The offset of the first byte below 0x20 in line[0..len), or -1 when
 * there is none.  record_freeze() escapes every control character, so a
 * frozen line never holds one: a line that does was changed after it was
 * frozen, and may hide bytes from JSON readers (SQLite's json_valid()
 * stops at a NUL). */
long record_line_hidden_byte(const char *line, size_t len);

#endif

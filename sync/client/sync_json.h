/*
 * The JSON of the sync protocol on the kiosk's side: the header line of a
 * batch, the collector's answers (acknowledgement, list of forms, error
 * message).  As everywhere in parvis, JSON is made and read by SQLite's
 * JSON functions, on a private in-memory connection, never by hand.
 */
#ifndef PARVIS_SYNC_JSON_H
#define PARVIS_SYNC_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "sync_body.h"

/* The first line of a batch or bundle body (PROTOCOL.md). */
/* A run of seqs a batch does not send: from..to, why (a sentence of the
 * kiosk's), and the stored hash of seq to + 1, the line sent after it. */
struct sync_hole {
	int64_t from;
	int64_t to;
	const char *why;
	char next_hash[65];
};

struct sync_header {
	const char *kiosk;
	int64_t first_seq;
	int64_t last_seq;
	int64_t count;
	const char *prev_hash;
	const char *last_hash;
	const struct sync_hole *holes; /* nholes of them, in seq order */
	size_t nholes;
};

/* Appends the header line, with its "\n", to out:
 *   {"protocol":1,"kiosk":..,"first_seq":..,"last_seq":..,"count":..,
 *    "prev_hash":..,"last_hash":..}
 * and, when there are holes, "missing":[{"from":..,"to":..,"why":..,
 * "next_hash":..},...] before the closing brace.
 * False, with a message, when SQLite or memory fails. */
bool sync_json_header(
    const struct sync_header *h, struct sync_buf *out, struct error *err);

/* The answer 200 to a batch. */
struct sync_ack {
	int64_t acked_through;
	int64_t accepted;
	int64_t duplicates;
	int64_t quarantined; /* optional: records the collector set aside */
};

/* Reads an acknowledgement; false, with a message, unless it is a JSON
 * object with the three integers, none negative (and quarantined, when
 * there, a whole number not negative either; 0 when absent). */
bool sync_json_ack(
    const char *body, size_t len, struct sync_ack *ack, struct error *err);

/* One entry of GET /api/v1/forms. */
struct sync_form_entry {
	char id[65];
	int64_t version;
	char sha256[65];
	int64_t bytes;
};

/* Reads the list of published forms into a new array (*entries, freed by
 * the caller; NULL when *n is 0).  Entries that are not well-formed (an id
 * that is not [a-z0-9-]+, a version below 1, a hash that is not 64 hex
 * digits) are left out and counted in *bad: the server is not trusted
 * with file names.  False, with a message, when the answer is not
 * {"forms":[...]}. */
bool sync_json_forms(const char *body, size_t len,
    struct sync_form_entry **entries, size_t *n, size_t *bad,
    struct error *err);

/* What a collector's error answer says, made safe to print: the "error"
 * member of a JSON object, or else the first line of a text body, without
 * control characters and at most size - 1 bytes; "" when there is
 * nothing readable. */
void sync_json_error_text(const char *body, size_t len, char *out, size_t size);

#endif

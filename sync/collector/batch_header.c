/*
 * The header line of a batch (see batch.h): its fields, each of its JSON
 * type, the kiosk it names, its numbers between themselves, and the holes
 * it declares ("missing": runs of seqs the kiosk no longer has, each
 * within the batch, after the one before, with the hash the chain goes on
 * from).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch_impl.h"

const char batch_header_sql[] =
    "SELECT json_type(?1, '$.protocol'), json_extract(?1, '$.protocol'),"
    " json_type(?1, '$.kiosk'), json_extract(?1, '$.kiosk'),"
    " json_type(?1, '$.first_seq'), json_extract(?1, '$.first_seq'),"
    " json_type(?1, '$.last_seq'), json_extract(?1, '$.last_seq'),"
    " json_type(?1, '$.count'), json_extract(?1, '$.count'),"
    " json_type(?1, '$.prev_hash'), json_extract(?1, '$.prev_hash'),"
    " json_type(?1, '$.last_hash'), json_extract(?1, '$.last_hash'),"
    " json_type(?1, '$.missing')";

/* The column of header_sql that says the type of "missing". */
#define H_MISSING_TYPE 14

/* The header's fields, in the column order of header_sql. */
enum { H_PROTOCOL, H_KIOSK, H_FIRST, H_LAST, H_COUNT, H_PREV, H_LASTH };
static const char *const header_fields[] = {
	"protocol",
	"kiosk",
	"first_seq",
	"last_seq",
	"count",
	"prev_hash",
	"last_hash",
};
#define NHEADER_FIELDS (sizeof header_fields / sizeof header_fields[0])

/* The header's declared holes: each one's fields and their types. */
const char batch_holes_sql[] =
    "SELECT NULL,"
    " json_type(v, '$.from'), json_extract(v, '$.from'),"
    " json_type(v, '$.to'), json_extract(v, '$.to'),"
    " json_type(v, '$.why'), json_extract(v, '$.why'),"
    " json_type(v, '$.next_hash'), json_extract(v, '$.next_hash'), type"
    " FROM (SELECT key, type,"
    "  CASE type WHEN 'object' THEN value ELSE '{}' END AS v"
    "  FROM json_each(?1, '$.missing')) ORDER BY key";

/* Reads the header's fields into b, each of the right JSON type. */
static enum batch_status
header_fields_read(struct parse *p)
{
	sqlite3_stmt *st = p->header;
	struct batch *b = p->b;
	static const char *const types[NHEADER_FIELDS] = {
		"integer",
		"text",
		"integer",
		"integer",
		"integer",
		"text",
		"text",
	};

	for (size_t i = 0; i < NHEADER_FIELDS; i++) {
		if (!batch_has_type(st, (int)i, types[i])) {
			return batch_fail(p, BATCH_BAD,
			    "header field \"%s\" is "
			    "missing or not a JSON %s",
			    header_fields[i],
			    strcmp(types[i], "text") == 0 ? "string"
			                                  : "whole number");
		}
	}
	b->first_seq = sqlite3_column_int64(st, H_FIRST * 2 + 1);
	b->last_seq = sqlite3_column_int64(st, H_LAST * 2 + 1);
	b->count = sqlite3_column_int64(st, H_COUNT * 2 + 1);
	return BATCH_OK;
}

/* The kiosk named by the header: a name, and the token's kiosk. */
static enum batch_status
header_kiosk(struct parse *p, const char *kiosk)
{
	char q[48];

	if (!batch_valid_name(kiosk)) {
		return batch_fail(p, BATCH_BAD,
		    "\"%s\" is not a kiosk name "
		    "(expected lowercase letters, digits and '-')",
		    batch_quote(kiosk, q));
	}
	if (p->kiosk != NULL && strcmp(kiosk, p->kiosk) != 0) {
		return batch_fail(p, BATCH_FORBIDDEN,
		    "the batch is for kiosk \"%s\" "
		    "but the token is kiosk \"%s\"",
		    kiosk, p->kiosk);
	}
	snprintf(p->b->kiosk, sizeof p->b->kiosk, "%s", kiosk);
	return BATCH_OK;
}

/* How many seqs the declared holes leave out. */
static int64_t
holes_size(const struct batch *b)
{
	int64_t n = 0;

	for (size_t i = 0; i < b->nholes; i++) {
		n += b->holes[i].to - b->holes[i].from + 1;
	}
	return n;
}

/* Hole h (the i-th, 0-based) within the batch and after the one before
 * it, with a line between them and after it (whose hash it carries). */
static const char *
bad_hole(const struct batch *b, size_t i)
{
	const struct batch_hole *h = &b->holes[i];

	if (h->from < b->first_seq || h->to < h->from) {
		return "is not a run of seqs from first_seq on";
	}
	if (h->to >= b->last_seq) {
		return "does not end before last_seq (the line after a hole "
		       "must be in the batch)";
	}
	if (i > 0 && h->from <= b->holes[i - 1].to + 1) {
		return "does not come after the one before, with a line "
		       "between them";
	}
	return NULL;
}

/* Copies the current row of p->holes into hole i. */
static enum batch_status
read_hole(struct parse *p, size_t i)
{
	sqlite3_stmt *st = p->holes;
	struct batch_hole *h = &p->b->holes[i];
	const char *why, *next, *bad;

	if (strcmp((const char *)sqlite3_column_text(st, 9), "object") != 0 ||
	    !batch_has_type_at(st, 1, "integer") ||
	    !batch_has_type_at(st, 3, "integer") ||
	    !batch_has_type_at(st, 5, "text") ||
	    !batch_has_type_at(st, 7, "text")) {
		return batch_fail(p, BATCH_BAD,
		    "missing[%zu] is not an object with from, to (whole "
		    "numbers), why and next_hash (strings)",
		    i);
	}
	h->from = sqlite3_column_int64(st, 2);
	h->to = sqlite3_column_int64(st, 4);
	why = (const char *)sqlite3_column_text(st, 6);
	next = (const char *)sqlite3_column_text(st, 8);
	if (!batch_is_hash(next)) {
		return batch_fail(p, BATCH_BAD,
		    "missing[%zu].next_hash is not 64 lowercase hex digits", i);
	}
	memcpy(h->next_hash, next, 65);
	batch_quote_into(why, h->why, sizeof h->why);
	bad = bad_hole(p->b, i);
	if (bad != NULL) {
		return batch_fail(p, BATCH_BAD, "missing[%zu] (%lld-%lld) %s",
		    i, (long long)h->from, (long long)h->to, bad);
	}
	return BATCH_OK;
}

/* The header's "missing" list, when there is one: an array of holes. */
static enum batch_status
header_holes(struct parse *p, const char *text, size_t len)
{
	sqlite3_stmt *st = p->holes;
	enum batch_status s = BATCH_OK;
	size_t n = 0;
	int rc;

	if (!batch_has_type_at(p->header, H_MISSING_TYPE, "array")) {
		if (sqlite3_column_type(p->header, H_MISSING_TYPE) ==
		    SQLITE_NULL) {
			return BATCH_OK;
		}
		return batch_fail(p, BATCH_BAD,
		    "header field \"missing\" is not "
		    "a JSON array");
	}
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(st);
	p->b->holes = calloc(BATCH_HOLES_MAX, sizeof *p->b->holes);
	if (p->b->holes == NULL) {
		return batch_fail(p, BATCH_FAILED, "out of memory");
	}
	for (; rc == SQLITE_ROW && s == BATCH_OK; rc = sqlite3_step(st)) {
		if (n == BATCH_HOLES_MAX) {
			return batch_fail(p, BATCH_BAD,
			    "more than %d holes in one batch", BATCH_HOLES_MAX);
		}
		p->b->nholes = ++n;
		s = read_hole(p, n - 1);
	}
	if (s == BATCH_OK && rc != SQLITE_DONE) {
		return batch_fail(p, BATCH_FAILED, "cannot be read (%s)",
		    sqlite3_errmsg(p->db));
	}
	return s;
}

/* The numbers of the header, between themselves. */
static enum batch_status
header_numbers_first(struct parse *p)
{
	const struct batch *b = p->b;

	if (b->first_seq < 1) {
		return batch_fail(p, BATCH_BAD,
		    "first_seq %lld is not 1 or more", (long long)b->first_seq);
	}
	if (b->last_seq < b->first_seq) {
		return batch_fail(p, BATCH_BAD,
		    "last_seq %lld is before first_seq "
		    "%lld",
		    (long long)b->last_seq, (long long)b->first_seq);
	}
	if (b->last_seq == INT64_MAX) {
		/* Ingest looks for the record after last_seq (a gap being
		 * filled): it must have a seq too. */
		return batch_fail(p, BATCH_BAD,
		    "last_seq %lld leaves no seq after it (expected "
		    "less than %lld)",
		    (long long)b->last_seq, (long long)INT64_MAX);
	}
	return BATCH_OK;
}

/* The count: the seqs from first to last, less the holes. */
static enum batch_status
header_numbers(struct parse *p)
{
	const struct batch *b = p->b;

	if (b->count != b->last_seq - b->first_seq + 1 - holes_size(b)) {
		return batch_fail(p, BATCH_BAD,
		    "count %lld does not match first_seq "
		    "%lld to last_seq %lld less the %lld missing",
		    (long long)b->count, (long long)b->first_seq,
		    (long long)b->last_seq, (long long)holes_size(b));
	}
	return BATCH_OK;
}

enum batch_status
batch_parse_header(struct parse *p, const char *text, size_t len)
{
	sqlite3_stmt *st = p->header;
	enum batch_status s = batch_check_object(p, text, len);
	const char *prev, *last;

	if (s == BATCH_OK) {
		s = batch_run(p, st, text, len);
	}
	if (s == BATCH_OK) {
		s = header_fields_read(p);
	}
	if (s != BATCH_OK) {
		return s;
	}
	if (sqlite3_column_int64(st, H_PROTOCOL * 2 + 1) != BATCH_PROTOCOL) {
		return batch_fail(p, BATCH_BAD,
		    "protocol %lld is not spoken here "
		    "(expected %d)",
		    (long long)sqlite3_column_int64(st, H_PROTOCOL * 2 + 1),
		    BATCH_PROTOCOL);
	}
	prev = batch_typed(st, H_PREV, "text");
	last = batch_typed(st, H_LASTH, "text");
	if (!batch_is_hash(prev) || !batch_is_hash(last)) {
		return batch_fail(p, BATCH_BAD,
		    "%s is not 64 lowercase hex digits",
		    batch_is_hash(prev) ? "last_hash" : "prev_hash");
	}
	memcpy(p->b->prev_hash, prev, 65);
	memcpy(p->b->last_hash, last, 65);
	s = header_kiosk(p, batch_typed(st, H_KIOSK, "text"));
	if (s == BATCH_OK) {
		s = header_numbers_first(p);
	}
	if (s == BATCH_OK) {
		s = header_holes(p, text, len);
	}
	return s != BATCH_OK ? s : header_numbers(p);
}

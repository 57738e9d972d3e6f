/*
 * Checking a batch body (see batch.h).
 *
 * Three passes over the bytes: the lines are cut (each must end with a
 * newline and none may be empty), the header line is read and its numbers
 * checked against each other and against the number of lines, then every
 * record line is read.  No line may hold a byte below 0x20: a frozen line
 * never does, and one after a NUL would be hidden from JSON readers.
 * The header may declare holes ("missing"): runs of seqs the kiosk no
 * longer has, which the record lines then skip.  A record line must be one JSON object whose keys
 * are exactly those record_freeze() writes, in its order; the values are
 * checked for their type and, where the protocol says so, their value (the
 * kiosk, the seq that follows).  Nothing here writes to the database.
 */
#include "batch.h"
#include "batch_impl.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "record.h"
#include "utf8.h"

/* The keys of a frozen record line, in order (src/record/record.c). */
static const char *const record_keys[] = {
	"uuid",
	"kiosk",
	"seq",
	"type",
	"created_at",
	"site",
	"mode",
	"payload",
};
#define NRECORD_KEYS (sizeof record_keys / sizeof record_keys[0])

static const char object_sql[] =
    "SELECT json_valid(?1), CASE WHEN json_valid(?1) THEN json_type(?1) END";

static const char keys_sql[] = "SELECT key FROM json_each(?1) ORDER BY id";

/* Type and value of each key of record_keys, then the payload's form. */
static const char record_sql[] =
    "SELECT json_type(?1, '$.uuid'), json_extract(?1, '$.uuid'),"
    " json_type(?1, '$.kiosk'), json_extract(?1, '$.kiosk'),"
    " json_type(?1, '$.seq'), json_extract(?1, '$.seq'),"
    " json_type(?1, '$.type'), json_extract(?1, '$.type'),"
    " json_type(?1, '$.created_at'), json_extract(?1, '$.created_at'),"
    " json_type(?1, '$.site'), json_extract(?1, '$.site'),"
    " json_type(?1, '$.mode'), json_extract(?1, '$.mode'),"
    " json_type(?1, '$.payload'), NULL,"
    " json_type(?1, '$.payload.form'), json_extract(?1, '$.payload.form'),"
    " json_type(?1, '$.payload.version'),"
    " json_extract(?1, '$.payload.version')";

enum {
	R_UUID,
	R_KIOSK,
	R_SEQ,
	R_TYPE,
	R_CREATED,
	R_SITE,
	R_MODE,
	R_PAYLOAD,
	R_FORM,
	R_VERSION
};

enum batch_status
batch_fail(struct parse *p, enum batch_status status, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	error_set(p->err, "line %d: %s", p->line, msg);
	return status;
}

/* A printable copy of untrusted text (controls removed), cut to fit size
 * at a character boundary; true when it was cut. */
static bool
quote_cut(const char *s, char *out, size_t size)
{
	char *clean = utf8_sanitize(s, strlen(s), 0);
	size_t cut;
	bool was_cut;

	if (clean == NULL) {
		snprintf(out, size, "?");
		return false;
	}
	cut = strlen(clean);
	if (cut >= size) {
		cut = size - 1;
		while (cut > 0 && ((unsigned char)clean[cut] & 0xC0) == 0x80) {
			cut--;
		}
	}
	snprintf(out, size, "%.*s", (int)cut, clean);
	was_cut = clean[cut] != '\0';
	free(clean);
	return was_cut;
}

/* A short one for a message: 40 bytes at most, "..." when cut. */
const char *
batch_quote(const char *s, char out[48])
{
	char part[41];
	bool cut = quote_cut(s, part, sizeof part);

	snprintf(out, 48, "%s%s", part, cut ? "..." : "");
	return out;
}

void
batch_quote_into(const char *s, char *out, size_t size)
{
	quote_cut(s, out, size);
}

bool
batch_valid_name(const char *s)
{
	size_t len = strlen(s);

	return len > 0 && len <= BATCH_NAME_MAX &&
	    strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789-") == len;
}

bool
batch_is_hash(const char *s)
{
	return strlen(s) == 64 && strspn(s, "0123456789abcdef") == 64;
}

/* 8-4-4-4-12 lowercase hex digits. */
static bool
is_uuid(const char *s)
{
	if (strlen(s) != 36) {
		return false;
	}
	for (int i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;
		bool hex = (s[i] >= '0' && s[i] <= '9') ||
		    (s[i] >= 'a' && s[i] <= 'f');

		if (dash ? s[i] != '-' : !hex) {
			return false;
		}
	}
	return true;
}

static bool
prepare_all(struct parse *p)
{
	return sqlite3_prepare_v2(p->db, object_sql, -1, &p->object, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(p->db, batch_header_sql, -1, &p->header, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(p->db, keys_sql, -1, &p->keys, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(p->db, record_sql, -1, &p->record, NULL) ==
	    SQLITE_OK &&
	    sqlite3_prepare_v2(p->db, batch_holes_sql, -1, &p->holes, NULL) ==
	    SQLITE_OK;
}

static void
finalize_all(struct parse *p)
{
	sqlite3_finalize(p->object);
	sqlite3_finalize(p->header);
	sqlite3_finalize(p->keys);
	sqlite3_finalize(p->record);
	sqlite3_finalize(p->holes);
}

/* Binds the line to st and steps it to its (only) row. */
enum batch_status
batch_run(struct parse *p, sqlite3_stmt *st, const char *text, size_t len)
{
	sqlite3_reset(st);
	sqlite3_bind_text(st, 1, text, (int)len, SQLITE_STATIC);
	if (sqlite3_step(st) != SQLITE_ROW) {
		return batch_fail(p, BATCH_FAILED, "cannot be read (%s)",
		    sqlite3_errmsg(p->db));
	}
	return BATCH_OK;
}

/* The line must be UTF-8 and one JSON object. */
enum batch_status
batch_check_object(struct parse *p, const char *text, size_t len)
{
	const char *type;
	enum batch_status s;

	long hidden = record_line_hidden_byte(text, len);

	if (hidden >= 0) {
		return batch_fail(p, BATCH_BAD,
		    "byte 0x%02x at column %ld: a control character, which "
		    "no frozen line holds (was it changed?)",
		    (unsigned char)text[hidden], hidden + 1);
	}
	if (!utf8_valid(text, len, NULL)) {
		return batch_fail(p, BATCH_BAD, "not valid UTF-8");
	}
	s = batch_run(p, p->object, text, len);
	if (s != BATCH_OK) {
		return s;
	}
	if (sqlite3_column_int(p->object, 0) != 1) {
		return batch_fail(p, BATCH_BAD, "not valid JSON");
	}
	type = (const char *)sqlite3_column_text(p->object, 1);
	if (type == NULL || strcmp(type, "object") != 0) {
		return batch_fail(p, BATCH_BAD, "not a JSON object");
	}
	return BATCH_OK;
}

/* True when column col of st (a json_type) says this type. */
bool
batch_has_type_at(sqlite3_stmt *st, int col, const char *type)
{
	const char *t = (const char *)sqlite3_column_text(st, col);

	return t != NULL && strcmp(t, type) == 0;
}

/* True when json_type says field col of st has this type. */
bool
batch_has_type(sqlite3_stmt *st, int col, const char *type)
{
	const char *t = (const char *)sqlite3_column_text(st, col * 2);

	return t != NULL && strcmp(t, type) == 0;
}

/* The text of field col of st when it has this type (not "null"); NULL
 * if it has another type or is missing. */
const char *
batch_typed(sqlite3_stmt *st, int col, const char *type)
{
	if (!batch_has_type(st, col, type)) {
		return NULL;
	}
	return (const char *)sqlite3_column_text(st, col * 2 + 1);
}

/* The keys of the line are record_keys, in that order, and no others. */
static enum batch_status
check_keys(struct parse *p, const char *text, size_t len)
{
	size_t n = 0;
	int rc;

	sqlite3_reset(p->keys);
	sqlite3_bind_text(p->keys, 1, text, (int)len, SQLITE_STATIC);
	rc = sqlite3_step(p->keys);
	while (rc == SQLITE_ROW) {
		const char *key = (const char *)sqlite3_column_text(p->keys, 0);

		if (n == NRECORD_KEYS || key == NULL ||
		    strcmp(key, record_keys[n]) != 0) {
			return batch_fail(p, BATCH_BAD,
			    "not a frozen record "
			    "(expected the keys uuid, kiosk, seq, type, "
			    "created_at, site, mode, payload, in this "
			    "order)");
		}
		n++;
		rc = sqlite3_step(p->keys);
	}
	if (rc != SQLITE_DONE) {
		return batch_fail(p, BATCH_FAILED, "cannot be read (%s)",
		    sqlite3_errmsg(p->db));
	}
	if (n != NRECORD_KEYS) {
		return batch_fail(p, BATCH_BAD,
		    "not a frozen record (the key \"%s\" "
		    "is missing)",
		    record_keys[n]);
	}
	return BATCH_OK;
}

static bool
known_type(const char *t)
{
	return t != NULL &&
	    (strcmp(t, RECORD_SUBMISSION) == 0 ||
	        strcmp(t, RECORD_TESTIMONY) == 0 ||
	        strcmp(t, RECORD_RETRACTION) == 0 ||
	        strcmp(t, RECORD_EVENT) == 0);
}

/* Which field of the record has a value of the wrong type or form; NULL
 * when they all fit. */
static const char *
bad_field(sqlite3_stmt *st)
{
	const char *uuid = batch_typed(st, R_UUID, "text");
	const char *created = batch_typed(st, R_CREATED, "text");
	const char *mode = batch_typed(st, R_MODE, "text");
	int64_t ms;

	if (uuid == NULL || !is_uuid(uuid)) {
		return "uuid is not a lowercase UUID";
	}
	if (!batch_has_type(st, R_KIOSK, "text")) {
		return "kiosk is not a string";
	}
	if (!batch_has_type(st, R_SEQ, "integer")) {
		return "seq is not a whole number";
	}
	if (!known_type(batch_typed(st, R_TYPE, "text"))) {
		return "type is not submission, testimony, retraction or event";
	}
	if (created == NULL || !clock_parse_iso(created, &ms)) {
		return "created_at is not a UTC time";
	}
	if (!batch_has_type(st, R_SITE, "text") &&
	    !batch_has_type(st, R_SITE, "null")) {
		return "site is neither a string nor null";
	}
	if (mode == NULL ||
	    (strcmp(mode, "self") != 0 && strcmp(mode, "volunteer") != 0)) {
		return "mode is not self or volunteer";
	}
	return batch_has_type(st, R_PAYLOAD, "object")
	    ? NULL
	    : "payload is not a JSON object";
}

/* Copies what ingest needs out of the checked row. */
static enum batch_status
keep_record(struct parse *p, struct batch_line *l)
{
	sqlite3_stmt *st = p->record;
	const char *form = batch_typed(st, R_FORM, "text");

	snprintf(
	    l->uuid, sizeof l->uuid, "%s", batch_typed(st, R_UUID, "text"));
	snprintf(
	    l->type, sizeof l->type, "%s", batch_typed(st, R_TYPE, "text"));
	l->seq = sqlite3_column_int64(st, R_SEQ * 2 + 1);
	/* Submissions, and testimonies taken with a consultation's
	 * [testimony] section, are filed under their consultation. */
	if ((strcmp(l->type, RECORD_SUBMISSION) == 0 ||
	        strcmp(l->type, RECORD_TESTIMONY) == 0) &&
	    form != NULL) {
		l->form_id = strdup(form);
		if (l->form_id == NULL) {
			return batch_fail(p, BATCH_FAILED, "out of memory");
		}
		if (batch_has_type(st, R_VERSION, "integer")) {
			l->form_version =
			    sqlite3_column_int64(st, R_VERSION * 2 + 1);
		}
	}
	return BATCH_OK;
}

static enum batch_status
parse_record(struct parse *p, const char *text, size_t len, size_t i)
{
	sqlite3_stmt *st = p->record;
	const struct batch *b = p->b;
	enum batch_status s = batch_check_object(p, text, len);
	const char *why;
	char q[48];

	if (s == BATCH_OK) {
		s = check_keys(p, text, len);
	}
	if (s == BATCH_OK) {
		s = batch_run(p, st, text, len);
	}
	if (s != BATCH_OK) {
		return s;
	}
	why = bad_field(st);
	if (why != NULL) {
		return batch_fail(p, BATCH_BAD, "%s", why);
	}
	if (strcmp(batch_typed(st, R_KIOSK, "text"), b->kiosk) != 0) {
		return batch_fail(p, BATCH_FORBIDDEN,
		    "a record of kiosk \"%s\" in a "
		    "batch of kiosk \"%s\"",
		    batch_quote(batch_typed(st, R_KIOSK, "text"), q), b->kiosk);
	}
	if (sqlite3_column_int64(st, R_SEQ * 2 + 1) != p->next_seq) {
		return batch_fail(p, BATCH_BAD,
		    "seq %lld where %lld was expected "
		    "(record lines follow first_seq with no hole but those "
		    "the header declares missing)",
		    (long long)sqlite3_column_int64(st, R_SEQ * 2 + 1),
		    (long long)p->next_seq);
	}
	p->b->lines[i].text = text;
	p->b->lines[i].len = len;
	return keep_record(p, &p->b->lines[i]);
}

/* Moves next_seq past a declared hole that starts there. */
static void
skip_holes(struct parse *p)
{
	const struct batch *b = p->b;

	if (p->next_hole < b->nholes &&
	    b->holes[p->next_hole].from == p->next_seq) {
		p->next_seq = b->holes[p->next_hole].to + 1;
		p->next_hole++;
	}
}

/* Counts the lines, refusing an empty one or a last one without its
 * newline (a body cut short). */
static enum batch_status
count_lines(struct parse *p, const char *data, size_t len, size_t *n)
{
	const char *end = data + len;

	*n = 0;
	p->line = 1;
	if (len == 0) {
		return batch_fail(p, BATCH_BAD,
		    "the body is empty (expected a "
		    "header line)");
	}
	for (const char *s = data; s < end; p->line++) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));

		if (nl == NULL) {
			return batch_fail(p, BATCH_BAD,
			    "the last line does not end "
			    "with a newline (was the body cut short?)");
		}
		if (nl == s) {
			return batch_fail(p, BATCH_BAD, "empty line");
		}
		(*n)++;
		s = nl + 1;
	}
	return BATCH_OK;
}

/* The number of record lines must be the header's count. */
static enum batch_status
check_count(struct parse *p, size_t nrecords)
{
	int64_t count = p->b->count;

	if ((int64_t)nrecords > count) {
		p->line = (int)count + 2;
		return batch_fail(p, BATCH_BAD,
		    "one record line more than the %lld "
		    "the header announces (count)",
		    (long long)count);
	}
	if ((int64_t)nrecords < count) {
		p->line = (int)nrecords + 2;
		return batch_fail(p, BATCH_BAD,
		    "the body ends after %zu record "
		    "lines but the header announces %lld (count)",
		    nrecords, (long long)count);
	}
	return BATCH_OK;
}

static enum batch_status
parse_lines(struct parse *p, const char *data, size_t len)
{
	const char *s = data;
	const char *nl = memchr(s, '\n', len);
	size_t nlines = 0;
	enum batch_status st = count_lines(p, data, len, &nlines);

	p->line = 1;
	if (st == BATCH_OK) {
		st = batch_parse_header(p, s, (size_t)(nl - s));
	}
	if (st == BATCH_OK) {
		st = check_count(p, nlines - 1);
	}
	if (st != BATCH_OK) {
		return st;
	}
	p->b->lines =
	    calloc(nlines - 1 > 0 ? nlines - 1 : 1, sizeof *p->b->lines);
	if (p->b->lines == NULL) {
		return batch_fail(p, BATCH_FAILED, "out of memory");
	}
	p->b->nlines = nlines - 1;
	p->next_seq = p->b->first_seq;
	for (size_t i = 0; i < p->b->nlines && st == BATCH_OK; i++) {
		s = nl + 1;
		nl = memchr(s, '\n', len - (size_t)(s - data));
		p->line = (int)i + 2;
		skip_holes(p);
		st = parse_record(p, s, (size_t)(nl - s), i);
		p->next_seq++;
	}
	return st;
}

enum batch_status
batch_parse(sqlite3 *db, const char *kiosk, const char *data, size_t len,
    struct batch *b, struct error *err)
{
	struct parse p = { .db = db, .kiosk = kiosk, .b = b, .err = err };
	enum batch_status st = BATCH_FAILED;

	memset(b, 0, sizeof *b);
	if (len > INT32_MAX) {
		error_set(err, "the body is too large to read");
		st = BATCH_BAD;
		goto out;
	}
	if (!prepare_all(&p)) {
		error_set(err, "cannot read the batch: %s", sqlite3_errmsg(db));
		goto out;
	}
	st = parse_lines(&p, data, len);
out:
	finalize_all(&p);
	if (st != BATCH_OK) {
		batch_finish(b);
	}
	return st;
}

void
batch_finish(struct batch *b)
{
	for (size_t i = 0; i < b->nlines; i++) {
		free(b->lines[i].form_id);
	}
	free(b->lines);
	b->lines = NULL;
	b->nlines = 0;
	free(b->holes);
	b->holes = NULL;
	b->nholes = 0;
}

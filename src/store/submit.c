/*
 * store_submit(): one participant's session becomes one submission record,
 * written with the exact text of its form version in a single transaction.
 *
 * The payload (its shape is documented in store.h) is built by SQLite's
 * JSON functions, value by value: json_quote() for strings and integers,
 * json_insert(.., '$[#]', ..) to grow arrays, and json_patch() with a
 * one-key json_object() to add a question to an object, so a question id
 * is never spliced into a JSON path.  Only answered questions that the
 * participant could see (form_question_visible) are kept, and every text
 * is sanitised again here, whatever the screens already did.
 */
#include "store_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "ids.h"
#include "record.h"
#include "utf8.h"

#define LOST STORE_LOST_ANSWERS

/* The statements that build JSON values, prepared once per submission. */
struct builder {
	struct store *s;
	sqlite3_stmt *quote;   /* a string or an integer as JSON */
	sqlite3_stmt *push;    /* an array with one more string */
	sqlite3_stmt *put;     /* an object with one more key */
	sqlite3_stmt *payload; /* the whole payload */
};

static const char payload_sql[] =
    "WITH p(o) AS (SELECT json_object('form',?1,'version',?2,"
    "'form_hash',?3,'status',?4,'lang',?5,'receipt',?6,'started_at',?7,"
    "'duration_s',?8,'last_question',?9,'answers',json(?10),"
    "'other',json(?11)))"
    " SELECT CASE WHEN ?4 = 'completed'"
    " THEN json_remove(o, '$.last_question') ELSE o END FROM p";

static bool
builder_init(struct builder *b, struct store *s, struct error *err)
{
	*b = (struct builder){ .s = s };
	return store_cached(s, "SELECT json_quote(?1)", &b->quote, err) &&
	    store_cached(
	        s, "SELECT json_insert(?1, '$[#]', ?2)", &b->push, err) &&
	    store_cached(s,
	        "SELECT json_patch(?1, json_object(?2, "
	        "json(?3)))",
	        &b->put, err) &&
	    store_cached(s, payload_sql, &b->payload, err);
}

static void
builder_finish(struct builder *b)
{
	store_done(b->quote);
	store_done(b->push);
	store_done(b->put);
	store_done(b->payload);
}

/* Steps st (already bound) and replaces *json by its one text result. */
static bool
run(struct builder *b, sqlite3_stmt *st, char **json, struct error *err)
{
	char *result = NULL;
	bool ok = false;

	if (sqlite3_step(st) != SQLITE_ROW ||
	    sqlite3_column_text(st, 0) == NULL) {
		store_fail(b->s, sqlite3_errcode(b->s->db), LOST, err);
		goto out;
	}
	result = strdup((const char *)sqlite3_column_text(st, 0));
	if (result == NULL) {
		error_set(err, _("out of memory: %s"), _(LOST));
		goto out;
	}
	free(*json);
	*json = result;
	ok = true;
out:
	sqlite3_reset(st);
	sqlite3_clear_bindings(st);
	return ok;
}

/* A sanitised copy of text; newlines are kept for free text only. */
static char *
clean(const char *text, int flags, struct error *err)
{
	char *c = utf8_sanitize(text, strlen(text), flags);

	if (c == NULL) {
		error_set(err, _("out of memory: %s"), _(LOST));
	}
	return c;
}

static bool
string_json(
    struct builder *b, const char *v, int flags, char **json, struct error *err)
{
	char *c = clean(v, flags, err);
	bool ok;

	if (c == NULL) {
		return false;
	}
	sqlite3_bind_text(b->quote, 1, c, -1, SQLITE_STATIC);
	ok = run(b, b->quote, json, err);
	free(c);
	return ok;
}

/* Scale and number answers are integers; a value that is not one (a bug
 * upstream) is still kept, as a string, rather than lost. */
static bool
integer_json(struct builder *b, const char *v, char **json, struct error *err)
{
	char *end = NULL;
	long long n;

	errno = 0;
	n = strtoll(v, &end, 10);
	if (*v == '\0' || *end != '\0' || errno != 0) {
		return string_json(b, v, 0, json, err);
	}
	sqlite3_bind_int64(b->quote, 1, n);
	return run(b, b->quote, json, err);
}

static bool
array_json(
    struct builder *b, const struct answer *a, char **json, struct error *err)
{
	*json = strdup("[]");
	if (*json == NULL) {
		return error_set(err, _("out of memory: %s"), _(LOST));
	}
	for (size_t i = 0; i < a->nvalues; i++) {
		char *c;
		bool ok;

		if (a->values[i] == NULL) {
			continue;
		}
		c = clean(a->values[i], 0, err);
		if (c == NULL) {
			return false;
		}
		sqlite3_bind_text(b->push, 1, *json, -1, SQLITE_STATIC);
		sqlite3_bind_text(b->push, 2, c, -1, SQLITE_STATIC);
		ok = run(b, b->push, json, err);
		free(c);
		if (!ok) {
			return false;
		}
	}
	return true;
}

static bool
value_json(struct builder *b, const struct question *q, const struct answer *a,
    char **json, struct error *err)
{
	switch (q->type) {
	case Q_SCALE:
	case Q_NUMBER:
		return integer_json(b, a->values[0], json, err);
	case Q_CHOICES:
	case Q_RANK:
		return array_json(b, a, json, err);
	case Q_TEXT:
		return string_json(
		    b, a->values[0], UTF8_KEEP_NEWLINES, json, err);
	default:
		return string_json(b, a->values[0], 0, json, err);
	}
}

/* Adds "key": value (value is JSON text) to the object *object. */
static bool
put(struct builder *b, char **object, const char *key, const char *value,
    struct error *err)
{
	sqlite3_bind_text(b->put, 1, *object, -1, SQLITE_STATIC);
	sqlite3_bind_text(b->put, 2, key, -1, SQLITE_STATIC);
	sqlite3_bind_text(b->put, 3, value, -1, SQLITE_STATIC);
	return run(b, b->put, object, err);
}

/* True when question i goes into the payload: answered and shown. */
static bool
kept(const struct store_submission *sub, size_t i)
{
	const struct question *q = &sub->form->questions[i];
	const struct answer *a = &sub->answers[i];

	if (q->type == Q_INFO || !a->answered || a->nvalues == 0 ||
	    a->values == NULL || a->values[0] == NULL) {
		return false;
	}
	return form_question_visible(sub->form, i, sub->answers);
}

/* Adds question i's answer, and its "other" text if any. */
static bool
collect_one(struct builder *b, const struct store_submission *sub, size_t i,
    char **answers, char **other, struct error *err)
{
	const struct question *q = &sub->form->questions[i];
	const struct answer *a = &sub->answers[i];
	char *value = NULL;
	bool ok = value_json(b, q, a, &value, err) &&
	    put(b, answers, q->id, value, err);

	if (ok && a->other != NULL && *a->other != '\0') {
		ok = string_json(b, a->other, 0, &value, err) &&
		    (strcmp(value, "\"\"") == 0 ||
		        put(b, other, q->id, value, err));
	}
	free(value);
	return ok;
}

static bool
collect(struct builder *b, const struct store_submission *sub, char **answers,
    char **other, struct error *err)
{
	*answers = strdup("{}");
	*other = strdup("{}");
	if (*answers == NULL || *other == NULL) {
		return error_set(err, _("out of memory: %s"), _(LOST));
	}
	for (size_t i = 0; i < sub->form->nquestions; i++) {
		if (kept(sub, i) &&
		    !collect_one(b, sub, i, answers, other, err)) {
			return false;
		}
	}
	return true;
}

/* Binds the payload's fields other than answers and other. */
static void
bind_header(sqlite3_stmt *st, const struct store_submission *sub,
    const char *form_hash, int64_t now_ms, char started[25])
{
	const struct form *f = sub->form;
	bool abandoned = !sub->completed && sub->last_question < f->nquestions;

	sqlite3_bind_text(st, 1, f->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, f->version);
	sqlite3_bind_text(st, 3, form_hash, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 4, sub->completed ? "completed" : "abandoned", -1,
	    SQLITE_STATIC);
	sqlite3_bind_text(
	    st, 5, sub->lang == LANG_EN ? "en" : "fr", -1, SQLITE_STATIC);
	if (sub->receipt != NULL) {
		sqlite3_bind_text(st, 6, sub->receipt, -1, SQLITE_STATIC);
	}
	if (sub->started_ms > 0) {
		clock_format_iso(sub->started_ms, started);
		sqlite3_bind_text(st, 7, started, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 8,
		    now_ms > sub->started_ms ? (now_ms - sub->started_ms) / 1000
		                             : 0);
	}
	if (abandoned) {
		sqlite3_bind_text(st, 9, f->questions[sub->last_question].id,
		    -1, SQLITE_STATIC);
	}
}

static bool
build_payload(struct store *s, const struct store_submission *sub,
    const char *form_hash, int64_t now_ms, char **payload, struct error *err)
{
	struct builder b;
	char *answers = NULL, *other = NULL;
	char started[25];
	bool ok = false;

	*payload = NULL;
	if (!builder_init(&b, s, err) ||
	    !collect(&b, sub, &answers, &other, err)) {
		goto out;
	}
	bind_header(b.payload, sub, form_hash, now_ms, started);
	sqlite3_bind_text(b.payload, 10, answers, -1, SQLITE_STATIC);
	sqlite3_bind_text(b.payload, 11, other, -1, SQLITE_STATIC);
	ok = run(&b, b.payload, payload, err);
out:
	builder_finish(&b);
	free(answers);
	free(other);
	return ok;
}

static bool
check_submission(const struct store_submission *sub, struct error *err)
{
	const struct form *f = sub->form;

	if (f == NULL || f->id == NULL || f->source == NULL) {
		return error_set(err,
		    "%s: the form or its source text is "
		    "missing",
		    LOST);
	}
	if (sub->answers == NULL && f->nquestions > 0) {
		return error_set(err, "%s: no answers given", LOST);
	}
	if (!store_mode_valid(sub->mode)) {
		return error_set(err,
		    "%s: mode \"%s\" is neither self nor "
		    "volunteer",
		    LOST, sub->mode != NULL ? sub->mode : "");
	}
	return true;
}

bool
store_submit(struct store *s, const struct store_submission *sub,
    struct store_written *out, struct error *err)
{
	struct store_new_record r = {
		.type = RECORD_SUBMISSION,
		.lost = LOST,
		.created_ms = clock_now_ms(),
	};
	char hash[IDS_SHA256_HEX + 1];
	char *payload = NULL;
	bool ok = false;

	if (!check_submission(sub, err)) {
		goto out;
	}
	ids_sha256_hex(sub->form->source, sub->form->source_len, hash);
	if (!build_payload(s, sub, hash, r.created_ms, &payload, err)) {
		goto out;
	}
	r.site = sub->site;
	r.mode = sub->mode;
	r.payload = payload;
	r.form_id = sub->form->id;
	r.form_version = sub->form->version;
	r.form_hash = hash;
	ok = store_write_record(s, &r, sub->form, out, err);
out:
	free(payload);
	return ok;
}

/*
 * The verbatims (see verbatims.h): indexing a record's public text in the
 * FTS5 table `verbatims` inside the transaction that appends it, and
 * searching them.
 *
 * Why not a trigger: the store's connections run with trusted_schema off
 * (src/sqlfile), and SQLite refuses an FTS5 table written from a trigger
 * then ("unsafe use of virtual table").  store_append_in_tx() calls
 * store_verbatims_index_in_tx() instead: the same transaction, so a record
 * and its index entries are durable together or not at all.
 *
 * The index takes every string answer of a submission; whether a question
 * was free text is in its form, not in the record, so the search keeps
 * only answers to text questions by reading the stored form version (a
 * choice's option key is never shown as somebody's words).
 */
#include "verbatims.h"

#include <stdlib.h>
#include <string.h>

#include "form.h"
#include "store_impl.h"
#include "utf8.h"

/* The same SELECT as the backfill of schema version 2 (schema.c). */
static const char index_sql[] =
    "INSERT INTO verbatims (text, kind, seq, qid)"
    " SELECT json_extract(line, '$.payload.words'), 'testimony', seq, NULL"
    " FROM records WHERE seq = ?1 AND type = 'testimony'"
    " AND json_type(line, '$.payload.words') = 'text'"
    " UNION ALL SELECT j.value, 'answer', r.seq, j.key"
    " FROM records r, json_each(r.line, '$.payload.answers') j"
    " WHERE r.seq = ?1 AND r.type = 'submission' AND j.type = 'text'"
    " UNION ALL SELECT j.value, 'other', r.seq, j.key"
    " FROM records r, json_each(r.line, '$.payload.other') j"
    " WHERE r.seq = ?1 AND r.type = 'submission' AND j.type = 'text'";

bool
store_verbatims_index_in_tx(
    struct store *s, int64_t seq, const char *lost, struct error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!store_cached(s, index_sql, &st, err)) {
		return false;
	}
	sqlite3_bind_int64(st, 1, seq);
	rc = sqlite3_step(st);
	store_done(st);
	if (rc != SQLITE_DONE) {
		return store_fail(s, rc, lost, err);
	}
	return true;
}

#define SEARCH_COLUMNS \
	"SELECT r.seq, r.created_at, verbatims.kind, verbatims.text,        \
	verbatims.qid, r.form_id, r.form_version, r.form_hash,              \
	json_extract(r.line, '$.payload.quote'),                            \
	json_extract(r.line, '$.payload.first_name'),                       \
	json_extract(r.line, '$.payload.commune')                           \
	FROM verbatims JOIN records r ON r.seq = verbatims.seq "
#define SEARCH_LIVE \
	STORE_NOT_RETRACTED("r") " ORDER BY r.seq DESC, verbatims.rowid"

/* The forms of the answers seen in one search, parsed once each. */
#define FORMS_MAX 16

struct search {
	struct store *s;
	struct {
		char *key; /* "id\tversion\thash" */
		struct form *form;
	} forms[FORMS_MAX];
	size_t nforms;
};

static struct form *
parse_stored(struct store *s, sqlite3_stmt *row)
{
	sqlite3_stmt *st = NULL;
	struct form *f = NULL;
	struct form_diags diags = { 0 };
	struct error err = { 0 };

	if (!store_prepare(s,
	        "SELECT source FROM forms WHERE id = ?1 AND "
	        "version = ?2 AND hash = ?3",
	        &st, &err)) {
		return NULL;
	}
	sqlite3_bind_value(st, 1, sqlite3_column_value(row, 5));
	sqlite3_bind_value(st, 2, sqlite3_column_value(row, 6));
	sqlite3_bind_value(st, 3, sqlite3_column_value(row, 7));
	if (sqlite3_step(st) == SQLITE_ROW) {
		f = form_parse((const char *)sqlite3_column_text(row, 5),
		    (const char *)sqlite3_column_text(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), &diags);
		form_diags_finish(&diags);
	}
	sqlite3_finalize(st);
	return f;
}

/* The stored form version of an answer's row, parsed once per search;
 * NULL when it cannot be read (or a search meets too many forms). */
static const struct form *
form_of(struct search *q, sqlite3_stmt *row)
{
	char key[512];

	snprintf(key, sizeof key, "%s\t%lld\t%s", sqlite3_column_text(row, 5),
	    (long long)sqlite3_column_int64(row, 6),
	    sqlite3_column_text(row, 7));
	for (size_t i = 0; i < q->nforms; i++) {
		if (strcmp(q->forms[i].key, key) == 0) {
			return q->forms[i].form;
		}
	}
	if (q->nforms == FORMS_MAX) {
		return NULL;
	}
	q->forms[q->nforms].key = strdup(key);
	q->forms[q->nforms].form = parse_stored(q->s, row);
	return q->forms[q->nforms++].form;
}

/* True unless row is an answer to a question that is not free text (an
 * answer whose form cannot be read any more is kept: better shown). */
static bool
is_words(struct search *q, sqlite3_stmt *row)
{
	const char *qid = (const char *)sqlite3_column_text(row, 4);
	const struct form *f;
	int at;

	if (strcmp((const char *)sqlite3_column_text(row, 2), "answer") != 0) {
		return true;
	}
	f = form_of(q, row);
	at = f != NULL && qid != NULL ? form_find_question(f, qid) : -1;
	return at < 0 || f->questions[at].type == Q_TEXT;
}

static void
search_finish(struct search *q)
{
	for (size_t i = 0; i < q->nforms; i++) {
		free(q->forms[i].key);
		form_destroy(q->forms[i].form);
	}
}

static char *
clean(const char *text)
{
	return text != NULL ? utf8_sanitize(text, strlen(text), 0) : NULL;
}

static enum store_verbatim_kind
kind_of(const char *kind)
{
	if (strcmp(kind, "testimony") == 0) {
		return VERBATIM_TESTIMONY;
	}
	return strcmp(kind, "other") == 0 ? VERBATIM_OTHER : VERBATIM_ANSWER;
}

/* Hands one row to fn, its texts sanitised again; false: out of memory. */
static bool
hand_out(sqlite3_stmt *row, store_verbatim_fn fn, void *ctx)
{
	char *text = clean((const char *)sqlite3_column_text(row, 3));
	char *name = clean((const char *)sqlite3_column_text(row, 9));
	char *quote = clean((const char *)sqlite3_column_text(row, 8));
	char *commune = clean((const char *)sqlite3_column_text(row, 10));
	bool ok = text != NULL &&
	    (commune != NULL || sqlite3_column_type(row, 10) == SQLITE_NULL) &&
	    (name != NULL || sqlite3_column_type(row, 9) == SQLITE_NULL) &&
	    (quote != NULL || sqlite3_column_type(row, 8) == SQLITE_NULL);

	if (ok) {
		struct store_verbatim v = {
			.seq = sqlite3_column_int64(row, 0),
			.created_at = (const char *)sqlite3_column_text(row, 1),
			.kind =
			    kind_of((const char *)sqlite3_column_text(row, 2)),
			.text = text,
			.quote = quote,
			.first_name = name,
			.commune = commune,
			.form_id = (const char *)sqlite3_column_text(row, 5),
		};
		fn(ctx, &v);
	}
	free(text);
	free(name);
	free(quote);
	free(commune);
	return ok;
}

/* The FTS5 query for what a person typed: each word a quoted prefix
 * ("ecole"*), all required; NULL when nothing is left to look for. */
static char *
fts_query(const char *typed)
{
	char *words = typed != NULL ? clean(typed) : NULL;
	char *out = words != NULL ? malloc(3 * strlen(words) + 8) : NULL;
	size_t n = 0;
	bool in_word = false;

	for (size_t i = 0; out != NULL && words[i] != '\0'; i++) {
		if (words[i] == ' ' || words[i] == '\t') {
			n += in_word ? (size_t)sprintf(out + n, "\"* ") : 0;
			in_word = false;
			continue;
		}
		if (!in_word) {
			out[n++] = '"';
			in_word = true;
		}
		if (words[i] == '"') {
			out[n++] = '"';
		}
		out[n++] = words[i];
	}
	if (out != NULL) {
		n += in_word ? (size_t)sprintf(out + n, "\"*") : 0;
		out[n] = '\0';
	}
	free(words);
	if (out != NULL && n == 0) {
		free(out);
		out = NULL;
	}
	return out;
}

bool
store_each_verbatim(struct store *s, const char *query, int limit,
    store_verbatim_fn fn, void *ctx, struct error *err)
{
	struct search q = { .s = s };
	sqlite3_stmt *st = NULL;
	char *match = fts_query(query);
	bool ok = false;
	int rc, n = 0;

	if (!store_prepare(s,
	        match != NULL ? SEARCH_COLUMNS
	            "WHERE verbatims MATCH ?1 AND " SEARCH_LIVE
	                      : SEARCH_COLUMNS "WHERE " SEARCH_LIVE,
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, match, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW && n < limit) {
		if (is_words(&q, st)) {
			if (!hand_out(st, fn, ctx)) {
				error_set(err, _("out of memory: %s"),
				    _("the verbatims could not be read"));
				goto out;
			}
			n++;
		}
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		store_fail(s, rc, N_("the verbatims could not be read"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	search_finish(&q);
	free(match);
	return ok;
}

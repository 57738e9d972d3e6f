/*
 * Publishing forms and handing them out (see published.h).
 *
 * The file is parsed by form_parse(), exactly as `parvis check` and the
 * kiosk do, so a form refused here would be refused there and the reverse.
 * Its bytes are stored as a BLOB, untouched; its SHA-256 is the one the
 * parser computed, which the kiosk also records with every answer.  The
 * JSON answers are made by SQLite's json_object(), never by hand.
 */
#include "published.h"

#include <stdlib.h>
#include <string.h>

#include "file.h"
#include "form.h"

static const char index_sql[] =
    "SELECT json_object('forms', json_group_array(json_object("
    " 'id', id, 'version', version, 'sha256', sha256,"
    " 'bytes', length(source))))"
    " FROM (SELECT f.id, f.version, f.sha256, f.source FROM forms f"
    "  WHERE f.version = (SELECT max(version) FROM forms g"
    "   WHERE g.id = f.id)"
    "  ORDER BY f.id)";

static const char lost[] = "the form was not published";

/* Parses the file; on failure writes every problem to diag. */
static struct form *
parse_file(const char *path, const char *data, size_t len, FILE *diag,
    struct error *err)
{
	struct form_diags diags = { 0 };
	struct form *form = form_parse(path, data, len, &diags);

	if (form == NULL) {
		for (size_t i = 0; i < diags.count && diag != NULL; i++) {
			fprintf(diag, "%s\n", diags.items[i].text);
		}
		error_set(err,
		    "%s was not published: %zu problem%s (fix the "
		    "file and check it with `parvis check`)",
		    path, diags.count, diags.count == 1 ? "" : "s");
	}
	form_diags_finish(&diags);
	return form;
}

/* The hash already published for this id and version, "" if none. */
static bool
published_hash(
    struct db *d, const struct form *form, char hash[65], struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	hash[0] = '\0';
	if (!db_prepare(d,
	        "SELECT sha256 FROM forms WHERE id = ?1 AND "
	        "version = ?2",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, form->version);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		snprintf(hash, 65, "%s", sqlite3_column_text(st, 0));
	} else if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

static bool
insert_form(struct db *d, const struct form *form, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char now[25];
	bool ok = false;
	int rc;

	if (!db_prepare(d,
	        "INSERT INTO forms (id, version, sha256, source, "
	        "published_at) VALUES (?1, ?2, ?3, ?4, ?5)",
	        &st, err)) {
		goto out;
	}
	db_now(now);
	sqlite3_bind_text(st, 1, form->id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, form->version);
	sqlite3_bind_text(st, 3, form->hash, -1, SQLITE_STATIC);
	sqlite3_bind_blob64(
	    st, 4, form->source, form->source_len, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, now, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Inserts the form unless this id and version are already published. */
static bool
store_form(
    struct db *d, const struct form *form, bool *again, struct error *err)
{
	char hash[65];
	bool ok = false;

	if (!db_begin(d, lost, err) || !published_hash(d, form, hash, err)) {
		goto out;
	}
	if (hash[0] != '\0' && strcmp(hash, form->hash) != 0) {
		error_set(err,
		    "form %s version %lld is already published with "
		    "other contents (sha256 %s); a published version never "
		    "changes: raise `version` in the file and publish again",
		    form->id, (long long)form->version, hash);
		goto out;
	}
	*again = hash[0] != '\0';
	if (!*again && !insert_form(d, form, err)) {
		goto out;
	}
	ok = db_commit(d, lost, err);
out:
	if (!ok) {
		db_rollback(d);
	}
	return ok;
}

bool
published_add(
    struct db *d, const char *path, FILE *diag, bool *again, struct error *err)
{
	struct form *form = NULL;
	char *data = NULL;
	size_t len = 0;
	bool ok = false;

	*again = false;
	if (!file_read_all(path, FORM_MAX_BYTES, &data, &len, err)) {
		goto out;
	}
	form = parse_file(path, data, len, diag, err);
	if (form == NULL) {
		goto out;
	}
	ok = store_form(d, form, again, err);
out:
	form_destroy(form);
	free(data);
	return ok;
}

bool
published_list(struct db *d, FILE *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!db_prepare(d,
	        "SELECT id, version, sha256, length(source), "
	        "published_at FROM forms ORDER BY id, version",
	        &st, err)) {
		goto out;
	}
	fprintf(out, "%-32s %7s  %-64s %8s  %s\n", "ID", "VERSION", "SHA256",
	    "BYTES", "PUBLISHED");
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		fprintf(out, "%-32s %7lld  %-64s %8lld  %s\n",
		    sqlite3_column_text(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    sqlite3_column_text(st, 2),
		    (long long)sqlite3_column_int64(st, 3),
		    sqlite3_column_text(st, 4));
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, "the forms could not be listed", err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Copies column 0 of st's row into a new buffer. */
static bool
take_column(sqlite3_stmt *st, char **data, size_t *len, struct error *err)
{
	const void *bytes = sqlite3_column_blob(st, 0);
	int n = sqlite3_column_bytes(st, 0);

	*data = malloc((size_t)n + 1);
	if (*data == NULL) {
		return error_set(err, "out of memory");
	}
	if (n > 0) {
		memcpy(*data, bytes, (size_t)n);
	}
	(*data)[n] = '\0';
	*len = (size_t)n;
	return true;
}

bool
published_index(struct db *d, char **json, size_t *len, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	*json = NULL;
	if (!db_prepare(d, index_sql, &st, err)) {
		goto out;
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		db_fail(d, rc, "the forms could not be listed", err);
		goto out;
	}
	ok = take_column(st, json, len, err);
out:
	sqlite3_finalize(st);
	return ok;
}

enum published_status
published_get(struct db *d, const char *id, int64_t version, char **data,
    size_t *len, struct error *err)
{
	enum published_status s = PUBLISHED_FAILED;
	sqlite3_stmt *st = NULL;
	int rc;

	*data = NULL;
	if (!db_prepare(d,
	        "SELECT source FROM forms WHERE id = ?1 AND "
	        "version = ?2",
	        &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, id, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, version);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		error_set(err, "form %s version %lld is not published", id,
		    (long long)version);
		s = PUBLISHED_NOT_FOUND;
	} else if (rc != SQLITE_ROW) {
		db_fail(d, rc, "the form could not be read", err);
	} else if (take_column(st, data, len, err)) {
		s = PUBLISHED_OK;
	}
out:
	sqlite3_finalize(st);
	return s;
}

struct form *
published_latest(struct db *d, const char *form_id)
{
	sqlite3_stmt *st = NULL;
	struct form *form = NULL;
	char label[256];

	if (!db_prepare(d,
	        "SELECT source, version FROM forms WHERE id = ?1 "
	        "ORDER BY version DESC LIMIT 1",
	        &st, NULL)) {
		return NULL;
	}
	sqlite3_bind_text(st, 1, form_id, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		snprintf(label, sizeof label, "published form %s version %lld",
		    form_id, (long long)sqlite3_column_int64(st, 1));
		form = form_parse(label, sqlite3_column_blob(st, 0),
		    (size_t)sqlite3_column_bytes(st, 0), NULL);
	}
	sqlite3_finalize(st);
	return form;
}

/*
 * Exports (see export.h).  This follows the kiosk's src/store/export.c,
 * with the kiosk as the first column (the collector holds many kiosks)
 * and the columns taken from the latest *published* version of the form:
 * the collector has no other copy of it.  When that version is missing or
 * can no longer be parsed, the columns come from the answers alone, so no
 * answer is ever left out of an export.  Values come out of the lines
 * with json_each(); arrays are joined with ";".
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "form.h"

static const char *const fixed_columns[] = {
	"kiosk", "seq", "uuid", "created_at", "site", "mode", "status", "form",
	"version", "lang", "receipt",
};
#define NFIXED (sizeof fixed_columns / sizeof fixed_columns[0])

static const char rows_sql[] =
    "SELECT kiosk, seq, uuid, json_extract(line, '$.created_at'),"
    " json_extract(line, '$.site'), json_extract(line, '$.mode'),"
    " json_extract(line, '$.payload.status'), form_id, form_version,"
    " json_extract(line, '$.payload.lang'),"
    " json_extract(line, '$.payload.receipt'), rowid"
    " FROM records WHERE type = 'submission' AND form_id = ?1"
    " ORDER BY kiosk, seq";

/* Column name and cell text of every answer of the record of rowid ?1. */
static const char cells_sql[] =
    "SELECT a.key, CASE a.type WHEN 'array' THEN"
    " (SELECT group_concat(v, ';') FROM"
    "  (SELECT e.value AS v FROM json_each(a.value) e ORDER BY e.key))"
    " ELSE a.value END"
    " FROM records r, json_each(r.line, '$.payload.answers') a"
    " WHERE r.rowid = ?1"
    " UNION ALL"
    " SELECT o.key || '.other', o.value"
    " FROM records r, json_each(r.line, '$.payload.other') o"
    " WHERE r.rowid = ?1";

/* Every answer column the submissions of form ?1 use, in the order they
 * first appeared. */
static const char keys_sql[] =
    "SELECT name FROM ("
    " SELECT a.key AS name, r.rowid AS n"
    " FROM records r, json_each(r.line, '$.payload.answers') a"
    " WHERE r.type = 'submission' AND r.form_id = ?1"
    " UNION ALL"
    " SELECT o.key || '.other', r.rowid"
    " FROM records r, json_each(r.line, '$.payload.other') o"
    " WHERE r.type = 'submission' AND r.form_id = ?1)"
    " GROUP BY name ORDER BY min(n), name";

static const char lost[] = "the export was not written";

struct columns {
	char **names;
	size_t n;
	size_t cap;
};

static void
columns_finish(struct columns *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->names[i]);
	}
	free(c->names);
}

/* Index of the answer column called name, or 0 (a fixed column). */
static size_t
column_of(const struct columns *c, const char *name)
{
	for (size_t i = NFIXED; i < c->n; i++) {
		if (strcmp(c->names[i], name) == 0) {
			return i;
		}
	}
	return 0;
}

static bool
column_add(struct columns *c, const char *name, const char *suffix,
    struct error *err)
{
	size_t len = strlen(name) + strlen(suffix) + 1;
	char *copy = malloc(len);

	if (copy == NULL) {
		return error_set(err, "out of memory writing the export");
	}
	snprintf(copy, len, "%s%s", name, suffix);
	if (c->n == c->cap) {
		size_t cap = c->cap > 0 ? c->cap * 2 : 32;
		char **names = realloc(c->names, cap * sizeof *names);

		if (names == NULL) {
			free(copy);
			return error_set(err, "out of memory writing the "
			    "export");
		}
		c->names = names;
		c->cap = cap;
	}
	c->names[c->n++] = copy;
	return true;
}

/* The fixed columns, then one per question of form (may be NULL). */
static bool
columns_of_form(struct columns *c, const struct form *form,
    struct error *err)
{
	for (size_t i = 0; i < NFIXED; i++) {
		if (!column_add(c, fixed_columns[i], "", err)) {
			return false;
		}
	}
	for (size_t i = 0; form != NULL && i < form->nquestions; i++) {
		const struct question *q = &form->questions[i];

		if (q->type == Q_INFO) {
			continue;
		}
		if (!column_add(c, q->id, "", err) ||
		    (q->other && !column_add(c, q->id, ".other", err))) {
			return false;
		}
	}
	return true;
}

/* Adds the answer keys the form's columns lack. */
static bool
columns_of_data(struct db *d, struct columns *c, const char *form_id,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!db_prepare(d, keys_sql, &st, err)) {
		goto out;
	}
	sqlite3_bind_text(st, 1, form_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 0);

		if (name != NULL && column_of(c, name) == 0 &&
		    !column_add(c, name, "", err)) {
			goto out;
		}
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Fills cells[] (all NULL on entry) for the row `row` is on. */
static bool
fill_cells(struct db *d, sqlite3_stmt *row, sqlite3_stmt *cells_st,
    const struct columns *c, char **cells, struct error *err)
{
	int rc;

	for (size_t i = 0; i < NFIXED; i++) {
		const char *v = (const char *)sqlite3_column_text(row, (int)i);

		cells[i] = v != NULL ? strdup(v) : NULL;
		if (v != NULL && cells[i] == NULL) {
			return error_set(err, "out of memory writing the "
			    "export");
		}
	}
	sqlite3_reset(cells_st);
	sqlite3_bind_int64(cells_st, 1, sqlite3_column_int64(row, NFIXED));
	rc = sqlite3_step(cells_st);
	while (rc == SQLITE_ROW) {
		const char *name =
		    (const char *)sqlite3_column_text(cells_st, 0);
		const char *v = (const char *)sqlite3_column_text(cells_st, 1);
		size_t col = name != NULL ? column_of(c, name) : 0;

		if (col != 0 && v != NULL && cells[col] == NULL) {
			cells[col] = strdup(v);
		}
		rc = sqlite3_step(cells_st);
	}
	if (rc != SQLITE_DONE) {
		return db_fail(d, rc, lost, err);
	}
	return true;
}

static bool
write_rows(struct db *d, const struct columns *c, const char *form_id,
    FILE *out, struct error *err)
{
	sqlite3_stmt *rows = NULL, *cells_st = NULL;
	char **cells = calloc(c->n, sizeof *cells);
	bool ok = false;
	int rc;

	if (cells == NULL) {
		error_set(err, "out of memory writing the export");
		goto out;
	}
	if (!db_prepare(d, rows_sql, &rows, err) ||
	    !db_prepare(d, cells_sql, &cells_st, err)) {
		goto out;
	}
	sqlite3_bind_text(rows, 1, form_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(rows);
	while (rc == SQLITE_ROW) {
		bool filled = fill_cells(d, rows, cells_st, c, cells, err);

		if (filled) {
			csv_row(out, (const char *const *)cells, c->n);
		}
		for (size_t i = 0; i < c->n; i++) {
			free(cells[i]);
			cells[i] = NULL;
		}
		if (!filled) {
			goto out;
		}
		rc = sqlite3_step(rows);
	}
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(rows);
	sqlite3_finalize(cells_st);
	free(cells);
	return ok;
}

/* The one form id with submissions, NULL when there is none; refuses to
 * guess between several, naming them. */
static bool
only_form(struct db *d, char **form_id, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char list[512] = "";
	size_t n = 0;
	int rc;

	*form_id = NULL;
	if (!db_prepare(d, "SELECT DISTINCT form_id FROM records WHERE type = "
	    "'submission' AND form_id IS NOT NULL ORDER BY form_id", &st,
	    err)) {
		return false;
	}
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		size_t used = strlen(list);

		snprintf(list + used, sizeof list - used, "%s%s",
		    n > 0 ? ", " : "", id);
		if (n++ == 0) {
			*form_id = strdup(id);
		}
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE || n > 1 || (n == 1 && *form_id == NULL)) {
		free(*form_id);
		*form_id = NULL;
		return rc != SQLITE_DONE ? db_fail(d, rc, lost, err) :
		    n > 1 ? error_set(err, "the collector holds answers to %zu "
		    "consultations (%s): choose one with --form ID", n, list) :
		    error_set(err, "out of memory writing the export");
	}
	return true;
}

/* The latest published version of form_id, parsed; NULL when there is
 * none or it cannot be parsed any more (columns then come from data). */
static struct form *
latest_form(struct db *d, const char *form_id)
{
	sqlite3_stmt *st = NULL;
	struct form *form = NULL;
	char label[256];

	if (!db_prepare(d, "SELECT source, version FROM forms WHERE id = ?1 "
	    "ORDER BY version DESC LIMIT 1", &st, NULL)) {
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

static bool
export_csv(struct db *d, const char *form_id, FILE *out, struct error *err)
{
	struct columns c = {0};
	struct form *form = NULL;
	char *only = NULL;
	bool ok = false;

	if (form_id == NULL && !only_form(d, &only, err)) {
		goto out;
	}
	fputs("\xEF\xBB\xBF", out);	/* UTF-8 BOM, as the kiosk's CSV */
	if (form_id == NULL && only == NULL) {
		csv_row(out, fixed_columns, NFIXED);
		ok = true;
		goto out;
	}
	form_id = form_id != NULL ? form_id : only;
	form = latest_form(d, form_id);
	if (!columns_of_form(&c, form, err) ||
	    !columns_of_data(d, &c, form_id, err)) {
		goto out;
	}
	csv_row(out, (const char *const *)c.names, c.n);
	ok = write_rows(d, &c, form_id, out, err);
out:
	columns_finish(&c);
	form_destroy(form);
	free(only);
	return ok;
}

static bool
export_json(struct db *d, const char *form_id, FILE *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!db_prepare(d, "SELECT line FROM records WHERE ?1 IS NULL OR "
	    "(type = 'submission' AND form_id = ?1) ORDER BY kiosk, seq", &st,
	    err)) {
		goto out;
	}
	if (form_id != NULL) {
		sqlite3_bind_text(st, 1, form_id, -1, SQLITE_STATIC);
	}
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		fwrite(sqlite3_column_text(st, 0), 1,
		    (size_t)sqlite3_column_bytes(st, 0), out);
		fputc('\n', out);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		db_fail(d, rc, lost, err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
export_write(struct db *d, enum export_format format, const char *form_id,
    FILE *out, struct error *err)
{
	bool ok;

	if (format == EXPORT_JSON) {
		ok = export_json(d, form_id, out, err);
	} else {
		ok = export_csv(d, form_id, out, err);
	}
	if (ok && (fflush(out) != 0 || ferror(out))) {
		return error_set(err, "the export could not be written: %s",
		    strerror(errno));
	}
	return ok;
}

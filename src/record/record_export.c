/*
 * Exports of record lines (see record_export.h).
 *
 * The CSV's columns are names in a growing list: the fixed ones, the
 * form's questions, then the answer keys only the data has.  Values come
 * out of the lines with json_each(), by the rowid of each record, and
 * land in the cell of the column of the same name.
 */
#include "record_export.h"

#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "gettext.h"

#define LOST N_("the export was not written")

/* Column name and cell text of every answer of the record of rowid ?1;
 * arrays are joined with ";" in their order. */
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

struct columns {
	char **names;
	size_t n;
	size_t cap;
	size_t nfixed;
};

static bool
out_of_memory(struct error *err)
{
	return error_set(err, _("out of memory writing the export"));
}

static void
columns_finish(struct columns *c)
{
	for (size_t i = 0; i < c->n; i++) {
		free(c->names[i]);
	}
	free(c->names);
}

/* Index of the answer column called name, or 0 (a fixed column: never an
 * answer's). */
static size_t
column_of(const struct columns *c, const char *name)
{
	for (size_t i = c->nfixed; i < c->n; i++) {
		if (strcmp(c->names[i], name) == 0) {
			return i;
		}
	}
	return 0;
}

static bool
column_add(
    struct columns *c, const char *name, const char *suffix, struct error *err)
{
	size_t len = strlen(name) + strlen(suffix) + 1;
	char *copy = malloc(len);

	if (copy == NULL) {
		return out_of_memory(err);
	}
	snprintf(copy, len, "%s%s", name, suffix);
	if (c->n == c->cap) {
		size_t cap = c->cap > 0 ? c->cap * 2 : 32;
		char **names = realloc(c->names, cap * sizeof *names);

		if (names == NULL) {
			free(copy);
			return out_of_memory(err);
		}
		c->names = names;
		c->cap = cap;
	}
	c->names[c->n++] = copy;
	return true;
}

/* The fixed columns, then one per question of form (may be NULL). */
static bool
columns_of_form(struct columns *c, const struct record_csv *csv,
    const struct form *form, struct error *err)
{
	for (size_t i = 0; i < csv->nfixed; i++) {
		if (!column_add(c, csv->fixed[i], "", err)) {
			return false;
		}
	}
	c->nfixed = csv->nfixed;
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
columns_of_data(struct sqlfile *f, struct columns *c, const char *form_id,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!sqlfile_prepare(f, keys_sql, &st, err)) {
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
	ok = rc == SQLITE_DONE || sqlfile_fail(f, rc, LOST, err);
out:
	sqlite3_finalize(st);
	return ok;
}

/* Fills cells[] (all NULL on entry) for the row `row` is on. */
static bool
fill_cells(struct sqlfile *f, sqlite3_stmt *row, sqlite3_stmt *cells_st,
    const struct columns *c, char **cells, struct error *err)
{
	int rc;

	for (size_t i = 0; i < c->nfixed; i++) {
		const char *v = (const char *)sqlite3_column_text(row, (int)i);

		cells[i] = v != NULL ? strdup(v) : NULL;
		if (v != NULL && cells[i] == NULL) {
			return out_of_memory(err);
		}
	}
	sqlite3_reset(cells_st);
	sqlite3_bind_int64(
	    cells_st, 1, sqlite3_column_int64(row, (int)c->nfixed));
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
	return rc == SQLITE_DONE || sqlfile_fail(f, rc, LOST, err);
}

/* Writes the row st is on; false (nothing written) when it fails. */
static bool
write_row(struct sqlfile *f, sqlite3_stmt *row, sqlite3_stmt *cells_st,
    const struct columns *c, char **cells, FILE *out, struct error *err)
{
	bool filled = fill_cells(f, row, cells_st, c, cells, err);

	if (filled) {
		csv_row(out, (const char *const *)cells, c->n);
	}
	for (size_t i = 0; i < c->n; i++) {
		free(cells[i]);
		cells[i] = NULL;
	}
	return filled;
}

static bool
write_rows(struct sqlfile *f, const struct record_csv *csv,
    const struct columns *c, const char *form_id, FILE *out, struct error *err)
{
	sqlite3_stmt *rows = NULL, *cells_st = NULL;
	char **cells = calloc(c->n, sizeof *cells);
	bool ok = false;
	int rc;

	if (cells == NULL) {
		out_of_memory(err);
		goto out;
	}
	if (!sqlfile_prepare(f, csv->rows_sql, &rows, err) ||
	    !sqlfile_prepare(f, cells_sql, &cells_st, err)) {
		goto out;
	}
	sqlite3_bind_text(rows, 1, form_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(rows);
	while (rc == SQLITE_ROW) {
		if (!write_row(f, rows, cells_st, c, cells, out, err)) {
			goto out;
		}
		rc = sqlite3_step(rows);
	}
	ok = rc == SQLITE_DONE || sqlfile_fail(f, rc, LOST, err);
out:
	sqlite3_finalize(rows);
	sqlite3_finalize(cells_st);
	free(cells);
	return ok;
}

bool
record_export_csv(struct sqlfile *f, const struct record_csv *csv,
    const struct form *form, const char *form_id, FILE *out, struct error *err)
{
	struct columns c = { 0 };
	bool ok = false;

	if (!columns_of_form(&c, csv, form, err) ||
	    !columns_of_data(f, &c, form_id, err)) {
		goto out;
	}
	csv_row(out, (const char *const *)c.names, c.n);
	ok = write_rows(f, csv, &c, form_id, out, err);
out:
	columns_finish(&c);
	return ok;
}

/* Adds id to the list of form ids (", "-separated), keeping the first
 * (NULL when memory runs out). */
static void
note_form(char *list, size_t size, size_t n, const char *id, char **first)
{
	size_t used = strlen(list);

	snprintf(list + used, size - used, "%s%s", n > 0 ? ", " : "",
	    id != NULL ? id : "");
	if (n == 0 && id != NULL) {
		*first = strdup(id);
	}
}

bool
record_export_only_form(
    struct sqlfile *f, const char *holder, char **form_id, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char list[512] = "";
	size_t n = 0;
	bool ok = false;
	int rc;

	*form_id = NULL;
	if (!sqlfile_prepare(f,
	        "SELECT DISTINCT form_id FROM records WHERE "
	        "type = 'submission' AND form_id IS NOT NULL ORDER BY form_id",
	        &st, err)) {
		goto out;
	}
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		note_form(list, sizeof list, n++,
		    (const char *)sqlite3_column_text(st, 0), form_id);
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		sqlfile_fail(f, rc, LOST, err);
	} else if (n > 1) {
		/* TRANSLATORS: the database (or "the collector"), how many
		 * consultations (two or more), then their ids. */
		error_set(err,
		    _("%s holds answers to %zu consultations (%s): "
		      "choose one with --form ID"),
		    holder, n, list);
	} else if (n == 1 && *form_id == NULL) {
		out_of_memory(err);
	} else {
		ok = true;
	}
out:
	if (!ok) {
		free(*form_id);
		*form_id = NULL;
	}
	sqlite3_finalize(st);
	return ok;
}

bool
record_export_lines(struct sqlfile *f, const char *sql, const char *form_id,
    FILE *out, struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!sqlfile_prepare(f, sql, &st, err)) {
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
	ok = rc == SQLITE_DONE || sqlfile_fail(f, rc, LOST, err);
out:
	sqlite3_finalize(st);
	return ok;
}

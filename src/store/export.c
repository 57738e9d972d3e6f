/*
 * Exports for people and for other programs (see store.h).
 *
 * JSON is the frozen lines themselves, byte for byte, one per line: the
 * same bytes the collector receives, so a USB-stick export proves what the
 * chain proves.  CSV is for spreadsheets: one row per submission, one
 * column per question of the form's latest stored version, then columns
 * for any answer key older versions had and the latest has not (no answer
 * is ever left out of an export).  Values come out of the lines with
 * json_each(); the cells are written by src/core/csv.c.
 */
#include "store_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* The fixed columns, before one column per question. */
static const char *const fixed_columns[] = {
	"seq", "uuid", "created_at", "site", "mode", "status", "form",
	"version", "lang", "receipt",
};
#define NFIXED (sizeof fixed_columns / sizeof fixed_columns[0])

static const char rows_sql[] =
    "SELECT seq, uuid, created_at, json_extract(line, '$.site'),"
    " json_extract(line, '$.mode'), json_extract(line, '$.payload.status'),"
    " form_id, form_version, json_extract(line, '$.payload.lang'),"
    " json_extract(line, '$.payload.receipt')"
    " FROM records WHERE type = 'submission' AND form_id = ?1"
    " ORDER BY seq";

/* Column name and cell text of every answer of record ?1; arrays are
 * joined with ";" in their order. */
static const char cells_sql[] =
    "SELECT a.key, CASE a.type WHEN 'array' THEN"
    " (SELECT group_concat(v, ';') FROM"
    "  (SELECT e.value AS v FROM json_each(a.value) e ORDER BY e.key))"
    " ELSE a.value END"
    " FROM records r, json_each(r.line, '$.payload.answers') a"
    " WHERE r.seq = ?1"
    " UNION ALL"
    " SELECT o.key || '.other', o.value"
    " FROM records r, json_each(r.line, '$.payload.other') o"
    " WHERE r.seq = ?1";

/* Every answer column the stored submissions of form ?1 use, in the
 * order they first appeared. */
static const char keys_sql[] =
    "SELECT name FROM ("
    " SELECT a.key AS name, r.seq AS seq"
    " FROM records r, json_each(r.line, '$.payload.answers') a"
    " WHERE r.type = 'submission' AND r.form_id = ?1"
    " UNION ALL"
    " SELECT o.key || '.other', r.seq"
    " FROM records r, json_each(r.line, '$.payload.other') o"
    " WHERE r.type = 'submission' AND r.form_id = ?1)"
    " GROUP BY name ORDER BY min(seq), name";

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

/* Index of the answer column called name, or 0 (a fixed column: never an
 * answer's). */
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
		return error_set(err, _("out of memory writing the export"));
	}
	snprintf(copy, len, "%s%s", name, suffix);
	if (c->n == c->cap) {
		size_t cap = c->cap > 0 ? c->cap * 2 : 32;
		char **names = realloc(c->names, cap * sizeof *names);

		if (names == NULL) {
			free(copy);
			return error_set(err, _("out of memory writing the "
			    "export"));
		}
		c->names = names;
		c->cap = cap;
	}
	c->names[c->n++] = copy;
	return true;
}

static bool
columns_of_form(struct columns *c, const struct form *form,
    struct error *err)
{
	for (size_t i = 0; i < NFIXED; i++) {
		if (!column_add(c, fixed_columns[i], "", err)) {
			return false;
		}
	}
	for (size_t i = 0; i < form->nquestions; i++) {
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

/* Adds the answer keys of older versions that the latest form lacks. */
static bool
columns_of_data(struct store *s, struct columns *c, const char *form_id,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s, keys_sql, &st, err)) {
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
		store_fail(s, rc, N_("the export was not written"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

/* Fills cells[] (all NULL on entry) for the row st is on. */
static bool
fill_cells(struct store *s, sqlite3_stmt *row, sqlite3_stmt *cells_st,
    const struct columns *c, char **cells, struct error *err)
{
	bool ok = false;
	int rc;

	for (size_t i = 0; i < NFIXED; i++) {
		const char *v = (const char *)sqlite3_column_text(row, (int)i);

		cells[i] = v != NULL ? strdup(v) : NULL;
		if (v != NULL && cells[i] == NULL) {
			return error_set(err, _("out of memory writing the "
			    "export"));
		}
	}
	sqlite3_bind_int64(cells_st, 1, sqlite3_column_int64(row, 0));
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
		store_fail(s, rc, N_("the export was not written"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_reset(cells_st);
	return ok;
}

static bool
write_rows(struct store *s, const struct columns *c, const char *form_id,
    FILE *out, struct error *err)
{
	sqlite3_stmt *rows = NULL, *cells_st = NULL;
	char **cells = calloc(c->n, sizeof *cells);
	bool ok = false;
	int rc;

	if (cells == NULL) {
		error_set(err, _("out of memory writing the export"));
		goto out;
	}
	if (!store_prepare(s, rows_sql, &rows, err) ||
	    !store_prepare(s, cells_sql, &cells_st, err)) {
		goto out;
	}
	sqlite3_bind_text(rows, 1, form_id, -1, SQLITE_STATIC);
	rc = sqlite3_step(rows);
	while (rc == SQLITE_ROW) {
		bool filled = fill_cells(s, rows, cells_st, c, cells, err);

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
		store_fail(s, rc, N_("the export was not written"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(rows);
	sqlite3_finalize(cells_st);
	free(cells);
	return ok;
}

bool
store_export_form(struct store *s, const struct form *form, FILE *out,
    struct error *err)
{
	struct columns c = {0};
	bool ok = false;

	if (!columns_of_form(&c, form, err) ||
	    !columns_of_data(s, &c, form->id, err)) {
		goto out;
	}
	csv_row(out, (const char *const *)c.names, c.n);
	ok = write_rows(s, &c, form->id, out, err);
out:
	columns_finish(&c);
	return ok;
}

/* The one form id with submissions, NULL when there is none; refuses to
 * guess between several, naming them. */
static bool
only_form(struct store *s, char **form_id, struct error *err)
{
	sqlite3_stmt *st = NULL;
	char list[512] = "";
	size_t n = 0;
	bool ok = false;
	int rc;

	*form_id = NULL;
	if (!store_prepare(s, "SELECT DISTINCT form_id FROM records WHERE "
	    "type = 'submission' ORDER BY form_id", &st, err)) {
		goto out;
	}
	rc = sqlite3_step(st);
	while (rc == SQLITE_ROW) {
		const char *id = (const char *)sqlite3_column_text(st, 0);
		size_t used = strlen(list);

		snprintf(list + used, sizeof list - used, "%s%s",
		    n > 0 ? ", " : "", id != NULL ? id : "");
		if (n++ == 0 && id != NULL) {
			*form_id = strdup(id);
		}
		rc = sqlite3_step(st);
	}
	if (rc != SQLITE_DONE) {
		store_fail(s, rc, N_("the export was not written"), err);
	} else if (n > 1) {
		/* TRANSLATORS: the database, how many consultations (two
		 * or more), then their ids. */
		error_set(err, _("%s holds answers to %zu consultations (%s): "
		    "choose one with --form ID"), s->path, n, list);
	} else if (n == 1 && *form_id == NULL) {
		error_set(err, _("out of memory writing the export"));
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

/* Reads back the latest stored text of form_id as a struct form.  True
 * with *form NULL when that text exists but this parvis cannot parse it
 * any more (a stricter parser, say): the export then takes its columns
 * from the answers alone rather than fail. */
static bool
stored_form(struct store *s, const char *form_id, struct form **form,
    struct error *err)
{
	struct form_diags diags = {0};
	char label[256];
	char *source = NULL;
	size_t len = 0;
	int64_t version = 0;

	*form = NULL;
	if (!store_form_source(s, form_id, &source, &len, &version, err)) {
		return false;
	}
	snprintf(label, sizeof label, "%s (form %s version %lld)", s->path,
	    form_id, (long long)version);
	*form = form_parse(label, source, len, &diags);
	form_diags_finish(&diags);
	free(source);
	return true;
}

static bool
export_csv(struct store *s, const char *form_id, FILE *out,
    struct error *err)
{
	char *only = NULL;
	struct form *form = NULL;
	bool ok = false;

	if (form_id == NULL && !only_form(s, &only, err)) {
		goto out;
	}
	if (form_id == NULL && only == NULL) {
		csv_row(out, fixed_columns, NFIXED);
		ok = true;
		goto out;
	}
	if (form_id == NULL) {
		form_id = only;
	}
	if (!stored_form(s, form_id, &form, err)) {
		goto out;
	}
	if (form == NULL) {
		struct form bare = {.id = (char *)form_id};

		ok = store_export_form(s, &bare, out, err);
	} else {
		ok = store_export_form(s, form, out, err);
	}
out:
	form_destroy(form);
	free(only);
	return ok;
}

static bool
export_json(struct store *s, const char *form_id, FILE *out,
    struct error *err)
{
	sqlite3_stmt *st = NULL;
	bool ok = false;
	int rc;

	if (!store_prepare(s, "SELECT line FROM records WHERE ?1 IS NULL OR "
	    "(type = 'submission' AND form_id = ?1) ORDER BY seq", &st,
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
		store_fail(s, rc, N_("the export was not written"), err);
		goto out;
	}
	ok = true;
out:
	sqlite3_finalize(st);
	return ok;
}

bool
store_export(struct store *s, enum store_format format,
    const char *form_id, FILE *out, struct error *err)
{
	bool ok;

	if (format == STORE_JSON) {
		ok = export_json(s, form_id, out, err);
	} else {
		ok = export_csv(s, form_id, out, err);
	}
	if (ok && (fflush(out) != 0 || ferror(out))) {
		return error_set(err, _("the export could not be written: %s"),
		    strerror(errno));
	}
	return ok;
}

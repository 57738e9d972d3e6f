/*
 * Exports for people and for other programs (see store.h).
 *
 * JSON is the frozen lines themselves, byte for byte, one per line: the
 * same bytes the collector receives, so a USB-stick export proves what the
 * chain proves.  CSV is for spreadsheets: one row per submission, one
 * column per question of the form's latest stored version, then columns
 * for any answer key older versions had and the latest has not (no answer
 * is ever left out of an export).  Both are written by
 * src/record/record_export.c, which the collector uses too; this file
 * says what the kiosk's rows are and where its forms come from.
 */
#include "store_impl.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "record_export.h"

/* The fixed columns, before one column per question. */
static const char *const fixed_columns[] = {
	"seq",
	"uuid",
	"created_at",
	"site",
	"mode",
	"status",
	"form",
	"version",
	"lang",
	"receipt",
};

static const struct record_csv kiosk_csv = {
	.fixed = fixed_columns,
	.nfixed = sizeof fixed_columns / sizeof fixed_columns[0],
	.rows_sql =
	    "SELECT seq, uuid, created_at,"
	    " json_extract(line, '$.site'), json_extract(line, '$.mode'),"
	    " json_extract(line, '$.payload.status'), form_id, form_version,"
	    " json_extract(line, '$.payload.lang'),"
	    " json_extract(line, '$.payload.receipt'), rowid"
	    " FROM records WHERE type = 'submission' AND form_id = ?1"
	    " AND " STORE_NOT_RETRACTED("records") " ORDER BY seq",
};

bool
store_export_form(
    struct store *s, const struct form *form, FILE *out, struct error *err)
{
	return record_export_csv(s->file, &kiosk_csv, form, form->id, out, err);
}

/* Reads back the latest stored text of form_id as a struct form.  True
 * with *form NULL when that text exists but this parvis cannot parse it
 * any more (a stricter parser, say): the export then takes its columns
 * from the answers alone rather than fail. */
static bool
stored_form(
    struct store *s, const char *form_id, struct form **form, struct error *err)
{
	struct form_diags diags = { 0 };
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
export_csv(struct store *s, const char *form_id, FILE *out, struct error *err)
{
	char *only = NULL;
	struct form *form = NULL;
	bool ok = false;

	if (form_id == NULL &&
	    !record_export_only_form(s->file, s->path, &only, err)) {
		goto out;
	}
	if (form_id == NULL && only == NULL) {
		csv_row(out, kiosk_csv.fixed, kiosk_csv.nfixed);
		ok = true;
		goto out;
	}
	if (form_id == NULL) {
		form_id = only;
	}
	if (stored_form(s, form_id, &form, err)) {
		ok = record_export_csv(
		    s->file, &kiosk_csv, form, form_id, out, err);
	}
out:
	form_destroy(form);
	free(only);
	return ok;
}

static bool
export_json(struct store *s, const char *form_id, FILE *out, struct error *err)
{
	return record_export_lines(s->file,
	    "SELECT line FROM records WHERE "
	    "(?1 IS NULL OR (type IN ('submission', 'testimony') AND "
	    "form_id = ?1)) AND " STORE_NOT_RETRACTED(
	        "records") " ORDER BY seq",
	    form_id, out, err);
}

bool
store_export(struct store *s, enum store_format format, const char *form_id,
    FILE *out, struct error *err)
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

/*
 * Exports (see export.h), written by src/record/record_export.c as the
 * kiosk's are, with the kiosk as the first column (the collector holds
 * many kiosks) and the columns taken from the latest *published* version
 * of the form: the collector has no other copy of it.  When that version
 * is missing or can no longer be parsed, the columns come from the
 * answers alone, so no answer is ever left out of an export.
 */
#include "export.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "csv.h"
#include "form.h"
#include "published.h"
#include "record_export.h"

static const char *const fixed_columns[] = {
	"kiosk",
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

static const struct record_csv collect_csv = {
	.fixed = fixed_columns,
	.nfixed = sizeof fixed_columns / sizeof fixed_columns[0],
	.rows_sql =
	    "SELECT kiosk, seq, uuid,"
	    " json_extract(line, '$.created_at'),"
	    " json_extract(line, '$.site'), json_extract(line, '$.mode'),"
	    " json_extract(line, '$.payload.status'), form_id, form_version,"
	    " json_extract(line, '$.payload.lang'),"
	    " json_extract(line, '$.payload.receipt'), id"
	    " FROM counted_records WHERE type = 'submission' AND form_id = ?1"
	    " ORDER BY kiosk, seq",
};

static bool
export_csv(struct db *d, const char *form_id, FILE *out, struct error *err)
{
	struct form *form = NULL;
	char *only = NULL;
	bool ok = false;

	if (form_id == NULL &&
	    !record_export_only_form(d->file, "the collector", &only, err)) {
		goto out;
	}
	fputs("\xEF\xBB\xBF", out); /* UTF-8 BOM, as the kiosk's CSV */
	if (form_id == NULL && only == NULL) {
		csv_row(out, collect_csv.fixed, collect_csv.nfixed);
		ok = true;
		goto out;
	}
	form_id = form_id != NULL ? form_id : only;
	form = published_latest(d, form_id);
	ok = record_export_csv(d->file, &collect_csv, form, form_id, out, err);
out:
	form_destroy(form);
	free(only);
	return ok;
}

static bool
export_json(struct db *d, const char *form_id, FILE *out, struct error *err)
{
	return record_export_lines(d->file,
	    "SELECT line FROM counted_records WHERE "
	    "?1 IS NULL OR (type IN ('submission', 'testimony') AND form_id = "
	    "?1) ORDER BY "
	    "kiosk, seq",
	    form_id, out, err);
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

/*
 * Exports of record lines, for the kiosk's store and the collector alike:
 * the lines themselves (JSON), and the CSV of one form's submissions.
 *
 * Both databases keep their records in a table
 *   records (rowid, type, form_id, line, ...)
 * whose line is the frozen record (record.h); what differs is a few fixed
 * columns (the collector adds the kiosk) and the order of the rows, which
 * each side gives in a struct record_csv.
 *
 * CSV: one row per submission, completed and abandoned, lines ending with
 * CRLF, cells written by src/core/csv.c (RFC 4180, no formula injection).
 * Columns: the fixed ones, then one per question of the form, in form
 * order, info screens left out, with a "QID.other" column after a
 * question that has other = yes; then a column for any answer key the
 * submissions use that the form has not (older versions of it), in order
 * of first use, so no answer is ever left out.  An unanswered or hidden
 * question is an empty cell; choices are joined with ";" in their order.
 */
#ifndef PARVIS_RECORD_RECORD_EXPORT_H
#define PARVIS_RECORD_RECORD_EXPORT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "error.h"
#include "form.h"
#include "sqlfile.h"

/* How one database lists the submissions of a form. */
struct record_csv {
	const char *const *fixed; /* the columns before the questions */
	size_t nfixed;
	/* ?1 is the form id: one row per submission, in export order, with
	 * the nfixed cells, then the rowid of its record. */
	const char *rows_sql;
};

/* Writes the CSV of the submissions to form_id: the header, then the
 * rows.  The question columns come from form, which may be NULL (its text
 * is lost or no longer parses): then from the answers alone.  False, with
 * a message, when the database cannot be read (the output may then hold
 * part of the export). */
bool record_export_csv(struct sqlfile *f, const struct record_csv *csv,
    const struct form *form, const char *form_id, FILE *out, struct error *err);

/* The one form id that has submissions, in *form_id (newly allocated, the
 * caller frees it), or NULL when there is none.  Refuses to guess between
 * several, naming them in a message that starts with holder (the database
 * file, "the collector"): a spreadsheet cannot hold two headers. */
bool record_export_only_form(
    struct sqlfile *f, const char *holder, char **form_id, struct error *err);

/* Writes the line of each row of sql, byte for byte, one per line ("\n").
 * ?1 of sql is bound to form_id unless it is NULL. */
bool record_export_lines(struct sqlfile *f, const char *sql,
    const char *form_id, FILE *out, struct error *err);

#endif

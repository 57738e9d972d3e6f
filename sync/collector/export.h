/*
 * Exports of everything collected, for people and for other programs.
 * JSON: the stored lines themselves, byte for byte, in (kiosk, seq) order.
 * CSV: one row per submission of one form, one column per question of its
 * latest published version (then any answer key only the data has), cells
 * written by src/core/csv.c (RFC 4180, no formula injection).
 */
#ifndef PARVIS_COLLECT_EXPORT_H
#define PARVIS_COLLECT_EXPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "db.h"
#include "error.h"

enum export_format {
	EXPORT_JSON,
	EXPORT_CSV,
};

/* Writes the export to out.  form_id NULL: every record (JSON) or the
 * one form that has submissions (CSV; refused, naming them, when there
 * are several).  Fails with a message on a write error too. */
bool export_write(struct db *d, enum export_format format, const char *form_id,
    FILE *out, struct error *err);

#endif
